"""SpokenPhoneNumberRecognizer: phone numbers written out in words, as transcripts give them.

A voicemail or a call typed up word for word gives the caller's number as it was said: "ring me
back on oh seven seven double oh nine double oh four six two". No digit pattern sees it, and it
identifies the caller as well as "07700 900462" does. A UK number opens with its trunk zero
("oh", "zero", "nought") or with "plus four four"; after it come digit words, "double" and
"treble" / "triple" before a digit, and digits themselves ("oh seven seven 00 900"), separated
by spaces, commas or dashes. A run that adds up to 9 digits or more, at least three of them
said as words, is a phone number (or two, said one after the other); a list of scores written in
digits ("0, 1, 2, 3, 1, 0, 2, 1, 3") is not.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.taxonomy import PHONE_NUMBER

#: Each spoken digit and the digits it stands for.
_DIGIT_WORDS: dict[str, int] = {
    "zero": 1, "oh": 1, "o": 1, "nought": 1, "one": 1, "two": 1, "three": 1, "four": 1,
    "five": 1, "six": 1, "seven": 1, "eight": 1, "nine": 1,
}  # fmt: skip
_REPEAT_WORDS: dict[str, int] = {"double": 2, "treble": 3, "triple": 3}
_DIGIT = r"(?:zero|oh|o|nought|one|two|three|four|five|six|seven|eight|nine|[0-9]{1,5})"
_ITEM = r"(?:(?:double|treble|triple)[ \-]?)?" + _DIGIT
_SEPARATOR = r"(?:[ ]?[,\-–][ ]?|[ ]|\.{3}[ ]?)"
_TRUNK = r"(?:zero|oh|o|nought|0|plus[ ]four[ ]four|\+[ ]?44)"
#: Digits the run must add up to: a UK number has 10 or 11, said with or without its zero, and
#: a transcript may drop one. Fewer is a door code or a score, not a number to ring.
_MIN_DIGITS = 9
#: Digits said as words the run must hold: a transcript says a number; a form lists scores.
_MIN_SPOKEN = 3


class SpokenPhoneNumberRecognizer(PresetPatternRecognizer):
    """A phone number said in words and digits, opening with its trunk zero or +44; 0.7."""

    ENTITY: ClassVar[str] = PHONE_NUMBER
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "phone number in words",
            r"\b" + _TRUNK + r"(?:" + _SEPARATOR + _ITEM + r"){6,40}\b",
            0.7,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["ring", "call", "phone", "number", "mobile", "text"]

    _TOKENS: ClassVar[re.Pattern[str]] = re.compile(r"\+?[0-9]+|[a-z]+", re.IGNORECASE)

    def validate_result(self, pattern_text: str) -> bool | None:
        """Keep a run that adds up to a phone number's length, said at least partly in words.

        :param pattern_text: The matched text.
        :return: None (the pattern's score stands) for 9 digits or more with 3 or more said as
            words, False otherwise.
        """
        digits, in_words = spoken_digit_count(pattern_text)
        enough = digits >= _MIN_DIGITS and in_words >= _MIN_SPOKEN
        return None if enough else False


def spoken_digit_count(text: str) -> tuple[int, int]:
    """How many digits ``text`` says, and how many of them are words: "double oh" is (2, 2),
    "44" (2, 0), "plus four four" (2, 2)."""
    count, in_words, repeat = 0, 0, 1
    for token in SpokenPhoneNumberRecognizer._TOKENS.findall(text):
        word = token.lower()
        if word in _REPEAT_WORDS:
            repeat = _REPEAT_WORDS[word]
        elif word in _DIGIT_WORDS:
            count += repeat
            in_words += 1
            repeat = 1
        elif word.lstrip("+").isdigit():
            count += len(word.lstrip("+")) + repeat - 1
            repeat = 1
    return count, in_words
