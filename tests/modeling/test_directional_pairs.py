"""Directional sanity: pairs of notes that differ in one risk factor are ordered correctly.

The slow test scores the hand-written pairs in ``samples/directional_pairs.jsonl`` (the file the
main job's evaluation reads), and the held-out ones in ``samples/directional_pairs_heldout.jsonl``,
with the default trained model and asks for at least 90% of pairs ordered correctly for
re-referral.
The fast tests check the pairs file and the scoring helper.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from referral_nlp.modeling.directional import directional_accuracy, format_directional, load_pairs

REPO = Path(__file__).resolve().parents[2]
PAIRS_FILE = REPO / "samples" / "directional_pairs.jsonl"
#: Written by another author who saw neither the generator's phrasings nor the first file, so
#: that a change to the generator can be checked on pairs it was not shaped by.
HELDOUT_FILE = REPO / "samples" / "directional_pairs_heldout.jsonl"
#: Each file with the fewest pairs it must hold.
PAIR_FILES = {PAIRS_FILE: 80, HELDOUT_FILE: 44}
FACTORS = {  # the directions of risk the text carries (negation, recency, severity, engagement)
    "negation_only",
    "historic_vs_current_other",
    "domestic_abuse_current",
    "domestic_abuse_historic",
    "injury_explanation",
    "engagement",
    "disguised_compliance",
    "protective_adult",
    "escalating_frequency",
    "severity",
    "child_voice",
}
LABELS = {"re_referral_12m", "escalation_12m"}
MIN_ACCURACY = 0.90


@pytest.fixture(scope="module", params=sorted(PAIR_FILES), ids=lambda p: p.stem)
def pair_file(request) -> Path:
    return request.param


@pytest.fixture(scope="module")
def pairs(pair_file) -> list[dict]:
    return load_pairs(pair_file)


def test_pairs_file_covers_every_factor_and_differs_only_in_text(pairs, pair_file):
    assert len(pairs) >= PAIR_FILES[pair_file]
    assert {p["factor"] for p in pairs} == FACTORS
    for pair in pairs:
        assert "re_referral_12m" in pair["direction_labels"]
        assert set(pair["direction_labels"]) <= LABELS
        higher, lower = dict(pair["higher"]), dict(pair["lower"])
        assert higher.pop("text") != lower.pop("text")
        assert higher == lower  # structured fields identical: only the text can move the score


def test_pairs_differ_in_one_sentence_only(pairs):
    """One factor per pair: the rest of the note is word for word the same."""
    from referral_nlp.modeling.directional import differing_sentence

    for pair in pairs:
        assert differing_sentence(pair["higher"]["text"], pair["lower"]["text"]) is not None


class KeywordPredictor:
    """A stand-in model: logit = number of risk words in the note (ties when none differ)."""

    labels = ("re_referral_12m", "escalation_12m")
    words = ("third", "not engaging", "no explanation", "current", "no wider", "concerns re")

    def predict_logits(self, records):
        scores = [sum(w in r["text"].lower() for w in self.words) for r in records]
        return np.array([[s, s] for s in scores], dtype=float), [1] * len(records)


def test_directional_accuracy_reports_overall_and_per_factor():
    pairs = [
        {"factor": "freq", "higher": {"text": "Third PPN."}, "lower": {"text": "First PPN."}},
        {"factor": "freq", "higher": {"text": "Same."}, "lower": {"text": "Same."}},  # a tie
        {"factor": "eng", "higher": {"text": "Not engaging."}, "lower": {"text": "Engaged."}},
    ]
    result = directional_accuracy(KeywordPredictor(), pairs)
    assert result["n_pairs"] == 3 and result["n_correct"] == 2
    assert result["accuracy"] == pytest.approx(2 / 3)
    assert result["by_factor"]["freq"] == {"n": 2, "n_correct": 1, "accuracy": 0.5}
    assert result["by_factor"]["eng"]["accuracy"] == 1.0
    assert "2/3 pairs" in format_directional(result)
    with pytest.raises(ValueError, match="not 'nope'"):
        directional_accuracy(KeywordPredictor(), pairs, label="nope")
    with pytest.raises(ValueError, match="at least one pair"):
        directional_accuracy(KeywordPredictor(), [])


@pytest.mark.slow
def test_default_model_orders_directional_pairs(pairs, request):
    from referral_nlp.modeling.default_model import ModelNotFoundError, resolve_model_dir
    from referral_nlp.modeling.predict import RiskPredictor

    try:
        model_dir = resolve_model_dir(None, cwd=REPO)
    except ModelNotFoundError as exc:
        pytest.skip(f"no trained default model to check ({exc})")
    redactor = request.getfixturevalue("redactor")  # only once a model is there to check
    result = directional_accuracy(RiskPredictor(model_dir), pairs, redactor=redactor)
    report = format_directional(result)
    print(report)
    assert result["accuracy"] >= MIN_ACCURACY, report


class FixedEffectsExplainer:
    """A stand-in explainer: each sentence's effect comes from a table keyed by its text."""

    def __init__(self, effects: dict[str, float]) -> None:
        self.effects = effects

    def sentence_effects(self, record):
        from referral_nlp.modeling.explain import SentenceEffect, split_sentences

        text = record["text"]
        found = [
            SentenceEffect(a, b, self.effects[text[a:b].strip()]) for a, b in split_sentences(text)
        ]
        return {"re_referral_12m": found, "escalation_12m": found}


