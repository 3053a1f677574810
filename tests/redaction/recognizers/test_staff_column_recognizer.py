"""StaffColumnRecognizer: initials under a table header that names who recorded each row."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.staff_column_recognizer import StaffColumnRecognizer
from referral_nlp.redaction.taxonomy import PERSON


class TestStaffColumnRecognizer(RecognizerTables):
    recognizer_class = StaffColumnRecognizer
    entity = PERSON
