"""Fairness across groups of children: a biased model kept apart from a real difference in need.

Groups differ in how often outcomes happen (infants and teenagers escalate at different rates).
At one threshold even a perfect model then has different true- and false-positive rates across
groups, so a report that flags every error-rate gap flags reality as bias. :func:`fairness_analysis`
keeps three things apart, for every group of every attribute (sex, ethnicity, age band,
disability, deprivation; coded by :mod:`referral_nlp.data.groups`):

1. **Differences in outcome rates** between the group and the rest of the cases, with intervals,
   and, where the data has the generator's true probabilities (the *oracle*), the group's mean
   true risk. Reported; **never flagged**: a difference in need is not model bias.
2. **Calibration within the group** (sufficiency): the recorded outcome rate minus the mean
   predicted probability. Flagged when it clears ``calibration_tolerance``. With an oracle the
   gap splits into *recorded minus true risk* (the records are out of line: recording bias)
   and *predicted minus true risk* (the model is out of line); the latter is flagged on its
   own as ``model_vs_truth``, "the model is worse for this group than the truth allows".
3. **Error-rate gaps at the operating points**: TPR and FPR of the group minus the rest, with
   intervals. Where an oracle exists, the same gaps of the oracle flagging as many cases (its
   threshold matched to the model's flag count on the same cases) are what the base rates alone
   produce, and the model's gap **minus** the oracle's gap is flagged when it clears
   ``tolerance``. Without an oracle the raw gaps are shown but not flagged: nothing in the
   data says how much of them the base rates explain.

**Flags.** Every comparison of one model (all labels, groups and measures) is one family. Each
gets a p-value for "the true gap is within the tolerance" (normal approximation with the
bootstrap standard error, :func:`~.multiple_comparisons.tolerance_p_value`) and the family is
corrected with Holm's method (:mod:`.multiple_comparisons` says why Holm): a flag is raised
when the adjusted p-value is below ``alpha``, i.e. when the interval clears the tolerance after
the correction. So a model's report carries any false flag with probability at most ``alpha``.
Scores that *are* the true risks (the oracle judged as a model) are tested for calibration
only: their error against themselves is zero by construction. A comparison whose own
``1 - alpha`` interval clears the tolerance but that is not flagged after the correction is
*inconclusive* (more data needed). A group with fewer than ``min_group_size`` cases (or whose
rest has fewer) is "not enough data (n=...)" and takes no part; an error-rate gap also needs
``min_class_size`` cases of the class on both sides.

**Intervals** are a bootstrap clustered by family when ``clusters`` (``family_id``) are given:
siblings share a household, so their outcomes are not independent. Rates carry percentile
intervals, gaps ``estimate +- z * se``, the interval the flag rule tests. The calibration gaps'
standard errors never fall below the binomial spread of the outcomes under the predictions
(``sqrt(sum p(1-p)) / n``), so a group whose resamples all miss the rare outcome cannot look
certain.

**Not recorded.** A missing group column (``None``) or one with no value for any case is
reported as not recorded with its count, never dropped silently; cases without a value form
the group ``not recorded``.

Only aggregates leave this module: counts, rates and gaps per group code.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from referral_nlp.classification_metrics import (
    _auroc,
    _json_float,
    _quiet,
    check_labels,
    check_probabilities,
)

# age_bands and deprivation_quintiles are re-exported: modeling.evaluate imports them from here.
from referral_nlp.data.groups import (
    NOT_RECORDED,
    age_bands,
    code_column,
    deprivation_quintiles,
    sorted_codes,
)
from referral_nlp.evaluation.fairness_results import (
    AttributeResult,
    Comparison,
    FairnessFlag,
    FairnessResult,
    FairnessSettings,
    GroupResult,
)
from referral_nlp.evaluation.fairness_text import (
    CALIBRATION,
    FPR_EXCESS,
    MEANINGS,
    MODEL_VS_TRUTH,
    TPR_EXCESS,
    finding_text,
    meaning_key,
    short_finding,
)
from referral_nlp.evaluation.group_bootstrap import (
    Estimate,
    estimate_from_draws,
    resampled_sums,
)
from referral_nlp.evaluation.multiple_comparisons import holm_adjust, tolerance_p_value

logger = logging.getLogger(__name__)

__all__ = [
    "AttributeResult",
    "Comparison",
    "FairnessFlag",
    "FairnessResult",
    "FairnessSettings",
    "GroupResult",
    "age_bands",
    "deprivation_quintiles",
    "fairness_analysis",
    "fairness_by_model",
    "matched_thresholds",
]

_RATES = ("outcome_rate", "mean_predicted", "true_risk", "tpr", "fpr", "oracle_tpr", "oracle_fpr")


# ---- inputs ------------------------------------------------------------------------------------
def _check_inputs(
    labels: Mapping[str, npt.ArrayLike],
    probabilities: Mapping[str, npt.ArrayLike],
    thresholds: Mapping[str, Mapping[str, float]],
    oracle: Mapping[str, npt.ArrayLike] | None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, np.ndarray] | None, int]:
    if not labels:
        raise ValueError("labels: expected at least one label, got none.")
    ys, ps, qs = {}, {}, {} if oracle is not None else None
    sizes = set()
    for label in labels:
        for name, mapping in (("probabilities", probabilities), ("thresholds", thresholds)):
            if label not in mapping:
                raise ValueError(f"{name}: expected an entry for label {label!r}.")
        ys[label] = check_labels(labels[label], f"labels[{label!r}]")
        ps[label] = check_probabilities(probabilities[label], f"probabilities[{label!r}]")
        sizes |= {ys[label].size, ps[label].size}
        if qs is not None:
            if label not in oracle:
                raise ValueError(f"oracle: expected true probabilities for label {label!r}.")
            qs[label] = check_probabilities(oracle[label], f"oracle[{label!r}]")
            sizes.add(qs[label].size)
        for point, value in thresholds[label].items():
            if not isinstance(value, int | float) or math.isnan(value):
                raise ValueError(
                    f"thresholds[{label!r}][{point!r}]: expected a number, got {value!r}."
                )
    if len(sizes) != 1:
        raise ValueError(
            f"labels, probabilities and oracle: expected one value per case in each, got "
            f"lengths {sorted(sizes)}."
        )
    return ys, ps, qs, sizes.pop()


def _coded_groups(
    groups: Mapping[str, npt.ArrayLike | None], n: int
) -> dict[str, tuple[np.ndarray | None, str, int]]:
    """``{attribute: (codes, note, cases not recorded)}``; codes None when the column is
    missing or has no value at all."""
    if not isinstance(groups, Mapping):
        raise ValueError(
            f"groups: expected a mapping attribute -> codes, got {type(groups).__name__}."
        )
    out: dict[str, tuple[np.ndarray | None, str, int]] = {}
    for attribute, values in groups.items():
        if values is None:
            out[attribute] = (None, f"not recorded: the data has no {attribute} column", n)
            continue
        codes = code_column(values, attribute)
        if codes.size != n:
            raise ValueError(
                f"groups[{attribute!r}]: expected one code per case ({n}), got {codes.size}."
            )
        missing = int(np.sum(codes == NOT_RECORDED))
        if missing == n:
            out[attribute] = (None, "not recorded: no case has a value", n)
        else:
            note = f"{missing} of {n} cases not recorded" if missing else ""
            out[attribute] = (codes, note, missing)
    return out


# ---- per-case columns and the statistics built from their sums ----------------------------------
def _columns(
    y: np.ndarray, p: np.ndarray, q: np.ndarray | None, flags: Mapping[str, tuple]
) -> tuple[list[str], np.ndarray]:
    """Column names and the (n, c) matrix of per-case values whose sums make every statistic."""
    names = ["n", "y", "p", "p_sq", "p_var"]
    cols = [np.ones_like(p), y, p, (p - y) ** 2, p * (1 - p)]
    if q is not None:
        names += ["q", "q_sq", "q_var"]
        cols += [q, (q - y) ** 2, q * (1 - q)]
    for point, (flagged, oracle_flagged) in flags.items():
        names += [f"yf|{point}", f"nf|{point}"]
        cols += [y * flagged, (1 - y) * flagged]
        if oracle_flagged is not None:
            names += [f"yq|{point}", f"nq|{point}"]
            cols += [y * oracle_flagged, (1 - y) * oracle_flagged]
    return names, np.column_stack(cols).astype(np.float64)


def _derived(g: dict[str, Any], t: dict[str, Any], points: Sequence[str], oracle: bool) -> dict:
    """Every statistic of a group from its column sums ``g`` and the totals ``t``.

    Works on floats (the estimate) and on arrays of resamples alike.
    """
    r = {k: t[k] - g[k] for k in g}  # the rest of the cases
    with np.errstate(divide="ignore", invalid="ignore"):
        s = {
            "outcome_rate": g["y"] / g["n"],
            "outcome_rate_rest": r["y"] / r["n"],
            "mean_predicted": g["p"] / g["n"],
            "calibration": (g["y"] - g["p"]) / g["n"],
            "brier": g["p_sq"] / g["n"],
        }
        s["outcome_gap"] = s["outcome_rate"] - s["outcome_rate_rest"]
        if oracle:
            s["true_risk"] = g["q"] / g["n"]
            s["recorded_vs_truth"] = (g["y"] - g["q"]) / g["n"]
            s["model_vs_truth"] = (g["p"] - g["q"]) / g["n"]
            s["brier_excess"] = (g["p_sq"] - g["q_sq"]) / g["n"]
        for pt in points:
            for who, key in (("", "f"), ("oracle_", "q")):
                if who and not oracle:
                    continue
                tpr, tpr_rest = g[f"y{key}|{pt}"] / g["y"], r[f"y{key}|{pt}"] / r["y"]
                fpr = g[f"n{key}|{pt}"] / (g["n"] - g["y"])
                fpr_rest = r[f"n{key}|{pt}"] / (r["n"] - r["y"])
                s[f"{who}tpr|{pt}"], s[f"{who}fpr|{pt}"] = tpr, fpr
                s[f"{who}tpr_rest|{pt}"], s[f"{who}fpr_rest|{pt}"] = tpr_rest, fpr_rest
                s[f"{who}tpr_gap|{pt}"], s[f"{who}fpr_gap|{pt}"] = tpr - tpr_rest, fpr - fpr_rest
            if oracle:
                s[f"tpr_excess|{pt}"] = s[f"tpr_gap|{pt}"] - s[f"oracle_tpr_gap|{pt}"]
                s[f"fpr_excess|{pt}"] = s[f"fpr_gap|{pt}"] - s[f"oracle_fpr_gap|{pt}"]
    return s


def _estimates(
    point: dict[str, float], draws: dict[str, np.ndarray], g: dict[str, float], alpha: float
) -> dict[str, Estimate]:
    floors = {"calibration": math.sqrt(g["p_var"]) / g["n"]}
    if "q_var" in g:
        floors["recorded_vs_truth"] = math.sqrt(g["q_var"]) / g["n"]
    out = {}
    for name, value in point.items():
        kind = "percentile" if name.split("|")[0] in _RATES else "normal"
        out[name] = estimate_from_draws(
            float(value), draws[name], alpha, interval=kind, se_floor=floors.get(name, 0.0)
        )
    return out


def _matched_oracle_flags(q: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` cases with the highest true risk: the oracle flagging as many as the model."""
    flagged = np.zeros(q.size, dtype=np.float64)
    if k > 0:
        flagged[np.argsort(-q, kind="stable")[:k]] = 1.0
    return flagged


