r"""Infinitely repeated games: the discount factor above which grim trigger sustains cooperation.

In the repeated game with discount factor :math:`\delta`, every player follows a target profile
:math:`c` until someone deviates, after which all play the punishment profile :math:`p` forever
(grim trigger). For player :math:`i` let

* :math:`R_i = u_i(c)`, the reward of cooperating;
* :math:`T_i = \max_s u_i(s, c_{-i})`, the temptation: the best one-shot deviation;
* :math:`P_i = u_i(p)`, the punishment payoff.

Cooperation is a best response for :math:`i` when
:math:`R_i / (1 - \delta) \ge T_i + \delta P_i / (1 - \delta)`, that is when

.. math:: \delta \ge \delta_i^* = \frac{T_i - R_i}{T_i - P_i}
   \quad (T_i > R_i > P_i),

with :math:`\delta_i^* = 0` when :math:`T_i \le R_i` (no temptation) and no sustaining
:math:`\delta < 1` when :math:`R_i \le P_i < T_i`. Friedman (1971), Review of Economic Studies
38(1); Fudenberg & Tirole, *Game Theory* (1991), section 5.1. The profile is subgame perfect only
if :math:`p` is itself a Nash equilibrium of the stage game; this function does not check that.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np


def grim_trigger_thresholds(
    u: np.ndarray, cooperate: Sequence[int], punish: Sequence[int]
) -> tuple[Fraction | float, ...]:
    """Each player's critical discount factor :math:`\\delta_i^*` for grim trigger.

    Parameters
    ----------
    u
        Payoffs, shape ``(n, s_0, ..., s_{n-1})``; float or an object array of
        :class:`~fractions.Fraction` (then the thresholds are exact).
    cooperate, punish
        Strategy-index profiles of the target and of the punishment.

    Returns
    -------
    tuple
        One value per player: ``0`` with no temptation, ``(T - R) / (T - P)`` when
        ``T > R > P``, and ``math.inf`` when cooperation is worth no more than punishment.
    """
    n = u.shape[0]
    cooperate, punish = tuple(cooperate), tuple(punish)
    out: list[Fraction | float] = []
    for i in range(n):
        reward = u[(i, *cooperate)]
        temptation = max(
            u[(i, *cooperate[:i], s, *cooperate[i + 1 :])] for s in range(u.shape[i + 1])
        )
        punishment = u[(i, *punish)]
        if temptation <= reward:
            out.append(0 if isinstance(reward, Fraction) else 0.0)
        elif reward <= punishment:
            out.append(math.inf)
        else:
            out.append((temptation - reward) / (temptation - punishment))
    return tuple(out)
