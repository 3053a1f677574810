"""Redact every text field of a corpus before training sees it, and cache the redacted corpus.

Training only ever sees redacted text. :func:`redact_splits` runs the project's
:class:`~referral_nlp.redaction.Redactor` (batch mode) over the text fields the model reads,
replaces them in copies of the records, blanks the text fields it does not read (so unredacted
text cannot travel further by accident), drops the generator's ``pii_spans`` (offsets into the
raw text) and marks each record ``text_redacted=True``. :func:`require_redacted` is the gate the
trainer calls before tokenising: a record without the marker is refused.

The cache (``redaction_cache_dir``) holds one JSONL file per split, named by a key that hashes
the input file's sha256, the ids selected from it, the text fields, the redaction config, the
referral-nlp / Presidio / spaCy / spaCy-model versions and a digest of the redaction code, so a
change to any of them redacts again. Files are written atomically (a crash leaves no partial
cache); a cache file that does not match the records it is asked for is ignored and rewritten.
Redaction fails closed: a :class:`~referral_nlp.redaction.RedactionError` aborts the run before
any training, and nothing is cached for the split that failed.

``already_redacted=True`` trusts the input as redacted (a council that redacts upstream); a
warning is logged and the records are marked without running the redactor.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from referral_nlp.data.schema import FIELDS_BY_NAME
from referral_nlp.errors import UserError
from referral_nlp.io import InputError, atomic_writer

logger = logging.getLogger(__name__)

REDACTED_MARKER = "text_redacted"
CACHE_FORMAT = "referral-nlp-redacted-corpus"
#: 2: entries carry per-type entity counts, so a run served from the cache reports what was
#: removed (version 1 caches reported nothing and are redacted again).
CACHE_VERSION = 2
#: Columns never passed on to training: offsets into the raw text.
RAW_ONLY_COLUMNS = ("pii_spans",)
ALL_TEXT_FIELDS = tuple(name for name, spec in FIELDS_BY_NAME.items() if spec.kind == "text")
_VERSIONED = ("referral-nlp", "presidio-analyzer", "presidio-anonymizer", "spacy")


class UnredactedTextError(UserError):
    """Records without the redaction marker reached a step that only takes redacted text."""


@dataclass
class SplitRedaction:
    """What happened to one split: counts only, never text."""

    split: str
    n_records: int
    source: str  # "redacted", "cache" or "trusted" (already_redacted)
    seconds: float = 0.0
    cache_file: str | None = None
    entity_counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "n_records": self.n_records,
            "source": self.source,
            "seconds": round(self.seconds, 3),
            "cache_file": self.cache_file,
            "entity_counts": dict(sorted(self.entity_counts.items())),
        }


def sha256_of_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _versions(spacy_model: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in (*_VERSIONED, spacy_model.replace("_", "-")):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def redaction_code_digest() -> str:
    """sha256 over the redaction package's files: a recogniser change invalidates the cache."""
    import referral_nlp.redaction as package

    root = Path(package.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml", ".yml", ".txt", ".json"}:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cache_key(
    *,
    source_digest: str,
    ids: Sequence[str],
    text_fields: Sequence[str],
    redaction_config: Any,
) -> str:
    """The cache key of one split: a sha256 of everything the redacted text depends on."""
    config = redaction_config.to_dict()
    secret = None
    if config.get("operator") == "pseudonym":
        # The pseudonyms depend on the key; fold in a digest of it (never the key itself).
        value = os.environ.get(config.get("pseudonym_key_env", ""), "")
        secret = hashlib.sha256(("referral-nlp-cache\0" + value).encode()).hexdigest()
    payload = {
        "format": CACHE_FORMAT,
        "version": CACHE_VERSION,
        "source_sha256": source_digest,
        "ids_sha256": hashlib.sha256("\n".join(map(str, ids)).encode()).hexdigest(),
        "text_fields": list(text_fields),
        "redaction_config": config,
        "pseudonym_key": secret,
        "versions": _versions(str(config.get("spacy_model", ""))),
        "redaction_code": redaction_code_digest(),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def content_digest(records: Sequence[Mapping[str, Any]], text_fields: Sequence[str]) -> str:
    """Stands in for a file's sha256 when records were built in memory."""
    digest = hashlib.sha256()
    for record in records:
        digest.update(str(record.get("id")).encode() + b"\0")
        for name in text_fields:
            value = record.get(name)
            digest.update(b"\1" if value is None else str(value).encode() + b"\0")
    return digest.hexdigest()


def _read_cache(path: Path, key: str, ids: Sequence[str]) -> list[dict[str, Any]] | None:
    """The cached entries for ``ids`` (in order), or None when the file does not match."""
    try:
        with path.open(encoding="utf-8") as fh:
            header = json.loads(fh.readline())
            entries = [json.loads(line) for line in fh if line.strip()]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        logger.warning("redaction cache %s is unreadable; redacting again", path.name)
        return None
    if (
        not isinstance(header, dict)
        or header.get("format") != CACHE_FORMAT
        or header.get("version") != CACHE_VERSION
        or header.get("key") != key
        or [e.get("id") for e in entries] != list(ids)
    ):
        logger.warning("redaction cache %s does not match this corpus; redacting again", path.name)
        return None
    return entries


def _write_cache(path: Path, key: str, split: str, entries: Sequence[Mapping[str, Any]]) -> None:
    header = {"format": CACHE_FORMAT, "version": CACHE_VERSION, "key": key, "split": split}
    header["n_records"] = len(entries)
    with atomic_writer(path) as fh:  # mkstemp: the file is created readable by its owner only
        fh.write(json.dumps(header) + "\n")
        for entry in entries:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")


def _marked(
    record: Mapping[str, Any], texts: Mapping[str, str | None], text_fields: Sequence[str]
) -> dict[str, Any]:
    out = {k: v for k, v in record.items() if k not in RAW_ONLY_COLUMNS}
    for name in ALL_TEXT_FIELDS:
        if name in text_fields:
            out[name] = texts.get(name)
        elif name in out:
            out[name] = None  # a text field the model does not read is not carried raw
    out[REDACTED_MARKER] = True
    return out


def _redact_records(
    redactor: Any,
    records: Sequence[Mapping[str, Any]],
    text_fields: Sequence[str],
    *,
    split: str,
    progress: bool,
) -> tuple[list[dict[str, Any]], Counter]:
    """Cache entries ``{id, texts: {field: redacted}, entity_types: {type: count}}``."""
    from referral_nlp.redaction import RedactionError
    from referral_nlp.redaction.fields import redact_fields

    try:
        redacted = redact_fields(redactor, records, text_fields, progress=progress, where=split)
    except InputError as exc:  # a text field that is not a string
        raise UnredactedTextError(str(exc)) from None
    except RedactionError as exc:
        raise RedactionError(
            f"redaction of the {split} split failed ({exc}); nothing was cached and no "
            f"training was done."
        ) from None
    entries = []
    counts: Counter = Counter()
    for record, results in zip(records, redacted, strict=True):
        types: dict[str, int] = {}
        for result in results.values():
            for entity in result.entities if result is not None else ():
                types[entity.entity_type] = types.get(entity.entity_type, 0) + 1
        counts.update(types)
        entries.append(
            {
                "id": record.get("id"),
                "texts": {
                    name: None if result is None else result.redacted_text
                    for name, result in results.items()
                },
                "entity_types": types,
            }
        )
    return entries, counts


def redact_splits(
    splits: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    text_fields: Sequence[str] = ("text",),
    sources: Mapping[str, str | Path] | None = None,
    redaction_config: Any | None = None,
    cache_dir: str | Path | None = None,
    already_redacted: bool = False,
    progress: bool = True,
    redactor_factory: Callable[[Any], Any] | None = None,
) -> tuple[dict[str, list[dict[str, Any]]], list[SplitRedaction]]:
    """Redacted, marked copies of every split, and what was done per split.

    ``sources`` maps a split to the file it was read from (its sha256 keys the cache; without
    it the records' ids and texts are hashed instead). The redactor is built only when some
    split is not cached (``redactor_factory(config)``, default ``Redactor``). Splits are
    processed in the given order, each cached as soon as it is done, so an interrupted run
    resumes from the last finished split.
    """
    text_fields = tuple(text_fields)
    if "text" not in text_fields:
        raise ValueError("text_fields: must include 'text'.")
    out: dict[str, list[dict[str, Any]]] = {}
    report: list[SplitRedaction] = []
    if already_redacted:
        logger.warning(
            "already_redacted is set: the input text is trusted to be redacted and is NOT "
            "checked or redacted; make sure it left the case-management system redacted"
        )
        for split, records in splits.items():
            out[split] = [
                _marked(r, {n: r.get(n) for n in text_fields}, text_fields) for r in records
            ]
            report.append(SplitRedaction(split, len(records), "trusted"))
        return out, report

    from referral_nlp.redaction import RedactionConfig, Redactor

    config = redaction_config if redaction_config is not None else RedactionConfig()
    factory = redactor_factory or Redactor
    redactor = None
    cache = Path(cache_dir) if cache_dir is not None else None
    for split, records in splits.items():
        started = time.perf_counter()
        ids = [str(r.get("id")) for r in records]
        source = (sources or {}).get(split)
        digest = (
            sha256_of_file(source) if source is not None else content_digest(records, text_fields)
        )
        key = cache_key(
            source_digest=digest, ids=ids, text_fields=text_fields, redaction_config=config
        )
        path = cache / f"{split}-{key[:24]}.jsonl" if cache is not None else None
        entries = _read_cache(path, key, ids) if path is not None and path.is_file() else None
        kind = "cache"
        counts: Counter = Counter()
        if entries is None:
            if redactor is None:
                redactor = factory(config)
            logger.info("redacting %d %s records", len(records), split)
            entries, counts = _redact_records(
                redactor, records, text_fields, split=split, progress=progress
            )
            kind = "redacted"
            if path is not None:
                _write_cache(path, key, split, entries)
        else:
            logger.info("%s: %d redacted records from the cache", split, len(entries))
            for entry in entries:  # what was removed when the cache was written
                counts.update(entry.get("entity_types") or {})
        out[split] = [
            _marked(record, entry["texts"], text_fields)
            for record, entry in zip(records, entries, strict=True)
        ]
        report.append(
            SplitRedaction(
                split,
                len(records),
                kind,
                time.perf_counter() - started,
                None if path is None else path.name,
                dict(counts),
            )
        )
    return out, report


def require_redacted(records: Sequence[Mapping[str, Any]], *, split: str = "records") -> None:
    """Raise :class:`UnredactedTextError` unless every record carries the redaction marker."""
    bad = [i for i, r in enumerate(records) if r.get(REDACTED_MARKER) is not True]
    if bad:
        raise UnredactedTextError(
            f"{split}: {len(bad)} of {len(records)} records (first: record {bad[0] + 1}) are not "
            f"marked {REDACTED_MARKER}=True; training only takes redacted text. Run them through "
            f"referral_nlp.modeling.redacted_corpus.redact_splits (the training pipeline does "
            f"this), or set already_redacted if the input was redacted upstream."
        )


#: Where ``TrainingConfig.redaction_cache_dir`` points by default (relative to the working dir).
DEFAULT_CACHE_DIR = Path("runs") / "redaction-cache"


def redacted_splits(
    data_dir: str | Path,
    splits: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    text_fields: Sequence[str] = ("text",),
    cache_dir: str | Path | None = DEFAULT_CACHE_DIR,
    redaction_config: Any | None = None,
    progress: bool = False,
) -> dict[str, list[dict[str, Any]]]:
    """Redacted copies of splits read whole from ``data_dir``, through the training cache.

    For later steps (evaluation) that need the same redacted text the trainer saw: records
    loaded from ``data_dir/<split>.*`` with the same ids and the same redaction settings hit the
    cache the trainer wrote; anything else is redacted (and cached) here.
    """
    from referral_nlp.data.loaders import find_split_file

    sources = {split: find_split_file(data_dir, split) for split in splits}
    out, _ = redact_splits(
        splits,
        text_fields=text_fields,
        sources=sources,
        redaction_config=redaction_config,
        cache_dir=cache_dir,
        progress=progress,
    )
    return out
