"""The Merlin half of the training step: NVTabular feature workflow, Transformers4Rec XLNet, evaluation
and the merlin.systems export for Triton. Written against the last releases (Transformers4Rec 23.12,
NVTabular / merlin-core / merlin-systems 23.08). Every Merlin import is inside a function, so the module
imports, and the rest of the step is tested, on a machine without Merlin."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

SESSION_COLUMNS = ["session_id", "item_id", "category", "timestamp"]


@dataclass(frozen=True)
class Hyperparameters:
    d_model: int = 64
    n_head: int = 4
    n_layer: int = 2
    max_sequence_length: int = 20
    epochs: int = 3
    batch_size: int = 256
    learning_rate: float = 0.0005
    dropout: float = 0.3
    top_k: int = 20


def feature_workflow(max_sequence_length: int, minimum_session_length: int = 2):
    """Raw interactions -> one row per session: item and category sequences (truncated to the last
    `max_sequence_length` events) for sessions of at least `minimum_session_length` events."""
    import nvtabular as nvt

    categorical = ["item_id", "category"] >> nvt.ops.Categorify()
    grouped = (categorical + ["session_id", "timestamp"]) >> nvt.ops.Groupby(
        groupby_cols=["session_id"],
        sort_cols=["timestamp"],
        aggs={"item_id": ["list", "count"], "category": ["list"], "timestamp": ["first"]},
        name_sep="-",
    )
    items = (
        grouped["item_id-list"]
        >> nvt.ops.ListSlice(-max_sequence_length, pad=True)
        >> nvt.ops.TagAsItemID()
    )
    categories = (
        grouped["category-list"]
        >> nvt.ops.ListSlice(-max_sequence_length, pad=True)
        >> nvt.ops.TagAsItemFeatures()
    )
    kept = (grouped["item_id-count"] + items + categories) >> nvt.ops.Filter(
        f=lambda frame: frame["item_id-count"] >= minimum_session_length
    )
    return nvt.Workflow(kept["item_id-list", "category-list"] >> nvt.ops.ValueCount())


def fit_and_transform(workflow, train_files: list[str], eval_files: list[str], out_dir: Path) -> tuple[list[str], list[str]]:
    """Fits the workflow on the training days only (no look-ahead), then transforms both splits."""
    import nvtabular as nvt

    workflow.fit(nvt.Dataset(train_files, engine="parquet"))
    outputs = []
    for name, files in (("train", train_files), ("eval", eval_files)):
        target = out_dir / name
        workflow.transform(nvt.Dataset(files, engine="parquet")).to_parquet(str(target), out_files_per_proc=1)
        outputs.append(sorted(str(path) for path in target.glob("*.parquet")))
    return outputs[0], outputs[1]


def build_model(schema, params: Hyperparameters):
    import transformers4rec.torch as tr
    from transformers4rec.torch.ranking_metric import NDCGAt, RecallAt

    inputs = tr.TabularSequenceFeatures.from_schema(
        schema,
        max_sequence_length=params.max_sequence_length,
        continuous_projection=params.d_model,
        aggregation="concat",
        d_output=params.d_model,
        masking="mlm",
    )
    config = tr.XLNetConfig.build(
        d_model=params.d_model,
        n_head=params.n_head,
        n_layer=params.n_layer,
        total_seq_length=params.max_sequence_length,
        dropout=params.dropout,
    )
    head = tr.Head(
        tr.SequentialBlock(inputs, tr.MLPBlock([params.d_model]), tr.TransformerBlock(config, masking=inputs.masking)),
        tr.NextItemPredictionTask(weight_tying=True, metrics=[NDCGAt(top_ks=[20, 40], labels_onehot=True), RecallAt(top_ks=[20, 40], labels_onehot=True)]),
        inputs=inputs,
    )
    return tr.Model(head)


def train_and_evaluate(model, schema, train_files: list[str], eval_files: list[str], params: Hyperparameters, work_dir: Path) -> dict[str, float]:
    """Trains with the Merlin data loader (distributed when launched by torchrun / Azure ML's pytorch
    distribution) and returns the raw T4Rec evaluation metrics."""
    from transformers4rec.config.trainer import T4RecTrainingArguments
    from transformers4rec.torch import Trainer

    args = T4RecTrainingArguments(
        output_dir=str(work_dir / "checkpoints"),
        max_sequence_length=params.max_sequence_length,
        data_loader_engine="merlin",
        num_train_epochs=params.epochs,
        per_device_train_batch_size=params.batch_size,
        per_device_eval_batch_size=params.batch_size,
        learning_rate=params.learning_rate,
        dataloader_drop_last=False,
        report_to=[],
        logging_steps=50,
        save_strategy="no",
        fp16=False,
        compute_metrics_each_n_steps=1,
    )
    trainer = Trainer(model=model, args=args, schema=schema, train_dataset_or_path=train_files, eval_dataset_or_path=eval_files, compute_metrics=True)
    trainer.train()
    results = trainer.evaluate(metric_key_prefix="eval")
    return {key: float(value) for key, value in results.items()}


def raw_item_ids(workflow_dir: Path):
    """A tensor whose entry at an encoded item id is the raw item id (0 where there is none: padding,
    nulls, out-of-vocabulary). Categorify writes one row per encoded id, in order, to unique.item_id.parquet."""
    import pandas as pd
    import torch

    unique = pd.read_parquet(next(workflow_dir.rglob("unique.item_id.parquet")))
    values = pd.to_numeric(unique["item_id"], errors="coerce").fillna(0).astype("int64").to_numpy()
    return torch.as_tensor(values, dtype=torch.int64)


def export_for_triton(model, workflow, train_files: list[str], params: Hyperparameters, repository: Path, work_dir: Path) -> None:
    """The serving graph: raw interactions -> NVTabular transform -> traced model whose answers are the
    top-k raw item ids and their scores. Written by merlin.systems as a Triton model repository
    (executor_model, 0_transformworkflowtriton, 1_predictpytorchtriton)."""
    import torch
    from merlin.systems.dag.ensemble import Ensemble
    from merlin.systems.dag.ops.pytorch import PredictPyTorch
    from merlin.systems.dag.ops.workflow import TransformWorkflow
    from transformers4rec.torch.utils.data_utils import MerlinDataLoader

    workflow_dir = work_dir / "workflow"
    workflow.save(str(workflow_dir))
    model.top_k = params.top_k
    model.eval()
    loader = MerlinDataLoader.from_schema(model.schema, train_files, batch_size=8, max_sequence_length=params.max_sequence_length, shuffle=False)
    example, _ = next(iter(loader))
    lookup = raw_item_ids(workflow_dir)

    class WithRawItemIds(torch.nn.Module):
        """Keeps the model's (scores, ids) output and maps the ids back to the catalogue's raw ids."""

        def __init__(self, inner, ids):
            super().__init__()
            self.inner = inner
            self.register_buffer("ids", ids)

        def forward(self, inputs: dict[str, torch.Tensor]):
            scores, encoded = self.inner(inputs)
            return scores, self.ids[encoded]

    traced = torch.jit.trace(WithRawItemIds(model, lookup), example, strict=True)
    graph = workflow.input_schema.column_names >> TransformWorkflow(workflow) >> PredictPyTorch(traced, model.input_schema, model.output_schema)
    if repository.exists():
        shutil.rmtree(repository)
    repository.mkdir(parents=True)
    Ensemble(graph, workflow.input_schema).export(str(repository))


def write_json(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
