"""``referral-nlp evaluate``: the shipped model, its parts, the baselines and the oracle.

:func:`evaluate_run` runs the whole comparison on a directory of splits (the output of
``referral-nlp synth`` or a council export in the same layout):

1. load ``train``/``validation``/``test`` (validated) and refuse splits that share a family,
   child or id (a warning if train/validation close after the test cut-off);
2. **redact** every text field before any model sees it (the trainer's cached redacted corpus
   when present, else :meth:`Redactor.redact_many`); redaction fails closed, so a failure stops
   the run and nothing is scored on raw text;
3. score validation and test with
   * ``model``: the artefact exactly as it ships, its blended logits through its own
     ``calibration.json`` and ``operating_points.json`` (nothing refitted),
   * ``transformer_part``: the model's transformer part alone (an ablation, calibrated on
     validation),
   * ``structured_lr``, ``tfidf_lr`` and ``frozen_embedding_lr``: the baselines of
     :mod:`.baselines` at full strength, fitted on every training record with ``C`` picked
     on validation (``tfidf_lr`` is the model's own n-gram part: the model without its
     transformer; where that part was fitted on the same records, it is taken, not refitted),
   * ``oracle``: the generator's true probabilities (``oracle_re_referral`` /
     ``oracle_escalation``) when every validation and test record has them;
4. :meth:`EvaluationReport.build` with groups ``child_sex``, ``ethnicity``, ``age_band``,
   ``disability`` and ``deprivation_quintile`` and ``family_id`` clusters (cluster bootstrap),
   and a paired family-bootstrap comparison of the model with the strongest baseline; then
   ``eval.json`` and ``plots/*.png`` in ``out_dir``, and ``eval.md``: per label the models side
   by side, the share of the chance-to-oracle AUROC gap each closes, and a plain verdict on
   whether the model beats the strongest baseline.

Only aggregates are written: no text, id or record leaves this module.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from referral_nlp.artifacts import TRAINING_RUN_NAME
from referral_nlp.data.groups import GROUP_ATTRIBUTES, group_columns
from referral_nlp.data.schema import LABELS, TEXT_FIELDS
from referral_nlp.decision.calibration import ScoreKind
from referral_nlp.errors import UserError
from referral_nlp.evaluation.report import EvaluationReport, SplitPredictions
from referral_nlp.evaluation.settings import EvaluationSettings
from referral_nlp.io import InputError, atomic_writer, check_output_dir, staged_outputs
from referral_nlp.modeling.baseline_parity import (
    blend_across_labels,
    blends_across_labels,
    ngram_part,
    ngram_recipe,
    shares_label_weights,
)
from referral_nlp.modeling.eval_rows import (
    BASELINE_NAMES,
    FROZEN_EMBEDDING,
    MODEL,
    MODEL_NAMES,
    ORACLE,
    ORACLE_COLUMNS,
    TRANSFORMER_PART,
)
from referral_nlp.modeling.eval_summary import oracle_gap_closed, summary_markdown

logger = logging.getLogger(__name__)

__all__ = [
    "GROUP_ATTRIBUTES",
    "MODEL_NAMES",
    "ORACLE_COLUMNS",
    "TEXT_FIELDS",
    "evaluate_run",
    "group_columns",
    "model_logits",
    "oracle_gap_closed",
    "oracle_scores",
    "read_trainer_predictions",
    "redact_records",
    "redacted_split",
    "settings_from_file",
    "shipped_decision",
    "summary_markdown",
    "training_run_config",
]

#: Columns dropped on load: the generator's gold PII spans point into the raw text.
_DROPPED_COLUMNS = ("pii_spans",)
#: What ``evaluate`` writes into its output folder (written all or nothing).
_REPORT_OUTPUTS = {"files": ("eval.json", "eval.md"), "folders": ("plots",)}

RedactFn = Callable[[list[str]], list[str]]


# ---- inputs --------------------------------------------------------------------------------
def oracle_scores(
    records: Sequence[Mapping[str, Any]], labels: Sequence[str] = LABELS
) -> dict[str, np.ndarray] | None:
    """``{label: oracle probability}`` when every record has one for every label, else None."""
    out = {}
    for label in labels:
        column = ORACLE_COLUMNS.get(label)
        if column is None:
            return None
        values = [r.get(column) for r in records]
        if not values or any(
            v is None or isinstance(v, bool) or not isinstance(v, int | float) or math.isnan(v)
            for v in values
        ):
            return None
        out[label] = np.clip(np.asarray(values, dtype=np.float64), 0.0, 1.0)
    return out


def _redact_fn_from(redactor: Any, progress: bool) -> RedactFn:
    def redact(texts: list[str]) -> list[str]:
        results = redactor.redact_many(texts, progress=progress, total=len(texts))
        out = [r.redacted_text for r in results]
        if len(out) != len(texts):  # fail closed: never a partial or misaligned corpus
            raise RuntimeError(f"redaction returned {len(out)} results for {len(texts)} notes.")
        return out

    return redact


def redact_records(
    records: Sequence[Mapping[str, Any]],
    redact: RedactFn,
    fields: Iterable[str] = TEXT_FIELDS,
) -> list[dict[str, Any]]:
    """Copies of ``records`` with every non-empty text field replaced by its redaction.

    ``redact`` maps a list of texts to their redacted texts (same order); every field of every
    record goes through it in one call. Raises if it returns the wrong number of texts.
    """
    out = [dict(r) for r in records]
    slots: list[tuple[int, str]] = []
    texts: list[str] = []
    for i, record in enumerate(out):
        for name in fields:
            value = record.get(name)
            if isinstance(value, str) and value:
                slots.append((i, name))
                texts.append(value)
    redacted = list(redact(texts)) if texts else []
    if len(redacted) != len(texts):
        raise RuntimeError(f"redaction returned {len(redacted)} texts for {len(texts)}.")
    for (i, name), text in zip(slots, redacted, strict=True):
        out[i][name] = text
    return out


def training_run_config(model_dir: str | Path | None) -> dict[str, Any]:
    """The training config stored in the artefact's ``training_run.json`` ({} when absent)."""
    if model_dir is None:
        return {}
    path = Path(model_dir) / TRAINING_RUN_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    config = data.get("config") if isinstance(data, dict) else None
    return config if isinstance(config, dict) else {}


