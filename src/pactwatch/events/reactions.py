"""Reactions to other events: who condemns a drill, a deal or a sale, and whom it blames.

A condemnation is often about another event named in the same sentence ("Serbia
condemned the drills held by Albania and Kosovo", "Greece said Turkey's purchase
of Chinese frigates was destabilising"): its targets are that event's parties,
and its critic is never one of them. The triggers of a sentence are read in two
passes (reactions last), so the events a reaction is about are known when it is
read; this module finds them and keeps the critic out of them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from pactwatch.events.syntax import EQUATING, Tree
from pactwatch.models import Actor, Event

#: Relations by which a reaction's verb or noun takes what it reacts to.
_ABOUT_DEPS = frozenset({"dobj", "prep", "ccomp", "xcomp", "oprd", "dative", "acomp", "nsubjpass"})
_CRITIC_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "poss"})

REACTION_TYPES = frozenset({"condemnation"})


@dataclass(frozen=True, slots=True)
class Nested:
    """An event whose trigger lies in what a reaction is about (or, `earlier`, read
    before and named here by a noun)."""

    head: int
    event: Event
    #: read in a sentence before and named here by a noun ("condemned the pact")
    earlier: bool = False
    #: read in the sentence just before and answered by a reaction that names nothing
    #: it is about ("Athens protested")
    answered: bool = False


def reaction_word(tree: Tree, chain: list[int], judging: bool) -> int:
    """The word whose complement names what is judged: "called the drills a
    provocation" judges the object of "called", not of "provocation"."""
    if judging:
        for node in chain[1:]:
            if tree.tokens[node].pos in ("VERB", "AUX"):
                return node
        # "rejected the deployment as a provocation": the chain stops at "as"
        governor = tree.head(chain[-1])
        if tree.lemma(chain[-1]) == "as" and governor is not None:
            return governor
    return chain[0]


def reacted_to(tree: Tree, trigger: int, nested: Iterable[Nested]) -> list[Nested]:
    """The events a reaction word is about.

    "criticised X over their drills" (the drills under the verb's object or
    prepositions), "concern over Iran's deliveries" (under the noun), "a drill
    condemned by North Korea" (the noun the participle modifies).
    """
    about = judged_words(tree, trigger)
    token = tree.tokens[trigger]
    owner = tree.head(trigger)
    if token.pos == "NOUN" and token.dep == "dobj" and owner is not None:
        # "lodged a protest with Baku over its drills": the reason hangs on the verb
        about |= {
            t
            for p in tree.child_with(owner, frozenset({"prep"}))
            if tree.lemma(p) in _REASONS
            for t in tree.subtree(p)
        }
    if token.pos == "NOUN" and token.dep == "pobj" and owner is not None:
        # "viewed the drills with concern": what is regarded so is what it is about
        regarding = tree.head(owner)
        if (
            tree.lemma(owner) == "with"
            and regarding is not None
            and tree.lemma(regarding) in _REGARDING
        ):
            about |= {t for o in tree.child_with(regarding, _OBJECT) for t in tree.subtree(o)}
        if (
            tree.lemma(owner) == "with"
            and regarding is not None
            and (looked_at := regarding_at(tree, regarding))
        ):
            # "was looking at the exercise with concern" (the parser may hang "with" on
            # what is looked at)
            about |= {t for o in looked_at for t in tree.subtree(o)}
    drawn_by = drawing_verb(tree, trigger)
    if drawn_by is not None:
        # "Moldova's drill with Romania drew condemnation from Russia"
        about |= {t for s in tree.child_with(drawn_by, _SUBJECTS) for t in tree.subtree(s)}
    conceded = conceded_verb(tree, trigger)
    went_ahead: set[int] = set()
    if conceded is not None:
        # "Hungary bought the tanks despite criticism from Russia": what went ahead
        # (not a sanction eased "despite opposition", which blames no party of it)
        went_ahead = tree.subtree(conceded) - tree.subtree(tree.head(trigger) or trigger)
    # "firms it accuses of sourcing engines": the deed is the "of" clause, and what
    # the clause hangs on is the accused
    accused_of = token.dep == "relcl" and bool(tree.prepositions(trigger, "of"))
    if owner is not None and token.dep in ("acl", "relcl", "amod") and not accused_of:
        about.add(owner)  # "the allies' naval drill condemned by Caracas"
    found = [
        item
        for item in nested
        if item.head in about or (item.head in went_ahead and item.event.type != "sanction")
    ]
    drawn_in_clause = drawn_by is not None and tree.tokens[drawn_by].dep == "relcl"
    if not found and (token.dep == "relcl" or drawn_in_clause) and not accused_of:
        # "drills near the border, which Finland condemned", "drills, a move the US
        # denounced", "..., a move that drew criticism from Ethiopia": the parser hangs
        # the clause on the nearest noun; it is about the latest event named before it
        before = [item for item in nested if item.head < trigger]
        found = before[-1:] if before else []
    # the verb of the reaction's clause: the noun's own verb ("voiced concern")
    verb = owner if token.pos == "NOUN" and owner is not None else trigger
    if not found and not about:
        # "China reacted angrily after the Philippines let US troops use four more
        # bases": a reaction with no object of its own answers the deed of its clause
        # of "after", "when" or "as"
        answered = {t for clause in answered_clauses(tree, verb) for t in tree.subtree(clause)}
        found = [item for item in nested if item.head in answered]
    if not found:
        # "Athens protested": the event of the sentence before, hung on the word itself
        found = [item for item in nested if item.answered]
    if not found and all(tree.tokens[t].dep in _BARE_OBJECT for t in about):
        # "Chinese frigates joined Pakistan's navy for drills, and India voiced
        # concern", "...; Delhi protests": a reaction about nothing of its own, joined
        # after a clause, answers that clause's deed
        found = [item for item in nested if item.head in _clause_before(tree, verb)]
    # "condemned the sanctions imposed over its purchase of S-400s": a sanction's
    # reason is not what the reaction is about
    reasons = {
        t for item in found if item.event.type == "sanction" for t in tree.subtree(item.head)
    }
    return [item for item in found if item.event.type == "sanction" or item.head not in reasons]


