"""The champion is asked as the endpoint is asked and scored by the same code as every other ranking: a fake
executor here answers exactly as inference/triton/executor-signature.json says the real one does (a row per
session of two or more events, ascending session id, top-k raw item ids) and refuses a request without such a
session, as the real one does with a 500."""

import numpy as np
import pandas as pd
import pytest

import champion
from evaluation import NO_ITEM, evaluate, evaluation_cases

T0 = 1_709_251_200


def sessions(spec):
    """{session_id: [items...]} -> interactions, one second apart."""
    rows = [(s, item, 1, T0 + 60 * s + i) for s, items in spec.items() for i, item in enumerate(items)]
    return pd.DataFrame(rows, columns=["session_id", "item_id", "category", "timestamp"])


class FakeExecutor:
    """Answers each session of two or more events with `answer(session_id, items)` padded to k, in ascending id."""

    def __init__(self, answer, k=20):
        self.answer, self.k, self.requests = answer, k, []

    def __call__(self, request):
        self.requests.append(request)
        columns = {tensor["name"]: tensor["data"] for tensor in request["inputs"]}
        assert all(tensor["datatype"] == "INT64" for tensor in request["inputs"])
        frame = pd.DataFrame(columns)
        grouped = {s: g["item_id"].tolist() for s, g in frame.groupby("session_id") if len(g) >= 2}
        if not grouped:
            raise AssertionError("500: no session of two or more events")
        rows = [(list(self.answer(s, items)) + [NO_ITEM] * self.k)[: self.k] for s, items in sorted(grouped.items())]
        shape = [len(rows), self.k]
        return {
            "outputs": [
                {"name": "item_id_scores", "datatype": "FP32", "shape": shape, "data": [0.0] * (len(rows) * self.k)},
                {"name": "item_ids", "datatype": "INT64", "shape": shape, "data": [i for row in rows for i in row]},
            ]
        }


def test_finds_the_repository_under_a_registered_models_mount(tmp_path):
    deep = tmp_path / "next-item-triton" / "3" / "model" / "executor_model"
    deep.mkdir(parents=True)
    (deep / "config.pbtxt").write_text('name: "executor_model"')
    assert champion.find_repository(tmp_path) == tmp_path / "next-item-triton" / "3" / "model"
    shallow = tmp_path / "a" / "executor_model"
    shallow.mkdir(parents=True)
    (shallow / "config.pbtxt").write_text("")
    assert champion.find_repository(tmp_path) == tmp_path / "a"


def test_a_mount_without_a_repository_is_named(tmp_path):
    (tmp_path / "model").mkdir()
    with pytest.raises(FileNotFoundError, match="executor_model/config.pbtxt"):
        champion.find_repository(tmp_path)


def test_the_request_holds_the_raw_columns_in_session_and_time_order():
    frame = sessions({7: [5, 6], 3: [9]}).iloc[::-1]
    request = champion.infer_request(frame)
    assert [t["name"] for t in request["inputs"]] == ["session_id", "item_id", "category", "timestamp"]
    data = {t["name"]: t["data"] for t in request["inputs"]}
    assert data["session_id"] == [3, 7, 7] and data["item_id"] == [9, 5, 6]
    assert all(t["shape"] == [3] for t in request["inputs"])


def test_served_sessions_are_those_of_two_events_in_ascending_id():
    assert champion.served_sessions(sessions({9: [1, 2], 2: [3], 4: [4, 5, 6]})).tolist() == [4, 9]


def test_an_answer_of_another_height_is_refused():
    answer = {"outputs": [{"name": "item_ids", "shape": [1, 2], "data": [1, 2]}]}
    with pytest.raises(ValueError, match="1 rows for 2 sessions"):
        champion.answer_items(answer, 2)


def test_answers_land_on_their_sessions_across_batches_and_unanswered_sessions_miss():
    histories = sessions({1: [10, 11], 2: [12], 3: [13], 4: [14, 15, 16], 5: [17, 18]})
    executor = FakeExecutor(lambda s, items: [100 + s, items[-1]])
    top = champion.served_top_items(histories, executor, k=20, sessions_per_request=2)
    # Batches {1,2}, {3,4}, {5}: every batch has a two-event session, so three requests.
    assert len(executor.requests) == 3
    assert top.shape == (5, 20)
    assert top[:, :2].tolist() == [[101, 11], [NO_ITEM, NO_ITEM], [NO_ITEM, NO_ITEM], [104, 16], [105, 18]]


def test_a_batch_without_a_two_event_session_is_not_sent():
    histories = sessions({1: [10], 2: [12], 3: [13, 14]})
    executor = FakeExecutor(lambda s, items: [items[-1]])
    top = champion.served_top_items(histories, executor, k=20, sessions_per_request=2)
    assert len(executor.requests) == 1
    assert top[:, 0].tolist() == [NO_ITEM, NO_ITEM, 14]
    with pytest.raises(ValueError, match="answers none"):
        champion.served_top_items(sessions({1: [10], 2: [12]}), executor, k=20)


def test_a_champion_that_knows_every_answer_scores_the_share_of_sessions_it_can_answer():
    # Evaluation sessions: the last item is the target; histories of one event get no answer from the executor.
    evaluated = sessions({1: [1, 2, 3], 2: [4, 5], 3: [6, 7, 8, 9], 4: [1, 9]})
    cases = evaluation_cases(evaluated)
    targets = dict(zip(sorted(evaluated["session_id"].unique()), cases.targets))
    oracle = FakeExecutor(lambda s, items: [targets[s]])
    metrics = evaluate(champion.served_ranker(oracle, sessions_per_request=3), evaluated, ks=(20,))
    assert metrics == {"ndcg_at_20": 0.5, "recall_at_20": 0.5}  # sessions 1 and 3 answered, 2 and 4 not


def test_served_metrics_score_at_the_cut_offs_the_answer_is_wide_enough_for():
    evaluated = sessions({1: [1, 2, 3], 2: [4, 5], 3: [6, 7, 8, 9], 4: [1, 2, 9]})
    cases = evaluation_cases(evaluated)
    targets = dict(zip(sorted(evaluated["session_id"].unique()), cases.targets))
    # Session 1's target second, 3's first, 4's missing: NDCG@20 = (1/log2(3) + 1 + 0) / 4.
    answers = {1: [99, targets[1]], 3: [targets[3]], 4: [98]}
    narrow = FakeExecutor(lambda s, items: answers[s], k=20)
    metrics = champion.served_metrics(narrow, evaluated, ks=(20, 40))
    assert set(metrics) == {"ndcg_at_20", "recall_at_20"}
    assert metrics["ndcg_at_20"] == pytest.approx((1 / np.log2(3) + 1) / 4)
    assert metrics["recall_at_20"] == 0.5
    wide = champion.served_metrics(FakeExecutor(lambda s, items: answers[s], k=40), evaluated, ks=(20, 40))
    assert wide["recall_at_40"] == wide["recall_at_20"] == 0.5


def test_served_models_are_scored_only_at_cut_offs_they_answer():
    assert champion.served_ks((20, 40), 20) == (20,)
    assert champion.served_ks((20, 40), 40) == (20, 40)
    with pytest.raises(ValueError, match="fewer than every cut-off"):
        champion.served_ks((20, 40), 10)
