"""AgeRecognizer: stated ages ("aged 7", "34 y/o", "a 14-year-old", "4 months old", "4y 6m").

Presidio has no age recogniser, and an age next to a town and a school is enough to single a
child out. The span is the age itself with its unit ("7 years old", "7yo", "18 months"); a cue
word in front ("aged", "age:", "in his") is left out of the span so a redacted note still reads
"aged <AGE>".

Left out here on purpose: a bare number in brackets, "(7)", is as often a count, a list item or a
reference as an age; only straight after a detected name ("Sam (7)", "Jo SMITH, 41,") is it read
as an age, which needs the name first (``referral_nlp.redaction.neighbours``). "7 years" without
"old" is as often a duration ("known for 7 years"). School years ("Year 6") are not ages.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.taxonomy import AGE

#: A number written as a word, 0-99 ("seven", "twenty-one"), with no boundary.
WORD_NUMBER = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]"
    r"(?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|zero|one|two|three|four|five|six|seven"
    r"|eight|nine|ten)"
)
# "7", "7.5", "7½" or a word; never part of a longer number, a decimal or a date.
_NUMBER = r"(?:(?<![\d.,/:£$€])\d{1,3}(?:\.5|\s?½)?(?![\d½]|[.,]\d)|\b" + WORD_NUMBER + r"\b)"
_UNIT = r"(?:years?|yrs?|months?|mths?|mnths?|weeks?|wks?|days?)"
# "7 years and 3 months", "2 yrs 6 mths".
_MORE = r"(?:[\s,]*(?:and\s+)?\d{1,2}[\s-]*" + _UNIT + r"\b)?"
# UK clinical shorthand: 18/12 = 18 months, 6/52 = 6 weeks.
_CLINICAL = r"(?<![\d/])\d{1,2}/(?:12|52)(?![\d/])"
# Health forms' shorthand: "4y 6m", "4y6m", "8y". The letters alone carry no other sense
# beside a number ("Y8" is a school year, and is written the other way round).
_COMPACT = r"(?<![\w.,/:£$€])\d{1,2}y(?:[ ,]?\d{1,2}m)?(?![\w/])"
# "Age at assessment:", "age on entry to care -": a form's label for an age at some event.
_AGE_AT_LABEL = (
    # Not a statistic: "Median age at entry: 11", "Average age at first contact: 14".
    r"(?<!\b(?i:median|average|mean|typical)[ ])\bage[ ](?:at|on)[ ](?:[a-z]+[ ]){0,4}?[a-z]+"
    r"[ ]?[:\-–][ ]?"
)


class AgeRecognizer(PresetPatternRecognizer):
    """Stated ages, 0-120: 'aged 7', '7 years old', '7-year-old', '7yo', '34 y/o', '7 yrs'."""

    ENTITY: ClassVar[str] = AGE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "number unit old",  # "7 years old", "7-year-old", "a 14 year old boy", "4 months old"
            _NUMBER + r"[\s-]*" + _UNIT + _MORE + r"[\s-]*(?:old\b|of\s+age\b)",
            0.85,
        ),
        Pattern(
            "number y/o",  # "7yo", "34 y/o", "7 y.o."
            r"(?<![\d.,/:£$€])\d{1,3}(?!\d)\s?(?:y/o|y\.o\.?|yo|yro)(?![\w/])",
            0.85,
        ),
        Pattern(
            "clinical shorthand old",  # "a 3/12 old baby"
            _CLINICAL + r"\s*(?:old\b|of\s+age\b)",
            0.8,
        ),
        Pattern(
            # "aged 7", "age: 7", "aged 7 yrs", "ages 7 and 9", "under the age of 18",
            # "aged 18/12". The cue stays outside the span (variable-width look-behind).
            "after age cue",
            # The look-ahead (an age starts with a digit or a number word) runs first, so the
            # look-behind is only tried where a number starts.
            r"(?=\d|\b" + WORD_NUMBER + r"\b)"
            r"(?<=(?:\bage[ds]?\b[\s:\-–]{0,3}|" + _AGE_AT_LABEL + r")"
            r"(?:of\s+|about\s+|approx\.?\s+|between\s+)?)"
            r"(?:"
            + _CLINICAL
            + r"|"
            + _COMPACT
            + r"|"
            + _NUMBER
            + r"(?:[\s-]*"
            + _UNIT
            + r"\b"
            + _MORE
            + r")?)"
            r"(?:\s*(?:-|–|to|and|&)\s*" + _NUMBER + r"(?:[\s-]*" + _UNIT + r"\b)?)?"
            r"(?![:.]\d|/\d|\s?%)",
            0.8,
        ),
        Pattern(
            # "Male, white, approx 30, shaved head", "a boy approx 8 yrs", 'a man called
            # "Deano" (approx 25)': an estimate straight after a word for a person, or after a
            # comma or a bracket in a description of one, ending the clause or bracket or with
            # its unit ("approx 30 minutes later", "the girl had approx 2, hours" stay).
            "estimated age after a person",
            r"(?=\d)(?<=\b(?:male|female|man|men|woman|women|boy|girl|child|lad|teen(?:ager)?"
            r"|youth|baby|toddler|infant|adult|person|suspect|sibling|brother|sister)\b"
            # "a boy of about 8 years", "girl about 4yrs called ...".
            r"(?:[ ](?:of[ ])?|[^.\n;:]{0,40}?[,(][ ]?)(?:approx\.?|approximately|about|around"
            r"|roughly|~)[ ]?)"
            r"\d{1,2}(?:[ ]?[-–][ ]?\d{1,2})?(?:(?:[ ]?(?:yrs?|years?)\b)(?:[ ]old\b)?)?"
            # ... or with its unit, before a bracket or a name ("8 years (said he was Jay)").
            r"(?=[ ]?(?:[,);]|\.(?!\d)|$)|(?<=[a-z])[ ](?:\(|called\b|named\b))",
            0.6,
        ),
        Pattern(
            "number unit in brackets",  # "Sam (7 yrs)", "baby (4 months)", "DOB ... (8 y)"
            r"(?<=\(\s*)(?:"
            + _COMPACT
            + r"|"
            + _NUMBER
            + r"\s*(?:"
            + _UNIT
            + r"|y)\b"
            + _MORE
            + r")(?=\s*\))",
            0.7,
        ),
        Pattern(
            # "DOB 06.06.2009 (14)", "born 22/08/2008 (15)": a bare bracketed number straight
            # after a date of birth is the age it gives ("Meeting 12/03/2024 (2)" stays).
            "bare number after a date of birth",
            r"(?<=\b(?:dob|d\.o\.b\.?|date[ ]of[ ]birth|born)[ \t:\-]{0,4}"
            r"(?<![\d/.\-])\d{1,2}[./\-]\d{1,2}[./\-](?:\d{4}|\d{2})[ \t]{0,6}\([ ]?)"
            # ... closing the line, a cell or a form's field, not before a footnote's words
            # ("DOB 01/02/2010 (1) see note").
            r"\d{1,3}(?=[ ]?\)(?:[ \t]*(?:$|[|,;])|[ \t]{2,}))",
            0.6,
        ),
        Pattern(
            # Welsh, a person's age: "(8 oed)", "mae hi'n 16 oed" (she is 16). Not a range or a
            # threshold ("11-25 oed", "dros 18 oed") or a school's anniversary ("yn 100 oed").
            "number oed",
            r"(?<=\([ ]?|['’]n[ ])\d{1,2}(?!\d)[ ]?(?-i:oed)\b",
            0.85,
        ),
        Pattern(
            # "a sibling (13)", "her brother (15)", "care leaver (19)": a bare bracketed number
            # after a relative or a young person is their age, as after a name (a bare "(7)"
            # elsewhere is left alone).
            "bare number after relative",
            r"(?<=\b(?:sibling|brother|sister|son|daughter|baby|child|cousin|nephew|niece|mum|mother"
            r"|dad|father|partner|boyfriend|girlfriend|care[\s-]leaver|young[\s-]person|yp"
            r"|half[\s-]?(?:brother|sister|sibling)|step(?:brother|sister|son|daughter)"
            r")\s*\(\s*)\d{1,2}(?=\s*\))",
            0.6,
        ),
        Pattern(
            # "Child A 7 yrs": abbreviated units read as an age unless a duration word comes
            # first ("for 3 yrs", "over 2 yrs") or "ago" follows. Weak: scored low.
            "number abbreviated unit",
            r"(?<!\b(?:(?-i:a|an|the)|for|over|past|last|next|previous|after|within|in|than|since|of|about"
            r"|around|approx|approximately|nearly|almost|under|up\s+to|every|each)\s{1,3})"
            r"(?<![\d.,/:£$€])\d{1,3}(?!\d|[.,]\d)\s?(?:yrs?|mths?|mnths?)\b(?!\s+ago\b)",
            0.45,
        ),
        Pattern(
            # "says he is 16", "she's 15", "who is about 20": a bare number after a person
            # and a copula, unless a unit or a time follows ("he is 5 minutes away").
            "number after pronoun and copula",
            # "im only 13", "I'm 15": the first person's copula, as chat writes it.
            r"(?<=\b(?:(?:he|she|they|who|[Ii])(?:'s|’s|\s+is|\s+was|\s+am|\s+are|\s+turned|"
            r"\s+turns|\s+is\s+now)|[Ii]['’]?m)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|only\s+"
            r"|just\s+|approx\.?\s+)?)\d{1,2}(?![\d½]|[.,:/]\d|\s*(?:%|x\b|am\b|pm\b|"
            r"mins?\b|minutes?\b|hours?\b|hrs?\b|miles?\b|times\b|weeks?\b|days?\b|months?\b"
            r"|foot\b|feet\b|ft\b|stone\b|kg\b|of\b"
            r"|o'clock|th\b|st\b|nd\b|rd\b|-|–))",
            0.6,
        ),
        Pattern(
            # "just turned 47", "I'll turn 21.", "turns 16 in May": a birthday reached. Only where
            # the sentence or clause ends or a time word follows, so "turned 90 degrees", "turn 2
            # pages" and "turned 3 times" stay out.
            "number after turn",
            r"(?<=\bturn(?:s|ed|ing)?\s+)\d{1,3}(?![\d½]|[.,:/]\d)"
            r"(?=\s*(?:$|[.,;:!?)]|(?:years?(?:\s+old)?|yrs?|in|on|at|last|this|next|yesterday"
            r"|today|tomorrow|soon|recently|and|but|so|when|while|before|after)\b))",
            0.6,
        ),
        Pattern(
            # "his 16th birthday", "her 40th birthday party": the age reached that day.
            "ordinal birthday",
            r"(?<![\d.,/])\d{1,3}(?:st|nd|rd|th)(?=\s+birthday\b)",
            0.6,
        ),
        Pattern(
            "decade after possessive",  # "in his 40s", "in her mid-30s", "in their late teens"
            r"(?<=\bin\s+(?:his|her|their|my|your|its)\s+)(?:(?:early|mid|late)[\s-]*)?"
            r"(?:\d{2,3}'?s|teens|twenties|thirties|forties|fifties|sixties|seventies|eighties"
            r"|nineties)\b",
            0.5,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = ["age", "aged", "old", "years", "yrs", "born", "birthday"]

    MAX_AGE = 120
    _INTEGER = re.compile(r"\d+")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """Drop ages above :attr:`MAX_AGE` ("aged 150", "in his 130s").

        ``invalidate_result``, not ``validate_result``: Presidio raises a validated match to
        score 1.0, and a range check says nothing about whether the number is an age.
        """
        numbers = [int(n) for n in self._INTEGER.findall(pattern_text)]
        return any(n > self.MAX_AGE for n in numbers) or None
