"""The evaluation's settings: everything that shapes the numbers in ``eval.json``.

Read from ``referral-nlp evaluate --settings`` (through the one settings-file reader) or built by
the main job; checked here so that a bad value is named before any model is scored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

from referral_nlp.classification_metrics import BinStrategy
from referral_nlp.errors import UserError
from referral_nlp.evaluation.fairness import FairnessSettings

__all__ = ["EvaluationSettings"]

_FAIRNESS = FairnessSettings()  # the fairness defaults, stated once


@dataclass(frozen=True)
class EvaluationSettings:
    """Everything that shapes the numbers; stored in eval.json under ``settings``.

    ``tolerance`` bounds a group's TPR/FPR gap beyond the oracle's, ``calibration_tolerance``
    its recorded-minus-predicted and predicted-minus-true gaps (both strictly between 0 and 1;
    see :class:`~.fairness.FairnessSettings`); ``alpha`` is the level of every interval and of
    the Holm-corrected fairness flags; ``ece_target`` is the acceptance bar for calibrated test
    ECE (0.03).
    """

    precision_target: float = 0.65
    capacity_fraction: float = 0.10
    tolerance: float = _FAIRNESS.tolerance
    calibration_tolerance: float = _FAIRNESS.calibration_tolerance
    n_boot: int = 1000
    alpha: float = 0.05
    seed: int = 0
    n_bins: int = 15
    ece_strategy: BinStrategy = "uniform"
    ece_target: float = 0.03
    calibration_method: Literal["auto", "temperature", "isotonic"] = "auto"
    min_group_size: int = _FAIRNESS.min_group_size
    min_class_size: int = _FAIRNESS.min_class_size
    min_precision_support: int = 20

    def __post_init__(self) -> None:
        # A settings file's "0.5" (a string) or true must be named here, not fail later in a
        # comparison with Python's own message.
        kinds = {"float": (int, float), "int": (int,)}
        for f in fields(self):
            value = getattr(self, f.name)
            expected = kinds.get(f.type)
            if expected and (isinstance(value, bool) or not isinstance(value, expected)):
                raise UserError(f"{f.name}: expected a number ({f.type}), got {value!r}.")
        for name in ("precision_target", "capacity_fraction"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise UserError(f"{name}: expected a share in (0, 1], got {value!r}.")
        if not 0.0 <= self.ece_target <= 1.0:
            raise UserError(f"ece_target: expected a value in [0, 1], got {self.ece_target!r}.")
        for name in ("n_boot", "min_group_size", "min_class_size"):
            if getattr(self, name) < 0:
                raise UserError(
                    f"{name}: expected a non-negative integer, got {getattr(self, name)!r}."
                )
        for name in ("n_bins", "min_precision_support"):
            if getattr(self, name) < 1:
                raise UserError(
                    f"{name}: expected a positive integer, got {getattr(self, name)!r}."
                )
        if not 0 <= self.seed < 2**32:  # numpy's seeds
            raise UserError(
                f"seed: expected a whole number from 0 to 4294967295, got {self.seed!r}."
            )
        if not 0.0 < self.alpha < 1.0:
            raise UserError(f"alpha: expected a level in (0, 1), got {self.alpha!r}.")
        self.fairness_settings()  # refuses a tolerance outside (0, 1), naming the key
        if self.ece_strategy not in ("uniform", "quantile"):
            raise UserError(
                f"ece_strategy: expected 'uniform' or 'quantile', got {self.ece_strategy!r}."
            )
        if self.calibration_method not in ("auto", "temperature", "isotonic"):
            raise UserError(
                "calibration_method: expected 'auto', 'temperature' or 'isotonic', got "
                f"{self.calibration_method!r}."
            )

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for eval.json."""
        return asdict(self)

    def fairness_settings(self) -> FairnessSettings:
        """The fairness part of these settings (same names)."""
        return FairnessSettings(**{f.name: getattr(self, f.name) for f in fields(FairnessSettings)})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EvaluationSettings:
        """From :meth:`to_dict` or a config file; unknown keys are an error, named."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise UserError(
                f"settings: unknown key(s) {unknown}; expected some of {sorted(known)}."
            )
        return cls(**data)
