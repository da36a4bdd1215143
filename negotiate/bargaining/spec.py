"""Bargaining tables of payoff files: parsed TOML mapping -> :class:`BargainingProblem`.

The loader (``negotiate.io``) reads the file and hands the ``[bargaining]`` table here with
``where`` (the file name) and ``number(value, keypath)``, its evaluator for numbers and
expressions. Every mistake becomes a one-line problem
``"{where}: {key.path}: expected ..., got ..."``; all problems found in one pass are raised
together as :class:`~negotiate.errors.PayoffFileError`. The keys are documented, with a
complete example, in ``docs/bargaining.md``.
"""

from __future__ import annotations

import contextlib
import difflib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiate.bargaining.fearon import BargainingRange, bargaining_range
from negotiate.bargaining.problem import (
    BargainingProblem,
    Curvature,
    Utility,
    disagreement_from_game,
)
from negotiate.bargaining.rubinstein import (
    AlternatingOffersResult,
    discount_factors,
    rubinstein,
    rubinstein_costs,
)
from negotiate.bargaining.twolevel import Constituency, Rule, WinSet
from negotiate.errors import GameError, NegotiateError, PayoffFileError

if TYPE_CHECKING:
    from negotiate.model import NormalFormGame

Number = Callable[[object, str], float]

COMMON_KEYS = (
    "kind",
    "players",
    "disagreement",
    "weights",
    "title",
    "description",
    "rubinstein",
    "fearon",
    "ratification",
)
KIND_KEYS = {
    "outcomes": ("outcomes",),
    "frontier": ("points",),
    "curve": ("curve",),
    "surplus": ("total", "utility"),
    "issues": ("issues",),
}
CURVE_KEYS = ("family", "top", "right", "exponent")
UTILITY_KEYS = ("form", "exponent", "rho")
RUBINSTEIN_KEYS = (
    "discount",
    "rates",
    "dt",
    "costs",
    "first",
    "outside",
    "breakdown",
    "breakdown_payoffs",
    "horizon",
)
FEARON_KEYS = ("p", "costs", "risk")
RATIFICATION_KEYS = ("threshold", "rule", "quota", "constituencies")
CONSTITUENCY_KEYS = ("threshold", "weight")


class _Invalid(Exception):
    """A problem already recorded; stop parsing the current key."""


def _got(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)}"
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value)


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    """`` (did you mean "x"?)`` for the closest choice, ignoring case, or nothing."""
    lower = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(word.lower(), list(lower), n=1)
    return f' (did you mean "{lower[close[0]]}"?)' if close else ""


class _Reader:
    def __init__(self, where: str, number: Number) -> None:
        self.where = where
        self._number = number
        self.problems: list[str] = []

    def fail(self, path: str, expected: str, got: object, raw: bool = False) -> _Invalid:
        shown = got if raw else _got(got)
        self.problems.append(f"{self.where}: {path}: expected {expected}, got {shown}")
        return _Invalid()

    def keys(self, path: str, table: Mapping[str, Any], allowed: Sequence[str]) -> None:
        for key in table:
            if key not in allowed:
                hint = _did_you_mean(str(key), allowed)
                self.problems.append(
                    f"{self.where}: {path}.{key}: expected one of {', '.join(allowed)}, "
                    f'got unknown key "{key}"{hint}'
                )

    def table(self, path: str, value: object) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(path, "a table", value)
        return value

    def string(self, path: str, value: object, choices: Sequence[str] | None = None) -> str:
        if not isinstance(value, str):
            raise self.fail(path, "a string", value)
        if choices is not None and value not in choices:
            hint = _did_you_mean(value, choices)
            raise self.fail(path, f"one of {', '.join(choices)}", f'"{value}"{hint}', raw=True)
        return value

    def number(
        self,
        path: str,
        value: object,
        low: float | None = None,
        high: float | None = None,
        open_low: bool = False,
        open_high: bool = False,
    ) -> float:
        if value is None:
            raise self.fail(path, "a number", "nothing", raw=True)
        if isinstance(value, (bool, Mapping | list | tuple)):
            raise self.fail(path, "a number", value)
        try:
            x = float(self._number(value, path))
        except PayoffFileError:
            raise
        except (NegotiateError, ValueError, TypeError, ArithmeticError) as err:
            raise self.fail(path, "a number", f"{_got(value)} ({err})", raw=True) from None
        if not math.isfinite(x):
            raise self.fail(path, "a finite number", value)
        bad = (low is not None and (x < low or (open_low and x == low))) or (
            high is not None and (x > high or (open_high and x == high))
        )
        if bad:
            lo = "-inf" if low is None else f"{low:g}"
            hi = "inf" if high is None else f"{high:g}"
            interval = f"{'(' if open_low else '['}{lo}, {hi}{')' if open_high else ']'}"
            if low == 0 and open_low and high is None:
                raise self.fail(path, "a positive number", value)
            raise self.fail(path, f"a number in {interval}", value)
        return x

    def per_player(
        self, path: str, value: object, players: Sequence[str], **bounds: Any
    ) -> list[float]:
        """One number per player: a list in player order or a table keyed by player."""
        if isinstance(value, list | tuple):
            if len(value) != len(players):
                raise self.fail(path, f"{len(players)} numbers (one per player)", value)
            items = [(f"{path}[{k}]", v) for k, v in enumerate(value)]
        elif isinstance(value, Mapping):
            self.keys(path, value, players)
            missing = [p for p in players if p not in value]
            if missing:
                raise self.fail(
                    path,
                    f"a number for each of {', '.join(players)}",
                    f"none for {', '.join(missing)}",
                    raw=True,
                )
            items = [(f"{path}.{p}", value[p]) for p in players]
        else:
            raise self.fail(path, "a list or a table of numbers per player", value)
        out, ok = [], True
        for sub, v in items:
            try:
                out.append(self.number(sub, v, **bounds))
            except _Invalid:
                ok = False
        if not ok:
            raise _Invalid()
        return out


