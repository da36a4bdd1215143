"""Robustness: seeded, chunking-independent frequencies; the ordinal view against brute force."""

import itertools
from math import factorial

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from negotiate.errors import GameError
from negotiate.payoff_file import spec_from_text
from negotiate.robust import (
    DRAW_BLOCK,
    Conclusion,
    Kind,
    Verdict,
    ordinal_view,
    perturbed_payoffs,
    robustness,
    wilson_interval,
)
from negotiate.solvers.pure import pure_equilibria, pure_equilibrium_mask
from negotiate.spec import GameSpec
from tests.strategies import games, tied_small_games

TEXT = """
players = ["A", "B"]
[strategies]
A = ["x", "y", "z"]
B = ["x", "y", "z"]
[parameters.t]
default = 0.5
range = [0, 1]
[terms.gain]
value = "2 + 2 * t"
assumption = "test"
[terms.cost]
value = "1 + t"
assumption = "test"
[terms.net]
value = "gain - cost"
assumption = "test"
[payoffs]
A = [["gain", "net", 1], [3, "cost", "cost"], [0, "gain - cost", 2]]
B = [["gain", 3, "cost"], [1, "net", 2], ["gain - cost", "cost", -1]]
"""


@pytest.fixture(scope="module")
def spec():
    return spec_from_text(TEXT, "g.toml")


def counts(result):
    return [(f.conclusion, f.count) for f in result.frequencies]


def test_results_are_reproducible_for_a_seed(spec):
    a = robustness(spec, noise=0.3, samples=1500, seed=7)
    b = robustness(spec, noise=0.3, samples=1500, seed=7)
    c = robustness(spec, noise=0.3, samples=1500, seed=8)
    assert counts(a) == counts(b)
    assert counts(a) != counts(c)


@pytest.mark.parametrize("mode", ["multiplicative", "additive"])
def test_results_do_not_depend_on_the_chunk_size(spec, mode):
    samples = 2 * DRAW_BLOCK + 77
    runs = [
        counts(robustness(spec, noise=0.4, samples=samples, seed=3, mode=mode, chunk_size=k))
        for k in (samples, 1000, 333, 7)
    ]
    assert all(r == runs[0] for r in runs[1:])


def test_a_shorter_run_sees_the_first_samples_of_a_longer_one(spec):
    seen = []

    def solve_batch(u):
        seen.append(u.copy())
        return [()] * len(u)

    robustness(spec, noise=0.4, samples=50, seed=1, solve_batch=solve_batch)
    robustness(spec, noise=0.4, samples=3000, seed=1, solve_batch=solve_batch, chunk_size=50)
    # seen: the short run's batch, its unperturbed game, then the long run's first batch.
    np.testing.assert_array_equal(seen[0], seen[2])


@settings(max_examples=25)
@given(game=games(2, max_strategies=3), mode=st.sampled_from(["multiplicative", "additive"]))
def test_zero_noise_gives_the_unperturbed_conclusions_with_frequency_one(game, mode):
    spec = GameSpec.from_game(game)
    result = robustness(spec, noise=0.0, samples=64, seed=0, mode=mode, chunk_size=20)
    eqs = pure_equilibria(game.u, 1e-9 * (np.ptp(game.u) or 1.0))
    for f in result.frequencies:
        c = f.conclusion
        if c.kind is Kind.EQUILIBRIUM:
            truth = c.profile in eqs
        elif c.kind is Kind.UNIQUE:
            truth = eqs == [c.profile]
        else:
            truth = not eqs
        assert f.baseline == truth
        assert f.frequency == (1.0 if truth else 0.0)


def test_multiplicative_noise_scales_terms_and_term_free_cells_only(spec):
    # One sample with draws of +1 for every source at noise 0.5: each term and each term-free
    # cell is 1.5 times its value; net = 1.5 * (1.5 gain - 1.5 cost).
    u = perturbed_payoffs(spec, None, 0.5, np.ones((1, 3 + 8)))[0]
    gain, cost = 3.0, 1.5
    assert u[0, 0, 0] == pytest.approx(1.5 * gain)
    assert u[0, 0, 1] == pytest.approx(1.5 * (1.5 * gain - 1.5 * cost))
    assert u[0, 2, 1] == pytest.approx(1.5 * gain - 1.5 * cost)  # an expression of terms
    assert u[0, 1, 0] == pytest.approx(1.5 * 3)
    assert u[0, 2, 0] == 0.0  # zero stays zero
    np.testing.assert_array_equal(perturbed_payoffs(spec, None, 0.5, np.zeros((1, 11)))[0],
                                  spec.payoff_batch())  # fmt: skip


