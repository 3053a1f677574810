"""Loaders: CSV, JSONL and Parquet give the same validated records and typed DatasetDicts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from data_layer_cases import make_row

from referral_nlp.data import (
    DataValidationError,
    case_features,
    load_cases,
    load_dataset,
    load_splits_dir,
)
from referral_nlp.io import InputError, write_records


def _rows() -> list[dict]:
    return [
        make_row(1),
        make_row(2, family_id="F0001", assessment_factors=["neglect", "mental_health"]),
        make_row(
            3,
            child_age=None,
            disability=None,
            ethnicity=None,
            assessment_factors=[],
            assessment_text=None,
            re_referral_12m=1,
        ),
    ]


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _write_csv(path: Path, rows: list[dict]) -> Path:
    flat = [{k: ";".join(v) if isinstance(v, list) else v for k, v in r.items()} for r in rows]
    pd.DataFrame(flat).to_csv(path, index=False)
    return path


def _write_parquet(path: Path, rows: list[dict]) -> Path:
    """Native Parquet types: date32 dates, nullable ints and bools, a list column."""
    typed = [
        {
            **r,
            "referral_date": dt.date.fromisoformat(r["referral_date"]),
            "closure_date": dt.date.fromisoformat(r["closure_date"]),
        }
        for r in rows
    ]
    pq.write_table(pa.Table.from_pylist(typed), path)
    return path


@pytest.fixture(params=["jsonl", "csv", "parquet", "parquet-pandas", "csv-io"])
def written(request, tmp_path) -> Path:
    rows = _rows()
    kind = request.param
    if kind == "jsonl":
        return _write_jsonl(tmp_path / "cases.jsonl", rows)
    if kind == "csv":
        return _write_csv(tmp_path / "cases.csv", rows)
    if kind == "parquet":
        return _write_parquet(tmp_path / "cases.parquet", rows)
    # io.write_records: lists become JSON text, pandas turns int columns with None into floats
    path = tmp_path / ("cases.parquet" if kind == "parquet-pandas" else "cases.csv")
    write_records(path, rows)
    return path


def test_every_format_gives_the_same_records(written):
    records = load_cases(written)
    assert records == [
        make_row(1),
        make_row(2, family_id="F0001", assessment_factors=["neglect", "mental_health"]),
        make_row(
            3,
            child_age=None,
            disability=None,
            ethnicity=None,
            assessment_factors=[],
            assessment_text=None,
            re_referral_12m=1,
        ),
    ]


def test_dataset_features_are_explicit(written):
    dsd = load_dataset(written)
    assert list(dsd) == ["train"]
    ds = dsd["train"]
    assert ds.features == case_features()
    assert ds.features["child_age"].dtype == "int64"
    assert ds.features["disability"].dtype == "bool"
    assert ds.features["assessment_factors"].feature.dtype == "string"
    assert ds.features["re_referral_12m"].dtype == "int64"
    assert ds[2]["child_age"] is None and ds[2]["disability"] is None
    assert ds[1]["assessment_factors"] == ["neglect", "mental_health"]
    assert ds.cache_files == []  # in memory: nothing written


def test_load_dataset_named_splits_and_cross_file_duplicates(tmp_path):
    a = _write_jsonl(tmp_path / "a.jsonl", [make_row(1), make_row(2)])
    b = _write_csv(tmp_path / "b.csv", [make_row(3)])
    dsd = load_dataset({"train": [a, b], "test": _write_jsonl(tmp_path / "t.jsonl", [make_row(4)])})
    assert {k: v.num_rows for k, v in dsd.items()} == {"train": 3, "test": 1}
    dup = tmp_path / "dup.jsonl"
    dup.write_text("\n" + json.dumps(make_row(2)) + "\n")  # a blank first line
    with pytest.raises(DataValidationError) as info:
        load_dataset({"train": a, "test": dup})
    assert f"{dup}: line 2: field id: duplicate id (also in {a} at line 2;" in str(info.value)
    assert info.value.problems[0].row == 1


def test_problems_of_several_files_are_reported_together(tmp_path):
    a = _write_jsonl(tmp_path / "a.jsonl", [make_row(1, child_age=40)])
    b = _write_jsonl(tmp_path / "b.jsonl", [make_row(2), make_row(3, ethnicity="zz")])
    with pytest.raises(DataValidationError) as info:
        load_dataset([a, b])
    assert [(Path(p.source).name, p.row, p.field) for p in info.value.problems] == [
        ("a.jsonl", 1, "child_age"),
        ("b.jsonl", 2, "ethnicity"),
    ]


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("text", None, "field text: missing required column 'ReferralNarrative'"),
        ("ethnicity", "ZZQQ", "row 2: field ethnicity: unknown code"),
        ("referral_date", "2023-13-45", "row 2: field referral_date: unparsable date"),
    ],
)
def test_bad_input_fails_before_any_work_and_writes_nothing(tmp_path, column, value, words):
    rows = [make_row(1), make_row(2, **({column: value} if value else {}))]
    rows = [{("ReferralNarrative" if k == "text" else k): v for k, v in r.items()} for r in rows]
    if value is None:
        rows = [{k: v for k, v in r.items() if k != "ReferralNarrative"} for r in rows]
    mapping = {"columns": {"text": "ReferralNarrative"}}
    path = _write_csv(tmp_path / "export.csv", rows)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(DataValidationError) as info:
        load_dataset(path, mapping)
    message = str(info.value)
    assert str(path) in message and words in message
    if value:
        assert value not in message
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_empty_csv_with_header_only_checks_columns(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("id,child_id,family_id,referral_date,closure_date\n")
    with pytest.raises(DataValidationError, match="field text: missing required column 'text'"):
        load_cases(path, require_labels=False)


def test_unreadable_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_cases(tmp_path / "absent.jsonl")
    garbage = tmp_path / "garbage.parquet"
    garbage.write_bytes(b"not a parquet file")
    with pytest.raises(InputError, match=r"garbage\.parquet: cannot read as parquet"):
        load_cases(garbage)
    with pytest.raises(InputError, match="cannot tell the format"):
        load_cases(tmp_path / "cases.xlsx")


def _synth_rows(start: int, n: int) -> list[dict]:
    return [
        make_row(
            i,
            oracle_re_referral=0.3,
            oracle_escalation=0.05,
            pii_spans=[{"start": 0, "end": 3, "label": "PERSON"}],
        )
        for i in range(start, start + n)
    ]


def test_load_splits_dir_keeps_generator_columns(tmp_path):
    for offset, name in enumerate(["train", "validation", "test"]):
        _write_jsonl(tmp_path / f"{name}.jsonl", _synth_rows(10 * offset + 1, 3 + offset))
    (tmp_path / "data_card.md").write_text("# card\n")
    dsd = load_splits_dir(tmp_path)
    assert {k: v.num_rows for k, v in dsd.items()} == {"train": 3, "validation": 4, "test": 5}
    train = dsd["train"]
    assert train.features["oracle_re_referral"].dtype == "float64"
    assert train[0]["pii_spans"] == [{"start": 0, "end": 3, "label": "PERSON"}]
    assert train[0]["oracle_escalation"] == pytest.approx(0.05)


NAME = "Jane Exampleson"  # a made-up personal value that must never be echoed


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("oracle_re_referral", NAME, "not a probability"),
        ("oracle_re_referral", 1.5, "not a probability"),
        ("oracle_escalation", True, "not a probability"),
        ("oracle_escalation", [0.2], "not a probability"),
        ("oracle_escalation", 10**400, "not a probability"),
        ("pii_spans", NAME, "not a list of spans"),
        ("pii_spans", {"start": 0}, "not a list of spans"),
        ("pii_spans", [{"start": NAME, "end": 3, "label": "PERSON"}], "not a list of spans"),
        ("pii_spans", [{"start": 4, "end": 3, "label": "PERSON"}], "not a list of spans"),
        ("pii_spans", [{"start": 0, "end": 3, "label": [NAME]}], "not a list of spans"),
        ("pii_spans", [NAME], "not a list of spans"),
    ],
)
def test_a_bad_generator_column_is_a_problem_naming_the_line_not_the_value(
    tmp_path, column, value, expected
):
    for offset, name in enumerate(["train", "validation", "test"]):
        _write_jsonl(tmp_path / f"{name}.jsonl", _synth_rows(10 * offset + 1, 3))
    rows = _synth_rows(21, 3)
    rows[1][column] = value
    _write_jsonl(tmp_path / "test.jsonl", rows)
    with pytest.raises(DataValidationError) as info:
        load_splits_dir(tmp_path)
    message = str(info.value)
    assert f"line 2: field {column}: {expected}" in message
    assert "Exampleson" not in message


def test_generator_columns_as_csv_text_are_typed(tmp_path):
    rows = _synth_rows(1, 2)
    rows[0]["pii_spans"] = json.dumps(rows[0]["pii_spans"])
    rows[0]["oracle_re_referral"], rows[1]["oracle_re_referral"] = "0.25", ""
    _write_jsonl(tmp_path / "train.jsonl", rows)
    _write_jsonl(tmp_path / "validation.jsonl", _synth_rows(5, 1))
    _write_jsonl(tmp_path / "test.jsonl", _synth_rows(6, 1))
    train = load_splits_dir(tmp_path)["train"]
    assert train["oracle_re_referral"] == [0.25, None]
    assert train[0]["pii_spans"] == [{"start": 0, "end": 3, "label": "PERSON"}]


def test_load_splits_dir_without_generator_columns_and_missing_split(tmp_path):
    for offset, name in enumerate(["train", "validation"]):
        _write_jsonl(tmp_path / f"{name}.jsonl", [make_row(offset + 1)])
    with pytest.raises(InputError, match=r"no test\.jsonl"):
        load_splits_dir(tmp_path)
    _write_jsonl(tmp_path / "test.jsonl", [make_row(9)])
    dsd = load_splits_dir(tmp_path)
    assert "oracle_re_referral" not in dsd["test"].column_names
    with pytest.raises(InputError, match="no such directory"):
        load_splits_dir(tmp_path / "absent")


def test_unknown_extra_column_needs_a_feature(tmp_path):
    path = _write_jsonl(tmp_path / "x.jsonl", [make_row(1, site="north")])
    with pytest.raises(ValueError, match="extra column 'site'"):
        load_dataset(path, extra_columns=["site"])
    from datasets import Value

    dsd = load_dataset(path, extra_columns=["site"], extra_features={"site": Value("string")})
    assert dsd["train"][0]["site"] == "north"
