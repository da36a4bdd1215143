"""Real JSON outputs of every command that has one validate against their schema in schema/."""

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from cli import cli
from negotiate import catalog
from tests.test_bargaining_file import BARGAIN, GAME_PLUS_BARGAIN

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = {
    name: json.loads((ROOT / "schema" / f"{name}-output.schema.json").read_text("utf-8"))
    for name in (
        "solve",
        "show",
        "validate",
        "list",
        "analyze",
        "sweep",
        "robust",
        "repeated",
        "bargain",
        "report",
    )
}
GAMES = [name for name in catalog.builtin_names() if catalog.load(name).strategies]


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(SCHEMAS[name])


def output(*args: str, code: int = 0):
    result = CliRunner().invoke(cli, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == code, result.stderr
    return json.loads(result.stdout)


def errors(name: str, data) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(data)]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schemas_are_valid_draft_2020_12(name):
    jsonschema.Draft202012Validator.check_schema(SCHEMAS[name])


@pytest.mark.parametrize("game", GAMES)
@pytest.mark.parametrize("extra", [(), ("--exact",), ("--method", "pure")])
def test_solve_output_matches_its_schema(game, extra):
    data = output("solve", game, *extra)
    assert errors("solve", data) == []
    if "--exact" in extra and catalog.load(game).instantiate().n_players == 2:
        assert all("exact" in e for e in data["equilibria"])


def test_solve_output_of_a_degenerate_game_with_components(tmp_path):
    path = tmp_path / "degenerate.nfg"
    path.write_text('NFG 1 R "d" { "A" "B" } { 2 2 }\n1 1 1 1 1 1 0 0\n', encoding="utf-8")
    data = output("solve", str(path))
    assert any(len(c) > 1 for c in data["components"])
    assert errors("solve", data) == []


@pytest.mark.parametrize("game", GAMES)
@pytest.mark.parametrize("provenance", [False, True])
def test_show_output_matches_its_schema(game, provenance):
    data = output("show", game, *(["--provenance"] if provenance else []))
    assert ("terms" in data) is provenance
    assert errors("show", data) == []


@pytest.mark.parametrize("game", GAMES)
def test_export_json_matches_the_show_schema(game):
    result = CliRunner().invoke(cli, ["export", game, "--to", "json"], catch_exceptions=False)
    assert result.exit_code == 0
    assert errors("show", json.loads(result.stdout)) == []


def test_validate_output_matches_its_schema_when_ok_and_when_not(tmp_path):
    good = output("validate", "us_russia")
    assert good["ok"] is True and errors("validate", good) == []
    bad_file = tmp_path / "bad.toml"
    bad_file.write_text(
        'players = ["A", "B"]\n[strategies]\nA = ["x"]\nB = ["y"]\n'
        "[payoffs]\nA = [[1]]\nB = [[2]]\n",
        encoding="utf-8",
    )
    bad = output("validate", str(bad_file), code=1)
    assert bad["ok"] is False and bad["problems"]
    assert errors("validate", bad) == []


def test_list_output_matches_its_schema():
    data = output("list")
    assert [g["name"] for g in data] == catalog.builtin_names()
    assert errors("list", data) == []


# The schemas are strict enough to catch a broken output: each mutation must be rejected.
MUTATIONS = [
    ("drop equilibria", lambda d: d.pop("equilibria")),
    ("rename method", lambda d: d.update(method="magic")),
    ("extra top-level key", lambda d: d.update(extra=1)),
    ("game without players", lambda d: d["game"].pop("players")),
    ("regret negative", lambda d: d["equilibria"][0].update(regret=-1.0)),
    ("exact as floats", lambda d: d["equilibria"][0].update(exact=[[0.5, 0.5]])),
    ("exact as decimals", lambda d: d["equilibria"][0].update(exact=[["0.5", "0.5"]])),
]


