"""`referral-nlp synth`: the four files, written atomically; bad settings fail cleanly.

The subcommand is driven through the real parser and handler; ``main`` itself (which loads the
redaction stack for its error handling) is exercised in the slow end-to-end test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from referral_nlp.cli import build_parser
from referral_nlp.data.synthetic import writer

FILES = ["data_card.md", "test.jsonl", "train.jsonl", "validation.jsonl"]


def _run(*argv: str) -> int:
    args = build_parser().parse_args(["synth", *argv])
    return args.func(args)


def test_synth_writes_the_four_files(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "corpus"
    assert _run("--n", "240", "--seed", "4", "--out", str(out), "--no-progress") == 0
    assert sorted(p.name for p in out.iterdir()) == FILES  # no temporary files left behind
    lines = {
        name: (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        for name in ("train", "validation", "test")
    }
    assert 0.4 * 240 <= sum(len(v) for v in lines.values()) <= 240  # see split_by_family_and_time
    record = json.loads(lines["train"][0])
    for key in (
        "id",
        "child_id",
        "family_id",
        "text",
        "re_referral_12m",
        "oracle_re_referral",
        "pii_spans",
    ):
        assert key in record
    card = (out / "data_card.md").read_text(encoding="utf-8")
    assert card.startswith("# Data card: synthetic")
    assert "wrote 240 synthetic records" in capsys.readouterr().err


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert (
            _run(
                "--n",
                "150",
                "--seed",
                "9",
                "--out",
                str(tmp_path / name),
                "--no-progress",
                "--no-text-model",
            )
            == 0
        )
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_parquet_copies(tmp_path: Path) -> None:
    import pandas as pd

    out = tmp_path / "pq"
    assert (
        _run(
            "--n",
            "120",
            "--out",
            str(out),
            "--format",
            "parquet",
            "--no-progress",
            "--no-text-model",
        )
        == 0
    )
    frame = pd.read_parquet(out / "train.parquet")
    assert len(frame) == len((out / "train.jsonl").read_text().splitlines())
    assert (out / "validation.parquet").exists() and (out / "test.parquet").exists()


def test_nothing_is_written_when_the_card_fails(tmp_path: Path, monkeypatch) -> None:
    def broken(_metrics: object) -> str:
        raise RuntimeError("template broke")

    monkeypatch.setattr(writer, "render_card", broken)
    out = tmp_path / "never"
    with pytest.raises(RuntimeError):
        _run("--n", "80", "--out", str(out), "--no-progress", "--no-text-model")
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--n", "0"], "n:"),
        (["--recording-bias-rate", "0.3"], "recording_bias_rate:"),
        (
            ["--recording-bias-group", "ethnicity=green", "--recording-bias-rate", "0.1"],
            "recording_bias_group:",
        ),
        (["--start-year", "2023", "--end-year", "2024"], "end_year:"),
    ],
)
def test_bad_settings_raise_before_any_work(tmp_path: Path, argv: list[str], message: str) -> None:
    out = tmp_path / "bad"
    with pytest.raises(ValueError, match=message):
        _run(*argv, "--out", str(out), "--no-progress")
    assert not out.exists()


@pytest.mark.slow
def test_console_script_end_to_end(tmp_path: Path) -> None:
    """The installed command: exit 0 with the files; exit 2 and one line on a bad setting."""
    exe = [sys.executable, "-m", "referral_nlp.cli"]
    ok = subprocess.run(
        [*exe, "synth", "--n", "200", "--out", str(tmp_path / "ok"), "--no-progress"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert sorted(p.name for p in (tmp_path / "ok").iterdir()) == FILES
    bad = subprocess.run(
        [*exe, "synth", "--n", "-3", "--out", str(tmp_path / "bad")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().startswith("referral-nlp synth: error: n:")
    assert "Traceback" not in bad.stderr
