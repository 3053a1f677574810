"""The project's one entity taxonomy.

Every recogniser reports one of these names, and every span in a redaction output carries one.
Presidio's and spaCy's own names are mapped onto it in :data:`ALIASES` so that stock recognisers
and NER models can be mixed with ours without two names for one thing.
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
URL = "URL"
# Presidio's other generic identifiers, kept under their Presidio names.
CREDIT_CARD = "CREDIT_CARD"
IBAN_CODE = "IBAN_CODE"
IP_ADDRESS = "IP_ADDRESS"
AGE = "AGE"
NRP = "NRP"
US_SSN = "US_SSN"
# Identifiers of children and adults in UK records.
USERNAME = "USERNAME"
UPN = "UPN"
ULN = "ULN"
PASSPORT_NUMBER = "PASSPORT_NUMBER"
DRIVING_LICENCE = "DRIVING_LICENCE"
VEHICLE_REGISTRATION = "VEHICLE_REGISTRATION"
BANK_ACCOUNT = "BANK_ACCOUNT"
HOSPITAL_NUMBER = "HOSPITAL_NUMBER"

#: Entity types and what each one covers (rendered into the README and the model card).
ENTITY_TYPES: dict[str, str] = {
    PERSON: "A person's name, in any order, case or script; titles and initials included.",
    DATE_OF_BIRTH: "A date given as, or next to a cue for, a date of birth (DOB, d.o.b., born).",
    DATE: "Any other calendar date or date-like expression (12/03/24, 12th March, March 2024).",
    ADDRESS: "A street address: house or flat number, named building, street, town.",
    POSTCODE: "A UK postcode, with or without the space, in any case.",
    PHONE_NUMBER: "A UK or international phone number.",
    EMAIL_ADDRESS: "An e-mail address, on any domain (.sch.uk, .nhs.net, .police.uk ...).",
    USERNAME: "A social-media handle, gamertag or account username (@handle, 'Snapchat: x').",
    NHS_NUMBER: "A 10-digit NHS number that passes the Modulus 11 check.",
    NI_NUMBER: "A National Insurance number that follows HMRC's prefix rules.",
    UPN: "A Unique Pupil Number (DfE): check letter and 12 characters.",
    ULN: "A Unique Learner Number: 10 digits with a check digit.",
    PASSPORT_NUMBER: "A passport number after a passport cue (UK: 9 digits).",
    DRIVING_LICENCE: "A UK driving licence number (DVLA's 16-character structure).",
    VEHICLE_REGISTRATION: "A UK vehicle registration (current and older formats), with a cue.",
    BANK_ACCOUNT: "A bank account number or sort code, after a banking cue.",
    HOSPITAL_NUMBER: "A hospital, unit or medical record number (MRN), after a cue.",
    CASE_REFERENCE: "A council case, police crime/PPN or court reference number.",
    ORGANISATION: "A named school, nursery, GP surgery, hospital ward or other identifying body.",
    LOCATION: "A named place: town, city, district, country (from NER).",
    URL: "A web address: with a scheme, 'www.' or on a common web domain; never inside a word.",
    CREDIT_CARD: "A payment card number that passes the Luhn check.",
    IBAN_CODE: "An IBAN.",
    IP_ADDRESS: "An IPv4 or IPv6 address.",
    AGE: "A stated age ('aged 7', '34 years old').",
    US_SSN: "A US Social Security number (Presidio's recogniser, for records from abroad).",
    NRP: "A nationality, religious or political group (special category data under UK GDPR).",
}

#: Other tools' names for the same things.
ALIASES: dict[str, str] = {
    "UK_NHS": NHS_NUMBER,
    "UK_NINO": NI_NUMBER,
    "UK_POSTCODE": POSTCODE,
    "UK_PASSPORT": PASSPORT_NUMBER,
    "UK_DRIVING_LICENCE": DRIVING_LICENCE,
    "UK_VEHICLE_REGISTRATION": VEHICLE_REGISTRATION,
    "DATE_TIME": DATE,
    "ORGANIZATION": ORGANISATION,
    "ORG": ORGANISATION,
    "GPE": LOCATION,
    "LOC": LOCATION,
    "FAC": LOCATION,
    "PER": PERSON,
    "NORP": NRP,
}


def canonical_entity(name: str) -> str:
    """Map a Presidio/spaCy entity name onto the project's taxonomy (unknown names pass through)."""
    return ALIASES.get(name, name)
