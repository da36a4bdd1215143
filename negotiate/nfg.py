r"""Read and write Gambit strategic-form game files (``.nfg``).

The format (Gambit documentation, "Game representation formats": the strategic game file,
payoff version and outcome version) is a whitespace-separated token stream::

    NFG 1 R "title" { "Player 1" "Player 2" } { 3 2 } "optional comment"
    1 1 0 2 0 2 1 1 0 3 2 0

* Header: ``NFG``, version ``1``, the letter ``R`` (``D``, from old files, is accepted too),
  a quoted title, and the quoted player names in braces.
* Strategies: either a list of counts ``{ 3 2 }`` (strategies then get the names ``"1"``,
  ``"2"``, ...), or a nested list of quoted names ``{ { "T" "M" "B" } { "L" "R" } }``.
* An optional quoted comment (it may span several lines); it becomes the game's description.
* Body, payoff version: for each pure profile, the payoff of each player in player order;
  profiles are listed with player 1's strategy varying fastest, then player 2's, and so on.
* Body, outcome version: a braced list of outcomes ``{ "label" 1, 1 }`` (the label may be empty,
  payoffs may be separated by commas), numbered from 1, then one outcome index per profile in
  the same order. Index 0 is the null outcome, paying every player 0; several profiles may
  share an outcome.

Quoted strings keep every character as written (newlines included), except that ``\"`` is a
quote inside the string and ``\\`` a single backslash; any other backslash is itself, as in
Gambit (so ``"C:\dir"`` reads as written). Numbers are integers, decimals (``.5``,
``-.25``, ``2.5e-1``) or fractions (``1/3``); they are parsed from their text into
:class:`~fractions.Fraction` (never through ``float``), kept in the game's ``u_exact``.

Every problem raises :class:`~negotiate.errors.PayoffFileError` with one line
``file: line N: expected ..., got ...``; no other exception escapes the reader, whatever the
input bytes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from negotiate.errors import GameError, PayoffFileError
from negotiate.model import NormalFormGame
from negotiate.numeric import format_fraction

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?")
_RATIONAL = re.compile(r"[+-]?\d+/\d+")
#: Decimal exponents beyond this are refused: they would only build huge integers.
_MAX_EXPONENT = 1000
#: Longest run of digits in one number (Python refuses longer integer texts anyway).
_MAX_DIGITS = 4000


@dataclass(frozen=True)
class _Token:
    kind: str  # "{", "}", ",", "string", "word", "eof"
    text: str
    line: int

    def describe(self) -> str:
        if self.kind == "eof":
            return "end of file"
        if self.kind == "string":
            return f"string {_quote(_shorten(self.text))}"
        return _quote(_shorten(self.text))


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _quote(text: str) -> str:
    """Quoted label: ``"`` becomes ``\\"``; a backslash is doubled only where it would otherwise
    escape something (before ``"`` or ``\\``, or at the end), so Gambit reads the rest as is."""
    out = []
    for k, c in enumerate(text):
        if c == '"':
            out.append('\\"')
        elif c == "\\" and (k + 1 == len(text) or text[k + 1] in '"\\'):
            out.append("\\\\")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


class _Reader:
    """Tokenizer and recursive-descent parser over one file's text."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.tokens = self._tokenize(text)
        self.pos = 0

    # --- errors -------------------------------------------------------------------------

    def fail(
        self, expected: str, token: _Token | None = None, got: str | None = None
    ) -> PayoffFileError:
        token = token or self.peek()
        got = token.describe() if got is None else got
        return PayoffFileError(f"{self.source}: line {token.line}: expected {expected}, got {got}")

    # --- tokens -------------------------------------------------------------------------

    def _tokenize(self, text: str) -> list[_Token]:
        tokens: list[_Token] = []
        i, line, n = 0, 1, len(text)
        while i < n:
            c = text[i]
            if c == "\n":
                line += 1
                i += 1
            elif c.isspace():
                i += 1
            elif c in "{},":
                tokens.append(_Token(c, c, line))
                i += 1
            elif c == '"':
                start_line = line
                chars: list[str] = []
                i += 1
                while True:
                    if i >= n:
                        raise PayoffFileError(
                            f"{self.source}: line {line}: expected a closing quote for the "
                            f"string opened on line {start_line}, got end of file"
                        )
                    c = text[i]
                    if c == "\\" and i + 1 < n and text[i + 1] in '"\\':
                        c = text[i + 1]
                        i += 1
                    elif c == '"':
                        i += 1
                        break
                    if c == "\n":
                        line += 1
                    chars.append(c)
                    i += 1
                tokens.append(_Token("string", "".join(chars), start_line))
            else:
                start = i
                while i < n and not (text[i].isspace() or text[i] in '{},"'):
                    i += 1
                tokens.append(_Token("word", text[start:i], line))
        tokens.append(_Token("eof", "", line))
        return tokens

    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def next(self) -> _Token:
        token = self.tokens[self.pos]
        if token.kind != "eof":
            self.pos += 1
        return token

    def expect(self, kind: str, expected: str) -> _Token:
        if self.peek().kind != kind:
            raise self.fail(expected)
        return self.next()

    def remaining(self) -> int:
        return len(self.tokens) - 1 - self.pos

    # --- values -------------------------------------------------------------------------

    def number(self, expected: str = "a number") -> tuple[Fraction, _Token]:
        token = self.peek()
        text = token.text
        if token.kind != "word" or len(text) > _MAX_DIGITS:
            raise self.fail(expected)
        value: Fraction | None = None
        if m := _DECIMAL.fullmatch(text):
            if m.group(1) is None or abs(int(m.group(1))) <= _MAX_EXPONENT:
                value = Fraction(text)
        elif _RATIONAL.fullmatch(text) and int(text.split("/")[1]) != 0:
            value = Fraction(text)
        if value is None:
            raise self.fail(expected)
        try:
            as_float = float(value)
        except OverflowError:
            raise self.fail(f"{expected} of floating-point size") from None
        if not np.isfinite(as_float):
            raise self.fail(f"{expected} of floating-point size")
        self.next()
        return value, token

    def integer(self, expected: str, low: int) -> int:
        token = self.peek()
        if token.kind != "word" or not re.fullmatch(r"\+?\d{1,18}", token.text):
            raise self.fail(expected)
        value = int(token.text)
        if value < low:
            raise self.fail(expected)
        self.next()
        return value

    def string_list(self, what: str) -> tuple[list[str], _Token]:
        opening = self.expect("{", f'"{{" opening the list of {what}')
        names: list[str] = []
        while self.peek().kind == "string":
            names.append(self.next().text)
        self.expect("}", f'a quoted name or "}}" closing the list of {what}')
        return names, opening

    # --- the file -----------------------------------------------------------------------

    def game(self) -> NormalFormGame:
        self._header()
        title = self.expect("string", "the quoted title of the game").text
        players, players_at = self.string_list("players")
        if not players:
            raise PayoffFileError(
                f"{self.source}: line {players_at.line}: expected at least one player, got none"
            )
        _check_distinct(players, "player names", self.source, players_at.line)
        strategies = self._strategies(players)
        comment = self.next().text if self.peek().kind == "string" else ""
        shape = tuple(len(s) for s in strategies)
        if self.peek().kind == "{":
            exact = self._outcome_body(len(players), shape)
        else:
            exact = self._payoff_body(len(players), shape)
        if self.peek().kind != "eof":
            raise self.fail("end of file")
        u = np.vectorize(float, otypes=[float])(exact)
        try:
            return NormalFormGame(
                players=tuple(players),
                strategies=tuple(tuple(s) for s in strategies),
                u=u,
                title=title,
                u_exact=exact,
                description=comment,
            )
        except GameError as err:  # pragma: no cover - the checks above catch these first
            raise PayoffFileError(f"{self.source}: line 1: {err}") from None

    def _header(self) -> None:
        token = self.peek()
        if token.kind != "word" or token.text != "NFG":
            raise self.fail('"NFG" (a Gambit strategic-form file starts with it)')
        self.next()
        token = self.peek()
        if token.kind != "word" or token.text != "1":
            raise self.fail('version "1"')
        self.next()
        token = self.peek()
        if token.kind != "word" or token.text not in {"R", "D"}:
            raise self.fail('"R"')
        self.next()

    def _strategies(self, players: list[str]) -> list[list[str]]:
        opening = self.expect("{", '"{" opening the strategy counts or names')
        strategies: list[list[str]] = []
        if self.peek().kind == "{":
            while self.peek().kind == "{":
                index = len(strategies)
                label = f"strategies of player {index + 1}"
                names, at = self.string_list(label)
                if not names:
                    raise PayoffFileError(
                        f"{self.source}: line {at.line}: expected at least one strategy name "
                        f"for player {index + 1}, got none"
                    )
                _check_distinct(
                    names, f"strategy names of player {index + 1}", self.source, at.line
                )
                strategies.append(names)
            closing_expected = 'another "{" list of strategy names or "}"'
        else:
            while self.peek().kind == "word":
                count = self.integer("a positive number of strategies", 1)
                if count > self.remaining():
                    # A real file lists at least one payoff per strategy of every player.
                    raise self.fail(
                        f"a body with at least {count} entries",
                        self.tokens[-1],
                        f"end of file after {self.remaining()} entries",
                    )
                strategies.append([str(k + 1) for k in range(count)])
            closing_expected = 'a positive number of strategies or "}"'
        if len(strategies) != len(players) and self.peek().kind == "}":
            raise PayoffFileError(
                f"{self.source}: line {opening.line}: expected strategies for "
                f"{len(players)} players, got {len(strategies)}"
            )
        self.expect("}", closing_expected)
        return strategies

    def _payoff_body(self, n: int, shape: tuple[int, ...]) -> np.ndarray:
        profiles = _product(shape)
        needed = n * profiles
        if self.remaining() < needed:
            raise self.fail(
                f"{needed} payoffs ({profiles} profiles x {n} players)",
                self.tokens[-1],
                f"end of file after {self.remaining()} entries",
            )
        flat = np.empty(needed, dtype=object)
        for k in range(needed):
            flat[k] = self.number(f"a payoff (entry {k + 1} of {needed})")[0]
        return _from_gambit_order(flat.reshape(*reversed(shape), n), n)

    def _outcome_body(self, n: int, shape: tuple[int, ...]) -> np.ndarray:
        self.expect("{", '"{" opening the list of outcomes')
        outcomes: list[list[Fraction]] = [[Fraction(0)] * n]  # outcome 0: the null outcome
        while self.peek().kind == "{":
            self.next()
            self.expect("string", "the quoted label of an outcome (it may be empty)")
            payoffs: list[Fraction] = []
            for i in range(n):
                if i > 0 and self.peek().kind == ",":
                    self.next()
                payoffs.append(self.number(f"the payoff of player {i + 1} in an outcome")[0])
            self.expect("}", f'"}}" closing an outcome after {n} payoffs')
            outcomes.append(payoffs)
        self.expect("}", '"{" opening an outcome or "}" closing the list of outcomes')
        profiles = _product(shape)
        if self.remaining() < profiles:
            raise self.fail(
                f"{profiles} outcome indices (one per profile)",
                self.tokens[-1],
                f"end of file after {self.remaining()} entries",
            )
        index = np.empty(profiles, dtype=np.int64)
        last = len(outcomes) - 1
        for k in range(profiles):
            index[k] = self.integer(f"an outcome number from 0 to {last}", 0)
            if index[k] > last:
                self.pos -= 1
                raise self.fail(f"an outcome number from 0 to {last}")
        table = np.empty((len(outcomes), n), dtype=object)
        for k, row in enumerate(outcomes):
            table[k, :] = row
        return _from_gambit_order(table[index].reshape(*reversed(shape), n), n)


def _product(shape: tuple[int, ...]) -> int:
    total = 1
    for k in shape:
        total *= k
    return total


def _from_gambit_order(data: np.ndarray, n: int) -> np.ndarray:
    """``(s_{n-1}, ..., s_0, n)`` in file order (player 1 fastest) to ``(n, s_0, ..., s_{n-1})``."""
    return np.transpose(data, (n, *range(n - 1, -1, -1)))


def _check_distinct(names: list[str], what: str, source: str, line: int) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise PayoffFileError(
                f"{source}: line {line}: expected distinct {what}, got {_quote(name)} twice"
            )
        seen.add(name)


def parse_nfg(data: str | bytes, source: str = "<string>") -> NormalFormGame:
    """Game from the text (or UTF-8 bytes) of a Gambit ``.nfg`` file.

    Parameters
    ----------
    data
        The file's contents.
    source
        Name used at the start of error messages (normally the path).

    Raises
    ------
    PayoffFileError
        For any malformed input, as ``source: line N: expected ..., got ...``.
    """
    if isinstance(data, bytes | bytearray):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as err:
            line = bytes(data)[: err.start].count(b"\n") + 1
            raise PayoffFileError(
                f"{source}: line {line}: expected UTF-8 text, got byte 0x{data[err.start]:02x}"
            ) from None
    else:
        text = data
    if text.startswith("\ufeff"):
        text = text[1:]
    return _Reader(text, source).game()


def read_nfg(path: str | os.PathLike[str]) -> NormalFormGame:
    """Game from the Gambit ``.nfg`` file at ``path`` (see :func:`parse_nfg`)."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise PayoffFileError(
            f"{path}: line 1: expected a readable file, got {err.strerror}"
        ) from None
    return parse_nfg(data, str(path))


