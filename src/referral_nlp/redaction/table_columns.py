"""Columns of a table pasted into a note, read by what their header names.

Exports from CPOMS, Mosaic, a spreadsheet or a provision map keep their table: a header line of
cells split by "|" (or by tabs), then rows with as many cells ("Pupil | UPN | Need", then
"Grace A-C | W803349902113 | C&I"). A header names what a column holds where the rows' cells
carry no label of their own, so the recognisers that read tables ask here for the cells under the
headers they know, and nothing else.

A table is a header line with at least three cells, and the lines below it with as many cells,
up to the first line without. A row written with outer bars ("| a | b |") has no empty first or
last cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

#: Fewest cells a header line needs: two cells split by one bar are as often prose ("yes | no").
MIN_HEADER_CELLS = 3
_SEPARATORS = ("|", "\t")


def header_name(cell: str) -> str:
    """A header cell as a name: lower case, spaces folded, a closing ".", ":" or "#" dropped."""
    return " ".join(cell.lower().split()).rstrip(".:#").strip()


def column_cells(text: str, kind_of: Callable[[str], str | None]) -> Iterator[tuple[str, int, int]]:
    """``(kind, start, end)`` of each non-empty cell under a header that ``kind_of`` names.

    ``kind_of`` takes a header cell's :func:`header_name` and returns what its column holds, or
    None for a column the caller does not read.
    """
    columns: dict[int, str] = {}
    width = 0
    separator = "|"
    offset = 0
    for line in text.splitlines(keepends=True):
        cells = cells_of(line, offset, separator) if columns else None
        if cells is not None and len(cells) == width:
            for k, kind in columns.items():
                start, end = cells[k]
                if end > start:
                    yield kind, start, end
        else:
            columns, width = {}, 0
            for sep in _SEPARATORS:
                header = cells_of(line, offset, sep)
                if len(header) < MIN_HEADER_CELLS:
                    continue
                kinds = {k: kind_of(header_name(text[s:e])) for k, (s, e) in enumerate(header)}
                columns = {k: kind for k, kind in kinds.items() if kind is not None}
                if columns:
                    width, separator = len(header), sep
                    break
        offset += len(line)


def cells_of(line: str, offset: int, separator: str) -> list[tuple[int, int]]:
    """Each cell of ``line`` as (start, end) in the note, spaces trimmed; [] without a separator."""
    body = line.rstrip("\r\n")
    if separator not in body:
        return []
    spans = []
    pos = 0
    for piece in body.split(separator):
        stripped = piece.strip()
        lead = len(piece) - len(piece.lstrip())
        spans.append((offset + pos + lead, offset + pos + lead + len(stripped)))
        pos += len(piece) + len(separator)
    if body.strip().startswith(separator):
        spans = spans[1:]
    if body.strip().endswith(separator):
        spans = spans[:-1]
    return spans
