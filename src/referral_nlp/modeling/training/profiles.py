"""The training profiles: named defaults, the one place each is written.

A profile sets only what differs from :class:`~referral_nlp.modeling.training.config.
TrainingConfig`'s dataclass defaults; ``training/configs/*.yaml`` only name a profile (a test
holds them to that), so a value is never written twice.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DEFAULT_PROFILE", "GPU_PROFILES", "PROFILES"]

DEFAULT_PROFILE = "cpu-quick"
#: Named defaults. A profile sets only what differs from the dataclass defaults.
PROFILES: dict[str, dict[str, Any]] = {
    # The main job: `referral-nlp synth --n 28000` then this profile, on all training records.
    # The encoder stays frozen (encoder_lr 0, the dataclass default): each distinct sentence is
    # encoded once and cached, then the note head trains for up to 8 epochs over the vectors
    # (seconds per epoch on 2 CPU cores), stopping when validation stops improving. Each step
    # hides a quarter of each note's sentences from the head (see SentenceDropout): on the main
    # job's corpus this lifted the transformer part's test AUROC by about 0.01 (re-referral)
    # and 0.02 (escalation) at no cost in time. Two heads train side by side and their mean
    # is the logit (NoteHeadEnsemble): single heads from different random starts differ by up
    # to 0.006 test AUROC, and the mean of two beats either, for about a minute and a half more.
    # The vectors are int8 ONNX Runtime ones (SentenceEncoder's onnx-int8): 1.7x faster to
    # compute than float32's, in training and in every served note, and the model is served
    # with the vectors it learnt from.
    "cpu-quick": {
        "encoder_backend": "onnx-int8",
        "sentence_dropout": 0.25,
        "head_members": 2,
        "early_stopping_patience": 3,
        "log_every": 50,
    },
    "gpu": {
        "encoder_lr": 3e-5,
        "epochs": 4,
        "bf16": True,
        "attn_implementation": "sdpa",
        "group_by_length": True,
        "eval_every": 200,
        "early_stopping_patience": 3,
        "save_every": 200,
        "num_workers": 4,
        "log_every": 20,
    },
}
# As gpu, under DDP; batch_size is per device (global batch = 32 x grad_accum x processes).
# Launch with `accelerate launch --multi_gpu --num_processes N training/train.py --profile
# multi-gpu` or `torchrun --nproc_per_node N training/train.py --profile multi-gpu`.
PROFILES["multi-gpu"] = PROFILES["gpu"]
#: The profiles that fine-tune the encoder and need a CUDA GPU to finish in useful time.
GPU_PROFILES = ("gpu", "multi-gpu")
