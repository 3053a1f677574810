"""Frozen-encoder vectors of every distinct sentence of a corpus, through the embedding cache.

Used when the encoder is frozen (``encoder_lr`` 0, the ``cpu-quick`` profile): the encoder runs
once per distinct sentence, the head then trains for many epochs over the vectors.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path
from typing import Any

import numpy as np

from referral_nlp.modeling.embedding_cache import (
    EmbeddingCache,
    EmbeddingCacheKey,
    directory_digest,
)
from referral_nlp.modeling.sentence_encoder import SentenceEncoder

logger = logging.getLogger(__name__)

__all__ = ["cache_key", "redaction_digest", "sentence_vectors"]

_WEIGHT_FILES = ("*.safetensors", "*.bin")
_TOKENIZER_FILES = ("tokenizer*", "vocab*", "special_tokens_map.json", "merges.txt")


def redaction_digest(redaction_config: Any) -> str:
    """What the redacted sentences depend on: the settings and the redaction code."""
    if redaction_config is None:
        return "already-redacted"
    from referral_nlp.modeling.redacted_corpus import redaction_code_digest

    settings = json.dumps(redaction_config.to_dict(), sort_keys=True, default=str)
    payload = f"{settings}\n{redaction_code_digest()}".encode()
    return hashlib.sha256(payload).hexdigest()


def cache_key(
    base_model_dir: str | Path, *, max_tokens: int, backend: str, redaction_config: Any
) -> EmbeddingCacheKey:
    """The embedding cache key of a frozen encoder loaded from ``base_model_dir``."""
    return EmbeddingCacheKey(
        encoder_weights=directory_digest(base_model_dir, _WEIGHT_FILES),
        tokenizer=directory_digest(base_model_dir, _TOKENIZER_FILES),
        max_tokens=max_tokens,
        pooling="mean",
        backend=backend,
        redaction=redaction_digest(redaction_config),
    )


def sentence_vectors(
    texts: list[str],
    encoder: SentenceEncoder,
    *,
    key: EmbeddingCacheKey,
    cache_dir: str | Path | None,
    progress: bool = False,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Vectors ``[len(texts), hidden]`` and a summary (counts and seconds, no text)."""
    started = time.perf_counter()

    def compute(batch: list[str]) -> np.ndarray:
        return encoder.encode(batch, progress=progress)

    if cache_dir is None:
        vectors, computed = compute(texts), len(texts)
    else:
        vectors, computed = EmbeddingCache(cache_dir, key).vectors(texts, compute)
    seconds = time.perf_counter() - started
    logger.info(
        "sentence vectors: %d distinct sentences, %d computed now, %.1fs (%s)",
        len(texts),
        computed,
        seconds,
        encoder.backend,
    )
    summary = {
        "distinct_sentences": len(texts),
        "computed": computed,
        "from_cache": len(texts) - computed,
        "seconds": round(seconds, 3),
        "backend": encoder.backend,
        "cache_key": key.digest[:24],
    }
    return vectors, summary
