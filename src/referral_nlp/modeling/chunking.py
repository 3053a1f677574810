"""Cover a whole referral note with overlapping encoder windows, and batch the windows.

A transformer sees at most ``max_length`` tokens at once, and referral notes often run past that
(a 600-word note is 800+ WordPiece tokens). Truncating would drop exactly the later parts a
practitioner reads for ("third PPN this month"), so each note is tokenised whole and cut into
windows of ``max_length`` tokens (special tokens included) that overlap by ``stride`` tokens;
the model pools the windows back into one note vector (see ``model.py``).

``max_windows`` is None by default: every token of every note is seen. A cap exists for
memory-bound settings; when a note needs more windows than the cap, the first and last windows
and evenly spaced ones between them are kept (the opening states the concern, the end the
latest events and plan) and a warning names the note's index in the batch, never its text.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

logger = logging.getLogger(__name__)


@dataclass
class NoteWindows:
    """Windows of a batch of notes, flattened, with the map back to their notes.

    ``token_spans[w]`` is the ``[start, end)`` range of the note's own tokens (no special tokens)
    that window ``w`` holds, which is what an explanation needs to point back into the note.
    """

    input_ids: list[list[int]]
    attention_mask: list[list[int]]
    note_index: list[int]
    token_spans: list[tuple[int, int]]
    n_tokens: list[int]
    capped_notes: list[int]

    @property
    def n_notes(self) -> int:
        return len(self.n_tokens)

    def per_note(self) -> list[list[list[int]]]:
        """The windows' input ids grouped by note, the shape :class:`WindowCollator` takes."""
        grouped: list[list[list[int]]] = [[] for _ in range(self.n_notes)]
        for ids, note in zip(self.input_ids, self.note_index, strict=True):
            grouped[note].append(ids)
        return grouped


def _special_tokens(tokenizer: Any) -> tuple[list[int], list[int]]:
    """The ids a tokenizer puts before and after a single sequence (``[CLS]``/``[SEP]``, ...).

    Found by encoding a probe word with and without special tokens, which works for any
    tokenizer family without relying on per-class helpers that newer transformers removed.
    """
    probe = "a"
    full = list(tokenizer(probe, add_special_tokens=True)["input_ids"])
    bare = list(tokenizer(probe, add_special_tokens=False)["input_ids"])
    for start in range(len(full) - len(bare) + 1):
        if full[start : start + len(bare)] == bare:
            return full[:start], full[start + len(bare) :]
    raise ValueError(
        f"tokenizer {type(tokenizer).__name__}: cannot tell which special tokens it adds."
    )


def window_bounds(n_tokens: int, content_length: int, stride: int) -> list[tuple[int, int]]:
    """``[start, end)`` token ranges of length <= ``content_length`` that cover ``n_tokens``.

    Neighbours overlap by ``stride`` tokens (the Hugging Face meaning of stride), so a phrase
    shorter than ``stride`` always lies whole inside one window. An empty note gets one empty
    window so that every note has a vector.
    """
    if content_length < 1:
        raise ValueError("content_length: must be at least 1.")
    if not 0 <= stride < content_length:
        raise ValueError(f"stride: must be in [0, {content_length}), got {stride}.")
    if n_tokens <= content_length:
        return [(0, n_tokens)]
    step = content_length - stride
    count = 1 + math.ceil((n_tokens - content_length) / step)
    return [(i * step, min(i * step + content_length, n_tokens)) for i in range(count)]


