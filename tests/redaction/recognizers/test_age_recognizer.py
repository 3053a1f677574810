"""AgeRecognizer: stated ages, 0-120.

Every case calls ``analyze`` directly with ``nlp_artifacts=None``: the scores must be right
without Presidio's context enhancement, which needs spaCy's tokens.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import THRESHOLD, RecognizerTables, results

from referral_nlp.redaction.recognizers.age_recognizer import AgeRecognizer
from referral_nlp.redaction.taxonomy import AGE

# (text, the age in it): the span is the age and its unit, never the cue word.
VALID = [
    pytest.param("Left with a sibling (13) overnight.", "13", id="bare number after relative"),
    pytest.param("Her brother ( 9 ) was there.", "9", id="relative, spaced brackets"),
    pytest.param("Amy, aged 7, lives with mum.", "7", id="aged"),
    pytest.param("Child age 7 at time of referral.", "7", id="age"),
    pytest.param("Age: 7", "7", id="age colon"),
    pytest.param("AGED 14 YEARS", "14 YEARS", id="capitals"),
    pytest.param("Baby aged 18 months was seen.", "18 months", id="aged with unit"),
    pytest.param(
        "Amy aged 7 years and 3 months.", "7 years and 3 months", id="aged years and months"
    ),
    pytest.param("Her brother, aged seven, was present.", "seven", id="aged word"),
    pytest.param("Baby aged 18/12 not brought to clinic.", "18/12", id="aged clinical"),
    pytest.param("Children aged 5-11 at the school.", "5-11", id="age range"),
    pytest.param("Siblings ages 7 and 9 at home.", "7 and 9", id="ages and"),
    pytest.param("Under the age of 16 she cannot consent.", "16", id="age of"),
    pytest.param("Jo aged 7.5 is in Year 3.", "7.5", id="aged half"),
    pytest.param("Jack is 7 years old.", "7 years old", id="years old"),
    pytest.param("A 7-year-old boy was found.", "7-year-old", id="hyphenated"),
    pytest.param("Reported a 14 year old boy missing.", "14 year old", id="a 14 year old boy"),
    pytest.param("A six-year-old girl disclosed.", "six-year-old", id="word number"),
    pytest.param(
        "Dad, twenty-one years old, attended.", "twenty-one years old", id="compound word number"
    ),
    pytest.param("Baby is 4 months old.", "4 months old", id="months old"),
    pytest.param("Baby 6 weeks old on discharge.", "6 weeks old", id="weeks old"),
    pytest.param("Lily 3yrs old.", "3yrs old", id="yrs old"),
    pytest.param("He is 16 years of age.", "16 years of age", id="years of age"),
    pytest.param("Tom is 7½ years old.", "7½ years old", id="half year"),
    pytest.param("Sam 7yo seen at school.", "7yo", id="yo"),
    pytest.param("Sam 7 yo seen at school.", "7 yo", id="yo spaced"),
    pytest.param("Mum 34 y/o works nights.", "34 y/o", id="y/o"),
    pytest.param("A 34 y.o. male was arrested.", "34 y.o.", id="y.o."),
    pytest.param("Child A 7 yrs, lives with mum.", "7 yrs", id="yrs"),
    pytest.param("Baby 3 mths, on the CP plan.", "3 mths", id="mths"),
    pytest.param("Sam (7 yrs) lives with nan.", "7 yrs", id="bracketed unit"),
    pytest.param("A 3/12 old baby was seen.", "3/12 old", id="clinical old"),
    pytest.param("A man in his 40s was seen.", "40s", id="decade"),
    pytest.param("A woman in her mid-30s called.", "mid-30s", id="mid decade"),
    pytest.param("A man in his late teens was present.", "late teens", id="teens"),
    pytest.param("Dad, 120 years old, per the form.", "120 years old", id="oldest"),
    pytest.param("Baby aged 0 at referral.", "0", id="newborn zero"),
]

# Out-of-range ages, durations and numbers that are not ages: nothing may be reported.
INVALID = [
    pytest.param("Sam (7) lives with nan.", id="bare number in brackets"),
    pytest.param("See the sibling section (4) below.", id="bracketed number after another word"),
    pytest.param("Known to CSC for 7 yrs.", id="duration for"),
    pytest.param("Moved here 3 yrs ago.", id="duration ago"),
    pytest.param("Neglect over 2 yrs.", id="duration over"),
    pytest.param("They have lived there 7 years.", id="years without old"),
    pytest.param("Aged 150 per the form.", id="too old aged"),
    pytest.param("Recorded as 130 years old.", id="too old"),
    pytest.param("A man in his 130s.", id="too old decade"),
    pytest.param("He is in Year 6 at school.", id="school year"),
    pytest.param("s47 enquiry started.", id="s47"),
    pytest.param("Section 17 assessment completed.", id="section 17"),
    pytest.param("1500 people attended the event.", id="count"),
    pytest.param("See page 7 of the report.", id="page"),
    pytest.param("Working at key stage 2.", id="key stage"),
    pytest.param("A 1,200 years old castle.", id="thousands"),
    pytest.param("Seen 12/03/2024 at home.", id="date"),
    pytest.param("Last aged 12/03 on file.", id="aged date"),
    pytest.param("3/4 of the children attend.", id="fraction"),
    pytest.param("Staff ratio 10-12 at the nursery.", id="ratio"),
    pytest.param("Upgraded to version 2.3 of the app.", id="version"),
    pytest.param("NHS number 943 476 5919.", id="NHS number"),
    pytest.param("Mum's mobile 07700 900123.", id="mobile"),
    pytest.param("£7 yrs of savings.", id="money"),
    # "turn" without an age.
    pytest.param("The car turned 180.", id="over the age limit"),
    pytest.param("Turn 2 pages back.", id="a count of things"),
    pytest.param("The wheel turned 3 times.", id="times"),
    pytest.param("Turn to page 21.", id="turn to page"),
    pytest.param("It turned 5pm before they left.", id="a time"),
    pytest.param("Numbers turned 10% higher.", id="a percentage"),
]

NOTE = (
    "PC Smith attended on 12.3.24 at 23:40; child DOB 04/07/2016, aged 7, was home alone. "
    "Mum, 34 y/o, returned at 00:15 hrs. Known to CSC for 3 yrs; s47 on 14th March. "
    "NHS 943 476 5919. Sibling Jo (9 yrs) is in Year 6; 3/4 of the actions are done."
)

# A birthday reached: "turned 47", "I'll turn 21.", "her 16th birthday".
BIRTHDAYS = [
    pytest.param("My brother just turned 32", "32", id="just turned"),
    pytest.param("My birthday is Sunday. I'll turn 21.", "21", id="I'll turn"),
    pytest.param("She turns 16 in May.", "16", id="turns, in"),
    pytest.param("Dad turned 40 last week and had a party.", "40", id="turned, last"),
    pytest.param("It was his 16th birthday party.", "16th", id="ordinal birthday"),
    pytest.param("Mum turning 30 soon.", "30", id="turning, soon"),
]


class TestAgeRecognizer(RecognizerTables):
    recognizer_class = AgeRecognizer
    entity = AGE
    valid = (*VALID, pytest.param(NOTE, ["7", "34 y/o", "9 yrs"], id="referral note"))
    invalid = INVALID
    counted_score = 0.0

    @pytest.mark.parametrize(("text", "span"), VALID)
    def test_score_is_the_pattern_score(
        self, recognizer: AgeRecognizer, text: str, span: str
    ) -> None:
        # The range check must not raise the score to 1.0 (Presidio does that for validate_result).
        (result,) = results(recognizer, text, AGE, self.counted_score)
        scores = {p.name: p.score for p in recognizer.PATTERNS}
        assert result.score == scores[result.analysis_explanation.pattern_name]
        assert THRESHOLD < result.score < 1.0

    @pytest.mark.parametrize(("text", "age"), BIRTHDAYS)
    def test_finds_birthday_age(self, recognizer: AgeRecognizer, text: str, age: str) -> None:
        found = results(recognizer, text, AGE, self.counted_score)
        assert [text[r.start : r.end] for r in found] == [age]
        assert THRESHOLD < found[0].score < 1.0

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            pytest.param("aged 0", True, id="0"),
            pytest.param("aged 120", True, id="120"),
            pytest.param("aged 121", False, id="121"),
            pytest.param("aged 5-130", False, id="range end"),
        ],
    )
    def test_age_range_limits(self, recognizer: AgeRecognizer, text: str, expected: bool) -> None:
        assert bool(results(recognizer, text, AGE, self.counted_score)) is expected


def test_supported_entities() -> None:
    assert AgeRecognizer().get_supported_entities() == [AGE]
