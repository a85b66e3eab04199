"""Training step: time-window split of the day partitions, NVTabular workflow, Transformers4Rec XLNet,
metrics beside popularity and transition baselines (metrics.json, MLflow), and a Triton model repository for serving.
With --champion (the live model's registered Triton repository), the new export and the champion are both served by
Triton and scored on the same evaluation sessions (`served`, `champion` in metrics.json; see champion.py)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import asdict, fields
from pathlib import Path

from champion import served_comparison
from evaluation import TOP_KS, baselines, split_days
from merlin_steps import SESSION_COLUMNS, Hyperparameters
from metrics_file import metrics_report
from model_card import library_versions, model_card, write_training_outputs


def day_partitions(folder: Path) -> dict[str, list[str]]:
    """`day=YYYY-MM-DD/*.parquet` folders written by data-prep, as {day: [files]}."""
    days: dict[str, list[str]] = {}
    for path in sorted(folder.glob("day=*/*.parquet")):
        days.setdefault(path.parent.name.split("=", 1)[1], []).append(str(path))
    return days


def existing_folder(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"'{text}' is not an existing folder")
    return path


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{value} is not positive")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{value} is not positive")
    return value


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=existing_folder, required=True, help="data-prep's day=YYYY-MM-DD partitions")
    parser.add_argument("--eval_days", type=positive_int, default=1, help="the last N days evaluate")
    parser.add_argument("--model_output", type=Path, required=True, help="folder for the Triton model repository")
    parser.add_argument("--metrics_output", type=Path, required=True, help="folder for metrics.json")
    parser.add_argument("--champion", type=existing_folder, help="the live model's registered Triton repository")
    defaults = Hyperparameters()
    for field in fields(Hyperparameters):
        kind = positive_float if field.type in (float, "float") else positive_int
        parser.add_argument(f"--{field.name}", type=kind, default=getattr(defaults, field.name))
    args = parser.parse_args(argv)
    args.days = day_partitions(args.sessions)
    if not args.days:
        parser.error(f"--sessions {args.sessions} holds no day=YYYY-MM-DD/*.parquet partition")
    try:
        args.train_days, args.eval_day_list = split_days(list(args.days), args.eval_days)
    except ValueError as error:
        parser.error(str(error))
    if args.d_model % args.n_head:
        parser.error(f"--d_model {args.d_model} is not a multiple of --n_head {args.n_head}")
    return args


def is_main_process() -> bool:
    return int(os.environ.get("RANK", "0")) == 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    params = Hyperparameters(**{field.name: getattr(args, field.name) for field in fields(Hyperparameters)})
    train_files = [file for day in args.train_days for file in args.days[day]]
    eval_files = [file for day in args.eval_day_list for file in args.days[day]]
    print(f"training on {args.train_days[0]}..{args.train_days[-1]}, evaluating on {', '.join(args.eval_day_list)}")

    import merlin_steps as steps
    import pandas as pd

    started = time.monotonic()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        workflow = steps.feature_workflow(params.max_sequence_length)
        train_ready, eval_ready = steps.fit_and_transform(workflow, train_files, eval_files, work)
        model = steps.build_model(workflow.output_schema, params)
        raw = steps.train_and_evaluate(model, workflow.output_schema, train_ready, eval_ready, params, work)
        if not is_main_process():
            return 0
        train_frame = pd.concat([pd.read_parquet(file, columns=SESSION_COLUMNS) for file in train_files])
        eval_frame = pd.concat([pd.read_parquet(file, columns=SESSION_COLUMNS) for file in eval_files])
        reference = baselines(train_frame, eval_frame, TOP_KS)
        # In a subfolder: register-model registers azureml://jobs/<job>/outputs/model/paths/triton/, a path
        # azure-ai-ml's job-URI pattern accepts (it needs a non-empty path inside the output).
        repository = args.model_output / "triton"
        steps.export_for_triton(model, workflow, train_ready, params, repository, work)
        if args.champion:
            reference.update(served_comparison(repository, args.champion, eval_frame, TOP_KS))
        report = metrics_report(raw, reference, asdict(params), args.train_days, args.eval_day_list)
        # The card beside triton/ in the model output (the Triton repository stays only models), and its JSON
        # beside metrics.json, where register-model reads it for the model version's description and tags.
        card = model_card(report, str(args.sessions), time.monotonic() - started, library_versions())
        write_training_outputs(args.model_output, args.metrics_output, report, card)
        metrics = {name: report[name] for name in report if name.startswith(("ndcg_at_", "recall_at_"))}
        log_to_mlflow(metrics, reference, params)
    print(f"metrics {metrics}, baselines {reference}; Triton repository in {repository}")
    return 0


def log_to_mlflow(metrics: dict[str, float], reference: dict[str, dict[str, float]], params: Hyperparameters) -> None:
    """Azure ML points MLflow at the job's run; elsewhere, without mlflow, this is skipped with a note."""
    try:
        import mlflow
    except ImportError:
        print("mlflow is not installed: metrics are in metrics.json only")
        return
    mlflow.log_params(asdict(params))
    mlflow.log_metrics(metrics)
    mlflow.log_metrics({f"baseline_{name}": value for name, value in reference["popularity_baseline"].items()})
    for key in ("champion", "served"):
        if key in reference:
            mlflow.log_metrics({f"{key}_{name}": value for name, value in reference[key].items()})


if __name__ == "__main__":
    sys.exit(main())
