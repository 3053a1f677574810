"""Scratch files and folders written beside an output, and sweeping those a killed run left.

Every output is written to a hidden scratch entry beside it (``.eval.xxxx.part``) and moved into
place when whole. A run that is killed (``kill -9``, a lost machine) cannot remove its own, so
the next run writing beside the same output removes them. A live writer holds an exclusive
``flock`` on its entry (the file itself, or the folder) for as long as it writes, and the kernel
drops that lock when the process dies, however it dies. An entry is swept only when it is at
least :data:`MIN_AGE_S` old and its lock can be taken: a run still writing, in this process
namespace or another container sharing the folder, is never touched. No host or user name goes
into a scratch name. Where ``flock`` does not exist (Windows) nothing is swept. An entry the
sweeper may not open or remove (another user's) is left, and said at debug level. A model's
``.old`` backup is not scratch: it may hold the only copy of the artefact, and it is left alone.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

try:  # POSIX only
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

SCRATCH_SUFFIXES = (".part", ".tmp")
#: An entry younger than this is never swept: its writer may not have taken its lock yet.
MIN_AGE_S = 60.0
#: Lock descriptors of the scratch folders this process writes, until released.
_HELD: dict[str, int] = {}


def _lock(fd: int) -> bool:
    """Take an exclusive lock on ``fd`` without waiting; False where another holds one."""
    if fcntl is None:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _abandoned(entry: Path) -> bool:
    """Old enough, and nobody holds its lock (its writer is gone)."""
    try:
        if time.time() - entry.lstat().st_mtime < MIN_AGE_S:
            return False
        fd = os.open(entry, os.O_RDONLY)
    except OSError:
        return False
    try:
        return _lock(fd)  # released when closed, just below; the entry is then removed
    finally:
        os.close(fd)


def sweep_stale(parent: Path, name: str) -> int:
    """Remove the abandoned scratch entries for ``name`` in ``parent``; returns how many."""
    if fcntl is None or not parent.is_dir():
        return 0
    prefix = f".{name}."
    removed = 0
    try:
        entries = list(parent.iterdir())
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(SCRATCH_SUFFIXES)):
            continue
        if entry.is_symlink() or not _abandoned(entry):
            continue
        try:
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError as exc:  # another user's, or gone meanwhile: left as it is
            logger.debug("%s: a scratch entry was left (%s)", parent, type(exc).__name__)
            continue
        removed += 1
    if removed:
        logger.info("%s: removed %d scratch entries a killed run left", parent, removed)
    return removed


def scratch_file(parent: Path, name: str, suffix: str = ".part") -> tuple[int, str]:
    """``tempfile.mkstemp`` beside ``parent / name`` (0600), locked, after sweeping stale ones.

    The lock lives as long as the returned descriptor is open.
    """
    sweep_stale(parent, name)
    fd, path = tempfile.mkstemp(prefix=f".{name}.", suffix=suffix, dir=parent)
    _lock(fd)
    return fd, path


def scratch_folder(parent: Path, name: str, suffix: str = ".part") -> Path:
    """``tempfile.mkdtemp`` beside ``parent / name`` (0700), locked until :func:`release`,
    after sweeping stale ones."""
    sweep_stale(parent, name)
    path = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=suffix, dir=parent))
    fd = os.open(path, os.O_RDONLY)
    _lock(fd)
    _HELD[str(path)] = fd
    return path


def release(path: Path) -> None:
    """Drop the lock of a scratch folder this process made (after it is moved or removed)."""
    fd = _HELD.pop(str(path), None)
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


def discard(path: Path) -> None:
    """Remove a scratch folder this process made (whatever is left in it) and drop its lock."""
    shutil.rmtree(path, ignore_errors=True)
    release(path)
