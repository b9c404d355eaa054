"""Reading and validating the two inputs of an evaluation: the gold file and the predictions.

Kept apart from scoring so a malformed file is rejected, naming the file and the entry,
before anything is counted, and so scoring can take records that never touched a file
(`pactwatch eval --run` scores events straight from the extractor).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from pactwatch.errors import GoldFileError
from pactwatch.evaluate.tuples import EventTuple, GoldTuple
from pactwatch.models import DIRECTED_TYPES, EVENT_TYPES, STAGES


class PredictionFileError(GoldFileError):
    """A predictions file or record for `pactwatch eval` is malformed.

    A subclass of GoldFileError so one handler covers both inputs of an evaluation.
    """


def article_key(name: str) -> str:
    """The base name an article is matched by: predictions may keep the path they came from."""
    return name.replace("\\", "/").rsplit("/", 1)[-1]


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True, slots=True)
class GoldArticle:
    name: str
    published: str | None
    skip: str | None
    required: tuple[GoldTuple, ...]
    optional: tuple[GoldTuple, ...]
    must_not: tuple[GoldTuple, ...]


@dataclass(frozen=True, slots=True)
class Gold:
    """A parsed gold file: articles keyed by base name, events already expanded to tuples."""

    path: str
    articles: Mapping[str, GoldArticle]


def load_gold(path: str | Path) -> Gold:
    """Read and validate a gold file; every problem names the file and the entry."""
    source = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFileError(f"{source}: cannot read gold file ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise GoldFileError(
            f"{source}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise GoldFileError(f'{source}: expected a JSON object with an "articles" list')
    articles: dict[str, GoldArticle] = {}
    for index, entry in enumerate(data["articles"], start=1):
        article = _parse_article(entry, f"{source}: articles[{index}]")
        if article.name in articles:
            raise GoldFileError(f"{source}: article {article.name!r} is listed twice")
        articles[article.name] = article
    return Gold(path=source, articles=articles)


def _parse_article(entry: object, where: str) -> GoldArticle:
    if not isinstance(entry, dict):
        raise GoldFileError(f"{where}: expected an object")
    name = entry.get("article")
    if not isinstance(name, str) or not name.strip():
        raise GoldFileError(f'{where}: missing "article" name')
    where = f"{where} ({name})"
    skip = entry.get("skip")
    events = entry.get("events", [] if skip else None)
    must_not = entry.get("must_not", [])
    if not isinstance(events, list):
        raise GoldFileError(f'{where}: "events" must be a list')
    if not isinstance(must_not, list):
        raise GoldFileError(f'{where}: "must_not" must be a list')
    required: list[GoldTuple] = []
    optional: list[GoldTuple] = []
    for number, raw in enumerate(events, start=1):
        tuples, is_required = _parse_event(raw, f"{where}, event {number}")
        (required if is_required else optional).extend(tuples)
    blocked = [
        gold_tuple
        for number, raw in enumerate(must_not, start=1)
        for gold_tuple in _parse_event(raw, f"{where}, must_not {number}")[0]
    ]
    published = entry.get("published")
    return GoldArticle(
        name=article_key(name),
        published=published if isinstance(published, str) else None,
        skip=str(skip) if skip else None,
        required=_merge_identical(required),
        optional=_merge_identical(optional),
        must_not=tuple(blocked),
    )


def _parse_event(raw: object, where: str) -> tuple[list[GoldTuple], bool]:
    """Expand one gold event to its tuples; also say whether it is required."""
    if not isinstance(raw, dict):
        raise GoldFileError(f"{where}: expected an object")
    types = raw.get("types")
    if not isinstance(types, list) or not types or not all(isinstance(t, str) for t in types):
        raise GoldFileError(f'{where}: "types" must be a non-empty list of type names')
    unknown = [t for t in types if t not in EVENT_TYPES]
    if unknown:
        raise GoldFileError(f"{where}: unknown type {unknown[0]!r}")
    stage = raw.get("stage")
    if stage is not None and stage not in STAGES:
        raise GoldFileError(f"{where}: unknown stage {stage!r}")
    required = raw.get("required", True)
    if not isinstance(required, bool):
        raise GoldFileError(f'{where}: "required" must be true or false')
    note = raw.get("note") or ""
    pairs, directed = _gold_pairs(raw, tuple(types), where)
    tuples = [
        GoldTuple(
            types=tuple(types),
            first=first if directed else min(first, second),
            second=second if directed else max(first, second),
            directed=directed,
            stages=(stage,) if stage else (),
            note=str(note),
        )
        for first, second in pairs
    ]
    return tuples, required


def _gold_pairs(
    raw: Mapping[str, Any], types: tuple[str, ...], where: str
) -> tuple[list[tuple[str, str]], bool]:
    """The ordered pairs a gold event names, and whether their order is meaningful."""
    if "source" in raw or "target" in raw:
        sources = _codes(raw.get("source"), f"{where}: source")
        targets = _codes(raw.get("target"), f"{where}: target")
        pairs = [(s, t) for s in sources for t in targets if s != t]
        directed = any(t in DIRECTED_TYPES for t in types)
    elif "participants" in raw:
        if all(t in DIRECTED_TYPES for t in types):
            raise GoldFileError(f"{where}: directed type {types[0]!r} needs source and target")
        participants = list(dict.fromkeys(_codes(raw["participants"], f"{where}: participants")))
        if len(participants) < 2:
            raise GoldFileError(f"{where}: participants must name two or more parties")
        pairs, directed = list(combinations(participants, 2)), False
    else:
        raise GoldFileError(f"{where}: needs source and target, or participants")
    if not pairs:
        raise GoldFileError(f"{where}: source and target name the same party")
    return pairs, directed


def _codes(value: object, where: str) -> list[str]:
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    raise GoldFileError(f"{where}: expected a code or a non-empty list of codes")


def _merge_identical(tuples: Sequence[GoldTuple]) -> tuple[GoldTuple, ...]:
    """Count identical gold tuples once, keeping every stage and note they carried."""
    merged: dict[tuple[tuple[str, ...], str, str, bool], GoldTuple] = {}
    for gold_tuple in tuples:
        seen = merged.get(gold_tuple.identity)
        if seen is None:
            merged[gold_tuple.identity] = gold_tuple
            continue
        stages = tuple(dict.fromkeys(seen.stages + gold_tuple.stages))
        notes = "; ".join(n for n in dict.fromkeys((seen.note, gold_tuple.note)) if n)
        merged[gold_tuple.identity] = GoldTuple(
            seen.types, seen.first, seen.second, seen.directed, stages, notes
        )
    return tuple(merged.values())


def restrict_to_half(gold: Gold, half: str, index: str | Path | None = None) -> Gold:
    """The gold articles of one half of a set, as its `index.jsonl` marks them.

    dev2 is split into a `tune` half (read and fixed) and a `check` half (only ever
    scored): scoring one half must not need a copy of the files. The index lies
    beside the gold file unless given; each line names a `file` and its `half`.
    """
    path = Path(index) if index else Path(gold.path).with_name("index.jsonl")
    names: set[str] = set()
    halves: set[str] = set()
    for number, record in _json_lines(path, GoldFileError, "the index that marks halves"):
        if not isinstance(record, dict) or not isinstance(record.get("file"), str):
            raise GoldFileError(f'{path}:{number}: expected an object with a "file" name')
        halves.add(str(record.get("half")))
        if record.get("half") == half:
            names.add(article_key(record["file"]))
    if not names:
        known = ", ".join(sorted(h for h in halves if h != "None")) or "none"
        raise GoldFileError(f"{path}: no article is marked half {half!r} (halves: {known})")
    kept = {name: article for name, article in gold.articles.items() if name in names}
    return Gold(path=gold.path, articles=kept)


# --------------------------------------------------------------------------- predictions


def _json_lines(path: Path, error: type[GoldFileError], what: str) -> Iterator[tuple[int, Any]]:
    """(line number, value) of each non-blank JSON line; a bad line is `error` at file:line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read {what} ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{path}:{number}: not valid JSON ({exc.msg})") from exc


