"""Train the risk model: one linear pipeline from a data directory to a verified artefact.

``train(config)`` runs, in order, and fails before training on anything it can check first:

1. checks: the config (already typed), the data directory, the base model, the output folder;
2. loads train/validation/test (validated), refuses splits that share a family, child or id
   (:func:`~referral_nlp.data.splits.check_no_leakage`) and labels of one class in any split;
3. redacts the text fields (:mod:`.redacted_corpus`, cached), the only way text reaches step 5;
4. fits the structured encoder on the training split only;
5. tokenises each note whole into overlapping windows (:class:`~.chunking.NoteChunker`);
6. trains with Accelerate: AdamW with separate encoder/head learning rates, linear warm-up and
   decay, gradient accumulation, bf16 autocast on CUDA, optional ``torch.compile`` and gradient
   checkpointing, length-grouped batches with dynamic padding, tqdm progress with loss, samples/s,
   tokens/s and (CUDA) model FLOPs utilisation, periodic validation (AUROC per label) with early
   stopping on the mean, and resume checkpoints;
7. restores the best weights, predicts validation and test, fits calibration and operating
   points on validation only, and saves the artefact (safetensors + JSON, manifest last) and the
   predictions (ids, labels and scores, no text) for the evaluation step.

The same code runs on CPU, one GPU or several (DDP through ``accelerate launch`` or
``torchrun``); only the main process writes files. Output layout::

    output_dir/model/                 the artefact: RiskPredictor(output_dir/model)
    output_dir/predictions/{validation,test}.jsonl
    output_dir/checkpoints/step-NNNNNN/   resume checkpoints (tensors-only torch files + JSON)
    output_dir/checkpoints/best/      weights of the best validation so far
    output_dir/train_log.jsonl        loss, throughput and validation metrics per log step

MFU is ``6 x non-embedding parameters x tokens / (seconds x peak FLOPS x processes)`` (2x when
the encoder is frozen): model FLOPs of the real (unpadded) tokens, so padding lowers it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import math
import os
import shutil
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, Sampler

from referral_nlp.artifacts import data_fingerprint, library_versions
from referral_nlp.data.loaders import SYNTH_EXTRA_COLUMNS, find_split_file, load_cases
from referral_nlp.data.schema import LABELS
from referral_nlp.data.splits import check_no_leakage, check_time_order
from referral_nlp.io import InputError, atomic_writer, write_records
from referral_nlp.modeling.chunking import NoteChunker, WindowCollator
from referral_nlp.modeling.features import StructuredEncoder
from referral_nlp.modeling.model import (
    ModelConfig,
    ReferralRiskModel,
    load_tokenizer,
    multitask_bce_loss,
    pos_weight_from_labels,
)
from referral_nlp.modeling.redacted_corpus import redact_splits, require_redacted
from referral_nlp.modeling.state_io import load_state, save_state
from referral_nlp.modeling.training_config import ConfigError, TrainingConfig

logger = logging.getLogger(__name__)

SPLITS = ("train", "validation", "test")
MODEL_DIR = "model"
PREDICTIONS_DIR = "predictions"
CHECKPOINTS_DIR = "checkpoints"
BEST_DIR = "best"
LOG_NAME = "train_log.jsonl"
TRAINING_RUN_NAME = "training_run.json"
OPERATING_POINTS_NAME = "operating_points.json"
TRAINING_RUN_FORMAT = "referral-nlp-training-run"
OPERATING_POINTS_FORMAT = "referral-nlp-operating-points"
STATE_NAME = "trainer_state.json"

#: Dense bf16 peak FLOPS per device, matched on the CUDA device name (first match wins).
PEAK_BF16_FLOPS: tuple[tuple[tuple[str, ...], float], ...] = (
    (("H200",), 989e12),
    (("GH200",), 989e12),
    (("H100", "PCIE"), 756e12),
    (("H100", "NVL"), 835e12),
    (("H100",), 989e12),
    (("A100",), 312e12),
    (("L40S",), 362e12),
    (("L4",), 121e12),
)


class DatasetError(ValueError):
    """The training data cannot train or evaluate a model (message says why and what to do)."""


@dataclass
class TrainResult:
    """What a run produced, and its headline numbers (also in ``training_run.json``)."""

    output_dir: Path
    model_dir: Path
    predictions_dir: Path
    global_step: int
    best_step: int | None
    best_metric: float | None
    stopped_early: bool
    validation_auroc: dict[str, float]
    test_auroc: dict[str, float]
    timings: dict[str, float]
    throughput: dict[str, float | None]
    run: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        """A few lines for the terminal: where things are and the headline numbers."""
        tput = self.throughput
        lines = [
            f"model artefact:   {self.model_dir}",
            f"predictions:      {self.predictions_dir}/{{validation,test}}.jsonl",
            f"steps:            {self.global_step} (best at step {self.best_step}"
            f"{', stopped early' if self.stopped_early else ''})",
            f"validation AUROC: {_fmt(self.validation_auroc)}",
            f"test AUROC:       {_fmt(self.test_auroc)}",
            f"time:             {self.timings.get('total', 0.0):.1f} s "
            f"(redaction {self.timings.get('redaction', 0.0):.1f} s, training loop "
            f"{self.timings.get('train_loop', 0.0):.1f} s)",
        ]
        if tput.get("train_samples_per_s"):
            line = (
                f"throughput:       {tput['train_samples_per_s']:.1f} notes/s, "
                f"{tput['train_tokens_per_s']:.0f} tokens/s"
            )
            if tput.get("mfu") is not None:
                line += f", MFU {tput['mfu']:.1%}"
            lines.append(line)
        return "\n".join(lines)


# ---- data -----------------------------------------------------------------------------------
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


def select_subset(
    records: Sequence[dict[str, Any]], limit: int | None, seed: int
) -> list[dict[str, Any]]:
    """A seeded random subset of ``limit`` records, in their original order."""
    if limit is None or limit >= len(records):
        return list(records)
    keep = np.sort(np.random.default_rng(seed).choice(len(records), size=limit, replace=False))
    return [records[i] for i in keep]


def note_text(record: Mapping[str, Any], text_fields: Sequence[str]) -> str:
    """The note the model reads: ``text`` then the other text fields, blank-line separated.

    Must match ``RiskPredictor._note_text`` exactly, or training and serving see different input.
    """
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"record {record.get('id')!r}: field 'text' is missing.")
    parts = [text]
    for name in text_fields:
        if name == "text":
            continue
        extra = record.get(name)
        if isinstance(extra, str) and extra.strip():
            parts.append(extra)
    return "\n\n".join(parts)


class NoteDataset(Dataset):
    """Tokenised notes: windows, structured features, labels and the note's position."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        self.items = items

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> dict[str, Any]:
        return self.items[index]

    @property
    def lengths(self) -> list[int]:
        return [item["n_tokens"] for item in self.items]


