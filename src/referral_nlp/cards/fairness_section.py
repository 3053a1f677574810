"""The model card's fairness section, from eval.json's fairness part for the carded model.

A governance board reads this section to decide whether the model treats some children worse.
It opens with what was flagged and what each flag means for a reviewer (a short table that fits
on one screen), then says what is *not* a flag (differences in outcome rates between groups,
inconclusive gaps, groups with too little data, attributes not recorded), and only then gives
the detail tables per outcome: outcome rates and calibration per group, and error rates at each
operating point beside the oracle's. The words of each finding come from the evaluation
(:mod:`referral_nlp.evaluation.fairness_text`), so the card and the report say the same thing.

Everything is formatted here into strings; the templates only place them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from referral_nlp.cards.content import (
    ErrorRateRow,
    FairnessSection,
    FlagRow,
    GroupResult,
    GroupRow,
    LabelFairness,
)

__all__ = [
    "MAX_SUMMARY_ROWS",
    "build_fairness_section",
    "fairness_plot_sources",
    "group_results",
]

#: Flags shown in the opening table, and names in each "not a flag" line; the rest are counted,
#: so the table and what is not a flag stay on one screen (40 lines of 120 characters).
MAX_SUMMARY_ROWS = 5
MAX_NAMES = 6


# ---- formatting ---------------------------------------------------------------------------------
def _num(value: Any) -> float:
    return math.nan if value is None else float(value)


def _est(stats: Mapping[str, Any], name: str) -> tuple[float, float, float]:
    e = stats.get(name) or {}
    return _num(e.get("value")), _num(e.get("low")), _num(e.get("high"))


def _formatted(stats: Mapping[str, Any], name: str, fmt: str, interval: bool) -> str:
    value, low, high = _est(stats, name)
    if math.isnan(value):
        return "n/a"
    text = format(value, fmt)
    if interval and not (math.isnan(low) or math.isnan(high)):
        text += f" [{format(low, fmt)}, {format(high, fmt)}]"
    return text


def _rate(stats: Mapping[str, Any], name: str, interval: bool = True) -> str:
    return _formatted(stats, name, ".1%", interval)


def _gap(stats: Mapping[str, Any], name: str, interval: bool = True) -> str:
    return _formatted(stats, name, "+.3f", interval)


def _verdict(group: Mapping[str, Any], kinds: tuple[str, ...], point: str | None = None) -> str:
    """The group's verdict over some of its comparisons (worst first)."""
    status = str(group.get("status") or "")
    if status.startswith("not enough data"):
        return status
    verdicts = {
        str(c.get("verdict"))
        for c in group.get("comparisons") or ()
        if c.get("kind") in kinds and (point is None or c.get("operating_point") == point)
    }
    for verdict in ("flagged", "inconclusive", "within tolerance"):
        if verdict in verdicts:
            return verdict
    return "not tested"


# ---- building -----------------------------------------------------------------------------------
def _model_block(eval_data: Mapping[str, Any] | None, eval_model: str) -> Mapping[str, Any]:
    block = ((eval_data or {}).get("fairness") or {}).get(eval_model) or {}
    return block if isinstance(block, Mapping) and "labels" in block else {}


def group_results(
    eval_data: Mapping[str, Any] | None, eval_model: str, label: str
) -> list[GroupResult]:
    """Every group's verdict on ``label`` (empty without a fairness section)."""
    attributes = ((_model_block(eval_data, eval_model).get("labels") or {}).get(label) or {}).get(
        "attributes"
    ) or {}
    out = []
    for attribute, block in attributes.items():
        for code, g in (block.get("groups") or {}).items():
            texts = [c.get("text") for c in g.get("comparisons") or () if c.get("text")]
            calibration = ((g.get("stats") or {}).get("calibration") or {}).get("value")
            out.append(
                GroupResult(
                    attribute=str(attribute),
                    group=str(code),
                    n=g.get("n"),
                    status=str(g.get("status") or ""),
                    reason="; ".join(texts) or str(g.get("status") or ""),
                    calibration_gap=None if calibration is None else float(calibration),
                    flagged_kinds=[
                        str(c.get("kind"))
                        for c in g.get("comparisons") or ()
                        if c.get("verdict") == "flagged"
                    ],
                )
            )
    return out


def _method(method: Mapping[str, Any]) -> str:
    cal = f"{_num(method.get('calibration_tolerance')):g}"
    text = (
        "Groups are compared on this model's calibrated test scores. Differences in how often "
        "outcomes happen between groups are differences in need: shown below, never flagged. "
        f"Flagged: a group's calibration (recorded minus predicted rate, tolerance {cal})"
    )
    if method.get("oracle"):
        text += (
            f"; its error against the generator's true risks ({cal}); its TPR/FPR gap to the "
            "rest beyond the gap the true risks show when flagging as many cases "
            f"({_num(method.get('tolerance')):g})."
        )
    else:
        text += (
            ". Without true risks, TPR/FPR gaps are shown but not flagged: part of any such gap "
            "follows the groups' different outcome rates, and these data cannot say how much."
        )
    return text + (
        " A flag needs the gap's interval to clear its tolerance after a Holm correction over "
        f"this model's {method.get('n_comparisons', 'n/a')} comparisons, so a fair model's card "
        f"carries a false flag with probability at most {_num(method.get('alpha')):.0%}. "
        f"Intervals: {method.get('interval') or 'bootstrap'}."
    )


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_NAMES])
    return shown + (f" and {len(items) - MAX_NAMES} more" if len(items) > MAX_NAMES else "")


