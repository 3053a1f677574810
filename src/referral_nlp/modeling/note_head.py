"""The note head: from a note's sentence vectors (and its structured fields) to one logit per label.

Shape of the computation, for ``N`` notes of at most ``S`` sentences over ``U`` sentence
vectors of width ``H``::

    vectors [U, H] -> project to d, LayerNorm          -> [U, d]
    gather per note by sentence_index [N, S] (-1 pads)  -> [N, S, d] + position embeddings
    transformer layer(s) over each note's sentences     -> [N, S, d]   (sentences see neighbours)
    per-sentence contribution MLP -> [N, S, L], summed over real sentences -> [N, L]
    + linear term of the structured fields              -> logits [N, L]

Why this shape:

- The contribution of each sentence is added up, so risk accumulates the way the field reads
  it (several current concerns weigh more than one), and hiding a sentence changes the score by
  what that sentence, read in its context, contributed: the explanation is the model's own
  arithmetic, not an approximation.
- The transformer layer over the sentences lets a sentence's contribution depend on its
  neighbours. "Mum drove over the limit with the child in the car." means something else when
  the next sentence is "None of this was found to be true." or "This was years ago.", and the
  pretrained encoder, which reads one sentence at a time, cannot see that.
- A sentence vector is computed once per distinct sentence, so a corpus's vectors can be
  cached and the head trained for many epochs on a CPU (``cpu-quick``); on a GPU the encoder
  is fine-tuned through the same head (``gpu``).
"""

from __future__ import annotations

import torch
from torch import nn

__all__ = ["NoteHead", "NoteHeadEnsemble", "note_head"]


class NoteHead(nn.Module):
    """Sentence vectors (+ structured features) -> logits; see the module docstring."""

    def __init__(
        self,
        *,
        input_dim: int,
        hidden: int,
        n_labels: int,
        structured_dim: int = 0,
        context_layers: int = 1,
        context_heads: int = 4,
        max_sentences: int = 128,
        dropout: float = 0.2,
    ) -> None:
        super().__init__()
        if hidden % context_heads:
            raise ValueError(
                f"hidden: must be a multiple of context_heads ({context_heads}), got {hidden}."
            )
        self.max_sentences = max_sentences
        self.project = nn.Sequential(
            nn.Linear(input_dim, hidden), nn.LayerNorm(hidden), nn.Dropout(dropout)
        )
        self.position = nn.Embedding(max_sentences, hidden)
        self.context: nn.Module | None = None
        if context_layers > 0:
            layer = nn.TransformerEncoderLayer(
                hidden,
                context_heads,
                2 * hidden,
                dropout,
                batch_first=True,
                norm_first=True,
            )
            self.context = nn.TransformerEncoder(layer, context_layers, enable_nested_tensor=False)
        self.contribution = nn.Sequential(
            nn.Linear(hidden, hidden), nn.GELU(), nn.Dropout(dropout), nn.Linear(hidden, n_labels)
        )
        self.structured = nn.Linear(structured_dim, n_labels) if structured_dim > 0 else None
        self.bias = nn.Parameter(torch.zeros(n_labels)) if self.structured is None else None

    def sentence_contributions(
        self, vectors: torch.Tensor, sentence_index: torch.Tensor
    ) -> torch.Tensor:
        """Each sentence's contribution ``[N, S, L]`` (0 at padding)."""
        present = sentence_index >= 0
        projected = self.project(vectors.to(self.position.weight.dtype))
        if projected.shape[0] == 0:
            # Notes without a single sentence (no words: "...", a lone control character) have
            # only padding to index; one zero row keeps the gather valid, masked out below.
            projected = projected.new_zeros((1, projected.shape[1]))
        h = projected[sentence_index.clamp(min=0)] * present.unsqueeze(-1)
        positions = torch.arange(h.shape[1], device=h.device).clamp(max=self.max_sentences - 1)
        h = h + self.position(positions).unsqueeze(0)
        if self.context is not None:
            # A note with no sentence still needs one unmasked key for the attention softmax.
            keys = present.clone()
            keys[:, 0] = True
            h = self.context(h, src_key_padding_mask=~keys)
        return self.contribution(h) * present.unsqueeze(-1)

    def output_biases(self) -> list[torch.Tensor]:
        """The bias added to every note's logits (the structured term's, or the head's own),
        as a list: one per head, as :meth:`NoteHeadEnsemble.output_biases` gives them."""
        if self.structured is not None:
            return [self.structured.bias]
        assert self.bias is not None
        return [self.bias]

    def forward(
        self,
        vectors: torch.Tensor,
        sentence_index: torch.Tensor,
        structured: torch.Tensor | None = None,
        *,
        members: bool = False,
    ) -> torch.Tensor:
        """Logits ``[N, L]``. ``sentence_index[n, s]`` is the row of ``vectors`` holding note
        ``n``'s ``s``-th sentence, or -1 past the note's end. ``members``: ``[1, N, L]``, the
        shape :class:`NoteHeadEnsemble` gives its members' logits in, so training treats a
        single head as an ensemble of one."""
        logits = self.sentence_contributions(vectors, sentence_index).sum(dim=1)
        if self.structured is not None:
            if structured is None:
                raise ValueError("structured: this head expects structured features.")
            logits = logits + self.structured(structured.to(logits.dtype))
        else:
            assert self.bias is not None
            logits = logits + self.bias
        return logits.unsqueeze(0) if members else logits


