"""API keys in the shared database: every replica sees one key list.

The same records as the keys file (name, role, created, SHA-256 of the key; never the key),
in the table ``api_keys``. A replica keeps what it read for ``refresh_seconds`` (2 s by
default), so authentication costs no round trip per request and a key added or revoked on
one replica takes effect on all of them within that time. When the list is stale and the
database cannot be reached, :meth:`SqlKeyStore.lookup` raises
:class:`~referral_nlp.storage.database.DatabaseUnavailableError` (the service answers 503)
rather than trusting an old list.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from referral_nlp.errors import UserError
from referral_nlp.serving.keys import ROLES, ApiKey, make_key, match_key
from referral_nlp.storage.database import (
    check_reachable,
    create_database_engine,
    resolve_database_url,
    safe_url,
    unreachable,
)
from referral_nlp.storage.migrate import ensure_schema
from referral_nlp.storage.tables import api_keys

logger = logging.getLogger(__name__)

__all__ = ["SqlKeyStore"]


class SqlKeyStore:
    """The ``api_keys`` table of the database at ``target`` (URL, SQLite file or None)."""

    def __init__(self, target: str | Path | None = None, *, refresh_seconds: float = 2.0) -> None:
        self.url = resolve_database_url(target)
        #: What messages show for "where the keys are": the URL without its password.
        self.path = safe_url(self.url)
        self.engine = create_database_engine(self.url)
        check_reachable(self.engine)
        ensure_schema(self.engine)
        self.refresh_seconds = float(refresh_seconds)
        self._lock = threading.Lock()
        self._keys: list[ApiKey] = []
        self._read_at: float | None = None

    def _read(self) -> list[ApiKey]:
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(sa.select(api_keys).order_by(api_keys.c.name)).all()
        except sa.exc.SQLAlchemyError as exc:
            raise unreachable(self.url, exc) from None
        keys = []
        for row in rows:
            key = ApiKey(name=row.name, role=row.role, sha256=row.sha256, created=row.created)
            if key.role not in ROLES:
                logger.error("key %s in %s has an unknown role; ignored", key.name, self.path)
                continue
            keys.append(key)
        return keys

    def entries(self) -> list[ApiKey]:
        """The stored keys, read again once the last read is ``refresh_seconds`` old."""
        with self._lock:
            now = time.monotonic()
            if self._read_at is None or now - self._read_at >= self.refresh_seconds:
                self._keys = self._read()
                self._read_at = now
            return list(self._keys)

    def lookup(self, presented: str) -> ApiKey | None:
        """The stored key matching ``presented``, or None. Never logs the key."""
        return match_key(self.entries(), presented)

    def add(self, role: str, name: str | None = None) -> tuple[ApiKey, str]:
        """Create a key with ``role``; returns the stored record and the key (shown once)."""
        record, secret = make_key(role, name, self._read())
        try:
            with self.engine.begin() as conn:
                conn.execute(api_keys.insert().values(**record.__dict__))
        except sa.exc.IntegrityError:
            # Another replica or admin took the name between our read and our insert.
            raise UserError(
                f"name: a key named {record.name!r} exists; choose another name."
            ) from None
        except sa.exc.SQLAlchemyError as exc:
            raise unreachable(self.url, exc) from None
        self._read_at = None
        logger.info("added API key %s with role %s", record.name, role)
        return record, secret

    def revoke(self, name: str) -> bool:
        """Remove the key called ``name``; True if there was one."""
        try:
            with self.engine.begin() as conn:
                removed = conn.execute(api_keys.delete().where(api_keys.c.name == name)).rowcount
        except sa.exc.SQLAlchemyError as exc:
            raise unreachable(self.url, exc) from None
        self._read_at = None
        if removed:
            logger.info("revoked API key %s", name)
        return bool(removed)

    def close(self) -> None:
        self.engine.dispose()
