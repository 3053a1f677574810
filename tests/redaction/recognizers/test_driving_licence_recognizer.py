"""DrivingLicenceRecognizer: the DVLA structure, solid or spaced as printed."""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.driving_licence_recognizer import (
    DrivingLicenceRecognizer,
)
from referral_nlp.redaction.taxonomy import DRIVING_LICENCE

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


class TestDrivingLicenceRecognizer(RecognizerTables):
    recognizer_class = DrivingLicenceRecognizer
    entity = DRIVING_LICENCE
    valid = VALID
    invalid = INVALID
