"""The redaction labels the generator writes into ``pii_spans``.

They are the redaction taxonomy's own names (:mod:`referral_nlp.redaction.taxonomy`), imported
from there: the redaction package loads Presidio and spaCy only on first use of the redactor,
so the generator pays nothing for them.
"""

from __future__ import annotations

from referral_nlp.redaction.taxonomy import (
    ADDRESS,
    AGE,
    CASE_REFERENCE,
    DATE,
    DATE_OF_BIRTH,
    EMAIL_ADDRESS,
    LOCATION,
    NHS_NUMBER,
    NI_NUMBER,
    ORGANISATION,
    PERSON,
    PHONE_NUMBER,
    POSTCODE,
)

#: Every label the generator may write.
PII_LABELS: frozenset[str] = frozenset(
    {
        PERSON,
        DATE_OF_BIRTH,
        DATE,
        ADDRESS,
        POSTCODE,
        PHONE_NUMBER,
        EMAIL_ADDRESS,
        NHS_NUMBER,
        NI_NUMBER,
        CASE_REFERENCE,
        ORGANISATION,
        LOCATION,
        AGE,
    }
)