class NoteHeadEnsemble(nn.Module):
    """Several note heads trained side by side; the note's logit is their mean.

    Why: on two CPU cores the head trains in about a minute over cached vectors, and heads
    that differ only in their random start and dropout disagree by a few AUROC points and
    order the directional pairs differently (seeds 13-15 on the main job's corpus: 0.770-0.776
    re-referral test AUROC, 72-79% of pairs ordered). The mean of a few is better than any
    one and steadier between runs, for the cost of a few more minutes of head training.

    Each member is trained on its own loss (the training loop asks for ``members=True``), so
    the members stay separate models rather than one wide one. The mean of sums is the sum of
    means, so each sentence's contribution (the members' mean) still adds up to the logit and
    occlusion explanations stay exact.
    """

    def __init__(self, n_members: int, **head_kwargs: int | float) -> None:
        super().__init__()
        if n_members < 2:
            raise ValueError(f"n_members: an ensemble needs at least 2 heads, got {n_members}.")
        self.members = nn.ModuleList(NoteHead(**head_kwargs) for _ in range(n_members))

    def sentence_contributions(
        self, vectors: torch.Tensor, sentence_index: torch.Tensor
    ) -> torch.Tensor:
        """The members' mean contribution of each sentence ``[N, S, L]``."""
        return torch.stack(
            [m.sentence_contributions(vectors, sentence_index) for m in self.members]
        ).mean(dim=0)

    def output_biases(self) -> list[torch.Tensor]:
        """Each member's output bias."""
        return [bias for m in self.members for bias in m.output_biases()]

    def forward(
        self,
        vectors: torch.Tensor,
        sentence_index: torch.Tensor,
        structured: torch.Tensor | None = None,
        *,
        members: bool = False,
    ) -> torch.Tensor:
        """The members' mean logits ``[N, L]``, or with ``members`` each one's ``[K, N, L]``."""
        stacked = torch.stack([m(vectors, sentence_index, structured) for m in self.members])
        return stacked if members else stacked.mean(dim=0)


def note_head(n_members: int = 1, **head_kwargs: int | float) -> NoteHead | NoteHeadEnsemble:
    """One :class:`NoteHead`, or an ensemble of ``n_members`` (the artefact's layout follows:
    ``head.*`` for one, ``head.members.<k>.*`` for several)."""
    if n_members < 1:
        raise ValueError(f"n_members: expected at least 1 head, got {n_members}.")
    if n_members == 1:
        return NoteHead(**head_kwargs)
    return NoteHeadEnsemble(n_members, **head_kwargs)
