"""Structured case fields as a fixed-width numeric vector for the model.

A council's export is patchy, so a missing field is information ("not recorded"), never an
error: every numeric and boolean field gets a missing indicator, and every category an
"unknown" slot that also takes codes the training data never showed. The fitted encoder is plain
JSON (no pickle) and travels inside the model artefact, so prediction encodes exactly as training
did.

Protected characteristics (``schema.PROTECTED_FIELDS``: sex, ethnicity, disability) are kept out
by default; they stay in the data for the fairness evaluation. Passing them in ``fields`` is a
deliberate choice and is logged.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import json
import logging
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from referral_nlp.data.schema import FIELDS_BY_NAME, MODEL_STRUCTURED_FIELDS, PROTECTED_FIELDS
from referral_nlp.data.values import is_not_recorded, parse_bool
from referral_nlp.errors import UserError
from referral_nlp.io import write_json

logger = logging.getLogger(__name__)

ENCODER_FORMAT = "referral-nlp-structured-encoder"
ENCODER_VERSION = 2
#: Versions :meth:`StructuredEncoder.from_dict` reads (version 1 had no bins on numbers).
_READABLE_VERSIONS = (1, 2)
UNKNOWN = "__unknown__"
MISSING_SUFFIX = "__missing"
_KINDS = ("int", "bool", "category", "multi_category")


def record_value(record: Any, name: str) -> Any:
    """A field of a record given as a mapping (loader output) or a ``CaseRecord`` dataclass."""
    if isinstance(record, Mapping):
        return record.get(name)
    if dataclasses.is_dataclass(record):
        return getattr(record, name, None)
    raise TypeError(f"record: expected a mapping or a CaseRecord, got {type(record).__name__}.")


def _as_number(value: Any) -> float | None:
    """The value as a finite float, or None when it cannot be read as one (unknown)."""
    if isinstance(value, bool):
        return float(value)
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _as_codes(value: Any) -> list[str] | None:
    """A multi-category value as a list of codes: a list, a JSON list string or ``a;b,c``."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                return None
        else:
            return [
                part.strip()
                for part in text.replace(";", ",").replace("|", ",").split(",")
                if part.strip()
            ]
    if isinstance(value, list | tuple | set | frozenset | np.ndarray):
        return [str(v).strip() for v in value if not is_not_recorded(v)]
    return None


def _floats(values: Any) -> list[float] | None:
    return None if values is None else [float(v) for v in values]


def _bin_edges(values: np.ndarray, bins: int) -> tuple[list[float] | None, list[float] | None]:
    """Inner bin edges for a numeric field, and the value of each bin when values are few.

    At most ``bins`` distinct values: one bin per value, edges half-way between neighbours.
    More: ``bins`` bins at the training quantiles (equal values never split). Fewer than two
    distinct values: no bins (None, None).
    """
    distinct = np.unique(values)
    if bins == 0 or distinct.size < 2:
        return None, None
    if distinct.size <= bins:
        edges = (distinct[:-1] + distinct[1:]) / 2.0
        return [float(e) for e in edges], [float(v) for v in distinct]
    inner = np.quantile(values, np.linspace(0.0, 1.0, bins + 1)[1:-1])
    edges = np.unique(inner[(inner > distinct[0]) & (inner <= distinct[-1])])
    return ([float(e) for e in edges], None) if edges.size else (None, None)


@dataclasses.dataclass
class _FieldState:
    name: str
    kind: str
    mean: float = 0.0
    std: float = 1.0
    codes: list[str] = dataclasses.field(default_factory=list)
    #: ``int`` fields: inner edges of the one-hot bins (None: the number is linear only).
    edges: list[float] | None = None
    #: ``int`` fields with few distinct values: the value each bin stands for (names only).
    levels: list[float] | None = None

    def bin_labels(self) -> list[str]:
        if self.edges is None:
            return []
        if self.levels is not None:
            return [f"{level:g}" for level in self.levels]
        bounds = [f"{edge:g}" for edge in self.edges]
        inner = [f"[{lo},{hi})" for lo, hi in itertools.pairwise(bounds)]
        return [f"<{bounds[0]}", *inner, f">={bounds[-1]}"]

    def feature_names(self) -> list[str]:
        if self.kind == "int":
            bins = [f"{self.name}={label}" for label in self.bin_labels()]
            return [self.name, self.name + MISSING_SUFFIX, *bins]
        if self.kind == "bool":
            return [self.name, self.name + MISSING_SUFFIX]
        names = [f"{self.name}={code}" for code in self.codes] + [f"{self.name}={UNKNOWN}"]
        if self.kind == "multi_category":
            names.append(self.name + MISSING_SUFFIX)
        return names

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.kind == "int":
            out.update(mean=self.mean, std=self.std, edges=self.edges, levels=self.levels)
        elif self.kind in ("category", "multi_category"):
            out["codes"] = list(self.codes)
        return out


