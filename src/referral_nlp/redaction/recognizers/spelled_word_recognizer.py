"""SpelledWordRecognizer: a name spelled out letter by letter, as a call's notes write it.

Asked to spell a surname or a street, a caller says it letter by letter and the note keeps it:
"surname is Kowalski, that's K-O-W-A-L-S-K-I", "spelt N A D I A". No other recogniser reads a
run of single letters, so the spelling walks the name it spells through the boundary even where
the name itself is caught. Four letters or more joined by hyphens are a spelling wherever they
stand: a note joins single letters with hyphens for nothing else. After a spelling cue ("spelt",
"spelled", "spelling", "that's") three letters or more joined by spaces, dots or hyphens are one
too. What a referral spells is a name (a person's, a street's, a place's), so the span is a
PERSON; the reviewer loses a name either way, and nothing else.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.cued_pattern_recognizer import CuedPatternRecognizer
from referral_nlp.redaction.taxonomy import PERSON

#: One letter of any script (a Polish or Turkish name is spelled with its own letters).
_LETTER = r"[^\W\d_]"
#: Words that say a spelling follows.
_SPELLING_CUE = r"(?i:spelt|spelled|spelling|spells|spell|that's|that’s|thats|that[ ]is)"


class SpelledWordRecognizer(CuedPatternRecognizer):
    """Letters joined into a spelling: four or more by hyphens, or three after a cue; 0.6/0.7.

    :param supported_entity: Entity name reported for each match.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "letters joined by hyphens",
            r"(?<![\w\-])" + _LETTER + r"(?:-" + _LETTER + r"){3,}(?![\w\-])",
            0.6,
        ),
        Pattern(
            "letters after a spelling cue",
            r"\b"
            + _SPELLING_CUE
            + r"(?:[ ](?i:it|as|is|was))?[ ]?[:,]?[ ]"
            # Dotted ("Z.E.B.", with its last full stop) or joined by spaces or hyphens.
            + rf"(?P<value>{_LETTER}(?:\.[ ]?{_LETTER}){{2,}}\.?"
            + rf"|{_LETTER}(?:(?:[ ]?-[ ]?|[ ]){_LETTER}){{2,}})(?![\w])",
            0.7,
        ),
    ]
    GLOBAL_REGEX_FLAGS: ClassVar[int] = re.MULTILINE
    CUE_SCREEN = re.compile(r"spel|that", re.IGNORECASE)
    CUED_PATTERNS = frozenset({"letters after a spelling cue"})
    _LETTERS: ClassVar[re.Pattern[str]] = re.compile(_LETTER)
    #: Exam grades, which a note lists with hyphens too.
    _GRADES: ClassVar[frozenset[str]] = frozenset("abcdeu")

    def __init__(self, supported_entity: str = PERSON) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            global_regex_flags=self.GLOBAL_REGEX_FLAGS,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        """Drop a run in mixed case ("a-B-c-D" is no spelling), of one letter repeated
        ("x-x-x-x" signs off a message) or of grades only ("predicted A-A-B-C").

        :param pattern_text: The matched text.
        """
        letters = self._LETTERS.findall(pattern_text)
        mixed = not (all(c.isupper() for c in letters) or all(c.islower() for c in letters))
        lowered = {c.lower() for c in letters}
        return mixed or len(lowered) == 1 or lowered <= self._GRADES
