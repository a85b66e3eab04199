"""Synthetic shopping sessions for the next-item recommender.

Long-tail item popularity (lognormal ids, as in the Transformers4Rec getting-started recipe), a fixed
item -> category mapping, realistic session lengths (median of a few events, long tail), unique session ids,
per-session start times inside the date window and strictly increasing timestamps within a session.
Everything is vectorised: no Python loop per session or per row.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd

CATEGORY_BINS = 334
MAX_SESSION_LENGTH = 200
MAX_GAP_SECONDS = 3600


def item_category(item_id: np.ndarray, num_items: int, bins: int = CATEGORY_BINS) -> np.ndarray:
    """Equal-width bins over [1, num_items]: every item has exactly one category, 1..bins, rising with the id."""
    return ((np.asarray(item_id, dtype=np.int64) - 1) * bins // num_items + 1).astype(np.int64)


def session_lengths(rng: np.random.Generator, total_rows: int, median_length: float = 3.5, sigma: float = 0.8) -> np.ndarray:
    """Lognormal lengths (at least 1, capped) whose sum is exactly total_rows."""
    estimate = int(total_rows / (median_length * np.exp(sigma**2 / 2))) + 16
    lengths = np.empty(0, dtype=np.int64)
    while lengths.sum() < total_rows:
        draw = np.rint(rng.lognormal(np.log(median_length), sigma, size=estimate)).astype(np.int64)
        lengths = np.concatenate([lengths, np.clip(draw, 1, MAX_SESSION_LENGTH)])
    ends = np.cumsum(lengths)
    count = int(np.searchsorted(ends, total_rows)) + 1
    lengths = lengths[:count]
    lengths[-1] -= int(ends[count - 1] - total_rows)
    return lengths


def generate(
    start: date,
    end: date,
    rows_per_day: int,
    num_items: int = 50_000,
    seed: int = 42,
) -> pd.DataFrame:
    """Interactions (session_id, item_id, category, timestamp in Unix seconds), sorted by session and time."""
    rng = np.random.default_rng(seed)
    days = (end - start).days + 1
    total_rows = rows_per_day * days
    lengths = session_lengths(rng, total_rows)
    sessions = len(lengths)

    session_index = np.repeat(np.arange(sessions), lengths)
    first_row = np.cumsum(lengths) - lengths
    position = np.arange(total_rows) - np.repeat(first_row, lengths)

    # Seconds between events: lognormal around a minute, capped at an hour; zero before the first event.
    gaps = np.clip(np.rint(rng.lognormal(np.log(60), 1.0, size=total_rows)), 1, MAX_GAP_SECONDS).astype(np.int64)
    gaps[position == 0] = 0
    offsets = np.cumsum(gaps) - np.repeat(np.cumsum(gaps)[first_row], lengths)
    durations = offsets[np.cumsum(lengths) - 1]

    window_seconds = days * 86_400
    window_start = int(datetime(start.year, start.month, start.day, tzinfo=timezone.utc).timestamp())
    latest_start = np.maximum(window_seconds - 1 - durations, 0)
    starts = window_start + np.floor(rng.random(sessions) * (latest_start + 1)).astype(np.int64)

    item_id = np.clip(np.rint(rng.lognormal(3.0, 1.0, size=total_rows)), 1, num_items).astype(np.int64)
    # Unique, unordered session ids: a permutation, so ids say nothing about time.
    session_ids = rng.permutation(sessions).astype(np.int64) + 1
    timestamp = starts[session_index] + offsets

    frame = pd.DataFrame(
        {
            "session_id": session_ids[session_index],
            "item_id": item_id,
            "category": item_category(item_id, num_items),
            "timestamp": timestamp,
        }
    )
    return frame


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date as YYYY-MM-DD") from None


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{value} is not positive")
    return value


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start_date", type=parse_date, required=True, help="first day, YYYY-MM-DD")
    parser.add_argument("--end_date", type=parse_date, required=True, help="last day, YYYY-MM-DD")
    parser.add_argument("--rows_per_day", type=positive_int, required=True, help="interactions per day")
    parser.add_argument("--num_items", type=positive_int, default=50_000, help="size of the item catalogue")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--output", type=Path, required=True, help="folder for interactions.parquet")
    args = parser.parse_args(argv)
    if args.end_date < args.start_date:
        parser.error(f"--end_date {args.end_date} is before --start_date {args.start_date}")
    if (args.end_date - args.start_date).days > 3660:
        parser.error("the date window is longer than ten years")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    frame = generate(args.start_date, args.end_date, args.rows_per_day, args.num_items, args.seed)
    args.output.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(args.output / "interactions.parquet", index=False)
    print(
        f"wrote {len(frame):,} interactions in {frame['session_id'].nunique():,} sessions "
        f"from {args.start_date} to {args.end_date} to {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
