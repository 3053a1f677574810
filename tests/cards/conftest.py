"""Fixtures for the model-card tests.

Two kinds of input:

* :func:`golden_sources`: every input of a card as fixed, hand-written, FULLY SYNTHETIC dicts
  (an eval.json with round numbers, a manifest with a made-up checksum, a training run record,
  a data card, redaction scores). Deterministic, so the Markdown rendering can be compared with
  a golden file; no model, no torch.
* :func:`pii_pipeline`: the real pipeline on notes FULL OF (fictional) personal data: a tiny
  random-BERT artefact saved by ``save_pretrained`` and ``referral-nlp evaluate``'s
  ``evaluate_run`` on those notes, so the no-personal-data test has every chance to fail.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from card_pii import PII

from referral_nlp.artifacts import artefact_version

LABELS = ("re_referral_12m", "escalation_12m")
WEIGHTS_SHA = "0123456789ab" + "cd" * 26
MANIFEST_FILES = {
    "model.safetensors": {"sha256": WEIGHTS_SHA, "size": 1},
    "model_config.json": {"sha256": "ab" * 32, "size": 1},
    "training_run.json": {"sha256": "ef" * 32, "size": 1},
}
# The model version is the digest of the whole manifest (artifacts.artefact_version), so the
# evaluation must name the version of these files, not a prefix of the weights' hash.
VERSION = artefact_version({"files": MANIFEST_FILES})


# ---- a tiny valid PNG (no matplotlib needed) ---------------------------------------------------
def tiny_png() -> bytes:
    """A valid 2x2 grey PNG."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + b"\x80\x80" for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# ---- fixed synthetic inputs --------------------------------------------------------------------
def _m(value: float, low: float, high: float) -> dict[str, float]:
    return {"value": value, "low": low, "high": high}


def _metrics(auc: float, ap: float, brier: float, ece: float) -> dict[str, Any]:
    return {
        "auroc": _m(auc, round(auc - 0.02, 3), round(auc + 0.02, 3)),
        "average_precision": _m(ap, round(ap - 0.03, 3), round(ap + 0.03, 3)),
        "brier": _m(brier, round(brier - 0.005, 3), round(brier + 0.005, 3)),
        "ece": _m(ece, round(max(ece - 0.008, 0.0), 3), round(ece + 0.008, 3)),
    }


def _model_entry(auc: float, ece_raw: float, ece_cal: float, method: str) -> dict[str, Any]:
    return {
        "calibration": {"method": method, "params": {"method": method}},
        "metrics": {
            "uncalibrated": _metrics(round(auc - 0.001, 3), 0.5, 0.2, ece_raw),
            "calibrated": _metrics(auc, 0.5, 0.17, ece_cal),
        },
        "ece_target": {"target": 0.03, "calibrated_ece": ece_cal, "met": ece_cal <= 0.03},
    }


def _point(kind: str, target: float, threshold: float, tp: int, fp: int, fn: int, tn: int):
    n = tp + fp + fn + tn
    name = "precision_65" if kind == "precision" else "top_10pct"
    return name, {
        "validation": {
            "name": name,
            "kind": kind,
            "target": target,
            "threshold": threshold,
            "precision": 0.66 if kind == "precision" else 0.6,
            "recall": 0.3,
            "flag_rate": 0.1,
            "n_flagged": 200,
            "n": 2000,
            "reachable": True,
            "note": "",
        },
        "test": {
            "n": n,
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "tn": tn,
            "precision": tp / (tp + fp),
            "recall": tp / (tp + fn),
            "tpr": tp / (tp + fn),
            "fpr": fp / (fp + tn),
            "flag_rate": (tp + fp) / n,
        },
    }


def _e(value: float | None, half: float | None = None) -> dict[str, float | None]:
    """An estimate dict; ``half`` is the half-width of its interval (se = half / 2)."""
    if value is None or half is None:
        return {"value": value, "low": None, "high": None, "se": None}
    return {
        "value": value,
        "low": round(value - half, 4),
        "high": round(value + half, 4),
        "se": half / 2,
    }


