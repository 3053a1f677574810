"""Validate raw rows against the schema: rename, coerce, and collect every problem at once.

Rows come from a reader as dicts keyed by the export's column names. :func:`validate_rows` maps
them onto schema names (``referral_nlp.data.mapping``), coerces each value to its field's kind
and returns schema-named records, or raises one :class:`DataValidationError` listing every
problem as ``file: row N: field F: problem (expected ...)``.

Messages never quote a value. Text fields hold personal data; a code or a date may too (a
free-typed code column can hold a name), so only the kind of problem and what was expected are
reported. Row numbers count records from 1, the header of a CSV not counted.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from referral_nlp.data.mapping import ColumnMapping, header_match
from referral_nlp.data.schema import FIELDS, LABELS, FieldSpec
from referral_nlp.data.values import is_blank
from referral_nlp.io import InputError

logger = logging.getLogger(__name__)

MAX_PROBLEMS_SHOWN = 20
_ISO_DATE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?$"
)
# A case-management or spreadsheet export often writes a time after a UK date ("21/02/2023
# 00:00"); the date is what is read.
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_INT = re.compile(r"^[+-]?\d+(?:\.0*)?$")


@dataclass(frozen=True)
class Problem:
    """One problem: where (file, row, field) and what, without the offending value.

    ``row`` counts records from 1 (``None`` for a whole column); ``location`` is how the reader
    names it (``line 7`` of a JSONL file), ``row N`` when not given.
    """

    source: str
    row: int | None
    field: str
    message: str
    location: str | None = None

    def __str__(self) -> str:
        where = self.location or (f"row {self.row}" if self.row is not None else "")
        return f"{self.source}: {where + ': ' if where else ''}field {self.field}: {self.message}"


class DataValidationError(InputError):
    """Rows that do not fit the schema; ``problems`` holds every one, the message the first 20."""

    def __init__(self, problems: Sequence[Problem], max_shown: int = MAX_PROBLEMS_SHOWN) -> None:
        self.problems = list(problems)
        sources = sorted({p.source for p in self.problems})
        lines = [
            f"{', '.join(sources)}: {len(self.problems)} problem(s) in the data; "
            f"nothing was loaded or written."
        ]
        lines += [str(p) for p in self.problems[:max_shown]]
        rest = len(self.problems) - max_shown
        if rest > 0:
            lines.append(f"... and {rest} more problem(s).")
        super().__init__("\n".join(lines))


class _Bad(Exception):
    """A value that cannot be coerced; the message says what was expected (never the value)."""


def _native(value: Any) -> Any:
    """Numpy scalars and arrays as Python values (Parquet and pandas readers hand them out)."""
    if hasattr(value, "tolist") and not isinstance(value, str):
        return value.tolist()
    return value


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _coerce_id(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, str | int):
        expected = "an id as text or a whole number"
        raise _Bad(f"wrong type (expected {expected}, got {_type_name(value)})")
    return str(value).strip()


def _coerce_int(value: Any, spec: FieldSpec) -> int:
    if isinstance(value, bool):
        raise _Bad("wrong type (expected a whole number, got a boolean)")
    if isinstance(value, float):
        if not value.is_integer():
            raise _Bad("wrong type (expected a whole number, got a fraction)")
        number = int(value)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, str) and _INT.match(value.strip()):
        number = int(float(value.strip()))
    else:
        raise _Bad(f"wrong type (expected a whole number, got {_type_name(value)})")
    low, high = spec.min_value, spec.max_value
    if (low is not None and number < low) or (high is not None and number > high):
        span = (
            f"from {low} to {high}"
            if low is not None and high is not None
            else f"at least {low}"
            if low is not None
            else f"at most {high}"
        )
        raise _Bad(f"out of range (expected a whole number {span})")
    return number


def _coerce_bool(value: Any, mapping: ColumnMapping) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        parsed = mapping.parse_bool(value)
        if parsed is not None:
            return parsed
    raise _Bad(
        f"not a recognised yes/no value (expected one of {list(mapping.true_values)} "
        f"or {list(mapping.false_values)}, any case)"
    )


def _coerce_label(value: Any, mapping: ColumnMapping) -> int:
    if isinstance(value, str) and _INT.match(value.strip()):
        value = int(float(value.strip()))
    try:
        return int(_coerce_bool(value, mapping))
    except _Bad:
        raise _Bad("label not 0/1 (expected 0 or 1)") from None


def parse_date(value: Any, date_format: str | None = None) -> dt.date:
    """A date from a date/datetime object or text (``date_format``, else ISO or dd/mm/yyyy)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise _Bad(f"wrong type (expected a date, got {_type_name(value)})")
    text = value.strip()
    try:
        if date_format:
            return dt.datetime.strptime(text, date_format).date()
        iso = _ISO_DATE.match(text)
        if iso:
            return dt.date.fromisoformat(iso.group(1))
        uk = _UK_DATE.match(text)
        if uk:
            day, month, year = (int(g) for g in uk.groups())
            return dt.date(year, month, day)
    except ValueError:
        pass
    expected = (
        f"a date as {date_format!r}"
        if date_format
        else "YYYY-MM-DD or DD/MM/YYYY, a time after it allowed"
    )
    raise _Bad(f"unparsable date (expected {expected})")


