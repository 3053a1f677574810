"""The Redactor: find personal data in referral notes and replace it.

This is the project's privacy boundary: everything downstream sees only its output. It fails
closed. If the model cannot load, construction raises; if analysis fails, the call raises and
returns nothing, so unredacted text can never pass through.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from tqdm.auto import tqdm

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.chunking import chunk_bounds
from referral_nlp.redaction.config import RedactionConfig
from referral_nlp.redaction.engine import LANGUAGE, build_analyzer
from referral_nlp.redaction.nlp_engine import RedactorLoadError
from referral_nlp.redaction.operators import EntityReplacer, load_pseudonym_key
from referral_nlp.redaction.spans import Entity, clean_results, propagate_names, resolve_overlaps

logger = logging.getLogger(__name__)


class RedactionError(RuntimeError):
    """Analysis failed part-way; no redacted output exists for the input."""


@dataclass(frozen=True)
class RedactionResult:
    """A redacted note and what was removed (offsets into the ORIGINAL text)."""

    redacted_text: str
    entities: tuple[Entity, ...]

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
            results = []
            for start, end in chunk_bounds(
                text, self.config.chunk_chars, self.config.chunk_overlap
            ):
                for r in self._analyzer.analyze(
                    text=text[start:end], language=LANGUAGE, entities=self._entities
                ):
                    r.start += start
                    r.end += start
                    results.append(r)
            return self._finalise(text, results)
        except Exception as exc:
            # The original message may quote the note; only the type is safe to surface.
            raise RedactionError(f"redaction failed ({type(exc).__name__}); no output") from None

    def redact(self, text: str) -> RedactionResult:
        """Redact one note."""
        text = _require_str(text)
        entities = self.analyze(text)
        return RedactionResult(self._replacer.replace(text, entities), tuple(entities))

    # ---- batches ----------------------------------------------------------------------------
    def redact_many(
        self,
        texts: Iterable[str],
        *,
        progress: bool = False,
        total: int | None = None,
    ) -> Iterator[RedactionResult]:
        """Redact many notes through spaCy's ``nlp.pipe`` (batched, optionally multi-process).

        Results come back in input order. Raises ``TypeError`` on a non-string and
        :class:`RedactionError` on any failure; results already yielded stay valid.
        """
        if total is None and isinstance(texts, Sequence):
            total = len(texts)
        bar = tqdm(total=total, desc="redacting", unit="note", disable=not progress)
        pending: dict[int, tuple[str, list, int]] = {}
        next_out = 0
        try:
            # Presidio's process_batch walks its input twice (a type check, then the pipe), so
            # it needs a list, not a generator.
            chunks = list(self._chunk_stream(texts, pending))
            stream = self.nlp_engine.process_batch(
                chunks,
                language=LANGUAGE,
                batch_size=self.config.batch_size,
                n_process=self.config.n_process,
                as_tuples=True,
            )
            for chunk_text, artifacts, (index, offset) in stream:
                results = self._analyzer.analyze(
                    text=chunk_text,
                    language=LANGUAGE,
                    entities=self._entities,
                    nlp_artifacts=artifacts,
                )
                text, collected, remaining = pending[index]
                for r in results:
                    r.start += offset
                    r.end += offset
                collected.extend(results)
                pending[index] = (text, collected, remaining - 1)
                # Yield every finished note in order.
                while next_out in pending and pending[next_out][2] == 0:
                    text, collected, _ = pending.pop(next_out)
                    entities = self._finalise(text, collected)
                    yield RedactionResult(self._replacer.replace(text, entities), tuple(entities))
                    bar.update(1)
                    next_out += 1
            while next_out in pending:  # trailing blank notes
                text, _, _ = pending.pop(next_out)
                yield RedactionResult(text, ())
                bar.update(1)
                next_out += 1
        except TypeError:
            raise
        except Exception as exc:
            raise RedactionError(f"redaction failed ({type(exc).__name__}); no output") from None
        finally:
            bar.close()

    def _chunk_stream(self, texts: Iterable[str], pending: dict) -> Iterator[tuple[str, tuple]]:
        for index, text in enumerate(texts):
            _require_str(text)
            if not text.strip():
                # Nothing to analyse: mark it finished so ordering still works.
                pending[index] = (text, [], 0)
                continue
            bounds = chunk_bounds(text, self.config.chunk_chars, self.config.chunk_overlap)
            pending[index] = (text, [], len(bounds))
            for start, end in bounds:
                yield text[start:end], (index, start)

    # ---- shared -----------------------------------------------------------------------------
    def _finalise(self, text: str, results: list) -> list[Entity]:
        entities = clean_results(text, results, self._wanted)
        if self.config.propagate_names and taxonomy.PERSON in self._wanted:
            entities = entities + propagate_names(text, entities)
        return resolve_overlaps(entities)
