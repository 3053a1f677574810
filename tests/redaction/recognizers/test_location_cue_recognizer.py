"""LocationCueRecognizer: a place named after a movement or residence cue, and country names.

Where a family lives, moved or travelled is identifying, so the capitalised name after "moved
to", "lives in", "originally from", "born in" ... is a LOCATION, and so is a country name. The
cue itself is not part of the span. Cases call ``analyze`` directly with ``nlp_artifacts=None``.
"""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.location_cue_recognizer import LocationCueRecognizer
from referral_nlp.redaction.taxonomy import LOCATION


class TestLocationCueRecognizer(RecognizerTables):
    recognizer_class = LocationCueRecognizer
    entity = LOCATION
    counted_score = 0.0


def test_supported_entities() -> None:
    assert LocationCueRecognizer().get_supported_entities() == [LOCATION]
