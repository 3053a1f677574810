"""UkDateRecognizer: UK day-first dates, times and dates of birth.

Every case calls ``analyze`` directly with ``nlp_artifacts=None``: the scores must be right
without Presidio's context enhancement, which needs spaCy's tokens.
"""

from __future__ import annotations

import itertools

import pytest
from presidio_analyzer import RecognizerResult

from referral_nlp.redaction.config import RedactionConfig
from referral_nlp.redaction.recognizers.uk_date_recognizer import UkDateRecognizer
from referral_nlp.redaction.taxonomy import DATE, DATE_OF_BIRTH

BOTH = [DATE, DATE_OF_BIRTH]


@pytest.fixture(scope="module")
def recognizer() -> UkDateRecognizer:
    return UkDateRecognizer()


def _found(
    recognizer: UkDateRecognizer, text: str, entities: list[str] | None = None
) -> list[RecognizerResult]:
    results = recognizer.analyze(text, entities=entities or BOTH, nlp_artifacts=None)
    return sorted(results, key=lambda r: r.start)


def _spans(text: str, results: list[RecognizerResult]) -> list[tuple[str, str]]:
    return [(text[r.start : r.end], r.entity_type) for r in results]


# (text, start, end, the span's text, entity type)
VALID = [
    pytest.param(
        "Prev referrals: 2, most recent Oct, none since.",
        31,
        34,
        "Oct",
        DATE,
        id="month after recent",
    ),
    pytest.param("Prev (Nov) dad hit mum.", 6, 9, "Nov", DATE, id="month in brackets"),
    pytest.param("Seen at home 12/03/24 by the SW.", 13, 21, "12/03/24", DATE, id="dd/mm/yy"),
    pytest.param("Letters sent 12/9 by the school.", 13, 17, "12/9", DATE, id="dd/mm"),
    pytest.param("Second PPN since Jan for this family.", 17, 20, "Jan", DATE, id="month cue"),
    pytest.param("Visit on 12/3/2024 was cancelled.", 9, 18, "12/3/2024", DATE, id="d/m/yyyy"),
    pytest.param(
        "Strategy meeting 12.3.24 agreed s47.", 17, 24, "12.3.24", DATE, id="dotted short"
    ),
    pytest.param(
        "Letter dated 12-03-2024 from school.", 13, 23, "12-03-2024", DATE, id="hyphenated"
    ),
    pytest.param("Date:12/03/2024", 5, 15, "12/03/2024", DATE, id="colon before"),
    pytest.param("Exported 2024-03-12 from the case system.", 9, 19, "2024-03-12", DATE, id="iso"),
    pytest.param(
        "Created 2024-03-12T14:30:00 by admin.",
        8,
        27,
        "2024-03-12T14:30:00",
        DATE,
        id="iso with time",
    ),
    pytest.param(
        "Mum rang on 12th March 2024 upset.",
        12,
        27,
        "12th March 2024",
        DATE,
        id="ordinal day month year",
    ),
    pytest.param("Next visit 12 March, mum agreed.", 11, 19, "12 March", DATE, id="day month"),
    pytest.param(
        "Incident on the 12th of March 2024.",
        16,
        34,
        "12th of March 2024",
        DATE,
        id="ordinal of month year",
    ),
    pytest.param(
        "Reported March 12th 2024 by school.", 9, 24, "March 12th 2024", DATE, id="month day year"
    ),
    pytest.param(
        "Reported March 12, 2024 by school.",
        9,
        23,
        "March 12, 2024",
        DATE,
        id="month day comma year",
    ),
    pytest.param(
        "CP plan from 1st Jan 24 onwards.", 13, 23, "1st Jan 24", DATE, id="abbrev month short year"
    ),
    pytest.param("Review 3 Sept. 2023 noted.", 7, 19, "3 Sept. 2023", DATE, id="abbrev month dot"),
    pytest.param("Known to CSC since Mar 2024.", 19, 27, "Mar 2024", DATE, id="month abbrev year"),
    pytest.param("Moved to Leeds in March 2024.", 18, 28, "March 2024", DATE, id="month year"),
    pytest.param("Last seen by GP Sept 2023.", 16, 25, "Sept 2023", DATE, id="sept year"),
    pytest.param(
        "Closed March '24 after review.", 7, 16, "March '24", DATE, id="month apostrophe year"
    ),
    pytest.param(
        "Home visit Monday 12th March went well.",
        11,
        28,
        "Monday 12th March",
        DATE,
        id="weekday day month",
    ),
    pytest.param(
        "Seen Monday, 12/03/2024 at school.",
        5,
        23,
        "Monday, 12/03/2024",
        DATE,
        id="weekday comma numeric",
    ),
    pytest.param(
        "Meeting on Tues 5th March with mum.", 11, 25, "Tues 5th March", DATE, id="weekday abbrev"
    ),
    pytest.param(
        "Mum will call Monday the 12th.", 14, 29, "Monday the 12th", DATE, id="weekday the ordinal"
    ),
    pytest.param("Dad visited on the 3rd.", 19, 22, "3rd", DATE, id="on the ordinal"),
    pytest.param(
        "Dad visited on the 3rd at lunchtime.", 19, 22, "3rd", DATE, id="on the ordinal then at"
    ),
    pytest.param(
        "Respite 12-14 March 2024 agreed.", 8, 24, "12-14 March 2024", DATE, id="day range"
    ),
    pytest.param(
        "seen 12 may 2024 at home", 5, 16, "12 may 2024", DATE, id="lower-case may with year"
    ),
    pytest.param("Seen 12 May by HV.", 5, 11, "12 May", DATE, id="capitalised May"),
    pytest.param("Born early, scan 29/02/2024.", 17, 27, "29/02/2024", DATE, id="leap day"),
    pytest.param("In 2019 she moved to the area.", 3, 7, "2019", DATE, id="in year"),
    pytest.param("Open to CAMHS since 2021 mum says.", 20, 24, "2021", DATE, id="since year"),
    pytest.param("Lived with nan until 2023.", 21, 25, "2023", DATE, id="until year"),
    pytest.param("Behaviour worse from mid-2019.", 25, 29, "2019", DATE, id="mid year"),
    pytest.param("Excluded in summer 2019.", 19, 23, "2019", DATE, id="season year"),
    pytest.param("Known to services 2019-2021.", 18, 27, "2019-2021", DATE, id="year range"),
    pytest.param("Attendance 2019/20 was 62%.", 11, 18, "2019/20", DATE, id="school year"),
    pytest.param(
        "Lived abroad from 2019 to 2021.", 18, 30, "2019 to 2021", DATE, id="year range to"
    ),
    pytest.param(
        "Between 2019 and 2021 dad was in prison.", 8, 21, "2019 and 2021", DATE, id="between years"
    ),
    pytest.param("Mum grew up in care in the 1990s.", 27, 32, "1990s", DATE, id="decade"),
    pytest.param(
        "Call received 12/03/24 at 14:30.", 14, 31, "12/03/24 at 14:30", DATE, id="date at time"
    ),
    pytest.param(
        "Call received 12/03/2024, 14:30.", 14, 31, "12/03/2024, 14:30", DATE, id="date comma time"
    ),
    pytest.param(
        "Seen 03/04/2024 at 9.15am by PC.",
        5,
        25,
        "03/04/2024 at 9.15am",
        DATE,
        id="date time am/pm",
    ),
    pytest.param(
        "Seen Monday 12th March 14:30 at home.",
        5,
        28,
        "Monday 12th March 14:30",
        DATE,
        id="day month time",
    ),
    pytest.param(
        "Attended 2nd March at 09:00hrs.", 9, 30, "2nd March at 09:00hrs", DATE, id="day month hrs"
    ),
    pytest.param(
        "Meeting 12 March 10am at school.", 8, 21, "12 March 10am", DATE, id="day month am"
    ),
    pytest.param("Child: Amy DOB 04/07/2016.", 15, 25, "04/07/2016", DATE_OF_BIRTH, id="DOB"),
    pytest.param("Amy D.O.B 04/07/2016", 10, 20, "04/07/2016", DATE_OF_BIRTH, id="D.O.B"),
    pytest.param(
        "amy d.o.b. 4.7.16 lives with mum", 11, 17, "4.7.16", DATE_OF_BIRTH, id="d.o.b. dotted"
    ),
    pytest.param("dob:04/07/2016", 4, 14, "04/07/2016", DATE_OF_BIRTH, id="dob colon no space"),
    pytest.param(
        "Date of birth: 4th July 2016", 15, 28, "4th July 2016", DATE_OF_BIRTH, id="date of birth"
    ),
    pytest.param(
        "Her date of birth is 04/07/2016.",
        21,
        31,
        "04/07/2016",
        DATE_OF_BIRTH,
        id="date of birth is",
    ),
    pytest.param(
        "Jack was born on 12th March 2015 in Leeds.",
        17,
        32,
        "12th March 2015",
        DATE_OF_BIRTH,
        id="born on",
    ),
    pytest.param(
        "Jack was born on Monday 12th March 2015.",
        17,
        39,
        "Monday 12th March 2015",
        DATE_OF_BIRTH,
        id="born on weekday",
    ),
    pytest.param(
        "Jack, born 12/03/2015, is in Year 3.", 11, 21, "12/03/2015", DATE_OF_BIRTH, id="born"
    ),
    pytest.param("Jack Smith b. 12/03/2015", 14, 24, "12/03/2015", DATE_OF_BIRTH, id="b."),
    pytest.param("Dad was born in 1998.", 16, 20, "1998", DATE_OF_BIRTH, id="born in year"),
    pytest.param(
        "Dad (b. 1985) has a record.", 8, 12, "1985", DATE_OF_BIRTH, id="b. year in brackets"
    ),
    pytest.param(
        "DOB:\n04/07/2016", 5, 15, "04/07/2016", DATE_OF_BIRTH, id="DOB before line break"
    ),
    pytest.param(
        "Tom Smith (12/03/2015) lives with mum.",
        11,
        21,
        "12/03/2015",
        DATE,
        id="bracketed date after name",
    ),
    pytest.param(
        "Actions:\nb. 12/03/2024 strategy meeting", 12, 22, "12/03/2024", DATE, id="list item b."
    ),
    pytest.param("Room 12\nMarch 2024 visit", 8, 18, "March 2024", DATE, id="one line"),
]

