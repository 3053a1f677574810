"""The risk model: a transformer over a note's windows, plus structured features, two heads.

Shape of the computation, for a batch of ``N`` notes cut into ``W`` windows::

    windows [W, T] -> encoder -> mean over tokens -> window vectors [W, H]
    window vectors -> pooled per note (attention or mean) -> note vectors [N, H]
    structured [N, D] -> small MLP -> [N, hidden]
    concat -> one head per label -> logits [N, 2]   (columns in ``schema.LABELS`` order)

Why these choices:
- Mean over tokens, not ``[CLS]``: all-MiniLM-L6-v2 (the default) was trained as a sentence
  encoder with mean pooling, so its mean vector is meaningful before any fine-tuning.
- Attention pooling over windows (the default): a long note is mostly routine; a learned score
  per window lets the one window that says "third PPN this month" dominate instead of being
  averaged away, and the weights show a reviewer which part of the note drove the score.
  ``pooling="mean"`` is the simpler, more stable alternative for very small training sets.
- Separate heads on a shared representation: escalation is much rarer than re-referral, and
  a head of its own (with its own ``pos_weight``) keeps it from being swamped.

Artefacts are safetensors + JSON only; ``load_pretrained`` verifies the sha256 manifest first.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from referral_nlp.artifacts import library_versions, verify_manifest, write_manifest
from referral_nlp.data.schema import LABELS
from referral_nlp.io import atomic_writer
from referral_nlp.modeling.base_model import resolve_base_model

logger = logging.getLogger(__name__)

WEIGHTS_NAME = "model.safetensors"
CONFIG_NAME = "model_config.json"
ENCODER_DIR = "encoder"
TOKENIZER_DIR = "tokenizer"
STRUCTURED_ENCODER_NAME = "structured_encoder.json"
CALIBRATION_NAME = "calibration.json"
MODEL_CONFIG_FORMAT = "referral-nlp-model-config"
POOLINGS = ("attention", "mean")


@dataclasses.dataclass
class ModelConfig:
    """Everything needed to rebuild the model around an encoder (stored as model_config.json).

    ``base_model`` is what the user asked for (kept for the model card); the artefact carries
    the encoder's own config, so loading never needs the base model again. ``stride`` is the
    token overlap between windows; ``max_windows`` None means no cap (the whole note is seen).
    """

    base_model: str = "default"
    max_length: int = 256
    stride: int = 64
    max_windows: int | None = None
    structured_dim: int = 0
    hidden: int = 64
    dropout: float = 0.1
    pooling: str = "attention"
    labels: tuple[str, ...] = LABELS
    text_fields: tuple[str, ...] = ("text",)
    attn_implementation: str | None = "sdpa"

    def __post_init__(self) -> None:
        self.labels = tuple(self.labels)
        self.text_fields = tuple(self.text_fields)
        if self.pooling not in POOLINGS:
            raise ValueError(f"pooling: expected one of {list(POOLINGS)}, got {self.pooling!r}.")
        if self.max_length < 8:
            raise ValueError(f"max_length: must be at least 8, got {self.max_length}.")
        if not 0 <= self.stride < self.max_length - 2:
            raise ValueError(f"stride: must be in [0, max_length - 2), got {self.stride}.")
        if self.max_windows is not None and self.max_windows < 1:
            raise ValueError("max_windows: must be at least 1, or None for no cap.")
        if self.structured_dim < 0 or self.hidden < 1:
            raise ValueError("structured_dim must be >= 0 and hidden >= 1.")
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError(f"dropout: must be in [0, 1), got {self.dropout}.")
        if not self.labels or len(set(self.labels)) != len(self.labels):
            raise ValueError("labels: need at least one label, each listed once.")
        if "text" not in self.text_fields:
            raise ValueError("text_fields: must include 'text'.")

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["labels"] = list(self.labels)
        data["text_fields"] = list(self.text_fields)
        return {"format": MODEL_CONFIG_FORMAT, "version": 1, **data}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModelConfig:
        if data.get("format", MODEL_CONFIG_FORMAT) != MODEL_CONFIG_FORMAT:
            raise ValueError(f"model config: unexpected format {data.get('format')!r}.")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known - {"format", "version"})
        if unknown:
            raise ValueError(
                f"model config: unknown keys {unknown}; the artefact was written by a newer "
                f"referral-nlp."
            )
        return cls(**{k: v for k, v in data.items() if k in known})

    def save(self, path: str | Path) -> None:
        with atomic_writer(path) as fh:
            json.dump(self.to_dict(), fh, indent=2)
            fh.write("\n")

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


def masked_mean(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Mean of token vectors over real (unpadded) tokens, in float32 for stability."""
    mask = attention_mask.unsqueeze(-1).to(torch.float32)
    summed = (hidden.to(torch.float32) * mask).sum(dim=1)
    return summed / mask.sum(dim=1).clamp(min=1.0)


