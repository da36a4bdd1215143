"""The partner filter: its tables hold exactly the domination they claim, every vertex they
rule out really has no partner, and the filter built early on the worker thread rules out
the same vertices as the strong table built in turn (the engine's results with and without
the filter are compared in test_engine_paths)."""

from __future__ import annotations

import itertools
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.optimize import linprog

from negotiate.solvers import background, partner_filter, vertex

unit_payoffs = st.floats(min_value=1.0, max_value=2.0, allow_nan=False)


def payoff_matrices(max_rows: int = 5, max_cols: int = 5):
    """Normalised-range payoffs, often with ties (a few distinct values) so that the margin
    and the strict inequality matter."""
    shape = st.tuples(st.integers(1, max_rows), st.integers(1, max_cols))
    values = st.one_of(unit_payoffs, st.sampled_from([1.0, 1.25, 1.5, 2.0]))
    return shape.flatmap(lambda s: hnp.arrays(np.float64, s, elements=values))


def entities_and_dominators(a: np.ndarray, strong: bool) -> tuple[list, list]:
    """Straight from the definition: the dominated entities as ``(support rows, payoffs)``
    and the dominators' payoffs."""
    m = a.shape[0]
    entities = [((s,), a[s]) for s in range(m)]
    dominators = [a[i] for i in range(m)]
    if strong:
        for i, k in itertools.combinations(range(m), 2):
            entities.append(((i, k), (a[i] + a[k]) / 2))
            dominators += [w * a[i] + (1 - w) * a[k] for w in partner_filter.PAIR_WEIGHTS]
    return entities, dominators


