"""CardNumberCueRecognizer: a 12-19 digit number straight after "card", "card no.", "cc".

Every number here is made up; most fail the Luhn check on purpose, which is the point: after
the cue a hand-copied or mistyped number is still a card number. Cases call ``analyze``
directly with ``nlp_artifacts=None``.
"""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.card_number_cue_recognizer import CardNumberCueRecognizer
from referral_nlp.redaction.taxonomy import CREDIT_CARD


class TestCardNumberCueRecognizer(RecognizerTables):
    recognizer_class = CardNumberCueRecognizer
    entity = CREDIT_CARD


def test_supported_entities() -> None:
    assert CardNumberCueRecognizer().get_supported_entities() == [CREDIT_CARD]
