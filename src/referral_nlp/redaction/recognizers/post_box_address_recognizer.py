"""PostBoxAddressRecognizer: postal addresses without a street (PO boxes, US forces' post).

Some households receive post at an address that has no street at all: a post office box ("PO
Box 1234", "P.O. Box 77") or, for families of US service personnel stationed in the UK and
abroad, a military address ("PSC 1234, Box 5678, APO AE 09012", "Unit 2050 Box 4190 DPO AP
96522", "USS Nimitz FPO AP 96620-2820"). Street-address rules find nothing in them, yet the box
or unit number leads straight to one household.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.taxonomy import ADDRESS

#: The military "city" and "state": APO/FPO/DPO, then AA, AE or AP, then a ZIP (+4).
_POST = r"(?:APO|FPO|DPO)[ \t]*,?[ \t]*(?:AA|AE|AP)[ \t]*,?[ \t]*[0-9]{5}(?:-[0-9]{4})?\b"
#: Separators inside the address: spaces, a comma or a line break.
_SEP = r"[ \t]*[,\n]?[ \t]*"
#: A ship's name after its prefix: up to three words, any case ("USS Lorenzen", "uscgc aslak").
_SHIP = r"(?:USS|USNS|USNV|USCGC|USNA|USAV)[ \t]+[^\W\d_][\w'’\-]*(?:[ \t]+[^\W\d_][\w'’\-]*){0,2}"


class PostBoxAddressRecognizer(PresetPatternRecognizer):
    """PO boxes; PSC/CMR/Unit + Box + APO/FPO/DPO addresses, ships, and the bare APO line.

    Scores: 0.7 for a whole military address, 0.6 for a PO box, 0.5 for "APO AE 09012" alone
    (the ZIP of a base).
    """

    ENTITY: ClassVar[str] = ADDRESS
    GLOBAL_REGEX_FLAGS: ClassVar[int] = re.IGNORECASE | re.MULTILINE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "unit and box",
            r"\b(?:PSC|CMR|Unit)[ \t]+[0-9]{1,5}" + _SEP + r"Box[ \t]+[0-9]{1,5}" + _SEP + _POST,
            0.7,
        ),
        Pattern("ship", r"\b" + _SHIP + _SEP + _POST, 0.7),
        # Upper case only: "apo" alone is too rare a word to matter, but not worth the risk.
        Pattern("military post line", r"\b(?-i:" + _POST + r")", 0.5),
        # "PO Box 1234", "P.O. Box 77", "Post Office Box 12", "Postfach 1234" (German).
        Pattern(
            "post office box",
            r"\b(?:P\.?[ ]?O\.?[ ]?Box|Post[ ]Office[ ]Box|Postfach|Apartado|Boîte[ ]postale"
            r"|Casilla)[ ]?(?:No\.?[ ]?)?[0-9]{1,7}\b",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["address", "apo", "fpo", "dpo", "box", "unit"]
