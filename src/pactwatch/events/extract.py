"""Reading events out of one parsed sentence.

For every trigger word (lexicons/triggers.yaml) the sentence holds, the
trigger's frame (frames.py) assigns the actors found in the sentence to roles
by their syntactic slots; modality and attribution on the path from the trigger
to its clause's top set stage and certainty. Every decision is recorded in a
`Decision` so `pactwatch explain` can say why an event was or was not made.

The steps live beside this module: finding actors (spans.py), a trigger's
context requirements (requirements.py), roles (roles.py), and stage, certainty,
dates and equipment (attributes.py).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise

from pactwatch.actors.mentions import Mention
from pactwatch.events.attributes import (
    ASKED_ABOUT,
    ASKING,
    HAPPENINGS,
    OBJECT_DEPS,
    certainty_of,
    confidence_of,
    date_of,
    equipment_of,
    is_negated,
    negated_prevention,
    stage_of,
)
from pactwatch.events.context import ArticleContext
from pactwatch.events.frames import frame_for
from pactwatch.events.lexicon import (
    Cues,
    Trigger,
    load_cues,
    load_equipment,
    load_triggers,
    one_word_nouns,
    partaking_verbs,
)
from pactwatch.events.reactions import (
    REACTION_TYPES,
    Nested,
    judged_words,
    reacted_to,
    reaction_word,
    without_critics,
)
from pactwatch.events.readers import (
    ArticleFacts,
    TriggerContext,
    bygone,
    happening_nouns,
    is_candidate_reading,
    names_remembered,
    read_parties,
)
from pactwatch.events.requirements import (
    NO_NAMED_EVENT,
    civilian_base,
    clause_under_agreement,
    drill_nouns,
    hosts_guests,
    hosts_trainees,
    lacks_military,
    names_ship,
    ship_visitors,
    topic_through_verb,
    unmet_requirement,
)
from pactwatch.events.roles import (
    as_onlookers,
    holders_apart,
    pick_by_slot,
    shares_object,
    slots_at_level,
)
from pactwatch.events.spans import ActorSpan, find_actor_spans, maker_participle, span_head
from pactwatch.events.syntax import (
    DEFINITE,
    Slot,
    Tree,
    across_a_border,
    governing_chain,
    names_approval,
    relative_subject_slot,
    slot_of,
    subject_of,
)
from pactwatch.models import Actor, Event, Evidence, Sentence

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


def _describes_noun_before(tree: Tree, verb: int) -> bool:
    """ "the lessons learned": a bare participle right after a noun, with no subject
    or auxiliary of its own (the parser may hang it on the clause instead)."""
    tok = tree.tokens[verb]
    if tok.tag != "VBN" or verb == 0 or tree.tokens[verb - 1].pos not in ("NOUN", "PROPN"):
        return False
    return not tree.child_with(verb, frozenset({"nsubj", "nsubjpass", "aux", "auxpass"}))


@dataclass(slots=True)
class Decision:
    """What one trigger led to, for `pactwatch explain`."""

    trigger: str
    type: str
    rule: str
    event: Event | None = None
    #: the trigger's head token in its sentence (-1 for rules without one)
    head: int = -1
    #: for a reaction: the heads of the events of its sentence it is about
    reacted_to: tuple[int, ...] = ()
    reason: str = ""
    slots: dict[str, str] = field(default_factory=dict)
    #: a reaction verb whose target the rules could not read ("X criticised the drills")
    unread_target: bool = False


@dataclass(slots=True)
class SentenceReading:
    sentence: Sentence
    actors: list[ActorSpan]
    decisions: list[Decision]

    @property
    def events(self) -> list[Event]:
        return [d.event for d in self.decisions if d.event is not None]


_REFERRING = frozenset({"this", "that", "these", "those", "such"})
#: how many sentences back a referring noun may find its happening
_REFERS_BACK = 4

#: verb frames whose object phrase is part of their event: a trigger noun inside
#: it adds nothing of its own
_READS_ITS_OBJECT = frozenset({"attend_course", "criticise"})


def _passive_read_as_adjective(sentence: Sentence, i: int) -> bool:
    """ "The boat was gifted to Samoa by New Zealand": a participle the parser tagged
    an adjective, yet with its passive's agent."""
    token = sentence.tokens[i]
    return (
        token.pos == "ADJ"
        and token.dep == "acomp"
        and any(t.head == i and t.dep == "agent" for t in sentence.tokens)
    )


def _verb_read_as_noun(sentence: Sentence, i: int) -> bool:
    """ "Azerbaijani cadets study at Turkish academies": a verb the parser tagged a
    noun, yet the root of the sentence with a subject of its own."""
    token = sentence.tokens[i]
    return (
        token.pos == "NOUN"
        and token.dep == "ROOT"
        and any(t.head == i and t.dep == "nsubj" for t in sentence.tokens if t.i != i)
    )


def _compound_read_as_clause(sentence: Sentence, i: int, n: int) -> bool:
    """ "announced asset freezes on five firms": a noun of several words whose last the
    parser took for a verb with the words before it as its subject."""
    last = sentence.tokens[i + n - 1]
    return (
        n > 1
        and last.tag == "VBZ"
        and all(sentence.tokens[k].pos == "NOUN" for k in range(i, i + n - 1))
        and sentence.tokens[i + n - 2].dep == "nsubj"
        and sentence.tokens[i + n - 2].head == last.i
    )


def _match_triggers(
    sentence: Sentence, actors: Sequence[ActorSpan] = ()
) -> list[tuple[Trigger, tuple[int, ...]]]:
    by_first = _triggers_by_first_word()
    lemmas = [t.lemma for t in sentence.tokens]
    texts = [t.text.lower() for t in sentence.tokens]
    # words of a name are not triggers: "Grant Shapps", "Hyundai Rotem"
    in_names = {i for span in actors for i in span.tokens} | _in_set_phrases(sentence)
    persons = {t.i for t in sentence.tokens if t.ent_type == "PERSON"}
    vessels, intensifiers = load_cues().vessels, load_cues().intensifiers
    found: list[tuple[Trigger, tuple[int, ...]]] = []
    for i in range(len(lemmas)):
        if i in in_names:
            continue
        for trigger in by_first.get(lemmas[i], ()) + by_first.get(texts[i], ()):
            n = len(trigger.words)
            if i + n > len(lemmas) or (i in persons and n == 1):
                # a drill's name of two words the model may take for a person's
                # ("Justified Accord 25 will involve ..."); one word is a first name
                continue
            window = _phrase_window(sentence, trigger, i, lemmas, texts, intensifiers)
            if window is not None:
                pos = sentence.tokens[window[-1]].pos
                if (
                    trigger.is_noun
                    and pos not in ("NOUN", "PROPN", "ADJ", "NUM")
                    and not _compound_read_as_clause(sentence, i, n)
                    # "Moscow was concerned about ...": a participle used as an adjective
                    and not (
                        trigger.words[-1].endswith("ed") and sentence.tokens[i + n - 1].tag == "VBN"
                    )
                    # "Exercise Southern Shield" tagged a verb, yet a name's first word
                    and sentence.tokens[i + n - 1].dep != "compound"
                ):
                    continue
                last = sentence.tokens[i + n - 1]
                if (
                    trigger.is_noun
                    and last.dep == "compound"
                    and 0 <= last.head < len(lemmas)
                    and lemmas[last.head] in vessels
                ):
                    continue  # "a supply ship", "a transport vessel": a kind of ship
                if (
                    not trigger.is_noun
                    and n == 1
                    and pos not in ("VERB", "AUX")
                    and not (pos == "ADP" and trigger.frame in _KEYED_ON_PREPOSITION)
                    and not _passive_read_as_adjective(sentence, i)
                    and not _verb_read_as_noun(sentence, i)
                ):
                    continue
                if (
                    not trigger.is_noun
                    and sentence.tokens[i].dep in ("amod", "compound")
                    and trigger.frame != "partake"  # "participating nations include ..."
                ):
                    continue  # "Iranian-manufactured drones" names no new event
                if not trigger.is_noun and _second_half_of_compound(sentence, i):
                    continue  # "accused Caracas of sabre-rattling": no one rattles anyone
                found.append((trigger, tuple(window)))
    # keep the longest trigger of each type on a word ("military aid" over "aid")
    found.sort(key=lambda f: -len(f[1]))
    kept: list[tuple[Trigger, tuple[int, ...]]] = []
    # one trigger per type and requirement on a word: "produce" may be read both
    # as joint production ("together") and as the purpose of an accord
    claimed: set[tuple[str, str, int]] = set()
    for trigger, tokens in found:
        if any((trigger.type, trigger.requires, i) in claimed for i in tokens):
            continue
        claimed.update((trigger.type, trigger.requires, i) for i in tokens)
        kept.append((trigger, tokens))
    kept.sort(key=lambda f: f[1][0])
    return kept


