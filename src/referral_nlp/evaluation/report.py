"""The classification evaluation report: ``eval.json`` and its plots.

One call, :meth:`EvaluationReport.build`, runs the whole protocol for every model and label:

1. fit a calibrator on the **validation** split (:func:`~.calibration.fit_best_calibrator`);
2. choose the operating points on calibrated **validation** scores: a precision target (65% by
   default) and a capacity (top 10% by default);
3. on the **test** split: AUROC, average precision, Brier and ECE with bootstrap intervals,
   before and after calibration (cluster bootstrap by family when ``clusters`` is given); the
   confusion counts at each operating point;
4. fairness per model on calibrated test scores (:func:`~.fairness.fairness_analysis`):
   outcome-rate differences between groups (reported, never flagged), calibration within each
   group and, with an oracle model (``oracle_model``), each group's error against the true
   risks and its TPR/FPR gaps beyond the oracle's; flags only where an interval clears its
   tolerance after a Holm correction over all of the model's comparisons.

Nothing is fitted or chosen on test. :meth:`EvaluationReport.write` writes the plots and then
``eval.json`` (atomically, last, so a present ``eval.json`` means a complete report).

``eval.json`` (``schema_version`` 2: version 2 changed the fairness section); every float
that is undefined is ``null``::

    {
      "schema_version": 2,
      "settings": {precision_target, capacity_fraction, tolerance, calibration_tolerance,
                   n_boot, alpha, seed, n_bins, ece_strategy, ece_target, calibration_method,
                   min_group_size, min_class_size, min_precision_support},
      "versions": {referral_nlp, python, numpy, scipy, scikit-learn, matplotlib},
      "data": {"labels": [...], "models": [...], "group_attributes": [...],
               "description": {...},
               "validation": {"n", "prevalence": {label: rate}, "oracle_mean": {...}},
               "test": {"n", "n_clusters" (null without clusters), "prevalence": {...},
                        "oracle_mean": {label: mean true risk} (only with an oracle)}},
      "models": {model: {label: {
          "calibration": {"method", "params" (calibrator to_dict), "cross_fitted_validation":
                          {method: {"ece", "brier"}}, "rule"},
          "metrics": {"uncalibrated" | "calibrated":
                      {"auroc" | "average_precision" | "brier" | "ece": {"value","low","high"}}},
          "ece_target": {"target", "calibrated_ece", "met"}}}},
      "operating_points": {model: {label: {point_name: {
          "validation": {name, kind, target, threshold, precision, recall, flag_rate,
                         n_flagged, n, reachable, note},
          "test": {n, tp, fp, fn, tn, precision, recall, tpr, fpr, flag_rate}}}}},
      "fairness": {model: FairnessResult.to_dict()}   (layout in :mod:`.fairness_results`),
      "flags": [{"model", "label", "kind": "calibration" (test ECE over target) |
                 "operating_point" (target unreachable, or ties left capacity short) |
                 "fairness" (a flagged group),
                 "operating_point" (or null), "attribute" (or null), "group" (or null),
                 "message"}],
      "plots": {"roc" | "pr": {label: path}, "calibration" | "fairness_calibration" |
                "fairness_error_rates": {model: {label: path}}}
                (paths relative to eval.json; empty until written)
    }

Plots (``plots/`` beside eval.json): ``roc_<label>.png`` and ``pr_<label>.png`` (every model,
calibrated test scores), ``calibration_<model>_<label>.png`` (reliability before/after),
``fairness_calibration_<model>_<label>.png`` (per group: recorded rate with its interval
beside the mean prediction and true risk, and recorded minus predicted against the tolerance)
and ``fairness_error_rates_<model>_<label>.png`` (per-group TPR and FPR with intervals at each
operating point, beside the oracle's).

Only aggregates are stored: counts, rates and scores per model, label and group. Group names
are category codes (see :func:`~referral_nlp.data.groups.code_column`, which refuses id-like
attributes); cluster ids are only counted.
"""

from __future__ import annotations

import json
import logging
import platform
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from referral_nlp.classification_metrics import (
    MetricWithCI,
    binary_metrics,
    check_labels,
)
from referral_nlp.data.groups import code_column
from referral_nlp.decision.calibration import (
    CalibrationSelection,
    ScoreKind,
    fit_best_calibrator,
    to_probabilities,
)
from referral_nlp.decision.operating_points import (
    OperatingPoint,
    evaluate_at_threshold,
    threshold_for_capacity,
    threshold_for_precision,
)
from referral_nlp.errors import UserError
from referral_nlp.evaluation.fairness import fairness_by_model
from referral_nlp.evaluation.settings import EvaluationSettings
from referral_nlp.io import atomic_writer
from referral_nlp.io import to_jsonable as _jsonable

