"""The game model: immutability, validation, transformations and verification."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiate.errors import GameError, VerificationError
from negotiate.model import Equilibrium, NormalFormGame
from tests.strategies import games, nplayer_games


def prisoners_dilemma() -> NormalFormGame:
    return NormalFormGame.from_arrays(
        [[3, 0], [5, 1]],
        [[3, 5], [0, 1]],
        players=["Row", "Col"],
        strategies=[["C", "D"], ["C", "D"]],
    )


def test_payoffs_are_read_only_and_copied():
    a = np.array([[1, 2], [3, 4]])
    g = NormalFormGame.from_arrays(a, a.T)
    a[0, 0] = 99
    assert g.u[0, 0, 0] == 1
    with pytest.raises(ValueError):
        g.u[0, 0, 0] = 5


def test_shape_mismatch_is_a_game_error():
    with pytest.raises(GameError, match="shape"):
        NormalFormGame(players=("A", "B"), strategies=(("x",), ("y", "z")), u=np.zeros((2, 2, 2)))


def test_duplicate_names_rejected():
    with pytest.raises(GameError, match="distinct"):
        NormalFormGame(players=("A", "A"), strategies=(("x",), ("y",)), u=np.zeros((2, 1, 1)))


def test_exact_payoffs_from_integers_and_strings():
    g = NormalFormGame.from_arrays([["1/3", "0.5"]], [["2", "-1"]])
    assert g.u_exact[0, 0, 0].denominator == 3
    assert g.u[0, 0, 1] == 0.5


def test_defection_is_the_verified_equilibrium_of_the_prisoners_dilemma():
    g = prisoners_dilemma()
    assert Equilibrium.pure(g.shape, (1, 1)).verify(g) == 0.0
    with pytest.raises(VerificationError, match="gains 2"):
        Equilibrium.pure(g.shape, (0, 0)).verify(g)


def test_non_distribution_fails_verification():
    g = prisoners_dilemma()
    with pytest.raises(VerificationError, match="distribution"):
        Equilibrium(profile=(np.array([0.5, 0.6]), np.array([0.0, 1.0]))).verify(g)


@given(g=nplayer_games(), data=st.data())
def test_permuting_players_twice_with_inverse_restores_the_game(g, data):
    order = data.draw(st.permutations(range(g.n_players)))
    inverse = list(np.argsort(order))
    assert g.permute_players(order).permute_players(inverse) == g


@given(g=games(), scale=st.integers(1, 5), shift=st.integers(-5, 5))
def test_affine_transform_keeps_exact_and_float_payoffs_in_step(g, scale, shift):
    h = g.affine(0, scale, shift)
    assert np.array_equal(h.u[0], scale * g.u[0] + shift)
    assert np.array_equal(h.u[1], g.u[1])
    assert all(float(q) == x for q, x in zip(h.u_exact.ravel(), h.u.ravel(), strict=True))


def test_affine_transform_needs_positive_scale():
    with pytest.raises(GameError, match="positive"):
        prisoners_dilemma().affine(0, 0, 1)


@given(g=games(max_strategies=3), data=st.data())
def test_exact_regrets_agree_with_float_regrets(g, data):
    from fractions import Fraction

    from negotiate.solvers.regret import player_regrets, player_regrets_exact

    profile = []
    for k in g.shape:
        weights = data.draw(st.lists(st.integers(0, 5), min_size=k, max_size=k).filter(any))
        total = sum(weights)
        profile.append([Fraction(w, total) for w in weights])
    exact = player_regrets_exact(g.u_exact, profile)
    floats = player_regrets(g.u, [np.array([float(q) for q in p]) for p in profile])
    assert np.allclose([float(x) for x in exact], floats, atol=1e-9)


@given(g=games(max_strategies=3))
def test_exact_solutions_report_exactly_zero_regret(g):
    from negotiate.equilibria import solve

    result = solve(g, exact=True)
    assert result.equilibria and all(r == 0.0 for r in result.regrets)