def _in_set_phrases(sentence: Sentence) -> set[int]:
    """The tokens of set phrases ("visit, board, search and seizure"), which name no
    event whatever words they hold."""
    words = [(t.i, t.text.lower()) for t in sentence.tokens if t.pos != "PUNCT"]
    texts = [w for _, w in words]
    covered: set[int] = set()
    for phrase in load_cues().set_phrases:
        n = len(phrase)
        for k in range(len(texts) - n + 1):
            if tuple(texts[k : k + n]) == phrase:
                first, last = words[k][0], words[k + n - 1][0]
                covered.update(range(first, last + 1))
    return covered


def _second_half_of_compound(sentence: Sentence, i: int) -> bool:
    """ "sabre-rattling", "nation-building": a verb joined by a hyphen to the noun
    before it is a word of its own (not "re-supply", "co-produce", whose first half
    is a prefix)."""
    if i < 2:
        return False
    hyphen, first, word = sentence.tokens[i - 1], sentence.tokens[i - 2], sentence.tokens[i]
    return (
        hyphen.text == "-"
        and first.end == hyphen.start
        and hyphen.end == word.start
        and first.pos == "NOUN"
    )


def _phrase_window(
    sentence: Sentence,
    trigger: Trigger,
    start: int,
    lemmas: list[str],
    texts: list[str],
    intensifiers: frozenset[str],
) -> tuple[int, ...] | None:
    """The tokens of a trigger's words from `start`, or None. A verb phrase's words
    may be parted by intensifiers of the word that follows ("took strong exception
    to", "voiced their deep alarm at"; not "held separate talks"); a noun's may not."""
    window = [start]
    for word in trigger.words[1:]:
        k = window[-1] + 1
        skipped = 0
        while (
            not trigger.is_noun
            and k < len(lemmas)
            and skipped < _MAX_INSERTED
            and word not in (lemmas[k], texts[k])
            and sentence.tokens[k].dep in _INSERTED
            and lemmas[k].lower() in intensifiers
        ):
            k += 1
            skipped += 1
        if k >= len(lemmas) or word not in (lemmas[k], texts[k]):
            return None
        inserted = range(window[-1] + 1, k)
        if any(sentence.tokens[j].head not in range(inserted.start, k + 1) for j in inserted):
            return None  # modifiers of the next word only
        window.append(k)
    return tuple(window)


#: how intensifiers stand inside a verb phrase's words: modifiers of the word after them
_INSERTED = frozenset({"amod", "advmod", "poss"})
_MAX_INSERTED = 2


#: frames keyed on a preposition, the rarer word of their phrase, so the pre-filter
#: parses fewer sentences ("fighting ... alongside the Congolese army": "alongside")
_KEYED_ON_PREPOSITION = frozenset({"fight_alongside"})

_BY_FIRST: dict[str, tuple[Trigger, ...]] = {}


def _triggers_by_first_word() -> dict[str, tuple[Trigger, ...]]:
    if not _BY_FIRST:
        grouped: dict[str, list[Trigger]] = {}
        for trigger in load_triggers():
            grouped.setdefault(trigger.words[0], []).append(trigger)
        _BY_FIRST.update({k: tuple(v) for k, v in grouped.items()})
    return _BY_FIRST


#: how often a happening comes round, which says nothing of what it is about
_RECURRENCE = frozenset({"annual", "biennial", "yearly", "regular", "weekly", "monthly"})


def _met_through_earlier(
    trigger: Trigger, tree: Tree, head: int, unmet: str, context: ArticleContext, index: int
) -> bool:
    """ "The coalition is led by ...", "such a training session": a noun referring
    back to a happening of its type whose military content an earlier sentence
    showed needs no military word of its own."""
    if not trigger.is_noun or not lacks_military(unmet):
        return False
    if names_remembered(tree, head, trigger.type, context, index):
        return True
    earlier = context.military_nouns.get(trigger.type)
    # or named in a sentence the pre-filter leaves unparsed ("as the South Pacific
    # Defence Ministers' Meeting opened in the Tongan capital")
    named_before = any(
        trigger.type in kinds
        for kinds in context.happenings_by_sentence[max(0, index - _REFERS_BACK) : index]
    )
    if not named_before and (earlier is None or not 0 < index - earlier <= _REFERS_BACK):
        return False
    noun = head
    parent = tree.head(head)
    if tree.tokens[head].dep == "compound" and parent is not None:
        noun = parent  # "such a training session"
    modifiers = tree.child_with(noun, _OWN_MODIFIERS)
    timing = load_cues().time_nouns | _RECURRENCE
    referring = _REFERRING
    if trigger.type in HAPPENINGS and (
        tree.tokens[noun].dep in ("nsubj", "nsubjpass") or _partaken_in(tree, noun, trigger.type)
    ):
        # "The two-day meeting brought together ...", "Delegates from A and B attended
        # the conference" (not "Jakarta noted the agreement")
        referring = referring | {"the"}
    return (
        # "such a training session", "this meeting"
        any(tree.lemma(c) in referring for c in tree.children[noun])
        # "the sale agreement", "the training of nurses": content of its own (not
        # "the two-day meeting", "the annual exercise": how long or how often)
        and all(m == head or tree.lemma(m) in _REFERRING | timing for m in modifiers)
        and not tree.objects_of(noun, "of")
    )


_OWN_MODIFIERS = frozenset({"amod", "compound", "nmod", "poss", "nummod"})


def _partaken_in(tree: Tree, noun: int, kind: str) -> bool:
    """Whether the noun is what a verb of taking part takes part in ("attended the
    conference", "took part in the drills", "the meeting, which was attended by"):
    one joins a happening already there."""
    if any(_takes_part(tree, c, kind) for c in tree.child_with(noun, frozenset({"relcl"}))):
        return True
    verb = tree.head(noun)
    if tree.tokens[noun].dep == "pobj" and verb is not None and tree.tokens[verb].dep == "prep":
        verb = tree.head(verb)
    elif tree.tokens[noun].dep != "dobj":
        return False
    return verb is not None and _takes_part(tree, verb, kind)


def _takes_part(tree: Tree, verb: int, kind: str) -> bool:
    """Whether a verb, with its particle or object, is one of taking part in a
    happening of the kind ("attend", "take part")."""
    return not tree.verb_phrases(verb).isdisjoint(partaking_verbs(kind, requires="none"))


def _officials_beside_happening(
    trigger: Trigger, tree: Tree, unmet: str, context: ArticleContext, index: int, cues: Cues
) -> bool:
    """ "At the closing conclave, the chiefs were joined by their counterparts": chiefs
    or commanders meeting beside a drill or meeting an earlier sentence reported meet
    on defence, though no military word is theirs."""
    if trigger.type != "defense_meeting" or not lacks_military(unmet):
        return False
    if not any(
        (earlier := context.military_nouns.get(kind)) is not None
        and 0 < index - earlier <= _REFERS_BACK
        for kind in HAPPENINGS
    ):
        return False
    return any(
        tok.pos == "NOUN" and tok.lemma.lower() in cues.meeting_officials for tok in tree.tokens
    )


#: nouns of people sent to a meeting on behalf of their state
_DELEGATION_NOUNS = frozenset({"delegation", "delegations"})


def _own_or_shared_subjects(tree: Tree, verb: int) -> list[int]:
    """The verb's subjects, or those of the verb it is listed after ("arrived ... and
    was met by ...")."""
    own = subject_of(tree, verb)
    first = tree.head(verb)
    if own or tree.tokens[verb].dep != "conj" or first is None:
        return own
    return subject_of(tree, first)


def _delegations_sent_nowhere(tree: Tree, head: int, cues: Cues) -> bool:
    """ "Brazil, Chile and Peru sent delegations but no troops": the senders' delegations
    go to something named before, not to one another."""
    verb = tree.tokens[head].head
    return (
        tree.lemma(head).lower() in _DELEGATION_NOUNS
        and tree.tokens[head].dep == "dobj"
        and tree.lemma(verb) in cues.sending
        # "to Bangkok" (a prepositional or a dative phrase), "from its navy"
        and not any(
            tree.lemma(c) in ("to", "for", "into", "from")
            for c in (*tree.children[verb], *tree.children[head])
        )
    )


