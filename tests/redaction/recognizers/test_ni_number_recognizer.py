"""NiNumberRecognizer: HMRC-shaped NI numbers are found with their exact span; others are not.

All numbers are made up. The prefixes used (AB, CE, JP, WX, ...) satisfy HMRC's letter rules.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import (
    THRESHOLD,
    RecognizerTables,
    context_analyzer,
    results,
    spans_of,
)

from referral_nlp.redaction.recognizers.ni_number_recognizer import NiNumberRecognizer
from referral_nlp.redaction.taxonomy import NI_NUMBER

INVALID = [
    *(pytest.param(f"Dad {letter}A123456C works", id=f"{letter} first") for letter in "DFIQUV"),
    *(pytest.param(f"Dad A{letter}123456C works", id=f"{letter} second") for letter in "DFIOQUV"),
    *(
        pytest.param(f"Dad {prefix}123456C works", id=f"unallocated {prefix}")
        for prefix in ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]
    ),
    pytest.param("NI no. GB123456", id="unallocated prefix, labelled"),
    pytest.param("QQ 12 34 56 C", id="HMRC specimen"),
    pytest.param("AB123456E", id="suffix E"),
    pytest.param("AB12345C", id="five digits"),
    pytest.param("AB1234567C", id="seven digits"),
    pytest.param("XAB123456C", id="three letters"),
    pytest.param("AB123456CD", id="glued letter after"),
    pytest.param("A1234567C", id="one prefix letter"),
    pytest.param("seen 12/03/24, 3 children, s47", id="dates and small numbers"),
]


class TestNiNumberRecognizer(RecognizerTables):
    recognizer_class = NiNumberRecognizer
    entity = NI_NUMBER
    invalid = INVALID
    counted_score = 0.0
    least_valid_score = 0.5

    def test_suffixless_unlabelled_number_is_weak(self, recognizer: NiNumberRecognizer) -> None:
        """Found, but only a context word can lift it past the threshold."""
        text = "Dad AB123456 works"
        found = results(recognizer, text, NI_NUMBER, counted_score=0.0)
        assert [(r.start, r.end) for r in found] == spans_of(text, ["AB123456"])
        assert 0 < found[0].score < THRESHOLD


def test_defaults() -> None:
    recognizer = NiNumberRecognizer()
    assert recognizer.supported_entities == [NI_NUMBER]
    assert recognizer.supported_language == "en"
    assert "nino" in recognizer.context


# --- Context, through Presidio's AnalyzerEngine -------------------------------------------------


@pytest.fixture(scope="module")
def analyzer():
    # Presidio's context enhancer lifts a result to at least 0.4; the project's threshold is 0.35.
    return context_analyzer(NiNumberRecognizer())


def test_context_lifts_suffixless_ni_number(analyzer) -> None:
    text = "Dad gave his insurance details as AB123456 on the form."
    results = analyzer.analyze(text, language="en", entities=[NI_NUMBER])
    assert [(r.start, r.end) for r in results] == spans_of(text, ["AB123456"])
    assert results[0].score >= THRESHOLD


def test_suffixless_ni_number_without_context_is_dropped(analyzer) -> None:
    assert analyzer.analyze("Parcel AB123456 was delivered.", language="en") == []
