"""The batched classifier: same signatures as solving value by value, same sweeps."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiate.payoff_file import spec_from_text
from negotiate.solvers.batched import batched_equilibria
from negotiate.sweep import (
    batch_signatures,
    batched_classifier,
    solving_classifier,
    sweep,
)
from tests.strategies import affine_game_texts

NONAFFINE_3X3 = """
players = ["Row", "Col"]
[strategies]
Row = ["a", "b", "c"]
Col = ["x", "y", "z"]
[parameters.t]
default = 0
range = [0, 1]
[payoffs]
Row = [["3 * t", 1, "2 - t"], [2, "4 * t * t", 0], [1, "t", 3]]
Col = [["1 - t", 2, 0], [0, "3 * t", 1], ["2 * t", 0, "1 + t * t"]]
"""


def _generic(a: np.ndarray, b: np.ndarray, t: float) -> bool:
    """No two payoffs of one player within 1e-6 of each other at ``t`` (off every crossing,
    where the game is degenerate and the two solvers' tolerances may decide differently)."""
    for u in a + b * t:
        flat = np.sort(u.ravel())
        if flat.size > 1 and np.min(np.diff(flat)) < 1e-6:
            return False
    return True


@settings(max_examples=40, deadline=None)
@given(
    case=affine_game_texts(max_strategies=3),
    ts=st.lists(st.floats(0, 1), min_size=1, max_size=8),
)
def test_batched_and_per_value_signatures_agree_off_crossings(case, ts):
    text, a, b = case
    spec = spec_from_text(text, "g.toml")
    ts = [t for t in ts if _generic(a, b, t)]
    many = batched_classifier(spec, "t")
    one = solving_classifier(spec, "t")
    assert list(many(np.array(ts))) == [one(t)[0] for t in ts]


@settings(max_examples=25, deadline=None)
@given(case=affine_game_texts(max_strategies=3))
def test_batched_sweep_gives_the_per_value_sweep(case):
    text, _, _ = case
    spec = spec_from_text(text, "g.toml")
    slow = sweep(spec, "t", solving_classifier(spec, "t"), grid=41)
    fast = sweep(
        spec,
        "t",
        solving_classifier(spec, "t"),
        grid=41,
        classify_many=batched_classifier(spec, "t"),
    )
    assert [r.signature for r in fast.regimes] == [r.signature for r in slow.regimes]
    assert len(fast.thresholds) == len(slow.thresholds)
    for mine, theirs in zip(fast.thresholds, slow.thresholds, strict=True):
        assert mine.analytic == theirs.analytic
        assert mine.at.exact == theirs.at.exact
        assert abs(mine.at.value - theirs.at.value) < 1e-7


def test_batched_sweep_finds_the_non_affine_thresholds_of_a_3x3_game():
    spec = spec_from_text(NONAFFINE_3X3, "g.toml")
    slow = sweep(spec, "t", solving_classifier(spec, "t"), grid=101)
    fast = sweep(
        spec,
        "t",
        solving_classifier(spec, "t"),
        grid=2000,
        classify_many=batched_classifier(spec, "t"),
    )
    assert [r.signature for r in fast.regimes] == [r.signature for r in slow.regimes]
    assert len(fast.thresholds) == len(slow.thresholds) == 5
    assert fast.thresholds[0].at.value == pytest.approx(np.sqrt(2) - 1, abs=1e-7)
    for mine, theirs in zip(fast.thresholds, slow.thresholds, strict=True):
        assert abs(mine.at.value - theirs.at.value) < 1e-7


def test_batched_classifier_declines_games_beyond_the_batched_solver():
    text = """
players = ["Row", "Col"]
[strategies]
Row = ["a", "b"]
Col = ["w", "x", "y", "z"]
[parameters.t]
default = 0
range = [0, 1]
[payoffs]
Row = [["t", 1, 2, 3], [0, 1, 2, 3]]
Col = [["t", 1, 2, 3], [0, 1, 2, 3]]
"""
    spec = spec_from_text(text, "g.toml")
    assert batched_classifier(spec, "t") is None
    assert batched_classifier(spec_from_text(NONAFFINE_3X3, "g.toml"), "t") is not None


def test_batch_signatures_read_supports_like_equilibrium_supports():
    # Matching pennies (one mixed equilibrium) and a coordination game (two pure, one mixed).
    pennies = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], dtype=float)
    coordination = np.array([[[2, 0], [0, 1]], [[2, 0], [0, 1]]], dtype=float)
    sigs = batch_signatures(batched_equilibria(np.stack([pennies, coordination])), (2, 2))
    assert sigs == [
        (((0, 1), (0, 1)),),
        (((0,), (0,)), ((0, 1), (0, 1)), ((1,), (1,))),
    ]