# Calendar-impossible dates and numbers that only look like dates: nothing may be reported.
INVALID = [
    # A time of day alone identifies no one; when an incident happened is the reviewer's signal.
    pytest.param("Police attended 14:30 hrs.", id="time hrs"),
    pytest.param("Police attended 1430hrs.", id="compact hrs"),
    pytest.param("Collected at 2.30pm by nan.", id="time pm"),
    pytest.param("Police called at 23:40 by neighbour.", id="time after at"),
    pytest.param("Contact from 14:00 to 15:30 supervised.", id="time range"),
    pytest.param("Meeting at 14.30 in school.", id="dotted time after at"),
    pytest.param("Mum may (may) come.", id="lower-case may in brackets"),
    pytest.param("Seen 31/02/2024 at home.", id="impossible day"),
    pytest.param("Seen 29/02/2023 at home.", id="not a leap year"),
    pytest.param("Seen 13/13/2024 at home.", id="month 13 in either order"),
    pytest.param("Seen 00/01/2024 at home.", id="day 0"),
    pytest.param("Letter dated 12/03/1850.", id="year out of range"),
    pytest.param("3/4 of the children attend.", id="fraction"),
    pytest.param("She scored 12/15 on the test.", id="score"),
    pytest.param("1500 people attended the event.", id="count"),
    pytest.param("1998 was written on the file.", id="bare year-like number"),
    pytest.param("In 2000 cases the plan worked.", id="count after in"),
    pytest.param("A total of 2000 children were seen.", id="count after of"),
    pytest.param("Upgraded to version 2.3 of the app.", id="version"),
    pytest.param("Upgraded to version 1.2.24 of the app.", id="three-part version"),
    pytest.param("Staff ratio 10-12 at the nursery.", id="ratio"),
    pytest.param("Between 10-12 children present.", id="count range"),
    pytest.param("s47 enquiry started.", id="s47"),
    pytest.param("Section 17 assessment completed.", id="section 17"),
    pytest.param("NHS number 943 476 5919.", id="NHS number spaced"),
    pytest.param("NHS 9434765919", id="NHS number run"),
    pytest.param("Mum's mobile 07700 900123.", id="mobile"),
    pytest.param("Call 0161-496-0000 for duty.", id="landline hyphens"),
    pytest.param("Dad on +44 20 7946 0958.", id="international phone"),
    pytest.param("He is in Year 6 at school.", id="school year"),
    pytest.param("Logged from 10.12.20.5 today.", id="IP address"),
    pytest.param("Code 12-12-12-12 on the form.", id="four-part number"),
    pytest.param("Dinner money £12.30 owed.", id="money"),
    pytest.param("Sold at 1.50 each.", id="price at"),
    pytest.param("Left alone for 24 hours.", id="duration hours"),
    pytest.param("Over 120 hours of support.", id="long duration"),
    pytest.param("They live on the 3rd floor.", id="ordinal floor"),
    pytest.param("This is on the 2nd occasion.", id="ordinal occasion"),
    pytest.param("She may 12 times have called.", id="month word lower"),
    pytest.param("All 12 may be at risk.", id="may be"),
    pytest.param("Across June 5 children were referred.", id="june count"),
]

