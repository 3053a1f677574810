"""Forenames that are also words: "Will", "May", "Hope" ("Father: Will Hargreaves", "Hope and
Wayne Bastow").

The tagger reads "Will" and "May" as modals and the stop list holds them, so the name rules,
which never start a name on a stop word, left the forename and with it the surname after it
("Seen with Will Hargreaves" leaked whole). These tests say when such a word opens a name.
"""

from __future__ import annotations

from referral_nlp.redaction.name_cues import FINITE_PERSON_VERBS, KIN_ROLES, PERSON_VERBS
from referral_nlp.redaction.name_extent import name_end
from referral_nlp.redaction.name_lists import (
    AMBIGUOUS_NAMES,
    MODAL_NAMES,
    PLACE_WORDS,
    TITLES,
    WORD_FORENAMES,
    first_names,
    surnames,
)
from referral_nlp.redaction.name_tokens import (
    CALENDAR_WORDS,
    DETERMINERS,
    POSSESSIVES,
    SEASONS,
    is_cap_name,
    is_field_term,
    is_name_token,
    sentence_start,
)

__all__ = ["forename_joined_before", "word_forename_end", "word_name_then_name"]

#: Words before "May" that make it the month: "in May", "since May", "3 May", "every May".
_BEFORE_A_MONTH = frozenset(
    "in since during from until till by of early late mid end last next this before after"
    " throughout every each".split()
)
#: ... and before a season's name, the season: "over Summer", "at Summer half term".
_BEFORE_A_SEASON = _BEFORE_A_MONTH | frozenset("over on at around through for all whole".split())
#: ... and the word-names that are times of the year or the day, after a time word.
_TIMES_OF_YEAR = SEASONS | {"dawn"}
#: Verb forms no modal stands before, beside ``FINITE_PERSON_VERBS``: "Will had", "May was".
_NO_MODAL_BEFORE = frozenset("had has was is did does".split())
#: Nouns that may follow a name in mid-sentence: "Spoke with Hope today".
_TIME_NOUNS = frozenset("today yesterday tonight tomorrow morning afternoon evening".split())


def word_name_then_name(doc, k: int, word_names_only: bool = False) -> bool:
    """``doc[k]`` is a capitalised word before a name token ("Will" in "Mr Will Baptiste",
    "Father: May Hargreaves") or alone in brackets ("Dad (Will)"): a forename that is also a
    word, which the tagger reads as a modal and the name rules leave out as a stop word, so the
    surname after it went too. With ``word_names_only``, only a forename that is a word counts
    (``AMBIGUOUS_NAMES``: "See Appendix J" opens no name)."""
    tok = doc[k]
    if not (tok.is_title and tok.is_alpha and k + 1 < len(doc)):
        return False
    if word_names_only and (
        tok.lower_ not in AMBIGUOUS_NAMES or (tok.is_stop and tok.lower_ not in MODAL_NAMES)
    ):
        return False  # "In Year 6", "An Amber rating": stop words that are rarely names
    if tok.tag_ == "MD" and doc[k + 1].tag_ == "VB":
        return False  # a modal before a verb in title case: "Dad Will Attend The Meeting"
    bracketed = k > 0 and doc[k - 1].text == "(" and doc[k + 1].text == ")"
    return is_name_token(doc[k + 1]) or bracketed


def word_forename_end(doc, i: int, max_tokens: int) -> int:
    """End of a name opened at ``doc[i]`` by a forename that is also a word, or ``i``.

    - A forename the stop list holds ("Will", "May") before a capitalised name the tagger reads
      as a proper noun: "Seen with Will Hargreaves", "Present: May Okafor"; not the month ("In
      May Hargreaves moved", "3 May John said"), nor a modal before a verb ("We May Need To");
      or alone before a verb form no modal stands before ("that Will had hurt her").
    - One of :data:`WORD_FORENAMES`, capitalised in mid-sentence with no capitalised word on
      either side and no determiner, time word or noun around it ("Mum took Summer to the GP",
      "have Poppy at weekends"; not "the Summer holidays", "over Summer", "Faith groups"), or
      opening a sentence as a person's subject ("Faith disclosed", "Sunny and mum attended"),
      or before a listed surname ("River Brennan | 30/11/2017").
    """
    tok = doc[i]
    if tok.is_stop:
        return _stop_word_forename_end(doc, i, max_tokens)
    if _word_forename_before_surname(doc, i):
        return i + 2
    return i + 1 if _word_forename_alone(doc, i) else i


