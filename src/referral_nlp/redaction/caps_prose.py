"""Running capitals that spaCy's NER read as a person: "CHILD AT RISK", "REPORTING SHOUTING".

Police notifications and many pasted headings are written in capitals, and the NER model, which
leans on capital letters, tags words of them as PERSON ("CHILD <PERSON> RISK", "NEIGHBOUR
<PERSON> CHILD <PERSON>"). Over-redaction there costs the model the words that say what
happened; the person recogniser's role rule does the same after a role word in capitals
("CHILD <AT>", "NEIGHBOUR <REPORTING SHOUTING AND A>"). A PERSON that NER or the person
recogniser found on a line written wholly in capitals, whose every word is a stop word or an
English word (the spaCy model's dictionary) and none a name the lists know, is such prose and is
dropped; a name that is also a word is kept when the lists hold it ("WARD", "MARK", "SUMMER").
In mixed case capitals mean something ("Uncle B", "KR (school nurse)"), so nothing is dropped
there; the initials and nominal rules are not second-guessed, and without a dictionary nothing
is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presidio_analyzer import RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.english_words import holds_word
from referral_nlp.redaction.name_lists import first_names, surnames

__all__ = ["without_caps_prose"]

_WORD = re.compile(r"[^\W\d_]+")
#: The recognisers whose capitals-prose PERSON spans are dropped: spaCy's NER and the person
#: recogniser's rules.
_CHECKED = frozenset({"SpacyRecognizer", "PersonNameRecognizer"})


def _is_prose(value: str, english) -> bool:
    words = [w.lower() for w in _WORD.findall(value)]
    firsts, lasts = first_names(), surnames()
    return bool(words) and all(
        (w in STOP_WORDS or holds_word(english, w)) and w not in firsts and w not in lasts
        for w in words
    )


def _checked(result: RecognizerResult) -> bool:
    metadata = result.recognition_metadata or {}
    return metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY) in _CHECKED


def _line_in_capitals(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return not any(c.islower() for c in line)


def without_caps_prose(
    text: str, results: Iterable[RecognizerResult], english
) -> list[RecognizerResult]:
    """``results`` without the PERSON spans that are capitals prose (see the module)."""
    if english is None:
        return list(results)
    return [
        r
        for r in results
        if not (
            r.entity_type == taxonomy.PERSON
            and _checked(r)
            and _line_in_capitals(text, r.start, r.end)
            and _is_prose(text[r.start : r.end], english)
        )
    ]
