"""The README's tour introduces every command exactly once, with a one-line purpose."""

import re
from pathlib import Path

from cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


def tour_lines() -> list[str]:
    text = README.read_text("utf-8")
    block = re.search(r"## A short tour\n\n```\n(.*?)```", text, flags=re.S)
    assert block, "README.md has no tour"
    return [line for line in block[1].splitlines() if line.startswith("negotiate ")]


def test_the_tour_mentions_every_command_once_with_its_purpose():
    commands = [line.split()[1] for line in tour_lines()]
    assert sorted(commands) == sorted(cli.commands)
    assert all(re.search(r" +# \S", line) for line in tour_lines())


def test_the_first_two_fenced_commands_install_then_report_and_test():
    fences = re.findall(r"```\n(.*?)```", README.read_text("utf-8"), flags=re.S)
    assert fences[0].strip().endswith(".venv/bin/negotiate report")
    assert fences[1].strip().endswith(".venv/bin/python -m pytest -q")
