"""Invented identities and identifiers, each in the shapes real notes write them.

Everything here is made up: names are drawn from :mod:`namebank` and combined at random; streets,
schools and surgeries are composed from generic parts; phone numbers come only from Ofcom's
drama ranges (07700 900xxx, 0113 496 0xxx, 020 7946 0xxx, 01632 960xxx ...); e-mail addresses use
the reserved ``example.*`` domains. Identifiers are valid in form, because a redactor that checks
them (Modulus 11 for NHS numbers, HMRC's prefix rules for NI numbers) must be tested on numbers it
would accept: NHS numbers carry a correct check digit and NI numbers an allocated prefix.

The ``format_*`` functions give the many spellings of one value (``12/03/24``, ``12.3.24``,
``12th March 2024``, ``2024-03-12``; ``Sarah JONES``, ``JONES, Sarah``, ``Ms S Jones``).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from referral_nlp.data.synthetic import namebank, placebank

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTHS_SHORT = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
)


# ---- identifiers ---------------------------------------------------------------------------
def nhs_check_digit(nine: str) -> int | None:
    """Modulus 11 check digit of the first nine digits, or None when the number is invalid."""
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid_nhs_number(value: str) -> bool:
    """True if ``value`` (spaces or dashes allowed) is 10 digits with a valid check digit."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


def nhs_number(rng: random.Random) -> str:
    """A 10-digit NHS number with a correct Modulus 11 check digit (digits only)."""
    while True:
        nine = f"{rng.randint(4, 7)}{rng.randrange(10**8):08d}"
        check = nhs_check_digit(nine)
        if check is not None:
            return nine + str(check)


def format_nhs(rng: random.Random, digits: str) -> str:
    r = rng.random()
    if r < 0.55:
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    if r < 0.9:
        return digits
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


_NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NI_BARRED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def is_valid_ni_prefix(prefix: str) -> bool:
    prefix = prefix.upper()
    return (
        len(prefix) == 2
        and prefix[0] in _NI_FIRST
        and prefix[1] in _NI_SECOND
        and prefix not in _NI_BARRED
    )


def ni_number(rng: random.Random) -> str:
    """An NI number with an allocated prefix, e.g. ``JG103752B`` (no spaces)."""
    while True:
        prefix = rng.choice(_NI_FIRST) + rng.choice(_NI_SECOND)
        if prefix not in _NI_BARRED:
            break
    return f"{prefix}{rng.randrange(10**6):06d}{rng.choice('ABCD')}"


def format_ni(rng: random.Random, value: str) -> str:
    r = rng.random()
    if r < 0.45:
        out = f"{value[:2]} {value[2:4]} {value[4:6]} {value[6:8]} {value[8]}"
    elif r < 0.9:
        out = value
    else:
        out = f"{value[:2]}{value[2:8]} {value[8]}"
    return out.lower() if rng.random() < 0.08 else out


_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def postcode(rng: random.Random, town: placebank.Town) -> str:
    """A UK postcode in a valid shape for the town's area, e.g. ``LS13 4PJ``."""
    district = rng.choice(town.districts)
    outward = f"{town.area}{district}"
    if town.area in {"E", "W", "N", "SE", "M"} and district < 2 and rng.random() < 0.5:
        outward += rng.choice("AW")
    inward = f"{rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
    return f"{outward} {inward}"


def format_postcode(rng: random.Random, value: str) -> str:
    r = rng.random()
    if r < 0.85:
        return value
    if r < 0.93:
        return value.lower()
    return value.replace(" ", "")


@dataclass(frozen=True)
class Address:
    """A street address (no postcode) and the postcode that goes with it."""

    line: str
    street: str
    town: str
    postcode: str
    house: str


def address(rng: random.Random, town: placebank.Town) -> Address:
    stem = rng.choice(placebank.STREET_STEMS)
    suffix = rng.choice(placebank.STREET_SUFFIXES)
    street = f"{stem} {suffix}"
    r = rng.random()
    if r < 0.62:
        house = str(rng.randint(1, 140)) + ("a" if rng.random() < 0.04 else "")
        line = f"{house} {street}"
    elif r < 0.85:
        house = f"Flat {rng.randint(1, 40)}"
        building = f"{rng.choice(placebank.STREET_STEMS)} {rng.choice(placebank.BUILDING_WORDS)}"
        line = f"{house}, {building}, {street}" if rng.random() < 0.6 else f"{house}, {building}"
    else:
        house = f"Flat {rng.randint(1, 6)}"
        line = f"{house}, {rng.randint(2, 120)} {street}"
    return Address(line, street, town.name, postcode(rng, town), house)


