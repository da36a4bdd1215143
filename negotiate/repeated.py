r"""Repeated games: when can a cooperative profile be sustained, and what can be sustained at all.

The stage game is played in every period :math:`t = 0, 1, \dots`; players discount by
:math:`\delta \in [0, 1)` and a payoff stream :math:`(x_t)` is worth
:math:`\sum_t \delta^t x_t` (times :math:`1 - \delta` for the average). A *cooperative profile*
:math:`a^*` is a pure profile given by strategy indices.

Grim trigger
------------
Play :math:`a^*` until someone deviates, then a punishment forever. Player :math:`i` gets
:math:`R_i = u_i(a^*)` by conforming, at most :math:`T_i = \max_{s} u_i(s, a^*_{-i})` in the
period it deviates, and :math:`P_i` in every period after. It does not gain by a one-shot
deviation iff

.. math::

    \frac{R_i}{1 - \delta} \ge T_i + \frac{\delta P_i}{1 - \delta}
    \iff \delta \ge \delta_i^* = \frac{T_i - R_i}{T_i - P_i},

so :math:`\delta^* = \max_i \delta_i^*` (0 for players with :math:`T_i \le R_i`). If some player
has :math:`T_i > R_i` and :math:`P_i \ge R_i`, no :math:`\delta < 1` deters it. (In general the
condition is :math:`\delta (T_i - P_i) \ge T_i - R_i`; when a punishment pays a player more than
cooperating, :math:`P_i > R_i \ge T_i`, it bounds :math:`\delta` from *above*: a patient player
would deviate just to be punished. The results report the whole interval.)

* **Nash reversion** (Friedman 1971, *Review of Economic Studies* 38): :math:`P_i` is player
  :math:`i`'s payoff in a given Nash equilibrium of the stage game. The strategies form a
  **subgame perfect** equilibrium for :math:`\delta \ge \delta^*`.
* **Minmax punishment**: :math:`P_i` is :math:`i`'s minmax value (mixed, by linear programming,
  for two players; over the others' *pure* profiles for three or more, where independent mixed
  minmaxing is not a linear program). The strategies form a **Nash** equilibrium of the repeated
  game for :math:`\delta \ge \delta^*`; the punishment need not be credible (Fudenberg and
  Maskin 1986, *Econometrica* 54(3), make it so with finite punishments and rewards).

Tit for tat
-----------
Two players, each with two strategies: the cooperative one :math:`C` and the other :math:`D`.
Tit for tat plays :math:`C` first and then what the opponent played last (Axelrod 1984, *The
Evolution of Cooperation*). Write player :math:`i`'s payoffs :math:`R_i = u_i(C, C)`,
:math:`S_i = u_i(C, D)`, :math:`T_i = u_i(D, C)`, :math:`P_i = u_i(D, D)` (own action first).

* **Nash equilibrium** (TFT a best response to TFT). Against TFT a player faces a two-state
  decision problem (the state is its own last action), so a stationary best response exists:
  always :math:`C`, always :math:`D` (worth :math:`T_i + \delta P_i / (1-\delta)`) or
  alternating :math:`D, C` (worth :math:`(T_i + \delta S_i) / (1 - \delta^2)`). TFT is a best
  response iff

  .. math:: \delta (T_i - P_i) \ge T_i - R_i \quad\text{and}\quad \delta (R_i - S_i) \ge T_i - R_i,

  in a Prisoner's Dilemma :math:`\delta \ge \max\{(T-R)/(T-P), (T-R)/(R-S)\}`: Axelrod's
  Proposition 2 (collective stability).
* **Subgame perfect equilibrium.** By the one-shot deviation principle, in each of the four
  states :math:`(x_i, x_j)` of last actions TFT prescribes :math:`(x_j, x_i)` and then
  alternates; deviating to :math:`y \ne x_j` starts the alternation of :math:`(y, x_i)` and
  :math:`(x_i, y)`. Both streams have period two, so each condition is linear in
  :math:`\delta`:

  .. math:: \delta\,[u_i(x_i, x_j) - u_i(x_i, y)] \ge u_i(y, x_i) - u_i(x_j, x_i).

  In a Prisoner's Dilemma they give :math:`\delta = (T-R)/(R-S) = (P-S)/(T-P)`: TFT is subgame
  perfect only on that knife edge (e.g. Mailath and Samuelson 2006, *Repeated Games and
  Reputations*, ch. 2).

Folk theorem
------------
For two players, the payoffs of subgame perfect equilibria of the repeated game approach, as
:math:`\delta \to 1`, the feasible (convex hull of the pure payoff profiles) and individually
rational (each at least its mixed minmax :math:`v_i = \min_{\sigma_{-i}} \max_{s_i}
u_i(s_i, \sigma_{-i})`) payoffs (Fudenberg and Maskin 1986, Theorem 1; with public
randomisation). :func:`folk_region` returns that set as a convex polygon.
"""

