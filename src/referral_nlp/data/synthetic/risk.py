"""The latent risk process: what is true about a child at each referral, and what follows.

Each referral (an *episode*) has a latent state:

* **factor states** for the CIN census assessment factors: ``current`` (with a severity 1-3 and a
  frequency: single, repeat or escalating), ``historic`` (true in the past, not now) or
  ``negated`` (explicitly ruled out in the note); factors that are absent and not mentioned are
  left out;
* **engagement**: engaged, partial, disguised compliance or non-engagement;
* a **protective adult** (a grandparent, an aunt, the non-abusing parent) or none;
* an **injury** and whether its explanation is consistent or inconsistent;
* the **child's voice**: feels safe, worried, disclosed, not seen, or too young;
* the episode's **outcome** (NFA, early help, CIN, s47, CP plan, looked after).

The state evolves from a child's persistent latent risk ``z`` (shared in part with siblings)
and from the previous episode: current factors persist or become historic, and an escalated
re-referral is more severe.

At closure the state fixes two probabilities over the next 12 months, and nothing else does:

* ``p_escalation`` - that the child becomes subject to a s47 enquiry, CP plan or care;
* ``p_rereferral_hazard`` - that an ordinary (non-escalating) new referral arrives, from a
  Weibull hazard with a decreasing rate (re-referrals cluster soon after closure).

The recorded re-referral label is "any new referral within 365 days", so the oracle is
``1 - (1 - p_hazard) * (1 - p_escalation)``. Historic and negated factors carry no weight: a note
that says "historic DA, perpetrator no longer in contact" or "no concerns re DA" must not raise
risk, which is what makes negation and tense matter to a text model. Only the state enters the
probabilities, and every part of the state is written into the note (severity and frequency as
words, engagement, the protective adult, the explanation) or held in the structured fields (age,
deprivation, previous referrals and CP plans), so the oracle is what a model reading everything
perfectly could reach. The structured fields are a noisy, partial view of the same
state (see :func:`structured_view`).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

# ---- factor catalogue ----------------------------------------------------------------------


@dataclass(frozen=True)
class FactorSpec:
    """How one assessment factor behaves in the latent process.

    ``weight`` adds to the log hazard of re-referral and ``esc_weight`` to the logit of
    escalation when the factor is current at severity 2 (scaled by severity and frequency).
    ``base``/``z_slope`` give the logit of the factor being current given the child's latent
    risk; ``persist`` the chance it is still current at the next referral; ``historic_p`` and
    ``negated_p`` how often an absent factor is mentioned as historic or ruled out.
    """

    name: str
    weight: float
    esc_weight: float
    base: float
    z_slope: float
    persist: float
    historic_p: float
    negated_p: float
    main_p: float
    min_age: int = 0
    max_age: int = 17
    sex: str | None = None
    sex_shift: float = 0.0
    sex_only: bool = False


FACTORS: tuple[FactorSpec, ...] = (
    FactorSpec("domestic_abuse", 0.55, 0.35, -1.4, 0.55, 0.5, 0.3, 0.5, 0.27),
    FactorSpec("mental_health", 0.40, 0.20, -1.6, 0.45, 0.55, 0.2, 0.35, 0.10),
    FactorSpec("alcohol_misuse", 0.45, 0.30, -2.3, 0.50, 0.5, 0.15, 0.3, 0.05),
    FactorSpec("drug_misuse", 0.50, 0.35, -2.1, 0.55, 0.5, 0.15, 0.3, 0.06),
    FactorSpec("neglect", 0.60, 0.45, -1.8, 0.60, 0.45, 0.15, 0.25, 0.14),
    FactorSpec("physical_abuse", 0.45, 0.75, -2.4, 0.40, 0.25, 0.12, 0.2, 0.08),
    FactorSpec("emotional_abuse", 0.35, 0.35, -2.4, 0.40, 0.35, 0.03, 0.03, 0.04),
    FactorSpec("sexual_abuse", 0.40, 0.85, -3.4, 0.30, 0.15, 0.03, 0.02, 0.03),
    FactorSpec("cse", 0.60, 0.60, -3.0, 0.40, 0.4, 0.03, 0.04, 0.05, 11, 17, "female", 1.0),
    FactorSpec("cce", 0.60, 0.50, -3.0, 0.40, 0.45, 0.03, 0.04, 0.05, 11, 17, "male", 1.0),
    FactorSpec("missing", 0.50, 0.35, -2.7, 0.40, 0.45, 0.03, 0.05, 0.04, 10, 17),
    FactorSpec("self_harm", 0.35, 0.25, -2.9, 0.30, 0.4, 0.04, 0.05, 0.04, 10, 17),
    FactorSpec("young_carer", 0.15, 0.0, -3.3, 0.10, 0.6, 0.0, 0.02, 0.02, 7, 17),
    FactorSpec("homelessness", 0.35, 0.10, -3.1, 0.30, 0.3, 0.03, 0.02, 0.02),
    FactorSpec(
        "socially_unacceptable_behaviour", 0.30, 0.15, -2.9, 0.30, 0.5, 0.0, 0.02, 0.03, 8, 17
    ),
    FactorSpec("gangs", 0.50, 0.40, -3.9, 0.40, 0.5, 0.02, 0.02, 0.01, 12, 17, "male", 0.8),
    FactorSpec("learning_disability", 0.10, 0.05, -3.4, 0.0, 0.95, 0.0, 0.0, 0.01),
    FactorSpec("physical_disability", 0.05, 0.0, -3.7, 0.0, 0.95, 0.0, 0.0, 0.005),
    FactorSpec("radicalisation", 0.20, 0.20, -5.5, 0.0, 0.3, 0.0, 0.0, 0.006, 11, 17),
    FactorSpec("fgm", 0.10, 0.50, -6.0, 0.0, 0.2, 0.0, 0.0, 0.004, 0, 17, "female", 0.0, True),
    FactorSpec("privately_fostered", 0.05, 0.0, -6.0, 0.0, 0.5, 0.0, 0.0, 0.003, 8, 17),
    FactorSpec("trafficking", 0.40, 0.50, -6.0, 0.2, 0.3, 0.0, 0.0, 0.003, 12, 17),
    FactorSpec("faith_abuse", 0.20, 0.40, -6.0, 0.0, 0.2, 0.0, 0.0, 0.003, 3, 17),
)
FACTOR_SPECS: dict[str, FactorSpec] = {f.name: f for f in FACTORS}

#: Factors whose presence makes the child's disability flag true.
DISABILITY_FACTORS = frozenset({"learning_disability", "physical_disability"})

ENGAGEMENT = ("engaged", "partial", "disguised", "non_engagement")
VOICES = ("safe", "worried", "disclosed", "not_seen", "too_young")
OUTCOMES_NON_ESCALATED = ("nfa", "early_help", "cin")
OUTCOMES_ESCALATED = ("s47_nfa", "s47_cin", "cp_plan", "lac")

# ---- coefficients of the hazard and the escalation logit ------------------------------------
#: Baseline of the log hazard (calibrated so that ~25% of closed cases are re-referred).
HAZARD_INTERCEPT = -2.75
#: Overall strength of the state's effect on the log hazard and the escalation logit: sets how
#: well the oracle can rank closures (its AUROC), tuned to the range published tools reach.
HAZARD_SIGNAL = 0.8
ESCALATION_SIGNAL = 0.85
#: Weibull shape (< 1: hazard highest straight after closure).
WEIBULL_SHAPE = 0.75
ESCALATION_INTERCEPT = -3.95
FREQUENCY_MULT = {"single": 1.0, "repeat": 1.35, "escalating": 1.8}
SEVERITY_MULT = {1: 0.55, 2: 1.0, 3: 1.5}
ENGAGEMENT_HAZARD = {"engaged": -0.5, "partial": 0.0, "disguised": 0.6, "non_engagement": 0.45}
ENGAGEMENT_ESC = {"engaged": -0.45, "partial": 0.0, "disguised": 0.7, "non_engagement": 0.55}
VOICE_HAZARD = {"safe": -0.3, "worried": 0.15, "disclosed": 0.25, "not_seen": 0.1, "too_young": 0.0}
PROTECTIVE_HAZARD = -0.5
PROTECTIVE_ESC = -0.55
INJURY_HAZARD = {"consistent": -0.15, "inconsistent": 0.55}
INJURY_ESC = {"consistent": -0.2, "inconsistent": 1.0}
PREVIOUS_REFERRALS_HAZARD = 0.22  # x log(1 + previous referrals)
PREVIOUS_CP_HAZARD = 0.3
PREVIOUS_CP_ESC = 0.5
DEPRIVATION_HAZARD = 0.04  # x (5.5 - decile)


@dataclass
class FactorState:
    """One factor's state in an episode."""

    status: str  # "current" | "historic" | "negated"
    severity: int = 0
    frequency: str = ""


