"""The card's results per outcome, from eval.json and the thresholds the artefact serves.

:func:`evaluation_results` reads the evaluation of the carded model (its metrics with
intervals, its operating points on validation and test, its comparison with the baselines and
the oracle, its groups and flags) into :mod:`~referral_nlp.cards.content`, and notes in
``problems`` when eval.json cannot be tied to this artefact.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from statistics import NormalDist
from typing import Any

from referral_nlp.cards.content import (
    EvaluationData,
    Flag,
    LabelResult,
    MetricCI,
    ModelComparison,
    ModelDetails,
    OperatingPointResult,
)
from referral_nlp.cards.fairness_section import group_results
from referral_nlp.cards.formatting import finite, fmt_pct
from referral_nlp.cards.wording import (
    LABEL_INFO,
    LabelInfo,
    label_sentences,
    model_display,
    point_sentences,
)
from referral_nlp.decision.bands import thresholds_by_label

__all__ = ["evaluation_results", "wilson_interval"]


def wilson_interval(k: int, n: int, alpha: float = 0.05) -> tuple[float, float] | None:
    """Wilson score interval for ``k`` successes in ``n`` (None when ``n`` is 0)."""
    if n <= 0:
        return None
    z = NormalDist().inv_cdf(1 - alpha / 2)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def _served_points(operating_points: Mapping[str, Any] | None, label: str) -> dict[str, float]:
    """``{point name: threshold}`` the service applies, read by the file's one reader."""
    if not operating_points:
        return {}
    return thresholds_by_label(operating_points).get(label, {})


def _served_method(calibration: Mapping[str, Any] | None, label: str) -> str | None:
    if not calibration:
        return None
    entry = (calibration.get("labels") or {}).get(label)
    return str(entry.get("method")) if isinstance(entry, Mapping) and entry.get("method") else None


def _unrecorded_attributes(eval_data: Mapping[str, Any] | None, eval_model: str) -> list[str]:
    """Attributes the fairness part found recorded for no test case (any label says so)."""
    block = ((eval_data or {}).get("fairness") or {}).get(eval_model) or {}
    out: list[str] = []
    for per_label in (block.get("labels") or {}).values():
        for name, result in (per_label.get("attributes") or {}).items():
            if isinstance(result, Mapping) and result.get("recorded") is False and name not in out:
                out.append(str(name))
    return out


