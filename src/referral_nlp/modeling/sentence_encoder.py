"""Sentence vectors from the pretrained transformer: mean of its last layer over each sentence.

:class:`SentenceEncoder` turns sentence texts (see :mod:`.sentences`) into ``[n, hidden]``
float32 vectors. It tokenises each sentence on its own (at most ``max_tokens`` tokens,
special tokens included), runs sentences of similar length together so little is padding, and
averages the last hidden layer over the real tokens (all-MiniLM-L6-v2 was trained as a
sentence encoder with exactly this pooling, so the vectors are meaningful before any
training).

Arithmetic (``backend``):

* ``"torch"``: the encoder module itself. The only backend that can train (the ``gpu``
  profile fine-tunes through :meth:`SentenceEncoder.pooled`).
* ``"onnx"``: the same float32 weights exported to ONNX in memory at load time and run by
  ONNX Runtime (the artefact stays safetensors + JSON; nothing executable is stored). On the
  2-core test machine it encoded the same sentences 2.3x faster than eager PyTorch, with
  vectors equal to 1e-4. This is the default on a CPU when onnxruntime is installed.
* ``"int8"``: PyTorch with the encoder's linear layers quantised to int8 (dynamic scales); its
  fidelity to float32 is measured by ``referral-nlp int8-check`` before a service uses it.
* ``"onnx-int8"``: the ONNX export with its matrix products quantised to int8 by ONNX Runtime
  (per-channel weights, dynamic activation scales), **one sentence per forward pass**. Dynamic
  scales are taken over the whole input, so in a batch a sentence's vector would depend on its
  batch-mates (up to 0.2 apart); alone, it depends on the sentence only, and training, evaluation
  and the service compute the same vector. Weights keep 7 bits (``reduce_range``) so that CPUs
  without VNNI, whose 8-bit products can saturate, compute exactly what VNNI ones do. On the
  2-core test machine a note's sentences took 1.7x less time than with ``"onnx"``; vectors have
  cosine 0.99 to float32's on average. A model trained on these vectors is served with them
  (:attr:`ModelConfig.frozen_encoder_backend`), so nothing is checked against float32.

A model is trained and served with the same backend where it can be, so the vectors the
head saw in training are the vectors it sees in service.
"""

from __future__ import annotations

import copy
import io
import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from referral_nlp.errors import UserError

logger = logging.getLogger(__name__)

__all__ = ["BACKENDS", "ONNX_INT8", "SentenceEncoder", "default_backend", "masked_mean"]

#: The int8 ONNX Runtime backend (see the module docstring).
ONNX_INT8 = "onnx-int8"
BACKENDS = ("auto", "torch", "onnx", "int8", ONNX_INT8)
#: Sentences between two ``before_batch`` checkpoints when each sentence is its own pass.
_ALONE_CHUNK = 32
#: The int8 quantiser's settings (``quantize_dynamic``'s arguments), named in cache keys
#: (:attr:`SentenceEncoder.arithmetic`): other settings, other vectors.
_INT8_SETTINGS = {"per_channel": True, "reduce_range": True}
#: Sentences per forward pass; passes are also capped at ``_MAX_BATCH_TOKENS`` tokens.
_BATCH_SENTENCES = 128
_MAX_BATCH_TOKENS = 4096
#: A pass closes when padding to its longest sentence would spend more than this multiple of
#: the real tokens (once it holds ``_MIN_BATCH`` sentences): one note's sentences run from 3
#: to 64 tokens, and padding them all to the longest doubled the work of scoring one note.
_PAD_SLACK = 1.25
_MIN_BATCH = 4


