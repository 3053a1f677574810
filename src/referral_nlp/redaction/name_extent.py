"""Where a name that starts at a token ends: the parts, joiners and asides a name runs over.

A name runs over name-shaped tokens ("Sarah", "O'Neill", "J."), and over what joins its parts in
referral notes: a hyphen or a particle ("Smith-Jones", "van der Berg"), a comma between a surname
in capitals and the forename ("DOYLE, Shannon"), a form's run of spaces ("NGUYEN  Van Minh"), a
quoted nickname ("Tyler 'T-Bone' Fitzgerald") and a short form in brackets ("Olusegun (Segun)
Bakare"). The person recogniser's rules decide whether a run is a name; this decides its extent.
"""

from __future__ import annotations

from referral_nlp.redaction.name_lists import PARTICLES, SHORT_TITLES, TITLES, first_names, surnames
from referral_nlp.redaction.name_tokens import (
    HYPHENS,
    hyphenated_forename_end,
    is_cap_name,
    is_caps_word,
    is_lower_name,
    is_name_token,
    lower_at,
    lower_surname_comma_first,
    quoted_run_end,
    text_at,
)

#: Words a number follows as a label, not a forename after "SURNAME,": "(TN, Year 10)".
_NUMBERED_LABELS = frozenset("year yr room ward bay bed flat block unit age group set".split())


def name_end(doc, i: int, lower: bool = False, max_tokens: int = 5) -> int:
    """Index one past the last token of the name starting at ``doc[i]`` (``i`` if none).

    ``lower`` lets lower-case name words count ("armstrong, nicole" after a role); at most
    ``max_tokens`` name words are taken.
    """
    j, taken = i, 0
    while j < len(doc) and taken < max_tokens:
        tok = doc[j]
        if taken and tok.lower_.rstrip(".") in SHORT_TITLES:
            break  # "Counsellor Ms R. Ogunleye": a title starts a new name
        if is_name_token(tok) or (lower and is_lower_name(tok)):
            j, taken = j + 1, taken + 1
            continue
        # "armstrong, nicole" after a role: the same order in lower case.
        if (
            lower
            and taken == 1
            and tok.text == ","
            and lower_surname_comma_first(doc, j - 1, first_names(), surnames())
        ):
            j += 1
            continue
        # "DOYLE, Shannon": a surname in capitals, a comma, then the forename; the surname
        # may be double-barrelled ("DOBROWOLSKA-HART, Ivy").
        if (
            tok.text == ","
            and j + 1 < len(doc)
            and (taken == 1 or all(is_caps_word(t) or t.text in HYPHENS for t in doc[i:j]))
            and is_caps_word(doc[j - 1])
            and is_cap_name(doc[j + 1])
            and not is_caps_word(doc[j + 1])
            # "(TN, Year 10)": a label and its number, not a forename.
            and not (doc[j + 1].lower_ in _NUMBERED_LABELS and text_at(doc, j + 2).isdigit())
        ):
            j += 1
            continue
        # "Tahmina   Begum": a form aligns a known forename and a known name after it
        # with a run of spaces (not a tab: a table's columns).
        if (
            taken
            and tok.is_space
            and len(tok.text) <= 4
            and tok.text.strip(" ") == ""
            and is_cap_name(doc[j - 1])
            and doc[j - 1].lower_ in first_names()
            and j + 1 < len(doc)
            and is_cap_name(doc[j + 1])
            and (doc[j + 1].lower_ in first_names() or doc[j + 1].lower_ in surnames())
            and text_at(doc, j + 2) != ":"
        ):
            j += 1
            continue
        # "NGUYEN  Van Minh": a form's SURNAME, a double space, then the forenames.
        if (
            taken == 1
            and tok.is_space
            and "\n" not in tok.text
            and is_caps_word(doc[j - 1])
            and j + 1 < len(doc)
            and is_cap_name(doc[j + 1])
            and text_at(doc, j + 2) != ":"
        ):
            j += 1
            continue
        # Hyphenated and particle names: "Smith-Jones", "van der Berg", "Abu - Bakr".
        if (
            # ... or a particle straight after a title: "Mr ap Rhys", "Dr van Dijk".
            (
                taken
                or (
                    tok.lower_ in PARTICLES and j > 0 and lower_at(doc, j - 1).rstrip(".") in TITLES
                )
            )
            and j + 1 < len(doc)
            and (tok.text in HYPHENS or tok.lower_ in PARTICLES)
            and (is_name_token(doc[j + 1]) or (lower and is_lower_name(doc[j + 1])))
        ):
            j += 1
            continue
        # "Ellie-May": a first name glued on by a hyphen is part of the name, even one
        # that is also a word (a month, a modal verb) and so no name token on its own.
        if taken and hyphenated_forename_end(doc, j - 1, first_names()) == j + 2:
            j += 2
            continue
        # "Tyler 'T-Bone' Fitzgerald": a quoted nickname between the parts of a name.
        close = quoted_run_end(doc, j) if taken and doc[j - 1].whitespace_ else -1
        if close > 0 and close + 1 < len(doc) and is_name_token(doc[close + 1]):
            j = close + 1
            continue
        # "Olusegun (Segun) Bakare": a short form in brackets between the parts.
        if (
            taken
            and tok.text == "("
            and j + 3 < len(doc)
            and doc[j + 2].text == ")"
            and is_cap_name(doc[j + 1])
            and is_name_token(doc[j + 3])
        ):
            j += 3
            continue
        break
    # A trailing particle or hyphen is not part of a name.
    while j > i and (doc[j - 1].lower_ in PARTICLES or doc[j - 1].text in HYPHENS):
        j -= 1
    return j
