r"""Payoffs of mixed profiles, best responses and regret, for any number of players.

For a mixed profile :math:`\sigma = (\sigma_0, \dots, \sigma_{n-1})` the payoff of player
:math:`i`'s pure strategy :math:`s` against the others is

.. math:: v_i(s) = \sum_{a_{-i}} u_i(s, a_{-i}) \prod_{j \ne i} \sigma_j(a_j),

and the regret of the profile is :math:`\max_i \left(\max_s v_i(s) - \sigma_i \cdot v_i\right)`.
A profile is a Nash equilibrium exactly when its regret is zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np


def deviation_payoffs(u: np.ndarray, profile: Sequence[np.ndarray], player: int) -> np.ndarray:
    """Payoff to ``player`` of each of its pure strategies when the others play ``profile``."""
    payoff = np.asarray(u[player], dtype=float)
    if len(profile) == 2:  # one matrix-vector product (tensordot's set-up costs more)
        other = np.asarray(profile[1 - player], dtype=float)
        return payoff @ other if player == 0 else other @ payoff
    # Contract the other players' axes from the last to the first, so axis numbers stay valid.
    for j in range(len(profile) - 1, -1, -1):
        if j == player:
            continue
        payoff = np.tensordot(payoff, np.asarray(profile[j], dtype=float), axes=([j], [0]))
    return payoff


def expected_payoffs(u: np.ndarray, profile: Sequence[np.ndarray]) -> np.ndarray:
    """Expected payoff of every player under the mixed ``profile``."""
    return np.array(
        [
            float(deviation_payoffs(u, profile, i) @ np.asarray(profile[i], dtype=float))
            for i in range(len(profile))
        ]
    )


def player_regrets(u: np.ndarray, profile: Sequence[np.ndarray]) -> np.ndarray:
    """Each player's gain from its best pure deviation (never negative)."""
    gains = []
    for i in range(len(profile)):
        v = deviation_payoffs(u, profile, i)
        gains.append(max(0.0, float(v.max() - v @ np.asarray(profile[i], dtype=float))))
    return np.array(gains)


def regret(u: np.ndarray, profile: Sequence[np.ndarray]) -> float:
    """Largest gain any player can make by deviating from ``profile`` (0 at an equilibrium)."""
    return float(player_regrets(u, profile).max())


def best_responses(
    u: np.ndarray, profile: Sequence[np.ndarray], player: int, atol: float
) -> np.ndarray:
    """Indices of ``player``'s pure best responses to ``profile`` (within ``atol``)."""
    v = deviation_payoffs(u, profile, player)
    return np.flatnonzero(v >= v.max() - atol)


def best_response_mask(u: np.ndarray, player: int, atol: float) -> np.ndarray:
    """Boolean array shaped like ``u[player]``: True where ``player``'s strategy is a best
    response (within ``atol``) to the opponents' pure profile. Vectorised over all profiles."""
    ui = np.asarray(u[player], dtype=float)
    return ui >= ui.max(axis=player, keepdims=True) - atol


def pure_profile_regrets(u: np.ndarray) -> np.ndarray:
    """Regret of every pure profile, shape ``(s_0, ..., s_{n-1})``: the largest gain any player
    makes by a unilateral pure deviation. Zero exactly at pure Nash equilibria."""
    u = np.asarray(u, dtype=float)
    gains = [u[i].max(axis=i, keepdims=True) - u[i] for i in range(u.shape[0])]
    return np.max(np.stack(gains), axis=0)


def player_regrets_exact(
    u_exact: np.ndarray, profile: Sequence[Sequence[Fraction]]
) -> list[Fraction]:
    """Each player's gain from its best pure deviation, in exact rational arithmetic.

    ``u_exact`` is an object array of Fractions; ``profile`` gives each player's probabilities
    as Fractions. The same contraction as :func:`deviation_payoffs`, on Python numbers.
    """
    gains = []
    mixes = [np.array(list(p), dtype=object) for p in profile]
    for i in range(len(mixes)):
        payoff = np.asarray(u_exact[i], dtype=object)
        for j in range(len(mixes) - 1, -1, -1):
            if j != i:
                payoff = np.tensordot(payoff, mixes[j], axes=([j], [0]))
        values = list(np.atleast_1d(payoff))
        current = sum((v * q for v, q in zip(values, mixes[i], strict=True)), Fraction(0))
        gains.append(max(Fraction(0), max(values) - current))
    return gains
