"""The attribute ruler and lemmatizer of the spaCy pipeline, memoised.

Both are pure functions of a few attributes of a token and its neighbours, yet
spaCy runs a pattern matcher over every token and looks each lemma up anew:
together a third of the time the neural components take. `FastAttributes`
gives every token the same POS, lemma, tag and dependency label the two
components would, from tables filled on first sight of each combination.
It reads the ruler's own patterns, so it follows the model; a model whose
patterns use anything it does not evaluate is run through spaCy as shipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

#: The token attributes a pattern may test, and how: what `_Features` holds.
_TESTED = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE"})
#: What a rule may set; a token's value for each is the last matching rule's.
_SET = frozenset({"POS", "MORPH", "LEMMA", "TAG", "DEP"})
#: A lower-case form no pattern names: stands for every such form.
_OTHER = "\0"

#: (TAG, LOWER or _OTHER, DEP, IS_SPACE) of one token
_Features = tuple[str, str, str, bool]
#: a token's features, and for each two-token pattern whether the token before
#: fits its first token and the token after its second
_Context = tuple[_Features, tuple[bool, ...], tuple[bool, ...]]


class Unsupported(Exception):
    """The ruler's patterns use a predicate or shape this module does not evaluate."""


class _Predicate:
    """One token pattern ({"TAG": "NN", "LOWER": {"IN": [...]}}) as a test on _Features."""

    __slots__ = ("tests",)

    def __init__(self, pattern: dict[str, Any]) -> None:
        if not set(pattern) <= _TESTED:
            raise Unsupported(f"pattern tests {sorted(set(pattern) - _TESTED)}")
        self.tests = [(("TAG", "LOWER", "DEP", "IS_SPACE").index(k), v) for k, v in pattern.items()]
        for _, value in self.tests:
            if isinstance(value, dict) and (
                len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN", "REGEX")
            ):
                raise Unsupported(f"predicate {value!r}")

    def __call__(self, features: _Features) -> bool:
        for place, wanted in self.tests:
            value = features[place]
            if isinstance(wanted, dict):
                ((operator, argument),) = wanted.items()
                if operator == "IN" and value not in argument:
                    return False
                if operator == "NOT_IN" and value in argument:
                    return False
                if operator == "REGEX" and (value == _OTHER or not re.search(argument, str(value))):
                    return False
            elif value != wanted:
                return False
        return True

    def lower_forms(self) -> tuple[set[str], list[str]]:
        """The lower-case forms this pattern names, and its regular expressions on them."""
        forms: set[str] = set()
        regexes: list[str] = []
        for place, wanted in self.tests:
            if place != 1:
                continue
            if isinstance(wanted, dict):
                ((operator, argument),) = wanted.items()
                if operator == "REGEX":
                    regexes.append(argument)
                else:
                    forms.update(argument)
            else:
                forms.add(wanted)
        return forms, regexes


