"""``--color/--no-color`` and ``show --format latex``."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from negotiate.model import NormalFormGame
from negotiate.render import latex_escape, latex_game
from negotiate.spec import GameSpec

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def invoke(args, color=False, env=None):
    # CliRunner(color=True) behaves like a terminal: click keeps styles unless told otherwise.
    return CliRunner(env=env).invoke(cli, args, color=color, catch_exceptions=False)


@pytest.mark.parametrize("command", [["solve", "us_russia"], ["show", "us_russia"]])
def test_terminal_text_output_has_bold_headings(command):
    out = invoke(command, color=True).stdout
    assert ANSI.search(out)
    assert ANSI.sub("", out) == invoke(command).stdout  # colour adds styles, nothing else


@pytest.mark.parametrize("command", [["solve", "us_russia"], ["show", "us_russia"]])
def test_no_color_flag_and_no_color_env_turn_colour_off_on_a_terminal(command):
    assert not ANSI.search(invoke(["--no-color", *command], color=True).stdout)
    assert not ANSI.search(invoke(command, color=True, env={"NO_COLOR": "1"}).stdout)


def test_color_flag_forces_colour_when_not_a_terminal():
    assert ANSI.search(invoke(["--color", "solve", "us_russia"]).stdout)


@pytest.mark.parametrize("fmt", ["json", "markdown", "latex"])
def test_json_markdown_and_latex_are_never_coloured(fmt):
    command = "show" if fmt == "latex" else "solve"
    out = invoke(["--color", command, "us_russia", "--format", fmt], color=True).stdout
    assert not ANSI.search(out)


def test_piped_output_of_a_real_process_has_no_ansi_codes():
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    for args in (["solve", "us_russia"], ["show", "us_russia", "--provenance"], ["list"]):
        proc = subprocess.run(
            [sys.executable, str(ROOT / "cli.py"), *args],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        assert proc.stdout and not ANSI.search(proc.stdout + proc.stderr)


# --- LaTeX -------------------------------------------------------------------------------------


def test_latex_escape_covers_every_special_character():
    assert latex_escape("&%$#_{}~^\\<>|") == (
        r"\&\%\$\#\_\{\}\textasciitilde{}\textasciicircum{}\textbackslash{}"
        r"\textless{}\textgreater{}\textbar{}"
    )


def test_show_latex_is_a_booktabs_table_of_the_matrix():
    result = invoke(["show", "us_russia", "--format", "latex", "--set", "rapprochement=0.5"])
    assert result.exit_code == 0
    out = result.stdout
    for line in (r"\begin{tabular}{lcc}", r"\toprule", r"\midrule", r"\bottomrule"):
        assert line in out.splitlines()
    assert r"US & Deal & Stall \\" in out
    # the payoffs of games/us_russia.toml at rapprochement 0.5, as `show` prints them
    assert r"Engage & $2$, $1.5$ & $0.5$, $2$ \\" in out.splitlines()
    assert r"Pressure & $3$, $-4$ & $0$, $-2$ \\" in out.splitlines()
    assert "\x1b" not in out


def test_latex_escapes_names_and_handles_three_players():
    game = NormalFormGame.from_arrays(
        [[[1, 2], [3, 4]], [[5, 6], [7, 8]]],
        [[[1, 0], [0, 1]], [[0, 1], [1, 0]]],
        [[[0, 0], [0, -1]], [[0, 0], [0, 0]]],
        players=["R&D", "50%", "x_1"],
        strategies=[["a", "b"], ["c", "d"], ["$e", "f"]],
        title="A {tricky} #title",
    )
    out = latex_game(GameSpec.from_game(game), game)
    assert r"\caption{A \{tricky\} \#title}" in out
    assert r"R\&D & 50\% & x\_1 & $u$(R\&D) & $u$(50\%) & $u$(x\_1) \\" in out
    assert r"b & d & f & $8$, " not in out  # n-player: one column per payoff, not pairs
    assert r"b & d & f & $8$ & $0$ & $0$ \\" in out
    assert r"a & c & \$e & $1$ & $1$ & $0$ \\" in out


def test_latex_is_not_offered_by_other_commands():
    result = invoke(["solve", "us_russia", "--format", "latex"])
    assert result.exit_code == 2
