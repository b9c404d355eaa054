"""Which sentences can hold an event, decided without parsing.

A sentence is parsed only if it contains a surface form of some trigger and
names at least two actors (or one actor and a known official or a phrase such
as "the two countries", or one actor taking part in a drill or meeting named in
an earlier candidate sentence, or reacting to "the pact", "the move" after one;
or "They ..." opening the sentence, or a bare reaction ("Athens protested"), right
after a candidate).
Every event the rules can produce needs both, so the filter saves parsing time
without changing what is found. Candidates are
chosen on a trigger's first word, then parsed only if they hold a whole trigger
(`has_trigger_phrase`): the second test drops sentences, never adds one, so
which sentences are candidates does not depend on it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import ahocorasick

from pactwatch.actors import load_actor_lexicon
from pactwatch.events.attributes import HAPPENINGS
from pactwatch.events.context import LOOKALIKE
from pactwatch.events.lexicon import load_cues, load_equipment, load_triggers
from pactwatch.events.readers import happening_nouns
from pactwatch.events.syntax import DEFINITE

# Past tenses and participles the regular rules below do not produce.
_IRREGULAR = {
    "sell": ["sold"],
    "send": ["sent"],
    "buy": ["bought"],
    "hold": ["held"],
    "meet": ["met"],
    "give": ["gave", "given"],
    "get": ["got", "gotten"],
    "take": ["took", "taken"],
    "build": ["built"],
    "seek": ["sought"],
    "learn": ["learnt"],
    "lead": ["led"],
    "lend": ["lent"],
    "keep": ["kept"],
    "teach": ["taught"],
    "deal": ["dealt"],
    "make": ["made"],
    "bring": ["brought"],
    "shoot": ["shot"],
    "find": ["found"],
    "fly": ["flew", "flown"],
    "up": ["upped", "upping"],
    "be": ["was", "were", "is", "are", "been"],
    "have": ["had", "has"],
    "undertake": ["undertook", "undertaken"],
    "begin": ["began", "begun"],
    "come": ["came"],
    "undergo": ["underwent", "undergone"],
    "sign": [],
    "ship": ["shipped", "shipping"],
    "arm": ["armed"],
    "work": ["wrought"],
    "fuel": ["fuelled", "fuelling"],
    "ally": ["allied", "allies"],
    "school": ["schooled"],
    "embargo": ["embargoed", "embargoes"],
    # the model's lemmatizer knows these too (a test holds the list to it)
    "equip": ["equipped", "equipping"],
    "fight": ["fought"],
    "freeze": ["froze", "frozen"],
    "strike": ["struck"],
    "speak": ["spoke", "spoken"],
    "say": ["said"],
    "see": ["saw", "seen"],
    "tell": ["told"],
    "know": ["knew", "known"],
    "chide": ["chid", "chidden"],
    "memorandum": ["memoranda"],
    "program": ["programmes"],
    "wolf": ["wolves"],
    "red": ["redder", "reddest"],
    "ban": ["bani"],
    "forum": ["fora"],
    "symposium": ["symposia"],
    "refuel": ["refuelled", "refuelling"],
    "angry": ["angrier", "angriest"],
    "strong": ["stronger", "strongest"],
}


def inflections(lemma: str) -> set[str]:
    """Surface forms a lemma can take in news text (a generous over-approximation)."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing", lemma[:-1] + "ed"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if re.fullmatch(r".*[^aeiou][aeiou][bdgklmnprt]", lemma):
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    forms.update(_IRREGULAR.get(lemma, []))
    return forms


#: The words after a trigger's first one, as a pattern matched right after that
#: word; None for a trigger of one word.
_Rest = re.Pattern[str] | None


