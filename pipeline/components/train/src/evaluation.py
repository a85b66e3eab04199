"""Pure helpers of the training step: the date window, T4Rec metric names, and the evaluation of rankings.
They import only numpy and pandas, so they run and are tested without Merlin.

Every ranking is scored the same way as the model: on the evaluation sessions with at least two events, the
history (every event but the last, in time order) is given to a ranking function, which answers the top k item
ids for each session; the last event is the target. A ranking function is any callable
`rank(histories, k) -> ndarray (sessions, k)`, so the popularity and transition baselines, and a model's
answers (one row per session, by ascending session id, as the Triton executor answers; `align_answers` places
answers that skip sessions), score on the same sessions with the same code (`evaluate`): a champion model
slots in as one more ranking function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

TOP_KS = (20, 40)
NO_ITEM = -1

Ranker = Callable[[pd.DataFrame, int], np.ndarray]


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


@dataclass(frozen=True)
class Cases:
    """Evaluation sessions split into what a ranking sees and what it must find, one entry per session,
    by ascending session id. `histories` has session_id, item_id, timestamp (and any other column given)."""

    histories: pd.DataFrame
    targets: np.ndarray


def evaluation_cases(sessions: pd.DataFrame) -> Cases:
    """Sessions of at least two events, in time order: the last event is the target, the rest the history."""
    ordered = sessions.sort_values(["session_id", "timestamp"], kind="stable").reset_index(drop=True)
    sizes = ordered.groupby("session_id")["item_id"].transform("size")
    scored = ordered[sizes >= 2]
    if scored.empty:
        raise ValueError("no evaluation session has two or more events")
    last = scored["session_id"].ne(scored["session_id"].shift(-1))
    return Cases(scored[~last].reset_index(drop=True), scored.loc[last, "item_id"].to_numpy())


def score_top_k(top_items: np.ndarray, targets: np.ndarray, ks: Sequence[int] = TOP_KS) -> dict[str, float]:
    """NDCG@k (one relevant item: 1/log2(rank + 2), rank from 0) and recall@k (hit rate) of top-k rows."""
    top_items = np.asarray(top_items)
    if top_items.shape[0] != len(targets):
        raise ValueError(f"{top_items.shape[0]} ranking rows for {len(targets)} evaluation sessions")
    if top_items.shape[1] < max(ks):
        raise ValueError(f"rankings of {top_items.shape[1]} items cannot be scored at k={max(ks)}")
    hits = top_items[:, : max(ks)] == np.asarray(targets)[:, None]
    ranks = np.where(hits.any(axis=1), hits.argmax(axis=1), -1)
    metrics: dict[str, float] = {}
    for k in ks:
        hit = (ranks >= 0) & (ranks < k)
        gains = np.where(hit, 1.0 / np.log2(np.where(hit, ranks, 0) + 2), 0.0)
        metrics[f"ndcg_at_{k}"] = float(gains.mean())
        metrics[f"recall_at_{k}"] = float(hit.mean())
    return metrics


def evaluate(rank: Ranker, eval_sessions: pd.DataFrame, ks: Sequence[int] = TOP_KS) -> dict[str, float]:
    cases = evaluation_cases(eval_sessions)
    return score_top_k(rank(cases.histories, max(ks)), cases.targets, ks)


def align_answers(histories: pd.DataFrame, answered_sessions: np.ndarray, top_items: np.ndarray, k: int) -> np.ndarray:
    """A model's answers (top items for some sessions, e.g. a Triton endpoint's, which skips sessions its
    workflow filters out) as rows of the evaluation cases: a session left unanswered ranks nothing (a miss)."""
    sessions = np.sort(histories["session_id"].unique())
    answered_sessions = np.asarray(answered_sessions)
    rows = np.searchsorted(sessions, answered_sessions)
    known = (rows < len(sessions)) & (sessions[np.minimum(rows, len(sessions) - 1)] == answered_sessions)
    if not known.all():
        raise ValueError(f"answers for session(s) not evaluated: {answered_sessions[~known][:5].tolist()}")
    top = np.full((len(sessions), k), NO_ITEM, dtype=np.int64)
    width = min(k, np.asarray(top_items).shape[1])
    top[rows, :width] = np.asarray(top_items)[:, :width]
    return top


def popularity_ranking(train_items: Iterable[int]) -> np.ndarray:
    """Items by descending count in the training data; ties go to the smaller id, so the ranking is stable."""
    counts = pd.Series(list(train_items) if not isinstance(train_items, pd.Series) else train_items).value_counts()
    frame = counts.rename_axis("item").reset_index(name="count").sort_values(["count", "item"], ascending=[False, True])
    return frame["item"].to_numpy()


def padded(items: np.ndarray, k: int) -> np.ndarray:
    return np.concatenate([items[:k], np.full(max(k - len(items), 0), NO_ITEM, dtype=np.int64)]).astype(np.int64)


def popularity_ranker(train_items: Iterable[int]) -> Ranker:
    """The same top-k, the most popular training items, for every session."""
    ranking = popularity_ranking(train_items)

    def rank(histories: pd.DataFrame, k: int) -> np.ndarray:
        sessions = histories["session_id"].nunique()
        return np.broadcast_to(padded(ranking, k), (sessions, k))

    return rank


def transitions(train_sessions: pd.DataFrame) -> pd.DataFrame:
    """(previous, next, count) of consecutive events within the training sessions, by previous item, then by
    descending count, ties to the smaller id; `order` numbers the next items of each previous item from 0."""
    ordered = train_sessions.sort_values(["session_id", "timestamp"], kind="stable")
    session, item = ordered["session_id"].to_numpy(), ordered["item_id"].to_numpy()
    same = session[1:] == session[:-1]
    pairs = pd.DataFrame({"previous": item[:-1][same], "next": item[1:][same]})
    counts = pairs.groupby(["previous", "next"]).size().reset_index(name="count")
    counts = counts.sort_values(["previous", "count", "next"], ascending=[True, False, True], kind="stable")
    return counts.assign(order=counts.groupby("previous").cumcount()).reset_index(drop=True)


def transition_ranker(train_sessions: pd.DataFrame) -> Ranker:
    """First-order transitions: after item p, the items that most often followed p in training, then (to fill
    k, or for a p never seen) the most popular training items not already listed."""
    table = transitions(train_sessions)
    popular = popularity_ranking(train_sessions["item_id"])

    def rank(histories: pd.DataFrame, k: int) -> np.ndarray:
        last = histories["session_id"].ne(histories["session_id"].shift(-1)).to_numpy()
        previous = histories["item_id"].to_numpy()[last]
        unique, inverse = np.unique(previous, return_inverse=True)
        top = np.full((len(unique), k), NO_ITEM, dtype=np.int64)
        known = table[(table["order"] < k) & table["previous"].isin(unique)]
        rows = np.searchsorted(unique, known["previous"].to_numpy())
        top[rows, known["order"].to_numpy()] = known["next"].to_numpy()
        fill_with_popular(top, padded(popular, k))
        return top[inverse]

    return rank


def fill_with_popular(top: np.ndarray, popular: np.ndarray) -> None:
    """Fills each row's empty tail (NO_ITEM) with `popular` in order, skipping items the row already lists."""
    listed = (top != NO_ITEM).sum(axis=1)
    rows = np.flatnonzero(listed < top.shape[1])
    if rows.size == 0:
        return
    span = np.int64(max(int(top.max()), int(popular.max()), 0) + 2)
    have = (rows[:, None] * span + top[rows] + 1).ravel()
    wanted = rows[:, None] * span + popular[None, :] + 1
    fresh = ~np.isin(wanted, have) & (popular[None, :] != NO_ITEM)
    column = listed[rows][:, None] + np.cumsum(fresh, axis=1) - 1
    keep = fresh & (column < top.shape[1])
    row_index = np.broadcast_to(rows[:, None], keep.shape)[keep]
    top[row_index, column[keep]] = np.broadcast_to(popular[None, :], keep.shape)[keep]


