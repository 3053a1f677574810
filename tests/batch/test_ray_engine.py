"""``--engine ray`` on a local two-CPU Ray: the local engine's output, failures that write
nothing, and bad settings refused at start."""

from __future__ import annotations

import subprocess
import sys

import pytest
from batch_helpers import toy_cases, write_jsonl
from fault_hook import MARKER

from referral_nlp.batch.output import read_output
from referral_nlp.cli import main

pytestmark = pytest.mark.ray

PII_NOTES = [
    "Mum Sarah JONES called re Kayden (DOB 04/07/2016), 12 Elm Road, Leeds LS9 8ZZ.",
    "PC 4471 attended; Dad Tom O'NEILL on 07700 900123 was not present. NHS 943 476 5919.",
    "No current concerns. Grandparent supportive. NFA advised after assessment.",
]


def notes(n: int) -> list[dict]:
    return [{"id": f"n{i:03d}", "text": PII_NOTES[i % 3] + f" Visit {i}."} for i in range(n)]


def by_id(records: list[dict]) -> list[dict]:
    return sorted(records, key=lambda r: str(r["id"]))


def test_ray_redaction_equals_the_local_engine(ray_cluster, tmp_path):
    rows = notes(24)
    write_jsonl(tmp_path / "all.jsonl", rows)
    for k in range(3):  # the same notes as three shards
        write_jsonl(tmp_path / "shards" / f"part-{k}.jsonl", rows[k * 8 : (k + 1) * 8])
    assert (
        main(
            [
                "redact",
                "--input",
                str(tmp_path / "all.jsonl"),
                "--output",
                str(tmp_path / "local.jsonl"),
                "--no-progress",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "redact",
                "--input",
                str(tmp_path / "shards"),
                "--output",
                str(tmp_path / "ray"),
                "--engine",
                "ray",
                "--num-workers",
                "2",
                "--batch-size",
                "5",
                "--no-progress",
            ]
        )
        == 0
    )
    local, distributed = read_output(tmp_path / "local.jsonl"), read_output(tmp_path / "ray")
    assert len(distributed) == 24
    assert by_id(distributed) == by_id(local)
    assert distributed == local  # parts in name order keep the input order too
    assert not any("Sarah" in r["redacted_text"] for r in distributed)


def test_ray_scoring_equals_the_local_engine(ray_cluster, batch_model, tmp_path):
    cases = toy_cases(20)
    write_jsonl(tmp_path / "cases.jsonl", cases)
    common = ["predict", "--model", str(batch_model), "--input", str(tmp_path / "cases.jsonl")]
    assert main([*common, "--output", str(tmp_path / "local.jsonl"), "--no-progress"]) == 0
    assert (
        main(
            [
                *common,
                "--output",
                str(tmp_path / "ray.parquet"),
                "--engine",
                "ray",
                "--num-workers",
                "2",
                "--batch-size",
                "6",
                "--no-progress",
            ]
        )
        == 0
    )
    local = read_output(tmp_path / "local.jsonl")
    distributed = read_output(tmp_path / "ray.parquet")  # Parquet parts: ids are text
    assert len(list((tmp_path / "ray.parquet").iterdir())) == 4
    assert by_id(distributed) == by_id([{**r, "id": str(r["id"])} for r in local])


def test_a_note_that_fails_to_redact_fails_the_job_naming_shard_and_row(
    ray_cluster, tmp_path, capsys
):
    rows = notes(12)
    rows[9]["text"] = f"Mum Sarah JONES {MARKER} at 12 Elm Road."
    write_jsonl(tmp_path / "in" / "a.jsonl", rows[:6])
    write_jsonl(tmp_path / "in" / "b.jsonl", rows[6:])
    out = tmp_path / "out"
    code = main(
        [
            "redact",
            "--input",
            str(tmp_path / "in"),
            "--output",
            str(out),
            "--engine",
            "ray",
            "--num-workers",
            "2",
            "--batch-size",
            "3",
            "--no-progress",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "referral-nlp redact: error: b.jsonl, line 4: redaction failed; nothing written" in err
    for value in ("Sarah", "JONES", "Elm Road", MARKER):
        assert value not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]  # no output, no staging left


def test_engine_flags_are_checked_together(tmp_path, capsys):
    write_jsonl(tmp_path / "a.jsonl", notes(2))
    code = main(
        [
            "redact",
            "--input",
            str(tmp_path / "a.jsonl"),
            "--output",
            str(tmp_path / "o.jsonl"),
            "--num-workers",
            "2",
        ]
    )
    assert code == 2 and "--num-workers apply to --engine ray" in capsys.readouterr().err


def test_an_unreachable_ray_address_fails_at_start_in_one_line(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", notes(2))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "referral_nlp.cli",
            "redact",
            "--input",
            str(tmp_path / "a.jsonl"),
            "--output",
            str(tmp_path / "out"),
            "--engine",
            "ray",
            "--ray-address",
            "127.0.0.1:1",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith(
        "referral-nlp redact: error: cannot reach the Ray cluster at 127.0.0.1:1"
    )
    assert len([line for line in lines if "error" in line.lower()]) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_joins_a_running_cluster_with_ray_address(tmp_path):
    """``ray start --head`` in its own process (stopped by its process id), then the command
    joins it by address and gives the local engine's records."""
    import os
    import re
    import socket
    import time

    from referral_nlp.serving.process_tree import stop_process_tree

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # Ray's token authentication, on both sides (the head makes ~/.ray/auth_token if missing).
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "token"}
    ray_cli = os.path.join(os.path.dirname(sys.executable), "ray")
    head_log = tmp_path / "head.log"
    with head_log.open("wb") as log:
        head = subprocess.Popen(
            [
                ray_cli,
                "start",
                "--head",
                "--block",
                f"--port={port}",
                "--num-cpus=2",
                "--include-dashboard=false",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        write_jsonl(tmp_path / "in.jsonl", notes(8))
        local = ["redact", "--input", str(tmp_path / "in.jsonl"), "--no-progress"]
        assert main([*local, "--output", str(tmp_path / "local.jsonl")]) == 0
        # The head prints the address to join once it listens (Ray binds the node's own IP).
        deadline, address = time.monotonic() + 180, None
        while address is None and time.monotonic() < deadline:
            assert head.poll() is None, head_log.read_text(errors="replace")[-2000:]
            found = re.search(r"ray start --address='([^']+)'", head_log.read_text())
            address = found.group(1) if found else time.sleep(0.5)
        assert address, "the Ray head node did not start"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "referral_nlp.cli",
                *local,
                "--output",
                str(tmp_path / "joined"),
                "--engine",
                "ray",
                "--ray-address",
                address,
            ],
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert "Ray joined" in done.stderr
        assert read_output(tmp_path / "joined") == read_output(tmp_path / "local.jsonl")
    finally:
        stop_process_tree(head)
