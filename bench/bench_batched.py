"""Batched 3x3 (and 2x2) solving: games per second, ours vs a per-game loop of peers.

Run: /tmp/venv/bin/python bench/bench_batched.py
"""

from __future__ import annotations

import os
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from negotiate.solvers.batched import batched_equilibria


def rate(fn, u) -> tuple[float, int]:
    t = time.perf_counter()
    count = fn(u)
    return u.shape[0] / (time.perf_counter() - t), count


def ours(u):
    return int(batched_equilibria(u).counts.sum())


def nashpy_loop(u):
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sum(len(list(nashpy.Game(g[0], g[1]).vertex_enumeration())) for g in u)


def quantecon_loop(u):
    import quantecon.game_theory as gt

    return sum(
        len(gt.vertex_enumeration(gt.NormalFormGame((gt.Player(g[0]), gt.Player(g[1].T)))))
        for g in u
    )


def main() -> None:
    rng = np.random.default_rng(7)
    for m in (2, 3):
        u = rng.random((200_000, 2, m, m))
        batched_equilibria(u[:10])
        r, c = rate(ours, u)
        line = f"{m}x{m} ours {r:,.0f} games/s (eq {c} in {u.shape[0]})"
        small = u[:300]
        c_small = ours(small)
        r_np, c_np = rate(nashpy_loop, small)
        quantecon_loop(small[:2])
        r_qe, c_qe = rate(quantecon_loop, small)
        line += (
            f" | nashpy loop {r_np:,.0f}/s x{r / r_np:.0f} | quantecon loop {r_qe:,.0f}/s "
            f"x{r / r_qe:.0f} | eq on 300: ours {c_small}/nashpy {c_np}/quantecon {c_qe}"
        )
        print(line, flush=True)


if __name__ == "__main__":
    main()
