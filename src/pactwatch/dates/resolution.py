"""Date arithmetic and one resolver per rule: a matched phrase becomes a span of days.

Kept apart from the patterns so the calendar reasoning (which year a yearless month takes,
what "last week" spans) reads on its own; the choices it makes are listed in the package
docstring. `published` reuses its small helpers for absolute dates.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from pactwatch.dates.vocabulary import (
    COUNTS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    ORDINALS,
    SEASON_START,
    WEEKDAYS,
)
from pactwatch.models import Precision

#: How many days ahead of publication a bare "November 24" may fall and still count as past.
_FUTURE_GRACE_DAYS = 2
#: Weight of future distance when choosing the year of a date written without one.
_FUTURE_COST = 6

Resolved = tuple[date, date, Precision]
Resolver = Callable[[re.Match[str], date | None], Resolved | None]


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


def a_year_later(day: date) -> date:
    """The same day a year on; a month's last day stays its month's last (Feb 28 -> 29)."""
    last = calendar.monthrange(day.year, day.month)[1]
    later_last = calendar.monthrange(day.year + 1, day.month)[1]
    return date(day.year + 1, day.month, later_last if day.day == last else day.day)


def safe_date(year: int, month: int, day: int) -> date | None:
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
            candidate = safe_date(year, month, day)
            if candidate is None:
                continue
            gap = (candidate - published).days
            grace = _FUTURE_GRACE_DAYS
        cost = abs(gap) if gap <= grace else gap * _FUTURE_COST
        if best is None or cost < best[0]:
            best = (cost, year)
    return best[1] if best else None


def month_number(token: str) -> int:
    token = token.rstrip(".").lower()
    if token.isdigit():
        return int(token)
    return MONTHS.get(token) or MONTH_ABBREVIATIONS[token]


def full_year(token: str, century_of: int) -> int:
    """'23' -> 2023 and '2023' -> 2023; a two-digit year takes the century of `century_of`."""
    return int(token) if len(token) == 4 else century_of // 100 * 100 + int(token)


# --- resolvers: one per rule, (match, published) -> span or None -------------------------


def resolve_explicit_day(m: re.Match[str], published: date | None) -> Resolved | None:
    month = month_number(m["month"])
    if m["year"]:
        year: int | None = int(m["year"])
    else:
        year = _closest_year(published, month, int(m["day"])) if published else None
    if year is None:
        return None
    first = safe_date(year, month, int(m["day"]))
    last = safe_date(year, month, int(m["day2"])) if m.groupdict().get("day2") else first
    if first is None or last is None or last < first:
        return None
    return first, last, "day"


def resolve_numeric_day(m: re.Match[str], published: date | None) -> Resolved | None:
    found = safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
    return _day(found) if found else None


def resolve_month_year(m: re.Match[str], published: date | None) -> Resolved | None:
    return _month_span(int(m["year"]), month_number(m["month"]))


def resolve_month_range(m: re.Match[str], published: date | None) -> Resolved | None:
    """Whole months from the first to the second; a missing year follows from the other."""
    first_month, last_month = month_number(m["month"]), month_number(m["month2"])
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


def resolve_month_relative_year(m: re.Match[str], published: date | None) -> Resolved | None:
    if published is None:
        return None
    offset = {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return _month_span(published.year + offset, month_number(m["month"]))


def resolve_relative_month(m: re.Match[str], published: date | None) -> Resolved | None:
    """'last April' is strictly before the publication month, 'next April' strictly after."""
    if published is None:
        return None
    month = month_number(m["month"])
    rel = m["rel"].lower()
    year = published.year
    if rel in ("last", "past") and month >= published.month:
        year -= 1
    elif rel == "next" and month <= published.month:
        year += 1
    return _month_span(year, month)


def resolve_month(m: re.Match[str], published: date | None) -> Resolved | None:
    if published is None:
        return None
    month = month_number(m["month"])
    year = _closest_year(published, month)
    return _month_span(year, month) if year else None


def resolve_year(m: re.Match[str], published: date | None) -> Resolved | None:
    first = int(m["year"])
    second = m["year2"] or m["year2_long"]
    last = full_year(second, first) if second else first
    return _year_span(first, last) if last >= first else _year_span(first)


def _part_year(m: re.Match[str], published: date | None) -> int | None:
    if m["year"]:
        return int(m["year"])
    if published is None:
        return None
    return published.year + {"last": -1, "this": 0, "the": 0, "next": 1}[m["rel"].lower()]


def resolve_year_part(m: re.Match[str], published: date | None) -> Resolved | None:
    """Halves and quarters become month spans: 'the first half of 2023' is Jan..Jun 2023."""
    year = _part_year(m, published)
    if year is None:
        return None
    if m["short_part"]:  # 'Q3 2023', 'H1 2024'
        size = 6 if m["short_part"] == "H" else 3
        index = int(m["short_index"])
    else:
        size = 6 if m["part"].lower() == "half" else 3
        index = ORDINALS.get(m["ordinal"].lower(), 12 // size)  # 'last' is the final part
    if index * size > 12:
        return None
    return _month_span(year, (index - 1) * size + 1, size)


def _season_span(year: int, season: str) -> Resolved:
    return _month_span(year, SEASON_START[season.lower()], 3)


def resolve_season_year(m: re.Match[str], published: date | None) -> Resolved | None:
    return _season_span(int(m["year"]), m["season"])


def resolve_relative_season(m: re.Match[str], published: date | None) -> Resolved | None:
    """'last summer' has ended before publication; 'next summer' starts after it."""
    if published is None:
        return None
    first_month = SEASON_START[m["season"].lower()]
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


def resolve_season(m: re.Match[str], published: date | None) -> Resolved | None:
    if published is None:
        return None
    year = _closest_year(published, SEASON_START[m["season"].lower()])
    return _season_span(year, m["season"]) if year else None


_DAY_WORD_OFFSETS: dict[str, int] = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
}  # fmt: skip


def resolve_day_word(m: re.Match[str], published: date | None) -> Resolved | None:
    if published is None:
        return None
    word = " ".join(m["word"].lower().split())
    return _day(published + timedelta(days=_DAY_WORD_OFFSETS[word]))


def resolve_weekday(m: re.Match[str], published: date | None) -> Resolved | None:
    """A bare weekday is the latest such day on or before publication."""
    if published is None:
        return None
    weekday = WEEKDAYS[m["weekday"].lower()]
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


def resolve_weekend(m: re.Match[str], published: date | None) -> Resolved | None:
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


def resolve_relative_period(m: re.Match[str], published: date | None) -> Resolved | None:
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


def resolve_ago(m: re.Match[str], published: date | None) -> Resolved | None:
    count_text = " ".join(m["count"].lower().split())
    count = int(count_text) if count_text.isdigit() else COUNTS.get(count_text)
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


#: Years of a decade's early, mid and late parts: 'the early 1990s' is 1990-1993.
_DECADE_PARTS: dict[str, tuple[int, int]] = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}


def _decade_start(token: str, published: date | None) -> int | None:
    """'1990' -> 1990; "'90" takes the latest century that puts it before publication."""
    digits = token.lstrip("'’")
    if len(digits) == 4:
        return int(digits)
    if published is None:
        return None
    recent = published.year // 100 * 100 + int(digits)
    return recent if recent <= published.year else recent - 100


def resolve_decade(m: re.Match[str], published: date | None) -> Resolved | None:
    """Year spans: 'the 1990s' is 1990-1999, 'the late 1990s' 1997-1999."""
    first = _decade_start(m["decade"], published)
    if first is None:
        return None
    last = first + 9
    if m["decade2"]:
        second = _decade_start(m["decade2"], published)
        if second is None or second < first:
            return None
        last = second + 9
    elif m["part"]:
        low, high = _DECADE_PARTS[m["part"].strip(" -").lower()]
        first, last = first + low, first + high
    return _year_span(first, last)


def resolve_fiscal_year(m: re.Match[str], published: date | None) -> Resolved | None:
    """Every common convention at once, since the text rarely says which one it uses.

    A year named alone ('fiscal 2024', 'FY24') runs April 2023 to March 2025: the US year
    (October to September), India's 'FY24' and Australia's (to June) end in 2024, Japan's
    'fiscal 2024' starts in April 2024. A two-year form ('2023-24') is a year starting
    in April or July 2023: April 2023 to June 2024. Precision "year".
    """
    first = full_year(m["fy"], published.year if published else 2000)
    if m["fy2"]:
        second = full_year(m["fy2"], first)
        if second != first + 1:
            return None
        return date(first, 4, 1), date(second, 6, 30), "year"
    return date(first - 1, 4, 1), date(first + 1, 3, 31), "year"


def unresolvable(m: re.Match[str], published: date | None) -> Resolved | None:
    return None
