r"""Comparative statics for the command line: sweeps of one parameter, regime maps of two,
their reports (text, markdown, JSON, CSV) and plots.

Signatures (the supports of every equilibrium, :func:`negotiate.sweep.equilibrium_signature`)
are computed for many parameter values at once by :func:`signatures`: one
:meth:`~negotiate.spec.GameSpec.payoff_batch` and one
:func:`~negotiate.solvers.batched.batched_equilibria` for two-player games up to 3x3, a solve
per value otherwise. :func:`many_classifier` spreads that work over a backend of
:mod:`negotiate.distributed` (local processes, a Dask cluster) in fixed chunks whose results
are concatenated in order, so the answer does not depend on the backend or its workers.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from negotiate.distributed import SERIAL, Backend, map_chunks
from negotiate.errors import GameError
from negotiate.model import NormalFormGame, SolveResult
from negotiate.notebook import Notebook
from negotiate.numeric import format_number
from negotiate.render import (
    Block,
    Heading,
    Table,
    equilibria_json,
    heading,
    mixed_text,
    regime_interval,
    render_blocks,
    rounded,
    table,
    to_json,
    topology_label,
)
from negotiate.spec import GameSpec
from negotiate.sweep import (
    BATCHED_MAX_STRATEGIES,
    ManyClassifier,
    Signature,
    SweepResult,
    batch_signatures,
    equilibrium_signature,
)

#: Values per chunk handed to one process.
CHUNK = 2048


def batchable(spec: GameSpec) -> bool:
    """Whether the batched solver handles ``spec`` (two players, at most 3x3)."""
    return len(spec.players) == 2 and max(spec.shape) <= BATCHED_MAX_STRATEGIES


def signatures(
    spec: GameSpec, values: Mapping[str, np.ndarray], fixed: Mapping[str, float]
) -> list[Signature]:
    """Equilibrium signature at each of ``k`` points (``values``: arrays of length ``k``)."""
    k = len(next(iter(values.values())))
    if k == 0:
        return []
    if batchable(spec):
        from negotiate.solvers.batched import batched_equilibria

        u = spec.payoff_batch({**fixed, **values})
        u = np.broadcast_to(u, (k, *u.shape[-3:]))
        return batch_signatures(batched_equilibria(u), (spec.shape[0], spec.shape[1]))
    from negotiate.equilibria import solve

    out = []
    for j in range(k):
        point = {**fixed, **{name: float(v[j]) for name, v in values.items()}}
        out.append(equilibrium_signature(solve(spec.instantiate(point))))
    return out


def _chunk_signatures(args: tuple) -> list[Signature]:
    spec, values, fixed = args
    return signatures(spec, values, fixed)


def many_classifier(
    spec: GameSpec,
    parameter: str,
    fixed: Mapping[str, float],
    backend: Backend = SERIAL,
) -> ManyClassifier:
    """``values -> signatures`` for the sweep of ``parameter``, on ``backend``."""
    evaluate = point_classifier(spec, fixed, backend)

    def classify_many(ts: np.ndarray) -> list[Signature]:
        return evaluate({parameter: np.asarray(ts, dtype=float).ravel()})

    return classify_many


def point_classifier(
    spec: GameSpec, fixed: Mapping[str, float], backend: Backend = SERIAL
) -> Callable[[Mapping[str, np.ndarray]], list[Signature]]:
    """Signatures at many points, in chunks of :data:`CHUNK` spread over ``backend``."""
    fixed = dict(fixed)

    def evaluate(values: Mapping[str, np.ndarray]) -> list[Signature]:
        k = len(next(iter(values.values())))
        if not backend.parallel or k <= CHUNK // 4:
            return signatures(spec, values, fixed)
        size = CHUNK if batchable(spec) else max(1, CHUNK // 64)
        tasks = (
            (spec, {n: v[s : s + size] for n, v in values.items()}, fixed)
            for s in range(0, k, size)
        )
        out: list[Signature] = []
        for part in map_chunks(_chunk_signatures, tasks, backend):
            out += part
        return out

    return evaluate


# --- two parameters -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class RegimeMap(Notebook):
    """Regime of each grid point of two parameters.

    ``ids[j2, j1]`` numbers the regime at ``(x[j1], y[j2])``; regimes are numbered from 0 in
    the order they first appear (``y`` outer, ``x`` inner); ``results[r]`` solves the first
    point of regime ``r``. ``title`` is the game's title.
    """

    x_name: str
    y_name: str
    x: np.ndarray
    y: np.ndarray
    ids: np.ndarray
    signatures: tuple[Signature, ...]
    results: tuple[SolveResult, ...]
    fixed: Mapping[str, float]
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain data: exactly ``negotiate sweep --format json`` with two parameters.

        Returns
        -------
        dict
            ``{"game", "x": {"parameter", "values"}, "y": {...}, "fixed", "regimes": [{"id",
            "equilibria", "class", "points"}], "map"}``; ``map[j2][j1]`` is the regime ``id``
            (from 1) at ``(x[j1], y[j2])``. Schema: ``schema/sweep-output.schema.json``.
        """
        return {
            "game": self.title,
            "x": {"parameter": self.x_name, "values": [rounded(v) for v in self.x]},
            "y": {"parameter": self.y_name, "values": [rounded(v) for v in self.y]},
            "fixed": {k: rounded(v) for k, v in sorted(self.fixed.items())},
            "regimes": [
                {
                    "id": k + 1,
                    "equilibria": equilibria_json(res),
                    "class": topology_label(res),
                    "points": int((self.ids == k).sum()),
                }
                for k, res in enumerate(self.results)
            ],
            "map": (self.ids + 1).tolist(),
        }

    def _blocks(self) -> list[Block]:
        return map_blocks(self)

    def _repr_markdown_(self) -> str:
        """Markdown, with the map in a code block so that its columns line up."""
        return render_blocks(map_blocks(self, fence=True), "markdown")


