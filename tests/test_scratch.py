"""Scratch entries a killed run left beside an output are swept by the next run, and only those:
never a live writer's (it holds a lock), never a young one, never a model's backup."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from referral_nlp import scratch
from referral_nlp.errors import UserError
from referral_nlp.io import staged_outputs, write_json

pytestmark = pytest.mark.skipif(scratch.fcntl is None, reason="flock is POSIX")


def _left(parent, name, suffix=".part", folder=False, age=3600.0):
    """A scratch entry as a killed run leaves it: nobody holds its lock, ``age`` seconds old."""
    entry = parent / f".{name}.ab12_cd{suffix}"
    if folder:
        entry.mkdir()
        (entry / "eval.json").write_text("{}")
    else:
        entry.write_text("half")
    then = time.time() - age
    os.utime(entry, (then, then))
    return entry


def test_a_killed_runs_scratch_is_swept_by_the_next_write(tmp_path):
    file_left = _left(tmp_path, "report.json")
    (tmp_path / "eval").mkdir()
    folder_left = _left(tmp_path / "eval", "eval", folder=True)
    write_json(tmp_path / "report.json", {"a": 1})
    assert not file_left.exists()
    with staged_outputs(tmp_path / "eval", files=["eval.json"]) as staging:
        (staging / "eval.json").write_text("{}")
    assert not folder_left.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eval", "report.json"]
    assert [p.name for p in (tmp_path / "eval").iterdir()] == ["eval.json"]


def test_a_live_writers_scratch_is_never_swept(tmp_path):
    # Another process (another container's pid namespace too) holds its entry's lock.
    entry = _left(tmp_path, "report.json", folder=True)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDONLY); "
         "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)",
         str(entry)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        write_json(tmp_path / "report.json", {"a": 1})
        assert entry.exists()
    finally:
        holder.kill()
        holder.wait()
    assert scratch.sweep_stale(tmp_path, "report.json") == 1  # its writer is gone now


def test_young_entries_other_outputs_and_backups_are_kept(tmp_path):
    kept = [
        _left(tmp_path, "report.json", age=1.0),  # its writer may not have locked it yet
        _left(tmp_path, "other.json"),  # another output's
        _left(tmp_path, "report.json", suffix=".old", folder=True),  # a model backup
    ]
    write_json(tmp_path / "report.json", {"a": 1})
    assert all(p.exists() for p in kept)


def test_this_process_holds_its_own_scratch_while_writing(tmp_path, monkeypatch):
    monkeypatch.setattr(scratch, "MIN_AGE_S", 0.0)
    fd, path = scratch.scratch_file(tmp_path, "x.json")
    folder = scratch.scratch_folder(tmp_path, "x.json")
    try:
        assert scratch.sweep_stale(tmp_path, "x.json") == 0
        assert os.path.exists(path) and folder.exists()
        assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    finally:
        os.close(fd)
        scratch.release(folder)
    assert scratch.sweep_stale(tmp_path, "x.json") == 2


def test_a_staging_folder_that_vanished_keeps_the_outputs_there(tmp_path):
    # A run must not read its removed staging folder as "nothing written" and delete outputs.
    out = tmp_path / "eval"
    out.mkdir()
    (out / "eval.json").write_text("first run")
    with (
        pytest.raises(UserError, match="staging folder of this run was removed"),
        staged_outputs(out, files=["eval.json"]) as staging,
    ):
        (staging / "eval.json").write_text("second run")
        shutil.rmtree(staging)
    assert (out / "eval.json").read_text() == "first run"
