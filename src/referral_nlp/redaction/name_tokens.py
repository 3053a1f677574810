"""What a name looks like in spaCy's tokens: the tests the person recogniser is built from.

Each test reads one token, or one token in its place in the doc: a capitalised name, a word in
capitals, an initial, a known name in lower case, a word that opens a sentence as its subject,
a word in a list of first names, a word before an age. The recogniser combines them into rules.
"""

from __future__ import annotations

import re

from referral_nlp.redaction.date_parts import MONTH_NAMES, WEEKDAY_NAMES
from referral_nlp.redaction.english_words import english_dictionary, holds_word, near_word
from referral_nlp.redaction.name_cues import INTERJECTIONS, KIN_ROLES, LEAD_INS, QUOTES, ROLE_CUES
from referral_nlp.redaction.name_lists import (
    AMBIGUOUS_NAMES,
    COMMON_NOUN_NAMES,
    DRUG_SLANG_NAMES,
    DRUG_WORDS_AFTER,
    DRUG_WORDS_BEFORE,
    NOT_LOWER_NAMES,
    TITLES,
    first_names,
    surnames,
)
from referral_nlp.redaction.vocabulary import FIELD_WORDS_AS_WRITTEN, SOCIAL_CARE_TERMS

#: Verb forms a capitalised name is never tagged with ("HARRIS Attended", "Sarah Reported").
VERB_FORM_TAGS = frozenset({"VBD", "VBN", "VBG"})
#: Penn Treebank tags (from spaCy's tagger) a lower-case name is never given: verbs,
#: auxiliaries, prepositions, determiners, pronouns, conjunctions, adverbs, particles and
#: numbers ("mum priya said": not "said"). Tags rather than coarse POS, so the redactor
#: can leave out spaCy's attribute ruler.
NOT_NAME_TAGS = ("VB", "MD", "IN", "DT", "PRP", "WP", "WDT", "CC", "RB", "RP", "TO", "CD")
#: Tags of words that are never part of a name, whatever the lists say.
FUNCTION_TAGS = ("IN", "DT", "PRP", "CC", "TO", "WP", "WDT", "MD", "CD", "EX", "PDT")

#: Several initials in one token: "A.B.", "J.-P.", "H.Ç.", "M.A.R.".
_INITIALS = re.compile(r"(?:[^\W\d_]\.-?){2,3}")
#: Dotted abbreviations that are not initials ("Mr U.S. Marshal" is rare; "U.K." is common).
NOT_INITIALS = frozenset(
    """u.k. u.s. u.s.a. e.u. u.n. a.m. p.m. e.g. i.e. n.b. p.s. q.c. k.c. m.p. g.p. p.c. d.c.
    b.a. m.a. m.d. b.sc. r.e. p.e. i.t. c.v. a.d. b.c. d.o.b. n.h.s. r.i.p. t.v. d.j. o.k.
    s.a. a.s.a.p. r.s.v.p. v.s. n.a. a.k.a. e.t.a.""".split()
)
#: Words between the items of a list of names.
LIST_SEPARATORS = frozenset({",", "and", "&"})
#: A hyphen or an en dash between the parts of a name ("Smith-Jones", "Abu - Bakr").
HYPHENS = frozenset({"-", "–"})
#: The possessive ending spaCy splits from a word ("kayden's", "Tyler’s").
POSSESSIVES = frozenset({"'s", "’s"})


# ---- a token by its index -------------------------------------------------------------------
def text_at(doc, k: int) -> str:
    """``doc[k]``'s text, or "" past the end of ``doc`` (no rule compares with "")."""
    return doc[k].text if k < len(doc) else ""


def lower_at(doc, k: int) -> str:
    """``doc[k]``'s lower-case text, or "" past the end of ``doc``."""
    return doc[k].lower_ if k < len(doc) else ""


