"""WebAddressRecognizer: URLs on word boundaries only, and no public-service sites."""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.web_address_recognizer import WebAddressRecognizer
from referral_nlp.redaction.taxonomy import URL

VALID = [
    pytest.param(
        "Page: https://www.facebook.com/natalie.briggs.9047.",
        ["https://www.facebook.com/natalie.briggs.9047"],
        id="scheme, path, sentence stop left out",
    ),
    pytest.param(
        "Site www.brookfield-high.sch.uk lists him.", ["www.brookfield-high.sch.uk"], id="www"
    ),
    pytest.param(
        "Facebook: facebook.com/elena.dobre.7",
        ["facebook.com/elena.dobre.7"],
        id="bare domain on .com",
    ),
    pytest.param(
        "See oakfield-primary.org.uk/staff",
        ["oakfield-primary.org.uk/staff"],
        id="bare domain on .org.uk",
    ),
    pytest.param(
        "Logged http://10.44.7.203:8080/form",
        ["http://10.44.7.203:8080/form"],
        id="scheme and IP host",
    ),
    pytest.param("Odd site www.example.sm today", ["www.example.sm"], id="any ending after www"),
]
INVALID = [
    pytest.param("Contact jane.smith@oakfield.sch.uk re the child.", id="inside an e-mail"),
    pytest.param("seen by dr.patel at the surgery", id="dotted name (.pa)"),
    pytest.param("Email jane.smith about it", id="dotted name (.sm)"),
    pytest.param("Mr.Smith e.g. st.mary", id="abbreviations"),
    pytest.param("Saved notes.txt and report.docx", id="file names"),
    pytest.param("Version 2.0.1 installed", id="version number"),
    pytest.param("Read www.gov.uk/child-benefit first.", id="national service"),
    pytest.param("See https://www.leeds.gov.uk/children", id="council site"),
    pytest.param("Call childline.org.uk or 0800.", id="helpline"),
]


class TestWebAddressRecognizer(RecognizerTables):
    recognizer_class = WebAddressRecognizer
    entity = URL
    valid = VALID
    invalid = INVALID
