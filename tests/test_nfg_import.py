"""Gambit ``.nfg`` files are accepted wherever a game is: the library, every command, scenarios."""

import json
from pathlib import Path

import pytest

from negotiate import catalog
from negotiate.errors import PayoffFileError
from negotiate.scenario import load_scenario
from tests.cli_checks import assert_one_line_error, invoke

# Prisoner's dilemma with named strategies; the payoff version lists player 1 fastest.
PD = """NFG 1 R "Dilemma" { "Row" "Col" }
{ { "C" "D" } { "C" "D" } }
""
3 3 5 0 0 5 1 1/2
"""


@pytest.fixture
def nfg(tmp_path: Path) -> Path:
    path = tmp_path / "pd.nfg"
    path.write_text(PD, encoding="utf-8")
    return path


run = invoke


def test_catalog_load_reads_nfg_exactly(nfg):
    spec = catalog.load(nfg)
    game = spec.instantiate(exact=True)
    assert game.players == ("Row", "Col")
    assert game.strategies == (("C", "D"), ("C", "D"))
    # (D, D): Row gets 1, Col gets 1/2 (kept exact, never through float)
    assert str(game.u_exact[1, 1, 1]) == "1/2"
    assert game.u[0, 1, 0] == 5 and game.u[1, 0, 1] == 5


def test_solve_accepts_nfg(nfg):
    result = run("solve", nfg, "--exact", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["game"]["title"] == "Dilemma"
    assert [e["exact"] for e in data["equilibria"]] == [[["0", "1"], ["0", "1"]]]


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("show",), 0, "Dilemma"),
        (("validate",), 1, "has no provenance"),  # .nfg files carry no sources
        (("export", "--to", "json"), 0, '"title": "Dilemma"'),
    ],
)
def test_every_game_command_accepts_nfg(nfg, args, code, fragment):
    result = run(args[0], nfg, *args[1:])
    assert result.exit_code == code, result.stderr
    assert result.stderr == ""
    assert fragment in result.stdout


def test_export_to_nfg_round_trips(tmp_path):
    out = tmp_path / "us_russia.nfg"
    result = run("export", "us_russia", "--to", "nfg", "-o", out)
    assert result.exit_code == 0, result.stderr
    again = catalog.load(out).instantiate()
    assert again == catalog.load("us_russia").instantiate()


def test_broken_nfg_is_a_one_line_error_with_file_and_line(tmp_path):
    path = tmp_path / "bad.nfg"
    path.write_text('NFG 1 R "x" { "A" "B" } { 2 2 }\n1 2 3\n', encoding="utf-8")
    with pytest.raises(PayoffFileError, match=r"bad\.nfg: line \d+"):
        catalog.load(path)
    result = run("solve", path)
    assert_one_line_error(result, "bad.nfg: line")
    assert result.stderr.count("\n") == 1


def test_scenario_accepts_an_nfg_game(tmp_path, nfg):
    path = tmp_path / "s.scenario.toml"
    path.write_text('format = 1\n[games.pd]\ngame = "pd.nfg"\n', encoding="utf-8")
    outcome = load_scenario(path).evaluate().outcome("pd")
    assert outcome.pure_equilibria == ((1, 1),)
