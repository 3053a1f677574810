"""Generate the synthetic corpus: families -> timelines -> closed-case records with notes.

The pipeline is: draw a family (:mod:`population`), simulate every child's referrals over the
window (:mod:`timeline`, with the latent process of :mod:`risk`), keep the closures whose
12-month outcome is observable, write each one's note (:mod:`text.composer`) and its structured
view, and split by family and time (:mod:`referral_nlp.data.splits`).

Determinism: every family, child and record draws from its own ``random.Random`` seeded with a
string made of the corpus seed and the family, child or record id, so a seed reproduces the
corpus byte for byte, and switching the bias knob on changes only the biased group's histories.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from referral_nlp.data.splits import split_by_family_and_time
from referral_nlp.data.synthetic import population, risk, timeline
from referral_nlp.data.synthetic.config import BURN_IN_YEARS, SynthConfig
from referral_nlp.data.synthetic.text import composer

logger = logging.getLogger(__name__)

#: Age of a family's eldest child at first contact: (low, high) years and weight; the mix
#: gives a CIN-census-like age profile of referrals (about a third under 5, a third 10-15).
_ELDEST_AGE = ((0, 5, 0.3), (5, 10, 0.3), (10, 16, 0.32), (16, 18, 0.08))


@dataclass(frozen=True)
class TimelineEvent:
    """One referral in a child's history, kept for checking labels against the timeline."""

    referral_date: dt.date
    closure_date: dt.date
    escalation_date: dt.date | None
    record_id: str | None


@dataclass
class SyntheticCorpus:
    """The records, their splits and what is needed to audit them.

    ``timeline`` holds every referral of every child that has a record (records or not, e.g.
    burn-in referrals and referrals whose outcome is not yet observable), so that tests and
    audits can check each label against the history it was read from. ``bias_raised`` holds the
    ids of records whose labels the recording-bias knob raised (empty when it is off).
    ``mentions`` maps a record id to the factors its note mentions and how (``current``,
    ``historic``, ``negated``): ground truth for checking what a text model makes of tense and
    negation; ``episode_ids`` links each record to its episode so that :func:`plain_texts` can
    write its counterfactual note again. None of these are written to the record files.
    """

    config: SynthConfig
    records: list[dict[str, Any]]
    splits: dict[str, list[dict[str, Any]]]
    timeline: dict[str, list[TimelineEvent]]
    observation_end: dt.date
    n_families: int
    seconds: float
    bias_raised: set[str] = field(default_factory=set)
    mentions: dict[str, dict[str, str]] = field(default_factory=dict)
    episode_ids: dict[str, str] = field(default_factory=dict)


def _window(config: SynthConfig) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    sim_start = dt.date(config.start_year - BURN_IN_YEARS, 1, 1)
    record_start = dt.date(config.start_year, 1, 1)
    observation_end = dt.date(config.end_year, 12, 31)
    record_end = observation_end - dt.timedelta(days=365)
    return sim_start, record_start, record_end, observation_end


def _bias_predicate(config: SynthConfig) -> Callable[[timeline.Episode], bool] | None:
    group = config.bias_group()
    if group is None or not config.bias_active:
        return None
    fld, value = group
    if fld == "ethnicity":
        return lambda ep: ep.family.recorded_ethnicity == value
    if fld == "child_sex":
        return lambda ep: ep.child.sex == value
    if fld == "disability":
        flag = value == "true"
        return lambda ep: ep.child.disability == flag
    return lambda ep: ep.source == value


def _record(
    ep: timeline.Episode, index: int, note: composer.Note, view_rng: random.Random
) -> dict[str, Any]:
    need, factors = risk.structured_view(view_rng, ep.state)
    return {
        "id": f"REF{index:07d}",
        "child_id": ep.child.id,
        "family_id": ep.family.id,
        "referral_date": ep.referral.isoformat(),
        "closure_date": ep.closure.isoformat(),
        "text": note.text,
        "referral_source": ep.source,
        "child_age": ep.age,
        "child_sex": ep.child.sex,
        "ethnicity": ep.family.recorded_ethnicity,
        "disability": ep.child.disability,
        "deprivation_decile": ep.family.deprivation,
        "previous_referrals": ep.previous_referrals,
        "previous_cp_plan": ep.previous_cp,
        "primary_need": need,
        "assessment_factors": factors,
        "re_referral_12m": ep.re_label,
        "escalation_12m": ep.esc_label,
        "oracle_re_referral": round(ep.oracle_re, 6),
        "oracle_escalation": round(ep.oracle_esc, 6),
        "text_format": f"{ep.source}:{note.kind}",
        "pii_spans": [{"start": a, "end": b, "label": lab} for a, b, lab in note.spans],
    }


