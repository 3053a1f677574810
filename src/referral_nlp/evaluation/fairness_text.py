"""The words of the fairness report: what each finding is, and what it means for a reviewer.

One place for the sentences, so the evaluation report, eval.md and the model card say the same
thing. :func:`meaning_key` names the finding behind a flagged comparison (which way it points,
and, where the data has the generator's true risks, whether the records or the model are out of
line); :data:`MEANINGS` says in a reviewer's terms what it means; :func:`finding_text` gives the
numbers behind it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from referral_nlp.evaluation.group_bootstrap import Estimate

__all__ = [
    "CALIBRATION",
    "COMPARISON_NAMES",
    "ERROR_RATE_KINDS",
    "FPR_EXCESS",
    "MEANINGS",
    "MODEL_VS_TRUTH",
    "TPR_EXCESS",
    "finding_text",
    "meaning_key",
    "short_finding",
]

CALIBRATION = "calibration"
MODEL_VS_TRUTH = "model_vs_truth"
TPR_EXCESS = "tpr_excess"
FPR_EXCESS = "fpr_excess"
ERROR_RATE_KINDS = (TPR_EXCESS, FPR_EXCESS)
#: Plain names of the flagged comparisons, for tables.
COMPARISON_NAMES: dict[str, str] = {
    CALIBRATION: "calibration within the group (recorded vs predicted)",
    MODEL_VS_TRUTH: "model vs true risk",
    TPR_EXCESS: "true-positive-rate gap beyond what the truth explains",
    FPR_EXCESS: "false-positive-rate gap beyond what the truth explains",
}

#: What a flag means for a reviewer, by :func:`meaning_key`. Short: the card's summary table
#: shows one per flag and has to fit on a screen.
MEANINGS: dict[str, str] = {
    "recording_high": (
        "Outcomes are recorded more often for these children than their underlying risk "
        "explains; the model's scores follow the risk, the records do not. Do not read the "
        "extra recorded outcomes as extra need: ask whether this group is watched or recorded "
        "differently."
    ),
    "recording_low": (
        "Outcomes are recorded less often for these children than their underlying risk "
        "explains (under-recording). Their scores look too high against the records; do not "
        "lower them on that evidence."
    ),
    "under_predicted": (
        "Outcomes were recorded more often than these children's scores say: either the model "
        "under-states their risk, or their outcomes are recorded more often than their need "
        "explains. These data cannot tell which: treat low scores with caution and check "
        "recording practice."
    ),
    "over_predicted": (
        "Outcomes were recorded less often than these children's scores say: either the model "
        "over-states their risk, or their outcomes are under-recorded. Treat high scores with "
        "caution."
    ),
    "learned_recording": (
        "Outcomes are recorded more often for these children than their underlying risk "
        "explains, and the model has learned that extra recording as risk: their scores are "
        "higher than their need. Do not read a high score for this group as need alone; ask "
        "whether this group is watched or recorded differently."
    ),
    "under_rated": (
        "The model under-states these children's risk against the true risk: some who need a "
        "follow-up will score too low. Do not rely on a low score for this group."
    ),
    "over_rated": (
        "The model over-states these children's risk against the true risk: more of them are "
        "flagged than their need justifies."
    ),
    "misses_more": (
        "At this operating point a child in this group who goes on to have the outcome is less "
        "likely to be flagged than the truth explains."
    ),
    "misses_fewer": (
        "At this operating point children outside this group who go on to have the outcome are "
        "less likely to be flagged than the truth explains."
    ),
    "false_flags_more": (
        "At this operating point more of this group's children are flagged without going on to "
        "have the outcome than the truth explains: more unnecessary scrutiny of these families."
    ),
    "false_flags_fewer": (
        "At this operating point the rest of the children carry more of the false flags than "
        "the truth explains."
    ),
}


def _pct(value: float) -> str:
    return "n/a" if not math.isfinite(value) else f"{value:.0%}"


def _signed(value: float) -> str:
    return "n/a" if not math.isfinite(value) else f"{value:+.3f}"


def _interval(est: Estimate) -> str:
    if not (math.isfinite(est.low) and math.isfinite(est.high)):
        return "no interval"
    return f"[{est.low:+.3f}, {est.high:+.3f}]"


def _records_dominate(stats: Mapping[str, Estimate], positive: bool) -> bool:
    """With true risks: is the recorded-vs-truth part of a calibration gap the larger part?"""
    recorded = stats["recorded_vs_truth"].value
    model = stats["model_vs_truth"].value
    if not (math.isfinite(recorded) and math.isfinite(model)):
        return False
    signed = recorded if positive else -recorded
    return signed > 0 and signed >= abs(model)


def _recorded_above_truth(stats: Mapping[str, Estimate]) -> bool:
    """Are the group's recorded outcomes clearly above its true risk (interval above 0)?"""
    low = stats["recorded_vs_truth"].low
    return math.isfinite(low) and low > 0


