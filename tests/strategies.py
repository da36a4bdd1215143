"""Hypothesis strategies shared by the whole suite (the only place they live).

Every builder is valid by construction: small integer payoffs, so exact and float results can
be compared with ``==``, and shapes within the limits the solvers are meant for.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from negotiate.model import NormalFormGame

small_ints = st.integers(min_value=-9, max_value=9)


@st.composite
def payoff_arrays(
    draw: st.DrawFn,
    n_players: int | st.SearchStrategy[int] = 2,
    max_strategies: int = 4,
    min_strategies: int = 1,
    elements: st.SearchStrategy[int] = small_ints,
) -> np.ndarray:
    """A stacked integer payoff array of shape ``(n, s_0, ..., s_{n-1})``."""
    n = draw(n_players) if isinstance(n_players, st.SearchStrategy) else n_players
    shape = tuple(draw(st.integers(min_strategies, max_strategies)) for _ in range(n))
    return draw(hnp.arrays(np.int64, (n, *shape), elements=elements))


@st.composite
def games(
    draw: st.DrawFn,
    n_players: int | st.SearchStrategy[int] = 2,
    max_strategies: int = 4,
    min_strategies: int = 1,
) -> NormalFormGame:
    """A :class:`NormalFormGame` with small integer (hence exact) payoffs."""
    u = draw(payoff_arrays(n_players, max_strategies, min_strategies))
    return NormalFormGame.from_arrays(*u)


def bimatrix_games(max_strategies: int = 4, min_strategies: int = 1):
    """Two-player games with small integer payoffs."""
    return games(2, max_strategies, min_strategies)


def nplayer_games(max_players: int = 4, max_strategies: int = 3):
    """Games of one to ``max_players`` players."""
    return games(st.integers(1, max_players), max_strategies)


@st.composite
def generic_bimatrix_games(draw: st.DrawFn, max_strategies: int = 4) -> NormalFormGame:
    """Two-player games whose payoffs are distinct within each player (almost surely
    nondegenerate): drawn as permutations of distinct integers."""
    m = draw(st.integers(1, max_strategies))
    n = draw(st.integers(1, max_strategies))
    a = draw(st.permutations(list(range(m * n))))
    b = draw(st.permutations(list(range(m * n))))
    return NormalFormGame.from_arrays(np.array(a).reshape(m, n), np.array(b).reshape(m, n))


# --- two-player engine ---


def nondegenerate_bimatrix_games(max_strategies: int = 4) -> st.SearchStrategy[NormalFormGame]:
    """Bimatrix games that are nondegenerate: every vertex of both best-response polytopes
    has exactly as many labels as the polytope's dimension (checked exactly, in rationals,
    von Stengel 2002 Definition 3.2 and Theorem 3.4)."""
    from negotiate.solvers.rational import integer_payoffs, polytope_vertices_exact

    def nondegenerate(g: NormalFormGame) -> bool:
        a, b = (u.tolist() for u in g.u_exact)
        m, n = g.shape
        bt = [list(col) for col in zip(*integer_payoffs(b), strict=True)]
        for mat, dim in ((bt, m), (integer_payoffs(a), n)):
            for _, labels in polytope_vertices_exact(mat):
                if labels.bit_count() != dim:
                    return False
        return True

    return generic_bimatrix_games(max_strategies).filter(nondegenerate)


@st.composite
def games_with_dominant_strategy(draw: st.DrawFn, max_strategies: int = 4) -> NormalFormGame:
    """A bimatrix game whose row player's strategy 0 strictly dominates every other one
    (its payoff exceeds the column maximum of the other rows by 1 to 5)."""
    m = draw(st.integers(2, max_strategies))
    n = draw(st.integers(1, max_strategies))
    a = draw(hnp.arrays(np.int64, (m, n), elements=small_ints))
    b = draw(hnp.arrays(np.int64, (m, n), elements=small_ints))
    gap = draw(hnp.arrays(np.int64, (n,), elements=st.integers(1, 5)))
    a[0] = a[1:].max(axis=0) + gap
    return NormalFormGame.from_arrays(a, b)


positive_affine_maps = st.tuples(st.integers(1, 9), st.integers(-9, 9))
