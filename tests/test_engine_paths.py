"""The engine's fast paths (Qhull with a completeness certificate, solving for partners)
return exactly the equilibria of the plain reference enumeration (both polytopes by
pivoting, then label matching), degenerate games included."""

from __future__ import annotations

import contextlib
from fractions import Fraction as F
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from strategies import integer_bimatrices

from negotiate.solvers import background, partner_filter, rational, vertex
from negotiate.solvers.components import connected_components, maximal_bicliques
from negotiate.solvers.rational import (
    _certified_exact_vertices,
    _exact_vertex,
    _float_bounds,
    _solve_partner,
    _vertex_search,
    bimatrix_vertex_pairs_exact,
    bimatrix_vertex_pairs_exact_reference,
    integer_payoffs,
)
from negotiate.solvers.vertex import (
    bimatrix_vertex_pairs,
    bimatrix_vertex_pairs_reference,
    match_labels,
    normalise_payoffs,
    polytope_vertices,
    simple_polytope_vertices,
)


def eq_array(vp) -> np.ndarray:
    """The equilibria as rows ``(x, y)``, in ``pairs`` order."""
    rows = [
        np.concatenate([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
        for x, y in vp.equilibria()
    ]
    return np.array(rows).reshape(len(rows), -1)


def match(found: np.ndarray, expected: np.ndarray, atol: float = 1e-7) -> list[int]:
    """For each row of ``found`` the row of ``expected`` equal to it up to ``atol``; a
    bijection (no rounding to keys, which would flake on values next to a rounding edge)."""
    assert found.shape == expected.shape
    if not len(found):
        return []
    dist = np.abs(found[:, None, :] - expected[None, :, :]).max(axis=2)
    nearest = dist.argmin(axis=1)
    assert np.all(dist[np.arange(len(found)), nearest] <= atol)
    assert len(set(nearest.tolist())) == len(found)
    return nearest.tolist()


def index_groups(vp, mapping=None) -> set[frozenset]:
    """Components and maximal Nash subsets as sets of equilibrium indices (through
    ``mapping`` if given), so results with different vertex numbering compare."""
    pairs = [tuple(p) for p in vp.pairs]
    mapping = mapping if mapping is not None else list(range(len(pairs)))
    return {
        frozenset(mapping[k] for k in group)
        for group in connected_components(pairs) + maximal_bicliques(pairs)
    }


def returns_of(monkeypatch, owner, name: str) -> list:
    """Record what ``owner.name`` returns from now on (it still runs as before)."""
    calls = []
    real = getattr(owner, name)

    def spy(*args, **kwargs):
        calls.append(real(*args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(owner, name, spy)
    return calls


def assert_same_float_result(fast, ref) -> None:
    assert len(fast.pairs) == len(ref.pairs)
    mapping = match(eq_array(fast), eq_array(ref))
    assert index_groups(fast, mapping) == index_groups(ref)


def exact_fast_paths(on: bool = True) -> contextlib.ExitStack:
    """The exact engine's proof-and-partners paths on games of every size (``on``): small
    games are otherwise solved by searching both polytopes, the reference's own method,
    which would make a comparison with the reference say little about those paths."""
    stack = contextlib.ExitStack()
    if on:
        stack.enter_context(mock.patch.object(rational, "_SEARCH_BOTH_MAX", 0))
        stack.enter_context(mock.patch.object(rational, "_UNPROVED_SEARCH_BOTH_MAX", 0))
    return stack


def assert_same_exact_result(fast, ref) -> None:
    assert len(fast.pairs) == len(ref.pairs)
    assert sorted(fast.equilibria()) == sorted(ref.equilibria())
    position = {e: k for k, e in enumerate(ref.equilibria())}
    mapping = [position[e] for e in fast.equilibria()]
    assert index_groups(fast, mapping) == index_groups(ref)


@settings(max_examples=150)
@given(g=integer_bimatrices(max_strategies=6))
def test_fast_enumeration_equals_reference_enumeration(g):
    a, b = g
    assert_same_float_result(bimatrix_vertex_pairs(a, b), bimatrix_vertex_pairs_reference(a, b))


@settings(max_examples=40)
@given(g=integer_bimatrices(max_strategies=6))
def test_fast_enumeration_equals_exact_enumeration(g):
    a, b = g
    fast = eq_array(bimatrix_vertex_pairs(a, b))
    exact = eq_array(bimatrix_vertex_pairs_exact(a.tolist(), b.tolist()))
    match(fast, exact, atol=1e-9)


@settings(max_examples=60)
@given(g=integer_bimatrices(max_strategies=7, min_strategies=2))
def test_certified_qhull_vertices_are_the_pivoting_vertices(g):
    a, _ = g
    mat = normalise_payoffs(a)
    found = simple_polytope_vertices(mat)
    points, tight = polytope_vertices(mat)
    if found is None:
        return
    q_points, q_tight = found
    mapping = match(q_points, points, atol=1e-9)
    assert np.array_equal(q_tight, tight[mapping])


def test_qhull_certificate_rejects_a_degenerate_polytope():
    # Three constraints through one vertex of a 2-d polytope: not simple.
    mat = np.array([[1.0, 1.0], [2.0, 0.0], [0.0, 2.0]])
    assert simple_polytope_vertices(mat) is None
    assert simple_polytope_vertices(np.array([[1.0, 2.0], [2.0, 1.0]])) is not None


def test_fast_path_is_used_on_a_generic_game():
    rng = np.random.default_rng(7)
    a, b = rng.random((8, 8)), rng.random((8, 8))
    assert simple_polytope_vertices(normalise_payoffs(b).T) is not None
    assert_same_float_result(bimatrix_vertex_pairs(a, b), bimatrix_vertex_pairs_reference(a, b))


@pytest.mark.parametrize("strong_ratio", [0.0, float("inf")])
@pytest.mark.parametrize("early", [False, True])
@settings(max_examples=40)
@given(g=integer_bimatrices(max_strategies=7, min_strategies=4))
def test_partner_filter_in_every_mode_keeps_the_reference_equilibria(g, strong_ratio, early):
    a, b = g
    # strong_ratio 0: the strong table always, inf: single rows only (when built in turn);
    # early: the strong table built on the worker thread while Qhull runs, from 4 rows.
    with (
        mock.patch.object(partner_filter, "STRONG_RATIO", strong_ratio),
        mock.patch.object(partner_filter, "BACKGROUND_MIN_ROWS", 4 if early else 99),
        mock.patch.object(background, "ENABLED", True),
        mock.patch.object(background, "_cores", lambda: 2),
    ):
        fast = bimatrix_vertex_pairs(a, b)
    assert_same_float_result(fast, bimatrix_vertex_pairs_reference(a, b))


@settings(max_examples=40)
@given(g=integer_bimatrices(max_strategies=7, min_strategies=4))
def test_exact_partner_filter_with_the_strong_table_keeps_the_reference_equilibria(g):
    a, b = (u.tolist() for u in g)
    # The strong table always.
    with mock.patch.object(partner_filter, "STRONG_RATIO", 0.0), exact_fast_paths():
        fast = bimatrix_vertex_pairs_exact(a, b)
    assert_same_exact_result(fast, bimatrix_vertex_pairs_exact_reference(a, b))


@pytest.mark.parametrize("early", [False, True])
def test_results_do_not_depend_on_the_partner_filter(monkeypatch, early):
    rng = np.random.default_rng(11)
    monkeypatch.setattr(background, "ENABLED", early)
    monkeypatch.setattr(background, "_cores", lambda: 2)
    for _ in range(5):
        a, b = rng.random((9, 9)), rng.random((9, 9))
        with_filter = bimatrix_vertex_pairs(a, b)
        with monkeypatch.context() as patch:
            patch.setattr(partner_filter, "table", lambda *args, **kw: None)
            without = bimatrix_vertex_pairs(a, b)
        assert_same_float_result(with_filter, without)


@pytest.mark.parametrize("q_first", [False, True])
@settings(max_examples=40)
@given(g=integer_bimatrices(max_strategies=7, min_strategies=4))
def test_either_polytope_enumerated_first_gives_the_same_equilibria(g, q_first):
    a, b = g
    with mock.patch.object(vertex, "_q_first", lambda *args: q_first):  # only about speed
        fast = bimatrix_vertex_pairs(a, b)
    assert_same_float_result(fast, bimatrix_vertex_pairs_reference(a, b))


def test_degenerate_integer_game_is_searched_exactly_and_agrees(monkeypatch):
    # Payoffs 0..2: no polytope is certified, so both are searched; with integer payoffs
    # by the exact int64 search (also when they come as floats), else by float pivoting.
    rng = np.random.default_rng(5)
    a, b = rng.integers(0, 3, (8, 8)).astype(float), rng.integers(0, 3, (8, 8)).astype(float)
    calls = returns_of(monkeypatch, vertex, "_searched_integer_pairs")
    fast = bimatrix_vertex_pairs(a, b)
    assert len(calls) == 1 and calls[0] is not None
    ref = bimatrix_vertex_pairs_reference(a, b)
    assert len(ref.pairs) > 20
    assert_same_float_result(fast, ref)
    # Halves are decimals (read as the fractions they print as): searched exactly too; a
    # third is not: the same game scaled by it goes the float way.
    assert_same_float_result(bimatrix_vertex_pairs(a / 2 - 0.5, b / 2 + 1.25), ref)
    assert len(calls) == 2 and calls[1] is not None
    assert_same_float_result(bimatrix_vertex_pairs(a / 3, b / 3), ref)
    assert len(calls) == 2


def test_small_degenerate_integer_game_is_searched_on_python_integers(monkeypatch):
    # Up to 10 strategies in all the exact search runs depth first on Python integers (the
    # faster there), not as the vectorised int64 search.
    from negotiate.solvers import lex_search

    def not_here(*args):
        raise AssertionError("the int64 search ran on a small game")

    rng = np.random.default_rng(7)
    a, b = rng.integers(0, 3, (4, 6)).astype(float), rng.integers(0, 3, (4, 6)).astype(float)
    calls = returns_of(monkeypatch, vertex, "_searched_integer_pairs")
    monkeypatch.setattr(lex_search, "vertex_search_int64", not_here)
    fast = bimatrix_vertex_pairs(a, b)
    assert len(calls) == 1 and calls[0] is not None
    assert_same_float_result(fast, bimatrix_vertex_pairs_reference(a, b))


def test_integer_search_beyond_int64_falls_back_to_float_pivoting(monkeypatch):
    from negotiate.solvers import lex_search

    rng = np.random.default_rng(6)
    a, b = rng.integers(0, 3, (7, 9)), rng.integers(0, 3, (7, 9))
    monkeypatch.setattr(lex_search, "vertex_search_int64", lambda *args: None)
    assert vertex._searched_integer_pairs(*vertex._small_integers(a, b)) is None
    assert_same_float_result(bimatrix_vertex_pairs(a, b), bimatrix_vertex_pairs_reference(a, b))


def test_badly_conditioned_partner_system_is_solved_exactly(monkeypatch):
    # Rows 0 and 1 of A agree on columns 0 and 1 up to 1e-7, so the partner system of the
    # vertex of P with support {0, 1} and best replies {0, 1} is too badly conditioned for
    # the floating-point inverse: it is solved exactly and the fast path goes on.
    a = np.array([[8, 6, 2, 0], [8, 6.0000001, 1, 4], [8, 8, 2, 0], [4, 7, 5, 0]])
    b = np.array([[5.0, 3, 2, 3], [7, 8, 1, 5], [6, 2, 2, 2], [1, 7, 1, 2]])
    solved = returns_of(monkeypatch, vertex, "_exact_partner")
    fast = bimatrix_vertex_pairs(a, b)
    assert solved and all(y is not None for y in solved)
    assert_same_float_result(fast, bimatrix_vertex_pairs_reference(a, b))


@settings(max_examples=80)
@given(g=integer_bimatrices(max_strategies=6), fast_paths=st.booleans())
def test_exact_fast_enumeration_equals_exact_reference(g, fast_paths):
    """As the engine runs (small games by the reference's method, the rest by proofs and
    partners) and with the proofs and partners on every game."""
    a, b = (u.tolist() for u in g)
    with exact_fast_paths(fast_paths):
        fast = bimatrix_vertex_pairs_exact(a, b)
    assert_same_exact_result(fast, bimatrix_vertex_pairs_exact_reference(a, b))


@pytest.mark.parametrize(
    ("m", "n", "high", "searched_both"),
    [(3, 3, 50, True), (5, 5, 50, True), (4, 6, 2, True), (6, 6, 50, False), (6, 6, 2, True)],
)
def test_small_and_unproved_games_search_both_polytopes(m, n, high, searched_both, monkeypatch):
    # Up to 10 strategies in all both polytopes are searched and matched; up to 13 too when
    # neither is proved simple (payoffs 0..2 tie everywhere), else Qhull's are proved.
    rng = np.random.default_rng(m * n + high)
    a = rng.integers(-high if high > 2 else 0, high + 1, (m, n)).tolist()
    b = rng.integers(-high if high > 2 else 0, high + 1, (m, n)).tolist()
    matched = returns_of(monkeypatch, rational, "_match_exact")
    fast = bimatrix_vertex_pairs_exact(a, b)
    assert bool(matched) == searched_both
    assert_same_exact_result(fast, bimatrix_vertex_pairs_exact_reference(a, b))


@pytest.mark.parametrize(("m", "n", "seed"), [(7, 7, 0), (8, 6, 1), (5, 9, 2), (9, 9, 3)])
def test_exact_fast_path_on_generic_games_keeps_every_equilibrium(m, n, seed, monkeypatch):
    rng = np.random.default_rng(seed)
    a = rng.integers(-1000, 1000, (m, n)).tolist()
    b = rng.integers(-1000, 1000, (m, n)).tolist()
    matched = []
    real = rational._match_exact
    monkeypatch.setattr(rational, "_match_exact", lambda *args, **kw: matched.append(args))
    fast = bimatrix_vertex_pairs_exact(a, b)
    assert not matched  # the fast path ran: both polytopes were not searched and matched
    monkeypatch.setattr(rational, "_match_exact", real)
    assert_same_exact_result(fast, bimatrix_vertex_pairs_exact_reference(a, b))


@settings(max_examples=60)
@given(
    mat=st.integers(1, 6).flatmap(
        lambda s: hnp.arrays(np.int64, (s + 2, s), elements=st.integers(-30, 30))
    )
)
def test_float_bounds_contain_the_exact_solution_and_slacks(mat):
    s = mat.shape[1]
    sub, others = mat[:s], mat[s:]
    z_hat, err, slack, slack_err = _float_bounds(
        sub[None].astype(float), others[None].astype(float)
    )
    assert_bounds_hold(sub, others, z_hat[0], err[0], slack[0], slack_err[0])


def assert_bounds_hold(sub, others, z_hat, err, slack, slack_err) -> None:
    """The exact solution of ``sub z = 1`` and its slacks ``1 - others z`` lie within the
    claimed bounds (nothing is claimed for a singular system)."""
    s = sub.shape[0]
    solved = _solve_partner(sub.tolist(), list(range(s)), list(range(s)))
    if solved is None:
        assert err == np.inf
        return
    num, den = solved
    z = [F(v, den) for v in num]
    if np.isfinite(err):
        bound = F(float(err))
        for zh, zv in zip(z_hat, z, strict=True):
            assert abs(F(float(zh)) - zv) <= bound
        for r in range(others.shape[0]):
            exact_slack = 1 - sum(int(w) * zv for w, zv in zip(others[r], z, strict=True))
            assert abs(F(float(slack[r])) - exact_slack) <= F(float(slack_err[r]))


@settings(max_examples=60)
@given(
    mats=st.lists(
        st.integers(1, 5).flatmap(
            lambda s: hnp.arrays(np.int64, (s + 2, s), elements=st.integers(-30, 30))
        ),
        min_size=2,
        max_size=5,
    ).map(lambda ms: sorted(ms, key=lambda m: m.shape[1])),
    padded=st.booleans(),
)
def test_bounds_by_size_padded_into_one_call_still_contain_the_exact_solutions(mats, padded):
    # Group the systems by size, as the exact engine does; padded or not, every system's
    # bounds must hold for the system itself.
    groups: dict[int, list[np.ndarray]] = {}
    for mat in mats:
        s = mat.shape[1]
        groups.setdefault(s, []).append(mat)
    batches = [
        (np.array([m[:s] for m in ms], dtype=float), np.array([m[s:] for m in ms], dtype=float))
        for s, ms in groups.items()
    ]
    members = list(groups.values())
    with mock.patch.object(rational, "_PAD_SYSTEMS", 256 if padded else 0):
        found = rational._bounds_by_size(batches)
    for ms, (z_hat, err, slack, slack_err) in zip(members, found, strict=True):
        for g, mat in enumerate(ms):
            s = mat.shape[1]
            assert_bounds_hold(mat[:s], mat[s:], z_hat[g], err[g], slack[g], slack_err[g])


@settings(max_examples=60)
@given(g=integer_bimatrices(max_strategies=7, min_strategies=4))
def test_certified_exact_vertices_are_the_searched_vertices(g):
    a, _ = g
    mat = integer_payoffs(a.tolist())
    certified = _certified_exact_vertices(mat)
    if certified is None:
        return
    searched = _vertex_search(mat)
    assert set(certified) == set(searched)
    for mask, point in searched.items():
        num, den = _exact_vertex(mat, mask) if certified[mask] is None else certified[mask]
        assert [F(v, den) for v in num] == [F(v, point[1]) for v in point[0]]


@settings(max_examples=100)
@given(data=st.data())
def test_label_masks_matched_pair_by_pair_as_by_sorted_lookup(data):
    # The exact engine's matcher for small games against the general one: the same sorted
    # pairs, simple and degenerate label sets alike (unique sets, as vertices have).
    m, n = data.draw(st.integers(1, 6)), data.draw(st.integers(1, 6))
    full = (1 << (m + n)) - 1
    masks = st.lists(st.integers(0, full), unique=True, max_size=30)  # up to 60^2 pairs
    xl = data.draw(masks.filter(bool))
    complements = [full ^ lab for lab in data.draw(st.lists(st.sampled_from(xl)))]
    yl = list(dict.fromkeys(data.draw(masks) + complements))
    expected = match_labels(
        rational._labels_array(xl, m + n), rational._labels_array(yl, m + n), m, n
    )
    assert rational._match_masks(xl, yl, m, n) == [tuple(p) for p in expected.tolist()]
