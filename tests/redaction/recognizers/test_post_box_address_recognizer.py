"""PostBoxAddressRecognizer: PO boxes and US forces' addresses (APO/FPO/DPO), which have no street.

Every address here is made up. Cases call ``analyze`` directly with ``nlp_artifacts=None``.
"""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.post_box_address_recognizer import (
    PostBoxAddressRecognizer,
)
from referral_nlp.redaction.taxonomy import ADDRESS


class TestPostBoxAddressRecognizer(RecognizerTables):
    recognizer_class = PostBoxAddressRecognizer
    entity = ADDRESS


def test_supported_entities() -> None:
    assert PostBoxAddressRecognizer().get_supported_entities() == [ADDRESS]
