"""NiNumberRecognizer: National Insurance numbers that follow HMRC's allocation rules.

A National Insurance number is two prefix letters, six digits and a suffix letter A-D
("AB 12 34 56 C"). HMRC never uses D, F, I, Q, U or V as either prefix letter, never O as the
second, and has not allocated the prefixes BG, GB, KN, NK, NT, TN and ZZ. Following those rules
keeps out most look-alikes, including HMRC's own specimen "QQ 12 34 56 C".

Reference: HMRC National Insurance Manual NIM39110.

Judgement call on the suffix: notes sometimes drop it ("NI no. AB123456"). Two letters and six
digits is also the shape of many other codes, so a suffix-less number counts only with a cue:
straight after an "NI no." / "NINO" / "National Insurance" label it scores 0.5, and anywhere
else 0.2, which is below the project's threshold unless the context enhancer finds a context word
nearby.
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.taxonomy import NI_NUMBER

# Written in capitals; Presidio's default flags include IGNORECASE, so any case matches.
#: First prefix letter: not D, F, I, Q, U, V.
_FIRST = r"[A-CEGHJ-PR-TW-Z]"
#: Second prefix letter: not D, F, I, O, Q, U, V.
_SECOND = r"[A-CEGHJ-NPR-TW-Z]"
#: Six digits, written solid or in pairs ("123456", "12 34 56").
_DIGITS = r"[0-9]{2}[ ]?[0-9]{2}[ ]?[0-9]{2}"
#: Prefixes HMRC has never allocated: refused in the prefix itself, so that a labelled number
#: (the pattern that accepts any prefix) may still carry one.
UNALLOCATED_PREFIXES: frozenset[str] = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_PREFIX = r"\b(?!(?:" + "|".join(sorted(UNALLOCATED_PREFIXES)) + r"))" + _FIRST + _SECOND + r"[ ]?"
#: A label that says the next token is an NI number ("NI no.", "NINO:", "National Insurance").
_LABEL = (
    r"(?<=\b(?:NI|N\.I\.|NINO|national[ ]insurance)"
    r"(?:[ ]?(?:no|num|number|nr)\.?)?[ ]?[:#-]?[ ]?)"
)


class NiNumberRecognizer(PresetPatternRecognizer):
    """UK National Insurance numbers, any case, with or without the usual spaces.

    Scores: 0.6 for the full shape with a suffix letter (strong on its own); 0.5 for a
    suffix-less number straight after an NI label; 0.2 for a bare suffix-less number (needs a
    context word); 0.6 for any two letters, six digits and a suffix straight after an NI label.
    Unallocated prefixes are refused in the other patterns themselves.
    """

    ENTITY: ClassVar[str] = NI_NUMBER
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "NI number (with suffix)",
            _PREFIX + _DIGITS + r"[ ]?[A-D]\b",
            0.6,
        ),
        Pattern(
            "NI number (no suffix, labelled)",
            r"\b(?=[A-Za-z]{2}[ ]?[0-9])" + _LABEL + _PREFIX + _DIGITS + r"\b(?![ ]?[A-D]\b)",
            0.5,
        ),
        Pattern(
            # "NI no (Dawit) QQ 52 71 93 B": straight after its label (a name in brackets may
            # stand between) the number counts whatever its prefix letters, as a labelled NHS
            # number counts whatever its check digit: a mistyped or specimen-lettered number
            # in a record still points to one person.
            "NI number after its label, any prefix",
            r"\b(?=[A-Za-z]{2}[ ]?[0-9])"
            r"(?<=\b(?:NI|N\.I\.|NINO|national[ ]insurance)(?:[ ]?(?:no|num|number|nr)\.?)?"
            r"[ ]?[:#-]?[ ]?(?:\([^()\n]{1,30}\)[ ]?[:#-]?[ ]?)?)"
            # The suffix too: two letters and six digits alone are many codes' shape.
            r"[A-Z]{2}[ ]?" + _DIGITS + r"[ ]?[A-D]\b",
            0.6,
        ),
        Pattern(
            "NI number (no suffix)",
            _PREFIX + _DIGITS + r"\b(?![ ]?[A-D]\b)",
            0.2,
        ),
    ]

    # Single words: Presidio's enhancer compares context words one token at a time, and in its
    # default substring mode a bare "ni" would also match "night", "nice", "Niamh", ... so the
    # "NI no." cue is handled by the labelled pattern instead.
    CONTEXT: ClassVar[list[str]] = [
        "insurance",
        "nino",
        "national insurance",
        "ni number",
    ]
