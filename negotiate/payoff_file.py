"""Read payoff files (TOML) into :class:`~negotiate.spec.GameSpec`, safely and with precise errors.

The format is documented in ``docs/payoff-files.md`` and described by the JSON Schema
``schema/payoff-file.schema.json``. The reader never executes file content: expressions go
through :mod:`negotiate.expressions`. It never writes to the file it reads.

Every mistake is reported as ``file: key.path: what was expected, got what``; the reader keeps
going where it can, so :class:`~negotiate.errors.PayoffFileError` carries all the problems it
found, not only the first.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import math
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from negotiate.errors import ExpressionError, FileAccessError, NegotiateError, PayoffFileError
from negotiate.expressions import FUNCTIONS, Expression, parse, suggest
from negotiate.model import Parameter, Provenance
from negotiate.spec import BargainingSection, BargainingValue, Cell, GameSpec, Source, Term

#: Largest payoff file accepted, in bytes.
MAX_FILE_BYTES = 1_000_000
#: Most strategy profiles a game may have.
MAX_PROFILES = 100_000
#: Most players a game may have.
MAX_PLAYERS = 12

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TOP_KEYS = {
    "format",
    "title",
    "description",
    "source",
    "players",
    "strategies",
    "parameters",
    "terms",
    "payoffs",
    "outcomes",
    "claims",
    "bargaining",
}
_PROVENANCE_KEYS = {"why", "cites", "assumption"}
_RESERVED = set(FUNCTIONS) | {"and", "or", "not", "if", "else"}


def read_bytes(path: str | os.PathLike, display: str | None = None) -> bytes:
    """The file's bytes, within the size limit; a file that cannot be read at all is a
    :class:`FileAccessError` naming it."""
    display = display or str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise FileAccessError(f"{display}: is a directory, expected a game file")
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FileAccessError(
                f"{display}: file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"
            )
        return p.read_bytes()
    except FileNotFoundError:
        raise FileAccessError(f"{display}: no such file") from None
    except PermissionError:
        raise FileAccessError(f"{display}: permission denied") from None
    except OSError as err:
        raise FileAccessError(f"{display}: cannot read ({err.strerror})") from None


def read_text(path: str | os.PathLike, display: str | None = None) -> str:
    """The file's text: :func:`read_bytes`, then UTF-8 (a file that is not text is a problem
    of its content, a :class:`PayoffFileError`)."""
    display = display or str(path)
    data = read_bytes(path, display)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise PayoffFileError(
            f"{display}: not UTF-8 text (byte {err.start}); payoff files are TOML text"
        ) from None


def parse_toml(text: str, display: str) -> dict[str, Any]:
    """TOML text to a dict; a syntax error names the file, line and column."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise PayoffFileError(f"{display}: text is larger than the limit {MAX_FILE_BYTES:,} bytes")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise PayoffFileError(f"{display}: invalid TOML: {err}") from None
    except (RecursionError, MemoryError):
        raise PayoffFileError(f"{display}: invalid TOML: nested too deeply") from None


def load_spec(path: str | os.PathLike, display: str | None = None) -> GameSpec:
    """Read and check the payoff file at ``path``."""
    display = display or str(path)
    return spec_from_text(read_text(path, display), display)


def spec_from_text(text: str, display: str = "<text>") -> GameSpec:
    """Parse payoff-file text (TOML) into a checked :class:`GameSpec`."""
    return spec_from_mapping(parse_toml(text, display), display)


def spec_from_mapping(data: Mapping[str, Any], display: str = "<data>") -> GameSpec:
    """Check a parsed payoff file and build its :class:`GameSpec`."""
    return _Reader(display).read(data)


