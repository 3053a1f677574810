"""SentenceEncoder: the arithmetic backends agree (int8 ones closely, onnx-int8 whatever the
company a sentence keeps), each distinct sentence is encoded once,
padding and batching change nothing, and the encoder's own mode is left as it was."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pytest
import torch

from referral_nlp.modeling.sentence_encoder import SentenceEncoder, default_backend, masked_mean

SENTENCES = [
    "Police attended after a DA incident.",
    "Children were present.",
    "<PERSON> was not engaging with the HV and missed three appointments in a row.",
    "No current concerns.",
    "Ok.",
]


@pytest.fixture(scope="module")
def bert(tiny_encoder_config: Any) -> Any:
    from transformers import BertModel

    torch.manual_seed(0)
    return BertModel(tiny_encoder_config).eval()


def _encoder(bert: Any, tokenizer: Any, **kwargs: Any) -> SentenceEncoder:
    return SentenceEncoder(bert, tokenizer, **{"max_tokens": 32, **kwargs})


def test_vectors_are_the_mean_of_the_last_layer_over_real_tokens(bert, tokenizer):
    encoder = _encoder(bert, tokenizer, backend="torch")
    vectors = encoder.encode(SENTENCES)
    assert vectors.shape == (len(SENTENCES), 32) and vectors.dtype == np.float32
    for i, sentence in enumerate(SENTENCES):
        ids = torch.tensor([tokenizer(sentence, truncation=True, max_length=32)["input_ids"]])
        with torch.inference_mode():
            hidden = bert(input_ids=ids).last_hidden_state[0]
        np.testing.assert_allclose(vectors[i], hidden.mean(dim=0).numpy(), atol=1e-5)


def test_masked_mean_ignores_padding():
    hidden = torch.tensor([[[1.0, 2.0], [3.0, 4.0], [100.0, 100.0]]])
    mask = torch.tensor([[1, 1, 0]])
    torch.testing.assert_close(masked_mean(hidden, mask), torch.tensor([[2.0, 3.0]]))
    # a row without a real token divides by one, not zero
    assert torch.isfinite(masked_mean(hidden, torch.zeros_like(mask))).all()


def test_onnx_and_torch_vectors_agree(bert, tokenizer):
    pytest.importorskip("onnxruntime")
    torch_vectors = _encoder(bert, tokenizer, backend="torch").encode(SENTENCES)
    onnx = _encoder(bert, tokenizer, backend="onnx", num_threads=1)
    onnx_vectors = onnx.encode(SENTENCES)
    np.testing.assert_allclose(onnx_vectors, torch_vectors, atol=1e-4, rtol=0)
    # the exported graph takes any number of sentences and any width (dynamic axes)
    np.testing.assert_allclose(onnx.encode(SENTENCES[:1]), torch_vectors[:1], atol=1e-4, rtol=0)
    assert onnx._session is not None


def test_int8_vectors_stay_close_to_float32(bert, tokenizer):
    exact = _encoder(bert, tokenizer, backend="torch").encode(SENTENCES)
    int8 = _encoder(bert, tokenizer, backend="int8")
    quantised = int8.encode(SENTENCES)
    cosine = (quantised * exact).sum(1) / (
        np.linalg.norm(quantised, axis=1) * np.linalg.norm(exact, axis=1)
    )
    assert cosine.min() > 0.99
    assert not np.array_equal(quantised, exact)  # it really ran the quantised copy
    # the float32 encoder itself is untouched by quantisation
    assert all(type(m) is not torch.ao.nn.quantized.dynamic.Linear for m in bert.modules())


def test_onnx_int8_vectors_depend_on_the_sentence_alone(bert, tokenizer, caplog):
    pytest.importorskip("onnxruntime")
    exact = _encoder(bert, tokenizer, backend="torch").encode(SENTENCES)
    int8 = _encoder(bert, tokenizer, backend="onnx-int8", num_threads=1)
    with caplog.at_level(logging.DEBUG):
        together = int8.encode(SENTENCES)
    # the quantiser's own chatter (one line per tensor, on the root logger) is kept out
    assert not [r for r in caplog.records if "onnxruntime" in r.pathname]
    cosine = (together * exact).sum(1) / (
        np.linalg.norm(together, axis=1) * np.linalg.norm(exact, axis=1)
    )
    assert cosine.min() > 0.95
    assert not np.array_equal(together, exact)  # it really ran the quantised graph
    # bit for bit the same vector alone, in other company, in another order, on two threads
    alone = np.stack([int8.encode([s])[0] for s in SENTENCES])
    np.testing.assert_array_equal(alone, together)
    mixed = int8.encode(["word " * 30, *reversed(SENTENCES)])[1:][::-1]
    np.testing.assert_array_equal(mixed, together)
    two = _encoder(bert, tokenizer, backend="onnx-int8", num_threads=2)
    many = [f"Visit {i}: " + "concern " * (i % 20) for i in range(70)]
    np.testing.assert_array_equal(two.encode(many), int8.encode(many))


def test_int8_token_states_average_to_the_int8_vectors(bert, tokenizer):
    """token_states is the same int8 arithmetic as encode, one sentence per pass: the premise
    of benchmarks/sentence_pooling.py, whose "mean" arm must be what the shipped head reads."""
    pytest.importorskip("onnxruntime")
    int8 = _encoder(bert, tokenizer, backend="onnx-int8", num_threads=2)
    many = [f"Visit {i}: " + "concern " * (i % 20) for i in range(70)] + SENTENCES
    states = int8.token_states(many)
    assert [s.shape for s in states] == [(len(t), 32) for t in int8.tokenize(many)]
    means = np.stack([s.mean(axis=0) for s in states])
    np.testing.assert_allclose(means, int8.encode(many), atol=1e-5)
    half = int8.token_states(SENTENCES[:2], dtype=np.float16)
    assert all(s.dtype == np.float16 for s in half)
    np.testing.assert_allclose(half[1], states[71], atol=1e-2)
    fresh = _encoder(bert, tokenizer, backend="onnx-int8")
    assert fresh.token_states([]) == [] and fresh._token_session is None  # nothing exported
    with pytest.raises(ValueError, match="expected the onnx-int8 backend"):
        _encoder(bert, tokenizer, backend="torch").token_states(SENTENCES)


def test_onnx_int8_checks_for_a_stop_between_chunks(bert, tokenizer):
    pytest.importorskip("onnxruntime")
    encoder = _encoder(bert, tokenizer, backend="onnx-int8", num_threads=1)
    calls: list[int] = []
    encoder.before_batch = lambda: calls.append(1)
    encoder.encode([f"Sentence number {i}." for i in range(70)])
    assert len(calls) == 3  # chunks of 32 (the stop itself: the test below)


def test_onnx_int8_on_two_threads_still_sees_the_request_threads_stop(bert, tokenizer):
    """The service's stop flag is thread-local: it must be read on the request's own thread."""
    pytest.importorskip("onnxruntime")
    from referral_nlp.serving.cancellation import WorkStopped, checkpoint, stopping_when

    encoder = _encoder(bert, tokenizer, backend="onnx-int8", num_threads=2)
    encoder.before_batch = checkpoint
    encoded: list[int] = []
    session = encoder._onnx_session()

    class Counting:  # the session, counting the sentences it encodes
        def run(self, *args: Any) -> Any:
            encoded.append(1)
            return session.run(*args)

    encoder._session = Counting()
    calls = iter(range(1000))
    stop_after_first = stopping_when(lambda: "client went away" if next(calls) >= 1 else None)
    with stop_after_first, pytest.raises(WorkStopped, match="client went away"):
        encoder.encode([f"Sentence number {i}." for i in range(200)])
    assert 0 < len(encoded) <= 64  # the chunks already handed out, then the stop was seen


def test_each_distinct_sentence_is_encoded_once(bert, tokenizer, monkeypatch):
    encoder = _encoder(bert, tokenizer, backend="torch")
    seen: list[list[str]] = []
    original = encoder._encode_unique

    def spy(sentences: list[str], *, progress: bool) -> np.ndarray:
        seen.append(list(sentences))
        return original(sentences, progress=progress)

    monkeypatch.setattr(encoder, "_encode_unique", spy)
    batch = [SENTENCES[0], SENTENCES[1], SENTENCES[0], SENTENCES[3], SENTENCES[1]]
    vectors = encoder.encode(batch)
    assert seen == [[SENTENCES[0], SENTENCES[1], SENTENCES[3]]]
    np.testing.assert_array_equal(vectors[0], vectors[2])
    np.testing.assert_array_equal(vectors[1], vectors[4])
    assert encoder.encode([]).shape == (0, 32)
    assert len(seen) == 1  # nothing to encode, no encoder call


def test_batching_and_company_do_not_change_a_vector(bert, tokenizer, monkeypatch):
    import referral_nlp.modeling.sentence_encoder as module

    many = [f"Visit {i}: " + "concern " * (i % 20) for i in range(60)]
    encoder = _encoder(bert, tokenizer, backend="torch")
    together = encoder.encode(many)
    calls: list[int] = []
    encoder.before_batch = lambda: calls.append(1)
    monkeypatch.setattr(module, "_MAX_BATCH_TOKENS", 64)  # many small passes
    small_batches = encoder.encode(many)
    assert len(calls) > 5
    one_by_one = np.stack([encoder.encode([s])[0] for s in many[:5]])
    np.testing.assert_allclose(small_batches, together, atol=1e-5)
    np.testing.assert_allclose(one_by_one, together[:5], atol=1e-5)


@pytest.mark.parametrize("backend", ["torch", "onnx-int8"])
def test_a_stop_checkpoint_before_a_batch_stops_the_encoding(bert, tokenizer, backend):
    if backend == "onnx-int8":
        pytest.importorskip("onnxruntime")
    encoder = _encoder(bert, tokenizer, backend=backend, num_threads=1)

    def stop() -> None:
        raise TimeoutError("client went away")

    encoder.before_batch = stop
    with pytest.raises(TimeoutError, match="client went away"):
        encoder.encode(SENTENCES)


def test_long_sentences_are_cut_at_max_tokens(bert, tokenizer):
    encoder = _encoder(bert, tokenizer, backend="torch", max_tokens=8)
    ids = encoder.tokenize(["word " * 50, "short"])
    assert len(ids[0]) == 8 and ids[0][0] == tokenizer.cls_token_id
    assert ids[0][-1] == tokenizer.sep_token_id
    assert len(ids[1]) < 8
    padded, mask = encoder.pad(ids)
    assert padded.shape == mask.shape == (2, 8)
    assert mask.sum(dim=1).tolist() == [8, len(ids[1])]


def test_encoding_leaves_the_encoder_mode_as_it_was(bert, tokenizer):
    encoder = _encoder(bert, tokenizer, backend="torch")
    bert.eval()
    encoder.encode(SENTENCES[:2])
    assert not any(m.training for m in bert.modules())
    bert.train()
    try:
        first = encoder.encode(SENTENCES[:2])
        second = encoder.encode(SENTENCES[:2])
        assert all(m.training for m in bert.modules())
        np.testing.assert_array_equal(first, second)  # encoded in eval mode: no dropout
    finally:
        bert.eval()


def test_settings_are_checked(bert, tokenizer):
    with pytest.raises(ValueError, match=r"backend: expected one of"):
        _encoder(bert, tokenizer, backend="tpu")
    with pytest.raises(ValueError, match="max_tokens: must be at least 4"):
        _encoder(bert, tokenizer, max_tokens=2)
    with pytest.raises(ValueError, match="backend: onnx runs on the CPU only"):
        _encoder(bert, tokenizer, backend="onnx", device="cuda")
    assert default_backend("cuda") == "torch"
    assert default_backend("cpu") in {"onnx", "torch"}
    assert _encoder(bert, tokenizer).backend == default_backend("cpu")


@pytest.mark.parametrize(
    ("lengths", "expected"),
    [
        pytest.param([5, 5, 5, 5, 5], [[0, 1, 2, 3, 4]], id="equal lengths: one pass"),
        pytest.param([3, 4, 5, 6, 60, 62], [[0, 1, 2, 3], [4, 5]], id="long ones apart"),
        pytest.param([2, 64], [[0, 1]], id="fewer than the minimum: one pass"),
        pytest.param([], [], id="nothing"),
    ],
)
def test_passes_keep_padding_bounded(lengths, expected):
    from referral_nlp.modeling.sentence_encoder import _length_batches

    order = list(range(len(lengths)))  # already sorted by length
    batches = _length_batches(lengths, order)
    assert batches == expected
    assert [i for b in batches for i in b] == order  # every sentence once, in order


def test_passes_respect_the_token_cap():
    from referral_nlp.modeling.sentence_encoder import _MAX_BATCH_TOKENS, _length_batches

    lengths = [64] * 200
    batches = _length_batches(lengths, list(range(200)))
    assert all(len(b) * 64 <= _MAX_BATCH_TOKENS for b in batches)
    assert sum(len(b) for b in batches) == 200
