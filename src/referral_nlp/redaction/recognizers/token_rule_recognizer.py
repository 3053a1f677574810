"""TokenRuleRecognizer: the base of the recognisers whose rules read spaCy's tokens.

Presidio's pattern recognisers build their results themselves; the recognisers that read spaCy's
tokens and tags (names, initials, families) report through :func:`rule_result`, so each result
carries the same explanation and metadata, and share the constructor a one-entity rule needs.
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from referral_nlp.redaction.taxonomy import PERSON


def rule_result(
    recognizer: EntityRecognizer, entity_type: str, start: int, end: int, score: float, rule: str
) -> RecognizerResult:
    """A ``RecognizerResult`` for characters ``start:end``, explained by the ``rule`` that found
    them and attributed to ``recognizer``."""
    return RecognizerResult(
        entity_type=entity_type,
        start=start,
        end=end,
        score=score,
        analysis_explanation=AnalysisExplanation(
            recognizer=recognizer.name, original_score=score, textual_explanation=rule
        ),
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        },
    )


#: The attribute :func:`token_list` keeps its list in, on one note's artefacts.
_TOKEN_LIST = "_referral_nlp_token_list"


def token_list(nlp_artifacts: NlpArtifacts) -> list:
    """spaCy's tokens of one note as a list, built once and shared by every recogniser.

    spaCy builds a new Token object on every iteration and every ``doc[i]``, which cost as much
    as the rules that read them; the recognisers that read every token take this one list (they
    only index, slice and count it), kept on the note's artefacts, which live as long as the note.
    """
    tokens = nlp_artifacts.__dict__.get(_TOKEN_LIST)
    if tokens is None:
        tokens = list(nlp_artifacts.tokens)
        setattr(nlp_artifacts, _TOKEN_LIST, tokens)
    return tokens


class TokenRuleRecognizer(EntityRecognizer):
    """One entity type (``ENTITY``), found by rules over spaCy's tokens; named after its class."""

    ENTITY: ClassVar[str] = PERSON

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name=type(self).__name__,
            supported_language=supported_language,
        )

    def load(self) -> None:
        # The rules' word lists are module constants or load lazily; nothing to load here.
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.ENTITY not in entities or nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        return self.find(text, token_list(nlp_artifacts), nlp_artifacts.tokens)

    def find(self, text: str, doc: list, spacy_doc) -> list[RecognizerResult]:
        """The results of this recogniser's rules over ``doc`` (``spacy_doc``'s tokens)."""
        raise NotImplementedError