def _delegations_at_earlier_meeting(
    trigger: Trigger,
    tree: Tree,
    head: int,
    unmet: str,
    context: ArticleContext,
    index: int,
    meeting_here: bool,
    actors: Sequence[ActorSpan],
) -> bool:
    """ "Planners held a conference on the drill. Delegations from Peru and Chile
    agreed the scenario", "Malawi's delegation was headed by a general": delegations
    of states soon after a meeting in a military sense is named are its delegations,
    though their own sentence has no military word (nor a meeting of its own, whose
    reading takes them in, nor another state: "Colombia's delegation offered places
    to Bolivian pilots" is no meeting of the two)."""
    if (
        trigger.type != "defense_meeting"
        or trigger.frame != "visit_noun"
        or not lacks_military(unmet)
        or tree.lemma(head).lower() not in _DELEGATION_NOUNS
        or meeting_here
        or not context.happening_among("defense_meeting", index, within=_REFERS_BACK)
    ):
        return False
    if tree.objects_of(head, "from"):
        return True
    owners = {
        span.actor.country
        for span in actors
        if span.head in tree.child_with(head, frozenset({"poss"}))
    }
    named = {span.actor.country for span in actors if span.actor.kind == "state"}
    return len(owners) == 1 and named <= owners


def _gives_aid_noun(tree: Tree, verb: int, aid_nouns: set[int]) -> bool:
    objects = tree.child_with(verb, frozenset({"dobj", "dative"}))
    equipment = load_equipment()
    for obj in objects:
        # "an unprecedented level of military and technical support"
        phrase = tree.phrase(obj, frozenset({"relcl", "acl", "advcl"}))
        if not phrase & aid_nouns:
            continue
        # "sent military advisers and drones": the drones are a transfer still
        return not any(
            equipment.find(tree.phrase_text(item, _ITEM_STOPS))
            for item in tree.conjuncts(obj)
            if not tree.phrase(item, _ITEM_STOPS) & aid_nouns
        )
    return False


def _outside_equipment(
    sentence: Sentence,
    matches: list[tuple[Trigger, tuple[int, ...]]],
    equipment: list[tuple[int, int, str]],
) -> list[tuple[Trigger, tuple[int, ...]]]:
    """A training noun inside an equipment's name is no event: "12 L-15 jet
    trainers" are aircraft, not instructors."""

    def inside(token: int) -> bool:
        word = sentence.tokens[token]
        start, end = word.start - sentence.start, word.end - sentence.start
        return any(low <= start and end <= high for low, high, _ in equipment)

    return [
        (trigger, tokens)
        for trigger, tokens in matches
        if not (trigger.is_noun and trigger.type == "training" and all(map(inside, tokens)))
    ]


def _names_a_meeting(tree: Tree, word: int) -> bool:
    """Whether a word is a meeting's noun ("talks", "meeting", "conference"), as written:
    the lemma of "talks" is "talk", no meeting."""
    return tree.tokens[word].text.lower() in _meeting_nouns()


@functools.cache
def _meeting_nouns() -> frozenset[str]:
    return one_word_nouns("defense_meeting", frame="symmetric_noun")


#: what a list item's own words stop at: the items after it, and its clauses
_ITEM_STOPS = frozenset({"conj", "cc", "relcl", "acl", "advcl", "prep", "punct", "appos"})


def read_sentence(
    sentence: Sentence,
    mentions: Sequence[Mention],
    context: ArticleContext,
    *,
    article_id: str,
    published: date | None,
    version: str,
) -> SentenceReading:
    cues = load_cues()
    facts = ArticleFacts(article_id, published, version)
    tree = Tree(sentence)
    actors = find_actor_spans(sentence, tree, mentions, context, cues)
    reading = SentenceReading(sentence, actors, [])
    if not actors:
        return reading
    equipment_found = load_equipment().find(sentence.text)
    matches = _outside_equipment(sentence, _match_triggers(sentence, actors), equipment_found)
    # "providing military and technical support", "offered training": the noun is the event
    aid_nouns = {
        i
        for trigger, tokens in matches
        if trigger.is_noun and trigger.type in ("military_aid", "training")
        for i in tokens
    }
    # "a visiting forces agreement": a longer noun trigger's words are its own
    named_by_phrases = {
        i
        for trigger, tokens in matches
        if trigger.is_noun and len(trigger.words) > 1
        for i in tokens
    }
    heads = [span_head(tree, tokens) for _, tokens in matches]
    unmet_of = [
        unmet_requirement(trigger, tree, sentence, head, tokens, cues, equipment_found, actors)
        for (trigger, tokens), head in zip(matches, heads, strict=True)
    ]
    if is_candidate_reading(actors):
        # as the pre-filter parses it, so the memory does not depend on parsing more
        for (trigger, _), unmet in zip(matches, unmet_of, strict=True):
            # a noun that met its requirement, or needs none ("2+2 dialogue"), names a
            # military happening; "participants" names none
            if trigger.is_noun and not unmet and trigger.frame != "partake_noun":
                context.military_nouns[trigger.type] = sentence.index
    # noun triggers by type that can stand as events: a noun inside another's
    # phrase is that one's argument ("a security assistance grant" is one grant;
    # "completed a training course" is read by the course's verb)
    heads_by_type: dict[str, set[int]] = {}
    for (trigger, _), head, unmet in zip(matches, heads, unmet_of, strict=True):
        if (
            (trigger.is_noun or trigger.frame in _READS_ITS_OBJECT)
            and trigger.frame != "partake_noun"  # "participants in the drills" name the drills
            and not unmet
        ):
            heads_by_type.setdefault(trigger.type, set()).add(head)
    actor_heads = {span.head for span in actors}
    # "the meeting was attended by delegations from ...": the meeting's reading has them
    meeting_here = any(
        trigger.type == "defense_meeting" and trigger.frame == "symmetric_noun"
        for trigger, _ in matches
    )
    # reactions last, so the events they are about are known when they are read
    ordered = sorted(range(len(matches)), key=lambda m: matches[m][0].type in REACTION_TYPES)
    for position in ordered:
        (trigger, tokens), head, unmet = matches[position], heads[position], unmet_of[position]
        rule = f"{trigger.type}.{trigger.frame}[{trigger.name}]"
        decision = Decision(
            trigger=sentence.tokens[head].text, type=trigger.type, rule=rule, head=head
        )
        reading.decisions.append(decision)
        if (
            trigger.type == "arms_transfer"
            and not trigger.is_noun
            and _gives_aid_noun(tree, head, aid_nouns)
        ):
            decision.reason = "what is given is aid or training, read by that noun's own rule"
            continue
        if not trigger.is_noun and set(tokens) <= named_by_phrases:
            decision.reason = "a word of a longer noun trigger ('a visiting forces agreement')"
            continue
        if trigger.type != "joint_exercise" and any(
            other.type == "joint_exercise" and other.is_noun and set(tokens) < set(other_tokens)
            for other, other_tokens in matches
        ):
            # "Exercise Justified Accord began": the accord is a word of the drill's name
            decision.reason = "a word of a drill's name ('Exercise Justified Accord')"
            continue
        if trigger.is_noun and _names_an_office(tree, head, cues):
            decision.reason = "a word of an office's name ('Director of Joint Operations')"
            continue
        outer = (
            _same_type_above(tree, head, trigger.type, heads_by_type, actor_heads)
            if trigger.is_noun
            else None
        )
        if outer is not None:
            decision.reason = (
                f"part of the phrase of {tree.tokens[outer].text!r}, read by that trigger"
            )
            continue
        nested = _nested(reading, decision)
        if trigger.type in REACTION_TYPES and not nested:
            # "Russia condemned the pact": the pact read in a sentence before
            judged = head
            if trigger.frame == "judge_noun":
                # "called the sanctions illegal": what "called" takes is judged
                chain, _ = governing_chain(tree, head, cues.speech, cues.denial)
                judged = reaction_word(tree, chain, judging=True)
            words = judged_words(tree, judged)
            if trigger.frame in _DONE_BY_SUBJECT:
                # "said the sale would fuel an arms race", "the deployment has angered
                # Ethiopia": what does the harm or stirs the feeling is judged
                words |= {t for s in tree.child_with(head, _SUBJECT) for t in tree.subtree(s)}
            critics = _critics(tree, head, actors)
            nested = _earlier_event(tree, words, context, sentence.index, cues, critics)
            if (
                not nested
                and all(other.type in REACTION_TYPES for other, _ in matches)
                and _bare_reaction(tree, head, words - set(tokens), actors, critics)
            ):
                nested = _event_just_before(head, context, sentence.index, critics)
            if not nested and unmet and lacks_military(unmet):
                nested = _event_of_those_named(tree, head, actors, context, sentence.index, critics)
        if unmet and (
            _met_through_earlier(trigger, tree, head, unmet, context, sentence.index)
            or _officials_beside_happening(trigger, tree, unmet, context, sentence.index, cues)
            or _delegations_at_earlier_meeting(
                trigger, tree, head, unmet, context, sentence.index, meeting_here, actors
            )
        ):
            unmet = None
        if unmet and not (
            # a reaction to an event the sentence names needs no military word of
            # its own, but must still be one ("urged them to join the drills" is not)
            trigger.type in REACTION_TYPES
            and nested
            and (lacks_military(unmet) or unmet == NO_NAMED_EVENT)
        ):
            decision.reason = unmet
            continue
        _decide(
            decision,
            trigger,
            head,
            tokens,
            reading,
            tree,
            cues,
            equipment_found,
            context,
            facts,
            nested,
        )
        if decision.event is not None and decision.event.type == "sanction":
            context.imposers = [a for a in decision.event.actors if a.role == "source"]
        if trigger.type in REACTION_TYPES and decision.event is not None:
            sources = frozenset(a.country for a in decision.event.actors if a.role == "source")
            _keep_critics_out(reading, decision, sources, decision.reacted_to, context)
        elif decision.unread_target and nested:
            # "Vietnam and the Philippines criticised the drills": the critics of drills
            # whose holders the sentence does not name hold none of them
            about = tuple(n.head for n in reacted_to(tree, head, nested))
            _keep_critics_out(reading, decision, _critics(tree, head, actors), about, context)
    reading.decisions.sort(key=lambda d: d.head)
    if equipment_found:
        reading.decisions.extend(_made_in(tree, sentence, actors, cues, facts))
    _drop_duplicates(reading)
    context.events_read += [(sentence.index, event) for event in reading.events]
    return reading


