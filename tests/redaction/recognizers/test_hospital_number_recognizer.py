"""HospitalNumberRecognizer: a patient's hospital, unit or record number after its cue."""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.hospital_number_recognizer import (
    HospitalNumberRecognizer,
)
from referral_nlp.redaction.taxonomy import HOSPITAL_NUMBER

VALID = [
    pytest.param("hospital no. RWA7730912, ward", ["RWA7730912"], id="hospital no."),
    pytest.param("MRN M0412287", ["M0412287"], id="MRN"),
    pytest.param("unit number K551038.", ["K551038"], id="unit number"),
    pytest.param("Hospital number: 2231190", ["2231190"], id="digits only"),
    pytest.param("PAS number RXF 2209114", ["RXF 2209114"], id="PAS, spaced"),
]
INVALID = [
    pytest.param("Unit 4 Industrial Estate", id="an address unit"),
    pytest.param("hospital on 12/03/2024", id="a date"),
    pytest.param("Ref RWA7730912 on file", id="no cue"),
    pytest.param("hospital number unknown", id="cue without a number"),
]


class TestHospitalNumberRecognizer(RecognizerTables):
    recognizer_class = HospitalNumberRecognizer
    entity = HOSPITAL_NUMBER
    valid = VALID
    invalid = INVALID