logger = logging.getLogger(__name__)

__all__ = [
    "EVAL_SCHEMA_VERSION",
    "EvaluationReport",
    "SplitPredictions",
    "read_eval_json",
]

EVAL_SCHEMA_VERSION = 2


@dataclass(frozen=True)
class SplitPredictions:
    """One split's labels, every model's scores, and (for test) groups and cluster ids.

    ``labels``: ``{label: 0/1 array}``. ``scores``: ``{model: {label: array}}`` — probabilities,
    or logits for a model listed as ``"logit"`` in ``score_kinds`` of
    :meth:`EvaluationReport.build`. ``groups``: ``{attribute: category codes}`` (used on test;
    None for a column the data lacks, reported as not recorded).
    ``clusters``: e.g. ``family_id`` per case, for the cluster bootstrap (used on test).
    """

    labels: Mapping[str, npt.ArrayLike]
    scores: Mapping[str, Mapping[str, npt.ArrayLike]]
    groups: Mapping[str, npt.ArrayLike | None] = field(default_factory=dict)
    clusters: npt.ArrayLike | None = None


@dataclass
class _Curves:
    """Arrays kept in memory for the plots (never serialised)."""

    y_test: np.ndarray
    raw: np.ndarray
    calibrated: np.ndarray


@dataclass(frozen=True)
class ShippedDecision:
    """A model's own decision support, used as shipped instead of being refitted.

    The model an artefact ships is evaluated with **its** calibration and **its** operating
    points (both fitted on validation when it was trained), so the report describes exactly
    what a reviewer sees; only models built at evaluation time (the baselines) are calibrated
    and thresholded here. ``calibrators``: ``{label: calibrator}`` with ``transform`` and
    ``to_dict``; ``points``: ``{label: [OperatingPoint, ...]}``.
    """

    calibrators: Mapping[str, Any]
    points: Mapping[str, Sequence[OperatingPoint]]
    source: str = "shipped with the model artefact (fitted on validation at training)"


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "unnamed"


def _versions() -> dict[str, str | None]:
    """Versions of what produced the numbers (``None`` for a package that is not installed)."""
    out: dict[str, str | None] = {"python": platform.python_version()}
    for key, dist in (
        ("referral_nlp", "referral-nlp"),
        ("numpy", "numpy"),
        ("scipy", "scipy"),
        ("scikit-learn", "scikit-learn"),
        ("matplotlib", "matplotlib"),
    ):
        try:
            out[key] = version(dist)
        except PackageNotFoundError:
            out[key] = None
    return out


def _check_split(
    split: SplitPredictions,
    which: str,
    labels: list[str],
    models: list[str],
) -> tuple[dict[str, np.ndarray], int]:
    ys = {}
    for label in labels:
        if label not in split.labels:
            raise ValueError(
                f"{which}: expected labels for {label!r}, got only {sorted(split.labels)}."
            )
        ys[label] = check_labels(split.labels[label], f"{which} labels[{label!r}]")
    sizes = {y.size for y in ys.values()}
    if len(sizes) != 1:
        raise ValueError(
            f"{which}: expected every label array to have one entry per case, got "
            f"lengths {sorted(sizes)}."
        )
    n = sizes.pop()
    for model in models:
        if model not in split.scores:
            raise ValueError(
                f"{which}: expected scores for model {model!r}, got models {sorted(split.scores)}."
            )
        for label in labels:
            if label not in split.scores[model]:
                raise ValueError(
                    f"{which}: expected scores of model {model!r} for label "
                    f"{label!r}, got {sorted(split.scores[model])}."
                )
            size = np.asarray(split.scores[model][label]).size
            if size != n:
                raise ValueError(
                    f"{which}: scores of {model!r} for {label!r}: expected {n} "
                    f"values (one per case), got {size}."
                )
    return ys, n