def segment_softmax(scores: torch.Tensor, segments: torch.Tensor, n_segments: int) -> torch.Tensor:
    """Softmax of ``scores`` within each segment (the windows of one note)."""
    maxima = torch.full((n_segments,), float("-inf"), dtype=scores.dtype, device=scores.device)
    maxima = maxima.scatter_reduce(0, segments, scores, reduce="amax", include_self=True)
    exp = torch.exp(scores - maxima[segments])
    totals = torch.zeros(n_segments, dtype=scores.dtype, device=scores.device)
    totals = totals.index_add(0, segments, exp)
    return exp / totals[segments]


class ReferralRiskModel(nn.Module):
    """Transformer encoder over note windows + structured-feature MLP -> one logit per label."""

    def __init__(self, config: ModelConfig, encoder: nn.Module) -> None:
        super().__init__()
        self.config = config
        self.encoder = encoder
        enc_cfg = getattr(encoder, "config", None)
        hidden_size = getattr(enc_cfg, "hidden_size", None)
        if not isinstance(hidden_size, int):
            raise ValueError("encoder: its config must define hidden_size.")
        max_pos = getattr(enc_cfg, "max_position_embeddings", None)
        if isinstance(max_pos, int) and config.max_length > max_pos:
            raise ValueError(
                f"max_length: {config.max_length} exceeds the encoder's "
                f"max_position_embeddings {max_pos}."
            )
        self.hidden_size = hidden_size
        # The encoder's own pooler ([CLS] -> dense -> tanh) is unused: freeze it so it gets no
        # optimiser state and distributed training needs no find_unused_parameters. It stays in
        # the state dict, so checkpoints keep the encoder's layout.
        pooler = getattr(encoder, "pooler", None)
        if isinstance(pooler, nn.Module):
            pooler.requires_grad_(False)
        h = config.hidden
        if config.pooling == "attention":
            self.window_attention = nn.Sequential(
                nn.Linear(hidden_size, h), nn.Tanh(), nn.Linear(h, 1)
            )
        fused = hidden_size
        if config.structured_dim > 0:
            self.structured_mlp = nn.Sequential(
                nn.Linear(config.structured_dim, h), nn.GELU(), nn.Dropout(config.dropout)
            )
            fused += h
        self.dropout = nn.Dropout(config.dropout)
        self.heads = nn.ModuleDict(
            {
                label: nn.Sequential(
                    nn.Linear(fused, h), nn.GELU(), nn.Dropout(config.dropout), nn.Linear(h, 1)
                )
                for label in config.labels
            }
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
        """The model to fine-tune: pretrained encoder weights, freshly initialised heads."""
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
        # Fine-tune in float32 whatever dtype the checkpoint was stored in; mixed precision is
        # the training loop's job (autocast), not the weights'.
        encoder = encoder.float()
        logger.info("loaded base model %s (%s)", config.base_model, type(encoder).__name__)
        return cls(config, encoder)

    # ---- forward -------------------------------------------------------------------------
    def encode_windows(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        max_windows_per_pass: int | None = None,
    ) -> torch.Tensor:
        """Mean-pooled encoder vectors ``[W, H]``; ``max_windows_per_pass`` bounds memory.

        Inference on a CPU runs windows of each length without their padding: a CPU gains
        nothing from one rectangular batch and pays for every padded token (a note's last
        window is usually short: about 13% of the tokens of a 250-word note). The result is
        the same up to float rounding; training and GPUs keep the padded batch.
        """
        if not self.training and input_ids.device.type == "cpu" and input_ids.shape[0] > 0:
            return self._encode_unpadded(input_ids, attention_mask, max_windows_per_pass)
        return self._encode_padded(input_ids, attention_mask, max_windows_per_pass)

    def _encode_unpadded(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        max_windows_per_pass: int | None,
    ) -> torch.Tensor:
        lengths = attention_mask.sum(dim=1)
        if not bool((attention_mask.cumprod(dim=1).sum(dim=1) == lengths).all()):
            # Not right-padded (a caller's own batch): padding is not a suffix to cut off.
            return self._encode_padded(input_ids, attention_mask, max_windows_per_pass)
        out: torch.Tensor | None = None
        for length in torch.unique(lengths).tolist():
            rows = (lengths == length).nonzero(as_tuple=True)[0]
            # Windows are left-aligned (padding on the right), so the first ``length``
            # positions are each selected window's tokens.
            vectors = self._encode_padded(
                input_ids[rows, :length], attention_mask[rows, :length], max_windows_per_pass
            )
            if out is None:
                out = vectors.new_empty((input_ids.shape[0], vectors.shape[-1]))
            out[rows] = vectors
        assert out is not None
        return out

    def _encode_padded(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        max_windows_per_pass: int | None,
    ) -> torch.Tensor:
        step = max_windows_per_pass or input_ids.shape[0]
        parts = []
        for start in range(0, input_ids.shape[0], step):
            ids = input_ids[start : start + step]
            mask = attention_mask[start : start + step]
            out = self.encoder(input_ids=ids, attention_mask=mask)
            parts.append(masked_mean(out.last_hidden_state, mask))
        return torch.cat(parts, dim=0)

    def pool_notes(
        self, window_vectors: torch.Tensor, note_index: torch.Tensor, n_notes: int
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Note vectors ``[N, H]`` and each window's weight within its note ``[W]``."""
        counts = torch.bincount(note_index, minlength=n_notes)
        if counts.numel() != n_notes or bool((counts == 0).any()):
            raise ValueError("note_index: every note in 0..n_notes-1 needs at least one window.")
        if self.config.pooling == "attention":
            scores = self.window_attention(window_vectors).squeeze(-1)
            weights = segment_softmax(scores, note_index, n_notes)
        else:
            weights = 1.0 / counts.to(window_vectors.dtype)[note_index]
        pooled = torch.zeros(
            (n_notes, window_vectors.shape[-1]),
            dtype=window_vectors.dtype,
            device=window_vectors.device,
        )
        pooled = pooled.index_add(0, note_index, window_vectors * weights.unsqueeze(-1))
        return pooled, weights

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        note_index: torch.Tensor,
        structured: torch.Tensor | None = None,
        n_notes: int | None = None,
        *,
        max_windows_per_pass: int | None = None,
        return_window_weights: bool = False,
    ) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        """Logits ``[n_notes, len(labels)]`` (and window weights ``[W]`` when asked)."""
        if n_notes is None:
            n_notes = int(note_index.max().item()) + 1
        windows = self.encode_windows(input_ids, attention_mask, max_windows_per_pass)
        logits, weights = self.logits_from_windows(windows, note_index, n_notes, structured)
        return (logits, weights) if return_window_weights else logits

    def logits_from_windows(
        self,
        window_vectors: torch.Tensor,
        note_index: torch.Tensor,
        n_notes: int,
        structured: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Logits ``[n_notes, len(labels)]`` and window weights from encoded windows.

        The part of :meth:`forward` after the encoder: explanations re-use it to score variants
        of a note in which only some windows were re-encoded.
        """
        notes, weights = self.pool_notes(window_vectors, note_index, n_notes)
        parts = [notes]
        if self.config.structured_dim > 0:
            if structured is None:
                raise ValueError(
                    f"structured: the model expects {self.config.structured_dim} structured "
                    f"features per note."
                )
            if structured.shape != (n_notes, self.config.structured_dim):
                raise ValueError(
                    f"structured: expected shape ({n_notes}, {self.config.structured_dim}), "
                    f"got {tuple(structured.shape)}."
                )
            parts.append(self.structured_mlp(structured.to(notes.dtype)))
        fused = self.dropout(torch.cat(parts, dim=-1))
        logits = torch.cat([self.heads[label](fused) for label in self.config.labels], dim=-1)
        return logits, weights

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
        tmp = Path(
            tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".tmp", dir=directory.parent)
        )
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
                with atomic_writer(tmp / name) as fh:
                    json.dump(payload, fh, indent=2)
                    fh.write("\n")
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
            raise ValueError(
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
