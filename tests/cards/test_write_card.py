"""write_card and ``referral-nlp card`` on a real (tiny) artefact evaluated on notes full of
personal data: the card holds none of it, and the artefact still verifies afterwards."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from card_pii import PII_STRINGS, PII_TOKENS

from referral_nlp.artifacts import (
    CARD_HTML_NAME,
    CARD_MARKDOWN_NAME,
    ArtifactIntegrityError,
    read_manifest,
    verify_manifest,
)
from referral_nlp.cards import SECTIONS, CardValidationError, write_card
from referral_nlp.cli import main


@pytest.fixture
def pipeline(pii_pipeline: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    """A private copy of the artefact (write_card changes it)."""
    model = tmp_path / "model"
    shutil.copytree(pii_pipeline["model_dir"], model)
    return {**pii_pipeline, "model_dir": model, "out": tmp_path / "model_cards"}


@pytest.fixture
def written(pipeline: dict[str, Path]):
    paths = write_card(
        pipeline["model_dir"],
        pipeline["eval_dir"],
        pipeline["out"],
        redaction_json=pipeline["redaction"],
    )
    return pipeline, paths


def test_card_is_written_beside_and_inside_the_artefact(written) -> None:
    pipeline, paths = written
    model_dir = pipeline["model_dir"]
    assert paths.markdown == pipeline["out"] / CARD_MARKDOWN_NAME
    assert paths.html == pipeline["out"] / CARD_HTML_NAME
    assert paths.artefact_markdown == model_dir / CARD_MARKDOWN_NAME
    assert paths.markdown.read_text() == paths.artefact_markdown.read_text()
    assert paths.html.read_text() == paths.artefact_html.read_text()
    manifest = verify_manifest(model_dir)  # still verifies, and now covers the card
    assert {CARD_MARKDOWN_NAME, CARD_HTML_NAME} <= set(manifest["files"])
    assert manifest["metadata"]["model_class"] == "ReferralRiskModel"  # metadata kept
    markdown = paths.markdown.read_text()
    for title in SECTIONS:
        assert f"## {title}" in markdown
    version = json.loads((pipeline["eval_dir"] / "eval.json").read_text())["data"]["description"][
        "model_version"
    ]
    assert f"# Model card: referral-nlp risk model {version}" in markdown
    # The data card was found beside the training data (training_run.json's data_dir).
    assert "## Appendix: data card (data_card.md)" in markdown
    assert paths.html.read_text().count("data:image/png;base64,") >= 4
    assert paths.report.ok and paths.report.pending  # deployer fields reported, not blocking


def test_no_personal_data_reaches_the_card(written) -> None:
    pipeline, paths = written
    texts = {
        "markdown": paths.markdown.read_text(encoding="utf-8"),
        "html": paths.html.read_text(encoding="utf-8"),
    }
    # The notes really were full of personal data, and reached the models unredacted.
    notes = (pipeline["data_dir"] / "test.jsonl").read_text(encoding="utf-8")
    assert all(s in notes for s in ("Sarah JONES", "943 476 5919", "07700 900123"))
    for name, text in texts.items():
        lowered = text.lower()
        for value in PII_STRINGS + PII_TOKENS:
            assert value.lower() not in lowered, f"{value!r} in the {name} card"
        for record_id in ("R00001", "C00001", "F00001"):  # no record, child or family id
            assert record_id not in text
        # No filesystem path either: the data directory is named after a person.
        assert "Sarah_JONES" not in text and str(pipeline["root"]) not in text


def test_writing_again_replaces_the_card_and_still_verifies(written) -> None:
    pipeline, first = written
    before = first.markdown.read_text()
    second = write_card(pipeline["model_dir"], pipeline["eval_dir"], pipeline["out"])
    verify_manifest(pipeline["model_dir"])
    text = second.markdown.read_text()
    assert text != before  # no redaction scores this time, and the card says so
    assert "its recall on labelled data is not available in this card" in text
    assert "Redaction scores (referral-nlp redact-eval --json FILE)" in text
    # The first card is now in the manifest; it is not one of the model's files.
    count = re.compile(r"\| Files in the verified manifest \| (\d+) \(this card")
    assert count.search(text).group(1) == count.search(before).group(1)


def test_a_card_left_by_an_interrupted_run_is_replaced(pipeline: dict[str, Path]) -> None:
    (pipeline["model_dir"] / CARD_MARKDOWN_NAME).write_text("half a card", encoding="utf-8")
    paths = write_card(pipeline["model_dir"], pipeline["eval_dir"], pipeline["out"])
    verify_manifest(pipeline["model_dir"])
    assert paths.artefact_markdown.read_text().startswith("---\n")


def test_a_tampered_artefact_gets_no_card(pipeline: dict[str, Path]) -> None:
    target = pipeline["model_dir"] / "calibration.json"
    target.write_text(target.read_text().replace("2.0", "0.5"), encoding="utf-8")
    before = (pipeline["model_dir"] / "manifest.json").read_bytes()
    with pytest.raises(ArtifactIntegrityError, match=r"calibration\.json"):
        write_card(pipeline["model_dir"], pipeline["eval_dir"], pipeline["out"])
    assert (pipeline["model_dir"] / "manifest.json").read_bytes() == before  # not re-blessed
    assert not (pipeline["model_dir"] / CARD_MARKDOWN_NAME).exists()
    assert not pipeline["out"].exists()


def test_a_failing_card_writes_nothing(pipeline: dict[str, Path], tmp_path: Path) -> None:
    deployer = tmp_path / "deployer.yaml"
    deployer.write_text("atrs:\n  organisation: TBD\n  team: <team name>\n", encoding="utf-8")
    before = read_manifest(pipeline["model_dir"])
    with pytest.raises(CardValidationError) as info:
        write_card(pipeline["model_dir"], pipeline["eval_dir"], pipeline["out"], deployer=deployer)
    fields = {issue.field for issue in info.value.report.errors}
    assert fields == {"atrs.organisation", "atrs.team"}
    assert read_manifest(pipeline["model_dir"]) == before
    assert not pipeline["out"].exists()
    assert not (pipeline["model_dir"] / CARD_MARKDOWN_NAME).exists()


# ---- the command line ----------------------------------------------------------------------
def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


def test_cli_writes_the_card(pipeline: dict[str, Path], capsys) -> None:
    code, err = run_cli(
        ["card", "--model", str(pipeline["model_dir"]), "--eval", str(pipeline["eval_dir"]),
         "--out", str(pipeline["out"]), "--redaction", str(pipeline["redaction"]),
         "--data-card", str(pipeline["data_dir"] / "data_card.md")],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert (pipeline["out"] / CARD_MARKDOWN_NAME).is_file()
    assert (pipeline["out"] / CARD_HTML_NAME).is_file()
    assert "ATRS field(s) are marked for the deploying organisation" in err
    assert "organisation" in err
    verify_manifest(pipeline["model_dir"])


def test_cli_strict_fails_listing_the_deployer_fields(pipeline: dict[str, Path], capsys) -> None:
    code, err = run_cli(
        ["card", "--model", str(pipeline["model_dir"]), "--eval", str(pipeline["eval_dir"]),
         "--out", str(pipeline["out"]), "--strict"],
        capsys,
    )  # fmt: skip
    assert code == 2
    assert "error: atrs.organisation: Organisation or department" in err
    assert "error: atrs.impact_assessments" in err
    assert not pipeline["out"].exists()


def test_cli_fails_on_an_evaluation_of_another_model(
    pipeline: dict[str, Path], tmp_path: Path, capsys
) -> None:
    other = tmp_path / "other-eval"
    shutil.copytree(pipeline["eval_dir"], other)
    data = json.loads((other / "eval.json").read_text())
    data["data"]["description"]["model_version"] = "sha256:000000000000"
    (other / "eval.json").write_text(json.dumps(data))
    code, err = run_cli(
        ["card", "--model", str(pipeline["model_dir"]), "--eval", str(other),
         "--out", str(pipeline["out"])],
        capsys,
    )  # fmt: skip
    assert code == 2
    assert "error: inputs: evaluation: eval.json evaluated model sha256:000000000000" in err


def test_cli_reports_a_missing_evaluation(pipeline: dict[str, Path], tmp_path: Path, capsys):
    code, err = run_cli(
        ["card", "--model", str(pipeline["model_dir"]), "--eval", str(tmp_path / "nothing"),
         "--out", str(pipeline["out"])],
        capsys,
    )  # fmt: skip
    assert code == 2
    assert "no eval.json" in err and "referral-nlp evaluate" in err


@pytest.mark.parametrize("passed", [True, False])
def test_the_int8_check_is_reported_as_a_caveat(pipeline: dict[str, Path], passed: bool) -> None:
    from referral_nlp.modeling.quantization import write_int8_fidelity

    model_dir = pipeline["model_dir"]
    sha = read_manifest(model_dir)["files"]["model.safetensors"]["sha256"]
    per_label = {"max_abs_diff": 0.0123, "band_agreement": 0.975, "flag_agreement": 0.993}
    write_int8_fidelity(
        model_dir,
        {"model_sha256": sha, "passed": passed, "n_cases": 684, "labels": {"a": per_label}},
    )
    paths = write_card(
        model_dir, pipeline["eval_dir"], pipeline["out"], redaction_json=pipeline["redaction"]
    )
    text = " ".join(paths.markdown.read_text(encoding="utf-8").split())
    assert (
        "on 684 held-out cases the int8 CPU encoder moved calibrated probabilities by at "
        "most 0.012 and agreed with this model on at least 97.5% of bands and 99.3% of flags"
        in text
    )
    assert ("may serve it in int8" in text) == passed
    assert ("scores this model in float32" in text) == (not passed)
    verify_manifest(model_dir)
