"""An article's own publication date, read from its header lines or a metadata string.

A different job from dating events in sentences: only absolute dates count, and the story's
own sentences must be ignored, so it has its own patterns and shares only the vocabulary
and the small date helpers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from urllib.parse import urlsplit

from pactwatch.dates.resolution import full_year, month_number, safe_date
from pactwatch.dates.vocabulary import (
    DAY,
    MONTH_ABBREVIATIONS,
    MONTH_ANY,
    MONTHS,
    PREPOSITIONS,
    WEEKDAYS,
    YEAR,
    alternation,
    cased,
)

# --- public: page metadata --------------------------------------------------------------

_WEEKDAY_SPELLINGS = [*WEEKDAYS, "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri"]
_WEEKDAY_SPELLINGS += ["sat", "sun"]
_ANY_WEEKDAY = rf"(?:{cased(_WEEKDAY_SPELLINGS)})\.?(?![\w-])"
_ABSOLUTE_SOURCES: tuple[str, ...] = (
    r"(?<!\d)(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<month>0?[1-9]|1[0-2])(?P=sep)"
    r"(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)",
    rf"(?<![A-Za-z]){MONTH_ANY}\s*{DAY},?\s+{YEAR}",
    rf"(?<!\d){DAY}(?:\s+of)?\s+{MONTH_ANY},?\s+{YEAR}",
    r"(?<![\d/.])(?P<first>\d{1,2})(?P<sep>[/.])(?P<second>\d{1,2})(?P=sep)"
    r"(?P<year>(?:19|20)\d\d|\d\d)(?![\d/.]?\d)",
)
_NOISE_TOKEN = (
    rf"(?:{_ANY_WEEKDAY}|at|on|T?\d{{1,2}}[:.]\d\d(?:[:.]\d\d)?(?:\.\d+)?|[AaPp]\.?[Mm]\.?"
    r"|[A-Z]{1,5}|[+-]\d\d:?\d\d|\(?Updated\)?)(?![A-Za-z0-9])"
)
_SEPARATORS = r"[\s,.;|:/()\[\]+–—-]*"
_LABEL = (
    r"^\W*(?P<label>(?i:first\s+published|date\s+published|publication\s+date|published"
    r"|posted|last\s+updated|last\s+modified|updated|modified|date))(?!\w)(?:\s+(?i:on|at))?"
    r"\s*[:\-–|]?\s*"
)
_DATELINE_PLACE = r"^[A-Z][A-Z.'’ -]{1,40}(?:\s*\[[^\]]{1,30}\])?,\s*"
_DATELINE_TAIL = r"\s*(?:\([^)]{1,40}\)\s*)?(?:-{1,2}|—|–|:|/)"
_UPDATE_LABELS = ("updated", "modified")

#: The header the publication date may be read from: this many non-blank lines and chars.
_HEADER_LINES = 15
_HEADER_CHARS = 1500
#: Longest string parse_date_string reads as one date (with weekday, time and zone).
_MAX_DATE_STRING_CHARS = 100
#: Longest metadata-looking line (bylines may be longer than bare date lines).
_MAX_META_CHARS = 100
_MAX_BYLINE_CHARS = 150
_MAX_META_WORDS = 6


@dataclass(frozen=True, slots=True)
class _MetadataPatterns:
    absolute: tuple[re.Pattern[str], ...]
    noise: re.Pattern[str]
    label: re.Pattern[str]
    leading_weekday: re.Pattern[str]
    dateline_place: re.Pattern[str]
    dateline_tail: re.Pattern[str]
    segment_split: re.Pattern[str]
    sentence_opening: re.Pattern[str]


@cache
def _metadata() -> _MetadataPatterns:
    """Compiled on first use, not at import."""
    return _MetadataPatterns(
        absolute=tuple(re.compile(source) for source in _ABSOLUTE_SOURCES),
        noise=re.compile(rf"{_SEPARATORS}(?:(?:{_NOISE_TOKEN}){_SEPARATORS})*"),
        label=re.compile(_LABEL),
        leading_weekday=re.compile(rf"{_ANY_WEEKDAY},?\s*"),
        dateline_place=re.compile(_DATELINE_PLACE),
        dateline_tail=re.compile(_DATELINE_TAIL),
        segment_split=re.compile(r"\s*[|•·]\s*|\s{3,}"),
        sentence_opening=re.compile(
            rf"(?i:{alternation(PREPOSITIONS.split())}|the|a|an|at|as|when|it|he|she|they)\b"
        ),
    )


def _absolute_date(m: re.Match[str]) -> date | None:
    groups = m.groupdict()
    if groups.get("first"):
        first, second = int(m["first"]), int(m["second"])
        if m["sep"] == "/" and first <= 12 and second <= 12 and first != second:
            return None  # 04/05/2023: April 5 or 4 May, no way to tell
        day, month = (second, first) if m["sep"] == "/" and second > 12 else (first, second)
        return safe_date(full_year(m["year"], 2000), month, day)
    return safe_date(int(m["year"]), month_number(m["month"]), int(m["day"]))


def _search_absolute(
    text: str, pos: int = 0, anchored: bool = False
) -> tuple[date, int, int] | None:
    """The first full day-month-year date in `text` (at `pos` exactly if `anchored`)."""
    best: tuple[date, int, int] | None = None
    for pattern in _metadata().absolute:
        if anchored:
            anchored_match = pattern.match(text, pos)
            matches = [anchored_match] if anchored_match else []
        else:
            matches = list(pattern.finditer(text, pos))
        for m in matches:
            found = _absolute_date(m)
            if found and (best is None or m.start() < best[1]):
                best = (found, m.start(), m.end())
                break
    return best


def parse_date_string(value: str) -> date | None:
    """An absolute date as found in page metadata or bylines.

    Accepts '2022-12-10', '10th December 2022 01:01 PM', 'November 25, 2024', 'Dec. 10, 2022',
    '25 Nov 2024', '2024/11/25', 'Sat, 10 Dec 2022 13:01:00 GMT' and ISO with time; anything
    besides the date may only be weekday, time and time zone. None if it is not one date.
    """
    text = value.strip()
    if len(text) > _MAX_DATE_STRING_CHARS:
        return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    found = _search_absolute(text)
    if found is None:
        return None
    parsed, start, end = found
    leftover = f"{text[:start]} {text[end:]}"
    return parsed if _metadata().noise.fullmatch(leftover) else None


def _leading_absolute(text: str) -> tuple[date, int] | None:
    """A full date at the very start of `text`, after an optional weekday."""
    weekday = _metadata().leading_weekday.match(text)
    found = _search_absolute(text, weekday.end() if weekday else 0, anchored=True)
    return (found[0], found[2]) if found else None


def _dateline_date(segment: str) -> date | None:
    """'WASHINGTON, Dec 9, 2022 (Reuters) -': only a dateline that carries a year counts."""
    patterns = _metadata()
    place = patterns.dateline_place.match(segment)
    rest = segment[place.end() :] if place else segment
    found = _leading_absolute(rest)
    if found and patterns.dateline_tail.match(rest, found[1]):
        return found[0]
    return None


def _short_metadata_date(segment: str) -> date | None:
    """A short line that is mostly a date ('September 28, 2023 GMT'), not a sentence."""
    patterns = _metadata()
    if len(segment) > _MAX_META_CHARS or segment.endswith((".", "!", "?", '"', "”")):
        return None
    if patterns.sentence_opening.match(segment):
        return None
    found = _search_absolute(segment)
    if found is None:
        return None
    parsed, start, end = found
    rest = f"{segment[:start]} {segment[end:]}"
    words = [w for w in rest.split() if not patterns.noise.fullmatch(w)]
    return parsed if len(words) <= _MAX_META_WORDS else None


def _published_candidate(segment: str, in_header: bool) -> tuple[int, date] | None:
    """(rank, date) for one line segment; lower rank wins: Published < byline < Updated."""
    label = _metadata().label.match(segment)
    if label:
        found = _leading_absolute(segment[label.end() :])
        if found is None:
            return None
        rank = 2 if label["label"].lower().endswith(_UPDATE_LABELS) else 0
        return (rank if in_header else rank + 3), found[0]
    if not in_header:
        return None
    parsed = _dateline_date(segment)
    if parsed is None and segment[:3].lower() == "by " and len(segment) <= _MAX_BYLINE_CHARS:
        in_byline = _search_absolute(segment)
        parsed = in_byline[0] if in_byline else None
    if parsed is None:
        parsed = _short_metadata_date(segment)
    return (1, parsed) if parsed else None


def _segments(text: str) -> Iterator[tuple[bool, str]]:
    """(in_header, segment) for every '|'-separated part of every non-blank line."""
    offset = 0
    nonblank = 0
    split = _metadata().segment_split
    for line in text.split("\n"):
        if line.strip():
            in_header = nonblank < _HEADER_LINES and offset < _HEADER_CHARS
            nonblank += 1
            for segment in split.split(line.strip()):
                if segment:
                    yield in_header, segment
        offset += len(line) + 1


def find_published_date(text: str) -> date | None:
    """The publication date stated in an article's own text, if any.

    Read from labelled lines ('Published: ...', ' date 2022-12-10', 'Posted on ...',
    'Updated: ...' as a fallback), bylines ('By bne Tehran bureau November 25, 2024'),
    datelines with a year and short date-only lines in the first ~15 lines / 1,500
    characters; never from the story's own sentences. Labelled lines further down count
    only when the header has nothing.
    """
    best: tuple[int, int, date] | None = None
    for position, (in_header, segment) in enumerate(_segments(text)):
        found = _published_candidate(segment, in_header)
        if found and (best is None or (found[0], position) < best[:2]):
            best = (found[0], position, found[1])
    return best[2] if best else None


# --- public: the page's address ---------------------------------------------------------

_URL_MONTH = rf"(?P<month>(?i:{alternation([*MONTHS, *MONTH_ABBREVIATIONS])}))"
_URL_DAY = r"(?P<day>0?[1-9]|[12]\d|3[01])(?=[/_.?&=-]|$)"
_URL_YEAR = r"(?P<year>(?:19|20)\d\d)"
#: Dates in an address's path or query. A day must end its segment or be followed by a
#: separator: /2016/10/1st-us-warships/ is a year and a month, not October 1.
_URL_SOURCES: tuple[str, ...] = (
    # /2023/07/25/, /2023-05-09/, /2020-03/18/, /2025/4/22/
    rf"(?<![A-Za-z0-9]){_URL_YEAR}[/_-](?P<month>0?[1-9]|1[0-2])[/_-]{_URL_DAY}",
    # people.cn: /2024/1015/
    rf"/{_URL_YEAR}/(?P<month>0[1-9]|1[0-2])(?P<day>0[1-9]|[12]\d|3[01])/",
    # washingtontimes.com /2019/jun/11/, newindianexpress.com /2025/Aug/20/
    rf"/{_URL_YEAR}/{_URL_MONTH}/{_URL_DAY}",
    # nation.com.pk /02-Aug-2023/
    rf"(?<![A-Za-z0-9])(?P<day>0?[1-9]|[12]\d|3[01])-{_URL_MONTH}-{_URL_YEAR}(?!\d)",
    # /20190528/, an id of date and time /202411291300: digits alone in their segment
    rf"(?<![A-Za-z0-9]){_URL_YEAR}(?P<month>0[1-9]|1[0-2])"
    r"(?P<day>0[1-9]|[12]\d|3[01])(?:[0-2]\d[0-5]\d)?(?![A-Za-z0-9])",
)


@cache
def _url_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(source) for source in _URL_SOURCES)


def url_published_date(url: str | None) -> date | None:
    """The publication day an article's address carries (/2023/07/25/, /2024/1015/, ...).

    Read from the path and query only, so a host name's digits never count. Our own
    patterns, not htmldate's: it reads /2016/10/1st-us-warships/ as October 1 and misses
    month names and compact dates. A year and month alone name no day: None.
    """
    if not url:
        return None
    split = urlsplit(url)
    path = f"{split.path}?{split.query}" if split.query else split.path
    for pattern in _url_patterns():
        for m in pattern.finditer(path):
            day = safe_date(int(m["year"]), month_number(m["month"]), int(m["day"]))
            if day is not None:
                return day
    return None
