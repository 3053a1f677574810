"""Train the risk model: one linear pipeline from a data directory to a verified artefact.

``train(config)`` runs, in order, and fails before training on anything it can check first:

1. checks: the config (already typed), the data directory, the base model, the output folder;
2. loads train/validation/test (validated), refuses splits that share a family, child or id,
   labels of one class in any split, and a training split too small for the recipe;
3. redacts the text fields (:mod:`..redacted_corpus`, cached), the only way text reaches step 5;
4. fits the structured encoder on the training split only;
5. cuts every note into sentences (:mod:`..sentences`); with a frozen encoder (``encoder_lr``
   0, ``cpu-quick``) encodes each distinct sentence once, through the embedding cache; when
   fine-tuning (``gpu``) tokenises them;
6. trains the note head (and the encoder, when fine-tuning) with :func:`.loop.optimise`;
7. restores the best weights, predicts validation and test, fits the n-gram component on the
   training split (:mod:`..hybrid`), blends the two on validation, fits calibration and operating
   points on validation only, and saves the artefact (safetensors + JSON, manifest last) and the
   predictions (ids, labels and scores, no text) for the evaluation step.

Output layout::

    output_dir/model/                 the artefact: RiskPredictor(output_dir/model)
    output_dir/predictions/{validation,test}.jsonl
    output_dir/checkpoints/step-NNNNNN/   resume checkpoints (safetensors + JSON)
    output_dir/checkpoints/best/      weights of the best validation so far
    output_dir/train_log.jsonl        loss, throughput and validation metrics per log step
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.utils.data import DataLoader

from referral_nlp.artifacts import (
    BLEND_NAME,
    CALIBRATION_NAME,
    NGRAM_NAME,
    OPERATING_POINTS_NAME,
    PREDICTIONS_MODEL_NAME,
    TRAINING_RUN_NAME,
    artefact_version,
    data_fingerprint,
    library_versions,
)
from referral_nlp.io import write_json, write_records
from referral_nlp.modeling.hybrid import Blend
from referral_nlp.modeling.model import (
    ModelConfig,
    ReferralRiskModel,
    load_tokenizer,
    pos_weight_from_labels,
)
from referral_nlp.modeling.redacted_corpus import redact_splits, require_redacted
from referral_nlp.modeling.sentence_encoder import ONNX_INT8, SentenceEncoder
from referral_nlp.modeling.sentences import note_sentences
from referral_nlp.modeling.training import checkpoints, loop, outputs
from referral_nlp.modeling.training.batches import (
    EpochShuffleSampler,
    LengthGroupedBatchSampler,
    NoteSet,
    SentenceDropout,
    SentenceTable,
    SortedBatchSampler,
    TokenCollator,
    VectorCollator,
    build_note_set,
)
from referral_nlp.modeling.training.config import ConfigError, TrainingConfig
from referral_nlp.modeling.training.data import (
    SPLITS,
    check_label_classes,
    check_training_size,
    load_training_splits,
    select_subset,
)
from referral_nlp.modeling.training.profiles import GPU_PROFILES
from referral_nlp.modeling.training.vectors import cache_key, sentence_vectors

logger = logging.getLogger(__name__)

MODEL_DIR = "model"
PREDICTIONS_DIR = "predictions"
TRAINING_RUN_FORMAT = "referral-nlp-training-run"


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
            f"validation AUROC: {outputs.fmt(self.validation_auroc)}",
            f"test AUROC:       {outputs.fmt(self.test_auroc)}",
            f"time:             {self.timings.get('total', 0.0):.1f} s "
            f"(redaction {self.timings.get('redaction', 0.0):.1f} s, sentence vectors "
            f"{self.timings.get('sentence_vectors', 0.0):.1f} s, training loop "
            f"{self.timings.get('train_loop', 0.0):.1f} s)",
        ]
        if tput.get("train_samples_per_s"):
            line = f"throughput:       {tput['train_samples_per_s']:.1f} notes/s"
            if tput.get("mfu") is not None:
                line += f", MFU {tput['mfu']:.1%}"
            lines.append(line)
        return "\n".join(lines)


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
    if any((root / checkpoints.CHECKPOINTS_DIR).glob("step-*")):
        raise ConfigError(
            f"output_dir: expected a folder without checkpoints, got {config.output_dir!r} "
            f"holding an earlier run's {checkpoints.CHECKPOINTS_DIR}/; pass resume_from latest "
            f"(--resume-from latest) to continue it or overwrite_output_dir to start again."
        )


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
    run = loop.Run(config)

    # 1. checks that need no data
    base_model_path = resolve_base_model(config.base_model)
    checkpoint = checkpoints.resolve_checkpoint(config.resume_from, config.output_dir)
    _check_output_dir(config)
    redaction_config = _redaction_config(config)
    frozen = config.encoder_lr == 0
    use_cuda = torch.cuda.is_available()
    if config.profile in GPU_PROFILES and not use_cuda:
        # Fine-tuning every sentence on a CPU takes hours (about 9 for the main job's corpus),
        # with no checkpoint before step 200: refused, with the two ways that work here.
        raise ConfigError(
            f"profile: {config.profile} expected a CUDA GPU and found none; on this machine "
            "train with --profile cpu-quick (minutes), or fine-tune the encoder on the CPU "
            "anyway with --profile cpu-quick --encoder-lr 3e-5 --encoder-backend auto (hours)."
        )
    bf16 = config.bf16 and use_cuda and torch.cuda.is_bf16_supported()
    if config.bf16 and not bf16:
        logger.warning("bf16 requested but no CUDA device with bf16 is available: training in fp32")
    if config.num_threads is not None:
        torch.set_num_threads(config.num_threads)
    if use_cuda:  # TF32 for the fp32 parts (head, loss) on Ampere and later
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    accelerator = Accelerator(
        mixed_precision="bf16" if bf16 else "no",
        gradient_accumulation_steps=config.grad_accum,
        cpu=not use_cuda,
    )
    is_main = accelerator.is_main_process
    if config.profile == "multi-gpu" and accelerator.num_processes == 1:
        logger.warning(
            "profile multi-gpu is running as one process: launch it with `accelerate launch "
            "--multi_gpu --num_processes N` or `torchrun --nproc_per_node N` to train on N GPUs"
        )
    show = config.progress and accelerator.is_local_main_process
    set_seed(config.seed)

    # 2. data, leakage, label and size checks
    t0 = time.perf_counter()
    splits, sources = load_training_splits(config)
    check_label_classes(splits)
    n_loaded = {split: len(records) for split, records in splits.items()}
    splits["train"] = select_subset(splits["train"], config.limit_train, config.seed)
    if config.limit_train is not None and config.limit_train < n_loaded["train"]:
        note = f" after limit_train={config.limit_train}"
        check_label_classes({"train": splits["train"]}, note=note)
    check_training_size(
        splits["train"], min_records=config.min_train_records, min_positives=config.min_positives
    )
    run.timed("load", t0)

    # 3. redaction (cached); only the main process redacts, the others read its cache
    t0 = time.perf_counter()
    cache_dir = config.redaction_cache_dir
    if cache_dir is None and accelerator.num_processes > 1 and not config.already_redacted:
        cache_dir = str(Path(config.output_dir) / "redaction-cache")
    with accelerator.main_process_first():
        redacted, redaction_report = redact_splits(
            splits,
            progress=show,
            text_fields=config.text_fields,
            sources={s: sources[s] for s in splits},
            redaction_config=redaction_config,
            cache_dir=cache_dir,
            already_redacted=config.already_redacted,
        )
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
        from referral_nlp.modeling.features import StructuredEncoder

        encoder = StructuredEncoder(config.structured_fields).fit(redacted["train"])

    # 5. sentences; vectors (frozen encoder) or token ids (fine-tuning)
    t0 = time.perf_counter()
    tokenizer = load_tokenizer(base_model_path)
    model_config = ModelConfig(
        base_model=config.base_model,
        max_tokens=config.max_tokens,
        structured_dim=0 if encoder is None else encoder.dim,
        hidden=config.head_hidden,
        context_layers=config.context_layers,
        context_heads=config.context_heads,
        max_sentences=config.max_sentences,
        dropout=config.dropout,
        head_members=config.head_members,
        text_fields=config.text_fields,
        attn_implementation=config.attn_implementation,
        frozen_encoder_backend=(
            ONNX_INT8 if frozen and config.encoder_backend == ONNX_INT8 else None
        ),
    )
    if not show:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    model = ReferralRiskModel.from_base_model(model_config)
    table = SentenceTable.empty()
    note_sets: dict[str, NoteSet] = {}
    for split in SPLITS:
        records = redacted[split]
        require_redacted(records, split=split)
        sentences = [note_sentences(r, config.text_fields) for r in records]
        features = encoder.transform(records) if encoder is not None else None
        labels = [[r.get(label) for label in model_config.labels] for r in records]
        note_sets[split] = build_note_set(sentences, table, features, labels)
    sentence_encoder = SentenceEncoder(
        model.encoder, tokenizer, max_tokens=config.max_tokens,
        backend=config.encoder_backend if frozen else "torch", num_threads=config.num_threads,
    )  # fmt: skip
    vector_summary: dict[str, Any] = {"distinct_sentences": len(table.texts)}
    if frozen:
        model.encoder.requires_grad_(False)
        key = cache_key(
            base_model_path, max_tokens=config.max_tokens, backend=sentence_encoder.arithmetic,
            redaction_config=redaction_config,
        )  # fmt: skip
        with accelerator.main_process_first():
            vectors, vector_summary = sentence_vectors(
                table.texts, sentence_encoder, key=key, progress=show,
                cache_dir=config.embedding_cache_dir,
            )  # fmt: skip
        collator: Any = VectorCollator(vectors)
        run.timed("sentence_vectors", t0)
    else:
        if config.freeze_layers:
            loop.freeze_encoder_layers(model.encoder, config.freeze_layers)
        if config.gradient_checkpointing:
            if not getattr(model.encoder, "supports_gradient_checkpointing", False):
                raise ConfigError(
                    f"gradient_checkpointing: expected an encoder that supports it, got "
                    f"{type(model.encoder).__name__}."
                )
            model.encoder.gradient_checkpointing_enable(
                gradient_checkpointing_kwargs={"use_reentrant": False}
            )
        token_ids = sentence_encoder.tokenize(table.texts)
        lengths = [len(ids) for ids in token_ids]
        for note_set in note_sets.values():
            for item in note_set.items:
                item["n_tokens"] = sum(lengths[r] for r in item["sentence_rows"])
        pad = tokenizer.pad_token_id
        collator = TokenCollator(
            token_ids, 0 if pad is None else pad, pad_to_multiple_of=8 if use_cuda else None
        )
        run.timed("tokenise", t0)

    # 6. loaders, optimiser, schedule, resume
    t0 = time.perf_counter()
    resume_state: dict[str, Any] | None = None
    if checkpoint is not None:
        resume_state = checkpoints.load_checkpoint_model(
            checkpoint, model, model_config, fingerprints
        )
    model.to(accelerator.device)
    if config.compile and not frozen:
        if not use_cuda:
            logger.warning("compile on CPU: expect a long first step; it is meant for CUDA")
        model.encoder.compile(dynamic=True)
    train_set = note_sets["train"]
    loader_kwargs: dict[str, Any] = {
        "collate_fn": collator,
        "num_workers": config.num_workers,
        "pin_memory": use_cuda,
        "persistent_workers": config.num_workers > 0,
    }
    if config.group_by_length:
        epoch_sampler: Any = LengthGroupedBatchSampler(
            train_set.lengths, config.batch_size, config.seed
        )
        train_batches: dict[str, Any] = {"batch_sampler": epoch_sampler}
    else:
        epoch_sampler = EpochShuffleSampler(len(train_set), config.seed)
        train_batches = {"sampler": epoch_sampler, "batch_size": config.batch_size}
    train_kwargs = dict(loader_kwargs)
    if config.sentence_dropout:
        train_kwargs["collate_fn"] = SentenceDropout(
            collator, config.sentence_dropout, config.seed, epoch_sampler
        )
        # Workers that outlive an epoch would keep the epoch they were started with, and so
        # the same draw every epoch; fresh workers each epoch read the current one.
        train_kwargs["persistent_workers"] = False
    train_loader = DataLoader(train_set, **train_batches, **train_kwargs)
    eval_loaders = {
        split: DataLoader(
            note_sets[split],
            batch_sampler=SortedBatchSampler(
                note_sets[split].lengths, config.effective_eval_batch_size
            ),
            **loader_kwargs,
        )
        for split in ("validation", "test")
    }
    optimizer = torch.optim.AdamW(loop.param_groups(model, config), lr=config.lr)
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
    if resume_state is not None and checkpoint is not None:
        loop.resume_optimiser(checkpoint, optimizer, scheduler)
        run.restore(resume_state)
        run.best_state = checkpoints.best_state(checkpoint, run.best_step)
        if run.best_state is None:  # no weights for the recorded best: it must not be claimed
            run.best_metric = run.best_step = None
        checkpoints.restore_rng(checkpoint, accelerator.process_index)
        logger.info("resumed from %s at step %d", checkpoint, run.global_step)
    model, optimizer = accelerator.prepare(model, optimizer)
    eval_loaders = {split: accelerator.prepare(ld) for split, ld in eval_loaders.items()}
    pos_weight = None
    if config.pos_weight:
        y_train = train_set.labels()
        pos_weight = pos_weight_from_labels(
            torch.tensor(np.nan_to_num(y_train), dtype=torch.float32),
            torch.tensor(~np.isnan(y_train), dtype=torch.float32),
        ).to(accelerator.device)
    run.timed("setup", t0)
    if is_main:
        run.output_dir.mkdir(parents=True, exist_ok=True)
        if resume_state is None:
            (run.output_dir / loop.LOG_NAME).unlink(missing_ok=True)
            shutil.rmtree(run.output_dir / checkpoints.CHECKPOINTS_DIR, ignore_errors=True)
        logger.info(
            "training: %d notes, %d distinct sentences, %d steps (%d per epoch, %d epochs), "
            "encoder %s, %d process(es) on %s",
            len(train_set), len(table.texts), total_steps, steps_per_epoch, n_epochs,
            "frozen (cached sentence vectors)" if frozen else "fine-tuned",
            accelerator.num_processes, accelerator.device,
        )  # fmt: skip

    # 7. the loop
    val_y = note_sets["validation"].labels()
    loop.optimise(
        run, model=model, optimizer=optimizer, scheduler=scheduler, accelerator=accelerator,
        train_loader=train_loader, epoch_sampler=epoch_sampler,
        validation_loader=eval_loaders["validation"], val_y=val_y, pos_weight=pos_weight,
        total_steps=total_steps, n_epochs=n_epochs, resume=resume_state,
        checkpoint_args={"model_config": model_config, "fingerprints": fingerprints},
    )  # fmt: skip

    # 8. best weights, predictions, n-gram component, blend, calibration, operating points
    t0 = time.perf_counter()
    unwrapped = accelerator.unwrap_model(model)
    if run.best_state is not None:
        unwrapped.load_state_dict(run.best_state)
    prior_shift = loop.prior_correct(unwrapped, pos_weight)
    transformer = {
        split: loop.predict_logits(
            model,
            eval_loaders[split],
            accelerator,
            len(note_sets[split]),
            desc=f"predicting {split}",
            show=show,
        )
        for split in ("validation", "test")
    }
    run.timed("predict", t0)
    labels = model_config.labels
    test_y = note_sets["test"].labels()
    t0 = time.perf_counter()
    ngram_logits: dict[str, np.ndarray | None] = {"validation": None, "test": None}
    ngram_component = None
    if config.ngram:
        ngram_component, ngram_logits = _fit_ngram(config, redacted, labels)
        blend = Blend.fit(
            labels, val_y,
            {"ngram": ngram_logits["validation"], "transformer": transformer["validation"]},
            across_labels=config.blend_across_labels,
        )  # fmt: skip
    else:
        blend = Blend.transformer_only(labels)
    final = {
        split: blend.combine(labels, ngram_logits[split], transformer[split])
        for split in ("validation", "test")
    }
    run.timed("ngram_and_blend", t0)
    t0 = time.perf_counter()
    calibrators, selections, val_probs, test_probs = outputs.calibrate(
        config.calibration, labels, val_y, final["validation"], final["test"], seed=config.seed
    )
    operating = outputs.operating_points(
        labels, val_y, val_probs, precision_target=config.precision_target,
        capacity_fraction=config.capacity_fraction,
    )  # fmt: skip
    run.timed("calibration", t0)

    ys = {"validation": val_y, "test": test_y}
    metrics: dict[str, Any] = {}
    for split in ("validation", "test"):
        parts = {"hybrid": final[split], "transformer": transformer[split]}
        if ngram_logits[split] is not None:
            parts["ngram"] = ngram_logits[split]
        metrics[split] = {
            "auroc": {
                lb: loop.auroc(ys[split][:, j], final[split][:, j]) for j, lb in enumerate(labels)
            },
            "auroc_by_part": {
                part: {lb: loop.auroc(ys[split][:, j], v[:, j]) for j, lb in enumerate(labels)}
                for part, v in parts.items()
            },
        }
    throughput = {
        "train_samples_per_s": run.samples_seen / run.train_seconds if run.train_seconds else None,
        "train_tokens_per_s": run.tokens_seen / run.train_seconds if run.train_seconds else None,
        "mfu": (
            loop.flops_per_token(unwrapped) * run.tokens_seen
            / (run.train_seconds * peak * accelerator.num_processes)
            if (peak := loop.peak_flops(accelerator.device, config.peak_tflops))
            and run.train_seconds and not frozen
            else None
        ),
        "samples_seen": run.samples_seen,
        "tokens_seen": run.tokens_seen,
    }  # fmt: skip
    run.timings["total"] = round(time.perf_counter() - t_start, 3)
    training_run = {
        "format": TRAINING_RUN_FORMAT,
        "version": 2,
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "config": config.to_dict(),
        "model_config": model_config.to_dict(),
        "recipe": {
            "encoder": "frozen (cached sentence vectors)" if frozen else "fine-tuned",
            "ngram_component": bool(config.ngram),
            "ngram_negation_scope": bool(getattr(ngram_component, "negation_scope", False)),
            # The labels whose n-gram weights validation chose from the shared fit.
            "ngram_shared_labels": sorted(
                label
                for label, head in getattr(ngram_component, "heads", {}).items()
                if head.shared
            ),
            "blend": blend.to_dict(),
        },
        "data": {
            "fingerprints": fingerprints,
            "n_records_loaded": n_loaded,
            "n_records_used": {split: len(s) for split, s in note_sets.items()},
            "label_rates": label_rates,
            "redaction": [r.to_dict() for r in redaction_report],
            "sentences_per_note": {
                split: float(np.mean([len(i["sentence_rows"]) for i in s.items]))
                for split, s in note_sets.items()
            },
            "sentence_vectors": vector_summary,
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
        "device": {
            "type": accelerator.device.type,
            "name": torch.cuda.get_device_name(accelerator.device) if use_cuda else "cpu",
            "num_processes": accelerator.num_processes,
            "mixed_precision": accelerator.mixed_precision,
            "torch_threads": torch.get_num_threads(),
            "compiled": config.compile,
        },
        "library_versions": library_versions(),
    }
    model_dir = run.output_dir / MODEL_DIR
    predictions_dir = run.output_dir / PREDICTIONS_DIR
    if is_main:
        _save(
            unwrapped, model_dir, predictions_dir, tokenizer=tokenizer, encoder=encoder,
            training_run=training_run, operating=operating, calibrators=calibrators,
            blend=blend, ngram_component=ngram_component, ys=ys, final=final,
            probs={"validation": val_probs, "test": test_probs}, transformer=transformer,
            ngram_logits=ngram_logits,
            ids={s: [r["id"] for r in redacted[s]] for s in ("validation", "test")},
        )  # fmt: skip
        logger.info(
            "saved %s; validation AUROC %s, test AUROC %s",
            model_dir,
            outputs.fmt(metrics["validation"]["auroc"]),
            outputs.fmt(metrics["test"]["auroc"]),
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


def _fit_ngram(
    config: TrainingConfig, redacted: dict[str, list[dict[str, Any]]], labels: tuple[str, ...]
) -> tuple[Any, dict[str, np.ndarray | None]]:
    """The n-gram component on the training split (``C`` per label chosen on validation)."""
    from referral_nlp.modeling.baselines import FULL_C_GRID, TfidfLogisticBaseline

    component = TfidfLogisticBaseline(
        text_fields=config.text_fields,
        labels=labels,
        structured_fields=config.structured_fields or None,
        c_grid=FULL_C_GRID,
        seed=config.seed,
        share_labels=config.share_label_weights,
    ).fit(redacted["train"], redacted["validation"])
    out: dict[str, np.ndarray | None] = {}
    for split in ("validation", "test"):
        by_label = component.predict_logits(redacted[split])
        out[split] = np.column_stack([by_label[label] for label in labels])
    return component, out


def _save(
    model: ReferralRiskModel, model_dir: Path, predictions_dir: Path, *, tokenizer: Any,
    encoder: Any, training_run: dict[str, Any], operating: dict[str, Any],
    calibrators: dict[str, Any], blend: Blend, ngram_component: Any,
    ys: dict[str, np.ndarray], final: dict[str, np.ndarray], probs: dict[str, np.ndarray],
    transformer: dict[str, np.ndarray], ngram_logits: dict[str, np.ndarray | None],
    ids: dict[str, list[Any]],
) -> None:  # fmt: skip
    """The artefact (one atomic write, manifest last) and the prediction files."""
    from referral_nlp.modeling.predict import calibration_to_json

    extra: dict[str, Any] = {
        TRAINING_RUN_NAME: outputs.jsonable(training_run),
        OPERATING_POINTS_NAME: outputs.jsonable(operating),
        BLEND_NAME: blend.to_dict(),
    }
    if ngram_component is not None:
        extra[NGRAM_NAME] = ngram_component.to_dict()
    if calibrators:
        extra[CALIBRATION_NAME] = calibration_to_json(calibrators)
    model.save_pretrained(
        model_dir, tokenizer=tokenizer, structured_encoder=encoder, extra_json=extra,
        overwrite=True,
    )  # fmt: skip
    labels = model.config.labels
    # The version goes last, after the scores it vouches for; an earlier run's is removed first,
    # so a run that dies between them leaves predictions no version vouches for.
    (predictions_dir / PREDICTIONS_MODEL_NAME).unlink(missing_ok=True)
    for split in ("validation", "test"):
        rows = outputs.prediction_rows(
            ids[split], labels, ys[split], final[split], probs[split], calibrators,
            components={"transformer": transformer[split], "ngram": ngram_logits[split]},
        )  # fmt: skip
        write_records(predictions_dir / f"{split}.jsonl", rows)
    write_json(
        predictions_dir / PREDICTIONS_MODEL_NAME, {"model_version": artefact_version(model_dir)}
    )
