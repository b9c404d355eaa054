"""End-to-end tests of the `pactwatch` command, run as a real subprocess.

Exact event counts on the real samples are not asserted (the extraction rules
keep changing); the tests check the contract: the output format, the offsets,
a few events any correct extractor must find, and how bad inputs are reported.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pactwatch.cli import main
from pactwatch.pipeline import prepare_article
from pactwatch.sources import read_document

RunCli = Callable[..., subprocess.CompletedProcess[str]]
Record = dict[str, Any]
#: Writes one bad (or awkward) input file at the given path.
Writer = Callable[[Path], None]

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_SKIPPED = 3

# The spec's value sets (shared/spec/events.md), written out so the test does
# not trust the package's own constants.
SPEC_TYPES = {
    "arms_transfer",
    "military_aid",
    "training",
    "joint_exercise",
    "defense_agreement",
    "basing_access",
    "defense_industry",
    "defense_meeting",
    "security_cooperation",
    "sanction",
    "condemnation",
}
SPEC_STAGES = {"offered", "requested", "planned", "agreed", "occurred"}
SPEC_CERTAINTIES = {"stated", "claimed", "denied"}
SPEC_PRECISIONS = {"day", "month", "year", "unknown"}
SPEC_KINDS = {
    "state",
    "government",
    "military",
    "official",
    "organization",
    "armed_group",
    "company",
    "other",
}
EVENT_KEYS = {
    "article",
    "published",
    "type",
    "actors",
    "stage",
    "certainty",
    "claimed_by",
    "denied_by",
    "equipment",
    "date",
    "location",
    "evidence",
    "confidence",
    "rule",
    "extractor_version",
}
ACTOR_KEYS = {"role", "country", "text", "kind"}
DATE_KEYS = {"start", "end", "precision", "text"}
EVIDENCE_KEYS = {"sentence", "start", "end"}

#: Text of page furniture in the samples that must never become evidence.
FURNITURE = ("ALSO READ", "Canada sanctions", "Read More", "Disclaimer")

GOOD_STORY = "Poland signed a contract on Friday to buy 180 K2 tanks from South Korea."
SANCTION_STORY = (
    "The United States on Friday imposed sanctions on three Russian companies "
    "that supplied drones to Iran."
)
DRONE_STORY = "Iran sent drones to Russia last month."
FRENCH_STORY = (
    "La France a livré vendredi six avions de combat Rafale à la Grèce, a annoncé le "
    "ministère des Armées. Les deux pays ont signé l'an dernier un accord de coopération "
    "militaire qui prévoit aussi la formation des pilotes grecs en France. Selon le "
    "ministre, d'autres livraisons sont attendues au cours de l'année prochaine."
)
GERMAN_STORY = (
    "Deutschland hat am Freitag weitere Flugabwehrsysteme an die Ukraine geliefert, teilte "
    "das Verteidigungsministerium in Berlin mit. Die Bundesregierung hatte die Lieferung "
    "bereits im Sommer zugesagt. Nach Angaben des Ministers sollen im kommenden Jahr "
    "weitere Systeme folgen, die in enger Abstimmung mit den Partnern bereitgestellt werden."
)
PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Poland buys K2 tanks from South Korea | Example News</title>
  <meta property="article:published_time" content="{published}T09:30:00Z">
</head>
<body>
  <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/defence">Defence</a>
    <a href="/sanctions">Sanctions news</a></nav>
  <article>
    <h1>Poland buys K2 tanks from South Korea</h1>
    <p>{story}</p>
    <p>The deal is part of a wider plan to modernise the Polish army, officials in Warsaw
    said, and deliveries of the first tanks are expected within months.</p>
    <p>Defence analysts said the purchase would make Poland one of the best equipped
    armies in Europe once all of the vehicles have arrived.</p>
  </article>
  <footer>
    <p>Related: Canada sanctions Iran and Russia over drone deliveries</p>
    <p>&copy; 2022 Example News. All rights reserved. Follow us on Twitter.</p>
  </footer>
</body>
</html>
"""


