"""VehicleRegistrationRecognizer: plates after a vehicle cue; never a lone capitals code."""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.vehicle_registration_recognizer import (
    VehicleRegistrationRecognizer,
)
from referral_nlp.redaction.taxonomy import VEHICLE_REGISTRATION

VALID = [
    pytest.param("vehicle KX19 BZT on the drive", ["KX19 BZT"], id="current format"),
    pytest.param("car reg yh21 wnp seen", ["yh21 wnp"], id="lower case after a cue"),
    pytest.param("registration LD68FRV.", ["LD68FRV"], id="no space"),
    pytest.param("older car, index P417 KDX, seen", ["P417 KDX"], id="prefix format, index"),
    pytest.param("classic van reg GHU 284T", ["GHU 284T"], id="suffix format"),
    pytest.param("VRM: WU13 HFA", ["WU13 HFA"], id="VRM"),
]
INVALID = [
    pytest.param("Seen KX19 BZT outside", id="no cue"),
    pytest.param("car reg KX99 BZT", id="age identifier 99 does not exist"),
    pytest.param("Y7 SEN support in place", id="school year and SEN"),
    pytest.param("mother said the carer left", id="no 'mot' or 'car' inside words"),
    pytest.param("vehicle was blue", id="cue without a plate"),
]


class TestVehicleRegistrationRecognizer(RecognizerTables):
    recognizer_class = VehicleRegistrationRecognizer
    entity = VEHICLE_REGISTRATION
    valid = VALID
    invalid = INVALID