def encode_split(
    records: Sequence[Mapping[str, Any]],
    chunker: NoteChunker,
    structured_encoder: StructuredEncoder | None,
    text_fields: Sequence[str],
    *,
    split: str,
    labels: Sequence[str] = LABELS,
    batch: int = 512,
    progress: bool = False,
) -> NoteDataset:
    """Tokenise redacted records into windows; refuses records not marked redacted."""
    from tqdm.auto import tqdm

    require_redacted(records, split=split)
    features = structured_encoder.transform(records) if structured_encoder is not None else None
    items: list[dict[str, Any]] = []
    capped = 0
    bar = tqdm(total=len(records), desc=f"tokenising {split}", unit="note", disable=not progress)
    chunk_logger = logging.getLogger("referral_nlp.modeling.chunking")
    level = chunk_logger.level
    for start in range(0, len(records), batch):
        part = records[start : start + batch]
        chunk_logger.setLevel(logging.ERROR)  # one summary line below, not one per note
        try:
            windows = chunker(
                [note_text(r, text_fields) for r in part],
                positions=list(range(start, start + len(part))),
            )
        finally:
            chunk_logger.setLevel(level)
        capped += len(windows.capped_notes)
        for offset, note_windows in enumerate(windows.per_note()):
            i = start + offset
            record = records[i]
            items.append(
                {
                    "index": i,
                    "input_ids": note_windows,
                    "structured": None if features is None else features[i],
                    "labels": [record.get(label) for label in labels],
                    "n_tokens": sum(len(w) for w in note_windows),
                }
            )
        bar.update(len(part))
    bar.close()
    if capped:
        logger.warning(
            "%s: %d of %d notes need more than max_windows=%s windows of %d tokens; their "
            "first, last and evenly spaced windows are kept, the rest is not seen",
            split,
            capped,
            len(records),
            chunker.max_windows,
            chunker.max_length,
        )
    return NoteDataset(items)


class TrainCollator(WindowCollator):
    """:class:`WindowCollator` plus each note's dataset index (to reassemble predictions)."""

    def __call__(self, items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        batch = super().__call__(items)
        batch["index"] = torch.tensor([item["index"] for item in items], dtype=torch.long)
        return batch


class EpochShuffleSampler(Sampler[int]):
    """A permutation fixed by ``(seed, epoch)``: a resumed run sees the same order."""

    def __init__(self, n: int, seed: int) -> None:
        self.n, self.seed, self.epoch = n, seed, 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __iter__(self) -> Iterator[int]:
        generator = np.random.default_rng((self.seed, self.epoch))
        return iter(generator.permutation(self.n).tolist())

    def __len__(self) -> int:
        return self.n


class LengthGroupedBatchSampler(Sampler[list[int]]):
    """Batches of notes with similar token counts, in a random order that is fixed per epoch.

    As transformers' ``LengthGroupedSampler``: shuffle, cut into mega-batches of
    ``mega x batch_size`` notes, sort each by length (longest first), cut into batches, then
    shuffle the batches but put the longest first (an out-of-memory error shows at step 1).
    With dynamic padding a batch is padded only to its own longest window.
    """

    def __init__(
        self, lengths: Sequence[int], batch_size: int, seed: int, *, mega: int = 50
    ) -> None:
        self.lengths = np.asarray(lengths)
        self.batch_size = batch_size
        self.drop_last = False
        self.seed, self.epoch, self.mega = seed, 0, mega

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __iter__(self) -> Iterator[list[int]]:
        rng = np.random.default_rng((self.seed, self.epoch))
        order = rng.permutation(len(self.lengths))
        size = self.mega * self.batch_size
        batches: list[list[int]] = []
        for start in range(0, len(order), size):
            group = order[start : start + size]
            group = group[np.argsort(-self.lengths[group], kind="stable")]
            batches.extend(
                group[i : i + self.batch_size].tolist()
                for i in range(0, len(group), self.batch_size)
            )
        if not batches:
            return iter([])
        longest = max(range(len(batches)), key=lambda b: int(self.lengths[batches[b]].max()))
        first = batches.pop(longest)
        rest = [batches[i] for i in rng.permutation(len(batches))]
        return iter([first, *rest])

    def __len__(self) -> int:
        return math.ceil(len(self.lengths) / self.batch_size)


class SortedBatchSampler(Sampler[list[int]]):
    """Evaluation batches, longest notes first (least padding; order does not matter)."""

    def __init__(self, lengths: Sequence[int], batch_size: int) -> None:
        order = np.argsort(-np.asarray(lengths), kind="stable")
        self.batches = [
            order[i : i + batch_size].tolist() for i in range(0, len(order), batch_size)
        ]
        self.batch_size = batch_size
        self.drop_last = False

    def __iter__(self) -> Iterator[list[int]]:
        return iter(self.batches)

    def __len__(self) -> int:
        return len(self.batches)


# ---- hardware and throughput ----------------------------------------------------------------
def peak_flops(device: torch.device, override_tflops: float | None = None) -> float | None:
    """Peak dense bf16 FLOPS of one device: the override, a known CUDA device, or None."""
    if override_tflops is not None:
        return override_tflops * 1e12
    if device.type != "cuda":
        return None
    name = torch.cuda.get_device_name(device).upper()
    for parts, flops in PEAK_BF16_FLOPS:
        if all(part in name for part in parts):
            return flops
    return None


def flops_per_token(model: torch.nn.Module) -> float:
    """Model FLOPs per token of one training step: ``2 N`` forward + ``4 N_trainable`` backward.

    ``N`` counts non-embedding parameters (embedding lookups are not matrix products); with
    every parameter trainable this is the usual ``6 N``, with a frozen encoder about ``2 N``.
    """
    total = trainable = 0
    for name, param in model.named_parameters():
        if "embeddings" in name.split("."):
            continue
        total += param.numel()
        trainable += param.numel() if param.requires_grad else 0
    return 2.0 * total + 4.0 * trainable


def freeze_encoder_layers(encoder: torch.nn.Module, n_layers: int) -> None:
    """Freeze the embeddings and the first ``n_layers`` layers of a BERT-like encoder."""
    layers = getattr(getattr(encoder, "encoder", None), "layer", None)
    embeddings = getattr(encoder, "embeddings", None)
    if not isinstance(layers, torch.nn.ModuleList) or embeddings is None:
        raise ConfigError(
            f"freeze_layers: expected a BERT-like encoder (embeddings + encoder.layer), got "
            f"{type(encoder).__name__}; use freeze_layers 0."
        )
    if n_layers > len(layers):
        raise ConfigError(
            f"freeze_layers: expected at most the encoder's {len(layers)} layers, got {n_layers}."
        )
    embeddings.requires_grad_(False)
    for layer in layers[:n_layers]:
        layer.requires_grad_(False)


def _auroc(y: np.ndarray, scores: np.ndarray) -> float:
    """AUROC of any monotone scores (logits welcome), ties counted half; NaN for one class.

    numpy only: importing scikit-learn costs seconds that a validation step need not pay.
    """
    mask = ~np.isnan(y)
    y, scores = y[mask].astype(np.int64), np.asarray(scores, dtype=np.float64)[mask]
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(-scores, kind="mergesort")
    ordered = scores[order]
    last = np.r_[np.flatnonzero(ordered[1:] != ordered[:-1]), y.size - 1]
    tp = np.r_[0, np.cumsum(y[order])[last]]
    fp = np.r_[0, (last + 1) - tp[1:]]
    return float(np.sum(np.diff(fp) * (tp[1:] + tp[:-1])) / 2 / (n_pos * n_neg))


def _labels_array(dataset: NoteDataset) -> np.ndarray:
    return np.array(
        [[np.nan if v is None else float(v) for v in item["labels"]] for item in dataset.items],
        dtype=np.float64,
    )


# ---- the run --------------------------------------------------------------------------------
class _Run:
    """State of one training run (kept in one object so the loop reads top to bottom)."""

    def __init__(self, config: TrainingConfig) -> None:
        self.config = config
        self.output_dir = Path(config.output_dir)
        self.timings: dict[str, float] = {}
        self.history: list[dict[str, Any]] = []
        self.global_step = 0
        self.best_metric: float | None = None
        self.best_step: int | None = None
        self.best_state: dict[str, torch.Tensor] | None = None
        self.best_val_logits: np.ndarray | None = None
        self.evals_without_improvement = 0
        self.stopped_early = False
        self.train_seconds = 0.0
        self.samples_seen = 0
        self.tokens_seen = 0

    # -- timing helper
    def timed(self, name: str, started: float) -> None:
        self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - started, 3)


