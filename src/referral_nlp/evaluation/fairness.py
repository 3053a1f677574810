"""Performance per group, and the gaps between groups that a governance reviewer must see.

The groups are the characteristics the domain asks about (sex, ethnicity group, age band,
disability, deprivation); they are held out of the model's inputs but kept for this check.
Two functions:

:func:`group_metrics`
    For every attribute and every group: size, prevalence, mean predicted risk, AUROC, average
    precision, Brier score, ECE, and TPR / FPR / precision / flag rate at one threshold.
:func:`fairness_gaps`
    For every group, the gap to **the rest of the cases** (all cases not in that group):

    * ``tpr_gap`` = TPR(group) - TPR(rest) and ``fpr_gap`` = FPR(group) - FPR(rest) at the
      threshold (equalised-odds style gaps);
    * ``calibration_gap`` = (observed - mean predicted)(group) - (observed - mean
      predicted)(rest): calibration-in-the-large of the group relative to the rest.
      ``calibration_in_the_large`` (observed - mean predicted within the group) is reported
      too.

    A group is ``flagged`` when a judged gap exceeds its tolerance in absolute value
    (``tolerance`` for TPR/FPR, default 0.10; ``calibration_tolerance`` for calibration,
    default 0.05) **and** is beyond sampling noise: ``|gap| >= min_z * SE`` (default 1.96; set
    ``min_z=0`` for the tolerance alone). A gap over tolerance but within noise is not flagged
    but marked ``uncertain`` ("more data needed"): a group with 15 positives has a TPR standard
    error near 0.13, and flags that are coin flips would teach readers to ignore flags. The
    ``reason`` says in words which gap, which way, and why.

Why *vs the rest*, not vs the overall figure: the overall figure contains the group itself, so
a large group's gap to it shrinks towards zero (a group of 70% of cases can differ a lot from
everyone else and still sit near the overall rate). Vs the rest, every group is compared with
the cases it is not part of. A consequence: in a two-group attribute both groups carry the same
gap with opposite signs — from outcomes alone one cannot tell which group's records are off.

Why the calibration gap matters: a *recording bias* — one group's outcomes recorded more often
(more scrutiny, more re-referrals logged) at the same underlying risk — leaves that group with
an observed rate above its predicted risk, i.e. a positive ``calibration_gap``; its TPR also
drops, because the extra positives score like negatives. The sign of each gap is kept, so the
reason says which way the group differs.

Small groups are reported but marked ``too small to judge`` (fewer than ``min_group_size``
cases, or the rest below it); a TPR gap also needs ``min_class_size`` positives on both sides,
an FPR gap as many negatives. Group names are category codes (``"female"``, ``"q1"``,
``"10-15"``): only aggregates leave this module, never a case.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from referral_nlp.evaluation.classification_metrics import (
    _auroc,
    _average_precision,
    _brier,
    _ece,
    _json_float,
    _quiet,
    check_pair,
)

logger = logging.getLogger(__name__)

__all__ = [
    "AGE_BANDS",
    "UNKNOWN",
    "AttributeGaps",
    "GroupGap",
    "GroupMetrics",
    "age_band",
    "age_bands",
    "deprivation_quintile",
    "deprivation_quintiles",
    "fairness_gaps",
    "group_codes",
    "group_metrics",
    "sorted_codes",
]

UNKNOWN = "unknown"
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0-4", 0, 4),
    ("5-9", 5, 9),
    ("10-15", 10, 15),
    ("16-17", 16, 17),
)
# An attribute with more distinct values than this is not a category: it is probably an id or
# free text, which must not end up as a group name in a report.
MAX_CATEGORIES = 50


def _missing(value: Any) -> bool:
    if value is None or type(value).__name__ in {"NAType", "NaTType"}:  # pandas' missing
        return True
    try:
        return bool(isinstance(value, float | np.floating) and math.isnan(value))
    except TypeError:
        return False


def _as_number(value: Any) -> float | None:
    if _missing(value) or isinstance(value, bool | np.bool_):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def age_band(age: Any) -> str:
    """``"0-4"``, ``"5-9"``, ``"10-15"``, ``"16-17"`` or ``"unknown"`` (missing, not a whole
    number of years in 0-17)."""
    number = _as_number(age)
    if number is None or number != int(number):
        return UNKNOWN
    for name, low, high in AGE_BANDS:
        if low <= number <= high:
            return name
    return UNKNOWN


def age_bands(ages: Sequence[Any] | np.ndarray) -> np.ndarray:
    """:func:`age_band` of each value, as an array of codes."""
    return np.array([age_band(a) for a in ages], dtype=object)


def deprivation_quintile(decile: Any) -> str:
    """IMD decile (1 = most deprived) to quintile code ``"q1"`` (deciles 1-2) .. ``"q5"`` (9-10),
    or ``"unknown"``. Quintiles halve the number of groups, so each is big enough to judge."""
    number = _as_number(decile)
    if number is None or number != int(number) or not 1 <= number <= 10:
        return UNKNOWN
    return f"q{(int(number) + 1) // 2}"


def deprivation_quintiles(deciles: Sequence[Any] | np.ndarray) -> np.ndarray:
    """:func:`deprivation_quintile` of each value, as an array of codes."""
    return np.array([deprivation_quintile(d) for d in deciles], dtype=object)


def group_codes(values: Sequence[Any] | np.ndarray, attribute: str = "group") -> np.ndarray:
    """Category codes as strings: missing -> ``"unknown"``, booleans -> ``"true"``/``"false"``.

    Raises a ValueError when there are more than 50 distinct values, which means ids or free
    text rather than categories (the message gives the count, never a value).
    """
    arr = np.asarray(values, dtype=object)
    if arr.ndim != 1:
        raise ValueError(f"groups[{attribute!r}]: expected a 1-D array, got shape {arr.shape}.")

    def code(v: Any) -> str:
        if _missing(v):
            return UNKNOWN
        if isinstance(v, bool | np.bool_):
            return "true" if v else "false"
        return str(v)

    values = arr.tolist()
    try:  # map each distinct value once: a report normalises the same columns many times
        # Keyed with the type: True == 1 == 1.0 as dict keys, but their codes differ.
        lookup = {key: code(key[1]) for key in {(type(v), v) for v in values}}
        codes = np.array([lookup[type(v), v] for v in values], dtype=object)
    except TypeError:  # unhashable values
        codes = np.array([code(v) for v in values], dtype=object)
    n_distinct = len(set(codes.tolist()))
    if n_distinct > MAX_CATEGORIES:
        raise ValueError(
            f"groups[{attribute!r}]: expected category codes, got {n_distinct} distinct values "
            f"(more than {MAX_CATEGORIES}); pass a banded or coded attribute, not an id."
        )
    return codes


def _check_groups(
    groups: Mapping[str, Sequence[Any] | np.ndarray], n: int
) -> dict[str, np.ndarray]:
    if not isinstance(groups, Mapping):
        raise ValueError(
            f"groups: expected a mapping attribute -> codes, got {type(groups).__name__}."
        )
    out = {}
    for attribute, values in groups.items():
        codes = group_codes(values, attribute)
        if codes.size != n:
            raise ValueError(
                f"groups[{attribute!r}]: expected one code per case ({n}), got {codes.size}."
            )
        out[attribute] = codes
    return out


def _natural_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Sort "5-9" before "10-15" and "q2" before "q10"; ``unknown`` last."""
    parts = re.split(r"(\d+)", code)
    key = tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts if part)
    return ((1, ""),) if code == UNKNOWN else ((0, ""), *key)


