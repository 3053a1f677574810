"""Tests against a tolerance, corrected for how many were made (Holm).

A fairness report compares every group of every attribute, on every outcome, on several
measures: a couple of hundred comparisons per model. At a 5% level each, about ten would clear
their bar by chance alone, and a reader who finds that the flags are mostly noise ignores all of
them. Two pieces:

:func:`tolerance_p_value`
    The p-value of "the true gap is within the tolerance" (``|gap| <= tolerance``) for an
    estimate with a (bootstrap) standard error, from the normal approximation. It is below
    ``alpha`` exactly when the two-sided ``1 - alpha`` interval ``estimate +- z * se`` lies
    wholly beyond the tolerance, so "the interval clears the tolerance" and "p < alpha" are the
    same rule.
:func:`holm_adjust`
    Holm's step-down adjustment: a flag is raised when the adjusted p-value is below ``alpha``.

Why Holm and not Benjamini-Hochberg: Holm bounds the chance that a report raises **any** false
flag (the family-wise error rate) at ``alpha``, under any dependence between the comparisons;
ours are strongly dependent (the same cases appear in every attribute, and in "the rest" of
every group). Benjamini-Hochberg bounds the expected *share* of false flags among those raised,
which buys power when many gaps are real but lets a report that should be clean carry a false
flag now and then, and it needs positive dependence to hold. A governance board acts on each
flag (an investigation, a delay to sign-off), so "a flag is very rarely noise" is the promise
we want to make. Holm is uniformly more powerful than Bonferroni for the same guarantee.

Why written here: it is a dozen lines, and the library that has it (statsmodels) is not a
dependency of this project.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.stats import norm

__all__ = ["holm_adjust", "tolerance_p_value"]


def tolerance_p_value(estimate: float, se: float, tolerance: float) -> float:
    """Two-sided p-value of ``|true gap| <= tolerance`` given ``estimate`` and its ``se``.

    ``2 * (1 - Phi((|estimate| - tolerance) / se))``, capped at 1. With ``se == 0`` it is 0
    when the estimate is beyond the tolerance and 1 otherwise; NaN in, NaN out.
    """
    if not (math.isfinite(estimate) and math.isfinite(se)) or se < 0:
        return math.nan
    excess = abs(estimate) - tolerance
    if se == 0:
        return 0.0 if excess > 0 else 1.0
    return float(min(1.0, 2.0 * norm.sf(excess / se)))


def holm_adjust(p_values: Sequence[float]) -> np.ndarray:
    """Holm-adjusted p-values, in the input order; NaN entries stay NaN and are not counted.

    Sorted ascending, the ``i``-th smallest of ``m`` p-values is multiplied by ``m - i``
    (``i`` from 0), capped at 1, and made non-decreasing; a hypothesis is rejected at level
    ``alpha`` when its adjusted p-value is below ``alpha``.
    """
    p = np.asarray(p_values, dtype=np.float64)
    if p.ndim != 1:
        raise ValueError(f"p_values: expected a 1-D sequence, got shape {p.shape}.")
    out = np.full(p.shape, math.nan)
    valid = np.flatnonzero(np.isfinite(p))
    if valid.size == 0:
        return out
    if np.any((p[valid] < 0) | (p[valid] > 1)):
        raise ValueError("p_values: expected probabilities in [0, 1].")
    order = valid[np.argsort(p[valid], kind="stable")]
    m = order.size
    scaled = np.minimum(1.0, (m - np.arange(m)) * p[order])
    out[order] = np.maximum.accumulate(scaled)
    return out
