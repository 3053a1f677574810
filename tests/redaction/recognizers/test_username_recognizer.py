"""UsernameRecognizer: handles after @ or a platform cue; not the words that follow platforms."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.username_recognizer import UsernameRecognizer
from referral_nlp.redaction.taxonomy import USERNAME


class TestUsernameRecognizer(RecognizerTables):
    recognizer_class = UsernameRecognizer
    entity = USERNAME
