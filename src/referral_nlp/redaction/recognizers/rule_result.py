"""The result a token-reading recogniser reports for a span its rules found.

Presidio's pattern recognisers build their results themselves; the recognisers that read spaCy's
tokens (names, initials) build theirs here, so each carries the same explanation and metadata.
"""

from __future__ import annotations

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult


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
