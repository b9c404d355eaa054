"""Confidence: the estimated probability that an event's scored tuples are right.

A logistic model over what the extractor knows when it has made an event:
its type, the frame and modifiers of the rule that made it, stage,
certainty, the kinds of parties, how far the parties stand from the
trigger (in words and along the parse), parties named only in earlier
sentences, the rule-of-thumb score the rule gave it, and the shape of the
sentence. The weights are fitted on gold (`pactwatch calibrate`, see
docs/accuracy.md, "Confidence") and shipped in `confidence.json` beside this
module as a readable table of feature -> weight; a feature the table lacks
(a rule added since the fit) weighs nothing, so such an event gets what its
type and the other features say until the next fit.

`calibrate` is applied once to every event, at the end of its creation
(pipeline.analyse, after denials are read). The features it read stay in
`event.extras["confidence_features"]`, which is what the fit uses.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from pactwatch.models import Event, Sentence, Token

#: Where the fitted weights ship.
MODEL_FILE = "confidence.json"
#: Confidence never claims certainty either way: gold itself is not perfect.
FLOOR, CEILING = 0.02, 0.98
#: Non-state kinds of party worth a feature of their own.
_KINDS = ("government", "military", "official", "organization", "armed_group", "company")
#: Distances are capped: beyond these the parse says little more.
_MAX_WORDS, _MAX_HOPS = 30, 8

FEATURES_KEY = "confidence_features"


@dataclass(frozen=True, slots=True)
class Model:
    """Fitted weights: feature name -> weight; the probability is the logistic of their sum."""

    weights: dict[str, float]
    about: dict[str, Any]

    def probability(self, features: dict[str, float]) -> float:
        score = sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def to_json(self) -> str:
        data = {"about": self.about, "weights": dict(sorted(self.weights.items()))}
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Model:
        data = json.loads(text)
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        return cls(weights=weights, about=dict(data.get("about", {})))


@functools.cache
def load_model(path: str | None = None) -> Model:
    """The shipped model (or the one at `path`); without one, every event keeps 0.5."""
    if path is not None:
        return Model.from_json(Path(path).read_text(encoding="utf-8"))
    shipped = resources.files("pactwatch.events").joinpath(MODEL_FILE)
    if not shipped.is_file():
        return Model(weights={}, about={"note": "no fitted model shipped"})
    return Model.from_json(shipped.read_text(encoding="utf-8"))


def calibrate(event: Event, sentence: Sentence, model: Model | None = None) -> Event:
    """The event with `confidence` from the model and its features kept in `extras`."""
    found = features(event, sentence)
    probability = (model or load_model()).probability(found)
    confidence = round(min(CEILING, max(FLOOR, probability)), 3)
    return replace(event, confidence=confidence, extras={**event.extras, FEATURES_KEY: found})


# ---------------------------------------------------------------- features


def rule_parts(rule: str) -> tuple[str, tuple[str, ...]]:
    """The frame of a rule and its modifiers: "arms_transfer.give[send]+denied-after" ->
    ("give", ("denied-after",)); "sanction.restricts[halt]+arms_transfer.give[sell]" ->
    ("restricts", ("arms_transfer.give",))."""
    base, *extra = rule.split("+")
    frame = base.split(".", 1)[1] if "." in base else base
    frame = frame.split("[", 1)[0]
    modifiers = tuple(part.split("[", 1)[0] for part in extra if part)
    return frame, modifiers


def features(event: Event, sentence: Sentence) -> dict[str, float]:
    """What the model reads of one event, by name; absent features are 0."""
    frame, modifiers = rule_parts(event.rule)
    found: dict[str, float] = {
        "bias": 1.0,
        f"type={event.type}": 1.0,
        f"frame={frame}": 1.0,
        f"stage={event.stage}": 1.0,
        f"certainty={event.certainty}": 1.0,
        # The rule's own rule of thumb (direct syntactic slots, equipment named).
        "rule_score": event.confidence - 0.5,
    }
    for modifier in modifiers:
        found[f"rule+{modifier}"] = 1.0
    for kind in sorted({actor.kind for actor in event.actors} & set(_KINDS)):
        found[f"kind={kind}"] = 1.0
    parties = {actor.country for actor in event.actors}
    found["parties>2"] = float(len(parties) > 2)
    if event.equipment:
        found["equipment"] = 1.0
    if event.date.precision != "unknown":
        found["dated"] = 1.0
    tokens = sentence.tokens
    found["long_sentence"] = min(len(tokens), 80) / 40
    if sentence.text.rstrip()[-1:] not in ".!?\"'”’":
        found["no_full_stop"] = 1.0
    found.update(_distances(event, sentence))
    return found


def _distances(event: Event, sentence: Sentence) -> dict[str, float]:
    """How far the parties stand from the trigger: words apart and hops along the parse."""
    trigger = _trigger_token(event.trigger, sentence.tokens)
    if trigger is None:
        return {"trigger_unfound": 1.0}
    words: list[int] = []
    hops: list[int] = []
    unseen = 0
    for actor in event.actors:
        token = _mention_token(actor.text, sentence, trigger)
        if token is None:
            unseen += 1
            continue
        words.append(abs(token - trigger))
        hops.append(_hops(sentence.tokens, token, trigger))
    found: dict[str, float] = {}
    if unseen:
        found["party_not_in_sentence"] = float(min(unseen, 2))
    if words:
        found["words_apart"] = min(max(words), _MAX_WORDS) / 10
        found["hops_apart"] = min(max(hops), _MAX_HOPS) / 4
    if sentence.tokens[trigger].pos in ("NOUN", "PROPN"):
        found["noun_trigger"] = 1.0
    return found


def _trigger_token(trigger: str, tokens: tuple[Token, ...]) -> int | None:
    """The index of the trigger's last word ("military aid" -> "aid"), first occurrence."""
    words = trigger.split()
    if not words:
        return None
    if len(words) == 1 and "-" in words[0] and words[0] not in {t.text for t in tokens}:
        words = [words[0].rsplit("-", 1)[-1]]  # "Chinese-made": the participle
    texts = [token.text for token in tokens]
    for start in range(len(texts) - len(words) + 1):
        if texts[start : start + len(words)] == words:
            return start + len(words) - 1
    return None


def _mention_token(text: str, sentence: Sentence, trigger: int) -> int | None:
    """The last word of the mention of `text` nearest the trigger, if the sentence names it."""
    best: int | None = None
    position = sentence.text.find(text) if text else -1
    while position >= 0:
        start = sentence.start + position
        end = start + len(text)
        inside = [t.i for t in sentence.tokens if t.start >= start and t.end <= end]
        if inside:
            candidate = inside[-1]
            if best is None or abs(candidate - trigger) < abs(best - trigger):
                best = candidate
        position = sentence.text.find(text, position + 1)
    return best


def _hops(tokens: tuple[Token, ...], first: int, second: int) -> int:
    """Edges on the dependency path between two words of one sentence."""
    depth_of_first = {index: depth for depth, index in enumerate(_to_root(tokens, first))}
    for depth, index in enumerate(_to_root(tokens, second)):
        if index in depth_of_first:
            return depth + depth_of_first[index]
    return _MAX_HOPS


def _to_root(tokens: tuple[Token, ...], index: int) -> list[int]:
    path = [index]
    while tokens[path[-1]].head != path[-1] and len(path) <= len(tokens):
        path.append(tokens[path[-1]].head)
    return path
