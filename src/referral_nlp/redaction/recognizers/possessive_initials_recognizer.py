"""PossessiveInitialsRecognizer: a person known by initials alone, before a family or school noun.

Notes refer to a child or an adult by initials ("JB's mum rang", "rang KT's school"), sometimes
to anonymise, but initials beside the family, the school and the dates identify a child within a
council as well as a name does. Two or three capitals alone cannot tell initials from the field's
own abbreviations (SW, HV, GP, DA, YP), so they count only before a possessive and a noun that
only a person has (mum, nan, older brother, school, bedroom), and never when they are field
vocabulary. Later bare mentions in the same note ("JB is ok") are found by name propagation.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.name_cues import KIN_ROLES
from referral_nlp.redaction.recognizers.cued_pattern_recognizer import CuedPatternRecognizer
from referral_nlp.redaction.taxonomy import PERSON
from referral_nlp.redaction.vocabulary import alternation, is_field_vocabulary

#: Words that may stand between the possessive and the noun ("JB's older brother").
_QUALIFIER = (
    r"(?:(?:step|foster|birth|maternal|paternal|older|younger|little|big|baby|twin|half)[ -]?)?"
)
#: Nouns only a person has: the family roles the name rules read (plural too), and school, friends
#: and a room of their own.
_PERSONAL_NOUN = (
    r"(?:(?:"
    + alternation(KIN_ROLES)
    + r")s?|parents|grandparents|school|class|teacher|form[ ]tutor|bedroom|friends?"
    r"|baby|children|kids)"
)


class PossessiveInitialsRecognizer(CuedPatternRecognizer):
    """Two or three capitals before "'s" and a family or school noun; 0.6.

    :param supported_entity: Entity name reported for each match.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "initials before a possessive family noun",
            r"(?-i:(?<![\w&.'’-])(?P<value>[A-Z]{2,3})['’]s[ ]"
            + _QUALIFIER
            + _PERSONAL_NOUN
            + r"\b)",
            0.6,
        ),
    ]
    # Screened on the possessive of capitals: most notes hold none.
    CUE_SCREEN = re.compile(r"[A-Z]{2}['’]s ")
    CUED_PATTERNS = frozenset({"initials before a possessive family noun"})

    def __init__(self, supported_entity: str = PERSON) -> None:
        super().__init__(supported_entity=supported_entity, patterns=self.PATTERNS)

    def invalidate_result(self, pattern_text: str) -> bool:
        """Drop the field's abbreviations ("YP's mum", "the LA's children").

        :param pattern_text: The matched text.
        """
        return is_field_vocabulary(pattern_text)
