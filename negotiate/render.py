"""Text, markdown, HTML, LaTeX and JSON renderings of games and results.

Every renderer is deterministic: the same input gives byte-identical output (equilibria arrive
sorted, floats are printed with a fixed number of significant digits, JSON keys sorted).

One mechanism serves the command line and notebooks: a renderer builds a list of *blocks*
(:class:`Heading`, :class:`Table`, or a paragraph as a plain string) and :func:`render_blocks`
turns them into text, markdown or HTML through :func:`table` and :func:`heading`. The
``_repr_html_``/``_repr_markdown_`` methods of games and results (see
:class:`negotiate.notebook.Notebook`) call the same block builders. Colour (bold headings) is
added only to text output and only on request; ``click.echo`` strips it again when stdout is
not a terminal or ``--no-color`` is given.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from negotiate.model import Equilibrium, NormalFormGame, SolveResult
from negotiate.numeric import format_fraction, format_number
from negotiate.spec import GameSpec

FORMATS = ("text", "markdown", "json")


@dataclass(frozen=True)
class Heading:
    """A heading block (level 1: title, 2: section)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Table:
    """A table block: header cells and rows of cells (strings)."""

    headers: Sequence[str]
    rows: Sequence[Sequence[str]]


Block = str | Heading | Table


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], fmt: str) -> str:
    """A table as aligned text, a markdown pipe table or an HTML table (cells escaped)."""
    if fmt == "html":
        head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>\n"
            for row in rows
        )
        return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>"
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


def heading(text: str, fmt: str, level: int = 1, color: bool = False) -> str:
    """A heading: markdown ``#``, HTML ``<h3>``/``<h4>``, or underlined text (bold if
    ``color``)."""
    if fmt == "markdown":
        return "#" * level + " " + text
    if fmt == "html":
        tag = f"h{min(level + 2, 6)}"
        return f"<{tag}>{html.escape(text)}</{tag}>"
    shown = _bold(text) if color else text
    return shown + "\n" + ("=" if level == 1 else "-") * len(text)


def _bold(text: str) -> str:
    import click

    return click.style(text, bold=True)


def paragraph(text: str, fmt: str) -> str:
    """A paragraph; in HTML escaped, with line breaks kept."""
    if fmt == "html":
        return "<p>" + html.escape(text).replace("\n", "<br>\n") + "</p>"
    return text


def block_text(block: Block, fmt: str, color: bool = False) -> str:
    """One block as text, markdown or HTML (a heading, a table or a paragraph)."""
    if isinstance(block, Heading):
        return heading(block.text, fmt, block.level, color)
    if isinstance(block, Table):
        return table(block.headers, block.rows, fmt)
    return paragraph(block, fmt)


def render_blocks(blocks: Iterable[Block], fmt: str, color: bool = False) -> str:
    """Blocks as text or markdown (separated by blank lines, ending in a newline) or as one
    HTML fragment (a ``<div class="negotiate">``)."""
    parts = [block_text(block, fmt, color) for block in blocks]
    if fmt == "html":
        return '<div class="negotiate">\n' + "\n".join(parts) + "\n</div>\n"
    return "\n\n".join(parts) + "\n"


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


def render_game(
    spec: GameSpec, game: NormalFormGame, fmt: str, provenance: bool, color: bool = False
) -> str:
    """``negotiate show``: the game, its parameters and (optionally) the source of each payoff.

    ``fmt`` is ``text``, ``markdown``, ``html``, ``json`` or ``latex`` (a booktabs table).
    """
    if fmt == "json":
        return to_json(game_json(spec, game, provenance))
    if fmt == "latex":
        return latex_game(spec, game, provenance)
    return render_blocks(show_blocks(spec, game, provenance), fmt, color)


def show_blocks(spec: GameSpec, game: NormalFormGame, provenance: bool) -> list[Block]:
    """The blocks of ``negotiate show``."""
    parts: list[Block] = [Heading(game.title or spec.origin)]
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
        parts.append(Heading("Parameters", 2))
        parts.append(Table(["parameter", "value", "default", "range", "meaning"], rows))
    parts.append(Heading("Payoffs", 2))
    parts.append(Table(*game_rows(game)))
    if provenance:
        parts.append(Heading("Terms and their sources", 2))
        parts.append(Table(["term", "formula", "cites", "why / assumption"], term_rows(spec)))
        parts.append(Heading("Payoffs and their sources", 2))
        parts.append(
            Table(
                ["player", "profile", "payoff", "formula", "terms", "cites", "why / assumption"],
                cell_rows(spec, game),
            )
        )
        if spec.source.title or spec.source.location:
            src = ", ".join(x for x in (spec.source.title, spec.source.location) if x)
            parts.append(f"Source: {src}")
    return parts


