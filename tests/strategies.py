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


# --- bargaining ---

from negotiate.bargaining.problem import BargainingProblem  # noqa: E402

payoff_digits = st.integers(min_value=0, max_value=9)


@st.composite
def outcome_points(draw: st.DrawFn, n_players: int = 2, max_outcomes: int = 6) -> np.ndarray:
    """``k`` outcome payoff vectors with small non-negative integer payoffs."""
    k = draw(st.integers(1, max_outcomes))
    return draw(hnp.arrays(np.int64, (k, n_players), elements=payoff_digits)).astype(float)


@st.composite
def outcome_problems(
    draw: st.DrawFn, n_players: int = 2, max_outcomes: int = 6
) -> BargainingProblem:
    """Lottery problems whose disagreement point lies weakly below every outcome's minimum
    (so it is feasible by construction); the bargaining set may be empty."""
    pts = draw(outcome_points(n_players, max_outcomes))
    below = np.array([draw(st.integers(0, 3)) for _ in range(n_players)], dtype=float)
    d = pts.min(axis=0) - below
    return BargainingProblem.from_outcomes([f"P{i + 1}" for i in range(n_players)], pts, d)


@st.composite
def symmetric_outcome_problems(draw: st.DrawFn, max_outcomes: int = 4) -> BargainingProblem:
    """Two-player lottery problems closed under swapping the players, with ``d = (c, c)``."""
    pts = draw(outcome_points(2, max_outcomes))
    both = np.vstack([pts, pts[:, ::-1]])
    c = float(both.min()) - draw(st.integers(0, 3))
    return BargainingProblem.from_outcomes(["P1", "P2"], both, [c, c])


@st.composite
def concave_chains(draw: st.DrawFn, max_edges: int = 4) -> np.ndarray:
    """Points of a strictly concave decreasing chain: integer edge vectors ``(a, -b)`` sorted
    from flattest to steepest, with distinct slopes."""
    m = draw(st.integers(1, max_edges))
    vecs = draw(
        st.lists(
            st.tuples(st.integers(1, 5), st.integers(1, 5)),
            min_size=m,
            max_size=m,
            unique_by=lambda v: v[1] / v[0],
        )
    )
    vecs.sort(key=lambda v: v[1] / v[0])
    y0 = sum(b for _, b in vecs)
    pts = [(0.0, float(y0))]
    for a, b in vecs:
        pts.append((pts[-1][0] + a, pts[-1][1] - b))
    return np.array(pts)


@st.composite
def frontier_problems(draw: st.DrawFn, max_edges: int = 4) -> BargainingProblem:
    """Two-player problems with a piecewise-linear frontier and ``d`` in the lower-left part."""
    pts = draw(concave_chains(max_edges))
    x = draw(st.integers(0, int(pts[-1, 0]) - 1))
    top = float(np.interp(x, pts[:, 0], pts[:, 1]))
    y = draw(st.integers(0, int(np.floor(top))))
    d = (float(x), float(y))
    return BargainingProblem.from_frontier_points(["P1", "P2"], pts, d)


positive_scales = st.integers(min_value=1, max_value=9)
shifts = st.integers(min_value=-9, max_value=9)

discount_factors_open = st.floats(min_value=0.05, max_value=0.99)
probabilities = st.floats(min_value=0.0, max_value=1.0)
positive_costs = st.floats(min_value=1e-6, max_value=2.0)


@st.composite
def issue_problems(draw: st.DrawFn, n_players: int = 2, max_issues: int = 3) -> BargainingProblem:
    """Divisible-issue problems with small integer valuations and reservation values below
    what each player gets from its best issue (so ``d`` is feasible by construction)."""
    m = draw(st.integers(1, max_issues))
    w = draw(hnp.arrays(np.int64, (n_players, m), elements=st.integers(0, 5))).astype(float)
    d = [float(draw(st.integers(-2, 0))) for _ in range(n_players)]
    names = [f"P{i + 1}" for i in range(n_players)]
    return BargainingProblem.from_issues(names, [f"i{j}" for j in range(m)], w, d)