def regime_map(
    spec: GameSpec,
    x: tuple[str, float, float, int],
    y: tuple[str, float, float, int],
    fixed: Mapping[str, float],
    evaluate: Callable[[Mapping[str, np.ndarray]], list[Signature]] | None = None,
) -> RegimeMap:
    """Signatures on the grid of two parameters, and one solved game per regime."""
    from negotiate.equilibria import solve

    if x[0] == y[0]:
        raise GameError(f"sweep two different parameters, not {x[0]!r} twice")
    xs = np.linspace(x[1], x[2], x[3])
    ys = np.linspace(y[1], y[2], y[3])
    gx, gy = np.meshgrid(xs, ys)
    evaluate = evaluate or point_classifier(spec, fixed)
    sigs = evaluate({x[0]: gx.ravel(), y[0]: gy.ravel()})
    number: dict[Signature, int] = {}
    ids = np.empty(len(sigs), dtype=int)
    firsts = []
    for k, s in enumerate(sigs):
        if s not in number:
            number[s] = len(number)
            firsts.append(k)
        ids[k] = number[s]
    results = tuple(
        solve(spec.instantiate({**fixed, x[0]: float(gx.flat[k]), y[0]: float(gy.flat[k])}))
        for k in firsts
    )
    return RegimeMap(
        x[0], y[0], xs, ys, ids.reshape(gx.shape), tuple(number), results, dict(fixed), spec.title
    )


# --- reports ------------------------------------------------------------------------------------


def equilibria_text(game: NormalFormGame, result: SolveResult) -> str:
    """``(Engage; Stall), (Engage 0.8, Pressure 0.2; Deal 0.5, Stall 0.5)``."""
    if not result.equilibria:
        return "none"
    return ", ".join(
        "(" + "; ".join(mixed_text(game, e, i, exact=True) for i in range(game.n_players)) + ")"
        for e in result.equilibria
    )


def _interval(result: SweepResult, k: int) -> str:
    regime = result.regimes[k]
    return regime_interval(
        regime.low.text(), regime.high.text(), k == 0, k == len(result.regimes) - 1
    )


