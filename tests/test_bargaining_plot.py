"""Bargaining figures: formats, atomic writes, determinism, lazy matplotlib."""

import subprocess
import sys

import pytest

from negotiate.bargaining.plot import plot_problem
from negotiate.bargaining.problem import BargainingProblem
from negotiate.bargaining.solutions import solve_all
from negotiate.errors import GameError


def problem() -> BargainingProblem:
    return BargainingProblem.from_outcomes(
        ["US", "RU"], [[4, 0], [0, 4], [3, 3], [1, 1]], [1, 1], labels=["a", "b", "c", "war"]
    )


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_plot_writes_the_format_and_is_deterministic(tmp_path, suffix, magic):
    p = problem()
    out = plot_problem(p, solve_all(p), tmp_path / f"fig{suffix}")
    first = out.read_bytes()
    assert first.startswith(magic)
    plot_problem(p, solve_all(p), out)
    assert out.read_bytes() == first
    assert sorted(x.name for x in tmp_path.iterdir()) == [f"fig{suffix}"]  # no temp files left


def test_plot_curve_and_empty_problem(tmp_path):
    c = BargainingProblem.from_frontier_function(["A", "B"], lambda x: 1 - x * x, (0, 1), [0, 0])
    assert plot_problem(c, solve_all(c), tmp_path / "c.svg").stat().st_size > 0
    e = BargainingProblem.from_outcomes(["A", "B"], [[0, 2], [2, 0]], [1, 1])
    assert plot_problem(e, solve_all(e), tmp_path / "e.png").stat().st_size > 0


def test_plot_refuses_other_formats_and_more_players(tmp_path):
    with pytest.raises(GameError, match=r"\.png or \.svg"):
        plot_problem(problem(), [], tmp_path / "fig.pdf")
    three = BargainingProblem.from_outcomes(["A", "B", "C"], [[1, 1, 1]], [0, 0, 0])
    with pytest.raises(GameError, match="two-player"):
        plot_problem(three, [], tmp_path / "fig.png")
    assert list(tmp_path.iterdir()) == []


def test_bargaining_modules_do_not_import_matplotlib_or_qhull():
    code = (
        "import sys, negotiate.bargaining.problem, negotiate.bargaining.solutions, "
        "negotiate.bargaining.plot, negotiate.bargaining.spec, negotiate.bargaining.twolevel; "
        "print(any(m.startswith(('matplotlib', 'scipy.spatial')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
