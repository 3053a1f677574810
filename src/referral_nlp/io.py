"""Reading record files and settings files, and writing outputs atomically.

Errors name the file, the line (or row) and the field, and never quote a value: input files hold
referral text.
"""

from __future__ import annotations

import contextlib
import decimal
import json
import logging
import math
import numbers
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from referral_nlp.errors import UserError
from referral_nlp.scratch import discard, scratch_file, scratch_folder

logger = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "parquet")


class InputError(UserError):
    """A record file is missing, unreadable or malformed (message names file, line, field)."""


class Records(list):
    """Records read from a file, with where each one came from ("line 7", "row 3")."""

    def __init__(self, records: Iterable[dict[str, Any]], locations: Iterable[str]) -> None:
        super().__init__(records)
        self.locations = list(locations)


def detect_format(path: str | Path, explicit: str | None = None) -> str:
    if explicit:
        if explicit not in FORMATS:
            raise InputError(f"format: expected one of {list(FORMATS)}, got {explicit!r}.")
        return explicit
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in {"jsonl", "ndjson"}:
        return "jsonl"
    if suffix in FORMATS:
        return suffix
    raise InputError(
        f"{path}: cannot tell the format from the extension {Path(path).suffix!r}; "
        f"expected .jsonl, .csv or .parquet (or pass --format)."
    )


def read_records(path: str | Path, fmt: str | None = None) -> Records:
    """All records of a JSONL, CSV or Parquet file as dicts (read whole, so errors come first).

    The result is a list that also knows each record's ``locations``: its line in a JSONL file,
    its data row in a CSV or Parquet file.
    """
    path = Path(path)
    fmt = detect_format(path, fmt)
    if not path.is_file():
        raise InputError(f"{path}: no such file.")
    if fmt == "jsonl":
        pairs = list(_read_jsonl(path))
        return Records((r for _, r in pairs), (f"line {n}" for n, _ in pairs))
    import pandas as pd

    try:
        frame = (
            pd.read_csv(path, dtype=str, keep_default_na=False)
            if fmt == "csv"
            else (pd.read_parquet(path))
        )
    except Exception as exc:
        raise unreadable(path, f"as {fmt}", exc) from None
    rows = frame.to_dict(orient="records")
    return Records(rows, (f"row {i}" for i in range(1, len(rows) + 1)))


def unreadable(path: str | Path, what: str, exc: BaseException) -> InputError:
    """The error for a file a reader could not parse: the exception's kind only (a reader's
    message may quote a cell), or, for text that is not UTF-8 (an export saved as Windows-1252),
    the first line that is not and how to fix it."""
    if isinstance(exc, UnicodeDecodeError):
        line = None
        try:
            raw = Path(path).read_bytes()
            raw.decode("utf-8")
        except UnicodeDecodeError as found:
            line = raw.count(b"\n", 0, found.start) + 1
        except OSError:
            pass
        where = f"line {line} is" if line else "it is"
        return InputError(
            f"{path}: {where} not UTF-8 text; save the file as UTF-8 (in Excel: CSV UTF-8)."
        )
    return InputError(f"{path}: cannot read {what} ({type(exc).__name__}).")


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}).") from None
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise InputError(f"{path}, line {lineno}: not valid UTF-8.") from None
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                # exc.msg describes the syntax problem without quoting the line; some messages
                # end in "at" ("Invalid control character at").
                problem = exc.msg.removesuffix(" at")
                raise InputError(
                    f"{path}, line {lineno}: malformed JSON ({problem}, column {exc.colno})."
                ) from None
            if not isinstance(record, dict):
                raise InputError(
                    f"{path}, line {lineno}: expected a JSON object, got {type(record).__name__}."
                )
            yield lineno, record


