"""Solve a game: dispatch to a solver and return verified, named results (provisional)."""

from __future__ import annotations

from negotiate.model import Equilibrium, Method, NormalFormGame, SolveResult
from negotiate.numeric import atol
from negotiate.solvers.pure import pure_equilibria


def solve(game: NormalFormGame, method: str = "auto", exact: bool = False) -> SolveResult:
    """All pure equilibria, verified (the complete two-player engine replaces this)."""
    found = [Equilibrium.pure(game.shape, p) for p in pure_equilibria(game.u, atol(game.u))]
    return SolveResult.verified(game, found, Method.PURE)
