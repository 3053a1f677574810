"""english_words: the spaCy model's own dictionary, read once and kept on its vocabulary."""

from __future__ import annotations

import pytest

from referral_nlp.redaction.config import DEFAULT_SPACY_MODEL
from referral_nlp.redaction.english_words import attach_english_words, english_dictionary


@pytest.fixture(scope="module")
def nlp():
    import spacy

    # The redactor's own pipeline: the lemmatizer, whose tables hold the dictionary, is left out.
    return spacy.load(DEFAULT_SPACY_MODEL, exclude=["parser", "attribute_ruler", "lemmatizer"])


def test_the_dictionary_comes_from_the_models_files_without_its_lemmatizer(nlp) -> None:
    assert attach_english_words(nlp, DEFAULT_SPACY_MODEL)
    words = english_dictionary(nlp.make_doc("x"))
    assert words is not None
    # First names that are words are in it; first names that are no word are not.
    assert all(w in words for w in ("song", "winter", "foster", "buddy"))
    assert all(w in words for w in ("hung", "jarred"))  # irregular forms from the exceptions
    assert not any(w in words for w in ("kacper", "jayden", "chinedu"))


def test_a_model_without_a_dictionary_has_none(tmp_path) -> None:
    import spacy

    blank = spacy.blank("en")
    assert not attach_english_words(blank, str(tmp_path))
    assert english_dictionary(blank.make_doc("kacper")) is None


def test_a_model_of_another_language_gives_no_english_dictionary(tmp_path) -> None:
    import spacy

    french = spacy.blank("fr")
    assert not attach_english_words(french, str(tmp_path))
    assert english_dictionary(french.make_doc("kacper")) is None


@pytest.mark.parametrize(
    ("word", "slip"),
    [
        ("diclosed", True),  # a letter left out
        ("inforemd", True),  # two letters swapped
        ("shoouts", True),  # a letter typed twice
        ("acceepted", True),
        ("cotnactable", True),  # a swap in a derived word
        ("adn", True),  # ... into a stop word
        ("contactable", True),  # a derived ending on a word
        ("uncontactable", True),  # ... and a prefix
        ("selfharm", True),  # ... or two words run together
        ("hungover", True),
        ("rehab", True),  # a word of the field the dictionary lacks
        ("rasa", False),  # one slip from a short, obscure word ("rasta"): not counted
        ("esra", False),
        ("oksana", False),  # names no dictionary holds, nor one slip from one
        ("wiktor", False),
        ("hania", False),  # one letter changed from "mania": not counted
        ("kazlauskiene", False),
    ],
)
def test_a_slip_of_the_keyboard_is_told_from_a_name(nlp, word, slip) -> None:
    from referral_nlp.redaction.english_words import near_word

    attach_english_words(nlp, DEFAULT_SPACY_MODEL)
    assert near_word(english_dictionary(nlp.make_doc("x")), word) is slip