def require_fields(
    records: Iterable[dict[str, Any]], path: str | Path, *, text_field: str, id_field: str
) -> list[tuple[Any, str]]:
    """``[(id, text), ...]``, or an InputError naming the first bad line (or row) and field."""
    records = list(records) if not isinstance(records, list) else records
    locations = getattr(records, "locations", None) or [
        f"record {i}" for i in range(1, len(records) + 1)
    ]
    out = []
    for where, record in zip(locations, records, strict=True):
        key = record.get(id_field)
        if _missing_id(key):
            raise InputError(f"{path}, {where}: missing field {id_field!r}.")
        if isinstance(key, float | decimal.Decimal) and math.isfinite(key) and key == int(key):
            key = int(key)  # pandas reads whole-number ids as floats where the column has a gap
        # The id is copied into the output as given: a list or object there is not a key, and
        # whatever it holds would travel on unredacted.
        if isinstance(key, bool) or not isinstance(key, str | numbers.Integral):
            raise InputError(
                f"{path}, {where}: field {id_field!r} must be text or a whole number, "
                f"got {type(key).__name__}."
            )
        if text_field not in record:
            raise InputError(f"{path}, {where}: missing field {text_field!r}.")
        text = record[text_field]
        if not isinstance(text, str):
            raise InputError(
                f"{path}, {where}: field {text_field!r} must be a string, "
                f"got {type(text).__name__}."
            )
        out.append((key, text))
    _warn_repeated_ids([key for key, _ in out], locations, path)
    return out


def _warn_repeated_ids(keys: list[Any], locations: list[str], path: str | Path) -> None:
    """A warning (positions and a count, never an id) when records share an id: every output
    keeps input order, but a join back by id would pair the wrong records."""
    seen: set[str] = set()
    repeats = []
    for key, where in zip(keys, locations, strict=True):
        if str(key) in seen:
            repeats.append(where)
        seen.add(str(key))
    if repeats:
        logger.warning(
            "%s: %d record(s) repeat the id of an earlier one (first: %s); outputs keep the "
            "input's order, so match them by position, not by id",
            path,
            len(repeats),
            repeats[0],
        )


