"""How each kind of frame reads the parties of one trigger.

`read_sentence` (extract.py) finds the triggers; for each, it builds one frozen
`TriggerContext` and hands it to the reader of the trigger's frame: directed
frames (give, take, train, impose, criticise ...) look for a source and a
target, a base (`use_noun`) for a host and a user, joining for a state and the
alliance it joins, and symmetric frames for two or more participants. A reader
returns the parties or the reason it found none, which `pactwatch explain`
shows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from pactwatch.actors import load_actor_lexicon
from pactwatch.events.attributes import HAPPENINGS
from pactwatch.events.context import ArticleContext
from pactwatch.events.frames import Frame
from pactwatch.events.lexicon import (
    Cues,
    Trigger,
    load_equipment,
    load_triggers,
    one_word_nouns,
    partaking_verbs,
)
from pactwatch.events.reactions import (
    REACTION_TYPES,
    Nested,
    answered_clauses,
    conceded_verb,
    critic_codes,
    drawing_verb,
    parties_of,
    reacted_to,
    reaction_word,
)
from pactwatch.events.requirements import (
    accord_content,
    bases_in_content,
    current_edition,
    drill_nouns,
    forces_or_ships,
    help_in_making,
    is_drill,
    meeting_topic,
    speaks_of_war,
    travel_for_training,
)
from pactwatch.events.roles import (
    actors_under,
    basing_roles,
    directed_roles,
    first_of_joined_verbs,
    happening_words,
    pick_by_slot,
    pick_participants,
    slots_at_level,
)
from pactwatch.events.spans import ActorSpan, named_as_venue, state_codes
from pactwatch.events.syntax import (
    ATTACHED,
    EQUATING,
    Slot,
    Tree,
    across_a_border,
    clause_top,
    listed_subjects,
    names_a_time,
    object_governor,
    subject_of,
)
from pactwatch.models import Actor, Sentence


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What every event of one article carries, whatever its sentence."""

    article_id: str
    published: date | None
    version: str


@dataclass(frozen=True, slots=True)
class TriggerContext:
    """Everything known about one trigger in its sentence, read once and shared."""

    trigger: Trigger
    frame: Frame
    head: int
    tokens: tuple[int, ...]
    tree: Tree
    sentence: Sentence
    actors: list[ActorSpan]
    #: actor index -> its slot relative to the trigger chain
    slots: dict[int, Slot]
    #: the trigger, then the words governing it up to the top of its clause
    chain: list[int]
    #: the verb of speech or denial the clause is the content of, if any
    attribution: int | None
    cues: Cues
    equipment_found: list[tuple[int, int, str]]
    facts: ArticleFacts
    #: events of this sentence read before this trigger (reactions are read last)
    nested: tuple[Nested, ...] = ()


@dataclass(frozen=True, slots=True)
class Parties:
    """The actors of an event with their roles, and what the rule name should add."""

    actors: tuple[Actor, ...]
    rule_suffix: str = ""
    #: for a reaction: the head tokens of the events of its sentence it is about
    reacted_to: tuple[int, ...] = ()
    #: several events of one trigger: "signed agreements with Libya and Qatar" is one
    #: with each (the actors of each; `actors` is the first)
    separately: tuple[tuple[Actor, ...], ...] = ()
    #: parties added to a drill or meeting an earlier sentence reports under way:
    #: "participants will include ..." takes part in what is happening
    under_way: bool = False


Reading = Parties | str  # the parties, or why there are none
Reader = Callable[[TriggerContext, ArticleContext], Reading]


def read_parties(ctx: TriggerContext, memory: ArticleContext) -> Reading:
    """The parties of the trigger by its frame's reader."""
    if ctx.frame.name == "use_noun":
        reader: Reader = read_basing
    elif ctx.frame.name == "partake":
        reader = read_partaking
    elif ctx.frame.name == "join":
        reader = read_joining
    elif ctx.frame.directed:
        reader = read_directed
    else:
        reader = read_participants
    reading = reader(ctx, memory)
    if isinstance(reading, Parties) and ctx.trigger.type == "joint_exercise":
        return _without_framing_bodies(reading, ctx.cues)
    return reading


# --------------------------------------------------------------------------- directed


def _directed_parties(
    ctx: TriggerContext, memory: ArticleContext, sources: list[int], targets: list[int]
) -> Reading:
    actors = ctx.actors
    if ctx.trigger.type == "basing_access":
        # "kept a task force at the base to fly missions against Islamic State": an
        # armed group hosts no one's forces
        sources = [i for i in sources if actors[i].actor.kind != "armed_group"]
    travelled = _travellers_and_destination(ctx) if ctx.trigger.type == "training" else None
    if travelled is not None:
        # "technicians will travel to South Korea for courses", "cadets arrived in Turkey
        # for training": where they go trains them
        sources, targets = travelled
    elif ctx.trigger.type == "training" and _sent_for_training(ctx.tree, ctx.chain, ctx.cues):
        # "Algeria sent officers to Russia for training": Russia trains them
        sources, targets = targets, sources
    source_actors = [replace(actors[i].actor, role="source") for i in sources]
    suffix = ""
    if (
        not sources
        and targets
        and ctx.trigger.type == "arms_transfer"
        and all(
            actors[i].actor.kind != "organization" and i in ctx.slots and ctx.slots[i].level == 0
            for i in targets
        )
    ):
        # "the Ethiopian air force has received Wing Loong drones": the maker's state
        source_actors = _maker_of_equipment(ctx, {actors[i].actor.country for i in targets})
        suffix = "+equipment-maker" if source_actors else ""
    if not sources and ctx.trigger.type == "arms_transfer":
        # "Armenia and India signed a deal for Pinaka rocket launchers": of two states
        # signing together, the maker of the systems sells to the other
        makers, others = _maker_among_signatories(ctx)
        if makers:
            sources, targets = makers, others
            source_actors = [replace(actors[i].actor, role="source") for i in sources]
            suffix = "+equipment-maker"
    if (
        not sources
        and targets
        and ctx.trigger.type == "sanction"
        and memory.imposers
        # two named parties, as the pre-filter demands of every parsed sentence
        and len({span.actor.country for span in actors}) >= 2
    ):
        # "Seven more entities were also added to the list": by whoever added the first
        source_actors = [replace(a, role="source") for a in memory.imposers]
        suffix = "+earlier-imposer"
    if not source_actors or not targets:
        return (
            "no supplier/target pair: need one actor in "
            f"{'/'.join(ctx.frame.source[:4])} and one in {'/'.join(ctx.frame.target[:4])}"
        )
    source_codes = {s.country for s in source_actors}
    target_actors = [
        replace(actors[i].actor, role="target")
        for i in targets
        if actors[i].actor.country not in source_codes
    ]
    return Parties(tuple(source_actors + target_actors), suffix)


def read_directed(ctx: TriggerContext, memory: ArticleContext) -> Reading:
    """A source and a target by the frame's slots ("Iran sent drones to Russia")."""
    sources: list[int] = []
    targets: list[int] = []
    if ctx.frame.name != "judge":
        sources, targets = directed_roles(
            ctx.frame, ctx.tree, ctx.chain, ctx.attribution, ctx.actors, ctx.slots, ctx.cues
        )
    if ctx.trigger.type == "arms_transfer" and targets and not sources:
        # "the first six drones will be built in Turkey and delivered to Indonesia"
        sources = [i for i in _made_where_before(ctx) if i not in targets]
    if ctx.frame.name == "alarm" and sources and not targets:
        targets = [i for i in _antecedent_doers(ctx) if i not in sources]
    if ctx.frame.name in ("criticise", "criticise_noun") and sources and not targets:
        targets = [i for i in _envoy_addressed(ctx) if i not in sources]
    if ctx.frame.name in ("criticise", "criticise_noun") and sources and not targets:
        targets = [i for i in _forces_in_deed_before(ctx) if i not in sources]
    if ctx.frame.name == "impose_noun":
        headline = _headline_imposer(ctx)
        if headline is not None:
            sources, targets = headline
        # "Switzerland adopted the EU's sanctions against Russia": who adopts them
        # imposes them too
        adopters = _adopters(ctx, targets)
        sources = [*adopters, *(i for i in sources if i not in adopters)]
    if ctx.frame.name == "give_noun_training":
        # "instructors will train peacekeepers preparing to deploy in South Sudan"
        targets = [
            i
            for i in targets
            if not (
                (slot := ctx.slots.get(i)) is not None
                and slot.preposition == "in"
                and _place_of_another_deed(ctx, i)
            )
        ]
    if ctx.frame.name == "learn" and not sources and targets:
        sources = _travelled_to(ctx, targets)
    if ctx.frame.name in ("learn", "trained_in"):
        hosts = {ctx.actors[i].actor.country for i in sources}
        trainees = {
            ctx.actors[i].actor.country for i in pick_by_slot(ctx.frame.target, ctx.slots, set())
        }
        if hosts & trainees and len(trainees) > 1:
            # "troops from Zambia, Malawi and Angola have been training in Lusaka": the
            # place's own troops among them train together; no one trains the others
            return "forces of several states training at one's home train together, not by it"
    if ctx.frame.name == "give_noun_training" and ctx.tree.lemma(ctx.head) in ctx.cues.courses:
        placed = _trained_where(ctx)
        if placed is not None:
            sources, targets = placed
    if ctx.frame.name == "station":
        # "offered to send troops to an African Union mission": a body's mission is
        # where forces serve, not a land that hosts them
        sources = [i for i in sources if ctx.actors[i].actor.kind != "organization"]
        sources = sources or _granter(ctx, targets)
    if ctx.trigger.type in REACTION_TYPES:
        return _reaction_parties(ctx, memory, sources, targets)
    return _directed_parties(ctx, memory, sources, targets)


def _travelled_to(ctx: TriggerContext, learners: list[int]) -> list[int]:
    """ "Bolivian pilots will go to Brazil to learn to fly the Super Tucano": where the
    learners travel to learn is who teaches them."""
    tree = ctx.tree
    above = tree.head(ctx.head)
    if (
        above is None
        or tree.tokens[ctx.head].dep not in ("xcomp", "advcl")
        or not tree.has_to(ctx.head)
        or tree.lemma(above) not in ctx.cues.travelling
        # "went to London to learn about the war": a study visit, not a course
        or tree.prepositions(ctx.head, "about")
    ):
        return []
    return [i for i in _places_reached(ctx, above) if i not in learners]


def _places_reached(ctx: TriggerContext, verb: int) -> list[int]:
    """The states a verb of travelling goes to or arrives in ("travel to South Korea",
    "arrived in Turkey")."""
    tree = ctx.tree
    return actors_under(tree, tree.objects_of(verb, "to", "in"), ctx.actors)


def _made_where_before(ctx: TriggerContext) -> list[int]:
    """ "will be built in Turkey and delivered to the Indonesian Air Force": the state
    where arms are made, by the verb of making joined before the delivery, supplies
    them (not "built in Bandung", a place of the recipient's, which the caller drops)."""
    tree = ctx.tree
    first = tree.head(ctx.head)
    if (
        tree.tokens[ctx.head].dep != "conj"
        or first is None
        or tree.lemma(first) not in ctx.cues.making
    ):
        return []
    found = actors_under(tree, tree.objects_of(first, "in"), ctx.actors)
    return [i for i in found if ctx.actors[i].actor.kind == "state"]


def _granter(ctx: TriggerContext, users: list[int]) -> list[int]:
    """ "Mauritania will let Turkish warships refuel at Nouadhibou": whoever lets forces
    come hosts them, where the place named is no state's."""
    for level, node in enumerate(ctx.chain[1:], start=1):
        if ctx.tree.lemma(node) in ctx.cues.granting:
            return pick_by_slot(("nsubj", "nsubj~"), slots_at_level(ctx.slots, level), set(users))
    return []


