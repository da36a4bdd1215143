"""The partner filter: its table is exactly the domination it claims, and every vertex it
rules out really has no partner (the engine's results with and without it are compared in
test_engine_paths)."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.optimize import linprog

from negotiate.solvers import partner_filter, vertex

unit_payoffs = st.floats(min_value=1.0, max_value=2.0, allow_nan=False)


def payoff_matrices(max_rows: int = 5, max_cols: int = 5):
    """Normalised-range payoffs, often with ties (a few distinct values) so that the margin
    and the strict inequality matter."""
    shape = st.tuples(st.integers(1, max_rows), st.integers(1, max_cols))
    values = st.one_of(unit_payoffs, st.sampled_from([1.0, 1.25, 1.5, 2.0]))
    return shape.flatmap(lambda s: hnp.arrays(np.float64, s, elements=values))


def dominated_rows(a: np.ndarray, cols: list[int], margin: float, pairs: bool) -> set[int]:
    """The rows dominated on ``cols``, straight from the definition."""
    m = a.shape[0]
    dominators = [a[i] for i in range(m)]
    if pairs:
        for i, k in itertools.combinations(range(m), 2):
            dominators += [w * a[i] + (1 - w) * a[k] for w in partner_filter.PAIR_WEIGHTS]
    return {
        s for s in range(m) if any(all(d[j] > a[s, j] + margin for j in cols) for d in dominators)
    }


@settings(max_examples=80)
@given(a=payoff_matrices(), pairs=st.booleans(), margin=st.sampled_from([0.0, 1e-9, 0.25]))
def test_table_holds_exactly_the_dominated_rows_of_every_column_set(a, pairs, margin):
    t = partner_filter.table(a, margin, pairs)
    m, n = a.shape
    assert t.shape == (1 << n,)
    for mask in range(1, 1 << n):
        cols = [j for j in range(n) if mask >> j & 1]
        got = {s for s in range(m) if int(t[mask]) >> s & 1}
        assert got == dominated_rows(a, cols, margin, pairs)


def has_partner(a: np.ndarray, rows: list[int], cols: list[int], slack: float) -> bool:
    """Whether some y >= 0, zero off ``cols``, has (A y)_s = 1 on ``rows`` and A y <= 1 +
    ``slack`` (a linear program, independent of the filter)."""
    sub = a[:, cols]
    others = [i for i in range(a.shape[0]) if i not in rows]
    res = linprog(
        np.zeros(len(cols)),
        A_ub=sub[others] if others else None,
        b_ub=np.full(len(others), 1.0 + slack) if others else None,
        A_eq=sub[rows],
        b_eq=np.ones(len(rows)),
        bounds=[(0, None)] * len(cols),
        method="highs",
    )
    return res.status == 0


@settings(max_examples=80)
@given(a=payoff_matrices(max_rows=5, max_cols=5), data=st.data())
def test_a_vertex_ruled_out_has_no_partner(a, data):
    m, n = a.shape
    k = data.draw(st.integers(1, min(m, n)))
    rows = sorted(data.draw(st.sets(st.integers(0, m - 1), min_size=k, max_size=k)))
    cols = sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=k, max_size=k)))
    tol = 1e-9
    t = partner_filter.table(a, vertex._FILTER_MARGIN * tol, pairs=True)
    row_mask = np.array([sum(1 << i for i in rows)], dtype=np.uint64)
    col_mask = np.array([sum(1 << j for j in cols)], dtype=np.uint64)
    if partner_filter.without_partner(t, row_mask, col_mask)[0]:
        # Not even with the feasibility check's own slack: the filter only drops what the
        # solve-and-check would have rejected.
        assert not has_partner(a, rows, cols, slack=tol)


def test_table_is_refused_beyond_its_limits():
    assert partner_filter.table(np.ones((3, partner_filter.MAX_COLUMNS + 1)), 0.0) is None
    assert partner_filter.table(np.ones((partner_filter.MAX_ROWS + 1, 3)), 0.0) is None


def test_filter_rules_out_most_vertices_of_a_random_game():
    rng = np.random.default_rng(3)
    a = vertex.normalise_payoffs(rng.random((10, 10)))
    b = vertex.normalise_payoffs(rng.random((10, 10)))
    masks = vertex._certified_vertices(b.T, vertex.TOL)[2]
    rows = ~masks & np.uint64((1 << 10) - 1)
    cols = masks >> np.uint64(10)
    single = partner_filter.without_partner(partner_filter.table(a, 4e-9), rows, cols)
    both = partner_filter.without_partner(partner_filter.table(a, 4e-9, pairs=True), rows, cols)
    assert np.all(both >= single)  # the pairs only add
    assert single.mean() > 0.5 and both.sum() > single.sum()


def test_a_support_row_beaten_by_a_mixture_rules_the_vertex_out():
    # On columns {0, 1} row 2 is beaten by neither row 0 nor row 1 alone, but by their even
    # mixture (1.6, 1.6) > (1.5, 1.5): a support containing row 2 cannot be a best reply set.
    a = np.array([[2.0, 1.2, 1.0], [1.2, 2.0, 1.0], [1.5, 1.5, 2.0]])
    rows = np.array([0b100, 0b110], dtype=np.uint64)
    cols = np.array([0b011, 0b011], dtype=np.uint64)
    single = partner_filter.without_partner(partner_filter.table(a, 0.0), rows, cols)
    mixed = partner_filter.without_partner(partner_filter.table(a, 0.0, pairs=True), rows, cols)
    assert not single.any() and mixed.all()
    assert not has_partner(a, [1, 2], [0, 1], slack=1e-9)