def _missing_id(value: Any) -> bool:
    """None, NaN, or pandas' NA: how JSON, CSV and Parquet readers say "no id"."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, float | decimal.Decimal) and value != value  # NaN is not itself


@contextlib.contextmanager
def atomic_writer(path: str | Path, mode: str = "w", *, private: bool = False) -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and move it into place only on success.

    The file gets the usual permissions (0666 less the umask), or 0600 with ``private``
    (temporary files are created 0600, which would make every output private).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = scratch_file(path.parent, path.name)
    try:
        os.chmod(tmp, 0o600 if private else 0o666 & ~_umask())
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def check_output_dir(
    out_dir: str | Path, *, files: Iterable[str] = (), folders: Iterable[str] = ()
) -> None:
    """Refuse, before any work, an ``out_dir`` that cannot take these ``files`` and ``folders``
    (a file where the folder would be, a folder or link where an output of the other kind is).
    """
    out_dir = Path(out_dir)
    existing = next(p for p in (out_dir, *out_dir.parents) if p.exists() or p == p.parent)
    if not existing.is_dir():
        raise UserError(
            f"{existing}: expected a folder for the outputs, got a file; name a new or existing "
            "folder."
        )
    for name, folder in [(n, False) for n in files] + [(n, True) for n in folders]:
        target = out_dir / name
        if not (target.exists() or target.is_symlink()):
            continue
        if folder != (target.is_dir() and not target.is_symlink()):
            got = "a link" if target.is_symlink() else "a folder" if target.is_dir() else "a file"
            raise UserError(
                f"{target}: expected {'a folder' if folder else 'a file'} this command writes, "
                f"got {got}; remove it or choose another output folder."
            )


@contextlib.contextmanager
def staged_outputs(
    out_dir: str | Path, *, files: Iterable[str] = (), folders: Iterable[str] = ()
) -> Iterator[Path]:
    """A staging folder inside ``out_dir`` for the ``files`` and ``folders`` a command writes;
    when the block ends without error each one written there replaces its namesake, and one not
    written this time is removed (the last run's plots beside a report drawn without them would
    describe another run).

    A command that fails half-way (a plot that cannot be drawn) then leaves ``out_dir`` as it
    was, not new plots beside an old or missing report. Anything else in ``out_dir`` is left
    alone, so a folder the user shares with other outputs is safe. Staging inside ``out_dir``
    keeps every move on one file system, so each is a rename.
    """
    out_dir = Path(out_dir)
    files, folders = tuple(files), tuple(folders)
    check_output_dir(out_dir, files=files, folders=folders)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = scratch_folder(out_dir, out_dir.name)
    try:
        yield staging
        if not staging.is_dir():
            # Never read a vanished staging folder as "nothing written": that would delete
            # the outputs already there.
            raise UserError(f"{out_dir}: the staging folder of this run was removed; run again.")
        for name in (*folders, *files):
            source, target = staging / name, out_dir / name
            if not source.exists():
                if target.is_dir():
                    shutil.rmtree(target)
                elif target.exists():
                    target.unlink()
                continue
            if source.is_dir():
                os.chmod(source, 0o777 & ~_umask())  # mkdtemp's 0700 is for the staging only
                if target.is_dir():
                    shutil.rmtree(target)
            os.replace(source, target)
    finally:
        discard(staging)


def write_json(
    path: str | Path, data: Any, *, indent: int | None = 2, sort_keys: bool = False
) -> None:
    """Write ``data`` as JSON with a final newline, atomically (:func:`atomic_writer`).

    Every artefact JSON file (config, encoder, manifest, signature, reports) is written this one
    way, so that none is left half-written or lacks its newline.
    """
    with atomic_writer(path) as fh:
        json.dump(data, fh, indent=indent, sort_keys=sort_keys)
        fh.write("\n")


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_records(path: str | Path, records: list[dict[str, Any]], fmt: str | None = None) -> None:
    """Write records as JSONL, CSV or Parquet, atomically (nested values become JSON in CSV)."""
    fmt = detect_format(path, fmt)
    if fmt == "jsonl":
        with atomic_writer(path) as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    import pandas as pd

    flat = [
        {
            k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
            for k, v in r.items()
        }
        for r in records
    ]
    frame = pd.DataFrame(flat)
    with atomic_writer(path, "wb") as fh:
        if fmt == "csv":
            frame.to_csv(fh, index=False)
        else:
            frame.to_parquet(fh, index=False)


def to_jsonable(obj: Any) -> Any:
    """``obj`` made JSON-ready: numpy values to Python, tuples to lists, paths to strings,
    dataclasses to dicts, NaN and infinities to None (JSON has no NaN)."""
    import dataclasses
    import math

    import numpy as np

    if isinstance(obj, dict | Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, bool | np.bool_):
        return bool(obj)
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        return float(obj) if math.isfinite(obj) else None
    if isinstance(obj, Path):
        return str(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return to_jsonable(dataclasses.asdict(obj))
    return obj


def read_settings_file(path: str | Path, what: str) -> Mapping[str, Any]:
    """The top-level mapping of a YAML (``.yaml``/``.yml``) or JSON (``.json``) settings file.

    The one reader of every settings file (column and text mappings, the redaction, training
    and evaluation configs, the card's deployer file). An error is a ``UserError`` that names
    ``what`` and the file, and the line of a syntax error, never the content: a parser's own
    message may quote it.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{path}: cannot read the {what} ({exc.strerror}).") from None
    except UnicodeDecodeError:  # its message names a byte and an offset, not the file
        raise UserError(f"{path}: cannot read the {what} (not UTF-8 text).") from None
    if path.suffix.lower() == ".json":
        try:
            values = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise UserError(
                f"{path}: not valid JSON (line {exc.lineno} column {exc.colno})."
            ) from None
    else:
        import yaml

        try:
            values = yaml.safe_load(raw) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f", line {mark.line + 1}" if mark is not None else ""
            raise UserError(f"{path}: not valid YAML{where}.") from None
    if not isinstance(values, Mapping):
        raise UserError(f"{path}: expected a mapping of {what} keys, got {type(values).__name__}.")
    return values
