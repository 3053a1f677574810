"""``referral-nlp predict``: the output contract, redaction first, bad input, the default model."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from eval_cases import PII_LINE, build_artifact, make_toy_records

import referral_nlp.redaction
from referral_nlp.cli import main
from referral_nlp.decision.bands import BANDS, bands_from_artifact
from referral_nlp.modeling.default_model import MODEL_DIR_ENV
from referral_nlp.modeling.scoring import coerce_case

LABEL_KEYS = ("re_referral", "escalation")


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, tokenizer, tiny_encoder_config) -> Path:
    directory = tmp_path_factory.mktemp("predict-model") / "model"
    return build_artifact(directory, tokenizer, tiny_encoder_config, make_toy_records(60))


@pytest.fixture(autouse=True)
def shared_redactor(monkeypatch, redactor):
    """The session's Redactor instead of a new one per run (loading spaCy takes seconds)."""
    monkeypatch.setattr(referral_nlp.redaction, "Redactor", lambda *a, **k: redactor)


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def cases(n: int = 4) -> list[dict]:
    out = []
    for r in make_toy_records(n, seed=9):
        case = {k: v for k, v in r.items() if not k.startswith(("oracle", "re_ref", "escal"))}
        out.append(case)
    return out


def test_output_lines_follow_the_contract(model_dir, tmp_path):
    from referral_nlp.modeling.predict import RiskPredictor

    src = write_jsonl(tmp_path / "in.jsonl", cases(5))
    out = tmp_path / "out.jsonl"
    assert (
        main(
            [
                "predict",
                "--model",
                str(model_dir),
                "--input",
                str(src),
                "--output",
                str(out),
                "--no-progress",
            ]
        )
        == 0
    )
    rows = read_jsonl(out)
    version = RiskPredictor(model_dir).model_version
    bands = bands_from_artifact(model_dir)
    assert [r["id"] for r in rows] == [c["id"] for c in cases(5)]
    for row in rows:
        assert set(row) == {"id", *LABEL_KEYS, "model_version"}
        assert row["model_version"] == version and version.startswith("sha256:")
        for key, label in zip(LABEL_KEYS, ("re_referral_12m", "escalation_12m"), strict=True):
            # the file contract's {probability, band}, plus what the API answers beside them
            assert set(row[key]) == {"probability", "band", "band_description", "flagged"}
            p = row[key]["probability"]
            assert 0.0 <= p <= 1.0
            assert row[key]["band"] in BANDS
            assert row[key]["band"] == bands[label].band(p)
            high = bands[label].high
            assert row[key]["flagged"] is (high is not None and p >= high)
            assert isinstance(row[key]["band_description"], str) and row[key]["band_description"]


def test_probability_is_the_calibrated_one(model_dir, tmp_path):
    from referral_nlp.modeling.predict import RiskPredictor

    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "No current concerns."}])
    out = tmp_path / "out.jsonl"
    assert (
        main(["predict", "--model", str(model_dir), "--input", str(src), "--output", str(out)]) == 0
    )
    got = read_jsonl(out)[0]["re_referral"]["probability"]
    expected = RiskPredictor(model_dir).predict([{"id": "a", "text": "No current concerns."}])[0]
    assert expected["re_referral_12m"]["calibrated"] is True
    assert got == pytest.approx(expected["re_referral_12m"]["probability"], abs=1e-4)
    assert got != pytest.approx(expected["re_referral_12m"]["raw_probability"], abs=1e-4)


def test_only_id_and_text_is_enough(model_dir, tmp_path):
    src = write_jsonl(
        tmp_path / "in.jsonl", [{"id": 1, "text": "DA incident, third PPN this month."}]
    )
    out = tmp_path / "out.jsonl"
    assert (
        main(["predict", "--model", str(model_dir), "--input", str(src), "--output", str(out)]) == 0
    )
    assert read_jsonl(out)[0]["id"] == 1


def test_wrong_types_are_unknown_with_a_warning_naming_field_and_line(model_dir, tmp_path, caplog):
    rows = [
        {"id": "a", "text": "Note.", "child_age": 7},
        {
            "id": "b",
            "text": "Note.",
            "child_age": "Sarah JONES",
            "disability": [1],
            "ethnicity": "martian",
            "assessment_factors": "neglect;unheard_of",
        },
    ]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    with caplog.at_level(logging.WARNING):
        assert (
            main(["predict", "--model", str(model_dir), "--input", str(src), "--output", str(out)])
            == 0
        )
    assert len(read_jsonl(out)) == 2
    assert "line 2: field 'child_age'" in caplog.text
    assert "line 2: field 'disability'" in caplog.text
    assert "ethnicity" not in caplog.text  # an unknown code is just unknown
    assert "JONES" not in caplog.text  # the value is never quoted


