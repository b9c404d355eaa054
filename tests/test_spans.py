"""Where actors and equipment sit in a sentence: the token look-up by character span,
the walk up the dependency tree, and the states an article named before a sentence.

Each fast look-up is checked against the plain scan it replaced."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pactwatch.events.context import ArticleContext
from pactwatch.events.spans import tokens_covering
from pactwatch.events.syntax import Tree
from pactwatch.nlp import parse_sentences, split_sentences
from pactwatch.pipeline import prepare_article
from pactwatch.sources import read_document

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.txt"))


def test_tokens_covering_finds_exactly_the_overlapping_tokens() -> None:
    """Bisection gives the same tokens as a scan of the whole sentence, for any span."""
    article, _ = prepare_article(read_document(SAMPLES[0]))
    spans = split_sentences(article.text)
    sentences = parse_sentences(article.text, [(i, s, e) for i, (s, e) in enumerate(spans)])
    pick = random.Random(13)
    tried = 0
    for sentence in sentences:
        for _ in range(30):
            start = pick.randint(sentence.start - 2, sentence.end + 2)
            end = start + pick.randint(0, 40)
            scanned = tuple(t.i for t in sentence.tokens if t.start < end and t.end > start)
            assert tokens_covering(sentence, start, end) == scanned, (sentence.text, start, end)
            tried += 1
    assert tried > 300


def _walk_up(tree: Tree, i: int, top: int) -> list[int] | None:
    path, seen, h = [i], {i}, tree.head(i)
    while h is not None and h not in seen:
        if h == top:
            return path
        path.append(h)
        seen.add(h)
        h = tree.head(h)
    return None


def test_path_up_gives_the_walk_up_the_heads() -> None:
    """The O(1) "is top above i" test answers as walking up from i does, for every
    pair of tokens of the samples and of a 2,000-character run-on sentence."""
    article, _ = prepare_article(read_document(SAMPLES[1]))
    spans = [(i, s, e) for i, (s, e) in enumerate(split_sentences(article.text))]
    sentences = parse_sentences(article.text, spans)
    run_on = ("Iran sent drones to Russia, and " * 63)[:2000]
    sentences += parse_sentences(run_on, [(0, 0, len(run_on))])
    found = 0
    for sentence in sentences:
        tree = Tree(sentence)
        for i in range(len(sentence.tokens)):
            for top in range(len(sentence.tokens)):
                path = tree.path_up(i, top)
                assert path == _walk_up(tree, i, top), (sentence.text, i, top)
                found += path is not None
    assert found > 1000


def test_states_named_before_a_sentence_are_counted_as_a_scan_counts_them() -> None:
    """recent_codes and salient, read from where each code is named, give what a
    scan of every sentence up to this one gives."""
    pick = random.Random(13)
    for _ in range(200):
        named = [[pick.choice("ABCDEF") for _ in range(pick.randint(0, 3))] for _ in range(8)]
        context = ArticleContext(codes_by_sentence=named)
        for index in range(-1, 10):
            before = [code for codes in named[: index + 1] for code in codes]
            recent = list(dict.fromkeys(reversed(before)))
            assert context.recent_codes(index) == recent
            counts = {code: before.count(code) for code in recent if code in "ABC"}
            ranked = sorted(counts, key=lambda code: (-counts[code], recent.index(code)))
            assert context.salient(index, frozenset("ABC"), 2) == ranked[:2]


@pytest.mark.parametrize(
    ("paragraph", "first"),
    [
        # a wire dateline is no part of the sentence after it
        ("ARUSHA, Tanzania - Army chiefs met.", "Army chiefs met."),
        ("BEIJING, Oct. 14 (Xinhua) -- Two navies sailed. They met.", "Two navies sailed."),
        ("LIMA, March 3 (Reuters) — Peru bought jets.", "Peru bought jets."),
        # unless the paragraph says "here", the dateline's place
        ("SUVA, Fiji - Drills began here on Monday.", "SUVA, Fiji - Drills began here on Monday."),
        # a headline with a dash is no dateline
        ("NATO - Russia tensions rise", "NATO - Russia tensions rise"),
    ],
)
def test_a_dateline_opening_a_paragraph_starts_no_sentence(paragraph: str, first: str) -> None:
    start, end = split_sentences(paragraph)[0]
    assert paragraph[start:end] == first
