"""DottedNameRecognizer: names written as logins are people; dotted abbreviations are not."""

from __future__ import annotations

import pytest
from recognizer_helpers import found

from referral_nlp.redaction.recognizers.dotted_name_recognizer import DottedNameRecognizer
from referral_nlp.redaction.taxonomy import PERSON


@pytest.fixture(scope="module")
def recognizer() -> DottedNameRecognizer:
    return DottedNameRecognizer()


VALID = [
    pytest.param("seen by dr.patel at the surgery", ["dr.patel"], id="title.surname"),
    pytest.param("Message from jane.smith today", ["jane.smith"], id="first.last"),
    pytest.param("copy to mo.hassan please", ["mo.hassan"], id="short forename"),
    pytest.param("log in as j_smith", ["j_smith"], id="initial underscore surname"),
    pytest.param("From: karen.jones, duty", ["karen.jones"], id="before a comma"),
]
INVALID = [
    pytest.param("Contact jane.smith@oakfield.sch.uk", id="e-mail local part"),
    pytest.param("Saved notes.txt, e.g. twice", id="file name and e.g."),
    pytest.param("Went to st.mary church", id="saint"),
    pytest.param("See site.com and home.page", id="not names"),
    pytest.param("path /home/jane.smith/docs", id="inside a path"),
]


@pytest.mark.parametrize(("text", "values"), VALID)
def test_finds_dotted_name(recognizer: DottedNameRecognizer, text: str, values: list[str]) -> None:
    assert found(recognizer, text, PERSON) == values


@pytest.mark.parametrize("text", INVALID)
def test_ignores_other_dotted_words(recognizer: DottedNameRecognizer, text: str) -> None:
    assert found(recognizer, text, PERSON) == []
