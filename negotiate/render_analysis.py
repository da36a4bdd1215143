"""Text, markdown and JSON of ``negotiate analyze``: dominance, security levels, the Pareto set
and, for zero-sum games, the value."""

from __future__ import annotations

from typing import Any

from negotiate.analysis import (
    DominanceResult,
    ParetoResult,
    SecurityResult,
    ZeroSumResult,
    dominance,
    pareto,
    security,
    zero_sum,
)
from negotiate.model import NormalFormGame
from negotiate.numeric import TOL, atol, format_number
from negotiate.render import game_header_json, heading, table, to_json
from negotiate.solvers.security import is_zero_sum


def analyse(game: NormalFormGame) -> dict[str, Any]:
    """Every analysis of ``game`` that applies, as result objects."""
    results: dict[str, Any] = {
        "strict": dominance(game, weak=False),
        "weak": dominance(game, weak=True),
        "security": security(game),
        "pareto": pareto(game),
    }
    if game.n_players == 2 and is_zero_sum(game.u, atol(game.u)):
        results["zero_sum"] = zero_sum(game)
    return results


def _mix(pairs: tuple[tuple[str, float], ...]) -> str:
    pairs = tuple((name, p) for name, p in pairs if p > TOL)
    if len(pairs) == 1:
        return pairs[0][0]
    return ", ".join(f"{name} {format_number(p, 4)}" for name, p in pairs)


def _dominance_parts(result: DominanceResult, title: str, fmt: str) -> list[str]:
    parts = [heading(title, fmt, 2)]
    if not result.steps:
        parts.append("No strategy is dominated.")
    else:
        rows = [
            [str(k), s.player, s.strategy, _mix(s.dominated_by), format_number(s.margin, 4)]
            for k, s in enumerate(result.steps, 1)
        ]
        parts.append(table(["step", "player", "eliminated", "dominated by", "margin"], rows, fmt))
    remaining = "; ".join(
        f"{p}: {', '.join(r)}" for p, r in zip(result.players, result.remaining, strict=True)
    )
    parts.append(f"Remaining: {remaining}. Order of elimination: {result.order}.")
    return parts


def render_analysis(game: NormalFormGame, results: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        data = {"game": game_header_json(game)}
        data.update({k: v.to_dict() for k, v in results.items()})
        return to_json(data) + "\n"
    parts = [heading(f"Analysis of {game.title or 'the game'}", fmt)]
    parts += _dominance_parts(results["strict"], "Iterated strict dominance", fmt)
    parts += _dominance_parts(results["weak"], "Iterated weak dominance", fmt)
    sec: SecurityResult = results["security"]
    parts.append(heading("Security levels (maxmin)", fmt, 2))
    parts.append(
        table(
            ["player", "security strategy", "guaranteed payoff"],
            [[s.player, _mix(s.strategy), format_number(s.level, 6)] for s in sec.players],
            fmt,
        )
    )
    par: ParetoResult = results["pareto"]
    parts.append(heading("Pareto-efficient pure outcomes", fmt, 2))
    parts.append(
        table(
            [*game.players, *(f"u({p})" for p in game.players)],
            [[*o.profile, *(format_number(x) for x in o.payoffs)] for o in par.outcomes],
            fmt,
        )
    )
    if "zero_sum" in results:
        zs: ZeroSumResult = results["zero_sum"]
        parts.append(heading("Zero-sum value", fmt, 2))
        optimal = "; ".join(
            f"{p}: {_mix(s)}" for p, s in zip(zs.players, zs.strategies, strict=True)
        )
        parts.append(f"Value to {zs.players[0]}: {format_number(zs.value, 6)}. Optimal: {optimal}.")
    return "\n\n".join(parts) + "\n"
