r"""Comparative statics: how the equilibrium set of a game moves with one parameter.

A *regime* is an interval of the parameter on which the equilibrium set keeps its structure
(the supports of its equilibria); a *threshold* is a value where the structure changes. Regimes
are found in three steps:

1. **Analytic candidates.** Where every payoff is affine in the parameter,
   :math:`u = a + b\,t`, a pure best-response comparison flips exactly where the difference of
   two of a player's payoffs against the same opponents' profile vanishes,
   :math:`t^* = -\Delta a / \Delta b`. These roots are computed exactly (as fractions when the
   game is rational), and for 2x2 games they are all the thresholds there are.
2. **Grid and root-finding.** The structure is computed on a grid; wherever it differs between
   neighbouring grid points, bisection on the parameter narrows the change down to the
   tolerance (this catches thresholds of mixed equilibria, which are roots of polynomials in
   the parameter rather than of single payoff differences).
3. **Classification.** Every candidate splits the range; each open interval between candidates
   is classified at its midpoint and neighbours with the same structure are merged. A threshold
   point itself is classified too: the equilibrium set there is often degenerate.

Nothing is read off the grid: a reported threshold is either an exact root or the end of a
bisection to ``TOL`` times the range. Thresholds closer together than ``sqrt(TOL)`` times the
range (within which the solver's payoff tolerance blurs ties) are reported as one.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from negotiate.errors import GameError, NegotiateError
from negotiate.model import Equilibrium, SolveResult
from negotiate.notebook import Notebook
from negotiate.numeric import TOL, format_fraction, format_number, to_fraction
from negotiate.solvers.batched import BatchEquilibria, batched_equilibria
from negotiate.spec import GameSpec

Signature = Hashable
Classifier = Callable[[float], tuple[Signature, SolveResult]]
#: Signatures for many parameter values at once (no results): ``values -> [signature, ...]``.
ManyClassifier = Callable[[np.ndarray], Sequence[Signature]]
#: Largest number of strategies per player the batched classifier handles (the batched solver
#: enumerates :math:`\binom{m+n}{m}` systems per game, solved in closed form up to 3x3).
BATCHED_MAX_STRATEGIES = 3


@dataclass(frozen=True)
class Point:
    """A parameter value, exact when it is a root computed in rational arithmetic."""

    value: float
    exact: Fraction | None = None

    def text(self) -> str:
        return format_fraction(self.exact) if self.exact is not None else format_number(self.value)


@dataclass(frozen=True, eq=False)
class Regime:
    """An open interval ``(low, high)`` of the parameter (closed at the ends of the range) on
    which the equilibrium set has the structure ``signature``; ``result`` is what the
    classifier returned at its midpoint (a :class:`SolveResult` for one game)."""

    low: Point
    high: Point
    signature: Signature
    result: Any


@dataclass(frozen=True, eq=False)
class Threshold:
    """A value where the structure changes, with the equilibria exactly there."""

    at: Point
    result: Any
    analytic: bool


@dataclass(frozen=True, eq=False)
class SweepResult(Notebook):
    """Regimes and thresholds of one parameter over its range.

    Attributes
    ----------
    parameter, low, high
        The parameter swept and its range.
    regimes, thresholds
        In increasing order of the parameter.
    fixed
        Values of the other parameters.
    affine
        Whether every payoff is affine in the parameter, so that every threshold of a pure
        comparison is an exact root.
    title
        The game's title.
    grid
        Number of grid values searched for changes without an exact root (cells + 1).
    """

    parameter: str
    low: float
    high: float
    regimes: tuple[Regime, ...]
    thresholds: tuple[Threshold, ...]
    fixed: Mapping[str, float] = field(default_factory=dict)
    affine: bool = False
    title: str = ""
    grid: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data: exactly what ``negotiate sweep --format json`` prints.

        Returns
        -------
        dict
            ``{"game", "parameter", "low", "high", "grid", "fixed", "exact_thresholds",
            "regimes": [{"interval", "low", "high", "low_value", "high_value", "equilibria",
            "class"}], "thresholds": [{"at", "value", "analytic", "equilibria", "class"}]}``:
            points as exact text (``"2/3"``) and as rounded floats, equilibria as in
            ``solve``'s JSON, ``class`` the 2x2 class (empty for other shapes). Schema:
            ``schema/sweep-output.schema.json``.
        """
        from negotiate.render import sweep_json

        return sweep_json(self)

    def _blocks(self) -> list[Any]:
        from negotiate.render import sweep_blocks

        return sweep_blocks(self)


