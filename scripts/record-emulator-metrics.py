"""Records the metrics the emulator serves for a pipeline run, so the demo shows what a run would show.

Generates the pipeline's default data with the project's generator (pipeline.yml's window and rows a day, the
data-gen component's defaults), cleans it with data-prep's code, splits it with the train component's default
`eval_days`, and scores with the training step's evaluation code: the popularity and transition baselines, and
as "the model" the best ranking that code can fit here (a session-aware transition blend). The real model is
a Transformers4Rec XLNet, which needs Merlin and a GPU and cannot run on development machines; the file says so.

Writes action-test/emulator/fixtures/pipeline-metrics.json in metrics.json's shape, with the command that made it,
and pipeline-metrics-champion.json: the same run given a champion, as train.py writes it with --champion. There
`served` is the model scored on its top 20 (what the Triton export answers) and `champion` is the same code's model
fitted on the oldest days only (the model an earlier run trained), scored the same way, so the demo's
champion/challenger comparison comes from the project's code and data too.
Beside each, the model card the train step writes with it (model-card.json, model-card-champion.json), made by the
train step's own model_card.py from that report: the data is the generator's settings, the training time the
emulated train step's (the stand-in fits in seconds), the library versions those of the code that computed it.
`--check` recomputes and fails if a file differs (for CI, after a change to the generator or the evaluation).
Run with Debian's Python: /usr/bin/python3 scripts/record-emulator-metrics.py [--check]
"""

from __future__ import annotations

import json
import re
import sys
import time
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPONENTS = ROOT / "pipeline" / "components"
for component in ("data-gen", "data-prep", "train"):
    sys.path.insert(0, str(COMPONENTS / component / "src"))

import data_gen  # noqa: E402
import data_prep  # noqa: E402
import evaluation  # noqa: E402
import model_card  # noqa: E402

FIXTURE = ROOT / "action-test" / "emulator" / "fixtures" / "pipeline-metrics.json"
CHAMPION_FIXTURE = FIXTURE.with_name("pipeline-metrics-champion.json")
# The model card each run writes beside its metrics.json (train.py: model_card.write_training_outputs).
CARDS = {FIXTURE: FIXTURE.with_name("model-card.json"), CHAMPION_FIXTURE: FIXTURE.with_name("model-card-champion.json")}
# The emulated train step's running time (stepDurationsMs.train in action-test/emulator/config.ts; a Jest test
# holds the two equal): what the card's training time would read after the run the emulator plays.
TRAINING_SECONDS = 5 * 3600
# What computed the recorded metrics: the stand-in runs on these, not on Merlin.
CARD_LIBRARIES = ("pandas", "numpy")
# The Triton export answers 20 items (top_k), so a served model is scored at 20 only (champion.served_ks).
SERVED_KS = (20,)
# The champion is fitted on the oldest half of the training days: an earlier model, before the items drifted.
CHAMPION_SHARE = 0.5
COMMAND = "/usr/bin/python3 scripts/record-emulator-metrics.py"
MODEL = {"last_events": 3, "decay": 0.3}


def defaults() -> dict:
    """The settings a pipeline run uses when submit-pipeline overrides nothing."""
    pipeline = yaml.safe_load((ROOT / "pipeline" / "pipeline.yml").read_text())["inputs"]
    generator = yaml.safe_load((COMPONENTS / "data-gen" / "component.yml").read_text())["inputs"]
    train = yaml.safe_load((COMPONENTS / "train" / "component.yml").read_text())["inputs"]
    return {
        "start_date": str(pipeline["start_date"]),
        "end_date": str(pipeline["end_date"]),
        "rows_per_day": int(pipeline["rows_per_day"]),
        "num_items": int(generator["num_items"]["default"]),
        "seed": int(generator["seed"]["default"]),
        "structure": {name: generator[name]["default"] for name in data_gen.Structure.__dataclass_fields__},
        "eval_days": int(train["eval_days"]["default"]),
    }


