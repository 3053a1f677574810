"""UlnRecognizer: ULNs with a valid check digit anywhere; any 10 digits after a label.

Values are made up; the valid ones carry the check digit computed by :func:`_check_digit`,
written here from the ESFA's rule independently of the recogniser.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.uln_recognizer import UlnRecognizer, uln_check_digit_ok
from referral_nlp.redaction.taxonomy import ULN


def _check_digit(first_nine: str) -> int | None:
    """Weights 10 down to 2; remainder r modulo 11; check digit 10 - r, none when r is 0."""
    remainder = sum((10 - i) * int(d) for i, d in enumerate(first_nine)) % 11
    return None if remainder == 0 else 10 - remainder


VALID_ULNS = ["4528719036", "7133660481", "2901145778", "8644021353"]


def test_table_values_have_the_check_digits_claimed() -> None:
    for uln in VALID_ULNS:
        assert _check_digit(uln[:9]) == int(uln[9])
        assert uln_check_digit_ok(uln)
    # The ESFA's own test values: 1000000043 is valid, 1000000063 has remainder 0.
    assert uln_check_digit_ok("1000000043")
    assert not uln_check_digit_ok("1000000063")
    assert not uln_check_digit_ok("0123456789")  # never starts with 0


VALID = [
    # A valid check digit needs no label.
    *(pytest.param(f"Learner {uln} enrolled.", [uln], id=f"no label, {uln}") for uln in VALID_ULNS),
    pytest.param("ULN 6102345678, college", ["6102345678"], id="label, wrong check digit"),
    pytest.param("ULN: 4528719036", ["4528719036"], id="label and colon"),
    pytest.param("unique learner number 7133660481.", ["7133660481"], id="words as label"),
]


class TestUlnRecognizer(RecognizerTables):
    recognizer_class = UlnRecognizer
    entity = ULN
    valid = VALID