#: the words of an object that says nothing of what it is about ("voiced deep concern")
_BARE_OBJECT = frozenset({"dobj", "amod", "det", "advmod"})


def _clause_before(tree: Tree, verb: int) -> set[int]:
    """The words of the clause a verb with a subject of its own is joined to, when it
    comes after it."""
    first = tree.head(verb)
    if tree.tokens[verb].dep not in ("conj", "parataxis") or first is None or first > verb:
        return set()
    if not tree.child_with(verb, _SUBJECT):
        return set()  # "held drills with Belarus and condemned the move": one subject
    return tree.subtree(first) - tree.subtree(verb)


def answered_clauses(tree: Tree, verb: int) -> list[int]:
    """The clauses of "after", "when" or "as" on a verb of reaction: what it answers
    ("protested after Russian jets violated its airspace")."""
    return [
        clause
        for clause in tree.child_with(verb, _ADVERBIAL_CLAUSE)
        if any(tree.lemma(m) in _ANSWERING for m in tree.child_with(clause, _MARKERS))
    ]


_ADVERBIAL_CLAUSE = frozenset({"advcl"})
_ANSWERING = frozenset({"after", "when", "as"})
#: "after" is a mark, "when" an adverb
_MARKERS = frozenset({"mark", "advmod"})


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_SUBJECT = frozenset({"nsubj"})
_OBJECT = frozenset({"dobj"})
#: verbs of regarding something "with" a feeling: "viewed the drills with concern"
_REGARDING = frozenset({"view", "see", "regard", "watch", "follow", "greet", "observe"})


def regarding_at(tree: Tree, word: int) -> list[int]:
    """What "look at" takes, from the verb or from the object the "with" hangs on."""
    if tree.lemma(word) == "look":
        return tree.objects_of(word, "at")
    above = tree.head(word)
    if tree.tokens[word].dep == "pobj" and above is not None and tree.lemma(above) == "at":
        verb = tree.head(above)
        if verb is not None and tree.lemma(verb) == "look":
            return [word]
    return []


def judged_words(tree: Tree, trigger: int) -> set[int]:
    """What a reaction word is about, and the subject a copula equates with a
    judgement ("said the deal was destabilising", "the sanctions were illegal")."""
    about = about_words(tree, trigger)
    if tree.lemma(trigger) in EQUATING:
        about |= {t for c in tree.child_with(trigger, _SUBJECT) for t in tree.subtree(c)}
    return about


def about_words(tree: Tree, trigger: int) -> set[int]:
    """The words of what a reaction word takes as its object: its objects and
    phrases ("condemned the drills", "concern over the pact"), or a noun's own."""
    about = {
        t
        for c in tree.children[trigger]
        if tree.tokens[c].dep in _ABOUT_DEPS
        for t in tree.subtree(c)
    }
    if tree.tokens[trigger].pos in ("NOUN", "PROPN", "ADJ"):
        about |= tree.subtree(trigger) - {trigger}
    return about


