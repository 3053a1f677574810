"""CardNumberCueRecognizer: a 12-19 digit number straight after "card", "card no.", "cc".

Every number here is made up; most fail the Luhn check on purpose, which is the point: after
the cue a hand-copied or mistyped number is still a card number. Cases call ``analyze``
directly with ``nlp_artifacts=None``.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.card_number_cue_recognizer import CardNumberCueRecognizer
from referral_nlp.redaction.taxonomy import CREDIT_CARD

VALID = [
    pytest.param("Mum's card 123456781234 was used.", "123456781234", id="card, 12 digits"),
    pytest.param("Card no 1111222233334444 stolen.", "1111222233334444", id="card no"),
    pytest.param("card number: 9876 5432 1098 7654", "9876 5432 1098 7654", id="groups"),
    pytest.param("Card No. 9876-5432-1098-7654", "9876-5432-1098-7654", id="hyphen groups"),
    pytest.param("his card # 5555444433332222111", "5555444433332222111", id="19 digits"),
    pytest.param("credit card number is 400011112222", "400011112222", id="number is"),
    pytest.param("used a debit card: 6011000011112222.", "6011000011112222", id="debit card:"),
    pytest.param("Charge my card. Number is 3400111122223", "3400111122223", id="sentence break"),
    pytest.param("bill for cc 501800001111 sent", "501800001111", id="cc"),
    pytest.param("CARD 1234 567890 12345", "1234 567890 12345", id="capitals, 4-6-5"),
]


INVALID = [
    pytest.param("card 12345 was declined", id="too short"),
    pytest.param("card 12345678901234567890 was declined", id="too long"),
    pytest.param("Birthday card 2024 sent", id="a year"),
    pytest.param("Card sent on 12/03/2024", id="a date"),
    pytest.param("Paid 1234567890123 by cheque", id="no cue"),
    pytest.param("Scorecard 123456789012 filed", id="cue inside a word"),
    pytest.param("card 1234.5678901234 amount", id="decimal"),
    pytest.param("card £123456789012 limit", id="money"),
]


class TestCardNumberCueRecognizer(RecognizerTables):
    recognizer_class = CardNumberCueRecognizer
    entity = CREDIT_CARD
    valid = VALID
    invalid = INVALID


def test_supported_entities() -> None:
    assert CardNumberCueRecognizer().get_supported_entities() == [CREDIT_CARD]
