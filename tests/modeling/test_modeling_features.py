"""StructuredEncoder: unknowns are encoded, never errors; JSON round trip is exact."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest

from referral_nlp.data.schema import MODEL_STRUCTURED_FIELDS, PROTECTED_FIELDS, CaseRecord
from referral_nlp.modeling.features import StructuredEncoder


def test_default_fields_exclude_protected(structured_encoder):
    assert structured_encoder.fields == MODEL_STRUCTURED_FIELDS
    names = structured_encoder.feature_names
    assert not any(name.split("=")[0].split("__")[0] in PROTECTED_FIELDS for name in names)
    assert len(names) == structured_encoder.dim


def test_round_trip_through_json(structured_encoder, records):
    data = json.loads(json.dumps(structured_encoder.to_dict()))
    restored = StructuredEncoder.from_dict(data)
    assert restored.feature_names == structured_encoder.feature_names
    np.testing.assert_array_equal(
        restored.transform(records), structured_encoder.transform(records)
    )


def test_unknown_codes_and_missing_values(structured_encoder, caplog):
    names = structured_encoder.feature_names
    col = {name: i for i, name in enumerate(names)}
    odd = {
        "referral_source": "carrier_pigeon",  # never seen in training
        "child_age": "not a number",  # unreadable -> unknown, logged without the value
        "previous_cp_plan": "maybe",
        "primary_need": None,
        "assessment_factors": ["neglect", "brand_new_factor"],
        # deprivation_decile and previous_referrals absent altogether
    }
    with caplog.at_level(logging.WARNING):
        row = structured_encoder.transform([odd])[0]
    assert row.dtype == np.float32
    assert row[col["referral_source=__unknown__"]] == 1
    assert sum(row[i] for n, i in col.items() if n.startswith("referral_source=")) == 1
    assert row[col["child_age__missing"]] == 1 and row[col["child_age"]] == 0
    assert row[col["previous_cp_plan__missing"]] == 1
    assert row[col["deprivation_decile__missing"]] == 1
    assert row[col["previous_referrals__missing"]] == 1
    assert row[col["primary_need=__unknown__"]] == 1
    assert row[col["assessment_factors=neglect"]] == 1
    assert row[col["assessment_factors=__unknown__"]] == 1
    assert row[col["assessment_factors__missing"]] == 0
    assert "not a number" not in caplog.text and "child_age" in caplog.text
    assert "deprivation_decile" not in caplog.text  # absent is unknown, not unreadable


def test_values_as_a_csv_export_gives_them(structured_encoder):
    col = {name: i for i, name in enumerate(structured_encoder.feature_names)}
    row = structured_encoder.transform(
        [
            {
                "child_age": "9",
                "previous_cp_plan": "true",
                "assessment_factors": '["neglect", "mental_health"]',
                "deprivation_decile": "",
            }
        ]
    )[0]
    assert row[col["child_age__missing"]] == 0
    assert row[col["previous_cp_plan"]] == 1 and row[col["previous_cp_plan__missing"]] == 0
    assert row[col["assessment_factors=mental_health"]] == 1
    assert row[col["deprivation_decile__missing"]] == 1


def test_standardised_and_clipped(records):
    encoder = StructuredEncoder(fields=["child_age"], clip=3.0).fit(records)
    ages = encoder.transform(records)[:, 0]
    known = [r["child_age"] is not None for r in records]
    assert abs(float(ages[known].mean())) < 1e-5
    assert encoder.transform([{"child_age": 1000}])[0, 0] == pytest.approx(3.0)


def test_case_record_dataclass_and_protected_opt_in(records, caplog):
    with caplog.at_level(logging.WARNING):
        encoder = StructuredEncoder(fields=["child_sex", "primary_need"]).fit(records)
    assert "child_sex" in caplog.text
    case = CaseRecord(
        id="x",
        child_id="c",
        family_id="f",
        referral_date="2023-01-01",
        closure_date="2023-01-02",
        text="",
        child_sex="female",
    )
    row = encoder.transform([case])[0]
    col = {name: i for i, name in enumerate(encoder.feature_names)}
    assert row[col["child_sex=female"]] == 1 and row[col["primary_need=__unknown__"]] == 1


def test_bad_configuration_is_a_clear_error():
    with pytest.raises(ValueError, match="not a structured schema field"):
        StructuredEncoder(fields=["text"])
    with pytest.raises(RuntimeError, match="fit"):
        StructuredEncoder().transform([{}])
    with pytest.raises(ValueError, match="no records"):
        StructuredEncoder().fit([])
