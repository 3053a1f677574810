"""``referral-nlp prepare`` against known truth: label agreement, censoring, and speed, in one run.

1. **Agreement.** A synthetic corpus (default 20,000 records) is written as SSD tables and a
   case-note export (``synth --format ssd``); ``prepare`` derives every closure's labels and
   family from the tables alone, and they are compared with the generator's own, read off its
   simulated timelines: every closure whose window ended by the extract date, and every one of
   the generator's records field by field.
2. **Censoring.** ``prepare`` again at an extract date inside the timeline. For the closures
   from the first record year to that date: the true label rate (from the full timeline), the
   rate of the records ``prepare`` keeps (95% Wilson interval), and the rate a pipeline gets
   that counts the censored closures as 0 unless it has already seen an event by the extract
   date (kinder to it than counting every censored closure as 0).
3. **Speed.** ``referral-nlp prepare`` as a user runs it (a subprocess, progress bar on stderr)
   on about 100,000 episodes, beside the time pandas alone takes to read the same files (the
   floor any implementation pays), as a ratio. Target: under 2 minutes on 2 cores.

    .venv/bin/python benchmarks/prepare.py                  # all three (~6 min on 2 cores)
    .venv/bin/python benchmarks/prepare.py --smoke          # tiny sizes, seconds
    .venv/bin/python benchmarks/prepare.py --skip-speed --records 5000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
YEAR = dt.timedelta(days=365)
LABELS = ("re_referral_12m", "escalation_12m")


def synthesise(records: int, seed: int, out: Path) -> Any:
    from referral_nlp.data.synthetic import SynthConfig, generate_corpus
    from referral_nlp.data.synthetic.ssd_writer import write_ssd

    corpus = generate_corpus(SynthConfig(n=records, seed=seed), progress=True)
    write_ssd(corpus, out, progress=True)
    return corpus


def run_prepare(out: Path, extract: dt.date, prepared_dir: Path, **kwargs: Any) -> Any:
    from referral_nlp.data.prepare import PrepareSettings, prepare

    settings = PrepareSettings(
        out=prepared_dir,
        ssd=out / "ssd",
        text=out / "case_notes.csv",
        text_mapping=out / "case_notes_mapping.yaml",
        extract_date=extract.isoformat(),
        no_progress=True,
        **kwargs,
    )
    return prepare(settings)


# ---- 1. agreement ---------------------------------------------------------------------------
def agreement(corpus: Any, out: Path, work: Path) -> list[dict[str, Any]]:
    from referral_nlp.data.ssd.codes import FACTORS_WITHOUT_CODE
    from referral_nlp.data.synthetic.ssd_writer import episode_truth

    end = corpus.observation_end
    truth = episode_truth(corpus)
    prepared = run_prepare(out, end, work / "agreement")
    labelled = {r["id"]: r for r in prepared.labelled}
    observable = {rid for rid, t in truth.items() if t.closure <= end - YEAR}
    rows = [
        {
            "check": "closures with a complete window, labelled by prepare",
            "n": len(observable),
            "agree": len(observable & set(labelled)),
        }
    ]
    common = observable & set(labelled)
    for name, get in (
        ("re_referral_12m", lambda t: t.re_referral_12m),
        ("escalation_12m", lambda t: t.escalation_12m),
        ("family_id", lambda t: t.family_id),
    ):
        agree = sum(labelled[rid][name] == get(truth[rid]) for rid in common)
        rows.append({"check": f"{name} of those closures", "n": len(common), "agree": agree})
    fields = ("child_id", "referral_date", "closure_date", "text", "referral_source",
              "child_age", "child_sex", "ethnicity", "disability", "previous_referrals",
              "previous_cp_plan", "primary_need", *LABELS, "family_id")  # fmt: skip
    same = 0
    for record in corpus.records:
        mine = labelled.get(corpus.episode_ids[record["id"]])
        factors = sorted(
            {"other" if f in FACTORS_WITHOUT_CODE else f for f in record["assessment_factors"]}
        )
        same += (
            mine is not None
            and all(mine[f] == record[f] for f in fields)
            and (mine["assessment_factors"] == factors)
        )
    rows.append(
        {
            "check": "generator records with every SSD field equal",
            "n": len(corpus.records),
            "agree": same,
        }
    )
    leak = prepared.report.leakage_checks
    rows.append(
        {
            "check": "leakage checks (family/child/id, time order)",
            "n": len(leak),
            "agree": sum(v.startswith("passed") for v in leak.values()),
        }
    )
    return rows


# ---- 2. censoring ---------------------------------------------------------------------------
def inside(rate: dict[str, Any], interval: dict[str, Any]) -> bool:
    return interval["low"] <= rate["rate"] <= interval["high"]


def censoring(corpus: Any, out: Path, work: Path, extract: dt.date) -> list[dict[str, Any]]:
    from referral_nlp.data.prepare_report import label_rate
    from referral_nlp.data.ssd import build_histories, read_ssd
    from referral_nlp.data.ssd.labels import labels_ignoring_censoring
    from referral_nlp.data.synthetic.ssd_writer import episode_truth

    start = dt.date(corpus.config.start_year, 1, 1)
    truth = episode_truth(corpus)
    prepared = run_prepare(out, extract, work / "censoring", closures_from=start.isoformat())
    kept = prepared.labelled
    population = {rid: t for rid, t in truth.items() if start <= t.closure <= extract}
    censored = [rid for rid, t in population.items() if t.closure > extract - YEAR]
    histories = build_histories(read_ssd(out / "ssd"), extract)
    seen = {
        rid: labels_ignoring_censoring(
            histories.by_person[population[rid].child_id], population[rid].closure.toordinal()
        )
        for rid in censored
    }
    rows = []
    for i, label in enumerate(LABELS):
        true = label_rate(getattr(t, label) for t in population.values())
        kept_rate = label_rate(r[label] for r in kept)
        kept_true = label_rate(getattr(truth[r["id"]], label) for r in kept)
        naive = label_rate([r[label] for r in kept] + [seen[rid][i] or 0 for rid in censored])
        censored_true = label_rate(getattr(population[rid], label) for rid in censored)
        rows.append(
            {
                "label": label,
                "extract_date": extract.isoformat(),
                "true_all_closures": true,
                "kept": kept_rate,
                "kept_true_from_timeline": kept_true,
                "censored_as_zero": naive,
                "censored_true": censored_true,
                "true_inside_kept_interval": kept_rate["low"] <= true["rate"] <= kept_rate["high"],
                "naive_inside_kept_interval": kept_rate["low"]
                <= naive["rate"]
                <= kept_rate["high"],
            }
        )
    return rows


# ---- 3. speed -------------------------------------------------------------------------------
def read_floor(out: Path) -> float:
    """Seconds pandas takes just to read every file prepare reads (no checks, no work)."""
    import pandas as pd

    t0 = time.perf_counter()
    for path in [*sorted((out / "ssd").glob("*.csv")), out / "case_notes.csv"]:
        pd.read_csv(path, dtype=str, keep_default_na=False)
    return time.perf_counter() - t0


def speed(out: Path, work: Path, extract: dt.date) -> dict[str, Any]:
    import pandas as pd

    episodes = len(pd.read_csv(out / "ssd" / "ssd_cin_episodes.csv", usecols=[0]))
    floor = read_floor(out)
    cli = [str(Path(sys.executable).with_name("referral-nlp")), "prepare"]
    args = [
        "--ssd", str(out / "ssd"), "--text", str(out / "case_notes.csv"),
        "--text-mapping", str(out / "case_notes_mapping.yaml"),
        "--extract-date", extract.isoformat(), "--out", str(work / "speed"),
    ]  # fmt: skip
    t0 = time.perf_counter()
    done = subprocess.run(cli + args, stderr=subprocess.PIPE, text=True, check=False)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"prepare failed:\n{done.stderr[-2000:]}")
    return {
        "episodes": episodes,
        "read_floor_s": floor,
        "prepare_s": seconds,
        "ratio": seconds / floor,
        "progress_bar": "prepare:" in done.stderr and "episode" in done.stderr,
        "target_met": seconds < 120,
    }


# ---- printing -------------------------------------------------------------------------------
def _pct(rate: dict[str, Any]) -> str:
    return f"{rate['rate']:.2%} [{rate['low']:.2%}, {rate['high']:.2%}] (n={rate['n']:,})"


def print_tables(results: dict[str, Any]) -> None:
    if "agreement" in results:
        print("\n## 1. Labels and families: prepare on the SSD tables vs the generator's truth\n")
        print("| check | n | agree | agreement |\n|---|---:|---:|---:|")
        for r in results["agreement"]:
            share = r["agree"] / r["n"] if r["n"] else float("nan")
            print(f"| {r['check']} | {r['n']:,} | {r['agree']:,} | {share:.2%} |")
    if "censoring" in results:
        extract = results["censoring"][0]["extract_date"]
        print(
            f"\n## 2. Censoring at extract date {extract} (closures from the first record year)\n"
        )
        print(
            "| label | true rate, all closures (full timeline) | kept by prepare [95% CI] | "
            "censored counted as 0 unless an event was already seen [95% CI] | "
            "true rate of the censored | true inside kept CI |"
        )
        print("|---|---|---|---|---|---|")
        for r in results["censoring"]:
            print(
                f"| {r['label']} | {_pct(r['true_all_closures'])} | {_pct(r['kept'])} | "
                f"{_pct(r['censored_as_zero'])} | {_pct(r['censored_true'])} | "
                f"{'yes' if r['true_inside_kept_interval'] else 'NO'} |"
            )
        print(
            "\nKept records carry exactly their full-timeline labels: "
            + ", ".join(
                f"{r['label']} {r['kept_true_from_timeline']['rate']:.2%}"
                for r in results["censoring"]
            )
        )
    if "speed" in results:
        s = results["speed"]
        print(f"\n## 3. Speed: {s['episodes']:,} episodes, 2 cores\n")
        print("| run | seconds | x the read floor |\n|---|---:|---:|")
        print(f"| pandas reads the files (floor) | {s['read_floor_s']:.1f} | 1.0 |")
        print(f"| referral-nlp prepare (CLI) | {s['prepare_s']:.1f} | {s['ratio']:.1f} |")
        met = "met" if s["target_met"] else "NOT met"
        print(f"\nTarget under 120 s: {met}; progress bar shown: {s['progress_bar']}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=20_000, help="Agreement corpus size.")
    parser.add_argument(
        "--speed-records", type=int, default=72_500, help="Corpus size for ~100k episodes."
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--censor-at", default="2021-12-31", help="Extract date for check 2.")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="Tiny sizes (a test that it runs).")
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    if args.smoke:
        args.records, args.speed_records = 300, 300
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="prepare-bench-") as tmp:
        work = Path(tmp)
        corpus = synthesise(args.records, args.seed, work / "synth")
        results["agreement"] = agreement(corpus, work / "synth", work)
        censor_at = dt.date.fromisoformat(args.censor_at)
        results["censoring"] = censoring(corpus, work / "synth", work, censor_at)
        if not args.skip_speed:
            big = corpus
            if args.speed_records != args.records:
                big = synthesise(args.speed_records, args.seed + 1, work / "big")
            out = work / "big" if big is not corpus else work / "synth"
            results["speed"] = speed(out, work, big.observation_end)
    print_tables(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