POINTS = ("precision_65", "top_10pct")
BLACK_TEXT = (
    "outcome recorded for 36% of these cases against 27% predicted (recorded - predicted +0.090 "
    "[+0.050, +0.130], tolerance 0.05, Holm-adjusted p 0.012): outcomes are recorded more often "
    "than the underlying risk explains (true risk 26%): the records, not the model's scores, are "
    "out of line (recording bias)"
)
BLACK_MEANING = (
    "Outcomes are recorded more often for these children than their underlying risk explains; "
    "the model's scores follow the risk, the records do not. Do not read the extra recorded "
    "outcomes as extra need: ask whether this group is watched or recorded differently."
)


def _fair_group(attribute, code, n, rate, pred, truth, *, verdict="within tolerance",
                text="", meaning=None):  # fmt: skip
    """A group of eval.json's fairness section (schema 2) with round, made-up numbers."""
    small = n < 30
    stats = {
        "outcome_rate": _e(rate, 0.04),
        "outcome_rate_rest": _e(0.25),
        "outcome_gap": _e(round(rate - 0.25, 3), 0.05),
        "mean_predicted": _e(pred, 0.01),
        "true_risk": _e(truth, 0.01),
        "calibration": _e(round(rate - pred, 3), 0.04),
        "recorded_vs_truth": _e(round(rate - truth, 3), 0.04),
        "model_vs_truth": _e(round(pred - truth, 3), 0.01),
        "brier": _e(0.17),
        "brier_excess": _e(0.01, 0.005),
    }
    for point in POINTS:
        stats |= {
            f"tpr|{point}": _e(0.3, 0.08), f"fpr|{point}": _e(0.05, 0.02),
            f"tpr_rest|{point}": _e(0.31), f"fpr_rest|{point}": _e(0.05),
            f"tpr_gap|{point}": _e(-0.01, 0.08), f"fpr_gap|{point}": _e(0.0, 0.02),
            f"oracle_tpr|{point}": _e(0.45), f"oracle_fpr|{point}": _e(0.06),
            f"oracle_tpr_gap|{point}": _e(-0.02), f"oracle_fpr_gap|{point}": _e(0.001),
            f"tpr_excess|{point}": _e(0.01, 0.06), f"fpr_excess|{point}": _e(-0.001, 0.02),
        }  # fmt: skip
    comparisons = []
    if not small:
        comparisons.append(
            {"kind": "calibration", "operating_point": None, "estimate": stats["calibration"],
             "tolerance": 0.05, "p_value": 0.0004 if verdict != "within tolerance" else 0.9,
             "p_adjusted": 0.012 if verdict == "flagged" else 0.4 if verdict == "inconclusive"
             else 1.0, "verdict": verdict, "meaning": meaning, "text": text}
        )  # fmt: skip
        comparisons.append(
            {"kind": "model_vs_truth", "operating_point": None,
             "estimate": stats["model_vs_truth"], "tolerance": 0.05, "p_value": 1.0,
             "p_adjusted": 1.0, "verdict": "within tolerance", "meaning": None, "text": ""}
        )  # fmt: skip
        for point in POINTS:
            for key in ("tpr", "fpr"):
                comparisons.append(
                    {"kind": f"{key}_excess", "operating_point": point,
                     "estimate": stats[f"{key}_excess|{point}"], "tolerance": 0.1,
                     "p_value": 1.0, "p_adjusted": 1.0, "verdict": "within tolerance",
                     "meaning": None, "text": ""}
                )  # fmt: skip
    return {
        "attribute": attribute,
        "group": code,
        "n": n,
        "n_positive": round(n * rate),
        "n_families": round(n * 0.7),
        "status": f"not enough data (n={n})" if small else verdict,
        "flagged": verdict == "flagged",
        "auroc": None if small else 0.7,
        "stats": stats,
        "comparisons": comparisons,
    }


