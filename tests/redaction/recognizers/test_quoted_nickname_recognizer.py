"""QuotedNicknameRecognizer: each quoted street name in a list after a naming cue."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.quoted_nickname_recognizer import (
    QuotedNicknameRecognizer,
)
from referral_nlp.redaction.taxonomy import PERSON


class TestQuotedNicknameRecognizer(RecognizerTables):
    recognizer_class = QuotedNicknameRecognizer
    entity = PERSON
