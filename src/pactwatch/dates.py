"""Find the temporal expressions in a sentence and resolve them against the publication date.

Rules, not dateparser: this runs on every candidate sentence, so it must cost microseconds,
and news English dates events with a small, regular set of forms. Each form is one
`_Rule` (a compiled pattern plus a resolver); `find_date_mentions` runs the patterns whose
keywords occur in the sentence and keeps the longest non-overlapping matches, and
`resolve_date` re-reads a phrase with the first pattern that matches all of it, so the two
can never disagree. Patterns compile on first use.

Resolution choices worth knowing:

- A month or month-day without a year takes the year that puts it closest to the
  publication date, counting future distance six times (past events dominate news, but
  "the drills conclude on November 17" and "the embargo expires in mid-October" are future).
  So "on December 30" published 2023-01-02 is 2022-12-30 and "in April" published in
  September is that April, but "in April" published in March is the coming April: a month
  up to one month ahead, a day up to ~50 days ahead, is read as future. A day up to two
  days ahead counts as past (time zones). A large `_FUTURE_COST` gives "most recent on or
  before" everywhere.
- A bare weekday ("on Friday") is the most recent such day on or before publication;
  "last Friday" is strictly before, "this/next Friday" on/strictly after.
- Weeks ("last week", "three weeks ago") are Monday..Sunday spans with precision "day";
  "earlier this week/month/year" is clipped to end on the publication date.
- Seasons are northern-hemisphere three-month spans with precision "month"; "winter 2022"
  is December 2022 to February 2023.
- Halves and quarters ("the first half of 2023") are month spans with precision "month".
- Windows and vague references ("recently", "in the coming days", "within the next year",
  "the following day", "the 1990s") are kept as mentions with precision "unknown", so a
  caller knows the event is not simply on the publication date.
- Without a publication date every relative form is "unknown" with its text kept.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from pactwatch.models import EventDate, Precision

__all__ = [
    "DateMention",
    "find_date_mentions",
    "find_published_date",
    "parse_date_string",
    "resolve_date",
]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A temporal expression as written, with character offsets into the text searched."""

    start: int
    end: int
    text: str


# --- English calendar words -------------------------------------------------------------

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTHS: dict[str, int] = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS: dict[str, int] = {name: number for number, name in enumerate(_WEEKDAY_NAMES)}
#: First month of each season; every season lasts three months.
_SEASON_START: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_COUNTS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip

#: How many days ahead of publication a bare "November 24" may fall and still count as past.
_FUTURE_GRACE_DAYS = 2
#: Weight of future distance when choosing the year of a date written without one.
_FUTURE_COST = 6

Resolved = tuple[date, date, Precision]
Resolver = Callable[[re.Match[str], date | None], Resolved | None]


# --- pattern fragments ------------------------------------------------------------------


def _cased(words: Iterable[str]) -> str:
    """Title-case and upper-case spellings only: lower-case 'may'/'march' are not months."""
    spellings = {w.capitalize() for w in words} | {w.upper() for w in words}
    return "|".join(sorted(spellings, key=len, reverse=True))


def _renamed(fragment: str, group: str, new_name: str) -> str:
    """The same fragment with its named group renamed, to use it twice in one pattern."""
    return fragment.replace(f"(?P<{group}>", f"(?P<{new_name}>")


