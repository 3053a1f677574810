"""propagate_names: later mentions of a name part already found, and what never spreads."""

from __future__ import annotations

import pytest

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.name_propagation import propagate_names
from referral_nlp.redaction.spans import Entity


def _mentions(text: str, names: list[str]) -> list[str]:
    found = [Entity(text.index(n), text.index(n) + len(n), taxonomy.PERSON, 0.85) for n in names]
    return [text[e.start : e.end] for e in propagate_names(text, found)]


#: (what the row checks, note, names found, every mention propagate_names returns)
ROWS = [
    (
        "each part; a surname in lower case may be a word",
        "Dad Tomasz Wrona rang. Later TOMASZ said wrona was away.",
        ["Tomasz Wrona"],
        ["Tomasz", "Wrona", "TOMASZ"],
    ),
    (
        "a function word NER swept into a span does not spread",
        "Attendances x3 + no GP registration. NHS No 490 892 6069.",
        ["x3 + no GP registration"],
        [],
    ),
    (
        "a capitalised forename that is also a function word spreads",
        "Will Hughes rang. Will said he would come.",
        ["Will Hughes"],
        ["Will", "Hughes", "Will"],
    ),
    (
        "a known first name before a known surname is that person's forename",
        "Respondents: Shahid Rahman (father); 3rd - Zainab Rahman, Anne-Marie Rahman.",
        ["Shahid Rahman"],
        ["Shahid", "Rahman", "Zainab Rahman", "Anne-Marie Rahman"],
    ),
    (
        "no other capitalised word before a known surname",
        "Mum Amira Day. Missed Sports Day, Inset Day; Visited Day home. Love Day x. Reverend Day.",
        ["Amira Day"],
        ["Amira", "Day", "Day", "Day", "Day", "Day", "Day"],
    ),
    (
        "a role word NER took for a name spreads only where capitalised",
        "Skills to Foster done. He was in foster care; Foster said so, and wants to foster.",
        ["Foster"],
        ["Foster", "Foster"],
    ),
    (
        "a forename's possessive without its apostrophe; not a word-name's plural",
        "Danny Fitzpatrick and Will Shaw came. went 2 dannys house; Wills were read; Dannys mum.",
        ["Danny Fitzpatrick", "Will Shaw"],
        ["Danny", "Fitzpatrick", "Will", "Shaw", "dannys", "Dannys"],
    ),
    (
        "no possessive s on a short name, a surname or one whose plural is a word",
        "Ha Tran, Jean Ward and Min Lee came. She has mins to spare; jeans, wards and Mins.",
        ["Ha Tran", "Jean Ward", "Min Lee"],
        ["Ha", "Tran", "Jean", "Ward", "Min", "Lee"],
    ),
    (
        "a word-name does not spread to where it is the word",
        "Witness: Summer Lee. Over the Summer she left. Summer was upset. Summer term starts.",
        ["Summer Lee"],
        ["Summer", "Lee", "Summer"],
    ),
    (
        "a name that is a police system's does not spread to the system written in capitals",
        "Re: Storm Henshaw. Storm disclosed it. Logged on STORM 1234.",
        ["Storm Henshaw"],
        ["Storm", "Henshaw", "Storm"],
    ),
    (
        "a quoted mention counts; a part glued to an apostrophe does not",
        "Male known as 'Skitz' and Mr O'Brien. Posted with 'Skitz'; Brien's mate.",
        ["Skitz", "O'Brien"],
        ["Skitz", "O'Brien", "Skitz"],
    ),
    (
        "initials found in lower case spread in either case, those in capitals in capitals",
        "SW kd and Fiona Brown (FB). Then kd to request; KD agreed. Sent on fb; FB to call.",
        ["kd", "FB"],
        ["kd", "FB", "kd", "KD", "FB"],
    ),
    (
        "initials that are a word of the field spread only where a person's verb follows them",
        "Esmeralda Dudas (ED) in Year 2. ED arrived late; ed to follow up. Seen in ED. CP plan.",
        ["Esmeralda Dudas", "ED"],
        ["Esmeralda", "Dudas", "ED", "ED"],
    ),
    (
        "initials that are a word of the field leave the field's word alone",
        "Chloe Price (CP) in Year 4. CP plan remains; CP conference booked. CP said no.",
        ["Chloe Price", "CP"],
        ["Chloe", "Price", "CP", "CP"],
    ),
    (
        "initials in capitals that are a function word do not spread: 'IT', 'AS', 'NO' are words",
        "Graham Oakes (GO) visited. We will go again. PLEASE GO TO OFFICE.\nGO 26/01/25",
        ["Graham Oakes", "GO"],
        ["Graham", "Oakes"],
    ),
]


def test_an_unlisted_forename_before_a_known_surname_needs_the_dictionary() -> None:
    """ "Dewi Prosser" after "Catrin Prosser": no list holds Dewi, and no dictionary either; a
    word the dictionary holds in any regular form ("Sports", "Visited") is no forename."""
    text = "Catrin Prosser and Dewi Prosser. Visited Prosser home; Sports Prosser Cup."
    found = [Entity(0, 14, taxonomy.PERSON, 0.85)]
    english = frozenset({"sport", "visit", "home", "cup"})
    with_dictionary = propagate_names(text, found, english=english)
    assert [text[e.start : e.end] for e in with_dictionary] == [
        "Catrin",
        "Prosser",
        "Dewi Prosser",
        "Prosser",
        "Prosser",
    ]
    without = propagate_names(text, found)
    assert "Dewi Prosser" not in [text[e.start : e.end] for e in without]


@pytest.mark.parametrize(
    ("text", "names", "mentions"), [pytest.param(*row[1:], id=row[0]) for row in ROWS]
)
def test_propagate_names(text: str, names: list[str], mentions: list[str]) -> None:
    assert _mentions(text, names) == mentions


def test_a_lower_case_name_no_dictionary_holds_spreads_in_lower_case() -> None:
    """ "her ex abdikarim" ... "dont give to abdikarim": no list holds the name and no dictionary
    either, so its later lower-case mention is the person; a lower-case name the dictionary
    holds ("rose") does not spread to the word, nor does anything without a dictionary."""
    text = "says ex abdikarim and nan rose came. dont give to abdikarim. a rose bush."
    found = [Entity(8, 17, taxonomy.PERSON, 0.85), Entity(26, 30, taxonomy.PERSON, 0.85)]
    english = frozenset({"rose", "give", "bush", "came"})
    spread = propagate_names(text, found, english=english)
    assert [(text[e.start : e.end], e.start) for e in spread] == [
        ("abdikarim", 8),
        ("abdikarim", 50),
    ]
    assert propagate_names(text, found) == []


def test_a_word_swept_into_a_lower_case_name_does_not_spread() -> None:
    """NER's "kacper texting" and "bev re meds": "texting" is a word in a regular form and
    "meds" a word of the field, so their later uses stay; the names themselves are listed."""
    text = "kacper texting. bev re meds. She was texting; meds given."
    found = [Entity(0, 14, taxonomy.PERSON, 0.85), Entity(16, 27, taxonomy.PERSON, 0.85)]
    english = frozenset({"text", "re", "give", "she"})
    spread = [text[e.start : e.end] for e in propagate_names(text, found, english=english)]
    assert "texting" not in spread[2:] and "meds" not in spread[2:], spread
