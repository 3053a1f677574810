"""Does a learned pooling of the frozen encoder's token states read what their mean loses?

The shipped model reads each sentence as the mean of the int8 encoder's last-layer token states,
and that mean barely carries negation or tense ("she does not feel safe at home" and "she feels
safe at home" have cosine 0.93): the reason the model misorders some directional pairs (issue
11). This benchmark is a probe of the fix, not of the shipped model. It computes the token states
of every distinct sentence once, in the same int8 arithmetic as the shipped vectors (one sentence
per pass; their mean is the shipped vector, checked here), and trains one small note model per
pooling and seed on the same data:

* **mean**: each sentence's token mean (what the shipped head reads);
* **mean + attention**: the mean beside ``--heads`` learned attention poolings of the tokens.

Everything else is identical: a projection, a per-sentence contribution summed over the note, a
linear term on the structured fields, AdamW, the best validation epoch. It prints test AUROC per
label and the ordering rate on each pairs file, per seed, and the attention-minus-mean
difference averaged over seeds. A gain on the first pairs file only is not a gain: the held-out
file, written by another author, is the check.

    python benchmarks/sentence_pooling.py --seeds 0 1 2      # after the main job (its caches)

The token states of the main job's corpus take about 1.3 GB of memory (float16) and two minutes
on 2 cores; each model about two to three minutes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from referral_nlp.data.schema import LABELS
from referral_nlp.modeling.sentence_encoder import ONNX_INT8

ROOT = Path(__file__).resolve().parents[1]
POOLINGS = ("mean", "mean + attention")
PAIRS = (
    ROOT / "samples" / "directional_pairs.jsonl",
    ROOT / "samples" / "directional_pairs_heldout.jsonl",
)


class PoolingNoteModel(nn.Module):
    """A small note model over token states: ``attention_heads`` 0 pools each sentence by its
    token mean only; above 0 adds that many learned attention poolings beside the mean."""

    def __init__(self, hidden: int, n_structured: int, attention_heads: int, width: int = 128):
        super().__init__()
        self.heads = attention_heads
        self.score = nn.Linear(hidden, max(attention_heads, 1))
        self.project = nn.Sequential(
            nn.Linear(hidden * (1 + attention_heads), width), nn.GELU(), nn.Dropout(0.1)
        )
        self.contribution = nn.Sequential(
            nn.Linear(width, width), nn.GELU(), nn.Linear(width, len(LABELS))
        )
        self.structured = nn.Linear(n_structured, len(LABELS))

    def forward(
        self,
        states: torch.Tensor,
        mask: torch.Tensor,
        note_of: torch.Tensor,
        n_notes: int,
        structured: torch.Tensor,
    ) -> torch.Tensor:
        weights = mask.unsqueeze(-1)
        pooled = [(states * weights).sum(1) / weights.sum(1).clamp(min=1.0)]
        if self.heads:
            scores = self.score(states).masked_fill(weights == 0, -1e4).softmax(dim=1)
            pooled.append(torch.einsum("stk,std->skd", scores, states).flatten(1))
        contributions = self.contribution(self.project(torch.cat(pooled, dim=1)))
        notes = torch.zeros(n_notes, len(LABELS)).index_add_(0, note_of, contributions)
        return notes + self.structured(structured)


def padded(
    states: Sequence[np.ndarray], notes: Sequence[Sequence[int]]
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Token states of the notes' sentences, padded: ``(states, mask, note_of)``."""
    flat = [j for note in notes for j in note]
    longest = max((len(states[j]) for j in flat), default=1)
    hidden = states[0].shape[1]
    batch = np.zeros((len(flat), longest, hidden), np.float32)
    mask = np.zeros((len(flat), longest), np.float32)
    for row, j in enumerate(flat):
        batch[row, : len(states[j])] = states[j]
        mask[row, : len(states[j])] = 1.0
    note_of = torch.tensor([k for k, note in enumerate(notes) for _ in note], dtype=torch.long)
    return torch.from_numpy(batch), torch.from_numpy(mask), note_of


