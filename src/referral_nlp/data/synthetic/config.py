"""Settings of the synthetic corpus generator, checked once so that a bad value fails early.

Every knob that changes the corpus lives here, so that the data card can print the whole recipe
and a seed plus a config reproduces a corpus byte for byte.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from referral_nlp.data.schema import ETHNICITIES, REFERRAL_SOURCES, SEXES
from referral_nlp.errors import UserError

#: Record fields a recording-bias group may be defined on, with their allowed values.
BIAS_FIELDS: dict[str, tuple[str, ...]] = {
    "ethnicity": tuple(ETHNICITIES),
    "child_sex": tuple(SEXES),
    "disability": ("true", "false"),
    "referral_source": tuple(REFERRAL_SOURCES),
}

#: Years of referrals simulated before ``start_year`` so that the first records already have a
#: history (previous referrals, previous CP plans) instead of every child starting from zero.
BURN_IN_YEARS = 3


@dataclass(frozen=True)
class SynthConfig:
    """What to generate.

    ``n`` is the number of closed-case records written (all splits together). Referrals are
    simulated from ``start_year - BURN_IN_YEARS`` to the end of ``end_year``; a closure becomes a
    record only if it falls in ``[start_year, end_year - 1]`` so that its 12-month outcome is
    observable inside the window (censoring, as a council's own data would be).

    ``recording_bias_group`` (``"field=value"``, e.g. ``"ethnicity=black"``) with
    ``recording_bias_rate`` > 0 switches on the recording-bias knob: closed cases of that group
    get unwarranted extra referrals (and some unwarranted s47 enquiries) that raise their
    recorded labels while their true (oracle) probabilities stay unchanged. Off by default.
    """

    n: int = 10_000
    seed: int = 0
    start_year: int = 2017
    end_year: int = 2024
    recording_bias_group: str | None = None
    recording_bias_rate: float = 0.0
    test_fraction: float = 0.2
    validation_fraction: float = 0.1

    def __post_init__(self) -> None:
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 1:
            raise UserError(f"n: expected a positive whole number of records, got {self.n!r}.")
        if self.n > 5_000_000:
            raise UserError(f"n: at most 5,000,000 records, got {self.n}.")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise UserError(f"seed: expected a whole number >= 0, got {self.seed!r}.")
        for name in ("start_year", "end_year"):
            year = getattr(self, name)
            if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100:
                raise UserError(f"{name}: expected a year between 1990 and 2100, got {year!r}.")
        if self.end_year - self.start_year < 2:
            raise UserError(
                "end_year: must be at least 2 years after start_year (a closure needs 12 months "
                f"of follow-up inside the window), got {self.start_year}-{self.end_year}."
            )
        rate = self.recording_bias_rate
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0.0 <= rate <= 1.0:
            raise UserError(f"recording_bias_rate: expected a number in [0, 1], got {rate!r}.")
        if self.recording_bias_group is not None:
            self.bias_group()  # validates the "field=value" form
        elif rate > 0:
            raise UserError(
                "recording_bias_rate: a rate above 0 needs recording_bias_group "
                "(e.g. 'ethnicity=black')."
            )
        for name in ("test_fraction", "validation_fraction"):
            frac = getattr(self, name)
            if not isinstance(frac, int | float) or not 0.0 < frac < 0.5:
                raise UserError(f"{name}: expected a fraction in (0, 0.5), got {frac!r}.")

    def bias_group(self) -> tuple[str, str] | None:
        """``(field, value)`` of the recording-bias group, or None when the knob is off."""
        if self.recording_bias_group is None:
            return None
        spec = self.recording_bias_group
        if not isinstance(spec, str) or spec.count("=") != 1:
            raise UserError(
                "recording_bias_group: expected 'field=value' (e.g. 'ethnicity=black'), "
                f"got {spec!r}."
            )
        field, value = (part.strip() for part in spec.split("="))
        if field not in BIAS_FIELDS:
            raise UserError(
                f"recording_bias_group: field must be one of {sorted(BIAS_FIELDS)}, got {field!r}."
            )
        value = value.lower()
        if value not in BIAS_FIELDS[field]:
            raise UserError(
                f"recording_bias_group: {field} must be one of {list(BIAS_FIELDS[field])}, "
                f"got {value!r}."
            )
        return field, value

    @property
    def bias_active(self) -> bool:
        return self.recording_bias_group is not None and self.recording_bias_rate > 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