def _not_flags(block: Mapping[str, Any], titles: Mapping[str, str]) -> list[str]:
    out = []
    inconclusive = []
    for label, entry in (block.get("labels") or {}).items():
        for attribute, attr in (entry.get("attributes") or {}).items():
            for code, g in (attr.get("groups") or {}).items():
                if g.get("status") == "inconclusive":
                    inconclusive.append(f"{attribute}={code} ({titles.get(label, label)})")
    if inconclusive:
        out.append(
            f"Inconclusive, more data needed ({len(inconclusive)}): a gap whose own interval "
            f"clears the tolerance, but not after the correction: {_names(inconclusive)}."
        )
    summary = block.get("summary") or {}
    small = summary.get("not_enough_data") or []
    if small:
        out.append(f"Not enough data to judge ({len(small)}): {_names(small)}.")
    missing = summary.get("not_recorded") or {}
    if missing:
        out.append(
            "Not recorded: "
            + ", ".join(f"{attribute} ({count} cases)" for attribute, count in missing.items())
            + "."
        )
    return out


def _label_tables(
    label: str, entry: Mapping[str, Any], title: str
) -> tuple[list[GroupRow], dict[str, list[ErrorRateRow]], dict[str, str]]:
    rows: list[GroupRow] = []
    points = list(entry.get("operating_points") or {})
    errors: dict[str, list[ErrorRateRow]] = {p: [] for p in points}
    for attribute, attr in (entry.get("attributes") or {}).items():
        for code, g in (attr.get("groups") or {}).items():
            stats = g.get("stats") or {}
            verdict = _verdict(g, ("calibration", "model_vs_truth"))
            families = g.get("n_families")
            rows.append(
                GroupRow(
                    attribute=str(attribute),
                    group=str(code),
                    cases=f"{g.get('n')}" + (f" ({families})" if families is not None else ""),
                    outcome_rate=_rate(stats, "outcome_rate"),
                    true_risk=_rate(stats, "true_risk", interval=False),
                    mean_predicted=_rate(stats, "mean_predicted", interval=False),
                    calibration=_gap(stats, "calibration"),
                    model_vs_truth=_gap(stats, "model_vs_truth"),
                    verdict=verdict,
                    flagged=verdict == "flagged",
                )
            )
            for point in points:
                verdict = _verdict(g, ("tpr_excess", "fpr_excess"), point)
                errors[point].append(
                    ErrorRateRow(
                        attribute=str(attribute),
                        group=str(code),
                        tpr=_rate(stats, f"tpr|{point}"),
                        fpr=_rate(stats, f"fpr|{point}"),
                        tpr_gap=_gap(stats, f"tpr_gap|{point}", interval=False)
                        + f" / {_gap(stats, f'oracle_tpr_gap|{point}', interval=False)}",
                        fpr_gap=_gap(stats, f"fpr_gap|{point}", interval=False)
                        + f" / {_gap(stats, f'oracle_fpr_gap|{point}', interval=False)}",
                        verdict=verdict,
                        flagged=verdict == "flagged",
                    )
                )
    thresholds = {
        p: f"{_num(v.get('threshold')):.3f}"
        for p, v in (entry.get("operating_points") or {}).items()
    }
    return rows, errors, thresholds


def build_fairness_section(
    eval_data: Mapping[str, Any] | None, eval_model: str, titles: Mapping[str, str]
) -> FairnessSection | None:
    """The section for ``eval_model``, or None when eval.json has no fairness part for it.

    ``titles`` maps label names to their titles in the card.
    """
    block = _model_block(eval_data, eval_model)
    if not block:
        return None
    method = block.get("method") or {}
    flags = [
        FlagRow(
            outcome=titles.get(f.get("label"), str(f.get("label"))),
            attribute=str(f.get("attribute")),
            group=str(f.get("group")),
            n=f.get("n"),
            finding=str(f.get("finding") or ""),
            meaning=" ".join(f.get("meanings") or ()),
        )
        for f in block.get("flags") or ()
    ]
    labels = []
    for label, entry in (block.get("labels") or {}).items():
        rows, errors, thresholds = _label_tables(label, entry, titles.get(label, label))
        labels.append(
            LabelFairness(
                name=label,
                title=titles.get(label, label),
                groups=rows,
                error_rates=errors,
                thresholds=thresholds,
            )
        )
    return FairnessSection(
        method=_method(method),
        flags=flags[:MAX_SUMMARY_ROWS],
        more_flags=max(0, len(flags) - MAX_SUMMARY_ROWS),
        not_flags=_not_flags(block, titles),
        labels=labels,
        has_oracle=bool(method.get("oracle")),
    )


def fairness_plot_sources(
    plots: Mapping[str, Any], eval_model: str, label: str
) -> list[tuple[str | None, str, str]]:
    """``(path, caption, alt text)`` of the fairness plots of one label, for the card's plots."""
    return [
        (
            (plots.get("fairness_calibration") or {}).get(eval_model, {}).get(label),
            "Calibration within each group",
            "per group, the recorded outcome rate with its interval beside the mean predicted "
            "probability and the true risk, and recorded minus predicted against the tolerance",
        ),
        (
            (plots.get("fairness_error_rates") or {}).get(eval_model, {}).get(label),
            "True- and false-positive rates per group",
            "per group and operating point, the model's TPR and FPR with intervals beside the "
            "rates of the true risks flagging as many cases",
        ),
    ]
