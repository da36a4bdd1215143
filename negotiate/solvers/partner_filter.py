r"""Vertices of one best-response polytope that cannot have a partner, without solving for it.

A simple vertex :math:`x` of :math:`P` with support :math:`S` and best-reply columns
:math:`J` has a partner only if some :math:`y \ge 0`, nonzero and zero off :math:`J`, has
:math:`(A y)_s = 1` for every :math:`s \in S` and :math:`A y \le 1`. Take a *dominated*
combination :math:`e` of support rows (a row :math:`A_s`, or the average
:math:`(A_s + A_t) / 2` of two, :math:`s, t \in S`): then :math:`e\,y = 1`. Take a
*dominator* :math:`d`, a row :math:`A_i` or a mixture :math:`w A_i + (1 - w) A_k` of two
rows: then :math:`d\,y \le 1`. If :math:`d_j > e_j` for every :math:`j \in J`, then
:math:`d\,y > e\,y = 1`, a contradiction: the vertex has no partner. (Both are special
Farkas certificates of the infeasibility of the partner's linear system; the families
below are the ones that pay on random games.) On random 10x10 to 15x15 games single rows
rule out about two thirds of the vertices and the mixtures and averages together about 95%,
each at the cost of one table lookup.

The table holds, for every column set :math:`J` (a bit mask, so only for up to
:data:`MAX_COLUMNS` columns), the bit mask of dominated combinations ("entities": the rows,
then the pair averages) beaten on :math:`J`: an entity beaten on the mask of columns where
a dominator beats it is beaten on every subset of that mask, so the table is the subset
closure of those masks (one pass per column over a ``2**n`` array). A vertex is ruled out
when its best replies' entry meets the entities of its support, looked up in a second table
over all row sets (pair averages only up to :data:`MAX_AVERAGE_ROWS` rows).

Domination needs a margin (``margin`` of :func:`table`) so that a vertex is dropped only when
the floating-point partner check would also reject it: with the payoffs normalised into
:math:`[1, 2]`, :math:`(A y)_s = 1` forces :math:`\mathbf 1^\top y \ge 1/2`, so a margin
:math:`\mu` gives :math:`d\,y \ge 1 + \mu / 2`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from concurrent.futures import Future

#: Most columns (bits of a column mask) the table is built for: it has ``2**n`` entries.
MAX_COLUMNS = 16

#: Most rows: support masks are ``uint64``.
MAX_ROWS = 64

#: Most rows for which the pair averages are dominated entities: the support's entities come
#: from a table over all ``2**m`` row sets (built once per ``m``).
MAX_AVERAGE_ROWS = 16

#: The strong table (mixtures as dominators, pair averages as entities) is built when the
#: single rows leave at least this times m**3 vertices (:func:`ruled_out`, built in turn).
#: Measured on random games, one core: about break-even at 10x10 (3.05 ms against 3.10 ms
#: without it), 11% faster at 13x13; 0 and 0.4 are no better at either size.
STRONG_RATIO = 0.2

#: Weights :math:`w` of the two-row mixtures :math:`w A_i + (1 - w) A_k` tried as dominators
#: (each pair of rows once, so 1/4 and 3/4 both appear).
PAIR_WEIGHTS = (0.5, 0.25, 0.75)


@dataclass(frozen=True)
class Table:
    """Which dominated entities are beaten on each column set.

    Attributes
    ----------
    beaten
        ``(2**n, W)`` ``uint64``: row ``J`` has bit ``e`` (of ``W`` words) when entity ``e``
        is beaten on every column of the mask ``J``.
    rows
        ``m``: entities ``0 .. m - 1`` are the rows.
    averages
        Whether entities ``m, m + 1, ...`` are the pair averages (in the order of
        :func:`_pairs`); otherwise the entities are the rows alone.
    """

    beaten: np.ndarray
    rows: int
    averages: bool

    def without_partner(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Which vertices have an entity of their support beaten on their best replies.

        Parameters
        ----------
        rows, cols
            ``(v,)`` ``uint64`` bit masks: each vertex's support rows and best-reply columns.

        Returns
        -------
        numpy.ndarray
            ``(v,)`` bool, True where the vertex provably has no partner.
        """
        beaten = self.beaten[cols.astype(np.intp)]
        if not self.averages:
            return (beaten[:, 0] & rows) != 0
        own = support_entities(self.rows)[rows.astype(np.intp)]
        return np.any(beaten & own, axis=1)


