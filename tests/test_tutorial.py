"""docs/tutorial.md cannot go stale: its commands run here and their output is compared.

In each ```console block a line ``$ negotiate ...`` is a command and the lines after it, up to
the next command, are key lines of its output: each must appear, in order, among the lines of
the real output (stdout and stderr). A line ``...`` skips any number of lines; a line ending in
`` ...`` matches any line that starts with the rest. ``# exit status N`` after a command gives
its expected exit status (default 0). A ``<!-- tutorial-file: NAME -->`` comment before a
fenced block writes that block to NAME first; ``<!-- tutorial-append: NAME -->`` adds the
block to the end of NAME, as a reader editing the file would. The ``>>>`` examples run as
doctests, in order, in the same directory.
"""

import doctest
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "docs" / "tutorial.md"
STEP = re.compile(
    r"<!-- tutorial-(?P<mode>file|append): (?P<file>\S+) -->\n```\w*\n(?P<content>.*?)```"
    r"|```console\n(?P<console>.*?)```",
    flags=re.S,
)


def steps(text: str):
    """``("file" or "append", name, content)`` and ``("run", argv, expected lines, status)``,
    in order."""
    for m in STEP.finditer(text):
        if m["file"]:
            yield (m["mode"], m["file"], m["content"])
            continue
        current = None
        for line in m["console"].splitlines():
            if line.startswith("$ "):
                if current:
                    yield current
                command, _, comment = line[2:].partition("  #")
                status = re.search(r"exit status (\d+)", comment)
                argv = shlex.split(command)
                assert argv[0] == "negotiate", line
                current = ("run", argv[1:], [], int(status[1]) if status else 0)
            else:
                assert current is not None, f"output before any command: {line!r}"
                current[2].append(line.rstrip())
        if current:
            yield current


def missing_lines(expected: list[str], actual: list[str]) -> list[str]:
    """Expected key lines not found in order in ``actual`` (see the module docstring)."""
    position = 0
    skip = False
    for want in expected:
        if want == "...":
            skip = True
            continue
        prefix = want[:-4] if want.endswith(" ...") else None
        for k in range(position, len(actual)):
            got = actual[k].rstrip()
            if got == want or (prefix is not None and got.startswith(prefix)):
                if not skip and k != position:
                    return [want]  # without "...", key lines must be consecutive
                position = k + 1
                break
        else:
            return [want]
        skip = False
    return []


def test_the_tutorial_has_commands_a_file_and_python():
    kinds = [s[0] for s in steps(TUTORIAL.read_text("utf-8"))]
    assert kinds.count("file") == 1 and kinds.count("append") == 1 and kinds.count("run") >= 12
    commands = {s[1][0] for s in steps(TUTORIAL.read_text("utf-8")) if s[0] == "run"}
    assert {"new", "validate", "show", "solve", "analyze", "sweep", "report"} <= commands
    assert doctest.DocTestParser().get_examples(TUTORIAL.read_text("utf-8"))


def test_every_tutorial_command_prints_what_the_tutorial_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    runner = CliRunner()
    for step in steps(TUTORIAL.read_text("utf-8")):
        if step[0] == "file":
            (tmp_path / step[1]).write_text(step[2], encoding="utf-8")
            continue
        if step[0] == "append":
            with (tmp_path / step[1]).open("a", encoding="utf-8") as fh:
                fh.write("\n" + step[2])
            continue
        _, argv, expected, status = step
        result = runner.invoke(cli, argv, catch_exceptions=False)
        shown = "negotiate " + " ".join(argv)
        assert result.exit_code == status, f"{shown}: {result.output}"
        lines = result.output.splitlines()
        assert missing_lines(expected, lines) == [], f"{shown} printed:\n{result.output}"
    # then the Python part, in the same directory (it reads the file written above)
    failures, tried = doctest.testfile(
        str(TUTORIAL), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert tried > 0 and failures == 0


@pytest.mark.parametrize(
    ("expected", "ok"),
    [
        (["a", "b  extra"], True),
        (["b  extra"], False),  # the first key line is the first line, unless after "..."
        (["a", "c"], False),  # not consecutive without "..."
        (["a", "...", "c"], True),
        (["c", "a"], False),  # order matters
        (["b x ..."], False),
        (["...", "b ..."], True),
    ],
)
def test_key_line_matching(expected, ok):
    assert (missing_lines(expected, ["a", "b  extra", "c"]) == []) is ok
