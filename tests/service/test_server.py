"""The real server: ``referral-nlp serve`` as a subprocess on loopback.

Checks what only a real server shows: start-up to ready, /metrics, a scoring end to end, no
personal data in what the server prints, and an audit database that survives a SIGKILL mid-load.
"""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest
from service_helpers import NOTE, PERSONAL, Server


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
    assert metrics.status_code == 200 and "referral_nlp_http_requests_total" in metrics.text
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
    rows = db.execute("SELECT input_sha256, precision FROM scores").fetchall()
    assert len(rows) >= 20
    assert all(None not in row for row in rows)
    # whole rows: every input hash complete, the arithmetic recorded
    assert all(len(sha) == 64 and precision == "float32" for sha, precision in rows)


def _rows(path: Path) -> int:
    try:
        with sqlite3.connect(path, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM scores").fetchone()[0]
    except sqlite3.Error:
        return 0