class NoteChunker:
    """Tokenise notes whole and cut them into overlapping windows for the encoder.

    ``max_length`` counts the special tokens, as the encoder does; ``stride`` is the overlap in
    tokens; ``max_windows`` (default None, no cap) bounds the windows per note.
    """

    def __init__(
        self,
        tokenizer: Any,
        max_length: int = 256,
        stride: int = 64,
        max_windows: int | None = None,
    ) -> None:
        self.tokenizer = tokenizer
        self.prefix, self.suffix = _special_tokens(tokenizer)
        self.max_length = int(max_length)
        self.content_length = self.max_length - len(self.prefix) - len(self.suffix)
        if self.content_length < 1:
            raise ValueError(
                f"max_length: {max_length} leaves no room for text after "
                f"{len(self.prefix) + len(self.suffix)} special tokens."
            )
        model_max = getattr(tokenizer, "model_max_length", None)
        if isinstance(model_max, int) and model_max < self.max_length:
            raise ValueError(
                f"max_length: {max_length} exceeds the tokenizer's model_max_length {model_max}."
            )
        if not 0 <= stride < self.content_length:
            raise ValueError(
                f"stride: the overlap must be in [0, {self.content_length}) for max_length "
                f"{max_length}, got {stride}."
            )
        if max_windows is not None and max_windows < 1:
            raise ValueError("max_windows: must be at least 1, or None for no cap.")
        self.stride = int(stride)
        self.max_windows = max_windows

    def _cap(self, bounds: list[tuple[int, int]], position: int) -> list[tuple[int, int]]:
        if self.max_windows is None or len(bounds) <= self.max_windows:
            return bounds
        spread = np.linspace(0, len(bounds) - 1, self.max_windows).round().astype(int)
        keep = sorted(set(spread.tolist()))
        logger.warning(
            "note %d needs %d windows of %d tokens; max_windows=%d keeps %d (first, last and "
            "evenly spaced), so part of the note is not seen",
            position,
            len(bounds),
            self.max_length,
            self.max_windows,
            len(keep),
        )
        return [bounds[i] for i in keep]

    def __call__(self, texts: Sequence[str], positions: Sequence[int] | None = None) -> NoteWindows:
        """Windows for a batch of (redacted) notes.

        ``positions`` are the notes' indices in the caller's input, used only in log messages
        (a note is identified by position, never by its text); default ``0..len(texts)-1``.
        """
        if positions is not None and len(positions) != len(texts):
            raise ValueError("positions: need one per note.")
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"note {i}: expected a string, got {type(text).__name__}.")
        if not texts:
            return NoteWindows([], [], [], [], [], [])
        # verbose=False: the "sequence longer than model_max_length" warning is expected here.
        encoded = self.tokenizer(
            list(texts),
            add_special_tokens=False,
            truncation=False,
            return_attention_mask=False,
            return_token_type_ids=False,
            verbose=False,
        )["input_ids"]
        out = NoteWindows([], [], [], [], [], [])
        for note, ids in enumerate(encoded):
            ids = list(ids)
            out.n_tokens.append(len(ids))
            bounds = window_bounds(len(ids), self.content_length, self.stride)
            kept = self._cap(bounds, note if positions is None else int(positions[note]))
            if len(kept) < len(bounds):
                out.capped_notes.append(note)
            for start, end in kept:
                window = self.prefix + ids[start:end] + self.suffix
                out.input_ids.append(window)
                out.attention_mask.append([1] * len(window))
                out.note_index.append(note)
                out.token_spans.append((start, end))
        return out

    def windows_needed(self, n_tokens: int) -> int:
        """How many windows a note of ``n_tokens`` content tokens takes (for sizing batches)."""
        return len(window_bounds(n_tokens, self.content_length, self.stride))


class WindowCollator:
    """Batch notes for :class:`ReferralRiskModel`, padding windows to the longest in the batch.

    Each item is a mapping with ``input_ids`` (the note's windows, a list of id lists) and
    optionally ``structured`` (a feature vector) and ``labels`` (one value per head, None or NaN
    when the outcome is unknown). Padding to the batch's longest window rather than to
    ``max_length`` saves most of the compute on short notes.
    """

    def __init__(self, pad_token_id: int, pad_to_multiple_of: int | None = None) -> None:
        self.pad_token_id = int(pad_token_id)
        self.pad_to_multiple_of = pad_to_multiple_of

    def __call__(self, items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        if not items:
            raise ValueError("collate: empty batch.")
        windows: list[list[int]] = []
        note_index: list[int] = []
        for note, item in enumerate(items):
            note_windows = item["input_ids"]
            if not note_windows:
                raise ValueError(f"collate: note {note} has no windows.")
            windows.extend(list(w) for w in note_windows)
            note_index.extend([note] * len(note_windows))
        longest = max(len(w) for w in windows)
        if self.pad_to_multiple_of:
            longest = math.ceil(longest / self.pad_to_multiple_of) * self.pad_to_multiple_of
        input_ids = torch.full((len(windows), longest), self.pad_token_id, dtype=torch.long)
        attention_mask = torch.zeros((len(windows), longest), dtype=torch.long)
        for row, window in enumerate(windows):
            input_ids[row, : len(window)] = torch.tensor(window, dtype=torch.long)
            attention_mask[row, : len(window)] = 1
        batch: dict[str, Any] = {
            "input_ids": input_ids,
            "attention_mask": attention_mask,
            "note_index": torch.tensor(note_index, dtype=torch.long),
            "n_notes": len(items),
        }
        if all(item.get("structured") is not None for item in items):
            batch["structured"] = torch.as_tensor(
                np.stack([np.asarray(item["structured"], dtype=np.float32) for item in items])
            )
        if all(item.get("labels") is not None for item in items):
            raw = np.array(
                [[np.nan if v is None else float(v) for v in item["labels"]] for item in items],
                dtype=np.float32,
            )
            mask = ~np.isnan(raw)
            batch["labels"] = torch.as_tensor(np.where(mask, raw, 0.0).astype(np.float32))
            batch["label_mask"] = torch.as_tensor(mask.astype(np.float32))
        return batch
