r"""Scenario files: several games linked by shared parameters and by each other's outcomes.

A scenario (format in ``docs/scenarios.md``) declares its own parameters (``rapprochement``),
a set of games (built-in names or payoff files relative to the scenario file) whose parameters
are bound to expressions of the scenario parameters, and *links*: the equilibrium of one game
sets a parameter of another. Games are solved in dependency order; a cycle of links is an error.

Equilibrium selection
---------------------
Every game is solved completely (:func:`negotiate.equilibria.solve`); a link reads one
equilibrium. Among the pure equilibria, those that no other pure equilibrium Pareto-dominates
(within each player's tolerance) are kept, and the first in lexicographic order of strategy
indices is selected: so the order of strategies in the file breaks ties. A game without a pure
equilibrium gives the first Pareto-undominated mixed equilibrium in sort order (the only one in
a nondegenerate 2x2 game).

A link's value is an expectation under the selected equilibrium :math:`\sigma`: for a
``table`` of values :math:`v(a)` over pure outcomes, :math:`\sum_a v(a) \prod_i \sigma_i(a_i)`;
for a ``probability`` link, ``low + (high - low) * sigma_i(s)``.

Nothing in a scenario file is executed: bindings are parsed by :mod:`negotiate.expressions`.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from negotiate.bargain import BargainReport, bargaining_report
from negotiate.catalog import builtin_path, load_path
from negotiate.equilibria import solve
from negotiate.errors import GameError, PayoffFileError
from negotiate.expressions import Expression
from negotiate.model import Equilibrium, NormalFormGame, Parameter, Provenance, SolveResult
from negotiate.numeric import player_tolerances
from negotiate.payoff_file import _describe, _key, _Reader, parse_toml, read_text
from negotiate.solvers.regret import expected_payoffs
from negotiate.spec import GameSpec

_TOP_KEYS = {"format", "title", "description", "question", "parameters", "games", "links"}
_TOP_KEYS |= {"long_game"}
_LONG_GAME_KEYS = {"game", "cooperate", "punishment", "why", "cites", "assumption"}
_GAME_KEYS = {"game", "set"}
_LINK_KEYS = {"from", "to", "parameter", "table", "default", "probability", "why", "cites"}
_LINK_KEYS |= {"assumption"}


class Selection(enum.Enum):
    """How the equilibrium a link reads was chosen."""

    PURE = "pure, Pareto-undominated, first in strategy order"
    MIXED = "no pure equilibrium: the first Pareto-undominated mixed one in sort order"


@dataclass(frozen=True)
class GameEntry:
    """One game of a scenario and the expressions its parameters are bound to."""

    name: str
    spec: GameSpec
    bindings: Mapping[str, Expression]
    keypath: str


@dataclass(frozen=True)
class Link:
    """The equilibrium of ``source`` sets ``parameter`` of ``target``.

    Exactly one of ``table`` (pure-outcome index tuples to values, with ``default`` for the
    others) and ``probability`` (``(player, strategy, low, high)`` as indices and values) is set.
    """

    source: str
    target: str
    parameter: str
    table: Mapping[tuple[int, ...], float] | None
    default: float | None
    probability: tuple[int, int, float, float] | None
    provenance: Provenance
    keypath: str

    def value(self, profile: tuple[np.ndarray, ...]) -> float:
        """The linked value under the (possibly mixed) equilibrium ``profile``."""
        if self.probability is not None:
            player, strategy, low, high = self.probability
            return float(low + (high - low) * profile[player][strategy])
        total = 0.0
        for index in np.ndindex(*(len(p) for p in profile)):
            weight = float(np.prod([profile[i][k] for i, k in enumerate(index)]))
            if weight > 0.0:
                total += weight * self.table.get(index, self.default)
        return total


@dataclass(frozen=True)
class LongGame:
    """The repeated-game reading of one game: which profile cooperation means, and how a
    deviation is punished (``"minmax"``, or ``"nash"``: reversion to the selected stage
    equilibrium)."""

    game: str
    cooperate: tuple[int, ...]
    punishment: str
    provenance: Provenance
    keypath: str


@dataclass(frozen=True, eq=False)
class GameOutcome:
    """One game solved inside a scenario: every equilibrium, and the one links read."""

    name: str
    game: NormalFormGame
    result: SolveResult
    selected: Equilibrium
    selection: Selection

    @property
    def pure_equilibria(self) -> tuple[tuple[int, ...], ...]:
        return tuple(_pure_order(e) for e in self.result.equilibria if e.is_pure)


@dataclass(frozen=True, eq=False)
class ScenarioResult:
    """Every game of a scenario solved, in evaluation order, and the values links passed on."""

    parameters: Mapping[str, float]
    outcomes: tuple[GameOutcome, ...]
    link_values: Mapping[tuple[str, str], float]
    bargains: Mapping[str, BargainReport] = field(default_factory=dict)

    def outcome(self, name: str) -> GameOutcome:
        for o in self.outcomes:
            if o.name == name:
                return o
        raise KeyError(name)


@dataclass(frozen=True, eq=False)
class Scenario:
    """A parsed scenario file; ``games`` are in an order where every link points forward."""

    origin: str
    title: str
    description: str
    parameters: Mapping[str, Parameter]
    games: tuple[GameEntry, ...]
    links: tuple[Link, ...]
    long_game: LongGame | None = None
    question: str = ""

    def evaluate(
        self,
        values: Mapping[str, float] | None = None,
        bargains: bool = True,
        only: str | None = None,
    ) -> ScenarioResult:
        """Solve every game at the scenario parameters ``values`` (defaults elsewhere).

        ``bargains=False`` skips the bargaining games (nothing links from them), for callers
        that only need the equilibria, such as the threshold search. ``only`` names one game:
        then just it and the games it reads links from (directly or not) are solved.
        """
        env = {name: p.default for name, p in self.parameters.items()}
        for name, value in (values or {}).items():
            env[name] = self.checked_value(name, float(value))
        linked: dict[tuple[str, str], float] = {}
        outcomes: list[GameOutcome] = []
        solved: dict[str, BargainReport] = {}
        needed = None if only is None else self._upstream(only)
        for entry in self.games:
            if needed is not None and entry.name not in needed:
                continue
            game_values = {p: float(e.evaluate(env)) for p, e in entry.bindings.items()}
            for link in self.links:
                if link.target == entry.name:
                    game_values[link.parameter] = linked[(link.target, link.parameter)]
            if not entry.spec.strategies:  # a bargaining game: no equilibrium to select
                if bargains:
                    solved[entry.name] = bargaining_report(entry.spec, game_values)
                continue
            game = entry.spec.instantiate(game_values)
            result = solve(game)
            selected, how = select_equilibrium(result)
            outcomes.append(GameOutcome(entry.name, game, result, selected, how))
            for link in self.links:
                if link.source == entry.name:
                    value = self.passed_on(link, link.value(selected.profile))
                    linked[(link.target, link.parameter)] = value
        return ScenarioResult(env, tuple(outcomes), linked, solved)

    def checked_value(self, name: str, value: float) -> float:
        """``value`` for the scenario parameter ``name``; an unknown name or a value out of its
        range is an error naming the file."""
        if name not in self.parameters:
            raise GameError(f"{self.origin}: unknown scenario parameter {name!r}")
        try:
            self.parameters[name].check(value)
        except GameError as err:
            raise GameError(f"{self.origin}: {err}") from None
        return value

    def passed_on(self, link: Link, value: float) -> float:
        """``value`` passed by ``link``; out of its target parameter's range it is an error
        naming the file and the link's key path."""
        try:
            self._target(link).parameters[link.parameter].check(value)
        except GameError as err:
            raise PayoffFileError(f"{self.origin}: {link.keypath}: {err}") from None
        return value

    def _upstream(self, name: str) -> set[str]:
        """``name`` and every game whose outcome reaches it through links."""
        if all(entry.name != name for entry in self.games):
            raise GameError(f"{self.origin}: no game {name!r} in this scenario")
        found, stack = {name}, [name]
        while stack:
            target = stack.pop()
            for link in self.links:
                if link.target == target and link.source not in found:
                    found.add(link.source)
                    stack.append(link.source)
        return found

    def _target(self, link: Link) -> GameSpec:
        return next(g.spec for g in self.games if g.name == link.target)


