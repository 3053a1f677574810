"""SSD code lists and how each maps onto the project's own codes (``referral_nlp.data.schema``).

Source: the Standard Safeguarding Dataset specification, github.com/data-to-insight/ssd-data-model
(``data/objects/*.yml`` field guidance and ``data/categories__future_release/*.yml`` code
sets), which repeat the DfE Children in Need census and SSDA903 code lists. The lists are
written out here (not copied from that repository) so that a reader sees every mapping in one
place; a code that is not listed is counted in the preparation report and read as "not known",
never guessed.
"""

from __future__ import annotations

import json
import re

# ---- reasons a CIN episode closed (cine_close_reason) ---------------------------------------
CLOSE_REASONS: dict[str, str] = {
    "RC1": "Adopted",
    "RC2": "Died",
    "RC3": "Child arrangements order",
    "RC4": "Special guardianship order",
    "RC5": "Transferred to services of another local authority",
    "RC6": "Transferred to adult social care services",
    "RC7": "Services ceased for any other reason, including child no longer in need",
    "RC8": "Case closed after assessment, no further action",
    "RC9": "Case closed after assessment, referred to early help",
}
#: Closures after which this council can no longer see what happens to the child, so the
#: 12-month outcome window ends there (see ``referral_nlp.data.ssd.labels``):
#: RC2 the child died; RC5 and RC6 the child's services moved to another local authority or to
#: adult social care, where a new referral would not reach this extract; RC1 an adopted child
#: is given a new person id (SSD guidance on ``pers_person_id``), so a later referral is not
#: linked to the old one.
WINDOW_ENDING_CLOSURES: dict[str, str] = {
    "RC1": "adopted",
    "RC2": "died",
    "RC5": "transferred_out",
    "RC6": "transferred_out",
}

# ---- referral source (cine_referral_source_code, CIN census 2024 list) -----------------------
#: SSD code -> project code (``schema.REFERRAL_SOURCES``); ``None`` = not known.
REFERRAL_SOURCES: dict[str, str | None] = {
    "1A": "family",  # individual: family member, relative or carer
    "1B": "neighbour",  # individual: acquaintance, including neighbours and child minders
    "1C": "self",
    "1D": "other",  # individual: other, including strangers and MPs
    "2A": "school",
    "2B": "la_services",  # education services (of the local authority)
    "3A": "gp",
    "3B": "health_visitor",
    "3C": "gp",  # school nurse: a primary health service
    "3D": "gp",  # other primary health services
    "3E": "hospital",  # A&E
    "3F": "camhs",  # other health services: CAMHS and other specialist services are coded here
    "4": "housing",
    "5A": "la_services",  # social care, e.g. adult social care
    "5B": "la_services",  # other internal services
    "5C": "la_services",  # another local authority's services
    "5D": "la_services",  # early help
    "6": "police",
    "7": "probation",  # other legal agency: courts, probation, immigration, CAFCASS, prison
    "8": "other",  # children's centres, independent or voluntary organisations
    "9": "anonymous",
    "10": None,  # unknown
}

# ---- CIN census primary need (cine_cin_primary_need_code): the project uses the same codes ---
PRIMARY_NEEDS: frozenset[str] = frozenset(f"N{i}" for i in range(10))

