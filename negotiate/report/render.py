"""The report as text, markdown or JSON: a plain-words summary first, then each game."""

from __future__ import annotations

from typing import Any

import numpy as np

from negotiate.bargain import BargainReport
from negotiate.claims import ClaimResult
from negotiate.model import Equilibrium, NormalFormGame
from negotiate.numeric import TOL, format_number
from negotiate.render import Block, Heading, Table, block_text, render_blocks, rounded, to_json
from negotiate.report.build import (
    BargainSection,
    Footnote,
    GameSection,
    Report,
    selected_payoffs,
)
from negotiate.scenario import GameOutcome
from negotiate.sweep import Point

#: Gains smaller than this share of a player's payoff range are reported as "unchanged".
_SAME = 1e-9


def describe(game: NormalFormGame, eq: Equilibrium, digits: int = 2) -> str:
    """``(Engage, Stall)`` for a pure equilibrium; who mixes what, with odds, otherwise."""
    supports = eq.supports()
    if all(len(s) == 1 for s in supports):
        return "(" + ", ".join(game.strategies[i][s[0]] for i, s in enumerate(supports)) + ")"
    parts = []
    for i, s in enumerate(supports):
        names = game.strategies[i]
        if len(s) == 1:
            parts.append(f"{game.players[i]} {names[s[0]]}")
        else:
            mix = " / ".join(f"{names[k]} {format_number(eq.profile[i][k], digits)}" for k in s)
            parts.append(f"{game.players[i]} mixes {mix}")

    return "; ".join(parts)


def structure(outcome: GameOutcome) -> str:
    """The equilibrium set in words: each equilibrium, the selected one first."""
    game = outcome.game
    eqs = outcome.result.equilibria
    if not eqs:
        return "no equilibrium found"
    words = [describe(game, e) for e in eqs]
    if len(words) == 1:
        return words[0]
    chosen = describe(game, outcome.selected)
    others = [w for w in words if w != chosen]
    return f"{chosen}, or {' or '.join(others)}"


def interval(low: Point, high: Point, first: bool, last: bool) -> str:
    left = "[" if first else "("
    right = "]" if last else ")"
    return f"{left}{low.text()}, {high.text()}{right}"


def gains_text(game: NormalFormGame, before: np.ndarray, after: np.ndarray) -> str:
    spans = np.ptp(game.u.reshape(game.n_players, -1), axis=1)
    parts = []
    for i, player in enumerate(game.players):
        delta = after[i] - before[i]
        if abs(delta) <= max(spans[i], 1.0) * _SAME:
            parts.append(f"{player} unchanged")
        else:
            verb = "gains" if delta > 0 else "loses"
            parts.append(f"{player} {verb} {format_number(abs(delta), 3)}")
    return ", ".join(parts)


def _cites(notes: tuple[Footnote, ...]) -> str:
    return "".join(f"[{n.number}]" for n in notes)


def summary_lines(report: Report) -> list[str]:
    p = report.parameter
    first, last = report.at_values[0], report.at_values[-1]
    v0, v1 = format_number(report.values[0]), format_number(report.values[-1])
    lines = []
    for section in report.sections:
        name = section.name
        o0, o1 = first.outcome(name), last.outcome(name)
        text = f"{section.title}: at {p} = {v0}, {structure(o0)}"
        cuts = [t.at.text() for t in section.thresholds if report.low < t.at.value < report.high]
        if cuts:
            text += f"; the equilibria change at {p} = {', '.join(cuts)}"
        else:
            text += f"; no change over [{format_number(report.low)}, {format_number(report.high)}]"
        if len(report.values) > 1:
            text += f"; at {p} = {v1}, {structure(o1)}"
            before = selected_payoffs(first, name)
            after = selected_payoffs(last, name)
            text += f" ({gains_text(o1.game, before, after)})"
        lines.append(text + ".")
    for bargain in report.bargains:
        lines.append(bargain_sentence(report, bargain))
    for (target, param), value in sorted(first.link_values.items()):
        after = last.link_values[(target, param)]
        if not np.isclose(value, after, atol=TOL):
            lines.append(
                f"Linked: {target}.{param} moves from {format_number(value, 3)} at {p} = {v0} "
                f"to {format_number(after, 3)} at {p} = {v1}."
            )
    if report.long_game is not None:
        lines.append(long_game_sentence(report))
    return [line.rstrip() for line in lines]


