r"""Fearon's bargaining range: the settlements both sides prefer to war.

Two states dispute a good of size 1; a settlement gives :math:`x` to A and :math:`1 - x` to B.
War gives A the whole good with probability :math:`p` and nothing otherwise, and costs the
sides :math:`c_A, c_B`. With utilities :math:`u_A(x) = x^{r_A}`, :math:`u_B(y) = y^{r_B}`
(:math:`r = 1` risk neutral, :math:`r < 1` risk averse), war is worth
:math:`p - c_A` to A and :math:`1 - p - c_B` to B, so A prefers settlement :math:`x` to war iff
:math:`x \ge (p - c_A)^{1/r_A}` and B iff :math:`1 - x \ge (1 - p - c_B)^{1/r_B}` (a negative
base gives bound 0). The bargaining range is

.. math:: [\max(0, (p - c_A)^{1/r_A}),\; \min(1, 1 - (1 - p - c_B)^{1/r_B})],

which for risk-neutral sides is :math:`[p - c_A, p + c_B] \cap [0, 1]`. Fearon's point
(1995, Section 3): with positive costs the range always contains :math:`p` in its interior,
so war needs private information, commitment problems or indivisibility to happen. Negative
"costs" (net benefits of fighting, e.g. domestic rally effects) can empty the range; they are
accepted so that case can be shown.

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. *International Organization* 49(3),
379-414.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from negotiate.errors import GameError
from negotiate.notebook import Notebook


@dataclass(frozen=True)
class BargainingRange(Notebook):
    """Settlements ``x`` (A's share) both sides weakly prefer to war.

    ``low``/``high`` are ``None`` when the range is empty.
    """

    p: float
    cost_a: float
    cost_b: float
    risk_a: float
    risk_b: float
    low: float | None
    high: float | None
    war_value_a: float
    war_value_b: float
    players: tuple[str, str] = ("A", "B")

    @property
    def is_empty(self) -> bool:
        return self.low is None

    @property
    def width(self) -> float:
        return 0.0 if self.low is None or self.high is None else self.high - self.low

    def contains(self, x: float) -> bool:
        return self.low is not None and self.high is not None and self.low <= x <= self.high

    def to_dict(self) -> dict[str, Any]:
        a, b = self.players
        return {
            "p": self.p,
            "costs": {a: self.cost_a, b: self.cost_b},
            "risk": {a: self.risk_a, b: self.risk_b},
            "war_values": {a: self.war_value_a, b: self.war_value_b},
            "empty": self.is_empty,
            "range": None if self.low is None else [self.low, self.high],
        }

    def _blocks(self) -> list[Any]:
        from negotiate.render import dict_blocks

        return dict_blocks("Bargaining range (Fearon 1995)", self.to_dict())


def _root(value: float, r: float) -> float:
    return 0.0 if value <= 0 else value ** (1 / r)


def bargaining_range(
    p: float,
    cost_a: float,
    cost_b: float,
    risk_a: float = 1.0,
    risk_b: float = 1.0,
    players: tuple[str, str] = ("A", "B"),
) -> BargainingRange:
    """Fearon's (1995) bargaining range for win probability ``p`` of A and costs of war.

    Parameters
    ----------
    p
        Probability that A prevails, in [0, 1].
    cost_a, cost_b
        Each side's cost of fighting, in units of the good (negative: a net benefit).
    risk_a, risk_b
        Exponents :math:`r \\in (0, 1]` of :math:`u(x) = x^r` (1: risk neutral).

    Notes
    -----
    With risk-neutral sides, A prefers a settlement :math:`x` to war when
    :math:`x \\ge p - c_A` and B when :math:`1 - x \\ge 1 - p - c_B`, so the range is
    :math:`[p - c_A, p + c_B]`, never empty when war is costly (Fearon 1995, *International
    Organization* 49(3), the first proposition of §"War as a costly lottery").

    Examples
    --------
    >>> from negotiate import bargaining_range
    >>> r = bargaining_range(0.6, 0.1, 0.1)
    >>> round(r.low, 9), round(r.high, 9)
    (0.5, 0.7)
    """
    values = {"p": p, "cost_a": cost_a, "cost_b": cost_b, "risk_a": risk_a, "risk_b": risk_b}
    for name, v in values.items():
        if not isinstance(v, int | float) or isinstance(v, bool) or not math.isfinite(v):
            raise GameError(f"{name}: expected a finite number, got {v!r}")
    if not 0 <= p <= 1:
        raise GameError(f"p: expected a probability in [0, 1], got {p:g}")
    for name in ("risk_a", "risk_b"):
        if not 0 < values[name] <= 1:
            raise GameError(f"{name}: expected an exponent in (0, 1], got {values[name]:g}")
    war_a, war_b = p - cost_a, 1 - p - cost_b
    low = max(0.0, _root(war_a, risk_a))
    high = min(1.0, 1.0 - _root(war_b, risk_b))
    empty = low > high or war_a > 1 or war_b > 1
    return BargainingRange(
        p=float(p),
        cost_a=float(cost_a),
        cost_b=float(cost_b),
        risk_a=float(risk_a),
        risk_b=float(risk_b),
        low=None if empty else low,
        high=None if empty else high,
        war_value_a=war_a,
        war_value_b=war_b,
        players=(str(players[0]), str(players[1])),
    )
