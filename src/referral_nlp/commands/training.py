"""``referral-nlp train``: train, calibrate and write a model artefact."""

from __future__ import annotations

import argparse
import logging

from referral_nlp import console

__all__ = ["add_parsers"]


def cmd_train(args: argparse.Namespace) -> int:
    from referral_nlp.modeling.training import TrainingConfig, train

    if str(args.log_level).upper() == "WARNING":  # the default: training progress is worth INFO
        logging.getLogger("referral_nlp").setLevel(logging.INFO)
    config = TrainingConfig.from_namespace(args)  # profile < --config file < flags, all checked
    result = train(config)
    console.out(result.summary())
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    # train's flags come from TrainingConfig (one flag per field, with its help text).
    from referral_nlp.modeling.training import add_arguments

    p = sub.add_parser(
        "train",
        help="Train the risk model on redacted text (profiles cpu-quick, gpu, multi-gpu).",
        description="Loads train/validation/test from --data-dir, refuses leaking or one-class "
        "splits, redacts the text (cached), trains, calibrates on validation and writes "
        "OUTPUT_DIR/model (the artefact) and OUTPUT_DIR/predictions. Values merge as profile < "
        "--config file < flags. Multi-GPU: see training/README.md.",
    )
    add_arguments(p)
    p.set_defaults(func=cmd_train)
