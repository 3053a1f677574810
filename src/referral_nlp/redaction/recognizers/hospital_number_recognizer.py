"""HospitalNumberRecognizer: hospital, unit and medical record numbers, after a cue.

Each trust numbers its patients its own way ("RWA1234567", "K123456", "M0098812"), so there is
no shape to match alone; after "hospital no.", "unit number", "MRN", "patient number", "PAS
number" or a health record system's "RiO no." a code of up to four letters and four to ten
digits is the patient's number; the prefix may be a trust code with digits and a hyphen
("RX1-0012345").
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.cued_pattern_recognizer import (
    CuedPatternRecognizer,
    after_label,
)
from referral_nlp.redaction.taxonomy import HOSPITAL_NUMBER
from referral_nlp.redaction.vocabulary import record_system_names

#: A health record system's name labels a number too ("RiO no. 1187543", "SystmOne ID: ...");
#: the names come from the one shared list, ``RECORD_SYSTEMS``.
_HEALTH_SYSTEMS = record_system_names("health")
_CUE = (
    # An emergency department's own number too: "ED no. K0771923", "A&E number ...".
    r"(?:(?:hospital|hosp|unit|patient|pas|case[ ]?note|medical[ ]record|(?-i:ED)|a&e|"
    + _HEALTH_SYSTEMS
    + r")[ ]?\.?[ ]?(?:no\b\.?|number|num|nr|id)|mrn|hospital[ ]id"
    # A system's name as a form's label, before its colon and six digits or more: "RiO:
    # 10023458". Only the names that are no word, place or forename ("Paris: 2024", "Epic:
    # 1500 points" and "Lorenzo: 5000 quid" are not a record).
    + r"|(?-i:RiO|RIO|SystmOne|EMIS)(?=[ ]?:[ \t]*[0-9]{6})"
    # A trust's letter-number: "K-number: K1234567", "M number M0098812".
    + r"|(?-i:[A-Z])[\-][ ]?(?:no\b\.?|number))"
)


class HospitalNumberRecognizer(CuedPatternRecognizer):
    """A patient's hospital or unit number after its cue; 0.85.

    :param supported_entity: Entity name reported for each match.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "hospital number after a cue",
            r"\b"
            + _CUE
            + after_label(None)  # the cue holds its own "no."
            # A trust code may stand before a letter-number: "RT3 K551209".
            + r"(?P<value>(?:[A-Z]{1,4}[0-9]{0,2}[ \-]?)?(?:(?<=[ \-])[A-Z])?[0-9]{4,10}[A-Z]?)"
            + r"(?![\w]|[\-/.,][0-9])",
            0.85,
        ),
    ]
    CUE_SCREEN = re.compile(
        r"hosp|unit|patient|pas\b|case ?note|medical record|mrn|\b[a-z]-|\bED\b|a&e|"
        + _HEALTH_SYSTEMS,
        re.I,
    )
    CUED_PATTERNS = frozenset({"hospital number after a cue"})

    def __init__(self, supported_entity: str = HOSPITAL_NUMBER) -> None:
        super().__init__(supported_entity=supported_entity, patterns=self.PATTERNS)
