r"""All extreme Nash equilibria of a bimatrix game by vertex enumeration (floating point).

For payoff matrices :math:`A, B \in \mathbb{R}^{m \times n}`, shifted and scaled so every
entry lies in :math:`[1, 2]` (a positive affine change of each player's payoffs, which leaves
the equilibria unchanged), the best-response polytopes are

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : y \ge 0,\ A y \le 1\}.

Label :math:`i < m` means "strategy :math:`i` of player 1 is unused or a best response" and
label :math:`m + j` the same for strategy :math:`j` of player 2: a point :math:`x \in P` has
label :math:`i` when :math:`x_i = 0` and label :math:`m + j` when :math:`(B^\top x)_j = 1`;
a point :math:`y \in Q` has label :math:`j + m` when :math:`y_j = 0` and label :math:`i` when
:math:`(A y)_i = 1`. A pair :math:`(x, y) \ne (0, 0)` is *completely labelled* when every
label in :math:`\{0, \dots, m + n - 1\}` belongs to :math:`x` or to :math:`y`; the extreme
Nash equilibria are exactly the normalised completely labelled vertex pairs
:math:`(x / \mathbf 1^\top x,\ y / \mathbf 1^\top y)`, degenerate games included
(von Stengel 2002, Theorem 3.4 and Section 3.5; Avis, Rosenberg, Savani & von Stengel 2010).

Vertices are enumerated by a breadth-first search over the *lexicographically feasible bases*
of the standard form :math:`[M \mid I]\,(z, s) = \mathbf 1`. Lexicographic perturbation of the
right-hand side to :math:`\mathbf 1 + (\varepsilon, \varepsilon^2, \dots)` makes the polytope
simple; its vertices are the lex-feasible bases, its graph is connected, and every vertex of
the unperturbed polytope is the image of at least one of them (Dantzig, Orden & Wolfe 1955;
this is the rule lrs uses, Avis 2000). The search therefore visits every vertex, however
degenerate. All bases of one search level are pivoted at once as numpy arrays, and visited
bases are bit-packed and compared with sorted-array lookups. Completely labelled pairs are
matched on bit-packed label sets: a hash-style sorted lookup when both polytopes are simple,
a blockwise superset test otherwise.

The fast path (:func:`bimatrix_vertex_pairs`) enumerates only one polytope, by Qhull on its
polar (:func:`simple_polytope_vertices`), whose result is accepted only with a certificate of
completeness (the vertex set closed under the vertex-edge graph, which is connected:
Balinski 1961; from 9 dimensions a few degenerate vertices are allowed, certified by the
extreme rays of their tangent cones, :mod:`negotiate.solvers.degenerate_edges`); each simple
vertex's partner then solves one square system (unless a row of its support, or the average
of two, is strictly dominated on its best replies, :mod:`negotiate.solvers.partner_filter`,
which rules most vertices out first, from a table built on a second core while Qhull runs),
and a degenerate vertex's partners are the
vertices of a face of the other polytope, as in lrsnash's enumeration of one polytope and
the matching face of the other (Avis et al. 2010). Badly conditioned systems are solved
exactly; more degenerate polytopes fall back to the pivoting search of both polytopes
(:func:`bimatrix_vertex_pairs_reference`; for integer payoffs the exact ``int64`` search of
:mod:`negotiate.solvers.lex_search`, faster where ties abound).

The output is complete: every extreme equilibrium is returned, once.

References
----------
B. von Stengel (2002), "Computing equilibria for two-person games", in *Handbook of Game
Theory* vol. 3, ch. 45, Sections 3.2-3.5.
D. Avis, G. Rosenberg, R. Savani, B. von Stengel (2010), "Enumeration of Nash equilibria for
two-player games", *Economic Theory* 42(1), 9-37.
D. Avis (2000), "lrs: a revised implementation of the reverse search vertex enumeration
algorithm", in *Polytopes - Combinatorics and Computation*, 177-198.
M. L. Balinski (1961), "On the graph structure of convex polyhedra in n-space", *Pacific J.
Math.* 11(2), 431-434.
C. B. Barber, D. P. Dobkin, H. Huhdanpaa (1996), "The Quickhull algorithm for convex hulls",
*ACM Trans. Math. Software* 22(4), 469-483.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from negotiate.numeric import TOL
from negotiate.solvers import degenerate_edges, partner_filter
from negotiate.solvers.batched import (
    common_labels,
    complete_pairs,
    pack_masks,
    subset_vertices,
    unpack_masks,
)

#: Largest number of (matching-block) label comparisons held in memory at once.
_BLOCK = 1 << 22

#: Smallest dimension for which Qhull is tried before pivoting (below it pivoting is as fast).
_QHULL_MIN_DIM = 4

#: Games with at most this many strategies a side are solved by square systems of tight
#: constraints (:func:`_small_vertex_pairs`) instead of pivoting.
_SUBSET_MAX_DIM = 3

#: Smallest dimension from which Qhull's result is certified with a few degenerate vertices
#: (below it the pivoting search of both polytopes costs less than the edge certificate).
DEGENERATE_MIN_DIM = 9

#: Most degenerate pure-strategy vertices with which Qhull is tried on a degenerate polytope.
_DEGENERATE_PURE_MAX = 2

#: Qhull options: triangulated output (``Qt``), no pre-merging (``Q0``: the certificate
#: rejects anything a merge would have been needed for) and the furthest of the furthest
#: points first (``Q9``); together about 15-20% faster than ``Qt`` alone on 13x13 games.
_QHULL_OPTIONS = "Qt Q0 Q9"


@dataclass(frozen=True)
class VertexPairs:
    """The vertices of both best-response polytopes and their completely labelled pairs.

    Attributes
    ----------
    x, y
        Nonzero vertices of :math:`P` (shape ``(vp, m)``) and :math:`Q` (``(vq, n)``),
        unnormalised.
    x_labels, y_labels
        Their label sets, shape ``(vp, m + n)`` and ``(vq, m + n)`` (bool).
    pairs
        ``(e, 2)`` integer array: row ``(a, b)`` means ``(x[a], y[b])`` is completely
        labelled, i.e. an extreme equilibrium after normalisation. Sorted.
    """

    x: np.ndarray
    y: np.ndarray
    x_labels: np.ndarray
    y_labels: np.ndarray
    pairs: np.ndarray

    def equilibria(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The extreme equilibria, as normalised probability vectors.

        A zero vector (floating point lost a nearly degenerate game) gives NaN probabilities,
        without a warning: verification rejects them and the caller redoes the game exactly.
        """
        x, y = self.x[self.pairs[:, 0]], self.y[self.pairs[:, 1]]
        with np.errstate(invalid="ignore", divide="ignore"):
            x = x / x.sum(axis=1, keepdims=True)
            y = y / y.sum(axis=1, keepdims=True)
        return list(zip(x, y, strict=True))