@functools.cache
def _trigger_automaton() -> ahocorasick.Automaton:
    """Each surface form of a trigger's first word -> (form, what must follow it)."""
    rests: dict[str, set[tuple[str, ...]]] = {}
    for trigger in load_triggers():
        rests.setdefault(trigger.words[0], set()).add(trigger.words[1:])
    following: dict[str, list[_Rest]] = {}
    for first, tails in rests.items():
        rest = None if () in tails else _rest_pattern(tails)
        for form in inflections(first):
            following.setdefault(form, []).append(rest)
    automaton = ahocorasick.Automaton()
    for form, rest_patterns in following.items():
        automaton.add_word(form, (form, None if None in rest_patterns else rest_patterns))
    automaton.make_automaton()
    return automaton


def _rest_pattern(tails: set[tuple[str, ...]]) -> re.Pattern[str]:
    """The rest of several phrases ("deal", "embargo" after "arms"), each word in
    any of its inflections; the parser's tokens may or may not have spaces between
    them ("co-production" is co - production), and the last one ends a word."""

    phrases = sorted(r"\s*" + _phrase_forms(tail) for tail in tails)
    return re.compile("(?:" + "|".join(phrases) + r")(?![^\W_])")


def _phrase_forms(words: tuple[str, ...]) -> str:
    """A pattern of the words in a row, each in any of its inflections."""

    def word(lemma: str) -> str:
        forms = sorted(inflections(lemma), key=lambda f: (-len(f), f))
        return "(?:" + "|".join(re.escape(f) for f in forms) + ")"

    return r"\s*".join(word(w) for w in words)


@functools.cache
def _made_in_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(load_cues().made_in))
    return re.compile(rf"\w-(?:{words})\b", re.IGNORECASE)


def has_trigger_word(text: str) -> bool:
    """A trigger's first word in some surface form, or an "X-made" origin that the
    made-in rule reads."""
    if _made_in_pattern().search(text):
        return True
    return any(True for _ in _first_words(text.lower()))


def has_trigger_phrase(text: str) -> bool:
    """A whole trigger in some surface form, or an "X-made" origin.

    Without one the rules match nothing, so the sentence yields no decision
    and leaves the article's memory as it was. A trigger of several words
    ("military aid", "arms embargo") needs all of them in a row: its first
    word alone ("military", "arms") is in most sentences of defence news.
    """
    if _made_in_pattern().search(text):
        return True
    lowered = text.lower()
    return any(
        rests is None or any(rest.match(lowered, end + 1) for rest in rests)
        for end, rests in _first_words(lowered)
    )


def _first_words(lowered: str) -> Iterator[tuple[int, list[re.Pattern[str]] | None]]:
    """(where it ends, what must follow) for each whole word of `lowered` that is a
    trigger's first word in some surface form."""
    for end, (form, rests) in _trigger_automaton().iter(lowered):
        start = end + 1 - len(form)
        before = lowered[start - 1] if start else " "
        after = lowered[end + 1] if end + 1 < len(lowered) else " "
        if not before.isalnum() and not after.isalnum():
            yield end, rests


@functools.cache
def _partaking_words() -> frozenset[str]:
    return frozenset(
        form
        for trigger in load_triggers()
        if trigger.frame in ("partake", "partake_noun")
        for form in inflections(trigger.words[0])
    )


@functools.cache
def _happening_words() -> frozenset[str]:
    return frozenset(
        form
        for trigger in load_triggers()
        if trigger.type in HAPPENINGS and trigger.frame not in ("partake", "partake_noun")
        for form in inflections(trigger.words[0])
    )


#: A whole word: every surface form of a trigger's first word is one (a test says so),
#: so a set look-up of the text's words finds what `\b(?:form|...)\b` would.
_WORD = re.compile(r"\w+")


@functools.cache
def _happening_nouns() -> dict[str, tuple[frozenset[str], re.Pattern[str]]]:
    """Each happening type -> the words its noun triggers start with (a quick test)
    and a pattern of the whole triggers: "military" alone names no "military drill"."""
    phrases: dict[str, set[tuple[str, ...]]] = {}
    for trigger in happening_nouns():
        phrases.setdefault(trigger.type, set()).add(trigger.words)
    nouns: dict[str, tuple[frozenset[str], re.Pattern[str]]] = {}
    for kind, words in phrases.items():
        first = frozenset(form for w in words for form in inflections(w[0]))
        alternation = "|".join(sorted(_phrase_forms(w) for w in words))
        nouns[kind] = (first, re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])"))
    return nouns


