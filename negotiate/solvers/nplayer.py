r"""Mixed Nash equilibria of games with any number of players, by support enumeration.

For a support profile :math:`S = (S_0, \dots, S_{n-1})`, :math:`S_i \subseteq` player
:math:`i`'s strategies, an equilibrium with exactly these supports solves the polynomial system

.. math::
    v_i(s; \sigma_{-i}) = v_i(s'; \sigma_{-i}) \quad (s, s' \in S_i), \qquad
    \sum_{s \in S_i} \sigma_i(s) = 1, \qquad \sigma_i(s) = 0 \ (s \notin S_i),

(:math:`\sum_i |S_i|` equations in as many unknowns, multilinear of degree :math:`n - 1`),
together with :math:`\sigma \ge 0` and no profitable deviation outside the supports
(McKelvey & McLennan 1996, "Computation of equilibria in finite games", *Handbook of
Computational Economics* 1, section 6; Porter, Nudelman & Shoham 2008, *Games and Economic
Behavior* 63(2), who order supports by size as here).

Method
------
Supports are visited by total size, then lexicographically (deterministic). All-pure supports
are checked directly. A support is skipped when one of its strategies is strictly beaten by
another pure strategy against every opponent profile inside the supports (conditional
dominance, Porter, Nudelman & Shoham 2008): no mixture of those profiles makes it a best
response. Otherwise the system is solved by Powell's hybrid method
(:func:`scipy.optimize.root`, ``hybr``) on payoffs scaled to unit range, from the uniform
point and from ``starts - 1`` Dirichlet points drawn from a generator seeded by ``seed`` and
the support's position, so the output does not depend on anything but the arguments.

Soundness and completeness
--------------------------
Every profile returned has non-negative probabilities summing to one and regret at most
``atol`` (checked with :func:`negotiate.solvers.regret.regret` on the original payoffs), so
every output is an equilibrium within tolerance. The method is **not guaranteed complete**: a
local solver can miss solutions of a support's system (a polynomial system can have several),
a continuum of equilibria is represented by whichever points the solver lands on, and the work
is capped by ``max_supports``. All pure equilibria are always found when the cap is not hit.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import root

from negotiate.numeric import TOL, payoff_range
from negotiate.solvers.regret import deviation_payoffs, regret

Support = tuple[tuple[int, ...], ...]


@dataclass(frozen=True, eq=False)
class SupportSearch:
    """What a support enumeration found and how much of the search it did.

    Attributes
    ----------
    profiles
        Equilibria (each a tuple of read-only probability vectors), sorted and deduplicated.
    supports_tried, supports_total
        Support profiles examined, and how many exist.
    truncated
        True when ``max_supports`` stopped the search early.
    """

    profiles: tuple[tuple[np.ndarray, ...], ...]
    supports_tried: int
    supports_total: int
    truncated: bool


def count_support_profiles(shape: Sequence[int]) -> int:
    """Number of support profiles: :math:`\\prod_i (2^{k_i} - 1)`."""
    return math.prod(2**k - 1 for k in shape)


def _sizes_with_total(shape: Sequence[int], total: int) -> Iterator[tuple[int, ...]]:
    """Support sizes ``(k_0, ...)`` with ``1 <= k_i <= shape[i]`` summing to ``total``, in
    lexicographic order (generated directly, never by filtering the full product)."""
    if not shape:
        if total == 0:
            yield ()
        return
    rest_min, rest_max = len(shape) - 1, sum(shape[1:])
    for k in range(max(1, total - rest_max), min(shape[0], total - rest_min) + 1):
        for tail in _sizes_with_total(shape[1:], total - k):
            yield (k, *tail)


def support_profiles(shape: Sequence[int]) -> Iterator[Support]:
    """Every support profile, by total size, then sizes, then members (lexicographic)."""
    for total in range(len(shape), sum(shape) + 1):
        for sizes in _sizes_with_total(shape, total):
            choices = [
                itertools.combinations(range(k), s) for k, s in zip(shape, sizes, strict=True)
            ]
            yield from itertools.product(*choices)


def _conditionally_dominated(u: np.ndarray, support: Support, atol: float) -> bool:
    """True if some supported strategy is strictly beaten by another pure strategy against
    every profile of the opponents' supports: then no equilibrium has this support."""
    n = u.shape[0]
    for i in range(n):
        index = [list(s) for s in support]
        index[i] = list(range(u.shape[i + 1]))
        m = np.moveaxis(u[i][np.ix_(*index)], i, 0).reshape(u.shape[i + 1], -1)
        for s in support[i]:
            if np.any(np.all(m > m[s] + atol, axis=1)):
                return True
    return False


