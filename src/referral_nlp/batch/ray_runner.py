"""Batch redaction and scoring on Ray Data (``referral-nlp redact|predict --engine ray``).

The job, in order:

1. the driver reads and checks every input shard (:mod:`.shards`) and cuts the rows into
   tasks (shard, row range, output part);
2. Ray starts on this machine with its cores, or joins the cluster at ``--ray-address``;
3. ``ray.data.from_items(tasks).map_batches(BatchWorker, concurrency=N)``: a pool of N actors,
   each loading the redactor (or the scoring model and its redactor) once, reads its task's
   rows from the shard, runs the per-batch function of :mod:`.frames` and writes one part into
   the staging directory (:mod:`.output`); Ray Data shows progress and balances the tasks;
4. when every task is done the staging directory becomes the output; on any failure it is
   removed and the job fails with one line naming the shard and row, never a value.

Note text never enters Ray's object store, which may spill to disk: tasks carry paths and row
numbers, workers read their rows from the input and hand back counts. With ``--ray-address``,
the input, the output's parent directory and the model must be on a file system every node
sees, and referral-nlp installed on every node (as with any Ray job using local paths).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from referral_nlp.errors import UserError

logger = logging.getLogger(__name__)

__all__ = ["BatchJobError", "RayJob", "RayUnavailableError", "ray_session", "run_ray_job"]


class RayUnavailableError(UserError):
    """The Ray cluster named by ``--ray-address`` cannot be reached (a setting to fix)."""


class BatchJobError(RuntimeError):
    """A task of the job failed; the message names the shard and row, never a value."""


@dataclass(frozen=True)
class RayJob:
    """What every worker needs to know: plain values, sent to each actor once."""

    kind: str  # "redact" or "predict"
    staging: str
    output_format: str
    id_column: str = "id"
    text_column: str = "text"
    redaction_config: dict[str, Any] = field(default_factory=dict)
    model_dir: str | None = None
    device: str = "cpu"
    #: CPU cores (torch threads) of each worker.
    threads: int = 1


class BatchWorker:
    """A Ray actor: loads the redactor or scorer once, then runs tasks (one per call)."""

    def __init__(self, job: dict[str, Any]) -> None:
        from referral_nlp.redaction import RedactionConfig, Redactor

        self.job = RayJob(**job)
        self._cache: dict[str, Any] = {}
        if self.job.kind == "redact":
            # One process per actor: the actors are the parallelism, not spaCy's pool.
            config = {**self.job.redaction_config, "n_process": 1}
            self.redactor = Redactor(RedactionConfig.from_dict(config))
        else:
            from referral_nlp.modeling.scoring import CaseScorer

            # predict's own redaction settings, in this process (n_process 0 would fork a spaCy
            # pool per batch inside every actor, all on the same cores).
            self.scorer = CaseScorer(
                self.job.model_dir,
                redactor=Redactor(RedactionConfig(n_process=1)),
                device=self.job.device,
                num_threads=self.job.threads,
            ).load()

    def __call__(self, batch: Any) -> Any:
        import pandas as pd

        return pd.DataFrame([self._run(row) for row in batch.to_dict(orient="records")])

    def _run(self, row: dict[str, Any]) -> dict[str, Any]:
        import pandas as pd

        from referral_nlp.batch.frames import BatchRowError, redact_frame, score_frame
        from referral_nlp.batch.output import write_part
        from referral_nlp.batch.shards import Task, read_task_rows
        from referral_nlp.io import InputError
        from referral_nlp.redaction import RedactionError

        task = Task(**{k: row[k] for k in ("path", "fmt", "start", "stop", "part")})
        where = f"{Path(task.path).name}, rows {task.start + 1}-{task.stop}"
        began = time.time()  # wall clock: tasks of several processes are compared
        failed = {"part": task.part, "rows": 0, "entities": 0, "began": began, "ended": began}
        # A failure comes back as a result row, not an exception: Ray passes a worker's
        # exception on only as text with a traceback, and the driver stops at the first one.
        try:
            records, locations = read_task_rows(task, self._cache)
            frame = pd.DataFrame(records, dtype=object)
            if self.job.kind == "redact":
                result = redact_frame(
                    frame,
                    self.redactor,
                    id_column=self.job.id_column,
                    text_column=self.job.text_column,
                    locations=locations,
                )
            else:
                result = score_frame(frame, self.scorer, locations=locations)
            out = result.to_dict(orient="records")
            part = Path(self.job.staging) / task.part
            write_part(part, out, self.job.output_format, self.job.kind)
        except BatchRowError as exc:
            message = str(exc)  # names the row's line when it knows it
            if not message.startswith(Path(task.path).name):
                message = f"{where}: {message}"
            return {**failed, "error": message}
        except (InputError, RedactionError) as exc:
            return {**failed, "error": f"{where}: {exc}"}
        except Exception as exc:
            # Other messages may quote a value: only the type is safe to pass on.
            return {**failed, "error": f"{where}: failed ({type(exc).__name__}); nothing written"}
        entities = sum(len(r.get("entities") or ()) for r in out)
        return {
            "part": task.part,
            "rows": len(out),
            "entities": entities,
            "began": began,
            "ended": time.time(),
            "error": "",
        }


def _check_address(address: str) -> None:
    """Fail in seconds, in one line, when nothing listens at a ``host:port`` or ``ray://``
    address (``ray.init`` itself may retry for a minute)."""
    if address == "auto":
        return
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host = port = None
    if not host or not port:
        raise RayUnavailableError(
            f"--ray-address: expected HOST:PORT, ray://HOST:PORT or auto, got {address!r}."
        )
    try:
        with socket.create_connection((host, port), timeout=5):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise RayUnavailableError(
            f"cannot reach the Ray cluster at {host}:{port} ({reason})."
        ) from None


@dataclass
class RaySession:
    #: True when this call connected (and so disconnects at the end).
    started_here: bool
    startup_seconds: float
    cpus: float
    #: True when the session joined an existing cluster by address.
    joined: bool = False


@contextlib.contextmanager
def ray_session(address: str | None, *, cores: int | None = None) -> Iterator[RaySession]:
    """Join the cluster at ``address``, or start Ray on this machine with ``cores`` CPUs (its
    cores by default); shut it down afterwards. An already running Ray (a test session) is used
    as it is."""
    import ray

    # Ray would report usage statistics over the network; the project runs offline.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    began = time.perf_counter()
    started_here = False
    if not ray.is_initialized():
        if address:
            _check_address(address)
            try:
                ray.init(address=address, logging_level=logging.WARNING)
            except Exception as exc:
                raise RayUnavailableError(
                    f"cannot join the Ray cluster at {address} ({type(exc).__name__})."
                ) from None
        else:
            from referral_nlp.serving.settings import available_cores

            ray.init(
                # "local": a new Ray of our own, even where `ray start` left a cluster that a
                # bare ray.init() would join (and then refuse num_cpus).
                address="local",
                num_cpus=cores or available_cores(),
                include_dashboard=False,
                # Loopback only: nothing of a local job listens on the network.
                _node_ip_address="127.0.0.1",
                logging_level=logging.WARNING,
            )
        started_here = True
    session = RaySession(
        started_here,
        time.perf_counter() - began,
        float(ray.cluster_resources().get("CPU", 0)),
        joined=not started_here or bool(address),
    )
    try:
        yield session
    finally:
        if started_here:
            ray.shutdown()


def run_ray_job(
    job: RayJob,
    tasks: list[Any],
    *,
    num_workers: int,
    progress: bool = True,
) -> list[dict[str, Any]]:
    """Run ``tasks`` (from :func:`~referral_nlp.batch.shards.plan_tasks`) on ``num_workers``
    actors inside an open :func:`ray_session`; returns one ``{part, rows, entities, began,
    ended}`` per task (``began``/``ended``: when a worker started and finished it).
    Raises :class:`BatchJobError` (one line) when any task fails."""
    import ray

    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = progress
    dataset = ray.data.from_items(
        [t.as_row() for t in tasks], override_num_blocks=max(1, len(tasks))
    )
    dataset = dataset.map_batches(
        BatchWorker,
        batch_size=1,
        batch_format="pandas",
        compute=ray.data.ActorPoolStrategy(size=num_workers),
        num_cpus=job.threads,
        fn_constructor_kwargs={"job": asdict(job)},
    )
    results = []
    rows = iter(dataset.iter_rows())
    try:
        for row in rows:
            if row["error"]:  # stop at the first failed task; the caller removes the output
                raise BatchJobError(str(row["error"]))
            results.append(dict(row))
    except BatchJobError:
        raise
    except Exception as exc:
        # A worker that died or a Ray failure: its text may carry a traceback; say the type.
        raise BatchJobError(
            f"the Ray job failed ({type(exc).__name__}); nothing was written"
        ) from None
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    done = {r["part"] for r in results}
    missing = [t.part for t in tasks if t.part not in done]
    if missing:  # fail closed: never publish an output with a hole in it
        raise BatchJobError(f"{len(missing)} task(s) returned no result; nothing was written.")
    return results
