"""CaseReferenceRecognizer: reference numbers by shape, label and context; dates and the like not.

All references are made up. Bare-analyze tests check the shape and label patterns on their own;
the last tests run Presidio's AnalyzerEngine (spaCy lemmas, context enhancer) to check that the
weak patterns count when, and only when, a context word is near.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import THRESHOLD, RecognizerTables, context_analyzer, results, spans_of

from referral_nlp.redaction.recognizers.case_reference_recognizer import CaseReferenceRecognizer
from referral_nlp.redaction.taxonomy import CASE_REFERENCE

STRONG = [
    # Shape alone.
    pytest.param("Case CR/2024/001234 opened", "CR/2024/001234", id="council slash code"),
    pytest.param("See PPN-24-556677.", "PPN-24-556677", id="PPN dashed"),
    pytest.param("Minutes MASH-2023-0456,", "MASH-2023-0456", id="MASH dashed"),
    pytest.param("file cr/2024/001234 here", "cr/2024/001234", id="lower-case slash code"),
    pytest.param("File CR 2024/001234 here", "CR 2024/001234", id="space after prefix"),
    pytest.param("Record LCS1234567 here", "LCS1234567", id="glued prefix"),
    pytest.param("Record PPN-556677 here", "PPN-556677", id="dashed single part"),
    pytest.param("Record ABC 123456 here", "ABC 123456", id="unknown prefix, spaced"),
    pytest.param("Crime 42/12345/24 logged", "42/12345/24", id="police crime reference"),
    pytest.param("Police ref? 01/9876543/23", "01/9876543/23", id="police, long number"),
    pytest.param("Listed as LS24C50123 at court", "LS24C50123", id="family court number"),
    # A label in front: only the number is the reference.
    pytest.param("Ref: 123456", "123456", id="Ref colon"),
    pytest.param("ref 123456 attached", "123456", id="ref lower case"),
    pytest.param("Ref. No. 98765", "98765", id="Ref. No."),
    pytest.param("Reference number: 4455667", "4455667", id="reference number"),
    pytest.param("LCS 1234567 on file", "1234567", id="LCS label"),
    pytest.param("PPN 556677 submitted", "556677", id="PPN label"),
    pytest.param("CAD 1234 12/03/24", "1234", id="CAD then date"),
    pytest.param("CAD no. 567 logged", "567", id="short CAD number"),
    pytest.param("crime no. 1234567/24", "1234567/24", id="crime no"),
    pytest.param("Crime number 42/12345/24", "42/12345/24", id="crime number, police shape"),
    pytest.param("Incident 20240312-0456 attended", "20240312-0456", id="incident"),
    pytest.param("Police log 3344 at 22:10", "3344", id="log"),
    pytest.param("case no. 5566778 held", "5566778", id="case no"),
    pytest.param("Mosaic ID 987654.", "987654", id="Mosaic ID"),
    pytest.param("application no. 36110/97", "36110/97", id="ECHR application no"),
    pytest.param("Application No 5856/72 was", "5856/72", id="ECHR application No"),
    pytest.param("Ref: CR/2024/001234", "CR/2024/001234", id="label and code"),
    pytest.param(
        "Police attended on 12/03/24 at 22:10 (CAD 1234 12/03/24, crime ref 42/12345/24) and "
        "submitted PPN-24-556677 to the MASH. Existing LCS record CR/2024/001234; Mum's mobile "
        "07700 900123, NHS no 943 476 5919. 3 children, s47 strategy agreed under section 47. "
        "Arrears £1,250.00. See ECtHR application no. 36110/97.",
        ["1234", "42/12345/24", "PPN-24-556677", "CR/2024/001234", "36110/97"],
        id="references in a referral note",
    ),
]
WEAK = [
    pytest.param("Number 1234567 noted", "1234567", id="bare digits"),
    pytest.param("Number 12345 noted", "12345", id="five bare digits"),
    pytest.param("see 001234567 here", "001234567", id="leading zeros"),
    pytest.param("ECHR 5856/72 lodged", "5856/72", id="ECHR shape, four digits, unlabelled"),
]
INVALID = [
    pytest.param("Seen 12/03/24", id="short date"),
    pytest.param("Seen 12/03/2024", id="long date"),
    pytest.param("Seen 12.03.2024", id="dotted date"),
    pytest.param("Seen 2024-03-12", id="ISO date"),
    pytest.param("Ref: 12/03/2024", id="labelled date"),
    pytest.param("DOB 12/03/2024", id="DOB"),
    pytest.param("Seen 12032024", id="undelimited date"),
    pytest.param("Seen 20240312", id="undelimited ISO date"),
    pytest.param("At 10:30 and 14:45:10", id="times"),
    pytest.param("Mob 07700 900123", id="mobile"),
    pytest.param("MUM 07700 900123", id="mobile after capitals"),
    pytest.param("Ref: 0161 496 0000", id="landline after a label"),
    pytest.param("Tel 07700900123", id="solid mobile"),
    pytest.param("NHS 943 476 5919", id="NHS spaced"),
    pytest.param("NHS 9434765919", id="NHS solid"),
    pytest.param("Arrears £12,500.00", id="money"),
    pytest.param("Debt £125000", id="money solid"),
    pytest.param("GBP 125000", id="currency code"),
    pytest.param("Attendance 87.5%", id="percentage"),
    pytest.param("Up 123456% on last year", id="large percentage"),
    pytest.param("3 children, 2 adults", id="counts"),
    pytest.param("s47 enquiry under section 17", id="sections"),
    pytest.param("CP plan since 2019, review 2024", id="years"),
    pytest.param("Budget 2023/24 agreed", id="financial year"),
    pytest.param("BP 120/80", id="blood pressure"),
    pytest.param("Covid-19 isolation", id="covid"),
    pytest.param("Postcode LS6 2AB", id="postcode"),
    pytest.param("Reg AB12 CDE", id="vehicle registration"),
    pytest.param("aged 7, Year 3, Room 12", id="ages and rooms"),
    pytest.param("in this case 2 workers", id="case without qualifier"),
    pytest.param("Incident on 12/03/24", id="incident then date"),
]


class TestCaseReferenceRecognizer(RecognizerTables):
    """Strong references score 0.5 or more on their own; not even a weak result for the rest."""

    recognizer_class = CaseReferenceRecognizer
    entity = CASE_REFERENCE
    valid = STRONG
    invalid = INVALID
    counted_score = 0.0
    least_valid_score = 0.5

    @pytest.mark.parametrize(("text", "value"), WEAK)
    def test_weak_reference_found_below_threshold(
        self, recognizer: CaseReferenceRecognizer, text: str, value: str
    ) -> None:
        """Found with the exact span, but only a context word can lift it past the threshold."""
        found = results(recognizer, text, CASE_REFERENCE, counted_score=0.0)
        assert [(r.start, r.end) for r in found] == spans_of(text, [value])
        assert 0 < found[0].score < THRESHOLD


def test_defaults() -> None:
    recognizer = CaseReferenceRecognizer()
    assert recognizer.supported_entities == [CASE_REFERENCE]
    assert recognizer.supported_language == "en"
    # Context words are single tokens: Presidio's enhancer compares one lemma at a time.
    assert all(" " not in word for word in recognizer.context)


# --- Context, through Presidio's AnalyzerEngine -------------------------------------------------


@pytest.fixture(scope="module")
def analyzer():
    return context_analyzer(CaseReferenceRecognizer())


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("The crime reference is 1234567 for this.", "1234567", id="crime reference"),
        pytest.param("Police incident logged as 654321.", "654321", id="incident"),
        pytest.param("Referral 7654321 received from school.", "7654321", id="referral"),
        pytest.param("The ECHR case 36110/97 was cited.", "36110/97", id="ECHR case"),
    ],
)
def test_context_lifts_weak_reference(analyzer, text: str, value: str) -> None:
    results = analyzer.analyze(text, language="en", entities=[CASE_REFERENCE])
    assert [(r.start, r.end) for r in results] == spans_of(text, [value])
    assert results[0].score >= THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("She has 1234567 followers online.", id="digits"),
        pytest.param("He quoted 5856/72 from memory.", id="ECHR shape, four digits"),
    ],
)
def test_weak_reference_without_context_is_dropped(analyzer, text: str) -> None:
    assert analyzer.analyze(text, language="en", entities=[CASE_REFERENCE]) == []


# Shapes that are references on their own, above the threshold without any context word.
SHAPE_ALONE = [
    pytest.param("ECHR 36110/97 lodged", ["36110/97"], id="ECHR shape, five digits"),
    pytest.param("He quoted 365110/04 from memory.", ["365110/04"], id="ECHR shape, six digits"),
    pytest.param(
        "(nos. 29700/96, 682/02 and 2573/02)",
        ["29700/96", "682/02", "2573/02"],
        id="list of application numbers",
    ),
    pytest.param("nos. 61038/00 61388/00", ["61038/00", "61388/00"], id="list without comma"),
    pytest.param("(no. 30/1993/425/504)", ["30/1993/425/504"], id="court serial number"),
    pytest.param("See [2019] EWFC 12 at 40.", ["[2019] EWFC 12"], id="neutral citation"),
    pytest.param("([2008] EWHC 860 (QB))", ["[2008] EWHC 860 (QB)"], id="citation, division"),
    pytest.param("[2021] EWCA Civ 1234.", ["[2021] EWCA Civ 1234"], id="citation, Court of Appeal"),
    pytest.param("file nos. 36529/97 and 37393/97", ["36529/97", "37393/97"], id="file nos."),
    pytest.param("App. No. 8186/78 at", ["8186/78"], id="App. No."),
]

# Identity and land labels: the number after the label is a reference, whatever its shape.
LABELS = [
    pytest.param("driver's license number is F16282354011", ["F16282354011"], id="licence"),
    pytest.param("Driving licence no. 5130634", ["5130634"], id="licence, digits"),
    pytest.param("Passport no. 123456789 seen", ["123456789"], id="passport"),
    pytest.param("The crime ref is 1234567 today", ["1234567"], id="label, is"),
    pytest.param("title number AB123456 registered", ["AB123456"], id="land title"),
    pytest.param("plot no. 42, sheet 3", ["42"], id="plot"),
    pytest.param("plots nos. 19, 20 and 29 were", ["19", "20", "29"], id="list of plots"),
    pytest.param("plot no. 288/3, olive grove", ["288/3"], id="plot with part"),
]
# Reference shapes and labels that are something else.
NOT_REFERENCES = [
    pytest.param("Budget 2023/24 agreed", id="financial year"),
    pytest.param("Blood pressure 120/80 taken", id="blood pressure"),
    pytest.param("Scored 12/20 and 15/20", id="marks out of twenty"),
    pytest.param("Judgment [2019] was cited", id="year in brackets only"),
    pytest.param("In 1993/94 and 1994/95", id="list of financial years"),
    pytest.param("The plot of the film was thin.", id="plot as a story"),
    pytest.param("They bought a plot 12 metres wide.", id="plot without no."),
]


class TestReferenceShapesAndLabels(RecognizerTables):
    """Shapes and labels that pass the threshold with no context word; every result does."""

    recognizer_class = CaseReferenceRecognizer
    entity = CASE_REFERENCE
    valid = SHAPE_ALONE + LABELS
    invalid = NOT_REFERENCES
    counted_score = 0.0
    least_valid_score = THRESHOLD
