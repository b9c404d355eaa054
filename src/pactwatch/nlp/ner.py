"""spaCy's named-entity recogniser, its transition loop run over a whole batch at once.

The NER was a third of extraction's time, and half of that was its compiled
transition loop: for every token it asks each of the 74 moves (B, I, L, U per
label, and O) whether it is valid, and spaCy's build reacquires the GIL
around each question. Every NER move consumes exactly one token, so all
sentences of a batch advance in step: this module takes the model's own
layers (its tok2vec and precomputed lower layer, run by thinc as before) and
decides the moves of every sentence at step t in a few numpy operations,
with the same arithmetic in the same order: the three features summed from
zero, the bias added, maxout, the output layer by the same blis sgemm call,
the first best valid move. The rules of validity are those of spaCy's
`ner.pyx` for documents with no entities set beforehand (ours never have).

A model it cannot follow (another architecture, other moves, classes left
unseen in training) raises Unsupported, and spaCy's own NER runs instead.
`tests/test_parsing.py` compares the two on real sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from pactwatch.nlp.attributes import Unsupported

#: Move kinds, in the order of spaCy's `ner.pyx` (MISSING is never valid).
_BEGIN, _IN, _LAST, _UNIT, _OUT = range(5)
_KINDS = {"B": _BEGIN, "I": _IN, "L": _LAST, "U": _UNIT, "O": _OUT}

IntArray = npt.NDArray[np.int64]
LabelArray = npt.NDArray[np.uint64]
FloatArray = npt.NDArray[np.float32]
#: a Doc's SENT_START (1: starts a sentence) and IS_SPACE, token by token
Columns = tuple[IntArray, npt.NDArray[np.bool_]]


class FastNER:
    """The `ner` component of a loaded pipeline, as entity labels per token."""

    def __init__(self, ner: Any) -> None:
        import blis.py

        model = ner.model
        if ner.cfg.get("beam_width", 1) != 1 or len(model.layers) != 3:
            raise Unsupported("not a greedy transition-based NER")
        if not model.attrs.get("has_upper") or model.attrs.get("unseen_classes"):
            # unseen classes get a score that depends on the whole batch
            raise Unsupported("NER without an output layer, or with unseen classes")
        self._tok2vec, self._lower, upper = model.layers
        if self._lower.get_dim("nF") != 3 or self._lower.name != "precomputable_affine":
            raise Unsupported("NER features are not the three of state_type 'ner'")
        strings = ner.vocab.strings
        kinds: list[int] = []
        labels: list[int] = []
        for index in range(ner.moves.n_moves):
            name = ner.moves.get_class_name(index)
            kind, _, label = name.partition("-")
            if kind not in _KINDS or (kind == "O") != (name == "O"):
                raise Unsupported(f"NER move {name!r}")
            kinds.append(_KINDS[kind])
            labels.append(strings.add(label) if label else 0)
        kind = np.array(kinds)
        self._kind = kind
        # entity labels by index; per move, the index of its label (-1: none)
        names = sorted({label for label in labels if label})
        self._labels = np.array(names, dtype=np.uint64)
        index_of = {label: i for i, label in enumerate(names)}
        self._label_index = np.array([index_of.get(label, -1) for label in labels])
        self._nP = self._lower.get_dim("nP")
        self._nH = self._lower.get_dim("nO")
        self._feature_bias = self._lower.get_param("b").reshape(-1)
        self._W = upper.get_param("W")
        self._b = upper.get_param("b")
        self._gemm = blis.py.gemm
        self._penalty = self._penalties(kind, self._label_index, len(names))

    @staticmethod
    def _penalties(kind: IntArray, label_index: IntArray, labels: int) -> FloatArray:
        """0 for each valid move, -inf for the others, by the situation of a sentence.

        spaCy's is_valid, for documents without preset entities, depends on whether
        an entity is open (and its label), whether the next token exists and does not
        start a sentence ("free"), and whether this token is white space. Rows 0-3
        are for no open entity: 2 * (B allowed: next free, not space) + (U allowed:
        not space); row 4 + 2 * label + (next free) for an open entity of that label.
        """
        labelled = label_index >= 0
        penalty = np.full((4 + 2 * labels, len(kind)), -np.inf, dtype=np.float32)
        for row in range(4):
            may_begin, may_unit = bool(row & 2), bool(row & 1)
            valid = (kind == _OUT) | (labelled & (kind == _BEGIN) & may_begin)
            valid |= labelled & (kind == _UNIT) & may_unit
            penalty[row, valid] = 0.0
        for label in range(labels):
            for free in (0, 1):
                same = label_index == label
                valid = same & ((kind == _LAST) | ((kind == _IN) & bool(free)))
                penalty[4 + 2 * label + free, valid] = 0.0
        return penalty

    def entity_types(self, docs: Sequence[Any], columns: Sequence[Columns]) -> list[LabelArray]:
        """The entity label (string id, 0 for none) of each token of each Doc.

        `columns` holds each Doc's (SENT_START, IS_SPACE) as set by the parser:
        an entity does not cross a sentence start nor begin on white space.
        """
        out = [np.zeros(len(doc), dtype=np.uint64) for doc in docs]
        if not any(len(doc) for doc in docs):
            return out
        tokvecs = self._tok2vec.predict(list(docs))
        cached, _ = self._lower(tokvecs, is_train=False)
        # row 0 is the padding (a missing feature), token i of the batch is row i + 1
        cached = cached.reshape(cached.shape[0], 3, -1)
        lengths = np.array([len(doc) for doc in docs])
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        # for each token of the batch: is the next one in its Doc and no sentence start?
        free = np.zeros(int(lengths.sum()), dtype=np.int64)
        space = np.zeros(len(free), dtype=bool)
        for offset, length, (starts, spaces) in zip(offsets, lengths, columns, strict=True):
            free[offset : offset + length - 1] = starts[1:] != 1
            space[offset : offset + length] = spaces
        closed_row = 2 * (free & ~space) + ~space
        open_row = 4 + free
        states = len(docs)
        is_open = np.zeros(states, dtype=bool)
        entity_start = np.zeros(states, dtype=np.int64)  # batch position of its first token
        entity_label = np.zeros(states, dtype=np.int64)  # index in self._labels
        found: list[tuple[int, int, int, int]] = []  # (doc, start, end, label index)
        live = np.arange(states)
        for step in range(int(lengths.max())):
            live = live[lengths[live] > step]  # the Docs with a token left
            if not live.size:
                break
            at = offsets[live] + step  # B(0), as a batch position
            opened = is_open[live]
            # features: B(0); E(0) and B(0)-1 while an entity is open; else the padding
            unmaxed = np.zeros((len(live), cached.shape[2]), dtype=np.float32)
            unmaxed += cached[at + 1, 0]
            unmaxed += cached[np.where(opened, entity_start[live] + 1, 0), 1]
            unmaxed += cached[np.where(opened, at, 0), 2]
            unmaxed += self._feature_bias
            pieces = unmaxed.reshape(len(live), self._nH, self._nP)
            hidden = pieces[:, :, 0]
            for piece in range(1, self._nP):  # maxout: the largest piece of each unit
                hidden = np.maximum(hidden, pieces[:, :, piece])
            hidden = np.ascontiguousarray(hidden)
            scores = self._gemm(hidden, self._W, trans2=True, alpha=1.0, beta=0.0)
            scores += self._b
            rows = np.where(opened, open_row[at] + 2 * entity_label[live], closed_row[at])
            scores += self._penalty[rows]
            guess = scores.argmax(axis=1)
            kind = self._kind[guess]
            stuck = np.isneginf(scores[np.arange(len(live)), guess])
            if stuck.any():
                # no valid move: spaCy ends the Doc there, dropping an open entity
                lengths[live[stuck]] = 0
                is_open[live[stuck]] = False
                kind[stuck] = -1
            begins = kind == _BEGIN
            if begins.any():
                started = live[begins]
                is_open[started] = True
                entity_start[started] = at[begins]
                entity_label[started] = self._label_index[guess[begins]]
            for row in np.flatnonzero((kind == _LAST) | (kind == _UNIT)).tolist():
                state = int(live[row])
                end = int(at[row]) + 1
                if kind[row] == _LAST:
                    start = int(entity_start[state])
                    is_open[state] = False
                else:
                    start = end - 1
                found.append((state, start, end, int(self._label_index[guess[row]])))
        for state, start, end, label in found:
            offset = offsets[state]
            out[state][start - offset : end - offset] = self._labels[label]
        return out
