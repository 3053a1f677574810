"""Long notes are covered whole by overlapping windows; batches pad to the longest window."""

from __future__ import annotations

import itertools
import logging

import pytest
import torch

from referral_nlp.modeling.chunking import NoteChunker, WindowCollator, window_bounds


def _long_note(n_words: int = 1500) -> str:
    words = ["concern", "school", "mum", "police", "visit", "engaged", "bruise", "plan"]
    return " ".join(f"{words[i % len(words)]}" for i in range(n_words))


def test_long_note_covered_whole(tokenizer):
    chunker = NoteChunker(tokenizer, max_length=128, stride=32)
    text = _long_note()
    full = tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"]
    assert len(full) >= 1500
    out = chunker([text])
    assert out.n_tokens == [len(full)]
    covered = set()
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    for ids, (start, end) in zip(out.input_ids, out.token_spans, strict=True):
        assert len(ids) <= 128
        assert ids[0] == cls and ids[-1] == sep
        assert ids[1:-1] == full[start:end]  # the window holds exactly those tokens
        covered.update(range(start, end))
    assert covered == set(range(len(full)))
    # neighbours overlap by the stride
    spans = out.token_spans
    assert all(a[1] - b[0] == 32 for a, b in itertools.pairwise(spans))
    assert out.capped_notes == []


def test_note_index_maps_windows_to_notes(tokenizer):
    chunker = NoteChunker(tokenizer, max_length=32, stride=8)
    out = chunker(["short note", _long_note(100), ""])
    assert out.note_index[0] == 0 and out.note_index[-1] == 2
    assert out.note_index == sorted(out.note_index)
    grouped = out.per_note()
    assert len(grouped[0]) == 1 and len(grouped[1]) > 1
    assert grouped[2] == [[tokenizer.cls_token_id, tokenizer.sep_token_id]]  # empty note


def test_cap_warns_with_position_not_text(tokenizer, caplog):
    chunker = NoteChunker(tokenizer, max_length=32, stride=8, max_windows=3)
    text = "secretword " + _long_note(200)
    with caplog.at_level(logging.WARNING):
        out = chunker(["fine", text], positions=[10, 11])
    assert out.capped_notes == [1]
    assert out.note_index.count(1) == 3
    spans = [s for s, n in zip(out.token_spans, out.note_index, strict=True) if n == 1]
    assert spans[0][0] == 0 and spans[-1][1] == out.n_tokens[1]  # first and last kept
    assert "note 11" in caplog.text and "secretword" not in caplog.text


def test_window_bounds_edge_cases():
    assert window_bounds(0, 10, 2) == [(0, 0)]
    assert window_bounds(10, 10, 2) == [(0, 10)]
    assert window_bounds(11, 10, 2) == [(0, 10), (8, 11)]
    with pytest.raises(ValueError, match="stride"):
        window_bounds(5, 10, 10)


def test_bad_settings(tokenizer):
    with pytest.raises(ValueError, match="stride"):
        NoteChunker(tokenizer, max_length=16, stride=14)
    with pytest.raises(ValueError, match="model_max_length"):
        NoteChunker(tokenizer, max_length=1024, stride=16)
    with pytest.raises(TypeError, match="note 1"):
        NoteChunker(tokenizer, max_length=16, stride=4)(["ok", None])


def test_collator_pads_to_longest_in_batch():
    collate = WindowCollator(pad_token_id=0)
    batch = collate(
        [
            {
                "input_ids": [[101, 5, 102], [101, 6, 7, 8, 102]],
                "structured": [1.0, 0.0],
                "labels": [1, None],
            },
            {"input_ids": [[101, 102]], "structured": [0.0, 1.0], "labels": [0, 1]},
        ]
    )
    assert batch["input_ids"].shape == (3, 5)
    assert batch["attention_mask"].sum(dim=1).tolist() == [3, 5, 2]
    assert batch["input_ids"][0, 3:].tolist() == [0, 0]
    assert batch["note_index"].tolist() == [0, 0, 1]
    assert batch["n_notes"] == 2
    assert batch["structured"].dtype == torch.float32 and batch["structured"].shape == (2, 2)
    assert batch["label_mask"].tolist() == [[1.0, 0.0], [1.0, 1.0]]
    assert WindowCollator(0, pad_to_multiple_of=8)([{"input_ids": [[1, 2, 3]]}])[
        "input_ids"
    ].shape == (1, 8)