def matched_thresholds(
    raw: Mapping[str, np.ndarray],
    calibrated: Mapping[str, np.ndarray],
    thresholds: Mapping[str, Mapping[str, float]],
) -> dict[str, dict[str, float]]:
    """Thresholds on ``raw`` scores that flag as many cases as ``calibrated >= threshold``.

    For judging the oracle on its own (true) probabilities at its operating points, which were
    chosen on a recalibration of them.
    """
    out: dict[str, dict[str, float]] = {}
    for label, points in thresholds.items():
        ordered = np.sort(np.asarray(raw[label], dtype=np.float64))[::-1]
        out[label] = {}
        for point, threshold in points.items():
            k = int(np.sum(np.asarray(calibrated[label]) >= threshold))
            out[label][point] = float(ordered[k - 1]) if k else math.inf
    return out


# ---- the analysis -------------------------------------------------------------------------------
def fairness_analysis(
    labels: Mapping[str, npt.ArrayLike],
    probabilities: Mapping[str, npt.ArrayLike],
    groups: Mapping[str, npt.ArrayLike | None],
    thresholds: Mapping[str, Mapping[str, float]],
    *,
    oracle: Mapping[str, npt.ArrayLike] | None = None,
    clusters: npt.ArrayLike | None = None,
    settings: FairnessSettings | None = None,
) -> FairnessResult:
    """The fairness analysis of one model (module doc).

    ``labels``: ``{label: 0/1 outcomes}``; ``probabilities``: ``{label: the model's calibrated
    probabilities}`` (what a reviewer would see); ``groups``: ``{attribute: group codes or raw
    values}`` (None for a column the data does not have); ``thresholds``: ``{label:
    {operating point: threshold}}`` chosen on validation (a case is flagged when ``p >=
    threshold``); ``oracle``: ``{label: true probabilities}`` when known (synthetic data);
    ``clusters``: e.g. ``family_id`` per case, for the cluster bootstrap.
    """
    st = settings or FairnessSettings()
    ys, ps, qs, n = _check_inputs(labels, probabilities, thresholds, oracle)
    coded = _coded_groups(groups, n)
    if clusters is not None:
        clusters = np.asarray(clusters)
        if clusters.shape != (n,):
            raise ValueError(
                f"clusters: expected one id per case ({n}), got shape {clusters.shape}."
            )

    # 1. per-case columns; the sums of every group and of all cases, on the same resamples.
    plan: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
    names_of: dict[str, list[str]] = {}
    op_info: dict[str, dict[str, dict[str, float | None]]] = {}
    everyone = np.arange(n)
    for label, y in ys.items():
        p, q = ps[label], None if qs is None else qs[label]
        flags, op_info[label] = {}, {}
        for point, threshold in thresholds[label].items():
            flagged = (p >= threshold).astype(np.float64)
            k = int(flagged.sum())
            oracle_flagged = None if q is None else _matched_oracle_flags(q, k)
            flags[point] = (flagged, oracle_flagged)
            op_info[label][point] = {
                "threshold": _json_float(float(threshold)),
                "flag_rate": k / n if n else None,
                "oracle_threshold": (
                    _json_float(float(np.sort(q)[::-1][k - 1])) if q is not None and k else None
                ),
            }
        names_of[label], matrix = _columns(y.astype(np.float64), p, q, flags)
        plan[("all", label)] = (everyone, matrix)
        for attribute, (codes, _, _) in coded.items():
            if codes is None:
                continue
            for code in sorted_codes(codes.tolist()):
                index = np.flatnonzero(codes == code)
                plan[(label, attribute, code)] = (index, matrix[index])
    draws = resampled_sums(plan, n, n_boot=st.n_boot, seed=st.seed, clusters=clusters)

    # 2. estimates and raw p-values per group.
    pending: list[dict[str, Any]] = []
    results: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
    for label, y in ys.items():
        names, points = names_of[label], list(thresholds[label])
        total_matrix = plan[("all", label)][1]
        t_point = dict(zip(names, total_matrix.sum(axis=0), strict=True))
        t_draws = {nm: draws[("all", label)][:, j] for j, nm in enumerate(names)}
        results[label] = {}
        for attribute, (codes, _, _) in coded.items():
            results[label][attribute] = {}
            if codes is None:
                continue
            for code in sorted_codes(codes.tolist()):
                index, matrix = plan[(label, attribute, code)]
                g_point = dict(zip(names, matrix.sum(axis=0), strict=True))
                g_draws = {nm: draws[(label, attribute, code)][:, j] for j, nm in enumerate(names)}
                stats = _estimates(
                    _derived(g_point, t_point, points, qs is not None),
                    _derived(g_draws, t_draws, points, qs is not None),
                    g_point,
                    st.alpha,
                )
                entry = _group_entry(label, attribute, code, index, y, ps[label], clusters, stats)
                # Scores that are the true risks (the oracle judged as a model) differ from
                # them by construction in nothing: only their calibration is a question.
                against_truth = qs is not None and not np.array_equal(ps[label], qs[label])
                entry["comparisons"] = _planned_comparisons(
                    entry, g_point, t_point, points, st, against_truth
                )
                pending.extend(entry["comparisons"])
                results[label][attribute][code] = entry

    # 3. Holm over the whole family, then verdicts and words.
    adjusted = holm_adjust([c["p_value"] for c in pending])
    for comparison, p_adj in zip(pending, adjusted, strict=True):
        comparison["p_adjusted"] = float(p_adj)
    return _assemble(
        results, coded, op_info, st, qs is not None, clusters is not None, len(pending)
    )


