"""One vocabulary for "no value" and yes/no, and the readers that use it agree."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from referral_nlp.data.mapping import DEFAULT_FALSE_VALUES, DEFAULT_TRUE_VALUES
from referral_nlp.data.schema import FIELDS_BY_NAME, MODEL_STRUCTURED_FIELDS
from referral_nlp.data.values import (
    FALSE_TEXT,
    TRUE_TEXT,
    is_blank,
    is_not_recorded,
    parse_bool,
)
from referral_nlp.modeling.features import StructuredEncoder
from referral_nlp.modeling.scoring import coerce_case

BLANK = [None, math.nan, np.float32("nan"), pd.NA, pd.NaT, "", "   "]
NOT_RECORDED_ONLY = ["unknown", "Not Known", "not_stated", "N/A", "NULL", "nan", "(missing)"]
VALUES = [0, 1, 2.5, "white", "no", "0", [], [1], {"a": 1}, dt.date(2024, 1, 2), False]


@pytest.mark.parametrize("value", BLANK)
def test_blank_values_are_blank_and_not_recorded(value: object) -> None:
    assert is_blank(value)
    assert is_not_recorded(value)


@pytest.mark.parametrize("value", NOT_RECORDED_ONLY)
def test_no_value_words_are_not_recorded_but_not_blank(value: str) -> None:
    # Validation reports "n/a" in an integer column (the user maps it); the model reads "unknown".
    assert not is_blank(value)
    assert is_not_recorded(value)


@pytest.mark.parametrize("value", VALUES)
def test_values_are_neither(value: object) -> None:
    assert not is_blank(value)
    assert not is_not_recorded(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), (False, False), (1, True), (0, False), (1.0, True), (np.True_, True),
     (np.int64(0), False), (" Yes ", True), ("Y", True), ("t", True), ("NO", False),
     ("f", False), ("0", False), (2, None), (0.5, None), ("maybe", None), ("", None),
     (None, None), (math.nan, None), (np.array([0, 1]), None)],
)  # fmt: skip
def test_parse_bool(value: object, expected: bool | None) -> None:
    assert parse_bool(value) is expected


def test_the_mapping_defaults_are_the_vocabulary() -> None:
    assert DEFAULT_TRUE_VALUES == TRUE_TEXT
    assert DEFAULT_FALSE_VALUES == FALSE_TEXT
    assert all(parse_bool(v) is True for v in TRUE_TEXT)
    assert all(parse_bool(v) is False for v in FALSE_TEXT)


@pytest.mark.parametrize("spelling", ["", "n/a", "Unknown", "NULL"])
def test_scoring_and_features_read_a_missing_value_alike(spelling: str) -> None:
    """The scoring path and the feature encoder agree that each spelling means "not recorded",
    so a case scored through the service is encoded as the same case read from a file."""
    train = [
        {"child_age": 3, "previous_referrals": 1, "previous_cp_plan": True},
        {"child_age": 9, "previous_referrals": 0, "previous_cp_plan": False},
    ]
    encoder = StructuredEncoder(fields=["child_age", "previous_cp_plan"]).fit(train)
    raw = {"child_age": spelling, "previous_cp_plan": spelling}
    coerced, problems = coerce_case(raw)
    assert problems == []
    assert coerced["child_age"] is None and coerced["previous_cp_plan"] is None
    np.testing.assert_array_equal(encoder.transform([raw]), encoder.transform([coerced]))
    np.testing.assert_array_equal(
        encoder.transform([raw]), encoder.transform([{"child_age": None}])
    )


def test_no_code_the_model_reads_counts_as_not_recorded() -> None:
    """The code "missing" is the assessment factor "Going or being missing": read as "no value" it
    would vanish from the model's features without a word."""
    for name in MODEL_STRUCTURED_FIELDS:
        codes = FIELDS_BY_NAME[name].codes or {}
        assert [c for c in codes if is_not_recorded(c)] == [], name
    encoder = StructuredEncoder(fields=["assessment_factors"]).fit(
        [{"assessment_factors": ["missing", "cse"]}, {"assessment_factors": ["neglect"]}]
    )
    assert coerce_case({"assessment_factors": "missing"})[0]["assessment_factors"] == ["missing"]
    missing_column = encoder.feature_names.index("assessment_factors=missing")
    assert encoder.transform([{"assessment_factors": ["missing"]}])[0, missing_column] == 1
