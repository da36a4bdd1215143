r"""Two-level games (Putnam 1988): domestic win-sets and their overlap.

Each negotiator :math:`i` bargains at the international table (Level I) but any agreement
must be ratified at home (Level II). Its *win-set* :math:`W_i` is the set of Level I
agreements its ratifiers accept. Here ratifiers judge an agreement :math:`u` by the utility
:math:`u_i` of their own side: constituency :math:`k` of side :math:`i` approves iff
:math:`u_i \ge \theta_k` (hawks have high :math:`\theta_k`, doves low), and side :math:`i`
ratifies when the approving constituencies meet its rule (a weighted majority, unanimity, or a
quota). Approval is monotone in :math:`u_i`, so every win-set is a threshold set

.. math:: W_i = \{u \in S : u_i \ge \tau_i\},

with :math:`\tau_i` the lowest :math:`\theta_k` at which the approving weight meets the rule.
Agreement is possible only in the overlap :math:`\bigcap_i W_i`; Putnam's Level I solutions
either land in it or are voted down. Bargaining *within* the overlap, with each negotiator's
ratification threshold as its fallback, illustrates Putnam's (and Schelling's) point that a
smaller win-set, i.e. tied hands, can be a bargaining advantage.

References
----------
Putnam, R. D. (1988). Diplomacy and domestic politics: the logic of two-level games.
*International Organization* 42(3), 427-460.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiate.bargaining.problem import BargainingProblem
from negotiate.bargaining.solutions import BargainingSolution, clipped_frontier, solve_all
from negotiate.errors import GameError
from negotiate.notebook import Notebook


class Rule(enum.Enum):
    """How a side's constituencies ratify."""

    MAJORITY = "majority"  # approving weight more than half the total
    UNANIMITY = "unanimity"  # every constituency approves
    QUOTA = "quota"  # approving weight at least quota * total


@dataclass(frozen=True)
class Constituency:
    """A domestic group that approves agreements worth at least ``threshold`` to its side."""

    name: str
    threshold: float
    weight: float = 1.0

    def __post_init__(self) -> None:
        if not math.isfinite(self.threshold):
            raise GameError(f"constituency {self.name!r}: threshold must be finite")
        if not (math.isfinite(self.weight) and self.weight > 0):
            raise GameError(f"constituency {self.name!r}: weight must be positive")


@dataclass(frozen=True)
class WinSet:
    """One negotiator's ratifiers: constituencies and a ratification rule."""

    player: str
    constituencies: tuple[Constituency, ...]
    rule: Rule = Rule.MAJORITY
    quota: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "constituencies", tuple(self.constituencies))
        object.__setattr__(self, "rule", Rule(self.rule))
        if not self.constituencies:
            raise GameError(f"win-set of {self.player!r} needs at least one constituency")
        if self.rule is Rule.QUOTA and (self.quota is None or not 0 < self.quota <= 1):
            raise GameError(f"win-set of {self.player!r}: quota must be in (0, 1]")

    @classmethod
    def threshold_only(cls, player: str, threshold: float) -> WinSet:
        """A single ratifier (a legislature voting as one) with ``threshold``."""
        return cls(player, (Constituency(player, float(threshold)),), Rule.UNANIMITY)

    def approving_weight(self, value: float) -> float:
        return sum(c.weight for c in self.constituencies if value >= c.threshold)

    def accepts(self, value: float) -> bool:
        """Whether an agreement worth ``value`` to this side is ratified."""
        w = self.approving_weight(value)
        total = sum(c.weight for c in self.constituencies)
        if self.rule is Rule.MAJORITY:
            return w > total / 2
        if self.rule is Rule.UNANIMITY:
            return w >= total
        return w >= self.quota * total  # type: ignore[operator]

    @property
    def threshold(self) -> float:
        """:math:`\\tau_i`: the least value this side ratifies."""
        for t in sorted(c.threshold for c in self.constituencies):
            if self.accepts(t):
                return t
        raise GameError(f"win-set of {self.player!r}: no value is ever ratified")


