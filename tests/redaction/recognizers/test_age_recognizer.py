"""AgeRecognizer: stated ages, 0-120.

Every case calls ``analyze`` directly with ``nlp_artifacts=None``: the scores must be right
without Presidio's context enhancement, which needs spaCy's tokens.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import THRESHOLD, RecognizerTables, load_cases, results

from referral_nlp.redaction.recognizers.age_recognizer import AgeRecognizer
from referral_nlp.redaction.taxonomy import AGE

# (text, the age in it): the span is the age and its unit, never the cue word.
VALID = load_cases(__file__, "VALID")


NOTE = (
    "PC Smith attended on 12.3.24 at 23:40; child DOB 04/07/2016, aged 7, was home alone. "
    "Mum, 34 y/o, returned at 00:15 hrs. Known to CSC for 3 yrs; s47 on 14th March. "
    "NHS 943 476 5919. Sibling Jo (9 yrs) is in Year 6; 3/4 of the actions are done."
)

# A birthday reached: "turned 47", "I'll turn 21.", "her 16th birthday".
BIRTHDAYS = load_cases(__file__, "BIRTHDAYS")


class TestAgeRecognizer(RecognizerTables):
    recognizer_class = AgeRecognizer
    entity = AGE
    valid = (*VALID, pytest.param(NOTE, ["7", "34 y/o", "9 yrs"], id="referral note"))
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
