"""Sidecar indexes: provenance for folders of text files, read from real files on disk."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import SHARED
from pactwatch.cli import main
from pactwatch.errors import InputError
from pactwatch.ingest import ingest, reprocess
from pactwatch.pipeline import ArticleResult, process
from pactwatch.sidecar import read_sidecar
from pactwatch.sources import RawDocument, iter_documents
from pactwatch.store import open_store
from pactwatch.store.export import export_parquet

DEV = SHARED / "acceptance" / "dev"
STORY = "Chile bought four patrol boats from Spain on Tuesday, the navy said."
OTHER = "Kenya and Tanzania held joint border drills last week."


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def corpus(folder: Path) -> Path:
    write(folder / "a.txt", STORY)
    write(folder / "sub" / "b.txt", OTHER)
    return folder


JSONL_INDEX = [
    {
        "file": "a.txt",
        "url": "https://example.org/news/spain-boats",
        "published": "2024-03-14",
        "title": "Boats for Chile",
        "outlet": "Example News",
        "query": "ignored",
    },
    {"file": "sub/b.txt", "url": "https://example.com/2023/11/20/drills/", "source": "Wire"},
]
CSV_INDEX = (
    "file,url,published,title,source\n"
    "a.txt,https://example.org/news/spain-boats,2024-03-14,Boats for Chile,Example News\n"
    "sub/b.txt,https://example.com/2023/11/20/drills/,,,Wire\n"
)


def write_jsonl_index(path: Path, rows: list[dict[str, str]] | list[str]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
    return write(path, "\n".join(lines) + "\n")


def documents(*paths: Path, index: Path | None = None) -> list[RawDocument | InputError]:
    return list(iter_documents(paths, index=index))


def by_id(found: list[RawDocument | InputError]) -> dict[str, RawDocument]:
    return {doc.id: doc for doc in found if isinstance(doc, RawDocument)}


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_a_sidecar_beside_the_files_gives_their_provenance(tmp_path: Path, kind: str) -> None:
    folder = corpus(tmp_path / "corpus")
    if kind == "jsonl":
        write_jsonl_index(folder / "index.jsonl", JSONL_INDEX)
    else:
        write(folder / "index.csv", CSV_INDEX)
    found = documents(folder)
    assert not [item for item in found if isinstance(item, InputError)]
    docs = by_id(found)
    assert sorted(docs) == ["a.txt", "sub/b.txt"]  # the index is not read as an article
    a, b = docs["a.txt"], docs["sub/b.txt"]
    assert (a.url, a.published, a.title, a.outlet) == (
        "https://example.org/news/spain-boats",
        "2024-03-14",
        "Boats for Chile",
        "Example News",
    )
    first_line = 2 if kind == "csv" else 1  # after the CSV header
    assert a.sidecar == f"{folder / f'index.{kind}'}:{first_line}"
    assert (b.url, b.published, b.outlet, b.sidecar) == (
        "https://example.com/2023/11/20/drills/",
        None,
        "Wire",
        None,
    )


def test_the_publication_date_says_where_it_came_from(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    write_jsonl_index(folder / "index.jsonl", JSONL_INDEX)
    results = {r.article.id: r.article for r in process([folder]) if isinstance(r, ArticleResult)}
    assert (results["a.txt"].published, results["a.txt"].published_from) == (
        date(2024, 3, 14),
        "sidecar",
    )
    # no date in the index: the one in the address
    assert (results["sub/b.txt"].published, results["sub/b.txt"].published_from) == (
        date(2023, 11, 20),
        "url",
    )
    # the argument beats the index
    (forced,) = process([folder / "a.txt"], "2020-01-02")
    assert isinstance(forced, ArticleResult)
    assert forced.article.published_from == "argument"


def test_an_index_given_elsewhere_matches_by_relative_path_or_name(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    index = write_jsonl_index(
        tmp_path / "meta" / "list.jsonl",
        [{"file": "a.txt", "published": "2022-05-01"}, {"file": "b.txt", "url": "u"}],
    )
    docs = by_id(documents(folder, index=index))
    assert docs["a.txt"].published == "2022-05-01"
    assert docs["sub/b.txt"].url == "u"  # by its bare name, unique in the index


def test_a_name_listed_twice_under_different_folders_is_not_guessed(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    index = write_jsonl_index(
        tmp_path / "list.jsonl",
        [{"file": "x/b.txt", "url": "first"}, {"file": "y/b.txt", "url": "second"}],
    )
    assert by_id(documents(folder, index=index))["sub/b.txt"].url is None


BAD_JSONL_LINES = [
    json.dumps({"file": "a.txt", "published": "2024-03-14"}),
    "{not json",
    json.dumps(["a list"]),
    json.dumps({"url": "https://example.org/x"}),
    json.dumps({"file": "sub/b.txt", "published": "last Tuesday"}),
    json.dumps({"file": "sub/b.txt", "title": 7}),
    "",
    json.dumps({"file": "a.txt", "url": "again"}),
]


def test_bad_jsonl_sidecar_lines_are_named_with_file_and_line(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    index = write_jsonl_index(folder / "index.jsonl", BAD_JSONL_LINES)
    found = documents(folder)
    errors = [str(item) for item in found if isinstance(item, InputError)]
    assert errors == [
        f"{index}:2: malformed JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{index}:3: expected a JSON object",
        f'{index}:4: missing "file" (the file\'s name or path)',
        f"{index}:5: \"published\" is not a date: 'last Tuesday' (use YYYY-MM-DD)",
        f'{index}:6: "title" must be a string, got int',
        f"{index}:8: 'a.txt' is listed already at {index}:1",
    ]
    assert all("\n" not in error for error in errors)
    docs = by_id(found)  # the good line still serves, and every file is read
    assert docs["a.txt"].published == "2024-03-14" and docs["sub/b.txt"].published is None


def test_bad_csv_sidecar_rows_are_named_with_file_and_line(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    index = write(
        folder / "index.csv",
        "file,published,url\n"
        "a.txt,2024-03-14,https://example.org/a\n"
        ",2024-01-01,https://example.org/none\n"
        "sub/b.txt,14/03/2024x,\n"
        "sub/b.txt,2024-01-01\n",
    )
    errors = [str(item) for item in documents(folder) if isinstance(item, InputError)]
    assert errors == [
        f'{index}:3: missing "file" (the file\'s name or path)',
        f"{index}:4: \"published\" is not a date: '14/03/2024x' (use YYYY-MM-DD)",
        f"{index}:5: 2 cells, but the header has 3 columns",
    ]
    no_file_column = write(tmp_path / "other" / "index.csv", "name,url\na.txt,u\n")
    write(tmp_path / "other" / "a.txt", STORY)
    (problem,) = read_sidecar(no_file_column).problems
    assert (
        str(problem) == f"{no_file_column}:1: the header names no 'file' column (it has: name, url)"
    )


def test_unsupported_files_in_a_folder_are_reported_as_skipped(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    write(folder / "report.pdf", "%PDF-1.4")
    write(folder / "README.md", "# notes")
    write(folder / "LICENSE", "text")
    skipped = [item for item in documents(folder) if isinstance(item, InputError)]
    assert [(Path(e.source).name, e.skipped) for e in skipped] == [
        ("LICENSE", True),
        ("README.md", True),
        ("report.pdf", True),
    ]
    assert skipped[0].problem.startswith("unsupported file without an extension; pactwatch reads")
    assert skipped[2].problem.startswith("unsupported '.pdf' file")


def test_the_dev_index_works_as_it_is() -> None:
    """../shared/acceptance/dev/index.jsonl (key `file`, extra keys) dates the dev pages."""
    sidecar = read_sidecar(DEV / "index.jsonl")
    assert not sidecar.problems and len(sidecar.entries) == 50
    docs = by_id(documents(DEV / "articles", index=DEV / "index.jsonl"))
    assert len(docs) == 50 and all(doc.url for doc in docs.values())


def cli(*args: str | Path) -> Result:
    """The real `pactwatch` command, in this process (spaCy is loaded once)."""
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_cli_extract_and_explain_take_an_index(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    index = write_jsonl_index(tmp_path / "meta.jsonl", JSONL_INDEX)
    done = cli("extract", folder, "--index", index)
    assert done.exit_code == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert {r["article"]: r["published"] for r in records} == {
        "a.txt": "2024-03-14",
        "sub/b.txt": "2023-11-20",
    }
    explained = cli("explain", folder / "a.txt", "--index", index)
    assert "published 2024-03-14 (from sidecar)" in explained.stdout
    missing = cli("extract", folder, "--index", tmp_path / "nope.jsonl")
    assert missing.exit_code == 2 and "nope.jsonl" in missing.stderr


def test_cli_reports_skipped_files_without_failing(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    write(folder / "scan.pdf", "%PDF-1.4")
    done = cli("extract", folder, "--format", "csv")
    assert done.exit_code == 0
    assert f"pactwatch: skipped {folder / 'scan.pdf'}: unsupported '.pdf' file" in done.stderr


# ------------------------------------------------------------------ the store


def test_ingest_stores_sidecar_provenance_and_reprocess_keeps_it(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    write_jsonl_index(folder / "index.jsonl", JSONL_INDEX)
    write(folder / "scan.pdf", "%PDF-1.4")
    query = "SELECT doc_id, url, outlet, published, published_from FROM articles ORDER BY doc_id"
    expected = [
        ("a.txt", JSONL_INDEX[0]["url"], "Example News", date(2024, 3, 14), "sidecar"),
        ("sub/b.txt", JSONL_INDEX[1]["url"], "Wire", date(2023, 11, 20), "url"),
    ]
    with open_store(tmp_path / "store.duckdb") as store:
        summary = ingest(store, [folder])
        assert (summary.new, summary.skipped, summary.failed) == (2, 1, 0)
        assert store.connection.execute(query).fetchall() == expected
        reprocess(store)
        assert store.connection.execute(query).fetchall() == expected


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 50 dev pages, stored once with their index."""
    path = tmp_path_factory.mktemp("dev") / "dev.duckdb"
    with open_store(path) as store:
        summary = ingest(store, [DEV / "articles"], index=DEV / "index.jsonl")
    assert summary.new == 50
    return path