from __future__ import annotations

import enum
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from negotiate.errors import GameError, SolverError, VerificationError
from negotiate.model import Equilibrium, NormalFormGame
from negotiate.numeric import TOL, atol
from negotiate.solvers.batched import batched_equilibria
from negotiate.solvers.pure import pure_equilibrium_mask
from negotiate.solvers.security import maxmin
from negotiate.spec import GameSpec

Number = Fraction | float


class Status(enum.Enum):
    """Whether a cooperative profile can be sustained by the strategy considered."""

    STAGE_EQUILIBRIUM = "the cooperative profile is a Nash equilibrium of the stage game"
    SUSTAINABLE = "sustainable for patient enough players"
    IMPOSSIBLE = "not sustainable for any discount factor below 1"
    INVALID_PUNISHMENT = "the punishment profile is not a Nash equilibrium of the stage game"


# --- minmax -------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Minmax:
    """Player ``player``'s minmax value and how the others hold it there.

    ``punishers`` is the others' strategy: for two players the opponent's mixed strategy (a
    probability vector); for more, the others' pure profile (indices). ``mixed`` says which.
    ``exact`` is the value as a Fraction when the game is exact and the value is attained by a
    pure punishment.
    """

    player: int
    value: float
    punishers: np.ndarray
    mixed: bool
    exact: Fraction | None = None


def minmax(game: NormalFormGame, player: int) -> Minmax:
    r"""Minmax value of ``player``: :math:`\min_{\sigma_{-i}} \max_{s_i} u_i(s_i, \sigma_{-i})`.

    For two players, a linear program over the opponent's mixed strategies :math:`q`:
    minimise :math:`v` subject to :math:`\sum_j u_i(s, j) q_j \le v` for every own strategy
    :math:`s`, :math:`q \ge 0`, :math:`\sum_j q_j = 1` (solved by HiGHS; a failure raises
    :class:`SolverError`); up to :data:`_ZERO_SUM_MAX` strategies a side the same optimum
    comes from the equilibria of the zero-sum game instead, several times faster. For three
    or more players the others are restricted to pure profiles, an upper bound on the minmax
    with independent mixing.
    """
    u = game.u
    ui = np.moveaxis(u[player], player, 0)  # own strategy first, then the others
    own = ui.shape[0]
    flat = ui.reshape(own, -1)
    best = flat.max(axis=0)
    k = int(np.argmin(best))
    pure_value = float(best[k])
    exact = None
    if game.u_exact is not None:
        ue = np.moveaxis(game.u_exact[player], player, 0).reshape(own, -1)
        exact = max(ue[:, k])
    if game.n_players != 2:
        others = np.unravel_index(k, ui.shape[1:])
        return Minmax(player, pure_value, np.array([int(x) for x in others]), False, exact)
    m = flat.shape[1]
    if max(own, m) <= _ZERO_SUM_MAX:
        q, value = _minmax_by_enumeration(flat)
    else:
        q, value = _minmax_by_lp(flat, game.players[player])
    if pure_value - value <= atol(u):  # a pure punishment does as well: keep it exact
        q = np.zeros(m)
        q[k] = 1.0
        return Minmax(player, pure_value, q, True, exact)
    return Minmax(player, value, q, True, None)


