"""CapsNominalRecognizer: police nominals in capitals, surname first; not capitals prose.

The rule reads spaCy's tokens and the model's dictionary, so each row runs on the session
``redactor``'s artifacts; valid rows check the recogniser's own candidates and that the redactor
redacts every name, invalid rows must give no candidate. Every name here is made up.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import candidates_on_spacy, load_cases

from referral_nlp.redaction.recognizers.caps_nominal_recognizer import CapsNominalRecognizer
from referral_nlp.redaction.taxonomy import PERSON


@pytest.fixture(scope="module")
def recognizer() -> CapsNominalRecognizer:
    return CapsNominalRecognizer()


def _found(recognizer: CapsNominalRecognizer, redactor, text: str) -> list[str]:
    return candidates_on_spacy(recognizer, redactor, text, PERSON)


VALID = load_cases(__file__, "VALID")


@pytest.mark.parametrize(("text", "names"), VALID)
def test_finds_a_nominal(recognizer: CapsNominalRecognizer, redactor, text: str, names) -> None:
    assert _found(recognizer, redactor, text) == names
    redacted = redactor.redact(text).redacted_text
    assert not any(word in redacted for name in names for word in name.split()), redacted


INVALID = load_cases(__file__, "INVALID")


@pytest.mark.parametrize("text", INVALID)
def test_finds_no_nominal(recognizer: CapsNominalRecognizer, redactor, text: str) -> None:
    assert _found(recognizer, redactor, text) == []


def test_needs_spacy_artifacts(recognizer: CapsNominalRecognizer) -> None:
    assert recognizer.analyze("OKAFOR CHIDI", entities=[PERSON], nlp_artifacts=None) == []
