"""Tests for temperature scaling, isotonic calibration, their JSON form and the auto choice."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.special import expit

from referral_nlp.classification_metrics import auroc, expected_calibration_error
from referral_nlp.decision.calibration import (
    Calibrator,
    IsotonicCalibrator,
    TemperatureScaler,
    calibrator_from_dict,
    choose_method,
    fit_best_calibrator,
    to_logits,
)


def over_confident(n: int, seed: int, factor: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """Labels from true risk sigmoid(z); the model reports sigmoid(factor * z)."""
    rng = np.random.default_rng(seed)
    z = rng.normal(-1.0, 1.5, n)
    y = (rng.random(n) < expit(z)).astype(int)
    return y, expit(factor * z)


def s_shaped(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A distortion no temperature can fix: shifted base rate and a kink."""
    rng = np.random.default_rng(seed)
    score = rng.random(n)
    true = np.where(score < 0.5, 0.05 + 0.1 * score, 0.2 + 1.2 * (score - 0.5) ** 2 * 2)
    y = (rng.random(n) < np.clip(true, 0, 1)).astype(int)
    return y, score


@pytest.fixture(scope="module")
def miscalibrated() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return {"val": over_confident(20_000, 1), "test": over_confident(20_000, 2)}


@pytest.mark.parametrize("method", ["temperature", "isotonic", "auto"])
def test_calibration_reduces_test_ece_to_target(
    miscalibrated: dict[str, tuple[np.ndarray, np.ndarray]], method: str
) -> None:
    (yv, pv), (yt, pt) = miscalibrated["val"], miscalibrated["test"]
    before = expected_calibration_error(yt, pt)
    selection = fit_best_calibrator(yv, pv, method)  # type: ignore[arg-type]
    after = expected_calibration_error(yt, selection.calibrator.transform(pt))
    assert before > 0.08
    assert after <= 0.03


def test_temperature_recovers_the_distortion(
    miscalibrated: dict[str, tuple[np.ndarray, np.ndarray]],
) -> None:
    yv, pv = miscalibrated["val"]
    scaler = TemperatureScaler().fit(yv, pv)
    assert scaler.temperature == pytest.approx(2.0, rel=0.05)
    # Temperature scaling is strictly monotone: ranking (AUROC) unchanged.
    assert auroc(yv, scaler.transform(pv)) == pytest.approx(auroc(yv, pv), abs=1e-12)


def test_logit_inputs_equal_probability_inputs(
    miscalibrated: dict[str, tuple[np.ndarray, np.ndarray]],
) -> None:
    yv, pv = miscalibrated["val"]
    z = to_logits(pv)
    a = TemperatureScaler("probability").fit(yv, pv)
    b = TemperatureScaler("logit").fit(yv, z)
    assert a.temperature == pytest.approx(b.temperature, rel=1e-6)
    np.testing.assert_allclose(a.transform(pv[:100]), b.transform(z[:100]), atol=1e-9)
    iso_p = IsotonicCalibrator("probability").fit(yv, pv)
    iso_z = IsotonicCalibrator("logit").fit(yv, z)
    np.testing.assert_allclose(iso_p.transform(pv[:100]), iso_z.transform(z[:100]), atol=1e-9)


def test_isotonic_fixes_what_temperature_cannot() -> None:
    yv, sv = s_shaped(20_000, 3)
    yt, st = s_shaped(20_000, 4)
    temp = TemperatureScaler().fit(yv, sv)
    iso = IsotonicCalibrator().fit(yv, sv)
    assert expected_calibration_error(yt, iso.transform(st)) <= 0.03
    assert expected_calibration_error(yt, temp.transform(st)) > 0.03
    choice = fit_best_calibrator(yv, sv, "auto")
    assert choice.method == "isotonic"
    assert set(choice.scores) == {"temperature", "isotonic"}
    assert choice.scores["isotonic"]["ece"] < choice.scores["temperature"]["ece"]


def test_auto_prefers_temperature_on_a_tie(
    miscalibrated: dict[str, tuple[np.ndarray, np.ndarray]],
) -> None:
    yv, pv = miscalibrated["val"]
    choice = fit_best_calibrator(yv, pv, "auto")
    assert choice.method == "temperature"
    assert "tie" in choice.rule
    assert json.loads(json.dumps(choice.to_dict()))["params"]["method"] == "temperature"


