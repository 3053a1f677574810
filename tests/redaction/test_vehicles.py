"""A car's make and model is no person or organisation; a name that is also a make still is."""

from __future__ import annotations

import pytest

from referral_nlp.redaction.vehicles import is_vehicle_description


@pytest.mark.parametrize(
    "text",
    [
        "Vauxhall Corsa",
        "Audi A3",
        "Silver Transit van",
        "Ford Fiesta",
        "BMW 3-series",
        "Land Rover Defender",
        "black Mercedes C-class",
        "Nissan Qashqai",
    ],
)
def test_vehicle_descriptions(text: str) -> None:
    assert is_vehicle_description(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ford",  # a surname on its own
        "Mercedes",  # a first name on its own
        "Harrison Ford",
        "Mercedes Okafor",
        "Kia Brown",  # a first name and a colour-word surname: no make or model word besides
        "Mercedes Black",
        "Mercedes Cooper",
        "Golf Club",
        "Polo Lounge",
        "",
    ],
)
def test_names_and_places_are_not_vehicles(text: str) -> None:
    assert not is_vehicle_description(text)