class EvaluationReport:
    """The evaluation of several models on several labels; see the module doc for eval.json."""

    def __init__(
        self,
        data: dict[str, Any],
        curves: dict[str, dict[str, _Curves]] | None = None,
    ) -> None:
        self._data = data
        self._curves = curves or {}

    def add_section(self, name: str, content: Mapping[str, Any]) -> None:
        """Add a top-level section to eval.json (e.g. ``directional``); no personal data."""
        if name in self._data:
            raise ValueError(f"section {name!r}: eval.json already has it.")
        self._data[name] = _jsonable(dict(content))

    # ---- building -------------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        validation: SplitPredictions,
        test: SplitPredictions,
        settings: EvaluationSettings | None = None,
        *,
        score_kinds: Mapping[str, ScoreKind] | None = None,
        description: Mapping[str, str | int | float | bool] | None = None,
        shipped: Mapping[str, ShippedDecision] | None = None,
        compare: tuple[str, Sequence[str]] | None = None,
        oracle_model: str | None = None,
    ) -> EvaluationReport:
        """Run the protocol (module doc). Models and labels are those of ``test.scores``.

        ``score_kinds`` maps a model to ``"logit"`` when its scores are logits (default
        probabilities). ``description`` is free metadata for ``data.description`` (e.g.
        ``{"dataset": "synthetic", "generator_seed": 7}``): it must hold no personal data.
        ``shipped`` maps a model to its own calibration and operating points
        (:class:`ShippedDecision`), used instead of fitting them here. ``compare`` is
        ``(model, baselines)``: the model's calibrated test scores are compared with the
        strongest of those baselines by a paired family bootstrap
        (:func:`~referral_nlp.evaluation.comparison.compare_to_best`), under ``comparison``.
        ``oracle_model`` names the model whose test scores are the true probabilities (the
        synthetic generator's oracle): the fairness analysis measures every model's per-group
        errors against them. A group column given as None is reported as not recorded.
        """
        settings = settings or EvaluationSettings()
        score_kinds = dict(score_kinds or {})
        models = list(test.scores)
        if not models:
            raise ValueError("test.scores: expected at least one model, got none.")
        labels = list(test.labels)
        if not labels:
            raise ValueError("test.labels: expected at least one label, got none.")
        y_val, n_val = _check_split(validation, "validation", labels, models)
        y_test, n_test = _check_split(test, "test", labels, models)
        if oracle_model is not None and oracle_model not in models:
            raise ValueError(
                f"oracle_model: expected one of the models {models}, got {oracle_model!r}."
            )
        groups = {a: None if v is None else code_column(v, a) for a, v in test.groups.items()}
        for attribute, codes in groups.items():
            if codes is not None and codes.size != n_test:
                raise ValueError(
                    f"test.groups[{attribute!r}]: expected {n_test} codes (one per "
                    f"case), got {codes.size}."
                )
        clusters = None
        if test.clusters is not None:
            clusters = np.asarray(test.clusters)
            if clusters.shape != (n_test,):
                raise ValueError(
                    f"test.clusters: expected {n_test} ids (one per case), got "
                    f"shape {clusters.shape}."
                )

        data: dict[str, Any] = {
            "schema_version": EVAL_SCHEMA_VERSION,
            "settings": settings.to_dict(),
            "versions": _versions(),
            "data": {
                "labels": labels,
                "models": models,
                "group_attributes": list(groups),
                "description": dict(description or {}),
                "validation": {
                    "n": n_val,
                    "prevalence": {lb: float(y_val[lb].mean()) for lb in labels},
                },
                "test": {
                    "n": n_test,
                    "n_clusters": None if clusters is None else int(np.unique(clusters).size),
                    "prevalence": {lb: float(y_test[lb].mean()) for lb in labels},
                },
            },
            "models": {},
            "operating_points": {},
            "fairness": {},
            "flags": [],
            "plots": {},
        }
        if oracle_model is not None:
            # The rate each split's true risks predict. A blend or calibration fitted on
            # validation matches its recorded rate, so a gap between the two splits'
            # recorded-minus-true differences reaches those test scores (eval.md says how much).
            kind = score_kinds.get(oracle_model, "probability")
            for name, split in (("validation", validation), ("test", test)):
                data["data"][name]["oracle_mean"] = {
                    lb: float(np.mean(to_probabilities(split.scores[oracle_model][lb], kind)))
                    for lb in labels
                }
        curves: dict[str, dict[str, _Curves]] = {}
        for model in models:
            kind = score_kinds.get(model, "probability")
            for label in labels:
                logger.info("Evaluating %s on %s.", model, label)
                entry, ops, flags, curve = _evaluate_one(
                    model,
                    label,
                    y_val[label],
                    validation.scores[model][label],
                    y_test[label],
                    test.scores[model][label],
                    kind,
                    clusters,
                    settings,
                    (shipped or {}).get(model),
                )
                data["models"].setdefault(model, {})[label] = entry
                data["operating_points"].setdefault(model, {})[label] = ops
                data["flags"].extend(flags)
                curves.setdefault(model, {})[label] = curve
        if groups:
            oracle = None
            if oracle_model is not None:
                kind = score_kinds.get(oracle_model, "probability")
                oracle = {
                    lb: to_probabilities(test.scores[oracle_model][lb], kind) for lb in labels
                }
            results = fairness_by_model(
                y_test,
                {m: {lb: curves[m][lb].calibrated for lb in labels} for m in models},
                groups,
                {
                    m: {
                        lb: {pt: v["validation"]["threshold"] for pt, v in ops.items()}
                        for lb, ops in data["operating_points"][m].items()
                    }
                    for m in models
                },
                oracle_model=oracle_model,
                oracle=oracle,
                clusters=clusters,
                settings=settings.fairness_settings(),
            )
            for model, fair in results.items():
                data["fairness"][model] = fair.to_dict()
                data["flags"].extend(fair.report_flags(model))
        if compare is not None:
            from referral_nlp.evaluation.comparison import compare_to_best

            target, rivals = compare
            data["comparison"] = {
                label: compare_to_best(
                    np.asarray(y_test[label]),
                    curves[target][label].calibrated,
                    {name: curves[name][label].calibrated for name in rivals if name in curves},
                    clusters=clusters,
                    model_name=target,
                    n_boot=settings.n_boot,
                    alpha=settings.alpha,
                    seed=settings.seed,
                )
                for label in labels
            }
        return cls(_jsonable(data), curves)

    # ---- access and output ----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The eval.json content (a deep copy)."""
        return json.loads(self.to_json())

    def to_json(self) -> str:
        """eval.json text: indented, NaN-free (``allow_nan=False``), keys in build order."""
        return json.dumps(self._data, indent=2, allow_nan=False, ensure_ascii=False) + "\n"

    @property
    def flags(self) -> list[dict[str, Any]]:
        """Every flag raised (calibration target missed, precision unreachable, fairness)."""
        return [dict(f) for f in self._data["flags"]]

    @classmethod
    def from_json(cls, text: str) -> EvaluationReport:
        """A report read back from eval.json text (no arrays: it cannot redraw the curves)."""
        data = json.loads(text)
        _check_schema(data)
        return cls(data)

    def write(self, outdir: str | Path, *, plots: bool = True) -> Path:
        """Write ``plots/*.png`` (when the arrays are in memory) and then ``eval.json``.

        Returns the path of eval.json. Plot paths are recorded relative to ``outdir``.
        """
        outdir = Path(outdir)
        if plots and self._curves:
            self._data["plots"] = self._write_plots(outdir)
        elif plots:
            logger.warning("Report read from JSON: no arrays in memory, so no plots redrawn.")
        path = outdir / "eval.json"
        with atomic_writer(path) as fh:
            fh.write(self.to_json())
        logger.info("Wrote %s.", path)
        return path

    def _write_plots(self, outdir: Path) -> dict[str, Any]:
        from referral_nlp.evaluation.plots import (
            plot_calibration,
            plot_group_calibration,
            plot_group_error_rates,
            plot_pr,
            plot_roc,
        )

        settings = self._data["settings"]
        kinds = ("roc", "pr", "calibration", "fairness_calibration", "fairness_error_rates")
        plots: dict[str, Any] = {kind: {} for kind in kinds}
        rel = Path("plots")
        for label in self._data["data"]["labels"]:
            models = [m for m in self._curves if label in self._curves[m]]
            y = self._curves[models[0]][label].y_test
            calibrated = {m: self._curves[m][label].calibrated for m in models}
            name = f"roc_{_slug(label)}.png"
            plot_roc(y, calibrated, outdir / rel / name, title=f"ROC, {label} (test)")
            plots["roc"][label] = str(rel / name)
            name = f"pr_{_slug(label)}.png"
            plot_pr(
                y,
                calibrated,
                outdir / rel / name,
                title=f"Precision-recall, {label} (test)",
                precision_target=settings["precision_target"],
            )
            plots["pr"][label] = str(rel / name)
            for model in models:
                curve = self._curves[model][label]
                name = f"calibration_{_slug(model)}_{_slug(label)}.png"
                plot_calibration(
                    curve.y_test,
                    {"before": curve.raw, "after": curve.calibrated},
                    outdir / rel / name,
                    n_bins=settings["n_bins"],
                    strategy=settings["ece_strategy"],
                    title=f"Reliability, {model}, {label} (test)",
                )
                plots["calibration"].setdefault(model, {})[label] = str(rel / name)
                block = ((self._data["fairness"].get(model) or {}).get("labels") or {}).get(label)
                if not block or not any(a["groups"] for a in block["attributes"].values()):
                    continue
                name = f"fairness_calibration_{_slug(model)}_{_slug(label)}.png"
                plot_group_calibration(
                    block,
                    outdir / rel / name,
                    tolerance=settings["calibration_tolerance"],
                    title=f"Calibration within each group: {model}, {label} (test)",
                )
                plots["fairness_calibration"].setdefault(model, {})[label] = str(rel / name)
                name = f"fairness_error_rates_{_slug(model)}_{_slug(label)}.png"
                plot_group_error_rates(
                    block,
                    outdir / rel / name,
                    title=f"Error rates per group: {model}, {label} (test)",
                )
                plots["fairness_error_rates"].setdefault(model, {})[label] = str(rel / name)
        return plots


