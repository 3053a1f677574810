"""``synth --format ssd``: the generated histories as Standard Safeguarding Dataset tables.

Every family the generator drew is simulated again (deterministically, :func:`family_episodes`)
and its whole history is written the way a council's SSD extract would hold it, up to the end of
observation (the extract date): every referral, burn-in years and still-open cases included,
with the s47 enquiries, CP plans and periods of care that the generator's labels were read from.
The notes go to a separate case-note export keyed by referral id, because the SSD holds no text.

So ``referral-nlp prepare`` on this output must give back the generator's own labels and
families for every closure it labels; :func:`episode_truth` gives them, per episode, to check.

What the SSD cannot carry: ``deprivation_decile`` (not an SSD field), and the factors
``homelessness`` and ``radicalisation``, which have no CIN census code and are written as 20
(Other), so they come back as ``other``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from referral_nlp.data.splits import DATA_CARD_NAME
from referral_nlp.data.ssd import codes
from referral_nlp.data.synthetic import risk
from referral_nlp.data.synthetic.corpus import SyntheticCorpus, family_episodes
from referral_nlp.data.synthetic.text import composer
from referral_nlp.data.synthetic.timeline import Episode
from referral_nlp.errors import UserError

logger = logging.getLogger(__name__)

SSD_DIR = "ssd"
TEXT_EXPORT = "case_notes.csv"
TEXT_MAPPING = "case_notes_mapping.yaml"

#: Project referral source -> the SSD code written for it (each maps back to the same source).
SOURCE_CODES: dict[str, str] = {
    "family": "1A",
    "neighbour": "1B",
    "self": "1C",
    "school": "2A",
    "gp": "3A",
    "health_visitor": "3B",
    "hospital": "3E",
    "camhs": "3F",
    "housing": "4",
    "la_services": "5A",
    "police": "6",
    "probation": "7",
    "other": "8",
    "anonymous": "9",
}
SEX_CODES = {"male": "M", "female": "F", "unknown": "U"}
#: Ethnicity codes written for each recorded group (one per child, drawn with these weights).
ETHNICITY_CODES: dict[str, tuple[tuple[str, float], ...]] = {
    "white": (("WBRI", 0.82), ("WOTH", 0.12), ("WIRI", 0.03), ("WROM", 0.02), ("WIRT", 0.01)),
    "asian": (("APKN", 0.35), ("AIND", 0.25), ("ABAN", 0.2), ("AOTH", 0.15), ("CHNE", 0.05)),
    "black": (("BAFR", 0.55), ("BCRB", 0.3), ("BOTH", 0.15)),
    "mixed": (("MWBC", 0.35), ("MOTH", 0.3), ("MWAS", 0.2), ("MWBA", 0.15)),
    "other": (("OOTH", 1.0),),
    "not_stated": (("NOBT", 0.7), ("REFU", 0.3)),
}
DISABILITY_CHOICES = ("LD", "AUT", "BEH", "COMM", "MOB", "HEAR", "VIS", "PC")
CLOSE_REASON = {
    "nfa": "RC8",
    "early_help": "RC9",
    "cin": "RC7",
    "s47_nfa": "RC8",
    "s47_cin": "RC7",
    "cp_plan": "RC7",
    "lac": "RC7",
}
CP_CATEGORY = {
    "neglect": "Neglect",
    "physical_abuse": "Physical abuse",
    "sexual_abuse": "Sexual abuse",
}


def factor_codes(rng: random.Random, factors: list[str]) -> list[str]:
    """CIN census codes for project factors (a child/parent/other variant drawn per factor)."""
    out: list[str] = []
    for name in factors:
        if name in codes.FACTORS_WITHOUT_CODE:
            variants = [codes.FACTORS_WITHOUT_CODE[name]]
        else:
            variants = [c for c, f in codes.ASSESSMENT_FACTORS.items() if f == name]
        code = rng.choice(variants)
        if code not in out:
            out.append(code)
    return out or ["21"]  # 21: no factors identified


def _pick(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


@dataclass(frozen=True)
class EpisodeTruth:
    """What the generator knows about one closed referral: its child, family and labels (read
    off its timeline; they are observable only when the window ended by the extract date)."""

    child_id: str
    family_id: str
    closure: dt.date
    re_referral_12m: int
    escalation_12m: int
    record_id: str | None


@dataclass
class SSDExport:
    """Where the SSD tables and the case-note export went, and how many rows."""

    directory: Path
    text_export: Path
    text_mapping: Path
    extract_date: dt.date
    rows: dict[str, int]

    def summary(self) -> str:
        return (
            f"wrote SSD tables ({self.rows['ssd_cin_episodes']} episodes of "
            f"{self.rows['ssd_person']} children) to {self.directory} and "
            f"{self.rows['case_notes']} notes to {self.text_export}; prepare with "
            f"--extract-date {self.extract_date.isoformat()}"
        )


def _families(corpus: SyntheticCorpus) -> Iterator[tuple[Any, list[Episode]]]:
    for index in range(corpus.n_families):
        yield family_episodes(corpus.config, index)


def episode_truth(corpus: SyntheticCorpus) -> dict[str, EpisodeTruth]:
    """Referral id -> the generator's own family and labels, for every closed referral."""
    records = {episode: record for record, episode in corpus.episode_ids.items()}
    out = {}
    for _, episodes in _families(corpus):
        for ep in episodes:
            if ep.closure <= corpus.observation_end:
                out[ep.id] = EpisodeTruth(
                    ep.child.id, ep.family.id, ep.closure, ep.re_label, ep.esc_label,
                    records.get(ep.id),
                )  # fmt: skip
    return out


