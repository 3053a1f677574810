"""benchmarks/prepare.py still runs (tiny sizes; the real run takes minutes)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "prepare.py"


def test_prepare_benchmark_smoke(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("bench_prepare", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    assert module.main(["--smoke", "--json", str(tmp_path / "r.json")]) == 0
    out = capsys.readouterr().out
    assert "| re_referral_12m of those closures |" in out
    results = json.loads((tmp_path / "r.json").read_text())
    assert all(r["agree"] == r["n"] for r in results["agreement"])
    assert results["speed"]["progress_bar"] is True
    for row in results["censoring"]:
        assert row["kept"]["rate"] == row["kept_true_from_timeline"]["rate"]
