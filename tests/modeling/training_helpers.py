"""Tiny corpora and a tiny base model for the training tests (no personal data: invented notes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

NOTES = [
    "School DSL reports bruising to arm, inconsistent explanation, mum not engaging with HV.",
    "No current concerns. Grandparent supportive. NFA advised after assessment.",
    "Third PPN this month: DA incident at home, children present, DASH high risk.",
    "Family engaged with early help, school attendance improved, case stepped down.",
    "Mum Sarah JONES called the front door on 12/03/2024 worried about her partner.",
]


def case(split: str, i: int, *, family: str | None = None) -> dict[str, Any]:
    """One closed case in schema names; labels alternate so every split has both classes."""
    return {
        "id": f"{split}-{i}",
        "child_id": f"c-{split}-{i}",
        "family_id": family or f"f-{split}-{i}",
        "referral_date": "2023-01-01",
        "closure_date": "2023-02-01",
        "text": NOTES[i % len(NOTES)] + (" Repeated concerns." * (i % 3)),
        "referral_source": ["police", "school", "gp", "family"][i % 4],
        "child_age": [3, 9, None, 15][i % 4],
        "child_sex": "female",
        "previous_referrals": i % 3,
        "previous_cp_plan": [True, False, None, False][i % 4],
        "primary_need": ["N1", "N4", "N5", None][i % 4],
        "assessment_factors": [["domestic_abuse"], ["neglect"], [], None][i % 4],
        "re_referral_12m": i % 2,
        "escalation_12m": int(i % 3 == 0),
    }


def write_corpus(
    directory: Path, sizes: tuple[int, int, int] = (24, 12, 12)
) -> dict[str, list[dict[str, Any]]]:
    directory.mkdir(parents=True, exist_ok=True)
    splits = {}
    for split, n in zip(("train", "validation", "test"), sizes, strict=True):
        splits[split] = [case(split, i) for i in range(n)]
        write_jsonl(directory / f"{split}.jsonl", splits[split])
    return splits


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def save_tiny_base_model(directory: Path, tokenizer: Any, encoder_config: Any) -> Path:
    """A random tiny BERT saved like a Hugging Face model directory (weights + tokenizer)."""
    import torch
    from transformers import BertModel

    torch.manual_seed(0)
    BertModel(encoder_config).save_pretrained(str(directory))
    tokenizer.save_pretrained(str(directory))
    return directory
