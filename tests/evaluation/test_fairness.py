"""Tests for per-group metrics, the gaps vs the rest, and the recording-bias flag."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy.special import expit
from sklearn.metrics import roc_auc_score

from referral_nlp.evaluation.fairness import (
    age_band,
    age_bands,
    deprivation_quintile,
    deprivation_quintiles,
    fairness_gaps,
    group_codes,
    group_metrics,
)


def population(n: int, seed: int, groups: tuple[str, ...] = ("A", "B", "C", "D")):
    """Calibrated scores, labels drawn from them, and a group code per case (equal shares)."""
    rng = np.random.default_rng(seed)
    p = expit(rng.normal(-0.8, 1.3, n))
    y = (rng.random(n) < p).astype(int)
    g = np.array(groups, dtype=object)[rng.integers(0, len(groups), n)]
    return y, p, g, rng


# ---- helpers -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "0-4"),
        (4, "0-4"),
        (5, "5-9"),
        (9.0, "5-9"),
        (10, "10-15"),
        (15, "10-15"),
        (16, "16-17"),
        (17, "16-17"),
        (18, "unknown"),
        (-1, "unknown"),
        (None, "unknown"),
        (float("nan"), "unknown"),
        ("12", "10-15"),
        ("twelve", "unknown"),
        (4.5, "unknown"),
        (True, "unknown"),
    ],
)
def test_age_band(age: object, band: str) -> None:
    assert age_band(age) == band


def test_deprivation_quintile() -> None:
    assert [deprivation_quintile(d) for d in range(1, 11)] == [
        "q1",
        "q1",
        "q2",
        "q2",
        "q3",
        "q3",
        "q4",
        "q4",
        "q5",
        "q5",
    ]
    assert deprivation_quintile(0) == deprivation_quintile(11) == "unknown"
    assert deprivation_quintile(None) == "unknown"
    assert deprivation_quintiles([1, None, 10]).tolist() == ["q1", "unknown", "q5"]
    assert age_bands([3, 16]).tolist() == ["0-4", "16-17"]


def test_group_codes_normalise_and_refuse_ids() -> None:
    assert group_codes([True, False, None, "female", float("nan")]).tolist() == [
        "true",
        "false",
        "unknown",
        "female",
        "unknown",
    ]
    with pytest.raises(ValueError, match="distinct values"):
        group_codes([f"child-{i}" for i in range(100)], "child_id")


# ---- group metrics -------------------------------------------------------------------------------
def test_group_metrics_match_direct_computation() -> None:
    y, p, g, _ = population(4000, 1)
    out = group_metrics(y, p, {"grp": g}, threshold=0.5)
    assert list(out["grp"]) == ["A", "B", "C", "D"]
    a = out["grp"]["A"]
    mask = g == "A"
    assert a.n == mask.sum() and a.n_positive == y[mask].sum()
    assert a.auroc == pytest.approx(roc_auc_score(y[mask], p[mask]))
    assert a.prevalence == pytest.approx(y[mask].mean())
    assert a.mean_predicted == pytest.approx(p[mask].mean())
    flagged, pos = p[mask] >= 0.5, y[mask] == 1
    assert a.tpr == pytest.approx((flagged & pos).sum() / pos.sum())
    assert a.fpr == pytest.approx((flagged & ~pos).sum() / (~pos).sum())
    assert a.flag_rate == pytest.approx(flagged.mean())
    assert not a.too_small
    assert json.dumps(a.to_dict())


def test_small_and_single_class_groups_do_not_crash(caplog: pytest.LogCaptureFixture) -> None:
    y = np.r_[np.zeros(10, int), np.tile([0, 1], 50)]
    p = np.linspace(0.05, 0.95, 110)
    g = np.array(["tiny"] * 10 + ["big"] * 100, dtype=object)
    out = group_metrics(y, p, {"grp": g}, threshold=0.5)
    tiny = out["grp"]["tiny"]
    assert tiny.too_small and math.isnan(tiny.auroc) and math.isnan(tiny.tpr)
    assert tiny.to_dict()["auroc"] is None
    assert "AUROC undefined" in caplog.text
    gaps = fairness_gaps(y, p, {"grp": g}, threshold=0.5)["grp"]
    assert not gaps.groups["tiny"].judged and not gaps.groups["tiny"].flagged
    assert "too small to judge" in gaps.groups["tiny"].reason


def test_group_length_mismatch_is_named() -> None:
    with pytest.raises(ValueError, match="groups\\['sex'\\]: expected one code per case"):
        group_metrics([0, 1, 1], [0.1, 0.5, 0.9], {"sex": ["f", "m"]}, 0.5)


# ---- gaps ----------------------------------------------------------------------------------------
def test_no_bias_no_flag() -> None:
    y, p, g, _ = population(40_000, 2)
    gaps = fairness_gaps(y, p, {"grp": g}, threshold=float(np.quantile(p, 0.8)))["grp"]
    assert not gaps.flagged, gaps.flagged_groups
    assert gaps.max_tpr_gap < 0.05 and gaps.max_calibration_gap < 0.02
    assert gaps.reference == "rest"


def test_recording_bias_flags_the_biased_group_only() -> None:
    # Same scores; group A's negatives are recorded as positive at an extra rate of 0.1 (a
    # recording bias: more of A's outcomes get logged at equal underlying risk).
    y, p, g, rng = population(40_000, 3)
    biased = y.copy()
    flip = (g == "A") & (biased == 0) & (rng.random(y.size) < 0.1)
    biased[flip] = 1
    threshold = float(np.quantile(p, 0.8))  # a capacity-style operating point
    gaps = fairness_gaps(biased, p, {"grp": g}, threshold)["grp"]

    assert gaps.flagged
    assert gaps.flagged_groups == ["A"]
    a = gaps.groups["A"]
    assert a.calibration_gap > 0.05  # observed above predicted, relative to the rest
    assert a.calibration_in_the_large > 0.05
    assert a.tpr_gap < 0  # the extra "positives" score like negatives
    assert "recording bias" in a.reason
    for other in ("B", "C", "D"):
        gap = gaps.groups[other]
        assert not gap.flagged, gap.reason
        assert gap.reason.startswith("within tolerance")
        assert abs(gap.calibration_gap) < 0.05 and abs(gap.tpr_gap) < 0.1


def test_tolerance_is_configurable() -> None:
    y, p, g, rng = population(40_000, 4)
    biased = y.copy()
    biased[(g == "A") & (biased == 0) & (rng.random(y.size) < 0.1)] = 1
    loose = fairness_gaps(biased, p, {"grp": g}, 0.5, tolerance=0.5, calibration_tolerance=0.5)
    assert not loose["grp"].flagged


def test_fpr_gap_flagged_when_one_group_is_over_flagged() -> None:
    y, p, g, _ = population(20_000, 5)
    p = p.copy()
    p[g == "B"] = np.minimum(1.0, p[g == "B"] + 0.3)  # B's risk is over-stated
    gaps = fairness_gaps(y, p, {"grp": g}, threshold=0.5)["grp"]
    b = gaps.groups["B"]
    assert b.flagged and b.fpr_gap > 0.1
    assert "FPR" in b.reason and "higher" in b.reason
    assert "over-predicted" in b.reason
    assert gaps.max_fpr_gap == pytest.approx(abs(b.fpr_gap))


def test_gap_within_noise_is_uncertain_not_flagged() -> None:
    # Rest: 2000 positives, half flagged (TPR 0.5), 2000 negatives. Small group: 20 positives,
    # 7 flagged (TPR 0.35), 40 negatives. The gap, -0.15, is over the 0.1 tolerance but only
    # ~1.4 standard errors from zero.
    def block(n_pos_flagged: int, n_pos: int, n_neg: int) -> tuple[list[int], list[float]]:
        y = [1] * n_pos + [0] * n_neg
        p = [0.6] * n_pos_flagged + [0.4] * (n_pos - n_pos_flagged) + [0.45] * n_neg
        return y, p

    y_rest, p_rest = block(1000, 2000, 2000)
    y_small, p_small = block(7, 20, 40)
    y, p = np.array(y_rest + y_small), np.array(p_rest + p_small)
    g = np.array(["big"] * len(y_rest) + ["small"] * len(y_small), dtype=object)
    loose = {"calibration_tolerance": 1.0}  # judge the TPR gap alone
    noisy = fairness_gaps(y, p, {"grp": g}, 0.5, **loose)["grp"].groups["small"]
    plain = fairness_gaps(y, p, {"grp": g}, 0.5, min_z=0, **loose)["grp"].groups["small"]
    assert noisy.tpr_gap == pytest.approx(-0.15)
    assert plain.flagged and not plain.uncertain
    assert not noisy.flagged and noisy.uncertain
    assert "within sampling noise" in noisy.reason and "more data needed" in noisy.reason
    with pytest.raises(ValueError, match="min_z"):
        fairness_gaps(y, p, {"grp": g}, 0.5, min_z=-1)


def test_groups_in_natural_order() -> None:
    y, p, _, _ = population(200, 8)
    ages = np.array(["10-15", "5-9", "unknown", "0-4", "16-17"] * 40, dtype=object)
    out = group_metrics(y, p, {"age_band": ages}, 0.5)
    assert list(out["age_band"]) == ["0-4", "5-9", "10-15", "16-17", "unknown"]


def test_attribute_gaps_json_ready() -> None:
    y, p, g, _ = population(2000, 6)
    sex = np.where(np.arange(2000) % 2 == 0, "female", "male")
    gaps = fairness_gaps(y, p, {"grp": g, "sex": sex}, threshold=0.5)
    text = json.dumps({a: v.to_dict() for a, v in gaps.items()}, allow_nan=False)
    back = json.loads(text)
    assert set(back) == {"grp", "sex"}
    assert set(back["sex"]["groups"]) == {"female", "male"}
    # Two groups vs the rest: equal and opposite gaps.
    f, m = gaps["sex"].groups["female"], gaps["sex"].groups["male"]
    assert f.tpr_gap == pytest.approx(-m.tpr_gap)
