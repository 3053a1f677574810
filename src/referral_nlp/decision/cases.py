"""The decision support of one scoring: calibrated probability, band, description and flag.

:func:`score_cases` is the one scoring path: ``referral-nlp predict``, the evaluation of
directional pairs and the service's ``/v1/score`` all call it, so the same case gets the same
answer, in the same shape, everywhere::

    {"model_version": "sha256:...",
     "re_referral": {"probability": 0.31, "band": "medium",
                     "band_description": "more likely than the typical closed case",
                     "flagged": False},
     "escalation": {...}}

``probability`` is calibrated with the artefact's ``calibration.json``; ``band`` and
``flagged`` come from its ``operating_points.json`` (:mod:`.bands`): a case is flagged at or
above the label's ``high`` cut. Records must already be redacted (the caller redacts with
:func:`referral_nlp.redaction.fields.redact_fields`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from referral_nlp.decision.bands import BAND_DESCRIPTIONS, BandThresholds
from referral_nlp.errors import UserError

__all__ = ["decision_for", "output_label", "score_cases"]


def output_label(label: str) -> str:
    """The name a label has in outputs: ``re_referral_12m`` -> ``re_referral``."""
    return label.removesuffix("_12m")


def decision_for(probability: float, thresholds: BandThresholds) -> dict[str, Any]:
    """``{probability, band, band_description, flagged}`` for one calibrated probability."""
    band = thresholds.band(probability)
    probability = float(probability)  # a numpy scalar would make numpy bools, not JSON bools
    return {
        "probability": round(probability, 4),
        "band": band,
        "band_description": BAND_DESCRIPTIONS[band],
        "flagged": thresholds.high is not None and probability >= thresholds.high,
    }


def score_cases(
    predictor: Any,
    bands: Mapping[str, BandThresholds],
    records: Sequence[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """Decision support for redacted records, in order (see the module docstring)."""
    records = list(records)
    if not records:
        return []
    missing = [label for label in predictor.labels if label not in bands]
    if missing:
        raise UserError(
            f"operating points: no thresholds for {missing}; the model cannot band its scores "
            f"(re-train it so that operating_points.json is complete)."
        )
    logits, _ = predictor.predict_logits(records)
    probabilities = predictor.probabilities_from_logits(logits)
    version = predictor.model_version
    out = []
    for i in range(len(records)):
        entry: dict[str, Any] = {"model_version": version}
        for j, label in enumerate(predictor.labels):
            entry[output_label(label)] = decision_for(probabilities[i, j], bands[label])
        out.append(entry)
    return out
