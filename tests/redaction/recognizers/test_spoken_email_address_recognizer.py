"""SpokenEmailAddressRecognizer: addresses said in words or with "at" / "dot" in brackets."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.spoken_email_address_recognizer import (
    SpokenEmailAddressRecognizer,
)
from referral_nlp.redaction.taxonomy import EMAIL_ADDRESS


class TestSpokenEmailAddressRecognizer(RecognizerTables):
    recognizer_class = SpokenEmailAddressRecognizer
    entity = EMAIL_ADDRESS
