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


class CudfLikeSeries:
    """What cudf gives for `frame["day"].unique()`: `tolist()` raises, `to_pandas()` copies to the host
    (rapidsai/cudf python/cudf/cudf/core/single_column_frame.py, `tolist`)."""

    def __init__(self, values):
        self.values = pd.Series(values)

    def tolist(self):
        raise TypeError("cuDF does not support conversion to host memory via the `tolist()` method.")

    def to_pandas(self):
        return self.values


def test_host_list_never_calls_tolist_on_device_data():
    assert data_prep.host_list(CudfLikeSeries(["2024-03-02", "2024-03-01"])) == ["2024-03-02", "2024-03-01"]
    assert data_prep.host_list(pd.Series([3, 1]).unique()) == [3, 1]


def test_partitions_read_the_days_through_host_list(monkeypatch):
    seen = []
    monkeypatch.setattr(data_prep, "host_list", lambda values: seen.append(values) or sorted(set(values)))
    clean = data_prep.preprocess(frame([(1, 1, 1, T0 + 5), (2, 2, 1, T0 + DAY + 5)]))
    assert [day for day, _ in data_prep.partitions(clean)] == ["2024-03-01", "2024-03-02"]
    assert len(seen) == 1


def test_keeps_the_first_event_when_comparisons_carry_nulls():
    # Nullable Int64 columns compare like cudf: the shifted row 0 is <NA>, not False.
    raw = frame([(1, 10, 1, T0 + 1), (1, 10, 1, T0 + 2), (1, 11, 1, T0 + 3)]).astype("Int64")
    out = data_prep.drop_consecutive_repeats(raw)
    assert out["item_id"].tolist() == [10, 11]
    assert out["timestamp"].tolist() == [T0 + 1, T0 + 3]


def test_days_are_computed_by_the_library_that_made_the_frame():
    assert data_prep.frame_library(frame([])) is pd


class RecordingFrame(pd.DataFrame):
    """A pandas frame whose to_parquet records its arguments (no parquet engine on this machine)."""

    calls: list = []

    def to_parquet(self, path, **kwargs):
        RecordingFrame.calls.append((path, kwargs))


def test_a_day_is_written_as_one_row_group(tmp_path):
    rows = RecordingFrame(frame([(1, 1, 1, T0 + i) for i in range(5)]))
    data_prep.write_day(rows, tmp_path / "part-0.parquet")
    assert RecordingFrame.calls[-1] == (str(tmp_path / "part-0.parquet"), {"index": False, "row_group_size": 5})


def test_valid_interactions_pass_the_column_check():
    assert data_prep.column_problems(frame([(1, 10, 1, T0), (1, 11, 2, T0 + 1)])) == []
    assert data_prep.column_problems(frame([(1, 10, 1, T0)]).astype({"item_id": "int32", "category": "Int64"})) == []


def test_a_missing_column_is_named():
    raw = frame([(1, 10, 1, T0)]).drop(columns=["category"])
    problems = data_prep.column_problems(raw)
    assert problems == ["column 'category' is missing (columns found: session_id, item_id, timestamp)"]


def test_a_mistyped_column_is_named_with_its_type():
    raw = frame([(1, 10, 1, T0)]).astype({"item_id": "float64"})
    raw["timestamp"] = pd.to_datetime(raw["timestamp"], unit="s")
    problems = data_prep.column_problems(raw)
    assert len(problems) == 2
    assert problems[0].startswith("column 'item_id' has type float64; it must hold integers")
    assert problems[1].startswith("column 'timestamp' has type datetime64[ns]; it must hold integers")
    assert "seconds since 1970-01-01 UTC" in problems[1]


def test_nulls_are_named_with_their_count():
    raw = frame([(1, 10, 1, T0), (1, None, 1, T0 + 1), (2, None, 1, T0 + 2)]).astype({"item_id": "Int64"})
    assert data_prep.column_problems(raw) == ["column 'item_id' has 2 empty values; every row needs one"]


def test_no_rows_is_a_problem():
    assert data_prep.column_problems(frame([]).astype("int64")) == ["the interactions hold no rows"]


def test_validate_interactions_raises_one_message_naming_every_problem():
    raw = frame([(1, 10, 1, T0)]).drop(columns=["session_id"]).astype({"item_id": "str"})
    try:
        data_prep.validate_interactions(raw, "azureml:clicks:3")
    except data_prep.InteractionsError as error:
        message = str(error)
    else:
        raise AssertionError("validate_interactions accepted a frame without session_id")
    assert message.splitlines()[0] == (
        "azureml:clicks:3 is not a table of interactions (session_id, item_id, category, timestamp; integers):"
    )
    assert "column 'session_id' is missing" in message
    assert "column 'item_id' has type object" in message


def test_main_reports_bad_columns_on_stderr_and_exits_2(tmp_path, monkeypatch, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "part.parquet").write_bytes(b"")
    monkeypatch.setattr(data_prep.xdf, "read_parquet", lambda path: frame([(1, 10, 1, T0)]).drop(columns=["item_id"]))
    assert data_prep.main(["--input", str(tmp_path / "in"), "--output", str(tmp_path / "out")]) == 2
    assert "column 'item_id' is missing" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
