"""Pareto-efficient pure outcomes, best-response masks and pure-profile regrets."""

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiate.model import NormalFormGame
from negotiate.numeric import atol
from negotiate.solvers.pareto import pareto_efficient_profiles
from negotiate.solvers.pure import pure_equilibria
from negotiate.solvers.regret import (
    best_response_mask,
    deviation_payoffs,
    pure_profile_regrets,
)
from tests.strategies import nplayer_games


def _dominates(v, w):
    return bool(np.all(v >= w) and np.any(v > w))


def _efficient_by_definition(u):
    profiles = list(itertools.product(*(range(k) for k in u.shape[1:])))
    pay = {a: u[(slice(None), *a)] for a in profiles}
    return [a for a in profiles if not any(_dominates(pay[b], pay[a]) for b in profiles)]


@settings(max_examples=60)
@given(g=nplayer_games(max_players=3, max_strategies=3))
def test_pareto_set_is_nonempty_and_is_exactly_the_undominated_profiles(g):
    found = pareto_efficient_profiles(g.u, atol(g.u))
    expected = _efficient_by_definition(g.u)
    assert len(found) >= 1
    assert len(found) == len(expected)
    assert found == expected


@settings(max_examples=30)
@given(g=nplayer_games(max_players=3, max_strategies=3), data=st.data())
def test_pareto_set_is_invariant_under_positive_affine_transforms(g, data):
    i = data.draw(st.integers(0, g.n_players - 1))
    h = g.affine(i, data.draw(st.integers(1, 5)), data.draw(st.integers(-5, 5)))
    assert pareto_efficient_profiles(h.u, atol(h.u)) == pareto_efficient_profiles(g.u, atol(g.u))


def test_prisoners_dilemma_equilibrium_is_not_efficient():
    g = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert pareto_efficient_profiles(g.u, atol(g.u)) == [(0, 0), (0, 1), (1, 0)]


def test_a_constant_game_has_every_profile_efficient():
    u = np.ones((3, 2, 1, 2))
    assert pareto_efficient_profiles(u, 1e-9) == [(0, 0, 0), (0, 0, 1), (1, 0, 0), (1, 0, 1)]


@settings(max_examples=40)
@given(g=nplayer_games(max_players=3, max_strategies=3))
def test_pure_profile_regret_is_zero_exactly_at_pure_equilibria(g):
    regrets = pure_profile_regrets(g.u)
    assert regrets.shape == g.shape
    assert regrets.min() >= 0
    zero = [tuple(int(k) for k in a) for a in np.argwhere(regrets <= atol(g.u))]
    assert zero == pure_equilibria(g.u, atol(g.u))


@settings(max_examples=40)
@given(g=nplayer_games(max_players=3, max_strategies=3), data=st.data())
def test_best_response_mask_agrees_with_deviation_payoffs(g, data):
    i = data.draw(st.integers(0, g.n_players - 1))
    mask = best_response_mask(g.u, i, atol(g.u))
    a = data.draw(st.tuples(*(st.integers(0, k - 1) for k in g.shape)))
    pure = [np.eye(k)[a[j]] for j, k in enumerate(g.shape)]
    v = deviation_payoffs(g.u, pure, i)
    column = mask[(*a[:i], slice(None), *a[i + 1 :])]
    assert np.array_equal(column, v >= v.max() - atol(g.u))