def _training_redaction_config(train_config: Mapping[str, Any]) -> Any:
    """The redaction settings the model was trained with (None: its input was pre-redacted)."""
    if train_config.get("already_redacted"):
        return None
    from referral_nlp.redaction import RedactionConfig

    config_path = train_config.get("redaction_config")
    if config_path:
        if Path(config_path).is_file():
            return RedactionConfig.from_file(config_path)
        logger.warning(
            "The model was trained with redaction config %s, which is not there now; "
            "redacting with the default settings.",
            config_path,
        )
    return RedactionConfig()


def _redact_through_training_cache(
    data_dir: Path,
    splits: Mapping[str, list[dict[str, Any]]],
    text_fields: Sequence[str],
    train_config: Mapping[str, Any],
    progress: bool,
) -> dict[str, list[dict[str, Any]]]:
    """Redacted splits through the trainer's cache (:mod:`.redacted_corpus`), same settings.

    With the redaction config, cache folder and ``already_redacted`` the model was trained with
    (from ``training_run.json``), records the trainer redacted come from its cache and the model
    is evaluated on exactly the text it would see; anything else is redacted (and cached) here.
    """
    from referral_nlp.data.loaders import find_split_file
    from referral_nlp.modeling.redacted_corpus import DEFAULT_CACHE_DIR, redact_splits

    cache_dir = train_config.get("redaction_cache_dir", str(DEFAULT_CACHE_DIR))
    redaction_config = _training_redaction_config(train_config)
    out, _ = redact_splits(
        splits,
        text_fields=text_fields,
        sources={name: find_split_file(data_dir, name) for name in splits},
        redaction_config=redaction_config,
        cache_dir=cache_dir,
        already_redacted=bool(train_config.get("already_redacted", False)),
        progress=progress,
    )
    return out


