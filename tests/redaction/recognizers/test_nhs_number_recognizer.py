"""NhsNumberRecognizer: Modulus 11-valid numbers are found with their exact span; others are not.

Every number here is made up. The valid ones were built by computing the check digit for nine
arbitrary digits (see :func:`_check_digit`, written independently of the recogniser), and the
test :func:`test_table_values_have_the_checksums_claimed` re-checks them.
"""

from __future__ import annotations

import pytest
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


VALID = [
    pytest.param("NHS no 401 023 2137.", "401 023 2137", id="spaces"),
    pytest.param("NHS: 450-557-7104", "450-557-7104", id="dashes"),
    pytest.param("NHS number 6123456784 on file", "6123456784", id="no separators"),
    pytest.param("(485 777 3457)", "485 777 3457", id="in brackets"),
    pytest.param("nhs 943 476 5919,", "943 476 5919", id="before comma"),
    pytest.param("CHI 010 190 1232 (Scotland)", "010 190 1232", id="spaced leading zero"),
    pytest.param(
        "Mum's mobile 07700 900123, NHS no 943 476 5919. Child A (NHS number 401-023-2137) "
        "and Child B 6123456784 are registered at the surgery; the GP gave 450 557 7100 for "
        "Dad but that fails the check. Seen 12/03/24.",
        ["943 476 5919", "401-023-2137", "6123456784"],
        id="NHS numbers in a referral note",
    ),
]


INVALID = [
    pytest.param("NHS 401 023 2138", id="wrong check digit"),
    pytest.param("NHS 450 557 7100", id="wrong check digit 2"),
    pytest.param("NHS 612 345 6789", id="wrong check digit 3"),
    pytest.param("NHS 123 456 7890", id="check digit would be 10"),
    pytest.param("NHS 999 999 9999", id="repeated digit passing the checksum"),
    pytest.param("NHS 111 111 1111", id="repeated digit 1"),
    pytest.param("0101901232", id="unspaced leading zero reads as a phone number"),
    pytest.param("401 023-2137", id="mixed separators"),
    pytest.param("4010 232 137", id="wrong grouping"),
    pytest.param("14010232137", id="eleven digits"),
    pytest.param("401023213", id="nine digits"),
    pytest.param("1 401 023 2137", id="longer digit groups"),
    pytest.param("CR/4010232137", id="inside a reference"),
    pytest.param("4010232137/24", id="followed by a slash"),
    pytest.param("£4010232137.50", id="money"),
    pytest.param("+44 4010232137", id="after a plus"),
    pytest.param("Mobile 07700 900123", id="mobile number"),
    pytest.param("seen 12/03/2024", id="date"),
]


class TestNhsNumberRecognizer(RecognizerTables):
    recognizer_class = NhsNumberRecognizer
    entity = NHS_NUMBER
    valid = VALID
    invalid = INVALID
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
