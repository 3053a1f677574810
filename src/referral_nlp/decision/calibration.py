"""Post-hoc calibration of a risk model's scores, fitted on the validation split only.

A reviewer reads "0.3" as "three in ten such cases come back"; a fine-tuned transformer is
usually over-confident, so its scores are mapped to calibrated probabilities by a one-dimensional
monotone function learnt on held-out data:

* :class:`TemperatureScaler` divides the logit by one temperature ``T`` fitted by minimising
  the negative log-likelihood (``T > 1`` softens over-confident scores). One parameter: hard to
  overfit, keeps the ranking (AUROC, operating-point order) exactly, but cannot fix a shifted
  base rate or a non-sigmoid distortion.
* :class:`IsotonicCalibrator` fits a non-decreasing step function (sklearn's
  ``IsotonicRegression``, interpolated linearly between its thresholds and clipped outside
  them, and kept half a validation case away from 0 and 1). Fixes any monotone distortion, but
  needs more data, and its flat steps tie scores (AUROC may drop slightly; a capacity threshold
  may not split a step).

**Fit on validation only.** The training split's scores are over-fitted and the test split must
stay untouched for the final numbers; :func:`fit_best_calibrator` therefore compares the
methods by K-fold *cross-fitting inside the validation split* (fit on K-1 folds, score the
held-out fold) and then refits the chosen method on the whole validation split.

Calibrators serialise to plain JSON dicts (``to_dict``/``calibrator_from_dict``) — never pickle,
because a pickled file can run code when a swapped artefact is loaded.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from referral_nlp.classification_metrics import (
    brier,
    check_labels,
    check_probabilities,
    expected_calibration_error,
)
from referral_nlp.errors import UserError

logger = logging.getLogger(__name__)

__all__ = [
    "CalibrationSelection",
    "Calibrator",
    "IsotonicCalibrator",
    "ScoreKind",
    "TemperatureScaler",
    "calibrator_from_dict",
    "fit_best_calibrator",
    "to_logits",
    "to_probabilities",
]

ScoreKind = Literal["probability", "logit"]
# Probabilities are clipped this far from 0 and 1 before taking logits: a float32 sigmoid
# saturates near |logit| 17, and an exact 0 or 1 would otherwise become an infinite logit.
_EPS = 1e-7
# Temperatures searched, on a log scale: wider than any sane model needs.
_LOG_T_BOUNDS = (math.log(1e-2), math.log(1e2))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function without overflow (numpy only: scipy.special costs 0.2 s to import)."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p) - np.log1p(-p)


def _check_kind(kind: str) -> None:
    if kind not in ("probability", "logit"):
        raise ValueError(f"kind: expected 'probability' or 'logit', got {kind!r}.")


def _check_scores(scores: npt.ArrayLike, kind: str, name: str = "scores") -> np.ndarray:
    _check_kind(kind)
    if kind == "probability":
        return check_probabilities(scores, name)
    arr = np.asarray(scores)
    if arr.ndim != 1 or arr.size == 0 or not np.issubdtype(arr.dtype, np.number):
        raise ValueError(
            f"{name}: expected a non-empty 1-D numeric array of logits, got shape {arr.shape} "
            f"and dtype {arr.dtype}."
        )
    arr = arr.astype(np.float64)
    if not np.isfinite(arr).all():
        raise ValueError(f"{name}: expected finite logits, got NaN or infinite values.")
    return arr


def to_logits(scores: npt.ArrayLike, kind: ScoreKind = "probability") -> np.ndarray:
    """Logits of probabilities (clipped to ``[1e-7, 1 - 1e-7]`` first), or logits unchanged."""
    arr = _check_scores(scores, kind)
    return _logit(np.clip(arr, _EPS, 1 - _EPS)) if kind == "probability" else arr


def to_probabilities(scores: npt.ArrayLike, kind: ScoreKind = "probability") -> np.ndarray:
    """Probabilities unchanged (checked), or the sigmoid of logits."""
    arr = _check_scores(scores, kind)
    return _sigmoid(arr) if kind == "logit" else arr


def _check_fit_inputs(
    y: npt.ArrayLike, scores: npt.ArrayLike, kind: str
) -> tuple[np.ndarray, np.ndarray]:
    ya = check_labels(y, "validation labels")
    sa = _check_scores(scores, kind, "validation scores")
    if ya.size != sa.size:
        raise ValueError(
            f"expected one validation score per label, got {ya.size} labels and {sa.size} scores."
        )
    n_pos = int(ya.sum())
    if n_pos == 0 or n_pos == ya.size:
        raise UserError(
            f"cannot calibrate on validation labels of one class only ({n_pos} positive of "
            f"{ya.size}); the validation split needs both outcomes."
        )
    return ya, sa


@runtime_checkable
class Calibrator(Protocol):
    """A fitted map from raw scores (of kind ``kind``) to calibrated probabilities."""

    method: ClassVar[str]
    kind: ScoreKind

    def fit(self, y: npt.ArrayLike, scores: npt.ArrayLike) -> Calibrator:
        """Fit on validation labels and scores; returns ``self``."""
        ...

    def transform(self, scores: npt.ArrayLike) -> np.ndarray:
        """Calibrated probabilities for raw scores of the same kind as at fit time."""
        ...

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable parameters, including ``method`` and ``kind``."""
        ...

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibrator:
        """Rebuild from :meth:`to_dict`; the transform is identical."""
        ...


