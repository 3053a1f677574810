"""The flags several commands share, each defined once as an ``argparse`` parent parser.

A command names the parents it takes (``sub.add_parser(NAME, parents=[options.model(), ...])``)
and adds only its own flags. Each function builds a fresh parent, so no two parsers share an
``argparse.Action`` (``set_defaults`` on one would otherwise change the other). Flags that mean
something different in different commands (``--out``, ``--seed``, ``serve --model``, which also
takes a BentoML tag) stay with their command.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from referral_nlp.io import FORMATS

__all__ = [
    "engine",
    "mapping",
    "model",
    "no_progress",
    "records_input",
    "redaction",
    "split_dir",
    "torch_device",
]


def _parent() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(add_help=False)


def no_progress() -> argparse.ArgumentParser:
    """``--no-progress``: long work shows a progress bar on stderr unless this is given."""
    p = _parent()
    p.add_argument("--no-progress", action="store_true", help="No progress bars.")
    return p


def model() -> argparse.ArgumentParser:
    """``--model DIR``: a model artefact; commands resolve None to the default model."""
    p = _parent()
    p.add_argument("--model", type=Path, help="Model directory (default: the default model).")
    return p


def records_input() -> argparse.ArgumentParser:
    """``--input FILE`` (required) and ``--format``: a file of records, read whole."""
    p = _parent()
    p.add_argument("--input", required=True, type=Path, help="JSONL, CSV or Parquet file.")
    p.add_argument("--format", choices=list(FORMATS), help="Input format.")
    return p


def mapping() -> argparse.ArgumentParser:
    """``--mapping FILE``: a council export's column mapping."""
    p = _parent()
    p.add_argument("--mapping", type=Path, help="Column-mapping file (YAML or JSON).")
    return p


def split_dir() -> argparse.ArgumentParser:
    """``--data-dir DIR`` (required): the train/validation/test split files."""
    p = _parent()
    p.add_argument(
        "--data-dir", required=True, type=Path, help="Folder with the train/validation/test files."
    )
    return p


def torch_device() -> argparse.ArgumentParser:
    """``--device``: where the model runs in a batch command (the service picks its own)."""
    p = _parent()
    p.add_argument("--device", default="cpu", help="Device for the model (cpu, cuda).")
    return p


def redaction(*, with_engine: bool = False) -> argparse.ArgumentParser:
    """The redaction settings: a config file and the flags that override its values.

    ``with_engine``: the command also takes :func:`engine`'s flags (its help says so)."""
    p = _parent()
    p.add_argument("--config", help="Redaction config file (YAML or JSON).")
    p.add_argument("--operator", choices=["placeholder", "pseudonym", "mask"])
    p.add_argument("--spacy-model", help="Installed spaCy model name or directory.")
    p.add_argument("--n-process", type=int, help="spaCy worker processes.")
    p.add_argument(
        "--batch-size",
        type=int,
        help="Notes per nlp.pipe batch"
        + (" (with --engine ray also the notes per Ray task)." if with_engine else "."),
    )
    return p


def engine() -> argparse.ArgumentParser:
    """``--engine``, ``--ray-address`` and ``--num-workers`` (checked by
    :class:`referral_nlp.commands.engine.EngineOptions`). ``--batch-size`` comes from the
    command: for ``redact`` it is the redaction flag, for ``predict`` its own."""
    p = _parent()
    p.add_argument(
        "--engine",
        choices=["local", "ray"],
        default="local",
        help="local (default): this process. ray: Ray Data, on this machine's cores or the "
        "cluster at --ray-address; --input may be a directory of shards and --output is a "
        "directory of parts (Parquet when it ends in .parquet, else JSONL).",
    )
    p.add_argument(
        "--ray-address",
        help="Join this running Ray cluster (HOST:PORT, ray://HOST:PORT or auto) instead of "
        "starting Ray here. Input, output and model must be on storage every node sees.",
    )
    p.add_argument(
        "--num-workers",
        type=int,
        help="Ray workers, each one core with its own loaded model (default: every core).",
    )
    return p
