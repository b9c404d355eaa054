"""The table of date rules, and the two sentence-level calls that share it.

`find_date_mentions` and `resolve_date` read phrases with the same rules, so they can never
disagree about what a phrase is; keeping the table and both calls together keeps that so.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache

from pactwatch.dates.resolution import (
    Resolver,
    resolve_ago,
    resolve_day_word,
    resolve_decade,
    resolve_explicit_day,
    resolve_fiscal_year,
    resolve_month,
    resolve_month_range,
    resolve_month_relative_year,
    resolve_month_year,
    resolve_numeric_day,
    resolve_relative_month,
    resolve_relative_period,
    resolve_relative_season,
    resolve_season,
    resolve_season_year,
    resolve_weekday,
    resolve_weekend,
    resolve_year,
    resolve_year_part,
    unresolvable,
)
from pactwatch.dates.vocabulary import (
    COUNT,
    COUNTS,
    DAY,
    DAY_RANGE,
    FISCAL_YEARS,
    MONTH_ABBREVIATIONS,
    MONTH_ANY,
    MONTH_FULL,
    MONTHS,
    ORDINALS,
    PREP,
    PREP_REQUIRED,
    QUALIFIER,
    RELATIVE,
    SEASON,
    SEASON_START,
    START,
    UNIT,
    VAGUE_COUNT,
    WEEKDAY,
    WEEKDAY_PREFIX,
    WEEKDAYS,
    YEAR,
    YEAR_BARE,
    YEAR_QUALIFIER,
    YEAR_RANGE,
    alternation,
    renamed_group,
)
from pactwatch.models import EventDate


@dataclass(frozen=True, slots=True)
class DateMention:
    """A temporal expression as written, with character offsets into the text searched."""

    start: int
    end: int
    text: str


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
        rf"{START}{PREP}(?P<year>(?:19|20)\d\d)(?P<sep>[-/])(?P<month>0?[1-9]|1[0-2])"
        r"(?P=sep)(?P<day>3[01]|[12]\d|0?[1-9])(?!\d|[/-]\d)",
        resolve_numeric_day,
    ),
    (
        # Only unambiguous numeric forms: 24/02/2022 (day > 12) and 02/24/2022 (US).
        "numeric_dmy",
        rf"{START}{PREP}(?P<day>1[3-9]|2\d|3[01])(?P<sep>[/.])(?P<month>0?[1-9]|1[0-2])"
        r"(?P=sep)(?P<year>(?:19|20)\d\d)(?![\w/-]|[/.]\d)",
        resolve_numeric_day,
    ),
    (
        "numeric_mdy",
        rf"{START}{PREP}(?P<month>0?[1-9]|1[0-2])/(?P<day>1[3-9]|2\d|3[01])/"
        r"(?P<year>(?:19|20)\d\d)(?![\w/-]|[/.]\d)",
        resolve_numeric_day,
    ),
    (
        "month_day",
        rf"{START}{PREP}{WEEKDAY_PREFIX}{MONTH_ANY}\s+{DAY}{DAY_RANGE}(?:,?\s+{YEAR})?",
        resolve_explicit_day,
    ),
    (
        "day_month",
        rf"{START}{PREP}{WEEKDAY_PREFIX}(?:the\s+)?{DAY}{DAY_RANGE}(?:\s+of)?\s+{MONTH_ANY}"
        rf"(?:,?\s+{YEAR})?",
        resolve_explicit_day,
    ),
    (
        # 'between October and December', 'from December 2004 to April 2005', 'March-May'
        "month_range",
        rf"{START}(?:(?P<between>(?i:between))\s+|{PREP}){QUALIFIER}?{MONTH_ANY}"
        rf"(?:,?\s+{YEAR})?\s*(?(between)(?i:and)|(?:-|–|(?i:to|until|till|through)))\s*"
        rf"{QUALIFIER}?{renamed_group(MONTH_ANY, 'month', 'month2')}"
        rf"(?:,?\s+{renamed_group(YEAR, 'year', 'year2')})?",
        resolve_month_range,
    ),
    (
        "month_year",
        rf"{START}{PREP}{QUALIFIER}?{MONTH_ANY},?\s+(?:of\s+)?{YEAR}",
        resolve_month_year,
    ),
    (
        "month_relative_year",
        rf"{START}{PREP}{QUALIFIER}?{MONTH_FULL},?\s+(?:of\s+)?(?P<rel>(?i:this|last|next))"
        r"\s+(?i:year)(?![\w-])",
        resolve_month_relative_year,
    ),
    (
        "relative_month",
        rf"{START}{PREP}{RELATIVE}\s+{MONTH_FULL}",
        resolve_relative_month,
    ),
    (
        # A bare month only after a preposition or qualifier: 'in May', 'late March'.
        "month",
        rf"{START}(?:{PREP_REQUIRED}{QUALIFIER}?|{QUALIFIER}){MONTH_FULL}",
        resolve_month,
    ),
    (
        "year_part",
        rf"{START}{PREP}(?i:the\s+)?(?:(?P<ordinal>(?i:{alternation(ORDINALS)}|last))\s+"
        r"(?P<part>(?i:half|quarter))\s+of\s+"
        rf"|(?P<short_part>[QH])(?P<short_index>[1-4])\s+)(?:{YEAR}|(?P<rel>(?i:this|last|next|the))"
        r"\s+(?i:year))",
        resolve_year_part,
    ),
    (
        # A bare year needs a preposition or qualifier: not '2,000 troops' or 'Kavkaz 2020'.
        "year",
        rf"{START}(?:{PREP_REQUIRED}{YEAR_QUALIFIER}?|{YEAR_QUALIFIER}){YEAR_BARE}{YEAR_RANGE}",
        resolve_year,
    ),
    (
        "season_year",
        rf"{START}{PREP}(?i:(?:early|mid|late)(?:\s+|-))?(?i:the\s+)?{SEASON}(?:\s+of)?\s+"
        rf"{YEAR}(?:[/–-](?:\d\d){{1,2}})?",
        resolve_season_year,
    ),
    ("relative_season", rf"{START}{PREP}{RELATIVE}\s+{SEASON}", resolve_relative_season),
    (
        "season",
        rf"{START}{PREP_REQUIRED}(?i:the\s+)?(?i:(?:early|mid|late)(?:\s+|-))?{SEASON}"
        r"(?!\s+of\b)",
        resolve_season,
    ),
    (
        "day_word",
        # 'Russia Today', ITV's 'This Morning' and "in today's world" are not dates.
        rf"{START}{PREP}(?P<word>(?:(?<![A-Za-z] )(?:Today|Tonight|Yesterday|Tomorrow)"
        r"|today|tonight|yesterday|tomorrow)(?<!in today)(?<!of today)(?<!in Today)"
        r"|[Tt]his\s+(?:morning|afternoon|evening)|[Ll]ast\s+night"
        r"|(?i:the\s+day\s+before\s+yesterday))(?![\w-])"
        r"(?:\s+(?:morning|afternoon|evening|night)(?![\w-]))?",
        resolve_day_word,
    ),
    (
        "weekday",
        rf"{START}{PREP}(?:{RELATIVE}\s+)?(?<!Good )(?<!Black )(?<!Bloody )(?<!Super )"
        rf"(?<!Cyber )(?<!Holy ){WEEKDAY}(?:\s+(?:morning|afternoon|evening|night)(?![\w-]))?"
        r"(?:,?\s+(?P<week>(?i:last|this|next))\s+(?i:week)(?![\w-]))?",
        resolve_weekday,
    ),
    (
        "weekend",
        rf"{START}(?i:(?:over|at|during|on)\s+)?(?:{RELATIVE}|(?i:the))\s+(?i:weekend)(?![\w-])",
        resolve_weekend,
    ),
    (
        "relative_period",
        rf"{START}{PREP}(?:(?P<edge>(?i:earlier|later))\s+)?(?P<rel>(?i:last|this|next))\s+"
        r"(?P<unit>(?i:week|month|year))(?![\w-])",
        resolve_relative_period,
    ),
    (
        "period_edge",
        rf"{START}{PREP}(?i:the\s+)?(?i:beginning|start|middle|end)\s+(?i:of)\s+"
        r"(?P<rel>(?i:the|this|last|next))\s+(?P<unit>(?i:week|month|year))(?![\w-])",
        resolve_relative_period,
    ),
    (
        "ago",
        rf"{START}(?:(?i:some|about|nearly|almost|roughly|around|over|more\s+than|less\s+than"
        rf"|just|only)\s+)?{COUNT}\s+{UNIT}\s+(?i:ago)(?![\w-])",
        resolve_ago,
    ),
    (
        "vague",
        rf"{START}(?i:recently|lately|(?:(?:in|over|during|within|for)\s+(?:the\s+)?|the\s+)"
        r"(?:past|last|recent|coming|next|previous|following)\s+"
        rf"(?:(?:\d{{1,3}}|{VAGUE_COUNT}|{alternation(COUNTS)})\s+)?"
        r"(?:hours?|days?|weeks?|months?|years?|decades?)"
        r"|(?:on\s+)?the\s+(?:same|following|next|previous|preceding)\s+(?:day|morning|evening)"
        r"|the\s+(?:following|previous|preceding)\s+(?:week|month|year)"
        r"|(?:a|one)\s+(?:day|week|month|year)\s+(?:earlier|later))(?![\w-])",
        unresolvable,
    ),
    (
        # 'the 1990s', 'the early 2000s', "the '80s", 'the 1980s and 1990s'
        "decade",
        rf"{START}{PREP}(?i:the)\s+(?P<part>(?i:early|mid|late)(?:\s+|-))?"
        r"(?P<decade>(?:1[89]|20)\d0|['’]\d0)s"
        r"(?:\s+(?i:and|to|through)\s+(?i:the\s+)?(?P<decade2>(?:1[89]|20)\d0|['’]\d0)s)?(?![\w-])",
        resolve_decade,
    ),
    (
        # 'fiscal 2024', 'fiscal year 2023-24', 'FY2024', 'FY24', 'the 2023/24 financial year'
        "fiscal_year",
        rf"{START}{PREP}(?i:the\s+)?(?P<pre>(?i:fiscal|financial)\s+(?i:year\s+)?|FY\s?-?)?"
        rf"{FISCAL_YEARS}(?(pre)|\s+(?i:fiscal|financial)\s+(?i:year))(?![\w-])",
        resolve_fiscal_year,
    ),
    (
        "relative_fiscal_year",
        rf"{START}{PREP}(?i:(?:this|next|last|the\s+(?:current|coming|next|last|previous))"
        r"\s+(?:fiscal|financial)\s+year)(?![\w-])",
        unresolvable,
    ),
)


#: One cheap pass over a sentence's words says which keyword kinds occur, so only the rules
#: that could match run (most sentences name no month, weekday or season).
_TRIGGER_WORDS: dict[str, tuple[str, ...]] = {
    "month": (*MONTHS, *MONTH_ABBREVIATIONS),
    "weekday": tuple(WEEKDAYS),
    "season": tuple(SEASON_START),
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
    "fiscal": ("fiscal", "financial", "fy"),
}  # fmt: skip
_RULE_TRIGGERS: dict[str, str] = {
    "iso": "year", "numeric_dmy": "year", "numeric_mdy": "year", "year": "year",
    "month_day": "month", "day_month": "month", "month_range": "month", "month_year": "month",
    "month_relative_year": "month", "relative_month": "month", "month": "month",
    "year_part": "part", "season_year": "season", "relative_season": "season", "season": "season",
    "day_word": "day_word", "weekday": "weekday", "weekend": "weekend",
    "relative_period": "period", "period_edge": "period", "ago": "ago", "vague": "vague",
    "decade": "decade", "fiscal_year": "fiscal", "relative_fiscal_year": "fiscal",
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
        lower = token.lower()
        kind = words.get(lower)
        if kind:
            kinds.add(kind)
        elif lower.startswith("fy") and lower[2:].isdigit():  # FY2024, FY24
            kinds.add("fiscal")
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