@dataclass(frozen=True)
class AlternatingOffersSpec:
    """Parsed ``[bargaining.rubinstein]``; :meth:`solve` runs the model."""

    players: tuple[str, str]
    discount: tuple[float, float] | None
    costs: tuple[float, float] | None
    first: int
    outside: tuple[float, float]
    breakdown: float
    breakdown_payoffs: tuple[float, float]
    horizon: int | None

    def solve(self) -> AlternatingOffersResult:
        if self.costs is not None:
            return rubinstein_costs(self.costs, self.first, self.players)
        return rubinstein(
            self.discount,  # type: ignore[arg-type]
            self.first,
            self.outside,
            self.breakdown,
            self.breakdown_payoffs,
            self.horizon,
            self.players,
        )


@dataclass(frozen=True)
class FearonSpec:
    """Parsed ``[bargaining.fearon]``: ``p`` is the first player's chance of prevailing."""

    players: tuple[str, str]
    p: float
    costs: tuple[float, float]
    risk: tuple[float, float]

    def solve(self) -> BargainingRange:
        return bargaining_range(self.p, *self.costs, *self.risk, players=self.players)


@dataclass(frozen=True)
class BargainingSpec:
    """Everything a ``[bargaining]`` table describes."""

    problem: BargainingProblem
    alternating: AlternatingOffersSpec | None = None
    fearon: FearonSpec | None = None
    winsets: tuple[WinSet, ...] = ()


def problem_from_mapping(
    data: Mapping[str, Any],
    where: str,
    number: Number,
    *,
    root: str = "bargaining",
    game: NormalFormGame | None = None,
) -> BargainingProblem:
    """The :class:`BargainingProblem` a ``[bargaining]`` table describes.

    Parameters
    ----------
    data
        The parsed table.
    where
        The file name, first in every message.
    number
        ``number(value, keypath) -> float`` evaluates a number or an expression.
    root
        The table's own key path (prefix of every key path in messages).
    game
        The file's normal-form game, needed when the disagreement point comes from it.

    Raises
    ------
    PayoffFileError
        With every problem found, each ``"{where}: {key.path}: expected ..., got ..."``.
    """
    return spec_from_mapping(data, where, number, root=root, game=game).problem