def sorted_codes(codes: np.ndarray) -> list[str]:
    """Distinct group codes in natural order (age bands by age, quintiles by number)."""
    return sorted(set(codes.tolist()), key=_natural_key)


def _check_threshold(threshold: float) -> float:
    try:
        value = float(threshold)
    except (TypeError, ValueError):
        raise ValueError(f"threshold: expected a number, got {threshold!r}.") from None
    if math.isnan(value):
        raise ValueError("threshold: expected a number, got NaN.")
    return value


def _ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


@dataclass(frozen=True)
class GroupMetrics:
    """Scores of one group; NaN where undefined (e.g. AUROC of a group with one class)."""

    attribute: str
    group: str
    n: int
    n_positive: int
    prevalence: float
    mean_predicted: float
    auroc: float
    average_precision: float
    brier: float
    ece: float
    tpr: float
    fpr: float
    precision: float
    flag_rate: float
    too_small: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (NaN becomes ``None``)."""
        return {k: _json_float(v) if isinstance(v, float) else v for k, v in asdict(self).items()}


def _metrics_of(
    attribute: str,
    group: str,
    y: np.ndarray,
    p: np.ndarray,
    threshold: float,
    n_bins: int,
    min_group_size: int,
) -> GroupMetrics:
    flagged = p >= threshold
    pos = y == 1
    tp, fp = int(np.sum(flagged & pos)), int(np.sum(flagged & ~pos))
    n_pos = int(pos.sum())
    with _quiet():  # single-class groups are summarised once by the caller
        auc, ap = _auroc(y, p), _average_precision(y, p)
    return GroupMetrics(
        attribute=attribute,
        group=group,
        n=int(y.size),
        n_positive=n_pos,
        prevalence=float(y.mean()),
        mean_predicted=float(p.mean()),
        auroc=auc,
        average_precision=ap,
        brier=_brier(y, p),
        ece=_ece(y, p, n_bins, "uniform"),
        tpr=_ratio(tp, n_pos),
        fpr=_ratio(fp, y.size - n_pos),
        precision=_ratio(tp, tp + fp),
        flag_rate=(tp + fp) / y.size,
        too_small=y.size < min_group_size,
    )


def group_metrics(
    y: npt.ArrayLike,
    p: npt.ArrayLike,
    groups: Mapping[str, Sequence[Any] | np.ndarray],
    threshold: float,
    min_group_size: int = 30,
    *,
    n_bins: int = 10,
) -> dict[str, dict[str, GroupMetrics]]:
    """``{attribute: {group: GroupMetrics}}`` at ``threshold`` (flag when ``p >= threshold``).

    Groups come in natural order (:func:`sorted_codes`). ECE uses ``n_bins`` uniform bins (10
    by default: groups are smaller than the whole test set). Groups below ``min_group_size``
    are included with ``too_small=True``.
    """
    ya, pa = check_pair(y, p)
    threshold = _check_threshold(threshold)
    codes_by_attr = _check_groups(groups, ya.size)
    out: dict[str, dict[str, GroupMetrics]] = {}
    for attribute, codes in codes_by_attr.items():
        per_group = {}
        for group in sorted_codes(codes):
            mask = codes == group
            per_group[group] = _metrics_of(
                attribute, group, ya[mask], pa[mask], threshold, n_bins, min_group_size
            )
        undefined = [g for g, m in per_group.items() if math.isnan(m.auroc)]
        if undefined:
            logger.warning(
                "%s: AUROC undefined (one outcome class only) for %d group(s): %s.",
                attribute,
                len(undefined),
                ", ".join(undefined),
            )
        out[attribute] = per_group
    return out


@dataclass(frozen=True)
class GroupGap:
    """One group against the rest of the cases; gaps are group minus rest (NaN if not judged).

    ``*_se`` are standard errors: binomial for TPR/FPR; for the calibration gap, the spread
    (observed - predicted) would have if the predictions were right, ``sqrt(sum p(1-p)) / n``.
    ``uncertain``: some gap is over tolerance but within sampling noise (not flagged).
    """

    group: str
    n: int
    n_rest: int
    observed_rate: float
    mean_predicted: float
    calibration_in_the_large: float
    calibration_gap: float
    calibration_gap_se: float
    tpr: float
    tpr_rest: float
    tpr_gap: float
    tpr_gap_se: float
    fpr: float
    fpr_rest: float
    fpr_gap: float
    fpr_gap_se: float
    judged: bool
    flagged: bool
    uncertain: bool
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (NaN becomes ``None``)."""
        return {k: _json_float(v) if isinstance(v, float) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class AttributeGaps:
    """The gaps of every group of one attribute; ``max_*`` are absolute, over judged groups."""

    attribute: str
    threshold: float
    tolerance: float
    calibration_tolerance: float
    max_tpr_gap: float
    max_fpr_gap: float
    max_calibration_gap: float
    flagged: bool
    flagged_groups: list[str]
    groups: dict[str, GroupGap] = field(default_factory=dict)
    reference: str = "rest"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (NaN becomes ``None``)."""
        return {
            "attribute": self.attribute,
            "reference": self.reference,
            "threshold": _json_float(self.threshold),
            "tolerance": self.tolerance,
            "calibration_tolerance": self.calibration_tolerance,
            "max_tpr_gap": _json_float(self.max_tpr_gap),
            "max_fpr_gap": _json_float(self.max_fpr_gap),
            "max_calibration_gap": _json_float(self.max_calibration_gap),
            "flagged": self.flagged,
            "flagged_groups": list(self.flagged_groups),
            "groups": {g: gap.to_dict() for g, gap in self.groups.items()},
        }


def _rate_and_se(successes: int, trials: int) -> tuple[float, float]:
    if trials == 0:
        return math.nan, math.nan
    rate = successes / trials
    return rate, math.sqrt(rate * (1 - rate) / trials)


def _side(m: np.ndarray, y: np.ndarray, p: np.ndarray, flagged: np.ndarray) -> dict[str, Any]:
    """Counts and rates of one side (the group, or the rest) of a comparison."""
    pos = y == 1
    n = int(m.sum())
    n_pos = int((m & pos).sum())
    tpr, tpr_se = _rate_and_se(int((m & pos & flagged).sum()), n_pos)
    fpr, fpr_se = _rate_and_se(int((m & ~pos & flagged).sum()), n - n_pos)
    pm = p[m]
    return {
        "n": n,
        "n_pos": n_pos,
        "n_neg": n - n_pos,
        "tpr": tpr,
        "tpr_se": tpr_se,
        "fpr": fpr,
        "fpr_se": fpr_se,
        "observed": n_pos / n if n else math.nan,
        "predicted": float(pm.mean()) if n else math.nan,
        # SE of (observed - predicted) if the predictions were right: sqrt(sum p(1-p)) / n.
        "citl_se": math.sqrt(float(np.sum(pm * (1 - pm)))) / n if n else math.nan,
    }


def _judge(
    what: str, gap: float, se: float, tolerance: float, min_z: float, describe: str
) -> tuple[bool, str | None]:
    """(flag?, reason or None): over tolerance and, with ``min_z``, beyond sampling noise."""
    if math.isnan(gap) or abs(gap) <= tolerance:
        return False, None
    z = abs(gap) / se if se > 0 else math.inf
    text = f"{what} {abs(gap):.3f} {describe} (tolerance {tolerance:g})"
    if z < min_z:
        return False, f"{text} but within sampling noise (z={z:.1f} < {min_z:g}): more data needed"
    return True, text


def _gap_of(
    group: str,
    mask: np.ndarray,
    y: np.ndarray,
    p: np.ndarray,
    flagged: np.ndarray,
    *,
    tolerance: float,
    calibration_tolerance: float,
    min_group_size: int,
    min_class_size: int,
    min_z: float,
) -> GroupGap:
    g, r = _side(mask, y, p, flagged), _side(~mask, y, p, flagged)
    judged = g["n"] >= min_group_size and r["n"] >= min_group_size
    tpr_ok = judged and min(g["n_pos"], r["n_pos"]) >= min_class_size
    fpr_ok = judged and min(g["n_neg"], r["n_neg"]) >= min_class_size

    def gap(key: str, ok: bool) -> tuple[float, float]:
        if not ok:
            return math.nan, math.nan
        return g[key] - r[key], math.hypot(g[f"{key}_se"], r[f"{key}_se"])

    tpr_gap, tpr_gap_se = gap("tpr", tpr_ok)
    fpr_gap, fpr_gap_se = gap("fpr", fpr_ok)
    citl = g["observed"] - g["predicted"]
    cal_gap, cal_gap_se = math.nan, math.nan
    if judged:
        cal_gap = citl - (r["observed"] - r["predicted"])
        cal_gap_se = math.hypot(g["citl_se"], r["citl_se"])

    if not judged:
        return GroupGap(
            group,
            g["n"],
            r["n"],
            g["observed"],
            g["predicted"],
            citl,
            cal_gap,
            cal_gap_se,
            g["tpr"],
            r["tpr"],
            tpr_gap,
            tpr_gap_se,
            g["fpr"],
            r["fpr"],
            fpr_gap,
            fpr_gap_se,
            judged=False,
            flagged=False,
            uncertain=False,
            reason=f"too small to judge (n={g['n']}, rest n={r['n']}; need {min_group_size} each)",
        )
    verdicts = [
        _judge(
            "TPR",
            tpr_gap,
            tpr_gap_se,
            tolerance,
            min_z,
            f"{'higher' if tpr_gap > 0 else 'lower'} than the rest",
        ),
        _judge(
            "FPR",
            fpr_gap,
            fpr_gap_se,
            tolerance,
            min_z,
            f"{'higher' if fpr_gap > 0 else 'lower'} than the rest",
        ),
        _judge(
            "calibration-in-the-large",
            cal_gap,
            cal_gap_se,
            calibration_tolerance,
            min_z,
            "off relative to the rest: outcomes recorded "
            + (
                "more often than predicted (under-predicted; possible recording bias)"
                if cal_gap > 0
                else "less often than predicted (over-predicted)"
            ),
        ),
    ]
    flag = any(v[0] for v in verdicts)
    reasons = [text for _, text in verdicts if text]
    uncertain = bool(reasons) and not flag
    if not reasons:
        skipped = [name for name, ok in (("TPR", tpr_ok), ("FPR", fpr_ok)) if not ok]
        reasons.append("within tolerance")
        if skipped:
            reasons.append(
                f"{' and '.join(skipped)} gap not judged (fewer than {min_class_size} cases "
                "of a class)"
            )
    return GroupGap(
        group,
        g["n"],
        r["n"],
        g["observed"],
        g["predicted"],
        citl,
        cal_gap,
        cal_gap_se,
        g["tpr"],
        r["tpr"],
        tpr_gap,
        tpr_gap_se,
        g["fpr"],
        r["fpr"],
        fpr_gap,
        fpr_gap_se,
        judged=True,
        flagged=flag,
        uncertain=uncertain,
        reason="; ".join(reasons),
    )


def _max_abs(values: list[float]) -> float:
    finite = [abs(v) for v in values if not math.isnan(v)]
    return max(finite) if finite else math.nan


def fairness_gaps(
    y: npt.ArrayLike,
    p: npt.ArrayLike,
    groups: Mapping[str, Sequence[Any] | np.ndarray],
    threshold: float,
    *,
    tolerance: float = 0.10,
    calibration_tolerance: float = 0.05,
    min_group_size: int = 30,
    min_class_size: int = 10,
    min_z: float = 1.96,
) -> dict[str, AttributeGaps]:
    """``{attribute: AttributeGaps}``: each group vs the rest at ``threshold`` (module doc).

    A judged gap is flagged when over its tolerance and at least ``min_z`` standard errors
    from zero (``min_z=0``: tolerance only).

    ``p`` should be the calibrated probabilities the service would show, and ``threshold`` an
    operating point chosen on validation. Flags are logged at WARNING.
    """
    ya, pa = check_pair(y, p)
    threshold = _check_threshold(threshold)
    for name, value in (("tolerance", tolerance), ("calibration_tolerance", calibration_tolerance)):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name}: expected a gap in [0, 1], got {value!r}.")
    if not min_z >= 0:
        raise ValueError(
            f"min_z: expected a non-negative number of standard errors, got {min_z!r}."
        )
    codes_by_attr = _check_groups(groups, ya.size)
    flagged_cases = pa >= threshold
    out = {}
    for attribute, codes in codes_by_attr.items():
        gaps = {
            group: _gap_of(
                group,
                codes == group,
                ya,
                pa,
                flagged_cases,
                tolerance=tolerance,
                calibration_tolerance=calibration_tolerance,
                min_group_size=min_group_size,
                min_class_size=min_class_size,
                min_z=min_z,
            )
            for group in sorted_codes(codes)
        }
        flagged_groups = [g for g, gap in gaps.items() if gap.flagged]
        for g in flagged_groups:
            logger.warning("Fairness flag: %s=%s: %s.", attribute, g, gaps[g].reason)
        out[attribute] = AttributeGaps(
            attribute=attribute,
            threshold=threshold,
            tolerance=float(tolerance),
            calibration_tolerance=float(calibration_tolerance),
            max_tpr_gap=_max_abs([gap.tpr_gap for gap in gaps.values()]),
            max_fpr_gap=_max_abs([gap.fpr_gap for gap in gaps.values()]),
            max_calibration_gap=_max_abs([gap.calibration_gap for gap in gaps.values()]),
            flagged=bool(flagged_groups),
            flagged_groups=flagged_groups,
            groups=gaps,
        )
    return out