def render_sweep(spec: GameSpec, result: SweepResult, fmt: str, values: int) -> str:
    """``negotiate sweep`` with one parameter."""
    if fmt == "json":
        return to_json(result.to_dict()) + "\n"
    name = result.parameter
    two_by_two = spec.shape == (2, 2)
    regime_rows = [
        [
            str(k + 1),
            _interval(result, k),
            equilibria_text(r.result.game, r.result),
            *([topology_label(r.result)] if two_by_two else []),
        ]
        for k, r in enumerate(result.regimes)
    ]
    threshold_rows = [
        [
            t.at.text(),
            "exact root" if t.analytic else "bisection",
            equilibria_text(t.result.game, t.result),
            *([topology_label(t.result)] if two_by_two else []),
        ]
        for t in result.thresholds
    ]
    cls = ["class"] if two_by_two else []
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["kind", "interval", "low", "high", "equilibria", *cls])
        for k, r in enumerate(result.regimes):
            row = regime_rows[k]
            writer.writerow(["regime", row[1], r.low.text(), r.high.text(), *row[2:]])
        for t, row in zip(result.thresholds, threshold_rows, strict=True):
            writer.writerow(["threshold", row[0], t.at.text(), t.at.text(), *row[2:]])
        return buf.getvalue()
    fixed = ", ".join(f"{k} = {format_number(v)}" for k, v in sorted(result.fixed.items()))
    how = (
        "exact (payoffs affine in the parameter; fractions are exact roots)"
        if result.affine
        else f"found by bisection to {1e-9:g} x the range"
    )
    parts = [
        heading(f"Sweep of {spec.title or spec.origin}", fmt),
        f"{name} from {format_number(result.low)} to {format_number(result.high)}, "
        f"{values} grid values; other parameters: {fixed or 'defaults'}.\nThresholds: {how}.",
        heading("Regimes", fmt, 2),
        table(["#", name, "equilibria", *cls], regime_rows, fmt),
    ]
    if threshold_rows:
        parts += [
            heading("Thresholds", fmt, 2),
            table([name, "found by", "equilibria there", *cls], threshold_rows, fmt),
        ]
    else:
        parts.append("No threshold: one regime over the whole range.")
    if two_by_two:
        parts.append(f"2x2 class: {class_description(spec, result, values)}.")
    notes = sorted({n for r in result.regimes for n in r.result.notes})
    parts += [f"Note: {n}" for n in notes]
    return "\n\n".join(parts) + "\n"


def class_description(spec: GameSpec, result: SweepResult, values: int) -> str:
    """Where along the sweep the 2x2 class changes, with exact change points where known."""
    from negotiate.numeric import format_fraction
    from negotiate.topology import classify_along

    along = classify_along(
        spec, result.parameter, np.linspace(result.low, result.high, values), result.fixed
    )
    exact = dict(zip(along.changes, along.exact, strict=True))

    def point(x: float) -> str:
        q = exact.get(x)
        return format_fraction(q) if q is not None else format_number(x)

    pieces = []
    for k, iv in enumerate(along.intervals):
        left = "[" if k == 0 else "("
        right = "]" if k == len(along.intervals) - 1 else ")"
        lo = format_number(iv.low) if k == 0 else point(iv.low)
        hi = format_number(iv.high) if k == len(along.intervals) - 1 else point(iv.high)
        pieces.append(f"{iv.label} for {result.parameter} in {left}{lo}, {hi}{right}")
    return "; ".join(pieces)


_SYMBOLS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def render_map(spec: GameSpec, rmap: RegimeMap, fmt: str) -> str:
    """``negotiate sweep`` with two parameters: a legend and the map."""
    if fmt == "json":
        return to_json(rmap.to_dict()) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow([rmap.x_name, rmap.y_name, "regime", "equilibria"])
        texts = [equilibria_text(r.game, r) for r in rmap.results]
        for j2, yv in enumerate(rmap.y):
            for j1, xv in enumerate(rmap.x):
                r = int(rmap.ids[j2, j1])
                writer.writerow([format_number(xv, 12), format_number(yv, 12), r + 1, texts[r]])
        return buf.getvalue()
    blocks = map_blocks(rmap, spec.title or spec.origin, fence=fmt == "markdown")
    return render_blocks(blocks, fmt)


def map_blocks(rmap: RegimeMap, title: str | None = None, fence: bool = False) -> list[Block]:
    """The blocks of a regime map: heading, grid, the regimes' legend and the map as text
    (in a markdown code block with ``fence``)."""
    two_by_two = bool(rmap.results) and rmap.results[0].game.shape == (2, 2)
    rows = [
        [
            _SYMBOLS[k] if k < len(_SYMBOLS) else "?",
            equilibria_text(r.game, r),
            *([topology_label(r)] if two_by_two else []),
            str(int((rmap.ids == k).sum())),
        ]
        for k, r in enumerate(rmap.results)
    ]
    cls = ["class at its first point"] if two_by_two else []
    lines = []
    for j2 in range(len(rmap.y) - 1, -1, -1):
        cells = "".join(_SYMBOLS[i] if i < len(_SYMBOLS) else "?" for i in rmap.ids[j2])
        lines.append(f"{format_number(rmap.y[j2]):>10} | {cells}")
    lines.append(f"{'':>10} +-{'-' * len(rmap.x)}")
    lines.append(
        f"{'':>10}   {rmap.x_name}: {format_number(rmap.x[0])} to {format_number(rmap.x[-1])}"
        f" (left to right); {rmap.y_name} bottom to top"
    )
    return [
        Heading(f"Regime map of {title or rmap.title or 'the game'}"),
        f"{rmap.x_name} x {rmap.y_name}, {len(rmap.x)} x {len(rmap.y)} grid values.",
        Heading("Regimes", 2),
        Table(["regime", "equilibria (at its first grid point)", *cls, "points"], rows),
        Heading("Map", 2),
        "```\n" + "\n".join(lines) + "\n```" if fence else "\n".join(lines),
    ]


