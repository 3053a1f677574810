"""The output of a batch job: a directory of part files that appears whole or not at all.

Workers write their parts into a hidden staging directory beside the output
(``.NAME.staging-<id>``), each part itself atomically; only when every task has succeeded is
the staging directory renamed to the output's name. A failed or interrupted job removes the
staging directory, so it leaves no output directory behind. An existing output directory from
an earlier job is replaced (moved aside, then removed); anything else at that path is refused.

Parts are named ``part-SSSSS-CCCCC.jsonl`` (or ``.parquet``) after their shard and chunk, so
reading them in name order gives the input order.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from referral_nlp.errors import UserError
from referral_nlp.io import atomic_writer

logger = logging.getLogger(__name__)

__all__ = ["OUTPUT_FORMATS", "output_format", "read_output", "staged_output", "write_part"]

OUTPUT_FORMATS = ("jsonl", "parquet")
_PART_PREFIX = "part-"


def output_format(output: str | Path, explicit: str | None = None) -> str:
    """``parquet`` for an output named ``*.parquet`` (or asked for), else ``jsonl``."""
    fmt = explicit or ("parquet" if Path(output).suffix.lower() == ".parquet" else "jsonl")
    if fmt not in OUTPUT_FORMATS:
        raise UserError(
            f"--output-format: the ray engine writes a directory of jsonl or parquet parts, "
            f"not {fmt}."
        )
    return fmt


def _is_batch_output(path: Path) -> bool:
    return path.is_dir() and all(p.name.startswith(_PART_PREFIX) for p in path.iterdir())


@contextlib.contextmanager
def staged_output(output: str | Path) -> Iterator[Path]:
    """A fresh staging directory; renamed to ``output`` when the block ends without error."""
    output = Path(output)
    if output.exists() and not _is_batch_output(output):
        raise UserError(
            f"{output}: exists and is not the output of a batch job (a directory of part "
            "files); choose another --output or remove it."
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.staging-{uuid.uuid4().hex[:12]}"
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if output.exists():
        old = output.parent / f".{output.name}.old-{uuid.uuid4().hex[:12]}"
        output.rename(old)
    staging.rename(output)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _parquet_schema(kind: str) -> Any:
    """One schema for every part of a job (a part without entities must not read as another
    type); ids are text, as in the Spark schemas of :mod:`referral_nlp.batch.frames`."""
    import pyarrow as pa

    if kind == "redact":
        entity = pa.struct(
            [
                ("start", pa.int64()),
                ("end", pa.int64()),
                ("entity_type", pa.string()),
                ("score", pa.float64()),
            ]
        )
        return pa.schema(
            [("id", pa.string()), ("redacted_text", pa.string()), ("entities", pa.list_(entity))]
        )
    score = pa.struct(
        [
            ("probability", pa.float64()),
            ("band", pa.string()),
            ("band_description", pa.string()),
            ("flagged", pa.bool_()),
        ]
    )
    return pa.schema(
        [
            ("id", pa.string()),
            ("re_referral", score),
            ("escalation", score),
            ("model_version", pa.string()),
        ]
    )


def write_part(path: Path, records: list[dict[str, Any]], fmt: str, kind: str) -> None:
    """One part, atomically: JSON lines as ``referral-nlp redact``/``predict`` write them, or a
    Parquet file with the job's schema (``kind``: redact or predict)."""
    if fmt == "jsonl":
        with atomic_writer(path) as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [{**r, "id": str(r["id"])} for r in records]
    table = pa.Table.from_pylist(rows, schema=_parquet_schema(kind))
    with atomic_writer(path, "wb") as fh:
        pq.write_table(table, fh)


def read_output(path: str | Path) -> list[dict[str, Any]]:
    """The records of a batch output directory (parts in name order) or of a JSONL file."""
    path = Path(path)
    files = sorted(path.glob(_PART_PREFIX + "*")) if path.is_dir() else [path]
    records: list[dict[str, Any]] = []
    for file in files:
        if file.suffix == ".parquet":
            import pyarrow.parquet as pq

            records.extend(pq.read_table(file).to_pylist())
        else:
            with file.open(encoding="utf-8") as fh:
                records.extend(json.loads(line) for line in fh if line.strip())
    return records