def _check_output_dir(config: TrainingConfig) -> None:
    """Refuse to mix a new run into an earlier one's folder unless told how."""
    root = Path(config.output_dir)
    if root.exists() and not root.is_dir():
        raise ConfigError(f"output_dir: expected a directory, got the file {config.output_dir!r}.")
    if config.resume_from or config.overwrite_output_dir:
        return
    model_dir = root / MODEL_DIR
    if model_dir.exists() and any(model_dir.iterdir()):
        raise ConfigError(
            f"output_dir: expected a folder without a trained model, got "
            f"{config.output_dir!r} which already holds {MODEL_DIR}/; pass "
            f"overwrite_output_dir (--overwrite-output-dir) or another output_dir."
        )
    if any((root / CHECKPOINTS_DIR).glob("step-*")):
        raise ConfigError(
            f"output_dir: expected a folder without checkpoints, got {config.output_dir!r} "
            f"holding an earlier run's {CHECKPOINTS_DIR}/; pass resume_from latest "
            f"(--resume-from latest) to continue it or overwrite_output_dir to start again."
        )


def _start_fresh(root: Path) -> None:
    """A new (not resumed) run: drop an earlier run's log and checkpoints in this folder."""
    (root / LOG_NAME).unlink(missing_ok=True)
    shutil.rmtree(root / CHECKPOINTS_DIR, ignore_errors=True)


def _resolve_checkpoint(config: TrainingConfig) -> Path | None:
    if config.resume_from is None:
        return None
    if config.resume_from == "latest":
        found = sorted((Path(config.output_dir) / CHECKPOINTS_DIR).glob("step-*"))
        found = [p for p in found if (p / STATE_NAME).is_file()]
        if not found:
            raise ConfigError(
                f"resume_from: expected a checkpoint in {config.output_dir}/{CHECKPOINTS_DIR}, "
                f"got 'latest' but there is none."
            )
        return found[-1]
    path = Path(config.resume_from)
    if not (path / STATE_NAME).is_file():
        raise ConfigError(
            f"resume_from: expected a checkpoint directory holding {STATE_NAME}, got "
            f"{config.resume_from!r}."
        )
    return path


def _redaction_config(config: TrainingConfig) -> Any:
    if config.already_redacted:
        return None
    from referral_nlp.redaction import RedactionConfig

    if config.redaction_config is None:
        return RedactionConfig()
    return RedactionConfig.from_file(config.redaction_config)


