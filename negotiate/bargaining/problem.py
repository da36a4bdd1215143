r"""Bargaining problems :math:`(S, d)`: players, a feasible set of utility vectors, a
disagreement point.

A bargaining problem in the sense of Nash (1950) is a set :math:`S \subset \mathbb{R}^n` of
utility vectors the players can reach by agreement and a point :math:`d \in S` they get if they
do not agree. Throughout this package :math:`S` is *comprehensive* (free disposal): with a
vector it contains every vector below it, so

.. math:: S = \{u : u \le v \text{ for some } v \in S_0\}

for the set :math:`S_0` the caller describes. Every solution in
:mod:`negotiate.bargaining.solutions` is Pareto optimal, so it lies on the Pareto frontier of
:math:`S_0`; free disposal only makes "is :math:`d` feasible?" the natural question "is
:math:`d` weakly below some agreement?". The *bargaining set* is
:math:`B = \{u \in S : u \ge d\}`; the problem is *empty* when no :math:`u \in S` has
:math:`u > d` componentwise.

:math:`S_0` may be given five ways (:class:`FeasibleKind`):

``OUTCOMES``
    finitely many outcomes with payoffs, convexified by lotteries: :math:`S_0 = \mathrm{conv}\,P`.
    Any number of players.
``FRONTIER_POINTS``
    a two-player Pareto frontier through given points, piecewise linear; the points must bound a
    convex set (a concave, decreasing chain), which is checked.
``CURVE``
    a two-player frontier :math:`u_2 = f(u_1)` on :math:`[a, b]` with ``f`` a Python callable,
    non-increasing and concave (checked on a grid); solved to :data:`~negotiate.numeric.TOL`.
``SURPLUS``
    a divisible surplus :math:`T` split :math:`x_1 + x_2 = T` between two parties with concave
    utilities (:class:`Utility`: power :math:`x^r` or CRRA), so the frontier is
    :math:`(v_1(x), v_2(T - x))`, :math:`x \in [0, T]`.
``ISSUES``
    several divisible issues; player :math:`i` values issue :math:`j` with weight
    :math:`w_{ij} \ge 0` and gets share :math:`x_{ij}` with :math:`\sum_i x_{ij} = 1`, so
    :math:`u_i = \sum_j w_{ij} x_{ij}`; the disagreement point holds the reservation values.
    Any number of players; the frontier is traced by linear programming.

References
----------
Nash, J. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiate.errors import GameError
from negotiate.numeric import TOL, atol, to_fraction

if TYPE_CHECKING:
    from negotiate.model import NormalFormGame

# Grid on which a callable frontier is checked for monotonicity and concavity.
_CHECK_POINTS = 129
# Relative step of the Richardson-extrapolated central difference for a callable's slope.
_STEP = 1e-3


def _read_only(a: Any, dtype: Any = float) -> np.ndarray:
    a = np.array(a, dtype=dtype, copy=True)
    a.flags.writeable = False
    return a


class FeasibleKind(enum.Enum):
    """How the feasible set was described (see the module docstring)."""

    OUTCOMES = "outcomes"
    FRONTIER_POINTS = "frontier"
    CURVE = "curve"
    SURPLUS = "surplus"
    ISSUES = "issues"

    @property
    def is_polytope(self) -> bool:
        """True when the feasible set is a polytope (solutions are exact)."""
        return self in (FeasibleKind.OUTCOMES, FeasibleKind.FRONTIER_POINTS, FeasibleKind.ISSUES)


class Curvature(enum.Enum):
    """Shape of a party's utility of money in a divisible-surplus problem."""

    POWER = "power"  # v(x) = x**r, 0 < r <= 1 (r = 1 risk neutral)
    CRRA = "crra"  # v(x) = (x**(1-rho) - 1) / (1 - rho), log x at rho = 1; rho >= 0


