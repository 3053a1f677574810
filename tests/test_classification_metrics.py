"""Tests for AUROC, average precision, Brier, ECE and the (cluster) bootstrap intervals."""

from __future__ import annotations

import logging
import math

import numpy as np
import pytest
from scipy.special import expit
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from referral_nlp.classification_metrics import (
    MetricWithCI,
    auroc,
    average_precision,
    binary_metrics,
    bootstrap_ci,
    bootstrap_cis,
    brier,
    expected_calibration_error,
    reliability_table,
)


def sample(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Labels drawn from calibrated probabilities, with a realistic spread of risk."""
    rng = np.random.default_rng(seed)
    p = expit(rng.normal(-1.0, 1.5, n))
    return (rng.random(n) < p).astype(int), p


# ---- agreement with sklearn ----------------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_sklearn_on_random_data(seed: int) -> None:
    y, p = sample(500, seed)
    assert auroc(y, p) == pytest.approx(roc_auc_score(y, p), abs=1e-12)
    assert average_precision(y, p) == pytest.approx(average_precision_score(y, p), abs=1e-12)
    assert brier(y, p) == pytest.approx(brier_score_loss(y, p), abs=1e-12)


def test_matches_sklearn_with_heavy_ties() -> None:
    rng = np.random.default_rng(3)
    p = rng.integers(0, 5, 400) / 4  # only five distinct scores
    y = (rng.random(400) < 0.2 + 0.5 * p).astype(int)
    assert auroc(y, p) == pytest.approx(roc_auc_score(y, p), abs=1e-12)
    assert average_precision(y, p) == pytest.approx(average_precision_score(y, p), abs=1e-12)


# ---- known values on hand-made arrays ------------------------------------------------------------
def test_known_values() -> None:
    y = [0, 0, 1, 1]
    p = [0.1, 0.4, 0.35, 0.8]
    assert auroc(y, p) == pytest.approx(0.75)
    # Thresholds 0.8 (P=1, R=.5), 0.4 (P=.5, R=.5), 0.35 (P=2/3, R=1): AP = .5*1 + .5*2/3.
    assert average_precision(y, p) == pytest.approx(0.5 + 1 / 3)
    assert brier(y, p) == pytest.approx((0.01 + 0.16 + 0.4225 + 0.04) / 4)


def test_auroc_ties_count_half_and_perfect_ranking() -> None:
    assert auroc([0, 1], [0.5, 0.5]) == pytest.approx(0.5)
    assert auroc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.9]) == 1.0
    assert auroc([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.9]) == 0.0


def test_ece_known_value_uniform_bins() -> None:
    # Two bins of width 0.5: bin 0 has p = .2,.2 (rate 0.5) -> |.5-.2|; bin 1 has p = .9,.9
    # (rate 1) -> |1-.9|. Weighted: .5*.3 + .5*.1 = .2
    y = [0, 1, 1, 1]
    p = [0.2, 0.2, 0.9, 0.9]
    assert expected_calibration_error(y, p, n_bins=2) == pytest.approx(0.2)
    # p == 1 falls in the last bin, not past it.
    assert expected_calibration_error([1, 1], [1.0, 1.0], n_bins=10) == 0.0


def test_ece_quantile_keeps_ties_in_one_bin() -> None:
    y = [0, 1, 0, 1, 1, 1]
    p = [0.3, 0.3, 0.3, 0.3, 0.8, 0.8]
    # Equal-count bins would split the 0.3s; tied scores stay together: two bins.
    _, rate, count = reliability_table(y, p, n_bins=3, strategy="quantile")
    assert count.tolist() == [4, 2]
    assert rate.tolist() == [0.5, 1.0]
    assert expected_calibration_error(y, p, n_bins=3, strategy="quantile") == pytest.approx(
        (4 * 0.2 + 2 * 0.2) / 6
    )


def test_ece_near_zero_for_calibrated_and_large_for_distorted() -> None:
    y, p = sample(50_000, seed=4)
    assert expected_calibration_error(y, p) < 0.01
    assert expected_calibration_error(y, p, strategy="quantile") < 0.01
    distorted = expit(2 * np.log(p / (1 - p)))
    assert expected_calibration_error(y, distorted) > 0.05


# ---- edge cases and validation -------------------------------------------------------------------
def test_single_class_gives_nan_with_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert math.isnan(auroc([0, 0, 0], [0.1, 0.2, 0.3]))
        assert math.isnan(auroc([1, 1], [0.1, 0.2]))
        assert math.isnan(average_precision([0, 0], [0.1, 0.2]))
    assert sum("undefined" in r.message for r in caplog.records) == 3
    # Defined in one class: AP of all positives, Brier, ECE.
    assert average_precision([1, 1], [0.1, 0.2]) == 1.0
    assert brier([0, 0], [0.0, 0.5]) == pytest.approx(0.125)
    assert expected_calibration_error([0, 0], [0.0, 0.0]) == 0.0


@pytest.mark.parametrize(
    ("y", "p", "message"),
    [
        ([0, 1], [0.1], "one probability per label"),
        ([0, 2], [0.1, 0.2], "labels 0 or 1"),
        (["a", "b"], [0.1, 0.2], "numeric 0/1 labels"),
        ([[0, 1]], [[0.1, 0.2]], "1-D array"),
        ([], [], "at least one"),
        ([0, 1], [0.1, 1.5], "in \\[0, 1\\]"),
        ([0, 1], [0.1, float("nan")], "finite"),
    ],
)
def test_bad_inputs_say_what_was_expected(y: list, p: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        auroc(y, p)


def test_bool_labels_accepted() -> None:
    assert auroc(np.array([False, True]), [0.2, 0.7]) == 1.0


def test_bad_bins_and_strategy() -> None:
    with pytest.raises(ValueError, match="strategy"):
        expected_calibration_error([0, 1], [0.1, 0.9], strategy="width")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="n_bins"):
        expected_calibration_error([0, 1], [0.1, 0.9], n_bins=0)


# ---- bootstrap -----------------------------------------------------------------------------------
def test_ci_contains_truth_and_narrows_with_n() -> None:
    # Labels from calibrated p: the population AUROC is estimated on a huge sample.
    y_big, p_big = sample(400_000, seed=10)
    truth = roc_auc_score(y_big, p_big)
    widths = []
    for n in (500, 5000):
        y, p = sample(n, seed=11)
        ci = bootstrap_ci(auroc, y, p, n_boot=200, seed=1)
        assert ci.low <= ci.value <= ci.high
        assert ci.low <= truth <= ci.high
        widths.append(ci.high - ci.low)
    assert widths[1] < widths[0] / 2  # ~ 1/sqrt(10) in theory


def test_bootstrap_is_reproducible_and_seed_dependent() -> None:
    y, p = sample(300, seed=5)
    a = bootstrap_ci(brier, y, p, n_boot=200, seed=3)
    b = bootstrap_ci(brier, y, p, n_boot=200, seed=3)
    c = bootstrap_ci(brier, y, p, n_boot=200, seed=4)
    assert a == b
    assert a != c
    assert a.value == pytest.approx(brier(y, p))


def test_cluster_bootstrap_is_wider_for_correlated_families() -> None:
    # Families of 5 children share one outcome draw: the effective sample size is n/5.
    rng = np.random.default_rng(6)
    n_fam, size = 300, 5
    fam_p = expit(rng.normal(-1, 1.2, n_fam))
    fam_y = (rng.random(n_fam) < fam_p).astype(int)
    y, p = np.repeat(fam_y, size), np.repeat(fam_p, size)
    family = np.repeat(np.arange(n_fam), size)
    iid = bootstrap_ci(brier, y, p, n_boot=200, seed=0)
    clustered = bootstrap_ci(brier, y, p, n_boot=200, seed=0, groups=family)
    assert clustered.value == iid.value
    assert (clustered.high - clustered.low) > 1.6 * (iid.high - iid.low)


def test_cluster_ids_checked() -> None:
    with pytest.raises(ValueError, match="one cluster id per case"):
        bootstrap_ci(brier, [0, 1, 1], [0.1, 0.2, 0.3], n_boot=10, groups=[1, 2])


def test_bootstrap_of_rare_positives_drops_undefined_resamples(
    caplog: pytest.LogCaptureFixture,
) -> None:
    y = np.zeros(200, dtype=int)
    y[0] = 1  # one positive: about 37% of resamples have none
    p = np.linspace(0.01, 0.99, 200)
    with caplog.at_level(logging.WARNING):
        ci = bootstrap_ci(auroc, y, p, n_boot=200, seed=0)
    assert not math.isnan(ci.value)
    assert any("resamples were undefined" in r.message for r in caplog.records)
    # Per-resample warnings are not repeated 200 times.
    assert sum("undefined:" in r.message for r in caplog.records) == 0

    with caplog.at_level(logging.WARNING):
        none = bootstrap_ci(auroc, np.zeros(200, dtype=int), p, n_boot=50, seed=0)
    assert math.isnan(none.value) and math.isnan(none.low) and math.isnan(none.high)


def test_binary_metrics_keys_and_no_boot() -> None:
    y, p = sample(400, seed=8)
    out = binary_metrics(y, p, n_boot=0)
    assert set(out) == {"auroc", "average_precision", "brier", "ece"}
    assert out["auroc"].value == pytest.approx(roc_auc_score(y, p))
    assert math.isnan(out["ece"].low)
    boot = binary_metrics(y, p, n_boot=200, strategy="quantile", n_bins=10)
    for metric in boot.values():
        assert metric.low <= metric.value <= metric.high


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("clustered", [False, True])
def test_binary_metrics_fast_path_equals_resampling(strategy: str, clustered: bool) -> None:
    # binary_metrics weights cases by their draw counts instead of re-sorting each resample;
    # with the same seed it must give the intervals of the plain resampling path.
    rng = np.random.default_rng(9)
    p = np.round(expit(rng.normal(-1, 1.5, 1500)), 2)  # rounded: many ties
    y = (rng.random(1500) < p).astype(int)
    family = rng.integers(0, 500, 1500) if clustered else None
    fns = {
        "auroc": auroc,
        "average_precision": average_precision,
        "brier": brier,
        "ece": lambda yy, pp: expected_calibration_error(yy, pp, 15, strategy),
    }
    slow = bootstrap_cis(fns, y, p, n_boot=200, seed=2, groups=family)
    fast = binary_metrics(y, p, n_boot=200, seed=2, groups=family, strategy=strategy)
    for name in fns:
        assert fast[name].value == pytest.approx(slow[name].value, abs=1e-12)
        assert fast[name].low == pytest.approx(slow[name].low, abs=1e-12)
        assert fast[name].high == pytest.approx(slow[name].high, abs=1e-12)


def test_metric_with_ci_json_round_trip() -> None:
    m = MetricWithCI(0.7, 0.65, float("nan"))
    d = m.to_dict()
    assert d == {"value": 0.7, "low": 0.65, "high": None}
    back = MetricWithCI.from_dict(d)
    assert back.value == 0.7 and back.low == 0.65 and math.isnan(back.high)
