"""The UK Algorithmic Transparency Recording Standard (ATRS) record of a model, tiers 1 and 2.

Every field of the standard's tier 1 (overview) and tier 2 (owner and responsibility,
description and rationale, decision-making process, tool specification with model and data
specification, risks, mitigations and impact assessments) is an attribute of
:class:`ATRSRecord`. Each field has one of three origins (in its metadata):

``generated``
    filled from the artefact, its evaluation or the data card by
    :func:`~referral_nlp.cards.atrs_generated.fill_atrs`. A deployer cannot
    overwrite it: the numbers must come from the evaluation, never from a hand-edited file.
``project``
    a default written by this project (what the tool is designed for, how it is meant to be
    overseen); the deploying organisation may replace it with its own wording.
``deployer``
    something only the deploying council knows (who owns the tool, its phase, its impact
    assessments, how people appeal). These default to :data:`DEPLOYER_MARKER`, a visible
    marker; nothing is ever invented for them. Validation reports them as "deployer must
    complete"; they block only in strict mode (``referral-nlp card --strict``), so the card of
    the project's own model, which has no deployer, still validates.

A ``generated`` field whose source is missing (e.g. the data specification of a council's
own export, which has no generated data card) also keeps the marker: the card says who must
fill it rather than guessing.

Field names and grouping follow ATRS v3.0; ``hint`` says what the deployer should write.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from referral_nlp.errors import UserError

__all__ = [
    "ATRS_SECTIONS",
    "DEPLOYER_MARKER",
    "ATRSField",
    "ATRSRecord",
    "Origin",
    "atrs_field_specs",
]

#: The visible marker of a field that only the deploying organisation can fill.
DEPLOYER_MARKER = "To be completed by the deploying organisation"

Origin = Literal["generated", "project", "deployer"]

#: Section titles in the standard's order, keyed by the section ids used in field metadata.
ATRS_SECTIONS: dict[str, str] = {
    "tier1": "Tier 1: overview",
    "owner": "Tier 2: owner and responsibility",
    "rationale": "Tier 2: description and rationale",
    "decision": "Tier 2: decision-making process and human oversight",
    "tool": "Tier 2: tool specification",
    "model": "Tier 2: model specification",
    "data": "Tier 2: data specification",
    "risks": "Tier 2: risks, mitigations and impact assessments",
}


def _f(section: str, title: str, origin: Origin, hint: str = "", default: str = "") -> Any:
    tier = 1 if section == "tier1" else 2
    return field(
        default=default or (DEPLOYER_MARKER if origin == "deployer" else ""),
        metadata={"tier": tier, "section": section, "title": title, "origin": origin, "hint": hint},
    )


_DEFAULT_NAME = "referral-nlp re-referral and escalation risk model"
_DEFAULT_DESCRIPTION = (
    "When a children's social care case is about to be closed, the tool reads the referral "
    "notes (after removing personal data) and the structured case record, and estimates two "
    "probabilities: that the child is referred again within 12 months, and that within 12 "
    "months the child becomes subject to a section 47 enquiry, a child protection plan or "
    "care. A social worker or team manager reviewing the closure sees the probabilities, a "
    "plain-language band and the sentences that moved the score. The tool never makes or "
    "automates a decision about a family: the reviewer decides whether to close, step down "
    "with a follow-up, or keep the case open."
)
_DEFAULT_SCOPE = (
    "Designed for one moment: the review of a children's social care case that is about to "
    "be closed, in a local authority in England. Not designed for front-door screening, for "
    "deciding whether to open a section 47 enquiry, for ranking families for investigation, "
    "for court or eligibility decisions, or for any use without a human reviewer."
)
_DEFAULT_HUMAN_REVIEW = (
    "Every score is advisory. The reviewer sees the redacted text with what was removed "
    "highlighted, two calibrated probabilities with a plain-language band, the sentences "
    "that pushed each score up or down, and the model version, and makes the decision "
    "themselves; no action is triggered by a score. Each scoring is recorded in an audit log "
    "(model version, time, role; never the text) that governance reviewers can inspect."
)
_DEFAULT_ARCHITECTURE = (
    "A Python library and a BentoML web service. Personal data are removed from the note "
    "(Presidio with UK recognisers) before anything else; the redacted text and the "
    "structured fields go to the risk model; calibrated probabilities and an explanation go "
    "back to the reviewer's web page or JSON API. API keys with roles guard every scoring "
    "path, and an audit log without personal data records each use. The model artefact is "
    "safetensors and JSON with a sha256 manifest that is verified on every load."
)


@dataclass(frozen=True)
class ATRSField:
    """One field of the record, with where its value came from and whether it is pending."""

    key: str
    tier: int
    section: str
    section_title: str
    title: str
    origin: Origin
    hint: str
    value: str

    @property
    def pending(self) -> bool:
        """True while the field still shows :data:`DEPLOYER_MARKER`."""
        return self.value.strip() == DEPLOYER_MARKER

    @property
    def status(self) -> str:
        if self.pending:
            return "deployer must complete"
        return {"generated": "generated", "project": "project default"}.get(
            self.origin, "completed by the deploying organisation"
        )


@dataclass
class ATRSRecord:
    """ATRS tier 1 and tier 2 fields (see the module docstring for origins and the marker)."""

    # ---- tier 1 -------------------------------------------------------------------------------
    name: str = _f("tier1", "Name", "project", default=_DEFAULT_NAME)
    description: str = _f("tier1", "Description", "project", default=_DEFAULT_DESCRIPTION)
    website: str = _f(
        "tier1", "Website URL", "deployer", "A page where the public can read more about the use."
    )
    contact_email: str = _f(
        "tier1",
        "Contact email",
        "deployer",
        "A team mailbox (not a person's own address) for questions about the tool.",
    )
    # ---- tier 2: owner and responsibility -----------------------------------------------------
    organisation: str = _f(
        "owner", "Organisation or department", "deployer", "The council that uses the tool."
    )
    team: str = _f("owner", "Team", "deployer", "The team responsible for its use.")
    senior_responsible_owner: str = _f(
        "owner", "Senior responsible owner", "deployer", "The role title (not a name)."
    )
    external_supplier: str = _f(
        "owner",
        "External supplier involvement",
        "deployer",
        "Whether a supplier was involved; if so its name, Companies House number, role, "
        "procurement procedure and terms of access to council data.",
    )
    # ---- tier 2: description and rationale ----------------------------------------------------
    detailed_description: str = _f("rationale", "Detailed description", "generated")
    scope: str = _f("rationale", "Scope", "project", default=_DEFAULT_SCOPE)
    benefits: str = _f(
        "rationale", "Benefits", "deployer", "What the council expects to gain, and for whom."
    )
    previous_process: str = _f(
        "rationale", "Previous process", "deployer", "How closure decisions were made before."
    )
    alternatives_considered: str = _f(
        "rationale",
        "Alternatives considered",
        "deployer",
        "Non-algorithmic options and simpler models considered; the evaluation's baseline "
        "comparison in this card can inform the answer.",
    )
    # ---- tier 2: decision-making process ------------------------------------------------------
    process_integration: str = _f(
        "decision",
        "Process integration",
        "deployer",
        "Where in the council's closure workflow the score is seen, and by whom.",
    )
    provided_information: str = _f("decision", "Provided information", "generated")
    frequency_and_scale: str = _f(
        "decision", "Frequency and scale of usage", "deployer", "Cases scored per month."
    )
    human_decisions_and_review: str = _f(
        "decision", "Human decisions and review", "project", default=_DEFAULT_HUMAN_REVIEW
    )
    required_training: str = _f(
        "decision",
        "Required training",
        "deployer",
        "Training reviewers receive before using the tool (including on its limitations).",
    )
    appeals_and_review: str = _f(
        "decision",
        "Appeals and review",
        "deployer",
        "How a family or practitioner can question a decision the tool informed.",
    )
    # ---- tier 2: tool specification -----------------------------------------------------------
    system_architecture: str = _f(
        "tool", "System architecture", "project", default=_DEFAULT_ARCHITECTURE
    )
    phase: str = _f("tool", "Phase", "deployer", "Pre-deployment, pilot, production or retired.")
    maintenance: str = _f(
        "tool",
        "Maintenance",
        "deployer",
        "Who retrains and re-evaluates the model, how often, and what triggers a review.",
    )
    # ---- tier 2: model specification ----------------------------------------------------------
    model_name: str = _f("model", "Model name", "generated")
    model_version: str = _f("model", "Model version", "generated")
    model_task: str = _f("model", "Model task", "generated")
    model_input: str = _f("model", "Model input", "generated")
    model_output: str = _f("model", "Model output", "generated")
    model_architecture: str = _f("model", "Model architecture", "generated")
    model_performance: str = _f("model", "Model performance", "generated")
    datasets: str = _f("model", "Datasets", "generated")
    dataset_purposes: str = _f("model", "Dataset purposes", "generated")
    # ---- tier 2: data specification -----------------------------------------------------------
    source_data_name: str = _f("data", "Source data name", "generated")
    data_modality: str = _f("data", "Data modality", "generated")
    data_description: str = _f("data", "Data description", "generated")
    data_quantities: str = _f("data", "Data quantities", "generated")
    sensitive_attributes: str = _f("data", "Sensitive attributes", "generated")
    data_completeness_and_representativeness: str = _f(
        "data", "Data completeness and representativeness", "generated"
    )
    source_data_url: str = _f("data", "Source data URL", "generated")
    data_collection: str = _f("data", "Data collection", "generated")
    data_cleaning: str = _f("data", "Data cleaning", "generated")
    data_sharing_agreements: str = _f(
        "data",
        "Data sharing agreements",
        "deployer",
        "Agreements that cover the case data used to train and run the tool.",
    )
    data_access_and_storage: str = _f(
        "data",
        "Data access and storage",
        "deployer",
        "Who can access the case data and where it is stored; the model artefact itself "
        "holds no personal data.",
    )
    # ---- tier 2: risks, mitigations and impact assessments ------------------------------------
    impact_assessments: str = _f(
        "risks",
        "Impact assessments",
        "deployer",
        "The DPIA, equality impact assessment and any other assessment: name, date, outcome "
        "and where it is published.",
    )
    risks_and_mitigations: str = _f("risks", "Risks and mitigations", "generated")

    # ---- access -------------------------------------------------------------------------------
    def fields(self) -> list[ATRSField]:
        """Every field in the standard's order, with its value and status."""
        out = []
        for f in dataclasses.fields(self):
            meta = f.metadata
            out.append(
                ATRSField(
                    key=f.name,
                    tier=meta["tier"],
                    section=meta["section"],
                    section_title=ATRS_SECTIONS[meta["section"]],
                    title=meta["title"],
                    origin=meta["origin"],
                    hint=meta["hint"],
                    value=str(getattr(self, f.name)),
                )
            )
        return out

    def sections(self) -> list[tuple[str, list[ATRSField]]]:
        """``[(section title, fields)]`` in order (for the templates)."""
        grouped: dict[str, list[ATRSField]] = {}
        for item in self.fields():
            grouped.setdefault(item.section_title, []).append(item)
        return list(grouped.items())

    def pending(self) -> list[ATRSField]:
        """Fields that still show :data:`DEPLOYER_MARKER`."""
        return [f for f in self.fields() if f.pending]

    def to_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)

    def apply_deployer(self, values: Mapping[str, Any], source: str = "deployer file") -> None:
        """Fill fields from a deploying organisation's file (its ``atrs:`` mapping).

        Allowed: ``deployer`` and ``project`` fields, and ``generated`` fields that no source
        could fill (still showing the marker). Refused, by name: unknown keys, ``generated``
        fields that hold evaluation-derived values (they come from the evidence, not a hand-
        written file), and values that are not non-empty text.
        """
        specs = {f.key: f for f in self.fields()}
        unknown = sorted(set(values) - set(specs))
        if unknown:
            raise UserError(
                f"{source}: atrs: unknown field(s) {unknown}; expected some of {sorted(specs)}."
            )
        locked = sorted(
            key for key in values if specs[key].origin == "generated" and not specs[key].pending
        )
        if locked:
            raise UserError(
                f"{source}: atrs: field(s) {locked} are generated from the artefact and its "
                "evaluation and cannot be set by hand."
            )
        for key, value in values.items():
            if isinstance(value, list | tuple):
                value = "; ".join(str(v) for v in value)
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                raise UserError(f"{source}: atrs.{key}: expected text, got {type(value).__name__}.")
            text = str(value).strip()
            if not text:
                raise UserError(f"{source}: atrs.{key}: empty; leave the key out instead.")
            setattr(self, key, text)


def atrs_field_specs() -> list[dict[str, Any]]:
    """The field list (key, tier, section, title, origin, hint) without values: documentation."""
    return [
        {k: v for k, v in dataclasses.asdict(f).items() if k != "value"}
        for f in ATRSRecord().fields()
    ]