def _words(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_START = r"(?<![\w'’$£€+/-])(?<!\d[,.])"
_MONTH_FULL = rf"(?P<month>{_cased(_MONTHS)})(?![\w’'-])"
_MONTH_ANY = rf"(?P<month>(?:{_cased(_MONTHS)})|(?:{_cased(_MONTH_ABBREVIATIONS)})\.?)(?![\w-])"
_WEEKDAY = rf"(?P<weekday>{_cased(_WEEKDAYS)})(?![\w-])"
_WEEKDAY_PREFIX = rf"(?:(?:{_cased(_WEEKDAYS)}),?\s+)?"
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w])"
_DAY_RANGE = r"(?:\s*(?:-|–|to)\s*(?P<day2>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w]))?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)(?![\w-]|[,.]\d)"
_YEAR_BARE = r"(?P<year>1[89]\d\d|20\d\d)(?!\d)"
#: '2019-20' (two digits only when attached), '2019 - 2021', '2019 to 2021', '2019 and 2021'.
_YEAR_RANGE = (
    r"(?:[-–/](?P<year2>(?:1[89]|20)?\d\d)(?!\d)"
    r"|(?:\s*[-–]\s*|\s+(?:to|and|until)\s+)(?P<year2_long>(?:1[89]|20)\d\d)(?!\d))?"
    r"(?![\w-]|[,.]\d|['’]s)"
    # 'by 1830 GMT' is a clock time
    r"(?!\s*(?:GMT|UTC|BST|CET|EST|EDT|PST|hrs\b|hours\b|[AaPp]\.?[Mm]\b))"
)
_PREPOSITIONS = "on in since by during until till through from before after around between"
_LEAD = r"(?:(?:earlier|later|early|late)\s+)?"
_PREP = rf"(?:(?i:{_LEAD}(?:{_words(_PREPOSITIONS.split())}|as\s+of))\s+)?"
_PREP_REQUIRED = rf"(?i:{_LEAD}(?:{_words(_PREPOSITIONS.split())}|as\s+of))\s+"
_QUALIFIER = (
    r"(?i:(?:early|mid|late)(?:\s+|-)|(?:the\s+)?(?:beginning|start|middle|end|"
    r"first\s+(?:week|days)|last\s+(?:week|days))\s+of\s+)"
)
_YEAR_QUALIFIER = (
    r"(?i:(?:early|mid|late)(?:\s+|-)|(?:the\s+)?(?:beginning|start|middle|end)\s+of\s+)"
)
_SEASON = r"(?P<season>(?i:spring|summer|autumn|fall|winter))(?![\w-])"
_RELATIVE = r"(?P<rel>(?i:last|this|next|past))"
_VAGUE_COUNT = r"a\s+few|few|several|a\s+couple\s+of|a\s+couple|couple\s+of"
_COUNT = rf"(?P<count>\d{{1,3}}|(?i:{_words(_COUNTS)}|{_VAGUE_COUNT}))"
_UNIT = r"(?P<unit>(?i:days?|weeks?|months?|years?|decades?))"


# --- date arithmetic --------------------------------------------------------------------


def _day(day: date) -> Resolved:
    return day, day, "day"


def _month_span(year: int, month: int, count: int = 1) -> Resolved:
    """`count` whole months from year-month: the span of a month, season, quarter or half."""
    last_year, last_month = divmod(year * 12 + month - 1 + count - 1, 12)
    last_day = calendar.monthrange(last_year, last_month + 1)[1]
    return date(year, month, 1), date(last_year, last_month + 1, last_day), "month"


def _year_span(first: int, last: int | None = None) -> Resolved:
    return date(first, 1, 1), date(last or first, 12, 31), "year"


def _week_span(day: date) -> Resolved:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6), "day"


def _shift_month(day: date, months: int) -> tuple[int, int]:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return year, month + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _closest_year(published: date, month: int, day: int | None = None) -> int | None:
    """The year that puts a yearless month (or month-day) nearest the publication date.

    Future distance counts `_FUTURE_COST` times, so the past wins unless the future date is
    clearly nearer; ties go to the earlier year.
    """
    best: tuple[int, int] | None = None
    for year in (published.year - 1, published.year, published.year + 1):
        if day is None:
            gap = (year - published.year) * 12 + month - published.month
            grace = 0
        else:
            candidate = _safe_date(year, month, day)
            if candidate is None:
                continue
            gap = (candidate - published).days
            grace = _FUTURE_GRACE_DAYS
        cost = abs(gap) if gap <= grace else gap * _FUTURE_COST
        if best is None or cost < best[0]:
            best = (cost, year)
    return best[1] if best else None


