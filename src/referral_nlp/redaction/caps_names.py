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
from referral_nlp.redaction.name_lists import AMBIGUOUS_NAMES, COMMON_NOUN_NAMES, PLACE_WORDS
from referral_nlp.redaction.name_tokens import CALENDAR_WORDS, is_caps_word, is_field_term

__all__ = ["full_names_in_capitals"]

#: Words before a noun, not before a name: "A MARK APPROX 3CM", "HIS JACK RUSSELL".
_DETERMINERS = frozenset("a an the his her their my our your its this that no any some".split())


def _plain_word(tok) -> bool:
    """A word in capitals that is no stop word, field term or month: "THOMPSON", not "THE"."""
    return is_caps_word(tok) and not tok.is_stop and not is_field_term(tok)


def _forename(tok, firsts) -> bool:
    """A listed first name in capitals that is no season, month or common noun."""
    low = tok.lower_
    return (
        _plain_word(tok)
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
            # A forename that is a word too ("FAITH", "TAYLOR") only before a listed surname
            # no dictionary holds ("FAITH OKORO"; not "MARK LEFT" or "MARK APPROX").
            if doc[a].lower_ in AMBIGUOUS_NAMES and (
                holds_word(english, last.lower_) or last.lower_ not in lasts
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
