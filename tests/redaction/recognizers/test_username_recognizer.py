"""UsernameRecognizer: handles after @ or a platform cue; not the words that follow platforms."""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables, load_cases

from referral_nlp.redaction.recognizers.username_recognizer import UsernameRecognizer
from referral_nlp.redaction.taxonomy import USERNAME


class TestUsernameRecognizer(RecognizerTables):
    recognizer_class = UsernameRecognizer
    entity = USERNAME


REDACTOR_INVALID = load_cases(__file__, "REDACTOR_INVALID")


@pytest.mark.parametrize("text", REDACTOR_INVALID)
def test_redactor_leaves_platform_features(redactor, text: str) -> None:
    entities = [e for e in redactor.analyze(text) if e.entity_type == USERNAME]
    assert entities == [], [text[e.start : e.end] for e in entities]