def _month_number(token: str) -> int:
    token = token.rstrip(".").lower()
    if token.isdigit():
        return int(token)
    return _MONTHS.get(token) or _MONTH_ABBREVIATIONS[token]


def _full_year(token: str, century_of: int) -> int:
    """'23' -> 2023 and '2023' -> 2023; a two-digit year takes the century of `century_of`."""
    return int(token) if len(token) == 4 else century_of // 100 * 100 + int(token)


# --- resolvers: one per rule, (match, published) -> span or None -------------------------


def _resolve_explicit_day(m: re.Match[str], published: date | None) -> Resolved | None:
    month = _month_number(m["month"])
    if m["year"]:
        year: int | None = int(m["year"])
    else:
        year = _closest_year(published, month, int(m["day"])) if published else None
    if year is None:
        return None
    first = _safe_date(year, month, int(m["day"]))
    last = _safe_date(year, month, int(m["day2"])) if m.groupdict().get("day2") else first
    if first is None or last is None or last < first:
        return None
    return first, last, "day"


def _resolve_numeric_day(m: re.Match[str], published: date | None) -> Resolved | None:
    found = _safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
    return _day(found) if found else None


def _resolve_month_year(m: re.Match[str], published: date | None) -> Resolved | None:
    return _month_span(int(m["year"]), _month_number(m["month"]))


def _resolve_month_range(m: re.Match[str], published: date | None) -> Resolved | None:
    """Whole months from the first to the second; a missing year follows from the other."""
    first_month, last_month = _month_number(m["month"]), _month_number(m["month2"])
    wraps = first_month > last_month  # 'December to February'
    if m["year2"]:
        last_year = int(m["year2"])
        first_year = int(m["year"]) if m["year"] else last_year - wraps
    elif m["year"]:
        first_year = int(m["year"])
        last_year = first_year + wraps
    elif published is not None:
        last_year = _closest_year(published, last_month) or published.year
        first_year = last_year - wraps
    else:
        return None
    start, _, _ = _month_span(first_year, first_month)
    _, end, _ = _month_span(last_year, last_month)
    return (start, end, "month") if start <= end else None