def _fairness_block(thresholds: dict[str, dict[str, float]]) -> dict[str, Any]:
    """The shipped model's fairness section: one flagged, one inconclusive, one small group."""
    attributes = {
        "child_sex": {
            "female": _fair_group("child_sex", "female", 980, 0.25, 0.24, 0.245),
            "male": _fair_group("child_sex", "male", 990, 0.25, 0.25, 0.25),
            "not recorded": _fair_group("child_sex", "not recorded", 20, 0.2, 0.22, 0.21),
        },
        "ethnicity": {
            "black": _fair_group("ethnicity", "black", 150, 0.36, 0.27, 0.26, verdict="flagged",
                                 text=BLACK_TEXT, meaning="recording_high"),
            "white": _fair_group("ethnicity", "white", 1400, 0.24, 0.245, 0.245),
            "asian": _fair_group("ethnicity", "asian", 200, 0.16, 0.23, 0.2,
                                 verdict="inconclusive", meaning="over_rated",
                                 text="the model over-rates this group's risk"),
        },
    }  # fmt: skip
    labels = {
        label: {
            "operating_points": {
                p: {"threshold": t, "flag_rate": 0.1, "oracle_threshold": 0.5}
                for p, t in thresholds[label].items()
            },
            "attributes": {
                name: {"attribute": name, "recorded": True,
                       "n_not_recorded": 20 if name == "child_sex" else 0, "note": "",
                       "groups": groups}
                for name, groups in attributes.items()
            },
        }
        for label in LABELS
    }  # fmt: skip
    return {
        "method": {
            "correction": "holm",
            "family": "every comparison of this model (labels, groups, measures)",
            "n_comparisons": 60,
            "oracle": True,
            "interval": "family-cluster bootstrap",
            "tolerance": 0.1,
            "calibration_tolerance": 0.05,
            "alpha": 0.05,
            "n_boot": 1000,
            "seed": 0,
            "min_group_size": 30,
            "min_class_size": 10,
        },
        "summary": {
            "n_flags": 1,
            "n_inconclusive": 2,
            "not_enough_data": ["child_sex=not recorded (n=20)"],
            "not_recorded": {"child_sex": 20},
        },
        "labels": labels,
        "flags": [
            {
                "label": "re_referral_12m",
                "attribute": "ethnicity",
                "group": "black",
                "n": 150,
                "kinds": ["calibration"],
                "operating_points": [],
                "finding": "recorded 36% vs predicted 27% (true risk 26%)",
                "message": BLACK_TEXT,
                "meanings": [BLACK_MEANING],
            }
        ],
    }


