"""PostalCodeCueRecognizer: other countries' postal codes after a label, and Canadian codes.

Every code here is made up. Cases call ``analyze`` directly with ``nlp_artifacts=None``.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.postal_code_cue_recognizer import PostalCodeCueRecognizer
from referral_nlp.redaction.taxonomy import POSTCODE

VALID = [
    pytest.param("ZIP: 90417", "90417", id="ZIP:"),
    pytest.param("zip code is 3310", "3310", id="zip code is"),
    pytest.param("Zip 60614-2231 on the form", "60614-2231", id="ZIP+4"),
    pytest.param("postal code 75534-030", "75534-030", id="Brazilian"),
    pytest.param("Postal code: 394 13", "394 13", id="Swedish"),
    pytest.param("postcode 53-320, Wroclaw", "53-320", id="Polish"),
    pytest.param("ZIP: 7412 SL", "7412 SL", id="Dutch letters"),
    pytest.param("post code B0J 2H0.", "B0J 2H0", id="Canadian after cue"),
    pytest.param("PLZ 80331 München", "80331", id="German PLZ"),
    pytest.param("Postcode: LS6 2AB", "LS6 2AB", id="UK after cue"),
    pytest.param("Codigo postal 28013", "28013", id="Spanish"),
    pytest.param("ZIP: 610", "610", id="three digits"),
    pytest.param("Halifax, NS  B3H 1Z1", "B3H 1Z1", id="Canadian shape alone"),
]


INVALID = [
    pytest.param("zip code is unknown", id="no digits"),
    pytest.param("zip 12", id="two digits only"),
    pytest.param("Unzip 12345 files", id="cue inside a word"),
    pytest.param("Code 12345 entered", id="no postal cue"),
    pytest.param("Zip: 1234567 on file", id="too long"),
    pytest.param("Room b0j 2h0", id="Canadian shape in lower case, no cue"),
    pytest.param("ZIP: 2200.5", id="decimal"),
]


class TestPostalCodeCueRecognizer(RecognizerTables):
    recognizer_class = PostalCodeCueRecognizer
    entity = POSTCODE
    valid = VALID
    invalid = INVALID

    def test_cue_stays_outside_the_span(self, recognizer: PostalCodeCueRecognizer) -> None:
        text = "My zip code is 02134"
        (result,) = recognizer.analyze(text, entities=[POSTCODE], nlp_artifacts=None)
        assert text[: result.start] == "My zip code is "


def test_supported_entities() -> None:
    assert PostalCodeCueRecognizer().get_supported_entities() == [POSTCODE]
