"""The typed result of the fairness analysis (:func:`~.fairness.fairness_analysis`).

:class:`FairnessResult` holds, for one model, every group of every attribute on every label
(:class:`AttributeResult`, :class:`GroupResult`), each flaggable :class:`Comparison` with its
verdict, and the :class:`FairnessFlag` list in words. :meth:`FairnessResult.to_dict` is the
model's part of eval.json's ``fairness`` section; :meth:`FairnessResult.report_flags` its
entries in eval.json's ``flags``. Only codes, counts, rates and gaps: no case, no id.

eval.json's ``fairness[model]`` (schema 2)::

    {"method", "summary",
     "labels": {label: {"operating_points": {point: {threshold, flag_rate, oracle_threshold}},
                        "attributes": {attribute: {recorded, n_not_recorded, note,
                            "groups": {code: {n, n_positive, n_families, status, flagged,
                                              auroc, "stats": {name: {value, low, high, se}},
                                              "comparisons": [...]}}}}}},
     "flags": [{label, attribute, group, n, kinds, operating_points, finding, message,
                meanings}]}
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from referral_nlp.classification_metrics import _json_float
from referral_nlp.errors import UserError
from referral_nlp.evaluation.group_bootstrap import Estimate

__all__ = [
    "CORRECTION",
    "AttributeResult",
    "Comparison",
    "FairnessFlag",
    "FairnessResult",
    "FairnessSettings",
    "GroupResult",
]

CORRECTION = "holm"


@dataclass(frozen=True)
class FairnessSettings:
    """What decides a fairness flag (see :mod:`.fairness`); tolerances are probabilities.

    ``tolerance``: error-rate gaps beyond the truth's (TPR/FPR, default 0.10);
    ``calibration_tolerance``: recorded minus predicted, and predicted minus true risk (0.05).
    Both must lie strictly between 0 and 1.
    """

    tolerance: float = 0.10
    calibration_tolerance: float = 0.05
    alpha: float = 0.05
    n_boot: int = 1000
    seed: int = 0
    min_group_size: int = 30
    min_class_size: int = 10

    def __post_init__(self) -> None:
        for name in ("tolerance", "calibration_tolerance"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1:
                raise UserError(
                    f"{name}: expected a gap strictly between 0 and 1 (a probability "
                    f"difference, e.g. 0.05), got {value!r}."
                )
        if not 0 < self.alpha < 1:
            raise UserError(
                f"alpha: expected a level strictly between 0 and 1, got {self.alpha!r}."
            )
        # A group of a handful of cases has a bootstrap interval of one value, read as certain:
        # a setting of 0 flagged two cases with "Holm-adjusted p 0". These are the floors.
        for name, least in (("n_boot", 0), ("min_group_size", 10), ("min_class_size", 3)):
            value = getattr(self, name)
            if not isinstance(value, int | np.integer) or value < least:
                raise UserError(
                    f"{name}: expected a whole number of at least {least}, got {value!r}."
                )


@dataclass(frozen=True)
class Comparison:
    """One flaggable comparison of a group: a measure, its estimate and the verdict.

    ``verdict``: ``flagged``; ``inconclusive`` (its own interval clears the tolerance, but not
    after the correction for the number of comparisons: more data needed); ``within
    tolerance``; or ``not tested`` (no interval, e.g. no bootstrap).
    """

    kind: str
    operating_point: str | None
    estimate: Estimate
    tolerance: float
    p_value: float
    p_adjusted: float
    verdict: str
    meaning: str | None
    text: str

    @property
    def flagged(self) -> bool:
        return self.verdict == "flagged"

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["estimate"] = self.estimate.to_dict()
        out["p_value"] = _json_float(self.p_value)
        out["p_adjusted"] = _json_float(self.p_adjusted)
        return out


@dataclass(frozen=True)
class GroupResult:
    """One group of one attribute, on one label.

    ``stats`` holds every estimate by name: ``outcome_rate``, ``outcome_rate_rest`` and
    ``outcome_gap`` (group - rest; never flagged), ``mean_predicted``, ``calibration``
    (recorded - predicted), ``brier``; with an oracle also ``true_risk``,
    ``recorded_vs_truth``, ``model_vs_truth`` and ``brier_excess`` (Brier minus the oracle's,
    in the group). Per operating point ``P``: ``tpr|P``, ``fpr|P``, ``tpr_rest|P``,
    ``fpr_rest|P``, ``tpr_gap|P``, ``fpr_gap|P`` and with an oracle ``oracle_tpr|P``,
    ``oracle_fpr|P``, ``oracle_tpr_gap|P``, ``oracle_fpr_gap|P``, ``tpr_excess|P`` and
    ``fpr_excess|P`` (model gap - oracle gap).
    """

    attribute: str
    group: str
    n: int
    n_positive: int
    n_families: int | None
    status: str
    stats: dict[str, Estimate]
    auroc: float
    comparisons: list[Comparison] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return any(c.flagged for c in self.comparisons)

    def to_dict(self) -> dict[str, Any]:
        return {
            "attribute": self.attribute,
            "group": self.group,
            "n": self.n,
            "n_positive": self.n_positive,
            "n_families": self.n_families,
            "status": self.status,
            "flagged": self.flagged,
            "auroc": _json_float(self.auroc),
            "stats": {name: est.to_dict() for name, est in self.stats.items()},
            "comparisons": [c.to_dict() for c in self.comparisons],
        }


@dataclass(frozen=True)
class AttributeResult:
    """Every group of one attribute; ``recorded`` is False when no case has a value."""

    attribute: str
    recorded: bool
    n_not_recorded: int
    note: str
    groups: dict[str, GroupResult]

    def to_dict(self) -> dict[str, Any]:
        return {
            "attribute": self.attribute,
            "recorded": self.recorded,
            "n_not_recorded": self.n_not_recorded,
            "note": self.note,
            "groups": {code: g.to_dict() for code, g in self.groups.items()},
        }


@dataclass(frozen=True)
class FairnessFlag:
    """A group flagged on one label, with every flagged comparison behind it, in words."""

    label: str
    attribute: str
    group: str
    n: int
    kinds: list[str]
    operating_points: list[str]
    finding: str
    message: str
    meanings: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FairnessResult:
    """The fairness analysis of one model (all labels); :meth:`to_dict` is its eval.json part."""

    settings: FairnessSettings
    has_oracle: bool
    clustered: bool
    n_comparisons: int
    operating_points: dict[str, dict[str, dict[str, float | None]]]
    labels: dict[str, dict[str, AttributeResult]]
    flags: list[FairnessFlag]

    def report_flags(self, model: str) -> list[dict[str, Any]]:
        """The flags as entries of eval.json's ``flags`` list (kind ``fairness``)."""
        return [
            {
                "model": model,
                "label": f.label,
                "kind": "fairness",
                "operating_point": f.operating_points[0] if f.operating_points else None,
                "attribute": f.attribute,
                "group": f.group,
                "message": f"{f.attribute}={f.group}: {f.message}",
            }
            for f in self.flags
        ]

    def groups(self) -> list[GroupResult]:
        """Every group result, label by label."""
        return [
            g for attrs in self.labels.values() for a in attrs.values() for g in a.groups.values()
        ]

    def to_dict(self) -> dict[str, Any]:
        groups = self.groups()
        return {
            "method": {
                "correction": CORRECTION,
                "family": "every comparison of this model (labels, groups, measures)",
                "n_comparisons": self.n_comparisons,
                "oracle": self.has_oracle,
                "interval": "family-cluster bootstrap" if self.clustered else "case bootstrap",
                **asdict(self.settings),
            },
            "summary": {
                "n_flags": len(self.flags),
                "n_inconclusive": sum(g.status == "inconclusive" for g in groups),
                "not_enough_data": sorted(
                    {f"{g.attribute}={g.group} (n={g.n})" for g in groups if not _judged(g)}
                ),
                "not_recorded": {
                    name: a.n_not_recorded
                    for name, a in next(iter(self.labels.values()), {}).items()
                    if a.n_not_recorded
                },
            },
            "labels": {
                label: {
                    "operating_points": self.operating_points[label],
                    "attributes": {name: a.to_dict() for name, a in attrs.items()},
                }
                for label, attrs in self.labels.items()
            },
            "flags": [f.to_dict() for f in self.flags],
        }


def _judged(group: GroupResult) -> bool:
    return not group.status.startswith("not enough data")