def popularity_baseline(
    train_items: Iterable[int], eval_sessions: pd.DataFrame, ks: Sequence[int] = TOP_KS
) -> dict[str, float]:
    """NDCG@k and recall@k of always recommending the most popular training items, scored like the model:
    predict each evaluation session's last item (sessions of at least two events, in time order)."""
    return evaluate(popularity_ranker(train_items), eval_sessions, ks)


def transition_baseline(
    train_sessions: pd.DataFrame, eval_sessions: pd.DataFrame, ks: Sequence[int] = TOP_KS
) -> dict[str, float]:
    """NDCG@k and recall@k of the first-order transition ranker, on the same cases as the popularity baseline."""
    return evaluate(transition_ranker(train_sessions), eval_sessions, ks)


def baselines(
    train_sessions: pd.DataFrame, eval_sessions: pd.DataFrame, ks: Sequence[int] = TOP_KS
) -> dict[str, dict[str, float]]:
    """Both baselines as metrics.json holds them."""
    return {
        "popularity_baseline": popularity_baseline(train_sessions["item_id"], eval_sessions, ks),
        "transition_baseline": transition_baseline(train_sessions, eval_sessions, ks),
    }


def session_transition_ranker(train_sessions: pd.DataFrame, last_events: int = 3, decay: float = 0.3) -> Ranker:
    """A session-aware blend of first-order transitions: each of the history's last `last_events` items votes
    for the items that followed it in training, in proportion to how often (normalised per item), its vote
    weighed by `decay` for each step back from the end; ties and empty rows fill with popular items."""
    table = transitions(train_sessions)
    table = table.assign(share=table["count"] / table.groupby("previous")["count"].transform("sum"))
    popular = popularity_ranking(train_sessions["item_id"])

    def rank(histories: pd.DataFrame, k: int) -> np.ndarray:
        steps_back = histories.groupby("session_id", sort=False).cumcount(ascending=False)
        recent = histories.loc[steps_back < last_events, ["session_id", "item_id"]]
        votes = recent.assign(weight=decay ** steps_back[steps_back < last_events].to_numpy())
        followers = table.loc[table["order"] < k, ["previous", "next", "share"]]
        scored = votes.merge(followers, left_on="item_id", right_on="previous")
        scored = scored.assign(score=scored["weight"] * scored["share"])
        scored = scored.groupby(["session_id", "next"], as_index=False)["score"].sum()
        scored = scored.sort_values(["session_id", "score", "next"], ascending=[True, False, True], kind="stable")
        scored = scored.assign(order=scored.groupby("session_id").cumcount())
        scored = scored[scored["order"] < k]
        sessions = np.sort(histories["session_id"].unique())
        top = np.full((len(sessions), k), NO_ITEM, dtype=np.int64)
        rows = np.searchsorted(sessions, scored["session_id"].to_numpy())
        top[rows, scored["order"].to_numpy()] = scored["next"].to_numpy()
        fill_with_popular(top, padded(popular, k))
        return top

    return rank
