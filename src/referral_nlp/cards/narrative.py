"""The card's narrative parts: factors, ethical considerations, caveats and recommendations.

Fixed paragraphs (what recording bias and feedback loops mean for this task) plus what the
evaluation found for this model (fairness flags, missed targets, groups too small to judge, the
int8 check), so a caveat is never written by hand for one model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from referral_nlp.cards.content import EvaluationData, Flag, MetricCI, ModelCardData, TrainingData
from referral_nlp.cards.formatting import fmt_num, fmt_pct
from referral_nlp.cards.wording import ATTRIBUTE_DISPLAY

__all__ = ["caveats_and_recommendations", "ethical_considerations", "factors", "int8_caveat"]


def factors(evaluation: EvaluationData) -> list[str]:
    attrs = [ATTRIBUTE_DISPLAY.get(a, a) for a in evaluation.measured_attributes]
    unrecorded = [ATTRIBUTE_DISPLAY.get(a, a) for a in evaluation.unrecorded_attributes]
    return [
        "Groups: results are reported per "
        + (", ".join(attrs) if attrs else "group (no group attributes were evaluated)")
        + (f"; not for {', '.join(unrecorded)}, which no test case records" if unrecorded else "")
        + ". Sex, ethnicity and disability are recorded for this check only; they are not "
        "model inputs unless stated under Model details.",
        "Instrumentation: how a council writes and codes referrals (its case-management "
        "system, templates, abbreviations, which assessment factors it records) shapes the "
        "text and fields the model sees; a model moved to another council meets other writing.",
        "Environment: referral and re-referral rates follow local thresholds, services and "
        "recording practice, which change over time; the labels record what was recorded, not "
        "what happened to a child.",
    ]


def ethical_considerations(training: TrainingData, flags: list[Flag]) -> list[str]:
    out = [
        "Sensitive data: referral notes describe children, families and professionals. Personal "
        "data are removed before any model sees a note; the artefact holds weights and "
        "configuration only, evaluation reports hold aggregates only, and this card quotes no "
        "note.",
        "Decisions about children: a score can anchor a reviewer (automation bias). The model "
        "never makes or automates a decision; the reviewer sees why a score is what it is, and "
        "the band wording avoids instructions.",
        "Recorded outcomes are not harm: a re-referral is recorded when someone worries and "
        "calls. Groups that are watched more are re-referred more at the same need, and a model "
        "trained on those records learns the scrutiny as risk (recording bias). Per-group "
        "calibration gaps are reported to catch this.",
        "Feedback loops: a case kept open or stepped down because of a high score receives more "
        "contact, which changes the outcomes later models are trained on.",
        "A contested field: an evaluation of machine-learning models in four English local "
        "authorities (2020) found that none reached its pre-set bar of 65% precision and that "
        "the models missed most at-risk children. This card reports the same measures so a "
        "reader can compare.",
    ]
    if any(f.kind == "fairness" for f in flags):
        out.append(
            "The evaluation flagged performance gaps between groups (see Quantitative "
            "analyses); using the model without addressing them risks treating those children "
            "differently."
        )
    if training.synthetic:
        out.append(
            "Synthetic data: no real person's data were used to train or evaluate this model, "
            "and its numbers are no evidence about real children."
        )
    return out


def int8_caveat(report: Mapping[str, Any]) -> str:
    """What the artefact's int8 check found, in words (``referral-nlp int8-check``)."""
    per_label = [v for v in (report.get("labels") or {}).values() if isinstance(v, Mapping)]

    def values(key: str) -> list[float]:
        return [float(v[key]) for v in per_label if isinstance(v.get(key), int | float)]

    def share(key: str) -> str:
        found = values(key)
        return f"{min(found):.1%}" if found else "n/a"

    changes = values("max_abs_diff")
    largest = f"{max(changes):.3f}" if changes else "n/a"
    measured = (
        f"on {report.get('n_cases', 'n/a')} held-out cases the int8 CPU encoder moved calibrated "
        f"probabilities by at most {largest} and agreed with this model on at least "
        f"{share('band_agreement')} of bands and {share('flag_agreement')} of flags"
    )
    if report.get("passed"):
        return (
            f"Serving arithmetic: {measured}, within the check's limits, so a CPU service may "
            "serve it in int8; the audit log records which arithmetic scored each case."
        )
    return (
        f"Serving arithmetic: {measured}, outside the check's limits, so the service scores "
        "this model in float32 (the arithmetic evaluated here) unless an operator forces int8."
    )


def caveats_and_recommendations(data: ModelCardData) -> tuple[list[str], list[str]]:
    caveats: list[str] = []
    recs: list[str] = []
    if data.training_data.synthetic:
        caveats.append(
            "Trained and evaluated on synthetic data: the numbers describe the generator, not "
            "any council. They show the pipeline works; they are not evidence that the model "
            "would help with real cases."
        )
        recs.append(
            "Before any real use, retrain and re-evaluate on the deploying organisation's own "
            "records and generate a new card from that evaluation."
        )
    for label in data.labels:
        if label.ece_met is False:
            caveats.append(
                f"{label.title}: calibrated probabilities miss the calibration target on test "
                f"(ECE {fmt_num(label.calibrated.get('ece', MetricCI(None)).value)}, target "
                f"{fmt_num(label.ece_target)}); read them as rough rankings, not rates."
            )
        for point in label.operating_points:
            if not point.reachable:
                caveats.append(f"{label.title}, {point.name}: {point.note}.")
            elif (
                point.kind == "precision"
                and point.target is not None
                and point.precision is not None
                and point.precision < point.target
            ):
                caveats.append(
                    f"{label.title}, {point.name}: chosen for {fmt_pct(point.target)} precision "
                    f"on validation, it reached {fmt_pct(point.precision)} on test."
                )
        small = sorted(
            {f"{g.attribute}={g.group}" for g in label.groups if g.status.startswith("not enough")}
        )
        if small:
            caveats.append(
                f"{label.title}: {len(small)} group(s) had too few cases to judge "
                f"({', '.join(small)}); their gaps are unknown, not absent."
            )
    fairness = [f for f in data.flags if f.kind == "fairness"]
    if fairness:
        caveats.append(f"{len(fairness)} fairness flag(s) were raised (see Quantitative analyses).")
        recs.append(
            "Investigate each flagged group before use: check recording practice for the group, "
            "and whether the gap persists on the council's own data."
        )
    caveats.append(
        "The precision and recall intervals at the operating points are Wilson intervals from "
        "the test counts; they ignore that siblings share a family, so they are a little too "
        "narrow. The AUROC, AP, Brier and ECE intervals are a family-cluster bootstrap when the "
        "evaluation had family ids."
    )
    caveats.append(
        "Performance drifts as practice, thresholds and recording change: the numbers hold for "
        "data like the test split, and only for as long as practice stays the same."
    )
    recs += [
        "Show the score only at the closure review, beside the redacted note and its "
        "explanation, and never as the reason for a decision.",
        "Re-evaluate at least yearly, and whenever the case-management system, thresholds or "
        "recording practice change; regenerate this card from each evaluation.",
        "Monitor per-group results in use, and audit who scored which case with which model "
        "version.",
    ]
    if data.not_available:
        caveats.append(
            "Some inputs were not available when this card was generated; see Inputs not available."
        )
    return caveats, recs