# ---- assessment factors (cinf_assessment_factors_json) ---------------------------------------
#: CIN census factor code -> project factor (``schema.ASSESSMENT_FACTORS``); ``None`` for 21,
#: "no factors identified". The child / parent / other-person variants (A/B/C) map to one
#: project factor: the project's factors do not say whose the concern is.
ASSESSMENT_FACTORS: dict[str, str | None] = {
    **{f"1{v}": "alcohol_misuse" for v in "ABC"},
    **{f"2{v}": "drug_misuse" for v in "ABC"},
    **{f"3{v}": "domestic_abuse" for v in "ABC"},
    **{f"4{v}": "mental_health" for v in "ABC"},
    **{f"5{v}": "learning_disability" for v in "ABC"},
    **{f"6{v}": "physical_disability" for v in "ABC"},
    "7A": "young_carer",
    **{f"8{v}": "privately_fostered" for v in "BCDEF"},
    "9A": "uasc",
    "10A": "missing",
    "11A": "cse",
    "12A": "trafficking",
    "13A": "gangs",
    "14A": "socially_unacceptable_behaviour",
    "15A": "self_harm",
    "16A": "neglect",
    "17A": "emotional_abuse",
    "18B": "physical_abuse",  # child on child
    "18C": "physical_abuse",  # adult on child
    "19B": "sexual_abuse",
    "19C": "sexual_abuse",
    "20": "other",
    "21": None,  # no factors identified
    "22A": "fgm",
    "23A": "faith_abuse",
    "24A": "cce",
}
#: The project's factors with no CIN census code: a council records them as 20 (Other).
FACTORS_WITHOUT_CODE: dict[str, str] = {"homelessness": "20", "radicalisation": "20"}

# ---- person: sex, ethnicity, disability -----------------------------------------------------
#: pers_sex: the SSD field guidance gives F/M/U, its category file 1 (male) / 2 (female).
SEXES: dict[str, str] = {
    "m": "male",
    "male": "male",
    "1": "male",
    "f": "female",
    "female": "female",
    "2": "female",
    "u": "unknown",
    "unknown": "unknown",
    "0": "unknown",
    "9": "unknown",
}
#: pers_ethnicity: DfE main categories -> ONS 2021 top-level group. Chinese (CHNE, spelt CNHE
#: in the SSD field guidance) is in the Asian group from the 2021 census on.
ETHNICITIES: dict[str, str] = {
    **dict.fromkeys(("WBRI", "WIRI", "WOTH", "WIRT", "WROM"), "white"),
    **dict.fromkeys(("MWBC", "MWBA", "MWAS", "MOTH"), "mixed"),
    **dict.fromkeys(("AIND", "APKN", "ABAN", "AOTH", "CHNE", "CNHE"), "asian"),
    **dict.fromkeys(("BCRB", "BAFR", "BOTH"), "black"),
    "OOTH": "other",
    "REFU": "not_stated",
    "NOBT": "not_stated",
}
#: disa_disability_code: NONE means recorded as not disabled; every other code is a disability.
DISABILITY_CODES: frozenset[str] = frozenset(
    {"MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"}
)
NO_DISABILITY = "NONE"

# ---- looked-after episodes ------------------------------------------------------------------
#: clae_cla_episode_start_reason S: the child started to be looked after. Other reasons (L, P,
#: T, B, U) are changes of legal status or placement inside a period of care already begun.
CLA_START_OF_CARE = "S"


def normalise_code(raw: str | None) -> str | None:
    """A code as compared here: stripped, upper case; blank is ``None``."""
    if raw is None:
        return None
    code = raw.strip().upper()
    return code or None


_SPLIT = re.compile(r"[,;|\s]+")


def parse_factor_codes(raw: str | None) -> list[str] | None:
    """The codes of one ``cinf_assessment_factors_json`` cell, or ``None`` if it is malformed.

    The SSD allows a JSON array (``["1A", "2B"]``, the current form) and a JSON object
    (``{"1A": "Yes", "2B": "No"}``, where only "Yes" counts); some extracts hold a plain list
    (``1A,2B``). A blank cell is no factors.
    """
    if raw is None or not raw.strip():
        return []
    text = raw.strip()
    if text[0] in "[{":
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            return None
        if isinstance(value, list):
            items = value
        elif isinstance(value, dict):
            items = [k for k, v in value.items() if str(v).strip().lower() in {"yes", "y", "1"}]
        else:
            return None
        if not all(isinstance(item, str | int) for item in items):
            return None
        return [c for c in (normalise_code(str(item)) for item in items) if c]
    return [c for c in (normalise_code(part) for part in _SPLIT.split(text)) if c]