#: how many sentences back a reaction's noun may find the event it names
_REACTS_BACK = 3


def _critics(tree: Tree, trigger: int, actors: Sequence[ActorSpan]) -> frozenset[str]:
    """The states or bodies named as the subject of a reaction ("Beijing criticised
    ...", "India voiced concern ..."): the verb's own, or the noun's verb's ("handed a
    note of protest": the verb of the noun the reaction is "of")."""
    of = tree.head(trigger)
    if tree.tokens[trigger].dep == "pobj" and of is not None and tree.lemma(of) == "of":
        trigger = tree.head(of) or trigger
    verb = trigger if tree.tokens[trigger].pos in ("VERB", "AUX") else tree.head(trigger)
    if verb == trigger and tree.tokens[trigger].dep == "acomp":
        verb = tree.head(trigger)  # "it was deeply concerned": the copula's subject
    if verb is None:
        return frozenset()
    subjects = tree.child_with(verb, _SUBJECT)
    inside = {t for s in subjects for t in tree.subtree(s)}
    return frozenset(span.actor.country for span in actors if span.head in inside)


def _earlier_event(
    tree: Tree,
    judged: set[int],
    context: ArticleContext,
    index: int,
    cues: Cues,
    critics: frozenset[str] = frozenset(),
) -> tuple[Nested, ...]:
    """The event of a sentence shortly before that a reaction names by a definite
    noun in what it reacts to ("Algeria criticised the move", "concern over the
    pact"): the latest of the types the noun may name (cues.yaml event_references),
    whose source the critics are not ("The US sanctioned two Chinese firms for
    supplying Russia. Beijing criticised the move": the sanction, not the supply)."""
    for noun in sorted(judged):
        kinds = cues.event_references.get(tree.tokens[noun].text.lower())
        if kinds is None or tree.tokens[noun].pos != "NOUN":
            continue
        if not any(
            tree.lemma(c).lower() in DEFINITE or tree.tokens[c].dep == "poss"
            for c in tree.children[noun]
        ):
            continue  # "the pact", "Japan's participation", not "a pact"
        # a noun that may name any event ("the move") looks less far back
        reach = _REACTS_BACK - 1 if "*" in kinds else _REACTS_BACK
        for at, event in reversed(context.events_read):
            if index - at > reach:
                break
            if event.type in REACTION_TYPES or not ("*" in kinds or event.type in kinds):
                continue
            if critics & {a.country for a in event.actors if a.role == "source"}:
                continue  # a state may protest a sanction on itself, not its own supply
            return (Nested(noun, event, earlier=True),)
    return ()


def _bare_reaction(
    tree: Tree,
    head: int,
    judged: set[int],
    actors: Sequence[ActorSpan],
    critics: frozenset[str],
) -> bool:
    """ "Athens protested", "Tokyo said it was deeply concerned": a reaction that names
    nothing it is about, in a sentence that names no one but its critics and no other
    event, in a clause of its own (not "..., after some ministers raised concerns")."""
    return (
        bool(critics)
        and not _in_dependent_clause(tree, head)
        and all(span.actor.country in critics for span in actors)
        and not any(
            tree.tokens[t].pos in ("NOUN", "PROPN", "VERB")
            and tree.tokens[t].ent_type not in ("DATE", "TIME")
            for t in judged
        )
    )


def _in_dependent_clause(tree: Tree, word: int) -> bool:
    """Whether the word's clause hangs on another as a clause of time, reason or
    description (a reported "said that ..." is the speaker's own)."""
    while (above := tree.head(word)) is not None:
        if tree.tokens[word].dep in ("advcl", "relcl", "acl"):
            return True
        word = above
    return False


def _event_just_before(
    word: int, context: ArticleContext, index: int, critics: frozenset[str]
) -> tuple[Nested, ...]:
    """The latest event read in the sentence just before, of which the critics are no
    party: what a bare reaction answers ("Turkey deployed troops to Iraq. Baghdad
    protested.")."""
    for at, event in reversed(context.events_read):
        if at < index - 1:
            break
        if at != index - 1 or event.type in REACTION_TYPES:
            continue
        if critics & {a.country for a in event.actors}:
            return ()  # "Iran and Iraq signed a pact. Iran warned ...": about something else
        return (Nested(word, event, earlier=True, answered=True),)
    return ()


def _names_a_deed(tree: Tree, verb: int) -> bool:
    """ "accused Belarus of pushing migrants across the border": what the reaction
    charges is a deed it names itself (not "accused Caracas", "protested to Lima")."""
    return any(
        tree.tokens[t].pos == "VERB"
        for p in tree.child_with(verb, frozenset({"prep", "xcomp", "ccomp", "advcl"}))
        for t in tree.subtree(p)
    )


def _event_of_those_named(
    tree: Tree,
    word: int,
    actors: Sequence[ActorSpan],
    context: ArticleContext,
    index: int,
    critics: frozenset[str],
) -> tuple[Nested, ...]:
    """ "Caracas handed a note of protest to Guyana's envoy" after the sentence reporting
    Guyana's security pact with the US: a reaction with no military word of its own that
    names, besides its critics, only parties of an event reported shortly before (within
    four sentences; of which the critics are none) answers that event."""
    named = {span.actor.country for span in actors} - critics
    if not named or not critics or (tree.tokens[word].pos == "VERB" and _names_a_deed(tree, word)):
        return ()
    for at, event in reversed(context.events_read):
        if at < index - _REFERS_BACK:
            break
        if event.type in REACTION_TYPES:
            continue
        parties = {a.country for a in event.actors}
        if critics & parties or not named <= parties:
            continue
        return (Nested(word, event, earlier=True, answered=True),)
    return ()


