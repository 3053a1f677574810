"""Every slot a template may use, each filled from the note's :class:`NoteContext`.

A filler returns the slot's text and its personal-data label (``None`` for words that are not
personal data), or a list of such pieces for composite slots (a household line, the children
with their ages).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from referral_nlp.data.synthetic import labels as tx
from referral_nlp.data.synthetic import pii, placebank
from referral_nlp.data.synthetic.text import formats
from referral_nlp.data.synthetic.text.engine import SlotValue
from referral_nlp.data.synthetic.text.note_context import NoteContext
from referral_nlp.data.synthetic.timeline import add_years

_WEEKDAYS = ("Mon", "Tues", "Weds", "Thurs", "Fri", "Sat", "Sun")
_WEEKDAYS_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _ordinal_words(rng: random.Random, n: int) -> str:
    words = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")
    if n <= len(words) and rng.random() < 0.5:
        return words[n - 1]
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


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
