"""The optimisation loop, the same for a frozen encoder (cached vectors) and a fine-tuned one.

AdamW with separate head and encoder learning rates, linear warm-up and decay, gradient
accumulation, bf16 autocast on CUDA, progress with loss, notes/s, tokens/s and (CUDA) model
FLOPs utilisation, validation (AUROC per label) at the end of each epoch or every
``eval_every`` steps with early stopping on the mean, and resume checkpoints
(:mod:`.checkpoints`). Batches come from :mod:`.batches`; the model takes either sentence
``vectors`` or tokenised sentences, so the loop does not care which.

MFU is ``model FLOPs per token x tokens / (seconds x peak FLOPS x processes)`` with
``2 N + 4 N_trainable`` FLOPs per token (``N`` non-embedding parameters): the real (unpadded)
sentence tokens the encoder read.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import torch

from referral_nlp.modeling.model import ReferralRiskModel, multitask_bce_loss
from referral_nlp.modeling.training.checkpoints import (
    load_checkpoint_optim,
    save_best,
    save_checkpoint,
)
from referral_nlp.modeling.training.config import ConfigError, TrainingConfig
from referral_nlp.modeling.training.outputs import fmt, jsonable

logger = logging.getLogger(__name__)

LOG_NAME = "train_log.jsonl"

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


def auroc(y: np.ndarray, scores: np.ndarray) -> float:
    """AUROC of any monotone scores (logits welcome), NaN labels ignored, NaN for one class.

    :func:`referral_nlp.classification_metrics.rank_auroc`: the project's one AUROC.
    """
    from referral_nlp.classification_metrics import rank_auroc

    return rank_auroc(y, scores)


def prior_correct(model: ReferralRiskModel, pos_weight: torch.Tensor | None) -> np.ndarray:
    """Undo the base-rate shift that ``pos_weight`` put into each label's logit.

    A logit trained with positives weighted by ``w`` learns ``logit + log w``, so its raw
    probabilities say ~50% for a 5% outcome. Subtracting ``log w`` from the head's output bias
    restores the training base rate in expectation and changes no ranking; calibration on
    validation then only fine-tunes.
    """
    labels = model.config.labels
    shifts = np.zeros(len(labels))
    if pos_weight is None:
        return shifts
    weights = pos_weight.detach().to("cpu", torch.float64).numpy()
    with torch.no_grad():
        for j in range(len(labels)):
            shifts[j] = math.log(float(weights[j]))
            # Every member of an ensemble learnt the same shift; their mean moves by it once.
            for bias in model.head.output_biases():
                bias[j] -= shifts[j]
    return shifts


def param_groups(model: ReferralRiskModel, config: TrainingConfig) -> list[dict[str, Any]]:
    """Encoder and head parameters at their own learning rates; no decay on biases and norms."""
    groups: dict[tuple[bool, bool], list[torch.nn.Parameter]] = {}
    for name, param in model.named_parameters():
        if not param.requires_grad:
            continue
        is_encoder = name.startswith("encoder.")
        no_decay = param.ndim < 2 or "norm" in name.lower() or name.endswith("position.weight")
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


def model_inputs(batch: Mapping[str, Any]) -> dict[str, Any]:
    """The model's keyword arguments from a batch of either kind."""
    inputs: dict[str, Any] = {
        "sentence_index": batch["sentence_index"],
        "structured": batch.get("structured"),
    }
    if "vectors" in batch:
        inputs["vectors"] = batch["vectors"]
    else:
        inputs["input_ids"] = batch["input_ids"]
        inputs["attention_mask"] = batch["attention_mask"]
    return inputs


def batch_tokens(batch: Mapping[str, Any]) -> torch.Tensor:
    """Tokens the encoder read for this batch (its cached notes' token count otherwise)."""
    if "attention_mask" in batch:
        return batch["attention_mask"].sum()
    return batch["n_tokens"]


