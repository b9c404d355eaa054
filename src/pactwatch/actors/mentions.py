"""Finding actor mentions in text: longest whole-word matches of lexicon forms.

After the longest matches are chosen, three readings of the words around them
follow, all from lexicon data: place names hide the state names inside them
("Gulf of Oman"), a leader's surname that is also a common name needs a title
or the full name nearby, and a state's or leader's name widens to the body it
heads ("the Indian Army", "the Ministry of Defence of Ukraine", "the Biden
administration"). Last, an acronym the text defines beside an actor's name ("the
Seychelles Defence Forces (SDF)", "the SDF (Seychelles Defence Forces)"), or made of
the initials of a body of three or more words it names ("the Nigerian Air Force ...
NAF pilots"), stands for that actor throughout the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from pactwatch.actors.lexicon import ActorEntry, ActorLexicon, ActorWords, EntryKind, Form


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    form: Form

    @property
    def code(self) -> str:
        return self.form.entry.code

    @property
    def kind(self) -> EntryKind:
        return self.form.kind

    @property
    def is_adjective(self) -> bool:
        return "adjective" in (self.form.form, self.form.base_form)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _whole_word(text: str, start: int, end: int) -> bool:
    """True when [start, end) is not part of a longer word.

    Hyphens count as boundaries so "Iran-Iraq", "Russian-based" and
    "Iranian-made" yield their actors; an apostrophe-s after a name is a
    possessive, not a longer word, but another letter after an apostrophe
    continues it ("Xi'an" is a city, not Xi).
    """
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if after in "'\u2019" and end + 1 < len(text):
        following = text[end + 1]
        if following.isalpha() and following not in "sS":
            return False
    return not _is_word_char(before) and not _is_word_char(after)


def find_mentions(
    text: str, lexicon: ActorLexicon, offset: int = 0, published: date | None = None
) -> list[Mention]:
    """All non-overlapping mentions in `text`, longest first, in text order.

    Offsets are shifted by `offset` so a sentence's mentions point into the
    article text; `published` dates a leader who changed office ("Rutte" is
    the Netherlands before October 2024, NATO after).
    """
    candidates = [
        (start, end, form)
        for start, end, form in lexicon.iter_matches(text)
        if _whole_word(text, start, end)
    ]
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    chosen: list[tuple[int, int, Form]] = []
    taken_until = -1
    for start, end, form in candidates:
        if start < taken_until:
            continue
        chosen.append((start, end, form))
        taken_until = end
    # a place hides what it contains and is not an actor itself
    chosen = [c for c in chosen if c[2].entry.kind != "place"]
    chosen = [c for c in chosen if not _capital_ending_a_place_name(text, c[0], c[2])]
    chosen = _companies_named_in_full(chosen)
    chosen = _states_named_plainly(chosen)
    chosen = [(start, end, _dated(form, published)) for start, end, form in chosen]
    words = lexicon.words
    if words is not None:
        chosen = _with_combining_forms(text, chosen, words, lexicon)
        chosen = _named_leaders(text, chosen, words)
        chosen = _not_the_actor(text, chosen, words)
        chosen = _widened(text, chosen, words)
    chosen = _acronyms_as_defined(text, chosen)
    return [
        Mention(start + offset, end + offset, text[start:end], form) for start, end, form in chosen
    ]


#: "the Seychelles Defence Forces (SDF)": an acronym the text defines after a name
_DEFINED_ACRONYM = re.compile(r"\s*\(([A-Z][A-Z0-9&-]{1,7})\)")
#: "the SDF (Seychelles Defence Forces)": or before it
_ACRONYM_BEFORE = re.compile(r"(?<![\w-])([A-Z][A-Z0-9&-]{1,7})\s*\(\s*(?:the\s+)?$")
#: kinds of actor whose acronym a text may define for itself
_DEFINABLE = frozenset({"military", "government", "state", "organization"})


def _acronyms_as_defined(
    text: str, chosen: list[tuple[int, int, Form]]
) -> list[tuple[int, int, Form]]:
    """ "the Seychelles Defence Forces (SDF) ... the SDF thanked the UAE": an acronym the
    text defines after an actor's name stands for that actor wherever the text uses
    it, whatever else the lexicon knows by it (the Syrian Democratic Forces)."""
    defined: dict[str, Form] = {}
    for start, end, form in chosen:
        if form.kind not in _DEFINABLE:
            continue
        match = _DEFINED_ACRONYM.match(text, end)
        if match is None and text[end : end + 1] == ")":
            match = _ACRONYM_BEFORE.search(text, max(0, start - 16), start)
        if match and match.group(1) not in defined:
            defined[match.group(1)] = form
    for start, end, form in chosen:
        # "the Nigerian Air Force ... 40 NAF student pilots": a body's initials
        initials = _initials(text[start:end])
        if form.kind in _DEFINABLE and len(initials) >= 3 and initials not in defined:
            defined[initials] = form
    if not defined:
        return chosen
    by_span = {(start, end): form for start, end, form in chosen}
    for acronym, form in defined.items():
        for found in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
            span = (found.start(), found.end())
            if any(s < span[1] and span[0] < e and (s, e) != span for s, e in by_span):
                continue  # inside a longer mention
            by_span[span] = replace(form, text=acronym)
    return sorted(((s, e, f) for (s, e), f in by_span.items()), key=lambda c: c[0])


def _initials(name: str) -> str:
    """ "Nigerian Air Force" -> "NAF", "Armed Forces of the Philippines" -> "AFP"."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’]*", name) if w[0].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 3 else ""


