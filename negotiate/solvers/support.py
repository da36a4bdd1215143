r"""Support enumeration for small bimatrix games (not complete on degenerate games).

For every pair of supports :math:`S \subseteq M, J \subseteq N` of equal size, solve the
indifference equations

.. math:: \sum_{j \in J} A_{ij} y_j = v \ (i \in S), \qquad
          \sum_{i \in S} B_{ij} x_i = u \ (j \in J), \qquad
          \textstyle\sum x = \sum y = 1,

and keep the solutions with :math:`x, y \ge 0` against which no pure strategy does better.
In a nondegenerate game every equilibrium has supports of equal size with nonsingular
equations, so this finds them all; in degenerate games equilibria with unequal supports or
singular equations are missed (von Stengel 2002, Section 3.1 and Theorem 2.10;
Nisan et al. 2007, *Algorithmic Game Theory*, Section 3.3). Exponential: small games only.
"""

from __future__ import annotations

import itertools

import numpy as np

from negotiate.numeric import TOL, atol


def _indifferent(mat: np.ndarray) -> np.ndarray | None:
    """Probability vector ``p`` making ``mat @ p`` constant, or None if singular."""
    s = mat.shape[0]
    system = np.zeros((s + 1, s + 1))
    system[:s, :s] = mat
    system[:s, s] = -1.0
    system[s, :s] = 1.0
    rhs = np.zeros(s + 1)
    rhs[s] = 1.0
    if abs(np.linalg.det(system)) <= TOL:
        return None
    return np.linalg.solve(system, rhs)[:s]


def support_enumeration(
    a: np.ndarray, b: np.ndarray, tol: float = TOL
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Equilibria found on equal-size supports (complete only for nondegenerate games)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    m, n = a.shape
    eps = atol(np.stack([a, b]), tol)
    out = []
    for size in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), size):
            for cols in itertools.combinations(range(n), size):
                yj = _indifferent(a[np.ix_(rows, cols)])
                xi = _indifferent(b[np.ix_(rows, cols)].T)
                if yj is None or xi is None or yj.min() < -tol or xi.min() < -tol:
                    continue
                x = np.zeros(m)
                y = np.zeros(n)
                x[list(rows)] = np.maximum(xi, 0.0)
                y[list(cols)] = np.maximum(yj, 0.0)
                row_pay, col_pay = a @ y, x @ b
                if row_pay.max() <= x @ row_pay + eps and col_pay.max() <= col_pay @ y + eps:
                    out.append((x, y))
    return out