def golden_eval() -> dict[str, Any]:
    """A complete eval.json (schema 1) with fixed, made-up numbers."""
    models = ("model", "structured_lr", "tfidf_lr", "oracle")
    aucs = {
        "re_referral_12m": {"model": 0.72, "structured_lr": 0.66, "tfidf_lr": 0.69,
                            "oracle": 0.8},
        "escalation_12m": {"model": 0.75, "structured_lr": 0.7, "tfidf_lr": 0.71,
                           "oracle": 0.83},
    }  # fmt: skip
    eces = {"re_referral_12m": 0.021, "escalation_12m": 0.036}
    points = {
        "re_referral_12m": dict(
            [_point("precision", 0.65, 0.55, 65, 35, 435, 1465),
             _point("capacity", 0.1, 0.48, 120, 80, 380, 1420)]
        ),
        "escalation_12m": dict(
            [_point("precision", 0.65, 0.42, 13, 12, 147, 1828),
             _point("capacity", 0.1, 0.2, 60, 140, 100, 1700)]
        ),
    }  # fmt: skip
    data: dict[str, Any] = {
        "schema_version": 2,
        "settings": {
            "precision_target": 0.65,
            "capacity_fraction": 0.1,
            "tolerance": 0.1,
            "calibration_tolerance": 0.05,
            "n_boot": 1000,
            "alpha": 0.05,
            "seed": 0,
            "n_bins": 15,
            "ece_strategy": "uniform",
            "ece_target": 0.03,
            "calibration_method": "auto",
            "min_group_size": 30,
            "min_class_size": 10,
            "min_precision_support": 20,
        },
        "versions": {"referral_nlp": "0.1.0", "python": "3.11.0", "numpy": "2.0.0"},
        "data": {
            "labels": list(LABELS),
            "models": list(models),
            "group_attributes": ["child_sex", "ethnicity"],
            "description": {
                "n_train": 6000,
                "text_redacted": True,
                "model_version": VERSION,
                "dataset": "synthetic (generator oracle present)",
            },
            "validation": {
                "n": 2000,
                "prevalence": {"re_referral_12m": 0.25, "escalation_12m": 0.08},
            },
            "test": {
                "n": 2000,
                "n_clusters": 1400,
                "prevalence": {"re_referral_12m": 0.25, "escalation_12m": 0.08},
            },
        },
        "models": {
            m: {
                label: _model_entry(
                    aucs[label][m],
                    0.09,
                    eces[label] if m == "model" else 0.02,
                    "temperature" if label == "re_referral_12m" else "isotonic",
                )
                for label in LABELS
            }
            for m in models
        },
        "operating_points": {m: points for m in models},
        "fairness": {
            "model": _fairness_block(
                {
                    label: {p: v["validation"]["threshold"] for p, v in points[label].items()}
                    for label in LABELS
                }
            )
        },
        "flags": [
            {
                "model": "model",
                "label": "escalation_12m",
                "kind": "calibration",
                "operating_point": None,
                "attribute": None,
                "group": None,
                "message": "calibrated test ECE 0.036 is above the target 0.03",
            },
            {
                "model": "model",
                "label": "re_referral_12m",
                "kind": "fairness",
                "operating_point": None,
                "attribute": "ethnicity",
                "group": "black",
                "message": f"ethnicity=black: {BLACK_TEXT}",
            },
            {
                "model": "structured_lr",
                "label": "re_referral_12m",
                "kind": "fairness",
                "operating_point": "precision_65",
                "attribute": "ethnicity",
                "group": "black",
                "message": "a baseline's flag, not this model's",
            },
        ],
        "plots": {
            "roc": {label: f"plots/roc_{label}.png" for label in LABELS},
            "pr": {label: f"plots/pr_{label}.png" for label in LABELS},
            "calibration": {
                "model": {label: f"plots/calibration_model_{label}.png" for label in LABELS}
            },
            "fairness_calibration": {
                "model": {
                    label: f"plots/fairness_calibration_model_{label}.png" for label in LABELS
                }
            },
            "fairness_error_rates": {
                "model": {
                    label: f"plots/fairness_error_rates_model_{label}.png" for label in LABELS
                }
            },
        },
    }
    return data


DATA_CARD = """# Data card: synthetic children's social care referrals

> **Every record in this corpus is synthetic.** No real child, family or case is described.

Generated by `referral-nlp synth` with seed 7: 10000 closed-case records.

## Label rates
| split | records | re-referral 12m |
|---|---:|---:|
| train | 6000 | 24.0% |
| test | 2000 | 25.0% |
"""


