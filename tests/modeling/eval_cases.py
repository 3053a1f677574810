"""Helpers for the evaluation and predict tests: a toy labelled corpus and a tiny artefact.

The corpus is FICTIONAL and small: each record's outcome follows a known logistic model of one
structured field (previous referrals) and two text cues, so a baseline that reads them beats
chance, and the "oracle" columns hold the true probabilities, as the synthetic generator's do.
A recording bias (extra recorded re-referrals for one group, oracle unchanged) can be switched
on, as with the generator's knob.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from pathlib import Path
from typing import Any

RISK_CUES = (
    "Third PPN this month, DA incident with children present.",
    "Mum not engaging with HV, disguised compliance noted.",
    "Unexplained bruising to arm, explanation inconsistent.",
)
SAFE_CUES = (
    "Grandparent supportive and protective, lives nearby.",
    "Family engaged well with early help, no current concerns.",
    "Injury explained and consistent with account, GP satisfied.",
)
FILLER = (
    "School DSL aware.",
    "Checks completed with partner agencies.",
    "SW spoke to child alone.",
    "Case discussed at MASH.",
)
# A name and a phone number in every note: the redactor must take them out before any model.
PII_LINE = "Contact Sarah JONES on 07700 900123."


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def make_toy_records(
    n: int = 400,
    seed: int = 0,
    *,
    bias_group: tuple[str, str] | None = None,
    bias_rate: float = 0.0,
    oracle: bool = True,
) -> list[dict[str, Any]]:
    """Closed-case records in schema names; closure dates increase with the index."""
    rng = random.Random(seed)
    sexes = ("female", "male")
    ethnicities = ("white", "asian", "black", "mixed")
    records = []
    start = dt.date(2019, 1, 1)
    for i in range(n):
        risk = rng.random() < 0.5
        previous = rng.choice((0, 0, 1, 2, 4))
        cue = rng.choice(RISK_CUES if risk else SAFE_CUES)
        text = f"{rng.choice(FILLER)} {cue} {rng.choice(FILLER)} {PII_LINE}"
        z_re = -1.6 + 2.2 * risk + 0.35 * previous
        z_esc = -3.0 + 1.8 * risk + 0.3 * previous
        p_re, p_esc = _sigmoid(z_re), _sigmoid(z_esc)
        record = {
            "id": f"R{i:05d}",
            "child_id": f"C{i:05d}",
            "family_id": f"F{i:05d}",
            "referral_date": (start + dt.timedelta(days=2 * i)).isoformat(),
            "closure_date": (start + dt.timedelta(days=2 * i + 30)).isoformat(),
            "text": text,
            "referral_source": rng.choice(("police", "school", "gp", "health_visitor")),
            "child_age": rng.randint(0, 17),
            "child_sex": rng.choice(sexes),
            "ethnicity": rng.choice(ethnicities),
            "disability": rng.random() < 0.15,
            "deprivation_decile": rng.randint(1, 10),
            "previous_referrals": previous,
            "previous_cp_plan": rng.random() < 0.1,
            "primary_need": rng.choice(("N1", "N4", "N5")),
            "assessment_factors": ["domestic_abuse"] if "DA" in cue else [],
            "re_referral_12m": int(rng.random() < p_re),
            "escalation_12m": int(rng.random() < p_esc),
        }
        in_group = bias_group is not None and str(record[bias_group[0]]).lower() == bias_group[1]
        if in_group and rng.random() < bias_rate:
            record["re_referral_12m"] = 1  # recorded, not real: the oracle is unchanged
        if oracle:
            record["oracle_re_referral"] = p_re
            record["oracle_escalation"] = p_esc
        records.append(record)
    return records


def write_splits(
    records: list[dict[str, Any]], directory: Path, fractions: tuple[float, float] = (0.6, 0.2)
) -> Path:
    """train / validation / test JSONL in ``directory``; test holds the latest closures."""
    directory.mkdir(parents=True, exist_ok=True)
    n = len(records)
    a, b = round(fractions[0] * n), round((fractions[0] + fractions[1]) * n)
    rng = random.Random(1)
    early = list(records[:b])
    rng.shuffle(early)  # train and validation interleave in time; test is out of time
    parts = {"train": early[:a], "validation": early[a:], "test": records[b:]}
    for name, part in parts.items():
        with (directory / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            for record in part:
                fh.write(json.dumps(record) + "\n")
    return directory


def tiny_model_config(structured_dim: int, **changes: Any) -> Any:
    """The tiny sentence model the tests use: a 16-wide note head, one context layer."""
    from referral_nlp.modeling.model import ModelConfig

    values = {"max_tokens": 32, "hidden": 16, "context_heads": 2, "dropout": 0.0}
    return ModelConfig(structured_dim=structured_dim, **{**values, **changes})


def build_artifact(
    directory: Path,
    tokenizer: Any,
    encoder_config: Any,
    train_records: list[dict[str, Any]],
    *,
    calibration: bool = True,
    operating_points: dict[str, Any] | bool | None = True,
    ngram: bool = False,
    seed: int = 0,
    text_fields: tuple[str, ...] = ("text",),
    frozen_encoder_backend: str | None = None,
) -> Path:
    """A tiny random-BERT artefact with structured encoder, calibration and operating points.

    The calibration is temperature 2 on logits; the operating points put ``high`` at 0.6 and
    the capacity point at 0.45, base rates 0.3 (re-referral) and 0.1 (escalation), unless
    ``operating_points`` gives the JSON payload (or False for none). ``ngram``: also an n-gram
    component fitted on ``train_records`` and a blend of 0.5 x n-gram + 1.0 x transformer - 0.1
    (as the trainer writes them, with made-up weights). ``frozen_encoder_backend``: what the
    model config says its head learnt from (None: float32 vectors).
    """
    import torch

    from referral_nlp.artifacts import BLEND_NAME, NGRAM_NAME
    from referral_nlp.decision.bands import operating_points_to_json
    from referral_nlp.decision.calibration import TemperatureScaler
    from referral_nlp.modeling.features import StructuredEncoder
    from referral_nlp.modeling.hybrid import Blend
    from referral_nlp.modeling.model import ReferralRiskModel
    from referral_nlp.modeling.predict import calibration_to_json

    encoder = StructuredEncoder().fit(train_records)
    torch.manual_seed(seed)
    config = tiny_model_config(
        encoder.dim, text_fields=text_fields, frozen_encoder_backend=frozen_encoder_backend
    )
    model = ReferralRiskModel.from_config(config, encoder_config).eval()
    extra: dict[str, Any] = {}
    if calibration:
        extra["calibration.json"] = calibration_to_json(
            {label: TemperatureScaler(kind="logit", temperature=2.0) for label in config.labels}
        )
    if operating_points is True:
        common = {"precision": 0.6, "recall": 0.4, "flag_rate": 0.1, "n_flagged": 5, "n": 50}
        point = {
            "precision_65": {"name": "precision_65", "kind": "precision", "target": 0.65,
                             "threshold": 0.6, "reachable": True, "note": "", **common},
            "top_10pct": {"name": "top_10pct", "kind": "capacity", "target": 0.1,
                          "threshold": 0.45, "reachable": True, "note": "", **common},
        }  # fmt: skip
        operating_points = operating_points_to_json(
            {label: point for label in config.labels},
            {"re_referral_12m": 0.3, "escalation_12m": 0.1},
        )
    if operating_points:
        extra["operating_points.json"] = operating_points
    if ngram:
        from referral_nlp.modeling.baselines import TfidfLogisticBaseline

        component = TfidfLogisticBaseline(labels=config.labels).fit(train_records)
        extra[NGRAM_NAME] = component.to_dict()
        # Across labels, as training writes by default: each label also weighs the other's logits.
        weights = {
            label: {(part, source): w if source == label else 0.1
                    for part, w in (("ngram", 0.5), ("transformer", 1.0))
                    for source in config.labels}
            for label in config.labels
        }  # fmt: skip
        extra[BLEND_NAME] = Blend(weights, dict.fromkeys(config.labels, -0.1)).to_dict()
    model.save_pretrained(
        directory, tokenizer=tokenizer, structured_encoder=encoder, extra_json=extra
    )
    return directory
