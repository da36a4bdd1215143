r"""Where a 2x2 game sits in the topology of strict ordinal 2x2 games.

The topology
------------
Replace each player's four payoffs by their ranks ``1 < 2 < 3 < 4`` (4 best). A game is
*strict ordinal* when no player has two equal payoffs; then it is one of :math:`24^2 = 576`
pairs of rank matrices. Relabelling the strategies of either player (swapping rows, swapping
columns) changes nothing strategic, and the group of those relabellings acts freely, so the
576 pairs fall into :math:`576 / 4 = 144` games. Swapping the players as well identifies
``X x Y`` with ``Y x X`` and leaves 78 games (Rapoport and Guyer's count).

Robinson and Goforth (2005, *The Topology of the 2x2 Games: A New Periodic Table*, ch. 2-4)
orient every game so that the row player's best outcome lies in the right column and the column
player's best outcome in the bottom row; the orientation is unique. Writing each player's own
payoffs, in its own view (own strategy first index), as

.. math::

    \begin{pmatrix} R & S \\ T & P \end{pmatrix}

with :math:`R` at the top-left cell of the oriented game, the best payoff of each player is
then :math:`S` or :math:`P`, and its ranking of :math:`R, S, T, P` is one of 12 *payoff types*:
the row player's payoffs in the 12 symmetric games. A game is therefore the pair
``row type x column type`` (12 x 12 = 144); the diagonal pairs are the 12 symmetric games.

Names follow Bruns (2015, "Names for Games: Locating 2x2 Games", *Games* 6(4), 495-520),
who fixes a name for each of Robinson and Goforth's symmetric games. In the textbook form, with
:math:`R` the payoff of mutual "cooperation" and the labels chosen so that :math:`R > P`
(Deadlock is usually written with :math:`P > R`):

========================  ====  ======================  =====================================
name                      code  textbook ordering       also called
========================  ====  ======================  =====================================
Prisoner's Dilemma        Pd    T > R > P > S
Chicken                   Ch    T > R > S > P           Snowdrift, Hawk-Dove
Battle of the Sexes       Ba    T > S > R > P           Battle; Leader (Rapoport-Guyer 1966)
Hero                      He    S > T > R > P
Compromise                Co    S > R > T > P
Deadlock                  Dl    T > P > R > S
Stag Hunt                 Sh    R > T > P > S
Assurance                 As    R > P > T > S
Coordination              Cc    R > P > S > T
Peace                     Pc    R > S > P > T           (a no-conflict game)
Harmony                   Ha    R > S > T > P           (a no-conflict game)
Concord                   Cd    R > T > S > P           (a no-conflict game)
========================  ====  ======================  =====================================

A symmetric game gets its name; an asymmetric one is reported by its pair, e.g. ``"Pd x Ch"``,
Bruns's notation for the game whose row player has Prisoner's Dilemma payoffs and whose column
player has Chicken payoffs. The *layer* says where the two best outcomes lie in the oriented
game: in the same cell (both types in the group Sh, As, Cc, Pc, Ha, Cd, whose best payoff is
:math:`P`), in opposite cells (both in Pd, Ch, Ba, He, Co, Dl, whose best is :math:`S`), or in
one of the two mixed layers. These four layers are Robinson and Goforth's four layers of the
periodic table; we name them by this property rather than by the book's numbering.

Ties
----
Payoffs closer than ``atol(u)`` (:data:`~negotiate.numeric.TOL` times the payoff range) are
equal. A game with a tie for some player is not strict ordinal: :func:`classify` says so in its
result (``strict=False``) and names no class; it raises only for games that are not 2x2.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from negotiate.errors import GameError
from negotiate.model import NormalFormGame
from negotiate.numeric import TOL, atol, format_number
from negotiate.spec import GameSpec
from negotiate.sweep import affine_coefficients

#: Cell of each payoff letter in a player's own 2x2 view ``[[R, S], [T, P]]``.
CELL = {"R": (0, 0), "S": (0, 1), "T": (1, 0), "P": (1, 1)}
_SWAP = {"R": "P", "P": "R", "S": "T", "T": "S"}


@dataclass(frozen=True)
class PayoffType:
    """One of the 12 ordinal payoff types of a player in an oriented 2x2 game.

    Attributes
    ----------
    code, name, aliases
        Bruns's two-letter code, the name, and other names in the literature.
    oriented
        The ranking of ``R, S, T, P`` best first, in Robinson and Goforth's orientation (best
        payoff ``S`` or ``P``), e.g. ``"SPRT"`` for the Prisoner's Dilemma.
    textbook
        The same type in the usual labelling, best first (``"TRPS"`` for the Prisoner's
        Dilemma); it differs from ``oriented`` by exchanging the two strategy labels.
    """

    code: str
    name: str
    oriented: str
    textbook: str
    aliases: tuple[str, ...] = ()

    def chain(self, which: str = "textbook") -> str:
        """The ordering as text, ``"T > R > P > S"``."""
        return " > ".join(self.oriented if which == "oriented" else self.textbook)


#: The 12 payoff types, in the order of the table in the module docstring.
PAYOFF_TYPES: tuple[PayoffType, ...] = (
    PayoffType("Pd", "Prisoner's Dilemma", "SPRT", "TRPS"),
    PayoffType("Ch", "Chicken", "SPTR", "TRSP", ("Snowdrift", "Hawk-Dove")),
    PayoffType("Ba", "Battle of the Sexes", "STPR", "TSRP", ("Battle", "Leader")),
    PayoffType("He", "Hero", "STRP", "STRP"),
    PayoffType("Co", "Compromise", "SRTP", "SRTP"),
    PayoffType("Dl", "Deadlock", "SRPT", "TPRS"),
    PayoffType("Sh", "Stag Hunt", "PSRT", "RTPS"),
    PayoffType("As", "Assurance", "PRST", "RPTS"),
    PayoffType("Cc", "Coordination", "PRTS", "RPST"),
    PayoffType("Pc", "Peace", "PTRS", "RSPT"),
    PayoffType("Ha", "Harmony", "PTSR", "RSTP"),
    PayoffType("Cd", "Concord", "PSTR", "RTSP"),
)
_BY_ORIENTED = {t.oriented: t for t in PAYOFF_TYPES}
_BY_CODE = {t.code: t for t in PAYOFF_TYPES}

LAYER_SHARED = "shared best outcome"
LAYER_OPPOSED = "opposed best outcomes"
LAYER_ROW_SHARED = "mixed: row's best is the win-win cell"
LAYER_COLUMN_SHARED = "mixed: column's best is the win-win cell"


@dataclass(frozen=True, eq=False)
class Classification:
    """Where a 2x2 game lies in the topology, or why it has no place there.

    Attributes
    ----------
    strict
        False when a player has tied payoffs; then every class field is None or empty.
    reason
        Why the game is not strict ordinal (empty when it is).
    ranks
        Integer ranks 1..4 of shape ``(2, 2, 2)`` (``ranks[i]`` is player ``i``'s), ties sharing
        the lower rank.
    row_type, column_type
        The players' payoff types (of the swapped players when ``up_to_players`` swapped them).
    name
        The common name of a symmetric game (``row_type == column_type``), else None.
    pair
        ``"Pd x Ch"``: row type code x column type code.
    layer
        Where the two best outcomes lie (see the module docstring).
    orientation
        ``(row_order, column_order)``: the original strategy indices in oriented order; the
        oriented game's top-left cell is ``(row_order[0], column_order[0])``.
    conditions
        The ordinal conditions that define the class, one line per player, as profiles of the
        original game best first, with the letters ``R, S, T, P`` of the player's type.
    players_swapped
        True when ``up_to_players`` reported the game with the players exchanged.
    """

    strict: bool
    ranks: np.ndarray
    reason: str = ""
    row_type: PayoffType | None = None
    column_type: PayoffType | None = None
    name: str | None = None
    pair: str = ""
    layer: str = ""
    orientation: tuple[tuple[int, int], tuple[int, int]] = ((0, 1), (0, 1))
    conditions: tuple[str, ...] = ()
    players_swapped: bool = False

    @property
    def label(self) -> str:
        """The name where there is one, else the pair, else ``"not strict ordinal"``."""
        if not self.strict:
            return "not strict ordinal"
        return self.name or self.pair

    def key(self) -> tuple:
        """Hashable identity of the class (equal for games in the same class)."""
        if not self.strict:
            return ("not strict",)
        assert self.row_type is not None and self.column_type is not None
        return (self.row_type.code, self.column_type.code)


def ordinal_ranks(u: np.ndarray, tol: float = TOL) -> tuple[np.ndarray, list[str]]:
    """Each player's ranks 1..4 (4 best) of a 2x2 payoff array, and the ties found.

    Payoffs closer than ``atol(u, tol)`` count as equal and share the lower rank; the second
    value lists each tie as text (empty for a strict ordinal game).
    """
    u = np.asarray(u, dtype=float)
    if u.shape != (2, 2, 2):
        raise GameError(f"the 2x2 topology needs a 2x2 game, got payoff shape {u.shape[1:]}")
    eps = atol(u, tol)
    ranks = np.zeros((2, 2, 2), dtype=int)
    ties: list[str] = []
    cells = list(itertools.product(range(2), range(2)))
    for i in range(2):
        for a in cells:
            ranks[(i, *a)] = 1 + sum(u[(i, *b)] < u[(i, *a)] - eps for b in cells)
        for a, b in itertools.combinations(cells, 2):
            if abs(u[(i, *a)] - u[(i, *b)]) <= eps:
                ties.append(f"player {i + 1} is indifferent between {_cell(a)} and {_cell(b)}")
    return ranks, ties


def classify(
    game: NormalFormGame | np.ndarray, up_to_players: bool = False, tol: float = TOL
) -> Classification:
    """Class of a 2x2 game in the Robinson-Goforth topology.

    Parameters
    ----------
    game
        A 2x2 :class:`~negotiate.model.NormalFormGame`, or its payoff array of shape
        ``(2, 2, 2)``.
    up_to_players
        Also identify a game with the one where the players swap roles, so that ``X x Y`` and
        ``Y x X`` are reported alike (as the pair whose row code comes first in
        :data:`PAYOFF_TYPES`); the 144 classes become 78.
    tol
        Relative tolerance for ties (see :func:`ordinal_ranks`).

    Returns
    -------
    Classification
        With ``strict=False`` and the ties in ``reason`` if some player has equal payoffs.

    Notes
    -----
    Orient (swap columns until the row player's rank 4 is in the right column, rows until the
    column player's rank 4 is in the bottom row), read each player's own view
    ``[[R, S], [T, P]]`` (the column player's is its matrix transposed) and look its ranking up
    among the 12 types. Robinson and Goforth (2005), ch. 2-4; names after Bruns (2015).
    """
    u = game.u if isinstance(game, NormalFormGame) else np.asarray(game, dtype=float)
    ranks, ties = ordinal_ranks(u, tol)
    if ties:
        return Classification(strict=False, ranks=ranks, reason="; ".join(ties))
    swapped = False
    row_type, column_type, orientation = _oriented_types(ranks)
    if up_to_players:
        order = {t.code: k for k, t in enumerate(PAYOFF_TYPES)}
        if order[column_type.code] < order[row_type.code]:
            swapped = True
            ranks_swapped = np.stack([ranks[1].T, ranks[0].T])
            row_type, column_type, orientation = _oriented_types(ranks_swapped)
    names = ("column", "row") if swapped else ("row", "column")
    symmetric = row_type.code == column_type.code
    # A symmetric game is described in the textbook labelling (R = mutual cooperation), which
    # exchanges both players' strategy labels when it differs from the oriented one.
    relabel = symmetric and row_type.textbook != row_type.oriented
    conditions = []
    for p, (who, t) in enumerate(zip(names, (row_type, column_type), strict=True)):
        letters = t.textbook if symmetric else t.oriented
        chain = " > ".join(
            f"{c}{_cell(_original(_SWAP[c] if relabel else c, p, orientation, swapped))}"
            for c in letters
        )
        conditions.append(f"{who} ({t.code}): {chain}")
    if symmetric:
        conditions.append(f"both players: {row_type.chain()} with R at the same profile")
    return Classification(
        strict=True,
        ranks=ranks,
        row_type=row_type,
        column_type=column_type,
        name=row_type.name if symmetric else None,
        pair=f"{row_type.code} x {column_type.code}",
        layer=_layer(row_type, column_type),
        orientation=orientation,
        conditions=tuple(conditions),
        players_swapped=swapped,
    )


def payoff_type(code: str) -> PayoffType:
    """The payoff type with Bruns's two-letter ``code`` (``"Pd"``)."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise GameError(f"no payoff type {code!r}; codes are {sorted(_BY_CODE)}") from None


def _oriented_types(
    ranks: np.ndarray,
) -> tuple[PayoffType, PayoffType, tuple[tuple[int, int], tuple[int, int]]]:
    a, b = ranks[0], ranks[1]
    row_best = np.argwhere(a == 4)[0]
    col_best = np.argwhere(b == 4)[0]
    # The row player's best must be in the right column, the column player's in the bottom row.
    column_order = (0, 1) if row_best[1] == 1 else (1, 0)
    row_order = (0, 1) if col_best[0] == 1 else (1, 0)
    a_o = a[np.ix_(row_order, column_order)]
    b_o = b[np.ix_(row_order, column_order)].T  # the column player's own view
    return _type_of(a_o), _type_of(b_o), (row_order, column_order)


def _type_of(view: np.ndarray) -> PayoffType:
    letters = sorted("RSTP", key=lambda c: -view[CELL[c]])
    return _BY_ORIENTED["".join(letters)]


def _original(
    letter: str,
    player: int,
    orientation: tuple[tuple[int, int], tuple[int, int]],
    swapped: bool,
) -> tuple[int, int]:
    """Profile of the original game (row index, column index) holding ``letter`` for
    ``player`` of the (possibly player-swapped) oriented game."""
    own, other = CELL[letter]
    row, col = (own, other) if player == 0 else (other, own)
    row_order, column_order = orientation
    r, c = row_order[row], column_order[col]
    return (c, r) if swapped else (r, c)


def _layer(row: PayoffType, column: PayoffType) -> str:
    row_shared = row.oriented[0] == "P"
    column_shared = column.oriented[0] == "P"
    if row_shared and column_shared:
        return LAYER_SHARED
    if not row_shared and not column_shared:
        return LAYER_OPPOSED
    return LAYER_ROW_SHARED if row_shared else LAYER_COLUMN_SHARED


def _cell(profile: Sequence[int]) -> str:
    return "(" + ",".join(str(k + 1) for k in profile) + ")"


# --- along a parameter ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ClassInterval:
    """An open interval of the parameter on which the game keeps one class (closed at the
    ends of the range)."""

    low: float
    high: float
    classification: Classification

    @property
    def label(self) -> str:
        return self.classification.label


@dataclass(frozen=True, eq=False)
class ClassesAlong:
    """Classes of a 2x2 game along one parameter.

    ``changes`` are the values where the class changes (a tie makes the game non-strict
    there); ``exact`` holds them as fractions when they are exact roots of affine payoffs, and
    ``analytic`` says whether they were computed that way (else by bisection to ``TOL`` times
    the range).
    """

    parameter: str
    intervals: tuple[ClassInterval, ...]
    changes: tuple[float, ...]
    exact: tuple[Fraction | None, ...]
    analytic: bool

    def describe(self) -> str:
        """``"Stag Hunt below t = 0.42, Prisoner's Dilemma above"``-style summary."""
        parts = []
        for k, interval in enumerate(self.intervals):
            if k == 0:
                where = (
                    f"below {self.parameter} = {format_number(interval.high)}"
                    if len(self.intervals) > 1
                    else "throughout"
                )
            elif k == len(self.intervals) - 1:
                where = "above"
            else:
                where = f"from {format_number(interval.low)} to {format_number(interval.high)}"
            parts.append(f"{interval.label} {where}")
        return ", ".join(parts)


def classify_along(
    spec: GameSpec,
    parameter: str,
    values: Sequence[float] | np.ndarray,
    fixed: Mapping[str, float] | None = None,
    up_to_players: bool = False,
) -> ClassesAlong:
    r"""Intervals of ``parameter`` on which a 2x2 game keeps its topological class.

    Parameters
    ----------
    spec
        A payoff file of a 2x2 game.
    parameter
        The parameter that moves; ``values`` is a grid over the range of interest (its minimum
        and maximum are the ends of the range).
    fixed
        Values of the other parameters.
    up_to_players
        As in :func:`classify`.

    Notes
    -----
    The class changes only where some player's ranking of the four outcomes changes, that is
    where two of its payoffs cross. When every payoff is affine in the parameter,
    :math:`u = a + b t`, the crossings are the roots :math:`t^* = -\Delta a / \Delta b` of the
    six pairwise differences of each player's payoffs: these are all the change points, found
    exactly (as fractions when the game is rational). Otherwise the class is computed on the
    grid, vectorised with :meth:`GameSpec.payoff_batch`, and every change between neighbouring
    grid values is narrowed by bisection on the class to ``TOL`` times the range (changes
    that undo themselves between two grid values are missed). Each interval between change
    points is classified at its midpoint; equal neighbours are merged.
    """
    if spec.shape != (2, 2):
        raise GameError(f"{spec.origin}: the 2x2 topology needs a 2x2 game, got {spec.shape}")
    fixed = dict(fixed or {})
    grid = np.unique(np.asarray(values, dtype=float))
    if grid.size < 2:
        raise GameError("classify_along needs at least two distinct parameter values")
    low, high = float(grid[0]), float(grid[-1])
    eps = TOL * (high - low)

    def at(t: float) -> Classification:
        u = spec.payoff_batch({**fixed, parameter: t})
        return classify(u, up_to_players=up_to_players)

    points: dict[float, Fraction | None] = {}
    coefficients = affine_coefficients(spec, parameter, fixed, low, high)
    if coefficients is not None:
        a, b = coefficients
        for i in range(2):
            for p, q in itertools.combinations(itertools.product(range(2), repeat=2), 2):
                db = b[(i, *p)] - b[(i, *q)]
                if db != 0:
                    root = -(a[(i, *p)] - a[(i, *q)]) / db
                    if low < float(root) < high:
                        points[float(root)] = root if isinstance(root, Fraction) else None
    else:
        batch = spec.payoff_batch({**fixed, parameter: grid})
        keys = [classify(u, up_to_players=up_to_players).key() for u in batch]
        for k in range(grid.size - 1):
            if keys[k] == keys[k + 1]:
                continue
            lo_t, hi_t = float(grid[k]), float(grid[k + 1])
            # Bisect on the class at the left end; a non-strict point counts as a change.
            while hi_t - lo_t > eps:
                mid = 0.5 * (lo_t + hi_t)
                if at(mid).key() == keys[k]:
                    lo_t = mid
                else:
                    hi_t = mid
            points[0.5 * (lo_t + hi_t)] = None
    cuts = [low, *sorted(points), high]
    intervals: list[ClassInterval] = []
    for left, right in itertools.pairwise(cuts):
        c = at(0.5 * (left + right))
        if intervals and intervals[-1].classification.key() == c.key():
            previous = intervals.pop()
            intervals.append(ClassInterval(previous.low, right, previous.classification))
        else:
            intervals.append(ClassInterval(left, right, c))
    changes = tuple(iv.low for iv in intervals[1:])
    return ClassesAlong(
        parameter=parameter,
        intervals=tuple(intervals),
        changes=changes,
        exact=tuple(points.get(t) for t in changes),
        analytic=coefficients is not None,
    )
