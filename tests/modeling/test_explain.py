"""Sentence occlusion: exactness of reusing sentence vectors, top effects, bounded cost."""

from __future__ import annotations

import numpy as np
import pytest

from referral_nlp.data.schema import LABELS
from referral_nlp.modeling.explain import (
    BLANK,
    OcclusionExplainer,
    blank_out,
    probability_points,
    split_sentences,
)
from referral_nlp.modeling.predict import RiskPredictor
from referral_nlp.modeling.sentences import note_sentences

# What a sentence is (the unit occluded) is tested in test_sentences.py.
LONG = (
    "Police attended after a DA incident. Mum had a cut lip. Children were present. "
    "Dad left before officers arrived. School reports low attendance. "
    "Grandmother is supportive and visits daily. Mum engaged with the HV. "
) * 3


def _blanked_from_scratch(predictor: RiskPredictor, record: dict, k: int) -> np.ndarray:
    """Probabilities of the note with sentence k blanked, every sentence encoded anew: the
    transformer part reads an empty sentence in its slot, the n-gram part the note without
    its words."""
    text = record["text"]
    a, b = split_sentences(text)[k]
    without = dict(record, text=(text[:a] + " " + text[b:]).strip())
    ngram = predictor.predict_components([without])["ngram"]
    sentences = note_sentences(record, predictor.text_fields)
    sentences[k] = BLANK
    structured = predictor.note_inputs([record]).structured
    transformer = predictor.transformer_logits([sentences], structured)
    logits = predictor.blend.combine(predictor.labels, ngram, transformer)
    return predictor.probabilities_from_logits(logits)[0]


def test_effects_equal_scoring_the_note_with_the_sentence_blanked(saved_artifact, records):
    """Occlusion reuses the note's sentence vectors; the effect must equal a full re-score."""
    predictor = RiskPredictor(saved_artifact).load()
    record = dict(records[0], text=LONG)
    base = predictor.predict([record])[0]
    effects = OcclusionExplainer(predictor).sentence_effects(record)
    assert [(e.start, e.end) for e in effects[LABELS[0]]] == split_sentences(LONG)
    assert any(abs(e.effect) > 1e-6 for e in effects[LABELS[0]])
    for k in (0, 4, 7, len(split_sentences(LONG)) - 1):
        expected = _blanked_from_scratch(predictor, record, k)
        for j, label in enumerate(LABELS):
            blanked = base[label]["probability"] - effects[label][k].effect
            assert blanked == pytest.approx(expected[j], abs=1e-5), (k, label)


@pytest.mark.parametrize(
    ("full", "without", "expected"),
    [
        (["a", "b", "c"], ["a", "c"], ["a", BLANK, "c"]),
        (["a", "b", "c"], ["b", "c"], [BLANK, "b", "c"]),
        (["a", "b", "c"], ["a", "b"], ["a", "b", BLANK]),
        (["a", "b", "c", "d"], ["a", "d"], ["a", BLANK, BLANK, "d"]),
        (["a", "a", "a"], ["a", "a"], ["a", "a", BLANK]),
        (["a", "b"], ["a", "b"], ["a", "b"]),  # a run without words: nothing cut
        (["a", "b", "c"], ["a", "b+c"], ["a", BLANK, "b+c"]),  # the neighbour changed
        (["a"], [], [BLANK]),
    ],
)
def test_blank_out_keeps_every_slot(full: list, without: list, expected: list) -> None:
    assert blank_out(full, without) == expected
    assert len(blank_out(full, without)) >= len(without)


def test_explain_keeps_top_raising_then_lowering(saved_artifact, records):
    predictor = RiskPredictor(saved_artifact).load()
    record = dict(records[1], text=LONG)
    explainer = OcclusionExplainer(predictor, top_k=2, min_effect=0.0)
    everything = explainer.sentence_effects(record)
    for label, kept in explainer.explain(record).items():
        raised = [e for e in kept if e.effect > 0]
        lowered = [e for e in kept if e.effect < 0]
        assert kept == raised + lowered and len(raised) <= 2 and len(lowered) <= 2
        best_up = max(everything[label], key=lambda e: e.effect)
        if best_up.effect > 0:
            assert raised[0] == best_up
        for e in kept:
            d = e.to_dict(LONG)
            assert d["sentence"] == LONG[e.start : e.end]
            assert d["direction"] == ("raised" if e.effect > 0 else "lowered")


def test_many_sentences_are_grouped_into_bounded_segments(saved_artifact, records):
    predictor = RiskPredictor(saved_artifact).load()
    text = " ".join(f"Line {i} about the visit." for i in range(50))
    effects = OcclusionExplainer(predictor, max_segments=8).sentence_effects(
        dict(records[2], text=text)
    )
    segments = [(e.start, e.end) for e in effects[LABELS[0]]]
    assert len(segments) == 8
    assert segments[0][0] == 0 and segments[-1][1] == len(text)
    assert all(a < b for a, b in segments)


def test_note_without_words_has_no_effects(saved_artifact, records):
    predictor = RiskPredictor(saved_artifact).load()
    result = OcclusionExplainer(predictor).explain(dict(records[0], text="... !!"))
    assert result == {label: [] for label in LABELS}


class _Steps:
    """A calibrator that is a step function of the logit, as an isotonic one is."""

    kind = "logit"

    def transform(self, logits: np.ndarray) -> np.ndarray:
        return np.where(np.asarray(logits) > 50.0, 0.9, 0.3)


def test_a_step_calibrator_does_not_hide_what_a_sentence_did(saved_artifact, records):
    """Every variant of the note falls in one calibration step, so calibrated differences are
    all 0; the effects must still be the model's own log-odds changes, with their signs."""
    predictor = RiskPredictor(saved_artifact).load()
    record = dict(records[0], text=LONG)
    plain = OcclusionExplainer(predictor).sentence_effects(record)
    predictor.calibrators = {label: _Steps() for label in LABELS}
    stepped = OcclusionExplainer(predictor).sentence_effects(record)
    for label in LABELS:
        assert predictor.predict([record])[0][label]["probability"] == pytest.approx(0.3)
        assert any(abs(e.effect) > 1e-6 for e in stepped[label])
        for with_steps, without_steps in zip(stepped[label], plain[label], strict=True):
            assert np.sign(with_steps.effect) == np.sign(without_steps.effect)
            # Shown at the calibrated 0.3, from the same log-odds change.
            p = predictor.predict([record])[0][label]["probability"]
            raw = 1 / (1 + np.exp(-predictor.predict_logits([record])[0][0, LABELS.index(label)]))
            change = np.log(raw / (1 - raw)) - np.log(
                (raw - without_steps.effect) / (1 - raw + without_steps.effect)
            )
            assert with_steps.effect == pytest.approx(
                float(probability_points(np.array([p]), np.array([change]))[0]), abs=1e-6
            )


@pytest.mark.parametrize("p", [0.02, 0.3, 0.97])
def test_probability_points_equal_the_plain_difference_without_calibration(p: float) -> None:
    z = np.log(p / (1 - p))
    for change in (-1.5, -0.1, 0.0, 0.4, 2.0):
        expected = 1 / (1 + np.exp(-z)) - 1 / (1 + np.exp(-(z - change)))
        assert probability_points(np.array([p]), np.array([change]))[0] == pytest.approx(expected)