def logits(
    model: PoolingNoteModel,
    states: Sequence[np.ndarray],
    notes: Sequence[Sequence[int]],
    structured: torch.Tensor,
    batch: int = 256,
) -> np.ndarray:
    model.eval()
    out = []
    with torch.inference_mode():
        for s in range(0, len(notes), batch):
            x, mask, note_of = padded(states, notes[s : s + batch])
            out.append(
                model(x, mask, note_of, len(notes[s : s + batch]), structured[s : s + batch])
            )
    model.train()
    return torch.cat(out).numpy()


def train(
    states: Sequence[np.ndarray], data: dict, attention_heads: int, seed: int, epochs: int
) -> PoolingNoteModel:
    """Fit on ``data["train"]``; keep the epoch with the best mean validation AUROC."""
    from sklearn.metrics import roc_auc_score

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    notes, structured, labels = data["train"]
    model = PoolingNoteModel(states[0].shape[1], structured.shape[1], attention_heads)
    optimiser = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    rate = labels.mean(dim=0)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=(1 - rate) / rate.clamp(min=1e-3))
    best, best_state = -1.0, None
    for _ in range(epochs):
        order = rng.permutation(len(notes))
        for s in range(0, len(notes), 64):
            idx = order[s : s + 64].tolist()
            x, mask, note_of = padded(states, [notes[i] for i in idx])
            loss = loss_fn(model(x, mask, note_of, len(idx), structured[idx]), labels[idx])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        v_notes, v_structured, v_labels = data["validation"]
        scores = logits(model, states, v_notes, v_structured)
        auroc = np.mean([roc_auc_score(v_labels[:, j], scores[:, j]) for j in range(len(LABELS))])
        if auroc > best:
            best, best_state = auroc, {k: t.clone() for k, t in model.state_dict().items()}
    assert best_state is not None
    model.load_state_dict(best_state)
    return model