#: Games with at most this many strategies a side get their minmax from the equilibria of the
#: zero-sum game (the batched solver: several times faster than a linear program there).
_ZERO_SUM_MAX = 3


def _minmax_by_enumeration(flat: np.ndarray) -> tuple[np.ndarray, float]:
    r"""The punisher's minmax strategy and the value, for a small game: the column player's
    strategy in an equilibrium of the zero-sum game :math:`(U, -U)` is an optimal punishment
    (von Neumann's minimax theorem: every equilibrium of a zero-sum game is a pair of optimal
    strategies), and the value is the best reply's payoff against it."""
    found = batched_equilibria(np.stack([flat, -flat])[None])
    q = found.y[0]
    return q, float((flat @ q).max())


def _minmax_by_lp(flat: np.ndarray, name: str) -> tuple[np.ndarray, float]:
    """The punisher's minmax strategy and the value by a linear program (any size): the
    punisher's maxmin of the negated payoffs, :func:`negotiate.solvers.security.maxmin`."""
    try:
        q, level = maxmin(-flat.T)
    except SolverError as err:
        raise SolverError(f"minmax of {name}: {err}") from err
    return q, -level


# --- grim trigger -------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class GrimTrigger:
    """The critical discount factor of grim trigger for one cooperative profile.

    Attributes
    ----------
    delta
        :math:`\\delta^*` (a Fraction when the payoffs are exact), 0 when the cooperative profile
        is a stage equilibrium, None when no discount factor below 1 works.
    reward, temptation, punishment
        :math:`R_i, T_i, P_i` per player; :math:`T_i` is the best payoff of a strategy other
        than the cooperative one (None for a player with a single strategy).
    binding
        The players whose constraint gives :math:`\\delta^*`.
    punishment_kind
        ``"nash reversion to (..)"`` or ``"minmax"``.
    notion
        The equilibrium notion the strategies satisfy for :math:`\\delta \\ge \\delta^*`.
    explanation
        One line for a report.
    interval
        Every discount factor for which no one-shot deviation pays: ``[delta, 1)``, or bounded
        above when a punishment pays some player more than cooperating.
    """

    cooperative: tuple[int, ...]
    status: Status
    delta: Number | None
    reward: tuple[Number, ...]
    temptation: tuple[Number, ...]
    punishment: tuple[Number, ...]
    binding: tuple[int, ...]
    punishment_kind: str
    notion: str
    explanation: str
    interval: DiscountInterval | None = None

    def deviation_gains(self, delta: float) -> np.ndarray:
        r"""Each player's gain from a one-shot deviation at discount factor ``delta``:
        :math:`T_i + \delta P_i / (1 - \delta) - R_i / (1 - \delta)`."""
        t = np.array([-np.inf if x is None else float(x) for x in self.temptation])
        r, p = (np.array([float(x) for x in v]) for v in (self.reward, self.punishment))
        return t + delta * p / (1 - delta) - r / (1 - delta)