def masked_mean(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Mean of token vectors over real (unpadded) tokens, in float32 for stability."""
    mask = attention_mask.unsqueeze(-1).to(torch.float32)
    summed = (hidden.to(torch.float32) * mask).sum(dim=1)
    return summed / mask.sum(dim=1).clamp(min=1.0)


def default_backend(device: str | torch.device = "cpu") -> str:
    """``onnx`` on a CPU where onnxruntime is installed, else ``torch``."""
    if torch.device(device).type != "cpu":
        return "torch"
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return "torch"
    return "onnx"


class _Pooled(torch.nn.Module):
    """The encoder plus mean pooling, as one module (what the ONNX export traces)."""

    def __init__(self, encoder: torch.nn.Module) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        out = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
        return masked_mean(out.last_hidden_state, attention_mask)


class _TokenStates(torch.nn.Module):
    """The encoder's last layer, one state per token (what a learned pooling would read)."""

    def __init__(self, encoder: torch.nn.Module) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state


class SentenceEncoder:
    """Encode sentence texts with a transformer encoder (see the module docstring).

    :param encoder: a Hugging Face encoder module (its ``config.hidden_size`` is the width)
    :param tokenizer: its tokenizer
    :param max_tokens: tokens per sentence, special tokens included (longer ones are cut)
    :param backend: ``auto``, ``torch``, ``onnx``, ``int8`` or ``onnx-int8``
    :param num_threads: CPU threads for the onnx backends (torch uses its process-wide setting);
        ``onnx-int8`` runs that many single-sentence passes side by side
    """

    def __init__(
        self,
        encoder: torch.nn.Module,
        tokenizer: Any,
        *,
        max_tokens: int = 64,
        backend: str = "auto",
        device: str | torch.device = "cpu",
        num_threads: int | None = None,
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"backend: expected one of {list(BACKENDS)}, got {backend!r}.")
        if max_tokens < 4:
            raise ValueError(f"max_tokens: must be at least 4, got {max_tokens}.")
        self.device = torch.device(device)
        self.backend = default_backend(self.device) if backend == "auto" else backend
        # onnx-int8 computes on the CPU whatever the device (a served int8 model keeps its
        # vectors when the head runs on a GPU); the float32 CPU backends refuse another device.
        if self.backend in ("onnx", "int8") and self.device.type != "cpu":
            raise UserError(f"backend: {self.backend} runs on the CPU only.")
        self.encoder = encoder
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens
        self.num_threads = num_threads
        self.hidden_size = int(encoder.config.hidden_size)
        self._pooled = _Pooled(encoder)
        self._session: Any = None
        self._token_session: Any = None
        self._int8: torch.nn.Module | None = None
        #: Called before each batch of sentences (a service's stop checkpoint); None: nothing.
        self.before_batch: Any = None

    @property
    def arithmetic(self) -> str:
        """What computes the vectors, for cache keys: the backend, and for ``onnx-int8`` also
        the ONNX Runtime version and quantiser settings (another quantiser, other vectors)."""
        if self.backend != ONNX_INT8:
            return self.backend
        import onnxruntime

        settings = ", ".join(f"{k}={v}" for k, v in sorted(_INT8_SETTINGS.items()))
        # torch exports the graph the quantiser reads, so its version is named too.
        versions = f"onnxruntime {onnxruntime.__version__}, torch {torch.__version__}"
        return f"{ONNX_INT8} ({versions}, {settings})"

    # ---- tokens ----------------------------------------------------------------------------
    def tokenize(self, sentences: Sequence[str]) -> list[list[int]]:
        """Token ids of each sentence, special tokens included, cut at ``max_tokens``."""
        if not sentences:
            return []
        encoded = self.tokenizer(
            list(sentences), truncation=True, max_length=self.max_tokens, verbose=False
        )
        return [list(ids) for ids in encoded["input_ids"]]

    def pad(self, token_ids: Sequence[Sequence[int]]) -> tuple[torch.Tensor, torch.Tensor]:
        """Right-padded ``input_ids`` and ``attention_mask`` for a list of token id lists."""
        width = max(len(ids) for ids in token_ids)
        pad_id = self.tokenizer.pad_token_id or 0
        ids = torch.full((len(token_ids), width), pad_id, dtype=torch.long)
        mask = torch.zeros((len(token_ids), width), dtype=torch.long)
        for i, row in enumerate(token_ids):
            ids[i, : len(row)] = torch.as_tensor(row, dtype=torch.long)
            mask[i, : len(row)] = 1
        return ids, mask

    # ---- the differentiable path (training) -----------------------------------------------
    def pooled(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Sentence vectors ``[n, hidden]`` through the torch encoder, gradients allowed."""
        return self._pooled(input_ids, attention_mask)

    # ---- inference -------------------------------------------------------------------------
    def encode(self, sentences: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """float32 vectors ``[len(sentences), hidden]``; repeated sentences are encoded once."""
        out = np.zeros((len(sentences), self.hidden_size), dtype=np.float32)
        if not sentences:
            return out
        unique = list(dict.fromkeys(sentences))
        where = {s: i for i, s in enumerate(unique)}
        vectors = self._encode_unique(unique, progress=progress)
        return vectors[[where[s] for s in sentences]]

    def _encode_unique(self, sentences: list[str], *, progress: bool) -> np.ndarray:
        from tqdm.auto import tqdm

        token_ids = self.tokenize(sentences)
        if self.backend == ONNX_INT8:
            return self._encode_alone(token_ids, progress=progress)
        order = sorted(range(len(token_ids)), key=lambda i: len(token_ids[i]))
        out = np.zeros((len(sentences), self.hidden_size), dtype=np.float32)
        run = self._runner()
        bar = tqdm(total=len(order), desc="encoding sentences", unit="sent", disable=not progress)
        try:
            for idx in _length_batches([len(token_ids[i]) for i in order], order):
                if self.before_batch is not None:
                    self.before_batch()
                ids, mask = self.pad([token_ids[i] for i in idx])
                out[idx] = run(ids, mask)
                bar.update(len(idx))
        finally:
            bar.close()
        return out

    def token_states(
        self, sentences: Sequence[str], *, dtype: Any = np.float32, progress: bool = False
    ) -> list[np.ndarray]:
        """Each sentence's last-layer token states ``[tokens, hidden]`` (``onnx-int8`` only).

        They come from the same int8 arithmetic, one sentence per pass, as :meth:`encode`'s
        vectors, so their mean over a sentence's tokens is its vector: what a learned pooling
        of the tokens is measured against (``benchmarks/sentence_pooling.py``). ``float16``
        halves the memory of a corpus's states (about 1.3 GB for the main job's).
        """
        if self.backend != ONNX_INT8:
            raise ValueError(
                f"token_states: expected the {ONNX_INT8} backend (its passes hold one sentence, "
                f"so a sentence's states depend on it alone), got {self.backend!r}; build the "
                f"encoder with backend={ONNX_INT8!r}."
            )
        token_ids = self.tokenize(list(sentences))
        if not token_ids:
            return []  # without building (exporting, quantising) a session for nothing
        out = [np.zeros((0, self.hidden_size), dtype=dtype)] * len(token_ids)

        def store(i: int, outputs: Any) -> None:
            out[i] = outputs[0][0].astype(dtype)

        session = self._onnx_session(pooled=False)
        self._each_alone(token_ids, session, store, progress=progress, what="token states")
        return out

    def _encode_alone(self, token_ids: list[list[int]], *, progress: bool) -> np.ndarray:
        """Each sentence's vector in its own pass (``onnx-int8``)."""
        out = np.zeros((len(token_ids), self.hidden_size), dtype=np.float32)

        def store(i: int, outputs: Any) -> None:
            out[i] = outputs[0][0]

        self._each_alone(token_ids, self._onnx_session(), store, progress=progress)
        return out

    def _each_alone(
        self,
        token_ids: list[list[int]],
        session: Any,
        store: Any,
        *,
        progress: bool,
        what: str = "sentences",
    ) -> None:
        """Run ``session`` on each sentence in its own pass, ``num_threads`` passes side by
        side, handing ``store(i, outputs)`` each sentence's outputs."""
        from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

        from tqdm.auto import tqdm

        if not token_ids:
            return
        bar = tqdm(total=len(token_ids), desc=f"encoding {what}", unit="sent", disable=not progress)

        def run_chunk(start: int) -> int:
            end = min(start + _ALONE_CHUNK, len(token_ids))
            for i in range(start, end):
                ids = np.asarray([token_ids[i]], dtype=np.int64)
                store(i, session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)}))
            return end - start

        chunks = iter(range(0, len(token_ids), _ALONE_CHUNK))
        workers = max(1, self.num_threads or torch.get_num_threads())
        # ONNX Runtime releases the GIL inside run(), so threads give real parallelism. Chunks
        # are handed out here, on the calling thread, and the stop checkpoint runs here before
        # each: a service's stop flag is thread-local to the request's thread.
        pool = ThreadPoolExecutor(workers, thread_name_prefix="encoder") if workers > 1 else None
        pending: set[Any] = set()

        def hand_out() -> None:
            if self.before_batch is not None:
                self.before_batch()
            start = next(chunks, None)
            if start is not None and pool is None:
                bar.update(run_chunk(start))
            elif start is not None:
                pending.add(pool.submit(run_chunk, start))

        try:
            if pool is None:
                for _ in range(0, len(token_ids), _ALONE_CHUNK):
                    hand_out()
                return
            for _ in range(workers):
                hand_out()
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    pending.discard(future)
                    bar.update(future.result())  # re-raises a pass's error here
                    hand_out()
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            bar.close()

    def _runner(self) -> Any:
        if self.backend == "onnx":
            session = self._onnx_session()

            def run_onnx(ids: torch.Tensor, mask: torch.Tensor) -> np.ndarray:
                feeds = {"input_ids": ids.numpy(), "attention_mask": mask.numpy()}
                return np.asarray(session.run(None, feeds)[0], dtype=np.float32)

            return run_onnx
        module = self._int8_module() if self.backend == "int8" else self._pooled

        def run_torch(ids: torch.Tensor, mask: torch.Tensor) -> np.ndarray:
            # Restore each submodule's own mode: the _Pooled wrapper starts in training mode
            # whatever the encoder's, so module.train(module.training) would switch an
            # encoder in eval mode to training (dropout on) for whoever runs it next.
            modes = [(m, m.training) for m in module.modules()]
            module.eval()
            try:
                with torch.inference_mode():
                    vectors = module(ids.to(self.device), mask.to(self.device))
            finally:
                for m, mode in modes:
                    m.training = mode
            return vectors.float().cpu().numpy()

        return run_torch

    def _int8_module(self) -> torch.nn.Module:
        if self._int8 is None:
            import warnings

            from torch.ao.quantization import per_channel_dynamic_qconfig

            with warnings.catch_warnings():  # torch.ao.quantization is deprecated, still the API
                warnings.simplefilter("ignore")
                quantised = torch.ao.quantization.quantize_dynamic(
                    copy.deepcopy(self.encoder).eval(),
                    {torch.nn.Linear: per_channel_dynamic_qconfig},
                    dtype=torch.qint8,
                )
            self._int8 = _Pooled(quantised)
            logger.info("sentence encoder: linear layers quantised to int8 (per channel)")
        return self._int8

    def exported_graph(self, *, pooled: bool = True, int8: bool = False) -> bytes:
        """The encoder's current weights as an ONNX graph, exported in memory (and, with
        ``int8``, quantised as the ``onnx-int8`` backend quantises it). Its output is the mean
        pooled vectors (what the onnx backends run), or with ``pooled=False`` the last layer's
        token states ``[sentences, tokens, hidden]``, whose mean over a sentence's tokens is its
        vector (:meth:`token_states`)."""
        import warnings

        encoder = self.encoder
        if next(encoder.parameters()).device.type != "cpu":
            encoder = copy.deepcopy(encoder).cpu()
        module = (_Pooled(encoder) if pooled else _TokenStates(encoder)).eval()
        output_axes = {0: "sentences"} if pooled else {0: "sentences", 1: "tokens"}
        ids, mask = self.pad([[0, 1, 2], [0, 1]])
        buffer = io.BytesIO()
        with warnings.catch_warnings(), torch.inference_mode():
            # The TorchScript exporter: the dynamo one needs onnxscript and is slower to start.
            warnings.simplefilter("ignore")
            torch.onnx.export(
                module,
                (ids, mask),
                buffer,
                input_names=["input_ids", "attention_mask"],
                output_names=["vectors"],
                dynamic_axes={
                    "input_ids": {0: "sentences", 1: "tokens"},
                    "attention_mask": {0: "sentences", 1: "tokens"},
                    "vectors": output_axes,
                },
                opset_version=17,
                dynamo=False,
            )
        return _quantised_int8(buffer.getvalue()) if int8 else buffer.getvalue()

    def _onnx_session(self, *, pooled: bool = True) -> Any:
        """An ONNX Runtime session over the current weights, exported in memory (and quantised
        to int8 for ``onnx-int8``): its output is the pooled vectors, or with ``pooled=False``
        the token states (:meth:`token_states`)."""
        cached = self._session if pooled else self._token_session
        if cached is not None:
            return cached

        import onnxruntime as ort

        graph = self.exported_graph(pooled=pooled, int8=self.backend == ONNX_INT8)
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if self.backend == ONNX_INT8:
            # One sentence is too small a pass to share between threads: passes run side by
            # side instead (_each_alone).
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
        elif self.num_threads is not None:
            options.intra_op_num_threads = self.num_threads
            options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        logger.info(
            "sentence encoder: ONNX Runtime session built from the %s weights%s",
            "int8-quantised" if self.backend == ONNX_INT8 else "float32",
            "" if pooled else " (token states)",
        )
        if pooled:
            self._session = session
        else:
            self._token_session = session
        return session


