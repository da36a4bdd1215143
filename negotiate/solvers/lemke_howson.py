r"""Lemke-Howson complementary pivoting from every starting label (fast, not complete).

On the best-response polytopes :math:`P = \{x \ge 0, B^\top x \le 1\}` and
:math:`Q = \{y \ge 0, A y \le 1\}` (payoffs mapped into :math:`[1, 2]`), start at the
artificial equilibrium :math:`(0, 0)`, drop label :math:`k` by letting its variable enter,
and alternately pivot in the tableau of :math:`P` and of :math:`Q`: the variable whose label
just left one basis enters the other, until the missing label :math:`k` leaves. The endpoint is
a Nash equilibrium (Lemke & Howson 1964; Shapley 1974 for the path-following and index
argument; von Stengel 2002, Section 3.5). Ratio ties are broken lexicographically so the
method terminates on degenerate games. Running it from each of the :math:`m + n` labels finds
one to :math:`m + n` equilibria: **not guaranteed complete** (Shapley 1974 shows equilibria
unreachable from the artificial one exist).

References
----------
C. E. Lemke, J. T. Howson (1964), "Equilibrium points of bimatrix games", *SIAM J. Appl.
Math.* 12, 413-423.
L. S. Shapley (1974), "A note on the Lemke-Howson algorithm", *Math. Programming Study* 1,
175-189.
B. von Stengel (2002), "Computing equilibria for two-person games", *Handbook of Game Theory*
vol. 3, ch. 45.
"""

from __future__ import annotations

import numpy as np

from negotiate.errors import SolverError
from negotiate.numeric import TOL
from negotiate.solvers.vertex import normalise_payoffs


class _Tableau:
    """``M v + s = 1`` with ``v`` labelled ``v_labels`` and slacks labelled ``s_labels``."""

    def __init__(self, mat: np.ndarray, v_labels: list[int], s_labels: list[int]) -> None:
        k, d = mat.shape
        self.t = np.hstack([mat, np.eye(k), np.ones((k, 1))])
        self.labels = v_labels + s_labels  # label of each column variable
        self.basic = list(range(d, d + k))
        self.d, self.k = d, k

    def enter(self, label: int, tol: float) -> int:
        """Pivot the variable with ``label`` into the basis; return the label that left."""
        col = self.labels.index(label)
        t = self.t
        piv = t[:, col]
        rows = np.flatnonzero(piv > tol)
        if rows.size == 0:
            raise SolverError("Lemke-Howson: unbounded ray (payoffs not positive?)")
        ratio = t[rows, -1] / piv[rows]
        rows = rows[ratio <= ratio.min() + tol]
        for c in range(self.d, self.d + self.k):  # lexicographic tie-break on B^-1
            if rows.size == 1:
                break
            vals = t[rows, c] / piv[rows]
            rows = rows[vals <= vals.min() + tol]
        r = int(rows[0])
        t[r] /= t[r, col]
        others = np.arange(self.k) != r
        t[others] -= np.outer(t[others, col], t[r])
        left = self.basic[r]
        self.basic[r] = col
        return self.labels[left]

    def point(self) -> np.ndarray:
        v = np.zeros(self.d)
        for r, var in enumerate(self.basic):
            if var < self.d:
                v[var] = max(self.t[r, -1], 0.0)
        return v


def lemke_howson(
    a: np.ndarray, b: np.ndarray, label: int, tol: float = TOL
) -> tuple[np.ndarray, np.ndarray]:
    """The equilibrium reached from the artificial one by dropping ``label`` (0..m+n-1)."""
    a, b = normalise_payoffs(a), normalise_payoffs(b)
    m, n = a.shape
    xt = _Tableau(b.T, list(range(m)), [m + j for j in range(n)])
    yt = _Tableau(a, [m + j for j in range(n)], list(range(m)))
    tab, other = (xt, yt) if label < m else (yt, xt)
    entering = label
    for _ in range(10_000 + 50 * (m + n) ** 2):
        left = tab.enter(entering, tol)
        if left == label:
            x, y = xt.point(), yt.point()
            return x / x.sum(), y / y.sum()
        entering = left
        tab, other = other, tab
    raise SolverError("Lemke-Howson did not terminate")


def lemke_howson_all(
    a: np.ndarray, b: np.ndarray, tol: float = TOL
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Equilibria reached from every starting label, duplicates included (not complete)."""
    m, n = np.shape(a)
    return [lemke_howson(a, b, k, tol) for k in range(m + n)]
