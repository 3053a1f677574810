"""propagate_names: later mentions of a name part already found, and what never spreads."""

from __future__ import annotations

import pytest

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.name_propagation import propagate_names
from referral_nlp.redaction.spans import Entity


def _mentions(text: str, names: list[str]) -> list[str]:
    found = [Entity(text.index(n), text.index(n) + len(n), taxonomy.PERSON, 0.85) for n in names]
    return [text[e.start : e.end] for e in propagate_names(text, found)]


@pytest.mark.parametrize(
    ("text", "names", "mentions"),
    [
        pytest.param(
            "Dad Tomasz Wrona rang. Later TOMASZ said wrona was away.",
            ["Tomasz Wrona"],
            ["Tomasz", "Wrona", "TOMASZ"],
            id="each part; a surname in lower case may be a word",
        ),
        pytest.param(
            "Attendances x3 + no GP registration. NHS No 490 892 6069.",
            ["x3 + no GP registration"],
            [],
            id="a function word NER swept into a span does not spread",
        ),
        pytest.param(
            "Will Hughes rang. Will said he would come.",
            ["Will Hughes"],
            ["Will", "Hughes", "Will"],
            id="a capitalised forename that is also a function word spreads",
        ),
        pytest.param(
            "Respondents: Shahid Rahman (father); 3rd - Zaynab Rahman (born 2020).",
            ["Shahid Rahman"],
            ["Shahid", "Rahman", "Zaynab Rahman"],
            id="a capitalised word before a known surname is its forename",
        ),
        pytest.param(
            "Shahid Rahman rang. Visited Rahman at home. Mr Rahman and Dr Rahman agreed.",
            ["Shahid Rahman"],
            ["Shahid", "Rahman", "Rahman", "Rahman", "Rahman"],
            id="not a word opening a sentence, nor a title",
        ),
        pytest.param(
            "Shahid Rahman rang. Later Sara Rahman and Social Worker Rahman met, then CSC Rahman.",
            ["Shahid Rahman"],
            ["Shahid", "Rahman", "Sara Rahman", "Rahman", "Rahman"],
            id="a known first name opening a sentence; not a role or field word",
        ),
    ],
)
def test_propagate_names(text: str, names: list[str], mentions: list[str]) -> None:
    assert _mentions(text, names) == mentions
