"""Named analysis results: names, ordering and plain to_dict() structures."""

import json

import numpy as np
import pytest
from hypothesis import given, settings

from negotiate.analysis import ELIMINATION_ORDER, dominance, pareto, security, zero_sum
from negotiate.errors import GameError
from negotiate.model import NormalFormGame
from negotiate.numeric import atol
from negotiate.solvers.pure import pure_equilibria
from tests.strategies import nplayer_games, zero_sum_games


def _mixed_dominance_game() -> NormalFormGame:
    return NormalFormGame.from_arrays(
        [[3, 0], [0, 3], [1, 1]],
        [[0, 1], [1, 0], [0, 0]],
        players=["Row", "Col"],
        strategies=[["T", "M", "B"], ["L", "R"]],
        title="mixed dominance",
    )


def test_dominance_result_names_the_steps_and_the_order():
    result = dominance(_mixed_dominance_game())
    d = result.to_dict()
    assert d["kind"] == "strict" and d["order"] == ELIMINATION_ORDER
    assert len(d["steps"]) == 1
    step = d["steps"][0]
    assert (step["player"], step["strategy"], step["pure"]) == ("Row", "B", False)
    assert [name for name, _ in step["dominated_by"]] == ["T", "M"]
    assert [p for _, p in step["dominated_by"]] == pytest.approx([0.5, 0.5])
    assert d["remaining"] == [
        {"player": "Row", "strategies": ["T", "M"]},
        {"player": "Col", "strategies": ["L", "R"]},
    ]
    assert json.loads(json.dumps(d, sort_keys=True)) == d


@settings(max_examples=25)
@given(g=nplayer_games(max_players=3, max_strategies=3))
def test_reduced_game_by_strict_dominance_has_the_same_pure_equilibria(g):
    result = dominance(g)
    reduced = result.reduced_game(g)
    assert reduced.strategies == result.remaining
    named = sorted(reduced.profile_names(a) for a in pure_equilibria(reduced.u, atol(g.u)))
    full = sorted(g.profile_names(a) for a in pure_equilibria(g.u, atol(g.u)))
    assert named == full


def test_security_result_lists_every_player_in_order():
    d = security(_mixed_dominance_game()).to_dict()
    assert [p["player"] for p in d["players"]] == ["Row", "Col"]
    row = d["players"][0]
    assert [name for name, _ in row["strategy"]] == ["T", "M", "B"]
    assert [p for _, p in row["strategy"]] == pytest.approx([0.5, 0.5, 0.0])
    assert row["level"] == pytest.approx(1.5)


@settings(max_examples=20)
@given(g=zero_sum_games(max_strategies=3))
def test_zero_sum_optimal_pair_is_a_verified_equilibrium_worth_the_value(g):
    result = zero_sum(g)
    eq = result.equilibrium()
    eq.verify(g)
    assert eq.payoffs(g)[0] == pytest.approx(result.value, abs=atol(g.u))
    assert result.to_dict()["values"] == [result.value, result.constant - result.value]


def test_zero_sum_refuses_a_general_sum_game():
    with pytest.raises(GameError):
        zero_sum(_mixed_dominance_game())


def test_pareto_result_names_profiles_and_payoffs():
    g = NormalFormGame.from_arrays(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"], ["C", "D"]]
    )
    d = pareto(g).to_dict()
    assert d["outcomes"] == [
        {"profile": ["C", "C"], "payoffs": [3.0, 3.0]},
        {"profile": ["C", "D"], "payoffs": [0.0, 5.0]},
        {"profile": ["D", "C"], "payoffs": [5.0, 0.0]},
    ]


def test_results_are_frozen():
    result = pareto(NormalFormGame.from_arrays(np.eye(2), np.eye(2)))
    with pytest.raises(AttributeError):
        result.outcomes = ()  # type: ignore[misc]
