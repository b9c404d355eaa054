"""Cleaning: furniture out, story in; HTML extraction; language guess."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from pactwatch.clean import clean_text, detect_language, extract_html, is_english
from pactwatch.clean.html import html_to_plain_text
from pactwatch.clean.text import load_furniture_rules, normalize_line
from pactwatch.errors import LexiconError

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "inputs"

STORY_BEFORE = (
    "Iran and Iraq signed an agreement on Sunday to boost military cooperation in a host of "
    "fields, including air defence, counterterrorism and border security, officials said."
)
STORY_AFTER = (
    "The two sides also agreed to hold joint naval drills in the Gulf next spring and to "
    "exchange military delegations twice a year, according to the Iranian defence ministry."
)


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def in_context(line: str) -> str:
    """A line between two story paragraphs, so only the line itself is judged."""
    return f"{STORY_BEFORE}\n\n{line}\n\n{STORY_AFTER}"


def reasons_for(line: str) -> list[str]:
    cleaned = clean_text(in_context(line))
    return [reason for dropped, reason in cleaned.dropped if dropped == normalize_line(line)]


# ---------------------------------------------------------------- one line at a time

FURNITURE = [
    ("ALSO READ |\u00a0Canada sanctions Iran, Russia and Myanmar", "related link"),
    ("Also Read: Linking Chabahar, Gwadar ports to ensure prosperity", "related link"),
    ("Read More", "related link"),
    ("Read more:", "related link"),
    ("READ MORE", "related link"),
    ("More news: Turkey to buy 40 Eurofighters", "related link"),
    ("Related: NATO wraps up Baltic exercise", "related link"),
    ("> Chile receives first Leopard tanks from Germany", "related link"),
    ("» Kenya and Uganda open border drills", "related link"),
    ("Share:", "share bar"),
    ("Share this article", "share bar"),
    ("flipboard facebook twitter whatsapp", "share bar"),
    ("Facebook Twitter LinkedIn Email", "share bar"),
    ("Tags: Israel | morocco | defense memorandum", "tag list"),
    (
        "Disclaimer : We respect your thoughts and views! But we need to be judicious while "
        "moderating your comments. All the comments will be moderated by the editorial.",
        "comment rules",
    ),
    (
        "The views expressed in comments published on example.com are those of the comment "
        "writers alone.",
        "comment rules",
    ),
    ("Now we are on Telegram too. Follow us for updates", "social promotion"),
    ("Follow us on Twitter and Facebook", "social promotion"),
    ("Subscribe to our newsletter", "newsletter prompt"),
    ("Sign up for our daily defence briefing", "newsletter prompt"),
    (
        "Join our readers and become one of 80,000 people who get the newsletter.",
        "newsletter prompt",
    ),
    ("We use cookies to give you the best browsing experience.", "cookie banner"),
    ("Accept all cookies", "cookie banner"),
    ("Pentagon spokesman John Kirby (Photo | AP)", "photo caption"),
    ("(File Photo)", "photo note"),
    ("Trinamool Congress spokesperson Saket Gokhale. (File Photo)", "photo caption"),
    ("Image used for representational purpose only. (Express illustrations)", "photo note"),
    ("Advertisement", "advertisement"),
    ("Dismiss", "interface text"),
    ("1 of 4", "interface text"),
    ("---", "interface text"),
    ("News", "section label"),
    ("Home World", "section label"),
    ("TÜRKİYE", "section label"),
    ("By AFP", "byline"),
    ("By bne Tehran bureau November 25, 2024", "byline"),
    ("by Associated Press - 11/02/21 9:14 AM ET", "byline"),
    (
        "Published: 10th December 2022 01:01 PM\u00a0 |\u00a0 Last Updated: 10th December 2022",
        "published line",
    ),
    ("Wednesday, 24 November 2021 08:01 AM", "date line"),
    ("Xinhua) 08:40, October 15, 2024", "date line"),
    ("2 MIN READ", "reading meta"),
    ("Total Views: 14303", "reading meta"),
    ("(Reporting by Idrees Ali; Editing by Chris Reese)", "credit line"),
    ("Copyright 2024 Example Media. All rights reserved.", "credit line"),
    ("/ bne IntelliNews", "credit line"),
    ("mjs / ktg / ask / hnb", "credit line"),
    ("AFP/Getty Images", "credit line"),
    ("Click here to download our app", "related link"),
    ("Updated 3 hours ago", "reading meta"),
    ("Email this article", "share bar"),
]

STORY_LINES = [
    "Kirby said the United States would sanction three Russian-based entities.",
    "By relying on local experts, the Iranian Air Defense is ready to help Iraq.",
    "By Monday, Iran had delivered 40 drones",
    "Chilean Defence Minister Maya Fernandez attends a cabinet session. (AFP via Getty Images)",
    "Photo shows the dhow carrying Iranian weapons to Yemen. Photo: U.S. Central Command",
    "NATO chief Jens Stoltenberg arrives for a meeting in Brussels. (Photo by John Thys / AFP)",
    "Sordid deals",
    "Ukrainian pilots, engineers, an",
    "Governor of the",
    "The Pentagon said it would share intelligence with Kyiv.",
    "Russia agreed to supply Su-35 jets, the ministry said on Twitter.",
    "Comments by the foreign minister angered Baku, which recalled its ambassador.",
    "The deal was published in the official gazette on March 5, 2023.",
    "Related talks between Ankara and Stockholm resumed in Brussels on Thursday.",
    "Follow-up talks are planned for January.",
    "January 16, 2024: Iran and Russia sign a defence pact",
    "- 80,000 155mm artillery rounds",
    "Latest news from the front suggests the drones were assembled in Alabuga.",
]


@pytest.mark.parametrize(("line", "reason"), FURNITURE)
def test_furniture_line_is_dropped_with_its_reason(line: str, reason: str) -> None:
    assert reasons_for(line) == [reason]


@pytest.mark.parametrize("line", STORY_LINES)
def test_story_line_is_kept(line: str) -> None:
    cleaned = clean_text(in_context(line))
    assert normalize_line(line) in cleaned.text.split("\n")
    assert cleaned.dropped == ()


# ------------------------------------------------------------------- whole documents


def test_lines_after_end_of_story_marker_are_dropped_until_prose_returns() -> None:
    raw = "\n".join(
        [
            STORY_BEFORE,
            "Related news",
            "Five killed, 49 injured in cylinder blast",
            "Markets rally as inflation eases",
            STORY_AFTER,
            "Short closing line of the story.",
        ]
    )
    cleaned = clean_text(raw)
    assert cleaned.text.split("\n") == [
        STORY_BEFORE,
        STORY_AFTER,
        "Short closing line of the story.",
    ]
    assert [reason for _, reason in cleaned.dropped] == [
        "end of story marker",
        "after end of story",
        "after end of story",
    ]


def test_unmarked_list_of_other_headlines_is_dropped() -> None:
    links = [
        "- Chile signs deal for Swedish frigates",
        "- Brazil's navy receives its first submarine",
        "",
        "- Peru hosts talks on Pacific security",
    ]
    cleaned = clean_text("\n".join([STORY_BEFORE, *links, STORY_AFTER]))
    assert cleaned.text.split("\n") == [STORY_BEFORE, "", STORY_AFTER]
    assert [reason for _, reason in cleaned.dropped] == ["list of links"] * 3
    assert "Chile" not in cleaned.text


def test_bare_headlines_of_other_stories_after_the_story_are_dropped() -> None:
    links = [
        "Chile, Peru begin joint naval drills off Arica",
        "Ecuador and Colombia hold border exercise in Tulcan",
        "Bolivian navy hosts river patrol with 4 nations",
    ]
    cleaned = clean_text("\n".join([STORY_BEFORE, *links, STORY_AFTER]))
    assert cleaned.text.split("\n") == [STORY_BEFORE, STORY_AFTER]
    assert [reason for _, reason in cleaned.dropped] == ["list of links"] * 3


@pytest.mark.parametrize(
    "lines",
    [
        # the story's own points, set out bare: things named, not headlines
        ["Higher pay for conscripts", "New tax bands", "Longer leave for reservists"],
        # two bare headlines are not yet a list
        ["Chile, Peru begin joint naval drills off Arica", "Ecuador hosts talks"],
        # a story's own list of names or fixtures
        [
            "Derby County v Watford or Fulham",
            "Cardiff or Blackburn v Colchester",
            "Man Utd or Exeter v Middlesbrough",
        ],
    ],
)
def test_bare_story_lines_are_kept(lines: list[str]) -> None:
    cleaned = clean_text("\n".join([STORY_BEFORE, *lines, STORY_AFTER]))
    assert cleaned.text.split("\n") == [STORY_BEFORE, *lines, STORY_AFTER]


def test_bare_lines_above_the_story_are_not_a_list_of_links() -> None:
    top = ["Chile, Peru begin joint naval drills off Arica", "By Ana Ruiz", "Ecuador hosts talks"]
    cleaned = clean_text("\n".join([*top, STORY_BEFORE]))
    assert "Chile, Peru begin joint naval drills off Arica" in cleaned.text


@pytest.mark.parametrize(
    ("heading", "mark"),
    [("Read more:", ""), ("Related coverage", "> "), ("More stories", ">> "), ("See also:", "» ")],
)
def test_headlines_after_a_related_heading_are_dropped(heading: str, mark: str) -> None:
    links = [f"{mark}Benin, Togo to hold joint drills near Cotonou", f"{mark}Bolivia buys radars"]
    cleaned = clean_text("\n".join([STORY_BEFORE, heading, *links]))
    assert cleaned.text.split("\n") == [STORY_BEFORE]
    assert "Benin" not in cleaned.text


def test_unmarked_list_with_arrow_marks_is_dropped() -> None:
    links = [
        ">> Chile signs deal for Swedish frigates",
        ">> Brazil's navy receives its first submarine",
        ">> Peru hosts talks on Pacific security",
    ]
    cleaned = clean_text("\n".join([STORY_BEFORE, *links, STORY_AFTER]))
    assert cleaned.text.split("\n") == [STORY_BEFORE, STORY_AFTER]


@pytest.mark.parametrize(
    "items",
    [
        # the story's own points: things named, not headlines
        ["- Increased spending on rural schools", "- A ban on smoking in bars", "- New tax bands"],
        # points that end their sentences
        ["- Chile signs the deal.", "- Brazil's navy receives a submarine.", "- Peru hosts talks."],
        # two headlines are not yet a list of links
        ["- Chile signs deal for Swedish frigates", "- Peru hosts talks on Pacific security"],
    ],
)
def test_story_lists_are_kept(items: list[str]) -> None:
    cleaned = clean_text("\n".join([STORY_BEFORE, *items, STORY_AFTER]))
    assert cleaned.text.split("\n") == [STORY_BEFORE, *items, STORY_AFTER]


@pytest.mark.parametrize(
    "items",
    [
        ["- Kenya", "- Tanzania", "- Mozambique"],
        ["Kenya", "", "Tanzania", "", "Mozambique"],
        ["• Kenya,", "• Tanzania,", "• Mozambique"],
    ],
    ids=["marked", "bare-with-blanks", "bullets-with-commas"],
)
def test_a_headed_list_of_names_is_read_as_one_sentence(items: list[str]) -> None:
    cleaned = clean_text("\n".join([STORY_BEFORE, "Participating navies:", *items, STORY_AFTER]))
    assert cleaned.text.split("\n") == [
        STORY_BEFORE,
        "Participating navies: Kenya, Tanzania, Mozambique.",
        STORY_AFTER,
    ]


@pytest.mark.parametrize("heading", ["TAGS", "Related:", "Topics"])
def test_a_heading_that_names_no_one_taking_part_folds_nothing(heading: str) -> None:
    """Tags and links under their furniture headings stay apart (and are dropped)."""
    raw = "\n".join([STORY_BEFORE, heading, "Kenya", "Uganda", "Exercises", STORY_AFTER])
    assert "Kenya, Uganda" not in clean_text(raw).text


def test_a_list_of_names_ends_at_furniture() -> None:
    raw = "\n".join(
        [
            STORY_BEFORE,
            "TAKING PART",
            "Belize",
            "Jamaica",
            "Canada",
            "",
            "Advertisement",
            STORY_AFTER,
        ]
    )
    assert "Taking part: Belize, Jamaica, Canada." in clean_text(raw).text.split("\n")


def test_a_heading_in_capitals_heads_its_names_too() -> None:
    raw = "\n".join(
        [STORY_BEFORE, "TAKING PART", "Belize", "Jamaica", "Trinidad and Tobago", STORY_AFTER]
    )
    assert clean_text(raw).text.split("\n") == [
        STORY_BEFORE,
        "Taking part: Belize, Jamaica, Trinidad and Tobago.",
        STORY_AFTER,
    ]


@pytest.mark.parametrize(
    "lines",
    [
        # a heading over points that are sentences or longer than names
        ["Key points:", "- Chile signs the deal.", "- Peru hosts talks.", "- Ecuador waits."],
        [
            "What we know:",
            "- Ships from five navies",
            "- Two weeks of live firing at sea",
            "- Kenya",
        ],
        # names without a heading, or too few of them
        ["Kenya", "Tanzania", "Mozambique"],
        ["Participants:", "- Kenya", "- Tanzania"],
    ],
)
def test_other_lists_are_not_folded(lines: list[str]) -> None:
    cleaned = clean_text("\n".join([STORY_BEFORE, *lines, STORY_AFTER]))
    assert cleaned.text.split("\n") == [STORY_BEFORE, *lines, STORY_AFTER]


def test_end_of_story_marker_above_the_story_ends_nothing() -> None:
    cleaned = clean_text(f"Latest news\nIran, Iraq boost air defence ties\n{STORY_BEFORE}")
    assert cleaned.title == "Iran, Iraq boost air defence ties"
    assert cleaned.text.split("\n") == ["Iran, Iraq boost air defence ties", STORY_BEFORE]


def test_tag_header_drops_the_tags_after_it() -> None:
    cleaned = clean_text(f"{STORY_BEFORE}\nTAGS\nIran Iraq air defence\nIndia Matters")
    assert cleaned.text == STORY_BEFORE
    assert cleaned.dropped == (
        ("TAGS", "tag list"),
        ("Iran Iraq air defence", "tag list"),
        ("India Matters", "after end of story"),
    )


@pytest.mark.parametrize(
    ("raw", "expected_lines"),
    [
        (
            "Headline here\n\nHeadline here\nHeadline here\n" + STORY_BEFORE,
            ["Headline here", "", STORY_BEFORE],
        ),
        (f"{STORY_BEFORE}\n{STORY_BEFORE}", [STORY_BEFORE]),
        (f"{STORY_BEFORE}\n{STORY_BEFORE[:60]}", [STORY_BEFORE]),
        (f"{STORY_BEFORE}\n{STORY_BEFORE} (Brett Dodge/U.S. Navy)", [STORY_BEFORE]),
        (f"{STORY_BEFORE}\n1 of 5 | {STORY_BEFORE}", [STORY_BEFORE]),
    ],
    ids=["headline-thrice", "same-paragraph", "truncated-repeat", "credited-repeat", "gallery"],
)
def test_repeated_lines_are_kept_once(raw: str, expected_lines: list[str]) -> None:
    assert clean_text(raw).text.split("\n") == expected_lines


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        (
            f"US sounds alarm over Iran-Russia partnership\n\n{STORY_BEFORE}",
            "US sounds alarm over Iran-Russia partnership",
        ),
        (
            f"Iran Expands “Full-Fledged Defense Partnership”\n{STORY_BEFORE}",
            "Iran Expands “Full-Fledged Defense Partnership”",
        ),
        (f"{STORY_BEFORE}\n{STORY_AFTER}", None),
        (f"Iran and Iraq signed a deal.\n{STORY_BEFORE}", None),
        (
            f"Iran and Iraq signed a deal.\nIran and Iraq signed a deal.\n{STORY_BEFORE}",
            "Iran and Iraq signed a deal.",
        ),
        (f" date 2022-12-10 Home World\n\nUS sounds alarm\n{STORY_BEFORE}", "US sounds alarm"),
        ("", None),
    ],
)
def test_title_is_a_leading_headline(raw: str, title: str | None) -> None:
    cleaned = clean_text(raw)
    assert cleaned.title == title
    if title is not None:
        assert cleaned.text.count(title) == 1


def test_date_stamp_prefix_is_stripped_and_recorded() -> None:
    cleaned = clean_text(" date 2021-07 Parliament on Monday passed a larger navy budget.")
    assert cleaned.text == "Parliament on Monday passed a larger navy budget."
    assert cleaned.dropped == (("date 2021-07", "date stamp"),)


def test_whitespace_is_normalised_and_blank_runs_collapse() -> None:
    raw = "\n\n  First\u00a0paragraph  here.   \r\n\n\n\nSecond\u200b paragraph.\t\n\n"
    assert clean_text(raw).text == "First paragraph here.\n\nSecond paragraph."


def test_furniture_lexicon_is_loaded_once() -> None:
    assert load_furniture_rules() is load_furniture_rules()


@pytest.mark.parametrize(
    "content",
    ["drop_lines: [", "- just a list", "strip_prefixes: {x: ['(unclosed']}"],
    ids=["bad-yaml", "not-a-mapping", "bad-regex"],
)
def test_malformed_furniture_lexicon_raises_lexicon_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "furniture.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match=r"furniture\.yaml"):
        load_furniture_rules(path)


# ------------------------------------------------------------------------------ seeds

SEED_FURNITURE = [
    ("001_d208d6b12a5320c0.txt", "Read More"),
    ("001_d208d6b12a5320c0.txt", "Also Read: Linking Chabahar"),
    ("001_d208d6b12a5320c0.txt", "Latest news"),
    ("001_d208d6b12a5320c0.txt", "Related news"),
    ("002_1afe1fed452732b0.txt", "ALSO READ | Canada sanctions Iran, Russia"),
    ("002_1afe1fed452732b0.txt", "ALSO READ | 2+2 dialogue"),
    ("002_1afe1fed452732b0.txt", "Disclaimer : We respect your thoughts"),
    ("002_1afe1fed452732b0.txt", "The views expressed in comments"),
    ("002_1afe1fed452732b0.txt", "Now we are on Telegram too"),
    ("002_1afe1fed452732b0.txt", "flipboard facebook twitter whatsapp"),
    ("002_1afe1fed452732b0.txt", "Five killed, 49 injured"),
    ("002_1afe1fed452732b0.txt", "Saket Gokhale re-arrested"),
    ("002_1afe1fed452732b0.txt", "Trinamool Congress' nation spokesperson"),
    ("002_1afe1fed452732b0.txt", "Published: 10th December 2022"),
    ("002_1afe1fed452732b0.txt", "By AFP"),
    ("002_1afe1fed452732b0.txt", "Comments"),
    ("002_1afe1fed452732b0.txt", "TAGS"),
    ("003_6755ffb47d761d3b.txt", "By bne Tehran bureau"),
    ("003_6755ffb47d761d3b.txt", "Dismiss"),
    ("003_6755ffb47d761d3b.txt", "News"),
    ("004_105da86cbff68d84.txt", "Share:"),
]

SEED_STORY = [
    ("000_56354eb25690a70c.txt", "In July 2017, Iran and Iraq signed an agreement"),
    ("000_56354eb25690a70c.txt", "By relying on local experts, the Iranian Air Defense"),
    ("001_d208d6b12a5320c0.txt", "Then, in August 2020, a large Iranian military delegation"),
    ("002_1afe1fed452732b0.txt", "Kirby on Friday announced a new $275 million aid package"),
    ("002_1afe1fed452732b0.txt", "The latest package -- which is made up of equipment"),
    ("002_1afe1fed452732b0.txt", "Sordid deals"),
    ("003_6755ffb47d761d3b.txt", "Senior Azerbaijani military officials expressed their readiness"),
    ("003_6755ffb47d761d3b.txt", "Pezeshkian is a medical doctor by training"),
    ("004_105da86cbff68d84.txt", "Ned Price, the spokesman for The United States State Department"),
]

SEED_HEADLINES = [
    (
        "001_d208d6b12a5320c0.txt",
        "Russia, Iran Expand Military Cooperation Against US and Europe in Gulf",
    ),
    ("002_1afe1fed452732b0.txt", "US sounds alarm over 'harmful' Iran-Russia military partnership"),
    ("003_6755ffb47d761d3b.txt", "Azerbaijani and Iranian forces begin joint border exercises"),
]


@pytest.mark.parametrize(("seed", "start"), SEED_FURNITURE)
def test_seed_furniture_is_gone(seed: str, start: str) -> None:
    lines = clean_text(seed_text(seed)).text.split("\n")
    assert not [line for line in lines if line.startswith(start)]


@pytest.mark.parametrize(("seed", "start"), SEED_STORY)
def test_seed_story_paragraph_survives_verbatim(seed: str, start: str) -> None:
    raw_line = next(line for line in seed_text(seed).splitlines() if line.startswith(start))
    assert normalize_line(raw_line) in clean_text(seed_text(seed)).text.split("\n")


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_long_seed_paragraph_survives(seed: str) -> None:
    raw = seed_text(seed)
    kept = set(clean_text(raw).text.split("\n"))
    long_lines = [normalize_line(line) for line in raw.splitlines() if len(line.split()) >= 25]
    rules = ("Disclaimer", "The views expressed in comments")
    assert [line for line in long_lines if line not in kept and not line.startswith(rules)] == []


@pytest.mark.parametrize(("seed", "headline"), SEED_HEADLINES)
def test_seed_headline_is_the_title_and_appears_once(seed: str, headline: str) -> None:
    cleaned = clean_text(seed_text(seed))
    assert cleaned.title == headline
    assert cleaned.text.split("\n").count(headline) == 1


# ------------------------------------------------------------------------------- HTML


@pytest.fixture(scope="module")
def article_page() -> str:
    return (FIXTURES / "article.html").read_text(encoding="utf-8")


def test_html_story_paragraphs_are_extracted(article_page: str) -> None:
    text = extract_html(article_page).text
    assert "Poland signed a contract on Friday to buy 180 K2 tanks from South Korea" in text
    assert "Seoul's arms procurement agency said Hyundai Rotem would also help Poland" in text
    assert "The deal is part of a wider Polish effort to modernise its armed forces" in text


@pytest.mark.parametrize(
    "furniture",
    [
        "TRACKING-CODE",
        "INJECTED-AD-SCRIPT",
        "We use cookies",
        "Accept all cookies",
        "Business",
        "ALSO READ",
        "Five killed",
        "Related news",
        "newsletter",
        "All rights reserved",
        "Facebook",
    ],
)
def test_html_furniture_and_scripts_are_left_out(article_page: str, furniture: str) -> None:
    assert furniture not in extract_html(article_page).text


def test_html_metadata_is_found(article_page: str) -> None:
    extract = extract_html(article_page)
    assert extract.title == "Poland signs tank deal with South Korea"
    assert extract.date == "2022-12-10"
    assert extract.url == "https://news.example.org/world/poland-korea-tanks"
    assert (
        "ALSO READ | Canada sanctions Iran over drone supplies to Russia",
        "related link",
    ) in extract.dropped


def test_html_without_an_article_falls_back_to_plain_text() -> None:
    page = "<html><body><script>track()</script><div>Short text only.</div></body></html>"
    extract = extract_html(page, url="https://example.org/x")
    assert extract.text == "Short text only."
    assert extract.url == "https://example.org/x"


def test_plain_text_strip_breaks_lines_at_blocks_and_skips_scripts() -> None:
    page = "<nav>Home</nav><h1>Title</h1><p>One &amp; two.</p><script>x()</script><p>Three</p>"
    assert html_to_plain_text(page) == "Title\nOne & two.\nThree"


def test_html_extraction_never_uses_the_network(
    article_page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert extract_html(article_page, url="https://news.example.org/a").text


# --------------------------------------------------------------------------- language

NON_ENGLISH = [
    (
        "fr",
        "Le ministre de la Défense a annoncé jeudi que la France allait livrer des avions de "
        "combat à l'Ukraine dans les prochains mois, selon un communiqué publié par le "
        "gouvernement. Cette décision a été prise après une réunion avec les alliés de l'OTAN.",
    ),
    (
        "de",
        "Die Bundesregierung hat am Donnerstag beschlossen, der Ukraine weitere "
        "Luftabwehrsysteme zu liefern. Der Verteidigungsminister sagte, dass die Lieferung "
        "noch in diesem Jahr erfolgen wird und mit den Partnern in der NATO abgestimmt ist.",
    ),
    (
        "es",
        "El Gobierno de España anunció el jueves que enviará nuevos sistemas de defensa "
        "antiaérea a Ucrania, según un comunicado del Ministerio de Defensa. La decisión se "
        "tomó tras una reunión con los aliados de la OTAN en Bruselas.",
    ),
    (
        "ru",
        "Министр обороны России заявил в пятницу, что страна продолжит военное "
        "сотрудничество с Ираном и поставит новые системы противовоздушной обороны.",
    ),
    (
        "ar",
        "قال وزير الدفاع إن البلدين وقعا اتفاقية للتعاون العسكري يوم الجمعة في العاصمة، "
        "وتشمل الاتفاقية التدريب المشترك وتبادل الخبرات.",
    ),
    ("fa", "وزیر دفاع ایران گفت که همکاری نظامی با روسیه گسترش پیدا می‌کند و این کشور آماده است."),
    ("zh", "中国国防部长周一在北京与俄罗斯国防部长举行会谈，双方同意加强军事合作。"),
    (
        "uk",
        "Міністр оборони України заявив, що країна отримає нові системи протиповітряної оборони.",
    ),
    (
        "it",
        "Il ministro della Difesa ha annunciato che l'Italia invierà nuovi sistemi di difesa "
        "aerea all'Ucraina, come previsto dall'accordo firmato con gli alleati della NATO nel "
        "corso della riunione che si è svolta a Bruxelles.",
    ),
]


@pytest.mark.parametrize(("code", "text"), NON_ENGLISH, ids=[code for code, _ in NON_ENGLISH])
def test_non_english_text_is_named(code: str, text: str) -> None:
    assert detect_language(text) == code
    assert not is_english(text)


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_english_seeds_are_english(seed: str) -> None:
    assert detect_language(seed_text(seed)) == "en"


@pytest.mark.parametrize(
    "text",
    [
        "Brigadier General Alireza Sabahi Fard met Major General Tariq Abbas Ibrahim al-Khazraji "
        "and Lieutenant General Othman al-Ghanimi in Tehran, where Mohammad Baqeri and Hossein "
        "Amir-Abdollahian signed a memorandum with Volodymyr Zelensky's envoy in Baku.",
        STORY_BEFORE + " " + STORY_AFTER,
    ],
    ids=["foreign-names", "plain"],
)
def test_english_full_of_foreign_names_is_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", ["", "NATO", "Le ministre a parlé.", "1234 5678"])
def test_too_short_to_tell_counts_as_english(text: str) -> None:
    assert detect_language(text) is None
    assert is_english(text)


def test_blocks_glued_with_underscores_are_split() -> None:
    cleaned = clean_text("Troops will take part in the exercise.__The Nation\nMore text here.")
    assert "Troops will take part in the exercise." in cleaned.text.splitlines()


def test_names_listed_with_their_details_fold_without_them() -> None:
    """A box of contingents ("Chile - 300 troops; two frigates") under a heading that
    may run long when it ends with a colon: the names, without their details."""
    raw = "\n".join(
        [
            STORY_BEFORE,
            "Forces taking part, as listed by the Chilean navy:",
            "- Chile - 300 marines; two frigates",
            "- Peru: a landing ship and 150 marines",
            "- Ecuador \u2013 one corvette",
            STORY_AFTER,
        ]
    )
    assert clean_text(raw).text.split("\n") == [
        STORY_BEFORE,
        "Forces taking part, as listed by the Chilean navy: Chile, Peru, Ecuador.",
        STORY_AFTER,
    ]


def test_a_long_line_in_capitals_heads_no_list() -> None:
    raw = "\n".join(
        [STORY_BEFORE, "THE NAVIES OF THE REGION MEET AGAIN NEXT YEAR", "Chile", "Peru", "Ecuador"]
    )
    assert "Chile, Peru, Ecuador" not in clean_text(raw).text


def test_longer_names_fold_when_set_off_from_their_details() -> None:
    raw = "\n".join(
        [
            STORY_BEFORE,
            "Participating air forces and their aircraft:",
            "Royal Moroccan Air Force -- F-16C, Mirage F1",
            "United States Air Force -- F-15E",
            "Royal Netherlands Air Force -- F-35A",
            STORY_AFTER,
        ]
    )
    assert (
        "Participating air forces and their aircraft: Royal Moroccan Air Force, "
        "United States Air Force, Royal Netherlands Air Force."
    ) in clean_text(raw).text.split("\n")


def test_also_on_a_site_of_several_words_ends_the_story() -> None:
    cleaned = clean_text(
        "\n".join(
            [
                STORY_BEFORE,
                "Also on Steppe Defence Monitor:",
                "Mongolia, Kazakhstan hold first joint border drill",
            ]
        )
    )
    assert cleaned.text == STORY_BEFORE
    assert [reason for _, reason in cleaned.dropped] == [
        "end of story marker",
        "after end of story",
    ]
