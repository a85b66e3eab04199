import json
import math

import pytest

from metrics_file import metrics_report, write_metrics

RAW = {
    "eval_/next-item/ndcg_at_20": 0.18,
    "eval_/next-item/recall_at_20": 0.51,
    "eval_/next-item/ndcg_at_40": 0.2,
    "eval_/next-item/recall_at_40": 0.61,
    "eval_/loss": 7.1,
    "eval_runtime": 3.2,
}
BASELINE = {"ndcg_at_20": 0.12, "recall_at_20": 0.39, "ndcg_at_40": 0.14, "recall_at_40": 0.49}
TRANSITION = {"ndcg_at_20": 0.3, "recall_at_20": 0.45, "ndcg_at_40": 0.32, "recall_at_40": 0.55}
BASELINES = {"popularity_baseline": BASELINE, "transition_baseline": TRANSITION}


def test_report_has_plain_metric_names_the_baseline_and_its_inputs(tmp_path):
    report = metrics_report(RAW, BASELINES, {"d_model": 64}, ["2024-01-01"], ["2024-01-02"])
    path = write_metrics(tmp_path / "metrics", report)
    written = json.loads(path.read_text())
    assert written == {
        "ndcg_at_20": 0.18,
        "recall_at_20": 0.51,
        "ndcg_at_40": 0.2,
        "recall_at_40": 0.61,
        "popularity_baseline": BASELINE,
        "transition_baseline": TRANSITION,
        "hyperparameters": {"d_model": 64},
        "train_days": ["2024-01-01"],
        "eval_days": ["2024-01-02"],
    }
    assert path.read_text().endswith("}\n")


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_a_metric_that_is_not_finite_stops_the_step(bad):
    with pytest.raises(ValueError, match="recall_at_20 is"):
        metrics_report({**RAW, "eval_/next-item/recall_at_20": bad}, BASELINES, {}, [], [])
    with pytest.raises(ValueError, match="popularity baseline's ndcg_at_20"):
        metrics_report(RAW, {**BASELINES, "popularity_baseline": {**BASELINE, "ndcg_at_20": bad}}, {}, [], [])
    with pytest.raises(ValueError, match="transition baseline's recall_at_40"):
        metrics_report(RAW, {**BASELINES, "transition_baseline": {**TRANSITION, "recall_at_40": bad}}, {}, [], [])


def test_no_ranking_metric_is_an_error():
    with pytest.raises(ValueError, match="no ranking metric"):
        metrics_report({"eval_/loss": 1.0}, BASELINES, {}, [], [])


def test_champion_and_served_metrics_sit_beside_the_baselines_and_are_checked_too():
    served, live = {"ndcg_at_20": 0.21, "recall_at_20": 0.4}, {"ndcg_at_20": 0.19, "recall_at_20": 0.38}
    report = metrics_report(RAW, {**BASELINES, "served": served, "champion": live}, {}, ["d1"], ["d2"])
    assert report["champion"] == live and report["served"] == served and report["popularity_baseline"] == BASELINE
    with pytest.raises(ValueError, match="the champion's ndcg_at_20 is nan"):
        metrics_report(RAW, {**BASELINES, "champion": {"ndcg_at_20": math.nan}}, {}, ["d1"], ["d2"])
