"""Structured fields, families, codes, case notes and data errors of SSD-derived records."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from ssd_cases import FORENAME, NHS, SURNAME, Extract, build, by_id

from referral_nlp.data.schema import ASSESSMENT_FACTORS as PROJECT_FACTORS
from referral_nlp.data.schema import REFERRAL_SOURCES as PROJECT_SOURCES
from referral_nlp.data.ssd import build_histories, build_records, join_text_export, read_ssd
from referral_nlp.data.ssd.codes import ASSESSMENT_FACTORS, REFERRAL_SOURCES, parse_factor_codes
from referral_nlp.data.ssd.history import (
    AFTER_EXTRACT,
    BEFORE_REFERRAL,
    MALFORMED_FACTORS,
    UNKNOWN_CODE,
)
from referral_nlp.data.ssd.text_export import TextMapping
from referral_nlp.data.validation import DataValidationError


def test_structured_fields_from_the_tables(tmp_path):
    ex = (
        Extract()
        .person("C1", "2010-05-01", sex="2", ethnicity="CNHE")
        .disability("C1", "NONE")
        .disability("C1", "LD")
        .episode("R1", "C1", "2020-01-10", "2020-02-01", source="3F", need="N4", factors=["3B"])
        .person("C2", "2021-03-01", sex="M", ethnicity="MWBC")  # referred before birth
        .disability("C2", "NONE")
        .episode("R2", "C2", "2020-12-01", "2021-01-05", source="99", need="X1")
        .person("C3", "2012-01-01", sex="U", ethnicity="")
        .episode("R3", "C3", "2020-01-10", "2020-02-01", source="", need="")
    )
    built = build(ex, tmp_path)
    r1, r2, r3 = (by_id(built)[r] for r in ("R1", "R2", "R3"))
    assert (r1["child_age"], r1["child_sex"], r1["ethnicity"], r1["disability"]) == (
        9, "female", "asian", True,
    )  # fmt: skip
    assert (r1["referral_source"], r1["primary_need"]) == ("camhs", "N4")
    assert r1["assessment_factors"] == ["domestic_abuse"]
    assert (r2["child_age"], r2["child_sex"], r2["ethnicity"], r2["disability"]) == (
        0, "male", "mixed", False,
    )  # fmt: skip
    assert built.referred_before_birth == 1
    assert (r2["referral_source"], r2["primary_need"]) == (None, None)  # unlisted codes
    assert (r3["child_sex"], r3["ethnicity"], r3["disability"], r3["referral_source"]) == (
        "unknown", None, None, None,
    )  # fmt: skip
    assert r1["deprivation_decile"] is None  # not in the SSD
    errors = {(e["table"], e["column"], e["kind"]): e for e in built_errors(ex, tmp_path)}
    assert errors[("ssd_cin_episodes", "cine_referral_source_code", UNKNOWN_CODE)]["rows"] == [2]
    assert errors[("ssd_cin_episodes", "cine_cin_primary_need_code", UNKNOWN_CODE)]["rows"] == [2]


def built_errors(ex: Extract, tmp_path, extract_date: str = "2024-12-31") -> list[dict]:
    """The data errors prepare would report (the build fills them in as it reads)."""
    ssd, notes = ex.write(tmp_path / "errors")
    tables = read_ssd(ssd)
    histories = build_histories(tables, dt.date.fromisoformat(extract_date))
    texts = join_text_export(notes, TextMapping(text="note_text"), histories.episodes)
    build_records(tables, histories, texts)
    return histories.errors.as_list()


def test_no_identity_value_reaches_a_record(tmp_path):
    ex = Extract().person("C1", "2010-05-01").episode("R1", "C1", "2020-01-10", "2020-02-01")
    record = by_id(build(ex, tmp_path))["R1"]
    flat = json.dumps(record)
    for value in (FORENAME, SURNAME, NHS, "2010-05-01"):
        assert value not in flat
    assert not any("dob" in key or "birth" in key for key in record)


@pytest.mark.parametrize(
    "cell, expected",
    [
        ('["3B", "16A", "21"]', ["domestic_abuse", "neglect"]),
        ('{"1A": "Yes", "2B": "No", "24A": "yes"}', ["alcohol_misuse", "cce"]),
        ("4a, 10A", ["mental_health", "missing"]),
        ('["18B", "18C", "19C", "22A", "23A", "9A", "8D"]',
         ["faith_abuse", "fgm", "physical_abuse", "privately_fostered", "sexual_abuse", "uasc"]),
        ("", []),
    ],
)  # fmt: skip
def test_assessment_factor_cells(tmp_path, cell, expected):
    ex = Extract().person("C1").episode("R1", "C1", "2020-01-10", "2020-02-01", factors=cell)
    assert by_id(build(ex, tmp_path))["R1"]["assessment_factors"] == expected


def test_malformed_and_unknown_factors_are_counted_not_guessed(tmp_path):
    ex = (
        Extract()
        .person("C1")
        .episode("R1", "C1", "2020-01-10", "2020-02-01", factors='["3B", "99Z"]')
        .episode("R2", "C1", "2021-03-01", "2021-04-01", factors='["3B"')
    )
    records = by_id(build(ex, tmp_path))
    assert records["R1"]["assessment_factors"] == ["domestic_abuse"]
    assert records["R2"]["assessment_factors"] == []
    kinds = {(e["kind"], tuple(e["rows"])) for e in built_errors(ex, tmp_path)}
    assert (UNKNOWN_CODE, (1,)) in kinds and (MALFORMED_FACTORS, (2,)) in kinds


def test_every_code_maps_to_a_project_code():
    assert set(REFERRAL_SOURCES.values()) - {None} <= set(PROJECT_SOURCES)
    assert set(ASSESSMENT_FACTORS.values()) - {None} <= set(PROJECT_FACTORS)
    assert parse_factor_codes('["3B"') is None


def test_families_join_through_shared_children(tmp_path):
    ex = (
        Extract()
        .person("A", family="F2")
        .family("F9", "A")  # A is recorded in two families: F2 and F9 join
        .person("B", family="F9")
        .person("C", family="F3")
        .person("D", family=None)
    )
    for i, child in enumerate("ABCD"):
        ex.episode(f"R{i}", child, "2020-01-10", "2020-02-01")
    records = by_id(build(ex, tmp_path))
    assert [records[f"R{i}"]["family_id"] for i in range(4)] == ["F2", "F2", "F3", "no-family:D"]


def test_notes_join_by_person_and_date(tmp_path):
    ex = (
        Extract()
        .person("C1")
        .episode("R1", "C1", "2020-01-10", "2020-02-01", note=None)
        .episode("R2", "C1", "2021-01-10", "2021-02-01", note=None)
    )
    ssd, notes = ex.write(tmp_path)
    notes.write_text(
        "person,written,body\n"
        "C1,15/01/2020,second note of R1\n"
        "C1,10/01/2020,first note of R1\n"
        "C1,2021-01-31,note of R2\n",
        encoding="utf-8",
    )
    histories = build_histories(read_ssd(ssd), dt.date(2024, 12, 31))
    mapping = TextMapping(text="body", person_id="person", date="written")
    joined = join_text_export(notes, mapping, histories.episodes)
    assert joined.texts == {"R1": "first note of R1\n\nsecond note of R1", "R2": "note of R2"}
    assert joined.n_episodes_with_several == 1
    assert joined.n_duplicate_notes == 0
    # A row repeated by the export (same episode, date and text) is one note, counted.
    rows = notes.read_text(encoding="utf-8").splitlines()
    notes.write_text("\n".join([*rows, rows[1], rows[3]]) + "\n", encoding="utf-8")
    joined = join_text_export(notes, mapping, histories.episodes)
    assert joined.texts == {"R1": "first note of R1\n\nsecond note of R1", "R2": "note of R2"}
    assert joined.n_duplicate_notes == 2
    notes.write_text("person,written,body\nC1,2020-03-01,between episodes\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="1 of 1 note"):
        join_text_export(notes, mapping, histories.episodes)


def test_data_errors_are_named_by_table_and_row_never_by_value(tmp_path):
    ex = (
        Extract()
        .person("C1")
        .episode("R1", "C1", "2020-01-10", "2020-02-01")
        .s47("C1", "2019-12-01", "R1")  # before its referral
        .s47("C1", "2030-01-01")  # after the extract date
    )
    errors = built_errors(ex, tmp_path)
    found = {(e["table"], e["column"], e["kind"], tuple(e["rows"])) for e in errors}
    assert ("ssd_s47_enquiry", "s47e_referral_id", BEFORE_REFERRAL, (1,)) in found
    assert ("ssd_s47_enquiry", "s47e_s47_start_date", AFTER_EXTRACT, (2,)) in found
    assert "2019-12-01" not in json.dumps(errors) and "2030" not in json.dumps(errors)
    assert by_id(build(ex, tmp_path / "b")) == {}  # R1 is invalid


def test_parquet_tables_upper_case_columns_and_datetimes_read_the_same(tmp_path):
    import pandas as pd

    ex = (
        Extract()
        .person("C1", "2010-05-01")
        .episode("R1", "C1", "2020-01-10", "2020-02-01", factors=["16A"])
        .episode("R2", "C1", "2020-06-01", "2020-07-01")
        .cp("C1", "2020-06-20", "R2")
    )
    expected = build(ex, tmp_path / "csv")
    ssd, notes = ex.write(tmp_path / "other")
    episodes = pd.read_csv(ssd / "ssd_cin_episodes.csv", dtype=str, keep_default_na=False)
    episodes["cine_referral_date"] = pd.to_datetime(episodes["cine_referral_date"])  # typed
    episodes.to_parquet(ssd / "ssd_cin_episodes.parquet", index=False)
    (ssd / "ssd_cin_episodes.csv").unlink()
    person = pd.read_csv(ssd / "ssd_person.csv", dtype=str, keep_default_na=False)
    person["pers_dob"] = person["pers_dob"] + " 00:00:00.000"  # as SQL Server writes it
    person.columns = [c.upper() for c in person.columns]
    person.to_csv(ssd / "ssd_person.csv", index=False)
    cp = pd.read_csv(ssd / "ssd_cp_plans.csv", dtype=str, keep_default_na=False)
    cp["cppl_cp_plan_start_date"] = "20/06/2020"  # UK day-first
    cp.to_csv(ssd / "ssd_cp_plans.csv", index=False)
    tables = read_ssd(ssd)
    histories = build_histories(tables, dt.date(2024, 12, 31))
    texts = join_text_export(notes, TextMapping(text="note_text"), histories.episodes)
    assert build_records(tables, histories, texts).labelled == expected.labelled
    assert [r["escalation_12m"] for r in expected.labelled] == [1, 0]
