"""Notes as training items, and the batches the loop feeds the model.

A note is the list of its sentences' rows in a :class:`SentenceTable` (every distinct sentence
of the corpus, once). A batch carries the distinct sentences of its notes once, and a
``sentence_index [N, S]`` that places them in each note (-1 past a note's end):

* :class:`VectorCollator`: the sentences' cached vectors (frozen encoder, ``cpu-quick``);
* :class:`TokenCollator`: their token ids, padded per batch (fine-tuning, ``gpu``).

The samplers fix the order per ``(seed, epoch)``, so a resumed run sees the same batches.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch.utils.data import Dataset, Sampler

__all__ = [
    "EpochShuffleSampler",
    "LengthGroupedBatchSampler",
    "NoteSet",
    "SentenceDropout",
    "SentenceTable",
    "SortedBatchSampler",
    "TokenCollator",
    "VectorCollator",
    "build_note_set",
]


@dataclass
class SentenceTable:
    """Every distinct sentence text of a corpus, with a row number each."""

    texts: list[str]
    rows: dict[str, int]

    @classmethod
    def empty(cls) -> SentenceTable:
        return cls([], {})

    def add(self, sentences: Sequence[str]) -> list[int]:
        """Rows of ``sentences`` (new texts are appended)."""
        out = []
        for text in sentences:
            row = self.rows.get(text)
            if row is None:
                row = self.rows[text] = len(self.texts)
                self.texts.append(text)
            out.append(row)
        return out


class NoteSet(Dataset):
    """Training items: sentence rows, structured features, labels and the note's position."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        self.items = items

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> dict[str, Any]:
        return self.items[index]

    @property
    def lengths(self) -> list[int]:
        return [item["n_tokens"] for item in self.items]

    def labels(self) -> np.ndarray:
        return np.array(
            [[np.nan if v is None else float(v) for v in item["labels"]] for item in self.items],
            dtype=np.float64,
        )


def build_note_set(
    sentences: Sequence[Sequence[str]],
    table: SentenceTable,
    structured: np.ndarray | None,
    labels: Sequence[Sequence[Any]],
    token_counts: Sequence[int] | None = None,
) -> NoteSet:
    """Items for notes given as sentence lists (their texts are added to ``table``)."""
    items = []
    for i, note in enumerate(sentences):
        rows = table.add(note)
        items.append(
            {
                "index": i,
                "sentence_rows": rows,
                "structured": None if structured is None else structured[i],
                "labels": list(labels[i]),
                "n_tokens": int(token_counts[i]) if token_counts is not None else len(rows),
            }
        )
    return NoteSet(items)


def _common(items: Sequence[Mapping[str, Any]]) -> tuple[dict[str, Any], list[int]]:
    """The fields every batch has, and the distinct sentence rows of the batch in order."""
    unique: dict[int, int] = {}
    for item in items:
        for row in item["sentence_rows"]:
            unique.setdefault(row, len(unique))
    width = max([len(item["sentence_rows"]) for item in items] + [1])
    index = torch.full((len(items), width), -1, dtype=torch.long)
    for i, item in enumerate(items):
        rows = item["sentence_rows"]
        if rows:
            index[i, : len(rows)] = torch.as_tensor([unique[r] for r in rows], dtype=torch.long)
    labels = torch.tensor(
        [[np.nan if v is None else float(v) for v in item["labels"]] for item in items],
        dtype=torch.float32,
    )
    batch: dict[str, Any] = {
        "sentence_index": index,
        "labels": torch.nan_to_num(labels, nan=0.0),
        "label_mask": (~torch.isnan(labels)).to(torch.float32),
        "index": torch.tensor([item["index"] for item in items], dtype=torch.long),
        "n_tokens": torch.tensor(sum(item["n_tokens"] for item in items)),
    }
    if items and items[0]["structured"] is not None:
        batch["structured"] = torch.as_tensor(
            np.stack([item["structured"] for item in items]), dtype=torch.float32
        )
    return batch, list(unique)