#: what something is held on: "on the sidelines of", "on the margins of"
_BESIDE = frozenset({"sideline", "sidelines", "margin", "margins", "fringe", "fringes"})


def _setting_of_another(ctx: TriggerContext) -> bool:
    """ "on the margins of Exercise X", "on the sidelines of the drills": the happening
    named as where another one is held."""
    tree = ctx.tree
    noun = tree.phrase_top(ctx.head)  # "Exercise Coral Sentinel": the name's head
    of = tree.head(noun)
    if tree.tokens[noun].dep != "pobj" or of is None or tree.lemma(of) != "of":
        return False
    beside = tree.head(of)
    return beside is not None and tree.lemma(beside) in _BESIDE


def _adopters(ctx: TriggerContext, targets: list[int]) -> list[int]:
    """The subject of a verb adopting others' sanctions ("Switzerland adopted the EU's
    sanctions", "Norway aligned itself with the sanctions")."""
    tree = ctx.tree
    verb = object_governor(tree, ctx.head)  # "adopted the sanctions", "aligned with them"
    if verb is None or tree.lemma(verb) not in ctx.cues.adopting:
        return []
    return [i for i in actors_under(tree, subject_of(tree, verb), ctx.actors) if i not in targets]


def _headline_imposer(ctx: TriggerContext) -> tuple[list[int], list[int]] | None:
    """ "US sanctions Chinese, UAE firms over drone parts": a headline's verb the
    parser took for a noun, between the state that opens the line and the states
    named right after it (whatever the parser made of them)."""
    tokens = ctx.sentence.tokens
    by_first = {min(span.tokens): i for i, span in enumerate(ctx.actors)}
    by_last = {max(span.tokens): i for i, span in enumerate(ctx.actors)}
    first = by_last.get(ctx.head - 1)
    if first is None or min(ctx.actors[first].tokens) != 0:
        return None
    targets: list[int] = []
    position = ctx.head + 1
    while position < len(tokens):
        if position in by_first:
            index = by_first[position]
            targets.append(index)
            position = max(ctx.actors[index].tokens) + 1
        elif tokens[position].text in (",", "and") and targets:
            position += 1
        else:
            break
    return ([first], targets) if targets else None


def _trained_where(ctx: TriggerContext) -> tuple[list[int], list[int]] | None:
    """ "the training of Ukrainian pilots in Denmark", "Ghanaian cadets arrived in
    Turkey for training": where the training is held trains, and those "of" or "for"
    it (or who come "for" it) are trained."""
    tree, slots = ctx.tree, ctx.slots
    above = tree.head(ctx.head)
    for_purpose = above is not None and tree.lemma(above) == "for"
    places = [
        i
        for i in pick_by_slot(("prep:in", "*in"), slots_at_level(slots, 0), set())
        if not _place_of_another_deed(ctx, i)
    ]
    trainees = pick_by_slot(
        ("prep:of", "prep:of~", "prep:for", "prep:for~"), slots_at_level(slots, 0), set()
    )
    verb = ctx.chain[2] if len(ctx.chain) > 2 else None
    if (
        for_purpose
        and verb is not None
        # who arrives for training, not troops stationed or sent ("sent officers to
        # Russia for training" is read by the sending rule)
        and tree.lemma(verb) in ctx.cues.arriving
        and any(
            tree.lemma(p) in ctx.cues.personnel
            for s in subject_of(tree, verb)
            for p in [s, *tree.objects_of(s, "of")]  # "the first group of cadets"
        )
    ):
        # "cadets arrived in Turkey for training": the place and the comers hang on the verb
        upper = slots_at_level(slots, 2)
        places = places or pick_by_slot(("prep:in", "prep:to"), upper, set())
        trainees = trainees or pick_by_slot(
            ("nsubj", "nsubj~", "nsubjpass", "nsubjpass~", "dobj", "dobj~"), upper, set()
        )
    place_codes = {ctx.actors[i].actor.country for i in places}
    trainees = [i for i in trainees if ctx.actors[i].actor.country not in place_codes]
    if not places or not trainees:
        return None
    return places, trainees


def _place_of_another_deed(ctx: TriggerContext, place: int) -> bool:
    """ "training for peacekeepers preparing to deploy in South Sudan": a place the
    verb of its phrase is yet to go to (an infinitive) is not where the training is
    held (unlike "training held in Denmark", "troops stationed in Qatar")."""
    tree, cues = ctx.tree, ctx.cues
    verb = next(
        (
            t
            for t in tree.ancestors(ctx.actors[place].head)
            if t not in ctx.chain and tree.tokens[t].pos == "VERB"
        ),
        None,
    )
    return (
        verb is not None
        and verb not in tree.ancestors(ctx.head)
        and tree.lemma(verb) not in cues.taking_part | cues.holding
        and any(tree.tokens[a].tag == "TO" for a in tree.child_with(verb, frozenset({"aux"})))
    )


_JUDGED = frozenset({"dobj", "nsubjpass"})
_JUDGED_COPULA = _JUDGED | {"nsubj"}


def _drilling_states(ctx: TriggerContext) -> list[int]:
    """The states whose drill a judging verb's object names ("the exercise of the
    Norwegian navy", "Japan's drills"), or the subject of a judging copula ("said
    the Somali drills were a provocation")."""
    tree = ctx.tree
    verb = _reaction_word(ctx)
    copula = tree.lemma(verb) in EQUATING or ctx.frame.name == "harm"
    judged = _JUDGED_COPULA if copula else _JUDGED
    # a patrol is one state's conduct too ("the Chinese navy's patrols near the reef")
    conduct = drill_nouns() | one_word_nouns("joint_exercise", requires="joint")
    judged_nouns = tree.child_with(verb, judged)
    drills = [o for o in judged_nouns if tree.lemma(o) in conduct]
    # "said the deployment of Croatian jets near its border was a threat": whose forces
    # are deployed, not where to or near whom (nor troops in a war: "in occupied
    # territories")
    deployments = (
        frozenset()
        if speaks_of_war(ctx.sentence, ctx.cues)
        else one_word_nouns("basing_access", frame="station_noun")
    )
    owners = {t for o in judged_nouns if tree.lemma(o) in deployments for t in _own_words(tree, o)}
    owned = [i for i, span in enumerate(ctx.actors) if span.head in owners]
    drilling = [
        i
        for i in actors_under(tree, drills, ctx.actors)
        if not across_a_border(tree, ctx.actors[i].head)
    ]
    return [*drilling, *owned]


def _own_words(tree: Tree, noun: int) -> set[int]:
    """A noun's words and those of its "of" phrase, without the places and partners
    other prepositions add ("the deployment of Croatian jets near Serbia")."""
    words = tree.phrase(noun, ATTACHED)
    for thing in tree.objects_of(noun, "of"):
        words |= _own_words(tree, thing)
    return words


def _antecedent_doers(ctx: TriggerContext) -> list[int]:
    """ "A US warship sailed through the strait, which angered China": what alarms is
    the clause the relative "which" stands for, and its subject did it."""
    tree, verb = ctx.tree, ctx.chain[0]
    subjects = tree.child_with(verb, frozenset({"nsubj"}))
    if tree.tokens[verb].dep != "relcl" or not any(
        tree.lemma(s) in ("which", "that") for s in subjects
    ):
        return []
    clause = next((a for a in tree.ancestors(verb) if tree.tokens[a].pos in ("VERB", "AUX")), None)
    if clause is None:
        return []
    return actors_under(tree, subject_of(tree, clause), ctx.actors)


def _envoy_addressed(ctx: TriggerContext) -> list[int]:
    """ "sent a note verbale to the Venezuelan embassy expressing its deep concern at
    ...": concern a message carries is addressed to the state of the embassy or envoy
    it is sent to."""
    tree = ctx.tree
    for node in ctx.chain[1:4]:
        if tree.tokens[node].pos not in ("VERB", "AUX"):
            continue
        addressed = [
            o for o in tree.objects_of(node, "to") if tree.lemma(o) in ctx.cues.missions_abroad
        ]
        found = actors_under(tree, addressed, ctx.actors)
        if found:
            return found
    return []


def _forces_in_deed_before(ctx: TriggerContext) -> list[int]:
    """ "Tokyo lodged a protest after Russian and Chinese bombers flew near its
    airspace": the states whose forces, ships or aircraft do the deed a clause of
    "after" or "when" gives as what the reaction answers."""
    tree = ctx.tree
    subjects = [
        s
        for node in ctx.chain[: clause_top(tree, ctx.chain) + 1]
        for clause in answered_clauses(tree, node)
        for s in tree.child_with(clause, frozenset({"nsubj"}))
        if tree.lemma(s) in ctx.cues.forces | ctx.cues.drill_assets
        or ctx.cues.warships.search(tree.phrase_text(s))
        or load_equipment().find(tree.phrase_text(s))
    ]
    return actors_under(tree, subjects, ctx.actors)


_DOER_DEPS = frozenset({"nsubj", "agent"})


def _reaction_parties(
    ctx: TriggerContext, memory: ArticleContext, sources: list[int], targets: list[int]
) -> Reading:
    """A condemnation blames the parties of the event it is about, never its critic."""
    tree, actors = ctx.tree, ctx.actors
    if ctx.frame.name == "judge" and not _judged_by_someone(ctx):
        return "a judging word in the narrator's own words ('part of an aggressive push')"
    if ctx.frame.name == "judge" and _said_of_a_state(ctx):
        return "a threat said of a state ('the so-called China threat') judges no event"
    if ctx.frame.name == "judge" and _describes_no_event(ctx):
        return "describes a thing that is no event ('a conference on illegal fishing')"
    by_token = {t: span.actor.country for span in actors for t in span.tokens}
    critics = {actors[i].actor.country for i in sources}
    conceded = conceded_verb(tree, ctx.chain[0]) is not None
    drawn_by = drawing_verb(tree, ctx.chain[0])
    if drawn_by is not None or conceded:
        # the subject of "drew condemnation", or of "bought tanks despite criticism
        # from Russia", is what is condemned; "from" names the critic
        critics = set()
        sources, targets = [], []
    speakers = (
        critic_codes(tree, ctx.attribution, by_token)
        if ctx.frame.name in ("harm", "judge") and ctx.attribution is not None
        else set()
    )
    # "the drills undermined stability, Iran said": only the speaker judges; so in
    # "Beijing said Washington and Canberra were hyping up a threat", where the
    # subject of what is said is what is judged
    if ctx.frame.name == "harm" or (ctx.frame.name == "judge" and speakers):
        critics = speakers
        targets = []
    elif not critics:
        critics = critic_codes(tree, ctx.chain[0], by_token)
        if conceded and not critics:
            return "a deed done despite concerns that the text gives no one ('despite concerns')"
        if not critics and ctx.frame.name == "judge":
            critics = _judge_of(ctx, by_token)
    if ctx.frame.name == "harm" or not sources:
        sources = [i for i, span in enumerate(actors) if span.actor.country in critics]
        sources = list({actors[i].actor.country: i for i in sources}.values())
    if ctx.frame.name in ("alarm", "harm"):
        # "the drills alarmed Warsaw": what alarms is the subject (or the passive's agent)
        # "the supply encourages hardliners and undermines the peace process": the
        # second verb shares the first one's subject
        doer = first_of_joined_verbs(tree, ctx.chain[0])
        subject = {t for c in tree.child_with(doer, _DOER_DEPS) for t in tree.subtree(c)}
        about = [item for item in ctx.nested if item.head in subject]
    else:
        about = reacted_to(tree, _reaction_word(ctx), ctx.nested)
    heads = tuple(item.head for item in about)
    blamed = parties_of([item.event for item in about], critics)
    here = {span.actor.country for span in actors}
    if any(a.country in here for a in blamed):
        # "watching with concern the purchases of weapons by Serbia": the buyer this
        # sentence names, not sellers the purchase took from sentences before
        blamed = [a for a in blamed if a.country in here]
    if about and all(item.earlier for item in about):
        # "slammed the move, which comes amid talks with X": the move's parties only,
        # and of them only those the reaction names ("a protest against Japan's part")
        owners = {
            t
            for item in about
            for p in tree.child_with(item.head, frozenset({"poss"}))
            for t in tree.subtree(p)
        }
        named = {a.actor.country for a in actors if a.head in owners}
        if named and named <= {a.country for a in blamed}:
            blamed = [a for a in blamed if a.country in named]
        targets = _owners_apart(ctx, about, blamed, critics)
        if targets:
            blamed = []
    if ctx.frame.name in ("judge", "harm") and not about:
        # "called the annual exercise of the Norwegian navy provocative": one state's
        # drill judged is its military conduct
        blamed = [
            replace(actors[i].actor, role="target")
            for i in _drilling_states(ctx)
            if actors[i].actor.country not in critics
        ]
        if not blamed:
            return "judges nothing the sentence names as an event"
    if drawn_by is not None and not about:
        # "Turkey's intervention in Libya drew condemnation from the EU": whoever does
        # the deed of war that draws it is blamed
        blamed = [
            replace(actors[i].actor, role="target")
            for i in _doers_of_drawing_deed(ctx, drawn_by)
            if actors[i].actor.country not in critics
        ]
    if not sources:
        return "no critic named (subject, 'by ...' or possessor of the reaction)"
    if targets and tree.lemma(ctx.head) in ctx.cues.accusing:
        # "accused Tehran of supplying Russia with missiles": the accused, not whom
        # the deed it is accused of was done for
        blamed = []
    known = {actors[i].actor.country for i in targets}
    extra = [a for a in blamed if a.country not in known]
    parties = _directed_parties(ctx, memory, sources, [i for i in targets if i not in sources])
    if isinstance(parties, str):
        if not extra:
            return parties
        critic_actors = tuple(replace(actors[i].actor, role="source") for i in sources)
        return Parties(critic_actors + tuple(extra), "+reacted-to", heads)
    suffix = parties.rule_suffix + ("+reacted-to" if extra else "")
    return Parties(parties.actors + tuple(extra), suffix, heads)


