"""The README's "Using your council's data" commands, run as written on a synthetic SSD extract.

The commands are read from the README itself (so the README cannot drift from what works) and
run in a scratch directory, in order: synth --format ssd, prepare, data-check, train, evaluate,
card, predict (the censored closures) and keys add in the default run (about 30 s of CPU), and
serve (a BentoML start, about 20 s more) in the slow run. Only sizes change: a smaller corpus,
and training on a tiny random encoder for two steps (the training recipe itself is the
trainer's business; this checks that the council's route through the CLI holds together).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from referral_nlp.cli import main
from referral_nlp.serving.process_tree import stop_process_tree

README = Path(__file__).resolve().parents[2] / "README.md"
CLI = ".venv/bin/referral-nlp"

#: What the test changes in each command: sizes only (train: a tiny encoder, two steps).
SMALL_N = "400"
EXTRA: dict[str, list[str]] = {
    "synth": ["--no-text-model", "--no-progress"],
    "prepare": ["--no-progress"],
    "train": [
        "--max-steps", "2", "--max-length", "32", "--stride", "8", "--batch-size", "8",
        "--head-hidden", "16", "--freeze-layers", "0", "--no-progress",
    ],
    "evaluate": ["--n-boot", "20", "--no-progress"],
    "predict": ["--no-progress"],
}  # fmt: skip


def readme_commands() -> list[list[str]]:
    """The argv of every ``referral-nlp`` command in the section's first bash block."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Using your council's data", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "README: no bash block under 'Using your council's data'"
    joined = block.group(1).replace("\\\n", " ")
    commands = []
    for line in joined.splitlines():
        words = shlex.split(line, comments=True)
        if words:
            assert words[0] == CLI, f"README: expected {CLI} commands only, got {words[0]}"
            commands.append(words[1:])
    return commands


def test_readme_lists_the_whole_route():
    order = [argv[0] for argv in readme_commands()]
    steps = [
        "synth", "prepare", "data-check", "train", "evaluate", "card", "predict", "keys", "serve",
    ]  # fmt: skip
    assert order == steps


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Route:
    """The scratch directory the README's commands ran in, and what serving needs."""

    directory: Path
    serve_argv: list[str]
    key: str


@pytest.fixture(scope="module")
def council_route(tmp_path_factory, tokenizer, tiny_encoder_config) -> Route:
    """Every README command but ``serve``, in order, in a scratch directory."""
    import torch
    from transformers import BertModel

    encoder = tmp_path_factory.mktemp("tiny-encoder")
    torch.manual_seed(0)
    BertModel(tiny_encoder_config).save_pretrained(str(encoder))
    tokenizer.save_pretrained(str(encoder))
    directory = tmp_path_factory.mktemp("council")
    key, serve_argv = "", []
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(directory)
        mp.delenv("REFERRAL_NLP_KEYS_FILE", raising=False)
        for argv in readme_commands():
            command = argv[0]
            if command == "serve":
                serve_argv = argv
                continue
            if command == "synth":
                argv[argv.index("--n") + 1] = SMALL_N
            if command == "train":
                argv = [*argv, "--base-model", str(encoder)]
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main([*argv, *EXTRA.get(command, [])])
            assert code == 0, f"{command}: exit {code}\n{err.getvalue()[-3000:]}"
            if command == "keys":
                key = out.getvalue().strip().splitlines()[-1].split()[-1]
            if command == "data-check":
                assert "no problems found" in err.getvalue()
    return Route(directory, serve_argv, key)


def test_council_route_runs_as_the_readme_says(council_route):
    root = council_route.directory
    prepared = root / "runs/council/prepared"
    report = json.loads((prepared / "prepare_report.json").read_text())
    assert report["extract_date_source"] == "given"
    assert sum(report["splits"].values()) > 100
    assert (root / "runs/council/train/model/model.safetensors").is_file()
    assert (root / "runs/council/eval/eval.json").is_file()
    unlabelled = (prepared / "unlabelled.jsonl").read_text().splitlines()
    scores = (root / "runs/council/recent_scores.jsonl").read_text().splitlines()
    assert len(scores) == len(unlabelled) > 0
    card = (root / "runs/council/card/model_card.md").read_text(encoding="utf-8")
    assert "The training data are SYNTHETIC" in card  # the extract's own card said so
    assert council_route.key


@pytest.mark.slow
def test_the_council_model_serves_as_the_readme_says(council_route):
    _serve_and_score(council_route.directory, council_route.serve_argv, council_route.key)


def _serve_and_score(tmp_path: Path, argv: list[str], key: str | None) -> None:
    assert key, "keys add printed no key"
    port = str(_free_port())
    argv = [port if i and argv[i - 1] == "--port" else a for i, a in enumerate(argv)]
    env = {**os.environ, "REFERRAL_NLP_WORKERS": "1", "REFERRAL_NLP_DEVICE": "cpu"}
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "referral_nlp.cli", *argv],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            try:
                if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            raise AssertionError("serve did not become ready in 180 s")
        note = "School DSL reports bruising; mum not engaging with HV. Third PPN this month."
        response = httpx.post(
            url + "/v1/score",
            json={"text": note, "child_age": 7},
            headers={"Authorization": f"Bearer {key}"},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        assert 0.0 <= response.json()["re_referral"]["probability"] <= 1.0
    finally:
        stop_process_tree(proc)
        log.close()