def _pairs(m: int) -> tuple[np.ndarray, np.ndarray]:
    """Each pair of rows ``i < k`` once, in row-major order."""
    return np.nonzero(np.arange(m)[:, None] < np.arange(m))


def table(a: np.ndarray, margin: float, strong: bool = False) -> Table | None:
    r"""Entities beaten on each column set, by some dominator, by more than ``margin`` in
    every column.

    Parameters
    ----------
    a
        ``(m, n)`` payoffs of the row player.
    margin
        :math:`\mu \ge 0`, how much more the dominator must pay in every column.
    strong
        Dominators are the rows and, with ``strong``, the two-row mixtures (weights
        :data:`PAIR_WEIGHTS`); entities are the rows and, with ``strong`` and at most
        :data:`MAX_AVERAGE_ROWS` rows, the pair averages. On random 13x13 games the strong
        table rules out 60-75% of the vertices the rows alone leave, for a table several
        times as costly to build.

    Returns
    -------
    Table or None
        None beyond :data:`MAX_COLUMNS` columns or :data:`MAX_ROWS` rows.
    """
    m, n = a.shape
    if n > MAX_COLUMNS or m > MAX_ROWS:
        return None
    dominators = entities = a
    averages = strong and m <= MAX_AVERAGE_ROWS
    if strong:
        first, second = _pairs(m)
        w = np.asarray(PAIR_WEIGHTS)[:, None, None]
        dominators = np.concatenate([a, (w * a[first] + (1.0 - w) * a[second]).reshape(-1, n)])
        if averages:
            entities = np.concatenate([a, 0.5 * (a[first] + a[second])])
    count = entities.shape[0]
    words = (count + 63) // 64
    masks = _beaten_columns(dominators, entities + margin).ravel().astype(np.intp)
    entity = np.arange(dominators.shape[0] * count) % count
    beaten = np.zeros((1 << n) * words, dtype=np.uint64)
    bits = np.left_shift(np.uint64(1), (entity & 63).astype(np.uint64))
    np.bitwise_or.at(beaten, masks * words + (entity >> 6), bits)
    beaten = _subset_closure(beaten.reshape(1 << n, words), n)
    beaten.flags.writeable = False
    return Table(beaten=beaten, rows=m, averages=averages)


def _beaten_columns(dominators: np.ndarray, entities: np.ndarray) -> np.ndarray:
    """``(D, E)`` integer masks: bit ``j`` where dominator ``d`` pays more than entity ``e``
    in column ``j``.

    Small tables compare on a ``(D, E, n)`` array and pack by a product with the powers of
    two (exact in doubles below ``2**53``); large ones one column at a time, where packing
    the big array would cost more than the comparisons.
    """
    n = dominators.shape[1]
    if dominators.shape[0] * entities.shape[0] <= _BROADCAST_PAIRS:
        beats = dominators[:, None, :] > entities[None, :, :]
        return (beats @ 2.0 ** np.arange(n)).astype(np.intp)
    cols_d, cols_e = np.ascontiguousarray(dominators.T), np.ascontiguousarray(entities.T)
    masks = np.zeros((dominators.shape[0], entities.shape[0]), dtype=np.uint16)
    more = np.empty(masks.shape, dtype=bool)
    for j in range(n):
        np.greater(cols_d[j][:, None], cols_e[j][None, :], out=more)
        masks |= np.left_shift(more, j, dtype=np.uint16)
    return masks


#: Most dominator-entity pairs compared on one broadcast array (:func:`_beaten_columns`).
_BROADCAST_PAIRS = 2048


def _subset_closure(t: np.ndarray, n: int) -> np.ndarray:
    """``t[J] |= t[K]`` for every ``K`` containing ``J`` (``J``, ``K`` masks of ``n`` bits;
    ``t`` of shape ``(2**n, W)``), one pass per bit.

    A pass for bit ``b`` ORs runs of ``2**b`` rows, which numpy does slowly when they are
    short; so the high bits go first, then the table is transposed to make the low bits the
    leading axis, and back.
    """
    words = t.shape[1]
    low = n // 2 if n >= _SPLIT_CLOSURE_BITS else 0
    flat = t.reshape(-1)  # rows of `words` words: 2**b rows are 2**b * words words
    for bit in range(low, n):
        halves = flat.reshape(-1, 2, words << bit)
        halves[:, 0] |= halves[:, 1]
    if not low:
        return t
    swapped = np.ascontiguousarray(t.reshape(1 << (n - low), 1 << low, words).transpose(1, 0, 2))
    flat = swapped.reshape(-1)
    for bit in range(low):
        halves = flat.reshape(-1, 2, words << (bit + n - low))
        halves[:, 0] |= halves[:, 1]
    return np.ascontiguousarray(swapped.transpose(1, 0, 2)).reshape(1 << n, words)


