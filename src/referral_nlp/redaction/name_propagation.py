"""Later mentions of a name already found: "Sarah" after "Sarah JONES", "reece" after "Reece Smith".

The recognisers and NER find a name where its shape or a cue shows it; the note then goes on to
use a part of it alone. Once one mention is found, every later whole-word mention of a part of it
is the same person, within the limits :func:`propagate_names` sets for words that are names and
everyday words at once.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.english_words import holds_word, near_word
from referral_nlp.redaction.initials import could_be_initials
from referral_nlp.redaction.name_cues import FINITE_PERSON_VERBS, KIN_ROLES, NOT_SUBJECT_NAMES
from referral_nlp.redaction.name_lists import AMBIGUOUS_NAMES, PARTICLES, TITLES, first_names
from referral_nlp.redaction.name_lists import surnames as surname_list
from referral_nlp.redaction.name_tokens import CALENDAR_WORDS
from referral_nlp.redaction.spans import Entity
from referral_nlp.redaction.vocabulary import (
    FIELD_WORDS_AS_WRITTEN,
    INSTITUTIONAL_WORDS,
    PERSON_ROLE_WORDS,
    SOCIAL_CARE_TERMS,
    alternation,
)

_TITLE_WORDS = TITLES | PARTICLES
_NAME_PART = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*")


#: A verb form no modal stands before: "will said", "may told" are the note's Will and May.
def _verb_after(verbs: frozenset[str]) -> re.Pattern[str]:
    """One of ``verbs`` straight after a mention, one space on (longest first)."""
    return re.compile(r"[ ](?:" + "|".join(sorted(verbs, key=len, reverse=True)) + r")\b")


_PERSON_VERB_AFTER = _verb_after(FINITE_PERSON_VERBS)
#: ... and what a child does that a department or a plan does not: after initials that are also
#: a word of the field ("ED arrived late", never "ED was busy" or "CP was agreed").
_CHILD_VERB_AFTER = _verb_after(
    FINITE_PERSON_VERBS
    | frozenset("arrived came went ran refused asked walked hit kicked punched slept ate".split())
)


def propagate_names(
    text: str,
    entities: Sequence[Entity],
    score: float = 0.6,
    english: Container[str] | None = None,
) -> list[Entity]:
    """Later mentions of any part of a name already found ("Sarah" after "Sarah JONES").

    Matches are whole words, in any case, so "sarah" and "SARAH" count too; an ambiguous part
    (Will, Rose, May) only counts where it is capitalised, and a lower-case part only when it is
    a known first name, was written capitalised as this note's forename, or was found in lower
    case and no dictionary holds it, or, for a name that is also a word (Will, May), when a
    verb no modal stands before follows it ("will said").
    ``english`` is the dictionary (lower-case words) that tells a forename no list holds from a
    word before a known surname; without one, only listed forenames are taken there.
    """
    firsts = first_names()
    parts: set[str] = set()
    # Forenames the note wrote capitalised: a later lower-case mention is the same person
    # ("Reece Smith" ... "first referral for reece"), unless the word is also an everyday one.
    forenames: set[str] = set()
    # Last words of full names: a capitalised word straight before a later mention is that
    # mention's forename ("Zaynab Rahman" in a note that named "Shahid Rahman").
    surnames: set[str] = set()
    # Initials found in lower case ("SW kd"): a later lower-case mention is the same person
    # ("kd to request"). Those found in capitals spread in capitals only, as other names do
    # ("Fiona Brown (FB)" is no reason to take "messaged her on fb").
    initials: set[str] = set()
    # Words found in lower case as a name that no list and no dictionary holds ("her ex
    # abdikarim"): nothing else is written so, so a later lower-case mention is the same person
    # ("dont give to abdikarim"). A word that NER swept into a lower-case span with the name
    # ("kacper texting") is a word in some form, or a slip of one, and does not count.
    unheld: set[str] = set()
    for e in entities:
        if e.entity_type != taxonomy.PERSON:
            continue
        span_text = text[e.start : e.end]
        names = [
            p
            for p in _NAME_PART.findall(span_text)
            if len(p) > 1
            and p.lower() not in _TITLE_WORDS
            # A word of the field is no name part, unless a rule took it alone as initials
            # in capitals ("Esmeralda Dudas (ED)" ... "ED arrived late"): then it is one
            # where it acts as a person does (below).
            and (p.lower() not in SOCIAL_CARE_TERMS or (p.isupper() and p == span_text))
            and p.lower() not in INSTITUTIONAL_WORDS
            # A function word that NER swept into a span ("x3 + no GP registration") would
            # otherwise be redacted everywhere ("NHS No"); a capitalised forename that is one
            # stays ("Will Hughes").
            and (p.lower() not in STOP_WORDS or (p[0].isupper() and p.lower() in firsts))
        ]
        parts.update(p.lower() for p in names)
        # A forename found in lower case follows the forename rules below, not these.
        one = names[0] if len(names) == 1 else ""
        if len(one) > 1 and one.islower() and could_be_initials(one) and one not in firsts:
            initials.add(one.lower())
        unheld.update(p for p in names if p.islower() and p not in firsts and _unheld(p, english))
        if len(names) > 1 and names[-1].lower() != names[0].lower():
            surnames.add(names[-1].lower())
        # Only from a full name: a lone capitalised word may be no name at all ("Salesperson").
        if (
            len(names) > 1
            and names[0][0].isupper()
            and not names[0].isupper()
            and len(names[0]) > 2
        ):
            low = names[0].lower()
            if low not in STOP_WORDS and low not in AMBIGUOUS_NAMES:
                forenames.add(low)
    if not parts:
        return []
    # Initials that are also a word of the field ("ED", "CP"): the note uses the word too.
    field_initials = parts & SOCIAL_CARE_TERMS
    pattern = re.compile(
        # ... or with a possessive's "s" and no apostrophe, as hurried notes and chats write
        # it ("at Dannys", "2 kyles house"); checked below.
        # An apostrophe glued to a letter joins a name ("O'Brien"); after a space it opens a
        # quote, and the quoted mention counts ("posting with 'Smokey'").
        r"(?<![\w-])(?<!\w['’])(" + alternation(parts) + r")(s?)(?![\w-])",
        re.IGNORECASE,
    )
    found: list[Entity] = []
    # Where a person span (or an accepted mention) ends: a name part straight after it, one
    # space on, continues that name in any case ("olivia thompson" after "Mrs Thompson").
    person_ends = {e.end for e in entities if e.entity_type == taxonomy.PERSON}
    person_starts = {e.start for e in entities if e.entity_type == taxonomy.PERSON}
    for m in pattern.finditer(text):
        word = m.group(1)
        # "Chloe Price (CP)" ... "CP plan remains", "Attended ED": the field's word, unless a
        # person's verb follows it ("ED arrived late again") or a rule found it as a name.
        if (
            word.lower() in field_initials
            and not _CHILD_VERB_AFTER.match(text, m.end(1))
            and m.start(1) not in person_starts
        ):
            continue
        if word in FIELD_WORDS_AS_WRITTEN:
            continue  # "STORM log 1234" in a note about a child called Storm
        continues_name = text[m.start(1) - 1 : m.start(1)] == " " and (
            (m.start(1) - 1) in person_ends
        )
        # A lower-case mention counts only for a known first name ("sarah") or as the next word
        # of a name; surnames are often words too ("house", "legal"), and those count only
        # where capitalised.
        low = word.lower()
        if low in AMBIGUOUS_NAMES and _used_as_word(text, m.start(1), m.end()):
            continue  # "Over the Summer", "Hope this helps", "Holly class": the word
        if m.group(2) and not _possessive_forename(low, firsts):
            continue  # "Wills", "has" (after "HA"), "jeans", "wards": only a plain forename
        if not word[0].isupper() and not continues_name and low in _LOWER_NOT_NAMES:
            continue  # NER's "Skills to Foster" as a PERSON must not take "in foster care"
        if (
            not word[0].isupper()
            and not continues_name
            and low not in forenames
            and low not in initials
            and low not in unheld
            and (low not in firsts or low in AMBIGUOUS_NAMES)
            and not (low in AMBIGUOUS_NAMES and _PERSON_VERB_AFTER.match(text, m.end(1)))
        ):
            continue
        start = m.start(1)
        if low in surnames:
            start = _forename_start(text, start, firsts, parts, english)
        found.append(Entity(start, m.end(), taxonomy.PERSON, score))
        person_ends.add(m.end())
    return found


#: Words before a name that is also a word which show the word: "the Summer", "last May".
_WORD_BEFORE_WORD_NAME = re.compile(r"(?i:\b(?:the|a|an|this|last|next|every|each)[ ]$)")
#: Words after one: "Hope this helps", "Grace period", "Holly class". Only these: "that Amber",
#: "of Holly", "Summer to nursery" and "Will not yet seen" are the child.
_WORD_AFTER_WORD_NAME = re.compile(r"[ ](?i:this|you|period|class|term|holiday|holidays)\b")


def _used_as_word(text: str, start: int, end: int) -> bool:
    """A name that is also a word (``AMBIGUOUS_NAMES``) stands where the word does: after an
    article or a possessive, or before what follows the verb, the season or the noun."""
    return (
        _WORD_BEFORE_WORD_NAME.search(text, max(0, start - 8), start) is not None
        or _WORD_AFTER_WORD_NAME.match(text, end) is not None
    )


def _possessive_forename(low: str, firsts) -> bool:
    """``low`` + "s" is a forename's possessive without its apostrophe ("dannys", "hodans"):
    a first name of four letters or more that is no surname, no everyday word, and whose
    "s" form is no word or name itself ("jean" -> "jeans", "ward" -> "wards", "ha" -> "has")."""
    plural = low + "s"
    return (
        len(low) >= 4
        and low in firsts
        and low not in surname_list()
        and low not in AMBIGUOUS_NAMES
        and plural not in STOP_WORDS
        and plural not in firsts
        and plural not in surname_list()
    )


#: Words a note writes in lower case as roles, field words or days, which a first-name list may
#: hold too ("foster", "nan", "junior", "sunday"): in lower case they are never a later mention.
_LOWER_NOT_NAMES = SOCIAL_CARE_TERMS | PERSON_ROLE_WORDS | NOT_SUBJECT_NAMES | CALENDAR_WORDS

#: The word before a mention, one space away; a double forename counts whole ("Anne-Marie").
_WORD_BEFORE = re.compile(r"(?<![\w'’-])([^\W\d_][^\W\d_'’]*(?:[-'’][^\W\d_]+)*)[ ]$")
#: Words that stand capitalised before a surname and are not forenames, even where the lists
#: hold them as first names too.
_NOT_FORENAMES = (
    (_TITLE_WORDS | STOP_WORDS | SOCIAL_CARE_TERMS | INSTITUTIONAL_WORDS | PERSON_ROLE_WORDS)
    | CALENDAR_WORDS
    | AMBIGUOUS_NAMES
)


def _forename_start(
    text: str,
    start: int,
    firsts: frozenset[str],
    parts: set[str],
    english: Container[str] | None = None,
) -> int:
    """Start of the forename before a known surname at ``start``, or ``start`` itself.

    The word straight before, one space away, counts when it is a capitalised known first name
    (each part of a double one) that is no title, role, field or everyday word: "Zainab Rahman"
    in a note that named "Shahid Rahman"; before a mention in lower case, in lower case too
    ("fahim siddiqui"). Any capitalised word would take "Sports Day",
    "Town Hall" and "Reverend Khan" once a family is called Day, Hall or Khan; a word that
    no list and no dictionary holds counts too before a surname that is no word either ("Dewi
    Prosser" after "Catrin Prosser"), as Welsh, Irish and many other forenames are in no list.
    A word that is a part of a name found already is a mention of its own.
    """
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if m is None:
        return start
    word = m.group(1)
    low = word.lower()
    pieces = re.split(r"[-'’]", low)
    # Before a mention in lower case, a lower-case forename counts too: a hurried note writes
    # the whole name so ("re fahim khatun" after "Fahim KHATUN").
    lower_pair = word.islower() and text[start : start + 1].islower()
    # ... but not a family role or the field's shorthand, which a capitalised word before a
    # surname seldom is and a lower-case one often is ("stepdad adnan", "chn conor doyle"):
    # an unlisted lower-case forename must be a word no dictionary holds (``_unheld``).
    if lower_pair and (
        low in KIN_ROLES or (not all(p in firsts for p in pieces) and not _unheld(low, english))
    ):
        return start
    if (
        not (word[0].isupper() or lower_pair)
        or word.isupper()
        or low in parts
        or low in _NOT_FORENAMES
        or not (
            all(p in firsts and p not in _NOT_FORENAMES for p in pieces)
            or (_unknown_word(word, pieces, english) and _unknown_surname(text, start, english))
        )
    ):
        return start
    return m.start(1)


def _unheld(low: str, english: Container[str] | None) -> bool:
    """``low`` (lower case) is four letters or more, and the dictionary holds it in no regular
    form ("texting" is held) and as no slip of a word ("partnr", "meds", "chn" are not names):
    nothing but a name is written so. Without a dictionary there is no telling: False."""
    return (
        english is not None
        and len(low) > 3
        and not holds_word(english, low)
        and not near_word(english, low)
    )


def _unknown_word(word: str, pieces: list[str], english: Container[str] | None) -> bool:
    """``word`` is letters only, three or more, and no piece of it is an English word in any
    regular form ("Sports", "Visited" are words; the dictionary holds base forms)."""
    return (
        english is not None
        and len(word) >= 3
        and all(
            p.isalpha() and p not in _NOT_FORENAMES and not holds_word(english, p) for p in pieces
        )
    )


def _unknown_surname(text: str, start: int, english: Container[str] | None) -> bool:
    """The surname at ``start`` is no English word either: before "Price", "Field" or "Brown"
    an unknown word is a brand or a place as often ("Asda Price", "Primark Brown")."""
    m = _NAME_PART.match(text, start)
    return m is not None and _unknown_word(m.group(0), [m.group(0).lower()], english)