@dataclass
class EpisodeState:
    """What is true about the child at one referral (see the module docstring)."""

    factors: dict[str, FactorState]
    main: str
    engagement: str
    protective: str | None
    injury: str | None
    voice: str
    outcome: str
    escalated: bool
    surveillance: bool = False
    hazard_logit: float = 0.0
    escalation_logit: float = 0.0

    def current(self) -> list[str]:
        return [k for k, v in self.factors.items() if v.status == "current"]


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _eligible(spec: FactorSpec, age: int, sex: str) -> bool:
    if not spec.min_age <= age <= spec.max_age:
        return False
    return not (spec.sex_only and sex != spec.sex)


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    total = sum(weights.values())
    r = rng.random() * total
    for key, w in weights.items():
        r -= w
        if r <= 0:
            return key
    return next(iter(weights))


PROTECTIVE_ROLES = (
    "maternal grandmother",
    "paternal grandmother",
    "maternal grandfather",
    "maternal aunt",
    "paternal aunt",
    "uncle",
    "non-abusing parent",
    "older sibling",
    "family friend",
    "godmother",
)


def draw_state(
    rng: random.Random,
    *,
    z: float,
    age: int,
    sex: str,
    previous: EpisodeState | None,
    ever_current: set[str],
    escalated: bool,
    allow_escalated_outcome: bool,
    disabled: bool = False,
    force_main: str | None = None,
) -> EpisodeState:
    """Draw an episode's latent state.

    ``escalated`` means this referral is the escalation event of the previous closure, so its
    outcome is a s47 enquiry or worse; otherwise ``allow_escalated_outcome`` says whether a
    s47/CP/LAC outcome may be drawn (it may not inside a previous closure's 12 months when that
    closure's escalation draw was negative, so the previous label stays what was drawn).
    """
    factors: dict[str, FactorState] = {}
    eligible = [
        f
        for f in FACTORS
        if _eligible(f, age, sex) and (disabled or f.name not in DISABILITY_FACTORS)
    ]
    # Main concern: every referral is about something that is happening now.
    main_weights = {}
    for spec in eligible:
        w = spec.main_p
        if spec.sex is not None:
            w *= math.exp(spec.sex_shift if sex == spec.sex else -spec.sex_shift)
        prev_state = previous.factors.get(spec.name) if previous is not None else None
        if prev_state is not None and prev_state.status == "current":
            w *= 3.0
        main_weights[spec.name] = w
    main = force_main if force_main in main_weights else _pick(rng, main_weights)
    for spec in eligible:
        prev = previous.factors.get(spec.name) if previous is not None else None
        if spec.name == main:
            is_current = True
        elif prev is not None and prev.status == "current":
            is_current = rng.random() < spec.persist
        else:
            logit = spec.base + spec.z_slope * z
            if spec.sex is not None:
                logit += spec.sex_shift * (0.5 if sex == spec.sex else -1.0)
            if spec.name in ever_current:
                logit += 0.6  # relapse
            if spec.name in DISABILITY_FACTORS:
                logit += 3.5  # only eligible for a disabled child: usually recorded
            is_current = rng.random() < _sigmoid(logit)
        if is_current:
            u = 0.45 * z + rng.gauss(0.0, 1.0) + (0.5 if escalated else 0.0)
            severity = 1 if u < -0.45 else (2 if u < 0.95 else 3)
            repeat = prev is not None and prev.status == "current"
            f = rng.random() - 0.12 * z - (0.25 if repeat else 0.0)
            frequency = "escalating" if f < 0.12 else ("repeat" if f < 0.42 else "single")
            factors[spec.name] = FactorState("current", severity, frequency)
        elif (spec.name in ever_current and rng.random() < 0.7) or (rng.random() < spec.historic_p):
            factors[spec.name] = FactorState("historic")
        elif rng.random() < spec.negated_p:
            factors[spec.name] = FactorState("negated")

    eng = {
        "engaged": math.exp(0.9 - 0.45 * z),
        "partial": math.exp(0.25),
        "disguised": math.exp(-1.25 + 0.45 * z),
        "non_engagement": math.exp(-1.3 + 0.45 * z),
    }
    engagement = _pick(rng, eng)
    protective = None
    if rng.random() < _sigmoid(-0.45 - 0.3 * z):
        protective = PROTECTIVE_ROLES[int(rng.random() * len(PROTECTIVE_ROLES))]
    injury = None
    phys = factors.get("physical_abuse")
    if (phys is not None and phys.status == "current" and rng.random() < 0.75) or (
        age < 5 and rng.random() < 0.05
    ):
        p_inc = _sigmoid(
            -0.6 + (0.9 if phys is not None and phys.status == "current" else 0.0) + 0.35 * z
        )
        injury = "inconsistent" if rng.random() < p_inc else "consistent"
    if age < 4:
        voice = "too_young"
    else:
        abuse = any(
            k in factors and factors[k].status == "current"
            for k in ("physical_abuse", "sexual_abuse", "emotional_abuse", "cse")
        )
        voice = _pick(
            rng,
            {
                "safe": math.exp(0.6 - 0.4 * z - (0.8 if abuse else 0.0)),
                "worried": math.exp(0.1 + 0.2 * z),
                "disclosed": math.exp(-1.2 + (1.4 if abuse else 0.0)),
                "not_seen": math.exp(-0.8),
            },
        )
    state = EpisodeState(
        factors=factors,
        main=main,
        engagement=engagement,
        protective=protective,
        injury=injury,
        voice=voice,
        outcome="nfa",
        escalated=escalated,
    )
    state.outcome = _draw_outcome(rng, state, escalated, allow_escalated_outcome)
    return state


