"""The hybrid: the transformer's logits beside an n-gram model's, blended per label.

A bag of n-grams with the structured fields in a logistic regression (``tfidf_lr``)
is a strong reader of which concerns a note names; the transformer part
(:class:`~.model.ReferralRiskModel`) reads what the words mean in their sentence and next to
their neighbours (a concern said to be historic, negated or escalating). Each sees what the
other misses, so the shipped model adds their logits::

    logit = w_ngram * ngram_logit + w_transformer * transformer_logit + bias      (per label)

with the three numbers fitted on the validation split (a logistic regression of the label on
the two logits, so the blend is also on the probability scale). The n-gram component is the
same recipe, fitted on the same training records, as the ``tfidf_lr`` baseline of the
evaluation, so the report's row for that baseline is exactly this model without its
transformer: what the transformer adds is measured, not assumed.

Files in the artefact: ``ngram_component.json`` (vocabulary, idf, coefficients: plain JSON) and
``blend.json``. An artefact without an n-gram component blends the transformer alone
(``w_ngram = 0``).
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from referral_nlp.artifacts import BLEND_NAME, NGRAM_NAME
from referral_nlp.errors import UserError
from referral_nlp.io import atomic_writer

logger = logging.getLogger(__name__)

__all__ = ["BLEND_NAME", "NGRAM_NAME", "Blend", "load_ngram", "save_ngram"]

BLEND_FORMAT = "referral-nlp-blend"


@dataclasses.dataclass
class Blend:
    """Per label ``(w_ngram, w_transformer, bias)``; see the module docstring."""

    weights: dict[str, tuple[float, float, float]]

    @classmethod
    def transformer_only(cls, labels: Sequence[str]) -> Blend:
        return cls({label: (0.0, 1.0, 0.0) for label in labels})

    @classmethod
    def fit(
        cls,
        labels: Sequence[str],
        y: np.ndarray,
        ngram_logits: np.ndarray,
        transformer_logits: np.ndarray,
    ) -> Blend:
        """Fit each label's weights by logistic regression on validation cases.

        ``y`` is ``[n, L]`` with NaN where a label is unknown. Weights are left unpenalised
        (two inputs, hundreds of cases); a label whose validation cases hold one class keeps
        equal weights and no bias, with a warning.
        """
        from sklearn.linear_model import LogisticRegression

        weights: dict[str, tuple[float, float, float]] = {}
        for j, label in enumerate(labels):
            known = ~np.isnan(y[:, j])
            yy = y[known, j].astype(int)
            x = np.column_stack([ngram_logits[known, j], transformer_logits[known, j]])
            if yy.size == 0 or yy.min() == yy.max():
                logger.warning("blend / %s: validation holds one class; equal weights", label)
                weights[label] = (0.5, 0.5, 0.0)
                continue
            lr = LogisticRegression(C=1e6, max_iter=1000).fit(x, yy)
            w = lr.coef_[0]
            weights[label] = (float(w[0]), float(w[1]), float(lr.intercept_[0]))
            logger.info(
                "blend / %s: %.3f x n-gram + %.3f x transformer %+.3f",
                label,
                *weights[label],
            )
        return cls(weights)

    def combine(
        self, labels: Sequence[str], ngram_logits: np.ndarray | None, transformer_logits: np.ndarray
    ) -> np.ndarray:
        """Blended logits ``[n, L]``."""
        out = np.zeros_like(transformer_logits, dtype=np.float64)
        for j, label in enumerate(labels):
            w_ngram, w_net, bias = self.weights[label]
            out[:, j] = w_net * transformer_logits[:, j] + bias
            if ngram_logits is not None:
                out[:, j] += w_ngram * ngram_logits[:, j]
            elif w_ngram:
                raise ValueError(f"blend / {label}: needs the n-gram component's logits.")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": BLEND_FORMAT,
            "version": 1,
            "labels": {
                label: {"ngram": w[0], "transformer": w[1], "bias": w[2]}
                for label, w in self.weights.items()
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Blend:
        if data.get("format") != BLEND_FORMAT:
            raise UserError(f"blend: expected format {BLEND_FORMAT!r}, got {data.get('format')!r}.")
        try:
            weights = {
                str(label): (float(w["ngram"]), float(w["transformer"]), float(w["bias"]))
                for label, w in data["labels"].items()
            }
        except (KeyError, TypeError, ValueError) as exc:
            raise UserError(f"blend: malformed weights ({type(exc).__name__}).") from exc
        return cls(weights)

    @classmethod
    def load(cls, path: str | Path) -> Blend:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def save_ngram(component: Any, path: str | Path) -> None:
    """Write a fitted :class:`~.baselines.TfidfLogisticBaseline` as plain JSON."""
    with atomic_writer(path) as fh:
        json.dump(component.to_dict(), fh)


def load_ngram(path: str | Path) -> Any:
    """Read the n-gram component written by :func:`save_ngram` (no code is loaded)."""
    from referral_nlp.modeling.baselines import TfidfLogisticBaseline

    return TfidfLogisticBaseline.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
