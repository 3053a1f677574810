"""InitialsRecognizer: initials as a clause's subject or after a role, not the field's
abbreviations, a list's letter or a short word.

The rules read spaCy's tags, so each row runs on the session ``redactor``'s artifacts. Valid rows
check the recogniser's own candidates (so spaCy's NER cannot mask a missing rule) and the
redactor's PERSON spans; invalid rows must give no PERSON from either. Every note here is made up.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import candidates_on_spacy, load_cases

from referral_nlp.redaction.initials import could_be_initials
from referral_nlp.redaction.recognizers.initials_recognizer import InitialsRecognizer
from referral_nlp.redaction.taxonomy import PERSON


@pytest.fixture(scope="module")
def recognizer() -> InitialsRecognizer:
    return InitialsRecognizer()


def _found(recognizer: InitialsRecognizer, redactor, text: str) -> list[str]:
    return candidates_on_spacy(recognizer, redactor, text, PERSON)


def _persons(redactor, text: str) -> list[str]:
    return [text[e.start : e.end] for e in redactor.analyze(text) if e.entity_type == PERSON]


VALID = load_cases(__file__, "VALID")


@pytest.mark.parametrize(("text", "initials"), VALID)
def test_finds_initials(recognizer: InitialsRecognizer, redactor, text: str, initials) -> None:
    assert _found(recognizer, redactor, text) == initials
    assert all(i in _persons(redactor, text) for i in initials)


INVALID = load_cases(__file__, "INVALID")


@pytest.mark.parametrize("text", INVALID)
def test_finds_no_initials(recognizer: InitialsRecognizer, redactor, text: str) -> None:
    assert _found(recognizer, redactor, text) == []
    assert _persons(redactor, text) == []


def test_needs_spacy_artifacts(recognizer: InitialsRecognizer) -> None:
    assert recognizer.analyze("JL said so.", entities=[PERSON], nlp_artifacts=None) == []


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("JL", True),
        ("K", True),
        ("ak", True),
        ("JKB", True),
        ("A", False),  # the article
        ("U", False),  # text speak
        ("Jo", False),  # a name in its own case, not initials
        ("TA", False),  # a teaching assistant
        ("DSL", False),  # the field's vocabulary
        ("ok", False),
        ("is", False),
        ("ABCD", False),
        ("K2", False),
    ],
)
def test_could_be_initials(word: str, expected: bool) -> None:
    assert could_be_initials(word) is expected
