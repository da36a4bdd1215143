"""What the model must reproduce: the facts the article reports, the thresholds, the mixed regimes.

At ``rapprochement = 0`` the games must agree with the article: no agreement at the summit
(P1, P12), channels kept open (P2), Europe sidelined yet dependent (P7), Ukraine unable to rely
on the US alone (P5). Each fact is written out here and also as a ``[[claims]]`` entry in its
game file, checked by ``negotiate``'s claim checker (:mod:`negotiate.claims`).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from negotiate.claims import check_claim, parse_claims
from negotiate.numeric import atol
from negotiate.payoff_file import load_spec, spec_from_text
from negotiate.repeated import Status, grim_trigger
from negotiate.solvers.pure import pure_equilibria
from negotiate.solvers.regret import regret

GAMES_DIR = Path(__file__).resolve().parents[1] / "games"
GAME_FILES = sorted(p for p in GAMES_DIR.glob("*.toml") if not p.name.endswith(".scenario.toml"))
EPS = 1e-6


def spec_of(name: str):
    return load_spec(GAMES_DIR / f"{name}.toml")


def named_equilibria(spec, values) -> set[tuple[str, ...]]:
    u = spec.instantiate(values).u
    return {
        tuple(spec.strategies[i][k] for i, k in enumerate(profile))
        for profile in pure_equilibria(u, atol(u))
    }


def best_responses(spec, values, player: str, given: dict[str, str]) -> set[str]:
    """The player's pure best responses when every other player plays as ``given``."""
    u = spec.instantiate(values).u
    i = spec.players.index(player)
    index: list[object] = []
    for j, name in enumerate(spec.players):
        index.append(slice(None) if j == i else spec.strategies[j].index(given[name]))
    payoffs = u[(i, *index)]
    best = payoffs.max()
    return {spec.strategies[i][k] for k in np.flatnonzero(payoffs >= best - atol(u))}


def all_claims():
    for path in GAME_FILES:
        spec = load_spec(path)
        claims, problems = parse_claims(spec)
        assert problems == [], problems
        assert len(claims) == len(spec.claims)
        for claim in claims:
            yield pytest.param(spec, claim, id=f"{path.stem}[{claim.index}]")


@pytest.mark.parametrize(("spec", "claim"), list(all_claims()))
def test_game_file_claims_hold(spec, claim):
    assert claim.text and claim.cites
    result = check_claim(spec, claim)
    assert result.holds, result.line()


def test_every_required_game_states_claims_at_the_baseline():
    for name in ("us_russia", "russia_ukraine", "us_eu", "great_powers"):
        claims = spec_of(name).claims
        assert any(c.get("at", {}).get("rapprochement") == 0 for c in claims), name


def test_the_claim_checker_rejects_a_false_claim():
    spec = spec_of("us_russia")
    text = (GAMES_DIR / "us_russia.toml").read_text() + (
        '\n[[claims]]\ntext = "false"\ncites = ["P1"]\nat = { rapprochement = 0 }\n'
        'pure_equilibria_include = [["Engage", "Deal"]]\n'
    )
    spec = spec_from_text(text, "us_russia.toml")
    claims, problems = parse_claims(spec)
    assert problems == []
    result = check_claim(spec, claims[-1])
    assert not result.holds and "(Engage, Deal) is not a pure equilibrium" in result.reason


# --- exact thresholds ------------------------------------------------------------------------


def exact_root(spec, player: str, a: tuple[str, ...], b: tuple[str, ...], **others) -> Fraction:
    """The rapprochement at which ``player`` is indifferent between profiles ``a`` and ``b``.

    Payoffs are affine in rapprochement, so the root comes from the exact values at 0 and 1.
    """
    i = spec.players.index(player)
    ia = tuple(spec.strategies[j].index(s) for j, s in enumerate(a))
    ib = tuple(spec.strategies[j].index(s) for j, s in enumerate(b))
    d0, d1 = (
        spec.instantiate({"rapprochement": r, **others}, exact=True).u_exact[(i, *ia)]
        - spec.instantiate({"rapprochement": r, **others}, exact=True).u_exact[(i, *ib)]
        for r in (0, 1)
    )
    assert d1 != d0, "payoff difference does not move with rapprochement"
    return -d0 / (d1 - d0)


