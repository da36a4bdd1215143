r"""The bargaining report of a payoff file, as `negotiate bargain` and `negotiate report` show it.

:func:`bargaining_report` evaluates a file's ``[bargaining]`` table at one set of parameter
values and solves everything it describes:

- the axiomatic solutions (Nash with the file's weights, Kalai-Smorodinsky, egalitarian,
  utilitarian; :func:`negotiate.bargaining.solve_all`), each verified to be feasible and
  individually rational before it is returned, with payoffs, gains over the disagreement
  point and, where meaningful, each party's share of every issue;
- the Pareto frontier (its vertices for polytope problems, sampled points on curves);
- the Rubinstein split, Fearon's bargaining range and the two-level (Putnam) overlap of
  win-sets, when the table has ``rubinstein``, ``fearon`` or ``ratification``.

The result is a frozen :class:`BargainReport`; :meth:`BargainReport.to_dict` gives plain data
for JSON (floats rounded to 12 significant decimals, so output is byte-identical across runs).
Everything is deterministic: no random numbers, no timestamps.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negotiate.bargaining import (
    AlternatingOffersResult,
    BargainingProblem,
    BargainingRange,
    BargainingSolution,
    TwoLevelResult,
    analyse,
    solve_all,
)
from negotiate.errors import GameError
from negotiate.notebook import Notebook
from negotiate.spec import GameSpec

#: Most frontier points a report lists (vertices beyond this are thinned evenly).
MAX_FRONTIER_POINTS = 12


def has_bargaining(spec: GameSpec) -> bool:
    """Whether the payoff file has a ``[bargaining]`` table."""
    return spec.bargaining is not None


@dataclass(frozen=True, eq=False)
class BargainReport(Notebook):
    """Every bargaining result of one file at one set of parameter values.

    Attributes
    ----------
    origin, title
        The file and the table's title (or the file's).
    parameters
        The parameter values used (defaults filled in).
    problem
        The bargaining problem :math:`(S, d)`.
    frontier
        Points on the Pareto frontier, read-only, shape ``(k, n)``.
    solutions
        Nash, Kalai-Smorodinsky, egalitarian and utilitarian, in that order; each may be
        ``EMPTY`` when no agreement beats disagreement for everyone.
    rubinstein, fearon, two_level
        The alternating-offers split, the bargaining range of war and the win-set overlap,
        or ``None`` when the file does not ask for them.
    """

    origin: str
    title: str
    parameters: Mapping[str, float]
    problem: BargainingProblem
    frontier: np.ndarray
    solutions: tuple[BargainingSolution, ...]
    rubinstein: AlternatingOffersResult | None = None
    fearon: BargainingRange | None = None
    two_level: TwoLevelResult | None = None
    issues: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        f = np.array(self.frontier, dtype=float)
        f.flags.writeable = False
        object.__setattr__(self, "frontier", f)
        object.__setattr__(self, "parameters", dict(self.parameters))

    @property
    def players(self) -> tuple[str, ...]:
        return self.problem.players

    @property
    def is_empty(self) -> bool:
        """True when no agreement is better than disagreement for every player."""
        return self.problem.is_empty

    def solution(self, label: str) -> BargainingSolution:
        """The solution with this label (``"nash"``, ``"kalai-smorodinsky"``, ...)."""
        for s in self.solutions:
            if s.concept.label == label:
                return s
        raise GameError(f"no solution {label!r}; have {[s.concept.label for s in self.solutions]}")

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: exactly ``negotiate bargain --format json``.

        Returns
        -------
        dict
            Numbers rounded to 12 decimals (infinities as ``None``), keyed by player, issue and
            solution names: ``{"file", "title", "parameters", "players", "kind", "issues",
            "disagreement", "weights", "empty", "frontier", "solutions", "rubinstein",
            "fearon", "two_level"}`` (the last three ``None`` when the file does not ask for
            them). Schema: ``schema/bargain-output.schema.json``.
        """
        players = self.players
        return _rounded(
            {
                "file": self.origin,
                "title": self.title,
                "parameters": dict(sorted(self.parameters.items())),
                "players": list(players),
                "kind": self.problem.kind.value,
                "issues": list(self.issues),
                "disagreement": dict(zip(players, self.problem.d.tolist(), strict=True)),
                "weights": dict(zip(players, self.problem.weights.tolist(), strict=True)),
                "empty": self.is_empty,
                "frontier": [dict(zip(players, p, strict=True)) for p in self.frontier.tolist()],
                "solutions": [
                    {**s.to_dict(), "gainers": list(s.gainers())} for s in self.solutions
                ],
                "rubinstein": None if self.rubinstein is None else self.rubinstein.to_dict(),
                "fearon": None if self.fearon is None else self.fearon.to_dict(),
                "two_level": None if self.two_level is None else self.two_level.to_dict(),
            }
        )

    def _blocks(self) -> list[Any]:
        return bargain_blocks(self)


