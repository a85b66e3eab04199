"""The Merlin half of the training step: NVTabular feature workflow, Transformers4Rec XLNet, evaluation
and the merlin.systems export for Triton.

Relies on the libraries of nvcr.io/nvidia/merlin/merlin-pytorch:23.08 (NVTabular, merlin-core,
merlin-systems, merlin-dataloader and Transformers4Rec 23.08, checked in NVIDIA-Merlin/Merlin
docker/dockerfile.merlin at v23.08.00); file:line citations below are at the v23.08.00 tags
(Transformers4Rec's library code is identical at v23.12.00). Every Merlin import is inside a function, so the
module imports, and its pure parts are tested, on a machine without Merlin; `pipeline/tests/test_merlin_real.py`
(marker `merlin`) runs the rest inside the Merlin image.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from categorify_ids import check_lookup_size, first_vocabulary_id, raw_id_lookup
from job_runtime import data_shard, empty_output_folder

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


def sequence_input_options(continuous_columns: list[str], params: Hyperparameters) -> dict:
    """Keyword arguments of `TabularSequenceFeatures.from_schema`. `continuous_projection` only when the
    schema has a CONTINUOUS column: without one T4Rec builds no `continuous_module` and projecting raises
    `KeyError: 'continuous_module'` (transformers4rec/torch/features/tabular.py:77-83, 108;
    torch/tabular/base.py:194-195)."""
    options = {
        "max_sequence_length": params.max_sequence_length,
        "aggregation": "concat",
        "d_output": params.d_model,
        "masking": "mlm",
    }
    if continuous_columns:
        options["continuous_projection"] = params.d_model
    return options


def build_model(schema, params: Hyperparameters):
    import transformers4rec.torch as tr
    from merlin.schema import Tags
    from transformers4rec.torch.ranking_metric import NDCGAt, RecallAt

    continuous = schema.select_by_tag(Tags.CONTINUOUS).column_names
    inputs = tr.TabularSequenceFeatures.from_schema(schema, **sequence_input_options(continuous, params))
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
    """Trains with the Merlin data loader (data-parallel when launched by torchrun / Azure ML's pytorch
    distribution) and returns the raw T4Rec evaluation metrics.

    The loaders are built here rather than by T4Rec's Trainer, which shards by local rank (see
    `job_runtime.data_shard`): training reads this process's shard of the global rank; evaluation reads every
    evaluation session on every process, so rank 0's metrics cover the same sessions as the popularity
    baseline (its per-step all-gathers of losses and labels see the same step count on every rank)."""
    from transformers4rec.config.trainer import T4RecTrainingArguments
    from transformers4rec.torch import Trainer
    from transformers4rec.torch.utils.data_utils import MerlinDataLoader

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
    shard = data_shard(os.environ)

    def loader(files: list[str], shuffle: bool, sharded: bool):
        # The same arguments Trainer.get_train_dataloader passes (trainer.py:150-161), with the global rank.
        return MerlinDataLoader.from_schema(
            schema,
            files,
            params.batch_size,
            max_sequence_length=params.max_sequence_length,
            drop_last=False,
            shuffle=shuffle,
            shuffle_buffer_size=args.shuffle_buffer_size,
            global_rank=shard.rank if sharded else None,
            global_size=shard.size if sharded else None,
            device=shard.device,
        )

    trainer = Trainer(
        model=model,
        args=args,
        schema=schema,
        train_dataloader=loader(train_files, shuffle=True, sharded=True),
        eval_dataloader=loader(eval_files, shuffle=False, sharded=False),
        compute_metrics=True,
    )
    trainer.train()
    results = trainer.evaluate(metric_key_prefix="eval")
    return {key: float(value) for key, value in results.items()}


def raw_item_ids(workflow_dir: Path, column: str = "item_id"):
    """Categorify's saved vocabulary as a lookup array (see categorify_ids)."""
    import pandas as pd

    files = sorted(workflow_dir.rglob(f"unique.{column}.parquet"))
    if len(files) != 1:
        raise FileNotFoundError(f"expected one unique.{column}.parquet under {workflow_dir}, found {len(files)}")
    return raw_id_lookup(pd.read_parquet(files[0]), column)


