"""The article's level of the date order: the news peg of its lead.

A news story usually dates its main happening once, near the top ("Shoigu
arrived in Pyongyang Tuesday ..."), and later sentences about the same
happening carry no date ("the delegation arrived in North Korea, it said").
Such a later event takes the lead's date, scope "article", only when all of
these hold, so a background fact is not given the day's date:

- the lead is the first of the article's first sentences naming two actors
  whose only date near publication is a single day, up to a week before it
  (not a dateline, not a comparison, not the day someone *said* something);
- the lead's date is a plain one ("on Tuesday", not "from Tuesday" or "by
  Tuesday");
- the event's sentence comes at or after the lead, holds no date mention of
  its own and is not a list item, and every party of the event is named in
  the lead;
- the event has occurred or been agreed (a plan's day is not the lead's) and
  is no exercise, which lasts days and is rarely the lead's happening itself
  (a drill "criticised on Tuesday" began earlier).

Anything else keeps the honest bound: on or before the publication day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from pactwatch.dates.choice import has_lead_word, is_comparison, is_dateline
from pactwatch.dates.mentions import DateMention, find_date_mentions, resolve_date
from pactwatch.models import Event, EventDate

#: How many sentences from the top may hold the lead.
_LEAD_SENTENCES = 8
#: How far before publication the lead's day may lie.
_PEG_DAYS = 7
#: Stages whose day a lead can give; types that span days and take none.
_PEGGED_STAGES = frozenset({"occurred", "agreed"})
_SPANNING_TYPES = frozenset({"joint_exercise"})


@dataclass(frozen=True, slots=True)
class LeadDate:
    """The lead sentence's index, the actor codes it names, and its day."""

    sentence: int
    codes: frozenset[str]
    date: EventDate


@cache
def _reported() -> re.Pattern[str]:
    """A date right after a verb of saying dates the saying: 'Putin said on Friday'."""
    return re.compile(
        r"(?i)\b(?:said|says|told|announced|reported|stated|added|confirmed|wrote)\s+(?:\w+\s+)?$"
    )


def find_lead_date(
    text: str,
    spans: Sequence[tuple[int, int]],
    codes_by_sentence: Sequence[Sequence[str]],
    published: date | None,
) -> LeadDate | None:
    """The article's news peg, if its lead has one (see the module docstring)."""
    if published is None:
        return None
    for index, (start, end) in enumerate(spans[:_LEAD_SENTENCES]):
        codes = frozenset(codes_by_sentence[index]) if index < len(codes_by_sentence) else None
        if not codes or len(codes) < 2:
            continue
        sentence = text[start:end]
        days = [
            found
            for mention in find_date_mentions(sentence)
            if _may_peg(sentence, mention)
            for found in (resolve_date(mention.text, published),)
            if found.precision == "day"
            and found.start is not None
            and timedelta(0) <= published - found.start <= timedelta(days=_PEG_DAYS)
        ]
        if len(days) == 1:
            peg = replace(days[0], relation="on", scope="article")
            return LeadDate(index, codes, peg)
    return None


def _may_peg(sentence: str, mention: DateMention) -> bool:
    return not (
        is_dateline(sentence, mention)
        or is_comparison(sentence, mention)
        or has_lead_word(mention.text)
        or _reported().search(sentence[: mention.start])
    )


def date_from_lead(event: Event, sentence_index: int, lead: LeadDate | None) -> Event:
    """`event` dated by the lead when it has no date of its own and is about the lead's parties."""
    if lead is None or event.date.scope != "article" or sentence_index < lead.sentence:
        return event
    if event.stage not in _PEGGED_STAGES or event.type in _SPANNING_TYPES:
        return event
    sentence = event.evidence.sentence
    if sentence.lstrip()[:1] in ("-", "•", "*") or find_date_mentions(sentence):
        return event
    parties = {actor.country for actor in event.actors}
    if not parties or not parties <= lead.codes:
        return event
    return replace(event, date=lead.date)
