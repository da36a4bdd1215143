"""A commented payoff-file template for ``negotiate new``, ready to fill in."""

from __future__ import annotations

from collections.abc import Sequence

from negotiate.errors import GameError
from negotiate.toml_writer import key, value


def template(players: Sequence[str], strategies: Sequence[Sequence[str]], title: str = "") -> str:
    """A payoff file with every payoff 0, provenance fields to fill, and comments that explain."""
    if len(players) < 1:
        raise GameError("give at least one player, e.g. --players US EU")
    if len(strategies) != len(players):
        raise GameError(
            f"{len(players)} players but {len(strategies)} strategy lists; give one "
            '--strategies list per player, e.g. --strategies "Consult,Bypass" "Align,Hedge"'
        )
    if len(set(players)) != len(players):
        raise GameError(f"player names must be distinct, got {', '.join(players)}")
    for name, ss in zip(players, strategies, strict=True):
        if not ss or len(set(ss)) != len(ss) or not all(s.strip() for s in ss):
            raise GameError(f"{name}: strategy names must be non-empty and distinct")
    title = title or " vs ".join(players)
    lines = [
        "# A negotiate payoff file. Reference: docs/payoff-files.md",
        "# Check it with: negotiate validate THIS_FILE",
        "format = 1",
        f"title = {value(title)}",
        'description = "What the game is about, in a sentence or two."',
        f"players = {value(list(players))}",
        "",
        "[source]",
        'title = "The text your model is built from (article, report, interview)"',
        'location = "where to find it"',
        "# Tags that `cites` may use, e.g. paragraph numbers of the source:",
        'tags = ["P1", "P2", "P3"]',
        "",
        "[strategies]",
    ]
    lines += [f"{key(p)} = {value(list(s))}" for p, s in zip(players, strategies, strict=True)]
    lines += [
        "",
        "# Parameters can be set on the command line: --set rapprochement=0.6",
        "[parameters.rapprochement]",
        "default = 0.0",
        "range = [0.0, 1.0]",
        'meaning = "0: relations as they are; 1: a full thaw"',
        "",
        "# Named terms: the incentives the payoffs are built from, each with its source.",
        "# Give `why` (the incentive, in your words) and `cites` (tags of the source),",
        "# or an `assumption` where the source says nothing.",
        "[terms.example_gain]",
        'value = "1 + rapprochement"',
        'why = "Which incentive this number encodes."',
        'cites = ["P1"]',
        "",
        "# Payoffs: replace each 0 by a number or an expression of terms and parameters,",
        '# e.g. "example_gain - 1". A 0 is the baseline and needs no source.',
    ]
    if len(players) == 2:
        columns = ", ".join(strategies[1])
        for player in players:
            lines += ["", f"[payoffs.{key(player)}]  # rows: {players[0]}; columns: {columns}"]
            for row in strategies[0]:
                lines.append(f"{key(row)} = {value([0] * len(strategies[1]))}")
    else:
        lines += ["", "[payoffs]", f"# nested in player order: {', '.join(players)}"]
        for player in players:
            lines.append(f"{key(player)} = {_zeros([len(s) for s in strategies])}")
    return "\n".join(lines) + "\n"


def _zeros(shape: Sequence[int]) -> str:
    if not shape:
        return "0"
    return "[" + ", ".join(_zeros(shape[1:]) for _ in range(shape[0])) + "]"
