"""NegEx-style negation scope for the n-gram features: which words a negation governs."""

from __future__ import annotations

import pytest

from referral_nlp.modeling.negation_scope import SCOPE_WORDS, mark_negation_scope


def _negated(text: str) -> list[str]:
    return [
        t.removeprefix("neg_") for t in mark_negation_scope(text).split() if t.startswith("neg_")
    ]


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("No bruising was seen.", ["bruising", "was", "seen"]),
        ("Mum has not engaged with the IDVA, but dad has.", ["engaged", "with", "the", "idva"]),
        ("Child didn't want to go home", ["want", "to", "go", "home"]),
        ("He doesn’t attend school", ["attend", "school"]),
        ("Nil concerns re alcohol; mum works nights.", ["concerns", "re", "alcohol"]),
        ("She denies any DA in the relationship", ["any", "da", "in", "the", "relationship"]),
        ("Without a coat in the rain", ["a", "coat", "in", "the", "rain"]),
        ("Never seen by the GP and the school is worried", ["seen", "by", "the", "gp"]),
        ("No food in the house and not washed", ["food", "in", "the", "house", "washed"]),
        (
            "Nothing to suggest <PERSON_1> is at risk",
            ["to", "suggest", "person_1", "is", "at", "risk"],
        ),
        ("No. 5 on the list", []),
        ("Dad knows the note was noted at noon", []),
        ("Noah and Nora attended", []),
        ("", []),
    ],
)
def test_negation_governs_the_words_up_to_its_clause_end(text, negated):
    assert _negated(text) == negated


def test_the_scope_stops_after_a_window_of_words():
    text = "no " + " ".join(f"w{i}" for i in range(SCOPE_WORDS + 4))
    assert _negated(text) == [f"w{i}" for i in range(SCOPE_WORDS)]


def test_words_outside_any_scope_are_kept_lower_cased_and_unprefixed():
    assert mark_negation_scope("Mum REPORTED bruising (left arm)") == (
        "mum reported bruising ( left arm )"
    )