def need_level(state: EpisodeState) -> float:
    """A practitioner's sense of how serious the episode is (drives the outcome only)."""
    total = 0.0
    for name, fs in state.factors.items():
        if fs.status == "current":
            spec = FACTOR_SPECS[name]
            total += (spec.weight + spec.esc_weight) * SEVERITY_MULT[fs.severity]
    if state.injury == "inconsistent":
        total += 0.8
    return total


def _draw_outcome(
    rng: random.Random, state: EpisodeState, escalated: bool, allow_escalated: bool
) -> str:
    level = need_level(state) + rng.gauss(0.0, 0.5)
    if escalated:
        return _pick(
            rng,
            {
                "s47_nfa": 0.22,
                "s47_cin": 0.3,
                "cp_plan": 0.35 + 0.1 * level,
                "lac": 0.06 + 0.03 * level,
            },
        )
    if allow_escalated and level > 2.6 and rng.random() < 0.5:
        return "cp_plan" if rng.random() < 0.6 else "s47_cin"
    if level < 0.9:
        return "nfa" if rng.random() < 0.7 else "early_help"
    if level < 1.7:
        return _pick(rng, {"nfa": 0.35, "early_help": 0.45, "cin": 0.2})
    return _pick(rng, {"nfa": 0.15, "early_help": 0.35, "cin": 0.5})


