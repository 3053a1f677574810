"""Where ``referral-nlp redact`` and ``predict`` run: ``--engine local|ray`` checked together
with the Ray flags (:mod:`.options` defines them), and the Ray runs of both commands."""

from __future__ import annotations

import argparse
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from referral_nlp import console
from referral_nlp.batch.ray_runner import BatchJobError
from referral_nlp.errors import UserError

__all__ = ["EngineOptions", "predict_on_ray", "redact_on_ray"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EngineOptions:
    """Where a batch command runs (checked together, before any work)."""

    #: "local" (this process, the default) or "ray" (Ray Data, on this machine or a cluster).
    engine: str = "local"
    #: A running Ray cluster to join (HOST:PORT, ray://HOST:PORT or auto); None: start Ray here.
    ray_address: str | None = None
    #: Ray actors, each with one core and its own loaded redactor/model (default: every core).
    num_workers: int | None = None
    #: Rows per Ray task (default: about 8 tasks per worker, 16 to 2000 rows).
    batch_size: int | None = None

    def __post_init__(self) -> None:
        if self.engine not in ("local", "ray"):
            raise UserError(f"--engine: expected local or ray, got {self.engine!r}.")
        if self.engine == "local" and (self.ray_address or self.num_workers is not None):
            raise UserError(
                "--ray-address and --num-workers apply to --engine ray; add --engine ray "
                "(local redaction takes --n-process)."
            )
        if self.num_workers is not None and self.num_workers < 1:
            raise UserError(f"--num-workers: expected at least 1, got {self.num_workers}.")
        if self.batch_size is not None and self.batch_size < 1:
            raise UserError(f"--batch-size: expected at least 1, got {self.batch_size}.")

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> EngineOptions:
        return cls(args.engine, args.ray_address, args.num_workers, args.batch_size)


def _workers(options: EngineOptions, cluster_cpus: float) -> int:
    cpus = int(cluster_cpus)
    workers = options.num_workers or max(1, cpus)
    if workers > cpus:
        raise UserError(
            f"--num-workers: {workers} workers need {workers} CPUs; the Ray cluster has "
            f"{cpus}. Ask for at most {cpus}."
        )
    return workers


def _run(kind: str, args: argparse.Namespace, job_fields: dict, fmt: str) -> tuple[int, int, str]:
    """Plan, start or join Ray, run the job into a staged output; returns (rows, entities,
    a line describing the run)."""
    from referral_nlp.batch.output import staged_output
    from referral_nlp.batch.ray_runner import RayJob, ray_session, run_ray_job
    from referral_nlp.batch.shards import plan_tasks

    options = EngineOptions.from_args(args)
    with ray_session(options.ray_address) as session:
        workers = _workers(options, session.cpus)
        console.err(
            f"Ray {'joined' if session.joined else 'started'} in "
            f"{session.startup_seconds:.1f}s ({session.cpus:g} CPUs); {workers} worker(s)"
        )
        _, tasks = plan_tasks(
            args.input,
            args.format,
            id_column=job_fields.get("id_column", "id"),
            text_column=job_fields.get("text_column", "text"),
            rows_per_task=options.batch_size,
            workers=workers,
            part_suffix=f".{fmt}",
        )
        began = time.perf_counter()
        with staged_output(args.output) as staging:
            job = RayJob(kind=kind, staging=str(staging), output_format=fmt, **job_fields)
            results = run_ray_job(job, tasks, num_workers=workers, progress=not args.no_progress)
        seconds = time.perf_counter() - began
    rows = sum(int(r["rows"]) for r in results)
    entities = sum(int(r["entities"]) for r in results)
    # From the first task's start to the last one's end: the work itself, without starting
    # Ray or loading a model into each worker.
    processing = max(r["ended"] for r in results) - min(r["began"] for r in results)
    how = (
        f"{len(tasks)} parts, Ray, {workers} worker(s), {seconds:.1f}s; "
        f"processing {processing:.1f}s"
    )
    return rows, entities, how


def _failed(command: str, exc: BaseException) -> int:
    """A failed job: one line (shard and row, never a value), exit status 2, no output."""
    console.err(f"referral-nlp {command}: error: {exc}")
    return 2


def redact_on_ray(args: argparse.Namespace, config: object) -> int:
    """``referral-nlp redact --engine ray``: the same records as the local engine, in parts."""
    from referral_nlp.batch.output import output_format, read_output

    fmt = output_format(args.output, args.output_format)
    if args.n_process not in (None, 1):
        logger.warning("--n-process is ignored with --engine ray: each worker uses one core.")
    fields = {
        "id_column": args.id_column,
        "text_column": args.text_column,
        "redaction_config": config.to_dict(),  # type: ignore[attr-defined]
    }
    try:
        rows, entities, how = _run("redact", args, fields, fmt)
    except BatchJobError as exc:
        return _failed("redact", exc)
    console.err(f"redacted {rows} notes ({entities} spans) -> {args.output}/ ({how})")
    for record in read_output(args.output)[: args.show] if args.show else []:
        console.out(f"--- {record['id']}\n{record['redacted_text']}")
    return 0


def predict_on_ray(args: argparse.Namespace, model_dir: Path) -> int:
    """``referral-nlp predict --engine ray``: the same results as the local engine, in parts."""
    from referral_nlp.batch.output import output_format

    fmt = output_format(args.output)
    fields = {"model_dir": str(model_dir), "device": args.device}
    try:
        rows, _, how = _run("predict", args, fields, fmt)
    except BatchJobError as exc:
        return _failed("predict", exc)
    console.err(f"scored {rows} cases -> {args.output}/ ({how})")
    return 0
