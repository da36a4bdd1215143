"""Two-level games (Putnam 1988): win-set thresholds, overlap and placements."""

import pytest

from negotiate.bargaining.problem import BargainingProblem
from negotiate.bargaining.twolevel import Constituency, Rule, WinSet, analyse
from negotiate.errors import GameError


def split() -> BargainingProblem:
    return BargainingProblem.from_frontier_points(["US", "RU"], [[0, 1], [1, 0]], [0, 0])


def test_threshold_under_each_rule():
    groups = (
        Constituency("doves", 0.2, 2),
        Constituency("centre", 0.4, 1),
        Constituency("hawks", 0.7, 2),
    )
    assert WinSet("US", groups, Rule.MAJORITY).threshold == 0.4  # 3 of 5 approve at 0.4
    assert WinSet("US", groups, Rule.UNANIMITY).threshold == 0.7
    assert WinSet("US", groups, Rule.QUOTA, quota=0.4).threshold == 0.2
    assert WinSet.threshold_only("US", 0.3).threshold == 0.3


def test_overlap_and_placement():
    res = analyse(split(), [WinSet.threshold_only("US", 0.3), WinSet.threshold_only("RU", 0.6)])
    assert not res.overlap_empty
    assert res.overlap_ends == (pytest.approx((0.3, 0.7)), pytest.approx((0.4, 0.6)))
    nash = res.placements[0]
    assert nash.solution == "nash" and nash.rejected_by == ("RU",)  # (0.5, 0.5) < 0.6
    # Tied hands: bargaining inside the overlap gives RU at least its threshold.
    assert res.within[0].payoffs[1] == pytest.approx(0.65)


def test_solution_inside_the_overlap_has_a_position():
    res = analyse(split(), [WinSet.threshold_only("US", 0.3), WinSet.threshold_only("RU", 0.3)])
    nash = res.placements[0]
    assert nash.inside and nash.position == pytest.approx(0.5)
    assert res.to_dict()["placements"][0]["inside"] is True


def test_disjoint_win_sets():
    res = analyse(split(), [WinSet.threshold_only("US", 0.6), WinSet.threshold_only("RU", 0.6)])
    assert res.overlap_empty and res.overlap_ends is None and res.within == ()
    assert all(not p.inside for p in res.placements)


def test_curve_problem_overlap():
    p = BargainingProblem.from_frontier_function(["US", "RU"], lambda x: 1 - x * x, (0, 1), [0, 0])
    res = analyse(p, [WinSet.threshold_only("RU", 0.75)])
    assert res.overlap_ends[1] == pytest.approx((0.5, 0.75))


def test_bad_win_sets():
    with pytest.raises(GameError, match="unknown players"):
        analyse(split(), [WinSet.threshold_only("EU", 0.1)])
    with pytest.raises(GameError, match="quota"):
        WinSet("US", (Constituency("a", 0.1),), Rule.QUOTA)
    with pytest.raises(GameError, match="weight"):
        Constituency("a", 0.1, 0)
