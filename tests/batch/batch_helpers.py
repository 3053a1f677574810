"""Shared data for the batch tests: toy cases and JSONL files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "modeling"))

from eval_cases import make_toy_records


def toy_cases(n: int, seed: int = 5) -> list[dict[str, Any]]:
    """Cases as predict takes them (no labels, no oracle), with some fields left out."""
    out = []
    for i, record in enumerate(make_toy_records(n, seed=seed)):
        case = {k: v for k, v in record.items() if not k.startswith(("oracle", "re_ref", "escal"))}
        if i % 3 == 0:
            case.pop("child_age")  # an absent field is unknown, as in the local engine
        out.append(case)
    return out


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path
