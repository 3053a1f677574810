"""The input of a batch job: one file or a directory of shards, checked and cut into tasks.

Every shard is read and checked once on the driver before any work starts, with the same
reader as the local engine (:func:`referral_nlp.io.read_records`): a malformed line, a missing
id or text, a shard in another format or with other columns than the first fails the job at
once, naming the shard (and line), never a value. Then the rows are cut into tasks of
``rows_per_task`` rows; a task names its shard and row range, and the worker that runs it reads
those rows itself, so note text never travels through the cluster's object store (which may
spill to disk): only paths, row numbers and redacted output do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from referral_nlp.io import FORMATS, InputError, detect_format, read_records, require_fields

__all__ = ["Shard", "Task", "find_shards", "plan_tasks", "read_task_rows"]

#: Tasks per worker when the batch size is automatic: enough to balance, few enough files.
TASKS_PER_WORKER = 8
AUTO_MIN_ROWS, AUTO_MAX_ROWS = 16, 2000


@dataclass(frozen=True)
class Shard:
    path: str
    fmt: str
    rows: int
    #: Field names present in the shard (for JSONL: in any of its records), sorted.
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Task:
    """Rows ``start`` to ``stop`` (0-based, stop exclusive) of a shard, and the output part
    they become (parts sort in input order)."""

    path: str
    fmt: str
    start: int
    stop: int
    part: str

    def as_row(self) -> dict[str, Any]:
        return dict(self.__dict__)


def find_shards(source: str | Path, fmt: str | None = None) -> list[tuple[Path, str]]:
    """``[(path, format)]``: the file itself, or the data files of a directory in name order
    (hidden files and Spark's ``_SUCCESS``-style files are skipped). Mixed formats are refused."""
    source = Path(source)
    if source.is_file():
        return [(source, detect_format(source, fmt))]
    if not source.is_dir():
        raise InputError(f"{source}: no such file or directory.")
    found = []
    for path in sorted(source.iterdir()):
        if path.name.startswith((".", "_")) or not path.is_file():
            continue
        suffix = path.suffix.lower().lstrip(".")
        if fmt is None and suffix not in (*FORMATS, "ndjson"):
            continue
        found.append((path, detect_format(path, fmt)))
    if not found:
        raise InputError(f"{source}: no .jsonl, .csv or .parquet shards in the directory.")
    first_path, first_fmt = found[0]
    for path, shard_fmt in found[1:]:
        if shard_fmt != first_fmt:
            raise InputError(
                f"{path}: shard is {shard_fmt} but {first_path.name} is {first_fmt}; put one "
                "format in a directory (or pass --format)."
            )
    return found


def plan_tasks(
    source: str | Path,
    fmt: str | None,
    *,
    id_column: str = "id",
    text_column: str = "text",
    rows_per_task: int | None = None,
    workers: int = 1,
    part_suffix: str = ".jsonl",
) -> tuple[list[Shard], list[Task]]:
    """Read and check every shard, then cut the rows into tasks (see the module docstring).

    ``rows_per_task`` None: about :data:`TASKS_PER_WORKER` tasks per worker, 16 to 2000 rows.
    """
    shards: list[Shard] = []
    for path, shard_fmt in find_shards(source, fmt):
        records = read_records(path, shard_fmt)
        require_fields(records, path, text_field=text_column, id_field=id_column)
        columns = tuple(sorted({key for record in records for key in record}))
        shard = Shard(str(path), shard_fmt, len(records), columns)
        if shards and shard.rows and shards[0].rows and shard.columns != shards[0].columns:
            first = shards[0]
            extra = sorted(set(shard.columns) - set(first.columns))
            missing = sorted(set(first.columns) - set(shard.columns))
            raise InputError(
                f"{path}: shard has other columns than {Path(first.path).name} "
                f"(extra: {extra or 'none'}; missing: {missing or 'none'}); every shard of a "
                "job needs the same columns."
            )
        shards.append(shard)
    total = sum(s.rows for s in shards)
    if total == 0:
        raise InputError(f"{source}: no records to process.")
    if rows_per_task is None:
        rows_per_task = math.ceil(total / (max(1, workers) * TASKS_PER_WORKER))
        rows_per_task = min(AUTO_MAX_ROWS, max(AUTO_MIN_ROWS, rows_per_task))
    tasks = []
    for index, shard in enumerate(shards):
        for chunk, start in enumerate(range(0, shard.rows, rows_per_task)):
            stop = min(shard.rows, start + rows_per_task)
            part = f"part-{index:05d}-{chunk:05d}{part_suffix}"
            tasks.append(Task(shard.path, shard.fmt, start, stop, part))
    return shards, tasks


def read_task_rows(
    task: Task, cache: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """The records of ``task`` and their locations ("shard.jsonl, line 7"). ``cache`` (one
    entry) keeps the last shard read, so a worker reads each shard about once."""
    if cache is not None and cache.get("path") == task.path:
        records = cache["records"]
    else:
        records = read_records(task.path, task.fmt)
        if cache is not None:
            cache.clear()
            cache.update(path=task.path, records=records)
    name = Path(task.path).name
    rows = list(records[task.start : task.stop])
    locations = [f"{name}, {where}" for where in records.locations[task.start : task.stop]]
    if len(rows) != task.stop - task.start:
        raise InputError(f"{task.path}: the shard changed while the job ran; run it again.")
    return rows, locations
