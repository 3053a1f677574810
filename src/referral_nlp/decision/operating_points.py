"""Decision thresholds chosen on the validation split, and what they do on any split.

A reviewer acts on a flag, not on a probability, so the report has to say how good the flags
would be at a threshold a team could actually use. Two policies, both fixed on validation
(never on test, whose numbers must stay an honest estimate):

* **precision target** (:func:`threshold_for_precision`): the lowest threshold whose flags are
  right at least ``target`` of the time — e.g. 65%, the bar that the 2020 evaluation of models
  in four English local authorities found none of them reached. The lowest such threshold
  gives the most recall at that precision. A threshold must flag at least ``min_support``
  validation cases, so one lucky top case cannot "reach" 100% precision. When no threshold
  reaches the target the result says so (``reachable=False`` and a ``note``) and carries the
  threshold with the best precision instead; nothing raises.
* **capacity** (:func:`threshold_for_capacity`): flag the top ``top_fraction`` (e.g. 10%) of
  cases, because a team can review only so many. Capacity is a budget, so ties at the boundary
  are never split and never push the flag rate over it: the flag rate can fall short of the
  target when many cases share one score (as after isotonic calibration), and ``note`` says so.

A case is flagged when ``p >= threshold``. Thresholds are values of the same scores they were
chosen on (calibrated probabilities in the report), so they carry over to new cases.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from referral_nlp.classification_metrics import (
    _json_float,
    check_pair,
    check_probabilities,
)

logger = logging.getLogger(__name__)

__all__ = [
    "OperatingPoint",
    "evaluate_at_threshold",
    "threshold_for_capacity",
    "threshold_for_precision",
]


@dataclass(frozen=True)
class OperatingPoint:
    """A threshold chosen on validation and what it achieved there.

    ``precision``/``recall`` are NaN when validation labels were not given (capacity without
    ``y``) or are undefined (nothing flagged, no positive). ``reachable`` is False when the
    target could not be met; ``note`` then explains (and may note ties otherwise).
    """

    name: str
    kind: Literal["precision", "capacity"]
    target: float
    threshold: float
    precision: float
    recall: float
    flag_rate: float
    n_flagged: int
    n: int
    reachable: bool = True
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (NaN becomes ``None``)."""
        out = asdict(self)
        for key in ("target", "threshold", "precision", "recall", "flag_rate"):
            out[key] = _json_float(out[key])
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OperatingPoint:
        """Inverse of :meth:`to_dict`."""
        values = dict(data)
        for key in ("target", "threshold", "precision", "recall", "flag_rate"):
            values[key] = math.nan if values.get(key) is None else float(values[key])
        return cls(**values)


def _ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


def evaluate_at_threshold(
    y: npt.ArrayLike, p: npt.ArrayLike, threshold: float
) -> dict[str, float | int]:
    """Confusion counts and rates when cases with ``p >= threshold`` are flagged.

    Keys: ``n, tp, fp, fn, tn`` (ints), ``precision`` (NaN when nothing is flagged), ``recall``
    and its synonym ``tpr`` (NaN without positives), ``fpr`` (NaN without negatives), and
    ``flag_rate`` (share flagged).
    """
    ya, pa = check_pair(y, p)
    if not isinstance(threshold, int | float | np.floating | np.integer) or math.isnan(threshold):
        raise ValueError(f"threshold: expected a number, got {threshold!r}.")
    flagged = pa >= threshold
    pos = ya == 1
    tp = int(np.sum(flagged & pos))
    fp = int(np.sum(flagged & ~pos))
    fn = int(np.sum(~flagged & pos))
    tn = int(np.sum(~flagged & ~pos))
    recall = _ratio(tp, tp + fn)
    return {
        "n": int(ya.size),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": _ratio(tp, tp + fp),
        "recall": recall,
        "tpr": recall,
        "fpr": _ratio(fp, fp + tn),
        "flag_rate": (tp + fp) / ya.size,
    }