def _made_in(
    tree: Tree,
    sentence: Sentence,
    actors: list[ActorSpan],
    cues: Cues,
    facts: ArticleFacts,
) -> list[Decision]:
    """ "Serbia's Chinese-made drones": a transfer from the maker to the owner.

    The owner is the possessor of the equipment, or with "its" the subject
    of the verb it hangs under ("Qatar moved its German-built tanks").
    """
    decisions: list[Decision] = []
    tokens = sentence.tokens
    for index, span in enumerate(actors):
        made = maker_participle(tokens, span, cues)
        if made is None:
            continue
        participle = tokens[made]
        noun = tree.phrase_top(participle.i)
        if noun == participle.i:
            continue
        owner = _owner_of(tree, noun, actors, exclude=index)
        if owner is None:
            owner = _operator_of(tree, noun, actors, cues, exclude=index)
        decision = Decision(
            trigger=participle.text, type="arms_transfer", rule="arms_transfer.made_in[made]"
        )
        decisions.append(decision)
        if owner is None or actors[owner].actor.country == span.actor.country:
            decision.reason = "no owner of the equipment named (possessor or subject)"
            continue
        equipment = equipment_of(tree, sentence, [noun], load_equipment().find(sentence.text))
        decision.event = Event(
            article=facts.article_id,
            type="arms_transfer",
            actors=(
                replace(span.actor, role="source"),
                replace(actors[owner].actor, role="target"),
            ),
            stage="occurred",
            evidence=Evidence(sentence=sentence.text, start=sentence.start, end=sentence.end),
            published=facts.published,
            equipment=equipment,
            confidence=0.6,
            rule=decision.rule,
            trigger=f"{span.actor.text}-{participle.text}",
            extractor_version=facts.version,
        )
        decision.reason = "event"
    return decisions


def _owner_of(tree: Tree, noun: int, actors: list[ActorSpan], *, exclude: int) -> int | None:
    by_head = {span.head: i for i, span in enumerate(actors) if i != exclude}
    for child in tree.children[noun]:
        if tree.tokens[child].dep != "poss":
            continue
        if child in by_head:
            return by_head[child]
        if tree.is_pronoun(child):
            for ancestor in tree.ancestors(noun):
                for subject in subject_of(tree, ancestor):
                    inside = tree.subtree(subject)
                    owners = [i for head, i in by_head.items() if head in inside]
                    if owners:
                        return owners[0]
    return None


def _operator_of(
    tree: Tree, noun: int, actors: list[ActorSpan], cues: Cues, *, exclude: int
) -> int | None:
    """ "The Nigerian air force operates a fleet of Chinese-made jets": the subject of
    a verb of having or using owns what it has."""
    node = noun
    of = tree.head(node)
    if of is not None and tree.lemma(of) == "of":
        quantity = tree.head(of)
        if quantity is not None and tree.lemma(quantity) in cues.quantities:
            node = quantity  # "a fleet of Chinese-made jets"
    verb = tree.head(node)
    if tree.tokens[node].dep != "dobj" or verb is None or tree.lemma(verb) not in cues.operating:
        return None
    subjects = subject_of(tree, verb)
    while (
        not subjects and tree.tokens[verb].dep == "xcomp" and (above := tree.head(verb)) is not None
    ):
        verb = above  # "has started operating Chinese-built jets": the subject above
        subjects = subject_of(tree, verb)
    inside = {t for s in subjects for t in tree.subtree(s)}
    return next((i for i, span in enumerate(actors) if i != exclude and span.head in inside), None)


_WITHIN_PHRASE = frozenset({"prep", "pobj", "compound", "amod", "nmod", "dobj"})
_NAMING_MODIFIERS = frozenset({"amod", "compound", "nmod"})


def _names_an_office(tree: Tree, noun: int, cues: Cues) -> bool:
    """ "Major General X, Director of Joint Operations", "Head of Military Training":
    capitalised words after a capitalised office's "of" name the office."""
    preposition = tree.head(noun)
    if (
        preposition is None
        or tree.lemma(preposition) != "of"
        or not tree.tokens[noun].text[0].isupper()
    ):
        return False
    office = tree.head(preposition)
    return (
        office is not None
        and office > 0
        and tree.tokens[office].text[0].isupper()
        and tree.lemma(office).lower() in cues.titles
    )


def _same_type_above(
    tree: Tree,
    head: int,
    event_type: str,
    heads_by_type: dict[str, set[int]],
    actor_heads: set[int],
) -> int | None:
    """A trigger of the same type whose phrase holds this one: "received training from
    British instructors" is one training, read by "training". Not a noun naming
    the parties on itself in another's name ("US-Japanese exercise Keen Sword"):
    the name's own phrase does not reach them."""
    others = heads_by_type.get(event_type, set()) - {head}
    if tree.tokens[head].dep == "compound" and any(
        c in actor_heads for c in tree.child_with(head, _NAMING_MODIFIERS)
    ):
        return None
    node = head
    for _ in range(3):
        parent = tree.head(node)
        if parent is None or tree.tokens[node].dep not in _WITHIN_PHRASE:
            return None
        if parent in others:
            return parent
        node = parent
    return None


def _nested(reading: SentenceReading, decision: Decision) -> tuple[Nested, ...]:
    """The events read so far in the sentence, which a reaction may be about."""
    if decision.type not in REACTION_TYPES:
        return ()
    return tuple(Nested(d.head, d.event) for d in reading.decisions if d.event is not None)


def _keep_critics_out(
    reading: SentenceReading,
    reaction: Decision,
    critics: Collection[str],
    about: tuple[int, ...],
    context: ArticleContext,
) -> None:
    """A critic is never a party of what it criticises ("drills condemned by X"), nor
    of that happening when a later sentence recalls it ("the exercise ...")."""
    if not critics:
        return
    for kind, (index, parties) in list(context.partial.items()):
        if index == reading.sentence.index:
            context.partial[kind] = (index, [a for a in parties if a.country not in critics])
    # nor one of the group "the ministers" or "the three navies" later refers to
    context.groups = [
        (index, [code for code in codes if code not in critics])
        if index == reading.sentence.index
        else (index, codes)
        for index, codes in context.groups
    ]
    for decision in reading.decisions:
        if decision.event is None or decision is reaction:
            continue
        # "Russia condemned the drills, while Turkey took part": parties carried over
        # to another reading of the same happening are the critic's targets too
        carried = decision.event.type in HAPPENINGS and "+earlier-mention" in decision.rule
        if decision.head not in about and not carried:
            continue
        if decision.event.type == "sanction" and not any(
            a.country in critics for a in decision.event.actors if a.role == "source"
        ):
            continue  # "India rejected the US sanctions on it": their target protests
        kept = without_critics(decision.event, critics)
        if kept is None:
            decision.event = None
            decision.reason = "its only other party is the critic of a condemnation"
        elif kept is not decision.event:
            decision.event = kept
            decision.rule += "-critic"


def _slots(
    tree: Tree,
    actors: list[ActorSpan],
    chain: list[int],
    trigger_tokens: tuple[int, ...],
    reaction: bool = False,
) -> dict[int, Slot]:
    slots: dict[int, Slot] = {}
    for index, span in enumerate(actors):
        if set(span.tokens) & set(trigger_tokens) or across_a_border(tree, span.head):
            continue
        slot = slot_of(tree, span.head, chain, frozenset(trigger_tokens), adjective=span.adjective)
        if slot is None and not span.place:
            slot = relative_subject_slot(tree, span.head, chain)
            if slot is not None and reaction and not slot.direct:
                # "a push by Korean firms that has raised concern": what a clause on a
                # described noun reacts to is told of that noun, no critic it names
                slot = None
        if slot is not None:
            slots[index] = slot
    return slots


#: relations by which a name is part of a noun's phrase: "the Flintlock senior
#: leaders seminar" (the parser may hang the name on "the")
_NAME_PARTS = frozenset({"compound", "nmod", "amod", "preconj", "det"})


def _undecided(tree: Tree, chain: list[int]) -> bool:
    """ "has not said whether it will join", "unclear if Chile will send ships", "if
    they hold drills, ...": the happening's own clause is asked about or supposed,
    not reported."""
    for node in chain:
        if any(
            tree.lemma(c).lower() in ("whether", "if") and tree.tokens[c].dep == "mark"
            for c in tree.children[node]
        ):
            return True
        if tree.tokens[node].dep in _CLAUSE_HEADS:
            return False  # the happening's own clause ends here
    return False


def _outside_the_happening(tree: Tree, chain: list[int], event_type: str) -> bool:
    """ "Outside the main exercise, Chinese engineers are joining the civic work": what
    is done outside a drill or meeting is no part of it."""
    nouns = one_word_nouns(event_type)
    return any(
        tree.lemma(p) in ("outside", "beyond")
        and any(tree.lemma(o) in nouns for o in tree.child_with(p, frozenset({"pobj"})))
        for node in chain
        for p in tree.child_with(node, frozenset({"prep"}))
    )