@settings(max_examples=80)
@given(a=payoff_matrices(), strong=st.booleans(), margin=st.sampled_from([0.0, 1e-9, 0.25]))
def test_table_holds_exactly_the_beaten_entities_of_every_column_set(a, strong, margin):
    t = partner_filter.table(a, margin, strong)
    m, n = a.shape
    entities, dominators = entities_and_dominators(a, strong)
    assert t.beaten.shape[0] == 1 << n and t.averages == strong and t.rows == m
    for mask in range(1, 1 << n):
        cols = [j for j in range(n) if mask >> j & 1]
        beaten = [
            any(all(d[j] > e[j] + margin for j in cols) for d in dominators) for _, e in entities
        ]
        got = [bool(int(t.beaten[mask, k // 64]) >> (k % 64) & 1) for k in range(len(entities))]
        assert got == beaten


@pytest.mark.parametrize("m", [1, 2, 5, 12])
def test_support_entities_are_the_rows_and_the_pairs_of_the_support(m):
    own = partner_filter.support_entities(m)
    pairs = list(itertools.combinations(range(m), 2))
    rng = np.random.default_rng(m)
    for support in rng.integers(0, 1 << m, 20).tolist():
        inside = {i for i in range(m) if support >> i & 1}
        expected = [i in inside for i in range(m)] + [{i, k} <= inside for i, k in pairs]
        got = [bool(int(own[support, k // 64]) >> (k % 64) & 1) for k in range(len(expected))]
        assert got == expected
    assert not own.flags.writeable


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


def masks(rows: list[int], cols: list[int]) -> tuple[np.ndarray, np.ndarray]:
    return (
        np.array([sum(1 << i for i in rows)], dtype=np.uint64),
        np.array([sum(1 << j for j in cols)], dtype=np.uint64),
    )


@settings(max_examples=120)
@given(a=payoff_matrices(max_rows=5, max_cols=5), data=st.data())
def test_a_vertex_ruled_out_has_no_partner(a, data):
    m, n = a.shape
    k = data.draw(st.integers(1, min(m, n)))
    rows = sorted(data.draw(st.sets(st.integers(0, m - 1), min_size=k, max_size=k)))
    cols = sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=k, max_size=k)))
    tol = 1e-9
    t = partner_filter.table(a, vertex._FILTER_MARGIN * tol, strong=True)
    if t.without_partner(*masks(rows, cols))[0]:
        # Not even with the feasibility check's own slack: the filter only drops what the
        # solve-and-check would have rejected.
        assert not has_partner(a, rows, cols, slack=tol)


def test_table_is_refused_beyond_its_limits():
    assert partner_filter.table(np.ones((3, partner_filter.MAX_COLUMNS + 1)), 0.0) is None
    assert partner_filter.table(np.ones((partner_filter.MAX_ROWS + 1, 3)), 0.0) is None


def test_beyond_the_average_rows_the_strong_table_keeps_single_entities():
    rng = np.random.default_rng(5)
    a = rng.random((partner_filter.MAX_AVERAGE_ROWS + 1, 3))
    t = partner_filter.table(a, 0.0, strong=True)
    assert not t.averages and t.beaten.shape == (8, 1)


def random_vertices(seed: int, size: int = 10):
    rng = np.random.default_rng(seed)
    a = vertex.normalise_payoffs(rng.random((size, size)))
    b = vertex.normalise_payoffs(rng.random((size, size)))
    labels = vertex._certified_vertices(b.T, vertex.TOL)[2]
    rows = ~labels & np.uint64((1 << size) - 1)
    return a, labels, rows, labels >> np.uint64(size)


def test_filter_rules_out_most_vertices_of_a_random_game():
    a, _, rows, cols = random_vertices(3)
    single = partner_filter.table(a, 4e-9).without_partner(rows, cols)
    strong = partner_filter.table(a, 4e-9, strong=True).without_partner(rows, cols)
    assert np.all(strong >= single)  # the strong table only adds
    assert single.mean() > 0.5 and strong.mean() > 0.85 and strong.sum() > single.sum()


def test_a_support_row_beaten_by_a_mixture_rules_the_vertex_out():
    # On columns {0, 1} row 2 is beaten by neither row 0 nor row 1 alone, but by their even
    # mixture (1.6, 1.6) > (1.5, 1.5): a support containing row 2 cannot be a best reply set.
    a = np.array([[2.0, 1.2, 1.0], [1.2, 2.0, 1.0], [1.5, 1.5, 2.0]])
    rows = np.array([0b100, 0b110], dtype=np.uint64)
    cols = np.array([0b011, 0b011], dtype=np.uint64)
    single = partner_filter.table(a, 0.0).without_partner(rows, cols)
    strong = partner_filter.table(a, 0.0, strong=True).without_partner(rows, cols)
    assert not single.any() and strong.all()
    assert not has_partner(a, [1, 2], [0, 1], slack=1e-9)


def test_a_support_pair_whose_average_is_beaten_rules_the_vertex_out():
    # Rows 0 and 1 are beaten on {0, 1} by nothing, nor by any mixture, but their average
    # (1.5, 1.5) is beaten by row 2 (1.6, 1.6): y with (A y)_0 = (A y)_1 = 1 is (1/3, 1/3),
    # where row 2 pays 16/15 > 1.
    a = np.array([[2.0, 1.0], [1.0, 2.0], [1.6, 1.6]])
    rows, cols = masks([0, 1], [0, 1])
    mixtures = partner_filter.table(a, 0.0, strong=True)
    assert mixtures.without_partner(rows, cols).all()
    with mock.patch.object(partner_filter, "MAX_AVERAGE_ROWS", 2):  # no averages for 3 rows
        assert not partner_filter.table(a, 0.0, strong=True).without_partner(rows, cols).any()
    assert not has_partner(a, [0, 1], [0, 1], slack=1e-9)


@pytest.mark.parametrize("early", [False, True])
def test_filter_built_early_or_in_turn_rules_out_what_its_tables_do(early):
    a, labels, rows, cols = random_vertices(4)
    among = np.bitwise_count(labels) == a.shape[0]
    with (
        mock.patch.object(background, "ENABLED", early),
        mock.patch.object(background, "_cores", lambda: 2),
    ):
        found = partner_filter.Filter(a, 4e-9).ruled_out(labels, among)
    strong = among & partner_filter.table(a, 4e-9, strong=True).without_partner(rows, cols)
    if early:
        assert np.array_equal(found, strong)
    else:
        assert np.array_equal(found, partner_filter.ruled_out(a, labels, among, 4e-9))
    assert found.any() and not (found & ~among).any()
