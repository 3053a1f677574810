"""The risk model: the pretrained transformer over each sentence, a note head over them.

Shape of the computation, for a batch of ``N`` notes holding ``U`` distinct sentences::

    sentences [U, T] -> encoder -> mean over tokens -> sentence vectors [U, H]
    sentence vectors, sentence_index [N, S], structured [N, D] -> NoteHead -> logits [N, L]

(:mod:`.note_head` explains the head; :mod:`.sentences` what a sentence is.) On a CPU the
encoder stays frozen and the head trains over cached sentence vectors; on a GPU the encoder is
fine-tuned through the head. The artefact also carries the n-gram component and the blend
that combine with this module's logits (:mod:`.hybrid`); this module is the transformer part.

Artefacts are safetensors + JSON only; ``load_pretrained`` verifies the sha256 manifest first.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from referral_nlp.artifacts import (
    CONFIG_NAME,
    ENCODER_DIR,
    STRUCTURED_ENCODER_NAME,
    TOKENIZER_DIR,
    WEIGHTS_NAME,
    library_versions,
    verify_manifest,
    write_manifest,
)
from referral_nlp.data.schema import LABELS
from referral_nlp.errors import UserError
from referral_nlp.io import atomic_writer, write_json
from referral_nlp.modeling.base_model import resolve_base_model
from referral_nlp.modeling.note_head import note_head
from referral_nlp.modeling.sentence_encoder import masked_mean
from referral_nlp.scratch import release, scratch_folder

logger = logging.getLogger(__name__)

MODEL_CONFIG_FORMAT = "referral-nlp-model-config"
#: 2: sentence model (note head over sentence vectors). 1 was the window model.
MODEL_CONFIG_VERSION = 2
#: Sentences per encoder pass in ``sentence_vectors``: small enough that a pass over
#: length-sorted rows pads little, large enough to keep a GPU's matrices busy.
ROWS_PER_PASS = 128


def encoder_passes(
    lengths: Sequence[int], padded_width: int, rows_per_pass: int = ROWS_PER_PASS
) -> list[tuple[int, int, int]]:
    """``(start, end, width)`` of each encoder pass over rows of these real lengths: at most
    ``rows_per_pass`` rows, cut to their longest rounded up to a multiple of 8 (tensor cores),
    never past the padded width given."""
    passes = []
    for start in range(0, len(lengths), rows_per_pass):
        end = min(start + rows_per_pass, len(lengths))
        longest = max(max(lengths[start:end]), 1)
        passes.append((start, end, min(math.ceil(longest / 8) * 8, padded_width)))
    return passes


@dataclasses.dataclass
class ModelConfig:
    """Everything needed to rebuild the model around an encoder (stored as model_config.json).

    ``base_model`` is what the user asked for (kept for the model card); the artefact carries
    the encoder's own config, so loading never needs the base model again. ``max_tokens`` is
    the tokens per sentence (special tokens included); ``max_sentences`` the positions the head
    tells apart (later sentences share the last one).
    """

    base_model: str = "default"
    max_tokens: int = 64
    structured_dim: int = 0
    hidden: int = 128
    context_layers: int = 1
    context_heads: int = 4
    max_sentences: int = 128
    dropout: float = 0.2
    head_members: int = 1
    labels: tuple[str, ...] = LABELS
    text_fields: tuple[str, ...] = ("text",)
    attn_implementation: str | None = "sdpa"
    #: The sentence encoder's arithmetic the head was trained on where it is not float32
    #: (``"onnx-int8"``); None: float32 (torch and ONNX Runtime agree to 1e-4). A model is
    #: scored with the vectors it learnt from, so its predictor uses this backend.
    frozen_encoder_backend: str | None = None

    def __post_init__(self) -> None:
        self.labels = tuple(self.labels)
        self.text_fields = tuple(self.text_fields)
        if self.max_tokens < 8:
            raise ValueError(f"max_tokens: must be at least 8, got {self.max_tokens}.")
        if self.structured_dim < 0 or self.hidden < 1:
            raise ValueError("structured_dim must be >= 0 and hidden >= 1.")
        if self.context_layers < 0 or self.context_heads < 1:
            raise ValueError("context_layers must be >= 0 and context_heads >= 1.")
        if self.hidden % self.context_heads:
            raise ValueError(
                f"hidden: must be a multiple of context_heads ({self.context_heads}), "
                f"got {self.hidden}."
            )
        if self.max_sentences < 1:
            raise ValueError(f"max_sentences: must be at least 1, got {self.max_sentences}.")
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError(f"dropout: must be in [0, 1), got {self.dropout}.")
        if self.head_members < 1:
            raise ValueError(f"head_members: must be at least 1, got {self.head_members}.")
        if not self.labels or len(set(self.labels)) != len(self.labels):
            raise ValueError("labels: need at least one label, each listed once.")
        if "text" not in self.text_fields:
            raise ValueError("text_fields: must include 'text'.")
        if self.frozen_encoder_backend not in (None, "onnx-int8"):
            raise ValueError(
                "frozen_encoder_backend: expected None (float32) or 'onnx-int8', got "
                f"{self.frozen_encoder_backend!r}."
            )

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["labels"] = list(self.labels)
        data["text_fields"] = list(self.text_fields)
        return {"format": MODEL_CONFIG_FORMAT, "version": MODEL_CONFIG_VERSION, **data}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModelConfig:
        if data.get("format", MODEL_CONFIG_FORMAT) != MODEL_CONFIG_FORMAT:
            raise UserError(f"model config: unexpected format {data.get('format')!r}.")
        version = data.get("version", 1)
        if version != MODEL_CONFIG_VERSION:
            raise UserError(
                f"model config: version {version}, this referral-nlp reads version "
                f"{MODEL_CONFIG_VERSION} (the sentence model); the artefact was written by "
                f"{'an older' if version < MODEL_CONFIG_VERSION else 'a newer'} referral-nlp. "
                f"Train it again with this version."
            )
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known - {"format", "version"})
        if unknown:
            raise UserError(
                f"model config: unknown keys {unknown}; the artefact was written by a newer "
                f"referral-nlp."
            )
        return cls(**{k: v for k, v in data.items() if k in known})

    def save(self, path: str | Path) -> None:
        write_json(path, self.to_dict())

    @classmethod
    def load(cls, path: str | Path) -> ModelConfig:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def _encoder_from_config(encoder_config: Any, attn_implementation: str | None) -> nn.Module:
    from transformers import AutoModel

    if attn_implementation:
        try:
            return AutoModel.from_config(encoder_config, attn_implementation=attn_implementation)
        except (ValueError, ImportError) as exc:
            logger.info(
                "attention implementation %s unavailable for %s (%s); using the default",
                attn_implementation,
                type(encoder_config).__name__,
                type(exc).__name__,
            )
    return AutoModel.from_config(encoder_config)


class ReferralRiskModel(nn.Module):
    """Transformer encoder over sentences + :class:`~.note_head.NoteHead` -> logit per label."""

    def __init__(self, config: ModelConfig, encoder: nn.Module) -> None:
        super().__init__()
        self.config = config
        self.encoder = encoder
        enc_cfg = getattr(encoder, "config", None)
        hidden_size = getattr(enc_cfg, "hidden_size", None)
        if not isinstance(hidden_size, int):
            raise UserError("encoder: its config must define hidden_size.")
        max_pos = getattr(enc_cfg, "max_position_embeddings", None)
        if isinstance(max_pos, int) and config.max_tokens > max_pos:
            raise UserError(
                f"max_tokens: {config.max_tokens} exceeds the encoder's "
                f"max_position_embeddings {max_pos}."
            )
        self.hidden_size = hidden_size
        # The encoder's own pooler ([CLS] -> dense -> tanh) is unused: freeze it so it gets no
        # optimiser state and distributed training needs no find_unused_parameters. It stays in
        # the state dict, so checkpoints keep the encoder's layout.
        pooler = getattr(encoder, "pooler", None)
        if isinstance(pooler, nn.Module):
            pooler.requires_grad_(False)
        self.head = note_head(
            config.head_members,
            input_dim=hidden_size,
            hidden=config.hidden,
            n_labels=len(config.labels),
            structured_dim=config.structured_dim,
            context_layers=config.context_layers,
            context_heads=config.context_heads,
            max_sentences=config.max_sentences,
            dropout=config.dropout,
        )

    # ---- construction --------------------------------------------------------------------
    @classmethod
    def from_config(
        cls, config: ModelConfig, encoder_config: Any | None = None
    ) -> ReferralRiskModel:
        """A randomly initialised model (tests, or training from scratch).

        ``encoder_config`` is a transformers ``PretrainedConfig``; without it, the base model's
        config is read (no weights are loaded).
        """
        if encoder_config is None:
            from transformers import AutoConfig

            encoder_config = AutoConfig.from_pretrained(resolve_base_model(config.base_model))
        return cls(config, _encoder_from_config(encoder_config, config.attn_implementation))

    @classmethod
    def from_base_model(cls, config: ModelConfig) -> ReferralRiskModel:
        """The model to train: pretrained encoder weights, a freshly initialised head."""
        from transformers import AutoModel

        source = resolve_base_model(config.base_model)
        kwargs: dict[str, Any] = {}
        if config.attn_implementation:
            kwargs["attn_implementation"] = config.attn_implementation
        try:
            encoder = AutoModel.from_pretrained(source, **kwargs)
        except (ValueError, ImportError):
            if not kwargs:
                raise
            logger.info(
                "attention implementation %s unavailable; using the default",
                config.attn_implementation,
            )
            encoder = AutoModel.from_pretrained(source)
        # Train in float32 whatever dtype the checkpoint was stored in; mixed precision is
        # the training loop's job (autocast), not the weights'.
        encoder = encoder.float()
        logger.info("loaded base model %s (%s)", config.base_model, type(encoder).__name__)
        return cls(config, encoder)

    # ---- forward -------------------------------------------------------------------------
    def sentence_vectors(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        max_sentences_per_pass: int | None = None,
    ) -> torch.Tensor:
        """Mean-pooled encoder vectors ``[U, H]``; ``max_sentences_per_pass`` bounds memory.

        The rows go through the encoder ``ROWS_PER_PASS`` at a time (fewer when
        ``max_sentences_per_pass`` says so), each pass cut to its own longest sentence: with
        rows sorted by length (the training collator sorts them) most padding never reaches
        the encoder. Right padding only, so cutting it changes no real token's output.
        """
        step = min(max_sentences_per_pass or ROWS_PER_PASS, ROWS_PER_PASS)
        lengths = attention_mask.sum(dim=1).tolist()  # one device sync for every pass
        parts = []
        for start, end, width in encoder_passes(lengths, attention_mask.shape[1], step):
            ids, mask = input_ids[start:end, :width], attention_mask[start:end, :width]
            out = self.encoder(input_ids=ids, attention_mask=mask)
            parts.append(masked_mean(out.last_hidden_state, mask))
        if not parts:
            return torch.zeros((0, self.hidden_size), device=input_ids.device)
        return torch.cat(parts, dim=0)

    def forward(
        self,
        input_ids: torch.Tensor | None = None,
        attention_mask: torch.Tensor | None = None,
        sentence_index: torch.Tensor | None = None,
        structured: torch.Tensor | None = None,
        *,
        vectors: torch.Tensor | None = None,
        max_sentences_per_pass: int | None = None,
        members: bool = False,
    ) -> torch.Tensor:
        """Logits ``[N, L]`` of the transformer part (``members``: each head's, ``[K, N, L]``).

        From tokenised sentences (``input_ids``, ``attention_mask``: the encoder runs), or from
        sentence ``vectors`` already computed (a frozen encoder's cache: the encoder does not
        run). ``sentence_index[n, s]`` is the row of note ``n``'s ``s``-th sentence, -1 past
        its end.
        """
        if sentence_index is None:
            raise ValueError("sentence_index: required.")
        if vectors is None:
            if input_ids is None or attention_mask is None:
                raise ValueError("input_ids and attention_mask, or vectors: one is required.")
            vectors = self.sentence_vectors(input_ids, attention_mask, max_sentences_per_pass)
        return self.logits_from_vectors(vectors, sentence_index, structured, members=members)

    def logits_from_vectors(
        self,
        vectors: torch.Tensor,
        sentence_index: torch.Tensor,
        structured: torch.Tensor | None = None,
        *,
        members: bool = False,
    ) -> torch.Tensor:
        """Logits ``[N, L]`` from sentence vectors (cached ones, or ones just computed); with
        ``members``, each head's ``[K, N, L]`` (K = 1 without an ensemble)."""
        if self.config.structured_dim > 0:
            if structured is None:
                raise ValueError(
                    f"structured: the model expects {self.config.structured_dim} structured "
                    f"features per note."
                )
            expected = (sentence_index.shape[0], self.config.structured_dim)
            if tuple(structured.shape) != expected:
                raise ValueError(
                    f"structured: expected shape {expected}, got {tuple(structured.shape)}."
                )
        return self.head(vectors, sentence_index, structured, members=members)

    # ---- persistence ---------------------------------------------------------------------
    def _state_for_saving(self) -> dict[str, torch.Tensor]:
        # safetensors refuses tensors that share memory (tied weights); give each its own copy.
        seen: set[int] = set()
        state = {}
        for name, tensor in self.state_dict().items():
            tensor = tensor.detach().to("cpu").contiguous()
            storage = tensor.untyped_storage().data_ptr()
            if storage in seen:
                tensor = tensor.clone()
            else:
                seen.add(storage)
            state[name] = tensor
        return state

    def save_pretrained(
        self,
        directory: str | Path,
        *,
        tokenizer: Any | None = None,
        structured_encoder: Any | None = None,
        extra_json: Mapping[str, Any] | None = None,
        overwrite: bool = False,
    ) -> Path:
        """Write a complete, verified artefact directory, atomically.

        Files: ``model.safetensors`` (the whole module's state dict), ``model_config.json``,
        ``encoder/config.json``, ``tokenizer/`` (when given), ``structured_encoder.json``
        (when given), one JSON file per ``extra_json`` entry (``{"calibration.json": {...}}``)
        and ``manifest.json`` last. Everything is written to a temporary sibling and renamed
        into place, so a crash never leaves a half-written artefact. An existing artefact is
        replaced only with ``overwrite=True``, and only if it has a manifest (so a mistyped
        path never deletes an unrelated folder).
        """
        from safetensors.torch import save_file

        directory = Path(directory)
        if directory.exists():
            if not directory.is_dir():
                raise FileExistsError(f"{directory}: exists and is not a directory.")
            if any(directory.iterdir()):
                if not overwrite:
                    raise FileExistsError(
                        f"{directory}: not empty; pass overwrite=True to replace an artefact."
                    )
                if not (directory / "manifest.json").is_file():
                    raise FileExistsError(
                        f"{directory}: not empty and not a referral-nlp artefact (no "
                        f"manifest.json); refusing to replace it."
                    )
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = scratch_folder(directory.parent, directory.name, ".tmp")
        try:
            save_file(self._state_for_saving(), str(tmp / WEIGHTS_NAME), metadata={"format": "pt"})
            self.config.save(tmp / CONFIG_NAME)
            self.encoder.config.save_pretrained(str(tmp / ENCODER_DIR))
            if tokenizer is not None:
                tokenizer.save_pretrained(str(tmp / TOKENIZER_DIR))
            if structured_encoder is not None:
                if structured_encoder.dim != self.config.structured_dim:
                    raise ValueError(
                        f"structured_encoder: produces {structured_encoder.dim} features, the "
                        f"model expects {self.config.structured_dim}."
                    )
                structured_encoder.save(tmp / STRUCTURED_ENCODER_NAME)
            for name, payload in (extra_json or {}).items():
                if Path(name).name != name or not name.endswith(".json"):
                    raise ValueError(f"extra_json: {name!r} must be a bare *.json file name.")
                text = json.dumps(payload)
                if len(text) < 1_000_000:  # indented for a reader; large tables stay compact
                    text = json.dumps(payload, indent=2)
                with atomic_writer(tmp / name) as fh:
                    fh.write(text + "\n")
            write_manifest(
                tmp,
                metadata={
                    "model_class": type(self).__name__,
                    "base_model": self.config.base_model,
                    "library_versions": library_versions(),
                },
            )
            if directory.exists():
                backup = Path(
                    tempfile.mkdtemp(
                        prefix=f".{directory.name}.", suffix=".old", dir=directory.parent
                    )
                )
                os.replace(directory, backup / "artefact")
                os.replace(tmp, directory)
                shutil.rmtree(backup, ignore_errors=True)
            else:
                os.replace(tmp, directory)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        finally:
            release(tmp)
        logger.info("saved model artefact to %s", directory)
        return directory

    @classmethod
    def load_pretrained(
        cls,
        directory: str | Path,
        *,
        device: str | torch.device = "cpu",
        verify: bool = True,
        attn_implementation: str | None = None,
    ) -> ReferralRiskModel:
        """Load an artefact written by :meth:`save_pretrained`, checking its manifest first.

        The encoder is rebuilt from ``encoder/config.json`` and every weight comes from
        ``model.safetensors``: the base model is not needed and nothing is downloaded.
        ``verify=False`` is only for callers that have just verified the same directory.
        """
        from safetensors.torch import load_file
        from transformers import AutoConfig

        directory = Path(directory)
        if verify:
            verify_manifest(directory)
        config = ModelConfig.load(directory / CONFIG_NAME)
        if attn_implementation is not None:
            config = dataclasses.replace(config, attn_implementation=attn_implementation)
        encoder_config = AutoConfig.from_pretrained(str(directory / ENCODER_DIR))
        model = cls(config, _encoder_from_config(encoder_config, config.attn_implementation))
        state = load_file(str(directory / WEIGHTS_NAME), device="cpu")
        result = model.load_state_dict(state, strict=False)
        if result.missing_keys or result.unexpected_keys:
            raise UserError(
                f"{directory / WEIGHTS_NAME}: weights do not fit the model described by "
                f"{CONFIG_NAME} (missing {result.missing_keys[:3]}, unexpected "
                f"{result.unexpected_keys[:3]}); the artefact is inconsistent, re-train it."
            )
        model.to(device)
        model.eval()
        return model


def load_tokenizer(directory: str | Path) -> Any:
    """The tokenizer saved inside an artefact (or any local model directory)."""
    from transformers import AutoTokenizer

    path = Path(directory)
    if (path / TOKENIZER_DIR).is_dir():
        path = path / TOKENIZER_DIR
    return AutoTokenizer.from_pretrained(str(path))


def multitask_bce_loss(
    logits: torch.Tensor,
    labels: torch.Tensor,
    label_mask: torch.Tensor | None = None,
    pos_weight: torch.Tensor | Sequence[float] | None = None,
    head_weights: torch.Tensor | Sequence[float] | None = None,
) -> torch.Tensor:
    """Binary cross-entropy per head, averaged over the notes whose label is known.

    ``label_mask`` (1 = known) lets a case with one outcome not yet observable still train the
    other head. ``pos_weight`` (one per head) up-weights the positives of a rare outcome; see
    :func:`pos_weight_from_labels`. The result is the (``head_weights``-weighted) mean over heads
    that have at least one known label in the batch.
    """
    if logits.shape != labels.shape:
        raise ValueError(f"labels: shape {tuple(labels.shape)} != logits {tuple(logits.shape)}.")
    labels = labels.to(logits.dtype)
    mask = torch.ones_like(labels) if label_mask is None else label_mask.to(logits.dtype)
    pw = None
    if pos_weight is not None:
        pw = torch.as_tensor(pos_weight, dtype=logits.dtype, device=logits.device)
    per = F.binary_cross_entropy_with_logits(logits, labels, pos_weight=pw, reduction="none")
    known = mask.sum(dim=0)
    per_head = (per * mask).sum(dim=0) / known.clamp(min=1.0)
    weights = (
        torch.ones_like(per_head)
        if head_weights is None
        else torch.as_tensor(head_weights, dtype=logits.dtype, device=logits.device)
    )
    weights = weights * (known > 0).to(logits.dtype)
    return (per_head * weights).sum() / weights.sum().clamp(min=1e-12)


def pos_weight_from_labels(
    labels: torch.Tensor, label_mask: torch.Tensor | None = None, max_weight: float = 50.0
) -> torch.Tensor:
    """``negatives / positives`` per head from training labels, capped at ``max_weight``.

    Balances each head's loss; the cap keeps a head with a handful of positives from producing
    huge gradients. Calibration afterwards maps the shifted scores back to probabilities.
    """
    labels = labels.to(torch.float32)
    mask = torch.ones_like(labels) if label_mask is None else label_mask.to(torch.float32)
    positives = (labels * mask).sum(dim=0)
    negatives = ((1 - labels) * mask).sum(dim=0)
    return (negatives / positives.clamp(min=1.0)).clamp(min=1.0 / max_weight, max=max_weight)
