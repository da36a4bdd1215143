"""Figures of two-player bargaining problems (matplotlib, imported only when drawing).

:func:`plot_problem` draws the feasible set (comprehensive, shaded down to the disagreement
point), its Pareto frontier, the outcomes of an outcome problem, the disagreement point and
every solution given, and writes a PNG or SVG atomically: into a temporary file in the target
directory, then :func:`os.replace`. No timestamps are embedded, so the same input gives the
same bytes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from negotiate.bargaining.problem import BargainingProblem, FeasibleKind
from negotiate.bargaining.solutions import BargainingSolution
from negotiate.errors import GameError

_FORMATS = {".png": "png", ".svg": "svg"}
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def plot_problem(
    problem: BargainingProblem,
    results: Sequence[BargainingSolution],
    path: str | os.PathLike[str],
) -> Path:
    """Draw ``problem`` and the ``results`` to ``path`` (``.png`` or ``.svg``).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    GameError
        For a problem that does not have two players, or another file extension.
    """
    target = Path(path)
    fmt = _FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise GameError(f"{target}: plots are written as .png or .svg, got {target.suffix!r}")
    if problem.n_players != 2:
        raise GameError(f"plots need a two-player problem, this one has {problem.n_players}")

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    d = problem.d
    front = np.asarray(problem.frontier_points(), dtype=float)
    with matplotlib.rc_context({"svg.hashsalt": "negotiate", "font.size": 9}):
        fig = Figure(figsize=(6, 5))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        lo = np.minimum(front.min(axis=0), d)
        hi = front.max(axis=0)
        pad = 0.05 * np.maximum(hi - lo, 1e-3 * np.maximum(np.abs(hi), 1.0))
        x0, y0 = lo - pad
        region = np.vstack([[x0, front[0, 1]], front, [front[-1, 0], y0], [x0, y0]])
        ax.fill(region[:, 0], region[:, 1], color="#dde8f3", label="feasible set", zorder=1)
        ax.plot(front[:, 0], front[:, 1], color="#1f4e79", lw=2, label="Pareto frontier", zorder=2)
        if problem.kind is FeasibleKind.OUTCOMES:
            pts = problem.points
            ax.scatter(pts[:, 0], pts[:, 1], s=14, color="#555555", label="outcomes", zorder=3)
            for label, (x, y) in zip(problem.labels, pts, strict=True):
                ax.annotate(label, (x, y), textcoords="offset points", xytext=(4, 4), fontsize=7)
        ax.axvline(d[0], color="#999999", lw=0.8, ls=":")
        ax.axhline(d[1], color="#999999", lw=0.8, ls=":")
        ax.scatter([d[0]], [d[1]], marker="x", s=60, color="black", label="disagreement", zorder=4)
        for k, sol in enumerate(results):
            tag = sol.concept.label + (" (empty)" if sol.is_empty else "")
            ax.scatter(
                [sol.payoffs[0]],
                [sol.payoffs[1]],
                marker=_MARKERS[k % len(_MARKERS)],
                s=50,
                zorder=5,
                label=tag,
            )
        ax.set_xlabel(f"{problem.players[0]} utility")
        ax.set_ylabel(f"{problem.players[1]} utility")
        ax.set_xlim(x0, hi[0] + pad[0])
        ax.set_ylim(y0, hi[1] + pad[1])
        if problem.title:
            ax.set_title(problem.title)
        ax.legend(loc="best", fontsize=7)
        fig.tight_layout()
        meta = {"Date": None} if fmt == "svg" else {"Software": None}
        fd, tmp = tempfile.mkstemp(prefix=".plot-", suffix=target.suffix, dir=target.parent or ".")
        try:
            with os.fdopen(fd, "wb") as fh:
                fig.savefig(fh, format=fmt, metadata=meta)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return target