def load_predictions(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSONL file of predicted events; a bad line is reported as file:line."""
    source = str(path)
    records: list[dict[str, Any]] = []
    for number, record in _json_lines(Path(path), PredictionFileError, "predictions"):
        problem = prediction_problem(record)
        if problem:
            raise PredictionFileError(f"{source}:{number}: {problem}")
        records.append(record)
    return records


def prediction_problem(record: object) -> str | None:
    """Why a predicted event cannot be scored, or None when it can."""
    if not isinstance(record, Mapping):
        return "expected a JSON object"
    article, type_, actors = record.get("article"), record.get("type"), record.get("actors")
    if not isinstance(article, str) or not article.strip():
        return 'missing "article"'
    if type_ not in EVENT_TYPES:
        return f"unknown event type {type_!r}"
    if not isinstance(actors, list):
        return '"actors" must be a list'
    for actor in actors:
        if not isinstance(actor, Mapping) or not all(
            isinstance(actor.get(key), str) for key in ("role", "country")
        ):
            return 'every actor needs a "role" and a "country"'
    return None


@dataclass(frozen=True, slots=True)
class PredictedEvent:
    """The parts of one predicted event that scoring and the report use."""

    order: int  # position in the predictions, so equal-looking events stay distinct
    article: str
    type: str
    stage: str | None
    rule: str
    sentence: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    participants: tuple[str, ...]

    @classmethod
    def from_record(cls, order: int, record: Mapping[str, Any]) -> PredictedEvent:
        def countries(role: str) -> tuple[str, ...]:
            return tuple(a["country"] for a in record["actors"] if a["role"] == role)

        evidence = record.get("evidence")
        sentence = evidence.get("sentence") if isinstance(evidence, Mapping) else None
        stage = record.get("stage")
        return cls(
            order=order,
            article=article_key(record["article"]),
            type=record["type"],
            stage=stage if isinstance(stage, str) else None,
            rule=str(record.get("rule") or ""),
            sentence=sentence if isinstance(sentence, str) else "",
            sources=countries("source"),
            targets=countries("target"),
            participants=countries("participant"),
        )

    def tuples(self) -> list[EventTuple]:
        if self.type in DIRECTED_TYPES:
            pairs = [(s, t) for s in self.sources for t in self.targets if s != t]
        else:
            pairs = list(combinations(dict.fromkeys(self.participants), 2))
        return [EventTuple.of(self.type, first, second) for first, second in pairs]

    def involves(self, pair: frozenset[str]) -> bool:
        return pair <= {*self.sources, *self.targets, *self.participants}

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "rule": self.rule, "sentence": self.sentence}
