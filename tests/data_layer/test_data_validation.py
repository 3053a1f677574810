"""Validation: every kind of bad value is reported with its row and field, never its value."""

from __future__ import annotations

import datetime as dt

import pytest
from data_layer_cases import make_row

from referral_nlp.data import ColumnMapping, DataValidationError, validate_rows
from referral_nlp.io import InputError

# (field, bad value, words the problem must contain)
BAD_VALUES = [
    ("id", "   ", "empty id"),
    ("id", 3.5, "wrong type"),
    ("text", "", "empty text"),
    ("text", 12345, "wrong type (expected text"),
    ("text", ["SECRET-LIST-TEXT"], "wrong type (expected text"),
    ("child_age", "seven-SECRETAGE", "wrong type (expected a whole number"),
    ("child_age", 99, "out of range (expected a whole number from 0 to 17)"),
    ("child_age", 3.5, "fraction"),
    ("child_age", True, "got a boolean"),
    ("deprivation_decile", 4242, "out of range (expected a whole number from 1 to 10)"),
    ("previous_referrals", -333, "out of range (expected a whole number at least 0)"),
    ("disability", "SECRETMAYBE", "not a recognised yes/no value"),
    ("previous_cp_plan", 77, "not a recognised yes/no value"),
    ("child_sex", "SECRETSEX", "unknown code (expected one of"),
    ("ethnicity", "ZZQQ-SECRET", "unknown code"),
    ("referral_source", "SECRET-SOURCE", "unknown code"),
    ("primary_need", "N99", "unknown code"),
    ("assessment_factors", "domestic_abuse;SECRETFACTOR", "item 2: unknown code"),
    ("assessment_factors", ["neglect", "SECRETFACTOR"], "item 2: unknown code"),
    ("assessment_factors", "[not json SECRET", "malformed list"),
    ("referral_date", "31/02/2023", "unparsable date (expected YYYY-MM-DD or DD/MM/YYYY"),
    ("referral_date", "31/02/2023 10:15", "unparsable date"),
    ("referral_date", "03/12/2023 25", "unparsable date"),
    ("referral_date", "SECRETDATE", "unparsable date"),
    ("referral_date", "03-12-2023", "unparsable date"),
    ("closure_date", 20230101, "wrong type (expected a date"),
    ("closure_date", "2019-06-06", "closure before referral"),
    ("re_referral_12m", 777, "label not 0/1"),
    ("escalation_12m", "SECRET-LABEL", "label not 0/1"),
    ("re_referral_12m", None, "missing label"),
    ("escalation_12m", "  ", "missing label"),
    ("child_id", None, "empty id"),
    ("referral_date", "", "missing value (required)"),
]


@pytest.mark.parametrize(("field", "bad", "expected"), BAD_VALUES)
def test_bad_value_names_row_and_field_not_value(field, bad, expected):
    rows = [make_row(1), make_row(2), make_row(3, **{field: bad})]
    with pytest.raises(DataValidationError) as info:
        validate_rows(rows, source="export.jsonl")
    message = str(info.value)
    assert isinstance(info.value, InputError)
    assert f"export.jsonl: row 3: field {field}: " in message
    assert expected in message
    assert len(info.value.problems) == 1
    problem = info.value.problems[0]
    assert (problem.source, problem.row, problem.field) == ("export.jsonl", 3, field)
    if isinstance(bad, str) and bad.strip():
        assert bad not in message
        assert "SECRET" not in message
    elif isinstance(bad, int | float) and not isinstance(bad, bool):
        assert str(bad) not in message.replace("row 3", "")


def test_duplicate_id_names_both_rows_not_the_id():
    rows = [make_row(1, id="SECRET-DUP"), make_row(2), make_row(3, id="SECRET-DUP")]
    with pytest.raises(DataValidationError) as info:
        validate_rows(rows, source="x.csv")
    message = str(info.value)
    assert "x.csv: row 3: field id: duplicate id (first seen at row 1" in message
    assert "SECRET" not in message


def test_all_problems_are_collected_and_long_lists_are_cut():
    rows = [make_row(i, child_age=50, ethnicity="nope") for i in range(1, 16)]
    with pytest.raises(DataValidationError) as info:
        validate_rows(rows, source="big.csv")
    assert len(info.value.problems) == 30
    message = str(info.value)
    assert message.splitlines()[0].startswith("big.csv: 30 problem(s)")
    assert "nothing was loaded or written" in message.splitlines()[0]
    assert len(message.splitlines()) == 1 + 20 + 1
    assert message.splitlines()[-1] == "... and 10 more problem(s)."


def test_missing_required_column_is_reported_once_with_mapping_source():
    mapping = ColumnMapping(columns={"text": "ReferralNarrative"})
    rows = [{k: v for k, v in make_row(i).items() if k != "text"} for i in range(1, 5)]
    with pytest.raises(DataValidationError) as info:
        validate_rows(rows, mapping, source="export.csv", columns=list(rows[0]))
    assert [str(p) for p in info.value.problems] == [
        "export.csv: field text: missing required column 'ReferralNarrative' "
        "(the mapping's source for text)"
    ]