def meaning_key(kind: str, value: float, stats: Mapping[str, Estimate], has_oracle: bool) -> str:
    """The key in :data:`MEANINGS` of a flagged comparison."""
    positive = value > 0
    if kind == CALIBRATION:
        if has_oracle:
            if _records_dominate(stats, positive):
                return "recording_high" if positive else "recording_low"
            return "under_rated" if positive else "over_rated"
        return "under_predicted" if positive else "over_predicted"
    if kind == MODEL_VS_TRUTH:
        if positive and _recorded_above_truth(stats):
            return "learned_recording"
        return "over_rated" if positive else "under_rated"
    if kind == TPR_EXCESS:
        return "misses_fewer" if positive else "misses_more"
    if kind == FPR_EXCESS:
        return "false_flags_more" if positive else "false_flags_fewer"
    raise ValueError(f"kind: expected one of {list(COMPARISON_NAMES)}, got {kind!r}.")


def short_finding(
    kind: str, stats: Mapping[str, Estimate], has_oracle: bool, point: str | None = None
) -> str:
    """A few words with the numbers, for a summary table row."""
    if kind == CALIBRATION:
        text = (
            f"recorded {_pct(stats['outcome_rate'].value)} vs predicted "
            f"{_pct(stats['mean_predicted'].value)}"
        )
        if has_oracle:
            text += f" (true risk {_pct(stats['true_risk'].value)})"
        return text
    if kind == MODEL_VS_TRUTH:
        return (
            f"mean score {_pct(stats['mean_predicted'].value)} vs true risk "
            f"{_pct(stats['true_risk'].value)}"
        )
    rate = "TPR" if kind == TPR_EXCESS else "FPR"
    key = "tpr" if kind == TPR_EXCESS else "fpr"
    return (
        f"{rate} gap to the rest {_signed(stats[f'{key}_gap|{point}'].value)} at {point}, "
        f"{_signed(stats[f'oracle_{key}_gap|{point}'].value)} from the truth"
    )


def finding_text(
    kind: str,
    stats: Mapping[str, Estimate],
    estimate: Estimate,
    tolerance: float,
    p_adjusted: float,
    has_oracle: bool,
    point: str | None = None,
) -> str:
    """One flagged (or inconclusive) comparison in words, with its numbers and interval."""
    evidence = (
        f"{_signed(estimate.value)} {_interval(estimate)}, tolerance {tolerance:g}, "
        f"Holm-adjusted p {p_adjusted:.3g}"
    )
    positive = estimate.value > 0
    if kind == CALIBRATION:
        recorded = _pct(stats["outcome_rate"].value)
        predicted = _pct(stats["mean_predicted"].value)
        head = (
            f"outcome recorded for {recorded} of these cases against {predicted} predicted "
            f"(recorded - predicted {evidence})"
        )
        if has_oracle:
            truth = _pct(stats["true_risk"].value)
            if _records_dominate(stats, positive):
                why = (
                    f"outcomes are recorded {'more' if positive else 'less'} often than the "
                    f"underlying risk explains (true risk {truth}): the records, not the model's "
                    "scores, are out of line"
                    + (" (recording bias)" if positive else " (under-recording)")
                )
            else:
                why = (
                    f"the model {'under' if positive else 'over'}-rates this group's risk "
                    f"(true risk {truth})"
                )
        elif positive:
            why = (
                "either the model under-rates this group's risk or its outcomes are recorded "
                "more often than the underlying risk explains (recording bias); without true "
                "risks these data cannot tell which"
            )
        else:
            why = (
                "either the model over-rates this group's risk or its outcomes are recorded "
                "less often than they happen; without true risks these data cannot tell which"
            )
        return f"{head}: {why}"
    if kind == MODEL_VS_TRUTH:
        text = (
            f"the model {'over' if positive else 'under'}-rates this group's risk: mean score "
            f"{_pct(stats['mean_predicted'].value)} against a true risk of "
            f"{_pct(stats['true_risk'].value)} (predicted - true {evidence})"
        )
        if positive and _recorded_above_truth(stats):
            text += (
                f", and outcomes are recorded more often than the underlying risk explains "
                f"(recorded {_pct(stats['outcome_rate'].value)}): the model has learned the "
                "extra recording as risk (recording bias)"
            )
        return text
    key, what = (
        ("tpr", "cases with the outcome it flags")
        if kind == TPR_EXCESS
        else ("fpr", "cases without the outcome it wrongly flags")
    )
    return (
        f"at {point}, the share of this group's {what} differs from the rest's by "
        f"{_signed(stats[f'{key}_gap|{point}'].value)}, where a model knowing the true risks "
        f"and flagging as many cases differs by "
        f"{_signed(stats[f'oracle_{key}_gap|{point}'].value)} (excess {evidence})"
    )