def golden_sources(plots_dir: Path) -> dict[str, Any]:
    """Keyword arguments of ``content_from_dicts`` (plots written into ``plots_dir``)."""
    eval_data = golden_eval()
    for group in eval_data["plots"].values():
        for rel in (v for x in group.values() for v in ([x] if isinstance(x, str) else x.values())):
            path = plots_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(tiny_png())
    return {
        "eval_data": eval_data,
        "manifest": {
            "format": "referral-nlp-artifact-manifest",
            "version": 1,
            "files": MANIFEST_FILES,
            "metadata": {"model_class": "ReferralRiskModel", "base_model": "default"},
        },
        "model_config": {
            "format": "referral-nlp-model-config",
            "version": 1,
            "base_model": "default",
            "max_tokens": 64,
            "structured_dim": 40,
            "hidden": 64,
            "context_layers": 1,
            "context_heads": 4,
            "max_sentences": 128,
            "dropout": 0.1,
            "labels": list(LABELS),
            "text_fields": ["text"],
            "attn_implementation": "sdpa",
        },
        "encoder_config": {"model_type": "bert", "num_hidden_layers": 6, "hidden_size": 384},
        "structured_encoder": {
            "fields": [
                {"name": n}
                for n in (
                    "referral_source",
                    "child_age",
                    "deprivation_decile",
                    "previous_referrals",
                    "previous_cp_plan",
                    "primary_need",
                    "assessment_factors",
                )
            ]
        },
        "training_run": {
            "format": "referral-nlp-training-run",
            "version": 1,
            "started_at": "2025-01-15T09:00:00+00:00",
            "finished_at": "2025-01-15T09:08:30+00:00",
            "config": {
                "profile": "cpu-quick",
                "epochs": 2,
                "batch_size": 16,
                "grad_accum": 1,
                "lr": 0.001,
                "encoder_lr": 5e-05,
                "seed": 13,
                "limit_train": 3000,
                "calibration": "auto",
                "data_dir": "/home/someone/data/synth",
            },
            "data": {
                "fingerprints": {"train": "1" * 64, "validation": "2" * 64, "test": "3" * 64},
                "n_records_used": {"train": 3000, "validation": 2000, "test": 2000},
                "label_rates": {"train": {"re_referral_12m": 0.24, "escalation_12m": 0.08}},
                "redaction": [
                    {
                        "split": "train",
                        "n_records": 3000,
                        "source": "redacted",
                        "cache_file": "/home/someone/cache/x.jsonl",
                        "entity_counts": {"PERSON": 9000, "UK_POSTCODE": 1200},
                    },
                ],
            },
            "training": {"global_step": 376, "best_step": 300, "stopped_early": False},
            "device": {"type": "cpu", "name": "cpu", "num_processes": 1, "mixed_precision": "no"},
            "timings_s": {"total": 510.0},
            "library_versions": {
                "python": "3.11.0",
                "torch": "2.5.0",
                "transformers": "4.46.0",
                "referral-nlp": "0.1.0",
            },
        },
        "operating_points": {
            "format": "referral-nlp-operating-points",
            "version": 1,
            "labels": {
                "re_referral_12m": {
                    "points": {
                        "precision_65": {"threshold": 0.55},
                        "top_10pct": {"threshold": 0.48},
                    },
                    "base_rate": 0.25,
                },
                "escalation_12m": {
                    "points": {
                        "precision_65": {"threshold": 0.45},
                        "top_10pct": {"threshold": 0.2},
                    },
                    "base_rate": 0.08,
                },
            },
        },
        "calibration": {
            "labels": {
                "re_referral_12m": {"method": "temperature"},
                "escalation_12m": {"method": "isotonic"},
            }
        },
        "data_card_text": DATA_CARD,
        "data_card_name": "data_card.md",
        "redaction": {
            "referral_notes.jsonl": {
                "n_documents": 200,
                "types": None,
                "systems": {
                    "referral-nlp": {
                        "n_documents": 200,
                        "n_gold_spans": 900,
                        "n_predicted_spans": 950,
                        "span_recall": 0.97,
                        "precision": 0.91,
                        "f2": 0.957,
                        "over_redaction": 0.012,
                        "per_type": {
                            "PERSON": {
                                "label": "PERSON",
                                "found": 390,
                                "total": 400,
                                "recall": 0.975,
                            }
                        },
                        "chars_per_second": 5000.0,
                    },
                    "stock Presidio": {
                        "n_documents": 200,
                        "n_gold_spans": 900,
                        "n_predicted_spans": 700,
                        "span_recall": 0.61,
                        "precision": 0.8,
                        "f2": 0.64,
                        "over_redaction": 0.02,
                        "per_type": {},
                        "chars_per_second": 9000.0,
                    },
                },
            }
        },
        "plots_dir": plots_dir,
        "card_generator": "referral-nlp (test)",
    }