#: prepositions that give what a protest or concern is about
_REASONS = frozenset({"over", "about", "at", "against", "regarding", "concerning"})
#: verbs by which an event draws a reaction on itself
DRAWING = frozenset(
    {
        "draw",
        "attract",
        "spark",
        "prompt",
        "provoke",
        "trigger",
        "earn",
        "invite",
        "face",
        "receive",
        "meet",
        "cause",
        "stir",
        "elicit",
    }
)


#: prepositions by which a deed goes ahead in the face of a reaction
_IN_THE_FACE_OF = frozenset({"despite", "amid"})


def conceded_verb(tree: Tree, trigger: int) -> int | None:
    """ "held the drills despite protests from Beijing": the verb done in the face
    of the reaction."""
    prep = tree.head(trigger)
    if prep is None or tree.tokens[trigger].dep != "pobj":
        return None
    if tree.lemma(prep) not in _IN_THE_FACE_OF:
        return None
    return tree.head(prep)


def drawing_verb(tree: Tree, trigger: int) -> int | None:
    """ "drew condemnation from Russia": the verb whose subject is what is condemned."""
    head = tree.head(trigger)
    if head is None or tree.tokens[trigger].dep not in ("dobj", "pobj"):
        return None
    if tree.tokens[trigger].dep == "pobj":  # "met with protests from ..."
        head = tree.head(head)
    if head is None or tree.lemma(head) not in DRAWING:
        return None
    return head


def parties_of(events: Sequence[Event], critics: set[str]) -> list[Actor]:
    """Everyone taking part in the events reacted to, but the critics themselves; of a
    sanction, only who imposes it ("criticised the US sanctions on Russia" blames the
    United States, not Russia)."""
    seen: set[str] = set()
    out: list[Actor] = []
    for event in events:
        for actor in event.actors:
            if actor.country in critics or actor.country in seen:
                continue
            if event.type == "sanction" and actor.role == "target":
                continue
            seen.add(actor.country)
            out.append(replace(actor, role="target"))
    return out


def without_critics(event: Event, critics: Collection[str]) -> Event | None:
    """The event reacted to, without a critic the parser made one of its parties
    ("a drill condemned by North Korea" is no North Korean drill)."""
    kept = tuple(a for a in event.actors if a.country not in critics)
    if len(kept) == len(event.actors):
        return event
    if event.directed:
        if not any(a.role == "source" for a in kept) or not any(a.role == "target" for a in kept):
            return None
    elif len({a.country for a in kept}) < 2:
        return None
    return replace(event, actors=kept)


def critic_codes(tree: Tree, trigger: int, actors_by_token: dict[int, str]) -> set[str]:
    """Codes of the actors speaking the reaction: subject, agent or possessor, or
    "from ..." of a reaction an event draws ("drew condemnation from Russia")."""
    codes: set[str] = set()
    critic_deps = _CRITIC_DEPS
    drawn_by = drawing_verb(tree, trigger)
    if drawn_by is not None or conceded_verb(tree, trigger) is not None:
        critic_deps = frozenset({"poss"})
        sources = [
            c
            for node in (trigger, drawn_by)
            if node is not None
            for c in tree.prepositions(node, "from")
        ]
        for prep in sources:
            named = [t for t in tree.subtree(prep) if t in actors_by_token]
            # "objections from its NATO allies": whose allies they are does not object
            objecting = [t for t in named if tree.tokens[t].dep != "poss"] or named
            codes |= {actors_by_token[t] for t in objecting}
    for child in tree.child_with(trigger, critic_deps):
        # "the Iranian embassy in Baku": where the speaker sits is not who speaks
        located = {t for p in tree.prepositions(child, "in") for t in tree.subtree(p)}
        speaking = {
            actors_by_token[t] for t in tree.subtree(child) - located if t in actors_by_token
        }
        codes |= speaking or {
            actors_by_token[t] for t in tree.subtree(child) if t in actors_by_token
        }
    above = tree.head(trigger)
    if not codes and above is not None and _shares_subject(tree, trigger):
        # "Greek officials reacted angrily, saying the deal would ...": a participle or
        # a second verb speaks with the subject of the verb it hangs on
        return critic_codes(tree, above, actors_by_token)
    return codes


def _shares_subject(tree: Tree, verb: int) -> bool:
    token = tree.tokens[verb]
    return not tree.child_with(verb, frozenset({"nsubj", "nsubjpass"})) and (
        (token.dep == "advcl" and token.tag == "VBG")
        or (token.dep == "conj" and token.pos == "VERB")
    )
