"""Scoring predicted events against gold: each rule of pactwatch.evaluate on tiny cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pactwatch.errors import GoldFileError, PactwatchError
from pactwatch.evaluate import (
    EvalReport,
    Gold,
    PredictionFileError,
    load_gold,
    load_predictions,
    score,
)
from pactwatch.models import DIRECTED_TYPES

SHARED = Path(__file__).resolve().parents[2] / "shared"

# --------------------------------------------------------------------------- builders


def gold_event(types: str, *parties: str, stage: str | None = None, **extra: Any) -> dict[str, Any]:
    """A gold event: "A>B" means source A, target B; "A,B,C" means participants."""
    (spec,) = parties
    event: dict[str, Any] = {"types": types.split("|"), "required": True, **extra}
    if ">" in spec:
        source, target = spec.split(">")
        event["source"] = source.split("+") if "+" in source else source
        event["target"] = target.split("+") if "+" in target else target
    else:
        event["participants"] = spec.split(",")
    if stage:
        event["stage"] = stage
    return event


def optional(types: str, spec: str) -> dict[str, Any]:
    return gold_event(types, spec, required=False)


def pred(
    type_: str,
    spec: str,
    *,
    stage: str = "occurred",
    article: str = "a.txt",
    sentence: str = "",
    rule: str = "test.rule",
) -> dict[str, Any]:
    """A predicted event in the spec's JSON form, parties written as in gold_event."""
    if ">" in spec:
        sources, targets = (side.split("+") for side in spec.split(">"))
        actors = [{"role": "source", "country": c} for c in sources]
        actors += [{"role": "target", "country": c} for c in targets]
    else:
        actors = [{"role": "participant", "country": c} for c in spec.split(",")]
    return {
        "article": article,
        "type": type_,
        "actors": actors,
        "stage": stage,
        "evidence": {"sentence": sentence, "start": 0, "end": len(sentence)},
        "rule": rule,
    }


def write_gold(tmp_path: Path, articles: list[dict[str, Any]]) -> Path:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"articles": articles}), encoding="utf-8")
    return path


def one_article_gold(tmp_path: Path, events: list[dict[str, Any]], **extra: Any) -> Gold:
    article = {"article": "a.txt", "published": None, "events": events, **extra}
    return load_gold(write_gold(tmp_path, [article]))


def run(tmp_path: Path, events: list[dict[str, Any]], preds: list[dict[str, Any]]) -> EvalReport:
    return score(one_article_gold(tmp_path, events), preds)


def figures(report: EvalReport) -> tuple[int, int, int, int]:
    c = report.counts
    return (c.correct, c.spurious, c.matched, c.required)