def normalise_payoffs(a: np.ndarray) -> np.ndarray:
    """Positive affine image of ``a`` with entries in ``[1, 2]`` (constant games map to 1)."""
    a = np.asarray(a, dtype=float)
    lo, hi = float(a.min()), float(a.max())
    span = hi - lo if hi > lo else 1.0
    return (a - lo) / span + 1.0


def pack_labels(labels: np.ndarray) -> np.ndarray:
    """Bit-pack a ``(v, L)`` bool array into a 1-d array of opaque ``np.void`` keys."""
    packed = np.ascontiguousarray(np.packbits(labels, axis=1, bitorder="little"))
    return packed.view(np.dtype((np.void, packed.shape[1]))).ravel()


def polytope_vertices(m_mat: np.ndarray, tol: float = TOL) -> tuple[np.ndarray, np.ndarray]:
    r"""All vertices of :math:`\{z \ge 0,\ M z \le 1\}` for a positive matrix ``M``.

    Parameters
    ----------
    m_mat
        ``(k, d)`` matrix with positive entries (so the polytope is bounded and full
        dimensional), ideally scaled to about ``[1, 2]``.
    tol
        Zero tolerance for pivot elements, right-hand sides and ratio ties.

    Returns
    -------
    points
        ``(v, d)`` array of the distinct vertices, the origin first.
    tight
        ``(v, d + k)`` bool array: ``tight[:, i]`` for :math:`z_i = 0` (``i < d``) and
        ``tight[:, d + r]`` for :math:`(M z)_r = 1`.

    Notes
    -----
    Breadth-first search over lexicographically feasible bases (see the module notes); each
    search level pivots all its bases at once. A basis is kept as its dictionary
    :math:`x_B + D\,x_N = \beta` (``k`` rows, the ``d`` nonbasic columns and
    :math:`\beta`). Pivoting on row :math:`r` and nonbasic position :math:`c` replaces
    :math:`D` by :math:`D - D_{\cdot c} D_{r \cdot} / D_{rc}`, row :math:`r` by
    :math:`D_{r\cdot}/D_{rc}` and column :math:`c` by :math:`-D_{\cdot c}/D_{rc}` (entry
    :math:`1/D_{rc}` in row :math:`r`). Complete for degenerate polytopes.
    """
    m_mat = np.asarray(m_mat, dtype=float)
    k, d = m_mat.shape
    nvar = d + k
    keys = _Keys(nvar)
    dic = np.concatenate([m_mat, np.ones((k, 1))], axis=1)[None]
    basic = np.arange(d, nvar)[None]
    nonbasic = np.arange(d)[None]
    key = keys.of(basic)
    visited = np.sort(key)
    found_rhs = [dic[:, :, d]]
    found_basic = [basic]
    while dic.shape[0]:
        rhs = dic[:, :, d]
        col = dic[:, :, :d].transpose(0, 2, 1)  # (F, d, k): column of entering position c
        pos = col > tol
        safe = np.where(pos, col, 1.0)
        ratio = np.where(pos, rhs[:, None, :] / safe, np.inf)
        cand = pos & (ratio <= ratio.min(axis=2, keepdims=True) + tol)
        tied = cand.sum(axis=2) > 1
        if tied.any():
            _lex_break_ties(dic, basic, nonbasic, safe, cand, tied, d, k, tol)
        leave = cand.argmax(axis=2)  # (F, d)
        fi, ci = np.nonzero(pos.any(axis=2))
        ri = leave[fi, ci]
        sel, key, visited = unvisited(keys.swap(key[fi], basic[fi, ri], nonbasic[fi, ci]), visited)
        if not sel.size:
            break
        fi, ci, ri = fi[sel], ci[sel], ri[sel]
        g = np.arange(fi.size)
        piv_col = col[fi, ci]  # (G, k)
        piv = piv_col[g, ri]
        piv_row = dic[fi, ri] / piv[:, None]
        new_dic = dic[fi] - piv_col[:, :, None] * piv_row[:, None, :]
        new_dic[g, :, ci] = -piv_col / piv[:, None]
        piv_row[g, ci] = 1.0 / piv
        new_dic[g, ri] = piv_row
        basic, nonbasic = swap_bases(basic, nonbasic, fi, ri, ci)
        dic = new_dic
        found_rhs.append(dic[:, :, d])
        found_basic.append(basic)
    rhs = np.concatenate(found_rhs)
    basic = np.concatenate(found_basic)
    values = np.zeros((rhs.shape[0], nvar))
    np.put_along_axis(values, basic, rhs, axis=1)
    values[values < 0.0] = 0.0
    tight = values <= tol
    _, first = np.unique(pack_labels(tight), return_index=True)
    first.sort()
    return values[first, :d], tight[first]


def unvisited(
    new_key: np.ndarray, visited: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One breadth-first level's bookkeeping: of the candidate bases ``new_key`` (sortable
    keys, repeats allowed), the positions of the first of each key not in the sorted array
    ``visited``, those keys, and ``visited`` with them added (still sorted)."""
    new_key, first = np.unique(new_key, return_index=True)
    at = np.minimum(np.searchsorted(visited, new_key), visited.size - 1)
    fresh = visited[at] != new_key
    key = new_key[fresh]
    return first[fresh], key, np.sort(np.concatenate([visited, key]))


def swap_bases(
    basic: np.ndarray, nonbasic: np.ndarray, fi: np.ndarray, ri: np.ndarray, ci: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The basic and nonbasic variables of the bases ``fi`` after pivoting each on row ``ri``
    and nonbasic position ``ci`` (the entering variable takes the leaving one's place)."""
    g = np.arange(fi.size)
    entering = nonbasic[fi, ci]
    leaving = basic[fi, ri]
    basic = basic[fi]
    basic[g, ri] = entering
    nonbasic = nonbasic[fi]
    nonbasic[g, ci] = leaving
    return basic, nonbasic


