"""A parsed payoff file: named terms and payoff expressions, instantiated into games.

A :class:`GameSpec` is what a payoff file says before any parameter has a value: players,
strategies, declared parameters, named terms (expressions with provenance) and one payoff
expression per player and strategy profile. :meth:`GameSpec.instantiate` gives the
:class:`~negotiate.model.NormalFormGame` for one set of parameter values;
:meth:`GameSpec.payoff_batch` gives the payoff arrays for many values at once, evaluating each
expression a single time on numpy arrays.

A file may also carry a ``[bargaining]`` table (``docs/bargaining.md``): a
:class:`BargainingSection` keeps it as written, and :meth:`GameSpec.bargaining_spec` evaluates
its numbers (expressions of the parameters and terms) for one set of parameter values into a
:class:`~negotiate.bargaining.spec.BargainingSpec`. A bargaining-only file has no strategies;
its ``cells`` array then has shape ``(n, 0)`` and it cannot be instantiated as a game.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiate.errors import ExpressionError, GameError, PayoffFileError
from negotiate.expressions import Expression, parse, suggest
from negotiate.model import NormalFormGame, Parameter, Provenance
from negotiate.numeric import format_fraction, to_fraction

if TYPE_CHECKING:
    from negotiate.bargaining.spec import BargainingSpec


@dataclass(frozen=True)
class Term:
    """A named part of payoffs: an expression and where it comes from."""

    name: str
    expression: Expression
    provenance: Provenance
    keypath: str


@dataclass(frozen=True)
class Cell:
    """One player's payoff at one strategy profile, as written in the file."""

    expression: Expression
    provenance: Provenance
    keypath: str


@dataclass(frozen=True)
class BargainingValue:
    """One number written in the ``[bargaining]`` table: its key path, expression and source."""

    keypath: str
    expression: Expression
    provenance: Provenance


@dataclass(frozen=True, eq=False)
class BargainingSection:
    """The ``[bargaining]`` table of a payoff file, checked at the parameters' defaults.

    Attributes
    ----------
    data
        The table with every ``{ value = ..., why = ... }`` replaced by its value (private:
        :meth:`GameSpec.bargaining_spec` hands a fresh copy to the parser each time).
    written
        The table exactly as written (provenance tables kept), for writing the file back.
    values
        Every number the file writes in the table, in file order, with its provenance.
    """

    data: Mapping[str, Any]
    written: Mapping[str, Any]
    values: tuple[BargainingValue, ...]

    def value_at(self, keypath: str) -> BargainingValue | None:
        """The number written at ``keypath`` (``bargaining.weights.Russia``), if any."""
        for v in self.values:
            if v.keypath == keypath:
                return v
        return None