def bargaining_report(spec: GameSpec, values: Mapping[str, float] | None = None) -> BargainReport:
    """Solve the ``[bargaining]`` table of ``spec`` at parameter ``values``.

    Parameters
    ----------
    spec
        A loaded payoff file with a ``[bargaining]`` table (see :func:`has_bargaining`).
    values
        Parameter values; the file's defaults for those not given.

    Returns
    -------
    BargainReport
        Complete for what the table describes; every axiomatic solution has been verified
        (:meth:`~negotiate.bargaining.BargainingSolution.verify`).

    Raises
    ------
    GameError
        Without a ``[bargaining]`` table, or for unknown or out-of-range parameters.
    PayoffFileError
        When the table does not describe a valid problem at these values (key path named).
    """
    bspec = spec.bargaining_spec(values)
    problem = bspec.problem
    solutions = solve_all(problem)
    for s in solutions:
        if not s.is_empty:
            s.verify(problem)
    two_level = analyse(problem, bspec.winsets, solutions) if bspec.winsets else None
    env = spec.resolve(values)
    section = spec.bargaining
    title = str(section.data.get("title", "")) if section is not None else ""
    return BargainReport(
        origin=spec.origin,
        title=title or spec.title,
        parameters={k: float(v) for k, v in env.items()},
        problem=problem,
        frontier=_thin(problem.frontier_points(samples=9)),
        solutions=solutions,
        rubinstein=None if bspec.alternating is None else bspec.alternating.solve(),
        fearon=None if bspec.fearon is None else bspec.fearon.solve(),
        two_level=two_level,
        issues=problem.labels if problem.kind.value == "issues" else (),
    )


def _thin(points: np.ndarray) -> np.ndarray:
    pts = np.asarray(points, dtype=float)
    if len(pts) <= MAX_FRONTIER_POINTS:
        return pts
    idx = np.unique(np.linspace(0, len(pts) - 1, MAX_FRONTIER_POINTS).round().astype(int))
    return pts[idx]


