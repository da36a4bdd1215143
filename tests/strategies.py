"""Hypothesis strategies shared by the whole suite (the only place they live).

Every builder is valid by construction: small integer payoffs, so exact and float results can
be compared with ``==``, and shapes within the limits the solvers are meant for.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from negotiate.model import NormalFormGame

small_ints = st.integers(min_value=-9, max_value=9)


@st.composite
def payoff_arrays(
    draw: st.DrawFn,
    n_players: int | st.SearchStrategy[int] = 2,
    max_strategies: int = 4,
    min_strategies: int = 1,
    elements: st.SearchStrategy[int] = small_ints,
) -> np.ndarray:
    """A stacked integer payoff array of shape ``(n, s_0, ..., s_{n-1})``."""
    n = draw(n_players) if isinstance(n_players, st.SearchStrategy) else n_players
    shape = tuple(draw(st.integers(min_strategies, max_strategies)) for _ in range(n))
    return draw(hnp.arrays(np.int64, (n, *shape), elements=elements))


@st.composite
def games(
    draw: st.DrawFn,
    n_players: int | st.SearchStrategy[int] = 2,
    max_strategies: int = 4,
    min_strategies: int = 1,
) -> NormalFormGame:
    """A :class:`NormalFormGame` with small integer (hence exact) payoffs."""
    u = draw(payoff_arrays(n_players, max_strategies, min_strategies))
    return NormalFormGame.from_arrays(*u)


def bimatrix_games(max_strategies: int = 4, min_strategies: int = 1):
    """Two-player games with small integer payoffs."""
    return games(2, max_strategies, min_strategies)


def nplayer_games(max_players: int = 4, max_strategies: int = 3):
    """Games of one to ``max_players`` players."""
    return games(st.integers(1, max_players), max_strategies)


@st.composite
def generic_bimatrix_games(
    draw: st.DrawFn, max_strategies: int = 4, min_strategies: int = 1
) -> NormalFormGame:
    """Two-player games whose payoffs are distinct within each player (almost surely
    nondegenerate): drawn as permutations of distinct integers."""
    m = draw(st.integers(min_strategies, max_strategies))
    n = draw(st.integers(min_strategies, max_strategies))
    a = draw(st.permutations(list(range(m * n))))
    b = draw(st.permutations(list(range(m * n))))
    return NormalFormGame.from_arrays(np.array(a).reshape(m, n), np.array(b).reshape(m, n))


# --- payoff files and expressions ---

PARAMETER_NAMES = ("a", "b")


def _checked_divide(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Division that refuses a zero divisor, as the payoff language does."""
    if np.any(np.asarray(y) == 0):
        raise ZeroDivisionError("division by zero")
    return np.true_divide(x, y)


@st.composite
def expressions(draw: st.DrawFn, depth: int = 3) -> tuple[str, object]:
    """``(text, f)``: an expression in the payoff language over ``a`` and ``b``, and the same
    arithmetic as a Python function of a dict of numpy values."""
    if depth == 0 or draw(st.booleans()):
        if draw(st.booleans()):
            k = draw(st.integers(-20, 20))
            return (f"({k})", lambda env, k=k: np.float64(k))
        name = draw(st.sampled_from(PARAMETER_NAMES))
        return (name, lambda env, name=name: env[name])
    kind = draw(
        st.sampled_from(["+", "-", "*", "/", "**", "neg", "min", "max", "clip", "abs", "if"])
    )
    x_text, x = draw(expressions(depth=depth - 1))
    y_text, y = draw(expressions(depth=depth - 1))
    if kind in {"+", "-", "*", "/"}:
        ops = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": _checked_divide}
        op = ops[kind]
        return (f"({x_text} {kind} {y_text})", lambda env: op(x(env), y(env)))
    if kind == "**":
        k = draw(st.integers(0, 3))
        return (f"({x_text}) ** {k}", lambda env: np.power(x(env), k))
    if kind == "neg":
        return (f"-({x_text})", lambda env: np.negative(x(env)))
    if kind == "min":
        return (f"min({x_text}, {y_text})", lambda env: np.minimum(x(env), y(env)))
    if kind == "max":
        return (f"max({x_text}, {y_text})", lambda env: np.maximum(x(env), y(env)))
    if kind == "clip":
        return (
            f"clip({x_text}, -3, 4)",
            lambda env: np.minimum(np.maximum(x(env), -3), 4),
        )
    if kind == "abs":
        return (f"abs({x_text})", lambda env: np.abs(x(env)))
    return (
        f"({x_text} if {x_text} < {y_text} else {y_text})",
        lambda env: np.where(x(env) < y(env), x(env), y(env)),
    )