def redacted_split(
    data_dir: str | Path,
    model_dir: str | Path,
    split: str = "test",
    *,
    mapping: Any = None,
    progress: bool = False,
) -> list[dict[str, Any]]:
    """One split of ``data_dir``, redacted as the model in ``model_dir`` was trained to see it."""
    from referral_nlp.artifacts import CONFIG_NAME
    from referral_nlp.data.loaders import load_splits_dir
    from referral_nlp.modeling.model import ModelConfig

    dataset = load_splits_dir(data_dir, mapping)
    if split not in dataset:
        raise UserError(f"{data_dir}: no {split!r} split; expected one of {list(dataset)}.")
    records = [
        {k: v for k, v in r.items() if k not in _DROPPED_COLUMNS} for r in dataset[split].to_list()
    ]
    text_fields = tuple(ModelConfig.load(Path(model_dir) / CONFIG_NAME).text_fields)
    out = _redact_through_training_cache(
        Path(data_dir), {split: records}, text_fields, training_run_config(model_dir), progress
    )
    return out[split]


def read_trainer_predictions(
    directory: str | Path,
    split: str,
    records: Sequence[Mapping[str, Any]],
    labels: Sequence[str],
    part: str | None = None,
) -> dict[str, np.ndarray]:
    """``{label: logits}`` for ``records`` from the trainer's ``<directory>/<split>.jsonl``.

    Rows carry ``id`` and ``<label>_logit`` (the shipped model's logit) and, per part of the
    hybrid, ``<label>_<part>_logit``; every record's id must be there (the order may differ).
    Saves scoring the model again at the end of training.
    """
    from referral_nlp.io import read_records

    path = Path(directory) / f"{split}.jsonl"
    rows = read_records(path, "jsonl")
    by_id = {str(row.get("id")): row for row in rows}
    missing = [r["id"] for r in records if str(r["id"]) not in by_id]
    if missing:
        raise InputError(
            f"{path}: no prediction for {len(missing)} of {len(records)} {split} records; the "
            f"predictions are from another dataset or run."
        )
    out = {}
    for label in labels:
        key = f"{label}_{part}_logit" if part else f"{label}_logit"
        values = [by_id[str(r["id"])].get(key) for r in records]
        if any(not isinstance(v, int | float) or isinstance(v, bool) for v in values):
            raise InputError(f"{path}: expected a number in {key!r} on every line.")
        out[label] = np.asarray(values, dtype=np.float64)
    return out


def model_logits(
    predictor: Any,
    records: Sequence[Mapping[str, Any]],
    *,
    chunk: int = 256,
    progress: bool = False,
) -> dict[str, dict[str, np.ndarray]]:
    """``{MODEL: {label: logits}, TRANSFORMER_PART: {...}}`` of an artefact on redacted records."""
    from tqdm.auto import tqdm

    labels = predictor.labels
    parts: dict[str, list[np.ndarray]] = {MODEL: [], TRANSFORMER_PART: []}
    with tqdm(total=len(records), desc="scoring", unit="note", disable=not progress) as bar:
        for start in range(0, len(records), chunk):
            part = list(records[start : start + chunk])
            scored = predictor.predict_components(part)
            parts[MODEL].append(scored["logits"])
            parts[TRANSFORMER_PART].append(scored["transformer"])
            bar.update(len(part))
    out = {}
    for name, pieces in parts.items():
        matrix = np.concatenate(pieces) if pieces else np.zeros((0, len(labels)))
        out[name] = {label: matrix[:, j] for j, label in enumerate(labels)}
    return out


