"""The training step's Merlin half against the real libraries: NVTabular, Transformers4Rec and merlin.systems
23.08 as nvcr.io/nvidia/merlin/merlin-pytorch:23.08 ships them, and its tritonserver for the last test.

Run inside that image: `pytest -m merlin pipeline/tests` (.github/workflows/pipeline-gpu.yml does). Elsewhere
the module is skipped with the missing library named: these tests are never counted as passed without it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.merlin

REASON = "needs the Merlin image (nvcr.io/nvidia/merlin/merlin-pytorch:23.08): run pytest -m merlin there"
nvt = pytest.importorskip("nvtabular", reason=f"nvtabular is not installed; {REASON}")
tr = pytest.importorskip("transformers4rec.torch", reason=f"transformers4rec is not installed; {REASON}")
pytest.importorskip("merlin.systems.dag.ensemble", reason=f"merlin.systems is not installed; {REASON}")
torch = pytest.importorskip("torch", reason=f"torch is not installed; {REASON}")
model_config = pytest.importorskip("tritonclient.grpc.model_config_pb2", reason=f"tritonclient is not installed; {REASON}")
from google.protobuf import text_format  # noqa: E402  (after the skips: protobuf comes with tritonclient)

import merlin_steps as steps  # noqa: E402
from categorify_ids import NO_ITEM  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SIGNATURE = json.loads((ROOT / "inference" / "triton" / "executor-signature.json").read_text())
SAMPLE = json.loads((ROOT / "inference" / "scoring" / "sample-request.json").read_text())
PARAMS = steps.Hyperparameters(d_model=32, n_head=2, n_layer=1, max_sequence_length=20, epochs=1, batch_size=32, learning_rate=0.001, dropout=0.1, top_k=20)
T0 = 1_709_251_200


def sample_items() -> list[int]:
    return next(tensor["data"] for tensor in SAMPLE["inputs"] if tensor["name"] == "item_id")


def interactions(sessions: int, seed: int, first_session: int) -> pd.DataFrame:
    """Sessions of 2..8 events over a catalogue of 60 items that includes the sample request's items."""
    rng = np.random.default_rng(seed)
    known = sorted(set(sample_items()))
    catalogue = np.array(known + list(range(100, 100 + 60 - len(known))), dtype=np.int64)
    weights = 1.0 / np.arange(1, len(catalogue) + 1)
    rows = []
    for session in range(first_session, first_session + sessions):
        start = T0 + int(rng.integers(0, 80_000))
        for event in range(int(rng.integers(2, 9))):
            item = int(rng.choice(catalogue, p=weights / weights.sum()))
            rows.append((session, item, item % 7 + 1, start + 30 * event))
    return pd.DataFrame(rows, columns=steps.SESSION_COLUMNS).astype("int64")


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("merlin")


@pytest.fixture(scope="module")
def prepared(work):
    raw = work / "raw"
    raw.mkdir()
    train = interactions(600, seed=1, first_session=1)
    interactions(150, seed=2, first_session=10_000).to_parquet(raw / "eval.parquet", index=False)
    train.to_parquet(raw / "train.parquet", index=False)
    workflow = steps.feature_workflow(PARAMS.max_sequence_length)
    train_ready, eval_ready = steps.fit_and_transform(workflow, [str(raw / "train.parquet")], [str(raw / "eval.parquet")], work / "ready")
    return workflow, train, train_ready, eval_ready


def test_lookup_inverts_categorify_exactly(prepared, work):
    workflow, train, _, _ = prepared
    workflow.save(str(work / "saved"))
    lookup = steps.raw_item_ids(work / "saved")
    items = sorted(train["item_id"].unique().tolist())
    # One two-event session per item; session ids run against item order, so the rows come back in
    # ascending session-id order (pandas groupby, nvtabular/ops/groupby.py:239) = descending item order.
    probe = pd.DataFrame(
        [(1_000 - index, item, item % 7 + 1, T0 + step) for index, item in enumerate(items) for step in (0, 1)],
        columns=steps.SESSION_COLUMNS,
    ).astype("int64")
    encoded = workflow.transform(probe)["item_id-list"]
    first_ids = np.array([row[0] for row in encoded], dtype=np.int64)
    assert lookup[first_ids].tolist() == list(reversed(items))
    assert (first_ids >= 3).all()
    assert lookup[[0, 1, 2]].tolist() == [NO_ITEM] * 3
    unseen = pd.DataFrame([(1, 987_654, 1, T0), (1, 987_655, 1, T0 + 1)], columns=steps.SESSION_COLUMNS).astype("int64")
    assert [int(v) for v in workflow.transform(unseen)["item_id-list"].iloc[0][:2]] == [2, 2]
    cardinality = workflow.output_schema["item_id-list"].int_domain.max + 1
    assert len(lookup) == cardinality == len(items) + 3