#: the words before a noun that say whose it is or what kind ("the EU decision")
_MODIFIERS = frozenset({"compound", "amod", "nmod", "poss"})
#: the prepositions by which a drill's own phrase names its parties
_OWN_PARTY_PREPOSITIONS = ("between", "among", "by")


def _owners_apart(
    ctx: TriggerContext, about: Sequence[Nested], blamed: Sequence[Actor], critics: set[str]
) -> list[int]:
    """ "Moscow reacted angrily to the EU decision" after a drill of other states: the
    noun's own modifiers name whose deed it is, none of the remembered event's
    parties, so the reaction is to them, not to that event."""
    tree, actors = ctx.tree, ctx.actors
    modifiers = [m for item in about for m in tree.child_with(item.head, _MODIFIERS)]
    owners = [
        i for i in actors_under(tree, modifiers, actors) if actors[i].actor.country not in critics
    ]
    parties = {a.country for a in blamed}
    if owners and all(actors[i].actor.country not in parties for i in owners):
        return owners
    return []


def _doers_of_drawing_deed(ctx: TriggerContext, drawn_by: int) -> list[int]:
    """The actors owning or naming the deed of war that is the subject of "drew
    condemnation": "Turkey's intervention", "the Ethiopian offensive"."""
    tree = ctx.tree
    doers = [
        c
        for deed in tree.child_with(drawn_by, frozenset({"nsubj"}))
        if tree.lemma(deed) in ctx.cues.hostilities
        for c in tree.children[deed]
        if tree.tokens[c].dep in ("poss", "amod", "compound")
    ]
    return actors_under(tree, doers, ctx.actors)


def _describes_no_event(ctx: TriggerContext) -> bool:
    """ "talks on illegal fishing": a judging adjective on what a phrase is about
    judges that thing, which must be an event named here or a word for one ("concern
    over the illegal deal"; not "denounced the drills as a hostile act")."""
    tree = ctx.tree
    described = tree.head(ctx.head)
    if tree.tokens[ctx.head].dep != "amod" or described is None:
        return False
    preposition = tree.head(described)
    return (
        tree.tokens[described].dep == "pobj"
        and preposition is not None
        and tree.lemma(preposition) != "as"  # "denounced the drills as a hostile act"
        and described not in {item.head for item in ctx.nested}
        and tree.tokens[described].text.lower() not in ctx.cues.event_references
        and not is_drill(tree, described)
    )


def _said_of_a_state(ctx: TriggerContext) -> bool:
    """ "hyping up the so-called China threat": what others call a state, in quotes of
    doubt or as the noun's own modifier, is no judgement of the event at hand."""
    tree = ctx.tree
    modifiers = tree.child_with(ctx.head, frozenset({"amod", "compound", "nmod"}))
    if any(tree.tokens[m].text.lower() in ("so-called", "alleged", "supposed") for m in modifiers):
        return True
    return any(span.head in modifiers and span.actor.kind == "state" for span in ctx.actors)


def _judged_by_someone(ctx: TriggerContext) -> bool:
    """ "China called the drills provocative", "Iran said the pact was dangerous",
    "Russia denounced the aggressive drills": a verb of judging, saying or reacting
    above the word makes it someone's judgement."""
    if ctx.attribution is not None:
        return True
    verbs = ctx.cues.judging | ctx.cues.speech | _reacting_verbs()
    return any(ctx.tree.lemma(node) in verbs for node in ctx.chain[1:])


@functools.cache
def _reacting_verbs() -> frozenset[str]:
    """The first words of the verb triggers of reactions ("condemn", "slam", "warn")."""
    return frozenset(
        t.words[0] for t in load_triggers() if t.type in REACTION_TYPES and not t.is_noun
    )


def _reaction_word(ctx: TriggerContext) -> int:
    return reaction_word(ctx.tree, ctx.chain, judging=ctx.frame.name == "judge")


def _judge_of(ctx: TriggerContext, by_token: dict[int, str]) -> set[str]:
    """Who calls something dangerous: the subject of "called", or the speaker."""
    for below, node in zip(ctx.chain, ctx.chain[1:], strict=False):
        if ctx.tree.lemma(node) in EQUATING:
            continue  # "the deal was destabilising": its subject is what is judged
        if ctx.tree.tokens[below].dep == "appos":
            # "called Croatia's purchase a threat", the judgement parsed as the
            # purchase's apposition: the purchase is what is judged, not its judge
            continue
        codes = critic_codes(ctx.tree, node, by_token)
        if codes:
            return codes
    if ctx.attribution is not None:
        return critic_codes(ctx.tree, ctx.attribution, by_token)
    return set()


def read_basing(ctx: TriggerContext, memory: ArticleContext) -> Reading:
    """The host and the user of a base, port call or airfield."""
    roles = basing_roles(ctx.tree, ctx.chain, ctx.actors, ctx.slots, ctx.cues)
    sources, targets = roles or ([], [])
    return _directed_parties(ctx, memory, sources, targets)


def _sent_for_training(tree: Tree, chain: list[int], cues: Cues) -> bool:
    """ "sent army officers to Russia for training": people sent to be trained."""
    if len(chain) < 3 or tree.lemma(chain[1]) != "for" or tree.lemma(chain[2]) not in cues.sending:
        return False
    people = tree.child_with(chain[2], frozenset({"dobj", "dative"}))
    return any(tree.lemma(c) in cues.personnel for c in people)


def _travellers_and_destination(ctx: TriggerContext) -> tuple[list[int], list[int]] | None:
    """ "a first group of 30 Peruvian technicians will travel to South Korea for
    courses", "Ghanaian cadets arrived in Turkey for training": people going somewhere
    to be trained, and the state they go to, which trains them."""
    tree = ctx.tree
    verb = travel_for_training(tree, ctx.chain[0], ctx.cues)
    if verb is None:
        return None
    trainers = _places_reached(ctx, verb)
    trainees = [
        i for i in actors_under(tree, subject_of(tree, verb), ctx.actors) if i not in trainers
    ]
    if not trainers or not trainees:
        return None
    return trainers, trainees


# --------------------------------------------------------------------------- undirected


def _members_with_earlier(
    ctx: TriggerContext, memory: ArticleContext
) -> tuple[list[int], list[Actor]]:
    """The participants named for the trigger, and those of the same happening named
    shortly before ("The meeting was held in Oslo" after "a meeting of NATO chiefs")."""
    members = pick_participants(
        ctx.frame, ctx.tree, ctx.chain, ctx.attribution, ctx.actors, ctx.slots, ctx.trigger
    )
    earlier: list[Actor] = []
    remembered = memory.partial.get(ctx.trigger.type)
    if (
        remembered
        and (ctx.tree.definite(ctx.head) or _states_delegation(ctx))
        and ctx.sentence.index - remembered[0] <= _recall_span(ctx.tree, ctx.head)
        # as the pre-filter parses it: a named party, after the happening was named
        and any(span.via in ("lexicon", "group") for span in ctx.actors)
        # "Samoa took part in the exercise two years ago": another edition's party
        and not _beside_the_story(ctx)
    ):
        # "NATO's exercise began with a US ship ... Sweden joins the exercise":
        # the definite noun is the same happening, with the parties named before
        named = {ctx.actors[i].actor.country for i in members}
        # "the two countries", "both navies": a reference names the whole set itself
        complete = any(ctx.actors[i].via == "reference" for i in members)
        # "the first Russian-Myanmar naval exercise" with parties of its own
        # is another happening; a bare "the exercise" is the one just named
        # and a sentence naming two or more of its own adds the earlier ones
        # only when it says it adds ("Ghana and Togo also joined the exercise")
        if not complete and (
            (_bare(ctx.tree, ctx.head) and (len(named) < 2 or _adds_parties(ctx, named)))
            or (
                not _new_happening(ctx.tree, ctx.head, ctx.actors)
                and (len(named) < 2 or _adds_parties(ctx, named))
            )
            or (len(named) < 2 and _states_delegation(ctx))
        ):
            if ctx.trigger.type in HAPPENINGS:
                # "Brazil praised the exercise": no party added by a deed of no taking part,
                # nor by the speaker it stands for ("The Kremlin said it was looking at
                # the exercise")
                idle = [i for i in members if _subject_of_other_deed(ctx, i)]
                gone = {ctx.actors[i].actor.country for i in idle}
                members = [
                    i
                    for i in members
                    if i not in idle and (i in ctx.slots or ctx.actors[i].actor.country not in gone)
                ]
            # the remembered parties not named here; "the SOUTHCOM commander ... discussed
            # expanding the current exercise": idle here, still a party remembered
            kept = {ctx.actors[i].actor.country for i in members}
            earlier = [a for a in remembered[1] if a.country not in kept]
    elif (
        not remembered
        and ctx.trigger.type in HAPPENINGS
        and ctx.tree.definite(ctx.head)
        and _bare(ctx.tree, ctx.head)
        and any(tok.lemma in ctx.cues.adding for tok in ctx.sentence.tokens)
    ):
        # "Brazil opened a naval exercise on Monday. Ships from Chile and Peru joined
        # the exercise": the one state named with the drill (a sentence the
        # pre-filter leaves unparsed) is in it too
        named = {ctx.actors[i].actor.country for i in members}
        earlier = _host_of_happening(ctx, memory, named)
    return members, earlier


