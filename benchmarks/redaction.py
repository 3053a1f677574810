"""Redaction benchmark: our redactor against stock Presidio, quality and speed, in one run.

Quality: type-agnostic span recall, precision, F2, over-redaction and per-type recall on the
shared public sets (presidio-research synthetic, TAB ECHR) and on the project's own labelled UK
notes (and a generated corpus, when given). Speed: characters per second for stock Presidio
called once per note (how most deployments call it), our redactor called once per note, and our
batch mode (spaCy ``nlp.pipe``, one process and the automatic process count), all on the same
notes on the same machine, printed as ratios against the stock per-note loop.

    .venv/bin/python benchmarks/redaction.py                      # everything (~4 min, 2 cores)
    .venv/bin/python benchmarks/redaction.py --quick              # 300 docs per set
    .venv/bin/python benchmarks/redaction.py --data runs/synth/test.jsonl   # add a set
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "benchmarks" / "pii"
DEFAULT_SETS = [
    SHARED / "presidio_research" / "synth_dataset_v2.json",
    SHARED / "tab_echr_test",
    ROOT / "tests" / "data" / "uk_referral_notes.txt",
]


def _throughput(texts: Sequence[str], run: Callable[[Sequence[str]], object]) -> float:
    t0 = time.perf_counter()
    run(texts)
    return sum(len(t) for t in texts) / (time.perf_counter() - t0)


def speed_table(texts: Sequence[str], spacy_model: str) -> list[tuple[str, float]]:
    from referral_nlp.redaction import RedactionConfig, Redactor
    from referral_nlp.redaction.engine import build_stock_analyzer

    stock = build_stock_analyzer(spacy_model)
    single = Redactor(RedactionConfig(spacy_model=spacy_model, n_process=1))
    auto = Redactor(RedactionConfig(spacy_model=spacy_model))
    warm = texts[:5]
    for t in warm:  # first calls load lazy parts; keep them out of the timings
        stock.analyze(text=t, language="en")
        single.redact(t)
    rows = [
        (
            "stock Presidio, per-note loop",
            _throughput(texts, lambda ts: [stock.analyze(text=t, language="en") for t in ts]),
        ),
        (
            "referral-nlp, per-note loop",
            _throughput(texts, lambda ts: [single.redact(t) for t in ts]),
        ),
        (
            "referral-nlp, batch (1 process)",
            _throughput(texts, lambda ts: list(single.redact_many(ts))),
        ),
        (
            f"referral-nlp, batch (auto: {auto.workers_for(len(texts))} processes)",
            _throughput(texts, lambda ts: list(auto.redact_many(ts))),
        ),
    ]
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", action="append", type=Path, help="Extra labelled set(s).")
    parser.add_argument("--quick", action="store_true", help="At most 300 documents per set.")
    parser.add_argument("--limit", type=int, help="At most N documents per set.")
    parser.add_argument("--speed-docs", type=int, default=600, help="Notes in the speed test.")
    parser.add_argument("--spacy-model", default=None)
    parser.add_argument("--json", type=Path, help="Also write all figures as JSON here.")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

    from referral_nlp.evaluation.pii_datasets import load_labelled
    from referral_nlp.evaluation.redaction_comparison import compare_on_files
    from referral_nlp.redaction import RedactionConfig

    config = RedactionConfig(**({"spacy_model": args.spacy_model} if args.spacy_model else {}))
    limit = args.limit or (300 if args.quick else None)
    sets = [p for p in DEFAULT_SETS if p.exists()] + list(args.data or [])
    missing = [str(p) for p in DEFAULT_SETS if not p.exists()]
    if missing:
        print(f"(skipped, not found: {', '.join(missing)})")

    print("# Redaction quality: referral-nlp vs stock Presidio (same spaCy model, same run)\n")
    report = compare_on_files(sets, config=config, limit=limit)
    print(report.table())

    # Speed on an equal share of notes from every set: short chat lines, long judgments and
    # referral notes, so no one length decides the figure.
    share = max(1, args.speed_docs // len(sets))
    texts = [d.text for path in sets for d in load_labelled(path)[:share] if d.text.strip()]
    rows = speed_table(texts, config.spacy_model)
    base = rows[0][1]
    print(f"\n# Throughput on {len(texts)} notes ({sum(map(len, texts)):,} characters)\n")
    print(f"{'system':<44}{'chars/s':>12}{'vs stock loop':>16}")
    print("-" * 72)
    for name, cps in rows:
        print(f"{name:<44}{cps:>12,.0f}{cps / base:>15.2f}x")
    if args.json:
        args.json.write_text(
            json.dumps({"quality": report.as_dict(), "throughput": dict(rows)}, indent=2)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
