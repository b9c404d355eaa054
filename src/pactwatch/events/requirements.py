"""The context a trigger needs before it can name an event.

Many trigger words are about defence only in context ("deal", "cooperate",
"produce"), so triggers.yaml marks what each one `requires`. The checks live
here, apart from role assignment, because they decide whether a trigger is read
at all, and each failure must say what was missing for `pactwatch explain`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from pactwatch.events.lexicon import Cues, Trigger, load_cues, load_equipment, one_word_nouns
from pactwatch.events.roles import (
    RELATIVE_PRONOUNS,
    actors_under,
    as_onlookers,
    course_subject_takers,
)
from pactwatch.events.spans import ActorSpan, named_as_venue, state_codes, tokens_covering
from pactwatch.events.syntax import (
    ATTACHED,
    Tree,
    authoring_relative,
    listed_subjects,
    names_approval,
    object_governor,
    subject_of,
)
from pactwatch.models import Sentence


def _military_context(text: str, cues: Cues) -> bool:
    return bool(cues.military.search(text)) or bool(load_equipment().find(text))


_CLAUSAL = frozenset({"advcl", "ccomp", "relcl", "parataxis", "conj", "xcomp", "csubj"})
_PARTY_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "agent", "dative"})
# "talks with", "a meeting between", "a visit by ... to ...", "a delegation from"
_PARTY_PREPOSITIONS = frozenset({"with", "between", "by", "from", "to", "under"})


def _local_words(
    tree: Tree, head: int, trigger_tokens: tuple[int, ...], cues: Cues, *, parties: bool
) -> list[int]:
    """The words that describe the trigger itself, not the clauses around it.

    With `parties`, also the phrases naming who takes part: the subject and
    object of the trigger or its verb, and "with ..." ("a military delegation
    visited", "met the defence minister"), but not what they talked about.
    """
    top = tree.phrase_top(head)
    # what is helped, supported or agreed on counts: "help boost air defences"
    words = set(trigger_tokens) | tree.phrase(top, _CLAUSAL - {"xcomp", "conj"})
    for word in sorted(words):
        # and its purpose: "helped Lima refit its frigates to fire new missiles"
        for child in tree.children[word]:
            if tree.tokens[child].dep == "advcl" and tree.has_to(child):
                words |= tree.phrase(child, _CLAUSAL - {"xcomp", "conj"})
    # "signed a treaty to establish a fighter programme": the purpose of signing it
    words |= _signing_purpose(tree, top)
    words |= _content_of(tree, top)
    first = tree.head(top)
    if tree.tokens[top].dep == "conj" and first is not None:
        # "the delivery and local production of 180 tanks": "of" is shared by both
        for child in tree.child_with(first, frozenset({"prep"})):
            if tree.lemma(child) == "of" and child > top:
                words |= tree.subtree(child)
    governed = clause_under_agreement(tree, top)
    if governed is not None:
        # "Under the agreement, Turkish forces will be deployed to Qatar": what
        # the clause says is done under it is the accord's content
        words |= tree.phrase(governed, _CLAUSAL - {"xcomp", "conj"})
    if not parties:
        return sorted(words)
    # "met in Athens to discuss defence cooperation"; "attended a conference to prepare
    # the drills", the purpose of the verb whose object the meeting noun is
    holders = [top]
    if tree.tokens[top].dep == "dobj" and (holding := tree.head(top)) is not None:
        holders.append(holding)
    purposes = {
        t
        for holder in holders
        for c in tree.child_with(holder, frozenset({"advcl", "xcomp"}))
        if tree.lemma(c) in cues.meeting_purposes and tree.has_to(c)
        for t in tree.subtree(c)
    }
    purposes |= _meeting_outcome(tree, top, cues)
    # "the conference, which was hosted by the Swedish Navy", "the talks, in which
    # defence officials took part": who holds the meeting or takes part in it (not "the
    # Conclave, which includes India": who belongs to a body)
    described = {
        t
        for c in tree.child_with(top, frozenset({"relcl"}))
        if tree.tokens[top].pos in ("NOUN", "PROPN")
        and (tree.lemma(c) in cues.taking_part or authoring_relative(tree, c))
        for t in tree.subtree(c)
    }
    words = (
        set(trigger_tokens)
        | purposes
        | described
        # "military staff talks", "defence policy dialogue": modifiers with their own
        | {t for c in tree.child_with(top, _MODIFIER_DEPS) for t in tree.subtree(c)}
    )
    anchors = [top]
    governing = tree.head(top)
    if tree.tokens[top].pos not in ("VERB", "AUX") and governing is not None:
        anchors.append(governing)
        beyond = tree.head(governing)
        if tree.tokens[governing].dep == "prep" and beyond is not None:
            anchors.append(beyond)  # "defence chiefs gathered in Lima for talks"
            # "army chiefs signed a memorandum at the end of a meeting": from the
            # moment of the meeting up through the phrase to the verb whose subject meets
            while (
                tree.lemma(anchors[2]).lower() in cues.meeting_moments
                and tree.tokens[beyond].pos not in ("VERB", "AUX")
                and tree.tokens[beyond].dep in ("pobj", "prep", "dobj")
                and (above := tree.head(beyond)) is not None
                and len(anchors) < 8
            ):
                beyond = above
                anchors.append(beyond)
    climbed = top
    if (
        tree.tokens[top].dep == "dobj"
        and (holding := tree.head(top)) is not None
        and tree.lemma(holding) in cues.taking_part
    ):
        # "generals toured the border and held bilateral talks": the verb holding
        # the meeting climbs like a verb of meeting
        climbed = holding
    while (
        (
            tree.tokens[climbed].dep in ("xcomp", "conj", "acomp")
            or (tree.tokens[climbed].dep == "advcl" and tree.has_to(climbed))
        )
        and tree.tokens[climbed].pos in ("VERB", "AUX", "ADJ")
        and not subject_of(tree, climbed)
        and (governing := tree.head(climbed)) is not None
    ):
        # "defence chiefs are expected to meet", "army chiefs plan to hold talks",
        # "ministers watched the drills and later met", "the defence minister is due
        # to travel to Brasilia to meet ...": who is expected, plans, watched or
        # travels is who meets
        climbed = governing
        words |= {t for s in subject_of(tree, climbed) for t in tree.phrase(s, _CLAUSAL)}
    antecedent = tree.head(climbed)
    if (
        climbed != top
        and tree.tokens[climbed].dep == "relcl"
        and antecedent is not None
        and any(tree.lemma(s).lower() in RELATIVE_PRONOUNS for s in subject_of(tree, climbed))
    ):
        # "the commander of the Chilean Navy, who travelled to Chile and held talks":
        # who the pronoun of the first verb stands for
        words |= tree.phrase(_person_meant(tree, antecedent, subject_of(tree, climbed)), _CLAUSAL)
    people = tree.head(top)
    if (
        tree.tokens[top].dep == "acl"
        and tree.tokens[top].pos == "VERB"
        and people is not None
        and tree.lemma(people) in cues.hosted_people | cues.gathered_people
    ):
        # "Defence ministers of Chile and Peru, meeting in Lima, launched ...": who
        # meets (not "a naval detachment visiting Cuba": ships call at ports)
        words |= tree.phrase(people, _CLAUSAL)
    if any(tree.is_pronoun(c) for c in tree.child_with(top, frozenset({"poss"}))):
        # "signed a memorandum at their meeting": "their" are the clause's subjects
        verb = next((a for a in tree.ancestors(top) if subject_of(tree, a)), None)
        if verb is not None:
            words |= {t for s in subject_of(tree, verb) for t in tree.subtree(s)}
    governor = tree.head(top)
    if tree.tokens[top].dep == "conj" and governor is not None:
        # "the Sudanese army chief and his Egyptian counterpart": the one coordinated
        # with the trigger describes who meets
        words |= {
            t
            for c in tree.child_with(governor, frozenset({"compound", "amod", "nmod", "appos"}))
            for t in tree.subtree(c)
        } | {governor}
    for anchor in anchors:
        for child in tree.children[anchor]:
            tok = tree.tokens[child]
            if (
                tok.dep in _PARTY_DEPS
                # "the defence ministers' summit": who holds it
                or (anchor == head and tok.dep == "poss")
            ) or (
                tok.dep == "prep"
                # "a meeting of defence chiefs", "a seminar for officers from ...": who meets
                and (
                    tok.lemma in _PARTY_PREPOSITIONS
                    or (anchor == head and tok.lemma in ("of", "for"))
                    # "called on the Sri Lankan Army commander": the trigger's own word
                    or child in trigger_tokens
                )
            ):
                # "ministers and army commanders": a list of people is one phrase
                stops = _CLAUSAL - {"conj"} if tok.pos in ("NOUN", "PROPN") else _CLAUSAL
                words |= tree.phrase(child, stops)
                # "Lord Tu'ivai, who chaired the meeting as Tonga's defence minister,":
                # the office a relative clause gives the person
                # (the parser may hang the "as" on the clause's object)
                words |= {
                    t
                    for r in tree.child_with(child, frozenset({"relcl"}))
                    for w in (r, *tree.child_with(r, frozenset({"dobj"})))
                    for p in tree.prepositions(w, "as")
                    for t in tree.subtree(p)
                }
                antecedent = tree.head(anchor)
                if (
                    tok.dep == "nsubj"
                    and tok.lemma.lower() in RELATIVE_PRONOUNS
                    and tree.tokens[anchor].dep == "relcl"
                    and antecedent is not None
                ):
                    # "the defence ministers, who later held a meeting": who the
                    # pronoun stands for
                    words |= tree.phrase(_person_meant(tree, antecedent, [child]), _CLAUSAL)
    return sorted(words)


def _person_meant(tree: Tree, antecedent: int, pronouns: Sequence[int]) -> int:
    """ "the defence ministers of the member states, who met on Tuesday": the parser
    hangs "who" on the nearest noun, but "who" stands for people, the noun the "of"
    phrase belongs to."""
    above = tree.head(antecedent)
    people = tree.head(above) if above is not None else None
    if (
        any(tree.lemma(p).lower() in ("who", "whom") for p in pronouns)
        and tree.tokens[antecedent].dep == "pobj"
        and above is not None
        and tree.lemma(above) == "of"
        and people is not None
        and tree.tokens[people].pos == "NOUN"
    ):
        return people
    return antecedent


def _meeting_outcome(tree: Tree, top: int, cues: Cues) -> set[int]:
    """What a meeting ended in, which says what it was about: "met in Arusha and
    agreed to hold joint military exercises", "at their summit, the presidents agreed
    to hold joint exercises"."""
    outcomes = [
        c
        for c in tree.child_with(top, frozenset({"conj"}))
        if tree.lemma(c) in cues.meeting_outcomes
    ]
    above = tree.head(top)
    if (
        tree.tokens[top].pos in ("NOUN", "PROPN")
        and above is not None
        and tree.tokens[above].dep == "prep"
        # "at their summit": the meeting of those who agree (not "at a meeting in Brussels")
        and any(tree.is_pronoun(c) for c in tree.child_with(top, frozenset({"poss"})))
    ):
        verb = tree.head(above)
        if verb is not None and tree.lemma(verb) in cues.meeting_outcomes:
            outcomes.append(verb)
    return {
        t
        for verb in outcomes
        for c in tree.child_with(verb, frozenset({"xcomp", "ccomp", "dobj", "prep"}))
        if c != above
        for t in tree.subtree(c)
    }


def _content_of(tree: Tree, noun: int) -> set[int]:
    """What a noun's own clauses say it is or does: "an agreement that lets their
    troops train", "the treaty commits both states to defend each other", "signed
    the accord, ensuring their forces can operate together"."""
    if tree.tokens[noun].pos not in ("NOUN", "PROPN"):
        return set()
    words: set[int] = set()
    for child in tree.children[noun]:
        if tree.tokens[child].dep in ("relcl", "acl"):
            words |= tree.subtree(child)  # "an agreement that lets their troops train"
    verb = tree.head(noun)
    if verb is None or tree.tokens[verb].pos not in ("VERB", "AUX"):
        return words
    dep = tree.tokens[noun].dep
    if dep in ("nsubj", "nsubjpass"):
        # "the treaty commits both states to defend each other"
        for child in tree.children[verb]:
            if tree.tokens[child].dep in ("dobj", "xcomp", "ccomp", "dative", "prep", "attr"):
                words |= tree.subtree(child)
    elif dep == "dobj":
        # "ratified agreements extending the presence of troops", "signed it, ensuring ..."
        for child in tree.children[verb]:
            if tree.tokens[child].dep == "advcl" and tree.tokens[child].tag == "VBG":
                words |= tree.subtree(child)
    return words


_UNDER_WORDS = frozenset({"under", "accord", "according", "part", "per", "pursuant"})


def clause_under_agreement(tree: Tree, noun: int) -> int | None:
    """The verb whose clause is framed by "under/according to/as part of" this noun."""
    node, passed = noun, set()
    for _ in range(4):
        dep, head = tree.tokens[node].dep, tree.head(node)
        if head is None or dep not in ("pobj", "prep"):
            return None
        passed.add(tree.lemma(head))
        if (
            dep == "prep"
            and tree.tokens[head].pos in ("VERB", "AUX")
            and tree.lemma(head) not in _UNDER_WORDS  # "according" is the preposition
        ):
            return head if passed & _UNDER_WORDS else None
        node = head
    return None


def _military_official(span: ActorSpan, sentence: Sentence, cues: Cues) -> bool:
    """An official with a military title, known or written before the name ("Gen. Milley")."""
    if span.actor.kind != "official":
        return False
    first = min(span.tokens)
    before = " ".join(t.text for t in sentence.tokens[max(0, first - 4) : first])
    return bool(cues.military.search(f"{span.actor.title or ''} {before}"))


_AMOD = frozenset({"amod"})
#: the words before a noun that say what kind it is ("defence deal", "purchase agreement")
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})


#: what a summons is for when it is a protest
_PROTESTING = frozenset({"protest", "complain", "object", "demand", "condemn", "express"})


#: what an offered thing's own words stop at: other items, and what it is "of"
_OFFERED_STOPS = frozenset({"conj", "cc", "prep", "relcl", "acl", "appos", "punct"})