def game_blocks(game: NormalFormGame) -> list[Block]:
    """A game on its own (no payoff file): title, players, parameter values, payoffs."""
    parts: list[Block] = [Heading(game.title or "Game")]
    if game.description:
        parts.append(game.description)
    shape = " x ".join(str(k) for k in game.shape)
    parts.append(f"Players: {', '.join(game.players)} ({shape} strategies)")
    if game.parameters:
        values = ", ".join(f"{k} = {format_number(v)}" for k, v in sorted(game.parameters.items()))
        parts.append(f"Parameters: {values}")
    parts.append(Table(*game_rows(game)))
    return parts


# --- LaTeX -------------------------------------------------------------------------------------

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}


def latex_escape(text: str) -> str:
    r"""``text`` with LaTeX's special characters escaped, for use in text mode.

    >>> print(latex_escape("R&D_2 costs 50% ~ $1^2 {x}"))
    R\&D\_2 costs 50\% \textasciitilde{} \$1\textasciicircum{}2 \{x\}
    """
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in str(text))


def _latex_number(x: float) -> str:
    return f"${format_number(x)}$"


def latex_game(spec: GameSpec, game: NormalFormGame, provenance: bool = False) -> str:
    r"""The payoff matrix as a ``table`` with a booktabs ``tabular`` (``\usepackage{booktabs}``).

    Two players: rows are the first player's strategies, columns the second's, each cell
    ``$a$, $b$``. More players: one row per pure profile. Names are escaped
    (:func:`latex_escape`); numbers are in math mode. With ``provenance`` a second table lists
    the terms, their formulas and the sources they cite.
    """
    title = latex_escape(game.title or spec.origin)
    if game.n_players == 2:
        a, b = game.bimatrix()
        p0, p1 = (latex_escape(p) for p in game.players)
        cols = "l" + "c" * a.shape[1]
        head = [
            rf" & \multicolumn{{{a.shape[1]}}}{{c}}{{{p1}}} \\",
            rf"\cmidrule(l){{2-{a.shape[1] + 1}}}",
            f"{p0} & " + " & ".join(latex_escape(s) for s in game.strategies[1]) + r" \\",
        ]
        body = [
            latex_escape(game.strategies[0][r])
            + " & "
            + " & ".join(
                f"{_latex_number(a[r, c])}, {_latex_number(b[r, c])}" for c in range(a.shape[1])
            )
            + r" \\"
            for r in range(a.shape[0])
        ]
    else:
        cols = "l" * game.n_players + "r" * game.n_players
        names = [latex_escape(p) for p in game.players]
        head = [" & ".join([*names, *(f"$u$({n})" for n in names)]) + r" \\"]
        body = [
            " & ".join(
                [
                    *(latex_escape(x) for x in game.profile_names(p)),
                    *(_latex_number(game.u[(i, *p)]) for i in range(game.n_players)),
                ]
            )
            + r" \\"
            for p in game.profiles()
        ]
    lines = [
        r"% negotiate show --format latex; needs \usepackage{booktabs}",
        r"\begin{table}[ht]",
        r"\centering",
        rf"\caption{{{title}}}",
        rf"\begin{{tabular}}{{{cols}}}",
        r"\toprule",
        *head,
        r"\midrule",
        *body,
        r"\bottomrule",
        r"\end{tabular}",
        r"\end{table}",
    ]
    if provenance and spec.terms:
        lines += [
            "",
            r"\begin{table}[ht]",
            r"\centering",
            rf"\caption{{Terms of {title} and their sources}}",
            r"\begin{tabular}{lll}",
            r"\toprule",
            r"Term & Formula & Cites \\",
            r"\midrule",
            *(" & ".join(latex_escape(c) for c in row[:3]) + r" \\" for row in term_rows(spec)),
            r"\bottomrule",
            r"\end{tabular}",
            r"\end{table}",
        ]
    return "\n".join(lines) + "\n"


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


def game_json(spec: GameSpec | None, game: NormalFormGame, provenance: bool) -> dict[str, Any]:
    """The data of ``negotiate show --format json`` (terms and cells need ``spec``)."""
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
    if provenance and spec is not None:
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


def render_solve(result: SolveResult, fmt: str, exact: bool = False, color: bool = False) -> str:
    """``negotiate solve``: the verified equilibria, how they were found, and their regret."""
    if fmt == "json":
        return to_json(solve_json(result))
    return render_blocks(solve_blocks(result, exact), fmt, color)