def family_episodes(
    config: SynthConfig, family_index: int
) -> tuple[population.Family, list[timeline.Episode]]:
    """Draw family ``family_index`` and simulate its children: the same every time it is asked,
    so a family's whole history can be made again later (the card's counterfactual notes, the
    SSD tables of ``synth --format ssd``), burn-in and still-open referrals included."""
    sim_start, _, record_end, observation_end = _window(config)
    seed = config.seed
    in_group = _bias_predicate(config)
    frng = random.Random(f"{seed}:family:{family_index}")
    first_contact = sim_start + dt.timedelta(days=frng.randrange((record_end - sim_start).days))
    lo, hi, _ = _pick_band(frng)
    eldest_days = frng.randrange(lo * 365, hi * 365 - 30)
    family = population.make_family(frng, family_index, first_contact, eldest_days)
    episodes = timeline.simulate_family(
        frng,
        family,
        first_contact=first_contact,
        end=observation_end,
        child_rng=lambda c: random.Random(f"{seed}:child:{c.id}"),
        bias_rate=config.recording_bias_rate if in_group is not None else 0.0,
        in_bias_group=in_group,
    )
    return family, episodes


def generate_corpus(config: SynthConfig, *, progress: bool = False) -> SyntheticCorpus:
    """Generate ``config.n`` closed-case records, split by family and time.

    Families are drawn until ``n`` observable closures exist; the last family's records beyond
    ``n`` are dropped (its timeline is kept in ``SyntheticCorpus.timeline``).
    """
    from tqdm.auto import tqdm

    started = time.perf_counter()
    _, record_start, record_end, observation_end = _window(config)
    seed = config.seed

    records: list[dict[str, Any]] = []
    events: dict[str, list[TimelineEvent]] = {}
    bias_raised: set[str] = set()
    mentions: dict[str, dict[str, str]] = {}
    episode_ids: dict[str, str] = {}
    family_index = 0
    bar = tqdm(total=config.n, disable=not progress, unit="rec", desc="synth", leave=False)
    try:
        while len(records) < config.n:
            _, episodes = family_episodes(config, family_index)
            family_index += 1
            before = len(records)
            for ep in episodes:
                record_id = None
                if record_start <= ep.closure <= record_end and len(records) < config.n:
                    record_id = f"REF{len(records):07d}"
                    note = composer.compose(ep, random.Random(f"{seed}:text:{ep.id}"))
                    view_rng = random.Random(f"{seed}:view:{ep.id}")
                    records.append(_record(ep, len(records), note, view_rng))
                    if ep.bias_raised:
                        bias_raised.add(record_id)
                    mentions[record_id] = {k: v.status for k, v in ep.state.factors.items()}
                    episode_ids[record_id] = ep.id
                events.setdefault(ep.child.id, []).append(
                    TimelineEvent(ep.referral, ep.closure, ep.escalation_date, record_id)
                )
            bar.update(len(records) - before)
    finally:
        bar.close()
    # Keep only the timelines of children with records (the rest are never looked at).
    with_records = {r["child_id"] for r in records}
    events = {k: v for k, v in events.items() if k in with_records}
    splits = split_by_family_and_time(
        records,
        test_fraction=config.test_fraction,
        validation_fraction=config.validation_fraction,
        seed=seed,
    )
    seconds = time.perf_counter() - started
    logger.info(
        "generated %d records from %d families in %.1fs", len(records), family_index, seconds
    )
    return SyntheticCorpus(
        config=config,
        records=records,
        splits=splits,
        timeline=events,
        observation_end=observation_end,
        n_families=family_index,
        seconds=seconds,
        bias_raised=bias_raised,
        mentions=mentions,
        episode_ids=episode_ids,
    )


def plain_texts(corpus: SyntheticCorpus, records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Counterfactual notes for ``records``: written from the same random state, but without
    historic and negated mentions (the families are simulated again, which is deterministic)."""
    by_family: dict[int, list[str]] = {}
    for record in records:
        by_family.setdefault(int(record["family_id"][1:]), []).append(record["id"])
    out: dict[str, str] = {}
    seed = corpus.config.seed
    for family_index, ids in sorted(by_family.items()):
        _, episodes = family_episodes(corpus.config, family_index)
        by_episode = {ep.id: ep for ep in episodes}
        for record_id in ids:
            ep = by_episode[corpus.episode_ids[record_id]]
            note = composer.compose(ep, random.Random(f"{seed}:text:{ep.id}"), mentions=False)
            out[record_id] = note.text
    return out


def _pick_band(rng: random.Random) -> tuple[int, int, float]:
    r = rng.random()
    for band in _ELDEST_AGE:
        r -= band[2]
        if r <= 0:
            return band
    return _ELDEST_AGE[-1]
