"""listed_references: the later items of a list of references whose first item was found."""

from __future__ import annotations

import pytest

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.reference_lists import listed_references, same_shape
from referral_nlp.redaction.spans import Entity

#: (what the row checks, note, the reference found, every later item listed_references returns)
ROWS = [
    (
        "a comma-separated list after a label",
        "repair job nos: 7718432, 7719005, 7722118 - all say done",
        "7718432",
        ["7719005", "7722118"],
    ),
    ("a slash between two", "CAD 1234-120324 / 1299-130324", "1234-120324", ["1299-130324"]),
    ("and, with letters", "refs AB12345 and CD67890 seen", "AB12345", ["CD67890"]),
    ("a digit more or fewer", "logs 99812, 100231 & 9977", "99812", ["100231", "9977"]),
    ("a count, a date and a sentence after", "ref 7718432, 3 visits, 12/03. 88", "7718432", []),
    ("another shape after", "crime 13/4567/24, 4590/24 linked", "13/4567/24", []),
    ("a decimal is no item", "log 12345, 67890.5 cost", "12345", []),
    ("a word glued after the number", "ref 12345, 67890th time", "12345", []),
]


@pytest.mark.parametrize(
    ("text", "found", "later"), [pytest.param(*row[1:], id=row[0]) for row in ROWS]
)
def test_listed_references(text: str, found: str, later: list[str]) -> None:
    start = text.index(found)
    first = Entity(start, start + len(found), taxonomy.CASE_REFERENCE, 0.6)
    assert [text[e.start : e.end] for e in listed_references(text, [first])] == later


def test_a_reference_read_as_a_date_spreads_but_a_date_does_not() -> None:
    text = "log refs 24-061233, 24-081102; seen 12/03/2024, 13/03/2024"
    found = [
        Entity(9, 18, taxonomy.DATE, 0.6),
        Entity(text.index("12/03"), text.index("12/03") + 10, taxonomy.DATE, 0.6),
    ]
    assert [text[e.start : e.end] for e in listed_references(text, found)] == ["24-081102"]


def test_a_list_found_in_part_is_walked_once() -> None:
    """Each found item walks only to the next found one, so a long list costs linear time; the
    items after a found one are still taken."""
    items = [f"24/{10000 + i}" for i in range(6)]
    text = "Crime ref " + ", ".join(items)
    starts = [text.index(items[k]) for k in (0, 3)]
    found = [Entity(s, s + len(items[0]), taxonomy.CASE_REFERENCE, 0.6) for s in starts]
    later = [text[e.start : e.end] for e in listed_references(text, found)]
    assert later == [items[1], items[2], items[4], items[5]]


def test_only_references_spread() -> None:
    text = "Call 07700 900123, 07700 900456"
    phone = Entity(5, 17, taxonomy.PHONE_NUMBER, 0.9)
    assert listed_references(text, [phone]) == []


@pytest.mark.parametrize(
    ("found", "candidate", "expected"),
    [
        ("1234-120324", "1299-130324", True),
        ("1234-120324", "1299/130324", False),
        ("AB12345", "ab12345", True),
        ("AB12345", "ABC12345", False),
        ("ABCDE", "FGHIJ", False),  # no digits: a word list, not references
    ],
)
def test_same_shape(found: str, candidate: str, expected: bool) -> None:
    assert same_shape(found, candidate) is expected