@dataclass(frozen=True)
class Utility:
    r"""A concave increasing utility of an amount :math:`x \ge 0`.

    ``POWER`` with exponent :math:`r \in (0, 1]`: :math:`v(x) = x^r`; ``CRRA`` with relative
    risk aversion :math:`\rho \ge 0`: :math:`v(x) = (x^{1-\rho} - 1)/(1 - \rho)`, and
    :math:`\log x` at :math:`\rho = 1`. Smaller :math:`r` or larger :math:`\rho` means more risk
    averse. (Risk-loving curvature would make the frontier non-convex and is refused.)
    """

    curvature: Curvature = Curvature.POWER
    parameter: float = 1.0

    def __post_init__(self) -> None:
        c = Curvature(self.curvature)
        object.__setattr__(self, "curvature", c)
        p = float(self.parameter)
        if not math.isfinite(p):
            raise GameError(f"utility parameter must be finite, got {self.parameter!r}")
        if c is Curvature.POWER and not 0 < p <= 1:
            raise GameError(f"power utility needs an exponent in (0, 1], got {p:g}")
        if c is Curvature.CRRA and p < 0:
            raise GameError(f"CRRA utility needs risk aversion >= 0, got {p:g}")
        object.__setattr__(self, "parameter", p)

    @property
    def _unbounded_below(self) -> bool:
        return self.curvature is Curvature.CRRA and self.parameter >= 1

    def value(self, x: float) -> float:
        x = max(float(x), 0.0)
        p = self.parameter
        if self.curvature is Curvature.POWER:
            return x**p
        if x == 0.0 and p >= 1:
            return -math.inf
        if p == 1:
            return math.log(x)
        return (x ** (1 - p) - 1) / (1 - p)

    def slope(self, x: float) -> float:
        x = max(float(x), 0.0)
        p = self.parameter
        if self.curvature is Curvature.POWER:
            if p == 1:
                return 1.0
            return math.inf if x == 0.0 else p * x ** (p - 1)
        return math.inf if x == 0.0 and p > 0 else x ** (-p)

    def inverse(self, v: float) -> float:
        """The amount :math:`x \\ge 0` with utility ``v`` (0 if ``v`` is below ``v(0)``)."""
        p = self.parameter
        if self.curvature is Curvature.POWER:
            return 0.0 if v <= 0 else float(v) ** (1 / p)
        if p == 1:
            return math.exp(v)
        base = 1 + (1 - p) * v
        if base <= 0:
            return 0.0 if p < 1 else math.inf
        return base ** (1 / (1 - p))


@dataclass(frozen=True)
class Curve:
    r"""A two-player frontier parameterised by :math:`s \in [lo, hi]`.

    ``point(s)`` gives :math:`(u_1, u_2)` with :math:`u_1` increasing and :math:`u_2`
    non-increasing in ``s``; ``slope(s)`` their derivatives; ``s_at_u1`` and ``s_at_u2`` invert
    them (clipped to the interval).
    """

    point: Callable[[float], tuple[float, float]]
    slope: Callable[[float], tuple[float, float]]
    s_at_u1: Callable[[float], float]
    s_at_u2: Callable[[float], float]
    lo: float
    hi: float


@dataclass(frozen=True)
class Polytope:
    r"""The linear description :math:`S_0 = \{M z : A z = b, z \ge 0\}` used by the LPs.

    ``z`` is a lottery over outcomes (``OUTCOMES``, ``FRONTIER_POINTS``) or the flattened
    shares ``x[i, j]`` (``ISSUES``).
    """

    M: np.ndarray
    A_eq: np.ndarray
    b_eq: np.ndarray