def grim_trigger(
    game: NormalFormGame,
    cooperative: Sequence[int],
    punishment: Sequence[int] | Equilibrium | None = None,
    tol: float = TOL,
) -> GrimTrigger:
    """Critical discount factor for grim trigger to sustain ``cooperative``.

    Parameters
    ----------
    game
        The stage game, two or more players.
    cooperative
        The cooperative pure profile, one strategy index per player.
    punishment
        A Nash equilibrium of the stage game to revert to (a pure profile by indices, or an
        :class:`Equilibrium`; it is verified), or None for minmax punishment (see the module
        docstring for what each guarantees).
    tol
        Relative tolerance: differences below ``atol(game.u, tol)`` count as zero.

    Raises
    ------
    GameError
        If the game has one player, the profile does not fit it, or ``punishment`` is not a
        stage Nash equilibrium.
    """
    profile = _check_profile(game, cooperative)
    n = game.n_players
    exact = game.u_exact is not None
    u = game.u_exact if exact else game.u
    eps = atol(game.u, tol)
    reward = tuple(u[(i, *profile)] for i in range(n))
    temptation = tuple(_best_deviation(u, i, profile) for i in range(n))
    if punishment is None:
        values = [minmax(game, i) for i in range(n)]
        pun: tuple = tuple(
            m.exact if exact and m.exact is not None and m.value == float(m.exact) else m.value
            for m in values
        )
        kind = "minmax" if n == 2 else "pure minmax"
        notion = "Nash equilibrium of the repeated game (minmax punishment may not be credible)"
    else:
        if isinstance(punishment, Equilibrium):
            eq = punishment
        else:
            eq = Equilibrium.pure(game.shape, _check_profile(game, punishment))
        try:
            eq.verify(game, tol)
        except VerificationError as err:
            raise GameError(f"the punishment must be a stage Nash equilibrium: {err}") from None
        if eq.is_pure and exact:
            pure = tuple(int(np.argmax(p)) for p in eq.profile)
            pun = tuple(u[(i, *pure)] for i in range(n))
        else:
            pun = tuple(float(x) for x in eq.payoffs(game))
        kind = "nash reversion to " + _names(game, eq)
        notion = "subgame perfect equilibrium (Nash reversion, Friedman 1971)"
    conditions: list[list[tuple[Number, Number]]] = []
    for i in range(n):
        if temptation[i] is None:  # a player with one strategy cannot deviate
            conditions.append([])
        else:  # R >= (1 - d) T + d P  <=>  d (T - P) >= T - R
            conditions.append([(temptation[i] - pun[i], temptation[i] - reward[i])])
    own = [DiscountInterval.solve(c, eps) for c in conditions]
    interval = DiscountInterval.solve([c for cs in conditions for c in cs], eps)
    base = dict(
        cooperative=profile,
        reward=reward,
        temptation=temptation,
        punishment=pun,
        punishment_kind=kind,
        notion=notion,
        interval=interval,
    )
    if interval.empty:
        stuck = tuple(i for i, d in enumerate(own) if d.empty)
        if stuck:
            who = ", ".join(game.players[i] for i in stuck)
            below = [i for i in stuck if float(reward[i]) < minmax(game, i).value - eps]
            why = (
                "its cooperative payoff is below its minmax value"
                if below
                else "the punishment is no worse for it than cooperating"
            )
            text = f"{who} gains by deviating and {why}: no discount factor below 1 deters it"
        else:
            stuck = tuple(range(n))
            text = "the players' conditions on the discount factor conflict: " + "; ".join(
                f"{game.players[i]}: {d.text()}" for i, d in enumerate(own)
            )
        return GrimTrigger(
            status=Status.IMPOSSIBLE, delta=None, binding=stuck, explanation=text, **base
        )
    upper = f" and delta <= {float(interval.high):.6g}" if interval.high_closed else ""
    stage = all(t is None or float(t - r) <= eps for t, r in zip(temptation, reward, strict=True))
    if stage and float(interval.low) == 0:
        return GrimTrigger(
            status=Status.STAGE_EQUILIBRIUM,
            delta=Fraction(0) if exact else 0.0,
            binding=(),
            explanation="the cooperative profile is a stage Nash equilibrium: delta* = 0" + upper,
            **base,
        )
    binding = tuple(i for i, d in enumerate(own) if float(d.low) == float(interval.low))
    return GrimTrigger(
        status=Status.SUSTAINABLE,
        delta=interval.low if exact else float(interval.low),
        binding=binding,
        explanation=(
            f"grim trigger with {kind} sustains the profile for delta >= "
            f"{float(interval.low):.6g}{upper}; binding: "
            f"{', '.join(game.players[i] for i in binding)}"
        ),
        **base,
    )


def _best_deviation(u: np.ndarray, i: int, profile: tuple[int, ...]) -> Number | None:
    """Player i's best payoff from a strategy other than its own in ``profile`` (None if it
    has no other strategy)."""
    others = []
    for s in range(u.shape[i + 1]):
        if s != profile[i]:
            index = list(profile)
            index[i] = s
            others.append(u[(i, *index)])
    return max(others) if others else None