def _capital_ending_a_place_name(text: str, start: int, form: Form) -> bool:
    """ "Mocimboa da Praia", "Puerto de la Victoria": a capital's name after a name and
    a particle ends another place's name (Praia is Cape Verde's capital)."""
    if form.form != "capital":
        return False
    before = _PARTICLE_BEFORE.search(text, max(0, start - 60), start)
    return before is not None and before.group(1)[:1].isupper()


#: a name, then particles of Portuguese, Spanish, French or Italian place names
_PARTICLE_BEFORE = re.compile(r"(\w[\w'’-]*)\s+(?:(?:da|de|do|dos|das|del|di|la|du|des)\s+)+$")


def _with_combining_forms(
    text: str, chosen: list[tuple[int, int, Form]], words: ActorWords, lexicon: ActorLexicon
) -> list[tuple[int, int, Form]]:
    """ "Sino-Russian drills": a combining form is a state only right before a
    hyphen and another state's name or adjective (actor_words.yaml)."""
    if not words.combining:
        return chosen
    added: list[tuple[int, int, Form]] = []
    for start, _, form in chosen:
        if form.entry.kind != "state" or start < 2 or text[start - 1] != "-":
            continue
        word_start = start - 1
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        code = words.combining.get(text[word_start : start - 1])
        entry = lexicon.entries.get(code) if code else None
        if entry is None or entry.code == form.entry.code:
            continue
        if word_start > 0 and _is_word_char(text[word_start - 1]):
            continue
        written = text[word_start : start - 1]
        added.append((word_start, start - 1, Form(written, entry, "adjective")))
    return sorted(chosen + added, key=lambda c: c[0]) if added else chosen


def _states_named_plainly(chosen: list[tuple[int, int, Form]]) -> list[tuple[int, int, Form]]:
    """A state's weak name ("Jordan", "Chad", "Georgia") is confirmed once the
    same text names that state by a form that is not weak ("Jordanian troops",
    "N'Djamena"): spaCy's tag may still take the bare name for a person."""
    named = {form.entry for _, _, form in chosen if form.entry.kind == "state" and not form.weak}
    return [
        (start, end, replace(form, confirmed=True))
        if form.weak and form.form == "name" and form.entry in named
        else (start, end, form)
        for start, end, form in chosen
    ]


def _dated(form: Form, published: date | None) -> Form:
    entry = form.entry
    if not entry.since:
        return form
    code = entry.code_on(published)
    return form if code == entry.code else replace(form, entry=replace(entry, code=code, since=()))


def _companies_named_in_full(chosen: list[tuple[int, int, Form]]) -> list[tuple[int, int, Form]]:
    """A company's weak short name ("Rafael") is the company once the same text
    names it by a form that is not weak ("Rafael Advanced Defense Systems")."""
    named = {form.entry for _, _, form in chosen if form.entry.kind == "company" and not form.weak}
    return [
        (start, end, replace(form, weak=False) if form.weak and form.entry in named else form)
        for start, end, form in chosen
    ]


