"""The project's error base: a mistake the user can fix.

The CLI prints a ``UserError`` as one line and exits 2; any other exception is a bug and keeps
its traceback. Subclasses stay ``ValueError``s so that library callers who catch ``ValueError``
keep working. A message says what was expected, what came and how to fix it, and never quotes
a note's text or a personal value.

This module imports nothing, so anything (the CLI, the service, the redaction stage) may import
it without loading Presidio, spaCy or PyTorch.
"""

from __future__ import annotations

__all__ = ["UserError"]


class UserError(ValueError):
    """Bad input, a bad setting or a missing file: the user can fix it (CLI exit 2)."""