@pytest.fixture(scope="module")
def trained(prepared, work):
    workflow, _, train_ready, eval_ready = prepared
    model = steps.build_model(workflow.output_schema, PARAMS)
    metrics = steps.train_and_evaluate(model, workflow.output_schema, train_ready, eval_ready, PARAMS, work)
    return model, metrics


def test_model_builds_from_the_workflow_schema_and_trains(trained):
    _, metrics = trained
    assert {"eval_/next-item/ndcg_at_20", "eval_/next-item/recall_at_20"} <= set(metrics)
    assert 0.0 <= metrics["eval_/next-item/recall_at_20"] <= 1.0


def test_lookup_buffer_sits_on_the_models_device(trained, prepared, work):
    model, _ = trained
    workflow, *_ = prepared
    workflow.save(str(work / "device"))
    served = steps.raw_top_k_module(model, steps.raw_item_ids(work / "device"), PARAMS.top_k)
    assert served.ids.device == next(model.parameters()).device


@pytest.fixture(scope="module")
def repository(trained, prepared, work):
    model, _ = trained
    workflow, _, train_ready, _ = prepared
    target = work / "repository"
    target.mkdir()
    (target / "leftover.txt").write_text("from an earlier attempt")
    steps.export_for_triton(model, workflow, train_ready, PARAMS, target, work / "export")
    return target


def read_config(path: Path):
    return text_format.Parse(path.read_text(), model_config.ModelConfig())


def tensors(params) -> list[dict]:
    return [{"name": p.name, "datatype": model_config.DataType.Name(p.data_type).removeprefix("TYPE_"), "shape": list(p.dims)} for p in params]


def test_export_writes_the_layout_repository_check_expects(repository):
    # The rules of src/triton/repository-check.ts: a config per model naming its folder, a numeric version
    # folder with the file the platform loads, the three merlin.systems models, the saved workflow.
    assert not (repository / "leftover.txt").exists()
    models = sorted(p.name for p in repository.iterdir() if p.is_dir())
    assert models == ["0_transformworkflowtriton", "1_predictpytorchtriton", "executor_model"]
    expected_file = {"executor_model": "model.py", "0_transformworkflowtriton": "model.py", "1_predictpytorchtriton": "model.pt"}
    for model in models:
        config = read_config(repository / model / "config.pbtxt")
        assert config.name == model
        assert (repository / model / "1" / expected_file[model]).is_file()
    assert read_config(repository / "executor_model" / "config.pbtxt").platform == "merlin_executor"
    assert read_config(repository / "1_predictpytorchtriton" / "config.pbtxt").platform == "pytorch_libtorch"
    assert any((repository / "0_transformworkflowtriton" / "1" / "workflow").iterdir())


