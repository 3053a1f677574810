"""PassportNumberRecognizer: Presidio's UK passport recogniser, plus the number after a cue.

Upstream knows one shape, two letters and seven digits, at a weak score its context words must
lift. UK passports in circulation carry nine digits ("561239874"), and a family's records hold
other countries' passports too. After a passport cue ("passport no.", "passport number:") a
6-10 character code with at least five digits is a passport number, whatever its country; a
country may stand between ("Passport (UK): ...", "Passport Lithuania ..."). A "travel document"
(a refugee's or a stateless person's passport) is cued the same way.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import UkPassportRecognizer

from referral_nlp.redaction.recognizers.cued_pattern_recognizer import CuedPatternRecognizer
from referral_nlp.redaction.taxonomy import PASSPORT_NUMBER


class PassportNumberRecognizer(CuedPatternRecognizer, UkPassportRecognizer):
    """Upstream's weak two-letters-seven-digits pattern and context, and 0.7 after a cue.

    :param supported_entity: Entity name reported for each match.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "passport number after a cue",
            # A bracketed qualifier may stand after the cue: "Passport (UK): 123456789".
            # The number itself may be what stands in the brackets: "passport (553201874)".
            r"\b(?:passport|travel[ ]document)\b[ ]?(?:\((?![A-Z0-9]{6,10}\))[^()\n]{1,24}\)[ ]?)?"
            # ... or its country, unbracketed: "Passport Lithuania 23918470", "Passport:
            # Republic of Ireland 12345678".
            r"(?:[:\-]?[ ]?(?-i:[A-Z][a-z]+(?:[ ](?:of[ ])?[A-Z][a-z]+){0,2})[ ])?"
            # "passport, number P04417329": a comma may stand before the number word.
            r"(?:,?[ ]?(?:no\b\.?|number|num|nr))?[ ]?"
            r"(?:is|was)?[ ]?[:#=\-(]?[ \t]{0,8}"
            r"(?P<value>(?=[A-Z0-9]*[0-9](?:[A-Z]?[0-9]){4})[A-Z0-9]{6,10})\b",
            0.7,
        ),
        *UkPassportRecognizer.PATTERNS,
    ]
    CUE_SCREEN = re.compile(r"passport|travel document", re.IGNORECASE)
    CUED_PATTERNS = frozenset({"passport number after a cue"})

    def __init__(self, supported_entity: str = PASSPORT_NUMBER) -> None:
        super().__init__(patterns=self.PATTERNS, supported_entity=supported_entity)
