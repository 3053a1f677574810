"""NhsNumberRecognizer: Modulus 11-valid numbers are found with their exact span; others are not.

Every number here is made up. The valid ones were built by computing the check digit for nine
arbitrary digits (see :func:`_check_digit`, written independently of the recogniser), and the
test :func:`test_table_values_have_the_checksums_claimed` re-checks them.
"""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.nhs_number_recognizer import NhsNumberRecognizer
from referral_nlp.redaction.taxonomy import NHS_NUMBER


def _check_digit(first_nine: str) -> int | None:
    """Modulus 11, straight from the NHS data dictionary."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    remainder = 11 - total % 11
    return {11: 0, 10: None}.get(remainder, remainder)


#: Made-up numbers whose last digit is the Modulus 11 check digit of the first nine.
VALID_NUMBERS = ["4010232137", "4505577104", "6123456784", "4857773457", "9434765919"]
#: Made-up numbers that fail: wrong check digit, or nine digits with no possible check digit.
BAD_CHECKSUM = ["4010232138", "4505577100", "6123456789", "1234567890"]


def test_table_values_have_the_checksums_claimed() -> None:
    for number in VALID_NUMBERS:
        assert _check_digit(number[:9]) == int(number[9]), number
    for number in BAD_CHECKSUM:
        assert _check_digit(number[:9]) != int(number[9]), number
    assert _check_digit("123456789") is None  # 11 - remainder = 10: no valid number


class TestNhsNumberRecognizer(RecognizerTables):
    recognizer_class = NhsNumberRecognizer
    entity = NHS_NUMBER
    counted_score = 0.0
    # A passed checksum is Presidio's strongest evidence: no context needed.
    least_valid_score = 0.5


def test_check_digit_rules() -> None:
    assert NhsNumberRecognizer.check_digit("401023213") == 7
    assert NhsNumberRecognizer.check_digit("123456789") is None  # 10: no number possible
    # A remainder of 0 gives 11, which becomes a check digit of 0.
    assert NhsNumberRecognizer.check_digit("400000002") == 0


def test_defaults() -> None:
    recognizer = NhsNumberRecognizer()
    assert recognizer.supported_entities == [NHS_NUMBER]
    assert recognizer.supported_language == "en"
    assert "nhs" in recognizer.context