def fairness_by_model(
    labels: Mapping[str, npt.ArrayLike],
    probabilities: Mapping[str, Mapping[str, npt.ArrayLike]],
    groups: Mapping[str, npt.ArrayLike | None],
    thresholds: Mapping[str, Mapping[str, Mapping[str, float]]],
    *,
    oracle_model: str | None = None,
    oracle: Mapping[str, npt.ArrayLike] | None = None,
    clusters: npt.ArrayLike | None = None,
    settings: FairnessSettings | None = None,
) -> dict[str, FairnessResult]:
    """:func:`fairness_analysis` of every model: ``{model: result}``.

    ``probabilities`` and ``thresholds`` are keyed by model, then as in
    :func:`fairness_analysis`. ``oracle_model`` names the model whose scores are ``oracle``
    (the true probabilities): it is judged on them at thresholds that flag as many cases as its
    recalibrated scores do, not on a recalibration fitted to a few hundred validation cases.
    """
    out: dict[str, FairnessResult] = {}
    for model, scores in probabilities.items():
        logger.info("Fairness across groups: %s.", model)
        cuts = thresholds[model]
        if model == oracle_model and oracle is not None:
            cuts = matched_thresholds(oracle, scores, cuts)
            scores = oracle
        out[model] = fairness_analysis(
            labels, scores, groups, cuts, oracle=oracle, clusters=clusters, settings=settings
        )
    return out