def glued(doc, j: int) -> bool:
    """``doc[j]`` touches the tokens on both sides: no space before or after it ("tyler-james")."""
    return not doc[j - 1].whitespace_ and not doc[j].whitespace_


# ---- one word -------------------------------------------------------------------------------
def is_plain_first_name(word: str, firsts: frozenset[str]) -> bool:
    """A known first name (lower case) that is no everyday word ("sarah"; not "will", "hope")."""
    return word in firsts and word not in AMBIGUOUS_NAMES


# ---- one token ------------------------------------------------------------------------------
def is_field_term(tok) -> bool:
    """A word of the field's own vocabulary ("MASH", "Mum", "STORM"), which is never a name."""
    return tok.lower_ in SOCIAL_CARE_TERMS or tok.text in FIELD_WORDS_AS_WRITTEN


def is_first_name_token(tok, firsts: frozenset[str]) -> bool:
    """Letters only, no stop word or field term, and a known first name that is no everyday word
    ("kayden" in "kayden's bruise", "tyler" in "kai, tyler and amy"), in any case."""
    return (
        tok.is_alpha
        and not tok.is_stop
        and is_plain_first_name(tok.lower_, firsts)
        and not is_field_term(tok)
    )


def is_lower_surname_word(tok, lasts) -> bool:
    """A lower-case census surname the tagger reads as no verb, function word or number, and no
    field term ("smith" in "john smith")."""
    return (
        tok.is_lower
        and tok.is_alpha
        and not tok.tag_.startswith(NOT_NAME_TAGS)
        and not is_field_term(tok)
        and tok.lower_ in lasts
    )


def is_cap_name(tok) -> bool:
    """A capitalised word that may be a name ("Sarah", "O'Neill"), not a verb or a field term."""
    t = tok.text
    return (
        len(t) > 1
        and t[0].isupper()
        and tok.tag_ not in VERB_FORM_TAGS
        and any(c.islower() for c in t[1:])
        and t.replace("'", "").replace("’", "").isalpha()
        and not tok.is_stop
        and not is_field_term(tok)
    )


def is_caps_word(tok) -> bool:
    """A word in capitals, apostrophes and hyphens inside allowed ("O'BRIEN", "ADE-BELL")."""
    t = tok.text
    # Cheapest tests first: this runs on every token of every note, and most are not capitals.
    if len(t) < 2 or not t.isupper() or not t[0].isalpha() or not t[-1].isalpha():
        return False
    return t.replace("'", "").replace("’", "").replace("-", "").isalpha() and not is_field_term(tok)


def is_initial(tok) -> bool:
    """One initial ("J", "J.") or several in one token ("A.B."), not an abbreviation ("U.K.")."""
    t = tok.text
    if (len(t) == 1 and t.isalpha() and t.isupper()) or (
        len(t) == 2 and t[0].isalpha() and t[0].isupper() and t[1] == "."
    ):
        return True
    return (
        3 < len(t) <= 9
        and t.isupper()
        and _INITIALS.fullmatch(t) is not None
        and t.lower() not in NOT_INITIALS
    )


def is_name_token(tok) -> bool:
    """A token a name may be made of whatever its case: capitalised, in capitals, an initial."""
    return is_cap_name(tok) or is_caps_word(tok) or is_initial(tok)


def is_wordlike(tok) -> bool:
    """Letters only, apart from apostrophes and hyphens."""
    return tok.text.replace("'", "").replace("’", "").replace("-", "").isalpha()


#: The tags a word no dictionary holds may still carry as a name: the tagger's guess at an
#: unknown word after shorthand is often a verb ("w/ kayden" reads as a past tense).
_UNKNOWN_WORD_NOT_NAME_TAGS = tuple(t for t in NOT_NAME_TAGS if t != "VB")