def test_the_prk_rus_2023_query_finds_the_2023_events_with_the_dev_index(dev_store: Path) -> None:
    """Issue 14: `events --country PRK --with RUS --since 2023 --until 2023` on the dev pages."""
    done = cli(
        "events", "--db", dev_store, "--country", "PRK", "--with", "RUS",
        "--since", "2023", "--until", "2023", "--format", "jsonl",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows, done.stderr
    for row in rows:
        assert row["date_start"].startswith("2023-") and row["date_precision"] == "day", row
        assert row["published"].startswith("2023-")


def test_without_the_index_the_prk_rus_query_says_what_it_left_out(tmp_path: Path) -> None:
    """The same page stored without its index has no publication date: its event is undated."""
    with open_store(tmp_path / "bare.duckdb") as store:
        ingest(store, [DEV / "articles" / "d025.txt"])
    done = cli(
        "events", "--db", tmp_path / "bare.duckdb", "--country", "PRK", "--with", "RUS",
        "--since", "2023", "--until", "2023", "--format", "jsonl",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert done.stdout == ""
    assert "1 undated event left out" in done.stderr


def test_the_dev_store_exports_parquet_that_pandas_and_duckdb_open(
    dev_store: Path, tmp_path: Path
) -> None:
    """Real pages, some undated: every event lands in a year or the `undated` partition."""
    import duckdb
    import pandas

    with open_store(dev_store, read_only=True) as store:
        written = export_parquet(store, tmp_path / "out")
        (stored,) = store.connection.execute("SELECT count(*) FROM events").fetchall()
    events = tmp_path / "out" / "events"
    years = {path.name for path in events.glob("type=*/year=*")}
    assert "year=undated" in years and "year=2023" in years
    assert "year=__HIVE_DEFAULT_PARTITION__" not in years
    frame = pandas.read_parquet(events)
    assert len(frame) == written.rows["events"] == stored[0]
    in_duckdb = (
        duckdb.connect()
        .execute(
            "SELECT count(*), count(*) FILTER (WHERE year = 'undated') "
            "FROM read_parquet(?, hive_partitioning = true)",
            [str(events / "**" / "*.parquet")],
        )
        .fetchone()
    )
    assert in_duckdb == (stored[0], int((frame["year"] == "undated").sum()))
