"""CardNumberCueRecognizer: a payment card number written straight after the word "card".

Presidio's ``CreditCardRecognizer`` accepts a number only when it passes the Luhn check and
starts like a known scheme. Records copy card numbers by hand, drop or mistype a digit, and
carry schemes and store cards it does not know; after an explicit cue ("card", "card no.",
"credit card number is", "cc") a run of 12 to 19 digits, solid or in groups, is a card number
whether or not its checksum holds. Without the cue nothing is reported here: a bare long number
is as often an account, a case or a phone number.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.taxonomy import CREDIT_CARD

#: "card", "cards", "cc" (a card's usual abbreviation), then an optional "no."/"number", "is",
#: and one separator. Presidio compiles with IGNORECASE, so "Card No:" matches too.
_CUE = (
    r"\b(?:card|cards|cc)\b[.,]?\s*(?:(?:no|nos|number|num|nr)\b\.?\s*)?(?:is\s+|was\s+)?"
    r"(?:[:#=\-–]\s*)?"
)
#: 12-19 digits: solid, or in groups of 2-6 joined by one space or hyphen ("4111 1111 1111 1111").
_NUMBER = r"[0-9]{4}(?:[ \-]?[0-9]{2,6}){1,4}"


class CardNumberCueRecognizer(PresetPatternRecognizer):
    """A 12-19 digit number right after "card", "card number", "credit card no." or "cc".

    Scores 0.6: the cue makes the number a card number, checksum or not.
    """

    ENTITY: ClassVar[str] = CREDIT_CARD
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "number after card cue",
            # The look-ahead rejects most positions before the costly look-behind runs.
            r"(?<=[ \t:#=\-–.,])(?=[0-9])(?<=" + _CUE + r")" + _NUMBER + r"(?![0-9])(?![.,][0-9])",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["card", "credit", "debit", "visa", "mastercard"]

    MIN_DIGITS = 12
    MAX_DIGITS = 19
    _DIGIT = re.compile(r"[0-9]")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """Drop runs that are too short or too long to be a card number.

        ``invalidate_result``, not ``validate_result``: a ``True`` from the latter would force
        the score to 1.0, and a length check does not make a number a card.
        """
        digits = len(self._DIGIT.findall(pattern_text))
        return not self.MIN_DIGITS <= digits <= self.MAX_DIGITS or None