def test_us_russia_thresholds_are_two_thirds_and_five_sixths():
    s = spec_of("us_russia")
    assert exact_root(s, "Russia", ("Engage", "Deal"), ("Engage", "Stall")) == Fraction(2, 3)
    assert exact_root(s, "US", ("Engage", "Deal"), ("Pressure", "Deal")) == Fraction(5, 6)


def test_russia_ukraine_threshold_is_one_half_and_moves_with_china():
    s = spec_of("russia_ukraine")
    cf, fo = ("Ceasefire", "Hold"), ("FightOn", "Hold")
    assert exact_root(s, "Russia", cf, fo) == Fraction(1, 2)
    assert exact_root(s, "Russia", cf, fo, china_alignment=0) == Fraction(1, 3)
    assert exact_root(s, "Russia", cf, fo, china_alignment=1) == Fraction(2, 3)


def test_us_eu_thresholds_are_one_quarter_and_three_quarters():
    s = spec_of("us_eu")
    assert exact_root(s, "EU", ("Bypass", "Hedge"), ("Bypass", "Align")) == Fraction(1, 4)
    assert exact_root(s, "EU", ("Consult", "Hedge"), ("Consult", "Align")) == Fraction(3, 4)


def test_great_powers_threshold_is_one_third():
    s = spec_of("great_powers")
    t = exact_root(s, "Russia", ("Thaw", "Balance", "Hedge"), ("Thaw", "AlignChina", "Hedge"))
    assert t == Fraction(1, 3)


ALIGNED = ("Contain", "AlignChina", "Embrace")
WEDGE = ("Thaw", "Balance", "Hedge")
REGIMES = [
    # game, rapprochement, expected pure equilibria
    ("us_russia", 0.0, {("Engage", "Stall")}),
    ("us_russia", 2 / 3 - EPS, {("Engage", "Stall")}),
    ("us_russia", 2 / 3 + EPS, set()),
    ("us_russia", 5 / 6 - EPS, set()),
    ("us_russia", 5 / 6 + EPS, {("Engage", "Deal")}),
    ("us_russia", 1.0, {("Engage", "Deal")}),
    ("russia_ukraine", 0.0, {("FightOn", "Hold")}),
    ("russia_ukraine", 0.5 - EPS, {("FightOn", "Hold")}),
    ("russia_ukraine", 0.5 + EPS, {("Ceasefire", "Hold")}),
    ("russia_ukraine", 1.0, {("Ceasefire", "Hold")}),
    ("us_eu", 0.25 - EPS, {("Bypass", "Align")}),
    ("us_eu", 0.25 + EPS, set()),
    ("us_eu", 0.75 - EPS, set()),
    ("us_eu", 0.75 + EPS, {("Consult", "Hedge")}),
    ("great_powers", 1 / 3 - EPS, {("Contain", "AlignChina", "Embrace")}),
    ("great_powers", 1 / 3 + EPS, {ALIGNED, WEDGE}),
    ("great_powers", 1.0, {ALIGNED, WEDGE}),
]


@pytest.mark.parametrize(("name", "r", "expected"), REGIMES)
def test_equilibrium_regimes_either_side_of_each_threshold(name, r, expected):
    assert named_equilibria(spec_of(name), {"rapprochement": r}) == expected


# --- mixed equilibria of the 2x2 games, by the indifference conditions -------------------------


def mixed_2x2(u: np.ndarray) -> tuple[float, float]:
    """Probabilities of each player's first strategy that make the other player indifferent."""
    a, b = u
    # p (row's mix) makes the column player indifferent; q (column's mix) the row player.
    p = (b[1, 1] - b[1, 0]) / (b[0, 0] - b[1, 0] - b[0, 1] + b[1, 1])
    q = (a[1, 1] - a[0, 1]) / (a[0, 0] - a[0, 1] - a[1, 0] + a[1, 1])
    return float(p), float(q)


