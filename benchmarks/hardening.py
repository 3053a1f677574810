"""Hardening benchmark: the service's defences against their absence, on loopback, in one run.

Three measurements of issue 13's targets, each beside its alternative at full strength:

1. **slow uploads**: 300 connections from one key send their bodies at one byte a second while
   another key asks ``POST /v1/score``: the status and latency it gets from the service with
   its limits (8 in flight per key, 10 s body timeout), and from the same service with those
   two off (per key and body timeout unbounded, the worker's limit set to 64): then one key's
   slow uploads fill the worker for everyone, as they filled BentoML's cap of 256 before.
2. **abandoned request**: a 100,000-character note with ``explain`` whose client hangs up after
   1 s: how long after the hang-up the worker answers the next short request (minus that
   request's own time), beside the time the same request takes when its client waits (what a
   worker that cannot stop spends on it).
3. **tampered artefact**: ``serve`` on a copy with one flipped byte in ``model.safetensors``:
   exit status, seconds, lines printed.

    .venv/bin/python benchmarks/hardening.py --model .referral-nlp/models/default
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import notes_of_about, start_service

NO_LIMITS = {
    "REFERRAL_NLP_MAX_IN_FLIGHT_PER_KEY": "100000",
    "REFERRAL_NLP_MAX_IN_FLIGHT": "64",  # BentoML's own cap: max(256, 4 x 64) = 256
    "REFERRAL_NLP_BODY_TIMEOUT": "86000",
}


def _post_head(port: int, key: str, length: int) -> bytes:
    return (
        f"POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {key}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def slow_uploads(url: str, slow_key: str, other_key: str, note: str, n: int = 300) -> str:
    import httpx

    port, sockets = _port(url), []
    for _ in range(n):
        with contextlib.suppress(OSError):
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(_post_head(port, slow_key, 1000) + b"{")
            sockets.append(sock)
    try:
        for _ in range(2):
            time.sleep(1.0)
            for sock in sockets:
                with contextlib.suppress(OSError):
                    sock.send(b" ")
        started = time.monotonic()
        try:
            response = httpx.post(
                url + "/v1/score",
                json={"text": note},
                headers={"Authorization": f"Bearer {other_key}"},
                timeout=30,
            )
            outcome = f"{response.status_code} in {time.monotonic() - started:.2f} s"
        except httpx.HTTPError as exc:
            outcome = f"{type(exc).__name__} after {time.monotonic() - started:.1f} s"
        ready = httpx.get(url + "/readyz", timeout=10).status_code
    finally:
        for sock in sockets:
            sock.close()
    return f"{outcome}; /readyz {ready}"


def abandoned(url: str, key: str, note: str, short: str) -> tuple[float, float]:
    """(seconds the worker stayed busy after the hang-up, seconds the request takes whole)."""
    import httpx

    headers = {"Authorization": f"Bearer {key}"}
    long = (note + " ") * (100_000 // (len(note) + 1))
    body = json.dumps({"text": long, "explain": True}).encode()

    def small() -> float:
        started = time.monotonic()
        httpx.post(
            url + "/v1/score", json={"text": short, "explain": False}, headers=headers, timeout=120
        )
        return time.monotonic() - started

    own = statistics.median(small() for _ in range(3))
    sock = socket.create_connection(("127.0.0.1", _port(url)), timeout=30)
    sock.sendall(_post_head(_port(url), key, len(body)) + body)
    time.sleep(1.0)
    sock.close()
    gone = time.monotonic()
    small()
    busy = time.monotonic() - gone - own
    started = time.monotonic()
    httpx.post(
        url + "/v1/score",
        content=body,
        headers={**headers, "Content-Type": "application/json"},
        timeout=600,
    )
    return busy, time.monotonic() - started


def tampered_serve(model: Path, tmp: Path) -> str:
    copy = tmp / "tampered"
    shutil.copytree(model, copy)
    weights = copy / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0x01
    weights.write_bytes(bytes(data))
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "referral_nlp.cli", "serve", "--model", str(copy), "--port", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    names = "names the file" if lines and "model.safetensors" in lines[0] else "no file named"
    return (
        f"exit {done.returncode} in {time.monotonic() - started:.1f} s, {len(lines)} line(s), "
        f"{names}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="Model directory (default: the default model).")
    args = parser.parse_args(argv)
    from referral_nlp.modeling.default_model import resolve_model_dir
    from referral_nlp.serving.keys import KeyStore

    model = resolve_model_dir(args.model)
    note, short = notes_of_about(250, 2)
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        outcomes = {}
        for name, env in (("service", {}), ("limits off", NO_LIMITS)):
            (tmp / name).mkdir()
            proc, url, key = start_service(model, tmp / name, {"REFERRAL_NLP_WORKERS": "1", **env})
            other = KeyStore(tmp / name / "keys.json").add("reviewer")[1]
            try:
                outcomes[name] = slow_uploads(url, key, other, short)
                if name == "service":
                    busy, whole = abandoned(url, key, note, short)
            finally:
                proc.stop()
        rows.append(
            ("other key's /v1/score, 300 slow uploads", outcomes["service"], outcomes["limits off"])
        )
        rows.append(
            (
                "worker busy after a 100k-char note's client hangs up",
                f"{busy:.2f} s",
                f"{whole:.1f} s (the request computed whole)",
            )
        )
        rows.append(
            (
                "serve on a tampered artefact",
                tampered_serve(model, tmp),
                "before issue 13: workers restarted for ever",
            )
        )
    width = max(len(r[0]) for r in rows)
    print(f"{'measurement':<{width}} | service | alternative")
    print(f"{'-' * width}-|---------|------------")
    for what, ours, theirs in rows:
        print(f"{what:<{width}} | {ours} | {theirs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
