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

The output is complete and exact: every extreme equilibrium, as fractions in lowest terms.

References
----------
J. Edmonds (1967), "Systems of distinct representatives and linear algebra", *J. Res. Nat.
Bur. Standards* 71B, 241-245.
D. Avis (2000), "lrs: a revised implementation of the reverse search vertex enumeration
algorithm", in *Polytopes - Combinatorics and Computation*, 177-198.
D. Avis, G. Rosenberg, R. Savani, B. von Stengel (2010), "Enumeration of Nash equilibria for
two-player games", *Economic Theory* 42(1), 9-37.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from negotiate.solvers.vertex import match_labels

Matrix = Sequence[Sequence[Fraction | int]]


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
        out = []
        for a, b in self.pairs:
            x, y = self.x[a], self.y[b]
            sx, sy = sum(x), sum(y)
            out.append((tuple(v / sx for v in x), tuple(v / sy for v in y)))
        return out


def integer_payoffs(a: Matrix) -> list[list[int]]:
    """Positive integer matrix that is a positive affine image of ``a`` (entries >= 1)."""
    rows = [[Fraction(v) for v in row] for row in a]
    lo = min(v for row in rows for v in row)
    shifted = [[v - lo + 1 for v in row] for row in rows]
    scale = math.lcm(*(v.denominator for row in shifted for v in row))
    return [[int(v * scale) for v in row] for row in shifted]


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
    k = len(m_mat)
    d = len(m_mat[0])
    start = [[int(v) for v in row] + [1] for row in m_mat]
    basic0 = list(range(d, d + k))
    nonbasic0 = list(range(d))
    key0 = sum(1 << v for v in basic0)
    visited = {key0}
    stack = [(start, basic0, nonbasic0, 1, key0)]
    vertices: dict[int, tuple[Fraction, ...]] = {}
    order: list[int] = []
    while stack:
        tab, basic, nonbasic, det, key = stack.pop()
        labels = 0
        point = [Fraction(0)] * d
        for r, v in enumerate(basic):
            rhs = tab[r][d]
            if rhs == 0:
                labels |= 1 << v
            elif v < d:
                point[v] = Fraction(rhs, det)
        for v in nonbasic:
            labels |= 1 << v
        if labels not in vertices:
            vertices[labels] = tuple(point)
            order.append(labels)
        for c in range(d):
            r = _lex_min_ratio(tab, basic, nonbasic, det, c, d, k)
            if r < 0:
                continue
            new_key = key ^ (1 << basic[r]) ^ (1 << nonbasic[c])
            if new_key in visited:
                continue
            visited.add(new_key)
            new_tab = _pivot(tab, det, r, c)
            new_basic = list(basic)
            new_nonbasic = list(nonbasic)
            new_basic[r], new_nonbasic[c] = nonbasic[c], basic[r]
            stack.append((new_tab, new_basic, new_nonbasic, tab[r][c], new_key))
    return [(vertices[lab], lab) for lab in order]


def _lex_min_ratio(
    tab: list[list[int]],
    basic: list[int],
    nonbasic: list[int],
    det: int,
    c: int,
    d: int,
    k: int,
) -> int:
    """Row of the lexicographic minimum ratio for entering column ``c`` (-1 if unbounded)."""
    best = -1
    ties: list[int] = []
    for i in range(k):
        a = tab[i][c]
        if a <= 0:
            continue
        if best < 0:
            best, ties = i, [i]
            continue
        lhs = tab[i][d] * tab[best][c]
        rhs = tab[best][d] * a
        if lhs < rhs:
            best, ties = i, [i]
        elif lhs == rhs:
            ties.append(i)
    if len(ties) <= 1:
        return best
    # Break ties by the columns of the basis inverse (the slack columns), in order.
    for s in range(k):
        var = d + s
        if var in nonbasic:
            q = nonbasic.index(var)
            inv = [tab[i][q] for i in range(k)]
        else:
            inv = [det if basic[i] == var else 0 for i in range(k)]
        keep = [ties[0]]
        for i in ties[1:]:
            j = keep[0]
            lhs = inv[i] * tab[j][c]
            rhs = inv[j] * tab[i][c]
            if lhs < rhs:
                keep = [i]
            elif lhs == rhs:
                keep.append(i)
        ties = keep
        if len(ties) == 1:
            break
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
    out = np.zeros((len(masks), width), dtype=bool)
    for k, mask in enumerate(masks):
        for b in range(width):
            if mask >> b & 1:
                out[k, b] = True
    return out


def bimatrix_vertex_pairs_exact(a: Matrix, b: Matrix) -> ExactVertexPairs:
    """Exact vertices of both best-response polytopes and their completely labelled pairs.

    Parameters
    ----------
    a, b
        ``m x n`` payoff matrices with rational entries (ints, Fractions, ``"p/q"`` text is
        not accepted here: convert first).

    Returns
    -------
    ExactVertexPairs
        Complete: every extreme equilibrium is one of ``pairs``.
    """
    ai = integer_payoffs(a)
    bi = integer_payoffs(b)
    m, n = len(ai), len(ai[0])
    bt = [[bi[i][j] for i in range(m)] for j in range(n)]
    p_vertices = polytope_vertices_exact(bt)[1:]  # labels already in the common scheme
    q_vertices = polytope_vertices_exact(ai)[1:]  # y_j = 0 -> j ; (A y)_i = 1 -> n + i
    low_n = (1 << n) - 1
    xs = tuple(p for p, _ in p_vertices)
    xl = tuple(lab for _, lab in p_vertices)
    ys = tuple(p for p, _ in q_vertices)
    yl = tuple(((lab & low_n) << m) | (lab >> n) for _, lab in q_vertices)
    pairs = match_labels(_labels_array(xl, m + n), _labels_array(yl, m + n), m, n)
    return ExactVertexPairs(
        x=xs,
        y=ys,
        x_labels=xl,
        y_labels=yl,
        pairs=tuple((int(i), int(j)) for i, j in pairs),
    )


def extreme_equilibria_exact(
    a: Matrix, b: Matrix
) -> list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    """All extreme Nash equilibria of ``(A, B)``, exactly (complete)."""
    return bimatrix_vertex_pairs_exact(a, b).equilibria()
