"""Bargaining problems: validation, the exact frontier, and disagreement points from games."""

import numpy as np
import pytest
from hypothesis import given, settings

from negotiate.bargaining.problem import (
    BargainingProblem,
    Curvature,
    Utility,
    disagreement_from_game,
    pareto_chain,
)
from negotiate.errors import GameError
from negotiate.model import NormalFormGame
from tests.strategies import concave_chains, outcome_points


def test_problem_is_immutable_and_copies_its_input():
    pts = np.array([[0.0, 1.0], [1.0, 0.0]])
    p = BargainingProblem.from_outcomes(["A", "B"], pts, [0, 0])
    pts[0, 0] = 5
    assert p.points[0, 0] == 0
    with pytest.raises(ValueError):
        p.points[0, 0] = 3
    with pytest.raises(AttributeError):
        p.players = ("X", "Y")  # type: ignore[misc]


def test_pareto_chain_drops_collinear_repeated_and_dominated_points():
    pts = [[0, 2], [1, 1], [2, 0], [1, 1], [0.5, 0.5], [0, 1], [0.5, 1.5]]
    assert [pts[k] for k in pareto_chain(pts)] == [[0, 2], [2, 0]]
    assert pareto_chain([[1, 1]]) == [0]
    assert pareto_chain([[0, 0], [1, 1], [2, 2]]) == [2]


@settings(max_examples=40)
@given(pts=outcome_points(2, 8))
def test_pareto_chain_is_concave_decreasing_and_dominates_every_outcome(pts):
    chain = pts[pareto_chain(pts)]
    assert np.all(np.diff(chain[:, 0]) > 0) and np.all(np.diff(chain[:, 1]) < 0)
    for p in pts:  # every outcome is weakly below the frontier polyline
        if p[0] <= chain[-1, 0]:
            assert p[1] <= np.interp(p[0], chain[:, 0], chain[:, 1]) + 1e-12


@settings(max_examples=20)
@given(pts=concave_chains())
def test_frontier_points_keep_every_vertex(pts):
    p = BargainingProblem.from_frontier_points(["A", "B"], pts, pts.min(axis=0))
    assert np.array_equal(p.frontier_points(), pts)


def test_disagreement_outside_the_feasible_set_is_refused():
    with pytest.raises(GameError, match="outside the feasible set"):
        BargainingProblem.from_outcomes(["A", "B"], [[0, 1], [1, 0]], [0.6, 0.6])
    with pytest.raises(GameError, match="outside the feasible set"):
        BargainingProblem.from_frontier_function(["A", "B"], lambda x: 1 - x, (0, 1), [0.2, 0.9])
    with pytest.raises(GameError, match="outside the feasible set"):
        BargainingProblem.from_issues(["A", "B"], ["t"], [[1], [1]], [0.6, 0.6])


def test_non_convex_frontier_is_refused():
    with pytest.raises(GameError, match="not convex at point 2"):
        BargainingProblem.from_frontier_points(["A", "B"], [[0, 1], [0.5, 0.2], [1, 0]], [0, 0])
    with pytest.raises(GameError, match="not convex"):
        BargainingProblem.from_frontier_function(["A", "B"], lambda x: (1 - x) ** 2, (0, 1), [0, 0])
    with pytest.raises(GameError, match="increases"):
        BargainingProblem.from_frontier_function(["A", "B"], lambda x: x, (0, 1), [0, 0])
    with pytest.raises(GameError, match="exponent in"):
        Utility(Curvature.POWER, 2.0)


def test_weights_must_be_positive():
    with pytest.raises(GameError, match="positive"):
        BargainingProblem.from_surplus(["A", "B"], weights=[1, 0])


def test_smooth_kinds_have_two_players():
    with pytest.raises(GameError, match="exactly two players"):
        BargainingProblem.from_frontier_points(["A", "B", "C"], [[0, 1, 1]], [0, 0, 0])


def test_empty_when_d_is_on_the_frontier():
    p = BargainingProblem.from_frontier_function(["A", "B"], lambda x: 1 - x, (0, 1), [0.5, 0.5])
    assert p.is_empty
    q = p.with_disagreement([0.4, 0.4])
    assert not q.is_empty


def prisoners_dilemma() -> NormalFormGame:
    return NormalFormGame.from_arrays(
        [[3, 0], [5, 1]],
        [[3, 5], [0, 1]],
        players=["Row", "Col"],
        strategies=[["C", "D"], ["C", "D"]],
    )


def test_disagreement_from_game():
    g = prisoners_dilemma()
    assert disagreement_from_game(g, "security").tolist() == pytest.approx([1, 1])
    assert disagreement_from_game(g, (1, 1)).tolist() == [1, 1]
    assert disagreement_from_game(g, {"Row": "C", "Col": "D"}).tolist() == [0, 5]
    mixed = [np.array([0.5, 0.5]), np.array([1.0, 0.0])]
    assert disagreement_from_game(g, mixed).tolist() == pytest.approx([4, 1.5])
    assert disagreement_from_game(g, "security", levels=[2, 3]).tolist() == [2, 3]
    with pytest.raises(GameError):
        disagreement_from_game(g, "nash")


def test_security_level_of_matching_pennies_is_mixed():
    g = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    # Pure maxmin is -1; the mixed security level is 0.
    assert disagreement_from_game(g).tolist() == pytest.approx([0, 0], abs=1e-12)
