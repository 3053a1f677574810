"""The audit log: one row per scored case and per redacted note, with no text and no personal data.

A row says who asked (key name and role, never the key), when (UTC), which model (version, the
weights' sha256 and the encoder arithmetic: float32, int8 PyTorch on a CPU, or onnx-int8 for a
model trained on int8 vectors) scored what (a keyed digest of the canonical input, never the
input; :mod:`referral_nlp.serving.audit_key` says why keyed), what came out (both
probabilities, bands and flags) and how long it took. Governance exports it through
``GET /v1/audit``.

Where: the database of ``REFERRAL_NLP_DATABASE_URL`` (PostgreSQL, shared by every replica), or
by default the SQLite file ``.referral-nlp/audit.sqlite3`` (``REFERRAL_NLP_AUDIT_DB``), through
SQLAlchemy (:mod:`referral_nlp.storage`). The tables are made by versioned migrations; a SQLite
file upgrades itself, a server database is upgraded by ``referral-nlp db upgrade``.

Durability: a request's rows are one transaction, so a server killed mid-load leaves every
committed row whole. SQLite runs in WAL mode with ``synchronous=NORMAL``, safe against a process
crash; ``synchronous="FULL"`` also survives a power cut. The SQLite file and its -wal and -shm
files are readable by their owner only (0600): rows say who scored which case when.

``since`` (``GET /v1/audit?since=``) is an RFC 3339 date-time with its offset or a date, read as
an instant in UTC; anything else is refused (:func:`parse_since`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from referral_nlp.storage.audit_store import AuditStore, parse_since
from referral_nlp.storage.database import AUDIT_FILE_ENV

logger = logging.getLogger(__name__)

__all__ = [
    "AUDIT_FILE_ENV",
    "AuditLog",
    "AuditRecord",
    "RedactionRecord",
    "input_digest",
    "parse_since",
]


def input_digest(case: Mapping[str, Any], key: bytes) -> str:
    """HMAC-SHA256 under the audit ``key`` of a case's canonical JSON (sorted keys, UTF-8): the
    same input and key, the same digest; without the key, a guess at the input confirms
    nothing. Stored in the ``input_sha256`` column (its name kept for existing databases)."""
    canonical = json.dumps(case, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class AuditRecord:
    """One scoring, as stored. Every field is a code, a number, a hash or a time."""

    time: str
    request_id: str
    key_name: str
    role: str
    endpoint: str
    model_version: str
    model_sha256: str
    #: the encoder arithmetic that scored ("float32", "int8" or "onnx-int8")
    precision: str
    input_sha256: str
    re_referral_probability: float
    re_referral_band: str
    re_referral_flagged: bool
    escalation_probability: float
    escalation_band: str
    escalation_flagged: bool
    latency_ms: float

    @staticmethod
    def now() -> str:
        return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class RedactionRecord:
    """One note redacted through ``POST /v1/redact``: who, when, a keyed digest of the text,
    how many spans were removed and how long it took; never the text."""

    time: str
    request_id: str
    key_name: str
    role: str
    endpoint: str
    input_sha256: str
    entities: int
    latency_ms: float


class AuditLog(AuditStore):
    """Append-only audit rows. ``target``: a database URL, a SQLite file, or None for
    ``$REFERRAL_NLP_DATABASE_URL`` (else the default SQLite file). Methods: ``append``,
    ``export(since=, limit=)`` (``since``: see :func:`parse_since`, compared in UTC; anything it
    refuses is a ValueError), ``count`` and ``close``."""

    def __init__(self, target: str | Path | None = None, *, synchronous: str = "NORMAL") -> None:
        super().__init__(target, synchronous=synchronous)