def is_lower_name(tok, not_name_tags: tuple[str, ...] = NOT_NAME_TAGS) -> bool:
    """A known first name or surname that is no everyday word, whatever its case ("sarah")."""
    low = tok.lower_
    return (
        tok.is_alpha
        and not tok.tag_.startswith(not_name_tags)
        and low not in AMBIGUOUS_NAMES
        and not tok.is_stop
        and low not in SOCIAL_CARE_TERMS
        and low not in INTERJECTIONS  # "mum is ok": Ok is a surname too
        and (low in first_names() or low in surnames())
    )


#: The seasons, which the first-name lists hold as names too.
SEASONS = frozenset({"spring", "summer", "autumn", "winter"})
#: Words before a date or a season, not before a forename: "the summer", "last june".
_BEFORE_A_DATE = frozenset({"the", "a", "this", "last", "next"})
#: Words before a noun, not before a name: "the Summer holidays", "her Faith", "a Mark".
DETERMINERS = frozenset(
    "a an the this these those some any every each no his her my your our their its".split()
)
#: Words of other languages a lower-case note writes that the first-name lists hold: Latin's
#: "inter alia"; Welsh "mae" (is) and "tŷ" (house). Latin's "ex parte", "ex gratia" and "ex
#: officio" follow "ex" as a name follows an ex-partner.
_FOREIGN_WORDS = frozenset("alia mae tŷ ty parte gratia officio".split())


def is_unlisted_lower_name(tok, firsts: frozenset[str], english) -> bool:
    """A lower-case known first name that the English dictionary lacks ("kacper", "jayden",
    "chinedu"): a name however it is written. "song", "foster" and "winter" are in the lists and
    in the dictionary; without a dictionary (``english`` None) nothing counts."""
    low = tok.lower_
    return (
        english is not None
        and tok.is_lower
        and len(low) > 2
        and low in firsts
        and low not in english
        and low not in _FOREIGN_WORDS
        and low not in NOT_LOWER_NAMES
        and not (low in DRUG_SLANG_NAMES and _among_drug_words(tok))
        and is_lower_name(tok, _UNKNOWN_WORD_NOT_NAME_TAGS)
        # "his willy", "a black mercedes", "the hilton": after a determiner or a possessive
        # the word is a thing; a note writes a person's name without one.
        and not (tok.i > 0 and _after_determiner(tok))
    )


def surname_vouches_for(forename, surname, lasts, english) -> bool:
    """A lower-case census surname that the English dictionary lacks ("okafor", "mensah")
    vouches for the word before it as a first name ("grace okafor", "hope mensah") when the
    tagger reads that word as no verb or function word ("I hope mensah is ok")."""
    low = surname.lower_
    return (
        english is not None
        and len(low) > 2
        and low not in english
        and low not in _FOREIGN_WORDS
        and not surname.is_stop
        and not forename.tag_.startswith(NOT_NAME_TAGS)
        and is_lower_surname_word(surname, lasts)
    )


def is_said_word(tok) -> bool:
    """A lower-case dictionary word that no first-name list holds ("fat", "stupid", "liar"):
    after "called him" it is what the child was called, which the note must keep."""
    english = english_dictionary(tok.doc)
    low = tok.lower_
    return tok.is_lower and english is not None and low in english and low not in first_names()


#: Possessives a parent or a carer writes before a child's name: "called my Ruby a ...".
_FAMILY_POSSESSIVES = frozenset({"my", "our", "your"})
#: Words that are forenames too which a parent's statement capitalises after "my" as the word:
#: kin, endearments and abstractions ("I want my Son back", "you're my King", "our Faith").
_POSSESSED_WORDS = COMMON_NOUN_NAMES | frozenset(
    """son daughter love king queen prince princess star summer faith hope joy baby angel
    darling sunshine heart life world boy girl lord god precious treasure dear honey""".split()
)


