"""Synthetic shopping sessions with structure a next-item model can learn.

The seed's generator drew every item independently of the one before, so popularity was the best possible
ranking and no sequence model could beat it. Here each session is made by a shopper, and that leaves traces:

- **Catalogue.** `num_items` items in `CATEGORY_BINS` categories of equal id ranges (`item_category`). Item
  popularity is a long tail (a shifted Zipf law over a random order of the items), so popular items are spread
  over all categories: no category holds more than a few percent of events and the 20 most popular items hold
  a small share, not half.
- **Intent.** A session starts from an item drawn by popularity; its category is the shopper's intent. Fresh
  picks later in the session (events that are not follows, below) come from the intent category. At each fresh
  pick the intent may drift (`intent_drift`) to one of a few categories related to the first (complementary
  categories), so a session covers a small set of categories.
- **Items that follow each other.** Every item has `SUCCESSORS` fixed successors: items of its own category
  (co-viewed) and of related categories (complementary), favouring popular ones. With `follow_probability` the
  next event is one of the previous item's successors, so "item -> next item" carries signal.
- **Drift across days.** Each item's popularity rises and fades in a cycle of its own speed
  (`popularity_drift`: spread of the daily change of log popularity, bounded to a factor of e^3 so long windows
  stay spread), and `new_item_share` of the catalogue launches on a day inside the window (never seen before
  it). Successors point at new items too, so after a launch new transitions appear: a model fitted on recent
  days beats one fitted on old days.
- **Sessions.** Lognormal lengths (median `median_session_length`, long tail, capped), unique session ids in no
  time order, start times inside the date window, gaps of about a minute, strictly increasing timestamps.

Everything is vectorised with numpy: loops run over days (one popularity table a day, about 5 ms at 50,000
items; past a year of days, one every few days) and over chains of successor picks (as long as the longest run of follows, about 25), never over
sessions or rows.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, fields
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

CATEGORY_BINS = 334
MAX_SESSION_LENGTH = 200
MAX_GAP_SECONDS = 3600
RELATED_CATEGORIES = 3
# Successors of an item: the first SAME_CATEGORY_SUCCESSORS from its own category, the rest from related ones;
# FOLLOW_WEIGHTS is how often each is picked (the first successor is the most likely next item).
SUCCESSORS = 6
SAME_CATEGORY_SUCCESSORS = 4
FOLLOW_WEIGHTS = np.array([34, 22, 15, 10, 11, 8])  # percent
FOLLOW_TABLE = np.repeat(np.arange(SUCCESSORS), FOLLOW_WEIGHTS)
SECONDS_PER_DAY = 86_400
# Log popularity of an item cycles between -POPULARITY_SWING and +POPULARITY_SWING (a factor of e^3 = 20).
POPULARITY_SWING = 1.5
MAX_POPULARITY_TABLES = 366


@dataclass(frozen=True)
class Structure:
    """How much structure the sessions carry. The defaults make every property the tests assert hold."""

    median_session_length: float = 5.0
    follow_probability: float = 0.5
    intent_drift: float = 0.25
    popularity_exponent: float = 1.0
    popularity_offset: float = 30.0
    popularity_drift: float = 0.08
    new_item_share: float = 0.3

    def problems(self) -> list[str]:
        """What is wrong with these settings, as `--name value: why`; empty when they are usable."""
        found = [
            f"--{name} {getattr(self, name)}: a probability is between 0 and 1"
            for name in ("follow_probability", "intent_drift")
            if not 0 <= getattr(self, name) <= 1
        ]
        if not 0 <= self.new_item_share < 1:
            found.append(f"--new_item_share {self.new_item_share}: from 0 to below 1 (some items exist on day one)")
        if not self.median_session_length >= 1:
            found.append(f"--median_session_length {self.median_session_length}: below one event")
        if not self.popularity_exponent > 0:
            found.append(f"--popularity_exponent {self.popularity_exponent}: must be above 0 (0: all items alike)")
        for name in ("popularity_offset", "popularity_drift"):
            if not getattr(self, name) >= 0:
                found.append(f"--{name} {getattr(self, name)}: is negative")
        return found

    def __post_init__(self) -> None:
        if self.problems():
            raise ValueError("; ".join(self.problems()))


def category_count(num_items: int) -> int:
    return min(CATEGORY_BINS, num_items)


def item_category(item_id: np.ndarray, num_items: int, bins: int = CATEGORY_BINS) -> np.ndarray:
    """Equal-width bins over [1, num_items]: every item has exactly one category, 1..bins, rising with the id."""
    bins = min(bins, num_items)
    return ((np.asarray(item_id, dtype=np.int64) - 1) * bins // num_items + 1).astype(np.int64)


def session_lengths(rng: np.random.Generator, total_rows: int, median_length: float = 5.0, sigma: float = 0.8):
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


@dataclass(frozen=True)
class Catalogue:
    """Items are indices 0..n-1 (id = index + 1); categories are indices 0..c-1 (category = index + 1)."""

    category: np.ndarray  # per item
    first_item: np.ndarray  # per category: its items are first_item[c] .. first_item[c + 1] - 1
    base: np.ndarray  # per item: popularity weight on day 0
    slope: np.ndarray  # per item: change of log popularity per day, while rising or fading
    phase: np.ndarray  # per item: where its popularity cycle starts on day 0
    launch: np.ndarray  # per item: first day it exists
    related: np.ndarray  # per category: RELATED_CATEGORIES other categories
    successors: np.ndarray  # per item: SUCCESSORS items

    def weights(self, day: int) -> np.ndarray:
        """Popularity on a day: the base weight times a rise-and-fade cycle (a triangle wave of log popularity
        between -POPULARITY_SWING and +POPULARITY_SWING at the item's own rate), zero before launch. Bounded, so
        long windows do not collapse onto a few items."""
        cycle = np.mod(self.phase + np.abs(self.slope) * day, 4 * POPULARITY_SWING)
        level = POPULARITY_SWING - np.abs(cycle - 2 * POPULARITY_SWING)
        return np.where(self.launch <= day, self.base * np.exp(level), 0.0)


class CategorySampler:
    """Draws items proportional to `weights`, within given categories (the items of category c are
    first_item[c] .. first_item[c + 1] - 1) or over the whole catalogue (a category by its total weight, then an
    item in it). A category whose items all weigh nothing (none launched yet) stands for the whole catalogue.

    Inverse-CDF sampling with a guide table (`guide` entries a category, a power of two): the first item at or
    past each 1/guide of a category's weight is precomputed, and each draw walks forward from its entry. The
    result is exactly what a binary search over the running sum gives, about three times faster."""

    def __init__(self, weights: np.ndarray, first_item: np.ndarray, guide: int = 64):
        self.cumulative = np.cumsum(weights)
        running = np.concatenate([[0.0], self.cumulative])
        self.below, self.mass = running[first_item[:-1]], running[first_item[1:]] - running[first_item[:-1]]
        self.category_cumulative = np.cumsum(self.mass)
        self.last = first_item[1:] - 1
        empty = self.mass <= 0
        self.below[empty], self.mass[empty], self.last[empty] = 0.0, self.cumulative[-1], len(weights) - 1
        self.guide = guide
        steps = np.arange(guide) / guide
        queries = (self.below[:, None] + self.mass[:, None] * steps[None, :]).ravel()
        self.table = np.searchsorted(self.cumulative, queries, side="right")

    def draw(self, rng: np.random.Generator, categories: np.ndarray) -> np.ndarray:
        u = rng.random(len(categories))
        targets = self.below[categories] + u * self.mass[categories]
        limit = self.last[categories]
        picked = np.minimum(self.table[categories * self.guide + (u * self.guide).astype(np.int64)], limit)
        walking = np.flatnonzero((self.cumulative[picked] <= targets) & (picked < limit))
        while walking.size:
            picked[walking] += 1
            still = (self.cumulative[picked[walking]] <= targets[walking]) & (picked[walking] < limit[walking])
            walking = walking[still]
        return picked

    def draw_anywhere(self, rng: np.random.Generator, count: int) -> np.ndarray:
        total = self.category_cumulative[-1]
        categories = np.searchsorted(self.category_cumulative, rng.random(count) * total, side="right")
        return self.draw(rng, np.minimum(categories, len(self.category_cumulative) - 1))


def build_catalogue(rng: np.random.Generator, num_items: int, days: int, structure: Structure) -> Catalogue:
    categories = category_count(num_items)
    category = item_category(np.arange(1, num_items + 1), num_items) - 1
    first_item = np.searchsorted(category, np.arange(categories + 1))
    rank = rng.permutation(num_items)
    base = (rank + structure.popularity_offset) ** -structure.popularity_exponent
    slope = rng.normal(0.0, structure.popularity_drift, num_items)
    phase = rng.random(num_items) * 4 * POPULARITY_SWING
    launches = rng.integers(1, max(days, 2), num_items) if days > 1 else np.zeros(num_items, dtype=np.int64)
    launch = np.where(rng.random(num_items) < structure.new_item_share, launches, 0)
    shifts = rng.integers(1, max(categories, 2), (categories, RELATED_CATEGORIES))
    related = (np.arange(categories)[:, None] + shifts) % categories

    # Successors favour items popular overall (day-0 weights, launched or not: new items become successors).
    sampler = CategorySampler(base, first_item)
    cross_count = SUCCESSORS - SAME_CATEGORY_SUCCESSORS
    own = np.repeat(category, SAME_CATEGORY_SUCCESSORS)
    other = related[np.repeat(category, cross_count), rng.integers(0, RELATED_CATEGORIES, num_items * cross_count)]
    same = sampler.draw(rng, own).reshape(num_items, SAME_CATEGORY_SUCCESSORS)
    cross = sampler.draw(rng, other).reshape(num_items, cross_count)
    successors = np.concatenate([same, cross], axis=1)
    items = np.arange(num_items)[:, None]
    # An item is never its own successor: the next item of its category instead (data-prep drops repeats).
    low, size = first_item[category][:, None], np.diff(first_item)[category][:, None]
    successors = np.where(successors == items, low + (items - low + 1) % size, successors)
    return Catalogue(category, first_item, base, slope, phase, launch, related, successors)


@dataclass(frozen=True)
class Layout:
    """Where each session's rows are: sessions grouped by start day, rows in time order within a session."""

    lengths: np.ndarray  # per session
    session_day: np.ndarray  # per session, non-decreasing

    @property
    def first_row(self) -> np.ndarray:
        return np.cumsum(self.lengths) - self.lengths

    def day_bounds(self) -> np.ndarray:
        """Session index where each day starts, one more entry for the end: day d is sessions [b[d], b[d + 1])."""
        return np.searchsorted(self.session_day, np.arange(int(self.session_day[-1]) + 2))


def intents(rng, catalogue: Catalogue, fresh_session: np.ndarray, primary: np.ndarray, drift_probability: float):
    """The intent category of each fresh pick (given by its session, in row order): the session's primary
    category until the intent drifts, which it may at each fresh pick, to one of the primary's related
    categories, drawn anew at each drift."""
    count = len(fresh_session)
    session_start = np.ones(count, dtype=bool)
    session_start[1:] = fresh_session[1:] != fresh_session[:-1]
    drift = rng.random(count, dtype=np.float32) < drift_probability
    segment = np.maximum.accumulate(np.where(drift | session_start, np.arange(count), 0))
    related_pick = np.zeros(count, dtype=np.int64)
    related_pick[drift] = rng.integers(0, RELATED_CATEGORIES, int(drift.sum()))
    session_primary = primary[fresh_session]
    drifted = catalogue.related[session_primary, related_pick[segment]]
    return np.where(drift[segment], drifted, session_primary)


def resolve_follows(rng, catalogue: Catalogue, items, follow: np.ndarray, fallback, session_index, session_day):
    """Fills the `follow` rows of `items` with a successor of the row before. A follow's depth is how many
    follows precede it in a row; all follows of one depth resolve together, once the depth before is known.
    A successor not launched yet on the session's day gives the session's `fallback` item instead (its first
    item: the shopper goes back to it)."""
    rows = np.flatnonzero(follow)
    if rows.size == 0:
        return
    anchor = np.maximum.accumulate(np.where(follow, 0, np.arange(len(follow))))
    depth = (rows - anchor[rows]).astype(np.int16)  # at most MAX_SESSION_LENGTH: a radix sort
    rows = rows[np.argsort(depth, kind="stable")]
    ends = np.cumsum(np.bincount(depth))
    pick = FOLLOW_TABLE[rng.integers(0, len(FOLLOW_TABLE), len(rows))]
    successors = catalogue.successors.ravel()
    session = session_index[rows]
    launch_limit = session_day[session]
    for low, high in zip(ends[:-1], ends[1:]):
        wave = rows[low:high]
        candidate = successors[items[wave - 1] * SUCCESSORS + pick[low:high]]
        launched = catalogue.launch[candidate] <= launch_limit[low:high]
        items[wave] = np.where(launched, candidate, fallback[session[low:high]])


def choose_items(rng: np.random.Generator, catalogue: Catalogue, layout: Layout, structure: Structure) -> np.ndarray:
    """Item index per row: a first item by popularity, then follows of the previous item's successors and fresh
    picks from the intent category."""
    total_rows = int(layout.lengths.sum())
    first_row = layout.first_row
    session_index = np.repeat(np.arange(len(layout.lengths)), layout.lengths)
    bounds = layout.day_bounds()
    # One popularity table a day, or one every `stride` days past a year of days (a table costs ~5 ms).
    stride = -(-(len(bounds) - 1) // MAX_POPULARITY_TABLES)
    tables: dict[int, CategorySampler] = {}
    samplers = {}
    for day in range(len(bounds) - 1):
        if bounds[day] < bounds[day + 1]:
            step = day - day % stride
            if step not in tables:
                tables[step] = CategorySampler(catalogue.weights(step), catalogue.first_item)
            samplers[day] = tables[step]

    # Each session's first item, by that day's popularity over the whole catalogue.
    first = np.empty(len(layout.lengths), dtype=np.int64)
    for day, sampler in samplers.items():
        first[bounds[day] : bounds[day + 1]] = sampler.draw_anywhere(rng, bounds[day + 1] - bounds[day])
    later = np.ones(total_rows, dtype=bool)
    later[first_row] = False
    follow = (rng.random(total_rows, dtype=np.float32) < structure.follow_probability) & later
    fresh = np.flatnonzero(later & ~follow)
    intent = intents(rng, catalogue, session_index[fresh], catalogue.category[first], structure.intent_drift)

    items = np.empty(total_rows, dtype=np.int64)
    items[first_row] = first
    fresh_bounds = np.searchsorted(fresh, np.append(first_row, total_rows)[bounds])
    for day, sampler in samplers.items():
        low, high = fresh_bounds[day], fresh_bounds[day + 1]
        items[fresh[low:high]] = sampler.draw(rng, intent[low:high])
    resolve_follows(rng, catalogue, items, follow, first, session_index, layout.session_day)
    return items


def generate(
    start: date,
    end: date,
    rows_per_day: int,
    num_items: int = 50_000,
    seed: int = 42,
    structure: Structure = Structure(),
) -> pd.DataFrame:
    """Interactions (session_id, item_id, category, timestamp in Unix seconds), sessions in order of their start
    day, events in time order within a session."""
    rng = np.random.default_rng(seed)
    days = (end - start).days + 1
    total_rows = rows_per_day * days
    lengths = session_lengths(rng, total_rows, structure.median_session_length)
    sessions = len(lengths)

    # Seconds between events: lognormal around a minute, capped at an hour; zero before the first event.
    first_row = np.cumsum(lengths) - lengths
    gaps = np.exp(rng.standard_normal(total_rows, dtype=np.float32) + np.float32(np.log(60)))
    gaps = np.clip(gaps, 1, MAX_GAP_SECONDS).astype(np.int64)
    gaps[first_row] = 0
    running = np.cumsum(gaps)
    offsets = running - np.repeat(running[first_row], lengths)
    durations = offsets[first_row + lengths - 1]
    window_seconds = days * SECONDS_PER_DAY
    latest_start = np.maximum(window_seconds - 1 - durations, 0)
    starts = np.floor(rng.random(sessions) * (latest_start + 1)).astype(np.int64)

    # Sessions in order of their start day (a radix sort), so each day's sessions are one contiguous block of rows.
    order = np.argsort((starts // SECONDS_PER_DAY).astype(np.int16), kind="stable")
    lengths, starts = lengths[order], starts[order]
    new_first_row = np.cumsum(lengths) - lengths
    offsets = offsets[np.repeat(first_row[order] - new_first_row, lengths) + np.arange(total_rows)]
    session_day = starts // SECONDS_PER_DAY

    catalogue = build_catalogue(rng, num_items, days, structure)
    items = choose_items(rng, catalogue, Layout(lengths, session_day), structure)

    # Unique, unordered session ids: a permutation, so ids say nothing about time. The columns are written into
    # one block, which pandas keeps as it is (no copy).
    session_ids = rng.permutation(sessions).astype(np.int64) + 1
    window_start = int(datetime(start.year, start.month, start.day, tzinfo=timezone.utc).timestamp())
    block = np.empty((4, total_rows), dtype=np.int64)
    block[0] = np.repeat(session_ids, lengths)
    np.add(items, 1, out=block[1])
    np.add(np.take(catalogue.category, items), 1, out=block[2])
    np.add(np.repeat(starts + window_start, lengths), offsets, out=block[3])
    return pd.DataFrame(block.T, columns=["session_id", "item_id", "category", "timestamp"], copy=False)


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


def number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start_date", type=parse_date, required=True, help="first day, YYYY-MM-DD")
    parser.add_argument("--end_date", type=parse_date, required=True, help="last day, YYYY-MM-DD")
    parser.add_argument("--rows_per_day", type=positive_int, required=True, help="interactions per day")
    parser.add_argument("--num_items", type=positive_int, default=50_000, help="size of the item catalogue")
    parser.add_argument("--seed", type=int, default=42)
    for field in fields(Structure):
        parser.add_argument(f"--{field.name}", type=number, default=field.default)
    parser.add_argument("--output", type=Path, required=True, help="folder for interactions.parquet")
    args = parser.parse_args(argv)
    if args.end_date < args.start_date:
        parser.error(f"--end_date {args.end_date} is before --start_date {args.start_date}")
    if (args.end_date - args.start_date).days > 3660:
        parser.error("the date window is longer than ten years")
    try:
        args.structure = Structure(**{field.name: getattr(args, field.name) for field in fields(Structure)})
    except ValueError as error:
        parser.error(str(error))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    frame = generate(args.start_date, args.end_date, args.rows_per_day, args.num_items, args.seed, args.structure)
    args.output.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(args.output / "interactions.parquet", index=False)
    print(
        f"wrote {len(frame):,} interactions in {frame['session_id'].nunique():,} sessions "
        f"from {args.start_date} to {args.end_date} to {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
