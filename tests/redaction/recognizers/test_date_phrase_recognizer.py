"""DatePhraseRecognizer: a festival or term with its year; a numeric date broken over a line."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.date_phrase_recognizer import DatePhraseRecognizer
from referral_nlp.redaction.taxonomy import DATE


class TestDatePhraseRecognizer(RecognizerTables):
    recognizer_class = DatePhraseRecognizer
    entity = DATE