NOTE = (
    "PC Smith attended on 12.3.24 at 23:40; child DOB 04/07/2016, aged 7, was home alone. "
    "Mum, 34 y/o, returned at 00:15 hrs. Known to CSC since 2019; s47 on 14th March. "
    "NHS 943 476 5919, mobile 07700 900123. Sibling Jo b. 2012 is in Year 6; 3/4 of the "
    "actions are done."
)


@pytest.mark.parametrize(("text", "start", "end", "span", "entity"), VALID)
def test_finds_date(
    recognizer: UkDateRecognizer, text: str, start: int, end: int, span: str, entity: str
) -> None:
    assert text[start:end] == span  # the table itself is consistent
    results = _found(recognizer, text)
    assert [(r.start, r.end, r.entity_type) for r in results] == [(start, end, entity)]


@pytest.mark.parametrize(("text", "start", "end", "span", "entity"), VALID)
def test_scores_survive_the_default_threshold(
    recognizer: UkDateRecognizer, text: str, start: int, end: int, span: str, entity: str
) -> None:
    (result,) = _found(recognizer, text)
    assert RedactionConfig().score_threshold < result.score <= 1.0
    if entity == DATE_OF_BIRTH:
        assert result.score == recognizer.SCORE_DATE_OF_BIRTH
    else:
        assert result.score < recognizer.SCORE_DATE_OF_BIRTH


