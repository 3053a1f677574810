"""A data-ethics self-assessment that cites the evaluation for every point.

The UK government's Data Ethics Framework asks a team to assess a project against three
principles: **transparency**, **accountability** and **fairness**. :func:`assess` builds the
assessment from a card's content, so every point carries its evidence as numbers taken from
eval.json and the artefact ("ECE after calibration 0.021 (target at most 0.030): met",
"ethnicity=black: TPR 0.120 lower than the rest (tolerance 0.1)"). A point's ``status`` is

``supported``     the evidence supports the statement;
``concern``       the evidence shows a problem a reviewer must weigh (never hidden);
``not available`` the input that would show it was not given, so nothing is claimed;
``deployer``      only the deploying organisation can answer it.

Nothing here is hand-written per model: a reviewer who disagrees with a point can trace it to
the number it cites.
"""

from __future__ import annotations

from referral_nlp.cards.content import EthicsAssessment, EthicsPoint, MetricCI, ModelCardData
from referral_nlp.cards.formatting import fmt_num, fmt_pct

__all__ = ["assess"]


def assess(data: ModelCardData) -> EthicsAssessment:
    """The self-assessment of a card's content (see the module docstring)."""
    points = _transparency(data) + _accountability(data) + _fairness(data)
    return EthicsAssessment(points)


# ---- transparency -------------------------------------------------------------------------------
def _transparency(data: ModelCardData) -> list[EthicsPoint]:
    model, ev = data.model, data.evaluation
    out = []
    linked = bool(model.version) and ev.model_version == model.version
    out.append(
        EthicsPoint(
            "transparency",
            "This card is generated from the model artefact and its evaluation, not written "
            "by hand.",
            "supported" if linked else "concern",
            [
                f"model {model.version or 'n/a'}: weights sha256 {model.weights_sha256 or 'n/a'}, "
                f"{model.manifest_files} files checked against the artefact manifest (before this "
                "card was added to it)",
                f"eval.json evaluated model {ev.model_version or 'not recorded'}"
                + (" (matches)" if linked else " (does not match this artefact)"),
            ],
        )
    )
    if ev.n_boot:
        clusters = (
            f", resampling whole families ({ev.n_clusters} families in test)"
            if ev.n_clusters
            else ""
        )
        out.append(
            EthicsPoint(
                "transparency",
                "Uncertainty is reported with every headline number.",
                "supported",
                [
                    f"{ev.confidence}% bootstrap intervals from {ev.n_boot} resamples{clusters}",
                    f"test split: {ev.n_test} cases; validation: {ev.n_validation} cases",
                ],
            )
        )
    else:
        out.append(
            EthicsPoint(
                "transparency",
                "Uncertainty is reported with every headline number.",
                "not available",
                ["the evaluation records no bootstrap settings"],
            )
        )
    evidence, status = [], "supported"
    for label in data.labels:
        ece = label.calibrated.get("ece", MetricCI(None))
        if ece.value is None:
            continue
        target = f"target at most {fmt_num(label.ece_target)}" if label.ece_target else "no target"
        verdict = "met" if label.ece_met else "NOT met"
        evidence.append(
            f"{label.title}: ECE after calibration {fmt_num(ece.value)} ({target}): {verdict}; "
            f"before calibration {fmt_num(label.uncalibrated.get('ece', MetricCI(None)).value)}"
        )
        if label.ece_met is False:
            status = "concern"
    out.append(
        EthicsPoint(
            "transparency",
            "Stated probabilities mean what they say (calibration).",
            status if evidence else "not available",
            evidence or ["no calibration error in the evaluation"],
        )
    )
    evidence, status = [], "supported"
    for label in data.labels:
        for p in label.operating_points:
            line = (
                f"{label.title}, {p.name}: threshold {fmt_num(p.threshold)}, validation "
                f"precision {fmt_pct(p.validation_precision)}, test precision "
                f"{fmt_pct(p.precision)}, test recall {fmt_pct(p.recall)}"
            )
            if p.kind == "precision" and p.target is not None:
                line += f" (target {fmt_pct(p.target)})"
                if not p.reachable or (p.precision is not None and p.precision < p.target):
                    status = "concern"
            evidence.append(line)
    out.append(
        EthicsPoint(
            "transparency",
            "The operating points behind the bands are chosen on validation and reported on "
            "test, including when they fall short of their target.",
            status if evidence else "not available",
            evidence or ["no operating points in the evaluation"],
        )
    )
    evidence = []
    for label in data.labels:
        parts = [f"{c.display} {fmt_num(c.auroc.value)}" for c in label.comparison]
        if len(parts) > 1:
            evidence.append(f"{label.title}, test AUROC: " + "; ".join(parts))
    out.append(
        EthicsPoint(
            "transparency",
            "The model is compared with simpler alternatives on the same test data.",
            "supported" if evidence else "not available",
            evidence or ["the evaluation holds no baseline models"],
        )
    )
    td = data.training_data
    said = "yes" if td.synthetic else "no" if td.synthetic is False else "unknown"
    evidence = [f"synthetic: {said} ({td.synthetic_basis})"]
    if td.fingerprints:
        evidence.append(
            "data fingerprints: " + ", ".join(f"{k} {v[:16]}" for k, v in td.fingerprints.items())
        )
    out.append(
        EthicsPoint(
            "transparency",
            "The data the model learned from are disclosed, including whether they are synthetic.",
            "supported" if td.synthetic is not None else "concern",
            evidence,
        )
    )
    return out


