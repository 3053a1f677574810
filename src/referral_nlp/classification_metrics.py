"""Threshold-free scores of a binary risk model, with bootstrap confidence intervals.

A reviewer reads a probability, so the report needs both *ranking* (AUROC, average precision)
and *calibration* (Brier score, expected calibration error) — a model can rank well and still
say "40%" for cases that come back 20% of the time. Every number gets a percentile bootstrap
interval, because a test set of a few thousand closed cases (and a few hundred escalations)
leaves wide uncertainty that a model card has to show.

Definitions (``y`` are 0/1 labels, ``p`` predicted probabilities of label 1):

**AUROC**
    The probability that a random positive scores higher than a random negative, ties counting
    one half (the Mann-Whitney statistic, computed as the trapezoidal area under the ROC steps;
    equal to ``sklearn.metrics.roc_auc_score``).
**Average precision**
    ``sum_k (R_k - R_{k-1}) * P_k`` over the distinct score thresholds, highest first, with no
    interpolation (equal to ``sklearn.metrics.average_precision_score``).
**Brier score**
    ``mean((p - y)**2)``.
**Expected calibration error (ECE)**
    ``sum_b (n_b / n) * |mean(y in b) - mean(p in b)|`` over ``n_bins`` bins of ``p``: equal-width
    on [0, 1] (``strategy="uniform"``, ``p == 1`` in the last bin) or equal-count quantile bins
    (``strategy="quantile"``; tied scores stay in one bin). Empty bins contribute nothing. ECE
    is biased upwards on small samples (each bin's observed rate is noisy), so compare it only
    at similar sizes and bin counts.

Single-class inputs: AUROC is undefined without both classes and average precision without a
positive; both then return NaN and log a warning (never an exception), because a bootstrap
resample or a small group can legitimately hit that case. Average precision of an all-positive
sample is 1.0 (every threshold has precision 1), which is defined, so it is returned.

Inputs are checked (1-D, same length, labels exactly 0/1, probabilities finite and in [0, 1]);
a ValueError says what was expected and what came.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

__all__ = [
    "BinStrategy",
    "MetricFn",
    "MetricWithCI",
    "auroc",
    "average_precision",
    "binary_metrics",
    "bootstrap_ci",
    "bootstrap_cis",
    "brier",
    "check_labels",
    "check_pair",
    "check_probabilities",
    "expected_calibration_error",
    "reliability_table",
]

BinStrategy = Literal["uniform", "quantile"]
MetricFn = Callable[[np.ndarray, np.ndarray], float]

# Inside a bootstrap, single-class resamples are expected and counted once at the end, so the
# per-call warnings are lowered to DEBUG instead of flooding the log n_boot times.
_QUIET: contextvars.ContextVar[bool] = contextvars.ContextVar("_QUIET", default=False)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)


def _warn_undefined(metric: str, why: str) -> None:
    level = logging.DEBUG if _QUIET.get() else logging.WARNING
    logger.log(level, "%s is undefined: %s; returning NaN.", metric, why)


# ---- input checks -------------------------------------------------------------------------------
def _non_empty_1d(values: npt.ArrayLike, name: str, what: str, one: str) -> np.ndarray:
    """``values`` as an array, or a ValueError unless it is 1-D and holds at least ``one``."""
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D array of {what}, got shape {arr.shape}.")
    if arr.size == 0:
        raise ValueError(f"{name}: expected at least one {one}, got an empty array.")
    return arr


def check_labels(y: npt.ArrayLike, name: str = "y") -> np.ndarray:
    """``y`` as a 1-D int8 array of 0/1, or a ValueError naming what was expected and what came."""
    arr = _non_empty_1d(y, name, "0/1 labels", "label")
    if arr.dtype == bool:
        return arr.astype(np.int8)
    if not np.issubdtype(arr.dtype, np.number):
        raise ValueError(f"{name}: expected numeric 0/1 labels, got dtype {arr.dtype}.")
    bad = ~((arr == 0) | (arr == 1))
    if bad.any():
        examples = ", ".join(repr(v.item()) for v in np.unique(arr[bad])[:3])
        raise ValueError(
            f"{name}: expected labels 0 or 1, got {int(bad.sum())} other value(s) "
            f"(e.g. {examples})."
        )
    return arr.astype(np.int8)


def check_probabilities(p: npt.ArrayLike, name: str = "p") -> np.ndarray:
    """``p`` as a 1-D float64 array in [0, 1], or a ValueError saying what came instead."""
    arr = _non_empty_1d(p, name, "probabilities", "probability")
    if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise ValueError(f"{name}: expected numeric probabilities, got dtype {arr.dtype}.")
    arr = arr.astype(np.float64)
    if not np.isfinite(arr).all():
        raise ValueError(
            f"{name}: expected finite probabilities, got {int((~np.isfinite(arr)).sum())} "
            "NaN or infinite value(s)."
        )
    lo, hi = float(arr.min()), float(arr.max())
    if lo < 0.0 or hi > 1.0:
        raise ValueError(
            f"{name}: expected probabilities in [0, 1], got values from {lo:.4g} to {hi:.4g} "
            "(logits? apply a sigmoid first, or calibrate with kind='logit')."
        )
    return arr


def check_pair(y: npt.ArrayLike, p: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Checked labels and probabilities of equal length (see the two checks above)."""
    ya, pa = check_labels(y), check_probabilities(p)
    if ya.shape != pa.shape:
        raise ValueError(
            f"y and p: expected one probability per label, got {ya.size} labels and "
            f"{pa.size} probabilities."
        )
    return ya, pa


