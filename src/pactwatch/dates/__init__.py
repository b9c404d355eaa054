"""Find the temporal expressions in a sentence and resolve them against the publication date.

Rules, not dateparser: this runs on every candidate sentence, so it must cost microseconds,
and news English dates events with a small, regular set of forms. Each form is one
`_Rule` in `mentions` (a compiled pattern plus a resolver from `resolution`);
`find_date_mentions` runs the patterns whose keywords occur in the sentence and keeps the
longest non-overlapping matches, and `resolve_date` re-reads a phrase with the first pattern
that matches all of it, so the two can never disagree. Patterns compile on first use.

The package is split by job: `vocabulary` (calendar words and the regex fragments every
pattern is built from), `resolution` (date arithmetic and one resolver per rule),
`mentions` (the rule table, `find_date_mentions` and `resolve_date`) and `published`
(`find_published_date`, `parse_date_string` and `url_published_date`: an article's own
publication date, from its text, its metadata or its address).

Resolution choices worth knowing:

- A month or month-day without a year takes the year that puts it closest to the
  publication date, counting future distance six times (past events dominate news, but
  "the drills conclude on November 17" and "the embargo expires in mid-October" are future).
  So "on December 30" published 2023-01-02 is 2022-12-30 and "in April" published in
  September is that April, but "in April" published in March is the coming April: a month
  up to one month ahead, a day up to ~50 days ahead, is read as future. A day up to two
  days ahead counts as past (time zones). A large `_FUTURE_COST` (in `resolution`) gives
  "most recent on or before" everywhere.
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

from pactwatch.dates.choice import DateCandidate, Scope, choose_event_date
from pactwatch.dates.mentions import DateMention, find_date_mentions, resolve_date
from pactwatch.dates.published import find_published_date, parse_date_string, url_published_date

__all__ = [
    "DateCandidate",
    "DateMention",
    "Scope",
    "choose_event_date",
    "find_date_mentions",
    "find_published_date",
    "parse_date_string",
    "resolve_date",
    "url_published_date",
]
