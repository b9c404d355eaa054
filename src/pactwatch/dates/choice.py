"""Which date mention dates an event, and what the mention says about it.

The events code (events/attributes.py) reads the parse and hands over each date
mention of the event's sentence with where it hangs: on the event's own clause,
on the verb of saying that reports it, or elsewhere in the same clause of the
sentence (mentions inside other clauses are not offered). This module decides:

- **Order of trust**: the event's own clause, then its sentence, then the
  article, whose publication day bounds the event: on or before it.
- **Not the event's date**: a dateline ("BEIJING, Oct. 14 (Xinhua) --" is the
  report's), and history in a comparison ("the most important treaty since
  1902", "the first visit since 2016" date the comparison, not the event).
- **What the preposition says** (`EventDate.relation`):
  - "since 2019", "from March" (not a range), "after 2014": the event began
    then and goes on (`since`; start from the mention, end at publication);
  - "by 2026", "as of May", "until 2030", "through 2030": a deadline (`by`) or
    a span that lasts until then (`until`), from publication to the mention's
    end; an event that is planned, not occurred then. A deadline already past
    at publication only bounds the event (`before`);
  - "before 2020": on or before the day before (`before`);
  - anything else dates the event itself (`on`).
- Vague mentions ("recently", "in recent weeks") keep their text with the
  publication bound; "in the coming years" starts at publication.

A date of the event's own has precision day, month or year and a start; a bound
alone ("before", the article's) has precision "unknown" and no start, so
`EventDate.dated` tells the two apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Literal

from pactwatch.dates.mentions import DateMention, resolve_date
from pactwatch.dates.resolution import a_year_later
from pactwatch.models import DateRelation, EventDate

#: Where a mention hangs, most trusted first.
Scope = Literal["clause", "attribution", "sentence"]
_SCOPE_ORDER: dict[str, int] = {"clause": 0, "attribution": 1, "sentence": 2}

#: Words in the few words before "since X" that make X the date of a comparison.
_COMPARISON_WORDS = frozenset(
    {"first", "last", "only", "most", "least", "best", "worst", "record", "unprecedented",
     "never", "biggest", "largest", "highest", "lowest", "greatest", "strongest"}
)  # fmt: skip
#: Words ending in -est that are no superlatives.
_NOT_SUPERLATIVES = frozenset(
    {"west", "interest", "request", "protest", "arrest", "contest", "invest", "forest",
     "suggest", "honest", "modest", "digest", "manifest", "harvest", "guest", "quest",
     "nest", "rest", "test", "pest", "vest", "chest", "southwest", "northwest", "midwest",
     "inquest", "conquest", "bequest", "unrest", "budapest", "bucharest"}
)  # fmt: skip
#: How many words before "since" a comparison word may stand.
_COMPARISON_WINDOW = 12


@dataclass(frozen=True, slots=True)
class DateCandidate:
    """A date mention of the event's sentence and where it hangs relative to the event."""

    mention: DateMention
    scope: Scope
    #: Closeness to the event's trigger within the scope: lower is closer.
    rank: int = 0


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    return {
        "lead": re.compile(
            r"(?i)^(?:(?:earlier|later|early|late)\s+)?"
            r"(?P<lead>since|from|after|by|until|till|through|before|as\s+of)\b"
        ),
        "range": re.compile(r"(?i)\s(?:to|until|till|through|and)\s|\d\s*[-–/]\s*\d"),
        "dateline_before": re.compile(
            r"^\W*(?:[A-Z][\w.'’ -]{0,40}(?:\s*\[[^\]]{1,30}\])?,\s*){0,3}$"
        ),
        "dateline_after": re.compile(r"^\s*(?:\([^)]{1,40}\))?\s*(?:--|—|–|-|:)"),
        "words": re.compile(r"[A-Za-z]+|[,;:()“”\"]"),
        "future": re.compile(r"(?i)\b(?:coming|next|following)\b"),
        "end_of": re.compile(r"(?i)\bbefore\s+the\s+end\s+of\b"),
        "year": re.compile(r"\b(?:1[89]|20)\d\d\b|\b(?:last|this|next)\s+year\b|\bthe\s+year\b"),
    }


