"""Finding actor mentions in text: longest whole-word matches of lexicon forms."""

from __future__ import annotations

from dataclasses import dataclass

from pactwatch.actors.lexicon import ActorLexicon, EntryKind, Form


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
        return self.form.form == "adjective"


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _whole_word(text: str, start: int, end: int) -> bool:
    """True when [start, end) is not part of a longer word.

    Hyphens count as boundaries so "Iran-Iraq", "Russian-based" and
    "Iranian-made" yield their actors; an apostrophe-s after a name is a
    possessive, not a longer word.
    """
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not _is_word_char(before) and not _is_word_char(after)


def find_mentions(text: str, lexicon: ActorLexicon, offset: int = 0) -> list[Mention]:
    """All non-overlapping mentions in `text`, longest first, in text order.

    Offsets are shifted by `offset` so a sentence's mentions point into the
    article text.
    """
    candidates = [
        (start, end, form)
        for start, end, form in lexicon.iter_matches(text)
        if _whole_word(text, start, end)
    ]
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    mentions: list[Mention] = []
    taken_until = -1
    for start, end, form in candidates:
        if start < taken_until:
            continue
        mentions.append(Mention(start + offset, end + offset, text[start:end], form))
        taken_until = end
    return mentions