def _check_profile(game: NormalFormGame, profile: Sequence[int]) -> tuple[int, ...]:
    if game.n_players < 2:
        raise GameError("a repeated game needs at least two players")
    p = tuple(int(k) for k in profile)
    if len(p) != game.n_players or any(not 0 <= k < s for k, s in zip(p, game.shape, strict=True)):
        raise GameError(f"profile {list(profile)} does not fit a game of shape {game.shape}")
    return p


def _names(game: NormalFormGame, eq: Equilibrium) -> str:
    if eq.is_pure:
        pure = tuple(int(np.argmax(p)) for p in eq.profile)
        return "(" + ", ".join(game.profile_names(pure)) + ")"
    return "a mixed equilibrium"


# --- tit for tat --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiscountInterval:
    """The discount factors :math:`\\delta \\in [0, 1)` satisfying linear conditions
    :math:`a\\delta \\ge b`: ``[low, high]`` (``high`` excluded when it is 1), or empty."""

    low: Number
    high: Number
    high_closed: bool
    empty: bool

    @classmethod
    def solve(cls, conditions: Sequence[tuple[Number, Number]], eps: float) -> DiscountInterval:
        """Intersect ``{delta : a delta >= b}`` over ``conditions`` with ``[0, 1)``; ``a`` or
        ``b`` within ``eps`` of 0 count as 0."""
        low: Number = 0
        high: Number = 1
        high_closed = False
        empty = False
        for a, b in conditions:
            if abs(float(a)) <= eps:
                empty |= float(b) > eps
            elif a > 0:
                low = max(low, b / a, key=float)
            else:
                bound = b / a  # delta <= bound; a bound at or above 1 constrains nothing
                if float(bound) < float(high):
                    high, high_closed = bound, True
        if float(low) > float(high) + eps or (float(low) >= float(high) and not high_closed):
            empty = True
        return cls(low, high, high_closed, empty)

    def contains(self, delta: float, eps: float = 0.0) -> bool:
        if self.empty:
            return False
        upper = delta <= float(self.high) + eps if self.high_closed else delta < float(self.high)
        return float(self.low) - eps <= delta and upper and 0 <= delta < 1

    def text(self) -> str:
        if self.empty:
            return "no discount factor"
        if self.high_closed and float(self.low) == float(self.high):
            return f"delta = {float(self.low):.6g} only"
        close = "]" if self.high_closed else ")"
        return f"delta in [{float(self.low):.6g}, {float(self.high):.6g}{close}"


@dataclass(frozen=True, eq=False)
class TitForTat:
    """When tit for tat against itself is an equilibrium of the repeated game.

    ``payoffs[i]`` is ``{"R": .., "S": .., "T": .., "P": ..}`` for player ``i`` (own action
    first); ``nash`` and ``subgame_perfect`` are the discount factors for which TFT is a Nash,
    respectively subgame perfect, equilibrium (see the module docstring).
    """

    cooperative: tuple[int, int]
    payoffs: tuple[Mapping[str, Number], Mapping[str, Number]]
    nash: DiscountInterval
    subgame_perfect: DiscountInterval
    explanation: str


