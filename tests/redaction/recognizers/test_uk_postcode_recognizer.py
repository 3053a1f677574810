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
    pytest.param(
        "Mum and the 3 children moved from 14 Elm Road, Leeds LS6 2AB to her sister's in "
        "m1 1ae on 12/03/24. Dad's last known postcode was B338TH. s47 strategy held.",
        ["LS6 2AB", "m1 1ae", "B338TH"],
        THRESHOLD,
        id="postcodes in a referral note",
    ),
]


INVALID = [
    pytest.param("QA1 1AA", id="Q first"),
    pytest.param("VA1 1AA", id="V first"),
    pytest.param("XA1 1AA", id="X first"),
    pytest.param("AI1 1AA", id="I second"),
    pytest.param("AJ1 1AA", id="J second"),
    pytest.param("AZ1 1AA", id="Z second"),
    pytest.param("M1 1AC", id="C in unit"),
    pytest.param("M1 1IA", id="I in unit"),
    pytest.param("M1 1AK", id="K in unit"),
    pytest.param("M1 1MA", id="M in unit"),
    pytest.param("M1 1OA", id="O in unit"),
    pytest.param("M1 1AV", id="V in unit"),
    pytest.param("W1I 1AA", id="I in third position"),
    pytest.param("EC1C 1AA", id="C in fourth position"),
    pytest.param("M1 AAA", id="no inward digit"),
    pytest.param("M123 1AA", id="three outward digits"),
    pytest.param("XLS6 2AB", id="glued letter before"),
    pytest.param("LS6 2ABC", id="glued letter after"),
    pytest.param("9LS6 2AB", id="glued digit before"),
    pytest.param("CR/LS62AB", id="inside a reference"),
    pytest.param("AB12 CDE", id="vehicle registration"),
    pytest.param("AB 12 34 56 C", id="NI number"),
    pytest.param("seen on 12/03/24 at 10:30", id="date and time"),
    pytest.param("3 children, s47, section 17", id="small numbers"),
]


class TestUkPostcodeRecognizer(RecognizerTables):
    recognizer_class = UkPostcodeRecognizer
    entity = POSTCODE
    valid = VALID
    invalid = INVALID
    counted_score = 0.0


def test_defaults() -> None:
    recognizer = UkPostcodeRecognizer()
    assert recognizer.supported_entities == [POSTCODE]
    assert recognizer.supported_language == "en"
    assert recognizer.context == UkPostcodeRecognizer.CONTEXT
