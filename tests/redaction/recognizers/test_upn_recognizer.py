"""UpnRecognizer: UPNs with a valid DfE check letter anywhere; any 13-character code after a label.

Values are made up; the valid ones carry the check letter computed by :func:`_check_letter`,
written here from the DfE's description independently of the recogniser (and of stdnum).
"""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.upn_recognizer import UpnRecognizer
from referral_nlp.redaction.taxonomy import UPN

_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def _check_letter(body: str) -> str:
    """Digits 2-13 weighted 2 to 13, summed, modulo 23, as a letter without I, O and S."""
    return _LETTERS[sum(w * int(d) for w, d in zip(range(2, 14), body, strict=True)) % 23]


VALID_UPNS = ["F383211416027", "R380204517118", "C384300119043", "E381260318205"]


def test_table_values_have_the_check_letters_claimed() -> None:
    for upn in VALID_UPNS:
        assert _check_letter(upn[1:]) == upn[0]
    assert _check_letter("801200001234") != "H"  # the example is mistyped


VALID = [
    # A valid check letter needs no label.
    *(
        pytest.param(f"Pupil record {upn} transferred.", [upn], id=f"no label, {upn}")
        for upn in VALID_UPNS
    ),
    pytest.param("UPN H801200001234 on file", ["H801200001234"], id="label, wrong check letter"),
    pytest.param("UPN: F383211416027.", ["F383211416027"], id="label and colon"),
    pytest.param("unique pupil number R380204517118", ["R380204517118"], id="words as label"),
    pytest.param("upn no. c384300119043", ["c384300119043"], id="lower case after label"),
]


class TestUpnRecognizer(RecognizerTables):
    recognizer_class = UpnRecognizer
    entity = UPN
    valid = VALID