# --------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("gold_events", "predictions", "expected"),
    [
        pytest.param(
            [gold_event("military_aid|defense_industry", "IRN>IRQ")],
            [pred("military_aid", "IRN>IRQ")],
            (1, 0, 1, 1),
            id="directed-alternative-same-direction",
        ),
        pytest.param(
            [gold_event("military_aid|defense_industry", "IRN>IRQ")],
            [pred("defense_industry", "IRQ,IRN")],
            (1, 0, 1, 1),
            id="undirected-alternative-matches-pair",
        ),
        pytest.param(
            [gold_event("military_aid|defense_industry", "IRN>IRQ")],
            [pred("military_aid", "IRQ>IRN")],
            (0, 1, 0, 1),
            id="directed-alternative-wrong-direction",
        ),
        pytest.param(
            [gold_event("defense_industry|military_aid", "IRN,IRQ")],
            [pred("military_aid", "IRQ>IRN")],
            (1, 0, 1, 1),
            id="directed-alternative-given-as-participants-either-direction",
        ),
        pytest.param(
            [gold_event("arms_transfer", "RUS>IRN")],
            [pred("military_aid", "RUS>IRN")],
            (0, 1, 0, 1),
            id="other-type-is-spurious",
        ),
        pytest.param(
            [gold_event("joint_exercise", "RUS,IRN")],
            [pred("joint_exercise", "IRN,RUS")],
            (1, 0, 1, 1),
            id="undirected-order-free",
        ),
        pytest.param(
            [gold_event("joint_exercise", "RUS,IRN")],
            [pred("joint_exercise", "RUS,CHN")],
            (0, 1, 0, 1),
            id="other-pair-is-spurious",
        ),
        pytest.param(
            [gold_event("sanction", "USA>RUS")],
            [pred("sanction", "USA>USA")],
            (0, 0, 0, 1),
            id="self-pair-gives-no-tuple",
        ),
        pytest.param(
            [gold_event("sanction", "USA+GBR>IRN")],
            [pred("sanction", "USA>IRN")],
            (1, 0, 1, 2),
            id="multi-source-gold-expands",
        ),
        pytest.param(
            [gold_event("condemnation", "USA>IRN+RUS")],
            [pred("condemnation", "USA>IRN+RUS")],
            (2, 0, 2, 2),
            id="multi-target-prediction-expands",
        ),
        pytest.param(
            [gold_event("joint_exercise", "RUS,IRN")],
            [pred("joint_exercise", "RUS,IRN,CHN")],
            (1, 2, 1, 1),
            id="three-participants-give-three-pairs",
        ),
        pytest.param(
            [gold_event("arms_transfer", "RUS>IRN")],
            [pred("arms_transfer", "RUS>IRN"), pred("arms_transfer", "RUS>IRN")],
            (1, 0, 1, 1),
            id="duplicate-predictions-count-once",
        ),
        pytest.param(
            [gold_event("arms_transfer", "RUS>IRN"), gold_event("arms_transfer", "RUS>IRN")],
            [],
            (0, 0, 0, 1),
            id="identical-required-gold-counts-once",
        ),
        pytest.param(
            [optional("training", "RUS>IRN")],
            [pred("training", "RUS>IRN")],
            (0, 0, 0, 0),
            id="optional-only-match-is-ignored",
        ),
        pytest.param(
            [optional("training", "RUS>IRN")],
            [],
            (0, 0, 0, 0),
            id="missed-optional-is-no-miss",
        ),
        pytest.param(
            [gold_event("training", "RUS>IRN"), optional("training", "RUS>IRN")],
            [pred("training", "RUS>IRN")],
            (1, 0, 1, 1),
            id="required-wins-over-optional",
        ),
        pytest.param(
            [gold_event("defense_agreement|defense_meeting", "A,B,C")],
            [pred("defense_meeting", "A,B"), pred("defense_agreement", "C,B")],
            (2, 0, 2, 3),
            id="gold-participants-expand-to-pairs",
        ),
    ],
)
def test_tuple_matching(
    tmp_path: Path,
    gold_events: list[dict[str, Any]],
    predictions: list[dict[str, Any]],
    expected: tuple[int, int, int, int],
) -> None:
    assert figures(run(tmp_path, gold_events, predictions)) == expected


def test_optional_match_leaves_precision_untouched(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        [gold_event("arms_transfer", "RUS>IRN"), optional("training", "RUS>IRN")],
        [pred("arms_transfer", "RUS>IRN"), pred("training", "RUS>IRN")],
    )
    assert (report.precision, report.recall, report.counts.ignored) == (1.0, 1.0, 1)
    assert report.spurious == ()


# --------------------------------------------------------------------------- figures


def test_micro_average_over_articles(tmp_path: Path) -> None:
    articles = [
        {"article": "a.txt", "events": [gold_event("arms_transfer", "RUS>IRN")]},
        {
            "article": "b.txt",
            "events": [gold_event("sanction", "USA>RUS"), gold_event("sanction", "GBR>RUS")],
        },
    ]
    preds = [
        pred("arms_transfer", "RUS>IRN"),
        pred("sanction", "USA>RUS", article="b.txt"),
        pred("sanction", "EU>RUS", article="b.txt"),
        pred("condemnation", "EU>RUS", article="b.txt"),
    ]
    report = score(load_gold(write_gold(tmp_path, articles)), preds)
    assert report.precision == 0.5
    assert report.recall == pytest.approx(2 / 3)
    assert report.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_per_type_credits_first_gold_type_and_own_type_for_spurious(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        [gold_event("military_aid|arms_transfer", "USA>UKR")],
        [pred("arms_transfer", "USA>UKR"), pred("arms_transfer", "USA>POL")],
    )
    aid, arms = report.per_type["military_aid"], report.per_type["arms_transfer"]
    assert (aid.required, aid.matched, aid.correct, aid.spurious) == (1, 1, 1, 0)
    assert (arms.required, arms.matched, arms.correct, arms.spurious) == (0, 0, 0, 1)
    assert (aid.precision, aid.recall, arms.precision) == (1.0, 1.0, 0.0)


