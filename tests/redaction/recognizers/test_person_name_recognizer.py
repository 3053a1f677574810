"""PersonNameRecognizer: names as referral notes write them, and the field's words that are not.

The recogniser reads spaCy's tokens and tags, and the redactor adds spaCy's own PERSON spans,
later mentions of a name already found and the clean-up of roles and possessives. Valid cases are
therefore checked on the session ``redactor``'s output: the PERSON spans, exactly, in order.
Invalid cases must give no PERSON either from the recogniser itself (run on the redactor's spaCy
artifacts) or from the redactor. Every name and note here is made up for the test.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import load_cases

from referral_nlp.redaction.recognizers.person_name_recognizer import PersonNameRecognizer
from referral_nlp.redaction.taxonomy import PERSON


@pytest.fixture(scope="module")
def recognizer() -> PersonNameRecognizer:
    return PersonNameRecognizer()


def _persons(redactor, text: str) -> list[str]:
    return [text[e.start : e.end] for e in redactor.analyze(text) if e.entity_type == PERSON]


def _all_spans(redactor, text: str) -> list[tuple[str, str]]:
    return [(text[e.start : e.end], e.entity_type) for e in redactor.analyze(text)]


# (text, every PERSON span the redactor must report, in order)
VALID = load_cases(__file__, "VALID")


@pytest.mark.parametrize(("text", "names"), VALID)
def test_redactor_finds_person(redactor, text: str, names: list[str]) -> None:
    assert all(n in text for n in names)  # the table itself is consistent
    assert _persons(redactor, text) == names, _all_spans(redactor, text)


# The field's vocabulary, roles and sentence openings: no one is named in any of these.
INVALID = load_cases(__file__, "INVALID")


@pytest.mark.parametrize("text", INVALID)
def test_no_person_in_field_vocabulary(
    recognizer: PersonNameRecognizer, redactor, text: str
) -> None:
    artifacts = redactor.nlp_engine.process_text(text, "en")
    direct = recognizer.analyze(text, entities=[PERSON], nlp_artifacts=artifacts)
    assert [text[r.start : r.end] for r in direct] == []
    assert _persons(redactor, text) == [], _all_spans(redactor, text)


def test_needs_spacy_artifacts(recognizer: PersonNameRecognizer) -> None:
    assert recognizer.analyze("Sarah JONES called.", entities=[PERSON], nlp_artifacts=None) == []


def test_supported_entities() -> None:
    assert PersonNameRecognizer().get_supported_entities() == [PERSON]


# Names the recogniser reads from shape or cue rather than from a gazetteer. Each case checks the
# recogniser's own candidates on the redactor's spaCy artifacts, so spaCy's NER cannot mask a
# missing rule.
RULE_VALID = load_cases(__file__, "RULE_VALID")


def _rule_names(recognizer: PersonNameRecognizer, redactor, text: str) -> list[str]:
    artifacts = redactor.nlp_engine.process_text(text, "en")
    found = recognizer.analyze(text, entities=[PERSON], nlp_artifacts=artifacts)
    return [text[r.start : r.end] for r in sorted(found, key=lambda r: r.start)]


@pytest.mark.parametrize(("text", "names"), RULE_VALID)
def test_rule_finds_person(
    recognizer: PersonNameRecognizer, redactor, text: str, names: list[str]
) -> None:
    found = _rule_names(recognizer, redactor, text)
    assert all(name in found for name in names), found


NAME_CUE_LINES = load_cases(__file__, "NAME_CUE_LINES")


@pytest.mark.parametrize(("text", "names"), NAME_CUE_LINES)
def test_name_cue_reads_one_broken_line(
    recognizer: PersonNameRecognizer, redactor, text: str, names: list[str]
) -> None:
    # Two rules may report the same span; what matters is which spans there are.
    assert set(_rule_names(recognizer, redactor, text)) == set(names)


RULE_INVALID = load_cases(__file__, "RULE_INVALID")


@pytest.mark.parametrize("text", RULE_INVALID)
def test_rule_finds_no_person(recognizer: PersonNameRecognizer, redactor, text: str) -> None:
    assert _rule_names(recognizer, redactor, text) == []


@pytest.mark.parametrize(
    ("span_text", "offset"),
    [
        pytest.param("Åsa Lindqvist", 0, id="capital with ring"),
        pytest.param("Éva Szabó", 0, id="capital with acute"),
        pytest.param("Mum Ágnes Farkas", 4, id="role then accented name"),
    ],
)
def test_role_stripping_keeps_accented_first_letter(span_text: str, offset: int) -> None:
    """A name opening with a non-ASCII capital kept its first letter only from this fix on."""
    from referral_nlp.redaction.vocabulary import strip_leading_vocabulary

    assert strip_leading_vocabulary(span_text) == offset
