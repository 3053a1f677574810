"""Small SSD extracts built in code, for the prepare tests (every person is invented)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pandas as pd

from referral_nlp.data.ssd import build_histories, build_records, join_text_export, read_ssd
from referral_nlp.data.ssd.records import BuiltRecords
from referral_nlp.data.ssd.text_export import TextMapping
from referral_nlp.data.synthetic.ssd_writer import COLUMNS

#: Values planted in identity columns: none may appear in a record, a report or a message.
FORENAME, SURNAME, NHS = "Zebedee", "QUIGGLEBOTTOM", "9434765919"


class Extract:
    """An SSD extract under construction: add people and events, then :meth:`write`."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in COLUMNS}

    def person(
        self,
        pid: str,
        dob: str = "2010-05-01",
        *,
        family: str | None = "F1",
        sex: str = "F",
        ethnicity: str = "WBRI",
        death: str = "",
    ) -> Extract:
        self.rows["ssd_person"].append(
            {
                "pers_person_id": pid,
                "pers_forename": FORENAME,
                "pers_surname": SURNAME,
                "pers_sex": sex,
                "pers_ethnicity": ethnicity,
                "pers_dob": dob,
                "pers_expected_dob": "",
                "pers_death_date": death,
                "pers_common_child_id": NHS,
            }
        )
        if family is not None:
            self.family(family, pid)
        return self

    def family(self, family: str, pid: str) -> Extract:
        self.rows["ssd_family"].append(
            {"fami_table_id": "", "fami_family_id": family, "fami_person_id": pid}
        )
        return self

    def episode(
        self,
        rid: str,
        pid: str,
        referral: str,
        closure: str = "",
        *,
        reason: str = "RC7",
        source: str = "6",
        need: str = "N1",
        note: str | None = "Police PPN after a DA incident.",
        factors: Any = None,
    ) -> Extract:
        self.rows["ssd_cin_episodes"].append(
            {
                "cine_referral_id": rid,
                "cine_person_id": pid,
                "cine_referral_date": referral,
                "cine_referral_source_code": source,
                "cine_cin_primary_need_code": need,
                "cine_referral_nfa": "N",
                "cine_close_reason": reason if closure else "",
                "cine_close_date": closure,
            }
        )
        if note is not None:
            self.rows["case_notes"].append(
                {
                    "note_id": f"N-{rid}",
                    "referral_id": rid,
                    "person_id": pid,
                    "note_date": referral,
                    "note_text": note,
                }
            )
        if factors is not None:
            aid = f"A-{rid}"
            self.rows["ssd_cin_assessments"].append(
                {
                    "cina_assessment_id": aid,
                    "cina_person_id": pid,
                    "cina_referral_id": rid,
                    "cina_assessment_start_date": referral,
                    "cina_assessment_auth_date": "",
                }
            )
            cell = factors if isinstance(factors, str) else json.dumps(factors)
            self.rows["ssd_assessment_factors"].append(
                {
                    "cinf_table_id": "",
                    "cinf_assessment_id": aid,
                    "cinf_assessment_factors_json": cell,
                }
            )
        return self

    def s47(self, pid: str, start: str, referral_id: str = "") -> Extract:
        n = len(self.rows["ssd_s47_enquiry"]) + 1
        self.rows["ssd_s47_enquiry"].append(
            {
                "s47e_s47_enquiry_id": f"S{n}",
                "s47e_referral_id": referral_id,
                "s47e_person_id": pid,
                "s47e_s47_start_date": start,
                "s47e_s47_end_date": "",
                "s47e_s47_nfa": "",
            }
        )
        return self

    def cp(self, pid: str, start: str, referral_id: str = "") -> Extract:
        n = len(self.rows["ssd_cp_plans"]) + 1
        self.rows["ssd_cp_plans"].append(
            {
                "cppl_cp_plan_id": f"CP{n}",
                "cppl_referral_id": referral_id,
                "cppl_person_id": pid,
                "cppl_cp_plan_start_date": start,
                "cppl_cp_plan_end_date": "",
                "cppl_cp_plan_initial_category": "Neglect",
            }
        )
        return self

    def cla(self, pid: str, start: str, *, reason: str = "S", entered: str = "") -> Extract:
        n = len(self.rows["ssd_cla_episodes"]) + 1
        self.rows["ssd_cla_episodes"].append(
            {
                "clae_cla_episode_id": f"CLA{n}",
                "clae_person_id": pid,
                "clae_referral_id": "",
                "clae_cla_episode_start_date": start,
                "clae_cla_episode_start_reason": reason,
                "clae_entered_care_date": entered,
                "clae_cla_episode_ceased_date": "",
                "clae_cla_episode_ceased_reason": "",
            }
        )
        return self

    def disability(self, pid: str, code: str) -> Extract:
        self.rows["ssd_disability"].append(
            {"disa_table_id": "", "disa_person_id": pid, "disa_disability_code": code}
        )
        return self

    def write(self, directory: Path, *, drop: tuple[str, ...] = ()) -> tuple[Path, Path]:
        """``(ssd_dir, notes_csv)``; tables and columns named in ``drop`` are not written."""
        ssd = directory / "ssd"
        ssd.mkdir(parents=True, exist_ok=True)
        for name, rows in self.rows.items():
            if name in drop:
                continue
            path = directory / "notes.csv" if name == "case_notes" else ssd / f"{name}.csv"
            columns = [c for c in COLUMNS[name] if c not in drop]
            pd.DataFrame(rows, columns=columns).to_csv(path, index=False)
        return ssd, directory / "notes.csv"


NOTES = TextMapping(text="note_text", referral_id="referral_id")


def build(
    extract: Extract, directory: Path, extract_date: str = "2024-12-31", **kwargs: Any
) -> BuiltRecords:
    """Write ``extract`` and build its records with the library, as ``prepare`` does."""
    ssd, notes = extract.write(directory)
    tables = read_ssd(ssd)
    histories = build_histories(tables, dt.date.fromisoformat(extract_date))
    texts = join_text_export(notes, NOTES, histories.episodes)
    return build_records(tables, histories, texts, **kwargs)


def by_id(built: BuiltRecords) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in built.labelled + built.unlabelled}
