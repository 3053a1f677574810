"""UkPostcodeRecognizer: every postcode shape is found with its exact span; look-alikes are not.

Postcodes here are made up from the valid letter classes; none is meant to be a real address.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import THRESHOLD, RecognizerTables

from referral_nlp.redaction.recognizers.uk_postcode_recognizer import UkPostcodeRecognizer
from referral_nlp.redaction.taxonomy import POSTCODE

VALID = [
    # (text, the postcode in it, least score on shape alone)
    pytest.param("Lives at M1 1AE now.", "M1 1AE", 0.5, id="A9 9AA"),
    pytest.param("Moved to B33 8TH.", "B33 8TH", 0.5, id="A99 9AA"),
    pytest.param("Office W1A 0AX.", "W1A 0AX", 0.5, id="A9A 9AA"),
    pytest.param("Address: CR2 6XH", "CR2 6XH", 0.5, id="AA9 9AA"),
    pytest.param("Postcode DN55 1PT.", "DN55 1PT", 0.5, id="AA99 9AA"),
    pytest.param("Flat in EC1A 1BB,", "EC1A 1BB", 0.5, id="AA9A 9AA"),
    pytest.param("Old code GIR 0AA.", "GIR 0AA", 0.5, id="GIR 0AA"),
    pytest.param("Now LS6 2AB.", "LS6 2AB", 0.5, id="leeds"),
    pytest.param("lower case ls6 2ab here", "ls6 2ab", 0.5, id="lower case"),
    pytest.param("mixed Sw1A 1aA here", "Sw1A 1aA", 0.5, id="mixed case"),
    pytest.param("two spaces LS6  2AB here", "LS6  2AB", 0.5, id="double space"),
    pytest.param("(LS6 2AB)", "LS6 2AB", 0.5, id="in brackets"),
    pytest.param("no space LS62AB here", "LS62AB", 0.35, id="no space"),
    pytest.param("no space sw1a1aa here", "sw1a1aa", 0.35, id="no space lower"),
    pytest.param("GIR0AA", "GIR0AA", 0.35, id="GIR no space"),
    pytest.param("Avenue, Morley LS27\n9PQ", "LS27\n9PQ", 0.6, id="broken over a line"),
    pytest.param(
        "Mum and the 3 children moved from 14 Elm Road, Leeds LS6 2AB to her sister's in "
        "m1 1ae on 12/03/24. Dad's last known postcode was B338TH. s47 strategy held.",
        ["LS6 2AB", "m1 1ae", "B338TH"],
        THRESHOLD,
        id="postcodes in a referral note",
    ),
]


class TestUkPostcodeRecognizer(RecognizerTables):
    recognizer_class = UkPostcodeRecognizer
    entity = POSTCODE
    valid = VALID
    counted_score = 0.0


def test_defaults() -> None:
    recognizer = UkPostcodeRecognizer()
    assert recognizer.supported_entities == [POSTCODE]
    assert recognizer.supported_language == "en"
    assert recognizer.context == UkPostcodeRecognizer.CONTEXT
