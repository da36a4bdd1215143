"""Sweeps: regimes and thresholds agree with solving on either side of every threshold."""

from fractions import Fraction

import numpy as np
from hypothesis import given, settings

from negotiate.payoff_file import spec_from_text
from negotiate.sweep import (
    affine_coefficients,
    equilibrium_signature,
    solving_classifier,
    sweep,
)
from tests.game_texts import SQUARE, symmetric_2x2
from tests.strategies import affine_game_texts


def run(text):
    spec = spec_from_text(text, "g.toml")
    return spec, sweep(spec, "t", solving_classifier(spec, "t"), grid=41)


def signature_at(spec, t):
    return solving_classifier(spec, "t")(t)[0]


@settings(max_examples=30)
@given(case=affine_game_texts())
def test_thresholds_agree_with_solving_on_either_side(case):
    text, _, _ = case
    spec, result = run(text)
    for before, after in zip(result.regimes, result.regimes[1:], strict=False):
        cut = before.high.value
        assert cut == after.low.value
        assert before.signature != after.signature
        width = min(cut - before.low.value, after.high.value - cut)
        delta = min(1e-7, width / 3)
        assert signature_at(spec, cut - delta) == before.signature
        assert signature_at(spec, cut + delta) == after.signature


@settings(max_examples=30)
@given(case=affine_game_texts())
def test_every_grid_value_lies_in_the_regime_with_its_equilibrium_set(case):
    text, _, _ = case
    spec, result = run(text)
    cuts = [t.at.value for t in result.thresholds]
    for t in np.linspace(0, 1, 57):
        if any(abs(t - c) < 1e-6 for c in cuts):
            continue
        (regime,) = [r for r in result.regimes if r.low.value <= t <= r.high.value]
        assert signature_at(spec, float(t)) == regime.signature


@settings(max_examples=20)
@given(case=affine_game_texts())
def test_regime_boundaries_are_invariant_under_positive_affine_payoff_transforms(case):
    text, a, b = case
    _, result = run(text)
    scaled = text.replace("P0 = [[", "P0x = [[")  # marker to find P0's payoff line
    line = next(x for x in scaled.splitlines() if x.startswith("P0x = "))
    transformed_cells = []
    for k in range(a[0].size):
        transformed_cells.append(f'"3 * ({a[0].ravel()[k]} + {b[0].ravel()[k]} * t) + 7"')
    shape = a[0].shape
    nested = np.array(transformed_cells, dtype=object).reshape(shape)

    def show(x):
        return x if isinstance(x, str) else "[" + ", ".join(show(y) for y in x) + "]"

    new_text = scaled.replace(line, "P0 = " + show(nested.tolist()))
    _, again = run(new_text)
    assert [r.signature for r in again.regimes] == [r.signature for r in result.regimes]
    assert len(again.thresholds) == len(result.thresholds)
    for mine, theirs in zip(again.thresholds, result.thresholds, strict=True):
        assert mine.analytic == theirs.analytic
        if mine.analytic:
            assert mine.at.exact == theirs.at.exact
        else:  # located by bisection on the solver's float decisions
            assert abs(mine.at.value - theirs.at.value) < 1e-7


def test_prisoners_dilemma_becomes_a_coordination_game_at_an_exact_threshold():
    text = symmetric_2x2("2 + 3 * t", temptation=3, sucker=-1)
    spec, result = run(text)
    assert affine_coefficients(spec, "t", {}, 0, 1) is not None
    (threshold,) = result.thresholds
    assert threshold.at.exact == Fraction(1, 3) and threshold.analytic
    first, second = result.regimes
    assert first.signature == (((1,), (1,)),)
    # Above 1/3 a coordination game: two pure equilibria and a mixed one between them.
    assert second.signature == (((0,), (0,)), ((0, 1), (0, 1)), ((1,), (1,)))
    # At 1/3 itself the mixed equilibrium has merged into (C, C): a degenerate game.
    assert equilibrium_signature(threshold.result) == (((0,), (0,)), ((1,), (1,)))


def test_non_affine_payoffs_are_found_by_root_finding():
    text = SQUARE
    spec, result = run(text)
    assert affine_coefficients(spec, "t", {}, 0, 1) is None
    (threshold,) = result.thresholds
    assert abs(threshold.at.value - 0.5) < 1e-9 and not threshold.analytic
