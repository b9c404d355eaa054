"""Reading events out of one parsed sentence.

For every trigger word (lexicons/triggers.yaml) the sentence holds, the
trigger's frame (frames.py) assigns the actors found in the sentence to roles
by their syntactic slots; modality and attribution on the path from the trigger
to its clause's top set stage and certainty. Every decision is recorded in a
`Decision` so `pactwatch explain` can say why an event was or was not made.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from pactwatch.actors import ActorLexicon, load_actor_lexicon
from pactwatch.actors.mentions import Mention
from pactwatch.dates import find_date_mentions, resolve_date
from pactwatch.events.context import ArticleContext
from pactwatch.events.frames import Frame, frame_for
from pactwatch.events.lexicon import (
    STAGE_ORDER,
    Cues,
    Trigger,
    load_cues,
    load_equipment,
    load_triggers,
)
from pactwatch.events.syntax import Slot, Tree, clause_top, governing_chain, slot_of, subject_of
from pactwatch.models import Actor, Event, EventDate, Evidence, Sentence, Token

_WEAK_OK = frozenset({"GPE", "NORP", "LOC", "ORG", "FAC"})
_OBJECTS = frozenset({"dobj", "dative"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_HAPPENINGS = frozenset({"defense_meeting", "joint_exercise"})
_ANNOUNCED_TYPES = frozenset({"sanction", "condemnation"})
_DATE_FROM_ATTRIBUTION = frozenset({"sanction", "condemnation", "military_aid", "defense_meeting"})


@dataclass(frozen=True, slots=True)
class ActorSpan:
    """An actor found in a sentence, with the token that heads its mention."""

    head: int
    tokens: tuple[int, ...]
    actor: Actor
    via: str  # lexicon | person | reference | pronoun | group
    adjective: bool = False  # "Iranian", "Chinese": a modifier, not a noun phrase


@dataclass(slots=True)
class Decision:
    """What one trigger led to, for `pactwatch explain`."""

    trigger: str
    type: str
    rule: str
    event: Event | None = None
    reason: str = ""
    slots: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class SentenceReading:
    sentence: Sentence
    actors: list[ActorSpan]
    decisions: list[Decision]

    @property
    def events(self) -> list[Event]:
        return [d.event for d in self.decisions if d.event is not None]


@functools.cache
def _state_codes() -> frozenset[str]:
    lexicon = load_actor_lexicon()
    return frozenset(code for code, entry in lexicon.entries.items() if entry.kind == "state")


def _token_span(sentence: Sentence, start: int, end: int) -> tuple[int, ...]:
    return tuple(t.i for t in sentence.tokens if t.start < end and t.end > start)


def _span_head(tree: Tree, tokens: tuple[int, ...]) -> int:
    inside = set(tokens)
    for i in tokens:
        head = tree.head(i)
        if head is None or head not in inside:
            return i
    return tokens[-1]


def _actor_from_mention(mention: Mention) -> Actor:
    entry = mention.form.entry
    kind = mention.kind
    return Actor(
        role="",
        country=entry.code,
        text=mention.text,
        kind=kind,
        name=entry.name if kind in ("company", "organization", "armed_group") else None,
        base=entry.base,
    )


def find_actor_spans(
    sentence: Sentence,
    tree: Tree,
    mentions: Sequence[Mention],
    context: ArticleContext,
    cues: Cues,
) -> list[ActorSpan]:
    spans: list[ActorSpan] = []
    groups: list[tuple[Mention, tuple[int, ...]]] = []
    for mention in mentions:
        tokens = _token_span(sentence, mention.start, mention.end)
        if not tokens:
            continue
        if mention.form.entry.kind == "group":
            groups.append((mention, tokens))
            continue
        if mention.form.weak and not any(sentence.tokens[i].ent_type in _WEAK_OK for i in tokens):
            continue
        if _inside_longer_name(sentence, tokens) or _names_an_organisation(
            sentence, tokens, mention
        ):
            continue
        spans.append(
            ActorSpan(
                _span_head(tree, tokens),
                tokens,
                _actor_from_mention(mention),
                "lexicon",
                adjective=mention.is_adjective and not _is_noun_use(sentence, tokens),
            )
        )
    covered = {i for span in spans for i in span.tokens} | {i for _, t in groups for i in t}
    spans.extend(_person_spans(sentence, tree, context, covered))
    spans.extend(_reference_spans(sentence, tree, context, cues, covered, list(spans)))
    spans.extend(_pronoun_spans(sentence, spans))
    if spans or len(groups) > 1:
        # "the Baltic states and Poland": a group is its members, each a party
        # (only beside another party, as the pre-filter counts a group as one)
        for mention, tokens in groups:
            head = _span_head(tree, tokens)
            for code in mention.form.entry.members:
                actor = Actor(role="", country=code, text=mention.text)
                spans.append(ActorSpan(head, tokens, actor, "group"))
    return spans


def _pronoun_spans(sentence: Sentence, spans: list[ActorSpan]) -> list[ActorSpan]:
    """ "Finland's flag was hoisted as it became the 31st member": a subject "it"
    is the state named last before it in the same sentence."""
    found: list[ActorSpan] = []
    for token in sentence.tokens:
        if token.text.lower() != "it" or token.dep not in ("nsubj", "nsubjpass"):
            continue
        before = [
            span
            for span in spans
            if max(span.tokens) < token.i and span.actor.kind in ("state", "government")
        ]
        if before:
            antecedent = max(before, key=lambda span: max(span.tokens))
            actor = replace(antecedent.actor, text=token.text)
            found.append(ActorSpan(token.i, (token.i,), actor, "pronoun"))
    return found


def _inside_longer_name(sentence: Sentence, tokens: tuple[int, ...]) -> bool:
    """ "Latin American", "New Mexico", "Gulf of Guinea": a place or nationality
    word that the parser sees as part of a longer name is not that state."""
    first, last = min(tokens), max(tokens)
    kind = sentence.tokens[first].ent_type
    if kind not in ("NORP", "GPE", "LOC"):
        return False
    before = sentence.tokens[first - 1] if first > 0 else None
    return bool(
        before is not None
        and before.ent_type == kind
        and before.pos not in ("DET", "PUNCT")
        and before.text[:1].isupper()
        and before.end < sentence.tokens[first].start + 1
        and sentence.tokens[last].ent_type == kind
    )


def _names_an_organisation(sentence: Sentence, tokens: tuple[int, ...], mention: Mention) -> bool:
    """ "the Stockholm International Peace Research Institute", "the Tehran Times":
    a capital opening an organisation's name is not its government."""
    if mention.form.form != "capital":
        return False
    last = max(tokens)
    after = sentence.tokens[last + 1] if last + 1 < len(sentence.tokens) else None
    return (
        sentence.tokens[last].ent_type == "ORG"
        and after is not None
        and after.ent_type == "ORG"
        and after.text[:1].isupper()
    )


