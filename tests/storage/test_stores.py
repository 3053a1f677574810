"""The audit and key stores on both backends: SQLite (the default) and PostgreSQL (shared)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from referral_nlp.cli import main
from referral_nlp.serving.audit import AuditLog, AuditRecord
from referral_nlp.serving.key_stores import open_key_store
from referral_nlp.serving.sql_key_store import SqlKeyStore


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """A database URL on each backend, with its tables made as a deployment would."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    url = request.getfixturevalue("postgres_url")
    assert main(["db", "upgrade", "--database-url", url]) == 0
    return url


def record(request_id: str, **overrides) -> AuditRecord:
    values = dict(
        time=AuditRecord.now(),
        request_id=request_id,
        key_name="reviewer-1",
        role="reviewer",
        endpoint="/v1/score",
        model_version="sha256:abc",
        model_sha256="ab" * 32,
        precision="float32",
        input_sha256="cd" * 32,
        re_referral_probability=0.31,
        re_referral_band="medium",
        re_referral_flagged=False,
        escalation_probability=0.05,
        escalation_band="low",
        escalation_flagged=True,
        latency_ms=12.5,
    )
    values.update(overrides)
    return AuditRecord(**values)


def test_audit_rows_round_trip_in_utc(database):
    log = AuditLog(database)
    log.append([record("a", time="2026-01-01T01:00:00+01:00"), record("b")])
    rows = log.export()
    assert [r["request_id"] for r in rows] == ["a", "b"]
    assert rows[0]["time"] == "2026-01-01T00:00:00.000+00:00"
    assert rows[0]["escalation_flagged"] is True and rows[0]["re_referral_flagged"] is False
    assert set(rows[0]) == {"seq", *AuditRecord.__dataclass_fields__}
    assert [r["request_id"] for r in log.export(since="2026-01-01T00:30:00Z")] == ["b"]
    assert [r["request_id"] for r in log.export(limit=1)] == ["b"]
    log.close()


def test_a_failed_append_stores_none_of_its_rows(database):
    """A request's rows are one transaction: a batch is audited whole or not at all."""
    log = AuditLog(database)
    with pytest.raises(KeyError):
        log.append([record("ok"), {"request_id": "broken"}])
    assert log.count() == 0
    log.close()


def test_two_processes_append_to_one_trail_without_loss(database):
    script = textwrap.dedent(
        """
        import sys
        from referral_nlp.serving.audit import AuditLog, AuditRecord
        url, tag = sys.argv[1], sys.argv[2]
        log = AuditLog(url)
        for i in range(100):
            log.append([AuditRecord(AuditRecord.now(), f"{tag}{i}", "k", "reviewer",
                "/v1/score", "v", "s" * 64, "float32", "h" * 64, 0.5, "medium", False, 0.1,
                "low", False, 1.0)])
        """
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, database, tag]) for tag in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    log = AuditLog(database)
    rows = log.export(limit=1000)
    ids = [r["request_id"] for r in rows]
    assert len(ids) == len(set(ids)) == 200
    assert {f"{t}{i}" for t in "ab" for i in range(100)} == set(ids)
    assert len({r["seq"] for r in rows}) == 200
    log.close()


def test_keys_are_shared_by_every_store_on_the_database(database):
    first = SqlKeyStore(database, refresh_seconds=0)
    second = open_key_store(database)
    second.refresh_seconds = 0
    record_, secret = first.add("reviewer")
    assert record_.name == "reviewer-1"
    found = second.lookup(secret)
    assert found is not None and found.role == "reviewer" and found.allows("score")
    assert second.lookup(secret + "x") is None and second.lookup("") is None
    with pytest.raises(ValueError, match="exists"):
        second.add("admin", "reviewer-1")
    assert second.revoke("reviewer-1") and not second.revoke("reviewer-1")
    assert first.lookup(secret) is None
    first.close()
    second.close()


def test_the_key_itself_is_never_stored(database, tmp_path):
    store = SqlKeyStore(database)
    _, secret = store.add("governance", "gov")
    import sqlalchemy as sa

    with store.engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(sa.text("SELECT * FROM api_keys"))]
    assert rows and all(secret not in str(v) for row in rows for v in row)
    store.close()


def test_keys_command_uses_the_database_when_it_is_set(database, monkeypatch, capsys):
    monkeypatch.setenv("REFERRAL_NLP_DATABASE_URL", database)
    assert main(["keys", "add", "--role", "admin", "--name", "ops"]) == 0
    secret = capsys.readouterr().out.strip()
    assert main(["keys", "list"]) == 0
    assert capsys.readouterr().out.startswith("ops\tadmin\t")
    assert SqlKeyStore(database).lookup(secret).name == "ops"
