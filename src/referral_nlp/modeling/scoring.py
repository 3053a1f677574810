"""Score new cases end to end: check the input, redact, predict, calibrate, band.

This is the library behind ``referral-nlp predict`` (and usable by the service): the CLI only
parses flags and writes the file.

Input cases carry ``id``, ``text`` and any structured fields by their schema names.

* ``id`` and ``text`` are required; a case without them is an error naming the file and line.
* A structured field that is absent, ``null`` or an unknown code is **unknown**, never an
  error (the model was trained with "not recorded" as a value).
* A structured field of the wrong type (``"child_age": "seven"``, ``"disability": [1]``) or
  outside its range is also treated as unknown, with a warning that names the field and the
  line but never the value (it may be personal data typed into the wrong column).

The text is redacted before the model sees it and redaction fails closed: if it fails, nothing
is scored. Each result is::

    {"id": ..., "model_version": "sha256:...",
     "re_referral": {"probability": 0.31, "band": "medium", "band_description": "...",
                     "flagged": false},
     "escalation": {...}}

``probability`` is calibrated with the artefact's ``calibration.json`` (fitted on validation);
``band`` and ``flagged`` come from its ``operating_points.json``
(:func:`referral_nlp.decision.cases.score_cases`, the same path as the service).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from referral_nlp.data.schema import FIELDS_BY_NAME, STRUCTURED_FIELDS
from referral_nlp.data.values import is_not_recorded, parse_bool
from referral_nlp.errors import UserError
from referral_nlp.io import InputError

logger = logging.getLogger(__name__)

__all__ = ["CaseScorer", "coerce_case", "read_cases"]


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("+-").isdigit():
            return int(text)
    return None


def _code(value: str, codes: Mapping[str, str] | None) -> str | None:
    """The schema's spelling of a code (case-insensitive), None for an unknown one."""
    text = value.strip()
    if codes is None:
        return text or None
    folded = {c.casefold(): c for c in codes}
    return folded.get(text.casefold())


