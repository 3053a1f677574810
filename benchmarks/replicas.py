"""Replicas benchmark: the audit log on PostgreSQL against the SQLite default, and one audit
trail for two replicas through a SIGKILL, in one run.

1. **Throughput.** ``referral-nlp serve`` (this machine's default workers) with the audit log
   and keys in the SQLite default, then the same with ``REFERRAL_NLP_DATABASE_URL`` on
   PostgreSQL; each gets ``--requests`` ``POST /v1/score`` at concurrency 8, after a warm-up.
   Printed: requests per second, p50 and p95 latency, and PostgreSQL/SQLite.
2. **Audit under failure.** Two replicas (one worker each, two ports) on one PostgreSQL
   database under concurrency 8 spread over both; after ``--kill-after`` answered requests one
   replica is killed with SIGKILL (its whole process tree) and the load goes on against the
   other. Counted from the database: answered (200) requests whose audit record is missing
   (lost) or stored twice or more (duplicated), torn records (a missing or impossible value),
   records of requests that were not answered (cut off by the kill after their commit), and
   whether ``GET /v1/audit`` on the survivor returns the records of both.

The tests (``tests/service/test_replicas_postgres.py``) run the second part and assert it.

    .venv/bin/python benchmarks/replicas.py --database-url postgresql://USER:PW@127.0.0.1/DB
    # (or REFERRAL_NLP_TEST_DATABASE_URL from `bash scripts/postgres-for-tests.sh`)
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: A fictional note with the kinds of personal data the service must keep out of every record.
NOTE = (
    "Police attended after a DA incident at 12 Elm Road, Leeds LS9 8ZZ. Mum Sarah JONES had a "
    "cut lip. Kayden (DOB 04/07/2016) was present. Dad left before officers arrived."
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Replica:
    """``referral-nlp serve`` in a session of its own (its tree can be killed as one)."""

    def __init__(self, model: Path, env: dict[str, str], log: Path, workers: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._out = open(log, "wb")  # noqa: SIM115 - closed in stop()
        full_env = {
            # Replicas sharing a database share the audit key (serve refuses otherwise).
            "REFERRAL_NLP_AUDIT_KEY": "replicas-benchmark-audit-key-0123456789",
            **os.environ,
            **env,
            "REFERRAL_NLP_WORKERS": str(workers),
            "REFERRAL_NLP_DEVICE": "cpu",
            "PYTHONUNBUFFERED": "1",
        }
        command = [sys.executable, "-m", "referral_nlp.cli", "serve", "--model", str(model)]
        self.proc = subprocess.Popen(
            [*command, "--port", str(self.port)],
            env=full_env,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 300) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"replica exited: {self.log.read_text(errors='replace')[-2000:]}"
                )
            try:
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"replica not ready: {self.log.read_text(errors='replace')[-2000:]}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        from referral_nlp.serving.process_tree import stop_process_tree

        stop_process_tree(self.proc, sig)
        self._out.close()


@dataclass
class Answer:
    replica: int
    status: int  # 0: no answer (connection refused or cut)
    request_id: str
    seconds: float


@dataclass
class Load:
    """``concurrency`` clients posting ``/v1/score`` round-robin to ``urls`` until stopped."""

    urls: list[str]
    key: str
    concurrency: int = 8
    answers: list[Answer] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._count = 0
        self._threads = [
            threading.Thread(target=self._client, args=(i,), daemon=True)
            for i in range(self.concurrency)
        ]

    def _client(self, index: int) -> None:
        import httpx

        headers = {"Authorization": f"Bearer {self.key}"}
        with httpx.Client(timeout=120) as client:
            while not self._stop.is_set():
                with self._lock:
                    self._count += 1
                    n = self._count
                replica = n % len(self.urls)
                began = time.perf_counter()
                try:
                    response = client.post(
                        self.urls[replica] + "/v1/score",
                        headers=headers,
                        json={"text": f"{NOTE} Visit {n}.", "child_age": n % 18},
                    )
                    status = response.status_code
                    request_id = response.json().get("request_id", "") if status == 200 else ""
                except (httpx.HTTPError, ValueError):
                    status, request_id = 0, ""
                    time.sleep(0.05)  # a dead replica refuses at once; do not spin
                answer = Answer(replica, status, request_id, time.perf_counter() - began)
                with self._lock:
                    self.answers.append(answer)

    def start(self) -> Load:
        for t in self._threads:
            t.start()
        return self

    def answered(self, replica: int | None = None) -> int:
        with self._lock:
            return sum(1 for a in self.answers if a.status == 200 and replica in (None, a.replica))

    def wait_for(self, n: int, replica: int | None = None, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while self.answered(replica) < n:
            if time.monotonic() > deadline:
                raise RuntimeError(f"only {self.answered(replica)} answers in {timeout}s")
            time.sleep(0.1)

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=180)


def audit_rows(database_url: str, after_seq: int = 0) -> list[dict[str, Any]]:
    """The audit records stored after record ``after_seq`` (0: all of them)."""
    import sqlalchemy as sa

    from referral_nlp.storage.database import resolve_database_url

    engine = sa.create_engine(resolve_database_url(database_url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT * FROM scores WHERE seq > :after"), {"after": after_seq}
            )
            return [dict(r._mapping) for r in rows]
    finally:
        engine.dispose()


def torn(row: dict[str, Any]) -> bool:
    """A record with a missing or impossible value."""
    from referral_nlp.decision.bands import BANDS

    if any(v is None for v in row.values()):
        return True
    return not (
        len(row["input_sha256"]) == 64
        and len(row["model_sha256"]) == 64
        and 0.0 <= row["re_referral_probability"] <= 1.0
        and 0.0 <= row["escalation_probability"] <= 1.0
        and row["re_referral_band"] in BANDS
        and row["escalation_band"] in BANDS
        and row["endpoint"] == "/v1/score"
        and len(row["request_id"]) == 32
    )


def audit_report(answers: list[Answer], rows: list[dict[str, Any]]) -> dict[str, int]:
    """Lost, duplicated and torn records for the answered requests (all should be 0)."""
    answered = {a.request_id for a in answers if a.status == 200}
    per_request: dict[str, int] = {}
    for row in rows:
        per_request[row["request_id"]] = per_request.get(row["request_id"], 0) + 1
    return {
        "answered": len(answered),
        "records": len(rows),
        "lost": sum(1 for rid in answered if per_request.get(rid, 0) == 0),
        "duplicated": sum(1 for count in per_request.values() if count > 1),
        "torn": sum(1 for row in rows if torn(row)),
        "unanswered_records": sum(1 for rid in per_request if rid not in answered),
        "failed_requests": sum(1 for a in answers if a.status != 200),
    }


def exported_ids(replica: Replica, key: str) -> set[str]:
    import httpx

    response = httpx.get(
        replica.url + "/v1/audit",
        params={"limit": 100000},
        headers={"Authorization": f"Bearer {key}"},
        timeout=60,
    )
    response.raise_for_status()
    return {r["request_id"] for r in response.json()["records"]}


def kill_scenario(
    model: Path,
    database_url: str,
    workdir: Path,
    *,
    concurrency: int = 8,
    kill_after: int = 40,
    after_kill: int = 30,
) -> dict[str, Any]:
    """Two replicas on one database, one SIGKILLed mid-load; see the module docstring."""
    from referral_nlp.serving.sql_key_store import SqlKeyStore

    store = SqlKeyStore(database_url)
    _, key = store.add("admin", f"bench-{uuid.uuid4().hex[:8]}")
    # The exports read with a key of their own: the load's key may hold all of a worker's
    # per-key slots (8 clients, 8 slots) while the other replica is slow, and a 9th request on
    # it is rightly refused with 429. An auditor's key is not a load script's either.
    _, audit_key = store.add("admin", f"bench-audit-{uuid.uuid4().hex[:8]}")
    store.close()
    env = {"REFERRAL_NLP_DATABASE_URL": database_url}
    # Only this scenario's records count (the database may hold earlier runs').
    first_seq = max((r["seq"] for r in audit_rows(database_url)), default=0)
    replicas = [Replica(model, env, workdir / f"replica-{i}.log", workers=1) for i in range(2)]
    try:
        for replica in replicas:
            replica.wait_ready()
        load = Load([r.url for r in replicas], key, concurrency).start()
        try:
            load.wait_for(max(1, kill_after // 2), replica=0)
            load.wait_for(max(1, kill_after // 2), replica=1)
            # Both replicas export the same trail (each the other's records too).
            before = {a.request_id for a in list(load.answers) if a.status == 200}
            union = [before <= exported_ids(r, audit_key) for r in replicas]
            answered_before_kill = load.answered()
            replicas[0].stop(signal.SIGKILL)  # mid-load: requests are in flight on it
            load.wait_for(answered_before_kill + after_kill, replica=1)
        finally:
            load.stop()
        report = audit_report(load.answers, audit_rows(database_url, first_seq))
        all_answered = {a.request_id for a in load.answers if a.status == 200}
        report["union_before_kill_on_both"] = int(all(union))
        report["union_on_survivor"] = int(all_answered <= exported_ids(replicas[1], audit_key))
        report["answered_by_killed_replica"] = load.answered(0)
        report["answered_by_survivor"] = load.answered(1)
        return report
    finally:
        for replica in replicas:
            replica.stop()


def throughput(
    model: Path, env: dict[str, str], key: str, log: Path, *, requests: int, concurrency: int
) -> dict[str, float]:
    """Requests per second and latency of one replica at ``concurrency``, after a warm-up."""
    replica = Replica(model, env, log, workers=int(env.get("REFERRAL_NLP_WORKERS", "2")))
    try:
        replica.wait_ready()
        load = Load([replica.url], key, concurrency).start()
        load.wait_for(concurrency)  # warm-up: every client has had an answer
        began, start_count = time.perf_counter(), len(load.answers)
        load.wait_for(concurrency + requests)
        seconds = time.perf_counter() - began
        load.stop()
        measured = load.answers[start_count:]
        ok = [a.seconds for a in measured if a.status == 200]
        return {
            "rps": len(ok) / seconds,
            "p50": statistics.median(ok),
            "p95": statistics.quantiles(ok, n=20)[18],
            "errors": sum(1 for a in measured if a.status != 200),
        }
    finally:
        replica.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("REFERRAL_NLP_TEST_DATABASE_URL"),
        help="A PostgreSQL server; a fresh database is made on it (its role needs CREATEDB).",
    )
    parser.add_argument("--model", type=Path, help="Model (default: the default model).")
    parser.add_argument("--requests", type=int, default=200, help="Measured requests per run.")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--kill-after", type=int, default=60)
    args = parser.parse_args(argv)
    if not args.database_url:
        raise SystemExit("--database-url (or REFERRAL_NLP_TEST_DATABASE_URL) is required.")
    import sqlalchemy as sa

    from referral_nlp.serving.sql_key_store import SqlKeyStore
    from referral_nlp.storage.database import resolve_database_url, safe_url

    work = Path(tempfile.mkdtemp(prefix="replicas-bench-"))
    model = args.model
    if model is None:
        from referral_nlp.modeling.default_model import resolve_model_dir

        try:
            model = resolve_model_dir(None)
        except (FileNotFoundError, ValueError):
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from batch import untrained_model, write_cases

            write_cases(work / "cases.jsonl", 600, 0)
            model = untrained_model(work / "untrained-model", work / "cases.jsonl")
    admin = resolve_database_url(args.database_url)
    name = f"rnlp_bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = admin.set(database=name).render_as_string(hide_password=False)
    try:
        subprocess.run(
            [sys.executable, "-m", "referral_nlp.cli", "db", "upgrade"],
            env={**os.environ, "REFERRAL_NLP_DATABASE_URL": url},
            check=True,
        )
        from referral_nlp.serving.keys import KeyStore

        _, file_key = KeyStore(work / "keys.json").add("admin")
        _, db_key = SqlKeyStore(url).add("admin", "bench")
        runs = {
            "SQLite file (default)": throughput(
                model,
                {
                    "REFERRAL_NLP_AUDIT_DB": str(work / "audit.sqlite3"),
                    "REFERRAL_NLP_KEYS_FILE": str(work / "keys.json"),
                },
                file_key,
                work / "sqlite.log",
                requests=args.requests,
                concurrency=args.concurrency,
            ),
            "PostgreSQL": throughput(
                model,
                {"REFERRAL_NLP_DATABASE_URL": url},
                db_key,
                work / "postgres.log",
                requests=args.requests,
                concurrency=args.concurrency,
            ),
        }
        print(
            f"\nOne replica (2 workers), {args.requests} POST /v1/score at concurrency "
            f"{args.concurrency}, one run; model {model}\n"
        )
        print("| audit and keys in | req/s | p50 s | p95 s | errors | vs SQLite |")
        print("|---|---:|---:|---:|---:|---:|")
        base = runs["SQLite file (default)"]["rps"]
        for label, r in runs.items():
            print(
                f"| {label} | {r['rps']:.2f} | {r['p50']:.3f} | {r['p95']:.3f} | "
                f"{r['errors']} | {r['rps'] / base:.2f}x |"
            )
        report = kill_scenario(model, url, work, kill_after=args.kill_after)
        print(
            f"\nTwo replicas (1 worker each) on one PostgreSQL database "
            f"({safe_url(url)}), concurrency {args.concurrency}, one SIGKILLed mid-load\n"
        )
        print("| measure | value |")
        print("|---|---:|")
        for k, v in report.items():
            print(f"| {k.replace('_', ' ')} | {v} |")
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
