"""The blend: per label, a logistic regression over named parts' logits, fitted on validation.

The model blends its n-gram and transformer parts with it (:mod:`.hybrid`), and the evaluation
blends each baseline's label logits with it (:mod:`.baselines`), so both get the same step.
``Blend.fit`` with ``across_labels`` lets each label read every label's logits; a part is any
name (``"ngram"``, ``"transformer"``, a baseline's name).
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from referral_nlp.errors import UserError

logger = logging.getLogger(__name__)

__all__ = ["BLEND_FORMAT", "BLEND_VERSION", "Blend"]

BLEND_FORMAT = "referral-nlp-blend"
BLEND_VERSION = 2

#: ``(part, source label)``: one input logit of a blend.
Input = tuple[str, str]


@dataclasses.dataclass
class Blend:
    """Per label, a weight for each input logit and a bias; see the module docstring."""

    weights: dict[str, dict[Input, float]]
    bias: dict[str, float]

    @classmethod
    def own_label(cls, weights: Mapping[str, tuple[float, float, float]]) -> Blend:
        """The version 1 form: per label ``(w_ngram, w_transformer, bias)`` on its own logits."""
        return cls(
            {lb: {("ngram", lb): float(w[0]), ("transformer", lb): float(w[1])}
             for lb, w in weights.items()},
            {lb: float(w[2]) for lb, w in weights.items()},
        )  # fmt: skip

    @classmethod
    def transformer_only(cls, labels: Sequence[str]) -> Blend:
        return cls.own_label({label: (0.0, 1.0, 0.0) for label in labels})

    @classmethod
    def fit(
        cls,
        labels: Sequence[str],
        y: np.ndarray,
        parts: Mapping[str, np.ndarray],
        *,
        across_labels: bool = True,
    ) -> Blend:
        """Fit each label's weights by logistic regression on validation cases.

        ``y`` is ``[n, L]`` with NaN where a label is unknown; each part's logits are ``[n, L]``
        in ``labels`` order. Weights are left unpenalised (a few inputs, hundreds of cases); a
        label whose validation cases hold one class weighs its own logits equally with no
        bias, with a warning.
        """
        from sklearn.linear_model import LogisticRegression

        if not parts:
            raise ValueError("blend: expected at least one part's logits, got none.")
        weights: dict[str, dict[Input, float]] = {}
        bias: dict[str, float] = {}
        for j, label in enumerate(labels):
            sources = list(labels) if across_labels else [label]
            inputs = [(part, source) for part in parts for source in sources]
            known = ~np.isnan(y[:, j])
            yy = y[known, j].astype(int)
            if yy.size == 0 or yy.min() == yy.max():
                logger.warning("blend / %s: validation holds one class; equal weights", label)
                weights[label] = {(p, s): (1 / len(parts) if s == label else 0.0)
                                  for p, s in inputs}  # fmt: skip
                bias[label] = 0.0
                continue
            x = np.column_stack([parts[p][known, labels.index(s)] for p, s in inputs])
            lr = LogisticRegression(C=1e6, max_iter=1000).fit(x, yy)
            weights[label] = {key: float(w) for key, w in zip(inputs, lr.coef_[0], strict=True)}
            bias[label] = float(lr.intercept_[0])
            logger.info(
                "blend / %s: %s %+.3f",
                label,
                " ".join(f"{w:+.3f} x {p}[{s}]" for (p, s), w in weights[label].items()),
                bias[label],
            )
        return cls(weights, bias)

    @classmethod
    def fit_by_label(
        cls,
        labels: Sequence[str],
        y: np.ndarray,
        part: str,
        logits: Mapping[str, np.ndarray],
    ) -> Blend:
        """A blend across labels of one part whose logits come as ``{label: [n]}`` (a
        baseline's, or an ablation row's), fitted on validation as :meth:`fit`."""
        columns = np.column_stack([logits[label] for label in labels])
        return cls.fit(labels, y, {part: columns}, across_labels=True)

    def combine_by_label(
        self, labels: Sequence[str], part: str, logits: Mapping[str, np.ndarray]
    ) -> dict[str, np.ndarray]:
        """As :meth:`combine_parts` for one part, with logits in and out as ``{label: [n]}``."""
        columns = np.column_stack([logits[label] for label in labels])
        blended = self.combine_parts(labels, {part: columns})
        return {label: blended[:, j] for j, label in enumerate(labels)}

    def uses(self, part: str) -> bool:
        """Whether any label gives ``part``'s logits a weight."""
        return any(w for ws in self.weights.values() for (p, _), w in ws.items() if p == part)

    @property
    def across_labels(self) -> bool:
        """Whether some label's blend reads another label's logits."""
        return any(s != label for label, ws in self.weights.items() for (_, s) in ws)

    def combine_parts(
        self, labels: Sequence[str], parts: Mapping[str, np.ndarray | None]
    ) -> np.ndarray:
        """Blended logits ``[n, L]`` from each part's ``[n, L]`` logits (None: not present)."""
        present = [v for v in parts.values() if v is not None]
        if not present:
            raise ValueError("blend: expected at least one part's logits, got none.")
        out = np.zeros((present[0].shape[0], len(labels)), dtype=np.float64)
        for j, label in enumerate(labels):
            terms = self.weights[label]
            own = ("transformer", label)
            if own in terms and parts.get("transformer") is not None:
                # Version 1's order of addition (own transformer term, bias, the rest), so an
                # artefact saved before version 2 scores bit for bit as it did.
                out[:, j] = terms[own] * parts["transformer"][:, j] + self.bias[label]
                terms = {key: w for key, w in terms.items() if key != own}
            else:
                out[:, j] = self.bias[label]
            for (part, source), w in terms.items():
                logits = parts.get(part)
                if logits is None:
                    if w:
                        raise ValueError(f"blend / {label}: needs the {part} part's logits.")
                    continue
                if source not in labels:
                    raise ValueError(
                        f"blend / {label}: weighs the {part} logit of {source!r}, which is not "
                        f"among the labels {list(labels)}."
                    )
                out[:, j] += w * logits[:, labels.index(source)]
        return out

    def combine(
        self, labels: Sequence[str], ngram_logits: np.ndarray | None, transformer_logits: np.ndarray
    ) -> np.ndarray:
        """The model's blended logits ``[n, L]``."""
        return self.combine_parts(
            labels, {"ngram": ngram_logits, "transformer": transformer_logits}
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for label, ws in self.weights.items():
            inputs: dict[str, dict[str, float]] = {}
            for (part, source), w in ws.items():
                inputs.setdefault(part, {})[source] = w
            out[label] = {"bias": self.bias[label], "inputs": inputs}
        return {"format": BLEND_FORMAT, "version": BLEND_VERSION, "labels": out}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Blend:
        if data.get("format") != BLEND_FORMAT:
            raise UserError(f"blend: expected format {BLEND_FORMAT!r}, got {data.get('format')!r}.")
        version = data.get("version", 1)
        if version not in (1, BLEND_VERSION):
            raise UserError(
                f"blend: expected version 1 or {BLEND_VERSION}, got {version!r}; this "
                "referral-nlp is older than the artefact, upgrade it."
            )
        try:
            if version == 1:
                return cls.own_label({
                    str(label): (float(w["ngram"]), float(w["transformer"]), float(w["bias"]))
                    for label, w in data["labels"].items()
                })  # fmt: skip
            weights = {
                str(label): {(str(part), str(source)): float(w)
                             for part, by_source in entry["inputs"].items()
                             for source, w in by_source.items()}
                for label, entry in data["labels"].items()
            }  # fmt: skip
            bias = {str(label): float(entry["bias"]) for label, entry in data["labels"].items()}
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise UserError(f"blend: malformed weights ({type(exc).__name__}).") from exc
        return cls(weights, bias)

    @classmethod
    def load(cls, path: str | Path) -> Blend:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
