"""clean_results: what is left of one NER candidate after its edges and its kind are checked."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.spans import (
    Entity,
    carve_identifiers,
    clean_results,
    whole_words,
    with_initials_after,
    with_initials_before,
)


def _cleaned(text: str, etype: str, candidate: str) -> list[str]:
    start = text.index(candidate)
    result = RecognizerResult(etype, start, start + len(candidate), 0.85)
    wanted = {taxonomy.canonical_entity(etype)}
    return [text[e.start : e.end] for e in clean_results(text, [result], wanted)]


# (text, NER type, NER's candidate span, what is left of it)
CASES = [
    # Labels at a span's start are the field's, whatever NER's type.
    (
        "a label before a name as an ORG",
        "Seen, ULN Kiera Doyle, today.",
        "ORG",
        "ULN Kiera Doyle",
        ["Kiera Doyle"],
    ),
    ("NFA before a date", "Outcome NFA 14th June.", "DATE", "NFA 14th June", ["14th June"]),
    (
        "D.O.B. before a date",
        "D.O.B. 3 May 2011 given",
        "DATE",
        "D.O.B. 3 May 2011",
        ["3 May 2011"],
    ),
    ("a title keeps its name", "Seen by PC Nolan today.", "PERSON", "PC Nolan", ["PC Nolan"]),
    ("a name after a label", "ULN Kayla Ross attends.", "PERSON", "ULN Kayla Ross", ["Kayla Ross"]),
    # A bracketed field word closing a span.
    ("bracketed role", "Present: K.L. (SW), HV.", "PERSON", "K.L. (SW", ["K.L."]),
    (
        "a bracket with a name in it stays",
        "Seen: Tom (Tommy) Lee",
        "PERSON",
        "Tom (Tommy) Lee",
        ["Tom (Tommy) Lee"],
    ),
    # A title alone names no one.
    ("title alone", "a young carer for mum (MS).", "PERSON", "MS", []),
    ("a greeting before a name", "Hi Claire,\nThanks for this", "PERSON", "Hi Claire", ["Claire"]),
    ("a time-of-day greeting", "Morning Jo, quick one", "PERSON", "Morning Jo", ["Jo"]),
    # Where a meeting was, and the year in a statute's name, are no one's data.
    ("a numbered room", "Met in Interview Room 3 at the hub", "ORG", "Interview Room 3", []),
    ("a room with a letter", "Strategy held in Room 7C today", "ORG", "Room 7C", []),
    ("a hospital ward stays", "Admitted to Ward 21 overnight", "ORG", "Ward 21", ["Ward 21"]),
    ("a statute's year", "Section 20 of the Children Act 1989 applies", "DATE", "1989", []),
    ("a statute's year in capitals", "SECTION 208 HOUSING ACT 1996", "DATE", "1996", []),
    ("circa is no statute", "Father born ca 1985 in Poland.", "DATE", "1985", ["1985"]),
    (
        "a long statute's year",
        "under the Youth Justice and Criminal Evidence Act 1999, she",
        "DATE",
        "1999",
        [],
    ),
    ("a legal test named after a case", "Fraser guidance was applied", "PERSON", "Fraser", []),
    (
        "a titled name before a legal test's word",
        "Mr Barclay guidance teacher, 0141 496 0388",
        "PERSON",
        "Barclay",
        ["Barclay"],
    ),
    ("a statute's year, two spaces", "the Care Act  2014 duties", "DATE", "2014", []),
    ("an abbreviated statute's year", "s66 CA 1989 notice", "DATE", "1989", []),
    (
        "another statute's year stays a date",
        "Section 42 of the Fair Employment Act 1976 applied",
        "DATE",
        "1976",
        ["1976"],
    ),
    ("a year not after a statute", "They moved in 2019 and stayed", "DATE", "2019", ["2019"]),
    (
        "a name with a room word",
        "Seen by Ward Hughes today",
        "PERSON",
        "Ward Hughes",
        ["Ward Hughes"],
    ),
    ("title and initials", "including Mr K.T., who left", "PERSON", "Mr K.T.", ["Mr K.T."]),
    ("a surname that is a title", "Mrs Lord has a diagnosis", "PERSON", "Mrs Lord", ["Mrs Lord"]),
    ("NER's title before a name it missed", "since Jun. Mrs He said", "PERSON", "Mrs", ["Mrs"]),
    ("a rank before a collar number", "Officer PS 4410 OKAFOR rang", "PERSON", "PS", ["PS"]),
    (
        "legal order",
        "Granted a Child Arrangements Order today",
        "ORG",
        "Child Arrangements Order",
        [],
    ),
    (
        "an institution's order",
        "under a Prison Service Order (PSO)",
        "ORG",
        "Prison Service Order",
        ["Prison Service Order"],
    ),
    # Two-word roles.
    ("foster carer", "Foster carer attended.", "PERSON", "Foster", []),
    (
        "foster carer and a name",
        "Foster carer Gwen Parry came.",
        "PERSON",
        "Foster carer Gwen Parry",
        ["Gwen Parry"],
    ),
    ("a surname Foster stays", "Spoke to Jo Foster today.", "PERSON", "Jo Foster", ["Jo Foster"]),
    # A sentence end inside a span splits it; an abbreviation's full stop does not.
    (
        "sentence end",
        "Moved to Halton. Special Guardianship agreed.",
        "LOCATION",
        "Halton. Special Guardianship",
        ["Halton"],
    ),
    ("title's full stop", "Seen by Mrs. Khan today.", "PERSON", "Mrs. Khan", ["Mrs. Khan"]),
    # The time of day stays beside a date, before it or after it.
    (
        "a clock time before a date",
        "Meeting held 14.30 on 12th March 2024.",
        "DATE",
        "14.30 on 12th March 2024",
        ["12th March 2024"],
    ),
    (
        "a clock time after a date",
        "Seen 03/02/2025 at 10.42.",
        "DATE",
        "03/02/2025 at 10.42",
        ["03/02/2025"],
    ),
    # A day written as an ordinal word, which NER may report apart from its month.
    (
        "an ordinal word before its month",
        "dated twenty-second May 2024",
        "DATE",
        "twenty-second",
        ["twenty-second"],
    ),
    ("an ordinal word alone", "came second in the race", "DATE", "second", []),
    ("a date's last full stop", "Seen in May.", "DATE", "May.", ["May"]),
    ("a month abbreviation's full stop", "Seen 12 Jan.", "DATE", "12 Jan.", ["12 Jan."]),
    # A note's last full stop, which NER takes into a name, is the sentence's.
    (
        "sentence's full stop after a name",
        "Caller was her sister, Patricia O’Rourke.",
        "PERSON",
        "Patricia O’Rourke.",
        ["Patricia O’Rourke"],
    ),
    ("an initial's full stop", "Seen by Smith J.", "PERSON", "Smith J.", ["Smith J."]),
    # A possessive belongs to the sentence, not to a person's name; a shop's name keeps it.
    (
        "a full name's possessive",
        "Kerry Hughes's partner was present.",
        "PERSON",
        "Kerry Hughes's",
        ["Kerry Hughes"],
    ),
    ("a curly possessive", "Spoke to Jo Khan’s sister.", "PERSON", "Jo Khan’s", ["Jo Khan"]),
    ("an initial's possessive stays", "Seen with Amy K's mum.", "PERSON", "Amy K's", ["Amy K's"]),
    (
        "a shop's name keeps it",
        "At Sainsbury's Local.",
        "ORG",
        "Sainsbury's Local",
        ["Sainsbury's Local"],
    ),
    (
        "an address's last full stop",
        "Lives at 3 Ash Grove.",
        "ADDRESS",
        "3 Ash Grove.",
        ["3 Ash Grove"],
    ),
    (
        "a street abbreviation's full stop",
        "Lives at 4 Mill Rd.",
        "ADDRESS",
        "4 Mill Rd.",
        ["4 Mill Rd."],
    ),
    (
        "a suffix's full stop",
        "Seen by Tom Baker Jnr.",
        "PERSON",
        "Tom Baker Jnr.",
        ["Tom Baker Jnr."],
    ),
    # A name cut at a hyphen takes the whole word: the part outside would be left in the clear.
    ("a forename cut at its hyphen", "Child is Ellie-May Hart.", "PERSON", "Ellie", ["Ellie-May"]),
    (
        "a surname cut at its hyphen",
        "Seen by Sam O'Connor-Smith today",
        "PERSON",
        "Smith",
        ["O'Connor-Smith"],
    ),
    ("a hyphen to a lower-case word", "The Smith-led review.", "PERSON", "Smith", ["Smith"]),
    # ... and over a particle between capitalised parts.
    ("a particle inside a name", "Lives at Pen-y-Bryn now.", "PERSON", "Bryn", ["Pen-y-Bryn"]),
    ("a particle after a name", "Seen Abd-al-Rahman today", "PERSON", "Abd", ["Abd-al-Rahman"]),
    (
        "an initial left outside",
        "- K. Osei-Bonsu RGN, nurse",
        "PERSON",
        "Osei-Bonsu RGN",
        ["K. Osei-Bonsu RGN"],
    ),
    (
        "a lower-case name and a dash to a word",
        "brother tyler-bruise on left arm",
        "PERSON",
        "tyler",
        ["tyler"],
    ),
    (
        "a lower-case name cut at its hyphen",
        "referring kyle brennan-walsh 16",
        "PERSON",
        "kyle brennan",
        ["kyle brennan-walsh"],
    ),
    (
        "saint's full stop",
        "Lives by St. Anne's Park.",
        "LOCATION",
        "St. Anne's Park",
        ["St. Anne's Park"],
    ),
    # A lower-case NER person before a number: a known first name is a name, a label is not.
    ("first name and age", "kids: oskar 8, and baby", "PERSON", "oskar 8", ["oskar"]),
    (
        "label and reference",
        "see ref 42/12345/24 now",
        "PERSON",
        "ref 42/12345/24",
        ["42/12345/24"],
    ),
    ("ambiguous word and number", "will 3 be ok", "PERSON", "will 3", []),
    # Dates need a calendar: a pager number and a duration in months are none.
    ("pager number", "Dr Rao, Bleep 4421, rang.", "DATE", "4421", []),
    ("phone extension", "Call ext. 2210 after 3.", "DATE", "2210", []),
    ("a year stays", "Moved here in 2019.", "DATE", "2019", ["2019"]),
    ("NER's four digits stay", "Looking to work in Ardentown 4844 soon", "DATE", "4844", ["4844"]),
    ("months abbreviated", "Baby is 18 mths now.", "DATE", "18 mths", []),
    ("weeks abbreviated", "Due in 6 wks.", "DATE", "6 wks", []),
    ("weekday and ordinal", "Seen at home on Thurs 11th.", "DATE", "Thurs 11th", ["Thurs 11th"]),
    ("weekday alone", "Contact every Thursday.", "DATE", "every Thursday", []),
    ("rank and number, no name", "Form done by PC 5512 - high risk.", "DATE", "5512", []),
    ("a date after a rank", "Seen by PC 03/04/24 at home.", "DATE", "03/04/24", ["03/04/24"]),
    (
        "a written date after a rank",
        "Visit by PCSO 12th March 2024.",
        "DATE",
        "12th March 2024",
        ["12th March 2024"],
    ),
    ("a date after a collar cue", "DS badge no. 4/5/24 seen", "DATE", "4/5/24", ["4/5/24"]),
    ("officer's number", "Seen by arresting officer 4471 at 9.", "DATE", "4471", []),
    (
        "a date after officer",
        "Seen by police officer 14/02/2024",
        "DATE",
        "14/02/2024",
        ["14/02/2024"],
    ),
    ("an amount of money", "Universal Credit £1,127.40/month paid", "DATE", "1,127.40/month", []),
    ("24-hour time after at", "She arrived at 1545 saying", "DATE", "1545", []),
    ("four digits not after at", "Records from 1545 onwards", "DATE", "1545", ["1545"]),
    # The time of day after a numeric date stays; a range of times alone is no date.
    (
        "time after at",
        "Visit on 03/02/2025 at 10.42 with mum",
        "DATE",
        "03/02/2025 at 10.42",
        ["03/02/2025"],
    ),
    (
        "weekday, date, time",
        "EDT LOG - Sat 27/07/2024 23:15",
        "DATE",
        "Sat 27/07/2024 23:15",
        ["Sat 27/07/2024"],
    ),
    (
        "date and time range",
        "Seen 12.03.2024, 14:00-15:30.",
        "DATE",
        "12.03.2024, 14:00-15:30",
        ["12.03.2024"],
    ),
    ("time range alone", "Contact 4-5pm daily.", "DATE", "4-5pm", []),
    (
        "weekday and a time range",
        "Collection: Tuesday 1-3pm at the hall",
        "DATE",
        "Tuesday 1-3pm",
        [],
    ),
    ("a date alone stays", "Seen 4/5/24 at home.", "DATE", "4/5/24", ["4/5/24"]),
    ("score out of ten", "Scaling: 6/10 today", "DATE", "6/10", []),
    ("a room's number in any shape", "Moved to Room 12/3 on ward", "DATE", "12/3", []),
    # A span over a line break: each line's part on its own.
    (
        "job title under a name",
        "Helen Marsh\nFamily Support Worker",
        "PERSON",
        "Helen Marsh\nFamily Support Worker",
        ["Helen Marsh"],
    ),
    (
        "a sentence's first word on the next line",
        "Born in Kumasi\nPrivate fostering agreed",
        "LOCATION",
        "Kumasi\nPrivate",
        ["Kumasi"],
    ),
    (
        "a name broken over a line",
        "Name: Precious\nMOYO",
        "PERSON",
        "Precious\nMOYO",
        ["Precious", "MOYO"],
    ),
    (
        "a role line is no label",
        "Support Worker\nCalder Valley Housing",
        "ORG",
        "Support Worker\nCalder Valley Housing",
        ["Calder Valley Housing"],
    ),
    (
        "a label line keeps the span whole",
        "Nicosia, NI\n 61089",
        "ORG",
        "NI\n 61089",
        ["NI\n 61089"],
    ),
    (
        "an address ends at its postcode",
        "at 12 Park Street, Leeds LS8 4HR (HMO",
        "ADDRESS",
        "12 Park Street, Leeds LS8 4HR (HMO",
        ["12 Park Street, Leeds LS8 4HR"],
    ),
    (
        "an address ends at a sentence's end",
        "at 9 Green Lane, Normanton.\nLevonorgestrel given",
        "ADDRESS",
        "9 Green Lane, Normanton.\nLevonorgestrel",
        ["9 Green Lane, Normanton"],  # the full stop is the sentence's
    ),
    (
        "an address stops before a public body",
        "at 14 Hill Street, Levenshulme\nHome Office",
        "ADDRESS",
        "14 Hill Street, Levenshulme\nHome Office",
        ["14 Hill Street, Levenshulme"],
    ),
    # A car's make and model is no one.
    ("make and model", "Seen in a silver Vauxhall Corsa.", "PERSON", "Vauxhall Corsa", []),
    (
        "lower-case school",
        "kid at oakfield academy",
        "ORG",
        "oakfield academy",
        ["oakfield academy"],
    ),
    ("lower-case generic school", "kid at local academy", "ORG", "local academy", []),
    ("a kind of nursery in lower case", "attends the campus nursery", "ORG", "campus nursery", []),
    (
        "a protocol named after a case",
        "Philomena Protocol applies",
        "PERSON",
        "Philomena Protocol",
        [],
    ),
    (
        "a name and a role are no instrument",
        "Sarah Jones, Review Officer",
        "PERSON",
        "Sarah Jones",
        ["Sarah Jones"],
    ),
    ("make and model as an ORG", "Mum drives a Ford Fiesta.", "ORG", "Ford Fiesta", []),
    # Field vocabulary NER takes for names: festivals, video calls, CP categories, salutations.
    ("obstetric history", "Mrs Ade (G2P1, 30/40) booked.", "PERSON", "G2P1", []),
    ("festival", "Not in school since Christmas.", "PERSON", "Christmas", []),
    ("video call", "Met via Zoom today.", "ORG", "Zoom", []),
    ("CP category", "Plan under category Neglect now.", "ORG", "Neglect", []),
    ("salutation", "Dear Colleague, please", "PERSON", "Dear Colleague", []),
    ("salutation with a name", "Dear Sarah, please", "PERSON", "Dear Sarah", ["Sarah"]),
    # A lone word in capitals: a heading, unless it holds digits like a code.
    ("dotted acronym stays", "The U.N. office rang", "ORG", "U.N.", ["U.N."]),
    ("hyphenated code", "LA ref KIR-CIN-20431 held", "ORG", "KIR-CIN-20431", ["KIR-CIN-20431"]),
    # Shared national services.
    (
        "national service",
        "Advice from Forced Marriage Unit given.",
        "ORG",
        "Forced Marriage Unit",
        [],
    ),
    ("charity", "Barnardo's worker visits.", "ORG", "Barnardo", []),
    (
        "a family's school stays",
        "Pupil at Oakfield Primary School now.",
        "ORG",
        "Oakfield Primary School",
        ["Oakfield Primary School"],
    ),
]


@pytest.mark.parametrize(
    ("text", "etype", "candidate", "left"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_clean_results(text: str, etype: str, candidate: str, left: list[str]) -> None:
    assert _cleaned(text, etype, candidate) == left


def _entity(text: str, value: str, etype: str) -> Entity:
    start = text.index(value)
    return Entity(start, start + len(value), etype, 0.85)


# (text, the candidates as (value, type), what carve_identifiers leaves as (value, type))
CARVE_CASES = [
    (
        "a DATE holding an NHS number keeps its date",
        "EDD 21st Sept. 9434765919 at booking",
        [("21st Sept. 9434765919", taxonomy.DATE), ("9434765919", taxonomy.NHS_NUMBER)],
        [("21st Sept.", taxonomy.DATE), ("9434765919", taxonomy.NHS_NUMBER)],
    ),
    (
        "a number left of a reference is no date, and joins the reference",
        "Police ref 42 12/345678/23 shared",
        [("42 12/345678/23", taxonomy.DATE), ("12/345678/23", taxonomy.CASE_REFERENCE)],
        [("42 12/345678/23", taxonomy.CASE_REFERENCE), ("12/345678/23", taxonomy.CASE_REFERENCE)],
    ),
    (
        "a piece of the identifier's own token joins it",
        "Previous LA ref KIR-CIN-20431, SW",
        [("KIR-CIN-20431", taxonomy.ORGANISATION), ("CIN-20431", taxonomy.CASE_REFERENCE)],
        [("KIR-CIN-20431", taxonomy.CASE_REFERENCE), ("CIN-20431", taxonomy.CASE_REFERENCE)],
    ),
    (
        "an ORG over a date of birth and its label",
        "Girl, DOB 7.3.2013, seen",
        [("DOB 7.3.2013", taxonomy.ORGANISATION), ("7.3.2013", taxonomy.DATE_OF_BIRTH)],
        [("7.3.2013", taxonomy.DATE_OF_BIRTH)],
    ),
    (
        "a rule's PERSON beside a phone is left alone",
        "Mum Sarah Kerr 07700 900123 rang",
        [("Sarah Kerr", taxonomy.PERSON), ("07700 900123", taxonomy.PHONE_NUMBER)],
        [("Sarah Kerr", taxonomy.PERSON), ("07700 900123", taxonomy.PHONE_NUMBER)],
    ),
    (
        "an address over a postcode is no NER type",
        "at 4 Elm Road, Leeds LS1 4AB now",
        [("4 Elm Road, Leeds LS1 4AB", taxonomy.ADDRESS), ("LS1 4AB", taxonomy.POSTCODE)],
        [("4 Elm Road, Leeds LS1 4AB", taxonomy.ADDRESS), ("LS1 4AB", taxonomy.POSTCODE)],
    ),
]


@pytest.mark.parametrize(
    ("text", "given", "left"), [c[1:] for c in CARVE_CASES], ids=[c[0] for c in CARVE_CASES]
)
def test_carve_identifiers(text: str, given: list, left: list) -> None:
    entities = [_entity(text, v, t) for v, t in given]
    carved = carve_identifiers(text, entities)
    assert sorted((text[e.start : e.end], e.entity_type) for e in carved) == sorted(left)


@pytest.mark.parametrize(
    ("text", "span", "widened"),
    [
        ("Age: 1O   NHS", (5, 6), "1O"),  # a scanned "10" read as the age "1"
        ("ref AB12345X here", (6, 11), "AB12345X"),  # both edges inside one word
        ("Tel:07700900123", (4, 15), "07700900123"),  # punctuation is an edge already
        ("Sarah's mum", (0, 5), "Sarah"),  # an apostrophe ends a word
    ],
)
def test_whole_words_widens_a_span_to_the_words_its_edges_fall_in(text, span, widened):
    (e,) = whole_words(text, [Entity(*span, taxonomy.AGE, 0.6)])
    assert text[e.start : e.end] == widened


@pytest.mark.parametrize(
    ("text", "name", "widened"),
    [
        ("Agent: Ryan T (Customer Services)", "Ryan", "Ryan T"),
        ("I spoke to Ryan T. He said", "Ryan", "Ryan T"),
        ("Sam K: yes", "Sam", "Sam K"),
        ("Ryan I think so", "Ryan", "Ryan"),  # "I" is the speaker, not an initial
        ("Ryan To see", "Ryan", "Ryan"),  # a word, not a letter
        ("Ryan A went", "Ryan", "Ryan"),  # a letter that no boundary follows
        ("Visit to Kacper Nowak P.M. tomorrow", "Kacper Nowak", "Kacper Nowak"),
        ("Tom Smith E.g. he said no", "Tom Smith", "Tom Smith"),
    ],
)
def test_a_person_takes_the_initial_after_it(text: str, name: str, widened: str) -> None:
    start = text.index(name)
    (e,) = with_initials_after(text, [Entity(start, start + len(name), taxonomy.PERSON, 0.8)])
    assert text[e.start : e.end] == widened


@pytest.mark.parametrize(
    ("text", "name", "widened"),
    [
        ("Referral from A F Warsame, school nurse.", "F Warsame", "A F Warsame"),
        ("Signed J. R. Okafor (SW).", "R. Okafor", "J. R. Okafor"),
        ("Seen by Mr T J Smith today.", "J Smith", "T J Smith"),
        ("From A B C Dunne.", "C Dunne", "A B C Dunne"),  # at most two more initials
        ("A Kayode visit", "Kayode", "Kayode"),  # a span opening with a word keeps its article
        ("Plan B. F Smith", "F Smith", "B. F Smith"),  # a letter alone is taken for an initial
        ("RoomB F Smith", "F Smith", "F Smith"),  # a letter inside a word is none
    ],
)
def test_a_person_that_opens_with_an_initial_takes_the_initials_before_it(
    text: str, name: str, widened: str
) -> None:
    start = text.index(name)
    (e,) = with_initials_before(text, [Entity(start, start + len(name), taxonomy.PERSON, 0.8)])
    assert text[e.start : e.end] == widened


def test_only_a_person_takes_an_initial() -> None:
    text = "Ward 21 B: beds"
    (e,) = with_initials_after(text, [Entity(0, 7, taxonomy.ORGANISATION, 0.8)])
    assert (e.start, e.end) == (0, 7)
