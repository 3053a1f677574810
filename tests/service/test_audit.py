"""The audit log: complete rows, no text, export filters, and no torn rows after a kill."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from referral_nlp.serving.audit import AuditLog, AuditRecord, input_digest

NOTE = "Mum Sarah JONES (DOB 04/07/2016) lives at 12 Elm Road."
KEY = b"k" * 32


def record(i: int = 0, **overrides) -> AuditRecord:
    values = dict(
        time=AuditRecord.now(),
        request_id=f"req{i}",
        key_name="reviewer-1",
        role="reviewer",
        endpoint="/v1/score",
        model_version="sha256:abc",
        model_sha256="ab" * 32,
        precision="float32",
        input_sha256=input_digest({"text": NOTE, "child_age": i}, KEY),
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


def test_rows_round_trip_and_hold_no_text(tmp_path):
    log = AuditLog(tmp_path / "audit.sqlite3")
    log.append([record(i) for i in range(3)])
    rows = log.export()
    assert [r["request_id"] for r in rows] == ["req0", "req1", "req2"]
    assert rows[0]["escalation_flagged"] is True and rows[0]["re_referral_flagged"] is False
    assert set(rows[0]) == {"seq", *AuditRecord.__dataclass_fields__}
    log.close()
    for path in tmp_path.iterdir():
        data = path.read_bytes()
        for value in ("Sarah", "JONES", "04/07/2016", "Elm Road"):
            assert value.encode() not in data


def test_input_digest_is_canonical_and_keyed():
    import hashlib
    import json

    assert input_digest({"a": 1, "text": "x"}, KEY) == input_digest({"text": "x", "a": 1}, KEY)
    assert input_digest({"text": "x"}, KEY) != input_digest({"text": "y"}, KEY)
    # Without the key a guess confirms nothing: another key, another digest, and no plain hash.
    case = {"text": NOTE}
    assert input_digest(case, KEY) != input_digest(case, b"j" * 32)
    plain = json.dumps(case, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert input_digest(case, KEY) != hashlib.sha256(plain.encode()).hexdigest()


def test_export_since_and_limit(tmp_path):
    log = AuditLog(tmp_path / "a.sqlite3")
    log.append([record(0, time="2026-01-01T00:00:00+00:00")])
    log.append(
        [record(1, time="2026-06-01T00:00:00+00:00"), record(2, time="2026-07-01T00:00:00+00:00")]
    )
    assert [r["request_id"] for r in log.export(since="2026-05-01")] == ["req1", "req2"]
    assert [r["request_id"] for r in log.export(limit=1)] == ["req2"]
    assert log.count() == 3


def test_wal_mode(tmp_path):
    AuditLog(tmp_path / "a.sqlite3").append([record()])
    db = sqlite3.connect(tmp_path / "a.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_killed_writer_leaves_a_readable_database_without_torn_rows(tmp_path):
    path = tmp_path / "audit.sqlite3"
    script = textwrap.dedent(
        f"""
        from referral_nlp.serving.audit import AuditLog, AuditRecord
        log = AuditLog({str(path)!r})
        i = 0
        print("ready", flush=True)
        while True:
            log.append([AuditRecord(AuditRecord.now(), f"r{{i}}", "k", "reviewer", "/v1/score",
                "v", "s" * 64, "float32", "h" * 64, 0.5, "medium", False, 0.1, "low", False, 1.0)
                for _ in range(5)])
            i += 1
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = db.execute("SELECT * FROM scores").fetchall()
    assert len(rows) > 10
    assert all(
        None not in row and row[6] == "v" and row[8] == "float32" and len(row[9]) == 64
        for row in rows
    )


@pytest.mark.parametrize("mode", ["OFF", "normal;", ""])
def test_synchronous_setting_is_checked(tmp_path, mode):
    with pytest.raises(ValueError, match="synchronous"):
        AuditLog(tmp_path / "a.sqlite3", synchronous=mode)


def test_a_database_from_before_the_precision_column_gains_it(tmp_path):
    path = tmp_path / "old.sqlite3"
    old_columns = [c for c in record(0).__dataclass_fields__ if c != "precision"]
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE scores (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
            + ", ".join(f"{c} TEXT" for c in old_columns)
            + ")"
        )
        old = record(0).__dict__
        db.execute(
            f"INSERT INTO scores ({', '.join(old_columns)}) VALUES "
            f"({', '.join('?' for _ in old_columns)})",
            [old[c] for c in old_columns],
        )
    log = AuditLog(path)
    log.append([record(1, precision="int8")])
    rows = log.export()
    log.close()
    assert [r["precision"] for r in rows] == ["float32", "int8"]