def _share_text(result: BargainReport, label: str) -> str:
    """The last player's share of each issue (or its payoff) under one solution."""
    solution = result.solution(label)
    if solution.is_empty:
        return "no agreement better than disagreement for both"
    who = result.players[-1]
    if solution.shares:
        shares = ", ".join(
            f"{issue} {format_number(share[-1], 3)}" for issue, share in solution.shares.items()
        )
        return f"{who} gets {shares}"
    return f"{who}'s payoff {format_number(solution.payoffs[-1], 3)}"


def bargain_sentence(report: Report, bargain: BargainSection) -> str:
    p = report.parameter
    parts = []
    for value, result in bargain.at_values:
        text = f"at {p} = {format_number(value)}, {_share_text(result, 'nash')}"
        if result.fearon is not None and result.fearon.low is not None:
            f = result.fearon
            text += (
                f" (settlements both prefer to war give {f.players[0]} "
                f"[{format_number(f.low, 3)}, {format_number(f.high, 3)}])"
            )
        parts.append(text)
    return f"{bargain.title}, Nash bargaining solution: {'; '.join(parts)}."


def bargain_parts(report: Report, bargain: BargainSection, fmt: str) -> list[str]:
    """A bargaining game's part of the report, rendered like :func:`section_parts`."""
    return [_part(b, fmt) for b in bargain_blocks(report, bargain)]


def bargain_blocks(report: Report, bargain: BargainSection) -> list[Block]:
    """A bargaining game: each solution's payoffs and shares, the alternating-offers split and
    the range of settlements both prefer to war, at each reported value."""
    p = report.parameter
    parts: list[Block] = [Heading(bargain.title, 2)]
    parts.append(f"Bargaining game. Sources: {_cites(bargain.footnotes)}")
    if bargain.incoming:
        parts.append(f"Set by links from other games: {', '.join(bargain.incoming)}.")
    players = bargain.at_values[0][1].players
    rows = []
    for value, result in bargain.at_values:
        for solution in result.solutions:
            shares = "; ".join(
                f"{issue}: " + "/".join(format_number(x, 3) for x in share)
                for issue, share in solution.shares.items()
            )
            payoffs = (
                ["-"] * len(players)
                if solution.is_empty
                else [format_number(x, 4) for x in solution.payoffs]
            )
            rows.append([format_number(value), solution.concept.label, *payoffs, shares])
    headers = [p, "solution", *(f"u({x})" for x in players), "shares (" + "/".join(players) + ")"]
    parts.append(Table(headers, rows))
    lines = []
    for value, result in bargain.at_values:
        bits = []
        if result.rubinstein is not None:
            r = result.rubinstein
            split = ", ".join(
                f"{who} {format_number(x, 3)}" for who, x in zip(r.players, r.shares, strict=True)
            )
            bits.append(f"alternating offers split the surplus {split}")
        if result.fearon is not None:
            f = result.fearon
            if f.low is None:
                bits.append("no settlement beats war for both")
            else:
                bits.append(
                    f"settlements giving {f.players[0]} [{format_number(f.low, 3)}, "
                    f"{format_number(f.high, 3)}] beat war for both"
                )
        if bits:
            lines.append(f"At {p} = {format_number(value)}: {'; '.join(bits)}.")
    if lines:
        parts.append("\n".join(lines))
    return parts


