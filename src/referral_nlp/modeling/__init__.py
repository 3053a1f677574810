"""Modelling: base model lookup, structured features, the risk model, prediction.

Names are imported lazily so that ``referral_nlp.modeling.features`` or ``base_model`` can be
used without importing torch and transformers.
"""

from __future__ import annotations

from referral_nlp.lazy import lazy_getattr

_EXPORTS = {
    "BaseModelError": "base_model",
    "resolve_base_model": "base_model",
    "packaged_model_dir": "base_model",
    "StructuredEncoder": "features",
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

__getattr__ = lazy_getattr(__name__, _EXPORTS)