@pytest.mark.parametrize(
    ("gold_stage", "predicted_stages", "accuracy", "confusion"),
    [
        ("agreed", ["planned", "agreed"], 1.0, {"agreed": {"agreed": 1}}),
        ("agreed", ["planned", "occurred"], 0.0, {"agreed": {"planned": 1}}),
        ("occurred", ["occurred"], 1.0, {"occurred": {"occurred": 1}}),
        (None, ["occurred"], None, {}),
    ],
)
def test_stage_accuracy_with_several_events_producing_one_tuple(
    tmp_path: Path,
    gold_stage: str | None,
    predicted_stages: list[str],
    accuracy: float | None,
    confusion: dict[str, dict[str, int]],
) -> None:
    preds = [pred("arms_transfer", "RUS>IRN", stage=stage) for stage in predicted_stages]
    report = run(tmp_path, [gold_event("arms_transfer", "RUS>IRN", stage=gold_stage)], preds)
    assert (report.stage_accuracy, report.stage_confusion) == (accuracy, confusion)
    assert report.counts.stage_scored == (0 if gold_stage is None else 1)


def test_identical_gold_tuples_accept_either_stage(tmp_path: Path) -> None:
    gold = [
        gold_event("arms_transfer", "RUS>IRN", stage="planned"),
        gold_event("arms_transfer", "RUS>IRN", stage="occurred"),
    ]
    report = run(tmp_path, gold, [pred("arms_transfer", "RUS>IRN", stage="occurred")])
    assert (report.counts.required, report.stage_accuracy) == (1, 1.0)


def test_stage_accuracy_ignores_missed_tuples(tmp_path: Path) -> None:
    gold = [
        gold_event("arms_transfer", "RUS>IRN", stage="planned"),
        gold_event("training", "RUS>IRN", stage="occurred"),
    ]
    report = run(tmp_path, gold, [pred("arms_transfer", "RUS>IRN", stage="planned")])
    assert (report.stage_accuracy, report.counts.stage_scored) == (1.0, 1)


def test_direction_error_and_rate(tmp_path: Path) -> None:
    gold = [
        gold_event("arms_transfer", "RUS>IRN"),
        gold_event("sanction", "USA>RUS"),
        gold_event("joint_exercise", "RUS,IRN"),
    ]
    preds = [
        pred("arms_transfer", "IRN>RUS"),
        pred("sanction", "USA>RUS"),
        pred("joint_exercise", "RUS,IRN"),
    ]
    report = run(tmp_path, gold, preds)
    assert (report.direction_errors, report.direction_error_rate) == (1, 0.5)
    (miss,) = report.misses
    assert (miss.gold.label(), miss.direction_error) == ("arms_transfer RUS -> IRN", True)


def test_no_directed_gold_gives_no_direction_rate(tmp_path: Path) -> None:
    report = run(tmp_path, [gold_event("joint_exercise", "RUS,IRN")], [])
    assert (report.direction_errors, report.direction_error_rate) == (0, None)


def test_type_confusion_on_missed_tuples(tmp_path: Path) -> None:
    gold = [gold_event("military_aid", "USA>UKR"), gold_event("training", "GBR>UKR")]
    preds = [
        pred("arms_transfer", "USA>UKR"),
        pred("defense_meeting", "UKR,USA"),
        pred("basing_access", "UKR>GBR"),
    ]
    report = run(tmp_path, gold, preds)
    assert report.confusion == {
        "military_aid": {"arms_transfer": 1, "defense_meeting": 1},
        "training": {"basing_access": 1},
    }