def select_equilibrium(result: SolveResult) -> tuple[Equilibrium, Selection]:
    """The equilibrium a scenario reads from a solved game (see the module notes)."""
    game = result.game
    if not result.equilibria:
        raise GameError(f"{game.title or 'a game'}: no equilibrium to select")
    chosen, how = select_index(result.equilibria, game.u)
    return result.equilibria[chosen], how


def select_index(equilibria: Sequence[Equilibrium], u: np.ndarray) -> tuple[int, Selection]:
    """The index of the equilibrium a scenario reads among ``equilibria`` (sorted, as in a
    :class:`~negotiate.model.SolveResult`, and not empty) of the game with payoffs ``u``."""
    payoffs = [expected_payoffs(u, e.profile) for e in equilibria]
    tol = player_tolerances(u)

    def undominated(indices: list[int]) -> list[int]:
        return [
            k
            for k in indices
            if not any(
                np.all(payoffs[j] >= payoffs[k] - tol) and np.any(payoffs[j] > payoffs[k] + tol)
                for j in indices
            )
        ]

    pure = [k for k, e in enumerate(equilibria) if e.is_pure]
    if pure:
        return min(undominated(pure), key=lambda k: _pure_order(equilibria[k])), Selection.PURE
    return undominated(list(range(len(equilibria))))[0], Selection.MIXED


