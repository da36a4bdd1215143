r"""Pure-strategy Nash equilibria of games with any number of players, vectorised.

A profile :math:`a` is a pure equilibrium when for every player :math:`i`,
:math:`u_i(a) \ge \max_{s} u_i(s, a_{-i})`. With the payoff array ``u`` of shape
``(n, s_0, ..., s_{n-1})`` this is one maximum per player along its own axis and a comparison:
no Python loop over profiles. The result is complete.
"""

from __future__ import annotations

import numpy as np


def pure_equilibrium_mask(
    u: np.ndarray, atol: float | np.ndarray, n_players: int | None = None
) -> np.ndarray:
    """Boolean array of shape ``(s_0, ..., s_{n-1})``: True at pure equilibria.

    ``u`` may carry leading batch axes, shape ``(..., n, s_0, ..., s_{n-1})``; pass
    ``n_players`` then (it defaults to ``u.shape[0]``), and the mask has the batch axes too.
    ``atol`` is a number, or one tolerance per player: an array of shape ``(..., n)`` matching
    the batch axes (see :func:`negotiate.numeric.player_tolerances`).
    """
    u = np.asarray(u, dtype=float)
    n = u.shape[0] if n_players is None else n_players
    player_axis = u.ndim - n - 1
    tolerance = np.asarray(atol, dtype=float)
    per_player = (
        tolerance.ndim > 0 and tolerance.shape[-1] == n and tolerance.ndim == player_axis + 1
    )
    ok = None
    for i in range(n):
        ui = np.take(u, i, axis=player_axis)
        axis = player_axis + i
        best = ui.max(axis=axis, keepdims=True)
        ti = tolerance[..., i] if per_player else tolerance
        stable = ui >= best - _expand(ti, ui.ndim)
        ok = stable if ok is None else ok & stable
    return ok


def pure_equilibria(u: np.ndarray, atol: float | np.ndarray) -> list[tuple[int, ...]]:
    """All pure Nash equilibria as strategy-index tuples, in lexicographic order."""
    mask = pure_equilibrium_mask(u, atol)
    return [tuple(int(k) for k in idx) for idx in np.argwhere(mask)]


def _expand(atol: float | np.ndarray, ndim: int) -> float | np.ndarray:
    a = np.asarray(atol, dtype=float)
    return a.reshape(a.shape + (1,) * (ndim - a.ndim)) if a.ndim else float(a)
