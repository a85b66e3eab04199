"""The emulator's metrics fixture was recorded by scripts/record-emulator-metrics.py on today's defaults, in
metrics.json's shape. (Recomputing it takes ~10 s: `/usr/bin/python3 scripts/record-emulator-metrics.py --check`.)"""

import importlib.util
import json
from pathlib import Path

import pytest

import evaluation

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "record-emulator-metrics.py"


@pytest.fixture(scope="module")
def recorder():
    spec = importlib.util.spec_from_file_location("record_emulator_metrics", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fixture(recorder):
    return json.loads(recorder.FIXTURE.read_text())


def test_fixture_names_the_command_and_todays_default_settings(recorder, fixture):
    assert fixture["recorded"]["command"] == "/usr/bin/python3 scripts/record-emulator-metrics.py"
    assert fixture["recorded"]["settings"] == recorder.defaults(), "defaults changed: re-run the recording script"


def test_fixture_has_metrics_json_shape(fixture):
    names = {f"{metric}_at_{k}" for metric in ("ndcg", "recall") for k in evaluation.TOP_KS}
    for entry in (fixture, fixture["popularity_baseline"], fixture["transition_baseline"]):
        assert names <= set(entry)
        assert all(0 <= entry[name] <= 1 for name in names)
    assert "XLNet" in fixture["model"], "the model entry says what stands in for the XLNet"


def test_recorded_numbers_meet_the_issue_14_bar_at_full_size(fixture):
    popularity, transition = fixture["popularity_baseline"], fixture["transition_baseline"]
    assert transition["ndcg_at_20"] >= 1.5 * popularity["ndcg_at_20"]
    assert popularity["recall_at_20"] <= 0.30


@pytest.fixture(scope="module")
def champion_fixture(recorder):
    return json.loads(recorder.CHAMPION_FIXTURE.read_text())


def test_champion_fixture_is_the_same_run_given_a_champion(fixture, champion_fixture):
    """What train.py writes with --champion: every field of the plain run, plus `served` and `champion`."""
    extra = set(champion_fixture) - set(fixture)
    assert extra == {"served", "champion", "champion_model"}
    assert {name: champion_fixture[name] for name in fixture} == fixture
    for block in ("served", "champion"):
        # A served model answers its top 20, so only the cut-off 20 is scored (champion.served_ks).
        assert set(champion_fixture[block]) == {"ndcg_at_20", "recall_at_20"}
    assert abs(champion_fixture["served"]["ndcg_at_20"] - fixture["ndcg_at_20"]) < 1e-3


def test_champion_is_an_older_model_and_the_fixture_says_so(fixture, champion_fixture):
    older = [day for day in fixture["train_days"] if day in champion_fixture["champion_model"]]
    assert older and older[0] == fixture["train_days"][0] and fixture["train_days"][-1] not in older
    served, champion = champion_fixture["served"], champion_fixture["champion"]
    # Drift: the model fitted on the recent days beats the one fitted on the oldest days.
    assert served["ndcg_at_20"] > champion["ndcg_at_20"] and served["recall_at_20"] > champion["recall_at_20"]
    # ...and it is a real model, not a straw man: it still beats popularity.
    assert champion["ndcg_at_20"] > fixture["popularity_baseline"]["ndcg_at_20"]


def test_each_recorded_run_has_the_card_model_card_py_makes_from_its_report(recorder):
    """The emulator serves these cards beside metrics.json: they must be the train step's card of that very report
    (its data, window, hyperparameters, metrics and baselines), not a hand-written one."""
    import model_card

    assert set(recorder.CARDS) == {recorder.FIXTURE, recorder.CHAMPION_FIXTURE}
    for metrics_path, card_path in recorder.CARDS.items():
        report, card = json.loads(metrics_path.read_text()), json.loads(card_path.read_text())
        assert card == model_card.model_card(report, card["data"], recorder.TRAINING_SECONDS, card["versions"])
        assert card["hyperparameters"] == recorder.MODEL, "the stand-in's settings stand where the XLNet's would"
        assert set(card["versions"]) == set(recorder.CARD_LIBRARIES)
        assert str(report["recorded"]["settings"]["seed"]) in card["data"]
    assert "champion" in json.loads(recorder.CARDS[recorder.CHAMPION_FIXTURE].read_text())["baselines"]
