"""Families and children: who they are, where they live, and their persistent latent risk.

Shares follow published figures closely enough to give a fairness audit something realistic to
look at: the ethnic mix of children referred to children's social care in England (ONS 2021
groups, with Mixed and Black children over-represented against the population, as in the CIN
census), a deprivation profile skewed to the most deprived deciles, about 1 in 12 children with a
recorded disability, and household sizes of one to five children.

The latent risk ``z`` of a child is ``0.75 * family + 0.66 * own`` (both standard normal), so
siblings resemble each other. Risk does not depend on ethnicity or sex; deprivation shifts it a
little, as in the literature. Any disparity a later fairness report finds by group therefore
comes from deprivation, age mix or the recording-bias knob, never from a hidden ethnic effect.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from referral_nlp.data.synthetic import namebank, pii, placebank
from referral_nlp.data.synthetic.pii import Person

#: Ethnicity of children referred (true group) - CIN census-like shares.
ETHNICITY_SHARES: tuple[tuple[str, float], ...] = (
    ("white", 0.71),
    ("asian", 0.10),
    ("black", 0.075),
    ("mixed", 0.085),
    ("other", 0.03),
)
#: Share of records whose ethnicity is "not_stated" whatever the true group.
NOT_STATED_RATE = 0.03
#: P(recorded sex "unknown") - unborn or not recorded.
SEX_UNKNOWN_RATE = 0.008
DISABILITY_RATE = 0.07

_CHILDREN_COUNT = ((1, 0.34), (2, 0.31), (3, 0.19), (4, 0.10), (5, 0.06))


@dataclass
class Child:
    """A child and what stays true about them across referrals."""

    id: str
    person: Person
    sex: str  # recorded sex code
    dob: dt.date
    z: float
    disability: bool
    nhs: str
    primary_school: str
    secondary_school: str
    nursery: str


@dataclass
class Family:
    """A household and its members, identities and latent risk."""

    id: str
    index: int
    ethnicity: str  # true ONS group
    recorded_ethnicity: str
    background: str
    deprivation: int
    z: float
    town: placebank.Town
    address: pii.Address
    carer: Person
    partner: Person | None
    partner_is_parent: bool
    ex_partner: Person | None
    grandparent: Person
    relative: Person
    carer_phone: str
    carer_email: str
    carer_ni: str
    surgery: str
    children: list[Child] = field(default_factory=list)
    moves: list[tuple[dt.date, pii.Address]] = field(default_factory=list)

    def address_on(self, day: dt.date) -> pii.Address:
        addr = self.address
        for when, new in self.moves:
            if when <= day:
                addr = new
        return addr


def _weighted(rng: random.Random, options: tuple[tuple[object, float], ...]) -> object:
    r = rng.random() * sum(w for _, w in options)
    for value, weight in options:
        r -= weight
        if r <= 0:
            return value
    return options[-1][0]


def _deprivation(rng: random.Random) -> int:
    # P(decile d) proportional to exp(-0.2 (d - 1)): 1 most deprived, about 3x decile 10.
    weights = [math.exp(-0.2 * (d - 1)) for d in range(1, 11)]
    r = rng.random() * sum(weights)
    for d, w in enumerate(weights, start=1):
        r -= w
        if r <= 0:
            return d
    return 10


def _adult(
    rng: random.Random, background: str, sex: str, last: str, born: dt.date, *, title: bool = True
) -> Person:
    first = pii.given_name(rng, background, sex, child=False)
    t = "Mr" if sex != "female" else (rng.choice(("Ms", "Miss", "Mrs")) if title else "")
    return Person(first, last, sex, title=t, background=background, dob=born)


def _birthday(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def make_family(
    rng: random.Random, index: int, first_contact: dt.date, eldest_age_days: int
) -> Family:
    """A family whose eldest child is ``eldest_age_days`` old at ``first_contact``."""
    ethnicity = str(_weighted(rng, ETHNICITY_SHARES))
    if ethnicity == "mixed":
        carer_bg, other_bg = rng.choice(namebank.MIXED_PAIRS)
        if rng.random() < 0.4:
            carer_bg, other_bg = other_bg, carer_bg
    else:
        carer_bg = pii.pick_background(rng, namebank.ETHNICITY_BACKGROUNDS[ethnicity])
        other_bg = carer_bg if rng.random() < 0.85 else "british"
    deprivation = _deprivation(rng)
    z_family = rng.gauss(0.0, 1.0) + 0.06 * (5.5 - deprivation)
    town = rng.choice(placebank.TOWNS)
    address = pii.address(rng, town)

    eldest_dob = first_contact - dt.timedelta(days=eldest_age_days)
    carer_sex = "female" if rng.random() < 0.88 else "male"
    carer_age_at_eldest = rng.randint(16, 38)
    carer_dob = _birthday(rng, eldest_dob.year - carer_age_at_eldest)
    other_sex = "male" if carer_sex == "female" else "female"
    family_last = pii.surname(rng, carer_bg)
    carer = _adult(rng, carer_bg, carer_sex, family_last, carer_dob)
    carer.middle = (
        pii.given_name(rng, carer_bg, carer_sex, child=False) if rng.random() < 0.12 else ""
    )
    partner_is_parent = rng.random() < 0.55
    partner: Person | None = None
    if rng.random() < 0.82:
        last = (
            family_last
            if (partner_is_parent and rng.random() < 0.7)
            else pii.surname(rng, other_bg)
        )
        partner = _adult(
            rng, other_bg, other_sex, last, _birthday(rng, carer_dob.year + rng.randint(-4, 8))
        )
    ex_partner = _adult(
        rng,
        other_bg,
        other_sex,
        pii.surname(rng, other_bg),
        _birthday(rng, carer_dob.year + rng.randint(-3, 9)),
    )
    gp_sex = "female" if rng.random() < 0.75 else "male"
    grandparent = _adult(
        rng,
        carer_bg,
        gp_sex,
        family_last if rng.random() < 0.6 else pii.surname(rng, carer_bg),
        _birthday(rng, carer_dob.year - rng.randint(18, 30)),
    )
    relative = _adult(
        rng,
        carer_bg,
        rng.choice(("female", "male")),
        pii.surname(rng, carer_bg),
        _birthday(rng, carer_dob.year + rng.randint(-8, 8)),
    )
    family = Family(
        id=f"F{index:07d}",
        index=index,
        ethnicity=ethnicity,
        recorded_ethnicity="not_stated" if rng.random() < NOT_STATED_RATE else ethnicity,
        background=carer_bg,
        deprivation=deprivation,
        z=z_family,
        town=town,
        address=address,
        carer=carer,
        partner=partner,
        partner_is_parent=partner_is_parent,
        ex_partner=ex_partner,
        grandparent=grandparent,
        relative=relative,
        carer_phone=pii.mobile(rng),
        carer_email=pii.email(rng, carer.first, carer.last),
        carer_ni=pii.ni_number(rng),
        surgery=pii.surgery_name(rng),
    )
    # Moves: a third of families move at least once, often within the same town.
    day = first_contact
    while rng.random() < 0.3:
        day = day + dt.timedelta(days=rng.randint(120, 1500))
        new_town = town if rng.random() < 0.8 else rng.choice(placebank.TOWNS)
        family.moves.append((day, pii.address(rng, new_town)))

    n_children = int(_weighted(rng, _CHILDREN_COUNT))  # type: ignore[arg-type]
    dob = eldest_dob
    children_last = family_last
    for k in range(n_children):
        if k:
            dob = dob + dt.timedelta(days=rng.randint(300, 2400))
        sex = "female" if rng.random() < 0.49 else "male"
        if (
            ethnicity == "mixed"
            and rng.random() < 0.3
            and partner is not None
            and partner.last != family_last
            and "-" not in family_last
        ):
            children_last = f"{family_last}-{partner.last}"
        first = pii.given_name(rng, other_bg if rng.random() < 0.25 else carer_bg, sex, child=True)
        person = Person(first, children_last, sex, background=carer_bg, dob=dob)
        if rng.random() < 0.1:
            person.middle = pii.given_name(rng, carer_bg, sex, child=True)
        if carer_bg == "chinese" and rng.random() < 0.4:
            person.nickname = rng.choice(
                namebank.BRITISH.child_f if sex == "female" else namebank.BRITISH.child_m
            )
        recorded_sex = "unknown" if rng.random() < SEX_UNKNOWN_RATE else sex
        family.children.append(
            Child(
                id=f"C{index:07d}{k}",
                person=person,
                sex=recorded_sex,
                dob=dob,
                z=0.75 * z_family + 0.66 * rng.gauss(0.0, 1.0),
                disability=rng.random() < DISABILITY_RATE,
                nhs=pii.nhs_number(rng),
                primary_school=pii.school_name(rng, secondary=False),
                secondary_school=pii.school_name(rng, secondary=True),
                nursery=pii.nursery_name(rng),
            )
        )
    return family
