"""Batch benchmark: `redact` and `predict` with the local engine and on Ray, in one run.

Every row runs the real command (``referral-nlp redact|predict``) in its own process on the
same generated notes (the project's synthetic generator, no real data), one after the other:

- **local (default)**: the default engine, whose redaction uses spaCy's own process pool
  (automatic: a process per core, so both cores here: the local engine at full strength); for
  redaction also ``--n-process 1`` (one process, like one Ray worker);
- **ray, 1 worker** and **ray, 2 workers**: ``--engine ray --num-workers N`` on a Ray started
  by the command on this machine.

Printed: seconds and notes per second, both for the whole command (start-up and model loading
included) and for the Ray job alone (the whole command less Ray's own start-up, which is
printed separately); the 2-worker/1-worker ratio; and parity, the records that differ between
the local output and each Ray output, sorted by id (the target is 0).

Scoring uses the default model when there is one (``--model``); otherwise an UNTRAINED
artefact on the real all-MiniLM-L6-v2 encoder (same size and cost as the cpu-quick model, its
scores meaningless), built once in the work directory.

    .venv/bin/python benchmarks/batch.py                 # 2,000 notes (~20-40 min on 2 cores)
    .venv/bin/python benchmarks/batch.py --notes 200 --jobs redact
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CASE_FIELDS = (
    "id",
    "text",
    "referral_source",
    "child_age",
    "child_sex",
    "ethnicity",
    "disability",
    "deprivation_decile",
    "previous_referrals",
    "previous_cp_plan",
    "primary_need",
    "assessment_factors",
)


def write_cases(path: Path, n: int, seed: int) -> None:
    """``n`` generated closed cases (id, text and structured fields) as JSONL."""
    from referral_nlp.data.synthetic import SynthConfig, generate_corpus

    records = generate_corpus(SynthConfig(n=n, seed=seed), progress=False).records[:n]
    if len(records) < n:
        raise SystemExit(f"the generator made {len(records)} records; ask for fewer --notes.")
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps({k: record[k] for k in CASE_FIELDS if k in record}) + "\n")


def untrained_model(directory: Path, cases: Path) -> Path:
    """An artefact on the real MiniLM encoder with fresh heads (cost of cpu-quick, no skill)."""
    if (directory / "manifest.json").is_file():
        return directory
    import torch
    from transformers import AutoTokenizer

    from referral_nlp.decision.bands import operating_points_to_json
    from referral_nlp.decision.calibration import TemperatureScaler
    from referral_nlp.modeling.base_model import resolve_base_model
    from referral_nlp.modeling.features import StructuredEncoder
    from referral_nlp.modeling.model import ModelConfig, ReferralRiskModel
    from referral_nlp.modeling.predict import calibration_to_json

    records = [json.loads(line) for line in cases.read_text(encoding="utf-8").splitlines()]
    encoder = StructuredEncoder().fit(records[:500])
    torch.manual_seed(0)
    config = ModelConfig(structured_dim=encoder.dim)
    model = ReferralRiskModel.from_base_model(config).eval()
    point = {
        "name": "precision_65", "kind": "precision", "target": 0.65, "threshold": 0.6,
        "precision": None, "recall": None, "flag_rate": None, "n_flagged": 0, "n": 0,
        "reachable": True, "note": "untrained model: a made-up threshold",
    }  # fmt: skip
    extra = {
        "calibration.json": calibration_to_json(
            {label: TemperatureScaler(kind="logit", temperature=1.0) for label in config.labels}
        ),
        "operating_points.json": operating_points_to_json(
            {label: {"precision_65": point} for label in config.labels},
            {"re_referral_12m": 0.3, "escalation_12m": 0.1},
        ),
    }
    tokenizer = AutoTokenizer.from_pretrained(str(resolve_base_model(None)))
    model.save_pretrained(
        directory, tokenizer=tokenizer, structured_encoder=encoder, extra_json=extra
    )
    return directory


def run(command: list[str], label: str) -> dict[str, Any]:
    """Run one command; its wall time and, for Ray, its start-up seconds."""
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "TQDM_DISABLE": "1"}
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-3000:])
        raise SystemExit(f"{label}: exit status {done.returncode}")
    started = re.search(r"Ray started in ([0-9.]+)s", done.stderr)
    processing = re.search(r"processing ([0-9.]+)s", done.stderr)
    return {
        "seconds": seconds,
        "ray_startup": float(started.group(1)) if started else 0.0,
        "processing": float(processing.group(1)) if processing else None,
    }


def read_by_id(path: Path) -> dict[str, Any]:
    from referral_nlp.batch.output import read_output

    return {str(r["id"]): {**r, "id": str(r["id"])} for r in read_output(path)}


def differing(local: dict[str, Any], other: dict[str, Any]) -> int:
    """Records present in one output only, or different in both (0 is parity)."""
    return sum(1 for key in set(local) | set(other) if local.get(key) != other.get(key))


def print_table(job: str, mine: list[dict[str, Any]], notes: int) -> None:
    """One job's rows, printed as soon as the job is done."""
    print(f"\n{job}: {notes} generated notes, {os.cpu_count()} CPUs, one run\n")
    print(
        "| job | engine | workers | wall s | notes/s | vs local | Ray processing s "
        "| notes/s (processing) | differing records |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    base = notes / mine[0]["seconds"]
    for r in mine:
        rate = notes / r["seconds"]
        work = r["processing"]
        print(
            f"| {job} | {r['engine']} | {r['workers']} | {r['seconds']:.1f} | {rate:.1f} "
            f"| {rate / base:.2f}x | {f'{work:.1f}' if work else '-'} "
            f"| {f'{notes / work:.1f}' if work else '-'} | {r.get('differing', '-')} |"
        )
    ray = {r["workers"]: r for r in mine if r["engine"] == "ray"}
    if "1" in ray and "2" in ray:
        one, two = ray["1"], ray["2"]
        print(
            f"\n{job}: Ray 2 workers / 1 worker = {one['processing'] / two['processing']:.2f}x "
            f"(processing: first task start to last task end); "
            f"{one['seconds'] / two['seconds']:.2f}x (wall)"
        )
        for r in (one, two):
            fixed = r["seconds"] - r["processing"]
            print(
                f"{job}: Ray start-up overhead with {r['workers']} worker(s): ray.init "
                f"{r['ray_startup']:.1f}s; wall less processing {fixed:.1f}s "
                "(Python start, reading the input, ray.init, loading a model in each worker)"
            )
        print()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=2000, help="Generated notes (default 2000).")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--model", type=Path, help="Model for predict (default: see above).")
    parser.add_argument(
        "--jobs",
        default="redact,predict",
        help="Jobs to run, comma-separated (default: redact,predict).",
    )
    parser.add_argument("--workdir", type=Path, help="Keep inputs and outputs here.")
    parser.add_argument("--json", type=Path, help="Also write the results as JSON.")
    args = parser.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="batch-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    cases = work / "cases.jsonl"
    write_cases(cases, args.notes, args.seed)
    cli = [sys.executable, "-m", "referral_nlp.cli"]
    rows: list[dict[str, Any]] = []
    for job in [j.strip() for j in args.jobs.split(",") if j.strip()]:
        extra: list[str] = []
        if job == "predict":
            model = args.model
            if model is None:
                from referral_nlp.modeling.default_model import resolve_model_dir

                try:
                    model = resolve_model_dir(None)
                except (FileNotFoundError, ValueError):
                    model = untrained_model(work / "untrained-model", cases)
            extra = ["--model", str(model)]
        # The local engine's default redaction is spaCy's process pool (automatic: one process
        # per core, here 2): the local engine at full strength. One process is Ray's 1 worker.
        variants = [("local (default)", "-", [], f"{job}-local.jsonl")]
        if job == "redact":
            variants.append(
                ("local, --n-process 1", "-", ["--n-process", "1"], "redact-local1.jsonl")
            )
        for workers in (1, 2):
            variants.append(
                (
                    "ray",
                    str(workers),
                    ["--engine", "ray", "--num-workers", str(workers)],
                    f"{job}-ray{workers}",
                )
            )
        local_out = None
        for engine, workers, flags, out in variants:
            command = [
                *cli,
                job,
                "--input",
                str(cases),
                "--output",
                str(work / out),
                "--no-progress",
            ]
            result = run([*command, *extra, *flags], f"{job} {engine} {workers}")
            row = {"job": job, "engine": engine, "workers": workers, **result}
            row["job_seconds"] = result["seconds"] - result["ray_startup"]
            if local_out is None:
                local_out = read_by_id(work / out)
            else:
                row["differing"] = differing(local_out, read_by_id(work / out))
            rows.append(row)
            print(f"[batch] {job} {engine} {workers}: {result['seconds']:.1f}s", file=sys.stderr)
        print_table(job, [r for r in rows if r["job"] == job], args.notes)
        sys.stdout.flush()

    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
