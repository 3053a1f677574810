"""UkDateRecognizer: UK day-first dates, times and dates of birth.

Every case calls ``analyze`` directly with ``nlp_artifacts=None``: the scores must be right
without Presidio's context enhancement, which needs spaCy's tokens.
"""

from __future__ import annotations

import itertools

import pytest
from presidio_analyzer import RecognizerResult
from recognizer_helpers import load_cases

from referral_nlp.redaction.config import RedactionConfig
from referral_nlp.redaction.recognizers.uk_date_recognizer import UkDateRecognizer
from referral_nlp.redaction.taxonomy import DATE, DATE_OF_BIRTH

BOTH = [DATE, DATE_OF_BIRTH]


@pytest.fixture(scope="module")
def recognizer() -> UkDateRecognizer:
    return UkDateRecognizer()


def _found(
    recognizer: UkDateRecognizer, text: str, entities: list[str] | None = None
) -> list[RecognizerResult]:
    results = recognizer.analyze(text, entities=entities or BOTH, nlp_artifacts=None)
    return sorted(results, key=lambda r: r.start)


def _spans(text: str, results: list[RecognizerResult]) -> list[tuple[str, str]]:
    return [(text[r.start : r.end], r.entity_type) for r in results]


# (text, start, end, the span's text, entity type)
VALID = load_cases(__file__, "VALID")

# Calendar-impossible dates and numbers that only look like dates: nothing may be reported.
INVALID = load_cases(__file__, "INVALID")

NOTE = (
    "PC Smith attended on 12.3.24 at 23:40; child DOB 04/07/2016, aged 7, was home alone. "
    "Mum, 34 y/o, returned at 00:15 hrs. Known to CSC since 2019; s47 on 14th March. "
    "NHS 943 476 5919, mobile 07700 900123. Sibling Jo b. 2012 is in Year 6; 3/4 of the "
    "actions are done."
)


@pytest.mark.parametrize(("text", "start", "end", "span", "entity"), VALID)
def test_finds_date(
    recognizer: UkDateRecognizer, text: str, start: int, end: int, span: str, entity: str
) -> None:
    assert text[start:end] == span  # the table itself is consistent
    results = _found(recognizer, text)
    assert [(r.start, r.end, r.entity_type) for r in results] == [(start, end, entity)]


@pytest.mark.parametrize(("text", "start", "end", "span", "entity"), VALID)
def test_scores_survive_the_default_threshold(
    recognizer: UkDateRecognizer, text: str, start: int, end: int, span: str, entity: str
) -> None:
    (result,) = _found(recognizer, text)
    assert RedactionConfig().score_threshold < result.score <= 1.0
    if entity == DATE_OF_BIRTH:
        assert result.score == recognizer.SCORE_DATE_OF_BIRTH
    else:
        assert result.score < recognizer.SCORE_DATE_OF_BIRTH


@pytest.mark.parametrize("text", INVALID)
def test_ignores_non_dates(recognizer: UkDateRecognizer, text: str) -> None:
    assert _found(recognizer, text) == []


def test_date_of_birth_scores_above_every_date_pattern(recognizer: UkDateRecognizer) -> None:
    assert max(p.score for p in recognizer.PATTERNS) < recognizer.SCORE_DATE_OF_BIRTH


def test_referral_note(recognizer: UkDateRecognizer) -> None:
    assert _spans(NOTE, _found(recognizer, NOTE)) == [
        ("12.3.24 at 23:40", DATE),
        ("04/07/2016", DATE_OF_BIRTH),
        ("2019", DATE),
        ("14th March", DATE),
        ("2012", DATE_OF_BIRTH),
    ]


def test_one_result_per_region(recognizer: UkDateRecognizer) -> None:
    # Overlapping patterns ("on the 14th", "14th March") and DOB/DATE give one result each.
    text = " ".join([NOTE, *(row.values[0] for row in VALID)])
    results = _found(recognizer, text)
    assert len(results) == 5 + len(VALID)
    for first, second in itertools.pairwise(results):
        assert first.end <= second.start


def test_list_of_dates_after_one_dob_cue(recognizer: UkDateRecognizer) -> None:
    text = "DOBs: 04/07/2016, 05/08/2018 and 01/01/2020. Seen 12/03/24."
    assert _spans(text, _found(recognizer, text)) == [
        ("04/07/2016", DATE_OF_BIRTH),
        ("05/08/2018", DATE_OF_BIRTH),
        ("01/01/2020", DATE_OF_BIRTH),
        ("12/03/24", DATE),
    ]


def test_range_of_two_dates(recognizer: UkDateRecognizer) -> None:
    text = "Respite 12/03/24-13/03/24 at nan's."
    assert _spans(text, _found(recognizer, text)) == [("12/03/24", DATE), ("13/03/24", DATE)]


def test_cue_too_far_away_gives_a_plain_date(recognizer: UkDateRecognizer) -> None:
    text = "DOB unknown, last seen 12/03/24."
    assert _spans(text, _found(recognizer, text)) == [("12/03/24", DATE)]


@pytest.mark.parametrize(
    ("entities", "expected"),
    [
        pytest.param([DATE], [("04/07/2016", DATE), ("12/03/24", DATE)], id="date only"),
        pytest.param([DATE_OF_BIRTH], [("04/07/2016", DATE_OF_BIRTH)], id="dob only"),
        pytest.param(["PERSON"], [], id="neither"),
    ],
)
def test_requested_entities(
    recognizer: UkDateRecognizer, entities: list[str], expected: list[tuple[str, str]]
) -> None:
    # With DATE_OF_BIRTH not requested, a date of birth is still a date: it is never dropped.
    text = "DOB 04/07/2016, seen 12/03/24."
    assert _spans(text, _found(recognizer, text, entities)) == expected


def test_explanation_names_the_pattern_not_the_text(recognizer: UkDateRecognizer) -> None:
    text = "DOB 04/07/2016"
    (result,) = _found(recognizer, text)
    explanation = result.analysis_explanation
    assert explanation.recognizer == "UkDateRecognizer"
    assert explanation.pattern_name == "dd/mm/yyyy"
    assert "04/07/2016" not in explanation.textual_explanation
    assert result.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY] == "UkDateRecognizer"


def test_supported_entities() -> None:
    assert UkDateRecognizer().get_supported_entities() == [DATE, DATE_OF_BIRTH]


# Lists and ranges that share a year, a time of day in front of a date, and American order.
JOINED = load_cases(__file__, "JOINED")


@pytest.mark.parametrize(("text", "spans"), JOINED)
def test_joined_dates(recognizer: UkDateRecognizer, text: str, spans: list[str]) -> None:
    assert [span for span, _ in _spans(text, _found(recognizer, text))] == spans


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        pytest.param("Rated 3/14 by the panel.", [], id="no year: no American reading"),
        pytest.param("Scored 10 on 12 March.", ["12 March"], id="a count before 'on' is no time"),
        pytest.param("Seen 3 Dec. 5 June 2023.", ["3 Dec.", "5 June 2023"], id="full stop between"),
    ],
)
def test_joins_nothing_else(recognizer: UkDateRecognizer, text: str, spans: list[str]) -> None:
    assert [span for span, _ in _spans(text, _found(recognizer, text))] == spans