def spec_from_mapping(
    data: Mapping[str, Any],
    where: str,
    number: Number,
    *,
    root: str = "bargaining",
    game: NormalFormGame | None = None,
) -> BargainingSpec:
    """Problem plus the optional alternating-offers, Fearon and ratification tables."""
    r = _Reader(where, number)
    if not isinstance(data, Mapping):
        raise PayoffFileError(f"{where}: {root}: expected a table, got {_got(data)}")
    kind = ""
    with contextlib.suppress(_Invalid):
        kind = r.string(f"{root}.kind", data.get("kind", "outcomes"), tuple(KIND_KEYS))
    # With an unknown kind, accept every kind's keys rather than pile up follow-on problems.
    kind_keys = KIND_KEYS[kind] if kind else tuple(k for ks in KIND_KEYS.values() for k in ks)
    r.keys(root, data, (*COMMON_KEYS, *kind_keys))
    players = _players(r, root, data)
    if r.problems or players is None:
        raise PayoffFileError(r.problems or [f"{where}: {root}.players: expected names"])
    n = len(players)
    weights = _optional(
        r,
        lambda: (
            r.per_player(f"{root}.weights", data["weights"], players, low=0, open_low=True)
            if "weights" in data
            else None
        ),
    )
    d = _optional(r, lambda: _disagreement(r, root, data, players, game))
    build = _optional(r, lambda: _feasible(r, root, kind, data, players)) if kind else None
    alternating = fearon = None
    winsets: tuple[WinSet, ...] = ()
    if "rubinstein" in data:
        alternating = _optional(
            r, lambda: _alternating(r, f"{root}.rubinstein", data["rubinstein"], players)
        )
    if "fearon" in data:
        fearon = _optional(r, lambda: _fearon(r, f"{root}.fearon", data["fearon"], players))
    if "ratification" in data:
        winsets = (
            _optional(r, lambda: _winsets(r, f"{root}.ratification", data["ratification"], players))
            or ()
        )
    if r.problems:
        raise PayoffFileError(r.problems)
    if d is None:
        d = [0.0] * n if kind in ("surplus",) else None
    if d is None:
        raise PayoffFileError(f"{where}: {root}.disagreement: expected a point, got nothing")
    try:
        problem = build(d, weights, str(data.get("title", "")))  # type: ignore[misc]
    except GameError as err:
        raise PayoffFileError(_game_problem(where, root, kind, str(err), d)) from None
    return BargainingSpec(problem, alternating, fearon, winsets)


def _optional(r: _Reader, thunk: Callable[[], Any]) -> Any:
    try:
        return thunk()
    except _Invalid:
        return None


def _game_problem(where: str, root: str, kind: str, message: str, d: Sequence[float]) -> str:
    if "disagreement point" in message:
        shown = "(" + ", ".join(f"{x:g}" for x in d) + ")"
        return f"{where}: {root}.disagreement: expected a point in the feasible set, got {shown}"
    key = {"frontier": "points", "curve": "curve", "surplus": "utility", "issues": "issues"}
    path = f"{root}.{key.get(kind, 'outcomes')}"
    if "convex" in message:
        return f"{where}: {path}: expected a convex feasible set, got {message}"
    return f"{where}: {path}: expected a valid {kind} description, got {message}"


def _players(r: _Reader, root: str, data: Mapping[str, Any]) -> tuple[str, ...] | None:
    value = data.get("players")
    path = f"{root}.players"
    if not isinstance(value, list) or len(value) < 2:
        r.fail(path, "a list of at least two names", value)
        return None
    if not all(isinstance(v, str) and v for v in value):
        r.fail(path, "names (non-empty strings)", value)
        return None
    if len(set(value)) != len(value):
        r.fail(path, "distinct names", value)
        return None
    return tuple(value)


def _disagreement(
    r: _Reader,
    root: str,
    data: Mapping[str, Any],
    players: tuple[str, ...],
    game: NormalFormGame | None,
) -> list[float] | None:
    path = f"{root}.disagreement"
    if "disagreement" not in data:
        if data.get("kind", "outcomes") == "surplus":
            return None
        raise r.fail(path, "a point (a number per player)", "nothing", raw=True)
    value = data["disagreement"]
    if isinstance(value, str) or (isinstance(value, Mapping) and "profile" in value):
        if game is None:
            raise r.fail(path, "numbers (this file has no game to take them from)", value)
        if tuple(game.players) != players:
            raise r.fail(path, f"the game's players {list(game.players)}", list(players))
        if isinstance(value, str):
            r.string(path, value, ("security",))
            return disagreement_from_game(game, "security").tolist()
        r.keys(path, value, ("profile",))
        prof = r.table(f"{path}.profile", value["profile"])
        try:
            return disagreement_from_game(game, dict(prof)).tolist()
        except GameError as err:
            raise r.fail(f"{path}.profile", "a strategy per player", str(err), raw=True) from None
    return r.per_player(path, value, players)