#: The columns written, per table (a table with no rows still has its header).
COLUMNS: dict[str, tuple[str, ...]] = {
    "ssd_person": (
        "pers_person_id",
        "pers_forename",
        "pers_surname",
        "pers_sex",
        "pers_ethnicity",
        "pers_dob",
        "pers_expected_dob",
        "pers_death_date",
        "pers_common_child_id",
    ),
    "ssd_family": ("fami_table_id", "fami_family_id", "fami_person_id"),
    "ssd_disability": ("disa_table_id", "disa_person_id", "disa_disability_code"),
    "ssd_cin_episodes": (
        "cine_referral_id",
        "cine_person_id",
        "cine_referral_date",
        "cine_referral_source_code",
        "cine_cin_primary_need_code",
        "cine_referral_nfa",
        "cine_close_reason",
        "cine_close_date",
    ),
    "ssd_cin_assessments": (
        "cina_assessment_id",
        "cina_person_id",
        "cina_referral_id",
        "cina_assessment_start_date",
        "cina_assessment_auth_date",
    ),
    "ssd_assessment_factors": (
        "cinf_table_id",
        "cinf_assessment_id",
        "cinf_assessment_factors_json",
    ),
    "ssd_s47_enquiry": (
        "s47e_s47_enquiry_id",
        "s47e_referral_id",
        "s47e_person_id",
        "s47e_s47_start_date",
        "s47e_s47_end_date",
        "s47e_s47_nfa",
    ),
    "ssd_cp_plans": (
        "cppl_cp_plan_id",
        "cppl_referral_id",
        "cppl_person_id",
        "cppl_cp_plan_start_date",
        "cppl_cp_plan_end_date",
        "cppl_cp_plan_initial_category",
    ),
    "ssd_cla_episodes": (
        "clae_cla_episode_id",
        "clae_person_id",
        "clae_referral_id",
        "clae_cla_episode_start_date",
        "clae_cla_episode_start_reason",
        "clae_entered_care_date",
        "clae_cla_episode_ceased_date",
        "clae_cla_episode_ceased_reason",
    ),
    "case_notes": ("note_id", "referral_id", "person_id", "note_date", "note_text"),
}


