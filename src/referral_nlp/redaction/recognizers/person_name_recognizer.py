"""PersonNameRecognizer: the names spaCy's statistical NER misses in referral notes.

Small NER models are trained on news text. Referral notes write names SURNAME-first, in capitals,
in lower case, behind titles with initials ("Mrs J. O'Neill"), and straight after a role ("mum
sarah", "SW: Priya"). This recogniser reads the spaCy tokens Presidio already produced and adds
rule-based candidates; Presidio's SpacyRecognizer still reports the model's own PERSON spans and
the redactor merges both.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.attrs import IDX, LENGTH

from referral_nlp.redaction.name_lists import (
    AMBIGUOUS_NAMES,
    PARTICLES,
    TITLES,
    first_names,
    surnames,
)
from referral_nlp.redaction.taxonomy import PERSON
from referral_nlp.redaction.vocabulary import INSTITUTIONAL_WORDS, SOCIAL_CARE_TERMS


class PersonNameRecognizer(EntityRecognizer):
    """Rule-based PERSON candidates from titles, capitals, roles and name gazetteers."""

    TITLES = TITLES
    #: Words after which the next name-like word is a person ("mum Sarah", "SW: priya").
    ROLE_CUES = frozenset(
        """mum mother mom dad father stepdad stepfather stepmum stepmother partner boyfriend
        girlfriend husband wife ex brother sister son daughter sibling grandmother grandma nan nana
        nanna gran grandfather grandad granddad aunt auntie uncle cousin child baby niece nephew
        sw dsl hv gp teacher headteacher head officer pc midwife worker nurse called named
        aka referrer applicant victim perpetrator friend neighbour carer kid kids stepson
        stepdaughter grandson granddaughter fiance fiancé fiancee fiancée spouse godmother
        godfather christened said says asked replied added explained""".split()
    )
    #: Verbs of speech: 'said Zeljko to Teresa', '..., says Hauta-aho.' The name must end the
    #: clause, so "said Leeds was nice" and "said Yes" are not names.
    SPEECH_CUES = frozenset({"said", "says", "asked", "replied", "added", "explained"})
    SPEECH_AFTER = frozenset({"to", "and", "in", "on", "at", "from", "with", "as", "when"})
    INTERJECTIONS = frozenset(
        "yes no ok okay hello hi hey sorry thanks please goodbye bye well right sure".split()
    )
    #: Cues that take an object pronoun before the name: "named him Luís", "called her Bee".
    NAMING_CUES = frozenset({"named", "called", "christened", "nicknamed"})
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
    QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})
    SCORE_AGE_ANCHOR = 0.6
    SCORE_INITIAL_SURNAME = 0.6
    SCORE_MIDDLE_INITIAL = 0.6
    SCORE_INITIALS = 0.5
    #: Written after an English judge's surname.
    JUDICIAL_SUFFIXES = frozenset({"J", "LJ", "JJ", "LJJ"})
    #: Nouns followed by a letter that names a kind, not a person: "Type A", "Vitamin D", "Plan B".
    LETTER_DESIGNATED = frozenset(
        """type vitamin plan group class block grade level year key stage part section appendix
        option category phase tier room ward bay flat unit hepatitis schedule annex annexe
        exhibit form size blood point zone wing floor team house building gate terminal platform
        route model series version channel row column table figure item list note box""".split()
    )
    #: An age right after a word makes the word a name: "Maisie (8)", "kyle 6yo", "Isla (4 mths)".
    _AGE_MARKER = re.compile(
        r"\s*\(\s*\d{1,2}(?:\s*(?:months?|mths?|yrs?|years?|weeks?|wks?)(?:\s+old)?)?\s*\)"
        r"|\s*\d{1,2}\s?(?:yo|y/o|yrs?)\b"
        # A date of birth straight after the words: "charlie day DOB 4 Feb 15", "(d.o.b. ...".
        r"|\s*,?\s*\(?\s*(?:DOB|D\.O\.B|d\.o\.b|dob|Dob)\b"
        # Born on a date: "baby: mohammed sadiq born 20/04/2021".
        r"|\s+born\s+(?:on\s+)?\d"
        # An age between commas: "sibling star kerr, 2, attends".
        r"|\s*,\s*\d{1,2}\s*,\s+(?!\d)"
    )
    #: An age marker right after the end of a word: where to look for a name before it.
    _AGE_MARKER_AFTER_WORD = re.compile(r"(?<=[^\s])(?:" + _AGE_MARKER.pattern + r")")
    #: Words a lower-case name in front of an age or DOB may follow ("with berat akbulut (DOB").
    _LEAD_INS = frozenset({"with", "and", "re", "of", "for", "to", "child", "sibling", "&"})

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

    #: Verb forms a capitalised name is never tagged with ("HARRIS Attended", "Sarah Reported").
    VERB_FORM_TAGS = frozenset({"VBD", "VBN", "VBG"})

    def _is_cap_name(self, tok) -> bool:
        t = tok.text
        return (
            len(t) > 1
            and t[0].isupper()
            and tok.tag_ not in self.VERB_FORM_TAGS
            and any(c.islower() for c in t[1:])
            and t.replace("'", "").replace("’", "").isalpha()
            and not tok.is_stop
            and not self._is_field_term(tok)
        )

    def _is_caps_word(self, tok) -> bool:
        """A word in capitals, apostrophes and hyphens inside allowed ("O'BRIEN", "ADE-BELL")."""
        t = tok.text
        core = t.replace("'", "").replace("’", "").replace("-", "")
        return (
            len(t) > 1
            and core.isalpha()
            and t.isupper()
            and t[0].isalpha()
            and t[-1].isalpha()
            and not self._is_field_term(tok)
        )

    #: Several initials in one token: "A.B.", "J.-P.", "H.Ç.", "M.A.R.".
    _INITIALS = re.compile(r"(?:[^\W\d_]\.-?){2,3}")
    #: Dotted abbreviations that are not initials ("Mr U.S. Marshal" is rare; "U.K." is common).
    NOT_INITIALS = frozenset(
        """u.k. u.s. u.s.a. e.u. u.n. a.m. p.m. e.g. i.e. n.b. p.s. q.c. k.c. m.p. g.p. p.c. d.c.
        b.a. m.a. m.d. b.sc. r.e. p.e. i.t. c.v. a.d. b.c. d.o.b. n.h.s. r.i.p. t.v. d.j. o.k.
        s.a. a.s.a.p. r.s.v.p. v.s. n.a. a.k.a. e.t.a.""".split()
    )

    @classmethod
    def _is_initial(cls, tok) -> bool:
        t = tok.text
        if (len(t) == 1 and t.isalpha() and t.isupper()) or (
            len(t) == 2 and t[0].isalpha() and t[0].isupper() and t[1] == "."
        ):
            return True
        return (
            3 < len(t) <= 9
            and t.isupper()
            and cls._INITIALS.fullmatch(t) is not None
            and t.lower() not in cls.NOT_INITIALS
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
        """A sentence-initial word used as a name: "Jacob lives ...", "Sara: ...", "Ari, ...",
        "Priya and Arjun Sharma ..." (a name joined to the next one)."""
        if i + 1 >= len(doc):
            return False
        nxt = doc[i + 1]
        if (
            nxt.lower_ in {"and", "&"}
            and i + 2 < len(doc)
            and doc[i + 2].text[:1].isupper()
            and doc[i + 2].tag_.startswith("NNP")
        ):
            return True
        return nxt.text in {":", ","} or (
            nxt.tag_.startswith(("VB", "MD")) and doc[i].tag_.startswith("NNP")
        )

    def _extend(self, doc, i: int, lower: bool = False) -> int:
        """Index one past the last token of the name starting at ``i`` (``i`` if none)."""
        j, taken = i, 0
        while j < len(doc) and taken < self.MAX_NAME_TOKENS:
            tok = doc[j]
            if taken and tok.lower_.rstrip(".") in self.SHORT_TITLES:
                break  # "Counsellor Ms R. Ogunleye": a title starts a new name
            if self._name_token(tok) or (lower and self._lower_name(tok)):
                j, taken = j + 1, taken + 1
                continue
            # "armstrong, nicole" after a role: the same order in lower case.
            if (
                lower
                and taken == 1
                and tok.text == ","
                and self._lower_surname_comma_first(doc, j - 1, first_names(), surnames())
            ):
                j += 1
                continue
            # "DOYLE, Shannon": a surname in capitals, a comma, then the forename.
            if (
                taken == 1
                and tok.text == ","
                and j + 1 < len(doc)
                and self._is_caps_word(doc[j - 1])
                and self._is_cap_name(doc[j + 1])
                and not self._is_caps_word(doc[j + 1])
            ):
                j += 1
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
    #: Capitalised sentence openers that are people's roles, not their names.
    #: Verbs whose subject is a person: what someone says, does to someone, or how they live.
    PERSON_VERBS = frozenset(
        """said says told tells stated states reported disclosed discloses admitted admits denied
        denies threatened threatens phoned rang texted messaged hit hits punched pushed slapped
        kicked grabbed assaulted strangled shouted screamed swore refused agreed explained
        confirmed alleged alleges claimed claims cried spoke mentioned shared admitted drinks
        drank smokes smoked lives lived works worked wants wanted feels felt thinks thought
        believes believed met visited""".split()
    )
    NOT_SUBJECT_NAMES = frozenset(
        """stepdad stepmum stepfather stepmother grandad grandma granddad nanna foster carer
        caller referrer officer paramedic teacher school nursery college police""".split()
    )
    #: Abbreviated titles, which never sit inside a name ("Lord" and "Master" can: "Mr A Lord").
    SHORT_TITLES = frozenset(
        "mr mrs ms miss mx dr prof pc dc ds di dci ps sgt insp cllr rev".split()
    )
    #: Tags of words that are never part of a name, whatever the lists say.
    FUNCTION_TAGS = ("IN", "DT", "PRP", "CC", "TO", "WP", "WDT", "MD", "CD", "EX", "PDT")
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

    @staticmethod
    def _lower_surname_comma_first(doc, k: int, firsts: frozenset[str], lasts) -> bool:
        """ "armstrong, nicole": a lower-case surname, a comma and a known first name."""
        return (
            k + 2 < len(doc)
            and doc[k].lower_ in lasts
            and doc[k + 1].text == ","
            and doc[k + 2].is_lower
            and doc[k + 2].lower_ in firsts
            and doc[k + 2].lower_ not in AMBIGUOUS_NAMES
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
        elif (
            low in {"called", "nicknamed", "aka", "calls"}
            and i + 1 < len(doc)
            and doc[i + 1].text in self.QUOTES
        ):
            k = i + 1  # 'one called "Zee"': a quoted name after "called"
        if not k:
            return 0
        while k < len(doc) and (doc[k].text in self.NAME_CUE_GAP or doc[k].is_space):
            k += 1
        return k if k < len(doc) else 0

    def _ends_clause(self, doc, k: int, end: int) -> bool:
        """After a verb of speech: not an interjection, and the clause ends after the name."""
        if doc[k].lower_ in self.INTERJECTIONS:
            return False
        return end >= len(doc) or doc[end].is_punct or doc[end].lower_ in self.SPEECH_AFTER

    LIST_SEPARATORS = frozenset({",", "and", "&"})

    def _in_list_of_first_names(self, doc, i: int, firsts: frozenset[str]) -> bool:
        """A capitalised word in a list of three or more single words, most of them first names.

        Lists are read one word per item ("Efimiya, Mary, Ariana, Isabel and Jodi"); a list of
        places or things ("Leeds, Bradford and Sarah") has too few first names to count.
        """
        items = [i]
        for step in (-1, 1):
            j = i
            while True:
                k = j + step
                while 0 <= k < len(doc) and doc[k].lower_ in self.LIST_SEPARATORS:
                    k += step
                if k == j + step or not 0 <= k < len(doc) or not self._is_cap_name(doc[k]):
                    break
                # The item must be a single word: no name word straight after it.
                after = k + 1
                if after < len(doc) and self._is_cap_name(doc[after]):
                    break
                items.append(k)
                j = k
        if len(items) < 3:
            return False
        known = sum(
            1 for k in items if doc[k].lower_ in firsts and doc[k].lower_ not in AMBIGUOUS_NAMES
        )
        return known >= 2 and known * 2 >= len(items)

    def _lower_surname_after(self, doc, k: int, lasts) -> bool:
        """A lower-case census surname at ``k``, joined to the word before by one space."""
        return (
            k < len(doc)
            and doc[k - 1].whitespace_ == " "
            and doc[k].is_lower
            and doc[k].is_alpha
            and not doc[k].is_stop
            and not doc[k].tag_.startswith(self.NOT_NAME_TAGS)
            and doc[k].lower_ not in SOCIAL_CARE_TERMS
            and doc[k].lower_ in lasts
        )

    def _lower_list_name(self, doc, i: int, firsts: frozenset[str]) -> bool:
        """A lower-case first name in a list beside another first name ("kai, tyler and amy").

        The tagger's reading is not asked: it takes an unknown name for a verb ("sarah and
        kayden" gives "kayden" VBD), and the list vouches for the word.
        """
        tok = doc[i]
        if not (
            tok.is_lower
            and tok.is_alpha
            and not tok.is_stop
            and tok.lower_ in firsts
            and tok.lower_ not in AMBIGUOUS_NAMES
            and tok.lower_ not in SOCIAL_CARE_TERMS
        ):
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

            # "kayden's bruise", "Tyler's dad": a first name that owns something.
            if (
                (tok.is_lower or tok.is_title)
                and i + 1 < n
                and doc[i + 1].text in {"'s", "’s"}
                and not (i + 2 < n and doc[i + 2].lower_ == "law")  # "Sarah's Law"
                and not tok.whitespace_
                and tok.is_alpha
                and not tok.is_stop
                and tok.lower_ in firsts
                and tok.lower_ not in AMBIGUOUS_NAMES
                and tok.lower_ not in SOCIAL_CARE_TERMS
            ):
                found.append(self._result(doc, i, i + 1, self.SCORE_LOWER_LIST, "possessive"))
                i += 1
                continue
            if low in self.TITLES and i + 1 < n:
                k = i + 1 + (doc[i + 1].text == ".")
                # A police collar number between rank and name: "PC 4521 HARRIS".
                if k + 1 < n and doc[k].is_digit and len(doc[k].text) <= 6:
                    k += 1
                # "Mr and Mrs Woods": both titles belong to the one name.
                if (
                    k + 1 < n
                    and doc[k].lower_ in {"and", "&"}
                    and doc[k + 1].lower_.rstrip(".") in self.TITLES
                ):
                    k += 2 + (k + 2 < n and doc[k + 2].text == ".")
                if k < n:
                    end = self._extend(doc, k, lower=tok.is_lower)
                    if end == k and tok.is_lower and self._wordlike(doc[k]) and not doc[k].is_stop:
                        end = k + 1  # "mrs jones": lower-case title, lower-case surname
                    if end > k:
                        found.append(self._result(doc, i, end, self.SCORE_TITLE, "title"))
                        i = end
                        continue

            cue_end = self._name_cue_end(doc, i)
            if cue_end:
                k = cue_end
                end = k
                while (
                    end < n
                    and end - k < 3
                    # "Name: Sam Lee Phone: ...": a word before a colon is the next field's label.
                    and not (end > k and end + 1 < n and doc[end + 1].text == ":")
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
                if low in self.NAMING_CUES and k < n and doc[k].lower_ in {"him", "her", "them"}:
                    k += 1
                while k < n and (doc[k].text in self.CUE_GAP or doc[k].is_space):
                    k += 1
                if k < n and not doc[k].is_punct:
                    end = self._extend(doc, k, lower=True)
                    # A lower-case word after a role must be a known first name ("mum's new
                    # partner" is not a name; "mum sarah" is).
                    lower_head = (
                        doc[k].is_lower
                        and doc[k].lower_ not in firsts
                        and not self._lower_surname_comma_first(doc, k, firsts, lasts)
                    )
                    if (
                        end > k
                        and not lower_head
                        and not all(self._is_initial(t) for t in doc[k:end])
                        and (low not in self.SPEECH_CUES or self._ends_clause(doc, k, end))
                    ):
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
                elif (
                    len(span) == 1
                    and not caps
                    and self._sentence_start(doc, i)
                    and tok.tag_ == "NNP"
                    and tok.lower_ not in self.ROLE_CUES
                    and tok.lower_ not in self.NOT_SUBJECT_NAMES
                    and i + 1 < n
                    and doc[i + 1].tag_ in {"VBZ", "VBD"}
                    and doc[i + 1].is_lower
                ):
                    # "Nasreen recognises ...", "Eilidh said ...": a proper noun the lists do
                    # not know, opening a sentence as the subject of a verb in the third person.
                    score, rule = self.SCORE_GAZETTEER_SINGLE, "sentence-subject"
                elif (
                    len(span) == 2
                    and not caps
                    and all(t.tag_ == "NNP" for t in span)
                    and not any(
                        t.lower_ in SOCIAL_CARE_TERMS
                        or t.lower_ in self.ROLE_CUES
                        or t.lower_ in self.NOT_SUBJECT_NAMES
                        or t.lower_ in INSTITUTIONAL_WORDS
                        for t in span
                    )
                    and end < n
                    and doc[end].lower_ in self.PERSON_VERBS
                ):
                    # "Babatunde Obi threatened ...": two proper nouns the lists do not know,
                    # the subject of a verb only people do ("Neglect Toolkit completed" is not).
                    score, rule = self.SCORE_GAZETTEER_SINGLE, "pair-subject"
                elif (
                    len(span) == 3
                    and self._is_cap_name(span[0])
                    and span[0].lower_ not in self.LETTER_DESIGNATED
                    and len(span[1].text.rstrip(".")) == 1
                    and self._is_initial(span[1])
                    and self._is_cap_name(span[2])
                ):
                    # "Elita B Desaulniers", "Vide A. Persson": first name, middle initial and
                    # surname; no gazetteer needed, the shape is a Western full name.
                    score, rule = self.SCORE_MIDDLE_INITIAL, "middle-initial"
                elif (
                    len(span) == 2
                    and self._is_cap_name(span[0])
                    and span[0].lower_ not in self.LETTER_DESIGNATED
                    and span[1].text in self.JUDICIAL_SUFFIXES
                    and not (end < n and doc[end].text[:1].isupper())
                ):
                    # "Mostyn J", "Tugendhat J": a High Court judge (LJ: Lord Justice).
                    score, rule = self.SCORE_MIDDLE_INITIAL, "judge"
                if not rule and len(span) == 1 and self._in_list_of_first_names(doc, i, firsts):
                    # "They had 6: Efimiya, Mary, Ariana and Jodi": an unknown name among names.
                    score, rule = self.SCORE_GAZETTEER_SINGLE, "list of names"
                if rule:
                    found.append(self._result(doc, i, end, score, rule))
                    i = end
                    continue
                if (
                    end > i + 2
                    and self._sentence_start(doc, i)
                    and not tok.tag_.startswith("NN")
                    and tok.lower_ not in firsts
                ):
                    # "Later Harkwood J ...": the opening word is no noun, capitalised by its
                    # position only; read the rest of the run on its own.
                    i += 1
                    continue
                i = max(end, i + 1)
                continue

            # "P. Doherty", "K Singh": an initial, then a capitalised census surname.
            if self._is_initial(tok) and tok.text[0].isupper():
                end = self._extend(doc, i)
                span = doc[i:end]
                if (
                    len(span) > 1
                    and self._is_cap_name(span[-1])
                    and span[-1].lower_ in lasts
                    and (tok.text.endswith(".") or len(span) > 2)
                ):
                    found.append(
                        self._result(doc, i, end, self.SCORE_INITIAL_SURNAME, "initial-surname")
                    )
                    i = end
                    continue
                # "W.K. lodged a petition": a person known by initials alone (judgments and
                # minutes anonymise so); one initial ("M.") is too often a list letter.
                if len(span) == 1 and len(tok.text) > 2:
                    found.append(self._result(doc, i, i + 1, self.SCORE_INITIALS, "initials"))
                    i += 1
                    continue

            if self._lower_list_name(doc, i, firsts):
                # "Jamie and olivia thompson": the list item may carry its surname.
                end = i + 2 if self._lower_surname_after(doc, i + 1, lasts) else i + 1
                found.append(self._result(doc, i, end, self.SCORE_LOWER_LIST, "lower-case list"))
                i = end
                continue

            # "john smith", "noah price": a lower-case first name, then a census surname (an
            # everyday-word surname counts here: the first name before it vouches for it).
            if (
                tok.is_lower
                and i + 1 < n
                and self._lower_name(tok)
                and tok.lower_ in firsts
                and doc[i + 1].is_lower
                and doc[i + 1].is_alpha
                and not doc[i + 1].tag_.startswith(self.NOT_NAME_TAGS)
                and doc[i + 1].lower_ not in SOCIAL_CARE_TERMS
                and doc[i + 1].lower_ in lasts
            ):
                found.append(self._result(doc, i, i + 2, self.SCORE_LOWER_FULL, "lower-case"))
                i += 2
                continue
            # "tyler-james": two first names joined by a hyphen, in any case.
            if (
                i + 2 < n
                and doc[i + 1].text == "-"
                and not doc[i].whitespace_
                and not doc[i + 1].whitespace_
                and tok.lower_ in firsts
                and doc[i + 2].lower_ in firsts
                and tok.is_alpha
                and doc[i + 2].is_alpha
            ):
                found.append(self._result(doc, i, i + 3, self.SCORE_LOWER_FULL, "hyphenated"))
                i += 3
                continue
            i += 1
        found.extend(self._age_anchored(doc, text, firsts, lasts))
        return found

    def _age_anchored(self, doc, text: str, firsts: frozenset[str], lasts: frozenset[str]) -> list:
        """Names straight before an age: "Maisie (8)", "grace adebayo (12)", "kyle 6yo"."""
        out = []
        # Markers are found in the text, then tied to the token they follow: a regex per token
        # (and a Token object per token) cost more than the rest of this recogniser.
        ends = None
        for marker in self._AGE_MARKER_AFTER_WORD.finditer(text):
            if ends is None:
                starts = doc.to_array(IDX)
                ends = (starts + doc.to_array(LENGTH)).tolist()
            i = bisect_left(ends, marker.start())
            if i >= len(ends) or ends[i] != marker.start():
                continue
            start = i
            while (
                start >= 0 and start > i - 3 and self._age_anchored_name(doc, start, firsts, lasts)
            ):
                pair_start = self._lower_pair_after_break(doc, start)
                if pair_start >= 0 and doc[start].lower_ not in firsts:
                    start = pair_start - 1  # the forename before it is taken with it
                    break
                start -= 1
            # Take in a hyphenated forename ahead of the run: "ebony-lily robinson, DOB".
            while (
                start >= 2
                and start < i
                and doc[start].text == "-"
                and not doc[start].whitespace_
                and not doc[start - 1].whitespace_
                and doc[start - 1].is_alpha
                and not doc[start - 1].is_stop
            ):
                start -= 2
            if start < i:
                out.append(self._result(doc, start + 1, i + 1, self.SCORE_AGE_ANCHOR, "age-anchor"))
        return out

    def _age_anchored_name(
        self, doc, i: int, firsts: frozenset[str], lasts: frozenset[str]
    ) -> bool:
        tok = doc[i]
        if (
            not self._wordlike(tok)
            or tok.is_stop
            or self._is_field_term(tok)
            or tok.lower_ in self.ROLE_CUES
            or tok.lower_.rstrip(".") in self.TITLES
        ):
            return False
        if self._is_cap_name(tok) or self._is_caps_word(tok):
            return True
        low = tok.lower_
        if tok.tag_.startswith(self.FUNCTION_TAGS):
            return False
        # A known first name, or any word after one ("grace adebayo (12)", "charlie pickering
        # DOB": the tagger reads an unknown surname as a verb, so tags are not asked here).
        # An everyday-word forename ("grace", "hope") only with a surname after it.
        ambiguous_ok = i + 1 < len(doc) and doc[i + 1].is_alpha
        if (low in firsts and (low not in AMBIGUOUS_NAMES or ambiguous_ok)) or (
            i > 0 and doc[i - 1].lower_ in firsts
        ):
            return True
        if tok.tag_.startswith((*self.NOT_NAME_TAGS, "JJ")):
            return False  # "mum is very young (19)"
        # Two unknown lower-case nouns after a break or a lead-in word: "closure - praise
        # ogundipe (7)", "with berat akbulut (d.o.b.": a forename and a surname.
        return self._lower_pair_after_break(doc, i) >= 0

    def _lower_pair_after_break(self, doc, i: int) -> int:
        """Start of the forename if ``doc[i]`` ends a lower-case forename-surname pair, else -1."""
        if i < 1 or not doc[i].tag_.startswith("NN"):
            return -1
        first = doc[i - 1]
        j = i - 1
        # A hyphenated forename: "autumn-mia rich".
        if first.text == "-" and j >= 2 and not doc[j - 1].whitespace_ and not first.whitespace_:
            j -= 2
            first = doc[j]
        if (
            not first.is_alpha
            or first.is_stop
            or self._is_field_term(first)
            or first.tag_.startswith((*self.NOT_NAME_TAGS, "JJ"))
        ):
            return -1
        before = doc[j - 1] if j > 0 else None
        after_break = (
            before is None
            or before.is_punct
            or "\n" in before.whitespace_
            or before.lower_ in self._LEAD_INS
            or before.lower_ in self.ROLE_CUES
        )
        return j if after_break else -1

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
