"""Invented identifiers are valid in form and come only from reserved ranges."""

from __future__ import annotations

import random
import re

import pytest

from referral_nlp.data.synthetic import labels, pii, placebank
from referral_nlp.evaluation.markup import LABELS as MARKUP_LABELS

_DRAMA = re.compile(
    r"^(?:07700900\d{3}|0113496\d{4}|0114496\d{4}|0115496\d{4}|0116496\d{4}|0117496\d{4}"
    r"|0118496\d{4}|0121496\d{4}|0151496\d{4}|0161496\d{4}|0191498\d{4}|02079460\d{3}"
    r"|02920180\d{3}|01632960\d{3})$"
)
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d{1,2}[A-Z]? \d[A-Z]{2}$")


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return "0" + digits[2:] if digits.startswith("44") else digits


def test_nhs_numbers_pass_modulus_11() -> None:
    rng = random.Random(1)
    for _ in range(2000):
        number = pii.nhs_number(rng)
        assert len(number) == 10 and number.isdigit()
        assert pii.is_valid_nhs_number(number)
        assert pii.is_valid_nhs_number(pii.format_nhs(rng, number))


def test_nhs_check_digit_known_values() -> None:
    # Published examples: 943 476 5919 is valid; changing the last digit breaks it.
    assert pii.is_valid_nhs_number("943 476 5919")
    assert not pii.is_valid_nhs_number("943 476 5918")
    assert not pii.is_valid_nhs_number("1111111111")


def test_ni_numbers_follow_hmrc_prefix_rules() -> None:
    rng = random.Random(2)
    for _ in range(2000):
        number = pii.ni_number(rng)
        assert re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", number)
        assert pii.is_valid_ni_prefix(number[:2])
        assert number[:2] not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
        assert not set(number[:2]) & set("DFIQUV") and number[1] != "O"


def test_phone_numbers_are_ofcom_drama_numbers() -> None:
    rng = random.Random(3)
    for town in placebank.TOWNS:
        for _ in range(20):
            for raw in (pii.mobile(rng), pii.landline(rng, town)):
                assert _DRAMA.match(_digits(pii.format_phone(rng, raw))), raw


def test_postcodes_have_uk_shape_and_the_towns_area() -> None:
    rng = random.Random(4)
    for town in placebank.TOWNS:
        code = pii.postcode(rng, town)
        assert _POSTCODE.match(code), code
        assert re.match(rf"^{town.area}\d", code)


def test_emails_use_reserved_domains() -> None:
    rng = random.Random(5)
    for _ in range(200):
        address = pii.email(rng, "Zofia", "Wiśniewska")
        assert re.fullmatch(r"[a-z0-9._'-]+@example\.(com|co\.uk|net|org)", address), address


@pytest.mark.parametrize("style", [s for s, _ in pii.DATE_STYLES])
def test_every_date_style_formats(style: str) -> None:
    import datetime as dt

    text = pii.format_date(random.Random(0), dt.date(2024, 3, 2), style)
    assert "2" in text and text.strip() == text


def test_generator_labels_are_the_projects_labels() -> None:
    assert labels.PII_LABELS == MARKUP_LABELS
