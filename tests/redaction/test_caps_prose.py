"""caps_prose: capitals prose read as a person is dropped; names and initials are kept."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from referral_nlp.redaction.caps_prose import without_caps_prose
from referral_nlp.redaction.taxonomy import LOCATION, PERSON


@pytest.fixture(scope="module")
def english(redactor):
    from referral_nlp.redaction.english_words import english_dictionary

    return english_dictionary(redactor.nlp_engine.nlp["en"].vocab)


def _result(text: str, span: str, entity: str = PERSON, by: str = "PersonNameRecognizer"):
    start = text.index(span)
    return RecognizerResult(
        entity, start, start + len(span), 0.85, recognition_metadata={"recognizer_name": by}
    )


@pytest.mark.parametrize(
    ("text", "span", "by", "kept"),
    [
        ("CHILD AT RISK", "AT", "PersonNameRecognizer", False),
        ("NEIGHBOUR REPORTING SHOUTING AND A", "REPORTING SHOUTING", "SpacyRecognizer", False),
        # Names the lists know are kept though they are words; a name no dictionary holds too.
        ("SUBJECT: WARD PADDY", "WARD PADDY", "SpacyRecognizer", True),
        ("SUSPECT MARK", "MARK", "PersonNameRecognizer", True),
        ("VICTIM OKONKWO", "OKONKWO", "SpacyRecognizer", True),
        # In mixed case, capitals mean something: an initial, a name.
        ("Uncle B picked me up", "B", "PersonNameRecognizer", True),
        ("CHILD AT RISK\nSeen by Mum", "AT", "PersonNameRecognizer", False),
        ("Child AT RISK", "AT", "PersonNameRecognizer", True),
        # The initials rules are not second-guessed.
        ("SW: AB", "AB", "InitialsRecognizer", True),
    ],
)
def test_capitals_prose_is_no_person(english, text, span, by, kept) -> None:
    result = _result(text, span, by=by)
    assert (without_caps_prose(text, [result], english) == [result]) is kept


def test_only_persons_are_dropped_and_nothing_without_a_dictionary(english) -> None:
    text = "IN THE HALLWAY"
    place = _result(text, "HALLWAY", LOCATION, "SpacyRecognizer")
    person = _result(text, "HALLWAY", PERSON, "SpacyRecognizer")
    assert without_caps_prose(text, [place, person], english) == [place]
    assert without_caps_prose(text, [place, person], None) == [place, person]
