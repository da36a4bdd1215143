"""Two-player engine: complete vertex enumeration, its invariances, and known games."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from strategies import (
    bimatrix_games,
    games_with_dominant_strategy,
    nondegenerate_bimatrix_games,
    positive_affine_maps,
)

from negotiate.equilibria import solve
from negotiate.errors import GameError
from negotiate.model import Method, NormalFormGame
from negotiate.numeric import atol
from negotiate.solvers.components import connected_components, maximal_bicliques
from negotiate.solvers.regret import regret
from negotiate.solvers.vertex import polytope_vertices


def profiles(result) -> list[tuple[np.ndarray, np.ndarray]]:
    return [e.profile for e in result.equilibria]


def assert_same_profiles(found, expected) -> None:
    """Same multiset of profiles up to float noise; counts compared first."""
    assert len(found) == len(expected)

    def key(p):
        return tuple(np.round(np.concatenate(p), 6))

    for f, e in zip(sorted(found, key=key), sorted(expected, key=key), strict=True):
        for a, b in zip(f, e, strict=True):
            np.testing.assert_allclose(a, b, atol=1e-7)


def as_float(exact_profiles) -> list[tuple[np.ndarray, ...]]:
    return [tuple(np.array(p, dtype=float) for p in e) for e in exact_profiles]


def exact_set(result) -> list:
    return sorted(e.exact for e in result.equilibria)


# --- known games --------------------------------------------------------------------------


def test_matching_pennies_has_the_uniform_equilibrium_only():
    g = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    r = solve(g, exact=True)
    assert exact_set(r) == [((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))]
    assert r.method is Method.VERTEX_ENUMERATION_EXACT and r.complete


def test_battle_of_the_sexes_has_two_pure_and_one_mixed_equilibrium():
    g = NormalFormGame.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    r = solve(g, exact=True)
    assert exact_set(r) == sorted(
        [
            ((F(1), F(0)), (F(1), F(0))),
            ((F(0), F(1)), (F(0), F(1))),
            ((F(3, 5), F(2, 5)), (F(2, 5), F(3, 5))),
        ]
    )
    assert_same_profiles(profiles(solve(g)), as_float(exact_set(r)))


def test_shapleys_game_has_only_the_uniform_equilibrium():
    a = [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
    b = [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    r = solve(NormalFormGame.from_arrays(a, b), exact=True)
    third = (F(1, 3),) * 3
    assert exact_set(r) == [(third, third)]


def degenerate_continuum_game() -> NormalFormGame:
    """von Stengel (2002), Figure 2.3 style: against the top row the column player is
    indifferent, so the segment {top} x [(1,0), (2/3,1/3)] is a continuum of equilibria."""
    return NormalFormGame.from_arrays([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])


@pytest.mark.parametrize("exact", [False, True])
def test_degenerate_game_reports_a_continuum_as_one_component(exact):
    r = solve(degenerate_continuum_game(), exact=exact)
    expected = sorted(
        [
            ((F(1), F(0), F(0)), (F(1), F(0))),
            ((F(1), F(0), F(0)), (F(2, 3), F(1, 3))),
            ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
        ]
    )
    assert_same_profiles(profiles(r), as_float(expected))
    assert len(r.components) == 2
    segment = [k for k, e in enumerate(r.equilibria) if e.profile[0][0] > 0.5]
    assert tuple(segment) in r.components
    assert tuple(segment) in r.nash_subsets
    assert {e.component for e in r.equilibria} == {0, 1}
    # Every point of the segment is an equilibrium (the continuum is real).
    g = degenerate_continuum_game()
    for t in np.linspace(0, 1, 7):
        y = t * np.array([1.0, 0.0]) + (1 - t) * np.array([2 / 3, 1 / 3])
        assert regret(g.u, (np.array([1.0, 0, 0]), y)) <= atol(g.u)


@pytest.mark.parametrize(("m", "n"), [(1, 1), (1, 4), (3, 1), (3, 4)])
def test_constant_game_has_every_pure_profile_as_extreme_equilibrium(m, n):
    g = NormalFormGame.from_arrays(np.full((m, n), -2), np.zeros((m, n), dtype=int))
    for exact in (False, True):
        r = solve(g, exact=exact)
        assert len(r.equilibria) == m * n
        assert all(e.is_pure for e in r.equilibria)
        assert r.components == (tuple(range(m * n)),)
        assert r.nash_subsets == (tuple(range(m * n)),)


def test_player_with_one_strategy_best_responds():
    g = NormalFormGame.from_arrays([[1, 5, 5]], [[0, 2, 2]])
    r = solve(g, exact=True)
    assert exact_set(r) == [((F(1),), (F(0), F(0), F(1))), ((F(1),), (F(0), F(1), F(0)))]
    assert r.components == ((0, 1),)


def test_three_player_game_returns_pure_equilibria_with_a_note():
    u = np.zeros((3, 2, 2, 2))
    u[:, 0, 0, 0] = 1
    r = solve(NormalFormGame.from_arrays(*u))
    assert r.method is Method.PURE_ONLY and not r.complete
    assert ((1, 0), (1, 0), (1, 0)) in [e.key() for e in r.equilibria]
    assert ((0, 1), (0, 1), (0, 1)) in [e.key() for e in r.equilibria]
    assert any("mixed" in note for note in r.notes)


def test_unknown_method_and_inexact_game_are_rejected():
    g = NormalFormGame.from_arrays([[0.5, 1]], [[1, 0]], exact=False)
    with pytest.raises(GameError):
        solve(g, method="simplex")
    with pytest.raises(GameError):
        solve(g, exact=True)


def brute_force_vertices(mat: np.ndarray) -> set[tuple[float, ...]]:
    """Vertices of {z >= 0, M z <= 1} by solving every d-subset of the d + k constraints."""
    k, d = mat.shape
    rows = np.vstack([np.eye(d), mat])
    rhs = np.concatenate([np.zeros(d), np.ones(k)])
    out = set()
    for subset in itertools.combinations(range(d + k), d):
        sub = rows[list(subset)]
        if abs(np.linalg.det(sub)) < 1e-9:
            continue
        z = np.linalg.solve(sub, rhs[list(subset)])
        if np.all(z >= -1e-9) and np.all(mat @ z <= 1 + 1e-9):
            out.add(tuple(np.round(z, 8) + 0.0))
    return out


@settings(max_examples=40)
@given(
    mat=st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
        lambda shape: hnp.arrays(np.int64, shape, elements=st.integers(1, 3))
    )
)
def test_polytope_vertices_match_brute_force_on_degenerate_polytopes(mat):
    points, tight = polytope_vertices(mat.astype(float))
    assert len(points) == len(brute_force_vertices(mat.astype(float)))
    assert {tuple(np.round(p, 8) + 0.0) for p in points} == brute_force_vertices(mat.astype(float))
    for p, t in zip(points, tight, strict=True):
        assert np.array_equal(t, np.concatenate([p <= 1e-9, np.abs(mat @ p - 1) <= 1e-9]))


def test_bicliques_and_components_of_a_small_graph():
    pairs = [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (3, 5)]
    assert maximal_bicliques(pairs) == [(0, 1, 2, 3), (2, 3, 4), (5,)]
    assert connected_components(pairs) == [(0, 1, 2, 3, 4), (5,)]


# --- properties ---------------------------------------------------------------------------


@given(g=bimatrix_games(max_strategies=4))
def test_every_returned_profile_is_a_nash_equilibrium(g):
    r = solve(g)
    for e in r.equilibria:
        x, y = e.profile
        assert np.all(x >= -1e-12) and np.all(y >= -1e-12)
        assert regret(g.u, e.profile) <= atol(g.u)


@given(g=bimatrix_games(max_strategies=4), player=st.integers(0, 1), ab=positive_affine_maps)
def test_equilibria_invariant_under_positive_affine_transform(g, player, ab):
    scale, shift = ab
    assert_same_profiles(profiles(solve(g)), profiles(solve(g.affine(player, scale, shift))))


@given(g=bimatrix_games(max_strategies=4), data=st.data())
def test_equilibria_equivariant_under_strategy_permutation(g, data):
    player = data.draw(st.integers(0, 1))
    order = data.draw(st.permutations(range(g.shape[player])))
    permuted = solve(g.permute_strategies(player, order))
    relabelled = []
    for x, y in profiles(solve(g)):
        p = [x, y]
        p[player] = p[player][list(order)]
        relabelled.append(tuple(p))
    assert_same_profiles(profiles(permuted), relabelled)


@given(g=bimatrix_games(max_strategies=4))
def test_equilibria_equivariant_under_player_swap(g):
    swapped = solve(g.permute_players([1, 0]))
    assert_same_profiles(profiles(swapped), [(y, x) for x, y in profiles(solve(g))])


@given(g=games_with_dominant_strategy(max_strategies=4))
def test_strictly_dominant_strategy_equilibria_are_those_of_the_reduced_game(g):
    reduced = g.restrict([[0], list(range(g.shape[1]))])
    m = g.shape[0]
    embedded = [(np.eye(m)[0], y) for _, y in profiles(solve(reduced))]
    assert_same_profiles(profiles(solve(g)), embedded)


@settings(max_examples=40)
@given(g=nondegenerate_bimatrix_games(max_strategies=4))
def test_nondegenerate_game_has_an_odd_number_of_equilibria(g):
    r = solve(g)
    assert len(r.equilibria) % 2 == 1
    assert all(len(c) == 1 for c in r.components)


@settings(max_examples=30)
@given(g=bimatrix_games(max_strategies=4))
def test_lemke_howson_and_support_enumeration_find_subsets_of_the_complete_set(g):
    complete = {e.key() for e in solve(g).equilibria}
    for method in ("lemke-howson", "support"):
        r = solve(g, method=method)
        assert not r.complete
        assert {e.key() for e in r.equilibria} <= complete
    assert len(solve(g, method="lemke-howson").equilibria) >= 1


@settings(max_examples=30)
@given(g=nondegenerate_bimatrix_games(max_strategies=4))
def test_support_enumeration_is_complete_on_nondegenerate_games(g):
    assert_same_profiles(profiles(solve(g, method="support")), profiles(solve(g)))
