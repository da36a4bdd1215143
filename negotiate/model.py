"""Immutable games and the results solvers return about them.

A :class:`NormalFormGame` holds player names, strategy names and a read-only payoff array
``u`` of shape ``(n_players, s_0, ..., s_{n-1})``; ``u[i, a_0, ..., a_{n-1}]`` is player ``i``'s
payoff. Where every payoff is rational (integers, decimals, ``p/q`` in a file) the game also
keeps ``u_exact``, the same array of :class:`fractions.Fraction`, for exact solving.

Names stay at the edges: solvers work on ``u`` and return indices and arrays; this module
turns them back into named, verified results.
"""

from __future__ import annotations

import dataclasses
import enum
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from negotiate.errors import GameError, VerificationError
from negotiate.notebook import Notebook
from negotiate.numeric import TOL, format_fraction, player_tolerances, to_fraction
from negotiate.solvers.regret import (
    expected_payoffs,
    player_regrets,
    player_regrets_exact,
    regret,
)


def _read_only(a: np.ndarray) -> np.ndarray:
    a = np.array(a, copy=True)
    a.flags.writeable = False
    return a


@dataclass(frozen=True)
class Provenance:
    """Where a payoff or a named term comes from.

    ``cites`` are source tags (paragraphs ``P1``..``P13`` of the article for the built-in games);
    ``why`` says, in our own words, which incentive the number encodes; ``assumption`` marks what
    the source does not support, with the reason we assume it anyway.
    """

    why: str = ""
    cites: tuple[str, ...] = ()
    assumption: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.why or self.cites or self.assumption)


@dataclass(frozen=True)
class Parameter:
    """A named number a game file declares, with its default, allowed range and meaning."""

    name: str
    default: float
    low: float | None = None
    high: float | None = None
    meaning: str = ""

    def check(self, value: float) -> None:
        """Raise :class:`GameError` if ``value`` lies outside the declared range."""
        if not np.isfinite(value):
            raise GameError(f"parameter {self.name!r}: {value!r} is not a finite number")
        if (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        ):
            raise GameError(
                f"parameter {self.name!r}: {value:g} is outside its range "
                f"[{self.low:g}, {self.high:g}]"
            )


