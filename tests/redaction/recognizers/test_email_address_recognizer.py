"""EmailAddressRecognizer: every address on every domain, school ones included; no look-alikes."""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.offline import use_bundled_public_suffix_list
from referral_nlp.redaction.recognizers.email_address_recognizer import EmailAddressRecognizer
from referral_nlp.redaction.taxonomy import EMAIL_ADDRESS

VALID = [
    pytest.param(
        "Contact jane.smith@oakfield.sch.uk re the child.",
        ["jane.smith@oakfield.sch.uk"],
        id="sch.uk, a public suffix of its own",
    ),
    pytest.param(
        "Email karen.jones@essex.gov.uk today.", ["karen.jones@essex.gov.uk"], id="gov.uk"
    ),
    pytest.param("GP: a.rahman1@nhs.net", ["a.rahman1@nhs.net"], id="nhs.net"),
    pytest.param("hv.duty@locala.nhs.uk", ["hv.duty@locala.nhs.uk"], id="nhs.uk"),
    pytest.param("dv@westyorkshire.police.uk.", ["dv@westyorkshire.police.uk"], id="police.uk"),
    pytest.param("f.oduya@student.leeds.ac.uk", ["f.oduya@student.leeds.ac.uk"], id="ac.uk"),
    pytest.param("mum: gemma_ross@hotmail.co.uk", ["gemma_ross@hotmail.co.uk"], id="co.uk"),
]
INVALID = [
    pytest.param("Write to name@localhost for help.", id="no public suffix"),
    pytest.param("Write to jo@example.invalidtld now.", id="unknown ending"),
    pytest.param("Meet @ 14.30 at school.", id="at sign alone"),
    pytest.param("Instagram @kayjay.drip", id="a handle is no address"),
]


class TestEmailAddressRecognizer(RecognizerTables):
    recognizer_class = EmailAddressRecognizer
    entity = EMAIL_ADDRESS
    valid = VALID
    invalid = INVALID

    @pytest.fixture(scope="class")
    @classmethod
    def recognizer(cls) -> EmailAddressRecognizer:
        use_bundled_public_suffix_list()
        return EmailAddressRecognizer()
