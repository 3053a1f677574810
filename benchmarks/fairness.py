"""Fairness flags per generator seed, recording bias off and on: oracle, baselines, trained model.

The fairness report must flag a biased model and must not flag reality. On the synthetic corpus
both can be checked, because the generator knows the truth:

* **bias off**: every group's outcomes follow its true risk, so the oracle (the generator's
  true probabilities) must raise no flag, and a decent trained model hardly any;
* **bias on** (``--recording-bias-group ethnicity=black --recording-bias-rate 0.15``): closed
  cases of black children get unwarranted extra referrals, so their *recorded* outcomes exceed
  their true risk while the oracle stays the need-based probability (``data/synthetic/
  timeline.py``). The report should flag the group and say that outcomes are recorded more
  often than the underlying risk explains.

For each condition and seed the script runs the project's own commands (outputs are kept under
``--work-dir`` and reused, so an interrupted run resumes):

1. ``referral-nlp synth --n N --seed S`` [+ the bias flags]; N is 6,000 by default, about a fifth
   of the main job's 28,000, so ten corpora train on two cores in about an hour (``--n 28000``
   for the main job's size);
2. ``referral-nlp evaluate --no-model``: the oracle and the three baselines (structured fields;
   TF-IDF + structured; frozen-encoder sentence vectors + structured), fitted on the whole
   training split (full strength);
3. with ``model`` or ``transformer_part`` in ``--models``: ``referral-nlp train`` with the
   default profile, then ``referral-nlp evaluate --model ... --predictions ...
   --no-frozen-baseline`` for the trained model's rows (the model as shipped, and its
   transformer part alone; the baselines' rows are read from step 2).

It prints one row per condition, seed and model (flags, which groups, and the biased group's
recorded-minus-predicted gap with the gap a flag would need at that sample size), then a
summary against issue 14's targets. ``--from-runs`` only re-reads the eval.json files.

``--power N [N ...]`` adds a cheaper experiment on larger corpora: the fairness analysis of the
oracle itself (scores = the true risks, outcomes as recorded) on the test split of
``referral-nlp synth --n N``, no model and no redaction. The oracle is the best any model could
be, so its row says how large a corpus the method needs before it can see the recording bias
that the knob injects, and that it stays silent without it.

    .venv/bin/python benchmarks/fairness.py                                 # everything, 5 seeds
    .venv/bin/python benchmarks/fairness.py --models oracle,baselines       # no training
    .venv/bin/python benchmarks/fairness.py --seeds 0 1 --conditions on --json out.json
    .venv/bin/python benchmarks/fairness.py --models oracle --power 6000 30000 60000
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scipy.stats import norm

ROOT = Path(__file__).resolve().parents[1]
# The rows of referral-nlp evaluate (modeling/evaluate.py): the model as shipped and its
# transformer part come from the trained artefact; the oracle and baselines need no training.
ORACLE, MODEL, TRANSFORMER_PART = "oracle", "model", "transformer_part"
BASELINES = ("structured_lr", "tfidf_lr", "frozen_embedding_lr")
TRAINED = (MODEL, TRANSFORMER_PART)
ALIASES = {"oracle": (ORACLE,), "baselines": BASELINES, "trained": TRAINED}
ALL_MODELS = (ORACLE, *BASELINES, *TRAINED)
RECORDED_ABOVE_RISK = "more often than the underlying risk explains"
TARGETS = (
    "bias off: 0 oracle flags on every seed; at most 1 flag on average per trained model",
    "bias on: the biased group flagged for the trained model in at least 4 of 5 seeds, saying "
    "outcomes are recorded more often than the underlying risk explains",
)


def parse_models(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for item in (t.strip() for t in text.split(",") if t.strip()):
        names = ALIASES.get(item, (item,))
        unknown = [n for n in names if n not in ALL_MODELS]
        if unknown:
            raise argparse.ArgumentTypeError(
                f"--models: unknown {unknown[0]!r}; expected some of "
                f"{', '.join([*ALIASES, *ALL_MODELS])}."
            )
        out += [n for n in names if n not in out]
    return tuple(out)


def cli() -> list[str]:
    script = Path(sys.executable).with_name("referral-nlp")
    return [str(script)] if script.exists() else [sys.executable, "-m", "referral_nlp.cli"]


def run(args: list[str], log: Path) -> float:
    """Run one project command, its output to ``log``; seconds taken. Raises on failure."""
    start = time.perf_counter()
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as fh:
        done = subprocess.run([*cli(), *args], stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"failed ({done.returncode}): referral-nlp {' '.join(args)}; see {log}")
    return time.perf_counter() - start


def prepare(
    work: Path, condition: str, seed: int, opts: argparse.Namespace, models: Sequence[str]
) -> dict[str, Path]:
    """Corpus, evaluations (and training) of one condition and seed; the eval.json paths."""
    base = work / f"bias-{condition}" / f"seed-{seed}"
    synth = base / "synth"
    if not (synth / "test.jsonl").is_file():
        args = ["synth", "--n", str(opts.n), "--seed", str(seed), "--out", str(synth)]
        if condition == "on":
            args += ["--recording-bias-group", opts.bias_group]
            args += ["--recording-bias-rate", str(opts.bias_rate)]
        print(f"[{condition} {seed}] synth", file=sys.stderr)
        run(args, base / "logs" / "synth.log")
    evals = {}
    common = ["--data-dir", str(synth), "--n-boot", str(opts.n_boot), "--no-progress"]
    common += [] if opts.plots else ["--no-plots"]
    if any(m not in TRAINED for m in models):
        out = base / "eval-baselines"
        if not (out / "eval.json").is_file():
            print(f"[{condition} {seed}] evaluate oracle + baselines", file=sys.stderr)
            run(
                ["evaluate", *common, "--no-model", "--out", str(out)], base / "logs" / "eval-b.log"
            )
        evals["baselines"] = out / "eval.json"
    if any(m in TRAINED for m in models):
        train, out = base / "train", base / "eval-model"
        if not (train / "model" / "manifest.json").is_file():
            print(f"[{condition} {seed}] train (default profile)", file=sys.stderr)
            run(["train", "--data-dir", str(synth), "--output-dir", str(train)],
                base / "logs" / "train.log")  # fmt: skip
        if not (out / "eval.json").is_file():
            print(f"[{condition} {seed}] evaluate the trained model", file=sys.stderr)
            args = ["evaluate", *common, "--model", str(train / "model"), "--no-frozen-baseline"]
            args += ["--predictions", str(train / "predictions"), "--out", str(out)]
            run(args, base / "logs" / "eval-m.log")
        evals["model"] = out / "eval.json"
    return evals


def synth_dir(work: Path, condition: str, seed: int, n: int, opts: argparse.Namespace) -> Path:
    """A corpus from ``referral-nlp synth`` (made once, then reused)."""
    out = work / f"power-{n}" / f"bias-{condition}" / f"seed-{seed}"
    if not (out / "test.jsonl").is_file():
        args = ["synth", "--n", str(n), "--seed", str(seed), "--out", str(out)]
        if condition == "on":
            args += ["--recording-bias-group", opts.bias_group]
            args += ["--recording-bias-rate", str(opts.bias_rate)]
        print(f"[power {n} {condition} {seed}] synth", file=sys.stderr)
        run(args, out.parent / f"synth-{seed}.log")
    return out


def oracle_power(directory: Path, n_boot: int) -> dict[str, Any]:
    """The oracle's fairness analysis on one corpus' test split (top 10% on validation)."""
    import numpy as np

    from referral_nlp.data.groups import group_columns
    from referral_nlp.evaluation.fairness import FairnessSettings, fairness_analysis

    columns = {"re_referral_12m": "oracle_re_referral", "escalation_12m": "oracle_escalation"}

    def read(split: str) -> list[dict[str, Any]]:
        lines = (directory / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    test, validation = read("test"), read("validation")
    truth = {lb: np.array([r[c] for r in test], dtype=float) for lb, c in columns.items()}
    cut = {
        lb: {"top_10pct": float(np.quantile([r[c] for r in validation], 0.9))}
        for lb, c in columns.items()
    }
    result = fairness_analysis(
        {lb: np.array([r[lb] for r in test]) for lb in columns},
        truth,
        group_columns(test),
        cut,
        oracle=truth,
        clusters=np.array([str(r["family_id"]) for r in test], dtype=object),
        settings=FairnessSettings(n_boot=n_boot),
    )
    data = {"fairness": {ORACLE: result.to_dict()},
            "data": {"test": {"n": len(test)}, "labels": list(columns)}}  # fmt: skip
    return data


def print_power(rows: list[dict[str, Any]], biased: str) -> None:
    print(f"\n## How large a corpus the method needs: the oracle's own rows ({biased})\n")
    print(
        "Scores are the true risks and outcomes are as recorded, so recorded minus predicted "
        "is exactly the recording bias the knob injects (with the knob off, only noise).\n"
    )
    print(
        "| synth --n | bias | seed | test cases | biased group n (families) | gap | a flag "
        "needs | flags | biased group flagged, saying recorded above risk |"
    )
    print("|---:|---|---:|---:|---|---|---|---:|---|")
    for r in rows:
        row = r["row"]
        said = "yes" if row.get("biased_says_recorded_above_risk") else (
            "flagged, other words" if row.get("biased_flagged") else "no")  # fmt: skip
        needs = f"{row['biased_needs']:.3f}" if "biased_needs" in row else "n/a"
        print(
            f"| {r['n']} | {r['condition']} | {r['seed']} | {row['test_n']} | "
            f"{row.get('biased_n', 'n/a')} ({row.get('biased_families', 'n/a')}) | {_gap(row)} | "
            f"{needs} | {row['flags']} ({', '.join(row['flagged']) or '-'}) | {said} |"
        )


def group_of(spec: str) -> tuple[str, str]:
    attribute, _, value = spec.partition("=")
    return attribute, value


def row_of(data: dict[str, Any], model: str, biased: tuple[str, str] | None) -> dict[str, Any]:
    """What one eval.json says about one model's fairness."""
    block = data["fairness"][model]
    method = block["method"]
    flags = block["flags"]
    out: dict[str, Any] = {
        "flags": len(flags),
        "flagged": [f"{f['label'].split('_')[0]}:{f['attribute']}={f['group']}" for f in flags],
        "n_comparisons": method["n_comparisons"],
        "test_n": data["data"]["test"]["n"],
    }
    if biased is None:
        return out
    attribute, value = biased
    hits = [f for f in flags if (f["attribute"], f["group"]) == (attribute, value)]
    out["biased_flagged"] = bool(hits)
    out["biased_says_recorded_above_risk"] = any(RECORDED_ABOVE_RISK in f["message"] for f in hits)
    label = data["data"]["labels"][0]
    group = block["labels"][label]["attributes"].get(attribute, {}).get("groups", {}).get(value)
    if group:
        est = group["stats"]["calibration"]
        out["biased_n"] = group["n"]
        out["biased_families"] = group["n_families"]
        out["biased_gap"] = (est["value"], est["low"], est["high"])
        # Holm's first step is Bonferroni: the smallest gap that could be flagged at this size.
        m, alpha = max(method["n_comparisons"], 1), method["alpha"]
        z = norm.ppf(1 - alpha / (2 * m))
        se = est["se"] if est["se"] is not None else math.nan
        out["biased_needs"] = method["calibration_tolerance"] + z * se
    return out