def unmet_requirement(
    trigger: Trigger,
    tree: Tree,
    sentence: Sentence,
    head: int,
    tokens: tuple[int, ...],
    cues: Cues,
    equipment_found: list[tuple[int, int, str]],
    actors: Sequence[ActorSpan],
) -> str | None:
    """Why the trigger's context requirement (triggers.yaml `requires`) fails, or None."""
    requires = trigger.requires
    if trigger.type == "military_aid" and any(
        tree.lemma(m) in cues.care_aid for m in tree.child_with(head, _MODIFIER_DEPS)
    ):
        return "first aid is care for the injured, not aid to a state ('a first-aid course')"
    if requires in ("name", "name_military"):
        if not all(sentence.tokens[i].text[:1].isupper() for i in tokens):
            return "a drill's name written as common words ('a swift response') names no drill"
        requires = "military" if requires == "name_military" else "none"
    above = tree.head(head)
    if trigger.type == "training" and tree.tokens[head].dep == "compound" and above is not None:
        if tree.lemma(above) in drill_nouns():
            return "a training exercise is a drill (read as such)"
        if tree.lemma(above) in cues.training_kinds:
            return "a training ship or area is a kind of thing, not training given"
    if (
        trigger.type == "training"
        and tree.lemma(head) in ("train", "training")
        and any(
            tree.lemma(o) in cues.cooperation for o in tree.child_with(head, frozenset({"dobj"}))
        )
    ):
        # "talks focusing on training cooperation": the model reads the noun's modifier
        # as a verb taking "cooperation"; a field of cooperation trains no one
        return "training cooperation is a field of cooperation, no one trained"
    if (
        trigger.type == "training"
        and trigger.is_noun
        and (sender := _purpose_of_sending(tree, head)) is not None
        and _sent_for_training(tree, sender, cues)
    ):
        return "training people are sent for (read by the sending verb)"
    if (
        trigger.type == "training"
        and trigger.frame == "train"
        and _trains_as_equals(tree, head, cues)
    ):
        return "training with other forces as equals is a drill (read as such)"
    if (
        trigger.type == "training"
        and tree.tokens[head].pos == "NOUN"
        and any(tree.lemma(c) in ("joint", "combined") for c in tree.child_with(head, _AMOD))
    ):
        return "joint training is a drill (read as such)"
    if trigger.type == "basing_access" and trigger.frame == "use_noun" and _trained_at(tree, head):
        return "bases where training is done say who trains (read as training), not hosting"
    if (
        trigger.type == "basing_access"
        and trigger.frame == "use_noun"
        and _led_from_own_base(tree, head, actors, cues)
    ):
        return "a state leading its own drill from its own base grants no one access"
    if trigger.frame == "order_noun" and _for_upkeep(tree, head, cues):
        return "a contract for upkeep ('for the maintenance of its helicopters') sells nothing"
    if trigger.frame == "order_noun" and _made_together(tree, head, cues):
        return "an accord to make something together is industry (read as such), no sale"
    if trigger.frame == "order_noun" and _doers_of_purpose(tree, head):
        return (
            "what the accord is for is a deed of the equipment ('for Hungarian jets to patrol ...')"
        )
    if (
        trigger.type == "basing_access"
        and trigger.frame == "use_noun"
        and _toured(tree, head, cues)
        and not _foreign_base(tree, head, actors)
    ):
        return "a base toured by visitors is a visit, not access ('the delegation toured the base')"
    if trigger.type == "defense_meeting" and _made_by_a_ship(tree, head, cues):
        return "a warship's visit is a port call, not a meeting"
    if trigger.frame == "arrive" and _named_ship_arrives(tree, head, cues):
        return "a named warship arriving in port visits it; it is not delivered"
    sale_words = tree.child_with(head, _MODIFIER_DEPS)
    if (
        trigger.type == "defense_agreement"
        and any(tree.lemma(c) in cues.sale_accords for c in sale_words)
        # "the defence procurement agreement": an accord on buying together
        and not any(_military_context(tree.phrase_text(c), cues) for c in sale_words)
    ):
        return "a purchase or supply agreement is an arms deal (read as such)"
    if trigger.type == "defense_agreement" and any(
        tree.lemma(c) in cues.industry_accords for c in sale_words
    ):
        return "a joint venture or licence agreement is defence industry (read as such)"
    if requires == "named_event":
        # met only through the events of the sentence (read before reactions)
        return NO_NAMED_EVENT
    if requires == "offered_to":
        to_whom = tree.prepositions(head, "to") + tree.child_with(head, frozenset({"dative"}))
        objects = tree.child_with(head, frozenset({"dobj"}))
        if len(objects) > 1:
            to_whom += objects[:1]  # "offered Indonesia Su-35 jets", parsed as two objects
        inside = {t for w in to_whom for t in tree.subtree(w)}
        if not any(span.head in inside for span in actors):
            return "an offer to no one named ('the F-16 offered by Lockheed'), a bid"
        # "offered Peru K9 howitzers", not "offered Jakarta the assistance of troops
        # and two helicopters": the thing offered is itself equipment
        offered = [c for o in objects[-1:] for c in tree.conjuncts(o)]
        if not any(load_equipment().find(tree.phrase_text(o, _OFFERED_STOPS)) for o in offered):
            return "what is offered is no equipment of its own ('the assistance of ...')"
        requires = "equipment"
    if requires in ("lent_to", "lent_from", "base_lent_to", "base_lent_from"):
        # "leased two frigates to Peru": the lessor gives; "India leased a Russian
        # submarine", "leased jets from Sweden": the lessee takes
        to_whom = tree.prepositions(head, "to") + tree.child_with(head, frozenset({"dative"}))
        if requires.endswith("lent_to") != bool(to_whom):
            return (
                "lent to no one named: who leases takes ('India leased a submarine')"
                if requires.endswith("lent_to")
                else "lent to someone named: who leases gives ('leased frigates to Peru')"
            )
        if requires.startswith("base"):
            leased = tree.child_with(head, frozenset({"dobj", "nsubjpass"}))
            if not any(tree.lemma(o) in cues.leased_sites for o in leased):
                return "what is leased is no base or military site ('leased the air base')"
            requires = "military"
        else:
            requires = "equipment"
    if requires == "made_for":
        # "for" on the verb, or on what is made ("two patrol vessels for the navy")
        made = [head, *tree.child_with(head, frozenset({"dobj"}))]
        if not any(tree.prepositions(w, "for") for w in made):
            return "made for no one ('will build submarines for the Netherlands')"
        if any(tree.lemma(o) in cues.built_places for o in made[1:]):
            return "what is built is a place ('a wharf for the navy's boats'), no equipment"
        requires = "equipment"
    if requires == "equipment":
        if not equipment_found and not (
            trigger.frame == "give" and _materiel_for_forces(tree, head, actors, cues)
        ):
            return "needs military equipment in the sentence; none named"
        if trigger.frame in ("give", "take", "give_noun") and _gives_other_things(tree, head, cues):
            return "what is given or got is no materiel ('handed over the mission')"
        if trigger.frame == "ask" and any(
            tree.lemma(t) in cues.not_materiel
            for t in tree.child_with(head, _OBJECTS) + tree.objects_of(head, "for")
        ):
            return "what is asked for is no materiel ('requested information from ...')"
        if trigger.frame == "give" and _deployed_not_handed_over(tree, sentence, head, cues):
            return "ships or aircraft sent on a mission of their own are deployed, not handed over"
        return None
    if requires == "school_places":
        places = [
            o
            for o in tree.child_with(head, frozenset({"dobj", "nsubjpass"}))
            if tree.lemma(o) in cues.school_places
        ]
        # "places at its academies", or "at" hung on the verb
        school = {
            t
            for w in ([head, *places] if places else [])
            for p in tree.prepositions(w, "at", "in", "on")
            for t in tree.subtree(p)
        }
        if not any(tree.lemma(t) in cues.schools | cues.courses for t in school):
            return "gives no places at a school or on a course ('offered places at its academy')"
        requires = "military"
    if requires == "aid_asked":
        if not _asks_for_help(tree, head, cues):
            return "asks for no help or forces ('asked Russia for military assistance')"
        requires = "military"
    if requires == "granted":
        if not _granted_passage(tree, head, cues):
            return "airspace or territory that nobody grants is no access ('violated its airspace')"
        if _access_given_to_civilians(tree, head, cues):
            return "access given to people who are no forces ('journalists were given access')"
        requires = "military"
    if requires == "stationed":
        # "soldiers are stationed in Congo to support its army": aid, whatever the verb
        if _sent_to_help(tree, head, cues):
            return "forces stationed to help are military aid (read as such), not hosted"
        requires = "military"
    if requires == "military":
        if _military_context(sentence.text, cues):
            return None
        if trigger.frame == "use_noun" and _state_base(tree, head, actors, cues):
            return None
        if trigger.type == "training" and _military_training(tree, head, actors, cues):
            return None
        if trigger.type == "condemnation" and _hostilities_by_a_state(tree, actors, cues):
            return None
        if trigger.type == "condemnation" and _sanctions_criticised(tree, head, actors):
            return None
        return f"{_NO_MILITARY} context; none found"
    if requires == "signed":
        verb = tree.head(head)
        if (
            verb is None
            or tree.tokens[head].dep not in ("dobj", "nsubjpass")
            or tree.lemma(verb) not in cues.signing
        ):
            return "a partnership no one signs or concludes (a relationship, not an accord)"
        requires = "military_local"
    if requires == "military_modifier":
        modifiers = " ".join(tree.tokens[c].text for c in tree.child_with(head, _MODIFIER_DEPS))
        # "arms deal" is a sale, not a defence agreement
        if cues.military.search(re.sub(r"(?i)\b(arms|weapons?)\b", "", modifiers)):
            return None
        if bases_in_content(tree, head, cues):
            return None  # "a deal to extend its lease on a naval base": a basing accord
        return "needs a military word on the noun itself ('defence deal'); none found"
    if requires == "sitting":
        if any(
            tree.lemma(m) in cues.activity_sessions for m in tree.child_with(head, _MODIFIER_DEPS)
        ):
            return "a session of an activity ('a training session') is no meeting"
        if not _meeting_people(tree, _sitters(tree, head), cues):
            return "a session of no officials (a parliament's, a council's) is no defence meeting"
        requires = "official_counterpart"
    if requires == "official_counterpart":
        governor = tree.head(head)
        if governor is not None and tree.tokens[governor].dep == "prep":
            governor = tree.head(governor)  # "trained with their counterparts"
        subjects = subject_of(tree, governor) if governor is not None else []
        if any(tree.lemma(s) in cues.forces for s in subjects):
            return "troops joining their counterparts is no meeting"
        if tree.tokens[head].dep == "conj" and tree.lemma(tree.list_head(head)) in cues.forces:
            # "the participation of units of the Saudi Navy and their counterparts"
            return "counterparts listed with forces are forces, not officials meeting"
        if governor is not None and tree.lemma(governor) in cues.working_alongside:
            return "forces training or working with their counterparts is no meeting"
        if governor is not None and tree.lemma(governor) in cues.addressing_counterparts:
            return "thanking, praising or blaming one's counterparts is no meeting"
        own = tree.phrase(head, _CLAUSAL)
        if any(
            tree.lemma(p).lower() == "its" for p in tree.child_with(head, frozenset({"poss"}))
        ) and not any(s.head in own and s.head != head for s in actors):
            # "the show and its naval counterpart, which ...": a thing's counterpart, of
            # no state of its own, is a thing ("its Ugandan counterpart" is a ministry's)
            return "a thing's counterpart ('its naval counterpart') is no official"
        requires = "military_party"
    if requires == "people_gathering":
        # "defence chiefs convened in Lusaka", "convened their counterparts"; not
        # "gathered intelligence" or "will assemble the boats", a thing collected or made
        things = [
            o for o in tree.child_with(head, _OBJECTS) if tree.lemma(o) not in cues.gathered_people
        ]
        if things:
            return "what is gathered or assembled is a thing, not people meeting"
        if any(tree.lemma(s) in cues.forces for s in subject_of(tree, head)):
            # "soldiers from Nepal and Bhutan gathered in Pokhara for the drills":
            # troops massing or mustering, which a drill rule reads
            return "who gathers is troops, not officials meeting"
        requires = "military_party"
    if requires == "gathered_officials":
        # "the council brought together ministers from Kenya and Uganda"; not "the
        # drills brought together troops from ...", which a drill rule reads
        # "brought together General Aguerre with the chiefs of Argentina and Chile"
        brought = [
            w for o in tree.child_with(head, _OBJECTS) for w in (o, *tree.objects_of(o, "with"))
        ] + (tree.objects_of(head, "with") if tree.child_with(head, _OBJECTS) else [])
        if not any(tree.lemma(o) in cues.gathered_people for o in brought):
            return "who is brought together is no officials ('brought together defence chiefs')"
        # who is brought together, with where they come from (the parser may list
        # "officers" among the states: "delegates from Ghana ..., as well as officers")
        gathered = {
            t
            for o in [*tree.child_with(head, _OBJECTS), *tree.prepositions(head, "from")]
            for t in tree.subtree(o)
        }
        if any(tree.lemma(o) in cues.military_personnel for o in gathered):
            return None  # "brought together delegates and officers from Ghana and Togo"
        gatherers = _gatherers(tree, head)
        if any(is_drill(tree, s) for s in gatherers):
            return "a drill bringing people together is the drill (a drill rule reads it)"
        if any(_military_context(tree.phrase_text(s, _CLAUSAL), cues) for s in gatherers):
            return None  # "the Defence Ministers' Meeting ..., bringing together ministers"
        requires = "military_party"
    if requires == "official_called_on":
        if tree.child_with(head, frozenset({"xcomp", "ccomp"})) or any(
            tree.has_to(c) for c in tree.subtree(head) if tree.tokens[c].pos == "VERB"
        ):
            return "called on someone to do something: an appeal, not a visit"
        called = tree.objects_of(head, "on")
        if not any(
            tree.lemma(o) in cues.hosted_people
            or _titled(tree, o, cues)
            or any(s.head == o and s.actor.kind == "official" for s in actors)
            for o in called
        ):
            return "called on no official ('called on the army chief')"
        requires = "military_party"
    if requires == "drill_visitors":
        requires = "military_party"  # the officials a drill's visitors' day receives
    if requires == "guests":
        if not hosts_guests(tree, head, actors, cues.hosted_people):
            return "who is hosted or received is no visiting official ('hosted the army chief')"
        requires = "military_party"
    if requires == "military_party" and any(
        _military_official(span, sentence, cues) for span in actors
    ):
        return None  # a defence minister or a general takes part
    if requires == "forces_to_help":
        # "Kenyan soldiers arrived in Haiti to help ...": the forces arrive themselves
        objects = tree.child_with(head, frozenset({"dobj", "nsubjpass"})) or _deploying_subjects(
            tree, head
        )
        # "sent two transport aircraft carrying medicines": military means on a relief mission
        relief = _carrying_relief(tree, [head, *objects], cues) and any(
            load_equipment().find(tree.phrase_text(o)) for o in objects
        )
        if not relief and not any(
            _is_force(tree, o, cues, trades=True) or _team_of_named_force(tree, o, actors, cues)
            for o in objects
        ):
            return "needs troops or other forces as what is sent or deployed; none found"
        if not relief and not _sent_to_help(tree, head, cues) and not _helpers(tree, objects, cues):
            return "forces sent for no purpose of help ('to help the police') are no aid"
        return None
    if requires == "weapons_placed":
        # "Russia has deployed tactical nuclear weapons in Belarus": arms kept by their
        # owner in another state are hosted there, not handed over
        placed = tree.child_with(head, frozenset({"dobj", "nsubjpass"}))
        if not any(load_equipment().find(tree.phrase_text(o, _CLAUSAL)) for o in placed):
            return "what is deployed is no weapons ('deployed nuclear weapons in Belarus')"
        # "in Belarus", on the verb or on what is deployed ("jets in Djibouti")
        if not any(tree.prepositions(n, "in", "to", "on", "into") for n in (head, *placed)):
            return "deployed in no place ('in Belarus')"
        if speaks_of_war(sentence, cues):
            return "weapons deployed in a war or an attack are not hosted"
        return None
    if requires == "forces_fought_beside":
        return _fought_beside_problem(tree, head, actors, cues)
    if requires == "forces":
        objects = tree.child_with(head, frozenset({"dobj", "nsubjpass"}))
        if not objects:
            # "Filipino soldiers will be able to deploy to French territory": the
            # forces deploy themselves, subject of the verb or of the clause above it
            objects = _deploying_subjects(tree, head) or _forces_kept_there(tree, head)
        named_forces = {s.head for s in actors if s.actor.kind == "military"}
        # "the US Navy's Fifth Fleet is based in Bahrain": a force named as such
        if not any(_is_force(tree, o, cues) or o in named_forces for o in objects):
            return "needs troops or other forces as what is sent or deployed; none found"
        if _sent_to_help(tree, head, cues):
            return "forces sent to help are military aid (read as such), not hosted"
        if _sent_to_instruct(tree, head, cues) or all(
            tree.lemma(o) in one_word_nouns("training", frame="give_noun") for o in objects
        ):
            # "twenty instructors from Turkey were sent to Somalia"
            return "forces sent to train others give training (read as such), not hosted"
        if _sent_for_training(tree, head, cues):
            # "sent 30 soldiers to Australia for jungle warfare training"
            return "forces sent to be trained are trainees (read as such), not hosted"
        if speaks_of_war(sentence, cues):
            return "forces sent in a war or an attack are no hosted deployment"
        return None
    if requires == "equipment_topic":
        about = {
            t
            for p in tree.child_with(head, _PREPOSITION)
            if tree.lemma(p) in ("over", "for", "on", "about", "regarding")
            for t in tree.subtree(p)
        }
        if not any(i in about for i in _equipment_tokens(sentence, equipment_found)):
            return "what is negotiated is no military equipment ('over howitzers')"
        giving = one_word_nouns("arms_transfer", frame="give_noun")
        if any(tree.lemma(i) in giving for i in about):
            # "Ankara is in talks with Baku over the sale of drones": who sells is the
            # subject here, as the noun's own reading says
            return "what is negotiated is a supply or sale, read by that noun"
        return None
    if requires == "forces_sent":
        return _forces_sent_problem(tree, sentence, head, tokens, actors, cues)
    if requires == "forces_commanded":
        commanded = [
            o
            for d in tree.child_with(head, frozenset({"dobj"}))
            for o in tree.conjuncts(d)
            if tree.lemma(o) in cues.forces | cues.drill_assets
        ]
        # the parser may hang "from" on the verb: "directing forces [from Chile]"
        origins = tree.prepositions(head, "from") if commanded else []
        if not actors_under(tree, commanded + origins, list(actors)):
            return "what is directed is no forces of named states ('forces from Chile and Peru')"
        return None
    if requires == "forces_hosted":
        hosted = [o for d in tree.child_with(head, frozenset({"dobj"})) for o in tree.conjuncts(d)]
        hosted = [o for o in hosted if tree.lemma(o) in cues.forces] + [
            # "is hosting Sea Lion-25 off Karachi with ships from China and Turkey"
            o
            for w in tree.objects_of(head, "with")
            for o in tree.conjuncts(w)
            if tree.lemma(o) in cues.forces | cues.drill_assets
        ]
        if not actors_under(tree, hosted, list(actors)):
            return "what is hosted is no forces of named states ('contingents from Kenya')"
        return None
    if requires == "forces_alongside":
        # "INS Kavaratti operated with BNS Bangabandhu of the Bangladesh Navy": ships or
        # units doing it "with" others' ships or units do it alongside them
        beside = (
            ("alongside", "with")
            if any(forces_or_ships(tree, s, cues) for s in listed_subjects(tree, head))
            else ("alongside",)
        )
        partners = [
            item
            for p in tree.prepositions(head, *beside)
            for o in tree.child_with(p, _POBJ)
            for item in tree.conjuncts(o)
            if tree.lemma(p) == "alongside" or forces_or_ships(tree, item, cues)
        ]
        if not actors_under(tree, partners, list(actors)):
            return "done alongside no named state's forces ('working alongside the TNI')"
        if not _military_context(sentence.text, cues) and not any(
            span.actor.kind == "military" for span in actors
        ):
            return f"{_NO_MILITARY} context; none found"
        return None
    if requires == "forces_arrived":
        return _forces_arrived_problem(tree, head, actors, cues)
    if requires == "forces_drilled":
        return _forces_drilled_problem(tree, head, actors, cues)
    if requires == "forces_paraded":
        return _forces_paraded_problem(tree, head, cues)
    if requires == "forces_completing":
        return _forces_completing_problem(tree, head, actors, cues)
    if requires == "attendees_arrived":
        return _attendees_arrived_problem(tree, head, actors, cues)
    if requires == "represented":
        return _represented_problem(tree, head, trigger, cues)
    if requires == "officials_sent":
        sent = [o for d in tree.child_with(head, frozenset({"dobj"})) for o in tree.conjuncts(d)]
        if not _meeting_people(tree, sent, cues):
            return "who is sent is no delegates or officials ('sent its defence minister')"
        if any(tree.lemma(w) in cues.onlookers for o in sent for w in tree.subtree(o)):
            # "sent officials who sat in as observers"
            return "sent as observers, who watch and take no part"
        purposes = tree.child_with(head, frozenset({"advcl", "xcomp"}))
        if any(tree.has_to(p) and tree.lemma(p) in cues.onlookers for p in purposes):
            # "sent two officers to follow the exercise"
            return "sent to watch, as observers, who take no part"
        return None
    if requires == "urged_to_stop":
        asked = tree.child_with(head, frozenset({"xcomp", "ccomp"}))
        asked += [o for a in asked for o in tree.child_with(a, frozenset({"dobj"}))]
        # "urged Iran to stop supplying drones", "called on Japan not to deploy missiles"
        # (a deed not to be done to something; not "urged Cambodians not to panic")
        if not any(
            tree.lemma(a) in cues.urged_to_stop
            or (tree.child_with(a, frozenset({"neg"})) and tree.child_with(a, _OBJECTS))
            for a in asked
        ):
            return "urged to do something other than stop ('urged Turkey to join the drills')"
        if not _military_context(sentence.text, cues):
            return f"{_NO_MILITARY} context; none found"
        return None
    if requires == "frozen_assets" and not any(
        tree.lemma(o) in ("asset", "fund", "account")
        for o in tree.child_with(head, frozenset({"dobj", "nsubjpass"}))
    ):
        return "what is frozen is no assets or funds ('froze the assets of ...')"
    if requires == "grievance":
        summoned = [head, *tree.child_with(head, frozenset({"dobj"}))]
        reasons = [  # "summoned the ambassador over ...": on the verb or its object
            p
            for s in summoned
            for p in tree.child_with(s, frozenset({"prep"}))
            if tree.lemma(p) in _GRIEVANCES
        ]
        # "... after a Russian helicopter violated its airspace": a clause of the reason
        reasons += [
            c
            for c in tree.child_with(head, frozenset({"advcl"}))
            if any(tree.lemma(m) in _GRIEVANCES | {"because"} for m in tree.children[c])
        ]
        # "summoned the envoy to protest the violation of its airspace": its purpose
        reasons += [
            c
            for c in tree.child_with(head, frozenset({"advcl", "xcomp"}))
            if tree.lemma(c) in _PROTESTING
        ]
        if not reasons:
            return "a summons with no grievance ('over', 'about') is no protest"
        if not _military_context(
            " ".join(sentence.tokens[t].text for r in reasons for t in sorted(tree.subtree(r))),
            cues,
        ):
            return "the grievance is not military ('summoned the envoy over fishing')"
    if requires == "passive":
        # "It will involve troops from Rwanda and Kenya", "this year's edition includes
        # forces from ...": a pronoun or an edition for the drill named before has no
        # noun of its own to read the list
        # "The first phase involved the French and German air forces": a part of it
        pronoun = any(
            tree.is_pronoun(s)
            or current_edition(tree, s, cues)
            or (tree.lemma(s) in cues.drill_parts and tree.definite(s))
            for s in tree.child_with(head, frozenset({"nsubj"}))
        )
        # "units from Latvia are also involved": the participle after "be" is passive
        passive = bool(tree.child_with(head, frozenset({"auxpass"}))) or (
            tree.tokens[head].dep == "acomp" and tree.tokens[head].tag == "VBN"
        )
        if not passive and not pronoun:
            return "active: what involves whom is the drill's own list, read by its noun"
        return None
    if requires == "ship_visit":
        comers = subject_of(tree, head)
        if not any(cues.warships.search(tree.phrase_text(c, _CLAUSAL)) for c in comers):
            return "what arrives is no warship"
        if all(_titled(tree, c, cues) for c in comers):
            return "an officer calls, not a ship ('the fleet commander called at the base')"
        visitors = cues.hosted_guests | cues.hosted_people | cues.gathered_people
        if tree.lemma(head) == "visit" and any(
            tree.lemma(c) in visitors | cues.military_personnel for c in comers
        ):
            return "people visit, not a ship ('a naval delegation visited Cameroon')"
        purposes = tree.objects_of(head, "on") + tree.objects_of(head, "for")
        # "the frigate called at Port Victoria", "the destroyer visited Da Nang":
        # calling at a port, or visiting it, is the visit
        called_at = (tree.lemma(head) == "call" and bool(tree.objects_of(head, "at"))) or (
            tree.lemma(head) == "visit" and bool(tree.child_with(head, _OBJECTS))
        )
        if not called_at and not any(tree.lemma(o) in cues.ship_visits for o in purposes):
            return "a warship arriving for no visit, call or repairs ('on a goodwill visit')"
        return None
    if requires == "ship_visitor":
        ships = ship_visitors(tree, head, cues)
        if not ships:
            return "who visits is no ship ('a visit by the defence minister')"
        if not any(
            cues.warships.search(tree.phrase_text(v, _CLAUSAL))
            or _military_context(tree.phrase_text(v, _CLAUSAL), cues)
            for v in ships
        ):
            return "the ships that visit are no warships ('visits by Chinese research vessels')"
        return None
    if requires == "intelligence_shared":
        # the shared thing's own words: not "information on a surveillance aircraft"
        shared = {t for o in tree.child_with(head, _OBJECTS) for t in tree.phrase(o, ATTACHED)}
        if not any(tree.lemma(t) in cues.intelligence_kinds for t in shared):
            return "what is shared is no intelligence ('share the costs')"
        return None
    if requires == "course_given":
        if travel_for_training(tree, head, cues) is not None:
            return None  # "Kenyan officers will go to Britain for a staff course"
        # "run demining and mountain warfare courses for ...": the first of the listed
        # things run is the verb's object
        first = tree.list_head(head)
        giver = tree.head(first)
        if (
            tree.tokens[first].dep != "dobj"
            or giver is None
            or tree.lemma(giver) not in cues.course_givers
        ):
            return "a course no one is said to run or give ('ran a course for ...')"
        # "a course for ...", "ran a course for ...", "a course in boarding and search
        # and rescue for 24 officers"
        takers = [
            o
            for n in (giver, first, *sorted(tree.phrase(head, _CLAUSAL)))
            for p in ("for", "to")
            for o in tree.objects_of(n, p)
        ] + course_subject_takers(tree, giver)
        learners = {w for t in takers for w in tree.subtree(t)}  # "police and army officers"
        military_learners = (cues.trainees | cues.personnel | cues.forces) - cues.civilian_learners
        if any(tree.lemma(w) in military_learners for w in learners):
            return None
        if any(_military_context(tree.phrase_text(t), cues) for t in takers):
            return None
        if any(tree.lemma(w) in cues.civilian_learners for w in learners) and _military_context(
            sentence.text, cues
        ):
            return None  # "a diving course for navy students"
        return "a course for no soldiers or officers ('a first aid course for teachers')"
    if requires == "course_taken":
        if not any(
            tree.lemma(o) in cues.courses for o in tree.child_with(head, frozenset({"dobj"}))
        ):
            return "what is begun is no course ('began a course'; not 'a training exercise')"
        takers = subject_of(tree, head)
        if not any(
            tree.lemma(t) in cues.trainees | cues.military_personnel
            or _military_context(tree.phrase_text(t, _CLAUSAL), cues)  # "navy divers"
            for t in takers
        ):
            return "who begins the course is no trainee or soldier"
        if any(tree.lemma(t) in cues.forces - cues.military_personnel for t in takers):
            return "instructors or units beginning a course give it (read as training given)"
        requires = "course"
    if requires == "course":
        if any(
            tree.lemma(o) in cues.trainees | cues.military_personnel
            for o in tree.child_with(head, frozenset({"dobj"}))
        ):
            # "the academy graduated 80 cadets": who graduates trainees trains them
            return "who graduates or admits trainees trains them (read as training given)"
        objects = tree.child_with(head, frozenset({"dobj", "prep"}))
        if tree.child_with(head, frozenset({"auxpass"})):
            # "the course was attended by 30 Iraqi commandos"
            objects += tree.child_with(head, frozenset({"nsubjpass"}))
        attended = {
            tree.lemma(t)
            for o in objects
            for t in tree.subtree(o)
            # "at the Ili training range": a place named for training is no course
            if not (
                tree.tokens[t].dep == "compound" and tree.lemma(tree.tokens[t].head) in _GROUNDS
            )
        }
        # "studying at Taiwan's National Defense University", "enrolled in Pakistani
        # military institutions"
        if not attended & (cues.courses | _SCHOOLS_ATTENDED):
            return "what is attended is no course or school ('attended courses at ...')"
        if not _military_context(sentence.text, cues) and not _military_training(
            tree, head, actors, cues
        ):
            return f"{_NO_MILITARY} context; none found"
    if requires == "sent_for_training":
        if not _sent_for_training(tree, head, cues):
            return "sends no officers or soldiers 'for training' ('sent troops for an exercise')"
        return None
    if requires == "advised_forces":
        # "French officers advised their Armenian counterparts on doctrine", "will advise
        # and assist Iraqi forces"; not "advised Kenya to buy drones" (advice to act)
        advised = [o for d in tree.child_with(head, frozenset({"dobj"})) for o in tree.conjuncts(d)]
        if tree.child_with(head, frozenset({"xcomp", "ccomp"})) or not any(
            tree.lemma(o) in cues.personnel | cues.forces | {"counterpart", "counterparts"}
            for o in advised
        ):
            return "advises no forces or officers ('advised Armenian officers on doctrine')"
        requires = "military"
    if requires == "trainees":
        if not hosts_trainees(tree, head, cues):
            return "what is hosted or received is no trainees ('hosted Saudi cadets')"
        if not _military_context(sentence.text, cues) and not any(
            t.lemma in cues.training_purposes for t in sentence.tokens
        ):
            return "trainees hosted for no training or military purpose"
    if requires == "presence_kept":
        governor = tree.head(head)
        if governor is None or tree.lemma(governor) not in cues.keeping_presence:
            return "a presence no one keeps, extends or allows ('extended its presence in ...')"
        requires = "forces_of"
    if requires in ("forces_of", "forces_of_help"):
        helped = _sent_to_help(tree, head, cues)
        if requires == "forces_of" and helped:
            return "forces deployed to help are military aid (read as such), not hosted"
        if requires == "forces_of_help" and not helped:
            return "forces deployed for no purpose of help ('to help its army') are no aid"
        requires = "forces_of"
    if requires == "forces_of":
        people = tree.objects_of(head, "of")
        if (
            not any(tree.lemma(o) in cues.forces for o in people)
            and not any(
                tree.lemma(c) in _MILITARY_ADJECTIVES
                for c in tree.child_with(head, frozenset({"amod"}))
            )
            # "the deployment of US missiles in Germany": hosted weapons
            and not any(load_equipment().find(tree.phrase_text(o)) for o in people)
        ):
            return "what is deployed or present is no troops or weapons ('deployment of US troops')"
        if speaks_of_war(sentence, cues):
            return "forces in a war or an attack are no hosted deployment"
    if requires == "arriving_equipment" and any(
        tree.lemma(o) in cues.hosted_guests or tree.lemma(o) == "call"
        # "arrived for a port call", "reached Colombo on a goodwill visit"
        for o in [*tree.objects_of(head, "for"), *tree.objects_of(head, "on")]
    ):
        return "what arrives for a port call, a visit or drills is not delivered"
    if requires == "arriving_equipment" and not any(
        load_equipment().find(tree.phrase_text(s))
        for s in tree.child_with(head, frozenset({"nsubj", "nsubjpass"}))
    ):
        return "what arrives is no military equipment ('the first F-16s arrived in ...')"
    if requires == "arriving_equipment" and _force_abroad(tree, head, actors):
        return "a force's own aircraft or ships arriving in a state visit it; nothing is delivered"
    if requires == "money":
        if not gives_money(tree, head, cues):
            return "what is given is no money ('pledged $50 million to ...')"
        # what the money is for counts: "pledged $50 million to help Kenya buy drones"
        purpose = tree.phrase_text(head, frozenset({"relcl", "parataxis", "conj"}))
        if not _military_context(purpose, cues):
            return "money given for no military purpose ('$10 million for flood relief')"
        return None
    if requires == "know_how":
        # "transferred submarine technology", "the transfer of submarine technology"
        given = tree.child_with(head, frozenset({"dobj", "nsubjpass"})) + tree.objects_of(
            head, "of"
        )
        if not any(_hyphenated_lemma(tree, t) in cues.know_how for t in given):
            return "what is given is no technology or know-how ('transfer submarine technology')"
        # "will transfer technology so that the tanks can be built locally": what the
        # technology is for names the equipment
        if any(
            _military_context(tree.phrase_text(c), cues)
            for c in tree.child_with(head, frozenset({"advcl", "xcomp"}))
        ):
            return None
        requires = "military_local"
    if trigger.type == "military_aid" and _builds_up_industry(tree, head, cues):
        return "help to build up an arms industry is industrial cooperation, read as such"
    if requires == "industry_purpose":
        if not _builds_up_industry(tree, head, cues):
            return "helps build no arms industry ('helping Nigeria build its defence industry')"
        return None
    if requires == "made_equipment":
        if not _makes_equipment(tree, sentence, head) and not _licensed_by_a_firm(
            tree, head, actors
        ):
            return "what is made is no military equipment ('assembles tanks in ...')"
        if speaks_of_war(sentence, cues):
            return "making in a war or an attack is no industrial cooperation"
    if requires == "military_plant" and speaks_of_war(sentence, cues):
        return "a plant struck or fought over is no industrial cooperation"
    if requires == "military_plant" and _plant_of_defence_firm(tree, head, actors):
        return None  # "Turkish drone maker Baykar will open a plant in Ukraine"
    if (
        trigger.type == "defense_industry"
        and trigger.frame == "symmetric"
        and _makes_no_product(tree, head, cues)
    ):
        return "what is developed is a tie or a way of working ('develop joint operations')"
    if requires == "joint" and trigger.is_noun and tree.lemma(head) == "training":
        # "soldiers ... spent two weeks training together", "Georgian servicemen,
        # alongside troops from ..., began two weeks of training"; not "agreed to
        # cooperate in military training", a field of cooperation
        verb = tree.verb_over(head)
        side_by_side = (
            verb is not None and _what_is_held(tree, verb, head) and _done_jointly(tree, verb)
        )
        if not (_done_jointly(tree, head, drill=True) or side_by_side):
            return "needs 'together' or 'jointly' on the verb; none found"
    elif requires == "joint" and not (
        _done_jointly(tree, head, drill=trigger.type == "joint_exercise")
        or _worked_on_together(tree, head, cues)
        or _trains_as_equals(tree, head, cues)
        or (
            trigger.type == "defense_industry"
            and bool(equipment_found)
            and bool(help_in_making(tree, head, cues))
        )
    ):
        return "needs 'together' or 'jointly' on the verb; none found"
    if requires == "funded_production":
        # the parser may split "co-finance" and hang the object on its last word
        funded = [o for t in (head, *tokens) for o in tree.child_with(t, _OBJECTS)]
        if not any(tree.lemma(f) in cues.production_means for f in funded):
            return "what is funded is no production line, plant or programme"
        if not any(_military_context(tree.phrase_text(f, _CLAUSAL), cues) for f in funded):
            return f"{_NO_MILITARY} word in what is funded; none found"
        return None
    if (
        trigger.type == "military_aid"
        and head >= 2
        and tree.tokens[head - 1].text == "-"
        and tree.lemma(head - 2).lower() == "co"
    ):
        return "funding together is no aid ('co-finance a plant', read as industry)"
    if requires == "agreed_production" and not _purpose_of_agreement(tree, head, cues):
        return "needs to be the purpose of an agreement ('an accord to produce ...'); none found"
    if (
        requires == "military_local"
        and trigger.frame == "host"
        and any(
            _state_base(tree, o, actors, cues)
            for o in tree.child_with(head, frozenset({"dobj"}))
            if tree.lemma(o) in ("base", "basis", "airbase", "facility")  # "bases" -> "basis"
        )
    ):
        return None  # "Spain hosts two US bases"
    if (
        requires in ("military_local", "joint")  # "joint": its togetherness met above
        and trigger.type == "defense_industry"
        and _defence_firm_in_phrase(tree, head, actors)
        # what the sentence says is military, if not in the trigger's own phrase (not
        # "a joint venture with HAL to make engine parts" in a page on airliners)
        and (equipment_found or _military_context(sentence.text, cues))
    ):
        return None  # "assembled by Embraer technicians alongside engineers from Saab"
    if requires in (
        "military_local",
        "military_plant",
        "military_party",
        "cooperation",
        "joint",
        "agreed_production",
    ):
        phrase = _local_words(tree, head, tokens, cues, parties=requires == "military_party")
        if requires == "joint" and trigger.type == "joint_exercise":
            # "warships from Bahrain and Britain carried out a combined patrol": who
            # patrols or sails together may say it is forces
            phrase = sorted({*phrase, *_local_words(tree, head, tokens, cues, parties=True)})
        # "the National Liberation Army": a rebel group's name says nothing military
        named = {t for s in actors if s.actor.kind == "armed_group" for t in s.tokens}
        words = " ".join(sentence.tokens[i].text for i in phrase if i not in named)
        if requires == "cooperation" and not any(
            sentence.tokens[i].lemma in cues.cooperation for i in phrase
        ):
            return "needs a word of cooperation in its own phrase; none found"
        if requires == "cooperation" and clause_under_agreement(tree, head) is not None:
            # "trained soldiers under the Action Plan on Security Cooperation": a plan
            # named as the frame of another deed is not itself news
            return "a plan named only as the frame of another deed ('under the plan')"
        if (
            not _military_context(words, cues)
            and not (
                # "a conference on the exercise", "talks on joint drills": a drill is military
                requires == "military_party"
                and any(is_drill(tree, i) for i in [*phrase, *meeting_topic(tree, head)])
            )
            and not (
                # "Polish officers met their Lithuanian counterparts": military people
                # of two states meet (not "officers attended a conference in Madrid")
                requires == "military_party"
                and any(tree.lemma(i) in cues.military_personnel for i in phrase)
                and len(
                    {
                        s.actor.country
                        for s in actors
                        # "with officers from Thailand and Japan": the list's first item
                        if tree.list_head(s.head) in phrase and not named_as_venue(tree, s)
                    }
                )
                >= 2
            )
            and not (
                trigger.type == "defense_agreement" and _signed_by_the_military(tree, head, cues)
            )
        ):
            where = " or its parties" if requires == "military_party" else ""
            return f"{_NO_MILITARY} word in its own phrase{where}; none found"
    return None


