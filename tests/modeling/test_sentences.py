"""What a sentence is: the unit the model reads, scores and explains (table-driven)."""

from __future__ import annotations

import itertools

import pytest

from referral_nlp.modeling.sentences import (
    encoder_text,
    join_text_fields,
    note_sentences,
    sentence_texts,
    split_sentences,
)

SPLITS = [
    pytest.param("One. Two! Three?", ["One.", "Two!", "Three?"], id="end marks"),
    pytest.param(
        "Seen by Mr. <PERSON_1> today. Fine.",
        ["Seen by Mr. <PERSON_1> today.", "Fine."],
        id="title abbreviation",
    ),
    pytest.param("Seen by J. Smith. Ok", ["Seen by J. Smith.", "Ok"], id="initial"),
    pytest.param("e.g. the GP. Then", ["e.g. the GP.", "Then"], id="e.g."),
    pytest.param("No. 5 Road. Fine", ["No. 5 Road.", "Fine"], id="No. before a number"),
    pytest.param("Age 3.5 years. Done", ["Age 3.5 years.", "Done"], id="decimal point"),
    pytest.param(
        "Concerns:\n- DA at home\n- school", ["Concerns:", "- DA at home", "- school"], id="lines"
    ),
    pytest.param("done.\n\nnext", ["done.", "next"], id="blank line"),
    pytest.param("A\r\nB", ["A", "B"], id="windows line ending"),
    pytest.param('He said "stop." Then left.', ['He said "stop."', "Then left."], id="quote"),
    pytest.param("(Police attended.) Next", ["(Police attended.)", "Next"], id="bracket"),
    pytest.param("Mum left.Then", ["Mum left.Then"], id="no space after the stop"),
    pytest.param("  \n ... \n", [], id="no words"),
    pytest.param("", [], id="empty"),
    pytest.param("   padded sentence   ", ["padded sentence"], id="edge white space"),
]


@pytest.mark.parametrize(("text", "sentences"), SPLITS)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == sentences
    # spans point into the original text, in order, without overlap
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b0 <= a1 for (_, b0), (a1, _) in itertools.pairwise(spans))


ENCODER_TEXTS = [
    pytest.param("<PERSON_12> told <PERSON_3>.", "<PERSON> told <PERSON>.", id="numbers dropped"),
    pytest.param("DOB <DATE_OF_BIRTH_2>", "DOB <DATE_OF_BIRTH>", id="underscored type"),
    pytest.param("<PERSON> already plain", "<PERSON> already plain", id="unnumbered kept"),
    pytest.param("  spread \n over\tlines  ", "spread over lines", id="white space folded"),
    pytest.param("<person_1> lower case", "<person_1> lower case", id="not a placeholder"),
]


@pytest.mark.parametrize(("sentence", "expected"), ENCODER_TEXTS)
def test_encoder_text(sentence: str, expected: str) -> None:
    assert encoder_text(sentence) == expected


def test_the_same_sentence_in_two_notes_is_one_encoder_text() -> None:
    a = sentence_texts("Police called <PERSON_1>. <PERSON_1> was at home.")
    b = sentence_texts("Police called <PERSON_4>.  <PERSON_4> was\nat home.")
    assert a == ["Police called <PERSON>.", "<PERSON> was at home."]
    assert b == ["Police called <PERSON>.", "<PERSON> was", "at home."]  # a line break ends one
    assert a[0] == b[0]


def test_note_sentences_read_text_first_then_the_other_fields() -> None:
    record = {"text": "A one. B two.", "assessment_text": "C three.", "other": "Not read."}
    assert note_sentences(record) == ["A one.", "B two."]
    assert note_sentences(record, ("assessment_text", "text")) == ["A one.", "B two.", "C three."]
    assert note_sentences({**record, "assessment_text": "  "}, ("text", "assessment_text")) == [
        "A one.",
        "B two.",
    ]
    assert note_sentences({**record, "assessment_text": None}, ("text", "assessment_text")) == [
        "A one.",
        "B two.",
    ]


def test_join_text_fields_puts_a_blank_line_between_fields() -> None:
    joined = join_text_fields(
        {"text": "Note", "assessment_text": "More"}, ("text", "assessment_text")
    )
    assert joined == "Note\n\nMore"


@pytest.mark.parametrize(
    ("record", "problem"),
    [({}, "missing"), ({"text": None}, "missing"), ({"text": 3}, r"not a string \(int\)")],
)
def test_a_missing_or_odd_text_is_named(record: dict, problem: str) -> None:
    with pytest.raises(ValueError, match=rf"field 'text' is {problem}"):
        note_sentences(record)
