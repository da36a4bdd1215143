r"""Claims: facts a payoff file says its model reproduces, and their checking.

A payoff file may list ``[[claims]]``, each a table with ``text`` (the fact in words), optional
``cites`` (tags of the file's source), where it applies, and one or more checks:

Where
    ``at = { p = v, ... }`` fixes parameters (others at their defaults). ``over = { p = [lo, hi],
    ... }`` makes the claim a *range claim*: it must hold for every value in the box.
Checks (all about **pure** equilibria and pure strategies, except ``monotone``)
    ``pure_equilibria`` (the exact set), ``pure_equilibria_include``,
    ``pure_equilibria_exclude`` (lists of profiles, strategy names in player order),
    ``every_equilibrium = { Player = "S" }`` (a pure equilibrium exists and every one has the
    player play ``S``), ``best_response = { player, given = { Other = "S" }, is }`` (``is`` is the
    player's unique best response), ``dominated = { player, strategy, strictly = true }``
    (dominated by another pure strategy or a mixture of them), and ``monotone = { quantity,
    player, strategy, direction, over }`` (below).

How each is checked
-------------------
*Point claims* are checked in exact rational arithmetic where every payoff has an exact value,
else in floats to ``atol`` (:data:`~negotiate.numeric.TOL` times the payoff range). Mixed
domination uses a linear program in floats.

*Range claims over one parameter with payoffs affine in it* (:math:`u = a + b t`, found by
:func:`negotiate.sweep.affine_coefficients`) are decided exactly: every check above compares
two payoffs of one player against the same profile of the others, and such a comparison changes
only at a root :math:`t^* = -\Delta a / \Delta b`
(:func:`negotiate.sweep.pure_comparison_roots`, the exact thresholds of a sweep). So the claim's
truth is constant between consecutive roots; it is evaluated exactly at both ends of the range,
at every root inside and at one point between each pair. The result is a proof, and a false
claim's counterexample is an exact value.

*Other range claims* (several parameters, payoffs not affine or not rational) are searched: a
grid (101 values for one parameter, 11 per parameter for up to three, the corners beyond) and
then Hypothesis's :func:`hypothesis.find` (derandomised, so the outcome is the same on every
run) looking for a failing value, shrunk to a simple one. Passing means no counterexample was
found, not a proof; the result says which method was used.

Monotonicity
------------
``monotone = { quantity = "equilibrium_payoff" | "probability", player, strategy,
direction = "increasing" | "decreasing", over = { p = [lo, hi] } }`` says that the player's
payoff in the equilibrium (or the probability it plays ``strategy``) moves weakly in
``direction`` as ``p`` rises over ``[lo, hi]``. The quantity must be defined: the sweep of
``p`` over the range (:func:`negotiate.sweep.sweep`) must show a unique equilibrium in every
regime; threshold points themselves, where the set is degenerate, are skipped and the quantity
is compared across them by its values just either side. Within each regime it is sampled at
41 points and compared pairwise in order (to ``atol``), then Hypothesis searches for a pair
:math:`t_1 < t_2` that breaks the order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from negotiate.errors import ExpressionError, NegotiateError
from negotiate.expressions import suggest
from negotiate.numeric import TOL, atol, format_fraction, format_number, to_fraction
from negotiate.spec import GameSpec

CHECK_KEYS: tuple[str, ...] = (
    "pure_equilibria",
    "pure_equilibria_include",
    "pure_equilibria_exclude",
    "every_equilibrium",
    "best_response",
    "dominated",
    "monotone",
)
CLAIM_KEYS: tuple[str, ...] = ("text", "cites", "at", "over", *CHECK_KEYS)
#: Hypothesis examples per searched claim.
SEARCH_EXAMPLES = 200
#: Samples per regime for monotonicity.
MONOTONE_SAMPLES = 41

Profile = tuple[int, ...]


@dataclass(frozen=True)
class Claim:
    """One ``[[claims]]`` entry, parsed: names resolved to indices, numbers exact."""

    index: int
    text: str
    cites: tuple[str, ...]
    at: Mapping[str, Fraction]
    over: Mapping[str, tuple[Fraction, Fraction]]
    checks: Mapping[str, Any] = field(default_factory=dict)

    @property
    def keypath(self) -> str:
        return f"claims[{self.index}]"


@dataclass(frozen=True)
class ClaimResult:
    """Whether a claim holds; if not, why and where.

    ``method`` is ``"exact"`` (point claim in rationals), ``"float"`` (point claim to the
    tolerance), ``"exact thresholds"`` (range claim decided at the exact roots),
    ``"search"`` (grid and Hypothesis search: no counterexample found is not a proof) or
    ``"sweep and search"`` (monotonicity).
    """

    claim: Claim
    holds: bool
    method: str
    reason: str = ""
    counterexample: Mapping[str, str] = field(default_factory=dict)

    def line(self) -> str:
        """One line for a report."""
        if self.holds:
            return f"{self.claim.keypath}: holds ({self.method}): {self.claim.text}"
        where = ", ".join(f"{k} = {v}" for k, v in self.counterexample.items())
        at = f" at {where}" if where else ""
        return f"{self.claim.keypath}: FAILS{at} ({self.method}): {self.reason}; claim: " + (
            self.claim.text
        )


# --- parsing ------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, spec: GameSpec) -> None:
        self.spec = spec
        self.problems: list[str] = []

    def problem(self, keypath: str, message: str) -> None:
        self.problems.append(f"{self.spec.origin}: {keypath}: {message}")

    def player(self, keypath: str, name: object) -> int | None:
        players = list(self.spec.players)
        if name not in players:
            self.problem(keypath, f"no player {name!r}{suggest(str(name), players)}")
            return None
        return players.index(name)  # type: ignore[arg-type]

    def strategy(self, keypath: str, player: int, name: object) -> int | None:
        names = list(self.spec.strategies[player])
        if name not in names:
            who = self.spec.players[player]
            self.problem(keypath, f"{who} has no strategy {name!r}{suggest(str(name), names)}")
            return None
        return names.index(name)  # type: ignore[arg-type]

    def number(self, keypath: str, value: object) -> Fraction | None:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.problem(keypath, f"expected a number, got {value!r}")
            return None
        try:
            return to_fraction(value)
        except (ValueError, ZeroDivisionError):
            self.problem(keypath, f"expected a number, got {value!r}")
            return None

    def parameter(self, keypath: str, name: str) -> bool:
        known = sorted(self.spec.parameters)
        if name not in self.spec.parameters:
            listing = ", ".join(known) or "none"
            self.problem(
                keypath, f"unknown parameter {name!r}{suggest(name, known)}; parameters: {listing}"
            )
            return False
        return True

    def table(self, keypath: str, value: object) -> dict | None:
        if not isinstance(value, dict):
            self.problem(keypath, f"expected a table, got {value!r}")
            return None
        return value

    def values(self, keypath: str, value: object) -> dict[str, Fraction]:
        out: dict[str, Fraction] = {}
        table = self.table(keypath, value)
        for name, v in (table or {}).items():
            if self.parameter(f"{keypath}.{name}", name):
                q = self.number(f"{keypath}.{name}", v)
                if q is not None:
                    out[name] = q
        return out

    def ranges(self, keypath: str, value: object) -> dict[str, tuple[Fraction, Fraction]]:
        out: dict[str, tuple[Fraction, Fraction]] = {}
        table = self.table(keypath, value)
        for name, v in (table or {}).items():
            path = f"{keypath}.{name}"
            if not self.parameter(path, name):
                continue
            if not isinstance(v, list) or len(v) != 2:
                self.problem(path, f"expected [low, high], got {v!r}")
                continue
            lo, hi = self.number(path, v[0]), self.number(path, v[1])
            if lo is None or hi is None:
                continue
            if lo > hi:
                self.problem(path, f"expected low <= high, got {v!r}")
                continue
            out[name] = (lo, hi)
        return out

    def profile(self, keypath: str, value: object) -> Profile | None:
        n = len(self.spec.players)
        if not isinstance(value, list) or len(value) != n:
            self.problem(keypath, f"expected a profile of {n} strategy names, got {value!r}")
            return None
        picks = [self.strategy(keypath, i, s) for i, s in enumerate(value)]
        return None if any(p is None for p in picks) else tuple(picks)  # type: ignore[misc]

    def profiles(self, keypath: str, value: object) -> list[Profile]:
        if not isinstance(value, list):
            self.problem(keypath, f"expected a list of profiles, got {value!r}")
            return []
        found = [self.profile(f"{keypath}[{k}]", p) for k, p in enumerate(value)]
        return [p for p in found if p is not None]

    def claim(self, index: int, raw: Mapping[str, Any]) -> Claim | None:
        path = f"claims[{index}]"
        before = len(self.problems)
        for key in raw:
            if key not in CLAIM_KEYS:
                self.problem(f"{path}.{key}", f"unknown key{suggest(key, CLAIM_KEYS)}")
        text = raw.get("text")
        if not isinstance(text, str) or not text.strip():
            self.problem(f"{path}.text", "every claim needs a `text` saying the fact in words")
        cites = raw.get("cites", [])
        if not isinstance(cites, list) or not all(isinstance(c, str) for c in cites):
            self.problem(f"{path}.cites", f"expected a list of tags, got {cites!r}")
            cites = []
        tags = set(self.spec.source.tags)
        for tag in cites:
            if tags and tag not in tags:
                self.problem(
                    f"{path}.cites",
                    f"{tag!r} is not a tag of the source{suggest(tag, sorted(tags))}",
                )
        if not any(k in raw for k in CHECK_KEYS):
            self.problem(path, f"a claim must check something: one of {', '.join(CHECK_KEYS)}")
        at = self.values(f"{path}.at", raw.get("at", {}))
        over = self.ranges(f"{path}.over", raw.get("over", {}))
        for name in set(at) & set(over):
            self.problem(f"{path}.over.{name}", "a parameter is either fixed (`at`) or ranged")
        checks: dict[str, Any] = {}
        if "pure_equilibria" in raw:
            checks["pure_equilibria"] = frozenset(
                self.profiles(f"{path}.pure_equilibria", raw["pure_equilibria"])
            )
        for key in ("pure_equilibria_include", "pure_equilibria_exclude"):
            if key in raw:
                checks[key] = self.profiles(f"{path}.{key}", raw[key])
        if "every_equilibrium" in raw:
            table = self.table(f"{path}.every_equilibrium", raw["every_equilibrium"]) or {}
            fixed_play: dict[int, int] = {}
            for name, s in table.items():
                i = self.player(f"{path}.every_equilibrium", name)
                if i is not None:
                    k = self.strategy(f"{path}.every_equilibrium.{name}", i, s)
                    if k is not None:
                        fixed_play[i] = k
            checks["every_equilibrium"] = fixed_play
        if "best_response" in raw:
            checks["best_response"] = self.best_response(f"{path}.best_response", raw)
        if "dominated" in raw:
            checks["dominated"] = self.dominated(f"{path}.dominated", raw["dominated"])
        if "monotone" in raw:
            checks["monotone"] = self.monotone(f"{path}.monotone", raw["monotone"], over)
        if len(self.problems) > before:
            return None
        return Claim(index, text.strip(), tuple(cites), at, over, checks)  # type: ignore[union-attr]

    def best_response(self, path: str, raw: Mapping[str, Any]) -> tuple | None:
        br = self.table(path, raw["best_response"]) or {}
        for key in br:
            if key not in ("player", "given", "is"):
                self.problem(f"{path}.{key}", "unknown key; expected player, given, is")
        i = self.player(f"{path}.player", br.get("player"))
        if i is None:
            return None
        given = self.table(f"{path}.given", br.get("given", {})) or {}
        others: list[int | None] = [None] * len(self.spec.players)
        for name, s in given.items():
            j = self.player(f"{path}.given", name)
            if j is not None and j != i:
                others[j] = self.strategy(f"{path}.given.{name}", j, s)
        missing = [self.spec.players[j] for j in range(len(others)) if j != i and others[j] is None]
        if missing:
            self.problem(f"{path}.given", f"give a strategy for {', '.join(missing)}")
        best = self.strategy(f"{path}.is", i, br.get("is"))
        return (i, tuple(others), best)

    def dominated(self, path: str, value: object) -> tuple | None:
        d = self.table(path, value) or {}
        for key in d:
            if key not in ("player", "strategy", "strictly"):
                self.problem(f"{path}.{key}", "unknown key; expected player, strategy, strictly")
        i = self.player(f"{path}.player", d.get("player"))
        if i is None:
            return None
        k = self.strategy(f"{path}.strategy", i, d.get("strategy"))
        strictly = d.get("strictly", True)
        if not isinstance(strictly, bool):
            self.problem(f"{path}.strictly", f"expected true or false, got {strictly!r}")
        return (i, k, bool(strictly))

    def monotone(
        self, path: str, value: object, claim_over: Mapping[str, tuple[Fraction, Fraction]]
    ) -> tuple | None:
        m = self.table(path, value) or {}
        allowed = ("quantity", "player", "strategy", "direction", "over")
        for key in m:
            if key not in allowed:
                self.problem(f"{path}.{key}", f"unknown key{suggest(key, allowed)}")
        quantity = m.get("quantity")
        if quantity not in ("equilibrium_payoff", "probability"):
            self.problem(
                f"{path}.quantity",
                f'expected "equilibrium_payoff" or "probability", got {quantity!r}',
            )
        direction = m.get("direction")
        if direction not in ("increasing", "decreasing"):
            self.problem(
                f"{path}.direction", f'expected "increasing" or "decreasing", got {direction!r}'
            )
        i = self.player(f"{path}.player", m.get("player"))
        k = None
        if quantity == "probability" and i is not None:
            k = self.strategy(f"{path}.strategy", i, m.get("strategy"))
        over = self.ranges(f"{path}.over", m["over"]) if "over" in m else dict(claim_over)
        if len(over) != 1:
            self.problem(f"{path}.over", "give exactly one parameter and its [low, high]")
            return None
        ((name, (lo, hi)),) = over.items()
        if not lo < hi:
            self.problem(f"{path}.over.{name}", "monotonicity needs low < high")
        return (quantity, i, k, direction, name, lo, hi)


def parse_claims(spec: GameSpec) -> tuple[list[Claim], list[str]]:
    """The claims of ``spec``, parsed, and the problems found (one line each, with key path)."""
    parser = _Parser(spec)
    claims = []
    for index, raw in enumerate(spec.claims):
        claim = parser.claim(index, raw)
        if claim is not None:
            claims.append(claim)
    return claims, parser.problems


# --- payoffs at a point -------------------------------------------------------------------------


def exact_payoffs(spec: GameSpec, values: Mapping[str, Fraction]) -> np.ndarray | None:
    """Payoffs as Fractions at exact parameter values (others at their defaults), or None when
    some expression has no exact value."""
    spec.resolve({k: float(v) for k, v in values.items()})  # names and ranges
    env: dict[str, Fraction] = {}
    try:
        for name, p in spec.parameters.items():
            env[name] = to_fraction(p.default)
        env.update(values)
        for term in spec.terms:
            env[term.name] = term.expression.evaluate_exact(env)
        out = np.empty(spec.cells.shape, dtype=object)
        for index in np.ndindex(spec.cells.shape):
            out[index] = spec.cells[index].expression.evaluate_exact(env)
    except (ExpressionError, NegotiateError, TypeError, ValueError, ZeroDivisionError):
        return None
    return out


def _float_payoffs(spec: GameSpec, values: Mapping[str, float]) -> np.ndarray:
    return spec.payoff_batch(dict(values))


# --- the point checks ---------------------------------------------------------------------------


def _pure_equilibria(u: np.ndarray, eps: float) -> set[Profile]:
    n = u.shape[0]
    shape = u.shape[1:]
    found = set()
    for profile in np.ndindex(shape):
        ok = True
        for i in range(n):
            line = [u[(i, *profile[:i], s, *profile[i + 1 :])] for s in range(shape[i])]
            if u[(i, *profile)] < max(line) - eps:
                ok = False
                break
        if ok:
            found.add(tuple(int(x) for x in profile))
    return found


def _names(spec: GameSpec, profile: Profile) -> str:
    return "(" + ", ".join(spec.strategies[i][a] for i, a in enumerate(profile)) + ")"


def _set_text(spec: GameSpec, profiles: set[Profile] | frozenset[Profile]) -> str:
    if not profiles:
        return "none"
    return "{" + ", ".join(_names(spec, p) for p in sorted(profiles)) + "}"


def _dominated(u: np.ndarray, i: int, k: int, strictly: bool, eps: float) -> bool:
    own = np.moveaxis(u[i], i, 0).reshape(u.shape[1 + i], -1)  # rows: i's strategies
    for s in range(own.shape[0]):
        if s == k:
            continue
        diff = [own[s, c] - own[k, c] for c in range(own.shape[1])]
        if strictly and all(d > eps for d in diff):
            return True
        if not strictly and all(d >= -eps for d in diff) and any(d > eps for d in diff):
            return True
    if own.shape[0] < 3:
        return False
    from negotiate.solvers.dominance import dominating_strategy

    uf = np.asarray(u, dtype=float)
    keep = [list(range(s)) for s in uf.shape[1:]]
    return dominating_strategy(uf, i, k, keep, weak=not strictly, atol=atol(uf)) is not None


def point_failure(spec: GameSpec, claim: Claim, u: np.ndarray, eps: float) -> str | None:
    """Why ``claim``'s point checks fail for payoffs ``u`` (None if they all hold)."""
    checks = claim.checks
    eqs = _pure_equilibria(u, eps)
    if "pure_equilibria" in checks and eqs != set(checks["pure_equilibria"]):
        return (
            f"the pure equilibria are {_set_text(spec, eqs)}, not "
            f"{_set_text(spec, checks['pure_equilibria'])}"
        )
    for p in checks.get("pure_equilibria_include", ()):
        if p not in eqs:
            return f"{_names(spec, p)} is not a pure equilibrium (they are {_set_text(spec, eqs)})"
    for p in checks.get("pure_equilibria_exclude", ()):
        if p in eqs:
            return f"{_names(spec, p)} is a pure equilibrium"
    if "every_equilibrium" in checks:
        if not eqs:
            return "there is no pure equilibrium"
        for i, k in checks["every_equilibrium"].items():
            bad = sorted(e for e in eqs if e[i] != k)
            if bad:
                return (
                    f"{spec.players[i]} does not play {spec.strategies[i][k]} in "
                    f"{_names(spec, bad[0])}"
                )
    if "best_response" in checks:
        i, given, best = checks["best_response"]
        line = [u[(i, *given[:i], s, *given[i + 1 :])] for s in range(u.shape[1 + i])]
        top = max(line)
        brs = [s for s, x in enumerate(line) if x >= top - eps]
        if brs != [best]:
            names = ", ".join(spec.strategies[i][s] for s in brs)
            return f"{spec.players[i]}'s best responses are {{{names}}}"
    if "dominated" in checks:
        i, k, strictly = checks["dominated"]
        if not _dominated(u, i, k, strictly, eps):
            kind = "strictly" if strictly else "weakly"
            return f"{spec.players[i]}'s {spec.strategies[i][k]} is not {kind} dominated"
    return None


