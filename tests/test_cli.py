"""The command line, through click's CliRunner: results on stdout, one-line errors on stderr."""

import json
import textwrap

import pytest
from click.testing import CliRunner

from cli import cli
from negotiate import catalog
from tests.cli_checks import assert_one_line_error, invoke
from tests.test_payoff_file import VALID


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def game_file(tmp_path):
    path = tmp_path / "mygame.toml"
    path.write_text(VALID, encoding="utf-8")
    return path


def run(runner, *args):
    return invoke(*args, runner=runner)


def test_help_lists_every_command(runner):
    result = run(runner, "--help")
    assert result.exit_code == 0
    for command in ("list", "show", "solve", "validate"):
        assert command in result.stdout


def test_every_command_help_has_an_example(runner):
    for command in ("list", "show", "solve", "validate"):
        result = run(runner, command, "--help")
        assert result.exit_code == 0 and "Example" in result.stdout, command


def test_solve_text_reports_the_verified_equilibrium(runner, game_file):
    result = run(runner, "solve", game_file)
    assert result.exit_code == 0, result.stderr
    assert "Method:" in result.stdout and "verified" in result.stdout
    assert result.stderr == ""


def test_solve_json_has_the_documented_keys(runner, game_file):
    result = run(runner, "solve", game_file, "--format", "json", "--set", "rapprochement=0.5")
    data = json.loads(result.stdout)
    assert set(data) >= {"game", "equilibria", "method", "complete"}
    assert data["game"]["players"] == ["US", "Russia"]
    assert data["game"]["strategies"] == [["Engage", "Pressure"], ["Deal", "Stall"]]
    assert data["parameters"] == {"rapprochement": 0.5}
    for eq in data["equilibria"]:
        assert set(eq) >= {"strategies", "payoffs", "regret"}
        assert all(abs(sum(p) - 1) < 1e-9 for p in eq["strategies"])


def test_output_is_byte_identical_across_runs(runner, game_file):
    for fmt in ("text", "markdown", "json"):
        first = run(runner, "solve", game_file, "--format", fmt).stdout
        assert first == run(runner, "solve", game_file, "--format", fmt).stdout


def test_show_with_provenance_lists_terms_and_sources(runner, game_file):
    result = run(runner, "show", game_file, "--provenance", "--format", "markdown")
    assert result.exit_code == 0
    assert "| win | 2 + 2 * rapprochement | P3 | a diplomatic win |" in result.stdout
    assert "assumption: half the win" in result.stdout


def test_show_json_is_parseable(runner, game_file):
    data = json.loads(run(runner, "show", game_file, "--format", "json", "--provenance").stdout)
    assert data["payoffs"][0] == {"profile": ["Engage", "Deal"], "payoffs": [2.0, 0.0]}
    assert {t["term"] for t in data["terms"]} == {"win", "burden"}


def test_validate_ok_exits_zero(runner, game_file):
    result = run(runner, "validate", game_file)
    assert result.exit_code == 0 and "ok" in result.stdout