#: Tables of at least this many bits are closed in two halves (:func:`_subset_closure`).
_SPLIT_CLOSURE_BITS = 11


@functools.lru_cache(maxsize=4)
def support_entities(m: int) -> np.ndarray:
    """``(2**m, W)`` ``uint64``: for each row set ``S``, its entities (the rows of ``S`` and
    the pair averages of two rows of ``S``) as bits in the order of :func:`table`."""
    first, second = _pairs(m)
    count = m + first.size
    words = (count + 63) // 64
    inside = (np.arange(1 << m)[:, None] >> np.arange(m)) & 1 == 1
    own = np.zeros((1 << m, 64 * words), dtype=bool)
    own[:, :m] = inside
    own[:, m:count] = inside[:, first] & inside[:, second]
    packed = np.packbits(own, axis=1, bitorder="little")
    packed = np.ascontiguousarray(packed).view("<u8")
    packed.flags.writeable = False
    return packed


def ruled_out(
    a: np.ndarray,
    labels: np.ndarray,
    among: np.ndarray,
    margin: float,
    strong: Table | None = None,
) -> np.ndarray:
    """Which vertices of ``among`` provably have no partner: single rows first, the strong
    table too when many vertices are left (:data:`STRONG_RATIO`); or, given the strong
    table already built, that table alone (it contains the single rows').

    Parameters
    ----------
    a
        ``(m, n)`` payoffs of the partner's opponent (the row player of ``P``'s partners).
    labels
        ``(v,)`` ``uint64`` tight-set masks of the vertices of ``P``: bit ``i < m`` when
        :math:`x_i = 0`, bit ``m + j`` when column ``j`` is a best reply.
    among
        ``(v,)`` bool: the vertices to consider (the simple ones).
    margin
        As for :func:`table`.
    strong
        ``table(a, margin, strong=True)``, if already built.

    Returns
    -------
    numpy.ndarray
        ``(v,)`` bool, True for the vertices of ``among`` ruled out.
    """
    m = a.shape[0]
    rows = ~labels & np.uint64((1 << m) - 1)
    cols = labels >> np.uint64(m)
    if strong is not None:
        return among & strong.without_partner(rows, cols)
    out = np.zeros(labels.size, dtype=bool)
    for full in (False, True):
        if full and np.count_nonzero(among & ~out) < STRONG_RATIO * m**3:
            break
        dominated = table(a, margin, full)
        if dominated is None:
            break
        out |= among & dominated.without_partner(rows, cols)
    return out


#: Smallest number of rows for which the strong table is built on the worker thread while
#: the polytope is enumerated (:class:`Filter`); below it Qhull is over too soon to hide it.
BACKGROUND_MIN_ROWS = 9


class Filter:
    """:func:`ruled_out` for one payoff matrix, with the strong table started early.

    Created before the polytope of the partner's opponent is enumerated: where a second core
    is free (:mod:`negotiate.solvers.background`) the strong table is built meanwhile and
    used alone (it contains the single rows' table); otherwise :func:`ruled_out` runs when
    asked, building only what pays.
    """

    def __init__(self, a: np.ndarray, margin: float) -> None:
        from negotiate.solvers import background

        self.a, self.margin = a, margin
        m, n = a.shape
        self._strong: Future[Table | None] | None = None
        if m >= BACKGROUND_MIN_ROWS and n <= MAX_COLUMNS and m <= MAX_ROWS:
            self._strong = background.submit(table, a, margin, True)

    def ruled_out(self, labels: np.ndarray, among: np.ndarray) -> np.ndarray:
        """As :func:`ruled_out` for this filter's payoffs and margin."""
        strong = None if self._strong is None else self._strong.result()
        return ruled_out(self.a, labels, among, self.margin, strong)
