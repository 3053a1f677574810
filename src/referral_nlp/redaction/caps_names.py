"""Full names inside a line written wholly in capitals: "OFFICERS SPOKE TO JANE THOMPSON AT THE
SCENE", "SUSPECT PETER ELLIS LEFT THE ADDRESS".

In capitals every word looks like a name token, so the person recogniser's run of name words
swallows the line ("TO JANE THOMPSON AT THE SCENE"), no rule takes the whole run, and the name
inside it leaked unless a police cue ("MALE", "DRIVER") stood before it. Inside such a run, two
or three words are a full name when the first is a listed first name that is no everyday word,
the last a listed surname or a word no dictionary holds, any middle word a listed name, and at
least one of first and last is no English word: "JANE THOMPSON", "GARETH WYN PARRY", "STACEY
GREEN"; not "CHRISTIAN FAMILY" or "MAY BE", whose words the dictionary holds or the lists call
ambiguous. Without a dictionary nothing is taken.
"""

from __future__ import annotations

from referral_nlp.redaction.english_words import holds_word
from referral_nlp.redaction.name_lists import (
    AMBIGUOUS_NAMES,
    COMMON_NOUN_NAMES,
    MODAL_NAMES,
    PARTICLES,
    PLACE_WORDS,
)
from referral_nlp.redaction.name_tokens import (
    CALENDAR_WORDS,
    DETERMINERS,
    HYPHENS,
    is_caps_word,
    is_field_term,
    is_initial,
    text_at,
)

__all__ = ["full_names_in_capitals", "in_capitals_line", "name_in_capitals_end"]

#: Words before a noun, not before a name: "A MARK APPROX 3CM", "HIS JACK RUSSELL".
_DETERMINERS = DETERMINERS | {"that"}


def _plain_word(tok) -> bool:
    """A word in capitals that is no stop word, field term or month: "THOMPSON", not "THE"."""
    return is_caps_word(tok) and not tok.is_stop and not is_field_term(tok)


def _forename(tok, firsts) -> bool:
    """A listed first name in capitals that is no season, month or common noun ("WILL" and
    "MAY" are stop words and names)."""
    low = tok.lower_
    return (
        (_plain_word(tok) or (low in MODAL_NAMES and is_caps_word(tok)))
        and low in firsts
        and low not in COMMON_NOUN_NAMES
        and low not in CALENDAR_WORDS
    )


def _surname(tok, lasts, english) -> bool:
    """A listed surname or a word no dictionary holds, in capitals, that ends no place's name."""
    low = tok.lower_
    return (
        _plain_word(tok)
        and low not in CALENDAR_WORDS
        and low not in PLACE_WORDS
        and (low in lasts or not holds_word(english, low))
    )


def _word_forename_fits(first, last, lasts, english) -> bool:
    """A forename that is a word too ("FAITH", "WILL", "MAY") opens a name only before a listed
    surname that is no word-name, and one the dictionary holds only where the tagger reads the
    forename as a proper noun ("MAY THOMPSON") or a modal before a proper noun ("WILL
    HARRIS"): not "WILL CALL", "MARK APPROX" or "HOPE WALKER" ("walker" is a word-name)."""
    low = last.lower_
    if low not in lasts or low in AMBIGUOUS_NAMES:
        return False
    return (
        not holds_word(english, low)
        or first.tag_ == "NNP"
        or (first.tag_ == "MD" and last.tag_ == "NNP")
    )


def full_names_in_capitals(
    doc, start: int, end: int, firsts, lasts, english
) -> list[tuple[int, int]]:
    """The ``(first, one past last)`` token spans of full names inside ``doc[start:end]``, a run
    of words in capitals no rule took whole."""
    if english is None:
        return []
    found: list[tuple[int, int]] = []
    a = start
    while a < end - 1:
        if not _forename(doc[a], firsts) or (a > 0 and doc[a - 1].lower_ in _DETERMINERS):
            a += 1
            continue
        stop = 0
        for b in (a + 3, a + 2):  # a middle name first: "GARETH WYN PARRY"
            if b > end:
                continue
            middle = doc[a + 1 : b - 1]
            listed = all(t.lower_ in firsts or t.lower_ in lasts for t in middle)
            middle_ok = listed and all(_plain_word(t) for t in middle)
            last = doc[b - 1]
            if doc[a].lower_ in AMBIGUOUS_NAMES and not _word_forename_fits(
                doc[a], last, lasts, english
            ):
                continue
            if middle_ok and _surname(last, lasts, english):
                stop = b
                break
        if stop:
            found.append((a, stop))
            a = stop
        else:
            a += 1
    return found


def in_capitals_line(doc, k: int) -> bool:
    """``doc[k]`` stands on a line with no lower-case letter (a police log, a heading)."""

    def line_break(tok) -> bool:
        return "\n" in tok.text or "\n" in tok.whitespace_

    j = k
    while j > 0 and not line_break(doc[j - 1]):
        j -= 1
    while j < len(doc):
        if any(c.islower() for c in doc[j].text):
            return False
        if line_break(doc[j]):
            break
        j += 1
    return True


def name_in_capitals_end(doc, k: int, end: int, firsts, lasts, english) -> int:
    """Where the name after a role ends inside ``doc[k:end]``, when that is a run of two words
    or more on a line in capitals that a role took whole ("NEIGHBOUR BILL SHOUTING AT CHILD",
    "SON LIAM HAS NOT RETURNED"); otherwise ``end``. The name is the run's first one to five
    words that are listed names, no English word, initials, particles or apostrophe names
    ("BILL", "GULSEN OZDEMIR", "J O'BRIEN"), or none: ``k`` ("SW WILL WORK WITH")."""
    if end <= k + 1 or not in_capitals_line(doc, k):
        return end  # one word: the capitals-prose filter judges it as before
    j = k
    while j < min(end, k + 5):
        tok, low = doc[j], doc[j].lower_
        # "UNCLE (WILL ROSE)", but not "SW WILL WORK WITH": a modal before a verb.
        modal = j == k and low in MODAL_NAMES and text_at(doc, j + 1) and doc[j + 1].tag_ != "VB"
        word = _plain_word(tok) and (low in firsts or low in lasts or not holds_word(english, low))
        # "MOTHER O'BRIEN", "FATHER J HARGREAVES", "VAN DER MERWE", "OSEI-TUTU".
        part = is_initial(tok) or low in PARTICLES or tok.text in HYPHENS or "'" in tok.text
        if not (modal or word or part or "’" in tok.text):
            break
        j += 1
    while j > k and (doc[j - 1].lower_ in PARTICLES or doc[j - 1].text in HYPHENS):
        j -= 1  # a trailing particle or hyphen is no part of the name
    return j
