"""Write one referral note for one episode, recording every personal-data span.

The composer turns an episode's latent state into a document: it picks a document kind (a
referral in the source's own layout, a referral with a MASH screening or closure section, a
Child and Family Assessment summary, a closure summary), lists the facts the state implies
(every current factor with its severity and frequency, historic and negated mentions, engagement,
protective adult, injury explanation, the child's voice, the outcome, previous involvement),
writes each fact with a paraphrase drawn from :mod:`.fact_banks`, and pads with neutral detail from
:mod:`formats` up to a length drawn per note (40 to 600 words).

Per-note style draws vary the surface: SURNAME capitals, lower-case names, a hurried all
lower-case note, light typos in non-personal words, one date format for the whole note or a mix,
bullet lists, line breaks.

Personal data only ever enters through slots, so each span's offsets are exact by construction;
labels follow the conventions of ``tests/data/uk_referral_notes.txt`` (titles and collar numbers
inside PERSON, role words and cue words outside, AGE as number plus unit, postcode separate from
the address, generic services never labelled).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from referral_nlp.data.synthetic import labels as tx
from referral_nlp.data.synthetic import pii, placebank
from referral_nlp.data.synthetic.pii import Person
from referral_nlp.data.synthetic.text import details, formats
from referral_nlp.data.synthetic.text.engine import Bank, SlotValue, Writer
from referral_nlp.data.synthetic.text.fact_banks.current import CURRENT
from referral_nlp.data.synthetic.text.fact_banks.current_under_fours import CURRENT_YOUNG
from referral_nlp.data.synthetic.text.fact_banks.family import (
    ENGAGEMENT,
    INJURY,
    PROTECTIVE,
    PROTECTIVE_PARENT,
    VOICE,
)
from referral_nlp.data.synthetic.text.fact_banks.historic_negated import (
    CURRENT_AFTER,
    HISTORIC,
    HISTORIC_AFTER,
    HISTORIC_PREFIX,
    NEGATED,
    NEGATED_AFTER,
    NEGATED_PREFIX,
    NEGATION_LIST,
    NEGATION_NAMES,
)
from referral_nlp.data.synthetic.text.fact_banks.previous_involvement import (
    PREVIOUS_CP,
    PREVIOUS_NONE,
    PREVIOUS_SOME,
)
from referral_nlp.data.synthetic.text.fact_banks.severity_frequency import (
    FACTOR_WORDS,
    FREQUENCY,
    FREQUENCY_DA,
    SEVERITY_NOTE,
)
from referral_nlp.data.synthetic.timeline import Episode, add_years

MIN_WORDS = 40
MAX_WORDS = 600
_CHARS_PER_WORD = 6.0
#: Below this many characters a note cannot be near MAX_WORDS (no word is under 2 characters
#: with its space), so the exact word count is skipped.
_SAFE_CHARS = 2 * (MAX_WORDS - 40)

_WEEKDAYS = ("Mon", "Tues", "Weds", "Thurs", "Fri", "Sat", "Sun")
_WEEKDAYS_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DOC_KINDS = (
    ("referral", 0.32),
    ("referral_mash", 0.2),
    ("referral_closure", 0.2),
    ("assessment", 0.13),
    ("closure", 0.15),
)
_NOTE_DATE_STYLES = (
    "dd/mm/yy",
    "dd/mm/yyyy",
    "d.m.yy",
    "dth Month yyyy",
    "d/m/yy",
    "dd.mm.yyyy",
    "dth Month",
    "d Month yyyy",
)
_BULLETS = ("- ", "* ", "• ", "")
_PROT_WORDS = {
    ("maternal grandmother", "female"): ("maternal grandmother", "nan", "MGM", "grandma"),
    ("paternal grandmother", "female"): ("paternal grandmother", "PGM", "nan"),
    ("maternal grandfather", "male"): ("maternal grandfather", "grandad", "MGF"),
    ("maternal aunt", "female"): ("maternal aunt", "aunt", "auntie"),
    ("paternal aunt", "female"): ("paternal aunt", "aunt"),
    ("uncle", "male"): ("maternal uncle", "uncle"),
    ("family friend", "female"): ("family friend", "friend of the family"),
    ("family friend", "male"): ("family friend", "friend of the family"),
    ("godmother", "female"): ("godmother",),
    ("older sibling", "female"): ("older sister", "adult sister"),
    ("older sibling", "male"): ("older brother", "adult brother"),
}


@dataclass(frozen=True)
class NegationList:
    """Negated factors written as one checklist sentence ("No concerns re DA, MH or drugs.")."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class FactorTag:
    """Sets the factor named by ``{fname}`` for the sentences that follow."""

    name: str


@dataclass(frozen=True)
class Wrapped:
    """A current-style description, then a sentence saying it is past or untrue.

    ("In 2019 mum had a red mark on her arm ... This was years ago and is not current.";
    "Allegation that ... Not substantiated.") The description keeps the vocabulary of a current
    concern, often with its severity and frequency, and the sentence after it uses generic
    words, so only reading the two together tells that it carries no risk: the case a
    bag-of-words reader gets wrong. With ``former`` the other adult is the former partner.
    """

    prefix: Bank
    inner: tuple[Bank, ...]
    after: Bank
    former: bool = False


Fact = tuple["Bank | NegationList | FactorTag | Wrapped", ...]


@dataclass(frozen=True)
class Note:
    """A written note: its text, its spans and the document kind."""

    text: str
    spans: list[tuple[int, int, str]]
    kind: str


def _ordinal_words(rng: random.Random, n: int) -> str:
    words = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")
    if n <= len(words) and rng.random() < 0.5:
        return words[n - 1]
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _pick_weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    r = rng.random()
    for value, weight in options:
        r -= weight
        if r <= 0:
            return value
    return options[-1][0]


