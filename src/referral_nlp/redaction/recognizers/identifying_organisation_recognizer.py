"""IdentifyingOrganisationRecognizer: schools, nurseries, surgeries and wards that locate a family.

A child's school or GP surgery narrows a family down to a few streets, so the name is personal
data in a referral even though it is an organisation. spaCy's ORG tags are noisy on this text
(they fire on MASH and CAMHS), so these patterns key on the institution word instead.
"""

from __future__ import annotations

import functools
import re
from typing import ClassVar

from presidio_analyzer import Pattern
from spacy.lang.en.stop_words import STOP_WORDS

from referral_nlp.redaction.date_parts import WEEKDAY_NAMES
from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.taxonomy import ORGANISATION
from referral_nlp.redaction.vocabulary import SOCIAL_CARE_TERMS

_INSTITUTION = (
    r"(?:(?:Primary|Junior|Infant|Infants|Secondary|High|Grammar|Prep|Preparatory|Free|Special"
    r"|Community|Church|Catholic|C\s?of\s?E|CofE|RC)\s+)*"
    r"(?:School|Academy|College|Nursery|Pre-?School|Children'?s Centre|Family Centre|Surgery"
    r"|Medical Centre|Medical Practice|Health Centre|Hospital|Infirmary|Clinic|Practice"
    # A dental practice locates a family as a GP surgery does ("Moorside Smiles Dental Care").
    r"|Dental Care|Dental Centre"
    # So does the pharmacy a family collects its prescriptions from ("Ashby Pharmacy").
    r"|Pharmacy|Chemists?"
    # A contact centre is where a looked-after child meets a parent, on a known day; a
    # community centre, a soft play or a youth zone is where a family is met or seen.
    r"|Contact Centre|Community Centre|Soft Play|Youth Zone"
    # A small business where a parent works or a child is seen, by its trade's word:
    # "Gilbey's Chippy", "Harbour Lettings", "Redgate Roofing" (not a B&B: "emergency B&B" is a
    # kind of placement). A cafe, a takeaway or a salon only after its owner's name ("Sandy's
    # Cafe"): "Internet Cafe", "Chinese Takeaway" and "Hair Salon" are kinds.
    r"|Chippy|Barbers?|Barbershop|Lettings|Roofing|Builders|Motors|Garage|Bakery|Butchers"
    r"|Newsagents?|Launderette|(?<=['’]s[ ])(?:Cafe|Café|Takeaway|Salon)"
    # Probation's hostels, where a parent on licence lives ("Elm House Approved Premises").
    r"|Approved Premises"
    r"|Ward|Unit|Church|Mosque|Temple|Gurdwara|Synagogue|Youth Club|Football Club|Sports Centre"
    r"|Leisure Centre|Library|Refuge|Hostel|Foyer|University|Playgroup|Kindergarten|Club"
    r"|Madrassa|Madrasa|District General|A?FC|JFC|RFC|ARLFC"
    # A children's home names where a looked-after child lives; a sixth form and a housing
    # provider locate a family as a school does ("Calder Valley Housing").
    r"|Children'?s Home|Residential Home|Care Home|Sixth Form(?: College| Centre)?"
    r"|Housing(?: Association| Trust| Group)?"
    # A station where a missing child was found: "Leeds Station", "Halifax Bus Station".
    r"|(?:Bus |Coach |Railway |Train |Tube )?Station"
    # Schools are often written without "School": "Holy Trinity CofE Primary", "Oak Juniors",
    # "Brigshaw High".
    r"|Primary|Juniors|Infants|High)"
)
#: A capitalised verb opening a sentence is not part of the name after it ("Attends Little
#: Acorns Nursery").
_NOT_NAME_START = (
    r"(?!(?:Attends|Attended|Attending|Contacted|Visited|Goes|Went|Joined|Left|Started|Moved"
    r"|Registered|Transferred|Excluded|Seen|Called|Rang|Phoned|Emailed|Admitted|Discharged"
    r"|Referred|Spoke|Discussed|Informed|Attend|Contact|Phone|Call|Email)\s)"
)
#: Institution words written in capitals, for notes typed in capitals.
_CAPS_INSTITUTION = (
    r"(?:SCHOOL|ACADEMY|COLLEGE|NURSERY|PRE-?SCHOOL|SURGERY|MEDICAL CENTRE|MEDICAL PRACTICE"
    r"|HEALTH CENTRE|HOSPITAL|INFIRMARY|PRIMARY|JUNIORS|INFANTS|HIGH SCHOOL|PRIMARY SCHOOL)"
)
#: Lower-case institution words that follow a one-word name ("oakfield academy"); a bare
#: "school" or "hospital" follows ordinary words too often ("at school", "to hospital").
_LOWER_INSTITUTION = (
    # "st marys rc primary": a church school's denomination between its name and its kind.
    r"(?:(?:rc|ce|cofe|c\s?of\s?e|catholic|church|community)\s+)?"
    r"(?:academy|primary(?:\s+school)?|juniors|infants|nursery|surgery|medical\s+(?:centre"
    r"|practice)|health\s+centre|college|high\s+school|infant\s+school|junior\s+school)"
)
# Capitalised words, with "of"/"and" inside ("Our Lady of Walsingham", "Sacred Heart and St Anne").
_NAME = r"(?:St\.?\s+|Saint\s+|The\s+)?(?:[A-Z][A-Za-z'’&\-]+\s+(?:(?:of|and|&)\s+)?){1,4}"


