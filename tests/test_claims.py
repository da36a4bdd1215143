"""Claims: true claims hold, deliberately wrong ones fail with a counterexample."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from negotiate.claims import check_claims, parse_claims
from negotiate.payoff_file import spec_from_text
from tests.game_texts import SQUARE

GAMES = Path(__file__).resolve().parents[1] / "games"
US_RUSSIA = (GAMES / "us_russia.toml").read_text()


def claims_of(base: str, claims: str):
    spec = spec_from_text(base + "\n" + claims, "g.toml")
    results, problems = check_claims(spec)
    assert problems == []
    return results


def only(base: str, claim: str):
    spec = spec_from_text(base.split("[[claims]]")[0] + "\n[[claims]]\n" + claim, "g.toml")
    (result,), problems = check_claims(spec)[0], check_claims(spec)[1]
    assert problems == []
    return result


def test_the_built_in_games_claims_hold_with_their_point_checks_exact():
    for path in sorted(GAMES.glob("*.toml")):
        if path.name.endswith(".scenario.toml"):
            continue
        spec = spec_from_text(path.read_text(), path.name)
        if not spec.strategies:
            continue  # bargaining-only: its facts are checked in test_ukraine_settlement.py
        results, problems = check_claims(spec)
        assert problems == [] and results, path.name
        assert all(r.holds and r.method == "exact" for r in results), path.name


def test_a_wrong_point_claim_fails_and_says_what_the_equilibria_are():
    r = only(
        US_RUSSIA,
        'text = "wrong"\nat = { rapprochement = 0 }\npure_equilibria = [["Engage", "Deal"]]',
    )
    assert not r.holds and r.method == "exact"
    assert r.reason == "the pure equilibria are {(Engage, Stall)}, not {(Engage, Deal)}"
    assert r.counterexample == {"rapprochement": "0"}


def test_a_range_claim_holds_up_to_the_exact_threshold():
    claim = (
        'text = "Stall dominates Deal"\nover = { rapprochement = [0, 0.6] }\n'
        'dominated = { player = "Russia", strategy = "Deal", strictly = true }'
    )
    r = only(US_RUSSIA, claim)
    assert r.holds and r.method == "exact thresholds"


def test_a_range_claim_past_the_threshold_fails_exactly_at_it():
    # Russia is indifferent at 2/3: Deal is not strictly dominated there, nor above.
    claim = (
        'text = "wrong"\nover = { rapprochement = [0, 0.7] }\n'
        'dominated = { player = "Russia", strategy = "Deal", strictly = true }'
    )
    r = only(US_RUSSIA, claim)
    assert not r.holds and r.method == "exact thresholds"
    assert r.counterexample == {"rapprochement": "2/3"}
    assert "not strictly dominated" in r.reason


def test_weak_dominance_holds_at_the_threshold_itself():
    claim = (
        'text = "at 2/3"\nat = { rapprochement = "2/3" }\n'
        'dominated = { player = "Russia", strategy = "Deal", strictly = false }'
    )
    assert only(US_RUSSIA, claim).holds


def test_a_range_claim_of_the_pure_equilibria_reports_the_first_failing_value():
    claim = (
        'text = "wrong"\nover = { rapprochement = [0, 1] }\npure_equilibria = [["Engage", "Stall"]]'
    )
    r = only(US_RUSSIA, claim)
    assert not r.holds
    value = Fraction(r.counterexample["rapprochement"])
    assert Fraction(2, 3) < value <= 1


def test_non_affine_range_claims_are_searched():
    ok = only(SQUARE, 'text = "PD"\nover = { t = [0, 0.45] }\npure_equilibria = [["D", "D"]]')
    assert ok.holds and ok.method == "search"
    bad = only(SQUARE, 'text = "PD"\nover = { t = [0, 0.8] }\npure_equilibria = [["D", "D"]]')
    assert not bad.holds and bad.method == "search"
    assert float(bad.counterexample["t"]) >= 0.5
    assert "(C, C)" in bad.reason


def test_a_search_finds_a_counterexample_off_the_grid():
    # (C, C) is an equilibrium only for t in [0.5, 0.5 + 1e-3]: between two grid values.
    text = SQUARE.replace('"4 * t ** 2"', '"1 - 1000 * (t - 0.5) * (t - 0.5005)"')
    r = only(
        text,
        'text = "never"\nover = { t = [0.001, 0.999] }\npure_equilibria_exclude = [["C", "C"]]',
    )
    assert not r.holds and r.method == "search"
    t = float(r.counterexample["t"])
    assert 0.5 <= t <= 0.5005


def test_monotone_probability_in_the_mixed_regime():
    # In (2/3, 5/6) the US engages with probability 2 / (3 r): decreasing.
    claim = (
        'text = "less engagement"\nmonotone = { quantity = "probability", player = "US", '
        'strategy = "Engage", direction = "%s", over = { rapprochement = [0.7, 0.8] } }'
    )
    assert only(US_RUSSIA, claim % "decreasing").holds
    wrong = only(US_RUSSIA, claim % "increasing")
    assert not wrong.holds and "is not increasing" in wrong.reason


def test_monotone_fails_across_regimes_where_the_quantity_jumps_back():
    claim = (
        'text = "wrong"\nmonotone = { quantity = "probability", player = "US", '
        'strategy = "Engage", direction = "decreasing", over = { rapprochement = [0, 1] } }'
    )
    r = only(US_RUSSIA, claim)
    assert not r.holds and "is not decreasing" in r.reason


def test_monotone_equilibrium_payoff():
    # Russia's payoff is 2 while it stalls (r < 2/3) and 3r once the deal is made (r > 5/6).
    claim = (
        'text = "Russia gains"\nmonotone = { quantity = "equilibrium_payoff", player = '
        '"Russia", direction = "increasing", over = { rapprochement = [0.85, 1] } }'
    )
    assert only(US_RUSSIA, claim).holds
    assert not only(US_RUSSIA, claim.replace('"increasing"', '"decreasing"')).holds


def test_monotone_needs_a_unique_equilibrium():
    claim = (
        'text = "ill-defined"\nmonotone = { quantity = "probability", player = "Row", '
        'strategy = "C", direction = "increasing", over = { t = [0.6, 1] } }'
    )
    r = only(SQUARE, claim)
    assert not r.holds and "3 equilibria" in r.reason


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ('text = "x"\nat = { rapprochment = 0 }\npure_equilibria = []', "did you mean"),
        ('text = "x"\npure_equilibria = [["Engage"]]', "expected a profile of 2"),
        ('text = "x"\npure_equilibria = [["Engage", "Dael"]]', "Russia has no strategy 'Dael'"),
        ('text = "x"', "a claim must check something"),
        ("pure_equilibria = []", "needs a `text`"),
        ('text = "x"\ncites = ["P99"]\npure_equilibria = []', "'P99' is not a tag"),
        ('text = "x"\nover = { rapprochement = [1, 0] }\npure_equilibria = []', "low <= high"),
        ('text = "x"\ndominated = { player = "UK", strategy = "Deal" }', "no player 'UK'"),
        ('text = "x"\nsurely = true\npure_equilibria = []', "unknown key"),
        (
            'text = "x"\nbest_response = { player = "US", given = {}, is = "Engage" }',
            "give a strategy for Russia",
        ),
        (
            'text = "x"\nmonotone = { quantity = "share", player = "US", direction = "up", '
            "over = { rapprochement = [0, 1] } }",
            'expected "equilibrium_payoff"',
        ),
    ],
)
def test_malformed_claims_are_problems_with_their_key_path(claim, message):
    spec = spec_from_text(US_RUSSIA.split("[[claims]]")[0] + "\n[[claims]]\n" + claim, "g.toml")
    claims, problems = parse_claims(spec)
    assert claims == [] and len(problems) >= 1
    assert problems[0].startswith("g.toml: claims[0]")
    assert any(message in p for p in problems), problems


# --- negotiate validate -------------------------------------------------------------------------


def write(tmp_path: Path, claims: str) -> str:
    path = tmp_path / "g.toml"
    path.write_text(US_RUSSIA + "\n" + claims)
    return str(path)


def test_validate_passes_a_built_in_game_with_its_claims():
    result = CliRunner().invoke(cli, ["validate", "us_russia"])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("every payoff sourced; 4 claims hold)\n")
    assert result.stderr == ""


def test_validate_exits_1_listing_the_failing_claim_and_its_counterexample(tmp_path):
    path = write(
        tmp_path,
        '[[claims]]\ntext = "Deal dominated throughout"\nover = { rapprochement = [0, 1] }\n'
        'dominated = { player = "Russia", strategy = "Deal" }\n',
    )
    runs = [CliRunner().invoke(cli, ["validate", path]) for _ in range(2)]
    result = runs[0]
    assert result.exit_code == 1
    assert result.stdout == runs[1].stdout
    assert result.stdout.splitlines() == [
        f"{path}: 1 of 5 claims fail",
        "  claims[4]: FAILS at rapprochement = 2/3 (exact thresholds): Russia's Deal is not "
        "strictly dominated; claim: Deal dominated throughout",
    ]
    assert result.stderr == ""


def test_validate_json_lists_every_claim(tmp_path):
    path = write(
        tmp_path,
        '[[claims]]\ntext = "wrong"\nat = { rapprochement = 1 }\n'
        'pure_equilibria_exclude = [["Engage", "Deal"]]\n',
    )
    result = CliRunner().invoke(cli, ["validate", path, "--format", "json"])
    assert result.exit_code == 1
    import json

    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert [c["holds"] for c in data["claims"]] == [True, True, True, True, False]
    assert data["claims"][4]["counterexample"] == {"rapprochement": "1"}


def test_validate_reports_a_malformed_claim_as_a_problem(tmp_path):
    path = write(tmp_path, '[[claims]]\ntext = "x"\npure_equilibria = [["Engage", "Dael"]]\n')
    result = CliRunner().invoke(cli, ["validate", path])
    assert result.exit_code == 1
    assert "claims[4].pure_equilibria[0]: Russia has no strategy 'Dael'" in result.stdout


def test_validate_of_a_missing_file_is_a_one_line_error():
    result = CliRunner().invoke(cli, ["validate", "nowhere.toml"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: nowhere.toml: no such file")
    assert result.stderr.count("\n") == 1