def _number_text(game: NormalFormGame, index: tuple[int, ...]) -> str:
    if game.u_exact is not None:
        return format_fraction(game.u_exact[index])
    x = float(game.u[index])
    # Integers plainly; otherwise the shortest decimal that reads back as the same float.
    return str(int(x)) if x.is_integer() else repr(x)


def format_nfg(game: NormalFormGame, outcomes: bool = False) -> str:
    """Text of ``game`` as a Gambit ``.nfg`` file.

    Strategy names are always written out, so they survive the round trip; the description
    becomes the comment. With ``outcomes=False`` the payoff version is written; with
    ``outcomes=True`` the outcome version, one outcome per distinct payoff vector (in order of
    first appearance, unlabelled) and index 0 for profiles paying everyone 0.
    Exact payoffs are written as ``p/q``; float-only games as the shortest decimal that reads
    back as the same float, so ``parse_nfg(format_nfg(g)) == g``.
    """
    n = game.n_players
    lines = [
        f"NFG 1 R {_quote(game.title)} {{ {' '.join(_quote(p) for p in game.players)} }}",
        "",
        "{",
    ]
    lines += [f"{{ {' '.join(_quote(s) for s in ss)} }}" for ss in game.strategies]
    lines += ["}", _quote(game.description), ""]
    # Profiles in file order: player 1 fastest.
    order = [tuple(reversed(p)) for p in np.ndindex(*reversed(game.shape))]
    rows = [tuple(_number_text(game, (i, *a)) for i in range(n)) for a in order]
    if not outcomes:
        lines += [" ".join(row) for row in rows]
    else:
        numbering: dict[tuple[str, ...], int] = {}
        zero = tuple("0" for _ in range(n))
        for row in rows:
            if row != zero and row not in numbering:
                numbering[row] = len(numbering) + 1
        lines.append("{")
        lines += [f'{{ "" {", ".join(row)} }}' for row in numbering]
        lines.append("}")
        lines.append(" ".join(str(numbering.get(row, 0)) for row in rows))
    return "\n".join(lines) + "\n"


def write_nfg(game: NormalFormGame, path: str | os.PathLike[str], outcomes: bool = False) -> None:
    """Write ``game`` to ``path`` as a Gambit ``.nfg`` file (see :func:`format_nfg`)."""
    Path(path).write_text(format_nfg(game, outcomes), encoding="utf-8")