def test_must_not_hits_are_reported_and_spurious(tmp_path: Path) -> None:
    gold = one_article_gold(
        tmp_path,
        [gold_event("sanction", "USA>RUS")],
        must_not=[gold_event("sanction", "CAN>IRN", note="ALSO READ headline")],
    )
    report = score(gold, [pred("sanction", "USA>RUS"), pred("sanction", "CAN>IRN")])
    (hit,) = report.must_not_hits
    assert (hit.event_tuple.label(), hit.note) == ("sanction CAN -> IRN", "ALSO READ headline")
    assert [s.event_tuple.label() for s in report.spurious] == ["sanction CAN -> IRN"]
    assert report.precision == 0.5


def test_must_not_wins_over_optional(tmp_path: Path) -> None:
    gold = one_article_gold(
        tmp_path,
        [optional("sanction", "CAN>IRN")],
        must_not=[gold_event("sanction", "CAN>IRN")],
    )
    report = score(gold, [pred("sanction", "CAN>IRN")])
    assert (report.counts.spurious, report.counts.ignored, len(report.must_not_hits)) == (1, 0, 1)


# --------------------------------------------------------------------------- articles


def test_skip_article_makes_every_prediction_spurious(tmp_path: Path) -> None:
    articles = [{"article": "x.txt", "events": [], "skip": "not English"}]
    report = score(
        load_gold(write_gold(tmp_path, articles)), [pred("sanction", "USA>RUS", article="x.txt")]
    )
    assert figures(report) == (0, 1, 0, 0)
    assert report.precision == 0.0


def test_articles_not_in_gold_are_listed_and_ignored(tmp_path: Path) -> None:
    gold = one_article_gold(tmp_path, [gold_event("sanction", "USA>RUS")])
    preds = [pred("sanction", "USA>RUS"), pred("sanction", "EU>RUS", article="other/zzz.txt")]
    report = score(gold, preds)
    assert report.not_in_gold == ("zzz.txt",)
    assert figures(report) == (1, 0, 1, 1)


def test_gold_article_without_predictions_contributes_misses(tmp_path: Path) -> None:
    articles = [
        {"article": "a.txt", "events": [gold_event("sanction", "USA>RUS")]},
        {"article": "b.txt", "events": [gold_event("sanction", "GBR>RUS")]},
    ]
    report = score(load_gold(write_gold(tmp_path, articles)), [pred("sanction", "USA>RUS")])
    assert [(m.article, m.gold.label()) for m in report.misses] == [
        ("b.txt", "sanction GBR -> RUS")
    ]
    assert report.recall == 0.5


@pytest.mark.parametrize(
    ("gold_name", "predicted_name"),
    [
        ("002_x.txt", "samples/002_x.txt"),
        ("samples/002_x.txt", "002_x.txt"),
        ("002_x.txt", "C:\\data\\002_x.txt"),
        ("002_x.txt", "/abs/path/002_x.txt"),
    ],
)
def test_articles_match_by_base_name(tmp_path: Path, gold_name: str, predicted_name: str) -> None:
    articles = [{"article": gold_name, "events": [gold_event("sanction", "USA>RUS")]}]
    report = score(
        load_gold(write_gold(tmp_path, articles)),
        [pred("sanction", "USA>RUS", article=predicted_name)],
    )
    assert (report.recall, report.not_in_gold) == (1.0, ())


# --------------------------------------------------------------------------- report contents


def test_miss_lists_note_and_evidence_of_events_naming_both_parties(tmp_path: Path) -> None:
    gold = [gold_event("arms_transfer", "RUS>IRN", note="Su-35 sale")]
    preds = [
        pred("defense_meeting", "IRN,RUS", sentence="Russian and Iranian officials met."),
        pred("sanction", "USA>IRN", sentence="The US sanctioned Iran."),
    ]
    (miss,) = run(tmp_path, gold, preds).misses
    assert (miss.gold.note, miss.evidence) == (
        "Su-35 sale",
        ("Russian and Iranian officials met.",),
    )


def test_event_repeating_a_party_is_one_producer(tmp_path: Path) -> None:
    (item,) = run(tmp_path, [], [pred("sanction", "EU+EU>RUS")]).spurious
    assert len(item.events) == 1


