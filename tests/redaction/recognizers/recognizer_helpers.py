"""Shared helpers for the table-driven recogniser tests."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

#: The redactor's default score threshold: a result below it is not redacted.
THRESHOLD = 0.35


def found(recognizer: EntityRecognizer, text: str, entity: str) -> list[str]:
    """Values the recogniser reports at or above the threshold, in text order (no context)."""
    results = recognizer.analyze(text, entities=[entity], nlp_artifacts=None)
    kept = sorted((r.start, r.end) for r in results if r.score >= THRESHOLD)
    return [text[start:end] for start, end in kept]
