"""A local two-CPU Ray for the batch tests (one per session: starting Ray takes seconds), the
toy cases and a tiny model for predict."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "modeling"))

from eval_cases import build_artifact, make_toy_records  # noqa: E402


@pytest.fixture(scope="session")
def ray_cluster():
    """Ray on this machine with 2 CPUs, loopback only; the fault hook in every worker."""
    import ray

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    path = os.pathsep.join([str(HERE), *sys.path])
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        _node_ip_address="127.0.0.1",
        logging_level="WARNING",
        runtime_env={
            "env_vars": {"PYTHONPATH": path},
            "worker_process_setup_hook": "fault_hook.install",
        },
    )
    yield ray
    ray.shutdown()


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


@pytest.fixture(scope="session")
def batch_model(tmp_path_factory, tokenizer, tiny_encoder_config) -> Path:
    directory = tmp_path_factory.mktemp("batch-model") / "model"
    return build_artifact(directory, tokenizer, tiny_encoder_config, make_toy_records(60))
