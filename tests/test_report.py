"""The rapprochement report: exact thresholds that agree with solving on either side,
deterministic output in every format, and the command line around it."""

import dataclasses
import json
from fractions import Fraction

import pytest

from negotiate import catalog
from negotiate.expressions import parse
from negotiate.report import build_report
from negotiate.report.render import render_report
from negotiate.scenario import load_scenario
from negotiate.spec import Cell
from negotiate.sweep import equilibrium_signature
from tests.cli_checks import assert_one_line_error, invoke


@pytest.fixture(scope="module")
def summit():
    path, display = catalog.locate("summit")
    return load_scenario(path, display)


@pytest.fixture(scope="module")
def report(summit):
    return build_report(summit)


def thresholds_of(report):
    return {s.name: [t.at.exact for t in s.thresholds] for s in report.sections}


def test_the_summit_thresholds_are_exact_fractions(report):
    assert thresholds_of(report) == {
        "us_russia": [Fraction(2, 3), Fraction(5, 6)],
        "us_eu": [Fraction(1, 4), Fraction(3, 4)],
        "great_powers": [Fraction(1, 3)],
        # (1 + china_alignment) / 3 with china_alignment = 0.1 once Moscow balances (linked)
        "russia_ukraine": [Fraction(11, 30)],
    }
    assert all(t.analytic for s in report.sections for t in s.thresholds)


def test_thresholds_agree_with_solving_just_below_and_above(report, summit):
    for k, section in enumerate(report.sections):
        for before, after in zip(section.regimes, section.regimes[1:], strict=False):
            cut = before.high.value
            below = summit.evaluate({"rapprochement": cut - 1e-6}).outcomes[k]
            above = summit.evaluate({"rapprochement": cut + 1e-6}).outcomes[k]
            assert equilibrium_signature(below.result) == before.signature
            assert equilibrium_signature(above.result) == after.signature
            assert before.signature != after.signature


def test_the_baseline_reproduces_the_article(report):
    baseline = report.baseline
    us_russia = baseline.outcome("us_russia")
    # No formal agreement (P1, P12), while the channel stays open (P2): talks, no deal.
    assert [e.is_pure for e in us_russia.result.equilibria] == [True]
    names = us_russia.game.profile_names(us_russia.pure_equilibria[0])
    assert names == ("Engage", "Stall")
    # The long game cannot be played before a thaw (P13 read with the model's payoffs).
    assert report.long_game.at_values[0][1].delta is None


def test_report_is_byte_identical_across_runs(summit):
    for fmt in ("text", "markdown", "json"):
        first = render_report(build_report(summit), fmt)
        assert first == render_report(build_report(summit), fmt)


def test_every_footnote_cites_a_paragraph_or_states_an_assumption(report):
    notes = report.footnotes()
    assert [n.number for n in notes] == list(range(1, len(notes) + 1))
    for note in notes:
        assert note.provenance.cites or note.provenance.assumption, note.subject


def test_results_are_unchanged_by_rescaling_a_players_payoffs(summit, report):
    entry = summit.games[0]
    spec = entry.spec
    known = set(spec.parameters) | {t.name for t in spec.terms}
    cells = spec.cells.copy()
    for flat in range(cells[0].size):
        index = (0, *divmod(flat, cells.shape[2]))
        cell = cells[index]
        rescaled = parse(f"3 * ({cell.expression.text}) + 7", known)
        cells[index] = Cell(rescaled, cell.provenance, cell.keypath)
    scaled_spec = dataclasses.replace(spec, cells=cells)
    scaled = dataclasses.replace(
        summit, games=(dataclasses.replace(entry, spec=scaled_spec), *summit.games[1:])
    )
    again = build_report(scaled)
    assert thresholds_of(again) == thresholds_of(report)
    for mine, theirs in zip(again.sections, report.sections, strict=True):
        assert [r.signature for r in mine.regimes] == [r.signature for r in theirs.regimes]


def test_ukraines_share_under_the_nash_solution_falls_with_rapprochement(report):
    (settlement,) = report.bargains
    shares = [r.solution("nash").shares["territory"][1] for _, r in settlement.at_values]
    assert shares == sorted(shares, reverse=True) and shares[0] > shares[-1]
    # The bargaining set is never empty: some settlement beats war for both (P5, P6, P8).
    assert all(not r.is_empty for _, r in settlement.at_values)


def test_json_report_has_the_documented_keys(report):
    data = json.loads(render_report(report, "json"))
    assert set(data) >= {"title", "question", "parameter", "values", "summary", "games"}
    us_russia = data["games"][0]
    assert [t["exact"] for t in us_russia["thresholds"]] == ["2/3", "5/6"]
    assert data["long_game"]["at"][0]["status"] == "impossible"


run = invoke


def test_report_command_defaults_to_the_summit():
    result = run("report")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("The Anchorage summit\n")
    assert "rapprochement = 2/3, 5/6" in result.stdout


def test_report_at_chosen_values_measures_changes_from_the_first():
    result = run("report", "--rapprochement", "0", "--rapprochement", "0.7", "--format", "json")
    assert json.loads(result.stdout)["values"] == [0.0, 0.7]


def test_report_value_outside_the_range_is_one_line():
    result = run("report", "--at", "2")
    assert_one_line_error(result)
    assert "outside its range" in result.stderr


def test_unknown_scenario_is_one_line():
    result = run("report", "no_such_scenario")
    assert result.exit_code == 2 and "no built-in game" in result.stderr


def test_report_plots_write_one_figure_per_game(tmp_path):
    result = run("report", "--plot", tmp_path / "figs")
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "figs").iterdir())
    assert names == sorted(
        [
            "us_russia.png",
            "us_eu.png",
            "great_powers.png",
            "russia_ukraine.png",
            "ukraine_settlement.png",
            "long_game.png",
        ]
    )
    assert all(p.stat().st_size > 10_000 for p in (tmp_path / "figs").iterdir())


def test_the_report_checks_the_article_facts_and_all_hold(report):
    assert len(report.claims) >= 10
    assert all(r.holds for _, r in report.claims)
    text = render_report(report, "text")
    assert "holds: No formal agreement was reached at the summit" in text
    assert "FAILS" not in text