def _cumulative(p: np.ndarray, y: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct thresholds (descending), flagged counts and true positives at each."""
    order = np.argsort(-p, kind="mergesort")
    p_sorted = p[order]
    last = np.r_[np.flatnonzero(np.diff(p_sorted)), p.size - 1]
    n_flagged = last + 1
    tp = np.cumsum(y[order])[last] if y is not None else np.full(last.size, np.nan)
    return p_sorted[last], n_flagged, tp


def threshold_for_precision(
    y: npt.ArrayLike,
    p: npt.ArrayLike,
    target: float = 0.65,
    *,
    min_support: int = 20,
    name: str | None = None,
) -> OperatingPoint:
    """The lowest validation threshold with precision >= ``target`` and >= ``min_support`` flags.

    ``min_support`` is capped at the number of cases. If no threshold qualifies, the result has
    ``reachable=False`` and the threshold with the best precision among those with enough
    support (the highest such threshold on a tie), with a ``note`` giving the best precision.
    """
    ya, pa = check_pair(y, p)
    if not 0.0 < target <= 1.0:
        raise ValueError(f"target: expected a precision in (0, 1], got {target!r}.")
    if min_support < 1:
        raise ValueError(f"min_support: expected a positive integer, got {min_support!r}.")
    name = name or f"precision_{round(target * 100):d}"
    thresholds, n_flagged, tp = _cumulative(pa, ya)
    n_pos = int(ya.sum())
    support = min(min_support, ya.size)
    precision = tp / n_flagged
    enough = n_flagged >= support
    ok = enough & (precision >= target - 1e-12)
    if ok.any():
        k = int(np.flatnonzero(ok)[-1])
        reachable, shortfall = True, ""
    else:
        candidates = np.flatnonzero(enough)
        k = int(candidates[np.argmax(precision[candidates])])
        reachable = False
        shortfall = (
            f"precision target {target:.0%} not reachable on validation with at least "
            f"{support} flagged cases; best precision {precision[k]:.1%} at this threshold"
        )
        logger.warning("Operating point %s: %s.", name, shortfall)
    return OperatingPoint(
        name=name,
        kind="precision",
        target=float(target),
        threshold=float(thresholds[k]),
        precision=float(precision[k]),
        recall=_ratio(float(tp[k]), n_pos),
        flag_rate=float(n_flagged[k] / ya.size),
        n_flagged=int(n_flagged[k]),
        n=int(ya.size),
        reachable=reachable,
        note=shortfall,
    )


def threshold_for_capacity(
    p: npt.ArrayLike,
    top_fraction: float = 0.10,
    *,
    y: npt.ArrayLike | None = None,
    name: str | None = None,
) -> OperatingPoint:
    """The threshold that flags the top ``top_fraction`` of validation cases, never more.

    Ties are not split: the flag rate is the largest achievable that does not exceed
    ``top_fraction``. If even the single highest score is shared by more cases than the budget,
    that score is used anyway, with ``reachable=False`` and a ``note``. With ``y`` (validation
    labels), precision and recall at the threshold are filled in.
    """
    pa = check_probabilities(p)
    ya = None
    if y is not None:
        ya, pa = check_pair(y, pa)
    if not 0.0 < top_fraction <= 1.0:
        raise ValueError(f"top_fraction: expected a share in (0, 1], got {top_fraction!r}.")
    name = name or f"top_{round(top_fraction * 100):d}pct"
    budget = max(1, math.floor(top_fraction * pa.size + 1e-9))
    thresholds, n_flagged, tp = _cumulative(pa, ya)
    within = np.flatnonzero(n_flagged <= budget)
    reachable, shortfall = True, ""
    if within.size:
        k = int(within[-1])
        if n_flagged[k] < 0.8 * budget:
            shortfall = (
                f"tied scores at the boundary: flags {n_flagged[k] / pa.size:.1%} of cases, "
                f"short of the {top_fraction:.0%} capacity"
            )
    else:
        k = 0
        reachable = False
        shortfall = (
            f"the highest score is shared by {n_flagged[0]} cases ({n_flagged[0] / pa.size:.1%}),"
            f" more than the {top_fraction:.0%} capacity"
        )
    if shortfall:
        logger.warning("Operating point %s: %s.", name, shortfall)
    n_pos = int(ya.sum()) if ya is not None else 0
    return OperatingPoint(
        name=name,
        kind="capacity",
        target=float(top_fraction),
        threshold=float(thresholds[k]),
        precision=float(tp[k] / n_flagged[k]) if ya is not None else math.nan,
        recall=_ratio(float(tp[k]), n_pos) if ya is not None else math.nan,
        flag_rate=float(n_flagged[k] / pa.size),
        n_flagged=int(n_flagged[k]),
        n=int(pa.size),
        reachable=reachable,
        note=shortfall,
    )
