"""Headlines set in title case, given to the parser in sentence case.

The small English model reads capitalised words as proper names, so "Egypt,
Sudan Kick Off Military Exercises Near Border with Libya" parses as a string of
names with no verb, and its parties come out wrong. Lower-casing the words that
are no names ("Egypt, Sudan kick off military exercises near border with
Libya") lets it find the verb. The text keeps its length, so every token's
offsets, and its text as written, stay those of the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
#: Fewer words of this length say too little about the line's casing.
_MIN_LONG_WORDS, _LONG_WORD = 3, 4
#: Share of the longer words after the first one set with a capital.
_CAPITALISED_SHARE = 0.8


def reads_in_title_case(piece: str) -> bool:
    """A line with no closing stop whose longer words nearly all start with a capital.

    Prose ends with a stop (or a quotation mark); a line of names ("Presidents
    Lula and Boric") has too few long words, and a line in capitals is left as it is.
    """
    line = piece.strip()
    if not line or line[-1] in ".,;:\"'\u201d\u2019)":
        return False
    words: list[str] = [w for w in _WORD.findall(line)[1:] if len(w) >= _LONG_WORD]
    if len(words) < _MIN_LONG_WORDS or sum(w.isupper() for w in words) * 2 > len(words):
        return False
    return sum(w[0].isupper() for w in words) >= _CAPITALISED_SHARE * len(words)


def _capitalised_word(word: str) -> bool:
    """ "Drills", not "NATO", "McDonnell", "F-16s" or "Self-Propelled"."""
    rest = word[1:]
    return word[0].isupper() and rest == rest.lower() and not any(c.isdigit() for c in word)


def sentence_cased(piece: str, names: Sequence[tuple[int, int]] = ()) -> str:
    """`piece` with its title-case words in lower case, when it reads in title case.

    The first word, the spans in `names` (actors the lexicon knows, relative to
    `piece`), acronyms and words with a digit or a capital inside keep their case.
    """
    if not reads_in_title_case(piece):
        return piece
    chars = list(piece)
    for number, match in enumerate(_WORD.finditer(piece)):
        word, start, end = match.group(), match.start(), match.end()
        if number == 0 or not _capitalised_word(word):
            continue
        if any(start < name_end and name_start < end for name_start, name_end in names):
            continue
        lowered = word.lower()
        if len(lowered) == len(word):  # a letter whose lower case is longer stays
            chars[start:end] = lowered
    return "".join(chars)