def _feasible(
    r: _Reader, root: str, kind: str, data: Mapping[str, Any], players: tuple[str, ...]
) -> Callable[[Sequence[float], Any, str], BargainingProblem]:
    n = len(players)
    if kind != "outcomes" and kind != "issues" and n != 2:
        raise r.fail(f"{root}.players", f"two players for kind {kind}", list(players))
    if kind == "outcomes":
        path = f"{root}.outcomes"
        table = r.table(path, data.get("outcomes"))
        if not table:
            raise r.fail(path, "at least one outcome", "an empty table", raw=True)
        rows, ok = [], True
        for name, payoff in table.items():
            try:
                rows.append(r.per_player(f"{path}.{name}", payoff, players))
            except _Invalid:
                ok = False
        if not ok:
            raise _Invalid()
        labels = list(table)
        return lambda d, w, t: BargainingProblem.from_outcomes(players, rows, d, labels, w, t)
    if kind == "frontier":
        path = f"{root}.points"
        pts = data.get("points")
        if not isinstance(pts, list) or len(pts) < 1:
            raise r.fail(path, "a list of [u1, u2] points", pts)
        rows, ok = [], True
        for k, pt in enumerate(pts):
            if not isinstance(pt, list) or len(pt) != 2:
                r.fail(f"{path}[{k}]", "a point [u1, u2]", pt)
                ok = False
                continue
            try:
                rows.append([r.number(f"{path}[{k}][{j}]", v) for j, v in enumerate(pt)])
            except _Invalid:
                ok = False
        if not ok:
            raise _Invalid()
        return lambda d, w, t: BargainingProblem.from_frontier_points(players, rows, d, w, t)
    if kind == "curve":
        path = f"{root}.curve"
        table = r.table(path, data.get("curve"))
        r.keys(path, table, CURVE_KEYS)
        r.string(f"{path}.family", table.get("family", "power"), ("power",))
        top = r.number(f"{path}.top", table.get("top", 1), low=0, open_low=True)
        right = r.number(f"{path}.right", table.get("right", 1), low=0, open_low=True)
        k = r.number(f"{path}.exponent", table.get("exponent", 1), low=1)

        def f(x: float) -> float:
            return top * (1 - (max(x, 0.0) / right) ** k)

        return lambda d, w, t: BargainingProblem.from_frontier_function(
            players, f, (0.0, right), d, w, t
        )
    if kind == "surplus":
        total = r.number(f"{root}.total", data.get("total", 1), low=0, open_low=True)
        path = f"{root}.utility"
        table = r.table(path, data.get("utility", {}))
        r.keys(path, table, players)
        utils = []
        for p in players:
            sub = f"{path}.{p}"
            u = r.table(sub, table.get(p, {"form": "power", "exponent": 1}))
            r.keys(sub, u, UTILITY_KEYS)
            form = r.string(f"{sub}.form", u.get("form", "power"), ("power", "crra"))
            if form == "power":
                x = r.number(f"{sub}.exponent", u.get("exponent", 1), low=0, high=1, open_low=True)
                utils.append(Utility(Curvature.POWER, x))
            else:
                rho = r.number(f"{sub}.rho", u.get("rho", 0), low=0)
                utils.append(Utility(Curvature.CRRA, rho))
        return lambda d, w, t: BargainingProblem.from_surplus(players, utils, d, total, w, t)
    path = f"{root}.issues"
    table = r.table(path, data.get("issues"))
    if not table:
        raise r.fail(path, "at least one issue", "an empty table", raw=True)
    cols, ok = [], True
    for name, vals in table.items():
        try:
            cols.append(r.per_player(f"{path}.{name}", vals, players, low=0))
        except _Invalid:
            ok = False
    if not ok:
        raise _Invalid()
    W = np.array(cols).T
    names = list(table)
    return lambda d, w, t: BargainingProblem.from_issues(players, names, W, d, w, t)


def _two(r: _Reader, path: str, players: tuple[str, ...]) -> tuple[str, str]:
    if len(players) != 2:
        raise r.fail(path, "a two-player problem", f"{len(players)} players", raw=True)
    return players[0], players[1]