def _rounded(data: Any) -> Any:
    """Floats rounded to 12 decimals (``-0.0`` made ``0.0``, infinities ``None``), recursively."""
    if isinstance(data, float | np.floating):
        return round(float(data), 12) + 0.0 if np.isfinite(data) else None
    if isinstance(data, Mapping):
        return {str(k): _rounded(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_rounded(v) for v in data]
    return data


# --- rendering ----------------------------------------------------------------------------


def render_bargain(report: BargainReport, fmt: str) -> str:
    """``negotiate bargain``: the report as text, markdown or JSON (deterministic)."""
    from negotiate.render import render_blocks, to_json

    if fmt == "json":
        return to_json(report.to_dict()) + "\n"
    return render_blocks(bargain_blocks(report), fmt)


def bargain_blocks(report: BargainReport) -> list[Any]:
    """The blocks (headings, paragraphs, tables) of ``negotiate bargain``, for the command
    line and notebooks alike."""
    from negotiate.numeric import format_number as num
    from negotiate.render import Heading, Table

    players = report.players
    problem = report.problem
    parts: list[Any] = [Heading(f"Bargaining: {report.title or report.origin}")]
    values = ", ".join(f"{k} = {num(v)}" for k, v in sorted(report.parameters.items()))
    parts.append(
        f"File: {report.origin}. Feasible set: {problem.kind.value}"
        + (f" ({', '.join(report.issues)})" if report.issues else "")
        + (f". Parameters: {values}" if values else "")
        + "."
    )
    parts.append(Heading("Disagreement point and bargaining weights", 2))
    parts.append(
        Table(
            ["player", "disagreement", "weight"],
            [
                [p, num(d), num(w)]
                for p, d, w in zip(players, problem.d, problem.weights, strict=True)
            ],
        )
    )
    what = "vertices" if problem.is_polytope else "points"
    parts.append(Heading(f"Pareto frontier ({what})", 2))
    parts.append(Table(list(players), [[num(x) for x in pt] for pt in report.frontier]))
    parts.append(Heading("Solutions", 2))
    if report.is_empty:
        parts.append(
            "The bargaining set is empty: no agreement is better than disagreement for every "
            "player, so every solution is the disagreement point."
        )
    rows = []
    for s in report.solutions:
        gainers = ", ".join(s.gainers()) or "nobody"
        rows.append(
            [
                s.concept.label,
                s.status.value,
                *(num(x) for x in s.payoffs),
                *(num(x) for x in s.gains),
                gainers,
            ]
        )
    headers = ["solution", "status", *players, *(f"gain {p}" for p in players), "gains"]
    parts.append(Table(headers, rows))
    share_rows = [
        [s.concept.label, issue, *(num(x) for x in shares)]
        for s in report.solutions
        for issue, shares in s.shares.items()
    ]
    if share_rows:
        parts.append(Heading("Shares", 2))
        parts.append(Table(["solution", "issue", *players], share_rows))
    if report.rubinstein is not None:
        parts.append(Heading("Alternating offers (Rubinstein)", 2))
        parts.append(_rubinstein_text(report.rubinstein, num))
    if report.fearon is not None:
        parts.append(Heading("Bargaining range of war (Fearon)", 2))
        parts.append(_fearon_text(report.fearon, num))
    if report.two_level is not None:
        parts.append(Heading("Ratification: two-level overlap (Putnam)", 2))
        parts += _two_level_blocks(report.two_level, num)
    return parts


def _rubinstein_text(r: AlternatingOffersResult, num: Any) -> str:
    a, b = r.players
    if r.status.value == "empty":
        return "No agreement: outside options or breakdown payoffs leave no gain from agreeing."
    text = (
        f"{r.players[r.first]} proposes first; subgame-perfect split of the surplus: "
        f"{a} {num(r.shares[0])}, {b} {num(r.shares[1])}"
    )
    if r.horizon is not None:
        text += f" ({r.horizon} periods)"
    if r.share_range is not None:
        text += f"; every first-mover share in [{num(r.share_range[0])}, {num(r.share_range[1])}]"
    if r.binding:
        text += f"; binding outside options: {', '.join(r.binding)}"
    return text + "."


def _fearon_text(f: BargainingRange, num: Any) -> str:
    a, b = f.players
    war = (
        f"{a} prevails with probability {num(f.p)}; war is worth {num(f.war_value_a)} to {a} "
        f"and {num(f.war_value_b)} to {b}."
    )
    if f.is_empty or f.low is None or f.high is None:
        return war + " No settlement is better than war for both: the range is empty."
    return (
        war + f" Settlements giving {a} a share in [{num(f.low)}, {num(f.high)}] "
        f"(so {b} [{num(1 - f.high)}, {num(1 - f.low)}]) are better than war for both."
    )


def _two_level_blocks(t: TwoLevelResult, num: Any) -> list[Any]:
    from negotiate.render import Table

    limits = ", ".join(
        f"{p} >= {num(x)}" for p, x in zip(t.players, t.thresholds, strict=True) if math.isfinite(x)
    )
    if t.overlap_empty:
        head = (
            f"Ratification needs {limits}: the win-sets do not overlap, no agreement is ratified."
        )
    else:
        head = f"Ratification needs {limits}: the win-sets overlap."
    rows = [
        [
            p.solution,
            ", ".join(p.ratified_by) or "nobody",
            ", ".join(p.rejected_by) or "nobody",
            "-" if p.position is None else num(p.position),
        ]
        for p in t.placements
    ]
    parts: list[Any] = [head, Table(["solution", "ratified by", "rejected by", "position"], rows)]
    if t.within:
        within = "; ".join(
            f"{s.concept.label} ({', '.join(num(x) for x in s.payoffs)})" for s in t.within
        )
        parts.append(f"Bargaining within the overlap: {within}.")
    return parts
