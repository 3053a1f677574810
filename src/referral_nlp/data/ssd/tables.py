"""The SSD tables and columns ``referral-nlp prepare`` reads, and nothing else.

Source: the Standard Safeguarding Dataset specification (github.com/data-to-insight/
ssd-data-model, ``data/objects/<table>.yml``): table names, column names and which table a
column points to. This is the project's own list of what it needs from that specification;
every other column of an extract (names, addresses, NHS numbers, workers) is never read, so it
cannot reach a record, a log or the report.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableSpec:
    """One SSD table: whether an extract must have it, the columns read, and what for."""

    name: str
    required: bool
    columns: tuple[str, ...]  # must be present
    optional_columns: tuple[str, ...] = ()  # read when present
    dates: tuple[str, ...] = ()  # date columns among the two above
    required_values: tuple[str, ...] = ()  # columns whose cells may not be blank
    purpose: str = ""

    @property
    def all_columns(self) -> tuple[str, ...]:
        return self.columns + self.optional_columns


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "ssd_person",
        True,
        ("pers_person_id", "pers_sex", "pers_ethnicity", "pers_dob"),
        ("pers_expected_dob", "pers_death_date"),
        dates=("pers_dob", "pers_expected_dob", "pers_death_date"),
        required_values=("pers_person_id",),
        purpose="sex, ethnicity, age at referral (from the date of birth), death",
    ),
    TableSpec(
        "ssd_family",
        True,
        ("fami_family_id", "fami_person_id"),
        required_values=("fami_family_id", "fami_person_id"),
        purpose="families, joined through the children they share",
    ),
    TableSpec(
        "ssd_cin_episodes",
        True,
        (
            "cine_referral_id",
            "cine_person_id",
            "cine_referral_date",
            "cine_referral_source_code",
            "cine_cin_primary_need_code",
            "cine_close_reason",
            "cine_close_date",
        ),
        dates=("cine_referral_date", "cine_close_date"),
        required_values=("cine_referral_id", "cine_person_id", "cine_referral_date"),
        purpose="one record per closed episode; re-referrals; previous referrals",
    ),
    TableSpec(
        "ssd_s47_enquiry",
        True,
        ("s47e_s47_enquiry_id", "s47e_person_id", "s47e_s47_start_date"),
        ("s47e_referral_id",),
        dates=("s47e_s47_start_date",),
        required_values=("s47e_person_id",),
        purpose="escalation: section 47 enquiries started",
    ),
    TableSpec(
        "ssd_cp_plans",
        True,
        ("cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date"),
        ("cppl_referral_id",),
        dates=("cppl_cp_plan_start_date",),
        required_values=("cppl_person_id",),
        purpose="escalation: child protection plans started; previous CP plan",
    ),
    TableSpec(
        "ssd_cla_episodes",
        True,
        ("clae_cla_episode_id", "clae_person_id", "clae_cla_episode_start_date"),
        ("clae_cla_episode_start_reason", "clae_entered_care_date", "clae_referral_id"),
        dates=("clae_cla_episode_start_date", "clae_entered_care_date"),
        required_values=("clae_person_id",),
        purpose="escalation: periods of being looked after begun",
    ),
    TableSpec(
        "ssd_cin_assessments",
        False,
        ("cina_assessment_id", "cina_person_id", "cina_assessment_start_date"),
        ("cina_referral_id",),
        dates=("cina_assessment_start_date",),
        required_values=("cina_assessment_id", "cina_person_id"),
        purpose="links assessment factors to their episode",
    ),
    TableSpec(
        "ssd_assessment_factors",
        False,
        ("cinf_assessment_id", "cinf_assessment_factors_json"),
        required_values=("cinf_assessment_id",),
        purpose="assessment factors",
    ),
    TableSpec(
        "ssd_disability",
        False,
        ("disa_person_id", "disa_disability_code"),
        required_values=("disa_person_id",),
        purpose="disability",
    ),
)
TABLES_BY_NAME: dict[str, TableSpec] = {t.name: t for t in TABLES}
#: Suffixes of table files, in the order they are looked for.
TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".parquet")
