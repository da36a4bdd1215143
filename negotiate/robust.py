r"""Robustness of conclusions to errors in the payoffs.

Analysts guess payoffs. This module asks how often each conclusion about pure equilibria
survives when the guesses are somewhat wrong (:func:`robustness`), and which conclusions no
change that keeps each player's ranking of outcomes can overturn (:func:`ordinal_view`).

Perturbations
-------------
With noise level :math:`\eta \ge 0` and independent draws :math:`e \sim U(-1, 1)`, one per
perturbed quantity and sample:

* **multiplicative** (default): every named term :math:`\tau` of the payoff file becomes
  :math:`\tau (1 + \eta e_\tau)`, applied as the term is evaluated (so a term built from other
  terms carries their errors and its own); every payoff cell that uses no term (a constant such
  as ``-1``, or an expression of parameters only) is multiplied by :math:`1 + \eta e_c` as a
  whole. Numbers written inside a term-based expression (the ``1`` in ``"deal_win - 1"``) are
  not perturbed. A zero stays zero: the baselines of a normalisation are kept.
* **additive**: every payoff cell becomes :math:`u + \eta\,\rho\,e_c`, with :math:`\rho` the
  payoff range (largest minus smallest payoff) of the unperturbed game.

Draws come from ``numpy.random.default_rng(seed)`` in blocks of :data:`DRAW_BLOCK` samples,
drawn in order whatever the chunk size used for solving; so results depend only on the seed,
the spec, the values and the noise, and the first :math:`m` samples of a run of :math:`N > m`
are the samples of a run of :math:`m`. The draws are made here, in order; only the solving of
each chunk may run elsewhere (a backend of :mod:`negotiate.distributed`), and the chunks'
counts are added in chunk order, so every backend gives the serial result.

Conclusions and confidence
--------------------------
For every pure profile :math:`a`: ":math:`a` is a pure Nash equilibrium" and ":math:`a` is the
unique pure equilibrium"; and "there is no pure equilibrium". Each is counted over the samples
(pure equilibria of the whole batch by one call of
:func:`~negotiate.solvers.pure.pure_equilibrium_mask`, to ``TOL`` times each sample's payoff
range), and reported with its Wilson score interval (Wilson 1927, *JASA* 22(158), 209-212):

.. math::

    \frac{\hat p + \frac{z^2}{2n} \pm z \sqrt{\frac{\hat p (1 - \hat p)}{n}
    + \frac{z^2}{4 n^2}}}{1 + \frac{z^2}{n}}, \qquad z = \Phi^{-1}(0.975).

A ``solve_batch`` callable may add conclusions about all (mixed) equilibria: it maps a payoff
batch of shape ``(m, n, s_0, ..., s_{n-1})`` to ``m`` equilibrium *signatures*, each the sorted
tuple of the supports of that sample's equilibria (as
:func:`negotiate.sweep.equilibrium_signature`); then each signature and each "the unique
equilibrium has supports ..." is counted too.

The ordinal view
----------------
Whether :math:`a` is a pure Nash equilibrium depends only on each player's comparisons of its
own payoffs along its own axis: :math:`u_i(a) \ge u_i(s, a_{-i})` for all :math:`s`. Keeping each
player's *ranking* of outcomes (every strict preference stays strict; indifferences may resolve
either way) therefore decides most conclusions exactly. On each *line* (a player :math:`i` and a
profile :math:`c` of the others) only which of the tied best strategies is ranked top matters,
and any choice of one top per line is realised by some payoff assignment. The possible pure
equilibrium sets are thus the sets obtained from every choice of tops on the lines with tied
maxima, plus the set of the game itself (ties kept). A conclusion is *always* true if it holds
in all of them, *never* if in none, and *depends* otherwise. Without ties there is one set, and
every conclusion is always or never true. The enumeration is exact; its size is the product of
the numbers of tied maxima, bounded by :data:`MAX_ORDINAL_CASES`.
"""

from __future__ import annotations

import enum
import itertools
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtri

