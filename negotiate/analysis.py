"""Named analysis results for the command line and reports, built from a :class:`NormalFormGame`.

The solvers in :mod:`negotiate.solvers` work on arrays and indices; this module runs them on a
game and returns frozen dataclasses that speak in player and strategy names, with ``to_dict()``
giving plain JSON-ready structures (lists, strings, floats, booleans) in a deterministic order.

* :func:`dominance`: iterated elimination, with the order of the steps.
* :func:`security`: each player's maxmin strategy and security level.
* :func:`zero_sum`: value and optimal strategies of a two-player constant-sum game.
* :func:`pareto`: the Pareto-efficient pure outcomes.
* :func:`mixed_equilibria_nplayer`: verified mixed equilibria of any game by support
  enumeration (not guaranteed complete).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiate.model import Equilibrium, Method, NormalFormGame, SolveResult
from negotiate.notebook import Notebook
from negotiate.numeric import TOL, atol
from negotiate.solvers.dominance import iterated_elimination
from negotiate.solvers.nplayer import support_enumeration_nplayer
from negotiate.solvers.pareto import pareto_efficient_profiles
from negotiate.solvers.security import security_strategy, solve_zero_sum

#: How the order of elimination is chosen (printed with every dominance result).
ELIMINATION_ORDER = (
    "one strategy per step: the dominated strategy of the lowest-numbered player, lowest-numbered "
    "strategy first, in the game left by the earlier steps"
)


def _mix(names: tuple[str, ...], p: np.ndarray) -> tuple[tuple[str, float], ...]:
    """Named probabilities of the strategies played (positive probability), in game order."""
    return tuple((names[k], float(p[k])) for k in range(len(names)) if p[k] > 0)


@dataclass(frozen=True)
class EliminationRecord:
    """One step: ``player``'s ``strategy`` is dominated by the mix ``dominated_by``."""

    player: str
    strategy: str
    dominated_by: tuple[tuple[str, float], ...]
    pure: bool
    margin: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "player": self.player,
            "strategy": self.strategy,
            "dominated_by": [[name, p] for name, p in self.dominated_by],
            "pure": self.pure,
            "margin": self.margin,
        }


@dataclass(frozen=True)
class DominanceResult(Notebook):
    """Iterated elimination of dominated strategies: steps in order and the survivors.

    With ``weak=True`` the reduced game depends on the order (see :data:`ELIMINATION_ORDER`);
    its equilibria are equilibria of the full game but some of the full game's may be lost.
    """

    weak: bool
    mixed: bool
    steps: tuple[EliminationRecord, ...]
    remaining: tuple[tuple[str, ...], ...]
    players: tuple[str, ...]
    order: str = ELIMINATION_ORDER

    def reduced_game(self, game: NormalFormGame) -> NormalFormGame:
        """The game restricted to the surviving strategies."""
        keep = [
            [game.strategies[i].index(s) for s in names] for i, names in enumerate(self.remaining)
        ]
        return game.restrict(keep)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "weak" if self.weak else "strict",
            "mixed": self.mixed,
            "order": self.order,
            "steps": [s.to_dict() for s in self.steps],
            "remaining": [
                {"player": p, "strategies": list(r)}
                for p, r in zip(self.players, self.remaining, strict=True)
            ],
        }

    def _blocks(self) -> list[Any]:
        from negotiate.render import dominance_blocks

        return dominance_blocks(self)


def dominance(
    game: NormalFormGame, weak: bool = False, mixed: bool = True, tol: float = TOL
) -> DominanceResult:
    """Iterated elimination of strictly (or weakly) dominated strategies of ``game``.

    Raises
    ------
    SolverError
        If a linear program fails.
    """
    survivors, steps = iterated_elimination(game.u, atol(game.u, tol), weak=weak, mixed=mixed)
    records = tuple(
        EliminationRecord(
            player=game.players[s.player],
            strategy=game.strategies[s.player][s.strategy],
            dominated_by=_mix(game.strategies[s.player], s.dominator),
            pure=s.pure is not None,
            margin=s.margin,
        )
        for s in steps
    )
    remaining = tuple(tuple(game.strategies[i][k] for k in ks) for i, ks in enumerate(survivors))
    return DominanceResult(weak, mixed, records, remaining, game.players)


@dataclass(frozen=True)
class PlayerSecurity:
    """A player's maxmin mixed strategy (all probabilities, game order) and security level."""

    player: str
    strategy: tuple[tuple[str, float], ...]
    level: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "player": self.player,
            "strategy": [[name, p] for name, p in self.strategy],
            "level": self.level,
        }


