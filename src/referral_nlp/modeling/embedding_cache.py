"""A disk cache of frozen-encoder sentence vectors, so a corpus is encoded once.

Training on a CPU keeps the pretrained encoder frozen and trains the note head over its
sentence vectors (``cpu-quick`` profile), so the vectors of a corpus are worth keeping: a
second run with other head settings, the evaluation's frozen-encoder baseline and the int8
check all read them instead of running the encoder again.

Layout: one folder per :class:`EmbeddingCacheKey` (named by the key's digest) holding
``key.json`` (the key's parts, readable) and shards ``vectors-NNNNN.safetensors`` (tensor
``vectors`` ``[n, hidden]``, float32) with ``vectors-NNNNN.json`` (the sha256 of each row's
sentence text, never the text). Files are written atomically; a shard whose two halves do not
agree is ignored.

The key holds everything a vector depends on: the encoder's weights and tokenizer (their
sha256), the tokens per sentence, the pooling, the arithmetic backend, this module's format
version, and the digest of the redaction settings that produced the sentences. A cache built
under another key is never read; when the folder holds caches of other keys, the log names the
parts that differ ("base model weights differ"), so a user knows why the corpus is encoded
again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from referral_nlp.io import atomic_writer
from referral_nlp.scratch import scratch_file

logger = logging.getLogger(__name__)

__all__ = ["EMBEDDING_CACHE_VERSION", "EmbeddingCache", "EmbeddingCacheKey", "sentence_digest"]

#: Bump when the way vectors are computed changes (pooling, tokenisation, sentence text).
EMBEDDING_CACHE_VERSION = 1
_KEY_NAME = "key.json"
_PART_NAMES = {
    "encoder_weights": "base model weights",
    "tokenizer": "tokenizer",
    "max_tokens": "tokens per sentence",
    "pooling": "pooling",
    "backend": "encoder arithmetic",
    "code_version": "embedding code version",
    "redaction": "redaction settings",
}


def sentence_digest(sentence: str) -> str:
    """The cache's id of a sentence text (sha256 hex); texts themselves are never stored."""
    return hashlib.sha256(sentence.encode("utf-8")).hexdigest()


@dataclasses.dataclass(frozen=True)
class EmbeddingCacheKey:
    """What a cached vector depends on (see the module docstring)."""

    encoder_weights: str
    tokenizer: str
    max_tokens: int
    pooling: str
    backend: str
    redaction: str
    code_version: int = EMBEDDING_CACHE_VERSION

    @property
    def digest(self) -> str:
        payload = json.dumps(dataclasses.asdict(self), sort_keys=True).encode()
        return hashlib.sha256(payload).hexdigest()

    def differences(self, other: EmbeddingCacheKey) -> list[str]:
        """Plain names of the parts in which two keys differ."""
        mine, theirs = dataclasses.asdict(self), dataclasses.asdict(other)
        return [_PART_NAMES.get(k, k) for k in mine if mine[k] != theirs.get(k)]


def directory_digest(directory: str | Path, patterns: Sequence[str]) -> str:
    """sha256 over the files of ``directory`` matching ``patterns`` (name and content)."""
    digest = hashlib.sha256()
    root = Path(directory)
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                digest.update(path.name.encode())
                with path.open("rb") as fh:
                    while block := fh.read(1 << 20):
                        digest.update(block)
    return digest.hexdigest()


class EmbeddingCache:
    """Sentence vectors on disk under one key (see the module docstring)."""

    def __init__(self, directory: str | Path, key: EmbeddingCacheKey) -> None:
        self.root = Path(directory)
        self.key = key
        self.folder = self.root / key.digest[:24]
        self._vectors: dict[str, np.ndarray] | None = None

    def _load(self) -> dict[str, np.ndarray]:
        if self._vectors is not None:
            return self._vectors
        from safetensors import SafetensorError
        from safetensors.numpy import load_file

        vectors: dict[str, np.ndarray] = {}
        if self.folder.is_dir():
            for shard in sorted(self.folder.glob("vectors-*.safetensors")):
                index = shard.with_suffix(".json")
                try:
                    digests = json.loads(index.read_text(encoding="utf-8"))["sentences"]
                    array = load_file(str(shard))["vectors"]
                except (OSError, ValueError, KeyError, SafetensorError) as exc:
                    # A damaged tensor file raises SafetensorError (not a ValueError).
                    logger.warning("embedding cache: shard %s unreadable (%s)", shard.name, exc)
                    continue
                if len(digests) != array.shape[0]:
                    logger.warning("embedding cache: shard %s is inconsistent", shard.name)
                    continue
                vectors.update(zip(digests, array, strict=True))
        else:
            self._explain_miss()
        self._vectors = vectors
        return vectors

    def _explain_miss(self) -> None:
        """Log why caches of other keys in the same folder are not used."""
        if not self.root.is_dir():
            return
        for other in sorted(self.root.glob(f"*/{_KEY_NAME}")):
            try:
                key = EmbeddingCacheKey(**json.loads(other.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError):
                continue
            logger.info(
                "embedding cache %s not reused: %s differ",
                other.parent.name,
                ", ".join(self.key.differences(key)) or "nothing",
            )

    def vectors(
        self,
        sentences: Sequence[str],
        compute: Callable[[list[str]], np.ndarray],
    ) -> tuple[np.ndarray, int]:
        """Vectors for ``sentences`` (in order) and how many were computed now.

        Sentences not yet cached are computed by ``compute`` (unique texts in, ``[n, hidden]``
        out) and written as a new shard before returning.
        """
        cached = self._load()
        digests = [sentence_digest(s) for s in sentences]
        missing: dict[str, str] = {}
        for text, digest in zip(sentences, digests, strict=True):
            if digest not in cached:
                missing.setdefault(digest, text)
        if missing:
            new = np.asarray(compute(list(missing.values())), dtype=np.float32)
            if new.shape[0] != len(missing):
                raise RuntimeError(f"encoder returned {new.shape[0]} vectors for {len(missing)}.")
            self._write_shard(list(missing), new)
            cached.update(zip(missing, new, strict=True))
        if not sentences:
            return np.zeros((0, 0), dtype=np.float32), 0
        return np.stack([cached[d] for d in digests]), len(missing)

    def _write_shard(self, digests: list[str], vectors: np.ndarray) -> None:
        from safetensors.numpy import save_file

        self.folder.mkdir(parents=True, exist_ok=True)
        key_path = self.folder / _KEY_NAME
        if not key_path.is_file():
            with atomic_writer(key_path) as fh:
                json.dump(dataclasses.asdict(self.key), fh, indent=2, sort_keys=True)
        fd, tmp = scratch_file(self.folder, "vectors", ".tmp")
        os.close(fd)
        n = len(list(self.folder.glob("vectors-*.safetensors")))
        name = f"vectors-{n:05d}-{os.getpid()}"
        try:
            save_file({"vectors": np.ascontiguousarray(vectors)}, tmp)
            # Index first, tensors last: a shard is only read when both halves exist.
            with atomic_writer(self.folder / f"{name}.json") as fh:
                json.dump({"sentences": digests}, fh)
            os.replace(tmp, self.folder / f"{name}.safetensors")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        logger.info("embedding cache: %d new sentence vectors stored", len(digests))


def describe(key: EmbeddingCacheKey) -> dict[str, Any]:
    """The key as a plain dict (for the training run record)."""
    return {**dataclasses.asdict(key), "digest": key.digest}
