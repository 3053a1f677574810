"""UkPhoneRecognizer: UK numbers in their many written forms, and what must not be read as one.

Numbers are from Ofcom's ranges reserved for drama and testing (07700 900xxx, 020 7946 0xxx,
0161 496 0xxx, 0113 496 0xxx, 01632 960xxx), so none belongs to anyone.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.uk_phone_recognizer import UkPhoneRecognizer
from referral_nlp.redaction.taxonomy import PHONE_NUMBER


class TestUkPhoneRecognizer(RecognizerTables):
    recognizer_class = UkPhoneRecognizer
    entity = PHONE_NUMBER
    counted_score = 0.0
    least_valid_score = 0.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07700 900123", "7700900123"),
        ("+44 (0)161 496 0000", "1614960000"),
        ("0044 20 7946 0000", "2079460000"),
        ("(01632) 960000", "1632960000"),
        ("+33 1 23 45 67 89", None),
    ],
)
def test_uk_national_number(text: str, expected: str | None) -> None:
    assert UkPhoneRecognizer.uk_national_number(text) == expected


def test_defaults() -> None:
    recognizer = UkPhoneRecognizer()
    assert recognizer.supported_entities == [PHONE_NUMBER]
    assert recognizer.supported_language == "en"
    assert "mobile" in recognizer.context
