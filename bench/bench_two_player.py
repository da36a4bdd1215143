"""Two-player enumeration: ours (float and exact) vs nashpy, QuantEcon, pygambit, lrsnash.

Same seeded games for every solver. A row is timed in --rounds rounds, each running every
solver in turn (ours, then the peers) on every game --repeat times; each game keeps its best
run over all rounds (the machine is shared, and its speed drifts by up to half over tens of
seconds: interleaving puts every solver through the same slow and fast spells, and the best
run is the one least disturbed), then the median over games. Ratio peer/ours; and whether
each found the same equilibria: ``peer k/N`` means it found k of our N (over all the row's
games), ``+e not ours`` that it listed e we do not have.
Run: python bench/bench_two_player.py [--games 30] [--rounds 3] [--repeat 1] [--seed 2024]
    [--only ROW]
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from fractions import Fraction

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from negotiate.solvers.rational import extreme_equilibria_exact
from negotiate.solvers.vertex import extreme_equilibria

#: Seconds each solver runs untimed on the row's games before its timed runs.
WARMUP = 0.2


def timed(fn, games, repeat=1):
    """Each game's best time of ``repeat`` runs, and each game's result.

    First the solver runs untimed on the games for :data:`WARMUP` seconds (at least one
    game): this VM's cores come back from idle slowly (the first 10x10 games after a second
    of idling took 2.8 ms instead of 2.3 ms), and every solver should be timed warm, as a
    loop over many games runs.
    """
    start = time.perf_counter()
    for a, b in itertools.cycle(games):
        fn(a, b)
        if time.perf_counter() - start >= WARMUP:
            break
    times, counts = [], []
    for a, b in games:
        best = float("inf")
        for _ in range(repeat):
            t = time.perf_counter()
            out = fn(a, b)
            best = min(best, time.perf_counter() - t)
        times.append(best)
        counts.append(out)
    return times, counts


def guarded(name, fn, games, repeat, limit):
    """:func:`timed` in a forked child process, given up after ``limit`` seconds (a peer that
    does not finish on some game is reported as such instead of stalling the run); the
    child sends back each game's time and equilibria as :func:`profiles`. None if it timed
    out."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def run():
        times, raws = timed(fn, games, repeat)
        send.send((times, [profiles(name, raw) for raw in raws]))

    child = ctx.Process(target=run, daemon=True)
    child.start()
    if recv.poll(limit):
        out = recv.recv()
        child.join()
        return out
    child.kill()
    child.join()
    return None


# Each solver returns its own result, timed as it is; `profiles` turns any of them into the
# list of (x, y) probability vectors afterwards, outside the timing.


def ours(a, b):
    return extreme_equilibria(a, b)


def ours_exact(a, b):
    return extreme_equilibria_exact(a.astype(int).tolist(), b.astype(int).tolist())


def nashpy_vertex(a, b):
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(nashpy.Game(a, b).vertex_enumeration())


def nashpy_support(a, b):
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(nashpy.Game(a, b).support_enumeration())


def quantecon(a, b):
    import quantecon.game_theory as gt

    g = gt.NormalFormGame((gt.Player(a), gt.Player(b.T)))
    return gt.vertex_enumeration(g)


def gambit_enummixed(a, b):
    import pygambit

    g = pygambit.Game.from_arrays(a, b)
    return g, pygambit.nash.enummixed_solve(g, rational=False).equilibria


def gambit_lcp(a, b):
    import pygambit

    g = pygambit.Game.from_arrays(a, b)
    return g, pygambit.nash.lcp_solve(g, rational=False).equilibria


def lrsnash(a, b):
    m, n = a.shape
    text = f"{m} {n}\n\n" + "\n".join(" ".join(str(int(v)) for v in row) for row in a)
    text += "\n\n" + "\n".join(" ".join(str(int(v)) for v in row) for row in b) + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".game", delete=False) as f:
        f.write(text)
    try:
        return subprocess.run(["lrsnash", f.name], capture_output=True, text=True).stdout
    finally:
        os.unlink(f.name)


def profiles(name, raw):
    """A solver's result as a list of ``(x, y)`` float vectors."""
    if name.startswith("gambit"):
        game, eqs = raw
        return [
            tuple(np.array([float(e[p][s]) for s in p.strategies]) for p in game.players)
            for e in eqs
        ]
    if name == "lrsnash":  # blocks: lines "2 y... payoff" then "1 x... payoff"; all pairs
        out = []
        for block in raw.split("\n\n"):
            rows = [line.split() for line in block.splitlines() if line[:1] in ("1", "2")]
            xs = [np.array([float(Fraction(v)) for v in r[1:-1]]) for r in rows if r[0] == "1"]
            ys = [np.array([float(Fraction(v)) for v in r[1:-1]]) for r in rows if r[0] == "2"]
            out.extend((x, y) for x in xs for y in ys)
        return out
    return [tuple(np.array([float(v) for v in s]) for s in eq) for eq in raw]


