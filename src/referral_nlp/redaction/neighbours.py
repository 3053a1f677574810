"""Inferences from a detected name to what stands next to it.

Some personal data is only recognisable beside a name: the bare number in "Maisie (8)" or
"Jordan ASHWORTH, 16," is an age, and the quoted word in "Zuzanna WISNIEWSKA ("Zuza")" is the
name she goes by. Neither can be a pattern on its own (a bracketed number is as often a count), so
these rules run after the recognisers, on the PERSON spans they found. The same holds for the
initials a note defines beside a name ("Jo Parr (JP)", "SW: hf (Hannah Forsyth)") and then uses
alone ("JP to chase"): two capitals are an abbreviation as often as a person, but those that spell
the name beside them are that person's, and the redactor's name propagation finds their later
mentions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.initials import (
    PROFESSIONAL_ABBREVIATIONS,
    ROLE_ABBREVIATIONS,
    SHORT_WORDS,
    could_be_initials,
)
from referral_nlp.redaction.name_cues import INTERJECTIONS, KIN_ROLES, REPLY_WORDS
from referral_nlp.redaction.name_lists import TITLES, surnames
from referral_nlp.redaction.recognizers.age_recognizer import WORD_NUMBER
from referral_nlp.redaction.recognizers.caps_nominal_recognizer import in_nominal_slot
from referral_nlp.redaction.spans import Entity
from referral_nlp.redaction.vocabulary import SOCIAL_CARE_TERMS

_UNIT = (
    r"(?:months?|mths?|weeks?|wks?|yrs?|years?(?:\s+old)?|yo|y/o"
    # Health forms' shorthand: "Ana-Maria 8y", "Zara 4y 6m".
    r"|y(?:[ ]?\d{1,2}m)?(?![\w/]))"
)
#: An age right after a name: "(8)", "(10.5)", "(10 months)", ", 16,", " 29,", " 32 yrs", an
#: estimate (", approx 22yrs,"); not the hour of a time that opens the next line ("08.45").
#: A family role in brackets between a name and its age: "Mairead Nic (mother), 34,", "Shah
#: MIAH (husband, 39)".
_KIN_IN_BRACKETS = (
    "(?i:(?:maternal|paternal|birth|foster|step|half|great)[ -]?)?"
    "(?i:" + "|".join(sorted(KIN_ROLES, key=len, reverse=True)) + ")"
)
_AGE_AFTER_NAME = re.compile(
    # A form's sex may stand before it: "Larisa Dobre, F, 22,".
    r"\)?(?:\s*,\s*(?:(?-i:[MF])[ ]?,[ ]?)?|\s+|\s*\(\s*)"
    r"(?P<estimate>(?:approx\.?|about|roughly)[ ])?"
    # A word for the number only in brackets or after a comma: "Reece (six)", "Tash, seventeen,".
    # Not "one", which starts a list or a phrase as often ("Leah Moss, one of ...").
    r"(?P<age>(?:\d{1,2}(?:\.5|½)?|(?:(?<=[(,])|(?<=[(,][ ]))(?!one\b|zero\b)"
    + WORD_NUMBER
    + r"\b)"
    r"(?P<unit>\s*" + _UNIT + r")?)"
    # ... or, after an age with its unit, the end of a table's cell or a "+" joining a list
    # ("Ana-Maria 8y + Cristian 5y"; "Appendix 3 |" is no age).
    r"(?=\s*\)|\s*[,;.](?!\d)|\s+(?:and|&|in|at|is|was|who|lives?|living|with)\b|\s*$"
    r"|(?<=[A-Za-z])(?:[ ]?\+[ ]|\t|[ ]?\|))",
)
#: ... or the role in brackets, and a bare number closing a clause: "Mairead Nic (mother), 34,",
#: "Shah MIAH (husband, 39)"; "(mother), 4 in total" and "(boyfriend, 6 months)" are no age.
_AGE_AFTER_KIN = re.compile(
    r"[ ]?\(" + _KIN_IN_BRACKETS + r"(?:\),[ ]?|[ ]?,[ ]?)(?P<age>\d{1,2})(?=[ ]?[),;])"
)
#: "is 15", "turned 16", "aged 12" right after a name ("my son ethan is 15").
_AGE_AFTER_NAME_COPULA = re.compile(
    r"\s+(?:is|was|turned|turns|is\s+now|aged)\s+(?:about\s+|nearly\s+|only\s+|just\s+)?"
    r"(?P<age>\d{1,2})(?![\d.,:/]|\s*(?:%|am|pm|mins?|minutes?|hours?|hrs?|miles?|times|th|x)\b)"
)
#: A nickname in quotes, alone or in brackets, right after a name: ' ("Zuza")', ' "Mo"', or
#: after a dash or a comma: 'boyfriend Kai – "KJ"'.
#: No two whitespace runs stand side by side, which would make a long run of spaces after a
#: name quadratic to reject (a review measured 2.5 s per 10 KB).
_NICKNAME_AFTER_NAME = re.compile(
    r"\s*(?:[–\-,]\s*)?(?:\(\s*)?(?:(?:known\s+as|a\.?k\.?a\.?)\s+)?"
    r"[\"“'‘](?P<nick>[A-Z][\w'’\-]{1,20})[\"”'’]\s*\)?"
)
#: An alias unquoted after "a.k.a." or "known as": "Jayden Okafor a.k.a. JJ".
_ALIAS_AFTER_NAME = re.compile(
    r"(?:\s*,\s+|\s+)(?:a\.k\.a\.?|aka|AKA|known\s+as)\s+(?P<nick>[A-Z][\w'’\-]{0,20}(?:\s[A-Z][\w'’\-]{0,20})?)"
    r"(?![\w'’\-])"
)
#: What a quote after a name may hold that names no one: a reply, a greeting, a word.
_NOT_NICKNAMES = INTERJECTIONS | REPLY_WORDS | STOP_WORDS
#: A double-barrelled surname after a name spaCy ended early ("Harjinder Kaur Sandhu-Bains"):
#: both parts capitalised and surnames the lists know, and no service's words ("Amy Clark
#: Early-Help", "Ben Carter Well-Being": "early" and "well" are surnames too).
_SERVICE_WORDS = frozenset("early well self day key child health family help care".split())
#: A word in capitals straight before a name in capitals: police nominal lines write the
#: surname first ("SUBJECT 4: WARD PADDY", "ON ARRIVAL GRABOWSKI SZYMON WAS").
_CAPS_WORD_BEFORE = re.compile(r"(?<![\w'’\-])(?P<surname>[A-Z][A-Z'’\-]*[A-Z])[ ]\Z")
_DOUBLE_SURNAME_AFTER = re.compile(r"[ ](?P<surname>[A-Z][a-z'’]+-[A-Z][a-z'’]+)(?![\w\-])")
#: An officer's collar number after the name: "PC Frith (collar 2219)", "DC Amin, collar no.
#: 5512,", and a driver's or guard's number alone in brackets after "#" ("D. Mahmood (#1123)";
#: with one or two digits it is a list's item or a footnote: "Paul Smith (#21)").
#: Beside a name it identifies the officer as the name does (a PERSON, as the number in
#: "PC 4471 HARRIS" is); alone ("collar 4471") it stays.
_COLLAR_AFTER_NAME = re.compile(
    r"[ ]?[(,][ ]?(?i:collar)(?:[ ]?(?i:no\b\.?|number))?[ ]?[:#]?[ ]?"
    r"(?P<collar>[0-9]{2,6})\b"
    r"|[ ]?\(#(?P<badge>[0-9]{3,6})\)"
)
#: ... or straight after an officer's rank and name, with no word for it: "PC Whitehouse 7712."
#: Only before punctuation, "and" or the line's end, and no year or service number: a number
#: that a word follows is a time, a count or a distance ("PC Jones 150 metres", "DC Amin 0930
#: attended").
_OFFICER = re.compile(r"(?:PC|DC|PS|DS|Sgt|PCSO|WPC|DI|DCI|Insp)\.?[ ]")
_BARE_COLLAR_AFTER_OFFICER = re.compile(
    r"[ ](?!(?:19|20)[0-9]{2}\b|(?:999|101|111|112)\b)(?P<collar>[0-9]{3,6})\b"
    r"(?=[ ]?(?:[.,;:)]\D|[.,;:)]?$|[ ](?:and|&)[ ])|\n)"
)
#: Initials in brackets after a name, or after its role: "Jo Parr (JP)", "Teresa McGinley
#: (TMcG)", "Jordan Ames, Library Assistant (JA)".
#: In the brackets a role may stand beside them ("Sol Adeyemi (SA, TA)", "Tom Fairhurst
#: (neonatal reg, TF)"), and the name may close a bracket of its own ("Dami (Oludamilare
#: Peters) (OP)").
_BRACKET_AFTER_NAME = r"\)?(?:,(?:[ ][A-Za-z]+){1,3})?[ ]?\([ ]?"
_INITIALS_IN_BRACKETS = r"(?P<initials>[A-Za-z][A-Za-z\-]{1,6})"
_ROLE_IN_BRACKETS = r"[A-Za-z][A-Za-z ]{0,24}"
_INITIALS_AFTER_NAME = (
    re.compile(
        _BRACKET_AFTER_NAME
        + _INITIALS_IN_BRACKETS
        + r"(?:,[ ]?(?P<role>"
        + _ROLE_IN_BRACKETS
        + r"))?[ ]?\)"
    ),
    re.compile(
        _BRACKET_AFTER_NAME
        + r"(?P<role>"
        + _ROLE_IN_BRACKETS
        + r"),[ ]?"
        + _INITIALS_IN_BRACKETS
        + r"[ ]?\)"
    ),
)
#: Initials before a name in brackets, or in a key of who is who: "SW: hf (Hannah Forsyth)",
#: "Staff: DK = Dariusz Kaminski | SM = Shauna McGinley".
_INITIALS_BEFORE_NAME = re.compile(r"(?<![\w\-])(?P<initials>[A-Za-z]{2,4})[ ]?[(=][ ]?$")
_NAME_WORD = re.compile(r"[^\W\d_]+")
_SCORE = 0.6
_LEADING_NUMBER = re.compile(r"\d+")


def _follows(pattern: re.Pattern[str], text: str, pos: int, *groups: str) -> tuple[int, int] | None:
    """The span of the first of ``groups`` that took part in ``pattern``'s match at ``pos``."""
    m = pattern.match(text, pos)
    if m:
        for group in groups:
            if m.start(group) >= 0:  # the alternative that matched
                return m.span(group)
    return None


