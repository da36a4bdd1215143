"""Text, markdown and JSON renderings of games and results.

Every renderer is deterministic: the same input gives byte-identical output (equilibria arrive
sorted, floats are printed with a fixed number of significant digits, JSON keys sorted).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from typing import Any

import numpy as np

from negotiate.model import Equilibrium, NormalFormGame, SolveResult
from negotiate.numeric import format_fraction, format_number
from negotiate.spec import GameSpec

FORMATS = ("text", "markdown", "json")


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], fmt: str) -> str:
    """A table as aligned text, a markdown pipe table, or an HTML table (escaped)."""
    if fmt == "html":
        head = "".join(f"<th>{escape(str(h))}</th>" for h in headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if fmt == "markdown":

        def md(cell: str) -> str:
            return str(cell).replace("|", "\\|").replace("\n", " ")

        out = ["| " + " | ".join(md(h) for h in headers) + " |"]
        out.append("|" + "|".join(" --- " for _ in headers) + "|")
        out += ["| " + " | ".join(md(c) for c in row) + " |" for row in rows]
        return "\n".join(out)
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(str(c))) for w, c in zip(widths, row, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    body = [
        "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join([line, rule, *body])


def heading(text: str, fmt: str, level: int = 1) -> str:
    if fmt == "html":
        return f"<h{level}>{escape(text)}</h{level}>"
    if fmt == "markdown":
        return "#" * level + " " + text
    return text + "\n" + ("=" if level == 1 else "-") * len(text)


def to_json(data: Any) -> str:
    """Deterministic JSON (sorted keys, two-space indent, UTF-8 kept)."""
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)


def rounded(x: float, digits: int = 12) -> float:
    """A float rounded for JSON output, with ``-0.0`` made ``0.0``."""
    return round(float(x), digits) + 0.0


# --- games -------------------------------------------------------------------------------------


def game_rows(game: NormalFormGame) -> tuple[list[str], list[list[str]]]:
    """The payoff table: a matrix of ``a, b`` cells for two players, else one row per profile."""
    if game.n_players == 2:
        a, b = game.bimatrix()
        headers = [f"{game.players[0]} \\ {game.players[1]}", *game.strategies[1]]
        rows = [
            [game.strategies[0][r]]
            + [f"{format_number(a[r, c])}, {format_number(b[r, c])}" for c in range(a.shape[1])]
            for r in range(a.shape[0])
        ]
        return headers, rows
    headers = [*game.players, *(f"u({p})" for p in game.players)]
    rows = []
    for profile in game.profiles():
        payoff = [format_number(game.u[(i, *profile)]) for i in range(game.n_players)]
        rows.append([*game.profile_names(profile), *payoff])
    return headers, rows


def render_game(spec: GameSpec, game: NormalFormGame, fmt: str, provenance: bool) -> str:
    """``negotiate show``: the game, its parameters and (optionally) the source of each payoff."""
    if fmt == "json":
        return to_json(game_json(spec, game, provenance))
    parts = [heading(game.title or spec.origin, fmt)]
    if spec.description:
        parts.append(spec.description)
    shape = " x ".join(str(k) for k in game.shape)
    parts.append(f"Players: {', '.join(game.players)} ({shape} strategies)")
    if spec.parameters:
        rows = [
            [
                p.name,
                format_number(game.parameters.get(p.name, p.default)),
                format_number(p.default),
                "" if p.low is None else f"[{format_number(p.low)}, {format_number(p.high)}]",
                p.meaning,
            ]
            for p in spec.parameters.values()
        ]
        parts.append(heading("Parameters", fmt, 2))
        parts.append(table(["parameter", "value", "default", "range", "meaning"], rows, fmt))
    parts.append(heading("Payoffs", fmt, 2))
    parts.append(table(*game_rows(game), fmt))
    if provenance:
        parts.append(heading("Terms and their sources", fmt, 2))
        parts.append(table(["term", "formula", "cites", "why / assumption"], term_rows(spec), fmt))
        parts.append(heading("Payoffs and their sources", fmt, 2))
        parts.append(
            table(
                ["player", "profile", "payoff", "formula", "terms", "cites", "why / assumption"],
                cell_rows(spec, game),
                fmt,
            )
        )
        if spec.source.title or spec.source.location:
            src = ", ".join(x for x in (spec.source.title, spec.source.location) if x)
            parts.append(f"Source: {src}")
    return "\n\n".join(parts) + "\n"


def _why(why: str, assumption: str) -> str:
    if assumption and why:
        return f"{why} (assumption: {assumption})"
    return why or (f"assumption: {assumption}" if assumption else "")


def term_rows(spec: GameSpec) -> list[list[str]]:
    return [
        [
            t.name,
            t.expression.text,
            ", ".join(t.provenance.cites),
            _why(t.provenance.why, t.provenance.assumption),
        ]
        for t in sorted(spec.terms, key=lambda t: t.name)
    ]


def cell_rows(spec: GameSpec, game: NormalFormGame) -> list[list[str]]:
    by_name = {t.name: t for t in spec.terms}
    rows = []
    for i, player in enumerate(game.players):
        for profile in game.profiles():
            cell = spec.cell_at(i, profile)
            used = spec.uses(cell.expression)
            cites = list(cell.provenance.cites)
            for name in used:
                cites += [c for c in by_name[name].provenance.cites if c not in cites]
            rows.append(
                [
                    player,
                    ", ".join(game.profile_names(profile)),
                    format_number(game.u[(i, *profile)]),
                    cell.expression.text,
                    ", ".join(used),
                    ", ".join(_sorted_tags(cites)),
                    _why(cell.provenance.why, cell.provenance.assumption),
                ]
            )
    return rows


def _sorted_tags(tags: Sequence[str]) -> list[str]:
    def order(tag: str) -> tuple:
        digits = "".join(ch for ch in tag if ch.isdigit())
        return (tag.rstrip("0123456789"), int(digits) if digits else 0, tag)

    return sorted(set(tags), key=order)


def game_header_json(game: NormalFormGame) -> dict[str, Any]:
    return {
        "title": game.title,
        "players": list(game.players),
        "strategies": [list(s) for s in game.strategies],
    }


def game_json(spec: GameSpec, game: NormalFormGame, provenance: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "game": game_header_json(game),
        "parameters": {k: rounded(v) for k, v in game.parameters.items()},
        "payoffs": [
            {
                "profile": list(game.profile_names(p)),
                "payoffs": [rounded(game.u[(i, *p)]) for i in range(game.n_players)],
            }
            for p in game.profiles()
        ],
    }
    if provenance:
        data["terms"] = [
            {
                "term": r[0],
                "formula": r[1],
                "cites": r[2].split(", ") if r[2] else [],
                "why": t.provenance.why,
                "assumption": t.provenance.assumption,
            }
            for r, t in zip(term_rows(spec), sorted(spec.terms, key=lambda t: t.name), strict=True)
        ]
        data["cells"] = [
            {
                "player": r[0],
                "profile": r[1].split(", "),
                "formula": r[3],
                "terms": r[4].split(", ") if r[4] else [],
                "cites": r[5].split(", ") if r[5] else [],
            }
            for r in cell_rows(spec, game)
        ]
    return data


# --- equilibria --------------------------------------------------------------------------------


def mixed_text(game: NormalFormGame, eq: Equilibrium, player: int, exact: bool) -> str:
    """``Engage`` for a pure strategy, ``Engage 2/3, Pressure 1/3`` for a mixed one."""
    names = game.strategies[player]
    support = eq.supports()[player]
    if len(support) == 1:
        return names[support[0]]
    if exact and eq.exact is not None:
        probs = [format_fraction(eq.exact[player][k]) for k in support]
    else:
        probs = [format_number(eq.profile[player][k], 4) for k in support]
    return ", ".join(f"{names[k]} {p}" for k, p in zip(support, probs, strict=True))


def equilibrium_json(game: NormalFormGame, eq: Equilibrium, regret: float) -> dict[str, Any]:
    data: dict[str, Any] = {
        "strategies": [[rounded(x) for x in p] for p in eq.profile],
        "payoffs": [rounded(x) for x in eq.payoffs(game)],
        "regret": rounded(regret, 15),
        "support": [[game.strategies[i][k] for k in s] for i, s in enumerate(eq.supports())],
        "pure": eq.is_pure,
    }
    if eq.exact is not None:
        data["exact"] = eq.exact_strings()
    if eq.component is not None:
        data["component"] = eq.component
    return data


def solve_json(result: SolveResult) -> dict[str, Any]:
    game = result.game
    return {
        "game": game_header_json(game),
        "parameters": {k: rounded(v) for k, v in game.parameters.items()},
        "method": result.method.label,
        "complete": result.complete,
        "tolerance": result.tol,
        "equilibria": [
            equilibrium_json(game, e, r)
            for e, r in zip(result.equilibria, result.regrets, strict=True)
        ],
        "components": [list(c) for c in result.components],
        "notes": list(result.notes),
    }


def render_solve(result: SolveResult, fmt: str, exact: bool = False) -> str:
    """``negotiate solve``: the verified equilibria, how they were found, and their regret."""
    if fmt == "json":
        return to_json(solve_json(result))
    game = result.game
    parts = [heading(f"Equilibria of {game.title or 'the game'}", fmt)]
    if game.parameters:
        values = ", ".join(f"{k} = {format_number(v)}" for k, v in sorted(game.parameters.items()))
        parts.append(f"Parameters: {values}")
    complete = "complete" if result.complete else "not guaranteed complete"
    parts.append(
        f"Method: {result.method.label} ({complete}). Each equilibrium is verified: no player "
        f"gains more than {result.tol:g} x their own payoff range by deviating."
    )
    if not result.equilibria:
        parts.append("No equilibrium found by this method.")
    else:
        headers = ["#", *game.players, *(f"u({p})" for p in game.players), "regret"]
        rows = []
        for k, (eq, r) in enumerate(zip(result.equilibria, result.regrets, strict=True), 1):
            rows.append(
                [
                    str(k),
                    *(mixed_text(game, eq, i, exact) for i in range(game.n_players)),
                    *(format_number(x) for x in eq.payoffs(game)),
                    f"{r:.1e}" if r else "0",
                ]
            )
        parts.append(table(headers, rows, fmt))
        multi = [c for c in result.components if len(c) > 1]
        if multi:
            lines = [
                "Components (connected sets of equilibria; every mixture of the listed extreme "
                "equilibria in one set is an equilibrium):"
            ]
            lines += [f"  {{{', '.join(str(k + 1) for k in c)}}}" for c in multi]
            parts.append("\n".join(lines))
    parts += list(result.notes)
    return "\n\n".join(parts) + "\n"


def payoff_matrix_digest(u: np.ndarray) -> str:
    """Short text of a payoff array (for error messages and debugging)."""
    return np.array2string(np.asarray(u), precision=4, suppress_small=True)