# ------------------------------------------------------------------ helpers


def parse_jsonl(stdout: str) -> list[Record]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def parties(record: Record, role: str) -> set[str]:
    return {actor["country"] for actor in record["actors"] if actor["role"] == role}


def has_event(
    records: list[Record],
    type_: str,
    *,
    article: str | None = None,
    source: str | None = None,
    target: str | None = None,
    participants: set[str] | None = None,
) -> bool:
    """Whether some record has this type and at least these actors."""
    for record in records:
        if record["type"] != type_ or (article and record["article"] != article):
            continue
        if source and source not in parties(record, "source"):
            continue
        if target and target not in parties(record, "target"):
            continue
        if participants and not participants <= parties(record, "participant"):
            continue
        return True
    return False


def stderr_line_naming(stderr: str, *fragments: str) -> str | None:
    """The first stderr line that contains every fragment, if any."""
    for line in stderr.splitlines():
        if all(fragment in line for fragment in fragments):
            return line
    return None


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def cleaned_text(path: Path) -> str:
    article, _ = prepare_article(read_document(path))
    return article.text


# ------------------------------------------------------ extract on the samples


@pytest.fixture(scope="module")
def samples_run(run_cli: RunCli, samples_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("extract", samples_dir, "--format", "jsonl")


@pytest.fixture(scope="module")
def sample_records(samples_run: subprocess.CompletedProcess[str]) -> list[Record]:
    return parse_jsonl(samples_run.stdout)


def test_extract_samples_succeeds(samples_run: subprocess.CompletedProcess[str]) -> None:
    assert samples_run.returncode == EXIT_OK, samples_run.stderr
    assert "skipped" not in samples_run.stderr


def test_every_line_is_a_json_object(samples_run: subprocess.CompletedProcess[str]) -> None:
    lines = [line for line in samples_run.stdout.splitlines() if line.strip()]
    assert lines
    for line in lines:
        assert isinstance(json.loads(line), dict), line


def test_records_have_the_spec_keys(sample_records: list[Record]) -> None:
    for record in sample_records:
        assert record.keys() >= EVENT_KEYS, EVENT_KEYS - record.keys()
        assert record["actors"], record
        for actor in record["actors"]:
            assert actor.keys() >= ACTOR_KEYS, actor
        assert record["date"].keys() >= DATE_KEYS, record["date"]
        assert record["evidence"].keys() >= EVIDENCE_KEYS, record["evidence"]
        assert record["rule"] and record["extractor_version"], record


def test_values_come_from_the_spec_sets(sample_records: list[Record]) -> None:
    for record in sample_records:
        assert record["type"] in SPEC_TYPES, record["type"]
        assert record["stage"] in SPEC_STAGES, record["stage"]
        assert record["certainty"] in SPEC_CERTAINTIES, record["certainty"]
        assert record["date"]["precision"] in SPEC_PRECISIONS, record["date"]
        assert {a["kind"] for a in record["actors"]} <= SPEC_KINDS, record["actors"]
        assert 0.0 <= record["confidence"] <= 1.0, record["confidence"]


def test_roles_match_directedness(sample_records: list[Record]) -> None:
    directed = {
        "arms_transfer",
        "military_aid",
        "training",
        "basing_access",
        "sanction",
        "condemnation",
    }
    for record in sample_records:
        roles = {actor["role"] for actor in record["actors"]}
        expected = {"source", "target"} if record["type"] in directed else {"participant"}
        assert roles == expected, record


def test_evidence_is_the_cleaned_text_at_its_offsets(
    sample_records: list[Record], samples_dir: Path
) -> None:
    texts: dict[str, str] = {}
    for record in sample_records:
        name = record["article"]
        text = texts.setdefault(name, cleaned_text(samples_dir / name))
        evidence = record["evidence"]
        assert text[evidence["start"] : evidence["end"]] == evidence["sentence"], record


@pytest.mark.parametrize(
    ("article", "type_", "source", "target", "participants"),
    [
        ("002_1afe1fed452732b0.txt", "arms_transfer", "IRN", "RUS", None),
        ("003_6755ffb47d761d3b.txt", "joint_exercise", None, None, {"IRN", "AZE"}),
    ],
)
def test_samples_yield_the_obvious_events(
    sample_records: list[Record],
    article: str,
    type_: str,
    source: str | None,
    target: str | None,
    participants: set[str] | None,
) -> None:
    assert has_event(
        sample_records,
        type_,
        article=article,
        source=source,
        target=target,
        participants=participants,
    )


@pytest.mark.parametrize("furniture", FURNITURE)
def test_nothing_comes_from_page_furniture(sample_records: list[Record], furniture: str) -> None:
    offending = [
        r["evidence"]["sentence"]
        for r in sample_records
        if furniture.lower() in r["evidence"]["sentence"].lower()
    ]
    assert offending == []


@pytest.mark.parametrize("target", ["IRN", "RUS"])
def test_no_sanction_from_the_related_link(sample_records: list[Record], target: str) -> None:
    assert not has_event(sample_records, "sanction", source="CAN", target=target)


def test_csv_has_one_row_per_jsonl_line(
    run_cli: RunCli, samples_dir: Path, sample_records: list[Record]
) -> None:
    result = run_cli("extract", samples_dir, "--format", "csv")
    assert result.returncode == EXIT_OK, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(sample_records)
    assert [row["type"] for row in rows] == [r["type"] for r in sample_records]
    assert [row["article"] for row in rows] == [r["article"] for r in sample_records]


def test_table_has_header_and_summary(
    run_cli: RunCli, samples_dir: Path, sample_records: list[Record]
) -> None:
    result = run_cli("extract", samples_dir, "--format", "table")
    assert result.returncode == EXIT_OK, result.stderr
    first = result.stdout.splitlines()[0]
    assert "type" in first and "stage" in first, first
    summary = re.search(r"(\d+) events from 5 articles", result.stdout)
    assert summary, result.stdout[-300:]
    assert int(summary.group(1)) == len(sample_records)


def test_output_option_writes_the_same_jsonl(
    run_cli: RunCli, samples_dir: Path, sample_records: list[Record], tmp_path: Path
) -> None:
    target = tmp_path / "events.jsonl"
    result = run_cli("extract", samples_dir, "-o", target)
    assert result.returncode == EXIT_OK, result.stderr
    assert result.stdout == ""
    assert parse_jsonl(target.read_text(encoding="utf-8")) == sample_records


# ------------------------------------------------------------- --published


def test_published_resolves_relative_dates(run_cli: RunCli, tmp_path: Path) -> None:
    story = write_text(tmp_path / "story.txt", SANCTION_STORY)
    result = run_cli("extract", story, "--published", "2022-12-10")
    assert result.returncode == EXIT_OK, result.stderr
    records = parse_jsonl(result.stdout)
    sanctions = [r for r in records if r["type"] == "sanction" and "USA" in parties(r, "source")]
    assert sanctions, records
    for record in sanctions:
        assert record["published"] == "2022-12-10"
        assert record["date"]["start"] == record["date"]["end"] == "2022-12-09"
        assert record["date"]["precision"] == "day"


def test_relative_date_without_published_stays_unknown(run_cli: RunCli, tmp_path: Path) -> None:
    story = write_text(tmp_path / "story.txt", SANCTION_STORY)
    result = run_cli("extract", story)
    records = parse_jsonl(result.stdout)
    assert records, result.stderr
    for record in records:
        assert record["published"] is None
        assert record["date"]["precision"] == "unknown"
        assert record["date"]["start"] is None


@pytest.mark.parametrize("value", ["2022-13-45", "yesterday", "10/12/2022"])
def test_bad_published_is_a_usage_error(run_cli: RunCli, tmp_path: Path, value: str) -> None:
    story = write_text(tmp_path / "story.txt", SANCTION_STORY)
    result = run_cli("extract", story, "--published", value)
    assert result.returncode == EXIT_USAGE
    assert value in result.stderr
    assert result.stdout == ""


# ------------------------------------------------------------- bad inputs


def write_empty(path: Path) -> None:
    path.write_bytes(b"")


def write_random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(4096))


