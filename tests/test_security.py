"""Security (maxmin) strategies for any game; value and optimal strategies of zero-sum games."""

import itertools

import nashpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiate.errors import GameError
from negotiate.model import NormalFormGame
from negotiate.numeric import atol
from negotiate.solvers.pure import pure_equilibria
from negotiate.solvers.security import is_zero_sum, security_strategy, solve_zero_sum
from tests.strategies import (
    generic_bimatrix_games,
    generic_zero_sum_games,
    nplayer_games,
    zero_sum_games,
)


def _worst_payoffs(u, player, x):
    m = np.moveaxis(u[player], player, 0).reshape(u.shape[player + 1], -1)
    return x @ m


@settings(max_examples=40)
@given(g=nplayer_games(max_players=3, max_strategies=3))
def test_security_strategy_guarantees_its_level_and_beats_every_pure_maxmin(g):
    tol = atol(g.u)
    for i in range(g.n_players):
        x, level = security_strategy(g.u, i)
        assert x.min() >= 0 and x.sum() == pytest.approx(1.0)
        assert _worst_payoffs(g.u, i, x).min() >= level - tol
        pure_best = np.moveaxis(g.u[i], i, 0).reshape(g.shape[i], -1).min(axis=1).max()
        assert level >= pure_best - tol


@settings(max_examples=40)
@given(g=nplayer_games(max_players=3, max_strategies=3))
def test_security_level_is_at_most_the_payoff_in_any_pure_equilibrium(g):
    tol = atol(g.u)
    levels = [security_strategy(g.u, i)[1] for i in range(g.n_players)]
    for profile in pure_equilibria(g.u, tol):
        for i in range(g.n_players):
            assert levels[i] <= g.u[(i, *profile)] + tol


@settings(max_examples=30)
@given(g=generic_bimatrix_games(max_strategies=3, min_strategies=2))
def test_security_level_is_at_most_the_payoff_in_any_mixed_equilibrium(g):
    tol = atol(g.u)
    levels = [security_strategy(g.u, i)[1] for i in range(2)]
    a, b = g.bimatrix()
    for x, y in nashpy.Game(a, b).vertex_enumeration():
        assert levels[0] <= x @ a @ y + tol
        assert levels[1] <= x @ b @ y + tol


@settings(max_examples=40)
@given(g=zero_sum_games(constant=st.integers(-5, 5)))
def test_zero_sum_value_equals_both_lp_values_minimax_theorem(g):
    tol = atol(g.u)
    sol = solve_zero_sum(g.u, tol)
    a = g.u[0]
    assert (sol.row @ a).min() >= sol.value - tol  # row guarantees at least v
    assert (a @ sol.col).max() <= sol.value + tol  # column concedes at most v
    assert abs(sol.gap) <= tol
    assert security_strategy(g.u, 0)[1] == pytest.approx(sol.value, abs=tol)
    assert security_strategy(g.u, 1)[1] == pytest.approx(sol.constant - sol.value, abs=tol)


@settings(max_examples=40)
@given(g=zero_sum_games(), scale=st.integers(1, 9), shift=st.integers(-9, 9))
def test_zero_sum_value_is_invariant_to_adding_a_constant_and_scaling(g, scale, shift):
    v = solve_zero_sum(g.u, atol(g.u)).value
    a = scale * g.u[0] + shift
    h = NormalFormGame.from_arrays(a, -a)
    assert solve_zero_sum(h.u, atol(h.u)).value == pytest.approx(scale * v + shift, abs=atol(h.u))


@settings(max_examples=30)
@given(g=generic_zero_sum_games())
def test_zero_sum_value_is_every_nashpy_equilibrium_payoff(g):
    sol = solve_zero_sum(g.u, atol(g.u))
    a = g.u[0]
    found = list(nashpy.Game(a, -a).vertex_enumeration())
    assert len(found) >= 1
    for x, y in found:
        assert x @ a @ y == pytest.approx(sol.value, abs=atol(g.u))


def test_matching_pennies_has_value_zero_and_even_strategies():
    a = np.array([[1, -1], [-1, 1]])
    sol = solve_zero_sum(np.stack([a, -a]), 1e-9)
    assert sol.value == pytest.approx(0.0, abs=1e-9)
    assert sol.row == pytest.approx([0.5, 0.5])
    assert sol.col == pytest.approx([0.5, 0.5])


def test_rock_paper_scissors_as_a_constant_sum_game():
    a = np.array([[1, 0, 2], [2, 1, 0], [0, 2, 1]])  # win 2, draw 1, lose 0: sum is 2
    u = np.stack([a, 2 - a])
    assert is_zero_sum(u, 1e-9)
    sol = solve_zero_sum(u, 1e-9)
    assert (sol.value, sol.constant) == (pytest.approx(1.0), pytest.approx(2.0))
    assert sol.row == pytest.approx([1 / 3] * 3)
    assert sol.col == pytest.approx([1 / 3] * 3)


def test_three_player_security_treats_opponents_as_a_coalition():
    # Player 0 gets 1 unless both others play their second strategy.
    u = np.zeros((3, 2, 2, 2))
    for a in itertools.product(range(2), repeat=3):
        u[(0, *a)] = 0 if a[1] == a[2] == 1 else 1
    x, level = security_strategy(u, 0)
    assert level == pytest.approx(0.0)
    u[0, 1, 1, 1] = 1  # now the second strategy is safe
    x, level = security_strategy(u, 0)
    assert level == pytest.approx(1.0) and x == pytest.approx([0, 1])


def test_non_zero_sum_and_three_player_games_are_refused():
    pd = np.stack([np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]])])
    assert not is_zero_sum(pd, 1e-9)
    with pytest.raises(GameError, match="not zero-sum"):
        solve_zero_sum(pd, 1e-9)
    with pytest.raises(GameError, match="2 players"):
        solve_zero_sum(np.zeros((3, 2, 2, 2)), 1e-9)