class IdentifyingOrganisationRecognizer(PresetPatternRecognizer):
    """Named schools, nurseries, GP surgeries, hospitals, wards and similar institutions."""

    ENTITY: ClassVar[str] = ORGANISATION
    # Case matters here: capitals are what mark a name.
    GLOBAL_REGEX_FLAGS: ClassVar[int] = re.DOTALL | re.MULTILINE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "named institution",
            # A supplementary school is often written after its mosque: "... Mosque madrassa".
            # The look-ahead (a name starts with a capital) turns lower-case words away before
            # the verb list is tried at every word.
            r"\b(?=[A-Z])" + _NOT_NAME_START + _NAME + _INSTITUTION + r"\b(?:\s+madr[a]?ssa\b)?",
            0.85,
        ),
        Pattern(
            # In Welsh, Irish and Scottish Gaelic the school's word comes first: "Ysgol Gynradd
            # Maes y Deri", "Gaelscoil an Chrainn Bháin", "Bun-sgoil Thobar Bhrìde".
            "named school, its word first",
            # The language's name alone is a kind ("an Ysgol Gymraeg", "Coláiste Gaeilge"), and
            # a street, a day or a year after it is no part of the name ("Ysgol Hill").
            r"\b(?:Ysgol|Cylch[ ]Meithrin|Gaelscoil|Gaelcholáiste|Naíscoil|Scoil|Coláiste"
            r"|Meánscoil|Bun-?[Ss]goil|Ard-?[Ss]goil|Sgoil)"
            r"(?:[ ]+(?:(?:an|na|nan|y|yr|a|ar)[ ]+)?"
            r"(?!(?:Gymraeg|Gaeilge|Gàidhlig|Hill|Road|Street|Lane|Year|Head|Trip|Term|Class"
            r"|Staff|Teacher|" + "|".join(day.capitalize() for day in WEEKDAY_NAMES) + r")\b)"
            r"[A-ZÀ-ÖØ-Þ][\w'’\-]*){1,4}",
            0.85,
        ),
        Pattern(
            "named institution in capitals",
            r"\b(?:[A-Z][A-Z'’&\-]+\s+){1,4}" + _CAPS_INSTITUTION + r"\b",
            0.6,
        ),
        Pattern(
            "named institution in lower case",
            r"\b(?:st\.?\s+)?[a-z][a-z'’\-]{2,}\s+" + _LOWER_INSTITUTION + r"\b",
            0.5,
        ),
        Pattern(
            "doctor's surgery",
            r"\b(?:Dr|Doctor)\.?\s+[A-Z][\w'’\-]+['’]s\s+(?:[Ss]urgery|[Pp]ractice|[Cc]linic)\b",
            0.85,
        ),
        Pattern(
            "name after an institution label",
            # "Nursery: Tiny Steps", "Employer: Northern Rail Catering".
            r"(?<=\b(?i:nursery|school|college|employer|workplace|childminder|gp\s+surgery"
            r"|gp\s+practice)\s*:\s*)[A-Z][\w'’&\-]*(?:\s+[A-Z][\w'’&\-]*){0,3}",
            0.6,
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
            r"(?=[A-Z])(?<=\b(?i:works?|worked|working|job)\s+(?:for|at)\s+"
            r"|\b(?i:employed)\s+by\s+|\b(?i:employer)\s*:?\s+)"
            r"(?:[A-Z][\w'’&\-]*)(?:\s+[A-Z][\w'’&\-]*){0,3}",
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
        health medical gp st saint of c e cofe rc youth football sports very low medium day
        private dental sixth form education art music boarding village nearby other different
        mainstream specialist independent state old main bus coach railway train tube police
        fire ambulance""".split()
    )
    _WORD = re.compile(r"[A-Za-z'’]+")
    _NUMBERED_WARD = re.compile(r"(?:[A-Za-z'’]+\s+)?(?:Ward|Bay|Room)\s+[0-9]")
    _ENDS_WITH_INSTITUTION = re.compile(
        r"(?:" + _INSTITUTION + "|" + _CAPS_INSTITUTION + "|" + _LOWER_INSTITUTION + r")\W*$",
        re.IGNORECASE,
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
        first = words[0]
        if first in {"st", "st."} and len(words) > 2:
            first = words[1]  # "st marys rc primary": the saint's name is the name
        if first.islower() and (
            first in STOP_WORDS or first in self.GENERIC or first.endswith(("ing", "ed"))
        ):
            return False  # "attending nursery", "the nursery", "private nursery"
        return None


#: A school's name in lower case with a word that only a school takes ("oakfield academy",
#: "st marys rc primary"); "the campus nursery" and "the hospital surgery" name a kind of place.
_LOWER_NAMED_INSTITUTION = re.compile(
    r"(?:st\.?\s+)?[a-z][a-z'’\-]{2,}\s+(?:(?:rc|ce|cofe|c\s?of\s?e|catholic|church)\s+)?"
    r"(?:academy|primary(?:\s+school)?|juniors|infants|high\s+school|infant\s+school"
    r"|junior\s+school)",
    re.IGNORECASE,
)


def is_lower_case_institution(value: str) -> bool:
    """A school, nursery or surgery named in lower case ("oakfield academy", "st marys rc
    primary"): a hurried note's name for it locates a family as its capitalised name does."""
    return (
        value == value.lower()
        and _LOWER_NAMED_INSTITUTION.fullmatch(value) is not None
        and _validator().validate_result(value) is not False
    )


@functools.cache
def _validator() -> IdentifyingOrganisationRecognizer:
    return IdentifyingOrganisationRecognizer()
