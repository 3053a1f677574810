"""PostBoxAddressRecognizer: PO boxes and US forces' addresses (APO/FPO/DPO), which have no street.

Every address here is made up. Cases call ``analyze`` directly with ``nlp_artifacts=None``.
"""

from __future__ import annotations

import pytest

from referral_nlp.redaction.config import RedactionConfig
from referral_nlp.redaction.recognizers.post_box_address_recognizer import (
    PostBoxAddressRecognizer,
)
from referral_nlp.redaction.taxonomy import ADDRESS

THRESHOLD = RedactionConfig().score_threshold


@pytest.fixture(scope="module")
def recognizer() -> PostBoxAddressRecognizer:
    return PostBoxAddressRecognizer()


def _found(recognizer: PostBoxAddressRecognizer, text: str) -> list[str]:
    results = recognizer.analyze(text, entities=[ADDRESS], nlp_artifacts=None)
    return [
        text[r.start : r.end]
        for r in sorted(results, key=lambda r: (r.start, -r.end))
        if r.score >= THRESHOLD
    ]


VALID = [
    pytest.param("Post to PSC 1234, Box 5678, APO AE 09012.", "PSC 1234, Box 5678, APO AE 09012"),
    pytest.param("PSC 0271, Box 1650\nAPO AA 34030", "PSC 0271, Box 1650\nAPO AA 34030"),
    pytest.param("Unit 2050 Box 4190 DPO AP 96522", "Unit 2050 Box 4190 DPO AP 96522"),
    pytest.param("CMR 480 Box 12 APO AE 09128-0012", "CMR 480 Box 12 APO AE 09128-0012"),
    pytest.param("unit 4526 box 0671 dpo ap 40902", "unit 4526 box 0671 dpo ap 40902"),
    pytest.param("Dad: USS Harbinger FPO AP 96620.", "USS Harbinger FPO AP 96620"),
    pytest.param("USNS Pell Grove\nFPO AE 09591", "USNS Pell Grove\nFPO AE 09591"),
    pytest.param("Write to PO Box 1234, Leeds", "PO Box 1234"),
    pytest.param("Write to P.O. Box 77 please", "P.O. Box 77"),
    pytest.param("Post Office Box 12, Hull", "Post Office Box 12"),
    pytest.param("Postfach 1234, 80331 München", "Postfach 1234"),
]


@pytest.mark.parametrize(("text", "address"), VALID)
def test_finds_address(recognizer: PostBoxAddressRecognizer, text: str, address: str) -> None:
    assert _found(recognizer, text)[0] == address


def test_bare_military_post_line(recognizer: PostBoxAddressRecognizer) -> None:
    assert _found(recognizer, "Base mail: APO AE 09012") == ["APO AE 09012"]


INVALID = [
    pytest.param("Unit 4 box 5 in the store room", id="unit and box without APO"),
    pytest.param("Put it in the box 12 times", id="box and a count"),
    pytest.param("Ward 3, Unit 12, Leeds General", id="hospital unit"),
    pytest.param("apo ae 09012", id="bare post line in lower case"),
    pytest.param("USS Harbinger sailed in 1990", id="ship without FPO"),
]


@pytest.mark.parametrize("text", INVALID)
def test_ignores_other_text(recognizer: PostBoxAddressRecognizer, text: str) -> None:
    assert _found(recognizer, text) == []


def test_supported_entities() -> None:
    assert PostBoxAddressRecognizer().get_supported_entities() == [ADDRESS]