_FORCES_GATHERED = re.compile(
    r"\bgatherings? of (?:[\w-]+ ){0,2}"
    r"(?:navies|warships|ships|vessels|fleets|troops|forces|armies|militaries|aircraft)\b"
)


def named_happenings(text: str) -> frozenset[str]:
    """The types of drill or meeting a sentence names by its noun, in any sense ("the
    trade conference" too): a later list of participants may be theirs."""
    lowered = text.lower()
    words = set(_WORD.findall(lowered))  # every sentence: word sets first, a regex rarely
    if "gathering" in words or "gatherings" in words:
        # "the largest gathering of foreign navies": ships and forces, not a meeting
        lowered = _FORCES_GATHERED.sub(" ", lowered)
        words = set(_WORD.findall(lowered))
    kinds = {
        kind
        for kind, (first, whole) in _happening_nouns().items()
        if first & words and whole.search(lowered)
    }
    if _meeting_verb_forms() & words:
        kinds.add("defense_meeting")  # "army chiefs from eight countries met in Abuja"
    if load_cues().drill_lookalikes.search(lowered):
        # "Visiting ships came from ..." after "the International Fleet Review": a
        # gathering of forces of another kind, whose lists are its own
        kinds.add(LOOKALIKE)
    if "joint_exercise" in kinds and load_cues().planning_meeting.search(lowered):
        # "the main planning conference for exercise Lake Shield was held in Kigali.
        # Participants included ...": those who plan a drill meet; the drill is its topic
        kinds = {"defense_meeting"}
    return frozenset(kinds)


@functools.cache
def _meeting_verb_forms() -> frozenset[str]:
    return frozenset(form for verb in load_cues().meeting_verbs for form in inflections(verb))


def military_happenings(text: str, named: frozenset[str] | None = None) -> frozenset[str]:
    """The types of drill or meeting a sentence names in a military sense ("the naval
    exercise began"), whether or not it is parsed: a later "participating nations
    include ..." lists its parties."""
    kinds = named_happenings(text) if named is None else named
    if kinds and (
        load_cues().military.search(text)
        or load_equipment().find(text)
        or (
            ("joint_exercise" in kinds or load_cues().planning_meeting.search(text))
            and _NAMED_EXERCISE.search(text)
        )
    ):
        return kinds
    return frozenset()


def continued_drills(
    military: list[frozenset[str]], named: list[frozenset[str]]
) -> list[frozenset[str]]:
    """The drills and meetings each sentence names in a military sense, counting a
    drill named in no such sense right after one that was ("Exercise Tui Moana was
    hosted by Fiji's forces. It was the largest exercise held in Fijian waters since
    2018."): the same drill, whose contingents later sentences list."""
    found = list(military)
    for index, kinds in enumerate(named):
        if (
            _DRILL in kinds
            and _DRILL not in found[index]
            and any(_DRILL in found[before] for before in range(max(0, index - 2), index))
        ):
            found[index] = found[index] | {_DRILL}
    return found


_DRILL = "joint_exercise"


#: "Exercise Coral Sentinel opened in Suva", "the Flintlock exercise", "the Malabar
#: drills": a drill named by a name of its own is military (not "The exercise",
#: "Breathing exercises")
_NAMED_EXERCISE = re.compile(
    r"\bExercise\s+[A-Z][\w-]+"
    r"|\b(?!(?:The|A|An|This|That|These|Those|Its|Their|His|Her|Our|Last|Next|Such|Another"
    r"|Each|Every|One|Some|Many|Both|Breathing|Physical|Fitness|Yoga|Morning|Evening)\b)"
    r"[A-Z][\w-]+\s+(?:(?:field|training|command[- ]post|live[- ]fire)\s+){0,2}"
    r"(?:exercises?|drills?|manoeuvres|maneuvers)\b"
)


