"""The groups of children that per-group results compare, coded in one place.

Five attributes, each read from one schema field:

==========================  ======================  ==========================================
attribute                   field                   codes
==========================  ======================  ==========================================
``child_sex``               ``child_sex``           the schema codes (``female``, ``male``)
``ethnicity``               ``ethnicity``           ONS 2021 top-level groups (``white``, ...)
``age_band``                ``child_age``           ``0-4``, ``5-9``, ``10-15``, ``16-17``
``disability``              ``disability``          ``yes``, ``no``
``deprivation_quintile``    ``deprivation_decile``  ``Q1 (most deprived)``, ``Q2`` .. ``Q4``,
                                                    ``Q5 (least deprived)``
==========================  ======================  ==========================================

Anything without a usable value is ``not recorded``: a missing field, None/NaN, an empty
string, an age outside 0-17, a decile outside 1-10, and the schema's own "not known" codes
(``unknown`` sex, ``not_stated`` ethnicity), because to a reader of a fairness table they all
mean the same thing: we do not know which group this child is in. The data-quality summary
(:mod:`referral_nlp.data.quality`) and the fairness evaluation
(:mod:`referral_nlp.evaluation.fairness`) both code through this module, so a group has one
name everywhere.

Codes are category names, never values copied from a record's free text: :func:`code_column`
refuses a column with more than 50 distinct values (an id or free text, not a category).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from referral_nlp.data.values import is_not_recorded

__all__ = [
    "AGE_BANDS",
    "GROUP_ATTRIBUTES",
    "MAX_CATEGORIES",
    "NOT_RECORDED",
    "SOURCE_FIELDS",
    "age_band",
    "age_bands",
    "category_code",
    "code_column",
    "deprivation_quintile",
    "deprivation_quintiles",
    "group_code",
    "group_columns",
    "sorted_codes",
]

NOT_RECORDED = "not recorded"
GROUP_ATTRIBUTES: tuple[str, ...] = (
    "child_sex",
    "ethnicity",
    "age_band",
    "disability",
    "deprivation_quintile",
)
#: The record field each attribute is coded from.
SOURCE_FIELDS: dict[str, str] = {
    "child_sex": "child_sex",
    "ethnicity": "ethnicity",
    "age_band": "child_age",
    "disability": "disability",
    "deprivation_quintile": "deprivation_decile",
}
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0-4", 0, 4),
    ("5-9", 5, 9),
    ("10-15", 10, 15),
    ("16-17", 16, 17),
)
_QUINTILES = ("Q1 (most deprived)", "Q2", "Q3", "Q4", "Q5 (least deprived)")
#: A column with more distinct values than this is not a category (an id or free text).
MAX_CATEGORIES = 50


def _whole_number(value: Any) -> int | None:
    if is_not_recorded(value) or isinstance(value, bool | np.bool_):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or number != int(number):
        return None
    return int(number)


def age_band(age: Any) -> str:
    """``0-4``, ``5-9``, ``10-15`` or ``16-17`` for a whole number of years, else not recorded."""
    years = _whole_number(age)
    if years is not None:
        for name, low, high in AGE_BANDS:
            if low <= years <= high:
                return name
    return NOT_RECORDED


def deprivation_quintile(decile: Any) -> str:
    """IMD decile (1 = most deprived) to ``Q1 (most deprived)`` (deciles 1-2) ..
    ``Q5 (least deprived)`` (9-10). Quintiles halve the number of groups, so each is big
    enough to judge."""
    number = _whole_number(decile)
    if number is None or not 1 <= number <= 10:
        return NOT_RECORDED
    return _QUINTILES[(number - 1) // 2]


def category_code(value: Any) -> str:
    """A category's code: booleans ``yes``/``no``, other values as text, missing not recorded."""
    if is_not_recorded(value):
        return NOT_RECORDED
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    return str(value).strip()


def group_code(attribute: str, value: Any) -> str:
    """The code of one record's ``value`` of the attribute's source field (table above)."""
    if attribute == "age_band":
        return age_band(value)
    if attribute == "deprivation_quintile":
        return deprivation_quintile(value)
    return category_code(value)


def age_bands(ages: Iterable[Any]) -> np.ndarray:
    """:func:`age_band` of each value, as an object array."""
    return np.array([age_band(a) for a in ages], dtype=object)


def deprivation_quintiles(deciles: Iterable[Any]) -> np.ndarray:
    """:func:`deprivation_quintile` of each value, as an object array."""
    return np.array([deprivation_quintile(d) for d in deciles], dtype=object)


def code_column(values: Sequence[Any] | np.ndarray, attribute: str = "group") -> np.ndarray:
    """Category codes (:func:`category_code`) of a column that is already banded or coded.

    Idempotent: codes from this module come back unchanged. Raises a ValueError for a column
    that is not 1-D or has more than :data:`MAX_CATEGORIES` distinct values (the message
    gives the count, never a value).
    """
    arr = np.asarray(values, dtype=object)
    if arr.ndim != 1:
        raise ValueError(f"groups[{attribute!r}]: expected a 1-D column, got shape {arr.shape}.")
    items = arr.tolist()
    try:  # code each distinct value once; keyed with the type because True == 1 as dict keys
        lookup = {key: category_code(key[1]) for key in {(type(v), v) for v in items}}
        codes = np.array([lookup[type(v), v] for v in items], dtype=object)
    except TypeError:  # unhashable values
        codes = np.array([category_code(v) for v in items], dtype=object)
    n_distinct = len(set(codes.tolist()))
    if n_distinct > MAX_CATEGORIES:
        raise ValueError(
            f"groups[{attribute!r}]: expected category codes, got {n_distinct} distinct values "
            f"(more than {MAX_CATEGORIES}); pass a banded or coded attribute, not an id."
        )
    return codes


def group_columns(records: Sequence[Mapping[str, Any]]) -> dict[str, np.ndarray]:
    """``{attribute: codes}`` for the five attributes, one code per record.

    A field that no record has gives a column of ``not recorded``, never a missing column, so
    the fairness report can say how many cases it could not place.
    """
    return {
        attribute: np.array(
            [group_code(attribute, r.get(SOURCE_FIELDS[attribute])) for r in records],
            dtype=object,
        )
        for attribute in GROUP_ATTRIBUTES
    }


def _natural_key(code: str) -> tuple[Any, ...]:
    """``5-9`` before ``10-15``, ``Q2`` before ``Q10``; not recorded last."""
    if code == NOT_RECORDED:
        return ((1, ""),)
    parts = re.split(r"(\d+)", code)
    return ((0, ""), *((0, int(p)) if p.isdigit() else (1, p) for p in parts if p))


def sorted_codes(codes: Iterable[str]) -> list[str]:
    """Distinct codes in natural order (age bands by age, quintiles by number), not recorded
    last."""
    return sorted(set(codes), key=_natural_key)