def long_game_sentence(report: Report) -> str:
    lg = report.long_game
    p = report.parameter
    coop = ", ".join(lg.cooperate)
    phrases = {
        "IMPOSSIBLE": "impossible (no discount factor below 1 deters a deviation)",
        "SUSTAINABLE": "sustainable by patient enough players",
        "STAGE_EQUILIBRIUM": "a stage equilibrium, needing no patience",
    }
    items: list[tuple[float, int, str]] = []
    ends = set()
    for change in lg.changes:
        if change.at.value in (report.low, report.high):
            ends.add(change.at.value)
            text = f"at {p} = {change.at.text()} {phrases[change.result.status.name]}"
            items.append((change.at.value, 0, text))
    n = len(lg.regimes)
    for k, regime in enumerate(lg.regimes):
        closed_low = k == 0 and regime.low.value not in ends
        closed_high = k == n - 1 and regime.high.value not in ends
        span = interval(regime.low, regime.high, closed_low, closed_high)
        items.append(
            (regime.low.value, 1, f"for {p} in {span} {phrases[regime.result.status.name]}")
        )
    parts = [text for _, _, text in sorted(items)]
    values = []
    for value, result in lg.at_values:
        if result.delta is not None and float(result.delta) > 0:
            delta = format_number(float(result.delta), 3)
            values.append(f"at {p} = {format_number(value)} it needs a discount factor of {delta}")
    tail = f"; {'; '.join(values)}" if values else ""
    return (
        f"Playing the long game ({lg.game}: cooperating on ({coop}), deviations met by "
        f"{lg.punishment} punishment) is {'; '.join(parts)}{tail}. [{lg.footnote.number}]"
    )


def render_report(report: Report, fmt: str) -> str:
    """``negotiate report`` as text, markdown or JSON (``fmt``); HTML pages are
    :func:`negotiate.report.html.render_html`. Deterministic: the same scenario and values give
    the same bytes."""
    if fmt == "json":
        return to_json(report_json(report)) + "\n"
    return render_blocks(report_blocks(report), fmt)


def report_blocks(report: Report) -> list[Block]:
    """The blocks of the report: the question, the summary, each game, the long game and the
    numbered sources; the command line and notebooks render the same blocks."""
    p = report.parameter
    scenario = report.scenario
    parts: list[Block] = [Heading(scenario.title or "Report"), f"Question: {report.question}"]
    declared = scenario.parameters[p]
    if declared.meaning:
        parts.append(
            f"{p}: {declared.meaning}. Values reported: "
            f"{', '.join(format_number(v) for v in report.values)}."
        )
    parts.append(Heading("Summary", 2))
    bullet = "- "
    parts.append("\n".join(bullet + line for line in summary_lines(report)))
    if report.claims:
        parts.append(Heading("What the model reproduces from the article", 2))
        parts.append("\n".join(bullet + claim_line(name, r) for name, r in report.claims))
    parts.append(
        "Every equilibrium in this report was verified: no player gains more than "
        f"{TOL:g} times its own payoff range by deviating. Thresholds marked exact are roots "
        "computed in rational arithmetic; the others were located by bisection."
    )
    for section in report.sections:
        parts += section_blocks(report, section)
    for bargain in report.bargains:
        parts += bargain_blocks(report, bargain)
    if report.long_game is not None:
        parts += long_game_blocks(report)
    parts.append(Heading("Sources", 2))
    source = scenario.games[0].spec.source
    if source.title or source.location:
        parts.append(
            "Paragraph tags refer to: " + ", ".join(x for x in (source.title, source.location) if x)
        )
    parts.append("\n".join(footnote_line(n) for n in report.footnotes()))
    return parts


def claim_line(game: str, result: ClaimResult) -> str:
    """``holds: text (game; P1, P12)`` or ``FAILS at ...: text``, one line."""
    claim = result.claim
    where = "; ".join(x for x in (game, ", ".join(claim.cites)) if x)
    if result.holds:
        return f"holds: {claim.text} ({where})"
    at = ", ".join(f"{k} = {v}" for k, v in result.counterexample.items())
    return f"FAILS{' at ' + at if at else ''}: {claim.text} ({where}): {result.reason}"