# --- checking -----------------------------------------------------------------------------------


def _text(x: Fraction | float) -> str:
    if isinstance(x, Fraction):
        return format_fraction(x)
    return format_number(float(x), 12)


def check_claim(spec: GameSpec, claim: Claim) -> ClaimResult:
    """Check one parsed claim (see the module docstring for the method used)."""
    point_keys = set(claim.checks) - {"monotone"}
    results = []
    if point_keys:
        results.append(_check_points(spec, claim) if claim.over else _check_at(spec, claim))
    if "monotone" in claim.checks:
        results.append(_check_monotone(spec, claim))
    failed = [r for r in results if not r.holds]
    if failed:
        return failed[0]
    return ClaimResult(claim, True, " + ".join(r.method for r in results))


def check_claims(spec: GameSpec) -> tuple[list[ClaimResult], list[str]]:
    """Every claim of ``spec`` checked, and the problems of claims that could not be parsed."""
    claims, problems = parse_claims(spec)
    return [check_claim(spec, c) for c in claims], problems


def _check_at(spec: GameSpec, claim: Claim) -> ClaimResult:
    u = exact_payoffs(spec, claim.at)
    if u is not None:
        reason = point_failure(spec, claim, u, 0)
        method = "exact"
    else:
        uf = _float_payoffs(spec, {k: float(v) for k, v in claim.at.items()})
        reason = point_failure(spec, claim, uf, atol(uf))
        method = "float"
    where = {k: _text(v) for k, v in claim.at.items()}
    return ClaimResult(claim, reason is None, method, reason or "", where if reason else {})


