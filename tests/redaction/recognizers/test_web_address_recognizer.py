"""WebAddressRecognizer: URLs on word boundaries only, and no public-service sites."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.web_address_recognizer import WebAddressRecognizer
from referral_nlp.redaction.taxonomy import URL


class TestWebAddressRecognizer(RecognizerTables):
    recognizer_class = WebAddressRecognizer
    entity = URL
