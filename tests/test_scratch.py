"""Scratch entries a killed run left beside an output are swept by the next run, and only those."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from referral_nlp import scratch
from referral_nlp.io import staged_outputs, write_json


@pytest.fixture(scope="module")
def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not scratch._running(child.pid)
    return child.pid


def _left(parent, name, pid, host=None, suffix=".part", folder=False):
    entry = parent / f".{name}.{host or scratch._host()}-{pid}.ab12_cd{suffix}"
    if folder:
        entry.mkdir()
        (entry / "eval.json").write_text("{}")
    else:
        entry.write_text("half")
    return entry


def test_a_killed_runs_scratch_is_swept_by_the_next_write(tmp_path, dead_pid):
    file_left = _left(tmp_path, "report.json", dead_pid)
    (tmp_path / "eval").mkdir()
    folder_left = _left(tmp_path / "eval", "eval", dead_pid, folder=True)
    write_json(tmp_path / "report.json", {"a": 1})
    assert not file_left.exists()
    with staged_outputs(tmp_path / "eval", files=["eval.json"]) as staging:
        (staging / "eval.json").write_text("{}")
    assert not folder_left.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eval", "report.json"]
    assert [p.name for p in (tmp_path / "eval").iterdir()] == ["eval.json"]


def test_scratch_of_a_running_process_another_host_or_another_output_is_kept(tmp_path, dead_pid):
    kept = [
        _left(tmp_path, "report.json", os.getppid()),  # a run still writing
        _left(tmp_path, "report.json", dead_pid, host="other-machine"),  # pid means nothing here
        _left(tmp_path, "other.json", dead_pid),  # another output's
        _left(tmp_path, "report.json", dead_pid, suffix=".old", folder=True),  # a model backup
    ]
    write_json(tmp_path / "report.json", {"a": 1})
    assert all(p.exists() for p in kept)


def test_a_model_save_sweeps_its_own_killed_scratch(tmp_path, dead_pid):
    left = _left(tmp_path, "model", dead_pid, suffix=".tmp", folder=True)
    assert scratch.sweep_stale(tmp_path, "model") == 1
    assert not left.exists()


def test_scratch_names_carry_host_and_pid(tmp_path):
    fd, path = scratch.scratch_file(tmp_path, "x.json")
    os.close(fd)
    folder = scratch.scratch_folder(tmp_path, "x")
    prefix = f".x.json.{scratch._host()}-{os.getpid()}."
    assert os.path.basename(path).startswith(prefix) and path.endswith(".part")
    assert folder.name.startswith(f".x.{scratch._host()}-{os.getpid()}.")
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