def shipped_decision(model_dir: str | Path, labels: Sequence[str]) -> Any:
    """The artefact's own calibration and operating points, for the report (never refitted)."""
    from referral_nlp.artifacts import CALIBRATION_NAME, OPERATING_POINTS_NAME
    from referral_nlp.decision.operating_points import OperatingPoint
    from referral_nlp.evaluation.report import ShippedDecision
    from referral_nlp.modeling.predict import load_calibration

    model_dir = Path(model_dir)
    calibrators = {}
    if (model_dir / CALIBRATION_NAME).is_file():
        loaded = load_calibration(model_dir / CALIBRATION_NAME)
        calibrators = {lb: c for lb, c in loaded.items() if lb in labels}
    points: dict[str, list[Any]] = {}
    path = model_dir / OPERATING_POINTS_NAME
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        for label, entry in (data.get("labels") or {}).items():
            if label in labels:
                points[label] = [
                    OperatingPoint.from_dict(p) for p in (entry.get("points") or {}).values()
                ]
    missing = [lb for lb in labels if lb not in calibrators]
    if missing:
        raise UserError(
            f"{model_dir}: no calibration for {missing}; the shipped model is evaluated as it "
            f"scores, so it needs its calibration.json (re-train it)."
        )
    return ShippedDecision(calibrators=calibrators, points=points)


def frozen_embedding_baseline(
    base_model: str,
    train_config: Mapping[str, Any],
    splits: Mapping[str, Sequence[Mapping[str, Any]]],
    labels: Sequence[str],
    text_fields: Sequence[str],
    *,
    progress: bool,
    seed: int,
    device: str = "cpu",
    stack_labels: bool = False,
    share_labels: bool = False,
) -> tuple[dict[str, dict[str, np.ndarray]], dict[str, Any]]:
    """Probabilities of the frozen-encoder baseline on validation and test, and its summary.

    The pretrained encoder's sentence vectors (through the training's embedding cache),
    averaged and max-pooled over each note, beside the structured fields, in a logistic
    regression per label with ``C`` chosen on validation: what the encoder reaches with no
    training of its own.
    """
    import torch
    from transformers import AutoModel

    from referral_nlp.modeling.base_model import resolve_base_model
    from referral_nlp.modeling.baselines import FULL_C_GRID, PooledEmbeddingBaseline
    from referral_nlp.modeling.model import load_tokenizer
    from referral_nlp.modeling.sentence_encoder import SentenceEncoder
    from referral_nlp.modeling.training.vectors import cache_key, sentence_vectors

    path = resolve_base_model(base_model)
    max_tokens = int(train_config.get("max_tokens", 64))
    # On a GPU (``evaluate --device cuda``) the encoder runs there: the 100k-record corpus has
    # hundreds of thousands of distinct sentences, many minutes on 2 CPU cores, seconds on a GPU.
    backend = str(train_config.get("encoder_backend", "auto"))
    if torch.device(device).type != "cpu" and backend in ("onnx", "int8"):
        backend = "auto"  # the training's CPU backend does not run on a GPU
    encoder = SentenceEncoder(
        AutoModel.from_pretrained(str(path)).eval().to(device), load_tokenizer(path),
        max_tokens=max_tokens, backend=backend, device=device,
    )  # fmt: skip
    redaction = _training_redaction_config(train_config)
    key = cache_key(
        path, max_tokens=max_tokens, backend=encoder.arithmetic, redaction_config=redaction
    )
    cache_dir = train_config.get("embedding_cache_dir", "runs/embedding-cache")

    def vectors(texts: list[str]) -> np.ndarray:
        out, _ = sentence_vectors(texts, encoder, key=key, cache_dir=cache_dir, progress=progress)
        return out

    # Hundreds of standardised dimensions: stronger penalties than the sparse baselines need.
    grid = tuple(c / 100 for c in FULL_C_GRID)
    baseline = PooledEmbeddingBaseline(
        vectors, labels=labels, text_fields=text_fields, c_grid=grid, seed=seed,
        stack_labels=stack_labels, share_labels=share_labels,
    ).fit(splits["train"], splits["validation"])  # fmt: skip
    scores = {split: baseline.predict_proba(splits[split]) for split in ("validation", "test")}
    return scores, {"base_model": base_model, "cache_key": key.digest[:24]}


def _labels_array(records: Sequence[Mapping[str, Any]], label: str, split: str) -> np.ndarray:
    values = [r.get(label) for r in records]
    missing = sum(v is None for v in values)
    if missing:
        raise UserError(
            f"{split}: {missing} record(s) have no {label!r}; evaluation needs every outcome."
        )
    return np.asarray(values, dtype=np.int64)


