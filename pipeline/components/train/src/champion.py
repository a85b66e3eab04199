"""Champion/challenger: the model that serves today (the Triton repository registered for the endpoint's live
deployment, mounted as the train step's optional `champion` input) answers the same evaluation histories as the
baselines and is scored by the same code (`evaluation.evaluate`), so metrics.json can hold the new model, the
champion and both baselines side by side.

The champion is asked exactly as the endpoint is: raw interactions (session_id, item_id, category, timestamp,
INT64) posted to Triton's `executor_model`, which answers one row of top-k raw item ids per session of two or more
events, in ascending session id (inference/triton/executor-signature.json). Sessions it does not answer (a history
of one event) count as misses, as they are for a shopper. The new model's own export is scored the same way
(`served`), so the gate compares like with like.

Everything here but `TritonServer` is pure (numpy, pandas) and tested without Merlin; `TritonServer` starts the
image's `tritonserver` on a repository (tested with `pytest -m merlin` in the Merlin image).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation import TOP_KS, Ranker, align_answers, evaluation_cases, score_top_k

EXECUTOR = "executor_model"
REQUEST_COLUMNS = ("session_id", "item_id", "category", "timestamp")
SESSIONS_PER_REQUEST = 512
Infer = Callable[[dict], dict]


def find_repository(folder: Path, max_depth: int = 8) -> Path:
    """The folder holding `executor_model/config.pbtxt` under a registered model's mount, whose sub-layout
    (<name>/<version>/<output>/...) is not fixed: the shallowest match, then the first in name order, as
    inference/triton/start-triton.sh chooses."""
    matches = sorted(
        (len(config.relative_to(folder).parts), str(config))
        for config in folder.rglob(f"{EXECUTOR}/config.pbtxt")
        if len(config.relative_to(folder).parts) <= max_depth + 1
    )
    if not matches:
        raise FileNotFoundError(f"no Triton model repository ({EXECUTOR}/config.pbtxt) under {folder}")
    return Path(matches[0][1]).parent.parent


def served_sessions(histories: pd.DataFrame) -> np.ndarray:
    """The sessions the executor answers, in the order of its rows: two or more events, ascending id."""
    sizes = histories.groupby("session_id").size()
    return np.sort(sizes[sizes >= 2].index.to_numpy())


def infer_request(histories: pd.DataFrame) -> dict:
    """A KServe v2 request of the raw interactions, one INT64 tensor per column, rows in time order."""
    rows = histories.sort_values(["session_id", "timestamp"], kind="stable")
    return {
        "inputs": [
            {"name": name, "datatype": "INT64", "shape": [len(rows)], "data": rows[name].astype("int64").tolist()}
            for name in REQUEST_COLUMNS
        ]
    }


def answer_items(answer: dict, rows: int) -> np.ndarray:
    """The `item_ids` output as a (rows, k) array; an answer of another height is refused (it would misalign)."""
    outputs = {output["name"]: output for output in answer.get("outputs", [])}
    if "item_ids" not in outputs:
        raise ValueError(f"the champion answered no item_ids (outputs: {sorted(outputs)})")
    height, width = outputs["item_ids"]["shape"]
    if height != rows:
        raise ValueError(f"the champion answered {height} rows for {rows} sessions of two or more events")
    return np.asarray(outputs["item_ids"]["data"], dtype=np.int64).reshape(height, width)


def request_batches(histories: pd.DataFrame, sessions_per_request: int) -> Iterator[pd.DataFrame]:
    """Whole sessions, `sessions_per_request` at a time, by ascending session id."""
    sessions = np.sort(histories["session_id"].unique())
    for start in range(0, len(sessions), sessions_per_request):
        chosen = sessions[start : start + sessions_per_request]
        yield histories[histories["session_id"].isin(chosen)]


def served_answers(histories: pd.DataFrame, infer: Infer, sessions_per_request: int = SESSIONS_PER_REQUEST):
    """(answered session ids, their top items) over every batch. A batch with no session of two events is not
    sent: the executor refuses such a request."""
    answered, items = [], []
    for batch in request_batches(histories, sessions_per_request):
        sessions = served_sessions(batch)
        if len(sessions) == 0:
            continue
        answered.append(sessions)
        items.append(answer_items(infer(infer_request(batch)), len(sessions)))
    if not answered:
        raise ValueError("no evaluation history has two or more events: a served model answers none")
    return np.concatenate(answered), np.concatenate(items)


def served_top_items(
    histories: pd.DataFrame, infer: Infer, k: int, sessions_per_request: int = SESSIONS_PER_REQUEST
) -> np.ndarray:
    """Top-k rows for every evaluation session (misses for sessions the server does not answer)."""
    return align_answers(histories, *served_answers(histories, infer, sessions_per_request), k)


def served_ranker(infer: Infer, sessions_per_request: int = SESSIONS_PER_REQUEST) -> Ranker:
    def rank(histories: pd.DataFrame, k: int) -> np.ndarray:
        return served_top_items(histories, infer, k, sessions_per_request)

    return rank


def served_metrics(
    infer: Infer, eval_sessions: pd.DataFrame, ks=TOP_KS, sessions_per_request: int = SESSIONS_PER_REQUEST
) -> dict[str, float]:
    """A served model's metrics on the evaluation cases, at the cut-offs its answer is wide enough for."""
    cases = evaluation_cases(eval_sessions)
    answered, items = served_answers(cases.histories, infer, sessions_per_request)
    usable = served_ks(ks, items.shape[1])
    return score_top_k(align_answers(cases.histories, answered, items, max(usable)), cases.targets, usable)


