"""Tests for the character-mask redaction scores (span recall, precision, F2, over-redaction)."""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from referral_nlp.evaluation.pii_datasets import GoldSpan, LabelledDocument
from referral_nlp.evaluation.redaction_metrics import (
    RedactionScores,
    format_scores_table,
    score_redaction,
)


def doc(text: str, *mentions: tuple[str, str], doc_id: str = "d") -> LabelledDocument:
    """A document whose gold spans are given as (substring, label): offsets are found, not typed."""
    spans = []
    for sub, label in mentions:
        start = text.index(sub)
        spans.append(GoldSpan(start, start + len(sub), label))
    return LabelledDocument(doc_id, text, tuple(sorted(spans, key=lambda s: (s.start, s.end))))


def at(text: str, sub: str) -> tuple[int, int]:
    """The (start, end) of the first occurrence of ``sub``: a predicted span written readably."""
    start = text.index(sub)
    return (start, start + len(sub))


# ---- span recall ---------------------------------------------------------------------------------
RECALL_TEXT = "Seen by Dr. J. Smith-Jones on Monday."
RECALL_GOLD = doc(RECALL_TEXT, ("J. Smith-Jones", "PERSON"))


@pytest.mark.parametrize(
    ("predicted", "expected_recall"),
    [
        pytest.param([at(RECALL_TEXT, "J. Smith-Jones")], 1.0, id="exact"),
        pytest.param([(0, len(RECALL_TEXT))], 1.0, id="whole-text"),
        # Only the ". " and "-" are left visible: punctuation reveals nothing.
        pytest.param(
            [at(RECALL_TEXT, "J"), at(RECALL_TEXT, "Smith"), at(RECALL_TEXT, "Jones")],
            1.0,
            id="punctuation-gaps-ok",
        ),
        pytest.param(
            [at(RECALL_TEXT, "J. Smith"), at(RECALL_TEXT, "th-Jones on")],
            1.0,
            id="overlapping-predictions-union",
        ),
        # Surname visible: the person is still identifiable.
        pytest.param([at(RECALL_TEXT, "J. Smith")], 0.0, id="partial-not-found"),
        # One alphanumeric character escaped.
        pytest.param([at(RECALL_TEXT, ". Smith-Jones")], 0.0, id="one-char-missed"),
        pytest.param([at(RECALL_TEXT, "Monday")], 0.0, id="elsewhere"),
        pytest.param([], 0.0, id="nothing-predicted"),
    ],
)
def test_span_recall_requires_every_alphanumeric(
    predicted: list[tuple[int, int]], expected_recall: float
) -> None:
    scores = score_redaction([RECALL_GOLD], [predicted])
    assert scores.n_gold_spans == 1
    assert scores.span_recall == expected_recall
    assert scores.per_type["PERSON"].recall == expected_recall


def test_gold_span_without_alphanumerics_is_ignored() -> None:
    text = "Name: -- (withheld) John"
    d = doc(text, ("--", "PERSON"), ("John", "PERSON"))
    scores = score_redaction([d], [[at(text, "John")]])
    assert scores.n_gold_spans == 1
    assert scores.span_recall == 1.0
    # The per-type count excludes it too, so per-type and overall agree.
    assert scores.per_type["PERSON"].total == 1


# ---- precision -----------------------------------------------------------------------------------
PREC_TEXT = "Mother Anna Lee lives in Leeds, near the park."
PREC_GOLD = doc(PREC_TEXT, ("Anna Lee", "PERSON"), ("Leeds", "LOC"))


