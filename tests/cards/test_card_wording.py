"""The card's plain-language sentences about one outcome."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from referral_nlp.cards.content import LabelResult, MetricCI
from referral_nlp.cards.wording import label_sentences


def _label(ece: float, met: bool) -> LabelResult:
    return LabelResult(
        name="re_referral_12m", title="Re-referral", definition="", outcome="came back",
        outcome_one="came back", prevalence_test=None, prevalence_validation=None,
        calibrated={"ece": MetricCI(ece, 0.024, 0.053)}, uncalibrated={},
        calibration_method="temperature", served_calibration_method="temperature",
        ece_target=0.03, ece_met=met, operating_points=[], comparison=[], groups=[],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("ece", "met", "shown"),
    [
        (0.0302, False, "off by about 3.02 percentage points"),  # 3.0 would look like the target
        (0.0340, False, "off by about 3.4 percentage points"),
        (0.0296, True, "off by about 3.0 percentage points"),
        (0.0210, True, "off by about 2.1 percentage points"),
    ],
)
def test_a_missed_calibration_target_never_reads_as_equal_to_it(
    ece: float, met: bool, shown: str
) -> None:
    evaluation = SimpleNamespace(confidence=95)
    text = " ".join(label_sentences(_label(ece, met), evaluation, None))  # type: ignore[arg-type]
    assert shown in text
    assert ("(NOT met)" in text) is not met


def _architecture_with_ngram(**recipe: object) -> str:
    """The card's architecture text for a frozen-encoder run whose blend uses an n-gram part."""
    from referral_nlp.cards.sections import model_details

    blend = {"re_referral_12m": {"ngram": 0.5, "transformer": 0.6, "bias": 0.0}}
    run = {"recipe": {"encoder": "frozen (cached sentence vectors)", "blend": blend, **recipe}}
    return model_details({}, {}, {}, None, run, []).architecture


@pytest.mark.parametrize(
    ("negation_scope", "shown"),
    [
        (True, "redacted text, with the words a negation governs marked, and the structured"),
        (False, "redacted text and the structured fields"),
    ],
)
def test_architecture_says_whether_the_ngram_part_marks_negation(negation_scope, shown):
    assert shown in _architecture_with_ngram(ngram_negation_scope=negation_scope)


@pytest.mark.parametrize("shared", [["escalation_12m"], ["escalation_12m", "re_referral_12m"], []])
def test_architecture_names_the_outcomes_whose_ngram_weights_were_fitted_together(shared):
    architecture = _architecture_with_ngram(ngram_shared_labels=shared)
    if len(shared) == 2:
        assert "; the outcomes fitted together, sharing most weights" in architecture
    elif shared:
        assert "; escalation within 12 months fitted together with the other outcome" in (
            architecture
        )
    else:
        assert "fitted together" not in architecture
    assert "logistic regression" in architecture


@pytest.mark.parametrize(
    ("blend", "across"),
    [
        ({"re_referral_12m": {"ngram": 0.5, "transformer": 0.6, "bias": 0.0}}, False),
        (
            {"format": "referral-nlp-blend", "version": 2, "labels": {
                "re_referral_12m": {"bias": 0.0, "inputs": {
                    "ngram": {"re_referral_12m": 0.5, "escalation_12m": 0.2},
                    "transformer": {"re_referral_12m": 0.6, "escalation_12m": 0.0}}}}},
            True,
        ),
    ],
    ids=["version-1-recipe", "across-labels"],
)  # fmt: skip
def test_architecture_says_whether_the_blend_reads_both_outcomes(blend, across):
    from referral_nlp.cards.sections import model_details

    run = {"recipe": {"encoder": "frozen (cached sentence vectors)", "blend": blend}}
    details = model_details({}, {}, {}, None, run, [])
    assert "An n-gram part" in details.architecture
    assert ("reads both outcomes' scores from both parts" in details.architecture) is across


@pytest.mark.parametrize(
    ("backend", "int8"), [("onnx-int8", True), (None, False)], ids=["int8", "float32"]
)
def test_architecture_says_when_the_vectors_are_int8(backend, int8):
    from referral_nlp.cards.sections import model_details

    run = {"recipe": {"encoder": "frozen (cached sentence vectors)"}}
    details = model_details({}, {"frozen_encoder_backend": backend}, {}, None, run, [])
    assert ("in int8 arithmetic (ONNX Runtime" in details.architecture) is int8
    assert "kept frozen" in details.architecture
