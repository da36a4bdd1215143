"""Numerical conventions shared by every solver: the one tolerance, and exact rationals.

Float mode compares payoffs with :data:`TOL` scaled by the payoff range of the game, so a
result does not depend on the units the analyst chose. Exact mode uses
:class:`fractions.Fraction` end to end; numbers from files are parsed from their text.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

#: Relative tolerance: two payoffs closer than ``TOL * payoff_range`` are treated as equal, and
#: an equilibrium is accepted when no player gains more than that by deviating.
TOL: float = 1e-9


#: Floating-point slack, relative to the payoffs' magnitude, allowed on top of ``TOL``.
ROUNDING: float = 64 * float(np.finfo(float).eps)


def payoff_range(u: np.ndarray) -> float:
    """Largest minus smallest payoff over all players and profiles (1.0 for a constant game)."""
    u = np.asarray(u, dtype=float)
    if u.size == 0:
        return 1.0
    span = float(np.max(u) - np.min(u))
    return span if span > 0.0 else 1.0


def atol(u: np.ndarray, tol: float = TOL) -> float:
    """Absolute tolerance for the payoff array ``u``: ``tol`` times its payoff range."""
    return tol * payoff_range(u)


def player_tolerances(u: np.ndarray, tol: float = TOL, n_players: int | None = None) -> np.ndarray:
    """One absolute tolerance per player: ``tol`` times that player's own payoff range.

    Scaling or shifting one player's payoffs then scales that player's tolerance alongside,
    so every comparison, and with it the equilibrium set, is invariant under positive affine
    transformations of any player's payoffs (up to a rounding slack of :data:`ROUNDING` times
    the payoffs' magnitude, which floating point needs). ``u`` may carry leading batch axes
    (``(..., n, s_0, ..., s_{n-1})``, pass ``n_players``); the result has shape ``(..., n)``.
    """
    u = np.asarray(u, dtype=float)
    n = u.shape[0] if n_players is None else n_players
    flat = u.reshape(*u.shape[: u.ndim - n], -1)
    span = flat.max(axis=-1) - flat.min(axis=-1)
    # Rounding in sums of payoffs of size |u| is about eps * |u| however small the range is.
    rounding = ROUNDING * np.abs(flat).max(axis=-1)
    return tol * np.where(span > 0.0, span, 1.0) + rounding


def to_fraction(value: object) -> Fraction:
    """Exact rational from an int, a Fraction, a decimal or ``p/q`` string, or a float.

    Floats are converted through their shortest decimal text (``0.1`` gives ``1/10``), which is
    what the analyst wrote, not the binary approximation.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise TypeError("booleans are not numbers here")
    if isinstance(value, int | np.integer):
        return Fraction(int(value))
    if isinstance(value, float | np.floating):
        if not np.isfinite(value):
            raise ValueError(f"{value!r} is not a finite number")
        return Fraction(repr(float(value)))
    if isinstance(value, str):
        return Fraction(value.strip())
    raise TypeError(f"cannot make an exact number of {value!r}")


def format_fraction(q: Fraction) -> str:
    """``p/q`` in lowest terms; integers without ``/1``."""
    q = Fraction(q)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def format_number(x: float, digits: int = 6) -> str:
    """Deterministic short text of a float: ``digits`` significant digits, no ``-0``."""
    if x == 0 or abs(x) < 10.0 ** (-(digits + 3)):
        return "0"
    text = f"{x:.{digits}g}"
    return "0" if text in {"-0", "0"} else text
