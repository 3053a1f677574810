"""What an exported record writes in an empty field, as the address recognisers read it.

Council exports fill an empty cell with a placeholder ("Gdańsk, nan 84968", "Leeds, N/A, LS6
2AB"); inside an address, the address goes on after it. Only where a number or the end of the
line follows, so "nan" the grandmother on the next line is not taken.
"""

from __future__ import annotations

#: Placeholders for an empty field, as written (case matters: "Nan" is a grandmother).
EMPTY_FIELD_WORDS: tuple[str, ...] = ("nan", "NaN", "NULL", "null", "None", "N/A", "n/a")
#: What must follow a placeholder for it to stand in an address (a regex).
BEFORE_NUMBER_OR_LINE_END = r"[ \t,]*(?:[0-9]|\n|$)"
