"""Hypothesis strategies shared by the whole suite (the only place they live).

Every builder is valid by construction: small integer payoffs, so exact and float results can
be compared with ``==``, and shapes within the limits the solvers are meant for.
"""

from __future__ import annotations

import itertools

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


# --- n-player tools ---


@st.composite
def zero_sum_games(
    draw: st.DrawFn, max_strategies: int = 4, constant: st.SearchStrategy[int] | None = None
) -> NormalFormGame:
    """Two-player games with ``u_0 + u_1 = c`` everywhere (``c = 0`` unless ``constant``)."""
    shape = (draw(st.integers(1, max_strategies)), draw(st.integers(1, max_strategies)))
    a = draw(hnp.arrays(np.int64, shape, elements=small_ints))
    c = 0 if constant is None else draw(constant)
    return NormalFormGame.from_arrays(a, c - a)


@st.composite
def games_with_a_mixed_dominated_strategy(draw: st.DrawFn, n_players: int = 2) -> NormalFormGame:
    """Games where player 0's third strategy is strictly below the even mix of its first two
    against every opponent profile (so strictly dominated, by a pure or a mixed strategy)."""
    shape = (3, *(draw(st.integers(1, 3)) for _ in range(n_players - 1)))
    u = draw(hnp.arrays(np.int64, (n_players, *shape), elements=small_ints))
    gap = draw(st.integers(1, 3))
    u[0, 2] = (u[0, 0] + u[0, 1]) // 2 - gap  # floor of the mix minus a gap: below the mix
    return NormalFormGame.from_arrays(*u)


def three_player_games(max_strategies: int = 2):
    """Three-player games with small integer payoffs."""
    return games(3, max_strategies, min_strategies=1)


@st.composite
def generic_zero_sum_games(draw: st.DrawFn, max_strategies: int = 3) -> NormalFormGame:
    """Zero-sum games of at least 2x2 whose row payoffs are distinct (nondegenerate)."""
    m = draw(st.integers(2, max_strategies))
    n = draw(st.integers(2, max_strategies))
    a = np.array(draw(st.permutations(list(range(m * n))))).reshape(m, n) - (m * n) // 2
    return NormalFormGame.from_arrays(a, -a)


#: Labels as a file may hold them: empty, quotes, backslashes, newlines, non-ASCII.
labels = st.text(
    alphabet=st.sampled_from(list('ab Z"\\\n\t{},é€1/.')) | st.characters(), max_size=8
)
#: Labels recent Gambit accepts (printable ASCII without leading, trailing or double spaces)
#: and reads as we do (Gambit doubles runs of backslashes, so none here).
gambit_labels = st.text(alphabet='abcXYZ019"/{},.-', min_size=1, max_size=6)
exact_payoffs = st.fractions(min_value=-20, max_value=20, max_denominator=12)


@st.composite
def named_exact_games(
    draw: st.DrawFn,
    max_players: int = 3,
    max_strategies: int = 3,
    labels: st.SearchStrategy[str] = labels,
) -> NormalFormGame:
    """Games with arbitrary (distinct) names, a title, a comment and rational payoffs."""
    n = draw(st.integers(1, max_players))
    players = draw(st.lists(labels, min_size=n, max_size=n, unique=True))
    strategies = [
        draw(st.lists(labels, min_size=1, max_size=max_strategies, unique=True)) for _ in range(n)
    ]
    shape = (n, *(len(s) for s in strategies))
    u = draw(hnp.arrays(object, shape, elements=exact_payoffs))
    return NormalFormGame(
        players=tuple(players),
        strategies=tuple(tuple(s) for s in strategies),
        u=u.astype(float),
        u_exact=u,
        title=draw(labels),
        description=draw(labels),
    )


def _possibly_degenerate(a: np.ndarray, b: np.ndarray) -> bool:
    """True unless no mixed strategy on k pure strategies can make k + 1 replies indifferent.

    For each support I of one player and each k + 1 = |I| + 1 replies J of the other, the
    system "x on I makes every reply in J pay the same, sum(x) = 1" has |I| + 1 unknowns and
    |I| + 1 equations plus one: generically inconsistent. If it is consistent for any (I, J)
    the game may be degenerate (von Stengel 2002, "Computing equilibria for two-person games",
    Handbook of Game Theory 3, section 3).
    """
    for m, payoff in ((a.shape[0], b), (a.shape[1], a.T)):  # payoff[i, j]: reply j against i
        for k in range(1, m + 1):
            for rows in itertools.combinations(range(m), k):
                for cols in itertools.combinations(range(payoff.shape[1]), k + 1):
                    sub = payoff[np.ix_(rows, cols)].T.astype(float)  # (k+1, k)
                    lhs = np.vstack(
                        [np.hstack([sub, -np.ones((k + 1, 1))]), np.append(np.ones(k), 0.0)]
                    )
                    rhs = np.append(np.zeros(k + 1), 1.0)
                    sol, *_ = np.linalg.lstsq(lhs, rhs, rcond=None)
                    if np.allclose(lhs @ sol, rhs):
                        return True
    return False


def nondegenerate_bimatrix_games(max_strategies: int = 3):
    """Two-player games of at least 2x2, filtered to be nondegenerate."""
    return generic_bimatrix_games(max_strategies).filter(
        lambda g: min(g.shape) >= 2 and not _possibly_degenerate(*g.bimatrix())
    )
