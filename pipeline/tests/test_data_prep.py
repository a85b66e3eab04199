import pandas as pd

import data_prep

DAY = 86_400
T0 = 1_709_251_200  # 2024-03-01T00:00:00Z


def frame(rows):
    return pd.DataFrame(rows, columns=["session_id", "item_id", "category", "timestamp"])


def test_sorts_by_session_then_time():
    raw = frame([(2, 5, 1, T0 + 9), (1, 4, 1, T0 + 5), (2, 6, 1, T0 + 1), (1, 3, 1, T0 + 2)])
    out = data_prep.sort_sessions(raw)
    assert out[["session_id", "timestamp"]].values.tolist() == [[1, T0 + 2], [1, T0 + 5], [2, T0 + 1], [2, T0 + 9]]


def test_drops_consecutive_repeats_only_within_a_session():
    raw = frame(
        [
            (1, 10, 1, T0 + 1),
            (1, 10, 1, T0 + 2),  # repeat: dropped
            (1, 11, 1, T0 + 3),
            (1, 10, 1, T0 + 4),  # not consecutive: kept
            (2, 10, 1, T0 + 5),  # same item, new session: kept
        ]
    )
    out = data_prep.drop_consecutive_repeats(raw)
    assert out[["session_id", "item_id"]].values.tolist() == [[1, 10], [1, 11], [1, 10], [2, 10]]


def test_partitions_by_the_day_of_each_sessions_first_event():
    raw = frame(
        [
            (1, 1, 1, T0 + DAY - 10),  # starts on day 1 ...
            (1, 2, 1, T0 + DAY + 10),  # ... and runs past midnight: stays on day 1
            (2, 3, 1, T0 + DAY + 20),
            (3, 4, 1, T0 + 5),
        ]
    )
    clean = data_prep.preprocess(raw)
    parts = dict(data_prep.partitions(clean))
    assert list(parts) == ["2024-03-01", "2024-03-02"]
    assert parts["2024-03-01"]["session_id"].tolist() == [1, 1, 3]
    assert parts["2024-03-02"]["session_id"].tolist() == [2]
    assert "day" not in parts["2024-03-01"].columns
