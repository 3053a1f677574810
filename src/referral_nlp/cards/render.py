"""Render a card's content as Markdown (with Hugging Face metadata) and as standalone HTML.

Both come from the packaged Jinja2 templates ``templates/model_card.md.j2`` and
``templates/model_card.html.j2`` (loaded with :class:`jinja2.PackageLoader`, so they ship in
the wheel). :func:`render_markdown` starts with Hugging Face model-card YAML front matter
whose ``model-index`` holds the real test metrics; :func:`render_html` is one self-contained
file: minimal accessible CSS (landmarks, a skip link, captioned tables with header scopes,
alt text on every figure, readable contrast) and the evaluation plots embedded as base64
``data:image/png`` URIs, so it can be mailed to an ethics board or served as is.

HTML output is autoescaped; Markdown table cells are escaped (``|``, ``<``, line breaks), so a
value from a deployer file cannot break the layout or inject markup.
"""

from __future__ import annotations

import base64
import html
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from referral_nlp.cards.atrs import DEPLOYER_MARKER
from referral_nlp.cards.content import MetricCI, ModelCardData
from referral_nlp.cards.formatting import fmt_num, fmt_pct
from referral_nlp.cards.wording import ATTRIBUTE_DISPLAY

logger = logging.getLogger(__name__)

__all__ = [
    "SECTIONS",
    "front_matter",
    "render_html",
    "render_markdown",
]

#: The card's sections, in order (Mitchell et al., then the data-ethics self-assessment and the
#: ATRS record). Both renderings use exactly these headings.
SECTIONS: tuple[str, ...] = (
    "Model details",
    "Intended use",
    "Out-of-scope uses",
    "Factors",
    "Metrics",
    "Evaluation data",
    "Training data",
    "Quantitative analyses",
    "Redaction performance",
    "Ethical considerations",
    "Caveats and recommendations",
    "Data-ethics self-assessment",
    "Algorithmic Transparency Recording Standard (ATRS) record",
)
METRIC_NAMES = {
    "auroc": "AUROC",
    "average_precision": "average precision",
    "brier": "Brier score",
    "ece": "ECE",
}
_HF_METRIC_TYPES = {
    "auroc": "roc_auc",
    "average_precision": "average_precision",
    "brier": "brier_score",
    "ece": "expected_calibration_error",
}


# ---- filters ------------------------------------------------------------------------------------
def _cell(value: Any) -> str:
    """Text safe inside a Markdown table cell or paragraph."""
    text = "" if value is None else str(value)
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace("\r", " ")
        .replace("\n", " ")
    )


def _ci(metric: Any, digits: int = 3) -> str:
    return metric.text(digits) if isinstance(metric, MetricCI) else fmt_num(metric, digits)


def _signed(value: Any, digits: int = 3) -> str:
    return "n/a" if value is None else f"{float(value):+.{digits}f}"


def _attribute(name: str) -> str:
    return ATTRIBUTE_DISPLAY.get(name, name)


def _interval(pair: Any) -> str:
    if not pair:
        return "n/a"
    return f"{fmt_num(pair[0])} to {fmt_num(pair[1])}"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("referral_nlp.cards", "templates"),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html.j2",), default_for_string=False, default=False
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        num=fmt_num,
        pct=fmt_pct,
        ci=_ci,
        cell=_cell,
        signed=_signed,
        attribute=_attribute,
        interval=_interval,
    )
    env.globals.update(
        SECTIONS=SECTIONS,
        METRIC_NAMES=METRIC_NAMES,
        DEPLOYER_MARKER=DEPLOYER_MARKER,
    )
    return env


# ---- Hugging Face metadata ----------------------------------------------------------------------
def front_matter(data: ModelCardData) -> dict[str, Any]:
    """The card's Hugging Face metadata: tags, base model and a model-index of test metrics."""
    synthetic = data.training_data.synthetic
    dataset_type = "synthetic-referrals" if synthetic else "case-records"
    dataset_name = (
        "Synthetic children's social care referrals"
        if synthetic
        else "Children's social care case records"
    )
    conf = data.evaluation.confidence
    results = []
    for label in data.labels:
        metrics = []
        for key, hf_type in _HF_METRIC_TYPES.items():
            m = label.calibrated.get(key)
            if m is None or m.value is None:
                continue
            name = f"{METRIC_NAMES[key]} (calibrated, test)"
            if m.low is not None and m.high is not None:
                name += f", {conf}% CI {m.low:.3f} to {m.high:.3f}"
            metrics.append(
                {"type": hf_type, "value": round(m.value, 4), "name": name, "verified": False}
            )
        for p in label.operating_points:
            for key, value, ci in (
                ("precision", p.precision, p.precision_ci),
                ("recall", p.recall, p.recall_ci),
            ):
                if value is None:
                    continue
                name = f"{key} at {p.name} (threshold {fmt_num(p.threshold)}, test)"
                if ci:
                    name += f", {conf}% CI {ci[0]:.3f} to {ci[1]:.3f}"
                metrics.append(
                    {"type": key, "value": round(value, 4), "name": name, "verified": False}
                )
        results.append(
            {
                "task": {"type": "text-classification", "name": f"{label.title} ({label.name})"},
                "dataset": {
                    "type": dataset_type,
                    "name": f"{dataset_name} (test split)",
                    "split": "test",
                },
                "metrics": metrics,
            }
        )
    tags = [
        "children-social-care",
        "risk-prediction",
        "decision-support",
        "calibrated",
        "fairness-evaluated",
        "model-card",
        "atrs",
    ]
    if synthetic:
        tags.append("synthetic-data")
    meta: dict[str, Any] = {
        "language": ["en"],
        "library_name": "referral-nlp",
        "pipeline_tag": "text-classification",
        "tags": tags,
    }
    if data.model.base_model_id:
        meta["base_model"] = data.model.base_model_id
    meta["model-index"] = [
        {"name": data.model.name or "referral-nlp risk model", "results": results}
    ]
    return meta


def _front_matter_text(data: ModelCardData) -> str:
    return yaml.safe_dump(
        front_matter(data), sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )


# ---- rendering ----------------------------------------------------------------------------------
def render_markdown(data: ModelCardData) -> str:
    """The card as Markdown with Hugging Face YAML front matter."""
    template = _environment().get_template("model_card.md.j2")
    return template.render(d=data, front_matter=_front_matter_text(data))


def _data_uri(path: str | Path) -> str | None:
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return None
    if not raw.startswith(b"\x89PNG\r\n\x1a\n"):
        logger.warning("Plot %s is not a PNG; left out of the HTML card.", Path(path).name)
        return None
    return "data:image/png;base64," + base64.b64encode(raw).decode("ascii")


def _markdown_to_html(text: str) -> str:
    """A Markdown document (the data card) as HTML, raw HTML in it escaped."""
    try:
        from markdown_it import MarkdownIt
    except ImportError:  # pragma: no cover - markdown-it-py comes with rich
        return f"<pre>{html.escape(text)}</pre>"
    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def render_html(data: ModelCardData) -> str:
    """The card as one standalone HTML page with the plots embedded."""
    figures = []
    for plot in data.plots:
        uri = _data_uri(plot.path)
        if uri is not None:
            figures.append({"title": plot.title, "alt": plot.alt, "uri": uri})
    data_card_html = (
        Markup(_markdown_to_html(data.training_data.data_card_markdown))
        if data.training_data.data_card_markdown
        else None
    )
    template = _environment().get_template("model_card.html.j2")
    return template.render(
        d=data,
        figures=figures,
        data_card_html=data_card_html,
        front_matter=_front_matter_text(data),
    )
