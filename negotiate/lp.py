r"""Every linear program of negotiate: HiGHS through :func:`scipy.optimize.linprog`, with one
set of tolerances and one status check.

Security levels and minmax punishments (:mod:`negotiate.solvers.security`), domination by
mixed strategies (:mod:`negotiate.solvers.dominance`) and the bargaining set's frontier
(:mod:`negotiate.bargaining._lp`) all solve

.. math:: \min_x c^\top x \quad\text{s.t.}\quad A_{ub} x \le b_{ub},\ A_{eq} x = b_{eq},\
          \ell \le x \le u

here. HiGHS's defaults allow primal and dual infeasibilities of :math:`10^{-7}`, which can
leave a solution short of the optimum by a few times that; payoffs are compared at about
:math:`10^{-8}` of their range in negotiate, so its tight tolerances are used, and callers
pass payoffs scaled to a range of about one (:func:`unit_range`) so that the tolerances are
relative to it. ``scipy.optimize`` is imported on the first call: it is a third of a second
of start-up, which commands that solve no linear program do not pay.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negotiate.errors import SolverError

#: HiGHS's status for an infeasible problem.
INFEASIBLE = 2

#: Primal and dual feasibility tolerances, against HiGHS's 1e-7 defaults.
HIGHS_OPTIONS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}

Bounds = Sequence[tuple[float | None, float | None]]


def solve_lp(
    c: np.ndarray,
    bounds: Bounds,
    what: str,
    a_ub: np.ndarray | None = None,
    b_ub: np.ndarray | None = None,
    a_eq: np.ndarray | None = None,
    b_eq: np.ndarray | None = None,
    allow_infeasible: bool = False,
) -> np.ndarray | None:
    """An optimal ``x`` of the linear program of the module notes.

    Parameters
    ----------
    c, bounds
        Objective (minimised) and ``(low, high)`` bounds per variable (None: unbounded).
    what
        What the program computes, for the error message ("a security level").
    a_ub, b_ub, a_eq, b_eq
        Inequality and equality constraints, each pair optional.
    allow_infeasible
        Return None for an infeasible program instead of raising.

    Raises
    ------
    SolverError
        If HiGHS does not report an optimum (or infeasibility, when allowed).
    """
    from scipy.optimize import linprog

    res = linprog(
        c,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=bounds,
        method="highs",
        options=HIGHS_OPTIONS,
    )
    if res.status == INFEASIBLE and allow_infeasible:
        return None
    if res.status != 0:
        raise SolverError(f"linear program for {what} failed (status {res.status}): {res.message}")
    return np.asarray(res.x, dtype=float)


def best_mixture(rows: np.ndarray, what: str, floor: np.ndarray | None = None) -> np.ndarray:
    r"""The mixture :math:`\sigma` of the rows of ``rows`` (``(k, c)``) with the largest least
    margin :math:`\min_a (\sigma^\top R - f)_a` over the columns (``floor`` :math:`f`, zero
    if None): the linear program

    .. math:: \max_{\sigma, \varepsilon} \varepsilon \quad\text{s.t.}\quad
              \sigma^\top R_{\cdot a} - \varepsilon \ge f_a\ \forall a,\
              \textstyle\sum_i \sigma_i = 1,\ \sigma \ge 0,

    a maxmin strategy (:func:`negotiate.solvers.security.maxmin`) and the best candidate for
    strict domination by a mixture (:mod:`negotiate.solvers.dominance`). Returned clipped to
    :math:`\sigma \ge 0` and renormalised; ``what`` names it in an error.
    """
    k, cols = rows.shape
    c = np.zeros(k + 1)
    c[-1] = -1.0
    found = solve_lp(
        c,
        [(0.0, None)] * k + [(None, None)],
        what,
        a_ub=np.hstack([-rows.T, np.ones((cols, 1))]),
        b_ub=np.zeros(cols) if floor is None else -floor,
        a_eq=np.hstack([np.ones((1, k)), np.zeros((1, 1))]),
        b_eq=np.ones(1),
    )
    sigma = np.clip(found[:k], 0.0, None)
    return sigma / sigma.sum()


def unit_range(m: np.ndarray) -> np.ndarray:
    r"""``m`` moved and scaled onto :math:`[0, 1]`, :math:`(m - \min m) / (\max m - \min m)`
    (``m - min m`` when constant): a positive affine map, which keeps maxmin strategies and
    domination, so the LP tolerances are relative to the payoff range."""
    shifted = np.asarray(m, dtype=float) - np.min(m)
    span = float(shifted.max())
    return shifted / span if span > 0.0 else shifted
