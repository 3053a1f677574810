"""QuotedNicknameRecognizer: lists of quoted nicknames after a naming or associate cue.

Exploitation notes name the people around a child by street names, in quotes: 'older associates
known as "Smokey" and "T-Dog"', 'older males - "Big Mo"', 'number saved as "Deano"'. A street
name identifies its holder to anyone in the area as well as a legal name does, and the lists do
not know it. After a cue that says names follow ("known as", "known to YP as", "goes by",
"calls himself", "associates", "males", "saved as", "aka", "nicknamed"), each quoted item of a
list ("A", "B" and "C") is a PERSON, as is a quoted name before "aka" ('"T-Dog" aka Tyrone').
A quoted item must look like a name: it opens with a capital or holds a digit or underscore
("Big Mo", "T-Dog", "k9_lad"); at most four words.
After a family member's, partner's or associate's role ("partner ('Ry')", "father of baby is
'Vali'", "co-accused 'Kaz'") one or two capitalised words in quotes are a PERSON too.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern
from spacy.lang.en.stop_words import STOP_WORDS

from referral_nlp.redaction.name_cues import INTERJECTIONS, REPLY_WORDS
from referral_nlp.redaction.recognizers.cued_pattern_recognizer import CuedPatternRecognizer
from referral_nlp.redaction.taxonomy import PERSON
from referral_nlp.redaction.vocabulary import is_field_vocabulary

#: One-word replies a note quotes: function words, greetings and a few more.
_NOT_NAMES = STOP_WORDS | INTERJECTIONS | REPLY_WORDS

_CUE = (
    # The people who use the name, or where, may stand between: "known to YP as", "known on
    # the estate as"; not a service ("known to health as 'Hard to Reach'" is a status).
    r"(?i:known(?:[ ](?:only|locally|simply|mainly))?(?:[ ](?:to|on|in|around|among|amongst"
    r"|across|by)[ ](?:the[ ]|his[ ]|her[ ]|their[ ]|other[ ]|local[ ]|older[ ])?(?:yp|cyp"
    r"|young[ ]people|young[ ]person|child|children|him|her|them|police|friends|peers|mates"
    r"|locals|others|everyone|people|kids|lads|boys|girls|staff|estate"
    r"|area|streets?|block|park"
    r"|online))?[ ]as"
    r"|goes[ ]by|go[ ]by|going[ ]by|went[ ]by|call(?:s|ed)?[ ](?:him|her)(?:self)?"
    r"|call(?:s|ed)?[ ]themselves|aka|a\.k\.a\.?|nicknamed|nicknames?|alias(?:es)?"
    r"|street[ ]names?|saved[ ](?:as|under)|associates?|males|females|men|lads|boys|girls"
    r"|adults|peers|friends|called|named|they[ ]call|we[ ]call|she[ ]calls|he[ ]calls"
    # "Zainab (prefers "Zee")": the name a child prefers to be called.
    r"|prefers(?:[ ]to[ ]be[ ]called)?|preferred[ ]name(?:[ ]is)?"
    # "gave his name as "Robbo"", "introduced herself as 'Jaz'".
    r"|gave[ ](?:his|her|their|the|a)?[ ]?name[ ]as|introduced[ ](?:him|her|them)sel(?:f|ves)[ ]as"
    # Another spelling of a name: 'also recorded as "Tesfai G"', 'interpreter spelt "Hiwa"';
    # interpreters and records spell one person several ways. Only "also ... as": a record
    # says 'recorded as "Child In Need"' of a status as often.
    r"|also[ ](?:recorded|registered|listed|written|spelt|spelled)[ ]as"
    r"|spelt|spelled|spelling)"
)
_OPEN = r"[\"“‘]|(?<![\w])'"
_CLOSE = r"[\"”’']"
_ITEM = r"[^\"“”‘’'\n]{1,30}"
_BETWEEN = r"(?:,[ ]?(?:and[ ]|&[ ]|or[ ])?|[ ](?:and|&|or)[ ]|[ ]?/[ ]?)"
#: Everything from the cue to the opening quote of this item: earlier quoted items may stand
#: between ("known as "A", "B" and "C"").
_BEFORE = (
    r"(?<=\b"
    + _CUE
    + r"[ ]?[:\-–,]?[ ]?(?:(?:"
    + _OPEN
    + r")"
    + _ITEM
    + _CLOSE
    + _BETWEEN
    + r")*(?:"
    + _OPEN
    + r"))"
)
#: A family member, partner or associate named by a quoted name alone: "partner ('Ry')", "father
#: of baby is 'Vali'", "co-accused 'Kaz'", "an older lad, 'Kiz'".
_ROLE_CUE = (
    r"(?i:father[ ]of[ ](?:the[ ])?bab(?:y|ies)|partner|boyfriend|girlfriend|husband|wife|father"
    r"|mother|dad|mum|uncle|aunt|auntie|cousin|brother|sister|stepdad|stepmum|lad|man|male"
    r"|female|adult|co-accused|co-defendant|associate|friend|mate|boss|handler|ex|fob|bf|gf"
    # "P/F": a note's shorthand for the partner or putative father ("M says P/F 'Dre' ...").
    r"|fella|hubby|p/f|putative[ ]father)"
)
#: The name itself: one or two capitalised words, as a family's shorthand for someone is.
_QUOTED_NAME = r"(?-i:[A-Z])[^\W\d_][\w\-]{0,15}(?:[ ](?-i:[A-Z])[\w\-]{1,15})?"


class QuotedNicknameRecognizer(CuedPatternRecognizer):
    """Each quoted name in a list after a naming or associate cue; 0.6.

    :param supported_entity: Entity name reported for each match.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "quoted nickname after a cue",
            _BEFORE
            + r"(?P<value>(?=(?-i:[A-Z])|[^\"”’'\n]*[0-9_])"
            + _ITEM
            + r")(?="
            + _CLOSE
            + r")",
            0.6,
        ),
        Pattern(
            # '"T-Dog" aka Tyrone C': the street name comes first and the legal name after.
            "quoted nickname before an alias cue",
            r"(?:"
            + _OPEN
            + r")(?P<value>(?=(?-i:[A-Z])|[^\"”’'\n]*[0-9_])"
            + _ITEM
            + r")(?="
            + _CLOSE
            # The legal name follows, capitalised: '"Signs of Safety" aka the framework' and
            # '"Section 47" aka Strategy' name no one.
            + r"[ ]?,?[ ]?(?i:aka|a\.k\.a\.?|also[ ]known[ ]as|real[ ]name)[ ]"
            r"(?!(?-i:The|This|That|Section|Strategy|Operation)\b)(?-i:[A-Z][a-z]+\b))",
            0.6,
        ),
        Pattern(
            "quoted name after a family or associate role",
            r"\b"
            + _ROLE_CUE
            # No colon or dash: "Mum: 'No'" writes down what she said.
            + r"(?:[ ](?:is|was|called|named))?[ ]?[,(]?[ ]?(?:"
            + _OPEN
            + r")(?P<value>"
            + _QUOTED_NAME
            + r")(?="
            + _CLOSE
            + r")",
            0.6,
        ),
    ]
    CUE_SCREEN = re.compile(r"[\"“‘']", re.IGNORECASE)
    CUED_PATTERNS = frozenset(
        {
            "quoted nickname after a cue",
            "quoted nickname before an alias cue",
            "quoted name after a family or associate role",
        }
    )
    _WORDS: ClassVar[re.Pattern[str]] = re.compile(r"\S+")

    def __init__(self, supported_entity: str = PERSON) -> None:
        super().__init__(supported_entity=supported_entity, patterns=self.PATTERNS)

    def invalidate_result(self, pattern_text: str) -> bool:
        """Drop a quoted phrase of more than four words or of field words ("CSE", "County
        Lines").

        :param pattern_text: The matched text.
        """
        words = self._WORDS.findall(pattern_text)
        return (
            not words
            or not any(c.isalpha() for c in pattern_text)  # 'we call "999"'
            # A pronoun set or a place with its article: "They/Them", "The Rec".
            or "/" in pattern_text
            or words[0].lower() == "the"
            or len(words) > 4
            or is_field_vocabulary(pattern_text)
            # A one-word reply in quotes ("No", "Sorry", "Whatever") is speech, not a name.
            or (len(words) == 1 and words[0].lower().strip(".,!?") in _NOT_NAMES)
        )
