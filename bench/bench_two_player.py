"""Two-player enumeration: ours (float and exact) vs nashpy, QuantEcon, pygambit, lrsnash.

Same seeded games for every solver; each game timed --repeat times and the best kept (the
machine is shared: the best run is the one least disturbed), then the median over games;
ratio peer/ours; equilibria counts.
Run: python bench/bench_two_player.py [--games 5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from negotiate.solvers.rational import extreme_equilibria_exact
from negotiate.solvers.vertex import extreme_equilibria


def timed(fn, games, repeat=1):
    """Median over games of the best of ``repeat`` runs, and each game's result."""
    times, counts = [], []
    for a, b in games:
        best = float("inf")
        for _ in range(repeat):
            t = time.perf_counter()
            out = fn(a, b)
            best = min(best, time.perf_counter() - t)
        times.append(best)
        counts.append(out)
    return statistics.median(times), counts


def guarded(fn, games, repeat, limit):
    """:func:`timed` in a forked child process, given up after ``limit`` seconds (a peer that
    does not finish on some game is reported as such instead of stalling the run); None if
    it timed out."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=lambda: send.send(timed(fn, games, repeat)), daemon=True)
    child.start()
    if recv.poll(limit):
        out = recv.recv()
        child.join()
        return out
    child.kill()
    child.join()
    return None


def ours(a, b):
    return len(extreme_equilibria(a, b))


def ours_exact(a, b):
    return len(extreme_equilibria_exact(a.astype(int).tolist(), b.astype(int).tolist()))


def nashpy_vertex(a, b):
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return len(list(nashpy.Game(a, b).vertex_enumeration()))


def nashpy_support(a, b):
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return len(list(nashpy.Game(a, b).support_enumeration()))


def quantecon(a, b):
    import quantecon.game_theory as gt

    g = gt.NormalFormGame((gt.Player(a), gt.Player(b.T)))
    return len(gt.vertex_enumeration(g))


def gambit_enummixed(a, b):
    import pygambit

    g = pygambit.Game.from_arrays(a, b)
    return len(pygambit.nash.enummixed_solve(g, rational=False).equilibria)


def gambit_lcp(a, b):
    import pygambit

    g = pygambit.Game.from_arrays(a, b)
    return len(pygambit.nash.lcp_solve(g, rational=False).equilibria)


def lrsnash(a, b):
    m, n = a.shape
    text = f"{m} {n}\n\n" + "\n".join(" ".join(str(int(v)) for v in row) for row in a)
    text += "\n\n" + "\n".join(" ".join(str(int(v)) for v in row) for row in b) + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".game", delete=False) as f:
        f.write(text)
    try:
        out = subprocess.run(["lrsnash", f.name], capture_output=True, text=True).stdout
    finally:
        os.unlink(f.name)
    for line in out.splitlines():
        if "Number of equilibria found" in line:
            return int(line.split(":")[1])
    return -1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--games", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per peer and row")
    args = parser.parse_args()
    peers = {"nashpy_vertex": nashpy_vertex, "nashpy_support": nashpy_support}
    try:
        import quantecon.game_theory as gt

        gt.vertex_enumeration(gt.NormalFormGame((gt.Player(np.eye(3)), gt.Player(np.eye(3)))))
        peers["quantecon"] = quantecon
    except ImportError:
        print("quantecon not installed", file=sys.stderr)
    try:
        import pygambit  # noqa: F401

        peers["gambit_enummixed"] = gambit_enummixed
        peers["gambit_lcp"] = gambit_lcp
    except ImportError:
        print("pygambit not installed: skipped", file=sys.stderr)
    have_lrs = shutil.which("lrsnash") is not None
    rng = np.random.default_rng(2024)
    cases = []
    for n in (3, 5, 7, 10, 13, 15):
        cases.append(
            (f"float n={n}", [(rng.random((n, n)), rng.random((n, n))) for _ in range(args.games)])
        )
    for n in (5, 10, 13):
        g = [
            (
                rng.integers(-50, 50, (n, n)).astype(float),
                rng.integers(-50, 50, (n, n)).astype(float),
            )
            for _ in range(args.games)
        ]
        cases.append((f"int100 n={n}", g))
    for n in (5, 8, 10):
        g = [
            (rng.integers(0, 3, (n, n)).astype(float), rng.integers(0, 3, (n, n)).astype(float))
            for _ in range(args.games)
        ]
        cases.append((f"degen0-2 n={n}", g))
    for name, games in cases:
        n = games[0][0].shape[0]
        t_ours, c_ours = timed(ours, games, args.repeat)
        parts = [f"{name:14s} ours {t_ours:.4f}s"]
        counts = [f"ours {sum(c_ours)}"]
        if name.startswith(("int", "degen")):
            t_ex, c_ex = timed(ours_exact, games, args.repeat)
            parts.append(f"ours_exact {t_ex:.4f}s")
            counts.append(f"exact {sum(c_ex)}")
            if have_lrs:
                t, c = timed(lrsnash, games, args.repeat)
                parts.append(f"lrsnash {t:.4f}s (ours_exact x{t / t_ex:.2f})")
                counts.append(f"lrsnash {sum(c)}")
        for pname, fn in peers.items():
            if (pname.startswith("nashpy") and n > 7) or (pname == "gambit_enummixed" and n > 10):
                continue
            out = guarded(fn, games, args.repeat, args.limit)
            if out is None:
                parts.append(f"{pname} did not finish in {args.limit:.0f}s")
                continue
            t, c = out
            parts.append(f"{pname} {t:.4f}s x{t / t_ours:.2f}")
            counts.append(f"{pname} {sum(c)}")
        print(" | ".join(parts) + " | eq " + "/".join(counts), flush=True)


if __name__ == "__main__":
    main()
