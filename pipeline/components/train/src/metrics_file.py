"""metrics.json, the file register-model's quality gates read: the model's ranking metrics under plain names,
each baseline's under its own key (`popularity_baseline`, `transition_baseline`), and what produced them.
Pure Python."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

from evaluation import metric_name


def metrics_report(
    t4rec_results: Mapping[str, float],
    baselines: Mapping[str, Mapping[str, float]],
    hyperparameters: Mapping[str, object],
    train_days: Sequence[str],
    eval_days: Sequence[str],
) -> dict:
    """`eval_/next-item/ndcg_at_20` -> `ndcg_at_20` (T4Rec 23.08's key shape, as in its getting-started notebook
    output); other keys (loss, runtime) are left out. A metric that is not a finite number stops the step: JSON has
    no NaN, and a gate reading one would fail far from the cause."""
    metrics = {name: float(value) for key, value in t4rec_results.items() if (name := metric_name(key))}
    if not metrics:
        raise ValueError(f"T4Rec returned no ranking metric (keys: {sorted(t4rec_results)})")
    sources = {"model": metrics, **{key.replace("_", " "): values for key, values in baselines.items()}}
    for source, values in sources.items():
        for name, value in values.items():
            if not math.isfinite(value):
                raise ValueError(f"the {source}'s {name} is {value}: training or evaluation went wrong")
    return {
        **metrics,
        **{key: {name: float(value) for name, value in values.items()} for key, values in baselines.items()},
        "hyperparameters": dict(hyperparameters),
        "train_days": list(train_days),
        "eval_days": list(eval_days),
    }


def write_metrics(folder: Path, report: dict) -> Path:
    path = folder / "metrics.json"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, sort_keys=True, allow_nan=False) + "\n")
    return path
