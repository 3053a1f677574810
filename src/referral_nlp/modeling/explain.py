"""Which sentences raised or lowered a score: sentence-level occlusion over the redacted note.

For each sentence of a note, the note is scored again with that sentence hidden, and the
sentence's **effect** on a label is the calibrated probability with it minus the probability
without it: positive means the sentence raised the score, negative that it lowered it.

Hiding a sentence means masking its tokens out of the attention of every window that holds
them (the attention mask is 0 there), so the rest of the note keeps its positions and its
windows. Only the windows that overlap the sentence are encoded again; the others keep their
vectors, and the pooling and the heads (cheap) run once per sentence. A 250-word note of 15
sentences in three windows costs about 15-20 window passes instead of 45.

The text is the redacted text the model scored, so offsets and sentences shown to a reviewer
hold no personal data. Notes with more sentences than ``max_segments`` are explained by runs of
adjacent sentences, so the cost stays bounded.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import torch

__all__ = ["OcclusionExplainer", "SentenceEffect", "split_sentences"]

# A sentence ends at . ! ? (and closing quotes/brackets after them) before white space, or at a
# line break; list items and headings on their own lines are sentences too.
_BOUNDARY = re.compile(r"(?P<mark>[.!?][\"')\]]*)\s+|\n+")
# "Mr. Smith", "e.g. the": abbreviations that end in a full stop but end no sentence.
_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Prof|Sgt|Insp|No|approx|e\.g|i\.e|etc|vs|cf)\.|\b[A-Z]\.)$"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, without edge white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end("mark") if match.group("mark") else match.start()
        if (
            "\n" not in match.group(0)
            and match.group("mark")
            and _NO_BREAK_BEFORE.search(text, 0, match.start() + 1)
        ):
            continue
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if any(c.isalnum() for c in text[a:b]):
            out.append((a, b))
    return out


def _group(spans: list[tuple[int, int]], max_segments: int) -> list[tuple[int, int]]:
    """At most ``max_segments`` runs of adjacent sentences, as even in count as possible."""
    if len(spans) <= max_segments:
        return spans
    edges = np.linspace(0, len(spans), max_segments + 1).round().astype(int)
    return [(spans[a][0], spans[b - 1][1]) for a, b in itertools.pairwise(edges) if b > a]


@dataclass(frozen=True)
class SentenceEffect:
    """One sentence's effect on one label's calibrated probability."""

    start: int
    end: int
    effect: float

    @property
    def direction(self) -> str:
        return "raised" if self.effect > 0 else "lowered"

    def to_dict(self, text: str) -> dict[str, Any]:
        out = asdict(self)
        out["effect"] = round(self.effect, 4)
        out["direction"] = self.direction
        out["sentence"] = text[self.start : self.end]
        return out


class OcclusionExplainer:
    """Sentence occlusion for a loaded :class:`~referral_nlp.modeling.predict.RiskPredictor`.

    :param predictor: the predictor whose model, tokenizer and calibration are explained
    :param max_segments: the most sentences (or runs of sentences) occluded per note
    :param top_k: how many raising and how many lowering sentences to keep per label
    :param min_effect: effects smaller than this (in probability) are left out as noise
    """

    def __init__(
        self,
        predictor: Any,
        *,
        max_segments: int = 40,
        top_k: int = 3,
        min_effect: float = 0.002,
    ) -> None:
        if max_segments < 1 or top_k < 1:
            raise ValueError("max_segments and top_k: must be at least 1.")
        self.predictor = predictor
        self.max_segments = max_segments
        self.top_k = top_k
        self.min_effect = min_effect

    def explain(self, record: Mapping[str, Any]) -> dict[str, list[SentenceEffect]]:
        """Per label, the sentences of ``record["text"]`` (already redacted) that raised the
        calibrated probability most (largest first), then those that lowered it most."""
        out: dict[str, list[SentenceEffect]] = {}
        for label, effects in self.sentence_effects(record).items():
            raised = sorted(
                (e for e in effects if e.effect >= self.min_effect), key=lambda e: -e.effect
            )
            lowered = sorted(
                (e for e in effects if e.effect <= -self.min_effect), key=lambda e: e.effect
            )
            out[label] = raised[: self.top_k] + lowered[: self.top_k]
        return out

    def sentence_effects(self, record: Mapping[str, Any]) -> dict[str, list[SentenceEffect]]:
        """Per label, every segment's effect, in text order."""
        predictor = self.predictor.load()
        model, tokenizer, chunker = predictor.model, predictor.tokenizer, predictor.chunker
        text = record["text"]
        labels = model.config.labels
        # Sentences come from the main text only; other text fields the model reads follow it
        # (joined by a blank line) and stay visible in every variant.
        segments = _group(split_sentences(text), self.max_segments)
        if not segments:
            return {label: [] for label in labels}
        full = predictor._note_text(record, 0)
        encoded = tokenizer(
            full,
            add_special_tokens=False,
            truncation=False,
            return_offsets_mapping=True,
            return_attention_mask=False,
            verbose=False,
        )
        offsets = encoded["offset_mapping"]
        windows = chunker([full])
        prefix = len(chunker.prefix)
        device = predictor.device

        batch = predictor.collator([{"input_ids": windows.per_note()[0]}])
        input_ids, mask = batch["input_ids"].to(device), batch["attention_mask"].to(device)
        structured = None
        if predictor.structured_encoder is not None:
            features = predictor.structured_encoder.transform([record])
            structured = torch.as_tensor(np.asarray(features, dtype=np.float32)).to(device)

        # Which windows (and which columns in them) each segment touches.
        token_starts = np.array([a for a, _ in offsets], dtype=np.int64)
        token_ends = np.array([b for _, b in offsets], dtype=np.int64)
        variants: list[tuple[int, int, torch.Tensor]] = []  # (segment, window, mask row)
        for s, (a, b) in enumerate(segments):
            inside = np.nonzero((token_starts < b) & (token_ends > a))[0]
            if inside.size == 0:
                continue
            for w, (t0, t1) in enumerate(windows.token_spans):
                hit = inside[(inside >= t0) & (inside < t1)]
                if hit.size == 0:
                    continue
                row = mask[w].clone()
                row[torch.as_tensor(hit - t0 + prefix, device=device)] = 0
                if int(row.sum()) == 0:
                    row[0] = 1  # a window of nothing but this sentence keeps its [CLS]
                variants.append((s, w, row))

        with torch.inference_mode():
            base_vectors = model.encode_windows(input_ids, mask, predictor.max_windows_per_pass)
            n_windows = base_vectors.shape[0]
            one = torch.zeros(n_windows, dtype=torch.long, device=device)
            base_logits, _ = model.logits_from_windows(base_vectors, one, 1, structured)
            if not variants:
                return {label: [] for label in labels}
            rows = torch.stack([row for _, _, row in variants])
            ids = input_ids[[w for _, w, _ in variants]]
            occluded = model.encode_windows(ids, rows, predictor.max_windows_per_pass)
            # One copy of the note's window vectors per segment, with its windows replaced.
            copies = base_vectors.unsqueeze(0).repeat(len(segments), 1, 1)
            for k, (s, w, _) in enumerate(variants):
                copies[s, w] = occluded[k]
            note_index = torch.arange(len(segments), device=device).repeat_interleave(n_windows)
            repeated = None if structured is None else structured.repeat(len(segments), 1)
            logits, _ = model.logits_from_windows(
                copies.reshape(-1, base_vectors.shape[-1]), note_index, len(segments), repeated
            )
        base_p = predictor.probabilities_from_logits(base_logits.float().cpu().numpy())[0]
        without = predictor.probabilities_from_logits(logits.float().cpu().numpy())
        return {
            label: [
                SentenceEffect(a, b, float(base_p[j] - without[s, j]))
                for s, (a, b) in enumerate(segments)
            ]
            for j, label in enumerate(labels)
        }