class _Scores:
    """Fixed scores as a predictor for ``directional_accuracy``, so the probe counts ordered
    pairs by the library's rules (which pairs apply to a label; a tie is wrong)."""

    def __init__(self, scores: np.ndarray) -> None:
        self.labels, self.scores = LABELS, scores

    def predict_logits(self, records: Sequence[dict]) -> tuple[np.ndarray, None]:
        return self.scores, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--model", default=None, help="Model directory (default: the default model)."
    )
    parser.add_argument("--data-dir", type=Path, default=ROOT / "runs" / "main" / "synth")
    parser.add_argument("--pairs", type=Path, nargs="+", default=list(PAIRS))
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--heads", type=int, default=4, help="Attention poolings beside the mean.")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)

    from sklearn.metrics import roc_auc_score

    from referral_nlp.modeling.default_model import resolve_model_dir
    from referral_nlp.modeling.directional import (
        directional_accuracy,
        load_pairs,
        redacted_notes,
    )
    from referral_nlp.modeling.evaluate import redacted_split
    from referral_nlp.modeling.predict import RiskPredictor
    from referral_nlp.modeling.sentences import note_sentences
    from referral_nlp.offline import default_hf_offline
    from referral_nlp.redaction import Redactor

    default_hf_offline()
    torch.set_num_threads(args.threads)
    model_dir = resolve_model_dir(args.model)
    predictor = RiskPredictor(model_dir, num_threads=args.threads).load()
    if predictor.model.config.frozen_encoder_backend != ONNX_INT8:
        raise SystemExit(
            f"{model_dir}: learnt from float32 sentence vectors; this probe compares poolings of "
            f"the int8 token states a {ONNX_INT8} model reads. Train with --encoder-backend "
            f"{ONNX_INT8} (the cpu-quick default)."
        )
    text_fields = tuple(predictor.model.config.text_fields)
    splits = {
        s: redacted_split(args.data_dir, model_dir, s) for s in ("train", "validation", "test")
    }
    redactor = Redactor()
    pair_sets = {f"pairs {p.name}": load_pairs(p) for p in args.pairs}
    if len(pair_sets) != len(args.pairs):
        raise SystemExit("--pairs: give files with different names (they label the columns).")
    pair_notes = {name: redacted_notes(pairs, redactor) for name, pairs in pair_sets.items()}

    groups = {**splits, **pair_notes}
    sentences = list(
        dict.fromkeys(
            s for recs in groups.values() for r in recs for s in note_sentences(r, text_fields)
        )
    )
    where = {s: i for i, s in enumerate(sentences)}
    started = time.perf_counter()
    print(f"token states of {len(sentences)} distinct sentences ...", file=sys.stderr, flush=True)
    encoder = predictor.sentence_encoder
    # One sentence per pass, --threads passes side by side, as the shipped vectors are computed.
    states = encoder.token_states(sentences, dtype=np.float16)
    check = [sentences[i] for i in range(0, len(sentences), max(1, len(sentences) // 200))]
    exact = encoder.token_states(check)  # float32, for the premise
    gap = max(
        float(np.abs(s.mean(0) - v).max())
        for s, v in zip(exact, encoder.encode(check), strict=True)
    )
    print(
        f"... {time.perf_counter() - started:.0f} s; "
        f"largest |token mean - shipped vector| {gap:.1e}",
        file=sys.stderr,
    )
    if gap > 1e-4:  # the "mean" arm would not be what the shipped head reads
        raise SystemExit(f"token states do not average to the shipped vectors (gap {gap:.1e}).")

    structured = predictor.structured_encoder  # fitted on the same training split

    def tensors(name: str, records: Sequence[dict]) -> tuple:
        notes = [[where[s] for s in note_sentences(r, text_fields)] for r in records]
        if structured is None:  # a text-only model
            x = torch.zeros(len(records), 0)
        else:
            x = torch.tensor(structured.transform(records), dtype=torch.float32)
        if not name.startswith("pairs") and any(
            r.get(lb) is None for r in records for lb in LABELS
        ):
            raise SystemExit(f"{name}: records without an outcome; the probe needs every label.")
        y = torch.tensor([[float(r.get(lb) or 0) for lb in LABELS] for r in records])
        return notes, x, y

    data = {name: tensors(name, recs) for name, recs in groups.items()}

    rows = []
    for seed in args.seeds:
        for pooling, heads in zip(POOLINGS, (0, args.heads), strict=True):
            model = train(states, data, heads, seed, args.epochs)
            row = {"seed": seed, "pooling": pooling}
            notes, x, y = data["test"]
            scores = logits(model, states, notes, x)
            for j, label in enumerate(LABELS):
                row[f"{label} AUROC"] = float(roc_auc_score(y[:, j], scores[:, j]))
            for name, pairs in pair_sets.items():
                scores = logits(model, states, *data[name][:2])
                for label in LABELS:
                    ordered = directional_accuracy(
                        _Scores(scores), pairs, label=label, notes=pair_notes[name]
                    )
                    row[f"{label} {name}"] = (ordered["n_correct"], ordered["n_pairs"])
            rows.append(row)
            print(f"seed {seed}, {pooling}: done", file=sys.stderr, flush=True)

    columns = [c for c in rows[0] if c not in ("seed", "pooling")]
    print(
        f"# Sentence pooling over int8 token states (model {model_dir.name}, "
        f"{len(args.seeds)} seeds, a probe model, not the shipped head)\n"
    )
    print("| seed | pooling | " + " | ".join(columns) + " |")
    print("|---|---|" + "---:|" * len(columns))

    def cell(value: Any) -> str:
        return f"{value[0]} / {value[1]}" if isinstance(value, tuple) else f"{value:.4f}"

    for row in rows:
        print(
            f"| {row['seed']} | {row['pooling']} | "
            + " | ".join(cell(row[c]) for c in columns)
            + " |"
        )
    diffs = []
    for c in columns:
        per_seed = [
            (b[c][0] - a[c][0]) if isinstance(a[c], tuple) else (b[c] - a[c])
            for a, b in zip(rows[::2], rows[1::2], strict=True)
        ]
        diffs.append(
            f"{np.mean(per_seed):+.4f}"
            if not isinstance(rows[0][c], tuple)
            else f"{np.mean(per_seed):+.1f} pairs"
        )
    print("| mean | attention - mean | " + " | ".join(diffs) + " |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
