"""The vectorised int64 vertex search finds exactly the vertices of the Python-integer search,
and gives way to it where int64 could overflow."""

from __future__ import annotations

import math
from fractions import Fraction
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from strategies import integer_bimatrices

from negotiate.solvers import lex_search
from negotiate.solvers.lex_search import ENTRY_LIMIT, vertex_search_int64
from negotiate.solvers.rational import (
    _vertex_search,
    _vertex_search_python,
    bimatrix_vertex_pairs_exact,
    bimatrix_vertex_pairs_exact_reference,
    integer_payoffs,
)


def as_values(found: dict[int, tuple[list[int], int]]) -> dict[int, tuple[Fraction, ...]]:
    """Label mask -> the vertex as fractions (a degenerate vertex may come with another of
    its bases, so another numerator and determinant of the same value)."""
    return {mask: tuple(Fraction(v, det) for v in num) for mask, (num, det) in found.items()}


@pytest.mark.parametrize("small_limit", [lex_search.SMALL_LIMIT, 1 << 8, 0])
@settings(max_examples=120)
@given(g=integer_bimatrices(max_strategies=7))
def test_int64_search_finds_the_vertices_of_the_python_search(g, small_limit):
    # small_limit 0: the ratio ties by cross products and the pivots in int64 throughout,
    # as for entries of 2^26 and more; 2^8: many searches start in doubles and go back to
    # int64 part way.
    a = integer_payoffs(g[0].tolist())
    expected = _vertex_search_python(a)
    with mock.patch.object(lex_search, "SMALL_LIMIT", small_limit):
        found = vertex_search_int64([a])
    if found is None:  # an entry would have left int64's exact range: the dispatcher's way
        # ... which only a minor of [A | I | 1] beyond the limit can force (Hadamard's bound)
        assert math.prod(math.sqrt(sum(v * v for v in row) + 2) for row in a) >= ENTRY_LIMIT
        assert as_values(_vertex_search(a)) == as_values(expected)
        return
    assert next(iter(found[0])) == next(iter(expected))  # the origin first
    assert as_values(found[0]) == as_values(expected)
    assert all(det > 0 for _, det in found[0].values())


@settings(max_examples=60)
@given(g=integer_bimatrices(max_strategies=6, min_strategies=2))
def test_two_polytopes_in_one_batch_are_searched_as_apart(g):
    a, b = (integer_payoffs(u.tolist()) for u in g)
    size = min(len(a), len(a[0]))
    a, b = [row[:size] for row in a[:size]], [row[:size] for row in b[:size]]
    bt = [list(col) for col in zip(*b, strict=True)]
    both = vertex_search_int64([bt, a])
    if both is None:  # out of int64's exact range: one of the two alone is too
        assert vertex_search_int64([bt]) is None or vertex_search_int64([a]) is None
        return
    assert as_values(both[0]) == as_values(_vertex_search_python(bt))
    assert as_values(both[1]) == as_values(_vertex_search_python(a))


def test_a_search_that_outgrows_the_small_range_goes_on_exactly():
    # Entries up to 9 in 6 dimensions: the first levels' entries are below 2^8, later ones
    # (minors of up to 6 x 6) are not, so the dictionary leaves doubles for int64 part way.
    a = [[(3 * i + 5 * j + i * j) % 9 + 1 for j in range(6)] for i in range(6)]
    levels = []
    pivot = lex_search._pivot

    def recording(*args):
        levels.append((args[-1], args[0].dtype))  # small: the entries below the limit
        return pivot(*args)

    with (
        mock.patch.object(lex_search, "SMALL_LIMIT", 1 << 8),
        mock.patch.object(lex_search, "_pivot", recording),
    ):
        found = vertex_search_int64([a])
    assert {small for small, _ in levels} == {True, False}
    # Beyond the limit products need int64's 63 bits: the dictionary is int64 again.
    assert all(dtype == np.int64 for small, dtype in levels if not small)
    assert as_values(found[0]) == as_values(_vertex_search_python(a))


def test_entries_out_of_int64_range_give_way_to_python_integers():
    big = [[ENTRY_LIMIT, 1, 2, 3, 4, 5, 6], *[[i + j + 1 for j in range(7)] for i in range(6)]]
    assert vertex_search_int64([big]) is None
    assert as_values(_vertex_search(big)) == as_values(_vertex_search_python(big))
    # Entries in range at the start can outgrow it while pivoting: determinants of 7x7 minors
    # of entries near 2^20 reach far beyond 2^30.
    rng = np.random.default_rng(0)
    grows = (rng.integers(1 << 19, 1 << 20, (7, 7))).tolist()
    assert vertex_search_int64([grows]) is None
    assert as_values(_vertex_search(grows)) == as_values(_vertex_search_python(grows))


def test_square_degenerate_game_searched_in_one_batch_equals_the_reference():
    rng = np.random.default_rng(5)
    a, b = rng.integers(0, 3, (8, 8)).tolist(), rng.integers(0, 3, (8, 8)).tolist()
    fast = bimatrix_vertex_pairs_exact(a, b)
    ref = bimatrix_vertex_pairs_exact_reference(a, b)
    assert sorted(fast.equilibria()) == sorted(ref.equilibria())
    assert len(fast.pairs) == len(ref.pairs) > 20


def test_float_ties_of_small_entries_are_exact_ties():
    # The reason ties need no cross products below SMALL_LIMIT: distinct ratios of integers
    # below 2^26 round to distinct doubles, even the closest ones.
    top = lex_search.SMALL_LIMIT - 1
    closest = [(top, top - 1, top - 1, top - 2), (1, top, 1, top - 1), (top, 1, top - 1, 1)]
    for a, b, c, d in closest:
        assert Fraction(a, b) != Fraction(c, d)
        assert a / b != c / d


def test_ratio_test_orders_exactly_what_doubles_tie():
    # Rows with ratios (2^29 + 1) / 2^29 < 2^29 / (2^29 - 1): 2^-58 apart, one double. Entries
    # above SMALL_LIMIT, so the cross products decide: row 0 leaves.
    e = 1 << 29
    # One basis: its column, right-hand side, and basis inverse (the slacks basic).
    tab = np.array([[[e, e + 1, 1, 0], [e - 1, e, 0, 1]]], dtype=np.int64)
    assert (e + 1) / e == e / (e - 1)
    leave, movable = lex_search._leaving_rows(tab, back=np.array([-1]), d=1, small=False)
    assert movable[0, 0] and leave[0, 0] == 0
