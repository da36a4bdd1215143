"""Write games and specs as payoff files (TOML) that :mod:`negotiate.payoff_file` reads back.

Used by ``negotiate export --to toml`` and ``negotiate new``. Output is deterministic.
Strings are written as TOML basic strings (JSON escapes are valid TOML escapes).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from negotiate.model import NormalFormGame, Provenance
from negotiate.spec import Cell, GameSpec

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters (DEL too) escaped."""
    body = json.dumps(text, ensure_ascii=False)[1:-1]
    return '"' + body.replace("\x7f", "\\u007f") + '"'


def key(name: str) -> str:
    """A TOML key: bare when possible, quoted otherwise."""
    return name if _BARE.match(name) else string(name)


def value(v: Any) -> str:
    """A TOML value for text, numbers, booleans, lists and tables (inline)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError(f"{v!r} has no TOML form here")
        return repr(v)
    if isinstance(v, str):
        return string(v)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def _provenance_fields(prov: Provenance) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if prov.why:
        fields["why"] = prov.why
    if prov.cites:
        fields["cites"] = list(prov.cites)
    if prov.assumption:
        fields["assumption"] = prov.assumption
    return fields


def _cell_value(cell: Cell) -> str:
    text: Any = cell.expression.text
    fields = _provenance_fields(cell.provenance)
    if fields:
        return value({"value": text, **fields})
    return value(text)


def _nested(cells: np.ndarray | Cell) -> str:
    if isinstance(cells, Cell):
        return _cell_value(cells)
    return "[" + ", ".join(_nested(cells[k]) for k in range(cells.shape[0])) + "]"


def spec_to_toml(spec: GameSpec) -> str:
    """The payoff file for ``spec`` (matrix form, every term and provenance kept)."""
    lines = ["format = 1"]
    if spec.title:
        lines.append(f"title = {value(spec.title)}")
    if spec.description:
        lines.append(f"description = {value(spec.description)}")
    lines.append(f"players = {value(list(spec.players))}")
    if spec.claims:
        lines.append(f"claims = {value([dict(c) for c in spec.claims])}")
    source = spec.source
    if source.title or source.location or source.tags:
        lines += ["", "[source]"]
        if source.title:
            lines.append(f"title = {value(source.title)}")
        if source.location:
            lines.append(f"location = {value(source.location)}")
        if source.tags:
            lines.append(f"tags = {value(list(source.tags))}")
    if spec.strategies:
        lines += ["", "[strategies]"]
        lines += [
            f"{key(p)} = {value(list(s))}"
            for p, s in zip(spec.players, spec.strategies, strict=True)
        ]
    for name, p in spec.parameters.items():
        lines += ["", f"[parameters.{key(name)}]", f"default = {value(p.default)}"]
        if p.low is not None and p.high is not None:
            lines.append(f"range = {value([p.low, p.high])}")
        if p.meaning:
            lines.append(f"meaning = {value(p.meaning)}")
    for term in spec.terms:
        lines += ["", f"[terms.{key(term.name)}]", f"value = {value(term.expression.text)}"]
        lines += [f"{k} = {value(v)}" for k, v in _provenance_fields(term.provenance).items()]
    if spec.strategies:
        lines += ["", "[payoffs]"]
        for i, player in enumerate(spec.players):
            lines.append(f"{key(player)} = {_nested(spec.cells[i])}")
    if spec.bargaining is not None:
        # As written, provenance tables included; each sub-table as one inline table.
        lines += ["", "[bargaining]"]
        lines += [f"{key(k)} = {value(v)}" for k, v in spec.bargaining.written.items()]
    return "\n".join(lines) + "\n"


def game_to_toml(game: NormalFormGame) -> str:
    """The payoff file of a plain game (constant payoffs, exact where the game is exact)."""
    return spec_to_toml(GameSpec.from_game(game))
