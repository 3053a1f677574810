"""Stopping a server and every process under it.

``referral-nlp serve`` runs ``bentoml serve``, which starts an arbiter and its workers; a signal
to the first process does not always reach the workers (they can outlive a group signal), so
whoever started the server (the tests, the serving benchmark) stops the whole tree.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess

__all__ = ["stop_process_tree"]


def stop_process_tree(
    proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 30
) -> None:
    """Send ``sig`` to ``proc`` and all its descendants; kill what is left after ``timeout``."""
    import psutil

    if proc.poll() is not None:
        return
    try:
        tree = [psutil.Process(proc.pid)]
        tree += tree[0].children(recursive=True)
    except psutil.NoSuchProcess:
        tree = []
    for p in tree:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.send_signal(sig)
    _, alive = psutil.wait_procs(tree, timeout=timeout)
    for p in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.kill()
    psutil.wait_procs(alive, timeout=timeout)
    proc.wait(timeout=timeout)
