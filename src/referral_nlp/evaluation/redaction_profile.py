"""Where a note's redaction time goes: spaCy components, recognisers, Presidio, our merging.

Each stage of :class:`~referral_nlp.redaction.Redactor` is run on its own over the same notes, in
this process, and timed in CPU seconds (``time.process_time``), which a busy machine disturbs
less than wall time. Stages run as the redactor runs them (spaCy in ``nlp.pipe`` batches, the
analyzer on the ready NLP artefacts), so the shares add up to about one batch redaction.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from referral_nlp.redaction import Redactor
from referral_nlp.redaction.engine import LANGUAGE
from referral_nlp.redaction.normalise import normalise


@dataclass(frozen=True)
class StageTime:
    """CPU seconds one stage took over all the notes."""

    stage: str
    seconds: float


def _clock() -> float:
    return time.process_time()


def profile_redaction(
    redactor: Redactor, texts: Sequence[str], batch_size: int = 32
) -> list[StageTime]:
    """CPU seconds per stage of redacting ``texts``, most expensive first within each group."""
    stages: dict[str, float] = defaultdict(float)

    t0 = _clock()
    norms = [normalise(t) for t in texts]
    stages["normalise (Unicode)"] = _clock() - t0
    detect = [n.text for n in norms]

    engine = redactor.nlp_engine
    nlp = engine.nlp[LANGUAGE]
    t0 = _clock()
    docs = [nlp.make_doc(t) for t in detect]
    stages["spaCy: tokenizer"] = _clock() - t0
    for name, component in nlp.pipeline:
        t0 = _clock()
        # A plain-function component (the service's stop checks add one) has no .pipe.
        pipe = getattr(component, "pipe", None)
        docs = list(pipe(docs, batch_size=batch_size)) if pipe else [component(d) for d in docs]
        stages[f"spaCy: {name}"] = _clock() - t0
    t0 = _clock()
    artifacts = [engine._doc_to_nlp_artifact(doc, LANGUAGE) for doc in docs]
    stages["Presidio: NLP artefacts"] = _clock() - t0

    analyzer = redactor._analyzer
    entities = list(redactor.config.entities)
    recognizers = analyzer.registry.get_recognizers(language=LANGUAGE, entities=entities)
    # The pattern prefilter scans each note once and every recogniser reads its answer; here
    # each recogniser runs over all notes in turn, so the answers are kept for all of them.
    prefilter = getattr(analyzer, "pattern_prefilter", None)
    if prefilter is not None:
        kept, prefilter.cache_notes = prefilter.cache_notes, len(detect) + 1
        t0 = _clock()
        for text in detect:
            prefilter.possible(text)
        stages["ours: pattern prefilter (Hyperscan)"] = _clock() - t0
    recognizer_total = 0.0
    for recognizer in recognizers:
        t0 = _clock()
        for text, art in zip(detect, artifacts, strict=True):
            recognizer.analyze(text=text, entities=entities, nlp_artifacts=art)
        spent = _clock() - t0
        stages[f"recogniser: {recognizer.name}"] = spent
        recognizer_total += spent

    t0 = _clock()
    results = [
        analyzer.analyze(text=text, language=LANGUAGE, entities=entities, nlp_artifacts=art)
        for text, art in zip(detect, artifacts, strict=True)
    ]
    # The analyzer runs every recogniser again; what it adds is context scoring and clean-up.
    stages["Presidio: context, scores, duplicates"] = max(0.0, _clock() - t0 - recognizer_total)
    if prefilter is not None:
        prefilter.cache_notes = kept

    t0 = _clock()
    entities_per_note = [
        redactor._finalise(norm, list(found)) for norm, found in zip(norms, results, strict=True)
    ]
    stages["ours: clean, propagate names, merge"] = _clock() - t0

    t0 = _clock()
    for text, found in zip(texts, entities_per_note, strict=True):
        redactor._replacer.replace_with_spans(text, found)
    stages["ours: replace"] = _clock() - t0
    return [StageTime(k, v) for k, v in stages.items()]


def format_profile(stages: Sequence[StageTime], n_notes: int, n_chars: int) -> str:
    """A table of stages with their CPU seconds and share; recognisers summed and listed."""
    total = sum(s.seconds for s in stages) or float("nan")
    groups: dict[str, float] = defaultdict(float)
    for s in stages:
        groups[s.stage.split(":", 1)[0]] += s.seconds
    lines = [
        f"CPU time per stage over {n_notes} notes ({n_chars:,} characters), one process",
        f"{'stage':<52}{'CPU s':>9}{'share':>8}",
        "-" * 69,
    ]
    for s in sorted(stages, key=lambda s: (s.stage.split(":", 1)[0], -s.seconds)):
        if s.seconds / total >= 0.005:
            lines.append(f"{s.stage:<52}{s.seconds:>9.2f}{s.seconds / total:>8.1%}")
    lines.append("-" * 69)
    for group, seconds in sorted(groups.items(), key=lambda g: -g[1]):
        lines.append(f"{'all ' + group:<52}{seconds:>9.2f}{seconds / total:>8.1%}")
    lines.append(f"{'total':<52}{total:>9.2f}")
    return "\n".join(lines)