#: Days a case stays open, by outcome (uniform between the bounds).
DURATION_DAYS: dict[str, tuple[int, int]] = {
    "nfa": (0, 12),
    "early_help": (5, 45),
    "cin": (45, 270),
    "s47_nfa": (14, 70),
    "s47_cin": (90, 300),
    "cp_plan": (180, 600),
    "lac": (120, 800),
}


@dataclass(frozen=True)
class ClosureRisk:
    """What the state at closure implies for the next 12 months (exact, from the process)."""

    hazard_scale: float  # exp(hazard logit): cumulative hazard of an ordinary re-referral at 1y
    p_escalation: float


def closure_risk(
    state: EpisodeState,
    *,
    age: int,
    previous_referrals: int,
    previous_cp: bool,
    deprivation: int,
) -> ClosureRisk:
    """The hazard scale and escalation probability of a closure, from the state only."""
    h = 0.0
    e = 0.0
    for name, fs in state.factors.items():
        if fs.status != "current":
            continue  # historic and negated factors carry no risk, by design
        spec = FACTOR_SPECS[name]
        mult = SEVERITY_MULT[fs.severity] * FREQUENCY_MULT[fs.frequency]
        h += spec.weight * mult
        e += spec.esc_weight * mult
    h += ENGAGEMENT_HAZARD[state.engagement]
    e += ENGAGEMENT_ESC[state.engagement]
    h += VOICE_HAZARD[state.voice]
    if state.protective is not None:
        h += PROTECTIVE_HAZARD
        e += PROTECTIVE_ESC
    if state.injury is not None:
        h += INJURY_HAZARD[state.injury]
        e += INJURY_ESC[state.injury]
    h += PREVIOUS_REFERRALS_HAZARD * math.log1p(previous_referrals)
    e += 0.12 * math.log1p(previous_referrals)
    if previous_cp:
        h += PREVIOUS_CP_HAZARD
        e += PREVIOUS_CP_ESC
    if age < 1:
        h += 0.2
        e += 0.5
    elif age < 5:
        e += 0.2
    elif 13 <= age <= 15:
        h += 0.15
    h += DEPRIVATION_HAZARD * (5.5 - deprivation)
    h = HAZARD_INTERCEPT + HAZARD_SIGNAL * h
    e = ESCALATION_INTERCEPT + ESCALATION_SIGNAL * e
    state.hazard_logit = h
    state.escalation_logit = e
    return ClosureRisk(hazard_scale=math.exp(h), p_escalation=_sigmoid(e))