def _is_noun_use(sentence: Sentence, tokens: tuple[int, ...]) -> bool:
    """ "the Iranians", "Russians said": a demonym used as a noun is the actor itself."""
    return any(
        sentence.tokens[i].pos in ("NOUN", "PROPN")
        and sentence.tokens[i].dep
        in ("nsubj", "nsubjpass", "dobj", "pobj", "dative", "conj", "appos")
        for i in tokens
    )


def _person_spans(
    sentence: Sentence, tree: Tree, context: ArticleContext, covered: set[int]
) -> list[ActorSpan]:
    spans: list[ActorSpan] = []
    tokens = sentence.tokens
    i = 0
    while i < len(tokens):
        matched = False
        for length in (5, 4, 3, 2, 1):
            window = tokens[i : i + length]
            if len(window) < length or any(t.i in covered for t in window):
                continue
            # the text as written, so "Ahn Gyu-back" matches its tokens "Ahn Gyu - back"
            name = sentence.text[window[0].start - sentence.start : window[-1].end - sentence.start]
            actor = context.persons.get(name)
            if actor and window[0].text[:1].isupper():
                idx = tuple(t.i for t in window)
                spans.append(ActorSpan(_span_head(tree, idx), idx, actor, "person"))
                i += length
                matched = True
                break
        if not matched:
            i += 1
    return spans


def _reference_spans(
    sentence: Sentence,
    tree: Tree,
    context: ArticleContext,
    cues: Cues,
    covered: set[int],
    named: Sequence[ActorSpan] = (),
) -> list[ActorSpan]:
    lowered = sentence.text.lower()
    spans: list[ActorSpan] = []
    recent = context.recent_codes(sentence.index - 1)
    for match in cues.group_reference.finditer(sentence.text):
        word = (match.group(1) or match.group(2)).lower()
        count = cues.group_numbers.get(word, 2)
        states = context.salient(sentence.index, frozenset(_state_codes()), count)
        tokens = _token_span(sentence, sentence.start + match.start(), sentence.start + match.end())
        if len(states) < count or not tokens or any(i in covered for i in tokens):
            continue
        head = _span_head(tree, tokens)
        for code in states:
            actor = Actor(role="", country=code, text=match.group())
            spans.append(ActorSpan(head, tokens, actor, "reference"))
        covered.update(tokens)
    for phrase, candidates in cues.single_references.items():
        start = lowered.find(phrase)
        if start < 0:
            continue
        allowed = _state_codes() if candidates == ("*",) else frozenset(candidates)
        found = next((c for c in recent if c in allowed), None)
        if found is None and candidates != ("*",):
            # "hoisted outside NATO headquarters as it joined the alliance": a
            # description naming its own kind of actor refers to one named
            # earlier in the same sentence
            before = [
                span.actor.country
                for span in named
                if sentence.tokens[max(span.tokens)].end <= sentence.start + start
            ]
            found = next((c for c in reversed(before) if c in allowed), None)
        tokens = _token_span(sentence, sentence.start + start, sentence.start + start + len(phrase))
        if found is None or not tokens or any(i in covered for i in tokens):
            continue
        actor = Actor(role="", country=found, text=sentence.text[start : start + len(phrase)])
        spans.append(ActorSpan(_span_head(tree, tokens), tokens, actor, "reference"))
        covered.update(tokens)
    return spans


def _match_triggers(
    sentence: Sentence, actors: Sequence[ActorSpan] = ()
) -> list[tuple[Trigger, tuple[int, ...]]]:
    by_first = _triggers_by_first_word()
    lemmas = [t.lemma for t in sentence.tokens]
    texts = [t.text.lower() for t in sentence.tokens]
    # words of a name are not triggers: "Grant Shapps", "Hyundai Rotem"
    in_names = {i for span in actors for i in span.tokens} | {
        t.i for t in sentence.tokens if t.ent_type == "PERSON"
    }
    found: list[tuple[Trigger, tuple[int, ...]]] = []
    for i in range(len(lemmas)):
        if i in in_names:
            continue
        for trigger in by_first.get(lemmas[i], ()) + by_first.get(texts[i], ()):
            n = len(trigger.words)
            window = range(i, i + n)
            if i + n > len(lemmas):
                continue
            if all(trigger.words[k] in (lemmas[i + k], texts[i + k]) for k in range(n)):
                pos = sentence.tokens[i + n - 1].pos
                if trigger.is_noun and pos not in ("NOUN", "PROPN", "ADJ", "NUM"):
                    continue
                if not trigger.is_noun and n == 1 and pos not in ("VERB", "AUX"):
                    continue
                if not trigger.is_noun and sentence.tokens[i].dep in ("amod", "compound"):
                    continue  # "Iranian-manufactured drones" names no new event
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


_BY_FIRST: dict[str, tuple[Trigger, ...]] = {}


def _triggers_by_first_word() -> dict[str, tuple[Trigger, ...]]:
    if not _BY_FIRST:
        grouped: dict[str, list[Trigger]] = {}
        for trigger in load_triggers():
            grouped.setdefault(trigger.words[0], []).append(trigger)
        _BY_FIRST.update({k: tuple(v) for k, v in grouped.items()})
    return _BY_FIRST


def _military_context(text: str, cues: Cues) -> bool:
    return bool(cues.military.search(text)) or bool(load_equipment().find(text))


_CLAUSAL = frozenset({"advcl", "ccomp", "relcl", "parataxis", "conj", "xcomp", "csubj"})
_PARTY_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "agent", "dative"})
# "talks with", "a meeting between", "a visit by ... to ...", "a delegation from"
_PARTY_PREPOSITIONS = frozenset({"with", "between", "by", "from", "to"})