def _group_entry(
    label: str,
    attribute: str,
    code: str,
    index: np.ndarray,
    y: np.ndarray,
    p: np.ndarray,
    clusters: np.ndarray | None,
    stats: dict[str, Estimate],
) -> dict[str, Any]:
    yg = y[index]
    with _quiet():  # a one-class group has no AUROC; the table shows n/a
        auroc = _auroc(yg, p[index]) if index.size else math.nan
    return {
        "label": label,
        "attribute": attribute,
        "group": code,
        "n": int(index.size),
        "n_positive": int(yg.sum()),
        "n_families": None if clusters is None else int(np.unique(clusters[index]).size),
        "stats": stats,
        "auroc": auroc,
    }


def _planned_comparisons(
    entry: dict[str, Any],
    g: dict[str, float],
    t: dict[str, float],
    points: Sequence[str],
    st: FairnessSettings,
    against_truth: bool,
) -> list[dict[str, Any]]:
    n, n_rest = g["n"], t["n"] - g["n"]
    if min(n, n_rest) < st.min_group_size:
        # Said of whichever side is short: a large group whose rest is small ("disability=no"
        # against 20 with a disability) cannot be compared either.
        short = f"n={int(n)}" if n < st.min_group_size else f"the rest n={int(n_rest)}"
        entry["status"] = f"not enough data ({short})"
        return []
    entry["status"] = "judged"
    wanted: list[tuple[str, str | None, str, float]] = [
        (CALIBRATION, None, "calibration", st.calibration_tolerance)
    ]
    if against_truth:
        wanted.append((MODEL_VS_TRUTH, None, "model_vs_truth", st.calibration_tolerance))
        pos, pos_rest = g["y"], t["y"] - g["y"]
        neg, neg_rest = n - pos, n_rest - pos_rest
        for point in points:
            if min(pos, pos_rest) >= st.min_class_size:
                wanted.append((TPR_EXCESS, point, f"tpr_excess|{point}", st.tolerance))
            if min(neg, neg_rest) >= st.min_class_size:
                wanted.append((FPR_EXCESS, point, f"fpr_excess|{point}", st.tolerance))
    out = []
    for kind, point, stat, tol in wanted:
        est = entry["stats"][stat]
        out.append(
            {
                "kind": kind,
                "operating_point": point,
                "estimate": est,
                "tolerance": tol,
                "p_value": tolerance_p_value(est.value, est.se, tol),
            }
        )
    return out


