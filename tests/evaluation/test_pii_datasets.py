"""Tests for the labelled PII loaders: presidio-research JSON, TAB, project JSONL, auto-detect."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from referral_nlp.evaluation.pii_datasets import (
    GoldSpan,
    LabelledDocument,
    load_labelled,
    load_pii_jsonl,
    load_presidio_research,
    load_tab,
)
from referral_nlp.evaluation.redaction_metrics import score_redaction

# Invented names; every error test checks none of them leaks into the message.
TEXT_A = "Call Jane Doe on 0113 496 0000 about Leeds."
TEXT_B = "No personal data here."
SECRETS = ("Jane", "Doe", "0113", "Leeds", "personal")


def _off(text: str, sub: str) -> tuple[int, int]:
    start = text.index(sub)
    return start, start + len(sub)


def _presidio_span(text: str, sub: str, label: str) -> dict[str, Any]:
    start, end = _off(text, sub)
    return {"entity_type": label, "entity_value": sub, "start_position": start, "end_position": end}


def _write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _write_jsonl(path: Path, lines: list[Any]) -> Path:
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
        encoding="utf-8",
    )
    return path


def _assert_private(message: str) -> None:
    for secret in SECRETS:
        assert secret not in message, f"error message leaks {secret!r}: {message}"


def _presidio_records() -> list[dict[str, Any]]:
    # Spans deliberately out of order, as in the real file.
    return [
        {
            "full_text": TEXT_A,
            "masked": "ignored",
            "spans": [
                _presidio_span(TEXT_A, "Leeds", "GPE"),
                _presidio_span(TEXT_A, "Jane Doe", "PERSON"),
                _presidio_span(TEXT_A, "0113 496 0000", "PHONE_NUMBER"),
            ],
            "template_id": 1,
            "metadata": None,
        },
        {"full_text": TEXT_B, "spans": [], "template_id": 2, "metadata": None},
    ]


def _tab_files(tmp_path: Path, texts: Any = None, spans: Any = None) -> tuple[Path, Path]:
    texts = texts if texts is not None else {"001-2": TEXT_B, "001-1": TEXT_A}
    if spans is None:
        jane, leeds = _off(TEXT_A, "Jane Doe"), _off(TEXT_A, "Leeds")
        # The first two overlap on purpose: TAB has overlapping mentions and both are kept.
        spans = {
            "001-1": [[*leeds, "LOC"], [jane[0], jane[1], "PERSON"], [jane[0], jane[0] + 4, "X"]],
            "001-2": [],
        }
    return (
        _write_json(tmp_path / "tab_test_texts.json", texts),
        _write_json(tmp_path / "tab_test_entity_spans.json", spans),
    )


def _jsonl_record(doc_id: Any = "n1", text: str = TEXT_A, **extra: Any) -> dict[str, Any]:
    start, end = _off(text, "Jane Doe") if "Jane Doe" in text else (0, 2)
    return {
        "id": doc_id,
        "text": text,
        "pii_spans": [{"start": start, "end": end, "label": "PERSON"}],
        **extra,
    }


# ---- presidio-research ---------------------------------------------------------------------------
def test_presidio_research_loads_and_sorts(tmp_path: Path) -> None:
    path = _write_json(tmp_path / "synth.json", _presidio_records())
    docs = load_presidio_research(path)
    assert [d.doc_id for d in docs] == ["0", "1"]
    assert docs[0].text == TEXT_A
    assert [s.label for s in docs[0].spans] == ["PERSON", "PHONE_NUMBER", "GPE"]
    assert docs[0].spans[0] == GoldSpan(*_off(TEXT_A, "Jane Doe"), "PERSON")
    assert all(TEXT_A[s.start : s.end] for s in docs[0].spans)
    assert docs[1].spans == ()


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        pytest.param(lambda s: s.update(end_position=999), r"0 <= start < end", id="end-past"),
        pytest.param(lambda s: s.update(start_position=-1), r"0 <= start < end", id="negative"),
        pytest.param(
            lambda s: s.update(start_position=s["end_position"]), r"start=", id="empty-span"
        ),
        # A string in an offset field might be the name itself: the type is named, not the value.
        pytest.param(
            lambda s: s.update(start_position="Jane"),
            r"start must be an integer, got str",
            id="string-offset",
        ),
        pytest.param(lambda s: s.update(start_position=1.0), r"got float", id="float-offset"),
        pytest.param(lambda s: s.pop("entity_type"), r"missing field 'entity_type'", id="no-label"),
        pytest.param(
            lambda s: s.update(start_position=s["start_position"] + 1),
            r"'entity_value' does not equal",
            id="value-mismatch",
        ),
    ],
)
def test_presidio_research_bad_span(tmp_path: Path, mutate: Any, match: str) -> None:
    records = _presidio_records()
    mutate(records[0]["spans"][1])  # the "Jane Doe" span
    path = _write_json(tmp_path / "synth.json", records)
    with pytest.raises(ValueError, match=match) as info:
        load_presidio_research(path)
    message = str(info.value)
    assert str(path) in message and "record index 0, span 1" in message
    _assert_private(message)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        pytest.param('[{"full_text": "Jane Doe", ', r"malformed JSON .*line 1", id="truncated"),
        pytest.param('{"full_text": "Jane Doe"}', r"expected a JSON array", id="object"),
        pytest.param('[{"spans": []}]', r"record index 0: missing field 'full_text'", id="no-text"),
        pytest.param(
            '[{"full_text": "Jane", "spans": {}}]', r"'spans' must be a list", id="spans-dict"
        ),
    ],
)
def test_presidio_research_bad_file(tmp_path: Path, content: str, match: str) -> None:
    path = tmp_path / "synth.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=match) as info:
        load_presidio_research(path)
    assert str(path) in str(info.value)
    _assert_private(str(info.value))


# ---- TAB -----------------------------------------------------------------------------------------
def test_tab_joins_on_doc_id_and_keeps_overlaps(tmp_path: Path) -> None:
    docs = load_tab(*_tab_files(tmp_path))
    assert [d.doc_id for d in docs] == ["001-2", "001-1"]  # texts-file order
    by_id = {d.doc_id: d for d in docs}
    assert by_id["001-2"].spans == ()
    spans = by_id["001-1"].spans
    assert [s.label for s in spans] == ["X", "PERSON", "LOC"]  # sorted by (start, end)
    assert TEXT_A[spans[1].start : spans[1].end] == "Jane Doe"


@pytest.mark.parametrize(
    ("texts", "spans", "match"),
    [
        pytest.param(
            None,
            {"001-1": [], "001-2": [], "001-3": []},
            r"tab_test_texts.json: 1 doc id\(s\) in tab_test_entity_spans.json are "
            r"missing here \('001-3'\)",
            id="extra-span-id",
        ),
        pytest.param(None, {"001-1": []}, r"tab_test_entity_spans.json: 1 doc id", id="missing"),
        pytest.param(
            None,
            {"001-1": [[0, 99, "PERSON"]], "001-2": []},
            r"doc '001-1', span 0: offsets start=0, end=99",
            id="end-past",
        ),
        pytest.param(
            None,
            {"001-1": [[0, 4]], "001-2": []},
            r"expected \[start, end, TYPE\], "
            r"got a list of 2",
            id="pair",
        ),
        pytest.param(
            None, {"001-1": [[0, 4, None]], "001-2": []}, r"label must be", id="null-label"
        ),
        pytest.param(["Jane"], {}, r"tab_test_texts.json: expected a JSON object", id="texts-list"),
        pytest.param({"001-1": 5}, {"001-1": []}, r"'text' must be a string", id="text-int"),
    ],
)
def test_tab_bad_files(tmp_path: Path, texts: Any, spans: Any, match: str) -> None:
    with pytest.raises(ValueError, match=match) as info:
        load_tab(*_tab_files(tmp_path, texts, spans))
    _assert_private(str(info.value))


# ---- project JSONL -------------------------------------------------------------------------------
def test_jsonl_loads_and_converts_ids(tmp_path: Path) -> None:
    path = _write_jsonl(
        tmp_path / "notes.jsonl",
        [_jsonl_record("n1"), "", _jsonl_record(7, TEXT_B, extra="kept out")],
    )
    docs = load_pii_jsonl(path)
    assert [d.doc_id for d in docs] == ["n1", "7"]
    assert docs[0].spans == (GoldSpan(*_off(TEXT_A, "Jane Doe"), "PERSON"),)
    assert isinstance(docs[0], LabelledDocument)


def test_jsonl_custom_field_names(tmp_path: Path) -> None:
    record = {"rid": "a", "note": TEXT_A, "gold": [{"start": 5, "end": 9, "label": "PERSON"}]}
    path = _write_jsonl(tmp_path / "notes.jsonl", [record])
    docs = load_pii_jsonl(path, id_field="rid", text_field="note", spans_field="gold")
    assert docs[0].doc_id == "a" and docs[0].spans == (GoldSpan(5, 9, "PERSON"),)


@pytest.mark.parametrize(
    ("bad_line", "match"),
    [
        pytest.param('{"id": "x", "text": "Jane Doe", ', r"line 3: malformed JSON", id="json"),
        pytest.param('["Jane Doe"]', r"line 3: expected a JSON object, got list", id="array"),
        pytest.param(
            _jsonl_record("n1"),
            r"line 3: duplicate 'id' \(first seen on line 1\)",
            id="duplicate-id",
        ),
        pytest.param(
            {"id": "x", "text": TEXT_A}, r"line 3: missing field 'pii_spans'", id="no-spans"
        ),
        pytest.param({"text": TEXT_A, "pii_spans": []}, r"line 3: missing field 'id'", id="no-id"),
        pytest.param(
            {"id": True, "text": TEXT_A, "pii_spans": []}, r"'id' must be a string", id="bool-id"
        ),
        pytest.param(
            {"id": "x", "text": TEXT_A, "pii_spans": [{"start": 5, "end": 100, "label": "PERSON"}]},
            r"line 3, pii_spans\[0\]: offsets start=5, end=100",
            id="end-past",
        ),
        pytest.param(
            {"id": "x", "text": TEXT_A, "pii_spans": [{"start": 5, "end": 9}]},
            r"pii_spans\[0\]: missing field 'label'",
            id="no-label",
        ),
        pytest.param(
            {
                "id": "x",
                "text": TEXT_A,
                "pii_spans": [{"start": "Jane", "end": 9, "label": "PERSON"}],
            },
            r"start must be an integer, got str",
            id="string-offset",
        ),
    ],
)
def test_jsonl_errors_name_file_and_line_not_content(
    tmp_path: Path, bad_line: Any, match: str
) -> None:
    # Line 2 is blank: line numbers must still count it, to match an editor.
    path = _write_jsonl(tmp_path / "notes.jsonl", [_jsonl_record("n1"), "", bad_line])
    with pytest.raises(ValueError, match=match) as info:
        load_pii_jsonl(path)
    assert str(path) in str(info.value)
    _assert_private(str(info.value))


# ---- auto-detection ------------------------------------------------------------------------------
def test_load_labelled_detects_each_format(tmp_path: Path) -> None:
    presidio = _write_json(tmp_path / "synth.json", _presidio_records())
    jsonl = _write_jsonl(tmp_path / "notes.jsonl", [_jsonl_record()])
    tab_dir = tmp_path / "tab"
    tab_dir.mkdir()
    _tab_files(tab_dir)

    assert load_labelled(presidio) == load_presidio_research(presidio)
    assert load_labelled(jsonl) == load_pii_jsonl(jsonl)
    assert load_labelled(tab_dir) == load_tab(
        tab_dir / "tab_test_texts.json", tab_dir / "tab_test_entity_spans.json"
    )


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        pytest.param("notes.csv", "id,text\n1,Jane\n", r"extension '\.csv'", id="csv"),
        pytest.param("other.json", '{"a": "Jane"}', r"not a non-empty JSON array", id="object"),
        pytest.param("empty.json", "[]", r"not a non-empty JSON array", id="empty-array"),
        pytest.param("rows.json", '[{"text": "Jane"}]', r"'full_text'", id="no-full-text"),
        pytest.param("emptydir", None, r"not a TAB directory", id="plain-dir"),
        pytest.param("missing.json", ..., r"no such file", id="missing"),
    ],
)
def test_load_labelled_rejects_other_inputs(
    tmp_path: Path, name: str, content: Any, match: str
) -> None:
    path = tmp_path / name
    if content is None:
        path.mkdir()
    elif content is not ...:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=match) as info:
        load_labelled(path)
    # Every refusal says what would have been accepted.
    assert "Accepted:" in str(info.value) and "TAB directory" in str(info.value)
    _assert_private(str(info.value))


# ---- the real benchmark files --------------------------------------------------------------------
# ../shared beside the checkout (as CI and the guide lay it out), never an absolute path.
SHARED = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "pii"


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is not on this machine")
def test_shared_benchmark_files_match_readme() -> None:
    presidio = load_labelled(SHARED / "presidio_research" / "synth_dataset_v2.json")
    assert len(presidio) == 1500
    assert sum(len(d.spans) for d in presidio) == 2863
    assert sum(1 for d in presidio if not d.spans) == 113
    counts = Counter(s.label for d in presidio for s in d.spans)
    assert counts["PERSON"] == 857 and counts["US_DRIVER_LICENSE"] == 5

    tab = load_labelled(SHARED / "tab_echr_test")
    assert len(tab) == 127
    assert sum(len(d.spans) for d in tab) == 7341
    assert sum(len(d.text) for d in tab) == 647_638
    assert Counter(s.label for d in tab for s in d.spans)["DATETIME"] == 2588

    # Gold as predictions must score perfectly; the timing bound is loose (it takes ~0.1 s),
    # there to catch an accidental per-character Python loop, not to benchmark.
    t0 = time.perf_counter()
    scores = score_redaction(tab, [[(s.start, s.end) for s in d.spans] for d in tab])
    assert time.perf_counter() - t0 < 5
    assert (scores.span_recall, scores.precision, scores.over_redaction) == (1.0, 1.0, 0.0)
    assert scores.n_gold_spans == 7341