# ---- accountability -----------------------------------------------------------------------------
def _accountability(data: ModelCardData) -> list[EthicsPoint]:
    model = data.model
    out = []
    libs = ", ".join(
        f"{k} {v}"
        for k, v in model.library_versions.items()
        if k in ("torch", "transformers", "referral-nlp", "python")
    )
    out.append(
        EthicsPoint(
            "accountability",
            "Every score can be traced to the exact model that produced it.",
            "supported" if model.weights_sha256 else "concern",
            [
                f"model version {model.version or 'n/a'} is a sha256 over every file that "
                "scores (weights, calibration, operating points, blend, n-gram part, encoders) "
                "and is returned with every score and audit record",
                f"the artefact manifest lists {model.manifest_files} files with sha256 (and this "
                "card's two once stored) and is verified on every load",
            ]
            + ([f"library versions: {libs}"] if libs else []),
        )
    )
    if data.training_data.fingerprints and model.training_date:
        evidence = [f"trained on {model.training_date}"] + [
            f"{k}: {v}" for k, v in model.training if k in ("profile", "seed", "optimisation steps")
        ]
        out.append(
            EthicsPoint(
                "accountability",
                "The training run is recorded and can be repeated.",
                "supported",
                evidence,
            )
        )
    else:
        out.append(
            EthicsPoint(
                "accountability",
                "The training run is recorded and can be repeated.",
                "not available",
                ["the artefact has no training_run.json (configuration, data fingerprints)"],
            )
        )
    red = data.redaction
    evidence = []
    if red is not None:
        for d in red.datasets:
            for s in d.systems:
                evidence.append(
                    f"{s.name} on {d.name} ({d.n_documents} documents): span recall "
                    f"{fmt_num(s.span_recall)}, precision {fmt_num(s.precision)}, "
                    f"over-redaction {fmt_num(s.over_redaction)}"
                )
        for split, counts in red.training_entity_counts.items():
            evidence.append(f"{split} notes: {sum(counts.values())} personal-data spans removed")
        if red.trusted_splits:
            evidence.append(
                f"{', '.join(red.trusted_splits)} text declared already redacted at training "
                "(not re-counted)"
            )
    out.append(
        EthicsPoint(
            "accountability",
            "Personal data are removed before any model sees a note, and the removal is measured.",
            "supported"
            if red is not None and (red.datasets or red.training_entity_counts)
            else "not available",
            evidence
            + (
                []
                if red is not None and red.datasets
                else ["no redaction scores were given (referral-nlp redact-eval --json)"]
            ),
        )
    )
    out.append(
        EthicsPoint(
            "accountability",
            "A person makes every decision; the tool only informs it.",
            "supported",
            [
                "the tool returns probabilities, bands, an explanation and the model version; "
                "it has no decision output",
                "bands are cut at operating points chosen on validation and are worded as "
                "reading aids, not instructions",
            ],
        )
    )
    owner_keys = ("organisation", "team", "senior_responsible_owner", "impact_assessments")
    pending = [f.title for f in data.atrs.pending() if f.key in owner_keys]
    filled = [
        f"{f.title}: {f.value}" for f in data.atrs.fields() if f.key in owner_keys and not f.pending
    ]
    out.append(
        EthicsPoint(
            "accountability",
            "A named organisation owns the tool's use and has assessed its impact.",
            "deployer" if pending else "supported",
            filled + [f"{t}: to be completed by the deploying organisation" for t in pending],
        )
    )
    return out