def _gatherers(tree: Tree, verb: int) -> list[int]:
    """What brings people together: the verb's subject, or for a participle hung on
    a clause ("the summit was held in Apia, bringing together ..."), that clause's."""
    subjects = subject_of(tree, verb)
    governor = tree.head(verb)
    if not subjects and governor is not None and tree.tokens[verb].dep in ("advcl", "acl"):
        if tree.tokens[verb].dep == "acl":
            return [governor]  # "a forum bringing together ...": the noun it describes
        return subject_of(tree, governor)
    return subjects


def _builds_up_industry(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "helping Nigeria build its own defence industry": what the help is for builds
    up an industry that a military word names, or makes military equipment ("helping
    Pakistan build four corvettes")."""
    return any(
        (
            tree.lemma(c) in cues.building_up
            and any(
                _hyphenated_lemma(tree, o) in cues.industries
                and _military_context(tree.phrase_text(o, _CLAUSAL), cues)
                for o in tree.child_with(c, frozenset({"dobj"}))
            )
        )
        or (
            tree.lemma(c) in cues.making
            # "build up its air defences" strengthens; it makes nothing
            and not tree.child_with(c, frozenset({"prt"}))
            and any(_is_equipment_itself(tree, o) for o in tree.child_with(c, frozenset({"dobj"})))
        )
        for c in tree.child_with(verb, frozenset({"xcomp", "ccomp", "advcl"}))
    )


def _is_equipment_itself(tree: Tree, noun: int) -> bool:
    """The noun with its compounds names equipment, and the noun is its last word:
    "four corvettes", "armoured personnel carriers", not "its drone programme"."""
    words = [*tree.child_with(noun, frozenset({"compound"})), noun]
    text = " ".join(tree.tokens[w].text for w in sorted(words))
    return any(end == len(text) for _, end, _ in load_equipment().find(text))


def _signed_by_the_military(tree: Tree, noun: int, cues: Cues) -> bool:
    """ "The defence chiefs of Sweden and Norway signed a declaration": an accord that
    defence ministers or chiefs sign is a defence accord."""
    verb = tree.head(noun)
    if verb is None or tree.tokens[noun].dep != "dobj" or tree.lemma(verb) not in cues.signing:
        return False
    subjects = subject_of(tree, verb)
    controller = tree.head(verb)
    if not subjects and tree.tokens[verb].dep == "xcomp" and controller is not None:
        subjects = subject_of(tree, controller)  # "the defence ministers agreed to sign"
    return any(_military_context(tree.phrase_text(s, frozenset({"relcl"})), cues) for s in subjects)


def _trained_at(tree: Tree, base: int) -> bool:
    """ "completed their conversion training at French air bases", "learn to fly at a
    Brazilian air base": the bases are where the training is done."""
    preposition = tree.head(base)
    if preposition is None or tree.lemma(preposition) not in ("at", "in"):
        return False
    done = tree.head(preposition)
    if done is not None and tree.tokens[done].dep == "xcomp":
        above = tree.head(done)
        if above is not None and tree.lemma(above) in _TRAINING_WORDS:
            return True  # "learn to fly at ..."
    return done is not None and tree.lemma(done) in _TRAINING_WORDS


def _toured(tree: Tree, base: int, cues: Cues) -> bool:
    """ "the Rwandan delegation was due to tour the Kenya Navy's base": people touring,
    visiting or inspecting a base (not a warship visiting a port, its call)."""
    verb = object_governor(tree, base)
    if verb is None or tree.tokens[base].dep != "dobj" or tree.lemma(verb) not in cues.touring:
        return False
    visitors, node = subject_of(tree, verb), verb
    while (
        not visitors
        and tree.tokens[node].dep in ("xcomp", "acomp", "advcl")
        and (above := tree.head(node)) is not None
    ):
        node = above  # "was due to tour", "plans to visit", "Hoping to tour ..., they"
        visitors = subject_of(tree, node)
    return bool(visitors) and not any(
        cues.warships.search(tree.phrase_text(v, _CLAUSAL)) for v in visitors
    )


def _doers_of_purpose(tree: Tree, noun: int) -> bool:
    """ "an agreement for Hungarian jets to patrol Slovak airspace": what follows "for"
    is the subject of an infinitive, the accord's purpose, not the thing ordered."""
    things = tree.objects_of(noun, "for")
    return bool(things) and all(_infinitive_follows(tree, max(tree.subtree(t))) for t in things)


def _infinitive_follows(tree: Tree, last: int) -> bool:
    """ "to patrol" right after a phrase, active ("for frigates to be built in Callao"
    names what is ordered)."""
    after = tree.tokens[last + 1 : last + 3]
    return (
        len(after) == 2 and after[0].tag == "TO" and after[1].tag == "VB" and after[1].lemma != "be"
    )


def _foreign_base(tree: Tree, base: int, actors: Sequence[ActorSpan]) -> bool:
    """ "the French military base in Niger": the state named before the base is not
    the one it lies in, so the base itself is a foreign presence (where it lies, not
    what a clause about it names: "the navy's base at Pekua, where it keeps two
    submarines bought from China")."""
    phrase = tree.phrase(base, _CLAUSAL)
    owners = {s.actor.country for s in actors if s.head in phrase and s.head < base}
    places = {s.actor.country for s in actors if s.head in phrase and s.head > base}
    return bool(owners and places and owners - places)


def _led_from_own_base(tree: Tree, base: int, actors: Sequence[ActorSpan], cues: Cues) -> bool:
    """ "Sweden, Finland and Norway began the exercise, led from the Swedish naval base
    at Karlskrona": where a party commands from is its own base, not one lent."""
    preposition = tree.head(base)
    if preposition is None or tree.lemma(preposition) != "from":
        return False
    verb = tree.head(preposition)
    if verb is None or tree.lemma(verb) not in cues.holding | {"run"}:
        return False
    owners = {
        span.actor.country
        for span in actors
        if span.head in tree.child_with(base, frozenset({"amod", "poss", "compound"}))
    }
    # the clause the participle describes: "began the exercise, led from ..."
    above = tree.head(verb)
    clause = above if above is not None and tree.tokens[verb].dep in ("advcl", "acl") else verb
    subjects = {t for s in subject_of(tree, clause) for t in tree.subtree(s)}
    doers = {span.actor.country for span in actors if span.head in subjects}
    return bool(owners) and owners <= doers


#: places named for what is done on them ("training range", "exercise area")
_GROUNDS = frozenset({"range", "ground", "area", "field", "site", "facility"})

#: not the verb: "trains Somali troops at its base in Mogadishu" uses a base abroad
_TRAINING_WORDS = frozenset({"training", "course", "learn"})


def current_edition(tree: Tree, noun: int, cues: Cues) -> bool:
    """ "this year's edition", "the current round": the one being reported, not
    "the 2023 edition" or "every edition since 2005"."""
    return tree.lemma(noun) in cues.editions and any(
        tree.lemma(t) in cues.current_edition
        for c in tree.child_with(noun, frozenset({"amod", "poss", "det"}))
        for t in tree.subtree(c)
    )


def _sent_to_help(tree: Tree, verb: int, cues: Cues) -> bool:
    """Forces sent, stationed or deployed to help a state ("to help the police", "to
    shore up the government"), to fight its armed groups, or in a peace mission
    there ("as part of the AU mission in Somalia"): military aid."""
    return (
        _sent_for(tree, verb, cues.helping)
        or _sent_against_insurgents(tree, verb, cues)
        or _sent_in_peace_mission(tree, verb, cues)
    )


def _helpers(tree: Tree, sent: Sequence[int], cues: Cues) -> bool:
    """ "a military medical team", "an army engineering team": forces whose trade is to
    help, sent abroad, help whatever the sentence says they are for."""
    return any(tree.lemma(t) in cues.helping_trades for s in sent for t in tree.subtree(s))


def _sent_in_peace_mission(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "will deploy troops to Somalia as part of the new AU mission", "sent a battalion
    under the UN peacekeeping mission", "to join the regional force": forces in a
    peace mission help the state it serves (not "as part of NATO's forward presence")."""
    frames = [
        p
        for node in (verb, *tree.child_with(verb, frozenset({"dobj", "nsubjpass"})))
        for p in tree.prepositions(node, *_MISSION_PREPOSITIONS)
    ]
    frames += [
        c for c in tree.child_with(verb, frozenset({"advcl", "xcomp"})) if tree.lemma(c) == "join"
    ]
    return any(cues.peace_missions.search(tree.phrase_text(f)) for f in frames)


#: how a deployment names the mission it serves: "as part of", "under", "within", "for"
_MISSION_PREPOSITIONS = frozenset({"as", "under", "within", "for", "in"})


def _sent_against_insurgents(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "deployed troops to Mozambique to fight insurgents": forces sent to fight a
    host's armed groups help it (fighting a state is war, never aid)."""
    if any(
        tree.lemma(c) in cues.fighting
        and any(tree.lemma(o) in cues.insurgents for o in tree.child_with(c, frozenset({"dobj"})))
        for c in _purposes(tree, verb)
    ):
        return True
    # "sent soldiers to Rwanda to battle insurgents", where the parser reads "battle
    # insurgents" as a noun phrase under "to"
    return any(
        tree.lemma(o) in cues.insurgents
        and any(tree.lemma(c) in cues.fighting for c in tree.child_with(o, _NOUN_MODIFIERS))
        for p in tree.prepositions(verb, "to")
        for o in tree.child_with(p, _POBJ)
    )


_NOUN_MODIFIERS = frozenset({"compound", "amod"})


def _equipment_tokens(sentence: Sentence, found: list[tuple[int, int, str]]) -> set[int]:
    """The tokens of the equipment named in the sentence."""
    return {
        i
        for start, end, _ in found
        for i in tokens_covering(sentence, sentence.start + start, sentence.start + end)
    }


def ship_visitors(tree: Tree, visit: int, cues: Cues) -> list[int]:
    """ "a visit by Turkish warships to Port Sudan", "the visit of two Indian
    warships", "the frigate's visit": the visitors of a visit noun that are ships."""
    visitors = [
        *tree.objects_of(visit, "by"),
        *tree.objects_of(visit, "of"),
        *tree.child_with(visit, frozenset({"poss"})),
    ]
    # "paid a goodwill visit to Karachi", "arrived in Apia on a goodwill visit"
    verb = object_governor(tree, visit, through=frozenset({"on", "for"}))
    if verb is not None:
        # "two Chinese destroyers paid a goodwill visit to Karachi"
        visitors += subject_of(tree, verb)
    return [v for v in visitors if names_ship(tree, v, cues)]


def names_ship(tree: Tree, noun: int, cues: Cues) -> bool:
    """ "Turkish warships", "the Indian frigate INS Tabar", "HMAS Anzac": the noun, or a
    word naming it, is a ship (not "the commander of the frigate", "a navy delegation")."""
    words = [noun, *tree.child_with(noun, _SHIP_NAME_PARTS)]
    return any(
        tree.lemma(w) in cues.vessels
        # a navy's prefix: "INS", "HMAS" (not "navy" in "a navy delegation")
        or (tree.tokens[w].text.isupper() and cues.warships.fullmatch(tree.tokens[w].text))
        for w in words
    )


#: words in a ship's name that may say it is one ("the Indian frigate INS Tabar")
_SHIP_NAME_PARTS = frozenset({"compound", "appos", "amod"})


def _none_of(tree: Tree, noun: int) -> bool:
    """ "sent delegations but no ships": a noun whose determiner denies it."""
    return any(
        tree.lemma(c) == "no" and tree.tokens[c].dep in ("det", "neg") for c in tree.children[noun]
    )


def _group_of_civilians(tree: Tree, word: int, cues: Cues) -> bool:
    """ "a team of 25 rescuers": a group is what its members are."""
    members = tree.objects_of(word, "of")
    return (
        tree.lemma(word) in cues.force_groups
        and bool(members)
        and not any(
            tree.lemma(m) in cues.forces | cues.military_trades | cues.drill_assets
            or cues.military.search(tree.phrase_text(m))  # "a company of infantry"
            for m in members
        )
    )


def _forces_sent_problem(
    tree: Tree,
    sentence: Sentence,
    verb: int,
    trigger_tokens: tuple[int, ...],
    actors: Sequence[ActorSpan],
    cues: Cues,
) -> str | None:
    """ "France deployed a frigate" after a drill is named: forces sent to no state
    named, for no other purpose, take part in that drill (who sends is the subject:
    "missiles will be deployed near Taiwan" names no one taking part)."""
    objects = tree.child_with(verb, frozenset({"dobj"}))
    # "flew in 80 troops": the parser takes the verb's particle for a preposition
    objects += [
        o
        for p in tree.child_with(verb, frozenset({"prep"}))
        if p in trigger_tokens
        for o in tree.child_with(p, frozenset({"pobj"}))
    ]
    if tree.child_with(verb, frozenset({"auxpass"})):
        # "contingents from Egypt and Kuwait are deployed alongside British units": forces
        # whose own phrase names their states (not "missiles will be deployed near ...")
        objects += [
            s
            for s in tree.child_with(verb, frozenset({"nsubjpass"}))
            if tree.lemma(s) in cues.forces and any(span.head in tree.subtree(s) for span in actors)
        ]
        if tree.child_with(verb, frozenset({"agent"})):
            # "ships and aircraft have been sent by Australia and Japan": the senders named
            objects += [
                item
                for s in tree.child_with(verb, frozenset({"nsubjpass"}))
                for item in tree.conjuncts(s)
            ]
    equipment = load_equipment()
    sendable = cues.forces | cues.drill_assets
    # "a company of paratroopers": what the unit is made of is what is sent; "a
    # platoon and staff officers", which the parser reads as "platoon ... officers"
    sent = [
        word
        for o in objects
        for list_item in tree.conjuncts(o)
        for word in (
            list_item,
            *tree.objects_of(list_item, "of"),
            *tree.child_with(list_item, frozenset({"nmod"})),
        )
    ]
    if not any(
        tree.lemma(word) in sendable
        or equipment.find(tree.phrase_text(word))
        or _names_a_ship(tree, word, cues)
        for word in sent
        if not _none_of(tree, word) and not _group_of_civilians(tree, word, cues)
    ):
        return "needs troops, ships or aircraft as what is sent; none found"
    if _states_under(tree, verb, ("to", "into"), actors):
        return "forces sent to a state are deployed there, not taking part in a drill"
    if any(
        is_drill(tree, o)
        and any(
            tree.lemma(c) in ("both", "all") or tree.tokens[c].dep == "nummod"
            for c in tree.children[o]
        )
        for o in tree.objects_of(verb, "to")
    ):
        # "Bangladesh is sending ships to both exercises": each drill's own list
        # says who takes part in which
        return "forces sent to several drills at once join none named here"
    destinations = [
        o
        for p in tree.child_with(verb, _PREPOSITION)
        if tree.lemma(p) in ("to", "into")
        for o in tree.child_with(p, frozenset({"pobj"}))
    ]
    if any(not is_drill(tree, o) for o in destinations):
        return "forces sent to a base or a place are deployed there, not taking part in a drill"
    if _purposes(tree, verb):
        return "forces sent for a purpose of their own ('to help', 'to patrol')"
    if _carrying_relief(tree, sent, cues):
        return "aircraft or forces sent with relief are on a mission of their own"
    if any(
        tree.lemma(w) in cues.onlookers
        for word in sent
        # "an observer team", "a monitoring mission": what the unit is for
        for w in (word, *tree.child_with(word, _NOUN_MODIFIERS))
    ) or any(
        tree.lemma(c) in cues.onlookers or as_onlookers(tree, c, cues)
        for word in sent
        for c in tree.child_with(word, frozenset({"relcl", "acl"}))
    ):
        return "those sent watch ('officers who will follow the drill as observers')"
    if speaks_of_war(sentence, cues):
        return "forces sent in a war or an attack take part in no drill"
    return None


#: words of hostilities that, as nouns, name munitions made or sold ("155mm shells")
_MUNITIONS = frozenset({"shell", "bomb"})


def _hostilities_by_a_state(tree: Tree, actors: Sequence[ActorSpan], cues: Cues) -> bool:
    """ "condemned the US-Colombian strikes", "accused Armenia of shelling villages": a
    deed of war that a state does is military conduct, whatever other words are
    missing; not "condemned the attack on the embassy", whose doer is unnamed."""
    states = state_codes()
    for t, token in enumerate(tree.tokens):
        if token.lemma not in cues.hostilities or token.pos not in ("NOUN", "VERB"):
            continue
        if token.lemma in _MUNITIONS and token.pos == "NOUN":
            continue
        if token.lemma in _ALSO_PEACEFUL and token.pos == "NOUN" and not _aimed(tree, t):
            continue  # "the French strikes that shut down rail services"
        doers = [c for c in tree.children[t] if tree.tokens[c].dep in _DOER_DEPS]
        if token.pos == "VERB":
            doers += subject_of(tree, t)
        above = tree.head(t)
        accusing = tree.head(above) if above is not None and tree.lemma(above) == "of" else None
        if accusing is not None:
            # "accused Armenia of shelling": the accused does it
            doers += tree.child_with(accusing, frozenset({"dobj"}))
        if any(actors[i].actor.country in states for i in actors_under(tree, doers, list(actors))):
            return True
    return False


def _sanctions_criticised(tree: Tree, verb: int, actors: Sequence[ActorSpan]) -> bool:
    """ "Russia condemned the new EU sanctions", "denounced the US sanctions": criticism
    of an actor's sanctions (GUIDELINES: it counts), whoever the sanctions are on."""
    nouns = one_word_nouns("sanction", frame="impose_noun")
    every = list(actors)
    for noun in tree.child_with(verb, frozenset({"dobj"})):
        if tree.lemma(noun) not in nouns:
            continue
        doers = [c for c in tree.children[noun] if tree.tokens[c].dep in _DOER_DEPS]
        doers += [
            a
            for c in tree.child_with(noun, frozenset({"acl"}))
            for a in tree.child_with(c, frozenset({"agent"}))
        ]
        if actors_under(tree, doers, every):
            return True  # a state or a body of states ("the new EU sanctions")
    return False


def _aimed(tree: Tree, noun: int) -> bool:
    """ "strikes on rebel camps", "air strikes", "drone raids": a blow aimed at
    someone or dealt from the air, not a walk-out or a police search."""
    return bool(tree.prepositions(noun, "on") or tree.prepositions(noun, "against")) or any(
        tree.lemma(c) in _WEAPONS_OF_A_BLOW for c in tree.child_with(noun, _NOUN_MODIFIERS)
    )


#: deeds of war whose word has a peaceful sense too ("a general strike", "police raids")
_ALSO_PEACEFUL = frozenset({"strike", "raid"})
_WEAPONS_OF_A_BLOW = frozenset(
    {"air", "missile", "drone", "rocket", "artillery", "military", "naval", "aerial", "retaliatory"}
)

#: how a deed of war names its doer: "Colombian strikes", "Russia's attack", "US-led raids"
_DOER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "nsubj", "agent"})


def speaks_of_war(sentence: Sentence, cues: Cues) -> bool:
    """The sentence speaks of a war or an attack: not "155mm shells", "the Joint
    Strike Fighter", whose words of hostilities name things."""
    return any(
        t.lemma in cues.hostilities
        and not (t.lemma in _MUNITIONS and t.pos == "NOUN")
        and not (t.pos == "PROPN" or (t.dep == "compound" and t.text[:1].isupper()))
        for t in sentence.tokens
    )


def hosts_guests(
    tree: Tree, verb: int, actors: Sequence[ActorSpan], guests: frozenset[str]
) -> bool:
    """Whether what the verb hosts or receives is one of `guests` ("hosted the army
    chief") or an official named by name ("hosted Uganda's Gen. Moses Kato")."""
    hosted = [c for o in tree.child_with(verb, _OBJECTS) for c in tree.conjuncts(o)]
    return any(
        tree.lemma(o) in guests
        or any(s.actor.kind == "official" and s.head in tree.subtree(o) for s in actors)
        for o in hosted
    )


#: places of military education one attends (not a "centre", which may be anything)
_SCHOOLS_ATTENDED = frozenset({"school", "institute", "university", "institution"})


def _purpose_of_sending(tree: Tree, noun: int) -> int | None:
    """The verb of sending whose "for ..." the noun (or the noun it modifies) is."""
    noun = tree.phrase_top(noun)
    prep = tree.head(noun)
    if prep is None or tree.lemma(prep) != "for" or tree.tokens[noun].dep != "pobj":
        return None
    verb = tree.head(prep)
    if verb is not None and tree.tokens[verb].dep == "dobj":
        verb = tree.head(verb)  # "sent 20 cadets for pilot training": hung on the cadets
    return verb if verb is not None and tree.lemma(verb) in ("send", "dispatch") else None


def travel_for_training(tree: Tree, course: int, cues: Cues) -> int | None:
    """ "a first group of 30 technicians will travel to South Korea for courses",
    "cadets arrived in Turkey for training": the verb by which soldiers go somewhere to
    take a course or training (one they are sent for is read by the sending verb)."""
    purpose = tree.head(course)
    if tree.tokens[course].dep != "pobj" or purpose is None or tree.lemma(purpose) != "for":
        return None
    verb = tree.head(purpose)
    if verb is None or tree.lemma(verb) not in cues.travelling:
        return None
    people = [counted(tree, p, cues) for p in subject_of(tree, verb)]
    return verb if any(tree.lemma(p) in cues.personnel for p in people) else None


def counted(tree: Tree, noun: int, cues: Cues) -> int:
    """ "dozens of officers": what a number word counts."""
    if tree.lemma(noun) in cues.quantities:
        things = tree.objects_of(noun, "of")
        if things:
            return things[0]
    return noun


def _sent_for_training(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "sent 30 officers to Britain for training", "sends cadets to Indian military
    academies": people, sent for a course or to a school."""
    sent = tree.child_with(verb, frozenset({"dobj", "nsubjpass"}))
    if not sent and tree.tokens[verb].dep == "xcomp" and (above := tree.head(verb)) is not None:
        # "Somali officers continue to be sent to Turkish war colleges": the subject of
        # the verb the infinitive completes
        sent = subject_of(tree, above)
    people = [c for o in sent for c in tree.conjuncts(counted(tree, o, cues))]
    purposes = [
        o
        for holder in (verb, *people)
        for p in tree.child_with(holder, frozenset({"prep"}))
        if tree.lemma(p) == "for"
        for o in tree.child_with(p, frozenset({"pobj"}))
    ]
    # "sent officers to Nigeria's military institutions": where they go is a school
    schools = [o for holder in (verb, *people) for o in tree.objects_of(holder, "to")]
    return any(tree.lemma(o) in cues.military_personnel for o in people) and (
        any(
            tree.lemma(w) in cues.training_purposes
            for o in purposes
            for w in (o, *tree.children[o])
        )
        or any(tree.lemma(o) in cues.schools | _SCHOOLS_ATTENDED for o in schools)
        or _sent_to_learn(tree, verb, cues)
    )


def _represented_problem(tree: Tree, verb: int, trigger: Trigger, cues: Cues) -> str | None:
    """ "Ghana is represented by a military police section", "Burundi was represented by
    its deputy chief": a state taking part through the forces (in a drill) or the
    officials (at a meeting) that stand for it."""
    if not tree.child_with(verb, frozenset({"auxpass"})):
        return "represents someone ('the lawyer represents Chile'), is not represented"
    by = [
        o
        for a in tree.child_with(verb, frozenset({"agent"}))
        for o in tree.child_with(a, frozenset({"pobj"}))
    ]
    if any(tree.lemma(w) in cues.onlookers for o in by for w in tree.subtree(o)):
        # "represented by officers who are following the exercise as observers"
        return "represented by observers, who watch and take no part"
    if trigger.type == "defense_meeting":
        if not _meeting_people(tree, by, cues):
            return "represented by no delegates or officials"
        return None
    if not any(
        tree.lemma(o) in cues.forces or _military_context(tree.phrase_text(o), cues) for o in by
    ):
        return "represented by no forces ('represented by its ambassador')"
    return None


def _attendees_arrived_problem(
    tree: Tree, verb: int, actors: Sequence[ActorSpan], cues: Cues
) -> str | None:
    """ "Delegates came from India, Nepal and Bhutan" after a symposium is named: people
    who come to meetings, arriving from states bound for no state named, attend it."""
    comers = listed_subjects(tree, verb)
    if not _meeting_people(tree, comers, cues):
        return "who arrives is no delegates or officials"
    if _states_under(tree, verb, _ARRIVED_IN, actors):
        return "officials arriving in a state visit it, not a meeting named before"
    return None


#: where one arrives: "arrived in Kathmandu", "came to Accra", "arrived at Tema"
_ARRIVED_IN = ("in", "to", "into", "at")


def _meeting_people(tree: Tree, nouns: Sequence[int], cues: Cues) -> bool:
    """Whether one of the nouns names people who come to meetings (delegates,
    officials, a delegation)."""
    people = cues.gathered_people | cues.envoys
    return any(tree.lemma(n).lower() in people for n in nouns)


def _sitters(tree: Tree, session: int) -> list[int]:
    """Who sits in a session: its own words ("a session of the council of defence
    ministers") and the subjects of the verb it hangs on ("the chiefs were in
    Niamey for a session", "the ministers held a session")."""
    governor = tree.head(session)
    if governor is not None and tree.tokens[governor].dep == "prep":
        governor = tree.head(governor)
    holders = subject_of(tree, governor) if governor is not None else []
    return [t for top in [session, *holders] for t in tree.subtree(top)]


def forces_or_ships(tree: Tree, noun: int, cues: Cues) -> bool:
    """Troops, units, ships or aircraft by their noun, or a warship by its name ("INS
    Kavaratti", "the frigate Almirante Grau")."""
    return (
        tree.lemma(noun) in cues.forces | cues.drill_assets
        or _names_a_ship(tree, noun, cues)
        or _prefixed_ship(tree, noun, cues)
    )


def _prefixed_ship(tree: Tree, noun: int, cues: Cues) -> bool:
    """A warship named with its navy's prefix: "INS Kavaratti", "HMAS Choules" (not
    "navy" in "the navy chiefs")."""
    return any(
        tree.tokens[c].text.isupper() and cues.warships.fullmatch(tree.tokens[c].text)
        for c in tree.child_with(noun, frozenset({"compound"}))
    )


def _names_a_ship(tree: Tree, noun: int, cues: Cues) -> bool:
    """ "the offshore patrol vessel SLNS Vijayabahu", "its coast guard ship Huravee": a
    ship named by name after the word for it."""
    return tree.tokens[noun].text[:1].isupper() and any(
        tree.lemma(c) in cues.vessels for c in tree.child_with(noun, frozenset({"compound"}))
    )


def _forces_arrived_problem(
    tree: Tree, verb: int, actors: Sequence[ActorSpan], cues: Cues
) -> str | None:
    """ "Contingents have come from Namibia and Zambia" after a drill is named: forces
    that arrive from states, bound for no state named, take part in that drill."""
    comers = listed_subjects(tree, verb)
    ships = [
        c
        for c in comers
        if tree.lemma(c) in cues.vessels | cues.drill_assets or _names_a_ship(tree, c, cues)
    ]
    if not ships and not any(tree.lemma(c) in cues.forces for c in comers):
        return "what arrives is no troops or units"
    if _states_under(tree, verb, _ARRIVED_IN, actors):
        return "forces arriving in a state are deployed there, not taking part in a drill"
    if _passes_by(tree, verb, cues):
        return "forces passing by ('arrived near the exercise area'), not taking part"
    if _purposes(tree, verb):
        return "forces arriving for a purpose of their own ('to help', 'to patrol')"
    return None


def _forces_drilled_problem(
    tree: Tree, verb: int, actors: Sequence[ActorSpan], cues: Cues
) -> str | None:
    """ "About 1,800 troops from Kenya, Uganda and Rwanda trained for ten days" after a
    drill is named: forces that drill, training no one, trained by no one and in no
    state named, take part in that drill; so do ships that sail ("Frigates from Chile
    and Peru sailed from Valparaiso")."""
    if not any(
        tree.lemma(c) in cues.forces
        or (
            (tree.lemma(c) in cues.drill_assets or cues.warships.search(tree.lemma(c)))
            and not _civilian_kind(tree, c, actors, cues)
        )
        for c in listed_subjects(tree, verb)
    ):
        return "who drills is no troops, units or ships"
    # "trained Somali recruits", not "trained in peace support, counter-terrorism ...",
    # which the parser may make the verb's object
    trained = [
        o
        for o in tree.child_with(verb, frozenset({"dobj"}))
        if tree.lemma(o) in cues.personnel | cues.forces or actors_under(tree, [o], list(actors))
    ]
    if tree.child_with(verb, frozenset({"agent", "auxpass", "nsubjpass"})) or (
        tree.lemma(verb) in cues.instructing and trained
    ):
        # "practised beach landings" is a drill; "trained Somali recruits" is training
        return "trains someone or is trained by someone (the training rule reads it)"
    if _states_under(tree, verb, ("in", "at", "with", "alongside", "under"), actors):
        return "drills in or with a state named (read by the training or drill rules)"
    if _states_under(tree, verb, ("to", "for"), actors):
        return "sails or flies on to a state ('the detachments fly on to Japan'), elsewhere"
    if _passes_by(tree, verb, cues):
        return "forces passing by ('sailed close to the drills'), not taking part"
    return None


def _passes_by(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "Two Russian warships sailed close to the drills": a ship or aircraft going
    near a drill or its area watches or shadows it; it does not join it (not
    "practised landings near Paracas")."""
    near = [
        word
        for word in tree.child_with(verb, frozenset({"prep", "advmod"}))
        if tree.lemma(word) in cues.passing_by
    ]
    places = [
        o for word in near for o in (*tree.child_with(word, _POBJ), *tree.objects_of(word, "to"))
    ]
    return any(
        is_drill(tree, o)
        or (
            tree.lemma(o) in cues.drill_places
            and any(is_drill(tree, c) for c in tree.child_with(o, frozenset({"compound"})))
        )
        for o in places
    )


def _civilian_kind(tree: Tree, noun: int, actors: Sequence[ActorSpan], cues: Cues) -> bool:
    """Whether a word before a ship's or a team's noun makes it no military one
    ("fishing boats", "football teams"; not "navy ships", "Peruvian frigates")."""
    named = {t for span in actors for t in span.tokens}
    kinds = [m for m in tree.child_with(noun, _MODIFIER_DEPS) if m not in named]
    return any(not cues.military.search(tree.tokens[m].text) for m in kinds)


def _forces_paraded_problem(tree: Tree, verb: int, cues: Cues) -> str | None:
    """ "Troops from Nepal and Japan lined up for the opening ceremony" after a drill
    is named: forces on parade at a ceremony take part in that drill (not officials
    who attend it, nor troops marching through a capital)."""
    if not any(tree.lemma(c) in cues.forces for c in listed_subjects(tree, verb)):
        return "who parades is no troops or units"
    ceremonies = [
        o
        for p in tree.prepositions(verb, "for", "at", "during")
        for o in tree.child_with(p, _POBJ)
        if tree.lemma(o) in cues.drill_ceremonies
    ]
    if not ceremonies:
        return "parades at no ceremony ('lined up for the opening ceremony')"
    return None


def _forces_completing_problem(
    tree: Tree, verb: int, actors: Sequence[ActorSpan], cues: Cues
) -> str | None:
    """ "Malian engineers and a Mauritanian medical team complete the contingent" after
    a drill is named: forces making up its line-up take part in it (not "complete the
    course", nor "officials make up the delegation")."""
    completers = listed_subjects(tree, verb)
    if tree.tokens[verb].dep == "acl":
        # "with Ivorian and Beninese commandos completing the line-up"
        completers += tree.conjuncts(tree.tokens[verb].head)
    if not any(
        tree.lemma(c) in cues.forces
        or (tree.lemma(c) in cues.drill_assets and not _civilian_kind(tree, c, actors, cues))
        or tree.lemma(c) in cues.military_trades
        for c in completers
    ):
        return "who completes it is no troops, units, ships or aircraft"
    completed = [*tree.child_with(verb, frozenset({"dobj"})), *tree.objects_of(verb, "of")]
    # "the line-up", which the tokenizer splits at the hyphen; "are leading the
    # amphibious phase": a part of the drill
    if not any(
        _compound_text(tree, o).lower() in cues.drill_rosters
        or (tree.lemma(o) in cues.happening_parts and tree.definite(o))
        for o in completed
    ):
        return "completes no contingent, force, line-up or part of a drill"
    return None


def _compound_text(tree: Tree, noun: int) -> str:
    """A noun with the words and hyphens compounded into it: "line-up", "task force"."""
    words = sorted(
        [noun, *(c for c in tree.children[noun] if c < noun and tree.tokens[c].dep in _JOINED)]
    )
    return " ".join(tree.tokens[w].text for w in words).replace(" - ", "-")


_JOINED = frozenset({"compound", "punct"})


def _states_under(
    tree: Tree, verb: int, prepositions: tuple[str, ...], actors: Sequence[ActorSpan]
) -> bool:
    """An actor is named under one of the verb's `prepositions` ("sent to Latvia")."""
    return bool(actors_under(tree, tree.prepositions(verb, *prepositions), list(actors)))


def _asks_for_help(tree: Tree, verb: int, cues: Cues) -> bool:
    """What is asked for is help or forces: "asked Russia for military assistance",
    "requested troops from Rwanda", "asked Rwanda to deploy troops"."""
    asked = [*tree.child_with(verb, frozenset({"dobj"})), *tree.objects_of(verb, "for")]
    for wanted in tree.child_with(verb, frozenset({"xcomp", "ccomp"})):
        if tree.lemma(wanted) in cues.sending or tree.lemma(wanted) in ("deploy", "provide"):
            asked += tree.child_with(wanted, frozenset({"dobj"}))
    return any(
        tree.lemma(a) in cues.aid_asked_for or _is_force(tree, a, cues, trades=True) for a in asked
    )


def _granted_passage(tree: Tree, noun: int, cues: Cues) -> bool:
    """ "opened its airspace to ...", "allowed convoys to transit its territory", "granted
    Turkish planes an air corridor": the space is what a granting verb gives, what a
    verb of passage it governs crosses (not "flushed insurgents out of its territory"),
    or where forces it lets in work ("lets Japanese troops train on its soil")."""
    noun = tree.list_head(noun)  # "access to Lombrum and five other locations"
    verb = tree.head(noun)
    if (
        verb is not None
        and tree.tokens[noun].dep == "pobj"
        and tree.lemma(verb) in ("on", "in", "from")
    ):
        # "allows British troops to train on its soil", "lets drones operate from its
        # territory": forces at work in the space
        at_work = tree.head(verb)
        return (
            at_work is not None
            and tree.lemma(at_work) in cues.working_alongside
            and any(tree.lemma(n) in cues.granting for n in tree.ancestors(at_work)[:2])
        )
    access = tree.head(verb) if verb is not None else None
    if (given_access := _access_to(tree, noun)) is not None:
        # "granted Japan access to two airfields": the space is what access is given to
        noun, verb = given_access, tree.head(given_access)
    elif (
        verb is not None
        and access is not None
        and tree.tokens[noun].dep == "pobj"
        and tree.lemma(verb) == "to"
        and (given := [o for o in tree.child_with(access, _OBJECTS) if tree.lemma(o) == "access"])
    ):
        # "gave the US access to four military sites": the parser hangs "to" on the verb
        noun, verb = given[0], access
    if verb is None or tree.tokens[noun].dep not in ("dobj", "dative"):
        return False
    if tree.lemma(verb) in cues.granting:
        return True
    return tree.lemma(verb) in _PASSING and any(
        tree.lemma(n) in cues.granting for n in tree.ancestors(verb)[:2]
    )


def _access_to(tree: Tree, place: int) -> int | None:
    """The "access" a place is the object of ("access to two airfields"), if any."""
    to = tree.head(place)
    access = tree.head(to) if to is not None else None
    if (
        tree.tokens[place].dep == "pobj"
        and to is not None
        and tree.lemma(to) == "to"
        and access is not None
        and tree.lemma(access) == "access"
    ):
        return access
    return None


def _access_given_to_civilians(tree: Tree, noun: int, cues: Cues) -> bool:
    """ "Journalists were given access to the site", "inspectors were granted access":
    who is let in is people who are no forces (a state or its forces may be)."""
    access = _access_to(tree, tree.list_head(noun))
    verb = tree.head(access) if access is not None else None
    if verb is None:
        return False
    given = tree.child_with(verb, frozenset({"dative", "nsubjpass"}))
    return any(
        tree.tokens[g].pos == "NOUN" and tree.lemma(g) not in cues.forces | cues.military_personnel
        for g in given
    )


#: verbs by which forces pass through a space: "to transit its territory"
_PASSING = frozenset({"use", "transit", "cross", "overfly", "enter", "access", "traverse", "pass"})


def _fought_beside_problem(
    tree: Tree, beside: int, actors: Sequence[ActorSpan], cues: Cues
) -> str | None:
    """ "Burundian troops are fighting the M23 alongside the Congolese army": forces, or
    a state, fighting beside a state's forces (not "volunteers from Georgia", nor
    "the army fought alongside civilians to contain the floods")."""
    verb = tree.head(beside)
    if verb is None or tree.lemma(verb) not in cues.fighting:
        return "alongside no verb of fighting ('fighting alongside the Congolese army')"
    military = {s.head for s in actors if s.actor.kind == "military"}
    states = {s.head for s in actors if s.actor.kind == "state"}

    def force(noun: int) -> bool:
        return noun in military or _is_force(tree, noun, cues)

    if not any(force(o) for o in tree.child_with(beside, frozenset({"pobj"}))):
        return "fights alongside no forces of a state ('alongside the Congolese army')"
    fighters = subject_of(tree, verb)
    above = tree.head(verb)
    if not fighters and above is not None and tree.tokens[verb].dep == "acl":
        fighters = [above]  # "soldiers fighting alongside ..."
    elif not fighters and above is not None and tree.tokens[verb].dep == "advcl":
        # "has 10,000 soldiers in Congo fighting ...", "soldiers, fighting ..., were killed"
        fighters = tree.child_with(above, frozenset({"dobj"})) or subject_of(tree, above)
    if not any(force(f) or f in states for f in fighters):
        return "who fights is no forces or state ('Burundian troops', not 'volunteers')"
    return None


def _materiel_for_forces(tree: Tree, head: int, actors: Sequence[ActorSpan], cues: Cues) -> bool:
    """ "donated equipment to the Somali National Army": goods named only in general
    ("equipment", "supplies") are materiel when the forces of a state receive them
    (named as such, or "the Cambodian army", "Ghana's navy")."""
    given = tree.child_with(head, _OBJECTS)
    if not any(tree.lemma(g) in cues.materiel_in_general for g in given):
        return False
    # "to the army" on the verb, or on what is given, as the parser may hang it
    to_whom = [p for w in (head, *given) for p in tree.prepositions(w, "to")]
    receiving = {
        t for w in to_whom + tree.child_with(head, frozenset({"dative"})) for t in tree.subtree(w)
    }
    return any(span.head in receiving and span.actor.kind == "military" for span in actors) or any(
        tree.tokens[t].dep in ("pobj", "dative") and _armed_service(tree, t, cues)
        for t in receiving
    )


def _armed_service(tree: Tree, noun: int, cues: Cues) -> bool:
    """ "the army", "Papua New Guinea's defence force": a noun naming armed forces,
    alone or with its modifiers (not "the police force")."""
    modifiers = [
        tree.lemma(c).lower()
        for c in tree.child_with(noun, frozenset({"amod", "compound"}))
        if c < noun
    ]
    return bool({tree.lemma(noun), " ".join([*modifiers, tree.lemma(noun)])} & cues.armed_services)


def _team_of_named_force(tree: Tree, noun: int, actors: Sequence[ActorSpan], cues: Cues) -> bool:
    """ "a PLA medical team", "an Indian Army engineering unit": a team of a helping
    trade that a named armed force owns is a force sent to help."""
    if tree.lemma(noun) not in cues.force_groups | cues.forces:
        return False
    owners = {
        t
        for c in tree.child_with(noun, frozenset({"amod", "compound", "nmod", "poss"}))
        for t in tree.subtree(c)
    }
    return any(tree.lemma(t) in cues.helping_trades for t in owners) and any(
        span.head in owners and span.actor.kind == "military" for span in actors
    )


def _is_force(tree: Tree, noun: int, cues: Cues, trades: bool = False) -> bool:
    """Troops or a unit ("a team of soldiers"); with `trades`, people of a military trade
    too, who are sent to help rather than to be hosted: "a team of military engineers",
    "army medics" (an engineer or a medic alone may be a civilian; officers sent abroad
    are as often sent to study)."""
    if tree.lemma(noun) in cues.forces:
        return True
    military_word = any(
        tree.lemma(m) in _MILITARY_ADJECTIVES
        # "an army medical team": the parser may call "army" a nominal modifier
        for c in tree.child_with(noun, _MODIFIER_DEPS)
        for m in tree.subtree(c)
    )
    if tree.lemma(noun) in cues.force_groups:
        # "a team of soldiers"; with trades, "an army engineering team" too
        return (trades and military_word) or any(
            _is_force(tree, o, cues, trades) for o in tree.objects_of(noun, "of")
        )
    return trades and tree.lemma(noun) in cues.military_trades and military_word


def _deploying_subjects(tree: Tree, verb: int) -> list[int]:
    """The subject of an intransitive verb of deployment, or of the verb whose
    complement it is ("troops will be able to deploy", "troops can deploy")."""
    node: int | None = verb
    for _ in range(3):
        if node is None:
            break
        subjects = tree.child_with(node, frozenset({"nsubj"}))
        if subjects:
            return subjects
        if tree.tokens[node].dep not in ("xcomp", "acomp", "ccomp"):
            break
        node = tree.head(node)
    return []


def _forces_kept_there(tree: Tree, participle: int) -> list[int]:
    """The forces a participle describes when a state has or keeps them there ("has
    900 troops based in Qatar", "keeps soldiers deployed in Lebanon")."""
    if tree.tokens[participle].dep != "acl" or tree.tokens[participle].tag != "VBN":
        return []
    forces = tree.head(participle)
    if forces is None or tree.tokens[forces].dep != "dobj":
        return []
    holder = tree.head(forces)
    if holder is None or tree.lemma(holder) not in ("have", "keep", "maintain"):
        return []
    return [forces]


def _sent_to_instruct(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "sent troops to Somalia to train its army": sent to train others (an object of
    the training); not "sent troops to Russia to train on new tanks", where those
    sent are trained."""
    return any(
        tree.lemma(c) in cues.instructing and tree.child_with(c, frozenset({"dobj"}))
        for c in _purposes(tree, verb)
    )


def _sent_to_learn(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "sent 120 troops to Russia to train on new tanks": a purpose of training with
    no one else to train, nor anyone to train beside."""
    return any(
        tree.lemma(c) in cues.instructing | {"learn", "study"}
        and not tree.child_with(c, frozenset({"dobj"}))
        # "to train alongside Nigerien forces": together, not taught
        and not tree.prepositions(c, "with", "alongside")
        and not any(tree.lemma(a) in ("together", "jointly") for a in tree.children[c])
        for c in _purposes(tree, verb)
    )


def _sent_for(tree: Tree, verb: int, purposes: frozenset[str]) -> bool:
    """ "deployed troops to Mozambique to help fight insurgents": the sending's purpose."""
    return any(tree.lemma(c) in purposes for c in _purposes(tree, verb))


def _purposes(tree: Tree, verb: int) -> list[int]:
    """The infinitives saying what a verb is done for, and those the parser hangs on the
    noun of one of its phrases ("deployed at the request of Maputo to fight rebels",
    "sent troops as part of a regional force to fight rebels")."""
    nouns = [o for p in tree.child_with(verb, _PREPOSITION) for o in tree.child_with(p, _POBJ)]
    nouns += [o for n in nouns for o in tree.objects_of(n, "of")]
    # "the deployment of troops to Congo to help its army": a noun's own infinitive
    own = frozenset(
        {"advcl", "xcomp", "acl", "relcl"}
        if tree.tokens[verb].pos == "NOUN"
        else {"advcl", "xcomp"}
    )
    return [
        c
        for c in tree.child_with(verb, own)
        + [a for n in nouns for a in tree.child_with(n, frozenset({"acl", "relcl"}))]
        if tree.has_to(c)
    ]


def _signing_purpose(tree: Tree, noun: int) -> set[int]:
    """ "signed a deal last month to extend ...": the purpose of signing the noun; and
    "signed a letter of intent on cooperation in shell production": what it is on,
    which the parser often hangs on the verb."""
    verb = tree.head(noun)
    if verb is None or tree.tokens[noun].dep != "dobj":
        return set()
    purpose = {t for c in _purposes_of_signing(tree, noun) for t in tree.subtree(c)}
    return purpose | {
        t
        for p in tree.child_with(verb, frozenset({"prep"}))
        if p > noun and tree.lemma(p) in _ABOUT
        for t in tree.subtree(p)
    }


def _purposes_of_signing(tree: Tree, noun: int) -> list[int]:
    """The infinitives of the verb that signs the noun: "signed a deal last month to
    extend ...", "signed an agreement with Hanwha to locally produce howitzers"."""
    verb = tree.head(noun)
    if verb is None or tree.tokens[noun].dep != "dobj":
        return []
    return [c for c in tree.child_with(verb, frozenset({"advcl", "xcomp"})) if tree.has_to(c)]


def _what_accord_is_for(tree: Tree, accord: int) -> list[int]:
    """The "for" objects of an accord, or of the verb signing it, which the parser often
    takes them for: "signed a contract for the overhaul of its jets"."""
    signing = tree.head(accord)
    on_verb = tree.objects_of(signing, "for") if signing is not None else []
    return tree.objects_of(accord, "for") + (on_verb if tree.tokens[accord].dep == "dobj" else [])


#: what an accord is about, after its noun: "a memorandum on", "a letter regarding"
_ABOUT = frozenset({"on", "regarding", "concerning", "about"})


def civilian_base(tree: Tree, base: int, cues: Cues) -> bool:
    """ "a customer base", "its industrial base": no base for forces."""
    modifiers = tree.child_with(base, frozenset({"amod", "compound", "nmod", "poss"}))
    civilian = [m for m in modifiers if tree.lemma(m) in cues.civilian_bases]
    if not civilian or any(tree.lemma(m) != "support" for m in civilian):
        return bool(civilian)
    # "Italy's military support base", "a naval support base" are bases for forces
    return not cues.military.search(" ".join(tree.phrase_text(m) for m in modifiers))


def bases_in_content(tree: Tree, noun: int, cues: Cues) -> list[int]:
    """The bases an accord's own clauses are about: "a deal to extend its lease on a
    naval base", "an agreement that lets Japan expand its base"."""
    bases = one_word_nouns("basing_access", frame="use_noun")
    return sorted(
        t
        for t in accord_content(tree, noun)
        # the parser's lemma of "bases" may be "basis"
        if (tree.lemma(t) in bases or tree.tokens[t].text.lower() in bases)
        and not civilian_base(tree, t, cues)
    )


def accord_content(tree: Tree, noun: int) -> set[int]:
    """The words of an accord's own clauses: "a pact that allows Australian troops to
    use its bases", "a deal to extend its lease on a naval base"."""
    top = tree.phrase_top(noun)
    content = {
        t for c in tree.child_with(top, frozenset({"acl", "relcl"})) for t in tree.subtree(c)
    }
    return content | _signing_purpose(tree, top)


def gives_money(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "gave Pakistan $2 billion", "provided Manila with funds": what the verb gives
    is money (an amount spaCy tags as money, or a word for it)."""
    things = tree.child_with(verb, frozenset({"dobj", "nsubjpass"})) + tree.objects_of(verb, "with")
    return any(
        (
            tree.lemma(t) in cues.money
            or tree.tokens[t].ent_type == "MONEY"
            or any(tree.tokens[c].ent_type == "MONEY" for c in tree.children[t])
        )
        # "sent Hezbollah $700 million and thousands of rockets", "will ship $15 billion
        # worth of weaponry": the amount names materiel too
        and not any(
            load_equipment().find(tree.phrase_text(c))
            for c in tree.children[t]
            if tree.tokens[c].dep == "conj" or tree.lemma(c) in ("worth", "of")
        )
        for t in things
    )


def _deployed_not_handed_over(tree: Tree, sentence: Sentence, verb: int, cues: Cues) -> bool:
    """ "Russia sent a frigate to Havana for a port call", "Japan dispatched a destroyer
    to protect shipping", "India dispatched two warships to the Maldives": a navy's
    ships, or aircraft sent on a mission, stay their sender's (not "sent two
    decommissioned frigates", "began sending F-16s to Ukraine")."""
    if tree.lemma(verb) not in cues.sending:
        return False
    sent = tree.child_with(verb, frozenset({"dobj", "nsubjpass"}))
    if _carrying_relief(tree, [verb, *sent], cues):
        return True  # "aircraft with humanitarian aid" fly it in and go home
    if any(
        (t.lemma.lower() in cues.handed_over or t.text.lower() in cues.handed_over)
        # not a word of a name: "the British Army Training and Support Unit"
        and t.pos != "PROPN"
        for t in sentence.tokens
    ):
        return False
    for_what = [o for w in (verb, *sent) for o in tree.objects_of(w, "for")]
    if any(tree.lemma(w) in cues.own_missions for w in _purposes(tree, verb) + for_what):
        return True
    if any(
        _prefixed_ship(tree, w, cues)
        for o in sent
        for c in tree.conjuncts(o)
        for w in (c, *tree.child_with(c, frozenset({"appos"})))
    ):
        return True  # "sent the landing ship HMAS Choules": a navy's commissioned ship
    # "sends a new peacekeeping contingent to Lebanon": troops are deployed, not handed over
    return bool(sent) and all(
        _navy_ship(tree, o, cues) or all(_is_force(tree, c, cues) for c in tree.conjuncts(o))
        for o in sent
    )


def _force_abroad(tree: Tree, verb: int, actors: Sequence[ActorSpan]) -> bool:
    """ "Egyptian Air Force helicopters landed in Sudan": what a force (named with
    capitals) owns arrives in another state (not "the first Moroccan Air Force F-16s
    arrived in Morocco", a delivery at home)."""
    every = list(actors)
    for noun in tree.child_with(verb, frozenset({"nsubj", "nsubjpass"})):
        if not any(
            tree.lemma(c).lower() in _FORCE_NAMES and tree.tokens[c].text[:1].isupper()
            for c in tree.subtree(noun)
            if c != noun and tree.tokens[c].dep == "compound"
        ):
            continue
        owners = {every[i].actor.country for i in actors_under(tree, [noun], every)}
        places = tree.prepositions(verb, *_ARRIVED_IN)
        hosts = {every[i].actor.country for i in actors_under(tree, places, every)}
        if owners and hosts and not owners & hosts:
            return True
    return False


_FORCE_NAMES = frozenset({"force", "navy", "army", "guard", "corps"})


def _carrying_relief(tree: Tree, sent: Sequence[int], cues: Cues) -> bool:
    """ "a C-130J transport carrying 20 tonnes of medicines", "two aircraft with relief
    supplies": what is sent carries relief, so it flies a relief mission."""
    carried = [
        t
        for word in sent
        for c in tree.children[word]
        if (tree.tokens[c].dep == "acl" and tree.lemma(c) in ("carry", "transport", "bring"))
        or (tree.tokens[c].dep == "prep" and tree.lemma(c) == "with")
        for t in tree.subtree(c)
    ]
    return any(tree.lemma(t) in cues.relief_goods for t in carried)


def _navy_ship(tree: Tree, noun: int, cues: Cues) -> bool:
    """ "a frigate", "two warships", "an aircraft carrier" (not "personnel carriers")."""
    if tree.lemma(noun) == "carrier":
        return any(tree.lemma(c) == "aircraft" for c in tree.children[noun])
    return tree.lemma(noun) in cues.navy_ships


def _gives_other_things(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "handed over the mission to Germany", "received a contract from Qatar",
    "intelligence given to Washington", "gifted Putin with a puppy": the thing that
    changes hands is named, and it is no materiel."""
    things = tree.child_with(verb, frozenset({"dobj", "nsubjpass"}))
    things += tree.objects_of(verb, "with")
    if tree.tokens[verb].pos in ("NOUN", "PROPN"):
        # "drug smuggling", "the delivery of grain": what the noun moves
        things += tree.child_with(verb, frozenset({"compound"})) + tree.objects_of(verb, "of")
    governor = tree.head(verb)
    if (
        tree.tokens[verb].dep == "acl"
        and tree.tokens[verb].tag == "VBN"
        and governor is not None
        # not "a statement that Iran had sent drones": a clause of its own
        and not tree.child_with(verb, frozenset({"nsubj", "aux"}))
    ):
        things.append(governor)  # "intelligence given to Washington"
    return any(
        tree.lemma(t) in cues.not_materiel or names_approval(tree, t) for t in things
    ) or gives_money(tree, verb, cues)


def meeting_topic(tree: Tree, head: int) -> set[int]:
    """What a meeting noun is about: "a conference on the exercise", "talks for the
    drills", "the conference, which preceded the exercise", and what the verb it is
    the subject of names (`topic_through_verb`)."""
    top = tree.phrase_top(head)
    return {
        t
        for p in tree.children[top]
        if (tree.tokens[p].dep == "prep" and tree.lemma(p) in ("on", "for", "about", "of"))
        or tree.tokens[p].dep in ("relcl", "acl")
        for t in tree.subtree(p)
    } | topic_through_verb(tree, head)


def topic_through_verb(tree: Tree, head: int) -> set[int]:
    """ "The talks covered joint exercises between ...", "the conference focused on
    ...": what a verb of naming a topic says a meeting noun, its subject, is about."""
    top = tree.phrase_top(head)
    verbs = tree.child_with(top, frozenset({"acl"}))  # "discussions centred on ..."
    if tree.tokens[top].dep == "nsubj" and (governor := tree.head(top)) is not None:
        verbs.append(governor)
    named = [
        n
        for verb in verbs
        if tree.lemma(verb) in load_cues().meeting_topic_verbs
        for n in tree.child_with(verb, frozenset({"dobj"}))
        + [o for p in tree.prepositions(verb, *_TOPIC_OF_VERB) for o in tree.child_with(p, _POBJ)]
    ]
    return {t for n in named for t in tree.subtree(n)}


#: how a verb of naming a topic takes it: "focused on", "centred around"
_TOPIC_OF_VERB = ("on", "upon", "around", "with")


def is_drill(tree: Tree, word: int) -> bool:
    """ "the exercise", "joint drills"; not "the exercise of power"."""
    return tree.lemma(word) in drill_nouns() and not tree.objects_of(word, "of")


@functools.cache
def drill_nouns() -> frozenset[str]:
    """The one-word nouns of joint exercises, military in any sense the rules read (not
    "participants", "contingents": who take part in one, or in a forum)."""
    return one_word_nouns("joint_exercise", requires="none") - one_word_nouns(
        "joint_exercise", frame="partake_noun"
    )


#: what a verb acts on, active or passive ("hosted cadets", "cadets were hosted")
_OBJECTS = frozenset({"dobj", "nsubjpass"})
_PREPOSITION = frozenset({"prep"})
_POBJ = frozenset({"pobj"})
_GRIEVANCES = frozenset({"over", "about", "after", "following"})
#: why a reaction of requirement `named_event` is none ("opposed" what the sentence names)
NO_NAMED_EVENT = "opposes no event the sentence names"
_NO_MILITARY = "needs a military or defence"


def lacks_military(unmet: str) -> bool:
    """Whether `unmet` says only that no military word or context was found (what a
    noun referring back to an earlier military happening may do without)."""
    return unmet.startswith(_NO_MILITARY)


#: "a military deployment in Chad", "the naval presence": forces by their adjective
_MILITARY_ADJECTIVES = frozenset({"military", "troop", "naval", "army", "armed"})


def _trains_state_personnel(tree: Tree, head: int, actors: Sequence[ActorSpan], cues: Cues) -> bool:
    """ "trained thousands of officers from Mali", "Kenyan pilots are learning":
    officers, pilots or soldiers as the ones trained, in a sentence naming states."""
    people = tree.child_with(head, frozenset({"dobj", "nsubj", "nsubjpass"}))
    # "the training of Ukrainian pilots", "instruction for Peruvian pilots"
    people += tree.objects_of(head, "of") + tree.objects_of(head, "for")
    people += [o for p in people for o in tree.objects_of(p, "of")]  # "thousands of officers"
    states = {span.actor.country for span in actors if span.actor.kind != "company"}
    return len(states) >= 2 and any(tree.lemma(p) in cues.military_personnel for p in people)


def _defence_firm_in_phrase(tree: Tree, head: int, actors: Sequence[ActorSpan]) -> bool:
    """A defence firm (companies.yaml) among the verb's own arguments makes what it
    makes or assembles there a defence product ("the aircraft was assembled by Embraer
    technicians alongside engineers from Saab")."""
    own = tree.subtree(head)
    return any(span.actor.kind == "company" and span.head in own for span in actors)


def _plant_of_defence_firm(tree: Tree, plant: int, actors: Sequence[ActorSpan]) -> bool:
    """A defence firm (companies.yaml) owns, opens or runs the plant: "Baykar will
    open a plant in Ukraine", "Rheinmetall's new factory in Lithuania"."""
    owners = tree.child_with(plant, frozenset({"poss", "compound"}))
    governor = tree.head(plant)
    if governor is not None and tree.tokens[plant].dep in ("dobj", "nsubjpass"):
        owners += subject_of(tree, governor) + [
            o for a in tree.child_with(governor, frozenset({"agent"})) for o in tree.children[a]
        ]
    inside = {t for o in owners for t in tree.subtree(o)}
    firms = {s.actor.country for s in actors if s.actor.kind == "company" and s.head in inside}
    # abroad: "a plant in Ukraine", not "at Boeing's St. Louis factory"
    places = tree.objects_of(plant, "in")
    if governor is not None:
        places += tree.objects_of(governor, "in")
    where = {t for p in places for t in tree.subtree(p)}
    return bool(firms) and any(
        span.head in where and span.actor.country not in firms for span in actors
    )


def _military_training(tree: Tree, head: int, actors: Sequence[ActorSpan], cues: Cues) -> bool:
    """Training of a state's personnel, or training where a defence firm (companies.yaml)
    is a party ("completed training with Turkish Aerospace"), is military training."""
    return _trains_state_personnel(tree, head, actors, cues) or any(
        span.actor.kind == "company" for span in actors
    )


def _state_base(tree: Tree, head: int, actors: Sequence[ActorSpan], cues: Cues) -> bool:
    """ "two US bases", "Russia's base at Tartus": a base a state owns, not a
    "customer base"."""
    if civilian_base(tree, head, cues) or tree.lemma(head) in cues.trade_places:
        return False
    modifiers = tree.child_with(head, frozenset({"amod", "compound", "nmod", "poss"}))
    return any(span.head in modifiers for span in actors)


#: words naming what a place is for: "training facilities", "a training camp"
_PURPOSE_WORDS = frozenset({"compound", "amod"})


def hosts_trainees(tree: Tree, head: int, cues: Cues) -> bool:
    """ "hosted Saudi cadets", "received Malian officers for training": the object
    is trainees, or what is received comes for training."""
    objects = tree.child_with(head, frozenset({"dobj", "nsubjpass"}))
    if any(tree.lemma(o) in cues.trainees for o in objects):
        return True
    if tree.lemma(head) == "graduate" and any(tree.lemma(o) in cues.personnel for o in objects):
        return True  # "the Naval College graduated 23 Sudanese officers": taught them
    for prep in tree.child_with(head, frozenset({"prep"})):
        # "received Malian officers for training", "would welcome PNG officers on courses"
        if tree.lemma(prep) in ("for", "on") and any(
            tree.lemma(t) in ("training", "course", "instruction") for t in tree.subtree(prep)
        ):
            return bool(objects)
    # "will host Mozambican naval officers at its naval school": people at a school
    # (the parser may hang the "at" on the people)
    places = [o for holder in (head, *objects) for o in tree.objects_of(holder, "at", "in")]
    if any(tree.lemma(o).lower() in cues.schools for o in places):
        return any(tree.lemma(o) in cues.personnel for o in objects)
    # "host Guyanese officers at US training facilities": officers (not troops, who may
    # drill or be based there) at a place named for training
    return any(
        tree.lemma(m) == "training" for o in places for m in tree.child_with(o, _PURPOSE_WORDS)
    ) and any(tree.lemma(o) in cues.personnel - cues.forces for o in objects)


def _hyphenated_lemma(tree: Tree, token: int) -> str:
    """The lemma with the word a hyphen joins to it: "know-how" is three tokens."""
    lemma = tree.lemma(token)
    if token >= 2 and tree.tokens[token - 1].text == "-":
        return f"{tree.tokens[token - 2].text.lower()}-{lemma}"
    return lemma


def _titled(tree: Tree, noun: int, cues: Cues) -> bool:
    """ "Commander Pakistan Fleet Vice Admiral Awan", "the commander of the squadron":
    a name or noun whose own words give an officer's title and no kind of ship (not
    "the carrier Admiral Kuznetsov")."""
    words = {tree.lemma(t).lower() for t in tree.subtree(noun) if t <= noun}
    return bool(words & cues.meeting_officials) and not words & cues.vessels


#: what the phrase of a thing made stops at: its clauses and appositions, not its list
_MADE_THING_STOPS = (_CLAUSAL - {"conj"}) | {"appos"}


def _makes_equipment(tree: Tree, sentence: Sentence, head: int) -> bool:
    """The object made is equipment: "builds frigates", not "built a school" nor "made
    a port call in Colombo, the first by a US warship" (what an apposition says of it)."""
    for obj in tree.child_with(head, frozenset({"dobj", "nsubjpass"})):
        if load_equipment().find(tree.phrase_text(obj, _MADE_THING_STOPS)):
            return True
    return any(
        load_equipment().find(tree.phrase_text(lot, _MADE_THING_STOPS))
        for lot in _share_of_lot(tree, head)
    )


def _share_of_lot(tree: Tree, verb: int) -> list[int]:
    """The lot of equipment a making verb builds a share of: "six submarines ..., four of
    which will be built in Brazil", "Three of the frigates are to be built in Egypt",
    "sell 26 jets to India, with 18 to be assembled in India"."""
    made = tree.child_with(verb, frozenset({"dobj", "nsubjpass"}))
    above = tree.head(verb)
    if not made and above is not None and tree.tokens[verb].dep == "xcomp":
        made = tree.child_with(above, frozenset({"nsubj"}))  # "are to be built"
    if not made and above is not None and tree.tokens[verb].dep == "relcl":
        made = [above]  # "with 18 to be assembled"
    shares = [m for m in made if _is_share(tree, m)]
    lots = [o for m in shares for o in tree.objects_of(m, "of") if not _is_share(tree, o)]
    if shares and not lots:
        # "four of which", "18": the lot is what the verb the clause hangs on supplies
        # ("supply ..., four of which will be built", "sell ..., with 18 to be assembled")
        supplying = tree.verb_over(above) if above is not None else None
        lots = tree.child_with(supplying, frozenset({"dobj"})) if supplying is not None else []
    return lots


#: words that name a share of a lot rather than a thing: "the rest", "some of them"
_SHARE_WORDS = frozenset({"which", "rest", "remainder", "some", "most", "half", "many", "all"})


def _is_share(tree: Tree, noun: int) -> bool:
    token = tree.tokens[noun]
    return token.tag == "CD" or token.tag == "WDT" or tree.lemma(noun).lower() in _SHARE_WORDS


def _licensed_by_a_firm(tree: Tree, verb: int, actors: Sequence[ActorSpan]) -> bool:
    """ "will produce the engines under licence from General Electric": making under a
    defence firm's (companies.yaml) licence is licensed production, whatever is made."""
    licences = [
        noun
        for p in tree.prepositions(verb, "under")
        for noun in tree.child_with(p, frozenset({"pobj"}))
        if tree.lemma(noun) in ("licence", "license")
    ]
    licensors = actors_under(
        tree, [o for n in licences for o in tree.objects_of(n, "from")], list(actors)
    )
    return any(actors[i].actor.kind == "company" for i in licensors)


def _makes_no_product(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "agreed to develop military cooperation", "will jointly build their ties": every
    object the verb makes is a tie or a way of working, not a thing."""
    made = tree.child_with(verb, frozenset({"dobj", "nsubjpass"}))
    return bool(made) and all(
        tree.lemma(m) in cues.cooperation or tree.tokens[m].text.lower() in cues.ways_of_working
        for m in made
    )


def _trains_as_equals(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "Kenyan soldiers trained with British troops", "Kenyan and Ugandan troops trained
    together in Nairobi": a verb with no object of its own, done "with" forces (not
    instructors) or together."""
    if tree.tokens[verb].pos != "VERB" or tree.child_with(verb, frozenset({"dobj"})):
        return False
    if any(tree.lemma(m) in _TOGETHER for m in tree.children[verb]):
        return True
    return any(
        tree.lemma(o).lower() in cues.training_partners
        or tree.tokens[o].text.lower() in cues.training_partners
        for preposition in ("with", "alongside")
        for o in tree.objects_of(verb, preposition)
    )


def _named_ship_arrives(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "The Indian frigate INS Tarkash arrived at Port Victoria": a commissioned ship,
    named, with its navy's prefix."""
    named = frozenset({"amod", "compound", "appos"})
    subjects = subject_of(tree, verb)
    if any(tree.lemma(s) in cues.vessels for s in subjects) and any(
        tree.tokens[s].pos == "PROPN" for s in subjects
    ):
        return True  # "the frigate BNS Somudra Joy", split by the parser into two subjects
    return any(
        # "the frigate INS Tarkash", with the name or the kind heading the phrase
        (
            tree.tokens[s].pos == "PROPN"
            and any(tree.lemma(c) in cues.vessels for c in tree.child_with(s, named))
        )
        or (
            tree.lemma(s) in cues.vessels
            and any(tree.tokens[c].pos == "PROPN" for c in tree.child_with(s, frozenset({"appos"})))
        )
        for s in subject_of(tree, verb)
    )


def _made_by_a_ship(tree: Tree, head: int, cues: Cues) -> bool:
    """ "A Chinese training ship visited Apia", "the frigate docked for a goodwill
    visit": the visitor, the subject of the nearest verb, is a vessel."""
    verb = next(
        (n for n in (head, *tree.ancestors(head)) if tree.tokens[n].pos in ("VERB", "AUX")), None
    )
    if any(tree.lemma(c) == "port" for c in tree.child_with(head, frozenset({"compound"}))):
        return True  # "a three-day port visit"
    subjects = subject_of(tree, verb) if verb is not None else []
    # "the frigate INS Trikand": the name's compound says what it is
    named = [c for s in subjects for c in tree.child_with(s, frozenset({"compound", "amod"}))]
    return any(tree.lemma(s) in cues.vessels for s in subjects + named)


def _what_is_held(tree: Tree, verb: int, noun: int) -> bool:
    """The noun is what the verb does: its object, or what its object counts ("began
    two weeks of live-fire training"), not a word further down."""
    for thing in tree.child_with(verb, frozenset({"dobj"})):
        if noun == thing or noun in tree.objects_of(thing, "of"):
            return True
    return False


def _done_jointly(tree: Tree, head: int, *, drill: bool = False) -> bool:
    """ "build them together", "jointly under construction", "joint production"; and
    for a `drill`, "a combined patrol", "trilateral flights" (not "the combined
    production of 500 tanks", a total)."""
    words = list(tree.children[head])
    governor = tree.head(head)
    if tree.tokens[head].dep == "pobj" and governor is not None:
        words += tree.children[governor]  # "jointly under construction"
    if tree.tokens[head].dep == "xcomp" and governor is not None:
        # "spent two weeks training together": the parser hangs "together" on "spent"
        words += [c for c in tree.child_with(governor, frozenset({"advmod"})) if c > head]
    if tree.tokens[head].pos in ("NOUN", "PROPN"):
        # "joint bomber patrols": "joint" may modify a word of the noun phrase
        modifiers = tree.child_with(head, frozenset({"amod", "compound"}))
        words += modifiers + [c for m in modifiers for c in tree.child_with(m, frozenset({"amod"}))]
        if tree.tokens[head].dep == "conj" and governor is not None:
            # "joint fisheries and maritime security patrols": the first item's "joint"
            # describes the list
            words += tree.child_with(governor, frozenset({"amod"}))
        # "patrols, which the navies have conducted jointly since 2004"
        words += [
            c for r in tree.child_with(head, frozenset({"relcl", "acl"})) for c in tree.children[r]
        ]
    # "trained alongside US Green Berets": side by side with the others
    jointly = _JOINTLY | _JOINTLY_HELD if drill else _JOINTLY
    return any(tree.lemma(c) in jointly for c in words)


def _for_upkeep(tree: Tree, accord: int, cues: Cues) -> bool:
    """ "signed a contract for the overhaul of its Mirage jets": what the accord is
    for is keeping equipment the buyer has, not equipment sold."""
    return any(tree.lemma(p) in cues.upkeep for p in _what_accord_is_for(tree, accord))


def _made_together(tree: Tree, accord: int, cues: Cues) -> bool:
    """ "an agreement to jointly develop the fighter", "a deal for the joint
    production of shells", "to locally produce howitzers": what the signatories
    make together, or the buyer makes at home, they do not sell."""
    purposes = [c for c in tree.child_with(accord, frozenset({"acl", "relcl"})) if tree.has_to(c)]
    purposes += tree.objects_of(accord, "on") + _what_accord_is_for(tree, accord)
    purposes += _purposes_of_signing(tree, accord)
    return any(
        _done_jointly(tree, p)
        or _worked_on_together(tree, p, cues)
        or any(tree.lemma(m) in cues.made_here for m in tree.child_with(p, frozenset({"advmod"})))
        for p in purposes
        if tree.lemma(p) in cues.made_jointly
    )


def help_in_making(tree: Tree, verb: int, cues: Cues) -> list[int]:
    """ "drones developed with Iranian assistance", "frigates built with the help of
    Chinese engineers": the help arms are made with (so made together), whose words
    name the helper."""
    # the parser may hang the "with" on the object: "developed drones with ..."
    holders = [verb, *tree.child_with(verb, frozenset({"dobj"}))]
    helps = [o for h in holders for o in tree.objects_of(h, "with")]
    return [o for o in helps if tree.lemma(o) in cues.help_given]


def _worked_on_together(tree: Tree, noun: int, cues: Cues) -> bool:
    """ "agreed to cooperate on the production of Gripens", "a partnership in the
    development of a tank": what states work on together is done jointly."""
    preposition = tree.head(noun)
    if tree.tokens[noun].dep != "pobj" or preposition is None:
        return False
    working = tree.head(preposition)
    return (
        tree.lemma(preposition) in ("on", "in")
        and working is not None
        and tree.lemma(working) in cues.working_together
    )


#: "trained together", "jointly develop"
_TOGETHER = frozenset({"together", "jointly"})
_JOINTLY = _TOGETHER | {"joint", "alongside"}
#: what makes a patrol or a flight one of several forces
_JOINTLY_HELD = frozenset(
    {
        "combined",
        "combine",
        "coordinated",
        "coordinate",
        "bilateral",
        "trilateral",
        "multilateral",
        "multinational",
    }
)


def _purpose_of_agreement(tree: Tree, head: int, cues: Cues) -> bool:
    """ "an accord to produce engines", "a treaty to establish a programme for
    developing a fighter": an agreement noun above the verb, reached through
    infinitives, prepositions and their objects but no clause of its own."""
    for n in tree.ancestors(head)[:5]:
        if tree.lemma(n) in cues.agreements:
            return True
        tok = tree.tokens[n]
        if tok.tag in ("VBD", "VBZ", "VBP", "MD") or subject_of(tree, n):
            return False
    return False