def _check_points(spec: GameSpec, claim: Claim) -> ClaimResult:
    fixed = {k: float(v) for k, v in claim.at.items()}
    if len(claim.over) == 1:
        ((name, (lo, hi)),) = claim.over.items()
        exact = _exact_range(spec, claim, name, lo, hi, fixed)
        if exact is not None:
            return exact

    def failure(values: Mapping[str, float]) -> str | None:
        u = _float_payoffs(spec, {**fixed, **values})
        return point_failure(spec, claim, u, atol(u))

    names = sorted(claim.over)
    boxes = [(float(claim.over[n][0]), float(claim.over[n][1])) for n in names]
    if len(names) == 1:
        grids = [np.linspace(*boxes[0], 101)]
    elif len(names) <= 3:
        grids = [np.linspace(lo, hi, 11) for lo, hi in boxes]
    else:
        grids = [np.array([lo, hi]) for lo, hi in boxes]
    for combo in itertools.product(*grids):
        values = {n: float(v) for n, v in zip(names, combo, strict=True)}
        reason = failure(values)
        if reason is not None:
            return _fail(claim, "search", reason, values, fixed)
    found = _hypothesis_find(
        {n: box for n, box in zip(names, boxes, strict=True)},
        lambda v: failure(v) is not None,
    )
    if found is not None:
        return _fail(claim, "search", failure(found) or "", found, fixed)
    return ClaimResult(claim, True, "search")


