"""negotiate sweep, robust and repeated: output, determinism and one-line errors."""

from __future__ import annotations

import json

import pytest

from tests.cli_checks import invoke, run_error, run_ok

run = invoke
error = run_error


def ok(*args: str) -> str:
    first = run_ok(*args)
    assert run_ok(*args) == first  # byte-identical across runs
    return first


# --- sweep --------------------------------------------------------------------------------------


def test_sweep_reports_exact_regimes_equilibria_and_2x2_classes():
    out = ok("sweep", "us_russia", "--param", "rapprochement=0:1:201")
    assert "1  [0, 2/3)       (Engage; Stall)" in out
    assert "(2/3, 5/6)" in out and "(5/6, 1]" in out
    assert "2/3            exact root" in out
    assert "2x2 class: Ch x Pd for rapprochement in [0, 2/3); Ch x Sh" in out


def test_sweep_json_and_csv():
    data = json.loads(
        ok("sweep", "us_russia", "--param", "rapprochement=0:1:51", "--format", "json")
    )
    assert [t["at"] for t in data["thresholds"]] == ["2/3", "5/6"]
    assert all(t["analytic"] for t in data["thresholds"])
    assert [len(r["equilibria"]) for r in data["regimes"]] == [1, 1, 1]
    assert data["regimes"][1]["equilibria"][0]["pure"] is False
    csv = ok("sweep", "us_eu", "--param", "rapprochement=0:1:51", "--format", "csv")
    lines = csv.splitlines()
    assert lines[0] == "kind,interval,low,high,equilibria,class"
    assert [line.split(",")[0] for line in lines[1:]] == ["regime"] * 3 + ["threshold"] * 2
    assert csv.endswith("\n")


def test_sweep_markdown_for_a_three_player_game_notes_pure_equilibria_only():
    out = ok("sweep", "great_powers", "--param", "rapprochement=0:1:21", "--format", "markdown")
    assert "| 1 | [0, 1/3) | (Contain; AlignChina; Embrace) |" in out
    assert "Note: 3-player game: all pure equilibria" in out


def test_sweep_with_jobs_gives_the_same_bytes():
    args = ["sweep", "us_russia", "--param", "rapprochement=0:1:3001", "--format", "json"]
    assert ok(*args, "--jobs", "2") == ok(*args)


def test_sweep_of_two_parameters_maps_the_regimes(tmp_path):
    args = ["sweep", "russia_ukraine", "--param", "rapprochement=0:1:21"]
    args += ["--param", "china_alignment=0:1:5"]
    out = ok(*args)
    assert "(FightOn; Hold)" in out and "(Ceasefire; Hold)" in out
    data = json.loads(ok(*args, "--format", "json"))
    assert len(data["map"]) == 5 and all(len(row) == 21 for row in data["map"])
    assert data["map"][0][0] == 1 and data["map"][0][-1] == 2
    # Russia's threshold rises with China's alignment (1/3 at 0, 2/3 at 1).
    first_ceasefire = [row.index(2) for row in data["map"]]
    assert first_ceasefire == sorted(first_ceasefire) and first_ceasefire[0] < first_ceasefire[-1]
    plot = tmp_path / "map.png"
    result = run(*args, "--plot", str(plot))
    assert result.exit_code == 0 and result.stderr == f"wrote {plot}\n"
    assert plot.read_bytes()[:4] == b"\x89PNG"


