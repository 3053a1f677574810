"""One record per closed CIN episode, in the schema's names, with its labels or why it has none.

Structured fields come from the SSD tables as they stood at the referral:

* ``child_age``: whole years from the date of birth (the expected date for an unborn child; a
  referral before birth is age 0) to the referral. The date of birth itself never enters a
  record;
* ``child_sex``, ``ethnicity`` (``ssd_person``), ``disability`` (``ssd_disability``: any code
  but NONE; NONE alone is no disability; no row is not known);
* ``referral_source``, ``primary_need`` (``ssd_cin_episodes``) and ``assessment_factors`` (the
  episode's assessments), mapped by :mod:`referral_nlp.data.ssd.codes`;
* ``previous_referrals``: the child's referrals dated **before** this one; ``previous_cp_plan``:
  a CP plan that started **before** it;
* ``deprivation_decile`` is not in the SSD and stays unknown.

Each episode is tested against the exclusion reasons of :data:`REASONS` in order and counted
under the first that applies; a censored closure goes to the unlabelled records.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from referral_nlp.data.schema import FOLLOW_UP_DAYS
from referral_nlp.data.ssd import codes
from referral_nlp.data.ssd.history import (
    AFTER_EXTRACT,
    BEFORE_REFERRAL,
    MALFORMED_FACTORS,
    NO_ASSESSMENT,
    NO_REFERRAL,
    REFERRED_AT_18,
    UNKNOWN_CODE,
    DataErrors,
    Episode,
    Histories,
    History,
    age_years,
)
from referral_nlp.data.ssd.labels import TURNED_18, outcome
from referral_nlp.data.ssd.reader import SSDExtract
from referral_nlp.data.ssd.text_export import JoinedText

logger = logging.getLogger(__name__)

#: Why an episode is not a labelled record, in the order the reasons are tested.
REASONS: dict[str, str] = {
    "after_extract": "referred after the extract date (a data error, or an earlier extract date)",
    "invalid": "invalid: closure before referral, an event before its referral, or aged 18+",
    "open": "still open on the extract date",
    "before_closures_from": "closed before --closures-from",
    "died": "the child died inside the 12-month window (outcome not observable)",
    "transferred_out": "transferred to another local authority or adult social care "
    "(RC5, RC6) inside the window",
    "adopted": "adopted (RC1) inside the window: later referrals have a new person id",
    "no_text": "no note in the text export",
    "censored": "closed less than 365 days before the extract date (written to unlabelled)",
    "turned_18": "window cut by the 18th birthday (--turning-18 exclude)",
}


@dataclass
class BuiltRecords:
    """Labelled and unlabelled records, and the count of every other episode by reason."""

    labelled: list[dict[str, Any]]
    unlabelled: list[dict[str, Any]]
    excluded: Counter[str]
    n_episodes: int
    window_cut_by_18: int = 0  # labelled from a window shortened by the 18th birthday
    referred_before_birth: int = 0
    no_date_of_birth: int = 0
    structured_unknown: dict[str, int] = field(default_factory=dict)


@dataclass
class _Person:
    sex: str | None
    ethnicity: str | None
    disability: bool | None


def _map(
    raw: str | None,
    table: dict[str, Any],
    errors: DataErrors,
    where: tuple[str, str, int],
    *,
    fold: bool = False,
) -> Any:
    code = codes.normalise_code(raw)
    if code is None:
        return None
    key = code.lower() if fold else code
    if key not in table:
        errors.add(*where[:2], UNKNOWN_CODE, where[2])
        return None
    return table[key]


def _persons(extract: SSDExtract, children: set[str], errors: DataErrors) -> dict[str, _Person]:
    t = extract["ssd_person"]
    out: dict[str, _Person] = {}
    for row, (pid, sex, eth) in t.rows("pers_person_id", "pers_sex", "pers_ethnicity"):
        if pid in children:
            out[pid] = _Person(
                _map(sex, codes.SEXES, errors, (t.spec.name, "pers_sex", row), fold=True),
                _map(eth, codes.ETHNICITIES, errors, (t.spec.name, "pers_ethnicity", row)),
                None,
            )
    dis = extract.get("ssd_disability")
    if dis is None:
        return out
    flags: dict[str, bool] = {}
    for row, (pid, raw) in dis.rows("disa_person_id", "disa_disability_code"):
        if pid not in out:
            continue  # not a child with an episode: nothing is read from the row
        code = codes.normalise_code(raw)
        if code == codes.NO_DISABILITY:
            flags.setdefault(pid, False)
        elif code in codes.DISABILITY_CODES:
            flags[pid] = True
        elif code is not None:
            errors.add(dis.spec.name, "disa_disability_code", UNKNOWN_CODE, row)
    for pid, flag in flags.items():
        out[pid].disability = flag
    return out


def _assessment_factors(
    extract: SSDExtract, episodes: list[Episode], errors: DataErrors, extract_day: int
) -> dict[str, set[str]]:
    """Referral id -> project factors of its assessments (linked by id, else by date)."""
    assessments = extract.get("ssd_cin_assessments")
    factor_rows = extract.get("ssd_assessment_factors")
    if assessments is None or factor_rows is None:
        return {}
    by_assessment: dict[str, set[str]] = defaultdict(set)
    known_assessments = set(assessments.col("cina_assessment_id"))
    for row, (aid, raw) in factor_rows.rows("cinf_assessment_id", "cinf_assessment_factors_json"):
        name = factor_rows.spec.name
        if aid not in known_assessments:
            errors.add(name, "cinf_assessment_id", NO_ASSESSMENT, row)
            continue
        parsed = codes.parse_factor_codes(raw)
        if parsed is None:
            errors.add(name, "cinf_assessment_factors_json", MALFORMED_FACTORS, row)
            continue
        for code in parsed:
            if code not in codes.ASSESSMENT_FACTORS:
                errors.add(name, "cinf_assessment_factors_json", UNKNOWN_CODE, row)
            elif codes.ASSESSMENT_FACTORS[code] is not None:
                by_assessment[aid].add(codes.ASSESSMENT_FACTORS[code])

    by_id = {ep.referral_id: ep for ep in episodes}
    by_person: dict[str, list[Episode]] = defaultdict(list)
    for ep in episodes:
        by_person[ep.person_id].append(ep)
    out: dict[str, set[str]] = defaultdict(set)
    name = assessments.spec.name
    for row, (aid, pid, start, link) in assessments.rows(
        "cina_assessment_id", "cina_person_id", "cina_assessment_start_date", "cina_referral_id"
    ):
        if start is not None and start > extract_day:
            errors.add(name, "cina_assessment_start_date", AFTER_EXTRACT, row)
            continue
        if link is not None:
            ep = by_id.get(link)
            if ep is None:
                errors.add(name, "cina_referral_id", NO_REFERRAL, row)
                continue
            if start is not None and start < ep.referral:
                errors.add(name, "cina_referral_id", BEFORE_REFERRAL, row)
                ep.invalid = True
        else:
            ep = _open_on(by_person.get(pid, []), start)
            if ep is None:
                errors.add(name, "cina_person_id", NO_REFERRAL, row)
                continue
        out[ep.referral_id] |= by_assessment.get(aid, set())
    return out


def _open_on(episodes: list[Episode], day: int | None) -> Episode | None:
    """The episode whose referral is the latest on or before ``day`` and open on ``day``."""
    if day is None:
        return None
    best = None
    for ep in episodes:
        if ep.referral <= day and (best is None or ep.referral > best.referral):
            best = ep
    return best if best is not None and (best.closure is None or day <= best.closure) else None


def build_records(
    extract: SSDExtract,
    histories: Histories,
    texts: JoinedText,
    *,
    closures_from: dt.date | None = None,
    turning_18: str = "label",
    progress: bool = False,
) -> BuiltRecords:
    """Records of every closed episode, labelled or unlabelled, and the count of the rest."""
    from tqdm.auto import tqdm

    errors = histories.errors
    day = histories.extract
    episodes = histories.episodes
    factors = _assessment_factors(extract, episodes, errors, day)
    persons = _persons(extract, {ep.person_id for ep in episodes}, errors)
    start = closures_from.toordinal() if closures_from is not None else None
    built = BuiltRecords([], [], Counter(), len(episodes))
    unknown: Counter[str] = Counter()
    table = "ssd_cin_episodes"
    for ep in tqdm(episodes, desc="prepare", unit="episode", disable=not progress, leave=False):
        history = histories.by_person.get(ep.person_id) or History()
        age: int | None = None
        if history.dob is not None:
            dob, referral = dt.date.fromordinal(history.dob), dt.date.fromordinal(ep.referral)
            age = max(0, age_years(dob, referral))
            if age >= 18:
                errors.add(table, "cine_referral_date", REFERRED_AT_18, ep.row)
                ep.invalid = True
        reason = _first_reason(ep, day, start)
        if reason is not None:
            built.excluded[reason] += 1
            continue
        assert ep.closure is not None  # not open
        result = outcome(history, ep.closure, day)
        if result.excluded_by_cut:
            built.excluded[str(result.cut)] += 1
            continue
        text = texts.texts.get(ep.referral_id)
        if text is None:
            built.excluded["no_text"] += 1
            continue
        if not result.censored and result.cut == TURNED_18 and turning_18 == "exclude":
            built.excluded["turned_18"] += 1
            continue
        person = persons.get(ep.person_id) or _Person(None, None, None)
        where = (table, "cine_referral_source_code", ep.row)
        record: dict[str, Any] = {
            "id": ep.referral_id,
            "child_id": ep.person_id,
            "family_id": histories.families[ep.person_id],
            "referral_date": dt.date.fromordinal(ep.referral).isoformat(),
            "closure_date": dt.date.fromordinal(ep.closure).isoformat(),
            "text": text,
            "assessment_text": texts.assessment_texts.get(ep.referral_id),
            "referral_source": _map(ep.source_code, codes.REFERRAL_SOURCES, errors, where),
            "child_age": age,
            "child_sex": person.sex,
            "ethnicity": person.ethnicity,
            "disability": person.disability,
            "deprivation_decile": None,  # not in the SSD
            "previous_referrals": history.count_before(history.referrals, ep.referral),
            "previous_cp_plan": history.count_before(history.cp_starts, ep.referral) > 0,
            "primary_need": _need(ep, errors),
            "assessment_factors": sorted(factors.get(ep.referral_id, ())),
        }
        for name in ("child_age", "child_sex", "ethnicity", "disability", "referral_source"):
            if record[name] is None:
                unknown[name] += 1
        if history.dob is None:
            built.no_date_of_birth += 1
        elif ep.referral < history.dob:
            built.referred_before_birth += 1
        if result.censored:
            built.excluded["censored"] += 1
            record.update(re_referral_12m=None, escalation_12m=None)
            built.unlabelled.append(record)
            continue
        record.update(
            re_referral_12m=result.re_referral,
            escalation_12m=result.escalation,
            outcome_window_days=result.window_days,
        )
        if result.window_days < FOLLOW_UP_DAYS:
            built.window_cut_by_18 += 1
        built.labelled.append(record)
    built.structured_unknown = dict(unknown)
    return built


def _need(ep: Episode, errors: DataErrors) -> str | None:
    code = codes.normalise_code(ep.need_code)
    if code is None:
        return None
    if code not in codes.PRIMARY_NEEDS:
        errors.add("ssd_cin_episodes", "cine_cin_primary_need_code", UNKNOWN_CODE, ep.row)
        return None
    return code


def _first_reason(ep: Episode, day: int, start: int | None) -> str | None:
    if ep.referral > day:
        return "after_extract"
    if ep.invalid:
        return "invalid"
    if ep.closure is None or ep.closure > day:
        return "open"
    if start is not None and ep.closure < start:
        return "before_closures_from"
    return None
