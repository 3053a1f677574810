"""Is the int8 encoder faithful enough to serve in place of the evaluated float32 model?

(For a model trained on float32 vectors. A model trained on int8 vectors, the ``cpu-quick``
default, was evaluated on them and is always served with them: there is nothing to check.)

Dynamic int8 quantisation of the encoder's linear layers makes CPU scoring markedly faster
(about 1.4x on a 2-core AVX2 machine) but moves every probability a little. The model card and
the evaluation describe the float32 model, so the service only serves the int8 variant where
that movement has been **measured on held-out cases and found negligible**:
:func:`measure_int8_fidelity` scores the same redacted records with both variants and reports,
per label, the largest and mean change in the calibrated probability, how often the band and
the operating-point flag agree, and AUROC of both on the outcomes; :func:`write_int8_fidelity`
stores that report in the artefact (``int8_fidelity.json``, the manifest re-written so every
loader still verifies it). ``referral-nlp int8-check`` runs both; the service's default
(``REFERRAL_NLP_QUANTIZE=auto``) serves int8 on a CPU only when the stored report passed.

The limits (:class:`FidelityLimits`) are deliberately tight: a reviewer must not see a different
band because of the arithmetic the server happens to use.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from referral_nlp.artifacts import INT8_FIDELITY_NAME, WEIGHTS_NAME
from referral_nlp.errors import UserError
from referral_nlp.io import write_json

logger = logging.getLogger(__name__)

__all__ = [
    "INT8_FIDELITY_NAME",
    "FidelityLimits",
    "measure_int8_fidelity",
    "read_int8_fidelity",
    "write_int8_fidelity",
]

FIDELITY_FORMAT = "referral-nlp-int8-fidelity"


@dataclass(frozen=True)
class FidelityLimits:
    """What the int8 variant must meet, per label, to be served in place of float32."""

    #: largest change in any calibrated probability
    max_abs_diff: float = 0.02
    #: share of cases whose band (low/medium/high) is the same
    min_band_agreement: float = 0.99
    #: share of cases whose operating-point flag is the same
    min_flag_agreement: float = 0.99
    #: AUROC on the outcomes may fall by at most this much
    max_auroc_drop: float = 0.005
    #: fewer cases than this prove nothing
    min_cases: int = 100


def _auroc(y: np.ndarray, p: np.ndarray) -> float | None:
    if y.size == 0 or y.min() == y.max():
        return None
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p))


def measure_int8_fidelity(
    model_dir: str | Path,
    records: Sequence[Mapping[str, Any]],
    *,
    limits: FidelityLimits | None = None,
    batch_size: int = 16,
    description: str = "",
) -> dict[str, Any]:
    """Score redacted ``records`` with the float32 and int8 variants and compare them.

    ``records`` must already be redacted (the check never sees raw text); where they carry the
    outcome columns, AUROC of both variants is reported too. Returns a JSON-ready report whose
    ``passed`` says whether every label met ``limits`` (``failures`` says which did not).
    """
    from referral_nlp.artifacts import CONFIG_NAME, read_manifest, verify_manifest
    from referral_nlp.decision.bands import bands_from_artifact
    from referral_nlp.modeling.model import ModelConfig
    from referral_nlp.modeling.predict import RiskPredictor

    verify_manifest(model_dir)  # a damaged artefact says which file changed, before any read
    trained_on = ModelConfig.load(Path(model_dir) / CONFIG_NAME).frozen_encoder_backend
    if trained_on is not None:
        raise UserError(
            f"int8 fidelity: {model_dir} learnt from {trained_on} sentence vectors and was "
            "evaluated on them, so it is served as evaluated; there is no float32 model to "
            "compare. The check is for models trained on float32 vectors."
        )
    limits = limits or FidelityLimits()
    records = list(records)
    if len(records) < limits.min_cases:
        raise UserError(
            f"int8 fidelity: got {len(records)} records, need at least {limits.min_cases} "
            "held-out cases for the comparison to mean anything; pass the test split."
        )
    bands = bands_from_artifact(model_dir)
    variants = {}
    for name, quantize in (("float32", None), ("int8", "int8")):
        predictor = RiskPredictor(model_dir, batch_size=batch_size, quantize=quantize)
        logits, _ = predictor.predict_logits(records)
        variants[name] = predictor.probabilities_from_logits(logits)
        labels = list(predictor.labels)
    full, small = variants["float32"], variants["int8"]
    per_label: dict[str, Any] = {}
    failures: list[str] = []
    for j, label in enumerate(labels):
        diff = np.abs(full[:, j] - small[:, j])
        thresholds = bands[label]
        band_same = np.mean(
            [
                thresholds.band(a) == thresholds.band(b)
                for a, b in zip(full[:, j], small[:, j], strict=True)
            ]
        )
        high = thresholds.high
        flag_same = (
            1.0 if high is None else float(np.mean((full[:, j] >= high) == (small[:, j] >= high)))
        )
        outcomes = [r.get(label) for r in records]
        auroc_full = auroc_small = None
        if all(v is not None for v in outcomes):
            y = np.asarray(outcomes, dtype=np.int64)
            auroc_full, auroc_small = _auroc(y, full[:, j]), _auroc(y, small[:, j])
        entry = {
            "max_abs_diff": float(diff.max()),
            "mean_abs_diff": float(diff.mean()),
            "band_agreement": float(band_same),
            "flag_agreement": flag_same,
            "auroc_float32": auroc_full,
            "auroc_int8": auroc_small,
        }
        per_label[label] = entry
        if entry["max_abs_diff"] > limits.max_abs_diff:
            failures.append(f"{label}: largest change {entry['max_abs_diff']:.4f}")
        if entry["band_agreement"] < limits.min_band_agreement:
            failures.append(f"{label}: band agreement {entry['band_agreement']:.3f}")
        if entry["flag_agreement"] < limits.min_flag_agreement:
            failures.append(f"{label}: flag agreement {entry['flag_agreement']:.3f}")
        if (
            auroc_full is not None
            and auroc_small is not None
            and auroc_full - auroc_small > limits.max_auroc_drop
        ):
            failures.append(f"{label}: AUROC {auroc_full:.4f} -> {auroc_small:.4f}")
    digest = read_manifest(model_dir)["files"][WEIGHTS_NAME]["sha256"]
    return {
        "format": FIDELITY_FORMAT,
        "version": 1,
        "model_sha256": digest,
        "n_cases": len(records),
        "description": description,
        "limits": asdict(limits),
        "labels": per_label,
        "passed": not failures,
        "failures": failures,
    }


def write_int8_fidelity(model_dir: str | Path, report: Mapping[str, Any]) -> Path:
    """Store ``report`` in the artefact and re-write its manifest (same metadata)."""
    from referral_nlp.artifacts import verify_manifest, write_manifest

    model_dir = Path(model_dir)
    manifest = verify_manifest(model_dir)  # never bless an artefact that does not verify
    if report.get("model_sha256") != manifest["files"][WEIGHTS_NAME]["sha256"]:
        raise ValueError(
            f"{model_dir}: the fidelity report is for other weights; run the check on this model."
        )
    path = model_dir / INT8_FIDELITY_NAME
    write_json(path, report, sort_keys=True)
    write_manifest(model_dir, metadata=manifest.get("metadata"))
    verify_manifest(model_dir)
    return path


def read_int8_fidelity(model_dir: str | Path, manifest: Mapping[str, Any]) -> dict[str, Any] | None:
    """The stored report when the (already verified) ``manifest`` lists it for these weights."""
    model_dir = Path(model_dir)
    files = manifest.get("files", {})
    if INT8_FIDELITY_NAME not in files:
        return None
    report = json.loads((model_dir / INT8_FIDELITY_NAME).read_text(encoding="utf-8"))
    if report.get("model_sha256") != files.get(WEIGHTS_NAME, {}).get("sha256"):
        logger.warning("%s describes other weights; ignoring it.", INT8_FIDELITY_NAME)
        return None
    return report
