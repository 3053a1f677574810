"""The Redactor: find personal data in referral notes and replace it.

This is the project's privacy boundary: everything downstream sees only its output. It fails
closed. If the model cannot load, construction raises; if analysis fails, the call raises and
returns nothing, so unredacted text can never pass through.
"""

from __future__ import annotations

import gc
import logging
import math
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from tqdm.auto import tqdm

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.caps_prose import without_caps_prose
from referral_nlp.redaction.chunking import chunk_bounds
from referral_nlp.redaction.config import RedactionConfig
from referral_nlp.redaction.engine import LANGUAGE, build_analyzer
from referral_nlp.redaction.english_words import english_dictionary
from referral_nlp.redaction.errors import RedactionError
from referral_nlp.redaction.handle_propagation import propagate_handles
from referral_nlp.redaction.name_propagation import propagate_names
from referral_nlp.redaction.neighbours import entities_beside_names
from referral_nlp.redaction.nlp_engine import RedactorLoadError
from referral_nlp.redaction.normalise import NormalisedText, normalise
from referral_nlp.redaction.operators import EntityReplacer, load_pseudonym_key, outside_labels
from referral_nlp.redaction.reference_lists import listed_references
from referral_nlp.redaction.spans import (
    Entity,
    carve_identifiers,
    clean_results,
    resolve_overlaps,
    whole_words,
    with_initials_after,
    with_initials_before,
)

logger = logging.getLogger(__name__)


class _NoNoteText(logging.Filter):
    """Drop Presidio's debug lines that quote the note: the context words around each hit."""

    _QUOTING = ("Context list is", "Found context keyword")

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith(self._QUOTING))


_presidio_logger = logging.getLogger("presidio-analyzer")
if not any(isinstance(f, _NoNoteText) for f in _presidio_logger.filters):
    _presidio_logger.addFilter(_NoNoteText())


#: Auto mode (``n_process=0``) uses worker processes only for at least this many notes...
AUTO_PROCESS_MIN_NOTES = 64
#: ...and at most this many of them.
AUTO_PROCESS_MAX = 4

_WORKER_REDACTOR: Redactor | None = None


def _init_worker(config: RedactionConfig | None) -> None:
    global _WORKER_REDACTOR
    if config is not None:  # spawned worker: load our own copy
        _WORKER_REDACTOR = Redactor(config)


def _redact_batch_in_worker(texts: list[str]) -> list[RedactionResult]:
    assert _WORKER_REDACTOR is not None, "worker started without a redactor"
    return _WORKER_REDACTOR._redact_batch(texts)