def coerce_case(record: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A copy of ``record`` with structured fields in schema types; unknown where they fail.

    Returns ``(case, problems)``: ``problems`` lists ``(field, what is wrong)`` for values of
    the wrong type or out of range (set to unknown); never the value itself. Missing values and
    unknown category codes are unknown without a problem.
    """
    case = dict(record)
    problems: list[tuple[str, str]] = []
    for name in STRUCTURED_FIELDS:
        if name not in case:
            continue
        value = case[name]
        spec = FIELDS_BY_NAME[name]
        if is_not_recorded(value):
            case[name] = None
            continue
        if spec.kind == "int":
            number = _whole_number(value)
            if number is None:
                problems.append((name, "is not a whole number"))
            elif (spec.min_value is not None and number < spec.min_value) or (
                spec.max_value is not None and number > spec.max_value
            ):
                low = spec.min_value if spec.min_value is not None else "-inf"
                high = spec.max_value if spec.max_value is not None else "inf"
                problems.append((name, f"is outside {low}..{high}"))
                number = None
            case[name] = number
        elif spec.kind == "bool":
            flag = parse_bool(value)
            if flag is None:
                problems.append((name, "is not true or false"))
            case[name] = flag
        elif spec.kind == "category":
            if isinstance(value, str):
                case[name] = _code(value, spec.codes)
            else:
                problems.append((name, f"is not a text code ({type(value).__name__})"))
                case[name] = None
        else:  # multi_category
            items = value
            if isinstance(items, str):
                items = items.replace(";", ",").replace("|", ",").split(",")
            if not isinstance(items, list):
                problems.append((name, f"is not a list of codes ({type(value).__name__})"))
                case[name] = None
                continue
            codes = []
            bad = False
            for item in items:
                if not isinstance(item, str):
                    bad = True
                    continue
                if item.strip():
                    # An unknown code is kept as is: the encoder's "unknown" slot records that
                    # a factor was listed that training never saw.
                    codes.append(_code(item, spec.codes) or item.strip())
            if bad:
                problems.append((name, "has entries that are not text codes (ignored)"))
            case[name] = codes
    return case, problems


def read_cases(path: str | Path, fmt: str | None = None) -> list[dict[str, Any]]:
    """Cases from a JSONL (or CSV/Parquet) file, checked whole before any work.

    A malformed line, or one without ``id`` or a string ``text``, raises
    :class:`~referral_nlp.io.InputError` naming the file and line. Structured fields are
    coerced by :func:`coerce_case`; each problem is logged as a warning naming field and line.
    """
    from referral_nlp.io import read_records, require_fields

    records = read_records(path, fmt)
    require_fields(records, path, text_field="text", id_field="id")
    locations = records.locations
    cases = []
    for where, record in zip(locations, records, strict=True):
        case, problems = coerce_case(record)
        for name, problem in problems:
            logger.warning("%s, %s: field %r %s; treated as unknown.", path, where, name, problem)
        cases.append(case)
    if not cases:
        raise InputError(f"{path}: no cases to score.")
    return cases


class CaseScorer:
    """Redact, score, calibrate and band cases with one model artefact.

    ``redactor`` defaults to a :class:`~referral_nlp.redaction.Redactor` built on first use.
    Bands (``operating_points.json``) are read at construction, so a model that cannot band
    fails before any redaction work.
    """

    def __init__(
        self,
        model_dir: str | Path,
        *,
        redactor: Any = None,
        device: str = "cpu",
        batch_size: int = 16,
        num_threads: int | None = None,
    ) -> None:
        from referral_nlp.decision.bands import bands_from_artifact
        from referral_nlp.modeling.predict import RiskPredictor

        self.model_dir = Path(model_dir)
        self.bands = bands_from_artifact(self.model_dir)
        self.predictor = RiskPredictor(
            self.model_dir, device=device, batch_size=batch_size, num_threads=num_threads
        )
        self._redactor = redactor

    @property
    def redactor(self) -> Any:
        if self._redactor is None:
            from referral_nlp.redaction import Redactor

            self._redactor = Redactor()
        return self._redactor

    @property
    def model_version(self) -> str:
        return self.predictor.model_version

    def load(self) -> CaseScorer:
        """Load and verify the model; check it has a band for each of its labels."""
        self.predictor.load()
        missing = [label for label in self.predictor.labels if label not in self.bands]
        if missing:
            raise UserError(
                f"{self.model_dir}: operating_points.json has no thresholds for {missing}; "
                "re-train the model."
            )
        uncalibrated = [lb for lb in self.predictor.labels if lb not in self.predictor.calibrators]
        if uncalibrated:
            logger.warning(
                "model %s has no calibration for %s: those probabilities are the raw model "
                "output, not calibrated.",
                self.model_version,
                ", ".join(uncalibrated),
            )
        return self

    def score(self, cases: Sequence[Mapping[str, Any]], *, progress: bool = False) -> list[dict]:
        """Contract results for cases (already coerced by :func:`coerce_case` or read by
        :func:`read_cases`), in input order: ``id``, then per label ``probability``, ``band``
        (the file contract), ``band_description`` and ``flagged`` (as the API answers), and
        ``model_version``."""
        from referral_nlp.decision.cases import score_cases
        from referral_nlp.redaction.fields import redact_fields

        cases = list(cases)
        if not cases:
            return []
        self.load()
        fields = self.predictor.text_fields  # every text field the model reads is redacted
        redacted = redact_fields(self.redactor, cases, fields, progress=progress)
        inputs = [
            {**case, **{name: None if r is None else r.redacted_text for name, r in texts.items()}}
            for case, texts in zip(cases, redacted, strict=True)
        ]
        scored = score_cases(self.predictor, self.bands, inputs)
        return [{"id": case["id"], **entry} for case, entry in zip(cases, scored, strict=True)]
