"""PostalCodeCueRecognizer: any country's postal code written after "zip", "postal code" etc.

UK postcodes have a fixed shape and their own recogniser. Other countries' codes are bare digit
groups ("90210", "75534-030", "394 13", "53-320") or mixed ("7412 SL", "B0J 2H0") that a pattern
cannot tell from any other number, except straight after a label that says what they are. The
label stays outside the span, so a redacted record still reads "zip code <POSTCODE>".

One foreign shape is distinctive enough to need no label: the Canadian "A9A 9A9".
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.taxonomy import POSTCODE

#: The label, an optional "is"/"was" and one separator.
_CUE = (
    r"\b(?i:zip|zip[ \-]?code|zipcode|postal[ \-]?code|post[ \-]?code|postcode|plz|cep"
    r"|c[oó]digo[ ]postal|code[ ]postal)s?\b\.?[ \t]*(?i:(?:is|was)[ \t]+)?(?:[:#=\-–][ \t]*)?"
)
#: Digits, with a second group ("90210-1234", "394 13") or the Dutch letter pair ("7412 SL").
_DIGITS = r"[0-9]{3,6}(?:[ \-][0-9]{2,4}|(?-i:[ ]?[A-Z]{2}))?"
#: Letters and digits, in capitals: "7412 SL", "B0J 2H0", "SE-123 45", "D02 X285".
_MIXED = r"(?-i:[A-Z0-9]{2,4}(?:[ \-][A-Z0-9]{2,4})?)"


class PostalCodeCueRecognizer(PresetPatternRecognizer):
    """A postal code of any country right after a postal-code label ("ZIP:", "postal code is").

    Scores 0.6. The code must hold a digit, so "zip code is unknown" finds nothing.
    """

    ENTITY: ClassVar[str] = POSTCODE
    # Capitals tell a code ("SE1 7TP") from a word; the cue is matched without case.
    GLOBAL_REGEX_FLAGS: ClassVar[int] = re.MULTILINE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "code after postal-code cue",
            # The one-character look-behind and the look-ahead (two capitals or digits, as both
            # _DIGITS and _MIXED start) reject most positions before the costly look-behind runs.
            r"(?<=[ \t:#=\-–])(?=[0-9A-Z]{2})(?<=" + _CUE + r")(?:" + _DIGITS + r"|" + _MIXED + r")"
            r"(?![\w\-])(?![.,][0-9])",
            0.6,
        ),
        Pattern(
            # "B0J 2H0": letter-digit-letter digit-letter-digit is a Canadian code and nothing
            # else (a UK postcode never ends in a digit). Capitals and the space required.
            "Canadian postal code",
            r"(?<![\w\-])(?-i:[ABCEGHJ-NPRSTVXY][0-9][A-Z][ ][0-9][A-Z][0-9])(?![\w\-])",
            0.5,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["zip", "postal", "postcode", "code"]

    _DIGIT = re.compile(r"[0-9]")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """Drop a match with no digit (every postal code system in use has digits) and a bare
        number of fewer than three digits (no country's code is that short)."""
        digits = len(self._DIGIT.findall(pattern_text))
        if digits == 0 or (digits < 3 and not any(c.isalpha() for c in pattern_text)):
            return True
        return None
