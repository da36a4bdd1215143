r"""Axiomatic bargaining solutions: Nash, Kalai-Smorodinsky, egalitarian, utilitarian.

For a problem :math:`(S, d)` (see :mod:`negotiate.bargaining.problem`) with bargaining set
:math:`B = \{u \in S : u \ge d\}` and positive weights :math:`w`:

Nash (generalised)
    :math:`\arg\max_{u \in B,\, u > d} \prod_i (u_i - d_i)^{w_i}`. With equal weights the unique
    solution satisfying Pareto efficiency, symmetry, invariance to positive affine
    transformations and independence of irrelevant alternatives (Nash 1950); unequal weights
    drop symmetry (Kalai 1977, "Nonsymmetric Nash solutions").
Kalai-Smorodinsky
    the Pareto-best point of :math:`B` on the segment from :math:`d` to the ideal point
    :math:`a_i = \max\{u_i : u \in B\}`; monotonicity replaces IIA (Kalai & Smorodinsky 1975).
Egalitarian (proportional)
    the Pareto-best point of :math:`B` on the ray :math:`d + t w`, :math:`t \ge 0`; equal gains
    with :math:`w = 1` (Kalai 1977, "Proportional solutions to bargaining situations").
Utilitarian
    :math:`\arg\max_{u \in B} w \cdot u`; ties (a whole frontier edge) are broken by the
    egalitarian point of the tied set, which keeps the rule symmetric.

"Pareto-best point on a ray" means: the last point :math:`d + t^* e` of the ray in :math:`S`,
then, if that point is only weakly efficient, the maximum of :math:`\sum_i u_i` over
:math:`\{u \in S : u \ge d + t^* e\}` (a leximin refinement), so every solution is Pareto
optimal.

Exactness. Two-player polytopes (outcomes, frontier points, issues) are solved in closed form
on the frontier's edges: the ray meets an edge at a point given by one division, and the Nash
product's maximum on the line :math:`a \cdot u = c` is
:math:`u_i = d_i + \frac{w_i}{\sum_k w_k}\,\frac{c - a \cdot d}{a_i}`. Smooth frontiers (curves,
surpluses) are solved by bracketing root finding (:func:`scipy.optimize.brentq`) on the
first-order or ray condition, to :data:`~negotiate.numeric.TOL`. Polytopes with three or more
players use linear programs (KS, egalitarian, utilitarian: exact up to the LP solver) and
SLSQP for Nash with a certified optimality gap reported in ``gap``.

No solution ever gives a player less than :math:`d_i`; when no agreement is strictly better
than :math:`d` for everyone the result has status :attr:`Status.EMPTY` and payoffs :math:`d`.

References
----------
Nash, J. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
Kalai, E. & Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem.
*Econometrica* 43(3), 513-518.
Kalai, E. (1977). Proportional solutions to bargaining situations: interpersonal utility
comparisons. *Econometrica* 45(7), 1623-1630.
Kalai, E. (1977). Nonsymmetric Nash solutions and replications of 2-person bargaining.
*International Journal of Game Theory* 6(3), 129-133.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negotiate.bargaining import _lp
from negotiate.bargaining.problem import BargainingProblem, FeasibleKind
from negotiate.errors import GameError, VerificationError
from negotiate.notebook import Notebook
from negotiate.numeric import TOL, format_number


class Concept(enum.Enum):
    """A bargaining solution concept: its label and citation."""

    NASH = ("nash", "Nash 1950; Kalai 1977 (weights)")
    KALAI_SMORODINSKY = ("kalai-smorodinsky", "Kalai & Smorodinsky 1975")
    EGALITARIAN = ("egalitarian", "Kalai 1977")
    UTILITARIAN = ("utilitarian", "sum of (weighted) utilities")

    def __init__(self, label: str, source: str) -> None:
        self.label = label
        self.source = source


class Status(enum.Enum):
    """Whether the solution found an agreement, or the bargaining set was empty."""

    AGREEMENT = "agreement"
    EMPTY = "empty"


@dataclass(frozen=True, eq=False)
class BargainingSolution(Notebook):
    """One solution of one problem.

    Attributes
    ----------
    concept, status
        Which solution, and whether there was anything to agree on.
    players, payoffs, disagreement, weights
        Payoffs (read-only) at the solution; :math:`d`; the weights used.
    shares
        Where meaningful: ``{"surplus": (x_1, x_2)}`` as fractions of the surplus, or
        ``{issue: (x_1j, ..., x_nj)}`` per issue.
    lottery
        For outcome problems: the probability of each outcome in an agreement reaching the
        payoffs (omitting zeros).
    exact
        True for closed-form results (up to float rounding); False for results to ``tol``.
    tol, gap
        The tolerance stated for this result; for iterative Nash the certified bound on the
        lost weighted log Nash product.
    """

    concept: Concept
    status: Status
    players: tuple[str, ...]
    payoffs: np.ndarray
    disagreement: np.ndarray
    weights: np.ndarray
    shares: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    lottery: Mapping[str, float] = field(default_factory=dict)
    exact: bool = True
    tol: float = TOL
    gap: float = 0.0

    def __post_init__(self) -> None:
        for name in ("payoffs", "disagreement", "weights"):
            a = np.array(getattr(self, name), dtype=float)
            a.flags.writeable = False
            object.__setattr__(self, name, a)
        object.__setattr__(
            self, "shares", {k: tuple(map(float, v)) for k, v in self.shares.items()}
        )
        object.__setattr__(self, "lottery", {k: float(v) for k, v in self.lottery.items()})

    @property
    def is_empty(self) -> bool:
        return self.status is Status.EMPTY

    @property
    def gains(self) -> np.ndarray:
        """Payoffs minus disagreement payoffs (never negative beyond tolerance)."""
        return self.payoffs - self.disagreement

    def gainers(self, tol: float | None = None) -> tuple[str, ...]:
        """Players who gain more than the tolerance over disagreement."""
        t = self.tol if tol is None else tol
        return tuple(p for p, g in zip(self.players, self.gains, strict=True) if g > t)

    def verify(self, problem: BargainingProblem) -> None:
        """Check individual rationality and feasibility against ``problem``.

        Raises
        ------
        VerificationError
            If a player gets less than its disagreement payoff or the payoffs are infeasible.
        """
        tol = problem.scale()
        low = np.flatnonzero(self.payoffs < problem.d - tol)
        if low.size:
            who = self.players[int(low[0])]
            raise VerificationError(f"{self.concept.label}: {who} gets less than disagreement")
        if not problem.contains(self.payoffs):
            raise VerificationError(f"{self.concept.label}: payoffs are not feasible")

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: numbers as floats, keyed by player name."""
        return {
            "solution": self.concept.label,
            "status": self.status.value,
            "payoffs": {p: float(x) for p, x in zip(self.players, self.payoffs, strict=True)},
            "gains": {p: float(x) for p, x in zip(self.players, self.gains, strict=True)},
            "disagreement": {
                p: float(x) for p, x in zip(self.players, self.disagreement, strict=True)
            },
            "weights": {p: float(x) for p, x in zip(self.players, self.weights, strict=True)},
            "shares": {
                k: dict(zip(self.players, v, strict=True)) for k, v in sorted(self.shares.items())
            },
            "lottery": dict(sorted(self.lottery.items())),
            "exact": self.exact,
            "tol": self.tol,
            "gap": self.gap,
        }

    def __repr__(self) -> str:
        pays = ", ".join(format_number(float(x)) for x in self.payoffs)
        return f"BargainingSolution({self.concept.label}, {self.status.value}, ({pays}))"

    def _blocks(self) -> list[Any]:
        from negotiate.render import bargaining_solution_blocks

        return bargaining_solution_blocks(self)


