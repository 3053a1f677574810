"""Redaction of personal data from referral notes (the project's privacy boundary).

The errors (:mod:`.errors`) load with the package; everything that needs Presidio and spaCy
(``Redactor``, its config, results and taxonomy) loads on first use, so a command or a worker
that only catches a redaction error does not pay seconds of imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from referral_nlp.redaction.errors import PseudonymKeyError, RedactionError, RedactorLoadError

if TYPE_CHECKING:
    from referral_nlp.redaction.config import RedactionConfig
    from referral_nlp.redaction.redactor import RedactionResult, Redactor
    from referral_nlp.redaction.spans import Entity
    from referral_nlp.redaction.taxonomy import ENTITY_TYPES

__all__ = [
    "ENTITY_TYPES",
    "Entity",
    "PseudonymKeyError",
    "RedactionConfig",
    "RedactionError",
    "RedactionResult",
    "Redactor",
    "RedactorLoadError",
]

#: Where each lazily loaded name lives.
_LAZY = {
    "RedactionConfig": "referral_nlp.redaction.config",
    "RedactionResult": "referral_nlp.redaction.redactor",
    "Redactor": "referral_nlp.redaction.redactor",
    "Entity": "referral_nlp.redaction.spans",
    "ENTITY_TYPES": "referral_nlp.redaction.taxonomy",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later lookups skip this function
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