def read_participants(ctx: TriggerContext, memory: ArticleContext) -> Reading:
    """Two or more participants of a drill, meeting, agreement or programme."""
    if ctx.trigger.is_noun and any(
        ctx.tree.lemma(c) in ctx.cues.held_apart
        for c in ctx.tree.child_with(ctx.head, frozenset({"amod", "compound"}))
    ):
        return "held apart, not together ('rival exercises')"
    if ctx.trigger.is_noun and _of_earlier_edition(
        ctx.tree, ctx.head, ctx.cues, ctx.facts.published
    ):
        return "an earlier edition ('took part in previous editions of the exercise')"
    described = (
        ctx.tree.lemma(ctx.tree.tokens[ctx.head].head)
        if ctx.trigger.is_noun and ctx.tree.tokens[ctx.head].dep == "compound"
        else None
    )
    if described in ctx.cues.drill_roles:
        return "describes a person ('the exercise director'), names no party"
    if described in ctx.cues.drill_places:
        # "a Chinese research vessel operated north of the exercise area"
        return "describes a place ('the exercise area'), names no party"
    members, earlier = _members_with_earlier(ctx, memory)
    if ctx.trigger.type == "defense_industry" and ctx.frame.name == "symmetric":
        # "Venezuela developed drones with Iranian assistance": the helper makes them too
        helpers = actors_under(ctx.tree, help_in_making(ctx.tree, ctx.head, ctx.cues), ctx.actors)
        members += [i for i in helpers if i not in members]
    if ctx.trigger.type in HAPPENINGS:
        # "Eritrea and Sudan were invited to the meeting but did not attend"
        members = [i for i in members if not _stayed_away(ctx, i)]
    if ctx.trigger.type == "joint_exercise" and ctx.trigger.is_noun and _setting_of_another(ctx):
        # "the seminar, held on the margins of Exercise X, drew army chiefs from A, B
        # and C": who attends what is held beside the drill is not said to drill; only
        # parties in the drill's own phrase are its own (those met on the sidelines of
        # a meeting are at it)
        own = ctx.tree.subtree(ctx.tree.phrase_top(ctx.head))
        members = [i for i in members if ctx.actors[i].head in own]
    if ctx.trigger.type == "defense_agreement" and any(
        ctx.actors[i].actor.kind == "company" for i in members
    ):
        # "SAMI signed an agreement with Hanwha to produce howitzers in the kingdom"
        return "an accord a firm signs is a contract (industry or a sale), no accord of states"
    earlier_lists = _lists_of_an_earlier_edition(ctx)
    members = [i for i in members if ctx.actors[i].head not in earlier_lists]
    remembered_codes = {a.country for a in memory.partial.get(ctx.trigger.type, (0, []))[1]}
    if len({ctx.actors[i].actor.country for i in members}) < 2:
        members += _hosts_in_content(ctx, members)
    if not earlier and all(named_as_venue(ctx.tree, ctx.actors[i]) for i in members):
        discussed = _parties_of_drill_discussed(ctx)
        if discussed:
            members = discussed
    if ctx.trigger.type == "joint_exercise" and ctx.trigger.is_noun:
        # "officials from Chile attended talks on the joint Russian-Belarusian drills"
        members = _own_parties_when_discussed(ctx) or members
    examples = _with_examples(ctx)
    hub = [i for i in members if i not in examples]
    if examples and hub:
        return _each_example(ctx, hub, examples)
    codes = {ctx.actors[i].actor.country for i in members} | {a.country for a in earlier}
    if len(codes) < 2:
        _remember_partial(ctx, memory, [ctx.actors[i].actor for i in members])
        return "fewer than two distinct participants"
    members += _host_where_held(ctx, members)
    parties = tuple(replace(ctx.actors[i].actor, role="participant") for i in members)
    parties += tuple(replace(a, role="participant") for a in earlier)
    if (
        ctx.trigger.type in HAPPENINGS
        and is_candidate_reading(ctx.actors)
        and not (ctx.trigger.type in memory.partial and _beside_the_story(ctx))
    ):
        memory.partial[ctx.trigger.type] = (ctx.sentence.index, list(parties))
    memory.groups.append((ctx.sentence.index, sorted(codes)))
    separately = _one_with_each(ctx, members) if not earlier else ()
    if separately:
        return Parties(separately[0], "+one-with-each", separately=separately)
    if len(codes) > 2 and _noun_said(ctx, ("bilateral",)):
        # "They discussed the upcoming bilateral exercise", said of four states
        return "a bilateral happening with more than two states named, which two not said"
    if not earlier and _each_with_someone_unnamed(ctx, members):
        return "several happenings 'with' states, the other side unnamed ('dialogues with ...')"
    if not earlier:
        return Parties(parties)
    # "Ecuador will join the exercise next week", said of a drill already under way:
    # one drill, held, with one more party ("the exercise will end on Friday" of its
    # own parties keeps its own stage)
    under_way = not codes <= remembered_codes and memory.under_way_before(
        ctx.trigger.type, ctx.sentence.index
    )
    return Parties(parties, "+earlier-mention", under_way=under_way)


_SEPARATE_WORDS = frozenset({"separate", "separately", "respectively", "bilateral", "each"})
#: "with several countries, including ...", "with allies such as ...", "like ..."
_EXAMPLES = frozenset({"including", "as", "like"})


def _parties_of_drill_discussed(ctx: TriggerContext) -> list[int]:
    """ "talks on the joint Egyptian-Saudi naval drills took place in Alexandria": a
    meeting naming no parties of its own (a venue at most), about a drill whose own
    words name its states, is a meeting of those states."""
    if ctx.trigger.type != "defense_meeting" or not ctx.trigger.is_noun:
        return []
    drills = [t for t in meeting_topic(ctx.tree, ctx.head) if is_drill(ctx.tree, t)]
    return _modifier_parties(ctx, drills)


def _modifier_parties(ctx: TriggerContext, drills: Sequence[int]) -> list[int]:
    """The states the drills' own words name ("the joint Russian-Algerian exercise",
    "joint exercises between the armies of Vietnam and Laos"), when they name two or
    more."""
    tree = ctx.tree
    modifiers = [c for d in drills for c in tree.child_with(d, _MODIFIERS - {"poss"})]
    modifiers += [o for d in drills for p in _OWN_PARTY_PREPOSITIONS for o in tree.objects_of(d, p)]
    found = [
        i for i in actors_under(tree, modifiers, ctx.actors) if ctx.actors[i].actor.kind == "state"
    ]
    return found if len({ctx.actors[i].actor.country for i in found}) >= 2 else []


def _own_parties_when_discussed(ctx: TriggerContext) -> list[int]:
    """A drill that a meeting is about, naming its own states: only those take part
    (who attends the meeting need not)."""
    tree = ctx.tree
    above = ctx.tree.head(ctx.head)
    meeting = tree.head(above) if above is not None else None
    if (
        above is None
        or meeting is None
        or tree.tokens[above].dep != "prep"
        or tree.lemma(meeting) not in one_word_nouns("defense_meeting")
        or ctx.head not in meeting_topic(tree, meeting)
    ):
        return []
    return _modifier_parties(ctx, [ctx.head])


def _hosts_in_content(ctx: TriggerContext, members: list[int]) -> list[int]:
    """ "France signed a deal to extend its lease on a naval base in Djibouti": the
    state named where an accord's content puts a base is its other party, and so is
    the state whose forces it lets in ("a pact that allows Australian troops to use
    its bases")."""
    if ctx.trigger.type != "defense_agreement":
        return []
    tree = ctx.tree
    bases = bases_in_content(tree, ctx.head, ctx.cues)
    places = [o for b in bases for o in tree.objects_of(b, "in")]
    found = actors_under(tree, places, ctx.actors)
    if bases:
        content = accord_content(tree, ctx.head)
        found += [
            i
            for i, span in enumerate(ctx.actors)
            if span.head in content
            and tree.tokens[span.head].dep in ("amod", "poss", "compound")
            and tree.lemma(tree.tokens[span.head].head) in ctx.cues.forces
        ]
    return [i for i in found if i not in members and ctx.actors[i].actor.kind != "company"]


def _with_examples(ctx: TriggerContext) -> list[int]:
    """ "held drills with several countries, including Japan and India": states named as
    examples of those the subject deals with, each on its own."""
    tree = ctx.tree
    groups = [
        g
        for node in ctx.chain[: clause_top(tree, ctx.chain) + 1]
        for g in tree.objects_of(node, "with")
        if tree.tokens[g].text.lower() in ctx.cues.group_nouns
    ]
    named = [
        o
        for g in groups
        for p in tree.child_with(g, frozenset({"prep"}))
        if tree.tokens[p].text.lower() in _EXAMPLES
        for o in tree.child_with(p, frozenset({"pobj"}))
    ]
    return actors_under(tree, named, ctx.actors)


def _each_example(ctx: TriggerContext, hub: list[int], examples: list[int]) -> Reading:
    hub_codes = {ctx.actors[i].actor.country for i in hub}
    partners = [i for i in examples if ctx.actors[i].actor.country not in hub_codes]
    if not partners:
        return "fewer than two distinct participants"
    groups = _hub_with_each(ctx.actors, hub, partners)
    return Parties(groups[0], "+one-with-each", separately=groups)


def _hub_with_each(
    actors: list[ActorSpan], hub: list[int], partners: list[int]
) -> tuple[tuple[Actor, ...], ...]:
    """One event's parties per partner state: the hub's parties and that partner."""
    hub_actors = tuple(replace(actors[i].actor, role="participant") for i in hub)
    first: dict[str, Actor] = {}
    for i in partners:
        first.setdefault(actors[i].actor.country, actors[i].actor)
    return tuple((*hub_actors, replace(p, role="participant")) for p in first.values())


def _one_with_each(ctx: TriggerContext, members: list[int]) -> tuple[tuple[Actor, ...], ...]:
    """ "Ankara signed defence agreements with Libya and Qatar": a plural accord
    with a list of partners is one accord with each partner, not one among them
    all (a drill only where the sentence says so: "separate drills with ...")."""
    tree, actors = ctx.tree, ctx.actors
    separate = any(t.lemma in _SEPARATE_WORDS for t in ctx.sentence.tokens)
    partners = _with_partners(ctx, members)
    hub = [i for i in members if i not in partners]
    partner_codes = list(dict.fromkeys(actors[i].actor.country for i in partners))
    hub_codes = list(dict.fromkeys(actors[i].actor.country for i in hub))
    if (
        _held_apart_each(ctx)
        and len(partner_codes) == 1
        and len(hub_codes) >= 2
        and partner_codes[0] not in hub_codes
    ):
        # "Ghana, Togo and Benin will each hold a bilateral drill with the French navy",
        # "Uzbekistan and Turkmenistan have both held bilateral exercises with Russia"
        return _hub_with_each(actors, partners, hub)
    if len(partner_codes) >= 2 and len(_with_words(tree, partners, actors)) >= 2:
        # "drills with France in May and with Japan in July": "with" said again, one each
        separate = True
    elif tree.tokens[ctx.head].tag not in ("NNS", "NNPS"):
        return ()
    if (
        ctx.trigger.type == "joint_exercise"
        and not separate
        and not ctx.cues.habitual.search(ctx.sentence.text)
    ):
        # "Pakistan has held joint exercises with China, Turkey and Jordan in recent
        # years": drills held again and again with a list are one with each
        return ()
    if len(partner_codes) < 2 or not hub_codes or set(hub_codes) & set(partner_codes):
        return ()
    return _hub_with_each(actors, hub, partners)


def _with_words(tree: Tree, partners: list[int], actors: list[ActorSpan]) -> set[int]:
    """The "with" each partner hangs under: one word for a list, one each if repeated
    (not "along with" or "together with", which add to the same happening)."""
    found: set[int] = set()
    for i in partners:
        word = next((a for a in tree.ancestors(actors[i].head) if tree.lemma(a) == "with"), None)
        if word is not None and not any(
            tree.lemma(w) in ("along", "together")
            for w in (*tree.children[word], tree.head(word))
            if w is not None
        ):
            found.add(word)
    return found


