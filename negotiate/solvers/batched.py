r"""All extreme equilibria of many small bimatrix games at once, as array operations.

For a stack of games ``u`` of shape ``(k, 2, m, n)`` (``m, n`` small, typically 2 or 3) this
finds, for every game, every extreme Nash equilibrium, with no Python loop over games.

Each payoff matrix is first mapped into :math:`[1, 2]` (a positive affine change, which keeps
the equilibria). A vertex of :math:`P = \{x \ge 0,\ B^\top x \le 1\}` is the solution of
:math:`m` linearly independent tight constraints out of the :math:`m + n`, so solving all
:math:`\binom{m+n}{m}` square systems (by Cramer's rule, elementwise over the stack, for
:math:`m \le 3`) and keeping the feasible, nonsingular ones gives every vertex, degenerate ones
included (several subsets can give the same vertex; duplicates are dropped by comparing label
sets). The same for :math:`Q`; then every pair of nonzero vertices whose label sets cover all
:math:`m + n` labels is an extreme equilibrium (von Stengel 2002, Theorem 3.4; Avis et al.
2010). Complete, like :mod:`negotiate.solvers.vertex`, but only practical for small games,
since the number of subsets grows as :math:`\binom{m+n}{m}`.

References
----------
B. von Stengel (2002), "Computing equilibria for two-person games", *Handbook of Game Theory*
vol. 3, ch. 45.
D. Avis, G. Rosenberg, R. Savani, B. von Stengel (2010), "Enumeration of Nash equilibria for
two-player games", *Economic Theory* 42(1), 9-37.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np

from negotiate.errors import GameError
from negotiate.numeric import TOL


@dataclass(frozen=True)
class BatchEquilibria:
    """Extreme equilibria of a stack of games, flattened.

    Attributes
    ----------
    game
        ``(e,)`` index of the game each equilibrium belongs to, nondecreasing.
    x, y
        ``(e, m)`` and ``(e, n)`` probability vectors.
    n_games
        Number of games in the stack.
    """

    game: np.ndarray
    x: np.ndarray
    y: np.ndarray
    n_games: int

    @property
    def counts(self) -> np.ndarray:
        """Number of extreme equilibria of each game, shape ``(n_games,)``."""
        return np.bincount(self.game, minlength=self.n_games)

    def of(self, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """The equilibria of game ``k``."""
        sel = np.flatnonzero(self.game == k)
        return [(self.x[i], self.y[i]) for i in sel]


def _normalise(a: np.ndarray) -> np.ndarray:
    lo = a.min(axis=(1, 2), keepdims=True)
    span = a.max(axis=(1, 2), keepdims=True) - lo
    span = np.where(span > 0, span, 1.0)
    return (a - lo) / span + 1.0


def _solve_small(mat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``mat @ z = 1`` for stacks of ``d x d`` systems; also return ``det``.

    Cramer's rule elementwise for ``d <= 3``; LAPACK (with singular systems masked) above.
    """
    d = mat.shape[-1]
    if d == 1:
        det = mat[..., 0, 0]
        return 1.0 / np.where(det == 0, 1.0, det)[..., None], det
    if d == 2:
        a, b, c, e = mat[..., 0, 0], mat[..., 0, 1], mat[..., 1, 0], mat[..., 1, 1]
        det = a * e - b * c
        safe = np.where(det == 0, 1.0, det)
        return np.stack([(e - b) / safe, (a - c) / safe], axis=-1), det
    if d == 3:
        m = [[mat[..., i, j] for j in range(3)] for i in range(3)]
        # cofactors C_ij; z = adj(M) 1 / det with adj = C^T
        cof = [
            [
                m[(i + 1) % 3][(j + 1) % 3] * m[(i + 2) % 3][(j + 2) % 3]
                - m[(i + 1) % 3][(j + 2) % 3] * m[(i + 2) % 3][(j + 1) % 3]
                for j in range(3)
            ]
            for i in range(3)
        ]
        det = m[0][0] * cof[0][0] + m[0][1] * cof[0][1] + m[0][2] * cof[0][2]
        safe = np.where(det == 0, 1.0, det)
        z = [(cof[0][j] + cof[1][j] + cof[2][j]) / safe for j in range(3)]
        return np.stack(z, axis=-1), det
    det = np.linalg.det(mat)
    singular = np.abs(det) <= TOL
    fixed = np.where(singular[..., None, None], np.eye(d), mat)
    return np.linalg.solve(fixed, np.ones((*mat.shape[:-1], 1)))[..., 0], det