def format_address(rng: random.Random, addr: Address, *, with_town: bool | None = None) -> str:
    """The address as a note writes it: with or without the town, abbreviated, lower-case."""
    line = addr.line
    if rng.random() < 0.15:
        for long, short in placebank.SUFFIX_ABBREVIATIONS.items():
            if line.endswith(" " + long) or f" {long}," in line:
                line = line.replace(" " + long, " " + short, 1)
                break
    if with_town is None:
        with_town = rng.random() < 0.75
    out = f"{line}, {addr.town}" if with_town else line
    r = rng.random()
    if r < 0.05:
        out = out.lower()
    elif r < 0.08:
        out = out.upper()
    return out


# ---- phones and e-mail ---------------------------------------------------------------------
def mobile(rng: random.Random) -> str:
    return f"07700 900{rng.randint(0, 999):03d}"


def landline(rng: random.Random, town: placebank.Town) -> str:
    return f"{town.phone_prefix}{rng.randint(0, 999):03d}"


def format_phone(rng: random.Random, value: str) -> str:
    digits = value.replace(" ", "")
    r = rng.random()
    if value.startswith("07700"):
        if r < 0.45:
            return f"07700 900 {digits[-3:]}"
        if r < 0.75:
            return value
        if r < 0.9:
            return digits
        return f"+44 7700 900 {digits[-3:]}"
    parts = value.split(" ")
    if r < 0.6:
        return value
    if r < 0.75:
        return f"({parts[0]}) {' '.join(parts[1:])}"
    if r < 0.9:
        return f"{parts[0]} {''.join(parts[1:])}"
    return "+44 " + value[1:]


def email(rng: random.Random, first: str, last: str, domain: str | None = None) -> str:
    first_a = _ascii(first).lower()
    last_a = _ascii(last).lower().replace("'", "").replace(" ", "")
    if domain is None:
        domain = rng.choice(("example.com", "example.co.uk", "example.net", "example.org"))
        r = rng.random()
        if r < 0.35:
            local = f"{first_a}{last_a[:3]}{rng.randint(70, 99)}"
        elif r < 0.6:
            local = f"{first_a}.{last_a}{rng.randint(1, 99)}"
        elif r < 0.8:
            local = f"{first_a[0]}{last_a}{rng.randint(1, 999)}"
        else:
            local = f"{first_a}_{rng.randint(1000, 9999)}"
    else:
        local = f"{first_a}.{last_a}" if rng.random() < 0.7 else f"{first_a[0]}.{last_a}"
    return f"{local}@{domain}"


_ASCII = str.maketrans(
    "ąćęłńóśźżĄĆĘŁŃÓŚŹŻėūųšžčĖŪŲŠŽČçğıöşüÇĞÖŞÜ",
    "acelnoszzACELNOSZZeuuszcEUUSZCcgiosuCGOSU",
)


def _ascii(text: str) -> str:
    return "".join(ch for ch in text.translate(_ASCII) if ch.isalnum() or ch in "-'. ") or "x"


def org_domain(name: str) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in _ascii(name).lower()).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"{slug[:30].strip('-')}.example.org"


