"""AddressBlockRecognizer: a whole address written as one run, from its number to its last part.

Every address here is made up for the test. Cases call ``analyze`` directly with
``nlp_artifacts=None``. The block starts at a number, so a leading "Flat 3," is left to
UkAddressRecognizer and is not part of the expected span here.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables, results

from referral_nlp.redaction.recognizers.address_block_recognizer import AddressBlockRecognizer
from referral_nlp.redaction.taxonomy import ADDRESS

# (text, the address block in it)
VALID = [
    pytest.param("Lives at 12 Elm Road with mum.", "12 Elm Road", id="number and street"),
    pytest.param(
        "Prev. address: 14 Birchfield Road, Flat 2, Kirkstall, Leeds",
        "14 Birchfield Road, Flat 2, Kirkstall, Leeds",
        id="street, flat, district, town",
    ),
    pytest.param(
        "Address: 4 Beech Court, Holloway Road, London",
        "4 Beech Court, Holloway Road, London",
        id="building, street, town",
    ),
    pytest.param(
        "Family live at Flat 3, 27 Marsh Lane, Leeds.", "3, 27 Marsh Lane, Leeds", id="after a flat"
    ),
    pytest.param(
        "Moved from 48 Kingsway, Flat 6, Dewsbury, West Yorkshire",
        "48 Kingsway, Flat 6, Dewsbury, West Yorkshire",
        id="street without suffix, with a flat",
    ),
    pytest.param(
        "Send post to 9 Rowan Court, Apartment 3, Harrogate",
        "9 Rowan Court, Apartment 3, Harrogate",
        id="apartment",
    ),
    pytest.param(
        "Nan's address: 210 Maple Avenue, Suite 5, Riverton, 10234",
        "210 Maple Avenue, Suite 5, Riverton, 10234",
        id="suite and zip",
    ),
    pytest.param(
        "Lives at 3 Lindenweg 14, Utrecht, Netherlands",
        "3 Lindenweg 14, Utrecht, Netherlands",
        id="continental street ending",
    ),
    pytest.param(
        "Last known address 16 Hamnkatu 7 B 12, Tampere, 33100",
        "16 Hamnkatu 7 B 12, Tampere, 33100",
        id="staircase and flat, postal code",
    ),
    pytest.param(
        "Grandparents at 102 Boulevard Saint-Michel, Paris",
        "102 Boulevard Saint-Michel, Paris",
        id="hyphenated street name",
    ),
    pytest.param(
        "Last known: 3 ul. Kwiatowa 12, Kraków",
        "3 ul. Kwiatowa 12, Kraków",
        id="Polish ul. particle",
    ),
    pytest.param(
        "Lives at 27 Calle de la Rosa 4, Valencia",
        "27 Calle de la Rosa 4, Valencia",
        id="Spanish particles",
    ),
    pytest.param(
        "Address: 5 Oak Tree Rise\nHunslet\nLeeds",
        "5 Oak Tree Rise\nHunslet\nLeeds",
        id="one part a line",
    ),
    pytest.param(
        "Nan lives at 9 Larch Close, Bradford.", "9 Larch Close, Bradford", id="town at the end"
    ),
    pytest.param(
        "Lives at 12 Elm Road\nMum Sarah JONES called.",
        "12 Elm Road",
        id="stops at a field word on the next line",
    ),
    pytest.param(
        "Lives at 12 Elm Road\nCAMHS referral made.",
        "12 Elm Road",
        id="stops at an agency on the next line",
    ),
    pytest.param(
        "Moved to 8 Station Street last week.",
        "8 Station Street",
        id="lower-case word after the street",
    ),
    pytest.param(
        "Address:\n12 Elm Road\nLeeds\nLS9 8ZZ",
        "12 Elm Road\nLeeds\nLS9 8ZZ",
        id="postcode on the last line",
    ),
    pytest.param(
        "Dad moved to 48 Kingsway, Dewsbury, last month.",
        "48 Kingsway, Dewsbury",
        id="street without suffix, no flat",
    ),
    pytest.param(
        "Address: 7 Pendle View, Colne, Lancashire",
        "7 Pendle View, Colne, Lancashire",
        id="View suffix",
    ),
    pytest.param(
        "Lives at 12 Elm Road, Leeds; Dad at 3 Mill Way, Bradford.",
        ["12 Elm Road, Leeds", "3 Mill Way, Bradford"],
        id="two addresses are two blocks",
    ),
]


# Numbers followed by capitalised words that are dates, laws, counts or collar numbers.
INVALID = [
    pytest.param("On 14 October Mum called.", id="date"),
    pytest.param("Seen Monday 12 Feb at home.", id="weekday and date"),
    pytest.param("Article 8 Human Rights Act applies.", id="article"),
    pytest.param("Part 3 Children Act 1989 applies.", id="part of an act"),
    pytest.param("Schedule 2 Paragraph 7 of the Act.", id="schedule and paragraph"),
    pytest.param("Chapter 5 Section 3 of the guidance.", id="chapter and section"),
    pytest.param("PC 4521 HARRIS attended.", id="collar number"),
    pytest.param("DC 812 Holt took a statement.", id="DC collar number"),
    pytest.param("1. Concerns Raised By School", id="numbered heading"),
    pytest.param("Met 2 Social Workers today.", id="count of workers"),
    pytest.param("Dad served 18 Months in HMP Leeds.", id="months"),
    pytest.param("Mum has 3 Children with Dad.", id="count of children"),
    pytest.param("He needs 2 Adults to supervise.", id="count of adults"),
    pytest.param("Subject to 2 CP Plans since 2019.", id="CP plans"),
    pytest.param("Present: 2 Police Officers and Mum.", id="police officers"),
    pytest.param("Priority 1 Response Required.", id="priority"),
    pytest.param("Spent 3 Nights With Nan.", id="nights"),
    pytest.param("3 children live at home.", id="lower-case count"),
    pytest.param("section 17 assessment completed.", id="section 17"),
    pytest.param("He is in Year 9 at Oakfield Academy.", id="school year"),
    pytest.param("Mum has attended 2 Court Hearings.", id="court hearings"),
]


def test_supported_entities() -> None:
    assert AddressBlockRecognizer().get_supported_entities() == [ADDRESS]


# Continental street words written in lower case, any script's capitals, a bracketed second
# name, particles, and an empty field of an exported record.
CONTINENTAL = [
    pytest.param(
        "It's at 0269 Solvik terrasse 38 Suite 6 ARENDAL Norway",
        "0269 Solvik terrasse 38 Suite 6 ARENDAL Norway",
        id="terrasse",
    ),
    pytest.param(
        "Office 233 Kossuth tér 19. Suite 2 Szeged Hungary",
        "233 Kossuth tér 19. Suite 2 Szeged Hungary",
        id="tér",
    ),
    pytest.param(
        "at 2224 Kirke gate 23 > Apt. 3 > BERGEN",
        "2224 Kirke gate 23 > Apt. 3 > BERGEN",
        id="gate, quoted lines",
    ),
    pytest.param(
        "drops you at 81 56 rue La Fontaine St.", "81 56 rue La Fontaine St.", id="rue La"
    ),
    pytest.param(
        "lives at 1025 Κεντρική Οδός 184, ΛΕΜΕΣΟΣ",
        "1025 Κεντρική Οδός 184, ΛΕΜΕΣΟΣ",
        id="Greek capitals",
    ),
    pytest.param(
        "3565 Odos Ermou 204 Suite 2 KATO PYRGOS (TILLIRIA) Cyprus 1342",
        "3565 Odos Ermou 204 Suite 2 KATO PYRGOS (TILLIRIA) Cyprus 1342",
        id="bracketed name",
    ),
    pytest.param(
        "9 Hlavní 285 Suite 5 Ostrov nad Ohří Czechia 36301",
        "9 Hlavní 285 Suite 5 Ostrov nad Ohří Czechia 36301",
        id="nad",
    ),
    pytest.param(
        "Sent to 71 Via Roma 8 Suite 8 Lugano nan 6900",
        "71 Via Roma 8 Suite 8 Lugano nan 6900",
        id="empty field, nan",
    ),
    pytest.param(
        "Seen at 6 Stone Street Suite 2 Ottawa, N/A, 10101",
        "6 Stone Street Suite 2 Ottawa, N/A, 10101",
        id="empty field, N/A",
    ),
]


class TestAddressBlockRecognizer(RecognizerTables):
    recognizer_class = AddressBlockRecognizer
    entity = ADDRESS
    valid = VALID + CONTINENTAL
    invalid = INVALID
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