def _batched(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


#: A pool's work is cut into this many batches a worker, of about equal characters.
POOL_BATCHES_PER_WORKER = 8


def _batched_by_chars(texts: Sequence[str], parts: int, max_notes: int) -> Iterator[list[str]]:
    """Contiguous batches of about ``1 / parts`` of the characters each, in input order.

    A pool hands batches out in order, so the run ends when its last long batch does. Cut by
    note count, a mixed set (chat lines beside 4,000-character judgments) gives batches ten
    times apart in work, and one worker idles while the other finishes; cut by characters,
    the tail is short. A non-string passes through to fail in the worker with ``TypeError``.
    """
    total = sum(len(t) for t in texts if isinstance(t, str))
    target = max(1, math.ceil(total / max(1, parts)))
    batch: list[str] = []
    chars = 0
    for text in texts:
        batch.append(text)
        chars += len(text) if isinstance(text, str) else 0
        if chars >= target or len(batch) >= max_notes:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


@dataclass(frozen=True)
class RedactionResult:
    """A redacted note and what was removed (offsets into the ORIGINAL text)."""

    redacted_text: str
    entities: tuple[Entity, ...]
    #: Per entity, ``(start, end)`` of its replacement in ``redacted_text`` (not in to_dict).
    redacted_spans: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict:
        return {
            "redacted_text": self.redacted_text,
            "entities": [e.to_dict() for e in self.entities],
        }


def _require_str(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return text


class Redactor:
    """Presidio analyzer + anonymizer tuned for UK children's social care notes.

    >>> redactor = Redactor()                       # doctest: +SKIP
    >>> redactor.redact("Mum Sarah JONES called").redacted_text  # doctest: +SKIP
    'Mum <PERSON_1> called'
    """

    def __init__(self, config: RedactionConfig | None = None) -> None:
        self.config = config or RedactionConfig()
        key = (
            load_pseudonym_key(self.config.pseudonym_key_env)
            if self.config.operator == "pseudonym"
            else None
        )
        try:
            self._analyzer = build_analyzer(self.config)
        except RedactorLoadError:
            raise
        except Exception as exc:  # any other failure to build is still a failure to start
            raise RedactorLoadError(
                f"the redactor could not start ({type(exc).__name__}); nothing was processed"
            ) from exc
        self._replacer = EntityReplacer(
            self.config.operator, mask_char=self.config.mask_char, pseudonym_key=key
        )
        self._wanted = set(self.config.entities)
        self._entities = list(self.config.entities)
        logger.info(
            "redactor ready: model=%s operator=%s entities=%d",
            self.config.spacy_model,
            self.config.operator,
            len(self._entities),
        )

    @property
    def nlp_engine(self):
        return self._analyzer.nlp_engine

    # ---- single notes -----------------------------------------------------------------------
    def analyze(self, text: str) -> list[Entity]:
        """Resolved entities in ``text``: one span per region, sorted by position."""
        text = _require_str(text)
        if not text.strip():
            return []
        try:
            # Detection runs on the normalised text; offsets are mapped back at the end.
            norm = normalise(text)
            detect = norm.text
            results = []
            for start, end in chunk_bounds(
                detect, self.config.chunk_chars, self.config.chunk_overlap
            ):
                for r in self._analyzer.analyze(
                    text=detect[start:end], language=LANGUAGE, entities=self._entities
                ):
                    r.start += start
                    r.end += start
                    results.append(r)
            return self._finalise(norm, results)
        except Exception as exc:
            failure = type(exc).__name__
        # Raised outside the handler so that the original exception, whose message may quote
        # the note, is not even kept as __context__: only its type is safe to surface.
        raise RedactionError(f"redaction failed ({failure}); no output")

    def redact(self, text: str) -> RedactionResult:
        """Redact one note."""
        text = _require_str(text)
        entities = self.analyze(text)
        try:
            redacted, spans = self._replacer.replace_with_spans(text, entities)
        except Exception as exc:
            failure = type(exc).__name__
        else:
            return RedactionResult(redacted, tuple(entities), tuple(spans))
        raise RedactionError(f"redaction failed ({failure}); no output")

    # ---- batches ----------------------------------------------------------------------------
    def redact_many(
        self,
        texts: Iterable[str],
        *,
        progress: bool = False,
        total: int | None = None,
    ) -> Iterator[RedactionResult]:
        """Redact many notes: spaCy ``nlp.pipe`` batches, in several processes where it pays.

        Results come back in input order. Raises ``TypeError`` on a non-string and
        :class:`RedactionError` on any other failure; results already yielded stay valid.
        """
        if total is None and isinstance(texts, Sequence):
            total = len(texts)
        workers = self.workers_for(total)
        size = self.config.batch_size
        if workers > 1 and isinstance(texts, Sequence):
            batches = _batched_by_chars(texts, workers * POOL_BATCHES_PER_WORKER, size)
        else:
            if workers > 1 and total:
                # Small tasks keep both workers busy to the end when notes vary in length.
                size = max(1, min(size, math.ceil(total / (workers * 4))))
            batches = _batched(texts, size)
        bar = tqdm(total=total, desc="redacting", unit="note", disable=not progress)
        try:
            if workers > 1:
                results = self._redact_in_pool(batches, workers)
            else:
                results = map(self._redact_batch, batches)
            for batch_results in results:
                for result in batch_results:
                    yield result
                    bar.update(1)
        finally:
            bar.close()

    def workers_for(self, total: int | None) -> int:
        """Processes a batch of ``total`` notes is redacted in (1 = this process)."""
        if self.config.n_process == 1:
            return 1
        if self.config.n_process > 1:
            return self.config.n_process
        # Auto: starting workers costs a second or two, so only batches of some size get them.
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        if total is not None and total < AUTO_PROCESS_MIN_NOTES:
            return 1
        return max(1, min(cores or 1, AUTO_PROCESS_MAX))

    def _redact_in_pool(self, batches: Iterable[list[str]], workers: int) -> Iterator[list]:
        global _WORKER_REDACTOR
        methods = multiprocessing.get_all_start_methods()
        if "fork" in methods:
            # Forked workers inherit this loaded redactor: no second model load per worker.
            ctx, initargs = multiprocessing.get_context("fork"), (None,)
            _WORKER_REDACTOR = self
        else:
            ctx, initargs = multiprocessing.get_context("spawn"), (self.config,)
        try:
            # Frozen objects are left out of the workers' garbage collections, which would
            # otherwise write to (and so copy) every page of the model they inherit (gc.freeze).
            gc.freeze()
            try:
                pool = ctx.Pool(workers, initializer=_init_worker, initargs=initargs)
            finally:
                gc.unfreeze()
            with pool:
                yield from pool.imap(_redact_batch_in_worker, batches)
        finally:
            _WORKER_REDACTOR = None

    def _redact_batch(self, texts: list[str]) -> list[RedactionResult]:
        """Redact one batch in this process through ``nlp.pipe``."""
        pending: dict[int, tuple[NormalisedText, list]] = {}
        chunks = list(self._chunk_stream(texts, pending))  # raises TypeError on a non-string
        out: list[RedactionResult] = []
        try:
            for chunk_text, artifacts, (index, offset) in self.nlp_engine.process_batch(
                chunks,
                language=LANGUAGE,
                batch_size=len(chunks) or 1,
                n_process=1,
                as_tuples=True,
            ):
                results = self._analyzer.analyze(
                    text=chunk_text,
                    language=LANGUAGE,
                    entities=self._entities,
                    nlp_artifacts=artifacts,
                )
                for r in results:
                    r.start += offset
                    r.end += offset
                pending[index][1].extend(results)
            for index in range(len(texts)):
                norm, collected = pending[index]
                entities = self._finalise(norm, collected)
                redacted, spans = self._replacer.replace_with_spans(norm.original, entities)
                out.append(RedactionResult(redacted, tuple(entities), tuple(spans)))
        except Exception as exc:
            failure = type(exc).__name__
        else:
            return out
        # Outside the handler, so the original exception (which may quote a note) is not kept.
        raise RedactionError(f"redaction failed ({failure}); no output")

    def _chunk_stream(self, texts: Iterable[str], pending: dict) -> Iterator[tuple[str, tuple]]:
        for index, text in enumerate(texts):
            _require_str(text)
            if not text.strip():
                # Nothing to analyse: mark it finished so ordering still works.
                pending[index] = (NormalisedText(text, text), [])
                continue
            norm = normalise(text)
            pending[index] = (norm, [])
            detect = norm.text
            for start, end in chunk_bounds(
                detect, self.config.chunk_chars, self.config.chunk_overlap
            ):
                yield detect[start:end], (index, start)

    # ---- shared -----------------------------------------------------------------------------
    def _english_words(self):
        """The spaCy model's English dictionary (``english_words``), or None without one (a
        model without it, or an analyser with no spaCy engine, as a test may put in)."""
        nlp = getattr(getattr(self._analyzer, "nlp_engine", None), "nlp", None) or {}
        return english_dictionary(nlp[LANGUAGE].vocab) if LANGUAGE in nlp else None

    def _beside_names(self, text: str, persons: list[Entity]) -> list[Entity]:
        return [e for e in entities_beside_names(text, persons) if e.entity_type in self._wanted]

    def _finalise(self, norm: NormalisedText, results: list) -> list[Entity]:
        """Clean, extend and merge results found in the detection text; original offsets."""
        text = norm.text
        results = without_caps_prose(text, results, self._english_words())
        entities = clean_results(text, results, self._wanted)
        if taxonomy.PERSON in self._wanted:
            entities = entities + self._beside_names(text, entities)
            if self.config.propagate_names:
                later = propagate_names(text, entities, english=self._english_words())
                entities = entities + later + self._beside_names(text, later)
        if taxonomy.USERNAME in self._wanted and self.config.propagate_names:
            entities = entities + propagate_handles(text, entities)
        entities = entities + listed_references(text, entities)
        entities = carve_identifiers(text, entities)
        entities = with_initials_before(text, with_initials_after(text, entities))
        entities = resolve_overlaps(whole_words(text, entities))
        if norm.changed:
            entities = resolve_overlaps(
                Entity(*norm.to_original(e.start, e.end), e.entity_type, e.score) for e in entities
            )
        return outside_labels(norm.original, entities)
