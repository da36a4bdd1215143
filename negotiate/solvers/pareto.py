r"""Pareto-efficient pure outcomes of a game with any number of players, vectorised.

A pure profile :math:`a` is Pareto-dominated by :math:`b` when :math:`u_i(b) \ge u_i(a)` for
every player and :math:`u_j(b) > u_j(a)` for some player; it is Pareto-efficient (among pure
profiles) when no profile dominates it (Myerson 1991, *Game Theory: Analysis
of Conflict*, chapter 8).

With a tolerance, :math:`b` dominates :math:`a` when :math:`u(b) \ge u(a) - \text{atol}`
everywhere, :math:`u_j(b) > u_j(a) + \text{atol}` somewhere, and the payoff sum rises. The last
clause changes nothing for exact data (integers with a small ``atol``) but makes the relation
acyclic, so the efficient set is never empty (a profile of maximal payoff sum is efficient).
The result is complete over pure profiles.
"""

from __future__ import annotations

import numpy as np

#: Largest number of pairwise comparisons held in memory at once.
_CHUNK_PAIRS = 1 << 22


def pareto_mask(u: np.ndarray, atol: float) -> np.ndarray:
    """Boolean array of shape ``(s_0, ..., s_{n-1})``: True at Pareto-efficient pure profiles."""
    u = np.asarray(u, dtype=float)
    n = u.shape[0]
    pay = u.reshape(n, -1).T  # (profiles, players)
    k = pay.shape[0]
    total = pay.sum(axis=1)
    dominated = np.zeros(k, dtype=bool)
    rows = max(1, _CHUNK_PAIRS // max(1, k * n))
    for start in range(0, k, rows):
        a = pay[start : start + rows, None, :]  # candidates being tested
        diff = pay[None, :, :] - a  # (chunk, others, players)
        dom = (
            np.all(diff >= -atol, axis=2)
            & np.any(diff > atol, axis=2)
            & (total[None, :] > total[start : start + rows, None])
        )
        dominated[start : start + rows] = dom.any(axis=1)
    return ~dominated.reshape(u.shape[1:])


def pareto_efficient_profiles(u: np.ndarray, atol: float) -> list[tuple[int, ...]]:
    """Pareto-efficient pure profiles, lexicographically sorted (never empty)."""
    return [tuple(int(k) for k in idx) for idx in np.argwhere(pareto_mask(u, atol))]