REASSURING = {"Home warm and tidy.": -0.05, "Child happy at school.": -0.04, "HV to visit.": 0.0}


def _one_sentence_pair() -> dict:
    body = "Home warm and tidy. Child happy at school. {} HV to visit."
    return {
        "factor": "risk",
        "higher": {"text": body.format("Dad hit mum last night.")},
        "lower": {"text": body.format("Dad has moved away.")},
    }


RANKING_CASES = [
    # (effect of the higher note's differing sentence, of the lower note's, listed, overall)
    pytest.param(0.02, 0.0, True, False, id="raises-but-smaller-than-two-reassuring-sentences"),
    pytest.param(0.06, 0.0, True, True, id="raises-more-than-anything-else"),
    pytest.param(-0.02, 0.0, False, False, id="lowers-the-higher-note"),
    pytest.param(0.0, -0.06, True, True, id="the-lower-note-agrees"),
    pytest.param(0.0, 0.01, False, False, id="reassurance-raises-the-lower-note"),
]


@pytest.mark.parametrize(("raised", "lowered", "listed", "overall"), RANKING_CASES)
def test_explanation_agreement_ranks_as_listed_or_overall(raised, lowered, listed, overall):
    from referral_nlp.modeling.directional import explanation_agreement

    pair = _one_sentence_pair()
    explainer = FixedEffectsExplainer(
        {**REASSURING, "Dad hit mum last night.": raised, "Dad has moved away.": lowered}
    )
    notes = [{**pair["higher"]}, {**pair["lower"]}]
    for ranking, expected in (("listed", listed), ("overall", overall)):
        result = explanation_agreement(explainer, [pair], notes=notes, ranking=ranking)
        assert result["ranking"] == ranking
        assert result["n_correct"] == int(expected), ranking
    with pytest.raises(ValueError, match="ranking: expected one of"):
        explanation_agreement(explainer, [pair], notes=notes, ranking="by size")


def _agreement(accuracy: float, ranking: str | None) -> dict:
    found = {"accuracy": accuracy, "by_factor": {"severity": {"accuracy": accuracy}}}
    return found if ranking is None else {**found, "ranking": ranking}


def test_eval_md_shows_both_explanation_rankings_and_reads_older_eval_json():
    from referral_nlp.modeling.eval_summary import directional_lines

    ordering = {
        "n_pairs": 8,
        "accuracy": 0.75,
        "by_factor": {"severity": {"n": 8, "n_correct": 6, "accuracy": 0.75}},
    }
    data = {"data": {"labels": ["re_referral_12m"]}, "directional": {"n_pairs": 8}}
    data["directional"]["re_referral_12m"] = {
        "ordering": ordering,
        "explanation": _agreement(0.875, "listed"),
        "explanation_overall": _agreement(0.5, "overall"),
    }
    lines = directional_lines(data)
    assert "| re_referral_12m | severity | 8 | 75% | 88% | 50% |" in lines
    assert "| re_referral_12m | **all** | 8 | **75%** | **88%** | **50%** |" in lines
    # An eval.json from before the two rankings: its one figure ranked all the sentences.
    data["directional"]["re_referral_12m"] = {
        "ordering": ordering,
        "explanation": _agreement(0.5, None),
    }
    lines = directional_lines(data)
    assert "| re_referral_12m | severity | 8 | 75% | n/a | 50% |" in lines
    assert "| re_referral_12m | **all** | 8 | **75%** | n/a | **50%** |" in lines


def test_both_rankings_explain_each_note_once():
    from referral_nlp.modeling.directional import RANKINGS, explanation_agreements

    class CountingExplainer(FixedEffectsExplainer):
        calls = 0

        def sentence_effects(self, record):
            type(self).calls += 1
            return super().sentence_effects(record)

    pair = _one_sentence_pair()
    explainer = CountingExplainer(
        {**REASSURING, "Dad hit mum last night.": 0.02, "Dad has moved away.": 0.0}
    )
    found = explanation_agreements(explainer, [pair], notes=[pair["higher"], pair["lower"]])
    assert set(found) == set(RANKINGS)
    assert found["listed"]["n_correct"] == 1 and found["overall"]["n_correct"] == 0
    assert CountingExplainer.calls == 2  # each side once, not once per ranking