def is_possessed_name(doc, i: int) -> bool:
    """A capitalised forename that is also a word, after "my", "our" or "your" inside a
    sentence ("called my Ruby a slag", "our Holly"): a parent's way of naming a child; a
    capital mid-sentence says the word is not the gem or the plant. Not a month ("my June
    review"), nor kin, an endearment or an abstraction a statement capitalises ("my Son")."""
    tok = doc[i]
    return (
        i > 0
        and doc[i - 1].text in _FAMILY_POSSESSIVES
        and not sentence_start(doc, i)
        and tok.lower_ not in CALENDAR_WORDS
        and tok.lower_ not in _POSSESSED_WORDS
        # Nor before another name word or a noun it qualifies: "my Ruby ring", "Star chart".
        and (i + 1 >= len(doc) or not (is_cap_name(doc[i + 1]) or doc[i + 1].tag_ in {"NN", "NNS"}))
    )


def _among_drug_words(tok) -> bool:
    doc = tok.doc
    k = tok.i - 1
    if k > 0 and doc[k].text in {":", "-", "–"}:
        k -= 1  # "drugs: charlie"
    before = doc[k].lower_ if k >= 0 else ""
    after = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    return before in DRUG_WORDS_BEFORE or after in DRUG_WORDS_AFTER


def _after_determiner(tok) -> bool:
    prev = tok.nbor(-1)
    # The words, not the tag: "that" is tagged a determiner in "report that zoe was hurt".
    return prev.tag_ in {"PRP$", "POS"} or prev.lower_ in DETERMINERS


def first_name_before(doc, i: int, firsts: frozenset[str], english) -> bool:
    """A lower-case first name straight before ``doc[i]``, joined to it by one space: a
    forename before a surname found on its own. A word the lists hold counts only when it is
    known as a name too ("nurse frank cameron", not "the song kacper sang")."""
    prev = doc[i - 1]
    return (
        (prev.lower_ in AMBIGUOUS_NAMES or prev.lower_ not in english)
        # "the 5th june mandy", "over the summer kacper": a date or a season, not a forename.
        and prev.lower_ not in CALENDAR_WORDS
        and prev.lower_ not in SEASONS
        and not (i > 1 and doc[i - 2].lower_ in _BEFORE_A_DATE)
        and prev.is_lower
        and prev.is_alpha
        and prev.whitespace_ == " "
        and prev.lower_ in firsts
        and not prev.is_stop
        and not prev.tag_.startswith(NOT_NAME_TAGS)
        and prev.lower_ not in SOCIAL_CARE_TERMS
    )


# ---- a token in its place -------------------------------------------------------------------
def sentence_start(doc, i: int) -> bool:
    """``doc[i]`` opens a sentence, a line or a list item."""
    if i == 0:
        return True
    prev = doc[i - 1]
    return (
        prev.is_space
        or prev.text in {".", "!", "?", ":", ";", "-", "•", "*"}
        or "\n" in (prev.whitespace_ + prev.text)
    )


def in_lower_case_prose(doc, i: int, reach: int = 8) -> bool:
    """``doc[i]`` stands among lower-case words on its line: running text, not a heading or a
    form's field in capitals, where a word in capitals is a name only with more evidence."""
    for step in (-1, 1):
        k = i + step
        while 0 <= k < len(doc) and abs(k - i) <= reach and "\n" not in doc[k].text:
            if doc[k].is_lower and doc[k].is_alpha and len(doc[k].text) > 1:
                return True
            k += step
    return False


def opens_with_first_name(span, firsts: frozenset[str]) -> bool:
    """ "Sarah Jones", "J. Smith": a known first name (or an initial) leads the run, so a
    title of a song or a book ("Secretly Love") is not taken for a person."""
    head = span[0]
    if len(head.text) <= 2 and head.text[0].isupper():
        return len(span) > 1 and span[-1].lower_ in surnames()
    return is_plain_first_name(head.lower_, firsts)