def test_sweep_plot_is_written_and_deterministic(tmp_path):
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    for path in (first, second):
        result = run("sweep", "us_russia", "--param", "rapprochement=0:1:41", "--plot", str(path))
        assert result.exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert b"<svg" in first.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--param", "rapprochement=0:1"], "expected NAME=LOW:HIGH:N"),
        (["--param", "rapprochement=1:0:5"], "need LOW < HIGH"),
        (["--param", "rapprochement=0:x:5"], "expected numbers"),
        (["--param", "rapprochment=0:1:5"], "unknown parameter 'rapprochment'"),
        (["--param", "rapprochement=0:2:5"], "rapprochement"),
        (["--param", "rapprochement=0:1:5", "--plot", "x.pdf"], "plots are written as .png"),
        (["--param", "rapprochement=0:1:5", "--set", "rapprochement=1"], "both swept and set"),
        (["--param", "rapprochement=0:1:5", "--jobs", "0"], "--jobs"),
    ],
)
def test_sweep_errors_are_one_line(args, message):
    assert message in error("sweep", "us_russia", *args)


def test_sweep_needs_a_param():
    assert "--param" in error("sweep", "us_russia")


# --- robust -------------------------------------------------------------------------------------


def test_robust_reports_frequencies_intervals_and_the_ordinal_view():
    out = ok("robust", "us_russia", "--samples", "500", "--seed", "3", "--noise", "0.5")
    assert "500 samples, seed 3, noise 0.5 (multiplicative" in out
    line = next(x for x in out.splitlines() if x.startswith("(Engage, Stall) is a pure"))
    assert line.split()[-2:] == ["yes", "always"]
    data = json.loads(
        ok(
            "robust",
            "us_russia",
            "--samples",
            "500",
            "--seed",
            "3",
            "--noise",
            "0.5",
            "--format",
            "json",
        )
    )
    for row in data["conclusions"]:
        low, high = row["interval"]
        assert low <= row["frequency"] <= high
    assert any(r["frequency"] < 1 for r in data["conclusions"])  # noise 0.5 moves something


def test_robust_depends_on_the_seed_and_reproduces_it():
    args = ["robust", "us_eu", "--samples", "300", "--noise", "0.8", "--format", "csv"]
    a, b = ok(*args, "--seed", "1"), ok(*args, "--seed", "2")
    assert a != b
    assert a.splitlines()[0] == "conclusion,count,frequency,low,high,baseline,ordinal"


def test_robust_additive_mode_and_errors():
    out = ok("robust", "us_russia", "--samples", "200", "--mode", "additive")
    assert "(additive: each payoff plus noise x payoff range" in out
    assert "--noise" in error("robust", "us_russia", "--noise", "-1")
    assert "--samples" in error("robust", "us_russia", "--samples", "0")
    assert "--mode" in error("robust", "us_russia", "--mode", "relative")


# --- repeated -----------------------------------------------------------------------------------


def test_repeated_gives_exact_grim_trigger_and_tit_for_tat_thresholds():
    out = ok("repeated", "us_russia", "--cooperate", "Engage,Deal", "--set", "rapprochement=0.5")
    assert "Sustainable for delta in [2/5, 1) (critical delta 2/5;" in out
    assert "Tit for tat" in out and "Folk theorem region" in out
    data = json.loads(ok("repeated", "us_russia", "--cooperate", "Engage,Deal", "--format", "json"))
    assert data["grim_trigger"]["status"] == "impossible"
    assert data["folk_region"]["minmax"] == [0.5, -2.0]


def test_repeated_plot_and_errors(tmp_path):
    plot = tmp_path / "folk.png"
    result = run("repeated", "us_russia", "--cooperate", "Engage,Deal", "--plot", str(plot))
    assert result.exit_code == 0 and plot.read_bytes()[:4] == b"\x89PNG"
    assert "has no strategy 'Dael'" in error("repeated", "us_russia", "--cooperate", "Engage,Dael")
    assert "expected 2 strategies" in error("repeated", "us_russia", "--cooperate", "Engage")
    assert "stage Nash equilibrium" in error(
        "repeated", "us_russia", "--cooperate", "Engage,Deal", "--punish", "Pressure,Stall"
    )
    assert "two players" in error(
        "repeated", "great_powers", "--cooperate", "Thaw,Balance,Hedge", "--plot", "x.png"
    )
