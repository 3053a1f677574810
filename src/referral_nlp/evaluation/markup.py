"""Inline PII markup for hand-labelled notes: ``[[LABEL:value]]`` spans in plain text.

A marked-up file holds several notes::

    # a comment line (ignored)
    PPN: [[PERSON:WALSH, Kerry]] DOB [[DATE_OF_BIRTH:1.2.91]], ref [[CASE_REFERENCE:13/48211/24]]
    ---
    School DSL [[PERSON:Mrs J. O'Neill]] rang about [[PERSON:Kayden]]'s bruise.

Rules:

* Notes are separated by a line holding only ``---`` (surrounding whitespace allowed).
* A line whose first character is ``#`` is a comment and is dropped.
* Trailing whitespace is dropped from every line, and blank lines at the start and end of a note
  are dropped; a note left with no text (e.g. before a leading ``---``) is skipped.
* ``[[LABEL:value]]`` marks ``value`` as personal data of type ``LABEL``. The label is the text
  up to the first colon and must be one of :data:`ACCEPTED_LABELS` (the redaction taxonomy);
  the value is everything after that
  colon up to the next ``]]`` (so it may itself contain colons), must not be empty and must not
  contain ``[[``. A span does not cross a line break.
* The plain text of a note is the note with each ``[[LABEL:value]]`` replaced by ``value`` and its
  lines joined with ``\\n``; spans are ``(start, end, label)`` character offsets into that plain
  text, end exclusive, in order of appearance.

Malformed markup raises :class:`~referral_nlp.io.InputError` (a ``ValueError``) naming the note
(1-based, counting only notes that have text), the line in the input and the column. Messages
never quote the note text, a value or an unknown label: marked-up files hold personal data (even
if invented, a real export could be run through the same parser).
"""

from __future__ import annotations

from referral_nlp.io import InputError
from referral_nlp.redaction.taxonomy import ENTITY_TYPES

__all__ = ["ACCEPTED_LABELS", "LABELS", "NOTE_SEPARATOR", "parse_marked_notes"]

#: The core labels: what the synthetic generator and the 45 referral notes carry (a subset of
#: :mod:`referral_nlp.redaction.taxonomy`).
LABELS: frozenset[str] = frozenset(
    {
        "PERSON",
        "DATE_OF_BIRTH",
        "DATE",
        "ADDRESS",
        "POSTCODE",
        "PHONE_NUMBER",
        "EMAIL_ADDRESS",
        "NHS_NUMBER",
        "NI_NUMBER",
        "CASE_REFERENCE",
        "ORGANISATION",
        "LOCATION",
        "AGE",
    }
)

#: Labels a span may carry: the whole taxonomy, so hand-written notes can mark identifiers
#: beyond the core set (UPN, USERNAME, VEHICLE_REGISTRATION, ...).
ACCEPTED_LABELS: frozenset[str] = frozenset(ENTITY_TYPES)

#: A line holding only this string separates two notes.
NOTE_SEPARATOR = "---"

_OPEN = "[["
_CLOSE = "]]"

Span = tuple[int, int, str]


def _parse_line(line: str, offset: int, note_no: int, line_no: int, spans: list[Span]) -> str:
    """Strip the markup from one line, appending its spans (shifted by ``offset``) to ``spans``.

    ``note_no`` and ``line_no`` (1-based, line in the whole input) only locate errors.
    """

    def fail(column: int, problem: str) -> InputError:
        return InputError(f"note {note_no}, line {line_no}, column {column + 1}: {problem}.")

    out: list[str] = []
    length = 0  # characters of plain text produced so far on this line
    pos = 0
    while True:
        opening = line.find(_OPEN, pos)
        closing = line.find(_CLOSE, pos)
        if opening < 0:
            if closing >= 0:
                raise fail(closing, f"'{_CLOSE}' without an opening '{_OPEN}'")
            out.append(line[pos:])
            break
        if 0 <= closing < opening:
            raise fail(closing, f"'{_CLOSE}' without an opening '{_OPEN}'")
        body_start = opening + len(_OPEN)
        end = line.find(_CLOSE, body_start)
        if end < 0:
            raise fail(opening, f"unclosed '{_OPEN}' (no '{_CLOSE}' before the end of the line)")
        nested = line.find(_OPEN, body_start, end)
        if nested >= 0:
            raise fail(nested, f"'{_OPEN}' inside a span opened at column {opening + 1}")
        body = line[body_start:end]
        colon = body.find(":")
        if colon < 0:
            raise fail(opening, "span has no 'LABEL:' before its value")
        label, value = body[:colon], body[colon + 1 :]
        if label not in ACCEPTED_LABELS:
            raise fail(
                opening,
                f"unknown label ({len(label)} characters); expected one of "
                f"{sorted(ACCEPTED_LABELS)}",
            )
        if not value:
            raise fail(opening, f"empty {label} span")
        before = line[pos:opening]
        out.append(before)
        length += len(before)
        spans.append((offset + length, offset + length + len(value), label))
        out.append(value)
        length += len(value)
        pos = end + len(_CLOSE)
    return "".join(out)


def _parse_note(lines: list[tuple[int, str]], note_no: int) -> tuple[str, list[Span]]:
    """Plain text and spans of one note given as ``(line number, line)`` pairs."""
    spans: list[Span] = []
    plain_lines: list[str] = []
    offset = 0
    for line_no, line in lines:
        plain = _parse_line(line, offset, note_no, line_no, spans)
        plain_lines.append(plain)
        offset += len(plain) + 1  # the "\n" that joins this line to the next
    return "\n".join(plain_lines), spans


def parse_marked_notes(text: str) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Parse marked-up notes into ``(plain text, [(start, end, label), ...])`` pairs.

    See the module docstring for the format. Offsets are 0-based characters into the plain text
    of the note, end exclusive, so ``plain[start:end]`` is the marked value.

    :param text: The whole marked-up file.
    :returns: One ``(plain_text, spans)`` pair per note that has text, in file order.
    :raises InputError: (a ``ValueError``) on malformed markup, naming note, line and column.
    """
    groups: list[list[tuple[int, str]]] = [[]]
    for line_no, raw in enumerate(text.splitlines(), start=1):
        if raw.startswith("#"):
            continue
        if raw.strip() == NOTE_SEPARATOR:
            groups.append([])
            continue
        groups[-1].append((line_no, raw.rstrip()))

    notes: list[tuple[str, list[Span]]] = []
    for group in groups:
        lines = list(group)
        while lines and not lines[0][1]:
            lines.pop(0)
        while lines and not lines[-1][1]:
            lines.pop()
        if lines:
            notes.append(_parse_note(lines, len(notes) + 1))
    return notes