def _check_schema(data: Any) -> None:
    if not isinstance(data, dict) or data.get("schema_version") != EVAL_SCHEMA_VERSION:
        got = data.get("schema_version") if isinstance(data, dict) else type(data).__name__
        raise UserError(f"eval.json: expected schema_version {EVAL_SCHEMA_VERSION}, got {got!r}.")
    missing = [
        k
        for k in (
            "settings",
            "versions",
            "data",
            "models",
            "operating_points",
            "fairness",
            "flags",
            "plots",
        )
        if k not in data
    ]
    if missing:
        raise UserError(f"eval.json: missing section(s) {missing}.")


def read_eval_json(path: str | Path) -> dict[str, Any]:
    """eval.json as a dict, after checking its schema version and sections."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{path}: no such file.") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}).") from None
    _check_schema(data)
    return data


def _metrics_dict(metrics: Mapping[str, MetricWithCI]) -> dict[str, Any]:
    return {name: m.to_dict() for name, m in metrics.items()}


def _evaluate_one(
    model: str,
    label: str,
    y_val: np.ndarray,
    s_val: npt.ArrayLike,
    y_test: np.ndarray,
    s_test: npt.ArrayLike,
    kind: ScoreKind,
    clusters: np.ndarray | None,
    st: EvaluationSettings,
    shipped: ShippedDecision | None = None,
) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]], _Curves]:
    where = f"{model} / {label}"
    if shipped is not None and label in shipped.calibrators:
        calibrator = shipped.calibrators[label]
        params = calibrator.to_dict()
        calibration = {"method": params.get("method"), "params": params, "source": shipped.source}
    else:
        selection: CalibrationSelection = fit_best_calibrator(
            y_val, s_val, st.calibration_method, kind=kind, n_bins=st.n_bins, seed=st.seed
        )
        calibrator = selection.calibrator
        calibration = selection.to_dict()
    p_val = calibrator.transform(s_val)
    p_raw = to_probabilities(s_test, kind)
    p_cal = calibrator.transform(s_test)

    boot = {
        "n_bins": st.n_bins,
        "strategy": st.ece_strategy,
        "n_boot": st.n_boot,
        "alpha": st.alpha,
        "seed": st.seed,
        "groups": clusters,
    }
    raw_metrics = binary_metrics(y_test, p_raw, **boot)
    cal_metrics = binary_metrics(y_test, p_cal, **boot)
    cal_ece = cal_metrics["ece"].value
    flags: list[dict[str, Any]] = []

    def flag(
        kind_: str,
        message: str,
        point: str | None = None,
        attribute: str | None = None,
        group: str | None = None,
    ) -> None:
        flags.append(
            {
                "model": model,
                "label": label,
                "kind": kind_,
                "operating_point": point,
                "attribute": attribute,
                "group": group,
                "message": message,
            }
        )

    met = bool(cal_ece <= st.ece_target)
    if not met:
        flag(
            "calibration",
            f"calibrated test ECE {cal_ece:.3f} is above the target {st.ece_target:g}",
        )
        logger.warning(
            "%s: calibrated test ECE %.3f above the target %g.", where, cal_ece, st.ece_target
        )
    entry = {
        "calibration": calibration,
        "metrics": {
            "uncalibrated": _metrics_dict(raw_metrics),
            "calibrated": _metrics_dict(cal_metrics),
        },
        "ece_target": {"target": st.ece_target, "calibrated_ece": cal_ece, "met": met},
    }

    if shipped is not None and label in shipped.points:
        points = list(shipped.points[label])
    else:
        points = [
            threshold_for_precision(
                y_val, p_val, st.precision_target, min_support=st.min_precision_support
            ),
            threshold_for_capacity(p_val, st.capacity_fraction, y=y_val),
        ]
    ops: dict[str, Any] = {}
    for point in points:
        if point.note:  # target unreachable, or ties left a capacity short
            flag("operating_point", point.note, point.name)
        ops[point.name] = {
            "validation": point.to_dict(),
            "test": evaluate_at_threshold(y_test, p_cal, point.threshold),
        }
    return entry, ops, flags, _Curves(y_test, p_raw, p_cal)