def train(config: TrainingConfig) -> TrainResult:
    """Run the whole training pipeline described in the module docstring."""
    from accelerate import Accelerator
    from accelerate.utils import set_seed

    from referral_nlp.modeling.base_model import resolve_base_model

    started_at = dt.datetime.now(dt.timezone.utc)
    t_start = time.perf_counter()
    run = _Run(config)

    # 1. checks that need no data
    base_model_path = resolve_base_model(config.base_model)
    checkpoint = _resolve_checkpoint(config)
    _check_output_dir(config)
    redaction_config = _redaction_config(config)
    use_cuda = torch.cuda.is_available()
    bf16 = config.bf16 and use_cuda and torch.cuda.is_bf16_supported()
    if config.bf16 and not bf16:
        logger.warning("bf16 requested but no CUDA device with bf16 is available: training in fp32")
    if config.num_threads is not None:
        torch.set_num_threads(config.num_threads)
    if use_cuda:  # TF32 for the fp32 parts (heads, loss) on Ampere and later
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    accelerator = Accelerator(
        mixed_precision="bf16" if bf16 else "no",
        gradient_accumulation_steps=config.grad_accum,
        cpu=not use_cuda,
    )
    is_main = accelerator.is_main_process
    show = config.progress and accelerator.is_local_main_process
    set_seed(config.seed)

    # 2. data, leakage and label checks
    t0 = time.perf_counter()
    splits, sources = load_training_splits(config)
    check_label_classes(splits)
    n_loaded = {split: len(records) for split, records in splits.items()}
    splits["train"] = select_subset(splits["train"], config.limit_train, config.seed)
    if config.limit_train is not None and config.limit_train < n_loaded["train"]:
        note = f" after limit_train={config.limit_train}"
        check_label_classes({"train": splits["train"]}, note=note)
    run.timed("load", t0)

    # 3. redaction (cached); only the main process redacts, the others read its cache
    t0 = time.perf_counter()
    cache_dir = config.redaction_cache_dir
    if cache_dir is None and accelerator.num_processes > 1 and not config.already_redacted:
        cache_dir = str(Path(config.output_dir) / "redaction-cache")
    redact_kwargs = {
        "text_fields": config.text_fields,
        "sources": {s: sources[s] for s in splits},
        "redaction_config": redaction_config,
        "cache_dir": cache_dir,
        "already_redacted": config.already_redacted,
    }
    with accelerator.main_process_first():
        redacted, redaction_report = redact_splits(splits, progress=show, **redact_kwargs)
    del splits
    run.timed("redaction", t0)
    fingerprints = {
        split: data_fingerprint(records, text_fields=config.text_fields)
        for split, records in redacted.items()
    }
    label_rates = check_label_classes(redacted)

    # 4. structured features, fitted on train only
    encoder = None
    if config.structured_fields:
        encoder = StructuredEncoder(config.structured_fields).fit(redacted["train"])

    # 5. tokenise
    t0 = time.perf_counter()
    tokenizer = load_tokenizer(base_model_path)
    model_config = ModelConfig(
        base_model=config.base_model,
        max_length=config.max_length,
        stride=config.stride,
        max_windows=config.max_windows,
        structured_dim=0 if encoder is None else encoder.dim,
        hidden=config.head_hidden,
        dropout=config.dropout,
        pooling=config.pooling,
        text_fields=config.text_fields,
        attn_implementation=config.attn_implementation,
    )
    chunker = NoteChunker(
        tokenizer,
        max_length=config.max_length,
        stride=config.stride,
        max_windows=config.max_windows,
    )
    datasets = {
        split: encode_split(
            records, chunker, encoder, config.text_fields, split=split, progress=show
        )
        for split, records in redacted.items()
    }
    run.timed("tokenise", t0)
    ids = {split: [r["id"] for r in records] for split, records in redacted.items()}
    del redacted

    # 6. model, optimiser, schedule
    t0 = time.perf_counter()
    if not show:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    model = ReferralRiskModel.from_base_model(model_config)
    if config.encoder_lr == 0:
        model.encoder.requires_grad_(False)
    elif config.freeze_layers:
        freeze_encoder_layers(model.encoder, config.freeze_layers)
    if config.gradient_checkpointing:
        if not getattr(model.encoder, "supports_gradient_checkpointing", False):
            raise ConfigError(
                f"gradient_checkpointing: expected an encoder that supports it, got "
                f"{type(model.encoder).__name__}."
            )
        model.encoder.gradient_checkpointing_enable(
            gradient_checkpointing_kwargs={"use_reentrant": False}
        )
    resume_state: dict[str, Any] | None = None
    if checkpoint is not None:
        resume_state = _load_checkpoint_model(checkpoint, model, model_config, fingerprints)
    model.to(accelerator.device)
    if config.compile:
        if not use_cuda:
            logger.warning("compile on CPU: expect a long first step; it is meant for CUDA")
        model.encoder.compile(dynamic=True)

    pad = tokenizer.pad_token_id
    collator = TrainCollator(0 if pad is None else pad, pad_to_multiple_of=8 if use_cuda else None)
    train_set = datasets["train"]
    loader_kwargs: dict[str, Any] = {
        "collate_fn": collator,
        "num_workers": config.num_workers,
        "pin_memory": use_cuda,
        "persistent_workers": config.num_workers > 0,
    }
    if config.group_by_length:
        batch_sampler = LengthGroupedBatchSampler(train_set.lengths, config.batch_size, config.seed)
        train_loader = DataLoader(train_set, batch_sampler=batch_sampler, **loader_kwargs)
        epoch_sampler: Any = batch_sampler
    else:
        epoch_sampler = EpochShuffleSampler(len(train_set), config.seed)
        train_loader = DataLoader(
            train_set, sampler=epoch_sampler, batch_size=config.batch_size, **loader_kwargs
        )
    eval_loaders = {
        split: DataLoader(
            datasets[split],
            batch_sampler=SortedBatchSampler(
                datasets[split].lengths, config.effective_eval_batch_size
            ),
            **loader_kwargs,
        )
        for split in ("validation", "test")
    }

    optimizer = torch.optim.AdamW(_param_groups(model, config), lr=config.lr)
    train_loader = accelerator.prepare(train_loader)
    steps_per_epoch = max(1, math.ceil(len(train_loader) / config.grad_accum))
    if config.max_steps is not None:
        total_steps = config.max_steps
        n_epochs = math.ceil(total_steps / steps_per_epoch)
    else:
        total_steps = config.epochs * steps_per_epoch
        n_epochs = config.epochs
    from transformers import get_linear_schedule_with_warmup

    scheduler = get_linear_schedule_with_warmup(
        optimizer, round(config.warmup_ratio * total_steps), total_steps
    )
    if resume_state is not None:
        _load_checkpoint_optim(checkpoint, optimizer, scheduler, accelerator)
    model, optimizer = accelerator.prepare(model, optimizer)
    eval_loaders = {split: accelerator.prepare(loader) for split, loader in eval_loaders.items()}
    pos_weight = None
    if config.pos_weight:
        train_labels = torch.tensor(np.nan_to_num(_labels_array(train_set)), dtype=torch.float32)
        mask = torch.tensor(~np.isnan(_labels_array(train_set)), dtype=torch.float32)
        pos_weight = pos_weight_from_labels(train_labels, mask).to(accelerator.device)
    flops_token = flops_per_token(accelerator.unwrap_model(model))
    peak = peak_flops(accelerator.device, config.peak_tflops)
    if use_cuda and peak is None:
        logger.info(
            "MFU not reported: peak FLOPS of %s unknown (set peak_tflops)",
            torch.cuda.get_device_name(accelerator.device),
        )
    run.timed("setup", t0)

    start_epoch, skip_batches = 0, 0
    if resume_state is not None:
        run.global_step = int(resume_state["global_step"])
        start_epoch = int(resume_state["epoch"])
        skip_batches = int(resume_state["batches_in_epoch"])
        saved_procs = int(resume_state.get("num_processes", 1))
        if saved_procs != accelerator.num_processes:
            skip_batches = skip_batches * saved_procs // accelerator.num_processes
            logger.warning(
                "checkpoint written by %d processes, resuming on %d: the data position is "
                "approximate",
                saved_procs,
                accelerator.num_processes,
            )
        run.best_metric = resume_state.get("best_metric")
        run.best_step = resume_state.get("best_step")
        run.evals_without_improvement = int(resume_state.get("evals_without_improvement", 0))
        run.history = list(resume_state.get("history", []))
        run.train_seconds = float(resume_state.get("train_seconds", 0.0))
        run.samples_seen = int(resume_state.get("samples_seen", 0))
        run.tokens_seen = int(resume_state.get("tokens_seen", 0))
        best_file = checkpoint.parent / BEST_DIR / "model.safetensors"
        if run.best_step is not None and best_file.is_file():
            from safetensors.torch import load_file

            run.best_state = load_file(str(best_file), device="cpu")
        _restore_rng(checkpoint, accelerator.process_index)
        logger.info("resumed from %s at step %d", checkpoint, run.global_step)

    if is_main:
        run.output_dir.mkdir(parents=True, exist_ok=True)
        if resume_state is None:
            _start_fresh(run.output_dir)
        logger.info(
            "training: %d notes, %d steps (%d per epoch, %d epochs), %d process(es) on %s, "
            "mixed precision %s",
            len(train_set),
            total_steps,
            steps_per_epoch,
            n_epochs,
            accelerator.num_processes,
            accelerator.device,
            accelerator.mixed_precision,
        )

    # 7. the loop
    from tqdm.auto import tqdm

    bar = tqdm(
        total=total_steps,
        initial=run.global_step,
        desc="training",
        unit="step",
        disable=not show,
        dynamic_ncols=True,
    )
    log_path = run.output_dir / LOG_NAME
    meter = _Meter(accelerator.device)
    last_evaluated = run.history[-1]["step"] if run.history else -1
    t_loop = time.perf_counter()
    model.train()
    done = run.global_step >= total_steps
    for epoch in range(start_epoch, n_epochs):
        if done:
            break
        epoch_sampler.set_epoch(epoch)
        if hasattr(train_loader, "set_epoch"):
            train_loader.set_epoch(epoch)
        loader = train_loader
        batches_in_epoch = 0
        if epoch == start_epoch and skip_batches:
            loader = accelerator.skip_first_batches(train_loader, skip_batches)
            batches_in_epoch = skip_batches
        for batch in loader:
            with accelerator.accumulate(model):
                logits = model(
                    input_ids=batch["input_ids"],
                    attention_mask=batch["attention_mask"],
                    note_index=batch["note_index"],
                    structured=batch.get("structured"),
                    n_notes=batch["n_notes"],
                )
                loss = multitask_bce_loss(
                    logits.float(), batch["labels"], batch["label_mask"], pos_weight
                )
                accelerator.backward(loss)
                if accelerator.sync_gradients and config.max_grad_norm > 0:
                    accelerator.clip_grad_norm_(model.parameters(), config.max_grad_norm)
                optimizer.step()
                optimizer.zero_grad(set_to_none=True)
            batches_in_epoch += 1
            meter.add(loss, batch)
            if not accelerator.sync_gradients:
                continue
            scheduler.step()
            run.global_step += 1
            bar.update(1)
            finished = run.global_step >= total_steps
            if run.global_step % config.log_every == 0 or finished:
                _log_interval(
                    run, accelerator, meter, optimizer, bar, log_path, epoch, peak, flops_token
                )
            end_of_epoch = batches_in_epoch >= len(train_loader)
            if (config.eval_every > 0 and run.global_step % config.eval_every == 0) or (
                config.eval_every == 0 and end_of_epoch
            ):
                with meter.paused():
                    t0 = time.perf_counter()
                    _evaluate(
                        run,
                        model,
                        eval_loaders["validation"],
                        accelerator,
                        datasets,
                        log_path,
                        epoch,
                    )
                    last_evaluated = run.global_step
                    model.train()
                    run.timed("validation", t0)
            if (config.save_every > 0 and run.global_step % config.save_every == 0) or (
                config.save_every == 0 and end_of_epoch and not finished and not run.stopped_early
            ):
                with meter.paused():
                    t0 = time.perf_counter()
                    _save_checkpoint(
                        run,
                        accelerator,
                        model,
                        optimizer,
                        scheduler,
                        model_config,
                        fingerprints,
                        epoch=epoch + 1 if end_of_epoch else epoch,
                        batches_in_epoch=0 if end_of_epoch else batches_in_epoch,
                    )
                    run.timed("checkpoints", t0)
            if run.stopped_early or finished:
                done = True
                break
    if meter.micro:
        _log_interval(run, accelerator, meter, optimizer, bar, log_path, epoch, peak, flops_token)
    bar.close()
    run.timings["train_loop"] = round(time.perf_counter() - t_loop, 3)
    if last_evaluated != run.global_step:
        t0 = time.perf_counter()
        _evaluate(run, model, eval_loaders["validation"], accelerator, datasets, log_path, None)
        run.timed("validation", t0)

    # 8. best weights, predictions, calibration, operating points, artefact
    t0 = time.perf_counter()
    unwrapped = accelerator.unwrap_model(model)
    if run.best_state is not None:
        unwrapped.load_state_dict(run.best_state)
    prior_shift = prior_correct(unwrapped, pos_weight)
    val_logits = run.best_val_logits
    if val_logits is None:
        val_logits = _predict(
            model,
            eval_loaders["validation"],
            accelerator,
            len(datasets["validation"]),
            desc="predicting validation",
            show=show,
        )
    else:
        val_logits = val_logits - prior_shift  # the same weights, before the bias moved
    test_logits = _predict(
        model,
        eval_loaders["test"],
        accelerator,
        len(datasets["test"]),
        desc="predicting test",
        show=show,
    )
    run.timed("predict", t0)
    val_y, test_y = _labels_array(datasets["validation"]), _labels_array(datasets["test"])
    labels = model_config.labels
    metrics = {
        "validation": {
            "auroc": {lab: _auroc(val_y[:, j], val_logits[:, j]) for j, lab in enumerate(labels)}
        },
        "test": {
            "auroc": {lab: _auroc(test_y[:, j], test_logits[:, j]) for j, lab in enumerate(labels)}
        },
    }
    t0 = time.perf_counter()
    calibrators, selections, val_probs, test_probs = _calibrate(
        config, labels, val_y, val_logits, test_logits
    )
    operating = _operating_points(config, labels, val_y, val_probs)
    run.timed("calibration", t0)

    throughput = {
        "train_samples_per_s": run.samples_seen / run.train_seconds if run.train_seconds else None,
        "train_tokens_per_s": run.tokens_seen / run.train_seconds if run.train_seconds else None,
        "mfu": (
            flops_token * run.tokens_seen / (run.train_seconds * peak * accelerator.num_processes)
            if peak and run.train_seconds
            else None
        ),
        "samples_seen": run.samples_seen,
        "tokens_seen": run.tokens_seen,
    }
    run.timings["total"] = round(time.perf_counter() - t_start, 3)
    device_info = {
        "type": accelerator.device.type,
        "name": torch.cuda.get_device_name(accelerator.device) if use_cuda else "cpu",
        "num_processes": accelerator.num_processes,
        "mixed_precision": accelerator.mixed_precision,
        "torch_threads": torch.get_num_threads(),
        "compiled": config.compile,
    }
    training_run = {
        "format": TRAINING_RUN_FORMAT,
        "version": 1,
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "config": config.to_dict(),
        "model_config": model_config.to_dict(),
        "data": {
            "fingerprints": fingerprints,
            "n_records_loaded": n_loaded,
            "n_records_used": {split: len(d) for split, d in datasets.items()},
            "label_rates": label_rates,
            "redaction": [r.to_dict() for r in redaction_report],
            "windows_per_note": {
                split: float(np.mean([len(item["input_ids"]) for item in d.items]))
                for split, d in datasets.items()
            },
        },
        "training": {
            "global_step": run.global_step,
            "total_steps_planned": total_steps,
            "steps_per_epoch": steps_per_epoch,
            "best_step": run.best_step,
            "best_mean_validation_auroc": run.best_metric,
            "stopped_early": run.stopped_early,
            "history": run.history,
        },
        "metrics": metrics,
        "prior_correction": {
            "pos_weight": None if pos_weight is None else pos_weight.cpu().tolist(),
            "logit_shift": dict(zip(labels, (-prior_shift).tolist(), strict=True)),
        },
        "calibration": selections,
        "timings_s": run.timings,
        "throughput": throughput,
        "device": device_info,
        "library_versions": library_versions(),
    }
    model_dir = run.output_dir / MODEL_DIR
    predictions_dir = run.output_dir / PREDICTIONS_DIR
    if is_main:
        from referral_nlp.modeling.predict import calibration_to_json

        extra: dict[str, Any] = {
            TRAINING_RUN_NAME: _jsonable(training_run),
            OPERATING_POINTS_NAME: _jsonable(operating),
        }
        if calibrators:
            extra["calibration.json"] = calibration_to_json(calibrators)
        unwrapped.save_pretrained(
            model_dir,
            tokenizer=tokenizer,
            structured_encoder=encoder,
            extra_json=extra,
            overwrite=True,
        )
        for split, split_ids, y, logits_, probs in (
            ("validation", ids["validation"], val_y, val_logits, val_probs),
            ("test", ids["test"], test_y, test_logits, test_probs),
        ):
            write_records(
                predictions_dir / f"{split}.jsonl",
                _prediction_rows(split_ids, labels, y, logits_, probs, calibrators),
            )
        logger.info(
            "saved %s; validation AUROC %s, test AUROC %s",
            model_dir,
            _fmt(metrics["validation"]["auroc"]),
            _fmt(metrics["test"]["auroc"]),
        )
    accelerator.wait_for_everyone()
    accelerator.end_training()
    return TrainResult(
        output_dir=run.output_dir,
        model_dir=model_dir,
        predictions_dir=predictions_dir,
        global_step=run.global_step,
        best_step=run.best_step,
        best_metric=run.best_metric,
        stopped_early=run.stopped_early,
        validation_auroc=metrics["validation"]["auroc"],
        test_auroc=metrics["test"]["auroc"],
        timings=run.timings,
        throughput=throughput,
        run=training_run,
    )