# --- public solutions ---------------------------------------------------------------------


def nash(problem: BargainingProblem, weights: Sequence[float] | None = None) -> BargainingSolution:
    r"""Generalised Nash bargaining solution
    :math:`\arg\max_{u \in S, u > d} \prod_i (u_i - d_i)^{w_i}` (Nash 1950; Kalai 1977).

    ``weights`` default to ``problem.weights``. Exact on two-player polytopes; to ``TOL`` on
    curves; SLSQP with a certified gap for three or more players.

    Notes
    -----
    The unique solution satisfying Pareto efficiency, symmetry, scale invariance and
    independence of irrelevant alternatives (Nash 1950, *Econometrica* 18(2), the theorem of
    §5); with weights, the asymmetric solution of Kalai (1977, *Int. J. Game Theory* 6(3)).

    Examples
    --------
    >>> from negotiate import BargainingProblem, nash_bargaining
    >>> problem = BargainingProblem.from_surplus(players=("US", "EU"), disagreement=(0.2, 0.0))
    >>> solution = nash_bargaining(problem)
    >>> solution.to_dict()["shares"]  # split the gain over d equally: 0.2 + 0.4, 0 + 0.4
    {'surplus': {'US': 0.6, 'EU': 0.4}}
    """
    return _solve(problem, Concept.NASH, weights)