@pytest.mark.parametrize("r", [0.7, 0.75, 0.8])
def test_us_russia_mixed_regime_matches_the_closed_form(r):
    u = spec_of("us_russia").instantiate({"rapprochement": r}).u
    p, q = mixed_2x2(u)
    assert p == pytest.approx(2 / (3 * r))  # US engages
    assert q == pytest.approx(1 / (6 - 6 * r))  # Russia deals
    assert regret(u, [np.array([p, 1 - p]), np.array([q, 1 - q])]) < 1e-12


@pytest.mark.parametrize("r", [0.3, 0.5, 0.7])
def test_us_eu_mixed_regime_matches_the_closed_form(r):
    u = spec_of("us_eu").instantiate({"rapprochement": r}).u
    p, q = mixed_2x2(u)
    assert p == pytest.approx((4 * r - 1) / 2)  # US consults
    assert q == pytest.approx((2 - r) / 3)  # EU aligns
    assert regret(u, [np.array([p, 1 - p]), np.array([q, 1 - q])]) < 1e-12


# --- the facts, written out -------------------------------------------------------------------


def test_no_formal_agreement_at_the_summit():  # P1, P12
    eqs = named_equilibria(spec_of("us_russia"), {"rapprochement": 0})
    assert ("Engage", "Deal") not in eqs
    assert eqs and all(russia == "Stall" for _, russia in eqs)


def test_channels_stay_open():  # P2
    s = spec_of("us_russia")
    assert best_responses(s, {"rapprochement": 0}, "US", {"Russia": "Stall"}) == {"Engage"}
    assert ("Engage", "Stall") in named_equilibria(s, {"rapprochement": 0})


def test_europe_is_sidelined_yet_dependent():  # P7
    s = spec_of("us_eu")
    assert named_equilibria(s, {"rapprochement": 0}) == {("Bypass", "Align")}
    assert best_responses(s, {"rapprochement": 0}, "EU", {"US": "Bypass"}) == {"Align"}


def test_ukraine_cannot_rely_on_the_us_alone():  # P5
    s = spec_of("russia_ukraine")
    fight = {"Russia": "FightOn"}
    assert best_responses(s, {}, "Ukraine", fight) == {"Hold"}
    assert best_responses(s, {"europe_support": 0}, "Ukraine", fight) == {"Concede"}
    alone = {"us_reliability": 0, "europe_support": 1}
    assert best_responses(s, alone, "Ukraine", fight) == {"Concede"}


def test_territorial_concessions_carry_a_norm_cost_for_ukraine():  # P8, P9
    s = spec_of("russia_ukraine")
    norm = next(t for t in s.terms if t.name == "sovereignty_norm")
    assert norm.expression.evaluate({}) > 0
    for cell in s.cells[1, :, 0]:  # Ukraine's payoffs when it concedes
        assert "sovereignty_norm" in s.uses(cell.expression)


def test_no_settlement_trading_territory_at_the_baseline():  # P1, P12
    eqs = named_equilibria(spec_of("russia_ukraine"), {"rapprochement": 0})
    assert eqs == {("FightOn", "Hold")}


# --- playing the long game (P13) --------------------------------------------------------------


@pytest.mark.parametrize("r", [0.25, 0.5, 0.6, 0.8])
def test_grim_trigger_patience_matches_the_closed_form(r):
    game = spec_of("us_russia").instantiate({"rapprochement": r})
    result = grim_trigger(game, cooperative=(0, 0))  # (Engage, Deal), minmax punishment
    assert result.status is Status.SUSTAINABLE
    assert float(result.delta) == pytest.approx(1 - 6 * r / 5)
    assert result.binding == (0,)  # the US's temptation binds


def test_the_long_game_cannot_be_played_before_a_thaw():
    game = spec_of("us_russia").instantiate({"rapprochement": 0}, exact=True)
    assert grim_trigger(game, cooperative=(0, 0)).status is Status.IMPOSSIBLE


def test_grim_trigger_is_exact_and_needs_no_patience_after_a_full_thaw():
    spec = spec_of("us_russia")
    quarter = grim_trigger(spec.instantiate({"rapprochement": 0.25}, exact=True), (0, 0))
    assert quarter.delta == Fraction(7, 10)
    full = grim_trigger(spec.instantiate({"rapprochement": 1}, exact=True), (0, 0))
    assert full.status is Status.STAGE_EQUILIBRIUM and full.delta == 0
