"""NhsNumberRecognizer: 10-digit NHS numbers that pass the Modulus 11 check.

Same idea as Presidio's stock ``NhsRecognizer``, with three changes for referral notes:

* the separators must be consistent ("943 476 5919", "943-476-5919" or "9434765919"), so a
  phone-number-like "123 4567890" is not read as one;
* a run of one repeated digit ("1111111111") is dropped although some pass the checksum, because
  it is a placeholder typed into a form, not a number;
* an unspaced run that starts with 0 is dropped: that is how a UK phone number is written
  ("0161496000"), whereas a real NHS number written that way is rare (England's numbers start
  400-499 or 600-799). A spaced "3 3 4" number starting with 0 (a Scottish CHI number, which uses
  the same check) is still accepted, because phone numbers are never grouped that way.

Straight after an "NHS No" label (or Scotland's "CHI", Northern Ireland's "H&C"), ten digits
count whatever their check digit (0.6), as the ULN and UPN rules do after theirs: a number
copied with a typo still points to one patient, and a test number (999 ...) is written where a
real one would be.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import EntityRecognizer, Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from referral_nlp.redaction.recognizers.cued_pattern_recognizer import (
    CuedPatternRecognizer,
    after_label,
)
from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.recognizers.token_rule_recognizer import rule_result
from referral_nlp.redaction.taxonomy import NHS_NUMBER


# Cued for its ``refine`` hook (the labelled rule below), preset for its constructor.
class NhsNumberRecognizer(CuedPatternRecognizer, PresetPatternRecognizer):
    """NHS numbers, grouped 3-3-4 with spaces, dashes or nothing, checked with Modulus 11.

    The pattern alone scores 0.5, but every match is checksummed in :meth:`validate_result`, so
    in practice a number that passes scores 1.0 (Presidio's rule for a passed validation) and one
    that fails is dropped. About one random ten-digit number in eleven passes the check, which is
    why the shape must also be the NHS one.
    """

    ENTITY: ClassVar[str] = NHS_NUMBER
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "NHS number (3-3-4)",
            # Not part of a longer number, date, reference or "+1 ..." phone number on either
            # side; the back-reference makes both separators the same.
            r"(?<![\w.,/+-])(?<![0-9][ -])[0-9]{3}([ -]?)[0-9]{3}\1[0-9]{4}(?![\w/]|[.,-][0-9])",
            0.5,
        ),
    ]

    # Context only matters for results that validation leaves undecided; every NHS result is
    # decided by the checksum, so these words serve the explanation and custom patterns.
    CONTEXT: ClassVar[list[str]] = [
        "nhs",
        "nhs no",
        "nhs number",
        "national health service",
        "health service",
    ]

    #: A number after its label: "NHS No: 999 027 4418", "NHS number - 9990274418"; and the
    #: same number under Scotland's name and Northern Ireland's, "CHI: 140314 0529" (the date
    #: of birth, then four digits) and "H&C No. 327 409 1553".
    LABELLED: ClassVar[re.Pattern[str]] = re.compile(
        r"\b(?:NHS|(?-i:CHI)|chi(?=[ ]?(?:no\b|number))|H[ ]?[&+][ ]?C|HCN"
        r"|health[ ]and[ ]care[ ]number)(?:[ ]?(?:no\b\.?|number|num\b|#))?" + after_label(None)
        # A narrow field may break the number's last group onto the next line: "NHS 485 777" /
        # "3457"; after its label that is still the number (checked for its shape only, as
        # every labelled number is).
        + r"(?P<value>[0-9]{3}(?P<sep>[ -]?)[0-9]{3}(?:(?P=sep)|-?[ \t]*\r?\n[ \t]*)[0-9]{4}"
        r"|[0-9]{6}[ -][0-9]{4})"
        r"(?![\w/]|[.,-][0-9])",
        re.IGNORECASE,
    )  # fmt: skip
    SCORE_LABELLED: ClassVar[float] = 0.6
    #: Weights applied to the first nine digits (Modulus 11 algorithm).
    WEIGHTS: ClassVar[tuple[int, ...]] = (10, 9, 8, 7, 6, 5, 4, 3, 2)
    #: Substitutions that reduce a match to its ten digits.
    REPLACEMENT_PAIRS: ClassVar[list[tuple[str, str]]] = [
        ("-", ""), (" ", ""), ("\t", ""), ("\r", ""), ("\n", "")
    ]  # fmt: skip

    @classmethod
    def check_digit(cls, first_nine: str) -> int | None:
        """The Modulus 11 check digit for nine digits, or ``None`` where none exists.

        Each digit is multiplied by its weight (10 down to 2), the products summed, and the
        remainder mod 11 taken from 11. A result of 11 becomes 0; a result of 10 means no NHS
        number can be built on these nine digits.
        """
        if len(first_nine) != len(cls.WEIGHTS) or not first_nine.isdigit():
            raise ValueError("expected nine digits")
        total = sum(int(d) * weight for d, weight in zip(first_nine, cls.WEIGHTS, strict=True))
        check = 11 - (total % 11)
        if check == 11:
            return 0
        if check == 10:
            return None
        return check

    @staticmethod
    def is_placeholder(digits: str) -> bool:
        """A run of one repeated digit ("0000000000"): typed into a form, labelled or not."""
        return len(set(digits)) == 1

    def refine(
        self, text: str, results: list[RecognizerResult], nlp_artifacts: NlpArtifacts | None
    ) -> list[RecognizerResult]:
        """Numbers that pass the check anywhere, and any number after an "NHS No" label."""
        results = list(results)
        found = {(r.start, r.end) for r in results}
        for m in self.LABELLED.finditer(text):
            start, end = m.span("value")
            digits = EntityRecognizer.sanitize_value(m.group("value"), self.REPLACEMENT_PAIRS)
            if (start, end) not in found and not self.is_placeholder(digits):
                results.append(
                    rule_result(self, self.ENTITY, start, end, self.SCORE_LABELLED, "after a label")
                )
        return results

    def validate_result(self, pattern_text: str) -> bool:
        """Run the Modulus 11 check on a matched number.

        :param pattern_text: The matched text, separators included.
        :return: True if the number is a valid NHS number, False otherwise.
        """
        digits = EntityRecognizer.sanitize_value(pattern_text, self.REPLACEMENT_PAIRS)
        if len(digits) != 10 or not digits.isdigit():
            return False
        if digits == pattern_text and digits.startswith("0"):
            return False  # unspaced and starting 0: a phone number, see the module docstring
        if self.is_placeholder(digits):
            return False  # placeholder such as 0000000000 or 1111111111
        return self.check_digit(digits[:9]) == int(digits[9])
