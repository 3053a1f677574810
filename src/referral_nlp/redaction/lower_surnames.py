"""The surname after a forename a family role introduced: "mum ruta kazlauskiene", "mum
bernadette o'reilly".

After a lower-case forename, the next lower-case word is the surname when no dictionary holds it,
nor a slip of the keyboard (a word run together like "bathtime" counts as a slip, so a surname of
that shape, "ramsden", is missed). After any forename, so is a Gaelic surname that is no word
("o'reilly", "mcgrath"; not "o'clock", "machete") and a surname with a particle, written as
several traditions write them: Welsh "ap iorwerth", Arabic "abu-zeid" or "al hassan", Dutch "van
dijk". The particles are the name lists' (:data:`~referral_nlp.redaction.name_lists.PARTICLES`),
so one place says what a particle is.
"""

from __future__ import annotations

import re

from referral_nlp.redaction.english_words import holds_word
from referral_nlp.redaction.name_lists import PARTICLES
from referral_nlp.redaction.name_tokens import HYPHENS, glued, is_unheld_lower_word

__all__ = ["unheld_surname_end"]

#: An Irish or Scottish surname in one token: "o'reilly", "o’hara", "mcgrath", "macleod".
_GAELIC = re.compile(r"(?i:o['’](?P<rest>[a-z]{2,})|ma?c[a-z]{3,})")


def _gaelic_surname(tok, english) -> bool:
    """A Gaelic surname, not a word of that shape: "o'clock", "machete", "macaroni"."""
    m = _GAELIC.fullmatch(tok.text)
    word = (m.group("rest") or tok.lower_) if m else ""
    return bool(m) and english is not None and not holds_word(english, word.lower())


def _hyphenated_tail(doc, end: int, english) -> int:
    """One past "-zeid" in "abu-zeid" when ``doc[end]`` is a hyphen glued to both words and
    the word after it is no English word ("de-escalated", "al-anon" are words)."""
    if (
        end + 1 < len(doc)
        and doc[end].text in HYPHENS
        and glued(doc, end)
        and is_unheld_lower_word(doc[end + 1], english)
    ):
        return end + 2
    return end


def unheld_surname_end(doc, end: int, english) -> int:
    """``end``, or past the surname where the name ending there goes on with one: a
    lower-case word no dictionary holds after a lower-case forename ("mum ruta kazlauskiene"),
    or after any forename a Gaelic surname or one with a particle ("mum Bernadette o'reilly",
    "dad gethin ap iorwerth", "dad mahmoud abu-zeid")."""
    n = len(doc)
    if not 0 < end < n:
        return end
    if doc[end - 1].lower_ in PARTICLES:
        return _hyphenated_tail(doc, end, english)  # the span already holds "abu": "-zeid"
    if not doc[end - 1].whitespace_:
        return end
    tok = doc[end]
    if _gaelic_surname(tok, english) or (
        doc[end - 1].is_lower and is_unheld_lower_word(tok, english)
    ):
        return _hyphenated_tail(doc, end + 1, english)
    if tok.lower_ in PARTICLES and tok.is_lower and end + 1 < n:
        after = _hyphenated_tail(doc, end + 1, english)
        if after > end + 1:
            return after  # "abu-zeid"
        if tok.whitespace_ and is_unheld_lower_word(doc[end + 1], english):
            return end + 2  # "ap iorwerth", "al hassan"
    return end
