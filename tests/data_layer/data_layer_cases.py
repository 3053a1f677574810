"""Helpers for the data-layer tests: small, valid, schema-named case rows built in code."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any


def make_row(i: int = 1, **overrides: Any) -> dict[str, Any]:
    """One valid raw row in the schema's names (values as a JSONL export would hold them)."""
    row: dict[str, Any] = {
        "id": f"R{i:04d}",
        "child_id": f"C{i:04d}",
        "family_id": f"F{i:04d}",
        "referral_date": "2023-01-10",
        "closure_date": "2023-03-01",
        "text": "PPN re DA incident, child present, mum engaging with support.",
        "assessment_text": "Assessment complete, step down to EH.",
        "referral_source": "police",
        "child_age": 7,
        "child_sex": "female",
        "ethnicity": "white",
        "disability": False,
        "deprivation_decile": 3,
        "previous_referrals": 1,
        "previous_cp_plan": False,
        "primary_need": "N4",
        "assessment_factors": ["domestic_abuse"],
        "re_referral_12m": 0,
        "escalation_12m": 0,
    }
    row.update(overrides)
    return row


def make_corpus(n: int = 300, seed: int = 1) -> list[dict[str, Any]]:
    """Validated-looking records: families of 1-3 children, 1-2 referrals each, 2019-2023."""
    rng = random.Random(seed)
    records: list[dict[str, Any]] = []
    family = 0
    while len(records) < n:
        family += 1
        for child in range(rng.randint(1, 3)):
            for _ in range(rng.randint(1, 2)):
                if len(records) >= n:
                    break
                start = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365))
                end = start + dt.timedelta(days=rng.randint(10, 120))
                i = len(records) + 1
                records.append(
                    make_row(
                        i,
                        child_id=f"C{family:04d}-{child}",
                        family_id=f"F{family:04d}",
                        referral_date=start.isoformat(),
                        closure_date=end.isoformat(),
                        re_referral_12m=int(rng.random() < 0.3),
                        escalation_12m=int(rng.random() < 0.1),
                    )
                )
    return records
