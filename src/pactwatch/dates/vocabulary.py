"""The English calendar words and regex fragments that dates are written with.

Kept in one place because three jobs read them: the sentence rules (`mentions`) and the
page-metadata patterns (`published`) are built from the same fragments, and the resolvers
(`resolution`) turn the same words back into numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

# --- English calendar words -------------------------------------------------------------

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
MONTHS: dict[str, int] = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS: dict[str, int] = {name: number for number, name in enumerate(_WEEKDAY_NAMES)}
#: First month of each season; every season lasts three months.
SEASON_START: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
COUNTS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip


# --- pattern fragments ------------------------------------------------------------------


def cased(words: Iterable[str]) -> str:
    """Title-case and upper-case spellings only: lower-case 'may'/'march' are not months."""
    spellings = {w.capitalize() for w in words} | {w.upper() for w in words}
    return "|".join(sorted(spellings, key=len, reverse=True))


def renamed_group(fragment: str, group: str, new_name: str) -> str:
    """The same fragment with its named group renamed, to use it twice in one pattern."""
    return fragment.replace(f"(?P<{group}>", f"(?P<{new_name}>")


def alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


START = r"(?<![\w'’$£€+/-])(?<!\d[,.])"
MONTH_FULL = rf"(?P<month>{cased(MONTHS)})(?![\w’'-])"
MONTH_ANY = rf"(?P<month>(?:{cased(MONTHS)})|(?:{cased(MONTH_ABBREVIATIONS)})\.?)(?![\w-])"
WEEKDAY = rf"(?P<weekday>{cased(WEEKDAYS)})(?![\w-])"
WEEKDAY_PREFIX = rf"(?:(?:{cased(WEEKDAYS)}),?\s+)?"
DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w])"
DAY_RANGE = r"(?:\s*(?:-|–|to)\s*(?P<day2>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w]))?"
YEAR = r"(?P<year>1[89]\d\d|20\d\d)(?![\w-]|[,.]\d)"
YEAR_BARE = r"(?P<year>1[89]\d\d|20\d\d)(?!\d)"
#: '2019-20' (two digits only when attached), '2019 - 2021', '2019 to 2021', '2019 and 2021'.
YEAR_RANGE = (
    r"(?:[-–/](?P<year2>(?:1[89]|20)?\d\d)(?!\d)"
    r"|(?:\s*[-–]\s*|\s+(?:to|and|until)\s+)(?P<year2_long>(?:1[89]|20)\d\d)(?!\d))?"
    r"(?![\w-]|[,.]\d|['’]s)"
    # 'by 1830 GMT' is a clock time
    r"(?!\s*(?:GMT|UTC|BST|CET|EST|EDT|PST|hrs\b|hours\b|[AaPp]\.?[Mm]\b))"
)
PREPOSITIONS = "on in since by during until till through from before after around between"
_LEAD = r"(?:(?:earlier|later|early|late)\s+)?"
PREP = rf"(?:(?i:{_LEAD}(?:{alternation(PREPOSITIONS.split())}|as\s+of))\s+)?"
PREP_REQUIRED = rf"(?i:{_LEAD}(?:{alternation(PREPOSITIONS.split())}|as\s+of))\s+"
QUALIFIER = (
    r"(?i:(?:early|mid|late)(?:\s+|-)|(?:the\s+)?(?:beginning|start|middle|end|"
    r"first\s+(?:week|days)|last\s+(?:week|days))\s+of\s+)"
)
YEAR_QUALIFIER = (
    r"(?i:(?:early|mid|late)(?:\s+|-)|(?:the\s+)?(?:beginning|start|middle|end)\s+of\s+)"
)
SEASON = r"(?P<season>(?i:spring|summer|autumn|fall|winter))(?![\w-])"
RELATIVE = r"(?P<rel>(?i:last|this|next|past))"
VAGUE_COUNT = r"a\s+few|few|several|a\s+couple\s+of|a\s+couple|couple\s+of"
COUNT = rf"(?P<count>\d{{1,3}}|(?i:{alternation(COUNTS)}|{VAGUE_COUNT}))"
UNIT = r"(?P<unit>(?i:days?|weeks?|months?|years?|decades?))"
#: A fiscal year as written after 'fiscal' or 'FY': 2024, 24, 2023-24, 2023/2024, 23-24.
FISCAL_YEARS = r"(?P<fy>(?:19|20)?\d\d)(?:[-/–](?P<fy2>(?:19|20)?\d\d))?(?!\d)"
