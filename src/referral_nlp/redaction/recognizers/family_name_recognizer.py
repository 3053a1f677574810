"""FamilyNameRecognizer: a family named by its surname before a family noun.

Notes name a household by its surname: "the Kazlauskas family", "Kaur-Whitfield children",
"the O'Brien twins". NER finds the common English surnames there but misses many others, and
in a subject line or a lower-case e-mail it finds none. The surname identifies the family as
well as any of its members' names, so a capitalised word (or a double-barrelled pair) before
"family", "children", "household", "twins" or "siblings" is a PERSON when "the" stands before it,
when it is double-barrelled, or when the surname lists know it; never when it is a nationality,
a faith, a place or a language as NER reads it ("the Polish family", "the Leeds children"), or a
word of the field ("the Foster family" stays a foster family, "Traveller family" a community).
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult

from referral_nlp.redaction.name_lists import AMBIGUOUS_NAMES, TITLES, surnames
from referral_nlp.redaction.name_tokens import (
    CALENDAR_WORDS,
    HYPHENS,
    POSSESSIVES,
    glued,
    is_cap_name,
    is_caps_word,
    sentence_start,
)
from referral_nlp.redaction.recognizers.token_rule_recognizer import (
    TokenRuleRecognizer,
    rule_result,
)
from referral_nlp.redaction.taxonomy import PERSON
from referral_nlp.redaction.vocabulary import (
    INSTITUTIONAL_WORDS,
    SCHOOL_SUBJECT_WORDS,
    SOCIAL_CARE_TERMS,
)

#: Nouns that a family's surname stands before.
_FAMILY_NOUNS = frozenset(
    "family families household children kids twins siblings brothers sisters".split()
)
#: NER's labels for what a capitalised word before "family" is when it is no surname.
_NOT_SURNAME_ENTITIES = frozenset({"NORP", "GPE", "LANGUAGE", "LOC", "FAC", "EVENT"})
#: Words for who a family is rather than its name: a faith, a community, how it was formed.
_FAMILY_KINDS = frozenset(
    """foster adoptive birth host kinship extended whole wider blended step royal muslim
    christian catholic jewish sikh hindu roma gypsy traveller travellers romany new same other
    first second third last previous current both""".split()
)


#: Words after a family noun that make it a service's name ("family tracing service").
_SERVICE_WORDS = frozenset(
    """centre center centres service services court courts hub hubs support tracing team
    teams home homes unit trust worker workers act law group groups liaison network
    partnership partnerships charity society project therapy therapist network""".split()
)


class FamilyNameRecognizer(TokenRuleRecognizer):
    """A surname before a family noun ("the Kazlauskas family"); 0.6."""

    SCORE = 0.6
    #: At most this many words in the surname ("Kaur-Whitfield" is two).
    MAX_WORDS = 2

    @staticmethod
    def _surname_word(tok) -> bool:
        low = tok.lower_
        return (
            (is_cap_name(tok) or is_caps_word(tok))  # "- ASLAN family – 4 ch"
            and tok.tag_ in {"NNP", "NNPS"}
            and tok.ent_type_ not in _NOT_SURNAME_ENTITIES
            and low not in SOCIAL_CARE_TERMS
            and low not in INSTITUTIONAL_WORDS
            and low not in CALENDAR_WORDS
            and low not in SCHOOL_SUBJECT_WORDS
            and low not in TITLES
            and low not in _FAMILY_KINDS
        )

    @staticmethod
    def _names_a_service(doc: list, i: int) -> bool:
        """ "the Sure Start children's centre", "Salvation Army family tracing service": the
        family noun names a service, not a household."""
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        return nxt is not None and (
            nxt.text in POSSESSIVES or nxt.text in {"'", "’"} or nxt.lower_ in _SERVICE_WORDS
        )

    def _surname_start(self, doc: list, i: int) -> int:
        """Start of the surname straight before ``doc[i]``, or -1 if none stands there."""
        k, words = i, 0
        while k > 0 and words < self.MAX_WORDS and self._surname_word(doc[k - 1]):
            if words and sentence_start(doc, k - 1) and doc[k - 1].lower_ not in surnames():
                break  # "Visited Nguyen household": capitalised by its place only
            k, words = k - 1, words + 1
            # "Kaur-Whitfield": a glued hyphen joins a second part.
            if k >= 2 and doc[k - 1].text in HYPHENS and glued(doc, k - 1):
                if not self._surname_word(doc[k - 2]):
                    return -1
                k, words = k - 2, words + 1
        return k if words else -1

    def find(self, text: str, doc: list, spacy_doc) -> list[RecognizerResult]:
        lasts = surnames()
        found = []
        for i, tok in enumerate(doc):
            if tok.lower_ not in _FAMILY_NOUNS or not tok.is_lower or self._names_a_service(doc, i):
                continue
            start = self._surname_start(doc, i)
            if start < 0:
                continue
            span = doc[start:i]
            double_barrelled = any(t.text in HYPHENS for t in span)
            listed = span[-1].lower_ in lasts and span[-1].lower_ not in AMBIGUOUS_NAMES
            after_the = start > 0 and doc[start - 1].lower_ == "the"
            if after_the or double_barrelled or listed:
                end = span[-1].idx + len(span[-1])
                found.append(rule_result(self, PERSON, span[0].idx, end, self.SCORE, "family"))
        return found