@pytest.mark.parametrize(
    ("isotonic", "temperature", "criterion", "chosen"),
    [
        ({"ece": 0.010, "brier": 0.150}, {"ece": 0.030, "brier": 0.155}, "ece", "isotonic"),
        # Better binned ECE but a worse proper score: the steps bought ECE with ranking.
        ({"ece": 0.021, "brier": 0.168}, {"ece": 0.034, "brier": 0.166}, "ece", "temperature"),
        ({"ece": 0.028, "brier": 0.150}, {"ece": 0.030, "brier": 0.155}, "ece", "temperature"),
        ({"ece": 0.050, "brier": 0.150}, {"ece": 0.010, "brier": 0.155}, "brier", "isotonic"),
        ({"ece": 0.010, "brier": 0.1549}, {"ece": 0.050, "brier": 0.155}, "brier", "temperature"),
    ],
)
def test_the_auto_rule(isotonic: dict, temperature: dict, criterion: str, chosen: str) -> None:
    scores = {"isotonic": isotonic, "temperature": temperature}
    tolerance = 0.005 if criterion == "ece" else 5e-4
    assert choose_method(scores, criterion, tolerance) == chosen


@pytest.mark.parametrize("cls", [TemperatureScaler, IsotonicCalibrator])
def test_json_round_trip_gives_identical_transform(
    cls: type, miscalibrated: dict[str, tuple[np.ndarray, np.ndarray]]
) -> None:
    (yv, pv), (_, pt) = miscalibrated["val"], miscalibrated["test"]
    fitted = cls().fit(yv, pv)
    assert isinstance(fitted, Calibrator)
    text = json.dumps(fitted.to_dict())
    loaded = calibrator_from_dict(json.loads(text))
    assert type(loaded) is cls
    probe = np.r_[pt, 0.0, 1.0, 1e-9, 1 - 1e-9]
    np.testing.assert_array_equal(loaded.transform(probe), fitted.transform(probe))
    assert loaded.to_dict() == fitted.to_dict()


def test_isotonic_clips_out_of_range_and_stays_monotone() -> None:
    iso = IsotonicCalibrator().fit([0, 0, 1, 1], [0.2, 0.4, 0.6, 0.8])
    out = iso.transform([0.0, 0.2, 0.5, 0.8, 1.0])
    assert out[0] == out[1] and out[-1] == out[-2]
    assert np.all(np.diff(out) >= 0)


def test_isotonic_never_states_a_probability_of_0_or_1() -> None:
    # A step with no event in a small validation split had served "probability": 0.0.
    rng = np.random.default_rng(0)
    scores = rng.uniform(size=86)
    y = (scores > 0.7).astype(int)  # no event below 0.7, every case above it
    out = IsotonicCalibrator().fit(y, scores).transform([0.0, 0.3, 0.69, 0.71, 1.0])
    assert out.min() == pytest.approx(0.5 / 86) and out.max() == pytest.approx(1 - 0.5 / 86)
    assert np.all(np.diff(out) >= 0)


def test_errors_are_clear() -> None:
    with pytest.raises(ValueError, match="one class only"):
        TemperatureScaler().fit([0, 0, 0], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="not fitted"):
        IsotonicCalibrator().transform([0.5])
    with pytest.raises(ValueError, match="not fitted"):
        TemperatureScaler().to_dict()
    with pytest.raises(ValueError, match="method"):
        calibrator_from_dict({"method": "platt"})
    with pytest.raises(ValueError, match="kind"):
        TemperatureScaler(kind="odds")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="in \\[0, 1\\]"):
        TemperatureScaler().fit([0, 1], [-2.0, 3.0])  # logits passed as probabilities
    with pytest.raises(ValueError, match="method"):
        fit_best_calibrator([0, 1], [0.1, 0.9], "beta")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-decreasing"):
        calibrator_from_dict(
            {"method": "isotonic", "x_thresholds": [0.5, 0.1], "y_thresholds": [0.1, 0.2]}
        )


def test_auto_with_too_few_positives_falls_back_to_temperature() -> None:
    y = np.zeros(50, dtype=int)
    y[0] = 1
    p = np.linspace(0.01, 0.5, 50)
    choice = fit_best_calibrator(y, p, "auto")
    assert choice.method == "temperature"
    assert choice.scores == {}
