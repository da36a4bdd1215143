"""Exact (rational) mode: the same equilibria as float mode, and exactly equilibria."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from strategies import bimatrix_games

from negotiate.equilibria import solve
from negotiate.model import NormalFormGame
from negotiate.solvers.rational import extreme_equilibria_exact, integer_payoffs


def exact_regret(a, b, x, y) -> Fraction:
    """Largest gain from a pure deviation, in exact arithmetic."""
    m, n = len(a), len(a[0])
    row = [sum(a[i][j] * y[j] for j in range(n)) for i in range(m)]
    col = [sum(b[i][j] * x[i] for i in range(m)) for j in range(n)]
    return max(
        max(row) - sum(x[i] * row[i] for i in range(m)),
        max(col) - sum(y[j] * col[j] for j in range(n)),
    )


@given(g=bimatrix_games(max_strategies=4))
def test_exact_and_float_modes_find_the_same_equilibria(g):
    fl = solve(g)
    ex = solve(g, exact=True)
    assert len(fl.equilibria) == len(ex.equilibria)
    for f, e in zip(fl.equilibria, ex.equilibria, strict=True):
        for p, q in zip(f.profile, e.exact, strict=True):
            np.testing.assert_allclose(p, np.array(q, dtype=float), atol=1e-9)
    assert fl.components == ex.components
    assert fl.nash_subsets == ex.nash_subsets


@settings(max_examples=40)
@given(g=bimatrix_games(max_strategies=4))
def test_exact_equilibria_have_zero_regret_and_are_distributions(g):
    a, b = (u.tolist() for u in g.u_exact)
    for e in solve(g, exact=True).equilibria:
        x, y = e.exact
        assert sum(x) == 1 and sum(y) == 1
        assert min(x) >= 0 and min(y) >= 0
        assert exact_regret(a, b, x, y) == 0


def test_exact_mode_keeps_rationals_that_floats_would_round():
    third = Fraction(1, 3)
    g = NormalFormGame.from_arrays(
        [[third, 0], [0, Fraction(2, 7)]], [[Fraction(2, 7), 0], [0, third]]
    )
    r = solve(g, exact=True)
    mixed = [e for e in r.equilibria if not e.is_pure]
    assert len(mixed) == 1
    # Row mixes so that the column player is indifferent: (1/3) x2 = (2/7) x1.
    assert mixed[0].exact == (
        (Fraction(7, 13), Fraction(6, 13)),
        (Fraction(6, 13), Fraction(7, 13)),
    )
    assert mixed[0].exact_strings() == [["7/13", "6/13"], ["6/13", "7/13"]]


def test_integer_payoffs_is_a_positive_affine_image_with_entries_at_least_one():
    a = [[Fraction(-1, 2), Fraction(3, 4)], [0, 2]]
    ai = integer_payoffs(a)
    assert min(min(r) for r in ai) >= 1
    # Affine: differences scale by one common positive factor.
    ratio = Fraction(ai[1][1] - ai[0][0], 1) / (Fraction(2) - Fraction(-1, 2))
    assert ratio > 0
    for i in range(2):
        for j in range(2):
            assert ai[i][j] - ai[0][0] == ratio * (Fraction(a[i][j]) - Fraction(a[0][0]))


@pytest.mark.parametrize("n", [6, 8])
def test_exact_and_float_agree_on_larger_degenerate_integer_games(n):
    rng = np.random.default_rng(n)
    a = rng.integers(0, 3, (n, n))
    b = rng.integers(0, 3, (n, n))
    g = NormalFormGame.from_arrays(a, b)
    fl, ex = solve(g), solve(g, exact=True)
    assert len(fl.equilibria) == len(ex.equilibria) > 0
    assert fl.components == ex.components
    direct = extreme_equilibria_exact(a.tolist(), b.tolist())
    assert len(direct) == len(ex.equilibria)
