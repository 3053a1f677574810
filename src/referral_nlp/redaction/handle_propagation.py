"""Later mentions of a username already found: "nightowl_mike" after "23:41 nightowl_mike:".

A handle is found where a cue or its place shows it (an "@", "Snapchat name", a chat line's
speaker); the note then names the account again with no cue ("DMI note: nightowl_mike logged in
from ..."). A handle with a digit, an underscore or an inner dot is no word of the language, so
every other whole-token mention of it, in any case and with or without its "@", is the same
account. A handle of letters alone ("@kayjay") is left where it was found: it may be a word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.spans import Entity
from referral_nlp.redaction.vocabulary import alternation

#: A handle that no word or name spells: a digit, an underscore or an inner dot, and three
#: letters in five characters or more ("s.47" or "CIN2" found by mistake must not spread).
_DISTINCT = re.compile(r"(?=.*(?:[0-9_]|[^.]\.[^.]))(?=(?:[^a-z]*[a-z]){3})[^\s]{5,}")


def propagate_handles(text: str, entities: Sequence[Entity], score: float = 0.6) -> list[Entity]:
    """Other whole-token mentions of each distinctive USERNAME already found in ``text``."""
    handles = {
        text[e.start : e.end].lstrip("@").lower()
        for e in entities
        if e.entity_type == taxonomy.USERNAME
    }
    handles = {h for h in handles if _DISTINCT.fullmatch(h)}
    if not handles:
        return []
    pattern = re.compile(
        r"(?<![\w@.\-/])@?(?:" + alternation(handles) + r")(?![\w@\-]|\.\w)",
        re.IGNORECASE,
    )
    return [Entity(m.start(), m.end(), taxonomy.USERNAME, score) for m in pattern.finditer(text)]
