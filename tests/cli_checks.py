"""Helpers shared by the command-line tests: run a command, check a one-line error."""

from __future__ import annotations

from click.testing import CliRunner, Result

from cli import cli


def invoke(*args: object, runner: CliRunner | None = None) -> Result:
    """Run ``negotiate ARGS`` in process; exceptions propagate (nothing is swallowed)."""
    return (runner or CliRunner()).invoke(cli, [str(a) for a in args], catch_exceptions=False)


def assert_one_line_error(result: Result, *fragments: str) -> None:
    """Exit status 2, nothing on stdout, and exactly one ``error:`` line naming the fragments."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def run_ok(*args: object) -> str:
    """Run ``negotiate ARGS``: exit status 0, nothing on stderr; its stdout."""
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def run_error(*args: object) -> str:
    """Run ``negotiate ARGS``: a one-line error (:func:`assert_one_line_error`); its stderr."""
    result = invoke(*args)
    assert_one_line_error(result)
    return result.stderr