def collect(evals: dict[str, Path], models: Sequence[str], biased) -> dict[str, dict[str, Any]]:
    rows = {}
    for model in models:
        path = evals["model" if model in TRAINED else "baselines"]
        data = json.loads(path.read_text(encoding="utf-8"))
        rows[model] = row_of(data, model, biased)
    return rows


def _gap(row: dict[str, Any]) -> str:
    if "biased_gap" not in row:
        return "n/a"
    value, low, high = row["biased_gap"]
    return f"{value:+.3f} [{low:+.3f}, {high:+.3f}]"


def print_tables(results: list[dict[str, Any]], models: Sequence[str], biased: str) -> None:
    print(
        "\n## Fairness flags per seed (test split; flags after Holm over each model's comparisons)"
    )
    print(
        f"\nbiased group: {biased}. 'gap' is its recorded minus predicted re-referral rate "
        "[95% interval]; 'a flag needs' is the smallest gap that could clear the tolerance at "
        "this group size after the correction.\n"
    )
    print(
        "| bias | seed | model | flags | flagged (label:attribute=group) | biased group n "
        "(families) | gap | a flag needs | biased group flagged, saying recorded above risk |"
    )
    print("|---|---:|---|---:|---|---|---|---|---|")
    for r in results:
        for model in models:
            row = r["models"][model]
            said = (
                "n/a"
                if r["condition"] == "off"
                else ("yes" if row.get("biased_says_recorded_above_risk") else
                      "flagged, other words" if row.get("biased_flagged") else "no")
            )  # fmt: skip
            needs = f"{row['biased_needs']:.3f}" if "biased_needs" in row else "n/a"
            size = f"{row.get('biased_n', 'n/a')} ({row.get('biased_families', 'n/a')})"
            print(
                f"| {r['condition']} | {r['seed']} | {model} | {row['flags']} | "
                f"{', '.join(row['flagged']) or '-'} | {size} | {_gap(row)} | {needs} | {said} |"
            )
    print("\n## Summary against issue 14's targets\n")
    print(
        "| model | bias off: seeds | mean flags per seed | seeds with any flag | bias on: seeds "
        "| biased group flagged (saying recorded above risk) | target | met |"
    )
    print("|---|---:|---:|---:|---:|---|---|---|")
    for model in models:
        off = [r["models"][model] for r in results if r["condition"] == "off"]
        on = [r["models"][model] for r in results if r["condition"] == "on"]
        mean = sum(x["flags"] for x in off) / len(off) if off else math.nan
        anyf = sum(x["flags"] > 0 for x in off)
        hit = sum(bool(x.get("biased_says_recorded_above_risk")) for x in on)
        flagged = sum(bool(x.get("biased_flagged")) for x in on)
        if model == ORACLE:
            target, met = "0 flags on every unbiased seed", off and anyf == 0
        elif model in TRAINED:
            target = "mean <= 1 unbiased; biased group in >= 4/5 biased seeds"
            met = off and mean <= 1 and on and hit >= math.ceil(0.8 * len(on))
        else:
            target, met = "mean <= 1 flag per unbiased seed", off and mean <= 1
        print(
            f"| {model} | {len(off)} | {mean:.1f} | {anyf} | {len(on)} | {flagged} ({hit}) | "
            f"{target} | {'yes' if met else 'no'} |"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4],
                        help="Generator seeds (default 0-4).")  # fmt: skip
    parser.add_argument("--models", type=parse_models, default=ALL_MODELS,
                        help="Comma list: oracle, baselines, trained (model and "
                        "transformer_part), or single rows: structured_lr, tfidf_lr, "
                        "frozen_embedding_lr, model, transformer_part (default: all); '' with "
                        "--power for the power experiment alone.")  # fmt: skip
    parser.add_argument("--conditions", nargs="+", choices=("off", "on"), default=["off", "on"],
                        help="Recording bias off and/or on (default both).")  # fmt: skip
    parser.add_argument("--n", type=int, default=6000,
                        help="Records per corpus (default 6000; main job: 28000).")  # fmt: skip
    parser.add_argument("--bias-group", default="ethnicity=black")
    parser.add_argument("--bias-rate", type=float, default=0.15)
    parser.add_argument("--n-boot", type=int, default=1000, help="Bootstrap resamples.")
    parser.add_argument("--plots", action="store_true", help="Also draw the evaluation plots.")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "runs" / "bench-fairness",
                        help="Corpora, models and reports (reused when present).")  # fmt: skip
    parser.add_argument("--from-runs", action="store_true",
                        help="Only read the eval.json files already in --work-dir.")  # fmt: skip
    parser.add_argument("--power", type=int, nargs="*", default=[],
                        help="Also: the oracle's analysis on corpora of these sizes.")  # fmt: skip
    parser.add_argument("--json", type=Path, help="Also write the rows as JSON.")
    opts = parser.parse_args(argv)
    biased = group_of(opts.bias_group)
    print("Targets: " + "; ".join(TARGETS))
    print(f"Settings: --n {opts.n}, seeds {opts.seeds}, bias {opts.bias_group} at "
          f"{opts.bias_rate}, models {', '.join(opts.models)}, n_boot {opts.n_boot}.")  # fmt: skip
    power = []
    for n in opts.power:
        for condition in opts.conditions:
            for seed in opts.seeds:
                directory = synth_dir(opts.work_dir, condition, seed, n, opts)
                row = row_of(oracle_power(directory, opts.n_boot), ORACLE, biased)
                power.append({"n": n, "condition": condition, "seed": seed, "row": row})
    if power:
        print_power(power, opts.bias_group)
    results = []
    for condition in opts.conditions if opts.models else ():
        for seed in opts.seeds:
            base = opts.work_dir / f"bias-{condition}" / f"seed-{seed}"
            if opts.from_runs:
                evals = {"baselines": base / "eval-baselines" / "eval.json",
                         "model": base / "eval-model" / "eval.json"}  # fmt: skip
            else:
                evals = prepare(opts.work_dir, condition, seed, opts, opts.models)
            rows = collect(evals, opts.models, biased)
            results.append({"condition": condition, "seed": seed, "models": rows})
    if results:
        print_tables(results, opts.models, opts.bias_group)
    if opts.json:
        opts.json.write_text(json.dumps({"runs": results, "power": power}, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
