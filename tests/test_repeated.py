"""Repeated games: grim trigger, tit for tat and the folk region, checked against the
inequalities they rest on."""

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from negotiate.errors import GameError
from negotiate.model import NormalFormGame
from negotiate.payoff_file import spec_from_text
from negotiate.repeated import (
    Status,
    _minmax_by_enumeration,
    _minmax_by_lp,
    critical_discount_along,
    folk_region,
    grim_trigger,
    minmax,
    plot_folk,
    tit_for_tat,
)
from negotiate.solvers.pure import pure_equilibria
from tests.strategies import (
    games_with_pure_equilibrium,
    generic_bimatrix_games,
    integer_bimatrices,
    pd_game,
    prisoners_dilemmas,
)


def one_shot_gains(game, coop, nash, delta):
    """Every (player, deviation) gain from deviating once under grim trigger with Nash
    reversion, straight from the payoff array."""
    u = game.u
    gains = []
    for i in range(game.n_players):
        reward = u[(i, *coop)] / (1 - delta)
        punished = delta * u[(i, *nash)] / (1 - delta)
        for s in range(game.shape[i]):
            if s != coop[i]:
                dev = list(coop)
                dev[i] = s
                gains.append(u[(i, *dev)] + punished - reward)
    return np.array(gains)


@given(case=games_with_pure_equilibrium(), x=st.floats(0.001, 0.999))
def test_grim_trigger_deters_every_one_shot_deviation_exactly_above_critical_discount(case, x):
    game, nash, coop = case
    result = grim_trigger(game, coop, punishment=nash)
    scale = np.ptp(game.u) or 1.0
    if result.status is Status.IMPOSSIBLE:
        assert result.delta is None and result.interval.empty
        for d in np.linspace(0, 1, 50, endpoint=False):
            assert one_shot_gains(game, coop, nash, d).max() > 0
        return
    low, high = float(result.interval.low), float(result.interval.high)
    inside = low + (high - low) * x
    assert one_shot_gains(game, coop, nash, inside).max() <= 1e-9 * scale / (1 - inside)
    if low > 0:
        assert one_shot_gains(game, coop, nash, low * x).max() > 0
    if result.interval.high_closed:
        assert one_shot_gains(game, coop, nash, high + (1 - high) * x).max() > 0
    if result.status is Status.STAGE_EQUILIBRIUM:
        assert result.delta == 0
        assert coop in pure_equilibria(game.u, 0.0)
    else:
        assert result.delta == result.interval.low > 0


@given(case=games_with_pure_equilibrium(), a=st.integers(1, 9), b=st.integers(-9, 9))
def test_critical_discount_invariant_under_positive_affine_transform(case, a, b):
    game, nash, coop = case
    moved = game
    for i in range(game.n_players):
        moved = moved.affine(i, a, b)
    before = grim_trigger(game, coop, punishment=nash)
    after = grim_trigger(moved, coop, punishment=nash)
    assert after.status is before.status and after.delta == before.delta
    assert tit_for_tat_or_none(moved, coop) == tit_for_tat_or_none(game, coop)


def tit_for_tat_or_none(game, coop):
    if game.shape != (2, 2):
        return None
    t = tit_for_tat(game, coop)
    return t.nash, t.subgame_perfect


def test_prisoners_dilemma_worked_by_hand():
    # T=5, R=3, P=1, S=0: grim (T-R)/(T-P) = 2/4; TFT Nash max(2/4, 2/3); SPE needs
    # (T-R)/(R-S) = 2/3 and (P-S)/(T-P) = 1/4 at once: never.
    game = pd_game(5, 3, 1, 0)
    grim = grim_trigger(game, (0, 0), punishment=(1, 1))
    assert grim.delta == Fraction(1, 2) and grim.binding == (0, 1)
    assert grim_trigger(game, (0, 0)).delta == Fraction(1, 2)  # minmax is P here
    assert grim.notion.startswith("subgame perfect")
    tft = tit_for_tat(game, (0, 0))
    assert (tft.nash.low, tft.nash.high, tft.nash.high_closed) == (Fraction(2, 3), 1, False)
    assert tft.subgame_perfect.empty
    # T + S = R + P: the knife edge (T-R)/(R-S) = (P-S)/(T-P) = 1/3 exists.
    edge = tit_for_tat(pd_game(4, 3, 1, 0), (0, 0)).subgame_perfect
    assert not edge.empty and edge.low == edge.high == Fraction(1, 3)


