r"""Vertices of one best-response polytope that cannot have a partner, without solving for it.

A simple vertex :math:`x` of :math:`P` with support :math:`S` and best-reply columns
:math:`J` has a partner only if some :math:`y \ge 0`, nonzero and zero off :math:`J`, has
:math:`(A y)_s = 1` for every :math:`s \in S` and :math:`A y \le 1`. If a row :math:`s` of
:math:`S` is *strictly dominated on* :math:`J` by another row :math:`i`
(:math:`A_{ij} > A_{sj}` for every :math:`j \in J`), no such :math:`y` exists, since
:math:`(A y)_i > (A y)_s = 1`. The same holds for a mixture
:math:`w A_i + (1 - w) A_k` of two rows: :math:`w (A y)_i + (1 - w) (A y)_k > 1` puts one of
them above 1. On random games this rules out most vertices before their linear systems are
solved, at the cost of one table lookup each.

The table holds, for every column set :math:`J` (a bit mask, so only for up to
:data:`MAX_COLUMNS` columns), the bit mask of rows dominated on :math:`J`: row :math:`s` is
dominated on the mask of columns where a dominator beats it, and on every subset of that
mask, so the table is the subset closure of those masks (one pass per column over a
``2**n`` array).

Domination needs a margin (``margin`` of :func:`table`) so that a vertex is dropped only when
the floating-point partner check would also reject it: with the payoffs normalised into
:math:`[1, 2]`, :math:`(A y)_s = 1` forces :math:`\mathbf 1^\top y \ge 1/2`, so a margin
:math:`\mu` gives :math:`(A y)_i \ge 1 + \mu / 2`.
"""

from __future__ import annotations

import numpy as np

#: Most columns (bits of a column mask) the table is built for: it has ``2**n`` entries.
MAX_COLUMNS = 16

#: Most rows: row masks are ``uint64``.
MAX_ROWS = 64

#: The two-row mixtures are tried too (:func:`ruled_out`) when single rows leave at least
#: this times m**3 vertices: their table has about 1.5 m**3 entries to place, costing about
#: as much as solving m**3 / 5 small systems of the 35-60% of the vertices they would rule
#: out (measured at m = 10, 13, 15: break-even at about 210, 470 and 800 vertices).
PAIR_RATIO = 0.2

#: Weights :math:`w` of the two-row mixtures :math:`w A_i + (1 - w) A_k` tried as dominators
#: (each pair of rows once, so 1/4 and 3/4 both appear).
PAIR_WEIGHTS = (0.5, 0.25, 0.75)


def table(a: np.ndarray, margin: float, pairs: bool = False) -> np.ndarray | None:
    r"""Rows dominated on each column set: ``t[J]`` has bit ``s`` when some row ``i`` (or,
    with ``pairs``, some mixture :math:`w A_i + (1 - w) A_k` with :math:`w` in
    :data:`PAIR_WEIGHTS`) pays more than :math:`A_{sj} + \mu` in every column ``j`` of the
    mask ``J``.

    Parameters
    ----------
    a
        ``(m, n)`` payoffs of the row player.
    margin
        :math:`\mu \ge 0`, how much more the dominator must pay in every column.
    pairs
        Also try the two-row mixtures: on random 13x13 games they rule out about a third of
        the vertices single rows leave (a grid of 19 weights only a few percent more), for
        a table about three times as costly to build.

    Returns
    -------
    numpy.ndarray or None
        ``(2**n,)`` ``uint64`` row masks; None beyond :data:`MAX_COLUMNS` columns or
        :data:`MAX_ROWS` rows.
    """
    m, n = a.shape
    if n > MAX_COLUMNS or m > MAX_ROWS:
        return None
    dominators = a
    if pairs:
        first, second = np.nonzero(np.arange(m)[:, None] < np.arange(m))  # each pair once
        w = np.asarray(PAIR_WEIGHTS)[:, None, None]
        dominators = np.concatenate([a, (w * a[first] + (1.0 - w) * a[second]).reshape(-1, n)])
    beats = dominators[:, None, :] > a[None, :, :] + margin  # (dominator, s, j)
    cols = np.zeros((beats.shape[0] * m, 2), dtype=np.uint8)  # column masks, 16 bits
    cols[:, : (n + 7) // 8] = np.packbits(beats.reshape(-1, n), axis=1, bitorder="little")
    row_bits = np.left_shift(np.uint64(1), np.arange(m, dtype=np.uint64))
    t = np.zeros(1 << n, dtype=np.uint64)
    np.bitwise_or.at(t, cols.view("<u2")[:, 0], np.tile(row_bits, dominators.shape[0]))
    for bit in range(n):  # a row dominated on J is dominated on every subset of J
        halves = t.reshape(-1, 2, 1 << bit)
        halves[:, 0, :] |= halves[:, 1, :]
    return t


def without_partner(t: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Which vertices have a support row dominated on their best-reply columns.

    Parameters
    ----------
    t
        The table from :func:`table`.
    rows, cols
        ``(v,)`` ``uint64`` bit masks: each vertex's support rows and best-reply columns.

    Returns
    -------
    numpy.ndarray
        ``(v,)`` bool, True where the vertex provably has no partner.
    """
    return (t[cols.astype(np.intp)] & rows) != 0


def ruled_out(a: np.ndarray, labels: np.ndarray, among: np.ndarray, margin: float) -> np.ndarray:
    """Which vertices of ``among`` provably have no partner: single rows first, two-row
    mixtures too when many vertices are left (:data:`PAIR_RATIO`).

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

    Returns
    -------
    numpy.ndarray
        ``(v,)`` bool, True for the vertices of ``among`` ruled out.
    """
    m = a.shape[0]
    rows = ~labels & np.uint64((1 << m) - 1)
    cols = labels >> np.uint64(m)
    out = np.zeros(labels.size, dtype=bool)
    for pairs in (False, True):
        if pairs and np.count_nonzero(among & ~out) < PAIR_RATIO * m**3:
            break
        dominated = table(a, margin, pairs)
        if dominated is None:
            break
        out |= among & without_partner(dominated, rows, cols)
    return out
