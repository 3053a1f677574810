"""UkPhoneRecognizer: UK numbers in their many written forms, and what must not be read as one.

Numbers are from Ofcom's ranges reserved for drama and testing (07700 900xxx, 020 7946 0xxx,
0161 496 0xxx, 0113 496 0xxx, 01632 960xxx), so none belongs to anyone.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.uk_phone_recognizer import UkPhoneRecognizer
from referral_nlp.redaction.taxonomy import PHONE_NUMBER

VALID = [
    pytest.param("Mob 07700 900123.", "07700 900123", id="mobile 5-6"),
    pytest.param("Mob 07700900123", "07700900123", id="mobile solid"),
    pytest.param("Mob 07700 900 123", "07700 900 123", id="mobile 5-3-3"),
    pytest.param("Mob 07700-900-123", "07700-900-123", id="mobile dashes"),
    pytest.param("Mob 07700.900.123", "07700.900.123", id="mobile dots"),
    pytest.param("Mob 07700  900123", "07700  900123", id="double space"),
    pytest.param("Tel 020 7946 0000", "020 7946 0000", id="London 3-4-4"),
    pytest.param("Tel (020) 7946 0000", "(020) 7946 0000", id="London bracketed"),
    pytest.param("Tel 0161 496 0000", "0161 496 0000", id="Manchester 4-3-4"),
    pytest.param("Tel (0161) 496 0000", "(0161) 496 0000", id="Manchester bracketed"),
    pytest.param("Tel 0113 496 0123", "0113 496 0123", id="Leeds"),
    pytest.param("Tel 01632 960000", "01632 960000", id="5-6 area code"),
    pytest.param("Tel (01632) 960000", "(01632) 960000", id="5-6 bracketed"),
    pytest.param("Tel 016977 34567", "016977 34567", id="nine-digit national number"),
    pytest.param("Council 0300 123 4567", "0300 123 4567", id="03 number"),
    pytest.param("Mob +44 7700 900123", "+44 7700 900123", id="+44 mobile"),
    pytest.param("Mob +447700900123", "+447700900123", id="+44 solid"),
    pytest.param("Mob +44 (0)7700 900123", "+44 (0)7700 900123", id="+44 (0)"),
    pytest.param("Tel +44 (0) 161 496 0000", "+44 (0) 161 496 0000", id="+44 (0) spaced"),
    pytest.param("Tel +44 20 7946 0000", "+44 20 7946 0000", id="+44 London"),
    pytest.param("Mob 0044 7700 900123", "0044 7700 900123", id="0044"),
    pytest.param("Mob +44 07700 900123", "+44 07700 900123", id="+44 with a stray 0"),
    pytest.param("Tel: 0161-496-0000,", "0161-496-0000", id="before comma"),
    pytest.param("Tel (0161 496 0000", "(0161 496 0000", id="unclosed bracket"),
    pytest.param("Tel +33 1 23 45 67 89 (France)", "+33 1 23 45 67 89", id="international"),
    pytest.param(
        "Mum's mobile 07700 900123, NHS no 943 476 5919. School rang from (0113) 496 0123 on "
        "12/03/24 at 10:30; Dad can be reached on +44 (0)7700 900456 or 0161-496-0000. "
        "Rent arrears £1,250.00; attendance 87.5%.",
        ["07700 900123", "(0113) 496 0123", "+44 (0)7700 900456", "0161-496-0000"],
        id="phone numbers in a referral note",
    ),
]


INVALID = [
    pytest.param("Seen 12/03/24", id="short date"),
    pytest.param("Seen 01/03/2024", id="date with slashes"),
    pytest.param("Seen 07.03.2024", id="date with dots"),
    pytest.param("Seen 01-03-2024 12:30", id="date and time"),
    pytest.param("Seen 2024-03-01", id="ISO date"),
    pytest.param("NHS 943 476 5919", id="NHS number"),
    pytest.param("NHS 9434765919", id="NHS number solid"),
    pytest.param("CHI 010 190 1232", id="spaced 3-3-4 with leading zero"),
    pytest.param("Debt £07700.90", id="money"),
    pytest.param("Rent £1,250.00 a month", id="money with comma"),
    pytest.param("Attendance 07.5%", id="percentage"),
    pytest.param("Mob 07700 90012", id="mobile one digit short"),
    pytest.param("Mob 077009001234", id="mobile one digit long"),
    pytest.param("Tel 020 7946 000", id="London one digit short"),
    pytest.param("Free 0800 123 4567", id="freephone"),
    pytest.param("Line 0900 123 4567", id="premium"),
    pytest.param("Ref CR07700900123", id="inside a reference"),
    pytest.param("Ref 12-07700900123", id="joined to a number before"),
    pytest.param("Tel +99 123 456 789", id="international, invalid"),
    pytest.param("3 children, s47, section 17", id="small numbers"),
]


class TestUkPhoneRecognizer(RecognizerTables):
    recognizer_class = UkPhoneRecognizer
    entity = PHONE_NUMBER
    valid = VALID
    invalid = INVALID
    counted_score = 0.0
    least_valid_score = 0.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07700 900123", "7700900123"),
        ("+44 (0)161 496 0000", "1614960000"),
        ("0044 20 7946 0000", "2079460000"),
        ("(01632) 960000", "1632960000"),
        ("+33 1 23 45 67 89", None),
    ],
)
def test_uk_national_number(text: str, expected: str | None) -> None:
    assert UkPhoneRecognizer.uk_national_number(text) == expected


def test_defaults() -> None:
    recognizer = UkPhoneRecognizer()
    assert recognizer.supported_entities == [PHONE_NUMBER]
    assert recognizer.supported_language == "en"
    assert "mobile" in recognizer.context