def _word_forename_before_surname(doc, i: int) -> bool:
    """ "River Brennan | 30/11/2017", "Storm Clarke   4": a listed forename that is also a word
    before a listed surname that is no word-name and ends no place's name ("Hope Street",
    "Grace Church"), both read as proper nouns, and no capitalised word after them."""
    first = doc[i].lower_
    if i + 1 >= len(doc) or not doc[i].is_title or first == "river":
        return False  # "River Calder", "River Trent": a river far more often than a child
    if i > 0 and doc[i - 1].lower_ in DETERMINERS:
        return False  # "the Robin Hood"
    if first not in WORD_FORENAMES and (first not in AMBIGUOUS_NAMES or first not in first_names()):
        return False  # before a surname any listed word-name will do: "Storm Clarke"
    last = doc[i + 1]
    low = last.lower_
    return (
        is_cap_name(last)
        and not last.is_upper
        and doc[i].tag_ == "NNP"
        and last.tag_ == "NNP"
        and low in surnames()
        and low not in AMBIGUOUS_NAMES
        and low not in PLACE_WORDS
        and not (i + 2 < len(doc) and doc[i + 2].text[:1].isupper() and doc[i + 2].is_alpha)
    )


def _stop_word_forename_end(doc, i: int, max_tokens: int) -> int:
    tok = doc[i]
    after = doc[i + 1] if i + 1 < len(doc) else None
    if tok.lower_ not in MODAL_NAMES:
        return i  # "In", "An", "Else": the stop list's other word-names are words
    before = doc[i - 1] if i > 0 else None
    if (
        tok.is_title
        and after is not None
        and (after.lower_ in FINITE_PERSON_VERBS or after.lower_ in _NO_MODAL_BEFORE)
        # Not a noun ("The Will was read", "Grandad's Will has"), nor the month ("May was a
        # difficult month", "since May has been").
        and not (
            before is not None and (before.lower_ in DETERMINERS or before.text in POSSESSIVES)
        )
        and not (tok.lower_ == "may" and (sentence_start(doc, i) or _month_before(doc, i)))
    ):
        return i + 1  # "Ruby told Grace that Will had hurt her": no modal stands before "had"
    if tok.lower_ == "will" and tok.is_title and after is not None and after.text in POSSESSIVES:
        return i + 1  # "Will's mum"; "May's" is as often the month's
    if not word_name_then_name(doc, i, word_names_only=True):
        return i
    after = doc[i + 1]
    if after.tag_ != "NNP" or is_field_term(after) or after.lower_ in CALENDAR_WORDS:
        return i
    if tok.lower_ == "may" and _month_before(doc, i):
        return i
    end = name_end(doc, i + 1, max_tokens=max_tokens)
    return end if end > i + 1 else i


def _month_before(doc, i: int) -> bool:
    """The words before ``doc[i]`` make it the month: "in May", "3 May", "mid-May"."""
    if i == 0:
        return False
    before = doc[i - 1]
    mid = before.text in {"-", "–"} and i >= 2 and doc[i - 2].lower_ == "mid"
    return before.like_num or before.lower_ in _BEFORE_A_MONTH or mid


def _word_forename_alone(doc, i: int) -> bool:
    tok = doc[i]
    if tok.lower_ not in WORD_FORENAMES or not tok.is_title or not tok.is_alpha:
        return False
    after = doc[i + 1] if i + 1 < len(doc) else None
    if after is not None and (
        after.text[:1].isupper()
        or after.like_num
        or (after.tag_ in {"NN", "NNS"} and after.lower_ not in _TIME_NOUNS)
    ):
        return False  # "Hope Street", "Summer 2024", "Faith groups"
    if sentence_start(doc, i):
        if after is None:
            return False
        joined = after.lower_ in {"and", "&"} and i + 2 < len(doc)
        partner = doc[i + 2] if joined else None
        return (
            after.lower_ in PERSON_VERBS
            # "Ruby's school attendance"; not "Summer's end".
            or (after.text in POSSESSIVES and tok.lower_ not in SEASONS)
            or (partner is not None and partner.lower_ in KIN_ROLES)  # "Sunny and mum"
            # "Joy and Blessing were seen": two listed first names joined.
            or (partner is not None and partner.is_title and partner.lower_ in first_names())
        )
    before = doc[i - 1]
    # A time word only makes a season of a season's name: "a text from Poppy" is a name,
    # "at Summer half term" a season.
    timed = tok.lower_ in _TIMES_OF_YEAR and before.lower_ in _BEFORE_A_SEASON
    return not (
        before.text[:1].isupper() or before.like_num or before.lower_ in DETERMINERS or timed
    )


def forename_joined_before(doc, i: int, firsts) -> bool:
    """ "Hope and Wayne Bastow": a capitalised forename the lists know, a word too or not,
    then "and" or "&" straight before the full name at ``i``."""
    if i < 2 or doc[i - 1].lower_ not in {"and", "&"}:
        return False
    before = doc[i - 2]
    return (
        is_cap_name(before)
        and before.lower_ in firsts
        and not is_field_term(before)
        and before.lower_ not in CALENDAR_WORDS
        and before.lower_ not in TITLES
    )
