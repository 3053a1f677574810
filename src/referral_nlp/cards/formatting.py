"""How numbers and Markdown are written in a card (shared by the builders, ethics and templates).

``n/a`` stands for a number that is missing or not finite; a card never prints ``nan``.
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["demote_headings", "finite", "fmt_num", "fmt_pct", "pair", "per100", "show"]


def fmt_num(value: Any, digits: int = 3) -> str:
    """A number with ``digits`` decimals; ``n/a`` for None/NaN."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    return f"{float(value):.{digits}f}"


def fmt_pct(value: Any, digits: int = 0) -> str:
    """A share as a percentage (``0.215`` -> ``22%``); ``n/a`` for None/NaN."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return f"{100 * float(value):.{digits}f}%"


def per100(value: float | None) -> str:
    """A share as a whole number out of 100 (``0.215`` -> ``22``); ``n/a`` for None."""
    return "n/a" if value is None else str(round(100 * value))


def finite(value: Any) -> float | None:
    """``value`` as a finite float, or None (missing, not a number, a bool, NaN, infinite)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def show(value: Any) -> str:
    """A setting's value for a table: yes/no for a bool, three decimals for a float."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return fmt_num(value) if isinstance(value, float) else str(value)


def pair(a: Any, b: Any, sep: str = "x") -> str | None:
    """``"a x b"`` (``b`` defaults to ``a``); None when ``a`` is None."""
    if a is None:
        return None
    return f"{a} {sep} {b if b is not None else a}"


def demote_headings(markdown: str, levels: int = 2) -> str:
    """Markdown with every ATX heading moved ``levels`` deeper (max level 6), code untouched."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and re.match(r"^#{1,6}\s", line):
            hashes = len(line) - len(line.lstrip("#"))
            line = "#" * min(6, hashes + levels) + line[hashes:]
        out.append(line)
    return "\n".join(out).strip() + "\n"
