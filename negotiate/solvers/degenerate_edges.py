r"""The edges of a polytope at its degenerate vertices, for the completeness certificate.

A vertex :math:`v` of :math:`\{z : G z \le h\}` in :math:`\mathbb{R}^d` is *degenerate* when
more than :math:`d` constraints are tight there (the set :math:`T`). Its edges are not "drop
one constraint" as at a simple vertex: they are the extreme rays of its tangent cone
:math:`\{w : G_T w \le 0\}`, and each extreme ray is the line of some :math:`d - 1` tight
constraints of rank :math:`d - 1` (Ziegler 1995, Lecture 1; Schrijver 1986, Section 8.8).
So the rays are found by trying every :math:`(d-1)`-subset :math:`S` of :math:`T`: the null
direction :math:`w` of :math:`G_S`, in whichever sign keeps every other constraint of
:math:`T` non-increasing. The other end of the edge is then the one vertex other than
:math:`v` at which every constraint of :math:`S` is tight (the points where :math:`S` is tight
form a line, which meets the polytope in exactly this edge).

This lets Qhull's result be certified complete for polytopes with a few degenerate vertices
(a tie among payoffs makes them common in games with integer payoffs), where the simple-vertex
certificate of :func:`negotiate.solvers.vertex.simple_polytope_vertices` would reject it.

References
----------
G. M. Ziegler (1995), *Lectures on Polytopes*, Springer.
A. Schrijver (1986), *Theory of Linear and Integer Programming*, Wiley.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np

#: Largest number of (d-1)-subsets tried at one degenerate vertex, and of degenerate vertices:
#: beyond these the polytope is too degenerate for this certificate (the caller pivots).
MAX_SUBSETS = 4096
MAX_VERTICES = 4

#: |g . w| / |g| at most _FLAT: the constraint stays tight along the ray; at least _STEEP: it
#: clearly changes; anything between is left undecided and fails the certificate.
_FLAT = 1e-10
_STEEP = 1e-7

#: Relative size of the smallest singular value below which a system counts as rank-deficient.
_RANK = 1e-9

#: Largest number of (ray, vertex) mask comparisons held in memory at once.
_BLOCK = 1 << 22


def edges_closed(
    g: np.ndarray, masks: np.ndarray, tight: np.ndarray, degenerate: np.ndarray
) -> bool:
    r"""Whether every edge at each degenerate vertex ends at another listed vertex.

    Parameters
    ----------
    g
        ``(c, d)`` constraint rows :math:`G`.
    masks
        ``(v,)`` ``uint64`` tight-constraint bit masks of the listed vertices.
    tight
        ``(v, c)`` bool: the constraints tight at each listed vertex.
    degenerate
        Indices of the listed vertices with more than ``d`` tight constraints.

    Returns
    -------
    bool
        False also when a vertex has too many subsets to try, is not a vertex (its tangent
        cone is not pointed and full-dimensional: a line through it, or fewer than ``d``
        extreme rays), or a tangent direction is numerically undecided.
    """
    for v in np.asarray(degenerate).tolist():
        ray_masks = edge_masks(g, tight[v])
        if ray_masks is None or not _all_reach_another(ray_masks, masks, masks[v]):
            return False
    return True


def edge_masks(g: np.ndarray, tight: np.ndarray) -> np.ndarray | None:
    """The edges at one vertex: for each extreme ray of its tangent cone, the ``uint64`` mask
    of the ``d - 1`` tight constraints whose line it is (a ray may appear once per such
    subset). None when the vertex has too many subsets to try, is not a vertex, or a
    direction is numerically undecided (see :func:`edges_closed`)."""
    d = g.shape[1]
    rows = np.flatnonzero(tight)
    if math.comb(rows.size, d - 1) > MAX_SUBSETS:
        return None
    g_t = g[rows]
    subsets = np.array(list(combinations(range(rows.size), d - 1)), dtype=np.intp)
    _, s, vh = np.linalg.svd(g_t[subsets])  # (k, d-1, d): s (k, d-1), vh (k, d, d)
    line = s[:, -1] > _RANK * s[:, 0]
    subsets, w = subsets[line], vh[line, -1, :]
    slope = (w @ g_t.T) / np.linalg.norm(g_t, axis=1)  # how each tight constraint moves
    size = np.abs(slope)
    if np.any((size > _FLAT) & (size < _STEEP)):
        return None
    forward = np.all(slope <= _FLAT, axis=1)
    backward = np.all(slope >= -_FLAT, axis=1)
    if np.any(forward & backward):  # a whole line through the point: not a vertex
        return None
    rays = subsets[forward | backward]
    if rays.shape[0] < d:  # the tight rows have rank below d
        return None
    bits = np.left_shift(np.uint64(1), rows[rays].astype(np.uint64))
    return np.bitwise_or.reduce(bits, axis=1)


def _all_reach_another(ray_masks: np.ndarray, masks: np.ndarray, own: np.uint64) -> bool:
    """Whether each ray's constraint set is contained in some listed vertex other than
    ``own``: the other end of that edge."""
    chunk = max(1, _BLOCK // max(1, masks.size))
    others = masks[masks != own]
    for start in range(0, ray_masks.size, chunk):
        want = ray_masks[start : start + chunk, None]
        if not np.all(np.any((others[None, :] & want) == want, axis=1)):
            return False
    return True
