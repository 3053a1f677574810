"""Issue 13's attack suite against the real server (``referral-nlp serve`` on loopback).

The rows of the issue, then schemathesis from the published OpenAPI document with all its
checks; the last test reads what the server left behind (its log, /metrics, the audit
database) for any planted personal-data marker, and checks that every scoring answered 200 has
its audit rows. Tests run in file order and share one server.

The schemathesis run, the 300 slow uploads and the second server are marked slow; ``.ci/run``
runs this file with ``--runslow``.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from service_helpers import NOTE, Server

#: Personal data planted in attacks; none may come back in a response, a log line, a metric or
#: the audit database.
MARKERS = ("Zebedee", "QUANTRILL", "07700900555", "07700 900 555")
PLANTED = "Zebedee QUANTRILL 07700 900 555"
LONG_NOTE = (NOTE + " ") * (100_000 // (len(NOTE) + 1))

#: (request_id, number of cases) of every scoring this suite saw answered 200.
ANSWERED: list[tuple[str, int]] = []


@pytest.fixture(scope="module")
def server(service_model, tmp_path_factory):
    srv = Server(service_model, tmp_path_factory.mktemp("attacks"))
    try:
        srv.wait_ready()
        from referral_nlp.serving.keys import KeyStore

        store = KeyStore(srv.keys_file)
        srv.reviewer = {"Authorization": f"Bearer {store.add('reviewer', 'slow-uploader')[1]}"}
        srv.other = {"Authorization": f"Bearer {store.add('reviewer', 'other-team')[1]}"}
        yield srv
    finally:
        srv.stop()


def _clean(response: httpx.Response) -> httpx.Response:
    assert response.status_code < 500, (response.status_code, response.text)
    for marker in MARKERS:
        assert marker not in response.text and marker not in str(response.headers)
    if response.status_code == 200 and response.request.url.path.startswith("/v1/score"):
        body = response.json()
        ANSWERED.append((body["request_id"], len(body.get("results", [body]))))
    return response


def _audit_rows(srv: Server) -> int:
    with sqlite3.connect(srv.audit_db, timeout=10) as db:
        return db.execute("SELECT COUNT(*) FROM scores").fetchone()[0]


def _raw(srv: Server, head: str, body: bytes = b"") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n\r\n" + body)
    return sock


def _post_head(path: str, headers: dict[str, str], length: int) -> str:
    return (
        f"POST {path} HTTP/1.1\nHost: 127.0.0.1\nAuthorization: {headers['Authorization']}\n"
        f"Content-Type: application/json\nContent-Length: {length}"
    )


def _log(srv: Server) -> str:
    return srv.log.read_text(errors="replace")


# ---- row 1: unknown paths are one metric label --------------------------------------------------
def test_row1_paths_are_labelled_by_route_only(server):
    for i in range(40):
        _clean(httpx.get(f"{server.url}/Zebedee-QUANTRILL-07700900555-{i}"))
        _clean(httpx.get(f"{server.url}/v1/Zebedee-{i}", headers=server.headers))
    httpx.get(server.url + "/metrics")  # so that /metrics's own series exist in both
    first = httpx.get(server.url + "/metrics").text
    for i in range(40, 120):
        _clean(httpx.get(f"{server.url}/Zebedee-QUANTRILL-07700900555-{i}"))
    second = httpx.get(server.url + "/metrics").text
    assert "Zebedee" not in second and 'route="(unmatched)"' in second
    assert _series(second) == _series(first)  # 80 more unknown paths, not one more series


def _series(exposition: str) -> set[str]:
    return {line.split(" ")[0] for line in exposition.splitlines() if not line.startswith("#")}


# ---- row 2: a validation 400 echoes nothing and logs one INFO line ------------------------------
def test_row2_rejected_field_name_is_not_echoed_or_logged(server):
    response = _clean(
        httpx.post(server.url + "/v1/score", json={"text": "x", PLANTED: 1}, headers=server.headers)
    )
    assert response.status_code == 400
    request_id = response.json()["request_id"]
    time.sleep(0.3)
    lines = [line for line in _log(server).splitlines() if request_id in line]
    assert len([line for line in lines if "refused" in line]) == 1
    assert all("[INFO]" in line for line in lines)
    assert "Traceback" not in _log(server)


# ---- row 4: HEAD follows GET's rule -------------------------------------------------------------
def test_row4_head_audit_with_a_reviewer_key_is_403(server):
    assert _clean(httpx.head(server.url + "/v1/audit", headers=server.reviewer)).status_code == 403


# ---- row 6: a truncated body is never scored ----------------------------------------------------
def test_row6_body_shorter_than_its_content_length_is_not_scored(server):
    before = _audit_rows(server)
    body = json.dumps({"text": f"{PLANTED} was seen at school."}).encode()
    sock = _raw(server, _post_head("/v1/score", server.headers, len(body) + 50), body)
    time.sleep(0.5)
    sock.close()
    time.sleep(1.0)
    assert _audit_rows(server) == before
    assert "(body_truncated)" in _log(server)


# ---- row 5: an abandoned request is stopped and frees its worker --------------------------------
def test_row5_abandoned_request_frees_the_worker_within_2s(server):
    small = {"text": NOTE, "explain": False}
    baseline = []
    for _ in range(3):
        started = time.monotonic()
        _clean(httpx.post(server.url + "/v1/score", json=small, headers=server.headers, timeout=60))
        baseline.append(time.monotonic() - started)
    before = _audit_rows(server)
    body = json.dumps({"text": LONG_NOTE, "explain": True}).encode()
    sock = _raw(server, _post_head("/v1/score", server.headers, len(body)), body)
    time.sleep(1.0)
    sock.close()
    gone = time.monotonic()
    _clean(httpx.post(server.url + "/v1/score", json=small, headers=server.headers, timeout=60))
    waited = time.monotonic() - gone - sorted(baseline)[1]
    assert waited < 2.0, f"the worker was freed {waited:.1f} s after the disconnect"
    time.sleep(0.5)
    assert _audit_rows(server) == before + 1  # the abandoned one is not audited as answered
    assert "the client disconnected; its work was stopped" in _log(server)


# ---- row 3: slow uploads from one key leave other keys served ------------------------------------
@pytest.mark.slow
def test_row3_300_slow_uploads_from_one_key_leave_another_key_served(server):
    sockets = []
    for _ in range(300):
        with contextlib.suppress(OSError):
            sockets.append(_raw(server, _post_head("/v1/score", server.reviewer, 1000), b"{"))
    assert len(sockets) >= 290
    try:
        for _ in range(2):  # one byte a second
            time.sleep(1.0)
            for sock in sockets:
                with contextlib.suppress(OSError):
                    sock.send(b" ")
        started = time.monotonic()
        response = _clean(
            httpx.post(
                server.url + "/v1/score", json={"text": NOTE}, headers=server.other, timeout=30
            )
        )
        assert response.status_code == 200
        assert time.monotonic() - started < 5.0
        assert httpx.get(server.url + "/readyz").status_code == 200  # 8 slots: not saturated
        refused = _clean(
            httpx.post(server.url + "/v1/score", json={"text": NOTE}, headers=server.reviewer)
        )
        assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
    finally:
        for sock in sockets:
            sock.close()


# ---- row 7: serve refuses a tampered artefact before BentoML starts -----------------------------
def _tampered(service_model: Path, tmp: Path) -> Path:
    import shutil

    model = tmp / "tampered"
    shutil.copytree(service_model, model)
    weights = model / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0x01
    weights.write_bytes(bytes(data))
    return model


@pytest.mark.parametrize("signing", [False, True], ids=["tampered", "unsigned"])
def test_row7_serve_on_a_bad_artefact_exits_2_with_one_line(service_model, tmp_path, signing):
    env = {**os.environ, "REFERRAL_NLP_WORKERS": "1"}
    if signing:
        import shutil

        model = tmp_path / "unsigned"
        shutil.copytree(service_model, model)
        env["REFERRAL_NLP_SIGNING_KEY"] = "s" * 40
        named = "manifest.sig"
    else:
        model = _tampered(service_model, tmp_path)
        named = "model.safetensors"
    from referral_nlp.serving.process_tree import stop_process_tree

    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "referral_nlp.cli", "serve", "--model", str(model), "--port", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # BentoML started after all: stop its whole tree
        stop_process_tree(proc, signal.SIGKILL)
        pytest.fail("serve did not stop on a bad artefact within 60 s")
    assert time.monotonic() - started < 30
    assert proc.returncode == 2
    lines = [line for line in (out + err).splitlines() if line.strip()]
    assert len(lines) == 1 and named in lines[0], lines


# ---- row 13: headers and JSON errors on the real server ------------------------------------------
@pytest.mark.parametrize(("method", "path"), [("GET", "/v1/nope"), ("DELETE", "/v1/score")])
def test_row13_router_errors_are_json_with_headers(server, method, path):
    response = _clean(httpx.request(method, server.url + path, headers=server.headers))
    assert response.status_code in (404, 405)
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.json()["request_id"] == response.headers["x-request-id"]


# ---- row 11: a second server leaves the first one's counters alone -------------------------------
def _requests_total(srv: Server) -> float:
    text = httpx.get(srv.url + "/metrics").text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("referral_nlp_http_requests_total{")
    )


@pytest.mark.slow
def test_row11_a_second_server_does_not_reset_the_first_ones_metrics(
    server, service_model, tmp_path
):
    before = _requests_total(server)
    assert before > 10
    second = Server(service_model, tmp_path)
    try:
        second.wait_ready()
        assert _requests_total(server) >= before
        assert _requests_total(second) < before  # its own counters, not the first one's
    finally:
        second.stop()
    assert _requests_total(server) >= before


# ---- schemathesis: the published contract, all checks ------------------------------------------
@pytest.mark.slow
def test_schemathesis_all_checks_against_the_published_schema(server, tmp_path):
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        server.url + "/docs.json",
        "--checks",
        "all",
        "--header",
        server.headers["Authorization"].join(("Authorization: ", "")),
        # a planted header: it must not reach a log line, a metric or the audit database
        "--header",
        f"X-Referral-Note: {PLANTED}",
        "--max-examples",
        "100",
        "--seed",
        "13",
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--request-timeout",
        "60",
        "--report",
        "har",
        "--report-dir",
        str(tmp_path),
        "--no-color",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-6000:]
    (har,) = glob.glob(str(tmp_path / "har-*.json"))
    entries = json.loads(Path(har).read_text())["log"]["entries"]
    assert len(entries) >= 500
    for entry in entries:
        status, text = entry["response"]["status"], entry["response"]["content"].get("text", "")
        assert status < 500, (entry["request"]["url"], status)
        assert all(marker not in text for marker in MARKERS)
        path = entry["request"]["url"].split("?")[0].removeprefix(server.url)
        if status == 200 and entry["request"]["method"] == "POST" and path.startswith("/v1/score"):
            body = json.loads(text)
            ANSWERED.append((body["request_id"], len(body.get("results", [body]))))


# ---- after everything: nothing planted anywhere, every answer audited ---------------------------
def test_no_marker_anywhere_and_every_scoring_answered_has_its_audit_rows(server):
    time.sleep(0.5)
    printed = _log(server)
    assert "/v1/score" in printed  # the access log is there, so the scan is not vacuous
    metrics_text = httpx.get(server.url + "/metrics").text
    stored = b"".join(p.read_bytes() for p in server.audit_db.parent.glob("audit.sqlite3*"))
    for marker in MARKERS:
        assert marker not in printed, marker
        assert marker not in metrics_text, marker
        assert marker.encode() not in stored, marker
    assert ANSWERED
    with sqlite3.connect(server.audit_db, timeout=10) as db:
        for request_id, n_cases in ANSWERED:
            rows = db.execute(
                "SELECT COUNT(*) FROM scores WHERE request_id = ?", (request_id,)
            ).fetchone()[0]
            assert rows == n_cases, (request_id, rows, n_cases)