def solve_blocks(result: SolveResult, exact: bool = False) -> list[Block]:
    """The blocks of ``negotiate solve`` (and of a :class:`SolveResult` in a notebook)."""
    game = result.game
    parts: list[Block] = [Heading(f"Equilibria of {game.title or 'the game'}")]
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
        parts.append(Table(headers, rows))
        multi = [c for c in result.components if len(c) > 1]
        if multi:
            lines = [
                "Components (connected sets of equilibria; every mixture of the listed extreme "
                "equilibria in one set is an equilibrium):"
            ]
            lines += [f"  {{{', '.join(str(k + 1) for k in c)}}}" for c in multi]
            parts.append("\n".join(lines))
    parts += list(result.notes)
    return parts


def equilibrium_blocks(eq: Equilibrium) -> list[Block]:
    """One equilibrium without its game: each player's probabilities (exact where known)."""
    exact = eq.exact_strings()
    rows = []
    for i, p in enumerate(eq.profile):
        probs = exact[i] if exact is not None else [format_number(x, 4) for x in p]
        rows.append([str(i + 1), ", ".join(probs)])
    parts: list[Block] = [Heading("Equilibrium" + (" (pure)" if eq.is_pure else " (mixed)"))]
    parts.append(Table(["player", "probabilities (strategy order)"], rows))
    return parts


