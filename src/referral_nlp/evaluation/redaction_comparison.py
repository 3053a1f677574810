"""Our redactor against stock Presidio on labelled data, side by side (`redact-eval`)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tqdm.auto import tqdm

from referral_nlp.evaluation.pii_datasets import LabelledDocument, load_labelled
from referral_nlp.evaluation.redaction_metrics import (
    RedactionScores,
    format_scores_table,
    score_redaction,
)
from referral_nlp.redaction import RedactionConfig, Redactor

logger = logging.getLogger(__name__)

OURS = "referral-nlp"
STOCK = "stock Presidio"

#: TAB annotates every entity mention, including ones that need no masking ("Turkish", "the
#: Government"); its README names these as the fair types to score PII recall on.
TAB_TYPES = ("PERSON", "CODE", "LOC", "DATETIME")

Spans = list[tuple[int, int]]


@dataclass
class SystemRun:
    scores: RedactionScores
    seconds: float
    characters: int

    @property
    def chars_per_second(self) -> float:
        return self.characters / self.seconds if self.seconds > 0 else float("nan")


@dataclass
class DatasetComparison:
    name: str
    n_documents: int
    types: tuple[str, ...] | None
    runs: dict[str, SystemRun] = field(default_factory=dict)

    def table(self) -> str:
        note = f"recall counts gold types {', '.join(self.types)}" if self.types else ""
        lines = [f"== {self.name} ({self.n_documents} documents)"]
        lines.append(
            format_scores_table({k: r.scores for k, r in self.runs.items()}, types_note=note)
        )
        speed = "  ".join(f"{k}: {r.chars_per_second:,.0f} chars/s" for k, r in self.runs.items())
        lines.append(f"throughput  {speed}")
        return "\n".join(lines)


@dataclass
class ComparisonReport:
    datasets: list[DatasetComparison]

    def table(self) -> str:
        return "\n\n".join(d.table() for d in self.datasets)

    def as_dict(self) -> dict:
        return {
            d.name: {
                "n_documents": d.n_documents,
                "types": list(d.types) if d.types else None,
                "systems": {
                    k: {**r.scores.as_dict(), "chars_per_second": r.chars_per_second}
                    for k, r in d.runs.items()
                },
            }
            for d in self.datasets
        }


def ours_predictor(
    redactor: Redactor, progress: bool = False
) -> Callable[[Sequence[str]], list[Spans]]:
    def predict(texts: Sequence[str]) -> list[Spans]:
        return [
            [(e.start, e.end) for e in res.entities]
            for res in redactor.redact_many(texts, progress=progress)
        ]

    return predict


class _StockPresidioNoise(logging.Filter):
    """Counts and holds back stock Presidio's two repeated warnings.

    With its defaults it warns once per mention and call that it keeps a spaCy label it has no
    name for ("Entity CARDINAL is not mapped ... keeping anyway": about 280 lines on
    presidio-research), and once per recogniser for another language at start-up, burying the
    table. The baseline stays stock (it keeps those labels); only the repetition goes, summed up
    in one line. Both messages name a label or a recogniser, never text.
    """

    NOISE = ("is not mapped to a Presidio entity", "language is not supported by registry")

    def __init__(self) -> None:
        super().__init__()
        self.held_back = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if any(part in str(record.msg) for part in self.NOISE):
            self.held_back += 1
            return False
        return True

    @contextmanager
    def on_presidio(self) -> Iterator[None]:
        presidio_logger = logging.getLogger("presidio-analyzer")
        presidio_logger.addFilter(self)
        try:
            yield
        finally:
            presidio_logger.removeFilter(self)


def stock_predictor(
    spacy_model: str, progress: bool = False
) -> Callable[[Sequence[str]], list[Spans]]:
    """Stock Presidio called once per note, as most deployments call it."""
    from referral_nlp.redaction.engine import build_stock_analyzer

    noise = _StockPresidioNoise()
    with noise.on_presidio():
        analyzer = build_stock_analyzer(spacy_model)

    def predict(texts: Sequence[str]) -> list[Spans]:
        with noise.on_presidio():
            spans = [
                [(r.start, r.end) for r in analyzer.analyze(text=t, language="en")]
                for t in tqdm(texts, desc="stock Presidio", disable=not progress)
            ]
        logger.info(
            "held back %d of stock Presidio's repeated warnings (spaCy labels it keeps unmapped, "
            "recognisers for other languages); its defaults are unchanged",
            noise.held_back,
        )
        return spans

    return predict


def run_system(
    docs: Sequence[LabelledDocument],
    predict: Callable[[Sequence[str]], list[Spans]],
    types: Sequence[str] | None,
) -> SystemRun:
    texts = [d.text for d in docs]
    t0 = time.perf_counter()
    predictions = predict(texts)
    seconds = time.perf_counter() - t0
    scores = score_redaction(docs, predictions, types=types)
    return SystemRun(scores, seconds, sum(len(t) for t in texts))


def default_types(path: Path) -> tuple[str, ...] | None:
    return TAB_TYPES if path.is_dir() else None


def compare_on_files(
    paths: Sequence[str | Path],
    *,
    config: RedactionConfig | None = None,
    types: Sequence[str] | None = None,
    limit: int | None = None,
    baseline: bool = True,
    progress: bool = False,
) -> ComparisonReport:
    """Score our redactor (and stock Presidio with the same spaCy model) on each labelled set."""
    config = config or RedactionConfig()
    systems: dict[str, Callable[[Sequence[str]], list[Spans]]] = {
        OURS: ours_predictor(Redactor(config), progress)
    }
    if baseline:
        systems[STOCK] = stock_predictor(config.spacy_model, progress)
    report = []
    for raw in paths:
        path = Path(raw)
        docs = load_labelled(path)[:limit] if limit else load_labelled(path)
        chosen = tuple(types) if types else default_types(path)
        comparison = DatasetComparison(path.name, len(docs), chosen)
        for name, predict in systems.items():
            logger.info("scoring %s on %s", name, path.name)
            comparison.runs[name] = run_system(docs, predict, chosen)
        report.append(comparison)
    return ComparisonReport(report)