@dataclass(frozen=True, eq=False)
class BargainingProblem:
    """An immutable bargaining problem; build it with one of the ``from_*`` constructors.

    Attributes
    ----------
    players
        Player names.
    kind
        How the feasible set is described.
    disagreement
        The disagreement point :math:`d`, read-only, one entry per player.
    weights
        Bargaining weights (powers) used by default by the weighted solutions; all ones unless
        given.
    points
        ``OUTCOMES``/``FRONTIER_POINTS``: payoff vectors, shape ``(k, n)``, read-only.
    labels
        Names of the outcomes, issues or points.
    function, interval
        ``CURVE``: :math:`u_2 = f(u_1)` on ``interval``.
    utilities, total
        ``SURPLUS``: each party's :class:`Utility` and the size of the surplus.
    issue_weights
        ``ISSUES``: shape ``(n, m)``, player ``i``'s value of all of issue ``j``.
    """

    players: tuple[str, ...]
    kind: FeasibleKind
    disagreement: np.ndarray
    weights: np.ndarray | None = None
    points: np.ndarray | None = None
    labels: tuple[str, ...] = ()
    function: Callable[[float], float] | None = None
    interval: tuple[float, float] | None = None
    utilities: tuple[Utility, ...] = ()
    total: float = 1.0
    issue_weights: np.ndarray | None = None
    title: str = ""
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        players = tuple(str(p) for p in self.players)
        if len(players) < 2:
            raise GameError(f"a bargaining problem needs at least two players, got {players}")
        if len(set(players)) != len(players):
            raise GameError(f"player names must be distinct, got {list(players)}")
        n = len(players)
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "kind", FeasibleKind(self.kind))
        d = np.asarray(self.disagreement, dtype=float)
        if d.shape != (n,):
            raise GameError(f"disagreement point needs {n} numbers, got shape {d.shape}")
        if not np.all(np.isfinite(d)):
            raise GameError(f"disagreement point must be finite, got {d.tolist()}")
        object.__setattr__(self, "disagreement", _read_only(d))
        w = np.ones(n) if self.weights is None else np.asarray(self.weights, dtype=float)
        if w.shape != (n,) or not np.all(np.isfinite(w)) or not np.all(w > 0):
            raise GameError(f"bargaining weights must be {n} positive numbers, got {w.tolist()}")
        object.__setattr__(self, "weights", _read_only(w))
        object.__setattr__(self, "labels", tuple(str(x) for x in self.labels))
        object.__setattr__(self, "metadata", dict(self.metadata))
        if self.kind not in (FeasibleKind.OUTCOMES, FeasibleKind.ISSUES) and n != 2:
            raise GameError(f"a {self.kind.value} problem has exactly two players, got {n}")
        getattr(self, f"_check_{self.kind.name.lower()}")()
        self._check_disagreement()

    # --- constructors -------------------------------------------------------------------

    @classmethod
    def from_outcomes(
        cls,
        players: Sequence[str],
        payoffs: Any,
        disagreement: Sequence[float],
        labels: Sequence[str] | None = None,
        weights: Sequence[float] | None = None,
        title: str = "",
    ) -> BargainingProblem:
        """Problem whose agreements are lotteries over outcomes; ``payoffs`` is ``(k, n)``."""
        pts = np.asarray(payoffs, dtype=float)
        k = pts.shape[0] if pts.ndim == 2 else 0
        names = tuple(labels) if labels is not None else tuple(f"o{j + 1}" for j in range(k))
        return cls(
            players=tuple(players),
            kind=FeasibleKind.OUTCOMES,
            disagreement=disagreement,
            weights=weights,
            points=pts,
            labels=names,
            title=title,
        )

    @classmethod
    def from_frontier_points(
        cls,
        players: Sequence[str],
        points: Any,
        disagreement: Sequence[float],
        weights: Sequence[float] | None = None,
        title: str = "",
    ) -> BargainingProblem:
        """Two-player problem whose Pareto frontier is the polyline through ``points``.

        The points must have increasing :math:`u_1`, decreasing :math:`u_2` and turn clockwise
        (a concave chain, so the set under it is convex); otherwise :class:`GameError`.
        """
        pts = np.asarray(points, dtype=float)
        k = pts.shape[0] if pts.ndim == 2 else 0
        return cls(
            players=tuple(players),
            kind=FeasibleKind.FRONTIER_POINTS,
            disagreement=disagreement,
            weights=weights,
            points=pts,
            labels=tuple(f"p{j + 1}" for j in range(k)),
            title=title,
        )

    @classmethod
    def from_frontier_function(
        cls,
        players: Sequence[str],
        function: Callable[[float], float],
        interval: tuple[float, float],
        disagreement: Sequence[float],
        weights: Sequence[float] | None = None,
        title: str = "",
    ) -> BargainingProblem:
        """Two-player problem with frontier :math:`u_2 = f(u_1)`, :math:`u_1 \\in` ``interval``.

        ``f`` must be finite, non-increasing and concave on the interval (checked on a grid of
        points); solutions are found by root finding to :data:`~negotiate.numeric.TOL`.
        """
        return cls(
            players=tuple(players),
            kind=FeasibleKind.CURVE,
            disagreement=disagreement,
            weights=weights,
            function=function,
            interval=(float(interval[0]), float(interval[1])),
            title=title,
        )

    @classmethod
    def from_surplus(
        cls,
        players: Sequence[str],
        utilities: Sequence[Utility] | None = None,
        disagreement: Sequence[float] = (0.0, 0.0),
        total: float = 1.0,
        weights: Sequence[float] | None = None,
        title: str = "",
    ) -> BargainingProblem:
        """Two parties split a divisible surplus ``total``; utilities default to risk neutral."""
        utils = tuple(utilities) if utilities is not None else (Utility(), Utility())
        return cls(
            players=tuple(players),
            kind=FeasibleKind.SURPLUS,
            disagreement=disagreement,
            weights=weights,
            utilities=utils,
            total=float(total),
            labels=("surplus",),
            title=title,
        )

    @classmethod
    def from_issues(
        cls,
        players: Sequence[str],
        issues: Sequence[str],
        issue_weights: Any,
        reservation: Sequence[float],
        weights: Sequence[float] | None = None,
        title: str = "",
    ) -> BargainingProblem:
        """Several divisible issues; ``issue_weights[i][j]`` is player ``i``'s value of issue ``j``.

        ``reservation`` (each player's value of walking away) is the disagreement point.
        """
        return cls(
            players=tuple(players),
            kind=FeasibleKind.ISSUES,
            disagreement=reservation,
            weights=weights,
            issue_weights=np.asarray(issue_weights, dtype=float),
            labels=tuple(issues),
            title=title,
        )

    # --- validation ---------------------------------------------------------------------

    def _check_outcomes(self) -> None:
        pts = np.asarray(self.points, dtype=float)
        n = self.n_players
        if pts.ndim != 2 or pts.shape[1] != n or pts.shape[0] < 1:
            raise GameError(f"outcome payoffs need shape (k, {n}) with k >= 1, got {pts.shape}")
        if not np.all(np.isfinite(pts)):
            raise GameError("outcome payoffs must be finite numbers")
        if len(self.labels) != pts.shape[0] or len(set(self.labels)) != len(self.labels):
            raise GameError(f"{pts.shape[0]} outcomes need as many distinct labels")
        object.__setattr__(self, "points", _read_only(pts))

    def _check_frontier_points(self) -> None:
        self._check_outcomes()
        q = [(to_fraction(float(x)), to_fraction(float(y))) for x, y in self.points]
        for k in range(1, len(q)):
            if not (q[k][0] > q[k - 1][0] and q[k][1] < q[k - 1][1]):
                raise GameError(
                    f"frontier point {k + 1} {_fmt(self.points[k])} does not increase u1 and "
                    f"decrease u2 after point {k} {_fmt(self.points[k - 1])}"
                )
        for k in range(1, len(q) - 1):
            if _cross(q[k - 1], q[k], q[k + 1]) > 0:
                raise GameError(
                    f"frontier is not convex at point {k + 1} {_fmt(self.points[k])}: it lies "
                    "below the chord of its neighbours"
                )

    def _check_curve(self) -> None:
        f, interval = self.function, self.interval
        if f is None or not callable(f) or interval is None:
            raise GameError("a curve problem needs a callable frontier and an interval")
        a, b = interval
        if not (math.isfinite(a) and math.isfinite(b) and a < b):
            raise GameError(f"frontier interval must be finite with a < b, got [{a:g}, {b:g}]")
        xs = np.linspace(a, b, _CHECK_POINTS)
        try:
            ys = np.array([float(f(float(x))) for x in xs])
        except (ArithmeticError, ValueError, TypeError) as err:
            raise GameError(f"frontier function fails on [{a:g}, {b:g}]: {err}") from None
        if not np.all(np.isfinite(ys)):
            raise GameError(f"frontier function is not finite on [{a:g}, {b:g}]")
        tol = atol(ys, TOL)
        rise = np.flatnonzero(np.diff(ys) > tol)
        if rise.size:
            x = xs[rise[0]]
            raise GameError(f"frontier u2 = f(u1) increases near u1 = {x:g}; it must not")
        bend = np.flatnonzero(ys[:-2] - 2 * ys[1:-1] + ys[2:] > tol)
        if bend.size:
            x = xs[bend[0] + 1]
            raise GameError(f"frontier is not convex (f is not concave) near u1 = {x:g}")

    def _check_surplus(self) -> None:
        if len(self.utilities) != 2 or not all(isinstance(u, Utility) for u in self.utilities):
            raise GameError("a surplus problem needs one Utility per party")
        if not (math.isfinite(self.total) and self.total > 0):
            raise GameError(f"surplus total must be positive, got {self.total:g}")

    def _check_issues(self) -> None:
        w = np.asarray(self.issue_weights, dtype=float)
        n = self.n_players
        m = len(self.labels)
        if m < 1 or len(set(self.labels)) != m:
            raise GameError("issues need distinct names, at least one")
        if w.shape != (n, m):
            raise GameError(f"issue weights need shape ({n}, {m}), got {w.shape}")
        if not np.all(np.isfinite(w)) or np.any(w < 0):
            raise GameError("issue weights must be finite and non-negative")
        object.__setattr__(self, "issue_weights", _read_only(w))

    def _check_disagreement(self) -> None:
        if not self.contains(self.disagreement):
            raise GameError(
                f"disagreement point {_fmt(self.disagreement)} is outside the feasible set: "
                "no agreement gives every player at least that much"
            )

    # --- basic views --------------------------------------------------------------------

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def d(self) -> np.ndarray:
        return self.disagreement

    @property
    def is_polytope(self) -> bool:
        return self.kind.is_polytope

    def scale(self) -> float:
        """Absolute tolerance for payoffs of this problem (TOL times its payoff range)."""
        return self._atol

    @cached_property
    def _atol(self) -> float:
        if self.is_polytope:
            M = self.polytope.M
            ext = np.concatenate([M.max(axis=1), M.min(axis=1), self.disagreement])
        else:
            c = self.curve
            ends = [v for s in (c.lo, c.hi) for v in c.point(s) if math.isfinite(v)]
            ext = np.array([*ends, *self.disagreement])
        return atol(ext, TOL)

    # --- linear description -------------------------------------------------------------

    @cached_property
    def polytope(self) -> Polytope:
        """The LP description of a polytope feasible set (``GameError`` for curves)."""
        if self.kind in (FeasibleKind.OUTCOMES, FeasibleKind.FRONTIER_POINTS):
            pts = np.asarray(self.points)
            return Polytope(M=pts.T.copy(), A_eq=np.ones((1, pts.shape[0])), b_eq=np.ones(1))
        if self.kind is FeasibleKind.ISSUES:
            w = np.asarray(self.issue_weights)
            n, m = w.shape
            M = np.zeros((n, n * m))
            A = np.zeros((m, n * m))
            for i in range(n):
                M[i, i * m : (i + 1) * m] = w[i]
                A[:, i * m : (i + 1) * m] = np.eye(m)
            return Polytope(M=M, A_eq=A, b_eq=np.ones(m))
        raise GameError(f"a {self.kind.value} problem is not a polytope")

    def contains(self, u: Sequence[float]) -> bool:
        """True when ``u`` is in the (comprehensive) feasible set, within tolerance."""
        u = np.asarray(u, dtype=float)
        if self.is_polytope:
            return self._dominating_lp(u, strict=False) is not None
        c = self.curve
        tol = self._atol
        top = c.point(c.hi)
        if u[0] > top[0] + tol:
            return False
        start = c.point(c.lo)
        if u[0] <= start[0]:
            return u[1] <= start[1] + tol
        return u[1] <= c.point(c.s_at_u1(u[0]))[1] + tol

    def dominates_strictly(self, v: Sequence[float]) -> bool:
        """True when some feasible ``u`` has ``u_i > v_i + tol`` for every player."""
        v = np.asarray(v, dtype=float)
        if self.is_polytope:
            return self._dominating_lp(v, strict=True) is not None
        c = self.curve
        tol = self._atol
        lo, hi = self.curve_span(v)
        return c.point(lo)[1] > v[1] + tol and c.point(hi)[0] > v[0] + tol

    @property
    def is_empty(self) -> bool:
        """True when no feasible agreement is strictly better than ``d`` for every player."""
        return not self.dominates_strictly(self.disagreement)

    def _dominating_lp(self, v: np.ndarray, strict: bool) -> np.ndarray | None:
        """``max t`` s.t. ``v + t 1 <= M z``; the maximiser if ``t >= 0`` (``> tol`` if strict)."""
        from negotiate.bargaining import _lp

        res = _lp.ray(self.polytope, v, np.ones(self.n_players))
        if res is None:
            return None
        t, z = res
        if t > self._atol if strict else t >= -self._atol:
            return z
        return None

    # --- two-player frontiers -----------------------------------------------------------

    @cached_property
    def chain(self) -> tuple[np.ndarray, np.ndarray]:
        """Two-player polytope: Pareto frontier vertices ``V`` (shape ``(k, 2)``, ``u1``
        increasing, ``u2`` decreasing, strictly convex) and the ``z`` of each vertex.

        Outcomes: exact, by a monotone chain in rational arithmetic (collinear and repeated
        points are dropped). Issues: by linear programming (see :mod:`._lp`).
        """
        if self.n_players != 2 or not self.is_polytope:
            raise GameError("a frontier chain needs a two-player polytope problem")
        if self.kind is FeasibleKind.ISSUES:
            from negotiate.bargaining import _lp

            return _lp.frontier_2d(self.polytope, self._atol)
        idx = pareto_chain(self.points)
        k = self.points.shape[0]
        Z = np.zeros((len(idx), k))
        Z[np.arange(len(idx)), idx] = 1.0
        return _read_only(self.points[idx]), _read_only(Z)

    @cached_property
    def curve(self) -> Curve:
        """The parameterised frontier of a ``CURVE`` or ``SURPLUS`` problem."""
        if self.kind is FeasibleKind.CURVE:
            return _function_curve(self.function, *self.interval)
        if self.kind is FeasibleKind.SURPLUS:
            return _surplus_curve(self.utilities, self.total)
        raise GameError(f"a {self.kind.value} problem has no smooth frontier")

    def curve_span(self, v: Sequence[float] | None = None) -> tuple[float, float]:
        """Parameters ``(s_lo, s_hi)`` of the curve's part weakly above ``v`` (default ``d``)."""
        v = self.disagreement if v is None else np.asarray(v, dtype=float)
        c = self.curve
        s_lo = c.lo if v[0] <= c.point(c.lo)[0] else c.s_at_u1(v[0])
        s_hi = c.hi if v[1] <= c.point(c.hi)[1] else c.s_at_u2(v[1])
        return s_lo, s_hi

    def frontier_points(self, samples: int = 201) -> np.ndarray:
        """Points on the Pareto frontier for display: the vertices of a polytope frontier
        (two players), or ``samples`` points along a curve."""
        if self.is_polytope:
            if self.n_players == 2:
                return self.chain[0]
            from negotiate.bargaining import _lp

            return _lp.pareto_vertices(self.polytope, self._atol)
        c = self.curve
        lo, hi = c.lo, c.hi
        if self.kind is FeasibleKind.SURPLUS:
            lo, hi = self.curve_span()
        pts = np.array([c.point(s) for s in np.linspace(lo, hi, samples)])
        return pts[np.all(np.isfinite(pts), axis=1)]

    # --- transformations ----------------------------------------------------------------

    def with_disagreement(self, d: Sequence[float]) -> BargainingProblem:
        """The same feasible set with another disagreement point."""
        return self._replace(disagreement=np.asarray(d, dtype=float))

    def with_weights(self, weights: Sequence[float]) -> BargainingProblem:
        return self._replace(weights=np.asarray(weights, dtype=float))

    def affine(self, player: int, scale: float, shift: float) -> BargainingProblem:
        """Replace player ``player``'s utilities ``u`` by ``scale * u + shift`` (``scale > 0``).

        Supported for outcome, frontier-point and curve problems.
        """
        if not scale > 0:
            raise GameError(f"an affine utility transform needs a positive scale, got {scale}")
        d = np.array(self.disagreement)
        d[player] = scale * d[player] + shift
        if self.kind in (FeasibleKind.OUTCOMES, FeasibleKind.FRONTIER_POINTS):
            pts = np.array(self.points)
            pts[:, player] = scale * pts[:, player] + shift
            return self._replace(points=pts, disagreement=d)
        if self.kind is FeasibleKind.CURVE:
            f = self.function
            a, b = self.interval
            if player == 0:

                def g(x: float) -> float:
                    return f((x - shift) / scale)

                return self._replace(
                    function=g, interval=(scale * a + shift, scale * b + shift), disagreement=d
                )

            def h(x: float) -> float:
                return scale * f(x) + shift

            return self._replace(function=h, disagreement=d)
        raise GameError(f"affine transforms of a {self.kind.value} problem are not supported")

    def _replace(self, **changes: Any) -> BargainingProblem:
        fields = {
            name: getattr(self, name)
            for name in (
                "players",
                "kind",
                "disagreement",
                "weights",
                "points",
                "labels",
                "function",
                "interval",
                "utilities",
                "total",
                "issue_weights",
                "title",
                "metadata",
            )
        }
        fields.update(changes)
        return BargainingProblem(**fields)

    def __repr__(self) -> str:
        return (
            f"BargainingProblem({self.kind.value}, players={list(self.players)}, "
            f"d={_fmt(self.disagreement)})"
        )


