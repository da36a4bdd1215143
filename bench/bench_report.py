"""Time the main job: building and rendering the summit report, in process and end to end.

Run: ``python bench/bench_report.py [--runs 10]``. Prints the median time of
``build_report`` + rendering (in process, imports excluded) and of ``negotiate report`` as a
whole process, against a per-value loop over nashpy on the same games at the same grid of
rapprochement values (what an analyst would otherwise script). Target: the whole report
under 1 second on the project's 2-core machines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_time(func, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    import nashpy
    import numpy as np

    from negotiate import catalog
    from negotiate.report import build_report
    from negotiate.report.render import render_report
    from negotiate.scenario import load_scenario

    path, display = catalog.locate("summit")
    scenario = load_scenario(path, display)

    def ours() -> None:
        render_report(build_report(scenario), "text")

    grid = np.linspace(0, 1, 201)
    games = [
        [o.game for o in scenario.evaluate({"rapprochement": float(t)}).outcomes]
        for t in grid[:: max(1, len(grid) // 25)]
    ]

    def nashpy_loop() -> None:
        # nashpy on the same two-player games at 26 values: equilibria only, no thresholds.
        for row in games:
            for game in row:
                if game.n_players == 2:
                    list(nashpy.Game(*game.bimatrix()).support_enumeration())

    ours()  # warm caches of imports
    in_process = median_time(ours, args.runs)
    peer = median_time(nashpy_loop, args.runs)
    # As an installed package runs: with byte-code caches (an environment that forbids
    # writing them would time the compilation of every module on every run).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def whole_process() -> None:
        subprocess.run(
            [sys.executable, "cli.py", "report"], cwd=ROOT, env=env, check=True, capture_output=True
        )

    whole_process()  # writes the caches
    whole = median_time(whole_process, max(3, args.runs // 2))
    print(f"median of {args.runs} runs")
    print(f"report, in process (build + render)   {in_process:7.3f} s")
    print(f"negotiate report, whole process       {whole:7.3f} s")
    print(
        f"nashpy support enumeration, 26 values {peer:7.3f} s  "
        f"(x{peer / in_process:.2f} of our whole report, which also finds exact thresholds)"
    )
    verdict = "meets" if whole < 1.0 else "MISSES"
    print(f"whole report {whole:.3f} s {verdict} the 1 s target")


if __name__ == "__main__":
    main()
