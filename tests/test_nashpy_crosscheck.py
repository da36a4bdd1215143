"""Cross-check against nashpy: our set contains every equilibrium nashpy finds, and a pinned
game where nashpy misses equilibria that we find."""

from __future__ import annotations

import warnings
from fractions import Fraction as F

import nashpy
import numpy as np
from hypothesis import given, settings
from scipy.optimize import linprog
from scipy.spatial import QhullError
from strategies import bimatrix_games, generic_bimatrix_games

from negotiate.equilibria import solve
from negotiate.model import NormalFormGame
from negotiate.numeric import atol
from negotiate.solvers.regret import regret


def nashpy_equilibria(g: NormalFormGame, method: str) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """nashpy's equilibria, or None when nashpy crashes (its vertex enumeration does not check
    linprog's status and fails on some degenerate games; Qhull needs two dimensions, so the
    strategies used here give both players at least two strategies)."""
    a, b = g.bimatrix()
    game = nashpy.Game(a, b)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nashpy warns on degenerate games
        try:
            return list(getattr(game, method)())
        except (TypeError, QhullError):
            return None


def in_hull(point: np.ndarray, vertices: np.ndarray) -> bool:
    """Is ``point`` a convex combination of the rows of ``vertices``? (feasibility LP)"""
    k = vertices.shape[0]
    res = linprog(
        np.zeros(k),
        A_eq=np.vstack([vertices.T, np.ones((1, k))]),
        b_eq=np.concatenate([point, [1.0]]),
        bounds=[(0, None)] * k,
    )
    return res.status == 0


def covered(result, x: np.ndarray, y: np.ndarray) -> bool:
    """Is ``(x, y)`` one of our extreme equilibria, or in one of our maximal Nash subsets?"""
    for e in result.equilibria:
        if np.allclose(e.profile[0], x, atol=1e-7) and np.allclose(e.profile[1], y, atol=1e-7):
            return True
    for subset in result.nash_subsets:
        xs = np.array([result.equilibria[k].profile[0] for k in subset])
        ys = np.array([result.equilibria[k].profile[1] for k in subset])
        if in_hull(x, xs) and in_hull(y, ys):
            return True
    return False


@settings(max_examples=30)
@given(g=generic_bimatrix_games(max_strategies=4, min_strategies=2))
def test_our_set_contains_nashpy_equilibria_on_generic_games(g):
    ours = solve(g)
    for method in ("support_enumeration", "vertex_enumeration"):
        for x, y in nashpy_equilibria(g, method):
            assert covered(ours, x, y), (method, x, y)


@settings(max_examples=30)
@given(g=bimatrix_games(max_strategies=3, min_strategies=2))
def test_our_set_covers_every_true_nashpy_equilibrium_on_small_integer_games(g):
    ours = solve(g)
    for method in ("support_enumeration", "vertex_enumeration"):
        for x, y in nashpy_equilibria(g, method) or []:
            if regret(g.u, (x, y)) <= atol(g.u):  # nashpy output is not verified
                assert covered(ours, x, y), (method, x, y)


def test_nashpy_misses_extreme_equilibria_of_a_degenerate_game_that_we_find():
    """Column 2 pays the row player 0 whatever it does, and the column player is indifferent
    between columns 1 and 2 against the top row and between columns 2 and 3 against the
    bottom one: the equilibria form one connected set with four extreme points. nashpy's
    vertex enumeration returns two of them; we return all four, as one component."""
    a = [[2, 0, 2], [0, 0, 2]]
    b = [[1, 1, 0], [0, 1, 1]]
    g = NormalFormGame.from_arrays(a, b)
    ours = solve(g, exact=True)
    expected = sorted(
        [
            ((F(1), F(0)), (F(1), F(0), F(0))),
            ((F(1), F(0)), (F(0), F(1), F(0))),
            ((F(0), F(1)), (F(0), F(1), F(0))),
            ((F(0), F(1)), (F(0), F(0), F(1))),
        ]
    )
    assert sorted(e.exact for e in ours.equilibria) == expected
    assert ours.components == ((0, 1, 2, 3),)
    found_by_nashpy = nashpy_equilibria(g, "vertex_enumeration")
    assert len(found_by_nashpy) == 2 < len(ours.equilibria)


def test_nashpy_support_enumeration_misses_an_endpoint_of_a_continuum():
    """The 3x2 game with the segment {top} x [(1, 0), (2/3, 1/3)]: the endpoint
    ((1, 0, 0), (2/3, 1/3)) has supports of sizes 1 and 2, which equal-size support
    enumeration never tries."""
    g = NormalFormGame.from_arrays([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    endpoint = (np.array([1.0, 0.0, 0.0]), np.array([2 / 3, 1 / 3]))
    theirs = nashpy_equilibria(g, "support_enumeration")
    assert len(theirs) == 2
    assert not any(np.allclose(x, endpoint[0]) and np.allclose(y, endpoint[1]) for x, y in theirs)
    ours = solve(g)
    assert len(ours.equilibria) == 3
    assert any(
        np.allclose(e.profile[0], endpoint[0]) and np.allclose(e.profile[1], endpoint[1])
        for e in ours.equilibria
    )


def test_nashpy_vertex_enumeration_crashes_on_the_zero_game_where_we_find_four_equilibria():
    g = NormalFormGame.from_arrays(np.zeros((2, 2), dtype=int), np.zeros((2, 2), dtype=int))
    assert nashpy_equilibria(g, "vertex_enumeration") is None
    assert len(solve(g).equilibria) == 4
