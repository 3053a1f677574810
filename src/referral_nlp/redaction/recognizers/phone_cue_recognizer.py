"""PhoneCueRecognizer: any digit run that follows a phone cue ("Mobile:", "tel", "call on").

Shape-based phone recognisers need to know the numbering plan; records carry numbers from many
countries, extensions ("x459") and odd groupings ("432 03 163"). After an explicit cue, a digit
run with phone-like punctuation is a phone number whatever its country.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.taxonomy import PHONE_NUMBER

_CUE = (
    r"(?:(?i:phone|tel|telephone|mobile|mob|cell|fax|desk|office|landline|home|work|contact"
    r"|whatsapp|text|call(?:ed)?|ring|rang|answering|reach(?:ed)?)"
    # "ph" for phone (or phoned) in its own cases: "pH 7.4" is a reading.
    r"|(?-i:ph|Ph|PH))"
)
#: Between the cue and the number: "no.", "number", "is", "for dad", "on", "back on", "from",
#: "me at", "mum on", and a separator; the cue may end in a full stop ("Tel.:", "Mob.").
#: Runs of spaces match possessively: the look-behind below would otherwise try every way of
#: sharing a long run of spaces (padded text from a scan or a PDF) among these "\s*".
_JOIN = (
    r"(?i:\.?\s*+(?:no\.?|number|num)?\s*+(?:is|was)?\s*+"
    r"(?:for\s++(?:mum|dad|nan|him|her|them|the\s++\w+)\s*+)?"
    r"(?:on|at|from|back\s++on|(?:me|him|her|them|us|mum|dad|nan|grandad)\s++(?:on|at))?"
    r"\s*+[:\-–=]?\s*+)"
)
_NUMBER = r"[+(]?[0-9][0-9 ().\-]{4,18}[0-9](?:\s?(?:x|ext\.?)\s?[0-9]{1,5})?"
#: A number a form's narrow field broke over one line ("Phone: 01632" / "960 552"): a first part
#: too short to be a whole number (at most eight digits), one line break, the rest. Tried before
#: ``_NUMBER``, whose shortest match would otherwise take the first part alone.
_BROKEN_NUMBER = (
    r"[+(]?[0-9](?:[ ().\-]?[0-9]){2,7}[ ]?\n[ ]?[0-9](?:[ ().\-]?[0-9]){3,9}(?![ ().\-]?[0-9])"
)


class PhoneCueRecognizer(PresetPatternRecognizer):
    """A phone-like digit run right after a phone cue."""

    ENTITY: ClassVar[str] = PHONE_NUMBER
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "number after phone cue",
            # The look-ahead rejects most positions before the costly look-behind runs, and
            # so does the cheap look-behind after it: a number never starts inside a run of
            # digits (20,000 digits after "ref" took 6.5 s, one look-behind per digit).
            r"(?=[+(0-9])(?<![0-9])(?<=\b"
            + _CUE
            + _JOIN
            + r")(?:"
            + _BROKEN_NUMBER
            + r"|"
            + _NUMBER
            + r")(?![0-9])",
            0.6,
        ),
        Pattern(
            "second number after a slash",
            # "Contact number 318 44 207 / 318 44 208": the cue covers both.
            r"(?=[+(0-9])(?<![0-9])(?<=\b"
            + _CUE
            + _JOIN
            + _NUMBER
            + r"\s*/\s*)"
            + _NUMBER
            + r"(?![0-9])",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["phone", "mobile", "tel", "call", "fax"]
    _DIGITS = re.compile(r"[0-9]")
    #: Numbers after a cue that are dates, times or years: a date first ("12.03.2024 10.30",
    #: "01.01.2024 - 31.03"), a date with spaces ("12 03 2024", "12 03 24"), a time range
    #: ("10.00 - 12.00"), a list of times ("10.30 11.15") or a range of years ("2019-2023").
    _NOT_A_NUMBER = re.compile(
        r"^(?:[0-9]{1,4}[./\-][0-9]{1,2}[./\-][0-9]{1,4}(?![0-9])"
        r"|(?:0?[1-9]|[12][0-9]|3[01])[ ](?:0?[1-9]|1[0-2])[ ](?:19|20)?[0-9]{2}$"
        # ... or a list of clock times: "rang at 10.30 11.15 13.00".
        r"|(?:(?:[01]?[0-9]|2[0-3])[.:][0-5][0-9](?:\s+|$)){2,}$"
        r"|(?:[01]?[0-9]|2[0-3])[.:][0-5][0-9]\s*[-–]\s*(?:[01]?[0-9]|2[0-3])[.:][0-5][0-9]$"
        r"|(?:19|20)[0-9]{2}\s*[-–/]\s*(?:(?:19|20)[0-9]{2}|[0-9]{2})$)"
    )

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = len(self._DIGITS.findall(pattern_text))
        # Six digits is the shortest local number in use; dates are not phone numbers.
        if digits < 6 or digits > 16 or self._NOT_A_NUMBER.match(pattern_text.strip()):
            return False
        # Broken over a line, it must be a whole UK-length number ("0161\n2024" is no phone).
        if "\n" in pattern_text and digits < 10:
            return False
        return None
