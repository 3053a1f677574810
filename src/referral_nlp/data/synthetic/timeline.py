"""Each child's referrals over a multi-year window, and the labels read off that timeline.

A child's first referral comes at the family's first contact (a sibling group referred together)
or later. Each referral is open for a while that depends on its outcome and then closes. At
closure the latent state (:mod:`risk`) fixes two things for the next 12 months:

* whether an **escalation** happens (probability ``p_E``): the child becomes subject to a s47
  enquiry, CP plan or care ``tau`` days after closure, through the next referral;
* when the next **ordinary** referral would come (a Weibull hazard).

The next referral is whichever comes first; the timeline then carries on from that referral.
``re_referral_12m`` is 1 when the next referral lands within 365 days of closure and
``escalation_12m`` is 1 when an escalation falls within those 365 days: both are read off the
timeline, not drawn per row. After a closure whose escalation draw was negative, no escalation
may happen inside its 12 months (a later closure's ``tau`` is drawn beyond that point), which
keeps every closure's labels exactly distributed as its oracle says.

The oracle of a closure is therefore exact:
``oracle_escalation = p_E`` (times the chance that ``tau`` falls before the child turns 18) and
``oracle_re_referral = 1 - (1 - p_hazard) (1 - oracle_escalation)``.

The recording-bias knob (off by default) adds, for closures of the chosen group, an unwarranted
referral within 12 months with probability ``rate``, 40% of which open a s47 enquiry. The labels
follow the timeline (so they are raised) while the oracle stays the need-based probability.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from referral_nlp.data.synthetic import risk
from referral_nlp.data.synthetic.population import Child, Family

#: Share of unwarranted referrals (recording bias) that open a s47 enquiry.
BIAS_ESCALATION_SHARE = 0.4


@dataclass
class Episode:
    """One referral of one child, from referral to closure, with what followed."""

    id: str
    family: Family
    child: Child
    number: int  # 0 = first referral of the child
    referral: dt.date
    closure: dt.date
    age: int
    state: risk.EpisodeState
    source: str
    previous_referrals: int
    previous_cp: bool
    previous_referral_date: dt.date | None
    escalation_date: dt.date | None  # the s47/CP/LAC date inside this episode, if escalated
    oracle_re: float = 0.0
    oracle_esc: float = 0.0
    next_referral: dt.date | None = None
    next_escalation: dt.date | None = None
    re_label: int = 0
    esc_label: int = 0
    bias_raised: bool = False


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_years(dob: dt.date, on: dt.date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


# ---- referral sources ----------------------------------------------------------------------
_SOURCES_BY_FACTOR: dict[str, dict[str, float]] = {
    "domestic_abuse": {
        "police": 0.58,
        "school": 0.1,
        "health_visitor": 0.05,
        "gp": 0.04,
        "family": 0.05,
        "self": 0.02,
        "anonymous": 0.03,
        "neighbour": 0.04,
        "la_services": 0.03,
        "probation": 0.04,
        "hospital": 0.02,
    },
    "neglect": {
        "school": 0.26,
        "health_visitor": 0.14,
        "neighbour": 0.12,
        "anonymous": 0.1,
        "police": 0.12,
        "gp": 0.05,
        "hospital": 0.04,
        "la_services": 0.07,
        "family": 0.05,
        "housing": 0.04,
        "other": 0.03,
    },
    "physical_abuse": {
        "school": 0.42,
        "hospital": 0.18,
        "police": 0.1,
        "gp": 0.07,
        "family": 0.06,
        "health_visitor": 0.05,
        "self": 0.04,
        "other": 0.03,
        "neighbour": 0.03,
        "anonymous": 0.02,
    },
    "mental_health": {
        "gp": 0.22,
        "health_visitor": 0.14,
        "camhs": 0.1,
        "police": 0.14,
        "school": 0.18,
        "la_services": 0.06,
        "family": 0.08,
        "self": 0.03,
        "hospital": 0.05,
    },
    "alcohol_misuse": {
        "police": 0.3,
        "gp": 0.14,
        "health_visitor": 0.08,
        "probation": 0.06,
        "school": 0.13,
        "family": 0.09,
        "neighbour": 0.07,
        "anonymous": 0.06,
        "hospital": 0.07,
    },
    "drug_misuse": {
        "police": 0.32,
        "gp": 0.12,
        "health_visitor": 0.1,
        "probation": 0.08,
        "school": 0.1,
        "family": 0.08,
        "neighbour": 0.07,
        "anonymous": 0.06,
        "hospital": 0.07,
    },
    "cse": {
        "police": 0.4,
        "school": 0.3,
        "la_services": 0.1,
        "family": 0.08,
        "camhs": 0.04,
        "other": 0.04,
        "self": 0.04,
    },
    "cce": {
        "police": 0.5,
        "school": 0.22,
        "la_services": 0.12,
        "family": 0.08,
        "other": 0.04,
        "probation": 0.04,
    },
    "missing": {
        "police": 0.55,
        "school": 0.15,
        "family": 0.12,
        "la_services": 0.1,
        "other": 0.04,
        "self": 0.04,
    },
    "gangs": {"police": 0.5, "school": 0.2, "la_services": 0.15, "probation": 0.1, "other": 0.05},
    "self_harm": {"camhs": 0.34, "school": 0.3, "hospital": 0.2, "gp": 0.1, "family": 0.06},
    "sexual_abuse": {
        "school": 0.45,
        "police": 0.24,
        "self": 0.08,
        "family": 0.09,
        "gp": 0.05,
        "camhs": 0.05,
        "anonymous": 0.04,
    },
    "emotional_abuse": {
        "school": 0.35,
        "police": 0.2,
        "family": 0.12,
        "gp": 0.08,
        "neighbour": 0.08,
        "self": 0.05,
        "camhs": 0.06,
        "anonymous": 0.06,
    },
    "homelessness": {
        "housing": 0.6,
        "la_services": 0.15,
        "self": 0.1,
        "family": 0.05,
        "other": 0.1,
    },
    "young_carer": {
        "school": 0.55,
        "gp": 0.15,
        "la_services": 0.15,
        "health_visitor": 0.05,
        "self": 0.1,
    },
    "socially_unacceptable_behaviour": {
        "school": 0.42,
        "police": 0.3,
        "la_services": 0.2,
        "family": 0.08,
    },
    "learning_disability": {"school": 0.45, "gp": 0.2, "hospital": 0.15, "la_services": 0.2},
    "physical_disability": {"school": 0.3, "gp": 0.3, "hospital": 0.3, "la_services": 0.1},
    "radicalisation": {"school": 0.5, "police": 0.3, "other": 0.2},
    "fgm": {"health_visitor": 0.45, "gp": 0.2, "hospital": 0.2, "school": 0.15},
    "privately_fostered": {"school": 0.6, "la_services": 0.3, "other": 0.1},
    "trafficking": {"police": 0.7, "la_services": 0.15, "other": 0.15},
    "faith_abuse": {"school": 0.5, "police": 0.3, "other": 0.2},
}
_UNDER_FIVE_SWAP = {"school": "health_visitor"}


def choose_source(rng: random.Random, state: risk.EpisodeState, age: int) -> str:
    if state.surveillance:
        weights = {"anonymous": 0.3, "neighbour": 0.2, "police": 0.3, "school": 0.1, "other": 0.1}
    else:
        weights = dict(_SOURCES_BY_FACTOR[state.main])
    if age < 4:
        for old, new in _UNDER_FIVE_SWAP.items():
            if old in weights:
                weights[new] = weights.get(new, 0.0) + weights.pop(old) * 0.7
    elif "health_visitor" in weights and age >= 5:
        weights["school"] = weights.get("school", 0.0) + weights.pop("health_visitor")
    if age < 11 and "camhs" in weights:
        weights["gp"] = weights.get("gp", 0.0) + weights.pop("camhs") * 0.5
    if state.injury is not None and rng.random() < 0.3:
        return "hospital"
    if rng.random() < 0.04:
        return "other"
    return risk._pick(rng, weights)


# ---- the timeline --------------------------------------------------------------------------
def first_referral(
    rng: random.Random, child: Child, first_contact: dt.date, end: dt.date
) -> dt.date | None:
    """The child's first referral: with the sibling group or later (None if after ``end``)."""
    if child.dob <= first_contact - dt.timedelta(days=20) and rng.random() < 0.62:
        return first_contact
    delay = int(rng.expovariate(1.0 / 1100.0))
    day = max(first_contact, child.dob + dt.timedelta(days=20)) + dt.timedelta(days=delay)
    return day if day <= end else None


