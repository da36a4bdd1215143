"""Robustness of the summit games: 10,000 perturbed samples each, ours vs a nashpy loop.

Ours: :func:`negotiate.robust.robustness` (pure conclusions for every game; all equilibria by
the batched solver for the two-player games), as ``negotiate robust`` runs it. Peer: nashpy
vertex enumeration per perturbed sample of the two-player games (timed on a subset and scaled).

Run: /tmp/venv/bin/python bench/bench_robust.py [--samples 10000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from negotiate import catalog, statics
from negotiate.robust import _Draws, perturbation_sources, perturbed_payoffs, robustness

GAMES = ("us_russia", "us_eu", "great_powers", "russia_ukraine")  # summit.scenario.toml


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--peer-samples", type=int, default=300)
    args = parser.parse_args()
    import nashpy

    total_ours = total_peer = 0.0
    for name in GAMES:
        spec = catalog.load(name)
        t0 = time.perf_counter()
        result = robustness(
            spec,
            {},
            noise=0.2,
            samples=args.samples,
            seed=0,
            solve_batch=statics.robust_solve_batch(spec),
        )
        ours = time.perf_counter() - t0
        total_ours += ours
        line = f"{name:15s} ours {ours:.3f}s ({len(result.frequencies)} conclusions)"
        if len(spec.players) == 2:
            terms, cells = perturbation_sources(spec)
            draws = _Draws(0, len(terms) + len(cells)).take(args.peer_samples)
            u = perturbed_payoffs(spec, {}, 0.2, draws)
            t0 = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for g in u:
                    list(nashpy.Game(g[0], g[1]).vertex_enumeration())
            peer = (time.perf_counter() - t0) / args.peer_samples * args.samples
            total_peer += peer
            line += f" | nashpy_vertex loop {peer:.1f}s (scaled) x{peer / ours:.0f}"
        print(line)
    print(
        f"all four, {args.samples} samples each: ours {total_ours:.2f}s "
        f"(target < 10 s: {'met' if total_ours < 10 else 'NOT met'}); "
        f"nashpy loop on the three 2x2 games {total_peer:.1f}s"
    )


if __name__ == "__main__":
    main()
