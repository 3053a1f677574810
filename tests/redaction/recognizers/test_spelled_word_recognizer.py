"""SpelledWordRecognizer: names spelled out letter by letter in a call's notes."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.spelled_word_recognizer import SpelledWordRecognizer
from referral_nlp.redaction.taxonomy import PERSON


class TestSpelledWordRecognizer(RecognizerTables):
    recognizer_class = SpelledWordRecognizer
    entity = PERSON