def finite_verb_after(doc, i: int, aside: int = 12) -> bool:
    """A finite verb in lower case follows ``doc[i]``, straight after it or after a bracketed
    aside of at most ``aside`` tokens ("Kacper (placed s20 in May) had a good day")."""
    k = i + 1
    if k < len(doc) and doc[k].text == "(":
        close = next(
            (j for j in range(k + 1, min(len(doc), k + aside + 1)) if doc[j].text == ")"), -1
        )
        if close < 0:
            return False
        k = close + 1
    # A passive counts too: notes say "Kacper was seen at school" far more often than a noun
    # that is also a forename opens one ("Mercy was shown"; see ``COMMON_NOUN_NAMES``).
    return k < len(doc) and doc[k].is_lower and doc[k].tag_ in {"VBZ", "VBD", "MD"}


def acts_as_subject(doc, i: int) -> bool:
    """A sentence-initial word used as a name: "Jacob lives ...", "Sara: ...", "Ari, ...",
    "Priya and Arjun Sharma ..." (a name joined to the next one)."""
    if i + 1 >= len(doc):
        return False
    nxt = doc[i + 1]
    if (
        nxt.lower_ in {"and", "&"}
        and i + 2 < len(doc)
        and doc[i + 2].text[:1].isupper()
        and doc[i + 2].tag_.startswith("NNP")
    ):
        return True
    return nxt.text in {":", ","} or (
        nxt.tag_.startswith(("VB", "MD")) and doc[i].tag_.startswith("NNP")
    )


def lower_surname_comma_first(doc, k: int, firsts: frozenset[str], lasts) -> bool:
    """ "armstrong, nicole": a lower-case surname, a comma and a known first name."""
    return (
        k + 2 < len(doc)
        and doc[k].lower_ in lasts
        and doc[k + 1].text == ","
        and doc[k + 2].is_lower
        and is_plain_first_name(doc[k + 2].lower_, firsts)
    )


def lower_surname_after(doc, k: int, lasts) -> bool:
    """A lower-case census surname at ``k``, joined to the word before by one space."""
    return (
        k < len(doc)
        and doc[k - 1].whitespace_ == " "
        and not doc[k].is_stop
        and is_lower_surname_word(doc[k], lasts)
    )


#: Words of time and place a lower-case note writes after a name ("tracey-ann today said").
_NOT_SURNAMES_AFTER_NAME = frozenset(
    "today tonight yesterday tomorrow now later earlier recently home too also again".split()
)


#: Months and weekdays: "May-June" and "April-May" join dates, not first names.
CALENDAR_WORDS = frozenset(MONTH_NAMES) | frozenset(WEEKDAY_NAMES)


def hyphenated_forename_end(doc, i: int, firsts: frozenset[str], any_case: bool = False) -> int:
    """One past a double forename opening at ``i`` ("Ellie-May", "Summer-Rose"), or -1.

    Both parts are known first names, glued by a hyphen, and capitalised (in any case with
    ``any_case``: "tyler-james"). Either part may also be a word ("May" a month or a verb,
    "Summer" a season), which the single-word rules rightly doubt; joined to another first name
    it is one name, and the UK gives many girls such a name.
    """
    if i + 2 >= len(doc) or doc[i + 1].text not in HYPHENS or not glued(doc, i + 1):
        return -1
    parts = (doc[i], doc[i + 2])
    if not all((any_case or t.is_title) and t.is_alpha and t.lower_ in firsts for t in parts):
        return -1
    if all(t.lower_ in CALENDAR_WORDS for t in parts):
        return -1
    return i + 3


def surname_after_double_forename(doc, k: int, lasts) -> bool:
    """The word at ``k`` is the surname of the hyphenated forename before it ("tracey-ann
    lowndes"): a census surname, or any lower-case word no list or tag calls something else.
    Two joined first names say a name is being written; its surname is often in no list."""
    if lower_surname_after(doc, k, lasts):
        return True
    return (
        k < len(doc)
        and doc[k - 1].whitespace_ == " "
        and doc[k].is_lower
        and doc[k].is_alpha
        and len(doc[k].text) > 2
        and not doc[k].is_stop
        and not doc[k].tag_.startswith(NOT_NAME_TAGS)
        and doc[k].lower_ not in SOCIAL_CARE_TERMS
        and doc[k].lower_ not in _NOT_SURNAMES_AFTER_NAME
    )


