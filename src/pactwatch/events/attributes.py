"""What is said about an event beyond who takes part in it.

Stage, certainty, negation, date, equipment and confidence are each read from
the words governing the trigger (modals, verbs of speech, date phrases),
whoever its parties are, so they are kept apart from assigning roles.
"""

from __future__ import annotations

from datetime import date

from pactwatch.dates import DateCandidate, Scope, choose_event_date, find_date_mentions
from pactwatch.dates.vocabulary import MONTHS, WEEKDAYS
from pactwatch.events.lexicon import STAGE_ORDER, Cues, Trigger
from pactwatch.events.spans import ActorSpan, span_head, tokens_covering
from pactwatch.events.syntax import (
    Slot,
    Tree,
    authoring_clauses,
    clause_top,
    headline_infinitive,
    names_approval,
    reduced_relative,
    subject_of,
)
from pactwatch.models import Actor, Certainty, EventDate, Sentence, Stage, Token

# Shared with extract.py, which reads objects and happenings for its own checks.
OBJECT_DEPS = frozenset({"dobj", "dative"})
HAPPENINGS = frozenset({"defense_meeting", "joint_exercise"})
#: a question put to someone about a thing: "asked about the drills"
ASKING = frozenset({"ask", "question", "quiz", "press"})
ASKED_ABOUT = frozenset({"about", "on", "over"})
_ANNOUNCED_TYPES = frozenset({"sanction", "condemnation"})
_DATE_FROM_ATTRIBUTION = frozenset({"sanction", "condemnation", "military_aid", "defense_meeting"})


def is_negated(tree: Tree, chain: list[int], cues: Cues) -> bool:
    top = clause_top(tree, chain)
    if top < len(chain) and _described_as_backing_out(tree, chain, top, cues):
        return True
    for position, node in enumerate(chain[: top + 1]):
        if negated_prevention(tree, chain, position, cues):
            return False  # "has not stopped Niger from accusing Benin": it does
        if position > 0 and tree.lemma(node) in cues.refusing:
            return True  # "declined to take part"
        if position > 0 and _withdrawn(tree, node, cues):
            return True  # "had planned to send a frigate but pulled out"
        if position > 0 and _backs_out_of(tree, node, chain, position, cues):
            return True  # "Hungary dropped out of the drills with Serbia"
        for child in tree.children[node]:
            tok = tree.tokens[child]
            if tok.dep == "neg" or (tok.dep == "det" and tok.lemma == "no"):
                return True
            # "Panama, which sent no troops this year": what the verb does is nothing;
            # "No US troops are taking part": nobody does it
            if (
                ((position == 0 and tok.dep == "dobj") or tok.dep in ("nsubj", "nsubjpass"))
                and tok.pos in ("NOUN", "PROPN")
                and any(tree.lemma(d) == "no" for d in tree.child_with(child, frozenset({"det"})))
            ):
                return True
            # "but none attended", "neither of which sent a ship", "Neither Peru nor
            # Chile took part": no one does it
            if tok.dep in ("nsubj", "nsubjpass") and (
                tok.lemma.lower() in _NO_ONE
                or any(tree.lemma(d) == "neither" for d in tree.child_with(child, _NEITHER_DEPS))
            ):
                return True
    return False


def negated_prevention(tree: Tree, chain: list[int], position: int, cues: Cues) -> bool:
    """ "That has not stopped Niger from accusing Benin", "did not prevent Chile from
    buying jets": a negated verb of stopping, reached through "from", lets what it
    governs happen."""
    node = chain[position]
    return (
        position > 0
        and tree.lemma(node) in cues.blocking
        and tree.lemma(chain[position - 1]) == "from"
        and any(tree.tokens[c].dep == "neg" for c in tree.children[node])
    )


#: subjects that say nobody does it
_NO_ONE = frozenset({"none", "neither", "nobody", "nothing"})
_NEITHER_DEPS = frozenset({"preconj", "det"})


