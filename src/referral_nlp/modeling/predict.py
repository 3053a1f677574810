"""Score cases with a saved model artefact: raw and calibrated probabilities for both labels.

The predictor takes records that are already redacted (the CLI and the service redact first);
it never logs text. Structured fields that are missing or unreadable are treated as unknown by
the artefact's structured encoder, never as an error; a missing ``text`` is an error naming the
record's position and the field.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from referral_nlp.artifacts import (
    BLEND_NAME,
    CALIBRATION_NAME,
    NGRAM_NAME,
    STRUCTURED_ENCODER_NAME,
    TOKENIZER_DIR,
    TRAINING_RUN_NAME,
    WEIGHTS_NAME,
    ArtifactIntegrityError,
    artefact_version,
    verify_manifest,
)
from referral_nlp.data.schema import FIELDS_BY_NAME
from referral_nlp.errors import UserError
from referral_nlp.modeling.features import StructuredEncoder, record_value
from referral_nlp.modeling.hybrid import Blend, load_ngram
from referral_nlp.modeling.model import ModelConfig, ReferralRiskModel, load_tokenizer
from referral_nlp.modeling.sentence_encoder import ONNX_INT8, SentenceEncoder
from referral_nlp.modeling.sentences import note_sentences

_TEXT_FIELDS = tuple(name for name, spec in FIELDS_BY_NAME.items() if spec.kind == "text")

logger = logging.getLogger(__name__)

CALIBRATION_FORMAT = "referral-nlp-calibration"
CALIBRATION_VERSION = 1

# A calibrator is an object with ``transform(p) -> p`` (``decision.calibration.Calibrator``)
# or a plain callable on a 1-D array of raw probabilities.
CalibratorLike = Any


def calibration_to_json(calibrators: Mapping[str, Any]) -> dict[str, Any]:
    """The ``calibration.json`` payload for per-label calibrators that have ``to_dict()``.

    Pass it to ``save_pretrained(extra_json={"calibration.json": ...})``.
    """
    labels = {}
    for label, calibrator in calibrators.items():
        if not hasattr(calibrator, "to_dict"):
            raise TypeError(
                f"calibrator for {label!r}: {type(calibrator).__name__} has no to_dict(); only "
                f"JSON-serialisable calibrators can be stored in an artefact."
            )
        labels[label] = calibrator.to_dict()
    return {"format": CALIBRATION_FORMAT, "version": CALIBRATION_VERSION, "labels": labels}


def load_calibration(path: str | Path) -> dict[str, Any]:
    """Per-label calibrators from ``calibration.json``.

    Each entry is rebuilt by ``referral_nlp.decision.calibration.calibrator_from_dict``
    (dispatching on the entry's ``method``), so no code is loaded from the artefact.
    """
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != CALIBRATION_FORMAT or data.get("version") != CALIBRATION_VERSION:
        raise UserError(
            f"{path}: expected {CALIBRATION_FORMAT!r} version {CALIBRATION_VERSION}, got "
            f"{data.get('format')!r} version {data.get('version')!r}."
        )
    from referral_nlp.decision.calibration import calibrator_from_dict

    labels = data.get("labels")
    if not isinstance(labels, dict):
        raise UserError(f"{path}: 'labels' must map each label to a calibrator.")
    return {label: calibrator_from_dict(entry) for label, entry in labels.items()}


def _calibrate(calibrator: CalibratorLike, logits: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Apply a calibrator to one label's scores, in the kind it was fitted on.

    ``decision.calibration`` calibrators say ``kind="probability"`` or ``"logit"``; passing
    logits exactly (not re-derived from a rounded probability) keeps extreme scores precise.
    """
    raw = logits if getattr(calibrator, "kind", "probability") == "logit" else probs
    fn: Callable[[np.ndarray], Any] = (
        calibrator.transform if hasattr(calibrator, "transform") else calibrator
    )
    out = np.asarray(fn(raw), dtype=np.float64).reshape(-1)
    if out.shape != raw.shape:
        raise ValueError(f"calibrator returned {out.shape[0]} values for {raw.shape[0]} inputs.")
    return np.clip(out, 0.0, 1.0)


@dataclass
class NoteInputs:
    """What the model reads of some records: sentences, structured features, n-gram logits."""

    sentences: list[list[str]]
    structured: np.ndarray | None
    ngram_logits: np.ndarray | None


class RiskPredictor:
    """Lazily loaded scorer over an artefact directory.

    Loading (manifest check, weights, tokenizer, structured encoder, n-gram component, blend,
    calibration) happens on the first :meth:`predict` or an explicit :meth:`load`, so a service
    can construct it at start-up and report readiness separately. ``num_threads`` sets the CPU
    threads (torch's are per process); None leaves torch's own setting. ``calibrators`` (label
    -> calibrator) override ``calibration.json``. ``backend`` is the sentence encoder's
    arithmetic (:mod:`.sentence_encoder`); ``quantize="int8"`` is the same as
    ``backend="int8"``.
    """

    def __init__(
        self,
        model_dir: str | Path,
        *,
        device: str | torch.device = "cpu",
        batch_size: int = 64,
        num_threads: int | None = None,
        calibrators: Mapping[str, CalibratorLike] | None = None,
        quantize: str | None = None,
        backend: str = "auto",
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size: must be at least 1.")
        if num_threads is not None and num_threads < 1:
            raise ValueError("num_threads: must be at least 1.")
        if quantize not in (None, "int8"):
            raise ValueError(f"quantize: expected None or 'int8', got {quantize!r}.")
        self.model_dir = Path(model_dir)
        self.device = torch.device(device)
        if quantize and self.device.type != "cpu":
            raise ValueError("quantize: int8 dynamic quantization runs on the CPU only.")
        self.batch_size = batch_size
        self.num_threads = num_threads
        self.quantize = quantize
        self.backend = "int8" if quantize == "int8" else backend
        self._override_calibrators = dict(calibrators) if calibrators is not None else None
        self._lock = threading.Lock()
        self._loaded = False
        self.model: ReferralRiskModel | None = None
        self.tokenizer: Any = None
        self.structured_encoder: StructuredEncoder | None = None
        self.ngram: Any = None
        self.blend: Blend | None = None
        self.sentence_encoder: SentenceEncoder | None = None
        self.calibrators: dict[str, CalibratorLike] = {}
        self.manifest: dict[str, Any] = {}

    # ---- loading -------------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self._loaded

    def load(self) -> RiskPredictor:
        """Verify and load the artefact (idempotent and thread-safe)."""
        with self._lock:
            if self._loaded:
                return self
            directory = self.model_dir
            if not directory.is_dir():
                raise FileNotFoundError(f"{directory}: no such model directory.")
            # One manifest check covers every file, then the parts load without re-hashing.
            manifest = verify_manifest(directory)
            if self.num_threads is not None:
                torch.set_num_threads(self.num_threads)
            model = ReferralRiskModel.load_pretrained(directory, device=self.device, verify=False)
            if not (directory / TOKENIZER_DIR).is_dir():
                raise ArtifactIntegrityError(
                    f"{directory}: no {TOKENIZER_DIR}/ folder; the artefact was saved without its "
                    f"tokenizer. Re-save it with save_pretrained(tokenizer=...)."
                )
            tokenizer = load_tokenizer(directory)
            encoder = None
            if model.config.structured_dim > 0:
                path = directory / STRUCTURED_ENCODER_NAME
                if not path.is_file():
                    raise ArtifactIntegrityError(
                        f"{directory}: the model takes structured features but "
                        f"{STRUCTURED_ENCODER_NAME} is missing; re-save the artefact with it."
                    )
                encoder = StructuredEncoder.load(path)
                if encoder.dim != model.config.structured_dim:
                    raise ArtifactIntegrityError(
                        f"{path}: encodes {encoder.dim} features, the model expects "
                        f"{model.config.structured_dim}; the artefact is inconsistent, re-train."
                    )
            ngram = (
                load_ngram(directory / NGRAM_NAME) if (directory / NGRAM_NAME).is_file() else None
            )
            blend = (
                Blend.load(directory / BLEND_NAME)
                if (directory / BLEND_NAME).is_file()
                else Blend.transformer_only(model.config.labels)
            )
            missing = [lb for lb in model.config.labels if lb not in blend.weights]
            if missing:
                raise ArtifactIntegrityError(
                    f"{directory}: {BLEND_NAME} has no weights for {missing}."
                )
            strays = sorted(
                {f"{part}[{source}]" for ws in blend.weights.values() for part, source in ws}
                - {
                    f"{part}[{lb}]"
                    for part in ("ngram", "transformer")
                    for lb in model.config.labels
                }
            )
            if strays:
                raise ArtifactIntegrityError(
                    f"{directory}: {BLEND_NAME} weighs logits the model does not have: {strays}; "
                    "the artefact is inconsistent, re-train."
                )
            if ngram is None and blend.uses("ngram"):
                raise ArtifactIntegrityError(
                    f"{directory}: {BLEND_NAME} weighs an n-gram component but "
                    f"{NGRAM_NAME} is missing; the artefact is inconsistent, re-train."
                )
            if self._override_calibrators is not None:
                calibrators = self._override_calibrators
            elif (directory / CALIBRATION_NAME).is_file():
                calibrators = load_calibration(directory / CALIBRATION_NAME)
            else:
                calibrators = {}
            unknown = sorted(set(calibrators) - set(model.config.labels))
            if unknown:
                raise UserError(f"calibrators: labels {unknown} are not model labels.")
            self.model, self.tokenizer, self.structured_encoder = model, tokenizer, encoder
            self.ngram, self.blend = ngram, blend
            self.sentence_encoder = SentenceEncoder(
                model.encoder,
                tokenizer,
                max_tokens=model.config.max_tokens,
                backend=self._backend_for(model.config),
                device=self.device,
                num_threads=self.num_threads,
            )
            self.calibrators = dict(calibrators)
            self.manifest = manifest
            self._loaded = True
            logger.info(
                "loaded model %s from %s (encoder arithmetic %s; calibrated: %s)",
                self.model_version,
                directory,
                self.sentence_encoder.backend,
                sorted(self.calibrators) or "no",
            )
        return self

    def _backend_for(self, config: ModelConfig) -> str:
        """The encoder arithmetic to score ``config``'s model with: the int8 vectors it learnt
        from where it learnt from int8 ones, else what was asked for."""
        trained_on = config.frozen_encoder_backend
        if trained_on is None:
            if self.backend == ONNX_INT8:
                raise UserError(
                    f"backend: {ONNX_INT8} scores only models trained on its vectors; "
                    f"{self.model_dir} learnt from float32 ones. Leave backend at auto."
                )
            return self.backend
        if self.backend not in ("auto", "int8", trained_on):
            raise UserError(
                f"backend: {self.model_dir} learnt from {trained_on} sentence vectors and is "
                f"scored with them, got {self.backend!r}; leave backend at auto."
            )
        self._warn_if_another_runtime()
        return trained_on

    def _warn_if_another_runtime(self) -> None:
        """int8 vectors are the quantiser's: another ONNX Runtime may compute other ones."""
        try:
            import onnxruntime

            run = json.loads((self.model_dir / TRAINING_RUN_NAME).read_text(encoding="utf-8"))
            trained = (run.get("library_versions") or {}).get("onnxruntime")
            installed = onnxruntime.__version__
        except (OSError, ValueError, AttributeError, ImportError):
            return  # no record to compare (an older artefact) or no runtime (the load fails)
        if trained and trained != installed:
            logger.warning(
                "this model learnt from int8 sentence vectors computed by onnxruntime %s, and "
                "onnxruntime %s is installed: its quantiser may compute slightly different "
                "vectors than the evaluated ones; install onnxruntime==%s or train again.",
                trained,
                installed,
                trained,
            )

    @property
    def model_version(self) -> str:
        """The whole artefact's version (:func:`referral_nlp.artifacts.artefact_version`): any
        change to weights, calibration, operating points or components is a new version."""
        if not self.manifest:
            self.load()
        return artefact_version(self.manifest)

    @property
    def weights_sha256(self) -> str:
        """The transformer weights' full sha256 from the verified manifest."""
        if not self.manifest:
            self.load()
        return str(self.manifest["files"][WEIGHTS_NAME]["sha256"])

    @property
    def labels(self) -> tuple[str, ...]:
        self.load()
        assert self.model is not None
        return self.model.config.labels

    @property
    def text_fields(self) -> tuple[str, ...]:
        self.load()
        assert self.model is not None
        return self.model.config.text_fields

    # ---- scoring -------------------------------------------------------------------------
    def note_inputs(self, records: Sequence[Any]) -> NoteInputs:
        """Sentences, structured features and n-gram logits of records (already redacted)."""
        self.load()
        assert self.model is not None
        records = list(records)
        sentences = []
        for i, record in enumerate(records):
            try:
                sentences.append(note_sentences(_as_mapping(record), self.model.config.text_fields))
            except UserError as exc:
                raise UserError(f"record {i}: {exc}") from None
        structured = (
            self.structured_encoder.transform(records)
            if self.structured_encoder is not None
            else None
        )
        ngram = None
        if self.ngram is not None and records:
            by_label = self.ngram.predict_logits(records)
            ngram = np.column_stack([by_label[label] for label in self.model.config.labels])
        return NoteInputs(sentences, structured, ngram)

    def transformer_logits(
        self,
        sentences: Sequence[Sequence[str]],
        structured: np.ndarray | None,
        *,
        vectors: Callable[[list[str]], np.ndarray] | None = None,
    ) -> np.ndarray:
        """The transformer part's logits ``[n, L]`` for notes given as sentence lists.

        ``vectors`` maps sentence texts to their vectors (the training cache); by default the
        artefact's encoder computes them.
        """
        self.load()
        assert self.model is not None and self.sentence_encoder is not None
        encode = vectors or self.sentence_encoder.encode
        out = np.zeros((len(sentences), len(self.model.config.labels)), dtype=np.float64)
        with torch.inference_mode():
            for start in range(0, len(sentences), self.batch_size):
                part = sentences[start : start + self.batch_size]
                unique = list(dict.fromkeys(s for note in part for s in note))
                where = {s: i for i, s in enumerate(unique)}
                array = encode(unique) if unique else np.zeros((0, self.model.hidden_size))
                index = sentence_index([[where[s] for s in note] for note in part])
                feats = None
                if structured is not None:
                    feats = torch.as_tensor(structured[start : start + len(part)]).to(self.device)
                logits = self.model.logits_from_vectors(
                    torch.as_tensor(np.asarray(array, dtype=np.float32)).to(self.device),
                    index.to(self.device),
                    feats,
                )
                out[start : start + len(part)] = logits.float().cpu().numpy()
        return out

    def predict_components(
        self,
        records: Sequence[Any],
        *,
        vectors: Callable[[list[str]], np.ndarray] | None = None,
    ) -> dict[str, Any]:
        """``{"ngram": [n, L] or None, "transformer": [n, L], "logits": [n, L] (blended),
        "n_sentences": [...]}`` for records (already redacted)."""
        inputs = self.note_inputs(records)
        return self.components_from_inputs(inputs, vectors=vectors)

    def components_from_inputs(
        self,
        inputs: NoteInputs,
        *,
        vectors: Callable[[list[str]], np.ndarray] | None = None,
    ) -> dict[str, Any]:
        """As :meth:`predict_components`, from :meth:`note_inputs` (explanations vary them)."""
        assert self.blend is not None and self.model is not None
        transformer = self.transformer_logits(inputs.sentences, inputs.structured, vectors=vectors)
        logits = self.blend.combine(self.model.config.labels, inputs.ngram_logits, transformer)
        return {
            "ngram": inputs.ngram_logits,
            "transformer": transformer,
            "logits": logits,
            "n_sentences": [len(s) for s in inputs.sentences],
        }

    def probabilities_from_logits(self, logits: np.ndarray) -> np.ndarray:
        """Probabilities ``[n, n_labels]`` from logits: calibrated where a label has a
        calibrator, the raw sigmoid elsewhere."""
        self.load()
        assert self.model is not None
        logits = np.asarray(logits, dtype=np.float64).reshape(-1, len(self.model.config.labels))
        raw = 1.0 / (1.0 + np.exp(-logits))
        final = raw.copy()
        for j, label in enumerate(self.model.config.labels):
            if label in self.calibrators:
                final[:, j] = _calibrate(self.calibrators[label], logits[:, j], raw[:, j])
        return final

    def predict_proba(self, records: Sequence[Any]) -> np.ndarray:
        """Raw (uncalibrated) probabilities ``[n, n_labels]`` in ``labels`` order."""
        logits, _ = self.predict_logits(records)
        return 1.0 / (1.0 + np.exp(-logits))

    def predict_logits(self, records: Sequence[Any]) -> tuple[np.ndarray, list[int]]:
        """Blended logits ``[n, n_labels]`` and the number of sentences each note has."""
        parts = self.predict_components(records)
        return parts["logits"], parts["n_sentences"]

    def predict(self, records: Sequence[Any]) -> list[dict[str, Any]]:
        """One result per record, in input order::

            {"id": ..., "model_version": "sha256:...", "n_sentences": 14,
             "re_referral_12m": {"probability": 0.27, "raw_probability": 0.31, "calibrated": True},
             "escalation_12m": {...}}

        ``probability`` is the calibrated value when the artefact (or the caller) supplies a
        calibrator for that label, else the raw model output, with ``calibrated`` saying which.
        """
        records = list(records)
        if not records:
            return []
        logits, n_sentences = self.predict_logits(records)
        raw = 1.0 / (1.0 + np.exp(-logits))
        assert self.model is not None
        labels = self.model.config.labels
        final = self.probabilities_from_logits(logits)
        version = self.model_version
        results = []
        for i, record in enumerate(records):
            entry: dict[str, Any] = {
                "id": record_value(record, "id"),
                "model_version": version,
                "n_sentences": n_sentences[i],
            }
            for j, label in enumerate(labels):
                entry[label] = {
                    "probability": float(final[i, j]),
                    "raw_probability": float(raw[i, j]),
                    "calibrated": label in self.calibrators,
                }
            results.append(entry)
        return results


def sentence_index(rows: Sequence[Sequence[int]]) -> torch.Tensor:
    """``[N, S]`` long tensor of row numbers, -1 past each note's end (at least one column)."""
    width = max([len(r) for r in rows] + [1])
    index = torch.full((len(rows), width), -1, dtype=torch.long)
    for i, row in enumerate(rows):
        if row:
            index[i, : len(row)] = torch.as_tensor(row, dtype=torch.long)
    return index


def _as_mapping(record: Any) -> Mapping[str, Any]:
    if isinstance(record, Mapping):
        return record
    return {name: record_value(record, name) for name in ("text", *_TEXT_FIELDS)}