# --- exact two-player hull ----------------------------------------------------------------


def _cross(o: tuple[Fraction, Fraction], a: tuple, b: tuple) -> Fraction:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def pareto_chain(points: Any) -> list[int]:
    """Indices of the vertices of the Pareto frontier of ``conv(points)`` (two players).

    Exact: coordinates are turned into rationals (floats through their shortest decimal text)
    and orientation tests use rational arithmetic, so collinear and repeated points are
    decided exactly and dropped. The result is ordered by increasing :math:`u_1` (and strictly
    decreasing :math:`u_2`); it is complete.
    """
    q = [(to_fraction(float(x)), to_fraction(float(y))) for x, y in np.asarray(points, float)]
    order = sorted(range(len(q)), key=lambda k: (-q[k][0], -q[k][1], k))
    undominated: list[int] = []
    best: Fraction | None = None
    for k in order:
        if best is None or q[k][1] > best:
            undominated.append(k)
            best = q[k][1]
    undominated.reverse()
    hull: list[int] = []
    for k in undominated:
        while len(hull) >= 2 and _cross(q[hull[-2]], q[hull[-1]], q[k]) >= 0:
            hull.pop()
        hull.append(k)
    return hull


# --- smooth frontiers ---------------------------------------------------------------------


def _function_curve(f: Callable[[float], float], a: float, b: float) -> Curve:
    from scipy.optimize import brentq

    span = b - a

    def point(s: float) -> tuple[float, float]:
        return (s, float(f(s)))

    def slope(s: float) -> tuple[float, float]:
        return (1.0, _derivative(f, s, a, b, span * _STEP))

    def s_at_u1(v: float) -> float:
        return min(max(float(v), a), b)

    def s_at_u2(v: float) -> float:
        if f(b) >= v:
            return b
        if f(a) <= v:
            return a
        return brentq(lambda s: f(s) - v, a, b)

    return Curve(point=point, slope=slope, s_at_u1=s_at_u1, s_at_u2=s_at_u2, lo=a, hi=b)


