"""UkAddressRecognizer: house and flat numbers, named buildings, street suffixes and towns.

Every address here is made up for the test. Recogniser cases call ``analyze`` directly with
``nlp_artifacts=None`` (the patterns must work without spaCy's tokens); the last table runs whole
notes through the session ``redactor`` to check that an address comes out as one ADDRESS span.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables, load_cases

from referral_nlp.redaction.recognizers.uk_address_recognizer import UkAddressRecognizer
from referral_nlp.redaction.taxonomy import ADDRESS


class TestUkAddressRecognizer(RecognizerTables):
    recognizer_class = UkAddressRecognizer
    entity = ADDRESS
    counted_score = 0.0
    full_stop_may_follow = True


# Through the redactor: all the address's characters end up inside one ADDRESS span.
REDACTED = load_cases(__file__, "REDACTED")


@pytest.mark.parametrize(("text", "value"), REDACTED)
def test_redactor_reports_one_address(redactor, text: str, value: str) -> None:
    start = text.index(value)
    end = start + len(value)
    entities = redactor.analyze(text)
    assert any(e.entity_type == ADDRESS and e.start <= start and end <= e.end for e in entities), [
        (text[e.start : e.end], e.entity_type) for e in entities
    ]


def test_supported_entities() -> None:
    assert UkAddressRecognizer().get_supported_entities() == [ADDRESS]
