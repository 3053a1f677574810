"""Plain-language bands from operating points and base rates; the default model location."""

from __future__ import annotations

import json
import re

import pytest

from referral_nlp.decision.bands import (
    BAND_DESCRIPTIONS,
    BANDS,
    BandThresholds,
    band_for,
    bands_from_artifact,
    bands_from_operating_points,
    operating_points_to_json,
    thresholds_by_label,
)
from referral_nlp.modeling.default_model import (
    MODEL_DIR_ENV,
    ModelNotFoundError,
    default_model_dir,
    resolve_model_dir,
)


def test_band_rules_high_medium_low():
    th = BandThresholds(high=0.6, capacity=0.45, base_rate=0.3)
    assert th.band(0.6) == "high" and th.band(0.99) == "high"
    assert th.band(0.59) == "medium" and th.band(0.45) == "medium"
    assert th.band(0.31) == "medium"  # above the base rate
    assert th.band(0.3) == "low" and th.band(0.0) == "low"
    assert band_for(0.7, th) == "high"


def test_capacity_below_base_rate_still_counts_as_medium():
    th = BandThresholds(high=0.5, capacity=0.08, base_rate=0.1)
    assert th.band(0.09) == "medium" and th.band(0.07) == "low"


def test_band_words_are_short_and_do_not_decide():
    assert set(BAND_DESCRIPTIONS) == set(BANDS)
    for text in BAND_DESCRIPTIONS.values():
        assert len(text) < 60
        assert not re.search(r"\b(will|must|close|keep open|certain|definitely)\b", text.lower())


def _point(kind: str, threshold: float, reachable: bool = True) -> dict:
    return {"kind": kind, "threshold": threshold, "reachable": reachable}


def test_reads_the_written_format_and_other_shapes():
    written = operating_points_to_json(
        {
            "re_referral_12m": {
                "precision_65": _point("precision", 0.6),
                "top_10pct": _point("capacity", 0.4),
            }
        },
        {"re_referral_12m": 0.25},
    )
    th = bands_from_operating_points(written)["re_referral_12m"]
    assert (th.high, th.capacity, th.base_rate) == (0.6, 0.4, 0.25)

    flat = {
        "re_referral_12m": [
            {"name": "precision_65", "threshold": 0.7},
            {"name": "top_10pct", "threshold": 0.5},
        ],
        "prevalence": {"re_referral_12m": 0.2},
    }
    th = bands_from_operating_points(flat)["re_referral_12m"]
    assert (th.high, th.capacity, th.base_rate) == (0.7, 0.5, 0.2)


def test_the_card_reads_thresholds_through_the_same_reader():
    written = operating_points_to_json(
        {
            "escalation_12m": {
                "precision_65": _point("precision", 0.6),
                "top_10pct": _point("capacity", 0.4),
            }
        },
        {"escalation_12m": 0.1},
    )
    assert thresholds_by_label(written) == {
        "escalation_12m": {"precision_65": 0.6, "top_10pct": 0.4}
    }
    flat = {"escalation_12m": [{"name": "top_5pct", "threshold": 0.3}, {"name": "bad"}]}
    assert thresholds_by_label(flat) == {"escalation_12m": {"top_5pct": 0.3}}
    with pytest.raises(ValueError, match="expected a JSON object"):
        thresholds_by_label([0.3])


def test_unreachable_precision_target_falls_back_to_capacity():
    data = {
        "labels": {
            "escalation_12m": {
                "precision_65": _point("precision", 0.2, reachable=False),
                "top_10pct": _point("capacity", 0.3),
                "base_rate": 0.08,
            }
        }
    }
    th = bands_from_operating_points(data)["escalation_12m"]
    assert th.high == 0.3 and "not reachable" in th.source
    assert th.band(0.25) == "medium"  # the unreachable 0.2 cut does not make it "high"


def test_nothing_to_band_against_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="no label has a usable threshold"):
        bands_from_operating_points({"labels": {"re_referral_12m": {}}})
    with pytest.raises(ValueError, match=r"no operating_points\.json"):
        bands_from_artifact(tmp_path)
    (tmp_path / "operating_points.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        bands_from_artifact(tmp_path)
    with pytest.raises(ValueError, match="probability"):
        BandThresholds(high=1.5, capacity=None, base_rate=None)


def test_bands_from_artifact_reads_the_file(tmp_path):
    payload = operating_points_to_json({"re_referral_12m": {"p": _point("precision", 0.5)}})
    (tmp_path / "operating_points.json").write_text(json.dumps(payload), encoding="utf-8")
    assert bands_from_artifact(tmp_path)["re_referral_12m"].high == 0.5


# ---- default model location --------------------------------------------------------------------
def test_default_model_dir_env_then_cwd(tmp_path, monkeypatch):
    monkeypatch.delenv(MODEL_DIR_ENV, raising=False)
    assert default_model_dir(tmp_path) == tmp_path / ".referral-nlp" / "models" / "default"
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path / "elsewhere"))
    assert default_model_dir(tmp_path) == tmp_path / "elsewhere"


def test_missing_default_model_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.delenv(MODEL_DIR_ENV, raising=False)
    with pytest.raises(ModelNotFoundError) as info:
        resolve_model_dir(None, cwd=tmp_path)
    message = str(info.value)
    assert "no default model" in message
    assert "main job" in message and "referral-nlp promote" in message
    assert isinstance(info.value, ValueError)  # one line and exit 2 in the CLI


def test_explicit_model_dir_must_be_an_artefact(tmp_path):
    with pytest.raises(ModelNotFoundError, match="no such model directory"):
        resolve_model_dir(tmp_path / "missing")
    with pytest.raises(ModelNotFoundError, match="not a referral-nlp model artefact"):
        resolve_model_dir(tmp_path)
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    assert resolve_model_dir(tmp_path) == tmp_path
