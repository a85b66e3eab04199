"""Pure helpers of the training step: the date window, T4Rec metric names, and the popularity baseline.
They import only numpy and pandas, so they run and are tested without Merlin."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

TOP_KS = (20, 40)


def split_days(days: Sequence[str], eval_days: int) -> tuple[list[str], list[str]]:
    """The last `eval_days` days evaluate, every earlier day trains: a time split, never a random one."""
    ordered = sorted(set(days))
    if eval_days < 1:
        raise ValueError("eval_days must be at least 1")
    if len(ordered) <= eval_days:
        raise ValueError(f"{len(ordered)} day(s) of data cannot give {eval_days} evaluation day(s) and at least one training day")
    return ordered[:-eval_days], ordered[-eval_days:]


def metric_name(t4rec_key: str) -> str | None:
    """`eval_/next-item/ndcg_at_20` -> `ndcg_at_20`; None for keys that are not ranking metrics."""
    name = t4rec_key.rsplit("/", 1)[-1]
    for prefix in ("ndcg_at_", "recall_at_"):
        if name.startswith(prefix) and name[len(prefix):].isdigit():
            return name
    return None


def popularity_ranking(train_items: Iterable[int]) -> np.ndarray:
    """Items by descending count in the training data; ties go to the smaller id, so the ranking is stable."""
    counts = pd.Series(list(train_items) if not isinstance(train_items, pd.Series) else train_items).value_counts()
    frame = counts.rename_axis("item").reset_index(name="count").sort_values(["count", "item"], ascending=[False, True])
    return frame["item"].to_numpy()


def popularity_baseline(
    train_items: Iterable[int], eval_sessions: pd.DataFrame, ks: Sequence[int] = TOP_KS
) -> dict[str, float]:
    """NDCG@k and recall@k of always recommending the most popular training items, scored like the model:
    predict each evaluation session's last item (sessions of at least two events, in time order)."""
    ranking = popularity_ranking(train_items)
    ordered = eval_sessions.sort_values(["session_id", "timestamp"])
    sizes = ordered.groupby("session_id")["item_id"].transform("size")
    targets = ordered[sizes >= 2].groupby("session_id")["item_id"].last().to_numpy()
    if len(targets) == 0:
        raise ValueError("no evaluation session has two or more events")
    position = {item: index for index, item in enumerate(ranking[: max(ks)])}
    ranks = np.array([position.get(item, -1) for item in targets])
    metrics: dict[str, float] = {}
    for k in ks:
        hit = (ranks >= 0) & (ranks < k)
        gains = np.where(hit, 1.0 / np.log2(np.where(hit, ranks, 0) + 2), 0.0)
        metrics[f"ndcg_at_{k}"] = float(gains.mean())
        metrics[f"recall_at_{k}"] = float(hit.mean())
    return metrics
