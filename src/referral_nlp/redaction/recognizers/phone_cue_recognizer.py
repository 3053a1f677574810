"""PhoneCueRecognizer: any digit run that follows a phone cue ("Mobile:", "tel", "call on").

Shape-based phone recognisers need to know the numbering plan; records carry numbers from many
countries, extensions ("x459") and odd groupings ("432 03 163"). After an explicit cue, a digit
run with phone-like punctuation is a phone number whatever its country.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from referral_nlp.redaction.taxonomy import PHONE_NUMBER

_CUE = (
    r"(?i:phone|tel|telephone|mobile|mob|cell|fax|desk|office|landline|home|work|contact"
    r"|whatsapp|text|call(?:ed)?|ring|rang|answering|reach(?:ed)?)"
)
_JOIN = r"(?i:\s*(?:no\.?|number|num|on|at|me\s+at|him\s+on|her\s+on)?\s*[:\-–=]?\s*)"
_NUMBER = r"[+(]?[0-9][0-9 ().\-]{4,18}[0-9](?:\s?(?:x|ext\.?)\s?[0-9]{1,5})?"


class PhoneCueRecognizer(PatternRecognizer):
    """A phone-like digit run right after a phone cue."""

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "number after phone cue",
            # The look-ahead rejects most positions before the costly look-behind runs.
            r"(?=[+(0-9])(?<=\b" + _CUE + _JOIN + r")" + _NUMBER + r"(?![0-9])",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["phone", "mobile", "tel", "call", "fax"]
    _DIGITS = re.compile(r"[0-9]")
    _DATE_LIKE = re.compile(r"^[0-9]{1,4}[./\-][0-9]{1,2}[./\-][0-9]{1,4}$")

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = PHONE_NUMBER,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = len(self._DIGITS.findall(pattern_text))
        # Six digits is the shortest local number in use; dates are not phone numbers.
        if digits < 6 or digits > 16 or self._DATE_LIKE.match(pattern_text.strip()):
            return False
        return None
