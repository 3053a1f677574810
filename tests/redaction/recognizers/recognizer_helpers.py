"""The shared harness of the table-driven recogniser tests.

A test module writes its recogniser's tables, texts with the values expected in them and texts in
which nothing may be found, and hands them to a subclass of :class:`RecognizerTables`, which runs
one test per row: ``TestUlnRecognizer::test_finds[label and colon]``. Checks that only one
recogniser needs stay in its module, written with :func:`spans_of` and :func:`results`.

The rows themselves live in ``cases/<recogniser>.yaml`` beside the tests, one row a line, read by
:func:`load_cases`: a table of hundreds of texts is data, and written as Python each long row
took five formatted lines of the same shape as every other table's.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from presidio_analyzer import EntityRecognizer, RecognizerResult

from referral_nlp.redaction.config import DEFAULT_SPACY_MODEL, RedactionConfig

#: The redactor's default score threshold: a result below it is not redacted.
THRESHOLD = RedactionConfig().score_threshold


@functools.cache
def _case_file(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_cases(test_file: str, table: str) -> list[Any]:
    """The rows of ``table`` in the cases file of the test module ``test_file`` (its ``__file__``).

    ``tests/.../test_age_recognizer.py`` reads ``tests/.../cases/age_recognizer.yaml``. Each row is
    ``id: [value, ...]``, the values in the order the test takes them, or ``id: {values: [...],
    xfail: why}`` for a known gap: a strict xfail, so that the row fails once the gap is closed.
    """
    module = Path(test_file)
    path = module.parent / "cases" / (module.stem.removeprefix("test_") + ".yaml")
    rows = _case_file(path)[table]
    params = []
    for row_id, row in rows.items():
        if isinstance(row, dict):
            mark = pytest.mark.xfail(reason=row["xfail"], strict=True)
            params.append(pytest.param(*row["values"], id=row_id, marks=mark))
        else:
            params.append(pytest.param(*row, id=row_id))
    return params


def results(
    recognizer: EntityRecognizer, text: str, entity: str, counted_score: float = THRESHOLD
) -> list[RecognizerResult]:
    """The recogniser's results scoring at least ``counted_score``, in text order (no spaCy)."""
    found = recognizer.analyze(text, entities=[entity], nlp_artifacts=None)
    return sorted((r for r in found if r.score >= counted_score), key=lambda r: (r.start, r.end))


def candidates_on_spacy(
    recognizer: EntityRecognizer, redactor, text: str, entity: str
) -> list[str]:
    """The texts a token-reading recogniser finds in ``text``, in text order, run on the session
    ``redactor``'s spaCy artifacts (so NER cannot mask a missing rule)."""
    artifacts = redactor.nlp_engine.process_text(text, "en")
    found = recognizer.analyze(text, entities=[entity], nlp_artifacts=artifacts)
    return [text[r.start : r.end] for r in sorted(found, key=lambda r: r.start)]


def spans_of(text: str, values: list[str]) -> list[tuple[int, int]]:
    """Where each value first stands on its own in ``text`` (not inside a longer word or number),
    each searched for after the one before it: the "7" of "aged 7", not of "04/07/2016"."""
    spans: list[tuple[int, int]] = []
    for value in values:
        alone = re.compile(r"(?<!\w)" + re.escape(value) + r"(?!\w)")
        match = alone.search(text, spans[-1][1] if spans else 0)
        assert match, f"the table is inconsistent: {value!r} is not in {text!r}"
        spans.append(match.span())
    return spans


class RecognizerTables:
    """One recogniser's tables, each row its own test. Subclass as ``Test<Recogniser>`` and set:

    * :attr:`recognizer_class` and the :attr:`entity` it reports;
    * :attr:`valid`: rows ``(text, expected)``; ``expected`` is the one value found in the text
      or the list of every value found, in order. A row may add a third value, the least score
      for that row instead of :attr:`least_valid_score`;
    * :attr:`invalid`: texts in which nothing is found.

    Left unset, :attr:`valid` and :attr:`invalid` are the ``VALID`` and ``INVALID`` tables of the
    test module's cases file (:func:`load_cases`).

    A result is counted when it scores at least :attr:`counted_score` (the redactor's threshold;
    0 counts every result, however weak).
    """

    recognizer_class: ClassVar[type[EntityRecognizer]]
    entity: ClassVar[str]
    valid: ClassVar[Sequence[Any]]
    invalid: ClassVar[Sequence[Any]]
    counted_score: ClassVar[float] = THRESHOLD
    #: Every counted result for a valid row scores at least this.
    least_valid_score: ClassVar[float] = 0.0
    #: Address recognisers may take the full stop after an address ("Rd.", end of sentence).
    full_stop_may_follow: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        test_file = sys.modules[cls.__module__].__file__
        assert test_file is not None
        for attr, table in (("valid", "VALID"), ("invalid", "INVALID")):
            if not hasattr(cls, attr):
                setattr(cls, attr, load_cases(test_file, table))

    @pytest.fixture(scope="class")
    @classmethod
    def recognizer(cls) -> EntityRecognizer:
        return cls.recognizer_class()

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if metafunc.function.__name__ == "test_finds":
            rows = [
                pytest.param(*row.values[:2], self._least_score(row), id=row.id, marks=row.marks)
                for row in self.valid
            ]
            metafunc.parametrize(("text", "expected", "least_score"), rows)
        elif metafunc.function.__name__ == "test_ignores":
            metafunc.parametrize("text", self.invalid)

    def _least_score(self, row: Any) -> float:
        return row.values[2] if len(row.values) > 2 else self.least_valid_score

    def test_finds(
        self,
        recognizer: EntityRecognizer,
        text: str,
        expected: str | list[str],
        least_score: float,
    ) -> None:
        values = [expected] if isinstance(expected, str) else expected
        found = results(recognizer, text, self.entity, self.counted_score)
        where = [(r.start, r.end) for r in found]
        for i, (start, end) in enumerate(where[: len(values)]):
            if self.full_stop_may_follow and text[start:end] == values[i] + ".":
                where[i] = (start, end - 1)
        assert where == spans_of(text, values), [text[r.start : r.end] for r in found]
        assert all(r.entity_type == self.entity and r.score >= least_score for r in found)

    def test_ignores(self, recognizer: EntityRecognizer, text: str) -> None:
        found = results(recognizer, text, self.entity, self.counted_score)
        assert found == [], [text[r.start : r.end] for r in found]


def context_analyzer(recognizer: EntityRecognizer) -> Any:
    """Presidio's AnalyzerEngine with spaCy and this one recogniser, so its context words count.

    Skips the test where the spaCy model is not installed.
    """
    spacy = pytest.importorskip("spacy")
    if not spacy.util.is_package(DEFAULT_SPACY_MODEL):
        pytest.skip(f"spaCy model {DEFAULT_SPACY_MODEL} is not installed")
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    nlp_engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": DEFAULT_SPACY_MODEL}])
    nlp_engine.load()
    registry = RecognizerRegistry(recognizers=[recognizer], supported_languages=["en"])
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=["en"],
        default_score_threshold=THRESHOLD,
    )
