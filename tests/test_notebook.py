"""Notebook display and plain data: every result renders as an escaped table and converts to
JSON-ready Python (no numpy types), through the same renderer the command line uses."""

import json
import re
from html.parser import HTMLParser

import numpy as np
import pytest
from click.testing import CliRunner

from cli import cli
from negotiate import analysis, bargaining, catalog, statics
from negotiate.bargain import bargaining_report
from negotiate.equilibria import solve
from negotiate.model import NormalFormGame
from negotiate.render import render_solve
from negotiate.sweep import solving_classifier, sweep


def _plain(value):
    """True when ``value`` is built only of dict/list/str/int/float/bool/None."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.tags: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_cell = tag in ("td", "th")
        if self._in_cell:
            self.cells.append("")

    def handle_endtag(self, tag):
        self._in_cell = False

    def handle_data(self, data):
        if self._in_cell:
            self.cells[-1] += data


def html_cells(fragment: str) -> list[str]:
    parser = _Cells()
    parser.feed(fragment)
    return parser.cells


def _sweep_result():
    spec = catalog.load("us_russia")
    return sweep(spec, "rapprochement", solving_classifier(spec, "rapprochement"), grid=8)


def _robust_report(samples: int = 200) -> statics.RobustReport:
    from negotiate.robust import ordinal_view, robustness

    spec = catalog.load("us_russia")
    result = robustness(
        spec, {}, noise=0.2, samples=samples, seed=0, solve_batch=statics.robust_solve_batch(spec)
    )
    return statics.RobustReport(spec, result, ordinal_view(spec.payoff_batch({})))


def _repeated_report() -> statics.RepeatedReport:
    from negotiate.repeated import folk_region, grim_trigger, tit_for_tat

    game = catalog.load("us_russia").instantiate({"rapprochement": 0.5}, exact=True)
    profile = (0, 0)
    return statics.RepeatedReport(
        game, grim_trigger(game, profile), tit_for_tat(game, profile), folk_region(game)
    )


def _report():
    from negotiate import load_scenario
    from negotiate.report import build_report

    return build_report(load_scenario("summit"), (0.0, 0.7))


def _results():
    game = catalog.load("us_russia").instantiate({"rapprochement": 0.6})
    pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], title="PD")
    problem = bargaining.BargainingProblem.from_surplus(players=("A", "B"), total=1.0)
    return {
        "game": game,
        "solve": solve(game),
        "equilibrium": solve(pd, exact=True).equilibria[0],
        "sweep": _sweep_result(),
        "nash": bargaining.nash(problem),
        "rubinstein": bargaining.rubinstein((0.9, 0.8), players=("A", "B")),
        "range": bargaining.bargaining_range(0.5, 0.1, 0.2),
        "dominance": analysis.dominance(pd),
        "security": analysis.security(pd),
        "zero_sum": analysis.zero_sum(
            NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
        ),
        "pareto": analysis.pareto(pd),
        "bargain": bargaining_report(catalog.load("ukraine_settlement")),
        "robust": _robust_report(),
        "repeated": _repeated_report(),
        "regime_map": statics.regime_map(
            catalog.load("russia_ukraine"),
            ("rapprochement", 0.0, 1.0, 5),
            ("china_alignment", 0.0, 1.0, 3),
            {},
        ),
        "report": _report(),
    }


RESULTS = _results()


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_to_dict_is_plain_json_ready_data(name):
    data = RESULTS[name].to_dict()
    assert _plain(data), data
    assert json.loads(json.dumps(data)) == data


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_html_and_markdown_reprs_are_tables(name):
    obj = RESULTS[name]
    page = obj._repr_html_()
    assert page.startswith('<div class="negotiate">') and "<table>" in page
    assert html_cells(page), page
    md = obj._repr_markdown_()
    assert re.search(r"^\| .* \|$", md, flags=re.M), md
    assert "<" not in md.replace("<br>", "")


def test_html_escapes_names():
    game = NormalFormGame.from_arrays(
        [[1, 0], [0, 1]],
        [[1, 0], [0, 1]],
        players=["<b>Row</b>", "A&B"],
        strategies=[["x<y", "y"], ['"q"', "r"]],
        title="<script>alert(1)</script>",
    )
    page = game._repr_html_()
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "x&lt;y" in page and "A&amp;B" in page
    # the parser gets the names back intact
    assert "x<y" in html_cells(page)


def test_solve_result_html_shows_the_same_rows_as_the_cli_text():
    result = RESULTS["solve"]
    cells = html_cells(result._repr_html_())
    text = render_solve(result, "text")
    for eq_cell in ("Engage", "Stall"):
        assert eq_cell in cells and eq_cell in text


def test_game_to_dict_matches_show_json_payoffs():
    game = RESULTS["game"]
    data = game.to_dict()
    assert data["game"]["players"] == ["US", "Russia"]
    first = data["payoffs"][0]
    assert first["profile"] == ["Engage", "Deal"]
    assert first["payoffs"] == pytest.approx([game.u[0, 0, 0], game.u[1, 0, 0]], abs=1e-12)
    assert not isinstance(first["payoffs"][0], np.floating)


def test_equilibrium_to_dict_with_and_without_its_game():
    eq = RESULTS["equilibrium"]
    assert eq.to_dict() == {
        "strategies": [[0.0, 1.0], [0.0, 1.0]],
        "pure": True,
        "exact": [["0", "1"], ["0", "1"]],
        "component": 0,
    }
    full = eq.to_dict(NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    assert full["payoffs"] == [1.0, 1.0] and full["regret"] == 0.0


def test_sweep_to_dict_has_one_entry_per_regime_and_threshold():
    res = RESULTS["sweep"]
    data = res.to_dict()
    assert len(data["regimes"]) == len(res.regimes) >= 1
    assert len(data["thresholds"]) == len(res.thresholds)
    assert [data["low"], data["high"]] == [res.low, res.high]


def _command_json(*args: str):
    result = CliRunner().invoke(cli, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# One mechanism: each command's JSON is the to_dict() of the object its Python API returns.
def test_report_to_dict_is_the_report_command_json():
    data = _command_json("report", "--rapprochement", "0", "--rapprochement", "0.7")
    assert RESULTS["report"].to_dict() == data
    assert data["values"] == [0.0, 0.7] and data["long_game"]["game"] == "us_russia"


def test_bargain_to_dict_is_the_bargain_command_json():
    assert RESULTS["bargain"].to_dict() == _command_json("bargain", "ukraine_settlement")


def test_robust_to_dict_is_the_robust_command_json():
    data = _command_json("robust", "us_russia", "--samples", "200", "--seed", "0")
    assert RESULTS["robust"].to_dict() == data


def test_repeated_to_dict_is_the_repeated_command_json():
    args = ["repeated", "us_russia", "--cooperate", "Engage,Deal", "--set", "rapprochement=0.5"]
    assert RESULTS["repeated"].to_dict() == _command_json(*args)


def test_sweep_to_dict_is_the_sweep_command_json():
    spec = catalog.load("us_russia")
    res = sweep(spec, "rapprochement", solving_classifier(spec, "rapprochement"), 0, 1, grid=50)
    data = _command_json("sweep", "us_russia", "--param", "rapprochement=0:1:51")
    assert res.to_dict() == data
    assert [t["at"] for t in data["thresholds"]] == ["2/3", "5/6"] and data["grid"] == 51


def test_regime_map_to_dict_is_the_two_parameter_sweep_command_json():
    args = ["sweep", "russia_ukraine", "--param", "rapprochement=0:1:5"]
    data = _command_json(*args, "--param", "china_alignment=0:1:3")
    assert RESULTS["regime_map"].to_dict() == data


def test_regime_map_markdown_keeps_the_map_in_a_code_block():
    md = RESULTS["regime_map"]._repr_markdown_()
    assert "```\n" in md and md.count("```") == 2


def test_report_in_a_notebook_has_its_summary_games_and_sources():
    page = RESULTS["report"]._repr_html_()
    cells = html_cells(page)
    assert "(Engage, Stall)*" in cells  # the selected equilibrium at the baseline
    assert "<h4>Summary</h4>" in page and "<h4>Sources</h4>" in page
    md = RESULTS["report"]._repr_markdown_()
    assert md.startswith("# ") and "## Summary" in md
