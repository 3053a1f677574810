"""VehicleRegistrationRecognizer: plates after a vehicle cue; never a lone capitals code."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.vehicle_registration_recognizer import (
    VehicleRegistrationRecognizer,
)
from referral_nlp.redaction.taxonomy import VEHICLE_REGISTRATION


class TestVehicleRegistrationRecognizer(RecognizerTables):
    recognizer_class = VehicleRegistrationRecognizer
    entity = VEHICLE_REGISTRATION