class _Reader:
    """One pass over a parsed file, collecting every problem it can before giving up."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[str] = []

    # --- problem collection ---------------------------------------------------------------

    def problem(self, keypath: str, message: str) -> None:
        where = f"{keypath}: " if keypath else ""
        self.problems.append(f"{self.display}: {where}{message}")

    def fail_if_any(self) -> None:
        if self.problems:
            raise PayoffFileError(self.problems)

    def fatal(self, keypath: str, message: str) -> PayoffFileError:
        self.problem(keypath, message)
        return PayoffFileError(self.problems)

    # --- typed getters --------------------------------------------------------------------

    def expect_table(self, value: Any, keypath: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(keypath, f"expected a table, got {_describe(value)}")
            return None
        return value

    def expect_str(self, value: Any, keypath: str) -> str | None:
        if not isinstance(value, str):
            self.problem(keypath, f"expected text in quotes, got {_describe(value)}")
            return None
        return value

    def expect_names(self, value: Any, keypath: str, what: str) -> tuple[str, ...] | None:
        if not isinstance(value, list) or not value:
            self.problem(keypath, f"expected a non-empty list of {what}, got {_describe(value)}")
            return None
        names = []
        for k, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problem(f"{keypath}[{k}]", f"expected a name in quotes, got {_describe(item)}")
                return None
            names.append(item)
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            self.problem(keypath, f"{what} must be distinct; repeated: {', '.join(dupes)}")
            return None
        return tuple(names)

    def unknown_keys(self, table: Mapping[str, Any], allowed: Iterable[str], keypath: str) -> None:
        allowed = set(allowed)
        for key in table:
            if key not in allowed:
                hint = suggest(key, allowed)
                where = f"{keypath}.{_key(key)}" if keypath else _key(key)
                self.problem(
                    where, f"unknown key{hint}; allowed here: {', '.join(sorted(allowed))}"
                )

    def provenance(self, table: Mapping[str, Any], keypath: str) -> Provenance:
        why = table.get("why", "")
        assumption = table.get("assumption", "")
        cites = table.get("cites", [])
        if not isinstance(why, str):
            self.problem(f"{keypath}.why", f"expected text in quotes, got {_describe(why)}")
            why = ""
        if not isinstance(assumption, str):
            self.problem(
                f"{keypath}.assumption", f"expected text in quotes, got {_describe(assumption)}"
            )
            assumption = ""
        if isinstance(cites, str):
            cites = [cites]
        if not isinstance(cites, list) or not all(isinstance(c, str) and c for c in cites):
            self.problem(
                f"{keypath}.cites", f'expected a list of tags like ["P3"], got {_describe(cites)}'
            )
            cites = []
        return Provenance(why=why.strip(), cites=tuple(cites), assumption=assumption.strip())

    def expression(self, value: Any, keypath: str, known: Iterable[str]) -> Expression | None:
        try:
            return parse(value, known)
        except ExpressionError as err:
            self.problem(keypath, str(err))
            return None

    def check_format(self, data: Mapping[str, Any]) -> None:
        """A problem unless the file's ``format`` (default 1) is 1, the one this reads."""
        fmt = data.get("format", 1)
        if fmt != 1:
            self.problem("format", f"this version of negotiate reads format 1, got {fmt!r}")

    # --- the file -------------------------------------------------------------------------

    def read(self, data: Mapping[str, Any]) -> GameSpec:
        if not isinstance(data, Mapping):
            raise self.fatal("", "expected a TOML table at the top level")
        if "games" in data and "players" not in data:
            raise self.fatal(
                "",
                "this is a scenario file (several linked games), not a game; run "
                "`negotiate report` on it, or name one of its games",
            )
        self.unknown_keys(data, _TOP_KEYS, "")
        self.check_format(data)
        title = self.expect_str(data.get("title", ""), "title") or ""
        description = self.expect_str(data.get("description", ""), "description") or ""
        source = self.source(data.get("source", {}))
        if "players" not in data:
            raise self.fatal("players", 'missing; expected a list of names like ["US", "Russia"]')
        players = self.expect_names(data["players"], "players", "player names")
        if players is None:
            raise PayoffFileError(self.problems)
        if len(players) > MAX_PLAYERS:
            raise self.fatal("players", f"{len(players)} players; the limit is {MAX_PLAYERS}")
        has_matrix, has_outcomes = "payoffs" in data, "outcomes" in data
        # A bargaining-only file: players and [bargaining], no strategies and no payoffs.
        bargaining_only = "bargaining" in data and not (
            "strategies" in data or has_matrix or has_outcomes
        )
        strategies = () if bargaining_only else self.strategies(data.get("strategies"), players)
        parameters = self.parameters(data.get("parameters", {}))
        terms = self.terms(data.get("terms", {}), parameters)
        self.fail_if_any()
        known = set(parameters) | {t.name for t in terms}
        if bargaining_only:
            cells = np.empty((len(players), 0), dtype=object)
        elif has_matrix == has_outcomes:
            raise self.fatal(
                "payoffs",
                "give either [payoffs] (a matrix per player) or [[outcomes]] "
                "(one entry per strategy profile)" + (", not both" if has_matrix else ""),
            )
        elif has_matrix:
            cells = self.matrix_payoffs(data["payoffs"], players, strategies, known)
        else:
            cells = self.outcome_payoffs(data["outcomes"], players, strategies, known)
        self.fail_if_any()
        claims = data.get("claims", [])
        if not isinstance(claims, list) or not all(isinstance(c, dict) for c in claims):
            self.problem("claims", f"expected a list of tables, got {_describe(claims)}")
        self.fail_if_any()
        spec = GameSpec(
            origin=self.display,
            title=title.strip(),
            players=players,
            strategies=strategies,
            parameters=parameters,
            terms=terms,
            cells=cells,
            description=description.strip(),
            source=source,
            claims=tuple(claims),
        )
        if "bargaining" in data:
            section = self.bargaining(data["bargaining"], spec)
            self.fail_if_any()
            spec = dataclasses.replace(spec, bargaining=section)
        return spec

    # --- [bargaining] ---------------------------------------------------------------------

    def bargaining(self, value: Any, spec: GameSpec) -> BargainingSection | None:
        """Check the ``[bargaining]`` table by evaluating it at the parameters' defaults.

        The table's structure is parsed by :mod:`negotiate.bargaining.spec`, which asks this
        reader for every number it needs; each number is parsed as an expression of the
        parameters and terms and remembered with its key path and provenance, so the same
        numbers can be evaluated again for other parameter values.
        """
        from negotiate.bargaining.spec import spec_from_mapping

        table = self.expect_table(value, "bargaining")
        if table is None:
            return None
        sourced: dict[str, Provenance] = {}
        leaves: list[str] = []
        data = self.strip_values(table, "bargaining", sourced, leaves)
        if self.problems:
            return None
        known = set(spec.parameters) | {t.name for t in spec.terms}
        env = spec.term_values(spec.resolve())
        seen: dict[str, Expression] = {}

        def number(text: object, keypath: str) -> float:
            expr = parse(text, known)  # type: ignore[arg-type]
            seen[keypath] = expr
            return float(expr.evaluate(env))

        d = data.get("disagreement")
        from_game = isinstance(d, str) or (isinstance(d, Mapping) and "profile" in d)
        try:
            game = spec.instantiate() if spec.strategies and from_game else None
            spec_from_mapping(copy.deepcopy(data), self.display, number, game=game)
        except PayoffFileError as err:
            self.problems.extend(err.problems)
        except NegotiateError as err:  # a solver or game error while checking the problem
            self.problem("bargaining", f"expected a problem that can be solved, got: {err}")
        for keypath in sourced:
            if keypath not in seen and not self.problems:
                self.problem(keypath, "a value with provenance must be a number or an expression")
        values = tuple(
            BargainingValue(k, seen[k], sourced.get(k, Provenance())) for k in leaves if k in seen
        )
        return BargainingSection(data=data, written=copy.deepcopy(table), values=values)

    def strip_values(
        self, value: Any, keypath: str, sourced: dict[str, Provenance], leaves: list[str]
    ) -> Any:
        """A copy of ``value`` with each ``{ value = ..., why = ... }`` replaced by its value.

        Key paths are written as the bargaining parser writes them (``a.b[0].c``, keys
        unquoted) so that numbers and their provenance meet again by key path.
        """
        if isinstance(value, dict):
            inner = value.get("value")
            if isinstance(inner, int | float | str) and not isinstance(inner, bool):
                self.unknown_keys(value, {"value"} | _PROVENANCE_KEYS, keypath)
                sourced[keypath] = self.provenance(value, keypath)
                leaves.append(keypath)
                return inner
            return {
                k: self.strip_values(v, f"{keypath}.{k}", sourced, leaves) for k, v in value.items()
            }
        if isinstance(value, list):
            return [
                self.strip_values(v, f"{keypath}[{k}]", sourced, leaves)
                for k, v in enumerate(value)
            ]
        leaves.append(keypath)
        return value

    def source(self, value: Any) -> Source:
        if isinstance(value, str):
            return Source(title=value)
        table = self.expect_table(value, "source")
        if table is None:
            return Source()
        self.unknown_keys(table, {"title", "location", "tags"}, "source")
        tags = table.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            self.problem(
                "source.tags", f'expected a list of tags like ["P1", "P2"], got {_describe(tags)}'
            )
            tags = []
        return Source(
            title=self.expect_str(table.get("title", ""), "source.title") or "",
            location=self.expect_str(table.get("location", ""), "source.location") or "",
            tags=tuple(tags),
        )

    def strategies(self, value: Any, players: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        if value is None:
            raise self.fatal(
                "strategies", "missing; expected a table giving each player's strategy names"
            )
        table = self.expect_table(value, "strategies")
        if table is None:
            raise PayoffFileError(self.problems)
        self.unknown_keys(table, players, "strategies")
        result = []
        for player in players:
            keypath = f"strategies.{_key(player)}"
            if player not in table:
                raise self.fatal(keypath, f"missing; expected the strategy names of {player}")
            names = self.expect_names(table[player], keypath, "strategy names")
            if names is None:
                raise PayoffFileError(self.problems)
            result.append(names)
        profiles = math.prod(len(s) for s in result)
        if profiles > MAX_PROFILES:
            raise self.fatal(
                "strategies", f"{profiles:,} strategy profiles; the limit is {MAX_PROFILES:,}"
            )
        return tuple(result)

    def parameters(self, value: Any) -> dict[str, Parameter]:
        table = self.expect_table(value, "parameters")
        result: dict[str, Parameter] = {}
        for name, spec in (table or {}).items():
            keypath = f"parameters.{_key(name)}"
            if not self.valid_name(name, keypath):
                continue
            if isinstance(spec, int | float) and not isinstance(spec, bool):
                spec = {"default": spec}
            spec = self.expect_table(spec, keypath)
            if spec is None:
                continue
            self.unknown_keys(spec, {"default", "range", "meaning"}, keypath)
            default = spec.get("default")
            if not _is_number(default):
                self.problem(f"{keypath}.default", f"expected a number, got {_describe(default)}")
                continue
            low = high = None
            if "range" in spec:
                rng = spec["range"]
                if (
                    not isinstance(rng, list)
                    or len(rng) != 2
                    or not all(_is_number(x) for x in rng)
                    or not rng[0] <= rng[1]
                ):
                    self.problem(
                        f"{keypath}.range",
                        f"expected [low, high] with low <= high, got {_describe(rng)}",
                    )
                    continue
                low, high = float(rng[0]), float(rng[1])
                if not low <= default <= high:
                    self.problem(
                        f"{keypath}.default",
                        f"{default} is outside the range [{low:g}, {high:g}]",
                    )
                    continue
            meaning = self.expect_str(spec.get("meaning", ""), f"{keypath}.meaning") or ""
            result[name] = Parameter(name, float(default), low, high, meaning.strip())
        return result

    def valid_name(self, name: str, keypath: str) -> bool:
        if not _NAME.match(name):
            self.problem(keypath, "names must start with a letter and use only letters, digits, _")
            return False
        if name in _RESERVED:
            self.problem(keypath, f"{name!r} is a reserved word of the expression language")
            return False
        return True

    def terms(self, value: Any, parameters: Mapping[str, Parameter]) -> tuple[Term, ...]:
        table = self.expect_table(value, "terms") or {}
        raw: dict[str, tuple[Any, str, Provenance]] = {}
        for name, spec in table.items():
            keypath = f"terms.{_key(name)}"
            if not self.valid_name(name, keypath):
                continue
            if name in parameters:
                self.problem(keypath, f"{name!r} is already a parameter name")
                continue
            if not isinstance(spec, dict):
                spec = {"value": spec}
            self.unknown_keys(spec, {"value"} | _PROVENANCE_KEYS, keypath)
            if "value" not in spec:
                self.problem(f"{keypath}.value", "missing; expected a number or an expression")
                continue
            raw[name] = (spec["value"], keypath, self.provenance(spec, keypath))
        names = set(parameters) | set(raw)
        parsed: dict[str, Term] = {}
        for name, (text, keypath, prov) in raw.items():
            expr = self.expression(text, f"{keypath}.value", names - {name})
            if expr is not None:
                parsed[name] = Term(name, expr, prov, keypath)
        return self.order_terms(parsed)

    def order_terms(self, terms: dict[str, Term]) -> tuple[Term, ...]:
        """Terms sorted so each follows the terms it uses; a cycle is an error."""
        ordered: list[Term] = []
        state: dict[str, int] = {}  # 1 visiting, 2 done

        def visit(name: str, chain: list[str]) -> None:
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                cycle = " -> ".join([*chain[chain.index(name) :], name])
                self.problem(terms[name].keypath, f"terms refer to each other in a cycle: {cycle}")
                return
            state[name] = 1
            for dep in terms[name].expression.names:
                if dep in terms:
                    visit(dep, [*chain, name])
            state[name] = 2
            ordered.append(terms[name])

        for name in sorted(terms):
            visit(name, [])
        return tuple(ordered)

    def cell(self, value: Any, keypath: str, known: set[str], inherited: Provenance) -> Cell | None:
        prov = inherited
        if isinstance(value, dict):
            self.unknown_keys(value, {"value"} | _PROVENANCE_KEYS, keypath)
            if "value" not in value:
                self.problem(f"{keypath}.value", "missing; expected a number or an expression")
                return None
            own = self.provenance(value, keypath)
            prov = own if not own.is_empty else inherited
            value, keypath = value["value"], f"{keypath}.value"
        expr = self.expression(value, keypath, known)
        return None if expr is None else Cell(expr, prov, keypath)

    def matrix_payoffs(
        self,
        value: Any,
        players: tuple[str, ...],
        strategies: tuple[tuple[str, ...], ...],
        known: set[str],
    ) -> np.ndarray:
        table = self.expect_table(value, "payoffs")
        if table is None:
            raise PayoffFileError(self.problems)
        self.unknown_keys(table, players, "payoffs")
        shape = tuple(len(s) for s in strategies)
        cells = np.empty((len(players), *shape), dtype=object)
        for i, player in enumerate(players):
            keypath = f"payoffs.{_key(player)}"
            if player not in table:
                self.problem(keypath, f"missing; expected {player}'s payoffs")
                continue
            matrix = table[player]
            if isinstance(matrix, dict):
                # Rows named by the first player's strategies: payoffs.US.Engage = [...]
                self.unknown_keys(matrix, strategies[0], keypath)
                for r, row_name in enumerate(strategies[0]):
                    row_path = f"{keypath}.{_key(row_name)}"
                    if row_name not in matrix:
                        self.problem(row_path, f"missing; expected the payoffs of row {row_name}")
                        continue
                    self.fill(cells, (i, r), matrix[row_name], row_path, shape[1:], known)
            else:
                self.fill(cells, (i,), matrix, keypath, shape, known)
        return cells

    def fill(
        self,
        cells: np.ndarray,
        prefix: tuple[int, ...],
        value: Any,
        keypath: str,
        shape: tuple[int, ...],
        known: set[str],
    ) -> None:
        """Put a nested list of payoffs of the given shape into ``cells`` at ``prefix``."""
        if not shape:
            cell = self.cell(value, keypath, known, Provenance())
            if cell is not None:
                cells[prefix] = cell
            return
        if not isinstance(value, list) or len(value) != shape[0]:
            dims = " x ".join(str(k) for k in shape)
            got = f"a list of {len(value)}" if isinstance(value, list) else _describe(value)
            self.problem(keypath, f"expected a {dims} array of payoffs, got {got}")
            return
        for k, item in enumerate(value):
            self.fill(cells, (*prefix, k), item, f"{keypath}[{k}]", shape[1:], known)

    def outcome_payoffs(
        self,
        value: Any,
        players: tuple[str, ...],
        strategies: tuple[tuple[str, ...], ...],
        known: set[str],
    ) -> np.ndarray:
        if not isinstance(value, list):
            raise self.fatal("outcomes", f"expected [[outcomes]] entries, got {_describe(value)}")
        shape = tuple(len(s) for s in strategies)
        cells = np.empty((len(players), *shape), dtype=object)
        where: dict[tuple[int, ...], int] = {}
        for k, entry in enumerate(value):
            keypath = f"outcomes[{k}]"
            entry = self.expect_table(entry, keypath)
            if entry is None:
                continue
            self.unknown_keys(entry, {"profile", *players, *_PROVENANCE_KEYS}, keypath)
            profile = self.profile(entry.get("profile"), f"{keypath}.profile", players, strategies)
            if profile is None:
                continue
            if profile in where:
                self.problem(
                    f"{keypath}.profile",
                    f"profile {_names(profile, strategies)} is already given by "
                    f"outcomes[{where[profile]}]",
                )
                continue
            where[profile] = k
            inherited = self.provenance(entry, keypath)
            for i, player in enumerate(players):
                if player not in entry:
                    self.problem(
                        f"{keypath}.{_key(player)}", f"missing; expected {player}'s payoff"
                    )
                    continue
                cell = self.cell(entry[player], f"{keypath}.{_key(player)}", known, inherited)
                if cell is not None:
                    cells[(i, *profile)] = cell
        missing = [p for p in itertools.product(*(range(n) for n in shape)) if p not in where]
        if missing and not self.problems:
            shown = "; ".join(_names(p, strategies) for p in missing[:3])
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            self.problem("outcomes", f"no entry for profile {shown}{more}")
        return cells

    def profile(
        self,
        value: Any,
        keypath: str,
        players: tuple[str, ...],
        strategies: tuple[tuple[str, ...], ...],
    ) -> tuple[int, ...] | None:
        if isinstance(value, dict):
            self.unknown_keys(value, players, keypath)
            if set(value) != set(players):
                self.problem(keypath, f"expected a strategy for each of {', '.join(players)}")
                return None
            value = [value[p] for p in players]
        if not isinstance(value, list) or len(value) != len(players):
            self.problem(
                keypath,
                f"expected {len(players)} strategy names, one per player "
                f"({', '.join(players)}), got {_describe(value)}",
            )
            return None
        profile = []
        for i, name in enumerate(value):
            if name not in strategies[i]:
                self.problem(
                    f"{keypath}[{i}]",
                    f"{players[i]} has no strategy {name!r}{suggest(str(name), strategies[i])}; "
                    f"strategies are {', '.join(strategies[i])}",
                )
                return None
            profile.append(strategies[i].index(name))
        return tuple(profile)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f'"{text}"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, int | float):
        return repr(value)
    return type(value).__name__


def _key(name: str) -> str:
    """A key as it would be written in a TOML key path (quoted when not bare)."""
    return name if re.match(r"^[A-Za-z0-9_-]+$", name) else f'"{name}"'


def _names(profile: tuple[int, ...], strategies: tuple[tuple[str, ...], ...]) -> str:
    return "(" + ", ".join(strategies[i][a] for i, a in enumerate(profile)) + ")"
