"""The benchmark scripts still run: tiny, CPU-only invocations (the real runs are long)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(
        f"bench_{name}", ROOT / "benchmarks" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_training_benchmark_smoke(tmp_path, capsys):
    bench = _load("training")
    assert bench.main(["--device", "cpu", "--smoke", "--json", str(tmp_path / "t.json")]) == 0
    out = capsys.readouterr().out
    assert "| tiny (smoke test) | ours: bf16, SDPA, fused |" in out
    assert "plain fp32, eager" in out


def test_serving_benchmark_notes_are_about_the_asked_length():
    bench = _load("serving")
    notes = bench.notes_of_about(120, 5)
    assert len(notes) == 5
    assert all(108 <= len(n.split()) <= 132 for n in notes)