def in_list_of_first_names(doc, i: int, firsts: frozenset[str]) -> bool:
    """A capitalised word in a list of three or more single words, most of them first names.

    Lists are read one word per item ("Efimiya, Mary, Ariana, Isabel and Jodi"); a list of
    places or things ("Leeds, Bradford and Sarah") has too few first names to count.
    """
    items = [i]
    for step in (-1, 1):
        j = i
        # Ten items each way decide it; reading a list of thousands from each of its items
        # was quadratic ("Hope and " 2,000 times took 9 s).
        for _ in range(10):
            k = j + step
            while 0 <= k < len(doc) and doc[k].lower_ in LIST_SEPARATORS:
                k += step
            if k == j + step or not 0 <= k < len(doc) or not is_cap_name(doc[k]):
                break
            # The item must be a single word: no name word straight after it.
            after = k + 1
            if after < len(doc) and is_cap_name(doc[after]):
                break
            items.append(k)
            j = k
    if len(items) < 3:
        return False
    known = sum(1 for k in items if is_plain_first_name(doc[k].lower_, firsts))
    return known >= 2 and known * 2 >= len(items)


def lower_list_name(doc, i: int, firsts: frozenset[str]) -> bool:
    """A lower-case first name in a list beside another first name ("kai, tyler and amy").

    The tagger's reading is not asked: it takes an unknown name for a verb ("sarah and
    kayden" gives "kayden" VBD), and the list vouches for the word.
    """
    tok = doc[i]
    if not (tok.is_lower and is_first_name_token(tok, firsts)):
        return False
    for step in (-1, 1):
        j = i + step
        # "n" and "+" are a hurried note's "and": "the kids kayden n skye".
        if 0 <= j < len(doc) and doc[j].text in {",", "and", "&", "/", "n", "+"}:
            j += step
            # A function word is no list's name, though "My" is a Vietnamese forename.
            if (
                0 <= j < len(doc)
                and not doc[j].is_stop
                and is_plain_first_name(doc[j].lower_, firsts)
            ):
                return True
    return False


#: Words that describe a person without naming them: "Driver (approx 29)", "Male (15)".
DESCRIBED_PERSON_WORDS = frozenset(
    """driver passenger male female man woman boy girl lad youth adult associate suspect
    stranger visitor occupant resident""".split()
)


def is_name_before_age(doc, i: int, firsts: frozenset[str]) -> bool:
    """``doc[i]`` may be part of a name written straight before an age or a DOB."""
    tok = doc[i]
    if (
        not is_wordlike(tok)
        or tok.is_stop
        or is_field_term(tok)
        or tok.lower_ in ROLE_CUES
        or tok.lower_ in DESCRIBED_PERSON_WORDS
        or tok.lower_.rstrip(".") in TITLES
    ):
        return False
    if is_cap_name(tok) or is_caps_word(tok):
        return True
    low = tok.lower_
    if tok.tag_.startswith(FUNCTION_TAGS):
        return False
    # A known first name, or any word after one ("grace adebayo (12)", "charlie pickering
    # DOB": the tagger reads an unknown surname as a verb, so tags are not asked here).
    # An everyday-word forename ("grace", "hope") only with a surname after it.
    ambiguous_ok = i + 1 < len(doc) and doc[i + 1].is_alpha
    if (low in firsts and (low not in AMBIGUOUS_NAMES or ambiguous_ok)) or (
        i > 0 and doc[i - 1].lower_ in firsts
    ):
        return True
    if tok.tag_.startswith((*NOT_NAME_TAGS, "JJ")):
        return False  # "mum is very young (19)"
    # Two unknown lower-case nouns after a break or a lead-in word: "closure - praise
    # ogundipe (7)", "with berat akbulut (d.o.b.": a forename and a surname.
    return lower_pair_after_break(doc, i) >= 0