# ---- the run -------------------------------------------------------------------------------
def evaluate_run(
    data_dir: str | Path,
    model_dir: str | Path | None,
    out_dir: str | Path,
    settings: EvaluationSettings | None = None,
    *,
    redactor: Any = None,
    redact: RedactFn | None = None,
    predictions_dir: str | Path | None = None,
    baselines: bool = True,
    limit_train: int | None = None,
    c_grid: Sequence[float] | None = None,
    frozen_baseline: bool = True,
    pairs: str | Path | None = None,
    mapping: Any = None,
    device: str = "cpu",
    batch_size: int = 16,
    progress: bool = True,
    plots: bool = True,
    description: Mapping[str, str | int | float | bool] | None = None,
) -> EvaluationReport:
    """Evaluate the model in ``model_dir`` beside the baselines and the oracle; write the report.

    ``out_dir`` receives ``eval.json``, ``plots/*.png`` and ``eval.md``.

    Redaction: by default through the trainer's redaction cache with the settings the model was
    trained with (``training_run.json``); ``redactor`` (an object with ``redact_many``) or
    ``redact`` (texts -> redacted texts) replaces that. Texts are never scored unredacted.

    The shipped model (``model``) is scored as it ships: its blended logits through its own
    ``calibration.json`` and ``operating_points.json`` (never refitted here). Beside it: its
    transformer part alone (``transformer_part``, calibrated on validation), and the baselines
    at full strength, fitted on **all** training records with ``C`` chosen on validation from
    ``c_grid`` (default :data:`~.baselines.FULL_C_GRID`): ``structured_lr``, ``tfidf_lr`` (the
    same recipe as the model's n-gram part, so it is the model without its transformer; taken
    from the artefact when its ``fit_digest`` matches, as it does in the main job) and
    ``frozen_embedding_lr`` (the pretrained encoder's pooled sentence vectors; skipped with
    ``frozen_baseline=False``). Each baseline blends its labels' logits on validation when the
    model's blend does (:mod:`.baseline_parity`). ``limit_train`` caps the baselines'
    training records (for quick tests only). The report adds a paired family-bootstrap
    comparison of the model with the strongest baseline.

    ``pairs``: a directional pairs file (:mod:`.directional`); the model's ordering rate and
    explanation agreement per label go into eval.json (``directional``) and eval.md.

    ``predictions_dir``: the trainer's ``predictions/`` folder; the model's validation and test
    logits are read from it instead of scoring again. ``model_dir=None`` evaluates the
    baselines (and oracle) alone. ``description`` is extra metadata for eval.json (no personal
    data).
    """
    from referral_nlp.data.loaders import load_splits_dir
    from referral_nlp.data.splits import check_no_leakage, check_time_order

    settings = settings or EvaluationSettings()
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    check_output_dir(out_dir, **_REPORT_OUTPUTS)  # now, not after minutes of scoring
    model_config = None
    if model_dir is not None:
        from referral_nlp.artifacts import CONFIG_NAME, verify_manifest
        from referral_nlp.modeling.model import ModelConfig

        # Every file read below (config, calibration, operating points, the n-gram part) must be
        # the one that ships: with --predictions no loader would hash them, so check them here.
        verify_manifest(model_dir)
        model_config = ModelConfig.load(Path(model_dir) / CONFIG_NAME)
    train_config = training_run_config(model_dir)
    labels = list(LABELS)
    text_fields: tuple[str, ...] = ("text",)
    if model_config is not None:
        labels = [label for label in model_config.labels if label in LABELS]
        text_fields = tuple(model_config.text_fields)
        if not labels:
            raise UserError(f"{model_dir}: the model predicts none of the labels {list(LABELS)}.")
    elif not baselines:
        raise UserError("nothing to evaluate: give a model directory or keep the baselines.")

    dataset = load_splits_dir(data_dir, mapping)
    splits = {
        name: [
            {k: v for k, v in r.items() if k not in _DROPPED_COLUMNS}
            for r in dataset[name].to_list()
        ]
        for name in ("train", "validation", "test")
    }
    del dataset
    check_no_leakage(splits)
    check_time_order(splits, strict=False)
    if baselines and limit_train is not None:
        from referral_nlp.modeling.training.data import select_subset

        splits["train"] = select_subset(
            splits["train"], int(limit_train), train_config.get("seed", 13)
        )
    needed = {n: splits[n] for n in (("train",) if baselines else ()) + ("validation", "test")}

    if redactor is None and redact is None:
        redacted = _redact_through_training_cache(
            data_dir, needed, text_fields, train_config, progress
        )
    else:
        if redact is None:
            redact = _redact_fn_from(redactor, progress)
        redacted = {}
        for name, records in needed.items():
            logger.info("Redacting the %s split (%d records).", name, len(records))
            redacted[name] = redact_records(records, redact)

    val, test = redacted["validation"], redacted["test"]
    y_val = {label: _labels_array(val, label, "validation") for label in labels}
    y_test = {label: _labels_array(test, label, "test") for label in labels}
    scores_val: dict[str, dict[str, np.ndarray]] = {}
    scores_test: dict[str, dict[str, np.ndarray]] = {}
    kinds: dict[str, ScoreKind] = {}
    info: dict[str, str | int | float | bool] = {
        "n_train_baselines": len(redacted["train"]) if baselines else 0,
        "text_redacted": True,
    }

    shipped = {}
    if model_dir is not None:
        from referral_nlp.artifacts import artefact_version, check_predictions_model

        shipped[MODEL] = shipped_decision(model_dir, labels)
        if predictions_dir is not None:
            check_predictions_model(predictions_dir, model_dir)
            for name, part in ((MODEL, None), (TRANSFORMER_PART, "transformer")):
                scores_val[name] = read_trainer_predictions(
                    predictions_dir, "validation", val, labels, part
                )
                scores_test[name] = read_trainer_predictions(
                    predictions_dir, "test", test, labels, part
                )
            info["model_scores"] = "trainer predictions"
        else:
            from referral_nlp.modeling.predict import RiskPredictor

            predictor = RiskPredictor(model_dir, device=device, batch_size=batch_size)
            for split, records, target in (
                ("validation", val, scores_val), ("test", test, scores_test),
            ):  # fmt: skip
                logger.info("Scoring the %s split with the model.", split)
                target.update(model_logits(predictor, records, progress=progress))
        info["model_version"] = artefact_version(model_dir)
        # A model trained with ngram off is its transformer part alone; the ablation says so.
        info["model_ngram_part"] = bool(train_config.get("ngram", True))
        kinds[MODEL] = kinds[TRANSFORMER_PART] = "logit"
    stack = blends_across_labels(model_dir) and len(labels) > 1
    ngram = ngram_part(model_dir)
    share = shares_label_weights(model_dir, ngram)
    if model_dir is not None and stack:
        # The ablation row gets the step the model and the baselines get.
        blend_across_labels(TRANSFORMER_PART, labels, y_val, scores_val, scores_test)
    if baselines:
        from referral_nlp.modeling.baselines import (
            FULL_C_GRID,
            StructuredLogisticBaseline,
            TfidfLogisticBaseline,
        )

        grid = tuple(c_grid) if c_grid is not None else FULL_C_GRID
        fitted = []
        for baseline in (
            StructuredLogisticBaseline(
                labels=labels, c_grid=grid, seed=settings.seed, stack_labels=stack,
                share_labels=share,
            ),
            TfidfLogisticBaseline(
                labels=labels, c_grid=grid, seed=settings.seed, stack_labels=stack,
                **{**ngram_recipe(ngram, text_fields), "share_labels": share},
            ),
        ):  # fmt: skip
            logger.info("Fitting baseline %s on %d records.", baseline.name, len(redacted["train"]))
            # tfidf_lr fitted on the n-gram part's records is that part: taken, not refitted.
            reuse = ngram if baseline.name == TfidfLogisticBaseline.name else None
            baseline.fit(redacted["train"], validation=val, reuse=reuse)
            scores_val[baseline.name] = baseline.predict_proba(val)
            scores_test[baseline.name] = baseline.predict_proba(test)
            fitted.append(baseline)
        # What happened, not what was asked: no validation or one label means no blend.
        info["baselines_blend_across_labels"] = any(b.stack is not None for b in fitted)
        info["baselines_share_label_weights"] = any(
            b.share_labels and len(b.labels) > 1 for b in fitted
        )
        info["tfidf_lr_is_model_ngram_part"] = ngram is not None and any(
            b.fitted_on == ngram.fitted_on for b in fitted if b.name == ngram.name
        )
        if frozen_baseline:
            n_train = len(redacted["train"])
            logger.info("Fitting baseline %s on %d records.", FROZEN_EMBEDDING, n_train)
            frozen, summary = frozen_embedding_baseline(
                str(train_config.get("base_model", "default")), train_config, redacted, labels,
                text_fields, progress=progress, seed=settings.seed, device=device,
                stack_labels=stack, share_labels=share,
            )  # fmt: skip
            scores_val[FROZEN_EMBEDDING], scores_test[FROZEN_EMBEDDING] = (
                frozen["validation"], frozen["test"],
            )  # fmt: skip
            info["frozen_embedding_base_model"] = summary["base_model"]
    oracle_val, oracle_test = oracle_scores(val, labels), oracle_scores(test, labels)
    if oracle_val is not None and oracle_test is not None:
        scores_val[ORACLE], scores_test[ORACLE] = oracle_val, oracle_test
        info["dataset"] = "synthetic (generator oracle present)"
    else:
        info["dataset"] = "supplied (no oracle)"
    info.update(dict(description or {}))

    report = EvaluationReport.build(
        SplitPredictions(labels=y_val, scores=scores_val),
        SplitPredictions(
            labels=y_test,
            scores=scores_test,
            groups=group_columns(test),
            clusters=np.array([str(r.get("family_id")) for r in test], dtype=object),
        ),
        settings,
        score_kinds=kinds,
        description=info,
        shipped=shipped,
        compare=(MODEL, [m for m in BASELINE_NAMES if m in scores_test]) if shipped else None,
        oracle_model=ORACLE if ORACLE in scores_test else None,
    )
    if pairs is not None and model_dir is not None:
        report.add_section("directional", directional_results(model_dir, pairs, labels))
    # All or nothing: a plot that fails leaves the last report as it was, not half replaced.
    with staged_outputs(out_dir, **_REPORT_OUTPUTS) as staging:
        report.write(staging, plots=plots)
        with atomic_writer(staging / "eval.md") as fh:
            fh.write(summary_markdown(report.to_dict()))
    logger.info("Wrote %s and %s.", out_dir / "eval.json", out_dir / "eval.md")
    return report


