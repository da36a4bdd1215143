"""The published JSON Schema and the documentation's examples stay true to the reader."""

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest

from negotiate import catalog
from negotiate.payoff_file import spec_from_text

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schema" / "payoff-file.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def doc_examples(name: str) -> list[str]:
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    return re.findall(r"```toml\n(.*?)```", text, flags=re.S)


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_worked_example_loads_validates_and_matches_the_schema():
    example = doc_examples("payoff-files.md")[0]
    spec = spec_from_text(example, "example.toml")
    assert spec.provenance_problems() == []
    assert list(VALIDATOR.iter_errors(tomllib.loads(example))) == []
    game = spec.instantiate({"rapprochement": 0.6})
    assert game.u[0, 0, 0] == pytest.approx(2 + 2 * 0.6 - 1)


@pytest.mark.parametrize("name", catalog.builtin_names())
def test_every_builtin_game_matches_the_schema(name):
    data = tomllib.loads(catalog.builtin_path(name).read_text(encoding="utf-8"))
    errors = [e.message for e in VALIDATOR.iter_errors(data)]
    assert errors == []


def test_schema_rejects_what_the_reader_rejects_structurally():
    bad = tomllib.loads(doc_examples("payoff-files.md")[0])
    bad["titel"] = "typo"
    assert any("titel" in e.message for e in VALIDATOR.iter_errors(bad))
