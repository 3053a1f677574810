"""Serving benchmark: the real service against a naive baseline, on loopback, in one run.

Both servers run on this machine, one after the other, and get the same bounded load: at each
concurrency (1, 8, 32 by default) a fixed number of ``POST /v1/score`` requests, each a
~250-word synthetic referral note (cycling through several, so nothing is cached). Printed:
p50/p95/p99 latency, throughput, errors, and throughput as a ratio to the baseline at the same
concurrency. Then the service's resident memory (all its processes) before and after
``--memory-requests`` more requests.

- **service**: ``referral-nlp serve`` with its defaults for this machine (workers x torch
  threads = cores), API key, audit log, redaction with the project's recognisers. Measured
  without explanations (``explain: false``, like the baseline, which has none) and, with
  ``--explain``, also with them (the reviewer page's default).
- **service, int8 forced** (``--int8``): the same with ``REFERRAL_NLP_QUANTIZE=int8``; by
  default the service serves int8 only when the model's int8 check passed
  (``referral-nlp int8-check``), so this row shows what that check would buy.
- **naive**: ``benchmarks/naive_server.py``: one process, stock Presidio, a transformers
  pipeline truncating at 512 tokens, no batching, no auth, no audit.

    .venv/bin/python benchmarks/serving.py --model .referral-nlp/models/default
    .venv/bin/python benchmarks/serving.py --quick          # fewer requests, no memory run
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def notes_of_about(words: int, count: int, seed: int = 3) -> list[str]:
    """Synthetic notes (no real data) of ``words`` +- 10% words, from the project's generator."""
    from referral_nlp.data.synthetic import SynthConfig, generate_corpus

    corpus = generate_corpus(SynthConfig(n=3000, seed=seed), progress=False)
    found = [
        r["text"] for r in corpus.records if abs(len(r["text"].split()) - words) <= words * 0.1
    ]
    if len(found) < count:
        raise SystemExit(f"only {len(found)} notes of about {words} words; lower --notes.")
    return found[:count]


class Process:
    """A server started in its own session, so its whole process group can be stopped."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._out = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            command, env=env, stdout=self._out, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, url: str, timeout: float = 300) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"server exited; see {self.log}")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise SystemExit(f"server not ready after {timeout}s; see {self.log}")

    def rss_mb(self) -> float:
        import psutil

        root = psutil.Process(self.proc.pid)
        procs = [root, *root.children(recursive=True)]
        total = 0
        for p in procs:
            with contextlib.suppress(psutil.NoSuchProcess):
                total += p.memory_info().rss
        return total / 2**20

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server and every process under it (BentoML's workers included)."""
        from referral_nlp.serving.process_tree import stop_process_tree

        stop_process_tree(self.proc, sig)
        self._out.close()


async def _load(
    url: str, bodies: Sequence[dict], headers: dict, concurrency: int, total: int
) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(timeout=600, limits=limits) as client:

        async def worker() -> None:
            nonlocal errors
            for i in counter:
                started = time.perf_counter()
                try:
                    r = await client.post(url, json=bodies[i % len(bodies)], headers=headers)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                errors += not ok

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": total,
        "errors": errors,
        "throughput": total / wall,
        "p50_ms": q[49] * 1000,
        "p95_ms": q[94] * 1000,
        "p99_ms": q[98] * 1000,
    }


def run_levels(
    name: str, url: str, bodies: list[dict], headers: dict, levels: Sequence[int], per_level: int
) -> list[dict]:
    rows = []
    # Warm-up outside the timings: first requests load lazy parts in every worker.
    asyncio.run(_load(url, bodies, headers, max(levels), max(levels) * 2))
    for c in levels:
        total = max(per_level, 2 * c)
        row = {
            "system": name,
            "concurrency": c,
            **asyncio.run(_load(url, bodies, headers, c, total)),
        }
        print(
            f"  {name:<28} c={c:<3} {row['throughput']:6.2f} req/s  p50 {row['p50_ms']:7.0f} ms  "
            f"p95 {row['p95_ms']:7.0f}  p99 {row['p99_ms']:7.0f}  errors {row['errors']}",
            flush=True,
        )
        rows.append(row)
    return rows


def start_service(model: Path, tmp: Path, extra_env: dict[str, str]) -> tuple[Process, str, str]:
    from referral_nlp.serving.keys import KeyStore

    keys = tmp / "keys.json"
    key = KeyStore(keys).add("reviewer")[1]
    port = _free_port()
    env = {**os.environ, **extra_env}
    command = [
        sys.executable,
        "-m",
        "referral_nlp.cli",
        "serve",
        "--model",
        str(model),
        "--port",
        str(port),
        "--keys-file",
        str(keys),
        "--audit-db",
        str(tmp / "audit.sqlite3"),
    ]
    proc = Process(command, env, tmp / "service.log")
    proc.wait_ready(f"http://127.0.0.1:{port}/readyz")
    return proc, f"http://127.0.0.1:{port}", key


def served_precision(log: Path) -> str:
    """The encoder arithmetic the service's workers logged at start-up ("float32", "int8" or
    "onnx-int8": a name with a hyphen, which a plain word pattern read as "unknown")."""
    import re

    text = log.read_text(errors="replace")
    found = set(re.findall(r"engine ready: model \S+ \(([\w-]+)\)", text))
    return "/".join(sorted(found)) or "unknown"