# ---- case references -----------------------------------------------------------------------
def case_reference(rng: random.Random, kind: str, when: dt.date) -> str:
    """A reference number in the shape of the named system (police, council, health ...)."""
    yy = when.year % 100
    if kind == "crime":
        r = rng.random()
        if r < 0.4:
            return f"{rng.randint(10, 60)}/{rng.randint(10000, 99999)}/{yy:02d}"
        if r < 0.75:
            return f"CR/{when.year}/{rng.randint(0, 999999):06d}"
        return f"{rng.randint(1000000, 9999999)}/{yy:02d}"
    if kind == "ppn":
        return rng.choice(
            (
                f"PPN-{when.year}-{rng.randint(100000, 999999)}",
                f"PPN/{yy:02d}/{rng.randint(10000, 99999)}",
                f"DIN{rng.randint(1000000, 9999999)}",
            )
        )
    if kind == "log":
        force = rng.choice(("GMP", "WYP", "SYP", "NY", "MPS", "WMP", "NORTH", "LANCS"))
        return f"{force}-{when:%Y%m%d}-{rng.randint(1, 9999):04d}"
    if kind == "council":
        return rng.choice(
            (
                str(rng.randint(1000000, 3999999)),
                f"LCS{rng.randint(100000, 999999)}",
                f"CON-{rng.randint(0, 9999999):07d}",
                f"MASH-{when.year}-{rng.randint(1, 9999):04d}",
            )
        )
    if kind == "marac":
        return f"MARAC/{yy:02d}/{rng.randint(1, 999):04d}"
    if kind == "hospital":
        return f"{rng.choice('NRHMK')}{rng.randint(100000, 9999999):07d}"
    if kind == "housing":
        return f"HT/{rng.randint(10000, 99999)}"
    if kind == "cpoms":
        return str(rng.randint(10000, 99999))
    if kind == "pnc":
        return f"{yy:02d}/{rng.randint(100000, 999999)}{rng.choice('ABCDEFGHJKLMNPQRTUVWXY')}"
    if kind == "lado":
        return f"LADO-{yy:02d}-{rng.randint(1, 999):04d}"
    if kind == "incident":
        return f"AS-{when:%y%m%d}-{rng.randint(1, 9999):04d}"
    raise ValueError(f"case_reference: unknown kind {kind!r}.")


# ---- organisations -------------------------------------------------------------------------
def school_name(rng: random.Random, *, secondary: bool) -> str:
    while True:
        kind = rng.choice(placebank.SCHOOL_KINDS)
        if (kind in placebank.SECONDARY_KINDS) == secondary:
            break
    if kind in {"C of E Primary", "CE Primary", "RC Primary", "Catholic High School"}:
        if rng.random() < 0.6:
            return f"St {rng.choice(placebank.SAINTS)}'s {kind}"
        return (
            f"{rng.choice(('Holy Trinity', 'Christ Church', 'Sacred Heart', 'All Saints'))} {kind}"
        )
    return f"{rng.choice(placebank.SCHOOL_STEMS)} {kind}"


def nursery_name(rng: random.Random) -> str:
    pattern = rng.choice(placebank.NURSERY_PATTERNS)
    return pattern.format(rng.choice(placebank.NURSERY_WORDS), rng.choice(placebank.SCHOOL_STEMS))


def surgery_name(rng: random.Random) -> str:
    stem = rng.choice(placebank.STREET_STEMS + placebank.SCHOOL_STEMS)
    if rng.random() < 0.3:
        stem = f"{stem} {rng.choice(('Road', 'Lane', 'Street', 'Park'))}"
    return f"{stem} {rng.choice(placebank.SURGERY_KINDS)}"


def hospital_name(rng: random.Random) -> str:
    return rng.choice(placebank.HOSPITAL_PATTERNS).format(rng.choice(placebank.HOSPITAL_STEMS))


def ward_name(rng: random.Random) -> str:
    return rng.choice(placebank.WARD_PATTERNS).format(
        rng.choice(placebank.WARD_WORDS), None, rng.randint(1, 40)
    )


def club_name(rng: random.Random) -> str:
    return rng.choice(placebank.CLUB_PATTERNS).format(
        rng.choice(placebank.SCHOOL_STEMS), rng.choice(placebank.NURSERY_WORDS)
    )


