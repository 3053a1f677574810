"""The secret key the audit log's input digests are made with.

An audit record names the case it scored by a digest of the case, so that governance can find
the records of a case it holds. A plain SHA-256 of a referral would let anyone who reads the
audit log confirm a guess at what was submitted (a short note, a child's details), which makes
the digest personal data; a keyed digest (HMAC-SHA256) confirms nothing without the key. The ICO
calls the first pseudonymisation at best; the second keeps the digest useless to a reader of the
log alone.

Where the key comes from: ``REFERRAL_NLP_AUDIT_KEY`` (32 characters or more, the environment
only), or else the file ``audit.key`` beside the audit database (``.referral-nlp/`` by default),
made once with 32 random bytes, readable by its owner only (a key file others may read is
refused). Replicas that share one audit database must share the key through the environment:
with a shared database and no key there, the service refuses to start, since each replica would
make its own key (on a container's disk, lost at its restart) and one case would get a
different digest on each.
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
    if path.stat().st_mode & 0o077:
        raise UserError(
            f"{path}: the audit key may be read by other users; make it the owner's only "
            f"(chmod 600 {path})."
        )
    key = path.read_bytes().strip()
    if len(key) < _MIN_LENGTH or not all(0x21 <= b <= 0x7E for b in key):
        raise UserError(
            f"{path}: expected an audit key of at least {_MIN_LENGTH} printable ASCII "
            f"characters, got {len(key)} bytes. Restore the file from a backup, or delete it "
            "to make a new key (the records already written then no longer match a case's "
            "digest)."
        )
    return key


def _place(staged: str, path: Path) -> None:
    """``staged`` at ``path`` unless a key is there already: a hard link where the file system
    has them (the key appears whole), else an exclusive create."""
    try:
        os.link(staged, path)
    except FileExistsError:
        return  # another worker's key won: read it
    except OSError:
        with contextlib.suppress(FileExistsError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(Path(staged).read_bytes())


def audit_key(state_dir: Path, *, create: bool = True, shared: bool = False) -> bytes:
    """The audit key: the environment's, else ``state_dir/audit.key``, made when missing
    (``create``); with a ``shared`` database the environment's only. Several workers may start
    at once: the file appears whole or not at all (written aside, then hard-linked into place),
    and every worker reads the one that won."""
    key = _from_env()
    if key is not None:
        return key
    if shared:
        raise UserError(
            f"{AUDIT_KEY_ENV}: not set, and the audit database is shared by replicas. Set the "
            "same key (32+ characters) on every replica, or one case gets a different digest "
            "on each; generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`."
        )
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
        _place(staged, path)
    finally:
        os.unlink(staged)
    return _read(path)