def equilibrium_signature(result: SolveResult) -> Signature:
    """The structure of an equilibrium set: the sorted supports of its equilibria."""
    return supports_signature(result.equilibria)


def supports_signature(equilibria: Iterable[Equilibrium]) -> Signature:
    """:func:`equilibrium_signature` of the equilibria themselves (no solve result)."""
    return tuple(sorted(e.supports() for e in equilibria))


def affine_coefficients(
    spec: GameSpec, parameter: str, fixed: Mapping[str, float], low: float, high: float
) -> tuple[np.ndarray, np.ndarray] | None:
    """``(a, b)`` with payoffs ``a + b t`` on ``[low, high]`` if every payoff is affine in
    ``parameter`` there, else None.

    Checked exactly where the game is rational (at both ends and three interior rationals),
    else in floats to ``TOL``. Returned as object arrays of Fractions when exact, else floats.
    """
    lo, hi = to_fraction(low), to_fraction(high)
    # The game is instantiated at float values: compare at the rationals those floats are.
    probes = [
        to_fraction(float(lo + q * (hi - lo)))
        for q in (Fraction(0), Fraction(1), Fraction(1, 3), Fraction(2, 7), Fraction(5, 7))
    ]
    try:
        exact = [
            spec.instantiate({**fixed, parameter: float(t)}, exact=True).u_exact for t in probes
        ]
    except NegotiateError:  # an expression with no exact value
        exact = None
    if exact is not None:
        b = (exact[1] - exact[0]) / (hi - lo)
        a = exact[0] - b * lo
        on_line = all(
            all(u.ravel()[j] == a.ravel()[j] + b.ravel()[j] * t for j in range(a.size))
            for u, t in zip(exact, probes, strict=True)
        )
        return (a, b) if on_line else None
    grid = np.linspace(low, high, 5)
    u = spec.payoff_batch({**fixed, parameter: grid})
    b = (u[-1] - u[0]) / (high - low)
    a = u[0] - b * low
    predicted = a[None] + grid.reshape(-1, *([1] * a.ndim)) * b[None]
    scale = max(1.0, float(np.max(np.abs(u))))
    return (a, b) if np.allclose(u, predicted, atol=TOL * scale, rtol=0) else None


def pure_comparison_roots(a: np.ndarray, b: np.ndarray) -> list[Fraction | float]:
    """Roots ``t`` of every difference of two payoffs of one player against the same profile of
    the others, for payoffs ``a + b t`` (exact when ``a`` and ``b`` hold Fractions)."""
    roots: set = set()
    n = a.shape[0]
    for i in range(n):
        ai, bi = np.moveaxis(a[i], i, 0), np.moveaxis(b[i], i, 0)
        k = ai.shape[0]
        flat_a = ai.reshape(k, -1)
        flat_b = bi.reshape(k, -1)
        for s in range(k):
            for r in range(s + 1, k):
                for da, db in zip(flat_a[s] - flat_a[r], flat_b[s] - flat_b[r], strict=True):
                    if db != 0:
                        roots.add(-da / db)
    return sorted(roots)


def affine_candidates(
    spec: GameSpec, parameter: str, fixed: Mapping[str, float], low: float, high: float
) -> tuple[list[Point], bool]:
    """The exact roots inside ``(low, high)`` where a pure comparison flips, and whether the
    payoffs are affine in ``parameter`` there (no roots when they are not)."""
    coefficients = affine_coefficients(spec, parameter, fixed, low, high)
    if coefficients is None:
        return [], False
    points = []
    for root in pure_comparison_roots(*coefficients):
        if low < float(root) < high:
            points.append(Point(float(root), root if isinstance(root, Fraction) else None))
    return points, True