@pytest.mark.parametrize(
    ("predicted", "n_counted", "expected_precision"),
    [
        pytest.param([at(PREC_TEXT, "Anna Lee")], 1, 1.0, id="exact"),
        # Partial overlap on either side still counts as hitting the gold span.
        pytest.param([at(PREC_TEXT, "Mother Anna")], 1, 1.0, id="overlap-left"),
        pytest.param([at(PREC_TEXT, "Lee lives")], 1, 1.0, id="overlap-right"),
        pytest.param([at(PREC_TEXT, "park")], 1, 0.0, id="no-overlap"),
        # End is exclusive: a span ending where the gold span starts does not touch it.
        pytest.param([at(PREC_TEXT, "Mother ")], 1, 0.0, id="adjacent-not-overlap"),
        pytest.param(
            [at(PREC_TEXT, "Anna"), at(PREC_TEXT, "park"), at(PREC_TEXT, "Leeds")],
            3,
            2 / 3,
            id="mixed",
        ),
        # Predicted spans with no alphanumeric character are ignored, hit or miss.
        pytest.param([at(PREC_TEXT, ", "), at(PREC_TEXT, "Leeds")], 1, 1.0, id="punct-ignored"),
        # Each predicted span counts once as given, even duplicates.
        pytest.param([at(PREC_TEXT, "park"), at(PREC_TEXT, "park")], 2, 0.0, id="duplicates"),
        pytest.param([], 0, 0.0, id="none-predicted-is-zero"),
    ],
)
def test_precision_counts_predicted_spans_that_overlap_gold(
    predicted: list[tuple[int, int]], n_counted: int, expected_precision: float
) -> None:
    scores = score_redaction([PREC_GOLD], [predicted])
    assert scores.n_predicted_spans == n_counted
    assert scores.precision == pytest.approx(expected_precision)


def test_precision_uses_gold_spans_outside_types() -> None:
    # Redacting "Leeds" is right even when only PERSON is scored: not a false positive.
    scores = score_redaction([PREC_GOLD], [[at(PREC_TEXT, "Leeds")]], types=["PERSON"])
    assert scores.precision == 1.0
    assert scores.span_recall == 0.0


# ---- over-redaction ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "mentions", "predicted_subs", "expected"),
    [
        # Outside gold: "Call" + "now" = 7 alphanumerics; "Call" hidden.
        pytest.param("Call John now", [("John", "PERSON")], ["Call John"], 4 / 7, id="partial"),
        pytest.param("Call John now", [("John", "PERSON")], ["John"], 0.0, id="gold-only"),
        pytest.param("Call John now", [("John", "PERSON")], ["Call John now"], 1.0, id="all"),
        # Punctuation outside gold is not in the denominator: "Hi" + "ok" = 4, "Hi" hidden.
        pytest.param("Hi, John!! ok", [("John", "PERSON")], ["Hi, "], 2 / 4, id="punct-excluded"),
        # Gold spans of every label are excluded, whatever `types` says (see next test).
        pytest.param(
            "Anna in Leeds today",
            [("Anna", "PERSON"), ("Leeds", "LOC")],
            ["Leeds"],
            0.0,
            id="any-label-is-gold",
        ),
        pytest.param("John", [("John", "PERSON")], ["John"], 0.0, id="no-outside-text"),
    ],
)
def test_over_redaction(
    text: str, mentions: list[tuple[str, str]], predicted_subs: list[str], expected: float
) -> None:
    d = doc(text, *mentions)
    scores = score_redaction([d], [[at(text, s) for s in predicted_subs]], types=["PERSON"])
    assert scores.over_redaction == pytest.approx(expected)


# ---- leaked fragments ----------------------------------------------------------------------------
LEAK_TEXT = "Contact jane.smith@oakfield.sch.uk re Kayden today."
LEAK_GOLD = doc(LEAK_TEXT, ("jane.smith@oakfield.sch.uk", "EMAIL_ADDRESS"), ("Kayden", "PERSON"))


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        pytest.param(["jane.smith@oakfield.sch.uk", "Kayden"], 0, id="whole-spans"),
        # The URL recogniser's old "jane.sm": it ends inside "smith", leaving "ith" readable.
        pytest.param(["jane.sm", "oakfield.sch.uk"], 1, id="ends-inside-a-gold-word"),
        pytest.param(["ayden"], 1, id="starts-inside-a-gold-word"),
        pytest.param(["ayde"], 1, id="both-edges-count-once"),
        # Inside a word that no gold span covers: over-redaction, not a leak.
        pytest.param(["onta", "oda"], 0, id="inside-a-non-gold-word"),
        pytest.param(["Contact jane"], 0, id="edge-between-words"),
    ],
)
def test_leaked_fragments(predicted: list[str], expected: int) -> None:
    scores = score_redaction([LEAK_GOLD], [[at(LEAK_TEXT, p) for p in predicted]])
    assert scores.leaked_fragments == expected