def _derivative(f: Callable[[float], float], x: float, a: float, b: float, h: float) -> float:
    """Slope of ``f`` at ``x`` inside ``[a, b]``: Richardson-extrapolated central differences,
    or second-order one-sided differences next to an end."""
    room = min(x - a, b - x)
    if room >= 2 * h:
        d1 = (f(x + h) - f(x - h)) / (2 * h)
        d2 = (f(x + h / 2) - f(x - h / 2)) / h
        return (4 * d2 - d1) / 3
    if x - a < b - x:  # forward differences
        d1 = (-3 * f(x) + 4 * f(x + h) - f(x + 2 * h)) / (2 * h)
        g = h / 2
        d2 = (-3 * f(x) + 4 * f(x + g) - f(x + 2 * g)) / (2 * g)
    else:
        d1 = (3 * f(x) - 4 * f(x - h) + f(x - 2 * h)) / (2 * h)
        g = h / 2
        d2 = (3 * f(x) - 4 * f(x - g) + f(x - 2 * g)) / (2 * g)
    return (4 * d2 - d1) / 3


def _surplus_curve(utilities: Sequence[Utility], total: float) -> Curve:
    v1, v2 = utilities

    def point(s: float) -> tuple[float, float]:
        return (v1.value(s), v2.value(total - s))

    def slope(s: float) -> tuple[float, float]:
        return (v1.slope(s), -v2.slope(total - s))

    def s_at_u1(v: float) -> float:
        return min(max(v1.inverse(v), 0.0), total)

    def s_at_u2(v: float) -> float:
        return min(max(total - v2.inverse(v), 0.0), total)

    return Curve(point=point, slope=slope, s_at_u1=s_at_u1, s_at_u2=s_at_u2, lo=0.0, hi=total)


