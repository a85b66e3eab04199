"""Each component's command line rejects bad arguments with one clear message and a non-zero exit,
before doing any work (no output folder is created)."""

import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "components"


def run(component: str, script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SRC / component / "src" / script), *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--start_date", "2024-02-30", "--end_date", "2024-03-01", "--rows_per_day", "10"], "is not a date"),
        (["--start_date", "2024-03-05", "--end_date", "2024-03-01", "--rows_per_day", "10"], "is before --start_date"),
        (["--start_date", "2024-03-01", "--end_date", "2024-03-01", "--rows_per_day", "0"], "0 is not positive"),
        (["--start_date", "2024-03-01", "--end_date", "2024-03-01", "--rows_per_day", "-5"], "-5 is not positive"),
        (["--start_date", "2024-03-01", "--end_date", "2024-03-01", "--rows_per_day", "many"], "not a whole number"),
    ],
)
def test_data_gen_rejects(tmp_path, args, message):
    out = tmp_path / "out"
    result = run("data-gen", "data_gen.py", *args, "--output", str(out))
    assert result.returncode == 2
    assert message in result.stderr
    assert not out.exists()


def test_data_prep_rejects_a_missing_input_folder(tmp_path):
    result = run("data-prep", "data_prep.py", "--input", str(tmp_path / "nope"), "--output", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "is not an existing folder" in result.stderr


def test_data_prep_rejects_a_folder_without_parquet(tmp_path):
    result = run("data-prep", "data_prep.py", "--input", str(tmp_path), "--output", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "holds no .parquet file" in result.stderr


def test_train_rejects_missing_partitions_and_bad_hyperparameters(tmp_path):
    common = ["--model_output", str(tmp_path / "m"), "--metrics_output", str(tmp_path / "x")]
    missing = run("train", "train.py", "--sessions", str(tmp_path / "nope"), *common)
    assert missing.returncode == 2 and "is not an existing folder" in missing.stderr
    empty = run("train", "train.py", "--sessions", str(tmp_path), *common)
    assert empty.returncode == 2 and "holds no day=YYYY-MM-DD" in empty.stderr
    (tmp_path / "day=2024-01-01").mkdir()
    (tmp_path / "day=2024-01-01" / "part-0.parquet").write_bytes(b"")
    one_day = run("train", "train.py", "--sessions", str(tmp_path), *common)
    assert one_day.returncode == 2 and "at least one training day" in one_day.stderr
    (tmp_path / "day=2024-01-02").mkdir()
    (tmp_path / "day=2024-01-02" / "part-0.parquet").write_bytes(b"")
    bad_lr = run("train", "train.py", "--sessions", str(tmp_path), "--learning_rate", "-1", *common)
    assert bad_lr.returncode == 2 and "-1.0 is not positive" in bad_lr.stderr
    heads = run("train", "train.py", "--sessions", str(tmp_path), "--d_model", "30", "--n_head", "4", *common)
    assert heads.returncode == 2 and "not a multiple of --n_head" in heads.stderr


def test_train_rejects_a_champion_that_is_not_a_folder(tmp_path):
    for day in ("day=2024-01-01", "day=2024-01-02"):
        (tmp_path / day).mkdir()
        (tmp_path / day / "part-0.parquet").write_bytes(b"")
    outputs = ["--model_output", str(tmp_path / "m"), "--metrics_output", str(tmp_path / "x")]
    result = run("train", "train.py", "--sessions", str(tmp_path), *outputs, "--champion", str(tmp_path / "nope"))
    assert result.returncode == 2 and "--champion" in result.stderr and "is not an existing folder" in result.stderr