def _local_words(
    tree: Tree, head: int, trigger_tokens: tuple[int, ...], *, parties: bool
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
        # and its purpose: "helped Minsk to re-equip its planes to carry weapons"
        for child in tree.children[word]:
            if tree.tokens[child].dep == "advcl" and any(
                tree.tokens[c].tag == "TO" for c in tree.children[child]
            ):
                words |= tree.phrase(child, _CLAUSAL - {"xcomp", "conj"})
    verb = tree.head(top)
    if tree.tokens[top].dep == "dobj" and verb is not None:
        # "signed a treaty to establish a fighter programme": the purpose of signing it
        for child in tree.children[verb]:
            if tree.tokens[child].dep in ("advcl", "xcomp") and any(
                tree.tokens[c].tag == "TO" for c in tree.children[child]
            ):
                words |= tree.subtree(child)
    governed = _clause_under_agreement(tree, top)
    if governed is not None:
        # "Under the agreement, Turkish forces will be deployed to Qatar": what
        # the clause says is done under it is the accord's content
        words |= tree.phrase(governed, _CLAUSAL - {"xcomp", "conj"})
    if not parties:
        return sorted(words)
    words = set(trigger_tokens) | {
        c for c in tree.children[top] if tree.tokens[c].dep in ("amod", "compound", "nmod")
    }
    anchors = [top]
    if tree.tokens[top].pos not in ("VERB", "AUX") and tree.head(top) is not None:
        anchors.append(tree.head(top))  # type: ignore[arg-type]
    for anchor in anchors:
        for child in tree.children[anchor]:
            tok = tree.tokens[child]
            if tok.dep in _PARTY_DEPS or (tok.dep == "prep" and tok.lemma in _PARTY_PREPOSITIONS):
                words |= tree.phrase(child, _CLAUSAL | {"prep"} - {"prep"})
    return sorted(words)


_UNDER_WORDS = frozenset({"under", "accord", "according", "part", "per", "pursuant"})


def _clause_under_agreement(tree: Tree, noun: int) -> int | None:
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


def _gives_aid_noun(tree: Tree, verb: int, aid_nouns: set[int]) -> bool:
    objects = tree.child_with(verb, frozenset({"dobj", "dative"}))
    for obj in objects:
        # "an unprecedented level of military and technical support"
        phrase = tree.phrase(obj, frozenset({"relcl", "acl", "advcl"}))
        if phrase & aid_nouns:
            return True
    return False


def _unmet_requirement(
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
    if requires == "equipment":
        return None if equipment_found else "needs military equipment in the sentence; none named"
    if requires == "military":
        if _military_context(sentence.text, cues):
            return None
        return "needs a military or defence context; none found"
    if requires == "military_modifier":
        modifiers = " ".join(
            tree.tokens[c].text
            for c in tree.children[head]
            if tree.tokens[c].dep in ("amod", "compound", "nmod")
        )
        # "arms deal" is a sale, not a defence agreement
        if cues.military.search(re.sub(r"(?i)\b(arms|weapons?)\b", "", modifiers)):
            return None
        return "needs a military word on the noun itself ('defence deal'); none found"
    if requires == "military_party" and any(
        _military_official(span, sentence, cues) for span in actors
    ):
        return None  # a defence minister or a general takes part
    if requires == "joint" and not _done_jointly(tree, head):
        return "needs 'together' or 'jointly' on the verb; none found"
    if requires == "agreed_production" and not _purpose_of_agreement(tree, head, cues):
        return "needs to be the purpose of an agreement ('an accord to produce ...'); none found"
    if requires in (
        "military_local",
        "military_party",
        "cooperation",
        "joint",
        "agreed_production",
    ):
        phrase = _local_words(tree, head, tokens, parties=requires == "military_party")
        words = " ".join(sentence.tokens[i].text for i in phrase)
        if requires == "cooperation" and not any(
            sentence.tokens[i].lemma in cues.cooperation for i in phrase
        ):
            return "needs a word of cooperation in its own phrase; none found"
        if not _military_context(words, cues):
            where = " or its parties" if requires == "military_party" else ""
            return f"needs a military or defence word in its own phrase{where}; none found"
    return None


def _done_jointly(tree: Tree, head: int) -> bool:
    """ "build them together", "jointly under construction", "joint production"."""
    words = list(tree.children[head])
    governor = tree.head(head)
    if tree.tokens[head].dep == "pobj" and governor is not None:
        words += tree.children[governor]  # "jointly under construction"
    if tree.tokens[head].pos in ("NOUN", "PROPN"):
        words += [c for c in tree.children[head] if tree.tokens[c].dep == "amod"]
    return any(tree.lemma(c) in ("together", "jointly", "joint") for c in words)


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
    tree = Tree(sentence)
    actors = find_actor_spans(sentence, tree, mentions, context, cues)
    reading = SentenceReading(sentence, actors, [])
    if not actors:
        return reading
    equipment_found = load_equipment().find(sentence.text)
    matches = _match_triggers(sentence, actors)
    # "providing military and technical support", "offered training": the noun is the event
    aid_nouns = {
        i
        for trigger, tokens in matches
        if trigger.is_noun and trigger.type in ("military_aid", "training")
        for i in tokens
    }
    for trigger, tokens in matches:
        head = _span_head(tree, tokens)
        rule = f"{trigger.type}.{trigger.frame}[{trigger.name}]"
        decision = Decision(trigger=sentence.tokens[head].text, type=trigger.type, rule=rule)
        reading.decisions.append(decision)
        if (
            trigger.type == "arms_transfer"
            and not trigger.is_noun
            and _gives_aid_noun(tree, head, aid_nouns)
        ):
            decision.reason = "what is given is aid or training, read by that noun's own rule"
            continue
        unmet = _unmet_requirement(
            trigger, tree, sentence, head, tokens, cues, equipment_found, actors
        )
        if unmet:
            decision.reason = unmet
            continue
        _decide(
            decision,
            trigger,
            head,
            tokens,
            tree,
            sentence,
            actors,
            cues,
            equipment_found,
            context,
            article_id=article_id,
            published=published,
            version=version,
        )
        if decision.event is not None and decision.event.type == "sanction":
            context.imposers = [a for a in decision.event.actors if a.role == "source"]
    if equipment_found:
        reading.decisions.extend(
            _made_in(
                tree,
                sentence,
                actors,
                cues,
                article_id=article_id,
                published=published,
                version=version,
            )
        )
    _drop_duplicates(reading)
    return reading


def _made_in(
    tree: Tree,
    sentence: Sentence,
    actors: list[ActorSpan],
    cues: Cues,
    *,
    article_id: str,
    published: date | None,
    version: str,
) -> list[Decision]:
    """ "Serbia's Chinese-made drones": a transfer from the maker to the owner.

    The owner is the possessor of the equipment, or with "its" the subject
    of the verb it hangs under ("Qatar moved its German-built tanks").
    """
    decisions: list[Decision] = []
    tokens = sentence.tokens
    for index, span in enumerate(actors):
        last = max(span.tokens)
        if last + 2 >= len(tokens) or tokens[last + 1].text != "-":
            continue
        participle = tokens[last + 2]
        if participle.text.lower() not in cues.made_in:
            continue
        noun = tree.phrase_top(participle.i)
        if noun == participle.i:
            continue
        owner = _owner_of(tree, noun, actors, exclude=index)
        decision = Decision(
            trigger=participle.text, type="arms_transfer", rule="arms_transfer.made_in[made]"
        )
        decisions.append(decision)
        if owner is None or actors[owner].actor.country == span.actor.country:
            decision.reason = "no owner of the equipment named (possessor or subject)"
            continue
        equipment = _equipment(tree, sentence, [noun], load_equipment().find(sentence.text))
        decision.event = Event(
            article=article_id,
            type="arms_transfer",
            actors=(
                replace(span.actor, role="source"),
                replace(actors[owner].actor, role="target"),
            ),
            stage="occurred",
            evidence=Evidence(sentence=sentence.text, start=sentence.start, end=sentence.end),
            published=published,
            equipment=equipment,
            confidence=0.6,
            rule=decision.rule,
            trigger=f"{span.actor.text}-{participle.text}",
            extractor_version=version,
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


def _decide(
    decision: Decision,
    trigger: Trigger,
    head: int,
    trigger_tokens: tuple[int, ...],
    tree: Tree,
    sentence: Sentence,
    actors: list[ActorSpan],
    cues: Cues,
    equipment_found: list[tuple[int, int, str]],
    context: ArticleContext,
    *,
    article_id: str,
    published: date | None,
    version: str,
) -> None:
    chain, attribution = governing_chain(tree, head, cues.speech, cues.denial)
    frame_name = trigger.frame
    if frame_name == "train" and not tree.child_with(head, frozenset({"dobj", "nsubjpass"})):
        frame_name = "learn"  # "Indonesian pilots are training in France"
    frame = frame_for(frame_name, trigger.type)
    slots: dict[int, Slot] = {}
    for index, span in enumerate(actors):
        if set(span.tokens) & set(trigger_tokens):
            continue
        slot = slot_of(tree, span.head, chain, frozenset(trigger_tokens), adjective=span.adjective)
        if slot is not None:
            slots[index] = slot
    decision.slots = {
        actors[i].actor.text: s.key + (f"@{s.level}" if s.level else "") for i, s in slots.items()
    }

    if _negated(tree, chain, cues) and (
        attribution is None or tree.lemma(attribution) not in cues.denial
    ):
        decision.reason = "negated by the narrator (no claim to report)"
        return
    if any(tree.lemma(c) in cues.approval_objects for c in tree.child_with(head, _OBJECTS)):
        decision.reason = "an approval ('gives nod to'), not a transfer"
        return
    if trigger.type == "arms_transfer" and frame.name == "give" and _sends_people(tree, head, cues):
        decision.reason = "sends people, not equipment"
        return
    if frame.name == "host" and any(
        tree.lemma(c) in cues.hosted_guests for c in tree.child_with(head, _OBJECTS)
    ):
        decision.reason = "hosts guests or a meeting (a meeting rule reads it), not forces"
        return
    if frame.name == "use_noun" and any(
        tree.lemma(c) in cues.civilian_bases for c in tree.children[head]
    ):
        decision.reason = "not a military base (industrial, customer ... base)"
        return
    blocker = next(
        (
            n
            for n in chain[1:]
            if tree.lemma(n) in cues.blocking
            # "violated an arms embargo by supplying weapons": the supply happened
            and not any(tree.lemma(h) in cues.violating for h in tree.ancestors(n)[:1])
        ),
        None,
    )
    if blocker is not None:
        decision.reason = (
            f"governed by {tree.lemma(blocker)!r}: the text reports it stopped or opposed"
        )
        if trigger.type == "arms_transfer" and tree.lemma(blocker) in cues.restricting:
            _restriction_as_sanction(decision, tree, chain, blocker, actors, slots)
        if decision.event is None:
            return
        decision.event = replace(
            decision.event,
            article=article_id,
            evidence=Evidence(sentence=sentence.text, start=sentence.start, end=sentence.end),
            published=published,
            extractor_version=version,
            date=_date(tree, sentence, chain, attribution, "sanction", published),
            certainty=_certainty(tree, chain, attribution, actors, slots, cues)[0],
        )
        return

    if frame.directed:
        roles = (
            _basing_roles(tree, chain, actors, slots, cues)
            if frame.name == "use_noun"
            else _directed_roles(frame, tree, chain, attribution, actors, slots, cues)
        )
        sources, targets = roles or ([], [])
        if trigger.type == "training" and _sent_for_training(tree, chain, cues):
            # "Algeria sent officers to Russia for training": Russia trains them
            sources, targets = targets, sources
        source_actors = [replace(actors[i].actor, role="source") for i in sources]
        if (
            not sources
            and targets
            and trigger.type == "sanction"
            and context.imposers
            # two named parties, as the pre-filter demands of every parsed sentence
            and len({span.actor.country for span in actors}) >= 2
        ):
            # "Seven more entities were also added to the list": by whoever added the first
            source_actors = [replace(a, role="source") for a in context.imposers]
            decision.rule += "+earlier-imposer"
        if not source_actors or not targets:
            decision.reason = (
                "no supplier/target pair: need one actor in "
                f"{'/'.join(frame.source[:4])} and one in {'/'.join(frame.target[:4])}"
            )
            return
        event_actors = tuple(
            source_actors + [replace(actors[i].actor, role="target") for i in targets]
        )
        event_actors = tuple(
            a
            for a in event_actors
            if a.role == "source" or a.country not in {s.country for s in source_actors}
        )
    else:
        members = _participants(frame, tree, chain, attribution, actors, slots, trigger)
        earlier: list[Actor] = []
        remembered = context.partial.get(trigger.type)
        if (
            remembered
            and _definite(tree, head)
            and sentence.index - remembered[0] <= 3
            and _is_candidate_reading(actors)
        ):
            # "a meeting of NATO defence chiefs ... The meeting was held in Oslo",
            # "NATO's exercise began with a US ship ... Sweden joins the exercise":
            # the definite noun is the same happening, with the parties named before
            named = {actors[i].actor.country for i in members}
            # "the first Russian-Myanmar naval exercise" with parties of its own
            # is another happening; a bare "the exercise" is the one just named
            if _bare(tree, head) or (len(named) < 2 and not _new_happening(tree, head, actors)):
                earlier = [a for a in remembered[1] if a.country not in named]
        codes = {actors[i].actor.country for i in members} | {a.country for a in earlier}
        if len(codes) < 2:
            decision.reason = "fewer than two distinct participants"
            if members and trigger.is_noun and _is_candidate_reading(actors):
                context.partial[trigger.type] = (
                    sentence.index,
                    [actors[i].actor for i in members],
                )
            return
        if frame.name == "join":
            if not any(actors[i].actor.country in cues.military_organizations for i in members):
                decision.reason = "joining needs a military alliance (NATO, CSTO ...) to join"
                return
            if (
                trigger.is_noun
                and not any(
                    tree.lemma(n) in cues.joining for n in chain[1 : clause_top(tree, chain) + 1]
                )
                and tree.lemma(head) != "accession"
            ):
                decision.reason = "membership described, not gained (no 'become', 'join' ...)"
                return
            # "a member of NATO and the EU": only the alliance is joined
            members = [
                i
                for i in members
                if actors[i].actor.kind != "organization"
                or actors[i].actor.country in cues.military_organizations
            ]
        event_actors = tuple(replace(actors[i].actor, role="participant") for i in members)
        event_actors += tuple(replace(a, role="participant") for a in earlier)
        if earlier:
            decision.rule += "+earlier-mention"
        if trigger.is_noun and trigger.type in _HAPPENINGS and _is_candidate_reading(actors):
            context.partial[trigger.type] = (sentence.index, list(event_actors))

    event_actors = _dedupe_actors(event_actors)
    # A noun whose predicate ends it names a thing in force: in "the EU embargo
    # is likely to be lifted", "likely" and the date belong to the lifting.
    own_chain = chain
    if trigger.is_noun and _clause_under_agreement(tree, head) is not None:
        own_chain = chain[:1]  # "under the accord signed in March, both navies will ..."
    if trigger.is_noun and tree.tokens[head].dep in _SUBJECT_DEPS and len(chain) > 1:
        predicate = tree.subtree(chain[1]) - tree.subtree(head)
        if any(tree.lemma(i) in cues.blocking for i in predicate):
            own_chain = chain[:1]
    stage = _stage(trigger, tree, own_chain, cues)
    certainty, claimed_by, denied_by = _certainty(tree, chain, attribution, actors, slots, cues)
    event_date = _date(tree, sentence, own_chain, attribution, trigger.type, published)
    equipment = _equipment(tree, sentence, chain, equipment_found)
    confidence = _confidence(slots, event_actors, equipment)
    decision.event = Event(
        article=article_id,
        type=trigger.type,
        actors=event_actors,
        stage=stage,
        evidence=Evidence(sentence=sentence.text, start=sentence.start, end=sentence.end),
        certainty=certainty,
        published=published,
        claimed_by=claimed_by,
        denied_by=denied_by,
        equipment=equipment,
        date=event_date,
        confidence=confidence,
        rule=decision.rule,
        trigger=" ".join(sentence.tokens[i].text for i in trigger_tokens),
        extractor_version=version,
    )
    decision.reason = "event"


# Prepositions that put an actor on the other side of an event, never in it:
# "an aid package to boost Ukraine's air defences against Russian drones".
_ADVERSARIAL = frozenset({"against", "despite", "amid", "than"})


def _restriction_as_sanction(
    decision: Decision,
    tree: Tree,
    chain: list[int],
    blocker: int,
    actors: list[ActorSpan],
    slots: dict[int, Slot],
) -> None:
    """ "Germany halted all arms exports to Saudi Arabia" is a sanction on Saudi Arabia."""
    level = chain.index(blocker)
    imposers = _pick(("nsubj", "nsubj~", "agent"), _at(slots, level), set())
    recipients = _pick(
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
    decision.event = Event(
        article="",
        type="sanction",
        actors=_dedupe_actors(
            tuple(replace(actors[i].actor, role="source") for i in imposers)
            + tuple(replace(actors[i].actor, role="target") for i in recipients)
        ),
        stage="occurred",
        evidence=Evidence("", 0, 0),
        confidence=0.6,
        rule=decision.rule,
        trigger=tree.tokens[blocker].text,
    )


def _pick(
    keys: tuple[str, ...], slots: dict[int, Slot], exclude: set[int], *, adversarial: bool = False
) -> list[int]:
    """Actors in the first preferred slot that any actor fills, nearest level first."""
    for key in keys:
        hits = [
            i
            for i, s in slots.items()
            if s.matches(key)
            and i not in exclude
            and (adversarial or s.preposition not in _ADVERSARIAL)
        ]
        if hits:
            level = min(slots[i].level for i in hits)
            hits = [i for i in hits if slots[i].level == level]
            return _nearest(hits, slots) if key.endswith("~~") else hits
    return []


def _nearest(hits: list[int], slots: dict[int, Slot]) -> list[int]:
    """Of actors deep in a clause, those closest to it ("clinched with Poland,
    which ... Russia's invasion of Ukraine": Poland)."""
    closest = min(slots[i].distance for i in hits)
    return [i for i in hits if slots[i].distance <= closest + 1]


def _inherited_subject(
    tree: Tree,
    chain: list[int],
    attribution: int | None,
    actors: list[ActorSpan],
    slots: dict[int, Slot],
    exclude: set[int],
    *,
    speaker: bool = True,
) -> list[int]:
    """The actor doing the trigger when it has no subject of its own.

    "Ukraine asked Germany to send tanks": the object of the governing verb
    controls the infinitive; otherwise its subject does. A pronoun subject or
    none at all under a verb of speech ("Tehran admitted it had sent drones")
    falls back to the speaker.
    """
    by_token = {t: i for i, span in enumerate(actors) if i not in exclude for t in span.tokens}
    top = clause_top(tree, chain)
    for level in range(len(chain)):
        # "resulted in Russia returning the favour": the parser hangs the
        # gerund's subject on the preposition before it
        node = chain[level]
        if tree.tokens[node].tag == "VBG" and not subject_of(tree, node) and node > 0:
            before = by_token.get(node - 1)
            if before is not None and tree.tokens[node - 1].dep in ("pobj", "dobj"):
                return [before]
        if level > 0 and not subject_of(tree, node):
            stranded = _stranded_subject(tree, node, by_token)
            if stranded:
                return stranded
        if level == 0:
            continue
        keys: tuple[str, ...] = ("dobj", "nsubj", "nsubjpass", "poss", "nsubj~", "mod")
        if level > top:
            if tree.tokens[chain[level - 1]].dep not in ("xcomp", "advcl", "pcomp", "prep", "conj"):
                break  # only control verbs pass their subject down ("hopes to sell")
            keys = ("dobj", "nsubj", "nsubjpass", "nsubj~")
        below = tree.tokens[chain[level - 1]].dep
        for key in keys:
            hits = [
                i
                for i, s in slots.items()
                if s.level == level and s.key == key and i not in exclude
            ]
            if hits and (key != "dobj" or below in ("xcomp", "prep", "pcomp")):
                return hits
    if speaker and attribution is not None:
        speakers = [
            i
            for i, span in enumerate(actors)
            if i not in exclude
            and any(span.head in tree.subtree(s) for s in subject_of(tree, attribution))
        ]
        if speakers:
            return speakers
    return []


def _xcomp_subjects(tree: Tree, verb: int, actors: list[ActorSpan], exclude: set[int]) -> list[int]:
    subjects = {
        s
        for c in tree.child_with(verb, frozenset({"xcomp"}))
        if any(tree.tokens[t].tag == "TO" for t in tree.children[c])
        for s in tree.child_with(c, frozenset({"nsubj"}))
    }
    subjects |= {c for s in subjects for c in tree.child_with(s, frozenset({"conj"}))}
    return [i for i, span in enumerate(actors) if span.head in subjects and i not in exclude]


_SKIPPED_ADVERBS = frozenset({"both", "also", "all", "jointly", "together", "each", "then"})


def _stranded_subject(tree: Tree, verb: int, by_token: dict[int, int]) -> list[int]:
    """ "The sanctions come after Britain and the United States both imposed
    sanctions": the parser reads the second clause's subject as the object of
    "after" and leaves its finite verb without one. The actors right before
    such a verb, and those coordinated with them, are its subject."""
    tok = tree.tokens[verb]
    if tok.dep != "conj" or tok.tag not in ("VBD", "VBZ", "VBP"):
        return []
    before = verb - 1
    while before >= 0 and tree.lemma(before) in _SKIPPED_ADVERBS:
        before -= 1
    if before < 0 or before not in by_token or tree.tokens[before].dep not in ("pobj", "conj"):
        return []
    top = before
    while tree.tokens[top].dep == "conj" and tree.head(top) is not None:
        top = tree.head(top)  # type: ignore[assignment]
    if tree.tokens[top].dep != "pobj":
        return []
    inside = {top} | {c for c in tree.subtree(top) if tree.tokens[c].dep in ("conj", "compound")}
    return sorted({by_token[t] for t in inside if t in by_token})


def _directed_roles(
    frame: Frame,
    tree: Tree,
    chain: list[int],
    attribution: int | None,
    actors: list[ActorSpan],
    slots: dict[int, Slot],
    cues: Cues,
) -> tuple[list[int], list[int]]:
    top = clause_top(tree, chain)
    level0 = {i: s for i, s in slots.items() if s.level == 0}
    upper = {i: s for i, s in slots.items() if 0 < s.level <= top}
    hostile = frame.name in ("impose", "impose_noun", "criticise", "criticise_noun")
    # "the delivery of French-made howitzers to Ukraine": "to" marks the recipient
    # even where the parser hangs it inside the "of" phrase
    giving = frame.name in ("give", "give_noun")
    sources = [
        i
        for i in _pick(frame.source, level0, set())
        if not (giving and slots[i].preposition in ("to", "for", "into"))
    ]
    if not sources and frame.name == "take":
        # "Egypt buys Sukhoi Su-35s": the maker named as what is bought supplies it
        sources = [
            i for i, s in level0.items() if s.key == "dobj" and actors[i].actor.kind == "company"
        ]
    targets = _pick(frame.target, level0, set(sources), adversarial=hostile)
    if frame.name.startswith("criticise") and targets:
        # a condemnation names everyone it blames: "Iran's drone deliveries to Russia"
        wanted = set(frame.target)
        targets = sorted(i for i, s in level0.items() if s.key in wanted and i not in sources)
    # A trigger without its own subject takes the controller of its clause
    # ("Washington accused Beijing of supplying ...": Beijing supplies).
    if not targets and frame.name in ("give", "train"):
        # "helped Manila to refit its ships": the parser makes the helped party the
        # subject of the infinitive
        targets = _xcomp_subjects(tree, chain[0], actors, set(sources))
    if not sources and frame.inherit_source:
        sources = _inherited_subject(tree, chain, attribution, actors, slots, set(targets))
    if not sources:
        sources = _pick(frame.source, upper, set(targets))
    if (
        not targets
        and frame.name == "impose_noun"
        and len(chain) > 1
        and tree.lemma(chain[1]) in cues.hitting  # "EU sanctions will target Belarus's economy"
    ):
        targets = _pick(("dobj", "dobj~", "prep:on", "prep:on~"), _at(slots, 1), set(sources))
    if not targets and frame.inherit_target:
        targets = _inherited_subject(tree, chain, attribution, actors, slots, set(sources))
    if not targets:
        targets = _pick(frame.target, upper, set(sources), adversarial=hostile)
    named_here = bool(_pick(frame.source, level0, set()) or _pick(frame.target, level0, set()))
    if bool(sources) != bool(targets) and named_here and frame.name != "order_noun":
        # "Turkey and Poland signed a deal for the sale of Turkish-made drones":
        # the other signatory is the other side (only when the trigger's own
        # phrase names one side: "Serbia signed a contract with China for the
        # delivery of drones" does not say who delivers)
        others = _signatories(tree, chain, slots, cues, top)
        known = {actors[i].actor.country for i in sources or targets}
        others = [i for i in others if actors[i].actor.country not in known]
        if sources:
            targets = others
        else:
            sources = others
    elif bool(sources) != bool(targets) and _signed_to_trade(frame, tree, chain, actors, sources):
        # "Poland signed a deal with Hanwha to buy howitzers": the buyer signs with
        # the seller; "KAI inked a contract with Warsaw to supply jets": a maker
        # signs to supply its partner
        known = {actors[i].actor.country for i in sources or targets}
        others = [
            i
            for i in _signatories(tree, chain, slots, cues, top)
            if actors[i].actor.country not in known
        ]
        if sources:
            targets = others
        else:
            sources = others
    source_codes = {actors[i].actor.country for i in sources}
    targets = [i for i in targets if actors[i].actor.country not in source_codes]
    return sources, targets


def _signed_to_trade(
    frame: Frame, tree: Tree, chain: list[int], actors: list[ActorSpan], sources: list[int]
) -> bool:
    """A verb of buying, or of supplying said of a company, that is the purpose
    ("to buy", "to supply") of a deal signed in its clause."""
    if frame.name == "take":
        pass
    elif frame.name != "give" or not sources:
        return False
    elif not all(actors[i].actor.kind == "company" for i in sources):
        return False  # "Poland signed with Hanwha to supply ...": who supplies is unclear
    return any(c for c in tree.children[chain[0]] if tree.tokens[c].tag == "TO")


def _signatories(
    tree: Tree, chain: list[int], slots: dict[int, Slot], cues: Cues, top: int
) -> list[int]:
    """The parties of a deal signed in the trigger's clause: subjects and "with" objects."""
    for level in range(1, top + 1):
        if tree.lemma(chain[level]) in cues.signing:
            here = _at(slots, level)
            parties = _pick(("nsubj", "nsubj~", "nsubjpass"), here, set())
            # "signed an MoU with HAL": the partner may hang off the agreement noun
            parties += [
                i
                for i, slot in here.items()
                if slot.preposition == "with" and slot.relation in ("prep:with", "dobj")
            ]
            # "inked the contract with Warsaw's agency to supply jets": the partner
            # hangs off the agreement noun below the signing verb
            parties += [
                i
                for i, slot in slots.items()
                if 0 < slot.level < level
                and tree.lemma(chain[slot.level]) in cues.agreements
                and slot.relation == "prep:with"
            ]
            return list(dict.fromkeys(parties))
    return []


def _basing_roles(
    tree: Tree,
    chain: list[int],
    actors: list[ActorSpan],
    slots: dict[int, Slot],
    cues: Cues,
) -> tuple[list[int], list[int]] | None:
    """Host and user of a base, port call or airfield.

    Under a granting verb ("Greece allowed the US to use its base", "Sudan
    offered Russia a naval base") its subject hosts and its object uses;
    otherwise the base's owner ("Sri Lanka's harbour", "an Indian air base",
    "in Djibouti") hosts and the subject of the clause uses it.
    """
    top = clause_top(tree, chain)
    if any(tree.lemma(n) == "host" for n in chain[1 : top + 1]):
        return None  # "Djibouti hosts a Chinese naval base": the host verb reads it
    for level in range(1, min(top, len(chain) - 1) + 1):
        if tree.lemma(chain[level]) not in cues.granting:
            continue
        hosts = _pick(("nsubj", "nsubj~", "poss"), _at(slots, level), set())
        users = _pick(("dative", "dobj", "prep:to", "dobj~"), _at(slots, level), set(hosts))
        if not users:  # "allowed the US to use ...": the parser makes it the subject of "use"
            below = {i: s for i, s in slots.items() if 0 < s.level < level}
            users = _pick(("nsubj", "nsubj~"), below, set(hosts))
        if hosts and users:
            return hosts, users
    hosts = _pick(
        ("poss", "mod", "prep:in", "prep:at", "prep:on~", "prep:in~", "prep:at~", "*in", "*at"),
        _at(slots, 0),
        set(),
    )
    # "a port call by a British warship in Guyana": "by" names the user too
    users = _pick(
        ("prep:for", "prep:for~", "prep:to", "prep:by", "prep:by~"), _at(slots, 0), set(hosts)
    )
    if not users:
        upper = {i: s for i, s in slots.items() if 0 < s.level <= top}
        users = _pick(
            ("nsubj", "nsubj~", "nsubjpass", "nsubjpass~", "poss", "prep:to"), upper, set(hosts)
        )
    host_codes = {actors[i].actor.country for i in hosts}
    lexicon = load_actor_lexicon()
    users = [
        i
        for i in users
        if actors[i].actor.country not in host_codes
        # NATO using an American base is the United States using its own
        and not host_codes & set(_members(lexicon, actors[i].actor.country))
    ]
    if not hosts or not users:
        return None
    return hosts, users


def _members(lexicon: ActorLexicon, code: str) -> tuple[str, ...]:
    entry = lexicon.entries.get(code)
    return entry.members if entry else ()


def _at(slots: dict[int, Slot], level: int) -> dict[int, Slot]:
    return {i: s for i, s in slots.items() if s.level == level}


def _participants(
    frame: Frame,
    tree: Tree,
    chain: list[int],
    attribution: int | None,
    actors: list[ActorSpan],
    slots: dict[int, Slot],
    trigger: Trigger,
) -> list[int]:
    keys = set(frame.participants)
    if trigger.requires == "agreed_production":
        # "GE said it had signed an MoU with HAL to produce engines": the signatories
        signatories = _signatories(tree, chain, slots, load_cues(), clause_top(tree, chain))
        if _pronoun_subject(tree, chain) or not signatories:
            signatories += _inherited_subject(
                tree, chain, attribution, actors, slots, set(signatories)
            )
        return sorted(set(signatories), key=lambda i: actors[i].head)
    members: list[int] = []
    for level in range(len(chain)):
        shallow = [i for i, s in slots.items() if s.level == level and s.key in keys]
        deep = [i for i in shallow if slots[i].depth == 2]
        members += [i for i in shallow if slots[i].depth < 2]
        if deep:
            members += _nearest(deep, slots)
        if _parties(actors, members) >= 2:
            break
        node = chain[level]
        if tree.tokens[node].pos in ("VERB", "AUX") and subject_of(tree, node):
            break  # the parties are found no higher than the first verb with a subject
    if any(tree.is_pronoun(c) for c in tree.child_with(chain[0], frozenset({"poss"}))):
        # "Hatami met his Venezuelan counterpart": "his" is the clause's subject
        members += _inherited_subject(
            tree, chain, attribution, actors, slots, set(members), speaker=False
        )
    if _parties(actors, members) < 2:
        # the parties are often the subject of a governing verb
        # ("Iran and Iraq agreed to cooperate in air defence")
        inherited = _inherited_subject(
            tree,
            chain,
            attribution,
            actors,
            slots,
            set(members),
            # "GE said it had signed an MoU with HAL": "it" is the speaker
            speaker=_pronoun_subject(tree, chain),
        )
        members += [i for i in inherited if i not in members]
    if trigger.requires == "cooperation" and _parties(actors, members) < 2:
        # "agreed to strengthen military cooperation between the two countries":
        # the parties of the cooperation agreed on
        members += [
            i
            for i, s in slots.items()
            if s.level == 0 and s.preposition == "between" and i not in members
        ]
    if len({actors[i].actor.country for i in members}) < 2:
        # a meeting or joint drill held in a named country involves it
        extra = [
            i for i, s in slots.items() if s.key in ("prep:in", "prep:at") and i not in members
        ]
        if members and trigger.type in ("defense_meeting", "joint_exercise", "defense_industry"):
            members += extra
    return sorted(members, key=lambda i: actors[i].head)


def _parties(actors: Sequence[ActorSpan], members: list[int]) -> int:
    """Distinct parties named: a group ("the Nordic countries") is one however many
    members it stands for, so the other side is still looked for."""
    return len(
        {actors[i].tokens if actors[i].via == "group" else actors[i].actor.country for i in members}
    )


def _is_candidate_reading(actors: Sequence[ActorSpan]) -> bool:
    """Whether the pre-filter parses this sentence too, so memory from it does not
    depend on parsing everything (two named parties, or one and an official or
    a reference)."""
    named = {span.actor.country for span in actors if span.via in ("lexicon", "group")}
    others = any(span.via in ("person", "reference") for span in actors)
    return len(named) >= 2 or (bool(named) and others)


def _definite(tree: Tree, head: int) -> bool:
    return any(tree.tokens[c].dep == "det" and tree.lemma(c) == "the" for c in tree.children[head])


def _sends_people(tree: Tree, verb: int, cues: Cues) -> bool:
    """ "sent army officers to Russia": the object is people and names no equipment
    ("sent troops and tanks" still moves tanks)."""
    for obj in tree.child_with(verb, _OBJECTS):
        if tree.lemma(obj) not in cues.personnel:
            continue
        words = " ".join(tree.tokens[i].text for i in sorted(tree.subtree(obj)))
        if not load_equipment().find(words):
            return True
    return False


def _sent_for_training(tree: Tree, chain: list[int], cues: Cues) -> bool:
    """ "sent army officers to Russia for training": people sent to be trained."""
    return (
        len(chain) > 2
        and tree.lemma(chain[1]) == "for"
        and tree.lemma(chain[2]) in cues.sending
        and any(tree.lemma(c) in cues.personnel for c in tree.child_with(chain[2], _OBJECTS))
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
    """ "the first Indian-Egyptian air exercise": an ordinal, "new" or a party
    among the noun's modifiers introduces a happening of its own."""
    modifiers = tree.child_with(head, frozenset({"amod", "compound", "nmod", "nummod", "poss"}))
    inside = {t for m in modifiers for t in tree.subtree(m)}
    return any(tree.lemma(t) in _NEW_WORDS for t in inside) or any(
        span.head in inside for span in actors
    )


def _pronoun_subject(tree: Tree, chain: list[int]) -> bool:
    top = clause_top(tree, chain)
    return any(tree.is_pronoun(s) for n in chain[: top + 1] for s in subject_of(tree, n))


def _dedupe_actors(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
    seen: set[tuple[str, str]] = set()
    out: list[Actor] = []
    for actor in actors:
        key = (actor.role, actor.country)
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return tuple(out)


def _negated(tree: Tree, chain: list[int], cues: Cues) -> bool:
    for node in chain[: clause_top(tree, chain) + 1]:
        for child in tree.children[node]:
            tok = tree.tokens[child]
            if tok.dep == "neg" or (tok.dep == "det" and tok.lemma == "no"):
                return True
    return False


def _stage(trigger: Trigger, tree: Tree, chain: list[int], cues: Cues) -> str:
    found: list[str] = []
    # the trigger's own verb can carry the stage: "ordered" (agreed), "requested"
    own = cues.stage.get(trigger.words[0])
    if own in ("agreed", "requested", "offered") and trigger.type != "defense_agreement":
        found.append(own)
    for position, node in enumerate(chain):
        tok = tree.tokens[node]
        if position > 0:
            stage = cues.stage.get(tok.lemma)
            if stage and not _is_progressive_offer(tree, node):
                found.append(stage)
        # "may have violated": a modal before a perfect weighs a claim, it plans nothing
        perfect = any(
            tree.tokens[c].dep == "aux" and tree.lemma(c) == "have" for c in tree.children[node]
        )
        for child in tree.children[node]:
            ctok = tree.tokens[child]
            if ctok.dep not in ("aux", "amod", "advmod", "acomp", "auxpass"):
                continue
            if ctok.lemma in cues.announcing_modals and trigger.type in _ANNOUNCED_TYPES:
                continue
            if perfect and ctok.tag == "MD":
                continue
            stage = cues.stage.get(ctok.lemma)
            if stage:
                found.append(stage)
    if trigger.type in _HAPPENINGS:
        # a meeting or a drill is held; signing something at it does not make it "agreed"
        found = [stage for stage in found if stage != "agreed"]
    trigger_word = chain[0]
    if any(tree.tokens[c].tag == "TO" for c in tree.children[trigger_word]) and not any(
        tok.tag in ("VBD", "VBZ", "VBP", "MD") for tok in tree.tokens
    ):
        found.append("planned")  # a headline's "Ankara to deliver drones to Kuwait"
    for node in chain[1:]:
        # "the House gives the nod to funding for Iron Dome", "gave the green light to the sale"
        if any(tree.lemma(c) in cues.approval_objects for c in tree.child_with(node, _OBJECTS)):
            found.append("agreed")
    if not found:
        return trigger.stage
    return min(found, key=STAGE_ORDER.index)


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


def _certainty(
    tree: Tree,
    chain: list[int],
    attribution: int | None,
    actors: list[ActorSpan],
    slots: dict[int, Slot],
    cues: Cues,
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
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


def _date(
    tree: Tree,
    sentence: Sentence,
    chain: list[int],
    attribution: int | None,
    event_type: str,
    published: date | None,
) -> EventDate:
    mentions = find_date_mentions(sentence.text)
    if not mentions:
        return EventDate()
    chain_set = set(chain)
    best: tuple[int, str] | None = None
    fallback: str | None = None
    for mention in mentions:
        tokens = _token_span(sentence, sentence.start + mention.start, sentence.start + mention.end)
        if not tokens:
            continue
        head = _span_head(tree, tokens)
        ancestors = [head, *tree.ancestors(head)]
        for distance, node in enumerate(ancestors):
            if node in chain_set:
                rank = chain.index(node) * 10 + distance
                if best is None or rank < best[0]:
                    best = (rank, mention.text)
                break
            if attribution is not None and node == attribution:
                fallback = fallback or mention.text
                break
    if best is not None:
        return resolve_date(best[1], published)
    if fallback is not None and event_type in _DATE_FROM_ATTRIBUTION:
        return resolve_date(fallback, published)
    return EventDate()


def _equipment(
    tree: Tree, sentence: Sentence, chain: list[int], found: list[tuple[int, int, str]]
) -> tuple[str, ...]:
    if not found:
        return ()
    clause = tree.subtree(chain[-1])
    in_clause: dict[str, str] = {}
    anywhere: dict[str, str] = {}
    for start, end, _ in found:
        tokens = _token_span(sentence, sentence.start + start, sentence.start + end)
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


def _confidence(
    slots: dict[int, Slot], actors: tuple[Actor, ...], equipment: tuple[str, ...]
) -> float:
    direct = sum(1 for s in slots.values() if s.direct and s.level == 0)
    score = 0.55 + 0.1 * min(direct, 2) + (0.05 if equipment else 0.0)
    if any(a.kind == "official" for a in actors):
        score -= 0.05
    return max(0.05, min(0.95, score))


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