class TemperatureScaler:
    """``sigmoid(logit / T)`` with one temperature fitted by minimum validation NLL.

    The negative log-likelihood is convex in ``1/T``, hence unimodal in ``log T``; a bounded
    Brent search over ``log T`` in [log 0.01, log 100] finds it (scipy ships with scikit-learn).
    """

    method: ClassVar[str] = "temperature"

    def __init__(self, kind: ScoreKind = "probability", temperature: float | None = None) -> None:
        _check_kind(kind)
        self.kind: ScoreKind = kind
        self.temperature = temperature

    def fit(self, y: npt.ArrayLike, scores: npt.ArrayLike) -> TemperatureScaler:
        from scipy.optimize import minimize_scalar  # ~0.4 s to import: only when fitting

        ya, sa = _check_fit_inputs(y, scores, self.kind)
        z = to_logits(sa, self.kind)
        yf = ya.astype(np.float64)

        def nll(log_t: float) -> float:
            s = z / math.exp(log_t)
            return float(np.mean(np.logaddexp(0.0, s) - yf * s))

        result = minimize_scalar(
            nll, bounds=_LOG_T_BOUNDS, method="bounded", options={"xatol": 1e-6}
        )
        self.temperature = float(math.exp(result.x))
        if min(abs(result.x - b) for b in _LOG_T_BOUNDS) < 1e-3:
            logger.warning(
                "Temperature %.3g is at the edge of the search range: the scores carry almost "
                "no signal about the labels, or are wildly over-confident.",
                self.temperature,
            )
        logger.info(
            "Temperature scaling fitted: T=%.4f on %d validation cases.", self.temperature, ya.size
        )
        return self

    def transform(self, scores: npt.ArrayLike) -> np.ndarray:
        if self.temperature is None:
            raise ValueError("TemperatureScaler: not fitted; call fit() on validation first.")
        return _sigmoid(to_logits(scores, self.kind) / self.temperature)

    def to_dict(self) -> dict[str, Any]:
        if self.temperature is None:
            raise ValueError("TemperatureScaler: not fitted; nothing to serialise.")
        return {"method": self.method, "kind": self.kind, "temperature": self.temperature}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TemperatureScaler:
        _expect_method(data, cls.method)
        temperature = float(data["temperature"])
        if not (math.isfinite(temperature) and temperature > 0):
            raise UserError(f"temperature: expected a positive number, got {temperature!r}.")
        return cls(kind=data.get("kind", "probability"), temperature=temperature)

    def __repr__(self) -> str:
        return f"TemperatureScaler(kind={self.kind!r}, temperature={self.temperature!r})"


