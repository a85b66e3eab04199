"""The raw-id lookup against NVTabular 23.08 Categorify's encoding, mimicked by hand: 0 pad, 1 null, 2 OOV,
vocabulary from 3 in descending frequency, `unique.item_id.parquet` holding only the vocabulary rows with a
RangeIndex starting at 3 (nvtabular/ops/categorify.py:52-70, 718-806 at v23.08.00)."""

import numpy as np
import pandas as pd
import pytest

import categorify_ids
from categorify_ids import NO_ITEM, check_lookup_size, raw_id_lookup


def categorify_fit(train_items: list[int]) -> pd.DataFrame:
    """The vocabulary frame Categorify writes: most frequent first, index = encoded id."""
    counts = pd.Series(train_items).value_counts(sort=False)
    frame = counts.rename_axis("item_id").reset_index(name="item_id_size")
    frame = frame.sort_values(["item_id_size", "item_id"], ascending=[False, True], ignore_index=True)
    frame.index = pd.RangeIndex(3, 3 + len(frame))
    return frame


def categorify_transform(vocabulary: pd.DataFrame, items: list) -> np.ndarray:
    encoded = dict(zip(vocabulary["item_id"], vocabulary.index))
    return np.array([1 if pd.isna(item) else encoded.get(item, 2) for item in items], dtype=np.int64)


TRAIN = [50, 7, 7, 7, 19, 19, 3302, 50, 50, 50, 12]


def test_lookup_inverts_categorify_for_every_vocabulary_item():
    vocabulary = categorify_fit(TRAIN)
    lookup = raw_id_lookup(vocabulary, "item_id")
    items = sorted(set(TRAIN))
    assert lookup[categorify_transform(vocabulary, items)].tolist() == items


def test_padding_null_and_out_of_vocabulary_map_to_no_item():
    vocabulary = categorify_fit(TRAIN)
    lookup = raw_id_lookup(vocabulary, "item_id")
    encoded = categorify_transform(vocabulary, [None, 99999])
    assert encoded.tolist() == [1, 2]
    assert lookup[[0, 1, 2]].tolist() == [NO_ITEM] * 3
    # The most popular item is encoded 3, not 0: a lookup read positionally would return it for padding.
    assert lookup[3] == 50


def test_lookup_covers_every_id_the_model_can_emit():
    vocabulary = categorify_fit(TRAIN)
    lookup = raw_id_lookup(vocabulary, "item_id")
    cardinality = len(vocabulary) + 3  # categorify.py:665-684, domain.max = cardinality - 1 (:574)
    check_lookup_size(lookup, cardinality)
    assert len(lookup) == cardinality
    with pytest.raises(ValueError, match="ranks 9 item ids"):
        check_lookup_size(lookup, cardinality + 1)


def test_a_reader_that_lost_the_stored_index_gives_the_same_lookup():
    vocabulary = categorify_fit(TRAIN)
    reset = vocabulary.reset_index(drop=True)  # cudf < 23.04 dropped the RangeIndex (rapidsai/cudf#12837)
    assert raw_id_lookup(reset, "item_id").tolist() == raw_id_lookup(vocabulary, "item_id").tolist()


def test_more_oov_buckets_shift_the_vocabulary():
    vocabulary = categorify_fit(TRAIN)
    vocabulary.index = pd.RangeIndex(5, 5 + len(vocabulary))
    lookup = raw_id_lookup(vocabulary, "item_id", num_oov_buckets=3)
    assert lookup[:5].tolist() == [NO_ITEM] * 5
    assert lookup[5] == 50


@pytest.mark.parametrize(
    "frame, message",
    [
        (pd.DataFrame({"item": [1, 2]}, index=pd.RangeIndex(3, 5)), "no column 'item_id'"),
        (pd.DataFrame({"item_id": [1.0, None]}, index=pd.RangeIndex(3, 5)), "holds a null"),
        (pd.DataFrame({"item_id": [1, 2]}, index=pd.Index([3, 7])), "expected the encoded ids 3..4"),
    ],
)
def test_refuses_a_frame_that_is_not_a_categorify_vocabulary(frame, message):
    with pytest.raises(ValueError, match=message):
        raw_id_lookup(frame, "item_id")


def test_reserved_ids_follow_nvtabular_23_08():
    assert (categorify_ids.PAD_ID, categorify_ids.NULL_ID, categorify_ids.FIRST_OOV_ID) == (0, 1, 2)
    assert categorify_ids.first_vocabulary_id() == 3
