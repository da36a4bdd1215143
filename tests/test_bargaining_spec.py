"""Bargaining tables of payoff files: the documented example, and one-line errors with paths."""

import re
import tomllib
from pathlib import Path

import pytest

from negotiate.bargaining.problem import FeasibleKind
from negotiate.bargaining.solutions import nash
from negotiate.bargaining.spec import problem_from_mapping, spec_from_mapping
from negotiate.bargaining.twolevel import analyse
from negotiate.errors import PayoffFileError
from negotiate.model import NormalFormGame

DOC = Path(__file__).resolve().parent.parent / "docs" / "bargaining.md"
WHERE = "games/test.toml"


def number(value: object, path: str) -> float:
    if isinstance(value, str):
        num, _, den = value.partition("/")
        return float(num) / float(den) if den else float(num)
    return float(value)  # type: ignore[arg-type]


def load(text: str, **kwargs):
    return spec_from_mapping(tomllib.loads(text)["bargaining"], WHERE, number, **kwargs)


def errors(text: str, **kwargs) -> tuple[str, ...]:
    with pytest.raises(PayoffFileError) as info:
        load(text, **kwargs)
    return info.value.problems


def test_documented_complete_example_loads_and_solves():
    block = re.search(r"## Complete example\s+```toml\n(.*?)```", DOC.read_text(), re.S)
    spec = load(block.group(1))
    p = spec.problem
    assert p.kind is FeasibleKind.ISSUES and p.players == ("US", "Russia")
    assert p.labels == ("territory", "sanctions", "guarantees")
    sol = nash(p)
    assert sol.shares["territory"][1] == pytest.approx(1.0)  # Russia values it most
    assert spec.alternating.solve().shares[0] > 0
    assert not spec.fearon.solve().is_empty
    assert [w.threshold for w in spec.winsets] == [3, 3]
    assert not analyse(p, spec.winsets).overlap_empty


def test_each_kind_loads():
    base = '[bargaining]\nplayers = ["A", "B"]\ndisagreement = [0, 0]\n'
    p = load(base + 'kind = "frontier"\npoints = [[0, 2], [1, 1.5], [2, 0]]').problem
    assert p.kind is FeasibleKind.FRONTIER_POINTS
    p = load(base + 'kind = "curve"\ncurve = { top = 1, right = 1, exponent = 2 }').problem
    assert nash(p).payoffs[0] == pytest.approx(3**-0.5, abs=1e-9)
    p = load(
        '[bargaining]\nkind = "surplus"\nplayers = ["A", "B"]\n'
        '[bargaining.utility.B]\nform = "power"\nexponent = "1/2"'
    ).problem
    assert nash(p).shares["surplus"][0] == pytest.approx(2 / 3, abs=1e-9)
    p = problem_from_mapping(
        {
            "players": ["A", "B", "C"],
            "disagreement": [0, 0, 0],
            "outcomes": {"x": [1, 0, 0], "y": [0, 1, 0], "z": [0, 0, 1]},
        },
        WHERE,
        number,
    )
    assert p.n_players == 3


def test_disagreement_from_the_files_game():
    g = NormalFormGame.from_arrays(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["A", "B"], strategies=[["C", "D"], ["C", "D"]]
    )
    text = (
        '[bargaining]\nplayers = ["A", "B"]\ndisagreement = "security"\n'
        "outcomes = { cc = [3, 3], dd = [1, 1] }"
    )
    assert load(text, game=g).problem.d.tolist() == pytest.approx([1, 1])
    text2 = text.replace('"security"', '{ profile = { A = "D", B = "D" } }')
    assert load(text2, game=g).problem.d.tolist() == [1, 1]
    (msg,) = errors(text)
    assert msg.startswith(f"{WHERE}: bargaining.disagreement: expected numbers")