class FastAttributes:
    """POS, lemma, tag and dependency of each token, as attribute_ruler + lemmatizer set them."""

    def __init__(self, ruler: Any, lemmatizer: Any) -> None:
        from spacy.attrs import DEP, IS_SPACE, LOWER, MORPH, ORTH, POS, TAG
        from spacy.parts_of_speech import NAMES

        if lemmatizer.mode != "rule" or lemmatizer.overwrite:
            raise Unsupported("lemmatizer is not in rule mode without overwrite")
        # (target is the first token?, predicates, attributes set), in the ruler's order
        self._rules: list[tuple[int, list[_Predicate], dict[str, str]]] = []
        for rule in ruler.patterns:
            attrs = {str(k): str(v) for k, v in rule["attrs"].items()}
            if not set(attrs) <= _SET:
                raise Unsupported(f"rule sets {sorted(set(attrs) - _SET)}")
            for alternative in rule["patterns"]:
                index = rule.get("index", 0)
                if len(alternative) not in (1, 2) or not -len(alternative) <= index < len(
                    alternative
                ):
                    raise Unsupported(f"pattern of {len(alternative)} tokens, index {index}")
                predicates = [_Predicate(token) for token in alternative]
                self._rules.append((index % len(alternative), predicates, attrs))
        named: set[str] = set()
        regexes: list[str] = []
        for _, predicates, _ in self._rules:
            for predicate in predicates:
                forms, found = predicate.lower_forms()
                named |= forms
                regexes += found
        self._named = frozenset(named)
        # one pattern for all: a form is named if any of them finds something in it
        self._named_by = re.compile("|".join(f"(?:{r})" for r in regexes)) if regexes else None
        self._lemmatizer = lemmatizer
        _index_as_sets(lemmatizer)
        self._kind_of: dict[int, str] = {}
        self._features_of: dict[tuple[int, int, int, int], _Features] = {}
        self._by_context: dict[_Context, dict[str, str]] = {}
        self._lemmas: dict[tuple[int, str, str], str] = {}
        self._pairs = [predicates for _, predicates, _ in self._rules if len(predicates) == 2]
        self._fit: dict[_Features, tuple[tuple[bool, ...], tuple[bool, ...]]] = {}
        #: what `annotate` reads of each token, as ids (one array per Doc, no Token objects)
        self._columns = [TAG, LOWER, DEP, IS_SPACE, POS, MORPH, ORTH]
        self._pos_names: dict[int, str] = dict(NAMES)

    def _features(self, row: list[int], strings: Any) -> _Features:
        """A token's _Features from its (TAG, LOWER, DEP, IS_SPACE, ...) ids."""
        tag, lower, dep, space = row[:4]
        features = self._features_of.get((tag, lower, dep, space))
        if features is None:
            kind = self._kind_of.get(lower)
            if kind is None:
                form = strings[lower]
                named = form in self._named or bool(
                    self._named_by is not None and self._named_by.search(form)
                )
                kind = self._kind_of[lower] = form if named else _OTHER
            features = (strings[tag], kind, strings[dep], bool(space))
            self._features_of[(tag, lower, dep, space)] = features
        return features

    def annotate(self, doc: Any) -> list[tuple[str, str, str, str]]:
        """(pos, lemma, tag, dep) of each token of a tagged and parsed Doc."""
        strings = doc.vocab.strings
        rows = doc.to_array(self._columns).tolist()
        features = [self._features(row, strings) for row in rows]
        fits = [self._fits(f) for f in features]
        none = (False,) * len(self._pairs)
        found: list[tuple[str, str, str, str]] = []
        last = len(features) - 1
        for i, row in enumerate(rows):
            key = (features[i], fits[i - 1][0] if i else none, fits[i + 1][1] if i < last else none)
            attrs = self._by_context.get(key)
            if attrs is None:
                attrs = self._by_context[key] = self._apply(*key)
            pos = attrs["POS"] if "POS" in attrs else self._pos_names[row[4]]
            morph = attrs["MORPH"] if "MORPH" in attrs else strings[row[5]]
            lemma = attrs.get("LEMMA") or self._lemma(doc, i, row[6], pos, morph)
            tag, _, dep, _ = features[i]
            found.append((pos, lemma, attrs.get("TAG", tag), attrs.get("DEP", dep)))
        return found

    def _fits(self, features: _Features) -> tuple[tuple[bool, ...], tuple[bool, ...]]:
        """For each two-token pattern: does the token fit as its first, as its second token?"""
        fits = self._fit.get(features)
        if fits is None:
            first = tuple(pair[0](features) for pair in self._pairs)
            second = tuple(pair[1](features) for pair in self._pairs)
            fits = self._fit[features] = (first, second)
        return fits

    def _apply(
        self, features: _Features, before: Sequence[bool], after: Sequence[bool]
    ) -> dict[str, str]:
        """The attributes the ruler's matching rules set, the later rule winning."""
        attrs: dict[str, str] = {}
        pair = 0
        for place, predicates, sets in self._rules:
            if len(predicates) == 1:
                hit = predicates[0](features)
            else:
                # a two-token pattern's other token fits (before/after), and this one its slot
                hit = (before[pair] if place == 1 else after[pair]) and predicates[place](features)
                pair += 1
            if hit:
                attrs.update(sets)
        return attrs

    def _lemma(self, doc: Any, i: int, orth: int, pos: str, morph: str) -> str:
        key = (orth, pos, morph)
        lemma = self._lemmas.get(key)
        if lemma is None:
            # the lemmatizer reads the token's POS and morphology from the Doc
            token = doc[i]
            token.pos_ = pos
            token.set_morph(morph or None)
            lemma = self._lemmas[key] = str(self._lemmatizer.lemmatize(token)[0])
        return lemma


def _index_as_sets(lemmatizer: Any) -> None:
    """Make the lemmatizer's word index (lists of up to 57,000 words per part of
    speech in the model's lookups) sets of the same words.

    The rule lemmatizer asks only whether a candidate form is in that index, a
    scan of the list each time: nine tenths of its time, 90 µs a word. Lemmas
    are the same; this changes the loaded pipeline only, never the model on disk.
    """
    index = lemmatizer.lookups.get_table("lemma_index", None)
    if index is None:
        return
    for key, words in list(index.items()):
        if isinstance(words, list):
            index[key] = frozenset(words)