# --- other results -----------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value).lower()
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {_cell(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def dict_blocks(title: str, data: Mapping[str, Any]) -> list[Block]:
    """Any ``to_dict()`` result as a two-column table of its top-level keys."""
    return [Heading(title), Table(["", "value"], [[k, _cell(v)] for k, v in data.items()])]


def bargaining_solution_blocks(sol: Any) -> list[Block]:
    """A :class:`~negotiate.bargaining.BargainingSolution`: payoffs, gains, disagreement."""
    parts: list[Block] = [Heading(f"Bargaining solution: {sol.concept.label}")]
    parts.append(f"Status: {sol.status.value}. Source: {sol.concept.source}.")
    rows = [
        [p, *(format_number(float(x)) for x in (u, g, d, w))]
        for p, u, g, d, w in zip(
            sol.players, sol.payoffs, sol.gains, sol.disagreement, sol.weights, strict=True
        )
    ]
    parts.append(Table(["player", "payoff", "gain", "disagreement", "weight"], rows))
    for name, shares in sorted(sol.shares.items()):
        parts.append(
            f"Shares of {name}: "
            + ", ".join(f"{p} {format_number(x)}" for p, x in zip(sol.players, shares, strict=True))
        )
    return parts


def alternating_offers_blocks(res: Any) -> list[Block]:
    """An :class:`~negotiate.bargaining.AlternatingOffersResult`: each player's share."""
    parts: list[Block] = [Heading(f"Alternating offers ({res.model})")]
    parts.append(f"Status: {res.status.value}; first proposer: {res.players[res.first]}.")
    rows = [
        [p, format_number(x), format_number(y)]
        for p, x, y in zip(res.players, res.shares, res.proposer_shares, strict=True)
    ]
    parts.append(Table(["player", "share", "keeps when proposing"], rows))
    if res.binding:
        parts.append(f"Binding outside options: {', '.join(res.binding)}")
    return parts


def two_level_blocks(res: Any) -> list[Block]:
    """A :class:`~negotiate.bargaining.TwoLevelResult`: thresholds and placements."""
    parts: list[Block] = [Heading("Two-level game (win-sets)")]
    parts.append(
        "Thresholds: "
        + ", ".join(
            f"{p} {format_number(t)}" for p, t in zip(res.players, res.thresholds, strict=True)
        )
        + (". The win-sets do not overlap." if res.overlap_empty else ".")
    )
    rows = [
        [
            p.solution,
            ", ".join(format_number(x) for x in p.payoffs),
            ", ".join(p.ratified_by),
            ", ".join(p.rejected_by),
        ]
        for p in res.placements
    ]
    parts.append(Table(["solution", "payoffs", "ratified by", "rejected by"], rows))
    return parts


def dominance_blocks(res: Any) -> list[Block]:
    """A :class:`~negotiate.analysis.DominanceResult`: elimination steps and survivors."""
    kind = "weakly" if res.weak else "strictly"
    parts: list[Block] = [Heading(f"Iterated elimination of {kind} dominated strategies")]
    rows = [
        [
            str(k),
            s.player,
            s.strategy,
            ", ".join(f"{n} {format_number(p)}" for n, p in s.dominated_by),
        ]
        for k, s in enumerate(res.steps, 1)
    ]
    if rows:
        parts.append(Table(["step", "player", "eliminated", "dominated by"], rows))
    else:
        parts.append("No strategy is dominated.")
    parts.append(
        Table(
            ["player", "remaining"],
            [[p, ", ".join(r)] for p, r in zip(res.players, res.remaining, strict=True)],
        )
    )
    parts.append(f"Order: {res.order}.")
    return parts


def security_blocks(res: Any) -> list[Block]:
    """A :class:`~negotiate.analysis.SecurityResult`: maxmin strategies and levels."""
    rows = [
        [
            p.player,
            format_number(p.level),
            ", ".join(f"{n} {format_number(x, 4)}" for n, x in p.strategy if x > 0),
        ]
        for p in res.players
    ]
    return [Heading("Security levels"), Table(["player", "level", "maxmin strategy"], rows)]


def zero_sum_blocks(res: Any) -> list[Block]:
    """A :class:`~negotiate.analysis.ZeroSumResult`: value and optimal strategies."""
    values = (res.value, res.constant - res.value)
    rows = [
        [p, format_number(v), ", ".join(f"{n} {format_number(x, 4)}" for n, x in s if x > 0)]
        for p, v, s in zip(res.players, values, res.strategies, strict=True)
    ]
    return [Heading("Constant-sum game"), Table(["player", "value", "optimal strategy"], rows)]


def pareto_blocks(res: Any) -> list[Block]:
    """A :class:`~negotiate.analysis.ParetoResult`: the efficient pure outcomes."""
    rows = [
        [", ".join(o.profile), ", ".join(format_number(x) for x in o.payoffs)] for o in res.outcomes
    ]
    return [Heading("Pareto-efficient outcomes"), Table(["profile", "payoffs"], rows)]


def topology_label(result: SolveResult) -> str:
    """The class of a solved 2x2 game in the Robinson-Goforth topology; empty otherwise."""
    if result.game.shape != (2, 2):
        return ""
    from negotiate.topology import classify

    return classify(result.game).label


def equilibria_json(result: SolveResult) -> list[dict[str, Any]]:
    """The equilibria of a result as in ``solve``'s JSON."""
    game = result.game
    return [
        equilibrium_json(game, e, r) for e, r in zip(result.equilibria, result.regrets, strict=True)
    ]


def regime_interval(low: str, high: str, first: bool, last: bool) -> str:
    """``[0, 2/3)``: closed at the ends of the range, open between regimes."""
    return f"{'[' if first else '('}{low}, {high}{']' if last else ')'}"


def sweep_json(res: Any) -> dict[str, Any]:
    """A :class:`~negotiate.sweep.SweepResult` as plain data, exactly ``negotiate sweep
    --format json`` with one parameter (``schema/sweep-output.schema.json``)."""
    n = len(res.regimes)
    return {
        "game": res.title,
        "parameter": res.parameter,
        "low": rounded(res.low),
        "high": rounded(res.high),
        "grid": res.grid,
        "fixed": {k: rounded(v) for k, v in sorted(res.fixed.items())},
        "exact_thresholds": res.affine,
        "regimes": [
            {
                "interval": regime_interval(r.low.text(), r.high.text(), k == 0, k == n - 1),
                "low": r.low.text(),
                "high": r.high.text(),
                "low_value": rounded(r.low.value),
                "high_value": rounded(r.high.value),
                "equilibria": equilibria_json(r.result),
                "class": topology_label(r.result),
            }
            for k, r in enumerate(res.regimes)
        ],
        "thresholds": [
            {
                "at": t.at.text(),
                "value": rounded(t.at.value),
                "analytic": t.analytic,
                "equilibria": equilibria_json(t.result),
                "class": topology_label(t.result),
            }
            for t in res.thresholds
        ],
    }


def sweep_blocks(res: Any) -> list[Block]:
    """A :class:`~negotiate.sweep.SweepResult`: one row per regime, then the thresholds."""

    def summary(result: SolveResult) -> str:
        game = result.game
        return "; ".join(
            " / ".join(mixed_text(game, e, i, False) for i in range(game.n_players))
            for e in result.equilibria
        )

    parts: list[Block] = [Heading(f"Sweep of {res.parameter}")]
    rows = [[f"{r.low.text()} .. {r.high.text()}", summary(r.result)] for r in res.regimes]
    parts.append(Table([res.parameter, "equilibria"], rows))
    if res.thresholds:
        rows = [
            [t.at.text(), "exact root" if t.analytic else "bisection", summary(t.result)]
            for t in res.thresholds
        ]
        parts.append(Heading("Thresholds", 2))
        parts.append(Table([res.parameter, "found by", "equilibria at the threshold"], rows))
    return parts