def sweep(
    spec: GameSpec,
    parameter: str,
    classify: Classifier,
    low: float | None = None,
    high: float | None = None,
    fixed: Mapping[str, float] | None = None,
    grid: int = 201,
    progress: Callable[[int], None] | None = None,
    classify_many: ManyClassifier | None = None,
) -> SweepResult:
    """Regimes and thresholds of ``spec`` as ``parameter`` runs over ``[low, high]``.

    Parameters
    ----------
    classify
        ``t -> (signature, result)``: solves the game at ``parameter = t``. The signature says
        which changes count (default use: :func:`equilibrium_signature`).
    low, high
        The range; defaults to the parameter's declared range.
    fixed
        Values of the other parameters.
    grid
        Number of grid cells for detecting changes that have no analytic root.
    progress
        Called with the number of solves done, for a progress bar.
    classify_many
        Optional ``values -> signatures`` for many values at once (see
        :func:`batched_classifier`); must give the same signatures as ``classify``. With it, the
        grid and the bisections are computed as whole arrays (the grid at its points rather
        than just inside each cell, every bisection step for all cells at once); ``classify``
        is then called only for the regimes and thresholds reported. Thresholds found by
        bisection agree with the per-value search to ``TOL`` times the range, exact ones
        exactly.
    """
    fixed = dict(fixed or {})
    if parameter not in spec.parameters:
        known = ", ".join(sorted(spec.parameters)) or "none"
        raise GameError(f"{spec.origin}: no parameter {parameter!r}; parameters: {known}")
    declared = spec.parameters[parameter]
    low = declared.low if low is None else low
    high = declared.high if high is None else high
    if low is None or high is None or not low < high:
        raise GameError(f"{spec.origin}: parameter {parameter!r} needs a range low < high to sweep")
    candidates, affine = affine_candidates(spec, parameter, fixed, low, high)
    regimes, thresholds = find_regimes(
        low, high, classify, candidates, grid, progress, classify_many
    )
    return SweepResult(
        parameter=parameter,
        low=low,
        high=high,
        regimes=regimes,
        thresholds=thresholds,
        fixed=fixed,
        affine=affine,
        title=spec.title,
        grid=max(grid, 1) + 1,
    )