class _Tables:
    """Rows of each SSD table and of the case-note export, as they are made."""

    def __init__(self, seed: int, end: dt.date) -> None:
        self.seed = seed
        self.end = end
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in COLUMNS}

    def day(self, day: dt.date | None) -> str:
        """An ISO date, or blank for a day after the end of observation (not yet happened)."""
        return day.isoformat() if day is not None and day <= self.end else ""

    def add_child(self, family: Any, child: Any) -> None:
        rng = random.Random(f"{self.seed}:ssd:person:{child.id}")
        self.rows["ssd_person"].append(
            {
                "pers_person_id": child.id,
                "pers_forename": child.person.first,
                "pers_surname": child.person.last,
                "pers_sex": SEX_CODES[child.sex],
                "pers_ethnicity": _pick(rng, ETHNICITY_CODES[family.recorded_ethnicity]),
                "pers_dob": child.dob.isoformat(),
                "pers_expected_dob": "",
                "pers_death_date": "",
                "pers_common_child_id": child.nhs,
            }
        )
        self.rows["ssd_family"].append(
            {
                "fami_table_id": f"FT{len(self.rows['ssd_family']) + 1}",
                "fami_family_id": family.id,
                "fami_person_id": child.id,
            }
        )
        picks = rng.sample(DISABILITY_CHOICES, rng.choice((1, 1, 2))) if child.disability else []
        for code in picks or [codes.NO_DISABILITY]:
            self.rows["ssd_disability"].append(
                {
                    "disa_table_id": f"D{len(self.rows['ssd_disability']) + 1}",
                    "disa_person_id": child.id,
                    "disa_disability_code": code,
                }
            )

    def add_episode(self, ep: Episode) -> None:
        rng = random.Random(f"{self.seed}:ssd:episode:{ep.id}")
        need, factors = risk.structured_view(random.Random(f"{self.seed}:view:{ep.id}"), ep.state)
        note = composer.compose(ep, random.Random(f"{self.seed}:text:{ep.id}"))
        outcome = ep.state.outcome
        pid = ep.child.id
        closed = ep.closure <= self.end
        self.rows["ssd_cin_episodes"].append(
            {
                "cine_referral_id": ep.id,
                "cine_person_id": pid,
                "cine_referral_date": ep.referral.isoformat(),
                "cine_referral_source_code": SOURCE_CODES[ep.source],
                "cine_cin_primary_need_code": need,
                "cine_referral_nfa": "Y" if outcome == "nfa" and not factors else "N",
                "cine_close_reason": CLOSE_REASON[outcome] if closed else "",
                "cine_close_date": self.day(ep.closure),
            }
        )
        self.rows["case_notes"].append(
            {
                "note_id": f"N{len(self.rows['case_notes']) + 1}",
                "referral_id": ep.id,
                "person_id": pid,
                "note_date": ep.referral.isoformat(),
                "note_text": note.text,
            }
        )
        assessed = ep.referral + dt.timedelta(days=min(2, (ep.closure - ep.referral).days))
        if (factors or outcome != "nfa") and assessed <= self.end:
            aid = f"{ep.id}-A"
            self.rows["ssd_cin_assessments"].append(
                {
                    "cina_assessment_id": aid,
                    "cina_person_id": pid,
                    "cina_referral_id": ep.id,
                    "cina_assessment_start_date": assessed.isoformat(),
                    "cina_assessment_auth_date": self.day(
                        min(assessed + dt.timedelta(days=rng.randint(5, 40)), ep.closure)
                    ),
                }
            )
            self.rows["ssd_assessment_factors"].append(
                {
                    "cinf_table_id": f"{aid}-F",
                    "cinf_assessment_id": aid,
                    "cinf_assessment_factors_json": json.dumps(factor_codes(rng, factors)),
                }
            )
        if ep.escalation_date is not None and ep.escalation_date <= self.end:
            self._escalation(ep, ep.escalation_date, rng)

    def _escalation(self, ep: Episode, start: dt.date, rng: random.Random) -> None:
        """The s47 enquiry that opened on ``start`` and the CP plan or care that followed."""
        outcome, pid = ep.state.outcome, ep.child.id
        self.rows["ssd_s47_enquiry"].append(
            {
                "s47e_s47_enquiry_id": f"{ep.id}-S47",
                "s47e_referral_id": ep.id,
                "s47e_person_id": pid,
                "s47e_s47_start_date": start.isoformat(),
                "s47e_s47_end_date": self.day(
                    min(start + dt.timedelta(days=rng.randint(5, 15)), ep.closure)
                ),
                "s47e_s47_nfa": "Y" if outcome == "s47_nfa" else "N",
            }
        )
        # Every cp_plan and lac episode is open 120+ days after its s47 (risk.DURATION_DAYS).
        later = start + dt.timedelta(days=rng.randint(8, 30))
        if outcome == "cp_plan" and later <= self.end:
            self.rows["ssd_cp_plans"].append(
                {
                    "cppl_cp_plan_id": f"{ep.id}-CP",
                    "cppl_referral_id": ep.id,
                    "cppl_person_id": pid,
                    "cppl_cp_plan_start_date": later.isoformat(),
                    "cppl_cp_plan_end_date": self.day(ep.closure),
                    "cppl_cp_plan_initial_category": CP_CATEGORY.get(
                        ep.state.main, "Emotional abuse"
                    ),
                }
            )
        if outcome == "lac" and later <= self.end:
            self.rows["ssd_cla_episodes"].append(
                {
                    "clae_cla_episode_id": f"{ep.id}-CLA",
                    "clae_person_id": pid,
                    "clae_referral_id": ep.id,
                    "clae_cla_episode_start_date": later.isoformat(),
                    "clae_cla_episode_start_reason": codes.CLA_START_OF_CARE,
                    "clae_entered_care_date": later.isoformat(),
                    "clae_cla_episode_ceased_date": self.day(ep.closure),
                    "clae_cla_episode_ceased_reason": "E4A" if ep.closure <= self.end else "",
                }
            )


