"""DottedNameRecognizer: names written as logins are people; dotted abbreviations are not."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.dotted_name_recognizer import DottedNameRecognizer
from referral_nlp.redaction.taxonomy import PERSON


class TestDottedNameRecognizer(RecognizerTables):
    recognizer_class = DottedNameRecognizer
    entity = PERSON
