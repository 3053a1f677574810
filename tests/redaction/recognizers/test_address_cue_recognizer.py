"""AddressCueRecognizer: a whole address after a strong cue, and "the corner of X and Y".

Every address here is made up. The recogniser needs no spaCy artifacts, so cases call
``analyze`` directly with ``nlp_artifacts=None``.
"""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.address_cue_recognizer import AddressCueRecognizer
from referral_nlp.redaction.taxonomy import ADDRESS


class TestAddressCueRecognizer(RecognizerTables):
    recognizer_class = AddressCueRecognizer
    entity = ADDRESS


def test_supported_entities() -> None:
    assert AddressCueRecognizer().get_supported_entities() == [ADDRESS]