class VectorCollator:
    """Batches over cached sentence vectors (``vectors[row]`` is a sentence's vector)."""

    def __init__(self, vectors: np.ndarray | torch.Tensor) -> None:
        self.vectors = torch.as_tensor(vectors, dtype=torch.float32)

    def __call__(self, items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        batch, rows = _common(items)
        batch["vectors"] = self.vectors[torch.as_tensor(rows, dtype=torch.long)]
        return batch


class SentenceDropout:
    """Training batches in which each sentence of a note is hidden with probability ``rate``.

    Why: the note head sums per-sentence contributions, and trained on whole notes only it can
    lean on sentences that co-occur in the generator's notes rather than on what each one says.
    Hiding some of them in every step makes each contribution carry its own evidence (on the
    main job's corpus the transformer part's validation AUROC rose by about 0.02 on both
    labels). A note keeps at least one sentence. The draw is fixed by ``(seed, epoch, note)``,
    with the epoch read from the training sampler, so a resumed run sees the same batches.
    """

    def __init__(self, collator: Any, rate: float, seed: int, sampler: Any) -> None:
        if not 0.0 < rate < 1.0:
            raise ValueError(f"rate: expected a number in (0, 1), got {rate!r}.")
        self.collator, self.rate, self.seed, self.sampler = collator, rate, seed, sampler

    def __call__(self, items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        epoch = int(self.sampler.epoch)
        return self.collator([self._thin(item, epoch) for item in items])

    def _thin(self, item: Mapping[str, Any], epoch: int) -> Mapping[str, Any]:
        rows = item["sentence_rows"]
        if len(rows) < 2:
            return item
        rng = np.random.default_rng((self.seed, epoch, int(item["index"])))
        keep = rng.random(len(rows)) >= self.rate
        if not keep.any():
            keep[int(rng.integers(len(rows)))] = True
        return {**item, "sentence_rows": [r for r, k in zip(rows, keep, strict=True) if k]}


class TokenCollator:
    """Batches of tokenised sentences, padded to the batch's longest sentence."""

    def __init__(
        self,
        token_ids: Sequence[Sequence[int]],
        pad_id: int,
        pad_to_multiple_of: int | None = None,
    ) -> None:
        self.token_ids = token_ids
        self.pad_id = pad_id
        self.pad_to_multiple_of = pad_to_multiple_of

    def __call__(self, items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        batch, rows = _common(items)
        # Shortest sentence first, so that the model's encoder passes over consecutive rows
        # (ReferralRiskModel.sentence_vectors) each pad only to their own longest sentence:
        # padded to the batch's longest, about 65% of a step's tokens were padding on the
        # 100k-record corpus. The sentence index follows the new row order.
        order = sorted(range(len(rows)), key=lambda i: len(self.token_ids[rows[i]]))
        if order != list(range(len(rows))):
            position = torch.empty(len(rows), dtype=torch.long)
            position[torch.as_tensor(order, dtype=torch.long)] = torch.arange(len(rows))
            index = batch["sentence_index"]
            batch["sentence_index"] = torch.where(index >= 0, position[index.clamp(min=0)], index)
            rows = [rows[i] for i in order]
        sequences = [self.token_ids[r] for r in rows] or [[self.pad_id]]
        width = max(len(s) for s in sequences)
        if self.pad_to_multiple_of:
            width = math.ceil(width / self.pad_to_multiple_of) * self.pad_to_multiple_of
        ids = torch.full((len(sequences), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(sequences), width), dtype=torch.long)
        for i, seq in enumerate(sequences):
            ids[i, : len(seq)] = torch.as_tensor(seq, dtype=torch.long)
            mask[i, : len(seq)] = 1
        batch["input_ids"], batch["attention_mask"] = ids, mask
        return batch


class EpochShuffleSampler(Sampler[int]):
    """A permutation fixed by ``(seed, epoch)``: a resumed run sees the same order."""

    def __init__(self, n: int, seed: int) -> None:
        self.n, self.seed, self.epoch = n, seed, 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __iter__(self) -> Iterator[int]:
        generator = np.random.default_rng((self.seed, self.epoch))
        return iter(generator.permutation(self.n).tolist())

    def __len__(self) -> int:
        return self.n


class LengthGroupedBatchSampler(Sampler[list[int]]):
    """Batches of notes with similar token counts, in a random order that is fixed per epoch.

    As transformers' ``LengthGroupedSampler``: shuffle, cut into mega-batches of
    ``mega x batch_size`` notes, sort each by length (longest first), cut into batches, then
    shuffle the batches but put the longest first (an out-of-memory error shows at step 1).
    """

    def __init__(
        self, lengths: Sequence[int], batch_size: int, seed: int, *, mega: int = 50
    ) -> None:
        self.lengths = np.asarray(lengths)
        self.batch_size = batch_size
        self.drop_last = False
        self.seed, self.epoch, self.mega = seed, 0, mega

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __iter__(self) -> Iterator[list[int]]:
        rng = np.random.default_rng((self.seed, self.epoch))
        order = rng.permutation(len(self.lengths))
        size = self.mega * self.batch_size
        batches: list[list[int]] = []
        for start in range(0, len(order), size):
            group = order[start : start + size]
            group = group[np.argsort(-self.lengths[group], kind="stable")]
            batches.extend(
                group[i : i + self.batch_size].tolist()
                for i in range(0, len(group), self.batch_size)
            )
        if not batches:
            return iter([])
        longest = max(range(len(batches)), key=lambda b: int(self.lengths[batches[b]].max()))
        first = batches.pop(longest)
        rest = [batches[i] for i in rng.permutation(len(batches))]
        return iter([first, *rest])

    def __len__(self) -> int:
        return math.ceil(len(self.lengths) / self.batch_size)


class SortedBatchSampler(Sampler[list[int]]):
    """Evaluation batches, longest notes first (least padding; order does not matter)."""

    def __init__(self, lengths: Sequence[int], batch_size: int) -> None:
        order = np.argsort(-np.asarray(lengths), kind="stable")
        self.batches = [
            order[i : i + batch_size].tolist() for i in range(0, len(order), batch_size)
        ]
        self.batch_size = batch_size
        self.drop_last = False

    def __iter__(self) -> Iterator[list[int]]:
        return iter(self.batches)

    def __len__(self) -> int:
        return len(self.batches)
