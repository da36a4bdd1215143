"""Qhull's vertices of a polytope with a few degenerate vertices are certified complete by the
edges at those vertices, and the float engine's fast path then returns the equilibria of the
reference enumeration."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import integer_bimatrices
from test_engine_paths import assert_same_float_result, match

from negotiate.solvers import rational, vertex
from negotiate.solvers.batched import pack_masks
from negotiate.solvers.degenerate_edges import edge_masks, edges_closed
from negotiate.solvers.rational import (
    _degenerate_vertex_exact,
    bimatrix_vertex_pairs_exact,
    bimatrix_vertex_pairs_exact_reference,
)
from negotiate.solvers.vertex import (
    bimatrix_vertex_pairs,
    bimatrix_vertex_pairs_reference,
    normalise_payoffs,
    polytope_vertices,
    simple_polytope_vertices,
)


def one_degenerate_vertex() -> np.ndarray:
    """A 4-dimensional polytope {z >= 0, M z <= 1} whose pure vertex e_0 / 2 has two tight
    rows (a tie in column 0's maximum): degenerate there, simple elsewhere."""
    return np.array(
        [[2.0, 1.1, 1.3, 1.7], [2.0, 1.6, 1.2, 1.1], [1.4, 1.9, 1.5, 1.2], [1.1, 1.2, 1.8, 1.6]]
    )


def constraints(mat: np.ndarray) -> np.ndarray:
    return np.concatenate([-np.eye(mat.shape[1]), mat])


def test_a_degenerate_vertex_is_certified_by_its_edges():
    mat = one_degenerate_vertex()
    assert simple_polytope_vertices(mat) is None  # the simple-vertex certificate refuses
    found = simple_polytope_vertices(mat, degenerate=True)
    assert found is not None
    points, tight = found
    ref_points, ref_tight = polytope_vertices(mat)
    mapping = match(points, ref_points, atol=1e-9)
    assert np.array_equal(tight, ref_tight[mapping])
    assert np.count_nonzero(tight.sum(axis=1) > mat.shape[1]) == 1


def test_the_edge_certificate_fails_without_a_neighbour():
    mat = one_degenerate_vertex()
    _, tight = simple_polytope_vertices(mat, degenerate=True)
    masks = pack_masks(tight).astype(np.uint64)
    corner = int(np.flatnonzero(tight.sum(axis=1) > mat.shape[1])[0])
    g = constraints(mat)
    assert edges_closed(g, masks, tight, np.array([corner]))
    # Drop each other vertex in turn: the certificate fails exactly for the corner's
    # neighbours (the vertices sharing d - 1 of its tight constraints on an edge).
    failures = 0
    for drop in range(len(masks)):
        if drop == corner:
            continue
        keep = np.arange(len(masks)) != drop
        closed = edges_closed(g, masks[keep], tight[keep], np.array([corner - (drop < corner)]))
        shared = np.count_nonzero(tight[drop] & tight[corner])
        assert closed == (shared < mat.shape[1] - 1)
        failures += not closed
    assert failures >= mat.shape[1]  # a vertex of a d-polytope has at least d neighbours


@settings(max_examples=80)
@given(g=integer_bimatrices(max_strategies=7, min_strategies=2, highs=(2, 50)))
def test_certified_degenerate_vertices_are_the_pivoting_vertices(g):
    mat = normalise_payoffs(g[0])
    found = simple_polytope_vertices(mat, degenerate=True)
    if found is None:  # too degenerate for the certificate: the caller pivots
        return
    points, tight = found
    ref_points, ref_tight = polytope_vertices(mat)
    mapping = match(points, ref_points, atol=1e-9)
    assert np.array_equal(tight, ref_tight[mapping])


def test_fast_path_on_a_mildly_degenerate_game(monkeypatch):
    # 13 x 13 integer payoffs in -50..49: ties in some column maxima make both best-response
    # polytopes degenerate at a vertex or two. Qhull with the edge certificate and the
    # partner faces replace the search of both polytopes.
    rng = np.random.default_rng(11)
    a, b = rng.integers(-50, 50, (13, 13)).astype(float), rng.integers(-50, 50, (13, 13))
    b = b.astype(float)
    b[np.argsort(b[:, 0])[-2:], 0] = b[:, 0].max()  # a tie: P is degenerate
    assert vertex.degenerate_pure_vertices(normalise_payoffs(b).T) >= 1
    both, faces = [], []
    real_both, real_face = vertex._match_both, vertex._face_partners
    monkeypatch.setattr(vertex, "_match_both", lambda *args: both.append(1) or real_both(*args))
    monkeypatch.setattr(vertex, "_face_partners", lambda *args: faces.append(1) or real_face(*args))
    fast = bimatrix_vertex_pairs(a, b)
    assert faces and not both  # P's degenerate vertex got its partner face; no full search
    assert_same_float_result(fast, bimatrix_vertex_pairs_reference(a, b))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.sampled_from([9, 10]), ties=st.sampled_from([1, 2]))