def _expectation_unmet(tree: Tree, chain: list[int], cues: Cues) -> bool:
    """ "Armenia had been due to send a unit", "Peru was supposed to send a frigate": what
    was expected then is told as not having come about. A drill or meeting noun is
    unmet only as what was to be held ("had been due to hold talks"), not as where
    something was to go ("was supposed to send a frigate to the drills")."""
    first = chain[0]
    if tree.tokens[first].pos not in ("VERB", "AUX") and not (
        tree.tokens[first].dep == "dobj"
        and len(chain) > 1
        and (tree.lemma(chain[1]) in cues.held_passive or tree.lemma(chain[1]) in cues.partaking)
    ):
        return False
    for node in chain[1:]:
        lemma = tree.lemma(node)
        if lemma not in cues.expected_then:
            continue
        verb = tree.head(node) if tree.tokens[node].dep == "acomp" else node
        if verb is None:
            continue
        helpers = {tree.tokens[a].text.lower() for a in tree.child_with(verb, _AUXILIARIES)}
        if tree.tokens[verb].text.lower() == "been":
            helpers.add("been")
        # "had been due to", "had been expected to" (not "had expected to receive",
        # "has set a goal to deliver"), "was supposed to"
        if lemma == "suppose" or {"had", "been"} <= helpers:
            return True
    return False


_AUXILIARIES = frozenset({"aux", "auxpass"})


#: relations that head a clause of their own
_CLAUSE_HEADS = frozenset({"ROOT", "ccomp", "advcl", "csubj", "relcl", "acl", "parataxis"})


#: what makes a drill a meeting's topic: "a conference on the exercise"
_TOPIC_PREPOSITIONS = frozenset({"on", "about", "for", "regarding", "concerning"})


def _topic_of_meeting(ctx: TriggerContext) -> bool:
    """ "A conference on the Southern Accord exercise was attended by ...": a drill a
    meeting is about is ahead of it, not held (not "a seminar during the exercise",
    nor "a review of last year's exercise")."""
    if ctx.trigger.type != "joint_exercise" or not ctx.trigger.is_noun:
        return False
    tree = ctx.tree
    if bygone(tree, ctx.head, ctx.cues):
        return False
    meetings = one_word_nouns("defense_meeting")
    preposition = tree.head(ctx.head)
    if preposition is not None and tree.lemma(preposition) in _TOPIC_PREPOSITIONS:
        meeting = tree.head(preposition)
        if meeting is not None and tree.lemma(meeting) in meetings:
            return True
    # "the talks covered joint exercises": the topic of a meeting noun's verb
    return any(
        {tree.lemma(m), tree.tokens[m].text.lower()} & meetings
        and ctx.head in topic_through_verb(tree, m)
        for m in range(len(tree.tokens))
    )


def _asked_about(tree: Tree, chain: list[int]) -> int | None:
    """ "Asked about the drills, Japan's spokesman said ...": the "about" phrase of a
    question someone was asked; the one asked takes no part in what it names."""
    for below, node in pairwise(chain):
        if (
            tree.lemma(below) in ASKED_ABOUT
            and tree.lemma(node) in ASKING
            and not tree.child_with(node, frozenset({"nsubj"}))
        ):
            return below
    return None


def _according_to(tree: Tree, chain: list[int]) -> int | None:
    """The "according to" above the trigger, if the trigger is where what the clause
    says comes from ("According to the force list presented at the conference,
    Kenya and Rwanda will take part"): a drill or meeting there is its own."""
    return next(
        (n for n in chain[1:] if tree.lemma(n) in _ACCORDING and tree.tokens[n].dep == "prep"),
        None,
    )


_ACCORDING = frozenset({"accord", "according"})
#: reaction frames whose subject is what is reacted to
_DONE_BY_SUBJECT = frozenset({"harm", "alarm"})
_SUBJECT = frozenset({"nsubj"})


def _codes_within(ctx: TriggerContext, words: set[int]) -> set[str]:
    return {span.actor.country for span in ctx.actors if span.head in words}


def _not_an_event(ctx: TriggerContext) -> str | None:
    """Why what the trigger says is no event of its type, whoever the parties are."""
    tree, cues, head, chain = ctx.tree, ctx.cues, ctx.head, ctx.chain
    if (
        is_negated(tree, chain, cues)
        and (ctx.attribution is None or tree.lemma(ctx.attribution) not in cues.denial)
        # "India will not join the drills, which Russia and China hold": India's part only
        and not holders_apart(tree, head, ctx.actors, cues)
    ):
        return "negated by the narrator (no claim to report)"
    topic = _asked_about(tree, chain)
    if topic is not None and len(_codes_within(ctx, tree.subtree(topic))) < 2:
        return "the topic of a question put to someone ('asked about the drills, ...')"
    source = _according_to(tree, chain)
    if (
        source is not None
        and ctx.trigger.type in HAPPENINGS
        and len(_codes_within(ctx, tree.subtree(source))) < 2
    ):
        return "a source of what the clause says ('according to the list presented at the talks')"
    if ctx.trigger.type in HAPPENINGS and _undecided(tree, chain):
        return "an open question ('unclear whether Ecuador will take part'), no event"
    if ctx.trigger.type in HAPPENINGS and _outside_the_happening(tree, chain, ctx.trigger.type):
        return "done outside the happening ('outside the main exercise, engineers joined ...')"
    if ctx.trigger.type in HAPPENINGS and _expectation_unmet(tree, chain, cues):
        # (a delivery "had been due in March" is late, still planned)
        return "an expectation of the past left unmet ('had been due to send a unit')"
    if (
        ctx.trigger.type == "condemnation"
        and tree.tokens[head].dep == "acl"
        and tree.tokens[head].tag == "VBN"
        and not tree.child_with(head, frozenset({"agent"}))
    ):
        # "two Chinese firms accused of selling missile parts": whom the participle
        # describes is the accused; who accuses is not said
        return "a participle describing the accused ('firms accused of ...'), no critic named"
    if ctx.frame.name == "partake" and _within_mission(tree, head):
        return "a clause on a mission ('the UN mission, where they work alongside ...'), no drill"
    if ctx.trigger.type not in REACTION_TYPES and any(
        names_approval(tree, c) for c in tree.child_with(head, OBJECT_DEPS)
    ):
        return "an approval ('gives nod to'), not a transfer"
    if (
        ctx.trigger.type == "arms_transfer"
        and ctx.frame.name == "give"
        and _sends_people(tree, head, cues)
    ):
        return "sends people, not equipment"
    if (
        ctx.trigger.type == "arms_transfer"
        and ctx.frame.name == "give"
        and _sent_to_happening(tree, head)
    ):
        return "sends ships or forces to a drill or meeting, not to a recipient"
    if ctx.trigger.type == "sanction" and any(
        tree.lemma(o) in cues.favoured_as for o in tree.objects_of(head, "as")
    ):
        return "designated as a partner or ally, a favour"
    if ctx.frame.name == "learn" and _describes_noun_before(tree, head):
        return "a participle describing a noun ('the lessons learned') names no trainee"
    if ctx.frame.name == "meet" and any(
        # the nearest object: a later one may be a quote's noun the parser hung on the
        # verb ("received his counterparts ..., where they discussed 'the threat'")
        tree.lemma(c) in cues.met_needs
        for c in sorted(tree.child_with(head, OBJECT_DEPS))[:1]
    ):
        return "meets a need or a standard, not a counterpart"
    if (
        ctx.trigger.type == "defense_meeting"
        and tree.lemma(head) in (*cues.meeting_verbs, "visit")
        and any(names_ship(tree, s, cues) for s in _own_or_shared_subjects(tree, head))
    ):
        # "PNS Taimur visited Port Victoria": a port call (read as basing)
        return "a ship that visits, or is met on arrival, makes a port call, no meeting"
    if ctx.frame.name == "host" and hosts_guests(tree, head, ctx.actors, cues.hosted_guests):
        return "hosts guests or a meeting (a meeting rule reads it), not forces"
    if (
        ctx.trigger.type == "joint_exercise"
        and ctx.frame.name != "partake_noun"  # "Contingents at a glance: ..." is no name
        and tree.tokens[head].pos == "PROPN"
        and tree.lemma(tree.phrase_top(head, _NAME_PARTS)) in one_word_nouns("defense_meeting")
    ):
        return "a drill's name on a meeting ('the Flintlock leaders' seminar') names the meeting"
    if (
        ctx.frame.name == "visit_noun"
        and len(chain) > 1
        and tree.tokens[head].dep == "nsubj"
        and (
            tree.lemma(chain[1]) in cues.onlookers
            # "delegations from Nepal are attending the exercise as observers"
            or as_onlookers(tree, chain[1], cues)
        )
    ):
        return "delegations watching a happening ('observed the drills') meet no one"
    if ctx.frame.name == "visit_noun" and ship_visitors(tree, head, cues):
        return "ships visit a port (a port call, read as basing); people meet"
    if ctx.frame.name == "visit_noun" and _delegations_sent_nowhere(tree, head, cues):
        return "states sending delegations to no one named meet no one ('sent delegations')"
    if ctx.frame.name == "host" and hosts_trainees(tree, head, ctx.cues):
        return "hosts trainees (the training rule reads it), not forces"
    if (
        ctx.frame.name == "use_noun"
        and len(chain) > 2
        and tree.tokens[chain[1]].dep == "prep"
        and (
            any(
                tree.lemma(o) in drill_nouns() | cues.courses or _names_a_meeting(tree, o)
                # "a series of talks"
                for held in tree.child_with(chain[2], OBJECT_DEPS)
                for o in (held, *tree.objects_of(held, "of"))
            )
            # "met at the naval base", "talks at the air base"
            or tree.lemma(chain[2]) == "meet"
            or _names_a_meeting(tree, chain[2])
        )
    ):
        # "completed conversion training at a Pakistan Air Force base": the same; "held
        # talks at the air base", "met at the naval base"
        return (
            "a base where drills, courses or talks are held is their venue, not a base lent "
            "to anyone"
        )
    if (
        ctx.frame.name == "use_noun"
        and len(chain) > 2
        and tree.tokens[chain[1]].dep == "prep"
        and tree.lemma(chain[2]) in _LEARNING
        # the learners are the subject ("pilots were trained at"), not a trainer training
        # others at its own base ("Turkey trains Somali troops at its base in Mogadishu")
        and not tree.child_with(chain[2], frozenset({"dobj"}))
        and not any(
            tree.lemma(s) in cues.forces
            for s in tree.child_with(chain[2], frozenset({"nsubj", "nsubjpass"}))
        )
    ):
        # "pilots have been trained at Italian air bases", "cadets study at British
        # bases" (not "US troops train at a Colombian base", forces using it)
        return "a base where pilots or cadets train or study is a school, not a base lent"
    if ctx.frame.name == "use_noun" and len(chain) > 1 and tree.lemma(chain[1]) in cues.hostilities:
        return "a base struck or fought over ('bombed a base in ...') is used by no one"
    if ctx.frame.name == "use_noun" and civilian_base(tree, head, cues):
        return "not a military base (industrial, customer ... base)"
    return None


