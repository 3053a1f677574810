"""PNG plots of the evaluation, for the report and the model card.

A governance reviewer would rather look at a reliability diagram than read twelve ECE values,
so each view of :mod:`referral_nlp.evaluation.report` has a plot: ROC and precision-recall
curves (several models on one set of axes, e.g. transformer vs baselines vs the generator's
oracle), a reliability diagram before and after calibration, and per-group forest plots of
calibration and of error rates with their intervals (drawn from eval.json's fairness section,
so a card can be redrawn from the JSON alone).

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

from referral_nlp.classification_metrics import (
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

__all__ = [
    "plot_calibration",
    "plot_group_calibration",
    "plot_group_error_rates",
    "plot_pr",
    "plot_roc",
]

_DPI = 120


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


# ---- fairness: per-group forest plots --------------------------------------------------------
_VERDICT_COLOURS = {"flagged": "tab:red", "inconclusive": "tab:orange"}


def _group_rows(label_block: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """``(row label, group entry)`` for every group of every recorded attribute, in order."""
    rows = []
    for attribute, block in (label_block.get("attributes") or {}).items():
        for code, group in (block.get("groups") or {}).items():
            rows.append((f"{attribute}: {code} (n={group.get('n')})", group))
    if not rows:
        raise ValueError("label_block: expected at least one group with results, got none.")
    return rows


# Room for row labels such as "deprivation_quintile: Q5 (least deprived) (n=64)".
_LEFT = 3.3


def _judged(group: Mapping[str, Any]) -> bool:
    return not str(group.get("status", "")).startswith("not enough data")


def _stat(group: Mapping[str, Any], name: str, interval: bool = True) -> tuple[float, float, float]:
    """``(value, low, high)`` of a group's estimate; no interval when ``interval`` is False
    (a group with too little data: its huge interval would only squash the other rows)."""
    est = (group.get("stats") or {}).get(name) or {}
    keys = ("value", "low", "high") if interval else ("value",)
    out = [math.nan if est.get(k) is None else float(est[k]) for k in keys]
    return (*out, *([math.nan] * (3 - len(out))))  # type: ignore[return-value]


def _verdict_of(group: Mapping[str, Any], kind: str, point: str | None = None) -> str:
    for c in group.get("comparisons") or ():
        if c.get("kind") == kind and c.get("operating_point") == point:
            return str(c.get("verdict"))
    return ""


def _forest(
    ax: Any, y: int, value: float, low: float = math.nan, high: float = math.nan, **style: Any
) -> None:
    """A dot at ``value`` on row ``y``, with its interval as a line when there is one."""
    if math.isnan(value):
        return
    if not (math.isnan(low) or math.isnan(high)):
        ax.plot([low, high], [y, y], color=style.get("color", "black"), lw=1.4)
    ax.plot([value], [y], linestyle="none", **style)


def _rows_axes(ax: Any, names: Sequence[str]) -> None:
    ax.set_yticks(range(len(names)), names, fontsize="small")
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.grid(axis="x", alpha=0.3)


def plot_group_calibration(
    label_block: Mapping[str, Any],
    path: str | Path,
    *,
    tolerance: float,
    title: str = "Calibration within each group",
) -> Path:
    """Calibration per group, from one label of eval.json's fairness section.

    Left: the recorded outcome rate with its interval (dot), the mean predicted probability
    (diamond) and, with an oracle, the mean true risk (cross): differences between rows are
    differences in need and are not flags. Right: recorded minus predicted with its interval
    against the shaded tolerance; red when flagged, orange when inconclusive, grey rows have
    too little data.
    """
    rows = _group_rows(label_block)
    names = [name for name, _ in rows]
    height = 0.26 * len(rows) + 1.8
    fig = _figure(
        12.0,
        height,
        1,
        2,
        adjust={"left": _LEFT / 12.0, "wspace": 0.08, "top": 1 - 0.7 / height,
                "bottom": 1.1 / height},
    )  # fmt: skip
    left, right = fig.axes
    right.sharey(left)
    oracle = any(_stat(g, "true_risk")[0] == _stat(g, "true_risk")[0] for _, g in rows)
    for y, (_, group) in enumerate(rows):
        judged = _judged(group)
        colour = _VERDICT_COLOURS.get(_verdict_of(group, "calibration"), "black")
        colour = colour if judged else "0.6"
        _forest(left, y, *_stat(group, "outcome_rate", judged), marker="o", color=colour, ms=5)
        predicted = _stat(group, "mean_predicted")[0]
        _forest(left, y, predicted, marker="D", color="tab:blue", ms=5, mfc="none")
        if oracle:
            _forest(left, y, _stat(group, "true_risk")[0], marker="x", color="tab:green", ms=6)
        _forest(right, y, *_stat(group, "calibration", judged), marker="o", color=colour, ms=5)
    _rows_axes(left, names)
    left.set_xlabel("rate")
    handles = [
        left.plot([], [], "o", color="black", label="recorded rate (interval)")[0],
        left.plot([], [], "D", color="tab:blue", mfc="none", label="mean predicted")[0],
    ]
    if oracle:
        handles.append(left.plot([], [], "x", color="tab:green", label="true risk (oracle)")[0])
    fig.legend(handles=handles, fontsize="small", loc="lower center", ncol=len(handles))
    right.axvspan(-tolerance, tolerance, color="tab:green", alpha=0.12, lw=0)
    right.axvline(0, color="0.4", lw=0.8)
    right.tick_params(labelleft=False)
    right.grid(axis="x", alpha=0.3)
    right.set_xlabel(f"recorded - predicted (shaded: tolerance +-{tolerance:g})")
    fig.suptitle(f"{title}\nred: flagged; orange: inconclusive; grey: not enough data",
                 fontsize="medium")  # fmt: skip
    return _save(fig, path)


def plot_group_error_rates(
    label_block: Mapping[str, Any],
    path: str | Path,
    *,
    title: str = "Error rates per group",
) -> Path:
    """TPR and FPR per group at every operating point, from eval.json's fairness section.

    The model's rate with its interval (dot) and, with an oracle, the rate of the oracle
    flagging as many cases (open circle): the gap between groups that the base rates alone
    produce. A row is red when its gap beyond the oracle's is flagged, orange when inconclusive.
    """
    rows = _group_rows(label_block)
    names = [name for name, _ in rows]
    points = list(label_block.get("operating_points") or {})
    if not points:
        raise ValueError("label_block: expected at least one operating point, got none.")
    height = (0.26 * len(rows) + 0.9) * len(points) + 1.0
    fig = _figure(
        12.0,
        height,
        len(points),
        2,
        adjust={"left": _LEFT / 12.0, "wspace": 0.08, "hspace": 0.9 / height * len(points),
                "top": 1 - 1.0 / height, "bottom": 0.9 / height},
    )  # fmt: skip
    axes = np.array(fig.axes).reshape(len(points), 2)
    highest = {"tpr": 1.0, "fpr": 0.0}
    for row, point in enumerate(points):
        for col, key in enumerate(("tpr", "fpr")):
            ax = axes[row, col]
            for y, (_, group) in enumerate(rows):
                verdict = _verdict_of(group, f"{key}_excess", point)
                judged = _judged(group)
                colour = _VERDICT_COLOURS.get(verdict, "black") if judged else "0.6"
                rate = _stat(group, f"{key}|{point}", judged)
                _forest(ax, y, *rate, marker="o", color=colour, ms=5)
                if judged:  # a rate with no cases to count is NaN, and has no extent
                    highest[key] = max([highest[key], *(v for v in rate if not math.isnan(v))])
                oracle = _stat(group, f"oracle_{key}|{point}")[0]
                _forest(ax, y, oracle, marker="o", color="tab:green", ms=6, mfc="none")
            _rows_axes(ax, names)
            if col:
                ax.tick_params(labelleft=False)
            ax.set_title(f"{key.upper()} at {point}", fontsize="medium")
    for ax in axes.ravel():  # FPRs are small: a scale of 0-1 would squash them
        top = 1.02 if ax in axes[:, 0] else min(1.02, 1.15 * highest["fpr"] + 0.02)
        ax.set_xlim(-0.02 * top, top)
    fig.legend(
        handles=[
            axes[0, 0].plot([], [], "o", color="black", label="model (interval)")[0],
            axes[0, 0].plot([], [], "o", color="tab:green", mfc="none",
                            label="true risks flagging as many cases")[0],
        ],
        fontsize="small",
        loc="lower center",
        ncol=2,
    )  # fmt: skip
    fig.suptitle(f"{title}\nred: gap beyond the oracle's flagged; orange: inconclusive",
                 fontsize="medium")  # fmt: skip
    return _save(fig, path)
