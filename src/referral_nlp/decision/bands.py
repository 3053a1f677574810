"""Plain-language bands for a calibrated probability: ``low``, ``medium`` or ``high``.

A band helps a reviewer read a score; it is not a decision and the wording avoids sounding like
one. The cuts come from the artefact's ``operating_points.json`` (thresholds chosen on
**calibrated validation** scores, see :mod:`referral_nlp.decision.operating_points`) and the
validation base rate of the label:

``high``
    at or above the **precision operating point** (the lowest threshold whose validation flags
    were right at least 65% of the time). When that target was not reachable on validation
    the capacity point (top 10% of validation cases) takes its place, so ``high`` still means
    "among the highest-scored cases" and never promises a precision the model did not reach.
``medium``
    below ``high`` but at or above the **capacity point** (top 10%), or above the label's
    **base rate** (the validation share of cases with the outcome): more likely than the
    typical closed case.
``low``
    everything else: at or below the typical closed case.

With no base rate recorded, ``medium`` rests on the capacity point alone; with no usable
operating point and no base rate there is nothing to band against and
:class:`BandThresholds` refuses to be built.

``operating_points.json`` is read tolerantly (the trainer writes it): per label, either
``{point_name: OperatingPoint dict}``, ``{"points": {...}, "base_rate": r}`` or a list of
point dicts; a point's ``kind`` (``"precision"`` / ``"capacity"``) says which it is, else its
name (``precision_*`` / ``top_*``). Base rates may sit beside the points (``base_rate`` or
``prevalence``) or at the top level (``base_rates`` / ``prevalence``: ``{label: rate}``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from referral_nlp.artifacts import OPERATING_POINTS_NAME
from referral_nlp.errors import UserError

__all__ = [
    "BANDS",
    "BAND_DESCRIPTIONS",
    "OPERATING_POINTS_FORMAT",
    "OPERATING_POINTS_NAME",
    "Band",
    "BandThresholds",
    "band_for",
    "bands_from_artifact",
    "bands_from_operating_points",
    "operating_points_to_json",
]

Band = Literal["low", "medium", "high"]
BANDS: tuple[str, ...] = ("low", "medium", "high")
#: Short wording for a reviewer: what the band means, never what to do.
BAND_DESCRIPTIONS: dict[str, str] = {
    "low": "at or below the typical closed case",
    "medium": "more likely than the typical closed case",
    "high": "among the highest-scored cases; worth a closer look",
}
OPERATING_POINTS_FORMAT = "referral-nlp-operating-points"


@dataclass(frozen=True)
class BandThresholds:
    """The cuts of one label (calibrated probabilities); ``None`` where not available.

    ``high``: the ``high`` cut (precision point, or capacity point when the precision target
    was unreachable). ``capacity``: the top-10% cut. ``base_rate``: the validation prevalence.
    ``source`` says which point ``high`` came from.
    """

    high: float | None
    capacity: float | None
    base_rate: float | None
    source: str = ""

    def __post_init__(self) -> None:
        for name in ("high", "capacity", "base_rate"):
            value = getattr(self, name)
            if value is not None and not (isinstance(value, int | float) and 0 <= value <= 1):
                raise UserError(f"band thresholds: {name} must be a probability, got {value!r}.")
        if self.high is None and self.capacity is None and self.base_rate is None:
            raise UserError(
                "band thresholds: no operating point and no base rate to band against; "
                "re-train the model so that its operating_points.json is written."
            )

    def band(self, probability: float) -> Band:
        """The band of one calibrated probability (see the module doc)."""
        p = float(probability)
        if math.isnan(p):
            raise ValueError("probability: expected a number, got NaN.")
        if self.high is not None and p >= self.high:
            return "high"
        if (self.capacity is not None and p >= self.capacity) or (
            self.base_rate is not None and p > self.base_rate
        ):
            return "medium"
        return "low"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def band_for(probability: float, thresholds: BandThresholds) -> Band:
    """``thresholds.band(probability)``."""
    return thresholds.band(probability)


def _point_kind(name: str, point: Mapping[str, Any]) -> str | None:
    kind = point.get("kind")
    if kind in ("precision", "capacity"):
        return str(kind)
    if name.startswith("precision"):
        return "precision"
    if name.startswith(("top_", "capacity")):
        return "capacity"
    return None


def _rate(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) and 0 <= value <= 1 else None


def _label_points(entry: Any) -> tuple[dict[str, Mapping[str, Any]], float | None]:
    """``({name: point}, base_rate)`` of one label's entry in any of the accepted shapes."""
    base = None
    if isinstance(entry, Mapping):
        base = _rate(entry.get("base_rate", entry.get("prevalence")))
        points = entry.get("points", entry.get("operating_points", entry))
    else:
        points = entry
    if isinstance(points, list):
        points = {str(p.get("name", i)): p for i, p in enumerate(points) if isinstance(p, Mapping)}
    if not isinstance(points, Mapping):
        return {}, base
    return {str(k): v for k, v in points.items() if isinstance(v, Mapping)}, base