@pytest.fixture
def sources(tmp_path: Path) -> dict[str, Any]:
    return golden_sources(tmp_path / "eval")


@pytest.fixture
def card(sources: dict[str, Any]):
    from referral_nlp.cards import content_from_dicts

    return content_from_dicts(**sources)


# ---- the real pipeline on notes full of personal data ------------------------------------------
def pii_records(n: int = 240, seed: int = 3) -> list[dict[str, Any]]:
    """Closed cases whose notes are full of fictional personal data (no oracle columns)."""
    rng = random.Random(seed)
    start = dt.date(2020, 1, 1)
    out = []
    for i in range(n):
        risky = rng.random() < 0.5
        name, other = rng.sample(PII["names"], 2)
        text = (
            f"Referral re {name} (DOB {PII['dobs'][0]}, NHS no {rng.choice(PII['nhs'])}, NI "
            f"{PII['ni'][0]}) of {PII['addresses'][0]}, {rng.choice(PII['postcodes'])}. Mum "
            f"{other} tel {rng.choice(PII['phones'])}, email {PII['emails'][0]}. School: "
            f"{PII['schools'][0]}. "
            + ("Third PPN this month, DA incident, children present."
               if risky else "Grandparent supportive, no current concerns.")
        )  # fmt: skip
        p_re = 0.55 if risky else 0.15
        out.append(
            {
                "id": f"R{i:05d}",
                "child_id": f"C{i:05d}",
                "family_id": f"F{i:05d}",
                "referral_date": (start + dt.timedelta(days=2 * i)).isoformat(),
                "closure_date": (start + dt.timedelta(days=2 * i + 30)).isoformat(),
                "text": text,
                "referral_source": rng.choice(("police", "school", "gp")),
                "child_age": rng.randint(0, 17),
                "child_sex": rng.choice(("female", "male")),
                "ethnicity": rng.choice(("white", "asian", "black")),
                "disability": rng.random() < 0.15,
                "deprivation_decile": rng.randint(1, 10),
                "previous_referrals": rng.choice((0, 1, 2)),
                "previous_cp_plan": rng.random() < 0.1,
                "primary_need": rng.choice(("N1", "N4")),
                "assessment_factors": ["domestic_abuse"] if risky else [],
                "re_referral_12m": int(rng.random() < p_re),
                "escalation_12m": int(rng.random() < (0.25 if risky else 0.05)),
            }
        )
    return out


