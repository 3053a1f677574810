"""InitialsRecognizer: a person known by undotted initials alone, placed by the sentence.

Notes name children and adults by initials ("JL eats loads at lunch", "K disclosed a debt",
"sw ak to visit"), to anonymise or to save time; beside the family, the school and the dates,
initials identify a child within a council as well as a name does. Capitals alone cannot tell
initials from the field's abbreviations (SW, TA, HT), so a token counts only where the sentence
shows a person, and only when :func:`~referral_nlp.redaction.initials.could_be_initials` allows it:

* the subject of a clause: one or two capitals open a sentence, a line, a table cell or a clause
  (after "and", "says" ...), and a finite
  verb follows, straight after or after one adverb ("JL eats", "K now uses", "F said"), or a
  possessive and a noun ("T's snap is");
* straight after a professional's role abbreviation, before a verb, "to" or the clause's end
  ("sw ak to visit", "DSL KM reported", "seen by HV JD."), in brackets after it ("TM (LMP)")
  or after a role's noun ("Chair (JW, independent)", "Surveyor (MH)"),
  or ending a line or a table cell in either case ("| SW kd");
* straight after a family role, before a person's verb, a possessive or the clause's end
  ("Uncle B picked me up", "cousin JT's phone");
* before an age ("JB, aged 15", "KT (14) said"), as an anonymised list of children writes them.

Dotted initials ("W.K. lodged") and initials before a surname ("K Singh") are the person-name
rules'; initials before a family noun ("JB's mum") are :class:`PossessiveInitialsRecognizer`'s.
Later mentions of two or three letters are found by the redactor's name propagation.
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult

from referral_nlp.redaction.initials import ROLE_ABBREVIATIONS, could_be_initials
from referral_nlp.redaction.name_cues import FINITE_PERSON_VERBS, KIN_ROLES, SPEECH_CUES
from referral_nlp.redaction.name_tokens import POSSESSIVES, sentence_start
from referral_nlp.redaction.recognizers.token_rule_recognizer import (
    TokenRuleRecognizer,
    rule_result,
)
from referral_nlp.redaction.taxonomy import PERSON
from referral_nlp.redaction.vocabulary import PERSON_ROLE_WORDS

#: Words after which a new clause, and so a new subject, begins.
_CLAUSE_OPENERS = (
    frozenset(
        """and but then when so because while as that if after before until once though although
    where whereas""".split()
    )
    | SPEECH_CUES
)  # "Housemate says F didn't come back": what is said opens a clause

#: Punctuation after which a subject may stand: "In the car, K said", "(JL was upset)".
_CLAUSE_PUNCTUATION = frozenset({",", "(", '"', "“", "‘", "–", "—", "|"})
#: Tags of a finite verb: "eats", "said", "will".
_FINITE_TAGS = frozenset({"VBZ", "VBD", "MD"})
#: Finite verbs whose subject is as often a thing as a person: after them a capital or two is
#: an abbreviation or a list's letter as often as initials ("BP was 130/85", "PR is held by
#: mum", "If B fails, C will ...", "K will do"), so they do not show a person.
_NOT_PERSON_VERBS = frozenset(
    """is was are were be been will would can could may might shall should must
    does did do gets got seems seemed remains remained needs needed fails failed continues
    continued appears appeared starts started ends ended costs means meant includes included
    contains covers applies expires expired""".split()
)
#: Role nouns whose brackets hold the person's initials, as a meeting's list of who was there
#: writes them: "Chair (JW, independent)", "member (LT)", "Surveyor (MH)", "night staff (DW)".
_ROLE_NOUNS = PERSON_ROLE_WORDS | frozenset(
    """chair member staff surveyor manager volunteer interpreter supervisor assessor visitor
    advocate mentor coordinator co-ordinator practitioner keyworker guardian witness driver
    neighbour minute-taker minutetaker clerk receptionist administrator admin""".split()
)
#: A child's age in brackets after initials: "KT (14)".
_AGE_IN_BRACKETS = re.compile(r"[0-9]{1,2}")
#: Roles whose brackets hold clinical shorthand, not initials: "MW (LMP)", "GP (UTI)".
_CLINICAL_ROLES = frozenset({"gp", "mw", "sn", "hv", "ep", "ot"})
#: What may follow a professional's initials: "to", "and" or a clause's end.
_AFTER_ROLE_INITIALS = frozenset({"to", "and", "&", ",", ".", ")", ";", ":", "/", "-", "–"})
#: What may open an action line before who does it: a bullet, or an item's number and its
#: full stop or bracket ("2." and "1)" are two tokens each).
_ACTION_BULLETS = frozenset({"-", "–", "•", "*", ".", ")"})
#: Things only a person has, after initials and a possessive ("T's snap", "KM's lesson").
_PERSONAL_THINGS = frozenset(
    """phone snap snapchat instagram account bedroom room school class teacher friend friends
    lesson lessons appointment placement behaviour attendance mum dad carer carers""".split()
)


class InitialsRecognizer(TokenRuleRecognizer):
    """Initials as a clause's subject or after a role abbreviation; 0.55."""

    SCORE = 0.55

    @staticmethod
    def _opens_clause(doc: list, i: int) -> bool:
        if sentence_start(doc, i):
            return True
        prev = doc[i - 1]
        return prev.lower_ in _CLAUSE_OPENERS or prev.text in _CLAUSE_PUNCTUATION

    @staticmethod
    def _verb_follows(doc: list, i: int) -> bool:
        """A lower-case finite verb after ``doc[i]``, or after one adverb ("K now uses")."""
        k = i + 1
        if k < len(doc) and doc[k].is_lower and doc[k].tag_ == "RB":
            k += 1
        if k >= len(doc) or not doc[k].is_lower:
            return False
        if doc[k].lower_ in _NOT_PERSON_VERBS:
            # ... but "JL didn't", "K doesn't": a person's doing, denied.
            return doc[k].lower_ in {"did", "does", "do"} and (
                k + 1 < len(doc) and doc[k + 1].lower_ in {"n't", "not"}
            )
        return doc[k].tag_ in _FINITE_TAGS or doc[k].lower_ in FINITE_PERSON_VERBS

    @staticmethod
    def _possessive_noun_follows(doc: list, i: int) -> bool:
        """ "T's snap", "KM's phone": a possessive, then a thing only a person has ("BT's
        engineer" is a company's)."""
        return (
            i + 2 < len(doc)
            and doc[i + 1].text in POSSESSIVES
            and doc[i + 2].is_lower
            and (doc[i + 2].lower_ in KIN_ROLES or doc[i + 2].lower_ in _PERSONAL_THINGS)
        )

    @staticmethod
    def _action_follows(doc: list, i: int) -> bool:
        """ "- KD to write to the landlord": a minutes' action line, opening with who does it
        (the line's first word, after a bullet or a number at most), then "to" and a verb."""
        k = i - 1
        while (
            k >= i - 3
            and k >= 0
            and (doc[k].text in _ACTION_BULLETS or (doc[k].is_digit and len(doc[k]) <= 2))
            and "\n" not in doc[k].whitespace_
        ):
            k -= 1
        line_start = k < 0 or "\n" in doc[k].text or "\n" in doc[k].whitespace_
        return (
            line_start
            and i + 2 < len(doc)
            and doc[i + 1].lower_ == "to"
            and doc[i + 2].is_lower
            and doc[i + 2].tag_ == "VB"
        )

    def _subject(self, doc: list, i: int) -> bool:
        tok = doc[i]
        return (
            tok.text.isupper()
            and could_be_initials(tok.text, max_letters=2)
            and self._opens_clause(doc, i)
            and (
                self._verb_follows(doc, i)
                or self._possessive_noun_follows(doc, i)
                or self._action_follows(doc, i)
            )
        )

    @staticmethod
    def _after_role(doc: list, i: int) -> bool:
        tok = doc[i]
        # "TM (LMP)": capitals in brackets after a role that is no clinician's ("MW (EDD)",
        # "GP (UTI)" hold the clinician's shorthand).
        # A note may follow them in the bracket: "Chair (JW, independent)".
        bracketed = (
            i >= 2
            and doc[i - 1].text == "("
            and i + 1 < len(doc)
            and doc[i + 1].text in {")", ","}
            and tok.text.isupper()
            and doc[i - 2].lower_ not in _CLINICAL_ROLES
        )
        role = doc[i - 2] if bracketed else doc[i - 1] if i >= 1 else None
        # After a role's noun, two capitals only: three are an agency or a qualification as
        # often ("Visitor (CQC)", "Driver (PSV)", "member (PTA)").
        by_noun = bracketed and role is not None and role.lower_ in _ROLE_NOUNS
        if (
            role is None
            or not (role.lower_ in ROLE_ABBREVIATIONS or (by_noun and len(tok.text) == 2))
            or role.whitespace_ != " "
        ):
            return False
        # The last word of a line or a table cell signs an entry ("| SW kd" then a new line).
        ends_line = (
            i + 1 >= len(doc)
            or "\n" in tok.whitespace_
            or (doc[i + 1].is_space and "\n" in doc[i + 1].text)
            or doc[i + 1].text == "|"
        )
        # Lower-case initials after a lower-case role, capitals after capitals: "sw ak", "SW
        # AK"; at a line's end lower case after capitals too. A lower-case role before capitals
        # is none ("ta", "pa" and "yw" are chat words in lower case).
        same_case = role.text.isupper() == tok.text.isupper()
        signed = ends_line and role.text.isupper() and tok.text.islower()
        if len(tok.text) < 2 or not (same_case or signed or bracketed):
            return False
        if not could_be_initials(tok.text, max_letters=2 if tok.text.islower() else 3):
            return False
        if ends_line or bracketed:
            return True
        nxt = doc[i + 1]
        return nxt.text in _AFTER_ROLE_INITIALS or (
            nxt.is_lower and nxt.tag_ in _FINITE_TAGS | {"VBN"}
        )

    @staticmethod
    def _before_age(doc: list, i: int) -> bool:
        """ "JB, aged 15 - placed 2023", "KT (14) said": initials that an age follows, as an
        anonymised list of young people writes them; never the field's abbreviations."""
        tok = doc[i]
        if not tok.text.isupper() or not could_be_initials(tok.text, max_letters=3):
            return False
        k = i + 1
        if k < len(doc) and doc[k].text == ",":
            k += 1
        if k + 1 < len(doc) and doc[k].lower_ == "aged" and doc[k + 1].like_num:
            return True
        return (
            k + 2 < len(doc)
            and k == i + 1
            and doc[k].text == "("
            # ASCII digits only: "➀" and "፩" are digits to ``isdigit`` and not to ``int``.
            and _AGE_IN_BRACKETS.fullmatch(doc[k + 1].text) is not None
            and int(doc[k + 1].text) <= 21
            and doc[k + 2].text == ")"
        )

    def _after_kin(self, doc: list, i: int) -> bool:
        """ "Uncle B picked me up", "cousin JT's phone": a family member named by initials, as
        a child's account or an anonymised record writes them."""
        tok = doc[i]
        if (
            i < 1
            or doc[i - 1].lower_ not in KIN_ROLES
            or doc[i - 1].whitespace_ != " "
            or not tok.text.isupper()
            or not could_be_initials(tok.text, max_letters=2)
        ):
            return False
        if i + 1 >= len(doc) or "\n" in tok.whitespace_:
            return True
        return (
            doc[i + 1].text in _AFTER_ROLE_INITIALS
            or self._verb_follows(doc, i)
            or self._possessive_noun_follows(doc, i)
        )

    def find(self, text: str, doc: list, spacy_doc) -> list[RecognizerResult]:
        found = []
        for i, tok in enumerate(doc):
            if len(tok.text) > 3 or not tok.text.isalpha():
                continue
            if self._subject(doc, i):
                found.append(self._result(tok, "initials as a clause's subject"))
            elif self._after_role(doc, i):
                found.append(self._result(tok, "initials after a role abbreviation"))
            elif self._after_kin(doc, i):
                found.append(self._result(tok, "initials after a family role"))
            elif self._before_age(doc, i):
                found.append(self._result(tok, "initials before an age"))
        return found

    def _result(self, tok, rule: str) -> RecognizerResult:
        return rule_result(self, PERSON, tok.idx, tok.idx + len(tok), self.SCORE, rule)