def kalai_smorodinsky(problem: BargainingProblem) -> BargainingSolution:
    r"""Kalai-Smorodinsky solution: the Pareto-best point of :math:`B` on the segment from
    :math:`d` to the ideal point :math:`a_i = \max\{u_i : u \in B\}` (Kalai & Smorodinsky
    1975, Econometrica 43(3)). For :math:`n \ge 3` players the point on the segment may be only
    weakly efficient; it is then refined to a Pareto optimum (see the module notes).

    Examples
    --------
    >>> from negotiate import BargainingProblem, kalai_smorodinsky
    >>> problem = BargainingProblem.from_outcomes(("A", "B"), [[4, 0], [0, 2]], (0, 0))
    >>> [round(float(x), 6) for x in kalai_smorodinsky(problem).payoffs]  # on d -> (4, 2)
    [2.0, 1.0]
    """
    return _solve(problem, Concept.KALAI_SMORODINSKY, None)


def egalitarian(
    problem: BargainingProblem, weights: Sequence[float] | None = None
) -> BargainingSolution:
    r"""(Proportional) egalitarian solution: the Pareto-best point of :math:`B` on
    :math:`d + t w` (Kalai 1977). ``weights=None`` means equal gains, not ``problem.weights``."""
    return _solve(problem, Concept.EGALITARIAN, weights, default_equal=True)


def utilitarian(
    problem: BargainingProblem, weights: Sequence[float] | None = None
) -> BargainingSolution:
    r""":math:`\arg\max_{u \in B} w \cdot u`; ties broken by the egalitarian point of the tied
    face. ``weights=None`` means the plain sum."""
    return _solve(problem, Concept.UTILITARIAN, weights, default_equal=True)


def solve_all(problem: BargainingProblem) -> tuple[BargainingSolution, ...]:
    """Nash, Kalai-Smorodinsky, egalitarian and utilitarian solutions, in that order."""
    return (
        nash(problem),
        kalai_smorodinsky(problem),
        egalitarian(problem),
        utilitarian(problem),
    )


# --- dispatch -----------------------------------------------------------------------------


def _weights(problem: BargainingProblem, weights: Any, default_equal: bool) -> np.ndarray:
    if weights is None:
        return np.ones(problem.n_players) if default_equal else np.array(problem.weights)
    w = np.asarray(weights, dtype=float)
    if w.shape != (problem.n_players,) or not np.all(np.isfinite(w)) or not np.all(w > 0):
        raise GameError(f"weights must be {problem.n_players} positive numbers, got {w.tolist()}")
    return w


