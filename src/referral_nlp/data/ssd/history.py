"""Each child's history from an SSD extract: referrals, escalations, CP plans and exits by date.

A history holds only what happened **on or before the extract date**; events dated later are
left out and counted as data errors (an extract cannot hold them unless a date is wrong, or the
extract date given is earlier than the data). Linked events dated before their own referral
are counted too, and the episode they point to is marked invalid. Errors are counted and named
by table and row, never by value (:class:`DataErrors`).

Families come from ``ssd_family``: a child who appears in two families joins them (union-find),
and each child's family is the smallest family id of its joined group, so siblings are kept in
one split whichever family row they were recorded under.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from referral_nlp.data.splits import family_groups
from referral_nlp.data.ssd import codes
from referral_nlp.data.ssd.reader import ROWS_SHOWN, SSDExtract, row_list

logger = logging.getLogger(__name__)

#: Family id given to a child with no ``ssd_family`` row: a family of one.
NO_FAMILY_PREFIX = "no-family:"

# Kinds of data error, as the report names them.
AFTER_EXTRACT = "dated after the extract date (left out)"
BEFORE_REFERRAL = "dated before its referral (episode marked invalid)"
CLOSED_BEFORE_REFERRAL = "closure before referral (episode marked invalid)"
NO_REFERRAL = "links to no referral in ssd_cin_episodes"
NO_DATE = "no date (left out)"
UNKNOWN_PERSON = "person absent from ssd_person (left out)"
NO_ASSESSMENT = "factors of no assessment in ssd_cin_assessments (left out)"
MALFORMED_FACTORS = "factor list not a JSON list or object (read as not known)"
UNKNOWN_CODE = "code not in the SSD code list (read as not known)"
REFERRED_AT_18 = "referral on or after the 18th birthday (episode marked invalid)"


@dataclass
class DataErrors:
    """Rows with a data error, by table, column and kind (rows only, never values)."""

    rows: dict[tuple[str, str, str], list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, table: str, column: str, kind: str, row: int) -> None:
        self.rows[(table, column, kind)].append(row)

    def count(self, kind: str | None = None) -> int:
        return sum(len(r) for (_, _, k), r in self.rows.items() if kind is None or k == kind)

    def as_list(self) -> list[dict[str, Any]]:
        return [
            {
                "table": table,
                "column": column,
                "kind": kind,
                "count": len(rows),
                "rows": rows[:ROWS_SHOWN],
                "where": row_list(rows),
            }
            for (table, column, kind), rows in sorted(self.rows.items())
        ]


@dataclass
class Episode:
    """One ``ssd_cin_episodes`` row (dates as day ordinals)."""

    row: int
    referral_id: str
    person_id: str
    referral: int
    closure: int | None
    close_reason: str | None
    source_code: str | None
    need_code: str | None
    invalid: bool = False


@dataclass
class History:
    """One child's events on or before the extract date, each list sorted by date."""

    referrals: list[int] = field(default_factory=list)
    escalations: list[int] = field(default_factory=list)  # s47, CP plan and care starts
    cp_starts: list[int] = field(default_factory=list)
    exits: list[tuple[int, str]] = field(default_factory=list)  # (date, reason)
    death: int | None = None
    dob: int | None = None  # date of birth, or the expected one for an unborn child

    def count_before(self, events: list[int], day: int) -> int:
        return bisect.bisect_left(events, day)

    def any_between(self, events: list[int], after: int, upto: int) -> bool:
        """Whether an event falls in ``(after, upto]``."""
        i = bisect.bisect_right(events, after)
        return i < len(events) and events[i] <= upto


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` on; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_years(dob: dt.date, on: dt.date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


@dataclass
class Histories:
    """Everything about the children of one extract that records and labels are read from."""

    episodes: list[Episode]
    by_person: dict[str, History]
    families: dict[str, str]  # person id -> family id
    errors: DataErrors
    extract: int
    children_without_family: int = 0


def _episodes(extract: SSDExtract, day: int, errors: DataErrors) -> list[Episode]:
    t = extract["ssd_cin_episodes"]
    out = []
    for row, (rid, pid, ref, clo, reason, source, need) in t.rows(
        "cine_referral_id",
        "cine_person_id",
        "cine_referral_date",
        "cine_close_date",
        "cine_close_reason",
        "cine_referral_source_code",
        "cine_cin_primary_need_code",
    ):
        ep = Episode(row, rid, pid, ref, clo, codes.normalise_code(reason), source, need)
        if ref > day:
            errors.add(t.spec.name, "cine_referral_date", AFTER_EXTRACT, row)
        if clo is not None and clo > day and ref <= day:
            errors.add(t.spec.name, "cine_close_date", AFTER_EXTRACT, row)
        if clo is not None and clo < ref:
            errors.add(t.spec.name, "cine_close_date", CLOSED_BEFORE_REFERRAL, row)
            ep.invalid = True
        out.append(ep)
    return out


_LINKED_EVENTS = (  # table, date column, person column, referral-link column
    ("ssd_s47_enquiry", "s47e_s47_start_date", "s47e_person_id", "s47e_referral_id"),
    ("ssd_cp_plans", "cppl_cp_plan_start_date", "cppl_person_id", "cppl_referral_id"),
    ("ssd_cla_episodes", "clae_cla_episode_start_date", "clae_person_id", "clae_referral_id"),
)


def _care_starts(extract: SSDExtract) -> list[int | None]:
    """Per ``ssd_cla_episodes`` row, the day a period of care began there, if it did.

    The date the child entered care when it is recorded, else the episode's start when its
    reason is S (started to be looked after) or not recorded; an episode that only changes a
    placement or legal status inside a period of care begins nothing.
    """
    t = extract["ssd_cla_episodes"]
    starts: list[int | None] = []
    for start, reason, entered in zip(
        t.col("clae_cla_episode_start_date"),
        t.col("clae_cla_episode_start_reason"),
        t.col("clae_entered_care_date"),
        strict=True,
    ):
        code = codes.normalise_code(reason)
        if entered is not None:
            starts.append(entered)
        elif code is None or code == codes.CLA_START_OF_CARE:
            starts.append(start)
        else:
            starts.append(None)
    return starts


def build_histories(extract: SSDExtract, extract_day: dt.date) -> Histories:
    """Histories, episodes, families and data errors of ``extract`` as of ``extract_day``."""
    day = extract_day.toordinal()
    errors = DataErrors()
    episodes = _episodes(extract, day, errors)
    by_id = {ep.referral_id: ep for ep in episodes}
    persons = extract["ssd_person"]
    known = set(persons.col("pers_person_id"))
    hist: dict[str, History] = defaultdict(History)

    for ep in episodes:
        if ep.referral <= day:
            hist[ep.person_id].referrals.append(ep.referral)
        reason = codes.WINDOW_ENDING_CLOSURES.get(ep.close_reason or "")
        if reason and ep.closure is not None and ep.closure <= day:
            hist[ep.person_id].exits.append((ep.closure, reason))

    for name, date_col, person_col, link_col in _LINKED_EVENTS:
        t = extract[name]
        care = _care_starts(extract) if name == "ssd_cla_episodes" else None
        for row, (start, pid, link) in t.rows(date_col, person_col, link_col):
            if pid not in known:
                errors.add(name, person_col, UNKNOWN_PERSON, row)
                continue
            if start is None:
                errors.add(name, date_col, NO_DATE, row)
                continue
            if start > day:
                errors.add(name, date_col, AFTER_EXTRACT, row)
                continue
            _check_link(by_id, name, link_col, link, start, row, errors)
            event = start if care is None else care[row - 1]
            if event is None:
                continue
            hist[pid].escalations.append(event)
            if name == "ssd_cp_plans":
                hist[pid].cp_starts.append(start)

    _person_dates(extract, hist, day, errors)
    for h in hist.values():
        h.referrals.sort()
        h.escalations.sort()
        h.cp_starts.sort()
        h.exits.sort()
    children = {ep.person_id for ep in episodes}
    families, solo = _families(extract, children, known, errors)
    return Histories(episodes, dict(hist), families, errors, day, solo)


def _check_link(
    by_id: dict[str, Episode],
    table: str,
    column: str,
    link: str | None,
    start: int,
    row: int,
    errors: DataErrors,
) -> None:
    """A linked event must belong to a known referral and not come before it."""
    if link is None:
        return
    linked = by_id.get(link)
    if linked is None:
        errors.add(table, column, NO_REFERRAL, row)
    elif start < linked.referral:
        errors.add(table, column, BEFORE_REFERRAL, row)
        linked.invalid = True


def _person_dates(
    extract: SSDExtract, hist: dict[str, History], day: int, errors: DataErrors
) -> None:
    t = extract["ssd_person"]
    for row, (pid, dob, expected, death) in t.rows(
        "pers_person_id", "pers_dob", "pers_expected_dob", "pers_death_date"
    ):
        if pid not in hist:
            continue  # not a child with episodes or events: nothing is read from the row
        h = hist[pid]
        h.dob = dob if dob is not None else expected
        if death is not None and death > day:
            errors.add(t.spec.name, "pers_death_date", AFTER_EXTRACT, row)
        elif death is not None:
            h.death = death


def _families(
    extract: SSDExtract, children: set[str], known: set[str], errors: DataErrors
) -> tuple[dict[str, str], int]:
    """Person id -> family id for every child with an episode, and how many had no family row.

    Families that share a child are joined (the splits' own union-find); each child gets the
    smallest family id of its joined group.
    """
    t = extract["ssd_family"]
    pairs: list[dict[str, str]] = []
    for row, (fid, pid) in t.rows("fami_family_id", "fami_person_id"):
        if pid not in known:
            errors.add(t.spec.name, "fami_person_id", UNKNOWN_PERSON, row)
        elif pid in children:
            pairs.append({"family_id": fid, "child_id": pid})
    keys = family_groups(pairs)
    smallest: dict[str, str] = {}
    for pair, key in zip(pairs, keys, strict=True):
        smallest[key] = min(smallest.get(key, pair["family_id"]), pair["family_id"])
    families = {pair["child_id"]: smallest[key] for pair, key in zip(pairs, keys, strict=True)}
    solo = sorted(children - set(families))
    for pid in solo:
        families[pid] = NO_FAMILY_PREFIX + pid
    if solo:
        logger.warning(
            "%d child(ren) with episodes have no ssd_family row: each is a family of one",
            len(solo),
        )
    return families, len(solo)
