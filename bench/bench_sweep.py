"""A sweep of 10,000 parameter values over a 3x3 game: ours vs a per-value loop over nashpy.

Ours: :func:`negotiate.sweep.sweep` with the batched classifier (one payoff_batch and one
batched solve for the grid, one per bisection step) and exact/bisected thresholds. Peer: nashpy
vertex enumeration at every grid value (timed on a seeded subset and scaled to 10,000, since
the full loop takes minutes). ``eq`` compares equilibrium counts on the subset.

Run: /tmp/venv/bin/python bench/bench_sweep.py [--values 10000] [--peer-values 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from negotiate.payoff_file import spec_from_text
from negotiate.solvers.batched import batched_equilibria
from negotiate.sweep import batched_classifier, solving_classifier, sweep

GAME = """
players = ["Row", "Col"]
[strategies]
Row = ["a", "b", "c"]
Col = ["x", "y", "z"]
[parameters.t]
default = 0
range = [0, 1]
[payoffs]
Row = [["3 * t", 1, "2 - t"], [2, "4 * t * t", 0], [1, "t", 3]]
Col = [["1 - t", 2, 0], [0, "3 * t", 1], ["2 * t", 0, "1 + t * t"]]
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--values", type=int, default=10_000)
    parser.add_argument("--peer-values", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    spec = spec_from_text(GAME, "bench3x3.toml")
    classify = solving_classifier(spec, "t")
    many = batched_classifier(spec, "t")
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        result = sweep(spec, "t", classify, grid=args.values - 1, classify_many=many)
        times.append(time.perf_counter() - t0)
    ours = statistics.median(times)

    import nashpy

    rng = np.random.default_rng(0)
    ts = np.sort(rng.uniform(0, 1, args.peer_values))
    u = spec.payoff_batch({"t": ts})
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        peer_counts = [len(list(nashpy.Game(g[0], g[1]).vertex_enumeration())) for g in u]
    per_value = (time.perf_counter() - t0) / args.peer_values
    peer = per_value * args.values
    our_counts = batched_equilibria(u).counts
    thresholds = ", ".join(t.at.text() for t in result.thresholds)
    print(
        f"3x3 values={args.values} ours {ours:.3f}s (median of {args.runs}) | "
        f"nashpy_vertex loop {peer:.1f}s (scaled from {args.peer_values} values) "
        f"x{peer / ours:.0f} | eq on {args.peer_values}: {int(our_counts.sum())}/"
        f"{sum(peer_counts)} | regimes {len(result.regimes)}, thresholds {thresholds}"
    )
    print(f"target < 0.5 s: {'met' if ours < 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
