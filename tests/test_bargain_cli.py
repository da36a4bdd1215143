"""`negotiate bargain`, through click's CliRunner: results on stdout, one-line errors on stderr."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.cli_checks import assert_one_line_error, invoke
from tests.test_bargaining_file import BARGAIN


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def bargain_file(tmp_path):
    path = tmp_path / "settle.toml"
    path.write_text(BARGAIN, encoding="utf-8")
    return path


def run(runner, *args):
    return invoke(*args, runner=runner)


def test_text_report_has_every_part(runner, bargain_file):
    result = run(runner, "bargain", bargain_file)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for part in (
        "Disagreement point and bargaining weights",
        "Pareto frontier (vertices)",
        "nash",
        "kalai-smorodinsky",
        "egalitarian",
        "utilitarian",
        "Shares",
        "territory",
        "Alternating offers (Rubinstein)",
        "Bargaining range of war (Fearon)",
        "Ratification: two-level overlap (Putnam)",
    ):
        assert part in out, part
    assert result.stderr == ""


def test_markdown_report_uses_headings_and_tables(runner, bargain_file):
    out = run(runner, "bargain", bargain_file, "--format", "markdown").stdout
    assert out.startswith("# Bargaining: ")
    assert "## Solutions" in out
    assert "| solution | status | Russia | Ukraine |" in out


def test_json_report_matches_the_api(runner, bargain_file):
    from negotiate.bargain import bargaining_report
    from negotiate.payoff_file import load_spec

    result = run(runner, "bargain", bargain_file, "--format", "json", "--set", "rapprochement=0.6")
    data = json.loads(result.stdout)
    report = bargaining_report(load_spec(bargain_file), {"rapprochement": 0.6})
    nash = report.solution("nash")
    assert data["solutions"][0]["solution"] == "nash"
    assert data["solutions"][0]["payoffs"]["Ukraine"] == pytest.approx(nash.payoffs[1], abs=1e-11)
    assert data["weights"] == {"Russia": 1.6, "Ukraine": 1.0}
    assert data["fearon"]["range"] == [0.3, 0.75]
    assert data["two_level"]["thresholds"] == {"Russia": None, "Ukraine": 0.4}
    assert set(data["solutions"][0]["gainers"]) <= {"Russia", "Ukraine"}


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_output_is_byte_identical_across_runs(runner, fmt):
    args = ("bargain", "ukraine_settlement", "--format", fmt, "--set", "rapprochement=0.6")
    first, second = run(runner, *args), run(runner, *args)
    assert first.exit_code == 0, first.stderr
    assert first.stdout_bytes == second.stdout_bytes


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_plot_writes_a_file_and_keeps_stdout(runner, bargain_file, tmp_path, suffix):
    target = tmp_path / f"plot{suffix}"
    plain = run(runner, "bargain", bargain_file)
    result = run(runner, "bargain", bargain_file, "--plot", target)
    assert result.exit_code == 0, result.stderr
    assert target.stat().st_size > 1000
    assert result.stdout == plain.stdout
    assert result.stderr == f"wrote {target}\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".plot-")]


def test_plot_needs_png_or_svg(runner, bargain_file, tmp_path):
    result = run(runner, "bargain", bargain_file, "--plot", tmp_path / "plot.pdf")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "expected a .png or .svg file" in result.stderr


def test_help_has_an_example(runner):
    result = run(runner, "bargain", "--help")
    assert "negotiate bargain ukraine_settlement --set rapprochement=0.6" in result.stdout


def _write(tmp_path, text):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("weights.Russia = {", "wieghts.Russia = {", "bargaining.wieghts: expected one of"),
        ('"0.2 + 0.3 * rapprochement"', '"0.2 + * rapprochement"', "terms.relief.value"),
        (
            'sanctions = { Russia = "relief"',
            'sanctions = { Russia = "relief +"',
            "bargaining.issues.sanctions.Russia: expected a number",
        ),
        (
            'Ukraine = { value = 1, assumption = "Unit." }',
            'Ukraine = { value = -1, assumption = "Unit." }',
            "bargaining.weights.Ukraine: expected a positive number",
        ),
        (
            'value = 0.95, assumption = "Patience."',
            'value = 1.0, assumption = "Patience."',
            "bargaining.rubinstein.discount.Ukraine: expected a number in (0, 1)",
        ),
    ],
)
def test_errors_are_one_line_with_the_key_path(runner, tmp_path, old, new, fragment):
    assert old in BARGAIN
    path = _write(tmp_path, BARGAIN.replace(old, new, 1))
    assert_one_line_error(run(runner, "bargain", path), "bad.toml", fragment)


def test_a_game_without_a_bargaining_table_is_one_line(runner):
    assert_one_line_error(run(runner, "bargain", "us_russia"), "no [bargaining] table")


def test_a_weight_non_positive_only_at_the_set_value_is_one_line(runner, tmp_path):
    text = BARGAIN.replace(
        'Ukraine = { value = 1, assumption = "Unit." }',
        'Ukraine = { value = "1 - rapprochement", assumption = "Unit." }',
    )
    path = _write(tmp_path, text)
    assert run(runner, "bargain", path).exit_code == 0
    result = run(runner, "bargain", path, "--set", "rapprochement=1")
    assert_one_line_error(result, "bargaining.weights.Ukraine: expected a positive number")


def test_unknown_parameter_is_one_line(runner, bargain_file):
    result = run(runner, "bargain", bargain_file, "--set", "rapprochment=0.5")
    assert_one_line_error(result, "unknown parameter 'rapprochment'")


def test_solve_on_a_bargaining_only_game_is_one_line(runner):
    assert_one_line_error(run(runner, "solve", "ukraine_settlement"), "negotiate bargain")


def test_validate_accepts_the_sourced_bargaining_game(runner):
    result = run(runner, "validate", "ukraine_settlement")
    assert result.exit_code == 0, result.stdout
    assert "ok" in result.stdout


def test_validate_lists_unsourced_bargaining_values(runner, tmp_path):
    path = _write(
        tmp_path, BARGAIN.replace('p = { value = 0.5, assumption = "Even odds." }', "p = 0.5")
    )
    result = run(runner, "validate", path)
    assert result.exit_code == 1
    assert "bargaining.fearon.p: value '0.5' has no provenance" in result.stdout