@given(pd=prisoners_dilemmas())
def test_tit_for_tat_nash_condition_is_axelrods_proposition_2(pd):
    t, r, p, s = pd
    tft = tit_for_tat(pd_game(t, r, p, s), (0, 0))
    expected = max(Fraction(t - r, t - p), Fraction(t - r, r - s))
    if expected < 1:
        assert not tft.nash.empty and tft.nash.low == expected
    else:
        assert tft.nash.empty


def best_value_against_tft(own, delta, periods=4000):
    """Value iteration on the two-state problem of playing against tit for tat; own[m][t] is
    the player's payoff playing m against t (0 = C, 1 = D); the state is the opponent's move."""
    v = np.zeros(2)
    for _ in range(periods):
        v = np.array([max(own[m][t] + delta * v[m] for m in (0, 1)) for t in (0, 1)])
    return v[0]


@given(game=generic_bimatrix_games(2, min_strategies=2), delta=st.floats(0.01, 0.95))
def test_tit_for_tat_is_nash_exactly_when_value_iteration_finds_no_better_reply(game, delta):
    tft = tit_for_tat(game, (0, 0))
    low, high = float(tft.nash.low), float(tft.nash.high)
    assume(abs(delta - low) > 1e-6 and abs(delta - high) > 1e-6)
    ok = True
    for i in range(2):
        u = game.u[i] if i == 0 else game.u[1].T
        own = [[u[m, t] for t in (0, 1)] for m in (0, 1)]
        ok &= best_value_against_tft(own, delta) <= u[0, 0] / (1 - delta) + 1e-6
    assert tft.nash.contains(delta) == ok


def discounted(path_payoffs, delta):
    return sum(x * delta**k for k, x in enumerate(path_payoffs))


@given(game=generic_bimatrix_games(2, min_strategies=2), delta=st.floats(0.01, 0.95))
def test_tit_for_tat_is_subgame_perfect_exactly_when_no_state_has_a_profitable_deviation(
    game, delta
):
    tft = tit_for_tat(game, (0, 0))
    spe = tft.subgame_perfect
    far = abs(delta - float(spe.low)) > 1e-6 and abs(delta - float(spe.high)) > 1e-6
    assume(spe.empty or far)
    horizon = 600

    def play(state, first_action_of_0=None):
        """Player 0's discounted payoffs along TFT play from the state (last actions)."""
        last0, last1 = state
        out = []
        for k in range(horizon):
            a0, a1 = last1, last0
            if k == 0 and first_action_of_0 is not None:
                a0 = first_action_of_0
            out.append(game.u[0][a0, a1])
            last0, last1 = a0, a1
        return discounted(out, delta)

    ok = True
    for state in itertools.product((0, 1), repeat=2):
        follow = play(state)
        deviate = play(state, first_action_of_0=1 - state[1])
        ok &= deviate <= follow + 1e-6
    swapped = NormalFormGame.from_arrays(game.u[1].T, game.u[0].T)
    for state in itertools.product((0, 1), repeat=2):
        game_, game = game, swapped
        follow = play(state)
        deviate = play(state, first_action_of_0=1 - state[1])
        ok &= deviate <= follow + 1e-6
        game = game_
    assert spe.contains(delta) == ok


def mixed_2x2_equilibrium_payoff(game):
    """Payoffs of the completely mixed equilibrium of a 2x2 game, if it has one."""
    a, b = game.u
    da = a[0, 0] - a[0, 1] - a[1, 0] + a[1, 1]
    db = b[0, 0] - b[0, 1] - b[1, 0] + b[1, 1]
    if da == 0 or db == 0:
        return None
    q = (a[1, 1] - a[0, 1]) / da  # column's prob of its first strategy
    p = (b[1, 1] - b[1, 0]) / db  # row's prob of its first strategy
    if not (0 < p < 1 and 0 < q < 1):
        return None
    x, y = np.array([p, 1 - p]), np.array([q, 1 - q])
    return np.array([x @ a @ y, x @ b @ y])


