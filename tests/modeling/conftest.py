"""Fixtures for the modelling tests: records, a structured encoder and tiny random models.

The tokenizer and the tiny encoder config (hidden 32, 2 layers) are in ``tests/conftest.py``;
only one test loads the real all-MiniLM-L6-v2 weights.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from eval_cases import tiny_model_config

NOTES = [
    "School DSL reports bruising to arm, inconsistent explanation, mum not engaging with HV.",
    "No current concerns. Grandparent supportive. NFA advised after assessment.",
    "Third PPN this month: DA incident at home, children present, DASH high risk.",
    "Family engaged with early help, school attendance improved, case stepped down.",
]


def make_records(n: int = 8) -> list[dict[str, Any]]:
    """Small synthetic closed-case records in schema names (no personal data)."""
    sources = ["police", "school", "gp", "family"]
    needs = ["N1", "N4", "N5", None]
    factors = [["domestic_abuse"], ["neglect", "mental_health"], [], None]
    out = []
    for i in range(n):
        out.append(
            {
                "id": f"r{i}",
                "child_id": f"c{i}",
                "family_id": f"f{i}",
                "referral_date": "2023-01-01",
                "closure_date": "2023-02-01",
                "text": NOTES[i % len(NOTES)],
                "referral_source": sources[i % 4],
                "child_age": [3, 9, None, 15][i % 4],
                "child_sex": "female",
                "ethnicity": "white",
                "disability": False,
                "deprivation_decile": [1, 5, 10, None][i % 4],
                "previous_referrals": i % 3,
                "previous_cp_plan": [True, False, None, False][i % 4],
                "primary_need": needs[i % 4],
                "assessment_factors": factors[i % 4],
                "re_referral_12m": i % 2,
                "escalation_12m": int(i % 4 == 2),
            }
        )
    return out


@pytest.fixture(scope="session")
def records() -> list[dict[str, Any]]:
    return make_records(8)


@pytest.fixture(scope="session")
def structured_encoder(records: list[dict[str, Any]]) -> Any:
    from referral_nlp.modeling.features import StructuredEncoder

    return StructuredEncoder().fit(records)


@pytest.fixture
def tiny_model(tiny_encoder_config: Any, structured_encoder: Any) -> Any:
    import torch

    from referral_nlp.modeling.model import ReferralRiskModel

    torch.manual_seed(0)
    config = tiny_model_config(structured_encoder.dim)
    return ReferralRiskModel.from_config(config, tiny_encoder_config).eval()


@pytest.fixture(scope="session")
def saved_artifact(
    tmp_path_factory: pytest.TempPathFactory,
    tiny_encoder_config: Any,
    tokenizer: Any,
    structured_encoder: Any,
) -> Path:
    """One saved tiny artefact, copied by tests that tamper with it."""
    import torch

    from referral_nlp.modeling.model import ReferralRiskModel

    torch.manual_seed(1)
    config = tiny_model_config(structured_encoder.dim)
    model = ReferralRiskModel.from_config(config, tiny_encoder_config).eval()
    directory = tmp_path_factory.mktemp("artefact") / "model"
    model.save_pretrained(directory, tokenizer=tokenizer, structured_encoder=structured_encoder)
    assert os.listdir(directory)
    return directory
