"""``eval.md``: the evaluation report in Markdown (per label the models side by side, the share
of the chance-to-oracle gap, the verdict against the strongest baseline, the ablation, the
directional pairs, the flags). Reads only ``eval.json``'s aggregates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from referral_nlp.modeling.eval_rows import MODEL, ORACLE, TFIDF, TRANSFORMER_PART


def oracle_gap_closed(data: Mapping[str, Any]) -> dict[str, dict[str, float | None]]:
    """``{label: {model: share}}``: (AUROC - 0.5) / (oracle AUROC - 0.5) on test, calibrated.

    The share of the distance from chance to the generator's oracle that each model covers;
    empty without an oracle, ``None`` where undefined (oracle at or below chance).
    """
    models = data.get("models", {})
    if ORACLE not in models:
        return {}
    out: dict[str, dict[str, float | None]] = {}
    for label in data["data"]["labels"]:
        oracle = models[ORACLE][label]["metrics"]["calibrated"]["auroc"]["value"]
        out[label] = {}
        for model, per_label in models.items():
            auc = per_label[label]["metrics"]["calibrated"]["auroc"]["value"]
            ok = oracle is not None and auc is not None and oracle > 0.5
            out[label][model] = (auc - 0.5) / (oracle - 0.5) if ok else None
    return out


def _num(value: Any, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _pct(value: Any) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _with_ci(metric: Mapping[str, Any]) -> str:
    text = _num(metric.get("value"))
    if metric.get("low") is not None and metric.get("high") is not None:
        text += f" [{metric['low']:.3f}, {metric['high']:.3f}]"
    return text


def summary_markdown(data: Mapping[str, Any]) -> str:
    """eval.md: per label, the models side by side (test split, calibrated scores), and flags."""
    meta = data["data"]
    settings = data["settings"]
    conf = round((1 - settings["alpha"]) * 100)
    gap = oracle_gap_closed(data)
    lines = [
        "# Evaluation on the test split",
        "",
        f"Validation n = {meta['validation']['n']}, test n = {meta['test']['n']}"
        + (
            f" ({meta['test']['n_clusters']} families; intervals are a family-cluster bootstrap)"
            if meta["test"].get("n_clusters")
            else ""
        )
        + f". Dataset: {meta.get('description', {}).get('dataset', 'n/a')}.",
        "Calibration is fitted on validation only; operating points are chosen on calibrated "
        "validation scores; every number below is on test. "
        f"Intervals: {conf}% bootstrap ({settings['n_boot']} resamples).",
        "",
    ]
    for label in meta["labels"]:
        models = [m for m in meta["models"] if label in data["models"].get(m, {})]
        points = list(data["operating_points"][models[0]][label]) if models else []
        prevalence = meta["test"]["prevalence"][label]
        lines += [f"## {label} (test prevalence {_pct(prevalence)})", ""]
        header = ["model", f"AUROC [{conf}% CI]", "AP", "Brier", "ECE before -> after"]
        header += [f"{p}: precision / recall" for p in points]
        if gap:
            header.append("chance-to-oracle AUROC gap closed")
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for model in models:
            metrics = data["models"][model][label]["metrics"]
            cal, raw = metrics["calibrated"], metrics["uncalibrated"]
            row = [
                model,
                _with_ci(cal["auroc"]),
                _num(cal["average_precision"]["value"]),
                _num(cal["brier"]["value"]),
                f"{_num(raw['ece']['value'])} -> {_num(cal['ece']['value'])}",
            ]
            for point in points:
                test = data["operating_points"][model][label][point]["test"]
                row.append(f"{_pct(test['precision'])} / {_pct(test['recall'])}")
            if gap:
                row.append("—" if model == ORACLE else _pct(gap[label].get(model)))
            lines.append("| " + " | ".join(row) + " |")
        if gap and gap[label].get(MODEL) is not None:
            lines += [
                "",
                f"The model closes {_pct(gap[label][MODEL])} of the AUROC gap from chance (0.5) "
                "to the generator's oracle.",
            ]
        lines += _recorded_against_true_risk(meta, label)
        comparison = (data.get("comparison") or {}).get(label)
        if comparison:
            lines += ["", *comparison_lines(comparison)]
        parts = _ablation_lines(data, label)
        if parts:
            lines += ["", *parts]
        lines.append("")
    lines += directional_lines(data)
    lines += fairness_lines(data)
    flags = data.get("flags", [])
    lines += ["## Flags", ""]
    if not flags:
        lines.append("None.")
    for flag in flags:
        where = " / ".join(str(flag[k]) for k in ("model", "label", "operating_point") if flag[k])
        lines.append(f"- {flag['kind']} ({where}): {flag['message']}")
    lines.append("")
    return "\n".join(lines)


def _recorded_against_true_risk(meta: Mapping[str, Any], label: str) -> list[str]:
    """With an oracle: each split's recorded rate beside the rate its true risks predict.

    A model's base rate is learnt on validation where its blend or its calibration has an
    intercept, so it matches validation's recorded rate. Where validation's recorded-minus-true
    gap differs from test's, such a model's calibrated test scores are off on average by about
    that difference: a part of the test ECE that no model fitted this way can remove (the
    oracle, whose temperature has no intercept, keeps its own). Nothing without an oracle.
    """
    if not all("oracle_mean" in meta.get(name, {}) for name in ("validation", "test")):
        return []
    parts, gaps = [], []
    for name in ("validation", "test"):
        recorded = round(100 * meta[name]["prevalence"][label], 1)
        true = round(100 * meta[name]["oracle_mean"][label], 1)
        gaps.append(recorded - true)
        parts.append(f"{name} {recorded:.1f}% against {true:.1f}% ({gaps[-1]:+.1f} points)")
    return [
        "",
        "Recorded outcome rate against the generator's true risk: "
        + "; ".join(parts)
        + ". A model whose base rate is learnt on validation (its blend or calibration) carries "
        f"the difference to test: its calibrated test scores are off on average by about "
        f"{gaps[0] - gaps[1]:+.1f} points, however good the model.",
    ]


def directional_lines(data: Mapping[str, Any]) -> list[str]:
    """eval.md's section on the directional pairs (empty without them)."""
    found = data.get("directional")
    if not found:
        return []
    lines = [
        "## Directional pairs",
        "",
        f"{found['n_pairs']} hand-written pairs of notes that differ in one sentence carrying one "
        "risk factor (structured fields identical). Ordered: the riskier note scores higher. "
        "Explained: the differing sentence is among the two top explaining sentences of its "
        "note with the sign of the pair's direction, ranked as the explanation lists them (what "
        "raised the score, then what lowered it); of all sentences: ranked among every "
        "sentence of the note by the size of its effect, which is stricter.",
        "",
        "| label | factor | pairs | ordered | explained, as listed | explained, of all sentences |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for label in data["data"]["labels"]:
        entry = found.get(label)
        if not entry:
            continue
        order = entry["ordering"]
        explained = [entry["explanation"], entry.get("explanation_overall")]
        if "ranking" not in entry["explanation"]:
            # An eval.json from before the two rankings: its one figure ranked all sentences.
            explained = [None, entry["explanation"]]
        for factor, row in order["by_factor"].items():
            cells = [_agreement_cell(e, factor) for e in explained]
            lines.append(
                f"| {label} | {factor} | {row['n']} | {_pct(row['accuracy'])} | "
                + " | ".join(cells)
                + " |"
            )
        totals = [f"**{_pct(e['accuracy'])}**" if e else "n/a" for e in explained]
        lines.append(
            f"| {label} | **all** | {order['n_pairs']} | **{_pct(order['accuracy'])}** | "
            + " | ".join(totals)
            + " |"
        )
    return [*lines, ""]


def _agreement_cell(agreement: Mapping[str, Any] | None, factor: str) -> str:
    found = agreement["by_factor"].get(factor) if agreement else None
    return _pct(found["accuracy"]) if found else "n/a"


def comparison_lines(comparison: Mapping[str, Any]) -> list[str]:
    """The model against the strongest baseline: a short table and the plain verdict."""
    best = comparison["best_baseline"]
    lines = [
        f"**Against the strongest baseline ({best}, chosen by test AUROC)**, paired family "
        "bootstrap of the difference:",
        "",
        "| metric | model | " + best + " | difference [95% CI] |",
        "|---|---|---|---|",
    ]
    for key, name in (("auroc", "AUROC"), ("average_precision", "AP")):
        diff = comparison[key]
        interval = "" if diff.get("low") is None else f" [{diff['low']:+.3f}, {diff['high']:+.3f}]"
        lines.append(
            f"| {name} | {_num(diff['a'])} | {_num(diff['b'])} | "
            f"{diff['difference']:+.3f}{interval} |"
        )
    lines += ["", comparison["auroc"]["verdict"]]
    return lines


def _ablation_lines(data: Mapping[str, Any], label: str) -> list[str]:
    """What each part of the hybrid reaches alone, from the models in the report."""
    models = data.get("models", {})
    if MODEL not in models or TFIDF not in models or TRANSFORMER_PART not in models:
        return []

    def auc(name: str) -> float:
        return models[name][label]["metrics"]["calibrated"]["auroc"]["value"]

    description = data.get("data", {}).get("description", {})
    if description.get("model_ngram_part") is False:
        return [
            f"Ablation: this model has no n-gram part (trained with `ngram` off), so it is its "
            f"transformer alone: AUROC {_num(auc(MODEL))}. `{TFIDF}`, the n-grams and structured "
            f"fields without the transformer, reaches {_num(auc(TFIDF))}.",
        ]
    if description.get("tfidf_lr_is_model_ngram_part") is False:
        # Refitted: the model's n-gram part was fitted on other records, settings or code (or
        # it has none), so this row is the same recipe, not the model without its transformer.
        return [
            f"Ablation: the model is its transformer part and its n-gram part blended. `{TFIDF}`, "
            f"the same n-gram recipe fitted here for this evaluation (not the model's own n-gram "
            f"part: that was fitted on other records, settings or code), reaches "
            f"{_num(auc(TFIDF))}; the transformer part alone {_num(auc(TRANSFORMER_PART))}; "
            f"the model {_num(auc(MODEL))}.",
        ]
    return [
        f"Ablation: the model is its transformer part and its n-gram part blended. Without the "
        f"transformer it is `{TFIDF}` (AUROC {_num(auc(TFIDF))}); the transformer part alone "
        f"reaches {_num(auc(TRANSFORMER_PART))}; together {_num(auc(MODEL))}.",
    ]


def fairness_lines(data: Mapping[str, Any]) -> list[str]:
    """The fairness part: each model's flags and what was not recorded, then the shipped model's
    groups per label (outcome rate, mean score, calibration gap with its interval, status).
    Differences in outcome rates are reported beside the rest, never flagged."""
    fairness = data.get("fairness") or {}
    if not fairness:
        return []
    shipped_method = (fairness.get(MODEL) or {}).get("method")
    method = shipped_method or next(iter(fairness.values()))["method"]
    count = f"{method['n_comparisons']} for the shipped model" if shipped_method else "per model"
    lines = [
        "## Fairness (per group, test split)",
        "",
        f"Each model's comparisons are corrected together ({method['correction']}; "
        f"{count}); a flag needs the {method['interval']} interval "
        f"to clear the tolerance (error rates {method['tolerance']}, calibration "
        f"{method['calibration_tolerance']}); groups under {method['min_group_size']} cases "
        "are 'not enough data'. Differences in outcome rates between groups are reported, "
        "never flagged. Plots: `plots/` (per-group calibration and error rates).",
        "",
        "| model | flags | not enough data | not recorded |",
        "|---|---|---|---|",
    ]
    for model, part in fairness.items():
        summary = part["summary"]
        missing = ", ".join(f"{k} {v}" for k, v in summary.get("not_recorded", {}).items())
        lines.append(
            f"| {model} | {summary['n_flags']} | {len(summary.get('not_enough_data', []))} | "
            f"{missing or 'none'} |"
        )
    shipped = fairness.get(MODEL)
    if shipped is None:
        return [*lines, ""]
    for label, per_label in shipped["labels"].items():
        lines += [
            "",
            f"### {label}: the shipped model by group",
            "",
            "| group | n | outcome rate (rest) | mean score | outcome - score [CI] | status |",
            "|---|---|---|---|---|---|",
        ]
        for attribute, result in per_label["attributes"].items():
            if not result.get("recorded", True):
                lines.append(f"| {attribute}: not recorded | {result['n_not_recorded']} | | | | |")
                continue
            for group in result["groups"].values():
                stats = group["stats"]
                lines.append(
                    f"| {attribute}={group['group']} | {group['n']} | "
                    f"{_pct(stats['outcome_rate']['value'])} "
                    f"({_pct(stats['outcome_rate_rest']['value'])}) | "
                    f"{_pct(stats['mean_predicted']['value'])} | "
                    f"{_with_ci(stats['calibration'])} | {group['status']} |"
                )
    return [*lines, ""]
