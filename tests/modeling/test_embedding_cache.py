"""EmbeddingCache: hits and misses, keys that say why a cache is not reused, damaged shards
ignored, atomic writes, no sentence text on disk; the training key over a base model folder."""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

import numpy as np
import pytest

from referral_nlp.modeling.embedding_cache import (
    EmbeddingCache,
    EmbeddingCacheKey,
    sentence_digest,
)

KEY = EmbeddingCacheKey(
    encoder_weights="w" * 64, tokenizer="t" * 64, max_tokens=64, pooling="mean",
    backend="onnx", redaction="r" * 64,
)  # fmt: skip
SENTENCES = ["Police attended.", "Children were present.", "No current concerns."]


class Encoder:
    """Deterministic stand-in for the encoder: counts what it is asked to encode."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.array([[len(t), sum(map(ord, t)) % 97, 1.0] for t in texts], dtype=np.float32)


def test_a_miss_encodes_each_new_sentence_once_then_every_run_hits(tmp_path: Path) -> None:
    encode = Encoder()
    first, computed = EmbeddingCache(tmp_path, KEY).vectors([*SENTENCES, SENTENCES[0]], encode)
    assert computed == 3 and encode.calls == [SENTENCES]
    np.testing.assert_array_equal(first[3], first[0])
    # a new cache object (a new run) reads the shard from disk and encodes nothing
    again, computed = EmbeddingCache(tmp_path, KEY).vectors(SENTENCES[::-1], encode)
    assert computed == 0 and len(encode.calls) == 1
    np.testing.assert_array_equal(again, first[:3][::-1])
    # only the sentences it lacks are encoded, into a second shard
    cache = EmbeddingCache(tmp_path, KEY)
    _, computed = cache.vectors(["New sentence.", SENTENCES[1]], encode)
    assert computed == 1 and encode.calls[-1] == ["New sentence."]
    assert len(list(cache.folder.glob("vectors-*.safetensors"))) == 2
    assert EmbeddingCache(tmp_path, KEY).vectors([], encode)[1] == 0


def test_no_sentence_text_is_stored(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path, KEY)
    cache.vectors(SENTENCES, Encoder())
    stored = b"".join(p.read_bytes() for p in cache.folder.iterdir())
    assert not any(s.encode() in stored for s in SENTENCES)
    index = json.loads(next(cache.folder.glob("vectors-*.json")).read_text())
    assert index["sentences"] == [sentence_digest(s) for s in SENTENCES]
    assert json.loads((cache.folder / "key.json").read_text()) == dataclasses.asdict(KEY)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"encoder_weights": "x" * 64}, "base model weights"),
        ({"tokenizer": "x" * 64}, "tokenizer"),
        ({"max_tokens": 32}, "tokens per sentence"),
        ({"backend": "torch"}, "encoder arithmetic"),
        ({"redaction": "x" * 64}, "redaction settings"),
        ({"code_version": 99}, "embedding code version"),
    ],
)
def test_another_key_is_another_cache_and_the_log_says_why(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, change: dict, named: str
) -> None:
    EmbeddingCache(tmp_path, KEY).vectors(SENTENCES, Encoder())
    other = dataclasses.replace(KEY, **change)
    assert other.digest != KEY.digest
    assert KEY.differences(other) == [named]
    encode = Encoder()
    with caplog.at_level(logging.INFO, logger="referral_nlp.modeling.embedding_cache"):
        _, computed = EmbeddingCache(tmp_path, other).vectors(SENTENCES, encode)
    assert computed == 3 and encode.calls == [SENTENCES]  # never reused
    assert f"not reused: {named} differ" in caplog.text


def test_an_inconsistent_or_unreadable_shard_is_ignored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = EmbeddingCache(tmp_path, KEY)
    cache.vectors(SENTENCES, Encoder())
    index = next(cache.folder.glob("vectors-*.json"))
    index.write_text(json.dumps({"sentences": [sentence_digest(SENTENCES[0])]}))  # 1 for 3 rows
    encode = Encoder()
    with caplog.at_level(logging.WARNING):
        _, computed = EmbeddingCache(tmp_path, KEY).vectors(SENTENCES, encode)
    assert computed == 3 and "inconsistent" in caplog.text
    # a damaged tensor file too: warned about, skipped, the other shard still used
    damaged = sorted(cache.folder.glob("vectors-*.safetensors"))[0]
    damaged.write_bytes(b"not a safetensors file")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        _, computed = EmbeddingCache(tmp_path, KEY).vectors(SENTENCES, Encoder())
    assert computed == 0 and "unreadable" in caplog.text


def test_writes_are_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import safetensors.numpy

    cache = EmbeddingCache(tmp_path, KEY)

    def broken_encoder(texts: list[str]) -> np.ndarray:
        raise RuntimeError("encoder failed")

    with pytest.raises(RuntimeError, match="encoder failed"):
        cache.vectors(SENTENCES, broken_encoder)
    assert not cache.folder.exists()  # nothing written

    def broken_save(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(safetensors.numpy, "save_file", broken_save)
    with pytest.raises(OSError, match="disk full"):
        EmbeddingCache(tmp_path, KEY).vectors(SENTENCES, Encoder())
    assert sorted(p.name for p in cache.folder.iterdir()) == ["key.json"]  # no shard, no tmp
    monkeypatch.undo()

    # an index whose tensors never arrived (a crash between the two) is no shard at all
    (cache.folder / "vectors-00000-1.json").write_text(json.dumps({"sentences": ["x"]}))
    _, computed = EmbeddingCache(tmp_path, KEY).vectors(SENTENCES, Encoder())
    assert computed == 3


def test_an_encoder_that_returns_the_wrong_count_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="encoder returned 1 vectors for 3"):
        EmbeddingCache(tmp_path, KEY).vectors(SENTENCES, lambda texts: np.zeros((1, 3)))


def test_training_key_follows_the_base_model_files_and_redaction(tmp_path: Path) -> None:
    from referral_nlp.modeling.training.vectors import cache_key, redaction_digest
    from referral_nlp.redaction import RedactionConfig

    base = tmp_path / "base"
    base.mkdir()
    (base / "model.safetensors").write_bytes(b"weights")
    (base / "vocab.txt").write_text("a\nb\n")
    (base / "README.md").write_text("not part of the key")

    def key(**kwargs: object) -> EmbeddingCacheKey:
        values = {"max_tokens": 64, "backend": "onnx", "redaction_config": RedactionConfig()}
        return cache_key(base, **{**values, **kwargs})

    first = key()
    assert key() == first
    (base / "README.md").write_text("edited")
    assert key() == first
    (base / "model.safetensors").write_bytes(b"other weights")
    assert first.differences(key()) == ["base model weights"]
    (base / "vocab.txt").write_text("a\nc\n")
    assert "tokenizer" in first.differences(key())
    assert key(redaction_config=RedactionConfig(score_threshold=0.5)).redaction != key().redaction
    assert redaction_digest(None) == "already-redacted"
    assert key(redaction_config=None).redaction == "already-redacted"