def ssd_rows(corpus: SyntheticCorpus, *, progress: bool = False) -> dict[str, list[dict[str, Any]]]:
    """The rows of every SSD table and of the case-note export (``case_notes``)."""
    from tqdm.auto import tqdm

    tables = _Tables(corpus.config.seed, corpus.observation_end)
    families = tqdm(
        _families(corpus),
        total=corpus.n_families,
        desc="SSD",
        unit="family",
        disable=not progress,
        leave=False,
    )
    for family, episodes in families:
        for child in family.children:
            tables.add_child(family, child)
        for ep in episodes:
            tables.add_episode(ep)
    return tables.rows


EXTRACT_CARD = """\
# Synthetic SSD extract (referral-nlp synth --format ssd)

Every record in this extract is synthetic: the histories of the families simulated by
`referral-nlp synth` (seed {seed}, {families:,} families, {episodes:,} CIN episodes), written as
Standard Safeguarding Dataset tables up to the extract date {extract}. No real child, family
or case is described. The generative process is documented in the corpus's own data card
(`data_card.md` beside this directory); the case notes are in `case_notes.csv`.
"""

MAPPING_TEXT = """\
# How `referral-nlp prepare` reads case_notes.csv (the synthetic case-note export).
# Each note is keyed by its referral (ssd_cin_episodes.cine_referral_id). An export keyed by
# person and date would say instead:  person_id: person_id  and  date: note_date
text: note_text
referral_id: referral_id
"""


def write_ssd(corpus: SyntheticCorpus, out_dir: str | Path, *, progress: bool = False) -> SSDExport:
    """Write ``OUT/ssd/ssd_*.csv`` (and the extract's ``data_card.md``, which says it is
    synthetic), ``OUT/case_notes.csv`` and ``OUT/case_notes_mapping.yaml``.

    Every row is made before the first file is written; each file is written atomically.
    """
    import pandas as pd

    from referral_nlp.io import atomic_writer

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UserError(f"out: {out} exists and is not a directory.")
    rows = ssd_rows(corpus, progress=progress)
    directory = out / SSD_DIR
    directory.mkdir(parents=True, exist_ok=True)
    for name, table in rows.items():
        path = out / TEXT_EXPORT if name == "case_notes" else directory / f"{name}.csv"
        frame = pd.DataFrame(table, columns=list(COLUMNS[name]))
        with atomic_writer(path, "w") as fh:
            frame.to_csv(fh, index=False)
    mapping = out / TEXT_MAPPING
    with atomic_writer(mapping) as fh:
        fh.write(MAPPING_TEXT)
    with atomic_writer(directory / DATA_CARD_NAME) as fh:
        fh.write(
            EXTRACT_CARD.format(
                seed=corpus.config.seed,
                families=corpus.n_families,
                episodes=len(rows["ssd_cin_episodes"]),
                extract=corpus.observation_end.isoformat(),
            )
        )
    logger.info("wrote the SSD tables of %d families to %s", corpus.n_families, directory)
    return SSDExport(
        directory,
        out / TEXT_EXPORT,
        mapping,
        corpus.observation_end,
        {name: len(table) for name, table in rows.items()},
    )
