"""PossessiveInitialsRecognizer: initials before a family or school noun, not the field's
abbreviations."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.possessive_initials_recognizer import (
    PossessiveInitialsRecognizer,
)
from referral_nlp.redaction.taxonomy import PERSON


class TestPossessiveInitialsRecognizer(RecognizerTables):
    recognizer_class = PossessiveInitialsRecognizer
    entity = PERSON
