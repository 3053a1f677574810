"""The per-batch work of batch redaction and scoring: plain functions over a pandas DataFrame.

Each function takes one batch of input rows as a DataFrame and returns the output rows as a
DataFrame, with the loaded redactor or scorer passed in, so the same code runs in a Ray actor
(:mod:`referral_nlp.batch.ray_runner`), in Spark's ``mapInPandas`` or in a plain loop:

.. code-block:: python

    # Spark: a DataFrame with columns id and text, redacted partition by partition.
    from referral_nlp.batch.frames import REDACT_SPARK_SCHEMA, redact_frame
    from referral_nlp.redaction import Redactor

    def redact_partitions(frames):
        redactor = Redactor()  # once per partition iterator: the model loads once per task
        for frame in frames:
            yield redact_frame(frame, redactor)

    redacted = notes.mapInPandas(redact_partitions, schema=REDACT_SPARK_SCHEMA)

A row whose redaction fails raises :class:`BatchRowError` naming its position in the batch
(and, with ``locations``, its file and line), never its text; nothing of the batch is returned,
so nothing unredacted can be written.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

logger = logging.getLogger(__name__)

__all__ = [
    "PREDICT_SPARK_SCHEMA",
    "REDACT_SPARK_SCHEMA",
    "BatchRowError",
    "frame_records",
    "redact_frame",
    "score_frame",
]

#: Spark SQL schemas of the two outputs (``mapInPandas(..., schema=...)``).
REDACT_SPARK_SCHEMA = (
    "id string, redacted_text string, "
    "entities array<struct<start:long,end:long,entity_type:string,score:double>>"
)
PREDICT_SPARK_SCHEMA = (
    "id string, re_referral struct<probability:double,band:string>, "
    "escalation struct<probability:double,band:string>, model_version string"
)


class BatchRowError(RuntimeError):
    """A row of a batch could not be processed. ``position`` is its index in the batch; the
    message names the stage and, where known, the row's location, never its content."""

    def __init__(self, position: int, message: str) -> None:
        super().__init__(message)
        self.position = position


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts, without the cells pandas filled in for absent fields (NaN), so a
    record reads as it did in its file: an absent field stays absent."""
    return [
        {k: v for k, v in row.items() if not _missing(v)} for row in frame.to_dict(orient="records")
    ]


def _where(locations: Sequence[str] | None, position: int) -> str:
    return locations[position] if locations else f"row {position + 1} of the batch"


def _redact_all(redactor: Any, texts: list[str], locations: Sequence[str] | None) -> list[Any]:
    """Every text's redaction, or a BatchRowError naming the first row that fails alone."""
    from referral_nlp.redaction import RedactionError

    done: list[Any] = []
    try:
        for result in redactor.redact_many(texts):
            done.append(result)
    except RedactionError:
        # The batch failed somewhere at or after len(done): find the row by redacting each on
        # its own (only on failure, so the usual path keeps nlp.pipe's batching).
        for position in range(len(done), len(texts)):
            try:
                redactor.redact(texts[position])
            except RedactionError:
                raise BatchRowError(
                    position, f"{_where(locations, position)}: redaction failed; nothing written"
                ) from None
        raise BatchRowError(
            len(done), f"{_where(locations, len(done))}: redaction failed; nothing written"
        ) from None
    if len(done) != len(texts):  # fail closed on a short answer
        raise BatchRowError(len(done), f"redaction returned {len(done)} of {len(texts)} notes")
    return done


def redact_frame(
    frame: pd.DataFrame,
    redactor: Any,
    *,
    id_column: str = "id",
    text_column: str = "text",
    locations: Sequence[str] | None = None,
) -> pd.DataFrame:
    """``id``, ``redacted_text`` and ``entities`` (``{start, end, entity_type, score}``, offsets
    into the original text) for each row, as ``referral-nlp redact`` writes them.

    ``redactor``: a :class:`~referral_nlp.redaction.Redactor`. ``locations``: each row's place
    in its file ("shard.jsonl, line 7"), for error messages.
    """
    for column in (id_column, text_column):
        if column not in frame.columns:
            raise ValueError(f"the batch has no {column!r} column; columns: {list(frame.columns)}.")
    texts = list(frame[text_column])
    for position, text in enumerate(texts):
        if not isinstance(text, str):
            raise BatchRowError(
                position,
                f"{_where(locations, position)}: field {text_column!r} must be a string, got "
                f"{type(text).__name__}",
            )
    results = _redact_all(redactor, texts, locations)
    rows = [
        {"id": rid, **result.to_dict()}
        for rid, result in zip(frame[id_column], results, strict=True)
    ]
    return pd.DataFrame(rows, columns=["id", "redacted_text", "entities"], dtype=object)


def score_frame(
    frame: pd.DataFrame, scorer: Any, *, locations: Sequence[str] | None = None
) -> pd.DataFrame:
    """``id``, ``re_referral`` and ``escalation`` (``{probability, band}``) and
    ``model_version`` for each case, as ``referral-nlp predict`` writes them.

    ``scorer``: a loaded :class:`~referral_nlp.modeling.scoring.CaseScorer`, the entry point
    of ``referral-nlp predict`` (it redacts, then scores). Structured fields are read as
    ``predict`` reads them: absent, unknown or malformed values are unknown, with a warning
    naming the field and the row but never the value.
    """
    from referral_nlp.modeling.scoring import coerce_case
    from referral_nlp.redaction import RedactionError

    cases = []
    for position, record in enumerate(frame_records(frame)):
        case, problems = coerce_case(record)
        for name, problem in problems:
            logger.warning(
                "%s: field %r %s; treated as unknown.", _where(locations, position), name, problem
            )
        cases.append(case)
    try:
        results = scorer.score(cases)  # the one call into modelling
    except RedactionError:
        # Find the row that fails, with the scorer's own redactor; nothing is scored.
        _redact_all(scorer.redactor, [c["text"] for c in cases], locations)
        raise BatchRowError(0, "redaction failed; nothing written") from None
    return pd.DataFrame(results, dtype=object)
