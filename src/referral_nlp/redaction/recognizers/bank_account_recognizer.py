"""BankAccountRecognizer: UK bank account numbers and sort codes, after a banking cue.

Financial abuse, benefit and rent-arrears notes copy account details: "account 41298877 sort
code 20-45-77". An eight-digit number or a six-digit sort code is too common a shape to count
alone (a sort code reads as a date, "20-45-77"), so each needs its cue straight before it:
"sort code", "s/c" for a sort code; "account", "acc", "a/c", "bank account" (with an optional
"no."/"number") for an account number of 7 to 10 digits, which may stand alone on the line
after its label. A sort code and an account number written side by side need no cue.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.cued_pattern_recognizer import (
    CuedPatternRecognizer,
    after_label,
)
from referral_nlp.redaction.taxonomy import BANK_ACCOUNT

_JOIN = after_label(r"no\b\.?|number|num|nr")
_END = r"(?![\w]|[\-/.,][0-9])"


class BankAccountRecognizer(CuedPatternRecognizer):
    """Sort codes and account numbers straight after their cue; 0.85 each.

    :param supported_entity: Entity name reported for each match.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "sort code after a cue",
            r"\b(?:sort[ ]?code|s/c)"
            + _JOIN
            + r"(?P<value>[0-9]{2}(?P<sep>[- ]?)[0-9]{2}(?P=sep)[0-9]{2})"
            + _END,
            0.85,
        ),
        Pattern(
            "account number after a cue",
            r"\b(?:(?:bank|current|savings)[ ])?(?:account|acc|acct|a/c)"
            + _JOIN
            # ... or typed one digit a box, as a scanned form has it: "0 2 8 4 1 9 6 6".
            + r"(?P<value>[0-9]{7,10}|(?:[0-9][ ]){6,9}[0-9])"
            + _END,
            0.85,
        ),
        Pattern(
            "account number on the line after its label",
            # A form's label on one line, its value on the next: "Account number" / "41298877".
            r"\b(?:(?:bank|current|savings)[ ])?(?:account|acc|acct|a/c)[ ]?(?:no\b\.?|number)"
            r"[ \t]*:?[ \t]*\r?\n[ \t]*(?P<value>[0-9]{7,10})[ \t]*(?=\r?\n|$)",
            0.85,
        ),
        Pattern(
            # A sort code and an account number side by side need no cue: together they are a
            # shape nothing else takes ("paid to 20-14-77 40319928"). Dashed only, so a date
            # and a number ("12 03 24 ...") are not read as one.
            "sort code and account number together",
            # A sort code that reads as a date ("12-03-24 40319928") counts only after its cue.
            r"(?<![\w\-/.])(?:(?<=\b(?i:sort[ ]?code|s/c)[ :\t]{1,8})|(?!(?:0[1-9]|[12][0-9]|3[01])"
            r"-(?:0[1-9]|1[0-2])-))(?P<value>[0-9]{2}-[0-9]{2}-[0-9]{2}[ ]{1,3}[0-9]{8})" + _END,
            0.85,
        ),
    ]
    CUE_SCREEN = re.compile(r"sort|s/c|acc|a/c", re.IGNORECASE)
    CUED_PATTERNS = frozenset(
        {
            "sort code after a cue",
            "account number after a cue",
            "account number on the line after its label",
        }
    )

    def __init__(self, supported_entity: str = BANK_ACCOUNT) -> None:
        super().__init__(supported_entity=supported_entity, patterns=self.PATTERNS)