# --- plots --------------------------------------------------------------------------------------


def _figure_target(path: str | os.PathLike) -> tuple[Path, str]:
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in {"png", "svg"}:
        raise GameError(f"{target}: plots are written as .png or .svg, not {target.suffix!r}")
    return target, fmt


def _save(fig: Any, target: Path, fmt: str) -> Path:
    from negotiate.atomic import write_with

    write_with(target, lambda fh: fig.savefig(fh, format=fmt, metadata=_metadata(fmt)))
    return target


def _metadata(fmt: str) -> dict[str, Any]:
    # No dates or software versions: the same plot gives the same file.
    return {"Date": None} if fmt == "svg" else {"Software": None}


def plot_sweep(
    spec: GameSpec, result: SweepResult, path: str | os.PathLike, points: int = 401
) -> Path:
    """Equilibrium probabilities and payoffs against the parameter, with regime bands.

    Every equilibrium at each of ``points`` values is drawn as a dot (several dots at one
    value where there are several equilibria); bands mark the regimes, dashed lines the
    thresholds.
    """
    target, fmt = _figure_target(path)
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    name = result.parameter
    ts = np.linspace(result.low, result.high, points if batchable(spec) else min(points, 101))
    rows = _equilibria_along(spec, name, ts, result.fixed)
    with matplotlib.rc_context({"svg.hashsalt": "negotiate", "font.size": 8}):
        fig = Figure(figsize=(7, 6))
        FigureCanvasAgg(fig)
        ax_p, ax_u = fig.subplots(2, 1, sharex=True)
        for ax in (ax_p, ax_u):
            for k, regime in enumerate(result.regimes):
                ax.axvspan(
                    regime.low.value, regime.high.value, color=("0.93", "0.85")[k % 2], zorder=0
                )
            for th in result.thresholds:
                ax.axvline(th.at.value, color="0.4", lw=0.8, ls="--", zorder=1)
        colours = matplotlib.colormaps["tab10"]
        c = 0
        for i, player in enumerate(spec.players):
            for s, strategy in enumerate(spec.strategies[i]):
                pts = [(t, prof[i][s]) for t, prof, _ in rows]
                if pts:
                    arr = np.array(pts)
                    ax_p.scatter(
                        arr[:, 0],
                        arr[:, 1],
                        s=4,
                        color=colours(c % 10),
                        label=f"{player}: {strategy}",
                    )
                c += 1
            pay = np.array([(t, u[i]) for t, _, u in rows]).reshape(-1, 2)
            ax_u.scatter(pay[:, 0], pay[:, 1], s=4, color=colours(i % 10), label=player)
        for th in result.thresholds:
            ax_p.annotate(
                th.at.text(), (th.at.value, 1.02), ha="center", fontsize=7, annotation_clip=False
            )
        ax_p.set_ylabel("equilibrium probability")
        ax_p.set_ylim(-0.05, 1.08)
        ax_u.set_ylabel("equilibrium payoff")
        ax_u.set_xlabel(name)
        ax_p.legend(fontsize=6, loc="center left", bbox_to_anchor=(1.0, 0.5))
        ax_u.legend(fontsize=6, loc="center left", bbox_to_anchor=(1.0, 0.5))
        ax_p.set_title(f"{spec.title or spec.origin}: equilibria along {name}")
        fig.tight_layout()
        return _save(fig, target, fmt)


