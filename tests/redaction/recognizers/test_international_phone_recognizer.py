"""InternationalPhoneRecognizer: non-UK national numbers recognisable by their grouping.

North American numbers use the 555-01xx fiction range; the others are made up. Cases call
``analyze`` directly with ``nlp_artifacts=None``.
"""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.international_phone_recognizer import (
    InternationalPhoneRecognizer,
)
from referral_nlp.redaction.taxonomy import PHONE_NUMBER


class TestInternationalPhoneRecognizer(RecognizerTables):
    recognizer_class = InternationalPhoneRecognizer
    entity = PHONE_NUMBER


def test_supported_entities() -> None:
    assert InternationalPhoneRecognizer().get_supported_entities() == [PHONE_NUMBER]
