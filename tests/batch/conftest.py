"""A local two-CPU Ray for the batch tests (one per session: starting Ray takes seconds) and a
tiny model for predict (helpers: batch_helpers.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

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
        address="local",  # a Ray of our own, not one `ray start` left on the machine
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


@pytest.fixture(scope="session")
def batch_model(tmp_path_factory, tokenizer, tiny_encoder_config) -> Path:
    directory = tmp_path_factory.mktemp("batch-model") / "model"
    return build_artifact(directory, tokenizer, tiny_encoder_config, make_toy_records(60))
