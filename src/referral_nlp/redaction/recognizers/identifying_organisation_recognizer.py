"""IdentifyingOrganisationRecognizer: schools, nurseries, surgeries and wards that locate a family.

A child's school or GP surgery narrows a family down to a few streets, so the name is personal
data in a referral even though it is an organisation. spaCy's ORG tags are noisy on this text
(they fire on MASH and CAMHS), so these patterns key on the institution word instead.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from referral_nlp.redaction.taxonomy import ORGANISATION
from referral_nlp.redaction.vocabulary import SOCIAL_CARE_TERMS

_INSTITUTION = (
    r"(?:(?:Primary|Junior|Infant|Infants|Secondary|High|Grammar|Prep|Preparatory|Free|Special"
    r"|Community|Church|Catholic|C\s?of\s?E|CofE|RC)\s+)*"
    r"(?:School|Academy|College|Nursery|Pre-?School|Children'?s Centre|Family Centre|Surgery"
    r"|Medical Centre|Medical Practice|Health Centre|Hospital|Infirmary|Clinic|Practice"
    r"|Ward|Unit|Church|Mosque|Temple|Gurdwara|Synagogue|Youth Club|Football Club|Sports Centre"
    r"|Leisure Centre|Library|Refuge|Hostel|Foyer|University|Playgroup|Kindergarten|Club"
    r"|Madrassa|Madrasa|District General"
    # Schools are often written without "School": "Holy Trinity CofE Primary", "Oak Juniors".
    r"|Primary|Juniors|Infants)"
)
# Capitalised words, with "of"/"and" inside ("Our Lady of Walsingham", "Sacred Heart and St Anne").
_NAME = r"(?:St\.?\s+|Saint\s+|The\s+)?(?:[A-Z][A-Za-z'’&\-]+\s+(?:(?:of|and|&)\s+)?){1,4}"


class IdentifyingOrganisationRecognizer(PatternRecognizer):
    """Named schools, nurseries, GP surgeries, hospitals, wards and similar institutions."""

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "named institution",
            # A supplementary school is often written after its mosque: "... Mosque madrassa".
            r"\b" + _NAME + _INSTITUTION + r"\b(?:\s+madr[a]?ssa\b)?",
            0.85,
        ),
        Pattern(
            "company with legal suffix",
            # A name may open with a number ("3 Round Stones Inc", "99 Cents Only Ltd").
            r"\b(?:[0-9]{1,4}\s+)?(?:[A-Z][\w'’&\-]*\s+){1,4}"
            r"(?:Inc|Ltd|LLC|LLP|Limited|Corporation|Corp|Plc|PLC"
            r"|Group|Partners|Associates|Holdings|(?:&|and)\s+Sons|Foundation|Trust|Charity)\b\.?",
            0.7,
        ),
        Pattern(
            "firm of surnames",
            r"\b[A-Z][a-z]+,\s+[A-Z][a-z]+,?\s+(?:and|&)\s+[A-Z][a-z]+\b",
            0.6,
        ),
        Pattern(
            "employer after cue",
            r"(?=[A-Z])(?<=\b(?:works?|worked|working|job)\s+(?:for|at)\s+|\bemployed\s+by\s+"
            r"|\bemployer\s*:?\s+)(?:[A-Z][\w'’&\-]*)(?:\s+[A-Z][\w'’&\-]*){0,3}",
            0.6,
        ),
        Pattern(
            # "Ward 28B", "Children's Ward 15": the kind of ward in front belongs to its name.
            "numbered ward",
            r"\b(?:(?:Children'?s|Paediatric|Maternity|Neonatal|Surgical|Medical)\s+)?"
            r"(?:Ward|Bay|Room)\s+[0-9]{1,3}[A-Z]?\b",
            0.4,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "attends",
        "attended",
        "school",
        "registered",
        "surgery",
        "gp",
        "admitted",
        "ward",
    ]

    #: Words that describe an institution without naming it ("the local Primary School").
    GENERIC = frozenset(
        """the a his her their local new primary secondary junior infant infants high grammar
        special community church catholic school nursery hospital surgery college academy current
        previous former same this that another children's childrens family general district
        health medical gp st saint of c e cofe rc youth football sports""".split()
    )
    _WORD = re.compile(r"[A-Za-z'’]+")
    _NUMBERED_WARD = re.compile(r"(?:[A-Za-z'’]+\s+)?(?:Ward|Bay|Room)\s+[0-9]")
    _ENDS_WITH_INSTITUTION = re.compile(_INSTITUTION + r"\W*$")

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = ORGANISATION,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            # Case matters here: capitals are what mark a name. Presidio's default flags
            # include IGNORECASE, which would let "[A-Z]" match any word.
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        words = self._WORD.findall(pattern_text)
        if not words:
            return False
        if self._NUMBERED_WARD.match(pattern_text):
            return None  # numbered ward: the number is the identifying part
        # "the local Primary School" describes an institution without naming it: at least one
        # word before the institution word must be a name, and a bare agency is not one.
        named = words[:-1] if self._ENDS_WITH_INSTITUTION.search(pattern_text) else words
        if all(w.lower() in self.GENERIC or w.lower() in SOCIAL_CARE_TERMS for w in named):
            return False
        return None
