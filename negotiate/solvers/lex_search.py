r"""Exact vertex search of small integer polytopes, vectorised in 64-bit integers.

The same search as :func:`negotiate.solvers.rational.polytope_vertices_exact` (lexicographic
pivoting over the bases of :math:`\{z \ge 0,\ M z \le 1\}` for a positive integer matrix
:math:`M`, with integer-preserving pivots), but breadth first and as numpy arrays: every
basis of one search level is pivoted at once, and several polytopes of one shape are searched
in the same batch (the two best-response polytopes of a square game cost about one search).

Exactness. Every entry of an integer dictionary is, up to sign, a minor of
:math:`[M \mid I \mid \mathbf 1]` (Edmonds 1967), and every step multiplies two entries: a
pivot forms :math:`p\,T_{ij} - T_{ic} T_{rj}` and divides it exactly by the old determinant;
the ratio tests compare cross products :math:`a d \le b c`. While every entry stays below
:math:`2^{30}` in absolute value, each product is below :math:`2^{60}` and each difference
below :math:`2^{61}`, so ``int64`` holds them exactly. The bound is checked on every level
before it is used; when an entry reaches it the search gives up (returns None) and the caller
runs the search on Python integers, which are unbounded.

While every entry is below :data:`SMALL_LIMIT` (:math:`2^{26}`) three shortcuts are exact
too. Distinct ratios :math:`a/b \ne c/d` of such integers have distinct doubles (equal doubles
would put them within :math:`2^{-52} \max(a/b, c/d)` of each other, yet they differ by at
least :math:`1/(bd) > 2^{-52} \cdot a/b` as :math:`ad < 2^{52}`), so rows tied in the
rounded ratio test are tied exactly and need no cross products, and the lexicographic
tie-breaking compares the quotients themselves. And a pivot's numerator
:math:`p\,T_{ij} - T_{ic} T_{rj}` is below :math:`2^{53}`, exact in doubles, as is its
quotient by the determinant (an integer), so the pivot runs in floating point, which numpy
divides faster than it floor-divides ``int64``, and the dictionary stays in doubles until
an entry outgrows the limit (then it goes back to ``int64``, exactly).

The lexicographic rule (Dantzig, Orden & Wolfe 1955; Avis 2000) is the one of the Python
search, decision for decision: the entering column's rows with a positive entry, the minimum
ratio of right-hand side to entry, ties broken by the columns of the basis inverse in order.
So both searches visit the same lexicographically feasible bases and return the same
vertices, with the same integer numerators and determinants.

References
----------
J. Edmonds (1967), "Systems of distinct representatives and linear algebra", *J. Res. Nat.
Bur. Standards* 71B, 241-245.
G. B. Dantzig, A. Orden, P. Wolfe (1955), "The generalized simplex method for minimizing a
linear form under linear inequality restraints", *Pacific J. Math.* 5(2), 183-195.
D. Avis (2000), "lrs: a revised implementation of the reverse search vertex enumeration
algorithm", in *Polytopes - Combinatorics and Computation*, 177-198.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negotiate.solvers.batched import pack_masks
from negotiate.solvers.vertex import swap_bases, unvisited

#: Entries (and determinants) must stay below this in absolute value: see the module notes.
ENTRY_LIMIT = 1 << 30

#: Below this the ratio ties need no cross products and pivots run in doubles (module notes).
SMALL_LIMIT = 1 << 26

Vertices = dict[int, tuple[list[int], int]]


def vertex_search_int64(mats: Sequence[Sequence[Sequence[int]]]) -> list[Vertices] | None:
    r"""The vertices of :math:`\{z \ge 0,\ M z \le 1\}` for each ``M`` in ``mats``, exactly.

    Parameters
    ----------
    mats
        One or two positive integer matrices of one shape ``(k, d)`` with
        :math:`d + k \le 63`.

    Returns
    -------
    list of dict, or None
        For each matrix, a dict in search order (origin first) from the label mask (bit ``i``
        for :math:`z_i = 0`, bit ``d + r`` for :math:`(M z)_r = 1`) to ``(num, det)``, the
        vertex being ``num[i] / det`` with ``det > 0``: the format of
        :func:`negotiate.solvers.rational._vertex_search`. None if an entry would leave the
        exact range of ``int64`` (module notes) or the input is out of scope.
    """
    stack = np.array(mats, dtype=object)
    if stack.ndim != 3 or stack.shape[0] not in (1, 2):
        return None
    npoly, k, d = stack.shape
    nvar = d + k
    if nvar > 63 or d == 0 or k == 0:
        return None
    if any(abs(int(v)) >= ENTRY_LIMIT for v in stack.ravel()):
        return None
    mat = stack.astype(np.int64)
    # The dictionary: the nonbasic columns, the right-hand side, and the basis inverse
    # (times det), which the lexicographic rule reads and the pivots keep up to date.
    inverse = np.broadcast_to(np.eye(k, dtype=np.int64), (npoly, k, k))
    tab = np.concatenate([mat, np.ones((npoly, k, 1), dtype=np.int64), inverse], axis=2)
    det = np.ones(npoly, dtype=np.int64)
    basic = np.tile(np.arange(d, nvar), (npoly, 1))
    nonbasic = np.tile(np.arange(d), (npoly, 1))
    poly = np.arange(npoly)
    one = np.uint64(1)
    key = np.bitwise_or.reduce(one << basic.astype(np.uint64), axis=1) | (
        poly.astype(np.uint64) << np.uint64(63)
    )
    visited = np.sort(key)
    found = [(tab[:, :, d].copy(), det, basic, poly)]
    back = np.full(npoly, -1)  # the column whose pivot leads back to the parent basis
    while tab.shape[0]:
        top = max(int(np.abs(tab).max()), int(det.max()))
        if top >= ENTRY_LIMIT:
            return None
        small = top < SMALL_LIMIT
        if not small and tab.dtype != np.int64:  # doubles so far: back to exact products
            tab, det = tab.astype(np.int64), det.astype(np.int64)
        leave, movable = _leaving_rows(tab, back, d, small)
        fi, ci = np.nonzero(movable)
        ri = leave[fi, ci]
        new_key = (
            key[fi]
            ^ (one << basic[fi, ri].astype(np.uint64))
            ^ (one << nonbasic[fi, ci].astype(np.uint64))
        )
        sel, key, visited = unvisited(new_key, visited)
        if not sel.size:
            break
        fi, ci, ri = fi[sel], ci[sel], ri[sel]
        tab, det, basic, nonbasic, poly = _pivot(tab, det, basic, nonbasic, poly, fi, ri, ci, small)
        back = ci
        found.append((tab[:, :, d].copy(), det, basic, poly))
    return _vertices(found, npoly, d, nvar)


def _leaving_rows(
    tab: np.ndarray, back: np.ndarray, d: int, small: bool
) -> tuple[np.ndarray, np.ndarray]:
    """For every basis and entering column: the lexicographic minimum-ratio row (``(F, d)``)
    and whether the column has a positive entry at all (``(F, d)`` bool). ``small``: every
    entry is below :data:`SMALL_LIMIT`, so equal rounded ratios are equal."""
    rhs = tab[:, :, d]
    col = tab[:, :, :d]
    pos = col > 0
    has_back = np.flatnonzero(back >= 0)
    pos[has_back, :, back[has_back]] = False  # its pivot returns to the parent: visited
    # Doubles first: the integers are exact as doubles and each quotient is correctly rounded,
    # so rounding is monotone and every exact minimum has the least rounded ratio; only where
    # several rows share it are the exact cross products compared.
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(pos, rhs[:, :, None] / col, np.inf)
    low = ratio.min(axis=1, keepdims=True)
    cand = pos & (ratio == low)
    tied = cand.sum(axis=1) > 1
    # A least ratio of 0 is exact (a zero right-hand side; any other quotient is at least
    # 2^-30); elsewhere, unless every entry is small, rows sharing the least rounded ratio
    # may differ exactly.
    fi, ci = np.nonzero(tied & (low[:, 0, :] > 0)) if not small else ((), ())
    if len(fi):
        r_rhs = rhs[fi]
        r_col = col[fi, :, ci]
        sub = cand[fi, :, ci]
        # r stays when rhs_r col_r' <= rhs_r' col_r for every candidate r'.
        lower = r_rhs[:, :, None] * r_col[:, None, :] <= r_rhs[:, None, :] * r_col[:, :, None]
        cand[fi, :, ci] = sub & np.all(lower | ~sub[:, None, :], axis=2)
        tied = cand.sum(axis=1) > 1
    if tied.any():
        _break_ties(tab, cand, tied, d, small)
    return cand.argmax(axis=1), cand.any(axis=1)


def _break_ties(tab: np.ndarray, cand: np.ndarray, tied: np.ndarray, d: int, small: bool) -> None:
    r"""Narrow ``cand`` in place to the lexicographic minimum where it is tied.

    The tie-breaking vectors are the rows of the basis inverse :math:`\delta B^{-1}` (the
    dictionary's last ``k`` columns), each divided by the row's entry in the entering column.
    Row ``r`` precedes ``r'`` when the first nonzero of
    :math:`\mathrm{inv}_{r s}\,\mathrm{col}_{r'} - \mathrm{inv}_{r' s}\,\mathrm{col}_r` over
    ``s`` is negative (with ``small``, of the quotients' difference). The minimum is found by
    a tournament in which each tie's ``j``-th candidate meets the best of its first ``j``,
    all ties at once: as many rounds as the largest tie has candidates, less one.
    """
    fi, ci = np.nonzero(tied)
    tie, row = np.nonzero(cand[fi, :, ci])  # the candidates, tie by tie, rows ascending
    inv = tab[fi[tie], row, d + 1 :]  # each candidate's row of the basis inverse
    entry = tab[fi[tie], row, ci[tie]]  # each candidate's entry in the entering column
    # Below SMALL_LIMIT the quotients order exactly (module notes): compare them directly.
    key = inv / entry[:, None] if small else None
    count = np.bincount(tie)  # candidates per tie, each tie's candidates contiguous
    by_size = np.argsort(-count, kind="stable")  # the ties still playing: a prefix
    start = (np.cumsum(count) - count)[by_size]
    playing = np.searchsorted(-count[by_size], -np.arange(1, count.max()), side="left")
    best = start.copy()  # per tie (largest first), the candidate leading so far
    for j, ties in enumerate(playing.tolist(), start=1):
        c = start[:ties] + j  # each playing tie's j-th candidate
        b = best[:ties]  # a view: the winners are written through it
        if key is not None:
            diff = key[c] - key[b]
        else:  # (C, k) cross products, exact in int64 below ENTRY_LIMIT
            diff = inv[c] * entry[b, None] - inv[b] * entry[c, None]
        lead = (diff != 0).argmax(axis=1)
        wins = diff[np.arange(ties), lead] < 0  # the sign of the first nonzero
        b[wins] = c[wins]
    won = np.zeros((fi.size, tab.shape[1]), dtype=bool)
    won[by_size, row[best]] = True
    cand[fi, :, ci] = won


def _pivot(
    tab: np.ndarray,
    det: np.ndarray,
    basic: np.ndarray,
    nonbasic: np.ndarray,
    poly: np.ndarray,
    fi: np.ndarray,
    ri: np.ndarray,
    ci: np.ndarray,
    small: bool,
) -> tuple[np.ndarray, ...]:
    """Integer-preserving pivots of the bases ``fi`` on rows ``ri``, columns ``ci``:
    :math:`T'_{ij} = (p T_{ij} - T_{ic} T_{rj}) / \\delta` off the pivot row and column,
    the pivot row kept, the pivot column negated, :math:`T'_{rc} = \\delta`,
    :math:`\\delta' = p`. ``small``: every entry is below :data:`SMALL_LIMIT`, so the
    arithmetic is exact in doubles and the result is kept in doubles."""
    g = np.arange(fi.size)
    old = tab[fi]
    dt = det[fi]
    prow = old[g, ri]  # (G, d + 1)
    pcol = old[g, :, ci]  # (G, k)
    p = prow[g, ci]
    cross = pcol[:, :, None] * prow[:, None, :]
    if small:  # true division: the tableau is kept in doubles while its entries are small
        new = (p[:, None, None] * old - cross) / dt[:, None, None]
    else:
        new = (p[:, None, None] * old - cross) // dt[:, None, None]
    new[g, :, ci] = -pcol
    prow[g, ci] = dt
    new[g, ri] = prow
    basic, nonbasic = swap_bases(basic, nonbasic, fi, ri, ci)
    return new, p, basic, nonbasic, poly[fi]


def _vertices(found: list[tuple[np.ndarray, ...]], npoly: int, d: int, nvar: int) -> list[Vertices]:
    """Each visited basis as ``(labels, (num, det))``, the first basis of each label set kept,
    in search order, one dict per polytope."""
    rhs = np.concatenate([f[0] for f in found]).astype(np.int64)  # some levels in doubles
    det = np.concatenate([f[1] for f in found]).astype(np.int64)
    basic = np.concatenate([f[2] for f in found])
    poly = np.concatenate([f[3] for f in found])
    values = np.zeros((rhs.shape[0], nvar), dtype=np.int64)
    np.put_along_axis(values, basic, rhs, axis=1)
    labels = pack_masks(values == 0)  # nonbasic variables are zero too
    out: list[Vertices] = []
    for q in range(npoly):
        rows = np.flatnonzero(poly == q)
        _, first = np.unique(labels[rows], return_index=True)
        first.sort()
        rows = rows[first]
        nums = values[rows, :d].tolist()
        out.append(
            {
                int(lab): (num, int(dt))
                for lab, num, dt in zip(
                    labels[rows].tolist(), nums, det[rows].tolist(), strict=True
                )
            }
        )
    return out
