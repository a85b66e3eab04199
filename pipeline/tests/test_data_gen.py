from datetime import date, datetime, timezone

import numpy as np
import pytest

import data_gen

START, END = date(2024, 3, 1), date(2024, 3, 3)


@pytest.fixture(scope="module")
def frame():
    return data_gen.generate(START, END, rows_per_day=20_000, num_items=50_000, seed=7)


def test_row_count_is_exact(frame):
    assert len(frame) == 3 * 20_000
    assert list(frame.columns) == ["session_id", "item_id", "category", "timestamp"]


def test_item_popularity_has_a_long_tail(frame):
    # A long tail over the whole catalogue: the seed's lognormal ids collapsed it to ~900 items, where the top
    # fifth took over 80% of events; here most of the 50,000 items are seen, and the head is still far above them.
    counts = frame["item_id"].value_counts()
    top_fifth_share = counts.iloc[: len(counts) // 5].sum() / len(frame)
    assert top_fifth_share > 0.6, "the most popular fifth of the items should take most of the events"
    assert counts.iloc[0] > 100 * counts.median(), "the head item is far more popular than a typical item"
    assert (counts == 1).sum() > len(counts) * 0.1, "many items should be seen only once"
    assert frame["item_id"].between(1, 50_000).all()


def test_every_item_has_one_category_rising_with_the_id(frame):
    per_item = frame.groupby("item_id")["category"].nunique()
    assert (per_item == 1).all()
    mapping = frame.drop_duplicates("item_id").sort_values("item_id")
    assert mapping["category"].is_monotonic_increasing
    assert frame["category"].between(1, data_gen.CATEGORY_BINS).all()


def test_category_bins_cover_the_catalogue():
    ids = np.array([1, 150, 151, 50_000])
    assert data_gen.item_category(ids, 50_000).tolist() == [1, 1, 2, 334]


def test_timestamps_stay_inside_the_window_and_rise_within_each_session(frame):
    begin = datetime(2024, 3, 1, tzinfo=timezone.utc).timestamp()
    end = datetime(2024, 3, 4, tzinfo=timezone.utc).timestamp()
    assert frame["timestamp"].min() >= begin
    assert frame["timestamp"].max() < end
    rising = frame.groupby("session_id")["timestamp"].diff().dropna()
    assert (rising > 0).all()


def test_sessions_have_unique_ids_and_realistic_lengths(frame):
    boundaries = (frame["session_id"] != frame["session_id"].shift()).sum()
    assert boundaries == frame["session_id"].nunique(), "a session id is used by one contiguous session only"
    lengths = frame.groupby("session_id").size()
    assert 2 <= lengths.median() <= 6
    assert lengths.max() >= 20, "a long tail of long sessions"
    assert lengths.max() <= data_gen.MAX_SESSION_LENGTH
    assert (lengths == 1).mean() < 0.3


def test_same_seed_same_data_other_seed_other_data():
    a = data_gen.generate(START, START, 5_000, seed=1)
    b = data_gen.generate(START, START, 5_000, seed=1)
    c = data_gen.generate(START, START, 5_000, seed=2)
    assert a.equals(b)
    assert not a.equals(c)


def test_session_lengths_sum_exactly():
    rng = np.random.default_rng(0)
    for total in (1, 7, 1000, 123_457):
        lengths = data_gen.session_lengths(rng, total)
        assert lengths.sum() == total
        assert (lengths >= 1).all()
