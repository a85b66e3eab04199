"""The evaluation code the training step scores the model and both baselines with, on hand-checked examples."""

import math

import numpy as np
import pandas as pd
import pytest

import evaluation


def sessions(rows):
    return pd.DataFrame(rows, columns=["session_id", "item_id", "timestamp"])


# Training sessions: 1 -> 2 twice, 1 -> 3 once, 2 -> 3 once; popularity 1 (3), 2 (3), 3 (2), 4 (1).
TRAIN = sessions(
    [
        (1, 1, 10), (1, 2, 11), (1, 3, 12),
        (2, 1, 10), (2, 2, 11),
        (3, 1, 10), (3, 3, 11),
        (4, 4, 10), (4, 2, 11),
    ]
)


def test_cases_are_the_sessions_with_two_events_by_session_id_history_in_time_order():
    rows = [(20, 7, 3), (20, 5, 1), (20, 6, 2), (9, 1, 1), (15, 4, 1), (9, 8, 2)]
    cases = evaluation.evaluation_cases(sessions(rows))
    assert cases.targets.tolist() == [8, 7]  # session 9 then 20; session 15 has one event
    assert cases.histories[["session_id", "item_id"]].values.tolist() == [[9, 1], [20, 5], [20, 6]]


def test_cases_need_a_session_of_two_events():
    with pytest.raises(ValueError, match="no evaluation session has two or more events"):
        evaluation.evaluation_cases(sessions([(1, 1, 1), (2, 2, 1)]))


def test_score_top_k_by_hand():
    top = np.array([[5, 6, 7], [6, 5, 7], [1, 2, 3], [9, -1, -1]])
    metrics = evaluation.score_top_k(top, np.array([5, 5, 8, 9]), ks=(1, 2))
    assert metrics["recall_at_1"] == pytest.approx(2 / 4)
    assert metrics["recall_at_2"] == pytest.approx(3 / 4)
    assert metrics["ndcg_at_2"] == pytest.approx((1 + 1 / math.log2(3) + 0 + 1) / 4)


def test_score_top_k_refuses_rows_that_do_not_match_or_are_too_short():
    with pytest.raises(ValueError, match="2 ranking rows for 3 evaluation sessions"):
        evaluation.score_top_k(np.zeros((2, 20)), np.zeros(3), ks=(20,))
    with pytest.raises(ValueError, match="cannot be scored at k=40"):
        evaluation.score_top_k(np.zeros((3, 20)), np.zeros(3), ks=(20, 40))


def test_transitions_are_counted_within_sessions_in_time_order():
    table = evaluation.transitions(TRAIN)
    assert table[["previous", "next", "count", "order"]].values.tolist() == [
        [1, 2, 2, 0], [1, 3, 1, 1], [2, 3, 1, 0], [4, 2, 1, 0],
    ]


def test_transition_ranker_lists_followers_then_fills_with_popular_items_not_listed():
    rank = evaluation.transition_ranker(TRAIN)
    histories = sessions([(7, 1, 1), (8, 9, 1), (8, 2, 2), (9, 5, 1)])
    top = rank(histories, 4)
    assert top.tolist() == [
        [2, 3, 1, 4],    # after 1: followers 2, 3, then popular 1, 4 (2 and 3 already listed)
        [3, 1, 2, 4],    # after 2 (the last of 9, 2): follower 3, then popular 1, 2, 4
        [1, 2, 3, 4],    # after 5, never seen: popularity only
    ]
    assert rank(histories, 6)[2].tolist() == [1, 2, 3, 4, -1, -1], "a short catalogue pads with no item"