def _fail(
    claim: Claim,
    method: str,
    reason: str,
    values: Mapping[str, float],
    fixed: Mapping[str, float],
) -> ClaimResult:
    where = {k: format_number(v, 12) for k, v in {**fixed, **values}.items()}
    return ClaimResult(claim, False, method, reason, where)


def _exact_range(
    spec: GameSpec,
    claim: Claim,
    name: str,
    lo: Fraction,
    hi: Fraction,
    fixed: Mapping[str, float],
) -> ClaimResult | None:
    """Decide a one-parameter range claim at the exact roots, or None if not applicable."""
    from negotiate.sweep import affine_coefficients, pure_comparison_roots

    if lo == hi:
        points = [lo]
        a = b = None
        u = exact_payoffs(spec, {**claim.at, name: lo})
        if u is None:
            return None
    else:
        try:
            coefficients = affine_coefficients(spec, name, fixed, float(lo), float(hi))
        except NegotiateError:
            return None
        if coefficients is None or coefficients[0].dtype != object:
            return None
        a, b = coefficients
        if exact_payoffs(spec, {**claim.at, name: lo}) is None:
            return None
        roots = [r for r in pure_comparison_roots(a, b) if lo < r < hi]
        cuts = [lo, *roots, hi]
        points = [lo]
        for left, right in itertools.pairwise(cuts):
            points += [(left + right) / 2, right]
    for t in points:
        u = exact_payoffs(spec, {**claim.at, name: t}) if a is None else a + b * t
        reason = point_failure(spec, claim, u, 0)
        if reason is not None:
            where = {k: _text(v) for k, v in claim.at.items()}
            where[name] = _text(t)
            return ClaimResult(claim, False, "exact thresholds", reason, where)
    return ClaimResult(claim, True, "exact thresholds")


