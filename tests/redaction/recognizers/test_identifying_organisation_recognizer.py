"""IdentifyingOrganisationRecognizer: named schools, nurseries, surgeries and wards; not services.

A named school or GP surgery narrows a family down to a few streets; "the school", "CAMHS" or
"West Yorkshire Police" do not. Every name here is made up for the test. Recogniser cases call
``analyze`` directly with ``nlp_artifacts=None``; the last table runs notes through the session
``redactor``, whose spaCy model also proposes ORG spans.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables, load_cases

from referral_nlp.redaction.recognizers.identifying_organisation_recognizer import (
    IdentifyingOrganisationRecognizer,
)
from referral_nlp.redaction.taxonomy import ORGANISATION


class TestIdentifyingOrganisationRecognizer(RecognizerTables):
    recognizer_class = IdentifyingOrganisationRecognizer
    entity = ORGANISATION
    counted_score = 0.0


# Through the redactor (spaCy's ORG included): these notes hold no personal data at all.
REDACTOR_INVALID = load_cases(__file__, "REDACTOR_INVALID")


@pytest.mark.parametrize("text", REDACTOR_INVALID)
def test_redactor_leaves_generic_services(redactor, text: str) -> None:
    entities = redactor.analyze(text)
    assert entities == [], [(text[e.start : e.end], e.entity_type) for e in entities]


def test_supported_entities() -> None:
    recognizer = IdentifyingOrganisationRecognizer()
    assert recognizer.get_supported_entities() == [ORGANISATION]
