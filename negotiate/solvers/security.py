r"""Security (maxmin) strategies for any game, and two-player zero-sum games, by linear programming.

Security level
--------------
Player :math:`i`'s security level is

.. math:: \underline v_i = \max_{x \in \Delta(S_i)} \min_{a_{-i}} \sum_{s} x_s\, u_i(s, a_{-i}),

the most :math:`i` can guarantee whatever the others do. The inner minimum runs over the
opponents' *pure joint profiles*: the opponents are treated as one coalition. For two players
this is the usual maxmin. For three or more it gives the same number as independent mixing by
the opponents, because for fixed :math:`x` the payoff is multilinear in their mixtures and so is
minimised at a vertex, a pure profile (Maschler, Solan & Zamir 2013, *Game Theory*, chapter 4).
The LP is

.. math:: \max_{x, v} v \quad\text{s.t.}\quad \sum_s x_s u_i(s, a_{-i}) \ge v\ \ \forall a_{-i},
          \quad \textstyle\sum_s x_s = 1,\ x \ge 0.

In any Nash equilibrium each player gets at least its security level.

Zero-sum games
--------------
When :math:`u_0 + u_1 = c` everywhere (constant-sum), von Neumann's minimax theorem (1928)
gives :math:`\max_x \min_y x^\top A y = \min_y \max_x x^\top A y = v` with :math:`A = u_0`;
the maximin :math:`x` and minimax :math:`y` form the Nash equilibria (the set of optimal
strategies is a product of polytopes). Both LPs are solved and must agree. Each LP returns one
optimal strategy; the output is not the complete set of optimal strategies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiate.errors import GameError, SolverError
from negotiate.lp import best_mixture, unit_range


def maxmin(m: np.ndarray) -> tuple[np.ndarray, float]:
    """``max_x min_j (x @ m)[j]`` over mixed ``x`` (rows of ``m`` are the player's
    strategies, columns what the others may do), by the LP of the module notes.

    The LP is solved on ``m`` scaled onto [0, 1] (:func:`negotiate.lp.unit_range`, which
    keeps the maxmin strategies). Returns the strategy (clipped to the simplex) and the level
    it actually guarantees, ``min_j (x @ m)[j]`` recomputed from it on ``m`` as given. A
    minmax (the opponent holding a player down) is ``maxmin(-m.T)`` with the level negated.

    Raises
    ------
    SolverError
        If the linear program fails.
    """
    x = best_mixture(unit_range(m), "a maxmin strategy")
    # Report the level the returned strategy actually guarantees.
    return x, float((x @ m).min())


def security_strategy(u: np.ndarray, player: int) -> tuple[np.ndarray, float]:
    """A maxmin mixed strategy of ``player`` and the security level it guarantees.

    Opponents are treated as a coalition choosing a pure joint profile (see the module notes:
    for a fixed mixed strategy this is also the worst case against independent mixing).

    Raises
    ------
    SolverError
        If the linear program fails.
    """
    u = np.asarray(u, dtype=float)
    m = np.moveaxis(u[player], player, 0).reshape(u.shape[player + 1], -1)
    return maxmin(m)


def is_zero_sum(u: np.ndarray, atol: float) -> bool:
    r"""True when the players' payoffs sum to the same constant at every profile (within ``atol``).

    Constant-sum games count: they are strategically equivalent to zero-sum games. Defined for
    any number of players; :func:`solve_zero_sum` needs two.
    """
    total = np.asarray(u, dtype=float).sum(axis=0)
    return bool(total.max() - total.min() <= atol)


@dataclass(frozen=True, eq=False)
class ZeroSumSolution:
    """Value and one pair of optimal strategies of a two-player constant-sum game.

    ``value`` is player 0's payoff; player 1 gets ``constant - value``. ``row`` (player 0's
    maximin) and ``col`` (player 1's minimax) are read-only; ``gap`` is the difference of the
    two LP values (0 up to solver precision, by the minimax theorem).
    """

    value: float
    row: np.ndarray
    col: np.ndarray
    constant: float
    gap: float

    def __post_init__(self) -> None:
        for name in ("row", "col"):
            a = np.array(getattr(self, name), dtype=float)
            a.flags.writeable = False
            object.__setattr__(self, name, a)


def solve_zero_sum(u: np.ndarray, atol: float) -> ZeroSumSolution:
    """Value and optimal strategies of a two-player zero- or constant-sum game.

    Parameters
    ----------
    u
        Payoffs, shape ``(2, m, n)``.
    atol
        Absolute payoff tolerance: the sum ``u_0 + u_1`` must be constant within it, and the two
        LP values must agree within it.

    Raises
    ------
    GameError
        If the game does not have two players or is not constant-sum.
    SolverError
        If an LP fails or the two values disagree by more than ``atol``.
    """
    u = np.asarray(u, dtype=float)
    if u.shape[0] != 2:
        raise GameError(f"a zero-sum solution needs 2 players, this game has {u.shape[0]}")
    if not is_zero_sum(u, atol):
        raise GameError("the game is not zero-sum (payoffs do not add to a constant)")
    a = u[0]
    constant = float((u[0] + u[1]).mean())
    x, lower = maxmin(a)  # row player maximises x A y
    y, minus_upper = maxmin(-a.T)  # column player minimises, i.e. maximises -x A y
    upper = -minus_upper
    gap = upper - lower
    if abs(gap) > atol:
        raise SolverError(f"zero-sum LP values disagree: {lower!r} and {upper!r}")
    return ZeroSumSolution(
        value=(lower + upper) / 2, row=x, col=y, constant=constant, gap=float(gap)
    )
