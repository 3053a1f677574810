"""PersonNameRecognizer: the names spaCy's statistical NER misses in referral notes.

Small NER models are trained on news text. Referral notes write names SURNAME-first, in capitals,
in lower case, behind titles with initials ("Mrs J. O'Neill"), and straight after a role ("mum
sarah", "SW: Priya"). This recogniser reads the spaCy tokens Presidio already produced and adds
rule-based candidates; Presidio's SpacyRecognizer still reports the model's own PERSON spans and
the redactor merges both.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from referral_nlp.redaction import caps_names
from referral_nlp.redaction.age_anchored_names import age_anchored_names
from referral_nlp.redaction.english_words import english_dictionary
from referral_nlp.redaction.family_plurals import family_plural
from referral_nlp.redaction.initial_names import field_value_word, surname_initial_after
from referral_nlp.redaction.lower_surnames import unheld_surname_end
from referral_nlp.redaction.name_cues import (
    CUE_GAP,
    FINITE_PERSON_VERBS,
    INTERJECTIONS,
    JUDICIAL_SUFFIXES,
    KIN_ROLES,
    LETTER_DESIGNATED,
    NAME_CUE_GAP,
    NAMING_CUES,
    NOT_SUBJECT_NAMES,
    PERSON_VERBS,
    QUOTES,
    ROLE_CUES,
    SPEECH_AFTER,
    SPEECH_CUES,
)
from referral_nlp.redaction.name_extent import name_end
from referral_nlp.redaction.name_lists import (
    AMBIGUOUS_NAMES,
    COMMON_NOUN_NAMES,
    SHORT_TITLES,
    TITLES,
    first_names,
    surnames,
)
from referral_nlp.redaction.name_tokens import (
    CALENDAR_WORDS,
    HYPHENS,
    NOT_NAME_TAGS,
    POSSESSIVES,
    SET_OFF,
    acts_as_subject,
    finite_verb_after,
    first_name_before,
    glued,
    hyphenated_forename_end,
    in_list_of_first_names,
    in_lower_case_prose,
    is_cap_name,
    is_caps_word,
    is_field_term,
    is_first_name_token,
    is_initial,
    is_lower_name,
    is_lower_surname_word,
    is_name_token,
    is_plain_first_name,
    is_possessed_name,
    is_said_word,
    is_unlisted_lower_name,
    is_wordlike,
    kin_hyphenated_first,
    lower_at,
    lower_list_name,
    lower_name_after_kin,
    lower_surname_after,
    lower_surname_comma_first,
    opens_with_first_name,
    quoted_run_end,
    sentence_start,
    subject_of,
    surname_after_double_forename,
    surname_vouches_for,
    text_at,
)
from referral_nlp.redaction.recognizers.token_rule_recognizer import rule_result, token_list
from referral_nlp.redaction.taxonomy import PERSON
from referral_nlp.redaction.vocabulary import INSTITUTIONAL_WORDS
from referral_nlp.redaction.word_names import (
    forename_joined_before,
    word_forename_end,
    word_name_then_name,
)

#: What "in the name of" names that is no one: faith and law.
_NOT_NAMED = frozenset("god allah jesus christ lord the law justice love".split())
#: Words after a run that make it a team's or a service's name: "Disabled Children's Team".
_TEAM_WORDS_AFTER = frozenset("children's children team service services unit hub".split())
#: "m/o", "f/o": the role each abbreviation stands for.
_OF_ABBREVIATIONS = {"m": "mother", "f": "father"}


class PersonNameRecognizer(EntityRecognizer):
    """Rule-based PERSON candidates from titles, capitals, roles and name gazetteers."""

    SCORE_TITLE = 0.85
    SCORE_CAPS = 0.75
    SCORE_GAZETTEER_FULL = 0.65
    SCORE_ROLE = 0.6
    SCORE_GAZETTEER_SINGLE = 0.45
    SCORE_LOWER_FULL = 0.5
    SCORE_NAME_CUE = 0.7
    SCORE_LOWER_LIST = 0.45
    SCORE_AGE_ANCHOR = 0.6
    SCORE_INITIAL_SURNAME = 0.6
    SCORE_MIDDLE_INITIAL = 0.6
    SCORE_INITIALS = 0.5

    MAX_NAME_TOKENS = 5

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=[PERSON],
            name="PersonNameRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass  # the gazetteers load lazily on first use and are cached process-wide

    # ---- a name's extent and its cues -------------------------------------------------------
    def _extend(self, doc, i: int, lower: bool = False) -> int:
        """Index one past the last token of the name starting at ``i`` (``i`` if none)."""
        return name_end(doc, i, lower=lower, max_tokens=self.MAX_NAME_TOKENS)

    def _name_cue_end(self, doc, i: int) -> int:
        """Index of the first name token after a name cue at ``i``, or 0 if there is none.

        Cues: "name is", "Name:", "surname", "maiden name", "call me", "known as".
        """
        tok = doc[i]
        low = tok.lower_
        k = 0
        if low == "name" and lower_at(doc, i + 1) == "of" and lower_at(doc, i - 1) == "the":
            k = i + 2  # "an account in the name of T GOWERS"; not "in the name of God"
            if lower_at(doc, k) in _NOT_NAMED:
                return 0
        elif low in {"name", "surname", "forename", "forenames"}:
            k = i + 1
            if k < len(doc) and doc[k].text not in NAME_CUE_GAP:
                return 0  # "name the school" / "names of children": no cue
        elif low == "names" and i > 0 and doc[i - 1].lower_ == "my":
            k = i + 1  # "my names amira": "my name's" typed without the apostrophe
        elif (
            low in {"call", "calls", "called"}
            and lower_at(doc, i + 1) in {"me", "him", "her", "them", "himself", "herself"}
        ) or (low in {"known", "named"} and lower_at(doc, i + 1) == "as"):
            k = i + 2  # "known as", "named as Ivy"
        elif low in {"called", "nicknamed", "aka", "calls"} and text_at(doc, i + 1) in QUOTES:
            k = i + 1  # 'one called "Zee"': a quoted name after "called"
        if not k:
            return 0
        while k < len(doc) and (doc[k].text in NAME_CUE_GAP or doc[k].is_space):
            k += 1
        # "called him 'fat'": a lower-case word that is no first name is what was said to them.
        said = k < len(doc) and low in {"call", "calls", "called"} and is_said_word(doc[k])
        return k if k < len(doc) and not said else 0

    def _name_cue_run(self, doc, k: int) -> int:
        """End of the name a name cue opens at ``k``: up to three words, and a surname a form's
        narrow field pushed onto the next line on its own ("Name: Precious" / "MOYO")."""
        n = len(doc)
        end = k
        broken = False
        while (
            end < n
            and end - k < 3 + broken
            # "Name: Sam Lee Phone: ...": a word before a colon is the next field's label.
            and not (end > k and text_at(doc, end + 1) == ":")
            and (
                (is_wordlike(doc[end]) and not doc[end].is_stop and not is_field_term(doc[end]))
                or (end > k and is_initial(doc[end]))
            )
        ):
            end += 1
            if (
                not broken
                and end + 1 < n
                and doc[end].text == "\n"
                and self._lone_name_line(doc, end + 1)
            ):
                broken = True
                end += 1
        return end

    @staticmethod
    def _lone_name_line(doc, j: int) -> bool:
        """``doc[j]`` is a capitalised word or one in capitals alone on its line, and no label:
        the rest of a name field, not the next field ("Address:", "DOB 01/02/2010")."""
        tok = doc[j]
        return (
            (is_caps_word(tok) or is_cap_name(tok))
            and not tok.is_stop
            and not is_field_term(tok)
            and (j + 1 == len(doc) or doc[j + 1].is_space)
        )

    def _ends_clause(self, doc, k: int, end: int) -> bool:
        """After a verb of speech: not an interjection, and the clause ends after the name."""
        if doc[k].lower_ in INTERJECTIONS:
            return False
        return end >= len(doc) or doc[end].is_punct or doc[end].lower_ in SPEECH_AFTER

    # ---- analysis ---------------------------------------------------------------------------
    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if PERSON not in entities or nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        # The rules below read each token many times over: one list, shared (``token_list``).
        doc = token_list(nlp_artifacts)
        found: list[RecognizerResult] = []
        firsts, lasts = first_names(), surnames()
        english = english_dictionary(nlp_artifacts.tokens)
        n = len(doc)
        i = 0
        while i < n:
            tok = doc[i]
            low = tok.lower_.rstrip(".")
            end, score, rule = i, 0.0, ""
            if (
                low in _OF_ABBREVIATIONS
                and i + 2 < n
                and glued(doc, i + 1)
                and text_at(doc, i + 1) == "/"
                and lower_at(doc, i + 2) == "o"
            ):
                # "m/o shannon", "f/o Liam": mother of, father of; the role's rule reads the name.
                i, low = i + 2, _OF_ABBREVIATIONS[low]
                tok = doc[i]

            # "kayden's bruise", "Tyler's dad": a first name that owns something.
            if (
                (tok.is_lower or tok.is_title)
                and text_at(doc, i + 1) in POSSESSIVES
                and lower_at(doc, i + 2) != "law"  # "Sarah's Law"
                and not tok.whitespace_
                and is_first_name_token(tok, firsts)
            ):
                found.append(self._result(doc, i, i + 1, self.SCORE_LOWER_LIST, "possessive"))
                i += 1
                continue
            # "for 'Big Mike'", "'Tiny Jay'": a quoted nickname that ends in a known first name.
            close = quoted_run_end(doc, i) if tok.text in QUOTES else -1
            if (
                close > 0
                and is_plain_first_name(doc[close - 1].lower_, firsts)
                and not doc[close - 1].is_upper
            ):
                found.append(self._result(doc, i + 1, close, self.SCORE_ROLE, "quoted nickname"))
                i = close + 1
                continue
            if low in TITLES and i + 1 < n:
                k = i + 1 + (doc[i + 1].text == ".")
                # A police collar number between rank and name: "PC 4521 HARRIS".
                if k + 1 < n and doc[k].is_digit and len(doc[k].text) <= 6:
                    k += 1
                # "Mr and Mrs Woods": both titles belong to the one name.
                if lower_at(doc, k) in {"and", "&"} and lower_at(doc, k + 1).rstrip(".") in TITLES:
                    k += 2 + (text_at(doc, k + 2) == ".")
                if k < n:
                    end = self._extend(doc, k, lower=tok.is_lower)
                    # "PC 4471 DAVIES ATTENDED": only the name, on a line in capitals.
                    end = caps_names.name_in_capitals_end(doc, k, end, firsts, lasts, english)
                    if end == k and tok.is_lower and is_wordlike(doc[k]) and not doc[k].is_stop:
                        end = k + 1  # "mrs jones": lower-case title, lower-case surname
                    if end == k and word_name_then_name(doc, k):
                        end = self._extend(doc, k + 1)  # "Mr Will Baptiste", "Mrs May Jones"
                    if (
                        end == k
                        and low in SHORT_TITLES
                        and doc[k].is_title
                        and doc[k].is_alpha
                        and is_field_term(doc[k])
                        and doc[k].lower_ not in ROLE_CUES
                    ):
                        end = k + 1  # "Dr Sen", "Mr Day": a surname spelt like a field term
                    if end > k:
                        found.append(self._result(doc, i, end, self.SCORE_TITLE, "title"))
                        i = end
                        continue

            cue_end = self._name_cue_end(doc, i)
            if cue_end:
                k = cue_end
                end = self._name_cue_run(doc, k)
                if end > k:
                    found.append(self._result(doc, k, end, self.SCORE_NAME_CUE, "name-cue"))
                    i = end
                    continue

            if low in ROLE_CUES:
                k = i + 1
                if low in NAMING_CUES and lower_at(doc, k) in {"him", "her", "them"}:
                    k += 1
                while k < n and (doc[k].text in CUE_GAP or doc[k].is_space):
                    k += 1
                if k < n and lower_at(doc, k).rstrip(".") in SHORT_TITLES:
                    # "officer Insp. Sandhu": the title's own rule reads the name after it.
                    i = k
                    continue
                if k < n and not doc[k].is_punct:
                    end = self._extend(doc, k, lower=True)
                    if end == k and word_name_then_name(doc, k, word_names_only=True):
                        end = self._extend(doc, k + 1)  # "Father: Will Hargreaves", "Dad (May)"
                    # Straight after a family role, a lower-case known first name.
                    kin_first = (
                        end == k
                        and k == i + 1
                        and low in KIN_ROLES
                        and doc[k].is_lower
                        and doc[k].is_alpha
                        and doc[k].lower_ in firsts
                    )
                    kin_hyphen = end == k and kin_hyphenated_first(doc, i, k, low, firsts)
                    if kin_hyphen:
                        end = self._extend(doc, k + 3, lower=True)
                    elif kin_first and doc[k].lower_ in AMBIGUOUS_NAMES:
                        # "boyfriend frank": a word-name is a name unless a verb, modal or
                        # adjective ("partner will attend"); a subject is one ("nan rose is").
                        if not doc[k].tag_.startswith((*NOT_NAME_TAGS, "JJ")) or subject_of(doc, k):
                            # ... with the surname after it: "gm pat hughes".
                            end = self._extend(doc, k + 1, lower=True)
                    elif kin_first and not doc[k].is_stop and not is_field_term(doc[k]):
                        # "my son harvey he is 11": the tagger reads an unknown lower-case word
                        # after a noun as a verb; a first name that is no everyday word is a
                        # name here whatever its tag (the first-name lists hold almost no verbs).
                        end = self._extend(doc, k + 1, lower=True)
                    set_off = k == i + 2 and doc[i + 1].text in SET_OFF
                    if end == k and (k == i + 1 or set_off) and low in KIN_ROLES:
                        end = lower_name_after_kin(doc, k, lasts, english, set_off)
                        if end > k:
                            end = unheld_surname_end(doc, end, english)
                            found.append(self._result(doc, k, end, self.SCORE_ROLE, "kin-lower"))
                            i = end
                            continue
                    # A lower-case word after a role must be a known first name and no reply
                    # ("mum's new partner" and "mum ok (TM aware)" name no one; "mum sarah" does).
                    lower_head = (
                        doc[k].is_lower
                        and not kin_hyphen
                        and (doc[k].lower_ not in firsts or doc[k].lower_ in INTERJECTIONS)
                        and not lower_surname_comma_first(doc, k, firsts, lasts)
                    )
                    if (
                        end == k + 3
                        and doc[k + 1].text == "-"
                        and doc[k].is_lower
                        and surname_after_double_forename(doc, end, lasts)
                    ):
                        end += 1  # "mum tracey-ann lowndes": the surname no list knows
                    # "NEIGHBOUR BILL SHOUTING AT CHILD": only the name, in a line in capitals.
                    end = caps_names.name_in_capitals_end(doc, k, end, firsts, lasts, english)
                    if (
                        end > k
                        and not lower_head
                        and not all(is_initial(t) for t in doc[k:end])
                        and (low not in SPEECH_CUES or self._ends_clause(doc, k, end))
                        # "Social Worker, Disabled Children's Team": a team's name, no person.
                        and not (
                            end == k + 1
                            # "nurse (CCN team)"; not "social worker Okafor team manager"
                            and doc[k - 1].text in {",", "("}
                            and lower_at(doc, end) in _TEAM_WORDS_AFTER
                            and doc[k].lower_ not in firsts
                        )
                    ):
                        end = unheld_surname_end(doc, end, english)  # "mum ruta kazlauskiene"
                        found.append(self._result(doc, k, end, self.SCORE_ROLE, "role"))
                        i = end
                        continue

            if family_plural(doc, i, lasts):
                found.append(self._result(doc, i, i + 1, self.SCORE_ROLE, "family plural"))
                i += 1
                continue
            pair_end = hyphenated_forename_end(doc, i, firsts)
            if pair_end > 0:
                end = pair_end
                if end < n and doc[end - 1].whitespace_ and is_name_token(doc[end]):
                    end = self._extend(doc, end)  # "Summer-Rose Patel", "... O'Connor-Smith"
                found.append(
                    self._result(doc, i, end, self.SCORE_GAZETTEER_FULL, "double forename")
                )
                i = end
                continue
            if (
                # The verb first: it is the cheap test, and rules the most tokens out.
                lower_at(doc, i + 1) in FINITE_PERSON_VERBS
                and tok.is_lower
                and tok.is_alpha
                and tok.tag_ == "NNP"  # "man told her" is a noun; "jayden said" a name
                and not tok.is_stop
                and tok.lower_ not in LETTER_DESIGNATED  # "ward said"
                and tok.lower_ not in COMMON_NOUN_NAMES  # "major said"
                and is_plain_first_name(tok.lower_, firsts)
                and not is_field_term(tok)
                and (i == 0 or doc[i - 1].tag_ not in {"DT", "PRP$"})  # "the dean said"
            ):
                # "jayden said uncle Ryan ...", "kayden told her": a known first name in lower
                # case that the tagger reads as a proper noun, the subject of a verb only a
                # person does. Later mentions follow by name propagation.
                found.append(
                    self._result(doc, i, i + 1, self.SCORE_GAZETTEER_SINGLE, "lower subject")
                )
                i += 1
                continue
            end = word_forename_end(doc, i, self.MAX_NAME_TOKENS)
            if end > i:  # "Seen with Will Hargreaves", "Mum took Summer to the GP"
                found.append(self._result(doc, i, end, self.SCORE_GAZETTEER_FULL, "word forename"))
                i = end
                continue
            if is_caps_word(tok) or is_cap_name(tok):
                end = self._extend(doc, i)
                span = doc[i:end]
                caps = [t for t in span if is_caps_word(t)]
                # Hyphens join parts; they are neither in capitals nor not ("DYFED-POWYS",
                # "NEGLECT - HOME CONDITIONS POOR" are capitals throughout, no mixed name).
                words = [t for t in span if t.text not in HYPHENS]
                gaz = [t for t in span if t.lower_ in firsts or t.lower_ in lasts]
                unambiguous_gaz = [t for t in gaz if t.lower_ not in AMBIGUOUS_NAMES]
                # ... but "PATEL-SINGH": a double-barrelled name in capitals, glued by its
                # hyphen, is a name when the lists know a part of it.
                double_barrelled = bool(gaz) and any(
                    t.text in HYPHENS and k > 0 and glued(span, k) for k, t in enumerate(span)
                )
                multi = sum(1 for t in span if not is_initial(t)) >= 2
                capitals_line = caps_names.in_capitals_line(doc, i)
                if (
                    multi
                    and caps
                    and (len(caps) < len(words) or double_barrelled)
                    and not capitals_line
                ):
                    score, rule = self.SCORE_CAPS, "surname-caps"  # "SMITH John", "John SMITH"
                elif (
                    multi
                    and opens_with_first_name(span, firsts)
                    and (len(caps) < len(words) or len(gaz) == len(words))
                ):
                    score, rule = self.SCORE_GAZETTEER_FULL, "gazetteer-full"
                elif (
                    len(span) == 2
                    and (tok.lower_ in firsts or tok.lower_ in AMBIGUOUS_NAMES)
                    and is_initial(span[1])
                    and surname_initial_after(doc, i, firsts, english)
                ):
                    # "River O.": a forename, a word too or not, and the surname's initial.
                    score, rule = self.SCORE_GAZETTEER_FULL, "forename and initial"
                elif (
                    not caps
                    and len(words) == 3
                    and double_barrelled
                    and is_cap_name(span[0])
                    and tok.lower_ in firsts
                    and all(t.lower_ in lasts for t in words[1:])
                ):
                    # "Summer Lee-Doherty": a forename that is a word too, before a
                    # double-barrelled surname whose parts the lists both know.
                    score, rule = self.SCORE_GAZETTEER_FULL, "word forename, double surname"
                elif (
                    len(span) == 1
                    and not caps
                    and (unambiguous_gaz or is_possessed_name(doc, i))
                    and tok.lower_ in firsts
                    and (
                        not sentence_start(doc, i)
                        or acts_as_subject(doc, i)
                        # The tagger reads a note's first word as a common noun ("Kacper had a
                        # good day": NN); a known name that is no everyday word, before a
                        # finite verb, is the sentence's subject.
                        or (
                            tok.tag_.startswith("NN")
                            and tok.lower_ not in COMMON_NOUN_NAMES
                            and finite_verb_after(doc, i)
                        )
                    )
                ):
                    score, rule = self.SCORE_GAZETTEER_SINGLE, "gazetteer-first-name"
                elif (
                    len(span) == 1
                    and not caps
                    and sentence_start(doc, i)
                    and tok.tag_ == "NNP"
                    and tok.lower_ not in NOT_SUBJECT_NAMES
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
                        is_field_term(t)
                        or t.lower_ in NOT_SUBJECT_NAMES
                        or t.lower_ in INSTITUTIONAL_WORDS
                        for t in span
                    )
                    and lower_at(doc, end) in PERSON_VERBS
                ):
                    # "Babatunde Obi threatened ...": two proper nouns the lists do not know,
                    # the subject of a verb only people do ("Neglect Toolkit completed" is not).
                    score, rule = self.SCORE_GAZETTEER_SINGLE, "pair-subject"
                elif (
                    len(span) == 3
                    and is_cap_name(span[0])
                    and span[0].lower_ not in LETTER_DESIGNATED
                    and len(span[1].text.rstrip(".")) == 1
                    and is_initial(span[1])
                    and is_cap_name(span[2])
                ):
                    # "Elita B Desaulniers", "Vide A. Persson": first name, middle initial and
                    # surname; no gazetteer needed, the shape is a Western full name.
                    score, rule = self.SCORE_MIDDLE_INITIAL, "middle-initial"
                elif (
                    len(span) == 2
                    and is_cap_name(span[0])
                    and span[0].lower_ not in LETTER_DESIGNATED
                    and span[1].text in JUDICIAL_SUFFIXES
                    and not text_at(doc, end)[:1].isupper()
                ):
                    # "Mostyn J", "Tugendhat J": a High Court judge (LJ: Lord Justice).
                    score, rule = self.SCORE_MIDDLE_INITIAL, "judge"
                if (
                    not rule
                    and len(span) == 1
                    and caps
                    and len(tok.text) > 2
                    and is_plain_first_name(tok.lower_, firsts)
                    and tok.lower_ not in CALENDAR_WORDS
                    and in_lower_case_prose(doc, i)
                ):
                    # "Spoke to KIERAN today": a first name in capitals inside running text.
                    # A heading or a form in capitals ("REFERRAL FOR ...") is not prose.
                    score, rule = self.SCORE_GAZETTEER_SINGLE, "first name in capitals"
                if not rule and len(span) == 1 and in_list_of_first_names(doc, i, firsts):
                    # "They had 6: Efimiya, Mary, Ariana and Jodi": an unknown name among names.
                    score, rule = self.SCORE_GAZETTEER_SINGLE, "list of names"
                if (
                    not rule
                    and len(span) == 1
                    and not caps
                    and not sentence_start(doc, i)
                    and tok.tag_ == "NNP"
                    and tok.lower_ not in INSTITUTIONAL_WORDS
                    and text_at(doc, end) == ","
                    and lower_at(doc, end + 1) == "who"
                ):
                    # "paid to 'boss' Dragomir, who holds ...": "who" is said of a person.
                    score, rule = self.SCORE_GAZETTEER_SINGLE, "who after a name"
                if rule:
                    if len(words) > 1 and forename_joined_before(doc, i, firsts):
                        # "Hope and Wayne Bastow": a forename joined to a full name shares it.
                        found.append(
                            self._result(
                                doc, i - 2, i - 1, self.SCORE_GAZETTEER_SINGLE, "joined forename"
                            )
                        )
                    found.append(self._result(doc, i, end, score, rule))
                    i = end
                    continue
                if (
                    end > i + 2
                    and sentence_start(doc, i)
                    and not tok.tag_.startswith("NN")
                    and tok.lower_ not in firsts
                ):
                    # "Later Harkwood J ...": the opening word is no noun, capitalised by its
                    # position only; read the rest of the run on its own.
                    i += 1
                    continue
                if len(caps) == len(words) or capitals_line:  # "SPOKE TO JANE THOMPSON AT"
                    for a, b in caps_names.full_names_in_capitals(
                        doc, i, end, firsts, lasts, english
                    ):
                        found.append(self._result(doc, a, b, self.SCORE_CAPS, "name in capitals"))
                # "Registrar P. Dhillon": no rule takes the run; read again from its initial.
                k = next((j for j in range(i + 1, end - 1) if is_initial(doc[j])), -1)
                i = k if k > 0 and doc[k].text.endswith(".") else max(end, i + 1)
                continue

            # "P. Doherty", "K Singh": an initial, then a capitalised census surname.
            if is_initial(tok) and tok.text[0].isupper():
                end = self._extend(doc, i)
                span = doc[i:end]
                # "D. Osei-Tutu": a dotted initial before a double-barrelled surname, known or not.
                hyphenated = (
                    len(span) == 4
                    and tok.text.endswith(".")
                    and span[2].text in HYPHENS
                    and glued(span, 2)
                    and is_cap_name(span[1])
                    and not is_field_term(span[1])
                    and not is_field_term(span[3])
                )
                # "Registrar P. Dhillon": mid-sentence or a field's value, a dotted initial before
                # a proper noun the lists lack (at a line's start "B. Background" is a list item).
                unlisted = (
                    len(span) == 2
                    and tok.text.endswith(".")
                    and (not sentence_start(doc, i) or field_value_word(doc, i + 1, english))
                    and span[1].tag_ == "NNP"
                    and not is_field_term(span[1])
                    and span[1].lower_ not in INSTITUTIONAL_WORDS
                )
                # "Seen by A Okoro", "K NOVAK": one bare initial before a listed surname that
                # no dictionary holds ("A Young person", "B Block" stay words).
                bare = len(span) == 2 and len(tok.text) == 1 and tok.text != "I" and english
                if (
                    len(span) > 1
                    and (is_cap_name(span[-1]) or (bare and is_caps_word(span[-1])))
                    and (span[-1].lower_ in lasts or hyphenated or unlisted)
                    and (tok.text.endswith(".") or len(span) > 2 or bare)
                    and not (bare and (span[-1].lower_ in english or is_field_term(span[-1])))
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

            if lower_list_name(doc, i, firsts):
                # "Jamie and olivia thompson": the list item may carry its surname.
                end = i + 2 if lower_surname_after(doc, i + 1, lasts) else i + 1
                found.append(self._result(doc, i, end, self.SCORE_LOWER_LIST, "lower-case list"))
                i = end
                continue

            # "john smith", "noah price": a lower-case first name, then a census surname (an
            # everyday-word surname counts here: the first name before it vouches for it; a
            # surname no dictionary holds vouches for a first name that is a word, "grace okafor").
            if (
                tok.is_lower
                and i + 1 < n
                and tok.lower_ in firsts
                and is_lower_surname_word(doc[i + 1], lasts)
                and (is_lower_name(tok) or surname_vouches_for(tok, doc[i + 1], lasts, english))
            ):
                found.append(self._result(doc, i, i + 2, self.SCORE_LOWER_FULL, "lower-case"))
                i += 2
                continue
            # "tyler-james": two first names joined by a hyphen, in any case.
            if hyphenated_forename_end(doc, i, firsts, any_case=True) > 0:
                # ... and the surname after them: "tracey-ann lowndes".
                end = i + 3 + surname_after_double_forename(doc, i + 3, lasts)
                found.append(self._result(doc, i, end, self.SCORE_LOWER_FULL, "hyphenated"))
                i = end
                continue
            # "me n kacper went", "seen jayden": a lower-case first name no dictionary holds.
            if is_unlisted_lower_name(tok, firsts, english):
                end = i + 2 if lower_surname_after(doc, i + 1, lasts) else i + 1
                # ... its forename before it too, a word or not: "nurse frank cameron".
                start = i - 1 if i and first_name_before(doc, i, firsts, english) else i
                found.append(self._result(doc, start, end, self.SCORE_LOWER_LIST, "unlisted"))
                i = end
                continue
            i += 1
        found.extend(
            self._result(doc, start, end, self.SCORE_AGE_ANCHOR, rule)
            for start, end, rule in age_anchored_names(
                nlp_artifacts.tokens, doc, text, firsts, lasts, english
            )
        )
        return found

    def _result(self, doc: list, start: int, end: int, score: float, rule: str) -> RecognizerResult:
        # A span's characters: from its first token's start to its last token's end.
        last = doc[end - 1]
        return rule_result(
            self, PERSON, doc[start].idx, last.idx + len(last), score, f"person-name rule: {rule}"
        )
