"""Training the risk model: config, data checks, batches, the loop, checkpoints, outputs.

``train(TrainingConfig)`` (:mod:`.pipeline`) is the one entry point; ``referral-nlp train`` and
``training/train.py`` are thin shells over it.
"""

from referral_nlp.modeling.training.config import ConfigError, TrainingConfig, add_arguments
from referral_nlp.modeling.training.data import DatasetError
from referral_nlp.modeling.training.pipeline import TrainResult, train
from referral_nlp.modeling.training.profiles import PROFILES

__all__ = [
    "PROFILES",
    "ConfigError",
    "DatasetError",
    "TrainResult",
    "TrainingConfig",
    "add_arguments",
    "train",
]
