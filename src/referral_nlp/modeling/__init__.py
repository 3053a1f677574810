"""Modelling: base model lookup, structured features, note windows, the risk model, prediction.

Names are imported lazily so that ``referral_nlp.modeling.features`` or ``base_model`` can be
used without importing torch and transformers.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "BaseModelError": "base_model",
    "resolve_base_model": "base_model",
    "packaged_model_dir": "base_model",
    "StructuredEncoder": "features",
    "NoteChunker": "chunking",
    "NoteWindows": "chunking",
    "WindowCollator": "chunking",
    "ModelConfig": "model",
    "ReferralRiskModel": "model",
    "load_tokenizer": "model",
    "multitask_bce_loss": "model",
    "pos_weight_from_labels": "model",
    "RiskPredictor": "predict",
    "calibration_to_json": "predict",
    "FidelityLimits": "quantization",
    "measure_int8_fidelity": "quantization",
    "write_int8_fidelity": "quantization",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