def lower_pair_after_break(doc, i: int) -> int:
    """Start of the forename if ``doc[i]`` ends a lower-case forename-surname pair, else -1."""
    if i < 1 or not doc[i].tag_.startswith("NN"):
        return -1
    first = doc[i - 1]
    j = i - 1
    # A hyphenated forename: "autumn-mia rich".
    if first.text == "-" and j >= 2 and glued(doc, j):
        j -= 2
        first = doc[j]
    if (
        first.text in LIST_SEPARATORS
        and i >= 5
        and doc[i - 2].text == ")"
        and doc[i - 3].like_num
        and doc[i - 4].text == "("
        and (doc[i - 5].tag_ == "NNP" or is_cap_name(doc[i - 5]))
    ):
        # "omid (4) & lale (2)": the next item of a list of children with their ages.
        return i
    if first.lower_ in ROLE_CUES and j == i - 1:
        # "kids omid (4)": a role word is no forename; it vouches for the one word after it.
        return i
    if (
        not first.is_alpha
        or first.is_stop
        or is_field_term(first)
        or first.tag_.startswith((*NOT_NAME_TAGS, "JJ"))
    ):
        return -1
    before = doc[j - 1] if j > 0 else None
    after_break = (
        before is None
        or before.is_punct
        or "\n" in before.whitespace_
        or before.lower_ in LEAD_INS
        or before.lower_ in ROLE_CUES
    )
    return j if after_break else -1


def _unknown_lower_word(tok) -> bool:
    """A lower-case word that may be a name the lists do not know: letters, no stop word, no
    field term, role or social-care word."""
    return (
        tok.is_lower
        and tok.is_alpha
        and not tok.is_stop
        and not is_field_term(tok)
        and tok.lower_ not in ROLE_CUES
    )


#: Which side of the family a relative is on: "mat aunt", "pat. gran".
FAMILY_SIDES = frozenset({"mat", "pat", "maternal", "paternal"})


def is_unheld_lower_word(tok, english, slips: bool = True) -> bool:
    """A lower-case word no dictionary holds, nor (``slips``) a typo of one (:func:`near_word`)."""
    low = tok.lower_
    return (
        english is not None
        and _unknown_lower_word(tok)
        and len(low) > 2
        # Shorthand without a vowel is no name: "mum pnd", "dad hmp", "mum tbc".
        and any(c in "aeiouy" for c in low)
        and not (holds_word(english, low) or (slips and near_word(english, low)))
        and low not in _FOREIGN_WORDS
        and low not in NOT_LOWER_NAMES
    )


#: Verbs a word-name is the subject of when they follow it: "nan rose is protective", "his bro
#: will says ...". After a kin role a modal or a verb cannot stand before them ("mum will is").
_SUBJECT_VERBS = frozenset("is was has had says said isn't wasn't hasn't".split())


def subject_of(doc, k: int) -> bool:
    """``doc[k]``, a word that is also a first name, is the subject of the verb after it."""
    return k + 1 < len(doc) and doc[k + 1].lower_ in _SUBJECT_VERBS


#: Punctuation that may set a name off from the family role before it: "her ex, abdikarim,",
#: "ex-abdikarim", "mum: oksana". Not "is" or "was": "dad is awol" states, it names no one.
SET_OFF = frozenset({",", "-", ":", "("})