def _pure_order(eq: Equilibrium) -> tuple[int, ...]:
    return tuple(int(np.argmax(p)) for p in eq.profile)


def load_scenario(path: str | os.PathLike, display: str | None = None) -> Scenario:
    """Read and check the scenario file at ``path``; games are resolved relative to it."""
    display = display or str(path)
    data = parse_toml(read_text(path, display), display)
    return _ScenarioReader(display, Path(path).resolve().parent).read(data)


class _ScenarioReader(_Reader):
    def __init__(self, display: str, base: Path) -> None:
        super().__init__(display)
        self.base = base

    def stop(self) -> None:
        self.fail_if_any()

    def read(self, data: Mapping[str, Any]) -> Scenario:
        if "players" in data and "games" not in data:
            raise self.fatal(
                "",
                "this is a game, not a scenario; `negotiate report` takes a scenario (the "
                "built-in one is summit); for one game try `negotiate sweep` or `negotiate solve`",
            )
        self.unknown_keys(data, _TOP_KEYS, "")
        self.check_format(data)
        title = self.expect_str(data.get("title", ""), "title") or ""
        description = self.expect_str(data.get("description", ""), "description") or ""
        question = self.expect_str(data.get("question", ""), "question") or ""
        parameters = self.parameters(data.get("parameters", {}))
        self.stop()
        games = self.games(data.get("games"), parameters)
        self.stop()
        links = self.links(data.get("links", []), games)
        self.stop()
        ordered = self.order(games, links)
        long_game = self.long_game(data.get("long_game"), games)
        self.stop()
        return Scenario(
            self.display,
            title.strip(),
            description.strip(),
            parameters,
            ordered,
            links,
            long_game,
            question.strip(),
        )

    def long_game(self, value: Any, games: Mapping[str, GameEntry]) -> LongGame | None:
        if value is None:
            return None
        table = self.expect_table(value, "long_game")
        if table is None:
            return None
        self.unknown_keys(table, _LONG_GAME_KEYS, "long_game")
        name = table.get("game")
        if name not in games:
            known = ", ".join(sorted(games))
            self.problem(
                "long_game.game", f"expected one of the games ({known}), got {_describe(name)}"
            )
            return None
        spec = games[name].spec
        profile = self.profile(
            table.get("cooperate"), "long_game.cooperate", spec.players, spec.strategies
        )
        punishment = table.get("punishment", "minmax")
        if punishment not in ("minmax", "nash"):
            self.problem(
                "long_game.punishment", f'expected "minmax" or "nash", got {_describe(punishment)}'
            )
            return None
        prov = self.provenance(table, "long_game")
        if not prov.assumption and not (prov.why and prov.cites):
            self.problem("long_game", "no provenance; give `why` and `cites`, or an `assumption`")
        if profile is None:
            return None
        return LongGame(name, profile, punishment, prov, "long_game")

    def games(self, value: Any, parameters: Mapping[str, Parameter]) -> dict[str, GameEntry]:
        if value is None:
            raise self.fatal("games", "missing; expected a table of games, [games.NAME]")
        table = self.expect_table(value, "games")
        if not table:
            raise self.fatal("games", "expected at least one game")
        result: dict[str, GameEntry] = {}
        for name, spec in table.items():
            keypath = f"games.{_key(name)}"
            if not self.valid_name(name, keypath):
                continue
            spec = self.expect_table(spec, keypath)
            if spec is None:
                continue
            self.unknown_keys(spec, _GAME_KEYS, keypath)
            ref = self.expect_str(spec.get("game"), f"{keypath}.game")
            if ref is None:
                continue
            game = self.load_game(ref, f"{keypath}.game")
            if game is None:
                continue
            bindings: dict[str, Expression] = {}
            for param, text in (
                self.expect_table(spec.get("set", {}), f"{keypath}.set") or {}
            ).items():
                bpath = f"{keypath}.set.{_key(param)}"
                if param not in game.parameters:
                    known = ", ".join(sorted(game.parameters)) or "none"
                    self.problem(
                        bpath, f"game {name!r} has no parameter {param!r}; it has: {known}"
                    )
                    continue
                expr = self.expression(text, bpath, parameters)
                if expr is not None:
                    bindings[param] = expr
            result[name] = GameEntry(name, game, bindings, keypath)
        return result

    def load_game(self, ref: str, keypath: str) -> GameSpec | None:
        if ref.endswith((".toml", ".nfg")):
            path = self.base / ref
        else:
            path = builtin_path(ref)
            if not self.valid_name(ref, keypath):
                return None
        if not path.is_file():
            what = (
                "no such file"
                if ref.endswith((".toml", ".nfg"))
                else "no built-in game of that name"
            )
            self.problem(keypath, f"{what}: {ref!r}")
            return None
        try:
            return load_path(path, f"{self.display} -> {ref}")
        except PayoffFileError as err:
            self.problem(keypath, f"cannot load {ref!r}: {err}")
            return None

    def links(self, value: Any, games: Mapping[str, GameEntry]) -> tuple[Link, ...]:
        if not isinstance(value, list):
            raise self.fatal("links", f"expected [[links]] entries, got {_describe(value)}")
        result: list[Link] = []
        targets: set[tuple[str, str]] = set()
        for k, entry in enumerate(value):
            keypath = f"links[{k}]"
            entry = self.expect_table(entry, keypath)
            if entry is None:
                continue
            self.unknown_keys(entry, _LINK_KEYS, keypath)
            ends = []
            for end in ("from", "to"):
                name = entry.get(end)
                if name not in games:
                    known = ", ".join(sorted(games))
                    self.problem(
                        f"{keypath}.{end}",
                        f"expected one of the games ({known}), got {_describe(name)}",
                    )
                ends.append(name)
            if any(n not in games for n in ends):
                continue
            source, target = games[ends[0]], games[ends[1]]
            if not source.spec.strategies:
                self.problem(
                    f"{keypath}.from",
                    f"{source.name!r} is a bargaining game: it has no equilibrium to link from",
                )
                continue
            param = entry.get("parameter")
            if not isinstance(param, str) or param not in target.spec.parameters:
                known = ", ".join(sorted(target.spec.parameters))
                self.problem(
                    f"{keypath}.parameter",
                    f"expected a parameter of {target.name!r} ({known}), got {_describe(param)}",
                )
                continue
            if param in target.bindings:
                self.problem(
                    f"{keypath}.parameter",
                    f"{target.name}.{param} is already bound in {target.keypath}.set",
                )
                continue
            if (target.name, param) in targets:
                self.problem(
                    f"{keypath}.parameter", f"{target.name}.{param} is set by an earlier link"
                )
                continue
            targets.add((target.name, param))
            link = self.link_value(entry, source.spec, keypath)
            if link is None:
                continue
            table, default, probability = link
            prov = self.provenance(entry, keypath)
            if not prov.assumption and not (prov.why and prov.cites):
                self.problem(keypath, "no provenance; give `why` and `cites`, or an `assumption`")
            result.append(
                Link(source.name, target.name, param, table, default, probability, prov, keypath)
            )
        return tuple(result)

    def link_value(self, entry: Mapping[str, Any], source: GameSpec, keypath: str):
        has_table, has_prob = "table" in entry, "probability" in entry
        if has_table == has_prob:
            self.problem(keypath, "give exactly one of `table` and `probability`")
            return None
        if has_prob:
            spec = self.expect_table(entry["probability"], f"{keypath}.probability")
            if spec is None:
                return None
            ppath = f"{keypath}.probability"
            self.unknown_keys(spec, {"player", "strategy", "low", "high"}, ppath)
            player = spec.get("player")
            if player not in source.players:
                self.problem(
                    f"{ppath}.player",
                    f"expected a player of the game ({', '.join(source.players)}), "
                    f"got {_describe(player)}",
                )
                return None
            i = source.players.index(player)
            strategy = spec.get("strategy")
            if strategy not in source.strategies[i]:
                self.problem(
                    f"{ppath}.strategy",
                    f"expected a strategy of {player} ({', '.join(source.strategies[i])}), "
                    f"got {_describe(strategy)}",
                )
                return None
            low, high = spec.get("low", 0.0), spec.get("high", 1.0)
            if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in (low, high)):
                self.problem(ppath, "expected numbers `low` and `high`")
                return None
            return None, None, (i, source.strategies[i].index(strategy), float(low), float(high))
        rows = entry["table"]
        tpath = f"{keypath}.table"
        if not isinstance(rows, list):
            self.problem(
                tpath, f"expected a list of {{ profile, value }} tables, got {_describe(rows)}"
            )
            return None
        table: dict[tuple[int, ...], float] = {}
        for k, row in enumerate(rows):
            rpath = f"{tpath}[{k}]"
            row = self.expect_table(row, rpath)
            if row is None:
                continue
            self.unknown_keys(row, {"profile", "value"}, rpath)
            profile = row.get("profile")
            if not isinstance(profile, list) or len(profile) != len(source.players):
                self.problem(
                    f"{rpath}.profile",
                    f"expected one strategy per player ({', '.join(source.players)}), "
                    f"got {_describe(profile)}",
                )
                continue
            try:
                index = tuple(source.strategies[i].index(s) for i, s in enumerate(profile))
            except ValueError:
                self.problem(f"{rpath}.profile", f"unknown strategy in {profile}")
                continue
            value = row.get("value")
            if not isinstance(value, int | float) or isinstance(value, bool):
                self.problem(f"{rpath}.value", f"expected a number, got {_describe(value)}")
                continue
            if index in table:
                self.problem(f"{rpath}.profile", f"profile {profile} is listed twice")
                continue
            table[index] = float(value)
        default = entry.get("default")
        if default is not None and (
            not isinstance(default, int | float) or isinstance(default, bool)
        ):
            self.problem(f"{keypath}.default", f"expected a number, got {_describe(default)}")
            return None
        if default is None and len(table) < int(np.prod(source.shape)):
            self.problem(tpath, "does not list every outcome; add the missing ones or a `default`")
            return None
        return table, None if default is None else float(default), None

    def order(
        self, games: Mapping[str, GameEntry], links: tuple[Link, ...]
    ) -> tuple[GameEntry, ...]:
        """Games so that every link goes from an earlier game to a later one (stable)."""
        names = list(games)
        deps = {n: {link.source for link in links if link.target == n} for n in names}
        ordered: list[str] = []
        while len(ordered) < len(names):
            ready = [n for n in names if n not in ordered and deps[n] <= set(ordered)]
            if not ready:
                stuck = [n for n in names if n not in ordered]
                self.problem("links", f"games depend on each other in a cycle: {', '.join(stuck)}")
                return ()
            ordered.append(ready[0])
        return tuple(games[n] for n in ordered)
