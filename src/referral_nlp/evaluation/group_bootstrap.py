"""Per-group sums on family-cluster bootstrap resamples, and estimates with intervals from them.

Every per-group quantity of the fairness report is a ratio of sums over the group's cases (an
outcome rate is ``sum(y) / n``, a true-positive rate ``sum(y * flagged) / sum(y)``, "the rest"
is the total minus the group), so one bootstrap serves them all: draw how often each case is
taken in each resample (whole families at a time, :class:`~.classification_metrics._Resampler`,
because siblings' outcomes are correlated), and multiply those draw counts with a matrix of
per-case values. :func:`resampled_sums` does that for many groups at once, on the **same**
resamples, so a model's gap and the oracle's gap for a group are paired and their difference
has the small interval a paired comparison deserves. Resamples are drawn in chunks, so memory
stays at ``chunk x n`` however large the test set.

:class:`Estimate` is a value with its interval and bootstrap standard error.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.stats import norm

from referral_nlp.classification_metrics import _json_float, _Resampler

__all__ = ["Estimate", "estimate_from_draws", "resampled_sums"]


@dataclass(frozen=True)
class Estimate:
    """A value, its ``1 - alpha`` interval (``low``, ``high``) and bootstrap standard error.

    NaN where undefined (e.g. a rate of a group with no case of a class, or no bootstrap).
    """

    value: float
    low: float = math.nan
    high: float = math.nan
    se: float = math.nan

    def to_dict(self) -> dict[str, float | None]:
        """JSON-ready (NaN becomes ``None``)."""
        return {
            "value": _json_float(self.value),
            "low": _json_float(self.low),
            "high": _json_float(self.high),
            "se": _json_float(self.se),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Estimate:
        """Inverse of :meth:`to_dict` (``None`` back to NaN); a missing dict is all NaN."""
        data = data or {}
        return cls(
            *(
                math.nan if data.get(k) is None else float(data[k])
                for k in ("value", "low", "high", "se")
            )
        )


def resampled_sums(
    columns: Mapping[Hashable, tuple[npt.ArrayLike, npt.ArrayLike]],
    n: int,
    *,
    n_boot: int,
    seed: int,
    clusters: npt.ArrayLike | None = None,
    chunk: int = 100,
) -> dict[Hashable, np.ndarray]:
    """``{key: (n_boot, c) array}``: per resample, the weighted column sums over some cases.

    ``columns[key] = (index, values)``: ``index`` picks cases out of ``n``, ``values`` has one
    row per picked case and ``c`` columns. Row ``b`` of the result is
    ``counts_b[index] @ values``, where ``counts_b`` is how often each case was drawn in
    resample ``b`` (cases drawn with their whole cluster when ``clusters`` are given). Every key
    sees the same resamples.
    """
    prepared = {}
    for key, (index, values) in columns.items():
        idx = np.asarray(index, dtype=np.intp)
        vals = np.asarray(values, dtype=np.float64)
        if vals.ndim == 1:
            vals = vals[:, None]
        if vals.shape[0] != idx.size:
            raise ValueError(
                f"columns[{key!r}]: expected one row of values per index ({idx.size}), got "
                f"{vals.shape[0]}."
            )
        prepared[key] = (idx, vals)
    out = {key: np.empty((n_boot, vals.shape[1])) for key, (_, vals) in prepared.items()}
    if n_boot == 0:
        return out
    resampler = _Resampler(n, clusters, seed)
    for start in range(0, n_boot, chunk):
        stop = min(n_boot, start + chunk)
        counts = np.stack([resampler.counts() for _ in range(stop - start)]).astype(np.float64)
        for key, (idx, vals) in prepared.items():
            out[key][start:stop] = counts[:, idx] @ vals
    return out


def estimate_from_draws(
    value: float,
    draws: np.ndarray,
    alpha: float,
    *,
    interval: str = "normal",
    se_floor: float = 0.0,
) -> Estimate:
    """An :class:`Estimate` from a point value and its bootstrap draws.

    ``interval="normal"``: ``value +- z * se`` with ``se`` the draws' standard deviation, never
    below ``se_floor`` (the interval the flag rule tests, see
    :func:`~.multiple_comparisons.tolerance_p_value`). ``"percentile"``: the draws' quantiles
    (for rates, which live in [0, 1]). Undefined draws (NaN: e.g. no case of the group drawn)
    are left out; with fewer than half defined, or no draws, only ``value`` is kept.
    """
    if not math.isfinite(value):
        return Estimate(math.nan)
    ok = draws[np.isfinite(draws)]
    if ok.size < 2 or ok.size * 2 < draws.size:
        return Estimate(float(value))
    se = max(float(np.std(ok, ddof=1)), se_floor)
    if interval == "percentile":
        low, high = np.quantile(ok, [alpha / 2, 1 - alpha / 2])
        return Estimate(float(value), float(low), float(high), se)
    if interval != "normal":
        raise ValueError(f"interval: expected 'normal' or 'percentile', got {interval!r}.")
    z = float(norm.ppf(1 - alpha / 2))
    return Estimate(float(value), float(value - z * se), float(value + z * se), se)
