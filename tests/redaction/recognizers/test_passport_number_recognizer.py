"""PassportNumberRecognizer: a passport number after a passport cue, whatever its country."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.passport_number_recognizer import (
    PassportNumberRecognizer,
)
from referral_nlp.redaction.taxonomy import PASSPORT_NUMBER


class TestPassportNumberRecognizer(RecognizerTables):
    recognizer_class = PassportNumberRecognizer
    entity = PASSPORT_NUMBER