def _equilibria_along(
    spec: GameSpec, name: str, ts: np.ndarray, fixed: Mapping[str, float]
) -> list[tuple[float, list[np.ndarray], np.ndarray]]:
    """``(t, profile, payoffs)`` for every equilibrium at every value."""
    out = []
    if batchable(spec):
        from negotiate.solvers.batched import batched_equilibria

        u = spec.payoff_batch({**fixed, name: ts})
        u = np.broadcast_to(u, (ts.size, *u.shape[-3:]))
        batch = batched_equilibria(u)
        for g, x, y in zip(batch.game, batch.x, batch.y, strict=True):
            pay = np.array([x @ u[g, 0] @ y, x @ u[g, 1] @ y])
            out.append((float(ts[g]), [x, y], pay))
        return out
    from negotiate.equilibria import solve

    for t in ts:
        game = spec.instantiate({**fixed, name: float(t)})
        for e in solve(game).equilibria:
            out.append((float(t), list(e.profile), e.payoffs(game)))
    return out


def plot_map(spec: GameSpec, rmap: RegimeMap, path: str | os.PathLike) -> Path:
    """The regime map as an image, one colour per regime, with a legend."""
    target, fmt = _figure_target(path)
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    with matplotlib.rc_context({"svg.hashsalt": "negotiate", "font.size": 8}):
        fig = Figure(figsize=(7, 5))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        n = len(rmap.results)
        cmap = matplotlib.colormaps["tab20"].resampled(max(n, 2))
        ax.imshow(
            rmap.ids,
            origin="lower",
            aspect="auto",
            interpolation="nearest",
            cmap=cmap,
            vmin=-0.5,
            vmax=max(n, 2) - 0.5,
            extent=(rmap.x[0], rmap.x[-1], rmap.y[0], rmap.y[-1]),
        )
        handles = [
            Patch(color=cmap(k), label=f"{k + 1}: {equilibria_text(r.game, r)}"[:90])
            for k, r in enumerate(rmap.results)
        ]
        ax.legend(handles=handles, fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        ax.set_xlabel(rmap.x_name)
        ax.set_ylabel(rmap.y_name)
        ax.set_title(f"{spec.title or spec.origin}: regimes")
        fig.tight_layout()
        return _save(fig, target, fmt)


def describe_params(params: Sequence[tuple[str, float, float, int]]) -> str:
    return ", ".join(
        f"{n} {format_number(lo)}..{format_number(hi)} ({k})" for n, lo, hi, k in params
    )


# --- robustness ---------------------------------------------------------------------------------


def signature_text(spec: GameSpec, signature: Signature) -> str:
    """Supports by name: ``(Engage; Stall), (Engage, Pressure; Deal, Stall)``."""
    if not signature:
        return "no equilibrium"
    return ", ".join(
        "(" + "; ".join(", ".join(spec.strategies[i][k] for k in s) for i, s in enumerate(eq)) + ")"
        for eq in signature  # type: ignore[union-attr]
    )


def robust_solve_batch(spec: GameSpec) -> Callable[[np.ndarray], list[Signature]] | None:
    """Signatures of every equilibrium of a batch, for games the batched solver handles."""
    if not batchable(spec):
        return None
    return _BatchSignatures((spec.shape[0], spec.shape[1]))


@dataclass(frozen=True)
class _BatchSignatures:
    """The ``solve_batch`` of :func:`robust_solve_batch`: a class, not a closure, so it can be
    pickled to worker processes."""

    shape: tuple[int, int]

    def __call__(self, u: np.ndarray) -> list[Signature]:
        from negotiate.solvers.batched import batched_equilibria

        return batch_signatures(batched_equilibria(u), self.shape)


def _conclusion_text(spec: GameSpec, conclusion: Any) -> str:
    from negotiate.robust import Kind

    if conclusion.kind is Kind.SIGNATURE:
        return f"the equilibria have supports {signature_text(spec, conclusion.signature)}"
    if conclusion.kind is Kind.UNIQUE_EQUILIBRIUM:
        return (
            f"the unique equilibrium has supports {signature_text(spec, (conclusion.signature,))}"
        )
    return conclusion.text(spec.strategies)


def robust_rows(spec: GameSpec, result: Any, ordinal: Sequence[Any]) -> list[dict[str, Any]]:
    """The conclusions worth reporting: those holding at the baseline or in some sample."""
    verdicts = {v.conclusion: v.verdict for v in ordinal}
    rows = []
    for f in result.frequencies:
        if f.count == 0 and not f.baseline:
            continue
        lo, hi = f.interval
        verdict = verdicts.get(f.conclusion)
        rows.append(
            {
                "conclusion": _conclusion_text(spec, f.conclusion),
                "count": f.count,
                "frequency": rounded(f.frequency, 6),
                "interval": [rounded(lo, 6), rounded(hi, 6)],
                "baseline": f.baseline,
                "ordinal": "" if verdict is None else verdict.name.lower(),
            }
        )
    return rows


@dataclass(frozen=True, eq=False)
class RobustReport(Notebook):
    """What ``negotiate robust`` reports: a robustness study of one game and its ordinal view.

    Attributes
    ----------
    spec
        The payoff file (for the title and strategy names).
    result
        The :class:`~negotiate.robust.RobustnessResult` of the perturbed samples.
    ordinal
        The :func:`~negotiate.robust.ordinal_view` of the game as written.
    """

    spec: GameSpec
    result: Any
    ordinal: tuple[Any, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data: exactly ``negotiate robust --format json``.

        Returns
        -------
        dict
            ``{"game", "noise", "samples", "seed", "mode", "values", "perturbed",
            "conclusions": [{"conclusion", "count", "frequency", "interval", "baseline",
            "ordinal"}]}``. Schema: ``schema/robust-output.schema.json``.
        """
        result = self.result
        return {
            "game": self.spec.title,
            "noise": result.noise,
            "samples": result.samples,
            "seed": result.seed,
            "mode": result.mode.value,
            "values": {k: rounded(v) for k, v in sorted(result.values.items())},
            "perturbed": list(result.perturbed),
            "conclusions": robust_rows(self.spec, result, self.ordinal),
        }

    def _blocks(self) -> list[Block]:
        return robust_blocks(self)


def robust_blocks(report: RobustReport) -> list[Block]:
    """The blocks of ``negotiate robust``: settings, one row per conclusion, the legend."""
    spec, result = report.spec, report.result
    rows = robust_rows(spec, result, report.ordinal)
    values = ", ".join(f"{k} = {format_number(v)}" for k, v in sorted(result.values.items()))
    table_rows = [
        [
            r["conclusion"],
            f"{r['frequency']:.4f}",
            f"[{r['interval'][0]:.4f}, {r['interval'][1]:.4f}]",
            "yes" if r["baseline"] else "no",
            r["ordinal"] or "-",
        ]
        for r in rows
    ]
    mode = (
        "each term and term-free payoff times (1 + noise x U(-1, 1))"
        if result.mode.value == "multiplicative"
        else "each payoff plus noise x payoff range x U(-1, 1)"
    )
    return [
        Heading(f"Robustness of {spec.title or spec.origin}"),
        f"{result.samples} samples, seed {result.seed}, noise {format_number(result.noise)} "
        f"({result.mode.value}: {mode}); parameters: {values or 'defaults'}; "
        f"{len(result.perturbed)} quantities perturbed.",
        Table(
            ["conclusion", "frequency", "95% Wilson interval", "at baseline", "ordinal view"],
            table_rows,
        ),
        "Ordinal view: always / never = the conclusion holds / fails for every payoff "
        "assignment keeping each player's ranking of outcomes; depends = ties decide.",
    ]


def render_robust(spec: GameSpec, result: Any, ordinal: Sequence[Any], fmt: str) -> str:
    """``negotiate robust``: frequencies, Wilson intervals and the ordinal view."""
    report = RobustReport(spec, result, tuple(ordinal))
    if fmt == "json":
        return to_json(report.to_dict()) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["conclusion", "count", "frequency", "low", "high", "baseline", "ordinal"])
        for r in robust_rows(spec, result, ordinal):
            writer.writerow(
                [
                    r["conclusion"],
                    r["count"],
                    f"{r['frequency']:.4f}",
                    f"{r['interval'][0]:.4f}",
                    f"{r['interval'][1]:.4f}",
                    "yes" if r["baseline"] else "no",
                    r["ordinal"],
                ]
            )
        return buf.getvalue()
    return render_blocks(robust_blocks(report), fmt)


# --- repeated games -----------------------------------------------------------------------------


def _num(x: Any) -> str:
    from fractions import Fraction

    from negotiate.numeric import format_fraction

    if x is None:
        return "-"
    if isinstance(x, Fraction):
        return format_fraction(x)
    return format_number(float(x))


def interval_text(iv: Any) -> str:
    """A discount interval with exact ends where known: ``[5/6, 1)``."""
    if iv is None or iv.empty:
        return "none"
    if iv.high_closed and iv.low == iv.high:
        return f"{_num(iv.low)} only"
    return f"[{_num(iv.low)}, {_num(iv.high)}{']' if iv.high_closed else ')'}"


@dataclass(frozen=True, eq=False)
class RepeatedReport(Notebook):
    """What ``negotiate repeated`` reports: grim trigger, tit for tat (2x2 games) and the folk
    region (two players) of one stage game and cooperative profile."""

    game: NormalFormGame
    grim: Any
    tft: Any = None
    folk: Any = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data: exactly ``negotiate repeated --format json``.

        Returns
        -------
        dict
            ``{"game", "parameters", "cooperative", "grim_trigger"}`` and, where they apply,
            ``"tit_for_tat"`` and ``"folk_region"``; discount factors as exact text
            (``"5/6"``, ``"-"`` when none). Schema: ``schema/repeated-output.schema.json``.
        """
        return repeated_data(self.game, self.grim, self.tft, self.folk)

    def _blocks(self) -> list[Block]:
        return repeated_blocks(self)


def repeated_data(game: NormalFormGame, grim: Any, tft: Any, folk: Any) -> dict[str, Any]:
    """The data of :meth:`RepeatedReport.to_dict`."""
    data: dict[str, Any] = {
        "game": game.title,
        "parameters": {k: rounded(v) for k, v in sorted(game.parameters.items())},
        "cooperative": [game.strategies[i][k] for i, k in enumerate(grim.cooperative)],
        "grim_trigger": {
            "punishment": grim.punishment_kind,
            "status": grim.status.name.lower(),
            "delta": _num(grim.delta),
            "interval": interval_text(grim.interval),
            "notion": grim.notion,
            "players": [
                {
                    "player": p,
                    "reward": _num(grim.reward[i]),
                    "temptation": _num(grim.temptation[i]),
                    "punishment": _num(grim.punishment[i]),
                }
                for i, p in enumerate(game.players)
            ],
            "explanation": grim.explanation,
        },
    }
    if tft is not None:
        data["tit_for_tat"] = {
            "nash": interval_text(tft.nash),
            "subgame_perfect": interval_text(tft.subgame_perfect),
        }
    if folk is not None:
        data["folk_region"] = {
            "minmax": [rounded(m.value) for m in folk.minmax],
            "vertices": [[rounded(x) for x in v] for v in folk.vertices],
        }
    return data


def repeated_blocks(report: RepeatedReport) -> list[Block]:
    """The blocks of ``negotiate repeated``."""
    game, folk = report.game, report.folk
    data = report.to_dict()
    g = data["grim_trigger"]
    profile = ", ".join(data["cooperative"])
    rows = [[r["player"], r["reward"], r["temptation"], r["punishment"]] for r in g["players"]]
    parts: list[Block] = [
        Heading(f"Repeated {game.title or 'game'}: sustaining ({profile})"),
        Heading("Grim trigger", 2),
        f"Punishment: {g['punishment']}. Sustainable for delta in {g['interval']} "
        f"(critical delta {g['delta']}; {g['notion']}).",
        Table(["player", "R (cooperate)", "T (best deviation)", "P (punished)"], rows),
        g["explanation"],
    ]
    if report.tft is not None:
        parts += [
            Heading("Tit for tat", 2),
            f"Nash equilibrium for delta in {data['tit_for_tat']['nash']}; subgame perfect for "
            f"delta in {data['tit_for_tat']['subgame_perfect']} (Axelrod 1984).",
        ]
    if folk is not None:
        mm = ", ".join(
            f"{p} {format_number(m.value)}" for p, m in zip(game.players, folk.minmax, strict=True)
        )
        vertices = "; ".join(
            "(" + ", ".join(format_number(x) for x in v) + ")" for v in folk.vertices
        )
        parts += [
            Heading("Folk theorem region", 2),
            f"Minmax values: {mm}. Feasible and individually rational payoffs: the polygon "
            f"with vertices {vertices} (Fudenberg and Maskin 1986).",
        ]
    return parts


def render_repeated(game: NormalFormGame, grim: Any, tft: Any, folk: Any, fmt: str) -> str:
    """``negotiate repeated``: grim trigger, tit for tat and the folk region."""
    report = RepeatedReport(game, grim, tft, folk)
    if fmt == "json":
        return to_json(report.to_dict()) + "\n"
    return render_blocks(repeated_blocks(report), fmt)
