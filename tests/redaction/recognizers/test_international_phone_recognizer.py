"""InternationalPhoneRecognizer: non-UK national numbers recognisable by their grouping.

North American numbers use the 555-01xx fiction range; the others are made up. Cases call
``analyze`` directly with ``nlp_artifacts=None``.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.international_phone_recognizer import (
    InternationalPhoneRecognizer,
)
from referral_nlp.redaction.taxonomy import PHONE_NUMBER

VALID = [
    # North American.
    pytest.param("Aunt in Ohio: 614-555-0134.", ["614-555-0134"], id="NANP hyphens"),
    pytest.param("call (312) 555-0178 today", ["(312) 555-0178"], id="NANP bracketed"),
    pytest.param("call (312)555-0178 today", ["(312)555-0178"], id="NANP bracketed, no space"),
    pytest.param("cell 312.555.0199", ["312.555.0199"], id="NANP dots"),
    pytest.param("dial 1-800-555-0100 now", ["1-800-555-0100"], id="NANP with 1"),
    pytest.param("from 001-212-555-0147 abroad", ["001-212-555-0147"], id="NANP with 001"),
    pytest.param("614-555-0134 x22 for him", ["614-555-0134 x22"], id="NANP extension"),
    # A trunk 0 and groups.
    pytest.param("mobile in Lyon 06.12.34.56.78", ["06.12.34.56.78"], id="French dots"),
    pytest.param("messages to 0471 25 37 29", ["0471 25 37 29"], id="Belgian spaces"),
    pytest.param("registered 024 971 50 30.", ["024 971 50 30"], id="Swiss 3-3-2-2"),
    pytest.param("Dad: 0612 345 67 89", ["0612 345 67 89"], id="four groups"),
    # An area code in brackets.
    pytest.param("call me on (64) 3591-3246?", ["(64) 3591-3246"], id="bracketed, 4-4"),
    pytest.param("office (08) 8747 6301", ["(08) 8747 6301"], id="bracketed, Australian"),
    # Four pairs.
    pytest.param("Nicosia 28-64-66-98", ["28-64-66-98"], id="pairs with hyphens"),
    # A contact label after the number.
    pytest.param("3665170548-Fax", ["3665170548"], id="solid before -Fax"),
    pytest.param("781 1704 office", ["781 1704"], id="seven digits before office"),
    pytest.param("0045 3311 2233 (home)", ["0045 3311 2233"], id="before (home)"),
]


INVALID = [
    pytest.param("Seen 01.02.2024 at home.", id="dotted date"),
    pytest.param("Seen 05 12 2023 at home.", id="spaced date"),
    pytest.param("Between 2019 - 2021 home visits.", id="span of years before a label"),
    pytest.param("Visit 10.30-11.30 office based.", id="clock times before a label"),
    pytest.param("Pages 12 13 14 15 read.", id="spaced list of pairs"),
    pytest.param("Paid £1,234,567 to the office", id="money before a label"),
    pytest.param("Version 2.12.34.56 installed", id="version number"),
    pytest.param("Case 2012-345-6789 closed", id="reference with a year"),
    pytest.param("Scored 123 456 in total", id="short spaced number"),
    pytest.param("NHS 943 476 5919 noted", id="NHS number is not a NANP shape"),
]


class TestInternationalPhoneRecognizer(RecognizerTables):
    recognizer_class = InternationalPhoneRecognizer
    entity = PHONE_NUMBER
    valid = VALID
    invalid = INVALID


def test_supported_entities() -> None:
    assert InternationalPhoneRecognizer().get_supported_entities() == [PHONE_NUMBER]
