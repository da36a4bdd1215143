r"""Alternating offers: the subgame-perfect split of a unit surplus (Rubinstein 1982).

Two players split a surplus of size 1. In each period one of them proposes a split and the
other accepts, rejects, or (if it has an outside option :math:`b_j`) opts out and takes
:math:`b_j`. After a rejection, negotiations break down with probability :math:`p` (each then
gets its breakdown payoff :math:`e_i`); otherwise the roles swap and the next period comes,
discounted by :math:`\delta_i`. With :math:`c_j = p\,e_j` and :math:`D_j = (1 - p)\,\delta_j`,
the unique subgame-perfect equilibrium of the infinite game is stationary: player 1 proposes to
keep :math:`x`, player 2 to keep :math:`y`, with

.. math::

    x = 1 - \max(b_2,\; c_2 + D_2 y), \qquad y = 1 - \max(b_1,\; c_1 + D_1 x),

and agreement is immediate. Without outside options or breakdown,
:math:`x = (1 - \delta_2)/(1 - \delta_1 \delta_2)` (Rubinstein 1982, Theorem 1). An outside
option matters only when it beats what the responder gets by waiting: the *outside option
principle* (Binmore, Rubinstein & Wolinsky 1986, Section 5). As the time between offers
:math:`\Delta \to 0` with :math:`\delta_i = e^{-r_i \Delta}` the split tends to the Nash
solution with weights :math:`1/r_i`; as :math:`p \to 0` with :math:`\delta = 1` it tends to the
Nash solution with disagreement point :math:`e` (Binmore, Rubinstein & Wolinsky 1986,
Sections 3-4).

A finite horizon of :math:`T` periods is solved by backward induction: in the last period the
responder gets :math:`\max(b_j, e_j)` (rejecting ends the game), and before it

.. math:: a_t = 1 - \max(b_j,\; c_j + D_j a_{t+1}),

:math:`a_t` being the period-:math:`t` proposer's share and :math:`j` its responder. It
converges to the infinite-horizon split geometrically, at rate :math:`D_1 D_2` per two periods.

With per-period costs instead of discounting (payoff :math:`x_i - c_i t`), the first mover
gets everything if it is the cheaper waiter, only :math:`c_2` if it is the dearer one, and any
:math:`x \in [c, 1]` is an equilibrium split when costs are equal (Rubinstein 1982,
Theorem 2).

References
----------
Rubinstein, A. (1982). Perfect equilibrium in a bargaining model. *Econometrica* 50(1), 97-109.
Binmore, K., Rubinstein, A. & Wolinsky, A. (1986). The Nash bargaining solution in economic
modelling. *RAND Journal of Economics* 17(2), 176-188.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from negotiate.bargaining.solutions import Status
from negotiate.errors import GameError
from negotiate.notebook import Notebook
from negotiate.numeric import TOL


@dataclass(frozen=True)
class AlternatingOffersResult(Notebook):
    """The subgame-perfect agreement of an alternating-offers game.

    Attributes
    ----------
    players, first
        Player names; index of the first proposer.
    shares
        Each player's share of the surplus in the (immediate) agreement.
    proposer_shares
        ``(x, y)``: what player 1 keeps when it proposes, what player 2 keeps when it does
        (first period of a finite game).
    binding
        Players whose outside option binds.
    share_range
        With equal per-period costs, the interval of first-mover shares that are equilibria.
    status
        ``EMPTY`` when outside options or breakdown payoffs leave no gain from agreeing; the
        shares are then ``(0, 0)`` and each takes its alternative.
    """

    players: tuple[str, str]
    first: int
    shares: tuple[float, float]
    proposer_shares: tuple[float, float]
    binding: tuple[str, ...] = ()
    horizon: int | None = None
    share_range: tuple[float, float] | None = None
    status: Status = Status.AGREEMENT
    model: str = "discounting"

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "status": self.status.value,
            "first": self.players[self.first],
            "shares": dict(zip(self.players, self.shares, strict=True)),
            "proposer_shares": dict(zip(self.players, self.proposer_shares, strict=True)),
            "binding_outside_options": list(self.binding),
            "horizon": self.horizon,
            "share_range": None if self.share_range is None else list(self.share_range),
        }

    def _blocks(self) -> list[Any]:
        from negotiate.render import alternating_offers_blocks

        return alternating_offers_blocks(self)


def discount_factors(rates: Sequence[float], dt: float) -> tuple[float, float]:
    r""":math:`\delta_i = e^{-r_i \Delta}` for discount rates ``rates`` and period ``dt``."""
    if not dt > 0 or len(rates) != 2 or not all(r > 0 for r in rates):
        raise GameError(f"discount rates must be two positive numbers and dt > 0, got {rates}")
    return (math.exp(-rates[0] * dt), math.exp(-rates[1] * dt))


def _pair(values: Sequence[float], what: str, low: float, high: float) -> tuple[float, float]:
    v = tuple(float(x) for x in values)
    if len(v) != 2 or not all(math.isfinite(x) and low <= x <= high for x in v):
        raise GameError(f"{what}: expected two numbers in [{low:g}, {high:g}], got {list(values)}")
    return v  # type: ignore[return-value]


def rubinstein(
    discount: Sequence[float],
    first: int = 0,
    outside: Sequence[float] = (0.0, 0.0),
    breakdown: float = 0.0,
    breakdown_payoffs: Sequence[float] = (0.0, 0.0),
    horizon: int | None = None,
    players: Sequence[str] = ("P1", "P2"),
) -> AlternatingOffersResult:
    r"""Subgame-perfect split of alternating offers with discounting (see the module notes).

    Parameters
    ----------
    discount
        :math:`(\delta_1, \delta_2)`, each in :math:`(0, 1)`; :math:`\delta_i = 1` is allowed
        only with a positive ``breakdown`` probability.
    first
        0 or 1: who proposes in the first period.
    outside
        Responders' outside options :math:`b_i \ge 0`.
    breakdown, breakdown_payoffs
        Probability :math:`p \in [0, 1)` that a rejection ends the talks, and what each gets then.
    horizon
        Number of periods :math:`T \ge 1`, or ``None`` for the infinite game.

    Notes
    -----
    Without outside options or breakdown, the unique subgame-perfect equilibrium of the
    infinite game is immediate agreement on the first proposer's share
    :math:`(1 - \delta_2) / (1 - \delta_1 \delta_2)` (Rubinstein 1982, *Econometrica* 50(1),
    Theorem 1).

    Examples
    --------
    >>> from negotiate import rubinstein
    >>> result = rubinstein((0.9, 0.9), players=("US", "EU"))
    >>> [round(x, 6) for x in result.shares]  # 1 / (1 + 0.9) to the first proposer
    [0.526316, 0.473684]
    """
    d1, d2 = _pair(discount, "discount factors", 0.0, 1.0)
    p = float(breakdown)
    if not 0 <= p < 1:
        raise GameError(f"breakdown probability must be in [0, 1), got {breakdown!r}")
    for delta in (d1, d2):
        if delta <= 0 or (delta >= 1 and p == 0):
            raise GameError(
                f"discount factors must be in (0, 1) (1 only with a breakdown risk), got {delta:g}"
            )
    if first not in (0, 1):
        raise GameError(f"first mover must be 0 or 1, got {first!r}")
    b = _pair(outside, "outside options", 0.0, math.inf)
    e = _pair(breakdown_payoffs, "breakdown payoffs", -math.inf, math.inf)
    if horizon is not None and (not isinstance(horizon, int) or horizon < 1):
        raise GameError(f"horizon must be a positive integer, got {horizon!r}")
    names = (str(players[0]), str(players[1]))
    alt = (max(b[0], e[0]), max(b[1], e[1]))
    if alt[0] + alt[1] >= 1 or b[0] + b[1] >= 1:
        return AlternatingOffersResult(
            players=names,
            first=first,
            shares=(0.0, 0.0),
            proposer_shares=(0.0, 0.0),
            horizon=horizon,
            status=Status.EMPTY,
        )
    c = (p * e[0], p * e[1])
    D = ((1 - p) * d1, (1 - p) * d2)
    if horizon is None:
        x, y, binding = _stationary(b, c, D)
    else:
        x, y, binding = _backward(b, e, c, D, horizon)
    shares = (x, 1.0 - x) if first == 0 else (1.0 - y, y)
    return AlternatingOffersResult(
        players=names,
        first=first,
        shares=shares,
        proposer_shares=(x, y),
        binding=tuple(names[i] for i in binding),
        horizon=horizon,
    )


def _stationary(
    b: tuple[float, float], c: tuple[float, float], D: tuple[float, float]
) -> tuple[float, float, tuple[int, ...]]:
    """Solve the stationary equations by trying which outside options bind (four linear
    systems; the fixed point is unique because the map contracts by :math:`D_1 D_2 < 1`)."""
    for bind1 in (False, True):
        for bind2 in (False, True):
            if bind1 and bind2:
                x, y = 1 - b[1], 1 - b[0]
            elif bind2:
                x = 1 - b[1]
                y = 1 - c[0] - D[0] * x
            elif bind1:
                y = 1 - b[0]
                x = 1 - c[1] - D[1] * y
            else:
                x = (1 - c[1] - D[1] * (1 - c[0])) / (1 - D[0] * D[1])
                y = 1 - c[0] - D[0] * x
            wait2, wait1 = c[1] + D[1] * y, c[0] + D[0] * x
            ok2 = b[1] >= wait2 - TOL if bind2 else b[1] <= wait2 + TOL
            ok1 = b[0] >= wait1 - TOL if bind1 else b[0] <= wait1 + TOL
            if ok1 and ok2:
                return x, y, tuple(i for i, on in ((0, bind1), (1, bind2)) if on)
    raise GameError("no stationary equilibrium found (inconsistent outside options)")


def _backward(
    b: tuple[float, float],
    e: tuple[float, float],
    c: tuple[float, float],
    D: tuple[float, float],
    horizon: int,
) -> tuple[float, float, tuple[int, ...]]:
    """Backward induction; returns each player's proposer share in the first period in which
    it would propose (player 1 in period 1 if it moves first, etc.)."""

    def run(proposer: int) -> tuple[float, bool]:
        share = None
        bound = False
        for t in range(horizon, 0, -1):  # period t proposer: proposer if t odd
            i = proposer if t % 2 == 1 else 1 - proposer
            j = 1 - i
            if share is None:
                demand, bound = max(b[j], e[j]), b[j] > e[j]
            else:  # share: j's share as proposer in period t + 1
                wait = c[j] + D[j] * share
                demand, bound = max(b[j], wait), b[j] > wait
            share = 1.0 - demand
        return float(share), bound

    x, bound2 = run(0)
    y, bound1 = run(1)
    return x, y, tuple(i for i, on in ((0, bound1), (1, bound2)) if on)


def rubinstein_costs(
    costs: Sequence[float], first: int = 0, players: Sequence[str] = ("P1", "P2")
) -> AlternatingOffersResult:
    r"""Alternating offers with fixed per-period costs :math:`c_i > 0` (payoff
    :math:`x_i - c_i t`), Rubinstein (1982), Theorem 2: the first mover :math:`i` gets 1 if
    :math:`c_i < c_j`, :math:`c_j` if :math:`c_i > c_j`; with :math:`c_i = c_j = c` every split
    giving it :math:`x \in [c, 1]` is an equilibrium (reported as ``share_range``; ``shares``
    holds the first mover's best one). Costs must lie in :math:`(0, 1)`."""
    c = _pair(costs, "per-period costs", 0.0, 1.0)
    if not all(0 < x < 1 for x in c):
        raise GameError(f"per-period costs must be in (0, 1), got {list(costs)}")
    if first not in (0, 1):
        raise GameError(f"first mover must be 0 or 1, got {first!r}")
    i, j = first, 1 - first
    rng = None
    if c[i] < c[j]:
        keep = 1.0
    elif c[i] > c[j]:
        keep = c[j]
    else:
        keep, rng = 1.0, (c[j], 1.0)
    shares = [0.0, 0.0]
    shares[i], shares[j] = keep, 1.0 - keep
    names = (str(players[0]), str(players[1]))
    return AlternatingOffersResult(
        players=names,
        first=first,
        shares=(shares[0], shares[1]),
        proposer_shares=(shares[0], shares[1]),
        share_range=rng,
        model="costs",
    )
