"""Names written straight before an age, a date of birth, a family role or a school year.

"Maisie (8)", "grace adebayo (12)", "kyle 6yo", "kasia (mum)", "filip 7, zofia 4.", "jake (Y4)"
and "(Zofia 8, Tomek 5)": what follows the words says they are a name, whatever their case and
whether or not the name lists know them. The person recogniser reports what these rules find.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import chain

from spacy.attrs import IDX, LENGTH

from referral_nlp.redaction.english_words import holds_word
from referral_nlp.redaction.initials import (
    NOT_ROLE_ABBREVIATIONS,
    SHORT_WORDS,
    could_be_initials,
)
from referral_nlp.redaction.name_cues import KIN_ROLES, LETTER_DESIGNATED, ROLE_CUES
from referral_nlp.redaction.name_tokens import (
    CALENDAR_WORDS,
    NOT_NAME_TAGS,
    glued,
    is_cap_name,
    is_caps_word,
    is_field_term,
    is_name_before_age,
    is_plain_first_name,
    is_unheld_lower_word,
    lower_pair_after_break,
)
from referral_nlp.redaction.vocabulary import INSTITUTIONAL_WORDS, SCHOOL_SUBJECT_WORDS

#: An age right after a word makes the word a name: "Maisie (8)", "kyle 6yo", "Isla (4 mths)".
# Every run of spaces is matched possessively: backtracking through "\s*,?\s*\(?\s*" on a
# long run of spaces (padded text from a scan or a PDF) took minutes.
_AGE_MARKER = re.compile(
    r"\s*+\(\s*+\d{1,2}(?:\s*+(?i:months?|mths?|yrs?|years?|weeks?|wks?)(?:\s++(?i:old))?)?\s*+\)"
    # ... or an estimate of an adult's age: "Mehmet Aydin (approx 29)", "(aged 15)"; with a
    # unit it is as often a gestation or a duration ("pregnant (approx 20 wks)").
    r"|\s*+\(\s*+(?i:approx\.?|aged|about|around|circa|c\.)\s*+\d{1,2}\s*+\)"
    # An age first in brackets before what describes a child: "Storm (15, uses they/them)",
    # "Ali (7, Year 2)"; "Visits (2, both unannounced)" counts visits.
    r"|\s*+\(\s*+\d{1,2}\s*+,\s*+(?=(?i:he|she|they|uses|pronouns|boy|girl|a[ ]boy|a[ ]girl|male"
    r"|female|m|f|y|yr|year|dob|d\.o\.b|born)\b)"
    # Initials in brackets: "Carys (initials C.M.)" says the word before is the name.
    r"|\s*+\(\s*+initials\b"
    r"|\s*+\d{1,2}\s?+(?:yo|y/o|yrs?)\b"
    # A date of birth straight after the words: "charlie day DOB 4 Feb 15", "(d.o.b. ...".
    r"|\s*+,?\s*+\(?\s*+(?:DOB|D\.O\.B|d\.o\.b|dob|Dob)\b"
    # Born on a date: "baby: mohammed sadiq born 20/04/2021", "River Flynn (born 04.06.2017".
    r"|\s++born\s++(?:on\s++)?\d|\s*+\(\s*+(?i:born|b\.)\s*+(?:on\s++)?\d"
    # An age between commas: "sibling star kerr, 2, attends".
    r"|\s*+,\s*+\d{1,2}\s*+,\s++(?!\d)"
)
#: "aged 5" after a word: a name in front ("Costel aged 5 was in the rear"), as often as a noun
#: that describes who ("a boy aged 5", "Pupils aged 11"); a range ("aged 5-11") counts a group.
_AGED_AFTER_WORD = re.compile(r"(?<=[^\s])[ ]++aged[ ]++\d{1,2}\b(?![ ]?(?:-|–|to)[ ]?\d)")
#: A family role in brackets says the same of the word before it: "kasia (mum)",
#: "Jordan (half-brother, 9)".
_KIN_MARKER = (
    r"\s*+\(\s*+(?i:(?:half-|step-)?(?:"
    + "|".join(sorted(KIN_ROLES, key=len, reverse=True))
    + r"))\s*+[),]"
)
#: An age or role marker right after the end of a word: where to look for a name before it.
_AGE_MARKER_AFTER_WORD = re.compile(
    r"(?<=[^\s])(?:" + _AGE_MARKER.pattern + r"|" + _KIN_MARKER + r")"
)
#: A labelled list of children with their ages: "Children: Hope 4, River 22 months", "Siblings -
#: Amber (9) and Will (6)". The label says who is listed, so each capitalised word before an age
#: is a name even when it is also a word ("Hope", "River", "Will").
_CHILD_ITEM_AGE = (
    r"[ ]\(?(?:\d{1,2}[ ]?(?i:months?|mths?|m|yrs?|years?|y|yo|weeks?|wks?)\b"
    # "2y10m", "1y 4m": years and months.
    r"|\d{1,2}[ ]?(?i:y|yrs?)[ ]?\d{1,2}[ ]?(?i:m|mths?|months?)\b|1[0-7]\b|[0-9]\b)\)?"
)
#: A listed child's name: capitalised, or in lower case as hurried notes write it ("jack 7
#: months"); a lower-case one must be a known first name (checked where it is used).
_CHILD_WORD = r"[^\W\d_][^\W\d_]+(?:[\-'’][^\W\d_]+)?"
_CHILD_ITEM = _CHILD_WORD + _CHILD_ITEM_AGE
_CHILD_LIST = re.compile(
    r"\b(?i:children|kids|siblings|sibs|child(?:ren)?[ ]in[ ](?:the[ ])?household)"
    # "Children present: ...", "Kids at home - ...": where the children were.
    r"(?:[ ](?i:present|seen|at[ ]home|in[ ]the[ ]home|at[ ]the[ ]address|living[ ]there))?"
    # "siblings dovydas 14 and ugne 11": hasty notes drop the colon.
    r"[ ]?(?:\([^()\n]{0,20}\))?(?:[ ]?[:\-–]|[ ](?i:are|were)|(?=[ ]))[ \t]*"
    r"(?P<items>" + _CHILD_ITEM + r"(?:[ ]?(?:[,;&]|and)[ ]?" + _CHILD_ITEM + r"){0,8})"
)
#: Words a list counts by, never a child's name: "Children: Total 3, Under 5 2".
_COUNTED_WORDS = frozenset(
    """total under over aged age ages set sets number no count boys girls males females eldest
    youngest oldest middle twins approx approximately about around circa etc upto yrs yr years
    year months mths wks weeks""".split()
)
_CHILD_NAME = re.compile(_CHILD_WORD + r"(?=" + _CHILD_ITEM_AGE + r")")
#: A list of children with bare ages in brackets: "(Zofia 8, Tomek 5)"; each capitalised
#: word before an age in it is a name, known to the lists or not.
_BRACKETED_AGE_LIST = re.compile(
    r"\((?:[ ]?[^\W\d_]{2,}[ ](?:1[0-7]|[1-9])[ ]?(?:,|&|and)){1,6}"
    r"[ ]?[^\W\d_]{2,}[ ](?:1[0-7]|[1-9])[ ]?\)"
)
#: A list's own word for children, straight before its brackets: "the children (...".
_CHILDREN_BEFORE = re.compile(r"\b(?i:children|kids|siblings|sibs|twins|child)[ ]?$")
_LIST_ITEM = re.compile(r"[^\W\d_]{2,}(?=[ ](?:1[0-7]|[1-9])\b)")
#: A bare age after a word in a list of children: "filip 7, zofia 4." (a child's age, 1-17);
#: only a known first name counts before it ("Year 7, ..." and "Room 4." do not).
_LIST_AGE_AFTER_WORD = re.compile(r"(?<=[^\W\d_])[ ](?:1[0-7]|[1-9])(?=[,;][ ]|\.?$|\.[ ])")
#: A school year group in brackets after a word: "jake (Y4)", "amira (year 10)". A lesson or a
#: class may stand there too ("Maths (Y9)"), so only a known first name counts before it.
_YEAR_GROUP_AFTER_WORD = re.compile(r"(?<=[^\W\d_])[ ]?\((?i:y|yr|year)[ ]?(?:1[0-3]|[1-9])\)")
#: A professional's role in brackets after a word: "Huw (Year 4 teacher)", "Bex (SW)". A team
#: or a service may stand there too ("Admissions (school office)"), so again only a known first
#: name counts before it.
_ROLE_AFTER_WORD = re.compile(
    r"(?<=[^\W\d_])[ ]?\((?:[^()\n]{0,30}?[ ])?(?i:teacher|sw|social[ ]worker|dsl|hv"
    r"|health[ ]visitor|gp|nurse|senco|ta|teaching[ ]assistant|headteacher|head|psychologist"
    r"|therapist|worker|officer|manager|practitioner|midwife|paediatrician|consultant"
    r"|keyworker|key[ ]worker|mentor|interpreter|solicitor|advocate|iro|pa|chair|minutes"
    # A team manager, a deputy DSL, business support, an apprentice, a nursery's room leader.
    r"|tm|ddsl|bso|business[ ]support|apprentice|room[ ]leader|key[ ]person|fsw|ssw|ewo"
    r"|lado|tutor|lsa)\)"
)


def _capitalised_full_name_start(doc: list, i: int, lasts: frozenset[str]) -> int:
    """Start of a capitalised full name ending at ``doc[i]``, or -1.

    A school year or a professional's role in brackets follows a subject or a team as well as a
    name ("Design Technology (Y8)"), so a forename the lists do not know counts only before a
    surname they do know, or before a double-barrelled one ("Boswell-Smith").
    """
    end_word = doc[i]
    if (
        not is_cap_name(end_word)
        or end_word.tag_ != "NNP"
        or end_word.lower_ in SCHOOL_SUBJECT_WORDS
    ):
        return -1
    k = i
    double_barrelled = False
    if k >= 2 and doc[k - 1].text == "-" and glued(doc, k - 1):
        if not is_cap_name(doc[k - 2]):
            return -1
        double_barrelled = True
        k -= 2
    if not (double_barrelled or end_word.lower_ in lasts):
        return -1
    first = k - 1
    if (
        first < 0
        or not is_cap_name(doc[first])
        or doc[first].tag_ != "NNP"
        or doc[first].lower_ in INSTITUTIONAL_WORDS
        or doc[first].lower_ in LETTER_DESIGNATED
        or doc[first].lower_ in SCHOOL_SUBJECT_WORDS
    ):
        return -1
    return first


#: What stands before a name in a list or after a field label.
_BEFORE_LISTED_NAME = frozenset({":", ";", ",", "(", "-", "–", "&", "and"})


def _surname_first(doc: list, first: int, last: int) -> int:
    """Start of "DEMPSEY, CONNOR" before an age or DOB when the name ``doc[first:last + 1]`` is
    in capitals and a surname in capitals and a comma stand before it, as police logs write
    names; else ``first``."""
    k = first - 2
    if (
        k >= 1
        # In a list or after a label: "PRESENT: WALLACE, HOPE (6), DEMPSEY, ROYAL (18 MONTHS)",
        # "SUBJECT: DEMPSEY, CONNOR DOB"; not "ATTENDED, KAI (5)".
        and doc[k - 1].lower_ in _BEFORE_LISTED_NAME
        and doc[first - 1].text == ","
        and all(is_caps_word(doc[j]) for j in range(first, last + 1))
        and is_caps_word(doc[k])
        and len(doc[k].text) > 2
        and not doc[k].is_stop
        and not doc[k].tag_.startswith(NOT_NAME_TAGS)  # "ATTENDED, KAI (5)"
        and doc[k].lower_ not in ROLE_CUES
    ):
        return k
    return first


def age_anchored_names(
    spacy_doc,
    doc: list,
    text: str,
    firsts: frozenset[str],
    lasts: frozenset[str] = frozenset(),
    english=None,
) -> list[tuple[int, int, str]]:
    """Names straight before an age: "Maisie (8)", "grace adebayo (12)", "kyle 6yo".

    ``doc`` is the list of ``spacy_doc``'s tokens. Returns ``(start, end, rule)`` for each name,
    as token indices (end exclusive), in the order the rules found them. In a list of children
    a lower-case word that no dictionary (``english``) holds counts as a known first name does
    ("the children (wiktor 12, hania 9)"): a hasty note lists children that way.
    """

    def unheld(i: int) -> bool:
        # Typos are as rare before an age as they are common after "mum": no slips counted.
        return is_unheld_lower_word(doc[i], english, slips=False)

    out: list[tuple[int, int, str]] = []
    # Markers are found in the text, then tied to the token they follow: a regex per token
    # (and a Token object per token) cost more than the rest of this recogniser.
    ends: list[int] = []

    def token_before(pos: int) -> int:
        """Index of the token that ends at character ``pos``, or -1."""
        if not ends:
            starts = spacy_doc.to_array(IDX)
            ends.extend((starts + spacy_doc.to_array(LENGTH)).tolist())
        i = bisect_left(ends, pos)
        return i if i < len(ends) and ends[i] == pos else -1

    for marker in _AGE_MARKER_AFTER_WORD.finditer(text):
        i = token_before(marker.start())
        if i < 0:
            continue
        start = i
        while start >= 0 and start > i - 3 and is_name_before_age(doc, start, firsts):
            pair_start = lower_pair_after_break(doc, start)
            if pair_start >= 0 and doc[start].lower_ not in firsts:
                start = pair_start - 1  # the forename before it is taken with it
                break
            start -= 1
        # Take in a hyphenated forename ahead of the run: "ebony-lily robinson, DOB".
        while (
            start >= 2
            and start < i
            and doc[start].text == "-"
            and glued(doc, start)
            and doc[start - 1].is_alpha
            and not doc[start - 1].is_stop
        ):
            start -= 2
        if start < i:
            out.append((_surname_first(doc, start + 1, i), i + 1, "age-anchor"))
    for marker in _LIST_AGE_AFTER_WORD.finditer(text):
        i = token_before(marker.start())
        if i < 0:
            continue
        known = is_plain_first_name(doc[i].lower_, firsts) or (
            unheld(i) and doc[i].lower_ not in _COUNTED_WORDS  # "kids upto 5"
        )
        if known and is_name_before_age(doc, i, firsts):
            out.append((i, i + 1, "list age"))
    for marker in _AGED_AFTER_WORD.finditer(text):
        # Before "aged", only a capitalised word no dictionary holds, or a known first name
        # that is no word: the nouns that describe a person there are words ("Male aged 15").
        i = end = token_before(marker.start())
        while (
            i >= 0
            and i > end - 2
            and is_cap_name(doc[i])
            and is_name_before_age(doc, i, firsts)
            and (
                is_plain_first_name(doc[i].lower_, firsts)
                or (english is not None and not holds_word(english, doc[i].lower_))
            )
        ):
            i -= 1
        if end >= 0 and i < end:
            out.append((i + 1, end + 1, "name before aged"))
    for marker, rule in chain(
        ((m, "year group") for m in _YEAR_GROUP_AFTER_WORD.finditer(text)),
        ((m, "role in brackets") for m in _ROLE_AFTER_WORD.finditer(text)),
    ):
        i = token_before(marker.start())
        if i < 0:
            continue
        initials = could_be_initials(doc[i].text) or doc[i].text in NOT_ROLE_ABBREVIATIONS
        if rule == "role in brackets" and len(doc[i].text) > 1 and initials:
            out.append((i, i + 1, "initials before a role"))  # "BJ (duty SW)", "jk (tutor)"
            continue
        if not is_name_before_age(doc, i, firsts) or (
            rule == "role in brackets" and doc[i].lower_ in SHORT_WORDS
        ):
            continue  # "mum ok (TM aware)"
        # A forename that is a word too counts capitalised: "Will (TM)", "Holly (BSO)".
        if is_plain_first_name(doc[i].lower_, firsts) or (
            doc[i].lower_ in firsts
            and is_cap_name(doc[i])
            and doc[i].lower_ not in CALENDAR_WORDS  # "June (HV)" is a month as often
        ):
            out.append((i, i + 1, rule))
        elif i > 0 and is_plain_first_name(doc[i - 1].lower_, firsts):
            out.append((i - 1, i + 1, rule))  # "jake smith (Y4)"
        elif (start := _capitalised_full_name_start(doc, i, lasts)) >= 0:
            out.append((start, i + 1, rule))  # "Cerys Boswell-Smith (Y4)"
    for listed in _CHILD_LIST.finditer(text):
        listed_names = []
        for name in _CHILD_NAME.finditer(text, *listed.span("items")):
            i = token_before(name.end())
            if (
                i >= 0
                and doc[i].idx == name.start()
                and (not doc[i].is_lower or doc[i].lower_ in firsts or unheld(i))
                and doc[i].lower_ not in ROLE_CUES
                and doc[i].lower_ not in LETTER_DESIGNATED
                and doc[i].lower_ not in _COUNTED_WORDS
                and doc[i].lower_ not in CALENDAR_WORDS
                and doc[i].lower_ not in SCHOOL_SUBJECT_WORDS
                and doc[i].lower_ not in INSTITUTIONAL_WORDS
                and not is_field_term(doc[i])
            ):
                listed_names.append(i)
        # One known first name shows the list is of children, not of sets or groups
        # ("Children: Set 3 and Group 2"); so do two or more proper nouns that count nothing
        # ("kids are Emilija 9 and Lukas 6": names the lists do not know).
        proper = [i for i in listed_names if doc[i].tag_ == "NNP"]
        if (
            any(doc[i].lower_ in firsts for i in listed_names)
            or (len(proper) >= 2 and len(proper) == len(listed_names))
            or (listed_names and all(unheld(i) for i in listed_names))
        ):
            out.extend((i, i + 1, "child list") for i in listed_names)
    for listed in _BRACKETED_AGE_LIST.finditer(text):
        items = [token_before(m.end()) for m in _LIST_ITEM.finditer(text, *listed.span())]
        words = [
            i
            for i in items
            if i >= 0
            and doc[i].lower_ not in LETTER_DESIGNATED
            and doc[i].lower_ not in INSTITUTIONAL_WORDS
            and doc[i].lower_ not in _COUNTED_WORDS
            and not doc[i].is_stop
            and not is_field_term(doc[i])
        ]
        names = [
            i
            for i in words
            if (is_cap_name(doc[i]) and doc[i].tag_ == "NNP")
            or unheld(i)
            or is_plain_first_name(doc[i].lower_, firsts)
        ]
        # After "children" or "kids", with one known first name among them, a name that is
        # also a word is one too ("the children (favour 8, ebube 5)"); elsewhere a word beside
        # a name may be a lesson or a set ("reading groups (oliwier 2 and phonics 3)").
        if (
            _CHILDREN_BEFORE.search(text, max(0, listed.start() - 20), listed.start())
            and any(is_plain_first_name(doc[i].lower_, firsts) for i in names)
            and len(words) == len(items)
        ):
            names = words
        # One known first name among them shows it is a list of children, not of sets or
        # levels ("(Group 2, Set 3)"); so do words no dictionary holds, all of them.
        if any(is_plain_first_name(doc[i].lower_, firsts) for i in names) or (
            names and len(names) == len(items) and all(unheld(i) for i in names)
        ):
            out.extend((i, i + 1, "age list") for i in names)
    return out