def agreement(found, reference, atol=1e-6):
    """How many of ``reference`` appear in ``found`` (equal up to ``atol`` in every
    probability), and the indices of ``found`` that are not in ``reference``."""
    if not found or not reference:
        return 0, list(range(len(found)))
    f = np.array([np.concatenate(e) for e in found])
    r = np.array([np.concatenate(e) for e in reference])
    close = np.abs(f[:, None, :] - r[None, :, :]).max(axis=2) <= atol
    return int(close.any(axis=0).sum()), np.flatnonzero(~close.any(axis=1)).tolist()


def is_equilibrium(a, b, x, y, tol=1e-6):
    """Probability vectors, and no player gains more than ``tol`` times their payoff range."""
    for p in (x, y):
        if p.min() < -1e-9 or abs(p.sum() - 1.0) > 1e-9:
            return False
    regret1 = (a @ y).max() - x @ a @ y
    regret2 = (x @ b).max() - x @ b @ y
    return regret1 <= tol * np.ptp(a) and regret2 <= tol * np.ptp(b)


def summary(name, found, ours_lists, games):
    """``name k/N``: of our N equilibria (over all the games) it found k; ``+e not ours``
    when it listed e that are not among ours, with how many of those are not equilibria at
    all (negative probabilities, or a gain above 1e-6 of the payoff range by deviating): any
    other would be one we missed; ``(L listed)`` when it listed some twice."""
    hits = listed = 0
    extra, invalid = 0, 0
    for mine, theirs, (a, b) in zip(ours_lists, found, games, strict=True):
        k, others = agreement(theirs, mine)
        hits, listed, extra = hits + k, listed + len(theirs), extra + len(others)
        invalid += sum(not is_equilibrium(a, b, *theirs[i]) for i in others)
    total = sum(len(mine) for mine in ours_lists)
    text = f"{name} {hits}/{total}"
    if extra:
        text += f" +{extra} not ours ({invalid} not equilibria)"
    if listed != hits + extra:
        text += f" ({listed} listed)"
    return text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--games", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per row")
    parser.add_argument("--repeat", type=int, default=1, help="runs per game and round")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per peer and row")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the random games")
    parser.add_argument(
        "--only", default="", help="run only the rows whose name contains this, e.g. 'float n=10'"
    )
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
    rng = np.random.default_rng(args.seed)
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
    # Every row's games are drawn above whatever --only selects, so a row's games depend on
    # --seed and --games alone.
    for name, games in cases:
        if args.only not in name:
            continue
        n = games[0][0].shape[0]
        solvers = {"ours": ours}
        if name.startswith(("int", "degen")):
            solvers["ours_exact"] = ours_exact
            if have_lrs:
                solvers["lrsnash"] = lrsnash
        for pname, fn in peers.items():
            too_slow = (pname.startswith("nashpy") and n > 7) or (
                pname == "gambit_enummixed" and n > 10
            )
            if not too_slow:
                solvers[pname] = fn
        best: dict[str, list[float] | None] = {}
        found: dict[str, list] = {}
        for _ in range(args.rounds):
            for sname, fn in solvers.items():
                if sname in best and best[sname] is None:
                    continue  # did not finish in an earlier round
                if sname in peers:
                    out = guarded(sname, fn, games, args.repeat, args.limit)
                else:
                    times, raw = timed(fn, games, args.repeat)
                    out = times, [profiles(sname, r) for r in raw]
                if out is None:
                    best[sname] = None
                    continue
                times, profs = out
                found.setdefault(sname, profs)
                earlier = best.get(sname)
                best[sname] = times if earlier is None else list(map(min, earlier, times))
        median = {k: (None if v is None else statistics.median(v)) for k, v in best.items()}
        mine = found["ours"]
        t_ours = median["ours"]
        parts = [f"{name:14s} ours {t_ours:.4f}s"]
        counts = [f"ours {sum(len(e) for e in mine)}"]
        if "ours_exact" in solvers:
            t_ex = median["ours_exact"]
            parts.append(f"ours_exact {t_ex:.4f}s")
            counts.append(summary("exact", found["ours_exact"], mine, games))
            if "lrsnash" in solvers:
                t = median["lrsnash"]
                parts.append(f"lrsnash {t:.4f}s (ours_exact x{t / t_ex:.2f})")
                counts.append(summary("lrsnash", found["lrsnash"], mine, games))
        for pname in peers:
            if pname not in solvers:
                continue
            if median[pname] is None:
                parts.append(f"{pname} did not finish in {args.limit:.0f}s")
                continue
            parts.append(f"{pname} {median[pname]:.4f}s x{median[pname] / t_ours:.2f}")
            counts.append(summary(pname, found[pname], mine, games))
        print(" | ".join(parts) + " | eq " + ", ".join(counts), flush=True)


if __name__ == "__main__":
    main()
