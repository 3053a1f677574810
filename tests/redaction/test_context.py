"""The context step scores exactly as Presidio's: the enhancer and the analyzer's own loop."""

from __future__ import annotations

import pytest
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

from referral_nlp.redaction.context import (
    FastLemmaContextAwareEnhancer,
    GroupedContextAnalyzerEngine,
)

TEXTS = [
    "Please see the website example.com for details.",
    "NI number QQ123456C and crime ref 12345678 noted.",
    "   Case number 1234567 opened; mobile 07700 900123.",
    "Aged 7, he lives with nan at flat 3.",
    "IP address 10.0.0.1 logged.\n\nCard 4111 1111 1111 1111 used.",
    "Kayden Smith DOB 04/07/2016 postcode LS1 4AB email a.b@example.com",
    "\n\n  Mum's phone: 07700 900123 (mobile), home tel 0113 496 0000; ref 47/12345/24.  ",
]


class _NoContext(LemmaContextAwareEnhancer):
    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        return raw_results


def _analyze(redactor, monkeypatch, text, enhancer):
    analyzer = redactor._analyzer
    with monkeypatch.context() as mp:
        mp.setattr(analyzer, "context_aware_enhancer", enhancer)
        # Threshold 0: compare every result, not only those the threshold lets through.
        results = analyzer.analyze(text=text, language="en", score_threshold=0.0)
    return sorted((r.entity_type, r.start, r.end, r.score) for r in results)


def test_redactor_uses_the_fast_enhancer(redactor):
    assert isinstance(redactor._analyzer.context_aware_enhancer, FastLemmaContextAwareEnhancer)


def test_same_scores_as_presidio(redactor, monkeypatch):
    boosted = 0
    for text in TEXTS:
        fast = _analyze(redactor, monkeypatch, text, FastLemmaContextAwareEnhancer())
        stock = _analyze(redactor, monkeypatch, text, LemmaContextAwareEnhancer())
        assert fast == stock, text
        boosted += fast != _analyze(redactor, monkeypatch, text, _NoContext())
    assert boosted >= len(TEXTS) - 1, "the texts should exercise context boosting"


def test_same_token_for_every_offset(redactor):
    text = "  Mum (Sarah) rang 07700 900123;\n\n ref: AB-12/34  end"
    doc = redactor.nlp_engine.nlp["en"](text)
    indices = [t.idx for t in doc]
    last_token_end = indices[-1] + len(doc[-1])
    for start in range(last_token_end):
        fast = FastLemmaContextAwareEnhancer._find_index_of_match_token("w", start, doc, indices)
        stock = LemmaContextAwareEnhancer._find_index_of_match_token("w", start, doc, indices)
        assert fast == stock, start


def test_past_the_last_token_raises_without_the_word(redactor):
    doc = redactor.nlp_engine.nlp["en"]("Mum rang.")
    indices = [t.idx for t in doc]
    with pytest.raises(ValueError):
        LemmaContextAwareEnhancer._find_index_of_match_token("Sarah", 50, doc, indices)
    with pytest.raises(ValueError) as info:
        FastLemmaContextAwareEnhancer._find_index_of_match_token("Sarah", 50, doc, indices)
    assert "Sarah" not in str(info.value)


class _ScoresByOthers(EntityRecognizer):
    """Overrides the per-recogniser hook: scores its results by how many others it was given."""

    def __init__(self, name: str) -> None:
        super().__init__(supported_entities=["X"], name=name)
        self.seen: list[tuple[int, int]] = []

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        return []

    def enhance_using_context(
        self, text, raw_recognizer_results, other_raw_recognizer_results, nlp_artifacts, context
    ):
        self.seen.append((len(raw_recognizer_results), len(other_raw_recognizer_results)))
        for result in raw_recognizer_results:
            result.score = len(other_raw_recognizer_results) / 10
        return raw_recognizer_results


class _Plain(_ScoresByOthers):
    enhance_using_context = EntityRecognizer.enhance_using_context


def _results(recognizers, counts):
    out = []
    for recognizer, count in zip(recognizers, counts, strict=True):
        for i in range(count):
            out.append(
                RecognizerResult(
                    "X",
                    i,
                    i + 1,
                    0.5,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id
                    },
                )
            )
    return out


def test_redactor_uses_the_grouped_context_step(redactor):
    assert isinstance(redactor._analyzer, GroupedContextAnalyzerEngine)


def test_grouped_context_step_matches_presidio_in_order_and_score(redactor, monkeypatch):
    analyzer = redactor._analyzer
    for text in TEXTS:
        ours = analyzer.analyze(text=text, language="en", score_threshold=0.0)
        with monkeypatch.context() as mp:
            mp.setattr(
                analyzer,
                "_enhance_using_context",
                AnalyzerEngine._enhance_using_context.__get__(analyzer),
            )
            stock = analyzer.analyze(text=text, language="en", score_threshold=0.0)
        assert [(r.entity_type, r.start, r.end, r.score) for r in ours] == [
            (r.entity_type, r.start, r.end, r.score) for r in stock
        ], text


@pytest.mark.parametrize("engine", [GroupedContextAnalyzerEngine, AnalyzerEngine])
def test_an_overriding_recogniser_gets_its_own_and_the_others_results(
    redactor, monkeypatch, engine
):
    analyzer = redactor._analyzer
    monkeypatch.setattr(analyzer, "context_aware_enhancer", _NoContext())
    hooked, plain, absent = _ScoresByOthers("hooked"), _Plain("plain"), _Plain("absent")
    raw = _results([plain, hooked, absent], [2, 3, 4])
    out = engine._enhance_using_context(analyzer, "t", raw, None, [hooked, plain])
    assert hooked.seen == [(3, 6)]
    # Recogniser order; the absent recogniser's results are dropped, as upstream drops them.
    assert [r.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] for r in out] == [
        hooked.id
    ] * 3 + [plain.id] * 2
    assert [r.score for r in out] == [0.6] * 3 + [0.5] * 2
