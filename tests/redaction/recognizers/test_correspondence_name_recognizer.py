"""CorrespondenceNameRecognizer: names placed by chat, e-mail and letter layout."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.correspondence_name_recognizer import (
    CorrespondenceNameRecognizer,
)
from referral_nlp.redaction.taxonomy import PERSON


class TestCorrespondenceNameRecognizer(RecognizerTables):
    recognizer_class = CorrespondenceNameRecognizer
    entity = PERSON
