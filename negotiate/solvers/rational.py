r"""All extreme Nash equilibria of a bimatrix game in exact rational arithmetic.

The same method as :mod:`negotiate.solvers.vertex` (vertex enumeration of the best-response
polytopes :math:`P = \{x \ge 0,\ B^\top x \le 1\}` and :math:`Q = \{y \ge 0,\ A y \le 1\}`
over lexicographically feasible bases, then matching completely labelled pairs), with no
tolerance anywhere: payoffs are :class:`fractions.Fraction`, shifted to be at least 1 and
scaled to integers, and every basis is kept as an *integer* dictionary with its determinant.

Integer-preserving pivoting (Edmonds 1967; Avis 2000, as in lrs): with the true dictionary
:math:`\tau = T/\delta` for an integer array :math:`T` and the basis determinant
:math:`\delta > 0`, a pivot on row :math:`r`, column :math:`c` with :math:`p = T_{rc} > 0`
gives

.. math::

    T'_{ij} = (p\,T_{ij} - T_{ic} T_{rj}) / \delta \quad (i \ne r,\ j \ne c), \qquad
    T'_{rj} = T_{rj}, \quad T'_{ic} = -T_{ic}, \quad T'_{rc} = \delta, \quad \delta' = p,

where each division is exact (Sylvester's determinant identity). Python integers are exact and
unbounded, so no ``Fraction`` normalisation (gcd) is paid per entry; only the vertices are
turned into fractions, ``value = T_{i,\beta} / \delta``.

The fast path (:func:`bimatrix_vertex_pairs_exact`) enumerates one polytope only: its vertex
set comes from floating-point Qhull and is then *proved* (closure under the vertex-edge graph
on the label masks, and each mask an exact simple vertex by rigorous floating-point error
bounds or, where a bound is inconclusive, an integer solve); partners are solved in integers.
Every decision is exact; floating point only saves work where its error bound settles a sign.

The output is complete and exact: every extreme equilibrium, as fractions in lowest terms.

References
----------
J. Edmonds (1967), "Systems of distinct representatives and linear algebra", *J. Res. Nat.
Bur. Standards* 71B, 241-245.
D. Avis (2000), "lrs: a revised implementation of the reverse search vertex enumeration
algorithm", in *Polytopes - Combinatorics and Computation*, 177-198.
D. Avis, G. Rosenberg, R. Savani, B. von Stengel (2010), "Enumeration of Nash equilibria for
two-player games", *Economic Theory* 42(1), 9-37.
S. M. Rump (1983), "Solving algebraic problems with high accuracy", in *A New Approach to
Scientific Computation*, 51-120.
N. J. Higham (2002), *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

import numpy as np

from negotiate.solvers import partner_filter
from negotiate.solvers.batched import unpack_masks
from negotiate.solvers.lex_search import vertex_search_int64
from negotiate.solvers.vertex import match_labels

Matrix = Sequence[Sequence[Fraction | int]]

#: The partner faces of degenerate vertices (or singular systems) are enumerated one by one
#: while there are at most max(_HARD_MIN, vertices // _HARD_SHARE) of them; beyond that both
#: polytopes are enumerated and matched, which is cheaper.
_HARD_MIN = 16
_HARD_SHARE = 20

#: From this many variables (dimension plus constraints) on, polytopes are searched vectorised
#: in int64 (medians of 40 polytopes with entries 0..2: 6 x 7 1.8 ms against 3.1 ms on Python
#: integers, 7 x 7 1.9 against 4.4; about even at 6 x 6, twice as slow at 5 x 5).
_VECTOR_MIN_VARS = 13

#: From this many strategies in all, a square game neither of whose polytopes is proved simple
#: has both searched as one int64 batch (the per-level cost shared; medians of 40 games with
#: payoffs 0..2, both polytopes: 6x6 1.8 ms against 3.0 ms on Python integers, 7x7 2.6
#: against 4.0; 5x5 1.4 against 1.2).
_BATCH_MIN_VARS = 12

#: Games with at most this many strategies in all (both players) are solved by searching both
#: polytopes and matching: at that size the two pivoting searches cost less than a Qhull run
#: and its proof (random integer games in 200s: 3x3 0.44 ms against 1.12 ms, 4x4 0.72 against
#: 1.35, 5x5 1.56 against 1.60, with payoffs in 0..2 5x5 1.70 against 2.33).
_SEARCH_BOTH_MAX = 10
#: Up to this many strategies in all, a game neither of whose polytopes is proved simple is
#: solved the same way: a degenerate vertex's partner face is a search of its own, and both
#: polytopes searched outright cost less (random 6x6 games with payoffs in 0..2: 3.98 ms
#: against 5.03 ms); square games from :data:`_BATCH_MIN_VARS` on search both as one
#: vectorised batch instead.
_UNPROVED_SEARCH_BOTH_MAX = 13

#: Most sets of constraints tried as the dropped ones at one degenerate vertex.
_DEGENERATE_MAX_SUBSETS = 4096

#: Zero, shared by every exact vector (fractions are immutable); most entries of a degenerate
#: game's vertices are zero, and building each costs a gcd.
_ZERO = Fraction(0)

#: Unit roundoff of IEEE double precision, a bound on the relative error of one operation.
_UNIT = 2.0**-53
#: Safety factor on computed error bounds, for the rounding of the bounds themselves.
_INFLATE = 1.0 + 1e-10
#: Integers below this are exact as doubles, with room for sums of a few of them.
_FLOAT_EXACT = 2.0**50


@dataclass(frozen=True)
class ExactVertexPairs:
    """Exact counterpart of :class:`negotiate.solvers.vertex.VertexPairs`.

    ``x`` and ``y`` are tuples of Fraction vectors (unnormalised vertices, origin excluded),
    ``x_labels``/``y_labels`` their label sets as ``int`` bit masks over ``m + n`` labels, and
    ``pairs`` the sorted completely labelled index pairs.
    """

    x: tuple[tuple[Fraction, ...], ...]
    y: tuple[tuple[Fraction, ...], ...]
    x_labels: tuple[int, ...]
    y_labels: tuple[int, ...]
    pairs: tuple[tuple[int, int], ...]

    def equilibria(self) -> list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
        """Extreme equilibria as exact probability vectors."""
        xs = {a: _normalised(self.x[a]) for a in {a for a, _ in self.pairs}}
        ys = {b: _normalised(self.y[b]) for b in {b for _, b in self.pairs}}
        return [(xs[a], ys[b]) for a, b in self.pairs]


def _normalised(point: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    """``point / sum(point)`` over one common denominator (one gcd per entry, not a
    Fraction sum and division per entry)."""
    den = math.lcm(*(v.denominator for v in point))
    nums = [v.numerator * (den // v.denominator) for v in point]
    total = sum(nums)
    return tuple(Fraction(v, total) if v else _ZERO for v in nums)


def integer_payoffs(a: Matrix) -> list[list[int]]:
    """Positive integer matrix that is a positive affine image of ``a``: the smallest one
    starting at 1 (shifted, brought to a common denominator, and divided by the greatest
    common divisor of the steps, which keeps the exact searches' entries small)."""
    if all(type(v) is int for row in a for v in row):
        lo = min(min(row) for row in a)
        whole = [[v - lo for v in row] for row in a]
    else:
        rows = [[Fraction(v) for v in row] for row in a]
        lo = min(v for row in rows for v in row)
        steps = [[v - lo for v in row] for row in rows]
        scale = math.lcm(*(v.denominator for row in steps for v in row))
        whole = [[int(v * scale) for v in row] for row in steps]
    common = math.gcd(*(v for row in whole for v in row)) or 1
    return [[v // common + 1 for v in row] for row in whole]


def polytope_vertices_exact(
    m_mat: Sequence[Sequence[int]],
) -> list[tuple[tuple[Fraction, ...], int]]:
    r"""All vertices of :math:`\{z \ge 0,\ M z \le 1\}` for a positive integer matrix ``M``.

    Returns
    -------
    list of (point, labels)
        Each distinct vertex once, the origin first; ``labels`` has bit ``i`` for
        :math:`z_i = 0` (``i < d``) and bit ``d + r`` for :math:`(M z)_r = 1`.

    Notes
    -----
    Depth-first search over lexicographically feasible bases with integer pivoting (see the
    module notes). The right-hand side is scaled to the common value ``1`` of the rows, so
    the dictionary starts as ``[M | 1]`` with determinant 1.
    """
    return _as_points(_vertex_search(m_mat))


def _as_points(
    found: dict[int, tuple[list[int], int]],
) -> list[tuple[tuple[Fraction, ...], int]]:
    return [(_as_fractions(num, det), labels) for labels, (num, det) in found.items()]


def _as_fractions(num: list[int], det: int) -> tuple[Fraction, ...]:
    """The point ``num / det`` as fractions in lowest terms."""
    return tuple(Fraction(v, det) if v else _ZERO for v in num)


def _vertex_search(m_mat: Sequence[Sequence[int]]) -> dict[int, tuple[list[int], int]]:
    """The search of :func:`polytope_vertices_exact`, keeping each vertex as integers.

    Returns a dict, in search order (origin first), from the label mask to ``(num, det)``:
    the vertex is ``num[i] / det`` (no ``Fraction`` is built, so no gcd is paid for the many
    vertices that are not part of an equilibrium). A degenerate vertex may come with any of
    its bases, so with another ``(num, det)`` of the same value.

    From :data:`_VECTOR_MIN_VARS` variables on, the search runs vectorised in ``int64``
    (:func:`negotiate.solvers.lex_search.vertex_search_int64`) while its entries stay in
    range, else depth first on Python integers (:func:`_vertex_search_python`).
    """
    if len(m_mat) + len(m_mat[0]) >= _VECTOR_MIN_VARS:
        found = vertex_search_int64([m_mat])
        if found is not None:
            return found[0]
    return _vertex_search_python(m_mat)


def _vertex_search_python(m_mat: Sequence[Sequence[int]]) -> dict[int, tuple[list[int], int]]:
    """:func:`_vertex_search` depth first on Python integers (unbounded, and faster than the
    vectorised search on small polytopes)."""
    k = len(m_mat)
    d = len(m_mat[0])
    start = [[int(v) for v in row] + [1] for row in m_mat]
    basic0 = list(range(d, d + k))
    nonbasic0 = list(range(d))
    key0 = sum(1 << v for v in basic0)
    visited = {key0}
    stack = [(start, basic0, nonbasic0, 1, key0, -1)]
    vertices: dict[int, tuple[list[int], int]] = {}
    while stack:
        tab, basic, nonbasic, det, key, back = stack.pop()
        labels = 0
        for v in nonbasic:
            labels |= 1 << v
        for r, v in enumerate(basic):
            if tab[r][d] == 0:
                labels |= 1 << v
        if labels not in vertices:
            num = [0] * d
            for r, v in enumerate(basic):
                if v < d:
                    num[v] = tab[r][d]
            vertices[labels] = (num, det)
        for c in range(d):
            if c == back:  # the reverse of the pivot that led here: the parent basis
                continue
            # The minimum ratio test (cross products: every entry is an integer), the rows
            # tied at the least ratio kept for the lexicographic rule.
            ties: list[int] = []
            for i, row in enumerate(tab):
                e = row[c]
                if e > 0:
                    if not ties:
                        ties, best_rhs, best_e = [i], row[d], e
                    else:
                        lhs, rhs = row[d] * best_e, best_rhs * e
                        if lhs < rhs:
                            ties, best_rhs, best_e = [i], row[d], e
                        elif lhs == rhs:
                            ties.append(i)
            if not ties:
                continue
            r = ties[0] if len(ties) == 1 else _lex_break_ties(tab, basic, nonbasic, det, c, ties)
            new_key = key ^ (1 << basic[r]) ^ (1 << nonbasic[c])
            if new_key in visited:
                continue
            visited.add(new_key)
            new_tab = _pivot(tab, det, r, c)
            new_basic = list(basic)
            new_nonbasic = list(nonbasic)
            new_basic[r], new_nonbasic[c] = nonbasic[c], basic[r]
            stack.append((new_tab, new_basic, new_nonbasic, tab[r][c], new_key, c))
    return vertices


def _lex_break_ties(
    tab: list[list[int]],
    basic: list[int],
    nonbasic: list[int],
    det: int,
    c: int,
    ties: list[int],
) -> int:
    """The lexicographic minimum among the rows ``ties`` (two or more) tied at the least
    ratio for entering column ``c``: ties broken by the columns of the basis inverse (the
    slack columns), in order; only the tied rows' entries are needed."""
    k, d = len(tab), len(tab[0]) - 1
    for var in range(d, d + k):
        if var in nonbasic:
            q = nonbasic.index(var)
            inv = [tab[i][q] for i in ties]
        else:
            inv = [det if basic[i] == var else 0 for i in ties]
        keep, keep_inv = [ties[0]], inv[0]
        for i, v in zip(ties[1:], inv[1:], strict=True):
            lhs = v * tab[keep[0]][c]
            rhs = keep_inv * tab[i][c]
            if lhs < rhs:
                keep, keep_inv = [i], v
            elif lhs == rhs:
                keep.append(i)
        if len(keep) == 1:
            return keep[0]
        ties = keep
    return ties[0]


def _pivot(tab: list[list[int]], det: int, r: int, c: int) -> list[list[int]]:
    """Integer-preserving pivot on row ``r``, dictionary column ``c`` (module notes)."""
    prow = tab[r]
    p = prow[c]
    out = []
    for i, row in enumerate(tab):
        if i == r:
            new = list(prow)
            new[c] = det
        else:
            f = row[c]
            if f == 0:
                new = [(p * v) // det for v in row]
            else:
                new = [(p * v - f * w) // det for v, w in zip(row, prow, strict=True)]
            new[c] = -f
        out.append(new)
    return out


def _labels_array(masks: Sequence[int], width: int) -> np.ndarray:
    if width <= 63:
        return unpack_masks(np.array(masks, dtype=np.uint64), width)
    out = np.zeros((len(masks), width), dtype=bool)
    for k, mask in enumerate(masks):
        for b in range(width):
            if mask >> b & 1:
                out[k, b] = True
    return out


def bimatrix_vertex_pairs_exact(a: Matrix, b: Matrix) -> ExactVertexPairs:
    r"""Exact extreme equilibria of ``(A, B)`` as completely labelled vertex pairs.

    Parameters
    ----------
    a, b
        ``m x n`` payoff matrices with rational entries (ints, Fractions, ``"p/q"`` text is
        not accepted here: convert first).

    Returns
    -------
    ExactVertexPairs
        Complete: every extreme equilibrium is one of ``pairs``. On the fast path ``x`` and
        ``y`` hold only the vertices that occur in an equilibrium.

    Notes
    -----
    Games of at most :data:`_SEARCH_BOTH_MAX` strategies in all are solved as
    :func:`bimatrix_vertex_pairs_exact_reference` does: both polytopes searched by exact
    integer pivoting and matched, which at that size is the fastest way. Otherwise one
    polytope is enumerated, the one with fewer vertices by a floating-point Qhull count
    (a choice only). Its vertices come from Qhull with a proof that they are all of them and
    exact simple vertices (:func:`_certified_exact_vertices`: a combinatorial closure
    certificate plus rigorous floating-point error bounds, :func:`_float_bounds`, with
    integer solves wherever a bound is inconclusive; from 9 dimensions a degenerate vertex
    with one constraint too many is proved with its edges, :func:`_degenerate_vertex_exact`);
    if the proof fails (a more degenerate polytope), the other polytope is tried, and then
    (up to :data:`_UNPROVED_SEARCH_BOTH_MAX` strategies both polytopes are searched and
    matched) the vertices come from the exact integer-pivoting search instead. A vertex
    :math:`x` with exactly as many labels as its dimension has at most one partner, the
    solution of the square system :math:`A_{SJ} y_J = 1` (:math:`S` the support of
    :math:`x`, :math:`J` its best replies): a partner is ruled out only when the rigorous
    bounds prove that some :math:`y_j < 0` or :math:`(A y)_i > 1`; every other system is
    solved and checked in integers. The partners of a degenerate vertex (or of a singular
    system) are the vertices of a face of :math:`Q`, searched exactly
    (:func:`_partner_face_exact`); with too many such vertices both polytopes are searched
    and matched (:func:`bimatrix_vertex_pairs_exact_reference`). When neither polytope is
    simple and the game is square, both are searched at once, as one vectorised batch
    (:func:`negotiate.solvers.lex_search.vertex_search_int64`), and matched. Every decision
    is exact, so the output is complete for degenerate games too.
    """
    ai = integer_payoffs(a)
    bi = integer_payoffs(b)
    m, n = len(ai), len(ai[0])
    bt = [[bi[i][j] for i in range(m)] for j in range(n)]
    if m + n <= _SEARCH_BOTH_MAX:
        return _match_exact(ai, bt)
    hulls = _SimpleHulls(ai, bt)
    if m == n and 2 * n >= _BATCH_MIN_VARS and hulls["P"] is None and hulls["Q"] is None:
        both = vertex_search_int64([bt, ai])  # both degenerate: search them as one batch
        if both is not None:
            return _match_exact(ai, bt, p_found=both[0], q_found=both[1])
    side = _choose_side(ai, bt, hulls)
    # Q is P of the game (B^T, A^T): enumerate it, find partners there, swap back.
    games = {"P": (ai, bt), "Q": (bt, ai)}
    for tried in (side, "Q" if side == "P" else "P"):  # the other if the proof fails
        fast = _proved_polytope(*games[tried], hulls[tried])
        if fast is not None:
            return fast if tried == "P" else _swap_exact(fast, m, n)
    if m + n <= _UNPROVED_SEARCH_BOTH_MAX:
        return _match_exact(ai, bt)
    found = _vertex_search(games[side][1])
    fast = _exact_partners(*games[side], found)
    if fast is not None:
        return fast if side == "P" else _swap_exact(fast, m, n)
    if side == "Q":
        return _match_exact(ai, bt, q_found=found)
    return _match_exact(ai, bt, p_found=found)


def _proved_polytope(
    ai: list[list[int]], bt: list[list[int]], hull: tuple[np.ndarray, np.ndarray] | None
) -> ExactVertexPairs | None:
    """The fast path on ``P = {x >= 0, B^T x <= 1}``: its vertices proved from the certified
    Qhull result ``hull``, then partners; None where either step fails."""
    if hull is None:
        return None
    certified = _certified_exact_vertices(bt, hull)
    if certified is None:
        return None
    return _exact_partners(ai, bt, certified)


class _SimpleHulls(dict):
    """Each polytope's certified floating-point Qhull result, computed on first use:
    ``"P"`` (matrix ``bt``) and ``"Q"`` (matrix ``ai``); None where the certificate fails (a
    degenerate polytope; from :data:`~negotiate.solvers.vertex.DEGENERATE_MIN_DIM`
    dimensions a few degenerate vertices are allowed, proved exactly by
    :func:`_certified_exact_vertices`)."""

    def __init__(self, ai: list[list[int]], bt: list[list[int]]) -> None:
        super().__init__()
        self.matrices = {"P": bt, "Q": ai}

    def __missing__(self, side: str) -> tuple[np.ndarray, np.ndarray] | None:
        from negotiate.solvers.vertex import (
            DEGENERATE_MIN_DIM,
            normalise_payoffs,
            simple_polytope_vertices,
        )

        mat = _float_matrix(self.matrices[side])
        hull = None
        if mat is not None:
            hull = simple_polytope_vertices(
                normalise_payoffs(mat), degenerate=mat.shape[1] >= DEGENERATE_MIN_DIM
            )
        self[side] = hull
        return hull


#: Games with at most this many strategies a side choose the polytope to enumerate as the
#: floating-point engine does (:func:`negotiate.solvers.vertex._q_first`), without a Qhull
#: run on each: for them Qhull is most of the time, and a count saves little.
_ONE_HULL_MAX = 6


def _choose_side(ai: list[list[int]], bt: list[list[int]], hulls: _SimpleHulls) -> str:
    """The polytope to enumerate, ``"P"`` or ``"Q"``.

    Up to :data:`_ONE_HULL_MAX` strategies a side, by the floating-point engine's predictor;
    beyond, the one with fewer vertices among those Qhull certifies simple; if neither is,
    the one with fewer Qhull facets, else of lower dimension. A choice only: correctness
    does not depend on it.
    """
    from negotiate.solvers.vertex import _q_first, approximate_vertex_count, normalise_payoffs

    if max(len(ai), len(bt)) <= _ONE_HULL_MAX:
        a_float, bt_float = _float_matrix(ai), _float_matrix(bt)
        if a_float is not None and bt_float is not None:
            q_first = _q_first(normalise_payoffs(a_float), normalise_payoffs(bt_float).T)
            return "Q" if q_first else "P"
    counts = {side: hull[0].shape[0] for side in ("P", "Q") if (hull := hulls[side]) is not None}
    if not counts:
        for side, mat in {"P": _float_matrix(bt), "Q": _float_matrix(ai)}.items():
            count = approximate_vertex_count(normalise_payoffs(mat)) if mat is not None else None
            counts[side] = count if count is not None else 1 << 62
    if counts.get("P") == counts.get("Q"):
        return "Q" if len(ai[0]) < len(bt[0]) else "P"
    return min(counts, key=counts.__getitem__)


def _float_matrix(mat: list[list[int]]) -> np.ndarray | None:
    """``mat`` as doubles if they hold it exactly (with room for short sums), else None."""
    out = np.array(mat, dtype=float)
    if np.abs(out).max() >= _FLOAT_EXACT:
        return None
    return out


def _exact_partners(
    ai: list[list[int]], bt: list[list[int]], found: dict[int, tuple[list[int], int] | None]
) -> ExactVertexPairs | None:
    """Partners of the exact vertices ``found`` of ``P = {x >= 0, B^T x <= 1}`` (see
    :func:`bimatrix_vertex_pairs_exact`); None when too many vertices are degenerate or have
    singular systems for the partner faces to be worth enumerating one by one."""
    m, n = len(ai), len(ai[0])
    masks = list(found)[1:]  # drop the origin
    if not masks:
        return ExactVertexPairs(x=(), y=(), x_labels=(), y_labels=(), pairs=())
    tight = _labels_array(masks, m + n)
    support = ~tight[:, :m]
    replies = tight[:, m:]
    size = support.sum(axis=1)
    square = size == replies.sum(axis=1)
    hard = [int(v) for v in np.flatnonzero(~square)]
    limit = max(_HARD_MIN, len(masks) // _HARD_SHARE)
    if len(hard) > limit:
        return None
    a_float = np.array(ai, dtype=float)
    exact_floats = bool(np.abs(a_float).max() < _FLOAT_EXACT)
    candidate = square
    if exact_floats and m + n <= 64:
        # Exact: the payoffs are integers below _FLOAT_EXACT, where the mixtures' weights
        # (1/2, 1/4, 3/4) and the strict comparisons lose nothing in doubles.
        labels = np.array(masks, dtype=np.uint64)
        candidate = square & ~partner_filter.ruled_out(a_float, labels, square, 0.0)
    pairs: list[tuple[int, int]] = []
    xs: list[tuple[Fraction, ...]] = []
    xl: list[int] = []
    ys: list[tuple[Fraction, ...]] = []
    yl: list[int] = []
    y_index: dict[int, int] = {}
    x_index: dict[int, int] = {}

    def add(x_pos: int, exact_y: tuple[Fraction, ...], y_mask: int) -> None:
        if y_mask not in y_index:
            y_index[y_mask] = len(ys)
            ys.append(exact_y)
            yl.append(y_mask)
        mask = masks[x_pos]
        if mask not in x_index:
            x_index[mask] = len(xs)
            point = found[mask]
            if point is None:  # certified without an exact solve: solve it now
                point = found[mask] = _exact_vertex(bt, mask)
            num, det = point
            xs.append(_as_fractions(num, det))
            xl.append(mask)
        pairs.append((x_index[mask], y_index[y_mask]))

    groups, members = [], []
    for s in np.unique(size[candidate]):
        idx = np.flatnonzero(candidate & (size == s))
        rows = np.nonzero(support[idx])[1].reshape(idx.size, s)
        cols = np.nonzero(replies[idx])[1].reshape(idx.size, s)
        sub = a_float[rows[:, :, None], cols[:, None, :]]
        rest = np.nonzero(~support[idx])[1].reshape(idx.size, m - s)
        others = a_float[rest[:, :, None], cols[:, None, :]]
        groups.append((sub, others))
        members.append((idx, rows, cols))
    bounds = _bounds_by_size(groups)
    for (idx, rows, cols), (y_hat, err, slack, slack_err) in zip(members, bounds, strict=True):
        infeasible = np.any(y_hat < -err[:, None], axis=1) | np.any(slack < -slack_err, axis=1)
        infeasible &= exact_floats
        for g in np.flatnonzero(~infeasible):
            solved = _solve_partner(ai, rows[g].tolist(), cols[g].tolist())
            if solved is None:
                hard.append(int(idx[g]))
                if len(hard) > limit:
                    return None
                continue
            num, den = solved
            if min(num) < 0:
                continue
            ay = [sum(row[j] * num[j] for j in range(n)) for row in ai]
            if max(ay) > den:
                continue
            y_mask = 0
            for j in range(n):
                if num[j] == 0:
                    y_mask |= 1 << (m + j)
            for i in range(m):
                if ay[i] == den:
                    y_mask |= 1 << i
            exact_y = tuple(Fraction(v, den) if v else _ZERO for v in num)
            add(int(idx[g]), exact_y, y_mask)
    for v in hard:
        for exact_y, y_mask in _partner_face_exact(
            ai, np.flatnonzero(support[v]).tolist(), np.flatnonzero(replies[v]).tolist()
        ):
            add(v, exact_y, y_mask)
    order = sorted(range(len(xs)), key=lambda k: xl[k])
    perm = {old: new for new, old in enumerate(order)}
    return ExactVertexPairs(
        x=tuple(xs[k] for k in order),
        y=tuple(ys),
        x_labels=tuple(xl[k] for k in order),
        y_labels=tuple(yl),
        pairs=tuple(sorted((perm[i], j) for i, j in pairs)),
    )


def _gamma(k: int) -> float:
    r"""Twice Higham's :math:`\gamma_k = k u / (1 - k u)`: a bound on the relative error of
    any floating-point sum of ``k`` products (any order, with or without FMA)."""
    return 2.0 * k * _UNIT / (1.0 - k * _UNIT)


def _float_bounds(
    mats: np.ndarray, others: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Float solutions of integer systems :math:`M z = 1` with rigorous error bounds.

    Parameters
    ----------
    mats
        ``(g, s, s)`` float arrays holding integers exactly (below :math:`2^{52}`).
    others
        ``(g, r, s)`` further integer rows :math:`W`, whose slacks :math:`1 - W z` are wanted.

    Returns
    -------
    z_hat, err, slack, slack_err
        ``z_hat`` ``(g, s)`` and ``err`` ``(g,)`` with :math:`\|z - \hat z\|_\infty \le`
        ``err`` for the exact solution :math:`z` (``inf`` when nothing can be proved, e.g. a
        singular matrix), and the computed slacks ``(g, r)`` with
        :math:`|(1 - W z) - 	ext{slack}| \le` ``slack_err``.

    Notes
    -----
    A posteriori bound for an approximate inverse :math:`X` (Rump 1983; Higham 2002,
    *Accuracy and Stability of Numerical Algorithms*, Sections 3.1 and 7.2): if
    :math:`lpha \ge \|I - X M\|_\infty` with :math:`lpha < 1`, then
    :math:`\|M^{-1}\|_\infty \le \|X\|_\infty / (1 - lpha)` and
    :math:`\|z - \hat z\|_\infty \le \|M^{-1}\|_\infty \|1 - M \hat z\|_\infty`. Every
    computed product sum is off by at most :math:`\gamma_k` times the sum of the absolute
    products (:func:`_gamma`), which is added to each quantity before it is used; a final
    factor :math:`1 + 10^{-10}` covers the rounding of the bounds themselves.
    """
    s = mats.shape[1]
    sign, _ = np.linalg.slogdet(mats)
    singular = sign == 0
    safe = np.where(singular[:, None, None], np.eye(s), mats)
    try:
        x = np.linalg.inv(safe)
    except np.linalg.LinAlgError:  # a zero pivot slogdet did not see: prove nothing
        x = np.full(safe.shape, np.nan)
    ma, xa = np.abs(safe), np.abs(x)
    resid = np.abs(np.eye(s) - np.einsum("gij,gjk->gik", x, safe))
    resid += _gamma(s) * np.einsum("gij,gjk->gik", xa, ma)
    alpha = resid.sum(axis=2).max(axis=1) * _INFLATE
    z = x.sum(axis=2)
    r = np.abs(1.0 - np.einsum("gij,gj->gi", safe, z))
    r += _gamma(s + 1) * (1.0 + np.einsum("gij,gj->gi", ma, np.abs(z)))
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_norm = xa.sum(axis=2).max(axis=1) / (1.0 - alpha)
    err = inv_norm * r.max(axis=1) * _INFLATE
    err[singular | (alpha >= 0.5) | ~np.isfinite(err)] = np.inf
    wa = np.abs(others)
    slack = 1.0 - np.einsum("grj,gj->gr", others, z)
    with np.errstate(invalid="ignore"):
        slack_err = wa.sum(axis=2) * err[:, None]
        slack_err += _gamma(s + 1) * (1.0 + np.einsum("grj,gj->gr", wa, np.abs(z)))
        slack_err = np.where(np.isfinite(err)[:, None], slack_err * _INFLATE, np.inf)
    return z, err, slack, slack_err


#: At most this many systems in all are bounded in one padded call of :func:`_float_bounds`
#: (:func:`_bounds_by_size`); more go one call per size, where the padding would cost more
#: than the calls.
_PAD_SYSTEMS = 256


def _bounds_by_size(
    groups: list[tuple[np.ndarray, np.ndarray]],
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """:func:`_float_bounds` of each ``(mats, others)`` group (systems of one size ``s``,
    ``(g, s, s)`` and ``(g, r, s)``), as if called on each.

    Few systems in all (:data:`_PAD_SYSTEMS`) go in one call, each padded to the largest
    size as ``diag(M, c I)`` with further rows ``[W, 0]`` and zero rows: the exact solution
    is :math:`(M^{-1} 1, 1 / c)`, so the bounds on its first ``s`` coordinates and on the
    first ``r`` slacks hold for the system itself (``c``, the largest entry, keeps the
    padding's norms in scale). Small games have a few systems of each of several sizes, and
    each call costs about 0.1 ms whatever its size.
    """
    if len(groups) < 2 or sum(mats.shape[0] for mats, _ in groups) > _PAD_SYSTEMS:
        return [_float_bounds(mats, others) for mats, others in groups]
    size = max(mats.shape[1] for mats, _ in groups)
    rows = max(others.shape[1] for _, others in groups)
    count = sum(mats.shape[0] for mats, _ in groups)
    scale = max(float(np.abs(mats).max(initial=1.0)) for mats, _ in groups)
    padded = np.zeros((count, size, size))
    padded[:, np.arange(size), np.arange(size)] = scale
    wide = np.zeros((count, rows, size))
    at = 0
    for mats, others in groups:
        g, s = mats.shape[:2]
        padded[at : at + g, :s, :s] = mats
        wide[at : at + g, : others.shape[1], :s] = others
        at += g
    z, err, slack, slack_err = _float_bounds(padded, wide)
    out = []
    at = 0
    for mats, others in groups:
        g, s = mats.shape[:2]
        r = others.shape[1]
        part = slice(at, at + g)
        out.append((z[part, :s], err[part], slack[part, :r], slack_err[part, :r]))
        at += g
    return out


def _certified_exact_vertices(
    mat: list[list[int]], hull: tuple[np.ndarray, np.ndarray] | None = None
) -> dict[int, tuple[list[int], int] | None] | None:
    r"""Every vertex of :math:`\{z \ge 0,\ M z \le 1\}` (integer ``M``), proved exactly,
    from Qhull; None if the proof fails (then search with :func:`_vertex_search`).

    Returns the label masks in the format of :func:`_vertex_search`, origin first, with the
    value ``None`` for vertices proved without an exact solve (computed on demand by
    :func:`_exact_vertex`). ``hull`` is the result of ``simple_polytope_vertices`` on the
    normalised matrix, if already computed.

    Notes
    -----
    :func:`negotiate.solvers.vertex.simple_polytope_vertices` runs on the normalised
    polytope, whose vertex label sets are those of this one (positive affine maps of the
    payoffs leave them unchanged), and proves, combinatorially on the masks, that every
    returned vertex's neighbour across each of its constraints is returned. It remains to
    prove that each mask is an exact simple vertex: the square system of its tight
    constraints has a solution with every support coordinate and every other slack strictly
    positive. :func:`_float_bounds` proves these signs for almost every vertex; the rest are
    solved in integers. Then the masks are exactly the vertices (the argument of
    ``simple_polytope_vertices``, now in exact arithmetic).
    """
    from negotiate.solvers.vertex import normalise_payoffs, simple_polytope_vertices

    m_float = _float_matrix(mat)
    if m_float is None:
        return None
    k, d = m_float.shape
    found = hull if hull is not None else simple_polytope_vertices(normalise_payoffs(m_float))
    if found is None:
        return None
    tight = found[1]
    origin = np.all(tight[:, :d], axis=1)
    tight = tight[~origin]
    support = ~tight[:, :d]
    rows_tight = tight[:, d:]
    size = support.sum(axis=1)
    weights = 1 << np.arange(d + k, dtype=object)
    masks = (tight.astype(object) * weights).sum(axis=1).tolist() if tight.size else []
    out: dict[int, tuple[list[int], int] | None] = {(1 << d) - 1: ([0] * d, 1)}
    out.update((mask, None) for mask in masks)
    if len(out) != len(masks) + 1:
        return None
    simple = tight.sum(axis=1) == d
    rays: list[tuple[int, list[int]]] = []
    for v in np.flatnonzero(~simple).tolist():
        proved = _degenerate_vertex_exact(mat, masks[v])
        if proved is None:
            return None
        out[masks[v]], edges = proved
        rays.append((masks[v], edges))
    uncertain: list[int] = []
    groups, members = [], []
    for s in np.unique(size[simple]):
        idx = np.flatnonzero(simple & (size == s))
        cols = np.nonzero(support[idx])[1].reshape(idx.size, s)
        rows = np.nonzero(rows_tight[idx])[1].reshape(idx.size, s)
        rest = np.nonzero(~rows_tight[idx])[1].reshape(idx.size, k - s)
        sub = m_float[rows[:, :, None], cols[:, None, :]]
        others = m_float[rest[:, :, None], cols[:, None, :]]
        groups.append((sub, others))
        members.append(idx)
    for idx, (z, err, slack, slack_err) in zip(members, _bounds_by_size(groups), strict=True):
        proved = np.all(z > err[:, None], axis=1) & np.all(slack > slack_err, axis=1)
        uncertain.extend(int(v) for v in idx[~proved])
        if len(uncertain) > max(_HARD_MIN, len(masks) // _HARD_SHARE):
            return None
    for v in uncertain:
        mask = masks[v]
        point = _exact_vertex(mat, mask)
        if point is None:
            return None
        num, den = point
        if any(num[i] <= 0 for i in range(d) if not mask >> i & 1):
            return None
        for r in range(k):
            if not mask >> (d + r) & 1 and sum(mat[r][i] * num[i] for i in range(d)) >= den:
                return None
        out[mask] = point
    # Every edge at a degenerate vertex ends at another vertex (at which its d - 1 constraints
    # are tight): with the simple vertices' neighbours, checked by the floating-point
    # certificate on these same (now proved) masks, the vertex set is closed.
    for own, edges in rays:
        for edge in edges:  # the origin (in ``out``, not ``masks``) may be the other end
            if not any(mask & edge == edge and mask != own for mask in out):
                return None
    return out


def _degenerate_vertex_exact(
    mat: list[list[int]], mask: int
) -> tuple[tuple[list[int], int], list[int]] | None:
    r"""Prove that ``mask`` (more constraints than the dimension ``d``) is the tight set of a
    vertex of :math:`\{z \ge 0,\ M z \le 1\}`, exactly; return the vertex as
    ``(num, den)`` and, for each edge at it, the mask of :math:`d - 1` tight constraints
    whose line it is. None if it is not so, or if there are more than
    :data:`_DEGENERATE_MAX_SUBSETS` sets of constraints to drop.

    Notes
    -----
    With the zero coordinates :math:`Z` and tight rows :math:`R` (:math:`|R| = |C| + t` for the
    support :math:`C`), rows :math:`R_0 \subset R` whose square system on :math:`C` is
    nonsingular give the point, checked exactly against every constraint. The tight rows
    :math:`G_T` then have rank :math:`d` and a :math:`t`-dimensional space of dependencies
    :math:`\Lambda G_T = 0`: one for each other row :math:`f`, with :math:`\lambda_f = -1`,
    :math:`\lambda_{R_0}` solving :math:`M_{R_0 C}^\top \lambda_{R_0} = M_{f C}`, and
    :math:`\lambda_i = \sum_r \lambda_r M_{ri}` on :math:`Z` (the constraint :math:`z_i \ge 0`
    has the row :math:`-e_i`). Dropping :math:`t + 1` constraints :math:`D` leaves
    :math:`d - 1` whose solutions form a line exactly when :math:`\Lambda_D` has rank
    :math:`t`, and along it the dropped constraints move as :math:`v` with
    :math:`\Lambda_D v = 0`: as the signed :math:`t \times t` minors of :math:`\Lambda_D`.
    It is an edge exactly when these are not all zero and none has the sign opposite to
    another (all the dropped constraints can then decrease, or stay tight, together).
    """
    k, d = len(mat), len(mat[0])
    zero = [i for i in range(d) if mask >> i & 1]
    cols = [i for i in range(d) if not mask >> i & 1]
    rows = [r for r in range(k) if mask >> (d + r) & 1]
    extra = len(rows) - len(cols)
    if extra < 1 or math.comb(len(zero) + len(rows), extra + 1) > _DEGENERATE_MAX_SUBSETS:
        return None
    for basis in combinations(rows, len(cols)):
        point = _solve_integer([[mat[r][c] for c in cols] for r in basis], [1] * len(basis))
        if point is not None:
            break
    else:
        return None
    part, den = point
    if any(v <= 0 for v in part):
        return None
    for r in range(k):
        value = sum(mat[r][c] * v for c, v in zip(cols, part, strict=True))
        if (value == den) != (r in rows) or value > den:
            return None
    dependencies = []
    transposed = [[mat[r][c] for r in basis] for c in cols]
    for f in (r for r in rows if r not in basis):
        solved = _solve_integer(transposed, [mat[f][c] for c in cols])
        if solved is None:  # cannot happen: the transpose of a nonsingular matrix
            return None
        coef, scale = solved
        lam = dict.fromkeys((d + r for r in rows), 0)
        lam.update({d + r: v for r, v in zip(basis, coef, strict=True)})
        lam[d + f] = -scale
        for i in zero:
            lam[i] = sum(lam[d + r] * mat[r][i] for r in rows)
        dependencies.append(lam)
    edges = []
    for dropped in combinations(sorted(dependencies[0]), extra + 1):
        minors = [
            (-1) ** j * _integer_det([[lam[c] for c in dropped if c != a] for lam in dependencies])
            for j, a in enumerate(dropped)
        ]
        if any(minors) and not (max(minors) > 0 and min(minors) < 0):
            edges.append(mask & ~sum(1 << c for c in dropped))
    num = [0] * d
    for c, v in zip(cols, part, strict=True):
        num[c] = v
    return (num, den), edges


def _integer_det(mat: list[list[int]]) -> int:
    """Determinant of a small square integer matrix (Bareiss's fraction-free elimination)."""
    a = [list(row) for row in mat]
    s = len(a)
    sign, prev = 1, 1
    for c in range(s - 1):
        piv = next((r for r in range(c, s) if a[r][c] != 0), -1)
        if piv < 0:
            return 0
        if piv != c:
            a[c], a[piv] = a[piv], a[c]
            sign = -sign
        for r in range(c + 1, s):
            for j in range(c + 1, s):
                a[r][j] = (a[r][j] * a[c][c] - a[r][c] * a[c][j]) // prev
        prev = a[c][c]
    return sign * a[s - 1][s - 1] if s else 1


def _exact_vertex(mat: list[list[int]], mask: int) -> tuple[list[int], int] | None:
    r"""``(num, den)`` of the point of :math:`\{M z \le 1\}` where the constraints in
    ``mask`` are tight (a square system), None if it is singular."""
    d = len(mat[0])
    cols = [i for i in range(d) if not mask >> i & 1]
    rows = [r for r in range(len(mat)) if mask >> (d + r) & 1]
    if len(rows) != len(cols):
        return None
    if not cols:
        return [0] * d, 1
    return _solve_partner(mat, rows, cols)


def _partner_face_exact(
    ai: list[list[int]], rows: list[int], cols: list[int]
) -> list[tuple[tuple[Fraction, ...], int]]:
    """Every vertex ``y`` of ``Q`` with ``y_j = 0`` off ``cols`` and ``(A y)_i = 1`` on
    ``rows``, with its label mask: the vertices of the face of ``Q`` complementary to a
    vertex of ``P`` (found by enumerating the smaller polytope ``Q`` restricted to ``cols``,
    whose vertices are exactly the vertices of ``Q`` vanishing off ``cols``)."""
    m, n = len(ai), len(ai[0])
    s = len(cols)
    if s == 0:
        return []
    need = sum(1 << (s + i) for i in rows)
    out = []
    for mask, (num, det) in _vertex_search([[row[j] for j in cols] for row in ai]).items():
        if mask & need != need:
            continue
        y = [Fraction(0)] * n
        y_mask = sum(1 << (m + j) for j in range(n) if j not in cols)
        for c, j in enumerate(cols):
            if num[c]:
                y[j] = Fraction(num[c], det)
            if mask >> c & 1:
                y_mask |= 1 << (m + j)
        y_mask |= (mask >> s) & ((1 << m) - 1)
        out.append((tuple(y), y_mask))
    return out


def _solve_partner(
    ai: list[list[int]], rows: list[int], cols: list[int]
) -> tuple[list[int], int] | None:
    """``(num, den)`` with ``den > 0`` and ``y = num / den`` solving ``A_{SJ} y_J = 1``, zero
    off ``cols``; None if the system is singular."""
    n = len(ai[0])
    solved = _solve_integer([[ai[i][j] for j in cols] for i in rows], [1] * len(rows))
    if solved is None:
        return None
    part, den = solved
    num = [0] * n
    for c, j in enumerate(cols):
        num[j] = part[c]
    return num, den


def _solve_integer(mat: list[list[int]], rhs: list[int]) -> tuple[list[int], int] | None:
    """``(num, den)`` with ``den > 0`` and ``x = num / den`` solving the square integer system
    ``mat x = rhs``; None if it is singular.

    Integer-preserving Gauss-Jordan elimination (Edmonds 1967, the pivot of the module
    notes): every division is exact and the left block ends as ``det * I``.
    """
    s = len(mat)
    aug = [[*row, b] for row, b in zip(mat, rhs, strict=True)]
    prev = 1
    for c in range(s):
        piv = next((r for r in range(c, s) if aug[r][c] != 0), -1)
        if piv < 0:
            return None
        aug[c], aug[piv] = aug[piv], aug[c]
        prow = aug[c]
        p = prow[c]
        for r in range(s):
            if r != c:
                f = aug[r][c]
                aug[r] = [(p * v - f * w) // prev for v, w in zip(aug[r], prow, strict=True)]
        prev = p
    sign = 1 if prev > 0 else -1
    return [sign * aug[c][s] for c in range(s)], sign * prev


def _swap_exact(sw: ExactVertexPairs, m: int, n: int) -> ExactVertexPairs:
    """Translate a result for ``(B^T, A^T)`` (labels: its rows first) back to ``(A, B)``."""
    low_n = (1 << n) - 1

    def relabel(mask: int) -> int:
        return ((mask & low_n) << m) | (mask >> n)

    pairs = sorted((j, i) for i, j in sw.pairs)
    return ExactVertexPairs(
        x=sw.y,
        y=sw.x,
        x_labels=tuple(relabel(v) for v in sw.y_labels),
        y_labels=tuple(relabel(v) for v in sw.x_labels),
        pairs=tuple(pairs),
    )


def bimatrix_vertex_pairs_exact_reference(a: Matrix, b: Matrix) -> ExactVertexPairs:
    """Exact vertices of both best-response polytopes and their completely labelled pairs.

    The reference (and degenerate-game) path of :func:`bimatrix_vertex_pairs_exact`:
    complete for every game, slower.
    """
    ai = integer_payoffs(a)
    bi = integer_payoffs(b)
    m, n = len(ai), len(ai[0])
    bt = [[bi[i][j] for i in range(m)] for j in range(n)]
    return _match_exact(ai, bt)


def _match_exact(
    ai: list[list[int]],
    bt: list[list[int]],
    p_found: dict[int, tuple[list[int], int]] | None = None,
    q_found: dict[int, tuple[list[int], int]] | None = None,
) -> ExactVertexPairs:
    """Both polytopes (reusing a search already done) and their completely labelled pairs;
    only the vertices that occur in a pair are kept (and turned into fractions)."""
    m, n = len(ai), len(ai[0])
    p_vertices = list((p_found if p_found is not None else _vertex_search(bt)).items())[1:]
    q_vertices = list((q_found if q_found is not None else _vertex_search(ai)).items())[1:]
    # Q's labels: y_j = 0 -> j ; (A y)_i = 1 -> n + i
    low_n = (1 << n) - 1
    xl = [lab for lab, _ in p_vertices]
    yl = [((lab & low_n) << m) | (lab >> n) for lab, _ in q_vertices]
    if m + n <= 64 and len(xl) * len(yl) <= _MASK_MATCH_MAX:
        pairs = _match_masks(xl, yl, m, n)
    else:
        pairs = match_labels(_labels_array(xl, m + n), _labels_array(yl, m + n), m, n).tolist()
    used_x = sorted({i for i, _ in pairs})
    used_y = sorted({j for _, j in pairs})
    new_x = {old: new for new, old in enumerate(used_x)}
    new_y = {old: new for new, old in enumerate(used_y)}
    return ExactVertexPairs(
        x=tuple(_as_fractions(*p_vertices[i][1]) for i in used_x),
        y=tuple(_as_fractions(*q_vertices[j][1]) for j in used_y),
        x_labels=tuple(xl[i] for i in used_x),
        y_labels=tuple(yl[j] for j in used_y),
        pairs=tuple((new_x[i], new_y[j]) for i, j in pairs),
    )


#: Up to this many pairs of vertices (and 64 labels), :func:`_match_exact` tests every pair
#: at once (:func:`_match_masks`); beyond, numpy's sorted lookup of the simple vertices and
#: blockwise test of the degenerate ones (:func:`negotiate.solvers.vertex.match_labels`).
_MASK_MATCH_MAX = 16384


def _match_masks(xl: list[int], yl: list[int], m: int, n: int) -> list[tuple[int, int]]:
    """Index pairs ``(a, b)`` with ``xl[a] | yl[b]`` every one of the ``m + n <= 64``
    labels, sorted: :func:`negotiate.solvers.vertex.match_labels` by a bitwise or of every
    pair of label masks, as ``uint64`` arrays (as Python integers up to
    :data:`_FEW_PAIRS` pairs, where numpy's call overhead would dominate)."""
    full = (1 << (m + n)) - 1
    if len(xl) * len(yl) <= _FEW_PAIRS:
        return [(a, b) for a, u in enumerate(xl) for b, v in enumerate(yl) if u | v == full]
    x = np.array(xl, dtype=np.uint64)
    y = np.array(yl, dtype=np.uint64)
    a, b = np.nonzero((x[:, None] | y) == np.uint64(full))
    return list(zip(a.tolist(), b.tolist(), strict=True))


#: See :func:`_match_masks` (measured: the crossover is near 100 pairs).
_FEW_PAIRS = 64


def extreme_equilibria_exact(
    a: Matrix, b: Matrix
) -> list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    """All extreme Nash equilibria of ``(A, B)``, exactly (complete)."""
    return bimatrix_vertex_pairs_exact(a, b).equilibria()
