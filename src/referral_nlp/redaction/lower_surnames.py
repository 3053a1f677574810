"""The surname after a lower-case forename: "mum ruta kazlauskiene", "mum bernadette o'reilly".

Once a rule has found a lower-case forename after a family role, the word after it is the
surname when no dictionary holds it. Surnames of several traditions are written with a
particle or an apostrophe that a dictionary test cannot read: Irish "o'reilly", Welsh "ap
iorwerth", Arabic "abu-zeid" or "al hassan", Dutch "van dijk". The particles are the name
lists' (:data:`~referral_nlp.redaction.name_lists.PARTICLES`), so one place says what a
particle is.
"""

from __future__ import annotations

import re

from referral_nlp.redaction.name_lists import PARTICLES
from referral_nlp.redaction.name_tokens import HYPHENS, glued, is_unheld_lower_word

__all__ = ["unheld_surname_end"]

#: A lower-case Irish or Scottish surname in one token: "o'reilly", "o’hara", "mcgrath".
_GAELIC_LOWER = re.compile(r"o['’][a-z]{2,}|ma?c[a-z]{3,}")


def _surname_word(tok, english) -> bool:
    # A compound of two content words is a surname here ("ramsden", "whitworth"), not a slip:
    # the slot after a forename and a family role holds a name far more often than a typo.
    return is_unheld_lower_word(tok, english, content_compounds=False)


def _hyphenated_tail(doc, end: int) -> int:
    """One past "-zeid" in "abu-zeid" when ``doc[end]`` is a hyphen glued to both words."""
    if (
        end + 1 < len(doc)
        and doc[end].text in HYPHENS
        and glued(doc, end)
        and doc[end + 1].is_alpha
        and doc[end + 1].is_lower
        and not doc[end + 1].is_stop
    ):
        return end + 2
    return end


def unheld_surname_end(doc, end: int, english) -> int:
    """``end``, or past the surname where the lower-case name ending there goes on with one
    ("mum ruta kazlauskiene", "mum bernadette o'reilly", "dad gethin ap iorwerth", "dad
    mahmoud abu-zeid")."""
    n = len(doc)
    if not (0 < end < n and doc[end - 1].is_lower):
        return end
    if doc[end - 1].lower_ in PARTICLES:
        return _hyphenated_tail(doc, end)  # the span already holds "abu": take "-zeid"
    if not doc[end - 1].whitespace_:
        return end
    tok = doc[end]
    if _GAELIC_LOWER.fullmatch(tok.text) or _surname_word(tok, english):
        return _hyphenated_tail(doc, end + 1)
    if tok.lower_ in PARTICLES and end + 1 < n:
        after = _hyphenated_tail(doc, end + 1)
        if after > end + 1:
            return after  # "abu-zeid"
        if tok.whitespace_ and doc[end + 1].is_lower and _surname_word(doc[end + 1], english):
            return end + 2  # "ap iorwerth", "al hassan"
    return end