def test_executor_config_matches_the_signature_the_emulator_serves(repository):
    config = read_config(repository / "executor_model" / "config.pbtxt")
    assert (config.name, config.platform, config.backend) == (SIGNATURE["name"], SIGNATURE["platform"], SIGNATURE["backend"])
    # Inputs are matched by name (their order follows the workflow's input schema); outputs in the traced
    # model's tuple order.
    by_name = lambda specs: sorted(specs, key=lambda spec: spec["name"])  # noqa: E731
    assert by_name(tensors(config.input)) == by_name(SIGNATURE["inputs"])
    assert tensors(config.output) == SIGNATURE["outputs"]
    predict = read_config(repository / "1_predictpytorchtriton" / "config.pbtxt")
    assert tensors(predict.output) == SIGNATURE["outputs"]
    assert [t["shape"] for t in tensors(predict.input)] == [[-1, PARAMS.max_sequence_length]] * 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def triton(repository):
    if shutil.which("tritonserver") is None:
        pytest.skip(f"tritonserver is not on PATH; {REASON}")
    http, grpc, metrics = free_port(), free_port(), free_port()
    command = ["tritonserver", "--model-repository", str(repository), f"--http-port={http}", f"--grpc-port={grpc}", f"--metrics-port={metrics}", "--strict-readiness=true", "--exit-on-error=true"]
    server = subprocess.Popen(command, env={**os.environ, "CUDA_VISIBLE_DEVICES": os.environ.get("CUDA_VISIBLE_DEVICES", "0")})
    base = f"http://127.0.0.1:{http}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            assert server.poll() is None, f"tritonserver exited with {server.returncode} while loading {repository}"
            try:
                with urllib.request.urlopen(f"{base}/v2/health/ready", timeout=5) as ready:
                    if ready.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(2)
        else:
            pytest.fail("tritonserver was not ready within 300 s")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=60)


def infer(base: str, request: dict) -> tuple[int, dict]:
    body = json.dumps(request).encode()
    call = urllib.request.Request(f"{base}/v2/models/executor_model/infer", data=body, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(call, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def only_sessions(request: dict, keep: list[int]) -> dict:
    columns = {t["name"]: t["data"] for t in request["inputs"]}
    rows = [i for i, session in enumerate(columns["session_id"]) if session in keep]
    rows.sort(key=lambda i: keep.index(columns["session_id"][i]))
    return {"inputs": [{"name": n, "datatype": "INT64", "shape": [len(rows)], "data": [columns[n][i] for i in rows]} for n in columns]}


def outputs(answer: dict) -> dict:
    return {o["name"]: o for o in answer["outputs"]}


def test_served_ensemble_answers_the_sample_request_in_ascending_session_order(triton, prepared):
    _, train, _, _ = prepared
    status, answer = infer(triton, SAMPLE)
    assert status == 200, answer
    got = outputs(answer)
    assert got["item_ids"]["shape"] == [3, PARAMS.top_k] and got["item_id_scores"]["shape"] == [3, PARAMS.top_k]
    assert [o["name"] for o in answer["outputs"]] == [o["name"] for o in SIGNATURE["outputs"]]
    assert set(got["item_ids"]["data"]) <= set(train["item_id"].unique().tolist())
    scores = np.array(got["item_id_scores"]["data"]).reshape(3, PARAMS.top_k)
    assert (np.diff(scores, axis=1) <= 0).all()
    # Rows follow ascending session id whatever the request order: 104's events first changes nothing.
    status, shuffled = infer(triton, only_sessions(SAMPLE, [104, 101, 103, 102]))
    assert status == 200 and outputs(shuffled)["item_ids"]["data"] == got["item_ids"]["data"]
    for row, session in enumerate([101, 102, 104]):
        _, alone = infer(triton, only_sessions(SAMPLE, [session]))
        width = PARAMS.top_k
        assert outputs(alone)["item_ids"]["data"] == got["item_ids"]["data"][row * width : (row + 1) * width]


def test_a_request_without_a_two_event_session_is_refused(triton):
    status, answer = infer(triton, only_sessions(SAMPLE, [103]))
    # The emulator answers 500 with {"error": ...} (action-test/emulator/triton.ts); this is the real answer.
    assert status == 500 and "error" in answer, (status, answer)


def test_champion_and_new_export_are_served_and_scored_on_the_same_sessions(repository, work):
    """train.py --champion: the champion mount holds the repository a few folders down, as a registered model's
    mount does; serving the same export as both must give the same metrics, at the cut-offs top_k allows."""
    if shutil.which("tritonserver") is None:
        pytest.skip(f"tritonserver is not on PATH; {REASON}")
    import champion

    mount = work / "champion-mount"
    shutil.copytree(repository, mount / "next-item-triton" / "1" / "model")
    evaluated = interactions(150, seed=2, first_session=10_000)
    results = champion.served_comparison(repository, mount, evaluated)
    assert set(results) == {"served", "champion"}
    assert results["served"] == results["champion"]
    assert set(results["champion"]) == {"ndcg_at_20", "recall_at_20"}
    assert 0.0 < results["champion"]["recall_at_20"] <= 1.0