def _alternating(
    r: _Reader, path: str, value: object, players: tuple[str, ...]
) -> AlternatingOffersSpec:
    table = r.table(path, value)
    names = _two(r, path, players)
    r.keys(path, table, RUBINSTEIN_KEYS)
    given = [k for k in ("discount", "rates", "costs") if k in table]
    if len(given) != 1:
        raise r.fail(path, "exactly one of discount, rates (with dt), costs", given or "none")
    first = players.index(r.string(f"{path}.first", table.get("first", players[0]), players))
    discount = costs = None
    if "discount" in table:
        dd = r.per_player(
            f"{path}.discount",
            table["discount"],
            players,
            low=0,
            high=1,
            open_low=True,
            open_high=True,
        )
        discount = (dd[0], dd[1])
    elif "rates" in table:
        rates = r.per_player(f"{path}.rates", table["rates"], players, low=0, open_low=True)
        dt = r.number(f"{path}.dt", table.get("dt", 1), low=0, open_low=True)
        discount = discount_factors(rates, dt)
    else:
        cc = r.per_player(
            f"{path}.costs", table["costs"], players, low=0, high=1, open_low=True, open_high=True
        )
        costs = (cc[0], cc[1])
    outside = tuple(r.per_player(f"{path}.outside", table.get("outside", [0, 0]), players, low=0))
    p = r.number(f"{path}.breakdown", table.get("breakdown", 0), low=0, high=1, open_high=True)
    e = tuple(
        r.per_player(f"{path}.breakdown_payoffs", table.get("breakdown_payoffs", [0, 0]), players)
    )
    horizon = table.get("horizon")
    if horizon is not None and (
        isinstance(horizon, bool) or not isinstance(horizon, int) or horizon < 1
    ):
        raise r.fail(f"{path}.horizon", "a positive whole number of periods", horizon)
    return AlternatingOffersSpec(names, discount, costs, first, outside, p, e, horizon)  # type: ignore[arg-type]


def _fearon(r: _Reader, path: str, value: object, players: tuple[str, ...]) -> FearonSpec:
    table = r.table(path, value)
    names = _two(r, path, players)
    r.keys(path, table, FEARON_KEYS)
    if "p" not in table:
        raise r.fail(
            f"{path}.p", "a probability that the first player prevails", "nothing", raw=True
        )
    p = r.number(f"{path}.p", table["p"], low=0, high=1)
    costs = r.per_player(f"{path}.costs", table.get("costs", [0, 0]), players)
    risk = r.per_player(
        f"{path}.risk", table.get("risk", [1, 1]), players, low=0, high=1, open_low=True
    )
    return FearonSpec(names, p, (costs[0], costs[1]), (risk[0], risk[1]))


def _winsets(r: _Reader, path: str, value: object, players: tuple[str, ...]) -> tuple[WinSet, ...]:
    table = r.table(path, value)
    r.keys(path, table, players)
    out = []
    for player in players:
        if player not in table:
            continue
        sub = f"{path}.{player}"
        try:
            spec = r.table(sub, table[player])
            r.keys(sub, spec, RATIFICATION_KEYS)
            if ("threshold" in spec) == ("constituencies" in spec):
                raise r.fail(sub, "either threshold or constituencies", "both or neither", raw=True)
            if "threshold" in spec:
                out.append(
                    WinSet.threshold_only(player, r.number(f"{sub}.threshold", spec["threshold"]))
                )
                continue
            rule = Rule(
                r.string(f"{sub}.rule", spec.get("rule", "majority"), [x.value for x in Rule])
            )
            quota = None
            if rule is Rule.QUOTA:
                quota = r.number(f"{sub}.quota", spec.get("quota"), low=0, high=1, open_low=True)
            groups = r.table(f"{sub}.constituencies", spec["constituencies"])
            if not groups:
                raise r.fail(
                    f"{sub}.constituencies", "at least one constituency", "an empty table", raw=True
                )
            members = []
            for name, g in groups.items():
                gp = f"{sub}.constituencies.{name}"
                gt = r.table(gp, g)
                r.keys(gp, gt, CONSTITUENCY_KEYS)
                th = r.number(f"{gp}.threshold", gt.get("threshold"))
                wt = r.number(f"{gp}.weight", gt.get("weight", 1), low=0, open_low=True)
                members.append(Constituency(str(name), th, wt))
            out.append(WinSet(player, tuple(members), rule, quota))
        except _Invalid:
            continue
    return tuple(out)
