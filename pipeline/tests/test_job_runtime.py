import errno
import os

import pytest

from job_runtime import DataShard, data_shard, empty_output_folder


def test_second_node_reads_its_own_shard_not_the_first():
    # One process per node: LOCAL_RANK is 0 everywhere, RANK tells the nodes apart.
    node0 = data_shard({"LOCAL_RANK": "0", "RANK": "0", "WORLD_SIZE": "2"})
    node1 = data_shard({"LOCAL_RANK": "0", "RANK": "1", "WORLD_SIZE": "2"})
    assert node0 == DataShard(rank=0, size=2, device=0)
    assert node1 == DataShard(rank=1, size=2, device=0)


def test_several_gpus_on_a_node_use_their_local_gpu():
    assert data_shard({"LOCAL_RANK": "3", "RANK": "7", "WORLD_SIZE": "8"}) == DataShard(7, 8, 3)


def test_not_distributed_means_no_shard():
    assert data_shard({}) == DataShard(None, None, None)
    assert data_shard({"LOCAL_RANK": "0"}) == DataShard(0, 1, 0)


def test_a_rank_outside_the_world_is_refused():
    with pytest.raises(ValueError, match="RANK 2 is outside WORLD_SIZE 2"):
        data_shard({"LOCAL_RANK": "0", "RANK": "2", "WORLD_SIZE": "2"})


def test_output_folder_is_emptied_but_kept(tmp_path, monkeypatch):
    mount = tmp_path / "model"
    (mount / "old_model" / "1").mkdir(parents=True)
    (mount / "old_model" / "1" / "model.pt").write_text("x")
    (mount / "stale.txt").write_text("x")
    real_rmdir = os.rmdir

    def rmdir(path, *args, **kwargs):
        if os.fspath(path) == os.fspath(mount):
            raise OSError(errno.EBUSY, "Device or resource busy", os.fspath(path))
        return real_rmdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "rmdir", rmdir)
    empty_output_folder(mount)
    assert mount.is_dir() and list(mount.iterdir()) == []


def test_missing_output_folder_is_created(tmp_path):
    empty_output_folder(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()