def directional_results(
    model_dir: str | Path, pairs_file: str | Path, labels: Sequence[str]
) -> dict[str, Any]:
    """Ordering and explanation agreement of the model on hand-written directional pairs."""
    from referral_nlp.modeling.directional import (
        directional_accuracy,
        explanation_agreements,
        load_pairs,
        redacted_notes,
    )
    from referral_nlp.modeling.explain import OcclusionExplainer
    from referral_nlp.modeling.predict import RiskPredictor
    from referral_nlp.redaction import Redactor

    pairs = load_pairs(pairs_file)
    predictor = RiskPredictor(model_dir).load()
    notes = redacted_notes(pairs, Redactor())
    explainer = OcclusionExplainer(predictor)
    out: dict[str, Any] = {"pairs_file": Path(pairs_file).name, "n_pairs": len(pairs)}
    for label in labels:
        explained = explanation_agreements(explainer, pairs, label=label, notes=notes)
        out[label] = {
            "ordering": directional_accuracy(predictor, pairs, label=label, notes=notes),
            "explanation": explained["listed"],
            "explanation_overall": explained["overall"],
        }
    return out


def settings_from_file(path: str | Path, **overrides: Any) -> EvaluationSettings:
    """EvaluationSettings from a JSON or YAML file, then keyword overrides (None ignored)."""
    from referral_nlp.io import read_settings_file

    data = read_settings_file(path, "evaluation settings")
    settings = EvaluationSettings.from_dict(dict(data))
    return dataclasses.replace(settings, **{k: v for k, v in overrides.items() if v is not None})