# ---- loop helpers ---------------------------------------------------------------------------
def prior_correct(model: ReferralRiskModel, pos_weight: torch.Tensor | None) -> np.ndarray:
    """Undo the base-rate shift that ``pos_weight`` put into each head; returns the shifts.

    A head trained with positives weighted by ``w`` learns ``logit + log w`` (odds scaled by
    ``w``), so its raw probabilities say ~50% for a 5% outcome. Subtracting ``log w`` from the
    head's output bias restores the training base rate exactly in expectation and changes no
    ranking (AUROC, operating-point order); calibration on validation then only fine-tunes.
    """
    labels = model.config.labels
    shifts = np.zeros(len(labels))
    if pos_weight is None:
        return shifts
    weights = pos_weight.detach().to("cpu", torch.float64).numpy()
    with torch.no_grad():
        for j, label in enumerate(labels):
            last = model.heads[label][-1]
            shifts[j] = math.log(float(weights[j]))
            last.bias -= shifts[j]
    return shifts


def _param_groups(model: ReferralRiskModel, config: TrainingConfig) -> list[dict[str, Any]]:
    """Encoder and head parameters at their own learning rates; no decay on biases and norms."""
    groups: dict[tuple[bool, bool], list[torch.nn.Parameter]] = {}
    for name, param in model.named_parameters():
        if not param.requires_grad:
            continue
        is_encoder = name.startswith("encoder.")
        no_decay = param.ndim < 2 or "LayerNorm" in name or "layer_norm" in name
        groups.setdefault((is_encoder, no_decay), []).append(param)
    out = []
    for (is_encoder, no_decay), params in sorted(groups.items()):
        out.append(
            {
                "name": "encoder" if is_encoder else "head",
                "params": params,
                "lr": config.encoder_lr if is_encoder else config.lr,
                "weight_decay": 0.0 if no_decay else config.weight_decay,
            }
        )
    return out


