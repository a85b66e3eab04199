"""start-triton.sh finds the Triton repository under the model mount, whatever sub-layout Azure ML uses,
and starts tritonserver on port 8000 with strict readiness."""

import os
import stat
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "triton" / "start-triton.sh"


def fake_tritonserver(bin_dir: Path) -> None:
    bin_dir.mkdir()
    server = bin_dir / "tritonserver"
    server.write_text('#!/bin/sh\necho "tritonserver $*"\n')
    server.chmod(server.stat().st_mode | stat.S_IEXEC)


def repository(root: Path) -> Path:
    for model in ("executor_model", "0_transformworkflowtriton", "1_predictpytorchtriton"):
        (root / model / "1").mkdir(parents=True)
        (root / model / "config.pbtxt").write_text(f'name: "{model}"\n')
    return root


def start(tmp_path: Path, env: dict) -> subprocess.CompletedProcess:
    fake_tritonserver(tmp_path / "bin")
    full = {"PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", **env}
    return subprocess.run(["bash", str(SCRIPT)], env=full, capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize(
    "layout",
    [
        "",  # the repository is the mount itself
        "next-item-triton/3",  # <name>/<version>
        "next-item-triton/3/model",  # <name>/<version>/<output folder>
        "azureml/next_item_x/model/paths",  # a job output's path
    ],
)
def test_finds_the_repository_under_the_mount(tmp_path, layout):
    mount = tmp_path / "mount"
    repo = repository(mount / layout if layout else mount)
    result = start(tmp_path, {"AZUREML_MODEL_DIR": str(mount)})
    assert result.returncode == 0, result.stderr
    assert f"--model-repository={repo}" in result.stdout
    assert "--http-port=8000" in result.stdout and "--strict-readiness=true" in result.stdout


def test_prefers_the_merlin_executor_over_a_stray_model(tmp_path):
    mount = tmp_path / "mount"
    (mount / "aaa" / "stray" / "1").mkdir(parents=True)
    (mount / "aaa" / "stray" / "config.pbtxt").write_text('name: "stray"\n')
    repo = repository(mount / "zzz")
    result = start(tmp_path, {"AZUREML_MODEL_DIR": str(mount)})
    assert f"--model-repository={repo}" in result.stdout


def test_fails_clearly_without_a_repository(tmp_path):
    mount = tmp_path / "mount"
    (mount / "empty").mkdir(parents=True)
    result = start(tmp_path, {"AZUREML_MODEL_DIR": str(mount)})
    assert result.returncode == 1
    assert "no Triton model repository" in result.stderr
    assert "tritonserver" not in result.stdout


def test_fails_clearly_without_a_mount(tmp_path):
    result = start(tmp_path, {"AZUREML_MODEL_DIR": str(tmp_path / "missing"), "MODEL_MOUNT_PATH": str(tmp_path / "also-missing")})
    assert result.returncode == 1
    assert "no model mount" in result.stderr
