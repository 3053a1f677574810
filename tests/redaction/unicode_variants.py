"""Notes whose personal data is disguised with invisible or look-alike Unicode characters.

Shared by the redactor's tests and the /v1/redact test. Each variant is one note with one kind of
trick applied to one kind of value; ``values`` are the (start, end) offsets of the disguised values
in the note, which must come out redacted whole. All values are invented (an Ofcom drama-range
phone number, a Modulus 11-valid NHS number, a made-up NI number and e-mail address).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: Invented personal data, one of each kind a disguise is tried on.
VALUES: dict[str, str] = {
    "name": "Zebedee QUANTRILL",
    "phone": "07700 900 555",
    "email": "zeb.quantrill@example.co.uk",
    "postcode": "LS9 8ZZ",
    "nhs": "401 023 3176",
    "ni": "JM 48 21 93 C",
    "dob": "04/07/2016",
}
#: Each value in the sentence a note would put it in.
TEMPLATE: dict[str, str] = {
    "name": "Dad {} rang the duty team about the children.",
    "phone": "Dad's mobile {} is switched off.",
    "email": "Dad e-mailed from {} last night.",
    "postcode": "Family now at 12 Elm Road, Leeds {} with nan.",
    "nhs": "Baby's NHS no {} on the discharge letter.",
    "ni": "Mum's NI number {} for the benefits check.",
    "dob": "Child DOB {} per school records.",
}

_FULL_WIDTH = {
    c: chr(ord(c) + 0xFEE0)
    for c in "0123456789@.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
}
_CYRILLIC = dict(zip("ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху", strict=True))
_GREEK = dict(zip("ABEHIKMNOPTXYZo", "ΑΒΕΗΙΚΜΝΟΡΤΧΥΖο", strict=True))


def _digits(zero: int) -> Callable[[str], str]:
    return lambda v: "".join(chr(zero + int(c)) if c.isdigit() else c for c in v)


def _between_letters(mark: str) -> Callable[[str], str]:
    """Put ``mark`` after the second character of every word of three or more."""
    return lambda v: " ".join(w[:2] + mark + w[2:] if len(w) > 2 else w for w in v.split(" "))


def _after_each_alnum(mark: str) -> Callable[[str], str]:
    return lambda v: "".join(c + mark if c.isalnum() else c for c in v)


def _table(table: dict[str, str]) -> Callable[[str], str]:
    return lambda v: "".join(table.get(c, c) for c in v)


def _spaces(space: str) -> Callable[[str], str]:
    return lambda v: v.replace(" ", space)


#: Disguise name -> what it does to a value.
DISGUISES: dict[str, Callable[[str], str]] = {
    "soft hyphen": _between_letters("\u00ad"),
    "zero-width space": _between_letters("\u200b"),
    "word joiner": _between_letters("\u2060"),
    "zero-width joiner": _between_letters("\u200d"),
    "zero-width non-joiner": _between_letters("\u200c"),
    "byte order mark": _between_letters("\ufeff"),
    "left-to-right mark": _between_letters("\u200e"),
    "bidi embedding": lambda v: "\u202a" + v + "\u202c",
    "bidi isolate": lambda v: "\u2066" + v + "\u2069",
    "right-to-left override": lambda v: "\u202e" + v[::-1] + "\u202c",
    "combining overlay": _after_each_alnum("\u0336"),
    "variation selector": _after_each_alnum("\ufe0f"),
    "full-width": _table(_FULL_WIDTH),
    "arabic-indic digits": _digits(0x0660),
    "persian digits": _digits(0x06F0),
    "devanagari digits": _digits(0x0966),
    "mathematical bold digits": _digits(0x1D7CE),
    "no-break spaces": _spaces("\u00a0"),
    "narrow no-break spaces": _spaces("\u202f"),
    "ideographic spaces": _spaces("\u3000"),
    "cyrillic look-alikes": _table(_CYRILLIC),
    "greek look-alikes": _table(_GREEK),
    # Control characters survive copy and paste from forms and terminals.
    "null characters": _between_letters("\x00"),
    "bell characters": _between_letters("\x07"),
    "delete characters": _between_letters("\x7f"),
    "C1 controls": _between_letters("\x9b"),
    "next-line characters": _spaces("\x85"),
    "unit separators": _spaces("\x1f"),
}


@dataclass(frozen=True)
class Variant:
    """One disguised note; ``value`` is where the disguised value sits in ``text``."""

    id: str
    text: str
    value: tuple[int, int]


def variants() -> list[Variant]:
    """Every disguise applied to every value it changes: one note each."""
    out = []
    for disguise, apply in DISGUISES.items():
        for kind, value in VALUES.items():
            disguised = apply(value)
            if disguised == value:
                continue  # a digit disguise on a name changes nothing
            before, after = TEMPLATE[kind].split("{}")
            text = before + disguised + after
            out.append(Variant(f"{disguise}/{kind}", text, (len(before), len(text) - len(after))))
    return out


def leaks(text: str, value: tuple[int, int], spans: list[tuple[int, int]]) -> list[int]:
    """Positions inside the value, from its first to its last letter or digit, left unredacted.

    Any character there counts, invisible ones too: an unredacted soft hyphen between two
    redactions would split the value and show where it was.
    """
    start, end = value
    alnum = [i for i in range(start, end) if text[i].isalnum()]
    if not alnum:
        return []
    covered = [False] * len(text)
    for s, e in spans:
        for i in range(s, e):
            covered[i] = True
    return [i for i in range(alnum[0], alnum[-1] + 1) if not covered[i]]