def _coerce_code(value: Any, spec: FieldSpec, mapping: ColumnMapping) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _Bad(f"wrong type (expected a code, got {_type_name(value)})")
    known, code = mapping.map_code(spec, str(value))
    if not known:
        raise _Bad(f"unknown code (expected one of {mapping.allowed_codes(spec)})")
    return code


def _coerce_multi(value: Any, spec: FieldSpec, mapping: ColumnMapping) -> list[str]:
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):  # a JSON list, as io.write_records puts lists into CSV
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                raise _Bad(
                    "malformed list (expected a JSON list or codes separated by "
                    f"{mapping.multi_value_separator!r})"
                ) from None
        else:
            value = text.split(mapping.multi_value_separator)
    if not isinstance(value, list | tuple):
        raise _Bad(f"wrong type (expected a list of codes, got {_type_name(value)})")
    out: list[str] = []
    for position, item in enumerate(value, start=1):
        item = _native(item)
        if is_blank(item):
            continue
        try:
            code = _coerce_code(item, spec, mapping)
        except _Bad as exc:
            raise _Bad(f"item {position}: {exc}") from None
        if code is not None and code not in out:
            out.append(code)
    return out


def _coerce(value: Any, spec: FieldSpec, mapping: ColumnMapping) -> Any:
    kind = spec.kind
    if kind == "id":
        return _coerce_id(value)
    if kind == "text":
        if not isinstance(value, str):
            raise _Bad(f"wrong type (expected text, got {_type_name(value)})")
        return value
    if kind == "int":
        return _coerce_int(value, spec)
    if kind == "bool":
        return _coerce_bool(value, mapping)
    if kind == "label":
        return _coerce_label(value, mapping)
    if kind == "date":
        return parse_date(value, mapping.date_format).isoformat()
    if kind == "category":
        return _coerce_code(value, spec, mapping)
    if kind == "multi_category":
        return _coerce_multi(value, spec, mapping)
    raise AssertionError(f"unhandled field kind {kind}")


def _missing_message(spec: FieldSpec) -> str:
    if spec.kind == "label":
        # Only data-check has --no-labels: train and evaluate need every case's outcome.
        return (
            "missing label (expected 0 or 1 where the data trains or evaluates a model; "
            "data-check --no-labels accepts unlabelled cases)"
        )
    if spec.kind in {"id", "text"}:
        return f"empty {spec.kind} (expected a non-blank value)"
    return "missing value (required)"