class _QuantiserRecords(logging.Filter):
    """Drops the quantiser's chatter on the root logger while it runs (a line per tensor, and
    its advice to pre-process, which the session's own graph optimisation makes moot); its
    other warnings and errors still reach the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "onnxruntime" not in record.pathname or "quantization" not in record.pathname:
            return True
        advice = str(record.msg).startswith("Please consider to run pre-processing")
        return record.levelno >= logging.WARNING and not advice


def _quantised_int8(graph: bytes) -> bytes:
    """The float32 ONNX ``graph`` with its matrix products quantised by ONNX Runtime.

    Deterministic: weight scales come from the weights alone, activation scales are computed
    in each pass. ``reduce_range`` keeps weights to 7 bits, so the integer products cannot
    saturate on CPUs without VNNI and every CPU computes the same integers.
    """
    import tempfile
    from pathlib import Path

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quiet = _QuantiserRecords()
    with tempfile.TemporaryDirectory(prefix="referral-nlp-int8-") as tmp:
        out = Path(tmp) / "encoder-int8.onnx"
        logging.root.addFilter(quiet)  # quantize_dynamic logs on the root logger
        try:
            quantize_dynamic(
                onnx.load_from_string(graph), out, weight_type=QuantType.QInt8, **_INT8_SETTINGS
            )
        finally:
            logging.root.removeFilter(quiet)
        return out.read_bytes()


def _length_batches(lengths: Sequence[int], order: Sequence[int]) -> list[list[int]]:
    """``order`` (indices sorted by ascending ``lengths``) cut into forward passes.

    Each pass is padded to its last (longest) sentence; a pass closes at ``_BATCH_SENTENCES``
    sentences, at ``_MAX_BATCH_TOKENS`` padded tokens, or when padding would cost more than
    ``_PAD_SLACK`` times its real tokens.
    """
    batches: list[list[int]] = []
    batch: list[int] = []
    real = 0
    for length, index in zip(lengths, order, strict=True):
        width = max(length, 1)
        padded = (len(batch) + 1) * width
        if batch and (
            len(batch) >= _BATCH_SENTENCES
            or padded > _MAX_BATCH_TOKENS
            or (len(batch) >= _MIN_BATCH and padded > _PAD_SLACK * (real + width))
        ):
            batches.append(batch)
            batch, real = [], 0
        batch.append(index)
        real += width
    if batch:
        batches.append(batch)
    return batches
