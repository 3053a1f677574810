"""PhoneCueRecognizer: any phone-like digit run straight after a phone cue, whatever its country.

UK numbers are from Ofcom's drama ranges (07700 900xxx, 0113 496 0xxx, 0161 496 0xxx,
020 7946 0xxx, 01632 960xxx) and North American ones from 555-01xx; the others are made up.
Many examples use numbers UkPhoneRecognizer cannot read ("318 44 207"), which only the cue
finds. Cases call ``analyze`` directly with ``nlp_artifacts=None``.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.phone_cue_recognizer import PhoneCueRecognizer
from referral_nlp.redaction.taxonomy import PHONE_NUMBER

# (text, every number span in it, in order): the cue is never part of the span.
VALID = [
    # Cue words.
    pytest.param("Mobile: 07700 900123", ["07700 900123"], id="Mobile:"),
    pytest.param("mob: 07700900654", ["07700900654"], id="mob:"),
    pytest.param("Tel 0113 496 0123", ["0113 496 0123"], id="Tel"),
    pytest.param("Telephone number = 020 7946 0555", ["020 7946 0555"], id="Telephone ="),
    pytest.param("Fax 020 7946 0999", ["020 7946 0999"], id="Fax"),
    pytest.param("Landline 01632 960123", ["01632 960123"], id="Landline"),
    pytest.param("Home phone 0113 4960987", ["0113 4960987"], id="Home phone"),
    pytest.param("Home: 24 68 10 12", ["24 68 10 12"], id="Home: pairs"),
    pytest.param("Desk 496 0111", ["496 0111"], id="Desk, no area code"),
    pytest.param("Cell 555 0134 99", ["555 0134 99"], id="Cell"),
    pytest.param("WhatsApp +48 512 345 678", ["+48 512 345 678"], id="WhatsApp"),
    pytest.param("Contact no. 0300 123 4567", ["0300 123 4567"], id="Contact no."),
    pytest.param("Tel no 12345678", ["12345678"], id="Tel no, solid"),
    pytest.param("Mobile number: 07700 900 321 (Mum)", ["07700 900 321"], id="Mobile number:"),
    pytest.param("Mobile - 0049 151 2345 6789", ["0049 151 2345 6789"], id="Mobile -"),
    pytest.param("Phone: +33 6 12 34 56 78", ["+33 6 12 34 56 78"], id="Phone: French"),
    pytest.param("tel:+447700900888", ["+447700900888"], id="tel: link"),
    # Verb cues.
    pytest.param("Dad can be called on 318 44 207.", ["318 44 207"], id="called on"),
    pytest.param("Text her on 07700-900-789.", ["07700-900-789"], id="text her on"),
    pytest.param("Call him on 318 44 207 after six.", ["318 44 207"], id="call him on"),
    pytest.param("Reach me at +1 (555) 010-4477", ["+1 (555) 010-4477"], id="reach me at"),
    pytest.param("Nan rang on 318 44 207.", ["318 44 207"], id="rang on"),
    pytest.param("Ring 0161 496 0321 to book.", ["0161 496 0321"], id="ring"),
    # Extensions belong to the number.
    pytest.param("Office: 0161 496 0000 x217", ["0161 496 0000 x217"], id="extension x"),
    pytest.param(
        "Work number: (0113) 496 0555 ext. 22", ["(0113) 496 0555 ext. 22"], id="extension ext."
    ),
    # Cues further from the number.
    pytest.param("Mum's phone number is 318 44 207.", ["318 44 207"], id="phone number is"),
    pytest.param("Nan rang from 318 44 207.", ["318 44 207"], id="rang from"),
    pytest.param("Call back on 318 44 207 after 5pm.", ["318 44 207"], id="call back on"),
    pytest.param("Tel.: 318 44 207", ["318 44 207"], id="Tel.:"),
    pytest.param("Mob. 318 44 207", ["318 44 207"], id="Mob."),
    pytest.param("Mobile number for dad - 318 44 207", ["318 44 207"], id="mobile number for dad"),
    pytest.param(
        "Contact number 318 44 207 / 318 44 208",
        ["318 44 207", "318 44 208"],
        id="second number after a slash",
    ),
]


# A cue followed by something that is not a phone number: dates, times, years, counts.
INVALID = [
    pytest.param("Called on 12/03/2024.", id="called on a date"),
    pytest.param("Rang on 12.03.24 at 10:30.", id="rang on a dotted date"),
    pytest.param("Home visit on 14-03-2024.", id="home visit on a date"),
    pytest.param("Phoned on 2024-03-12.", id="ISO date"),
    pytest.param("Mobile: 12345", id="too short"),
    pytest.param("Called 3 times.", id="count"),
    pytest.param("Phone call at 14:30 hrs.", id="clock time"),
    pytest.param("Text messages since 2019.", id="year"),
    pytest.param("Work 37 hours a week.", id="hours"),
    pytest.param("Home 2 nights a week.", id="nights"),
    pytest.param("Office 12 is on the left.", id="room number"),
    pytest.param("Called 999 at 23:40.", id="999"),
    pytest.param("Called 101 to report.", id="101"),
    pytest.param("Contact reference 123456789012345678", id="long reference"),
    pytest.param("Contact £250.00 debt.", id="money"),
    pytest.param("Home from 2019 - 2023.", id="home from years"),
    pytest.param("Contact 01/02/2024 - 15/02/2024", id="slashed date range"),
    pytest.param("Home address 12 Elm Road", id="house number"),
    pytest.param("Contact 10.00 - 12.00 on Saturdays.", id="contact time range"),
    pytest.param("Rang at 10.30-11.15.", id="rang at a time range"),
    pytest.param("Lived at home 2019-2023 with nan.", id="years at home"),
    pytest.param("Work 2018 - 2021 at a care home.", id="years at work"),
    pytest.param("Contact 2023-2024 school year.", id="school year range"),
    pytest.param("Called 12.03.2024 10.30 no answer.", id="date and time"),
    pytest.param("Contact: 12-03-2024 14:00", id="date and clock time"),
    pytest.param("Called on 12 03 2024.", id="date with spaces"),
    pytest.param("Home 01.01.2024 - 31.03.2024", id="dotted date range"),
]


class TestPhoneCueRecognizer(RecognizerTables):
    recognizer_class = PhoneCueRecognizer
    entity = PHONE_NUMBER
    valid = VALID
    invalid = INVALID
    counted_score = 0.0


def test_supported_entities() -> None:
    assert PhoneCueRecognizer().get_supported_entities() == [PHONE_NUMBER]
