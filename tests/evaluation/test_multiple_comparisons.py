"""Holm's adjustment and the tolerance p-value, against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import norm

from referral_nlp.evaluation.multiple_comparisons import holm_adjust, tolerance_p_value


def test_holm_matches_the_textbook_example() -> None:
    # Sorted p 0.01, 0.02, 0.03, 0.04 times 4, 3, 2, 1 -> 0.04, 0.06, 0.06 (monotone), 0.06.
    adjusted = holm_adjust([0.03, 0.01, 0.04, 0.02])
    assert adjusted.tolist() == pytest.approx([0.06, 0.04, 0.06, 0.06])


def test_holm_caps_at_one_keeps_nan_out_of_the_count() -> None:
    adjusted = holm_adjust([0.5, math.nan, 0.01])
    assert math.isnan(adjusted[1])
    assert adjusted[[0, 2]].tolist() == pytest.approx([0.5, 0.02])  # m = 2, not 3
    assert holm_adjust([0.9, 0.8]).tolist() == [1.0, 1.0]
    assert holm_adjust([]).size == 0 and np.isnan(holm_adjust([math.nan])).all()
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        holm_adjust([1.5])


def test_holm_never_rejects_less_than_bonferroni() -> None:
    rng = np.random.default_rng(0)
    for _ in range(50):
        p = rng.random(20) ** 3
        assert np.all(holm_adjust(p) <= np.minimum(1, p * p.size) + 1e-12)


def test_tolerance_p_value_is_the_interval_clearing_the_tolerance() -> None:
    z = norm.ppf(0.975)
    # An estimate whose 95% interval just touches the tolerance has p = 0.05.
    assert tolerance_p_value(0.05 + z * 0.01, 0.01, 0.05) == pytest.approx(0.05)
    assert tolerance_p_value(-(0.05 + z * 0.01), 0.01, 0.05) == pytest.approx(0.05)
    assert tolerance_p_value(0.04, 0.01, 0.05) == 1.0  # inside the tolerance
    assert tolerance_p_value(0.2, 0.0, 0.05) == 0.0 and tolerance_p_value(0.0, 0.0, 0.05) == 1.0
    assert math.isnan(tolerance_p_value(math.nan, 0.01, 0.05))
    assert math.isnan(tolerance_p_value(0.1, math.nan, 0.05))