from negotiate.distributed import SERIAL, Backend, map_chunks
from negotiate.errors import GameError
from negotiate.numeric import TOL, atol, payoff_range
from negotiate.solvers.pure import pure_equilibrium_mask
from negotiate.spec import GameSpec

#: Samples per block of random draws (fixed, so that results do not depend on chunking).
DRAW_BLOCK = 1024
#: Largest number of tie resolutions :func:`ordinal_view` enumerates.
MAX_ORDINAL_CASES = 1_000_000

SolveBatch = Callable[[np.ndarray], Sequence[Hashable]]


class Perturbation(enum.Enum):
    """How payoff errors are modelled (see the module docstring)."""

    MULTIPLICATIVE = "multiplicative"
    ADDITIVE = "additive"


class Kind(enum.Enum):
    """What a conclusion says."""

    EQUILIBRIUM = "is a pure Nash equilibrium"
    UNIQUE = "is the unique pure Nash equilibrium"
    NO_PURE = "there is no pure Nash equilibrium"
    SIGNATURE = "the equilibria have supports"
    UNIQUE_EQUILIBRIUM = "the unique equilibrium has supports"


@dataclass(frozen=True)
class Conclusion:
    """One statement about the equilibria of a game: ``profile`` for the pure kinds,
    ``signature`` (supports) for the kinds from ``solve_batch``."""

    kind: Kind
    profile: tuple[int, ...] | None = None
    signature: Hashable | None = None

    def text(self, strategies: Sequence[Sequence[str]] | None = None) -> str:
        if self.kind is Kind.NO_PURE:
            return self.kind.value
        if self.profile is not None:
            if strategies is not None:
                names = ", ".join(strategies[i][a] for i, a in enumerate(self.profile))
            else:
                names = ", ".join(str(a + 1) for a in self.profile)
            return f"({names}) {self.kind.value}"
        return f"{self.kind.value} {self.signature}"


@dataclass(frozen=True)
class Frequency:
    """How often a conclusion held among ``samples`` perturbed games, with its Wilson interval,
    and whether it holds in the unperturbed game (``baseline``)."""

    conclusion: Conclusion
    count: int
    samples: int
    baseline: bool

    @property
    def frequency(self) -> float:
        return self.count / self.samples

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.count, self.samples)


@dataclass(frozen=True, eq=False)
class RobustnessResult:
    """Frequencies of every conclusion over the perturbed samples.

    ``perturbed`` names the perturbed quantities (terms, and cells as key paths);
    ``frequencies`` are in a fixed order: per profile (lexicographic) "equilibrium" then
    "unique", then "no pure equilibrium", then the ``solve_batch`` conclusions sorted by text.
    """

    noise: float
    samples: int
    seed: int
    mode: Perturbation
    values: Mapping[str, float]
    perturbed: tuple[str, ...]
    frequencies: tuple[Frequency, ...]

    def frequency_of(self, conclusion: Conclusion) -> Frequency:
        for f in self.frequencies:
            if f.conclusion == conclusion:
                return f
        raise GameError(f"no conclusion {conclusion.text()!r} in this result")