def _verdict(c: dict[str, Any], alpha: float) -> str:
    """``inconclusive``: the plain interval clears the tolerance, the corrected one does not."""
    if not math.isfinite(c["p_adjusted"]):
        return "not tested"
    if c["p_adjusted"] < alpha:
        return "flagged"
    return "inconclusive" if c["p_value"] < alpha else "within tolerance"


def _assemble(
    results: dict[str, dict[str, dict[str, dict[str, Any]]]],
    coded: dict[str, tuple[np.ndarray | None, str, int]],
    op_info: dict[str, dict[str, dict[str, float | None]]],
    st: FairnessSettings,
    oracle: bool,
    clustered: bool,
    n_comparisons: int,
) -> FairnessResult:
    labels_out: dict[str, dict[str, AttributeResult]] = {}
    flags: list[FairnessFlag] = []
    for label, attributes in results.items():
        labels_out[label] = {}
        for attribute, groups in attributes.items():
            codes, note, n_missing = coded[attribute]
            built = {}
            for code, e in groups.items():
                comparisons = []
                for c in e["comparisons"]:
                    verdict = _verdict(c, st.alpha)
                    key = None
                    if verdict in ("flagged", "inconclusive"):
                        key = meaning_key(c["kind"], c["estimate"].value, e["stats"], oracle)
                    point = c["operating_point"]
                    comparisons.append(
                        Comparison(
                            kind=c["kind"],
                            operating_point=point,
                            estimate=c["estimate"],
                            tolerance=c["tolerance"],
                            p_value=c["p_value"],
                            p_adjusted=c["p_adjusted"],
                            verdict=verdict,
                            meaning=key,
                            text=finding_text(
                                c["kind"], e["stats"], c["estimate"], c["tolerance"],
                                c["p_adjusted"], oracle, point,
                            ) if key else "",
                        )
                    )  # fmt: skip
                verdicts = {c.verdict for c in comparisons}
                status = e["status"]
                if status == "judged":
                    status = next(
                        (v for v in ("flagged", "inconclusive") if v in verdicts),
                        "within tolerance" if "within tolerance" in verdicts else "not tested",
                    )
                group = GroupResult(
                    attribute=attribute,
                    group=code,
                    n=e["n"],
                    n_positive=e["n_positive"],
                    n_families=e["n_families"],
                    status=status,
                    stats=e["stats"],
                    auroc=e["auroc"],
                    comparisons=comparisons,
                )
                built[code] = group
                if group.flagged:
                    flags.append(_flag(label, group, oracle))
            labels_out[label][attribute] = AttributeResult(
                attribute=attribute,
                recorded=codes is not None,
                n_not_recorded=n_missing,
                note=note,
                groups=built,
            )
    for f in flags:
        logger.warning("Fairness flag: %s / %s=%s: %s.", f.label, f.attribute, f.group, f.message)
    return FairnessResult(
        settings=st,
        has_oracle=oracle,
        clustered=clustered,
        n_comparisons=n_comparisons,
        operating_points=op_info,
        labels=labels_out,
        flags=flags,
    )


def _flag(label: str, group: GroupResult, oracle: bool) -> FairnessFlag:
    flagged = [c for c in group.comparisons if c.flagged]
    points = sorted({c.operating_point for c in flagged if c.operating_point})
    findings = []
    for c in flagged:
        text = short_finding(c.kind, group.stats, oracle, c.operating_point)
        if text not in findings:
            findings.append(text)
    meanings = []
    for c in flagged:
        if c.meaning and MEANINGS[c.meaning] not in meanings:
            meanings.append(MEANINGS[c.meaning])
    return FairnessFlag(
        label=label,
        attribute=group.attribute,
        group=group.group,
        n=group.n,
        kinds=[c.kind for c in flagged],
        operating_points=points,
        finding="; ".join(findings),
        message="; ".join(c.text for c in flagged),
        meanings=meanings,
    )
