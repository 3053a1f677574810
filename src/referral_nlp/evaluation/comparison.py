"""Is one model better than another on the same cases? A paired, family-clustered bootstrap.

Both models score the same test cases, so their errors are correlated; comparing two separate
intervals would be far too cautious (and two overlapping intervals say nothing). The honest
test resamples **families** (siblings share outcomes and notes), recomputes both models'
metric on each resample, and takes the percentile interval of the *difference*. When the
interval lies above 0 the first model is better on this test split; when it contains 0 the
data cannot tell them apart; when it lies below 0 the first model is worse.

:func:`compare_to_best` picks the strongest baseline on the test split itself (the hardest
comparison for the model: no baseline is dismissed by a validation fluke) and writes a verdict
in plain words for the report and the card.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["compare_to_best", "paired_difference", "verdict"]

Metric = Callable[[np.ndarray, np.ndarray], float]


def _auroc(y: np.ndarray, p: np.ndarray) -> float:
    from referral_nlp.classification_metrics import rank_auroc

    return rank_auroc(y, p)


def _average_precision(y: np.ndarray, p: np.ndarray) -> float:
    from referral_nlp.classification_metrics import rank_average_precision

    return rank_average_precision(y, p)


METRICS: dict[str, Metric] = {"auroc": _auroc, "average_precision": _average_precision}


def paired_difference(
    y: Sequence[int] | np.ndarray,
    a: Sequence[float] | np.ndarray,
    b: Sequence[float] | np.ndarray,
    *,
    clusters: Sequence[Any] | np.ndarray | None = None,
    metric: str = "auroc",
    n_boot: int = 1000,
    alpha: float = 0.05,
    seed: int = 0,
) -> dict[str, float | int | None]:
    """``metric(a) - metric(b)`` on the same cases, with a paired cluster-bootstrap interval.

    ``clusters`` (one id per case, e.g. the family) are resampled whole; without them cases
    are. Returns ``{"difference", "low", "high", "a", "b", "n_boot"}``; the interval is None
    when fewer than 2 clusters exist or ``n_boot`` is 0.
    """
    if metric not in METRICS:
        raise ValueError(f"metric: expected one of {list(METRICS)}, got {metric!r}.")
    fn = METRICS[metric]
    y_arr = np.asarray(y, dtype=np.float64)
    a_arr, b_arr = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if not (y_arr.shape == a_arr.shape == b_arr.shape) or y_arr.ndim != 1:
        raise ValueError(
            f"y, a, b: expected three 1-D arrays of one length, got shapes {y_arr.shape}, "
            f"{a_arr.shape}, {b_arr.shape}."
        )
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha: expected a value in (0, 1), got {alpha!r}.")
    score_a, score_b = fn(y_arr, a_arr), fn(y_arr, b_arr)
    out: dict[str, float | int | None] = {
        "difference": score_a - score_b,
        "a": score_a,
        "b": score_b,
        "low": None,
        "high": None,
        "n_boot": 0,
    }
    ids = np.arange(y_arr.size) if clusters is None else np.asarray(clusters)
    if ids.shape != y_arr.shape:
        raise ValueError(f"clusters: expected one id per case ({y_arr.size}), got {ids.size}.")
    _, inverse = np.unique(ids, return_inverse=True)
    members = [np.flatnonzero(inverse == k) for k in range(inverse.max() + 1)] if ids.size else []
    if n_boot <= 0 or len(members) < 2:
        return out
    rng = np.random.default_rng(seed)
    diffs = []
    for _ in range(n_boot):
        pick = rng.integers(0, len(members), len(members))
        idx = np.concatenate([members[k] for k in pick])
        yy = y_arr[idx]
        if yy.min() == yy.max():
            continue
        d = fn(yy, a_arr[idx]) - fn(yy, b_arr[idx])
        if math.isfinite(d):
            diffs.append(d)
    if diffs:
        out["low"] = float(np.percentile(diffs, 100 * alpha / 2))
        out["high"] = float(np.percentile(diffs, 100 * (1 - alpha / 2)))
        out["n_boot"] = len(diffs)
    return out


def verdict(model: str, baseline: str, diff: Mapping[str, Any], metric: str = "AUROC") -> str:
    """One plain sentence on a paired difference (``diff`` from :func:`paired_difference`)."""
    d, low, high = diff["difference"], diff.get("low"), diff.get("high")
    interval = "" if low is None else f" (95% interval {low:+.3f} to {high:+.3f})"
    if low is None:
        return (
            f"{model} scores {d:+.3f} {metric} against {baseline}; there are too few families "
            f"to put an interval on it."
        )
    if low > 0:
        return f"{model} beats {baseline} by {d:+.3f} {metric}{interval}."
    if high < 0:
        return f"{model} does NOT beat {baseline}: it is worse by {-d:.3f} {metric}{interval}."
    return (
        f"{model} does NOT measurably beat {baseline}: {d:+.3f} {metric}{interval}; the "
        f"interval includes 0, so this test split cannot tell them apart."
    )


def compare_to_best(
    y: np.ndarray,
    model_scores: np.ndarray,
    baselines: Mapping[str, np.ndarray],
    *,
    clusters: np.ndarray | None,
    model_name: str = "the model",
    n_boot: int = 1000,
    alpha: float = 0.05,
    seed: int = 0,
) -> dict[str, Any]:
    """The model against the baseline with the best test AUROC: AUROC and AP differences."""
    if not baselines:
        return {}
    ranked = sorted(baselines, key=lambda name: -_auroc(np.asarray(y, float), baselines[name]))
    best = ranked[0]
    out: dict[str, Any] = {"best_baseline": best, "chosen_by": "test AUROC"}
    for metric, label in (("auroc", "AUROC"), ("average_precision", "AP")):
        diff = paired_difference(
            y, model_scores, baselines[best], clusters=clusters, metric=metric, n_boot=n_boot,
            alpha=alpha, seed=seed,
        )  # fmt: skip
        diff["verdict"] = verdict(model_name, best, diff, label)
        out[metric] = diff
    low = out["auroc"]["low"]
    out["beats_best_baseline"] = bool(low is not None and low > 0)
    return out