def simulate_child(
    rng: random.Random,
    family: Family,
    child: Child,
    *,
    first: dt.date,
    end: dt.date,
    sibling_main: str | None,
    bias_rate: float = 0.0,
    in_bias_group: Callable[[Episode], bool] | None = None,
) -> list[Episode]:
    """All referrals of one child between ``first`` and ``end`` (the end of observation)."""
    episodes: list[Episode] = []
    eighteen = add_years(child.dob, 18)
    referral = first
    previous: risk.EpisodeState | None = None
    ever_current: set[str] = set()
    previous_cp = False
    no_escalation_until: dt.date | None = None  # from closures whose escalation draw was 0
    escalated = False
    escalation_date: dt.date | None = None
    surveillance = False
    true_sex = child.person.sex
    k = 0
    while referral <= end and referral < eighteen:
        age = age_years(child.dob, referral)
        allow = no_escalation_until is None or referral > no_escalation_until
        state = risk.draw_state(
            rng,
            z=child.z,
            age=age,
            sex=true_sex,
            previous=previous,
            ever_current=ever_current,
            escalated=escalated,
            allow_escalated_outcome=allow,
            disabled=child.disability,
            force_main=sibling_main if k == 0 else None,
        )
        state.surveillance = surveillance and not escalated
        if not escalated and state.outcome in risk.OUTCOMES_ESCALATED:
            escalation_date = referral  # a s47 opened at this referral
        lo_days, hi_days = risk.DURATION_DAYS[state.outcome]
        start = escalation_date if escalated and escalation_date is not None else referral
        closure = start + dt.timedelta(days=rng.randint(lo_days, hi_days))
        episode = Episode(
            id=f"{child.id}-{k:02d}",
            family=family,
            child=child,
            number=k,
            referral=referral,
            closure=closure,
            age=age,
            state=state,
            source=choose_source(rng, state, age),
            previous_referrals=k,
            previous_cp=previous_cp,
            previous_referral_date=episodes[-1].referral if episodes else None,
            escalation_date=escalation_date if state.outcome in risk.OUTCOMES_ESCALATED else None,
        )
        episodes.append(episode)
        ever_current.update(state.current())
        if state.outcome in ("cp_plan", "lac"):
            previous_cp = previous_cp or state.outcome == "cp_plan"

        # --- what the closure implies for the next 12 months ---
        closure_risk = risk.closure_risk(
            state,
            age=age,
            previous_referrals=episode.previous_referrals,
            previous_cp=episode.previous_cp,
            deprivation=family.deprivation,
        )
        days_to_18 = (eighteen - closure).days
        horizon = min(365, days_to_18 - 1)
        lo = 1
        if no_escalation_until is not None and no_escalation_until >= closure:
            lo = (no_escalation_until - closure).days + 1
        p_hazard = risk.hazard_probability(closure_risk.hazard_scale, horizon)
        tau_ok = max(0.0, min(1.0, (horizon - lo + 1) / (365 - lo + 1)))
        p_esc = closure_risk.p_escalation * tau_ok
        episode.oracle_esc = p_esc
        episode.oracle_re = 1.0 - (1.0 - p_hazard) * (1.0 - p_esc)

        esc = rng.random() < closure_risk.p_escalation
        tau = rng.randint(lo, 365)
        if tau > horizon:
            esc = False
        t_days = math.ceil(risk.draw_hazard_time(rng, closure_risk.hazard_scale))
        if t_days > horizon:
            t_days = 10**6  # never, as a child
        spurious = 10**6
        biased = bias_rate > 0.0 and in_bias_group is not None and in_bias_group(episode)
        if biased and horizon >= 1 and rng.random() < bias_rate:
            spurious = rng.randint(1, horizon)
            if not esc and rng.random() < BIAS_ESCALATION_SHARE and max(spurious, lo) <= horizon:
                esc = True
                tau = max(spurious, lo)
                episode.bias_raised = True
            if spurious <= 365 and min(t_days, tau if esc else 10**6) > 365:
                episode.bias_raised = True
        offset = min(t_days, tau if esc else 10**6, spurious)
        episode.re_label = int(offset <= 365)
        episode.esc_label = int(esc)
        if offset >= 10**6:
            break
        referral = closure + dt.timedelta(days=offset)
        escalated = esc
        escalation_date = closure + dt.timedelta(days=tau) if esc else None
        surveillance = offset == spurious and not esc
        if esc:
            episode.next_escalation = escalation_date
        else:
            no_escalation_until = closure + dt.timedelta(days=365)
        if referral <= end:
            episode.next_referral = referral
        previous = state
        k += 1
    return episodes


def simulate_family(
    rng: random.Random,
    family: Family,
    *,
    first_contact: dt.date,
    end: dt.date,
    child_rng: Callable[[Child], random.Random],
    bias_rate: float = 0.0,
    in_bias_group: Callable[[Episode], bool] | None = None,
) -> list[Episode]:
    """Every referral of every child of a family, in order of child then date.

    Each child's timeline has its own random stream (``child_rng``), so switching the bias knob
    on for one group leaves every other child's history untouched.
    """
    out: list[Episode] = []
    sibling_main: str | None = None
    for child in family.children:
        first = first_referral(rng, child, first_contact, end)
        if first is None:
            continue
        episodes = simulate_child(
            child_rng(child),
            family,
            child,
            first=first,
            end=end,
            sibling_main=sibling_main if first == first_contact else None,
            bias_rate=bias_rate,
            in_bias_group=in_bias_group,
        )
        if episodes and first == first_contact and sibling_main is None:
            sibling_main = episodes[0].state.main
        out.extend(episodes)
    return out