def simple_polytope_vertices(
    m_mat: np.ndarray, tol: float = TOL, degenerate: bool = False
) -> tuple[np.ndarray, np.ndarray] | None:
    r"""Vertices of :math:`\{z \ge 0,\ M z \le 1\}` by Qhull, if it is certifiably simple.

    Same output as :func:`polytope_vertices` (origin included, in Qhull's order), or ``None``
    when the certificate below fails (a degenerate polytope, a Qhull precision problem, fewer
    than two dimensions or more than 64 constraints): then call :func:`polytope_vertices`.
    With ``degenerate=True`` a few degenerate vertices are accepted too, each certified by
    the edges at it (:func:`negotiate.solvers.degenerate_edges.edges_closed`; at most
    :data:`~negotiate.solvers.degenerate_edges.MAX_VERTICES` of them).

    Notes
    -----
    The vertices of the polytope are the facets of its polar with respect to an interior
    point :math:`z_0`, the convex hull of the points :math:`g_r / (h_r - g_r^\top z_0)` for
    the constraints :math:`g_r^\top z \le h_r`; a facet with hyperplane
    :math:`\nu^\top p + \omega = 0` is the vertex :math:`z_0 - \nu / \omega`, and its points
    are the vertex's tight constraints (Ziegler 1995, Lectures on Polytopes, Section 2.3).
    Qhull (Barber, Dobkin & Huhdanpaa 1996) builds the hull in C, much faster than pivoting
    in numpy. Its floating-point result is not trusted but certified:

    1. every facet's constraint set equals the set of constraints tight (slack at most
       ``tol``) at its computed point, which is feasible, and has exactly ``d`` members, so
       each returned point is a simple vertex with exactly those labels;
    2. for every vertex :math:`v` and each of its ``d`` constraints, the Qhull neighbour
       across it is a returned vertex sharing the other :math:`d - 1` constraints and
       having one new one.

    By 1, dropping one constraint of :math:`v` leaves :math:`d - 1` independent tight
    constraints, whose solution set meets the polytope in an edge with :math:`v` as one
    end; by 2 the other end is also returned. So the returned set is closed under the
    vertex-edge graph, which is connected (Balinski 1961), and is therefore every vertex:
    the certificate proves completeness, whatever Qhull did internally.

    A degenerate vertex (``degenerate=True``) is several facets of the polar, Qhull's
    triangulation of one facet with more than ``d`` points; each of them must have its ``d``
    points among the vertex's tight constraints, which must have rank ``d``, and the edges at
    the vertex are the extreme rays of its tangent cone, each of which must end at another
    returned vertex (:mod:`negotiate.solvers.degenerate_edges`). A simple vertex's neighbour
    across a constraint may then be degenerate: it must be another returned vertex at which
    the other :math:`d - 1` constraints are tight, which again is the other end of that edge.
    """
    found = _qhull_vertices(m_mat, tol, degenerate)
    return None if found is None else found[:2]


