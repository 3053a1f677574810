"""What a cell means when it holds no value, and which spellings are yes and no: one vocabulary.

Council exports say "no value" in many ways (a blank cell, ``NULL``, ``n/a``, ``Not known``,
a NaN from pandas), and yes/no in many more. Every reader of a structured value (the feature
encoder, the scoring path's coercion, the fairness groups, the column mapping's defaults, the
service's switches) decides through this module, so a value means the same thing in training,
evaluation and serving.

Two predicates, because two questions are asked:

* :func:`is_blank`: is there anything in the cell at all (None, NaN, pandas' NA/NaT, an empty
  or all-space string)? Data validation asks this: a cell that says ``n/a`` in an integer column
  is reported, so the user can map the code, rather than passed silently.
* :func:`is_not_recorded`: blank, or a string in :data:`NOT_RECORDED_TEXT`. The model's features,
  the scoring path and the fairness groups ask this: to them ``unknown`` and an empty cell are
  the same fact, "we do not know".
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

__all__ = [
    "FALSE_TEXT",
    "NOT_RECORDED_TEXT",
    "TRUE_TEXT",
    "is_blank",
    "is_not_recorded",
    "parse_bool",
]

#: Strings that say "no value", compared lower-cased with spaces and underscores alike (so the
#: schema's ``not_stated`` ethnicity and ``unknown`` sex are included). Never a code the model
#: reads: "missing" alone is the CIN assessment factor "Going or being missing", so only
#: "(missing)" is here (``tests/data_layer/test_values.py`` checks every model field's codes).
NOT_RECORDED_TEXT: frozenset[str] = frozenset(
    {
        "",
        "unknown",
        "not known",
        "not stated",
        "not recorded",
        "(missing)",
        "nan",
        "none",
        "null",
        "n/a",
        "na",
    }
)
#: Spellings of yes and no (compared lower-cased, stripped). The column mapping's defaults.
TRUE_TEXT: tuple[str, ...] = ("1", "y", "yes", "true", "t")
FALSE_TEXT: tuple[str, ...] = ("0", "n", "no", "false", "f")
_TRUE = frozenset(TRUE_TEXT)
_FALSE = frozenset(FALSE_TEXT)


def is_blank(value: Any) -> bool:
    """True for None, NaN, pandas' NA and NaT, and empty or all-space strings."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, bool | int | list | tuple | dict):
        return False
    if isinstance(value, dt.date):
        return value != value  # pandas NaT is a datetime that is not equal to itself
    # numpy floats and pandas' NA, without importing pandas: NA's type name says what it is,
    # and NaN is the one float that is not equal to itself.
    if type(value).__name__ in {"NAType", "NaTType"}:
        return True
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def is_not_recorded(value: Any) -> bool:
    """True for a blank value and for the strings in :data:`NOT_RECORDED_TEXT`."""
    if isinstance(value, str):
        return value.strip().lower().replace("_", " ") in NOT_RECORDED_TEXT
    return is_blank(value)


def parse_bool(value: Any) -> bool | None:
    """``True``/``False`` for a boolean, 0/1 or a yes/no spelling; None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        return None
    try:  # numpy booleans and numbers, without importing numpy
        if value in (0, 1):
            return bool(value)
    except (TypeError, ValueError):
        pass
    return None