def record() -> dict:
    settings = defaults()
    raw = data_gen.generate(
        date.fromisoformat(settings["start_date"]),
        date.fromisoformat(settings["end_date"]),
        settings["rows_per_day"],
        settings["num_items"],
        settings["seed"],
        data_gen.Structure(**settings["structure"]),
    )
    clean = data_prep.preprocess(raw)
    train_days, eval_days = evaluation.split_days(clean["day"].unique().tolist(), settings["eval_days"])
    train = clean[clean["day"].isin(train_days)]
    held_out = clean[clean["day"].isin(eval_days)]
    ranker = evaluation.session_transition_ranker(train, **MODEL)
    model = evaluation.evaluate(ranker, held_out)
    champion_days = train_days[: max(1, int(len(train_days) * CHAMPION_SHARE))]
    champion = evaluation.session_transition_ranker(train[train["day"].isin(champion_days)], **MODEL)
    rounded = lambda metrics: {name: round(value, 4) for name, value in sorted(metrics.items())}  # noqa: E731
    base = {
        **rounded(model),
        **{name: rounded(values) for name, values in evaluation.baselines(train, held_out).items()},
        "model": (
            f"session-aware transition blend (last {MODEL['last_events']} items, decay {MODEL['decay']}) from "
            "pipeline/components/train/src/evaluation.py, standing in for the XLNet, which needs Merlin and a GPU"
        ),
        # The stand-in's own settings, where train.py writes the XLNet's (metrics_file.metrics_report).
        "hyperparameters": dict(MODEL),
        "train_days": train_days,
        "eval_days": eval_days,
        "recorded": {
            "command": COMMAND,
            "settings": settings,
            "interactions": len(raw),
            "after_data_prep": len(clean),
            "evaluation_sessions": len(evaluation.evaluation_cases(held_out).targets),
        },
    }
    with_champion = {
        **base,
        "served": rounded(evaluation.evaluate(ranker, held_out, SERVED_KS)),
        "champion": rounded(evaluation.evaluate(champion, held_out, SERVED_KS)),
        "champion_model": (
            f"the same blend fitted on {champion_days[0]}..{champion_days[-1]} only (an earlier run's model, before "
            "the items drifted), standing in for the live XLNet; both scored on their top 20 as Triton serves them"
        ),
    }
    reports = {FIXTURE: base, CHAMPION_FIXTURE: with_champion}
    data = (
        f"synthetic sessions: data-gen {settings['start_date']}..{settings['end_date']}, "
        f"{settings['rows_per_day']} rows a day, {settings['num_items']} items, seed {settings['seed']}; cleaned by data-prep"
    )
    versions = model_card.library_versions(CARD_LIBRARIES)
    cards = {CARDS[path]: model_card.model_card(report, data, TRAINING_SECONDS, versions) for path, report in reports.items()}
    return {**reports, **cards}


def formatted(report: dict) -> str:
    """JSON as the repository's prettier writes it (lists of plain values on one line when they fit in 110
    columns), so `npm run lint` accepts the fixture and `--check` compares like with like."""
    text = json.dumps(report, indent=2)

    def one_line(match: re.Match) -> str:
        joined = f"{match.group(1)}[{', '.join(part.strip() for part in match.group(2).split(','))}]{match.group(3)}"
        return joined if len(joined) <= 110 else match.group(0)

    scalar_list = r'^( *"[^"\n]*": )\[\n((?:\s*(?:"[^"\n]*"|[-\d.eE]+),?\n)+)\s*\](,?)$'
    return re.sub(scalar_list, one_line, text, flags=re.M) + "\n"


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    texts = {path: formatted(report) for path, report in record().items()}
    if "--check" in argv:
        stale = [path for path, text in texts.items() if not path.is_file() or path.read_text() != text]
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run {COMMAND}", file=sys.stderr)
        if stale:
            return 1
        print(f"{', '.join(str(path.relative_to(ROOT)) for path in texts)} up to date ({time.perf_counter() - started:.1f} s)")
        return 0
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(text, end="")
        print(f"wrote {path.relative_to(ROOT)}")
    print(f"in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
