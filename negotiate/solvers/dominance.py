r"""Iterated elimination of dominated strategies, by pure or mixed strategies, for n players.

Let :math:`A_{-i}` be the pure profiles of player :math:`i`'s opponents that survive so far and
:math:`T_i` the surviving strategies of :math:`i`. A strategy :math:`s \in T_i` is

* *strictly dominated* when some mixed :math:`\sigma` on :math:`T_i \setminus \{s\}` has
  :math:`\sum_t \sigma_t u_i(t, a) > u_i(s, a)` for every :math:`a \in A_{-i}`;
* *weakly dominated* when some such :math:`\sigma` has :math:`\ge` everywhere and :math:`>` for at
  least one :math:`a`.

Both are linear programs (Myerson 1991, *Game Theory*, section 3.1; Osborne & Rubinstein 1994,
*A Course in Game Theory*, chapter 4). Pure domination is tested first, vectorised; the LP
only runs when no pure strategy dominates.

Order of elimination
--------------------
One strategy is removed per step: the dominated strategy with the smallest ``(player, strategy)``
index in the original game, in the game that survives the earlier steps. The order is therefore
deterministic.

Iterated *strict* elimination yields the same reduced game in any order (Gilboa, Kalai & Zemel
1990, "On the order of eliminating dominated strategies", *Operations Research Letters* 9(2);
for domination by mixed strategies too, Apt 2004, *Contributions to Theoretical Economics*
4(1)), and it never removes a strategy used in any Nash equilibrium. Iterated *weak* elimination is
**order-dependent**: another order can leave a different reduced game and lose different
equilibria. Every equilibrium of a weakly reduced game is still an equilibrium of the full game,
but not conversely.

Tolerance: payoff differences within ``atol`` (see :func:`negotiate.numeric.atol`) count as
equal; a strict domination needs a margin above ``atol`` at every opponent profile, a weak one
margins of at least ``-atol`` everywhere and above ``atol`` somewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiate.lp import best_mixture, solve_lp, unit_range


@dataclass(frozen=True, eq=False)
class EliminationStep:
    """One eliminated strategy and the strategy that dominates it.

    Attributes
    ----------
    player
        Index of the player.
    strategy
        Index of the eliminated strategy in the original game.
    dominator
        Mixed strategy over the player's *original* strategies (zeros on eliminated ones) that
        dominates ``strategy`` in the game surviving the earlier steps; read-only.
    pure
        Index of the dominating strategy when it is pure, else ``None``.
    margin
        The smallest payoff gain of ``dominator`` over ``strategy`` over surviving opponent
        profiles (strict) or the largest (weak).
    """

    player: int
    strategy: int
    dominator: np.ndarray
    pure: int | None
    margin: float

    def __post_init__(self) -> None:
        d = np.array(self.dominator, dtype=float)
        d.flags.writeable = False
        object.__setattr__(self, "dominator", d)


def _player_matrix(u: np.ndarray, player: int, keep: list[list[int]]) -> np.ndarray:
    """Player's payoffs restricted to surviving strategies: rows its strategies, columns the
    surviving opponent profiles."""
    sub = u[player][np.ix_(*keep)]
    return np.moveaxis(sub, player, 0).reshape(len(keep[player]), -1)


def _mixed_dominator(
    m: np.ndarray, row: int, weak: bool, atol: float
) -> tuple[np.ndarray, float] | None:
    """Mixed strategy over rows other than ``row`` dominating it, by linear programming."""
    others = [r for r in range(m.shape[0]) if r != row]
    if not others:
        return None
    # The LP on the payoffs scaled onto [0, 1] (the same dominators), the check on m itself.
    scaled = unit_range(m)
    what = "domination by a mixed strategy"
    if weak:
        # max sum_a (sigma . M[:, a] - M[row, a])  s.t. sigma . M[:, a] >= M[row, a]
        diff = scaled[others].T  # (profiles, candidates)
        k = len(others)
        found = solve_lp(
            -diff.sum(axis=0),
            [(0.0, None)] * k,
            what,
            a_ub=-diff,
            b_ub=-scaled[row],
            a_eq=np.ones((1, k)),
            b_eq=np.ones(1),
            allow_infeasible=True,  # infeasible: nothing weakly dominates
        )
        if found is None:
            return None
        sigma = np.clip(found, 0.0, None)
        sigma = sigma / sigma.sum()
    else:  # max eps  s.t. sigma . M[:, a] - eps >= M[row, a]
        sigma = best_mixture(scaled[others], what, floor=scaled[row])
    gains = sigma @ m[others] - m[row]
    # Accept only a certificate that checks out on the original numbers.
    if weak:
        if gains.min() >= -atol and gains.max() > atol:
            full = np.zeros(m.shape[0])
            full[others] = sigma
            return full, float(gains.max())
    elif gains.min() > atol:
        full = np.zeros(m.shape[0])
        full[others] = sigma
        return full, float(gains.min())
    return None


def _pure_dominator(m: np.ndarray, row: int, weak: bool, atol: float) -> tuple[int, float] | None:
    gains = m - m[row]  # (rows, profiles)
    if weak:
        ok = (gains.min(axis=1) >= -atol) & (gains.max(axis=1) > atol)
        margin = gains.max(axis=1)
    else:
        ok = gains.min(axis=1) > atol
        margin = gains.min(axis=1)
    ok[row] = False
    hits = np.flatnonzero(ok)
    if hits.size == 0:
        return None
    return int(hits[0]), float(margin[hits[0]])


def dominating_strategy(
    u: np.ndarray,
    player: int,
    strategy: int,
    keep: list[list[int]],
    weak: bool,
    atol: float,
    mixed: bool = True,
) -> EliminationStep | None:
    """A strategy dominating ``strategy`` of ``player`` in the subgame ``keep``, or ``None``.

    ``keep[i]`` lists player ``i``'s surviving strategies (original indices, ascending) and must
    contain ``strategy``. A pure dominator with the lowest index is preferred; otherwise, when
    ``mixed``, a mixed one is sought by linear programming.

    Raises
    ------
    SolverError
        If the linear program fails.
    """
    m = _player_matrix(np.asarray(u, dtype=float), player, keep)
    row = keep[player].index(strategy)
    n_orig = u.shape[player + 1]
    found = _pure_dominator(m, row, weak, atol)
    if found is not None:
        t, margin = found
        vec = np.zeros(n_orig)
        vec[keep[player][t]] = 1.0
        return EliminationStep(player, strategy, vec, keep[player][t], margin)
    if not mixed or m.shape[0] < 3:  # with two rows a mixed dominator is the pure one
        return None
    got = _mixed_dominator(m, row, weak, atol)
    if got is None:
        return None
    sigma, margin = got
    vec = np.zeros(n_orig)
    vec[keep[player]] = sigma
    return EliminationStep(player, strategy, vec, None, margin)


def iterated_elimination(
    u: np.ndarray, atol: float, weak: bool = False, mixed: bool = True
) -> tuple[tuple[tuple[int, ...], ...], tuple[EliminationStep, ...]]:
    """Iteratively remove dominated strategies; return the survivors and the steps in order.

    Parameters
    ----------
    u
        Payoffs, shape ``(n, s_0, ..., s_{n-1})``.
    atol
        Absolute payoff tolerance (``negotiate.numeric.atol(u)``).
    weak
        Eliminate weakly (instead of strictly) dominated strategies.
    mixed
        Also consider domination by mixed strategies (linear programming).

    Returns
    -------
    survivors, steps
        ``survivors[i]`` are player ``i``'s remaining strategy indices (ascending); ``steps`` the
        eliminations in the order made (see the module notes: lowest ``(player, strategy)``
        first, one at a time; deterministic, and for weak elimination order-dependent).

    Raises
    ------
    SolverError
        If a linear program fails.
    """
    u = np.asarray(u, dtype=float)
    n = u.shape[0]
    keep = [list(range(k)) for k in u.shape[1:]]
    steps: list[EliminationStep] = []
    while True:
        step = None
        for i in range(n):
            if len(keep[i]) < 2:
                continue
            for s in keep[i]:
                step = dominating_strategy(u, i, s, keep, weak, atol, mixed)
                if step is not None:
                    break
            if step is not None:
                break
        if step is None:
            return tuple(tuple(k) for k in keep), tuple(steps)
        keep[step.player].remove(step.strategy)
        steps.append(step)
