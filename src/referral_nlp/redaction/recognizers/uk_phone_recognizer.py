"""UkPhoneRecognizer: UK mobile and landline numbers as people actually write them.

Presidio's stock ``PhoneRecognizer`` runs ``phonenumbers``' matcher and keeps only numbers that
library considers *valid*. That rejects Ofcom's reserved drama ranges (07700 900xxx,
01632 960xxx), which is what test and training notes are written with, and it misses numbers
with a digit mistyped into an unallocated range. Here the regex takes any UK-shaped number and
:meth:`UkPhoneRecognizer.validate_result` checks only its length against its leading digit, the
part of the numbering plan that does not change.

Shapes covered: 07xxx xxxxxx mobiles; 01 and 02 geographic numbers in their usual groupings
(020 7946 0000, 0161 496 0000, 01632 960000, 016977 34567); 03 numbers; the +44 and 0044 forms
with or without "(0)"; spaces, dashes, dots, tabs or line breaks (up to two at a time) between
any digits; brackets around the area code. A second pattern takes any other "+<country code>"
number, checked with ``phonenumbers.is_valid_number``.

08 and 09 numbers (freephone, premium) are left alone: they belong to organisations, not to the
people in a referral.
"""

from __future__ import annotations

from typing import ClassVar

import phonenumbers
from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.taxonomy import PHONE_NUMBER

#: One separator between digits: up to two spaces, dashes or dots (non-breaking space included),
#: or a tab or line break ("07700\t900123", "07700\r\n900123": a pasted form's cells and lines).
_SEP = r"[ \u00a0.\-\t\r\n]{0,2}"
#: Not glued to a word, a "+", or a number joined by "." or "-" ("12-07700 900123").
_BEFORE = r"(?<![\w+£$€])(?<![0-9][.\-])"
#: A date is never a phone number ("07.03.2024", "01-03-2024 12:30").
_NOT_DATE = r"(?![0-9]{1,2}[./\-][0-9]{1,2}[./\-][0-9]{2,4}\b)"
#: A spaced 3-3-4 group ("010 190 1232") is an NHS or CHI number; no UK phone is written so.
_NOT_NHS = r"(?!0[0-9]{2}(?P<nhs_sep>[ \-])[0-9]{3}(?P=nhs_sep)[0-9]{4}(?![0-9]))"
#: The number ends here: no further digit, decimal part, percentage or "/" continuation.
_AFTER = r"(?![0-9%/])(?![.,\-][0-9])"

_UK_START = (
    r"(?:"
    # +44 / 0044, an optional "(0)" (or a stray "0": "+44 07700 ..."), then the national number.
    r"(?:\+[ ]?|\b00[ ]?)44" + _SEP + r"(?:\(0\)" + _SEP + r"|0" + _SEP + r")?\(?[1237]"
    # National form: 0, then 1, 2, 3 or 7; an opening bracket may sit round the area code, and
    # a space may follow the 0 ("0 7700 900 276", as a family typed it).
    r"|\(?0[ ]?[1237]"
    r")"
)


class UkPhoneRecognizer(PresetPatternRecognizer):
    """UK phone numbers (mobile, geographic, 03), national or +44, and other +-prefixed numbers.

    Scores: 0.6 for a UK-shaped number with the right digit count (strong on its own; no
    context needed); 0.5 for a "+<country code>" number that ``phonenumbers`` accepts.
    Validation returns ``None`` rather than ``True`` for a good number, so the base score is
    kept (a ``True`` would force 1.0 and outrank checksummed identifiers in overlaps).
    """

    ENTITY: ClassVar[str] = PHONE_NUMBER
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "UK phone number",
            # The first digit of the national number is in _UK_START; 8 or 9 more follow.
            _BEFORE + _NOT_DATE + _NOT_NHS + _UK_START + r"(?:\)?" + _SEP + r"[0-9]){8,9}" + _AFTER,
            0.6,
        ),
        Pattern(
            "international phone number",
            # Any country but the UK (handled above): +, 1-3 digit code, 6-13 more digits.
            _BEFORE + r"\+[ ]?(?!44)[1-9][0-9]{0,2}(?:\)?" + _SEP + r"\(?[0-9]){6,13}" + _AFTER,
            0.5,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "phone",
        "mobile",
        "mob",
        "tel",
        "telephone",
        "landline",
        "contact",
        "number",
        "call",
        "text",
        "whatsapp",
    ]

    #: Digits a UK national significant number (the number without its 0) may have, by its
    #: first digit: mobiles and 02/03 numbers have ten, 01 numbers nine or ten.
    NSN_LENGTHS: ClassVar[dict[str, tuple[int, ...]]] = {
        "1": (9, 10),
        "2": (10,),
        "3": (10,),
        "7": (10,),
    }

    @classmethod
    def uk_national_number(cls, pattern_text: str) -> str | None:
        """The national significant number of a UK-written number, or None if it is not one."""
        digits = "".join(ch for ch in pattern_text if ch.isdigit())
        compact = pattern_text.replace(" ", "").replace("\u00a0", "")
        if compact.startswith("+44"):
            digits = digits[2:]
        elif compact.startswith("0044"):
            digits = digits[4:]
        elif not compact.lstrip("(").startswith("0"):
            return None
        # "(0)" after +44, or the trunk 0 of a national number.
        if digits.startswith("0"):
            digits = digits[1:]
        return digits

    def validate_result(self, pattern_text: str) -> bool | None:
        """Check a match's digit count (UK) or validity (other countries).

        :param pattern_text: The matched text.
        :return: None (keep the base score) for a plausible number, False to drop it.
        """
        nsn = self.uk_national_number(pattern_text)
        if nsn is not None:
            allowed = self.NSN_LENGTHS.get(nsn[:1], ())
            return None if len(nsn) in allowed else False
        # A "+<country code>" number from the international pattern.
        try:
            parsed = phonenumbers.parse(pattern_text, None)
        except phonenumbers.NumberParseException:
            return False
        return None if phonenumbers.is_valid_number(parsed) else False
