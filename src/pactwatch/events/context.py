"""What an article says outside one sentence: who its officials are, and which
states it has named, so "Kirby said" and "the two countries" can be resolved."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from pactwatch.actors import load_actor_lexicon
from pactwatch.actors.mentions import Mention
from pactwatch.models import Actor, Event

# a person's name: two to four capitalised words, not opening with a function word
_NAME = (
    r"(?!(?:The|A|An|This|That|In|On|At|For|But|And|As|After|Before|When|While)\b)"
    r"[A-Z][a-zA-Z'\u2019-]+"
    r"(?: (?:al-|el-|bin |ibn |van |von |de |da |do |dos |das |del |di |du |la |le )?"
    r"[A-Z][a-zA-Z'\u2019-]+){1,3}"
)
# "Kremlin spokesman Ivan Sokolov", "Chile's Defence Minister, Rosa Vidal"
_AFTER_ACTOR = re.compile(
    # "Uruguay's Defence Staff (ESMADE), General Rodolfo Aguerre": an abbreviation in
    # brackets after the title
    rf"^(?:'s|\u2019s)?\s+((?:[A-Za-z.-]+\s+){{0,5}}?[A-Za-z.-]+)(?:\s+\([A-Z]{{2,8}}\))?,?\s+({_NAME})"
)
_BEFORE_ACTOR = re.compile(
    rf"({_NAME}),\s+(?:the\s+|a\s+|an\s+)?((?:[A-Za-z]+\s+){{1,5}}?)(?:of|for|at|to)\s+(?:the\s+|The\s+)?$"
)

# "Adm. Karl Berg, the EU's naval commander": the name, then its holder's title
_NAME_BEFORE = re.compile(rf"({_NAME}),\s+(?:the\s+)?$")
_TITLE_AFTER = re.compile(
    r"^((?:\s+[A-Za-z]+){0,2})(?:'s|\u2019s)\s+((?:[A-Za-z.]+\s+){0,4}[A-Za-z.]+)\s*(?:[,;.)]|$)"
)
# "Amir Hatami, Iranian defence minister, said": a title right after the actor
_TITLE_RIGHT_AFTER = re.compile(r"^\s+((?:[A-Za-z.]+\s+){0,4}[A-Za-z.]+)\s*(?:[,;.)]|$)")
# "Defence Minister Ana Lopez of Peru": capitalised words, then "of" the actor
_WORDS_OF = re.compile(r"((?:[A-Z][A-Za-z.'\u2019-]*\s+){2,8})of\s+(?:the\s+)?$")
# "the inspector of the Land Forces of Romania Ion Popa": a title before the
# actor, the name right after it
_TITLE_OF = re.compile(r"((?:[A-Za-z]+\s+){1,4})(?:of|for)\s+(?:the\s+)?$")
# a cheap test before the two patterns above: "of" or "for" (the) right before
_ENDS_WITH_OF = re.compile(r"\b(?:of|for)\s+(?:the\s+)?$")
_NAME_RIGHT_AFTER = re.compile(rf"^,?\s+({_NAME})\b")
# "Juan Perez, who heads Chile's navy": the name, then a verb of leading
_WHO_LEADS = re.compile(
    rf"({_NAME}),\s+who\s+(?:heads|leads|commands|runs|chairs|directs)\s+(?:the\s+)?$"
)
_LEADS_WHAT = re.compile(r"^(?:'s|\u2019s)\s+([A-Za-z-]+)")


#: how many sentences back "the participating states" may find its happening
_PARTICIPANTS_REACH = 10


#: what a sentence names when it names a gathering of forces that is no drill (a fleet
#: review, army games), among the kinds of happening it names
LOOKALIKE = "lookalike"


@dataclass(slots=True)
class ArticleContext:
    """Article-wide memory consulted while reading each sentence."""

    #: surname or full name -> the official it names
    persons: dict[str, Actor] = field(default_factory=dict)
    #: codes of states/organisations named, per sentence index, in order
    codes_by_sentence: list[list[str]] = field(default_factory=list)
    #: who imposed the latest sanction, for "... were also added to the list"
    imposers: list[Actor] = field(default_factory=list)
    #: parties of a meeting or drill named with fewer than two, per type, for a
    #: later "the talks, held in Lisbon, were also joined by ..."
    partial: dict[str, tuple[int, list[Actor]]] = field(default_factory=dict)
    #: the parties of every meeting, drill or accord, (sentence index, codes) in reading
    #: order, for a later "the eight ministers" or "the signatories" to mean them
    groups: list[tuple[int, list[str]]] = field(default_factory=list)
    #: per sentence, the states its "the two countries" or "the three navies" stood
    #: for, so "the two sides" in the next one means the same ones
    referred: dict[int, list[str]] = field(default_factory=dict)
    #: every event read so far, with its sentence index, for a reaction in a later
    #: sentence to "the pact" or "the move" it names only by a noun
    events_read: list[tuple[int, Event]] = field(default_factory=list)
    #: per type, the last sentence whose trigger noun met a military requirement,
    #: for a later "such a training session" with no military word of its own
    military_nouns: dict[str, int] = field(default_factory=dict)
    #: per sentence, the types of drill or meeting it names in a military sense (read
    #: from the text of every sentence, parsed or not)
    happenings_by_sentence: list[frozenset[str]] = field(default_factory=list)
    #: per sentence, the codes named only as who reports ("the Pentagon said")
    speakers_by_sentence: list[set[str]] = field(default_factory=list)
    #: per sentence, the types of drill or meeting it names in any sense ("the trade
    #: conference"): a list after it is that one's, military or not
    named_happenings_by_sentence: list[frozenset[str]] = field(default_factory=list)
    #: per sentence, the official it opens with ("Ghana's navy chief hosted the
    #: talks"), for the next one's "He welcomed his counterparts"
    openers_by_sentence: list[Actor | None] = field(default_factory=list)
    #: per sentence, the one state it names a ship of ("the Bangladesh Navy ship BNS
    #: Padma arrived"), for a later "the ship will conduct a passage exercise"
    ships_by_sentence: list[str | None] = field(default_factory=list)
    #: per sentence, whether it reports what it names as held or under way
    under_way_by_sentence: list[bool] = field(default_factory=list)

    #: where each code is named, (sentence index, place in it) in text order, built
    #: once from `codes_by_sentence` (set before reading, never changed after) so a
    #: sentence's look-up does not rescan the whole article before it
    _places: tuple[list[list[str]], dict[str, list[tuple[int, int]]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def codes_in(self, sentence_index: int) -> list[str]:
        """The codes one sentence names (none for an index outside the article)."""
        if 0 <= sentence_index < len(self.codes_by_sentence):
            return self.codes_by_sentence[sentence_index]
        return []

    def opener_of(self, sentence_index: int) -> Actor | None:
        """The official one sentence opens with (none outside the article)."""
        if 0 <= sentence_index < len(self.openers_by_sentence):
            return self.openers_by_sentence[sentence_index]
        return None

    def ship_state_of(self, sentence_index: int) -> str | None:
        """The one state whose ship a sentence names (none outside the article)."""
        if 0 <= sentence_index < len(self.ships_by_sentence):
            return self.ships_by_sentence[sentence_index]
        return None

    def happening_before(
        self, kind: str, sentence_index: int, within: int = 3, alone: bool = True
    ) -> bool:
        """Whether the nearest of the `within` sentences before that names a drill or
        meeting names one of `kind` and (`alone`) of no other kind (a list of
        participants after "the ministers met ahead of the drills" is the drills' or
        nobody's; but its speakers are the meeting's)."""
        return self._sentence_of_happening(kind, sentence_index, within, alone) is not None

    def happening_among(self, kind: str, sentence_index: int, within: int = 3) -> bool:
        """Whether the nearest of the `within` sentences before that names a drill or
        meeting names one of `kind`, with others or alone."""
        nearest = self._nearest_happening(sentence_index, within)
        return nearest is not None and kind in self.happenings_by_sentence[nearest]

    def named_among(self, kind: str, sentence_index: int, within: int = 3) -> bool:
        """Whether the nearest of the `within` sentences before that names a drill or
        meeting names one of `kind` in any sense ("The exercise was held in Arusha")."""
        nearest = self._nearest_happening(sentence_index, within)
        return nearest is not None and kind in self._named_in_any_sense[nearest]

    def named_within(self, kind: str, sentence_index: int, within: int = 3) -> bool:
        """Whether any of the `within` sentences before names a happening of `kind` in
        any sense, whatever else was named since ("ships from each navy will take part"
        after a planning conference for the drill: ships take part in no meeting)."""
        named = self._named_in_any_sense
        first = max(0, sentence_index - within)
        for i in reversed(range(first, min(sentence_index, len(named)))):
            if kind in named[i]:
                return True
            if LOOKALIKE in named[i]:
                return False  # "Visiting ships came from ..." after a fleet review
        return False

    def _sentence_of_happening(
        self, kind: str, sentence_index: int, within: int, alone: bool = True
    ) -> int | None:
        nearest = self._nearest_happening(sentence_index, within)
        if nearest is None:
            return None
        kinds = self.happenings_by_sentence[nearest]
        names_it = kinds == {kind} if alone else kind in kinds
        return nearest if names_it else None

    def sole_state_of_happening(
        self, kind: str, sentence_index: int, states: frozenset[str], alone: bool = True
    ) -> str | None:
        """The one state named in the sentence that names the drill or meeting a list
        of participants belongs to: "Argentina will host a naval exercise" before
        "participants include Peru and Chile" (its host or leader takes part too)."""
        nearest = self._sentence_of_happening(kind, sentence_index, 3, alone)
        if nearest is None:
            return None
        named = {code for code in self.codes_by_sentence[nearest] if code in states}
        if nearest < len(self.speakers_by_sentence):
            named -= self.speakers_by_sentence[nearest]  # "..., the Pentagon said"
        return named.pop() if len(named) == 1 else None

    def under_way_before(self, kind: str, sentence_index: int) -> bool:
        """Whether a sentence before names a drill or meeting of `kind`, and none of
        another kind, and reports it held or under way ("the exercise opened on
        Monday"; not "the visit ended with a plan for a drill")."""
        return any(
            kinds == {kind} and under_way
            for kinds, under_way in zip(
                self.happenings_by_sentence[:sentence_index],
                self.under_way_by_sentence[:sentence_index],
                strict=True,
            )
        )

    def other_kind_named(self, kind: str, after: int, before: int) -> bool:
        """Whether a sentence between `after` and `before` names a drill or meeting,
        in any sense, and none of `kind` ("The chiefs held talks ... Iran, Russia and
        China began their own naval exercise ... Participants: Iran, Russia, China":
        the list belongs to the drill, not to the talks before it). A sentence naming
        one of `kind` again ("Exercise X is a maritime exercise scheduled for May")
        brings it back: only what is named after that counts."""
        between = self._named_in_any_sense[after + 1 : before]
        again = [i for i, kinds in enumerate(between) if kind in kinds]
        if again:
            between = between[again[-1] + 1 :]
        return any(kinds and kind not in kinds for kinds in between)

    @property
    def _named_in_any_sense(self) -> list[frozenset[str]]:
        return self.named_happenings_by_sentence or self.happenings_by_sentence

    def _nearest_happening(self, sentence_index: int, within: int) -> int | None:
        """The nearest sentence before that names a drill or meeting in any sense (one
        in no military sense leaves its list to nobody)."""
        named = self._named_in_any_sense
        start = max(0, sentence_index - within)
        for index in range(sentence_index - 1, start - 1, -1):
            if index < len(named) and named[index]:
                return index
        return None

    def last_happening_parties(self, sentence_index: int, within: int = 5) -> list[Actor]:
        """The parties of the drill or meeting remembered last, if named shortly before."""
        recent = [
            (index, parties)
            for index, parties in self.partial.values()
            if 0 <= sentence_index - index <= within
        ]
        return max(recent, key=lambda item: item[0])[1] if recent else []

    def participating(self, sentence_index: int) -> list[str]:
        """Whom "the participating navies" stand for: the parties of the drill or
        meeting remembered last, or of an earlier event that takes them all in (three
        of a drill's nine navies patrolling together are not who "participates"). The
        phrase can only mean a happening's parties, so it reaches further back than a
        bare "the two sides" does."""
        latest = list(
            dict.fromkeys(
                a.country
                for a in self.last_happening_parties(sentence_index, within=_PARTICIPANTS_REACH)
            )
        )
        wider = [
            codes
            for index, codes in self.groups
            if index < sentence_index and set(latest) < set(codes)
        ]
        return max(wider, key=len) if len(latest) >= 2 and wider else latest

    def recent_codes(self, sentence_index: int) -> list[str]:
        """Codes named up to and including this sentence, most recent first, unique."""
        last = {code: places[n - 1] for code, places, n in self._named_before(sentence_index)}
        return sorted(last, key=last.__getitem__, reverse=True)

    def salient(self, sentence_index: int, states: frozenset[str], count: int) -> list[str]:
        """The `count` states an article is about so far: most often named, then most recent.

        "The two countries" means the article's main pair, not whichever two
        states were named last ("... Yerevan, aligned with Tehran").
        """
        counts = {code: n for code, _, n in self._named_before(sentence_index) if code in states}
        order = {code: rank for rank, code in enumerate(self.recent_codes(sentence_index))}
        ranked = sorted(counts, key=lambda code: (-counts[code], order.get(code, len(order))))
        return ranked[:count]

    def _named_before(
        self, sentence_index: int
    ) -> Iterator[tuple[str, list[tuple[int, int]], int]]:
        """Each code named up to and including this sentence, its places, and how many
        of them (the first ones) are that early."""
        if self._places is None or self._places[0] is not self.codes_by_sentence:
            places: dict[str, list[tuple[int, int]]] = {}
            for index, codes in enumerate(self.codes_by_sentence):
                for place, code in enumerate(codes):
                    places.setdefault(code, []).append((index, place))
            self._places = (self.codes_by_sentence, places)
        # the sentences of codes_by_sentence[: sentence_index + 1], as a slice counts them
        stop = len(range(len(self.codes_by_sentence))[: sentence_index + 1])
        for code, where in self._places[1].items():
            n = bisect_left(where, (stop, -1))
            if n:
                yield code, where, n


@functools.cache
def _body_heads() -> frozenset[str]:
    """The last words of the bodies' names ("Force", "Army", "Guard"), which open no
    person's name."""
    words = load_actor_lexicon().words
    if words is None:
        return frozenset()
    return frozenset(name.split()[-1] for name in words.kinds if ":" not in name)


def find_officials(
    text: str,
    mentions: list[Mention],
    titles: frozenset[str],
    state_forms: frozenset[str] = frozenset(),
    place_features: frozenset[str] = frozenset(),
) -> dict[str, Actor]:
    """Officials introduced with a title next to their state or institution.

    "Pentagon spokesman John Kirby" and "Ned Price, the spokesman for the
    State Department" both make later "Kirby said" / "Price noted" an actor.
    """
    persons: dict[str, Actor] = {}
    around = load_actor_lexicon().words
    if around is not None:
        titles = titles | around.title_words
    for mention in mentions:
        found = (
            _after(text, mention, titles)
            or _before(text, mention, titles)
            or _appositive(text, mention, titles)
            or _title_of_name_after(text, mention, titles)
            or _named_of(text, mention, titles)
            or _who_leads(text, mention)
        )
        if found is None:
            continue
        name, title = found
        words = name.split()
        while len(words) > 2 and words[0].lower().rstrip(".") in titles:
            title = f"{title} {words.pop(0)}".strip()
        if all(w.lower().rstrip(".") in titles for w in words):
            continue  # "Chief of the General Staff": a title's tail is nobody's name
        if around is not None and any(
            around.after_state.fullmatch(" " + " ".join(words[k:])) for k in range(len(words))
        ):
            continue  # "Commander of the Kenya Army": a force's name, nobody's
        if words[0].lower() in _body_heads() or words[-1].endswith("-"):
            continue  # "Indian Air Force Mi-17 helicopters": a force and a model, nobody
        if not state_forms.isdisjoint(words):
            continue  # "the Islamic Republic of Pakistan": a state's long name, nobody
        if words[-1] in place_features:
            continue  # "the Andaman Sea": a place, nobody
        name = " ".join(words)
        actor = Actor(
            role="",
            country=mention.code,
            text=name,
            kind="official",
            person=name,
            title=title or None,
            base=mention.form.entry.base,
        )
        persons.setdefault(name, actor)
        parts = name.split()
        persons.setdefault(parts[-1], actor)
        family_first = around is not None and mention.code in around.family_name_first
        if len(parts) == 2 and ("-" in parts[1] or family_first):
            persons.setdefault(parts[0], actor)  # family name first: "Ahn Gyu-back" -> "Ahn"
        if len(parts) >= 2 and around is not None and mention.code in around.given_name_used:
            persons.setdefault(parts[0], actor)  # "Sutin Klungsang" -> "Sutin"
    return persons


def _title_words(words: str, titles: frozenset[str], *, name_follows: bool = False) -> bool:
    """All words are titles. A full stop before a name only closes an
    abbreviation ("Gen. Paul Kerr"), never a sentence ("... the Peruvian chief.
    Luis Morales approved"); a title's own last word may end one."""
    checked = words.split() if name_follows else words.split()[:-1]
    if "\n" in words.strip() or any(len(w) > 5 and w.endswith(".") for w in checked):
        return False
    parts = words.lower().replace(".", "").replace("-", " ").split()
    # "commander in chief" joins titles with "in" and "of"; those alone title nobody
    # ("the oldest treaty ally of Japan in the Mekong Delta region")
    return bool(set(parts) - _TITLE_JOINERS) and all(p in titles for p in parts)


_TITLE_JOINERS = frozenset({"in", "of", "the"})


def _after(text: str, mention: Mention, titles: frozenset[str]) -> tuple[str, str] | None:
    match = _AFTER_ACTOR.match(text[mention.end : mention.end + 120])
    if (
        match
        and "\n" not in match.group(0).strip()
        and _title_words(match.group(1), titles, name_follows=True)
    ):
        return match.group(2), " ".join(match.group(1).split())
    return None


#: "Ghana's navy chief", "The Colombian defence minister": up to four words after
#: the state, one of them naming a person of rank
_OPENING_TITLE = re.compile(r"(?:'s|\u2019s)?((?:\s+[A-Za-z-]+){1,4})")


def opening_official(
    text: str, start: int, mentions: Sequence[Mention], people: frozenset[str]
) -> Actor | None:
    """The official a sentence opens with ("Ghana's navy chief hosted the talks", "The
    Colombian defence minister, Ana Torres, flew to Lima"), as its state's actor named
    by the whole title, so that "He met his counterpart" next says who met."""
    if not mentions or text[start : mentions[0].start].strip() not in ("", "The"):
        return None
    first = mentions[0]
    if first.kind == "official":
        return None  # a leader by name is read as such
    after = _OPENING_TITLE.match(text, first.end, first.end + 60)
    if after is None:
        return None
    rank = next(
        (w for w in re.finditer(r"[A-Za-z-]+", after.group(1)) if w.group().lower() in people),
        None,
    )
    if rank is None:
        return None
    end = after.start(1) + rank.end()
    return Actor(
        role="",
        country=first.code,
        text=text[first.start : end],
        kind="official",
        title=text[after.start(1) : end].strip(),
        base=first.form.entry.base,
    )


def ship_state(text: str, mentions: Sequence[Mention], vessels: frozenset[str]) -> str | None:
    """The one state a sentence names a ship of, its name or its navy's right before
    the ship's noun ("the Bangladesh Navy ship BNS Padma", "an Italian frigate")."""
    codes = {
        m.code
        for m in mentions
        if m.kind in ("state", "military")
        and any(
            w.lower() in vessels or w.lower().removesuffix("s") in vessels
            for w in re.findall(r"[A-Za-z-]+", text[m.end : m.end + 40])[:3]
        )
    }
    return codes.pop() if len(codes) == 1 else None


#: "the ship will conduct ...", "the visiting frigate also held ..."
_THE_SHIP = re.compile(r"\b[Tt]he\s+(?:visiting\s+)?([a-z]+)\b")


def refers_to_ship(text: str, vessels: frozenset[str]) -> bool:
    """Whether a sentence speaks of "the ship" (or frigate, corvette ...) it does not name."""
    return any(m.group(1) in vessels for m in _THE_SHIP.finditer(text))


#: "He met his Chinese counterpart", "She welcomed her counterparts from ..."
_HIS_COUNTERPARTS = re.compile(
    r"^\W*(?:He|She)\b[^.;]*?\b(?:his|her)\s+(?:[A-Za-z-]+\s+){0,2}counterparts?\b"
)


def meets_counterparts(text: str) -> bool:
    """Whether a sentence opens with "He" or "She" and speaks of his or her counterparts."""
    return _HIS_COUNTERPARTS.match(text) is not None


def _before(text: str, mention: Mention, titles: frozenset[str]) -> tuple[str, str] | None:
    if text[mention.end : mention.end + 1] == "-":
        return None  # "chairman of the Iran-Iraq commission" names no side
    match = _BEFORE_ACTOR.search(text[max(0, mention.start - 120) : mention.start])
    if match and _title_words(match.group(2), titles):
        return match.group(1), " ".join(match.group(2).split())
    return None


def _appositive(text: str, mention: Mention, titles: frozenset[str]) -> tuple[str, str] | None:
    """ "Adm. Karl Berg, the EU's naval commander, said" and "Tomas Berg,
    Norwegian defence minister, said": the name, then the actor and a title."""
    name = _NAME_BEFORE.search(text[max(0, mention.start - 80) : mention.start])
    if not name:
        return None
    after = text[mention.end : mention.end + 80]
    title = _TITLE_AFTER.match(after)
    if title:
        # "the Canadian Army's commander": words between the actor and "'s" are titles too
        words = " ".join(f"{title.group(1)} {title.group(2)}".split())
    else:
        plain = _TITLE_RIGHT_AFTER.match(after)
        words = " ".join(plain.group(1).split()) if plain else ""
    if words and _title_words(words, titles):
        return name.group(1), words
    return None


def _title_of_name_after(
    text: str, mention: Mention, titles: frozenset[str]
) -> tuple[str, str] | None:
    """ "the inspector of the Land Forces of Romania Ion Popa said"."""
    name = _NAME_RIGHT_AFTER.match(text[mention.end : mention.end + 60])
    if not name or not _ENDS_WITH_OF.search(text, max(0, mention.start - 10), mention.start):
        return None
    title = _TITLE_OF.search(text[max(0, mention.start - 60) : mention.start])
    if title and _title_words(title.group(1), titles):
        return name.group(1), " ".join(title.group(1).split())
    return None


def _named_of(text: str, mention: Mention, titles: frozenset[str]) -> tuple[str, str] | None:
    """ "Defence Minister Ana Lopez of Peru": a title, a name, then "of" the actor."""
    if mention.is_adjective or not _ENDS_WITH_OF.search(
        text, max(0, mention.start - 10), mention.start
    ):
        return None
    match = _WORDS_OF.search(text[max(0, mention.start - 100) : mention.start])
    if not match:
        return None
    words = match.group(1).split()
    last_title = max(
        (i for i, w in enumerate(words) if w.lower().rstrip(".") in titles), default=None
    )
    if last_title is None:
        return None
    name = words[last_title + 1 :]
    first_title = last_title
    while first_title > 0 and words[first_title - 1].lower().rstrip(".") in titles:
        first_title -= 1
    if not 2 <= len(name) <= 4:
        return None
    if any(w.endswith(".") and len(w) > 2 for w in name[:-1]):
        # "... Rear Admiral Jean Rakoto. Representatives of Germany": a sentence ends
        # inside the capitalised words (an initial "J." does not end one)
        return None
    return " ".join(name), " ".join(words[first_title : last_title + 1])


def _who_leads(text: str, mention: Mention) -> tuple[str, str] | None:
    """ "Juan Perez, who heads Chile's navy": the name, then what the person leads."""
    if ", who " not in text[max(0, mention.start - 30) : mention.start]:
        return None
    name = _WHO_LEADS.search(text[max(0, mention.start - 80) : mention.start])
    if not name:
        return None
    led = _LEADS_WHAT.match(text[mention.end : mention.end + 40])
    return name.group(1), f"head of the {led.group(1)}" if led else "head"
