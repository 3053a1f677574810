"""EmailAddressRecognizer: every address on every domain, school ones included; no look-alikes."""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.offline import use_bundled_public_suffix_list
from referral_nlp.redaction.recognizers.email_address_recognizer import EmailAddressRecognizer
from referral_nlp.redaction.taxonomy import EMAIL_ADDRESS


class TestEmailAddressRecognizer(RecognizerTables):
    recognizer_class = EmailAddressRecognizer
    entity = EMAIL_ADDRESS

    @pytest.fixture(scope="class")
    @classmethod
    def recognizer(cls) -> EmailAddressRecognizer:
        use_bundled_public_suffix_list()
        return EmailAddressRecognizer()
