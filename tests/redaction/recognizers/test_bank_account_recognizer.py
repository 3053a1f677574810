"""BankAccountRecognizer: account numbers and sort codes after their cue, and nothing else."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.bank_account_recognizer import BankAccountRecognizer
from referral_nlp.redaction.taxonomy import BANK_ACCOUNT


class TestBankAccountRecognizer(RecognizerTables):
    recognizer_class = BankAccountRecognizer
    entity = BANK_ACCOUNT
