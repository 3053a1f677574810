"""DrivingLicenceRecognizer: the DVLA structure, solid or spaced as printed."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.driving_licence_recognizer import (
    DrivingLicenceRecognizer,
)
from referral_nlp.redaction.taxonomy import DRIVING_LICENCE


class TestDrivingLicenceRecognizer(RecognizerTables):
    recognizer_class = DrivingLicenceRecognizer
    entity = DRIVING_LICENCE