names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    min_size=1,
    max_size=8,
).filter(lambda s: s.strip() == s and s)


@st.composite
def named_games(draw: st.DrawFn, max_players: int = 3, max_strategies: int = 3) -> NormalFormGame:
    """Games with arbitrary (unicode, quoted, spaced) player and strategy names and exact
    payoffs (integers and simple fractions)."""
    n = draw(st.integers(1, max_players))
    players = draw(st.lists(names, min_size=n, max_size=n, unique=True))
    strategies = [
        draw(st.lists(names, min_size=1, max_size=max_strategies, unique=True)) for _ in range(n)
    ]
    shape = (n, *(len(s) for s in strategies))
    entries = st.one_of(
        small_ints.map(str),
        st.tuples(small_ints, st.integers(1, 7)).map(lambda t: f"{t[0]}/{t[1]}"),
    )
    flat = draw(st.lists(entries, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
    u = np.array(flat, dtype=object).reshape(shape)
    title = draw(st.text(max_size=20))
    return NormalFormGame.from_arrays(*u, players=players, strategies=strategies, title=title)


# --- sweeps ---


@st.composite
def affine_game_texts(
    draw: st.DrawFn, n_players: int = 2, max_strategies: int = 3
) -> tuple[str, np.ndarray, np.ndarray]:
    """``(toml, a, b)``: a payoff file whose payoffs are ``a + b * t`` for a parameter ``t`` in
    [0, 1], with small integer coefficients."""
    shape = tuple(draw(st.integers(1, max_strategies)) for _ in range(n_players))
    full = (n_players, *shape)
    a = draw(hnp.arrays(np.int64, full, elements=st.integers(-4, 4)))
    b = draw(hnp.arrays(np.int64, full, elements=st.integers(-4, 4)))
    players = [f"P{i}" for i in range(n_players)]
    lines = [f"players = {players!r}".replace("'", '"'), "[strategies]"]
    for i, k in enumerate(shape):
        lines.append(f"P{i} = [{', '.join(f'{chr(34)}s{j}{chr(34)}' for j in range(k))}]")
    lines += ["[parameters.t]", "default = 0", "range = [0, 1]", "[payoffs]"]

    def nested(ai: np.ndarray, bi: np.ndarray) -> str:
        if ai.ndim == 0:
            return f'"{int(ai)} + {int(bi)} * t"'
        return "[" + ", ".join(nested(ai[k], bi[k]) for k in range(ai.shape[0])) + "]"

    for i in range(n_players):
        lines.append(f"P{i} = {nested(a[i], b[i])}")
    return "\n".join(lines) + "\n", a, b


# --- two-player engine ---


def nondegenerate_bimatrix_games(max_strategies: int = 4) -> st.SearchStrategy[NormalFormGame]:
    """Bimatrix games that are nondegenerate: every vertex of both best-response polytopes
    has exactly as many labels as the polytope's dimension (checked exactly, in rationals,
    von Stengel 2002 Definition 3.2 and Theorem 3.4)."""
    from negotiate.solvers.rational import integer_payoffs, polytope_vertices_exact

    def nondegenerate(g: NormalFormGame) -> bool:
        a, b = (u.tolist() for u in g.u_exact)
        m, n = g.shape
        bt = [list(col) for col in zip(*integer_payoffs(b), strict=True)]
        for mat, dim in ((bt, m), (integer_payoffs(a), n)):
            for _, labels in polytope_vertices_exact(mat):
                if labels.bit_count() != dim:
                    return False
        return True

    return generic_bimatrix_games(max_strategies).filter(nondegenerate)


@st.composite
def games_with_dominant_strategy(draw: st.DrawFn, max_strategies: int = 4) -> NormalFormGame:
    """A bimatrix game whose row player's strategy 0 strictly dominates every other one
    (its payoff exceeds the column maximum of the other rows by 1 to 5)."""
    m = draw(st.integers(2, max_strategies))
    n = draw(st.integers(1, max_strategies))
    a = draw(hnp.arrays(np.int64, (m, n), elements=small_ints))
    b = draw(hnp.arrays(np.int64, (m, n), elements=small_ints))
    gap = draw(hnp.arrays(np.int64, (n,), elements=st.integers(1, 5)))
    a[0] = a[1:].max(axis=0) + gap
    return NormalFormGame.from_arrays(a, b)


positive_affine_maps = st.tuples(st.integers(1, 9), st.integers(-9, 9))
# --- n-player tools ---


@st.composite
def zero_sum_games(
    draw: st.DrawFn, max_strategies: int = 4, constant: st.SearchStrategy[int] | None = None
) -> NormalFormGame:
    """Two-player games with ``u_0 + u_1 = c`` everywhere (``c = 0`` unless ``constant``)."""
    shape = (draw(st.integers(1, max_strategies)), draw(st.integers(1, max_strategies)))
    a = draw(hnp.arrays(np.int64, shape, elements=small_ints))
    c = 0 if constant is None else draw(constant)
    return NormalFormGame.from_arrays(a, c - a)


@st.composite
def games_with_a_mixed_dominated_strategy(draw: st.DrawFn, n_players: int = 2) -> NormalFormGame:
    """Games where player 0's third strategy is strictly below the even mix of its first two
    against every opponent profile (so strictly dominated, by a pure or a mixed strategy)."""
    shape = (3, *(draw(st.integers(1, 3)) for _ in range(n_players - 1)))
    u = draw(hnp.arrays(np.int64, (n_players, *shape), elements=small_ints))
    gap = draw(st.integers(1, 3))
    u[0, 2] = (u[0, 0] + u[0, 1]) // 2 - gap  # floor of the mix minus a gap: below the mix
    return NormalFormGame.from_arrays(*u)


def three_player_games(max_strategies: int = 2):
    """Three-player games with small integer payoffs."""
    return games(3, max_strategies, min_strategies=1)


@st.composite
def generic_zero_sum_games(draw: st.DrawFn, max_strategies: int = 3) -> NormalFormGame:
    """Zero-sum games of at least 2x2 whose row payoffs are distinct (nondegenerate)."""
    m = draw(st.integers(2, max_strategies))
    n = draw(st.integers(2, max_strategies))
    a = np.array(draw(st.permutations(list(range(m * n))))).reshape(m, n) - (m * n) // 2
    return NormalFormGame.from_arrays(a, -a)


#: Labels as a file may hold them: empty, quotes, backslashes, newlines, non-ASCII.
labels = st.text(
    alphabet=st.sampled_from(list('ab Z"\\\n\t{},é€1/.')) | st.characters(), max_size=8
)
#: Labels recent Gambit accepts (printable ASCII without leading, trailing or double spaces)
#: and reads as we do (Gambit doubles runs of backslashes, so none here).
gambit_labels = st.text(alphabet='abcXYZ019"/{},.-', min_size=1, max_size=6)
exact_payoffs = st.fractions(min_value=-20, max_value=20, max_denominator=12)


@st.composite
def named_exact_games(
    draw: st.DrawFn,
    max_players: int = 3,
    max_strategies: int = 3,
    labels: st.SearchStrategy[str] = labels,
) -> NormalFormGame:
    """Games with arbitrary (distinct) names, a title, a comment and rational payoffs."""
    n = draw(st.integers(1, max_players))
    players = draw(st.lists(labels, min_size=n, max_size=n, unique=True))
    strategies = [
        draw(st.lists(labels, min_size=1, max_size=max_strategies, unique=True)) for _ in range(n)
    ]
    shape = (n, *(len(s) for s in strategies))
    u = draw(hnp.arrays(object, shape, elements=exact_payoffs))
    return NormalFormGame(
        players=tuple(players),
        strategies=tuple(tuple(s) for s in strategies),
        u=u.astype(float),
        u_exact=u,
        title=draw(labels),
        description=draw(labels),
    )


# --- bargaining ---

from negotiate.bargaining.problem import BargainingProblem  # noqa: E402

payoff_digits = st.integers(min_value=0, max_value=9)


@st.composite
def outcome_points(draw: st.DrawFn, n_players: int = 2, max_outcomes: int = 6) -> np.ndarray:
    """``k`` outcome payoff vectors with small non-negative integer payoffs."""
    k = draw(st.integers(1, max_outcomes))
    return draw(hnp.arrays(np.int64, (k, n_players), elements=payoff_digits)).astype(float)


@st.composite
def outcome_problems(
    draw: st.DrawFn, n_players: int = 2, max_outcomes: int = 6
) -> BargainingProblem:
    """Lottery problems whose disagreement point lies weakly below every outcome's minimum
    (so it is feasible by construction); the bargaining set may be empty."""
    pts = draw(outcome_points(n_players, max_outcomes))
    below = np.array([draw(st.integers(0, 3)) for _ in range(n_players)], dtype=float)
    d = pts.min(axis=0) - below
    return BargainingProblem.from_outcomes([f"P{i + 1}" for i in range(n_players)], pts, d)


@st.composite
def symmetric_outcome_problems(draw: st.DrawFn, max_outcomes: int = 4) -> BargainingProblem:
    """Two-player lottery problems closed under swapping the players, with ``d = (c, c)``."""
    pts = draw(outcome_points(2, max_outcomes))
    both = np.vstack([pts, pts[:, ::-1]])
    c = float(both.min()) - draw(st.integers(0, 3))
    return BargainingProblem.from_outcomes(["P1", "P2"], both, [c, c])


@st.composite
def concave_chains(draw: st.DrawFn, max_edges: int = 4) -> np.ndarray:
    """Points of a strictly concave decreasing chain: integer edge vectors ``(a, -b)`` sorted
    from flattest to steepest, with distinct slopes."""
    m = draw(st.integers(1, max_edges))
    vecs = draw(
        st.lists(
            st.tuples(st.integers(1, 5), st.integers(1, 5)),
            min_size=m,
            max_size=m,
            unique_by=lambda v: v[1] / v[0],
        )
    )
    vecs.sort(key=lambda v: v[1] / v[0])
    y0 = sum(b for _, b in vecs)
    pts = [(0.0, float(y0))]
    for a, b in vecs:
        pts.append((pts[-1][0] + a, pts[-1][1] - b))
    return np.array(pts)


@st.composite
def frontier_problems(draw: st.DrawFn, max_edges: int = 4) -> BargainingProblem:
    """Two-player problems with a piecewise-linear frontier and ``d`` in the lower-left part."""
    pts = draw(concave_chains(max_edges))
    x = draw(st.integers(0, int(pts[-1, 0]) - 1))
    top = float(np.interp(x, pts[:, 0], pts[:, 1]))
    y = draw(st.integers(0, int(np.floor(top))))
    d = (float(x), float(y))
    return BargainingProblem.from_frontier_points(["P1", "P2"], pts, d)


positive_scales = st.integers(min_value=1, max_value=9)
shifts = st.integers(min_value=-9, max_value=9)

discount_factors_open = st.floats(min_value=0.05, max_value=0.99)
probabilities = st.floats(min_value=0.0, max_value=1.0)
positive_costs = st.floats(min_value=1e-6, max_value=2.0)


@st.composite
def issue_problems(draw: st.DrawFn, n_players: int = 2, max_issues: int = 3) -> BargainingProblem:
    """Divisible-issue problems with small integer valuations and reservation values below
    what each player gets from its best issue (so ``d`` is feasible by construction)."""
    m = draw(st.integers(1, max_issues))
    w = draw(hnp.arrays(np.int64, (n_players, m), elements=st.integers(0, 5))).astype(float)
    d = [float(draw(st.integers(-2, 0))) for _ in range(n_players)]
    names = [f"P{i + 1}" for i in range(n_players)]
    return BargainingProblem.from_issues(names, [f"i{j}" for j in range(m)], w, d)


# --- statics ---


@st.composite
def strict_ordinal_2x2(draw: st.DrawFn) -> np.ndarray:
    """A 2x2 payoff array ``(2, 2, 2)`` whose players each rank the four outcomes strictly:
    two permutations of 1..4."""
    a = draw(st.permutations([1, 2, 3, 4]))
    b = draw(st.permutations([1, 2, 3, 4]))
    return np.array([np.reshape(a, (2, 2)), np.reshape(b, (2, 2))], dtype=float)


@st.composite
def monotone_maps(draw: st.DrawFn):
    """A strictly increasing map of the reals, ``x -> a x^3 + b x + c`` with ``a >= 0 < b``."""
    a = draw(st.integers(0, 3))
    b = draw(st.integers(1, 5))
    c = draw(st.integers(-9, 9))
    return lambda x: a * np.asarray(x, dtype=float) ** 3 + b * np.asarray(x, dtype=float) + c


@st.composite
def prisoners_dilemmas(draw: st.DrawFn) -> tuple[int, int, int, int]:
    """``(T, R, P, S)`` with ``T > R > P > S`` (small integers), drawn directly so."""
    s = draw(st.integers(-5, 5))
    p = s + draw(st.integers(1, 4))
    r = p + draw(st.integers(1, 4))
    t = r + draw(st.integers(1, 4))
    return t, r, p, s


def pd_game(t: int, r: int, p: int, s: int) -> NormalFormGame:
    """The symmetric Prisoner's Dilemma with strategies (Cooperate, Defect)."""
    a = np.array([[r, s], [t, p]])
    return NormalFormGame.from_arrays(
        a, a.T, strategies=[("Cooperate", "Defect"), ("Cooperate", "Defect")]
    )


@st.composite
def games_with_pure_equilibrium(draw: st.DrawFn, max_players: int = 3, max_strategies: int = 3):
    """``(game, equilibrium profile, another profile)``: a small integer game with at least one
    pure Nash equilibrium (made so by raising the drawn profile's payoffs to each player's
    maximum along its own axis), and a second profile to play the role of cooperation."""
    n = draw(st.integers(2, max_players))
    u = draw(payoff_arrays(n, max_strategies, min_strategies=2)).astype(np.int64)
    shape = u.shape[1:]
    eq = tuple(draw(st.integers(0, k - 1)) for k in shape)
    for i in range(n):
        index = list(eq)
        index[i] = slice(None)
        u[(i, *eq)] = u[(i, *index)].max()
    other = tuple(draw(st.integers(0, k - 1)) for k in shape)
    return NormalFormGame.from_arrays(*u), eq, other


@st.composite
def tied_small_games(draw: st.DrawFn, max_strategies: int = 3) -> np.ndarray:
    """Two-player payoff arrays with few distinct values (0..2), so ties are common."""
    shape = (2, draw(st.integers(1, max_strategies)), draw(st.integers(1, max_strategies)))
    return draw(hnp.arrays(np.int64, shape, elements=st.integers(0, 2))).astype(float)


# --- payoff-file [bargaining] tables -------------------------------------------------------

_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        ["", "x", "1 +", "1/0", "rapprochement", "-1", "security", "Russia", "2**9999"]
    ),
    st.lists(st.integers(-2, 2), max_size=3),
    st.dictionaries(
        st.sampled_from(["value", "why", "Russia", "zzz"]), st.integers(-1, 2), max_size=2
    ),
)


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for k, v in enumerate(node):
            out += _paths(v, (*prefix, k))
    return out