class _Meter:
    """Loss, notes and tokens since the last log line, and the training time they took.

    Time spent validating or checkpointing (inside :meth:`paused`) is not training time.
    Token counts stay on the device until a log step, so counting costs no synchronisation.
    """

    def __init__(self, device: torch.device) -> None:
        self.device = device
        self.reset()

    def reset(self) -> None:
        self.loss = torch.zeros((), device=self.device)
        self.tokens = torch.zeros((), dtype=torch.float64, device=self.device)
        self.micro = 0
        self.samples = 0
        self.started = time.perf_counter()
        self.excluded = 0.0

    def add(self, loss: torch.Tensor, batch: Mapping[str, Any]) -> None:
        self.loss += loss.detach().float()
        self.tokens += batch["attention_mask"].sum()
        self.micro += 1
        self.samples += int(batch["n_notes"])

    def elapsed(self) -> float:
        return max(time.perf_counter() - self.started - self.excluded, 1e-9)

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.excluded += time.perf_counter() - t0


def _log_interval(
    run: _Run,
    accelerator: Any,
    meter: _Meter,
    optimizer: Any,
    bar: Any,
    log_path: Path,
    epoch: int,
    peak: float | None,
    flops_token: float,
) -> None:
    """Reduce the meter over processes, log one line (file, logger, progress bar), reset it."""
    elapsed = meter.elapsed()
    counts = torch.stack(
        [torch.tensor(float(meter.samples), dtype=torch.float64, device=meter.device), meter.tokens]
    )
    counts = accelerator.reduce(counts, reduction="sum")
    loss = accelerator.reduce(meter.loss / max(meter.micro, 1), reduction="mean")
    samples, tokens = float(counts[0]), float(counts[1])
    run.samples_seen += int(samples)
    run.tokens_seen += int(tokens)
    run.train_seconds += elapsed
    lrs = {group.get("name", str(i)): group["lr"] for i, group in enumerate(optimizer.param_groups)}
    entry: dict[str, Any] = {
        "step": run.global_step,
        "epoch": epoch,
        "loss": round(float(loss), 5),
        "lr_head": lrs.get("head"),
        "lr_encoder": lrs.get("encoder"),
        "samples_per_s": round(samples / elapsed, 2),
        "tokens_per_s": round(tokens / elapsed, 1),
    }
    if peak:
        entry["mfu"] = round(flops_token * tokens / (elapsed * peak * accelerator.num_processes), 4)
    postfix = {"loss": f"{entry['loss']:.4f}", "notes/s": f"{entry['samples_per_s']:.1f}"}
    postfix["tok/s"] = f"{entry['tokens_per_s']:.0f}"
    if "mfu" in entry:
        postfix["mfu"] = f"{entry['mfu']:.1%}"
    bar.set_postfix(postfix, refresh=False)
    if accelerator.is_main_process:
        _append_log(log_path, entry)
        logger.info("step %d: %s", run.global_step, json.dumps(entry))
    meter.reset()


