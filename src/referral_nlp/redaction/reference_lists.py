"""Later items of a list of references after one the recognisers found: "job nos: 7718432,
7719005, 7722118", "CAD 1234-120324 / 1299-130324".

A label stands once before a list, so only the first item has it; the recognisers read a bare
number as a reference only with a label or a context word beside it, and the rest of the list
leaks. An item is taken when it has the found reference's shape (the same runs of digits and
letters in the same order, each digit run within one digit of the other's length, and the same
separators) and is joined to it by a comma, a slash, an ampersand, "and" or "or". The shape keeps
a list's other kinds of item out ("ref 7718432, 3 visits", "log 1234, 12/03").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.spans import Entity

#: What joins one item of a list to the next.
_JOIN = r"(?:[ ]?,[ ]?(?:and[ ]|&[ ]|or[ ])?|[ ]?[/&][ ]?|[ ](?:and|or)[ ])"
#: The next item: letters, digits and inner separators, whole (nothing glued after it).
_NEXT_ITEM = re.compile(_JOIN + r"([A-Za-z0-9]+(?:[/\-][A-Za-z0-9]+)*)(?![\w/\-]|[.,][0-9])")
#: The runs a reference's shape is made of.
_RUN = re.compile(r"[0-9]+|[A-Za-z]+|[^A-Za-z0-9]")
#: Identifier types whose lists spread this way.
LISTED_TYPES = frozenset({taxonomy.CASE_REFERENCE})
#: A reference the date rules took for a date ("log refs 24-061233, 24-070418": a year and a
#: serial) spreads too; a date has no run of five digits or more, and a list of references
#: that read as dates is no list of real dates.
_LONG_DIGIT_RUN = re.compile(r"[0-9]{5}")


def _listed(entity: Entity, text: str) -> bool:
    return entity.entity_type in LISTED_TYPES or (
        entity.entity_type == taxonomy.DATE
        and _LONG_DIGIT_RUN.search(text, entity.start, entity.end) is not None
    )


def _shape(value: str) -> list[tuple[str, int]]:
    """Each run as (kind, length): digits "9", letters "A" (case kept out), separators as is."""
    runs = []
    for run in _RUN.findall(value):
        kind = "9" if run[0].isdigit() else "A" if run[0].isalpha() else run
        runs.append((kind, len(run)))
    return runs


def same_shape(found: str, candidate: str) -> bool:
    """``candidate`` has ``found``'s runs in order, digit runs within one digit of length."""
    a, b = _shape(found), _shape(candidate)
    return (
        len(a) == len(b)
        and any(kind == "9" for kind, _ in a)
        and all(
            ka == kb and (abs(na - nb) <= 1 if ka == "9" else na == nb)
            for (ka, na), (kb, nb) in zip(a, b, strict=True)
        )
    )


def listed_references(text: str, entities: Iterable[Entity]) -> list[Entity]:
    """The later items of each list whose first item a recogniser found, as new entities."""
    found = sorted((e for e in entities if _listed(e, text)), key=lambda e: e.start)
    taken = {(e.start, e.end) for e in found}
    out: list[Entity] = []
    for e in found:
        value, end = text[e.start : e.end], e.end
        # Four digits or fewer alone are a time, a year or a count as often ("CAD 1234, 1500,
        # 1700 hrs", "Ref 2345, 2024 review"): only longer references spread.
        if len(value) < 5:
            continue
        while (m := _NEXT_ITEM.match(text, end)) is not None and same_shape(value, m.group(1)):
            span = m.span(1)
            if span in taken:
                break  # an item found already walks the rest of the list itself: linear time
            out.append(Entity(*span, e.entity_type, e.score))
            taken.add(span)
            end = span[1]
    return out