# ---- F2, types, per-type -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("predicted", "p", "r", "f2"),
    [
        pytest.param(["Anna Lee", "park"], 0.5, 0.5, 0.5, id="equal"),
        pytest.param(["Anna Lee", "Leeds", "park", "Mother"], 0.5, 1.0, 5 * 0.5 / 3, id="r-high"),
        pytest.param(["Anna"], 1.0, 0.0, 0.0, id="zero-recall"),
        pytest.param([], 0.0, 0.0, 0.0, id="both-zero"),
    ],
)
def test_f2(predicted: list[str], p: float, r: float, f2: float) -> None:
    scores = score_redaction([PREC_GOLD], [[at(PREC_TEXT, s) for s in predicted]])
    assert (scores.precision, scores.span_recall) == pytest.approx((p, r))
    assert scores.f2 == pytest.approx(f2)


def test_types_filter_limits_span_recall_but_not_per_type() -> None:
    docs = [
        doc("Anna went to Leeds", ("Anna", "PERSON"), ("Leeds", "LOC"), doc_id="a"),
        doc("Ben and Cal met", ("Ben", "PERSON"), ("Cal", "PERSON"), doc_id="b"),
    ]
    preds = [[at(docs[0].text, "Anna")], [at(docs[1].text, "Ben")]]

    everything = score_redaction(docs, preds)
    assert everything.n_gold_spans == 4
    assert everything.span_recall == pytest.approx(2 / 4)

    people = score_redaction(docs, preds, types={"PERSON"})
    assert people.n_gold_spans == 3
    assert people.span_recall == pytest.approx(2 / 3)
    assert people.per_type == everything.per_type
    assert people.per_type["LOC"].found == 0 and people.per_type["LOC"].total == 1
    assert people.per_type["PERSON"].found == 2 and people.per_type["PERSON"].total == 3
    assert people.n_documents == 2


def test_types_as_bare_string_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"types=\['PERSON'\]"):
        score_redaction([PREC_GOLD], [[]], types="PERSON")


def test_unknown_type_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="referral_nlp.evaluation.redaction_metrics"):
        scores = score_redaction([PREC_GOLD], [[]], types=["LOCATION"])
    assert scores.n_gold_spans == 0
    assert "LOCATION" in caplog.text


# ---- input errors --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("predictions", "match"),
    [
        pytest.param([[]], r"2 documents but 1 prediction lists", id="length"),
        pytest.param([[], [(0, 99)]], r"predictions\[1\].*span 0.*out of range", id="end-past"),
        pytest.param([[(-1, 2)], []], r"predictions\[0\].*out of range", id="negative"),
        pytest.param([[(5, 2)], []], r"predictions\[0\].*out of range", id="reversed"),
        pytest.param([[(0.5, 2)], []], r"predictions\[0\].*pairs of integers", id="float"),
        pytest.param([[(0, 2, "PERSON")], []], r"pairs of integers", id="triple"),
    ],
)
def test_bad_predictions_raise(predictions: list, match: str) -> None:
    docs = [doc("Anna here", ("Anna", "PERSON"), doc_id="a"), doc("Ben", doc_id="b")]
    with pytest.raises(ValueError, match=match):
        score_redaction(docs, predictions)


def test_bad_hand_built_gold_span_raises() -> None:
    d = LabelledDocument("h", "Anna", (GoldSpan(0, 9, "PERSON"),))
    with pytest.raises(ValueError, match=r"documents\[0\] \(doc_id 'h'\) gold span 0"):
        score_redaction([d], [[]])


def test_empty_predicted_span_is_allowed_and_ignored() -> None:
    scores = score_redaction([PREC_GOLD], [[(3, 3), at(PREC_TEXT, "Anna Lee")]])
    assert scores.n_predicted_spans == 1 and scores.precision == 1.0


def test_numpy_integer_offsets_are_accepted() -> None:
    np = pytest.importorskip("numpy")
    start, end = at(PREC_TEXT, "Anna Lee")
    scores = score_redaction([PREC_GOLD], [np.array([[start, end]], dtype=np.int32)])
    assert scores.precision == 1.0


def test_as_dict_is_json_ready() -> None:
    scores = score_redaction([PREC_GOLD], [[at(PREC_TEXT, "Anna Lee")]])
    data = json.loads(json.dumps(scores.as_dict()))
    assert data["span_recall"] == 0.5
    assert data["per_type"]["PERSON"] == {"label": "PERSON", "found": 1, "total": 1, "recall": 1.0}


