"""The [bargaining] table of payoff files: loading, key paths of mistakes, provenance, --set."""

from __future__ import annotations

import contextlib
import copy
import tomllib

import pytest
from hypothesis import given

from negotiate.errors import GameError, PayoffFileError
from negotiate.payoff_file import spec_from_mapping, spec_from_text
from negotiate.toml_writer import spec_to_toml
from tests.strategies import mutated_tables

BARGAIN = """
title = "Test settlement"
players = ["Russia", "Ukraine"]

[source]
tags = ["P1", "P2"]

[parameters.rapprochement]
default = 0.0
range = [0.0, 1.0]

[terms.relief]
value = "0.2 + 0.3 * rapprochement"
why = "Relief is worth more in a thaw."
cites = ["P1"]

[bargaining]
kind = "issues"
players = ["Russia", "Ukraine"]
weights.Russia = { value = "1 + rapprochement", why = "Power grows.", cites = ["P2"] }
weights.Ukraine = { value = 1, assumption = "Unit." }
disagreement.Russia = { value = 0.3, assumption = "War value." }
disagreement.Ukraine = { value = 0.2, assumption = "War value." }

[bargaining.issues]
territory.Russia = { value = 0.4, assumption = "Stake." }
territory.Ukraine = { value = 0.7, assumption = "Stake." }
sanctions = { Russia = "relief", Ukraine = { value = 0.1, assumption = "Leverage." } }

[bargaining.rubinstein]
first = "Russia"
discount.Russia = { value = 0.9, assumption = "Patience." }
discount.Ukraine = { value = 0.95, assumption = "Patience." }

[bargaining.fearon]
p = { value = 0.5, assumption = "Even odds." }
costs.Russia = { value = 0.2, assumption = "Cost." }
costs.Ukraine = { value = 0.25, assumption = "Cost." }

[bargaining.ratification.Ukraine]
threshold = { value = 0.4, assumption = "What Kyiv's parliament accepts." }
"""

GAME_PLUS_BARGAIN = """
players = ["US", "Russia"]
[strategies]
US = ["Engage", "Pressure"]
Russia = ["Deal", "Stall"]
[payoffs]
US = [[3, 1], [2, 0]]
Russia = [[2, 3], [0, 1]]
[bargaining]
kind = "outcomes"
players = ["US", "Russia"]
disagreement = "security"
[bargaining.outcomes]
deal = [4, 4]
nodeal = [1, 1]
"""


def data() -> dict:
    return tomllib.loads(BARGAIN)


def load(d: dict):
    return spec_from_mapping(d, "t.toml")


def problems_of(d: dict) -> list[str]:
    with pytest.raises(PayoffFileError) as info:
        load(d)
    return list(info.value.problems)


def test_valid_bargaining_file_loads_and_every_value_is_sourced():
    spec = spec_from_text(BARGAIN, "t.toml")
    assert spec.strategies == ()
    assert spec.provenance_problems() == []
    w = spec.bargaining.value_at("bargaining.weights.Russia")
    assert w.expression.text == "1 + rapprochement"
    assert w.provenance.cites == ("P2",)


def test_values_follow_the_parameters():
    spec = spec_from_text(BARGAIN, "t.toml")
    b0 = spec.bargaining_spec()
    b6 = spec.bargaining_spec({"rapprochement": 0.6})
    assert b0.problem.weights.tolist() == [1.0, 1.0]
    assert b6.problem.weights.tolist() == pytest.approx([1.6, 1.0])
    assert b6.problem.issue_weights[0, 1] == pytest.approx(0.2 + 0.3 * 0.6)


def test_unknown_parameter_in_values_is_an_error():
    spec = spec_from_text(BARGAIN, "t.toml")
    with pytest.raises(GameError, match=r"unknown parameter 'rapprochment'"):
        spec.bargaining_spec({"rapprochment": 0.5})


def test_a_bargaining_only_game_cannot_be_instantiated():
    spec = spec_from_text(BARGAIN, "t.toml")
    with pytest.raises(GameError, match="negotiate bargain"):
        spec.instantiate()


def test_file_without_bargaining_has_no_bargaining_spec():
    spec = spec_from_text(GAME_PLUS_BARGAIN.split("[bargaining]")[0], "g.toml")
    assert spec.bargaining is None
    with pytest.raises(GameError, match=r"no \[bargaining\] table"):
        spec.bargaining_spec()


def test_disagreement_from_the_files_game_security_levels():
    spec = spec_from_text(GAME_PLUS_BARGAIN, "g.toml")
    # US: Engage dominates, security 1; Russia: Stall dominates, security 1.
    assert spec.bargaining_spec().problem.d.tolist() == pytest.approx([1.0, 1.0])


