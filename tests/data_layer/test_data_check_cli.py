"""`referral-nlp data-check`: a summary on success; one clear error and exit 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

from data_layer_cases import make_row

from referral_nlp.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_data_check_prints_summary_and_writes_report(tmp_path, capsys):
    report = tmp_path / "out" / "report.md"
    code = main(
        [
            "data-check",
            "--input", str(SAMPLES / "council_export.example.csv"),
            "--mapping", str(SAMPLES / "column_mapping.example.yaml"),
            "--output", str(report),
        ]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0
    assert "# Data quality: council_export.example.csv" in captured.out
    assert "| overall | all | 10 |" in captured.out
    assert "checked 10 records" in captured.err
    assert report.read_text(encoding="utf-8") == captured.out
    assert "PPN" not in captured.out  # no text content


def test_data_check_unlabelled(tmp_path, capsys):
    path = tmp_path / "unlabelled.jsonl"
    rows = [make_row(i, re_referral_12m=None, escalation_12m=None) for i in (1, 2)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert main(["data-check", "--input", str(path)]) == 2
    assert "missing label" in capsys.readouterr().err
    assert main(["data-check", "--input", str(path), "--no-labels"]) == 0
    assert "n/a (0/0)" in capsys.readouterr().out


def test_data_check_bad_rows_exit_2_and_write_nothing(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    rows = [make_row(1), make_row(2, ethnicity="SECRET-CODE", child_age=44), make_row(3)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    report = tmp_path / "report.md"
    code = main(["data-check", "--input", str(path), "--output", str(report)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.startswith("referral-nlp data-check: error: ")
    # JSONL problems name the line (CSV and Parquet: the data row)
    assert f"{path}: line 2: field ethnicity: unknown code" in captured.err
    assert f"{path}: line 2: field child_age: out of range" in captured.err
    # The values never appear (the file's own path may contain digits, e.g. pytest-44).
    without_path = captured.err.replace(str(path), "")
    assert "SECRET" not in without_path and "44" not in without_path
    assert "Traceback" not in captured.err
    assert not report.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl"]


def test_data_check_bad_mapping_exit_2(tmp_path, capsys):
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns: {child_gender: Sex}\n")
    code = main(
        ["data-check", "--input", str(SAMPLES / "council_export.example.csv"),
         "--mapping", str(mapping)]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown schema field 'child_gender'" in err and "m.yaml" in err