def hazard_probability(scale: float, days: float) -> float:
    """P(an ordinary re-referral within ``days`` of closure) under the Weibull hazard."""
    if days <= 0:
        return 0.0
    return 1.0 - math.exp(-scale * (days / 365.0) ** WEIBULL_SHAPE)


def draw_hazard_time(rng: random.Random, scale: float) -> float:
    """Days from closure to the next ordinary referral (inverse of the Weibull survival)."""
    e = -math.log(1.0 - rng.random())
    return 365.0 * (e / scale) ** (1.0 / WEIBULL_SHAPE)


# ---- the structured view -------------------------------------------------------------------
_NEED_BY_FACTOR = {
    "domestic_abuse": ("N5", "N4", "N1"),
    "mental_health": ("N3", "N4", "N5"),
    "alcohol_misuse": ("N5", "N3", "N4"),
    "drug_misuse": ("N5", "N3", "N1"),
    "neglect": ("N1", "N1", "N4"),
    "physical_abuse": ("N1", "N1", "N5"),
    "emotional_abuse": ("N1", "N5", "N1"),
    "sexual_abuse": ("N1", "N1", "N1"),
    "cse": ("N1", "N6", "N1"),
    "cce": ("N6", "N1", "N6"),
    "missing": ("N6", "N4", "N1"),
    "self_harm": ("N2", "N4", "N1"),
    "young_carer": ("N3", "N4", "N3"),
    "homelessness": ("N7", "N4", "N8"),
    "socially_unacceptable_behaviour": ("N6", "N6", "N5"),
    "gangs": ("N6", "N6", "N1"),
    "learning_disability": ("N2", "N2", "N4"),
    "physical_disability": ("N2", "N2", "N3"),
    "radicalisation": ("N6", "N1", "N6"),
    "fgm": ("N1", "N1", "N1"),
    "privately_fostered": ("N8", "N8", "N9"),
    "trafficking": ("N1", "N6", "N1"),
    "faith_abuse": ("N1", "N1", "N5"),
}


def structured_view(rng: random.Random, state: EpisodeState) -> tuple[str, list[str]]:
    """``(primary_need, assessment_factors)`` as a case-management system would record them.

    A factor is recorded whether it is current or historic (the census has no tense), a current
    factor is sometimes missed, a negated one now and then recorded in error, and a case closed
    at screening often has no assessment and so no factors at all.
    """
    recorded: list[str] = []
    screened_out = state.outcome == "nfa" and rng.random() < 0.55
    if not screened_out:
        for name, fs in state.factors.items():
            p = 0.85 if fs.status == "current" else (0.65 if fs.status == "historic" else 0.03)
            if rng.random() < p:
                recorded.append(name)
        if rng.random() < 0.03:
            recorded.append("other")
    recorded.sort()
    r = rng.random()
    if r < 0.03:
        need = "N0"
    elif state.outcome == "nfa" and r < 0.25:
        need = "N9"
    elif r < 0.33:
        need = rng.choice(("N1", "N3", "N4", "N5", "N6", "N7", "N8"))
    else:
        options = _NEED_BY_FACTOR.get(state.main, ("N4", "N5", "N1"))
        need = options[int(rng.random() * 3)]
    return need, recorded
