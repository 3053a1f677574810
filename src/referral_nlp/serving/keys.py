"""API keys for the service: created once, shown once, stored only as a hash.

A key is 32 random bytes (``secrets.token_urlsafe``) behind a ``rnlp_`` prefix. The keys file
(``.referral-nlp/keys.json`` under the working directory, or ``$REFERRAL_NLP_KEYS_FILE``) holds,
per key, its name, its role, when it was made and the SHA-256 of the key. A plain hash is
enough: the key has 256 bits of entropy, so there is nothing to guess, and a fast check keeps
authentication off the request path's critical cost. The file is written atomically with mode
0600; the key itself is never written anywhere.

With ``REFERRAL_NLP_DATABASE_URL`` set, the keys live in that database instead (table
``api_keys``, the same fields), so every replica of the service shares one key list:
:func:`referral_nlp.serving.key_stores.open_key_store` picks the store.

Roles (see :data:`ROLE_PERMISSIONS`):

``reviewer``
    redact notes and score cases; read the model card (the reviewer page links to it).
``governance``
    read the model card and export the audit log.
``admin``
    everything.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import threading
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from referral_nlp.errors import UserError
from referral_nlp.io import atomic_writer

logger = logging.getLogger(__name__)

__all__ = [
    "KEYS_FILE_ENV",
    "PERMISSIONS",
    "ROLES",
    "ROLE_PERMISSIONS",
    "ApiKey",
    "KeyStore",
    "default_keys_file",
    "make_key",
    "match_key",
]

KEYS_FILE_ENV = "REFERRAL_NLP_KEYS_FILE"
KEYS_FORMAT = "referral-nlp-keys"
KEY_PREFIX = "rnlp_"
ROLES: tuple[str, ...] = ("reviewer", "governance", "admin")
PERMISSIONS: tuple[str, ...] = ("redact", "score", "model_card", "audit")
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "reviewer": frozenset({"redact", "score", "model_card"}),
    "governance": frozenset({"model_card", "audit"}),
    "admin": frozenset(PERMISSIONS),
}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")


def default_keys_file(cwd: str | Path | None = None) -> Path:
    """``$REFERRAL_NLP_KEYS_FILE``, else ``<cwd>/.referral-nlp/keys.json``."""
    env = os.environ.get(KEYS_FILE_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(cwd if cwd is not None else Path.cwd()) / ".referral-nlp" / "keys.json"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ApiKey:
    """A stored key: never the key itself, only its hash."""

    name: str
    role: str
    sha256: str
    created: str

    def allows(self, permission: str) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())


def match_key(keys: list[ApiKey], presented: str) -> ApiKey | None:
    """The key among ``keys`` whose hash matches ``presented``, or None. Never logs the key;
    compares with every key (:func:`hmac.compare_digest`), so timing says nothing."""
    if not presented or not presented.startswith(KEY_PREFIX) or len(presented) > 200:
        return None
    digest = _digest(presented)
    found = None
    for key in keys:
        if hmac.compare_digest(key.sha256, digest):
            found = key
    return found


def make_key(role: str, name: str | None, existing: list[ApiKey]) -> tuple[ApiKey, str]:
    """A new key with ``role`` and ``name`` (default ``ROLE-N``), checked against ``existing``
    names; returns the record to store and the key itself (shown once, stored nowhere)."""
    if role not in ROLES:
        raise UserError(f"role: expected one of {', '.join(ROLES)}, got {role!r}.")
    taken = {k.name for k in existing}
    if name is None:
        n = 1 + sum(1 for k in existing if k.role == role)
        name = f"{role}-{n}"
        while name in taken:
            n += 1
            name = f"{role}-{n}"
    if not _NAME.match(name):
        raise UserError(
            "name: expected 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit."
        )
    if name in taken:
        raise UserError(f"name: a key named {name!r} exists; choose another name.")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    created = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    return ApiKey(name=name, role=role, sha256=_digest(secret), created=created), secret


class KeyStore:
    """The keys file: add keys, look a presented key up, reload when the file changes.

    Lookups compare hashes with :func:`hmac.compare_digest`; the file is re-read when its
    modification time changes, so ``referral-nlp keys add`` takes effect on a running server.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_keys_file()
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._keys: list[ApiKey] = []

    # ---- reading ---------------------------------------------------------------------------
    def _read(self) -> list[ApiKey]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UserError(
                f"{self.path}: the keys file cannot be read ({type(exc).__name__}); fix or "
                f"remove it and create keys again with `referral-nlp keys add`."
            ) from None
        if not isinstance(data, dict) or data.get("format") != KEYS_FORMAT:
            raise UserError(f"{self.path}: not a referral-nlp keys file (format {KEYS_FORMAT}).")
        keys = []
        for i, entry in enumerate(data.get("keys", [])):
            try:
                key = ApiKey(
                    name=str(entry["name"]),
                    role=str(entry["role"]),
                    sha256=str(entry["sha256"]),
                    created=str(entry.get("created", "")),
                )
            except (KeyError, TypeError):
                raise UserError(
                    f"{self.path}: key {i} needs name, role and sha256; fix or remove it."
                ) from None
            if key.role not in ROLES:
                raise UserError(
                    f"{self.path}: key {key.name!r} has role {key.role!r}; expected one of "
                    f"{', '.join(ROLES)}."
                )
            keys.append(key)
        return keys

    def entries(self) -> list[ApiKey]:
        """The stored keys, re-read if the file changed since the last look."""
        with self._lock:
            try:
                st = self.path.stat()
                stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
            except FileNotFoundError:
                stamp = None
            if stamp != self._stamp or stamp is None:
                self._keys = self._read()
                self._stamp = stamp
            return list(self._keys)

    def lookup(self, presented: str) -> ApiKey | None:
        """The stored key matching ``presented``, or None. Never logs the key."""
        return match_key(self.entries(), presented)

    # ---- writing ---------------------------------------------------------------------------
    def add(self, role: str, name: str | None = None) -> tuple[ApiKey, str]:
        """Create a key with ``role``; returns the stored record and the key (shown once)."""
        with self._lock:
            keys = self._read()
            record, secret = make_key(role, name, keys)
            self._write([*keys, record])
        logger.info("added API key %s with role %s", record.name, role)
        return record, secret

    def revoke(self, name: str) -> bool:
        """Remove the key called ``name``; True if there was one."""
        with self._lock:
            keys = self._read()
            kept = [k for k in keys if k.name != name]
            if len(kept) == len(keys):
                return False
            self._write(kept)
        logger.info("revoked API key %s", name)
        return True

    def _write(self, keys: list[ApiKey]) -> None:
        payload: dict[str, Any] = {
            "format": KEYS_FORMAT,
            "version": 1,
            "keys": [asdict(k) for k in keys],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(self.path, private=True) as fh:
            fh.write(json.dumps(payload, indent=2) + "\n")
        self._stamp = None  # re-read on the next lookup
