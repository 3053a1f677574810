"""CapsNominalRecognizer: a name in capitals with the surname first, as police records write it.

A police notification, a Niche or STORM extract and a custody record name people as nominals:
in capitals, surname first ("SUBJECT: OKONKWO CHIAMAKA AGED 14", "ON ARRIVAL GRABOWSKI SZYMON
WAS"). spaCy's NER reads running capitals poorly, and the person recogniser's rules expect a
forename first. So two or three words in capitals are a name when the last is a first name the
lists know (not one that is also a word: "BROWN MARK" may be a mark) and the first is a word no
dictionary holds; none of them may be a word of the field, a title, a role or a date's word
("SUSPECT", "PC", "MAY"). A listed surname that is also a word ("WARD", "PARK", "YOUNG") counts
only in a nominal's own slot (:func:`in_nominal_slot`): after a label or at a line's start, and
before a date of birth, an age, a bracket, a comma, a column gap or the line's end ("SUBJECT: WARD
PADDY DOB";
not "MET AT THE PARK JAMES SAID", "YOUNG KAYDEN ARRESTED").
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult

from referral_nlp.redaction.english_words import english_dictionary, holds_word
from referral_nlp.redaction.name_cues import ROLE_CUES
from referral_nlp.redaction.name_lists import TITLES, first_names, surnames
from referral_nlp.redaction.name_tokens import (
    CALENDAR_WORDS,
    is_caps_word,
    is_field_term,
    is_plain_first_name,
)
from referral_nlp.redaction.recognizers.token_rule_recognizer import (
    TokenRuleRecognizer,
    rule_result,
)
from referral_nlp.redaction.vocabulary import INSTITUTIONAL_WORDS

#: What may stand before a nominal: a line's start, or a label's colon, dash or bracket.
_NOMINAL_BEFORE = re.compile(r"(?:^|[:\-–(),])[ \t]*\Z")
#: What may follow one: its date of birth or age, a bracket, a comma, a form's column gap (two
#: spaces or a tab: "WARD PADDY   VEH GL21 MDX") or the line's end.
_NOMINAL_AFTER = re.compile(
    r"(?:[ ]{2,}|\t)|[ ]?(?:$|\n|[,;(/]|[-–][ ]|(?:DOB|D\.O\.B|AGED|AGE|BORN)\b)"
)


def in_nominal_slot(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` stands where a police record puts a nominal's name."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_NOMINAL_BEFORE.search(text, line_start, start) and _NOMINAL_AFTER.match(text, end))


class CapsNominalRecognizer(TokenRuleRecognizer):
    """SURNAME FORENAME (MIDDLE) in capitals; 0.6."""

    SCORE = 0.6
    MAX_WORDS = 3

    @staticmethod
    def _word(tok) -> bool:
        low = tok.lower_
        return (
            is_caps_word(tok)
            and tok.is_alpha
            and len(tok.text) > 1
            and not tok.is_stop
            and not is_field_term(tok)
            and low not in ROLE_CUES
            and low.rstrip(".") not in TITLES
            and low not in CALENDAR_WORDS
            and low not in INSTITUTIONAL_WORDS
        )

    def find(self, text: str, doc: list, spacy_doc) -> list[RecognizerResult]:
        english = english_dictionary(spacy_doc)
        firsts, lasts = first_names(), surnames()
        found = []
        i = 0
        while i < len(doc) - 1:
            if not self._word(doc[i]) or not doc[i].whitespace_:
                i += 1
                continue
            surname = doc[i].lower_
            unheld = english is not None and not holds_word(english, surname)
            end = i + 1
            # Forenames after the surname, each a plain known first name, one space apart.
            while (
                end < len(doc)
                and end - i < self.MAX_WORDS
                and self._word(doc[end])
                and is_plain_first_name(doc[end].lower_, firsts)
                and (end == i + 1 or doc[end - 1].whitespace_)
            ):
                end += 1
            last = doc[end - 1]
            if end > i + 1 and (
                unheld
                or (surname in lasts and in_nominal_slot(text, doc[i].idx, last.idx + len(last)))
            ):
                found.append(
                    rule_result(
                        self, self.ENTITY, doc[i].idx, last.idx + len(last), self.SCORE, "nominal"
                    )
                )
                i = end
                continue
            i += 1
        return found
