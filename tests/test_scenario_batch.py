"""A scenario's structure at many values at once is the structure of its evaluations, one value
at a time; evaluating one game (and what links into it) gives that game's full outcome."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiate import scenario_batch
from negotiate.errors import GameError
from negotiate.scenario import Scenario, load_scenario
from negotiate.scenario_batch import scenario_signatures
from negotiate.sweep import equilibrium_signature

SUMMIT = Path(__file__).resolve().parents[1] / "games" / "summit.scenario.toml"

#: The summit's exact thresholds (the report's), where games are degenerate.
THRESHOLDS = [Fraction(1, 4), Fraction(1, 3), Fraction(11, 30), Fraction(2, 3), Fraction(3, 4)]

#: A chain of links: US-Russia sets the US-EU game's parameter, whose mixed equilibria set
#: Europe's support in the Russia-Ukraine game through a probability.
CHAIN_LINK = """
[[links]]
from = "us_russia"
to = "us_eu"
parameter = "rapprochement"
why = "test: a chain of links"
cites = ["P5"]
table = [
  { profile = ["Engage", "Deal"], value = 0.8 },
  { profile = ["Engage", "Stall"], value = 0.3 },
]
default = 0.6
"""


def summit() -> Scenario:
    return load_scenario(SUMMIT)


def chain(tmp_path: Path) -> Scenario:
    text = SUMMIT.read_text("utf-8").replace(
        '[games.us_eu]\ngame = "us_eu"\nset = { rapprochement = "rapprochement" }',
        '[games.us_eu]\ngame = "us_eu"',
    )
    path = tmp_path / "chain.scenario.toml"
    path.write_text(text + CHAIN_LINK, "utf-8")
    return load_scenario(path)


def one_at_a_time(s: Scenario, values: list[float]) -> list[tuple]:
    return [
        tuple(
            equilibrium_signature(o.result)
            for o in s.evaluate({"rapprochement": t}, bargains=False).outcomes
        )
        for t in values
    ]


near_thresholds = st.sampled_from(THRESHOLDS).flatmap(
    lambda q: st.sampled_from([0.0, 1e-12, -1e-12, 1e-7, -1e-7, 1e-3]).map(
        lambda d: min(1.0, max(0.0, float(q) + d))
    )
)
values = st.lists(st.floats(0.0, 1.0) | near_thresholds, min_size=1, max_size=6)


@settings(max_examples=25, deadline=None)
@given(ts=values)
def test_the_summit_at_many_values_is_the_summit_at_each(ts):
    s = summit()
    assert scenario_signatures(s, "rapprochement", ts) == one_at_a_time(s, ts)


@settings(max_examples=15, deadline=None)
@given(ts=values)
def test_a_chain_of_links_at_many_values_is_the_chain_at_each(tmp_path_factory, ts):
    s = chain(tmp_path_factory.mktemp("chain"))
    assert scenario_signatures(s, "rapprochement", ts) == one_at_a_time(s, ts)


def test_the_summit_at_its_thresholds_and_a_grid():
    # Degenerate games at the thresholds: several equilibria, ties in the selection.
    s = summit()
    ts = [float(q) for q in THRESHOLDS] + [k / 40 for k in range(41)]
    signatures = scenario_signatures(s, "rapprochement", ts)
    assert signatures == one_at_a_time(s, ts)
    assert len(set(signatures)) > 3  # the structure does change over the range


def test_larger_games_are_solved_one_value_at_a_time_alike():
    # The per-value branch (two-player games beyond the batched solver's size), forced on the
    # summit's 2x2 games.
    s = summit()
    ts = [0.1, float(THRESHOLDS[0]), 0.5, 0.9]
    with mock.patch.object(scenario_batch, "BATCHED_MAX_STRATEGIES", 1):
        assert scenario_signatures(s, "rapprochement", ts) == one_at_a_time(s, ts)


def test_no_values_no_signatures():
    assert scenario_signatures(summit(), "rapprochement", []) == []


def test_values_out_of_range_name_the_file():
    with pytest.raises(GameError, match=r"summit\.scenario\.toml"):
        scenario_signatures(summit(), "rapprochement", [0.5, 1.5])
    with pytest.raises(GameError, match="unknown scenario parameter 'thaw'"):
        scenario_signatures(summit(), "thaw", [0.5])


@pytest.mark.parametrize("name", ["us_russia", "great_powers", "russia_ukraine"])
@pytest.mark.parametrize("t", [0.2, float(THRESHOLDS[2]), 0.7])
def test_one_game_and_its_upstream_give_that_games_outcome(name, t):
    s = summit()
    whole = s.evaluate({"rapprochement": t}, bargains=False).outcome(name)
    alone = s.evaluate({"rapprochement": t}, bargains=False, only=name)
    assert alone.outcome(name).result.keys() == whole.result.keys()
    assert alone.outcome(name).selected.key() == whole.selected.key()
    solved = {o.name for o in alone.outcomes}
    assert solved == (
        {name} if name != "russia_ukraine" else {g.name for g in s.games} - {"ukraine_settlement"}
    )


def test_only_an_unknown_game_is_an_error():
    with pytest.raises(GameError, match="no game 'nowhere'"):
        summit().evaluate({"rapprochement": 0.5}, only="nowhere")
