import math

import pandas as pd
import pytest

import evaluation


def test_split_days_keeps_the_last_days_for_evaluation():
    days = ["2024-01-03", "2024-01-01", "2024-01-02", "2024-01-04"]
    assert evaluation.split_days(days, 1) == (["2024-01-01", "2024-01-02", "2024-01-03"], ["2024-01-04"])
    assert evaluation.split_days(days, 2) == (["2024-01-01", "2024-01-02"], ["2024-01-03", "2024-01-04"])


def test_split_days_needs_a_training_day():
    with pytest.raises(ValueError, match="cannot give 2 evaluation day"):
        evaluation.split_days(["2024-01-01", "2024-01-02"], 2)


def test_metric_names_from_t4rec_keys():
    assert evaluation.metric_name("eval_/next-item/ndcg_at_20") == "ndcg_at_20"
    assert evaluation.metric_name("eval_/next-item/recall_at_40") == "recall_at_40"
    assert evaluation.metric_name("eval_/loss") is None
    assert evaluation.metric_name("eval_runtime") is None


def test_popularity_baseline_on_a_hand_checked_example():
    # Training popularity: item 1 (3 times), item 2 (twice), item 3 (once) -> ranking 1, 2, 3.
    train_items = pd.Series([1, 1, 1, 2, 2, 3])
    eval_sessions = pd.DataFrame(
        [
            (10, 5, 1), (10, 1, 2),  # target 1: rank 1 -> hit, gain 1
            (11, 1, 1), (11, 2, 2),  # target 2: rank 2 -> hit, gain 1/log2(3)
            (12, 2, 2), (12, 9, 1),  # in time order 9 then 2: target 2 again
            (13, 7, 1),              # one event: not scored
            (14, 3, 1), (14, 8, 2),  # target 8: never seen -> miss
        ],
        columns=["session_id", "item_id", "timestamp"],
    )
    metrics = evaluation.popularity_baseline(train_items, eval_sessions, ks=(1, 2))
    assert metrics["recall_at_1"] == pytest.approx(1 / 4)
    assert metrics["ndcg_at_1"] == pytest.approx(1 / 4)
    assert metrics["recall_at_2"] == pytest.approx(3 / 4)
    assert metrics["ndcg_at_2"] == pytest.approx((1 + 2 / math.log2(3)) / 4)


def test_popularity_ties_go_to_the_smaller_id():
    assert evaluation.popularity_ranking(pd.Series([5, 3, 5, 3, 9])).tolist() == [3, 5, 9]