# ---- the run's state ------------------------------------------------------------------------
class Run:
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

    def timed(self, name: str, started: float) -> None:
        self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - started, 3)

    def restore(self, state: Mapping[str, Any]) -> None:
        """Counters from a checkpoint's trainer state."""
        self.global_step = int(state["global_step"])
        self.best_metric = state.get("best_metric")
        self.best_step = state.get("best_step")
        self.evals_without_improvement = int(state.get("evals_without_improvement", 0))
        self.history = list(state.get("history", []))
        self.train_seconds = float(state.get("train_seconds", 0.0))
        self.samples_seen = int(state.get("samples_seen", 0))
        self.tokens_seen = int(state.get("tokens_seen", 0))


class Meter:
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
        self.tokens += batch_tokens(batch).to(self.device, torch.float64)
        self.micro += 1
        self.samples += int(batch["index"].shape[0])

    def elapsed(self) -> float:
        return max(time.perf_counter() - self.started - self.excluded, 1e-9)

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.excluded += time.perf_counter() - t0


def append_log(path: Path, entry: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(jsonable(entry)) + "\n")


def log_interval(
    run: Run, accelerator: Any, meter: Meter, optimizer: Any, bar: Any, epoch: int,
    peak: float | None, flops_token: float,
) -> None:  # fmt: skip
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
    if "mfu" in entry:
        postfix["mfu"] = f"{entry['mfu']:.1%}"
    bar.set_postfix(postfix, refresh=False)
    if accelerator.is_main_process:
        append_log(run.output_dir / LOG_NAME, entry)
        logger.debug("step %d: %s", run.global_step, json.dumps(entry))
    meter.reset()


