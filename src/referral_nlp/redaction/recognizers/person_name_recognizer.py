"""PersonNameRecognizer: the names spaCy's statistical NER misses in referral notes.

Small NER models are trained on news text. Referral notes write names SURNAME-first, in capitals,
in lower case, behind titles with initials ("Mrs J. O'Neill"), and straight after a role ("mum
sarah", "SW: Priya"). This recogniser reads the spaCy tokens Presidio already produced and adds
rule-based candidates; Presidio's SpacyRecognizer still reports the model's own PERSON spans and
the redactor merges both.
"""

from __future__ import annotations

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from referral_nlp.redaction.name_lists import (
    AMBIGUOUS_NAMES,
    PARTICLES,
    TITLES,
    first_names,
    surnames,
)
from referral_nlp.redaction.taxonomy import PERSON
from referral_nlp.redaction.vocabulary import SOCIAL_CARE_TERMS


class PersonNameRecognizer(EntityRecognizer):
    """Rule-based PERSON candidates from titles, capitals, roles and name gazetteers."""

    TITLES = TITLES
    #: Words after which the next name-like word is a person ("mum Sarah", "SW: priya").
    ROLE_CUES = frozenset(
        """mum mother mom dad father stepdad stepfather stepmum stepmother partner boyfriend
        girlfriend husband wife ex brother sister son daughter sibling grandmother grandma nan nana
        nanna gran grandfather grandad granddad aunt auntie uncle cousin child baby niece nephew
        sw dsl hv gp teacher headteacher head officer pc midwife worker nurse called named
        aka referrer applicant victim perpetrator friend neighbour carer""".split()
    )
    PARTICLES = PARTICLES
    #: Connectors allowed between a role cue and the name.
    CUE_GAP = frozenset({",", ":", "-", "is", "was", "called", "named", "(", "'s"})

    SCORE_TITLE = 0.85
    SCORE_CAPS = 0.75
    SCORE_GAZETTEER_FULL = 0.65
    SCORE_ROLE = 0.6
    SCORE_GAZETTEER_SINGLE = 0.45
    SCORE_LOWER_FULL = 0.5
    SCORE_NAME_CUE = 0.7
    SCORE_LOWER_LIST = 0.45

    #: Tokens allowed between a name cue ("name is", "Name:") and the name itself.
    NAME_CUE_GAP = frozenset({":", "is", "was", "-", "–", "?", "=", '"', "“", "'", "’s", "'s"})

    MAX_NAME_TOKENS = 5

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=[PERSON],
            name="PersonNameRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        # Gazetteers load lazily on first use and are cached process-wide.
        pass

    # ---- token predicates -------------------------------------------------------------------
    @staticmethod
    def _is_field_term(tok) -> bool:
        return tok.lower_ in SOCIAL_CARE_TERMS

    def _is_cap_name(self, tok) -> bool:
        t = tok.text
        return (
            len(t) > 1
            and t[0].isupper()
            and any(c.islower() for c in t[1:])
            and t.replace("'", "").replace("’", "").isalpha()
            and not tok.is_stop
            and not self._is_field_term(tok)
        )

    def _is_caps_word(self, tok) -> bool:
        t = tok.text
        return len(t) > 1 and t.isalpha() and t.isupper() and not self._is_field_term(tok)

    @staticmethod
    def _is_initial(tok) -> bool:
        t = tok.text
        return (len(t) == 1 and t.isalpha() and t.isupper()) or (
            len(t) == 2 and t[0].isalpha() and t[0].isupper() and t[1] == "."
        )

    def _name_token(self, tok) -> bool:
        return self._is_cap_name(tok) or self._is_caps_word(tok) or self._is_initial(tok)

    @staticmethod
    def _sentence_start(doc, i: int) -> bool:
        if i == 0:
            return True
        prev = doc[i - 1]
        return (
            prev.is_space
            or prev.text in {".", "!", "?", ":", ";", "-", "•", "*"}
            or "\n" in (prev.whitespace_ + prev.text)
        )

    @staticmethod
    def _opens_with_first_name(span, firsts: frozenset[str]) -> bool:
        """ "Sarah Jones", "J. Smith": a known first name (or an initial) leads the run, so a
        title of a song or a book ("Secretly Love") is not taken for a person."""
        head = span[0]
        if len(head.text) <= 2 and head.text[0].isupper():
            return len(span) > 1 and span[-1].lower_ in surnames()
        return head.lower_ in firsts and head.lower_ not in AMBIGUOUS_NAMES

    @staticmethod
    def _acts_as_subject(doc, i: int) -> bool:
        """A sentence-initial word used as a name: "Jacob lives ...", "Sara: ...", "Ari, ..."."""
        if i + 1 >= len(doc):
            return False
        nxt = doc[i + 1]
        return nxt.text in {":", ","} or (
            nxt.tag_.startswith(("VB", "MD")) and doc[i].tag_.startswith("NNP")
        )

    def _extend(self, doc, i: int, lower: bool = False) -> int:
        """Index one past the last token of the name starting at ``i`` (``i`` if none)."""
        j, taken = i, 0
        while j < len(doc) and taken < self.MAX_NAME_TOKENS:
            tok = doc[j]
            if self._name_token(tok) or (lower and self._lower_name(tok)):
                j, taken = j + 1, taken + 1
                continue
            # Hyphenated and particle names: "Smith-Jones", "van der Berg", "Abu - Bakr".
            if (
                taken
                and j + 1 < len(doc)
                and (tok.text in {"-", "–"} or tok.lower_ in self.PARTICLES)
                and (self._name_token(doc[j + 1]) or (lower and self._lower_name(doc[j + 1])))
            ):
                j += 1
                continue
            break
        # A trailing particle or hyphen is not part of a name.
        while j > i and (doc[j - 1].lower_ in self.PARTICLES or doc[j - 1].text in {"-", "–"}):
            j -= 1
        return j

    @staticmethod
    def _wordlike(tok) -> bool:
        return tok.text.replace("'", "").replace("’", "").replace("-", "").isalpha()

    #: Penn Treebank tags (from spaCy's tagger) a lower-case name is never given: verbs,
    #: auxiliaries, prepositions, determiners, pronouns, conjunctions, adverbs, particles and
    #: numbers ("mum priya said": not "said"). Tags rather than coarse POS, so the redactor
    #: can leave out spaCy's attribute ruler.
    NOT_NAME_TAGS = ("VB", "MD", "IN", "DT", "PRP", "WP", "WDT", "CC", "RB", "RP", "TO", "CD")

    def _lower_name(self, tok) -> bool:
        low = tok.lower_
        return (
            tok.is_alpha
            and not tok.tag_.startswith(self.NOT_NAME_TAGS)
            and low not in AMBIGUOUS_NAMES
            and not tok.is_stop
            and low not in SOCIAL_CARE_TERMS
            and (low in first_names() or low in surnames())
        )

    def _name_cue_end(self, doc, i: int) -> int:
        """Index of the first name token after a name cue at ``i``, or 0 if there is none.

        Cues: "name is", "Name:", "surname", "maiden name", "call me", "known as".
        """
        tok = doc[i]
        low = tok.lower_
        k = 0
        if low in {"name", "surname", "forename", "forenames"}:
            k = i + 1
            if k < len(doc) and doc[k].text not in self.NAME_CUE_GAP:
                return 0  # "name the school" / "names of children": no cue
        elif (
            low in {"call", "calls", "called"}
            and i + 1 < len(doc)
            and doc[i + 1].lower_ in {"me", "him", "her", "them"}
        ) or (low == "known" and i + 1 < len(doc) and doc[i + 1].lower_ == "as"):
            k = i + 2
        if not k:
            return 0
        while k < len(doc) and (doc[k].text in self.NAME_CUE_GAP or doc[k].is_space):
            k += 1
        return k if k < len(doc) else 0

    def _lower_list_name(self, doc, i: int, firsts: frozenset[str]) -> bool:
        """A lower-case first name in a list beside another first name ("kai, tyler and amy")."""
        if not (doc[i].is_lower and self._lower_name(doc[i]) and doc[i].lower_ in firsts):
            return False
        for step in (-1, 1):
            j = i + step
            if 0 <= j < len(doc) and doc[j].text in {",", "and", "&", "/"}:
                j += step
                if (
                    0 <= j < len(doc)
                    and doc[j].lower_ in firsts
                    and doc[j].lower_ not in (AMBIGUOUS_NAMES)
                ):
                    return True
        return False

    # ---- analysis ---------------------------------------------------------------------------
    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if PERSON not in entities or nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc = nlp_artifacts.tokens
        found: list[RecognizerResult] = []
        firsts, lasts = first_names(), surnames()
        n = len(doc)
        i = 0
        while i < n:
            tok = doc[i]
            low = tok.lower_.rstrip(".")
            end, score, rule = i, 0.0, ""

            if low in self.TITLES and i + 1 < n:
                k = i + 1 + (doc[i + 1].text == ".")
                if k < n:
                    end = self._extend(doc, k, lower=tok.is_lower)
                    if end == k and tok.is_lower and self._wordlike(doc[k]) and not doc[k].is_stop:
                        end = k + 1  # "mrs jones": lower-case title, lower-case surname
                    score, rule = self.SCORE_TITLE, "title"
                    if end > k:
                        found.append(self._result(doc, i, end, score, rule))
                        i = end
                        continue

            cue_end = self._name_cue_end(doc, i)
            if cue_end:
                k = cue_end
                end = k
                while (
                    end < n
                    and end - k < 3
                    and (
                        (
                            self._wordlike(doc[end])
                            and not doc[end].is_stop
                            and doc[end].lower_ not in SOCIAL_CARE_TERMS
                        )
                        or (end > k and self._is_initial(doc[end]))
                    )
                ):
                    end += 1
                if end > k:
                    found.append(self._result(doc, k, end, self.SCORE_NAME_CUE, "name-cue"))
                    i = end
                    continue

            if low in self.ROLE_CUES:
                k = i + 1
                while k < n and (doc[k].text in self.CUE_GAP or doc[k].is_space):
                    k += 1
                if k < n and not doc[k].is_punct:
                    end = self._extend(doc, k, lower=True)
                    if end > k and not all(self._is_initial(t) for t in doc[k:end]):
                        found.append(self._result(doc, k, end, self.SCORE_ROLE, "role"))
                        i = end
                        continue

            if self._is_caps_word(tok) or self._is_cap_name(tok):
                end = self._extend(doc, i)
                span = doc[i:end]
                caps = [t for t in span if self._is_caps_word(t)]
                gaz = [t for t in span if t.lower_ in firsts or t.lower_ in lasts]
                unambiguous_gaz = [t for t in gaz if t.lower_ not in AMBIGUOUS_NAMES]
                multi = sum(1 for t in span if not self._is_initial(t)) >= 2
                if multi and caps and len(caps) < len(span):
                    score, rule = self.SCORE_CAPS, "surname-caps"  # "SMITH John", "John SMITH"
                elif (
                    multi
                    and self._opens_with_first_name(span, firsts)
                    and (len(caps) < len(span) or len(gaz) == len(span))
                ):
                    score, rule = self.SCORE_GAZETTEER_FULL, "gazetteer-full"
                elif (
                    len(span) == 1
                    and not caps
                    and unambiguous_gaz
                    and tok.lower_ in firsts
                    and (not self._sentence_start(doc, i) or self._acts_as_subject(doc, i))
                ):
                    score, rule = self.SCORE_GAZETTEER_SINGLE, "gazetteer-first-name"
                if rule:
                    found.append(self._result(doc, i, end, score, rule))
                    i = end
                    continue
                i = max(end, i + 1)
                continue

            if self._lower_list_name(doc, i, firsts):
                found.append(self._result(doc, i, i + 1, self.SCORE_LOWER_LIST, "lower-case list"))
                i += 1
                continue

            # "john smith": two lower-case words, a first name then a surname from the lists.
            if (
                tok.is_lower
                and i + 1 < n
                and self._lower_name(tok)
                and tok.lower_ in firsts
                and doc[i + 1].is_lower
                and self._lower_name(doc[i + 1])
                and doc[i + 1].lower_ in lasts
            ):
                found.append(self._result(doc, i, i + 2, self.SCORE_LOWER_FULL, "lower-case"))
                i += 2
                continue
            i += 1
        return found

    def _result(self, doc, start: int, end: int, score: float, rule: str) -> RecognizerResult:
        span = doc[start:end]
        explanation = AnalysisExplanation(
            recognizer=self.name,
            original_score=score,
            textual_explanation=f"person-name rule: {rule}",
        )
        return RecognizerResult(
            entity_type=PERSON,
            start=span.start_char,
            end=span.end_char,
            score=score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
