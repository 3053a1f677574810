"""The typed training configuration: one dataclass, named profiles, a YAML/JSON file, CLI flags.

Values are merged in this order, later ones winning::

    dataclass defaults < PROFILES[profile] < config file (--config) < command-line flags

``profile`` itself may come from the file or a flag (``--profile gpu``). Every value is checked
before any data is read: an unknown key (a typo in the file or a flag) or an impossible value
raises :class:`ConfigError`, a ``UserError`` whose message names the key, what was expected and
what was given. Field help lives in the field metadata (as in transformers'
``run_classification.py``): the ``--help`` of ``referral-nlp train`` and ``training/train.py``.

The profiles (``cpu-quick``, the default and the model the main job trains and serves: a frozen
encoder, cached sentence vectors, the note head over all training records; ``gpu`` and
``multi-gpu``: the encoder fine-tuned end to end) are written once, in :mod:`.profiles`; their
launch commands are in ``training/README.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from referral_nlp.data.schema import (
    MODEL_STRUCTURED_FIELDS,
    STRUCTURED_FIELDS,
    TEXT_FIELDS,
)
from referral_nlp.errors import UserError
from referral_nlp.modeling.training.profiles import DEFAULT_PROFILE, PROFILES

CALIBRATION_METHODS = ("auto", "temperature", "isotonic", "none")
ENCODER_BACKENDS = ("auto", "torch", "onnx", "onnx-int8")
ATTN_IMPLEMENTATIONS = ("sdpa", "eager", "flash_attention_2")


class ConfigError(UserError):
    """A training config key is unknown or its value impossible (the message names the key)."""


def _help(text: str, **extra: Any) -> dict[str, Any]:
    return {"help": text, **extra}


@dataclass
class TrainingConfig:
    """Everything one training run needs; see the module docstring for how values are merged."""

    # ---- data -----------------------------------------------------------------------------
    data_dir: str | None = field(
        default=None,
        metadata=_help(
            "Directory with train/validation/test (.jsonl, .parquet or .csv), e.g. the output "
            "of `referral-nlp synth`. Required to train.",
            metavar="DIR",
        ),
    )
    mapping: str | None = field(
        default=None,
        metadata=_help(
            "Column-mapping file (YAML/JSON) for a council export with its own names.",
            metavar="FILE",
        ),
    )
    output_dir: str = field(
        default="runs/train",
        metadata=_help(
            "Where the run writes model/ (the artefact), predictions/, checkpoints/ and "
            "train_log.jsonl.",
            metavar="DIR",
        ),
    )
    overwrite_output_dir: bool = field(
        default=False,
        metadata=_help("Replace an existing model/ artefact in output_dir (else it is refused)."),
    )
    text_fields: tuple[str, ...] = field(
        default=("text",),
        metadata=_help(
            f"Text fields joined into the note the model reads; must include 'text' "
            f"(choices: {', '.join(TEXT_FIELDS)})."
        ),
    )
    structured_fields: tuple[str, ...] = field(
        default=MODEL_STRUCTURED_FIELDS,
        metadata=_help(
            "Structured fields encoded as model inputs (default: all but the protected "
            "characteristics). 'none' for a text-only model."
        ),
    )
    limit_train: int | None = field(
        default=None,
        metadata=_help(
            "Train on a random subset of this many training records (quick runs); validation "
            "and test are always used whole."
        ),
    )
    # ---- redaction ------------------------------------------------------------------------
    already_redacted: bool = field(
        default=False,
        metadata=_help(
            "The input text is already redacted: skip redaction (a warning is logged). Without "
            "it the text is always redacted before tokenisation."
        ),
    )
    redaction_config: str | None = field(
        default=None,
        metadata=_help(
            "Redaction config file (YAML/JSON); default settings if unset.", metavar="FILE"
        ),
    )
    redaction_cache_dir: str | None = field(
        default="runs/redaction-cache",
        metadata=_help(
            "Cache of the redacted corpus, keyed by input file sha256, redaction config and "
            "versions; 'none' to redact every time.",
            metavar="DIR",
        ),
    )
    # ---- model ----------------------------------------------------------------------------
    base_model: str = field(
        default="default",
        metadata=_help(
            "Encoder the model is built on: 'default' (the packaged all-MiniLM-L6-v2), a local "
            "model directory, or a cached hub id.",
            metavar="DIR_OR_ID",
        ),
    )
    profile: str = field(
        default=DEFAULT_PROFILE,
        metadata=_help("Named defaults: cpu-quick, gpu or multi-gpu (flags and file override)."),
    )
    max_tokens: int = field(
        default=64,
        metadata=_help("Tokens per sentence given to the encoder, special tokens included."),
    )
    head_hidden: int = field(default=128, metadata=_help("Width of the note head."))
    context_layers: int = field(
        default=1,
        metadata=_help(
            "Transformer layers over each note's sentence vectors (0: sentences are read alone)."
        ),
    )
    context_heads: int = field(
        default=4, metadata=_help("Attention heads of those layers (divides head_hidden).")
    )
    max_sentences: int = field(
        default=128,
        metadata=_help("Sentence positions the head tells apart (later ones share the last)."),
    )
    dropout: float = field(default=0.2, metadata=_help("Dropout in the note head."))
    head_members: int = field(
        default=1,
        metadata=_help(
            "Note heads trained side by side on their own losses, the logit their mean (an "
            "ensemble: steadier and usually better than one head, at K times the head's "
            "training time; the encoder and its cached vectors are shared)."
        ),
    )
    sentence_dropout: float = field(
        default=0.0,
        metadata=_help(
            "Training only: the chance that each sentence of a note is hidden from the head in "
            "a step (a note keeps at least one). Each sentence's contribution then has to "
            "carry its own evidence. 0 turns it off."
        ),
    )
    attn_implementation: str = field(
        default="sdpa",
        metadata=_help("Encoder attention kernel: sdpa, eager or flash_attention_2."),
    )
    freeze_layers: int = field(
        default=0,
        metadata=_help(
            "When fine-tuning, freeze the encoder's embeddings and its first N transformer layers."
        ),
    )
    ngram: bool = field(
        default=True,
        metadata=_help(
            "Blend an n-gram component (TF-IDF 1-3 grams with negation scope marked + "
            "structured fields, logistic regression) with the transformer (the hybrid); "
            "--no-ngram ships the transformer alone."
        ),
    )
    blend_across_labels: bool = field(
        default=True,
        metadata=_help("Each label's blend reads every label's logits (baselines get the same)."),
    )
    share_label_weights: bool = field(default=True, metadata=_help(
        "Also fit the n-gram part's labels in one regression sharing most weights (the rarer "
        "borrows the other's evidence); validation picks per label, baselines get the same."
    ))  # fmt: skip
    embedding_cache_dir: str | None = field(
        default="runs/embedding-cache",
        metadata=_help(
            "Cache of frozen-encoder sentence vectors (used when encoder_lr is 0), keyed by "
            "encoder, tokenizer, settings and redaction config; 'none' to encode every time.",
            metavar="DIR",
        ),
    )
    encoder_backend: str = field(
        default="auto",
        metadata=_help(
            "Arithmetic of the frozen encoder: auto (ONNX Runtime on a CPU where installed), "
            "torch, onnx, or onnx-int8 (int8 ONNX Runtime, one sentence per pass: 1.7x faster "
            "on a CPU; the model is then served with the same int8 vectors it learnt from)."
        ),
    )
    min_train_records: int = field(
        default=200,
        metadata=_help("Refuse to train on fewer training records (too few to fit the recipe)."),
    )
    min_positives: int = field(
        default=20,
        metadata=_help("Refuse to train when a label has fewer positive training records."),
    )
    # ---- optimisation ---------------------------------------------------------------------
    epochs: int = field(default=8, metadata=_help("Passes over the training data."))
    max_steps: int | None = field(
        default=None,
        metadata=_help("Stop after this many optimiser steps (overrides epochs when reached)."),
    )
    batch_size: int = field(
        default=32,
        metadata=_help(
            "Notes per device per micro-batch (a fine-tuned encoder sees every distinct sentence "
            "of them); the global batch is batch_size x grad_accum x processes."
        ),
    )
    eval_batch_size: int | None = field(
        default=None, metadata=_help("Notes per device per evaluation batch (default 2 x batch).")
    )
    grad_accum: int = field(
        default=1, metadata=_help("Micro-batches accumulated per optimiser step.")
    )
    lr: float = field(default=5e-4, metadata=_help("Learning rate of the note head."))
    encoder_lr: float = field(
        default=0.0,
        metadata=_help(
            "Learning rate of the transformer encoder; 0 freezes it (its sentence vectors are "
            "then computed once and cached)."
        ),
    )
    weight_decay: float = field(
        default=0.05, metadata=_help("AdamW weight decay (not on biases and LayerNorm).")
    )
    warmup_ratio: float = field(
        default=0.1, metadata=_help("Share of the steps with linear learning-rate warm-up.")
    )
    max_grad_norm: float = field(
        default=1.0, metadata=_help("Gradient clipping norm (0 = no clipping).")
    )
    pos_weight: bool = field(
        default=True,
        metadata=_help("Weight each head's positives by negatives/positives (rare escalation)."),
    )
    seed: int = field(default=13, metadata=_help("Random seed (data order, subset, init)."))
    # ---- hardware -------------------------------------------------------------------------
    bf16: bool = field(
        default=False,
        metadata=_help("bf16 autocast on CUDA (ignored with a warning on CPU)."),
    )
    compile: bool = field(
        default=False,
        metadata=_help(
            "torch.compile the encoder (CUDA; the first steps are slow while it compiles)."
        ),
    )
    gradient_checkpointing: bool = field(
        default=False,
        metadata=_help("Recompute encoder activations in backward: less memory, ~30% slower."),
    )
    group_by_length: bool = field(
        default=False,
        metadata=_help(
            "Batch notes of similar token counts together (less padding; batches are padded "
            "dynamically to their longest sentence)."
        ),
    )
    num_workers: int = field(default=0, metadata=_help("DataLoader worker processes."))
    num_threads: int | None = field(
        default=None, metadata=_help("torch CPU threads (default: torch's own choice).")
    )
    peak_tflops: float | None = field(
        default=None,
        metadata=_help(
            "Peak bf16 dense TFLOPS per GPU for model FLOPs utilisation (default: detected for "
            "H100, H200, A100, L40S, L4, A10; MFU is not reported for other devices)."
        ),
    )
    # ---- evaluation, logging, checkpoints -------------------------------------------------
    eval_every: int = field(
        default=0,
        metadata=_help("Validate every N optimiser steps (0 = at the end of each epoch)."),
    )
    early_stopping_patience: int = field(
        default=0,
        metadata=_help(
            "Stop after this many validations without a better mean AUROC (0 = never stop early)."
        ),
    )
    log_every: int = field(default=10, metadata=_help("Log loss and throughput every N steps."))
    save_every: int = field(
        default=0,
        metadata=_help(
            "Write a resume checkpoint every N optimiser steps (0 = at the end of each epoch)."
        ),
    )
    save_total_limit: int = field(
        default=2, metadata=_help("Resume checkpoints kept (oldest removed first).")
    )
    resume_from: str | None = field(
        default=None,
        metadata=_help(
            "Resume from a checkpoint directory, or 'latest' in output_dir/checkpoints.",
            metavar="CHECKPOINT",
        ),
    )
    progress: bool = field(default=True, metadata=_help("Show progress bars."))
    # ---- calibration and operating points -------------------------------------------------
    calibration: str = field(
        default="auto",
        metadata=_help(
            "Calibration fitted on validation: auto (cross-fitted choice), temperature, "
            "isotonic or none."
        ),
    )
    precision_target: float = field(
        default=0.65,
        metadata=_help("Operating point: lowest validation threshold with this precision."),
    )
    capacity_fraction: float = field(
        default=0.10,
        metadata=_help("Operating point: flag this share of cases (a team's review capacity)."),
    )

    # ---- checks ---------------------------------------------------------------------------
    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, _check_type(f.name, getattr(self, f.name), _HINTS[f.name]))
        self._check_values()

    def _check_values(self) -> None:
        def fail(key: str, expected: str, got: Any) -> None:
            raise ConfigError(f"{key}: expected {expected}, got {got!r}.")

        if self.profile not in PROFILES:
            fail("profile", f"one of {list(PROFILES)}", self.profile)
        if not self.output_dir.strip():
            fail("output_dir", "a directory path", self.output_dir)
        if not self.base_model.strip():
            fail("base_model", "'default', a model directory or a hub id", self.base_model)
        if not 8 <= self.max_tokens <= 512:
            fail("max_tokens", "an integer from 8 to 512", self.max_tokens)
        if self.head_hidden < 1:
            fail("head_hidden", "at least 1", self.head_hidden)
        if self.context_heads < 1 or self.head_hidden % self.context_heads:
            fail("context_heads", f"at least 1 and a divisor of head_hidden ({self.head_hidden})",
                 self.context_heads)  # fmt: skip
        if self.max_sentences < 1:
            fail("max_sentences", "at least 1", self.max_sentences)
        if not 0.0 <= self.dropout < 1.0:
            fail("dropout", "a number in [0, 1)", self.dropout)
        if self.head_members < 1:
            fail("head_members", "at least 1 (1: a single head)", self.head_members)
        if not 0.0 <= self.sentence_dropout < 1.0:
            fail("sentence_dropout", "a number in [0, 1)", self.sentence_dropout)
        if self.encoder_backend not in ENCODER_BACKENDS:
            fail("encoder_backend", f"one of {list(ENCODER_BACKENDS)}", self.encoder_backend)
        if self.encoder_backend == "onnx-int8" and self.encoder_lr != 0:
            fail(
                "encoder_backend",
                f"auto, torch or onnx when the encoder trains (encoder_lr {self.encoder_lr}): "
                "onnx-int8, the cpu-quick default, only computes a frozen encoder's vectors; "
                "pass --encoder-backend onnx to fine-tune, or --encoder-lr 0",
                self.encoder_backend,
            )
        if self.min_train_records < 2:
            fail("min_train_records", "at least 2", self.min_train_records)
        if self.min_positives < 1:
            fail("min_positives", "at least 1", self.min_positives)
        if self.attn_implementation not in ATTN_IMPLEMENTATIONS:
            fail(
                "attn_implementation",
                f"one of {list(ATTN_IMPLEMENTATIONS)}",
                self.attn_implementation,
            )
        if self.epochs < 1:
            fail("epochs", "at least 1", self.epochs)
        if self.max_steps is not None and self.max_steps < 1:
            fail("max_steps", "at least 1, or none", self.max_steps)
        for key in ("batch_size", "grad_accum", "log_every", "save_total_limit"):
            if getattr(self, key) < 1:
                fail(key, "at least 1", getattr(self, key))
        if self.eval_batch_size is not None and self.eval_batch_size < 1:
            fail("eval_batch_size", "at least 1, or none", self.eval_batch_size)
        if not 0.0 < self.lr < 1.0:
            fail("lr", "a learning rate in (0, 1)", self.lr)
        if not 0.0 <= self.encoder_lr < 1.0:
            fail("encoder_lr", "a learning rate in [0, 1) (0 freezes the encoder)", self.encoder_lr)
        if self.weight_decay < 0:
            fail("weight_decay", "a number >= 0", self.weight_decay)
        if not 0.0 <= self.warmup_ratio < 1.0:
            fail("warmup_ratio", "a share in [0, 1)", self.warmup_ratio)
        if self.max_grad_norm < 0:
            fail("max_grad_norm", "a number >= 0 (0 = no clipping)", self.max_grad_norm)
        for key in (
            "eval_every",
            "early_stopping_patience",
            "save_every",
            "num_workers",
            "freeze_layers",
            "context_layers",
        ):
            if getattr(self, key) < 0:
                fail(key, "an integer >= 0", getattr(self, key))
        if self.num_threads is not None and self.num_threads < 1:
            fail("num_threads", "at least 1, or none", self.num_threads)
        if self.peak_tflops is not None and self.peak_tflops <= 0:
            fail("peak_tflops", "a positive number of TFLOPS, or none", self.peak_tflops)
        if "text" not in self.text_fields:
            fail("text_fields", "a list that includes 'text'", list(self.text_fields))
        for name in self.text_fields:
            if name not in TEXT_FIELDS:
                fail("text_fields", f"names from {list(TEXT_FIELDS)}", name)
        if len(set(self.text_fields)) != len(self.text_fields):
            fail("text_fields", "each field once", list(self.text_fields))
        for name in self.structured_fields:
            if name not in STRUCTURED_FIELDS:
                fail("structured_fields", f"names from {list(STRUCTURED_FIELDS)}", name)
        if len(set(self.structured_fields)) != len(self.structured_fields):
            fail("structured_fields", "each field once", list(self.structured_fields))
        if self.limit_train is not None and self.limit_train < 2:
            fail("limit_train", "at least 2 records (both classes), or none", self.limit_train)
        if not 0 <= self.seed < 2**32:  # numpy's and torch's seeds
            fail("seed", "a whole number from 0 to 4294967295", self.seed)
        if self.calibration not in CALIBRATION_METHODS:
            fail("calibration", f"one of {list(CALIBRATION_METHODS)}", self.calibration)
        if not 0.0 < self.precision_target <= 1.0:
            fail("precision_target", "a precision in (0, 1]", self.precision_target)
        if not 0.0 < self.capacity_fraction <= 1.0:
            fail("capacity_fraction", "a share in (0, 1]", self.capacity_fraction)
        if self.already_redacted and self.redaction_config is not None:
            raise ConfigError(
                f"redaction_config: expected none when already_redacted is true (nothing is "
                f"redacted), got {self.redaction_config!r}."
            )
        one_validation = self.epochs == 1 and self.eval_every == 0 and self.max_steps is None
        if self.early_stopping_patience and one_validation:
            raise ConfigError(
                f"early_stopping_patience: expected 0 with one epoch and eval_every 0 (only one "
                f"validation happens, nothing can stop early), got {self.early_stopping_patience}."
            )

    # ---- conversion -----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values (tuples become lists)."""
        return {
            f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v
            for f in dataclasses.fields(self)
        }

    def replace(self, **changes: Any) -> TrainingConfig:
        """A copy with some values changed, checked again."""
        return TrainingConfig.from_dict({**self.to_dict(), **changes})

    @property
    def effective_eval_batch_size(self) -> int:
        return self.eval_batch_size or 2 * self.batch_size

    @classmethod
    def from_dict(cls, values: Mapping[str, Any], *, source: str | None = None) -> TrainingConfig:
        """Build from a mapping (no profile merging), refusing unknown keys by name."""
        _check_known(values, source)
        try:
            return cls(**dict(values))
        except ConfigError as exc:
            raise ConfigError(f"{source}: {exc}" if source else str(exc)) from None

    @classmethod
    def from_profile(cls, profile: str = DEFAULT_PROFILE, **overrides: Any) -> TrainingConfig:
        """The dataclass defaults, then the profile's values, then ``overrides``."""
        if profile not in PROFILES:
            raise ConfigError(f"profile: expected one of {list(PROFILES)}, got {profile!r}.")
        _check_known(overrides, None)
        return cls.from_dict({**PROFILES[profile], **overrides, "profile": profile})

    @classmethod
    def from_file(cls, path: str | Path, **overrides: Any) -> TrainingConfig:
        """Profile defaults < the YAML/JSON file < ``overrides``; unknown keys fail by name.

        The file is a mapping of config keys (a ``training:`` section is also accepted); it may
        name a ``profile``.
        """
        values = read_config_file(path)
        _check_known(overrides, None)
        merged = {**values, **overrides}
        profile = merged.get("profile", DEFAULT_PROFILE)
        if profile not in PROFILES:
            key = "profile" if "profile" in overrides else f"{path}: profile"
            raise ConfigError(f"{key}: expected one of {list(PROFILES)}, got {profile!r}.")
        try:
            return cls.from_dict({**PROFILES[profile], **merged})
        except ConfigError as exc:
            # Name the file when the bad key came from it.
            bad = str(exc).split(":", 1)[0]
            if bad in values and bad not in overrides:
                raise ConfigError(f"{path}: {exc}") from None
            raise

    @classmethod
    def from_namespace(cls, namespace: argparse.Namespace | Mapping[str, Any]) -> TrainingConfig:
        """From parsed flags (:func:`add_arguments`): profile < ``--config`` file < flags."""
        given = dict(vars(namespace) if isinstance(namespace, argparse.Namespace) else namespace)
        config_path = given.pop("config", None)
        flags = {k: v for k, v in given.items() if k in _FIELD_NAMES}
        if config_path:
            return cls.from_file(config_path, **flags)
        return cls.from_profile(flags.pop("profile", DEFAULT_PROFILE), **flags)

    @classmethod
    def from_args(cls, argv: Sequence[str] | None = None) -> TrainingConfig:
        """Parse command-line flags (``--help`` lists them all with their help)."""
        parser = argparse.ArgumentParser(
            prog="train",
            description="Train the referral risk model (profile < --config file < flags).",
        )
        add_arguments(parser)
        return cls.from_namespace(parser.parse_args(argv))