def _held_apart_each(ctx: TriggerContext) -> bool:
    """ "a bilateral drill", "separate drills", "will each hold", "have both held": the
    happening's own noun or verb says each holds one (not "held a joint drill with
    France, each sending 200 troops", where "each" is another clause's)."""
    tree = ctx.tree
    on_noun = _noun_said(ctx, ("bilateral", "separate"))
    verbs = ctx.chain[1 : clause_top(tree, ctx.chain) + 1]
    on_verb = any(
        tree.lemma(m).lower() in _EACH_WORDS
        for v in verbs
        for m in tree.child_with(v, frozenset({"advmod", "npadvmod", "dep"}))
    )
    return on_noun or on_verb


#: words on the verb by which each subject holds its own: "will each hold", "both held"
_EACH_WORDS = frozenset({"each", "both", "separately", "respectively", "individually"})


def _noun_said(ctx: TriggerContext, adjectives: tuple[str, ...]) -> bool:
    """Whether the happening's noun itself is one of `adjectives` ("the bilateral
    exercise", "separate drills")."""
    return any(
        ctx.tree.lemma(m).lower() in adjectives
        for m in ctx.tree.child_with(ctx.head, frozenset({"amod"}))
    )


def _with_partners(ctx: TriggerContext, members: list[int]) -> list[int]:
    """The members named behind "with" ("accords with Libya and Qatar", "talks with the
    chiefs of the Bangladesh and Sri Lanka navies")."""
    return [
        i
        for i in members
        if ctx.slots.get(i)
        and (ctx.slots[i].preposition == "with" or ctx.slots[i].relation == "prep:with")
    ]


def _each_with_someone_unnamed(ctx: TriggerContext, members: list[int]) -> bool:
    """ "Defence dialogues were held with Chile, Peru and Brazil": plural talks or
    accords with a list of states are one with each, and who holds them is not
    named; the states listed did not meet one another (a drill may be one among them)."""
    head = ctx.tree.tokens[ctx.head]
    if ctx.trigger.type != "joint_exercise" and _with_said_again(ctx, members):
        # "the minister held talks with Serbia's defence minister, and with a delegation
        # from Korea": "with" said again, a meeting with each
        return True
    if (
        ctx.trigger.type == "joint_exercise"
        or head.tag not in ("NNS", "NNPS")
        or head.text.lower() in ctx.cues.negotiating  # "talks" are one happening
    ):
        return False
    partners = {ctx.actors[i].actor.country for i in _with_partners(ctx, members)}
    everyone = {ctx.actors[i].actor.country for i in members}
    return len(partners) >= 2 and partners == everyone


def _with_said_again(ctx: TriggerContext, members: list[int]) -> bool:
    """Whether every member is named behind a "with" and there are two of them or more
    ("with Chile's army chief and with Peru's navy commander")."""
    words = [_with_words(ctx.tree, [i], ctx.actors) for i in members]
    return all(words) and len(set().union(*words)) >= 2


