"""PostBoxAddressRecognizer: PO boxes and US forces' addresses (APO/FPO/DPO), which have no street.

Every address here is made up. Cases call ``analyze`` directly with ``nlp_artifacts=None``.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.post_box_address_recognizer import (
    PostBoxAddressRecognizer,
)
from referral_nlp.redaction.taxonomy import ADDRESS

VALID = [
    pytest.param(
        "Post to PSC 1234, Box 5678, APO AE 09012.",
        "PSC 1234, Box 5678, APO AE 09012",
        id="PSC, box, APO",
    ),
    pytest.param(
        "PSC 0271, Box 1650\nAPO AA 34030", "PSC 0271, Box 1650\nAPO AA 34030", id="two lines"
    ),
    pytest.param("Unit 2050 Box 4190 DPO AP 96522", "Unit 2050 Box 4190 DPO AP 96522", id="DPO"),
    pytest.param(
        "CMR 480 Box 12 APO AE 09128-0012", "CMR 480 Box 12 APO AE 09128-0012", id="ZIP+4"
    ),
    pytest.param(
        "unit 4526 box 0671 dpo ap 40902", "unit 4526 box 0671 dpo ap 40902", id="lower case"
    ),
    pytest.param("Dad: USS Harbinger FPO AP 96620.", "USS Harbinger FPO AP 96620", id="ship"),
    pytest.param("USNS Pell Grove\nFPO AE 09591", "USNS Pell Grove\nFPO AE 09591", id="USNS ship"),
    pytest.param("Write to PO Box 1234, Leeds", "PO Box 1234", id="PO Box"),
    pytest.param("Write to P.O. Box 77 please", "P.O. Box 77", id="P.O. Box"),
    pytest.param("Post Office Box 12, Hull", "Post Office Box 12", id="Post Office Box"),
    pytest.param("Postfach 1234, 80331 München", "Postfach 1234", id="Postfach"),
    pytest.param("Base mail: APO AE 09012", "APO AE 09012", id="bare military post line"),
]
INVALID = [
    pytest.param("Unit 4 box 5 in the store room", id="unit and box without APO"),
    pytest.param("Put it in the box 12 times", id="box and a count"),
    pytest.param("Ward 3, Unit 12, Leeds General", id="hospital unit"),
    pytest.param("apo ae 09012", id="bare post line in lower case"),
    pytest.param("USS Harbinger sailed in 1990", id="ship without FPO"),
]


class TestPostBoxAddressRecognizer(RecognizerTables):
    recognizer_class = PostBoxAddressRecognizer
    entity = ADDRESS
    valid = VALID
    invalid = INVALID


def test_supported_entities() -> None:
    assert PostBoxAddressRecognizer().get_supported_entities() == [ADDRESS]
