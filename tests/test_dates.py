"""Date mentions in sentences, their resolution, and publication dates in page text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pactwatch.dates import (
    find_date_mentions,
    find_published_date,
    parse_date_string,
    resolve_date,
    url_published_date,
)
from pactwatch.models import EventDate
from pactwatch.pipeline import prepare_article
from pactwatch.sources import RawDocument

SEEDS = Path(__file__).parents[2] / "shared" / "seeds"

SAT_2022_12_10 = date(2022, 12, 10)
MON_2024_11_25 = date(2024, 11, 25)

#: (text as found, resolved start, resolved end, precision)
Expected = tuple[str, str | None, str | None, str]

MENTION_CASES: list[tuple[str, date | None, list[Expected]]] = [
    # --- weekdays: the latest such day on or before publication
    (
        "The United States on Friday expressed alarm",
        SAT_2022_12_10,
        [("on Friday", "2022-12-09", "2022-12-09", "day")],
    ),
    (
        "Officials met Saturday in Doha",
        SAT_2022_12_10,
        [("Saturday", "2022-12-10", "2022-12-10", "day")],
    ),
    (
        "welcomed by IRGC commanders earlier on Sunday.",
        MON_2024_11_25,
        [("earlier on Sunday", "2024-11-24", "2024-11-24", "day")],
    ),
    (
        "The envoy arrived last Tuesday",
        date(2022, 12, 13),
        [("last Tuesday", "2022-12-06", "2022-12-06", "day")],
    ),
    (
        "The talks resume next Monday",
        SAT_2022_12_10,
        [("next Monday", "2022-12-12", "2022-12-12", "day")],
    ),
    (
        "He spoke on Wednesday morning",
        MON_2024_11_25,
        [("on Wednesday morning", "2024-11-20", "2024-11-20", "day")],
    ),
    (
        "They met on Tuesday last week",
        MON_2024_11_25,
        [("on Tuesday last week", "2024-11-19", "2024-11-19", "day")],
    ),
    ("Friday's meeting", SAT_2022_12_10, [("Friday", "2022-12-09", "2022-12-09", "day")]),
    ("the Good Friday Agreement", SAT_2022_12_10, []),
    ("Markets close on Fridays", SAT_2022_12_10, []),
    # --- day words
    ("Putin said today that", SAT_2022_12_10, [("today", "2022-12-10", "2022-12-10", "day")]),
    (
        "Moscow announced yesterday",
        SAT_2022_12_10,
        [("yesterday", "2022-12-09", "2022-12-09", "day")],
    ),
    (
        "The vote is expected tonight",
        SAT_2022_12_10,
        [("tonight", "2022-12-10", "2022-12-10", "day")],
    ),
    (
        "Officials confirmed this morning",
        SAT_2022_12_10,
        [("this morning", "2022-12-10", "2022-12-10", "day")],
    ),
    (
        "Drones struck Kyiv last night",
        SAT_2022_12_10,
        [("last night", "2022-12-09", "2022-12-09", "day")],
    ),
    ("Russia Today reported the launch", SAT_2022_12_10, []),
    # --- month and day without a year
    (
        "Dana reported on November 24.",
        MON_2024_11_25,
        [("on November 24", "2024-11-24", "2024-11-24", "day")],
    ),
    (
        "The deal was signed on 24 November",
        MON_2024_11_25,
        [("on 24 November", "2024-11-24", "2024-11-24", "day")],
    ),
    (
        "Deliveries began around Nov. 24",
        MON_2024_11_25,
        [("around Nov. 24", "2024-11-24", "2024-11-24", "day")],
    ),
    (
        "The ministry announced Dec 19 that",
        date(2024, 12, 20),
        [("Dec 19", "2024-12-19", "2024-12-19", "day")],
    ),
    (
        "On December 30, the ministry said",
        date(2023, 1, 2),
        [("On December 30", "2022-12-30", "2022-12-30", "day")],
    ),
    (
        "The drills will conclude on November 17",
        date(2024, 11, 13),
        [("on November 17", "2024-11-17", "2024-11-17", "day")],
    ),
    (
        "The ship docked on February 29",
        date(2024, 3, 5),
        [("on February 29", "2024-02-29", "2024-02-29", "day")],
    ),
    (
        "On Thursday, October 21st, the United States tested",
        date(2021, 10, 25),
        [("On Thursday, October 21st", "2021-10-21", "2021-10-21", "day")],
    ),
    (
        "Talks were held on June 14-17 in Minsk",
        date(2023, 6, 20),
        [("on June 14-17", "2023-06-14", "2023-06-17", "day")],
    ),
    (
        "Russia held its parade today (May 9)",
        date(2023, 5, 9),
        [
            ("today", "2023-05-09", "2023-05-09", "day"),
            ("May 9", "2023-05-09", "2023-05-09", "day"),
        ],
    ),
    # --- full dates
    (
        "the operation that started on February 24, 2022. In the",
        SAT_2022_12_10,
        [("on February 24, 2022", "2022-02-24", "2022-02-24", "day")],
    ),
    (
        "Troops crossed on 24 February 2022",
        None,
        [("on 24 February 2022", "2022-02-24", "2022-02-24", "day")],
    ),
    (
        "Thursday Sept. 28, 2023.",
        None,
        [("Thursday Sept. 28, 2023", "2023-09-28", "2023-09-28", "day")],
    ),
    (
        "on the 10th of December 2022",
        None,
        [("on the 10th of December 2022", "2022-12-10", "2022-12-10", "day")],
    ),
    (
        "The drills ran from 24 to 26 November 2024",
        None,
        [("from 24 to 26 November 2024", "2024-11-24", "2024-11-26", "day")],
    ),
    (
        "The invasion on 2022-02-24 was",
        None,
        [("on 2022-02-24", "2022-02-24", "2022-02-24", "day")],
    ),
    ("a letter dated 24/02/2022", None, [("24/02/2022", "2022-02-24", "2022-02-24", "day")]),
    ("signed on 02/24/2022", None, [("on 02/24/2022", "2022-02-24", "2022-02-24", "day")]),
    ("a letter dated 05/06/2022", None, []),
    # --- months: the nearest such month, the future counting three times
    (
        "In April, Iran delivered drones",
        date(2023, 9, 10),
        [("In April", "2023-04-01", "2023-04-30", "month")],
    ),
    (
        "Iran delivered drones in April",
        date(2023, 4, 20),
        [("in April", "2023-04-01", "2023-04-30", "month")],
    ),
    (
        "Iran delivered drones in December",
        date(2023, 1, 5),
        [("in December", "2022-12-01", "2022-12-31", "month")],
    ),
    (
        "The embargo will expire in mid-October",
        date(2020, 9, 20),
        [("in mid-October", "2020-10-01", "2020-10-31", "month")],
    ),
    (
        "Fighting resumed in early March",
        date(2023, 6, 1),
        [("in early March", "2023-03-01", "2023-03-31", "month")],
    ),
    (
        "The talks collapsed late March",
        date(2023, 6, 1),
        [("late March", "2023-03-01", "2023-03-31", "month")],
    ),
    (
        "Exports rose since May",
        date(2023, 6, 1),
        [("since May", "2023-05-01", "2023-05-31", "month")],
    ),
    (
        "The start of June saw Chilean officers tour the base",
        date(2024, 6, 20),
        [("The start of June", "2024-06-01", "2024-06-30", "month")],
    ),
    (
        "The pact was signed last April",
        date(2023, 4, 15),
        [("last April", "2022-04-01", "2022-04-30", "month")],
    ),
    (
        "In February of last year, Kyiv asked",
        MON_2024_11_25,
        [("In February of last year", "2023-02-01", "2023-02-28", "month")],
    ),
    (
        "signed in June last year",
        MON_2024_11_25,
        [("in June last year", "2023-06-01", "2023-06-30", "month")],
    ),
    ("Tehran may receive the jets", SAT_2022_12_10, []),
    ("They staged a march on Washington", SAT_2022_12_10, []),
    ("Under May's government", SAT_2022_12_10, []),
    # --- month and year
    (
        "In July 2017, Iran and Iraq signed an agreement",
        SAT_2022_12_10,
        [("In July 2017", "2017-07-01", "2017-07-31", "month")],
    ),
    (
        "Then, in August 2020, a large Iranian military delegation came",
        None,
        [("in August 2020", "2020-08-01", "2020-08-31", "month")],
    ),
    (
        "The April 2023 summit",
        None,
        [("April 2023", "2023-04-01", "2023-04-30", "month")],
    ),
    (
        "agreed in mid-October 2023",
        None,
        [("in mid-October 2023", "2023-10-01", "2023-10-31", "month")],
    ),
    (
        "agreed in March of 2023",
        None,
        [("in March of 2023", "2023-03-01", "2023-03-31", "month")],
    ),
    (
        "delivered in February 2024",
        None,
        [("in February 2024", "2024-02-01", "2024-02-29", "month")],
    ),
    # --- years: only with a preposition or qualifier
    ("The deal was signed in 2019", None, [("in 2019", "2019-01-01", "2019-12-31", "year")]),
    ("ties have grown since 2022", None, [("since 2022", "2022-01-01", "2022-12-31", "year")]),
    ("to be completed by 2030", None, [("by 2030", "2030-01-01", "2030-12-31", "year")]),
    ("Russia's Kavkaz 2020 military exercises", SAT_2022_12_10, []),
    (
        "the exercise Kavkaz 2020 held in 2020",
        SAT_2022_12_10,
        [("in 2020", "2020-01-01", "2020-12-31", "year")],
    ),
    ("The 2017 deal", SAT_2022_12_10, []),
    ("a total of 2000 troops", SAT_2022_12_10, []),
    (
        "purchases between 2017 and 2021",
        None,
        [("between 2017 and 2021", "2017-01-01", "2021-12-31", "year")],
    ),
    ("the budget from 2019-20", None, [("from 2019-20", "2019-01-01", "2020-12-31", "year")]),
    ("delivered in late 2018", None, [("in late 2018", "2018-01-01", "2018-12-31", "year")]),
    (
        "Ukraine will receive 24 systems by 2026 - 12 medium-range",
        None,
        [("by 2026", "2026-01-01", "2026-12-31", "year")],
    ),
    (
        "deliveries in the first half of 2023",
        None,
        [("in the first half of 2023", "2023-01-01", "2023-06-30", "month")],
    ),
    (
        "orders in the last quarter of this year",
        SAT_2022_12_10,
        [("in the last quarter of this year", "2022-10-01", "2022-12-31", "month")],
    ),
    (
        "deployed by the end of the year",
        SAT_2022_12_10,
        [("by the end of the year", "2022-01-01", "2022-12-31", "year")],
    ),
    (
        "ties since the 1990s",
        SAT_2022_12_10,
        [("since the 1990s", "1990-01-01", "1999-12-31", "year")],
    ),
    # --- seasons: three-month spans, precision month
    (
        "talks have gone on since the summer of 2019.",
        None,
        [("since the summer of 2019", "2019-06-01", "2019-08-31", "month")],
    ),
    ("planned for summer 2019", None, [("summer 2019", "2019-06-01", "2019-08-31", "month")]),
    (
        "Jets will fly this summer",
        date(2024, 7, 10),
        [("this summer", "2024-06-01", "2024-08-31", "month")],
    ),
    (
        "The offensive of last spring",
        date(2024, 7, 10),
        [("last spring", "2024-03-01", "2024-05-31", "month")],
    ),
    (
        "The offensive of last summer",
        date(2024, 7, 10),
        [("last summer", "2023-06-01", "2023-08-31", "month")],
    ),
    (
        "gas shortages in winter 2022",
        None,
        [("in winter 2022", "2022-12-01", "2023-02-28", "month")],
    ),
    (
        "more deliveries next winter",
        SAT_2022_12_10,
        [("next winter", "2023-12-01", "2024-02-29", "month")],
    ),
    (
        "drills held in the autumn",
        date(2023, 11, 5),
        [("in the autumn", "2023-09-01", "2023-11-30", "month")],
    ),
    ("since the fall of the Soviet Union", SAT_2022_12_10, []),
    # --- relative periods
    (
        "Last month, Tehran admitted it had sent drones",
        SAT_2022_12_10,
        [("Last month", "2022-11-01", "2022-11-30", "month")],
    ),
    ("sent last month", date(2023, 1, 10), [("last month", "2022-12-01", "2022-12-31", "month")]),
    ("sent last month", date(2024, 3, 10), [("last month", "2024-02-01", "2024-02-29", "month")]),
    (
        "signed earlier this month",
        SAT_2022_12_10,
        [("earlier this month", "2022-12-01", "2022-12-10", "month")],
    ),
    ("due next month", SAT_2022_12_10, [("next month", "2023-01-01", "2023-01-31", "month")]),
    ("sold last year", SAT_2022_12_10, [("last year", "2021-01-01", "2021-12-31", "year")]),
    (
        "agreed earlier this year",
        SAT_2022_12_10,
        [("earlier this year", "2022-01-01", "2022-12-10", "year")],
    ),
    ("due next year", SAT_2022_12_10, [("next year", "2023-01-01", "2023-12-31", "year")]),
    ("talks this week", SAT_2022_12_10, [("this week", "2022-12-05", "2022-12-11", "day")]),
    ("talks last week", MON_2024_11_25, [("last week", "2024-11-18", "2024-11-24", "day")]),
    ("talks next week", MON_2024_11_25, [("next week", "2024-12-02", "2024-12-08", "day")]),
    ("seized two days ago", SAT_2022_12_10, [("two days ago", "2022-12-08", "2022-12-08", "day")]),
    (
        "seized three weeks ago",
        SAT_2022_12_10,
        [("three weeks ago", "2022-11-14", "2022-11-20", "day")],
    ),
    ("seized a year ago", SAT_2022_12_10, [("a year ago", "2021-01-01", "2021-12-31", "year")]),
    (
        "seized over the weekend",
        MON_2024_11_25,
        [("over the weekend", "2024-11-23", "2024-11-24", "day")],
    ),
    ("seized a few days ago", SAT_2022_12_10, [("a few days ago", None, None, "unknown")]),
    ("Ned Price recently declared", SAT_2022_12_10, [("recently", None, None, "unknown")]),
    (
        "more sanctions in the coming days",
        SAT_2022_12_10,
        [("in the coming days", None, None, "unknown")],
    ),
    (
        "delivery within the next year",
        SAT_2022_12_10,
        [("within the next year", None, None, "unknown")],
    ),
    ("clashes in recent weeks", SAT_2022_12_10, [("in recent weeks", None, None, "unknown")]),
    ("On the same day, Iran said", SAT_2022_12_10, [("On the same day", None, None, "unknown")]),
    # --- month ranges
    (
        "the economy grew between October and December",
        date(2005, 3, 15),
        [("between October and December", "2004-10-01", "2004-12-31", "month")],
    ),
    (
        "deliveries from December 2004 to April 2005",
        None,
        [("from December 2004 to April 2005", "2004-12-01", "2005-04-30", "month")],
    ),
    (
        "drills from June to August 2019",
        None,
        [("from June to August 2019", "2019-06-01", "2019-08-31", "month")],
    ),
    # --- look-alikes from real news text
    ("told ITV1's This Morning the show", SAT_2022_12_10, []),
    ("a lack of imagination in today's film-makers", SAT_2022_12_10, []),
    ("Today's vote", SAT_2022_12_10, [("Today", "2022-12-10", "2022-12-10", "day")]),
    ("the record held by 1995's Lion King", SAT_2022_12_10, []),
    ("the talks do not even last four days", SAT_2022_12_10, []),
    ("shares fell 6.87% by 1830 GMT", SAT_2022_12_10, []),
    (
        "He was injured on Saturday night",
        SAT_2022_12_10,
        [("on Saturday night", "2022-12-10", "2022-12-10", "day")],
    ),
    ("in the last four days", SAT_2022_12_10, [("in the last four days", None, None, "unknown")]),
    # --- several mentions in one sentence, longest first
    (
        "Moscow said on Monday, November 24 that drills begun last week end in December",
        MON_2024_11_25,
        [
            ("on Monday, November 24", "2024-11-24", "2024-11-24", "day"),
            ("last week", "2024-11-18", "2024-11-24", "day"),
            ("in December", "2024-12-01", "2024-12-31", "month"),
        ],
    ),
    # --- no publication date: relative forms stay unknown, absolute ones resolve
    ("The United States on Friday expressed alarm", None, [("on Friday", None, None, "unknown")]),
    ("Last month, Tehran admitted", None, [("Last month", None, None, "unknown")]),
    ("Iran delivered drones in April", None, [("in April", None, None, "unknown")]),
    ("Dana reported on November 24.", None, [("on November 24", None, None, "unknown")]),
    ("Moscow announced yesterday", None, [("yesterday", None, None, "unknown")]),
    ("Jets will fly this summer", None, [("this summer", None, None, "unknown")]),
    # --- not dates
    ("Iran may supply Su-35 jets, S-400 systems and F-16 parts", SAT_2022_12_10, []),
    ("155mm shells and the 2+2 dialogue", SAT_2022_12_10, []),
    ("$275 million for 80,000 troops under Article 5", SAT_2022_12_10, []),
    ("Call +1 202-555-0147 for details", SAT_2022_12_10, []),
]


def _mentions_with_offsets(sentence: str) -> list[tuple[str, int, int]]:
    return [(m.text, m.start, m.end) for m in find_date_mentions(sentence)]


def _expected_offsets(sentence: str, expected: list[Expected]) -> list[tuple[str, int, int]]:
    """Where each expected phrase sits in the sentence, searching left to right."""
    found, cursor = [], 0
    for text, *_ in expected:
        start = sentence.index(text, cursor)
        found.append((text, start, start + len(text)))
        cursor = start + len(text)
    return found


@pytest.mark.parametrize(("sentence", "published", "expected"), MENTION_CASES)
def test_find_and_resolve(sentence: str, published: date | None, expected: list[Expected]) -> None:
    assert _mentions_with_offsets(sentence) == _expected_offsets(sentence, expected)
    resolved = [resolve_date(m.text, published) for m in find_date_mentions(sentence)]
    assert [
        (
            r.text,
            r.start.isoformat() if r.start else None,
            r.end.isoformat() if r.end else None,
            r.precision,
        )
        for r in resolved
    ] == expected


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        (
            "on Friday.",
            SAT_2022_12_10,
            EventDate(date(2022, 12, 9), date(2022, 12, 9), "day", "on Friday."),
        ),
        (
            "  in July 2017 ",
            None,
            EventDate(date(2017, 7, 1), date(2017, 7, 31), "month", "in July 2017"),
        ),
        ("sometime soon", SAT_2022_12_10, EventDate(text="sometime soon")),
        (
            "on February 29",
            date(2023, 3, 1),
            EventDate(date(2024, 2, 29), date(2024, 2, 29), "day", "on February 29"),
        ),
    ],
)
def test_resolve_date_edges(phrase: str, published: date | None, expected: EventDate) -> None:
    assert resolve_date(phrase, published) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-12-10", date(2022, 12, 10)),
        ("10th December 2022 01:01 PM", date(2022, 12, 10)),
        ("November 25, 2024", date(2024, 11, 25)),
        ("Dec. 10, 2022", date(2022, 12, 10)),
        ("25 Nov 2024", date(2024, 11, 25)),
        ("2024/11/25", date(2024, 11, 25)),
        ("Sat, 10 Dec 2022 13:01:00 GMT", date(2022, 12, 10)),
        ("2022-12-10T13:01:00Z", date(2022, 12, 10)),
        ("2022-12-10T13:01:00+03:00", date(2022, 12, 10)),
        ("Mar 9, 2021 11:05:12 AM IST (Updated)", date(2021, 3, 9)),
        ("Wednesday, 24 November 2021 08:01 AM", date(2021, 11, 24)),
        ("04/30/23 6:37 PM ET", date(2023, 4, 30)),
        ("30.04.2023", date(2023, 4, 30)),
        ("05/04/2023", None),
        ("2023-12", None),
        ("February 30, 2022", None),
        ("By AFP August 28, 2022", None),
        ("hello", None),
        ("", None),
    ],
)
def test_parse_date_string(value: str, expected: date | None) -> None:
    assert parse_date_string(value) == expected


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        ("002_1afe1fed452732b0.txt", date(2022, 12, 10)),
        ("003_6755ffb47d761d3b.txt", date(2024, 11, 25)),
        # Their only dates are inside story sentences or citations.
        ("000_56354eb25690a70c.txt", None),
        ("001_d208d6b12a5320c0.txt", None),
    ],
)
def test_find_published_date_in_seeds(seed: str, expected: date | None) -> None:
    path = SEEDS / seed
    assert find_published_date(path.read_text(encoding="utf-8")) == expected


_LONG_BODY = "\n".join(f"Paragraph {i} of the story." for i in range(20))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Title\n\nPublished: 10th December 2022 01:01 PM  |   Last Updated: 11th December 2022"
            " 01:01 PM\n\nBody text.",
            date(2022, 12, 10),
        ),
        ("Last Updated: 11 Dec 2022\nPublished: 10 Dec 2022\nBody.", date(2022, 12, 10)),
        ("Updated: Sat, 10 Dec 2022 13:01:00 GMT\nBritain said on Friday.", date(2022, 12, 10)),
        ("Posted on March 3, 2021 by admin\nBody.", date(2021, 3, 3)),
        (" date 2022-12-10 Home World\n\nHeadline", date(2022, 12, 10)),
        (
            "Headline\nBy Jane Doe\nNovember 25, 2024\n\nIran and Azerbaijan held drills.",
            date(2024, 11, 25),
        ),
        ("Headline\nby Wire Staff - 03/28/21 9:14 AM ET\nBody.", date(2021, 3, 28)),
        (
            "Xinhua) 08:40, October 15, 2024\n\nBEIJING, Oct. 14 (Xinhua) -- Talks.",
            date(2024, 10, 15),
        ),
        ("LONDON, Dec. 9, 2022 (Reuters) - Britain said on Friday it would", date(2022, 12, 9)),
        ("WASHINGTON, Dec 9 (Reuters) - The United States said on Friday", None),
        (" date 2021-07 The council on Monday passed a new law.", None),
        (
            "Headline\n\nIn July 2017, Iran and Iraq signed an agreement.\n"
            "On February 24, 2022, Russia invaded Ukraine.\n",
            None,
        ),
        (
            "Farmers gather at a rally in Lima, Peru, on March 3, 2019. Fresh tariffs from"
            " Chile will hurt the region badly.",
            None,
        ),
        (f"Headline\n{_LONG_BODY}\nJanuary 5, 2020\n", None),
        (f"Headline\n{_LONG_BODY}\nPublished: January 5, 2020\n", date(2020, 1, 5)),
    ],
)
def test_find_published_date_in_headers(text: str, expected: date | None) -> None:
    assert find_published_date(text) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example.com/2023/07/25/minister-arrives/", date(2023, 7, 25)),
        ("https://example.com/world/2024-05-09/parade/index.html", date(2024, 5, 9)),
        ("http://example.cn/view/2020-03/18/content_1.htm", date(2020, 3, 18)),
        ("https://example.ph/2025/4/22/drills-criticised", date(2025, 4, 22)),
        ("http://example.cn/n3/2024/1015/c90000-2022.html", date(2024, 10, 15)),
        ("https://example.com/news/2019/jun/11/troops-heading/", date(2019, 6, 11)),
        ("https://example.in/nation/2025/Aug/20/test-fires", date(2025, 8, 20)),
        ("https://example.pk/02-Aug-2023/ceremony-today", date(2023, 8, 2)),
        ("https://example.news/en/security/20190528/minister-arrives", date(2019, 5, 28)),
        ("https://example.es/en/politics/chad-ends-pact/202411291300", date(2024, 11, 29)),
        ("https://example.org/story?date=2021-01-02", date(2021, 1, 2)),
        # a year and a month name no day; an ordinal slug is not a day
        ("https://example.org/2024/01/nato-begins-exercise/", None),
        ("https://example.com/2016/10/1st-warships-visit/", None),
        # ids that merely hold digits, impossible dates, a host's digits
        ("https://example.kr/view/AEN20230607003600325", None),
        ("https://example.com/2023/02/30/story", None),
        ("https://2023-01-05.example.com/news", None),
        ("https://example.com/news/amp/40235513", None),
        ("", None),
        (None, None),
    ],
)
def test_url_published_date(url: str | None, expected: date | None) -> None:
    assert url_published_date(url) == expected


_HEADED = "Published: 3 May 2021\n\nGhana and Togo held joint patrols on Friday."
_PAGE = (
    '<html><head><meta property="article:published_time" content="2021-05-01T08:00:00Z">'
    "<title>Patrols</title></head><body><article><p>Ghana and Togo held joint patrols on "
    "Friday along their shared border, officials in Accra said.</p></article></body></html>"
)
_URL = "https://example.org/2021/05/02/patrols/"


@pytest.mark.parametrize(
    ("doc", "given", "expected"),
    [
        (RawDocument("a", _HEADED, False, "a", published="2021-05-04", url=_URL), None, "json"),
        (
            RawDocument("a", _HEADED, False, "a", published="2021-05-04", sidecar="i.jsonl:3"),
            None,
            "sidecar",
        ),
        (
            RawDocument("a", _HEADED, False, "a", published="2021-05-04"),
            date(2021, 5, 9),
            "argument",
        ),
        (RawDocument("a", _PAGE, True, "a", url="https://example.org/patrols"), None, "html"),
        (RawDocument("a", _HEADED, False, "a", url=_URL), None, "url"),
        (RawDocument("a", _HEADED, False, "a"), None, "text"),
        (RawDocument("a", "Ghana and Togo held joint patrols.", False, "a"), None, "unknown"),
    ],
    ids=["json", "sidecar", "argument", "html", "url", "text", "unknown"],
)
def test_the_publication_date_comes_from_the_most_trusted_source(
    doc: RawDocument, given: date | None, expected: str
) -> None:
    """argument > JSON or sidecar field > HTML metadata > the address > the text."""
    article, _ = prepare_article(doc, given)
    dates = {
        "argument": date(2021, 5, 9),
        "json": date(2021, 5, 4),
        "sidecar": date(2021, 5, 4),
        "html": date(2021, 5, 1),
        "url": date(2021, 5, 2),
        "text": date(2021, 5, 3),
        "unknown": None,
    }
    assert (article.published_from, article.published) == (expected, dates[expected])
