"""FamilyNameRecognizer: a surname before a family noun, not a nationality, faith, place or kind.

The rule reads spaCy's tags and entity labels, so each row runs on the session ``redactor``'s
artifacts; valid rows check the recogniser's own candidates and the redactor's PERSON spans,
invalid rows must give no candidate. Every name here is made up.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import candidates_on_spacy, load_cases

from referral_nlp.redaction.recognizers.family_name_recognizer import FamilyNameRecognizer
from referral_nlp.redaction.taxonomy import PERSON


@pytest.fixture(scope="module")
def recognizer() -> FamilyNameRecognizer:
    return FamilyNameRecognizer()


def _found(recognizer: FamilyNameRecognizer, redactor, text: str) -> list[str]:
    return candidates_on_spacy(recognizer, redactor, text, PERSON)


VALID = load_cases(__file__, "VALID")


@pytest.mark.parametrize(("text", "names"), VALID)
def test_finds_family_name(recognizer: FamilyNameRecognizer, redactor, text: str, names) -> None:
    assert _found(recognizer, redactor, text) == names
    persons = [text[e.start : e.end] for e in redactor.analyze(text) if e.entity_type == PERSON]
    assert all(n in persons for n in names), persons


INVALID = load_cases(__file__, "INVALID")


@pytest.mark.parametrize("text", INVALID)
def test_finds_no_family_name(recognizer: FamilyNameRecognizer, redactor, text: str) -> None:
    assert _found(recognizer, redactor, text) == []


def test_needs_spacy_artifacts(recognizer: FamilyNameRecognizer) -> None:
    assert recognizer.analyze("the Nowak family", entities=[PERSON], nlp_artifacts=None) == []