def find_regimes(
    low: float,
    high: float,
    classify: Classifier,
    candidates: Sequence[Point] = (),
    grid: int = 201,
    progress: Callable[[int], None] | None = None,
    classify_many: ManyClassifier | None = None,
) -> tuple[tuple[Regime, ...], tuple[Threshold, ...]]:
    """Regimes and thresholds of any classified family ``t -> (signature, result)`` on
    ``[low, high]``, given candidate thresholds (exact roots) known in advance.
    ``classify_many`` (signatures of many values at once) speeds up the grid and bisection.

    Steps 2 and 3 of the module notes: the candidates split the grid cells; a change inside a
    piece is located by bisection; the pieces between candidates are classified and equal
    neighbours merged.
    """
    span = high - low
    eps = TOL * span
    cache: dict[float, tuple[Signature, Any]] = {}

    def at(t: float) -> tuple[Signature, Any]:
        if t not in cache:
            cache[t] = classify(t)
            if progress is not None:
                progress(len(cache))
        return cache[t]

    points: dict[float, Point] = {p.value: p for p in candidates if low < p.value < high}
    # Grid and bisection. A structure change without a candidate is found unless two such
    # changes fall within one grid cell.
    edges = np.linspace(low, high, max(grid, 1) + 1)
    if classify_many is None:
        _grid_changes(edges, points, at, eps)
    else:
        _grid_changes_batched(edges, points, classify_many, eps, progress)
    # One threshold may be found several times (analytically, and by bisection from either
    # side), and within a payoff tolerance of a threshold the solver sees a tie, which can
    # show up as a sliver of a regime. Points closer than the resolution sqrt(TOL) * span are
    # one threshold: the exact one if any, else their mean; the ends of the range likewise.
    resolution = math.sqrt(TOL) * span
    clusters: list[list[Point]] = []
    for point in sorted(points.values(), key=lambda p: p.value):
        if clusters and point.value - clusters[-1][-1].value <= resolution:
            clusters[-1].append(point)
        else:
            clusters.append([point])
    interior = [
        next((p for p in c if p.exact is not None), None)
        or Point(float(np.mean([p.value for p in c])))
        for c in clusters
    ]
    interior = [p for p in interior if low + resolution < p.value < high - resolution]
    # Classify the pieces between cut points and merge equal neighbours.
    cuts = [Point(low, _maybe_exact(low)), *interior, Point(high, _maybe_exact(high))]
    regimes: list[Regime] = []
    thresholds: list[Threshold] = []
    for left, right in itertools.pairwise(cuts):
        mid = 0.5 * (left.value + right.value)
        signature, result = at(mid)
        if regimes and regimes[-1].signature == signature:
            previous = regimes.pop()
            regimes.append(Regime(previous.low, right, signature, previous.result))
        else:
            if regimes:
                _, there = at(left.value)
                thresholds.append(Threshold(left, there, analytic=left.exact is not None))
            regimes.append(Regime(left, right, signature, result))
    # The ends of the range count as thresholds when the set there differs from the regime.
    for end, regime in ((cuts[0], regimes[0]), (cuts[-1], regimes[-1])):
        signature, there = at(end.value)
        if signature != regime.signature:
            thresholds.append(Threshold(end, there, analytic=end.exact is not None))
    thresholds.sort(key=lambda t: t.at.value)
    return tuple(regimes), tuple(thresholds)


def _grid_changes(
    edges: np.ndarray,
    points: dict[float, Point],
    at: Callable[[float], tuple[Signature, SolveResult]],
    eps: float,
) -> None:
    """Per-value grid search: add to ``points`` every change found by bisection."""
    breaks = sorted({float(x) for x in edges} | set(points))
    for p, q in itertools.pairwise(breaks):
        inset = min(8 * eps, (q - p) / 4)
        lo_t, hi_t = p + inset, q - inset
        if hi_t <= lo_t:
            continue
        lo_sig = at(lo_t)[0]
        if at(hi_t)[0] == lo_sig:
            continue
        while hi_t - lo_t > eps:
            mid = 0.5 * (lo_t + hi_t)
            if at(mid)[0] == lo_sig:
                lo_t = mid
            else:
                hi_t = mid
        value = 0.5 * (lo_t + hi_t)
        points.setdefault(value, Point(value))


def _grid_changes_batched(
    edges: np.ndarray,
    points: dict[float, Point],
    classify_many: ManyClassifier,
    eps: float,
    progress: Callable[[int], None] | None,
) -> None:
    """Array version of :func:`_grid_changes`.

    The structure is computed at every grid point and just either side of every analytic
    root (one call); wherever it differs between neighbouring samples that do not straddle an
    analytic root, the interval is bisected, all intervals together (one call per step).
    """
    done = 0

    def many(values: np.ndarray) -> list[Signature]:
        nonlocal done
        sigs = list(classify_many(values))
        if len(sigs) != len(values):
            raise GameError(f"classify_many gave {len(sigs)} signatures for {len(values)} values")
        done += len(values)
        if progress is not None:
            progress(done)
        return sigs

    low, high = float(edges[0]), float(edges[-1])
    samples = {float(x) for x in edges}
    straddle: set[tuple[float, float]] = set()
    for r in sorted(points):
        inset = min(8 * eps, (r - low) / 4, (high - r) / 4)
        samples.discard(r)  # the root itself is degenerate; its sides are what matter
        samples |= {r - inset, r + inset}
        straddle.add((r - inset, r + inset))
    ts = np.array(sorted(samples))
    sigs = many(ts)
    lo_t, hi_t, lo_sig = [], [], []
    for k in range(len(ts) - 1):
        if sigs[k] != sigs[k + 1] and (float(ts[k]), float(ts[k + 1])) not in straddle:
            lo_t.append(float(ts[k]))
            hi_t.append(float(ts[k + 1]))
            lo_sig.append(sigs[k])
    lo, hi = np.array(lo_t), np.array(hi_t)
    active = hi - lo > eps
    while active.any():
        idx = np.flatnonzero(active)
        mid = 0.5 * (lo[idx] + hi[idx])
        for k, (j, sig) in enumerate(zip(idx, many(mid), strict=True)):
            if sig == lo_sig[j]:
                lo[j] = mid[k]
            else:
                hi[j] = mid[k]
        active = hi - lo > eps
    for value in 0.5 * (lo + hi):
        points.setdefault(float(value), Point(float(value)))