def _solve(
    problem: BargainingProblem, concept: Concept, weights: Any, default_equal: bool = False
) -> BargainingSolution:
    w = _weights(problem, weights, default_equal)
    base = {
        "concept": concept,
        "players": problem.players,
        "disagreement": problem.d,
        "weights": w,
    }
    if problem.is_empty:
        return BargainingSolution(status=Status.EMPTY, payoffs=problem.d, **base)
    if problem.is_polytope and problem.n_players == 2:
        u, z = _chain_solution(problem, concept, w)
        return BargainingSolution(
            status=Status.AGREEMENT, payoffs=u, **base, **_allocation(problem, z), exact=True
        )
    if problem.is_polytope:
        u, z, gap = _lp_solution(problem, concept, w)
        return BargainingSolution(
            status=Status.AGREEMENT,
            payoffs=u,
            **base,
            **_allocation(problem, z),
            exact=concept is not Concept.NASH,
            gap=gap,
        )
    u, s = _curve_solution(problem, concept, w)
    extra: dict[str, Any] = {}
    if problem.kind is FeasibleKind.SURPLUS:
        x = s / problem.total
        extra["shares"] = {"surplus": (x, 1.0 - x)}
    return BargainingSolution(status=Status.AGREEMENT, payoffs=u, **base, **extra, exact=False)


def _allocation(problem: BargainingProblem, z: np.ndarray) -> dict[str, Any]:
    tol = TOL
    if problem.kind is FeasibleKind.ISSUES:
        n, m = problem.issue_weights.shape
        x = np.clip(z.reshape(n, m), 0.0, 1.0)
        return {"shares": {issue: tuple(x[:, j]) for j, issue in enumerate(problem.labels)}}
    lottery = {lab: float(p) for lab, p in zip(problem.labels, z, strict=True) if p > tol}
    return {"lottery": lottery}


# --- two-player polytopes: closed forms on the frontier's edges ---------------------------


def _u2_at(V: np.ndarray, x: float) -> float:
    if len(V) == 1:
        return float(V[0, 1])
    i = int(np.clip(np.searchsorted(V[:, 0], x, side="right") - 1, 0, len(V) - 2))
    s = float(np.clip((x - V[i, 0]) / (V[i + 1, 0] - V[i, 0]), 0.0, 1.0))
    return float(V[i, 1] + s * (V[i + 1, 1] - V[i, 1]))


def _u1_at(V: np.ndarray, y: float) -> float:
    if len(V) == 1:
        return float(V[0, 0])
    R = V[::-1, ::-1]  # increasing u2
    return _u2_at(R, y)


def clipped_frontier(problem: BargainingProblem) -> np.ndarray | None:
    """Two-player polytope: the frontier polyline inside :math:`u \\ge d`, from the point of
    largest :math:`u_2` to the point of largest :math:`u_1`; ``None`` when the bargaining set
    is empty."""
    V, _ = problem.chain
    d, tol = problem.d, problem.scale()
    x = max(float(d[0]), float(V[0, 0]))
    a = (x, _u2_at(V, x))
    y = max(float(d[1]), float(V[-1, 1]))
    b = (_u1_at(V, y), y)
    if a[1] <= d[1] + tol or b[0] <= d[0] + tol:
        return None
    inner = V[(V[:, 0] > a[0]) & (V[:, 0] < b[0])]
    return np.vstack([np.array([a]), inner, np.array([b])])


def _ray_on_polyline(C: np.ndarray, d: np.ndarray, e: np.ndarray) -> np.ndarray:
    r"""Pareto-best point of the comprehensive set under polyline ``C`` on ``d + t e``.

    :math:`\varphi(u) = e_2 (u_1 - d_1) - e_1 (u_2 - d_2)` increases along ``C``; its sign
    change is the crossing, found by one linear interpolation (exact). No sign change: the
    ray leaves through the flat part before ``C[0]`` or the vertical part after ``C[-1]``,
    and the refinement to a Pareto optimum gives that end.
    """
    phi = e[1] * (C[:, 0] - d[0]) - e[0] * (C[:, 1] - d[1])
    if phi[0] >= 0:
        return C[0].copy()
    if phi[-1] <= 0:
        return C[-1].copy()
    i = int(np.flatnonzero(phi >= 0)[0]) - 1
    s = -phi[i] / (phi[i + 1] - phi[i])
    return C[i] + s * (C[i + 1] - C[i])


