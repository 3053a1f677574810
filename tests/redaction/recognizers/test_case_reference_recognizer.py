"""CaseReferenceRecognizer: reference numbers by shape, label and context; dates and the like not.

All references are made up. Bare-analyze tests check the shape and label patterns on their own;
the last tests run Presidio's AnalyzerEngine (spaCy lemmas, context enhancer) to check that the
weak patterns count when, and only when, a context word is near.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import (
    THRESHOLD,
    RecognizerTables,
    context_analyzer,
    load_cases,
    results,
    spans_of,
)

from referral_nlp.redaction.recognizers.case_reference_recognizer import CaseReferenceRecognizer
from referral_nlp.redaction.taxonomy import CASE_REFERENCE

STRONG = load_cases(__file__, "STRONG")
WEAK = load_cases(__file__, "WEAK")


class TestCaseReferenceRecognizer(RecognizerTables):
    """Strong references score 0.5 or more on their own; not even a weak result for the rest."""

    recognizer_class = CaseReferenceRecognizer
    entity = CASE_REFERENCE
    valid = STRONG
    counted_score = 0.0
    least_valid_score = 0.5

    @pytest.mark.parametrize(("text", "value"), WEAK)
    def test_weak_reference_found_below_threshold(
        self, recognizer: CaseReferenceRecognizer, text: str, value: str
    ) -> None:
        """Found with the exact span, but only a context word can lift it past the threshold."""
        found = results(recognizer, text, CASE_REFERENCE, counted_score=0.0)
        assert [(r.start, r.end) for r in found] == spans_of(text, [value])
        assert 0 < found[0].score < THRESHOLD


def test_defaults() -> None:
    recognizer = CaseReferenceRecognizer()
    assert recognizer.supported_entities == [CASE_REFERENCE]
    assert recognizer.supported_language == "en"
    # Context words are single tokens: Presidio's enhancer compares one lemma at a time.
    assert all(" " not in word for word in recognizer.context)


# --- Context, through Presidio's AnalyzerEngine -------------------------------------------------


@pytest.fixture(scope="module")
def analyzer():
    return context_analyzer(CaseReferenceRecognizer())


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("The crime reference is 1234567 for this.", "1234567", id="crime reference"),
        pytest.param("Police incident logged as 654321.", "654321", id="incident"),
        pytest.param("Referral 7654321 received from school.", "7654321", id="referral"),
        pytest.param("The ECHR case 36110/97 was cited.", "36110/97", id="ECHR case"),
    ],
)
def test_context_lifts_weak_reference(analyzer, text: str, value: str) -> None:
    results = analyzer.analyze(text, language="en", entities=[CASE_REFERENCE])
    assert [(r.start, r.end) for r in results] == spans_of(text, [value])
    assert results[0].score >= THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("She has 1234567 followers online.", id="digits"),
        pytest.param("He quoted 5856/72 from memory.", id="ECHR shape, four digits"),
    ],
)
def test_weak_reference_without_context_is_dropped(analyzer, text: str) -> None:
    assert analyzer.analyze(text, language="en", entities=[CASE_REFERENCE]) == []


# Shapes that are references on their own, above the threshold without any context word.
SHAPE_ALONE = load_cases(__file__, "SHAPE_ALONE")

# Identity and land labels: the number after the label is a reference, whatever its shape.
LABELS = load_cases(__file__, "LABELS")
# Reference shapes and labels that are something else.
NOT_REFERENCES = load_cases(__file__, "NOT_REFERENCES")


class TestReferenceShapesAndLabels(RecognizerTables):
    """Shapes and labels that pass the threshold with no context word; every result does."""

    recognizer_class = CaseReferenceRecognizer
    entity = CASE_REFERENCE
    valid = SHAPE_ALONE + LABELS
    invalid = NOT_REFERENCES
    counted_score = 0.0
    least_valid_score = THRESHOLD
