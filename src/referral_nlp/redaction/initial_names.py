"""Where a capital letter belongs to a name: a surname's initial after a forename ("River O.",
"(Ella P)", "- Dave M:") and a dotted initial opening the value of a field a person fills
("Controller: R. Anand"). Out of ``name_tokens`` for length; the person recogniser reads both.
"""

from __future__ import annotations

import re

from referral_nlp.redaction.date_parts import WEEKDAY
from referral_nlp.redaction.english_words import holds_word
from referral_nlp.redaction.name_cues import ROLE_CUES
from referral_nlp.redaction.name_lists import AMBIGUOUS_NAMES, COMMON_NOUN_NAMES
from referral_nlp.redaction.name_tokens import sentence_start, text_at
from referral_nlp.redaction.vehicles import MAKES

__all__ = ["field_value_word", "surname_initial_after"]


#: A diary's weekday, whole or shortened as a day's heading writes it ("Thu D: cooking club").
_WEEKDAY_WORD = re.compile(WEEKDAY + r"\.?", re.IGNORECASE)
#: Labels of a form's field that a person fills ("Controller: R. Anand"), beside the roles.
_PERSON_FIELD_LABELS = ROLE_CUES | frozenset(
    """controller manager supervisor handler driver coordinator co-ordinator chair author by
    name signed signature contact lead practitioner caseworker keyworker clinician consultant
    doctor solicitor advocate guardian volunteer operator leader coach dispatcher""".split()
)


def surname_initial_after(doc, i: int, firsts, english) -> bool:
    """The initial ``doc[i + 1]`` after the forename ``doc[i]`` is its surname's: with a full
    stop ("River O."), or without one before a bracket, a comma or the end ("(Ella P)", "Sophie O
    (MDS)"), or as a speaker's label opening a line ("- Dave M: she was there"), after a forename
    no English word or car's make shares ("Child A", "Willow B", "Autumn B", "Kia C"), and never
    "A" or "I"."""
    if text_at(doc, i + 1).endswith("."):
        return True
    closes = text_at(doc, i + 2) in {")", "(", ",", ";", ""} or (
        # A speaker's label: in title case ("ISA B:" is a savings account's).
        text_at(doc, i + 2) == ":"
        and sentence_start(doc, i)
        and text_at(doc, i - 1) != ":"
        and doc[i].text.istitle()
        and not _WEEKDAY_WORD.fullmatch(doc[i].text)
    )
    return (
        closes
        and doc[i].lower_ in firsts
        and doc[i].lower_ not in AMBIGUOUS_NAMES
        and doc[i].lower_ not in COMMON_NOUN_NAMES
        and doc[i].lower_ not in MAKES  # "Mercedes C", "Kia C": a car's make and model
        and (english is None or not holds_word(english, doc[i].lower_))
        and text_at(doc, i + 1) not in {"A", "I"}
    )


def field_value_word(doc, k: int, english) -> bool:
    """``doc[k]`` is the second word of the value of a field a person fills, after the label's
    colon, and no dictionary holds it ("Controller: R. Anand"; "Plan: A. Review" is a list's
    item, "Organism: E. Coli" a germ)."""
    return (
        k >= 3
        and text_at(doc, k - 2) == ":"
        and doc[k - 3].lower_ in _PERSON_FIELD_LABELS
        and english is not None
        and not holds_word(english, doc[k].lower_)
    )
