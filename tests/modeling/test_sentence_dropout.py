"""SentenceDropout: training batches that hide some of each note's sentences."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

from referral_nlp.modeling.training.batches import (
    EpochShuffleSampler,
    SentenceDropout,
    VectorCollator,
)


def _items(lengths: list[int]) -> list[dict[str, Any]]:
    items, row = [], 0
    for index, n in enumerate(lengths):
        items.append(
            {
                "index": index,
                "sentence_rows": list(range(row, row + n)),
                "structured": None,
                "labels": [1, 0],
                "n_tokens": n,
            }
        )
        row += n
    return items


def _dropout(rate: float, n_rows: int, seed: int = 3) -> tuple[SentenceDropout, Any]:
    sampler = EpochShuffleSampler(10, seed)
    collator = VectorCollator(np.arange(n_rows, dtype=np.float32)[:, None].repeat(2, axis=1))
    return SentenceDropout(collator, rate, seed, sampler), sampler


def _kept(batch: dict[str, Any]) -> list[list[int]]:
    """Each note's kept sentences, as the vector rows' values (the original row numbers)."""
    values = batch["vectors"][:, 0].long()
    return [[int(values[i]) for i in row if i >= 0] for row in batch["sentence_index"].tolist()]


def test_every_note_keeps_a_sentence_and_order_is_kept() -> None:
    items = _items([1, 2, 5, 12])
    dropout, _ = _dropout(0.9, 20)
    for note, original in zip(_kept(dropout(items)), items, strict=True):
        assert note, "a note lost every sentence"
        assert set(note) <= set(original["sentence_rows"])
        assert note == sorted(note)


def test_a_one_sentence_note_is_untouched() -> None:
    dropout, _ = _dropout(0.9, 1)
    assert _kept(dropout(_items([1]))) == [[0]]


def test_the_draw_is_fixed_by_seed_epoch_and_note() -> None:
    items = _items([8] * 20)
    dropout, sampler = _dropout(0.3, 160)
    first = _kept(dropout(items))
    assert _kept(dropout(items)) == first  # same epoch: same batches (a resumed run)
    assert _kept(dropout(list(reversed(items)))) == list(reversed(first))  # per note, not order
    sampler.set_epoch(1)
    assert _kept(dropout(items)) != first  # a new epoch hides other sentences
    other, _ = _dropout(0.3, 160, seed=4)
    assert _kept(other(items)) != first


def test_about_the_rate_is_hidden() -> None:
    items = _items([10] * 400)
    dropout, _ = _dropout(0.25, 4000)
    kept = sum(len(note) for note in _kept(dropout(items)))
    assert 0.22 < 1 - kept / 4000 < 0.28


@pytest.mark.parametrize("rate", [0.0, 1.0, -0.1])
def test_a_rate_outside_0_1_is_refused(rate: float) -> None:
    with pytest.raises(ValueError, match="rate: expected a number in"):
        _dropout(rate, 1)


def test_labels_and_structured_pass_through() -> None:
    items = _items([4, 4])
    batch = _dropout(0.5, 8)[0](items)
    assert torch.equal(batch["labels"], torch.tensor([[1.0, 0.0], [1.0, 0.0]]))
    assert batch["index"].tolist() == [0, 1]