@dataclass(frozen=True)
class Source:
    """What the file's citations refer to: a title, a location, and the valid tags if listed."""

    title: str = ""
    location: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class GameSpec:
    """A payoff file, parsed and checked, not yet instantiated.

    ``cells`` is an object array of :class:`Cell` of shape ``(n, s_0, ..., s_{n-1})``; ``terms``
    are in an order where every term comes after the terms it uses.
    """

    origin: str
    title: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    parameters: Mapping[str, Parameter]
    terms: tuple[Term, ...]
    cells: np.ndarray
    description: str = ""
    source: Source = field(default_factory=Source)
    claims: tuple = ()
    bargaining: BargainingSection | None = None

    @classmethod
    def from_game(cls, game: NormalFormGame, origin: str = "<game>") -> GameSpec:
        """A spec whose payoffs are the constants of ``game`` (exact where the game is)."""
        cells = np.empty(game.u.shape, dtype=object)
        for index in np.ndindex(game.u.shape):
            if game.u_exact is not None:
                text = format_fraction(game.u_exact[index])
            else:
                text = repr(float(game.u[index]))
            prov = game.provenance.get((index[0], tuple(index[1:])), Provenance())
            keypath = f"payoffs.{game.players[index[0]]}{''.join(f'[{k}]' for k in index[1:])}"
            cells[index] = Cell(parse(text), prov, keypath)
        return cls(
            origin=origin,
            title=game.title,
            players=game.players,
            strategies=game.strategies,
            parameters={},
            terms=(),
            cells=cells,
            description=game.description,
        )

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(s) for s in self.strategies)

    def defaults(self) -> dict[str, float]:
        return {name: p.default for name, p in self.parameters.items()}

    def resolve(self, values: Mapping[str, object] | None = None) -> dict[str, object]:
        """Defaults overridden by ``values``; unknown names and out-of-range values are errors."""
        env: dict[str, object] = dict(self.defaults())
        for name, value in (values or {}).items():
            if name not in self.parameters:
                known = sorted(self.parameters)
                listing = ", ".join(known) if known else "none"
                raise GameError(
                    f"{self.origin}: unknown parameter {name!r}{suggest(name, known)}; "
                    f"this game's parameters: {listing}"
                )
            for v in np.atleast_1d(np.asarray(value, dtype=float)).ravel():
                try:
                    self.parameters[name].check(float(v))
                except GameError as err:
                    raise GameError(f"{self.origin}: {err}") from None
            env[name] = value
        return env

    def term_values(
        self, env: Mapping[str, object], term_scale: Mapping[str, object] | None = None
    ) -> dict[str, object]:
        """Parameters and every term evaluated (arrays if parameter values are arrays).

        ``term_scale`` multiplies named terms by the given factors (numbers or arrays, which
        broadcast with the parameter values) as soon as each is evaluated, so terms built from
        a scaled term see its scaled value.
        """
        scale = dict(term_scale or {})
        unknown = sorted(set(scale) - {t.name for t in self.terms})
        if unknown:
            raise GameError(f"{self.origin}: no term {unknown[0]!r} to scale")
        values = dict(env)
        for term in self.terms:
            value = self._evaluate(term.expression, values, term.keypath)
            values[term.name] = (
                value * np.asarray(scale[term.name]) if term.name in scale else value
            )
        return values

    def payoff_batch(
        self,
        values: Mapping[str, object] | None = None,
        term_scale: Mapping[str, object] | None = None,
    ) -> np.ndarray:
        """Payoffs for arrays of parameter values.

        Parameter values (and the factors of ``term_scale``, see :meth:`term_values`)
        broadcast together to a batch shape ``k``; the result has shape
        ``(*k, n, s_0, ..., s_{n-1})`` (no leading axes for scalar values).
        """
        self._require_strategies()
        env = self.term_values(self.resolve(values), term_scale)
        batch = np.broadcast_shapes(*(np.shape(v) for v in env.values())) if env else ()
        out = np.empty((*batch, *self.cells.shape))
        for index in np.ndindex(self.cells.shape):
            cell = self.cells[index]
            out[(Ellipsis, *index)] = self._evaluate(cell.expression, env, cell.keypath)
        return out

    def instantiate(
        self, values: Mapping[str, float] | None = None, exact: bool = False
    ) -> NormalFormGame:
        """The game for one set of parameter values (defaults where not given).

        With ``exact=True`` the payoffs are also computed as exact rationals (parameter values
        read as the decimals they print as); an expression with no exact value is an error.
        """
        self._require_strategies()
        env = self.resolve(values)
        for name, value in env.items():
            if np.ndim(value) != 0:
                raise GameError(f"{self.origin}: parameter {name!r} must be a single number here")
        u = self.payoff_batch(values)
        u_exact = self._exact_payoffs(env) if exact else None
        provenance = {
            (index[0], tuple(index[1:])): self.cells[index].provenance
            for index in np.ndindex(self.cells.shape)
            if not self.cells[index].provenance.is_empty
        }
        return NormalFormGame(
            players=self.players,
            strategies=self.strategies,
            u=u,
            title=self.title,
            u_exact=u_exact,
            parameters={k: float(v) for k, v in env.items()},
            description=self.description,
            provenance=provenance,
        )

    def _require_strategies(self) -> None:
        if not self.strategies:
            raise GameError(
                f"{self.origin}: a bargaining game without strategies has no payoff matrix; "
                "use `negotiate bargain`"
            )

    def bargaining_spec(self, values: Mapping[str, float] | None = None) -> BargainingSpec:
        """The ``[bargaining]`` table evaluated at ``values`` (defaults where not given).

        Numbers are expressions of the parameters and terms, evaluated like payoffs; a
        disagreement point taken from the game (``"security"`` or a profile) uses the game
        instantiated at the same values.

        Raises
        ------
        GameError
            If the file has no ``[bargaining]`` table, or for unknown or out-of-range values.
        PayoffFileError
            If the table does not describe a valid problem at these values (for example a
            weight that evaluates to a non-positive number), naming the key path.
        """
        from negotiate.bargaining.spec import spec_from_mapping

        section = self.bargaining
        if section is None:
            raise GameError(f"{self.origin}: no [bargaining] table in this file")
        env = self.term_values(self.resolve(values))
        for name, value in env.items():
            if np.ndim(value) != 0:
                raise GameError(f"{self.origin}: {name!r} must be a single number here")
        written = {v.keypath: v.expression for v in section.values}
        known = set(env)

        def number(value: object, keypath: str) -> float:
            expr = written.get(keypath)
            if expr is None:  # a default filled in by the parser
                expr = parse(value, known)  # type: ignore[arg-type]
            # An ExpressionError becomes the parser's one-line problem at ``keypath``.
            return float(expr.evaluate(env))

        game = self.instantiate(values) if self.strategies and self._uses_game() else None
        return spec_from_mapping(copy.deepcopy(dict(section.data)), self.origin, number, game=game)

    def _uses_game(self) -> bool:
        d = self.bargaining.data.get("disagreement") if self.bargaining else None
        return isinstance(d, str) or (isinstance(d, Mapping) and "profile" in d)

    def _exact_payoffs(self, env: Mapping[str, object]) -> np.ndarray:
        values: dict[str, Fraction] = {k: to_fraction(float(v)) for k, v in env.items()}
        for term in self.terms:
            values[term.name] = self._evaluate_exact(term.expression, values, term.keypath)
        out = np.empty(self.cells.shape, dtype=object)
        for index in np.ndindex(self.cells.shape):
            cell = self.cells[index]
            out[index] = self._evaluate_exact(cell.expression, values, cell.keypath)
        return out

    def _evaluate(self, expression: Expression, env: Mapping[str, object], keypath: str):
        try:
            return expression.evaluate(env)
        except ExpressionError as err:
            raise PayoffFileError(f"{self.origin}: {keypath}: {err}") from None

    def _evaluate_exact(self, expression: Expression, env: Mapping[str, Fraction], keypath: str):
        try:
            return expression.evaluate_exact(env)
        except ExpressionError as err:
            raise PayoffFileError(f"{self.origin}: {keypath}: {err}") from None

    def uses(self, expression: Expression) -> tuple[str, ...]:
        """Every term an expression depends on, directly or through other terms, sorted."""
        by_name = {t.name: t for t in self.terms}
        seen: set[str] = set()
        stack = [n for n in expression.names if n in by_name]
        while stack:
            name = stack.pop()
            if name not in seen:
                seen.add(name)
                stack.extend(n for n in by_name[name].expression.names if n in by_name)
        return tuple(sorted(seen))

    def provenance_problems(self) -> list[str]:
        """Payoffs, terms and bargaining values whose source is not stated, and citations of
        unknown tags.

        A term needs ``why`` with ``cites``, or an ``assumption``. A payoff cell, and every
        number written in ``[bargaining]``, is sourced by its own (or its outcome's)
        provenance, or by using at least one term; a constant ``0`` is the normalisation of a
        baseline and needs none.
        """
        problems: list[str] = []
        tags = set(self.source.tags)

        def check(prov: Provenance, keypath: str) -> None:
            for tag in prov.cites:
                if tags and tag not in tags:
                    problems.append(
                        f"{self.origin}: {keypath}.cites: {tag!r} is not a tag of the source"
                        f"{suggest(tag, tags)}"
                    )

        for term in self.terms:
            prov = term.provenance
            check(prov, term.keypath)
            if not prov.assumption and not (prov.why and prov.cites):
                problems.append(
                    f"{self.origin}: {term.keypath}: no provenance; give `why` and `cites`, "
                    "or an `assumption`"
                )
        for index in np.ndindex(self.cells.shape):
            cell = self.cells[index]
            check(cell.provenance, cell.keypath)
            if not cell.provenance.is_empty or self.uses(cell.expression):
                continue
            if cell.expression.constant and cell.expression.evaluate({}) == 0:
                continue
            problems.append(
                f"{self.origin}: {cell.keypath}: payoff {cell.expression.text!r} has no "
                "provenance; use named terms, or give `why` and `cites` or an `assumption`"
            )
        for value in self.bargaining.values if self.bargaining else ():
            check(value.provenance, value.keypath)
            if not value.provenance.is_empty or self.uses(value.expression):
                continue
            if value.expression.constant and value.expression.evaluate({}) == 0:
                continue
            problems.append(
                f"{self.origin}: {value.keypath}: value {value.expression.text!r} has no "
                "provenance; use named terms, or give `why` and `cites` or an `assumption`"
            )
        return problems

    def cell_at(self, player: int, profile: Sequence[int]) -> Cell:
        return self.cells[(player, *profile)]
