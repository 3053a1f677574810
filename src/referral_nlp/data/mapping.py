"""Column mapping: how a council's export names and codes its fields, in the schema's terms.

A council's case-management export rarely uses the schema's names (``child_sex``) or codes
(``female``). A mapping file, YAML or JSON, says how to read it, so a new export loads without
code changes::

    columns:            # schema field -> export column (fields left out keep their own name)
      id: ReferralRef
      child_sex: Gender
    codes:              # schema field -> {export code -> schema code, or null for "not known"}
      child_sex: {"M": male, "F": female, "1": male, "2": female, "U": unknown}
      ethnicity: {WBRI: white, ABAN: asian, NOBT: not_stated}
    true_values: ["Y", "yes", "1", "true"]    # booleans (case-insensitive); replace the defaults
    false_values: ["N", "no", "0", "false"]
    date_format: "%d/%m/%Y"                   # optional; default ISO 8601 or dd/mm/yyyy
    multi_value_separator: ";"                # assessment_factors in CSV; lists are also accepted

Quote codes in YAML: an unquoted ``yes``/``no``/``on``/``off`` is read as a boolean and refused.
A value that is already a schema code is accepted as it is, so a mapping only lists the codes
that differ. Unknown keys, unknown schema fields and unknown target codes raise ``UserError``
naming the key.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from referral_nlp.data.schema import FIELDS_BY_NAME, FieldSpec
from referral_nlp.data.values import FALSE_TEXT, TRUE_TEXT
from referral_nlp.errors import UserError
from referral_nlp.io import read_settings_file

logger = logging.getLogger(__name__)

# The project's one yes/no vocabulary; a mapping file may replace it for its own export.
DEFAULT_TRUE_VALUES: tuple[str, ...] = TRUE_TEXT
DEFAULT_FALSE_VALUES: tuple[str, ...] = FALSE_TEXT
CODED_KINDS = ("category", "multi_category")
_KEYS = ("columns", "codes", "true_values", "false_values", "date_format", "multi_value_separator")


def header_match(header: Iterable[str], name: str) -> str | None:
    """The column of ``header`` that ``name`` means: itself, or else the first whose name is the
    same but for case and surrounding spaces (an export saved from a spreadsheet writes
    ``Referral_ID `` for ``referral_id``). The SSD tables are read by the same rule."""
    header = list(header)
    if name in header:
        return name
    folded = name.strip().lower()
    return next((c for c in header if isinstance(c, str) and c.strip().lower() == folded), None)


def _as_code(value: Any, where: str) -> str:
    """A code from a config file as a string; booleans (unquoted yes/no in YAML) are refused."""
    if isinstance(value, bool):
        raise UserError(
            f"{where}: YAML read an unquoted yes/no/true/false/on/off as a boolean; "
            f'quote the code (for example "Y").'
        )
    if isinstance(value, int | str):
        return str(value)
    raise UserError(f"{where}: expected a code (text), got {type(value).__name__}.")


@dataclass
class ColumnMapping:
    """How an export's columns and codes map onto the schema (``referral_nlp.data.schema``)."""

    columns: dict[str, str] = field(default_factory=dict)
    codes: dict[str, dict[str, str | None]] = field(default_factory=dict)
    true_values: tuple[str, ...] = DEFAULT_TRUE_VALUES
    false_values: tuple[str, ...] = DEFAULT_FALSE_VALUES
    date_format: str | None = None
    multi_value_separator: str = ";"

    def __post_init__(self) -> None:
        allowed = sorted(FIELDS_BY_NAME)
        if not isinstance(self.columns, Mapping):
            raise UserError("columns: expected a mapping of schema field -> export column.")
        columns: dict[str, str] = {}
        for name, column in self.columns.items():
            if name not in FIELDS_BY_NAME:
                raise UserError(
                    f"columns: unknown schema field {name!r}; expected some of {allowed}."
                )
            if not isinstance(column, str) or not column.strip():
                raise UserError(f"columns.{name}: expected a non-empty column name.")
            columns[name] = column
        taken: dict[str, str] = {}
        for name, column in columns.items():
            if column in taken:
                raise UserError(
                    f"columns: {taken[column]!r} and {name!r} both read column {column!r}."
                )
            taken[column] = name
        self.columns = columns

        if not isinstance(self.codes, Mapping):
            raise UserError("codes: expected a mapping of schema field -> {export: schema code}.")
        coded = sorted(n for n, s in FIELDS_BY_NAME.items() if s.kind in CODED_KINDS)
        codes: dict[str, dict[str, str | None]] = {}
        for name, table in self.codes.items():
            if name not in coded:
                raise UserError(f"codes: {name!r} is not a coded field; expected some of {coded}.")
            if not isinstance(table, Mapping):
                raise UserError(f"codes.{name}: expected a mapping of export code -> schema code.")
            spec_codes = FIELDS_BY_NAME[name].codes or {}
            out: dict[str, str | None] = {}
            for export, target in table.items():
                key = _as_code(export, f"codes.{name}")
                if target is not None:
                    target = _as_code(target, f"codes.{name}.{key}")
                    if target not in spec_codes:
                        raise UserError(
                            f"codes.{name}.{key}: {target!r} is not a schema code; expected one "
                            f"of {sorted(spec_codes)} (or null for not known)."
                        )
                out[key.strip()] = target
            codes[name] = out
        self.codes = codes

        self.true_values = tuple(_as_code(v, "true_values") for v in self.true_values)
        self.false_values = tuple(_as_code(v, "false_values") for v in self.false_values)
        both = {v.strip().lower() for v in self.true_values} & {
            v.strip().lower() for v in self.false_values
        }
        if both:
            raise UserError(f"true_values and false_values share {sorted(both)}.")
        if not self.true_values or not self.false_values:
            raise UserError("true_values and false_values: each needs at least one value.")
        if self.date_format is not None and (
            not isinstance(self.date_format, str) or "%" not in self.date_format
        ):
            raise UserError("date_format: expected a strptime format such as '%d/%m/%Y'.")
        if not isinstance(self.multi_value_separator, str) or not self.multi_value_separator:
            raise UserError("multi_value_separator: expected a non-empty string such as ';'.")
        # Case-insensitive lookups, built once.
        self._true = {v.strip().lower() for v in self.true_values}
        self._false = {v.strip().lower() for v in self.false_values}
        self._folded = {
            name: {k.lower(): v for k, v in table.items()} for name, table in self.codes.items()
        }

    # ---- construction --------------------------------------------------------------------
    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> ColumnMapping:
        """Build from a mapping, refusing keys that are not mapping keys (typos must not pass)."""
        unknown = sorted(set(values) - set(_KEYS))
        if unknown:
            raise UserError(
                f"unknown column-mapping key(s) {unknown}; expected some of {list(_KEYS)}."
            )
        kwargs = {k: v for k, v in values.items() if v is not None or k == "date_format"}
        for key in ("true_values", "false_values"):
            if key in kwargs and not isinstance(kwargs[key], list | tuple):
                raise UserError(f"{key}: expected a list of values.")
        return cls(**kwargs)

    @classmethod
    def from_file(cls, path: str | Path) -> ColumnMapping:
        """Load from YAML (.yaml/.yml) or JSON (.json); a top-level ``column_mapping`` is read."""
        path = Path(path)
        values = read_settings_file(path, "column mapping")
        if "column_mapping" in values and isinstance(values["column_mapping"], Mapping):
            values = values["column_mapping"]
        try:
            mapping = cls.from_dict(values)
        except UserError as exc:
            raise UserError(f"{path}: {exc}") from None
        logger.debug("column mapping loaded from %s (%d renamed)", path, len(mapping.columns))
        return mapping

    @classmethod
    def coerce(
        cls, mapping: ColumnMapping | str | Path | Mapping[str, Any] | None
    ) -> ColumnMapping:
        """A mapping from a ColumnMapping, a file path, a dict, or ``None`` (the identity)."""
        if mapping is None:
            return cls()
        if isinstance(mapping, ColumnMapping):
            return mapping
        if isinstance(mapping, str | Path):
            return cls.from_file(mapping)
        return cls.from_dict(mapping)

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": dict(self.columns),
            "codes": {k: dict(v) for k, v in self.codes.items()},
            "true_values": list(self.true_values),
            "false_values": list(self.false_values),
            "date_format": self.date_format,
            "multi_value_separator": self.multi_value_separator,
        }

    # ---- use ----------------------------------------------------------------------------
    def source_column(self, name: str) -> str:
        """The export column that holds schema field ``name``."""
        return self.columns.get(name, name)

    def describe_column(self, name: str) -> str:
        """Where a field is read from, for messages: ``column 'Gender' (mapped to child_sex)``."""
        column = self.source_column(name)
        if column == name:
            return f"column {column!r}"
        return f"column {column!r} (the mapping's source for {name})"

    def map_code(self, spec: FieldSpec, raw: str) -> tuple[bool, str | None]:
        """``(known, schema code or None)`` for an export code of a coded field.

        The mapping's codes are tried first (exactly, then ignoring case), then the schema's
        own codes (ignoring case). ``(True, None)`` means the export code maps to "not known".
        """
        key = raw.strip()
        table = self.codes.get(spec.name, {})
        if key in table:
            return True, table[key]
        folded = key.lower()
        if folded in self._folded.get(spec.name, {}):
            return True, self._folded[spec.name][folded]
        for code in spec.codes or {}:
            if code.lower() == folded:
                return True, code
        return False, None

    def allowed_codes(self, spec: FieldSpec) -> list[str]:
        """Codes a field accepts: the schema's own codes and the export codes the mapping lists."""
        return sorted(spec.codes or {}) + sorted(self.codes.get(spec.name, {}))

    def parse_bool(self, raw: str) -> bool | None:
        """``True``/``False`` for a recognised value, ``None`` for anything else."""
        folded = raw.strip().lower()
        if folded in self._true:
            return True
        if folded in self._false:
            return False
        return None