def footnote_line(note: Footnote) -> str:
    prov = note.provenance
    tags = ", ".join(prov.cites)
    why = prov.why
    if prov.assumption:
        why = f"{why} Assumption: {prov.assumption}" if why else f"Assumption: {prov.assumption}"
    where = f" ({tags})" if tags else ""
    return f"[{note.number}] {note.subject} = {note.formula}{where}: {why}"


def section_parts(report: Report, section: GameSection, fmt: str) -> list[str]:
    """One game's part of the report: headings and tables rendered in ``fmt``, paragraphs
    left as plain text (the HTML page links their footnote marks itself)."""
    return [_part(b, fmt) for b in section_blocks(report, section)]


def _part(block: Block, fmt: str) -> str:
    return block if isinstance(block, str) else block_text(block, fmt)


def section_blocks(report: Report, section: GameSection) -> list[Block]:
    """One game: its equilibria at each reported value, its regimes and thresholds."""
    p = report.parameter
    spec = section.entry.spec
    parts: list[Block] = [Heading(section.title, 2)]
    strategies = "; ".join(
        f"{player}: {', '.join(ss)}"
        for player, ss in zip(spec.players, spec.strategies, strict=True)
    )
    parts.append(f"Strategies: {strategies}. Sources: {_cites(section.footnotes)}")
    if section.incoming:
        parts.append(f"Set by links from other games: {', '.join(section.incoming)}.")
    rows = []
    for value, result in zip(report.values, report.at_values, strict=True):
        outcome = result.outcome(section.name)
        game = outcome.game
        for eq, regret in zip(outcome.result.equilibria, outcome.result.regrets, strict=True):
            mark = "*" if eq.key() == outcome.selected.key() else ""
            rows.append(
                [format_number(value), describe(game, eq) + mark]
                + [format_number(x, 4) for x in eq.payoffs(game)]
                + [f"{regret:.1e}" if regret else "0"]
            )
    headers = [p, "equilibrium", *(f"u({x})" for x in spec.players), "regret"]
    parts.append(Table(headers, rows))
    note = "* the equilibrium the scenario selects (for links and the summary)."
    complete = all(r.outcome(section.name).result.complete for r in report.at_values)
    if not complete:
        note += " " + "; ".join(report.at_values[0].outcome(section.name).result.notes)
    parts.append(note)
    regime_rows = []
    n = len(section.regimes)
    for k, regime in enumerate(section.regimes):
        outcome = regime.result.outcome(section.name)
        mid = format_number(0.5 * (regime.low.value + regime.high.value), 4)
        regime_rows.append(
            [interval(regime.low, regime.high, k == 0, k == n - 1), structure(outcome), mid]
        )
    parts.append(Table([p, "equilibria (at the midpoint)", "midpoint"], regime_rows))
    if section.thresholds:
        lines = []
        for t in section.thresholds:
            kind = "exact" if t.analytic else "bisection"
            lines.append(
                f"{p} = {t.at.text()} ({kind}): at the threshold itself, "
                f"{structure(t.result.outcome(section.name))}"
            )
        parts.append("\n".join(lines))
    return parts


def long_game_parts(report: Report, fmt: str) -> list[str]:
    """The long-game part of the report, rendered like :func:`section_parts`."""
    return [_part(b, fmt) for b in long_game_blocks(report)]


def long_game_blocks(report: Report) -> list[Block]:
    """The repeated reading: the critical discount factor at each reported value."""
    lg = report.long_game
    p = report.parameter
    parts: list[Block] = [Heading(f"Playing the long game: {lg.game}", 2)]
    parts.append(long_game_sentence(report))
    rows = []
    for value, result in lg.at_values:
        delta = "none below 1" if result.delta is None else format_number(float(result.delta), 4)
        rows.append([format_number(value), result.status.value, delta, result.explanation])
    parts.append(Table([p, "status", "critical discount factor", "why"], rows))
    return parts


