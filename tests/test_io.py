"""Record files: errors that name the file and line (never a value), and atomic writes."""

from __future__ import annotations

import json

import pytest

from referral_nlp.io import (
    InputError,
    atomic_writer,
    detect_format,
    read_records,
    read_settings_file,
    require_fields,
    staged_outputs,
    write_records,
)

SECRET = "Sarah JONES 07700 900123"


def _files(path) -> list[str]:
    return sorted(p.name for p in path.iterdir())


@pytest.mark.parametrize(
    ("lines", "line_no", "problem"),
    [
        (['{"id": 1, "text": "ok"}', "", f'{{"id": 2, "text": "{SECRET}'], 3, "malformed JSON"),
        (['{"id": 1, "text": "ok"}', f'["{SECRET}"]'], 2, "expected a JSON object, got list"),
        ([f'{{"id": 1 "text": "{SECRET}"}}'], 1, "malformed JSON"),
    ],
)
def test_jsonl_errors_name_file_and_line(tmp_path, lines, line_no, problem):
    path = tmp_path / "notes.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_records(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line {line_no}: ")
    assert problem in message
    assert "Sarah" not in message and "07700" not in message


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_bytes(b'{"id": 1, "text": "ok"}\n{"id": 2, "text": "caf\xe9"}\n')
    with pytest.raises(InputError, match=r"line 2: not valid UTF-8"):
        read_records(path)


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_records(tmp_path / "nope.jsonl")
    with pytest.raises(InputError, match=r"expected \.jsonl, \.csv or \.parquet"):
        detect_format(tmp_path / "notes.txt")
    with pytest.raises(InputError, match="format: expected one of"):
        detect_format(tmp_path / "notes.jsonl", "xml")
    assert detect_format(tmp_path / "notes.NDJSON") == "jsonl"


def test_unreadable_csv_does_not_quote_the_file(tmp_path):
    path = tmp_path / "notes.parquet"
    path.write_text(SECRET, encoding="utf-8")
    with pytest.raises(InputError, match="cannot read as parquet") as info:
        read_records(path)
    assert "Sarah" not in str(info.value)


