"""Support enumeration for mixed equilibria of games with any number of players."""

import itertools

import nashpy
import numpy as np
import pytest
from hypothesis import given, settings

from negotiate.analysis import mixed_equilibria_nplayer
from negotiate.model import Method, NormalFormGame
from negotiate.numeric import atol
from negotiate.solvers.nplayer import (
    count_support_profiles,
    support_enumeration_nplayer,
    support_profiles,
)
from negotiate.solvers.pure import pure_equilibria
from negotiate.solvers.regret import regret
from tests.strategies import nondegenerate_bimatrix_games, nplayer_games, three_player_games


def _volunteers_dilemma(benefit: int = 4, cost: int = 1) -> np.ndarray:
    """Three players; strategy 0 = volunteer (benefit - cost), 1 = not (benefit if anyone
    volunteers, else 0)."""
    u = np.zeros((3, 2, 2, 2))
    for a in itertools.product(range(2), repeat=3):
        someone = 0 in a
        for i in range(3):
            u[(i, *a)] = benefit - cost if a[i] == 0 else (benefit if someone else 0)
    return u


def _rounded(profiles):
    return sorted(tuple(tuple(np.round(p, 6) + 0.0) for p in prof) for prof in profiles)


def test_volunteers_dilemma_has_seven_equilibria_solved_by_hand():
    # Symmetric: not volunteering with q, indifference b - c = b(1 - q^2), q = sqrt(c/b) = 1/2.
    # One player out for sure: the others have q = c/b = 1/4, and staying out pays the first
    # b(1 - q^2) = 3.75 > 3. And three pure ones where exactly one volunteers.
    u = _volunteers_dilemma()
    found = support_enumeration_nplayer(u, atol(u))
    v, n = (0.75, 0.25), (0.0, 1.0)
    expected = sorted(
        [
            ((0.5, 0.5),) * 3,
            (n, v, v),
            (v, n, v),
            (v, v, n),
            ((1.0, 0.0), n, n),
            (n, (1.0, 0.0), n),
            (n, n, (1.0, 0.0)),
        ]
    )
    assert len(found.profiles) == len(expected)
    assert _rounded(found.profiles) == expected
    assert (found.supports_tried, found.supports_total, found.truncated) == (27, 27, False)


def test_jordans_cyclic_matching_pennies_has_only_the_uniform_equilibrium():
    # Player 1 wants to match player 2, player 2 to match player 3, player 3 to mismatch 1.
    u = np.zeros((3, 2, 2, 2))
    for a in itertools.product(range(2), repeat=3):
        u[(0, *a)] = 1 if a[0] == a[1] else -1
        u[(1, *a)] = 1 if a[1] == a[2] else -1
        u[(2, *a)] = 1 if a[2] != a[0] else -1
    found = support_enumeration_nplayer(u, atol(u))
    assert len(found.profiles) == 1
    assert _rounded(found.profiles) == [((0.5, 0.5),) * 3]


@settings(max_examples=25)
@given(g=three_player_games(max_strategies=2))
def test_every_returned_profile_is_an_equilibrium(g):
    found = support_enumeration_nplayer(g.u, atol(g.u))
    for profile in found.profiles:
        assert regret(g.u, profile) <= atol(g.u)
        for p in profile:
            assert p.min() >= 0 and p.sum() == pytest.approx(1.0)


@settings(max_examples=25)
@given(g=nplayer_games(max_players=3, max_strategies=2))
def test_all_pure_equilibria_are_found(g):
    found = support_enumeration_nplayer(g.u, atol(g.u))
    pure = [
        tuple(int(np.argmax(p)) for p in prof)
        for prof in found.profiles
        if all(np.max(p) == 1.0 for p in prof)
    ]
    expected = pure_equilibria(g.u, atol(g.u))
    assert len(pure) == len(expected)
    assert sorted(pure) == expected


def _nashpy_equilibria(a, b):
    return _rounded(nashpy.Game(a, b).vertex_enumeration())


@settings(max_examples=25)
@given(g=nondegenerate_bimatrix_games(max_strategies=3).filter(lambda g: min(g.shape) >= 2))
def test_on_nondegenerate_two_player_games_it_finds_exactly_the_true_equilibria(g):
    found = _rounded(support_enumeration_nplayer(g.u, atol(g.u)).profiles)
    expected = _nashpy_equilibria(*g.bimatrix())
    assert len(found) == len(expected)
    assert found == expected


@settings(max_examples=15)
@given(g=nondegenerate_bimatrix_games(max_strategies=3).filter(lambda g: min(g.shape) >= 2))
def test_a_dummy_third_player_leaves_the_two_player_equilibria(g):
    a, b = g.bimatrix()
    u = np.stack([a[:, :, None], b[:, :, None], np.zeros(a.shape)[:, :, None]])
    found = support_enumeration_nplayer(u, atol(u))
    two_player = [prof[:2] for prof in found.profiles]
    assert all(prof[2].tolist() == [1.0] for prof in found.profiles)
    assert _rounded(two_player) == _nashpy_equilibria(a, b)


def test_output_is_deterministic_and_progress_is_reported():
    rng = np.random.default_rng(7)
    u = rng.integers(-5, 6, size=(3, 2, 3, 2)).astype(float)
    calls = []
    first = support_enumeration_nplayer(u, atol(u), progress=lambda d, t: calls.append((d, t)))
    second = support_enumeration_nplayer(u, atol(u))
    assert len(first.profiles) == len(second.profiles)
    for p, q in zip(first.profiles, second.profiles, strict=True):
        assert all(np.array_equal(x, y) for x, y in zip(p, q, strict=True))
    total = count_support_profiles((2, 3, 2))
    assert calls == [(k, total) for k in range(1, total + 1)]


def test_the_search_stops_at_max_supports_and_says_so():
    u = _volunteers_dilemma()
    found = support_enumeration_nplayer(u, atol(u), max_supports=8)
    assert (found.supports_tried, found.truncated) == (8, True)
    assert len(found.profiles) == 3  # the first 8 supports: pure ones, then one mixing player


def test_support_profiles_are_ordered_by_size_and_all_listed_once():
    shape = (2, 3)
    supports = list(support_profiles(shape))
    assert len(supports) == len(set(supports)) == count_support_profiles(shape) == 21
    sizes = [sum(len(s) for s in sup) for sup in supports]
    assert sizes == sorted(sizes)
    assert supports[0] == ((0,), (0,))


def test_analysis_wrapper_returns_a_verified_incomplete_result():
    g = NormalFormGame.from_arrays(*_volunteers_dilemma(), players=["A", "B", "C"])
    result = mixed_equilibria_nplayer(g)
    assert result.method is Method.SUPPORT_ENUMERATION_NPLAYER
    assert result.method.label == "support-enumeration-n-player"
    assert not result.complete
    assert len(result.equilibria) == len(result.regrets) == 7
    assert max(result.regrets) <= atol(g.u)
    assert any("27 of 27" in note for note in result.notes)
    keys = result.keys()
    assert list(keys) == sorted(keys)
