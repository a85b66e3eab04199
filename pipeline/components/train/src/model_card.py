"""The model card: what a person needs to trust a model version, written beside the Triton repository.

Pure: the caller passes the metrics report (metrics.json), the data it was trained on, how long training
took and the library versions, and gets JSON and Markdown back, so the card is tested without Merlin.
"""

from __future__ import annotations

import json
from pathlib import Path

from metrics_file import write_metrics

CARD_JSON = "model_card.json"
CARD_MARKDOWN = "MODEL_CARD.md"
_METRIC_PREFIXES = ("ndcg_at_", "recall_at_")


def model_card(report: dict, data: str, training_seconds: float, versions: dict[str, str]) -> dict:
    """The card as a dict: data, hyperparameters, each metric beside every baseline, training time, versions."""
    metrics = {name: value for name, value in report.items() if name.startswith(_METRIC_PREFIXES)}
    baselines = {name: values for name, values in report.items() if name.endswith("_baseline")}
    for name in ("champion", "served"):
        if isinstance(report.get(name), dict):
            baselines[name] = report[name]
    return {
        "data": data,
        "train_days": list(report.get("train_days", [])),
        "eval_days": list(report.get("eval_days", [])),
        "hyperparameters": dict(report.get("hyperparameters", {})),
        "metrics": metrics,
        "baselines": baselines,
        "training_seconds": round(float(training_seconds), 1),
        "versions": dict(sorted(versions.items())),
    }


def _days(days: list[str]) -> str:
    return f"{days[0]}..{days[-1]} ({len(days)} days)" if days else "—"


def card_markdown(card: dict) -> str:
    """The card as Markdown: a reader's page in the model's folder."""
    baselines = list(card["baselines"])
    lines = [
        "# Model card: next-item recommender (Transformers4Rec XLNet, served by Triton)",
        "",
        f"- **Data:** {card['data'] or '—'}; trained on {_days(card['train_days'])}, evaluated on {_days(card['eval_days'])}",
        f"- **Training time:** {card['training_seconds'] / 60:.1f} min",
        "",
        "## Metrics",
        "",
        "| metric | model | " + " | ".join(baselines) + " |",
        "| --- | --- | " + " | ".join("---" for _ in baselines) + " |",
    ]
    for name, value in card["metrics"].items():
        others = [card["baselines"][b].get(name) for b in baselines]
        lines.append(f"| {name} | {value:.4f} | " + " | ".join("—" if v is None else f"{v:.4f}" for v in others) + " |")
    lines += ["", "## Hyperparameters", "", "| name | value |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in card["hyperparameters"].items()]
    lines += ["", "## Library versions", "", "| library | version |", "| --- | --- |"]
    lines += [f"| {name} | {version} |" for name, version in card["versions"].items()]
    return "\n".join(lines) + "\n"


def write_card_json(folder: Path, card: dict) -> Path:
    """model_card.json alone: into the metrics output, which the actions download beside metrics.json, so
    register-model turns it into the model version's description and tags without fetching the model."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CARD_JSON
    path.write_text(json.dumps(card, indent=2, sort_keys=False, allow_nan=False) + "\n")
    return path


def write_model_card(folder: Path, card: dict) -> Path:
    """model_card.json and MODEL_CARD.md into the model output, so they are registered with the model."""
    path = write_card_json(folder, card)
    (folder / CARD_MARKDOWN).write_text(card_markdown(card))
    return path


def write_training_outputs(model_output: Path, metrics_output: Path, report: dict, card: dict) -> None:
    """The train step's files outside the Triton repository: metrics.json and the card JSON in the metrics
    output (what the actions read), the card as JSON and Markdown in the model output (what travels with it)."""
    write_metrics(metrics_output, report)
    write_card_json(metrics_output, card)
    write_model_card(model_output, card)


def library_versions(names: tuple[str, ...] = ("merlin-core", "nvtabular", "transformers4rec", "torch", "tritonclient")) -> dict[str, str]:
    """Installed versions of the libraries the model depends on; a missing one is named as such."""
    from importlib import metadata

    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions
