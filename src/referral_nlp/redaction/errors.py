"""The redaction stage's errors, in a module that imports nothing heavy.

Anything may catch them (the CLI, ``training/train.py``, the service) without importing
Presidio and spaCy, which take seconds to load.
"""

from __future__ import annotations

from referral_nlp.errors import UserError

__all__ = ["PseudonymKeyError", "RedactionError", "RedactorLoadError"]


class RedactorLoadError(RuntimeError):
    """The redactor could not be built; nothing may be processed (redaction fails closed)."""


class RedactionError(RuntimeError):
    """Analysis failed part-way; no redacted output exists for the input."""


class PseudonymKeyError(UserError):
    """The pseudonym operator was chosen but its key variable is unset or too short."""
