"""Packaging: every package of the source tree is installed, with the built-in games.

A package missing from pyproject's list works in a checkout and in an editable install but
is absent after a plain `pip install .`; this test catches that without installing.
"""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _declared() -> list[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["tool"]["setuptools"]["packages"]


def test_every_package_in_the_source_tree_is_declared():
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "negotiate").rglob("__init__.py")
    }
    assert found <= set(_declared()), sorted(found - set(_declared()))


def test_the_builtin_games_are_shipped_as_package_data():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = data["tool"]["setuptools"]
    assert "negotiate._builtin_games" in setuptools["packages"]
    assert setuptools["package-dir"]["negotiate._builtin_games"] == "games"
    assert "*.toml" in data["tool"]["setuptools"]["package-data"]["negotiate._builtin_games"]


def test_the_installed_command_runs_the_main_job_outside_the_checkout(tmp_path):
    """The console script of this environment, run from elsewhere, imports the installed
    package (not the checkout) and finds the built-in games wherever they were installed."""
    import json
    import os
    import subprocess
    import sys

    import pytest

    script = Path(sys.executable).parent / "negotiate"
    if not script.exists():
        if os.environ.get("CI"):
            pytest.fail("CI installs the project, so the negotiate command must exist")
        pytest.skip("negotiate is not installed in this environment")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(script), "report", "--format", "json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "The Anchorage summit"
