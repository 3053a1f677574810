"""The records a run trains on: loaded, checked, and refused early when they cannot train.

Everything here runs before any redaction or model work, so a bad data directory costs
seconds, not a training run: leakage between splits, a split with one outcome, or a training
split too small for the recipe are refused with a message naming the split and the count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from referral_nlp.data.loaders import SYNTH_EXTRA_COLUMNS, find_split_file, load_cases
from referral_nlp.data.schema import LABELS
from referral_nlp.data.splits import SPLITS, check_no_leakage, check_time_order
from referral_nlp.errors import UserError
from referral_nlp.modeling.training.config import ConfigError, TrainingConfig

__all__ = [
    "SPLITS",
    "DatasetError",
    "check_label_classes",
    "check_training_size",
    "labels_array",
    "load_training_splits",
    "select_subset",
]


class DatasetError(UserError):
    """The training data cannot train or evaluate a model (message says why and what to do)."""


def load_training_splits(
    config: TrainingConfig,
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Path]]:
    """Validated records of the three splits and the file each came from."""
    if config.data_dir is None:
        raise ConfigError(
            "data_dir: expected a directory with train/validation/test files, got none "
            "(pass --data-dir, e.g. the output of `referral-nlp synth`)."
        )
    directory = Path(config.data_dir)
    if not directory.is_dir():
        raise ConfigError(f"data_dir: expected an existing directory, got {str(directory)!r}.")
    sources = {split: find_split_file(directory, split) for split in SPLITS}
    splits = {
        split: load_cases(path, config.mapping, extra_columns=SYNTH_EXTRA_COLUMNS)
        for split, path in sources.items()
    }
    check_no_leakage(splits)
    check_time_order(splits, strict=False)
    return splits, sources


def check_label_classes(
    splits: Mapping[str, Sequence[Mapping[str, Any]]],
    labels: Sequence[str] = LABELS,
    *,
    note: str = "",
) -> dict[str, dict[str, float]]:
    """Positive rate per split and label; :class:`DatasetError` when a split has one class.

    Training needs both outcomes to learn, validation to pick the best step and calibrate,
    test to report AUROC: all are refused when a label is all 0 or all 1 (or unknown).
    """
    rates: dict[str, dict[str, float]] = {}
    for split, records in splits.items():
        if not records:
            raise DatasetError(f"{split} split: no records; every split needs cases.")
        rates[split] = {}
        for label in labels:
            values = [r.get(label) for r in records if r.get(label) is not None]
            positives = sum(int(v) for v in values)
            if not values or positives in (0, len(values)):
                which = "no known values" if not values else f"all {int(positives > 0)}"
                raise DatasetError(
                    f"{split} split: label {label!r} has only one class ({which} in "
                    f"{len(records)} records){note}. A model cannot learn or be evaluated on one "
                    f"outcome: check the label columns and the column mapping, or use more data."
                )
            rates[split][label] = positives / len(values)
    return rates


def check_training_size(
    records: Sequence[Mapping[str, Any]],
    *,
    min_records: int,
    min_positives: int,
    labels: Sequence[str] = LABELS,
    split: str = "train",
) -> None:
    """Refuse a training split too small for the recipe (counts named, never values)."""
    if len(records) < min_records:
        raise DatasetError(
            f"{split} split: {len(records)} records, the recipe needs at least {min_records} "
            f"to fit (min_train_records). Use more data, or lower min_train_records knowingly."
        )
    for label in labels:
        positives = sum(int(r.get(label) or 0) for r in records)
        if positives < min_positives:
            raise DatasetError(
                f"{split} split: label {label!r} has {positives} positive records, the recipe "
                f"needs at least {min_positives} (min_positives). Use more data, or lower "
                f"min_positives knowingly."
            )


def select_subset(
    records: Sequence[dict[str, Any]], limit: int | None, seed: int
) -> list[dict[str, Any]]:
    """A seeded random subset of ``limit`` records, in their original order."""
    if limit is None or limit >= len(records):
        return list(records)
    keep = np.sort(np.random.default_rng(seed).choice(len(records), size=limit, replace=False))
    return [records[i] for i in keep]


def labels_array(
    records: Sequence[Mapping[str, Any]], labels: Sequence[str] = LABELS
) -> np.ndarray:
    """``[n, L]`` float labels with NaN where a label is unknown."""
    return np.array(
        [[np.nan if r.get(lb) is None else float(r[lb]) for lb in labels] for r in records],
        dtype=np.float64,
    ).reshape(len(records), len(labels))
