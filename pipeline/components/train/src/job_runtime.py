"""What the training step takes from the Azure ML job it runs in: its place among the data-parallel
processes, and its output folders. Pure Python, tested without Merlin or Azure."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataShard:
    """Arguments of Transformers4Rec's MerlinDataLoader: `global_rank`/`global_size` pick this process's
    share of the partitions, `device` is the GPU of this process on its node. None when not distributed."""

    rank: int | None
    size: int | None
    device: int | None


def data_shard(environ: Mapping[str, str]) -> DataShard:
    """The shard of the global rank, not the local one.

    Transformers4Rec 23.08's Trainer passes `global_rank=self.local_rank` to its data loaders
    (`transformers4rec/torch/trainer.py:131-137, 159, 187, 214` at v23.08.00). With one process per node
    (the train component's distribution) LOCAL_RANK is 0 on every node, so every node would train on shard 0.
    Azure ML's pytorch distribution (like torchrun) sets RANK, WORLD_SIZE and LOCAL_RANK; the training step
    builds its loaders with this shard instead. Without LOCAL_RANK (not launched distributed) T4Rec shards
    nothing, and neither does this.
    """
    if "LOCAL_RANK" not in environ:
        return DataShard(None, None, None)
    local_rank = int(environ["LOCAL_RANK"])
    size = int(environ.get("WORLD_SIZE", "1"))
    rank = int(environ.get("RANK", str(local_rank)))
    if not 0 <= rank < size:
        raise ValueError(f"RANK {rank} is outside WORLD_SIZE {size}")
    return DataShard(rank, size, local_rank)


def empty_output_folder(folder: Path) -> None:
    """Makes `folder` exist and hold nothing, without removing the folder itself.

    An Azure ML `uri_folder` output defaults to `rw_mount`: the folder is the mount point of the datastore,
    and `shutil.rmtree(folder)` would end with `rmdir` of the mount point (EBUSY). Only its contents go.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
