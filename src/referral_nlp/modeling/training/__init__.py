"""Training the risk model: config, data checks, batches, the loop, checkpoints, outputs.

``train(TrainingConfig)`` (:mod:`.pipeline`) is the one entry point; ``referral-nlp train`` and
``training/train.py`` are thin shells over it.

Names are imported lazily, so building the ``train`` command's flags (``config``, ``profiles``)
does not import the pipeline, and with it torch: ``referral-nlp --help`` stays fast.
"""

from __future__ import annotations

from referral_nlp.lazy import lazy_getattr

_EXPORTS = {
    "PROFILES": "profiles",
    "ConfigError": "config",
    "DatasetError": "data",
    "TrainResult": "pipeline",
    "TrainingConfig": "config",
    "add_arguments": "config",
    "train": "pipeline",
}

__all__ = sorted(_EXPORTS)

__getattr__ = lazy_getattr(__name__, _EXPORTS)
