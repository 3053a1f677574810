"""PNG plots of the evaluation, for the report and the model card.

A governance reviewer would rather look at a reliability diagram than read twelve ECE values,
so each view of :mod:`referral_nlp.evaluation.report` has a plot: ROC and precision-recall
curves (several models on one set of axes, e.g. transformer vs baselines vs the generator's
oracle), a reliability diagram before and after calibration, and per-group bars.

matplotlib is imported inside each function (importing the evaluation package stays cheap) and
drawn through its object-oriented API on an Agg canvas: no pyplot, no global backend switch,
so a notebook or GUI host keeps its own backend and concurrent calls do not share a figure.
Files are written atomically; each function returns the path written.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from referral_nlp.evaluation.classification_metrics import (
    BinStrategy,
    _auroc,
    _average_precision,
    _ece,
    check_pair,
    reliability_table,
)
from referral_nlp.io import atomic_writer

if TYPE_CHECKING:
    from matplotlib.figure import Figure

logger = logging.getLogger(__name__)

__all__ = ["plot_calibration", "plot_group_bars", "plot_pr", "plot_roc"]

_DPI = 120
GROUP_METRIC_LABELS: dict[str, str] = {
    "tpr": "TPR",
    "fpr": "FPR",
    "flag_rate": "flag rate",
    "precision": "precision",
    "observed_rate": "observed",
    "prevalence": "observed",
    "mean_predicted": "predicted",
    "calibration_in_the_large": "observed - predicted",
    "calibration_gap": "calibration gap vs rest",
    "auroc": "AUROC",
    "ece": "ECE",
}
# Default panels: error rates at the operating point, and calibration-in-the-large shown as
# observed next to predicted (easier to read than their difference).
DEFAULT_GROUP_PANELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("TPR and FPR", ("tpr", "fpr")),
    ("observed vs predicted rate", ("observed_rate", "mean_predicted")),
)


def _figure(
    width: float,
    height: float,
    nrows: int = 1,
    ncols: int = 1,
    adjust: Mapping[str, float] | None = None,
    **kw: Any,
) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # Fixed margins rather than constrained layout: the layout engine triples the drawing time
    # of a grid of small axes, and these figures have a known shape.
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    fig.subplots(nrows, ncols, squeeze=False, **kw)
    margins = {
        "left": 0.7 / width,
        "right": 1 - 0.2 / width,
        "top": 1 - 0.45 / height,
        "bottom": 0.55 / height,
    }
    fig.subplots_adjust(**{**margins, **(adjust or {})})
    return fig


def _save(fig: Figure, path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise ValueError(f"path: expected a .png file name, got {path.name!r}.")
    with atomic_writer(path, "wb") as fh:
        fig.savefig(fh, format="png", dpi=_DPI)
    logger.info("Wrote plot %s.", path)
    return path


def _checked_scores(
    y: npt.ArrayLike, scores: Mapping[str, npt.ArrayLike]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    if not scores:
        raise ValueError("scores: expected at least one model's probabilities, got none.")
    checked = {name: check_pair(y, p) for name, p in scores.items()}
    y_checked = next(iter(checked.values()))[0]
    return y_checked, {name: p for name, (_, p) in checked.items()}


def plot_roc(
    y: npt.ArrayLike,
    scores: Mapping[str, npt.ArrayLike],
    path: str | Path,
    *,
    title: str = "ROC curve",
) -> Path:
    """ROC curves of several models on the same labels ``y``; legend gives each AUROC."""
    from sklearn.metrics import roc_curve

    ya, probs = _checked_scores(y, scores)
    fig = _figure(5.5, 5.0)
    ax = fig.axes[0]
    single_class = ya.min() == ya.max()
    for name, p in probs.items():
        if single_class:
            break
        fpr, tpr, _ = roc_curve(ya, p)
        ax.plot(fpr, tpr, label=f"{name} (AUROC {_auroc(ya, p):.3f})")
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey", label="chance")
    ax.set(
        xlabel="false-positive rate",
        ylabel="true-positive rate (recall)",
        title=title,
        xlim=(0, 1),
        ylim=(0, 1.01),
    )
    ax.legend(loc="lower right", fontsize="small")
    return _save(fig, path)


def plot_pr(
    y: npt.ArrayLike,
    scores: Mapping[str, npt.ArrayLike],
    path: str | Path,
    *,
    title: str = "Precision-recall curve",
    precision_target: float | None = None,
) -> Path:
    """Precision-recall curves of several models; the prevalence line is a no-skill model."""
    from sklearn.metrics import precision_recall_curve

    ya, probs = _checked_scores(y, scores)
    fig = _figure(5.5, 5.0)
    ax = fig.axes[0]
    if ya.max() == 1:
        for name, p in probs.items():
            precision, recall, _ = precision_recall_curve(ya, p)
            ax.step(
                recall,
                precision,
                where="post",
                label=f"{name} (AP {_average_precision(ya, p):.3f})",
            )
    ax.axhline(float(ya.mean()), linestyle=":", color="grey", label=f"prevalence {ya.mean():.3f}")
    if precision_target is not None:
        ax.axhline(
            precision_target,
            linestyle="--",
            color="black",
            linewidth=0.8,
            label=f"precision target {precision_target:.0%}",
        )
    ax.set(xlabel="recall", ylabel="precision", title=title, xlim=(0, 1), ylim=(0, 1.01))
    ax.legend(loc="upper right", fontsize="small")
    return _save(fig, path)


def plot_calibration(
    y: npt.ArrayLike,
    probabilities: Mapping[str, npt.ArrayLike],
    path: str | Path,
    *,
    n_bins: int = 15,
    strategy: BinStrategy = "uniform",
    title: str = "Reliability diagram",
) -> Path:
    """Reliability diagram of each series (e.g. ``{"before": p_raw, "after": p_cal}``).

    The top panel plots the observed rate against the mean predicted probability per bin (the
    bins of the ECE; legend gives each ECE); the bottom panel shows how the predictions spread.
    """
    ya, probs = _checked_scores(y, probabilities)
    fig = _figure(
        5.5,
        6.5,
        2,
        1,
        adjust={"hspace": 0.08},
        sharex=True,
        gridspec_kw={"height_ratios": [3, 1]},
    )
    top, bottom = fig.axes
    top.plot([0, 1], [0, 1], linestyle=":", color="grey", label="perfectly calibrated")
    for name, p in probs.items():
        mean_p, rate, _ = reliability_table(ya, p, n_bins, strategy)
        top.plot(
            mean_p,
            rate,
            marker="o",
            markersize=3,
            label=f"{name} (ECE {_ece(ya, p, n_bins, strategy):.3f})",
        )
        bottom.hist(p, bins=np.linspace(0, 1, 41), histtype="step", label=name)
    top.set(ylabel="observed rate", title=title, xlim=(0, 1), ylim=(0, 1.01))
    top.legend(loc="upper left", fontsize="small")
    bottom.set(xlabel="predicted probability", ylabel="cases")
    return _save(fig, path)


def _value(entry: Mapping[str, Any], key: str) -> float:
    v = entry.get(key)
    return math.nan if v is None else float(v)


def plot_group_bars(
    groups: Mapping[str, Mapping[str, Mapping[str, Any]]],
    path: str | Path,
    *,
    panels: Sequence[tuple[str, Sequence[str]]] = DEFAULT_GROUP_PANELS,
    title: str = "Per-group results",
) -> Path:
    """Grouped bars per group: one row per attribute, one column per panel.

    ``groups`` is ``{attribute: {group: {metric: value, ...}}}`` — e.g. the ``groups`` of
    eval.json's fairness section, so a card can be redrawn from the JSON alone. ``panels`` are
    ``(title, metric keys)``; each key is one bar per group. A group with ``flagged: true`` has
    hatched bars and a red label marked ``*``; ``judged: false`` (too small to judge) is pale.
    """
    if not groups:
        raise ValueError("groups: expected at least one attribute, got none.")
    panels = list(panels)
    if not panels or any(not keys for _, keys in panels):
        raise ValueError("panels: expected (title, metric keys) pairs with at least one key.")
    width, height = 4.2 * len(panels) + 0.6, 2.5 * len(groups) + 0.6
    fig = _figure(
        width,
        height,
        len(groups),
        len(panels),
        adjust={"top": 1 - 0.95 / height, "bottom": 0.75 / height, "hspace": 0.8, "wspace": 0.2},
    )
    axes = np.array(fig.axes).reshape(len(groups), len(panels))
    for row, (attribute, per_group) in enumerate(groups.items()):
        names = list(per_group)
        x = np.arange(len(names))
        for col, (panel_title, keys) in enumerate(panels):
            ax = axes[row, col]
            width_bar = 0.8 / len(keys)
            for k, key in enumerate(keys):
                values = np.nan_to_num([_value(per_group[g], key) for g in names])
                bars = ax.bar(
                    x - 0.4 + width_bar * (k + 0.5),
                    values,
                    width_bar,
                    color=f"C{k}",
                    label=GROUP_METRIC_LABELS.get(key, key),
                )
                for bar, g in zip(bars, names, strict=True):
                    if per_group[g].get("flagged"):
                        bar.set_hatch("//")
                        bar.set_edgecolor("tab:red")
                    elif per_group[g].get("judged") is False:
                        bar.set_alpha(0.35)
            labels = [f"{g} *" if per_group[g].get("flagged") else g for g in names]
            ax.set_xticks(x, labels, rotation=30, ha="right", fontsize="small")
            for tick, g in zip(ax.get_xticklabels(), names, strict=True):
                if per_group[g].get("flagged"):
                    tick.set_color("tab:red")
            ax.set_title(f"{attribute}: {panel_title}", fontsize="medium")
            if row == 0:
                ax.legend(fontsize="x-small", loc="upper right")
    fig.suptitle(f"{title}\n* hatched: flagged; pale: too small to judge", fontsize="medium")
    return _save(fig, path)
