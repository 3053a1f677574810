"""NonLatinScriptRecognizer: words in a non-Latin script inside an English note.

Notes on families who write their names in another script carry both forms: "mother Saba
Gebremedhin (ሳባ ገብረመድህን)", "Mr Wang (王伟)", "Fatima (فاطمة)". spaCy's English model and the
name lists read Latin letters only, so the second form would pass through untouched. In an
English case note, a run of Ethiopic, Arabic, Bengali, Gurmukhi, Chinese or Cyrillic letters is
almost always a name, an address or a message quoted in the family's own words: all three are
the family's data, and none is English the model can read. So every such run is redacted as a
PERSON (fail closed: a quoted sentence loses its words, which the English model could not use).
Greek letters stay: notes use them as symbols ("β-blocker", "μg").
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from referral_nlp.redaction.taxonomy import PERSON

_LETTER = r"(?:(?![\p{Latin}\p{Greek}])\p{L}\p{M}*)"
#: A run of letters of any script but Latin and Greek (with their combining marks), and the
#: words of the same kind after it, joined by spaces or hyphens. A lone letter is left:
#: mis-decoded punctuation leaves one ("ג€“" for an en dash), a name does not, unless it is a
#: Chinese one-character name ("王"). A run glued to Latin letters is mis-decoded text too
#: ("didnвЂ™t"), not a word of its own.
_RUN = regex.compile(
    r"(?<!\p{Latin})(?:" + _LETTER + r"{2,}|\p{Han})"
    r"(?:[ \-]+" + _LETTER + r"+)*(?!\p{Latin})"
)


class NonLatinScriptRecognizer(EntityRecognizer):
    """Each run of words in a non-Latin script; 0.6."""

    SCORE: ClassVar[float] = 0.6

    def __init__(self, supported_entity: str = PERSON) -> None:
        super().__init__(supported_entities=[supported_entity], name="NonLatinScriptRecognizer")

    def load(self) -> None:  # nothing to load: one compiled pattern
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Every non-Latin run in ``text``; nothing at all for a plain ASCII note (most are)."""
        if text.isascii() or self.supported_entities[0] not in entities:
            return []
        return [
            RecognizerResult(
                entity_type=self.supported_entities[0],
                start=m.start(),
                end=m.end(),
                score=self.SCORE,
                analysis_explanation=AnalysisExplanation(
                    recognizer=self.name,
                    original_score=self.SCORE,
                    textual_explanation="a run of words in a non-Latin script",
                ),
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for m in _RUN.finditer(text)
        ]