class IsotonicCalibrator:
    """Non-decreasing step map learnt by isotonic regression on validation probabilities.

    Logit inputs are turned into probabilities first (a monotone change, so the fit is the
    same) so that the stored thresholds are readable probabilities. The transform is
    ``np.interp`` over the stored thresholds — linear between them, clipped outside, as
    sklearn's ``out_of_bounds="clip"`` — both after fitting and after loading, so a JSON round
    trip gives bit-identical outputs.
    """

    method: ClassVar[str] = "isotonic"

    def __init__(
        self,
        kind: ScoreKind = "probability",
        x_thresholds: npt.ArrayLike | None = None,
        y_thresholds: npt.ArrayLike | None = None,
    ) -> None:
        _check_kind(kind)
        self.kind: ScoreKind = kind
        self.x_thresholds = None if x_thresholds is None else np.asarray(x_thresholds, float)
        self.y_thresholds = None if y_thresholds is None else np.asarray(y_thresholds, float)

    def fit(self, y: npt.ArrayLike, scores: npt.ArrayLike) -> IsotonicCalibrator:
        from sklearn.isotonic import IsotonicRegression

        ya, sa = _check_fit_inputs(y, scores, self.kind)
        # A step with no event among its cases says "rarely", not "never": no child is given a
        # probability of exactly 0 or 1. Half a case in the whole validation split is the floor
        # (0.6% with 86 cases, 0.03% with 1,555), too small to move a well-filled step.
        floor = 0.5 / ya.size
        iso = IsotonicRegression(
            y_min=floor, y_max=1.0 - floor, increasing=True, out_of_bounds="clip"
        )
        iso.fit(to_probabilities(sa, self.kind), ya.astype(np.float64))
        self.x_thresholds = np.asarray(iso.X_thresholds_, dtype=np.float64)
        self.y_thresholds = np.asarray(iso.y_thresholds_, dtype=np.float64)
        logger.info(
            "Isotonic calibration fitted: %d thresholds on %d validation cases.",
            self.x_thresholds.size,
            ya.size,
        )
        return self

    def transform(self, scores: npt.ArrayLike) -> np.ndarray:
        if self.x_thresholds is None or self.y_thresholds is None:
            raise ValueError("IsotonicCalibrator: not fitted; call fit() on validation first.")
        return np.interp(to_probabilities(scores, self.kind), self.x_thresholds, self.y_thresholds)

    def to_dict(self) -> dict[str, Any]:
        if self.x_thresholds is None or self.y_thresholds is None:
            raise ValueError("IsotonicCalibrator: not fitted; nothing to serialise.")
        return {
            "method": self.method,
            "kind": self.kind,
            "x_thresholds": self.x_thresholds.tolist(),
            "y_thresholds": self.y_thresholds.tolist(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IsotonicCalibrator:
        _expect_method(data, cls.method)
        x = np.asarray(data["x_thresholds"], dtype=np.float64)
        y = np.asarray(data["y_thresholds"], dtype=np.float64)
        if x.ndim != 1 or x.shape != y.shape or x.size == 0:
            raise UserError(
                "isotonic thresholds: expected two non-empty lists of equal length, got "
                f"{x.size} and {y.size} values."
            )
        if np.any(np.diff(x) < 0) or np.any(np.diff(y) < 0):
            raise UserError("isotonic thresholds: expected non-decreasing x and y values.")
        return cls(kind=data.get("kind", "probability"), x_thresholds=x, y_thresholds=y)

    def __repr__(self) -> str:
        n = None if self.x_thresholds is None else self.x_thresholds.size
        return f"IsotonicCalibrator(kind={self.kind!r}, n_thresholds={n})"


_METHODS: dict[str, type[TemperatureScaler] | type[IsotonicCalibrator]] = {
    "temperature": TemperatureScaler,
    "isotonic": IsotonicCalibrator,
}


def _expect_method(data: Mapping[str, Any], method: str) -> None:
    if data.get("method") != method:
        raise UserError(f"method: expected {method!r}, got {data.get('method')!r}.")


def calibrator_from_dict(data: Mapping[str, Any]) -> TemperatureScaler | IsotonicCalibrator:
    """Rebuild any calibrator from its ``to_dict`` form, dispatching on ``data["method"]``."""
    method = data.get("method")
    if method not in _METHODS:
        raise UserError(f"method: expected one of {sorted(_METHODS)}, got {method!r}.")
    return _METHODS[method].from_dict(data)


@dataclass
class CalibrationSelection:
    """The calibrator chosen on validation, refitted on all of it, and why it was chosen.

    ``scores`` maps each candidate method to its cross-fitted validation ``ece`` and ``brier``
    (out-of-fold predictions, so isotonic's extra flexibility is not rewarded for overfitting).
    """

    calibrator: TemperatureScaler | IsotonicCalibrator
    method: str
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: method, parameters, cross-fitted scores and the selection rule."""
        return {
            "method": self.method,
            "params": self.calibrator.to_dict(),
            "cross_fitted_validation": self.scores,
            "rule": self.rule,
        }


def _stratified_folds(y: np.ndarray, n_folds: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    fold = np.empty(y.size, dtype=np.int64)
    for cls in (0, 1):
        idx = np.flatnonzero(y == cls)
        rng.shuffle(idx)
        fold[idx] = np.arange(idx.size) % n_folds
    return fold


def choose_method(
    scores: Mapping[str, Mapping[str, float]], criterion: str, tolerance: float
) -> str:
    """``"isotonic"`` or ``"temperature"`` from their cross-fitted validation scores.

    Isotonic must beat temperature on ``criterion`` by more than ``tolerance`` and, when the
    criterion is ECE, must not lose on Brier. Why the second condition: binned ECE rewards a
    step function whose steps line up with the bins, even when the steps throw away ranking
    (a proper score such as Brier charges for that). On the main job's corpus isotonic won
    cross-fitted ECE on both labels while losing Brier, and on test it tied cases into a few
    dozen values, some at exactly 0, and cost AUROC and AP for no better ECE.
    """
    better = scores["isotonic"][criterion] - scores["temperature"][criterion] < -tolerance
    if criterion != "brier":
        better = better and scores["isotonic"]["brier"] <= scores["temperature"]["brier"]
    return "isotonic" if better else "temperature"


def fit_best_calibrator(
    val_y: npt.ArrayLike,
    val_scores: npt.ArrayLike,
    method: Literal["auto", "temperature", "isotonic"] = "auto",
    *,
    kind: ScoreKind = "probability",
    criterion: Literal["ece", "brier"] = "ece",
    tie_tolerance: float | None = None,
    n_folds: int = 5,
    n_bins: int = 15,
    seed: int = 0,
) -> CalibrationSelection:
    """Fit a calibrator on the **validation** split; with ``method="auto"``, choose one.

    ``val_scores`` are probabilities (``kind="probability"``) or logits (``kind="logit"``).
    ``auto`` cross-fits both methods over ``n_folds`` stratified folds of the validation split
    and takes the lower out-of-fold ``criterion`` (ECE by default, with ``n_bins`` uniform
    bins), isotonic only where its Brier score is no worse as well (:func:`choose_method`).
    When the two are within ``tie_tolerance`` (default 0.005 for ECE, 0.0005 for Brier)
    temperature scaling wins: one parameter, no ties, ranking kept.
    The chosen method is then refitted on the whole validation split. Never pass test data.
    """
    if method not in ("auto", "temperature", "isotonic"):
        raise ValueError(f"method: expected 'auto', 'temperature' or 'isotonic', got {method!r}.")
    if criterion not in ("ece", "brier"):
        raise ValueError(f"criterion: expected 'ece' or 'brier', got {criterion!r}.")
    ya, sa = _check_fit_inputs(val_y, val_scores, kind)
    if method != "auto":
        return CalibrationSelection(
            _METHODS[method](kind=kind).fit(ya, sa), method, {}, f"method={method!r} requested"
        )

    n_pos = int(ya.sum())
    folds = min(n_folds, n_pos, ya.size - n_pos)
    if folds < 2:
        logger.warning(
            "Too few validation cases of one class (%d positive of %d) to compare calibrators "
            "by cross-fitting; using temperature scaling.",
            n_pos,
            ya.size,
        )
        return CalibrationSelection(
            TemperatureScaler(kind=kind).fit(ya, sa),
            "temperature",
            {},
            "too few cases of one class to cross-fit; temperature by default",
        )

    fold = _stratified_folds(ya, folds, seed)
    scores: dict[str, dict[str, float]] = {}
    for name, cls in _METHODS.items():
        oof = np.empty(ya.size)
        for k in range(folds):
            held = fold == k
            oof[held] = cls(kind=kind).fit(ya[~held], sa[~held]).transform(sa[held])
        scores[name] = {
            "ece": expected_calibration_error(ya, oof, n_bins, "uniform"),
            "brier": brier(ya, oof),
        }

    tol = tie_tolerance if tie_tolerance is not None else (0.005 if criterion == "ece" else 5e-4)
    chosen = choose_method(scores, criterion, tol)
    rule = (
        f"lower {folds}-fold cross-fitted validation {criterion}"
        + ("" if criterion == "brier" else " and a Brier score no worse")
        + f"; temperature on a tie within {tol:g}"
    )
    logger.info(
        "Calibration: cross-fitted %s temperature %.4f, isotonic %.4f -> %s.",
        criterion,
        scores["temperature"][criterion],
        scores["isotonic"][criterion],
        chosen,
    )
    return CalibrationSelection(_METHODS[chosen](kind=kind).fit(ya, sa), chosen, scores, rule)