def _check_strategy(n_bins: int, strategy: str) -> None:
    if strategy not in ("uniform", "quantile"):
        raise ValueError(f"strategy: expected 'uniform' or 'quantile', got {strategy!r}.")
    if not isinstance(n_bins, int | np.integer) or n_bins < 1:
        raise ValueError(f"n_bins: expected a positive integer, got {n_bins!r}.")


# ---- metric cores (checked inputs, no logging of their own beyond undefined cases) ---------------
def _steps(y: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative true and false positives at each distinct score, highest score first."""
    order = np.argsort(p)[::-1]  # tie order is irrelevant: runs of equal scores are merged
    p_sorted = p[order]
    last = np.r_[np.flatnonzero(p_sorted[1:] != p_sorted[:-1]), p.size - 1]
    tp = np.cumsum(y[order])[last]
    return tp, (last + 1) - tp


def _auroc(y: np.ndarray, p: np.ndarray) -> float:
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        _warn_undefined("AUROC", f"only one class among {y.size} labels ({n_pos} positive)")
        return math.nan
    # Trapezoids under the ROC steps: a run of tied scores contributes half its square,
    # which is the Mann-Whitney count with ties as one half.
    tp, fp = _steps(y, p)
    tp0, fp0 = np.r_[0, tp], np.r_[0, fp]
    area = np.sum(np.diff(fp0) * (tp0[1:] + tp0[:-1])) / 2
    return float(area / (n_pos * n_neg))


def _average_precision(y: np.ndarray, p: np.ndarray) -> float:
    n_pos = int(y.sum())
    if n_pos == 0:
        _warn_undefined("average precision", f"no positive among {y.size} labels")
        return math.nan
    tp, fp = _steps(y, p)
    precision = tp / (tp + fp)
    recall_step = np.diff(np.r_[0, tp]) / n_pos
    return float(np.sum(recall_step * precision))


def _brier(y: np.ndarray, p: np.ndarray) -> float:
    return float(np.mean((p - y) ** 2))


def _bin_ids(p: np.ndarray, n_bins: int, strategy: str) -> np.ndarray:
    if strategy == "uniform":
        return np.minimum((p * n_bins).astype(np.int64), n_bins - 1)
    edges = np.unique(np.quantile(p, np.linspace(0.0, 1.0, n_bins + 1)))
    # Inner edges only; side="right" keeps equal scores in one bin.
    return np.searchsorted(edges[1:-1], p, side="right")


def _reliability(
    y: np.ndarray, p: np.ndarray, n_bins: int, strategy: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ids = _bin_ids(p, n_bins, strategy)
    count = np.bincount(ids, minlength=n_bins).astype(np.float64)
    sum_p = np.bincount(ids, weights=p, minlength=n_bins)
    sum_y = np.bincount(ids, weights=y.astype(np.float64), minlength=n_bins)
    keep = count > 0
    return sum_p[keep] / count[keep], sum_y[keep] / count[keep], count[keep]


def _ece(y: np.ndarray, p: np.ndarray, n_bins: int = 15, strategy: str = "uniform") -> float:
    mean_p, rate, count = _reliability(y, p, n_bins, strategy)
    return float(np.sum(count * np.abs(rate - mean_p)) / y.size)


# ---- public metrics ----------------------------------------------------------------------------
def auroc(y: npt.ArrayLike, p: npt.ArrayLike) -> float:
    """Area under the ROC curve; NaN (with a warning) when ``y`` has only one class."""
    return _auroc(*check_pair(y, p))


def rank_auroc(y: npt.ArrayLike, scores: npt.ArrayLike) -> float:
    """AUROC of any real scores (logits welcome), ignoring cases whose label is NaN.

    NaN, without a warning, when the known labels hold one class: for training loops, which
    check label classes before they start.
    """
    labels = np.asarray(y, dtype=np.float64).reshape(-1)
    values = np.asarray(scores, dtype=np.float64).reshape(-1)
    if labels.shape != values.shape:
        raise ValueError(f"scores: expected {labels.size} values, got {values.size}.")
    known = ~np.isnan(labels)
    labels, values = labels[known].astype(np.int64), values[known]
    n_pos = int(labels.sum())
    if n_pos == 0 or n_pos == labels.size:
        return math.nan
    return _auroc(labels, values)


def rank_average_precision(y: npt.ArrayLike, scores: npt.ArrayLike) -> float:
    """Average precision of any real scores; NaN without a warning when no label is 1."""
    labels = np.asarray(y, dtype=np.float64).reshape(-1).astype(np.int64)
    values = np.asarray(scores, dtype=np.float64).reshape(-1)
    if labels.shape != values.shape:
        raise ValueError(f"scores: expected {labels.size} values, got {values.size}.")
    if not labels.any():
        return math.nan
    return _average_precision(labels, values)


def average_precision(y: npt.ArrayLike, p: npt.ArrayLike) -> float:
    """Average precision (step-wise, as sklearn); NaN (with a warning) when no label is 1."""
    return _average_precision(*check_pair(y, p))


def brier(y: npt.ArrayLike, p: npt.ArrayLike) -> float:
    """Brier score: mean squared error of the probabilities (lower is better)."""
    return _brier(*check_pair(y, p))


def expected_calibration_error(
    y: npt.ArrayLike, p: npt.ArrayLike, n_bins: int = 15, strategy: BinStrategy = "uniform"
) -> float:
    """Expected calibration error over ``n_bins`` uniform or quantile bins (see module doc)."""
    _check_strategy(n_bins, strategy)
    return _ece(*check_pair(y, p), n_bins=n_bins, strategy=strategy)


def reliability_table(
    y: npt.ArrayLike, p: npt.ArrayLike, n_bins: int = 15, strategy: BinStrategy = "uniform"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(mean predicted, observed rate, count)`` per non-empty bin: the reliability diagram.

    The same bins as :func:`expected_calibration_error`, so a plot and the number agree.
    """
    _check_strategy(n_bins, strategy)
    return _reliability(*check_pair(y, p), n_bins=n_bins, strategy=strategy)


# ---- bootstrap ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class MetricWithCI:
    """A point estimate on the full sample and its percentile bootstrap interval.

    ``low``/``high`` are NaN when no bootstrap was run (``n_boot=0``) or when too few resamples
    gave a defined value (fewer than half: e.g. almost every resample had no positive).
    """

    value: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float | None]:
        """JSON-ready: NaN becomes ``None`` (JSON has no NaN)."""
        return {
            k: _json_float(v)
            for k, v in (("value", self.value), ("low", self.low), ("high", self.high))
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MetricWithCI:
        """Inverse of :meth:`to_dict` (``None`` back to NaN)."""
        return cls(
            *(math.nan if data.get(k) is None else float(data[k]) for k in ("value", "low", "high"))
        )


def _json_float(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


class _Resampler:
    """Bootstrap draws: cases independently, or whole clusters (e.g. families).

    Children of one family share a household, a social worker and often a referral, so their
    outcomes are correlated; resampling children one by one would understate the uncertainty.
    Cluster resampling draws as many clusters as there are, with replacement, and takes every
    case of each drawn cluster (the sample size varies a little between resamples).

    :meth:`draw` gives the resample as indices, :meth:`counts` as how many times each case
    was drawn; with the same seed both describe the same resamples.
    """

    def __init__(self, n: int, clusters: npt.ArrayLike | None, seed: int) -> None:
        self.n = n
        self.rng = np.random.default_rng(seed)
        self.codes: np.ndarray | None = None
        if clusters is None:
            return
        ids = np.asarray(clusters)
        if ids.ndim != 1 or ids.size != n:
            raise ValueError(
                f"groups: expected one cluster id per case ({n}), got shape {ids.shape}."
            )
        _, codes = np.unique(ids, return_inverse=True)
        self.codes = codes.ravel()
        self.order = np.argsort(self.codes, kind="stable")
        self.sizes = np.bincount(self.codes)
        self.starts = np.r_[0, np.cumsum(self.sizes)[:-1]]

    @property
    def n_units(self) -> int:
        """Cases, or clusters when resampling clusters."""
        return self.n if self.codes is None else int(self.sizes.size)

    def _pick(self) -> np.ndarray:
        return self.rng.integers(0, self.n_units, self.n_units)

    def draw(self) -> np.ndarray:
        picked = self._pick()
        if self.codes is None:
            return picked
        lengths = self.sizes[picked]
        # Positions start_c, start_c+1, ..., start_c+len_c-1 for every picked cluster, at once.
        shift = np.repeat(self.starts[picked] - (np.cumsum(lengths) - lengths), lengths)
        return self.order[shift + np.arange(int(lengths.sum()))]

    def counts(self) -> np.ndarray:
        picked = np.bincount(self._pick(), minlength=self.n_units)
        return picked if self.codes is None else picked[self.codes]


class _WeightedBinaryMetrics:
    """AUROC, AP, Brier and ECE of a resample given as draw counts per case, without sorting.

    A bootstrap resample is the original cases with multiplicities, so every metric here is a
    weighted sum over cases sorted once up front: one ``bincount`` and a few cumulative sums
    per resample instead of a sort, which makes 1000 resamples of 50,000 cases take seconds.
    The results equal the metrics of the materialised resample (up to float rounding).
    """

    def __init__(self, y: np.ndarray, p: np.ndarray, n_bins: int, strategy: str) -> None:
        self.y, self.p = y.astype(np.float64), p
        self.n_bins, self.strategy = n_bins, strategy
        self.order = np.argsort(p, kind="stable")  # ascending
        self.p_asc = p[self.order]
        p_desc = self.p_asc[::-1]
        self.y_desc = self.y[self.order][::-1]
        self.last_desc = np.r_[np.flatnonzero(p_desc[1:] != p_desc[:-1]), p.size - 1]
        self.uniform_ids = _bin_ids(p, n_bins, "uniform") if strategy == "uniform" else None
        self.sq_err = (p - self.y) ** 2

    def _quantile_ids(self, c_asc: np.ndarray, total: float) -> np.ndarray:
        # np.quantile (linear) of the expanded resample: its k-th smallest element is the
        # first case whose cumulative count exceeds k.
        cum = np.cumsum(c_asc)
        h = (total - 1) * np.linspace(0.0, 1.0, self.n_bins + 1)
        lo = np.floor(h)
        x_lo = self.p_asc[np.searchsorted(cum, lo, side="right")]
        x_hi = self.p_asc[np.searchsorted(cum, np.minimum(lo + 1, total - 1), side="right")]
        edges = np.unique(x_lo + (h - lo) * (x_hi - x_lo))
        return np.searchsorted(edges[1:-1], self.p, side="right")

    def __call__(self, c: np.ndarray) -> dict[str, float]:
        c = c.astype(np.float64)
        c_asc = c[self.order]
        c_desc = c_asc[::-1]
        tp = np.cumsum(c_desc * self.y_desc)[self.last_desc]
        flagged = np.cumsum(c_desc)[self.last_desc]
        fp = flagged - tp
        total, n_pos = flagged[-1], tp[-1]
        n_neg = total - n_pos
        out = {"auroc": math.nan, "average_precision": math.nan}
        if n_pos > 0 and n_neg > 0:
            tp0, fp0 = np.r_[0.0, tp], np.r_[0.0, fp]
            out["auroc"] = float(np.sum(np.diff(fp0) * (tp0[1:] + tp0[:-1])) / 2 / (n_pos * n_neg))
        if n_pos > 0:
            seen = flagged > 0  # thresholds above every drawn case add no recall
            step = np.diff(np.r_[0.0, tp])[seen]
            out["average_precision"] = float(np.sum(step * tp[seen] / flagged[seen]) / n_pos)
        out["brier"] = float(np.dot(c, self.sq_err) / total)
        ids = self.uniform_ids if self.uniform_ids is not None else self._quantile_ids(c_asc, total)
        sum_p = np.bincount(ids, weights=c * self.p, minlength=self.n_bins)
        sum_y = np.bincount(ids, weights=c * self.y, minlength=self.n_bins)
        out["ece"] = float(np.sum(np.abs(sum_y - sum_p)) / total)
        return out


def _check_boot_args(n_boot: int, alpha: float) -> None:
    if not isinstance(n_boot, int | np.integer) or n_boot < 0:
        raise ValueError(f"n_boot: expected a non-negative integer, got {n_boot!r}.")
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha: expected a level strictly between 0 and 1, got {alpha!r}.")


def _percentile_cis(
    values: Mapping[str, float], draws: Mapping[str, np.ndarray], alpha: float
) -> dict[str, MetricWithCI]:
    out = {}
    for name, boot in draws.items():
        n_boot = boot.size
        ok = boot[np.isfinite(boot)]
        if ok.size < n_boot:
            logger.warning(
                "%s: %d of %d bootstrap resamples were undefined (single-class) and left out.",
                name,
                n_boot - ok.size,
                n_boot,
            )
        if ok.size * 2 < n_boot:
            out[name] = MetricWithCI(values[name], math.nan, math.nan)
            continue
        low, high = np.quantile(ok, [alpha / 2, 1 - alpha / 2])
        out[name] = MetricWithCI(values[name], float(low), float(high))
    return out


def bootstrap_cis(
    metric_fns: Mapping[str, MetricFn],
    y: npt.ArrayLike,
    p: npt.ArrayLike,
    n_boot: int = 1000,
    alpha: float = 0.05,
    seed: int = 0,
    groups: npt.ArrayLike | None = None,
) -> dict[str, MetricWithCI]:
    """Several metrics with percentile intervals computed on the *same* resamples.

    Sharing resamples keeps the metrics' intervals consistent with one another and costs one
    set of draws. ``groups`` (optional) are cluster ids, e.g. ``family_id``: resample whole
    clusters instead of cases (see :class:`_Resampler`). Resamples where a metric is undefined
    (NaN, e.g. no positive drawn) are left out of that metric's interval; the count is logged,
    and with fewer than half defined the interval is NaN.
    """
    ya, pa = check_pair(y, p)
    _check_boot_args(n_boot, alpha)
    values = {name: float(fn(ya, pa)) for name, fn in metric_fns.items()}
    if n_boot == 0:
        return {name: MetricWithCI(v, math.nan, math.nan) for name, v in values.items()}
    resampler = _Resampler(ya.size, groups, seed)
    draws = {name: np.empty(n_boot) for name in metric_fns}
    with _quiet():
        for b in range(n_boot):
            idx = resampler.draw()
            yb, pb = ya[idx], pa[idx]
            for name, fn in metric_fns.items():
                draws[name][b] = fn(yb, pb)
    return _percentile_cis(values, draws, alpha)


def bootstrap_ci(
    metric_fn: MetricFn,
    y: npt.ArrayLike,
    p: npt.ArrayLike,
    n_boot: int = 1000,
    alpha: float = 0.05,
    seed: int = 0,
    groups: npt.ArrayLike | None = None,
) -> MetricWithCI:
    """``metric_fn(y, p)`` with a ``1 - alpha`` percentile bootstrap interval.

    ``groups``: optional cluster ids (e.g. ``family_id``) for a cluster bootstrap, because
    children of one family are not independent. See :func:`bootstrap_cis`.
    """
    return bootstrap_cis({"metric": metric_fn}, y, p, n_boot, alpha, seed, groups)["metric"]


def binary_metrics(
    y: npt.ArrayLike,
    p: npt.ArrayLike,
    *,
    n_bins: int = 15,
    strategy: BinStrategy = "uniform",
    n_boot: int = 1000,
    alpha: float = 0.05,
    seed: int = 0,
    groups: npt.ArrayLike | None = None,
) -> dict[str, MetricWithCI]:
    """``auroc``, ``average_precision``, ``brier`` and ``ece`` with bootstrap intervals.

    ``groups`` are optional cluster ids (e.g. ``family_id``) for a cluster bootstrap. The
    intervals are those :func:`bootstrap_cis` gives with the same seed (the same resamples),
    computed by weighting the cases instead of re-sorting each resample.
    """
    _check_strategy(n_bins, strategy)
    ya, pa = check_pair(y, p)
    _check_boot_args(n_boot, alpha)
    values = {
        "auroc": _auroc(ya, pa),
        "average_precision": _average_precision(ya, pa),
        "brier": _brier(ya, pa),
        "ece": _ece(ya, pa, n_bins, strategy),
    }
    if n_boot == 0:
        return {name: MetricWithCI(v, math.nan, math.nan) for name, v in values.items()}
    resampler = _Resampler(ya.size, groups, seed)
    weighted = _WeightedBinaryMetrics(ya, pa, n_bins, strategy)
    draws = {name: np.empty(n_boot) for name in values}
    for b in range(n_boot):
        for name, value in weighted(resampler.counts()).items():
            draws[name][b] = value
    return _percentile_cis(values, draws, alpha)
