"""PostalCodeCueRecognizer: other countries' postal codes after a label, and Canadian codes.

Every code here is made up. Cases call ``analyze`` directly with ``nlp_artifacts=None``.
"""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.postal_code_cue_recognizer import PostalCodeCueRecognizer
from referral_nlp.redaction.taxonomy import POSTCODE


class TestPostalCodeCueRecognizer(RecognizerTables):
    recognizer_class = PostalCodeCueRecognizer
    entity = POSTCODE

    def test_cue_stays_outside_the_span(self, recognizer: PostalCodeCueRecognizer) -> None:
        text = "My zip code is 02134"
        (result,) = recognizer.analyze(text, entities=[POSTCODE], nlp_artifacts=None)
        assert text[: result.start] == "My zip code is "


def test_supported_entities() -> None:
    assert PostalCodeCueRecognizer().get_supported_entities() == [POSTCODE]
