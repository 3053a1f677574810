"""In process: when the shared audit or key database cannot be reached, the service fails
closed with a real 503 in the envelope's error format (``{error, request_id}``, the security
headers), scores nothing and audits nothing. The real PostgreSQL version of this, with the
database taken away under a running replica, is in test_replicas_postgres.py (slow).
"""

from __future__ import annotations

import sqlite3

import bentoml
import pytest
from service_helpers import NOTE, auth

from referral_nlp.serving.keys import KeyStore
from referral_nlp.storage.audit_store import AuditStore
from referral_nlp.storage.database import DatabaseUnavailableError


def _unreachable(*args, **kwargs):
    raise DatabaseUnavailableError("cannot reach the database postgresql://svc:***@db/audit.")


def _rows(audit_db) -> int:
    with sqlite3.connect(audit_db) as db:
        return db.execute("SELECT COUNT(*) FROM scores").fetchone()[0]


def _assert_enveloped_503(response) -> dict:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    body = response.json()
    assert set(body) == {"error", "request_id"}
    assert body["request_id"] == response.headers["x-request-id"]
    assert "database cannot be reached" in body["error"] and "svc" not in body["error"]
    return body


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/score", {"text": NOTE}),
        ("/v1/score/batch", {"cases": [{"text": NOTE}] * 2}),
        ("/v1/redact", {"text": NOTE}),
    ],
)
def test_no_answer_without_its_audit_record(api, monkeypatch, path, body):
    client, keys, audit_db = api
    rows = _rows(audit_db)
    monkeypatch.setattr(bentoml.get_current_service().audit, "append", _unreachable)
    response = client.post(path, json=body, headers=auth(keys))
    _assert_enveloped_503(response)
    assert "re_referral" not in response.text and "Sarah" not in response.text
    assert "redacted_text" not in response.text
    assert _rows(audit_db) == rows


def test_audit_export_is_503_when_the_database_is_gone(api, monkeypatch):
    client, keys, _ = api
    monkeypatch.setattr(AuditStore, "export_page", _unreachable)
    _assert_enveloped_503(client.get("/v1/audit", headers=auth(keys, "governance")))


def test_no_key_is_checked_without_the_key_database(api, monkeypatch):
    client, keys, audit_db = api
    rows = _rows(audit_db)
    monkeypatch.setattr(KeyStore, "lookup", _unreachable)
    response = client.post("/v1/score", json={"text": NOTE}, headers=auth(keys))
    _assert_enveloped_503(response)
    assert response.headers["retry-after"] == "1"
    assert _rows(audit_db) == rows


def test_an_empty_since_is_refused_not_read_as_no_since(api):
    client, keys, _ = api
    response = client.get("/v1/audit?since=", headers=auth(keys, "governance"))
    assert response.status_code == 400 and "RFC 3339" in response.json()["error"]