def choose_event_date(
    sentence: str,
    candidates: Sequence[DateCandidate],
    published: date | None,
    *,
    announced: bool = False,
) -> EventDate:
    """The event's date from its sentence's candidates, else the publication bound.

    `announced`: the event is what the reporting verb does (a sanction, a
    condemnation, a meeting or aid announced), so a date on that verb dates
    it; otherwise the report's date only bounds it: on or before then.
    """
    usable = [
        c
        for c in candidates
        if not is_dateline(sentence, c.mention) and not is_comparison(sentence, c.mention)
    ]
    resolved = [(c, resolve_date(c.mention.text, published)) for c in usable]
    # the event's own clause first; within a scope a precise date before a vague one
    resolved.sort(
        key=lambda pair: (_SCOPE_ORDER[pair[0].scope], pair[1].precision == "unknown", pair[0].rank)
    )
    for candidate, found in resolved:
        scope = "sentence" if candidate.scope == "attribution" else candidate.scope
        if candidate.scope == "attribution" and not announced:
            return _bound(found.end or published, scope, found.text)
        return _qualified(found, published, scope)
    return _bound(published, "article")


def _qualified(found: EventDate, published: date | None, scope: str) -> EventDate:
    """Read the mention's preposition: an `on` date, a start, a deadline or a bound."""
    text = found.text or ""
    lead_match = _patterns()["lead"].match(text)
    lead = " ".join(lead_match["lead"].lower().split()) if lead_match else ""
    if lead_match and lead == "from" and _patterns()["range"].search(text[lead_match.end() :]):
        lead = ""  # 'from 24 to 26 November', 'from 2019-20': a range, dated as such
    if found.start is None or found.end is None:
        if found.precision == "unknown" and _patterns()["future"].search(text):
            return replace(found, start=published, end=None, relation="by", scope=scope)
        return _bound(published, scope, found.text)
    if lead in ("since", "from"):
        end = published if published is not None and published >= found.start else None
        return replace(found, end=end, relation="since", scope=scope)
    if lead == "after":
        start = found.end + timedelta(days=1)
        end = published if published is not None and published >= start else None
        return replace(found, start=start, end=end, relation="since", scope=scope)
    if lead == "before" and _patterns()["end_of"].search(text):
        lead = "by"  # 'before the end of the year' is a deadline at its end
    if lead == "before":
        return _bound(found.start - timedelta(days=1), scope, found.text)
    if lead in ("by", "as of", "until", "till", "through"):
        if published is None:  # past or future, the event falls on or before the end
            relation: DateRelation = "by" if lead in ("by", "as of") else "until"
            return EventDate(end=found.end, text=found.text, relation=relation, scope=scope)
        start, end = found.start, found.end
        if end < published and lead != "as of" and not _patterns()["year"].search(text):
            start, end = a_year_later(start), a_year_later(end)  # 'by March' in January
        if end < published:
            return _bound(end, scope, found.text)  # a deadline already past
        if lead in ("by", "as of"):
            return replace(found, start=published, end=end, relation="by", scope=scope)
        start = min(published, start)
        return replace(found, start=start, end=end, relation="until", scope=scope)
    return replace(found, relation="on", scope=scope)


def _bound(end: date | None, scope: str, text: str | None = None) -> EventDate:
    """On or before `end`: a bound, not a date of the event's own (nothing without `end`)."""
    if end is None:
        return EventDate(text=text, scope=scope)
    return EventDate(end=end, text=text, relation="before", scope=scope)


# ---------------------------------------------------------------- not the event's date


def has_lead_word(phrase: str) -> bool:
    """'since 2019', 'from March', 'by Friday': a start, deadline or bound, not a plain date."""
    return _patterns()["lead"].match(phrase) is not None


def is_dateline(sentence: str, mention: DateMention) -> bool:
    """'BEIJING, Oct. 14 (Xinhua) --', 'New Delhi, November 24 (ANI):': the report's date."""
    patterns = _patterns()
    return bool(
        patterns["dateline_before"].match(sentence[: mention.start])
        and patterns["dateline_after"].match(sentence[mention.end :])
    )


def is_comparison(sentence: str, mention: DateMention) -> bool:
    """'the most important treaty since 1902': a superlative or 'first' before 'since X'."""
    if not mention.text.lower().startswith("since"):
        return False
    words = _patterns()["words"].findall(sentence[: mention.start])
    for word in reversed(words[-_COMPARISON_WINDOW:]):
        if not word[0].isalpha():
            return False  # a clause boundary: the comparison would be in another phrase
        lower = word.lower()
        if lower in _COMPARISON_WORDS or (
            lower.endswith("est") and len(lower) >= 5 and lower not in _NOT_SUPERLATIVES
        ):
            return True
    return False