def test_transition_and_popularity_baselines_score_the_same_cases():
    evaluation_sessions = sessions([(50, 1, 1), (50, 3, 2), (51, 4, 1), (51, 2, 2), (52, 3, 1), (52, 1, 2), (53, 8, 1)])
    popularity = evaluation.popularity_baseline(TRAIN["item_id"], evaluation_sessions, ks=(1, 2))
    transition = evaluation.transition_baseline(TRAIN, evaluation_sessions, ks=(1, 2))
    # Targets 3, 2, 1. Popularity ranks 1, 2, 3: hits at ranks 2 (3), 1 (2) and 0 (1).
    assert popularity["recall_at_1"] == pytest.approx(1 / 3)
    assert popularity["recall_at_2"] == pytest.approx(2 / 3)
    # Transitions: after 1 -> [2, 3]: 3 at rank 1; after 4 -> [2]: hit at 0; after 3 (no follower) -> [1, 2]: hit at 0.
    assert transition["recall_at_1"] == pytest.approx(2 / 3)
    assert transition["ndcg_at_2"] == pytest.approx((1 / math.log2(3) + 1 + 1) / 3)
    both = evaluation.baselines(TRAIN, evaluation_sessions, ks=(1, 2))
    assert both == {"popularity_baseline": popularity, "transition_baseline": transition}


def test_any_ranking_function_scores_on_the_same_sessions():
    evaluation_sessions = sessions([(50, 1, 1), (50, 3, 2), (51, 4, 1), (51, 2, 2)])
    seen = []

    def oracle(histories, k):
        seen.append(histories["session_id"].unique().tolist())
        return np.array([[3] + [0] * (k - 1), [2] + [0] * (k - 1)])

    assert evaluation.evaluate(oracle, evaluation_sessions, ks=(20,)) == {"ndcg_at_20": 1.0, "recall_at_20": 1.0}
    assert seen == [[50, 51]]


def test_fill_with_popular_skips_items_a_row_already_lists():
    top = np.array([[7, -1, -1], [-1, -1, -1], [1, 2, 3]])
    evaluation.fill_with_popular(top, np.array([1, 7, 2]))
    assert top.tolist() == [[7, 1, 2], [1, 7, 2], [1, 2, 3]]


def test_session_transitions_blend_the_last_items_votes():
    rank = evaluation.session_transition_ranker(TRAIN, last_events=2, decay=0.5)
    # Session 7 ends 4, 1: 1 votes 2 (2/3) and 3 (1/3) with weight 1; 4 votes 2 (1) with weight 0.5.
    # Session 8 ends 1, 2: 2 votes 3 (1) with weight 1; 1 votes 2 (2/3 * 0.5) and 3 (1/3 * 0.5).
    histories = sessions([(7, 4, 1), (7, 1, 2), (8, 9, 0), (8, 1, 1), (8, 2, 2)])
    assert rank(histories, 4).tolist() == [[2, 3, 1, 4], [3, 2, 1, 4]]


def test_session_transitions_of_the_last_item_alone_are_the_first_order_ranking():
    histories = sessions([(7, 4, 1), (7, 1, 2), (8, 9, 0), (8, 1, 1), (8, 2, 2), (9, 5, 1)])
    first_order = evaluation.transition_ranker(TRAIN)(histories, 4)
    assert evaluation.session_transition_ranker(TRAIN, last_events=1)(histories, 4).tolist() == first_order.tolist()


def test_a_models_answers_align_to_the_cases_and_missing_sessions_miss():
    evaluation_sessions = sessions([(50, 1, 1), (50, 3, 2), (51, 4, 1), (51, 2, 2), (52, 6, 1), (52, 7, 2)])
    cases = evaluation.evaluation_cases(evaluation_sessions)

    def endpoint(histories, k):
        # Answers out of order, and none for session 51 (as a serving filter might drop it).
        return evaluation.align_answers(histories, np.array([52, 50]), np.array([[7, 9], [3, 9]]), k)

    assert endpoint(cases.histories, 3).tolist() == [[3, 9, -1], [-1, -1, -1], [7, 9, -1]]
    assert evaluation.evaluate(endpoint, evaluation_sessions, ks=(1,)) == {"ndcg_at_1": 2 / 3, "recall_at_1": 2 / 3}
    with pytest.raises(ValueError, match=r"answers for session\(s\) not evaluated: \[99\]"):
        evaluation.align_answers(cases.histories, np.array([50, 99]), np.array([[1], [2]]), 1)
