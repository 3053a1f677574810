"""SpelledWordRecognizer: a name spelled out letter by letter, as a call's notes write it.

Asked to spell a surname or a street, a caller says it letter by letter and the note keeps it:
"Joanna Kowalski, that's K-O-W-A-L-S-K-I", "Sycamore Avenue, S-Y-C-A-M-O-R-E". No other
recogniser reads a run of single letters, so the spelling walked the name through the boundary
even where the name itself was caught. A run is four letters or more joined by hyphens, or three
or more joined by spaces, dots or hyphens after "spelt", "spelled", "spelling" or "that's".

Notes spell other things too: a word said in front of the children ("D-I-V-O-R-C-E"), a plea in
a chat log ("h-e-l-p"), an acronym ("A-D-H-D"), phonics ("s-a-t-p-i-n"), grades ("A-A-B-C"). A
run therefore counts only when it spells a name: one the first-name or surname lists know, or a
word the note wrote capitalised in the 200 characters before it, since a spelling repeats what
was just said.
What a referral spells is a name (a person's, a street's, a place's), so the span is a PERSON.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from referral_nlp.redaction.name_lists import AMBIGUOUS_NAMES, first_names, surnames
from referral_nlp.redaction.normalise import plain_latin
from referral_nlp.redaction.recognizers.cued_pattern_recognizer import CuedPatternRecognizer
from referral_nlp.redaction.taxonomy import PERSON

#: One letter of any script (a Polish or Turkish name is spelled with its own letters).
_LETTER = r"[^\W\d_]"
#: Words that say a spelling follows.
_SPELLING_CUE = r"(?i:spelt|spelled|spelling|that's|that’s|thats|that[ ]is)"
#: How far back a spelling may repeat a word the note wrote.
_LOOK_BACK = 200


class SpelledWordRecognizer(CuedPatternRecognizer):
    """Letters spelling a name: four or more joined by hyphens, or three after a cue; 0.6/0.7.

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

    def __init__(self, supported_entity: str = PERSON) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            global_regex_flags=self.GLOBAL_REGEX_FLAGS,
        )

    def refine(
        self, text: str, results: list[RecognizerResult], nlp_artifacts: NlpArtifacts | None
    ) -> list[RecognizerResult]:
        """Runs that spell a name: a listed one, or a word written just before the run."""
        return [r for r in results if self._spells_a_name(text, r.start, r.end)]

    def _spells_a_name(self, text: str, start: int, end: int) -> bool:
        word = "".join(self._LETTERS.findall(text[start:end])).lower()
        # A listed name that is also an everyday word ("love", "will") must be written nearby.
        listed = word in first_names() or word in surnames()
        if listed and word not in AMBIGUOUS_NAMES and word not in STOP_WORDS:
            return True
        # Accents compared away: a caller spells "Szymańska" as "S-Z-Y-M-A-N-S-K-A".
        before = plain_latin(text[max(0, start - _LOOK_BACK) : start])
        word = plain_latin(word)
        # Written capitalised, as a name is: "a divorce ... D-I-V-O-R-C-E" spells no name.
        written = re.finditer(r"(?<![^\W\d_])" + re.escape(word) + r"(?![^\W\d_])", before, re.I)
        return any(m.group(0)[0].isupper() for m in written)

    def invalidate_result(self, pattern_text: str) -> bool:
        """Drop a run in mixed case ("a-B-c-D") or of one letter repeated ("x-x-x-x").

        :param pattern_text: The matched text.
        """
        letters = self._LETTERS.findall(pattern_text)
        mixed = not (all(c.isupper() for c in letters) or all(c.islower() for c in letters))
        return mixed or len({c.lower() for c in letters}) == 1