def _named_leaders(
    text: str, chosen: list[tuple[int, int, Form]], words: ActorWords
) -> list[tuple[int, int, Form]]:
    """Drop a leader's surname that is also a common name ("Austin", "Johnson")
    unless a title stands before it, a government word after it, or the text
    names the same person in full."""
    named_in_full: set[ActorEntry] = {
        form.entry for _, _, form in chosen if form.entry.kind == "official" and not form.cue
    }
    kept = []
    for start, end, form in chosen:
        if form.cue and not (
            form.entry in named_in_full
            or words.leader_title.search(text, max(0, start - 40), start)
            or words.leader_body.match(text, end)
        ):
            continue
        kept.append((start, end, form))
    return kept


def _continues_a_name(text: str, end: int) -> bool:
    """ "the Indian Military Training Team", "Pakistan Navy Ship": the body word
    is part of a longer proper name, which is not the state's force itself."""
    rest = text[end : end + 3]
    return len(rest) >= 2 and rest[0] == " " and rest[1].isupper()


def _widened(
    text: str, chosen: list[tuple[int, int, Form]], words: ActorWords
) -> list[tuple[int, int, Form]]:
    """ "the Indian Army", "Royal Thai Navy", "the Ministry of Defence of Ukraine",
    "the Biden administration": the mention grows to name the body, which keeps
    the state's code and becomes a military or government actor."""
    out: list[tuple[int, int, Form]] = []
    absorbed_until = -1
    for index, (start, end, form) in enumerate(chosen):
        if start < absorbed_until:
            continue  # "the Russian Security Council": part of the body just read
        limit_before = out[-1][1] if out else 0
        limit_after = _next_start(chosen, index, text)
        kind = form.entry.kind
        new_start, new_end, body = start, end, ""
        if kind == "official":
            match = words.leader_body.match(text, end)
            if match and match.end() <= limit_after:
                new_end, body = match.end(), "government"
        elif kind == "state":
            match = words.after_state.match(text, end)
            if match and match.end() <= limit_after and not _continues_a_name(text, match.end()):
                new_end, body = match.end(), words.kinds[match.group(1).lower()]
                prefix = words.prefix.search(text, max(limit_before, start - 12), start)
                if prefix:
                    new_start = prefix.start()
            if form.form in ("name", "alias"):
                # "the Ministry of Defence of Ukraine": the body is named first
                of = words.of_state.search(text, max(limit_before, start - 60), start)
                if of:
                    new_start, body = of.start(), words.kinds[f"of:{of.group(1).lower()}"]
            elif form.form == "capital":
                # "the foreign ministry in Beijing": the body that sits in the capital
                seat = words.in_capital.search(text, max(limit_before, start - 40), start)
                if seat:
                    new_start, body = seat.start(), words.kinds[f"in:{seat.group(1).lower()}"]
        if not body:
            out.append((start, end, form))
            continue
        widened = replace(
            form, text=text[new_start:new_end], form=body, base_form=form.form, cue=False
        )
        out.append((new_start, new_end, widened))
        absorbed_until = new_end
    return out


def _next_start(chosen: list[tuple[int, int, Form]], index: int, text: str) -> int:
    """Where the next mention begins, unless it is another actor's name that the
    body words after this one contain ("the Russian Security Council" holds the
    UN's "Security Council"): a body may absorb it."""
    if index + 1 >= len(chosen):
        return len(text)
    following = chosen[index + 1]
    if following[2].entry.kind in ("organization", "government", "military"):
        return following[1]
    return following[0]


def _not_the_actor(
    text: str, chosen: list[tuple[int, int, Form]], words: ActorWords
) -> list[tuple[int, int, Form]]:
    """Drop names that describe something else: "the UN-backed government" is not
    the UN, "the US-brokered truce" has no US party, and in "NATO ally Poland"
    the party is Poland, NATO only says what it is."""
    kept = []
    for index, (start, end, form) in enumerate(chosen):
        if words.backer.match(text, end):
            continue
        described = words.membership.match(text, end)
        if (
            described
            and form.entry.kind == "organization"
            and index + 1 < len(chosen)
            and chosen[index + 1][0] == described.end()
        ):
            continue
        kept.append((start, end, form))
    return kept
