"""Alternating offers (Rubinstein 1982; Binmore, Rubinstein & Wolinsky 1986) and Fearon's
bargaining range (Fearon 1995)."""

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from negotiate.bargaining.fearon import bargaining_range
from negotiate.bargaining.problem import BargainingProblem
from negotiate.bargaining.rubinstein import discount_factors, rubinstein, rubinstein_costs
from negotiate.bargaining.solutions import Status, nash
from negotiate.errors import GameError
from tests.strategies import discount_factors_open, positive_costs, probabilities

CLOSE = 1e-9


def test_rubinstein_closed_form():
    r = rubinstein((0.9, 0.8))
    assert r.shares == pytest.approx(((1 - 0.8) / (1 - 0.72), 1 - (1 - 0.8) / (1 - 0.72)))
    s = rubinstein((0.9, 0.8), first=1)
    assert s.shares[1] == pytest.approx((1 - 0.9) / (1 - 0.72), abs=CLOSE)
    assert r.to_dict()["first"] == "P1"


@given(d1=discount_factors_open, d2=discount_factors_open, first=st.integers(0, 1))
def test_rubinstein_split_lies_in_the_open_unit_interval(d1, d2, first):
    r = rubinstein((d1, d2), first=first)
    assert 0 < r.shares[0] < 1 and 0 < r.shares[1] < 1
    assert sum(r.shares) == pytest.approx(1.0)
    # The first mover's advantage: it gets more than it would moving second.
    other = rubinstein((d1, d2), first=1 - first)
    assert r.shares[first] > other.shares[first]


@given(d1=discount_factors_open, d2=discount_factors_open, more=discount_factors_open)
def test_first_movers_share_falls_as_the_responder_grows_more_patient(d1, d2, more):
    patient = d2 + (1 - d2) * more  # strictly closer to 1
    assume(patient - d2 > 1e-6)
    assert rubinstein((d1, patient)).shares[0] < rubinstein((d1, d2)).shares[0]


@settings(max_examples=30)
@given(
    d1=discount_factors_open,
    d2=discount_factors_open,
    first=st.integers(0, 1),
    b=st.tuples(st.floats(0, 0.45), st.floats(0, 0.45)),
    p=st.floats(0, 0.5),
)
def test_finite_horizon_split_converges_to_the_infinite_one(d1, d2, first, b, p):
    inf = rubinstein((d1, d2), first=first, outside=b, breakdown=p).shares[0]
    rate = (1 - p) ** 2 * d1 * d2
    previous = None
    for horizon in (21, 41, 81):
        fin = rubinstein((d1, d2), first=first, outside=b, breakdown=p, horizon=horizon)
        err = abs(fin.shares[0] - inf)
        assert err <= rate ** ((horizon - 1) // 2) + CLOSE
        if previous is not None:
            assert err <= previous + CLOSE
        previous = err


def test_one_period_ultimatum_gives_the_proposer_everything():
    assert rubinstein((0.5, 0.5), horizon=1).shares == (1.0, 0.0)
    assert rubinstein((0.5, 0.5), horizon=2).shares == pytest.approx((0.5, 0.5))


@settings(max_examples=25)
@given(r1=st.floats(0.1, 5), r2=st.floats(0.1, 5), first=st.integers(0, 1))
def test_short_periods_approach_the_weighted_nash_solution(r1, r2, first):
    """Binmore, Rubinstein & Wolinsky (1986): as dt -> 0 with delta_i = exp(-r_i dt) the
    split tends to the Nash solution with weights 1/r_i; the error is O(dt)."""
    target = nash(BargainingProblem.from_surplus(["A", "B"], weights=[1 / r1, 1 / r2]))
    errors = []
    for dt in (1e-2, 1e-3, 1e-4):
        split = rubinstein(discount_factors((r1, r2), dt), first=first).shares[0]
        errors.append(abs(split - target.shares["surplus"][0]))
        assert errors[-1] <= max(r1, r2) * dt
    assert errors[-1] < errors[0]


def test_vanishing_breakdown_risk_approaches_nash_with_breakdown_disagreement():
    e = (0.3, 0.1)
    r = rubinstein((1.0, 1.0), breakdown=1e-6, breakdown_payoffs=e)
    assert r.shares[0] == pytest.approx(0.3 + (1 - 0.4) / 2, abs=1e-5)


def test_outside_option_principle():
    base = rubinstein((0.9, 0.9))
    # An outside option below what waiting is worth to the responder changes nothing ...
    weak = rubinstein((0.9, 0.9), outside=(0, 0.3))
    assert weak.shares == pytest.approx(base.shares) and weak.binding == ()
    # ... one above it is exactly what the responder gets.
    strong = rubinstein((0.9, 0.9), outside=(0, 0.6))
    assert strong.shares == pytest.approx((0.4, 0.6)) and strong.binding == ("P2",)
    none = rubinstein((0.9, 0.9), outside=(0.5, 0.6))
    assert none.status is Status.EMPTY


def test_fixed_costs():
    assert rubinstein_costs((0.1, 0.2)).shares == (1.0, 0.0)
    assert rubinstein_costs((0.2, 0.1)).shares == pytest.approx((0.1, 0.9))
    tie = rubinstein_costs((0.1, 0.1), first=1)
    assert tie.share_range == (0.1, 1.0) and tie.shares == (0.0, 1.0)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"discount": (1.0, 0.5)}, "discount factors must be in"),
        ({"discount": (0.0, 0.5)}, "discount factors must be in"),
        ({"discount": (0.5, 0.5), "breakdown": 1.0}, "breakdown probability"),
        ({"discount": (0.5, 0.5), "first": 2}, "first mover"),
        ({"discount": (0.5, 0.5), "horizon": 0}, "horizon"),
        ({"discount": (0.5, 0.5), "outside": (-1, 0)}, "outside options"),
    ],
)
def test_bad_alternating_offers_input(kwargs, match):
    with pytest.raises(GameError, match=match):
        rubinstein(**kwargs)


# --- Fearon -------------------------------------------------------------------------------


@given(p=probabilities, ca=positive_costs, cb=positive_costs)
def test_fearon_range_is_non_empty_whenever_costs_of_war_are_positive(p, ca, cb):
    r = bargaining_range(p, ca, cb)
    assert not r.is_empty
    assert r.low < r.high and r.contains(p)


def test_fearon_closed_form_and_empty_range():
    r = bargaining_range(0.6, 0.1, 0.2)
    assert (r.low, r.high) == pytest.approx((0.5, 0.8))
    assert bargaining_range(0.6, 0.1, 0.8).high == 1.0  # clipped
    assert bargaining_range(0.6, -0.1, -0.2).is_empty  # both expect to gain from fighting
    assert bargaining_range(0.6, -0.1, -0.2).to_dict()["range"] is None
    # Risk aversion widens the range: A accepts less than p - c_A.
    averse = bargaining_range(0.6, 0.1, 0.2, risk_a=0.5)
    assert averse.low == pytest.approx(0.25) and averse.high == pytest.approx(0.8)


@pytest.mark.parametrize("args", [(1.2, 0, 0), (0.5, math.nan, 0), (0.5, 0, 0, 0)])
def test_fearon_bad_input(args):
    with pytest.raises(GameError):
        bargaining_range(*args)
