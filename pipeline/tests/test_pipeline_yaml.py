"""The pipeline YAML's wiring, checked the way `az ml job create` would: components exist, every
${{parent.jobs.X.outputs.Y}} names a real job output, every input a job sets is declared by its component,
and every ${{inputs.X}} / ${{outputs.X}} in a component command is declared. Plus py_compile of all Python."""

import py_compile
from datetime import date
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PIPELINE = ROOT / "pipeline"
REFERENCE = re.compile(r"\$\{\{\s*parent\.jobs\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


STEPS = {
    "pipeline.yml": ["data_gen", "data_prep", "train", "resume_rollout"],
    "pipeline-tiny.yml": ["data_gen", "data_prep", "train", "resume_rollout"],
    "pipeline-data-asset.yml": ["data_prep", "train", "resume_rollout"],
}
ASSET_REFERENCE = re.compile(r"^azureml:[A-Za-z0-9_][\w.-]*(:[\w.-]+|@latest)$")


@pytest.fixture(scope="module", params=list(STEPS))
def pipeline(request):
    return {**load(PIPELINE / request.param), "file": request.param}


def components(pipeline):
    return {name: load(PIPELINE / job["component"]) for name, job in pipeline["jobs"].items()}


def test_steps_are_data_gen_data_prep_train_then_resume(pipeline):
    assert list(pipeline["jobs"]) == STEPS[pipeline["file"]]
    for job in pipeline["jobs"].values():
        assert (PIPELINE / job["component"]).is_file()


def test_job_inputs_are_declared_and_references_resolve(pipeline):
    specs = components(pipeline)
    for name, job in pipeline["jobs"].items():
        declared = specs[name]["inputs"]
        for input_name, value in (job.get("inputs") or {}).items():
            assert input_name in declared, f"{name} sets input {input_name} that its component does not declare"
            for job_ref, output in REFERENCE.findall(str(value)):
                assert job_ref in specs, f"{name}.{input_name} names missing job {job_ref}"
                assert output in specs[job_ref]["outputs"], f"{name}.{input_name} names missing output {job_ref}.{output}"
        for output_name in job.get("outputs") or {}:
            assert output_name in specs[name]["outputs"]
        parent = re.findall(r"parent\.inputs\.([\w-]+)", str(job.get("inputs")))
        for parent_input in parent:
            assert parent_input in pipeline["inputs"]


def test_required_component_inputs_are_given(pipeline):
    specs = components(pipeline)
    for name, job in pipeline["jobs"].items():
        for input_name, spec in specs[name]["inputs"].items():
            if "default" not in spec and not spec.get("optional"):
                assert input_name in (job.get("inputs") or {}), f"{name} leaves required input {input_name} unset"


def test_component_commands_use_only_declared_inputs_and_outputs(pipeline):
    for name, spec in components(pipeline).items():
        command = spec["command"]
        for kind, used in re.findall(r"\$\{\{\s*(inputs|outputs)\.([\w-]+)\s*\}\}", command):
            assert used in spec[kind], f"{name}'s command uses undeclared {kind}.{used}"
        assert (PIPELINE / Path(pipeline["jobs"][name]["component"]).parent / spec["code"]).is_dir()


def test_pipeline_exposes_the_model_and_metrics_outputs(pipeline):
    train = pipeline["jobs"]["train"]
    assert train["outputs"]["model"] == "${{parent.outputs.model}}"
    assert train["outputs"]["metrics"] == "${{parent.outputs.metrics}}"
    spec = components(pipeline)["train"]
    assert spec["distribution"]["type"] == "pytorch"
    assert spec["resources"]["instance_count"] == 1


def test_tiny_preset_is_the_full_pipeline_with_small_inputs():
    full, tiny = load(PIPELINE / "pipeline.yml"), load(PIPELINE / "pipeline-tiny.yml")
    assert {k: v for k, v in tiny.items() if k not in ("inputs", "jobs", "display_name", "description")} == {
        k: v for k, v in full.items() if k not in ("inputs", "jobs", "display_name", "description")
    }
    assert list(tiny["jobs"]) == list(full["jobs"])
    for name, job in full["jobs"].items():
        small = tiny["jobs"][name]
        assert {k: v for k, v in small.items() if k != "inputs"} == {k: v for k, v in job.items() if k != "inputs"}
        assert {k: v for k, v in (small.get("inputs") or {}).items() if k in (job.get("inputs") or {})} == (
            job.get("inputs") or {}
        )
    days = (date.fromisoformat(tiny["inputs"]["end_date"]) - date.fromisoformat(tiny["inputs"]["start_date"])).days + 1
    assert days * tiny["inputs"]["rows_per_day"] <= 5000
    train = tiny["jobs"]["train"]["inputs"]
    assert train["epochs"] == 1 and train["d_model"] % train["n_head"] == 0 and days > train["eval_days"]


def test_data_asset_pipeline_is_the_full_pipeline_fed_by_a_data_asset():
    full, asset = load(PIPELINE / "pipeline.yml"), load(PIPELINE / "pipeline-data-asset.yml")
    same = [key for key in full if key not in ("inputs", "jobs", "display_name", "description")]
    assert {key: asset[key] for key in same} == {key: full[key] for key in same}
    assert set(asset) == set(full)
    assert list(asset["jobs"]) == [name for name in full["jobs"] if name != "data_gen"]
    assert asset["jobs"]["train"] == full["jobs"]["train"]
    prep, full_prep = asset["jobs"]["data_prep"], full["jobs"]["data_prep"]
    assert {k: v for k, v in prep.items() if k != "inputs"} == {k: v for k, v in full_prep.items() if k != "inputs"}
    assert prep["inputs"] == {"interactions": "${{parent.inputs.interactions}}"}
    # data_gen's output is what data_prep read before; the asset must be the same kind of input.
    declared = load(PIPELINE / "components" / "data-prep" / "component.yml")["inputs"]["interactions"]
    generated = load(PIPELINE / "components" / "data-gen" / "component.yml")["outputs"]["interactions"]
    source = asset["inputs"]["interactions"]
    assert source["type"] == declared["type"] == generated["type"] == "uri_folder"
    assert ASSET_REFERENCE.match(source["path"]), source["path"]
    assert source.get("mode", "ro_mount") in ("ro_mount", "download")
    assert list(asset["inputs"]) == ["interactions"]


def test_gpu_workflow_runs_in_the_pinned_image():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pipeline-gpu.yml").read_text())
    training = re.search(r"ARG BASE_IMAGE=(\S+)", (PIPELINE / "environment" / "Dockerfile").read_text()).group(1)
    job = workflow["jobs"]["merlin"]
    assert job["container"]["image"] == training
    assert any("pytest -m merlin" in step.get("run", "") for step in job["steps"])


def test_training_and_serving_pin_the_same_merlin_image():
    training = re.search(r"ARG BASE_IMAGE=(\S+)", (PIPELINE / "environment" / "Dockerfile").read_text()).group(1)
    assert training == "nvcr.io/nvidia/merlin/merlin-pytorch:23.08"
    serving = ROOT / "inference" / "triton" / "Dockerfile"
    if serving.exists():
        assert f"ARG BASE_IMAGE={training}" in serving.read_text()


@pytest.mark.parametrize("path", sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pipeline").rglob("*.py")) + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "inference").rglob("*.py")))
def test_python_compiles(path, tmp_path):
    py_compile.compile(str(ROOT / path), doraise=True, cfile=str(tmp_path / "compiled.pyc"))


def test_the_resume_step_is_on_finalize_and_isolated_as_azure_ai_ml_requires(pipeline):
    """azure-ai-ml PipelineJob._validate_init_finalize_job: the on_finalize job exists, is not the only job, takes
    no input from another job and gives none: otherwise the service would not run it after a failure."""
    finalize = pipeline["settings"]["on_finalize"]
    assert finalize == "resume_rollout" and finalize in pipeline["jobs"] and len(pipeline["jobs"]) > 1
    assert not REFERENCE.findall(str(pipeline["jobs"][finalize].get("inputs") or {}))
    for name, job in pipeline["jobs"].items():
        assert f"parent.jobs.{finalize}." not in str(job.get("inputs") or {}), f"{name} reads the on_finalize step"