def _year_group(rng: random.Random, age: int) -> str:
    if age < 4:
        return rng.choice(("nursery", "pre-school", "FS1"))
    if age == 4:
        return rng.choice(("Reception", "FS2", "Rec"))
    n = min(age - 4, 13)
    form = rng.random()
    if form < 0.35:
        return f"Year {n}"
    if form < 0.6:
        return f"Y{n}"
    if form < 0.8:
        return f"Yr {n}"
    return f"yr {n}"


class NoteContext:
    """The people, places, dates and identifiers of one note; everything made on first use."""

    def __init__(self, ep: Episode, rng: random.Random) -> None:
        self.ep = ep
        self.rng = rng
        fam = ep.family
        self.fam = fam
        self.child = ep.child.person
        self.carer = fam.carer
        self.lower_names = 0.5 if rng.random() < 0.04 else 0.035
        self.caps = (0.1, 0.35, 0.6)[int(rng.random() * 3)]
        self.date_style: str | None = None
        if rng.random() < 0.6:
            self.date_style = _NOTE_DATE_STYLES[int(rng.random() * len(_NOTE_DATE_STYLES))]
        self.introduced: set[int] = set()
        self.cache: dict[str, SlotValue] = {}
        self.factor_words = "concerns"
        #: While a historic mention is written, "incident" dates are historic ones.
        self.historic = False
        # The other adult: the partner in the household, or else the former partner.
        if fam.partner is not None:
            self.perp = fam.partner
            if fam.partner_is_parent:
                pw = ("dad", "father", "dad") if self.perp.sex == "male" else ("mum", "mother")
            elif self.carer.sex == "female":
                pw = ("mum's partner", "stepdad", "partner", "mum's boyfriend")
            else:
                pw = ("dad's partner", "partner", "stepmum")
        else:
            self.perp = fam.ex_partner
            pw = (
                ("ex-partner", "the children's father", "ex")
                if self.perp.sex == "male"
                else ("ex-partner", "the children's mother")
            )
        self.pw = pw[int(rng.random() * len(pw))]
        if self.carer.sex == "female":
            self.cw = ("mum", "mother", "Mum", "mum")[int(rng.random() * 4)]
        else:
            self.cw = ("dad", "father", "Dad")[int(rng.random() * 3)]
        self.siblings = [c for c in fam.children if c is not ep.child and c.dob <= ep.referral]
        self.sib = self.siblings[int(rng.random() * len(self.siblings))] if self.siblings else None
        # Protective adult and its role words.
        self.prot: Person | None = None
        self.prot_words: tuple[str, ...] = ("maternal grandmother",)
        role = ep.state.protective
        if role is not None and role != "non-abusing parent":
            prot = fam.grandparent if "grand" in role else fam.relative
            key = (role, prot.sex)
            if key not in _PROT_WORDS:
                if "grand" in role:
                    key = (
                        ("maternal grandmother", "female")
                        if prot.sex == "female"
                        else ("maternal grandfather", "male")
                    )
                else:
                    key = ("family friend", prot.sex)
            self.prot = prot
            self.prot_words = _PROT_WORDS[key]
        self.address = fam.address_on(ep.referral)
        self.town = self.address.town
        self.male = self.child.sex == "male"
        self.carer_f = self.carer.sex == "female"
        self.perp_m = self.perp.sex == "male"

    # ---- lazily made people and places -------------------------------------------------------
    @cached_property
    def town_obj(self) -> placebank.Town:
        return next((t for t in placebank.TOWNS if t.name == self.town), self.fam.town)

    @cached_property
    def ref(self) -> Person:
        rng = self.rng
        src = self.ep.source
        if src == "police":
            p = pii.professional(rng, rank=rng.choice(("PC", "PC", "DC", "PS")))
        elif src == "gp" or (src == "other" and rng.random() < 0.4):
            p = pii.professional(rng, doctor=True)
        else:
            p = pii.professional(rng)
        p.extra["pro"] = "1"
        return p

    def _pro(self, **kwargs: object) -> Person:
        p = pii.professional(self.rng, **kwargs)  # type: ignore[arg-type]
        p.extra["pro"] = "1"
        return p

    @cached_property
    def officer2(self) -> Person:
        return self._pro(rank="PC")

    @cached_property
    def sw(self) -> Person:
        return self._pro()

    @cached_property
    def tm(self) -> Person:
        return self._pro()

    @cached_property
    def worker(self) -> Person:
        return self._pro()

    @cached_property
    def consultant(self) -> Person:
        return self._pro(doctor=True)

    @cached_property
    def doctor(self) -> Person:
        return self._pro(doctor=True)

    @cached_property
    def caller(self) -> Person:
        if self.ep.source == "neighbour":
            p = pii.professional(self.rng)
            p.title = ""
            return p
        return self.fam.grandparent if self.rng.random() < 0.6 else self.fam.relative

    @cached_property
    def caller_role(self) -> str:
        c = self.caller
        if self.ep.source == "neighbour":
            return "neighbour"
        if c is self.fam.grandparent:
            return "maternal grandmother" if c.sex == "female" else "grandad"
        return "aunt" if c.sex == "female" else "uncle"

    @cached_property
    def old_address(self) -> pii.Address:
        fam = self.fam
        if fam.moves and fam.moves[0][0] <= self.ep.referral and self.address is not fam.address:
            return fam.address
        return pii.address(self.rng, placebank.TOWNS[int(self.rng.random() * len(placebank.TOWNS))])

    @cached_property
    def org_address(self) -> pii.Address:
        return pii.address(self.rng, self.town_obj)

    @cached_property
    def other_town(self) -> str:
        name = placebank.TOWNS[int(self.rng.random() * len(placebank.TOWNS))].name
        if name == self.town:
            name = "Manchester" if self.town != "Manchester" else "Leeds"
        return name

    @cached_property
    def country(self) -> str:
        options = placebank.BACKGROUND_COUNTRIES.get(self.fam.background, ("Spain",))
        return options[int(self.rng.random() * len(options))]

    @cached_property
    def district(self) -> str:
        return placebank.DISTRICTS[int(self.rng.random() * len(placebank.DISTRICTS))]

    @cached_property
    def ref_domain(self) -> str:
        src = self.ep.source
        if src in ("school", "nursery"):
            return pii.org_domain(self.setting)
        if src in ("gp", "hospital", "health_visitor", "camhs"):
            return self.rng.choice(("nhs.example.net", "nhs.example.org"))
        return self.rng.choice(
            (
                "council.example.org",
                "probation.example.org",
                "housing.example.org",
                "lcc.example.org",
            )
        )

    @cached_property
    def setting(self) -> str:
        age = self.ep.age
        child = self.ep.child
        if age < 4:
            return child.nursery
        return child.primary_school if age < 11 else child.secondary_school

    @cached_property
    def incident(self) -> dt.date:
        return self.ep.referral - dt.timedelta(days=self.rng.randint(0, 3))

    @cached_property
    def strategy(self) -> dt.date:
        ep = self.ep
        day = ep.escalation_date or (ep.referral + dt.timedelta(days=self.rng.randint(1, 10)))
        return min(day, ep.closure)

    @cached_property
    def clock(self) -> str:
        rng = self.rng
        minute = (0, 5, 10, 15, 20, 30, 40, 45, 50)[int(rng.random() * 9)]
        return f"{rng.randint(0, 23):02d}:{minute:02d}"

    @cached_property
    def level(self) -> int:
        """RAG level that agrees with the outcome (green for NFA, red for s47 and above)."""
        outcome = self.ep.state.outcome
        if outcome == "nfa":
            return 0 if self.rng.random() < 0.8 else 1
        if outcome == "early_help":
            return 1 if self.rng.random() < 0.6 else 0
        if outcome == "cin":
            return 1 if self.rng.random() < 0.8 else 2
        return 2

    @cached_property
    def dash(self) -> str:
        da = self.ep.state.factors.get("domestic_abuse")
        if da is not None and da.severity:
            return formats.DASH_BY_SEVERITY[da.severity]
        return "STANDARD"

    # ---- rendering helpers ---------------------------------------------------------------------
    def name(self, p: Person, *, full: bool = False) -> SlotValue:
        key = id(p)
        rng = self.rng
        if full or key not in self.introduced:
            self.introduced.add(key)
            return pii.name_full(rng, p, caps_surname=self.caps), tx.PERSON
        if p.rank or p.title == "Dr" or p.extra.get("pro"):
            return pii.name_formal(rng, p), tx.PERSON
        if p.title and rng.random() < 0.2:  # adults only: children have no title
            return pii.name_formal(rng, p), tx.PERSON
        return pii.name_short(rng, p, lower=self.lower_names), tx.PERSON

    def first(self, p: Person) -> SlotValue:
        self.introduced.add(id(p))
        return pii.name_short(self.rng, p, lower=self.lower_names), tx.PERSON

    def once(self, key: str, make: Callable[[], SlotValue]) -> SlotValue:
        value = self.cache.get(key)
        if value is None:
            value = make()
            self.cache[key] = value
        return value

    def date(self, day: dt.date) -> SlotValue:
        style = self.date_style if self.rng.random() < 0.8 else None
        return pii.format_date(self.rng, day, style), tx.DATE

    def dob(self, day: dt.date | None) -> SlotValue:
        return pii.format_dob(self.rng, day or self.ep.referral), tx.DATE_OF_BIRTH

    def age(self, dob: dt.date) -> SlotValue:
        years, months = pii.age_parts(dob, self.ep.referral)
        return pii.format_age(self.rng, years, months), tx.AGE

    def days(self, lo: int, hi: int) -> dt.date:
        return self.ep.referral + dt.timedelta(days=self.rng.randint(lo, hi))

    def hist_date(self) -> SlotValue:
        rng = self.rng
        day = self.ep.referral - dt.timedelta(days=rng.randint(500, 2400))
        if rng.random() < 0.6:
            return str(day.year), tx.DATE
        return pii.format_month(rng, day), tx.DATE

    def phone(self, landline_share: float) -> SlotValue:
        rng = self.rng
        raw = pii.landline(rng, self.town_obj) if rng.random() < landline_share else pii.mobile(rng)
        return pii.format_phone(rng, raw), tx.PHONE_NUMBER

    def sib_setting(self) -> SlotValue:
        if self.sib is None:
            return self.setting, tx.ORGANISATION
        age = pii.age_parts(self.sib.dob, self.ep.referral)[0]
        if age < 4:
            return self.sib.nursery, tx.ORGANISATION
        return (
            self.sib.primary_school if age < 11 else self.sib.secondary_school,
            tx.ORGANISATION,
        )

    def ref_email(self) -> SlotValue:
        ref = self.ref
        if self.ep.source == "school" and self.rng.random() < 0.4:
            return f"dsl@{self.ref_domain}", tx.EMAIL_ADDRESS
        return pii.email(self.rng, ref.first, ref.last, self.ref_domain), tx.EMAIL_ADDRESS

    # ---- composite slots -------------------------------------------------------------------------
    def children_line(self) -> list[SlotValue]:
        rng = self.rng
        kids = [self.ep.child, *self.siblings[:2]]
        style = int(rng.random() * 4)
        out: list[SlotValue] = []
        for i, kid in enumerate(kids):
            if i:
                out.append((" and " if i == len(kids) - 1 else ", ", None))
            out.append(self.name(kid.person, full=True))
            if style == 0:
                out.append((" ", None))
                out.append(self.age(kid.dob))
            elif style == 1:
                out.append((" (", None))
                out.append(self.age(kid.dob))
                out.append((")", None))
            elif style == 2:
                out.append((" DOB ", None))
                out.append(self.dob(kid.dob))
            else:
                out.append((" (d.o.b. ", None))
                out.append(self.dob(kid.dob))
                out.append((")", None))
        return out

    def household(self) -> list[SlotValue]:
        out: list[SlotValue] = [(self.cw + " ", None), self.name(self.carer)]
        if self.fam.partner is not None:
            out += [(", " + self.pw + " ", None), self.name(self.perp)]
        out += [(", ", None), self.name(self.child)]
        if self.sib is not None:
            out += [(" and ", None), self.name(self.sib.person)]
        return out


