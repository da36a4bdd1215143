"""The one linear-program wrapper (negotiate.lp) and the maxmin it serves, against exact values."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiate.errors import SolverError
from negotiate.lp import solve_lp, unit_range
from negotiate.solvers.rational import extreme_equilibria_exact
from negotiate.solvers.security import maxmin
from tests.strategies import payoff_arrays, positive_scales, shifts

#: One player's payoffs: rows its strategies, columns the opponent's.
matrices = payoff_arrays().map(lambda u: u[0])


def _exact_maxmin(m: np.ndarray) -> Fraction:
    """The value of the zero-sum game ``m`` (row maximises), exactly: the row player's
    payoff at any of its equilibria, which all pay the value."""
    ints = [[int(v) for v in row] for row in m.tolist()]
    negated = [[-v for v in row] for row in ints]
    x, y = extreme_equilibria_exact(ints, negated)[0]
    return sum(x[i] * ints[i][j] * y[j] for i in range(len(x)) for j in range(len(y)))


@settings(max_examples=60)
@given(m=matrices, scale=st.sampled_from([1, 10**3, 10**6, 10**9]))
def test_maxmin_level_is_the_exact_game_value_at_any_payoff_scale(m, scale):
    """The level the LP's strategy guarantees is the exact value to 1e-9 of the payoff range,
    however large the payoffs (the LP runs on the payoffs scaled onto [0, 1])."""
    m = m.astype(float) * scale
    x, level = maxmin(m)
    exact = _exact_maxmin(m)
    span = max(float(m.max() - m.min()), 1.0)
    assert x.min() >= 0.0 and x.sum() == pytest.approx(1.0)
    assert abs(level - float(exact)) <= 1e-9 * span
    assert level == pytest.approx(float((x @ m).min()))


@given(m=matrices, scale=positive_scales, shift=shifts)
def test_unit_range_is_the_positive_affine_map_onto_zero_one(m, scale, shift):
    scaled = unit_range(m)
    assert scaled.min() == 0.0
    assert scaled.max() in (0.0, 1.0)
    assert scaled.max() == 1.0 or np.ptp(m) == 0
    # The same for any positive affine image of m: the map forgets scale and shift.
    np.testing.assert_allclose(unit_range(scale * m.astype(float) + shift), scaled, atol=1e-12)


def test_an_infeasible_program_is_none_when_allowed_and_an_error_otherwise():
    # x >= 0 and x <= -1 have no solution.
    args = (np.ones(1), [(0.0, None)], "an impossible bound")
    kwargs = {"a_ub": np.ones((1, 1)), "b_ub": -np.ones(1)}
    assert solve_lp(*args, **kwargs, allow_infeasible=True) is None
    with pytest.raises(SolverError, match="an impossible bound"):
        solve_lp(*args, **kwargs)


def test_an_unbounded_program_is_an_error_naming_what_it_computes():
    with pytest.raises(SolverError, match=r"linear program for a runaway failed \(status 3\)"):
        solve_lp(-np.ones(1), [(0.0, None)], "a runaway")
