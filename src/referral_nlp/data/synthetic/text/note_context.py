"""The people, places, dates and identifiers of one note, each made on first use.

A :class:`NoteContext` draws the note's style (capitals, lower-case names, one date format or a
mix) and its role words ("mum", "stepdad", "maternal grandmother"), then makes each person,
place, date and identifier the first time a slot asks for it, so a note that never names the
hospital never draws one. Its rendering helpers format personal data as slot values (text and
label), so every span comes from here or from :mod:`.slots`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from functools import cached_property

from referral_nlp.data.synthetic import labels as tx
from referral_nlp.data.synthetic import pii, placebank
from referral_nlp.data.synthetic.pii import Person
from referral_nlp.data.synthetic.text import formats
from referral_nlp.data.synthetic.text.engine import SlotValue
from referral_nlp.data.synthetic.timeline import Episode

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
