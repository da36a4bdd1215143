"""Start-up time of the command line: ``negotiate --help`` and a small ``solve``.

Run: ``python bench/bench_startup.py [--runs 20]``. Prints the median wall time of each
command as a whole process, and its ratio to a bare Python start-up and to importing the
peers a user would otherwise reach for (nashpy; quantecon when installed). Target:
``negotiate --help`` below 0.3 s on the project's 2-core machines.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    py = sys.executable
    commands = {
        "python (bare)": [py, "-c", "pass"],
        "negotiate --help": [py, "cli.py", "--help"],
        "negotiate list": [py, "cli.py", "list"],
        "import nashpy": [py, "-c", "import nashpy"],
    }
    if importlib.util.find_spec("quantecon"):
        commands["import quantecon"] = [py, "-c", "import quantecon"]
    results = {name: timed(cmd, args.runs) for name, cmd in commands.items()}
    ours = results["negotiate --help"]
    print(f"median of {args.runs} runs, whole process")
    for name, seconds in results.items():
        print(f"{name:20s} {seconds:7.3f} s   x{seconds / ours:5.2f} of negotiate --help")
    verdict = "meets" if ours < 0.3 else "MISSES"
    print(f"negotiate --help {ours:.3f} s {verdict} the 0.3 s target")


if __name__ == "__main__":
    main()
