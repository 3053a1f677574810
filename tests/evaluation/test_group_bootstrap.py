"""Weighted resample sums equal the sums of the materialised resamples."""

from __future__ import annotations

import math

import numpy as np
import pytest

from referral_nlp.classification_metrics import _Resampler
from referral_nlp.evaluation.group_bootstrap import Estimate, estimate_from_draws, resampled_sums


@pytest.mark.parametrize("clustered", [False, True])
def test_sums_equal_those_of_the_drawn_cases(clustered: bool) -> None:
    rng = np.random.default_rng(0)
    n = 300
    values = rng.normal(size=(n, 3))
    clusters = np.repeat(np.arange(n // 3), 3) if clustered else None
    index = np.flatnonzero(rng.random(n) < 0.4)
    out = resampled_sums(
        {"all": (np.arange(n), values), "some": (index, values[index])},
        n,
        n_boot=25,
        seed=5,
        clusters=clusters,
        chunk=7,
    )
    resampler = _Resampler(n, clusters, 5)
    member = np.zeros(n, bool)
    member[index] = True
    for b in range(25):
        drawn = resampler.draw()
        assert out["all"][b] == pytest.approx(values[drawn].sum(axis=0))
        assert out["some"][b] == pytest.approx(values[drawn][member[drawn]].sum(axis=0))


def test_no_bootstrap_and_bad_shapes() -> None:
    assert resampled_sums({"k": ([0, 1], [1.0, 2.0])}, 2, n_boot=0, seed=0)["k"].shape == (0, 1)
    with pytest.raises(ValueError, match="one row of values per index"):
        resampled_sums({"k": ([0, 1], [1.0])}, 2, n_boot=3, seed=0)


def test_estimates_from_draws() -> None:
    draws = np.random.default_rng(1).normal(0.1, 0.02, 4000)
    normal = estimate_from_draws(0.1, draws, 0.05)
    assert normal.se == pytest.approx(0.02, rel=0.05)
    assert normal.high - normal.value == pytest.approx(1.96 * normal.se, rel=1e-3)
    percentile = estimate_from_draws(0.1, draws, 0.05, interval="percentile")
    assert percentile.low == pytest.approx(np.quantile(draws, 0.025))
    assert estimate_from_draws(0.1, draws, 0.05, se_floor=0.5).se == 0.5
    mostly_undefined = np.r_[draws[:10], np.full(100, np.nan)]
    assert math.isnan(estimate_from_draws(0.1, mostly_undefined, 0.05).low)
    assert Estimate.from_dict(normal.to_dict()) == normal
    assert Estimate.from_dict(None).to_dict() == {"value": None, "low": None, "high": None,
                                                  "se": None}  # fmt: skip
