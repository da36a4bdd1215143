"""Scenario files: loading, dependency order, links, selection, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from negotiate.equilibria import solve
from negotiate.errors import GameError, PayoffFileError
from negotiate.scenario import Selection, load_scenario, select_equilibrium
from negotiate.spec import GameSpec

GAMES_DIR = Path(__file__).resolve().parents[1] / "games"
SUMMIT = GAMES_DIR / "summit.scenario.toml"

HEAD = """
[parameters.rapprochement]
default = 0.0
range = [0.0, 1.0]

[games.a]
game = "us_russia"
set = { rapprochement = "rapprochement" }

[games.b]
game = "russia_ukraine"
set = { rapprochement = "rapprochement" }
"""

LINK_AB = """
[[links]]
from = "a"
to = "b"
parameter = "us_reliability"
why = "test"
cites = ["P5"]
table = [{ profile = ["Engage", "Deal"], value = 0.25 }]
default = 0.5
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.scenario.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_summit_scenario_orders_games_so_links_point_forward():
    s = load_scenario(SUMMIT)
    order = [g.name for g in s.games]
    sources = {link.source for link in s.links}
    assert {"russia_ukraine", "ukraine_settlement"} <= set(order) - sources
    for link in s.links:
        assert order.index(link.source) < order.index(link.target)


def test_summit_scenario_reproduces_the_article_at_the_baseline():
    res = load_scenario(SUMMIT).evaluate({"rapprochement": 0})
    names = {o.name: o.game.profile_names(o.pure_equilibria[0]) for o in res.outcomes}
    assert names["us_russia"] == ("Engage", "Stall")
    assert names["us_eu"] == ("Bypass", "Align")
    assert names["russia_ukraine"] == ("FightOn", "Hold")
    assert res.link_values[("russia_ukraine", "us_reliability")] == 0.5
    assert res.link_values[("russia_ukraine", "europe_support")] == 0.5
    assert res.link_values[("russia_ukraine", "china_alignment")] == 0.9


def test_summit_scenario_links_pass_equilibrium_values_at_a_full_thaw():
    res = load_scenario(SUMMIT).evaluate({"rapprochement": 1})
    ukraine = res.outcome("russia_ukraine").game
    assert ukraine.parameters["us_reliability"] == 0.25
    assert ukraine.parameters["europe_support"] == pytest.approx(0.2)
    assert ukraine.parameters["china_alignment"] == 0.1
    assert res.outcome("russia_ukraine").pure_equilibria == ((0, 1),)  # Ceasefire, Hold


def test_a_mixed_2x2_equilibrium_sets_an_expected_link_value():
    res = load_scenario(SUMMIT).evaluate({"rapprochement": 0.5})
    eu = res.outcome("us_eu")
    assert eu.selection is Selection.MIXED
    q = (2 - 0.5) / 3  # probability Europe aligns, docs/model.md
    assert eu.selected.profile[1][0] == pytest.approx(q)
    expected = 0.2 + 0.3 * q
    assert res.link_values[("russia_ukraine", "europe_support")] == pytest.approx(expected)


def test_builtin_names_and_relative_paths_both_load(tmp_path):
    s = load_scenario(write(tmp_path, HEAD + LINK_AB))
    assert isinstance(s.games[0].spec, GameSpec)
    (tmp_path / "copy.toml").write_text((GAMES_DIR / "us_eu.toml").read_text("utf-8"), "utf-8")
    text = HEAD + '\n[games.c]\ngame = "copy.toml"\n'
    assert [g.name for g in load_scenario(write(tmp_path, text)).games] == ["a", "b", "c"]


def test_selection_prefers_pareto_undominated_then_first_in_order():
    u = np.zeros((2, 2, 2))
    u[:, 0, 0] = 1
    u[:, 1, 1] = 2  # payoff-dominant
    result = solve(_game(u))
    chosen, how = select_equilibrium(result)
    assert how is Selection.PURE and len(result.equilibria) == 3  # two pure, one mixed
    assert [int(np.argmax(p)) for p in chosen.profile] == [1, 1]
    u[:, 1, 1] = [2, 0.5]  # neither dominates: first in order
    chosen, _ = select_equilibrium(solve(_game(u)))
    assert [int(np.argmax(p)) for p in chosen.profile] == [0, 0]


def test_games_without_pure_equilibria_select_a_mixed_one():
    a = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], dtype=float)  # rock-paper-scissors
    chosen, how = select_equilibrium(solve(_game(np.stack([a, -a]))))
    assert how is Selection.MIXED
    assert np.allclose(chosen.profile[0], 1 / 3) and np.allclose(chosen.profile[1], 1 / 3)


def _game(u):
    from negotiate.model import NormalFormGame

    return NormalFormGame.from_arrays(*u)


UNBOUND_A = HEAD.replace(
    'game = "us_russia"\nset = { rapprochement = "rapprochement" }', 'game = "us_russia"'
)
CYCLE = (
    LINK_AB
    + """
[[links]]
from = "b"
to = "a"
parameter = "rapprochement"
why = "test"
cites = ["P5"]
probability = { player = "Russia", strategy = "Ceasefire" }
"""
)


@pytest.mark.parametrize(
    ("text", "keypath", "message"),
    [
        (HEAD.replace('game = "us_russia"', 'game = "nope"'), "games.a.game", "no built-in game"),
        (HEAD.replace('game = "us_russia"', 'game = "nope.toml"'), "games.a.game", "no such file"),
        (
            HEAD.replace('rapprochement = "rapprochement"', "x = 1", 1),
            "games.a.set.x",
            "no parameter",
        ),
        (
            HEAD.replace('"rapprochement" }', '"__import__(1)" }', 1),
            "games.a.set.rapprochement",
            "",
        ),
        (
            HEAD + LINK_AB.replace('to = "b"', 'to = "zz"'),
            "links[0].to",
            "expected one of the games",
        ),
        (
            HEAD + LINK_AB.replace("us_reliability", "rapprochement"),
            "links[0].parameter",
            "already bound",
        ),
        (HEAD + LINK_AB.replace("default = 0.5\n", ""), "links[0].table", "every outcome"),
        (HEAD + LINK_AB.replace('why = "test"\ncites = ["P5"]\n', ""), "links[0]", "provenance"),
        (HEAD + LINK_AB + LINK_AB, "links[1].parameter", "earlier link"),
        (UNBOUND_A + CYCLE, "links", "cycle"),
        (HEAD + "\n[oops]\n", "oops", "unknown key"),
        ("format = 2\n" + HEAD, "format", "reads format 1, got 2"),
    ],
)
def test_errors_name_the_file_and_key_path(tmp_path, text, keypath, message):
    path = write(tmp_path, text)
    with pytest.raises(PayoffFileError) as info:
        load_scenario(path, display="s.toml")
    first = str(info.value)
    assert "\n" not in first
    assert first.startswith(f"s.toml: {keypath}: "), first
    assert message in first


def test_a_link_value_outside_the_target_range_is_an_error(tmp_path):
    text = HEAD + LINK_AB.replace("value = 0.25", "value = 1.5")
    s = load_scenario(write(tmp_path, text), display="s.toml")
    s.evaluate({"rapprochement": 0})  # the (Engage, Stall) outcome uses the default
    with pytest.raises(PayoffFileError, match=r"^s.toml: links\[0\]: .*outside its range"):
        s.evaluate({"rapprochement": 1})


def test_unknown_scenario_parameter_is_an_error():
    with pytest.raises(GameError, match="unknown scenario parameter"):
        load_scenario(SUMMIT).evaluate({"rapprochment": 0.5})
