"""A family named by its surname in the plural: "the Smiths", "the O'Donnells"."""

from __future__ import annotations

import re

from referral_nlp.redaction.name_lists import AMBIGUOUS_NAMES
from referral_nlp.redaction.name_tokens import POSSESSIVES, is_cap_name
from referral_nlp.redaction.vocabulary import SOCIAL_CARE_TERMS

__all__ = ["family_plural"]

#: Irish and Scottish surname prefixes: "O'Donnell", "McAllister", "MacLeod".
_GAELIC_SURNAME = re.compile(r"(?:O['’]|Mc|Mac)[A-Z][a-z]+")


def family_plural(doc, i: int, lasts) -> bool:
    """``doc[i]`` names a family by its surname in the plural: "the Smiths", "the O'Donnells".

    The plural must stand alone after "the" (no noun after it: "the Philippines team"), and its
    singular must be a known surname that is no everyday word, or have a Gaelic prefix.
    """
    tok = doc[i]
    t = tok.text
    if i < 1 or doc[i - 1].lower_ != "the" or not is_cap_name(tok) or t[-1] != "s":
        return False
    if t[-2] in "s'’" or (
        i + 1 < len(doc)
        # No noun after it ("the Philippines team"), and no possessive ("the Lawyers’ Section").
        and (doc[i + 1].tag_.startswith("NN") or doc[i + 1].text in {"'", "’", *POSSESSIVES})
    ):
        return False
    stems = [t[:-1]] + ([t[:-2]] if t.endswith("es") else [])
    return any(
        _GAELIC_SURNAME.fullmatch(stem)
        or (
            stem.lower() in lasts
            and stem.lower() not in AMBIGUOUS_NAMES
            and stem.lower() not in SOCIAL_CARE_TERMS
        )
        for stem in stems
    )
