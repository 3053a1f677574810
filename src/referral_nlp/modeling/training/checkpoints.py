"""Resume checkpoints and the best weights so far: safetensors + JSON, never pickle.

``output_dir/checkpoints/step-NNNNNN/`` holds the model's weights, the optimiser and schedule
state and every process's RNG state (:mod:`referral_nlp.modeling.state_io`), and
``trainer_state.json`` (step, epoch, position in the epoch, best metric, history, the model
config and the training data's fingerprint, so a checkpoint is only resumed by the run it
belongs to). ``checkpoints/best/`` holds the best validation weights.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch

from referral_nlp.io import atomic_writer
from referral_nlp.modeling.model import ModelConfig, ReferralRiskModel
from referral_nlp.modeling.state_io import load_state, save_state
from referral_nlp.modeling.training.config import ConfigError
from referral_nlp.modeling.training.outputs import jsonable

logger = logging.getLogger(__name__)

CHECKPOINTS_DIR = "checkpoints"
BEST_DIR = "best"
STATE_NAME = "trainer_state.json"


def unshared(state: Mapping[str, torch.Tensor]) -> dict[str, torch.Tensor]:
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


def safetensors_bytes(state: Mapping[str, torch.Tensor]) -> bytes:
    from safetensors.torch import save

    return save(dict(state), metadata={"format": "pt"})


def save_best(root: Path, state: Mapping[str, torch.Tensor], step: int | None, metric: Any) -> None:
    """``checkpoints/best/``: the best validation weights and their step."""
    directory = root / CHECKPOINTS_DIR / BEST_DIR
    directory.mkdir(parents=True, exist_ok=True)
    # The step is cleared first and written last: a kill between the two writes leaves
    # weights that no step claims, never new weights under the old step.
    with atomic_writer(directory / "best.json") as fh:
        json.dump({"step": None, "mean_validation_auroc": None}, fh)
    with atomic_writer(directory / "model.safetensors", "wb") as fh:
        fh.write(safetensors_bytes(unshared(state)))
    with atomic_writer(directory / "best.json") as fh:
        json.dump({"step": step, "mean_validation_auroc": metric}, fh)


def save_checkpoint(
    run: Any,
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
            fh.write(safetensors_bytes(unshared(unwrapped.state_dict())))
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
        (tmp / STATE_NAME).write_text(json.dumps(jsonable(state), indent=2), encoding="utf-8")
        # The best weights go beside every checkpoint that records a newer best step: a run
        # resumed from it ships the weights of the step its state names (cpu-quick writes no
        # best/ while it trains, and a best/ from the first checkpoint used to stay).
        if run.best_state is not None and _saved_best_step(root / BEST_DIR) != run.best_step:
            save_best(run.output_dir, run.best_state, run.best_step, run.best_metric)
        final = root / name
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
        existing = sorted(p for p in root.glob("step-*") if p.is_dir())
        for old in existing[: max(0, len(existing) - run.config.save_total_limit)]:
            shutil.rmtree(old, ignore_errors=True)
        logger.info("checkpoint %s", final)
    accelerator.wait_for_everyone()


def resolve_checkpoint(resume_from: str | None, output_dir: str | Path) -> Path | None:
    """The checkpoint ``resume_from`` names ('latest', a directory, or None)."""
    if resume_from is None:
        return None
    if resume_from == "latest":
        found = sorted((Path(output_dir) / CHECKPOINTS_DIR).glob("step-*"))
        found = [p for p in found if (p / STATE_NAME).is_file()]
        if not found:
            raise ConfigError(
                f"resume_from: expected a checkpoint in {output_dir}/{CHECKPOINTS_DIR}, "
                f"got 'latest' but there is none."
            )
        return found[-1]
    path = Path(resume_from)
    if not (path / STATE_NAME).is_file():
        raise ConfigError(
            f"resume_from: expected a checkpoint directory holding {STATE_NAME}, got "
            f"{resume_from!r}."
        )
    return path


def load_checkpoint_model(
    checkpoint: Path,
    model: ReferralRiskModel,
    model_config: ModelConfig,
    fingerprints: Mapping[str, str],
) -> dict[str, Any]:
    """Check a checkpoint fits this run, load its weights, return its trainer state."""
    from safetensors.torch import load_file

    state = json.loads((checkpoint / STATE_NAME).read_text(encoding="utf-8"))
    if state.get("model_config") != jsonable(model_config.to_dict()):
        raise ConfigError(
            f"resume_from: expected a checkpoint of the same model settings, got {checkpoint} "
            f"written with other model settings (max_tokens, head width, fields...)."
        )
    if state.get("data_fingerprints", {}).get("train") != fingerprints["train"]:
        raise ConfigError(
            f"resume_from: expected a checkpoint trained on the same (redacted) training data, "
            f"got {checkpoint} whose data fingerprint differs."
        )
    weights = load_file(str(checkpoint / "model.safetensors"), device="cpu")
    model.load_state_dict(weights)
    return state


def load_checkpoint_optim(checkpoint: Path, optimizer: Any, scheduler: Any) -> None:
    optimizer.load_state_dict(load_state(checkpoint / "optimizer"))
    scheduler.load_state_dict(load_state(checkpoint / "scheduler"))


def restore_rng(checkpoint: Path, rank: int) -> None:
    path = checkpoint / f"rng-{rank}"
    if not path.with_suffix(".json").is_file():
        return
    rng = load_state(path)
    torch.set_rng_state(rng["torch"])
    if "cuda" in rng and torch.cuda.is_available():
        torch.cuda.set_rng_state(rng["cuda"])


def _saved_best_step(directory: Path) -> int | None:
    try:
        return json.loads((directory / "best.json").read_text(encoding="utf-8")).get("step")
    except (OSError, ValueError, AttributeError):
        return None


def best_state(checkpoint: Path, best_step: int | None) -> dict[str, torch.Tensor] | None:
    """The best weights saved beside a checkpoint, if they are those of ``best_step``, the best
    step the checkpoint's state records; None otherwise (the resumed run then chooses again)."""
    directory = checkpoint.parent / BEST_DIR
    path = directory / "model.safetensors"
    if not path.is_file():
        return None
    saved = _saved_best_step(directory)
    if saved != best_step:
        logger.warning(
            "%s holds the weights of step %s, not those of step %s, the best this checkpoint "
            "records (a later best replaced them, a save was cut short, or an earlier version "
            "kept only the first); the resumed run chooses its best weights again from its own "
            "validations",
            directory,
            saved,
            best_step,
        )
        return None
    from safetensors.torch import load_file

    return load_file(str(path), device="cpu")