def tit_for_tat(game: NormalFormGame, cooperative: Sequence[int], tol: float = TOL) -> TitForTat:
    """Discount factors for which tit for tat sustains ``cooperative`` in a 2x2 stage game.

    Raises
    ------
    GameError
        Unless the game has two players with two strategies each (tit for tat needs one
        "defection" to answer with).
    """
    if game.shape != (2, 2):
        raise GameError(
            f"tit for tat needs two players with two strategies each, not shape {game.shape}"
        )
    c = _check_profile(game, cooperative)
    u = game.u_exact if game.u_exact is not None else game.u
    eps = atol(game.u, tol)

    def own(i: int, mine: int, theirs: int) -> Number:
        """Player i's payoff when it plays `mine` and the other `theirs` (0 = C, 1 = D)."""
        act = [0, 0]
        act[i] = c[i] if mine == 0 else 1 - c[i]
        act[1 - i] = c[1 - i] if theirs == 0 else 1 - c[1 - i]
        return u[(i, *act)]

    payoffs = tuple(
        {"R": own(i, 0, 0), "S": own(i, 0, 1), "T": own(i, 1, 0), "P": own(i, 1, 1)}
        for i in range(2)
    )
    nash_conditions = []
    spe_conditions = []
    for i in range(2):
        r, s, t, p = (payoffs[i][k] for k in "RSTP")
        nash_conditions += [(t - p, t - r), (r - s, t - r)]
        for x_own in (0, 1):
            for x_other in (0, 1):
                y = 1 - x_other
                a = own(i, x_own, x_other) - own(i, x_own, y)
                b = own(i, y, x_own) - own(i, x_other, x_own)
                spe_conditions.append((a, b))
    nash = DiscountInterval.solve(nash_conditions, eps)
    spe = DiscountInterval.solve(spe_conditions, eps)
    explanation = (
        f"tit for tat is a Nash equilibrium for {nash.text()} (Axelrod 1984, Proposition 2) "
        f"and subgame perfect for {spe.text()}"
    )
    return TitForTat((c[0], c[1]), payoffs, nash, spe, explanation)  # type: ignore[arg-type]


# --- folk theorem -------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class FolkRegion:
    """Feasible and individually rational payoffs of a two-player game.

    ``vertices`` (shape ``(m, 2)``, counter-clockwise, no repeats) span the region: a polygon,
    or a segment (``m = 2``) or a point (``m = 1``) in degenerate games. ``feasible`` are the
    vertices of the convex hull of the pure payoff profiles, ``minmax`` the two
    :class:`Minmax` values.
    """

    vertices: np.ndarray
    feasible: np.ndarray
    minmax: tuple[Minmax, Minmax]
    tol: float

    def contains(self, point: Sequence[float]) -> bool:
        """Whether ``point`` lies in the region, to the tolerance."""
        x = np.asarray(point, dtype=float)
        v = np.array([m.value for m in self.minmax])
        return bool(np.all(x >= v - self.tol)) and _in_convex(self.vertices, x, self.tol)


def folk_region(game: NormalFormGame, tol: float = TOL) -> FolkRegion:
    r"""Feasible, individually rational payoff set of a two-player game (the folk theorem set).

    Notes
    -----
    The convex hull of the pure payoff profiles (Andrew's monotone chain) is clipped by the
    half-planes :math:`x_1 \ge v_1` and :math:`x_2 \ge v_2` (Sutherland-Hodgman), where
    :math:`v_i` is the mixed minmax value from :func:`minmax`. The region is never empty: it
    contains every Nash equilibrium payoff. Fudenberg and Maskin (1986), Theorem 1.
    """
    if game.n_players != 2:
        raise GameError(f"the folk region is drawn for two players, this game has {game.n_players}")
    eps = atol(game.u, tol)
    points = game.u.reshape(2, -1).T
    hull = _convex_hull(points, eps)
    mm = (minmax(game, 0), minmax(game, 1))
    region = hull
    for axis in range(2):
        region = _clip(region, axis, mm[axis].value, eps)
    region = _dedupe(region, eps)
    return FolkRegion(vertices=region, feasible=hull, minmax=mm, tol=eps)


def _convex_hull(points: np.ndarray, eps: float) -> np.ndarray:
    pts = sorted({(float(x), float(y)) for x, y in points})
    if len(pts) <= 2:
        return _dedupe(np.array(pts), eps)

    def half(seq: list) -> list:
        out: list = []
        for p in seq:
            while len(out) >= 2 and _cross(out[-2], out[-1], p) <= eps * eps:
                out.pop()
            out.append(p)
        return out

    lower, upper = half(pts), half(pts[::-1])
    hull = np.array(lower[:-1] + upper[:-1])
    return _dedupe(hull, eps)


