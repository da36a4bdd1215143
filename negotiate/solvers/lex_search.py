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

While every entry is below :data:`SMALL_LIMIT` (:math:`2^{26}`) two shortcuts are exact too.
Distinct ratios :math:`a/b \ne c/d` of such integers have distinct doubles (equal doubles
would put them within :math:`2^{-52} \max(a/b, c/d)` of each other, yet they differ by at
least :math:`1/(bd) > 2^{-52} \cdot a/b` as :math:`ad < 2^{52}`), so rows tied in the
rounded ratio test are tied exactly and need no cross products. And a pivot's numerator
:math:`p\,T_{ij} - T_{ic} T_{rj}` is below :math:`2^{53}`, exact in doubles, as is its
quotient by the determinant (an integer), so the pivot runs in floating point, which numpy
divides faster than it floor-divides ``int64``.

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
    tab = np.concatenate([mat, np.ones((npoly, k, 1), dtype=np.int64)], axis=2)
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
        leave, movable = _leaving_rows(tab, det, basic, nonbasic, back, d, k, small)
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
    tab: np.ndarray,
    det: np.ndarray,
    basic: np.ndarray,
    nonbasic: np.ndarray,
    back: np.ndarray,
    d: int,
    k: int,
    small: bool,
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
    # A least ratio of 0 is exact (a zero right-hand side; any other quotient is at least
    # 2^-30); elsewhere rows sharing the least rounded ratio may differ exactly.
    fi, ci = np.nonzero((cand.sum(axis=1) > 1) & (low[:, 0, :] > 0))
    if fi.size and not small:
        r_rhs = rhs[fi]
        r_col = col[fi, :, ci]
        sub = cand[fi, :, ci]
        # r stays when rhs_r col_r' <= rhs_r' col_r for every candidate r'.
        lower = r_rhs[:, :, None] * r_col[:, None, :] <= r_rhs[:, None, :] * r_col[:, :, None]
        cand[fi, :, ci] = sub & np.all(lower | ~sub[:, None, :], axis=2)
    tied = cand.sum(axis=1) > 1
    if tied.any():
        _break_ties(tab, det, basic, nonbasic, cand, tied, d, k)
    return cand.argmax(axis=1), cand.any(axis=1)


def _break_ties(
    tab: np.ndarray,
    det: np.ndarray,
    basic: np.ndarray,
    nonbasic: np.ndarray,
    cand: np.ndarray,
    tied: np.ndarray,
    d: int,
    k: int,
) -> None:
    r"""Narrow ``cand`` in place to the lexicographic minimum where it is tied.

    The tie-breaking vectors are the rows of the basis inverse :math:`\delta B^{-1}` (its
    column ``s`` is that of the slack ``d + s``: ``det`` times the unit vector of its row when
    the slack is basic, its dictionary column when it is nonbasic), each divided by the row's
    entry in the entering column. Row ``r`` precedes ``r'`` when the first nonzero of
    :math:`\mathrm{inv}_{r s}\,\mathrm{col}_{r'} - \mathrm{inv}_{r' s}\,\mathrm{col}_r` over
    ``s`` is negative; the minimum is found by a tournament over the candidate rows (each
    against the best so far), all tied pairs at once.
    """
    fi, ci = np.nonzero(tied)  # fi sorted: its distinct values without np.unique's sort
    new = np.concatenate([[True], fi[1:] != fi[:-1]])
    bases, where = fi[new], np.cumsum(new) - 1
    inv = np.zeros((bases.size, k, k), dtype=np.int64)
    fb, ib = np.nonzero(basic[bases] >= d)
    inv[fb, ib, basic[bases][fb, ib] - d] = det[bases][fb]
    fn, qn = np.nonzero(nonbasic[bases] >= d)
    inv[fn, :, nonbasic[bases][fn, qn] - d] = tab[bases[fn], :, qn]
    inv_rows = inv.reshape(-1, k)  # row r of the inverse of basis bases[j]: j * k + r
    base_row = where * k
    col = tab[fi, :, ci]  # (U, k): each tied pair's entering column
    sub = cand[fi, :, ci]
    u = np.arange(fi.size)
    best = sub.argmax(axis=1)  # a tournament: each later candidate against the best so far
    for r in np.flatnonzero(sub[:, 1:].any(axis=0)).tolist():
        r += 1
        v = np.flatnonzero(sub[:, r] & (r > best))
        b = best[v]
        diff = (
            inv_rows[base_row[v] + r] * col[v, b, None]
            - inv_rows[base_row[v] + b] * col[v, r, None]
        )  # (V, k)
        first = (diff != 0).argmax(axis=1)
        wins = diff[np.arange(v.size), first] < 0  # the sign of the first nonzero
        best[v[wins]] = r
    won = np.zeros_like(sub)
    won[u, best] = True
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
    arithmetic is exact in doubles."""
    g = np.arange(fi.size)
    old = tab[fi]
    dt = det[fi]
    prow = old[g, ri]  # (G, d + 1)
    pcol = old[g, :, ci]  # (G, k)
    p = prow[g, ci]
    cross = pcol[:, :, None] * prow[:, None, :]
    if small:
        num = p[:, None, None] * old.astype(np.float64) - cross
        new = (num / dt[:, None, None]).astype(np.int64)
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
    rhs = np.concatenate([f[0] for f in found])
    det = np.concatenate([f[1] for f in found])
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
