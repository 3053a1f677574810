"""UkAddressRecognizer: house and flat numbers, named buildings, street suffixes and towns.

Every address here is made up for the test. Recogniser cases call ``analyze`` directly with
``nlp_artifacts=None`` (the patterns must work without spaCy's tokens); the last table runs whole
notes through the session ``redactor`` to check that an address comes out as one ADDRESS span.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.uk_address_recognizer import UkAddressRecognizer
from referral_nlp.redaction.taxonomy import ADDRESS

# (text, the address in it)
VALID = [
    pytest.param("Police attended 12 Tanner Fold, Bury.", "12 Tanner Fold, Bury", id="Fold"),
    pytest.param(
        "Children at 8 ELMTREE PLACE, HULL - no answer.",
        "8 ELMTREE PLACE, HULL",
        id="capitals with town",
    ),
    pytest.param("Moved from 30 mill view, selby.", "30 mill view, selby", id="lower-case view"),
    pytest.param(
        "Lives at flat 2, larch buildings, kiln drive, wigan.",
        "flat 2, larch buildings, kiln drive, wigan",
        id="lower-case flat, building, street, town",
    ),
    pytest.param(
        "Lives at flat 7, 14 alder square, bolton.",
        "flat 7, 14 alder square, bolton",
        id="lower-case flat and street",
    ),
    # Flats, house numbers and named buildings.
    pytest.param(
        "Family live at Flat 3, 27 Marsh Lane, Leeds.",
        "Flat 3, 27 Marsh Lane, Leeds",
        id="flat, house number, street, town",
    ),
    pytest.param(
        "Address: 4 Beech Court, Holloway Road, London",
        "4 Beech Court, Holloway Road, London",
        id="numbered building on a street",
    ),
    pytest.param(
        "Address: Flat 5, Holly House, Wakefield",
        "Flat 5, Holly House, Wakefield",
        id="flat in a named house",
    ),
    pytest.param(
        "Now at Apartment 12, Rowan Court, Harrogate.",
        "Apartment 12, Rowan Court, Harrogate",
        id="apartment in a named court",
    ),
    pytest.param(
        "Mum gave her address as Maple Court, Otley.",
        "Maple Court, Otley",
        id="named building and town",
    ),
    pytest.param(
        "Prev. address: 14 Birchfield Road, Flat 2, Kirkstall, Leeds",
        "14 Birchfield Road, Flat 2, Kirkstall, Leeds",
        id="flat after the street",
    ),
    pytest.param("Lives in Flat 7 above the shop.", "Flat 7", id="flat number alone"),
    pytest.param("Lives at 2a Victoria Drive.", "2a Victoria Drive", id="number with letter"),
    pytest.param("Lives at 10-12 Kirkgate Street.", "10-12 Kirkgate Street", id="number range"),
    pytest.param("Lives at no. 9 Larch Close.", "no. 9 Larch Close", id="no. cue"),
    pytest.param("Lives at number 12 Elm Road.", "number 12 Elm Road", id="number cue"),
    # Street suffixes.
    pytest.param("Lives at 12 Elm Road with mum.", "12 Elm Road", id="Road"),
    pytest.param("Moved to 8 Station Street in May.", "8 Station Street", id="Street"),
    pytest.param("Home address 45 Park Avenue.", "45 Park Avenue", id="Avenue"),
    pytest.param("Nan lives at 9 Larch Close.", "9 Larch Close", id="Close"),
    pytest.param("Address 16 Orchard Crescent.", "16 Orchard Crescent", id="Crescent"),
    pytest.param("Dad stays at 3 Mill Way.", "3 Mill Way", id="Way"),
    pytest.param("Now at 22 Cherry Grove.", "22 Cherry Grove", id="Grove"),
    pytest.param("Lives at 7 Albion Terrace.", "7 Albion Terrace", id="Terrace"),
    pytest.param("Lives at 14 Rosemary Gardens.", "14 Rosemary Gardens", id="Gardens"),
    pytest.param("Lives at 5 Church Lane.", "5 Church Lane", id="Lane"),
    pytest.param("Lives at 30 Ferncliffe Drive.", "30 Ferncliffe Drive", id="Drive"),
    pytest.param("Lives at 6 Saxon Place.", "6 Saxon Place", id="Place"),
    pytest.param("Address 88 Ashfield Mews", "88 Ashfield Mews", id="Mews"),
    pytest.param("Lives at 5 Oak Tree Rise.", "5 Oak Tree Rise", id="Rise, three-word name"),
    pytest.param("Lives at 7 Pendle View.", "7 Pendle View", id="View"),
    pytest.param("Lives at 11 Brook Walk.", "11 Brook Walk", id="Walk"),
    pytest.param("Lives at 2 Market Square.", "2 Market Square", id="Square"),
    pytest.param("Lives at 19 Tanners Row.", "19 Tanners Row", id="Row"),
    pytest.param("Lives at 40 Kingfisher Parade.", "40 Kingfisher Parade", id="Parade"),
    pytest.param("Lives at 9 Castle Hill.", "9 Castle Hill", id="Hill"),
    pytest.param("Lives at 31 Queen's Road.", "31 Queen's Road", id="apostrophe in name"),
    # Abbreviated and lower-case suffixes.
    pytest.param("Lives at 41 High St.", "41 High St.", id="St."),
    pytest.param("Lives at 19 Mill Rd with dad.", "19 Mill Rd", id="Rd"),
    pytest.param("Lives at 8 Orchard Ave with nan.", "8 Orchard Ave", id="Ave"),
    pytest.param("Lives at 6 Gordon terrace.", "6 Gordon terrace", id="lower-case suffix"),
    # Towns after the street.
    pytest.param(
        "Nan lives at 9 Larch Close, Bradford.", "9 Larch Close, Bradford", id="town after comma"
    ),
    pytest.param(
        "Lives at 5 Church Lane, Horsforth, Leeds",
        "5 Church Lane, Horsforth, Leeds",
        id="district and town",
    ),
    pytest.param(
        "Lives at 19 Mill Rd, Shipley.", "19 Mill Rd, Shipley", id="abbreviation and town"
    ),
    pytest.param("Address: 12 Elm Road\nLeeds", "12 Elm Road\nLeeds", id="town on the next line"),
    pytest.param(
        "Lives at 3 Kestrel Close, Milton Keynes.",
        "3 Kestrel Close, Milton Keynes",
        id="two-word town",
    ),
    # Continental order, as in records from abroad.
    pytest.param(
        "Grandmother lives at Rua das Flores 112, Porto.",
        "Rua das Flores 112, Porto",
        id="continental lead word",
    ),
    pytest.param(
        "Father's address: Lindenstraße 14, Bremen",
        "Lindenstraße 14, Bremen",
        id="continental street ending",
    ),
    # Written in a hurry.
    pytest.param("lives at 12 elm road with mum", "12 elm road", id="all lower case"),
    pytest.param(
        "Family live at Flat 3 27 Marsh Lane.", "Flat 3 27 Marsh Lane", id="flat without comma"
    ),
]


# Numbers, street words and courts that are not anyone's address.
INVALID = [
    pytest.param("She scored 3 GOALS TODAY.", id="capitals without a street word"),
    pytest.param("3 bed terrace view needed.", id="house type"),
    pytest.param("3 children live at home.", id="count of children"),
    pytest.param("Road safety talk at school.", id="Road safety"),
    pytest.param("section 17 assessment completed.", id="section 17"),
    pytest.param("Referred under Section 47 Children Act.", id="Section 47"),
    pytest.param("Seen at Leeds Crown Court today.", id="Crown Court"),
    pytest.param("Hearing at Bradford Family Court.", id="Family Court"),
    pytest.param("Listed at the Youth Court on Monday.", id="Youth Court"),
    pytest.param("Completed 3 Home Visits this week.", id="home visits"),
    pytest.param("He walked 2 miles down the road.", id="miles down the road"),
    pytest.param("He is in Year 6 at school.", id="school year"),
    pytest.param("Seen on 12 March 2024.", id="date"),
    pytest.param("Case open for 6 weeks.", id="duration"),
    pytest.param("Played in the Park with 2 friends.", id="park"),
    pytest.param("Mum has 2 Dogs and a cat.", id="capitalised noun"),
    pytest.param("Mum has attended 2 Court hearings.", id="court hearings"),
    pytest.param("Met 2 Social Workers at the office.", id="social workers"),
    pytest.param("Child ran into the road after school.", id="the road"),
    pytest.param("Dad is on Universal Credit.", id="no number"),
]


class TestUkAddressRecognizer(RecognizerTables):
    recognizer_class = UkAddressRecognizer
    entity = ADDRESS
    valid = VALID
    invalid = INVALID
    counted_score = 0.0
    full_stop_may_follow = True


# Through the redactor: all the address's characters end up inside one ADDRESS span.
REDACTED = [
    pytest.param(
        "Family live at Flat 3, 27 Marsh Lane, Leeds, with mum.",
        "Flat 3, 27 Marsh Lane, Leeds",
        id="flat and town",
    ),
    pytest.param(
        "Mum gave her address as 4 Beech Court, Holloway Road, London.",
        "4 Beech Court, Holloway Road, London",
        id="building and street",
    ),
    pytest.param(
        "Dad moved to 48 Kingsway, Dewsbury, last month.",
        "48 Kingsway, Dewsbury",
        id="street without suffix",
    ),
    pytest.param(
        "Nan lives at 9 Larch Close, Bradford and collects the children.",
        "9 Larch Close, Bradford",
        id="town before and",
    ),
]


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