#: verbs of being taught, whose place is a school: "trained at Italian air bases"
_LEARNING = frozenset({"train", "study", "learn", "graduate", "qualify", "instruct", "teach"})


def _blocker(ctx: TriggerContext) -> int | None:
    """A verb above the trigger that stops or opposes it ("blocked the sale"), or
    warns against it ("warned Serbia against buying drones")."""
    tree, cues, chain = ctx.tree, ctx.cues, ctx.chain
    for position, n in enumerate(chain[1:], start=1):
        governor = tree.head(n)
        if tree.lemma(n) == "against" and governor and tree.lemma(governor) in cues.dissuading:
            if position == 1 and ctx.trigger.is_noun and ctx.trigger.type in HAPPENINGS:
                # "warned Chile against the planned drills with the US": a drill or
                # meeting named as a thing is one already set, warned about, not
                # talked out of like "against holding drills"
                continue
            return governor
    return next(
        (
            n
            for position, n in enumerate(chain[1:], start=1)
            if tree.lemma(n) in cues.blocking
            # "has not stopped Niger from accusing Benin": it does
            and not negated_prevention(tree, chain, position, cues)
            # "China opposed the drills by the US and Manila", "rejected the US sale to
            # Taiwan": held all the same
            and not (tree.lemma(n) in _ONLY_REACTING and _reacted_to_only(ctx, position))
            # "violated an arms embargo by supplying weapons": the supply happened
            and not any(tree.lemma(h) in cues.violating for h in tree.ancestors(n)[:1])
            # "sanctioned firms for supplying drones": the reason happened too
            and not _given_as_reason(tree, chain[:position])
            # "froze the assets of generals involved in arms sales to Russia": a clause
            # describing what is stopped names no event stopped (not "bars ships
            # carrying fuel from docking", where the parser hangs "from" on "carrying")
            and not any(
                tree.tokens[b].dep == "relcl"
                or (tree.tokens[b].dep == "acl" and tree.tokens[b].tag == "VBN")
                for b in chain[1:position]
            )
        ),
        None,
    )


def _reacted_to_only(ctx: TriggerContext, position: int) -> bool:
    """Whether the opposing verb at chain[position] only reacts to the event: a drill,
    meeting or sanction goes ahead whoever rejects it, and a deal too when rejected
    by no party of the two it names ("China rejected the US arms sale to Taiwan"),
    unlike "Colombia's Senate rejected the purchase of jets from Sweden"."""
    if ctx.trigger.type in HAPPENINGS or ctx.trigger.type == "sanction":
        return True
    opposers = {
        ctx.actors[i].actor.country
        for i, slot in ctx.slots.items()
        if slot.level == position and slot.relation == "nsubj"
    }
    parties = {ctx.actors[i].actor.country for i, slot in ctx.slots.items() if slot.level == 0}
    # a deal with one party named may be the opposer's own ("Colombia's Senate")
    return bool(opposers) and len(parties) > 1 and not opposers & parties


_REASONS = frozenset({"for", "over", "after", "because"})
#: blocking words that stop a sale but not someone else's drill or meeting
_ONLY_REACTING = frozenset(
    {"oppose", "reject", "monitor", "track", "investigate", "probe", "deter"}
)


def _given_as_reason(tree: Tree, below: list[int]) -> bool:
    """The trigger reaches the blocking verb through "for", "over" or "after"."""
    return any(tree.tokens[n].dep == "prep" and tree.lemma(n) in _REASONS for n in below)


def _accord_providing(tree: Tree, chain: list[int], trigger: Trigger, cues: Cues) -> int | None:
    """The accord of "signed a cooperation plan that includes joint exercises": what it
    provides for is governed by what is done with it, and its parties are the accord's."""
    top = chain[-1]
    noun = tree.head(top)
    if (
        trigger.type == "defense_agreement"
        or noun is None
        or tree.tokens[top].dep not in ("relcl", "acl")
        or tree.lemma(top) not in cues.accord_contents
    ):
        return None
    accords = one_word_nouns("defense_agreement") | cues.accord_documents
    return noun if tree.lemma(noun).lower() in accords else None


