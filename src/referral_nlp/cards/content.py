"""What a model card says, as plain dataclasses: the numbers, the sentences, the records.

Nothing here reads a file or builds a section:
:func:`~referral_nlp.cards.sources.content_from_sources` reads the inputs and
:func:`~referral_nlp.cards.build.content_from_dicts` fills these classes;
:mod:`~referral_nlp.cards.render` and :mod:`~referral_nlp.cards.validation` read them. Every
text in them is aggregate (no case text, no filesystem path).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from referral_nlp.cards.atrs import ATRSRecord
from referral_nlp.cards.formatting import finite, fmt_num

__all__ = [
    "PRINCIPLES",
    "STATUS_TEXT",
    "ErrorRateRow",
    "EthicsAssessment",
    "EthicsPoint",
    "EvaluationData",
    "FairnessSection",
    "Flag",
    "FlagRow",
    "GroupResult",
    "GroupRow",
    "LabelFairness",
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
]


# ---- results ----------------------------------------------------------------------------------
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
        return cls(finite(data.get("value")), finite(data.get("low")), finite(data.get("high")))

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
    #: Whether the baselines got the model's blend across outcomes (eval.json); None: not said.
    baselines_blend_across_labels: bool | None = None
    #: Whether ``tfidf_lr`` is the model's own n-gram part (eval.json); None: not said.
    tfidf_lr_is_model_ngram_part: bool | None = None
    #: Group attributes that no test case records: nothing is measured for them.
    unrecorded_attributes: list[str] = field(default_factory=list)

    @property
    def measured_attributes(self) -> list[str]:
        """The group attributes results are reported for (recorded for some test case)."""
        return [a for a in self.attributes if a not in self.unrecorded_attributes]


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


# ---- the fairness section (built by :mod:`~referral_nlp.cards.fairness_section`) ---------
@dataclass
class GroupResult:
    """One group's verdict on one outcome (for the ethics assessment and the caveats)."""

    attribute: str
    group: str
    n: int | None
    status: str
    reason: str
    calibration_gap: float | None
    flagged_kinds: list[str] = field(default_factory=list)


@dataclass
class FlagRow:
    outcome: str
    attribute: str
    group: str
    n: int | None
    finding: str
    meaning: str


@dataclass
class GroupRow:
    attribute: str
    group: str
    cases: str
    outcome_rate: str
    true_risk: str
    mean_predicted: str
    calibration: str
    model_vs_truth: str
    verdict: str
    flagged: bool


@dataclass
class ErrorRateRow:
    attribute: str
    group: str
    tpr: str
    fpr: str
    tpr_gap: str
    fpr_gap: str
    verdict: str
    flagged: bool


@dataclass
class LabelFairness:
    name: str
    title: str
    groups: list[GroupRow]
    error_rates: dict[str, list[ErrorRateRow]]
    thresholds: dict[str, str]


@dataclass
class FairnessSection:
    method: str
    flags: list[FlagRow]
    more_flags: int
    not_flags: list[str]
    labels: list[LabelFairness]
    has_oracle: bool
    plots: list[str] = field(default_factory=list)


# ---- the data-ethics self-assessment (built by :func:`~referral_nlp.cards.ethics.assess`) -
Principle = Literal["transparency", "accountability", "fairness"]
Status = Literal["supported", "concern", "not available", "deployer"]
PRINCIPLES: tuple[Principle, ...] = ("transparency", "accountability", "fairness")
STATUS_TEXT: dict[str, str] = {
    "supported": "Supported by the evidence",
    "concern": "Concern: weigh before use",
    "not available": "Not available: no claim made",
    "deployer": "For the deploying organisation",
}


@dataclass
class EthicsPoint:
    principle: Principle
    statement: str
    status: Status
    evidence: list[str] = field(default_factory=list)

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


@dataclass
class EthicsAssessment:
    points: list[EthicsPoint]

    def by_principle(self) -> list[tuple[str, list[EthicsPoint]]]:
        """``[(principle, points)]`` in the framework's order."""
        return [(p, [x for x in self.points if x.principle == p]) for p in PRINCIPLES]

    def concerns(self) -> list[EthicsPoint]:
        return [p for p in self.points if p.status == "concern"]


# ---- the whole card ----------------------------------------------------------------------------
@dataclass
class ModelCardData:
    """A model card's content.

    Build it with :func:`~referral_nlp.cards.sources.content_from_sources` (or
    :func:`~referral_nlp.cards.build.content_from_dicts`).
    """

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

    # ---- convenience ------------------------------------------------------------------------
    @property
    def synthetic(self) -> bool | None:
        return self.training_data.synthetic

    def label(self, name: str) -> LabelResult:
        for item in self.labels:
            if item.name == name:
                return item
        raise KeyError(name)
