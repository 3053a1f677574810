"""Inferences from a detected name to what stands next to it.

Some personal data is only recognisable beside a name: the bare number in "Maisie (8)" or
"Jordan ASHWORTH, 16," is an age, and the quoted word in "Zuzanna WISNIEWSKA ("Zuza")" is the
name she goes by. Neither can be a pattern on its own (a bracketed number is as often a count), so
these rules run after the recognisers, on the PERSON spans they found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.name_cues import INTERJECTIONS, REPLY_WORDS
from referral_nlp.redaction.spans import Entity

_UNIT = r"(?:months?|mths?|weeks?|wks?|yrs?|years?(?:\s+old)?|yo|y/o)"
#: An age right after a name: "(8)", "(10 months)", ", 16,", " 29,", " 32 yrs", "), 13,".
_AGE_AFTER_NAME = re.compile(
    r"\)?(?:\s*,\s*|\s+|\s*\(\s*)(?P<age>\d{1,2}(?:\s*" + _UNIT + r")?)"
    r"(?=\s*\)|\s*[,;.]|\s+(?:and|&|in|at|is|was|who|lives?|living|with)\b|\s*$)",
)
#: "is 15", "turned 16", "aged 12" right after a name ("my son ethan is 15").
_AGE_AFTER_NAME_COPULA = re.compile(
    r"\s+(?:is|was|turned|turns|is\s+now|aged)\s+(?:about\s+|nearly\s+|only\s+|just\s+)?"
    r"(?P<age>\d{1,2})(?![\d.,:/]|\s*(?:%|am|pm|mins?|minutes?|hours?|hrs?|miles?|times|th|x)\b)"
)
#: A nickname in quotes, alone or in brackets, right after a name: ' ("Zuza")', ' "Mo"', or
#: after a dash or a comma: 'boyfriend Kai – "KJ"'.
_NICKNAME_AFTER_NAME = re.compile(
    r"\s*(?:[–\-,]\s*)?\(?\s*(?:(?:known\s+as|a\.?k\.?a\.?)\s+)?"
    r"[\"“'‘](?P<nick>[A-Z][\w'’\-]{1,20})[\"”'’]\s*\)?"
)
#: An alias unquoted after "a.k.a." or "known as": "Jayden Okafor a.k.a. JJ".
_ALIAS_AFTER_NAME = re.compile(
    r"\s*,?\s+(?:a\.k\.a\.?|aka|AKA|known\s+as)\s+(?P<nick>[A-Z][\w'’\-]{0,20}(?:\s[A-Z][\w'’\-]{0,20})?)"
    r"(?![\w'’\-])"
)
#: What a quote after a name may hold that names no one: a reply, a greeting, a word.
_NOT_NICKNAMES = INTERJECTIONS | REPLY_WORDS | STOP_WORDS
_SCORE = 0.6
_LEADING_NUMBER = re.compile(r"\d+")


def _follows(pattern: re.Pattern[str], text: str, pos: int, group: str) -> tuple[int, int] | None:
    m = pattern.match(text, pos)
    if not m:
        return None
    return m.start(group), m.end(group)


def entities_beside_names(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """AGE and PERSON spans that stand right after a detected PERSON."""
    found: list[Entity] = []
    for e in entities:
        if e.entity_type != taxonomy.PERSON:
            continue
        pos = e.end
        for pattern in (_NICKNAME_AFTER_NAME, _ALIAS_AFTER_NAME):
            nick = _follows(pattern, text, pos, "nick")
            if nick and text[nick[0] : nick[1]].lower() not in _NOT_NICKNAMES:
                found.append(Entity(nick[0], nick[1], taxonomy.PERSON, _SCORE))
                pos = pattern.match(text, pos).end()
                break
        for pattern in (_AGE_AFTER_NAME, _AGE_AFTER_NAME_COPULA):
            age = _follows(pattern, text, pos, "age")
            if age and int(_LEADING_NUMBER.match(text, age[0], age[1]).group(0)) <= 110:
                found.append(Entity(age[0], age[1], taxonomy.AGE, _SCORE))
                break
    return found
