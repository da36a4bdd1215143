r"""negotiate: game-theory models of negotiations, with the source of every payoff.

The public API, importable from the package itself (``import negotiate``); everything is
loaded on first use (PEP 562), so ``import negotiate`` and ``negotiate --help`` stay fast.

Games
    :func:`load_game` (a built-in name, a payoff file or a Gambit ``.nfg`` file, at given
    parameter values), :func:`load_spec` (the file before instantiation), :func:`load_scenario`,
    :class:`NormalFormGame` (also ``NormalFormGame.from_arrays(A, B)``).
Equilibria
    :func:`solve` returns a :class:`SolveResult` of verified :class:`Equilibrium` objects;
    :func:`sweep_parameter` finds where the equilibrium set changes along a parameter.
Analysis
    :func:`dominance`, :func:`security`, :func:`zero_sum`, :func:`pareto`.
Bargaining
    :class:`BargainingProblem`, :func:`nash_bargaining`, :func:`kalai_smorodinsky`,
    :func:`egalitarian`, :func:`utilitarian`, :func:`bargaining_solutions` (all four),
    :func:`rubinstein` (alternating offers), :func:`bargaining_range` (Fearon),
    :func:`two_level` (Putnam win-sets); the subpackage :mod:`negotiate.bargaining` has the rest.
Errors
    :class:`NegotiateError` and its subclasses (:mod:`negotiate.errors`).

Every game and result renders as a table in Jupyter (``_repr_html_``, ``_repr_markdown_``)
and converts to plain JSON-ready data with ``to_dict()``.

Examples
--------
>>> import negotiate
>>> game = negotiate.load_game("us_russia", rapprochement=0.9)
>>> game
NormalFormGame('US–Russia: engage or pressure', players=['US', 'Russia'], 2x2)
>>> result = negotiate.solve(game)
>>> result.complete, len(result.equilibria)
(True, 1)
>>> result.to_dict()["equilibria"][0]["support"]
[['Engage'], ['Deal']]
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public name -> (module, attribute). Nothing is imported until a name is first used.
_EXPORTS: dict[str, tuple[str, str]] = {
    # games and loading
    "load_game": ("negotiate.api", "load_game"),
    "load_spec": ("negotiate.api", "load_spec"),
    "load_scenario": ("negotiate.api", "load_scenario"),
    "builtin_games": ("negotiate.api", "builtin_games"),
    "NormalFormGame": ("negotiate.model", "NormalFormGame"),
    "GameSpec": ("negotiate.spec", "GameSpec"),
    "Scenario": ("negotiate.scenario", "Scenario"),
    # equilibria
    "solve": ("negotiate.equilibria", "solve"),
    "Equilibrium": ("negotiate.model", "Equilibrium"),
    "SolveResult": ("negotiate.model", "SolveResult"),
    "Method": ("negotiate.model", "Method"),
    "sweep_parameter": ("negotiate.api", "sweep_parameter"),
    "SweepResult": ("negotiate.sweep", "SweepResult"),
    # analysis
    "dominance": ("negotiate.analysis", "dominance"),
    "security": ("negotiate.analysis", "security"),
    "zero_sum": ("negotiate.analysis", "zero_sum"),
    "pareto": ("negotiate.analysis", "pareto"),
    # bargaining
    "BargainingProblem": ("negotiate.bargaining", "BargainingProblem"),
    "BargainingSolution": ("negotiate.bargaining", "BargainingSolution"),
    "nash_bargaining": ("negotiate.bargaining", "nash"),
    "kalai_smorodinsky": ("negotiate.bargaining", "kalai_smorodinsky"),
    "egalitarian": ("negotiate.bargaining", "egalitarian"),
    "utilitarian": ("negotiate.bargaining", "utilitarian"),
    "bargaining_solutions": ("negotiate.bargaining", "solve_all"),
    "rubinstein": ("negotiate.bargaining", "rubinstein"),
    "bargaining_range": ("negotiate.bargaining", "bargaining_range"),
    "two_level": ("negotiate.bargaining", "analyse"),
    # errors
    "NegotiateError": ("negotiate.errors", "NegotiateError"),
    "PayoffFileError": ("negotiate.errors", "PayoffFileError"),
    "GameError": ("negotiate.errors", "GameError"),
    "SolverError": ("negotiate.errors", "SolverError"),
    "VerificationError": ("negotiate.errors", "VerificationError"),
}
#: Submodules reachable as attributes (``negotiate.bargaining``) without an explicit import.
_SUBMODULES = ("analysis", "bargaining", "catalog", "errors", "render", "sweep")

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    """Import a public name on first use and cache it in the module (PEP 562)."""
    if name in _EXPORTS:
        module, attribute = _EXPORTS[name]
        value = getattr(importlib.import_module(module), attribute)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"negotiate.{name}")
    elif name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("negotiate")
        except PackageNotFoundError:  # a source checkout that is not installed
            value = "0+unknown"
    else:
        raise AttributeError(f"module 'negotiate' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, *_SUBMODULES, "__version__"})
