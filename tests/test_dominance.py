"""Iterated elimination of strictly and weakly dominated strategies (pure and mixed)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiate.errors import SolverError
from negotiate.model import NormalFormGame
from negotiate.numeric import atol
from negotiate.solvers.dominance import dominating_strategy, iterated_elimination
from negotiate.solvers.pure import pure_equilibria
from tests.strategies import games_with_a_mixed_dominated_strategy, nplayer_games


def _reduced_equilibria(g, survivors):
    sub = g.restrict(survivors)
    return sorted(
        tuple(survivors[i][k] for i, k in enumerate(p)) for p in pure_equilibria(sub.u, atol(g.u))
    )


@settings(max_examples=40)
@given(g=nplayer_games(max_players=3, max_strategies=3))
def test_iterated_strict_elimination_never_removes_a_strategy_of_a_pure_equilibrium(g):
    survivors, steps = iterated_elimination(g.u, atol(g.u))
    for profile in pure_equilibria(g.u, atol(g.u)):
        for i, a in enumerate(profile):
            assert a in survivors[i]
    assert len(steps) == sum(g.shape) - sum(len(s) for s in survivors)


@settings(max_examples=40)
@given(g=nplayer_games(max_players=3, max_strategies=3))
def test_strict_elimination_keeps_exactly_the_pure_equilibria(g):
    survivors, _ = iterated_elimination(g.u, atol(g.u))
    assert _reduced_equilibria(g, survivors) == pure_equilibria(g.u, atol(g.u))


@settings(max_examples=40)
@given(g=nplayer_games(max_players=3, max_strategies=3))
def test_equilibria_of_the_weakly_reduced_game_are_equilibria_of_the_full_game(g):
    survivors, _ = iterated_elimination(g.u, atol(g.u), weak=True)
    full = set(pure_equilibria(g.u, atol(g.u)))
    assert set(_reduced_equilibria(g, survivors)) <= full


@settings(max_examples=30)
@given(g=nplayer_games(max_players=3, max_strategies=3), weak=st.booleans())
def test_each_reported_dominator_dominates_in_the_game_at_its_step(g, weak):
    tol = atol(g.u)
    _, steps = iterated_elimination(g.u, tol, weak=weak)
    keep = [list(range(k)) for k in g.shape]
    for step in steps:
        sub = g.u[step.player][np.ix_(*keep)]
        rows = np.moveaxis(sub, step.player, 0)
        mix = np.tensordot(step.dominator[keep[step.player]], rows, axes=1)
        gain = mix - rows[keep[step.player].index(step.strategy)]
        assert step.dominator[step.strategy] == 0
        assert step.dominator.sum() == pytest.approx(1.0)
        if weak:
            assert gain.min() >= -tol and gain.max() > tol
        else:
            assert gain.min() > tol
        keep[step.player].remove(step.strategy)


@settings(max_examples=30)
@given(g=nplayer_games(max_players=3, max_strategies=3))
def test_no_surviving_strategy_is_strictly_dominated(g):
    tol = atol(g.u)
    survivors, _ = iterated_elimination(g.u, tol)
    keep = [list(s) for s in survivors]
    for i in range(g.n_players):
        for s in keep[i]:
            assert dominating_strategy(g.u, i, s, keep, weak=False, atol=tol) is None


@settings(max_examples=25)
@given(g=nplayer_games(max_players=3, max_strategies=3), data=st.data())
def test_strict_elimination_is_order_independent(g, data):
    """Gilboa, Kalai & Zemel (1990): relabelling strategies (hence the order of elimination)
    leaves the same reduced game."""
    survivors, _ = iterated_elimination(g.u, atol(g.u))
    orders = [data.draw(st.permutations(range(k))) for k in g.shape]
    h = g
    for i, order in enumerate(orders):
        h = h.permute_strategies(i, order)
    survivors_h, _ = iterated_elimination(h.u, atol(h.u))
    mapped = tuple(tuple(sorted(orders[i][k] for k in s)) for i, s in enumerate(survivors_h))
    assert mapped == survivors


@settings(max_examples=30)
@given(g=games_with_a_mixed_dominated_strategy(n_players=2))
def test_a_strategy_below_a_mix_is_eliminated(g):
    survivors, _ = iterated_elimination(g.u, atol(g.u))
    assert 2 not in survivors[0]


def test_strategy_dominated_only_by_a_mix_is_found_by_linear_programming():
    g = NormalFormGame.from_arrays([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]])
    assert iterated_elimination(g.u, atol(g.u), mixed=False)[1] == ()
    survivors, steps = iterated_elimination(g.u, atol(g.u))
    assert survivors == ((0, 1), (0, 1))
    assert len(steps) == 1
    (step,) = steps
    assert (step.player, step.strategy, step.pure) == (0, 2, None)
    assert step.dominator == pytest.approx([0.5, 0.5, 0.0])
    assert step.margin == pytest.approx(0.5)


def test_prisoners_dilemma_reduces_to_mutual_defection():
    g = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    survivors, steps = iterated_elimination(g.u, atol(g.u))
    assert survivors == ((1,), (1,))
    assert [(s.player, s.strategy, s.pure) for s in steps] == [(0, 0, 1), (1, 0, 1)]


def test_weak_elimination_depends_on_the_order_and_ours_is_lowest_index_first():
    # Row T is weakly dominated by B (only at column R); column R by L (only at row T).
    g = NormalFormGame.from_arrays([[1, 0], [1, 1]], [[1, 0], [0, 0]])
    survivors, steps = iterated_elimination(g.u, atol(g.u), weak=True)
    assert [(s.player, s.strategy, s.pure) for s in steps] == [(0, 0, 1)]
    assert survivors == ((1,), (0, 1))
    # With the players swapped, the column player's R goes first and then nothing else can.
    h = g.permute_players([1, 0])
    survivors_h, steps_h = iterated_elimination(h.u, atol(h.u), weak=True)
    assert [(s.player, s.strategy, s.pure) for s in steps_h] == [(0, 1, 0)]
    assert survivors_h == ((0,), (0, 1))


def test_single_strategy_players_keep_their_strategy():
    g = NormalFormGame.from_arrays(np.array([[5], [1]]), np.array([[0], [0]]))
    survivors, steps = iterated_elimination(g.u, atol(g.u))
    assert survivors == ((0,), (0,))
    assert [(s.player, s.strategy) for s in steps] == [(0, 1)]


def test_a_failed_linear_program_raises_solver_error(monkeypatch):
    class Failed:
        status = 4
        message = "numerical difficulties"

    monkeypatch.setattr("scipy.optimize.linprog", lambda *a, **k: Failed())
    g = NormalFormGame.from_arrays([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]])
    with pytest.raises(SolverError, match="numerical difficulties"):
        iterated_elimination(g.u, atol(g.u))