def _resolve_month_relative_year(m: re.Match[str], published: date | None) -> Resolved | None:
    if published is None:
        return None
    offset = {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return _month_span(published.year + offset, _month_number(m["month"]))


def _resolve_relative_month(m: re.Match[str], published: date | None) -> Resolved | None:
    """'last April' is strictly before the publication month, 'next April' strictly after."""
    if published is None:
        return None
    month = _month_number(m["month"])
    rel = m["rel"].lower()
    year = published.year
    if rel in ("last", "past") and month >= published.month:
        year -= 1
    elif rel == "next" and month <= published.month:
        year += 1
    return _month_span(year, month)


def _resolve_month(m: re.Match[str], published: date | None) -> Resolved | None:
    if published is None:
        return None
    month = _month_number(m["month"])
    year = _closest_year(published, month)
    return _month_span(year, month) if year else None


def _resolve_year(m: re.Match[str], published: date | None) -> Resolved | None:
    first = int(m["year"])
    second = m["year2"] or m["year2_long"]
    last = _full_year(second, first) if second else first
    return _year_span(first, last) if last >= first else _year_span(first)


def _part_year(m: re.Match[str], published: date | None) -> int | None:
    if m["year"]:
        return int(m["year"])
    if published is None:
        return None
    return published.year + {"last": -1, "this": 0, "the": 0, "next": 1}[m["rel"].lower()]


def _resolve_year_part(m: re.Match[str], published: date | None) -> Resolved | None:
    """Halves and quarters become month spans: 'the first half of 2023' is Jan..Jun 2023."""
    year = _part_year(m, published)
    if year is None:
        return None
    if m["short_part"]:  # 'Q3 2023', 'H1 2024'
        size = 6 if m["short_part"] == "H" else 3
        index = int(m["short_index"])
    else:
        size = 6 if m["part"].lower() == "half" else 3
        index = _ORDINALS.get(m["ordinal"].lower(), 12 // size)  # 'last' is the final part
    if index * size > 12:
        return None
    return _month_span(year, (index - 1) * size + 1, size)


def _season_span(year: int, season: str) -> Resolved:
    return _month_span(year, _SEASON_START[season.lower()], 3)


def _resolve_season_year(m: re.Match[str], published: date | None) -> Resolved | None:
    return _season_span(int(m["year"]), m["season"])


def _resolve_relative_season(m: re.Match[str], published: date | None) -> Resolved | None:
    """'last summer' has ended before publication; 'next summer' starts after it."""
    if published is None:
        return None
    first_month = _SEASON_START[m["season"].lower()]
    now = published.year * 12 + published.month - 1
    rel = m["rel"].lower()
    if rel == "this":  # the one of the publication year; in Jan/Feb, the winter under way
        in_last_winter = first_month == 12 and published.month <= 2
        return _season_span(published.year - in_last_winter, m["season"])
    for year in range(published.year - 2, published.year + 2):
        start = year * 12 + first_month - 1
        ended = start + 2 < now <= start + 14
        upcoming = now < start <= now + 12
        if (rel in ("last", "past") and ended) or (rel == "next" and upcoming):
            return _season_span(year, m["season"])
    return None


def _resolve_season(m: re.Match[str], published: date | None) -> Resolved | None:
    if published is None:
        return None
    year = _closest_year(published, _SEASON_START[m["season"].lower()])
    return _season_span(year, m["season"]) if year else None


_DAY_WORD_OFFSETS: dict[str, int] = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
}  # fmt: skip


def _resolve_day_word(m: re.Match[str], published: date | None) -> Resolved | None:
    if published is None:
        return None
    word = " ".join(m["word"].lower().split())
    return _day(published + timedelta(days=_DAY_WORD_OFFSETS[word]))


def _resolve_weekday(m: re.Match[str], published: date | None) -> Resolved | None:
    """A bare weekday is the latest such day on or before publication."""
    if published is None:
        return None
    weekday = _WEEKDAYS[m["weekday"].lower()]
    if m["week"]:
        monday = _week_span(published)[0]
        shift = {"last": -7, "this": 0, "next": 7}[m["week"].lower()]
        return _day(monday + timedelta(days=shift + weekday))
    rel = (m["rel"] or "").lower()
    back = (published.weekday() - weekday) % 7
    if rel in ("last", "past"):
        return _day(published - timedelta(days=back or 7))
    if rel in ("this", "next"):
        ahead = (weekday - published.weekday()) % 7
        return _day(published + timedelta(days=ahead or (7 if rel == "next" else 0)))
    return _day(published - timedelta(days=back))


def _resolve_weekend(m: re.Match[str], published: date | None) -> Resolved | None:
    if published is None:
        return None
    rel = (m["rel"] or "").lower()
    days_since_saturday = (published.weekday() - 5) % 7
    saturday = published - timedelta(days=days_since_saturday)
    if rel in ("this", "next") and published.weekday() < 5:
        saturday += timedelta(days=7)
    if rel == "next" and published.weekday() >= 5:
        saturday += timedelta(days=7)
    if rel in ("last", "past") and published.weekday() >= 5:
        saturday -= timedelta(days=7)
    return saturday, saturday + timedelta(days=1), "day"


def _period_span(unit: str, offset: int, published: date) -> Resolved:
    if unit == "week":
        return _week_span(published + timedelta(days=7 * offset))
    if unit == "month":
        return _month_span(*_shift_month(published, offset))
    return _year_span(published.year + offset)


def _resolve_relative_period(m: re.Match[str], published: date | None) -> Resolved | None:
    """'last month', 'this week', 'earlier this year' (clipped to end at publication)."""
    if published is None:
        return None
    offset = {"last": -1, "this": 0, "the": 0, "next": 1}[m["rel"].lower()]
    start, end, precision = _period_span(m["unit"].lower(), offset, published)
    edge = (m.groupdict().get("edge") or "").lower()
    if edge == "earlier" and offset == 0:
        end = min(end, published)
    elif edge == "later" and offset == 0:
        start = max(start, published)
    return start, end, precision


def _resolve_ago(m: re.Match[str], published: date | None) -> Resolved | None:
    count_text = " ".join(m["count"].lower().split())
    count = int(count_text) if count_text.isdigit() else _COUNTS.get(count_text)
    unit = m["unit"].lower().rstrip("s")
    if published is None or count is None or unit == "decade":
        return None
    if unit == "day":
        return _day(published - timedelta(days=count))
    if unit == "week":
        return _week_span(published - timedelta(weeks=count))
    if unit == "month":
        return _month_span(*_shift_month(published, -count))
    return _year_span(published.year - count)


def _unresolvable(m: re.Match[str], published: date | None) -> Resolved | None:
    return None


# --- the rules --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    #: The keyword kind (a `_TRIGGER_WORDS` key) a sentence must contain for the rule to run.
    trigger: str


_RULE_SOURCES: tuple[tuple[str, str, Resolver], ...] = (
    (
        "iso",
        rf"{_START}{_PREP}(?P<year>(?:19|20)\d\d)(?P<sep>[-/])(?P<month>0?[1-9]|1[0-2])"
        r"(?P=sep)(?P<day>3[01]|[12]\d|0?[1-9])(?!\d|[/-]\d)",
        _resolve_numeric_day,
    ),
    (
        # Only unambiguous numeric forms: 24/02/2022 (day > 12) and 02/24/2022 (US).
        "numeric_dmy",
        rf"{_START}{_PREP}(?P<day>1[3-9]|2\d|3[01])(?P<sep>[/.])(?P<month>0?[1-9]|1[0-2])"
        r"(?P=sep)(?P<year>(?:19|20)\d\d)(?![\w/-]|[/.]\d)",
        _resolve_numeric_day,
    ),
    (
        "numeric_mdy",
        rf"{_START}{_PREP}(?P<month>0?[1-9]|1[0-2])/(?P<day>1[3-9]|2\d|3[01])/"
        r"(?P<year>(?:19|20)\d\d)(?![\w/-]|[/.]\d)",
        _resolve_numeric_day,
    ),
    (
        "month_day",
        rf"{_START}{_PREP}{_WEEKDAY_PREFIX}{_MONTH_ANY}\s+{_DAY}{_DAY_RANGE}(?:,?\s+{_YEAR})?",
        _resolve_explicit_day,
    ),
    (
        "day_month",
        rf"{_START}{_PREP}{_WEEKDAY_PREFIX}(?:the\s+)?{_DAY}{_DAY_RANGE}(?:\s+of)?\s+{_MONTH_ANY}"
        rf"(?:,?\s+{_YEAR})?",
        _resolve_explicit_day,
    ),
    (
        # 'between October and December', 'from December 2004 to April 2005', 'March-May'
        "month_range",
        rf"{_START}(?:(?P<between>(?i:between))\s+|{_PREP}){_QUALIFIER}?{_MONTH_ANY}"
        rf"(?:,?\s+{_YEAR})?\s*(?(between)(?i:and)|(?:-|–|(?i:to|until|till|through)))\s*"
        rf"{_QUALIFIER}?{_renamed(_MONTH_ANY, 'month', 'month2')}"
        rf"(?:,?\s+{_renamed(_YEAR, 'year', 'year2')})?",
        _resolve_month_range,
    ),
    (
        "month_year",
        rf"{_START}{_PREP}{_QUALIFIER}?{_MONTH_ANY},?\s+(?:of\s+)?{_YEAR}",
        _resolve_month_year,
    ),
    (
        "month_relative_year",
        rf"{_START}{_PREP}{_QUALIFIER}?{_MONTH_FULL},?\s+(?:of\s+)?(?P<rel>(?i:this|last|next))"
        r"\s+(?i:year)(?![\w-])",
        _resolve_month_relative_year,
    ),
    (
        "relative_month",
        rf"{_START}{_PREP}{_RELATIVE}\s+{_MONTH_FULL}",
        _resolve_relative_month,
    ),
    (
        # A bare month only after a preposition or qualifier: 'in May', 'late March'.
        "month",
        rf"{_START}(?:{_PREP_REQUIRED}{_QUALIFIER}?|{_QUALIFIER}){_MONTH_FULL}",
        _resolve_month,
    ),
    (
        "year_part",
        rf"{_START}{_PREP}(?i:the\s+)?(?:(?P<ordinal>(?i:{_words(_ORDINALS)}|last))\s+"
        r"(?P<part>(?i:half|quarter))\s+of\s+"
        rf"|(?P<short_part>[QH])(?P<short_index>[1-4])\s+)(?:{_YEAR}|(?P<rel>(?i:this|last|next|the))"
        r"\s+(?i:year))",
        _resolve_year_part,
    ),
    (
        # A bare year needs a preposition or qualifier: not '2,000 troops' or 'Kavkaz 2020'.
        "year",
        rf"{_START}(?:{_PREP_REQUIRED}{_YEAR_QUALIFIER}?|{_YEAR_QUALIFIER}){_YEAR_BARE}{_YEAR_RANGE}",
        _resolve_year,
    ),
    (
        "season_year",
        rf"{_START}{_PREP}(?i:(?:early|mid|late)(?:\s+|-))?(?i:the\s+)?{_SEASON}(?:\s+of)?\s+"
        rf"{_YEAR}(?:[/–-](?:\d\d){{1,2}})?",
        _resolve_season_year,
    ),
    ("relative_season", rf"{_START}{_PREP}{_RELATIVE}\s+{_SEASON}", _resolve_relative_season),
    (
        "season",
        rf"{_START}{_PREP_REQUIRED}(?i:the\s+)?(?i:(?:early|mid|late)(?:\s+|-))?{_SEASON}"
        r"(?!\s+of\b)",
        _resolve_season,
    ),
    (
        "day_word",
        # 'Russia Today', ITV's 'This Morning' and "in today's world" are not dates.
        rf"{_START}{_PREP}(?P<word>(?:(?<![A-Za-z] )(?:Today|Tonight|Yesterday|Tomorrow)"
        r"|today|tonight|yesterday|tomorrow)(?<!in today)(?<!of today)(?<!in Today)"
        r"|[Tt]his\s+(?:morning|afternoon|evening)|[Ll]ast\s+night"
        r"|(?i:the\s+day\s+before\s+yesterday))(?![\w-])"
        r"(?:\s+(?:morning|afternoon|evening|night)(?![\w-]))?",
        _resolve_day_word,
    ),
    (
        "weekday",
        rf"{_START}{_PREP}(?:{_RELATIVE}\s+)?(?<!Good )(?<!Black )(?<!Bloody )(?<!Super )"
        rf"(?<!Cyber )(?<!Holy ){_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night)(?![\w-]))?"
        r"(?:,?\s+(?P<week>(?i:last|this|next))\s+(?i:week)(?![\w-]))?",
        _resolve_weekday,
    ),
    (
        "weekend",
        rf"{_START}(?i:(?:over|at|during|on)\s+)?(?:{_RELATIVE}|(?i:the))\s+(?i:weekend)(?![\w-])",
        _resolve_weekend,
    ),
    (
        "relative_period",
        rf"{_START}{_PREP}(?:(?P<edge>(?i:earlier|later))\s+)?(?P<rel>(?i:last|this|next))\s+"
        r"(?P<unit>(?i:week|month|year))(?![\w-])",
        _resolve_relative_period,
    ),
    (
        "period_edge",
        rf"{_START}{_PREP}(?i:the\s+)?(?i:beginning|start|middle|end)\s+(?i:of)\s+"
        r"(?P<rel>(?i:the|this|last|next))\s+(?P<unit>(?i:week|month|year))(?![\w-])",
        _resolve_relative_period,
    ),
    (
        "ago",
        rf"{_START}(?:(?i:some|about|nearly|almost|roughly|around|over|more\s+than|less\s+than"
        rf"|just|only)\s+)?{_COUNT}\s+{_UNIT}\s+(?i:ago)(?![\w-])",
        _resolve_ago,
    ),
    (
        "vague",
        rf"{_START}(?i:recently|lately|(?:(?:in|over|during|within|for)\s+(?:the\s+)?|the\s+)"
        r"(?:past|last|recent|coming|next|previous|following)\s+"
        rf"(?:(?:\d{{1,3}}|{_VAGUE_COUNT}|{_words(_COUNTS)})\s+)?"
        r"(?:hours?|days?|weeks?|months?|years?|decades?)"
        r"|(?:on\s+)?the\s+(?:same|following|next|previous|preceding)\s+(?:day|morning|evening)"
        r"|the\s+(?:following|previous|preceding)\s+(?:week|month|year)"
        r"|(?:a|one)\s+(?:day|week|month|year)\s+(?:earlier|later))(?![\w-])",
        _unresolvable,
    ),
    (
        "decade",
        rf"{_START}{_PREP}(?i:the)\s+(?i:(?:early|mid|late)(?:\s+|-))?"
        r"(?:(?:1[89]|20)\d0|['’]\d0)s(?![\w-])",
        _unresolvable,
    ),
)


#: One cheap pass over a sentence's words says which keyword kinds occur, so only the rules
#: that could match run (most sentences name no month, weekday or season).
_TRIGGER_WORDS: dict[str, tuple[str, ...]] = {
    "month": (*_MONTHS, *_MONTH_ABBREVIATIONS),
    "weekday": tuple(_WEEKDAYS),
    "season": tuple(_SEASON_START),
    "day_word": (
        "today", "tonight", "yesterday", "tomorrow", "morning", "afternoon", "evening", "night",
    ),
    "weekend": ("weekend",),
    "period": ("week", "month", "year"),
    "ago": ("ago",),
    "vague": (
        "recently", "lately", "recent", "past", "last", "coming", "next", "previous",
        "following", "same", "preceding", "earlier", "later",
    ),
    "part": ("half", "quarter", "q1", "q2", "q3", "q4", "h1", "h2"),
}  # fmt: skip
_RULE_TRIGGERS: dict[str, str] = {
    "iso": "year", "numeric_dmy": "year", "numeric_mdy": "year", "year": "year",
    "month_day": "month", "day_month": "month", "month_range": "month", "month_year": "month",
    "month_relative_year": "month", "relative_month": "month", "month": "month",
    "year_part": "part", "season_year": "season", "relative_season": "season", "season": "season",
    "day_word": "day_word", "weekday": "weekday", "weekend": "weekend",
    "relative_period": "period", "period_edge": "period", "ago": "ago", "vague": "vague",
    "decade": "decade",
}  # fmt: skip


@cache
def _rules() -> tuple[_Rule, ...]:
    """Compiled on first use, not at import."""
    return tuple(
        _Rule(name, re.compile(source), resolve, _RULE_TRIGGERS[name])
        for name, source, resolve in _RULE_SOURCES
    )


@cache
def _trigger_index() -> tuple[re.Pattern[str], dict[str, str]]:
    words = {word: kind for kind, group in _TRIGGER_WORDS.items() for word in group}
    return re.compile(r"\w+"), words


def _trigger_kinds(text: str) -> set[str]:
    """The keyword kinds in `text`; years and decades ('1990s', "'90s") are told by shape."""
    word_pattern, words = _trigger_index()
    kinds: set[str] = set()
    for token in word_pattern.findall(text):
        kind = words.get(token.lower())
        if kind:
            kinds.add(kind)
        elif token[0].isdigit():
            if len(token) == 4 and token.isdigit() and 1800 <= int(token) <= 2099:
                kinds.add("year")
            elif token.endswith("0s") and token[:-1].isdigit():
                kinds.add("decade")
    return kinds


# --- public: sentences ------------------------------------------------------------------


def find_date_mentions(text: str) -> list[DateMention]:
    """All temporal expressions in a sentence that can date an event.

    In text order and non-overlapping; where candidates overlap the longest wins, so
    "on Monday, November 24" is one mention, not two.
    """
    kinds = _trigger_kinds(text)
    spans = [
        m.span() for rule in _rules() if rule.trigger in kinds for m in rule.pattern.finditer(text)
    ]
    chosen: list[tuple[int, int]] = []  # kept sorted, so only neighbours can overlap
    for start, end in sorted(spans, key=lambda span: (span[0] - span[1], span[0])):
        i = bisect_right(chosen, (start, end))
        if (i == 0 or chosen[i - 1][1] <= start) and (i == len(chosen) or chosen[i][0] >= end):
            chosen.insert(i, (start, end))
    return [DateMention(start, end, text[start:end]) for start, end in chosen]


def resolve_date(phrase: str, published: date | None) -> EventDate:
    """Resolve one phrase (as returned by find_date_mentions) against the publication date.

    Anything that cannot be placed on the calendar comes back with precision "unknown" and
    its text kept, so the caller still knows the sentence carried a date.
    """
    text = phrase.strip()
    for candidate in dict.fromkeys((text, text.rstrip(".,;:!?"))):
        for rule in _rules():
            match = rule.pattern.fullmatch(candidate)
            if match:
                resolved = rule.resolve(match, published)
                if resolved is None:
                    return EventDate(text=text)
                start, end, precision = resolved
                return EventDate(start=start, end=end, precision=precision, text=text)
    return EventDate(text=text)


# --- public: page metadata --------------------------------------------------------------

_WEEKDAY_SPELLINGS = [*_WEEKDAYS, "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri"]
_WEEKDAY_SPELLINGS += ["sat", "sun"]
_ANY_WEEKDAY = rf"(?:{_cased(_WEEKDAY_SPELLINGS)})\.?(?![\w-])"
_ABSOLUTE_SOURCES: tuple[str, ...] = (
    r"(?<!\d)(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<month>0?[1-9]|1[0-2])(?P=sep)"
    r"(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)",
    rf"(?<![A-Za-z]){_MONTH_ANY}\s*{_DAY},?\s+{_YEAR}",
    rf"(?<!\d){_DAY}(?:\s+of)?\s+{_MONTH_ANY},?\s+{_YEAR}",
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
            rf"(?i:{_words(_PREPOSITIONS.split())}|the|a|an|at|as|when|it|he|she|they)\b"
        ),
    )


def _absolute_date(m: re.Match[str]) -> date | None:
    groups = m.groupdict()
    if groups.get("first"):
        first, second = int(m["first"]), int(m["second"])
        if m["sep"] == "/" and first <= 12 and second <= 12 and first != second:
            return None  # 04/05/2023: April 5 or 4 May, no way to tell
        day, month = (second, first) if m["sep"] == "/" and second > 12 else (first, second)
        return _safe_date(_full_year(m["year"], 2000), month, day)
    return _safe_date(int(m["year"]), _month_number(m["month"]), int(m["day"]))


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