def test_models_see_redacted_text_only(model_dir, tmp_path, monkeypatch):
    from referral_nlp.modeling.predict import RiskPredictor

    seen = []
    original = RiskPredictor.predict_logits

    def spy(self, records):
        seen.extend(r["text"] for r in records)
        return original(self, records)

    monkeypatch.setattr(RiskPredictor, "predict_logits", spy)
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": f"DA incident. {PII_LINE}"}])
    assert (
        main(
            [
                "predict",
                "--model",
                str(model_dir),
                "--input",
                str(src),
                "--output",
                str(tmp_path / "o.jsonl"),
            ]
        )
        == 0
    )
    assert seen and not any("JONES" in t or "900123" in t for t in seen)


def _fails(argv: list[str], capsys) -> str:
    assert main(argv) == 2
    return capsys.readouterr().err


def test_malformed_line_exits_2_naming_the_line_and_writes_nothing(model_dir, tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "a", "text": "ok"}\n{"id": "b", "text": "Sarah JONES\n', encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    err = _fails(
        ["predict", "--model", str(model_dir), "--input", str(src), "--output", str(out)], capsys
    )
    assert f"{src}, line 2" in err and "malformed JSON" in err
    assert "JONES" not in err and "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".out.jsonl*"))


@pytest.mark.parametrize(
    ("row", "field"),
    [({"text": "x"}, "'id'"), ({"id": "a"}, "'text'"), ({"id": "a", "text": 3}, "'text'")],
)
def test_missing_id_or_text_exits_2_naming_line_and_field(model_dir, tmp_path, capsys, row, field):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "ok", "text": "fine"}, row])
    out = tmp_path / "out.jsonl"
    err = _fails(
        ["predict", "--model", str(model_dir), "--input", str(src), "--output", str(out)], capsys
    )
    assert "line 2" in err and field in err
    assert not out.exists()


def test_redaction_failure_fails_closed(model_dir, tmp_path, capsys, monkeypatch):
    from referral_nlp.redaction import RedactionError

    class Broken:
        def redact_many(self, texts, **kwargs):
            raise RedactionError("redaction failed (ValueError); no output")

    monkeypatch.setattr(referral_nlp.redaction, "Redactor", lambda *a, **k: Broken())
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Sarah JONES"}])
    out = tmp_path / "out.jsonl"
    err = _fails(
        ["predict", "--model", str(model_dir), "--input", str(src), "--output", str(out)], capsys
    )
    assert "redaction failed" in err and "JONES" not in err
    assert not out.exists()


def test_default_model_is_used_without_model_flag(model_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(MODEL_DIR_ENV, str(model_dir))
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Note."}])
    out = tmp_path / "out.jsonl"
    assert main(["predict", "--input", str(src), "--output", str(out)]) == 0
    assert read_jsonl(out)[0]["model_version"].startswith("sha256:")


def test_missing_default_model_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(MODEL_DIR_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Note."}])
    out = tmp_path / "out.jsonl"
    err = _fails(["predict", "--input", str(src), "--output", str(out)], capsys)
    assert "no default model" in err and "referral-nlp promote" in err and "--model" in err
    assert not out.exists()


def test_model_without_operating_points_is_refused(
    tmp_path, tokenizer, tiny_encoder_config, capsys
):
    model = build_artifact(
        tmp_path / "m", tokenizer, tiny_encoder_config, make_toy_records(30), operating_points=False
    )
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Note."}])
    out = tmp_path / "out.jsonl"
    err = _fails(
        ["predict", "--model", str(model), "--input", str(src), "--output", str(out)], capsys
    )
    assert "operating_points.json" in err and not out.exists()


def test_non_jsonl_output_is_refused_before_any_work(model_dir, tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Note."}])
    err = _fails(
        [
            "predict",
            "--model",
            str(model_dir),
            "--input",
            str(src),
            "--output",
            str(tmp_path / "o.csv"),
        ],
        capsys,
    )
    assert ".jsonl" in err


def test_coerce_case_rules():
    case, problems = coerce_case(
        {
            "id": "x",
            "text": "t",
            "child_age": "7",
            "deprivation_decile": 11,
            "previous_cp_plan": "yes",
            "disability": "maybe",
            "primary_need": "n1",
            "child_sex": None,
            "referral_source": 5,
            "assessment_factors": ["Neglect", 3, "new_code"],
            "previous_referrals": 2.0,
        }
    )
    assert case["child_age"] == 7 and case["previous_referrals"] == 2
    assert case["deprivation_decile"] is None
    assert case["previous_cp_plan"] is True and case["disability"] is None
    assert case["primary_need"] == "N1" and case["child_sex"] is None
    assert case["referral_source"] is None
    assert case["assessment_factors"] == ["neglect", "new_code"]
    assert {f for f, _ in problems} == {
        "referral_source",
        "disability",
        "deprivation_decile",
        "assessment_factors",
    }