def test_spurious_keeps_every_producing_event(tmp_path: Path) -> None:
    preds = [
        pred("sanction", "EU>RUS", stage="occurred", rule="r1", sentence="one"),
        pred("sanction", "EU>RUS", stage="planned", rule="r2", sentence="two"),
    ]
    (item,) = run(tmp_path, [], preds).spurious
    assert [(e.stage, e.rule, e.sentence) for e in item.events] == [
        ("occurred", "r1", "one"),
        ("planned", "r2", "two"),
    ]


def test_to_dict_is_json_serialisable(tmp_path: Path) -> None:
    gold = [gold_event("arms_transfer", "RUS>IRN", stage="planned")]
    preds = [pred("arms_transfer", "IRN>RUS"), pred("joint_exercise", "RUS,IRN")]
    data = json.loads(json.dumps(run(tmp_path, gold, preds).to_dict()))
    assert data["direction_errors"] == {"count": 1, "rate": 1.0}
    assert data["counts"]["missed"] == 1
    assert data["misses"][0]["gold"]["source"] == "RUS"
    assert {s["tuple"]["type"] for s in data["spurious"]} == {"arms_transfer", "joint_exercise"}


def test_to_text_shows_overall_line_tables_and_details(tmp_path: Path) -> None:
    gold = [gold_event("arms_transfer", "RUS>IRN", stage="planned", note="Su-35 sale")]
    preds = [pred("arms_transfer", "IRN>RUS", sentence="Iran sent drones.", rule="supply.v1")]
    report = run(tmp_path, gold, preds)
    text = report.to_text()
    assert text.splitlines()[0] == (
        "precision 0.000  recall 0.000  F1 0.000  stage accuracy n/a (n=0)"
    )
    for fragment in (
        "arms_transfer",
        "direction errors 1",
        "Su-35 sale",
        "supply.v1",
        "Iran sent drones.",
    ):
        assert fragment in text
    assert "Su-35 sale" not in report.to_text(details=False)


# --------------------------------------------------------------------------- malformed input


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "not valid JSON"),
        ('{"about": "x"}', '"articles"'),
        ('{"articles": [{"events": []}]}', '"article"'),
        (
            '{"articles": [{"article": "a.txt", "events": [{"source": "A", "target": "B"}]}]}',
            "types",
        ),
        (
            '{"articles": [{"article": "a.txt", "events": [{"types": ["arms_transfer"],'
            ' "participants": ["A", "B"]}]}]}',
            "needs source and target",
        ),
        (
            '{"articles": [{"article": "a.txt", "events": [{"types": ["arms_transfer"],'
            ' "source": "A"}]}]}',
            "target",
        ),
        (
            '{"articles": [{"article": "a.txt", "events": [{"types": ["arms_deal"],'
            ' "source": "A", "target": "B"}]}]}',
            "unknown type 'arms_deal'",
        ),
        (
            '{"articles": [{"article": "a.txt", "events": [{"types": ["joint_exercise"],'
            ' "participants": ["A"]}]}]}',
            "two or more",
        ),
        (
            '{"articles": [{"article": "a.txt", "events": [{"types": ["sanction"],'
            ' "source": "A", "target": "B", "stage": "done"}]}]}',
            "unknown stage",
        ),
        (
            '{"articles": [{"article": "a.txt", "events": [{"types": ["sanction"],'
            ' "source": "A", "target": "B", "required": "yes"}]}]}',
            '"required"',
        ),
        (
            '{"articles": [{"article": "a.txt", "events": []},'
            ' {"article": "x/a.txt", "events": []}]}',
            "listed twice",
        ),
    ],
)
def test_malformed_gold_names_file_and_problem(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "bad.gold.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFileError) as error:
        load_gold(path)
    assert str(path) in str(error.value)
    assert fragment in str(error.value)


def test_missing_gold_file_is_a_gold_file_error(tmp_path: Path) -> None:
    with pytest.raises(GoldFileError, match=r"missing\.json"):
        load_gold(tmp_path / "missing.json")


@pytest.mark.parametrize(
    ("second_line", "fragment"),
    [
        ("{broken", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"type": "sanction", "actors": []}', '"article"'),
        ('{"article": "a.txt", "type": "deal", "actors": []}', "unknown event type"),
        ('{"article": "a.txt", "type": "sanction", "actors": [{"role": "source"}]}', "country"),
    ],
)
def test_malformed_predictions_name_file_and_line(
    tmp_path: Path, second_line: str, fragment: str
) -> None:
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps(pred("sanction", "USA>RUS")) + "\n" + second_line + "\n")
    with pytest.raises(GoldFileError) as error:
        load_predictions(path)
    assert isinstance(error.value, PredictionFileError)
    assert isinstance(error.value, PactwatchError)
    assert f"{path}:2" in str(error.value)
    assert fragment in str(error.value)