@pytest.mark.parametrize("text", INVALID)
def test_ignores_non_dates(recognizer: UkDateRecognizer, text: str) -> None:
    assert _found(recognizer, text) == []


def test_date_of_birth_scores_above_every_date_pattern(recognizer: UkDateRecognizer) -> None:
    assert max(p.score for p in recognizer.PATTERNS) < recognizer.SCORE_DATE_OF_BIRTH


def test_referral_note(recognizer: UkDateRecognizer) -> None:
    assert _spans(NOTE, _found(recognizer, NOTE)) == [
        ("12.3.24 at 23:40", DATE),
        ("04/07/2016", DATE_OF_BIRTH),
        ("2019", DATE),
        ("14th March", DATE),
        ("2012", DATE_OF_BIRTH),
    ]


def test_one_result_per_region(recognizer: UkDateRecognizer) -> None:
    # Overlapping patterns ("on the 14th", "14th March") and DOB/DATE give one result each.
    text = " ".join([NOTE, *(row.values[0] for row in VALID)])
    results = _found(recognizer, text)
    assert len(results) == 5 + len(VALID)
    for first, second in itertools.pairwise(results):
        assert first.end <= second.start


def test_list_of_dates_after_one_dob_cue(recognizer: UkDateRecognizer) -> None:
    text = "DOBs: 04/07/2016, 05/08/2018 and 01/01/2020. Seen 12/03/24."
    assert _spans(text, _found(recognizer, text)) == [
        ("04/07/2016", DATE_OF_BIRTH),
        ("05/08/2018", DATE_OF_BIRTH),
        ("01/01/2020", DATE_OF_BIRTH),
        ("12/03/24", DATE),
    ]


def test_range_of_two_dates(recognizer: UkDateRecognizer) -> None:
    text = "Respite 12/03/24-13/03/24 at nan's."
    assert _spans(text, _found(recognizer, text)) == [("12/03/24", DATE), ("13/03/24", DATE)]


