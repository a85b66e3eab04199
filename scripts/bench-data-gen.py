"""data-gen's speed: rows per second generating one million rows with the default structure (median of 5 runs)
and the median session length. Target (issues #8, #14): >= 2 million rows/s on a 2-core machine."""

import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pipeline" / "components" / "data-gen" / "src"))
import data_gen  # noqa: E402

ROWS = 1_000_000
DAYS = 10
rates = []
for run in range(5):
    start = time.perf_counter()
    frame = data_gen.generate(date(2024, 1, 1), date(2024, 1, DAYS), ROWS // DAYS, seed=run)
    rates.append(len(frame) / (time.perf_counter() - start))
lengths = frame.groupby("session_id").size()
rate = statistics.median(rates)
print(f"data-gen: {len(frame):,} rows, median {rate / 1e6:.2f} million rows/s over 5 runs (target >= 2.0)")
print(f"sessions: {len(lengths):,}, median length {lengths.median():.0f}, p90 {lengths.quantile(0.9):.0f}, max {lengths.max()}")
sys.exit(0 if rate >= 2.0e6 else 1)
