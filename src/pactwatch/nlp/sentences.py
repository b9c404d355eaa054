"""A fast rule-based sentence splitter used before parsing.

Splitting first lets the pre-filter decide which sentences are worth the cost
of a dependency parse; the parser never sees the rest of the article.
"""

from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "adm",
        "sgt",
        "rep",
        "sen",
        "gov",
        "pres",
        "st",
        "no",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "etc",
        "inc",
        "corp",
        "ltd",
        "co",
        "jr",
        "sr",
        "mt",
        "ft",
        "brig",
        "rear",
        "vice",
        "fig",
        "approx",
        "est",
    ]
)
_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])""")
_PARAGRAPH = re.compile(r"[^\n]+")
# A wire dateline opening a paragraph: "ARUSHA, Tanzania -", "BEIJING, Oct. 14
# (Xinhua) --". The parser takes the city for the subject of the sentence after it,
# so the sentence starts after the dash, unless the paragraph says "here" (the
# dateline's place, which then names where things happen).
_DATELINE = re.compile(r"[A-Z][A-Z.'’ ]{2,30},[^\n\-–—]{1,60}?\s(?:-{1,2}|–|—)\s+(?=\S)")
_HERE = re.compile(r"\bhere\b")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences in `text`.

    Line breaks always end a sentence: scraped pages put headlines, captions
    and paragraphs on lines of their own.
    """
    spans: list[tuple[int, int]] = []
    for paragraph in _PARAGRAPH.finditer(text):
        start = paragraph.start()
        dateline = _DATELINE.match(text, start)
        if (
            dateline
            and dateline.end() < paragraph.end()
            and not _HERE.search(text, dateline.end(), paragraph.end())
        ):
            start = dateline.end()
        for boundary in _BOUNDARY.finditer(paragraph.group()):
            cut = paragraph.start() + boundary.start()
            if cut < start or _is_abbreviation(text[start:cut]):
                continue
            end = paragraph.start() + boundary.end()
            _append(spans, text, start, end)
            start = end
        _append(spans, text, start, paragraph.end())
    return spans


def _is_abbreviation(before: str) -> bool:
    match = _WORD_BEFORE.search(before)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    # "U.S." and single capitals ("John F. Kennedy") are not sentence ends.
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def bounded_spans(text: str, spans: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """The same spans, each longer than `limit` characters cut into pieces no longer.

    A run-on "sentence" (a list without full stops, a table flattened into one
    line) would cost the parser memory and time out of all proportion, and
    spaCy refuses texts over a million characters. A piece ends at the last
    ";", then "," then space in the second half of its window, else at the limit.
    """
    bounded: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > limit:
            cut = _break_before(text, start + limit // 2, start + limit)
            _append(bounded, text, start, cut)
            start = cut
        _append(bounded, text, start, end)
    return bounded


def _break_before(text: str, low: int, high: int) -> int:
    for mark in ("; ", ", ", " "):
        found = text.rfind(mark, low, high)
        if found >= 0:
            return found + len(mark)
    return high