# ---- type handling --------------------------------------------------------------------------
_HINTS: dict[str, Any] = typing.get_type_hints(TrainingConfig)
_FIELD_NAMES: frozenset[str] = frozenset(f.name for f in dataclasses.fields(TrainingConfig))
_NONE_WORDS = {"none", "null", ""}


def _optional(hint: Any) -> tuple[Any, bool]:
    """``(inner, optional)`` for ``X | None``."""
    args = typing.get_args(hint)
    if (typing.get_origin(hint) in (typing.Union, types.UnionType)) and type(None) in args:
        inner = [a for a in args if a is not type(None)]
        return inner[0], True
    return hint, False


def _describe(hint: Any) -> str:
    inner, optional = _optional(hint)
    name = {int: "an integer", float: "a number", bool: "true or false", str: "a string"}.get(
        inner, "a list of names"
    )
    return f"{name}{' or none' if optional else ''}"


def _check_type(key: str, value: Any, hint: Any) -> Any:
    """The value in its field's type, or a ConfigError naming the key.

    Lenient only where a file format forces it: an integer for a float field (YAML ``lr: 1``),
    a numeric string for a float (PyYAML reads ``5e-5`` as a string) and a list for a tuple.
    """
    inner, optional = _optional(hint)
    if value is None:
        if optional:
            return None
        raise ConfigError(f"{key}: expected {_describe(hint)}, got none.")
    if inner is bool:
        if isinstance(value, bool):
            return value
    elif inner is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif inner is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
    elif inner is str:
        if isinstance(value, str):
            return value
        if isinstance(value, Path):
            return str(value)
    elif typing.get_origin(inner) is tuple:
        if isinstance(value, str):
            raise ConfigError(
                f"{key}: expected a list of names, got the string {value!r} (write a one-item "
                f"list as [{value!r}])."
            )
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(value)
    raise ConfigError(f"{key}: expected {_describe(hint)}, got {value!r}.")