def pack_masks(tight: np.ndarray) -> np.ndarray:
    """Label sets ``(..., L)`` bool as unsigned integers (``L <= 64``), bit ``i`` for
    column ``i``: the narrowest of ``uint8`` to ``uint64`` that holds them."""
    width = tight.shape[-1]
    nbytes = next(b for b in (1, 2, 4, 8) if 8 * b >= width)
    packed = np.packbits(tight, axis=-1, bitorder="little")
    pad = nbytes - packed.shape[-1]
    if pad:
        packed = np.concatenate([packed, np.zeros((*packed.shape[:-1], pad), np.uint8)], -1)
    return np.ascontiguousarray(packed).view(f"<u{nbytes}")[..., 0]


def unpack_masks(masks: np.ndarray, width: int) -> np.ndarray:
    """The inverse of :func:`pack_masks`: unsigned integers (``width <= 64`` bits) as a
    ``(n, width)`` bool array, column ``i`` for bit ``i``."""
    packed = np.asarray(masks, dtype=np.uint64).reshape(-1, 1)
    return (packed >> np.arange(width, dtype=np.uint64) & np.uint64(1)).astype(bool)


@functools.lru_cache(maxsize=32)
def _square_systems(r: int, d: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """The square systems of :func:`subset_vertices` for ``r`` constraints in ``d``
    dimensions, one ``(rows, sup)`` pair of ``(g, t)`` index arrays per size ``t = 1, ...,
    min(r, d)``: the tight rows and the support of each, by support, then rows. Read-only
    (cached: the report solves hundreds of games of a few shapes)."""
    systems = []
    for t in range(1, min(r, d) + 1):
        pairs = [
            (sup, rows)
            for sup in itertools.combinations(range(d), t)
            for rows in itertools.combinations(range(r), t)
        ]
        rows = np.array([p[1] for p in pairs], dtype=np.intp)
        sup = np.array([p[0] for p in pairs], dtype=np.intp)
        rows.flags.writeable = sup.flags.writeable = False
        systems.append((rows, sup))
    return tuple(systems)


def subset_vertices(m_mat: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nonzero vertices of ``{z >= 0, M z <= 1}`` for a stack ``M`` of shape ``(k, r, d)``.

    A vertex with support inside ``S`` and tight rows ``J`` (``|S| = |J|``, the system
    ``M_{JS} z_S = 1`` nonsingular) is found by solving that system; every vertex arises so.
    Returns points ``(k, s, d)``, packed label sets ``(k, s)`` (bit ``i`` for ``z_i = 0``,
    bit ``d + j`` for ``(M z)_j = 1``) and a validity mask ``(k, s)``; duplicates of an
    earlier slot (degenerate vertices reached from several systems) are marked invalid.
    """
    k, r, d = m_mat.shape
    systems = _square_systems(r, d)
    total = sum(rows.shape[0] for rows, _ in systems)
    z = np.zeros((k, total, d))
    det = np.empty((k, total))
    at = 0
    for rows, sup in systems:
        g = rows.shape[0]
        zs, det[:, at : at + g] = _solve_small(m_mat[:, rows[:, :, None], sup[:, None, :]])
        z[:, np.arange(at, at + g)[:, None], sup] = zs
        at += g
    lhs = np.matmul(z, m_mat.transpose(0, 2, 1))
    valid = (np.abs(det) > tol) & np.all(z >= -tol, axis=2) & np.all(lhs <= 1.0 + tol, axis=2)
    tight = np.concatenate([z <= tol, np.abs(lhs - 1.0) <= tol], axis=2)
    labels = pack_masks(tight)
    degenerate = np.flatnonzero(np.any(valid & (tight.sum(axis=2) > d), axis=1))
    if degenerate.size:
        lab, val = labels[degenerate], valid[degenerate]
        same = (lab[:, :, None] == lab[:, None, :]) & val[:, None, :]
        earlier = np.tril(np.ones((z.shape[1],) * 2, dtype=bool), -1)
        valid[degenerate] &= ~np.any(same & earlier, axis=2)
    return np.maximum(z, 0.0), labels, valid


def batched_equilibria(u: np.ndarray, tol: float = TOL) -> BatchEquilibria:
    """Every extreme Nash equilibrium of each game in a stack (complete).

    Parameters
    ----------
    u
        Payoffs of shape ``(k, 2, m, n)``: ``u[g, 0]`` is the row player's matrix of game
        ``g``, ``u[g, 1]`` the column player's. Intended for ``m, n <= 3`` (larger sizes work
        but slow down combinatorially).
    tol
        Zero tolerance in the normalised games (payoffs in ``[1, 2]``).

    Returns
    -------
    BatchEquilibria
        Flattened equilibria with the index of their game.
    """
    u = np.asarray(u, dtype=float)
    if u.ndim != 4 or u.shape[1] != 2:
        raise GameError(f"expected payoffs of shape (k, 2, m, n), got {u.shape}")
    k, _, m, n = u.shape
    if m + n > 64:
        raise GameError(f"batched solving is for small games; {m}x{n} has over 64 labels")
    a = _normalise(u[:, 0])
    b = _normalise(u[:, 1])
    xs, xl, xv = subset_vertices(b.transpose(0, 2, 1), tol)  # x_i = 0 -> i; (B^T x)_j = 1 -> m + j
    ys, yl, yv = subset_vertices(a, tol)  # y_j = 0 -> j; (A y)_i = 1 -> n + i
    g, i, j = complete_pairs(xl, xv, yl, yv, m, n)
    x = xs[g, i]
    y = ys[g, j]
    return BatchEquilibria(
        game=g,
        x=x / x.sum(axis=1, keepdims=True),
        y=y / y.sum(axis=1, keepdims=True),
        n_games=k,
    )


def complete_pairs(
    xl: np.ndarray, xv: np.ndarray, yl: np.ndarray, yv: np.ndarray, m: int, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The completely labelled pairs of a stack of games, as index arrays ``(game, i, j)``
    (sorted).

    ``xl``, ``xv`` and ``yl``, ``yv`` are :func:`subset_vertices`' label masks and validity
    flags of both polytopes, ``(k, vx)`` and ``(k, vy)``; ``y``'s labels are in ``Q``'s own
    numbering (``y_j = 0 -> j``, ``(A y)_i = 1 -> n + i``) and are moved to the common one
    here. Vertex ``i`` of ``P`` and ``j`` of ``Q`` pair up when their labels together cover
    all ``m + n`` (degenerate vertices included).
    """
    yl = common_labels(yl, m, n)
    full = xl.dtype.type((1 << (m + n)) - 1)
    ok = ((xl[:, :, None] | yl[:, None, :]) == full) & xv[:, :, None] & yv[:, None, :]
    return np.nonzero(ok)


def common_labels(yl: np.ndarray, m: int, n: int) -> np.ndarray:
    """Label masks of ``Q``'s vertices (``y_j = 0`` -> bit ``j``, ``(A y)_i = 1`` -> bit
    ``n + i``) in the numbering shared with ``P`` (bit ``i`` and ``m + j``), same dtype."""
    t = yl.dtype.type
    return (yl & t((1 << n) - 1)) << t(m) | (yl >> t(n))
