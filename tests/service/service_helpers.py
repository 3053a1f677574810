"""Shared data and helpers for the service tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from referral_nlp.serving.keys import KeyStore

NOTE = (
    "Police attended after a DA incident at 12 Elm Road, Leeds LS9 8ZZ. Mum Sarah JONES had a "
    "cut lip. Kayden (DOB 04/07/2016) was present. Dad left before officers arrived."
)
PERSONAL = ("Sarah", "JONES", "Kayden", "04/07/2016", "Elm Road", "LS9 8ZZ")


def auth(keys: dict[str, str], role: str = "reviewer") -> dict[str, str]:
    return {"Authorization": f"Bearer {keys[role]}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(
        self, model: Path, tmp: Path, role: str = "admin", env: dict[str, str] | None = None
    ) -> None:
        self.port = free_port()
        self.keys_file, self.audit_db, self.log = (
            tmp / "keys.json",
            tmp / "audit.sqlite3",
            tmp / "server.log",
        )
        self.key = KeyStore(self.keys_file).add(role)[1]
        env = {
            **os.environ,
            "REFERRAL_NLP_WORKERS": "1",
            "REFERRAL_NLP_DEVICE": "cpu",
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        command = [
            sys.executable,
            "-m",
            "referral_nlp.cli",
            "serve",
            "--model",
            str(model),
            "--port",
            str(self.port),
            "--keys-file",
            str(self.keys_file),
            "--audit-db",
            str(self.audit_db),
        ]
        self.out = open(self.log, "wb")  # noqa: SIM115 - closed in stop()
        # A session of its own: the whole group (BentoML's arbiter and workers) can be killed.
        self.proc = subprocess.Popen(
            command, env=env, stdout=self.out, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.url = f"http://127.0.0.1:{self.port}"
        self.headers = {"Authorization": f"Bearer {self.key}"}

    def wait_ready(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(
                    "server exited:\n" + self.log.read_text(errors="replace")[-3000:]
                )
            try:
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise AssertionError("server not ready:\n" + self.log.read_text(errors="replace")[-3000:])

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server and every process under it (BentoML's workers included)."""
        from referral_nlp.serving.process_tree import stop_process_tree

        stop_process_tree(self.proc, sig)
        self.out.close()