def test_a_mapped_optional_column_the_file_lacks_is_a_problem_not_an_unknown():
    """A typo in the mapping would make ethnicity unknown for every case, silently."""
    mapping = ColumnMapping(columns={"ethnicity": "EthnicCode"})
    rows = [make_row(i) for i in range(1, 4)]  # the file has "ethnicity", not "EthnicCode"
    with pytest.raises(DataValidationError) as info:
        validate_rows(rows, mapping, source="export.csv", columns=list(rows[0]))
    (problem,) = info.value.problems
    assert str(problem).startswith(
        "export.csv: field ethnicity: missing column 'EthnicCode', which the mapping names"
    )
    unmapped = [{k: v for k, v in make_row(1).items() if k != "ethnicity"}]
    (record,) = validate_rows(unmapped, columns=list(unmapped[0]))  # not in the export: unknown
    assert record["ethnicity"] is None


def test_an_unknown_key_is_counted_in_the_log_not_named(caplog):
    """In JSON lines the keys come from each record, and a key can be a name."""
    row = {**make_row(1), "Jane Exampleson": "x"}
    with caplog.at_level("DEBUG", logger="referral_nlp.data.validation"):
        validate_rows([row], source="cases.jsonl")
    assert "1 column(s) not in the schema, ignored" in caplog.text
    assert "Exampleson" not in caplog.text


def test_missing_label_column_only_when_labels_required():
    rows = [{k: v for k, v in make_row(1).items() if k != "escalation_12m"}]
    with pytest.raises(DataValidationError, match="missing required column 'escalation_12m'"):
        validate_rows(rows)
    (record,) = validate_rows(rows, require_labels=False)
    assert record["escalation_12m"] is None
    assert record["re_referral_12m"] == 0


def test_optional_fields_missing_are_unknown_not_errors():
    required = {"id", "child_id", "family_id", "referral_date", "closure_date", "text"}
    row = {k: v for k, v in make_row(1).items() if k in required}
    row["ethnicity"] = ""
    row["child_age"] = float("nan")
    (record,) = validate_rows([row], require_labels=False)
    assert record["ethnicity"] is None
    assert record["child_age"] is None
    assert record["disability"] is None
    assert record["assessment_factors"] == []
    assert record["re_referral_12m"] is None


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2023-04-05", "2023-04-05"),
        ("2023-04-05T13:45:00", "2023-04-05"),
        ("2023-04-05 13:45:00+01:00", "2023-04-05"),
        ("05/04/2023", "2023-04-05"),
        ("5/4/2023", "2023-04-05"),
        ("05/04/2023 00:00", "2023-04-05"),  # as a spreadsheet or Mosaic export writes it
        ("05/04/2023 13:45:07", "2023-04-05"),
        ("5/4/2023T9:05", "2023-04-05"),
        (dt.date(2023, 4, 5), "2023-04-05"),
        (dt.datetime(2023, 4, 5, 9, 30), "2023-04-05"),
    ],
)
def test_dates_become_iso(raw, iso):
    (record,) = validate_rows([make_row(1, referral_date=raw, closure_date="2023-12-31")])
    assert record["referral_date"] == iso


def test_date_format_from_mapping_is_strict():
    mapping = ColumnMapping(date_format="%d.%m.%Y")
    row = make_row(1, referral_date="05.04.2023", closure_date="06.04.2023")
    (record,) = validate_rows([row], mapping)
    assert (record["referral_date"], record["closure_date"]) == ("2023-04-05", "2023-04-06")
    with pytest.raises(DataValidationError, match=r"expected a date as '%d\.%m\.%Y'"):
        validate_rows([make_row(1)], mapping)


def test_types_are_coerced():
    row = make_row(
        1,
        id=17,
        child_age="7",
        deprivation_decile=3.0,
        previous_referrals="2.0",
        disability="YES",
        previous_cp_plan=1,
        child_sex="Female",
        assessment_factors='["neglect", "domestic_abuse", "neglect"]',
        re_referral_12m="1",
        escalation_12m=True,
    )
    (record,) = validate_rows([row])
    assert record["id"] == "17"
    assert record["child_age"] == 7
    assert record["deprivation_decile"] == 3
    assert record["previous_referrals"] == 2
    assert record["disability"] is True
    assert record["previous_cp_plan"] is True
    assert record["child_sex"] == "female"
    assert record["assessment_factors"] == ["neglect", "domestic_abuse"]
    assert (record["re_referral_12m"], record["escalation_12m"]) == (1, 1)


def test_extra_columns_are_copied_through():
    row = make_row(1, oracle_re_referral=0.25, unrelated="dropped")
    (record,) = validate_rows([row], extra_columns=["oracle_re_referral"])
    assert record["oracle_re_referral"] == 0.25
    assert "unrelated" not in record