def _hypothesis_find(
    boxes: Mapping[str, tuple[float, float]], bad: Callable[[dict[str, float]], bool]
) -> dict[str, float] | None:
    """A value in the box where ``bad`` holds, by Hypothesis's derandomised search, or None
    (also when Hypothesis is not installed)."""
    try:
        from hypothesis import HealthCheck, find, settings
        from hypothesis import strategies as st
        from hypothesis.errors import NoSuchExample
    except ImportError:  # pragma: no cover - hypothesis ships with the test extra
        return None
    strategy = st.fixed_dictionaries(
        {
            n: st.floats(lo, hi, allow_nan=False, allow_infinity=False)
            for n, (lo, hi) in sorted(boxes.items())
        }
    )
    config = settings(
        max_examples=SEARCH_EXAMPLES,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    try:
        return dict(find(strategy, bad, settings=config))
    except NoSuchExample:
        return None


# --- monotonicity -------------------------------------------------------------------------------


def _check_monotone(spec: GameSpec, claim: Claim) -> ClaimResult:
    from negotiate.equilibria import solve
    from negotiate.sweep import batched_classifier, solving_classifier, sweep

    quantity, i, k, direction, name, lo, hi = claim.checks["monotone"]
    fixed = {key: float(v) for key, v in claim.at.items() if key != name}
    method = "sweep and search"
    lo_f, hi_f = float(lo), float(hi)
    result = sweep(
        spec,
        name,
        solving_classifier(spec, name, fixed),
        lo_f,
        hi_f,
        fixed,
        grid=101,
        classify_many=batched_classifier(spec, name, fixed),
    )
    what = (
        f"{spec.players[i]}'s equilibrium payoff"
        if quantity == "equilibrium_payoff"
        else f"the probability that {spec.players[i]} plays {spec.strategies[i][k]}"
    )
    for regime in result.regimes:
        count = len(regime.result.equilibria)
        if count != 1 or not regime.result.complete:
            where = {name: regime.low.text() + " to " + regime.high.text()}
            reason = (
                f"{what} is not defined: {count} equilibria"
                + ("" if regime.result.complete else " found by an incomplete method")
                + f" for {name} in ({regime.low.text()}, {regime.high.text()})"
            )
            return ClaimResult(claim, False, method, reason, where)
    span = hi_f - lo_f
    skip = 1e-6 * span

    def value(t: float) -> float:
        game = spec.instantiate({**fixed, name: t})
        res = solve(game)
        if len(res.equilibria) != 1:
            raise _Undefined(t, len(res.equilibria))
        eq = res.equilibria[0]
        if quantity == "equilibrium_payoff":
            return float(eq.payoffs(game)[i])
        return float(eq.profile[i][k])

    sign = 1.0 if direction == "increasing" else -1.0
    eps = TOL * max(1.0, float(np.ptp(spec.payoff_batch({**fixed, name: lo_f}))))
    samples: list[float] = []
    for regime in result.regimes:
        a, b = regime.low.value, regime.high.value
        inset = min(skip, (b - a) / 4)
        samples += [float(x) for x in np.linspace(a + inset, b - inset, MONOTONE_SAMPLES)]
    thresholds = [th.at.value for th in result.thresholds]

    def usable(t: float) -> bool:
        return all(abs(t - c) > skip / 2 for c in thresholds)

    try:
        vals = [value(t) for t in samples]
        for (t1, v1), (t2, v2) in itertools.pairwise(zip(samples, vals, strict=True)):
            if sign * (v2 - v1) < -eps:
                return _monotone_fail(claim, method, what, direction, name, t1, v1, t2, v2)

        def bad(pair: dict[str, float]) -> bool:
            t1, t2 = sorted((pair["a"], pair["b"]))
            if t2 - t1 <= skip or not (usable(t1) and usable(t2)):
                return False
            return sign * (value(t2) - value(t1)) < -eps

        found = _hypothesis_find({"a": (lo_f, hi_f), "b": (lo_f, hi_f)}, bad)
    except _Undefined as err:
        reason = f"{what} is not defined: {err.count} equilibria"
        return ClaimResult(claim, False, method, reason, {name: format_number(err.t, 12)})
    if found is not None:
        t1, t2 = sorted((found["a"], found["b"]))
        return _monotone_fail(claim, method, what, direction, name, t1, value(t1), t2, value(t2))
    return ClaimResult(claim, True, method)


class _Undefined(Exception):
    def __init__(self, t: float, count: int) -> None:
        super().__init__(t, count)
        self.t = t
        self.count = count


def _monotone_fail(
    claim: Claim,
    method: str,
    what: str,
    direction: str,
    name: str,
    t1: float,
    v1: float,
    t2: float,
    v2: float,
) -> ClaimResult:
    reason = (
        f"{what} is not {direction}: {format_number(v1)} at {name} = {format_number(t1, 12)} "
        f"but {format_number(v2)} at {format_number(t2, 12)}"
    )
    where = {name: f"{format_number(t1, 12)} and {format_number(t2, 12)}"}
    return ClaimResult(claim, False, method, reason, where)


def claims_report(results: Sequence[ClaimResult]) -> list[dict[str, Any]]:
    """JSON-ready list of claim results."""
    return [
        {
            "claim": r.claim.keypath,
            "text": r.claim.text,
            "holds": r.holds,
            "method": r.method,
            "reason": r.reason,
            "counterexample": dict(r.counterexample),
        }
        for r in results
    ]
