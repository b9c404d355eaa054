"""Where actors and equipment sit in a sentence: the token look-up by character span."""

from __future__ import annotations

import random
from pathlib import Path

from pactwatch.events.spans import tokens_covering
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
