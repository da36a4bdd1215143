"""Batched solver: the same equilibria, game by game, as the complete single-game engine."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from negotiate.equilibria import solve
from negotiate.errors import GameError
from negotiate.model import NormalFormGame
from negotiate.solvers.batched import batched_equilibria


def key(x: np.ndarray, y: np.ndarray) -> tuple:
    return tuple(np.round(np.concatenate([x, y]), 7) + 0.0)


@settings(max_examples=25)
@given(
    u=st.tuples(st.integers(1, 30), st.integers(1, 3), st.integers(1, 3)).flatmap(
        lambda s: hnp.arrays(np.int64, (s[0], 2, s[1], s[2]), elements=st.integers(-2, 2))
    )
)
def test_batched_equilibria_equal_vertex_enumeration_game_by_game(u):
    batch = batched_equilibria(u)
    assert batch.counts.shape == (u.shape[0],)
    for k in range(u.shape[0]):
        single = solve(NormalFormGame.from_arrays(u[k, 0], u[k, 1]))
        ours = sorted(key(x, y) for x, y in batch.of(k))
        theirs = sorted(key(*e.profile) for e in single.equilibria)
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs, strict=True):
            np.testing.assert_allclose(a, b, atol=1e-6)


def test_batched_constant_games_have_every_pure_profile():
    u = np.zeros((4, 2, 3, 3))
    u[1] = 5.0
    assert batched_equilibria(u).counts.tolist() == [9, 9, 9, 9]


def test_batched_matching_pennies_and_coordination():
    pennies = [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]
    coord = [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]
    batch = batched_equilibria(np.array([pennies, coord], dtype=float))
    assert batch.counts.tolist() == [1, 3]
    np.testing.assert_allclose(batch.of(0)[0][0], [0.5, 0.5])


def test_batched_rejects_a_non_bimatrix_stack():
    with pytest.raises(GameError):
        batched_equilibria(np.zeros((3, 3, 2, 2)))