BASE = (
    '[bargaining]\nplayers = ["US", "RU"]\ndisagreement = [0, 0]\n'
    "outcomes = { a = [1, 0], b = [0, 1] }\n"
)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            BASE.replace("[0, 0]", "[0.6, 0.6]"),
            "bargaining.disagreement: expected a point in the feasible set, got (0.6, 0.6)",
        ),
        (
            BASE + "weights = { US = 1, RU = 0 }",
            "bargaining.weights.RU: expected a positive number, got 0",
        ),
        (BASE + "weights = [1, -2]", "bargaining.weights[1]: expected a positive number, got -2"),
        (
            BASE + "[bargaining.rubinstein]\ndiscount = { US = 0.9, RU = 1.2 }",
            "bargaining.rubinstein.discount.RU: expected a number in (0, 1), got 1.2",
        ),
        (
            BASE + "[bargaining.rubinstein]\ndiscount = [0, 0.5]",
            "bargaining.rubinstein.discount[0]: expected a number in (0, 1), got 0",
        ),
        (
            '[bargaining]\nkind = "frontier"\nplayers = ["US", "RU"]\ndisagreement = [0, 0]\n'
            "points = [[0, 1], [0.5, 0.2], [1, 0]]",
            "bargaining.points: expected a convex feasible set, got frontier is not convex at "
            "point 2 (0.5, 0.2): it lies below the chord of its neighbours",
        ),
        (
            '[bargaining]\nkind = "curve"\nplayers = ["US", "RU"]\ndisagreement = [0, 0]\n'
            "curve = { exponent = 0.5 }",
            "bargaining.curve.exponent: expected a number in [1, inf], got 0.5",
        ),
        (
            BASE + "wieghts = [1, 1]",
            "bargaining.wieghts: expected one of kind, players, disagreement, weights, title, "
            'description, rubinstein, fearon, ratification, outcomes, got unknown key "wieghts" '
            '(did you mean "weights"?)',
        ),
        (
            BASE.replace("[bargaining]", '[bargaining]\nkind = "isues"'),
            "bargaining.kind: expected one of outcomes, frontier, curve, surplus, issues, "
            'got "isues" (did you mean "issues"?)',
        ),
        (
            BASE + "weights = { US = 1, Ru = 1 }",
            'bargaining.weights.Ru: expected one of US, RU, got unknown key "Ru" '
            '(did you mean "RU"?)',
        ),
        (
            BASE + "[bargaining.fearon]\np = 1.5",
            "bargaining.fearon.p: expected a number in [0, 1], got 1.5",
        ),
        (
            BASE
            + '[bargaining.ratification.US]\nrule = "most"\n'
            + "constituencies = { a = { threshold = 1 } }",
            "bargaining.ratification.US.rule: expected one of majority, unanimity, quota, "
            + 'got "most"',
        ),
        (
            BASE.replace("outcomes = { a = [1, 0], b = [0, 1] }", 'outcomes = { a = [1, "x"] }'),
            "bargaining.outcomes.a[1]: expected a number",
        ),
        (
            BASE.replace('["US", "RU"]', '["US"]'),
            "bargaining.players: expected a list of at least two names, got a list of 1",
        ),
    ],
)
def test_bad_input_names_file_and_key(text, expected):
    problems = errors(text)
    assert problems[0].startswith(f"{WHERE}: {expected}"), problems
    assert all("\n" not in p for p in problems)


def test_every_problem_is_reported_together():
    text = BASE + "weights = [0, 0]\n[bargaining.rubinstein]\ndiscount = [2, 0.5]\n"
    problems = errors(text)
    assert [p.split(": ")[1] for p in problems] == [
        "bargaining.weights[0]",
        "bargaining.weights[1]",
        "bargaining.rubinstein.discount[0]",
    ]


def test_root_prefix_is_configurable():
    with pytest.raises(PayoffFileError, match=r"^f.toml: scenario\.b\.players: expected"):
        problem_from_mapping({"players": "x"}, "f.toml", number, root="scenario.b")


@pytest.mark.parametrize(
    "table, shares",
    [
        ("rates = { US = 1, RU = 1 }\ndt = 0.001", (0.5, 0.5)),
        ("costs = { US = 0.1, RU = 0.2 }", (1.0, 0.0)),
        ('discount = [0.5, 0.5]\nhorizon = 2\nfirst = "RU"', (0.5, 0.5)),
        ("discount = [0.9, 0.9]\noutside = { US = 0, RU = 0.6 }", (0.4, 0.6)),
    ],
)
def test_alternating_offers_variants(table, shares):
    spec = load(BASE + "[bargaining.rubinstein]\n" + table)
    assert spec.alternating.solve().shares == pytest.approx(shares, abs=1e-3)


def test_alternating_offers_needs_exactly_one_of_discount_rates_costs():
    (msg,) = errors(BASE + "[bargaining.rubinstein]\ndiscount = [0.5, 0.5]\ncosts = [0.1, 0.1]")
    assert msg.startswith(f"{WHERE}: bargaining.rubinstein: expected exactly one of discount")