def _point_json(point: Point) -> dict[str, Any]:
    data: dict[str, Any] = {"value": rounded(point.value)}
    if point.exact is not None:
        data["exact"] = point.text()
    return data


def _outcome_json(outcome: GameOutcome) -> dict[str, Any]:
    game = outcome.game
    return {
        "parameters": {k: rounded(v) for k, v in sorted(game.parameters.items())},
        "equilibria": [
            {
                "strategies": [[rounded(x) for x in pr] for pr in eq.profile],
                "payoffs": [rounded(x) for x in eq.payoffs(game)],
                "regret": rounded(r, 15),
                "description": describe(game, eq),
            }
            for eq, r in zip(outcome.result.equilibria, outcome.result.regrets, strict=True)
        ],
        "selected": describe(game, outcome.selected),
        "method": outcome.result.method.label,
        "complete": outcome.result.complete,
    }


def report_json(report: Report) -> dict[str, Any]:
    """The data of ``negotiate report --format json`` (and of :meth:`Report.to_dict`); schema
    ``schema/report-output.schema.json``."""
    p = report.parameter
    data: dict[str, Any] = {
        "title": report.scenario.title,
        "question": report.question,
        "parameter": p,
        "values": [rounded(v) for v in report.values],
        "summary": summary_lines(report),
        "tolerance": TOL,
        "games": [],
        "links": [
            {
                "at": rounded(v),
                "values": {
                    f"{t}.{param}": rounded(x) for (t, param), x in sorted(r.link_values.items())
                },
            }
            for v, r in zip(report.values, report.at_values, strict=True)
        ],
        "footnotes": [
            {
                "number": n.number,
                "subject": n.subject,
                "formula": n.formula,
                "cites": list(n.provenance.cites),
                "why": n.provenance.why,
                "assumption": n.provenance.assumption,
            }
            for n in report.footnotes()
        ],
    }
    for section in report.sections:
        spec = section.entry.spec
        data["games"].append(
            {
                "name": section.name,
                "title": section.title,
                "players": list(spec.players),
                "strategies": [list(s) for s in spec.strategies],
                "at": [
                    {"value": rounded(v), **_outcome_json(r.outcome(section.name))}
                    for v, r in zip(report.values, report.at_values, strict=True)
                ],
                "regimes": [
                    {
                        "low": _point_json(g.low),
                        "high": _point_json(g.high),
                        "equilibria": structure(g.result.outcome(section.name)),
                    }
                    for g in section.regimes
                ],
                "thresholds": [
                    {
                        **_point_json(t.at),
                        "exact_root": t.analytic,
                        "equilibria_at_threshold": structure(t.result.outcome(section.name)),
                    }
                    for t in section.thresholds
                ],
                "footnotes": [n.number for n in section.footnotes],
            }
        )
    data["claims"] = [
        {
            "game": name,
            "text": r.claim.text,
            "cites": list(r.claim.cites),
            "holds": r.holds,
            "method": r.method,
            "counterexample": dict(r.counterexample),
        }
        for name, r in report.claims
    ]
    data["bargaining"] = [
        {
            "name": b.name,
            "title": b.title,
            "at": [{"value": rounded(v), **r.to_dict()} for v, r in b.at_values],
            "footnotes": [n.number for n in b.footnotes],
        }
        for b in report.bargains
    ]
    if report.long_game is not None:
        lg = report.long_game
        data["long_game"] = {
            "game": lg.game,
            "cooperate": list(lg.cooperate),
            "punishment": lg.punishment,
            "at": [
                {
                    "value": rounded(v),
                    "status": g.status.name.lower(),
                    "critical_discount_factor": None
                    if g.delta is None
                    else rounded(float(g.delta)),
                    "explanation": g.explanation,
                }
                for v, g in lg.at_values
            ],
            "changes": [_point_json(c.at) for c in lg.changes],
            "footnote": lg.footnote.number,
        }
    return data
