"""SynthConfig refuses bad settings with a message that names the setting."""

from __future__ import annotations

import pytest

from referral_nlp.data.synthetic import SynthConfig


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"n": 0}, "n:"),
        ({"n": -5}, "n:"),
        ({"n": 2.5}, "n:"),
        ({"n": True}, "n:"),
        ({"seed": -1}, "seed:"),
        ({"seed": "7"}, "seed:"),
        ({"start_year": 1800}, "start_year:"),
        ({"start_year": 2023, "end_year": 2024}, "end_year:"),
        (
            {"recording_bias_rate": 1.5, "recording_bias_group": "ethnicity=black"},
            "recording_bias_rate:",
        ),
        ({"recording_bias_rate": 0.2}, "recording_bias_rate:"),
        ({"recording_bias_group": "ethnicity"}, "recording_bias_group:"),
        ({"recording_bias_group": "race=black"}, "recording_bias_group:"),
        ({"recording_bias_group": "ethnicity=purple"}, "recording_bias_group:"),
        ({"test_fraction": 0.7}, "test_fraction:"),
        ({"validation_fraction": 0}, "validation_fraction:"),
    ],
)
def test_bad_settings_name_the_field(kwargs: dict, field: str) -> None:
    with pytest.raises(ValueError, match=field):
        SynthConfig(**kwargs)


def test_bias_group_parses_and_defaults_off() -> None:
    assert SynthConfig().bias_active is False
    config = SynthConfig(recording_bias_group="ethnicity = Black", recording_bias_rate=0.2)
    assert config.bias_group() == ("ethnicity", "black")
    assert config.bias_active
    # A group with rate 0 is allowed and inactive.
    assert not SynthConfig(recording_bias_group="child_sex=male").bias_active