# ---- people --------------------------------------------------------------------------------
@dataclass
class Person:
    """An invented person. ``title`` is "Mr"/"Mrs"/"Ms"/"Miss"/"Dr"; police carry ``rank``."""

    first: str
    last: str
    sex: str
    title: str = ""
    middle: str = ""
    rank: str = ""
    collar: str = ""
    background: str = "british"
    dob: dt.date | None = None
    nickname: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def pick_background(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    r = rng.random() * sum(w for _, w in options)
    for name, weight in options:
        r -= weight
        if r <= 0:
            return name
    return options[-1][0]


def given_name(rng: random.Random, background: str, sex: str, *, child: bool) -> str:
    pool = namebank.POOLS[background]
    if sex == "unknown":
        sex = rng.choice(("male", "female"))
    if child:
        names = pool.child_f if sex == "female" else pool.child_m
    else:
        names = pool.adult_f if sex == "female" else pool.adult_m
    name = rng.choice(names)
    if child and background == "british" and rng.random() < 0.06:
        name = f"{name}-{rng.choice(pool.child_f if sex == 'female' else pool.child_m)}"
    return name


def surname(rng: random.Random, background: str) -> str:
    return rng.choice(namebank.POOLS[background].surnames)


def professional(
    rng: random.Random, *, rank: str = "", doctor: bool = False, sex: str | None = None
) -> Person:
    background = pick_background(rng, namebank.PROFESSIONAL_BACKGROUNDS)
    sex = sex or rng.choice(("female", "female", "female", "male"))
    first = given_name(rng, background, sex, child=False)
    last = surname(rng, background)
    title = "Dr" if doctor else rng.choice(("Mrs", "Ms", "Miss") if sex == "female" else ("Mr",))
    collar = str(rng.randint(1000, 9999)) if rank else ""
    return Person(first, last, sex, title=title, rank=rank, collar=collar, background=background)


# ---- rendering -----------------------------------------------------------------------------
def name_full(rng: random.Random, p: Person, *, caps_surname: float = 0.35) -> str:
    """A first mention: the many ways notes write a full name."""
    last = p.last
    first = p.first
    r = rng.random()
    if p.rank:
        surname_form = last.upper() if rng.random() < 0.5 else last
        if r < 0.6:
            return f"{p.rank} {p.collar} {surname_form}"
        if r < 0.8:
            return f"{p.rank} {surname_form}"
        return f"{p.rank} {first} {last}"
    if p.title == "Dr":
        if r < 0.5:
            return f"Dr {first[0]}. {last}"
        if r < 0.8:
            return f"Dr {first} {last}"
        return f"Dr {last}"
    if r < caps_surname:
        return f"{first} {last.upper()}"
    if r < caps_surname + 0.12:
        return f"{last.upper()}, {first}"
    if r < caps_surname + 0.17 and p.middle:
        return f"{first} {p.middle} {last.upper()}"
    if r < caps_surname + 0.22 and p.title:
        return f"{p.title} {first[0]} {last}"
    if r < caps_surname + 0.26 and p.title:
        return f"{p.title} {first} {last}"
    if r < caps_surname + 0.29:
        return f"{first} {last}".lower()
    if r < caps_surname + 0.31:
        return f"{last.upper()} {first}"
    return f"{first} {last}"


def name_short(rng: random.Random, p: Person, *, lower: float = 0.06) -> str:
    """A later mention: first name (sometimes lower case), or title and surname for adults."""
    if p.rank:
        return f"{p.rank} {p.last}"
    if p.title == "Dr":
        return f"Dr {p.last}"
    if p.nickname and rng.random() < 0.6:
        return p.nickname
    r = rng.random()
    if r < lower:
        return p.first.lower()
    return p.first


def name_formal(rng: random.Random, p: Person) -> str:
    """Title and surname ("Mrs Jones", "Mr K. Arslan"), used for adults and professionals."""
    if p.rank:
        return (
            f"{p.rank} {p.collar} {p.last.upper()}" if rng.random() < 0.5 else f"{p.rank} {p.last}"
        )
    title = p.title or ("Mr" if p.sex == "male" else "Ms")
    r = rng.random()
    if r < 0.6:
        return f"{title} {p.last}"
    if r < 0.85:
        return f"{title} {p.first[0]}. {p.last}"
    return f"{title} {p.first[0]} {p.last}"


# ---- dates and ages ------------------------------------------------------------------------
def _ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


#: Date styles and their weights; ``*_noyear`` styles leave the year out ("12th March").
DATE_STYLES: tuple[tuple[str, float], ...] = (
    ("dd/mm/yy", 0.22),
    ("dd/mm/yyyy", 0.2),
    ("d.m.yy", 0.1),
    ("dd.mm.yyyy", 0.06),
    ("dth Month yyyy", 0.1),
    ("d Mon yy", 0.05),
    ("d Month yyyy", 0.07),
    ("yyyy-mm-dd", 0.04),
    ("dd-mm-yyyy", 0.03),
    ("d/m/yy", 0.05),
    ("dth Month", 0.05),
    ("d Mon", 0.03),
)


def format_date(rng: random.Random, day: dt.date, style: str | None = None) -> str:
    """``day`` in one of the styles notes use (a random one unless ``style`` is given)."""
    if style is None:
        r = rng.random()
        for name, weight in DATE_STYLES:
            r -= weight
            if r <= 0:
                style = name
                break
        else:
            style = "dd/mm/yy"
    d, m, y = day.day, day.month, day.year
    if style == "dd/mm/yy":
        return f"{d:02d}/{m:02d}/{y % 100:02d}"
    if style == "dd/mm/yyyy":
        return f"{d:02d}/{m:02d}/{y}"
    if style == "d.m.yy":
        return f"{d}.{m}.{y % 100:02d}"
    if style == "dd.mm.yyyy":
        return f"{d:02d}.{m:02d}.{y}"
    if style == "dth Month yyyy":
        return f"{_ordinal(d)} {_MONTHS[m - 1]} {y}"
    if style == "d Mon yy":
        return f"{d} {_MONTHS_SHORT[m - 1]} {y % 100:02d}"
    if style == "d Month yyyy":
        return f"{d} {_MONTHS[m - 1]} {y}"
    if style == "yyyy-mm-dd":
        return day.isoformat()
    if style == "dd-mm-yyyy":
        return f"{d:02d}-{m:02d}-{y}"
    if style == "d/m/yy":
        return f"{d}/{m}/{y % 100:02d}"
    if style == "dth Month":
        return f"{_ordinal(d)} {_MONTHS[m - 1]}"
    if style == "d Mon":
        return f"{d} {_MONTHS_SHORT[m - 1]}"
    raise ValueError(f"format_date: unknown style {style!r}.")


def format_month(rng: random.Random, day: dt.date) -> str:
    """A month that names a specific time: "March 2022", "Mar 2021", "Jan"."""
    r = rng.random()
    if r < 0.45:
        return f"{_MONTHS[day.month - 1]} {day.year}"
    if r < 0.7:
        return f"{_MONTHS_SHORT[day.month - 1]} {day.year}"
    if r < 0.85:
        return _MONTHS[day.month - 1]
    return _MONTHS_SHORT[day.month - 1]


def format_dob(rng: random.Random, day: dt.date) -> str:
    """A date of birth: always with the year."""
    style = rng.choice(
        (
            "dd/mm/yyyy",
            "dd/mm/yyyy",
            "dd/mm/yy",
            "d.m.yy",
            "dd.mm.yyyy",
            "dth Month yyyy",
            "d Mon yy",
            "dd-mm-yyyy",
            "d/m/yy",
            "yyyy-mm-dd",
        )
    )
    return format_date(rng, day, style)


def age_parts(dob: dt.date, on: dt.date) -> tuple[int, int]:
    """Whole years and remaining whole months of age on a date."""
    months = (on.year - dob.year) * 12 + on.month - dob.month - (1 if on.day < dob.day else 0)
    months = max(months, 0)
    return months // 12, months % 12


def format_age(rng: random.Random, years: int, months: int) -> str:
    """An age as notes write it: "7", "7yo", "15 years old", "4 months", "3 years 2 months"."""
    if years == 0:
        m = max(months, 1) if months else rng.randint(1, 3)
        unit = rng.choice(("months", "month old", "mths", "months old"))
        if unit == "month old":
            return f"{m} month old"
        return f"{m} {unit}"
    if years < 3 and months and rng.random() < 0.3:
        if rng.random() < 0.5:
            return f"{years * 12 + months} months"
        return f"{years} {'year' if years == 1 else 'years'} {months} months"
    r = rng.random()
    if years == 1:
        return ("1", "1yo", "1 year old", "1 yr", "12 months")[int(r * 5)]
    if r < 0.35:
        return str(years)
    if r < 0.55:
        return f"{years}yo"
    if r < 0.7:
        return f"{years} years old"
    if r < 0.85:
        return f"{years} yrs"
    return f"{years} yrs old"
