"""AddressBlockRecognizer: a whole address written as one run, from its number to its last part.

Every address here is made up for the test. Cases call ``analyze`` directly with
``nlp_artifacts=None``. The block starts at a number, so a leading "Flat 3," is left to
UkAddressRecognizer and is not part of the expected span here.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables, load_cases, results

from referral_nlp.redaction.recognizers.address_block_recognizer import AddressBlockRecognizer
from referral_nlp.redaction.taxonomy import ADDRESS

# (text, the address block in it)
VALID = load_cases(__file__, "VALID")


def test_supported_entities() -> None:
    assert AddressBlockRecognizer().get_supported_entities() == [ADDRESS]


# Continental street words written in lower case, any script's capitals, a bracketed second
# name, particles, and an empty field of an exported record.
CONTINENTAL = load_cases(__file__, "CONTINENTAL")


class TestAddressBlockRecognizer(RecognizerTables):
    recognizer_class = AddressBlockRecognizer
    entity = ADDRESS
    valid = VALID + CONTINENTAL
    counted_score = 0.0
    full_stop_may_follow = True

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            pytest.param(
                "Lives at 12 Elm Road (Mum) with", "12 Elm Road", id="bracketed field word"
            ),
            pytest.param(
                "Address: 12 Elm Road\nnan and grandad visit",
                "12 Elm Road",
                id="nan the grandmother",
            ),
            pytest.param(
                "Home: 12 Stensgate Ste 4 Oslo", "12 Stensgate Ste 4 Oslo", id="Ste is not a prefix"
            ),
        ],
    )
    def test_block_stops_where_it_should(
        self, recognizer: AddressBlockRecognizer, text: str, value: str
    ) -> None:
        found = results(recognizer, text, ADDRESS, self.counted_score)
        assert [text[r.start : r.end] for r in found] == [value]
