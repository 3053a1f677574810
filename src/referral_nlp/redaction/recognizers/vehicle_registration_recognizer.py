"""VehicleRegistrationRecognizer: Presidio's UK registration recogniser, needing a cue.

Upstream matches its three formats (current "KX19 BZT", prefix "A123 BCD", suffix "ABC 123D") in
any case, scores a current-format plate with a valid age identifier 1.0 with no cue at all, and
lifts the rest with context words that are substrings of everyday social-care words ("car" is
in "carer", "mot" in "mother", "reg" in "regular"). Here:

* a plate straight after a vehicle cue ("reg", "registration", "VRM", "index" (the police
  word), "vehicle", "car", "van", "number plate"), in quotes or not ('reg "MA15 KXF"'), or
  after a make and model ("silver Vauxhall Corsa KT68 PLM", "BMW 3-series", ``vehicles``)
  scores 0.6, in any case;
* a current-format plate with no cue scores 0.5 when its age identifier is one the DVLA has
  issued (02-29, 51-79) and it is written in capitals ("MA19 XRV"): a note mentions the car it
  saw without saying "reg" ("a black golf KM15 RWY"). Not in lower case, where "yr10 and",
  "wk12 now" take the shape, nor with an everyday word for its letters ("LS12 AND" in a
  capitals note);
* elsewhere the upstream shapes count in capitals only, at upstream's weak scores, and only a
  context word that cannot hide in another word ("vehicle", "registration", "plate", "DVLA")
  lifts them; a valid age identifier no longer forces 1.0;
* upstream's age-identifier check still rejects impossible current-format plates, and after a
  make and model a plate is written in one case ("Audi A3 she" is a model and a pronoun).
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import UkVehicleRegistrationRecognizer

from referral_nlp.redaction.recognizers.cued_pattern_recognizer import (
    CuedPatternRecognizer,
    after_label,
)
from referral_nlp.redaction.taxonomy import VEHICLE_REGISTRATION
from referral_nlp.redaction.vehicles import MAKE_PAIRS, MAKES, VEHICLE_DESCRIPTION

#: Current-style marks; after a cue a space may also split the area code from the age identifier,
#: as people write them down ("YX 68 KBO").
_CURRENT = r"[A-HJ-PR-Y]{2}[ ]?(?:0[1-9]|[1-7][0-9])[- ]?[A-HJ-PR-Z]{3}"
_PREFIX = r"[A-HJ-NPR-TV-Y][0-9]{1,3}[- ]?[A-HJ-PR-Y][A-HJ-PR-Z]{2}"
_SUFFIX = r"[A-HJ-PR-Z]{3}[- ]?[0-9]{1,3}[- ]?[A-HJ-NPR-TV-Y]"
_CUE = (
    r"(?:reg|registration|vrm|vrn|index|vehicle|car|van|motorbike|moped|taxi|number[ ]plate|plate)"
    + after_label(r"no\b\.?|number|mark", separators=r":#=\-(\"“'‘")
)
_PLATE = r"(?:" + _CURRENT + "|" + _PREFIX + "|" + _SUFFIX + r")"
#: A current-format age identifier the DVLA has issued: March (02-29) and September (51-79).
_AGE_ID = r"(?:0[2-9]|[12][0-9]|5[1-9]|[67][0-9])"
#: A plate in one case: after a make and model, "Audi A3 she" is a model and a pronoun.
_PLATE_ONE_CASE = r"(?-i:" + _PLATE + "|" + _PLATE.lower() + r")"
#: Capitals words a current-format shape takes in capitals notes ("MOVED TO LS12 AND"): a
#: postcode district and a word, not a plate, when no cue says a car is meant.
_WORDS_NOT_PLATE_LETTERS = (
    r"(?!(?:AND|THE|FOR|WAS|BUT|NOT|ARE|HAS|HAD|HIS|HER|WHO|YOU|ITS|OUT|OFF|NOW|TWO|ONE|DAD|MUM"
    r"|NAN|SON|AGE|DOB|REF|TEL|MOB|SAW|SEE|GOT|LET|MAY|DAY|WAY|YES|ALL|ANY|CAN|DID|GET|HIM|HOW"
    r"|NEW|OLD|OUR|SAY|SHE|TOO|USE|WHY|YRS|MTH|MIN|HRS|PER|VIA|ETC)\b)"
)


#: The two-letter postcode areas of the UK: "LS12 AND" may be a district and a word, "WE70 ARE"
#: and "TC19 ALL" cannot, so only these areas keep a plate that spells a word out.
_POSTCODE_AREAS = (
    r"(?:AB|AL|BA|BB|BD|BH|BL|BN|BR|BS|BT|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL|DN"
    r"|DT|DY|EC|EH|EN|EX|FK|FY|GL|GU|GY|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|LA"
    r"|LD|LE|LL|LN|LS|LU|ME|MK|ML|NE|NG|NN|NP|NR|NW|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|SA|SE|SG"
    r"|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|TA|TD|TF|TN|TQ|TR|TS|TW|UB|WA|WC|WD|WF|WN|WR|WS|WV|YO"
    r"|ZE)"
)


class VehicleRegistrationRecognizer(CuedPatternRecognizer, UkVehicleRegistrationRecognizer):
    """UK plates: 0.6 after a vehicle cue; capitals-only shapes at upstream's weak scores.

    :param supported_entity: Entity name reported for each match.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "plate after a vehicle cue",
            r"\b" + _CUE + r"(?P<value>" + _PLATE + r")\b",
            0.6,
        ),
        Pattern(
            "plate after a make and model",
            # "silver Vauxhall Corsa KT68 PLM", "grey Corsa (YD19 KXP)", "Golf (reg LB12 XYZ)"
            r"\b"
            + VEHICLE_DESCRIPTION
            + r",?[ ]\(?(?:reg\.?[ ]?)?(?P<value>"
            + _PLATE_ONE_CASE
            + r")\b",
            0.6,
        ),
        Pattern(
            "personalised plate after its cue",
            # "a private plate BR4 NDN", "cherished reg K1 NGS": a personalised or dateless
            # mark takes any of the DVLA's shapes, so the cue must say it is one; capitals only.
            r"\b(?:private|personali[sz]ed|personal|cherished)[ ](?:number[ ])?"
            r"(?:plate|reg(?:istration)?)"
            + after_label(r"no\b\.?|number|mark", separators=r":#=\-(\"“'‘")
            + r"(?P<value>(?-i:[A-Z]{1,3}[0-9]{1,4}[ ]?[A-Z]{1,3}|[A-Z]{1,3}[ ]?[0-9]{1,4}"
            r"|[0-9]{1,4}[ ]?[A-Z]{1,3}))\b",
            0.6,
        ),
        Pattern(
            "part of a plate after a cue",
            # "plate starting NX68", "reg ending in 4 KXP": part of a mark still narrows the car
            # (and so its keeper) down to a few.
            r"\b(?:plate|reg|registration|number[ ]plate)[ ](?:starting|starts|started|beginning"
            r"|begins|began|ending|ends|ended)(?:[ ](?:with|in))?[ ]?[:\-]?[ ]?"
            # A digit and a capital letter both: "starting in 2024" is a date, not a plate.
            r"(?P<value>(?=[A-Z]{0,3}[0-9])(?=[0-9 ]{0,5}(?-i:[A-Z]))"
            r"(?-i:(?:[A-Z0-9]{2,4}|[A-Z0-9][ ][A-Z0-9]{2,3})(?:[ ][A-Z0-9]{1,3})?))\b",
            0.6,
        ),
        Pattern(
            "front half of a plate, said to be partial",
            # "part reg YD15 (couldn't see the rest)", "partial reg 'YK19 ..'", "reg partially
            # visible FD17", "van reg EX65 ..?": a current mark's
            # area letters and age identifier, where the note says the rest is missing.
            r"\b(?:(?:part|partial)[ ](?:reg|plate|registration)(?:[ ](?:no\b\.?|number))?"
            r"|(?:reg|plate|registration)[ ](?:partial|partially)(?:[ ](?:seen|visible|read))?)"
            r"[ ]?[:\-]?[ ]?[\"“'‘(]?"
            r"(?P<value>(?-i:[A-HJ-PR-Y][A-HJ-PR-Y]" + _AGE_ID + r"))\b"
            # The rest missing only after a vehicle: "school reg YR10?" is a year group.
            r"|\b(?:car|van|vehicle|moped|motorbike|taxi)(?:'s)?[ ](?:reg|plate)[ ]?[:\-]?[ ]?"
            r"[\"“'‘(]?"
            r"(?P<value>(?-i:[A-HJ-PR-Y][A-HJ-PR-Y]" + _AGE_ID + r"))(?=[ ]?(?:\.\.|\?|…|\*))",
            0.6,
        ),
        Pattern(
            "current-format plate with an issued age identifier",
            r"(?<![\w\-/])(?-i:(?P<value>(?="
            + _POSTCODE_AREAS
            + r"[0-9])[A-HJ-PR-Y]{2}"
            + _AGE_ID
            + r"[ ]?"
            + _WORDS_NOT_PLATE_LETTERS
            + r"[A-HJ-PR-Z]{3}|(?!"
            + _POSTCODE_AREAS
            + r"[0-9])[A-HJ-PR-Y]{2}"
            + _AGE_ID
            + r"[ ]?[A-HJ-PR-Z]{3}))(?![\w\-/])",
            0.5,
        ),
        *(
            Pattern(p.name, r"(?-i:" + p.regex + r")", p.score)
            for p in UkVehicleRegistrationRecognizer.PATTERNS
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["vehicle", "registration", "plate", "dvla", "vrm", "vrn"]
    CUE_SCREEN = re.compile(
        r"reg|vrm|vrn|index|vehicle|car|van|moped|motorbike|taxi|plate|part|"
        + "|".join(sorted(MAKES | MAKE_PAIRS, key=len, reverse=True)),
        re.I,
    )
    CUED_PATTERNS = frozenset(
        {
            "plate after a vehicle cue",
            "plate after a make and model",
            "personalised plate after its cue",
            "part of a plate after a cue",
            "front half of a plate, said to be partial",
        }
    )

    def __init__(self, supported_entity: str = VEHICLE_REGISTRATION) -> None:
        super().__init__(
            patterns=self.PATTERNS, context=self.CONTEXT, supported_entity=supported_entity
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """Upstream's age-identifier check, without its jump to 1.0 for a valid plate.

        :param pattern_text: The matched text.
        """
        return False if super().validate_result(pattern_text) is False else None
