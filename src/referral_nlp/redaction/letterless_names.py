"""NER's "names" written without a letter, where another rule read the span's shape.

The small spaCy model now and then labels a date a PERSON ("Order made 01/02/2023"), and a
region takes the more specific type of its members (``spans.resolve_overlaps``), so the
placeholder read <PERSON_1> where the date recogniser had found the date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from referral_nlp.redaction import taxonomy

if TYPE_CHECKING:
    from referral_nlp.redaction.spans import Entity

#: Types whose values are written in letters: a person's, a place's, a body's name.
LETTERED_TYPES = frozenset(
    {taxonomy.PERSON, taxonomy.LOCATION, taxonomy.ORGANISATION, taxonomy.NRP}
)


def without_letterless_names(text: str, entities: list[Entity]) -> list[Entity]:
    """``entities`` less the letterless names that a span of another type covers.

    No name is written without a letter. One that nothing else covers stays: still redacted.
    """
    letterless = [
        e
        for e in entities
        if e.entity_type in LETTERED_TYPES and not any(c.isalpha() for c in text[e.start : e.end])
    ]
    if not letterless:
        return entities
    others = [e for e in entities if e.entity_type not in LETTERED_TYPES]
    return [
        e
        for e in entities
        if e not in letterless or not any(o.start <= e.start and e.end <= o.end for o in others)
    ]
