"""UlnRecognizer: Unique Learner Numbers (the Learning Records Service's 10-digit number).

The ULN's last digit is a check digit: weight the first nine digits 10 down to 2 and sum; the
remainder modulo 11 must not be 0, and the check digit is 10 minus it (the ESFA's ILR rule,
DerivedData_15). The first digit is never 0.

A bare 10-digit run counts only when the check digit holds; straight after a "ULN" label any
10 digits count (a mistyped ULN still identifies the learner).
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.cued_pattern_recognizer import (
    CuedPatternRecognizer,
    after_label,
)
from referral_nlp.redaction.taxonomy import ULN

_LABEL = r"(?:ULN|unique[ ]learner[ ](?:number|no|num)|learner[ ](?:number|no))"
_NUMBER = r"[1-9][0-9]{9}"
_END = r"(?![\w/]|[.,][0-9])"


def uln_check_digit_ok(number: str) -> bool:
    """Does a 10-digit ``number`` carry a valid ULN check digit?"""
    if len(number) != 10 or not number.isdigit() or number[0] == "0":
        return False
    remainder = sum(int(d) * w for d, w in zip(number[:9], range(10, 1, -1), strict=True)) % 11
    return remainder != 0 and int(number[9]) == 10 - remainder


class UlnRecognizer(CuedPatternRecognizer):
    """ULNs: 0.6 after a label; a bare one only with a valid check digit (then 1.0).

    :param supported_entity: Entity name reported for each match.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "ULN after a label",
            r"\b" + _LABEL + after_label() + r"(?P<value>" + _NUMBER + r")" + _END,
            0.6,
        ),
        Pattern("ULN", r"(?<![\w/.\-+])" + _NUMBER + _END, 0.1),
    ]
    CUE_SCREEN = re.compile(r"uln|learner", re.IGNORECASE)
    CUED_PATTERNS = frozenset({"ULN after a label"})
    CONTEXT: ClassVar[list[str]] = ["uln", "learner"]

    def __init__(self, supported_entity: str = ULN) -> None:
        super().__init__(
            supported_entity=supported_entity, patterns=self.PATTERNS, context=self.CONTEXT
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """True (score 1.0) for a valid check digit; otherwise the pattern's score stands.

        :param pattern_text: The matched text.
        """
        return True if uln_check_digit_ok(pattern_text) else None
