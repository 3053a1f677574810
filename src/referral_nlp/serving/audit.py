"""The audit log: one row per scored case, in SQLite (WAL), with no text and no personal data.

A row says who asked (key name and role, never the key), when, which model (version, the
weights' sha256 and the arithmetic: float32, or int8 on a CPU) scored what (the SHA-256 of the
canonical input, never the input), what came out (both probabilities, bands and flags) and how
long it took. Governance exports it through ``GET /v1/audit``.

Privacy: the database and its ``-wal`` and ``-shm`` files are readable by their owner only
(0600, like the keys file): rows say who scored which case when. SQLite gives the two side
files the database's own mode, so the database is created 0600 before SQLite opens it.

Durability: the database runs in WAL mode and every row is its own transaction, so a server
killed mid-load leaves every committed row whole and the file readable (SQLite's journal rolls
back a half-written transaction on the next open). ``synchronous=NORMAL`` is safe against a
process crash in WAL mode; set ``synchronous="FULL"`` to also survive a power cut.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

__all__ = ["AUDIT_FILE_ENV", "AuditLog", "AuditRecord", "input_sha256", "parse_since"]

AUDIT_FILE_ENV = "REFERRAL_NLP_AUDIT_DB"
_PRIVATE = 0o600
# RFC 3339: a date, or a date-time with its offset (T or a space; Z or +-HH:MM; a leap second).
_SINCE = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(?:[Tt ](?P<h>\d{2}):(?P<mi>\d{2}):(?P<s>\d{2})(?:\.(?P<f>\d+))?"
    r"(?P<tz>[Zz]|[+-]\d{2}:\d{2}))?$"
)


def parse_since(value: str) -> str:
    """An RFC 3339 date-time (with its offset) or date (midnight UTC), as the UTC text the audit
    rows are stored in, so that rows compare as instants whatever offset the caller used.

    Raises ValueError saying what is accepted for anything else (``20261203``, a time without
    an offset, "yesterday").
    """
    match = _SINCE.match(value.strip())
    problem = (
        "since: expected an RFC 3339 date-time with its offset (2026-12-03T09:00:00Z, "
        "2026-12-03T10:00:00+01:00) or a date (2026-12-03)."
    )
    if match is None:
        raise ValueError(problem)
    g = match.groupdict()
    try:
        if g["h"] is None:
            instant = datetime(int(g["y"]), int(g["mo"]), int(g["d"]), tzinfo=timezone.utc)
        else:
            tz = g["tz"].upper()
            offset = (
                timedelta(0)
                if tz == "Z"
                else (1 if tz[0] == "+" else -1)
                * timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6]))
            )
            micro = int((g["f"] or "0")[:6].ljust(6, "0"))
            instant = datetime(
                int(g["y"]),
                int(g["mo"]),
                int(g["d"]),
                int(g["h"]),
                int(g["mi"]),
                min(int(g["s"]), 59),  # a leap second counts as the second before it
                micro,
                tzinfo=timezone(offset),
            )
    except ValueError:
        raise ValueError(problem + " That date or time does not exist.") from None
    try:
        utc = instant.astimezone(timezone.utc)
        # Rows hold milliseconds: "at or after" a finer instant starts at the next millisecond.
        utc += timedelta(microseconds=-utc.microsecond % 1000)
    except OverflowError:  # an offset pushed year 1 or 9999 out of range: clamp
        edge = datetime.min if instant.year == 1 else datetime.max
        utc = edge.replace(tzinfo=timezone.utc)
    return utc.isoformat(timespec="milliseconds")


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


def _make_private(path: Path) -> None:
    """Create ``path`` with mode 0600 if it is new; tighten it if it is not."""
    fd = os.open(path, os.O_CREAT | os.O_RDWR, _PRIVATE)
    os.close(fd)
    os.chmod(path, _PRIVATE)


class AuditLog:
    """Append-only audit rows in a SQLite database (created on first use)."""

    def __init__(self, path: str | Path, *, synchronous: str = "NORMAL") -> None:
        if synchronous not in ("NORMAL", "FULL"):
            raise ValueError(f"synchronous: expected NORMAL or FULL, got {synchronous!r}.")
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _make_private(self.path)
        self._lock = threading.Lock()
        # One connection shared by the worker's threads, guarded by the lock.
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"PRAGMA synchronous={synchronous}")
        self._db.execute("PRAGMA busy_timeout=10000")  # several workers share one file
        self._db.execute(_SCHEMA)
        self._migrate()
        for side in ("-wal", "-shm"):  # written by an older version with the default mode
            side_file = self.path.with_name(self.path.name + side)
            if side_file.exists():
                os.chmod(side_file, _PRIVATE)

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
        """The latest ``limit`` rows at or after ``since``, oldest first.

        ``since``: see :func:`parse_since` (a ValueError for anything it refuses).
        """
        query = "SELECT seq, " + ", ".join(_COLUMNS) + " FROM scores"
        args: list[Any] = []
        if since is not None:  # an empty "since" is refused, not read as "no since"
            query += " WHERE time >= ?"
            args.append(parse_since(since))
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
