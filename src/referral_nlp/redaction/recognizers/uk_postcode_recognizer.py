"""UkPostcodeRecognizer: UK postcodes in every valid shape, with or without the space.

A postcode narrows a family down to a handful of homes, so it is redacted even when the rest of
the address is not given. Presidio's stock ``UkPostcodeRecognizer`` scores every match 0.1 and
relies on context words to lift it; referral notes often give a postcode with no cue at all
("moved to LS6 2AB last week"), so here the shape itself carries the score. That is safe because
the patterns follow Royal Mail's position-by-position letter rules, which few other tokens obey.

Reference: https://en.wikipedia.org/wiki/Postcodes_in_the_United_Kingdom#Formatting
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.taxonomy import POSTCODE

# Letter classes, written in capitals; Presidio's default flags include IGNORECASE, so lower-case
# and mixed-case postcodes ("sw1a 1aa", "Ls6 2Ab") match too.
#: First position: any letter but Q, V, X.
_P1 = r"[A-PR-UWYZ]"
#: Second position (when a letter): any letter but I, J, Z.
_P2 = r"[A-HK-Y]"
#: Third position, in the A9A shape (London's central districts: W1A, EC1V, ...).
_P3 = r"[A-HJKPSTUW]"
#: Fourth position, in the AA9A shape.
_P4 = r"[ABEHMNPRVWXY]"
#: The inward code's two unit letters never use C, I, K, M, O or V.
_UNIT = r"[ABD-HJLNP-UW-Z]"

_OUTWARD_SHAPES = [
    _P1 + r"[0-9]{1,2}",  # A9, A99
    _P1 + r"[0-9]" + _P3,  # A9A
    _P1 + _P2 + r"[0-9]{1,2}",  # AA9, AA99
    _P1 + _P2 + r"[0-9]" + _P4,  # AA9A
]
_OUTWARD = "(?:" + "|".join(_OUTWARD_SHAPES) + ")"
_INWARD = r"[0-9]" + _UNIT + r"{2}"
#: One or two spaces between the outward and inward codes (a non-breaking space counts).
_SPACE = r"[ \u00a0]{1,2}"

# Not glued to a longer token: letters, digits, or the "/" and "-" that join parts of a
# reference ("CR/LS6-2AB"), on either side.
_BEFORE = r"(?<![\w/\\-])"
_AFTER = r"(?![\w/\\]|-\w)"

#: A postcode's shape with no check on each position, in capitals (wrap it in ``(?i:...)`` for
#: any case), for the rules that read one as part of an address or after its town: there the
#: address around it is the evidence. The one place the rules outside this module take it from.
POSTCODE_SHAPE = r"[A-Z]{1,2}[0-9][A-Z0-9]?[ ]?[0-9][A-Z]{2}"


class UkPostcodeRecognizer(PresetPatternRecognizer):
    """UK postcodes: A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA and GIR 0AA.

    The space between the outward and inward codes may be missing or doubled; any case is
    accepted. A postcode written with its space is unambiguous and scores 0.6 on its own. Without
    the space ("LS62AB") the token could be a product code or password, so it scores 0.4: still
    above the project's default threshold, and lifted further by context words such as
    "postcode" or "address". A postcode in capitals broken over a line break scores 0.6.
    """

    ENTITY: ClassVar[str] = POSTCODE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "UK postcode (spaced)",
            _BEFORE + r"(?:GIR" + _SPACE + r"0AA|" + _OUTWARD + _SPACE + _INWARD + r")" + _AFTER,
            0.6,
        ),
        Pattern(
            "UK postcode (no space)",
            _BEFORE + r"(?:GIR0AA|" + _OUTWARD + _INWARD + r")" + _AFTER,
            0.4,
        ),
        Pattern(
            # A narrow form field breaks an address's last line: "Morley LS27" / "9PQ". In
            # capitals only: a line ending in a code and one opening with "9PQ" is no accident.
            "UK postcode (broken over a line)",
            _BEFORE + r"(?-i:" + _OUTWARD + r"[ \t]*\r?\n[ \t]*" + _INWARD + r")" + _AFTER,
            0.6,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "postcode",
        "post code",
        "address",
        "lives",
        "living",
        "resides",
        "moved",
    ]