def _qhull_vertices(
    m_mat: np.ndarray, tol: float, degenerate: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """:func:`simple_polytope_vertices` with the tight sets also as ``uint64`` bit masks."""
    m_mat = np.asarray(m_mat, dtype=float)
    k, d = m_mat.shape
    nvar = d + k
    if d < 2 or nvar > 64:
        return None
    # Ties in column maxima make degenerate pure-strategy vertices, and where there are
    # several there are usually more degenerate vertices than the edge certificate takes:
    # a cheap test before Qhull.
    if degenerate_pure_vertices(m_mat, tol) > (_DEGENERATE_PURE_MAX if degenerate else 0):
        return None
    g, z0, points = _polar_points(m_mat)
    facets = _hull_facets(points)
    if facets is None:
        return None
    simp, neighbors, eq = facets
    if not eq[:, d].max() < 0.0:
        return None
    z = eq[:, :d] * (-1.0 / eq[:, d:])
    z += z0
    row_slack = 1.0 - z @ m_mat.T
    if not (z.min() >= -tol and row_slack.min() >= -tol):  # NaN too
        return None
    tight = np.concatenate([z <= tol, row_slack <= tol], axis=1)
    bits = np.left_shift(np.uint64(1), simp.astype(np.uint64))
    facet_mask = bits[:, 0].copy()
    for column in range(1, d):  # faster than a reduction along the rows
        facet_mask |= bits[:, column]
    mask = pack_masks(tight).astype(np.uint64)
    # Each facet has d distinct constraints.
    if not np.all(np.bitwise_count(facet_mask) == d):
        return None
    all_simple = np.array_equal(mask, facet_mask)
    if all_simple:
        # Each facet's constraints, and no other, are tight at its point; each neighbour
        # shares the other d - 1 constraints and has one new one.
        across = np.take(facet_mask, neighbors) & facet_mask[:, None]
        if not np.array_equal(across, facet_mask[:, None] ^ bits):
            return None
    else:
        # Each facet's constraints are tight at its point.
        if not degenerate or np.any(facet_mask & ~mask):
            return None
        simple = np.bitwise_count(mask) == d
        if np.unique(mask[~simple]).size > degenerate_edges.MAX_VERTICES:
            return None
        # A simple vertex's neighbour across each constraint: another vertex at which the
        # other d - 1 constraints are tight.
        ridge = facet_mask[simple, None] ^ bits[simple]
        across = mask[neighbors[simple]]
        if not (np.all((across & ridge) == ridge) and np.all(across != mask[simple, None])):
            return None
    ordered = np.sort(mask)
    if np.any(ordered[1:] == ordered[:-1]):  # a vertex on several facets: keep the first
        _, first = np.unique(mask, return_index=True)
        first.sort()
        z, tight, mask = z[first], tight[first], mask[first]
    if not all_simple:
        corners = np.flatnonzero(np.bitwise_count(mask) > d)
        if corners.size > degenerate_edges.MAX_VERTICES or not degenerate_edges.edges_closed(
            g, mask, tight, corners
        ):
            return None
    # Zero where tight (a slack of at most tol either side); never -0.0.
    return np.maximum(z, 0.0) * ~tight[:, :d], tight, mask


def approximate_vertex_count(m_mat: np.ndarray) -> int | None:
    r"""Qhull's facet count for the polar of :math:`\{z \ge 0,\ M z \le 1\}`, uncertified.

    About the number of vertices (a degenerate vertex may count several times); only for
    choosing which polytope to enumerate, never for results. None if Qhull fails.
    """
    m_mat = np.asarray(m_mat, dtype=float)
    k, d = m_mat.shape
    if d < 2:
        return 1 + k
    facets = _hull_facets(_polar_points(m_mat)[2])
    return None if facets is None else int(facets[0].shape[0])


def _polar_points(m_mat: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""``(G, z0, points)``: the constraint rows :math:`G` of :math:`\{z \ge 0,\ M z \le
    1\}` (first :math:`-I` for :math:`z \ge 0`, then :math:`M`), an interior point
    :math:`z_0` with :math:`M z_0 \le 1/2`, and the points :math:`g_r / (h_r - g_r^\top z_0)`
    whose convex hull is the polar with respect to :math:`z_0`."""
    k, d = m_mat.shape
    g = np.concatenate([-np.eye(d), m_mat])
    h = np.concatenate([np.zeros(d), np.ones(k)])
    z0 = np.full(d, 0.5 / m_mat.sum(axis=1).max())  # M z0 <= 1/2, z0 > 0
    return g, z0, g / (h - g @ z0)[:, None]


def _hull_facets(points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Qhull's ``(simplices, neighbors, equations)`` for the convex hull of ``points``, or
    None if Qhull fails.

    The same arrays as ``scipy.spatial.ConvexHull`` with :data:`_QHULL_OPTIONS`, taken from
    scipy's ``_Qhull`` object directly when it has the expected interface: ``ConvexHull``
    also computes the hull's volume and area, about a fifth of its time on a 13-dimensional
    hull with 10,000 facets, which is not needed here. Falls back to ``ConvexHull``
    otherwise.
    """
    from scipy.spatial import ConvexHull, QhullError

    points = np.ascontiguousarray(points, dtype=np.float64)
    try:
        try:
            from scipy.spatial._qhull import _Qhull

            qhull = _Qhull(b"i", points, _QHULL_OPTIONS.encode(), required_options=b"Qt")
        except (ImportError, TypeError, AttributeError):
            hull = ConvexHull(points, qhull_options=_QHULL_OPTIONS)
            return hull.simplices, hull.neighbors, hull.equations
        try:
            qhull.triangulate()
            simplices, neighbors, equations = qhull.get_simplex_facet_array()[:3]
        finally:
            qhull.close()
    except (QhullError, ValueError):
        return None
    return simplices, neighbors, equations


class _Keys:
    """Bases as sortable keys: a ``uint64`` bit mask of the basic variables when there are at
    most 64 variables, otherwise bit-packed ``np.void`` records."""

    def __init__(self, nvar: int) -> None:
        self.nvar = nvar
        self.small = nvar <= 64

    def of(self, basic: np.ndarray) -> np.ndarray:
        if self.small:
            bits = np.left_shift(np.uint64(1), basic.astype(np.uint64))
            return np.bitwise_or.reduce(bits, axis=1)
        member = np.zeros((basic.shape[0], self.nvar), dtype=bool)
        np.put_along_axis(member, basic, True, axis=1)
        return pack_labels(member)

    def swap(self, key: np.ndarray, out_var: np.ndarray, in_var: np.ndarray) -> np.ndarray:
        if self.small:
            one = np.uint64(1)
            return key ^ (one << out_var.astype(np.uint64)) ^ (one << in_var.astype(np.uint64))
        raw = np.frombuffer(key.tobytes(), dtype=np.uint8).reshape(key.size, -1)
        member = np.unpackbits(raw, axis=1, count=self.nvar, bitorder="little").astype(bool)
        g = np.arange(key.size)
        member[g, out_var] = False
        member[g, in_var] = True
        return pack_labels(member)


def _lex_break_ties(
    dic: np.ndarray,
    basic: np.ndarray,
    nonbasic: np.ndarray,
    safe: np.ndarray,
    cand: np.ndarray,
    tied: np.ndarray,
    d: int,
    k: int,
    tol: float,
) -> None:
    """Narrow ``cand`` in place to the lexicographic minimum ratio row where it is tied.

    The tie-breaking vectors are the columns of the basis inverse in order: column ``c`` is
    the tableau column of slack ``d + c``, i.e. the unit vector of its row when it is basic
    and its dictionary column when it is nonbasic.
    """
    fi, ci = np.nonzero(tied)
    for c in range(k):
        var = d + c
        inv_col = (basic[fi] == var).astype(float)  # (U, k) unit vector if basic
        at = nonbasic[fi] == var
        has, q = at.any(axis=1), at.argmax(axis=1)
        if has.any():
            inv_col[has] = dic[fi[has], :, q[has]]
        sub = cand[fi, ci]
        vals = np.where(sub, inv_col / safe[fi, ci], np.inf)
        sub &= vals <= vals.min(axis=1, keepdims=True) + tol
        cand[fi, ci] = sub
        still = sub.sum(axis=1) > 1
        if not still.any():
            return
        fi, ci = fi[still], ci[still]


def bimatrix_vertex_pairs(a: np.ndarray, b: np.ndarray, tol: float = TOL) -> VertexPairs:
    r"""Vertices of the best-response polytopes of ``(A, B)`` that form equilibrium pairs.

    Parameters
    ----------
    a, b
        Payoff matrices of the row and column player, shape ``(m, n)``; any real numbers.
    tol
        Zero tolerance in the normalised game (payoffs in ``[1, 2]``).

    Returns
    -------
    VertexPairs
        Complete: every extreme equilibrium is one row of ``pairs``.

    Notes
    -----
    Only one polytope is enumerated when Qhull's result is certified complete
    (:func:`simple_polytope_vertices`; a few degenerate vertices are allowed from 9
    dimensions, whose partners are the vertices of a face of ``Q``, :func:`_face_partners`):
    the one chosen by :func:`_q_first` (of lower dimension; for a square game the one
    likely to have fewer vertices), else the other, with the players' roles swapped. Then a
    simple vertex :math:`x` has exactly :math:`m` labels, and a partner :math:`y` must carry
    the :math:`n` complementary ones: :math:`(A y)_i = 1` for
    :math:`i \in S = \operatorname{supp} x` and :math:`y_j = 0` outside the set :math:`J` of
    player 2's best responses to :math:`x`
    (:math:`|S| = |J|`). When every such square system :math:`A_{SJ} y_J = 1` is nonsingular
    (its 1-norm condition number is below :math:`1 / (|S|\,\mathrm{tol})`, which every system
    whose QR factor has a diagonal entry below ``tol`` times its column fails), :math:`y` is
    unique and the pair is an equilibrium iff :math:`y \ge 0,\ A y \le 1` (the few badly
    conditioned systems are solved exactly; most vertices are ruled out before their system
    is solved, :mod:`negotiate.solvers.partner_filter`, whose table is started before Qhull
    so that it can be built on another core meanwhile). Otherwise (a more degenerate game,
    or dimension below 4 where pivoting is as fast) both polytopes are enumerated, by
    pivoting where Qhull was not certified, and every completely labelled pair is matched;
    for integer payoffs the pivoting is the exact ``int64`` search
    (:func:`_searched_integer_pairs`) while its entries allow.
    """
    raw = (np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    a = normalise_payoffs(a)
    b = normalise_payoffs(b)
    m, n = a.shape
    if max(m, n) <= _SUBSET_MAX_DIM:
        return _small_vertex_pairs(a, b, tol)
    if _q_first(a, b):
        return _swapped(_one_polytope_pairs(b.T, a.T, tol, (raw[1].T, raw[0].T)), m, n)
    return _one_polytope_pairs(a, b, tol, raw)


#: Integer payoffs spanning less than this are searched exactly when no polytope is certified
#: (:func:`_searched_integer_pairs`); larger ones would soon outgrow ``int64``'s exact range.
_INTEGER_SPAN = 1 << 16


#: Decimal scales tried by :func:`_small_integers`: payoffs written with up to three decimals.
_DECIMAL_SCALES = (1.0, 10.0, 100.0, 1000.0)


def _small_integers(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``(A, B)`` as positive ``int64`` matrices (a positive affine change of each, with the
    smallest entries: :func:`negotiate.solvers.rational.integer_payoffs`) when
    every payoff is an integer or a decimal of up to three places (as written in payoff
    files: ``1.5`` is read as 3/2, within 1e-9 of the double) and each matrix then spans less
    than :data:`_INTEGER_SPAN`; else None."""
    from negotiate.solvers.rational import integer_payoffs

    out = []
    for u in (np.asarray(a, dtype=float), np.asarray(b, dtype=float)):
        if not np.abs(u).max() < 2.0**40:  # (and finite) whole numbers convert exactly
            return None
        for scale in _DECIMAL_SCALES:
            v = u * scale
            whole = np.rint(v)
            if np.all(np.abs(v - whole) <= 1e-9 * np.maximum(1.0, np.abs(v))):
                break
        else:
            return None
        smallest = np.array(integer_payoffs(whole.astype(np.int64).tolist()), dtype=np.int64)
        if not smallest.max() <= _INTEGER_SPAN:
            return None
        out.append(smallest)
    return out[0], out[1]


def _q_first(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether to enumerate ``Q`` first (the players' roles swapped) rather than ``P``: the
    polytope of lower dimension, and for a square game the one with the larger
    :func:`_constraint_spread`. Either choice gives the same equilibria; only the time
    differs."""
    m, n = a.shape
    return m > n or (m == n and _constraint_spread(a) > _constraint_spread(b.T))


def _constraint_spread(m_mat: np.ndarray) -> float:
    r"""Standard deviation of the row sums of ``M``: a predictor of how few vertices
    :math:`\{z \ge 0,\ M z \le 1\}` has, for choosing which polytope of a square game to
    enumerate (it never changes the result, only the time).

    With every entry in :math:`[1, 2]`, a constraint row with a much larger sum than the
    others is tight first along most directions and the rows with small sums rarely are, so
    fewer bases are feasible. On random 10x10 games (300 of them) the log vertex count falls
    by 14 per unit of this spread (correlation -0.79), and enumerating the polytope with the
    larger spread visits 15% fewer vertices than always taking ``P`` (the better of the
    two in hindsight: 19% fewer).
    """
    sums = m_mat.sum(axis=1)
    sums -= sums.mean()
    return math.sqrt(float(sums @ sums) / sums.size)  # np.std, without its overhead


def _one_polytope_pairs(
    a: np.ndarray, b: np.ndarray, tol: float, raw: tuple[np.ndarray, np.ndarray]
) -> VertexPairs:
    """:func:`bimatrix_vertex_pairs` for normalised payoffs, enumerating ``P`` first;
    ``raw`` is the game as given (read as integers only if no polytope is certified)."""
    m, n = a.shape
    # Started first: its table may be built on another core while Qhull runs.
    prepared = partner_filter.Filter(a, _FILTER_MARGIN * tol)
    # labels: x_i = 0 -> i ; (B^T x)_j = 1 -> m + j
    simple = _certified_vertices(b.T, tol)
    if simple is not None:
        fast = _partners(a, *simple, tol, prepared)
        if fast is not None:
            return fast
    # P is degenerate (or a system singular): try Q with the roles swapped, whose labels
    # (y_j = 0 -> j, (A y)_i = 1 -> n + i) are those of P in the game (B^T, A^T).
    other = _certified_vertices(a, tol)
    if other is not None:
        fast = _partners(b.T, *other, tol)
        if fast is not None:
            return _swapped(fast, m, n)
    ints = _small_integers(*raw)
    if ints is not None:
        searched = _searched_integer_pairs(*ints)
        if searched is not None:
            return searched
    if simple is not None:
        return _match_both(a, *simple[:2], tol)
    xs, xt = polytope_vertices(b.T, tol)
    return _match_both(a, xs[1:], xt[1:], tol)


def _searched_integer_pairs(ai: np.ndarray, bi: np.ndarray) -> VertexPairs | None:
    """Both polytopes of a game with positive integer payoffs searched exactly, matched
    exactly and returned in floating point: up to
    :data:`~negotiate.solvers.rational._SEARCH_BOTH_MAX` strategies in all by the
    depth-first search on Python integers (the faster at that size: 5x5 games with payoffs
    0..2 1.9 ms against 2.9 ms in all, 4x4 1.1 against 2.2; 6x6 4.1 against 3.8), beyond
    by the ``int64`` search
    (:func:`negotiate.solvers.lex_search.vertex_search_int64`, one batch for a square game);
    None if an entry would outgrow ``int64``'s exact range (the floating-point search runs
    instead).

    The polytopes of the integer game are those of the normalised one up to a projective
    change that keeps every label, so the pairs and the normalised equilibria are the same;
    the exact search is faster on games with many ties (integer pivots in doubles while the
    entries are small, :mod:`negotiate.solvers.lex_search`) and decides every tie exactly.
    """
    from negotiate.solvers.lex_search import vertex_search_int64
    from negotiate.solvers.rational import _SEARCH_BOTH_MAX, _match_exact

    m, n = ai.shape
    a_list, bt_list = ai.tolist(), bi.T.tolist()
    if m + n <= _SEARCH_BOTH_MAX:
        # Small: the depth-first search on Python integers is faster, and never overflows.
        exact = _match_exact(a_list, bt_list)
    else:
        if m == n:
            found = vertex_search_int64([bt_list, a_list])
        else:
            apart = [vertex_search_int64([bt_list]), vertex_search_int64([a_list])]
            found = None if None in apart else [apart[0][0], apart[1][0]]
        if found is None:
            return None
        exact = _match_exact(a_list, bt_list, p_found=found[0], q_found=found[1])
    return VertexPairs(
        x=np.array(exact.x, dtype=float).reshape(-1, m),
        y=np.array(exact.y, dtype=float).reshape(-1, n),
        x_labels=unpack_masks(np.array(exact.x_labels, dtype=np.uint64), m + n),
        y_labels=unpack_masks(np.array(exact.y_labels, dtype=np.uint64), m + n),
        pairs=np.array(exact.pairs, dtype=np.intp).reshape(-1, 2),
    )


def _small_vertex_pairs(a: np.ndarray, b: np.ndarray, tol: float) -> VertexPairs:
    """Both polytopes of a game of at most :data:`_SUBSET_MAX_DIM` strategies a side, by
    solving every square system of tight constraints at once
    (:func:`negotiate.solvers.batched.subset_vertices`, the batched solver's method), then
    label matching: for such small games several times faster than pivoting."""
    m, n = a.shape
    xs, xl, xv = subset_vertices(b.T[None], tol)  # x_i = 0 -> i ; (B^T x)_j = 1 -> m + j
    ys, yl, yv = subset_vertices(a[None], tol)  # y_j = 0 -> j ; (A y)_i = 1 -> n + i
    _, i, j = complete_pairs(xl, xv, yl, yv, m, n)
    # Number the valid vertices only.
    pairs = np.stack([np.cumsum(xv[0])[i] - 1, np.cumsum(yv[0])[j] - 1], axis=1)
    xt = unpack_masks(xl[0][xv[0]], m + n)
    yt = unpack_masks(common_labels(yl[0][yv[0]], m, n), m + n)
    return VertexPairs(x=xs[0][xv[0]], y=ys[0][yv[0]], x_labels=xt, y_labels=yt, pairs=pairs)


def degenerate_pure_vertices(m_mat: np.ndarray, tol: float = TOL) -> int:
    r"""How many vertices :math:`e_i / \max_r M_{ri}` have a tie in their column maximum:
    a lower bound on the degenerate vertices of :math:`\{z \ge 0,\ M z \le 1\}`."""
    top = m_mat.max(axis=0)
    return int(np.count_nonzero((m_mat >= top - tol).sum(axis=0) > 1))


def _certified_vertices(
    m_mat: np.ndarray, tol: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    r"""Nonzero vertices of a polytope by :func:`simple_polytope_vertices`, a few degenerate
    vertices allowed, with their tight sets as bool rows and as bit masks; else None."""
    d = m_mat.shape[1]
    if d < _QHULL_MIN_DIM:
        return None
    found = _qhull_vertices(m_mat, tol, degenerate=d >= DEGENERATE_MIN_DIM)
    if found is None:
        return None
    # Drop the origin (the one vertex at which no constraint of M is tight), by slicing.
    (origin,) = np.flatnonzero(found[2] == np.uint64((1 << d) - 1))
    return tuple(np.concatenate([u[:origin], u[origin + 1 :]]) for u in found)


def bimatrix_vertex_pairs_reference(a: np.ndarray, b: np.ndarray, tol: float = TOL) -> VertexPairs:
    """Reference for :func:`bimatrix_vertex_pairs`: both polytopes by pivoting, then matching.

    Slower and simpler (no Qhull, no partner solving); complete for every game. Kept so the
    tests can check that the fast paths return exactly the same equilibria.
    """
    a = normalise_payoffs(a)
    b = normalise_payoffs(b)
    xs, xt = polytope_vertices(b.T, tol)
    return _match_both(a, xs[1:], xt[1:], tol)


def _match_both(a: np.ndarray, xs: np.ndarray, xt: np.ndarray, tol: float) -> VertexPairs:
    """Enumerate ``Q`` too and match completely labelled pairs (any game)."""
    m, n = a.shape
    ys, yt = polytope_vertices(a, tol)  # y_j = 0 -> j ; (A y)_i = 1 -> n + i
    ys, yt = ys[1:], yt[1:]
    yt = np.concatenate([yt[:, n:], yt[:, :n]], axis=1)  # into the common labelling
    pairs = match_labels(xt, yt, m, n)
    return VertexPairs(x=xs, y=ys, x_labels=xt, y_labels=yt, pairs=pairs)


def _swapped(sw: VertexPairs, m: int, n: int) -> VertexPairs:
    """Translate the result for the transposed game ``(B^T, A^T)`` back to ``(A, B)``."""
    swap = np.concatenate([np.arange(n, m + n), np.arange(n)])
    return VertexPairs(
        x=sw.y,
        y=sw.x,
        x_labels=sw.y_labels[:, swap],
        y_labels=sw.x_labels[:, swap],
        pairs=_sorted_pairs(sw.pairs[:, ::-1]),
    )


def _partners(
    a: np.ndarray,
    xs: np.ndarray,
    xt: np.ndarray,
    labels: np.ndarray,
    tol: float,
    prepared: partner_filter.Filter | None = None,
) -> VertexPairs | None:
    r"""Solve for the partners of the vertices of ``P``; None if a system is singular.

    ``labels`` are the vertices' tight sets as bit masks. Simple vertices that provably have
    no partner (a support row, or the average of two, strictly dominated on the best replies
    by a row or a mixture of two: :mod:`negotiate.solvers.partner_filter`, ``prepared`` for
    ``a`` if given) are dropped first; the rest are grouped
    by support size, one batched inverse per size, and the partners with :math:`y \ge 0`
    are scattered into one array and checked for :math:`A y \le 1` all at once. The few
    systems too badly conditioned for the floating-point inverse are solved exactly instead
    (:func:`_exact_partner`), on the binary values of the normalised payoffs. The partners of
    a degenerate vertex (more than ``m`` labels) are the vertices of a face of ``Q``
    (:func:`_face_partners`).
    """
    m, n = a.shape
    count = np.bitwise_count(labels)
    corners = np.flatnonzero(count > m)
    if corners.size > _HARD_LIMIT:
        return None
    candidate = count == m
    if prepared is None:
        candidate &= ~partner_filter.ruled_out(a, labels, candidate, _FILTER_MARGIN * tol)
    else:
        candidate &= ~prepared.ruled_out(labels, candidate)
    size = np.bitwise_count(~labels & np.uint64((1 << m) - 1)).astype(np.intp)  # support
    order = np.flatnonzero(candidate)
    order = order[np.argsort(size[order], kind="stable")]
    counts = np.bincount(size[order], minlength=m + 1)
    # Row-major nonzero of the size-sorted rows: each group's indices are one contiguous run,
    # and so are its solutions in ``flat`` (one entry per index of ``cols_all``).
    rows_all = np.nonzero(~xt[order, :m])[1]
    cols_all = np.nonzero(xt[order, m:])[1]
    sizes = size[order]
    # Every group's inverses, raveled one after another: a system of size s holds s rows of s.
    inverses = np.empty(int(sizes @ sizes))
    for group in _size_groups(counts, rows_all, cols_all):
        sub = a[group.rows[:, :, None], group.cols[:, None, :]]  # (g, s, s)
        try:
            inverses[group.entries] = np.linalg.inv(sub).ravel()
        except np.linalg.LinAlgError:
            return None
    row_length = np.repeat(sizes, sizes)
    flat = np.add.reduceat(inverses, np.cumsum(row_length) - row_length) if order.size else inverses
    # kappa_1 >= kappa_2 / s >= 1 / (s tol) whenever a QR diagonal is below tol. Entries of
    # the normalised game lie in [1, 2], so ||sub||_1 is within [s, 2 s], and ||inv||_1 <=
    # s max|inv_ij|: one cheap bound for all systems, exact norms group by group if it fails.
    hard: list[tuple[int, np.ndarray, np.ndarray]] = []
    largest = int(sizes.max(initial=1))
    if order.size and not np.abs(inverses).max() * (2 * largest**3) < 1.0 / tol:  # NaN too
        hard = _badly_conditioned(a, order, rows_all, cols_all, counts, inverses, flat, tol)
        if hard is None:
            return None
    # Only partners with y >= -tol can be feasible: scatter those alone.
    keep = np.zeros(order.size, dtype=bool)
    if order.size:
        keep = np.minimum.reduceat(flat, np.cumsum(sizes) - sizes) >= -tol
    kept = np.flatnonzero(keep)
    y = np.zeros((kept.size, n))
    take = np.repeat(keep, sizes)
    y[np.repeat(np.arange(kept.size), sizes[kept]), cols_all[take]] = flat[take]
    x_idx = order[kept]
    for vert, rows, cols in hard:
        exact = _exact_partner(a, rows, cols)
        if exact is None:
            return None
        if np.all(exact >= -tol):
            x_idx = np.append(x_idx, vert)
            y = np.concatenate([y, exact[None]])
    ok = np.all(y @ a.T <= 1.0 + tol, axis=1)
    x_idx = [x_idx[ok]]
    y_all = [np.maximum(y[ok], 0.0)]
    for vert in corners.tolist():
        face = _face_partners(a, np.flatnonzero(~xt[vert, :m]), np.flatnonzero(xt[vert, m:]), tol)
        x_idx.append(np.full(face.shape[0], vert))
        y_all.append(face)
    x_idx, y_all = np.concatenate(x_idx), np.concatenate(y_all)
    y_tight = np.concatenate([np.abs(y_all @ a.T - 1.0) <= tol, y_all <= tol], axis=1)
    _, first, inverse = np.unique(pack_masks(y_tight), return_index=True, return_inverse=True)
    pairs = _sorted_pairs(np.stack([x_idx, inverse.ravel()], axis=1))
    return VertexPairs(x=xs, y=y_all[first], x_labels=xt, y_labels=y_tight[first], pairs=pairs)


def _badly_conditioned(
    a: np.ndarray,
    order: np.ndarray,
    rows_all: np.ndarray,
    cols_all: np.ndarray,
    counts: np.ndarray,
    inverses: np.ndarray,
    flat: np.ndarray,
    tol: float,
) -> list[tuple[int, np.ndarray, np.ndarray]] | None:
    r"""The partner systems of :func:`_partners` whose 1-norm condition number is at least
    :math:`1 / (s\,tol)`, as ``(vertex, rows, cols)``; their entries of ``flat`` are set to
    -1 (they are solved exactly instead). None if there are more than :data:`_HARD_LIMIT`."""
    hard: list[tuple[int, np.ndarray, np.ndarray]] = []
    for group in _size_groups(counts, rows_all, cols_all):
        s, rows, cols = group.size, group.rows, group.cols
        inv = inverses[group.entries].reshape(-1, s, s)
        sub = a[rows[:, :, None], cols[:, None, :]]
        kappa = np.abs(sub).sum(axis=1).max(axis=1) * np.abs(inv).sum(axis=1).max(axis=1)
        bad = np.flatnonzero(~(kappa < 1.0 / (s * tol)))
        hard.extend(zip(order[group.first + bad].tolist(), rows[bad], cols[bad], strict=True))
        if len(hard) > _HARD_LIMIT:
            return None
        flat[group.span].reshape(-1, s)[bad] = -1.0
    return hard


class _Group(NamedTuple):
    """One support size's partner systems among :func:`_partners`' size-sorted candidates."""

    size: int
    rows: np.ndarray  # (g, size): each system's support rows
    cols: np.ndarray  # (g, size): its best-reply columns
    span: slice  # its entries of rows_all, cols_all and the row sums
    entries: slice  # its entries of the raveled inverses
    first: int  # the position of its first system among the candidates


def _size_groups(
    counts: np.ndarray, rows_all: np.ndarray, cols_all: np.ndarray
) -> Iterator[_Group]:
    """The groups of :func:`_partners` in order: ``counts[s]`` systems of size ``s``, whose
    rows and columns are consecutive runs of ``rows_all`` and ``cols_all``."""
    at = filled = first = 0
    for s in np.flatnonzero(counts).tolist():
        count = int(counts[s])
        span = slice(at, at + count * s)
        rows, cols = rows_all[span].reshape(count, s), cols_all[span].reshape(count, s)
        yield _Group(s, rows, cols, span, slice(filled, filled + count * s * s), first)
        at, filled, first = at + count * s, filled + count * s * s, first + count


#: Margin (in units of the tolerance) by which a row must beat another on every best-reply
#: column to rule a vertex out before its partner system is solved
#: (:mod:`negotiate.solvers.partner_filter`): 4 tol gives :math:`(A y)_i \ge 1 + 2\,tol`, so
#: only vertices the feasibility check would reject anyway are dropped.
_FILTER_MARGIN = 4.0


#: Most badly conditioned partner systems solved exactly (or degenerate vertices whose partner
#: faces are searched) before the pivoting search of both polytopes is cheaper.
_HARD_LIMIT = 16


def _face_partners(a: np.ndarray, rows: np.ndarray, cols: np.ndarray, tol: float) -> np.ndarray:
    r"""The partners of a degenerate vertex of ``P`` with support ``rows`` and best replies
    ``cols``: every vertex :math:`y` of ``Q`` with :math:`y_j = 0` off ``cols`` and
    :math:`(A y)_i = 1` on ``rows``, as rows of an ``(e, n)`` array.

    These are the vertices of a face of ``Q``; a face of a polytope is a polytope whose
    vertices are vertices of the whole, so they are the vertices of
    :math:`\{y_J \ge 0,\ A_{\cdot J}\, y_J \le 1\}` (searched by :func:`polytope_vertices`)
    at which the rows ``rows`` are tight.
    """
    found, tight = polytope_vertices(a[:, cols], tol)
    keep = np.all(tight[:, cols.size + rows], axis=1) & ~np.all(tight[:, : cols.size], axis=1)
    y = np.zeros((int(np.count_nonzero(keep)), a.shape[1]))
    y[:, cols] = found[keep]
    return y


def _exact_partner(a: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray | None:
    r"""The partner :math:`y` with :math:`A_{SJ} y_J = 1`, zero off ``cols``, solved exactly
    on the binary values of the normalised payoffs (rounded once to doubles at the end);
    None if the system is singular.

    Entries of the normalised game lie in :math:`[1, 2]`, where doubles are multiples of
    :math:`2^{-52}`, so :math:`2^{52} A` is an integer matrix with the same solutions up to
    the factor :math:`2^{52}`.
    """
    from negotiate.solvers.rational import _solve_integer

    scaled = (a[np.ix_(rows, cols)] * 2.0**52).tolist()
    solved = _solve_integer([[int(v) for v in row] for row in scaled], [1] * len(rows))
    if solved is None:
        return None
    part, den = solved
    y = np.zeros(a.shape[1])
    y[cols] = [float(Fraction(v, den)) for v in part]
    return y * 2.0**52


def _sorted_pairs(pairs: np.ndarray) -> np.ndarray:
    pairs = np.asarray(pairs, dtype=np.intp).reshape(-1, 2)
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]


def match_labels(xt: np.ndarray, yt: np.ndarray, m: int, n: int) -> np.ndarray:
    """Index pairs ``(a, b)`` with ``xt[a] | yt[b]`` all true, sorted.

    A vertex with exactly ``m`` (for ``x``) or ``n`` (for ``y``) labels is *simple*. Two
    simple vertices are completely labelled exactly when their label sets are complementary,
    found by a sorted lookup of packed keys; pairs involving one of the (usually few)
    degenerate vertices are found by a blockwise bitwise superset test.
    """
    if xt.shape[0] == 0 or yt.shape[0] == 0:
        return np.zeros((0, 2), dtype=np.intp)
    sx = np.flatnonzero(xt.sum(axis=1) == m)
    sy = np.flatnonzero(yt.sum(axis=1) == n)
    found = [np.zeros((0, 2), dtype=np.intp)]
    if sx.size and sy.size:
        want = pack_labels(~xt[sx])
        have = pack_labels(yt[sy])
        order = np.argsort(have)
        pos = np.minimum(np.searchsorted(have, want, sorter=order), have.size - 1)
        hit = have[order[pos]] == want
        found.append(np.stack([sx[hit], sy[order[pos[hit]]]], axis=1))
    dx = np.setdiff1d(np.arange(xt.shape[0]), sx)
    dy = np.setdiff1d(np.arange(yt.shape[0]), sy)
    found.append(_superset_pairs(xt[dx], yt, m + n, dx, np.arange(yt.shape[0])))
    found.append(_superset_pairs(xt[sx], yt[dy], m + n, sx, dy))
    return _sorted_pairs(np.concatenate(found))


def _superset_pairs(
    xt: np.ndarray, yt: np.ndarray, width: int, x_idx: np.ndarray, y_idx: np.ndarray
) -> np.ndarray:
    """Pairs whose labels cover all ``width`` labels, by blockwise bitwise or."""
    if xt.shape[0] == 0 or yt.shape[0] == 0:
        return np.zeros((0, 2), dtype=np.intp)
    px = np.packbits(xt, axis=1, bitorder="little")
    py = np.packbits(yt, axis=1, bitorder="little")
    full = np.packbits(np.ones((1, width), dtype=bool), axis=1, bitorder="little")[0]
    chunk = max(1, _BLOCK // max(1, py.shape[0] * py.shape[1]))
    found = []
    for start in range(0, px.shape[0], chunk):
        blk = px[start : start + chunk]
        ok = np.all((blk[:, None, :] | py[None, :, :]) == full, axis=2)
        ai, bi = np.nonzero(ok)
        found.append(np.stack([x_idx[ai + start], y_idx[bi]], axis=1))
    return np.concatenate(found)


def extreme_equilibria(
    a: np.ndarray, b: np.ndarray, tol: float = TOL
) -> list[tuple[np.ndarray, np.ndarray]]:
    """All extreme Nash equilibria of the bimatrix game ``(A, B)`` (complete).

    See the module notes for the method. Returns normalised ``(x, y)`` pairs in the order
    of the vertex search.
    """
    return bimatrix_vertex_pairs(a, b, tol).equilibria()