def _without_framing_bodies(parties: Parties, cues: Cues) -> Parties:
    """ "the SADC exercise brought together troops from Zambia, Malawi and Angola",
    "EAC partner states": an organisation that fields no forces of its own frames a
    drill of its member states; with two states or more named, they are its parties.
    A military alliance (NATO, CSTO) holds drills as a body and stays."""

    def kept(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
        states = tuple(a for a in actors if not _body_without_forces(a, cues))
        return states if len({a.country for a in states}) >= 2 else actors

    return replace(
        parties,
        actors=kept(parties.actors),
        separately=tuple(kept(group) for group in parties.separately),
    )


def _body_without_forces(actor: Actor, cues: Cues) -> bool:
    """An organisation that is no military alliance (the EU, SADC, ASEAN; not NATO or
    the CSTO): no one joins it as an alliance, and it holds no drill as a body."""
    return actor.kind == "organization" and actor.country not in cues.military_organizations


def read_joining(ctx: TriggerContext, memory: ArticleContext) -> Reading:
    """A state joining a military alliance ("Finland joined NATO", "Sweden's accession")."""
    members, earlier = _members_with_earlier(ctx, memory)
    tree, cues, actors = ctx.tree, ctx.cues, ctx.actors
    codes = {actors[i].actor.country for i in members} | {a.country for a in earlier}
    if len(codes) < 2:
        _remember_partial(ctx, memory, [actors[i].actor for i in members])
        return "fewer than two distinct participants"
    if not any(actors[i].actor.country in cues.military_organizations for i in members):
        return "joining needs a military alliance (NATO, CSTO ...) to join"
    if (
        ctx.trigger.is_noun
        and not any(
            tree.lemma(n) in cues.joining for n in ctx.chain[1 : clause_top(tree, ctx.chain) + 1]
        )
        and tree.lemma(ctx.head) != "accession"
    ):
        return "membership described, not gained (no 'become', 'join' ...)"
    # "a member of NATO and the EU": only the alliance is joined
    members = [i for i in members if not _body_without_forces(actors[i].actor, cues)]
    parties = tuple(replace(actors[i].actor, role="participant") for i in members)
    parties += tuple(replace(a, role="participant") for a in earlier)
    return Parties(parties, "+earlier-mention" if earlier else "")


#: how many sentences back a drill or meeting, or the parties remembered for it, may
#: be named for "Mexico sent a patrol vessel" to take part in it: a page lists its
#: contingents over a paragraph or two, each sentence naming no happening of its own
_PARTAKING_SPAN = 6


def read_partaking(ctx: TriggerContext, memory: ArticleContext) -> Reading:
    """ "Cambodian troops also took part": more parties of the drill or meeting named
    shortly before, when the sentence names no happening of its own."""
    if not any(span.via in ("lexicon", "group") for span in ctx.actors):
        return "no party named by name as taking part"
    if _object_names_something(ctx):
        return "takes part in something the sentence names itself"
    if ctx.trigger.is_noun and _participants_of_another_thing(ctx):
        return "participants of something else ('held a festival with 5,000 participants')"
    if _joins_an_actor(ctx):
        return "joins a state or an organisation ('Serbia wants to join the EU'), no drill"
    if _only_invited(ctx):
        return "invited or asked to take part, not yet taking part"
    if _only_hoped(ctx):
        return "a hope that someone will take part ('hoped Nigeria would join'), no part yet"
    if _withdrew_instead(ctx):
        return "meant to take part but withdrew ('planned to send a ship but withdrew it')"
    if ctx.trigger.type == "joint_exercise" and _officials_joining(ctx):
        return "officials joining officials ('the chiefs were joined by ...') meet, not drill"
    if _civilians_taking_part(ctx):
        return "who takes part is civilians ('researchers from Chile joined the voyage')"
    if ctx.trigger.type == "defense_meeting" and (
        _forces_taking_part(ctx) or _taking_part_with_forces(ctx)
    ):
        return "troops, ships or aircraft take part in drills, not in meetings"
    if ctx.trigger.is_noun and bygone(ctx.tree, ctx.head, ctx.cues):
        return "participants of an earlier edition ('past participants have included ...')"
    if not ctx.trigger.is_noun and _took_part_before(
        ctx.tree, ctx.head, ctx.cues, ctx.facts.published
    ):
        return "took part in an earlier edition ('Qatar, which took part last year, ...')"
    members = pick_participants(
        ctx.frame, ctx.tree, ctx.chain, ctx.attribution, ctx.actors, ctx.slots, ctx.trigger
    )
    named = [ctx.actors[i].actor for i in members]
    if not named:
        return "no party named as taking part"
    codes = {a.country for a in named}
    parties = tuple(replace(a, role="participant") for a in named)
    if _hosts_a_named_drill(ctx):
        # "Pakistan is hosting Sea Lion-25 with ships from China and Turkey": a drill
        # of its own, whatever was named before
        return _taking_part_as(ctx, memory, parties, "")
    remembered = memory.partial.get(ctx.trigger.type)
    own = _names_same_kind(ctx)
    under_way = not own and memory.under_way_before(ctx.trigger.type, ctx.sentence.index)
    # "Speakers included ...": words of taking part only a meeting has find the meeting
    # named with a drill
    alone = not (
        ctx.trigger.type == "defense_meeting" and ctx.tree.lemma(ctx.head) in ctx.cues.meeting_roles
    )
    if not remembered or ctx.sentence.index - remembered[0] > _PARTAKING_SPAN:
        if ctx.trigger.requires == "officials_sent":
            # "Kazakhstan also sent a delegation" after an investment forum: sending
            # officials says nothing military of its own
            return "officials sent to no meeting whose parties were named just before"
        named_before = (
            memory.happening_before(ctx.trigger.type, ctx.sentence.index, _PARTAKING_SPAN, alone)
            or (
                # "After the symposium, the navies moved to the sea phase of the exercise.
                # Four ships are taking part": forces take part in the drill of the two
                # "The exercise was held near Lake Victoria. It involved troops from Kenya
                # and Uganda": troops make the drill named in no military sense a military one
                ctx.trigger.type == "joint_exercise"
                and _forces_taking_part(ctx)
                and memory.named_within(ctx.trigger.type, ctx.sentence.index, _PARTAKING_SPAN)
            )
            or (
                # "A planning conference was held in Arusha. Army chiefs of Kenya and Uganda
                # attended": military people make the meeting a military one
                ctx.trigger.type == "defense_meeting"
                and _military_people_taking_part(ctx)
                and memory.named_among(ctx.trigger.type, ctx.sentence.index, _PARTAKING_SPAN)
            )
        )
        # "... while the US and the Philippines took part in them": two parties of
        # their own in a drill this sentence names
        # "Participating nations include Peru and Chile" after "the naval exercise began"
        if len(codes) >= 2 and (own or named_before):
            host = [] if own else _host_of_happening(ctx, memory, codes, alone)
            # "... naval chiefs from the participating countries met": these parties
            suffix = "+host-named-before" if host else ""
            return _taking_part_as(ctx, memory, parties + tuple(host), suffix, under_way)
        if not own and named_before:
            host = _host_of_happening(ctx, memory, codes, alone)
            if host:
                # "A naval exercise opened off the Chilean coast. Peru sent a corvette":
                # the one state named with the drill is in it too
                return _taking_part_as(
                    ctx, memory, parties + tuple(host), "+host-named-before", under_way
                )
            # "The exercise began on Monday. Peru committed two frigates. Chile sent a
            # corvette": one party now, the next sentence's joins it
            memory.partial[ctx.trigger.type] = (ctx.sentence.index, list(named))
            return "one party so far of the drill or meeting named just before (remembered)"
        return "no drill or meeting named shortly before to take part in"
    if memory.other_kind_named(ctx.trigger.type, remembered[0], ctx.sentence.index) and not (
        # "ships from Nigeria will take part" after the drill's planning conference:
        # ships take part in no meeting
        ctx.trigger.type == "joint_exercise" and _forces_taking_part(ctx)
    ):
        return "a happening of another kind was named since the one remembered"
    # "the three navies will be joined by ships from Brunei": the reference names
    # the earlier parties itself, whatever drill was remembered last; "a planning
    # conference was held in Dili, attended by officers from A and B": a happening
    # of its own with parties of its own
    referred = any(ctx.actors[i].via == "reference" for i in members)
    if (len(codes) >= 2 and _attends_its_own(ctx)) or referred:
        return _taking_part_as(
            ctx, memory, parties, "+earlier-mention" if referred else "", under_way
        )
    parties += tuple(
        replace(a, role="participant") for a in remembered[1] if a.country not in codes
    )
    return _taking_part_as(ctx, memory, parties, "+earlier-mention", under_way)


def _taking_part_as(
    ctx: TriggerContext,
    memory: ArticleContext,
    parties: tuple[Actor, ...],
    suffix: str,
    under_way: bool = False,
) -> Reading:
    """The parties found taking part, remembered for the next sentence's contingents."""
    if len({a.country for a in parties}) < 2:
        return "fewer than two distinct participants"
    memory.partial[ctx.trigger.type] = (ctx.sentence.index, list(parties))
    memory.groups.append((ctx.sentence.index, sorted({a.country for a in parties})))
    return Parties(parties, suffix, under_way=under_way)


def _maker_among_signatories(ctx: TriggerContext) -> tuple[list[int], list[int]]:
    """Of exactly two states that together are the subject of the verb over the
    trigger, the one that makes the systems the sentence names (and the other)."""
    signatories = [
        i
        for i, slot in ctx.slots.items()
        if slot.relation == "nsubj" and slot.level >= 1 and ctx.actors[i].actor.kind == "state"
    ]
    codes = {ctx.actors[i].actor.country for i in signatories}
    makers = load_equipment().makers(ctx.sentence.text)
    if len(codes) != 2 or len(makers) != 1 or not makers <= codes:
        return [], []
    sources = [i for i in signatories if ctx.actors[i].actor.country in makers]
    return sources, [i for i in signatories if i not in sources]


def _maker_of_equipment(ctx: TriggerContext, recipients: set[str]) -> list[Actor]:
    """The one state that makes the systems the sentence names (equipment.yaml
    `origins`), when it is not the recipient itself."""
    makers = load_equipment().makers(ctx.sentence.text)
    if len(makers) != 1 or makers <= recipients:
        return []
    (code,) = makers
    entry = load_actor_lexicon().entries.get(code)
    if entry is None:
        return []
    return [Actor(role="source", country=code, text=entry.name, name=entry.name)]


def _host_where_held(ctx: TriggerContext, members: list[int]) -> list[int]:
    """ "The Cobra Gold exercise opened in Thailand with troops from the US, Japan and
    South Korea": the one state a drill opens or is held in, its guests named "with"
    it, hosts it and takes part (as "A naval exercise opened in Jordan. Taking part
    are Egypt and Greece" does across two sentences); so does the one it opens off."""
    tree = ctx.tree
    if ctx.trigger.type != "joint_exercise" or not ctx.trigger.is_noun or len(ctx.chain) < 2:
        return []
    verb = ctx.chain[1]
    if (
        tree.tokens[ctx.chain[0]].dep not in ("nsubj", "nsubjpass")
        or tree.lemma(verb) not in ctx.cues.taking_part
        or not any(ctx.slots[i].relation == "prep:with" for i in members if i in ctx.slots)
    ):
        return []
    codes = {ctx.actors[i].actor.country for i in members}
    # "opened off Bahrain", "off Mombasa": the state itself, not "off the coast of Libya"
    off = set(tree.objects_of(verb, "off"))
    places = [
        i
        for i in actors_under(tree, tree.objects_of(verb, "in"), ctx.actors)
        + [i for i, span in enumerate(ctx.actors) if span.head in off]
        if ctx.actors[i].actor.kind == "state" and ctx.actors[i].actor.country not in codes
    ]
    return places if len({ctx.actors[i].actor.country for i in places}) == 1 else []


def _host_of_happening(
    ctx: TriggerContext, memory: ArticleContext, named: set[str], alone: bool = True
) -> list[Actor]:
    """The one state named with the drill or meeting just before ("Argentina will host
    a naval exercise"), if the sentence does not name it already."""
    host = memory.sole_state_of_happening(
        ctx.trigger.type, ctx.sentence.index, state_codes(), alone
    )
    if host is None or host in named:
        return []
    name = load_actor_lexicon().entries[host].name
    return [Actor(role="participant", country=host, text=name, name=name)]


def _lists_of_an_earlier_edition(ctx: TriggerContext) -> set[int]:
    """ "Exercise Shared Accord, which last year involved Nigeria and Ghana, was held
    with Senegal": the words of a relative clause listing who took part at a time of
    its own that is over, which names an earlier edition's parties."""
    tree = ctx.tree
    return {
        t
        for clause in tree.child_with(tree.phrase_top(ctx.head), frozenset({"relcl", "acl"}))
        if tree.lemma(clause) in ctx.cues.listing
        and _took_part_before(tree, clause, ctx.cues, ctx.facts.published)
        for t in tree.subtree(clause)
    }


def bygone(tree: Tree, noun: int, cues: Cues) -> bool:
    """ "past participants", "last year's participants", "last year's exercise": a
    noun of an earlier edition or time."""
    return any(
        tree.lemma(t) in cues.bygone
        for c in tree.child_with(noun, frozenset({"amod", "poss", "compound"}))
        for t in tree.subtree(c)
    )


_AMOD = frozenset({"amod"})
#: what makes a stretch of time a part of the drill: "joined the final week"
_ORDINALS = frozenset({"first", "second", "third", "final", "last", "closing", "opening"})
#: adverbs that put a deed before the edition reported
_BEFORE_NOW = frozenset({"previously", "formerly", "once", "before"})
#: spans of time whose "ago" puts a deed in an earlier edition ("two years ago")
_YEARS = frozenset({"year", "decade"})


def _took_part_before(
    tree: Tree, verb: int, cues: Cues, published: date | None, happening: int | None = None
) -> bool:
    """ "took part last year", "had previously taken part", "joined in the past",
    "took part in 2023" in a page of 2025: a time of the verb's own that is over (not
    one that is part of the `happening`: "on the last day of the exercise")."""
    for child in tree.children[verb]:
        if happening is not None and happening in tree.subtree(child):
            continue
        dep = tree.tokens[child].dep
        if dep == "advmod" and tree.lemma(child) in _BEFORE_NOW:
            return True
        # "took part two years ago" (not "joined two days ago": this edition, maybe)
        if (
            dep == "advmod"
            and tree.lemma(child) == "ago"
            and any(
                tree.lemma(n) in _YEARS for n in tree.child_with(child, frozenset({"npadvmod"}))
            )
        ):
            return True
        if dep not in ("npadvmod", "prep"):
            continue
        if published is not None and _in_an_earlier_year(tree, child, published):
            return True
        # "last year", "in previous editions", "in the past"; not "in the last phase"
        for noun in tree.subtree(child):
            if tree.lemma(noun) == "past" and tree.tokens[noun].pos == "NOUN":
                return True
            if tree.lemma(noun) in cues.time_nouns | cues.editions and any(
                tree.lemma(m) in cues.bygone for m in tree.child_with(noun, _AMOD)
            ):
                return True
    if _in_editions(tree, verb, cues, happening):
        return True
    # "The exercise was last hosted by Guyana in 2021, when France sent a detachment"
    above = tree.head(verb)
    if (
        published is None
        or above is None
        or tree.tokens[verb].dep not in ("relcl", "advcl")
        or not any(tree.lemma(m) == "when" for m in tree.children[verb])
    ):
        return False
    return _a_year_before(tree.tokens[above].text, published) or any(
        _in_an_earlier_year(tree, p, published) for p in tree.child_with(above, frozenset({"prep"}))
    )


def _in_editions(tree: Tree, verb: int, cues: Cues, happening: int | None) -> bool:
    """ "which sent small teams in editions before their coups": editions, plural, that
    a state took part in are earlier ones (this one is one edition)."""
    return any(
        tree.lemma(n) in cues.editions
        and tree.tokens[n].tag == "NNS"
        and tree.tokens[n].dep == "pobj"
        and (happening is None or happening not in tree.subtree(n))
        for child in tree.child_with(verb, frozenset({"prep", "dobj"}))
        for n in tree.subtree(child)
    )


def _in_an_earlier_year(tree: Tree, preposition: int, published: date) -> bool:
    """ "in 2021" in a page of a later year."""
    return tree.lemma(preposition) == "in" and any(
        _a_year_before(tree.tokens[o].text, published)
        for o in tree.child_with(preposition, frozenset({"pobj"}))
    )


def _a_year_before(word: str, published: date) -> bool:
    return word.isdigit() and len(word) == 4 and int(word) < published.year


def _part_of_happening(tree: Tree, noun: int, cues: Cues) -> bool:
    """ "the sea phase", "the final stage of the exercise"; not "the final stage of
    the negotiations" or "last year's phase"."""
    if tree.lemma(noun) in _SERIES:
        # "in a series of serials covering boarding and evacuation"
        return any(_part_of_happening(tree, o, cues) for o in tree.objects_of(noun, "of"))
    return (
        tree.lemma(noun) in cues.happening_parts
        and not bygone(tree, noun, cues)
        and all(tree.lemma(o) in drill_nouns() for o in tree.objects_of(noun, "of"))
    )


#: nouns that count a happening's parts: "a series of serials"
_SERIES = frozenset({"series", "set", "number", "round"})
#: where a drill's forces are, named by no noun of a happening: "at sea", "in port"
_SETTINGS = frozenset({"sea", "port", "harbour", "harbor", "shore", "land", "air"})


def _beside_the_story(ctx: TriggerContext) -> bool:
    """ "a month after Chile held separate drills with Peru", "last year's exercise": a
    happening named beside the one already told of, which "the exercise" still means."""
    tree = ctx.tree
    modifiers = tree.child_with(ctx.head, frozenset({"amod", "poss", "compound"}))
    verb = tree.verb_over(ctx.head)
    return (
        bygone(tree, ctx.head, ctx.cues)
        or any(tree.lemma(c) in ctx.cues.beside_the_story for c in modifiers)
        or (verb is not None and _in_clause_of_time(tree, verb))
        # "Kyrgyz and Uzbek troops held a bilateral drill last year"
        or (
            verb is not None
            and _took_part_before(tree, verb, ctx.cues, ctx.facts.published, ctx.head)
        )
    )


#: what opens a clause that dates one happening by another: "held after Peru's drills"
_TIME_MARKS = frozenset({"after", "before", "since"})


def _in_clause_of_time(tree: Tree, verb: int) -> bool:
    """ "The exercise was held after Beijing staged drills near Taiwan": the drills
    date the exercise; the article is not about them."""
    return tree.tokens[verb].dep == "advcl" and any(
        tree.lemma(c) in _TIME_MARKS for c in tree.child_with(verb, frozenset({"mark"}))
    )


def _of_earlier_edition(tree: Tree, noun: int, cues: Cues, published: date | None) -> bool:
    """ "previous editions of the exercise", "last year's round of the talks", "the 2023
    edition of the exercise" in a page of 2025."""
    of = tree.head(noun)
    edition = tree.head(of) if of is not None and tree.lemma(of) == "of" else None
    if edition is None or tree.lemma(edition) not in cues.editions:
        return False
    return bygone(tree, edition, cues) or (
        published is not None
        and any(
            _a_year_before(tree.tokens[m].text, published)
            for m in tree.child_with(edition, frozenset({"amod", "compound", "nummod"}))
        )
    )


def _forces_taking_part(ctx: TriggerContext) -> bool:
    """ "About 800 Chinese personnel are taking part", "ships from Oman also joined",
    "participating navies: ...": who takes part is forces."""
    tree = ctx.tree
    takers = _takers(ctx) + _forces_beside(ctx)
    governor = tree.head(ctx.head)
    if governor is not None and tree.tokens[ctx.head].dep == "xcomp":
        # "a dozen ships ... were expected to take part": the subject of "expected"
        takers += listed_subjects(tree, governor)
    return any(
        _names_forces(ctx, s)
        # "the Royal Malaysian Navy's KD Lekiu": a service's own ship or unit
        or any(tree.lemma(o) in _SERVICES for o in tree.child_with(s, frozenset({"poss"})))
        for s in takers
    )


def _civilians_taking_part(ctx: TriggerContext) -> bool:
    """ "Researchers from Chile and Korea are expected to join", "students from Ghana
    took part": everyone the verb says takes part is of a civilian calling (the
    subject of "expected" when the verb is its complement)."""
    tree = ctx.tree
    takers = _takers(ctx)
    governor = tree.head(ctx.head)
    if not takers and governor is not None and tree.tokens[ctx.head].dep == "xcomp":
        takers = listed_subjects(tree, governor)
    return bool(takers) and all(tree.lemma(t) in ctx.cues.civilian_people for t in takers)


def _taking_part_with_forces(ctx: TriggerContext) -> bool:
    """ "Vanuatu took part with a single patrol boat": what one takes part with."""
    return any(_names_forces(ctx, o) for o in ctx.tree.objects_of(ctx.head, "with"))


def _names_forces(ctx: TriggerContext, word: int) -> bool:
    """Troops, units, ships, aircraft or an armed service by their noun, or a warship
    by its name ("INS Kavaratti")."""
    return ctx.tree.lemma(word) in _SERVICES or forces_or_ships(ctx.tree, word, ctx.cues)


def _forces_beside(ctx: TriggerContext) -> list[int]:
    """ "France is taking part alongside the regional forces, contributing a frigate":
    whom the verb takes part alongside, and what a clause on it contributes."""
    tree, verb = ctx.tree, ctx.head
    beside = [o for p in tree.prepositions(verb, "alongside") for o in tree.child_with(p, _POBJ)]
    sending = partaking_verbs("joint_exercise", requires="forces_sent")
    sent = [
        o
        for c in tree.child_with(verb, frozenset({"advcl", "xcomp", "conj"}))
        if tree.lemma(c) in sending
        for o in tree.child_with(c, frozenset({"dobj"}))
    ]
    return beside + sent


def _military_people_taking_part(ctx: TriggerContext) -> bool:
    """ "Army chiefs of Kenya and Uganda attended", "it was attended by defence
    ministers from ...": who takes part is military people, by their words."""
    tree, cues = ctx.tree, ctx.cues
    named = {t for span in ctx.actors for t in span.tokens}
    return any(
        tree.lemma(taker) in cues.military_personnel
        or cues.military.search(
            " ".join(tree.tokens[t].text for t in sorted(tree.subtree(taker)) if t not in named)
        )
        for taker in _takers(ctx)
    )


def _takers(ctx: TriggerContext) -> list[int]:
    """Who the verb of taking part says takes part: its subject, its "by" agent, what
    the drill involves ("it involved troops from ..."), or the noun a participle
    describes ("participating navies and coast guards: ...")."""
    tree = ctx.tree
    # "it involved troops from ...": what the drill involves takes part
    takers = tree.child_with(
        ctx.head, _INVOLVED if ctx.trigger.requires in _OBJECT_TAKES_PART else _TAKER
    )
    agents = tree.child_with(ctx.head, _AGENT)
    takers += [o for agent in agents for o in tree.child_with(agent, _POBJ)]
    described = tree.head(ctx.head)
    if tree.tokens[ctx.head].dep == "amod" and described is not None:
        takers.append(described)
    return [item for s in takers for item in tree.conjuncts(s)]


#: requirements whose verb's object is who takes part ("it involved troops", "is
#: directing forces from Chile")
_OBJECT_TAKES_PART = frozenset({"passive", "forces_commanded"})
_TAKER = frozenset({"nsubj"})
_INVOLVED = frozenset({"nsubj", "dobj"})
_AGENT = frozenset({"agent"})
_POBJ = frozenset({"pobj"})

#: armed services by their kind ("the participating navies")
_SERVICES = frozenset({"navy", "army", "guard", "coastguard", "military"})


def _hosts_a_named_drill(ctx: TriggerContext) -> bool:
    """Whether a host's verb has a name of its own for what it hosts besides the
    forces it hosts them with ("is hosting Sea Lion-25 with ships from China")."""
    tree = ctx.tree
    return ctx.trigger.requires == "forces_hosted" and any(
        tree.tokens[o].pos == "PROPN" and tree.lemma(o) not in ctx.cues.forces
        for o in tree.child_with(ctx.head, frozenset({"dobj"}))
    )


def _attends_its_own(ctx: TriggerContext) -> bool:
    """ "a planning conference was held in Doha, attended by officers from A and B":
    the participle describes the happening its own clause names (as subject or
    object)."""
    tree = ctx.tree
    governor = tree.head(ctx.head)
    if (
        governor is None
        or tree.tokens[ctx.head].dep not in ("acl", "advcl")
        # "..., while Sudan and Djibouti are taking part": a clause of its own adds to it
        or subject_of(tree, ctx.head)
    ):
        return False
    nouns = one_word_nouns(ctx.trigger.type)
    # "a conference was held in Doha, attended by ...", "Norway hosted the conference,
    # attended by ..."
    named = (governor, *subject_of(tree, governor), *tree.child_with(governor, frozenset({"dobj"})))
    return any(tree.lemma(w) in nouns for w in named)


def _names_same_kind(ctx: TriggerContext) -> bool:
    """Whether the sentence names a happening of the trigger's type by its noun ("the
    delegations" who arrive for a meeting are its guests, not a visit of their own)."""
    kind = ctx.trigger.type
    tokens = ctx.sentence.tokens
    guests = (
        set(listed_subjects(ctx.tree, ctx.head))
        if ctx.trigger.requires == "attendees_arrived"
        else set()
    )
    # "..., whose destroyer arrived after a port visit to Suva": a clause describing
    # another word, or one of its own subject, names other doings
    aside = {
        t
        for c in range(len(tokens))
        if (
            tokens[c].dep == "relcl"
            or (tokens[c].dep == "conj" and ctx.tree.child_with(c, frozenset({"nsubj"})))
        )
        and ctx.head not in ctx.tree.subtree(c)
        for t in ctx.tree.subtree(c)
    }
    return any(
        # every word of the noun, not its first: "joint" alone is no "joint commission"
        all(
            start + k < len(tokens)
            and word in (tokens[start + k].lemma, tokens[start + k].text.lower())
            for k, word in enumerate(t.words)
        )
        # "two patrol boats", "the exercise area": a modifier of another thing
        and tokens[start + len(t.words) - 1].dep != "compound"
        and start + len(t.words) - 1 not in guests | aside
        for start in range(len(tokens))
        for t in happening_nouns()
        if t.type == kind
    )


def _participants_of_another_thing(ctx: TriggerContext) -> bool:
    """ "the cultural centre held a festival with 5,000 participants": participants
    "with" whom a verb holds a thing that is no drill, meeting or word for one belong
    to that thing."""
    tree = ctx.tree
    preposition = tree.head(ctx.head)
    if preposition is None or tree.lemma(preposition) != "with":
        return False
    verb = tree.head(preposition)
    if verb is None or tree.tokens[verb].pos != "VERB":
        return False
    happenings = happening_words()
    held = [
        o
        for o in tree.child_with(verb, frozenset({"dobj", "nsubjpass"}))
        if not any(span.head == o for span in ctx.actors)
    ]
    # "paired Fijian personnel with contingents from Tonga": people paired with people
    people = ctx.cues.forces | ctx.cues.personnel
    return any(
        tree.lemma(o) not in happenings
        and tree.lemma(o) not in people
        and tree.tokens[o].text.lower() not in ctx.cues.event_references
        and not tree.is_pronoun(o)
        for o in held
    )


def _object_names_something(ctx: TriggerContext) -> bool:
    """ "took part in talks on trade", "joined the WTO": the verb's own object is
    what is joined (a happening named here is read by its own trigger)."""
    tree = ctx.tree
    # "France deployed a frigate", "It will involve troops from Kenya", "Fiji sent its
    # defence minister": what is sent or involved is no happening
    forces_named = ctx.trigger.requires in (
        "forces_sent",
        "officials_sent",
        "forces_hosted",
        "forces_commanded",
        "passive",
        "forces_drilled",
        "forces_paraded",
        "forces_completing",
        "forces_alongside",
    )
    deps = frozenset({"prep"} if forces_named else {"dobj", "prep"})
    objects = tree.child_with(ctx.head, deps)
    if ctx.trigger.requires == "forces_drilled" and any(
        is_drill(tree, o) or tree.lemma(o) in happening_words()
        for o in tree.child_with(ctx.head, frozenset({"dobj"}))
    ):
        return True  # "as Chinese and Russian bombers fly a joint patrol": one of their own
    if ctx.trigger.requires != "forces_sent" and tree.child_with(ctx.head, _PASSIVE_MARKS):
        # "the opening ceremony was attended by officials": what is attended is its
        # subject; not "units from Peru are involved", whose subject takes part
        objects += [
            s
            for s in tree.child_with(ctx.head, frozenset({"nsubjpass"}))
            if not any(span.head in tree.subtree(s) for span in ctx.actors)
        ]
    for obj in objects:
        if obj in ctx.tokens or any(span.head == obj for span in ctx.actors):
            continue  # "part" of "took part"; "Taking part are Peru and Chile"
        if tree.tokens[obj].dep == "dobj" and _part_of_happening(tree, obj, ctx.cues):
            continue  # "Kuwaiti patrol craft joined the mine countermeasures phase"
        if (
            tree.tokens[obj].dep == "dobj"
            and tree.lemma(obj) in ctx.cues.time_nouns
            and any(tree.lemma(m) in _ORDINALS for m in tree.child_with(obj, _AMOD))
        ):
            continue  # "a British patrol vessel joined the final week": of the drill
        if tree.lemma(obj) in ctx.cues.editions and tree.definite(obj):
            continue  # "The session was chaired by ...": the one named before
        if _names_the_drill_again(ctx, obj):
            continue  # "Canada joined the sail for the first time": the drill named before
        if tree.lemma(obj) == "in" and any(
            tree.lemma(o) == "addition" for o in tree.child_with(obj, frozenset({"pobj"}))
        ):
            continue  # "It will involve, in addition to Nigerien forces, units from ..."
        if tree.lemma(obj) in ("in", "at") and any(
            names_a_time(tree, o) or tree.lemma(o) in _SETTINGS
            for o in tree.child_with(obj, frozenset({"pobj"}))
        ):
            # "Sweden, in its second summer as a member, sent two corvettes", "at sea"
            continue
        if tree.lemma(obj) in ("in", "at") and any(
            current_edition(tree, o, ctx.cues)
            or _part_of_happening(tree, o, ctx.cues)
            or _names_the_drill_again(ctx, o)
            for o in tree.child_with(obj, frozenset({"pobj"}))
        ):
            # "are taking part in this year's edition", "... in the sea phase", "... in the
            # field training" of the drill named before
            continue
        if (
            ctx.trigger.type == "joint_exercise"
            and tree.tokens[obj].dep == "dobj"
            and forces_or_ships(tree, obj, ctx.cues)
            and any(span.head in tree.subtree(obj) for span in ctx.actors)
        ):
            continue  # "Indian fighters have joined Egyptian and American jets": partners
        if tree.lemma(obj) == "for" and any(
            is_drill(tree, o) and not tree.definite(o)
            for o in tree.child_with(obj, frozenset({"pobj"}))
        ):
            return True  # "deployed 5,000 troops for defensive manoeuvres": drills of its own
        if (
            ctx.trigger.requires in ("forces_drilled", "forces_paraded")
            and tree.lemma(obj) in ("in", "at", "on")
            and not any(is_drill(tree, o) for o in tree.child_with(obj, frozenset({"pobj"})))
        ):
            continue  # "troops ... trained in disaster response": a skill or a place
        if (
            ctx.trigger.frame == "partake_noun"
            and tree.lemma(obj) == "at"
            and all(tree.lemma(o) == "glance" for o in tree.child_with(obj, frozenset({"pobj"})))
        ):
            continue  # a box's heading "Contingents at a glance: ..."
        if tree.lemma(obj) in ("in", "at") or tree.tokens[obj].dep in ("dobj", "nsubjpass"):
            inside = tree.subtree(obj)
            pronoun_only = all(tree.is_pronoun(t) or tree.tokens[t].pos == "ADP" for t in inside)
            if not pronoun_only:
                return True
    return False


def _names_the_drill_again(ctx: TriggerContext, noun: int) -> bool:
    """A plain definite word for the drill reported ("the sail", "the field training")."""
    return (
        ctx.trigger.type == "joint_exercise"
        and ctx.tree.lemma(noun) in ctx.cues.drill_stand_ins
        and ctx.tree.definite(noun)
    )


_PASSIVE_MARKS = frozenset({"auxpass"})


def _joins_an_actor(ctx: TriggerContext) -> bool:
    """ "Sweden joins NATO": what "join" takes as its object is a member's place; and
    "..., joined by a New Zealand aircraft" hangs on whatever came before it."""
    tree = ctx.tree
    if tree.lemma(ctx.head) != "join":
        return False
    if (
        tree.tokens[ctx.head].tag == "VBN"
        and not tree.child_with(ctx.head, _PASSIVE_MARKS)
        # "the corvette Jacinto Candido, which ..., joined on Sunday": a past tense the
        # tagger took for a participle has a subject of its own
        and not tree.child_with(ctx.head, frozenset({"nsubj"}))
    ):
        return True
    objects = tree.child_with(ctx.head, frozenset({"dobj"}))
    return any(span.head in objects for span in ctx.actors)


def _officials_joining(ctx: TriggerContext) -> bool:
    """ "the army chiefs were joined by Azerbaijan's chief of staff", "the minister
    joined his counterparts": people of rank who join others meet them; the drill
    beside them is not theirs."""
    tree = ctx.tree
    if tree.lemma(ctx.head) != "join":
        return False
    people = tree.child_with(ctx.head, frozenset({"nsubj", "nsubjpass", "dobj"}))
    people += [o for a in tree.child_with(ctx.head, frozenset({"agent"})) for o in tree.children[a]]
    return any(tree.lemma(p) in ctx.cues.hosted_people for p in people)


def _only_invited(ctx: TriggerContext) -> bool:
    """ "with Panama invited to take part", "Chile was asked to join"."""
    governor = ctx.tree.head(ctx.head)
    return (
        governor is not None
        and ctx.tree.tokens[ctx.head].dep == "xcomp"
        and ctx.tree.lemma(governor) in _INVITING
    )


_INVITING = frozenset({"invite", "ask", "urge", "encourage", "press", "call"})


def _only_hoped(ctx: TriggerContext) -> bool:
    """ "Ghana hoped Nigeria would move from observer to full participant", "Chile
    wants Peru to join the drills": a taking part that a verb above only wishes for."""
    tree, top = ctx.tree, ctx.chain[-1]
    # the chain stops at its clause: "hoped [Ghana would join]"
    governor = tree.head(top) if tree.tokens[top].dep in ("ccomp", "xcomp") else None
    above = [*ctx.chain[1:], *([] if governor is None else [governor])]
    return any(tree.lemma(node) in _HOPING for node in above)


_HOPING = frozenset({"hope", "wish", "want", "aspire"})


def _names_by_noun(ctx: TriggerContext) -> bool:
    """A noun trigger, or a verb's word the parser put in a noun's place ("opened the
    Lake Shield drills" with "drills" tagged a verb)."""
    return ctx.trigger.is_noun or ctx.tree.tokens[ctx.head].dep in _NOUN_PLACES


_NOUN_PLACES = frozenset({"dobj", "pobj", "nsubj", "nsubjpass"})


def _remember_partial(ctx: TriggerContext, memory: ArticleContext, named: list[Actor]) -> None:
    """A drill or meeting named with one party may get the others in a later sentence."""
    if (
        named
        and _names_by_noun(ctx)
        and is_candidate_reading(ctx.actors)
        and not (ctx.trigger.type in memory.partial and _beside_the_story(ctx))
    ):
        memory.partial[ctx.trigger.type] = (ctx.sentence.index, named)


@functools.cache
def happening_nouns() -> tuple[Trigger, ...]:
    """The nouns that name a drill or meeting of their own ("exercise", "summit"; not
    "contingents", nor a drill's visitors' day, a part of the drill, nor "counterparts",
    people who meet)."""
    return tuple(
        t
        for t in load_triggers()
        if t.is_noun
        and t.type in HAPPENINGS
        and t.frame != "partake_noun"
        and t.requires not in ("drill_visitors", "official_counterpart")
    )


def is_candidate_reading(actors: Sequence[ActorSpan]) -> bool:
    """Whether the pre-filter parses this sentence too, so memory from it does not
    depend on parsing everything (two named parties, or one and an official or
    a reference)."""
    named = {span.actor.country for span in actors if span.via in ("lexicon", "group")}
    others = any(span.via in ("person", "reference") for span in actors)
    return len(named) >= 2 or (bool(named) and others)


def _subject_of_other_deed(ctx: TriggerContext, member: int) -> bool:
    """ "Brazil praised the exercise", "Buenos Aires remained committed to the spirit of
    the exercise": the subject of a verb above a drill or meeting already named that is
    no taking part in it (not "Brazil joined the exercise", "sent a frigate to it",
    nor "Brazilian marines landed on the beach during the exercise")."""
    slot = ctx.slots.get(member)
    if slot is None or slot.relation != "nsubj" or not 0 < slot.level < len(ctx.chain):
        return False
    tree, cues = ctx.tree, ctx.cues
    if tree.tokens[ctx.chain[slot.level]].pos not in ("VERB", "AUX"):
        return False
    deeds = cues.taking_part | cues.contributing | cues.holding | cues.joining_forces
    deeds |= cues.partaking | partaking_verbs(ctx.trigger.type)
    for verb in ctx.chain[1 : slot.level + 1]:
        # "hopes to join the exercise": a deed of taking part on the way up
        if not tree.verb_phrases(verb).isdisjoint(deeds):
            return False
    # "Brazilian marines landed": forces, ships or aircraft act in the drill
    doer = tree.phrase_top(ctx.actors[member].head)
    text = tree.phrase_text(doer, _CLAUSES)
    return not (
        any(tree.lemma(t) in cues.forces for t in tree.phrase(doer, _CLAUSES))
        or cues.warships.search(text)
        or load_equipment().find(text)
    )


_CLAUSES = frozenset({"relcl", "acl", "appos", "advcl"})


def _withdrew_instead(ctx: TriggerContext) -> bool:
    """ "Norway had planned to send a minehunter but withdrew it", "Fiji was to send a
    platoon but pulled out": a verb of staying away joined by "but" to the sending or
    to the plan above it."""
    tree = ctx.tree
    for verb in (ctx.head, *ctx.tree.ancestors(ctx.head)[:2]):
        contrasted = any(tree.lemma(c) == "but" for c in tree.child_with(verb, frozenset({"cc"})))
        for then in tree.child_with(verb, frozenset({"conj"})) if contrasted else []:
            if then < ctx.head:
                continue
            if tree.lemma(then) in ctx.cues.absent or (
                tree.lemma(then) == "pull"
                and any(tree.lemma(p) == "out" for p in tree.child_with(then, _PARTICLES))
            ):
                return True
    return False


_PARTICLES = frozenset({"prt", "prep", "advmod"})


def _stayed_away(ctx: TriggerContext, member: int) -> bool:
    """ "Eritrea and Sudan were invited to the meeting but did not attend", "... but
    declined": the subject of a verb above the happening, whose next verb says it
    stayed away."""
    slot = ctx.slots.get(member)
    if slot is None or not slot.relation.startswith("nsubj") or not 0 < slot.level < len(ctx.chain):
        return False
    tree, cues = ctx.tree, ctx.cues
    verb = ctx.chain[slot.level]
    joining = cues.partaking | cues.taking_part
    for then in tree.child_with(verb, frozenset({"conj"})):
        negated = any(tree.tokens[c].dep == "neg" for c in tree.children[then])
        lemma = tree.lemma(then)
        # "declined", "declined to take part" (not "declined to give its numbers")
        done = [tree.lemma(x) for x in tree.child_with(then, frozenset({"xcomp"}))]
        if lemma in cues.absent and all(d in joining for d in done):
            return True
        if negated and lemma in joining:
            return True
    return False


def _adds_parties(ctx: TriggerContext, named: set[str]) -> bool:
    """ "also", "too", "joined", "attended by": the sentence adds parties to the
    happening named before rather than listing all of its own."""
    return (
        any(tok.lemma in ctx.cues.adding for tok in ctx.sentence.tokens)
        or (len(named) <= 2 and any(tok.lemma in ctx.cues.partaking for tok in ctx.sentence.tokens))
        or _listed_by_the_same(ctx)
    )


def _listed_by_the_same(ctx: TriggerContext) -> bool:
    """ "Pontic Guard, co-hosted by Ukraine and the US, began. The two-week drill involves
    ships from Georgia, Romania and Canada": the definite drill, subject of a verb that
    lists who is in it, is the one just named, and those listed are in it besides."""
    tree = ctx.tree
    verb = tree.head(ctx.head)
    return (
        ctx.trigger.type == "joint_exercise"
        and tree.tokens[ctx.head].dep == "nsubj"
        and tree.definite(ctx.head)
        and verb is not None
        and tree.lemma(verb) in ctx.cues.listing
    )


def names_remembered(
    tree: Tree, head: int, event_type: str, memory: ArticleContext, index: int
) -> bool:
    """ "The coalition is led by Austria": a bare definite noun is the happening of its
    type named shortly before, whose military content that sentence already showed."""
    remembered = memory.partial.get(event_type)
    return (
        remembered is not None
        and index - remembered[0] <= _recall_span(tree, head)
        and tree.definite(head)
        and _bare(tree, head)
        and not tree.objects_of(head, "of")  # "the coalition of fishermen" is its own
    )


#: how many sentences back a definite noun finds its happening: "the exercise" is the
#: article's drill however far back it was named; "the naval exercise" only shortly after
_RECALL_MODIFIED, _RECALL_BARE = 3, 8


def _recall_span(tree: Tree, head: int) -> int:
    return _RECALL_BARE if _bare(tree, head) else _RECALL_MODIFIED


def _states_delegation(ctx: TriggerContext) -> bool:
    """ "Malawi's delegation was headed by a general": a state's delegation, after a
    meeting is named, is at that meeting."""
    return (
        ctx.frame.name == "visit_noun"
        and ctx.tree.lemma(ctx.head).lower() == "delegation"
        and any(
            span.head in ctx.tree.child_with(ctx.head, frozenset({"poss"}))
            and span.actor.kind == "state"
            for span in ctx.actors
        )
    )


def _bare(tree: Tree, head: int) -> bool:
    """ "the meeting", "the exercise": a definite noun with no modifier of its own."""
    return not tree.child_with(
        head, frozenset({"amod", "compound", "nmod", "nummod", "poss", "npadvmod"})
    )


_NEW_WORDS = frozenset(
    {"first", "second", "third", "next", "new", "another", "latest", "previous", "separate"}
)


def _new_happening(tree: Tree, head: int, actors: Sequence[ActorSpan]) -> bool:
    """ "the first Indian-Egyptian air exercise": an ordinal, "new", a party or a
    name ("the Sea Shield exercise") among the noun's modifiers introduces a
    happening of its own."""
    modifiers = tree.child_with(head, frozenset({"amod", "compound", "nmod", "nummod", "poss"}))
    inside = {t for m in modifiers for t in tree.subtree(m)}
    in_actors = {t for span in actors for t in span.tokens}
    return (
        any(tree.lemma(t) in _NEW_WORDS for t in inside)
        or any(span.head in inside for span in actors)
        or any(tree.tokens[t].pos == "PROPN" and t not in in_actors for t in inside)
    )
