"""AddressCueRecognizer: a whole address after a strong cue, and "the corner of X and Y".

Every address here is made up. The recogniser needs no spaCy artifacts, so cases call
``analyze`` directly with ``nlp_artifacts=None``.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.address_cue_recognizer import AddressCueRecognizer
from referral_nlp.redaction.taxonomy import ADDRESS

# (text, the address in it): the cue is never part of the span; a full stop after the last word
# may come with it, as in the other address recognisers.
VALID = [
    pytest.param("Mum lives at 12 Elm Road with her partner.", "12 Elm Road", id="lives at"),
    pytest.param(
        "Family moved to 14 Birchfield Road, Leeds last week.",
        "14 Birchfield Road, Leeds",
        id="moved to, town",
    ),
    pytest.param(
        "Nan lives at 21 Acacia Avenue. She has lived there for years.",
        "21 Acacia Avenue.",
        id="ends at the sentence",
    ),
    pytest.param(
        "Address: 4 Beech Court, Holloway Road, London\nMum: Sarah",
        "4 Beech Court, Holloway Road, London",
        id="label, ends at a field word",
    ),
    pytest.param(
        "Address: Rosenweg 31\nSuite 5\nBERN\nSwitzerland 3007.",
        "Rosenweg 31\nSuite 5\nBERN\nSwitzerland 3007.",
        id="label, street first, lines",
    ),
    pytest.param(
        "dad lives at 255 lindevej 18, aarhus c",
        "255 lindevej 18, aarhus c",
        id="lower-case record",
    ),
    pytest.param(
        "Grandparents reside at 12521 Petőfi rkp. 18. Apt. 4 Szeged",
        "12521 Petőfi rkp. 18. Apt. 4 Szeged",
        id="Hungarian street words",
    ),
    pytest.param(
        "Letters are sent to 6105 Κεντρική Οδός 19, ΛΕΜΕΣΟΣ",
        "6105 Κεντρική Οδός 19, ΛΕΜΕΣΟΣ",
        id="Greek capitals",
    ),
    pytest.param(
        "Meet me at 3415 Nybyvägen 65 Apt. 3\nGothenburg, nan 41101",
        "3415 Nybyvägen 65 Apt. 3\nGothenburg, nan 41101",
        id="empty field in an export",
    ),
    pytest.param(
        "They once lived in 41 Kauppakatu 9 Apt. 3 OULU NO. Then they left.",
        "41 Kauppakatu 9 Apt. 3 OULU NO.",
        id="region code that is a word",
    ),
    pytest.param(
        "Please update the billing address with 24 Steinweg 7\nKASSEL, HE 34117 for me",
        "24 Steinweg 7\nKASSEL, HE 34117",
        id="address with",
    ),
    pytest.param(
        "The address of Hollin Ltd is 9 Mill Lane, Otley.",
        "9 Mill Lane, Otley.",
        id="the address of X is",
    ),
    pytest.param(
        "Return to the corner of 15 Park Street and Queen Square.",
        "the corner of 15 Park Street and Queen Square.",
        id="corner",
    ),
    pytest.param(
        "It is on the corner of Alšova 408 and Vedral Lane",
        "the corner of Alšova 408 and Vedral Lane",
        id="corner, continental",
    ),
    pytest.param(
        "Address: the corner of 7 Kings Road and ten Broek Plein",
        "the corner of 7 Kings Road and ten Broek Plein",
        id="corner, particle first",
    ),
    pytest.param(
        "Kai lives at 4 Mill Street Leeds since March and goes to school.",
        "4 Mill Street Leeds",
        id="stops before ordinary words",
    ),
    pytest.param(
        "Address: 12 Elm Road, Leeds\nMobile: 07700 900123",
        "12 Elm Road, Leeds",
        id="a field label ends the address",
    ),
    pytest.param(
        "Address: 12 Elm Road\nnan and grandad visit weekly",
        "12 Elm Road",
        id="grandmother on the next line is not an empty field",
    ),
]


INVALID = [
    pytest.param("He moved to 2 different schools in 2019.", id="moved to a count"),
    pytest.param("Referral sent to 3 agencies and the school.", id="sent to a count"),
    pytest.param("Dad lives in Leeds 2 days a week.", id="a duration after a town"),
    pytest.param("Papers sent to 12 March meeting.", id="a date"),
    pytest.param("The report was sent to 4 Heads of Service.", id="capitalised count"),
    pytest.param("we moved to 3 bedroom house", id="lower-case count"),
    pytest.param("Meet me at 10 am tomorrow.", id="a time"),
    pytest.param("the corner of the road and the park", id="corner without a name"),
    pytest.param("She will address the court at 10.", id="address as a verb"),
    pytest.param("The decision was based on Article 258 of the Code.", id="legal citation"),
    pytest.param("The plan is based on 3 Key Principles.", id="based on"),
]


class TestAddressCueRecognizer(RecognizerTables):
    recognizer_class = AddressCueRecognizer
    entity = ADDRESS
    valid = VALID
    invalid = INVALID


def test_supported_entities() -> None:
    assert AddressCueRecognizer().get_supported_entities() == [ADDRESS]
