"""Loading trigger words, stage/certainty cues and equipment from lexicons/*.yaml."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import yaml

from pactwatch.errors import LexiconError
from pactwatch.models import EventType, Stage

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"
STAGE_ORDER: tuple[Stage, ...] = ("requested", "offered", "planned", "agreed", "occurred")
_STAGES: dict[str, Stage] = {stage: stage for stage in STAGE_ORDER}
_TYPES: dict[str, EventType] = {name: name for name in get_args(EventType)}


@dataclass(frozen=True, slots=True)
class Trigger:
    """One trigger: a sequence of lemmas and how to read its arguments."""

    words: tuple[str, ...]
    type: EventType
    frame: str
    requires: str
    stage: Stage
    is_noun: bool

    @property
    def name(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True, slots=True)
class Cues:
    stage: dict[str, Stage]  # lemma -> stage
    announcing_modals: frozenset[str]
    speech: frozenset[str]
    denial: frozenset[str]
    denying_events: frozenset[str]  # "denied the deliveries", not "rejected the drills"
    hedges: frozenset[str]
    negation: frozenset[str]
    negotiating: frozenset[str]
    meeting_verbs: frozenset[str]
    building_up: frozenset[str]
    making: frozenset[str]
    industries: frozenset[str]
    refusing: frozenset[str]
    withdrawing: frozenset[str]
    blocking: frozenset[str]
    restricting: frozenset[str]
    military: re.Pattern[str]  # whole words that make a phrase military
    group_reference: re.Pattern[str]  # "the two countries"; group(1) the number word
    group_numbers: dict[str, int]
    single_references: dict[str, tuple[str, ...]]
    event_references: dict[str, tuple[str, ...]]  # "the pact" -> the types it may name
    participant_reference: re.Pattern[str]  # "the participating countries"
    members_reference: re.Pattern[str]  # "the ministers", "the signatories"
    group_pronoun: re.Pattern[str]  # "They agreed ..." opening a sentence (group 1)
    bygone: frozenset[str]
    helping: frozenset[str]
    aid_asked_for: frozenset[str]  # "asked Russia for military assistance"
    school_places: frozenset[str]  # "offered places at its academies"
    relief_goods: frozenset[str]  # "a transport carrying medicines": a relief mission
    preliminary: frozenset[str]
    not_materiel: frozenset[str]
    know_how: frozenset[str]
    money: frozenset[str]
    #: verbs of paying for a happening: their subject is no participant
    paying: frozenset[str]
    peace_missions: re.Pattern[str]  # "as part of the AU mission": forces sent help
    contributing: frozenset[str]
    winning: frozenset[str]
    awarding: frozenset[str]  # "awarded a contract to Elbit": the awarder buys
    quantities: frozenset[str]
    trainers: frozenset[str]  # "training with French instructors": who teaches
    sale_accords: frozenset[str]  # "a purchase agreement": an arms deal, not a defence accord
    industry_accords: frozenset[str]  # "a joint venture agreement": industry, not a defence accord
    operating: frozenset[str]
    establishing: frozenset[str]
    fighting: frozenset[str]
    insurgents: frozenset[str]
    summoning: frozenset[str]
    arms_exporters: frozenset[str]
    urged_to_stop: frozenset[str]
    urging: frozenset[str]
    causing: frozenset[str]  # "prompting Thailand to hold drills": the object acts
    touring: frozenset[str]  # "toured the naval base": a visit, not access
    training_missions: frozenset[str]  # "began a training mission": who trains
    dissuading: frozenset[str]
    instructing: frozenset[str]
    teaching: frozenset[str]
    group_nouns: frozenset[str]  # "countries", "allies": states named as a kind
    titles: frozenset[str]
    state_forms: frozenset[str]
    place_features: frozenset[str]
    made_in: frozenset[str]
    granting: frozenset[str]
    approval_objects: frozenset[str]
    civilian_bases: frozenset[str]
    trade_places: frozenset[str]
    hosted_guests: frozenset[str]  # people and gatherings
    hosted_people: frozenset[str]
    gathered_people: frozenset[str]  # hosted_people, and delegates or officers
    activity_sessions: frozenset[str]  # "a training session": no sitting of officials
    leased_sites: frozenset[str]  # "leased the air base to Russia": basing
    working_together: frozenset[str]  # "cooperate on the production of": jointly
    made_jointly: frozenset[str]  # "an agreement to jointly develop": industry, no sale
    made_here: frozenset[str]  # "to locally produce howitzers": industry, no sale
    upkeep: frozenset[str]  # "a contract for the overhaul of its jets": no sale
    built_places: frozenset[str]  # "build a wharf for the navy's boats": no equipment
    operations: frozenset[str]  # "the Turkish operation in Iraq": done there
    meeting_officials: frozenset[str]  # "the chiefs met" beside a drill just reported
    told_about: frozenset[str]  # "were briefed on the exercise": told, not taking part
    time_nouns: frozenset[str]  # "in its second summer": a time, not a happening
    origin_participles: frozenset[str]  # "personnel drawn from the Ghana Navy"
    personnel: frozenset[str]
    production_means: frozenset[str]
    civilian_learners: frozenset[str]
    civilian_people: frozenset[str]
    sending: frozenset[str]
    care_aid: frozenset[str]
    cooperation: frozenset[str]
    hitting: frozenset[str]
    military_organizations: frozenset[str]
    joining: frozenset[str]
    adding: frozenset[str]
    judging: frozenset[str]
    favoured_as: frozenset[str]
    military_personnel: frozenset[str]
    providing_with: frozenset[str]
    working_alongside: frozenset[str]
    addressing_counterparts: frozenset[str]
    in_its_time: frozenset[str]
    beside_it: frozenset[str]  # "on the sidelines of the drill"
    located: frozenset[str]  # "the base is located in ..."
    ship_visits: frozenset[str]  # "on a goodwill visit", "for maintenance"
    meeting_outcomes: frozenset[str]  # "met and agreed to ..."
    drill_roles: frozenset[str]  # "the exercise director"
    warships: re.Pattern[str]  # "frigate", "navy ship"
    own_missions: frozenset[str]
    #: phrases whose words trigger nothing ("visit, board, search and seizure")
    set_phrases: tuple[tuple[str, ...], ...]
    navy_ships: frozenset[str]
    leases: frozenset[str]
    course_givers: frozenset[str]  # "run a course for ..."
    intelligence_kinds: frozenset[str]  # "share surveillance data"
    renewals: frozenset[str]  # "extends Turkish base deal"
    accusing: frozenset[str]
    voicing: frozenset[str]
    weighing: frozenset[str]
    handed_over: frozenset[str]
    doing_the_drill: frozenset[str]
    met_needs: frozenset[str]
    under_way: re.Pattern[str]
    looking_ahead: re.Pattern[str]
    times_ahead: tuple[str, ...]
    expected_then: frozenset[str]
    travelling: frozenset[str]
    drill_places: frozenset[str]
    absent: frozenset[str]
    drill_parts: frozenset[str]
    #: gatherings of forces that are no joint drill ("the International Fleet Review")
    drill_lookalikes: re.Pattern[str]
    #: plain words naming again the drill reported ("joined the sail")
    drill_stand_ins: frozenset[str]
    accord_steps: frozenset[str]
    nearing: frozenset[str]
    firms: frozenset[str]
    holding: frozenset[str]
    receiving: frozenset[str]
    arriving: frozenset[str]
    others_of: frozenset[str]
    held_apart: frozenset[str]
    intensifiers: frozenset[str]
    meeting_topic_verbs: frozenset[str]
    beside_the_story: frozenset[str]
    own_things: frozenset[str]
    trainees: frozenset[str]
    help_given: frozenset[str]
    missions_abroad: frozenset[str]
    courses: frozenset[str]
    schools: frozenset[str]
    training_purposes: frozenset[str]
    meeting_purposes: frozenset[str]
    violating: frozenset[str]
    signing: frozenset[str]
    agreements: frozenset[str]
    accord_contents: frozenset[str]
    accord_documents: frozenset[str]
    arrangements: frozenset[str]
    meeting_moments: frozenset[str]
    drill_assets: frozenset[str]
    #: where forces go when they pass a drill rather than join it ("sailed close to")
    passing_by: frozenset[str]
    training_partners: frozenset[str]
    #: what "training" names a kind of ("a training ship"), not an act of training
    training_kinds: frozenset[str]
    #: vessels, whose visits are port calls rather than meetings
    vessels: frozenset[str]
    #: what a drill comes in ("previous editions of the exercise")
    editions: frozenset[str]
    current_edition: frozenset[str]  # "this year's edition"
    happening_parts: frozenset[str]  # "the sea phase"
    drill_ceremonies: frozenset[str]  # "lined up for the opening ceremony"
    drill_rosters: frozenset[str]  # "... complete the contingent"
    planning_meeting: re.Pattern[str]  # "the planning conference for exercise ..."
    habitual: re.Pattern[str]  # "has held exercises with ... in recent years"
    staying_away: frozenset[str]
    taking_part: frozenset[str]
    listing: frozenset[str]
    partaking: frozenset[str]
    joining_forces: frozenset[str]
    shares: frozenset[str]  # "most of them from Chile": a share of the subject
    onlookers: frozenset[str]
    portfolio_holders: frozenset[str]
    watching_units: frozenset[str]
    forces: frozenset[str]
    bearing_costs: frozenset[str]  # "covered the cost of the drill"
    costs: frozenset[str]
    keeping_presence: frozenset[str]  # "extended its military presence in ..."
    authoring: frozenset[str]  # "the sale, which Washington approved": its author
    held_passive: frozenset[str]  # "the drills, which were held between X and Y"
    partaking_relative: frozenset[str]  # "the exercise, in which Japan took part"
    meeting_roles: frozenset[str]  # "speakers included ...": taking part in meetings only
    envoys: frozenset[str]  # "a delegation", "its Undersecretary": who a state sends to a meeting
    materiel_in_general: frozenset[str]  # "donated equipment to the Somali army"
    armed_services: frozenset[str]  # "army", "navy": who receives it is a force
    adopting: frozenset[str]  # "Switzerland adopted the EU's sanctions"
    helping_trades: frozenset[str]  # "a military medical team": forces that help by their trade
    force_groups: frozenset[str]  # "a team of ...": a group that is forces when its members are
    military_trades: frozenset[str]  # "military engineers": forces with a military word
    beyond_parties: frozenset[str]
    dividing_lines: frozenset[str]  # "its border with Kosovo": where, not who
    undergoing: frozenset[str]
    hostilities: frozenset[str]
    ways_of_working: frozenset[str]  # "develop joint operations": no product


@dataclass(frozen=True, slots=True)
class Equipment:
    terms: tuple[str, ...]
    pattern: re.Pattern[str]  # terms, case-insensitive, whole words
    designations: re.Pattern[str]  # model names, case-sensitive
    #: (pattern of a system's names, the code of the state that makes it)
    origins: tuple[tuple[re.Pattern[str], str], ...] = ()

    def makers(self, text: str) -> set[str]:
        """The states whose systems the text names ("Wing Loong drones": CHN)."""
        return {code for pattern, code in self.origins if pattern.search(text)}

    def find(self, text: str) -> list[tuple[int, int, str]]:
        found = [(m.start(), m.end(), m.group()) for m in self.designations.finditer(text)]
        found += [(m.start(), m.end(), m.group()) for m in self.pattern.finditer(text)]
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        kept: list[tuple[int, int, str]] = []
        for item in found:
            if kept and item[0] < kept[-1][1]:
                continue
            kept.append(item)
        return kept


def _load_yaml(name: str) -> Any:
    path = LEXICONS / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read lexicon: {exc}") from exc


@functools.cache
def load_triggers() -> tuple[Trigger, ...]:
    data = _load_yaml("triggers.yaml")
    triggers: list[Trigger] = []
    for type_name, spec in data.items():
        event_type = _TYPES.get(type_name)
        if event_type is None:
            raise LexiconError(f"triggers.yaml: unknown event type {type_name!r}")
        requires = spec.get("requires", "none")
        stage = _STAGES.get(spec.get("stage", "occurred"))
        if stage is None:
            raise LexiconError(
                f"triggers.yaml: {type_name}: unknown stage {spec.get('stage')!r}; "
                f"use one of {', '.join(STAGE_ORDER)}"
            )
        for key, words in spec.items():
            if key in ("requires", "stage"):
                continue
            # "give+military": this list needs its own context requirement
            key, _, own_requirement = key.partition("+")
            is_noun = key.endswith("_noun")
            frame = key
            for phrase in words:
                triggers.append(
                    Trigger(
                        # "co-produce" is three tokens to the parser (co - produce),
                        # and so are "2+2" and "visitors' day"
                        words=_trigger_words(str(phrase)),
                        type=event_type,
                        frame=frame,
                        requires=own_requirement or requires,
                        stage=stage,
                        is_noun=is_noun,
                    )
                )
    return tuple(triggers)


def _trigger_words(phrase: str) -> tuple[str, ...]:
    """A trigger phrase as the parser's tokens: "co - produce", "2 + 2", "visitor 's day",
    "visitors ' day"."""
    spaced = phrase.lower().replace("-", " - ").replace("+", " + ")
    spaced = re.sub(r"'s\b", " 's", spaced)
    spaced = re.sub(r"s'(\s|$)", r"s '\1", spaced)
    return tuple(spaced.split())


@functools.cache
def partaking_verbs(event_type: str, requires: str | None = None) -> frozenset[str]:
    """The verbs of taking part in a happening of a type ("take part", "attend"),
    optionally only those of one requirement ("none": needing nothing around them)."""
    return frozenset(
        t.name
        for t in load_triggers()
        if t.type == event_type and t.frame == "partake" and requires in (None, t.requires)
    )


@functools.cache
def one_word_nouns(
    event_type: str, frame: str | None = None, requires: str | None = None
) -> frozenset[str]:
    """The noun triggers of one word for a type ("exercise", "drill"; "base"),
    optionally of one frame or requirement."""
    return frozenset(
        t.words[0]
        for t in load_triggers()
        if t.type == event_type
        and t.is_noun
        and len(t.words) == 1
        and frame in (None, t.frame)
        and requires in (None, t.requires)
    )


@functools.cache
def load_cues() -> Cues:
    data = _load_yaml("cues.yaml")
    stage: dict[str, Stage] = {}
    for name in STAGE_ORDER:
        for lemma in data["stage"].get(name, []):
            stage.setdefault(str(lemma).lower(), name)
    return Cues(
        stage=stage,
        announcing_modals=frozenset(data["announcing_modals"]),
        speech=frozenset(data["speech"]),
        denial=frozenset(data["denial"]),
        denying_events=frozenset(data["denying_events"]),
        hedges=frozenset(data["hedges"]),
        negation=frozenset(data["negation"]),
        negotiating=frozenset(data["negotiating"]),
        meeting_verbs=frozenset(data["meeting_verbs"]),
        building_up=frozenset(data["building_up"]),
        making=frozenset(data["making"]),
        industries=frozenset(data["industries"]),
        refusing=frozenset(data["refusing"]),
        withdrawing=frozenset(data["withdrawing"]),
        blocking=frozenset(data["blocking"]),
        restricting=frozenset(data["restricting"]),
        military=_words_pattern(data["military_context"]),
        group_reference=_group_pattern(
            data["group_numbers"], data["group_nouns"], data["group_qualifiers"]
        ),
        group_numbers={str(k): int(v) for k, v in data["group_numbers"].items()},
        single_references={k: tuple(v) for k, v in data["single_references"].items()},
        event_references={str(k): tuple(v) for k, v in data["event_references"].items()},
        participant_reference=_definite_pattern(data["participant_references"]),
        members_reference=_definite_pattern(data["group_members"]),
        group_pronoun=re.compile(
            rf"^\W*({'|'.join(map(re.escape, data['group_pronouns']))})(?![\w-])", re.IGNORECASE
        ),
        bygone=frozenset(data["bygone"]),
        helping=frozenset(data["helping"]),
        relief_goods=frozenset(data["relief_goods"]),
        school_places=frozenset(data["school_places"]),
        aid_asked_for=frozenset(data["aid_asked_for"]),
        preliminary=frozenset(data["preliminary"]),
        not_materiel=frozenset(data["not_materiel"]),
        know_how=frozenset(data["know_how"]),
        money=frozenset(data["money"]),
        paying=frozenset(data["paying"]),
        peace_missions=_words_pattern(data["peace_missions"]),
        contributing=frozenset(data["contributing"]),
        winning=frozenset(data["winning"]),
        awarding=frozenset(data["awarding"]),
        quantities=frozenset(data["quantities"]),
        sale_accords=frozenset(data["sale_accords"]),
        industry_accords=frozenset(data["industry_accords"]),
        trainers=frozenset(data["trainers"]),
        operating=frozenset(data["operating"]),
        establishing=frozenset(data["establishing"]),
        fighting=frozenset(data["fighting"]),
        insurgents=frozenset(data["insurgents"]),
        summoning=frozenset(data["summoning"]),
        arms_exporters=frozenset(data["arms_exporters"]),
        urged_to_stop=frozenset(data["urged_to_stop"]),
        urging=frozenset(data["urging"]),
        causing=frozenset(data["causing"]),
        touring=frozenset(data["touring"]),
        training_missions=frozenset(data["training_missions"]),
        dissuading=frozenset(data["dissuading"]),
        instructing=frozenset(data["instructing"]),
        teaching=frozenset(data["teaching"]),
        group_nouns=frozenset(str(n).lower() for n in data["group_nouns"]),
        titles=frozenset(data["titles"]),
        place_features=frozenset(data["place_features"]),
        state_forms=frozenset(data["state_forms"]),
        made_in=frozenset(data["made_in"]),
        granting=frozenset(data["granting"]),
        approval_objects=frozenset(data["approval_objects"]),
        civilian_bases=frozenset(data["civilian_bases"]),
        trade_places=frozenset(data["trade_places"]),
        hosted_guests=frozenset(data["hosted_guests"]) | frozenset(data["hosted_people"]),
        hosted_people=frozenset(data["hosted_people"]),
        gathered_people=frozenset(data["hosted_people"]) | frozenset(data["gathered_people"]),
        activity_sessions=frozenset(data["activity_sessions"]),
        leased_sites=frozenset(data["leased_sites"]),
        working_together=frozenset(data["working_together"]),
        made_jointly=frozenset(data["made_jointly"]),
        made_here=frozenset(data["made_here"]),
        upkeep=frozenset(data["upkeep"]),
        built_places=frozenset(data["built_places"]),
        operations=frozenset(data["operations"]),
        meeting_officials=frozenset(data["meeting_officials"]),
        told_about=frozenset(data["told_about"]),
        time_nouns=frozenset(data["time_nouns"]),
        origin_participles=frozenset(data["origin_participles"]),
        personnel=frozenset(data["personnel"]),
        production_means=frozenset(data["production_means"]),
        civilian_learners=frozenset(data["civilian_learners"]),
        civilian_people=frozenset(data["civilian_people"]),
        sending=frozenset(data["sending"]),
        care_aid=frozenset(data["care_aid"]),
        cooperation=frozenset(data["cooperation"]),
        hitting=frozenset(data["hitting"]),
        military_organizations=frozenset(data["military_organizations"]),
        joining=frozenset(data["joining"]),
        adding=frozenset(data["adding"]),
        judging=frozenset(data["judging"]),
        favoured_as=frozenset(data["favoured_as"]),
        military_personnel=frozenset(data["military_personnel"]),
        providing_with=frozenset(data["providing_with"]),
        working_alongside=frozenset(data["working_alongside"]),
        addressing_counterparts=frozenset(data["addressing_counterparts"]),
        in_its_time=frozenset(data["in_its_time"]),
        beside_it=frozenset(data["beside_it"]),
        located=frozenset(data["located"]),
        ship_visits=frozenset(data["ship_visits"]),
        meeting_outcomes=frozenset(data["meeting_outcomes"]),
        drill_roles=frozenset(data["drill_roles"]),
        warships=_words_pattern(data["warships"]),
        own_missions=frozenset(data["own_missions"]),
        set_phrases=tuple(tuple(p.lower().split()) for p in data["set_phrases"]),
        navy_ships=frozenset(data["navy_ships"]),
        leases=frozenset(data["leases"]),
        course_givers=frozenset(data["course_givers"]),
        intelligence_kinds=frozenset(data["intelligence_kinds"]),
        renewals=frozenset(data["renewals"]),
        accusing=frozenset(data["accusing"]),
        voicing=frozenset(data["voicing"]),
        weighing=frozenset(data["weighing"]),
        handed_over=frozenset(data["handed_over"]),
        doing_the_drill=frozenset(data["doing_the_drill"]),
        met_needs=frozenset(data["met_needs"]),
        under_way=_words_pattern(data["under_way"]),
        looking_ahead=_words_pattern(data["looking_ahead"]),
        times_ahead=tuple(data["times_ahead"]),
        expected_then=frozenset(data["expected_then"]),
        travelling=frozenset(data["travelling"]),
        drill_places=frozenset(data["drill_places"]),
        absent=frozenset(data["absent"]),
        drill_parts=frozenset(data["drill_parts"]),
        drill_stand_ins=frozenset(data["drill_stand_ins"]),
        drill_lookalikes=_words_pattern(data["drill_lookalikes"]),
        accord_steps=frozenset(data["accord_steps"]),
        nearing=frozenset(data["nearing"]),
        firms=frozenset(data["firms"]),
        holding=frozenset(data["holding"]),
        receiving=frozenset(data["receiving"]),
        arriving=frozenset(data["arriving"]),
        others_of=frozenset(data["others_of"]),
        held_apart=frozenset(data["held_apart"]),
        intensifiers=frozenset(data["intensifiers"]),
        meeting_topic_verbs=frozenset(data["meeting_topic_verbs"]),
        beside_the_story=frozenset(data["beside_the_story"]),
        own_things=frozenset(data["own_things"]),
        trainees=frozenset(data["trainees"]),
        help_given=frozenset(data["help_given"]),
        missions_abroad=frozenset(data["missions_abroad"]),
        courses=frozenset(data["courses"]),
        schools=frozenset(data["schools"]),
        training_purposes=frozenset(data["training_purposes"]),
        meeting_purposes=frozenset(data["meeting_purposes"]),
        violating=frozenset(data["violating"]),
        signing=frozenset(data["signing"]),
        agreements=frozenset(data["agreements"]),
        accord_contents=frozenset(data["accord_contents"]),
        accord_documents=frozenset(data["accord_documents"]),
        arrangements=frozenset(data["arrangements"]),
        meeting_moments=frozenset(data["meeting_moments"]),
        drill_assets=frozenset(data["drill_assets"]),
        passing_by=frozenset(data["passing_by"]),
        training_partners=frozenset(data["training_partners"]),
        training_kinds=frozenset(data["training_kinds"]),
        vessels=frozenset(data["vessels"]),
        editions=frozenset(data["editions"]),
        current_edition=frozenset(data["current_edition"]),
        happening_parts=frozenset(data["happening_parts"]),
        drill_ceremonies=frozenset(data["drill_ceremonies"]),
        drill_rosters=frozenset(data["drill_rosters"]),
        planning_meeting=_words_pattern(data["planning_meetings"]),
        habitual=_words_pattern(data["habitual"]),
        staying_away=frozenset(data["staying_away"]),
        taking_part=frozenset(data["taking_part"]),
        listing=frozenset(data["listing"]),
        partaking=frozenset(data["partaking"]),
        joining_forces=frozenset(data["joining_forces"]),
        shares=frozenset(data["shares"]),
        onlookers=frozenset(data["onlookers"]),
        portfolio_holders=frozenset(data["portfolio_holders"]),
        watching_units=frozenset(data["watching_units"]),
        forces=frozenset(data["forces"]),
        bearing_costs=frozenset(data["bearing_costs"]),
        costs=frozenset(data["costs"]),
        keeping_presence=frozenset(data["keeping_presence"]),
        authoring=frozenset(data["authoring"]),
        held_passive=frozenset(data["held_passive"]),
        partaking_relative=frozenset(data["partaking_relative"]),
        meeting_roles=frozenset(data["meeting_roles"]),
        envoys=frozenset(data["envoys"]),
        materiel_in_general=frozenset(data["materiel_in_general"]),
        armed_services=frozenset(data["armed_services"]),
        adopting=frozenset(data["adopting"]),
        helping_trades=frozenset(data["helping_trades"]),
        force_groups=frozenset(data["force_groups"]),
        military_trades=frozenset(data["military_trades"]),
        beyond_parties=frozenset(data["beyond_parties"]),
        dividing_lines=frozenset(data["dividing_lines"]),
        undergoing=frozenset(data["undergoing"]),
        hostilities=frozenset(data["hostilities"]),
        ways_of_working=frozenset(data["ways_of_working"]),
    )


def _group_pattern(
    numbers: dict[str, int], nouns: list[str], qualifiers: list[str]
) -> re.Pattern[str]:
    counted = "|".join(re.escape(str(n)) for n in numbers if n not in ("pair", "duo"))
    plural = "|".join(re.escape(str(n)) for n in sorted(nouns, key=len, reverse=True))
    between = "|".join(re.escape(str(q)) for q in qualifiers)
    return re.compile(
        rf"\b(?:(?:the|all|both)\s+)?({counted})\s+(?:(?:{between})\s+)?(?:{plural})\b"
        rf"|\bthe\s+(pair|duo)\b",
        re.IGNORECASE,
    )


def _definite_pattern(phrases: list[str]) -> re.Pattern[str]:
    """ "the participating countries", "their defence chiefs", not "participating
    countries include ..." (a list of its own)."""
    alternation = "|".join(re.escape(str(p)) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"\b(?:all\s+)?(?:the|their)\s+(?:{alternation})(?![\w-])", re.IGNORECASE)


def _words_pattern(words: list[str]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(str(w)) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?:s|es)?(?![\w-])", re.IGNORECASE)


@functools.cache
def load_equipment() -> Equipment:
    data = _load_yaml("equipment.yaml")
    terms = tuple(sorted({str(t) for t in data["terms"]}, key=len, reverse=True))
    alternation = "|".join(re.escape(t) for t in terms)
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?:s|es)?(?![\w-])", re.IGNORECASE)
    designations = re.compile("|".join(f"(?:{p})" for p in data["designations"]))
    origins = tuple(
        (re.compile(rf"(?<![\w-])(?:{'|'.join(names)})(?![\w-])"), str(code))
        for code, names in (data.get("origins") or {}).items()
    )
    return Equipment(terms=terms, pattern=pattern, designations=designations, origins=origins)
