from dataclasses import fields
from datetime import date, datetime, timezone
from pathlib import Path

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


# The pipeline's defaults (pipeline.yml: 2024-01-01..2024-01-07, 200,000 rows a day) with the generator's defaults.
@pytest.fixture(scope="module")
def pipeline_default():
    return data_gen.generate(date(2024, 1, 1), date(2024, 1, 7), rows_per_day=200_000)


def test_default_categories_are_spread_over_the_events(pipeline_default):
    shares = pipeline_default["category"].value_counts(normalize=True)
    assert shares.max() <= 0.05, "no category holds more than 5% of events"
    assert len(shares) == data_gen.CATEGORY_BINS


def test_default_popularity_head_is_not_half_the_events(pipeline_default):
    counts = pipeline_default["item_id"].value_counts()
    assert counts.iloc[:20].sum() / len(pipeline_default) < 0.2
    assert len(counts) > 0.5 * 50_000, "most of the catalogue is seen"


def test_default_median_session_length_is_3_to_8_events(pipeline_default):
    assert 3 <= pipeline_default.groupby("session_id", sort=False).size().median() <= 8


def test_sessions_keep_to_a_few_related_categories(frame):
    same_session = frame["session_id"].eq(frame["session_id"].shift())
    same_category = frame["category"].eq(frame["category"].shift())
    assert same_category[same_session].mean() > 0.6, "consecutive events mostly share the intent's category"
    assert frame.groupby("session_id")["category"].nunique().median() <= 3


def test_without_follows_or_drift_a_session_stays_in_its_first_category():
    still = data_gen.Structure(follow_probability=0.0, intent_drift=0.0)
    frame = data_gen.generate(START, START, 5_000, structure=still)
    assert (frame.groupby("session_id")["category"].nunique() == 1).all()
    moving = data_gen.generate(START, START, 5_000)
    assert (moving.groupby("session_id")["category"].nunique() > 1).mean() > 0.2


def test_successors_are_co_viewed_then_complementary_items():
    catalogue = data_gen.build_catalogue(np.random.default_rng(0), 50_000, 1, data_gen.Structure())
    successors = catalogue.successors
    assert successors.shape == (50_000, data_gen.SUCCESSORS)
    assert not (successors == np.arange(50_000)[:, None]).any(), "no item is its own successor"
    own = catalogue.category[:, None]
    assert (catalogue.category[successors[:, : data_gen.SAME_CATEGORY_SUCCESSORS]] == own).all()
    cross = catalogue.category[successors[:, data_gen.SAME_CATEGORY_SUCCESSORS :]]
    related = catalogue.related[catalogue.category]
    assert (cross[:, :, None] == related[:, None, :]).any(axis=2).all(), "the last successors are in related categories"


def test_new_items_appear_during_the_window():
    frame = data_gen.generate(date(2024, 1, 1), date(2024, 1, 21), 5_000)
    day = (frame["timestamp"] - frame["timestamp"].min()) // 86_400
    first_week = set(frame.loc[day < 7, "item_id"])
    late = frame.loc[day >= 14]
    unseen = ~late["item_id"].isin(first_week)
    assert unseen.mean() > 0.1, "a good share of the last week's events are items the first week never saw"


def test_sessions_are_in_order_of_their_start_day(frame):
    start_days = frame.groupby("session_id", sort=False)["timestamp"].first() // 86_400
    assert start_days.is_monotonic_increasing


ONE_DAY = ["--start_date", "2024-01-01", "--end_date", "2024-01-01", "--rows_per_day", "5", "--output", "x"]


@pytest.mark.parametrize(
    "flag, value, message",
    [
        ("--follow_probability", "1.5", "a probability is between 0 and 1"),
        ("--new_item_share", "1", "some items exist on day one"),
        ("--popularity_drift", "-0.1", "is negative"),
        ("--median_session_length", "0.5", "below one event"),
        ("--popularity_exponent", "0", "must be above 0"),
        ("--intent_drift", "some", "is not a number"),
    ],
)
def test_structure_arguments_are_checked(flag, value, message, capsys):
    with pytest.raises(SystemExit) as exit:
        data_gen.parse_args([*ONE_DAY, flag, value])
    assert exit.value.code == 2
    assert message in capsys.readouterr().err


def test_structure_refuses_settings_the_generator_cannot_use():
    with pytest.raises(ValueError, match="--intent_drift 2: a probability"):
        data_gen.Structure(intent_drift=2)


def test_structure_arguments_reach_the_generator():
    args = data_gen.parse_args([*ONE_DAY, "--follow_probability", "0.2"])
    assert args.structure == data_gen.Structure(follow_probability=0.2)


def test_component_declares_every_structure_parameter_with_the_generator_default():
    import yaml

    component = yaml.safe_load((Path(data_gen.__file__).parents[1] / "component.yml").read_text())
    for field in fields(data_gen.Structure):
        assert component["inputs"][field.name]["default"] == field.default, field.name
        assert f"--{field.name} ${{{{inputs.{field.name}}}}}" in component["command"]


def test_guided_category_draws_equal_a_binary_search():
    rng = np.random.default_rng(3)
    weights = rng.pareto(1.0, 3_000) * (rng.random(3_000) < 0.8)  # heavy tail, a fifth not launched (weight 0)
    weights[:100] = 0.0  # category 0: nothing launched, so the whole catalogue
    cumulative = np.cumsum(weights)
    first_item = np.arange(0, 3_001, 100)
    categories = rng.integers(0, 30, 50_000)
    picked = data_gen.CategorySampler(weights, first_item, guide=16).draw(np.random.default_rng(9), categories)
    running = np.concatenate([[0.0], cumulative])
    below, mass = running[first_item[:-1]][categories], (running[first_item[1:]] - running[first_item[:-1]])[categories]
    last = first_item[1:][categories] - 1
    whole = categories == 0
    below, mass, last = np.where(whole, 0.0, below), np.where(whole, cumulative[-1], mass), np.where(whole, 2_999, last)
    u = np.random.default_rng(9).random(len(categories))
    expected = np.minimum(np.searchsorted(cumulative, below + u * mass, side="right"), last)
    assert (picked == expected).all()
    assert (weights[picked] > 0).all(), "never an item of weight 0"
    inside = ~whole
    assert (picked[inside] // 100 == categories[inside]).all()


def test_draws_over_the_whole_catalogue_follow_the_weights():
    weights = np.array([0.0, 5.0, 1.0, 0.0, 2.0, 2.0])
    sampler = data_gen.CategorySampler(weights, np.array([0, 2, 4, 6]), guide=4)
    counts = np.bincount(sampler.draw_anywhere(np.random.default_rng(0), 100_000), minlength=6) / 100_000
    assert counts == pytest.approx(weights / weights.sum(), abs=0.01)


def test_long_windows_share_popularity_tables(monkeypatch):
    built = []
    original = data_gen.CategorySampler.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(data_gen.CategorySampler, "__init__", counting)
    frame = data_gen.generate(date(2020, 1, 1), date(2021, 12, 31), 20)
    assert len(frame) == 731 * 20
    assert len(built) <= data_gen.MAX_POPULARITY_TABLES + 1, "one for the catalogue, at most one a day or stride"