# --- disagreement from a game -------------------------------------------------------------


def disagreement_from_game(
    game: NormalFormGame,
    how: str | Sequence[int] | Sequence[Sequence[float]] | Mapping[str, str] = "security",
    levels: Sequence[float] | None = None,
) -> np.ndarray:
    r"""Disagreement point from a normal-form game.

    Parameters
    ----------
    game
        Any :class:`~negotiate.model.NormalFormGame`.
    how
        ``"security"``: each player's mixed security (maxmin) level
        :math:`\max_{\sigma_i} \min_{a_{-i}} u_i(\sigma_i, a_{-i})`, by a small LP (the
        minimum of a linear function over the opponents' mixed profiles is attained at a pure
        profile, so the LP over pure opponent profiles is exact). A sequence of strategy
        indices, or a mapping player -> strategy name: the payoffs of that pure profile. A
        sequence of probability vectors: that mixed profile's expected payoffs (e.g. an
        equilibrium's ``profile``).
    levels
        Security levels computed elsewhere; returned as they are when ``how == "security"``.

    Returns
    -------
    numpy.ndarray
        One payoff per player.
    """
    u = np.asarray(game.u, dtype=float)
    n = u.shape[0]
    if isinstance(how, str):
        if how != "security":
            raise GameError(
                f"disagreement from a game: expected 'security' or a profile, got {how!r}"
            )
        if levels is not None:
            lv = np.asarray(levels, dtype=float)
            if lv.shape != (n,):
                raise GameError(f"security levels need {n} numbers, got {lv.tolist()}")
            return lv
        return np.array([_security_level(u, i) for i in range(n)])
    if isinstance(how, Mapping):
        missing = [p for p in game.players if p not in how]
        if missing:
            raise GameError(f"disagreement profile names no strategy for {missing}")
        idx = tuple(game.strategy_index(i, how[p]) for i, p in enumerate(game.players))
        return np.array([u[(i, *idx)] for i in range(n)])
    items = list(how)
    if len(items) != n:
        raise GameError(f"disagreement profile needs one entry per player ({n}), got {len(items)}")
    if all(isinstance(a, int | np.integer) for a in items):
        idx = tuple(int(a) for a in items)
        for i, a in enumerate(idx):
            if not 0 <= a < u.shape[i + 1]:
                raise GameError(f"{game.players[i]} has no strategy number {a}")
        return np.array([u[(i, *idx)] for i in range(n)])
    from negotiate.solvers.regret import expected_payoffs

    profile = [np.asarray(p, dtype=float) for p in items]
    for i, p in enumerate(profile):
        if p.shape != (u.shape[i + 1],) or np.any(p < -TOL) or abs(p.sum() - 1) > TOL * p.size:
            raise GameError(f"{game.players[i]}: {p.tolist()} is not a probability vector")
    return expected_payoffs(u, profile)


def _security_level(u: np.ndarray, player: int) -> float:
    """Mixed maxmin payoff of ``player`` against the others' pure profiles
    (:func:`negotiate.solvers.security.security_strategy`)."""
    from negotiate.solvers.security import security_strategy

    return security_strategy(u, player)[1]


def _fmt(v: Any) -> str:
    return "(" + ", ".join(f"{float(x):g}" for x in np.asarray(v).ravel()) + ")"