@dataclass(frozen=True)
class SecurityResult(Notebook):
    """Security strategies and levels of every player, in player order.

    For three or more players the opponents are treated as one coalition choosing a pure
    joint profile (the level equals that against independent mixing; see
    :mod:`negotiate.solvers.security`).
    """

    players: tuple[PlayerSecurity, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"players": [p.to_dict() for p in self.players]}

    def _blocks(self) -> list[Any]:
        from negotiate.render import security_blocks

        return security_blocks(self)


def security(game: NormalFormGame) -> SecurityResult:
    """Maxmin strategy and security level of each player of ``game``."""
    out = []
    for i, name in enumerate(game.players):
        x, level = security_strategy(game.u, i)
        out.append(
            PlayerSecurity(
                name,
                tuple((s, float(x[k])) for k, s in enumerate(game.strategies[i])),
                level,
            )
        )
    return SecurityResult(tuple(out))


@dataclass(frozen=True)
class ZeroSumResult(Notebook):
    """Value (to the first player) and one optimal strategy of each player of a constant-sum
    game; the second player's value is ``constant - value``."""

    players: tuple[str, str]
    value: float
    constant: float
    strategies: tuple[tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "players": list(self.players),
            "value": self.value,
            "values": [self.value, self.constant - self.value],
            "constant": self.constant,
            "strategies": [[[n, p] for n, p in s] for s in self.strategies],
        }

    def equilibrium(self) -> Equilibrium:
        """The optimal pair as an :class:`Equilibrium` (it is one, by the minimax theorem)."""
        return Equilibrium(profile=tuple(np.array([p for _, p in s]) for s in self.strategies))

    def _blocks(self) -> list[Any]:
        from negotiate.render import zero_sum_blocks

        return zero_sum_blocks(self)


def zero_sum(game: NormalFormGame, tol: float = TOL) -> ZeroSumResult:
    """Value and optimal strategies of a two-player zero- or constant-sum ``game``.

    Raises
    ------
    GameError
        If the game does not have two players or is not constant-sum.
    """
    sol = solve_zero_sum(game.u, atol(game.u, tol))
    strategies = tuple(
        tuple((s, float(p[k])) for k, s in enumerate(game.strategies[i]))
        for i, p in enumerate((sol.row, sol.col))
    )
    return ZeroSumResult(
        players=(game.players[0], game.players[1]),
        value=sol.value,
        constant=sol.constant,
        strategies=strategies,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class ParetoOutcome:
    """A Pareto-efficient pure profile (strategy names) and its payoffs (player order)."""

    profile: tuple[str, ...]
    payoffs: tuple[float, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"profile": list(self.profile), "payoffs": list(self.payoffs)}


@dataclass(frozen=True)
class ParetoResult(Notebook):
    """Pareto-efficient pure outcomes, in lexicographic order of the profiles' indices."""

    outcomes: tuple[ParetoOutcome, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"outcomes": [o.to_dict() for o in self.outcomes]}

    def _blocks(self) -> list[Any]:
        from negotiate.render import pareto_blocks

        return pareto_blocks(self)


def pareto(game: NormalFormGame, tol: float = TOL) -> ParetoResult:
    """Pareto-efficient pure outcomes of ``game`` (never empty)."""
    profiles = pareto_efficient_profiles(game.u, atol(game.u, tol))
    return ParetoResult(
        tuple(
            ParetoOutcome(
                game.profile_names(a),
                tuple(float(game.u[(i, *a)]) for i in range(game.n_players)),
            )
            for a in profiles
        )
    )


def mixed_equilibria_nplayer(
    game: NormalFormGame,
    max_supports: int = 20_000,
    starts: int = 3,
    seed: int = 0,
    tol: float = TOL,
    progress: Callable[[int, int], None] | None = None,
) -> SolveResult:
    """Verified mixed equilibria of a game with any number of players (not guaranteed complete).

    Runs :func:`negotiate.solvers.nplayer.support_enumeration_nplayer` and wraps its output
    with :meth:`SolveResult.verified` (method ``SUPPORT_ENUMERATION_NPLAYER``). The notes say
    how much of the support search was done.
    """
    search = support_enumeration_nplayer(
        game.u,
        atol(game.u, tol),
        max_supports=max_supports,
        starts=starts,
        seed=seed,
        tol=tol,
        progress=progress,
    )
    notes = [
        "support enumeration with a local solver: every equilibrium listed is verified, but "
        "some may be missing",
        f"examined {search.supports_tried} of {search.supports_total} support profiles",
    ]
    if search.truncated:
        notes.append(f"stopped early at max_supports={max_supports}")
    equilibria = [Equilibrium(profile=p) for p in search.profiles]
    return SolveResult.verified(
        game, equilibria, Method.SUPPORT_ENUMERATION_NPLAYER, tol=tol, notes=notes
    )
