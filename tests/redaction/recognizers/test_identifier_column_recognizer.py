"""IdentifierColumnRecognizer: identifiers in a table's column that its header names."""

from __future__ import annotations

import pytest

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.recognizers.identifier_column_recognizer import (
    IdentifierColumnRecognizer,
)

#: (what the row checks, note, every (value, type) found, in order)
ROWS = [
    (
        "a UPN column, a typo in a check letter and an unknown value",
        "Pupil | UPN | Need | RAG\nOllie S | A803347291016 | SEMH | AMBER\n"
        "Grace A | W803349902113 | C&I | GREEN\nHarvey M | n/k | C&L | RED",
        [("A803347291016", taxonomy.UPN), ("W803349902113", taxonomy.UPN)],
    ),
    (
        "a case number column with outer bars, and a DOB column",
        "| Name | LCS ID | DOB | Plan |\n| Kayden | 1184302 | 03/02/2017 | CP |\n"
        "| Shannon | 1184304 | 11.9.19 | CP |",
        [
            ("1184302", taxonomy.CASE_REFERENCE),
            ("03/02/2017", taxonomy.DATE_OF_BIRTH),
            ("1184304", taxonomy.CASE_REFERENCE),
            ("11.9.19", taxonomy.DATE_OF_BIRTH),
        ],
    ),
    (
        "a tab-separated export with a labelled header",
        "Child\tNHS No.\tSchool\nAmy\t943 476 5919\tOakfield",
        [("943 476 5919", taxonomy.NHS_NUMBER)],
    ),
    (
        "rows end at the first line with another number of cells",
        "Name | Ref | Plan\nAmy | 55123 | CIN\nNotes: ref 99 | see below",
        [("55123", taxonomy.CASE_REFERENCE)],
    ),
    (
        "a header of two cells is no table",
        "Ref | Plan\n55123 | CIN",
        [],
    ),
    (
        "a sentence in a column cell is no value",
        "Name | Ref | Plan\nAmy | awaiting the number from the 3 schools involved | CIN",
        [],
    ),
    (
        "an age column: years, a unit, a compact age; a range or a word is none",
        "| Name | Relationship | Age | Notes |\n| Donna W | me | 37 | cleaner |\n"
        "| Kyle W | son | 15 yrs | Y10 |\n| Baby | dau | 1y 6m | - |\n| Gran | nan | 70s | - |\n"
        "| Lodger | - | n/k | - |\n| Dog | - | 130 | - |",
        [("37", taxonomy.AGE), ("15 yrs", taxonomy.AGE), ("1y 6m", taxonomy.AGE)],
    ),
    (
        "an age range column is no age",
        "| Item | Age range | Qty |\n| Lego | 7-8 | 2 |\n| Book | 5 | 1 |",
        [],
    ),
    (
        "a column no header names",
        "Name | Visits | Plan\nAmy | 3 | CIN",
        [],
    ),
]


@pytest.mark.parametrize(("text", "found"), [pytest.param(*r[1:], id=r[0]) for r in ROWS])
def test_identifier_columns(text: str, found: list[tuple[str, str]]) -> None:
    recognizer = IdentifierColumnRecognizer()
    results = recognizer.analyze(text, recognizer.supported_entities)
    assert [(text[r.start : r.end], r.entity_type) for r in results] == found


def test_only_wanted_types_are_reported() -> None:
    text = "Name | UPN | DOB\nAmy | A803347291016 | 03/02/2017"
    results = IdentifierColumnRecognizer().analyze(text, [taxonomy.UPN])
    assert [r.entity_type for r in results] == [taxonomy.UPN]
