"""SpokenPhoneNumberRecognizer: phone numbers said in words, as a transcript writes them."""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.spoken_phone_number_recognizer import (
    SpokenPhoneNumberRecognizer,
    spoken_digit_count,
)
from referral_nlp.redaction.taxonomy import PHONE_NUMBER


@pytest.mark.parametrize(
    ("said", "digits", "in_words"),
    [
        pytest.param("oh seven seven", 3, 3, id="words"),
        pytest.param("double oh nine", 3, 2, id="double"),
        pytest.param("treble five", 3, 1, id="treble"),
        pytest.param("oh 1632 960", 8, 1, id="words and digits"),
        pytest.param("plus four four", 2, 2, id="country code in words"),
        pytest.param("+44 seven", 3, 1, id="country code in digits"),
    ],
)
def test_spoken_digit_count(said: str, digits: int, in_words: int) -> None:
    assert spoken_digit_count(said) == (digits, in_words)


class TestSpokenPhoneNumberRecognizer(RecognizerTables):
    recognizer_class = SpokenPhoneNumberRecognizer
    entity = PHONE_NUMBER