def _labels(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """Each label's entry in the content of ``operating_points.json``."""
    if not isinstance(data, Mapping):
        raise UserError("operating points: expected a JSON object.")
    labels = data.get("labels", data.get("operating_points"))
    if not isinstance(labels, Mapping):
        meta = {"format", "version", "base_rates", "prevalence", "settings", "split"}
        labels = {k: v for k, v in data.items() if k not in meta}
    return labels


def thresholds_by_label(data: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """``{label: {point name: threshold}}`` from the content of ``operating_points.json``: the
    thresholds the service applies, as the model card lists them."""
    out: dict[str, dict[str, float]] = {}
    for label, entry in _labels(data).items():
        points, _ = _label_points(entry)
        named = {name: _rate(point.get("threshold")) for name, point in points.items()}
        out[str(label)] = {name: t for name, t in named.items() if t is not None}
    return out


def bands_from_operating_points(data: Mapping[str, Any]) -> dict[str, BandThresholds]:
    """Per-label :class:`BandThresholds` from the content of ``operating_points.json``."""
    labels = _labels(data)
    top_rates = data.get("base_rates", data.get("prevalence"))
    top_rates = top_rates if isinstance(top_rates, Mapping) else {}
    out: dict[str, BandThresholds] = {}
    for label, entry in labels.items():
        points, base = _label_points(entry)
        if base is None:
            base = _rate(top_rates.get(label))
        precision = capacity = None
        for name, point in points.items():
            kind = _point_kind(name, point)
            threshold = _rate(point.get("threshold"))
            if kind == "precision" and precision is None:
                precision = (threshold, point.get("reachable", True) is not False, name)
            elif kind == "capacity" and capacity is None:
                capacity = (threshold, name)
        cap = capacity[0] if capacity else None
        if precision and precision[0] is not None and precision[1]:
            high, source = precision[0], precision[2]
        elif cap is not None:
            high, source = cap, f"{capacity[1]} (precision target not reachable)"
        else:
            high, source = None, ""
        if high is None and cap is None and base is None:
            continue
        out[str(label)] = BandThresholds(high=high, capacity=cap, base_rate=base, source=source)
    if not out:
        raise UserError(
            "operating points: no label has a usable threshold or base rate; re-train the model "
            "so that its operating_points.json is written."
        )
    return out


def bands_from_artifact(model_dir: str | Path) -> dict[str, BandThresholds]:
    """Per-label band thresholds from ``<model_dir>/operating_points.json``.

    Raises ``ValueError`` (one line, for the CLI) when the file is missing or unusable.
    """
    path = Path(model_dir) / OPERATING_POINTS_NAME
    if not path.is_file():
        raise UserError(
            f"{Path(model_dir)}: no {OPERATING_POINTS_NAME}, so scores cannot be banded; "
            f"re-train the model (training writes it) or pass a complete model directory."
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UserError(f"{path}: not valid JSON.") from None
    try:
        return bands_from_operating_points(data)
    except UserError as exc:
        raise UserError(f"{path}: {exc}") from None


def operating_points_to_json(
    points: Mapping[str, Mapping[str, Any]],
    base_rates: Mapping[str, float] | None = None,
    settings: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``operating_points.json`` payload this module reads most directly.

    ``points`` is ``{label: {point_name: OperatingPoint or its dict}}`` chosen on calibrated
    validation scores; ``base_rates`` the validation prevalence of each label; ``settings``
    the targets the points were chosen for (recorded for the card).
    """
    labels: dict[str, Any] = {}
    for label, named in points.items():
        entry: dict[str, Any] = {
            "points": {
                name: (p.to_dict() if hasattr(p, "to_dict") else dict(p))
                for name, p in named.items()
            }
        }
        if base_rates and label in base_rates:
            entry["base_rate"] = float(base_rates[label])
        labels[label] = entry
    out: dict[str, Any] = {"format": OPERATING_POINTS_FORMAT, "version": 1, "labels": labels}
    if settings is not None:
        out.update(split="validation", scores="calibrated probability", settings=dict(settings))
    return out
