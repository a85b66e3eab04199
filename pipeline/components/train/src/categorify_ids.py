"""The raw-id lookup for the served model: encoded item id (what Categorify wrote, what the model ranks) ->
the catalogue's raw item id. Pure numpy/pandas, so it is tested here against frames shaped like
Categorify's own output.

Relies on NVTabular 23.08's encoding (the release in nvcr.io/nvidia/merlin/merlin-pytorch:23.08):
- `nvtabular/ops/categorify.py:52-54` (v23.08.00): 0 is padding, 1 is null, 2 (onwards, one per OOV bucket)
  is out-of-vocabulary; the vocabulary starts at `2 + num_buckets` (`:63-70`), 3 with the default one bucket;
- `_save_encodings` (`:718-806`) writes `unique.<col>.parquet` holding only the vocabulary rows, in encoding
  order, with a `RangeIndex(start=3)`; the transform reads the index as the label (`:1655-1678`);
- the embedding table, so the ids the model can emit, has `cardinality = vocabulary + 3` rows
  (`_get_embeddings_dask`, `:665-684`; schema `domain.max = cardinality - 1`, `:574`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PAD_ID = 0
NULL_ID = 1
FIRST_OOV_ID = 2
NO_ITEM = -1
"""What the lookup holds at the reserved ids: never a catalogue id (data-gen's ids start at 1)."""


def first_vocabulary_id(num_oov_buckets: int = 1) -> int:
    return FIRST_OOV_ID + num_oov_buckets


def raw_id_lookup(unique: pd.DataFrame, column: str, num_oov_buckets: int = 1) -> np.ndarray:
    """`lookup[encoded] == raw` for every vocabulary item; NO_ITEM at padding, null and OOV ids.

    `unique` is `unique.<column>.parquet` as pandas reads it (index kept). A reader that lost the stored
    RangeIndex (cudf before 23.04, rapidsai/cudf#12837) gives 0..n-1; rows are in encoding order either way.
    """
    if column not in unique.columns:
        raise ValueError(f"the Categorify vocabulary has no column '{column}' (it has {list(unique.columns)})")
    values = unique[column]
    if values.isna().any():
        raise ValueError(f"the Categorify vocabulary of '{column}' holds a null: nulls encode to {NULL_ID}, never to a vocabulary row")
    first = first_vocabulary_id(num_oov_buckets)
    expected = np.arange(first, first + len(unique), dtype=np.int64)
    index = np.asarray(unique.index, dtype=np.int64)
    if not (np.array_equal(index, expected) or np.array_equal(index, expected - first)):
        raise ValueError(
            f"the Categorify vocabulary of '{column}' is indexed {index[:3].tolist()}..., expected the encoded ids "
            f"{first}..{first + len(unique) - 1} (NVTabular 23.08 with {num_oov_buckets} OOV bucket(s))"
        )
    lookup = np.full(first + len(unique), NO_ITEM, dtype=np.int64)
    lookup[expected] = values.to_numpy().astype(np.int64)
    return lookup


def check_lookup_size(lookup: np.ndarray, cardinality: int) -> None:
    """The model scores `cardinality` ids (its item embedding table): the lookup must cover each of them."""
    if len(lookup) != cardinality:
        raise ValueError(
            f"the raw-id lookup has {len(lookup)} entries but the model ranks {cardinality} item ids: "
            "the vocabulary file and the fitted workflow disagree"
        )
