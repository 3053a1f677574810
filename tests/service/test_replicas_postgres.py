"""Two service replicas on one PostgreSQL database: one audit trail and one key list, through
a SIGKILL of one replica mid-load, and a replica that cannot reach the database scores nothing.

Needs a PostgreSQL server (``REFERRAL_NLP_TEST_DATABASE_URL``; CI starts one and fails rather
than skips without it). The two replica tests are slow: .ci/run runs them with --runslow.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from referral_nlp.storage.database import resolve_database_url

pytestmark = pytest.mark.replicas

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_replicas", ROOT / "benchmarks" / "replicas.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _upgrade(url: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "referral_nlp.cli", "db", "upgrade"],
        env={**os.environ, "REFERRAL_NLP_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.mark.slow
def test_two_replicas_keep_one_whole_audit_trail_through_a_kill(
    service_model, postgres_url, tmp_path
):
    bench = _bench()
    password = resolve_database_url(postgres_url).password
    assert password and password not in _upgrade(postgres_url)
    report = bench.kill_scenario(
        service_model, postgres_url, tmp_path, kill_after=30, after_kill=20
    )
    assert report["answered_by_killed_replica"] >= 15 and report["answered_by_survivor"] >= 35
    assert report["lost"] == 0, report
    assert report["duplicated"] == 0, report
    assert report["torn"] == 0, report
    assert report["union_before_kill_on_both"] == 1 and report["union_on_survivor"] == 1, report
    assert report["records"] == report["answered"] + report["unanswered_records"]
    for log in tmp_path.glob("replica-*.log"):
        text = log.read_text(errors="replace")
        assert "/v1/score" in text  # the access log is there: the checks below are not vacuous
        assert password not in text
        for value in ("Sarah", "JONES", "Elm Road", "LS9 8ZZ"):
            assert value not in text


@pytest.mark.slow
def test_a_replica_that_cannot_reach_the_database_refuses_to_score(
    service_model, postgres_url, tmp_path
):
    bench = _bench()
    _upgrade(postgres_url)
    from referral_nlp.serving.sql_key_store import SqlKeyStore

    store = SqlKeyStore(postgres_url)
    _, key = store.add("admin")
    store.close()
    url = resolve_database_url(postgres_url)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    replica = bench.Replica(
        service_model, {"REFERRAL_NLP_DATABASE_URL": postgres_url}, tmp_path / "r.log", workers=1
    )
    headers = {"Authorization": f"Bearer {key}"}
    body = {"text": bench.NOTE}
    try:
        replica.wait_ready()
        assert (
            httpx.post(
                replica.url + "/v1/score", json=body, headers=headers, timeout=60
            ).status_code
            == 200
        )
        with admin.connect() as conn:  # the database goes away under the replica
            conn.execute(sa.text(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS false'))
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :db AND pid <> pg_backend_pid()"
                ),
                {"db": url.database},
            )
        for _ in range(2):  # within the key cache (audit refuses) and after it (keys refuse)
            response = httpx.post(replica.url + "/v1/score", json=body, headers=headers, timeout=60)
            assert response.status_code == 503, response.text
            error = response.json()["error"]
            assert "database cannot be reached" in error and "Sarah" not in response.text
            assert response.json()["request_id"] == response.headers["x-request-id"]
            assert "re_referral" not in response.json()  # no score without its audit record
        with admin.connect() as conn:
            conn.execute(sa.text(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS true'))
        response = httpx.post(replica.url + "/v1/score", json=body, headers=headers, timeout=60)
        assert response.status_code == 200  # back as soon as the database is
        # The two answered scorings are audited, none of the refused ones.
        assert len(bench.audit_rows(postgres_url)) == 2
    finally:
        replica.stop()
        with admin.connect() as conn:
            conn.execute(sa.text(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS true'))
        admin.dispose()
    assert url.password not in (tmp_path / "r.log").read_text(errors="replace")


def test_serve_fails_at_start_naming_an_unreachable_database(service_model):
    secret = "n0t-a-real-pa55word"
    done = subprocess.run(
        [sys.executable, "-m", "referral_nlp.cli", "serve", "--model", str(service_model)],
        env={
            **os.environ,
            "REFERRAL_NLP_DATABASE_URL": f"postgresql://svc:{secret}@127.0.0.1:1/audit",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "referral-nlp serve: error: cannot reach the database " in done.stderr
    assert "postgresql+psycopg://svc:***@127.0.0.1:1/audit (" in done.stderr
    assert secret not in done.stderr and len(done.stderr.strip().splitlines()) == 1
