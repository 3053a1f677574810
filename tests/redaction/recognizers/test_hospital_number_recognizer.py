"""HospitalNumberRecognizer: a patient's hospital, unit or record number after its cue."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.hospital_number_recognizer import (
    HospitalNumberRecognizer,
)
from referral_nlp.redaction.taxonomy import HOSPITAL_NUMBER


class TestHospitalNumberRecognizer(RecognizerTables):
    recognizer_class = HospitalNumberRecognizer
    entity = HOSPITAL_NUMBER
