r"""Linear and convex programs over a polytope feasible set :math:`\{M z : A z = b, z \ge 0\}`.

Every linear program goes through :func:`negotiate.lp.solve_lp` (HiGHS with tight
tolerances): infeasible programs return ``None`` where the caller expects that, anything else
that is not optimal raises :class:`~negotiate.errors.SolverError`.
"""

from __future__ import annotations

import numpy as np

from negotiate.errors import SolverError
from negotiate.lp import solve_lp


def ray(
    poly: object,
    v: np.ndarray,
    e: np.ndarray,
    extra_ub: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[float, np.ndarray] | None:
    """``max t`` subject to ``v + t e <= M z`` (and ``extra_ub`` on ``M z``); ``None`` if no
    ``z`` satisfies the constraints for any ``t``."""
    M, A, b = poly.M, poly.A_eq, poly.b_eq
    n, k = M.shape
    c = np.zeros(k + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-M, np.asarray(e, float).reshape(n, 1)])
    b_ub = -np.asarray(v, float)
    if extra_ub is not None:
        G, h = extra_ub
        A_ub = np.vstack([A_ub, np.hstack([G @ M, np.zeros((G.shape[0], 1))])])
        b_ub = np.concatenate([b_ub, h])
    A_eq = np.hstack([A, np.zeros((A.shape[0], 1))])
    bounds = [(0.0, None)] * k + [(None, None)]
    if not np.any(np.asarray(e) > 0):
        bounds[-1] = (0.0, 0.0)
    x = solve_lp(c, bounds, "a ray to the frontier", A_ub, b_ub, A_eq, b, allow_infeasible=True)
    if x is None:
        return None
    return float(x[-1]), x[:-1]


def maximise(
    poly: object,
    c_u: np.ndarray,
    lower: np.ndarray | None = None,
    extra_ub: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray | None:
    """``z`` maximising ``c_u . M z`` subject to ``M z >= lower``; ``None`` if infeasible."""
    M, A, b = poly.M, poly.A_eq, poly.b_eq
    k = M.shape[1]
    c = -(np.asarray(c_u, float) @ M)
    rows, rhs = [], []
    if lower is not None:
        lower = np.asarray(lower, float)
        finite = np.isfinite(lower)
        rows.append(-M[finite])
        rhs.append(-lower[finite])
    if extra_ub is not None:
        rows.append(extra_ub[0] @ M)
        rhs.append(extra_ub[1])
    A_ub = np.vstack(rows) if rows else None
    b_ub = np.concatenate(rhs) if rhs else None
    return solve_lp(
        c, [(0.0, None)] * k, "a frontier point", A_ub, b_ub, A, b, allow_infeasible=True
    )


def lexmax(poly: object, order: list[int], tol: float) -> np.ndarray:
    """``z`` maximising the players' payoffs lexicographically in ``order``."""
    n = poly.M.shape[0]
    lower = np.full(n, -np.inf)
    z = None
    for i in order:
        c = np.zeros(n)
        c[i] = 1.0
        z = maximise(poly, c, lower=lower)
        if z is None:
            relaxed = np.where(np.isfinite(lower), lower - tol, lower)
            z = maximise(poly, c, lower=relaxed)
        if z is None:
            raise SolverError("lexicographic maximum: infeasible program")
        lower[i] = float((poly.M @ z)[i])
    return z


def frontier_2d(poly: object, tol: float) -> tuple[np.ndarray, np.ndarray]:
    r"""Vertices of the two-player Pareto frontier of :math:`\{Mz\}`, by the chord method.

    Start from the lexicographic maxima of :math:`u_2` and of :math:`u_1`; between two known
    vertices :math:`P, Q` maximise the outward normal of :math:`PQ`; a value above
    :math:`PQ`'s by more than ``tol`` gives a new vertex between them. Each LP finds a vertex or
    proves an edge, so this is complete for a polytope.
    """
    M = poly.M
    zl = lexmax(poly, [1, 0], tol)
    zr = lexmax(poly, [0, 1], tol)
    ul, ur = M @ zl, M @ zr
    if ur[0] - ul[0] <= tol:
        return _ro(ul.reshape(1, 2)), _ro(zl.reshape(1, -1))
    pts: list[tuple[np.ndarray, np.ndarray]] = [(ul, zl)]

    def between(p: tuple, q: tuple, depth: int) -> None:
        (up, _), (uq, _) = p, q
        normal = np.array([up[1] - uq[1], uq[0] - up[0]])
        z = maximise(poly, normal)
        if z is None:
            raise SolverError("frontier chord LP infeasible")
        u = M @ z
        if normal @ u > normal @ up + tol * float(np.abs(normal).sum()) and depth < 200:
            r = (u, z)
            between(p, r, depth + 1)
            pts.append(r)
            between(r, q, depth + 1)

    between(pts[0], (ur, zr), 0)
    pts.append((ur, zr))
    return _ro(np.array([p[0] for p in pts])), _ro(np.array([p[1] for p in pts]))


def pareto_vertices(poly: object, tol: float) -> np.ndarray:
    """Pareto-optimal columns of ``M`` (outcomes no lottery improves on), any number of
    players; one LP per column."""
    M = poly.M
    n = M.shape[0]
    keep = []
    for j in range(M.shape[1]):
        p = M[:, j]
        z = maximise(poly, np.ones(n), lower=p)
        if z is not None and float(np.ones(n) @ (M @ z - p)) <= tol * n:
            keep.append(p)
    if not keep:
        return np.zeros((0, n))
    return np.unique(np.array(keep), axis=0)


def nash_product(
    poly: object, d: np.ndarray, w: np.ndarray, z0: np.ndarray, tol: float
) -> tuple[np.ndarray, float]:
    r"""Maximise :math:`\sum_i w_i \log((Mz)_i - d_i)` over the polytope, from ``z0``.

    SLSQP on ``z``. Returns ``z`` and the certified optimality gap
    :math:`\max_j \sum_i w_i (M_{ij} - u_i)/(u_i - d_i)` over the generators (by concavity an
    upper bound on the loss in the objective; the problem's ``A z = b`` must be a product of
    simplices, which holds for outcomes and issues).
    """
    from scipy.optimize import minimize

    M, A, b = poly.M, poly.A_eq, poly.b_eq
    floor = tol

    def obj(z: np.ndarray) -> float:
        g = np.maximum(M @ z - d, floor)
        return -float(w @ np.log(g))

    def jac(z: np.ndarray) -> np.ndarray:
        g = np.maximum(M @ z - d, floor)
        return -((w / g) @ M)

    res = minimize(
        obj,
        z0,
        jac=jac,
        method="SLSQP",
        bounds=[(0.0, None)] * len(z0),
        constraints=[{"type": "eq", "fun": lambda z: A @ z - b, "jac": lambda z: A}],
        options={"maxiter": 500, "ftol": tol * tol},
    )
    z = np.clip(np.asarray(res.x, float), 0.0, None)
    # Project back onto A z = b for each simplex block (rows of A are disjoint blocks of ones).
    for row in A:
        blk = row > 0
        s = z[blk].sum()
        z[blk] = z[blk] / s if s > 0 else 1.0 / blk.sum()
    if obj(z) > obj(z0):
        z = z0
    u = M @ z
    grad = w / np.maximum(u - d, floor)
    # The linear function grad . (Mz' - u) is maximised over the polytope at a vertex; for a
    # product of simplices, by choosing the best generator in each block.
    scores = grad @ M
    gap = sum(float(scores[row > 0].max()) for row in A) - float(grad @ u)
    return z, gap


def _ro(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=float)
    a.flags.writeable = False
    return a
