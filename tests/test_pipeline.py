"""The pipeline as a whole: the pre-filter loses nothing, and `process` handles batches."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pactwatch.errors import InputError
from pactwatch.models import Article
from pactwatch.pipeline import (
    MAX_SENTENCE_CHARS,
    ArticleResult,
    analyse,
    prepare_article,
    process,
    process_document,
    process_documents,
)
from pactwatch.sources import RawDocument, read_document

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.txt"))


def load(path: Path) -> Article:
    article, _ = prepare_article(read_document(path))
    return article


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_prefilter_loses_no_event(path: Path) -> None:
    """Parsing only the candidate sentences must give exactly the events a full parse gives."""
    article = load(path)
    assert analyse(article, parse_all=True).events == analyse(article).events


def test_prefilter_skips_the_samples_sentences_that_cannot_hold_an_event() -> None:
    """Over the samples, sentences without a trigger and two actors are not parsed.

    A short article about defence ties may have every sentence be a candidate
    (001 does), so the property is checked over the set, and exactly below.
    """
    results = [analyse(load(path)) for path in SAMPLES]
    assert all(r.parsed > 0 for r in results)
    assert sum(r.parsed for r in results) < sum(r.sentences for r in results)


def test_prefilter_parses_exactly_the_candidate_sentences() -> None:
    text = (
        "Iran sent drones to Russia last month.\n"
        "The weather in Tehran was mild.\n"
        "Fans in Moscow celebrated a football win.\n"
        "Poland bought tanks from South Korea.\n"
        "Prices rose sharply."
    )
    article = Article(id="mixed.txt", text=text)
    result = analyse(article, keep_readings=True)
    assert result.sentences == 5
    assert result.parsed == 2
    assert [r.sentence.index for r in result.readings] == [0, 3]


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_full_parse_parses_every_sentence(path: Path) -> None:
    result = analyse(load(path), parse_all=True)
    assert result.parsed == result.sentences


def test_samples_are_five() -> None:
    assert len(SAMPLES) == 5


def test_prepared_article_keeps_its_source(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Iran sent drones to Russia last month.", encoding="utf-8")
    article, _ = prepare_article(read_document(path), date(2022, 12, 10))
    assert article.id == "story.txt"
    assert article.published == date(2022, 12, 10)
    assert article.published_from == "argument"


@pytest.mark.parametrize(
    ("published", "expected_from"),
    [(None, "unknown"), ("2022-12-10", "argument"), (date(2022, 12, 10), "argument")],
)
def test_process_settles_the_publication_date(
    tmp_path: Path, published: str | date | None, expected_from: str
) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Iran sent drones to Russia last month.", encoding="utf-8")
    (result,) = process([path], published)
    assert isinstance(result, ArticleResult)
    assert result.article.published_from == expected_from
    assert [e.type for e in result.events] == ["arms_transfer"]


def test_process_goes_on_after_a_bad_input(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Iran sent drones to Russia last month.", encoding="utf-8")
    results = list(process([tmp_path / "missing.txt", good]))
    assert isinstance(results[0], InputError)
    assert "missing.txt" in str(results[0])
    assert isinstance(results[1], ArticleResult)
    assert results[1].events


def test_process_rejects_a_bad_published_value(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="someday"):
        list(process([tmp_path], "someday"))


DEV_ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "acceptance" / "dev" / "articles"


def test_prefilter_loses_no_event_on_the_development_pages() -> None:
    """The same on 50 real scraped pages, whose article-level memory (officials,
    "the two countries", earlier sanctions) must not depend on what was parsed."""
    paths = sorted(DEV_ARTICLES.glob("*.txt"))
    assert len(paths) == 50
    for path in paths:
        article = load(path)
        assert analyse(article, parse_all=True).events == analyse(article).events, path.name


# ----------------------------------------------------------- bounded, one boundary each


def _run_on(paragraph: str, times: int, joint: str) -> str:
    return joint.join([paragraph.rstrip(".")] * times) + "."


def test_a_run_on_sentence_is_parsed_in_bounded_pieces_with_a_warning() -> None:
    text = _run_on("Iran sent drones to Russia", 400, ", and ")
    assert len(text) > 4 * MAX_SENTENCE_CHARS
    result = analyse(Article(id="run-on.txt", text=text), keep_readings=True)
    assert result.sentences == result.parsed > 4
    assert all(len(r.sentence.text) <= MAX_SENTENCE_CHARS for r in result.readings)
    assert [e.type for e in result.events][:1] == ["arms_transfer"]
    (warning,) = result.warnings
    assert f"parsed in pieces of at most {MAX_SENTENCE_CHARS:,}" in warning


def test_an_analysis_over_its_time_budget_fails_that_document_only(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(_run_on("Iran sent drones to Russia", 200, ", and "))
    (tmp_path / "b.jsonl").write_text('{"id": "b", "text": "Iran sent drones to Russia."}\n')
    slow, fast = process([tmp_path], time_budget=0.0)
    assert isinstance(slow, InputError) and slow.source.endswith("a.txt")
    assert "time budget" in slow.problem and "--time-budget" in slow.problem
    assert isinstance(fast, InputError)  # no analysis at all fits in no time
    (quick,) = process([tmp_path / "b.jsonl"], time_budget=None)
    assert isinstance(quick, ArticleResult) and quick.events


def test_a_failure_inside_analysis_names_the_document_and_sentence() -> None:
    """A lone surrogate reaching spaCy (the Python API takes any str) breaks its parse."""
    doc = RawDocument(
        id="x", body="Prices rose.\nIran sent \ud800 drones to Russia.", is_html=False, path="x.txt"
    )
    with pytest.raises(InputError) as failure:
        process_document(doc)
    assert failure.value.source == "x.txt"
    assert failure.value.problem.startswith("sentence 2: parsing failed (UnicodeEncodeError")


def test_documents_parsed_together_give_each_ones_own_events() -> None:
    """`process_documents` parses several articles' sentences in shared batches; each
    result is that article's alone, a long article (several chunks) goes its own way,
    and a document that fails is one InputError among the others' results."""
    long_body = " ".join(["Russia sold tanks to Serbia, Moscow said on Monday."] * 150)
    documents: list[RawDocument | InputError] = [read_document(path) for path in SAMPLES]
    documents.insert(2, RawDocument(id="long", body=long_body, is_html=False, path="long.txt"))
    documents.insert(4, RawDocument(id="empty", body="\n\n", is_html=False, path="empty.txt"))
    together = process_documents(documents)
    assert len(together) == len(documents)
    for document, result in zip(documents, together, strict=True):
        assert isinstance(document, RawDocument)
        if document.id == "empty":
            assert isinstance(result, InputError) and "empty.txt" in str(result)
            continue
        alone = process_document(document)
        assert isinstance(result, ArticleResult), result
        assert result.events == alone.events, document.id
        assert (result.sentences, result.parsed) == (alone.sentences, alone.parsed)
    long_result = together[2]
    assert isinstance(long_result, ArticleResult) and long_result.events
