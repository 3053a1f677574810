"""NonLatinScriptRecognizer: a name written in the family's own script beside its Latin form."""

from __future__ import annotations

from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.non_latin_script_recognizer import (
    NonLatinScriptRecognizer,
)
from referral_nlp.redaction.taxonomy import PERSON


class TestNonLatinScriptRecognizer(RecognizerTables):
    recognizer_class = NonLatinScriptRecognizer
    entity = PERSON