# ---- reference implementation --------------------------------------------------------------------
def _reference(docs: list[LabelledDocument], preds: list[list[tuple[int, int]]]) -> tuple:
    """The definitions, written character by character with sets: slow but obviously right."""
    found = total = hit = counted = out_red = out_all = 0
    for d, ps in zip(docs, preds, strict=True):
        hidden = {i for s, e in ps for i in range(s, e)}
        gold = {i for g in d.spans for i in range(g.start, g.end)}
        alnum = {i for i, c in enumerate(d.text) if c.isalnum()}
        for g in d.spans:
            chars = alnum & set(range(g.start, g.end))
            if chars:
                total += 1
                found += chars <= hidden
        for s, e in ps:
            if alnum & set(range(s, e)):
                counted += 1
                hit += bool(gold & set(range(s, e)))
        out_all += len(alnum - gold)
        out_red += len((alnum - gold) & hidden)

    def ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    return ratio(found, total), ratio(hit, counted), ratio(out_red, out_all)


@st.composite
def _case(draw: st.DrawFn) -> tuple[LabelledDocument, list[tuple[int, int]]]:
    text = draw(st.text(alphabet="ab1 .-é", max_size=30))
    n = len(text)
    span = st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted)
    gold = [
        GoldSpan(s, e, draw(st.sampled_from(["A", "B"])))
        for s, e in draw(st.lists(span, max_size=4))
        if s < e
    ]
    preds = [tuple(p) for p in draw(st.lists(span, max_size=5))]
    return LabelledDocument("x", text, tuple(gold)), preds


@settings(max_examples=300, deadline=None)
@given(st.lists(_case(), min_size=1, max_size=4))
def test_matches_reference_definitions(cases: list) -> None:
    docs = [c[0] for c in cases]
    preds = [c[1] for c in cases]
    scores = score_redaction(docs, preds)
    expected = _reference(docs, preds)
    assert (scores.span_recall, scores.precision, scores.over_redaction) == pytest.approx(expected)


# ---- table ---------------------------------------------------------------------------------------
def _two_systems() -> dict[str, RedactionScores]:
    ours = score_redaction([PREC_GOLD], [[at(PREC_TEXT, "Anna Lee"), at(PREC_TEXT, "Leeds")]])
    stock = score_redaction([PREC_GOLD], [[at(PREC_TEXT, "Anna"), at(PREC_TEXT, "park")]])
    return {"ours": ours, "presidio": stock}


def test_table_has_systems_as_columns_and_metrics_as_rows() -> None:
    table = format_scores_table(_two_systems(), types_note="span recall counts: all labels")
    lines = table.splitlines()
    assert lines[0].split() == ["metric", "ours", "presidio"]
    names = [line.strip().split("  ")[0] for line in lines[2:9]]
    assert names == [
        "span recall",
        "precision",
        "F2",
        "over-redaction",
        "leaked fragments",
        "LOC (n=1)",
        "PERSON (n=1)",
    ]
    assert lines[2].split()[-2:] == ["1.000", "0.000"]  # span recall: ours, presidio
    assert lines[3].split()[-2:] == ["1.000", "0.500"]  # precision
    assert table.endswith("span recall counts: all labels")


def test_table_marks_labels_a_system_lacks_and_rejects_empty() -> None:
    rows = _two_systems()
    rows["other"] = score_redaction([doc("Cal", ("Cal", "CODE"))], [[(0, 3)]])
    table = format_scores_table(rows)
    code_row = next(line for line in table.splitlines() if "CODE" in line)
    assert code_row.split()[-3:] == ["-", "-", "1.000"]
    assert "CODE (n=1)" in code_row

    # Systems scored on different gold spans: the counts move into the cells.
    rows["other"] = score_redaction(
        [doc("Ann and Bo", ("Ann", "PERSON"), ("Bo", "PERSON"))], [[(0, 3)]]
    )
    person_row = next(line for line in format_scores_table(rows).splitlines() if "PERSON" in line)
    assert person_row.split() == ["PERSON", "1.000", "(n=1)", "0.000", "(n=1)", "0.500", "(n=2)"]
    with pytest.raises(ValueError, match="at least one"):
        format_scores_table({})