@given(game=generic_bimatrix_games(max_strategies=3))
def test_folk_region_contains_every_nash_payoff_and_lies_above_minmax(game):
    region = folk_region(game)
    v = np.array([m.value for m in region.minmax])
    assert np.all(region.vertices >= v - 1e-9)
    for profile in pure_equilibria(game.u, 0.0):
        assert region.contains(game.u[(slice(None), *profile)])
    if game.shape == (2, 2):
        mixed = mixed_2x2_equilibrium_payoff(game)
        if mixed is not None:
            assert region.contains(mixed)


@given(game=generic_bimatrix_games(max_strategies=3))
def test_minmax_linear_program_agrees_with_a_grid_over_the_opponent_mixtures(game):
    a = game.u[0]
    m = a.shape[1]
    weights = [w for w in itertools.product(range(31), repeat=m) if sum(w) == 30]
    grid = min(float(np.max(a @ (np.array(w) / 30))) for w in weights)
    value = minmax(game, 0).value
    assert value <= grid + 1e-9
    assert grid <= value + np.ptp(a) / 30 * m + 1e-9


def test_cooperation_below_minmax_is_impossible_with_an_explanation():
    # Row's cooperative payoff 0 is below its minmax 1.
    game = NormalFormGame.from_arrays([[0, 1], [2, 1]], [[5, 0], [0, 1]])
    result = grim_trigger(game, (0, 0))
    assert result.status is Status.IMPOSSIBLE and result.delta is None
    assert "below its minmax value" in result.explanation


def test_a_punishment_that_is_not_an_equilibrium_is_refused():
    with pytest.raises(GameError):
        grim_trigger(pd_game(5, 3, 1, 0), (0, 0), punishment=(0, 0))
    with pytest.raises(GameError):
        tit_for_tat(NormalFormGame.from_arrays(np.zeros((2, 3)), np.zeros((2, 3))), (0, 0))


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_folk_writes_the_file_atomically(tmp_path, suffix):
    path = plot_folk(pd_game(5, 3, 1, 0), tmp_path / f"folk{suffix}")
    assert path.stat().st_size > 1000
    assert [p.name for p in tmp_path.iterdir()] == [f"folk{suffix}"]
    with pytest.raises(GameError, match=r"png or \.svg"):
        plot_folk(pd_game(5, 3, 1, 0), tmp_path / "folk.pdf")


PD_FILE = """
players = ["A", "B"]
[strategies]
A = ["C", "D"]
B = ["C", "D"]
[parameters.g]
default = 2
range = [0, 6]
[payoffs]
A = [[3, 0], ["3 + g", 1]]
B = [[3, "3 + g"], [0, 1]]
"""


def test_critical_discount_along_a_parameter_matches_grim_trigger_at_each_value():
    spec = spec_from_text(PD_FILE, "pd.toml")
    values = np.linspace(0, 6, 13)
    curve = critical_discount_along(spec, "g", values, (0, 0), punishment=(1, 1))
    for g, delta, status in zip(values, curve.delta, curve.status, strict=True):
        one = grim_trigger(spec.instantiate({"g": g}), (0, 0), punishment=(1, 1))
        assert status is one.status
        assert delta == pytest.approx(float(one.delta))
    np.testing.assert_array_equal(curve.delta_max, 1.0)
    assert curve.status[0] is Status.STAGE_EQUILIBRIUM  # g = 0: no temptation
    np.testing.assert_allclose(curve.delta[1:], values[1:] / (values[1:] + 2))
    minmax_curve = critical_discount_along(spec, "g", values, (0, 0))
    np.testing.assert_allclose(minmax_curve.delta, curve.delta)


@given(g=integer_bimatrices(max_strategies=3, highs=(1, 2, 9)))
def test_minmax_of_small_games_by_enumeration_equals_the_linear_program(g):
    # Ties included (payoffs 0..1, 0..2): every optimal punishment gives the same value.
    flat = g[0].astype(float)
    q_enum, v_enum = _minmax_by_enumeration(flat)
    v_lp = _minmax_by_lp(flat, "row")[1]
    assert abs(v_enum - v_lp) <= 1e-9 * max(1.0, np.ptp(flat))
    assert np.all(q_enum >= 0) and abs(q_enum.sum() - 1) <= 1e-12
    assert (flat @ q_enum).max() <= v_lp + 1e-9 * max(1.0, np.ptp(flat))
