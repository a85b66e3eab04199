import json

from model_card import card_markdown, model_card, write_model_card, write_training_outputs

REPORT = {
    "ndcg_at_20": 0.39,
    "recall_at_20": 0.62,
    "popularity_baseline": {"ndcg_at_20": 0.02, "recall_at_20": 0.04},
    "transition_baseline": {"ndcg_at_20": 0.38, "recall_at_20": 0.58},
    "champion": {"ndcg_at_20": 0.37},
    "hyperparameters": {"d_model": 64, "epochs": 3},
    "train_days": ["2024-01-01", "2024-01-02", "2024-01-03"],
    "eval_days": ["2024-01-04"],
}


def test_card_holds_data_hyperparameters_metrics_baselines_time_and_versions():
    card = model_card(REPORT, "azureml:sessions:3", 1834.04, {"transformers4rec": "23.08.00", "merlin-core": "23.08.00"})
    assert card == {
        "data": "azureml:sessions:3",
        "train_days": ["2024-01-01", "2024-01-02", "2024-01-03"],
        "eval_days": ["2024-01-04"],
        "hyperparameters": {"d_model": 64, "epochs": 3},
        "metrics": {"ndcg_at_20": 0.39, "recall_at_20": 0.62},
        "baselines": {
            "popularity_baseline": {"ndcg_at_20": 0.02, "recall_at_20": 0.04},
            "transition_baseline": {"ndcg_at_20": 0.38, "recall_at_20": 0.58},
            "champion": {"ndcg_at_20": 0.37},
        },
        "training_seconds": 1834.0,
        "versions": {"merlin-core": "23.08.00", "transformers4rec": "23.08.00"},
    }


def test_markdown_puts_each_metric_beside_every_baseline_and_marks_what_is_missing():
    markdown = card_markdown(model_card(REPORT, "", 600, {"torch": "2.0.1"}))
    assert "- **Data:** —; trained on 2024-01-01..2024-01-03 (3 days), evaluated on 2024-01-04..2024-01-04 (1 days)" in markdown
    assert "- **Training time:** 10.0 min" in markdown
    assert "| ndcg_at_20 | 0.3900 | 0.0200 | 0.3800 | 0.3700 |" in markdown
    assert "| recall_at_20 | 0.6200 | 0.0400 | 0.5800 | — |" in markdown
    assert "| torch | 2.0.1 |" in markdown


def test_written_into_the_model_output_as_json_and_markdown(tmp_path):
    path = write_model_card(tmp_path / "model", model_card(REPORT, "d", 1, {}))
    assert json.loads(path.read_text())["metrics"]["ndcg_at_20"] == 0.39
    assert (tmp_path / "model" / "MODEL_CARD.md").read_text().startswith("# Model card")


def test_training_outputs_put_the_card_json_beside_metrics_json_and_the_full_card_in_the_model(tmp_path):
    """register-model downloads only the metrics output: the card must be there for the model version's tags."""
    card = model_card(REPORT, "azureml:sessions:3", 60, {"torch": "2.0.1"})
    write_training_outputs(tmp_path / "model", tmp_path / "metrics", REPORT, card)
    assert sorted(path.name for path in (tmp_path / "metrics").iterdir()) == ["metrics.json", "model_card.json"]
    assert json.loads((tmp_path / "metrics" / "model_card.json").read_text()) == card
    assert json.loads((tmp_path / "metrics" / "metrics.json").read_text())["ndcg_at_20"] == 0.39
    assert sorted(path.name for path in (tmp_path / "model").iterdir()) == ["MODEL_CARD.md", "model_card.json"]
    assert json.loads((tmp_path / "model" / "model_card.json").read_text()) == card