def test_payoff_batch_term_scale_defaults_to_the_unscaled_payoffs(spec):
    np.testing.assert_array_equal(
        spec.payoff_batch(term_scale={"gain": 1.0, "cost": 1.0}), spec.payoff_batch()
    )
    with pytest.raises(GameError, match="no term 'gian'"):
        spec.payoff_batch(term_scale={"gian": 2.0})


def test_progress_reports_every_chunk(spec):
    calls = []
    robustness(spec, samples=2500, chunk_size=1000, progress=lambda d, n: calls.append((d, n)))
    assert calls == [(1000, 2500), (2000, 2500), (2500, 2500)]


def test_a_batched_solver_adds_signature_conclusions(spec):
    def solve_batch(u):
        mask = pure_equilibrium_mask(u, 1e-9, n_players=2)
        return [tuple(((int(a),), (int(b),)) for a, b in np.argwhere(m)) for m in mask]

    result = robustness(spec, noise=0.3, samples=500, seed=2, solve_batch=solve_batch)
    unique = sum(
        f.count for f in result.frequencies if f.conclusion.kind is Kind.UNIQUE_EQUILIBRIUM
    )
    assert unique == sum(f.count for f in result.frequencies if f.conclusion.kind is Kind.UNIQUE)
    signatures = [f for f in result.frequencies if f.conclusion.kind is Kind.SIGNATURE]
    assert sum(f.count for f in signatures) == 500
    none = result.frequency_of(Conclusion(Kind.NO_PURE)).count
    assert sum(f.count for f in signatures if f.conclusion.signature == ()) == none


@given(n=st.integers(1, 500), data=st.data())
def test_wilson_interval_contains_the_frequency(n, data):
    k = data.draw(st.integers(0, n))
    low, high = wilson_interval(k, n)
    assert 0 <= low <= k / n <= high <= 1


def test_wilson_interval_known_value():
    # For 0 successes the upper end is z^2 / (n + z^2).
    z2 = 1.959963984540054**2
    assert wilson_interval(0, 10) == (0.0, pytest.approx(z2 / (10 + z2)))


def linear_extensions(values):
    """Every strict ranking of the outcomes that keeps the strict preferences of ``values``,
    as payoff arrays (ranks)."""
    flat = values.ravel()
    out = []
    for perm in itertools.permutations(range(flat.size)):
        ranks = np.empty(flat.size)
        ranks[list(perm)] = np.arange(flat.size)
        if all(ranks[a] > ranks[b] for a in range(flat.size) for b in range(flat.size)
               if flat[a] > flat[b]):  # fmt: skip
            out.append(ranks.reshape(values.shape))
    return out


def n_extensions(values):
    _, sizes = np.unique(values, return_counts=True)
    return int(np.prod([factorial(int(s)) for s in sizes]))


@settings(max_examples=40)
@given(u=tied_small_games())
def test_ordinal_view_agrees_with_brute_force_over_every_ranking(u):
    assume(n_extensions(u[0]) * n_extensions(u[1]) <= 600)
    assume(u[0].size <= 6)
    eq_sets = [frozenset(pure_equilibria(u, 1e-12))]
    for a in linear_extensions(u[0]):
        for b in linear_extensions(u[1]):
            eq_sets.append(frozenset(pure_equilibria(np.array([a, b]), 1e-12)))
    for v in ordinal_view(u):
        c = v.conclusion
        if c.kind is Kind.EQUILIBRIUM:
            truth = [c.profile in s for s in eq_sets]
        elif c.kind is Kind.UNIQUE:
            truth = [s == {c.profile} for s in eq_sets]
        else:
            truth = [not s for s in eq_sets]
        expected = (
            Verdict.ALWAYS if all(truth) else Verdict.NEVER if not any(truth) else Verdict.DEPENDS
        )
        assert v.verdict is expected, (c, u.tolist())


def test_ordinal_view_of_a_strict_game_is_never_undecided():
    pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)
    verdicts = {v.conclusion: v.verdict for v in ordinal_view(pd)}
    assert verdicts[Conclusion(Kind.UNIQUE, (1, 1))] is Verdict.ALWAYS
    assert verdicts[Conclusion(Kind.EQUILIBRIUM, (0, 0))] is Verdict.NEVER
    assert Verdict.DEPENDS not in verdicts.values()
