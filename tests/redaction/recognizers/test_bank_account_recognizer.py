"""BankAccountRecognizer: account numbers and sort codes after their cue, and nothing else."""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.bank_account_recognizer import BankAccountRecognizer
from referral_nlp.redaction.taxonomy import BANK_ACCOUNT

VALID = [
    pytest.param("account 41298877 sort code 20-45-77", ["41298877", "20-45-77"], id="both"),
    pytest.param("account no. 70391155, s/c 30-95-41", ["70391155", "30-95-41"], id="no. and s/c"),
    pytest.param("Sort code: 204577.", ["204577"], id="solid sort code"),
    pytest.param("sort code 20 45 77", ["20 45 77"], id="spaced sort code"),
    pytest.param("bank account number is 1234567890", ["1234567890"], id="ten digits"),
    pytest.param("a/c 31847206", ["31847206"], id="a/c"),
]
INVALID = [
    pytest.param("Seen on 20-04-17 at home", id="a date without a cue"),
    pytest.param("Ref 41298877 on file", id="eight digits without a cue"),
    pytest.param("sort code 20-45-777", id="seven-digit sort code"),
    pytest.param("account 123 overdrawn", id="too short"),
    pytest.param("took into account 2 incidents", id="a count after the word"),
]


class TestBankAccountRecognizer(RecognizerTables):
    recognizer_class = BankAccountRecognizer
    entity = BANK_ACCOUNT
    valid = VALID
    invalid = INVALID
