"""The service's work, free of any web framework: redact, score, band, flag, explain, audit.

:class:`ReviewEngine` is what the BentoML service (``service/service.py``) wraps and what the
in-process tests drive. It loads the redactor and one model artefact once, warms both, and then
answers with plain dictionaries shaped like :mod:`referral_nlp.serving.schemas`.

Redaction fails closed: a case whose redaction fails is never scored, and the error says only
that redaction failed (:class:`~referral_nlp.redaction.RedactionError`), never the text.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from referral_nlp.decision.cases import output_label, score_cases
from referral_nlp.errors import UserError
from referral_nlp.redaction.fields import redact_fields
from referral_nlp.serving.cancellation import (
    OVER_BUDGET,
    TimeBudget,
    WorkStopped,
    checkpoint,
    install_checkpoints,
    stopping_when,
)

logger = logging.getLogger(__name__)

__all__ = ["EngineSettings", "ReviewEngine"]

#: A note used only to warm the model and the redactor at start-up (no real data).
WARM_UP_NOTE = (
    "Police attended a verbal argument at home. No injuries. Mum engaged with the officers "
    "and the children were asleep upstairs. School reports no concerns."
)


@dataclass(frozen=True)
class EngineSettings:
    """How the engine runs. ``num_threads``: torch threads in this process (None: torch's)."""

    device: str = "cpu"
    num_threads: int | None = None
    batch_size: int = 16
    #: The most sentences (or runs of sentences) hidden one by one to explain a score.
    explain_max_segments: int = 40
    explain_top_k: int = 3
    #: The encoder's arithmetic on a CPU for a model trained on float32 vectors (one trained on
    #: int8 vectors is always served with them). "auto": float32 through ONNX Runtime where it
    #: is installed (faster than int8 PyTorch, and exact); without it, int8 where the artefact
    #: holds a passing int8 fidelity report (``referral-nlp int8-check``), else float32; "int8":
    #: int8 even without one (a warning says so); None: float32. GPUs run the saved weights (a
    #: model trained on int8 vectors still computes them on the CPU).
    quantize: str | None = "auto"
    #: A deployer's signing key: when set, only an artefact whose ``manifest.sig`` this key
    #: made is loaded (``referral-nlp sign-model``). Never logged or written.
    signing_key: str | None = dataclasses.field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.quantize not in (None, "auto", "int8"):
            raise ValueError(
                f"EngineSettings.quantize: expected 'auto', 'int8' or None, got {self.quantize!r}."
            )


class ReviewEngine:
    """Redaction, scoring and explanation over one model artefact."""

    def __init__(
        self,
        model_dir: str | Path,
        *,
        settings: EngineSettings | None = None,
        redactor: Any = None,
    ) -> None:
        self.model_dir = Path(model_dir)
        self.settings = settings or EngineSettings()
        self._redactor = redactor
        self._lock = threading.Lock()
        # spaCy and Presidio make no thread-safety promise: one piece of work at a time per
        # process (the service scales by worker processes, each with its own engine).
        self._work = threading.Lock()
        self._ready = False
        self.predictor: Any = None
        self.bands: dict[str, Any] = {}
        self.explainer: Any = None
        #: The encoder arithmetic actually serving (set by load()): "float32", "int8" (PyTorch
        #: int8 for a float32 model) or "onnx-int8" (a model trained on int8 vectors).
        self.precision = "float32"
        self._version = ""

    # ---- start-up --------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        return self._ready

    def load(self) -> ReviewEngine:
        """Load and verify the model, build the redactor, and warm both with one note."""
        from referral_nlp.decision.bands import bands_from_artifact
        from referral_nlp.modeling.explain import OcclusionExplainer
        from referral_nlp.modeling.predict import RiskPredictor
        from referral_nlp.redaction import RedactionConfig, Redactor

        with self._lock:
            if self._ready:
                return self
            started = time.perf_counter()
            self.bands = bands_from_artifact(self.model_dir)
            self.precision = self._choose_precision()
            self.predictor = RiskPredictor(
                self.model_dir,
                device=self.settings.device,
                batch_size=self.settings.batch_size,
                num_threads=self.settings.num_threads,
                # A model trained on int8 vectors picks its own backend (RiskPredictor).
                quantize="int8" if self.precision == "int8" else None,
            ).load()
            self._version = self._artefact_version()
            if self.model_card() is None:
                # Governance signs off a card: a model without one is served, but not quietly.
                logger.warning(
                    "model %s has no model card: GET /v1/model-card answers 404 and reviewers "
                    "cannot read what it is for; generate one with `referral-nlp card` and "
                    "store it with the model",
                    self._version,
                )
            missing = [lb for lb in self.predictor.labels if lb not in self.bands]
            if missing:
                raise UserError(
                    f"{self.model_dir}: operating_points.json has no thresholds for {missing}; "
                    "re-train the model."
                )
            if self._redactor is None:
                # One process per worker: the service scales by workers, not by spaCy pools.
                self._redactor = Redactor(RedactionConfig(n_process=1))
            # Work for a client that has gone stops within a layer or a spaCy component.
            install_checkpoints(self.predictor.model, _spacy_pipeline(self._redactor))
            # ONNX Runtime runs outside torch's hooks: stop between batches of sentences too.
            self.predictor.sentence_encoder.before_batch = checkpoint
            self.explainer = OcclusionExplainer(
                self.predictor,
                max_segments=self.settings.explain_max_segments,
                top_k=self.settings.explain_top_k,
            )
            self._score_now([{"text": WARM_UP_NOTE}], explain=[True])
            self._ready = True
            logger.info(
                "engine ready: model %s (%s), warmed in %.1fs (pid %d)",
                self.model_version,
                self.precision,
                time.perf_counter() - started,
                os.getpid(),
            )
        return self

    def _choose_precision(self) -> str:
        """The vectors a model trained on int8 vectors learnt from; else float32 unless int8 is
        asked for on a CPU and (for "auto") proven faithful."""
        from referral_nlp.artifacts import CONFIG_NAME, INT8_FIDELITY_NAME, read_manifest
        from referral_nlp.modeling.model import ModelConfig
        from referral_nlp.modeling.quantization import read_int8_fidelity
        from referral_nlp.modeling.sentence_encoder import default_backend

        wanted = self.settings.quantize
        try:
            trained_on = ModelConfig.load(self.model_dir / CONFIG_NAME).frozen_encoder_backend
        except (OSError, ValueError):
            trained_on = None  # a missing or damaged artefact: the predictor's manifest check says
        if trained_on is not None:
            # Scored with the vectors it learnt from whatever was asked: no float32 model exists.
            # On a CPU None is an explicit "none"; on a GPU it is the default (settings).
            overridden = wanted is None and self.settings.device.startswith("cpu")
            (logger.warning if overridden else logger.info)(
                "%s encoder: the model learnt from, and was evaluated on, its int8 vectors%s",
                trained_on,
                " (quantize 'none' cannot apply)" if overridden else "",
            )
            return trained_on
        if wanted is None or not self.settings.device.startswith("cpu"):
            return "float32"
        if wanted == "auto" and default_backend(self.settings.device) == "onnx":
            # ONNX Runtime runs the float32 weights faster than int8 PyTorch does, and scores
            # exactly as the evaluated model: nothing to gain from int8.
            return "float32"
        report = read_int8_fidelity(self.model_dir, read_manifest(self.model_dir))
        passed = bool(report and report.get("passed"))
        if wanted == "int8":
            if not passed:
                logger.warning(
                    "serving the int8 encoder although %s; its scores may differ from the "
                    "evaluated float32 model's (run referral-nlp int8-check).",
                    "its fidelity check failed"
                    if report
                    else f"the model has no {INT8_FIDELITY_NAME}",
                )
            return "int8"
        if passed:
            assert report is not None
            logger.info(
                "int8 encoder: its fidelity check passed on %d held-out cases.", report["n_cases"]
            )
            return "int8"
        logger.info(
            "float32 encoder: %s",
            "the int8 fidelity check failed (" + "; ".join(report.get("failures", [])) + ")"
            if report
            else f"no {INT8_FIDELITY_NAME} in the model (referral-nlp int8-check writes one)",
        )
        return "float32"

    def _artefact_version(self) -> str:
        """The version of the manifest the predictor verified (signed, when a key is set)."""
        from referral_nlp.artifacts import artefact_version, verify_signature

        if self.settings.signing_key:
            verify_signature(self.model_dir, self.settings.signing_key, self.predictor.manifest)
        return artefact_version(self.predictor.manifest)

    @property
    def model_version(self) -> str:
        """The whole artefact's version (:func:`referral_nlp.artifacts.artefact_version`): a
        changed calibration or operating point is a new version, not only new weights."""
        return self._version

    @property
    def model_sha256(self) -> str:
        """The weights' full sha256 from the verified manifest."""
        from referral_nlp.artifacts import WEIGHTS_NAME

        return str(self.predictor.manifest["files"][WEIGHTS_NAME]["sha256"])

    # ---- work ------------------------------------------------------------------------------
    def redact(self, text: str, *, stop: Callable[[], str | None] | None = None) -> dict[str, Any]:
        """``{redacted_text, entities}`` for one note (entities carry both offsets). ``stop``:
        as for :meth:`score`."""
        with self._work, stopping_when(stop):
            checkpoint()
            try:
                result = self._redactor.redact(text)
            except Exception:
                checkpoint()  # a stop inside the redactor surfaces as its RedactionError
                raise
        return {"redacted_text": result.redacted_text, "entities": _entities(result)}

    def score(
        self,
        cases: Sequence[Mapping[str, Any]],
        *,
        explain: Sequence[bool] | bool = False,
        budgets: Sequence[TimeBudget | None] | None = None,
        stop: Callable[[], str | None] | None = None,
    ) -> list[dict[str, Any]]:
        """Score cases (schema names): redact, predict, calibrate, band, flag, explain.

        Returns one dict per case, in order, shaped like ``ScoreResponse`` without
        ``request_id``. Raises ``RedactionError`` if any text fails to redact (nothing scored).
        ``budgets``: per case, the time budget its explanation draws on (None: unbounded); an
        explanation that runs out is left out with a note. ``stop``: asked at every checkpoint;
        when it returns a reason the work stops with :class:`WorkStopped` (nothing returned).
        """
        if not self._ready:
            self.load()
        with self._work, stopping_when(stop):
            checkpoint()  # the client may have gone while this waited for the worker
            try:
                return self._score_now(cases, explain=explain, budgets=budgets)
            except WorkStopped:
                raise
            except Exception:
                # A checkpoint inside the redactor surfaces as its fail-closed RedactionError.
                checkpoint()
                raise

    def _score_now(
        self,
        cases: Sequence[Mapping[str, Any]],
        *,
        explain: Sequence[bool] | bool,
        budgets: Sequence[TimeBudget | None] | None = None,
    ) -> list[dict[str, Any]]:
        cases = list(cases)
        if not cases:
            return []
        wants = [bool(explain)] * len(cases) if isinstance(explain, bool) else list(explain)
        budgets = list(budgets) if budgets is not None else [None] * len(cases)
        if len(wants) != len(cases) or len(budgets) != len(cases):
            raise ValueError("explain, budgets: need one per case.")
        # Every text field the model reads is redacted (the model's config names them), in one
        # place with the trainer and `predict`; a failure raises and nothing is scored.
        fields = self.predictor.text_fields
        redacted = redact_fields(self._redactor, cases, fields)
        redactions = [texts["text"] for texts in redacted]
        inputs = [
            {**case, **{name: None if r is None else r.redacted_text for name, r in texts.items()}}
            for case, texts in zip(cases, redacted, strict=True)
        ]
        decisions = score_cases(self.predictor, self.bands, inputs)
        out = []
        for item, redaction, decision, want, budget in zip(
            inputs, redactions, decisions, wants, budgets, strict=True
        ):
            entry: dict[str, Any] = {**decision, "model_version": self.model_version}
            entry["redacted_text"] = redaction.redacted_text
            entry["entities"] = _entities(redaction)
            entry["explanation"], entry["explanation_note"] = (
                self._explain(item, budget) if want else (None, None)
            )
            out.append(entry)
        return out

    def _explain(
        self, item: Mapping[str, Any], budget: TimeBudget | None
    ) -> tuple[dict[str, Any] | None, str | None]:
        """The explanation, or None and why not when the request's budget ran out."""
        if budget is None:
            return self._explanation(item), None
        with budget.spending() as over_budget, stopping_when(over_budget):
            try:
                return self._explanation(item), None
            except WorkStopped as stopped:
                if stopped.reason != OVER_BUDGET:
                    raise
        return None, (
            "not explained: this request's explanation time budget was spent; the scores are "
            "complete. Send fewer or shorter cases with explain, or explain: false."
        )

    def _explanation(self, item: Mapping[str, Any]) -> dict[str, Any]:
        effects = self.explainer.explain(item)
        text = item["text"]
        explanation: dict[str, Any] = {"method": "sentence occlusion over the redacted text"}
        for label, found in effects.items():
            explanation[output_label(label)] = [e.to_dict(text) for e in found]
        return explanation

    # ---- documents -------------------------------------------------------------------------
    def model_card(self, fmt: str = "markdown") -> str | None:
        """The card stored in the artefact (checked by its manifest at load), or None."""
        from referral_nlp.artifacts import CARD_HTML_NAME, CARD_MARKDOWN_NAME

        name = CARD_HTML_NAME if fmt == "html" else CARD_MARKDOWN_NAME
        files = self.predictor.manifest.get("files", {}) if self.predictor else {}
        path = self.model_dir / name
        if name not in files or not path.is_file():
            return None
        return path.read_text(encoding="utf-8")


def _spacy_pipeline(redactor: Any) -> Any:
    """The redactor's spaCy pipeline, where it has one (a stand-in in tests may not)."""
    engine = getattr(redactor, "nlp_engine", None)
    pipelines = getattr(engine, "nlp", None)
    return next(iter(pipelines.values()), None) if isinstance(pipelines, dict) else None


def _entities(result: Any) -> list[dict[str, Any]]:
    spans = list(result.redacted_spans) or [(None, None)] * len(result.entities)
    out = []
    for entity, (start, end) in zip(result.entities, spans, strict=True):
        item = entity.to_dict()
        item["redacted_start"], item["redacted_end"] = start, end
        out.append(item)
    return out
