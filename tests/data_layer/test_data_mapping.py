"""Column mapping: strict loading, code translation, and the shipped example export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from referral_nlp.data import FIELDS_BY_NAME, ColumnMapping, load_cases

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_example_export_loads_with_example_mapping():
    records = load_cases(
        SAMPLES / "council_export.example.csv", SAMPLES / "column_mapping.example.yaml"
    )
    assert len(records) == 10
    first = records[0]
    assert first["id"] == "EX-0001"
    assert (first["referral_date"], first["closure_date"]) == ("2023-01-04", "2023-02-21")
    assert (first["child_sex"], first["ethnicity"], first["referral_source"]) == (
        "female",
        "white",
        "police",
    )
    assert first["disability"] is False
    assert first["assessment_factors"] == ["domestic_abuse"]
    by_id = {r["id"]: r for r in records}
    assert by_id["EX-0005"]["assessment_factors"] == ["missing", "emotional_abuse"]
    assert by_id["EX-0003"]["ethnicity"] == "asian"
    unknown = by_id["EX-0007"]
    assert (unknown["child_sex"], unknown["ethnicity"]) == ("unknown", "not_stated")
    assert unknown["deprivation_decile"] is None and unknown["previous_cp_plan"] is None
    for record in records:
        for name, value in record.items():
            spec = FIELDS_BY_NAME[name]
            if spec.kind == "category" and value is not None:
                assert value in spec.codes
    assert {r["re_referral_12m"] for r in records} == {0, 1}


def test_from_file_yaml_and_json_agree(tmp_path):
    values = {
        "columns": {"child_sex": "Gender"},
        "codes": {"child_sex": {"M": "male", "1": "male", "9": None}},
        "true_values": ["Y"],
        "false_values": ["N"],
    }
    (tmp_path / "m.json").write_text(json.dumps(values))
    (tmp_path / "m.yaml").write_text(
        'columns: {child_sex: Gender}\ncodes: {child_sex: {"M": male, 1: male, "9": null}}\n'
        'true_values: ["Y"]\nfalse_values: ["N"]\n'
    )
    from_json = ColumnMapping.from_file(tmp_path / "m.json")
    from_yaml = ColumnMapping.from_file(tmp_path / "m.yaml")
    assert from_json == from_yaml
    assert from_yaml.codes["child_sex"] == {"M": "male", "1": "male", "9": None}
    assert from_yaml.to_dict()["true_values"] == ["Y"]


def test_nested_column_mapping_section(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("column_mapping:\n  columns: {id: Ref}\n")
    assert ColumnMapping.from_file(path).source_column("id") == "Ref"


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"colums": {}}, ["'colums'", "columns", "codes", "date_format"]),
        ({"columns": {"child_gender": "Sex"}}, ["'child_gender'", "child_sex"]),
        ({"columns": {"id": "Ref", "child_id": "Ref"}}, ["'id' and 'child_id'", "'Ref'"]),
        ({"codes": {"child_age": {"1": "x"}}}, ["'child_age' is not a coded field"]),
        ({"codes": {"ethnicity": {"WBRI": "caucasian"}}}, ["codes.ethnicity.WBRI", "'white'"]),
        ({"codes": {"disability": {"Y": True}}}, ["'disability' is not a coded field"]),
        ({"true_values": ["Y"], "false_values": ["y"]}, ["share ['y']"]),
        ({"date_format": "dd/mm/yyyy"}, ["date_format"]),
        ({"multi_value_separator": ""}, ["multi_value_separator"]),
    ],
)
def test_strict_errors_name_the_key(values, words):
    with pytest.raises(ValueError) as info:
        ColumnMapping.from_dict(values)
    for word in words:
        assert word in str(info.value)


def test_unquoted_yaml_boolean_is_refused(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("codes:\n  child_sex:\n    yes: male\n")
    with pytest.raises(ValueError, match=r"m\.yaml: codes\.child_sex: .*quote the code"):
        ColumnMapping.from_file(path)


def test_unreadable_or_malformed_file(tmp_path):
    with pytest.raises(ValueError, match="cannot read the column mapping"):
        ColumnMapping.from_file(tmp_path / "absent.yaml")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ValueError, match=r"bad\.json: not valid JSON"):
        ColumnMapping.from_file(bad)
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n- b\n")
    with pytest.raises(ValueError, match="expected a mapping"):
        ColumnMapping.from_file(listed)


def test_code_lookup_order_and_case():
    mapping = ColumnMapping(codes={"ethnicity": {"WBRI": "white", "NOBT": None}})
    spec = FIELDS_BY_NAME["ethnicity"]
    assert mapping.map_code(spec, "WBRI") == (True, "white")
    assert mapping.map_code(spec, " wbri ") == (True, "white")
    assert mapping.map_code(spec, "NOBT") == (True, None)
    assert mapping.map_code(spec, "Asian") == (True, "asian")  # a schema code passes through
    assert mapping.map_code(spec, "XXXX") == (False, None)
    assert "WBRI" in mapping.allowed_codes(spec) and "white" in mapping.allowed_codes(spec)


def test_default_booleans_case_insensitive():
    mapping = ColumnMapping()
    assert [mapping.parse_bool(v) for v in ["Y", "yes", "TRUE", "1", "n", "No", "false", "0"]] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    assert mapping.parse_bool("maybe") is None


def test_coerce_accepts_all_forms(tmp_path):
    path = tmp_path / "m.json"
    path.write_text('{"columns": {"id": "Ref"}}')
    assert ColumnMapping.coerce(None) == ColumnMapping()
    assert ColumnMapping.coerce(str(path)).source_column("id") == "Ref"
    assert ColumnMapping.coerce({"columns": {"id": "Ref"}}).source_column("id") == "Ref"
    mapping = ColumnMapping()
    assert ColumnMapping.coerce(mapping) is mapping


def test_headers_match_the_mapping_whatever_their_case_and_surrounding_spaces(tmp_path):
    # A spreadsheet export writes "Gender " or "GENDER" for the mapping's "Gender"; a default
    # name ("text") matches "Text" too, as the SSD tables' columns do.
    import pandas as pd

    frame = pd.read_csv(SAMPLES / "council_export.example.csv", dtype=str, keep_default_na=False)
    renamed = {c: (f" {c.upper()} " if i % 2 else c.lower()) for i, c in enumerate(frame.columns)}
    export = tmp_path / "export.csv"
    frame.rename(columns=renamed).to_csv(export, index=False)
    mapping = SAMPLES / "column_mapping.example.yaml"
    assert load_cases(export, mapping) == load_cases(
        SAMPLES / "council_export.example.csv", mapping
    )
