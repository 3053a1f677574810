"""InternationalPhoneRecognizer: North American and continental phone numbers without "+".

Presidio's ``PhoneRecognizer`` was taken out of the engine because it runs libphonenumber's
matcher over every note. UK numbers and "+<country code>" numbers have their own recogniser and
any number after a cue ("tel", "call me on") has another; this one covers the national shapes
of other countries that are unmistakable from their grouping alone:

* North American: "541-714-1388", "(579) 888-3058", "930.167.3943", "1-800-555-0199",
  "001-518-640-0812"; spaces only with the area code in brackets;
* a trunk "0" and three or four groups ("0489 25 37 29", "01.84.17.61.18", "024 971 50 30");
* an area code in brackets ("(08) 8747 6301", "(64) 3591-3246");
* four pairs joined by one dot or hyphen ("28-64-66-98", "28.64.66.98");
* any digit run written just before a contact label ("3660170548-Fax", "781 1704 office").

Every number needs 8 to 13 digits (7 before a label); dates, times, money and decimals are kept
out by the separators allowed and by the look-arounds.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.taxonomy import PHONE_NUMBER

#: Not glued to a word, a "+", money, or a number joined by a separator ("12-541-714-1388").
_BEFORE = r"(?<![\w+£$€@/])(?<![0-9][.,\-/])(?<![0-9] )"
#: The number ends here: no further digit or digit group, no word, no "%" or "/" part.
_AFTER = r"(?![\w%/])(?![.,\-/]?[0-9])(?! [0-9])"
#: Not a phone number: a date ("01.02.2024", "05 12 2023"; but "01 12 34 56 78" is a number),
#: a span of years ("2019 - 2021") or a clock time.
_NOT_DATE = (
    r"(?![0-3]?[0-9][ ./\-][01]?[0-9][ ./\-](?:19|20)?[0-9]{2}(?![ ./\-]?[0-9]))"
    r"(?!(?:19|20)[0-9]{2}[ ]?[\-–/][ ]?(?:19|20)?[0-9]{2}(?![0-9]))"
    r"(?![0-2]?[0-9][.:][0-5][0-9](?![.:]?[0-9]))"
)
_EXT = r"(?:[ ]?(?:x|ext\.?)[ ]?[0-9]{1,5})?"
_NANP = (
    r"(?:(?:\+?1|001)[ .\-]?)?"
    r"(?:\([2-9][0-9]{2}\)[ ]?|[2-9][0-9]{2}[.\-])"
    r"[2-9][0-9]{2}[.\-][0-9]{4}"
)
#: Contact labels written after the number, as in signatures and directories.
_LABEL_AFTER = (
    r"(?=[ \t]*(?:[\-–/(][ \t]*)?(?i:office|fax|mobile|mob|cell|home|work|desk|tel|phone"
    r"|landline|direct|main)\b)"
)


class InternationalPhoneRecognizer(PresetPatternRecognizer):
    """Non-UK national phone numbers recognisable by their grouping.

    Scores: 0.6 for North American numbers and numbers before a contact label, 0.5 for trunk-0
    and bracketed-area-code numbers, 0.4 for four separated pairs.
    """

    ENTITY: ClassVar[str] = PHONE_NUMBER
    GLOBAL_REGEX_FLAGS: ClassVar[int] = re.MULTILINE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("north american", _BEFORE + _NANP + _EXT + _AFTER, 0.6),
        Pattern(
            "trunk zero and groups",
            # One separator throughout ("0489 25 37 29", "01.84.17.61.18").
            _BEFORE + _NOT_DATE + r"0[0-9]{1,3}(?P<trunk_sep>[ .\-])[0-9]{2,4}"
            r"(?:(?P=trunk_sep)[0-9]{2,4}){2,3}" + _AFTER,
            0.5,
        ),
        Pattern(
            "bracketed area code",
            r"(?<![\w+(])\((?:0?[0-9]{2,3}|0[0-9]{3})\)[ ]?[0-9]{3,4}[ \-][0-9]{3,4}" + _AFTER,
            0.5,
        ),
        Pattern(
            "four pairs",
            # Dots or hyphens only: spaced pairs are as often a list ("pages 12 13 14 15").
            _BEFORE + r"[0-9]{2}(?P<pair_sep>[.\-])[0-9]{2}(?P=pair_sep)[0-9]{2}(?P=pair_sep)"
            r"[0-9]{2}" + _AFTER,
            0.4,
        ),
        Pattern(
            "number before contact label",
            _BEFORE + _NOT_DATE + r"\+?\(?[0-9][0-9 ().\-]{5,16}[0-9]" + _LABEL_AFTER,
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "phone",
        "mobile",
        "tel",
        "telephone",
        "call",
        "number",
        "fax",
        "office",
        "contact",
        "messages",
    ]

    _DIGIT = re.compile(r"[0-9]")
    MIN_DIGITS = 7
    MAX_DIGITS = 15

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """Drop a match with too few or too many digits for a phone number."""
        digits = len(self._DIGIT.findall(pattern_text))
        return not self.MIN_DIGITS <= digits <= self.MAX_DIGITS or None
