"""``referral-nlp prepare``: outputs and report on good input; bad input refused before any
output is written, named by table, column or file, with counts and never a value."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from ssd_cases import FORENAME, NHS, SURNAME, Extract

from referral_nlp.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def small_extract() -> Extract:
    ex = Extract()
    ex.person("C1", "2012-04-02").person("C2", "2014-07-09")
    ex.person("C3", "2009-11-20", family="F2")
    ex.episode("R1", "C1", "2020-01-10", "2020-02-01")
    ex.episode("R2", "C1", "2020-06-01", "2020-09-01").s47("C1", "2020-06-10", "R2")
    ex.episode("R3", "C2", "2021-02-01", "2021-02-20", reason="RC8")
    ex.episode("R4", "C3", "2023-05-01", "2024-03-01")  # censored at 2024-12-31
    ex.episode("R5", "C3", "2024-06-01")  # open
    return ex


def run(tmp_path: Path, ex: Extract, *extra: str, drop: tuple[str, ...] = ()) -> int:
    ssd, notes = ex.write(tmp_path / "in", drop=drop)
    mapping = tmp_path / "in" / "notes.yaml"
    mapping.write_text("text: note_text\nreferral_id: referral_id\n", encoding="utf-8")
    args = ["prepare", "--ssd", str(ssd), "--text", str(notes), "--text-mapping", str(mapping)]
    return main([*args, "--out", str(tmp_path / "out"), "--no-progress", *extra])


def test_prepare_writes_splits_unlabelled_and_report(tmp_path, capsys):
    assert run(tmp_path, small_extract(), "--extract-date", "2024-12-31") == 0
    out = tmp_path / "out"
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "data_card.md", "prepare_report.json", "prepare_report.md", "test.jsonl",
        "train.jsonl", "unlabelled.jsonl", "validation.jsonl",
    ]  # fmt: skip
    card = (out / "data_card.md").read_text()
    assert card.startswith("# Data card: records made by referral-nlp prepare")
    assert "synthetic" not in card.lower()  # a council's extract: the card must not say so
    unlabelled = [json.loads(line) for line in (out / "unlabelled.jsonl").open()]
    assert [r["id"] for r in unlabelled] == ["R4"]
    report = json.loads((out / "prepare_report.json").read_text())
    assert report["excluded"]["open"]["count"] == 1
    assert report["excluded"]["censored"]["count"] == 1
    assert report["steps"][0] == {"step": "episodes in ssd_cin_episodes", "count": 5}
    labelled = report["label_rates"]["overall"]["re_referral_12m"]
    assert (labelled["n"], labelled["positives"]) == (3, 1)  # R1 re-referred by R2
    in_splits = sum(report["splits"].values()) + report["left_out_by_split"]
    assert in_splits == 3
    assert report["extract_date_source"] == "given"
    everything = "".join(p.read_text() for p in out.iterdir())
    for value in (FORENAME, SURNAME, NHS, "2012-04-02", "2014-07-09", "2009-11-20"):
        assert value not in everything
    assert "prepared " in capsys.readouterr().err


def test_prepare_defaults_the_extract_date_with_a_warning(tmp_path, caplog):
    assert run(tmp_path, small_extract()) == 0
    report = json.loads((tmp_path / "out" / "prepare_report.json").read_text())
    assert report["extract_date"] == "2024-06-01"  # R5's referral, the latest event
    assert report["extract_date_source"].startswith("latest date in the data")
    assert "no --extract-date" in caplog.text


def test_a_latest_date_after_today_is_not_taken_as_the_extract_date(tmp_path, capsys):
    """A mistyped year would switch censoring off: every recent closure labelled with outcomes
    nobody could have seen."""
    extract = small_extract()
    extract.episode("R6", "C2", "2031-06-01", "2031-06-02")  # 2021 typed as 2031
    err = _refused(tmp_path, capsys, run(tmp_path, extract))
    assert "the latest event date in the data is after today" in err
    assert "2031" not in err  # a date is not quoted: a code or a date may be personal
    assert run(tmp_path, extract, "--extract-date", "2024-12-31") == 0


def test_an_out_folder_that_cannot_take_the_outputs_is_refused_before_any_work(tmp_path, capsys):
    (tmp_path / "out" / "test.jsonl").mkdir(parents=True)  # where a split file goes
    code = run(tmp_path, small_extract(), "--extract-date", "2024-12-31")
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    assert "test.jsonl: expected a file this command writes, got a folder" in err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["test.jsonl"]


def test_an_out_folder_that_would_replace_the_source_is_refused(tmp_path, capsys):
    ssd, notes = small_extract().write(tmp_path / "in")
    (ssd / "data_card.md").write_text("# the extract's own card\n")
    before = {p.name: p.read_bytes() for p in ssd.iterdir()}
    args = ["prepare", "--ssd", str(ssd), "--text", str(notes), "--extract-date", "2024-12-31"]
    assert main([*args, "--out", str(ssd), "--no-progress"]) == 2
    assert "that is the --ssd folder" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in ssd.iterdir()} == before
    # A one-file export named like a split, with --out its own folder.
    export = tmp_path / "exports" / "test.jsonl"
    export.parent.mkdir()
    export.write_bytes((SAMPLES / "council_export.example.csv").read_bytes())
    code = main(["prepare", "--input", str(export), "--out", str(export.parent), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and "writes test.jsonl there, which is the --input file" in err, err
    assert [p.name for p in export.parent.iterdir()] == ["test.jsonl"]


def test_the_note_exports_headers_match_whatever_their_case_and_spaces(tmp_path):
    import pandas as pd

    assert run(tmp_path / "a", small_extract(), "--extract-date", "2024-12-31") == 0
    ssd, notes = small_extract().write(tmp_path / "b" / "in")
    frame = pd.read_csv(notes, dtype=str, keep_default_na=False)
    frame.rename(columns={"note_text": "Note_Text ", "referral_id": " REFERRAL_ID"}).to_csv(
        notes, index=False
    )
    mapping = tmp_path / "b" / "notes.yaml"
    mapping.write_text("text: note_text\nreferral_id: referral_id\n", encoding="utf-8")
    args = ["prepare", "--ssd", str(ssd), "--text", str(notes), "--text-mapping", str(mapping)]
    out = tmp_path / "b" / "out"
    assert main([*args, "--out", str(out), "--extract-date", "2024-12-31", "--no-progress"]) == 0
    for name in ("train.jsonl", "validation.jsonl", "test.jsonl", "unlabelled.jsonl"):
        assert (out / name).read_text() == (tmp_path / "a" / "out" / name).read_text()


def test_a_note_export_that_labels_nothing_is_refused_not_four_empty_splits(tmp_path, capsys):
    extract = Extract().person("C1", "2012-04-02")
    extract.episode("R1", "C1", "2020-01-10", "2020-02-01", note=None)
    extract.episode("R2", "C1", "2021-01-10", "2021-02-01", note=None)
    code = run(tmp_path, extract, "--extract-date", "2024-12-31")  # a header-only note file
    err = _refused(tmp_path, capsys, code)
    assert "nothing to prepare: no closure gives a labelled record" in err
    assert "no_text 2" in err


def _refused(tmp_path: Path, capsys, code: int) -> str:
    err = capsys.readouterr().err
    assert code == 2, err
    assert not (tmp_path / "out").exists()  # nothing written, not even the directory
    assert "Traceback" not in err
    return err


def test_missing_table_and_column_are_named(tmp_path, capsys):
    code = run(tmp_path, small_extract(), drop=("ssd_cp_plans", "cine_close_reason"))
    err = _refused(tmp_path, capsys, code)
    assert "2 problem(s)" in err
    assert "missing required table ssd_cp_plans" in err
    assert "ssd_cin_episodes.csv: cine_close_reason: missing required column" in err


def test_unparsable_dates_are_counted_without_values(tmp_path, capsys):
    ex = small_extract()
    ex.rows["ssd_cin_episodes"][1]["cine_close_date"] = "31st Smarch 2020"
    ex.rows["ssd_cin_episodes"][3]["cine_close_date"] = "2020-13-45"
    ex.rows["ssd_person"][0]["pers_dob"] = "Zeb's birthday"
    err = _refused(tmp_path, capsys, run(tmp_path, ex))
    assert "ssd_cin_episodes.csv: rows 2, 4: cine_close_date: 2 value(s) are not dates" in err
    assert "ssd_person.csv: row 1: pers_dob: 1 value(s) are not dates" in err
    for value in ("Smarch", "2020-13-45", "Zeb"):
        assert value not in err


def test_a_child_absent_from_ssd_person_is_refused(tmp_path, capsys):
    ex = small_extract()
    ex.rows["ssd_person"] = [r for r in ex.rows["ssd_person"] if r["pers_person_id"] != "C2"]
    err = _refused(tmp_path, capsys, run(tmp_path, ex))
    assert "cine_person_id: 1 episode(s) of a person absent from ssd_person" in err
    assert "C2" not in err


def test_notes_matching_no_episode_are_refused_or_dropped(tmp_path, capsys):
    ex = small_extract()
    ex.rows["case_notes"].append(
        {
            "note_id": "X",
            "referral_id": "R404",
            "person_id": "C1",
            "note_date": "",
            "note_text": "t",
        }
    )
    err = _refused(tmp_path, capsys, run(tmp_path, ex, "--extract-date", "2024-12-31"))
    assert "notes.csv: row 6: referral_id: 1 of 6 note(s) match no episode" in err
    assert "R404" not in err
    code = run(tmp_path, ex, "--extract-date", "2024-12-31", "--drop-unmatched-text")
    assert code == 0
    report = json.loads((tmp_path / "out" / "prepare_report.json").read_text())
    assert report["source"]["text_export"]["unmatched_notes_dropped"] == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--ssd", "x"], "--ssd needs --text"),
        (["--ssd", "x", "--text", "y", "--input", "z"], "not both"),
        (["--input", "z", "--extract-date", "31/12/2024"], "--extract-date: expected YYYY-MM-DD"),
        (["--input", "z", "--turning-18", "maybe"], "invalid choice"),
        (["--input", "z", "--test-fraction", "0.7", "--validation-fraction", "0.3"], "leave some"),
    ],
)
def test_bad_settings(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) if "choice" in message else contextlib.nullcontext():
        code = main(["prepare", *args, "--out", str(tmp_path / "out")])
        assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_one_file_export_is_censored_and_split(tmp_path):
    code = main(
        [
            "prepare",
            "--input", str(SAMPLES / "council_export.example.csv"),
            "--mapping", str(SAMPLES / "column_mapping.example.yaml"),
            "--extract-date", "2024-06-30",
            "--out", str(tmp_path / "out"),
        ]
    )  # fmt: skip
    assert code == 0
    report = json.loads((tmp_path / "out" / "prepare_report.json").read_text())
    counts = {step["step"]: step["count"] for step in report["steps"]}
    assert counts["records in the export"] == 10
    unlabelled = (tmp_path / "out" / "unlabelled.jsonl").read_text().splitlines()
    censored = report["excluded"].get("censored", {"count": 0})["count"]
    assert len(unlabelled) == censored
    for line in unlabelled:
        record = json.loads(line)
        assert record["re_referral_12m"] is None and record["closure_date"] > "2023-07-01"