def _prot_name(c: NoteContext) -> SlotValue:
    return c.name(c.prot if c.prot is not None else c.carer)


def _sib_count(c: NoteContext) -> SlotValue:
    if not c.siblings:
        return "no siblings", None
    return c.rng.choice(("siblings", f"{len(c.siblings)} siblings")), None


def _sib_rel(c: NoteContext) -> SlotValue:
    if c.sib is not None and c.rng.random() < 0.8:
        return ("brother" if c.sib.person.sex == "male" else "sister"), None
    return "sibling", None


def _date_prev(c: NoteContext) -> SlotValue:
    prev = c.ep.previous_referral_date
    if prev is None:
        return str(c.ep.referral.year - 1), tx.DATE
    return pii.format_month(c.rng, prev), tx.DATE


def _n_years(c: NoteContext) -> SlotValue:
    prev = c.ep.previous_referral_date or c.ep.referral
    return str(max(1, (c.ep.referral - prev).days // 365 + 1)), None


def _lcs_known(c: NoteContext) -> SlotValue:
    if c.ep.previous_referrals:
        return c.rng.choice(
            ("known, previous involvement", "known to CSC", "open previously")
        ), None
    return c.rng.choice(("not known", "no trace", "nil")), None


def _ref(kind: str) -> Callable[[NoteContext], SlotValue]:
    def fill(c: NoteContext) -> SlotValue:
        return pii.case_reference(c.rng, kind, c.ep.referral), tx.CASE_REFERENCE

    return fill


def _once_ref(kind: str) -> Callable[[NoteContext], SlotValue]:
    def fill(c: NoteContext) -> SlotValue:
        return c.once(
            kind, lambda: (pii.case_reference(c.rng, kind, c.ep.referral), tx.CASE_REFERENCE)
        )

    return fill


def _nhs_other(c: NoteContext) -> SlotValue:
    return c.once(
        "carer_nhs", lambda: (pii.format_nhs(c.rng, pii.nhs_number(c.rng)), tx.NHS_NUMBER)
    )


def _carer_age(c: NoteContext) -> SlotValue:
    dob = c.carer.dob or c.ep.referral
    return c.once(
        "carer_age",
        lambda: (pii.format_age(c.rng, pii.age_parts(dob, c.ep.referral)[0], 0), tx.AGE),
    )


def _weekday(c: NoteContext) -> SlotValue:
    names = _WEEKDAYS if c.rng.random() < 0.6 else _WEEKDAYS_LONG
    return names[c.ep.referral.weekday()], None


def _surnames(c: NoteContext) -> SlotValue:
    return c.child.last.split("-")[0] + "s", tx.PERSON


def _money(c: NoteContext) -> SlotValue:
    return f"{c.rng.randint(2, 40) * 50:,}", None


def _date_recent(c: NoteContext) -> SlotValue:
    return c.date(min(c.ep.closure, c.ep.referral + dt.timedelta(days=c.rng.randint(1, 20))))


def _month_recent(c: NoteContext) -> SlotValue:
    return pii.format_month(c.rng, c.days(-95, -25)).split(" ")[0], tx.DATE


def _date_future(c: NoteContext) -> SlotValue:
    return str(add_years(c.ep.referral, c.rng.randint(1, 4)).year), tx.DATE


#: Every slot a template may use; each filler takes the note's context.
SLOTS: dict[str, Callable[[NoteContext], SlotValue | list[SlotValue]]] = {
    # the child
    "child": lambda c: c.name(c.child),
    "child_full": lambda c: c.name(c.child, full=True),
    "child_first": lambda c: c.first(c.child),
    "he": lambda c: ("he" if c.male else "she", None),
    "his": lambda c: ("his" if c.male else "her", None),
    "him": lambda c: ("him" if c.male else "her", None),
    "himself": lambda c: ("himself" if c.male else "herself", None),
    "son": lambda c: ("son" if c.male else "daughter", None),
    "boy": lambda c: ("boy" if c.male else "girl", None),
    "lad": lambda c: ("lad" if c.male else "girl", None),
    "age": lambda c: c.once("age", lambda: c.age(c.ep.child.dob)),
    "dob": lambda c: c.dob(c.ep.child.dob),
    "year": lambda c: c.once("year", lambda: (_year_group(c.rng, c.ep.age), None)),
    "nhs": lambda c: (pii.format_nhs(c.rng, c.ep.child.nhs), tx.NHS_NUMBER),
    # the carer
    "carer": lambda c: c.name(c.carer),
    "carer_full": lambda c: c.name(c.carer, full=True),
    "carer_first": lambda c: c.first(c.carer),
    "carer_lower": lambda c: (f"{c.carer.first} {c.carer.last}".lower(), tx.PERSON),
    "cw": lambda c: (c.cw, None),
    "cshe": lambda c: ("she" if c.carer_f else "he", None),
    "cher": lambda c: ("her" if c.carer_f else "his", None),
    "cobj": lambda c: ("her" if c.carer_f else "him", None),
    "carer_dob": lambda c: c.dob(c.carer.dob),
    "carer_age": _carer_age,
    "carer_phone": lambda c: (pii.format_phone(c.rng, c.fam.carer_phone), tx.PHONE_NUMBER),
    "carer_email": lambda c: (c.fam.carer_email, tx.EMAIL_ADDRESS),
    "carer_nhs": _nhs_other,
    "ni": lambda c: (pii.format_ni(c.rng, c.fam.carer_ni), tx.NI_NUMBER),
    # the other adult
    "perp": lambda c: c.name(c.perp),
    "perp_full": lambda c: c.name(c.perp, full=True),
    "perp_first": lambda c: c.first(c.perp),
    "pw": lambda c: (c.pw, None),
    "phe": lambda c: ("he" if c.perp_m else "she", None),
    "phis": lambda c: ("his" if c.perp_m else "her", None),
    "phim": lambda c: ("him" if c.perp_m else "her", None),
    "perp_dob": lambda c: c.dob(c.perp.dob),
    "ex": lambda c: c.name(c.fam.ex_partner),
    # siblings and household
    "sib": lambda c: c.name(c.sib.person if c.sib else c.child),
    "sib_age": lambda c: c.age(c.sib.dob if c.sib else c.ep.child.dob),
    "sib_setting": lambda c: c.sib_setting(),
    "sib_rel": _sib_rel,
    "sib_count": _sib_count,
    "children_line": lambda c: c.children_line(),
    "household": lambda c: c.household(),
    "surnames": _surnames,
    # protective adult, callers
    "prot": _prot_name,
    "prot_w": lambda c: (c.prot_words[int(c.rng.random() * len(c.prot_words))], None),
    "prot_any": lambda c: (c.rng.choice(("a relative", "grandparents", "a family friend")), None),
    "caller": lambda c: c.name(c.caller),
    "caller_role": lambda c: (c.caller_role, None),
    "caller_she": lambda c: ("she" if c.caller.sex == "female" else "he", None),
    "caller_phone": lambda c: c.once("caller_phone", lambda: c.phone(0.5)),
    # professionals
    "ref": lambda c: c.name(c.ref),
    "ref_phone": lambda c: c.once("ref_phone", lambda: c.phone(0.6)),
    "ref_email": lambda c: c.once("ref_email", c.ref_email),
    "officer": lambda c: c.name(c.ref if c.ref.rank else c.officer2),
    "officer2": lambda c: c.name(c.officer2),
    "sw": lambda c: c.name(c.sw),
    "tm": lambda c: c.name(c.tm),
    "worker": lambda c: c.name(c.worker),
    "consultant": lambda c: c.name(c.consultant),
    "doctor": lambda c: c.name(c.doctor),
    # places
    "address": lambda c: (pii.format_address(c.rng, c.address), tx.ADDRESS),
    "postcode": lambda c: (pii.format_postcode(c.rng, c.address.postcode), tx.POSTCODE),
    "old_address": lambda c: (pii.format_address(c.rng, c.old_address), tx.ADDRESS),
    "org_address": lambda c: (pii.format_address(c.rng, c.org_address, with_town=True), tx.ADDRESS),
    "org_postcode": lambda c: (pii.format_postcode(c.rng, c.org_address.postcode), tx.POSTCODE),
    "town": lambda c: (c.town, tx.LOCATION),
    "other_town": lambda c: (c.other_town, tx.LOCATION),
    "district": lambda c: (c.district, tx.LOCATION),
    "country": lambda c: (c.country, tx.LOCATION),
    # organisations
    "setting": lambda c: (c.setting, tx.ORGANISATION),
    "school": lambda c: (c.setting, tx.ORGANISATION),
    "surgery": lambda c: (c.fam.surgery, tx.ORGANISATION),
    "hospital": lambda c: c.once("hospital", lambda: (pii.hospital_name(c.rng), tx.ORGANISATION)),
    "ward": lambda c: c.once("ward", lambda: (pii.ward_name(c.rng), tx.ORGANISATION)),
    "club": lambda c: c.once("club", lambda: (pii.club_name(c.rng), tx.ORGANISATION)),
    "org_other": lambda c: c.once(
        "org_other",
        lambda: (
            c.rng.choice(
                (
                    f"{c.rng.choice(placebank.STREET_STEMS)} Dental Practice",
                    pii.club_name(c.rng),
                    f"{c.rng.choice(placebank.SCHOOL_STEMS)} Pharmacy",
                )
            ),
            tx.ORGANISATION,
        ),
    ),
    # dates
    "date_ref": lambda c: c.date(c.ep.referral),
    "date_open": lambda c: c.date(c.ep.referral),
    "date_inc": lambda c: c.hist_date() if c.historic else c.date(c.incident),
    "date_close": lambda c: c.date(c.ep.closure),
    "date_screen": lambda c: c.date(min(c.ep.closure, c.days(0, 2))),
    "date_strategy": lambda c: c.date(c.strategy),
    "date_hist": lambda c: c.hist_date(),
    "date_hist_recent": lambda c: c.date(c.days(-70, -10)),
    "date_recent": _date_recent,
    "month_recent": _month_recent,
    "date_future": _date_future,
    "date_prev": _date_prev,
    # identifiers
    "crime_ref": _once_ref("crime"),
    "case_ref": _once_ref("council"),
    "ppn_ref": _ref("ppn"),
    "log_ref": _ref("log"),
    "hosp_ref": _ref("hospital"),
    "housing_ref": _ref("housing"),
    "pnc_ref": _ref("pnc"),
    "marac_ref": _ref("marac"),
    "cpoms_ref": _ref("cpoms"),
    "incident_ref": _ref("incident"),
    # non-personal
    "force": lambda c: (c.town_obj.force, None),
    "time": lambda c: (c.clock, None),
    "weekday": _weekday,
    "dash": lambda c: (c.dash, None),
    "rag": lambda c: (formats.RAG_BY_LEVEL[c.level], None),
    "lang": lambda c: (placebank.LANGUAGES.get(c.fam.background, "an"), None),
    "attendance": lambda c: c.once("attendance", lambda: (f"{c.rng.randint(38, 96)}%", None)),
    "money": _money,
    "source_words": lambda c: c.once(
        "source_words", lambda: (c.rng.choice(formats.SOURCE_WORDS[c.ep.source]), None)
    ),
    "setting_word": lambda c: ("nursery" if c.ep.age < 4 else "school", None),
    "fname": lambda c: (c.factor_words, None),
    "lcs_known": _lcs_known,
    "nprev": lambda c: (_ordinal_words(c.rng, c.ep.previous_referrals + 1), None),
    "n_prev_num": lambda c: (str(c.ep.previous_referrals), None),
    "n_years": _n_years,
    "n_visits": lambda c: (str(c.rng.randint(2, 7)), None),
    "older_age": lambda c: (
        pii.format_age(c.rng, c.rng.randint(18, 24), 0)
        if c.rng.random() < 0.5
        else str(c.rng.randint(18, 24)),
        tx.AGE,
    ),
}


def _inner(rng: random.Random, name: str) -> tuple[Bank, ...]:
    """A current-style description of a factor (any severity, often with a frequency line)."""
    banks: tuple[Bank, ...] = (CURRENT[name][1 + int(rng.random() * 3)],)
    if rng.random() < 0.5:
        freq = ("repeat", "escalating")[int(rng.random() * 2)]
        table = FREQUENCY_DA if name == "domestic_abuse" else FREQUENCY
        banks += (table[freq],)
    return banks


def _fact_sentences(
    ep: Episode, ctx: NoteContext, *, mentions: bool = True
) -> dict[str, list[Fact]]:
    """The facts of the state, grouped by where they go, each as one or more banks.

    ``mentions=False`` leaves out historic and negated mentions (which carry no risk): the
    counterfactual note the data card uses to measure what they cost a bag-of-words model.
    """
    rng = ctx.rng
    state = ep.state
    main: list[Fact] = []
    other: list[Fact] = []
    background: list[Fact] = []
    negated: list[str] = []
    ordered = sorted(state.factors.items(), key=lambda kv: kv[0] != state.main)
    for name, fs in ordered:
        if fs.status == "current":
            current = CURRENT_YOUNG if ep.age < 4 and name in CURRENT_YOUNG else CURRENT
            banks: list[Bank | NegationList | FactorTag | Wrapped] = [
                FactorTag(name),
                current[name][fs.severity],
            ]
            if name == "domestic_abuse" and ep.source == "police":
                banks.append(FREQUENCY_DA[fs.frequency])
            else:
                if name not in _SEVERITY_IN_WORDS:
                    banks.append(SEVERITY_NOTE[fs.severity])
                banks.append(FREQUENCY[fs.frequency])
            if rng.random() < 0.3:
                banks.append(CURRENT_AFTER)
            if name == "physical_abuse" and state.injury is not None:
                banks.append(INJURY[state.injury])
            (main if name == state.main else other).append(tuple(banks))
        elif not mentions:
            continue
        elif fs.status == "historic":
            bank = HISTORIC.get(name)
            if name in CURRENT and (bank is None or rng.random() < 0.85):
                background.append(
                    (Wrapped(HISTORIC_PREFIX, _inner(rng, name), HISTORIC_AFTER, True),)
                )
            elif bank is not None:
                background.append((bank,))
        elif name in CURRENT and rng.random() < 0.75:
            background.append((Wrapped(NEGATED_PREFIX, _inner(rng, name), NEGATED_AFTER),))
        else:
            negated.append(name)
    if state.injury is not None and (
        "physical_abuse" not in state.factors or state.factors["physical_abuse"].status != "current"
    ):
        main.append((INJURY[state.injury],))
    # Negations: a checklist sentence, or one sentence each.
    if negated:
        listable = [n for n in negated if n in NEGATION_NAMES]
        singles = [n for n in negated if n not in NEGATION_NAMES]
        if len(listable) >= 2 and rng.random() < 0.6:
            background.append((NegationList(tuple(listable)),))
        else:
            singles = negated
        for n in singles:
            bank = NEGATED.get(n)
            if bank is not None:
                background.append((bank,))
    if ep.previous_cp and rng.random() < 0.8:
        background.append((PREVIOUS_CP,))
    if ep.previous_referrals:
        if rng.random() < 0.75:
            background.append((PREVIOUS_SOME,))
    elif rng.random() < 0.4:
        background.append((PREVIOUS_NONE,))
    people: list[Fact] = []
    if state.voice != "too_young" or rng.random() < 0.5:
        people.append((VOICE[state.voice],))
    people.append((ENGAGEMENT[state.engagement],))
    if state.protective is not None:
        if ctx.prot is None:
            people.append((PROTECTIVE_PARENT,))
        else:
            people.append((PROTECTIVE,))
    return {"main": main, "other": other, "background": background, "people": people}


#: Factors whose current banks already state severity in words (no generic note needed).
_SEVERITY_IN_WORDS = frozenset(
    {
        "domestic_abuse",
        "mental_health",
        "alcohol_misuse",
        "drug_misuse",
        "neglect",
        "physical_abuse",
        "emotional_abuse",
        "sexual_abuse",
        "cse",
        "cce",
        "missing",
        "self_harm",
        "young_carer",
        "homelessness",
    }
)


class _Doc:
    """Rendering helpers over a Writer with the note's separator style."""

    def __init__(self, w: Writer, rng: random.Random, ctx: NoteContext) -> None:
        self.w = w
        self.rng = rng
        self.ctx = ctx
        self.newline_rate = rng.choice((0.05, 0.2, 0.45))
        self.frame_rate = rng.choice((0.0, 0.12, 0.25))
        self.at_line_start = True

    def _framed(self, banks: Fact) -> None:
        """The fact with an attribution or hedge: "Per mum, ...", "... (per school)"."""
        w = self.w
        rng = self.rng
        outer = w.mark()
        outer_line_start = self.at_line_start
        self.sep()
        prefix = rng.random() < 0.7
        if prefix:
            w.say(formats.FRAME_PREFIX)
        start_part = len(w.parts)
        start_pos = w.pos
        self.at_line_start = True  # no separator before the first bank
        self.sentence(banks)
        if w.pos == start_pos:  # the fact wrote nothing: drop the frame as well
            w.rollback(outer)
            self.at_line_start = outer_line_start
            return
        if prefix and len(w.parts) > start_part:
            first = w.parts[start_part]
            starts_span = any(a == start_pos for a, _, _ in w.spans[-4:])
            if first and not starts_span and first[:1].isupper() and first[1:2].islower():
                w.parts[start_part] = first[0].lower() + first[1:]
        elif not prefix and w.parts and w.parts[-1].endswith("."):
            w.parts[-1] = w.parts[-1][:-1]
            w.pos -= 1
            w.say(formats.FRAME_SUFFIX)
            w.lit(".")
        self.at_line_start = False

    def sep(self) -> None:
        if self.at_line_start:
            return
        self.w.lit("\n" if self.rng.random() < self.newline_rate else " ")
        self.at_line_start = False

    def sentence(self, banks: Fact, *, frame: bool = False) -> None:
        w = self.w
        if frame and self.rng.random() < self.frame_rate:
            self._framed(banks)
            return
        for bank in banks:
            if isinstance(bank, NegationList):
                self._neglist(bank.names)
                continue
            if isinstance(bank, FactorTag):
                options = FACTOR_WORDS[bank.name]
                self.ctx.factor_words = options[int(self.rng.random() * len(options))]
                continue
            if isinstance(bank, Wrapped):
                self._wrapped(bank)
                continue
            before = w.pos
            mark = len(w.parts)
            self.sep()
            after_sep = w.pos
            w.say(bank)
            if w.pos == after_sep:  # empty paraphrase: undo the separator
                del w.parts[mark:]
                w.pos = before
            else:
                self.at_line_start = False

    def _wrapped(self, fact: Wrapped) -> None:
        w = self.w
        ctx = self.ctx
        self.sep()
        before_prefix = w.pos
        w.say(fact.prefix)
        start_part = len(w.parts)
        start_pos = w.pos
        prefixed = start_pos > before_prefix
        saved = (ctx.perp, ctx.pw, ctx.perp_m)
        ctx.historic = fact.former
        if fact.former:
            ctx.perp = ctx.fam.ex_partner
            ctx.perp_m = ctx.perp.sex == "male"
            ctx.pw = ("ex-partner", "previous partner", "former partner")[
                int(self.rng.random() * 3)
            ]
        try:
            for i, bank in enumerate(fact.inner):
                if i:
                    w.lit(" ")
                w.say(bank)
            if prefixed and len(w.parts) > start_part:
                first = w.parts[start_part]
                starts_span = any(a == start_pos for a, _, _ in w.spans[-6:])
                if first and not starts_span and first[:1].isupper() and first[1:2].islower():
                    w.parts[start_part] = first[0].lower() + first[1:]
            w.lit(" ")
            w.say(fact.after)
        finally:
            ctx.perp, ctx.pw, ctx.perp_m = saved
            ctx.historic = False
        self.at_line_start = False

    def _neglist(self, names: tuple[str, ...]) -> None:
        rng = self.rng
        self.sep()
        self.w.say(NEGATION_LIST)
        words = [rng.choice(NEGATION_NAMES[n]) for n in names]
        if len(words) == 1:
            text = words[0]
        else:
            text = ", ".join(words[:-1]) + rng.choice((" or ", ", ", " and ")) + words[-1]
        self.w.lit(text + ".")
        self.at_line_start = False

    def bullets(self, items: list[Fact]) -> None:
        bullet = self.rng.choice(_BULLETS)
        numbered = bullet == ""
        w = self.w
        if not self.at_line_start:
            w.lit("\n")
        w.lit(self.rng.choice(("Concerns:\n", "Concerns include:\n", "Worries:\n", "")))
        for i, banks in enumerate(items, start=1):
            w.lit(f"{i}) " if numbered else bullet)
            self.at_line_start = True
            self.sentence(banks)
            w.lit("\n")
            self.at_line_start = True

    def block(self, text_bank: Bank) -> None:
        self.w.say(text_bank)
        self.at_line_start = self.w.parts[-1].endswith(("\n", " ")) if self.w.parts else True


#: Background facts (historic and negated mentions, previous involvement: none carries risk
#: beyond the structured fields) are left out once a note is this long, so that the facts that
#: do carry risk always fit under MAX_WORDS.
_BACKGROUND_WORDS = MAX_WORDS - 170


def compose(ep: Episode, rng: random.Random, *, mentions: bool = True) -> Note:
    """Write the note of one episode (deterministic for a given ``rng`` state).

    ``mentions=False`` writes the same kind of note without historic and negated mentions. A
    note that would still run past MAX_WORDS is rewritten from the same random state without
    them.
    """
    state = rng.getstate()
    note = _compose(ep, rng, mentions=mentions)
    if mentions and len(note.text.split()) > MAX_WORDS:
        rng.setstate(state)
        note = _compose(ep, rng, mentions=False)
    return note


def _room(w: Writer) -> bool:
    """Whether a background fact still fits (estimated from characters; ``compose`` checks the
    finished note exactly)."""
    return w.pos < _CHARS_PER_WORD * _BACKGROUND_WORDS


def _compose(ep: Episode, rng: random.Random, *, mentions: bool) -> Note:
    ctx = NoteContext(ep, rng)
    typo = 0.0 if rng.random() < 0.45 else rng.choice((0.01, 0.03, 0.06))
    lower = rng.random() < 0.04
    w = Writer(
        rng,
        SLOTS,
        ctx,
        typo_rate=typo,
        lower=lower,
        lexical_rate=(0.3, 0.55, 0.8)[int(rng.random() * 3)],
        clipped=0.5 if rng.random() < 0.25 else 0.0,
    )
    doc = _Doc(w, rng, ctx)
    kind = _pick_weighted(rng, _DOC_KINDS)
    groups = _fact_sentences(ep, ctx, mentions=mentions)
    source = ep.source
    fmt = source
    if source == "school" and ep.age < 5:
        fmt = "nursery"
    target = int(min(520, max(MIN_WORDS + 5, math.exp(rng.gauss(5.0, 0.55)))))

    body: list[Fact] = groups["main"] + groups["other"]
    people = groups["people"]
    background = groups["background"]
    section_facts: list[Fact] = []
    if kind == "referral_closure":
        # Engagement and protection read naturally in the closure section.
        section_facts = people[1:]
        people = people[:1]
    elif kind == "referral_mash":
        section_facts = [b for b in background if isinstance(b[0], NegationList)]
        background = [b for b in background if not isinstance(b[0], NegationList)]

    if kind in ("assessment", "closure"):
        doc.block(formats.ASSESSMENT_HEADERS if kind == "assessment" else formats.CLOSURE_HEADERS)
        for banks in body:
            doc.sentence(banks, frame=True)
        _fill(doc, ctx, "summary", target - 60)
        for banks in background:
            if _room(w):
                doc.sentence(banks)
        if kind == "assessment":
            doc.sentence((formats.ANALYSIS_LEAD,))
        for banks in people:
            doc.sentence(banks)
        _outcome(doc, ep)
    else:
        doc.block(formats.HEADERS[fmt])
        if source == "self" and ep.age >= 10:
            doc.block(_SELF_VOICE)
        use_list = fmt in ("school", "nursery", "neighbour", "anonymous", "health_visitor") and (
            len(body) >= 2 and rng.random() < 0.45
        )
        if use_list:
            doc.bullets(body)
        else:
            for banks in body:
                doc.sentence(banks, frame=True)
        order = [(b, True) for b in background] + [(b, False) for b in people]
        rng.shuffle(order)
        for banks, optional in order:
            if not optional or _room(w):
                doc.sentence(banks, frame=isinstance(banks[0], Wrapped))
        section_words = 0 if kind == "referral" else 45
        _fill(doc, ctx, fmt, target - section_words)
        sign = formats.SIGNOFF.get(fmt)
        if sign is not None:
            doc.sentence((sign,))
        if kind == "referral_mash":
            doc.w.say(formats.MASH_HEAD)
            doc.at_line_start = True
            for bank in rng.sample(formats.MASH_CHECKS, 1 + int(rng.random() * 3)):
                doc.sentence((bank,))
            for banks in section_facts:  # negation checklists: background
                if _room(w):
                    doc.sentence(banks)
            _outcome(doc, ep)
            doc.sentence((formats.MASH_SIGN,))
        elif kind == "referral_closure":
            doc.w.say(formats.CLOSURE_HEAD)
            doc.at_line_start = True
            for banks in section_facts:
                doc.sentence(banks)
            _outcome(doc, ep)
    if w.word_count() < MIN_WORDS:
        _fill(doc, ctx, fmt, MIN_WORDS + 15, force=True)
    raw = w.text()
    text = raw.strip()
    lead = len(raw) - len(raw.lstrip())
    spans = [(a - lead, b - lead, label) for a, b, label in w.spans]
    return Note(text, spans, kind)


_SELF_VOICE = Bank(
    "\"my name is {child_first}, i'm in {year}. [i don't know who else to tell|i need some "
    "help|please don't tell my {cw}].\"\n",
    "'im writing because i dont know what else to do.' - {child_first}, {age}\n",
)


def _outcome(doc: _Doc, ep: Episode) -> None:
    doc.sentence((formats.OUTCOME[ep.state.outcome],))


def _fill(doc: _Doc, ctx: NoteContext, fmt: str, target: int, *, force: bool = False) -> None:
    """Add neutral detail until the note reaches ``target`` words (never past MAX_WORDS)."""
    w = doc.w
    # Characters stand in for words while filling (about 6 per word in these notes); the
    # exact count is taken only near the hard limit.
    words = w.pos / _CHARS_PER_WORD
    if words >= target and not force:
        return
    rng = ctx.rng
    if fmt == "summary":
        pool = list(formats.FILLERS_SUMMARY) + list(formats.FILLERS_GENERAL)
    else:
        pool = list(formats.FILLERS_BY_SOURCE.get(fmt, ())) + list(formats.FILLERS_GENERAL)
        da = ctx.ep.state.factors.get("domestic_abuse")
        if fmt == "police" and da is not None and da.status == "current":
            pool += formats.FILLERS_POLICE_DA
    pool += details.DETAILS
    if ctx.sib is not None:
        pool.append(formats.FILLERS_SIB)
    if ctx.ep.family.background in placebank.LANGUAGES:
        pool.append(formats.FILLERS_INTERPRETER)
    rng.shuffle(pool)
    for bank in pool:
        if words >= target:
            break
        mark = w.mark()
        at_line_start = doc.at_line_start
        doc.sentence((bank,))
        new_words = w.pos / _CHARS_PER_WORD
        if w.pos > _SAFE_CHARS and w.word_count() > MAX_WORDS - 40:
            w.rollback(mark)
            doc.at_line_start = at_line_start
            break
        words = new_words