def served_comparison(model_repository: Path, champion_mount: Path, eval_sessions: pd.DataFrame, ks=TOP_KS) -> dict:
    """metrics.json's `served` (the new export) and `champion` (today's model), each through its own Triton."""
    found = {"served": model_repository, "champion": find_repository(champion_mount)}
    results = {}
    for key, repository in found.items():
        with TritonServer(repository) as server:
            results[key] = served_metrics(server.infer, eval_sessions, ks)
    return results


def served_ks(ks, served_width: int) -> tuple[int, ...]:
    """The cut-offs a served model can be scored at: it answers `served_width` items, so recall@40 of a top-20
    model would only repeat recall@20 and say nothing."""
    usable = tuple(k for k in ks if k <= served_width)
    if not usable:
        raise ValueError(f"the served model answers {served_width} items, fewer than every cut-off {tuple(ks)}")
    return usable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TritonServer:
    """`tritonserver` on one repository, on free local ports, for the length of a `with` block."""

    def __init__(self, repository: Path, ready_timeout_s: float = 600):
        self.repository = repository
        self.ready_timeout_s = ready_timeout_s
        self.base = ""
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "TritonServer":
        http, grpc, metrics = free_port(), free_port(), free_port()
        command = [
            "tritonserver",
            f"--model-repository={self.repository}",
            f"--http-port={http}",
            f"--grpc-port={grpc}",
            f"--metrics-port={metrics}",
            "--strict-readiness=true",
            "--exit-on-error=true",
            "--model-control-mode=none",
        ]
        self.process = subprocess.Popen(command, env=dict(os.environ))
        self.base = f"http://127.0.0.1:{http}"
        deadline = time.monotonic() + self.ready_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise RuntimeError(f"tritonserver exited with {code} while loading {self.repository}")
            try:
                with urllib.request.urlopen(f"{self.base}/v2/health/ready", timeout=5) as ready:
                    if ready.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(2)
        self.__exit__(None, None, None)
        raise TimeoutError(f"tritonserver was not ready on {self.repository} within {self.ready_timeout_s:.0f} s")

    def infer(self, request: dict) -> dict:
        call = urllib.request.Request(
            f"{self.base}/v2/models/{EXECUTOR}/infer",
            data=json.dumps(request).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(call, timeout=120) as response:
            return json.load(response)

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)