def wilson_interval(count: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion ``count / n`` (Wilson 1927)."""
    if n <= 0:
        raise GameError("a confidence interval needs at least one sample")
    z = float(ndtri(0.5 + confidence / 2))
    p = count / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * float(np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)))
    # At 0 and n successes the ends are exactly 0 and 1; rounding must not move them.
    low = 0.0 if count == 0 else max(0.0, centre - half)
    high = 1.0 if count == n else min(1.0, centre + half)
    return low, high


# --- perturbed payoffs ---------------------------------------------------------------------------


def perturbation_sources(spec: GameSpec) -> tuple[tuple[str, ...], tuple[tuple[int, ...], ...]]:
    """``(terms, cells)`` a multiplicative perturbation draws for: every term name, and the
    index ``(player, *profile)`` of every payoff cell that uses no term."""
    terms = tuple(t.name for t in spec.terms)
    cells = tuple(
        index
        for index in np.ndindex(spec.cells.shape)
        if not spec.uses(spec.cells[index].expression)
    )
    return terms, cells


def perturbed_payoffs(
    spec: GameSpec,
    values: Mapping[str, float] | None,
    noise: float,
    draws: np.ndarray,
    mode: Perturbation = Perturbation.MULTIPLICATIVE,
) -> np.ndarray:
    """Payoff arrays ``(m, n, s_0, ..., s_{n-1})`` for ``m`` rows of uniform draws.

    ``draws`` has one column per perturbed quantity: for the multiplicative mode the terms then
    the term-free cells of :func:`perturbation_sources`; for the additive mode every cell in
    ``np.ndindex`` order.
    """
    draws = np.asarray(draws, dtype=float)
    m = draws.shape[0]
    shape = spec.cells.shape
    if Perturbation(mode) is Perturbation.ADDITIVE:
        base = spec.payoff_batch(values)
        if draws.shape[1] != base.size:
            raise GameError(f"{draws.shape[1]} draws per sample for {base.size} payoffs")
        return base[None] + noise * payoff_range(base) * draws.reshape(m, *shape)
    terms, cells = perturbation_sources(spec)
    if draws.shape[1] != len(terms) + len(cells):
        raise GameError(f"{draws.shape[1]} draws per sample for {len(terms) + len(cells)} sources")
    scale = {name: 1.0 + noise * draws[:, k] for k, name in enumerate(terms)}
    u = np.broadcast_to(spec.payoff_batch(values, term_scale=scale), (m, *shape)).copy()
    for k, index in enumerate(cells):
        u[(slice(None), *index)] *= 1.0 + noise * draws[:, len(terms) + k]
    return u


class _Draws:
    """Rows of ``U(-1, 1)`` draws from one generator, produced in blocks of DRAW_BLOCK."""

    def __init__(self, seed: int, width: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.width = width
        self.buffer = np.empty((0, width))

    def take(self, m: int) -> np.ndarray:
        while self.buffer.shape[0] < m:
            block = self.rng.uniform(-1.0, 1.0, size=(DRAW_BLOCK, self.width))
            self.buffer = np.vstack([self.buffer, block])
        out, self.buffer = self.buffer[:m], self.buffer[m:]
        return out


def robustness(
    spec: GameSpec,
    values: Mapping[str, float] | None = None,
    noise: float = 0.2,
    samples: int = 10_000,
    seed: int = 0,
    mode: Perturbation | str = Perturbation.MULTIPLICATIVE,
    chunk_size: int = 8192,
    solve_batch: SolveBatch | None = None,
    progress: Callable[[int, int], None] | None = None,
    tol: float = TOL,
    backend: Backend = SERIAL,
) -> RobustnessResult:
    """How often each conclusion about the equilibria survives random payoff errors.

    Parameters
    ----------
    spec, values
        The game and the (scalar) parameter values to study it at (defaults where not given).
    noise
        The noise level :math:`\\eta \\ge 0` (see the module docstring for both modes).
    samples, seed
        Number of perturbed games, and the seed of ``numpy.random.default_rng``.
    chunk_size
        Samples solved per batch; it changes memory use, never the result.
    solve_batch
        Optional batched solver for all equilibria (the module docstring gives its contract).
    progress
        Called as ``progress(done, samples)`` after each chunk.
    tol
        Relative tolerance of the equilibrium test.
    backend
        Where chunks are solved (:func:`negotiate.distributed.open_backend`); it changes
        speed, never the result. ``solve_batch`` must then be picklable.
    """
    mode = Perturbation(mode)
    if not noise >= 0:
        raise GameError(f"noise must be a non-negative number, got {noise!r}")
    if samples < 1 or chunk_size < 1:
        raise GameError("samples and chunk_size must be positive")
    for name, value in (values or {}).items():
        if np.ndim(value) != 0:
            raise GameError(f"{spec.origin}: parameter {name!r} must be a single number here")
    shape = spec.shape
    base = spec.payoff_batch(values)
    if mode is Perturbation.ADDITIVE:
        perturbed = tuple(spec.cells[index].keypath for index in np.ndindex(spec.cells.shape))
        width = base.size
    else:
        terms, cells = perturbation_sources(spec)
        perturbed = (*(f"terms.{t}" for t in terms), *(spec.cells[c].keypath for c in cells))
        width = len(terms) + len(cells)
    draws = _Draws(seed, width)
    n_profiles = int(np.prod(shape))
    eq_count = np.zeros(n_profiles, dtype=np.int64)
    unique_count = np.zeros(n_profiles, dtype=np.int64)
    none_count = 0
    signatures: Counter = Counter()
    unique_signatures: Counter = Counter()
    done = 0

    def chunks():
        start = 0
        while start < samples:
            m = min(chunk_size, samples - start)
            yield _Chunk(spec, values, noise, draws.take(m), mode, tol, solve_batch)
            start += m

    for tally in map_chunks(_tally_chunk, chunks(), backend):
        eq_count += tally.equilibrium
        unique_count += tally.unique
        none_count += tally.none
        signatures.update(tally.signatures)
        unique_signatures.update(tally.unique_signatures)
        done += tally.samples
        if progress is not None:
            progress(done, samples)
    base_mask = pure_equilibrium_mask(base, atol(base, tol)).reshape(-1)
    base_sig = None
    if solve_batch is not None:
        (base_sig,) = tuple(solve_batch(base[None]))
    frequencies: list[Frequency] = []
    for k, profile in enumerate(np.ndindex(shape)):
        frequencies.append(
            Frequency(
                Conclusion(Kind.EQUILIBRIUM, profile), int(eq_count[k]), samples, bool(base_mask[k])
            )
        )
        frequencies.append(
            Frequency(
                Conclusion(Kind.UNIQUE, profile),
                int(unique_count[k]),
                samples,
                bool(base_mask[k] and base_mask.sum() == 1),
            )
        )
    frequencies.append(
        Frequency(Conclusion(Kind.NO_PURE), none_count, samples, not base_mask.any())
    )
    if solve_batch is not None:
        extra = [
            Frequency(Conclusion(Kind.SIGNATURE, signature=s), c, samples, s == base_sig)
            for s, c in signatures.items()
        ] + [
            Frequency(
                Conclusion(Kind.UNIQUE_EQUILIBRIUM, signature=s),
                c,
                samples,
                base_sig is not None and len(base_sig) == 1 and base_sig[0] == s,
            )
            for s, c in unique_signatures.items()
        ]
        frequencies += sorted(
            extra, key=lambda f: (f.conclusion.kind.name, repr(f.conclusion.signature))
        )
    return RobustnessResult(
        noise=float(noise),
        samples=samples,
        seed=seed,
        mode=mode,
        values=dict(values or {}),
        perturbed=perturbed,
        frequencies=tuple(frequencies),
    )


@dataclass(frozen=True, eq=False)
class _Chunk:
    """One chunk of :func:`robustness`: its draws and everything needed to solve them."""

    spec: GameSpec
    values: Mapping[str, float] | None
    noise: float
    draws: np.ndarray
    mode: Perturbation
    tol: float
    solve_batch: SolveBatch | None


@dataclass(frozen=True, eq=False)
class _Tally:
    """The counts of one chunk, added up by :func:`robustness` in chunk order."""

    samples: int
    equilibrium: np.ndarray
    unique: np.ndarray
    none: int
    signatures: Counter
    unique_signatures: Counter


def _tally_chunk(chunk: _Chunk) -> _Tally:
    """Solve one chunk of perturbed games and count its conclusions (runs on a worker)."""
    m = chunk.draws.shape[0]
    u = perturbed_payoffs(chunk.spec, chunk.values, chunk.noise, chunk.draws, chunk.mode)
    flat_u = u.reshape(m, -1)
    span = flat_u.max(axis=1) - flat_u.min(axis=1)
    eps = chunk.tol * np.where(span > 0, span, 1.0)
    n = len(chunk.spec.players)
    mask = pure_equilibrium_mask(u, eps, n_players=n).reshape(m, -1)
    count = mask.sum(axis=1)
    signatures: Counter = Counter()
    unique_signatures: Counter = Counter()
    if chunk.solve_batch is not None:
        sigs = list(chunk.solve_batch(u))
        if len(sigs) != m:
            raise GameError(f"solve_batch returned {len(sigs)} results for {m} games")
        signatures.update(sigs)
        unique_signatures.update(s[0] for s in sigs if len(s) == 1)
    return _Tally(
        samples=m,
        equilibrium=mask.sum(axis=0),
        unique=(mask & (count == 1)[:, None]).sum(axis=0),
        none=int((count == 0).sum()),
        signatures=signatures,
        unique_signatures=unique_signatures,
    )


# --- the ordinal view ----------------------------------------------------------------------------


class Verdict(enum.Enum):
    """Truth of a conclusion over all payoffs that keep each player's ranking of outcomes."""

    ALWAYS = "holds for every payoff assignment with the same rankings"
    NEVER = "fails for every payoff assignment with the same rankings"
    DEPENDS = "depends on how indifferences are resolved"


@dataclass(frozen=True)
class OrdinalVerdict:
    conclusion: Conclusion
    verdict: Verdict


def ordinal_view(u: np.ndarray, tol: float = TOL) -> tuple[OrdinalVerdict, ...]:
    """Which pure-equilibrium conclusions hold for every payoff assignment that keeps each
    player's ranking of outcomes (exact; see the module docstring).

    Parameters
    ----------
    u
        Payoffs of shape ``(n, s_0, ..., s_{n-1})``; payoffs within ``atol(u, tol)`` are tied.

    Returns
    -------
    tuple of OrdinalVerdict
        In the order of :func:`robustness`: per profile "equilibrium" then "unique", then
        "no pure equilibrium".
    """
    u = np.asarray(u, dtype=float)
    n = u.shape[0]
    shape = u.shape[1:]
    eps = atol(u, tol)
    tops = []  # per player: boolean array, True where a strategy is a tied best on its line
    for i in range(n):
        best = u[i].max(axis=i, keepdims=True)
        tops.append(u[i] >= best - eps)
    ambiguous = []  # (player, index of the line with the player's axis as slice, choices)
    for i in range(n):
        other_shape = shape[:i] + shape[i + 1 :]
        for c in np.ndindex(other_shape):
            line = (*c[:i], slice(None), *c[i:])
            choices = np.flatnonzero(tops[i][line])
            if len(choices) > 1:
                ambiguous.append((i, line, choices))
    cases = int(np.prod([len(ch) for _, _, ch in ambiguous])) if ambiguous else 1
    if cases > MAX_ORDINAL_CASES:
        raise GameError(
            f"the ordinal view would enumerate {cases} tie resolutions (limit {MAX_ORDINAL_CASES})"
        )
    outcomes: list[np.ndarray] = [np.logical_and.reduce(tops).reshape(-1)]  # ties kept
    for choice in itertools.product(*(ch for _, _, ch in ambiguous)):
        selected = [t.copy() for t in tops]
        for (i, line, _), s in zip(ambiguous, choice, strict=True):
            selected[i][line] = False
            index = list(line)
            index[i] = s
            selected[i][tuple(index)] = True
        outcomes.append(np.logical_and.reduce(selected).reshape(-1))
    table = np.array(outcomes)  # (cases, profiles)
    counts = table.sum(axis=1)
    verdicts: list[OrdinalVerdict] = []

    def verdict(truth: np.ndarray) -> Verdict:
        return (
            Verdict.ALWAYS if truth.all() else Verdict.NEVER if not truth.any() else Verdict.DEPENDS
        )

    for k, profile in enumerate(np.ndindex(shape)):
        verdicts.append(OrdinalVerdict(Conclusion(Kind.EQUILIBRIUM, profile), verdict(table[:, k])))
        verdicts.append(
            OrdinalVerdict(Conclusion(Kind.UNIQUE, profile), verdict(table[:, k] & (counts == 1)))
        )
    verdicts.append(OrdinalVerdict(Conclusion(Kind.NO_PURE), verdict(counts == 0)))
    return tuple(verdicts)
