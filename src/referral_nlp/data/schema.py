"""The record schema of a closed case: one row per referral that was closed.

Every part of the project (generator, loaders, features, model, service) names fields by the
names below. A council's export with other names and codes is mapped onto them by a column-mapping
file (see ``referral_nlp.data.mapping``); nothing downstream knows about the export's own names.

Labels (also stated in the model card):
- ``re_referral_12m``: a new referral for the same child within 12 months (365 days) of
  ``closure_date``.
- ``escalation_12m``: within 12 months of ``closure_date`` the child becomes subject to a s47
  enquiry, a child protection plan, or becomes looked after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FieldKind = Literal["id", "date", "text", "int", "bool", "category", "multi_category", "label"]

# ---- code lists --------------------------------------------------------------------------
REFERRAL_SOURCES: dict[str, str] = {
    "police": "Police (PPN / domestic incident notification)",
    "school": "School or college (DSL)",
    "health_visitor": "Health visitor or midwife",
    "gp": "GP or primary health",
    "hospital": "Hospital, A&E or ED",
    "camhs": "CAMHS or other mental health service",
    "housing": "Housing",
    "probation": "Probation or youth justice",
    "la_services": "Other local-authority service",
    "family": "Family member or friend",
    "self": "The child or young person (self-referral)",
    "neighbour": "Neighbour or member of the public",
    "anonymous": "Anonymous",
    "other": "Other",
}

SEXES: dict[str, str] = {"male": "Male", "female": "Female", "unknown": "Not known / not recorded"}

# ONS 2021 census top-level ethnic groups.
ETHNICITIES: dict[str, str] = {
    "asian": "Asian, Asian British or Asian Welsh",
    "black": "Black, Black British, Black Welsh, Caribbean or African",
    "mixed": "Mixed or Multiple ethnic groups",
    "white": "White",
    "other": "Other ethnic group",
    "not_stated": "Not stated / not recorded",
}

# Children in Need census primary need codes.
PRIMARY_NEEDS: dict[str, str] = {
    "N1": "Abuse or neglect",
    "N2": "Child's disability or illness",
    "N3": "Parental disability or illness",
    "N4": "Family in acute stress",
    "N5": "Family dysfunction",
    "N6": "Socially unacceptable behaviour",
    "N7": "Low income",
    "N8": "Absent parenting",
    "N9": "Cases other than children in need",
    "N0": "Not stated",
}

# Children in Need census assessment factors (names, without the child/parent/other split).
ASSESSMENT_FACTORS: dict[str, str] = {
    "alcohol_misuse": "Alcohol misuse",
    "drug_misuse": "Drug misuse",
    "domestic_abuse": "Domestic abuse",
    "mental_health": "Mental health (parent or child)",
    "learning_disability": "Learning disability",
    "physical_disability": "Physical disability or illness",
    "young_carer": "Young carer",
    "privately_fostered": "Privately fostered",
    "uasc": "Unaccompanied asylum-seeking child",
    "missing": "Going or being missing",
    "cse": "Child sexual exploitation",
    "cce": "Child criminal exploitation",
    "trafficking": "Trafficking",
    "gangs": "Gangs",
    "socially_unacceptable_behaviour": "Socially unacceptable behaviour",
    "self_harm": "Self-harm",
    "neglect": "Neglect",
    "emotional_abuse": "Emotional abuse",
    "physical_abuse": "Physical abuse",
    "sexual_abuse": "Sexual abuse",
    "fgm": "Female genital mutilation",
    "faith_abuse": "Abuse linked to faith or belief",
    "radicalisation": "Radicalisation",
    "homelessness": "Homelessness",
    "other": "Other",
}

LABELS: tuple[str, str] = ("re_referral_12m", "escalation_12m")
# Characteristics kept for fairness evaluation; not model inputs by default.
PROTECTED_FIELDS: tuple[str, ...] = ("child_sex", "ethnicity", "disability")
FOLLOW_UP_DAYS = 365


@dataclass(frozen=True)
class FieldSpec:
    """One field of the schema: its kind, whether a record must have it, and its codes."""

    name: str
    kind: FieldKind
    required: bool
    description: str
    codes: dict[str, str] | None = None
    min_value: int | None = None
    max_value: int | None = None
    protected: bool = False


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", "id", True, "Referral id, unique in the dataset."),
    FieldSpec("child_id", "id", True, "Child id; a child can have several referrals."),
    FieldSpec("family_id", "id", True, "Family (household) id; splits never share a family."),
    FieldSpec("referral_date", "date", True, "Date the referral was received (ISO 8601)."),
    FieldSpec("closure_date", "date", True, "Date the case was closed; not before referral."),
    FieldSpec("text", "text", True, "Referral text (redacted before any model sees it)."),
    FieldSpec("assessment_text", "text", False, "Assessment or closure summary, if any."),
    FieldSpec("referral_source", "category", False, "Who referred.", REFERRAL_SOURCES),
    FieldSpec("child_age", "int", False, "Age in whole years at referral.", None, 0, 17),
    FieldSpec("child_sex", "category", False, "Sex of the child.", SEXES, protected=True),
    FieldSpec(
        "ethnicity", "category", False, "ONS 2021 top-level group.", ETHNICITIES, protected=True
    ),
    FieldSpec("disability", "bool", False, "Child has a recorded disability.", protected=True),
    FieldSpec(
        "deprivation_decile",
        "int",
        False,
        "IMD decile of home area (1 = most deprived).",
        None,
        1,
        10,
    ),
    FieldSpec(
        "previous_referrals", "int", False, "Referrals for this child before this one.", None, 0
    ),
    FieldSpec("previous_cp_plan", "bool", False, "Child has been on a CP plan before."),
    FieldSpec("primary_need", "category", False, "CIN census primary need.", PRIMARY_NEEDS),
    FieldSpec(
        "assessment_factors",
        "multi_category",
        False,
        "CIN census assessment factors.",
        ASSESSMENT_FACTORS,
    ),
    FieldSpec("re_referral_12m", "label", False, "Re-referred within 12 months of closure."),
    FieldSpec("escalation_12m", "label", False, "s47, CP plan or LAC within 12 months."),
)

FIELDS_BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}
#: Free-text fields (every one a model reads is redacted first).
TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind == "text")
STRUCTURED_FIELDS: tuple[str, ...] = tuple(
    f.name for f in FIELDS if f.kind in {"int", "bool", "category", "multi_category"}
)
# Structured fields a model may use by default (protected characteristics are held out).
MODEL_STRUCTURED_FIELDS: tuple[str, ...] = tuple(
    name for name in STRUCTURED_FIELDS if name not in PROTECTED_FIELDS
)


@dataclass
class CaseRecord:
    """A closed case in the schema's names; optional fields are ``None`` when unknown."""

    id: str
    child_id: str
    family_id: str
    referral_date: str
    closure_date: str
    text: str
    assessment_text: str | None = None
    referral_source: str | None = None
    child_age: int | None = None
    child_sex: str | None = None
    ethnicity: str | None = None
    disability: bool | None = None
    deprivation_decile: int | None = None
    previous_referrals: int | None = None
    previous_cp_plan: bool | None = None
    primary_need: str | None = None
    assessment_factors: list[str] = field(default_factory=list)
    re_referral_12m: int | None = None
    escalation_12m: int | None = None