def test_require_fields_names_the_jsonl_line(tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text(
        '{"id": 1, "text": "ok"}\n\n\n{"id": 2, "body": "x"}\n{"text": "no id"}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        require_fields(read_records(path), path, text_field="text", id_field="id")
    assert str(info.value) == f"{path}, line 4: missing field 'text'."
    with pytest.raises(InputError) as info:
        require_fields(read_records(path), path, text_field="body", id_field="id")
    assert str(info.value) == f"{path}, line 1: missing field 'body'."
    path.write_text('\n{"id": 1, "text": "ok"}\n\n{"text": "no id"}\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        require_fields(read_records(path), path, text_field="text", id_field="id")
    assert str(info.value) == f"{path}, line 4: missing field 'id'."


def test_require_fields_on_csv_rows_and_types(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("case,note\nA1,first\nA2,\n", encoding="utf-8")
    records = read_records(path)
    assert require_fields(records, path, text_field="note", id_field="case") == [
        ("A1", "first"),
        ("A2", ""),
    ]
    with pytest.raises(InputError, match=r"row 1: missing field 'text'"):
        require_fields(records, path, text_field="text", id_field="case")
    with pytest.raises(InputError, match=r"record 1: field 'text' must be a string, got int"):
        require_fields([{"id": 1, "text": 5}], path, text_field="text", id_field="id")


@pytest.mark.parametrize(
    ("key", "kind"),
    [(["Jane Exampleson"], "list"), ({"n": "x"}, "dict"), (True, "bool"), (1.5, "float")],
)
def test_an_id_that_is_not_text_or_a_whole_number_is_refused_unquoted(tmp_path, key, kind):
    """The id is copied into the output as given, so a list or object there would carry
    whatever it holds past redaction."""
    path = tmp_path / "notes.jsonl"
    with pytest.raises(InputError) as info:
        require_fields(
            [{"id": "A1", "text": "x"}, {"id": key, "text": "x"}],
            path,
            text_field="text",
            id_field="id",
        )
    assert str(info.value).endswith(
        f"record 2: field 'id' must be text or a whole number, got {kind}."
    )
    assert "Exampleson" not in str(info.value)
    assert require_fields([{"id": 7, "text": "x"}], path, text_field="text", id_field="id") == [
        (7, "x")
    ]


def test_parquet_ids_with_a_gap_are_read_as_whole_numbers_and_the_gap_as_missing(tmp_path):
    """pandas reads an integer column with a null as floats (1.0, NaN)."""
    import pandas as pd

    path = tmp_path / "notes.parquet"
    pd.DataFrame({"id": [1, None, 3], "text": ["a", "b", "c"]}).to_parquet(path)
    with pytest.raises(InputError, match=r"row 2: missing field 'id'"):
        require_fields(read_records(path), path, text_field="text", id_field="id")
    pd.DataFrame({"id": [1, 2, None], "text": ["a", "b", "c"]}).head(2).to_parquet(path)
    pairs = require_fields(read_records(path), path, text_field="text", id_field="id")
    assert pairs == [(1, "a"), (2, "b")] and all(type(k) is int for k, _ in pairs)


def test_a_csv_that_is_not_utf8_names_its_first_bad_line_not_its_text(tmp_path):
    """A council export saved as Windows-1252: "£" and "é" are single bytes UTF-8 refuses."""
    from referral_nlp.data import load_cases

    path = tmp_path / "notes.csv"
    path.write_bytes("id,text\nA1,plain\nA2,Dad owes \u00a340 to Ren\u00e9e\n".encode("cp1252"))
    for read in (lambda: read_records(path), lambda: load_cases(path)):
        with pytest.raises(InputError) as info:
            read()
        assert str(info.value) == (
            f"{path}: line 3 is not UTF-8 text; save the file as UTF-8 (in Excel: CSV UTF-8)."
        )


def test_staged_outputs_replace_all_or_nothing(tmp_path):
    out = tmp_path / "eval"
    (out / "plots").mkdir(parents=True)
    (out / "plots" / "old.png").write_text("old")
    (out / "eval.json").write_text("old")
    (out / "notes.txt").write_text("the user's")
    with (
        pytest.raises(RuntimeError),
        staged_outputs(out, files=["eval.json"], folders=["plots"]) as staging,
    ):
        (staging / "plots").mkdir()
        (staging / "plots" / "new.png").write_text("new")
        raise RuntimeError("a plot failed")
    assert sorted(p.name for p in out.rglob("*")) == ["eval.json", "notes.txt", "old.png", "plots"]
    assert (out / "eval.json").read_text() == "old"
    with staged_outputs(out, files=["eval.json", "eval.md"], folders=["plots"]) as staging:
        (staging / "plots").mkdir()
        (staging / "plots" / "new.png").write_text("new")
        (staging / "eval.json").write_text("new")
    assert sorted(p.name for p in out.rglob("*")) == ["eval.json", "new.png", "notes.txt", "plots"]
    assert (out / "eval.json").read_text() == "new"
    # A run that draws no plots leaves none of the last run's beside its report.
    with staged_outputs(out, files=["eval.json"], folders=["plots"]) as staging:
        (staging / "eval.json").write_text("newer")
    assert sorted(p.name for p in out.rglob("*")) == ["eval.json", "notes.txt"]


def test_atomic_writer_leaves_nothing_on_error(tmp_path):
    target = tmp_path / "out" / "result.jsonl"
    with pytest.raises(RuntimeError), atomic_writer(target) as fh:
        fh.write("half a record")
        raise RuntimeError("stop")
    assert not target.exists()
    assert _files(target.parent) == []


def test_atomic_writer_keeps_the_old_file_on_error(tmp_path):
    target = tmp_path / "result.jsonl"
    target.write_text("old\n")
    with pytest.raises(KeyboardInterrupt), atomic_writer(target) as fh:
        fh.write("new")
        raise KeyboardInterrupt
    assert target.read_text() == "old\n"
    assert _files(tmp_path) == ["result.jsonl"]


def test_atomic_writer_replaces_on_success(tmp_path):
    target = tmp_path / "result.bin"
    target.write_bytes(b"old")
    with atomic_writer(target, "wb") as fh:
        fh.write(b"new")
    assert target.read_bytes() == b"new"
    assert _files(tmp_path) == ["result.bin"]


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_write_then_read_round_trip(tmp_path, suffix):
    records = [
        {"id": "a", "redacted_text": "Mum <PERSON_1> rang", "entities": [{"start": 4, "end": 9}]},
        {"id": "b", "redacted_text": "", "entities": []},
    ]
    path = tmp_path / f"out.{suffix}"
    write_records(path, records)
    back = read_records(path)
    if suffix != "jsonl":  # nested values become JSON text in flat formats
        for r in back:
            r["entities"] = json.loads(r["entities"])
    assert back == records
    assert _files(tmp_path) == [f"out.{suffix}"]


def test_a_settings_file_that_is_not_utf8_is_named_not_quoted(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_bytes(b"organisation: Sarah JONES \xff\n")
    with pytest.raises(
        ValueError, match=r"settings\.yaml: cannot read the deployer file \(not UTF-8"
    ) as info:
        read_settings_file(path, "deployer file")
    assert "JONES" not in str(info.value) and "0xff" not in str(info.value)


def test_repeated_ids_are_warned_of_by_position_never_by_id(caplog):
    from referral_nlp.io import Records, require_fields

    records = Records(
        [
            {"id": "Sarah-Jones-1", "text": "a"},
            {"id": 7, "text": "b"},
            {"id": "Sarah-Jones-1", "text": "c"},
            {"id": "7", "text": "d"},
        ],
        ["line 1", "line 2", "line 3", "line 4"],
    )
    with caplog.at_level("WARNING"):
        pairs = require_fields(records, "in.jsonl", text_field="text", id_field="id")
    assert [text for _, text in pairs] == ["a", "b", "c", "d"]  # nothing dropped or reordered
    (message,) = [r.getMessage() for r in caplog.records]
    assert "2 record(s) repeat the id of an earlier one (first: line 3)" in message
    assert "Sarah" not in message


def test_distinct_ids_are_not_warned_of(caplog):
    from referral_nlp.io import require_fields

    with caplog.at_level("WARNING"):
        require_fields(
            [{"id": 1, "text": "a"}, {"id": 2, "text": "b"}], "x", text_field="text", id_field="id"
        )
    assert not caplog.records
