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