def _cross(o: Sequence[float], a: Sequence[float], b: Sequence[float]) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _clip(poly: np.ndarray, axis: int, bound: float, eps: float) -> np.ndarray:
    """Part of the convex polygon ``poly`` with coordinate ``axis`` at least ``bound``."""
    if len(poly) == 0:
        return poly
    if len(poly) == 1:
        return poly if poly[0, axis] >= bound - eps else poly[:0]
    out = []
    n = len(poly)
    for k in range(n):
        p, q = poly[k], poly[(k + 1) % n]
        p_in, q_in = p[axis] >= bound - eps, q[axis] >= bound - eps
        if p_in:
            out.append(p)
        if p_in != q_in:
            s = (bound - p[axis]) / (q[axis] - p[axis])
            point = p + s * (q - p)
            point[axis] = bound
            out.append(point)
    return np.array(out).reshape(-1, 2)


def _dedupe(poly: np.ndarray, eps: float) -> np.ndarray:
    out: list = []
    for p in np.asarray(poly, dtype=float).reshape(-1, 2):
        if not any(np.max(np.abs(p - q)) <= eps for q in out):
            out.append(p)
    return np.array(out).reshape(-1, 2)


def _in_convex(poly: np.ndarray, x: np.ndarray, eps: float) -> bool:
    m = len(poly)
    if m == 0:
        return False
    if m == 1:
        return bool(np.max(np.abs(poly[0] - x)) <= eps)
    if m == 2:
        a, b = poly
        d = b - a
        s = float(np.clip(np.dot(x - a, d) / np.dot(d, d), 0.0, 1.0))
        return bool(np.linalg.norm(a + s * d - x) <= eps)
    scale = float(np.max(np.ptp(poly, axis=0))) or 1.0
    return all(_cross(poly[k], poly[(k + 1) % m], x) >= -eps * scale for k in range(m))


def plot_folk(game: NormalFormGame, path: str | os.PathLike, tol: float = TOL) -> Path:
    """Draw the pure payoff profiles, the feasible set, the minmax lines and the folk region.

    Writes ``path`` (``.png`` or ``.svg``) atomically: to a temporary file in the same folder,
    then :func:`os.replace`. Returns the path written.
    """
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in {"png", "svg"}:
        raise GameError(f"{target}: plots are written as .png or .svg, not {target.suffix!r}")
    region = folk_region(game, tol)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5, 5))
    FigureCanvasAgg(fig)  # the Agg backend, without touching pyplot's global state
    ax = fig.add_subplot()
    pts = game.u.reshape(2, -1).T
    hull = region.feasible
    if len(hull) >= 3:
        ax.fill(hull[:, 0], hull[:, 1], color="0.9", label="feasible")
    if len(region.vertices) >= 3:
        ax.fill(*region.vertices.T, color="tab:blue", alpha=0.4, label="feasible and IR")
    elif len(region.vertices) >= 1:
        ax.plot(*region.vertices.T, "o-", color="tab:blue", label="feasible and IR")
    v1, v2 = (m.value for m in region.minmax)
    ax.axvline(v1, color="tab:red", lw=0.8, ls="--", label="minmax")
    ax.axhline(v2, color="tab:red", lw=0.8, ls="--")
    ax.plot(pts[:, 0], pts[:, 1], "k.", label="pure profiles")
    for profile, (x, y) in zip(game.profiles(), pts, strict=True):
        ax.annotate(", ".join(game.profile_names(profile)), (x, y), fontsize=7)
    ax.set_xlabel(game.players[0])
    ax.set_ylabel(game.players[1])
    ax.set_title(game.title or "Folk theorem region")
    ax.legend(fontsize=7)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=f".{fmt}")
    try:
        with os.fdopen(fd, "wb") as fh:
            fig.savefig(fh, format=fmt)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


# --- along a parameter --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class DiscountCurve:
    """:math:`\\delta^*` of grim trigger at each value of a parameter.

    ``delta`` is NaN where ``status`` is :attr:`Status.IMPOSSIBLE` or
    :attr:`Status.INVALID_PUNISHMENT`, and 0 where the profile is a stage equilibrium;
    ``delta_max`` is the upper end of the sustaining interval (1, excluded, unless a punishment
    pays a player more than cooperating).
    """

    parameter: str
    values: np.ndarray
    delta: np.ndarray
    delta_max: np.ndarray
    status: tuple[Status, ...]
    punishment_kind: str