def _append_log(path: Path, entry: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(_jsonable(entry)) + "\n")


def _predict(
    model: Any, loader: Any, accelerator: Any, n: int, *, desc: str = "", show: bool = False
) -> np.ndarray:
    """Logits ``[n, labels]`` in dataset order, gathered from every process."""
    from tqdm.auto import tqdm

    inner = accelerator.unwrap_model(model)
    was_training = inner.training
    inner.eval()
    out: np.ndarray | None = None
    seen = np.zeros(n, dtype=bool)
    bar = tqdm(
        total=len(loader), desc=desc or "predicting", unit="batch", leave=False, disable=not show
    )
    with torch.inference_mode(), accelerator.autocast():
        for batch in loader:
            bar.update(1)
            logits = inner(
                input_ids=batch["input_ids"],
                attention_mask=batch["attention_mask"],
                note_index=batch["note_index"],
                structured=batch.get("structured"),
                n_notes=batch["n_notes"],
            ).float()
            index = batch["index"]
            if accelerator.num_processes > 1:
                index = accelerator.pad_across_processes(index, dim=0, pad_index=-1)
                logits = accelerator.pad_across_processes(logits, dim=0)
                index, logits = accelerator.gather((index, logits))
            index_np = index.cpu().numpy()
            logits_np = logits.cpu().numpy().astype(np.float64)
            if out is None:
                out = np.zeros((n, logits_np.shape[1]), dtype=np.float64)
            keep = index_np >= 0
            out[index_np[keep]] = logits_np[keep]
            seen[index_np[keep]] = True
    bar.close()
    inner.train(was_training)
    if out is None or not seen.all():
        raise RuntimeError(f"prediction covered {int(seen.sum())} of {n} notes.")
    return out


def _evaluate(
    run: _Run,
    model: Any,
    loader: Any,
    accelerator: Any,
    datasets: Mapping[str, NoteDataset],
    log_path: Path,
    epoch: int | None,
) -> None:
    """Validation AUROC per label; keeps the best weights; decides early stopping."""
    config = run.config
    show = config.progress and accelerator.is_local_main_process
    logits = _predict(
        model, loader, accelerator, len(datasets["validation"]), desc="validating", show=show
    )
    y = _labels_array(datasets["validation"])
    auroc = {label: _auroc(y[:, j], logits[:, j]) for j, label in enumerate(LABELS)}
    finite = [v for v in auroc.values() if math.isfinite(v)]
    mean = float(np.mean(finite)) if finite else float("nan")
    improved = math.isfinite(mean) and (run.best_metric is None or mean > run.best_metric + 1e-6)
    if improved:
        run.best_metric, run.best_step = mean, run.global_step
        run.evals_without_improvement = 0
        state = accelerator.unwrap_model(model).state_dict()
        run.best_state = {k: v.detach().to("cpu", copy=True) for k, v in state.items()}
        run.best_val_logits = logits
        if accelerator.is_main_process and (config.save_every > 0 or config.eval_every > 0):
            _save_best(run, accelerator)
    else:
        run.evals_without_improvement += 1
    entry = {
        "step": run.global_step,
        "epoch": epoch,
        "validation_auroc": auroc,
        "mean_auroc": mean,
        "best_step": run.best_step,
    }
    run.history.append(_jsonable(entry))
    if accelerator.is_main_process:
        _append_log(log_path, {"eval": entry})
        logger.info(
            "validation at step %d: AUROC %s (mean %.4f, best %.4f at step %s)",
            run.global_step,
            _fmt(auroc),
            mean,
            run.best_metric if run.best_metric is not None else float("nan"),
            run.best_step,
        )
    patience = config.early_stopping_patience
    if patience and run.evals_without_improvement >= patience:
        run.stopped_early = True
        if accelerator.is_main_process:
            logger.info(
                "early stopping at step %d: no better validation AUROC in %d evaluations",
                run.global_step,
                patience,
            )


def _save_best(run: _Run, accelerator: Any) -> None:
    assert run.best_state is not None
    directory = run.output_dir / CHECKPOINTS_DIR / BEST_DIR
    directory.mkdir(parents=True, exist_ok=True)
    state = _unshared(run.best_state)
    with atomic_writer(directory / "model.safetensors", "wb") as fh:
        fh.write(_safetensors_bytes(state))
    with atomic_writer(directory / "best.json") as fh:
        json.dump({"step": run.best_step, "mean_validation_auroc": run.best_metric}, fh)