@dataclass(frozen=True)
class Placement:
    """Where one solution lands relative to the win-sets."""

    solution: str
    payoffs: tuple[float, ...]
    ratified_by: tuple[str, ...]
    rejected_by: tuple[str, ...]
    position: float | None  # two players: 0 at the overlap's end best for player 2, 1 best for 1

    @property
    def inside(self) -> bool:
        return not self.rejected_by


@dataclass(frozen=True)
class TwoLevelResult(Notebook):
    """Thresholds, the overlap of win-sets, and each solution's placement."""

    players: tuple[str, ...]
    thresholds: tuple[float, ...]
    overlap_empty: bool
    overlap_ends: tuple[tuple[float, ...], tuple[float, ...]] | None
    placements: tuple[Placement, ...]
    within: tuple[BargainingSolution, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "thresholds": dict(zip(self.players, self.thresholds, strict=True)),
            "overlap_empty": self.overlap_empty,
            "overlap_ends": None
            if self.overlap_ends is None
            else [list(p) for p in self.overlap_ends],
            "placements": [
                {
                    "solution": p.solution,
                    "payoffs": dict(zip(self.players, p.payoffs, strict=True)),
                    "ratified_by": list(p.ratified_by),
                    "rejected_by": list(p.rejected_by),
                    "inside": p.inside,
                    "position": p.position,
                }
                for p in self.placements
            ],
            "within_overlap": [s.to_dict() for s in self.within],
        }

    def _blocks(self) -> list[Any]:
        from negotiate.render import two_level_blocks

        return two_level_blocks(self)


def analyse(
    problem: BargainingProblem,
    winsets: Sequence[WinSet],
    solutions: Sequence[BargainingSolution] | None = None,
) -> TwoLevelResult:
    """Overlap of the win-sets in ``problem`` and where each solution lands.

    Parameters
    ----------
    problem
        The Level I bargaining problem.
    winsets
        One :class:`WinSet` per player (matched by name; a player without one ratifies
        anything).
    solutions
        Level I solutions to place; default :func:`~.solutions.solve_all`.

    Returns
    -------
    TwoLevelResult
        ``within`` holds the solutions of the problem restricted to the overlap, bargaining
        from :math:`\\max(d, \\tau)`, when the overlap has agreements strictly inside it.
    """
    by_name = {w.player: w for w in winsets}
    unknown = sorted(set(by_name) - set(problem.players))
    if unknown:
        raise GameError(f"win-sets name unknown players {unknown}; players are {problem.players}")
    tau = np.array([by_name[p].threshold if p in by_name else -math.inf for p in problem.players])
    floor = np.maximum(tau, problem.d)
    overlap = problem.contains(floor)
    ends = None
    if overlap and problem.n_players == 2:
        ends = _overlap_ends(problem, floor)
    sols = solve_all(problem) if solutions is None else tuple(solutions)
    tol = problem.scale()
    placements = []
    for s in sols:
        ok = tuple(
            p
            for i, p in enumerate(problem.players)
            if p not in by_name or by_name[p].accepts(float(s.payoffs[i]) + tol)
        )
        no = tuple(p for p in problem.players if p not in ok)
        pos = None
        if ends is not None and not no:
            span = ends[1][0] - ends[0][0]
            pos = 0.5 if span <= tol else float(np.clip((s.payoffs[0] - ends[0][0]) / span, 0, 1))
        placements.append(Placement(s.concept.label, tuple(map(float, s.payoffs)), ok, no, pos))
    within: tuple[BargainingSolution, ...] = ()
    if overlap and problem.dominates_strictly(floor):
        within = solve_all(problem.with_disagreement(floor))
    return TwoLevelResult(
        players=problem.players,
        thresholds=tuple(float(t) for t in tau),
        overlap_empty=not overlap,
        overlap_ends=ends,
        placements=tuple(placements),
        within=within,
    )


def _overlap_ends(
    problem: BargainingProblem, floor: np.ndarray
) -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    """The two ends of the frontier's part inside the overlap (best for 2, best for 1)."""
    q = problem.with_disagreement(floor)
    if problem.is_polytope:
        C = clipped_frontier(q)
        if C is None:
            return None
        return tuple(map(float, C[0])), tuple(map(float, C[-1]))
    lo, hi = q.curve_span()
    c = q.curve
    return tuple(map(float, c.point(lo))), tuple(map(float, c.point(hi)))
