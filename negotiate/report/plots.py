"""Figures of the report: each game's equilibrium payoffs and strategy probabilities against
the scenario parameter, with thresholds marked, and the long game's critical discount factor.

matplotlib is imported here only, with the headless Agg backend; files are written
atomically.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from negotiate.atomic import OutputError, write_with
from negotiate.report.build import Report

#: Points per curve.
SAMPLES = 121


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def figures(report: Report) -> list[tuple[str, object]]:
    """``(name, matplotlib figure)`` for each game, then the long game; the caller closes them."""
    plt = _pyplot()
    ts = np.linspace(report.low, report.high, SAMPLES)
    results = [report.scenario.evaluate({report.parameter: float(t)}) for t in ts]
    made = []
    for section in report.sections:
        outcomes = [r.outcome(section.name) for r in results]
        payoffs = np.array([o.selected.payoffs(o.game) for o in outcomes])
        spec = section.entry.spec
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 6), sharex=True)
        for i, player in enumerate(spec.players):
            top.plot(ts, payoffs[:, i], label=f"u({player})")
            first = np.array([o.selected.profile[i][0] for o in outcomes])
            bottom.plot(ts, first, label=f"P({player} plays {spec.strategies[i][0]})")
        for axis in (top, bottom):
            for t in section.thresholds:
                axis.axvline(t.at.value, color="grey", linestyle="--", linewidth=0.8)
            axis.legend(loc="best", fontsize=8)
            axis.grid(alpha=0.3)
        for t in section.thresholds:
            top.annotate(
                t.at.text(),
                (t.at.value, 1.0),
                xycoords=("data", "axes fraction"),
                ha="center",
                va="bottom",
                fontsize=8,
            )
        top.set_ylabel("payoff (selected equilibrium)")
        bottom.set_ylabel("probability")
        bottom.set_ylim(-0.05, 1.05)
        bottom.set_xlabel(report.parameter)
        fig.suptitle(section.title, fontsize=11)
        fig.tight_layout()
        made.append((section.name, fig))
    for bargain in report.bargains:
        reports = [r.bargains[bargain.name] for r in results]
        who = reports[0].players[-1]
        issue = reports[0].issues[0] if reports[0].issues else None
        fig, axis = plt.subplots(figsize=(7, 3.8))
        for k, solution in enumerate(reports[0].solutions):
            ys = []
            for rep in reports:
                sol = rep.solutions[k]
                if sol.is_empty:
                    ys.append(np.nan)
                elif issue is not None:
                    ys.append(sol.shares[issue][-1])
                else:
                    ys.append(sol.payoffs[-1])
            axis.plot(ts, ys, label=solution.concept.label)
        fearon = [rep.fearon for rep in reports]
        if all(f is not None for f in fearon):
            low = [np.nan if f.low is None else 1 - f.high for f in fearon]
            high = [np.nan if f.low is None else 1 - f.low for f in fearon]
            axis.fill_between(ts, low, high, alpha=0.12, label=f"{who}: settlements beating war")
        axis.set_xlabel(report.parameter)
        axis.set_ylabel(f"{who}'s share of {issue}" if issue else f"u({who})")
        axis.set_ylim(-0.02, 1.02)
        axis.set_title(bargain.title, fontsize=10)
        axis.legend(loc="best", fontsize=8)
        axis.grid(alpha=0.3)
        fig.tight_layout()
        made.append((bargain.name, fig))
    if report.long_game is not None:
        lg = report.long_game
        reading = report.scenario.long_game
        from negotiate.repeated import grim_trigger

        deltas = []
        for r in results:
            outcome = r.outcome(lg.game)
            punishment = outcome.selected if reading.punishment == "nash" else None
            g = grim_trigger(outcome.game, reading.cooperate, punishment)
            deltas.append(np.nan if g.delta is None else float(g.delta))
        fig, axis = plt.subplots(figsize=(7, 3.5))
        axis.plot(ts, deltas, label="critical discount factor")
        axis.fill_between(ts, deltas, 1.0, alpha=0.15, label="cooperation sustainable")
        for c in lg.changes:
            axis.axvline(c.at.value, color="grey", linestyle="--", linewidth=0.8)
        axis.set_ylim(0, 1.02)
        axis.set_xlabel(report.parameter)
        axis.set_ylabel("discount factor")
        axis.set_title(
            f"Playing the long game: {lg.game}, cooperating on ({', '.join(lg.cooperate)})",
            fontsize=10,
        )
        axis.legend(loc="best", fontsize=8)
        axis.grid(alpha=0.3)
        fig.tight_layout()
        made.append(("long_game", fig))
    return made


def write_figures(report: Report, folder: str | Path) -> list[Path]:
    """Write one PNG per game (and one for the long game) into ``folder``; return the paths."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    plt = _pyplot()
    written = []
    for name, fig in figures(report):
        path = folder / f"{name}.png"
        write_with(
            path,
            lambda handle, fig=fig: fig.savefig(
                handle, format="png", dpi=110, metadata={"Software": None}
            ),
        )
        plt.close(fig)
        written.append(path)
    return written


def svg_figures(report: Report) -> dict[str, str]:
    """Each figure as SVG text (deterministic: no date, fixed id salt), keyed by name."""
    plt = _pyplot()
    import io

    out = {}
    with plt.rc_context({"svg.hashsalt": "negotiate", "svg.fonttype": "none"}):
        for name, fig in figures(report):
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
            plt.close(fig)
            text = buffer.getvalue()
            out[name] = text[text.index("<svg") :]
    return out