def critical_discount_along(
    spec: GameSpec,
    parameter: str,
    values: Sequence[float] | np.ndarray,
    cooperative: Sequence[int],
    punishment: Sequence[int] | None = None,
    fixed: Mapping[str, float] | None = None,
    tol: float = TOL,
) -> DiscountCurve:
    """Grim trigger's critical discount factor as ``parameter`` runs over ``values``.

    Payoffs come from one vectorised :meth:`GameSpec.payoff_batch`. ``punishment`` is a pure
    profile to revert to (checked to be a stage Nash equilibrium at every value; where it is
    not, the status says so), or None for minmax punishment (a linear program per value for two
    players, pure minmax otherwise). The formula is :func:`grim_trigger`'s.
    """
    vals = np.asarray(values, dtype=float).ravel()
    u = spec.payoff_batch({**(fixed or {}), parameter: vals})  # (k, n, s0, ..., sn-1)
    n = len(spec.players)
    if n < 2:
        raise GameError("a repeated game needs at least two players")
    profile = tuple(int(x) for x in cooperative)
    if len(profile) != n:
        raise GameError(f"profile {list(cooperative)} does not fit {n} players")
    k = vals.size
    span = u.reshape(k, -1).max(axis=1) - u.reshape(k, -1).min(axis=1)
    eps = tol * np.where(span > 0, span, 1.0)
    reward = np.stack([u[(slice(None), i, *profile)] for i in range(n)], axis=1)
    temptation = np.full((k, n), -np.inf)
    for i in range(n):
        for alt in range(spec.shape[i]):
            if alt != profile[i]:
                dev = (*profile[:i], alt, *profile[i + 1 :])
                temptation[:, i] = np.maximum(temptation[:, i], u[(slice(None), i, *dev)])
    valid = np.ones(k, dtype=bool)
    if punishment is None:
        kind = "minmax" if n == 2 else "pure minmax"
        pun = np.array(
            [[minmax(_stage(spec, u[j]), i).value for i in range(n)] for j in range(k)]
        ).reshape(k, n)
    else:
        p = tuple(int(x) for x in punishment)
        kind = "nash reversion"
        pun = np.stack([u[(slice(None), i, *p)] for i in range(n)], axis=1)
        mask = pure_equilibrium_mask(u, eps, n_players=n)
        valid = mask[(slice(None), *p)]
    # d (T - P) >= T - R for each player: a lower bound where T - P > 0, an upper one where < 0.
    a = temptation - pun
    b = temptation - reward
    e = eps[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = b / a
        lower = np.where(a > e, ratio, 0.0)
        upper = np.where(a < -e, ratio, 1.0)
        never = (np.abs(a) <= e) & (b > e)
    lower = np.where(np.isneginf(temptation), 0.0, lower)
    upper = np.where(np.isneginf(temptation), 1.0, upper)
    low = np.maximum(lower.max(axis=1), 0.0)
    high = upper.min(axis=1)
    impossible = never.any(axis=1) | (low > high + eps) | (low >= 1.0)
    delta = np.where(valid & ~impossible, low, np.nan)
    delta_max = np.where(valid & ~impossible, high, np.nan)
    stage = (b <= e).all(axis=1)
    status = tuple(
        Status.INVALID_PUNISHMENT
        if not valid[j]
        else Status.IMPOSSIBLE
        if np.isnan(delta[j])
        else Status.STAGE_EQUILIBRIUM
        if delta[j] == 0 and stage[j]
        else Status.SUSTAINABLE
        for j in range(k)
    )
    return DiscountCurve(parameter, vals, delta, delta_max, status, kind)


def _stage(spec: GameSpec, u: np.ndarray) -> NormalFormGame:
    return NormalFormGame(players=spec.players, strategies=spec.strategies, u=u)
