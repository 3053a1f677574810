"""IdentifyingOrganisationRecognizer: named schools, nurseries, surgeries and wards; not services.

A named school or GP surgery narrows a family down to a few streets; "the school", "CAMHS" or
"West Yorkshire Police" do not. Every name here is made up for the test. Recogniser cases call
``analyze`` directly with ``nlp_artifacts=None``; the last table runs notes through the session
``redactor``, whose spaCy model also proposes ORG spans.
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.identifying_organisation_recognizer import (
    IdentifyingOrganisationRecognizer,
)
from referral_nlp.redaction.taxonomy import ORGANISATION

# (text, every organisation span in it, in order)
VALID = [
    pytest.param(
        "Seen at Wharfe Vale District General.",
        ["Wharfe Vale District General"],
        id="district general",
    ),
    pytest.param("Discharged from Children's Ward 12.", ["Children's Ward 12"], id="kind of ward"),
    pytest.param(
        "Seen at Brook Lane Playgroup twice a week.", ["Brook Lane Playgroup"], id="playgroup"
    ),
    pytest.param("Trains at Eastside Boxing Club.", ["Eastside Boxing Club"], id="club"),
    pytest.param("Goes to Hilltop Mosque madrassa.", ["Hilltop Mosque madrassa"], id="madrassa"),
    # Schools.
    pytest.param(
        "Kayden attends St Mary's RC Primary School.",
        ["St Mary's RC Primary School"],
        id="RC primary school",
    ),
    pytest.param("He is in Year 9 at Oakfield Academy.", ["Oakfield Academy"], id="academy"),
    pytest.param("Child is at Westfield High School.", ["Westfield High School"], id="high school"),
    pytest.param(
        "He is in Year 4 at Holy Trinity CofE Primary.",
        ["Holy Trinity CofE Primary"],
        id="CofE primary without School",
    ),
    pytest.param("She is in Year 3 at Beechwood Juniors.", ["Beechwood Juniors"], id="juniors"),
    pytest.param(
        "Kayden is a pupil at Our Lady of Lourdes Catholic Primary School.",
        ["Our Lady of Lourdes Catholic Primary School"],
        id="of inside the name",
    ),
    pytest.param(
        "Pupil at St. Peter's C of E Infant School.",
        ["St. Peter's C of E Infant School"],
        id="St. and C of E",
    ),
    pytest.param(
        "Pupil at Fir Tree Primary School, Year 2.",
        ["Fir Tree Primary School"],
        id="before a comma",
    ),
    pytest.param("The school (Moorside Primary) rang.", ["Moorside Primary"], id="in brackets"),
    pytest.param("School: Oakfield Academy", ["Oakfield Academy"], id="after a field label"),
    pytest.param("She attends Calder Valley College.", ["Calder Valley College"], id="college"),
    # Nurseries and children's centres.
    pytest.param(
        "Kayden is at Little Acorns Nursery three days a week.",
        ["Little Acorns Nursery"],
        id="nursery",
    ),
    pytest.param("Lily goes to Rainbow Day Nursery.", ["Rainbow Day Nursery"], id="day nursery"),
    pytest.param("Child is at Hillside Pre-School.", ["Hillside Pre-School"], id="pre-school"),
    pytest.param(
        "Seen at the Hollybush Children's Centre.",
        ["Hollybush Children's Centre"],
        id="children's centre",
    ),
    # GP surgeries and health centres.
    pytest.param(
        "Registered at Parkside Medical Practice.",
        ["Parkside Medical Practice"],
        id="medical practice",
    ),
    pytest.param("GP practice is Elmwood Surgery.", ["Elmwood Surgery"], id="surgery"),
    pytest.param(
        "Registered with Meanwood Health Centre.", ["Meanwood Health Centre"], id="health centre"
    ),
    pytest.param(
        "Registered with Dr Okafor's Surgery.", ["Dr Okafor's Surgery"], id="doctor's Surgery"
    ),
    # Hospitals and wards.
    pytest.param(
        "Admitted to Ward 12 at Leeds General Infirmary.",
        ["Ward 12", "Leeds General Infirmary"],
        id="ward and infirmary",
    ),
    pytest.param("Seen on Ward 3B overnight.", ["Ward 3B"], id="ward with letter"),
    pytest.param("Baby born at St Anne's Hospital.", ["St Anne's Hospital"], id="saint's hospital"),
    # Other places a family is known at.
    pytest.param("Family attend Al-Noor Mosque.", ["Al-Noor Mosque"], id="mosque"),
    pytest.param(
        "Goes to Kirkstall Youth Club on Fridays.", ["Kirkstall Youth Club"], id="youth club"
    ),
    pytest.param("Mum is staying at Leeds Women's Refuge.", ["Leeds Women's Refuge"], id="refuge"),
    pytest.param(
        "Mum works at Greenway Supermarkets Ltd.",
        ["Greenway Supermarkets Ltd."],
        id="employer with Ltd",
    ),
    pytest.param("Dad works for Harbour Logistics.", ["Harbour Logistics"], id="works for"),
    pytest.param("Goes to Beechwood Juniors.", ["Beechwood Juniors"], id="opens with Goes to"),
    pytest.param("Oakfield Academy DSL called.", ["Oakfield Academy"], id="role after the name"),
    # Sentence openings, cases and labels.
    pytest.param(
        "Attends Little Acorns Nursery three days a week.",
        ["Little Acorns Nursery"],
        id="sentence opens with Attends",
    ),
    pytest.param(
        "Attended Westfield High School until Year 9.",
        ["Westfield High School"],
        id="sentence opens with Attended",
    ),
    pytest.param(
        "Contacted Parkside Medical Practice.",
        ["Parkside Medical Practice"],
        id="sentence opens with Contacted",
    ),
    pytest.param(
        "Registered at Dr Khan's surgery.",
        ["Dr Khan's surgery"],
        id="doctor's surgery in lower case",
    ),
    pytest.param("Year 11 pupil at Brigshaw High.", ["Brigshaw High"], id="High without School"),
    pytest.param("He is at OAKFIELD ACADEMY.", ["OAKFIELD ACADEMY"], id="all capitals"),
    pytest.param("kayden attends oakfield academy.", ["oakfield academy"], id="all lower case"),
    pytest.param("Nursery: Tiny Steps", ["Tiny Steps"], id="name after a Nursery label"),
    pytest.param(
        "Employer: Northern Rail Catering",
        ["Northern Rail Catering"],
        id="capitalised Employer label",
    ),
    # A company name may open with a number.
    pytest.param("Dad works for 48 Ledger Inc now.", ["48 Ledger Inc"], id="number first"),
    pytest.param("Mum is at 3 Oak Stones Ltd.", ["3 Oak Stones Ltd."], id="number, Ltd."),
]


# Services and agencies every family shares: they identify no one.
INVALID = [
    pytest.param("She went to the Youth Club on Friday.", id="the Youth Club"),
    pytest.param("Concerns raised by the school.", id="the school"),
    pytest.param("Referred to CAMHS.", id="CAMHS"),
    pytest.param("Children's Social Care received a referral.", id="Children's Social Care"),
    pytest.param("West Yorkshire Police attended.", id="police force"),
    pytest.param("Mum to speak to the GP.", id="the GP"),
    pytest.param("Child attends the local Primary School.", id="the local Primary School"),
    pytest.param("Discussed with the Primary School.", id="the Primary School"),
    pytest.param("Referred to the Family Centre.", id="the Family Centre"),
    pytest.param("Health visitor from the Health Centre called.", id="the Health Centre"),
    pytest.param("Mum took him to Hospital.", id="Hospital"),
    pytest.param("He attends a Special School.", id="a Special School"),
    pytest.param("Strategy meeting with the MASH team.", id="MASH"),
    pytest.param("Seen by the School Nursing Service.", id="school nursing"),
    pytest.param("Discussed at MARAC.", id="MARAC"),
    pytest.param("Referred to Women's Aid.", id="Women's Aid"),
    pytest.param("Reviewed at the Child Protection Conference.", id="conference"),
    pytest.param("Seen in the Emergency Department.", id="emergency department"),
    pytest.param("Referred to Early Help.", id="Early Help"),
    pytest.param("Attends Nursery two days a week.", id="Attends Nursery"),
    pytest.param("Baby was moved to the Neonatal Unit.", id="the Neonatal Unit"),
    pytest.param("Referred to the Paediatric Clinic.", id="the Paediatric Clinic"),
    pytest.param("NHS Trust safeguarding team advised.", id="NHS Trust"),
    pytest.param("The Trust safeguarding lead advised.", id="The Trust"),
]


class TestIdentifyingOrganisationRecognizer(RecognizerTables):
    recognizer_class = IdentifyingOrganisationRecognizer
    entity = ORGANISATION
    valid = VALID
    invalid = INVALID
    counted_score = 0.0


# Through the redactor (spaCy's ORG included): these notes hold no personal data at all.
REDACTOR_INVALID = [
    pytest.param("Concerns raised by the school.", id="the school"),
    pytest.param("Referred to CAMHS.", id="CAMHS"),
    pytest.param("Children's Social Care received a referral.", id="Children's Social Care"),
    pytest.param("West Yorkshire Police attended.", id="police force"),
    pytest.param("Mum to speak to the GP.", id="the GP"),
    pytest.param("Strategy meeting with the MASH team.", id="MASH"),
    pytest.param("Leeds City Council Children's Services were informed.", id="council"),
    pytest.param("Discussed with the DSL at school.", id="DSL"),
    pytest.param("Child attends the local Primary School.", id="the local Primary School"),
    pytest.param("Referred to the Family Centre.", id="the Family Centre"),
    pytest.param("Referred to the Youth Offending Team.", id="Youth Offending Team"),
    pytest.param("Independent Reviewing Officer notified.", id="Independent Reviewing Officer"),
    pytest.param("Core Group Meeting on Monday.", id="Core Group"),
    pytest.param(
        "Initial Child Protection Conference booked.", id="Initial Child Protection Conference"
    ),
    pytest.param("NHS Trust safeguarding team advised.", id="NHS Trust"),
]


@pytest.mark.parametrize("text", REDACTOR_INVALID)
def test_redactor_leaves_generic_services(redactor, text: str) -> None:
    entities = redactor.analyze(text)
    assert entities == [], [(text[e.start : e.end], e.entity_type) for e in entities]


def test_supported_entities() -> None:
    recognizer = IdentifyingOrganisationRecognizer()
    assert recognizer.get_supported_entities() == [ORGANISATION]