def _decide(
    decision: Decision,
    trigger: Trigger,
    head: int,
    trigger_tokens: tuple[int, ...],
    reading: SentenceReading,
    tree: Tree,
    cues: Cues,
    equipment_found: list[tuple[int, int, str]],
    memory: ArticleContext,
    facts: ArticleFacts,
    nested: tuple[Nested, ...] = (),
) -> None:
    chain, attribution = governing_chain(tree, head, cues.speech, cues.denial)
    accord = _accord_providing(tree, chain, trigger, cues)
    if accord is not None:
        above, attribution = governing_chain(tree, accord, cues.speech, cues.denial)
        chain = [*chain, *above]
    frame_name = trigger.frame
    by_agent = bool(tree.child_with(head, frozenset({"agent"})))
    if frame_name == "train" and by_agent and not tree.child_with(head, frozenset({"nsubjpass"})):
        frame_name = "trained_by"  # "marines are to be trained by Colombian instructors"
    elif frame_name == "train" and not (
        tree.child_with(head, frozenset({"dobj", "nsubjpass"})) or shares_object(tree, head)
    ):
        frame_name = "learn"  # "Indonesian pilots are training in France"
    elif frame_name == "train" and not (
        tree.child_with(head, frozenset({"dobj", "agent"})) or shares_object(tree, head)
    ):
        frame_name = "trained_in"  # "pilots were trained in Denmark"
    actors = reading.actors
    if trigger.type != "basing_access":
        # "Austin visited Al Udeid", "talks in Mombasa": a port or base is no party
        actors = [span for span in actors if not span.place]
    ctx = TriggerContext(
        trigger=trigger,
        frame=frame_for(frame_name, trigger.type),
        head=head,
        tokens=trigger_tokens,
        tree=tree,
        sentence=reading.sentence,
        actors=actors,
        slots=_slots(tree, actors, chain, trigger_tokens, trigger.type in REACTION_TYPES),
        chain=chain,
        attribution=attribution,
        cues=cues,
        equipment_found=equipment_found,
        facts=facts,
        nested=nested,
    )
    decision.slots = {
        actors[i].actor.text: s.key + (f"@{s.level}" if s.level else "")
        for i, s in ctx.slots.items()
    }
    reason = _not_an_event(ctx)
    if reason:
        decision.reason = reason
        return
    blocker = _blocker(ctx)
    if blocker is not None:
        decision.reason = (
            f"governed by {tree.lemma(blocker)!r}: the text reports it stopped or opposed"
        )
        if trigger.type == "arms_transfer" and tree.lemma(blocker) in cues.restricting:
            _restriction_as_sanction(decision, ctx, blocker)
        return
    found = read_parties(ctx, memory)
    if isinstance(found, str):
        decision.reason = found
        # "Indonesia criticised the drills": a critic the verb names, whatever it targets
        decision.unread_target = trigger.type in REACTION_TYPES and tree.tokens[head].pos == "VERB"
        return
    if trigger.requires == "named_event":
        if not found.reacted_to:
            decision.reason = NO_NAMED_EVENT
            return
        if tree.lemma(head) in cues.denial and not any(
            tree.tokens[e].dep == "dobj" and tree.head(e) == head for e in found.reacted_to
        ):
            # "rejected the drills" objects to them; "rejected claims that it sent
            # drones", "rejected reports of sales" deny the event (read as such)
            decision.reason = "rejects what is said of an event, not the event: a denial"
            return
    decision.rule += found.rule_suffix
    decision.reacted_to = found.reacted_to
    event = _event(ctx, _dedupe_actors(found.actors), decision.rule)
    if found.under_way and event.stage == "planned":
        event = replace(event, stage="occurred")
    if event.stage == "occurred" and _topic_of_meeting(ctx):
        event = replace(event, stage="planned")
    if event.type == "condemnation" and event.stage in ("planned", "offered", "requested"):
        # "a move likely to anger Pyongyang", "Delhi is expected to protest": a
        # reaction foreseen has not been made
        decision.reason = f"a reaction not yet made (stage {event.stage})"
        return
    if event.type == "condemnation" and event.stage == "agreed":
        event = replace(event, stage="occurred")  # "agreed to condemn" is condemning
    decision.event = event
    decision.reason = "event"
    for group in found.separately[1:]:
        reading.decisions.append(
            Decision(
                trigger=decision.trigger,
                type=decision.type,
                rule=decision.rule,
                event=_event(ctx, _dedupe_actors(group), decision.rule),
                reason="event",
                slots=decision.slots,
                head=decision.head,
            )
        )


def _event(ctx: TriggerContext, actors: tuple[Actor, ...], rule: str) -> Event:
    """The event the trigger names, with what its clause says of stage, claim and date."""
    tree, cues, chain, trigger = ctx.tree, ctx.cues, ctx.chain, ctx.trigger
    # A noun whose predicate ends it names a thing in force: in "the EU embargo
    # is likely to be lifted", "likely" and the date belong to the lifting.
    own_chain = chain
    if trigger.is_noun and clause_under_agreement(tree, ctx.head) is not None:
        own_chain = chain[:1]  # "under the accord signed in March, both navies will ..."
    if trigger.is_noun and tree.tokens[ctx.head].dep in _SUBJECT_DEPS and len(chain) > 1:
        predicate = tree.subtree(chain[1]) - tree.subtree(ctx.head)
        if any(tree.lemma(i) in cues.blocking for i in predicate):
            own_chain = chain[:1]
    certainty, claimed_by, denied_by = certainty_of(
        tree, chain, ctx.attribution, ctx.actors, ctx.slots, cues
    )
    equipment = equipment_of(tree, ctx.sentence, chain, ctx.equipment_found)
    sentence = ctx.sentence
    return Event(
        article=ctx.facts.article_id,
        type=trigger.type,
        actors=actors,
        stage=stage_of(trigger, tree, own_chain, cues),
        evidence=Evidence(sentence=sentence.text, start=sentence.start, end=sentence.end),
        certainty=certainty,
        published=ctx.facts.published,
        claimed_by=claimed_by,
        denied_by=denied_by,
        equipment=equipment,
        date=date_of(tree, sentence, own_chain, ctx.attribution, trigger.type, ctx.facts.published),
        confidence=confidence_of(ctx.slots, actors, equipment),
        rule=rule,
        trigger=" ".join(sentence.tokens[i].text for i in ctx.tokens),
        extractor_version=ctx.facts.version,
    )


def _restriction_as_sanction(decision: Decision, ctx: TriggerContext, blocker: int) -> None:
    """ "Germany halted all arms exports to Saudi Arabia" is a sanction on Saudi Arabia."""
    tree, slots, actors = ctx.tree, ctx.slots, ctx.actors
    level = ctx.chain.index(blocker)
    imposers = pick_by_slot(("nsubj", "nsubj~", "agent"), slots_at_level(slots, level), set())
    recipients = pick_by_slot(
        ("prep:to", "prep:to~", "*to", "prep:for", "*for", "prep:for~", "prep:for~~"),
        {i: s for i, s in slots.items() if s.level <= level},
        set(imposers),
    )
    imposer_codes = {actors[i].actor.country for i in imposers}
    recipients = [i for i in recipients if actors[i].actor.country not in imposer_codes]
    if not imposers or not recipients:
        return
    decision.rule = f"sanction.restricts[{tree.lemma(blocker)}]+{decision.rule}"
    decision.type = "sanction"
    decision.reason = "event"
    sentence, facts = ctx.sentence, ctx.facts
    decision.event = Event(
        article=facts.article_id,
        type="sanction",
        actors=_dedupe_actors(
            tuple(replace(actors[i].actor, role="source") for i in imposers)
            + tuple(replace(actors[i].actor, role="target") for i in recipients)
        ),
        stage="occurred",
        evidence=Evidence(sentence=sentence.text, start=sentence.start, end=sentence.end),
        certainty=certainty_of(tree, ctx.chain, ctx.attribution, actors, slots, ctx.cues)[0],
        published=facts.published,
        date=date_of(tree, sentence, ctx.chain, ctx.attribution, "sanction", facts.published),
        confidence=0.6,
        rule=decision.rule,
        trigger=tree.tokens[blocker].text,
        extractor_version=facts.version,
    )


#: operations forces are sent to, not states: "sent helicopters to the NATO intervention"
_MISSIONS = frozenset({"mission", "operation", "intervention", "campaign", "deployment"})


def _within_mission(tree: Tree, verb: int) -> bool:
    """ "serving with the UN mission in South Sudan, where they work alongside a
    Rwandan battalion", "a mission in Somalia, to which Kenya contributes troops":
    a clause hanging on a mission (or a force serving one) is about that mission."""
    word = verb
    while (
        tree.tokens[word].dep in ("relcl", "acl", "pobj", "prep")
        and (above := tree.head(word)) is not None
    ):
        if tree.tokens[above].pos in ("NOUN", "PROPN") and tree.lemma(above).lower() in (
            _MISSIONS | {"force"}
        ):
            return True
        word = above
    return False


@functools.cache
def _happenings_and_missions() -> frozenset[str]:
    return frozenset(t.words[-1] for t in happening_nouns()) | _MISSIONS


def _sent_to_happening(tree: Tree, verb: int) -> bool:
    """ "sent two frigates to the Chilean-led exercise": the destination is a drill."""
    nouns = _happenings_and_missions()
    return any(
        tree.lemma(o) in nouns or tree.tokens[o].text.lower() in nouns
        for o in tree.objects_of(verb, "to")
    )


def _sends_people(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "sent army officers to Russia": the object is people and names no equipment
    ("sent troops and tanks" still moves tanks)."""
    for obj in tree.child_with(verb, OBJECT_DEPS):
        if tree.lemma(obj) not in cues.personnel:
            continue
        words = " ".join(tree.tokens[i].text for i in sorted(tree.subtree(obj)))
        if not load_equipment().find(words):
            return True
    return False


def _dedupe_actors(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
    seen: set[tuple[str, str]] = set()
    out: list[Actor] = []
    for actor in actors:
        key = (actor.role, actor.country)
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return tuple(out)


def _drop_duplicates(reading: SentenceReading) -> None:
    """One event per type and set of scored parties in a sentence."""
    seen: set[tuple[str, frozenset[tuple[str, str]]]] = set()
    for decision in reading.decisions:
        event = decision.event
        if event is None:
            continue
        key = (event.type, frozenset((a.role, a.country) for a in event.actors))
        if key in seen:
            decision.event = None
            decision.reason = "duplicate of an earlier event in this sentence"
        else:
            seen.add(key)


__all__ = ["Decision", "SentenceReading", "read_sentence"]
