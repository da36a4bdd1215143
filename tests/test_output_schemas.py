"""Real JSON outputs of every command that has one validate against their schema in schema/."""

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from cli import cli
from negotiate import catalog

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = {
    name: json.loads((ROOT / "schema" / f"{name}-output.schema.json").read_text("utf-8"))
    for name in ("solve", "show", "validate", "list")
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