def evaluation_results(
    eval_data: Mapping[str, Any] | None,
    eval_model: str,
    model: ModelDetails,
    operating_points: Mapping[str, Any] | None,
    calibration: Mapping[str, Any] | None,
    problems: list[str],
) -> tuple[EvaluationData, list[LabelResult], list[Flag]]:
    data = (eval_data or {}).get("data") or {}
    settings = (eval_data or {}).get("settings") or {}
    description = data.get("description") or {}
    alpha = finite(settings.get("alpha")) or 0.05
    evaluated_version = description.get("model_version")
    evaluation = EvaluationData(
        dataset=str(description.get("dataset") or "not stated"),
        n_validation=(data.get("validation") or {}).get("n"),
        n_test=(data.get("test") or {}).get("n"),
        n_clusters=(data.get("test") or {}).get("n_clusters"),
        confidence=round(100 * (1 - alpha)),
        n_boot=settings.get("n_boot"),
        precision_target=finite(settings.get("precision_target")),
        capacity_fraction=finite(settings.get("capacity_fraction")),
        tolerance=finite(settings.get("tolerance")),
        calibration_tolerance=finite(settings.get("calibration_tolerance")),
        ece_target=finite(settings.get("ece_target")),
        min_group_size=settings.get("min_group_size"),
        attributes=[str(a) for a in data.get("group_attributes") or ()],
        unrecorded_attributes=_unrecorded_attributes(eval_data, eval_model),
        models=[str(m) for m in data.get("models") or ()],
        model_version=str(evaluated_version) if evaluated_version else None,
        baselines_blend_across_labels=(
            across
            if isinstance(across := description.get("baselines_blend_across_labels"), bool)
            else None
        ),
        tfidf_lr_is_model_ngram_part=(
            part
            if isinstance(part := description.get("tfidf_lr_is_model_ngram_part"), bool)
            else None
        ),
    )
    if eval_data is None:
        return evaluation, [], []
    models = eval_data.get("models") or {}
    if eval_model not in models:
        problems.append(
            f"evaluation: eval.json has no results for the model {eval_model!r} (it evaluated "
            f"{sorted(models)}); run `referral-nlp evaluate --model` on this artefact."
        )
        return evaluation, [], []
    if not evaluated_version:
        problems.append(
            "evaluation: eval.json does not record which model version it evaluated "
            "(data.description.model_version), so it cannot be tied to this artefact."
        )
    elif model.version and evaluated_version != model.version:
        problems.append(
            f"evaluation: eval.json evaluated model {evaluated_version}, but this artefact is "
            f"{model.version}; evaluate this artefact before making its card."
        )

    labels_out: list[LabelResult] = []
    oracle = models.get("oracle")
    for label in data.get("labels") or list(models[eval_model]):
        entry = models[eval_model].get(label)
        if not isinstance(entry, Mapping):
            problems.append(f"evaluation: no results for {eval_model!r} on label {label!r}.")
            continue
        info = LABEL_INFO.get(
            label,
            LabelInfo(
                label,
                "Definition not available for this label.",
                f"had the outcome {label!r}",
                f"had the outcome {label!r}",
            ),
        )
        metrics = entry.get("metrics") or {}
        calibrated = {
            k: MetricCI.from_dict(v) for k, v in (metrics.get("calibrated") or {}).items()
        }
        uncalibrated = {
            k: MetricCI.from_dict(v) for k, v in (metrics.get("uncalibrated") or {}).items()
        }
        target = entry.get("ece_target") or {}
        served = _served_points(operating_points, label)
        points = []
        for name, point in (
            (eval_data.get("operating_points") or {}).get(eval_model, {}).get(label, {}).items()
        ):
            points.append(_operating_point(name, point, info, served.get(name), alpha))
        comparison = []
        oracle_auc = None
        if isinstance(oracle, Mapping) and label in oracle:
            oracle_auc = finite(
                ((oracle[label].get("metrics") or {}).get("calibrated") or {})
                .get("auroc", {})
                .get("value")
            )
        for name in evaluation.models or list(models):
            other = (models.get(name) or {}).get(label)
            if not isinstance(other, Mapping):
                continue
            om = other.get("metrics") or {}
            cal, raw = om.get("calibrated") or {}, om.get("uncalibrated") or {}
            auc = MetricCI.from_dict(cal.get("auroc"))
            share = None
            if name != "oracle" and oracle_auc is not None and oracle_auc > 0.5 and auc.value:
                share = (auc.value - 0.5) / (oracle_auc - 0.5)
            comparison.append(
                ModelComparison(
                    model=name,
                    display=model_display(name, evaluation.tfidf_lr_is_model_ngram_part),
                    auroc=auc,
                    average_precision=MetricCI.from_dict(cal.get("average_precision")),
                    brier=MetricCI.from_dict(cal.get("brier")),
                    ece_before=MetricCI.from_dict(raw.get("ece")),
                    ece_after=MetricCI.from_dict(cal.get("ece")),
                    oracle_gap_share=share,
                )
            )
        groups = group_results(eval_data, eval_model, label)
        prevalence = finite(((data.get("test") or {}).get("prevalence") or {}).get(label))
        result = LabelResult(
            name=label,
            title=info.title,
            definition=info.definition,
            outcome=info.outcome,
            outcome_one=info.outcome_one,
            prevalence_test=prevalence,
            prevalence_validation=finite(
                ((data.get("validation") or {}).get("prevalence") or {}).get(label)
            ),
            calibrated=calibrated,
            uncalibrated=uncalibrated,
            calibration_method=(entry.get("calibration") or {}).get("method"),
            served_calibration_method=_served_method(calibration, label),
            ece_target=finite(target.get("target")),
            ece_met=target.get("met") if isinstance(target.get("met"), bool) else None,
            operating_points=points,
            comparison=comparison,
            groups=groups,
        )
        result.sentences = label_sentences(result, evaluation, oracle_auc)
        versus = ((eval_data.get("comparison") or {}).get(label) or {}).get("auroc") or {}
        verdict = versus.get("verdict")
        result.baseline_verdict = str(verdict) if isinstance(verdict, str) else None
        labels_out.append(result)

    flags = [
        Flag(
            label=str(f.get("label") or ""),
            kind=str(f.get("kind") or ""),
            operating_point=f.get("operating_point"),
            attribute=f.get("attribute"),
            group=f.get("group"),
            message=str(f.get("message") or ""),
        )
        for f in eval_data.get("flags") or ()
        if isinstance(f, Mapping) and f.get("model") == eval_model
    ]
    return evaluation, labels_out, flags


def _operating_point(
    name: str, point: Mapping[str, Any], info: LabelInfo, served: float | None, alpha: float
) -> OperatingPointResult:
    val = point.get("validation") or {}
    test = point.get("test") or {}
    tp, fp, fn = test.get("tp"), test.get("fp"), test.get("fn")
    counts_ok = all(isinstance(x, int) for x in (tp, fp, fn))
    precision_ci = wilson_interval(tp, tp + fp, alpha) if counts_ok else None
    recall_ci = wilson_interval(tp, tp + fn, alpha) if counts_ok else None
    kind = str(val.get("kind") or ("precision" if name.startswith("precision") else "capacity"))
    target = finite(val.get("target"))
    threshold = finite(val.get("threshold"))
    if kind == "precision":
        description = (
            f"the lowest threshold at which, on validation, at least {fmt_pct(target)} of the "
            "cases flagged had the outcome"
        )
    else:
        description = f"the threshold that flags the top {fmt_pct(target)} of validation cases"
    result = OperatingPointResult(
        name=name,
        kind=kind,
        target=target,
        threshold=threshold,
        reachable=bool(val.get("reachable", True)),
        note=str(val.get("note") or ""),
        validation_precision=finite(val.get("precision")),
        validation_recall=finite(val.get("recall")),
        n=test.get("n"),
        tp=tp,
        fp=fp,
        fn=fn,
        precision=finite(test.get("precision")),
        recall=finite(test.get("recall")),
        fpr=finite(test.get("fpr")),
        flag_rate=finite(test.get("flag_rate")),
        precision_ci=precision_ci,
        recall_ci=recall_ci,
        served_threshold=served,
        description=description,
    )
    result.sentences = point_sentences(result, info, round(100 * (1 - alpha)))
    return result