def test_disagreement_from_a_profile_of_the_game():
    text = GAME_PLUS_BARGAIN.replace(
        'disagreement = "security"',
        'disagreement = { profile = { US = "Pressure", Russia = "Deal" } }',
    )
    assert spec_from_text(text, "g.toml").bargaining_spec().problem.d.tolist() == [2.0, 0.0]


def _edit(d: dict, path: str, value: object) -> dict:
    d = copy.deepcopy(d)
    *head, last = path.split(".")
    node = d
    for k in head:
        node = node[k]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value
    return d


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            "bargaining.weights.Ukraine",
            0,
            "t.toml: bargaining.weights.Ukraine: expected a positive number",
        ),
        (
            "bargaining.weights.Russia",
            {"value": "rapprochement - 1", "why": "w", "cites": ["P1"]},
            "bargaining.weights.Russia: expected a positive number",
        ),
        (
            "bargaining.issues.territory.Ukraine",
            "0.7 +* 1",
            "bargaining.issues.territory.Ukraine: expected a number",
        ),
        (
            "bargaining.issues.territory.Ukraine",
            "nonsense",
            "bargaining.issues.territory.Ukraine: expected a number",
        ),
        (
            "bargaining.rubinstein.discount.Russia",
            1.2,
            "bargaining.rubinstein.discount.Russia: expected a number in (0, 1)",
        ),
        ("bargaining.wieghts", 1, "bargaining.wieghts: expected one of"),
        ("bargaining.fearon.p", 2, "bargaining.fearon.p: expected a number in [0, 1]"),
        (
            "bargaining.disagreement.Ukraine",
            5,
            "bargaining.disagreement: expected a point in the feasible set",
        ),
        (
            "bargaining.weights.Russia",
            {"value": 1, "whyy": "typo"},
            "bargaining.weights.Russia.whyy: unknown key",
        ),
        (
            "bargaining.weights.Russia",
            {"value": 1, "cites": [3]},
            "bargaining.weights.Russia.cites: expected a list of tags",
        ),
        (
            "bargaining.rubinstein.first",
            {"value": "Russia", "why": "w"},
            "bargaining.rubinstein.first: a value with provenance must be a number",
        ),
        ("bargaining", [1], "bargaining: expected a table"),
    ],
)
def test_bad_input_names_the_file_and_key_path(path, value, expected):
    problems = problems_of(_edit(data(), path, value))
    assert any(expected in p for p in problems), problems


def test_all_problems_are_collected_in_one_pass():
    d = _edit(data(), "bargaining.weights.Ukraine", 0)
    d = _edit(d, "bargaining.rubinstein.discount.Russia", 1.5)
    problems = problems_of(d)
    assert len(problems) == 2, problems


def test_a_non_positive_weight_at_other_values_names_the_key():
    d = _edit(
        data(), "bargaining.weights.Ukraine", {"value": "1 - rapprochement", "assumption": "a"}
    )
    spec = load(d)
    with pytest.raises(
        PayoffFileError, match=r"bargaining\.weights\.Ukraine: expected a positive number"
    ):
        spec.bargaining_spec({"rapprochement": 1.0})


def test_unsourced_values_and_unknown_tags_are_provenance_problems():
    d = _edit(data(), "bargaining.fearon.p", 0.5)
    d = _edit(d, "bargaining.weights.Ukraine", {"value": 1, "why": "w", "cites": ["P9"]})
    problems = load(d).provenance_problems()
    assert any("bargaining.fearon.p: value '0.5' has no provenance" in p for p in problems)
    assert any("bargaining.weights.Ukraine.cites: 'P9' is not a tag" in p for p in problems)
    assert len(problems) == 2


def test_values_built_from_terms_and_zero_need_no_provenance_of_their_own():
    d = _edit(data(), "bargaining.disagreement.Russia", 0)
    spec = load(d)
    assert spec.bargaining.value_at("bargaining.issues.sanctions.Russia").provenance.is_empty
    assert spec.provenance_problems() == []


def test_export_writes_the_bargaining_table_back():
    spec = spec_from_text(BARGAIN, "t.toml")
    again = spec_from_text(spec_to_toml(spec), "again.toml")
    assert again.provenance_problems() == []
    assert [(v.keypath, v.expression.text, v.provenance) for v in again.bargaining.values] == [
        (v.keypath, v.expression.text, v.provenance) for v in spec.bargaining.values
    ]


@given(section=mutated_tables(tomllib.loads(BARGAIN)["bargaining"]))
def test_random_mutations_of_a_valid_section_raise_only_payoff_file_errors(section):
    d = data()
    d["bargaining"] = section
    try:
        spec = load(d)
    except PayoffFileError as err:
        assert all(p.startswith("t.toml: ") and "\n" not in p for p in err.problems)
        return
    spec.provenance_problems()
    with contextlib.suppress(PayoffFileError):
        spec.bargaining_spec({"rapprochement": 1.0})
