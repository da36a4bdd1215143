r"""The equilibrium structure of a scenario at many values of one parameter at once.

:meth:`negotiate.scenario.Scenario.evaluate` solves every game of a scenario at one point,
verifies every equilibrium and keeps the full results; a threshold search needs only each
game's *signature* (the sorted supports of its equilibria,
:func:`negotiate.sweep.equilibrium_signature`) at a hundred or so values, and the links those
values pass on. :func:`scenario_signatures` computes them for a whole array of values in one
pass over the games: each game's payoffs for every value from one
:meth:`~negotiate.spec.GameSpec.payoff_batch`, the equilibria of small two-player games from
the batched solver (:func:`negotiate.solvers.batched.batched_equilibria`, the method
:func:`~negotiate.equilibria.solve` itself uses at that size), the pure equilibria of games
of three or more players from one vectorised test (what ``solve`` computes for them), and
other games one value at a time with ``solve``. The equilibria of each value are sorted and
deduplicated as a :class:`~negotiate.model.SolveResult` sorts them, the one a link reads is
picked by the scenario's own rule (:func:`negotiate.scenario.select_index`), and the link
values go on to the games downstream as arrays.

Nothing computed here is printed: the reported equilibria come from ``Scenario.evaluate``,
verified. What this module decides is only where the structure changes, which the threshold
search then reports through full evaluations on either side.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negotiate.errors import GameError
from negotiate.model import Equilibrium, unique_order
from negotiate.numeric import TOL, player_tolerances
from negotiate.scenario import Scenario, select_index
from negotiate.spec import GameSpec
from negotiate.sweep import BATCHED_MAX_STRATEGIES, Signature, supports_signature

#: A scenario's signature at one value: one game signature per game in strategic form, in the
#: scenario's evaluation order (the threshold search's classification of the report).
ScenarioSignature = tuple[Signature, ...]


def scenario_signatures(
    scenario: Scenario, parameter: str, values: Sequence[float] | np.ndarray
) -> list[ScenarioSignature]:
    """Each game's equilibrium signature at each value of ``parameter`` (others at their
    defaults), as ``Scenario.evaluate(..., bargains=False)`` would classify it.

    Raises
    ------
    GameError
        For an unknown parameter, a value out of its range, or a game with no equilibrium.
    PayoffFileError
        If a link passes on a value out of its target parameter's range.
    """
    ts = np.asarray(values, dtype=float).ravel()
    for t in ts.tolist():
        scenario.checked_value(parameter, t)
    k = ts.size
    if k == 0:
        return []
    env: dict[str, object] = {name: p.default for name, p in scenario.parameters.items()}
    env[parameter] = ts
    linked: dict[tuple[str, str], np.ndarray] = {}
    by_game: list[list[Signature]] = []
    for entry in scenario.games:
        if not entry.spec.strategies:  # a bargaining game: nothing links from it
            continue
        game_values = {
            p: np.broadcast_to(np.asarray(e.evaluate(env), dtype=float), (k,))
            for p, e in entry.bindings.items()
        }
        for link in scenario.links:
            if link.target == entry.name:
                game_values[link.parameter] = linked[(link.target, link.parameter)]
        u = np.broadcast_to(
            entry.spec.payoff_batch(game_values), (k, len(entry.spec.players), *entry.spec.shape)
        )
        equilibria = _equilibria(entry.spec, u, game_values)
        by_game.append([supports_signature(eqs) for eqs in equilibria])
        outgoing = [link for link in scenario.links if link.source == entry.name]
        if not outgoing:
            continue
        selected = []
        for j, eqs in enumerate(equilibria):
            if not eqs:
                raise GameError(f"{entry.spec.title or entry.name}: no equilibrium to select")
            selected.append(eqs[select_index(eqs, u[j])[0]].profile)
        for link in outgoing:
            linked[(link.target, link.parameter)] = np.array(
                [scenario.passed_on(link, link.value(profile)) for profile in selected]
            )
    return [tuple(game[j] for game in by_game) for j in range(k)]


def _equilibria(
    spec: GameSpec, u: np.ndarray, values: dict[str, np.ndarray]
) -> list[list[Equilibrium]]:
    """The equilibria ``solve`` finds for each game of the stack ``u`` (``(k, n, ...)``),
    sorted and deduplicated by :meth:`Equilibrium.key` as in a ``SolveResult``."""
    k, n = u.shape[0], u.shape[1]
    found: list[list[Equilibrium]] = [[] for _ in range(k)]
    if n == 2 and max(spec.shape) <= BATCHED_MAX_STRATEGIES:
        from negotiate.solvers.batched import batched_equilibria

        batch = batched_equilibria(u)
        for g, x, y in zip(batch.game.tolist(), batch.x, batch.y, strict=True):
            found[g].append(Equilibrium(profile=(x, y)))
    elif n != 2:
        from negotiate.solvers.pure import pure_equilibrium_mask

        mask = pure_equilibrium_mask(u, player_tolerances(u, TOL, n_players=n), n_players=n)
        for idx in np.argwhere(mask).tolist():
            found[idx[0]].append(Equilibrium.pure(spec.shape, idx[1:]))
    else:  # a larger two-player game: one complete solve per value
        from negotiate.equilibria import solve

        for j in range(k):
            point = {name: float(v[j]) for name, v in values.items()}
            found[j] = list(solve(spec.instantiate(point)).equilibria)
    return [[eqs[k] for k in unique_order(eqs)] for eqs in found]