class StructuredEncoder:
    """Encode structured case fields as float32 features, fitted on the training records only.

    - ``int`` fields: standardised with the training mean and standard deviation, clipped to
      ``+-clip`` (an implausible value cannot dominate), 0 when missing, plus a missing
      indicator. A value that cannot be read as a number counts as missing. Beside the linear
      value, a one-hot bin (``bins`` > 0): one bin per value when training shows at most
      ``bins`` distinct values (age in years, deprivation decile), else ``bins`` quantile bins;
      a value outside the training range falls in the nearest end bin, a missing one in none.
      Why: risk is not linear in these fields, and the models read them through linear terms.
      Children's services stop at 18, so a re-referral window is cut short for a 17-year-old
      while it is not for a 13-year-old; a single slope on age over-rated 16-17-year-olds'
      risk by about 15 points in every model, the baselines included.
    - ``bool`` fields: 1/0, plus a missing indicator (0 in the value slot when missing).
    - ``category`` fields: one-hot over the codes seen at least ``min_count`` times in training,
      plus an ``__unknown__`` slot for missing values and codes not seen in training.
    - ``multi_category`` fields (assessment factors): multi-hot over the training codes, an
      ``__unknown__`` slot set when any listed code is unseen, and a missing indicator for an
      absent list (an empty list means "none recorded" and is not missing).
    """

    def __init__(
        self,
        fields: Sequence[str] | None = None,
        *,
        min_count: int = 1,
        clip: float = 5.0,
        bins: int = 20,
    ) -> None:
        names = tuple(MODEL_STRUCTURED_FIELDS if fields is None else fields)
        if len(set(names)) != len(names):
            raise ValueError("fields: each structured field may be listed only once.")
        for name in names:
            spec = FIELDS_BY_NAME.get(name)
            if spec is None or spec.kind not in _KINDS:
                allowed = sorted(n for n, s in FIELDS_BY_NAME.items() if s.kind in _KINDS)
                raise ValueError(f"fields: {name!r} is not a structured schema field {allowed}.")
        protected = [name for name in names if name in PROTECTED_FIELDS]
        if protected:
            logger.warning(
                "protected characteristics used as model inputs: %s; record the reason in the "
                "model card",
                ", ".join(protected),
            )
        if min_count < 1:
            raise ValueError("min_count: must be at least 1.")
        if clip <= 0:
            raise ValueError("clip: must be positive.")
        if bins < 0 or bins == 1:
            raise ValueError(f"bins: expected 0 (no bins) or at least 2, got {bins}.")
        self.bins = bins
        self.fields: tuple[str, ...] = names
        self.min_count = min_count
        self.clip = float(clip)
        self._states: list[_FieldState] | None = None

    # ---- fitting -------------------------------------------------------------------------
    def fit(self, records: Iterable[Any]) -> StructuredEncoder:
        """Learn means, deviations and code lists from training records (never from test data)."""
        records = list(records)
        if not records:
            raise ValueError("records: cannot fit the structured encoder on no records.")
        states = []
        for name in self.fields:
            kind = FIELDS_BY_NAME[name].kind
            values = [record_value(r, name) for r in records]
            state = _FieldState(name=name, kind=kind)
            if kind == "int":
                numbers = [
                    n for v in values if not is_not_recorded(v) and (n := _as_number(v)) is not None
                ]
                if numbers:
                    array = np.asarray(numbers, dtype=np.float64)
                    state.mean = float(array.mean())
                    std = float(array.std())
                    state.std = std if std > 1e-8 else 1.0
                    state.edges, state.levels = _bin_edges(array, self.bins)
            elif kind == "category":
                counts = Counter(str(v).strip() for v in values if not is_not_recorded(v))
                state.codes = sorted(c for c, k in counts.items() if k >= self.min_count)
            elif kind == "multi_category":
                counts = Counter()
                for v in values:
                    codes = None if is_not_recorded(v) else _as_codes(v)
                    counts.update(set(codes or ()))
                state.codes = sorted(c for c, k in counts.items() if k >= self.min_count)
            states.append(state)
        self._states = states
        logger.info(
            "structured encoder fitted on %d records: %d fields, %d features",
            len(records),
            len(states),
            self.dim,
        )
        return self

    def fit_transform(self, records: Iterable[Any]) -> np.ndarray:
        records = list(records)
        return self.fit(records).transform(records)

    # ---- encoding ------------------------------------------------------------------------
    @property
    def fitted(self) -> bool:
        return self._states is not None

    def _require_fitted(self) -> list[_FieldState]:
        if self._states is None:
            raise RuntimeError("StructuredEncoder: call fit() (or from_dict()) before using it.")
        return self._states

    @property
    def feature_names(self) -> list[str]:
        """Column names of :meth:`transform`'s output, e.g. ``child_age__missing``."""
        return [n for state in self._require_fitted() for n in state.feature_names()]

    @property
    def dim(self) -> int:
        return len(self.feature_names)

    def transform(self, records: Iterable[Any]) -> np.ndarray:
        """``[n_records, dim]`` float32 features; missing or unreadable values are "unknown"."""
        states = self._require_fitted()
        records = list(records)
        out = np.zeros((len(records), self.dim), dtype=np.float32)
        unreadable: Counter[str] = Counter()
        col = 0
        for state in states:
            width = len(state.feature_names())
            block = out[:, col : col + width]
            index = {code: i for i, code in enumerate(state.codes)}
            for row, record in enumerate(records):
                value = record_value(record, state.name)
                missing = is_not_recorded(value)
                if state.kind == "int":
                    number = None if missing else _as_number(value)
                    if number is None:
                        unreadable[state.name] += not missing
                        block[row, 1] = 1.0
                    else:
                        z = (number - state.mean) / state.std
                        block[row, 0] = max(-self.clip, min(self.clip, z))
                        if state.edges is not None:
                            block[row, 2 + bisect.bisect_right(state.edges, number)] = 1.0
                elif state.kind == "bool":
                    flag = None if missing else parse_bool(value)
                    if flag is None:
                        unreadable[state.name] += not missing
                        block[row, 1] = 1.0
                    else:
                        block[row, 0] = float(flag)
                elif state.kind == "category":
                    code = None if missing else str(value).strip()
                    block[row, index.get(code, len(state.codes))] = 1.0
                else:  # multi_category
                    codes = None if missing else _as_codes(value)
                    if codes is None:
                        unreadable[state.name] += not missing
                        block[row, len(state.codes) + 1] = 1.0
                        continue
                    for code in codes:
                        block[row, index.get(code, len(state.codes))] = 1.0
            col += width
        for name, count in sorted(unreadable.items()):
            if not count:
                continue
            # Field name and count only: values may be free text typed into the wrong column.
            logger.warning(
                "field %s: %d value(s) could not be read; treated as unknown", name, count
            )
        return out

    # ---- persistence ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        states = self._require_fitted()
        return {
            "format": ENCODER_FORMAT,
            "version": ENCODER_VERSION,
            "min_count": self.min_count,
            "clip": self.clip,
            "bins": self.bins,
            "fields": [state.to_dict() for state in states],
            "feature_names": self.feature_names,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StructuredEncoder:
        """Rebuild a fitted encoder; kinds come from the saved JSON, not today's schema."""
        if data.get("format") != ENCODER_FORMAT or data.get("version") not in _READABLE_VERSIONS:
            raise UserError(
                f"structured encoder: expected format {ENCODER_FORMAT!r} version "
                f"{' or '.join(map(str, _READABLE_VERSIONS))}, got {data.get('format')!r} "
                f"version {data.get('version')!r}."
            )
        fields = data.get("fields")
        if not isinstance(fields, list):
            raise UserError("structured encoder: 'fields' must be a list.")
        encoder = cls.__new__(cls)
        encoder.fields = tuple(f["name"] for f in fields)
        encoder.min_count = int(data.get("min_count", 1))
        encoder.clip = float(data.get("clip", 5.0))
        encoder.bins = int(data.get("bins", 0))
        states = []
        for entry in fields:
            kind = entry.get("kind")
            if kind not in _KINDS:
                raise UserError(
                    f"structured encoder: field {entry.get('name')!r} has kind {kind!r}."
                )
            states.append(
                _FieldState(
                    name=str(entry["name"]),
                    kind=kind,
                    mean=float(entry.get("mean", 0.0)),
                    std=float(entry.get("std", 1.0)),
                    codes=[str(c) for c in entry.get("codes", [])],
                    edges=_floats(entry.get("edges")),
                    levels=_floats(entry.get("levels")),
                )
            )
        encoder._states = states
        saved_names = data.get("feature_names")
        if saved_names is not None and list(saved_names) != encoder.feature_names:
            raise UserError("structured encoder: saved feature_names do not match its fields.")
        return encoder

    def save(self, path: str | Path) -> None:
        write_json(path, self.to_dict())

    @classmethod
    def load(cls, path: str | Path) -> StructuredEncoder:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
