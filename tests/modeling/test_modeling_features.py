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


def _bin_of(encoder: StructuredEncoder, record: dict) -> list[str]:
    """Names of the bin columns set for one record's first numeric field."""
    row = encoder.transform([record])[0]
    return [n for n, v in zip(encoder.feature_names, row, strict=True) if "=" in n and v == 1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, ["child_age=0"]),
        (16, ["child_age=16"]),
        (17, ["child_age=17"]),
        (16.4, ["child_age=16"]),  # nearest level
        (25, ["child_age=17"]),  # past the training range: the end bin
        (-3, ["child_age=0"]),
        (None, []),  # missing: the missing indicator, no bin
        ("not a number", []),
    ],
)
def test_few_distinct_values_get_one_bin_each(value, expected):
    train = [{"child_age": age} for age in range(18) for _ in range(3)]
    encoder = StructuredEncoder(fields=["child_age"]).fit(train)
    assert encoder.feature_names[:2] == ["child_age", "child_age__missing"]
    assert len(encoder.feature_names) == 2 + 18
    assert _bin_of(encoder, {"child_age": value}) == expected


def test_many_distinct_values_get_quantile_bins():
    train = [{"previous_referrals": v} for v in range(100)]
    encoder = StructuredEncoder(fields=["previous_referrals"], bins=4).fit(train)
    names = encoder.feature_names[2:]
    assert names == [
        "previous_referrals=<24.75",
        "previous_referrals=[24.75,49.5)",
        "previous_referrals=[49.5,74.25)",
        "previous_referrals=>=74.25",
    ]
    counts = encoder.transform(train)[:, 2:].sum(axis=0)
    assert counts.tolist() == [25, 25, 25, 25]  # equal-count bins on the training data
    assert _bin_of(encoder, {"previous_referrals": 10_000}) == ["previous_referrals=>=74.25"]


def test_bins_off_and_version_1_artefacts_read_as_before(records):
    plain = StructuredEncoder(bins=0).fit(records)
    assert not any("=" in n for n in plain.feature_names if n.split("=")[0] == "child_age")
    old = plain.to_dict()
    old["version"] = 1
    for field in old["fields"]:
        field.pop("edges", None), field.pop("levels", None)
    old.pop("bins")
    restored = StructuredEncoder.from_dict(json.loads(json.dumps(old)))
    np.testing.assert_array_equal(restored.transform(records), plain.transform(records))
    binned = StructuredEncoder().fit(records)
    assert binned.dim > plain.dim


@pytest.mark.parametrize("bins", [1, -2])
def test_bad_bin_count_is_refused(bins):
    with pytest.raises(ValueError, match="bins: expected 0"):
        StructuredEncoder(bins=bins)