def test_cue_too_far_away_gives_a_plain_date(recognizer: UkDateRecognizer) -> None:
    text = "DOB unknown, last seen 12/03/24."
    assert _spans(text, _found(recognizer, text)) == [("12/03/24", DATE)]


@pytest.mark.parametrize(
    ("entities", "expected"),
    [
        pytest.param([DATE], [("04/07/2016", DATE), ("12/03/24", DATE)], id="date only"),
        pytest.param([DATE_OF_BIRTH], [("04/07/2016", DATE_OF_BIRTH)], id="dob only"),
        pytest.param(["PERSON"], [], id="neither"),
    ],
)
def test_requested_entities(
    recognizer: UkDateRecognizer, entities: list[str], expected: list[tuple[str, str]]
) -> None:
    # With DATE_OF_BIRTH not requested, a date of birth is still a date: it is never dropped.
    text = "DOB 04/07/2016, seen 12/03/24."
    assert _spans(text, _found(recognizer, text, entities)) == expected


def test_explanation_names_the_pattern_not_the_text(recognizer: UkDateRecognizer) -> None:
    text = "DOB 04/07/2016"
    (result,) = _found(recognizer, text)
    explanation = result.analysis_explanation
    assert explanation.recognizer == "UkDateRecognizer"
    assert explanation.pattern_name == "dd/mm/yyyy"
    assert "04/07/2016" not in explanation.textual_explanation
    assert result.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY] == "UkDateRecognizer"


def test_supported_entities() -> None:
    assert UkDateRecognizer().get_supported_entities() == [DATE, DATE_OF_BIRTH]


# Lists and ranges that share a year, a time of day in front of a date, and American order.
JOINED = [
    pytest.param("Seen 29 March and 10 April 1990.", ["29 March and 10 April 1990"], id="and"),
    pytest.param(
        "Visits on 17 May, 3 June, 19 August and 10 September 1999.",
        ["17 May, 3 June, 19 August and 10 September 1999"],
        id="list of four",
    ),
    pytest.param("On 15, 17 and 24 January 1990 ...", ["15, 17 and 24 January 1990"], id="days"),
    pytest.param("On 5 or 6 December 1994 he left.", ["5 or 6 December 1994"], id="or"),
    pytest.param(
        "In October and November 1992 and June and August 1983.",
        ["October and November 1992", "June and August 1983"],
        id="months sharing a year",
    ),
    pytest.param(
        "Between 8 November 1994 and 2 August 2000 he was held.",
        ["8 November 1994 and 2 August 2000"],
        id="range after between",
    ),
    pytest.param("from 3rd March to 5th April 2024", ["3rd March to 5th April 2024"], id="from"),
    pytest.param(
        "Seen on 12/03/2024 and 14/03/2024 by school.",
        ["12/03/2024", "14/03/2024"],
        id="two full dates stay two",
    ),
    pytest.param(
        "Seen between 5.54 p.m. and 6.27 p.m. on 19 July 1996 and released.",
        ["between 5.54 p.m. and 6.27 p.m. on 19 July 1996"],
        id="time range before date",
    ),
    pytest.param(
        "On the morning of 31 December 2000 he left.",
        ["morning of 31 December 2000"],
        id="part of day before date",
    ),
    pytest.param("At 10.30 on 12 March police came.", ["10.30 on 12 March"], id="time on date"),
    pytest.param("It's 9/24/1946, she said.", ["9/24/1946"], id="American order"),
    pytest.param("Seen 12/13/2024 at home.", ["12/13/2024"], id="American order, 13th"),
]


@pytest.mark.parametrize(("text", "spans"), JOINED)
def test_joined_dates(recognizer: UkDateRecognizer, text: str, spans: list[str]) -> None:
    assert [span for span, _ in _spans(text, _found(recognizer, text))] == spans


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        pytest.param("Rated 3/14 by the panel.", [], id="no year: no American reading"),
        pytest.param("Scored 10 on 12 March.", ["12 March"], id="a count before 'on' is no time"),
        pytest.param("Seen 3 Dec. 5 June 2023.", ["3 Dec.", "5 June 2023"], id="full stop between"),
    ],
)
def test_joins_nothing_else(recognizer: UkDateRecognizer, text: str, spans: list[str]) -> None:
    assert [span for span, _ in _spans(text, _found(recognizer, text))] == spans
