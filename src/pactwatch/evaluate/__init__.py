"""Score predicted events against a gold file (`pactwatch eval GOLD.json PRED.jsonl`).

The rules refine "How an extraction is scored" in shared/spec/events.md. Per article:

1. Tuples. A directed event (arms_transfer, military_aid, training, basing_access,
   sanction, condemnation) gives one (type, source, target) per source x target; an
   undirected one gives one (type, {a, b}) per unordered pair of distinct
   participants. A party paired with itself gives nothing. Predicted actors are read
   by the spec's roles (source/target for directed types, participant otherwise), so
   an event with the wrong roles yields no tuples. Identical tuples within an article
   count once, but every event that produced one is kept for stage and the report.
2. Gold. A gold event expands the same way from `source`/`target` (a code or a list)
   or `participants` (two or more). `types` lists acceptable alternatives: a
   predicted tuple matches when its type is one of them and it names the same pair.
   Direction matters only when both sides have one: a directed prediction must agree
   with a gold source -> target, while an undirected alternative, or a gold event
   given as participants, accepts either order. An event whose types are all directed
   must give source and target. `required` defaults to true. Identical required gold
   tuples count once (each of their stages is accepted).
3. Verdicts. A predicted tuple matching a required gold tuple is correct (a true
   positive); else one matching a `must_not` tuple is spurious; else one matching
   only optional gold tuples is ignored; anything else is spurious. Every predicted
   tuple matching a `must_not` tuple is also reported as a must-not hit. A required
   gold tuple that nothing matches is a miss.
4. Figures, micro-averaged over every gold article: precision = correct predicted
   tuples / (correct + spurious); recall = matched required / required; F1 is their
   harmonic mean. A ratio with an empty denominator is 0.0. Per type, a required gold
   tuple and the predictions it matched count under its first type, a spurious
   prediction under its own type.
5. Stage accuracy: over matched required gold tuples that have a stage, the share
   where some event producing a matching tuple has that stage (None when there are
   none). Stage confusion counts gold -> predicted stage; when no stage is right, the
   predicted stage is that of the first such event in prediction order.
6. Direction errors: a missed required directed gold tuple (t, s, g) while (t, g, s)
   is predicted, for t any of its directed types; rate = errors / (matched directed
   required tuples + errors).
7. Type confusion: a missed required gold tuple whose pair was predicted, in either
   order, with a type outside its alternatives counts (first gold type -> predicted).
8. Articles are matched by base name (`samples/002_x.txt` is `002_x.txt`).
   Predictions for articles not in gold are listed and ignored; a gold article
   without predictions contributes misses; a `skip` article has no events, so every
   prediction there is spurious.

The package is split by job: `tuples` (the scored units), `loading` (reading and validating
the gold file and predictions), `scoring` (these rules), `report` (the figures and their
text and JSON renderings) and `nearest` (the extractor rules that came closest, per miss).
"""

from pactwatch.evaluate.loading import (
    Gold,
    GoldArticle,
    PredictedEvent,
    PredictionFileError,
    article_key,
    load_gold,
    load_predictions,
    prediction_problem,
    restrict_to_half,
)
from pactwatch.evaluate.nearest import with_nearest_rules
from pactwatch.evaluate.report import Counts, EvalReport, Miss, MustNotHit, Spurious, TypeScores
from pactwatch.evaluate.scoring import Verdict, score
from pactwatch.evaluate.tuples import EventTuple, GoldTuple

__all__ = [
    "Counts",
    "EvalReport",
    "EventTuple",
    "Gold",
    "GoldArticle",
    "GoldTuple",
    "Miss",
    "MustNotHit",
    "PredictedEvent",
    "PredictionFileError",
    "Spurious",
    "TypeScores",
    "Verdict",
    "article_key",
    "load_gold",
    "load_predictions",
    "prediction_problem",
    "restrict_to_half",
    "score",
    "with_nearest_rules",
]