def _residual(
    x: np.ndarray, sub: np.ndarray, sizes: tuple[int, ...], offsets: np.ndarray
) -> np.ndarray:
    profile = [x[offsets[i] : offsets[i] + sizes[i]] for i in range(len(sizes))]
    out = []
    for i, p in enumerate(profile):
        v = deviation_payoffs(sub, profile, i)
        out.append(v[1:] - v[0])
        out.append(np.array([p.sum() - 1.0]))
    return np.concatenate(out)


def _solve_support(
    u: np.ndarray,
    support: Support,
    starts: int,
    rng: np.random.Generator,
    prob_tol: float,
) -> list[tuple[np.ndarray, ...]]:
    """Candidate profiles (full length, not yet checked for regret) with this support."""
    n = u.shape[0]
    sub = u[np.ix_(range(n), *support)]
    sizes = tuple(len(s) for s in support)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)
    points = [np.concatenate([np.full(k, 1.0 / k) for k in sizes])]
    for _ in range(starts - 1):
        points.append(np.concatenate([rng.dirichlet(np.ones(k)) for k in sizes]))
    found = []
    for x0 in points:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            res = root(_residual, x0, args=(sub, sizes, offsets), method="hybr")
        x = res.x
        if not np.all(np.isfinite(x)) or x.min() < -prob_tol:
            continue
        profile = []
        for i in range(n):
            p = np.zeros(u.shape[i + 1])
            part = np.clip(x[offsets[i] : offsets[i] + sizes[i]], 0.0, None)
            if part.sum() <= 0:
                break
            p[list(support[i])] = part / part.sum()
            profile.append(p)
        else:
            found.append(tuple(profile))
    return found


def support_enumeration_nplayer(
    u: np.ndarray,
    atol: float,
    max_supports: int = 20_000,
    starts: int = 3,
    seed: int = 0,
    tol: float = TOL,
    progress: Callable[[int, int], None] | None = None,
) -> SupportSearch:
    """Mixed equilibria of an n-player game by support enumeration (not guaranteed complete).

    Parameters
    ----------
    u
        Payoffs, shape ``(n, s_0, ..., s_{n-1})``.
    atol
        Largest regret accepted (``negotiate.numeric.atol(u)``).
    max_supports
        Stop after examining this many support profiles (``truncated`` is then True).
    starts
        Starting points per support: the uniform one and ``starts - 1`` seeded random ones.
    seed
        Seed of the random starting points.
    tol
        Probability tolerance: a solution with a probability below ``-tol`` is rejected; two
        solutions closer than ``sqrt(tol)`` in every probability are the same equilibrium.
    progress
        Called as ``progress(done, total)`` after each support profile.

    Returns
    -------
    SupportSearch
        Verified equilibria, sorted, and the extent of the search.
    """
    u = np.asarray(u, dtype=float)
    n = u.shape[0]
    shape = u.shape[1:]
    total = count_support_profiles(shape)
    scaled = (u - u.min()) / payoff_range(u)
    same = math.sqrt(tol)
    kept: list[tuple[np.ndarray, ...]] = []
    tried = 0
    truncated = False
    for position, support in enumerate(support_profiles(shape)):
        if tried >= max_supports:
            truncated = True
            break
        tried += 1
        if all(len(s) == 1 for s in support):
            candidates = [tuple(np.eye(shape[i])[support[i][0]] for i in range(n))]
        elif _conditionally_dominated(u, support, atol):
            candidates = []
        else:
            rng = np.random.default_rng([seed, position])
            candidates = _solve_support(scaled, support, starts, rng, tol)
        for cand in candidates:
            if regret(u, cand) > atol:
                continue
            if any(
                all(np.max(np.abs(a - b)) <= same for a, b in zip(cand, old, strict=True))
                for old in kept
            ):
                continue
            kept.append(cand)
        if progress is not None:
            progress(tried, total)
    frozen = []
    for profile in kept:
        vectors = []
        for p in profile:
            p = np.array(p)
            p.flags.writeable = False
            vectors.append(p)
        frozen.append(tuple(vectors))
    frozen.sort(key=lambda prof: tuple(tuple(np.round(p, 9)) for p in prof))
    return SupportSearch(tuple(frozen), tried, total, truncated)
