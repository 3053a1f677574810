"""without_letterless_names: NER's letterless "names" give way to the span that read the shape."""

from __future__ import annotations

import pytest

from referral_nlp.redaction.letterless_names import without_letterless_names
from referral_nlp.redaction.spans import Entity

TEXT = "Order made 01/02/2023 by Jo 12 at Flat 4"


def _span(value: str, etype: str) -> Entity:
    start = TEXT.index(value)
    return Entity(start, start + len(value), etype, 0.85)


@pytest.mark.parametrize(
    ("entities", "kept"),
    [
        # the date recogniser read the shape: its DATE stands, NER's PERSON goes
        ([("01/02/2023", "PERSON"), ("01/02/2023", "DATE")], [("01/02/2023", "DATE")]),
        # nothing else covers it: still redacted, as NER labelled it
        ([("01/02/2023", "PERSON")], [("01/02/2023", "PERSON")]),
        # a name with a letter in it is no concern of this rule
        ([("Jo 12", "PERSON"), ("12", "AGE")], [("Jo 12", "PERSON"), ("12", "AGE")]),
        # another name type does not outrank it
        ([("01/02/2023", "PERSON"), ("01/02/2023", "LOCATION")], None),
    ],
    ids=["covered by a date", "alone", "with letters", "covered by another name"],
)
def test_letterless_name_gives_way_to_another_type(entities, kept) -> None:
    spans = [_span(v, t) for v, t in entities]
    out = [(TEXT[e.start : e.end], e.entity_type) for e in without_letterless_names(TEXT, spans)]
    assert out == (entities if kept is None else kept)
