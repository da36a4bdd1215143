"""The 2x2 topology: the classifier against the ordinal conditions, on all 576 strict games."""

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiate.errors import GameError
from negotiate.model import NormalFormGame
from negotiate.payoff_file import spec_from_text
from negotiate.topology import classify, classify_along
from tests.strategies import monotone_maps, strict_ordinal_2x2

# Written out here, not taken from the module: each symmetric game's defining ordering in the
# usual labelling (R mutual cooperation, S sucker, T temptation, P mutual defection).
TEXTBOOK = {
    "Prisoner's Dilemma": "TRPS",
    "Chicken": "TRSP",
    "Battle of the Sexes": "TSRP",
    "Hero": "STRP",
    "Compromise": "SRTP",
    "Deadlock": "TPRS",
    "Stag Hunt": "RTPS",
    "Assurance": "RPTS",
    "Coordination": "RPST",
    "Peace": "RSPT",
    "Harmony": "RSTP",
    "Concord": "RTSP",
}
# Each type's ordering in Robinson and Goforth's orientation (best payoff S or P), by code.
ORIENTED = {
    "Pd": "SPRT", "Ch": "SPTR", "Ba": "STPR", "He": "STRP", "Co": "SRTP", "Dl": "SRPT",
    "Sh": "PSRT", "As": "PRST", "Cc": "PRTS", "Pc": "PTRS", "Ha": "PTSR", "Cd": "PSTR",
}  # fmt: skip


def all_strict_games():
    for a in itertools.permutations([1, 2, 3, 4]):
        for b in itertools.permutations([1, 2, 3, 4]):
            yield np.array([np.reshape(a, (2, 2)), np.reshape(b, (2, 2))], dtype=float)


def letters(u, i, j):
    """R, S, T, P of each player when (i, j) is the profile both call mutual cooperation."""
    a, b = u
    row = {"R": a[i, j], "S": a[i, 1 - j], "T": a[1 - i, j], "P": a[1 - i, 1 - j]}
    col = {"R": b[i, j], "S": b[1 - i, j], "T": b[i, 1 - j], "P": b[1 - i, 1 - j]}
    return row, col


def satisfies(payoffs, order):
    return all(payoffs[x] > payoffs[y] for x, y in itertools.pairwise(order))


def test_symmetric_names_agree_with_their_ordinal_conditions_on_all_576_games():
    named = 0
    for u in all_strict_games():
        c = classify(u)
        for name, order in TEXTBOOK.items():
            holds = any(
                satisfies(row, order) and satisfies(col, order)
                for row, col in (letters(u, i, j) for i in range(2) for j in range(2))
            )
            assert holds == (c.name == name), (u.tolist(), name, c.label)
        named += c.name is not None
    assert named == 12 * 4  # 12 symmetric classes, 4 relabellings each


def test_type_pair_agrees_with_the_oriented_conditions_on_all_576_games():
    for u in all_strict_games():
        c = classify(u)
        matches = {
            (x, y)
            for i in range(2)
            for j in range(2)
            for x, ox in ORIENTED.items()
            for y, oy in ORIENTED.items()
            if satisfies(letters(u, i, j)[0], ox) and satisfies(letters(u, i, j)[1], oy)
        }
        assert matches == {(c.row_type.code, c.column_type.code)}
        assert c.pair == f"{c.row_type.code} x {c.column_type.code}"


def test_576_games_fall_into_144_classes_of_four_and_78_up_to_players():
    classes, swapped = {}, set()
    for u in all_strict_games():
        classes.setdefault(classify(u).key(), []).append(u)
        swapped.add(classify(u, up_to_players=True).key())
    assert len(classes) == 144
    assert {len(v) for v in classes.values()} == {4}
    assert len(swapped) == 78


@given(u=strict_ordinal_2x2(), rows=st.booleans(), cols=st.booleans())
def test_class_invariant_under_strategy_relabelling(u, rows, cols):
    game = NormalFormGame.from_arrays(*u)
    moved = game.permute_strategies(0, [1, 0] if rows else [0, 1])
    moved = moved.permute_strategies(1, [1, 0] if cols else [0, 1])
    assert classify(moved).key() == classify(game).key()


@given(u=strict_ordinal_2x2(), f=monotone_maps(), g=monotone_maps())
def test_class_invariant_under_positive_monotone_transforms(u, f, g):
    moved = np.array([f(u[0]), g(u[1])])
    assert classify(moved).key() == classify(u).key()
    assert classify(moved).label == classify(u).label


@given(u=strict_ordinal_2x2())
def test_swapping_players_swaps_the_pair(u):
    swapped = NormalFormGame.from_arrays(*u).permute_players([1, 0])
    c, d = classify(u), classify(swapped)
    assert (d.row_type, d.column_type) == (c.column_type, c.row_type)
    assert classify(u, up_to_players=True).key() == classify(swapped, up_to_players=True).key()


def test_conditions_name_the_profiles_of_a_prisoners_dilemma():
    pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    c = classify(pd)
    assert c.label == "Prisoner's Dilemma"
    assert c.conditions[0] == "row (Pd): T(2,1) > R(1,1) > P(2,2) > S(1,2)"
    assert c.layer == "opposed best outcomes"


def test_ties_are_reported_not_raised():
    c = classify(np.array([[[1, 1], [2, 3]], [[1, 2], [3, 4]]]))
    assert not c.strict and c.label == "not strict ordinal" and c.name is None
    assert "player 1 is indifferent between (1,1) and (1,2)" in c.reason


def test_a_game_that_is_not_2x2_is_an_error():
    with pytest.raises(GameError, match="2x2"):
        classify(np.zeros((2, 2, 3)))


STAG_TO_PD = """
players = ["A", "B"]
[strategies]
A = ["Stag", "Hare"]
B = ["Stag", "Hare"]
[parameters.t]
default = 0
range = [0, 1]
[terms.temptation]
value = "{temptation}"
assumption = "test"
[payoffs]
A = [[3, 0], ["temptation", 1]]
B = [[3, "temptation"], [0, 1]]
"""


def test_classes_along_an_affine_parameter_change_at_the_exact_crossing():
    # T = 2 + 3t crosses R = 3 at t = 1/3: a Stag Hunt below, a Prisoner's Dilemma above.
    spec = spec_from_text(STAG_TO_PD.format(temptation="2 + 3 * t"), "g.toml")
    result = classify_along(spec, "t", np.linspace(0, 1, 11))
    assert result.analytic
    assert [iv.label for iv in result.intervals] == ["Stag Hunt", "Prisoner's Dilemma"]
    assert result.exact == (pytest.approx(1 / 3),) and str(result.exact[0]) == "1/3"
    assert result.describe() == "Stag Hunt below t = 0.333333, Prisoner's Dilemma above"


def test_classes_along_a_nonlinear_parameter_are_bisected_to_the_crossing():
    # T = 2 + 3 t^2 crosses R = 3 at t = 1/sqrt(3).
    spec = spec_from_text(STAG_TO_PD.format(temptation="2 + 3 * t ** 2"), "g.toml")
    result = classify_along(spec, "t", np.linspace(0, 1, 11))
    assert not result.analytic
    assert [iv.label for iv in result.intervals] == ["Stag Hunt", "Prisoner's Dilemma"]
    assert result.changes[0] == pytest.approx(1 / np.sqrt(3), abs=1e-8)
