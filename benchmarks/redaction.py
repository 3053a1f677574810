"""Redaction benchmark: our redactor against stock Presidio, quality and speed, in one run.

Quality: type-agnostic span recall, precision, F2, over-redaction, leaked fragments and per-type
recall on the shared public sets (presidio-research synthetic, TAB ECHR), the project's own
hand-labelled UK notes (45 referral notes; 33 notes of identifiers, handles, Unicode tricks and
the field's vocabulary) and generated notes: the first 2,000 test notes of
``referral-nlp synth --n 100000 --seed 0``, generated here if they are not there yet.

Speed: characters per second on the same notes, in the same run, for stock Presidio called once
per note (how most deployments call it), our redactor called once per note, and our batch mode
(spaCy ``nlp.pipe``) in one process and in two worker processes, printed as ratios against the
stock per-note loop. ``--profile`` adds where our time goes, stage by stage.

    .venv/bin/python benchmarks/redaction.py                   # everything (~15 min, 2 cores)
    .venv/bin/python benchmarks/redaction.py --quick           # 300 docs per set
    .venv/bin/python benchmarks/redaction.py --data more.jsonl # add a labelled set
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
    ROOT / "tests" / "data" / "uk_identifier_notes.txt",
]
#: The generated corpus the generated-notes row reads its first test notes from.
SYNTH_N, SYNTH_SEED = 100_000, 0
SYNTH_DIR = ROOT / "runs" / f"bench-synth-{SYNTH_N}-{SYNTH_SEED}"


def generated_notes(limit: int) -> Path:
    """The first ``limit`` test notes of the generated corpus, as a JSONL file (made once)."""
    subset = SYNTH_DIR / f"test-first-{limit}.jsonl"
    if subset.exists():
        return subset
    test = SYNTH_DIR / "test.jsonl"
    if not test.exists():
        from referral_nlp.data.synthetic import SynthConfig, generate_corpus, write_corpus

        print(f"(generating referral-nlp synth --n {SYNTH_N} --seed {SYNTH_SEED} once)")
        corpus = generate_corpus(SynthConfig(n=SYNTH_N, seed=SYNTH_SEED), progress=False)
        # The TF-IDF baseline only adds a line to the data card; the notes are the same.
        write_corpus(corpus, SYNTH_DIR, parquet=False, text_model=False)
    with test.open(encoding="utf-8") as src:
        lines = [line for _, line in zip(range(limit), src, strict=False)]
    subset.write_text("".join(lines), encoding="utf-8")
    return subset


#: The speed test runs in this many rounds, each system on an equal share of the notes in
#: every round and the order of the systems rotating, so that a machine whose load drifts
#: during the run weighs on every system alike. The two-process batch starts its pool once a
#: round, as a caller with that many notes per call would: its start-up counts every time.
ROUNDS = 4


def speed_table(texts: Sequence[str], spacy_model: str) -> list[tuple[str, float]]:
    from referral_nlp.redaction import RedactionConfig, Redactor
    from referral_nlp.redaction.engine import build_stock_analyzer

    stock = build_stock_analyzer(spacy_model)
    single = Redactor(RedactionConfig(spacy_model=spacy_model, n_process=1))
    double = Redactor(RedactionConfig(spacy_model=spacy_model, n_process=2))
    for t in texts[:5]:  # first calls load lazy parts; keep them out of the timings
        stock.analyze(text=t, language="en")
        single.redact(t)
        double.redact(t)  # forked workers inherit what this loads
    systems: list[tuple[str, Callable[[Sequence[str]], object]]] = [
        (
            "stock Presidio, per-note loop",
            lambda ts: [stock.analyze(text=t, language="en") for t in ts],
        ),
        ("referral-nlp, per-note loop", lambda ts: [single.redact(t) for t in ts]),
        ("referral-nlp, batch (1 process)", lambda ts: list(single.redact_many(ts))),
        ("referral-nlp, batch (2 processes)", lambda ts: list(double.redact_many(ts))),
    ]
    seconds = [0.0] * len(systems)
    for r in range(ROUNDS):
        share = texts[r::ROUNDS]
        for k in range(len(systems)):
            i = (k + r) % len(systems)
            t0 = time.perf_counter()
            systems[i][1](share)
            seconds[i] += time.perf_counter() - t0
    chars = sum(len(t) for t in texts)
    return [(name, chars / s) for (name, _), s in zip(systems, seconds, strict=True)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", action="append", type=Path, help="Extra labelled set(s).")
    parser.add_argument("--quick", action="store_true", help="At most 300 documents per set.")
    parser.add_argument("--limit", type=int, help="At most N documents per set.")
    parser.add_argument(
        "--generated",
        type=int,
        default=2000,
        help="Generated test notes in their own row (0: none). Default 2000.",
    )
    parser.add_argument("--speed-docs", type=int, default=600, help="Notes in the speed test.")
    parser.add_argument("--profile", action="store_true", help="Also time each stage.")
    parser.add_argument("--spacy-model", default=None)
    parser.add_argument("--json", type=Path, help="Also write all figures as JSON here.")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

    from referral_nlp.evaluation.pii_datasets import load_labelled
    from referral_nlp.evaluation.redaction_comparison import OURS, STOCK, compare_on_files
    from referral_nlp.redaction import RedactionConfig

    config = RedactionConfig(**({"spacy_model": args.spacy_model} if args.spacy_model else {}))
    limit = args.limit or (300 if args.quick else None)
    sets = [p for p in DEFAULT_SETS if p.exists()] + list(args.data or [])
    missing = [str(p) for p in DEFAULT_SETS if not p.exists()]
    if missing:
        print(f"(skipped, not found: {', '.join(missing)})")
    if args.generated:
        sets.append(generated_notes(args.generated))

    print("# Redaction quality: referral-nlp vs stock Presidio (same spaCy model, same run)\n")
    report = compare_on_files(sets, config=config, limit=limit)
    print(report.table())
    leaked = {
        name: sum(d.runs[name].scores.leaked_fragments for d in report.datasets)
        for name in (OURS, STOCK)
    }
    print(f"\nleaked fragments across every set: {OURS} {leaked[OURS]}, {STOCK} {leaked[STOCK]}")

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

    profile = None
    if args.profile:
        from referral_nlp.evaluation.redaction_profile import format_profile, profile_redaction
        from referral_nlp.redaction import Redactor

        redactor = Redactor(RedactionConfig(spacy_model=config.spacy_model, n_process=1))
        profile = profile_redaction(redactor, texts)
        print("\n# Where our time goes\n")
        print(format_profile(profile, len(texts), sum(map(len, texts))))
    if args.json:
        figures = {"quality": report.as_dict(), "throughput": dict(rows)}
        if profile is not None:
            figures["profile_cpu_seconds"] = {s.stage: s.seconds for s in profile}
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