def item_cardinality(model) -> int:
    """Ids the model scores: the next-item task's `target_dim`, its item embedding table's size
    (prediction_task.py:385-386), which T4Rec takes from the schema's `domain.max + 1`, Categorify's
    cardinality (categorify.py:574)."""
    return int(model.prediction_tasks[0].target_dim)


def serving_output_schema(top_k: int):
    """What the served model returns, as merlin.systems writes it into config.pbtxt: `item_id_scores` FP32 and
    `item_ids` INT64 (raw ids), both [-1, top_k]. T4Rec's own `model.output_schema` would say
    [-1, cardinality] even with top_k (transformers4rec/torch/model/base.py:802, 815-820); the order
    (scores, then ids) is the order of the traced model's tuple, which the PyTorch backend maps by position."""
    import numpy as np
    from merlin.schema import ColumnSchema, Schema

    return Schema(
        [
            ColumnSchema("item_id_scores", dtype=np.float32, dims=(None, top_k)),
            ColumnSchema("item_ids", dtype=np.int64, dims=(None, top_k)),
        ]
    )


def raw_top_k_module(model, lookup, top_k: int):
    """The model behind a top-k of raw item ids: asks T4Rec for `top_k + 3` encoded ids
    (prediction_task.py:462-470: `torch.topk` over every id, reserved ones included), drops padding, null and
    OOV (ids below 3) by scoring them -inf, keeps the best `top_k`, and maps them through the lookup, a buffer
    on the model's own device (indexing a CPU tensor with CUDA ids fails during `torch.jit.trace`)."""
    import torch

    first_item = first_vocabulary_id()
    device = next(model.parameters()).device
    model.top_k = top_k + first_item  # room for every reserved id (0, 1, 2) among the candidates

    class RawTopK(torch.nn.Module):
        def __init__(self, inner, ids):
            super().__init__()
            self.inner = inner
            self.register_buffer("ids", ids)

        def forward(self, inputs: dict[str, torch.Tensor]):
            scores, encoded = self.inner(inputs)
            scores = scores.masked_fill(encoded < first_item, float("-inf"))
            best, position = torch.topk(scores, top_k, dim=-1)
            return best, self.ids[torch.gather(encoded, 1, position)]

    return RawTopK(model, torch.as_tensor(lookup, dtype=torch.int64, device=device)).eval()


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
    workflow_dir.parent.mkdir(parents=True, exist_ok=True)
    workflow.save(str(workflow_dir))
    lookup = raw_item_ids(workflow_dir)
    cardinality = item_cardinality(model)
    check_lookup_size(lookup, cardinality)
    if cardinality - first_vocabulary_id() < params.top_k:
        raise ValueError(f"--top_k {params.top_k} is more than the {cardinality - first_vocabulary_id()} items the training days hold")
    model.eval()
    # tr.Model has input_schema/output_schema, no `schema` (transformers4rec/torch/model/base.py:491, 744).
    loader = MerlinDataLoader.from_schema(model.input_schema, train_files, batch_size=8, max_sequence_length=params.max_sequence_length, shuffle=False)
    batch, _ = next(iter(loader))
    served = raw_top_k_module(model, lookup, params.top_k)
    device = served.ids.device
    example = {name: tensor.to(device) for name, tensor in batch.items()}
    with torch.no_grad():
        traced = torch.jit.trace(served, (example,), strict=True)
    graph = workflow.input_schema.column_names >> TransformWorkflow(workflow) >> PredictPyTorch(traced, model.input_schema, serving_output_schema(params.top_k))
    empty_output_folder(repository)
    Ensemble(graph, workflow.input_schema).export(str(repository))


def write_json(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
