r"""Public entry point: every Nash equilibrium of a game, verified.

:func:`solve` picks a solver, wraps its output in :class:`~negotiate.model.Equilibrium`
objects and returns :meth:`SolveResult.verified <negotiate.model.SolveResult.verified>`, so no
profile leaves this module without its regret having been checked.

Two-player games
    ``"auto"`` and ``"vertex"``: all extreme equilibria by vertex enumeration of the
    best-response polytopes (complete, degenerate games included), grouped into maximal Nash
    subsets and components. ``exact=True`` runs the same enumeration in rational arithmetic.
    ``"lemke-howson"`` (from every starting label) and ``"support"`` (support enumeration) are
    faster or simpler but not guaranteed complete. ``"pure"`` gives the pure equilibria only.
Games of one or of three or more players
    ``"auto"``: all pure equilibria (complete for pure profiles; the result says mixed ones
    were not searched). ``"support"``: support enumeration solving each support's
    indifference system, mixed equilibria included (sound, not guaranteed complete).

References
----------
B. von Stengel (2002), "Computing equilibria for two-person games", *Handbook of Game Theory*
vol. 3, ch. 45.
D. Avis, G. Rosenberg, R. Savani, B. von Stengel (2010), "Enumeration of Nash equilibria for
two-player games", *Economic Theory* 42(1), 9-37.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from negotiate.errors import GameError, VerificationError
from negotiate.model import Equilibrium, Method, NormalFormGame, SolveResult
from negotiate.numeric import TOL, player_tolerances
from negotiate.solvers.components import connected_components, maximal_bicliques
from negotiate.solvers.pure import pure_equilibria
from negotiate.solvers.rational import bimatrix_vertex_pairs_exact
from negotiate.solvers.vertex import bimatrix_vertex_pairs

METHODS: tuple[str, ...] = ("auto", "vertex", "lemke-howson", "support", "pure")


def solve(game: NormalFormGame, method: str = "auto", exact: bool = False) -> SolveResult:
    r"""Verified Nash equilibria of ``game``.

    Parameters
    ----------
    game
        Any finite game.
    method
        One of :data:`METHODS`. ``"auto"`` is the complete vertex enumeration for two players
        and pure enumeration otherwise.
    exact
        Compute in rational arithmetic (two-player vertex enumeration only; needs
        ``game.u_exact``). Equilibria then carry ``exact`` fractions.

    Returns
    -------
    SolveResult
        Sorted, deduplicated and verified; ``result.complete`` says whether the method
        guarantees every extreme equilibrium.

    Raises
    ------
    GameError
        For an unknown method, or ``exact=True`` on a game without exact payoffs or with a
        method that has no exact version.

    Notes
    -----
    A profile :math:`\sigma` is a Nash equilibrium when no player gains by deviating:
    :math:`u_i(s_i, \sigma_{-i}) \le u_i(\sigma)` for every player :math:`i` and pure
    strategy :math:`s_i`; every finite game has one (Nash 1951, *Annals of Mathematics* 54(2),
    Theorem 1). Each returned equilibrium is re-checked: its regret
    :math:`\max_i \max_{s_i} u_i(s_i, \sigma_{-i}) - u_i(\sigma)` is at most ``TOL`` times
    that player's payoff range. For two players the equilibria are the completely labelled
    vertex pairs of the best-response polytopes, so enumerating the vertices finds every
    extreme equilibrium (von Stengel 2002, Theorem 3.4; Avis et al. 2010), degenerate games
    included; their convex hulls are grouped into maximal Nash subsets (components).

    Examples
    --------
    >>> from negotiate import NormalFormGame, solve
    >>> pennies = NormalFormGame.from_arrays(
    ...     [[1, -1], [-1, 1]], [[-1, 1], [1, -1]],
    ...     players=["Row", "Col"], strategies=[["H", "T"], ["H", "T"]],
    ... )
    >>> result = solve(pennies, exact=True)
    >>> result.complete, result.method.label
    (True, 'vertex-enumeration-exact')
    >>> [e.exact_strings() for e in result.equilibria]
    [[['1/2', '1/2'], ['1/2', '1/2']]]
    >>> result.regrets
    (0.0,)
    """
    if method not in METHODS:
        raise GameError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    if exact and not game.is_exact:
        raise GameError("exact solving needs rational payoffs (integers, decimals or p/q)")
    if game.n_players > 2 and method == "support":
        if exact:
            raise GameError("support enumeration for three or more players has no exact version")
        from negotiate.analysis import mixed_equilibria_nplayer

        return mixed_equilibria_nplayer(game)
    if game.n_players != 2 or method == "pure":
        if exact and method not in ("auto", "pure"):
            raise GameError(f"method {method!r} has no exact version")
        return _pure(game, complete_for_game=False if game.n_players == 2 else None)
    if method in ("auto", "vertex"):
        return _vertex_exact(game) if exact else _vertex(game)
    if exact:
        raise GameError(f"method {method!r} has no exact version; use 'vertex'")
    a, b = game.bimatrix()
    if method == "lemke-howson":
        from negotiate.solvers.lemke_howson import lemke_howson_all

        found = lemke_howson_all(a, b)
        return SolveResult.verified(
            game,
            [Equilibrium(profile=(x, y)) for x, y in found],
            Method.LEMKE_HOWSON,
            notes=("Lemke-Howson from every starting label: not guaranteed complete",),
        )
    from negotiate.solvers.support import support_enumeration

    found = support_enumeration(a, b)
    return SolveResult.verified(
        game,
        [Equilibrium(profile=(x, y)) for x, y in found],
        Method.SUPPORT_ENUMERATION,
        notes=("support enumeration (equal-size supports): not complete on degenerate games",),
    )


def _pure(game: NormalFormGame, complete_for_game: bool | None) -> SolveResult:
    profiles = pure_equilibria(game.u, player_tolerances(game.u, TOL))
    eqs = [Equilibrium.pure(game.shape, p) for p in profiles]
    if game.n_players == 1:
        return SolveResult.verified(game, eqs, Method.PURE)
    if complete_for_game is False:
        note = "pure equilibria only (requested): mixed equilibria not searched"
    else:
        note = (
            f"{game.n_players}-player game: all pure equilibria; mixed equilibria are not "
            "searched by this method"
        )
    return SolveResult.verified(game, eqs, Method.PURE_ONLY, notes=(note,))


def _grouping(pairs: Sequence[tuple[int, int]]) -> tuple[list, list]:
    return connected_components(pairs), maximal_bicliques(pairs)


def _vertex(game: NormalFormGame) -> SolveResult:
    """Float enumeration; if a vertex fails its re-check (floating point lost too much on a
    nearly degenerate game), the same game is enumerated again in exact arithmetic on the
    exact binary values of its float payoffs, so the answer stays complete and verified."""
    a, b = game.bimatrix()
    vp = bimatrix_vertex_pairs(a, b)
    eqs = [Equilibrium(profile=(x, y)) for x, y in vp.equilibria()]
    comps, subsets = _grouping([tuple(p) for p in vp.pairs])
    try:
        return SolveResult.verified(
            game, eqs, Method.VERTEX_ENUMERATION, components=comps, nash_subsets=subsets
        )
    except VerificationError:
        exact = _vertex_exact(game.rationalised())
    return SolveResult.verified(
        game,
        exact.equilibria,
        Method.VERTEX_ENUMERATION,
        components=exact.components,
        nash_subsets=exact.nash_subsets,
        notes=(
            "floating point lost accuracy on this nearly degenerate game; the enumeration "
            "was redone in exact arithmetic on the same payoffs",
        ),
    )


def _vertex_exact(game: NormalFormGame) -> SolveResult:
    ua = game.u_exact
    a = [[Fraction(v) for v in row] for row in ua[0]]
    b = [[Fraction(v) for v in row] for row in ua[1]]
    vp = bimatrix_vertex_pairs_exact(a, b)
    eqs = [
        Equilibrium(
            profile=(np.array([float(v) for v in x]), np.array([float(v) for v in y])),
            exact=(x, y),
        )
        for x, y in vp.equilibria()
    ]
    comps, subsets = _grouping(vp.pairs)
    return SolveResult.verified(
        game, eqs, Method.VERTEX_ENUMERATION_EXACT, components=comps, nash_subsets=subsets
    )
