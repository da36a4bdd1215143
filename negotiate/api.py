r"""The convenience layer of the public API: load games by name or path, sweep a parameter.

These functions tie together :mod:`negotiate.catalog` (where games come from),
:mod:`negotiate.spec` (payoff files before instantiation), :mod:`negotiate.equilibria` and
:mod:`negotiate.sweep`; import them from the package: ``negotiate.load_game(...)``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from negotiate import catalog
from negotiate.model import NormalFormGame
from negotiate.scenario import Scenario
from negotiate.spec import GameSpec
from negotiate.sweep import SweepResult

GameRef = str | os.PathLike[str]


def builtin_games() -> list[str]:
    """Names of the built-in games, sorted (``negotiate list``).

    Examples
    --------
    >>> from negotiate import builtin_games
    >>> "us_russia" in builtin_games()
    True
    """
    return catalog.builtin_names()


def load_spec(game: GameRef | GameSpec) -> GameSpec:
    """A game's payoff file, parsed and checked but not yet instantiated.

    Parameters
    ----------
    game
        A built-in name (``"us_russia"``), a path to a payoff file (TOML, see
        ``docs/payoff-files.md``) or to a Gambit ``.nfg`` file; a path wins over a built-in
        name. A :class:`~negotiate.spec.GameSpec` is returned unchanged.

    Returns
    -------
    GameSpec
        Players, strategies, parameters (with defaults and ranges), terms and payoff
        expressions, each with its provenance.

    Raises
    ------
    PayoffFileError
        If the file is missing, unreadable or malformed (the message names the file and key
        path; :attr:`~negotiate.errors.PayoffFileError.problems` lists every problem).

    Examples
    --------
    >>> from negotiate import load_spec
    >>> spec = load_spec("us_russia")
    >>> spec.players, sorted(spec.parameters)
    (('US', 'Russia'), ['rapprochement'])
    >>> spec.provenance_problems()
    []
    """
    if isinstance(game, GameSpec):
        return game
    return catalog.load(game)


def load_game(game: GameRef | GameSpec, /, exact: bool = False, **params: float) -> NormalFormGame:
    """A game at given parameter values, ready to solve.

    Parameters
    ----------
    game
        A built-in name, a payoff file, a ``.nfg`` file or a spec (see :func:`load_spec`).
    exact
        Also compute the payoffs as exact fractions (``game.u_exact``), for
        ``solve(game, exact=True)``; parameter values are read as the decimals they print as.
    **params
        Parameter values (``rapprochement=0.6``); the others take their defaults.

    Returns
    -------
    NormalFormGame
        Immutable: ``u[i, a_0, ..., a_{n-1}]`` is player ``i``'s payoff.

    Raises
    ------
    PayoffFileError
        For a missing or malformed file.
    GameError
        For an unknown parameter or a value outside its declared range.

    Examples
    --------
    >>> from negotiate import load_game
    >>> game = load_game("us_russia", rapprochement=0.5)
    >>> game.shape, game.parameters
    ((2, 2), {'rapprochement': 0.5})
    >>> float(game.u[0, 0, 0])  # the US's payoff at (Engage, Deal)
    2.0
    >>> load_game("us_russia", rapprochement=2)
    Traceback (most recent call last):
    ...
    negotiate.errors.GameError: us_russia (built-in): parameter 'rapprochement': 2 is outside its range [0, 1]
    """  # noqa: E501
    return load_spec(game).instantiate(params, exact=exact)


def load_scenario(scenario: GameRef) -> Scenario:
    """A scenario: several games linked by shared parameters and each other's equilibria.

    Parameters
    ----------
    scenario
        A built-in scenario name (``"summit"``) or a path to a scenario file
        (``docs/scenarios.md``).

    Returns
    -------
    Scenario
        Call :meth:`~negotiate.scenario.Scenario.evaluate` with scenario parameter values to
        solve every game in dependency order.

    Examples
    --------
    >>> from negotiate import load_scenario
    >>> summit = load_scenario("summit")
    >>> [g.name for g in summit.games][:2]
    ['us_russia', 'us_eu']
    """
    from negotiate.scenario import load_scenario as read_scenario

    path, display = catalog.locate(os.fspath(scenario))
    return read_scenario(path, display)


def sweep_parameter(
    game: GameRef | GameSpec,
    name: str,
    low: float | None = None,
    high: float | None = None,
    *,
    fixed: Mapping[str, float] | None = None,
    grid: int = 201,
    method: str = "auto",
) -> SweepResult:
    r"""Regimes and thresholds of the equilibrium set as one parameter varies.

    Parameters
    ----------
    game
        A built-in name, a payoff file or a spec (see :func:`load_spec`).
    name
        The parameter to vary.
    low, high
        The range; defaults to the parameter's declared range.
    fixed
        Values of the other parameters (defaults elsewhere).
    grid
        Grid points used to detect changes that have no closed-form root.
    method
        Passed to :func:`~negotiate.equilibria.solve` at every value.

    Returns
    -------
    SweepResult
        ``regimes``: intervals on which the supports of the equilibria do not change;
        ``thresholds``: the values where they do, with the equilibria exactly there.

    Notes
    -----
    Where every payoff is affine in the parameter, :math:`u = a + b t`, a pure best response
    flips where two of a player's payoffs against the same opponents' profile are equal,
    :math:`t^* = -\Delta a / \Delta b`; these roots are computed exactly. Other changes (of
    mixed equilibria, or of non-affine payoffs) are found on the grid and narrowed by bisection
    to ``TOL`` times the range. Comparative statics in this sense: the equilibrium
    correspondence is upper hemicontinuous in the payoffs (Fudenberg & Tirole 1991,
    *Game Theory*, §1.3.2), so the set can only change at such points.

    Examples
    --------
    >>> from negotiate import sweep_parameter
    >>> result = sweep_parameter("us_russia", "rapprochement", grid=20)
    >>> [t.at.text() for t in result.thresholds]  # exact roots of payoff differences
    ['2/3', '5/6']
    >>> for regime in result.regimes:
    ...     print(regime.low.text(), regime.high.text(), regime.signature)
    0 2/3 (((0,), (1,)),)
    2/3 5/6 (((0, 1), (0, 1)),)
    5/6 1 (((0,), (0,)),)
    """
    from negotiate.equilibria import solve
    from negotiate.sweep import solving_classifier, sweep

    spec = load_spec(game)

    def solve_with_method(g: NormalFormGame):
        return solve(g, method=method)

    classify = solving_classifier(spec, name, fixed, solve=solve_with_method)
    return sweep(spec, name, classify, low=low, high=high, fixed=fixed, grid=grid)