def _check_known(values: Mapping[str, Any], source: str | None) -> None:
    unknown = sorted(set(values) - _FIELD_NAMES)
    if not unknown:
        return
    key = unknown[0]
    close = difflib.get_close_matches(key, sorted(_FIELD_NAMES), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    more = f" and {len(unknown) - 1} more ({', '.join(unknown[1:])})" if len(unknown) > 1 else ""
    prefix = f"{source}: " if source else ""
    raise ConfigError(
        f"{prefix}unknown key {key!r}{hint}{more}; expected training config keys "
        f"(see `referral-nlp train --help`)."
    )


def read_config_file(path: str | Path) -> dict[str, Any]:
    """The mapping in a YAML (.yaml/.yml) or JSON (.json) config file, keys checked."""
    from referral_nlp.io import read_settings_file

    path = Path(path)
    try:
        values = read_settings_file(path, "training config")
    except UserError as exc:
        raise ConfigError(str(exc)) from None
    if set(values) == {"training"} and isinstance(values["training"], Mapping):
        values = values["training"]
    _check_known(values, str(path))
    return dict(values)


# ---- command-line flags ---------------------------------------------------------------------
def _parse_optional(inner: type) -> Any:
    def parse(text: str) -> Any:
        if text.strip().lower() in _NONE_WORDS:
            return None
        return inner(text)

    parse.__name__ = inner.__name__  # argparse names the type in its error messages
    return parse


def _parse_names(text: str) -> tuple[str, ...]:
    if text.strip().lower() in _NONE_WORDS:
        return ()
    return tuple(part.strip() for part in text.split(",") if part.strip())


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add ``--config``, ``--profile`` and one flag per config field to ``parser``.

    Every flag defaults to ``argparse.SUPPRESS``, so the parsed namespace holds only what was
    given on the command line and :meth:`TrainingConfig.from_namespace` can layer it over the
    profile and the file. Booleans have ``--flag``/``--no-flag``; lists are comma-separated;
    ``none`` clears an optional value.
    """
    parser.add_argument(
        "--config",
        default=argparse.SUPPRESS,
        metavar="FILE",
        help="Training config file (YAML or JSON); unknown keys are refused.",
    )
    for f in dataclasses.fields(TrainingConfig):
        flag = "--" + f.name.replace("_", "-")
        hint = _HINTS[f.name]
        inner, optional = _optional(hint)
        kwargs: dict[str, Any] = {
            "dest": f.name,
            "default": argparse.SUPPRESS,
            "help": f.metadata.get("help", "").replace("%", "%%"),  # argparse formats with %
        }
        if f.name == "profile":
            kwargs["choices"] = list(PROFILES)
        elif inner is bool:
            kwargs["action"] = argparse.BooleanOptionalAction
        elif typing.get_origin(inner) is tuple:
            kwargs.update(type=_parse_names, metavar="A,B")
        elif inner in (int, float, str):
            kwargs["type"] = _parse_optional(inner) if optional else inner
            kwargs["metavar"] = (
                f.metadata.get("metavar") or {int: "N", float: "X", str: "VALUE"}[inner]
            )
        parser.add_argument(flag, **kwargs)
    return parser


def profile_table() -> str:
    """A Markdown table of the profiles (what each changes from the defaults)."""
    keys = sorted({k for values in PROFILES.values() for k in values})
    defaults = TrainingConfig()
    rows = ["| key | default | " + " | ".join(PROFILES) + " |"]
    rows.append("|---" * (len(PROFILES) + 2) + "|")
    for key in keys:
        cells = [str(PROFILES[p].get(key, "")) for p in PROFILES]
        rows.append(f"| {key} | {getattr(defaults, key)} | " + " | ".join(cells) + " |")
    return "\n".join(rows)