def start_naive(tmp: Path) -> tuple[Process, str]:
    port = _free_port()
    command = [sys.executable, str(ROOT / "benchmarks" / "naive_server.py"), "--port", str(port)]
    proc = Process(command, dict(os.environ), tmp / "naive.log")
    proc.wait_ready(f"http://127.0.0.1:{port}/readyz")
    return proc, f"http://127.0.0.1:{port}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, help="Model artefact (default: the default model).")
    parser.add_argument("--levels", default="1,8,32", help="Concurrency levels.")
    parser.add_argument("--per-level", type=int, default=96, help="Requests per level.")
    parser.add_argument("--words", type=int, default=250, help="Words per note.")
    parser.add_argument("--notes", type=int, default=16, help="Distinct notes cycled through.")
    parser.add_argument("--explain", action="store_true", help="Also measure with explanations.")
    parser.add_argument(
        "--int8", action="store_true", help="Also measure the service with int8 forced."
    )
    parser.add_argument("--memory-requests", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="32 requests per level, no memory.")
    parser.add_argument("--json", type=Path, help="Also write the figures as JSON here.")
    parser.add_argument(
        "--service-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="Extra environment for the service (e.g. REFERRAL_NLP_MAX_BATCH=8).",
    )
    args = parser.parse_args(argv)
    from referral_nlp.modeling.default_model import resolve_model_dir

    model = resolve_model_dir(args.model)
    levels = [int(c) for c in args.levels.split(",")]
    per_level = 32 if args.quick else args.per_level
    extra_env = dict(item.split("=", 1) for item in args.service_env)
    # One client key drives every level; the service's per-key in-flight limit (8 per worker,
    # a defence against one client hogging it) would answer part of a c=32 level with 429s,
    # which are fast and would inflate req/s. Throughput is measured with the limit above the
    # highest level unless --service-env sets it.
    extra_env.setdefault("REFERRAL_NLP_MAX_IN_FLIGHT_PER_KEY", str(max(levels)))
    extra_env.setdefault("REFERRAL_NLP_MAX_IN_FLIGHT", str(max(32, max(levels))))
    notes = notes_of_about(args.words, args.notes)
    print(
        f"# Serving benchmark: {len(notes)} notes of about {args.words} words "
        f"(mean {statistics.mean(len(n.split()) for n in notes):.0f}), model {model}\n",
        flush=True,
    )
    tmp = Path(tempfile.mkdtemp(prefix="serving-bench-"))
    rows: list[dict] = []
    memory: dict[str, float] = {}

    naive, naive_url = start_naive(tmp)
    try:
        rows += run_levels(
            "naive baseline",
            naive_url + "/v1/score",
            [{"text": n} for n in notes],
            {},
            levels,
            per_level,
        )
    finally:
        naive.stop()

    if args.int8:
        forced, forced_url, forced_key = start_service(
            model, tmp, {**extra_env, "REFERRAL_NLP_QUANTIZE": "int8"}
        )
        try:
            rows += run_levels(
                "service, int8 forced",
                forced_url + "/v1/score",
                [{"text": n, "explain": False} for n in notes],
                {"Authorization": f"Bearer {forced_key}"},
                levels,
                per_level,
            )
        finally:
            forced.stop()

    service, url, key = start_service(model, tmp, extra_env)
    print(f"  (the service chose the {served_precision(service.log)} encoder)", flush=True)
    headers = {"Authorization": f"Bearer {key}"}
    try:
        plain = [{"text": n, "explain": False} for n in notes]
        rows += run_levels(
            "service (no explanation)", url + "/v1/score", plain, headers, levels, per_level
        )
        if args.explain:
            explained = [{"text": n, "explain": True} for n in notes]
            rows += run_levels(
                "service (with explanation)",
                url + "/v1/score",
                explained,
                headers,
                levels,
                max(levels),
            )
        if not args.quick and args.memory_requests:
            memory["before_mb"] = service.rss_mb()
            result = asyncio.run(
                _load(url + "/v1/score", plain, headers, max(levels), args.memory_requests)
            )
            memory["after_mb"] = service.rss_mb()
            memory["requests"] = args.memory_requests
            memory["errors"] = result["errors"]
            memory["throughput"] = result["throughput"]
            memory["p95_ms"] = result["p95_ms"]
            memory["growth"] = memory["after_mb"] / memory["before_mb"] - 1
    finally:
        service.stop()

    base = {r["concurrency"]: r["throughput"] for r in rows if r["system"] == "naive baseline"}
    print("\n| system | concurrency | req/s | vs naive | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        ratio = r["throughput"] / base[r["concurrency"]]
        r["vs_naive"] = ratio
        print(
            f"| {r['system']} | {r['concurrency']} | {r['throughput']:.2f} | {ratio:.2f}x | "
            f"{r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['errors']} |"
        )
    if memory:
        print(
            f"\nService resident memory (all processes): {memory['before_mb']:.0f} MB after "
            f"warm-up, {memory['after_mb']:.0f} MB after {memory['requests']} more requests "
            f"({memory['growth'] * 100:+.1f}%), errors {memory['errors']}; sustained "
            f"{memory['throughput']:.2f} req/s at c={max(levels)} over that run "
            f"(p95 {memory['p95_ms']:.0f} ms)."
        )
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "memory": memory}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
