"""The audit log: one row per scored case, in SQLite (WAL), with no text and no personal data.

A row says who asked (key name and role, never the key), when, which model (version, the
weights' sha256 and the arithmetic: float32, or int8 on a CPU) scored what (the SHA-256 of the
canonical input, never the input), what came out (both probabilities, bands and flags) and how
long it took. Governance exports it through ``GET /v1/audit``.

Durability: the database runs in WAL mode and every row is its own transaction, so a server
killed mid-load leaves every committed row whole and the file readable (SQLite's journal rolls
back a half-written transaction on the next open). ``synchronous=NORMAL`` is safe against a
process crash in WAL mode; set ``synchronous="FULL"`` to also survive a power cut.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

__all__ = ["AUDIT_FILE_ENV", "AuditLog", "AuditRecord", "input_sha256"]

AUDIT_FILE_ENV = "REFERRAL_NLP_AUDIT_DB"


def input_sha256(case: Mapping[str, Any]) -> str:
    """SHA-256 of a case's canonical JSON (sorted keys, UTF-8): the same input, the same hash."""
    canonical = json.dumps(case, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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
    #: the encoder arithmetic that scored ("float32" or "int8")
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


_COLUMNS = [f.name for f in fields(AuditRecord)]
_TYPES = {
    "re_referral_probability": "REAL NOT NULL",
    "escalation_probability": "REAL NOT NULL",
    "latency_ms": "REAL NOT NULL",
    "re_referral_flagged": "INTEGER NOT NULL",
    "escalation_flagged": "INTEGER NOT NULL",
}
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS scores (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    + ", ".join(f"{c} {_TYPES.get(c, 'TEXT NOT NULL')}" for c in _COLUMNS)
    + ")"
)


class AuditLog:
    """Append-only audit rows in a SQLite database (created on first use)."""

    def __init__(self, path: str | Path, *, synchronous: str = "NORMAL") -> None:
        if synchronous not in ("NORMAL", "FULL"):
            raise ValueError(f"synchronous: expected NORMAL or FULL, got {synchronous!r}.")
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        # One connection shared by the worker's threads, guarded by the lock.
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"PRAGMA synchronous={synchronous}")
        self._db.execute("PRAGMA busy_timeout=10000")  # several workers share one file
        self._db.execute(_SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        """Add columns a database written by an older version lacks (its rows keep a default)."""
        present = {row[1] for row in self._db.execute("PRAGMA table_info(scores)")}
        if "precision" not in present:
            # Rows written before the column existed were all scored in float32.
            self._db.execute(
                "ALTER TABLE scores ADD COLUMN precision TEXT NOT NULL DEFAULT 'float32'"
            )

    def append(self, records: Sequence[AuditRecord]) -> None:
        """Store ``records``, each in its own transaction (a crash tears none of them)."""
        placeholders = ", ".join("?" for _ in _COLUMNS)
        sql = f"INSERT INTO scores ({', '.join(_COLUMNS)}) VALUES ({placeholders})"
        with self._lock:
            for record in records:
                row = asdict(record)
                self._db.execute(
                    sql,
                    [int(v) if isinstance(v, bool) else v for v in (row[c] for c in _COLUMNS)],
                )

    def export(self, *, since: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        """The latest ``limit`` rows at or after ``since`` (ISO time), oldest first."""
        query = "SELECT seq, " + ", ".join(_COLUMNS) + " FROM scores"
        args: list[Any] = []
        if since:
            query += " WHERE time >= ?"
            args.append(since)
        query += " ORDER BY seq DESC LIMIT ?"
        args.append(int(limit))
        with self._lock:
            rows = self._db.execute(query, args).fetchall()
        out = []
        for row in reversed(rows):
            entry = dict(zip(["seq", *_COLUMNS], row, strict=True))
            for flag in ("re_referral_flagged", "escalation_flagged"):
                entry[flag] = bool(entry[flag])
            out.append(entry)
        return out

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM scores").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()
