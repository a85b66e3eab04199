"""Preprocessing of raw interactions: sort by session and time, drop consecutive repeats of an item within
a session, and partition the sessions by the day of their first event (one parquet folder per day).

Runs on cudf when it is importable (the Merlin GPU image, nvcr.io/nvidia/merlin/merlin-pytorch:23.08, whose
cudf comes from the RAPIDS 23.x DLFW layer) and on pandas otherwise: the operations used are the ones both
libraries share, and the two places they differ are handled explicitly:
- cudf's `Series.tolist()` always raises (rapidsai/cudf python/cudf/cudf/core/single_column_frame.py, `tolist`):
  values come to the host through `to_pandas()` first (`host_list`);
- cudf propagates nulls through comparisons and a boolean mask drops null rows, where pandas compares NaN as
  False: the comparisons with a shifted column fill their null with False (`drop_consecutive_repeats`), so the
  first event is kept on both.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

try:  # pragma: no cover - only inside the GPU image
    import cudf as xdf  # type: ignore[import-not-found]
except ImportError:
    import pandas as xdf

SECONDS_PER_DAY = 86_400
COLUMNS = ("session_id", "item_id", "category", "timestamp")


class InteractionsError(ValueError):
    """The input is not a table of interactions this pipeline can read."""


def integer_typed(dtype) -> bool:
    """numpy integer dtypes (pandas and cudf) and pandas' nullable Int* dtypes."""
    return getattr(dtype, "kind", None) in ("i", "u")


def column_problems(frame) -> list[str]:
    """What stops `frame` from being interactions: each of COLUMNS missing, not integer-typed, or with empty
    values, and no rows at all. Real data (an Azure ML data asset) is checked before anything else runs, so
    a wrong export fails here with the column named instead of deep inside NVTabular."""
    problems = []
    found = [str(name) for name in frame.columns]
    for name in COLUMNS:
        if name not in found:
            problems.append(f"column '{name}' is missing (columns found: {', '.join(found) or 'none'})")
            continue
        dtype = frame[name].dtype
        if not integer_typed(dtype):
            hint = " (seconds since 1970-01-01 UTC)" if name == "timestamp" else ""
            problems.append(f"column '{name}' has type {dtype}; it must hold integers{hint}")
            continue
        empty = int(frame[name].isna().sum())
        if empty:
            problems.append(f"column '{name}' has {empty} empty values; every row needs one")
    if not problems and len(frame) == 0:
        problems.append("the interactions hold no rows")
    return problems


def validate_interactions(frame, source: str) -> None:
    problems = column_problems(frame)
    if problems:
        heading = f"{source} is not a table of interactions ({', '.join(COLUMNS)}; integers):"
        raise InteractionsError("\n".join([heading, *(f"- {problem}" for problem in problems)]))


def sort_sessions(frame):
    return frame.sort_values(["session_id", "timestamp"]).reset_index(drop=True)


def drop_consecutive_repeats(frame):
    """Keeps an event unless it repeats the item of the event just before it in the same session.
    Expects a frame sorted by session and time."""
    same_session = (frame["session_id"] == frame["session_id"].shift(1)).fillna(False)
    same_item = (frame["item_id"] == frame["item_id"].shift(1)).fillna(False)
    return frame[~(same_session & same_item)].reset_index(drop=True)


def frame_library(frame):
    """pandas or cudf, whichever made `frame` (the tests pass pandas frames even where cudf imports)."""
    return sys.modules[type(frame).__module__.split(".")[0]]


def add_session_day(frame):
    """`day`: the UTC day (YYYY-MM-DD) of the session's first event, so a session never spans two partitions."""
    first = frame.groupby("session_id")["timestamp"].transform("min")
    day_number = (first // SECONDS_PER_DAY).astype("int64")
    frame = frame.assign(day_number=day_number)
    days = frame_library(frame).to_datetime(frame["day_number"] * SECONDS_PER_DAY, unit="s")
    return frame.assign(day=days.dt.strftime("%Y-%m-%d")).drop(columns=["day_number"])


def preprocess(frame):
    return add_session_day(drop_consecutive_repeats(sort_sessions(frame)))


def host_list(values) -> list:
    """A Python list of a pandas/cudf Series or a numpy array (cudf refuses `tolist()` on device data)."""
    if hasattr(values, "to_pandas"):
        values = values.to_pandas()
    return list(values.tolist())


def partitions(frame):
    """(day, rows of the sessions that started that day), in day order."""
    for day in sorted(host_list(frame["day"].unique())):
        yield day, frame[frame["day"] == day].drop(columns=["day"]).reset_index(drop=True)


def write_day(rows, path: Path) -> None:
    """One parquet file holding one row group, so no reader splits a session across partitions: NVTabular's
    Groupby works within a partition (nvtabular/ops/groupby.py:26-35 at v23.08.00) and merlin-core splits a file
    into partitions only at row-group boundaries. cudf's writer cuts row groups every 1,000,000 rows by default
    (`row_group_size_rows`), pyarrow's every 1,048,576 (`row_group_size`), so a large day would otherwise be cut."""
    size = max(len(rows), 1)
    if frame_library(rows).__name__ == "cudf":
        rows.to_parquet(str(path), index=False, row_group_size_rows=size)
    else:
        rows.to_parquet(str(path), index=False, row_group_size=size)


def existing_folder(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"'{text}' is not an existing folder")
    return path


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=existing_folder, required=True, help="folder of raw interaction parquet files")
    parser.add_argument("--output", type=Path, required=True, help="folder for day=YYYY-MM-DD/ partitions")
    args = parser.parse_args(argv)
    if not any(args.input.glob("*.parquet")):
        parser.error(f"--input {args.input} holds no .parquet file")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    raw = xdf.concat([xdf.read_parquet(path) for path in sorted(args.input.glob("*.parquet"))], ignore_index=True)
    try:
        validate_interactions(raw, str(args.input))
    except InteractionsError as error:
        print(error, file=sys.stderr)
        return 2
    clean = preprocess(raw)
    for day, rows in partitions(clean):
        folder = args.output / f"day={day}"
        folder.mkdir(parents=True, exist_ok=True)
        write_day(rows, folder / "part-0.parquet")
    print(f"kept {len(clean):,} of {len(raw):,} interactions, {clean['day'].nunique()} day partitions in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
