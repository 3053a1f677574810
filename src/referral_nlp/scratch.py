"""Scratch files and folders written beside an output, and sweeping those a killed run left.

Every output is written to a hidden scratch entry beside it (``.eval.part``) and moved into
place when whole. A run that is killed (``kill -9``, a lost machine) cannot remove its own, so
the next run writing beside the same output removes them. Each scratch name carries the host
and the process id that made it, ``.NAME.HOST-PID.RANDOM.part``, and an entry is swept only when
it was made on this host by a process that no longer runs. A run still writing, here or on
another machine sharing the folder, is never touched. A model's ``.old`` backup is not scratch:
it may hold the only copy of the artefact, and it is left alone.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import socket
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

SCRATCH_SUFFIXES = (".part", ".tmp")
#: What follows ``.NAME.HOST-`` in a scratch name: the pid, tempfile's random part, the suffix.
_TAIL = re.compile(r"(\d+)\.[A-Za-z0-9_]+(?:\.part|\.tmp)")


def _host() -> str:
    # Only letters, digits and hyphens, so the name splits cleanly on its dots.
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40] or "host"


def _prefix(name: str) -> str:
    return f".{name}.{_host()}-{os.getpid()}."


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it runs
        return True
    return True


def sweep_stale(parent: Path, name: str) -> int:
    """Remove the scratch entries for ``name`` in ``parent`` that a dead process of this host
    left; returns how many."""
    if not parent.is_dir():
        return 0
    mine = f".{name}.{_host()}-"
    removed = 0
    for entry in parent.iterdir():
        if not entry.name.startswith(mine):
            continue
        match = _TAIL.fullmatch(entry.name[len(mine) :])
        if match is None or _running(int(match.group(1))):
            continue
        with contextlib.suppress(FileNotFoundError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed += 1
    if removed:
        logger.info("%s: removed %d scratch entries a killed run left", parent, removed)
    return removed


def scratch_file(parent: Path, name: str, suffix: str = ".part") -> tuple[int, str]:
    """``tempfile.mkstemp`` beside ``parent / name`` (0600), after sweeping stale ones."""
    sweep_stale(parent, name)
    return tempfile.mkstemp(prefix=_prefix(name), suffix=suffix, dir=parent)


def scratch_folder(parent: Path, name: str, suffix: str = ".part") -> Path:
    """``tempfile.mkdtemp`` beside ``parent / name`` (0700), after sweeping stale ones."""
    sweep_stale(parent, name)
    return Path(tempfile.mkdtemp(prefix=_prefix(name), suffix=suffix, dir=parent))