def _unshared(state: Mapping[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Tensors safetensors accepts: contiguous, on CPU, none sharing storage."""
    seen: set[int] = set()
    out = {}
    for name, tensor in state.items():
        tensor = tensor.detach().to("cpu").contiguous()
        ptr = tensor.untyped_storage().data_ptr()
        if ptr in seen:
            tensor = tensor.clone()
        seen.add(ptr)
        out[name] = tensor
    return out


def _safetensors_bytes(state: Mapping[str, torch.Tensor]) -> bytes:
    from safetensors.torch import save

    return save(dict(state), metadata={"format": "pt"})


def _save_checkpoint(
    run: _Run,
    accelerator: Any,
    model: Any,
    optimizer: Any,
    scheduler: Any,
    model_config: ModelConfig,
    fingerprints: Mapping[str, str],
    *,
    epoch: int,
    batches_in_epoch: int,
) -> None:
    """``checkpoints/step-NNNNNN/``: weights (safetensors), optimiser, schedule, RNG, state."""
    root = run.output_dir / CHECKPOINTS_DIR
    name = f"step-{run.global_step:06d}"
    tmp = root / f".{name}.tmp"
    if accelerator.is_main_process:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
    accelerator.wait_for_everyone()
    rng = {"torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        rng["cuda"] = torch.cuda.get_rng_state(accelerator.device)
    save_state(rng, tmp / f"rng-{accelerator.process_index}")
    accelerator.wait_for_everyone()
    if accelerator.is_main_process:
        unwrapped = accelerator.unwrap_model(model)
        with (tmp / "model.safetensors").open("wb") as fh:
            fh.write(_safetensors_bytes(_unshared(unwrapped.state_dict())))
        inner_optimizer = getattr(optimizer, "optimizer", optimizer)
        save_state(inner_optimizer.state_dict(), tmp / "optimizer")
        save_state(scheduler.state_dict(), tmp / "scheduler")
        state = {
            "global_step": run.global_step,
            "epoch": epoch,
            "batches_in_epoch": batches_in_epoch,
            "num_processes": accelerator.num_processes,
            "best_metric": run.best_metric,
            "best_step": run.best_step,
            "evals_without_improvement": run.evals_without_improvement,
            "history": run.history,
            "train_seconds": run.train_seconds,
            "samples_seen": run.samples_seen,
            "tokens_seen": run.tokens_seen,
            "model_config": model_config.to_dict(),
            "data_fingerprints": dict(fingerprints),
        }
        (tmp / STATE_NAME).write_text(json.dumps(_jsonable(state), indent=2), encoding="utf-8")
        if run.best_state is not None and not (root / BEST_DIR / "model.safetensors").is_file():
            _save_best(run, accelerator)
        final = root / name
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
        existing = sorted(p for p in root.glob("step-*") if p.is_dir())
        for old in existing[: max(0, len(existing) - run.config.save_total_limit)]:
            shutil.rmtree(old, ignore_errors=True)
        logger.info("checkpoint %s", final)
    accelerator.wait_for_everyone()


def _load_checkpoint_model(
    checkpoint: Path,
    model: ReferralRiskModel,
    model_config: ModelConfig,
    fingerprints: Mapping[str, str],
) -> dict[str, Any]:
    """Check a checkpoint fits this run, load its weights, return its trainer state."""
    from safetensors.torch import load_file

    state = json.loads((checkpoint / STATE_NAME).read_text(encoding="utf-8"))
    if state.get("model_config") != _jsonable(model_config.to_dict()):
        raise ConfigError(
            f"resume_from: expected a checkpoint of the same model settings, got {checkpoint} "
            f"written with other model settings (max_length, stride, fields, pooling...)."
        )
    if state.get("data_fingerprints", {}).get("train") != fingerprints["train"]:
        raise ConfigError(
            f"resume_from: expected a checkpoint trained on the same (redacted) training data, "
            f"got {checkpoint} whose data fingerprint differs."
        )
    weights = load_file(str(checkpoint / "model.safetensors"), device="cpu")
    model.load_state_dict(weights)
    return state


def _load_checkpoint_optim(
    checkpoint: Path, optimizer: Any, scheduler: Any, accelerator: Any
) -> None:
    optimizer.load_state_dict(load_state(checkpoint / "optimizer"))
    scheduler.load_state_dict(load_state(checkpoint / "scheduler"))


def _restore_rng(checkpoint: Path, rank: int) -> None:
    path = checkpoint / f"rng-{rank}"
    if not path.with_suffix(".json").is_file():
        return
    rng = load_state(path)
    torch.set_rng_state(rng["torch"])
    if "cuda" in rng and torch.cuda.is_available():
        torch.cuda.set_rng_state(rng["cuda"])


# ---- calibration, operating points, outputs -------------------------------------------------
def _calibrate(
    config: TrainingConfig,
    labels: Sequence[str],
    val_y: np.ndarray,
    val_logits: np.ndarray,
    test_logits: np.ndarray,
) -> tuple[dict[str, Any], dict[str, Any], np.ndarray, np.ndarray]:
    """Per-label calibrators fitted on validation logits; calibrated val/test probabilities."""
    val_probs = 1.0 / (1.0 + np.exp(-val_logits))
    test_probs = 1.0 / (1.0 + np.exp(-test_logits))
    if config.calibration == "none":
        return {}, {}, val_probs, test_probs
    from referral_nlp.evaluation.calibration import fit_best_calibrator

    calibrators: dict[str, Any] = {}
    selections: dict[str, Any] = {}
    for j, label in enumerate(labels):
        known = ~np.isnan(val_y[:, j])
        selection = fit_best_calibrator(
            val_y[known, j].astype(int),
            val_logits[known, j],
            method=config.calibration,
            kind="logit",
            seed=config.seed,
        )
        calibrators[label] = selection.calibrator
        selections[label] = selection.to_dict()
        val_probs[:, j] = selection.calibrator.transform(val_logits[:, j])
        test_probs[:, j] = selection.calibrator.transform(test_logits[:, j])
    return calibrators, selections, val_probs, test_probs


def _operating_points(
    config: TrainingConfig, labels: Sequence[str], val_y: np.ndarray, val_probs: np.ndarray
) -> dict[str, Any]:
    from referral_nlp.evaluation.operating_points import (
        threshold_for_capacity,
        threshold_for_precision,
    )

    out: dict[str, Any] = {}
    for j, label in enumerate(labels):
        known = ~np.isnan(val_y[:, j])
        y, p = val_y[known, j].astype(int), np.clip(val_probs[known, j], 0.0, 1.0)
        points = (
            threshold_for_precision(y, p, config.precision_target),
            threshold_for_capacity(p, config.capacity_fraction, y=y),
        )
        out[label] = {
            "points": {point.name: point.to_dict() for point in points},
            "base_rate": float(y.mean()),
        }
    return {
        "format": OPERATING_POINTS_FORMAT,
        "version": 1,
        "split": "validation",
        "scores": "calibrated probability" if config.calibration != "none" else "raw probability",
        "settings": {
            "precision_target": config.precision_target,
            "capacity_fraction": config.capacity_fraction,
        },
        "labels": out,
    }


def _prediction_rows(
    ids: Sequence[Any],
    labels: Sequence[str],
    y: np.ndarray,
    logits: np.ndarray,
    probs: np.ndarray,
    calibrators: Mapping[str, Any],
) -> list[dict[str, Any]]:
    """One row per case: id, true labels and scores (no text)."""
    rows = []
    for i, case_id in enumerate(ids):
        row: dict[str, Any] = {"id": case_id}
        for j, label in enumerate(labels):
            row[label] = None if np.isnan(y[i, j]) else int(y[i, j])
            row[f"{label}_logit"] = float(logits[i, j])
            row[f"{label}_raw_probability"] = float(1.0 / (1.0 + np.exp(-logits[i, j])))
            row[f"{label}_probability"] = float(probs[i, j])
        row["calibrated"] = bool(calibrators)
        rows.append(row)
    return rows


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return _jsonable(obj.tolist())
    if isinstance(obj, bool | np.bool_):
        return bool(obj)
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        return float(obj) if math.isfinite(obj) else None
    if isinstance(obj, Path):
        return str(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return _jsonable(dataclasses.asdict(obj))
    return obj


def _fmt(values: Mapping[str, float]) -> str:
    return ", ".join(f"{k} {v:.4f}" for k, v in values.items())
