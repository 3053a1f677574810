"""DottedNameRecognizer: names written as logins are people; dotted abbreviations are not."""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.dotted_name_recognizer import DottedNameRecognizer
from referral_nlp.redaction.taxonomy import PERSON

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


class TestDottedNameRecognizer(RecognizerTables):
    recognizer_class = DottedNameRecognizer
    entity = PERSON
    valid = VALID
    invalid = INVALID