def test_load_predictions_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "pred.jsonl"
    records = [pred("sanction", "USA>RUS"), pred("joint_exercise", "RUS,IRN")]
    path.write_text("\n".join(["", json.dumps(records[0]), "  ", json.dumps(records[1]), ""]))
    assert load_predictions(path) == records


def test_score_rejects_unscorable_records(tmp_path: Path) -> None:
    gold = one_article_gold(tmp_path, [])
    with pytest.raises(PredictionFileError, match="prediction 1"):
        score(gold, [{"article": "a.txt", "type": "sanction"}])


# --------------------------------------------------------------------------- shared gold files


def perfect_predictions(gold_path: Path) -> list[dict[str, Any]]:
    """One event per required gold event, coded with its first type."""
    predictions = []
    for article in json.loads(gold_path.read_text(encoding="utf-8"))["articles"]:
        for event in article["events"]:
            if not event.get("required", True):
                continue
            type_ = event["types"][0]
            if type_ in DIRECTED_TYPES and "source" in event:
                spec = f"{event['source']}>{event['target']}"
            else:
                spec = ",".join(event.get("participants") or [event["source"], event["target"]])
            predictions.append(
                pred(type_, spec, stage=event.get("stage", "occurred"), article=article["article"])
            )
    return predictions


def test_perfect_prediction_of_seed_gold_scores_one(tmp_path: Path) -> None:
    gold_path = SHARED / "acceptance" / "seeds.gold.json"
    report = score(load_gold(gold_path), perfect_predictions(gold_path))
    assert (report.precision, report.recall, report.f1, report.stage_accuracy) == (
        1.0,
        1.0,
        1.0,
        1.0,
    )
    assert (len(report.misses), len(report.spurious), len(report.must_not_hits)) == (0, 0, 0)


def test_dev_gold_loads() -> None:
    gold = load_gold(SHARED / "acceptance" / "dev" / "gold.json")
    assert len(gold.articles) == 50


def _halves_fixture(tmp_path: Path) -> Path:
    """Two articles in a gold file, marked as different halves by the index beside it."""
    gold = {
        "articles": [
            {"article": "a1.txt", "events": [_gold_event("sanction", "FRA", "MLI")]},
            {"article": "b1.txt", "events": [_gold_event("sanction", "CAN", "IRN")]},
        ]
    }
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    (tmp_path / "index.jsonl").write_text(
        '{"file": "a1.txt", "half": "tune"}\n{"file": "b1.txt", "half": "check"}\n',
        encoding="utf-8",
    )
    return tmp_path / "gold.json"


def _gold_event(event_type: str, source: str, target: str) -> dict[str, Any]:
    return {"types": [event_type], "source": source, "target": target}


def test_restrict_to_half_keeps_only_that_half(tmp_path: Path) -> None:
    from pactwatch.evaluate import restrict_to_half

    gold = restrict_to_half(load_gold(_halves_fixture(tmp_path)), "tune")
    assert sorted(gold.articles) == ["a1.txt"]
    with pytest.raises(GoldFileError, match=r"no article is marked half 'other'.*check, tune"):
        restrict_to_half(load_gold(tmp_path / "gold.json"), "other")


def test_eval_half_reads_only_that_halfs_files(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pactwatch.cli import main

    gold = _halves_fixture(tmp_path)
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a1.txt").write_text("France imposed sanctions on Mali.", encoding="utf-8")
    # were the other half's file read, its event would be listed as "not in gold"
    (articles / "b1.txt").write_text("Canada imposed sanctions on Iran.", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["eval", str(gold), "--run", str(articles), "--half", "tune", "--brief"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("precision 1.000  recall 1.000  F1 1.000")
    assert "articles 1 " in result.output
    assert "not in gold" not in result.output
