"""The public API: lazy top-level names, and every docstring example runs as a doctest."""

import contextlib
import doctest
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import negotiate

ROOT = Path(__file__).resolve().parent.parent

#: Modules whose docstrings document the public API; each must have examples.
DOCUMENTED = [
    "negotiate",
    "negotiate.api",
    "negotiate.equilibria",
    "negotiate.render",
    "negotiate.bargaining.solutions",
    "negotiate.bargaining.rubinstein",
    "negotiate.bargaining.fearon",
]
EVERY_MODULE = sorted(
    {"negotiate"} | {m.name for m in pkgutil.walk_packages(negotiate.__path__, "negotiate.")}
)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("name", EVERY_MODULE)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, report=True)
    assert result.failed == 0
    if name in DOCUMENTED:
        assert result.attempted > 0, f"{name} documents the public API without examples"


@pytest.mark.parametrize("name", negotiate.__all__)
def test_every_public_name_resolves_and_is_documented(name):
    value = getattr(negotiate, name)
    if name != "__version__":
        assert (value.__doc__ or "").strip(), f"negotiate.{name} has no docstring"
    assert name in dir(negotiate)


def test_unknown_names_raise_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'solv'"):
        _ = negotiate.solv


def test_import_negotiate_and_errors_stay_light():
    code = (
        "import sys, negotiate, negotiate.errors; "
        "heavy = sorted(m for m in ('numpy', 'scipy', 'click', 'negotiate.model') "
        "if m in sys.modules); print(heavy)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == "[]"


def test_top_level_round_trip_from_name_to_json():
    game = negotiate.load_game("us_russia", exact=True, rapprochement=0.75)
    data = negotiate.solve(game, exact=True).to_dict()
    assert data["complete"] is True
    assert all("exact" in e for e in data["equilibria"])
    assert negotiate.load_spec(negotiate.load_spec("us_russia")).players == ("US", "Russia")


def test_loading_a_builtin_game_leaves_the_public_names_alone():
    # The built-in games' data package was once negotiate.builtin_games: importing it (on
    # the first built-in load) replaced the public function of that name by the package.
    from negotiate import catalog

    negotiate.load_game("us_russia")
    # Installed, the data package exists and loading a game imported it; run from a source
    # checkout, there is none and the games are read from games/.
    with contextlib.suppress(ModuleNotFoundError):
        importlib.import_module(catalog._BUILTIN_PACKAGE)
    assert "us_russia" in negotiate.builtin_games()
    from negotiate import builtin_games

    assert callable(builtin_games)