# ---- fairness -----------------------------------------------------------------------------------
def _fairness(data: ModelCardData) -> list[EthicsPoint]:
    ev = data.evaluation
    out = []
    statuses = [g.status for label in data.labels for g in label.groups]
    small = sum(s.startswith("not enough data") for s in statuses)
    judged = len(statuses) - small
    if ev.unrecorded_attributes:
        # A characteristic no test case records is not measured: said, not passed over.
        out.append(
            EthicsPoint(
                "fairness",
                "Performance is measured for each group of children, not only overall.",
                "concern",
                [
                    f"not recorded for any test case: {', '.join(ev.unrecorded_attributes)}; "
                    "nothing is known of the model's performance across those groups",
                    f"measured: {', '.join(ev.measured_attributes) or 'none'}",
                ],
            )
        )
    elif judged or small:
        out.append(
            EthicsPoint(
                "fairness",
                "Performance is measured for each group of children, not only overall.",
                "supported",
                [
                    f"attributes: {', '.join(ev.attributes)}",
                    f"{judged} group results judged and {small} with too few cases to judge "
                    f"(fewer than {ev.min_group_size}), over {len(data.labels)} outcome(s)",
                ],
            )
        )
    else:
        out.append(
            EthicsPoint(
                "fairness",
                "Performance is measured for each group of children, not only overall.",
                "not available",
                ["the evaluation has no group attributes"],
            )
        )
    fairness_flags = [f for f in data.flags if f.kind == "fairness"]
    titles = {label.name: label.title for label in data.labels}
    if fairness_flags:
        evidence = [f"{titles.get(f.label, f.label)}: {f.message}" for f in fairness_flags]
        status: str = "concern"
    elif judged:
        evidence = [
            f"no flagged gaps: no interval cleared its tolerance (calibration "
            f"{fmt_num(ev.calibration_tolerance, 2)}, error rates beyond the true risks' "
            f"{fmt_num(ev.tolerance, 2)}) after a Holm correction for the number of comparisons"
        ]
        status = "supported"
    else:
        evidence, status = ["no group was large enough to judge"], "not available"
    uncertain = [
        f"{label.title}: {g.attribute}={g.group}: {g.reason}"
        for label in data.labels
        for g in label.groups
        if g.status == "inconclusive"
    ]
    if uncertain:
        evidence += ["inconclusive (more data needed): " + u for u in uncertain]
    out.append(
        EthicsPoint(
            "fairness",
            "No group is served markedly worse than the rest (flagged gaps).",
            status,  # type: ignore[arg-type]
            evidence,
        )
    )
    evidence = []
    for label in data.labels:
        gaps = [
            g
            for g in label.groups
            if g.calibration_gap is not None and not g.status.startswith("not enough data")
        ]
        if gaps:
            worst = max(gaps, key=lambda g: abs(g.calibration_gap or 0.0))
            evidence.append(
                f"{label.title}: largest calibration gap {worst.attribute}={worst.group} "
                f"{worst.calibration_gap:+.3f} (tolerance {fmt_num(ev.calibration_tolerance, 2)};"
                " positive means outcomes recorded more often than predicted)"
            )
    over = any("calibration" in g.flagged_kinds for label in data.labels for g in label.groups)
    out.append(
        EthicsPoint(
            "fairness",
            "Recording bias (a group's outcomes recorded more often at the same need) is "
            "checked through per-group calibration.",
            ("concern" if over else "supported") if evidence else "not available",
            evidence or ["no per-group calibration gaps in the evaluation"],
        )
    )
    model = data.model
    if model.protected_inputs:
        status, evidence = (
            "concern",
            [f"protected characteristics among the inputs: {', '.join(model.protected_inputs)}"],
        )
    else:
        status = "supported"
        evidence = [
            "structured inputs: " + (", ".join(model.structured_fields) or "none (text only)"),
            "sex, ethnicity and disability are not among them; the text may still mention "
            "them, which the per-group results check",
        ]
    out.append(
        EthicsPoint(
            "fairness",
            "Protected characteristics are used to check the model, not to score children.",
            status,  # type: ignore[arg-type]
            evidence,
        )
    )
    return out
