"""What a run leaves behind besides the weights: calibration, operating points, predictions.

Everything is fitted on the **validation** split only (test is predicted, never fitted on):
per-label calibrators of the final (blended) logits, and the operating points the bands of
:mod:`referral_nlp.decision.bands` read. Predictions of validation and test are written as
rows of ids, labels and scores (no text), for ``referral-nlp evaluate`` and the int8 check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from referral_nlp.io import to_jsonable as jsonable

__all__ = ["calibrate", "fmt", "jsonable", "operating_points", "prediction_rows"]


def calibrate(
    method: str,
    labels: Sequence[str],
    val_y: np.ndarray,
    val_logits: np.ndarray,
    test_logits: np.ndarray,
    *,
    seed: int,
) -> tuple[dict[str, Any], dict[str, Any], np.ndarray, np.ndarray]:
    """Per-label calibrators fitted on validation logits; calibrated val/test probabilities."""
    val_probs = 1.0 / (1.0 + np.exp(-val_logits))
    test_probs = 1.0 / (1.0 + np.exp(-test_logits))
    if method == "none":
        return {}, {}, val_probs, test_probs
    from referral_nlp.decision.calibration import fit_best_calibrator

    calibrators: dict[str, Any] = {}
    selections: dict[str, Any] = {}
    for j, label in enumerate(labels):
        known = ~np.isnan(val_y[:, j])
        selection = fit_best_calibrator(
            val_y[known, j].astype(int), val_logits[known, j], method=method, kind="logit",
            seed=seed,
        )  # fmt: skip
        calibrators[label] = selection.calibrator
        selections[label] = selection.to_dict()
        val_probs[:, j] = selection.calibrator.transform(val_logits[:, j])
        test_probs[:, j] = selection.calibrator.transform(test_logits[:, j])
    return calibrators, selections, val_probs, test_probs


def operating_points(
    labels: Sequence[str],
    val_y: np.ndarray,
    val_probs: np.ndarray,
    *,
    precision_target: float,
    capacity_fraction: float,
) -> dict[str, Any]:
    """The ``operating_points.json`` payload, chosen on calibrated validation scores."""
    from referral_nlp.decision.bands import operating_points_to_json
    from referral_nlp.decision.operating_points import (
        threshold_for_capacity,
        threshold_for_precision,
    )

    points: dict[str, dict[str, Any]] = {}
    rates: dict[str, float] = {}
    for j, label in enumerate(labels):
        known = ~np.isnan(val_y[:, j])
        y, p = val_y[known, j].astype(int), np.clip(val_probs[known, j], 0.0, 1.0)
        found = (
            threshold_for_precision(y, p, precision_target),
            threshold_for_capacity(p, capacity_fraction, y=y),
        )
        points[label] = {point.name: point for point in found}
        rates[label] = float(y.mean())
    settings = {"precision_target": precision_target, "capacity_fraction": capacity_fraction}
    return operating_points_to_json(points, rates, settings)


def prediction_rows(
    ids: Sequence[Any],
    labels: Sequence[str],
    y: np.ndarray,
    logits: np.ndarray,
    probs: np.ndarray,
    calibrators: Mapping[str, Any],
    components: Mapping[str, np.ndarray | None] | None = None,
) -> list[dict[str, Any]]:
    """One row per case: id, true labels and scores (no text).

    ``components`` (``{"ngram": ..., "transformer": ...}``) adds each part's logit, so the
    evaluation can report the hybrid's parts alone.
    """
    rows = []
    for i, case_id in enumerate(ids):
        row: dict[str, Any] = {"id": case_id}
        for j, label in enumerate(labels):
            row[label] = None if np.isnan(y[i, j]) else int(y[i, j])
            row[f"{label}_logit"] = float(logits[i, j])
            row[f"{label}_raw_probability"] = float(1.0 / (1.0 + np.exp(-logits[i, j])))
            row[f"{label}_probability"] = float(probs[i, j])
            for name, values in (components or {}).items():
                if values is not None:
                    row[f"{label}_{name}_logit"] = float(values[i, j])
        row["calibrated"] = bool(calibrators)
        rows.append(row)
    return rows


def fmt(values: Mapping[str, float]) -> str:
    return ", ".join(f"{k} {v:.4f}" for k, v in values.items())
