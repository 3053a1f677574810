"""The real server: ``referral-nlp serve`` as a subprocess on loopback.

Checks what only a real server shows: start-up to ready, /metrics, a scoring end to end, no
personal data in what the server prints, and an audit database that survives a SIGKILL mid-load.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from service_helpers import NOTE, PERSONAL

from referral_nlp.serving.keys import KeyStore


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, model: Path, tmp: Path) -> None:
        self.port = free_port()
        self.keys_file, self.audit_db, self.log = (
            tmp / "keys.json",
            tmp / "audit.sqlite3",
            tmp / "server.log",
        )
        self.key = KeyStore(self.keys_file).add("admin")[1]
        env = {
            **os.environ,
            "REFERRAL_NLP_WORKERS": "1",
            "REFERRAL_NLP_DEVICE": "cpu",
            "PYTHONUNBUFFERED": "1",
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
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        self.out.close()


@pytest.fixture(scope="module")
def server(service_model, tmp_path_factory):
    srv = Server(service_model, tmp_path_factory.mktemp("server"))
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


def test_ready_metrics_and_a_scoring(server):
    assert httpx.get(server.url + "/livez").status_code == 200
    metrics = httpx.get(server.url + "/metrics")
    assert metrics.status_code == 200 and "bentoml" in metrics.text
    response = httpx.post(
        server.url + "/v1/score", json={"text": NOTE}, headers=server.headers, timeout=60
    )
    assert response.status_code == 200, response.text
    assert response.json()["request_id"] == response.headers["x-request-id"]
    assert httpx.post(server.url + "/v1/score", json={"text": NOTE}).status_code == 401
    bad = httpx.post(
        server.url + "/v1/score",
        json={"text": NOTE, "ethnicity": "Zebedee"},
        headers=server.headers,
    )
    assert bad.status_code == 400
    big = httpx.post(
        server.url + "/v1/redact",
        content=b"x" * 2_000_000,
        headers={**server.headers, "Content-Type": "application/json"},
    )
    assert big.status_code == 413


def test_server_output_holds_no_personal_data(server):
    httpx.post(server.url + "/v1/redact", json={"text": NOTE}, headers=server.headers, timeout=60)
    httpx.post(
        server.url + "/v1/score",
        json={"text": NOTE, "child_age": "Kayden"},
        headers=server.headers,
        timeout=60,
    )
    time.sleep(0.5)
    printed = server.log.read_text(errors="replace")
    assert "/v1/score" in printed  # the access log is there, so the check is not vacuous
    for value in (*PERSONAL, "Zebedee"):
        assert value not in printed


def test_killed_mid_load_the_audit_database_is_whole(service_model, tmp_path):
    srv = Server(service_model, tmp_path)
    try:
        srv.wait_ready()
        stop = threading.Event()

        def load() -> None:
            with httpx.Client(timeout=30) as client:
                while not stop.is_set():
                    try:
                        client.post(
                            srv.url + "/v1/score/batch",
                            headers=srv.headers,
                            json={"cases": [{"text": NOTE}] * 4},
                        )
                    except httpx.HTTPError:
                        return

        threads = [threading.Thread(target=load) for _ in range(4)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if srv.audit_db.exists() and _rows(srv.audit_db) >= 20:
                break
            time.sleep(0.2)
        srv.stop(signal.SIGKILL)  # mid-load: requests are in flight
        stop.set()
        for t in threads:
            t.join(timeout=30)
    finally:
        srv.stop()
    db = sqlite3.connect(srv.audit_db)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = db.execute("SELECT * FROM scores").fetchall()
    assert len(rows) >= 20
    assert all(None not in row for row in rows)
    assert all(len(row[8]) == 64 for row in rows)  # input_sha256 whole in every row


def _rows(path: Path) -> int:
    try:
        with sqlite3.connect(path, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM scores").fetchone()[0]
    except sqlite3.Error:
        return 0
