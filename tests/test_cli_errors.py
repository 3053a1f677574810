"""How ``referral-nlp`` reports a failure: the project's own user errors as one line with exit
status 2; anything else (a library bug) with its traceback, never dressed up as a user error."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from referral_nlp.cli import USER_ERRORS, build_parser, main
from referral_nlp.errors import UserError
from referral_nlp.redaction.errors import RedactionError


def _one_line_error(err: str, command: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"referral-nlp {command}: error: "), err
    assert "Traceback" not in err
    return lines[0]


# ---- user errors from real commands: one line, exit 2 ----------------------------------------
def test_missing_input_file_is_one_line_exit_2(tmp_path, capsys):
    missing = tmp_path / "nowhere.jsonl"
    assert main(["data-check", "--input", str(missing)]) == 2
    line = _one_line_error(capsys.readouterr().err, "data-check")
    assert f"{missing}: no such file." in line


def test_bad_redaction_config_value_is_one_line_exit_2(tmp_path, capsys):
    notes = tmp_path / "notes.jsonl"
    notes.write_text(json.dumps({"id": "1", "text": "A note."}) + "\n", encoding="utf-8")
    config = tmp_path / "redaction.yaml"
    config.write_text("score_threshold: 2\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    argv = ["redact", "--input", str(notes), "--output", str(out), "--config", str(config)]
    assert main(argv) == 2
    line = _one_line_error(capsys.readouterr().err, "redact")
    assert f"{config}: score_threshold: expected a number from 0 to 1, got 2." in line
    assert not out.exists()


def test_bad_flag_value_is_one_line_exit_2(tmp_path, capsys):
    assert main(["synth", "--n", "0", "--out", str(tmp_path / "corpus")]) == 2
    line = _one_line_error(capsys.readouterr().err, "synth")
    assert "n: expected a positive whole number of records, got 0." in line
    assert not (tmp_path / "corpus").exists()


# ---- anything else is a bug: it keeps its traceback -----------------------------------------
@pytest.mark.parametrize(
    "bug",
    [ValueError("a library bug"), TypeError("a library bug"), KeyError("a library bug")],
    ids=["ValueError", "TypeError", "KeyError"],
)
def test_library_bug_propagates(monkeypatch, tmp_path, bug):
    import referral_nlp.commands.data as data_commands

    def handler(args):
        raise bug

    monkeypatch.setattr(data_commands, "cmd_data_check", handler)
    with pytest.raises(type(bug), match="a library bug"):
        main(["data-check", "--input", str(tmp_path / "cases.jsonl")])


def test_library_bug_exits_with_a_traceback_not_2(tmp_path):
    script = textwrap.dedent(
        """
        import sys
        import referral_nlp.commands.data as data_commands
        from referral_nlp.cli import main

        def handler(args):
            raise ValueError("a library bug")

        data_commands.cmd_data_check = handler
        sys.exit(main(sys.argv[1:]))
        """
    )
    argv = ["data-check", "--input", str(tmp_path / "cases.jsonl")]
    done = subprocess.run(
        [sys.executable, "-c", script, *argv], capture_output=True, text=True, timeout=300
    )
    assert done.returncode not in (0, 2)
    assert "Traceback" in done.stderr
    assert "ValueError: a library bug" in done.stderr


@pytest.mark.parametrize(
    "error",
    [UserError("bad flag"), RedactionError("redaction failed")],
    ids=lambda e: type(e).__name__,
)
def test_user_errors_and_redaction_errors_are_one_line(monkeypatch, tmp_path, capsys, error):
    import referral_nlp.commands.data as data_commands

    def handler(args):
        raise error

    monkeypatch.setattr(data_commands, "cmd_data_check", handler)
    assert main(["data-check", "--input", str(tmp_path / "cases.jsonl")]) == 2
    assert str(error) in _one_line_error(capsys.readouterr().err, "data-check")


# ---- which errors count as the user's -------------------------------------------------------
def _error_classes():
    from referral_nlp.artifacts import ArtifactIntegrityError
    from referral_nlp.batch.ray_runner import RayUnavailableError
    from referral_nlp.data.splits import LeakageError
    from referral_nlp.data.validation import DataValidationError
    from referral_nlp.io import InputError
    from referral_nlp.modeling.base_model import BaseModelError
    from referral_nlp.modeling.default_model import ModelNotFoundError
    from referral_nlp.modeling.redacted_corpus import UnredactedTextError
    from referral_nlp.modeling.training.config import ConfigError
    from referral_nlp.modeling.training.data import DatasetError
    from referral_nlp.redaction.errors import PseudonymKeyError
    from referral_nlp.storage.database import DatabaseUnavailableError
    from referral_nlp.storage.migrate import SchemaOutOfDateError

    return [
        ArtifactIntegrityError,
        BaseModelError,
        ConfigError,
        DatabaseUnavailableError,
        DataValidationError,
        DatasetError,
        InputError,
        LeakageError,
        ModelNotFoundError,
        PseudonymKeyError,
        RayUnavailableError,
        SchemaOutOfDateError,
        UnredactedTextError,
    ]


@pytest.mark.parametrize("cls", _error_classes(), ids=lambda c: c.__name__)
def test_project_error_classes_are_user_errors(cls):
    assert issubclass(cls, UserError)
    assert issubclass(cls, ValueError)  # library callers that catch ValueError keep working


def test_bare_builtin_errors_are_not_user_errors():
    for builtin in (ValueError, TypeError, KeyError, RuntimeError):
        assert not issubclass(builtin, USER_ERRORS)


# ---- the command-line contract (product brief) ----------------------------------------------
def _subcommands(parser):
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


@pytest.mark.parametrize(
    ("command", "flags"),
    [
        ("redact", {"--input", "--output"}),
        ("predict", {"--model", "--input", "--output"}),
        ("synth", {"--n", "--seed", "--out"}),
        ("serve", {"--model", "--port"}),
        ("train", {"--data-dir", "--profile"}),
        ("evaluate", {"--data-dir", "--model", "--out"}),
        ("card", {"--model", "--eval", "--out"}),
    ],
)
def test_contract_commands_keep_their_flags(command, flags):
    sub = _subcommands(build_parser())[command]
    assert flags <= {s for a in sub._actions for s in a.option_strings}


def test_every_help_text_renders_as_written():
    """argparse formats help with %: a literal "30%" in generated help once printed the action's
    internals instead."""
    for name, sub in _subcommands(build_parser()).items():
        text = " ".join(sub.format_help().split())
        assert "option_strings" not in text, name
        for action in sub._actions:
            if action.help and "%" in action.help.replace("%%", "") and "%(" not in action.help:
                raise AssertionError(f"{name} {action.option_strings}: lone % in {action.help!r}")
    train = " ".join(_subcommands(build_parser())["train"].format_help().split())
    assert "~30% slower" in train


def test_shared_flags_read_the_same_in_every_command():
    """--no-progress comes from one parent parser: the same flag, default and help in each."""
    commands = _subcommands(build_parser())
    seen = {
        (a.default, a.help)
        for name, sub in commands.items()
        if name not in ("prepare", "train")  # flags generated from their settings dataclass
        for a in sub._actions
        if "--no-progress" in a.option_strings
    }
    assert seen == {(False, "No progress bars.")}


def test_building_the_parser_loads_no_heavy_library():
    """`referral-nlp --help` builds every command's flags: that must not import torch,
    transformers, Presidio or spaCy (seconds each); handlers import them when they run."""
    code = textwrap.dedent(
        """
        import sys
        from referral_nlp.cli import build_parser
        build_parser().format_help()
        heavy = ("torch", "transformers", "presidio_analyzer", "spacy", "bentoml", "ray")
        print(",".join(sorted(m for m in heavy if m in sys.modules)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == ""
