"""Redaction of personal data from referral notes (the project's privacy boundary)."""

from referral_nlp.redaction.config import RedactionConfig
from referral_nlp.redaction.nlp_engine import RedactorLoadError
from referral_nlp.redaction.operators import PseudonymKeyError
from referral_nlp.redaction.redactor import RedactionError, RedactionResult, Redactor
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
