"""The secret key the audit log's input digests are made with.

An audit record names the case it scored by a digest of the case, so that governance can find
the records of a case it holds. A plain SHA-256 of a referral would let anyone who reads the
audit log confirm a guess at what was submitted (a short note, a child's details), which makes
the digest personal data; a keyed digest (HMAC-SHA256) confirms nothing without the key. The ICO
calls the first pseudonymisation at best; the second keeps the digest useless to a reader of the
log alone.

Where the key comes from: ``REFERRAL_NLP_AUDIT_KEY`` (32 characters or more, the environment
only), or else the file ``audit.key`` beside the audit database (``.referral-nlp/`` by default),
made once with 32 random bytes, readable by its owner only. Replicas that share one audit
database must share the key through the environment, or the same case gets a different digest
on each.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from referral_nlp.errors import UserError

__all__ = ["AUDIT_KEY_ENV", "AUDIT_KEY_FILE", "audit_key", "audit_key_path"]

AUDIT_KEY_ENV = "REFERRAL_NLP_AUDIT_KEY"
AUDIT_KEY_FILE = "audit.key"
_MIN_LENGTH = 32


def audit_key_path(state_dir: Path) -> Path:
    return state_dir / AUDIT_KEY_FILE


def _from_env() -> bytes | None:
    key = os.environ.get(AUDIT_KEY_ENV, "").strip()
    if key and len(key) < _MIN_LENGTH:
        raise UserError(
            f"{AUDIT_KEY_ENV}: expected at least {_MIN_LENGTH} characters, got {len(key)}; "
            "generate one with `python -c 'import secrets; print(secrets.token_urlsafe(32))'`."
        )
    return key.encode("utf-8") if key else None


def _read(path: Path) -> bytes:
    key = path.read_text(encoding="ascii", errors="replace").strip()
    if len(key) < _MIN_LENGTH:
        raise UserError(
            f"{path}: expected an audit key of at least {_MIN_LENGTH} characters, got "
            f"{len(key)}. Restore the file from a backup, or delete it to make a new key "
            "(the records already written then no longer match a case's digest)."
        )
    return key.encode("ascii")


def audit_key(state_dir: Path, *, create: bool = True) -> bytes:
    """The audit key: the environment's, else ``state_dir/audit.key``, made when missing
    (``create``). Several workers may start at once: the file appears whole or not at all
    (written aside, then hard-linked into place), and every worker reads the one that won."""
    key = _from_env()
    if key is not None:
        return key
    path = audit_key_path(state_dir)
    if path.exists() or not create:
        if not path.exists():
            raise UserError(
                f"{path}: no audit key here and {AUDIT_KEY_ENV} is not set. Run this where "
                "the service keeps its audit database, or export the service's key."
            )
        return _read(path)
    state_dir.mkdir(parents=True, exist_ok=True)
    fd, staged = tempfile.mkstemp(dir=state_dir, prefix=".audit.key.")  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as staged_file:
            staged_file.write(secrets.token_hex(32) + "\n")
            staged_file.flush()
            os.fsync(staged_file.fileno())
        with contextlib.suppress(FileExistsError):  # another worker's key won: read it
            os.link(staged, path)
    finally:
        os.unlink(staged)
    return _read(path)