def kin_hyphenated_first(doc, i: int, k: int, low: str, firsts) -> bool:
    """ "sister poppy-mae": after a kin role, a lower-case double forename whose second part
    is a known first name that is no everyday word; the first part may be a word."""
    return (
        k == i + 1
        and low in KIN_ROLES
        and k + 2 < len(doc)
        and doc[k].is_lower
        and doc[k].is_alpha
        and doc[k + 1].text in HYPHENS
        and glued(doc, k + 1)
        and doc[k + 2].is_lower
        and doc[k + 2].is_alpha
        and doc[k + 2].lower_ in firsts
        and doc[k + 2].lower_ not in AMBIGUOUS_NAMES
    )


def lower_name_after_kin(doc, k: int, lasts, english=None, set_off: bool = False) -> int:
    """End of a lower-case name the lists do not know, straight after a family role at ``k-1``
    (with ``set_off``, at ``k-2``, a :data:`SET_OFF` mark between them: then only words no
    dictionary holds are the name).

    Shorthand notes write "mat aunt nasrin." and "dad omid rahimi, ...": after a kin role, one
    or two lower-case words the tagger reads as proper nouns (the second may be a known surname
    instead) are the name, when punctuation, "and" or the end of the note closes them ("mum
    unwell." and "dad works away" are no names: the tagger gives those words other tags). One
    word alone only after a side of the family ("pat gran x."): the tagger reads shorthand
    states as proper nouns too ("dad ok.", "brother asleep."). Words that no dictionary
    (``english``) holds are a name wherever they stop, alone too ("mum oksana kovalenko on
    the phone", "dad tomasz rang"): a state or an errand after a kin role is an English word.
    Returns ``k`` when there is no such name.
    """
    n = len(doc)
    sided = k >= 2 and doc[k - 2].lower_.rstrip(".") in FAMILY_SIDES
    unheld = 0
    j = k
    while j < n and j < k + 2 and _unknown_lower_word(doc[j]):
        proper = doc[j].tag_ == "NNP"
        # "mum shirin kareem": the tagger may call an unknown forename an adjective; a known
        # surname after it vouches for it.
        forename_before_surname = (
            j == k
            and doc[j].tag_ in {"JJ", "NN"}
            and j + 1 < n
            and _unknown_lower_word(doc[j + 1])
            and doc[j + 1].lower_ in lasts
            and doc[j + 1].tag_.startswith("NN")
        )
        unheld += is_unheld_lower_word(doc[j], english)
        if not (
            proper
            or forename_before_surname
            or (j > k and doc[j].lower_ in lasts)
            or is_unheld_lower_word(doc[j], english)
        ):
            break
        j += 1
    closed = j == n or doc[j].is_punct or doc[j].lower_ in {"and", "&"}
    named = j > k and unheld == j - k
    if set_off:
        # Shorthand a form sets off after a role is short: "Father: unk", "dad - tba"; a short
        # name is a listed one ("dad: taz").
        short = [t for t in range(k, j) if len(doc[t].text) < 4]
        return j if named and all(doc[t].lower_ in first_names() for t in short) else k
    return j if ((j > k + 1 or (j > k and sided)) and closed) or named else k


def quoted_run_end(doc, j: int, max_words: int = 3) -> int:
    """Index of the quote closing a short quoted run that opens at ``doc[j]`` ("'T-Bone'",
    "'Big Dave'"), or -1: at most ``max_words`` words (hyphens inside words are free), each
    starting with a capital or a digit, with the quotes glued to the words they enclose."""
    n = len(doc)
    if j + 2 >= n or doc[j].text not in QUOTES or doc[j].whitespace_:
        return -1
    words = 0
    k = j + 1
    while k < n and words <= max_words:
        tok = doc[k]
        if tok.text in QUOTES:
            closes_word = not doc[k - 1].whitespace_ and doc[k - 1].text not in QUOTES
            return k if words and closes_word else -1
        if tok.text in HYPHENS and glued(doc, k):
            k += 1
            continue
        if not (tok.is_alpha or tok.is_digit) or not (tok.text[0].isupper() or tok.is_digit):
            return -1
        words += 1
        k += 1
    return -1
