"""Pure equilibria of n-player games: vectorised mask against the definition."""

import itertools

import numpy as np
from hypothesis import given

from negotiate.numeric import atol
from negotiate.solvers.pure import pure_equilibria, pure_equilibrium_mask
from tests.strategies import nplayer_games


def _by_definition(u):
    n = u.shape[0]
    found = []
    for a in itertools.product(*(range(k) for k in u.shape[1:])):
        if all(
            u[(i, *a)] >= max(u[(i, *a[:i], s, *a[i + 1 :])] for s in range(u.shape[i + 1]))
            for i in range(n)
        ):
            found.append(a)
    return found


@given(g=nplayer_games())
def test_pure_equilibria_match_the_definition(g):
    assert pure_equilibria(g.u, atol(g.u)) == _by_definition(g.u)


def test_three_player_coordination_has_two_pure_equilibria():
    u = np.zeros((3, 2, 2, 2))
    u[:, 0, 0, 0] = 1
    u[:, 1, 1, 1] = 2
    assert pure_equilibria(u, 1e-9) == [(0, 0, 0), (1, 1, 1)]


def test_matching_pennies_has_no_pure_equilibrium():
    a = np.array([[1, -1], [-1, 1]])
    assert pure_equilibria(np.stack([a, -a]), 1e-9) == []


@given(g=nplayer_games(max_players=3))
def test_batched_mask_equals_stacked_single_masks(g):
    batch = np.stack([g.u, -g.u, 2 * g.u])
    masks = pure_equilibrium_mask(batch, 1e-9, n_players=g.n_players)
    for k in range(3):
        assert np.array_equal(masks[k], pure_equilibrium_mask(batch[k], 1e-9))