@st.composite
def mutated_tables(draw: st.DrawFn, table: dict) -> dict:
    """A deep copy of ``table`` with one to three random edits: a value replaced by junk, a key
    deleted, or an unknown key added (used on valid ``[bargaining]`` tables)."""
    import copy

    data = copy.deepcopy(table)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for k in path[:-1]:
            parent = parent[k]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(_JUNK)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "wieghts", "value"]))] = draw(_JUNK)
    return data


@st.composite
def integer_bimatrices(
    draw: st.DrawFn,
    max_strategies: int = 6,
    min_strategies: int = 1,
    highs: tuple[int, ...] = (1, 2, 50),
) -> tuple[np.ndarray, np.ndarray]:
    """A pair ``(A, B)`` of integer payoff matrices of one shape, up to ``max_strategies``
    strategies each. The payoff range is drawn too, from ``highs``: ``0..1`` or ``0..2``
    gives heavily degenerate games (ties everywhere), ``-50..50`` mostly nondegenerate ones,
    so both the fast paths of the engine and their fallbacks are exercised."""
    m = draw(st.integers(min_strategies, max_strategies))
    n = draw(st.integers(min_strategies, max_strategies))
    hi = draw(st.sampled_from(highs))
    lo = 0 if hi < 50 else -50
    elems = st.integers(lo, hi)
    a = draw(hnp.arrays(np.int64, (m, n), elements=elems))
    b = draw(hnp.arrays(np.int64, (m, n), elements=elems))
    return a, b