def _nash_on_polyline(C: np.ndarray, d: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Maximum of the weighted Nash product over polyline ``C``: the best of its vertices and
    of each edge's stationary point (closed form, see the module notes)."""
    cands = [p for p in C if np.all(p > d)]
    W = float(w.sum())
    for p, q in itertools.pairwise(C):
        a = np.array([p[1] - q[1], q[0] - p[0]])
        if not np.all(a > 0):
            continue
        c = float(a @ p)
        u = d + (w / W) * (c - float(a @ d)) / a
        if p[0] <= u[0] <= q[0] and np.all(u > d):
            cands.append(u)
    if not cands:  # frontier touches d's quadrant only at its corners; ends are best
        return C[0].copy()
    vals = [float(w @ np.log(np.asarray(u) - d)) for u in cands]
    return np.array(cands[int(np.argmax(vals))], dtype=float)


def _chain_solution(
    problem: BargainingProblem, concept: Concept, w: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    C = clipped_frontier(problem)
    if C is None:  # guarded by is_empty; kept for safety
        raise GameError("empty bargaining set")
    d, tol = problem.d, problem.scale()
    if concept is Concept.NASH:
        u = _nash_on_polyline(C, d, w)
    elif concept is Concept.EGALITARIAN:
        u = _ray_on_polyline(C, d, w)
    elif concept is Concept.KALAI_SMORODINSKY:
        ideal = np.array([C[-1, 0], C[0, 1]])
        u = _ray_on_polyline(C, d, ideal - d)
    else:
        vals = C @ w
        tied = np.flatnonzero(vals >= vals.max() - tol * float(w.sum()))
        lo, hi = int(tied.min()), int(tied.max())
        u = _ray_on_polyline(C[lo : hi + 1], d, np.ones(2))
    return u, _locate(problem, u)


def _locate(problem: BargainingProblem, u: np.ndarray) -> np.ndarray:
    """The ``z`` (lottery or shares) of frontier point ``u``: interpolated between the two
    frontier vertices around it."""
    V, Z = problem.chain
    if len(V) == 1:
        return np.array(Z[0])
    i = int(np.clip(np.searchsorted(V[:, 0], u[0], side="right") - 1, 0, len(V) - 2))
    s = float(np.clip((u[0] - V[i, 0]) / (V[i + 1, 0] - V[i, 0]), 0.0, 1.0))
    return (1 - s) * Z[i] + s * Z[i + 1]


# --- n-player polytopes: linear and convex programs ---------------------------------------


def _pareto_on_ray(
    problem: BargainingProblem,
    e: np.ndarray,
    extra_ub: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    poly, d, tol = problem.polytope, problem.d, problem.scale()
    res = _lp.ray(poly, d, e, extra_ub)
    if res is None:
        raise GameError("no feasible point on the ray from the disagreement point")
    t, _ = res
    ones = np.ones(problem.n_players)
    z = _lp.maximise(poly, ones, lower=d + t * e, extra_ub=extra_ub)
    if z is None:  # the LP optimum t sits on the boundary; relax by the tolerance
        z = _lp.maximise(poly, ones, lower=d + t * e - tol, extra_ub=extra_ub)
    if z is None:
        raise GameError("Pareto refinement of a ray point is infeasible")
    return z


def _lp_solution(
    problem: BargainingProblem, concept: Concept, w: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float]:
    poly, d, tol = problem.polytope, problem.d, problem.scale()
    n = problem.n_players
    gap = 0.0
    if concept is Concept.EGALITARIAN:
        z = _pareto_on_ray(problem, w)
    elif concept is Concept.KALAI_SMORODINSKY:
        z = _pareto_on_ray(problem, ideal_point(problem) - d)
    elif concept is Concept.UTILITARIAN:
        z0 = _lp.maximise(poly, w, lower=d)
        best = float(w @ (poly.M @ z0))
        z = _pareto_on_ray(
            problem, np.ones(n), extra_ub=(-w.reshape(1, n), np.array([-best + tol]))
        )
    else:
        z0 = _pareto_on_ray(problem, np.ones(n))
        z, gap = _lp.nash_product(poly, d, w, z0, tol)
    return poly.M @ z, z, max(gap, 0.0)


def ideal_point(problem: BargainingProblem) -> np.ndarray:
    r"""Ideal (utopia) point :math:`a_i = \max\{u_i : u \in S, u \ge d\}`."""
    d = problem.d
    if problem.is_polytope:
        if problem.n_players == 2:
            C = clipped_frontier(problem)
            return d.copy() if C is None else np.array([C[-1, 0], C[0, 1]])
        a = np.empty(problem.n_players)
        for i in range(problem.n_players):
            c = np.zeros(problem.n_players)
            c[i] = 1.0
            z = _lp.maximise(problem.polytope, c, lower=d)
            a[i] = d[i] if z is None else float((problem.polytope.M @ z)[i])
        return a
    c = problem.curve
    s_lo, s_hi = problem.curve_span()
    return np.array([c.point(s_hi)[0], c.point(s_lo)[1]])


# --- smooth two-player frontiers: root finding --------------------------------------------


def _root(fun: Any, lo: float, hi: float) -> float:
    """Root of a function increasing on ``[lo, hi]``; an end if it has no sign change."""
    from scipy.optimize import brentq

    f_lo, f_hi = fun(lo), fun(hi)
    if not f_lo < 0:
        return lo
    if not f_hi > 0:
        return hi
    return float(brentq(fun, lo, hi))


def _curve_solution(
    problem: BargainingProblem, concept: Concept, w: np.ndarray
) -> tuple[np.ndarray, float]:
    c, d = problem.curve, problem.d
    lo, hi = problem.curve_span()

    def gains(s: float) -> tuple[float, float]:
        u1, u2 = c.point(s)
        return u1 - d[0], u2 - d[1]

    def ray(e: np.ndarray, a: float, b: float) -> float:
        def phi(s: float) -> float:
            g1, g2 = gains(s)
            return e[1] * g1 - e[0] * g2

        return _root(phi, a, b)

    if concept is Concept.NASH:

        def foc(s: float) -> float:  # minus the derivative of the log Nash product, scaled
            g1, g2 = gains(s)
            t1, t2 = c.slope(s)
            return -(w[0] * t1 * max(g2, 0.0) + w[1] * t2 * max(g1, 0.0))

        s = _root(foc, lo, hi)
    elif concept is Concept.EGALITARIAN:
        s = ray(w, lo, hi)
    elif concept is Concept.KALAI_SMORODINSKY:
        s = ray(ideal_point(problem) - d, lo, hi)
    else:

        def marginal(s: float) -> float:
            t1, t2 = c.slope(s)
            return -(w[0] * t1 + w[1] * t2)

        m_lo, m_hi = marginal(lo), marginal(hi)
        scale = float(np.abs(w).sum()) * max(1.0, *map(abs, c.slope((lo + hi) / 2)))
        if abs(m_lo) <= TOL * scale and abs(m_hi) <= TOL * scale:  # a straight frontier: tie
            s = ray(np.ones(2), lo, hi)
        else:
            s = _root(marginal, lo, hi)
    u = np.array(c.point(s), dtype=float)
    if not np.all(np.isfinite(u)):
        raise GameError(f"{concept.label}: the frontier is not finite at the solution")
    # Never below d: the span already keeps s where both payoffs are at least d.
    return np.maximum(u, d), s
