"""DrivingLicenceRecognizer: Presidio's UK driving licence recogniser, written with spaces too.

Upstream's pattern and checks follow the DVLA's 16-character structure (surname, birth decade,
month with 50 added for women, day, year digit, initials, check characters) and are kept as they
are. Licences copied from the card are often spaced as printed, "MARSH 701154 SJ9AB", so the same
structure is also accepted with those spaces.
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import UkDrivingLicenceRecognizer

from referral_nlp.redaction.taxonomy import DRIVING_LICENCE

_MONTH = r"(?:0[1-9]|1[0-2]|5[1-9]|6[0-2])"
_DAY = r"(?:0[1-9]|[12][0-9]|3[01])"


class DrivingLicenceRecognizer(UkDrivingLicenceRecognizer):
    """Upstream's pattern (0.5) and a spaced variant (0.5); upstream's validation.

    :param supported_entity: Entity name reported for each match.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        *UkDrivingLicenceRecognizer.PATTERNS,
        Pattern(
            "UK driving licence, spaced as printed",
            r"\b[A-Z9]{5}[ ][0-9]" + _MONTH + _DAY + r"[0-9][ ][A-Z9]{2}[A-Z0-9][ ]?[A-Z]{2}\b",
            0.5,
        ),
    ]

    def __init__(self, supported_entity: str = DRIVING_LICENCE) -> None:
        super().__init__(patterns=self.PATTERNS, supported_entity=supported_entity)
