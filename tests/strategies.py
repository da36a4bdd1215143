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
def generic_bimatrix_games(draw: st.DrawFn, max_strategies: int = 4) -> NormalFormGame:
    """Two-player games whose payoffs are distinct within each player (almost surely
    nondegenerate): drawn as permutations of distinct integers."""
    m = draw(st.integers(1, max_strategies))
    n = draw(st.integers(1, max_strategies))
    a = draw(st.permutations(list(range(m * n))))
    b = draw(st.permutations(list(range(m * n))))
    return NormalFormGame.from_arrays(np.array(a).reshape(m, n), np.array(b).reshape(m, n))


# --- payoff files and expressions ---

PARAMETER_NAMES = ("a", "b")


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
        ops = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide}
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