def predict_logits(
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
            logits = inner(**model_inputs(batch)).float()
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


def evaluate(
    run: Run, model: Any, loader: Any, accelerator: Any, val_y: np.ndarray, labels: tuple,
    epoch: int | None, *, can_stop: bool = True,
) -> None:  # fmt: skip
    """Validation AUROC per label; keeps the best weights; decides early stopping (not at the
    last step, ``can_stop`` False: a run that did every planned step did not stop early)."""
    config = run.config
    show = config.progress and accelerator.is_local_main_process
    logits = predict_logits(model, loader, accelerator, len(val_y), desc="validating", show=show)
    scores = {label: auroc(val_y[:, j], logits[:, j]) for j, label in enumerate(labels)}
    finite = [v for v in scores.values() if math.isfinite(v)]
    mean = float(np.mean(finite)) if finite else float("nan")
    improved = math.isfinite(mean) and (run.best_metric is None or mean > run.best_metric + 1e-6)
    if improved:
        run.best_metric, run.best_step = mean, run.global_step
        run.evals_without_improvement = 0
        state = accelerator.unwrap_model(model).state_dict()
        run.best_state = {k: v.detach().to("cpu", copy=True) for k, v in state.items()}
        run.best_val_logits = logits
        if accelerator.is_main_process and (config.save_every > 0 or config.eval_every > 0):
            save_best(run.output_dir, run.best_state, run.best_step, run.best_metric)
    else:
        run.evals_without_improvement += 1
    entry = {
        "step": run.global_step,
        "epoch": epoch,
        "validation_auroc": scores,
        "mean_auroc": mean,
        "best_step": run.best_step,
    }
    run.history.append(jsonable(entry))
    if accelerator.is_main_process:
        append_log(run.output_dir / LOG_NAME, {"eval": entry})
        logger.info(
            "validation at step %d: AUROC %s (mean %.4f, best %.4f at step %s)",
            run.global_step,
            fmt(scores),
            mean,
            run.best_metric if run.best_metric is not None else float("nan"),
            run.best_step,
        )
    patience = config.early_stopping_patience
    if can_stop and patience and run.evals_without_improvement >= patience:
        run.stopped_early = True
        if accelerator.is_main_process:
            logger.info(
                "early stopping at step %d: no better validation AUROC in %d evaluations",
                run.global_step,
                patience,
            )


def optimise(
    run: Run,
    *,
    model: Any,
    optimizer: Any,
    scheduler: Any,
    accelerator: Any,
    train_loader: Any,
    epoch_sampler: Any,
    validation_loader: Any,
    val_y: np.ndarray,
    pos_weight: torch.Tensor | None,
    total_steps: int,
    n_epochs: int,
    resume: Mapping[str, Any] | None,
    checkpoint_args: Mapping[str, Any],
) -> None:
    """Train until ``total_steps``, early stopping or the last epoch; ``run`` holds the result."""
    from tqdm.auto import tqdm

    config = run.config
    labels = accelerator.unwrap_model(model).config.labels
    show = config.progress and accelerator.is_local_main_process
    start_epoch, skip_batches = 0, 0
    if resume is not None:
        start_epoch = int(resume["epoch"])
        skip_batches = int(resume["batches_in_epoch"])
        saved_procs = int(resume.get("num_processes", 1))
        if saved_procs != accelerator.num_processes:
            skip_batches = skip_batches * saved_procs // accelerator.num_processes
            logger.warning(
                "checkpoint written by %d processes, resuming on %d: the data position is "
                "approximate",
                saved_procs,
                accelerator.num_processes,
            )
    flops_token = flops_per_token(accelerator.unwrap_model(model))
    peak = peak_flops(accelerator.device, config.peak_tflops)
    bar = tqdm(
        total=total_steps, initial=run.global_step, desc="training", unit="step",
        disable=not show, dynamic_ncols=True,
    )  # fmt: skip
    meter = Meter(accelerator.device)
    last_evaluated = run.history[-1]["step"] if run.history else -1
    t_loop = time.perf_counter()
    model.train()
    done = run.global_step >= total_steps
    epoch = start_epoch
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
                # [K, N, L]: each head of an ensemble learns from its own loss (K = 1 for one).
                member_logits = model(**model_inputs(batch), members=True)
                loss = torch.stack(
                    [
                        multitask_bce_loss(
                            logits.float(), batch["labels"], batch["label_mask"], pos_weight
                        )
                        for logits in member_logits
                    ]
                ).mean()
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
                log_interval(run, accelerator, meter, optimizer, bar, epoch, peak, flops_token)
            end_of_epoch = batches_in_epoch >= len(train_loader)
            if (config.eval_every > 0 and run.global_step % config.eval_every == 0) or (
                config.eval_every == 0 and end_of_epoch
            ):
                with meter.paused():
                    t0 = time.perf_counter()
                    evaluate(
                        run, model, validation_loader, accelerator, val_y, labels, epoch,
                        can_stop=not finished,
                    )  # fmt: skip
                    last_evaluated = run.global_step
                    model.train()
                    run.timed("validation", t0)
            if (config.save_every > 0 and run.global_step % config.save_every == 0) or (
                config.save_every == 0 and end_of_epoch and not finished and not run.stopped_early
            ):
                with meter.paused():
                    t0 = time.perf_counter()
                    save_checkpoint(
                        run, accelerator, model, optimizer, scheduler,
                        epoch=epoch + 1 if end_of_epoch else epoch,
                        batches_in_epoch=0 if end_of_epoch else batches_in_epoch,
                        **checkpoint_args,
                    )  # fmt: skip
                    run.timed("checkpoints", t0)
            if run.stopped_early or finished:
                done = True
                break
    if meter.micro:
        log_interval(run, accelerator, meter, optimizer, bar, epoch, peak, flops_token)
    bar.close()
    run.timings["train_loop"] = round(time.perf_counter() - t_loop, 3)
    if last_evaluated != run.global_step:
        t0 = time.perf_counter()
        evaluate(run, model, validation_loader, accelerator, val_y, labels, None, can_stop=False)
        run.timed("validation", t0)


def resume_optimiser(checkpoint: Path, optimizer: Any, scheduler: Any) -> None:
    """Load a checkpoint's optimiser and schedule state (before ``accelerator.prepare``)."""
    load_checkpoint_optim(checkpoint, optimizer, scheduler)