def entities_beside_names(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """AGE and PERSON spans that stand right after a detected PERSON."""
    found: list[Entity] = []
    for e in entities:
        if e.entity_type != taxonomy.PERSON:
            continue
        pos = e.end
        for pattern in (_NICKNAME_AFTER_NAME, _ALIAS_AFTER_NAME):
            nick = _follows(pattern, text, pos, "nick")
            if nick and text[nick[0] : nick[1]].lower() not in _NOT_NICKNAMES:
                found.append(Entity(nick[0], nick[1], taxonomy.PERSON, _SCORE))
                pos = pattern.match(text, pos).end()
                break
        for pattern in (_AGE_AFTER_NAME, _AGE_AFTER_KIN, _AGE_AFTER_NAME_COPULA):
            m = pattern.match(text, pos)
            # An estimate needs its unit: "approx 22yrs" is an age, "about 4" a time as often.
            if m and m.groupdict().get("estimate") and not m.groupdict().get("unit"):
                continue
            age = m.span("age") if m else None
            number = _LEADING_NUMBER.match(text, age[0], age[1]) if age else None
            # A number word is 99 at most; digits may be a count or a year instead ("Sam 120").
            if age and (number is None or int(number.group(0)) <= 110):
                found.append(Entity(age[0], age[1], taxonomy.AGE, _SCORE))
                break
        surname_first = _caps_surname_before(text, e)
        if surname_first:
            found.append(Entity(*surname_first, taxonomy.PERSON, _SCORE))
        tail = _DOUBLE_SURNAME_AFTER.match(text, e.end)
        parts = tail["surname"].lower().split("-") if tail else []
        if parts and all(p in surnames() and p not in _SERVICE_WORDS for p in parts):
            found.append(Entity(*tail.span("surname"), taxonomy.PERSON, _SCORE))
        collar = _follows(_COLLAR_AFTER_NAME, text, e.end, "collar", "badge")
        if collar is None and _OFFICER.match(text, e.start):
            collar = _follows(_BARE_COLLAR_AFTER_OFFICER, text, e.end, "collar")
        if collar:
            found.append(Entity(*collar, taxonomy.PERSON, _SCORE))
        before = _INITIALS_BEFORE_NAME.search(text, max(0, e.start - 8), e.start)
        for m in (*(p.match(text, e.end) for p in _INITIALS_AFTER_NAME), before):
            if (
                m
                and spells_name(m.group("initials"), text[e.start : e.end])
                # Beside a role, the role's own abbreviation is as likely: "Oliver Thomas
                # (therapist, OT)", "Paula Adams (personal adviser, PA)".
                and not (m.groupdict().get("role") and _names_role(m["initials"], m["role"]))
            ):
                found.append(Entity(*m.span("initials"), taxonomy.PERSON, _SCORE))
    return found


def _caps_surname_before(text: str, name: Entity) -> tuple[int, int] | None:
    """The span of a listed surname in capitals straight before a name in capitals, in a
    police nominal's slot ("SUBJECT: WARD PADDY DOB"); a word of the field, a title or a stop
    word there is none ("SUSPECT MARK", "MR JONES"), nor a word in running capitals ("ON WARD
    SOPHIE WAS")."""
    if not text[name.start : name.end].isupper():
        return None
    m = _CAPS_WORD_BEFORE.search(text, max(0, name.start - 40), name.start)
    low = m["surname"].lower() if m else ""
    if not m or low not in surnames() or low in _SERVICE_WORDS:
        return None
    if not in_nominal_slot(text, m.start("surname"), name.end):
        return None
    if low in SOCIAL_CARE_TERMS or low in STOP_WORDS or low.rstrip(".") in TITLES:
        return None
    return m.span("surname")


def spells_name(initials: str, name: str) -> bool:
    """``initials`` are those of ``name``: its capitals in order ("TMcG" for "Teresa McGinley").

    A word in one case gives its first letter; a middle name's initial may be added ("SJS" for
    "Sarah Smith"); lower-case letters may follow a capital from its word ("HPr" for "Hollie
    Pryce"). A forename alone takes a surname's initial after its own ("Chelsea (CD)"), a titled
    surname a forename's before ("Dr Khan (KK)"); as those spell less of the name, they must
    also be no word or abbreviation (:func:`could_be_initials`). The field's own words never
    count ("Sam Wood (SW)"): a note that uses both means the role.
    """
    letters = initials.replace("-", "")
    # Titles and a role before the name are no part of it: "MW Fiona Carr (FC)".
    words = [
        w
        for w in _NAME_WORD.findall(name)
        if w.lower() not in TITLES
        and not (
            w.isupper() and (w in PROFESSIONAL_ABBREVIATIONS or w.lower() in SOCIAL_CARE_TERMS)
        )
    ]
    low = letters.lower()
    # A function word in capitals that spells the whole name is its initials: "Graham Oakes
    # (GO)", "Amy Smith (AS)"; in lower case, or spelling a part, it is as often the word.
    spelt_in_capitals = (
        letters.isupper() and len(words) > 1 and letters == "".join(w[0].upper() for w in words)
    )
    if not words or (low in STOP_WORDS and not spelt_in_capitals):
        return False
    # A word of the field that spells the whole name in capitals is its initials too ("Esmeralda
    # Dudas (ED)", "Ilie Dudas (ID)"), unless it names a professional's role: "Sam Wood (SW)"
    # in a note is the social worker Sam Wood.
    if low in SOCIAL_CARE_TERMS and not (spelt_in_capitals and low not in ROLE_ABBREVIATIONS):
        return False
    if letters.islower() and low in SHORT_WORDS:
        return False  # "cc (Chris Cole)": a copy, not Chris's initials
    if letters.islower():
        wanted = letters.upper()
    elif letters[0].isupper():
        wanted = _capitals(letters)
    else:
        return False  # "jP": no way of writing initials
    if len(words) == 1:
        titled = len(words) < len(_NAME_WORD.findall(name))
        initial = words[0][0].upper()
        return (
            len(wanted) == 2
            and could_be_initials(letters)
            and (wanted[1] if titled else wanted[0]) == initial
        )
    caps = "".join(w[0].upper() if w.isupper() or w.islower() else _capitals(w) for w in words)
    firsts = "".join(w[0].upper() for w in words)  # "KM" for "Kate MacLeod" as well as "KML"
    if wanted in (caps, firsts):
        return _in_order(low, "".join(words).lower())
    # A middle name's initial that the name as written leaves out: "SJS" for "Sarah Smith".
    return (
        letters.isupper()
        and could_be_initials(letters)
        and len(wanted) == len(caps) + 1
        and (wanted[0], wanted[-1]) == (caps[0], caps[-1])
    )


def _names_role(initials: str, role: str) -> bool:
    """``initials`` abbreviate a professional's role, or the ``role`` words beside them."""
    low = initials.replace("-", "").lower()
    return low in ROLE_ABBREVIATIONS or low == "".join(w[0] for w in role.lower().split())


def _capitals(word: str) -> str:
    return "".join(c for c in word if c.isupper())


def _in_order(letters: str, within: str) -> bool:
    """Every letter of ``letters`` stands in ``within``, in that order."""
    rest = iter(within)
    return all(c in rest for c in letters)
