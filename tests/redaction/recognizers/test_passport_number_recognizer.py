"""PassportNumberRecognizer: a passport number after a passport cue, whatever its country."""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.passport_number_recognizer import (
    PassportNumberRecognizer,
)
from referral_nlp.redaction.taxonomy import PASSPORT_NUMBER

VALID = [
    pytest.param("passport 561239874, issued", ["561239874"], id="nine digits"),
    pytest.param("Passport no. 532786419.", ["532786419"], id="no."),
    pytest.param("passport number: AB1234567", ["AB1234567"], id="letters and digits"),
    pytest.param("passport 054318827 (Romanian)", ["054318827"], id="leading zero"),
    pytest.param("Passport is C01X00T47 (German)", ["C01X00T47"], id="mixed code"),
]
INVALID = [
    pytest.param("Ref 561239874 on file", id="nine digits without a cue"),
    pytest.param("AB1234567 on file", id="upstream shape without a cue"),
    pytest.param("passport expired in 2019", id="a year after the cue"),
    pytest.param("passport photo taken", id="no number"),
]


class TestPassportNumberRecognizer(RecognizerTables):
    recognizer_class = PassportNumberRecognizer
    entity = PASSPORT_NUMBER
    valid = VALID
    invalid = INVALID
