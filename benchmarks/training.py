"""Training throughput: the ``gpu`` profile's step against a plain fine-tuning step, same run.

For each model shape (all-MiniLM-L6-v2's, and BERT-base's at 512 tokens; weights randomly
initialised, so nothing is downloaded) it times full training steps of the project's
:class:`~referral_nlp.modeling.model.ReferralRiskModel` (two heads, structured features) on
synthetic token batches:

- **ours**: the ``gpu`` profile's settings: bf16 autocast, SDPA attention, fused AdamW;
  ``--compile`` adds ``torch.compile``;
- **plain**: the same model and batch in float32 with eager attention and the default AdamW,
  as a first fine-tuning script would run it.

Printed per row: sequences (sentences, up to the shape's length) per second, tokens per second
and model FLOPs utilisation (MFU = (2 N + 4 N_trainable) x tokens / (seconds x peak), N the
non-embedding parameters; attention's own FLOPs are not counted, so MFU is a lower bound), and
the speed-up of ours over plain. Peak bf16 FLOPS come from the device name (H100/H200: 989
TFLOPS) or ``--peak-tflops``.

``--cpu-quick DIR`` also times the ``cpu-quick`` profile end to end (redaction included) on a
corpus directory, the figure the main job depends on.

``--padding DIR`` times fine-tuning steps on real batches of 32 notes from ``DIR/train.jsonl``
(the ``gpu`` profile's path, MiniLM shape): every distinct sentence padded to the batch's
longest in one encoder pass (how steps ran before) against ours, rows sorted by length and
passes of ``ROWS_PER_PASS`` cut to their own longest. It prints the share of padding tokens
and the step time of each, on this machine's device.

    python benchmarks/training.py                       # on a CUDA machine
    python benchmarks/training.py --device cpu --smoke  # does it run? (tiny shapes, CPU)
    python benchmarks/training.py --cpu-quick runs/main/synth
    python benchmarks/training.py --padding runs/main/synth --device cpu
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Shape:
    name: str
    hidden: int
    layers: int
    heads: int
    intermediate: int
    seq_len: int
    batch: int


SHAPES = {
    "minilm-256": Shape("all-MiniLM-L6-v2 shape, 256 tokens", 384, 6, 12, 1536, 256, 64),
    "minilm-512": Shape("all-MiniLM-L6-v2 shape, 512 tokens", 384, 6, 12, 1536, 512, 64),
    "bert-base-512": Shape("BERT-base shape, 512 tokens", 768, 12, 12, 3072, 512, 32),
}
SMOKE = Shape("tiny (smoke test)", 32, 2, 2, 64, 64, 4)


def build(shape: Shape, attn: str, device: str):
    import torch
    from transformers import BertConfig

    from referral_nlp.modeling.model import ModelConfig, ReferralRiskModel

    encoder_config = BertConfig(
        vocab_size=30522,
        hidden_size=shape.hidden,
        num_hidden_layers=shape.layers,
        num_attention_heads=shape.heads,
        intermediate_size=shape.intermediate,
        max_position_embeddings=512,
    )
    config = ModelConfig(max_tokens=shape.seq_len, structured_dim=64, attn_implementation=attn)
    torch.manual_seed(0)
    return ReferralRiskModel.from_config(config, encoder_config).to(device).train()


def time_steps(shape: Shape, *, ours: bool, device: str, steps: int, compile_: bool) -> dict:
    import torch

    from referral_nlp.modeling.model import multitask_bce_loss
    from referral_nlp.modeling.training.loop import flops_per_token

    model = build(shape, "sdpa" if ours else "eager", device)
    step_model = torch.compile(model) if (ours and compile_) else model
    fused = ours and device.startswith("cuda")
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5, fused=fused or None)
    windows, n_notes = shape.batch, max(1, shape.batch // 2)
    ids = torch.randint(1000, 30000, (windows, shape.seq_len), device=device)
    mask = torch.ones_like(ids)
    # Each note holds windows / n_notes of the sequences (sentences, in the model's terms).
    sentence_index = torch.arange(windows, device=device).reshape(n_notes, -1)
    structured = torch.randn(n_notes, 64, device=device)
    labels = torch.randint(0, 2, (n_notes, 2), device=device).float()
    use_bf16 = ours and device.startswith("cuda")

    def step() -> None:
        with torch.autocast(device.split(":")[0], dtype=torch.bfloat16, enabled=use_bf16):
            logits = step_model(ids, mask, sentence_index, structured)
        loss = multitask_bce_loss(logits.float(), labels)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    def sync() -> None:
        if device.startswith("cuda"):
            torch.cuda.synchronize()

    for _ in range(max(2, steps // 5)):  # warm-up (and compilation)
        step()
    sync()
    started = time.perf_counter()
    for _ in range(steps):
        step()
    sync()
    seconds = time.perf_counter() - started
    tokens = windows * shape.seq_len * steps
    return {
        "windows_per_s": windows * steps / seconds,
        "tokens_per_s": tokens / seconds,
        "flops_per_token": flops_per_token(model),
    }


def padded_batches(directory: Path, n_batches: int) -> tuple[list, list]:
    """Real batches of 32 notes: (as built before, in one padded pass; ours, sorted)."""
    import torch

    from referral_nlp.modeling.base_model import resolve_base_model
    from referral_nlp.modeling.model import load_tokenizer
    from referral_nlp.modeling.sentences import note_sentences
    from referral_nlp.modeling.training.batches import TokenCollator, _common

    tokenizer = load_tokenizer(resolve_base_model("default"))
    pad = tokenizer.pad_token_id or 0
    lines = (directory / "train.jsonl").read_text(encoding="utf-8").splitlines()
    notes = [note_sentences(json.loads(line)) for line in lines[: 32 * n_batches]]
    table = list(dict.fromkeys(s for note in notes for s in note))
    row = {s: i for i, s in enumerate(table)}
    token_ids = tokenizer(table, truncation=True, max_length=64)["input_ids"]
    ours, one_pass = [], []
    for start in range(0, len(notes), 32):
        items = [
            {"sentence_rows": [row[s] for s in note], "labels": [0.0, 1.0], "index": i,
             "n_tokens": 0, "structured": None}
            for i, note in enumerate(notes[start : start + 32])
        ]  # fmt: skip
        ours.append(TokenCollator(token_ids, pad)(items))
        batch, rows = _common(items)  # the batch as it was built before: first-seen order
        width = max(len(token_ids[r]) for r in rows)
        ids = torch.full((len(rows), width), pad, dtype=torch.long)
        mask = torch.zeros_like(ids)
        for i, r in enumerate(rows):
            ids[i, : len(token_ids[r])] = torch.as_tensor(token_ids[r])
            mask[i, : len(token_ids[r])] = 1
        one_pass.append({**batch, "input_ids": ids, "attention_mask": mask})
    return one_pass, ours


def time_padding(directory: Path, device: str, n_batches: int = 6) -> list[dict]:
    """Fine-tuning steps on real batches: one padded pass against sorted, cut passes."""
    import torch

    import referral_nlp.modeling.model as model_module
    from referral_nlp.modeling.model import encoder_passes, multitask_bce_loss

    one_pass, ours = padded_batches(directory, n_batches)
    shape = Shape("all-MiniLM-L6-v2 shape, 64 tokens", 384, 6, 12, 1536, 64, 0)
    model = build(shape, "sdpa", device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5)
    use_bf16 = device.startswith("cuda")
    rows_per_pass = model_module.ROWS_PER_PASS

    def run(batches: list, passes: int) -> float:
        model_module.ROWS_PER_PASS = passes
        started = time.perf_counter()
        for batch in batches:
            n = batch["sentence_index"].shape[0]
            with torch.autocast(device.split(":")[0], dtype=torch.bfloat16, enabled=use_bf16):
                logits = model(
                    batch["input_ids"].to(device), batch["attention_mask"].to(device),
                    batch["sentence_index"].to(device), torch.zeros(n, 64, device=device),
                )  # fmt: skip
            multitask_bce_loss(logits.float(), torch.ones(n, 2, device=device)).backward()
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
        if device.startswith("cuda"):
            torch.cuda.synchronize()
        return (time.perf_counter() - started) / len(batches)

    def padded_share(batches: list, passes: int) -> float:
        real = padded = 0
        for batch in batches:
            lengths = batch["attention_mask"].sum(dim=1).tolist()
            real += sum(lengths)
            width = batch["attention_mask"].shape[1]
            padded += sum(
                (end - start) * cut for start, end, cut in encoder_passes(lengths, width, passes)
            )
        return 1 - real / padded

    try:
        run(ours[:1], rows_per_pass)  # warm-up
        results = []
        for _ in range(2):  # alternate, twice each: this machine's timings are noisy
            for system, batches, passes in (
                ("one pass, padded to the batch's longest", one_pass, 10**9),
                (f"ours: sorted, passes of {rows_per_pass} cut", ours, rows_per_pass),
            ):
                results.append(
                    {"system": system, "seconds_per_step": run(batches, passes),
                     "padding": padded_share(batches, passes)}
                )  # fmt: skip
    finally:
        model_module.ROWS_PER_PASS = rows_per_pass
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--device", default=None, help="cuda (default when available) or cpu.")
    parser.add_argument("--shapes", default="minilm-256,minilm-512,bert-base-512")
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--compile", action="store_true", help="torch.compile our model.")
    parser.add_argument("--peak-tflops", type=float, help="Peak bf16 TFLOPS of the device.")
    parser.add_argument("--smoke", action="store_true", help="Tiny shape, 2 steps (any device).")
    parser.add_argument("--cpu-quick", type=Path, metavar="DIR", help="Time cpu-quick on DIR.")
    parser.add_argument("--padding", type=Path, metavar="DIR", help="Padding: real batches.")
    parser.add_argument("--json", type=Path, help="Also write the figures as JSON here.")
    args = parser.parse_args(argv)
    import torch

    from referral_nlp.modeling.training.loop import peak_flops

    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    rows: list[dict] = []
    if device.startswith("cuda") or args.smoke:
        shapes = [SMOKE] if args.smoke else [SHAPES[s] for s in args.shapes.split(",")]
        steps = 2 if args.smoke else args.steps
        peak = peak_flops(torch.device(device), args.peak_tflops)
        name = torch.cuda.get_device_name() if device.startswith("cuda") else "CPU"
        print(f"# Training step throughput on {name} (peak {peak and peak / 1e12} TFLOPS)\n")
        print("| shape | system | windows/s | tokens/s | MFU | vs plain |")
        print("|---|---|---:|---:|---:|---:|")
        for shape in shapes:
            plain = time_steps(shape, ours=False, device=device, steps=steps, compile_=False)
            ours = time_steps(shape, ours=True, device=device, steps=steps, compile_=args.compile)
            for system, r in (("plain fp32, eager", plain), ("ours: bf16, SDPA, fused", ours)):
                mfu = r["flops_per_token"] * r["tokens_per_s"] / peak if peak else None
                ratio = r["windows_per_s"] / plain["windows_per_s"]
                r.update(shape=shape.name, system=system, mfu=mfu, vs_plain=ratio)
                print(
                    f"| {shape.name} | {system} | {r['windows_per_s']:.1f} | "
                    f"{r['tokens_per_s']:,.0f} | {'n/a' if mfu is None else f'{mfu:.1%}'} | "
                    f"{ratio:.2f}x |"
                )
                rows.append(r)
    elif not args.padding:
        print("No CUDA device here: the GPU rows are not measured. Run this on a GPU machine.")
    if args.padding:
        results = time_padding(args.padding, device)
        print(f"\n# Fine-tuning steps on real batches of 32 notes from {args.padding} ({device})\n")
        print("| system | padding tokens | seconds per step | vs one pass |")
        print("|---|---:|---:|---:|")
        base = [r["seconds_per_step"] for r in results if r["system"].startswith("one pass")]
        for r in results:
            r["vs_one_pass"] = min(base) / r["seconds_per_step"]
            print(
                f"| {r['system']} | {r['padding']:.0%} | {r['seconds_per_step']:.3f} | "
                f"{r['vs_one_pass']:.2f}x |"
            )
        rows.extend(results)
    if args.cpu_quick:
        out = Path(tempfile.mkdtemp(prefix="cpu-quick-"))
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "training" / "train.py"),
                "--profile",
                "cpu-quick",
                "--data-dir",
                str(args.cpu_quick),
                "--output-dir",
                str(out),
            ],
            check=True,
        )
        wall = time.perf_counter() - started
        print(f"\ncpu-quick on {args.cpu_quick}: {wall:.0f} s wall (target: under 600 s)")
        rows.append({"system": "cpu-quick", "wall_seconds": wall})
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