@dataclass(frozen=True, eq=False)
class NormalFormGame(Notebook):
    """A finite game in strategic form for any number of players.

    Parameters
    ----------
    players
        Player names, in the order of the first axis of ``u``.
    strategies
        For each player, its strategy names, in the order of that player's axis.
    u
        Payoffs, shape ``(n, s_0, ..., s_{n-1})``; copied and made read-only.
    title
        A one-line title.
    u_exact
        Optional object array of :class:`~fractions.Fraction` with the same shape, present when
        every payoff is rational; enables exact solving.
    parameters
        The parameter values this game was instantiated with (empty for a plain game).
    description, provenance
        Free text and the provenance of each payoff cell (keyed by ``(player, profile)``).
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    u: np.ndarray
    title: str = ""
    u_exact: np.ndarray | None = None
    parameters: Mapping[str, float] = field(default_factory=dict)
    description: str = ""
    provenance: Mapping[tuple[int, tuple[int, ...]], Provenance] = field(default_factory=dict)

    def __post_init__(self) -> None:
        players = tuple(str(p) for p in self.players)
        strategies = tuple(tuple(str(s) for s in ss) for ss in self.strategies)
        u = np.asarray(self.u, dtype=float)
        if len(players) < 1:
            raise GameError("a game needs at least one player")
        if len(set(players)) != len(players):
            raise GameError(f"player names must be distinct, got {list(players)}")
        if len(strategies) != len(players):
            raise GameError(f"{len(players)} players but {len(strategies)} strategy lists")
        for name, ss in zip(players, strategies, strict=True):
            if not ss:
                raise GameError(f"player {name!r} has no strategies")
            if len(set(ss)) != len(ss):
                raise GameError(f"strategy names of {name!r} must be distinct, got {list(ss)}")
        shape = (len(players), *(len(ss) for ss in strategies))
        if u.shape != shape:
            raise GameError(f"payoff array has shape {u.shape}, expected {shape}")
        if not np.all(np.isfinite(u)):
            raise GameError("payoffs must be finite numbers")
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "strategies", strategies)
        object.__setattr__(self, "u", _read_only(u))
        if self.u_exact is not None:
            exact = np.empty(shape, dtype=object)
            src = np.asarray(self.u_exact, dtype=object)
            if src.shape != shape:
                raise GameError(f"exact payoff array has shape {src.shape}, expected {shape}")
            for idx in np.ndindex(shape):
                exact[idx] = to_fraction(src[idx])
            object.__setattr__(self, "u_exact", _read_only(exact))
        object.__setattr__(self, "parameters", dict(self.parameters))
        object.__setattr__(self, "provenance", dict(self.provenance))

    # --- constructors -------------------------------------------------------------------

    @classmethod
    def from_arrays(
        cls,
        *payoffs: Any,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
        exact: bool | None = None,
    ) -> NormalFormGame:
        """Game from one payoff array per player (``A, B`` for a bimatrix game).

        Strategy names default to ``1, 2, ...`` and player names to ``P1, P2, ...``. Integer,
        Fraction or decimal-string entries also give the exact payoffs (``exact=None`` decides by
        the input; ``True`` insists, ``False`` keeps floats only).
        """
        if len(payoffs) == 1 and np.ndim(payoffs[0]) >= 1 and players is None:
            arr = np.asarray(payoffs[0], dtype=object)
            if arr.ndim == arr.shape[0] + 1:  # already stacked (n, s0, ..., sn-1)
                payoffs = tuple(arr)
        stacked = np.array([np.asarray(p, dtype=object) for p in payoffs], dtype=object)
        n = len(payoffs)
        if stacked.ndim != n + 1:
            raise GameError(
                f"{n} payoff arrays must each have {n} axes, got shape {stacked.shape[1:]}"
            )
        players = tuple(players) if players is not None else tuple(f"P{i + 1}" for i in range(n))
        if strategies is None:
            strategies = tuple(
                tuple(str(k + 1) for k in range(stacked.shape[i + 1])) for i in range(n)
            )
        u_exact = None
        if exact is not False:
            try:
                u_exact = np.vectorize(_exact_entry, otypes=[object])(stacked)
            except (TypeError, ValueError):
                if exact:
                    raise GameError("exact payoffs need integers, fractions or decimals") from None
        return cls(
            players=players,
            strategies=tuple(tuple(s) for s in strategies),
            u=np.vectorize(_float_entry, otypes=[float])(stacked),
            title=title,
            u_exact=u_exact,
        )

    # --- shape and views ----------------------------------------------------------------

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return tuple(len(s) for s in self.strategies)

    @property
    def n_profiles(self) -> int:
        return int(np.prod(self.shape))

    @property
    def is_exact(self) -> bool:
        return self.u_exact is not None

    def bimatrix(self) -> tuple[np.ndarray, np.ndarray]:
        """``(A, B)`` of a two-player game."""
        if self.n_players != 2:
            raise GameError(f"a bimatrix needs 2 players, this game has {self.n_players}")
        return self.u[0], self.u[1]

    def player_index(self, name: str) -> int:
        try:
            return self.players.index(name)
        except ValueError:
            raise GameError(f"no player {name!r}; players are {list(self.players)}") from None

    def strategy_index(self, player: int, name: str) -> int:
        try:
            return self.strategies[player].index(name)
        except ValueError:
            raise GameError(
                f"{self.players[player]} has no strategy {name!r}; "
                f"strategies are {list(self.strategies[player])}"
            ) from None

    def profiles(self) -> itertools.product:
        """All pure strategy profiles, as index tuples, player 0 slowest."""
        return itertools.product(*(range(k) for k in self.shape))

    def profile_names(self, profile: Sequence[int]) -> tuple[str, ...]:
        return tuple(self.strategies[i][a] for i, a in enumerate(profile))

    # --- transformations (each returns a new game) --------------------------------------

    def affine(self, player: int, scale: float, shift: float) -> NormalFormGame:
        """Replace ``player``'s payoffs ``u_i`` by ``scale * u_i + shift`` (``scale > 0``)."""
        if not scale > 0:
            raise GameError(f"an affine payoff transform needs a positive scale, got {scale}")
        u = np.array(self.u)
        u[player] = scale * u[player] + shift
        exact = None
        if self.u_exact is not None and _is_rational(scale) and _is_rational(shift):
            exact = np.array(self.u_exact)
            a, b = to_fraction(scale), to_fraction(shift)
            exact[player] = np.vectorize(lambda x: a * x + b, otypes=[object])(exact[player])
        return self._replace(u=u, u_exact=exact)

    def permute_strategies(self, player: int, order: Sequence[int]) -> NormalFormGame:
        """Reorder ``player``'s strategies: new strategy ``k`` is old strategy ``order[k]``."""
        order = list(order)
        if sorted(order) != list(range(self.shape[player])):
            raise GameError(f"{order} is not a permutation of {player}'s strategies")
        strategies = list(self.strategies)
        strategies[player] = tuple(self.strategies[player][k] for k in order)
        u = np.take(self.u, order, axis=player + 1)
        exact = None if self.u_exact is None else np.take(self.u_exact, order, axis=player + 1)
        return self._replace(strategies=tuple(strategies), u=u, u_exact=exact)

    def permute_players(self, order: Sequence[int]) -> NormalFormGame:
        """Reorder the players: new player ``k`` is old player ``order[k]``."""
        order = list(order)
        if sorted(order) != list(range(self.n_players)):
            raise GameError(f"{order} is not a permutation of the players")
        axes = [0, *(k + 1 for k in order)]
        u = np.transpose(self.u, axes)[order]
        exact = None
        if self.u_exact is not None:
            exact = np.transpose(self.u_exact, axes)[order]
        return self._replace(
            players=tuple(self.players[k] for k in order),
            strategies=tuple(self.strategies[k] for k in order),
            u=u,
            u_exact=exact,
            provenance={},
        )

    def restrict(self, keep: Sequence[Sequence[int]]) -> NormalFormGame:
        """The subgame where player ``i`` keeps only the strategies ``keep[i]``."""
        index = np.ix_(range(self.n_players), *[list(k) for k in keep])
        exact = None if self.u_exact is None else self.u_exact[index]
        strategies = tuple(tuple(self.strategies[i][k] for k in ks) for i, ks in enumerate(keep))
        return self._replace(strategies=strategies, u=self.u[index], u_exact=exact, provenance={})

    def rationalised(self) -> NormalFormGame:
        """The same game with exact payoffs: the exact binary values of its floats."""
        exact = np.vectorize(Fraction, otypes=[object])(self.u)
        return self._replace(u_exact=exact)

    def _replace(self, **changes: Any) -> NormalFormGame:
        fields = {
            "players": self.players,
            "strategies": self.strategies,
            "u": self.u,
            "title": self.title,
            "u_exact": self.u_exact,
            "parameters": self.parameters,
            "description": self.description,
            "provenance": self.provenance,
        }
        fields.update(changes)
        return NormalFormGame(**fields)

    # --- equality -----------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (
            self.players == other.players
            and self.strategies == other.strategies
            and np.array_equal(self.u, other.u)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        dims = "x".join(str(k) for k in self.shape)
        return f"NormalFormGame({self.title!r}, players={list(self.players)}, {dims})"

    # --- plain data and notebooks -------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data: the structure of ``negotiate show --format json``.

        ``{"game": {"title", "players", "strategies"}, "parameters": {name: value},
        "payoffs": [{"profile": [names], "payoffs": [one per player]}]}``, profiles in
        :meth:`profiles` order; Python ``str``, ``float`` and lists only.
        """
        from negotiate.render import game_json

        return game_json(None, self, provenance=False)

    def _blocks(self) -> list[Any]:
        from negotiate.render import game_blocks

        return game_blocks(self)


def _float_entry(x: Any) -> float:
    if isinstance(x, str):
        try:
            return float(to_fraction(x))
        except (ValueError, ZeroDivisionError):
            raise GameError(f"{x!r} is not a number") from None
    return float(x)


def _exact_entry(x: Any) -> Fraction:
    if isinstance(x, float | np.floating):
        # A float from an array is exact only when it is an integer; decimals must come as text.
        if float(x).is_integer():
            return Fraction(int(x))
        raise ValueError("inexact float")
    return to_fraction(x)


def _is_rational(x: Any) -> bool:
    try:
        _exact_entry(x)
    except (TypeError, ValueError):
        return False
    return True


class Method(enum.Enum):
    """How a set of equilibria was computed, and whether it is guaranteed complete."""

    PURE = ("pure-enumeration", True)
    VERTEX_ENUMERATION = ("vertex-enumeration", True)
    VERTEX_ENUMERATION_EXACT = ("vertex-enumeration-exact", True)
    LEMKE_HOWSON = ("lemke-howson", False)
    SUPPORT_ENUMERATION = ("support-enumeration", False)
    ZERO_SUM_LP = ("zero-sum-lp", False)
    PURE_ONLY = ("pure-only", False)  # n-player games: pure equilibria; mixed not searched
    SUPPORT_ENUMERATION_NPLAYER = ("support-enumeration-n-player", False)

    def __init__(self, label: str, complete: bool) -> None:
        self.label = label
        self.complete = complete


@dataclass(frozen=True, eq=False)
class Equilibrium(Notebook):
    """A mixed strategy profile claimed to be a Nash equilibrium.

    ``profile[i]`` is player ``i``'s probability vector (read-only). ``exact`` holds the same
    probabilities as Fractions when the solver worked exactly. ``component`` numbers the maximal
    Nash subset (connected set of equilibria) the profile belongs to, where known.
    """

    profile: tuple[np.ndarray, ...]
    exact: tuple[tuple[Fraction, ...], ...] | None = None
    component: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "profile", tuple(_read_only(np.asarray(p, dtype=float)) for p in self.profile)
        )
        if self.exact is not None:
            object.__setattr__(
                self, "exact", tuple(tuple(Fraction(q) for q in p) for p in self.exact)
            )

    @classmethod
    def pure(cls, shape: Sequence[int], profile: Sequence[int]) -> Equilibrium:
        vectors = []
        for k, a in zip(shape, profile, strict=True):
            v = np.zeros(k)
            v[a] = 1.0
            vectors.append(v)
        exact = tuple(
            tuple(Fraction(int(i == a)) for i in range(k))
            for k, a in zip(shape, profile, strict=True)
        )
        return cls(profile=tuple(vectors), exact=exact)

    def payoffs(self, game: NormalFormGame) -> np.ndarray:
        return expected_payoffs(game.u, self.profile)

    def regret(self, game: NormalFormGame) -> float:
        """Largest gain any player makes by a unilateral deviation."""
        return regret(game.u, self.profile)

    def supports(self, game: NormalFormGame | None = None) -> tuple[tuple[int, ...], ...]:
        """Indices played with positive probability, per player."""
        if self.exact is not None:
            return tuple(tuple(k for k, q in enumerate(p) if q > 0) for p in self.exact)
        return tuple(tuple(np.flatnonzero(p > TOL).tolist()) for p in self.profile)

    @property
    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.supports())

    def verify(self, game: NormalFormGame, tol: float = TOL) -> float:
        """Check this is an equilibrium of ``game``; return its regret.

        The regret is exactly 0 when the profile and the payoffs are exact and no player gains
        anything in rational arithmetic.

        Raises
        ------
        VerificationError
            If a probability vector is not a distribution, or a player gains more than
            ``tol`` times that player's payoff range by deviating.
        """
        for i, p in enumerate(self.profile):
            if p.shape != (game.shape[i],):
                raise VerificationError(
                    f"{game.players[i]}: {p.shape[0]} probabilities for {game.shape[i]} strategies"
                )
            if np.any(p < -tol) or abs(float(p.sum()) - 1.0) > tol * max(1, p.size):
                raise VerificationError(f"{game.players[i]}: {p.tolist()} is not a distribution")
        gains = player_regrets(game.u, self.profile)
        allowed = player_tolerances(game.u, tol)
        worst = int(np.argmax(gains - allowed))
        if gains[worst] > allowed[worst]:
            raise VerificationError(
                f"profile {[p.round(6).tolist() for p in self.profile]} is not an equilibrium: "
                f"{game.players[worst]} gains {gains[worst]:.3g} by deviating "
                f"(tolerance {allowed[worst]:.3g})"
            )
        if self.exact is not None and game.u_exact is not None:
            exact_gains = player_regrets_exact(game.u_exact, self.exact)
            if max(exact_gains) == 0:
                return 0.0  # verified in exact arithmetic: no player gains anything
        return float(gains.max())

    def key(self) -> tuple:
        """Hashable sort key: exact probabilities where known, else rounded floats."""
        if self.exact is not None:
            return tuple(tuple(p) for p in self.exact)
        digits = 9
        return tuple(tuple(round(float(x), digits) + 0.0 for x in p) for p in self.profile)

    def exact_strings(self) -> list[list[str]] | None:
        if self.exact is None:
            return None
        return [[format_fraction(q) for q in p] for p in self.exact]

    def to_dict(self, game: NormalFormGame | None = None) -> dict[str, Any]:
        """Plain, JSON-ready data.

        Without ``game``: ``{"strategies", "pure"}`` plus ``"exact"`` (``"p/q"`` strings) and
        ``"component"`` where known. With ``game``: one entry of ``negotiate solve``'s
        ``"equilibria"`` (adds ``"payoffs"``, ``"regret"``, ``"support"``).
        """
        from negotiate.render import equilibrium_json, rounded

        if game is not None:
            return equilibrium_json(game, self, self.regret(game))
        data: dict[str, Any] = {
            "strategies": [[rounded(x) for x in p] for p in self.profile],
            "pure": self.is_pure,
        }
        if self.exact is not None:
            data["exact"] = self.exact_strings()
        if self.component is not None:
            data["component"] = self.component
        return data

    def _blocks(self) -> list[Any]:
        from negotiate.render import equilibrium_blocks

        return equilibrium_blocks(self)


def unique_order(equilibria: Sequence[Equilibrium]) -> list[int]:
    """Indices of ``equilibria`` in the order of :meth:`Equilibrium.key`, the first of equal
    keys kept: the order and deduplication of a :class:`SolveResult`."""
    order = sorted(range(len(equilibria)), key=lambda k: equilibria[k].key())
    kept: list[int] = []
    seen: set = set()
    for k in order:
        key = equilibria[k].key()
        if key not in seen:
            seen.add(key)
            kept.append(k)
    return kept


@dataclass(frozen=True, eq=False)
class SolveResult(Notebook):
    """Verified equilibria of one game, with how they were found.

    Attributes
    ----------
    equilibria
        Sorted by :meth:`Equilibrium.key`, each verified against ``game``.
    regrets
        The verified regret of each equilibrium (same order).
    components
        Maximal Nash subsets: tuples of indices into ``equilibria`` whose convex hulls are
        connected sets of equilibria (one singleton per isolated equilibrium).
    nash_subsets
        Maximal Nash subsets (maximal bicliques of the extreme equilibria): tuples of indices
        into ``equilibria`` whose products of convex hulls consist of equilibria; every
        component is a union of them. Empty when the method does not compute them.
    complete
        True when the method guarantees every (extreme) equilibrium was found.
    """

    game: NormalFormGame
    equilibria: tuple[Equilibrium, ...]
    method: Method
    regrets: tuple[float, ...] = ()
    components: tuple[tuple[int, ...], ...] = ()
    tol: float = TOL
    nash_subsets: tuple[tuple[int, ...], ...] = ()
    notes: tuple[str, ...] = ()

    @classmethod
    def verified(
        cls,
        game: NormalFormGame,
        equilibria: Sequence[Equilibrium],
        method: Method,
        components: Sequence[Sequence[int]] | None = None,
        tol: float = TOL,
        notes: Sequence[str] = (),
        nash_subsets: Sequence[Sequence[int]] = (),
    ) -> SolveResult:
        """Sort, deduplicate and verify ``equilibria``; raise if any fails its check."""
        kept = unique_order(equilibria)
        new_index = {old: new for new, old in enumerate(kept)}
        eqs = tuple(equilibria[k] for k in kept)
        regrets = tuple(e.verify(game, tol) for e in eqs)

        def remap(groups: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
            mapped = sorted(
                tuple(sorted({new_index[old] for old in g if old in new_index})) for g in groups
            )
            return tuple(g for g in mapped if g)

        if components is None:
            comps = tuple((k,) for k in range(len(eqs)))
        else:
            comps = remap(components)
            label = {k: c for c, group in enumerate(comps) for k in group}
            eqs = tuple(dataclasses.replace(e, component=label.get(k)) for k, e in enumerate(eqs))
        return cls(
            game=game,
            equilibria=eqs,
            method=method,
            regrets=regrets,
            components=comps,
            tol=tol,
            notes=tuple(notes),
            nash_subsets=remap(nash_subsets),
        )

    @property
    def complete(self) -> bool:
        return self.method.complete

    def keys(self) -> tuple:
        return tuple(e.key() for e in self.equilibria)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data: exactly ``negotiate solve --format json`` (see
        ``schema/solve-output.schema.json``)."""
        from negotiate.render import solve_json

        return solve_json(self)

    def _blocks(self) -> list[Any]:
        from negotiate.render import solve_blocks

        return solve_blocks(self, exact=any(e.exact is not None for e in self.equilibria))