def write_high_bytes(path: Path) -> None:
    """Binary data with no NUL or control byte: only the decoded gibberish gives it away."""
    rng = random.Random(9)
    path.write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(4096)))


def write_png(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(8).randbytes(2048))


def write_french(path: Path) -> None:
    write_text(path, FRENCH_STORY)


def write_german(path: Path) -> None:
    write_text(path, GERMAN_STORY)


def write_huge(path: Path) -> None:
    """50 MB without writing 50 MB: a sparse tail after a real first line."""
    with path.open("wb") as handle:
        handle.write((DRONE_STORY + "\n").encode())
        handle.truncate(50_000_000)


def write_jsonl_with_bad_line(path: Path) -> None:
    lines = [
        json.dumps({"id": "first", "text": DRONE_STORY, "published": "2022-12-10"}),
        '{"id": "second", "text": "unterminated',
        json.dumps({"id": "third", "text": GOOD_STORY, "published": "2022-12-10"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_nothing(path: Path) -> None:
    """Leave the path absent."""


#: (file name, writer, fragments the stderr line naming the file must contain)
SKIPPED_INPUTS: list[tuple[str, Writer, tuple[str, ...]]] = [
    ("empty.txt", write_empty, ("empty",)),
    ("noise.txt", write_random_bytes, ("binary",)),
    ("picture.txt", write_png, ("binary", "PNG")),
    ("gibberish.txt", write_high_bytes, ("skipped",)),
    ("french.txt", write_french, ("not English",)),
    ("german.txt", write_german, ("not English",)),
    ("huge.txt", write_huge, ("limit", "MB")),
    ("batch.jsonl", write_jsonl_with_bad_line, (":2", "JSON")),
    ("missing.txt", write_nothing, ("no such file",)),
]


@pytest.mark.parametrize(
    ("name", "writer", "problem"), SKIPPED_INPUTS, ids=[case[0] for case in SKIPPED_INPUTS]
)
def test_bad_input_is_skipped_and_the_rest_processed(
    run_cli: RunCli, tmp_path: Path, name: str, writer: Writer, problem: tuple[str, ...]
) -> None:
    good = write_text(tmp_path / "good.txt", GOOD_STORY)
    bad = tmp_path / name
    writer(bad)
    result = run_cli("extract", bad, good, "--published", "2022-12-10")
    assert result.returncode == EXIT_SKIPPED, (result.returncode, result.stderr)
    assert stderr_line_naming(result.stderr, name, *problem), result.stderr
    records = parse_jsonl(result.stdout)
    assert has_event(records, "arms_transfer", article="good.txt", source="KOR", target="POL")


def test_jobs_give_the_same_output_and_errors_in_the_same_order(
    run_cli: RunCli,
    tmp_path: Path,
    samples_dir: Path,
    samples_run: subprocess.CompletedProcess[str],
) -> None:
    """`--jobs 2` spreads documents over two worker processes; the events, their
    order, the skipped inputs and the exit status are those of one process."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 50)
    one = run_cli("extract", samples_dir, bad, samples_dir)
    two = run_cli("extract", "--jobs", "2", samples_dir, bad, samples_dir)
    assert one.returncode == two.returncode == EXIT_SKIPPED, two.stderr
    assert two.stdout == one.stdout == samples_run.stdout * 2
    assert two.stderr == one.stderr
    assert stderr_line_naming(two.stderr, "bad.txt"), two.stderr


def test_huge_file_is_refused_quickly(run_cli: RunCli, tmp_path: Path) -> None:
    """The size is checked before reading, so the limit costs nothing on a huge file."""
    huge = tmp_path / "huge.txt"
    write_huge(huge)
    result = run_cli("extract", huge)
    assert result.returncode == EXIT_SKIPPED
    assert stderr_line_naming(result.stderr, "huge.txt", "50.0 MB", "limit"), result.stderr


def test_good_lines_around_a_malformed_jsonl_line_are_processed(
    run_cli: RunCli, tmp_path: Path
) -> None:
    batch = tmp_path / "batch.jsonl"
    write_jsonl_with_bad_line(batch)
    result = run_cli("extract", batch)
    assert result.returncode == EXIT_SKIPPED
    assert stderr_line_naming(result.stderr, "batch.jsonl:2"), result.stderr
    records = parse_jsonl(result.stdout)
    assert has_event(records, "arms_transfer", article="first", source="IRN", target="RUS")
    assert has_event(records, "arms_transfer", article="third", source="KOR", target="POL")


#: (file name, text, encoding): awkward but readable files that must be processed.
READABLE_ENCODINGS = [
    ("utf16.txt", "Iran sent drones to Russia last month, officials said.", "utf-16"),
    ("utf16be.txt", "Iran sent drones to Russia last month, officials said.", "utf-16-be"),
    ("cp1252.txt", "“Iran sent drones to Russia last month,” officials said.", "cp1252"),
    ("utf8bom.txt", "“Iran sent drones to Russia last month,” officials said.", "utf-8-sig"),
]


@pytest.mark.parametrize(
    ("name", "text", "encoding"), READABLE_ENCODINGS, ids=[c[0] for c in READABLE_ENCODINGS]
)
def test_other_encodings_are_processed(
    run_cli: RunCli, tmp_path: Path, name: str, text: str, encoding: str
) -> None:
    good = write_text(tmp_path / "good.txt", GOOD_STORY)
    path = tmp_path / name
    data = text.encode(encoding)
    path.write_bytes(b"\xfe\xff" + data if encoding == "utf-16-be" else data)
    result = run_cli("extract", path, good, "--published", "2022-12-10")
    assert result.returncode == EXIT_OK, result.stderr
    assert "skipped" not in result.stderr
    records = parse_jsonl(result.stdout)
    assert has_event(records, "arms_transfer", article="good.txt", source="KOR", target="POL")
    mine = [r for r in records if r["article"] == name]
    assert has_event(mine, "arms_transfer", source="IRN", target="RUS"), records
    for record in mine:
        assert "Iran sent drones to Russia" in record["evidence"]["sentence"]
        assert "\ufffd" not in record["evidence"]["sentence"]
    if "“" in text:
        assert any("“" in r["evidence"]["sentence"] for r in mine), mine


# ------------------------------------------------------- JSON Lines and HTML


JSONL_RECORDS: list[Record] = [
    {"id": "text-record", "text": DRONE_STORY, "published": "2022-12-10"},
    {
        "id": "html-record",
        "published": "2022-12-10",
        "html": PAGE_TEMPLATE.format(published="2021-01-01", story=GOOD_STORY),
    },
    {"id": "plain-record", "text": SANCTION_STORY, "published": "2023-03-04"},
]
JSONL_PUBLISHED = {str(r["id"]): str(r["published"]) for r in JSONL_RECORDS}
#: id -> (type, source, target, date start, date end, precision)
JSONL_EXPECTED = [
    ("text-record", "arms_transfer", "IRN", "RUS", "2022-11-01", "2022-11-30", "month"),
    ("html-record", "arms_transfer", "KOR", "POL", "2022-12-09", "2022-12-09", "day"),
    ("plain-record", "sanction", "USA", "RUS", "2023-03-03", "2023-03-03", "day"),
]


@pytest.fixture(scope="module")
def jsonl_run(
    run_cli: RunCli, tmp_path_factory: pytest.TempPathFactory
) -> subprocess.CompletedProcess[str]:
    path = tmp_path_factory.mktemp("jsonl") / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in JSONL_RECORDS), encoding="utf-8")
    return run_cli("extract", path)


def test_jsonl_input_is_read(jsonl_run: subprocess.CompletedProcess[str]) -> None:
    assert jsonl_run.returncode == EXIT_OK, jsonl_run.stderr


@pytest.mark.parametrize(
    ("article", "type_", "source", "target", "start", "end", "precision"),
    JSONL_EXPECTED,
    ids=[case[0] for case in JSONL_EXPECTED],
)
def test_jsonl_record_dates_resolve_against_its_published(
    jsonl_run: subprocess.CompletedProcess[str],
    article: str,
    type_: str,
    source: str,
    target: str,
    start: str,
    end: str,
    precision: str,
) -> None:
    records = [r for r in parse_jsonl(jsonl_run.stdout) if r["article"] == article]
    matching = [
        r
        for r in records
        if r["type"] == type_ and source in parties(r, "source") and target in parties(r, "target")
    ]
    assert matching, records
    # a headline repeating the story carries no date, so one dated match is enough
    dates = [(r["date"]["start"], r["date"]["end"], r["date"]["precision"]) for r in matching]
    assert (start, end, precision) in dates, matching
    assert all(r["published"] == JSONL_PUBLISHED[article] for r in records)


def test_html_page_uses_its_meta_date_and_drops_furniture(run_cli: RunCli, tmp_path: Path) -> None:
    page = write_text(
        tmp_path / "page.html", PAGE_TEMPLATE.format(published="2022-12-10", story=GOOD_STORY)
    )
    result = run_cli("extract", page)
    assert result.returncode == EXIT_OK, result.stderr
    records = parse_jsonl(result.stdout)
    deals = [
        r
        for r in records
        if r["type"] == "arms_transfer"
        and "KOR" in parties(r, "source")
        and "POL" in parties(r, "target")
    ]
    assert deals, records
    assert all(record["published"] == "2022-12-10" for record in records)
    # the headline repeats the story without a date; the story sentence has one
    assert any(
        record["date"]["start"] == record["date"]["end"] == "2022-12-09" for record in deals
    ), deals
    assert not has_event(records, "sanction", source="CAN")
    for record in records:
        assert "Sanctions news" not in record["evidence"]["sentence"]
        assert "All rights reserved" not in record["evidence"]["sentence"]


# ---------------------------------------------------------------- explain


@pytest.fixture(scope="module")
def explain_lines(run_cli: RunCli, samples_dir: Path) -> list[str]:
    result = run_cli("explain", samples_dir / "002_1afe1fed452732b0.txt")
    assert result.returncode == EXIT_OK, result.stderr
    return result.stdout.splitlines()


def test_explain_lists_actors(explain_lines: list[str]) -> None:
    assert any(re.match(r"\s+actors: \S", line) for line in explain_lines)


def test_explain_shows_fired_rules(explain_lines: list[str]) -> None:
    fired = [
        m
        for line in explain_lines
        if (m := re.match(r"\s+\+ (?P<rule>[a-z_]+\.[^:]+): (?P<type>[a-z_]+) ", line))
    ]
    assert fired, explain_lines
    assert {m.group("type") for m in fired} <= SPEC_TYPES
    assert all(m.group("rule").split(".")[0] in SPEC_TYPES for m in fired)


def test_explain_shows_rejections_with_a_reason(explain_lines: list[str]) -> None:
    rejected = [
        m
        for line in explain_lines
        if (m := re.match(r"\s+- (?P<rule>[a-z_]+\.\S+).*?: (?P<reason>.+)$", line))
    ]
    assert rejected, explain_lines
    assert all(m.group("reason").strip() for m in rejected)


def test_explain_shows_related_links_as_dropped(explain_lines: list[str]) -> None:
    mentions = [line for line in explain_lines if "ALSO READ" in line]
    assert len(mentions) >= 2
    assert all(line.lstrip().startswith("dropped") for line in mentions), mentions


# ------------------------------------------------------------------- eval


@pytest.fixture(scope="module")
def eval_json(run_cli: RunCli, seeds_gold: Path, samples_dir: Path) -> Record:
    result = run_cli("eval", seeds_gold, "--run", samples_dir, "--format", "json")
    assert result.returncode == EXIT_OK, result.stderr
    report: Record = json.loads(result.stdout)
    return report


def test_eval_text_report(run_cli: RunCli, seeds_gold: Path, samples_dir: Path) -> None:
    result = run_cli("eval", seeds_gold, "--run", samples_dir)
    assert result.returncode == EXIT_OK, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("precision"), lines[0]
    gold = json.loads(seeds_gold.read_text(encoding="utf-8"))
    gold_types = {e["types"][0] for a in gold["articles"] for e in a["events"]}
    row_starts = {line.split()[0] for line in lines if line.strip()}
    assert gold_types <= row_starts, gold_types - row_starts


def test_eval_json_report(eval_json: Record) -> None:
    for key in ("precision", "recall", "f1"):
        assert 0.0 <= eval_json[key] <= 1.0, key


def test_eval_of_extract_output_matches_run(
    run_cli: RunCli,
    seeds_gold: Path,
    samples_dir: Path,
    eval_json: Record,
    tmp_path: Path,
) -> None:
    predictions = tmp_path / "predictions.jsonl"
    extracted = run_cli("extract", samples_dir, "-o", predictions)
    assert extracted.returncode == EXIT_OK, extracted.stderr
    result = run_cli("eval", seeds_gold, predictions, "--format", "json")
    assert result.returncode == EXIT_OK, result.stderr
    report = json.loads(result.stdout)
    for key in ("precision", "recall", "f1", "stage_accuracy", "counts", "per_type"):
        assert report[key] == eval_json[key], key


#: (name, gold file content) for malformed gold files
BAD_GOLD = [
    ("not-json.json", '{"articles": ['),
    ("no-articles.json", '{"about": "nothing here"}'),
    (
        "unknown-type.json",
        '{"articles": [{"article": "a.txt", "events": '
        '[{"types": ["invasion"], "source": "RUS", "target": "UKR", "required": true}]}]}',
    ),
]


@pytest.mark.parametrize(("name", "content"), BAD_GOLD, ids=[c[0] for c in BAD_GOLD])
def test_eval_rejects_a_malformed_gold_file(
    run_cli: RunCli, tmp_path: Path, samples_dir: Path, name: str, content: str
) -> None:
    gold = write_text(tmp_path / name, content)
    predictions = write_text(tmp_path / "predictions.jsonl", "")
    result = run_cli("eval", gold, predictions)
    assert result.returncode != EXIT_OK
    assert name in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_eval_needs_exactly_one_of_predictions_or_run(seeds_gold: Path) -> None:
    result = CliRunner().invoke(main, ["eval", str(seeds_gold)])
    assert result.exit_code == EXIT_USAGE
    assert "PREDICTIONS" in result.output


# ------------------------------------------------------------------ misc


@pytest.mark.parametrize("command", [[], ["extract"], ["explain"], ["eval"]])
def test_help_works(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == EXIT_OK, result.output
    assert "Usage:" in result.output


def test_explain_names_a_missing_file(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("explain", tmp_path / "missing.txt")
    assert result.returncode == EXIT_SKIPPED
    assert stderr_line_naming(result.stderr, "missing.txt", "no such file"), result.stderr