def write_splits(records: list[dict[str, Any]], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    n = len(records)
    a, b = round(0.6 * n), round(0.8 * n)
    early = list(records[:b])
    random.Random(1).shuffle(early)
    for name, part in {"train": early[:a], "validation": early[a:], "test": records[b:]}.items():
        with (directory / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            for record in part:
                fh.write(json.dumps(record) + "\n")
    return directory


def build_artifact(directory: Path, train: list[dict[str, Any]], data_dir: Path) -> Path:
    """A tiny random-BERT artefact with calibration, operating points and a training run."""
    import torch
    from transformers import AutoTokenizer, BertConfig

    from referral_nlp.artifacts import data_fingerprint, library_versions
    from referral_nlp.decision.bands import operating_points_to_json
    from referral_nlp.decision.calibration import TemperatureScaler
    from referral_nlp.modeling.base_model import resolve_base_model
    from referral_nlp.modeling.features import StructuredEncoder
    from referral_nlp.modeling.model import ModelConfig, ReferralRiskModel
    from referral_nlp.modeling.predict import calibration_to_json

    tokenizer = AutoTokenizer.from_pretrained(str(resolve_base_model(None)))
    encoder_config = BertConfig(
        hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
        vocab_size=len(tokenizer), max_position_embeddings=512,
    )  # fmt: skip
    encoder = StructuredEncoder().fit(train)
    torch.manual_seed(0)
    config = ModelConfig(max_tokens=32, structured_dim=encoder.dim, hidden=16, context_heads=2,
                         dropout=0.0)  # fmt: skip
    model = ReferralRiskModel.from_config(config, encoder_config).eval()
    # Whole operating points: evaluate scores the artefact at the points it ships with.
    common = {"precision": 0.6, "recall": 0.4, "flag_rate": 0.1, "n_flagged": 5, "n": 50}
    point = {
        "precision_65": {"name": "precision_65", "kind": "precision", "target": 0.65,
                         "threshold": 0.6, "reachable": True, "note": "", **common},
        "top_10pct": {"name": "top_10pct", "kind": "capacity", "target": 0.1,
                      "threshold": 0.45, "reachable": True, "note": "", **common},
    }  # fmt: skip
    # What the trainer writes, including the paths and redaction cache a careless card might
    # print: the data directory's name is a person's name.
    run = {
        "format": "referral-nlp-training-run", "version": 1,
        "started_at": "2025-02-01T10:00:00+00:00", "finished_at": "2025-02-01T10:05:00+00:00",
        "config": {"profile": "cpu-quick", "data_dir": str(data_dir), "output_dir": str(data_dir),
                   "seed": 13, "epochs": 1},
        "data": {
            "fingerprints": {"train": data_fingerprint(train)},
            "n_records_used": {"train": len(train)},
            "label_rates": {"train": {"re_referral_12m": 0.3}},
            "redaction": [{"split": "train", "n_records": len(train), "source": "redacted",
                           "cache_file": str(data_dir / "cache.jsonl"),
                           "entity_counts": {"PERSON": 2 * len(train)}}],
        },
        "training": {"global_step": 10, "best_step": 10, "stopped_early": False},
        "library_versions": library_versions(),
    }  # fmt: skip
    model.save_pretrained(
        directory,
        tokenizer=tokenizer,
        structured_encoder=encoder,
        extra_json={
            "calibration.json": calibration_to_json(
                {label: TemperatureScaler(kind="logit", temperature=2.0) for label in LABELS}
            ),
            "operating_points.json": operating_points_to_json(
                {label: point for label in LABELS},
                {"re_referral_12m": 0.3, "escalation_12m": 0.1},
            ),
            "training_run.json": run,
        },
    )
    return directory


@pytest.fixture(scope="session")
def pii_pipeline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Data (with personal data), a tiny artefact and its evaluation, all on disk.

    The evaluation uses NO redaction at all (an identity function in place of the Redactor):
    the models see the raw personal data, so if the card copied anything from a note, a
    record, a path or a model's vocabulary, the no-personal-data test would see it.
    """
    from referral_nlp.data import data_quality_summary
    from referral_nlp.evaluation.settings import EvaluationSettings
    from referral_nlp.modeling.evaluate import evaluate_run

    root = tmp_path_factory.mktemp("pii")
    records = pii_records()
    data_dir = write_splits(records, root / "Sarah_JONES_LS6_2QT")
    train = [json.loads(x) for x in (data_dir / "train.jsonl").read_text().splitlines()]
    model_dir = build_artifact(root / "model", train, data_dir)
    eval_dir = root / "eval"
    evaluate_run(
        data_dir,
        model_dir,
        eval_dir,
        EvaluationSettings(n_boot=20, min_group_size=10, min_class_size=3),
        redact=lambda texts: list(texts),
        baselines=False,  # the transformer alone: the plots dominate the fixture's time
        progress=False,
    )
    # A council-style data card: the data-quality summary of the same records.
    summary = data_quality_summary(records).to_markdown("Data quality: council export")
    (data_dir / "data_card.md").write_text(summary, encoding="utf-8")
    redaction = root / "redaction.json"
    redaction.write_text(json.dumps(golden_sources(root / "unused")["redaction"]))
    return {"root": root, "data_dir": data_dir, "model_dir": model_dir, "eval_dir": eval_dir,
            "redaction": redaction}  # fmt: skip