def _maybe_exact(x: float) -> Fraction | None:
    try:
        q = to_fraction(x)
    except (TypeError, ValueError):
        return None
    return q if q.denominator <= 1_000_000 else None


def solving_classifier(
    spec: GameSpec,
    parameter: str,
    fixed: Mapping[str, float] | None = None,
    solve: Callable | None = None,
    signature: Callable[[SolveResult], Signature] = equilibrium_signature,
) -> Classifier:
    """A classifier that instantiates ``spec`` at each value and solves it."""
    fixed = dict(fixed or {})
    if solve is None:
        from negotiate.equilibria import solve as default_solve

        solve = default_solve

    def classify(t: float) -> tuple[Signature, SolveResult]:
        result = solve(spec.instantiate({**fixed, parameter: t}))
        return signature(result), result

    return classify


def sample_values(result: SweepResult) -> Sequence[float]:
    """One value inside each regime and each threshold, in order (for checks and plots)."""
    values: list[float] = []
    for regime in result.regimes:
        values.append(0.5 * (regime.low.value + regime.high.value))
    values += [t.at.value for t in result.thresholds]
    return sorted(values)


def batch_signatures(batch: BatchEquilibria, shape: tuple[int, int]) -> list[Signature]:
    """:func:`equilibrium_signature` of every game of a batched solve.

    Supports are the probabilities above ``TOL``, as in
    :meth:`negotiate.model.Equilibrium.supports`.
    """
    m, n = shape
    bits = np.concatenate([batch.x > TOL, batch.y > TOL], axis=1)
    codes = bits.astype(np.int64) @ (1 << np.arange(m + n, dtype=np.int64))
    table = [
        (
            tuple(k for k in range(m) if c >> k & 1),
            tuple(k for k in range(n) if c >> (m + k) & 1),
        )
        for c in range(1 << (m + n))
    ]
    out: list[list] = [[] for _ in range(batch.n_games)]
    for g, c in zip(batch.game.tolist(), codes.tolist(), strict=True):
        out[g].append(table[c])
    return [tuple(sorted(x)) for x in out]


def batched_classifier(
    spec: GameSpec, parameter: str, fixed: Mapping[str, float] | None = None
) -> ManyClassifier | None:
    """Signatures for many values of ``parameter`` at once, or None where not applicable.

    Payoffs for all values come from one :meth:`GameSpec.payoff_batch`; the equilibria of
    all the games from one :func:`~negotiate.solvers.batched.batched_equilibria` (complete,
    every extreme equilibrium). Applies to two-player games with at most
    :data:`BATCHED_MAX_STRATEGIES` strategies each; for others use
    :func:`solving_classifier` alone.
    """
    if len(spec.players) != 2 or max(spec.shape) > BATCHED_MAX_STRATEGIES:
        return None
    fixed = dict(fixed or {})
    shape = (spec.shape[0], spec.shape[1])

    def classify_many(values: np.ndarray) -> list[Signature]:
        values = np.asarray(values, dtype=float).ravel()
        if values.size == 0:
            return []
        u = spec.payoff_batch({**fixed, parameter: values})
        u = np.broadcast_to(u, (values.size, *u.shape[-3:]))
        return batch_signatures(batched_equilibria(u), shape)

    return classify_many
