"""The redaction labels the generator writes into ``pii_spans``.

The names are those of :mod:`referral_nlp.redaction.taxonomy` (a test checks they stay equal);
they are repeated here because importing the redaction package loads Presidio and spaCy, which
the generator does not need and which would cost seconds at every start.
"""

from __future__ import annotations

PERSON = "PERSON"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
DATE = "DATE"
ADDRESS = "ADDRESS"
POSTCODE = "POSTCODE"
PHONE_NUMBER = "PHONE_NUMBER"
EMAIL_ADDRESS = "EMAIL_ADDRESS"
NHS_NUMBER = "NHS_NUMBER"
NI_NUMBER = "NI_NUMBER"
CASE_REFERENCE = "CASE_REFERENCE"
ORGANISATION = "ORGANISATION"
LOCATION = "LOCATION"
AGE = "AGE"

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
