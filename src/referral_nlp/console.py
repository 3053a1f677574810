"""The command line's console: results to stdout, messages for the person to stderr.

Command modules (:mod:`referral_nlp.commands`) write through these two functions
rather than ``print``, so library code never writes to the terminal by accident; what they
show is a path, a count, a key the person asked for or a tag, never a note.
"""

from __future__ import annotations

import sys

__all__ = ["err", "out"]


def out(text: str = "") -> None:
    """A result line on stdout (what a script would capture)."""
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def err(text: str) -> None:
    """A message line on stderr (progress, hints, where things were written)."""
    sys.stderr.write(f"{text}\n")
    sys.stderr.flush()