def validate_rows(
    rows: Iterable[Mapping[str, Any]],
    mapping: ColumnMapping | None = None,
    *,
    source: str = "<records>",
    columns: Sequence[str] | None = None,
    require_labels: bool = True,
    extra_columns: Sequence[str] = (),
    extra_checks: Mapping[str, Callable[[Any], Any]] | None = None,
    fields: Sequence[FieldSpec] = FIELDS,
    locations: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Schema-named, type-coerced records, or a :class:`DataValidationError` listing every problem.

    ``columns`` is the file's header (for CSV and Parquet); without it, a column counts as present
    if any row has it. A required column that is missing altogether is reported once. Optional
    fields that are missing become ``None`` (``[]`` for ``assessment_factors``): unknown, never
    an error. Dates become ``YYYY-MM-DD`` strings. ``extra_columns`` are copied through (for
    example the synthetic generator's ``oracle_re_referral``), each through its function in
    ``extra_checks`` where it has one: it returns the value to keep, or raises ``ValueError``
    with what was expected (never the value), reported as a problem like any field's. ``source``
    names the file in messages; ``locations`` (one per row, such as ``line 7``) replace
    ``row N`` in them.
    """
    mapping = mapping or ColumnMapping()
    rows = list(rows)
    if locations is not None and len(locations) != len(rows):
        raise ValueError("validate_rows: expected one location per row.")
    # The header in its own order (a set's order would change between runs), read once.
    ordered = (
        list(columns) if columns is not None else list(dict.fromkeys(k for r in rows for k in r))
    )
    present = set(ordered)
    required = {s.name for s in fields if s.required or (require_labels and s.name in LABELS)}
    problems: list[Problem] = []
    absent: set[str] = set()
    # Each field's column as the file spells it (case and surrounding spaces aside).
    source_of = {
        spec.name: header_match(ordered, mapping.source_column(spec.name))
        or mapping.source_column(spec.name)
        for spec in fields
    }
    for spec in fields:
        column = source_of[spec.name]
        if column not in present and spec.name in required:
            absent.add(spec.name)
            hint = "" if column == spec.name else f" (the mapping's source for {spec.name})"
            problems.append(
                Problem(source, None, spec.name, f"missing required column {column!r}{hint}")
            )
        elif column not in present and column != spec.name:
            # A mapping that names a column the file lacks is a typo, not an unrecorded field:
            # taken as "unknown", it would quietly empty a protected characteristic for everyone.
            absent.add(spec.name)
            problems.append(
                Problem(
                    source,
                    None,
                    spec.name,
                    f"missing column {column!r}, which the mapping names as the source for "
                    f"{spec.name} (expected the file's own column name; drop the entry if the "
                    "export does not record it)",
                )
            )

    used = set(source_of.values()) | set(extra_columns)
    if present - used:
        # A count, not the names: a JSON record's keys are typed like its values and can hold one.
        logger.debug("%s: %d column(s) not in the schema, ignored", source, len(present - used))

    records: list[dict[str, Any]] = []
    first_row_of_id: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        where = locations[number - 1] if locations is not None else f"row {number}"

        def problem(name: str, message: str, number: int = number, where: str = where) -> None:
            problems.append(Problem(source, number, name, message, where))

        record: dict[str, Any] = {}
        for spec in fields:
            if spec.name in absent:
                continue
            value = _native(row.get(source_of[spec.name]))
            if is_blank(value):
                if spec.name in required:
                    problem(spec.name, _missing_message(spec))
                record[spec.name] = [] if spec.kind == "multi_category" else None
                continue
            try:
                record[spec.name] = _coerce(value, spec, mapping)
            except _Bad as exc:
                problem(spec.name, str(exc))
                record[spec.name] = None
        for name in extra_columns:
            value = _native(row.get(name))
            check = (extra_checks or {}).get(name)
            if check is not None and not is_blank(value):
                try:
                    value = check(value)
                except ValueError as exc:  # its message says what was expected, not the value
                    problem(name, str(exc))
                    value = None
            record[name] = None if is_blank(value) else value

        referral, closure = record.get("referral_date"), record.get("closure_date")
        if referral and closure and closure < referral:
            problem(
                "closure_date",
                "closure before referral (expected closure_date on or after referral_date)",
            )
        rid = record.get("id")
        if rid and rid in first_row_of_id:
            problem(
                "id",
                f"duplicate id (first seen at {first_row_of_id[rid]}; "
                "expected ids unique in the dataset)",
            )
        elif rid:
            first_row_of_id[rid] = where
        records.append(record)

    if problems:
        logger.info("%s: %d validation problem(s) in %d rows", source, len(problems), len(rows))
        raise DataValidationError(problems)
    logger.debug("%s: %d rows valid", source, len(records))
    return records
