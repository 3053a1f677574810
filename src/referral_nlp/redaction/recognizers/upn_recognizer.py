"""UpnRecognizer: English Unique Pupil Numbers (DfE).

A UPN is a check letter, a 3-digit local-authority number, a 4-digit establishment number, a
2-digit year and a 3-digit serial (a temporary UPN ends in a letter): "N801200001234". The check
letter and the local-authority numbers are validated with python-stdnum's ``stdnum.gb.upn``
(the DfE's algorithm: digits weighted 2 to 13, modulo 23, letters without I, O and S).

A bare code in capitals counts only when it validates (about one random code in 23 times the
share of real LA numbers does). Straight after a "UPN" label a 13-character code counts whatever
its check letter: a UPN copied with a typo still identifies the pupil.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern
from stdnum.gb import upn

from referral_nlp.redaction.recognizers.cued_pattern_recognizer import (
    CuedPatternRecognizer,
    after_label,
)
from referral_nlp.redaction.taxonomy import UPN

_CODE = r"[A-Z][0-9]{11}[0-9A-Z]"
_LABEL = r"(?:UPN|unique[ ]pupil[ ](?:number|no|num)|pupil[ ](?:number|no))"


class UpnRecognizer(CuedPatternRecognizer):
    """UPNs: 0.6 after a label; a bare one only with a valid check letter (then 1.0).

    :param supported_entity: Entity name reported for each match.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "UPN after a label",
            r"\b" + _LABEL + after_label() + r"(?P<value>" + _CODE + r")\b",
            0.6,
        ),
        # Capitals only: the check letter decides, and a validated code scores 1.0.
        Pattern("UPN", r"\b(?-i:[A-HJ-NPR-Z][0-9]{11}[0-9A-HJ-NPR-Z])\b", 0.1),
    ]
    CUE_SCREEN = re.compile(r"upn|pupil", re.IGNORECASE)
    CUED_PATTERNS = frozenset({"UPN after a label"})
    CONTEXT: ClassVar[list[str]] = ["upn", "pupil"]

    def __init__(self, supported_entity: str = UPN) -> None:
        super().__init__(
            supported_entity=supported_entity, patterns=self.PATTERNS, context=self.CONTEXT
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """True (score 1.0) for a valid check letter and LA number; otherwise the pattern's
        score stands (a labelled code is kept, a bare one falls below the threshold).

        :param pattern_text: The matched text.
        """
        return True if upn.is_valid(pattern_text) else None
