"""One coding of the fairness groups: bands, quintiles, "not recorded", natural order."""

from __future__ import annotations

import math

import numpy as np
import pytest

from referral_nlp.data.groups import (
    GROUP_ATTRIBUTES,
    NOT_RECORDED,
    age_band,
    code_column,
    deprivation_quintile,
    group_columns,
    sorted_codes,
)
from referral_nlp.data.values import is_not_recorded


@pytest.mark.parametrize(
    ("age", "band"),
    [(0, "0-4"), (4, "0-4"), (5, "5-9"), (9.0, "5-9"), (10, "10-15"), (15, "10-15"),
     (16, "16-17"), (17, "16-17"), ("12", "10-15"), (18, NOT_RECORDED), (-1, NOT_RECORDED),
     (None, NOT_RECORDED), (math.nan, NOT_RECORDED), ("twelve", NOT_RECORDED),
     (4.5, NOT_RECORDED), (True, NOT_RECORDED)],
)  # fmt: skip
def test_age_band(age: object, band: str) -> None:
    assert age_band(age) == band


def test_deprivation_quintile_names_both_ends() -> None:
    assert [deprivation_quintile(d) for d in range(1, 11)] == [
        "Q1 (most deprived)", "Q1 (most deprived)", "Q2", "Q2", "Q3", "Q3", "Q4", "Q4",
        "Q5 (least deprived)", "Q5 (least deprived)",
    ]  # fmt: skip
    assert {deprivation_quintile(d) for d in (0, 11, None, 2.5, "x")} == {NOT_RECORDED}


@pytest.mark.parametrize(
    "value", [None, math.nan, np.float64("nan"), "", "  ", "unknown", "Not_Stated", "(missing)"]
)
def test_every_spelling_of_no_value_is_not_recorded(value: object) -> None:
    assert is_not_recorded(value)
    assert code_column([value, "white"]).tolist() == [NOT_RECORDED, "white"]


def test_code_column_is_idempotent_and_codes_booleans() -> None:
    codes = code_column([True, False, None, "Q1 (most deprived)", 1])
    assert codes.tolist() == ["yes", "no", NOT_RECORDED, "Q1 (most deprived)", "1"]
    assert code_column(codes).tolist() == codes.tolist()


def test_code_column_refuses_ids_without_quoting_them() -> None:
    with pytest.raises(ValueError, match=r"groups\['family_id'\].*60 distinct") as info:
        code_column([f"FAM-{i}" for i in range(60)], "family_id")
    assert "FAM-" not in str(info.value)
    with pytest.raises(ValueError, match="1-D"):
        code_column(np.zeros((2, 2)), "sex")


def test_group_columns_cover_every_attribute_even_a_missing_field() -> None:
    records = [
        {"child_sex": "female", "ethnicity": "not_stated", "child_age": 3, "disability": True,
         "deprivation_decile": 1},
        {"child_sex": "unknown", "child_age": 16, "disability": False},
    ]  # fmt: skip
    columns = group_columns(records)
    assert tuple(columns) == GROUP_ATTRIBUTES
    assert columns["child_sex"].tolist() == ["female", NOT_RECORDED]
    assert columns["ethnicity"].tolist() == [NOT_RECORDED, NOT_RECORDED]
    assert columns["age_band"].tolist() == ["0-4", "16-17"]
    assert columns["disability"].tolist() == ["yes", "no"]
    assert columns["deprivation_quintile"].tolist() == ["Q1 (most deprived)", NOT_RECORDED]


def test_sorted_codes_natural_order_not_recorded_last() -> None:
    codes = ["10-15", NOT_RECORDED, "5-9", "16-17", "0-4"]
    assert sorted_codes(codes) == ["0-4", "5-9", "10-15", "16-17", NOT_RECORDED]
    assert sorted_codes(["Q5 (least deprived)", "Q2", "Q1 (most deprived)"]) == [
        "Q1 (most deprived)", "Q2", "Q5 (least deprived)",
    ]  # fmt: skip
