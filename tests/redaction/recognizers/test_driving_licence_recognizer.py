"""DrivingLicenceRecognizer: the DVLA structure, solid or spaced as printed."""

from __future__ import annotations

import pytest
from recognizer_helpers import found

from referral_nlp.redaction.recognizers.driving_licence_recognizer import (
    DrivingLicenceRecognizer,
)
from referral_nlp.redaction.taxonomy import DRIVING_LICENCE


@pytest.fixture(scope="module")
def recognizer() -> DrivingLicenceRecognizer:
    return DrivingLicenceRecognizer()


VALID = [
    # Surname MARSH, 1971-01-15 male, initials SJ: 7 01 15 4? no: decade 7, month 01, day 15,
    # year digit 4 (1974).
    pytest.param("licence MARSH701154SJ9AB", ["MARSH701154SJ9AB"], id="solid"),
    pytest.param("DL WILKE 862187 SJ9 AB filed", ["WILKE 862187 SJ9 AB"], id="spaced as printed"),
    pytest.param("Licence: LEE99662094K98MN.", ["LEE99662094K98MN"], id="short surname, 9s"),
    pytest.param("ADEYE651238GA4KT", ["ADEYE651238GA4KT"], id="woman: month plus 50"),
]
INVALID = [
    pytest.param("MARSH713154SJ9AB", id="month 13"),
    pytest.param("MARSH701354SJ9AB", id="day 35"),
    pytest.param("99999701154SJ9AB", id="no surname"),
    pytest.param("MA9SH701154SJ9AB", id="a 9 inside the surname"),
    pytest.param("MARSH701154SJ9AB12X", id="part of a longer code"),
]


@pytest.mark.parametrize(("text", "values"), VALID)
def test_finds_licence(recognizer: DrivingLicenceRecognizer, text: str, values: list[str]) -> None:
    assert found(recognizer, text, DRIVING_LICENCE) == values


@pytest.mark.parametrize("text", INVALID)
def test_ignores_non_licences(recognizer: DrivingLicenceRecognizer, text: str) -> None:
    assert found(recognizer, text, DRIVING_LICENCE) == []