def test_fast_enumeration_of_mildly_degenerate_games_equals_reference(seed, n, ties):
    # From 9 strategies the fast path accepts a few degenerate vertices: random integer
    # payoffs with a tie forced into the maxima of `ties` columns of B (and of A).
    rng = np.random.default_rng(seed)
    a = rng.integers(-50, 50, (n, n)).astype(float)
    b = rng.integers(-50, 50, (n, n)).astype(float)
    for j in range(ties):
        b[np.argsort(b[:, j])[-2:], j] = b[:, j].max()
        a[j, np.argsort(a[j])[-2:]] = a[j].max()
    assert_same_float_result(bimatrix_vertex_pairs(a, b), bimatrix_vertex_pairs_reference(a, b))


def integer_polytope_with_a_tie(seed: int, d: int, tied: int = 2) -> list[list[int]]:
    """A positive integer matrix M (d + 2 rows, d columns) whose column 0 has its maximum in
    ``tied`` rows, so the pure vertex on axis 0 of {z >= 0, M z <= 1} is degenerate, with
    ``tied - 1`` constraints more than the dimension."""
    rng = np.random.default_rng(seed)
    mat = rng.integers(1, 60, (d + 2, d))
    mat[np.argsort(mat[:, 0])[-tied:], 0] = mat[:, 0].max()
    return mat.tolist()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), d=st.integers(3, 7), tied=st.sampled_from([2, 3, 4]))
def test_exact_edges_at_a_degenerate_vertex_are_the_float_edges(seed, d, tied):
    mat = integer_polytope_with_a_tie(seed, d, tied)
    found = simple_polytope_vertices(normalise_payoffs(np.array(mat, float)), degenerate=True)
    if found is None:
        return  # more degenerate than the certificate takes
    tight = found[1]
    for row in tight[tight.sum(axis=1) > d]:
        mask = sum(1 << int(i) for i in np.flatnonzero(row))
        proved = _degenerate_vertex_exact(mat, mask)
        assert proved is not None
        (num, den), edges = proved
        point = np.array(num, float) / den
        slack = np.concatenate([point, 1.0 - np.array(mat, float) @ point])
        assert np.array_equal(np.abs(slack) <= 1e-12, row)  # exactly these constraints tight
        float_edges = edge_masks(constraints(np.array(mat, float)), row)
        assert sorted(edges) == sorted(int(e) for e in float_edges)


def test_exact_fast_path_on_mildly_degenerate_games(monkeypatch):
    # The exact counterpart of the float fast path: Qhull's vertices with a degenerate vertex
    # or two, each proved exactly, instead of the Python-integer search of a whole polytope
    # (small searches of partner faces remain).
    widths = []
    real = rational._vertex_search
    monkeypatch.setattr(rational, "_vertex_search", lambda m: widths.append(len(m[0])) or real(m))
    for seed in range(3):
        rng = np.random.default_rng(seed)
        a, b = rng.integers(-50, 50, (10, 10)), rng.integers(-50, 50, (10, 10))
        b[np.argsort(b[:, 0])[-2:], 0] = b[:, 0].max()  # P is degenerate at a pure vertex
        a[0, np.argsort(a[0])[-2:]] = a[0].max()  # and Q too
        fast = bimatrix_vertex_pairs_exact(a.tolist(), b.tolist())
        assert all(w < 10 for w in widths)
        ref = bimatrix_vertex_pairs_exact_reference(a.tolist(), b.tolist())
        assert sorted(fast.equilibria()) == sorted(ref.equilibria())
        widths.clear()