@pytest.mark.parametrize(("what", "mutate"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_solve_schema_rejects_broken_output(what, mutate):
    data = copy.deepcopy(output("solve", "us_russia", "--exact"))
    mutate(data)
    assert errors("solve", data), what


def test_validate_schema_rejects_ok_with_problems():
    assert errors("validate", {"file": "x", "ok": True, "problems": ["x: bad"]})
    assert errors("validate", {"file": "x", "ok": False, "problems": []})


def test_documented_solve_keys_are_required():
    required = set(SCHEMAS["solve"]["required"])
    assert {"game", "equilibria", "method", "complete"} <= required
    eq = SCHEMAS["solve"]["$defs"]["equilibrium"]
    assert {"strategies", "payoffs", "regret"} <= set(eq["required"])
    assert set(SCHEMAS["solve"]["$defs"]["game"]["required"]) == {"title", "players", "strategies"}


# --- analyze, sweep, robust, repeated, bargain, report -------------------------------------------

ZERO_SUM_NFG = 'NFG 1 R "matching pennies" { "A" "B" } { 2 2 }\n1 -1 -1 1 -1 1 1 -1\n'


@pytest.mark.parametrize("game", GAMES)
def test_analyze_output_matches_its_schema(game):
    data = output("analyze", game)
    assert "zero_sum" not in data
    assert errors("analyze", data) == []


def test_analyze_output_of_a_zero_sum_game_has_its_value(tmp_path):
    path = tmp_path / "pennies.nfg"
    path.write_text(ZERO_SUM_NFG, encoding="utf-8")
    data = output("analyze", str(path))
    assert data["zero_sum"]["value"] == 0.0
    assert errors("analyze", data) == []


SWEEPS = [
    ("us_russia", "rapprochement=0:1:51"),
    ("us_eu", "rapprochement=1/4:3/4:21"),
    ("russia_ukraine", "rapprochement=0:1:21", "--set", "china_alignment=0.9"),
    ("great_powers", "rapprochement=0:1:11"),
]


@pytest.mark.parametrize("args", SWEEPS)
def test_sweep_output_matches_its_schema(args):
    game, param, *extra = args
    data = output("sweep", game, "--param", param, *extra)
    assert data["regimes"] and errors("sweep", data) == []
    if game == "russia_ukraine":
        assert data["fixed"] == {"china_alignment": 0.9}


def test_two_parameter_sweep_output_matches_its_schema():
    args = ["russia_ukraine", "--param", "rapprochement=0:1:6", "--param", "china_alignment=0:1:3"]
    data = output("sweep", *args)
    assert len(data["map"]) == 3 and len(data["map"][0]) == 6
    assert errors("sweep", data) == []


@pytest.mark.parametrize(
    "args",
    [
        ("us_russia",),
        ("us_eu", "--mode", "additive", "--seed", "7"),
        ("russia_ukraine", "--set", "rapprochement=0.6", "--noise", "0.5"),
        ("great_powers",),  # three players: pure conclusions only
    ],
)
def test_robust_output_matches_its_schema(args):
    data = output("robust", *args, "--samples", "200")
    assert data["samples"] == 200 and data["conclusions"]
    assert errors("robust", data) == []


@pytest.mark.parametrize(
    "args",
    [
        ("us_russia", "--cooperate", "Engage,Deal"),
        ("us_russia", "--cooperate", "Engage,Deal", "--set", "rapprochement=0.5"),
        ("us_russia", "--cooperate", "Engage,Deal", "--punish", "Engage,Stall"),
        ("us_eu", "--cooperate", "Consult,Align", "--set", "rapprochement=1/3"),
        ("great_powers", "--cooperate", "Thaw,Balance,Embrace"),
    ],
)
def test_repeated_output_matches_its_schema(args):
    data = output("repeated", *args)
    assert ("folk_region" in data) is (args[0] != "great_powers")
    assert errors("repeated", data) == []


def _bargain_file(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("source", "extra"),
    [
        ("builtin", ()),
        ("builtin", ("--set", "rapprochement=0.6")),
        ("issues+ratification", ()),
        ("issues+ratification", ("--set", "rapprochement=1")),
        ("outcomes", ()),
    ],
)
def test_bargain_output_matches_its_schema(tmp_path, source, extra):
    game = {
        "builtin": "ukraine_settlement",
        "issues+ratification": _bargain_file(tmp_path, "issues.toml", BARGAIN),
        "outcomes": _bargain_file(tmp_path, "outcomes.toml", GAME_PLUS_BARGAIN),
    }[source]
    data = output("bargain", game, *extra)
    assert (data["two_level"] is not None) is (source == "issues+ratification")
    assert errors("bargain", data) == []


@pytest.mark.parametrize(
    "values", [(), ("0", "0.7"), ("0.25",), ("1", "0", "0.5")], ids=["default", "0,0.7", "one", "3"]
)
def test_report_output_matches_its_schema(values):
    args = [x for v in values for x in ("--rapprochement", v)]
    data = output("report", *args)
    assert len(data["values"]) == (len(values) or 3)
    assert all(len(g["at"]) == len(data["values"]) for g in data["games"])
    assert errors("report", data) == []


def _first(key: str):
    return lambda d: d[key][0]


# Each schema rejects an output broken in a way a consumer would trip over.
MORE_MUTATIONS = [
    ("analyze", ("analyze", "us_eu"), "no weak dominance", lambda d: d.pop("weak")),
    ("analyze", ("analyze", "us_eu"), "kind swapped", lambda d: d["strict"].update(kind="weak")),
    (
        "analyze",
        ("analyze", "us_eu"),
        "probability > 1",
        lambda d: d["security"]["players"][0]["strategy"][0].__setitem__(1, 2.0),
    ),
    (
        "sweep",
        ("sweep", "us_russia", "--param", "rapprochement=0:1:21"),
        "threshold as float",
        lambda d: d["thresholds"][0].update(at=0.6667),
    ),
    (
        "sweep",
        ("sweep", "us_russia", "--param", "rapprochement=0:1:21"),
        "no regimes",
        lambda d: d.update(regimes=[]),
    ),
    (
        "sweep",
        ("sweep", "us_russia", "--param", "rapprochement=0:1:21"),
        "old range key",
        lambda d: d.update(range=[0, 1]),
    ),
    (
        "sweep",
        ("sweep", "us_russia", "--param", "rapprochement=0:1:21"),
        "regime without class",
        lambda d: d["regimes"][0].pop("class"),
    ),
    (
        "robust",
        ("robust", "us_russia", "--samples", "50"),
        "frequency above 1",
        lambda d: d["conclusions"][0].update(frequency=1.5),
    ),
    (
        "robust",
        ("robust", "us_russia", "--samples", "50"),
        "unknown mode",
        lambda d: d.update(mode="gaussian"),
    ),
    (
        "robust",
        ("robust", "us_russia", "--samples", "50"),
        "interval of one end",
        lambda d: d["conclusions"][0].update(interval=[0.5]),
    ),
    (
        "repeated",
        ("repeated", "us_russia", "--cooperate", "Engage,Deal"),
        "delta as a float",
        lambda d: d["grim_trigger"].update(delta=0.4),
    ),
    (
        "repeated",
        ("repeated", "us_russia", "--cooperate", "Engage,Deal"),
        "unknown status",
        lambda d: d["grim_trigger"].update(status="maybe"),
    ),
    (
        "bargain",
        ("bargain", "ukraine_settlement"),
        "three solutions",
        lambda d: d["solutions"].pop(),
    ),
    (
        "bargain",
        ("bargain", "ukraine_settlement"),
        "solution with an extra key",
        lambda d: d["solutions"][0].update(extra=1),
    ),
    (
        "bargain",
        ("bargain", "ukraine_settlement"),
        "fearon without range",
        lambda d: d["fearon"].pop("range"),
    ),
    (
        "bargain",
        ("bargain", "ukraine_settlement"),
        "payoffs as a list",
        lambda d: d["solutions"][0].update(payoffs=[0.5, 0.5]),
    ),
    ("report", ("report",), "no summary", lambda d: d.pop("summary")),
    (
        "report",
        ("report",),
        "threshold exact as a float",
        lambda d: d["games"][0]["thresholds"][0].update(exact=0.6667),
    ),
    (
        "report",
        ("report",),
        "unknown long-game status",
        lambda d: d["long_game"]["at"][0].update(status="maybe"),
    ),
    ("report", ("report",), "footnote numbered 0", lambda d: d["footnotes"][0].update(number=0)),
    ("report", ("report",), "extra key in a game", lambda d: d["games"][0].update(extra=1)),
]


@pytest.mark.parametrize(
    ("name", "args", "what", "mutate"),
    MORE_MUTATIONS,
    ids=[f"{m[0]}: {m[2]}" for m in MORE_MUTATIONS],
)
def test_schemas_reject_broken_outputs(name, args, what, mutate):
    data = output(*args)
    assert errors(name, data) == []  # the real output is valid ...
    mutate(data)
    assert errors(name, data), what  # ... and the broken one is not


# docs/output-formats.md names every key a schema requires (as `key` or "key") in the command's
# own section.
DOCUMENTED = {
    "analyze": "### `analyze`",
    "sweep": "### `sweep`",
    "robust": "### `robust`",
    "repeated": "### `repeated`",
    "bargain": "### `bargain`",
    "report": "### `report`",
}


def _required_keys(schema: dict) -> set[str]:
    keys = set(schema.get("required", []))
    for sub in schema.get("oneOf", []):
        ref = sub["$ref"].rsplit("/", 1)[-1]
        keys |= set(schema["$defs"][ref]["required"])
    return keys


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_every_required_key_is_documented(name):
    doc = (ROOT / "docs" / "output-formats.md").read_text("utf-8")
    section = doc.split(DOCUMENTED[name], 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    missing = sorted(
        k
        for k in _required_keys(SCHEMAS[name])
        if f"`{k}`" not in section and f'"{k}"' not in section
    )
    assert missing == []
    assert f"schema/{name}-output.schema.json" in doc