def _withdrawn(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "planned to join but withdrew": a verb of backing out coordinated with the one
    that governs the event, or reported in it ("had been due to send a team, but the
    embassy said the deployment had been cancelled")."""
    backing = list(tree.child_with(verb, frozenset({"conj"})))
    backing += [
        said
        for other in backing
        if tree.lemma(other) in cues.speech
        for said in tree.child_with(other, frozenset({"ccomp"}))
    ]
    return any(_backing_out(tree, other, cues) for other in backing)


def _backing_out(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "withdrew", "pulled out", "cancelled the order", "was invited but declined";
    not "withdrew its troops"."""
    particles = [tree.lemma(c) for c in tree.child_with(verb, frozenset({"prt"}))]
    words = {tree.lemma(verb), *(f"{tree.lemma(verb)} {p}" for p in particles)}
    objects = tree.child_with(verb, frozenset({"dobj", "nsubjpass"}))
    # "... but cancelled the order", not "... and withdraw its troops from Mali"
    if words & cues.refusing and tree.child_with(verb, frozenset({"xcomp", "ccomp"})):
        return False  # "said the drills went well but declined to comment": it refuses that
    return bool(words & (cues.withdrawing | cues.refusing)) and all(
        tree.is_pronoun(o) or tree.lemma(o) in cues.accord_documents | _BACKED_OUT_OF
        for o in objects
    )


def _described_as_backing_out(tree: Tree, chain: list[int], top: int, cues: Cues) -> bool:
    """ "Ecuador, which had been expected to send a corvette, withdrew": the state a
    relative clause describes backed out of what the clause says it was to do (not of
    what it did: "Mali, which hosted French troops, quit the pact")."""
    while top + 1 < len(chain) and tree.tokens[chain[top]].dep == "xcomp":
        top += 1  # "which was to have sent": up to "was"
    if tree.tokens[chain[top]].dep != "relcl":
        return False
    if not any(
        cues.stage.get(tree.lemma(node)) in ("planned", "offered")
        or (tree.lemma(node) == "be" and tree.child_with(node, frozenset({"xcomp"})))
        for node in chain[1 : top + 1]
    ):
        return False
    described = tree.head(chain[top])
    if described is None or tree.tokens[described].dep != "nsubj":
        return False
    verb = tree.head(described)
    return verb is not None and _backing_out(tree, verb, cues)


def _backs_out_of(tree: Tree, verb: int, chain: list[int], position: int, cues: Cues) -> bool:
    """ "quit the pact with Mali", "pulled out of the drills": the verb's subject leaves
    what the chain climbs from, so the narrator reports no such event; not "withdrew
    its troops from the exercise" or "asked France to withdraw the soldiers stationed
    there", where what leaves is people."""
    verb, below = chain[position], chain[position - 1]
    if tree.tokens[verb].pos not in ("VERB", "AUX"):
        return False
    adverbs = [
        tree.lemma(c)
        for c in tree.children[verb]
        if tree.tokens[c].dep in ("prt", "prep", "advmod") and tree.lemma(c) in _AWAY
    ]
    words = {tree.lemma(verb), *(f"{tree.lemma(verb)} {a}" for a in adverbs)}
    if not words & cues.withdrawing:
        return False
    link = tree.tokens[below]
    if link.dep in OBJECT_DEPS:
        # "cancelled the drills", "quit the pact": the trigger itself is what is left
        return position == 1 and tree.lemma(below) not in cues.forces | cues.personnel
    if link.dep != "prep" or tree.lemma(below) not in ("from", "of", "out"):
        return False
    objects = tree.child_with(verb, frozenset({"dobj"}))
    return all(tree.is_pronoun(o) or tree.lemma(o) in _BACKED_OUT_OF for o in objects)


#: the particle of a verb of backing out ("pull out of", "walk away from")
_AWAY = frozenset({"out", "away", "off"})

#: what a party backs out of, besides an accord: "cancelled the order"
_BACKED_OUT_OF = frozenset(
    {"order", "participation", "purchase", "sale", "visit", "trip", "deployment", "plan"}
    | {"invitation", "offer"}
)


#: prepositions of time and place: the clause around "at the summit" or "during the
#: drills" says what was done there, not the stage of the summit or the drills
_ADJUNCT_PREPOSITIONS = frozenset(
    {
        "at",
        "during",
        "after",
        "before",
        "amid",
        "following",
        "since",
        "ahead",
        "despite",
        "upon",
        "throughout",
        "until",
    }
)
#: "by the end of the talks": a time at a happening, not an agent
_CLOSE = frozenset({"end", "close", "conclusion", "time"})
_POBJ = frozenset({"pobj"})
#: "the drills are scheduled to end on Friday": a happening that is to end has begun
_ENDING = frozenset({"conclude", "end", "finish", "wrap", "close"})
#: verbs that say a happening is already under way, whatever modal precedes them
_GOING_ON = frozenset({"continue", "remain", "last", "run", "proceed", "carry", "go"}) | _ENDING


def _headline_future(tree: Tree, verb: int) -> bool:
    """A headline's "Ankara to deliver drones": an infinitive hanging off a name, with
    no finite verb, says what is to come."""
    if tree.tokens[verb].dep == "ROOT":  # "Chile and Peru to hold drills"
        return tree.has_to(verb) and tree.tokens[verb].tag == "VB" and bool(subject_of(tree, verb))
    head = tree.head(verb)
    return (
        headline_infinitive(tree, verb)
        and head is not None
        and tree.tokens[head].pos == "PROPN"
        and tree.tokens[head].dep == "ROOT"
    )


def _accord_does(trigger: Trigger, tree: Tree, chain: list[int], cues: Cues) -> bool:
    """ "The defence pact will strengthen deterrence", "the deal would fuel an arms
    race": an accord named as the subject of what it does, not of a step towards it
    ("the deal will be signed", "the pact is expected to ..."), keeps its own stage."""
    verb = chain[1]
    return (
        trigger.type == "defense_agreement"
        and trigger.is_noun
        and tree.tokens[chain[0]].dep == "nsubj"
        and tree.tokens[verb].pos == "VERB"
        and tree.lemma(verb) not in cues.accord_steps | cues.signing | cues.stage.keys()
    )


def _passive_before_infinitive(tree: Tree, verb: int, below: int) -> bool:
    """ "are set to hold drills": a passive verb whose infinitive complement is the
    next step down to the trigger (cues.yaml stage lists "set to")."""
    return (
        tree.tokens[below].dep == "xcomp"
        and tree.has_to(below)
        and bool(tree.child_with(verb, frozenset({"auxpass"})))
    )


def stage_of(trigger: Trigger, tree: Tree, chain: list[int], cues: Cues) -> Stage:
    found: list[Stage] = []
    # the trigger's own verb can carry the stage: "ordered" (agreed), "requested"
    own = cues.stage.get(trigger.words[0])
    if (
        own in ("agreed", "requested", "offered")
        and trigger.type != "defense_agreement"
        # "demanded that China cancel the drills": the demand is the reaction, made
        and trigger.type != "condemnation"
    ):
        found.append(own)
    if own == "planned" and trigger.type == "arms_transfer":
        found.append(own)  # "is negotiating with Norinco over howitzers"
    placed_at = _placed_at(trigger, tree, chain, cues)
    for position, node in enumerate(chain):
        tok = tree.tokens[node]
        if position == placed_at:
            break  # "at the meeting, they signed ...": what is done at it is not its stage
        if (
            position > 1
            and tree.lemma(chain[position - 1]) in ASKED_ABOUT
            and tree.lemma(node) in ASKING
        ):
            break  # "asked Kenya about its drills": a question, not a request of the drill
        if tree.lemma(node) in _SIDELINES:
            break  # "talks on the sidelines of the drills": the talks are not its stage
        if position == 1 and _accord_does(trigger, tree, chain, cues):
            break  # "the pact will strengthen deterrence": what it will do, not its stage
        if position > 0 and _own_clause_joined(tree, chain[position - 1]):
            break  # "the drills are due to end on Friday, and Chile takes part": not its stage
        if (
            position > 0
            and trigger.type == "condemnation"
            and _finite_joined(tree, chain[position - 1])
        ):
            break  # "demands that China cancel the drills, also protests ...": made itself
        if position == 1 and reduced_relative(tree, chain[0]):
            # "the F-16s delivered by Norway will be used ...": delivered, whatever comes
            break
        if position > 0 and _ahead_of_it(tree, chain, position, trigger, cues):
            found.append("planned")
        if _headline_future(tree, node):
            found.append("planned")  # a headline's "Uzbekistan and Turkey to hold drills"
        if position > 0 and _accord_content(tree, node, cues):
            # "the deal covers the sale of howitzers": what an accord provides for is
            # agreed; a drill it provides for is yet to be held
            found.append("planned" if trigger.type in HAPPENINGS else "agreed")
        if position > 0 and _infinitive(tree, chain[position - 1]):
            # "began preparations to produce", "made plans to buy", "signed a letter of
            # intent to buy": the parser hangs the infinitive on the verb beside the
            # noun that says what it is
            words = [
                word
                for c in tree.child_with(node, OBJECT_DEPS)
                for word in (c, *tree.objects_of(c, "of"))
            ]
            found += [
                stage for word in words if (stage := cues.stage.get(tree.lemma(word))) in _NOT_YET
            ]
            if trigger.type not in HAPPENINGS and any(
                tree.lemma(w) in cues.preliminary for w in words
            ):
                found.append("planned")  # "signed a memorandum of understanding to buy"
        if (
            position > 1
            and trigger.type not in HAPPENINGS
            and tree.tokens[chain[position - 1]].dep == "prep"
            and tree.lemma(chain[position - 1]) in _ABOUT
            and _preliminary(tree, node, cues)
        ):
            # "signed a memorandum of understanding on the joint procurement of ...":
            # what a document committing to nothing yet is about is planned
            found.append("planned")
        if position > 0 and not (
            # "discussed cooperation with his counterpart": the discussing is the meeting
            trigger.type == "defense_meeting" and tok.lemma in _MEETING_ACTS
        ):
            # "concerned about the drills": a preposition, not "about to"
            stage = None if tok.dep == "prep" else cues.stage.get(tok.lemma)
            if stage is None and _passive_before_infinitive(tree, node, chain[position - 1]):
                stage = cues.stage.get(f"{tok.lemma} to")  # "are set to hold drills"
            if (
                stage == "planned"
                and trigger.type in HAPPENINGS
                and any(tree.lemma(c) in _ENDING for c in tree.child_with(node, _XCOMP))
            ):
                stage = None  # "the exercise is due to end on Friday" is under way
            if stage == "agreed" and trigger.type in HAPPENINGS:
                # "agreed to hold joint drills": a drill agreed on is yet to be held;
                # "concluded the exercise", or its parties signing a memorandum, is not
                stage = "planned" if _held_as_agreed(tree, chain, position, cues) else None
            if stage and not _is_progressive_offer(tree, node):
                found.append(stage)
        # "may have violated": a modal before a perfect weighs a claim, it plans nothing
        perfect = any(
            tree.tokens[c].dep == "aux" and tree.lemma(c) == "have" for c in tree.children[node]
        )
        for child in tree.children[node]:
            ctok = tree.tokens[child]
            if ctok.dep not in ("aux", "amod", "advmod", "acomp", "auxpass") and not (
                # "the planning conference for the drills": the drills are ahead
                position > 0 and ctok.dep == "compound" and ctok.lemma in _PREPARING
            ):
                continue
            if ctok.lemma in cues.announcing_modals and trigger.type in _ANNOUNCED_TYPES:
                continue
            if position == 0 and ctok.lemma in trigger.words:
                continue  # "the mid-planning conference": the trigger's own name, no cue
            if perfect and ctok.tag == "MD":
                continue
            if (
                ctok.tag == "MD"
                and tok.lemma in _GOING_ON
                and not tree.child_with(node, frozenset({"dobj"}))
                # "will go to Brazil to train", "will go to Britain for a course": going
                # somewhere for a purpose is ahead
                and not (
                    position > 0
                    and tok.lemma in cues.travelling
                    and (
                        tree.has_to(chain[position - 1]) or tree.lemma(chain[position - 1]) == "for"
                    )
                )
            ):
                # "the drills will continue until Friday" have begun; "will run a
                # course" or "will carry out drills" has not
                continue
            stage = cues.stage.get(ctok.lemma)
            if ctok.dep == "amod":
                # "the proposed sale" is planned, though "proposed to sell" offers
                stage = cues.stage.get(ctok.text.lower(), stage)
            if stage:
                found.append(stage)
    for clause in authoring_clauses(tree, chain[0]):
        # "the sale, which Washington approved", "the drills Chile will host": the
        # clause that authors the event says how far it has come (a passive one, "the
        # drills that will be conducted in Luzon", names parties, not how far)
        if tree.child_with(clause, frozenset({"auxpass"})):
            continue
        words = [clause, *tree.child_with(clause, frozenset({"aux", "advmod"}))]
        found += [stage for w in words if (stage := cues.stage.get(tree.lemma(w)))]
    if trigger.type in HAPPENINGS and _held_later(tree, chain[0], cues):
        found.append("planned")  # "the exercise, which will be hosted by Egypt next month"
    if _unfinished(tree, chain[0]):
        found.append("planned")  # "a draft defence agreement" is not yet concluded
    if _accord_ahead(trigger, tree, chain, cues):
        found.append("planned")
    if trigger.type in HAPPENINGS:
        found = [stage for stage in found if stage != "agreed"]
    own_chain = chain if placed_at is None else chain[:placed_at]
    if trigger.type not in _ANNOUNCED_TYPES and _said_to_come(tree, own_chain, cues):
        found.append("planned")  # "the deployment of Polish troops next month"
    trigger_word = chain[0]
    if tree.has_to(trigger_word) and not any(
        tok.tag in ("VBD", "VBZ", "VBP", "MD") for tok in tree.tokens
    ):
        found.append("planned")  # a headline's "Ankara to deliver drones to Kuwait"
    for node in chain[1:]:
        # "the House gives the nod to funding for Iron Dome", "gave the green light to the sale"
        if any(names_approval(tree, c) for c in tree.child_with(node, OBJECT_DEPS)):
            # a drill or visit given the go-ahead is yet to be held
            found.append("planned" if trigger.type in HAPPENINGS else "agreed")
    if not found:
        return trigger.stage
    earliest = min(found, key=STAGE_ORDER.index)
    if (
        earliest == "planned"
        and trigger.type not in HAPPENINGS
        and _under_signed_accord(tree, chain, cues)
    ):
        # "under a contract signed in March, Hyundai Rotem will supply 180 tanks": what
        # a signed contract says will happen is agreed
        return "agreed"
    return earliest


def _held_later(tree: Tree, noun: int, cues: Cues) -> bool:
    """Whether a relative clause on the drill or meeting says when it will be held
    ("..., which will be carried out off Callao in September"; not "the drills, which
    will be conducted in several places", where "are taking part in" may tell it is
    under way)."""
    return any(
        tree.lemma(clause) in cues.taking_part
        and any(tree.lemma(a) in _FUTURE_MODALS for a in tree.child_with(clause, _AUX))
        and any(tree.lemma(t) in _TIMES for t in tree.subtree(clause))
        for clause in tree.child_with(tree.phrase_top(noun), frozenset({"relcl"}))
    )


_AUX = frozenset({"aux"})
_FUTURE_MODALS = frozenset({"will", "shall"})
#: words of a time ahead in a clause: "in September", "next month", "on Monday" (not
#: "every year", which says how often)
_TIMES = frozenset(MONTHS) | frozenset(WEEKDAYS) | {"next", "later"}


def _under_signed_accord(tree: Tree, chain: list[int], cues: Cues) -> bool:
    """ "Under a contract signed in March, ...": the clause is framed by an accord the
    text says was signed, approved or concluded (cues.yaml's agreed words)."""
    return any(
        tree.lemma(o) in cues.agreements
        and any(
            cues.stage.get(tree.lemma(c)) == "agreed" and tree.tokens[c].tag == "VBN"
            for c in tree.child_with(o, frozenset({"acl"}))
        )
        for node in chain
        for o in tree.objects_of(node, "under")
    )


def _accord_content(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "The agreement provides for ...", "the contract covers ...": a verb of content
    whose subject is an accord."""
    return tree.lemma(verb) in cues.accord_contents and any(
        tree.lemma(s) in cues.agreements or tree.lemma(s) in cues.accord_documents
        for s in tree.child_with(verb, frozenset({"nsubj"}))
    )


def _preliminary(tree: Tree, noun: int, cues: Cues) -> bool:
    """ "a memorandum of understanding", "a letter of intent": the noun or what it is
    "of" commits to nothing yet."""
    return any(tree.lemma(w) in cues.preliminary for w in (noun, *tree.objects_of(noun, "of")))


#: prepositions that give what a document is about
_ABOUT = frozenset({"on", "for", "about", "concerning", "regarding"})

#: what a meeting does, whose planned sense ("discuss buying jets") is the meeting itself
_MEETING_ACTS = frozenset({"discuss", "talk", "negotiate", "consult", "review", "explore"})

#: a document not yet agreed: "a draft accord"
_UNFINISHED = frozenset({"draft"})


def _unfinished(tree: Tree, noun: int) -> bool:
    """ "a draft defence agreement": "draft" among the noun's compounds."""
    return any(
        tree.lemma(t) in _UNFINISHED and tree.tokens[t].dep in ("compound", "amod")
        for c in tree.child_with(noun, frozenset({"compound", "amod"}))
        for t in tree.subtree(c)
    )


#: meetings held to make a happening ready: "the planning conference for the drills"
_PREPARING = frozenset({"planning", "preparatory", "preparation"})

#: "on the sidelines of the exercise": what happens there says nothing of the exercise
_SIDELINES = frozenset({"sideline", "sidelines", "margin", "margins"})


_NOT_YET = ("planned", "offered", "requested")
_XCOMP = frozenset({"xcomp"})


def _finite_joined(tree: Tree, verb: int) -> bool:
    """A finite verb joined to the one before ("demands ..., also protests ..."): a
    reaction made in its own right, whatever the verb before it asks for."""
    return tree.tokens[verb].dep == "conj" and tree.tokens[verb].tag in ("VBZ", "VBD", "VBP")


def _infinitive(tree: Tree, verb: int) -> bool:
    """ "to buy" as the complement or purpose of the verb above it."""
    dep = tree.tokens[verb].dep
    return dep == "xcomp" or (dep == "advcl" and tree.has_to(verb))


def _own_clause_joined(tree: Tree, verb: int) -> bool:
    """A verb coordinated with another clause, with a subject of its own."""
    return (
        tree.tokens[verb].dep == "conj"
        and tree.tokens[verb].pos in ("VERB", "AUX")
        and bool(tree.child_with(verb, frozenset({"nsubj", "nsubjpass"})))
    )


def _ahead_of_it(tree: Tree, chain: list[int], position: int, trigger: Trigger, cues: Cues) -> bool:
    """The word at `position` puts what it governs ahead: "Slovakia is to receive
    jets", "is going to deliver drones", "close to signing", "are working on a
    treaty" (an accord still being made)."""
    node, below = chain[position], chain[position - 1]
    lemma = tree.lemma(node)
    if lemma in cues.nearing:
        if tree.tokens[node].pos == "VERB" and lemma != "near":
            return False  # "closed the purchase of jets" concludes it
        if trigger.is_noun and trigger.type in HAPPENINGS:
            return False  # "a ship was spotted near the drills": where, not how soon
        # a noun only "on the verge of", "on the brink of": "at the close of" is no nearing
        above = tree.head(node)
        return tree.tokens[node].pos != "NOUN" or (above is not None and tree.lemma(above) == "on")
    infinitive = tree.tokens[below].dep == "xcomp" and tree.has_to(below)
    if infinitive and (
        (lemma == "be" and tree.tokens[node].pos == "AUX")
        or (lemma == "go" and tree.tokens[node].tag == "VBG")
    ):
        return True
    return (
        trigger.type == "defense_agreement"
        and lemma in cues.accord_steps
        and tree.tokens[node].tag == "VBG"
        and any(tree.tokens[c].dep == "aux" and tree.lemma(c) == "be" for c in tree.children[node])
    )


def _placed_at(trigger: Trigger, tree: Tree, chain: list[int], cues: Cues) -> int | None:
    """Where the chain leaves the event for a clause that only happens at it: "at
    the meeting, the ministers approved a plan for next year" (the plan's stage and
    time are not the meeting's)."""
    if trigger.frame == "use_noun":
        return None  # "to be based at its naval base": being at a base is using it
    return next(
        (
            position
            for position, node in enumerate(chain)
            if position > 0
            and tree.tokens[node].dep == "prep"
            and _adjunct(tree, node, trigger.type, cues)
        ),
        None,
    )


def _adjunct(tree: Tree, preposition: int, event_type: str, cues: Cues) -> bool:
    """ "signed in the meeting" places the signing in a meeting; "euros in aid" does not,
    and "will take part in the exercise" is the exercise's own stage."""
    lemma = tree.tokens[preposition].lemma
    if lemma in _ADJUNCT_PREPOSITIONS:
        return True
    if lemma == "by" and any(tree.lemma(o) in _CLOSE for o in tree.child_with(preposition, _POBJ)):
        return True  # "by the end of the talks, the chiefs had agreed to ..."
    if lemma != "in" or event_type not in HAPPENINGS:
        return False
    governor = tree.head(preposition)
    if governor is not None and _approved_taking_part(tree, governor, cues):
        return False  # "approved Chile's participation in the drills": they are ahead
    if governor is None or tree.tokens[governor].pos not in ("VERB", "AUX"):
        return True  # "Iran's participation in the exercises" says nothing of their stage
    words = [governor, *tree.child_with(governor, frozenset({"dobj"}))]  # "take part in"
    return not any(tree.tokens[w].lemma in cues.partaking for w in words)


def _approved_taking_part(tree: Tree, noun: int, cues: Cues) -> bool:
    """ "parliament approved the participation of Chilean troops", "gave its consent to
    Peru's participation": a taking part allowed is yet to happen."""
    if tree.tokens[noun].pos != "NOUN" or tree.lemma(noun) not in cues.partaking:
        return False
    above = tree.head(noun)
    if above is not None and tree.tokens[noun].dep in ("pobj", "dative"):
        verb = tree.head(above)  # "gave the green light to the participation"
        return verb is not None and any(
            names_approval(tree, c) for c in tree.child_with(verb, OBJECT_DEPS)
        )
    return (
        above is not None
        and tree.tokens[noun].dep in ("dobj", "nsubjpass")
        and tree.lemma(above) in _AGREEING
    )


_AGREEING = frozenset(
    {
        "agree",
        "approve",
        "decide",
        "sign",
        "ink",
        "commit",
        "accept",
        "endorse",
        "authorize",
        "authorise",
        "greenlight",
        "ratify",
        "order",
        # "reached an agreement on holding joint drills", "the decision to hold drills"
        "agreement",
        "commitment",
        "approval",
        "decision",
    }
)


def _accord_ahead(trigger: Trigger, tree: Tree, chain: list[int], cues: Cues) -> bool:
    """ "agreed to sign a defence pact", "set to conclude an accord", "agreed to work
    towards an agreement": the accord is still to be made."""
    if trigger.type != "defense_agreement":
        return False
    if not trigger.is_noun:
        return any(
            tree.lemma(child) in cues.accord_steps
            for child in tree.child_with(chain[0], frozenset({"xcomp"}))
        )
    return any(
        tree.lemma(node) in cues.accord_steps and tree.has_to(node) and not _first_to(tree, node)
        for node in chain[1:]
    )


def _first_to(tree: Tree, verb: int) -> bool:
    """ "Croatia became the latest country to sign the agreement": an infinitive that
    says in what a state came first or latest reports a deed done, not one ahead."""
    above = tree.head(verb)
    if above is None or tree.lemma(above) not in ("become", "be"):
        return False
    return any(
        tree.lemma(m) in _RANKS or tree.tokens[m].tag == "JJS"
        for noun in tree.child_with(above, frozenset({"attr"}))
        for m in tree.child_with(noun, frozenset({"amod"}))
    )


#: ranks in which a state does something: "the first country to sign"
_RANKS = frozenset({"first", "second", "third", "fourth", "fifth", "last", "latest", "only"})


_OWN_CLAUSE_STOP = frozenset({"ccomp", "advcl", "relcl", "parataxis", "conj", "csubj"})
#: the clause's other participants, whose modifiers place them, not the happening
_OTHER_NOUNS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr"})


def _said_to_come(tree: Tree, chain: list[int], cues: Cues) -> bool:
    """ "next year's naval exercise", "talks to be held later this month": the
    happening's own clause places it ahead, whatever tense reports it ("the jets
    delivered by France will be upgraded next year": a participle's own phrase)."""
    top = chain[0] if reduced_relative(tree, chain[0]) else chain[clause_top(tree, chain)]
    on_chain = set(chain)
    # "discussed the upcoming drills at a meeting": another noun's "upcoming" is its own
    others = {
        t
        for node in chain
        for c in tree.child_with(node, _OTHER_NOUNS)
        if c not in on_chain
        for t in tree.subtree(c)
    }
    # "held talks on the upcoming drills", "met ahead of next month's exercise": the
    # time of another happening the phrase names is that happening's own
    others |= {
        t
        for node in chain
        for p in tree.child_with(node, frozenset({"prep", "advmod"}))
        if p not in on_chain and _names_happening(tree, p, cues)
        for t in tree.subtree(p)
    }
    words = sorted(tree.phrase(top, _OWN_CLAUSE_STOP) - others)
    text = " " + " ".join(tree.tokens[i].text.lower() for i in words) + " "
    return any(f" {phrase} " in text for phrase in cues.times_ahead)


def _names_happening(tree: Tree, preposition: int, cues: Cues) -> bool:
    """ "on the upcoming drills", "ahead of next week's talks": a preposition whose
    object (or its "of" object) is a drill or meeting noun."""
    objects = tree.child_with(preposition, frozenset({"pobj"}))
    objects += [
        o
        for p in tree.child_with(preposition, frozenset({"prep"}))
        for o in tree.child_with(p, frozenset({"pobj"}))
    ]
    return any(
        set(cues.event_references.get(tree.tokens[o].text.lower(), ())) & HAPPENINGS
        for o in objects
    )


def _held_as_agreed(tree: Tree, chain: list[int], position: int, cues: Cues) -> bool:
    """Whether the happening is what the agreeing verb at `position` agrees on:
    reached from the trigger through objects and infinitives only."""
    if tree.lemma(chain[position]) not in _AGREEING:
        return False

    def _arranging(of: int) -> bool:
        noun = tree.head(of)
        return noun is not None and tree.lemma(noun).lower() in cues.arrangements

    return all(
        tree.tokens[node].dep
        # "relcl": only an infinitive's ("a memorandum to hold drills") is on the chain
        in (
            "dobj",
            "xcomp",
            "pcomp",
            "pobj",
            "ccomp",
            "conj",
            "compound",
            "acl",
            "relcl",
            # "Peru's participation in the drills was approved"
            "nsubjpass",
        )
        # "in" only where it is not an adjunct: "agreed to take part in the drills"
        or (tree.tokens[node].dep == "prep" and tree.lemma(node) in ("on", "to", "for", "in"))
        # "agreed the dates of the next drills", not "signed the report of the drills"
        or (tree.tokens[node].dep == "prep" and tree.lemma(node) == "of" and _arranging(node))
        for node in chain[:position]
    )


def _is_progressive_offer(tree: Tree, node: int) -> bool:
    """ "Moscow is offering Iran support" reports support being given."""
    tok = tree.tokens[node]
    return (
        tok.lemma == "offer"
        and tok.tag == "VBG"
        and any(
            tree.tokens[c].dep == "aux" and tree.tokens[c].lemma == "be"
            for c in tree.children[node]
        )
    )


def certainty_of(
    tree: Tree,
    chain: list[int],
    attribution: int | None,
    actors: list[ActorSpan],
    slots: dict[int, Slot],
    cues: Cues,
) -> tuple[Certainty, tuple[str, ...], tuple[str, ...]]:
    claimants: list[str] = []
    for i, slot in slots.items():
        if slot.relation in ("prep:according", "prep:accord"):
            claimants.append(actors[i].actor.country)
    hedged = False
    for node in chain:
        lemmas = [tree.tokens[node].lemma] + [tree.tokens[c].lemma for c in tree.children[node]]
        if any(lemma in cues.hedges for lemma in lemmas):
            hedged = True
            event_words = tree.subtree(chain[0])
            # the accuser: "by Western powers" (passive) or "Washington accused ..."
            accusers = tree.child_with(node, frozenset({"agent"}))
            if node != chain[0] and tree.tokens[node].pos == "VERB":
                accusers += tree.child_with(node, frozenset({"nsubj"}))
            for accuser in accusers:
                claimants += _codes_under(tree, accuser, actors, exclude=event_words)
    if attribution is not None:
        speakers: list[str] = []
        for subject in subject_of(tree, attribution):
            speakers += _codes_under(tree, subject, actors)
        if tree.lemma(attribution) in cues.denial:
            return "denied", (), tuple(dict.fromkeys(speakers))
        claimants = speakers + claimants
        return "claimed", tuple(dict.fromkeys(claimants)), ()
    if hedged or claimants:
        return "claimed", tuple(dict.fromkeys(claimants)), ()
    return "stated", (), ()


def _codes_under(
    tree: Tree, node: int, actors: list[ActorSpan], exclude: set[int] | None = None
) -> list[str]:
    inside = tree.subtree(node) - (exclude or set())
    return [span.actor.country for span in actors if span.head in inside]


def date_of(
    tree: Tree,
    sentence: Sentence,
    chain: list[int],
    attribution: int | None,
    event_type: str,
    published: date | None,
) -> EventDate:
    """The event's date: each date mention of the sentence with where it hangs, for
    `dates.choose_event_date` to weigh; a mention inside another clause is not offered."""
    candidates: list[DateCandidate] = []
    reporting = _reporting_verbs(tree, chain, attribution)
    for mention in find_date_mentions(sentence.text):
        tokens = tokens_covering(
            sentence, sentence.start + mention.start, sentence.start + mention.end
        )
        if not tokens:
            continue
        placed = _date_scope(tree, span_head(tree, tokens), chain, attribution, reporting)
        if placed is not None:
            candidates.append(DateCandidate(mention, *placed))
    announced = event_type in _DATE_FROM_ATTRIBUTION
    return choose_event_date(sentence.text, candidates, published, announced=announced)


#: Relations by which a word opens a clause of its own: a date under it dates that clause.
_OWN_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "csubj", "parataxis", "conj"})
#: Relations by which a date hangs off a participant ("Egypt, its buyer since 2015").
_PARTICIPANT_DEPS = frozenset({"appos", "nsubj", "nsubjpass"})


def _reporting_verbs(tree: Tree, chain: list[int], attribution: int | None) -> dict[int, int]:
    """Verbs above the event's clause whose content it is ("officials confirmed that ..."),
    each with its level; a date on them dates the report."""
    found: dict[int, int] = {}
    node = chain[-1]
    if attribution is not None:
        found[attribution] = 0
        node = attribution
    while tree.tokens[node].dep in ("ccomp", "parataxis", "xcomp"):
        head = tree.head(node)
        if head is None or head in found:
            break
        found[head] = len(found)
        node = head
    return found


def _date_scope(
    tree: Tree, head: int, chain: list[int], attribution: int | None, reporting: dict[int, int]
) -> tuple[Scope, int] | None:
    """Where a date mention hangs: on the event's clause, on the verb reporting it, or
    None when it dates something else (another clause, a participant)."""
    trigger = chain[0]
    for distance, node in enumerate([head, *tree.ancestors(head)]):
        if node in chain:
            return "clause", chain.index(node) * 10 + distance
        if node in reporting:
            scope: Scope = "attribution" if node == attribution else "sentence"
            return scope, reporting[node] * 10 + distance
        tok = tree.tokens[node]
        describes_trigger = tok.head == trigger and tree.tokens[trigger].pos in ("NOUN", "PROPN")
        participle = tok.dep == "advcl" and tok.tag in ("VB", "VBG", "VBN")  # "Departing on ..."
        if (
            tok.dep in _OWN_CLAUSE_DEPS
            and tok.pos in ("VERB", "AUX")
            and not (describes_trigger or participle)
        ):
            return None  # "jets ordered in 2019", "after the countries upgraded ties last year"
        if tok.dep in _PARTICIPANT_DEPS and tok.head in chain:
            return None
    return None


def equipment_of(
    tree: Tree, sentence: Sentence, chain: list[int], found: list[tuple[int, int, str]]
) -> tuple[str, ...]:
    if not found:
        return ()
    clause = tree.subtree(chain[-1])
    in_clause: dict[str, str] = {}
    anywhere: dict[str, str] = {}
    for start, end, _ in found:
        tokens = tokens_covering(sentence, sentence.start + start, sentence.start + end)
        if not tokens:
            continue
        text = _equipment_name(sentence, tokens)
        anywhere.setdefault(text.lower(), text)
        if any(i in clause for i in tokens):
            in_clause.setdefault(text.lower(), text)
    # the parser sometimes hangs the equipment outside the trigger's clause
    return tuple((in_clause or anywhere).values())


def _equipment_name(sentence: Sentence, tokens: tuple[int, ...]) -> str:
    """Widen a matched term to the model name before it: "Barak-8 air-defence systems"."""
    first, last = min(tokens), max(tokens)
    toks = sentence.tokens
    while first > 0 and _is_name_part(toks[first - 1]):
        first -= 1
    if toks[first].text == "-" and first < min(tokens):
        # "Russian-built transport helicopters": the origin stopped the widening, and
        # its hyphenated participle is no part of the name
        first = min(first + 2, min(tokens))
    return sentence.text[toks[first].start - sentence.start : toks[last].end - sentence.start]


# Words before an equipment name that describe the order, not the model.
_NOT_NAME_WORDS = frozenset(
    [
        "first",
        "second",
        "third",
        "last",
        "new",
        "more",
        "latest",
        "additional",
        "further",
        "other",
        "several",
        "many",
        "few",
        "modern",
        "advanced",
        "older",
        "newer",
        "extra",
        "initial",
        "final",
        "remaining",
    ]
)


def _is_name_part(token: Token) -> bool:
    """Part of a model name: "A-29 Super Tucano light attack aircraft", "FREMM frigates"."""
    word = token.text
    if token.pos in ("DET", "NUM", "PUNCT") and word != "-":
        return False
    if token.dep in ("poss", "nummod", "case") or token.ent_type in (
        "GPE",
        "NORP",
        "CARDINAL",
        "ORDINAL",
        "MONEY",
        "QUANTITY",
    ):
        return False
    if token.lemma in _NOT_NAME_WORDS:
        return False
    return (
        word == "-"
        or any(c.isdigit() for c in word)
        or word[:1].isupper()
        or token.dep in ("compound", "amod", "nmod")
    )


def confidence_of(
    slots: dict[int, Slot], actors: tuple[Actor, ...], equipment: tuple[str, ...]
) -> float:
    direct = sum(1 for s in slots.values() if s.direct and s.level == 0)
    score = 0.55 + 0.1 * min(direct, 2) + (0.05 if equipment else 0.0)
    if any(a.kind == "official" for a in actors):
        score -= 0.05
    return max(0.05, min(0.95, score))
