"""PhoneCueRecognizer: any phone-like digit run straight after a phone cue, whatever its country.

UK numbers are from Ofcom's drama ranges (07700 900xxx, 0113 496 0xxx, 0161 496 0xxx,
020 7946 0xxx, 01632 960xxx) and North American ones from 555-01xx; the others are made up.
Many examples use numbers UkPhoneRecognizer cannot read ("318 44 207"), which only the cue
finds. Cases call ``analyze`` directly with ``nlp_artifacts=None``.
"""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.phone_cue_recognizer import PhoneCueRecognizer
from referral_nlp.redaction.taxonomy import PHONE_NUMBER


class TestPhoneCueRecognizer(RecognizerTables):
    recognizer_class = PhoneCueRecognizer
    entity = PHONE_NUMBER
    counted_score = 0.0


def test_supported_entities() -> None:
    assert PhoneCueRecognizer().get_supported_entities() == [PHONE_NUMBER]