def test_validate_lists_every_problem_and_exits_one(runner, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(VALID.replace('"win"', '"wni"'), encoding="utf-8")
    result = run(runner, "validate", path)
    assert result.exit_code == 1
    assert result.stdout.count("unknown name 'wni'") == 2
    data = json.loads(run(runner, "validate", path, "--format", "json").stdout)
    assert data["ok"] is False and len(data["problems"]) == 2


def test_validate_reports_provenance_gaps(runner, tmp_path):
    path = tmp_path / "gaps.toml"
    path.write_text(VALID.replace("Pressure = [0, 0]", "Pressure = [3, 0]"), encoding="utf-8")
    result = run(runner, "validate", path)
    assert result.exit_code == 1 and "has no provenance" in result.stdout


def test_broken_toml_is_one_line(runner, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("players = [\n", encoding="utf-8")
    assert_one_line_error(run(runner, "solve", path), "broken.toml: invalid TOML")


def test_missing_file_is_one_line(runner, tmp_path):
    assert_one_line_error(run(runner, "solve", tmp_path / "nope.toml"), "nope.toml: no such file")
    assert_one_line_error(run(runner, "validate", tmp_path / "nope.toml"), "no such file")


def test_unknown_builtin_suggests_the_closest(runner):
    assert_one_line_error(run(runner, "show", "definitely_not_a_game"), "no built-in game")


def test_wrong_option_is_one_line(runner, game_file):
    assert_one_line_error(run(runner, "solve", game_file, "--bogus"), "No such option")
    assert_one_line_error(run(runner, "solve", game_file, "--format", "xml"), "xml")
    assert_one_line_error(run(runner, "frobnicate"), "No such command")


def test_bad_set_values_are_one_line(runner, game_file):
    assert_one_line_error(run(runner, "solve", game_file, "--set", "rapprochement"), "NAME=VALUE")
    assert_one_line_error(run(runner, "solve", game_file, "--set", "rapprochement=high"), "number")
    assert_one_line_error(
        run(runner, "solve", game_file, "--set", "rapprochment=0.5"),
        "unknown parameter 'rapprochment' (did you mean 'rapprochement'?)",
    )
    assert_one_line_error(
        run(runner, "solve", game_file, "--set", "rapprochement=2"), "outside its range"
    )


def test_expression_error_names_file_and_key_path(runner, tmp_path):
    path = tmp_path / "mygame.toml"
    path.write_text(VALID.replace('"2 + 2 * rapprochement"', '"2 + rapprochment"'), "utf-8")
    assert_one_line_error(
        run(runner, "solve", path),
        "mygame.toml: terms.win.value: unknown name 'rapprochment' (did you mean 'rapprochement'?)",
    )


def test_several_problems_are_summarised_in_one_line(runner, tmp_path):
    path = tmp_path / "many.toml"
    path.write_text(VALID.replace('"win"', '"wni"'), encoding="utf-8")
    assert_one_line_error(run(runner, "solve", path), "and 1 more problem", "negotiate validate")


def test_debug_shows_the_traceback(runner, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("players = [\n", encoding="utf-8")
    result = runner.invoke(cli, ["--debug", "solve", str(path)])
    assert result.exit_code != 0
    assert result.exception is not None and "invalid TOML" in str(result.exception)


def test_user_file_is_never_modified(runner, game_file):
    before = game_file.read_bytes()
    for args in (("solve",), ("show", "--provenance"), ("validate",)):
        run(runner, args[0], game_file, *args[1:])
    assert game_file.read_bytes() == before


def test_list_shows_builtin_games(runner):
    result = run(runner, "list", "--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [row["name"] for row in listed] == catalog.builtin_names()


@pytest.mark.parametrize("name", catalog.builtin_names())
def test_list_summary_agrees_with_the_loaded_game(name):
    # `list` reads the files' headers without building the games: it must say what the
    # full reader builds.
    summary = catalog.builtin_summary(name)
    spec = catalog.load(name)
    assert summary["title"] == spec.title
    assert summary["players"] == list(spec.players)
    assert summary["strategies"] == [list(s) for s in spec.strategies]
    assert summary["parameters"] == list(spec.parameters)


def test_three_player_file_solves(runner, tmp_path):
    path = tmp_path / "three.toml"
    path.write_text(
        textwrap.dedent(
            """
            players = ["A", "B", "C"]
            [strategies]
            A = ["x", "y"]
            B = ["x", "y"]
            C = ["x", "y"]
            [payoffs]
            A = [[[1, 0], [0, 0]], [[0, 0], [0, 2]]]
            B = [[[1, 0], [0, 0]], [[0, 0], [0, 2]]]
            C = [[[1, 0], [0, 0]], [[0, 0], [0, 2]]]
            """
        ),
        encoding="utf-8",
    )
    data = json.loads(run(runner, "solve", path, "--format", "json").stdout)
    supports = [eq["support"] for eq in data["equilibria"]]
    assert [["x"], ["x"], ["x"]] in supports and [["y"], ["y"], ["y"]] in supports


def test_new_writes_a_template_that_validates_and_refuses_to_overwrite(runner, tmp_path):
    path = tmp_path / "mygame.toml"
    args = ["new", path, "--players", "US", "EU", "--strategies", "Consult,Bypass", "Align,Hedge"]
    result = run(runner, *args)
    assert result.exit_code == 0, result.stderr
    assert run(runner, "validate", path).exit_code == 0
    data = json.loads(run(runner, "show", path, "--format", "json").stdout)
    assert data["game"]["strategies"] == [["Consult", "Bypass"], ["Align", "Hedge"]]
    path.write_text("# my work\n", encoding="utf-8")
    assert_one_line_error(run(runner, *args), "already exists")
    assert path.read_text(encoding="utf-8") == "# my work\n"
    assert run(runner, *args, "--force").exit_code == 0
    assert "[payoffs.US]" in path.read_text(encoding="utf-8")


def test_new_with_mismatched_strategy_lists_is_one_line(runner, tmp_path):
    result = run(runner, "new", tmp_path / "g.toml", "--players", "A", "B", "--strategies", "x,y")
    assert_one_line_error(result, "2 players but 1 strategy lists")
    assert not (tmp_path / "g.toml").exists()


def test_export_toml_round_trips_through_solve(runner, game_file, tmp_path):
    out = tmp_path / "copy.toml"
    assert run(runner, "export", game_file, "--to", "toml", "-o", out).exit_code == 0
    first = run(runner, "solve", game_file, "--format", "json").stdout
    assert run(runner, "solve", out, "--format", "json").stdout == first


def test_export_json_to_stdout(runner, game_file):
    data = json.loads(run(runner, "export", game_file, "--to", "json").stdout)
    assert data["game"]["players"] == ["US", "Russia"]


def test_export_into_a_missing_folder_is_one_line(runner, game_file, tmp_path):
    result = run(runner, "export", game_file, "--to", "toml", "-o", tmp_path / "no" / "x.toml")
    assert_one_line_error(result, "does not exist")


def test_analyze_reports_elimination_order_security_and_pareto(runner, tmp_path):
    path = tmp_path / "pd.toml"
    path.write_text(
        textwrap.dedent(
            """
            players = ["Row", "Col"]
            [strategies]
            Row = ["C", "D"]
            Col = ["C", "D"]
            [payoffs]
            Row = [[3, 0], [5, 1]]
            Col = [[3, 5], [0, 1]]
            """
        ),
        encoding="utf-8",
    )
    result = run(runner, "analyze", path)
    assert result.exit_code == 0, result.stderr
    assert "Row     C           D" in result.stdout  # step 1: Row's C eliminated by D
    data = json.loads(run(runner, "analyze", path, "--format", "json").stdout)
    assert [s["strategy"] for s in data["strict"]["steps"]] == ["C", "C"]
    assert [p["level"] for p in data["security"]["players"]] == [1.0, 1.0]
    assert {tuple(o["profile"]) for o in data["pareto"]["outcomes"]} == {
        ("C", "C"),
        ("C", "D"),
        ("D", "C"),
    }
    assert "zero_sum" not in data


def test_analyze_gives_the_value_of_a_zero_sum_game(runner, tmp_path):
    path = tmp_path / "pennies.toml"
    path.write_text(
        'players = ["A", "B"]\n[strategies]\nA = ["H", "T"]\nB = ["H", "T"]\n'
        "[payoffs]\nA = [[1, -1], [-1, 1]]\nB = [[-1, 1], [1, -1]]\n",
        encoding="utf-8",
    )
    result = run(runner, "analyze", path)
    assert "Value to A: 0. Optimal: A: H 0.5, T 0.5; B: H 0.5, T 0.5." in result.stdout


def test_a_scenario_where_a_game_is_expected_and_back_are_one_line(runner):
    assert_one_line_error(run(runner, "show", "summit"), "scenario file", "negotiate report")
    assert_one_line_error(run(runner, "report", "us_russia"), "is a game, not a scenario")


def test_validate_checks_scenarios_too(runner, tmp_path):
    from negotiate import catalog

    text = catalog.builtin_path("summit.scenario").read_text(encoding="utf-8")
    good = tmp_path / "copy.toml"
    good.write_text(text, encoding="utf-8")  # games by built-in name: it works from anywhere
    result = run(runner, "validate", good)
    assert result.exit_code == 0 and "ok (scenario: 5 games" in result.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('from = "us_eu"', 'from = "us_euu"', 1), encoding="utf-8")
    result = run(runner, "validate", bad)
    assert result.exit_code == 1 and "links[" in result.stdout and "us_euu" in result.stdout