@functools.cache
def _speaking() -> tuple[re.Pattern[str], re.Pattern[str]]:
    forms = sorted(
        {f for lemma in load_cues().speech for f in inflections(lemma)},
        key=len,
        reverse=True,
    )
    after = re.compile(
        rf"(?:['’]s\s+[\w-]+(?:\s+[\w-]+)?)?\s*,?\s*(?:has\s+|had\s+|also\s+)?"
        rf"(?:{'|'.join(map(re.escape, forms))})\b",
        re.IGNORECASE,
    )
    return after, re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.IGNORECASE)


def speaks(text: str, start: int, end: int) -> bool:
    """ "..., the Pentagon said", "according to Tokyo", "Kenya's ministry announced":
    a name that only reports (read from the text, parsed or not)."""
    after, before = _speaking()
    return bool(after.match(text, end, min(len(text), end + 60))) or bool(
        before.search(text, max(0, start - 20), start)
    )


def reports_under_way(text: str) -> bool:
    """ "The naval exercise opened on Monday": held or under way, by its words, in a
    sentence that does not look ahead ("the drill begins next week")."""
    cues = load_cues()
    return bool(cues.under_way.search(text)) and not cues.looking_ahead.search(text)


@functools.cache
def _reaction_words() -> frozenset[str]:
    return frozenset(
        form
        for trigger in load_triggers()
        if trigger.type == "condemnation" and len(trigger.words) == 1
        for form in inflections(trigger.words[0])
    )


def has_reaction_word(text: str) -> bool:
    """ "Athens protested", "Tokyo said it was concerned": a one-word reaction, which
    right after a sentence read for events may answer one of them."""
    return not _reaction_words().isdisjoint(_WORD.findall(text.lower()))


def has_partaking_word(text: str) -> bool:
    """ "also took part", "participated": one party more for a happening named before."""
    return not _partaking_words().isdisjoint(_WORD.findall(text.lower()))


def opens_with_group_pronoun(text: str) -> bool:
    """ "They agreed to hold drills": the parties of the sentence before, if it read
    an event of several states."""
    return bool(load_cues().group_pronoun.match(text))


def names_happening(text: str) -> bool:
    """A drill or meeting word, which later sentences may add parties to."""
    return not _happening_words().isdisjoint(_WORD.findall(text.lower()))


@functools.cache
def _event_reference() -> re.Pattern[str]:
    nouns = "|".join(sorted(map(re.escape, load_cues().event_references), key=len, reverse=True))
    definite = "|".join(sorted(DEFINITE))
    return re.compile(rf"\b(?:{definite})\s+(?:[\w-]+\s+){{0,2}}(?:{nouns})\b", re.IGNORECASE)


def names_earlier_event(text: str) -> bool:
    """ "the pact", "the move": a noun a reaction may name an event read before by."""
    return bool(_event_reference().search(text))


@functools.cache
def _it_blames() -> re.Pattern[str]:
    """ "It accused Tehran of ...", "It replied ...": a sentence that opens by voicing a
    judgement for the actor named just before (events.spans reads who). Verbs of
    blame and reply (cues.yaml accusing, voicing) only: "It said" is everywhere."""
    cues = load_cues()
    forms = {f for lemma in cues.accusing | cues.voicing for f in inflections(lemma)}
    alternation = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    return re.compile(rf"^\W*It\s+(?:also\s+|has\s+|had\s+)?(?:{alternation})\b")


def has_reference(text: str) -> bool:
    cues = load_cues()
    lowered = text.lower()
    words = load_actor_lexicon().words
    return (
        bool(_it_blames().search(text))
        or bool(cues.group_reference.search(text))
        or bool(cues.participant_reference.search(text))
        or bool(cues.members_reference.search(text))
        or any(p in lowered for p in cues.single_references)
        or (words is not None and bool(words.region_reference.search(text)))
    )
