"""Tests for thresholds chosen on validation: precision target, capacity, and their evaluation."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy.special import expit
from sklearn.metrics import confusion_matrix, precision_score, recall_score

from referral_nlp.decision.operating_points import (
    OperatingPoint,
    evaluate_at_threshold,
    threshold_for_capacity,
    threshold_for_precision,
)


def sample(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    p = expit(rng.normal(-1.0, 1.5, n))
    return (rng.random(n) < p).astype(int), p


def test_evaluate_at_threshold_matches_sklearn() -> None:
    y, p = sample(1000, 1)
    out = evaluate_at_threshold(y, p, 0.4)
    pred = (p >= 0.4).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, pred).ravel()
    assert (out["tp"], out["fp"], out["fn"], out["tn"]) == (tp, fp, fn, tn)
    assert out["precision"] == pytest.approx(precision_score(y, pred))
    assert out["recall"] == out["tpr"] == pytest.approx(recall_score(y, pred))
    assert out["fpr"] == pytest.approx(fp / (fp + tn))
    assert out["flag_rate"] == pytest.approx(pred.mean())
    assert out["n"] == 1000


def test_evaluate_at_threshold_flags_ties_and_handles_empty_sides() -> None:
    out = evaluate_at_threshold([0, 1, 1], [0.2, 0.5, 0.5], 0.5)
    assert out["tp"] == 2 and out["precision"] == 1.0 and out["fpr"] == 0.0
    nothing = evaluate_at_threshold([0, 0], [0.2, 0.3], 0.9)
    assert math.isnan(nothing["precision"]) and math.isnan(nothing["recall"])
    with pytest.raises(ValueError, match="threshold"):
        evaluate_at_threshold([0, 1], [0.2, 0.3], float("nan"))


def test_precision_threshold_on_hand_made_scores() -> None:
    # Sorted by score: 1 1 0 1 1 0 0 0 1 0  (scores .95 down to .05)
    p = np.array([0.95, 0.85, 0.75, 0.65, 0.55, 0.45, 0.35, 0.25, 0.15, 0.05])
    y = np.array([1, 1, 0, 1, 1, 0, 0, 0, 1, 0])
    point = threshold_for_precision(y, p, target=0.65, min_support=1)
    # Precision by cut: 1, 1, .67, .75, .8, .67, .57, .5, .56, .5 -> lowest cut with >= .65 is
    # the sixth (0.45, precision 4/6).
    assert point.reachable
    assert point.threshold == 0.45
    assert point.precision == pytest.approx(4 / 6)
    assert point.recall == pytest.approx(4 / 5)
    assert point.n_flagged == 6 and point.flag_rate == pytest.approx(0.6)
    assert point.name == "precision_65" and point.kind == "precision"
    # Minimum support: the top case alone cannot reach a target of 100%.
    strict = threshold_for_precision(y, p, target=1.0, min_support=3)
    assert not strict.reachable


def test_precision_threshold_meets_target_on_validation_sample() -> None:
    y, p = sample(5000, 2)
    point = threshold_for_precision(y, p, 0.65)
    achieved = evaluate_at_threshold(y, p, point.threshold)
    assert point.reachable and achieved["precision"] >= 0.65
    assert achieved["precision"] == pytest.approx(point.precision)
    # Lowest qualifying threshold: one step lower would not qualify or would not be lower.
    lower = p[p < point.threshold]
    if lower.size:
        below = evaluate_at_threshold(y, p, float(lower.max()))
        assert below["precision"] < 0.65


def test_unreachable_precision_is_reported_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    rng = np.random.default_rng(3)
    y = (rng.random(2000) < 0.1).astype(int)
    p = rng.random(2000)  # no signal: precision stays near 10%
    point = threshold_for_precision(y, p, 0.65)
    assert not point.reachable
    assert "not reachable" in point.note
    assert point.n_flagged >= 20
    assert point.precision < 0.65
    assert "not reachable" in caplog.text


def test_capacity_flags_top_fraction() -> None:
    y, p = sample(1000, 4)
    point = threshold_for_capacity(p, 0.10, y=y)
    assert point.n_flagged == 100 and point.flag_rate == pytest.approx(0.10)
    assert np.sum(p >= point.threshold) == 100
    achieved = evaluate_at_threshold(y, p, point.threshold)
    assert point.precision == pytest.approx(achieved["precision"])
    assert point.recall == pytest.approx(achieved["recall"])
    assert point.name == "top_10pct" and point.reachable and point.note == ""
    without_y = threshold_for_capacity(p, 0.10)
    assert without_y.threshold == point.threshold and math.isnan(without_y.precision)


def test_capacity_never_exceeds_budget_with_ties(caplog: pytest.LogCaptureFixture) -> None:
    # 5% at 0.9, then 10% tied at 0.6: a 10% budget cannot take the 0.6 step.
    p = np.r_[np.full(50, 0.9), np.full(100, 0.6), np.linspace(0.01, 0.5, 850)]
    point = threshold_for_capacity(p, 0.10)
    assert point.threshold == 0.9 and point.n_flagged == 50
    assert "tied scores" in point.note
    # Every case tied: the budget cannot be met at all.
    flat = threshold_for_capacity(np.full(100, 0.3), 0.10)
    assert not flat.reachable and flat.n_flagged == 100


def test_bad_targets() -> None:
    with pytest.raises(ValueError, match="target"):
        threshold_for_precision([0, 1], [0.1, 0.9], target=1.5)
    with pytest.raises(ValueError, match="top_fraction"):
        threshold_for_capacity([0.1, 0.9], top_fraction=0.0)
    with pytest.raises(ValueError, match="one probability per label"):
        threshold_for_capacity([0.1, 0.9], y=[0, 1, 1])


def test_operating_point_json_round_trip() -> None:
    y, p = sample(500, 5)
    for point in (threshold_for_precision(y, p), threshold_for_capacity(p, 0.2)):
        back = OperatingPoint.from_dict(json.loads(json.dumps(point.to_dict())))
        assert back.threshold == point.threshold and back.name == point.name
        assert (math.isnan(back.precision) and math.isnan(point.precision)) or (
            back.precision == point.precision
        )
