"""Where games come from: the built-in payoff files, user paths, and Gambit ``.nfg`` files.

A GAME argument is a path to a file or the name of a built-in game (``us_russia``); paths win
when both exist. Built-in games ship inside the installed package, so they are found wherever
negotiate is installed, editable or not.
"""

from __future__ import annotations

import os
import tomllib
from importlib import resources
from pathlib import Path

from negotiate.errors import FileAccessError, NegotiateError
from negotiate.expressions import suggest
from negotiate.payoff_file import load_spec, read_bytes
from negotiate.spec import GameSpec

_BUILTIN_PACKAGE = "negotiate._builtin_games"
_GAME_SUFFIX = ".toml"


def _builtin_root():
    """The installed games folder; in a source checkout that is not installed, ``games/``."""
    try:
        return resources.files(_BUILTIN_PACKAGE)
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "games"


def builtin_names() -> list[str]:
    """Names of the built-in games (payoff files), sorted."""
    return sorted(
        entry.name[: -len(_GAME_SUFFIX)]
        for entry in _builtin_root().iterdir()
        if entry.name.endswith(_GAME_SUFFIX) and not entry.name.endswith(".scenario.toml")
    )


def builtin_scenarios() -> list[str]:
    """Names of the built-in scenario files, sorted."""
    suffix = ".scenario.toml"
    return sorted(
        entry.name[: -len(suffix)]
        for entry in _builtin_root().iterdir()
        if entry.name.endswith(suffix)
    )


def builtin_path(name: str) -> Path:
    """Filesystem path of a built-in file (``name`` with or without ``.toml``)."""
    file = name if name.endswith(_GAME_SUFFIX) else name + _GAME_SUFFIX
    entry = _builtin_root() / file
    return Path(str(entry))


def locate(game: str) -> tuple[Path, str]:
    """Resolve a GAME argument to ``(path, display name)``.

    Raises
    ------
    FileAccessError
        When ``game`` is neither an existing path nor a built-in name; suggests the closest.
    """
    path = Path(game)
    if path.exists():
        return path, game
    bare = game[: -len(_GAME_SUFFIX)] if game.endswith(_GAME_SUFFIX) else game
    names = builtin_names() + builtin_scenarios()
    if "/" not in game and "\\" not in game:
        candidate = builtin_path(bare)
        scenario = builtin_path(bare + ".scenario")
        if bare in builtin_names() and candidate.is_file():
            return candidate, f"{bare} (built-in)"
        if bare in builtin_scenarios() and scenario.is_file():
            return scenario, f"{bare} (built-in scenario)"
    hint = suggest(bare, names)
    listing = ", ".join(names) if names else "none"
    raise FileAccessError(
        f"{game}: no such file, and no built-in game of that name{hint}; built-in: {listing}"
    )


def load(game: str | os.PathLike[str]) -> GameSpec:
    """Load a GAME argument (built-in name, payoff file or ``.nfg`` file) as a :class:`GameSpec`."""
    path, display = locate(os.fspath(game))
    return load_path(path, display)


def load_path(path: Path, display: str) -> GameSpec:
    """Load the file at ``path``: a Gambit ``.nfg`` file by its suffix, else a payoff file.

    A ``.nfg`` game becomes a spec with constant payoffs (exact where the file's numbers are),
    no parameters and no provenance; errors name ``display`` and the line.
    """
    if path.suffix.lower() == ".nfg":
        from negotiate.nfg import parse_nfg

        return GameSpec.from_game(parse_nfg(read_bytes(path, display), display), origin=display)
    return load_spec(path, display)


def builtin_summary(name: str) -> dict[str, object]:
    """Title, players, strategies (one list per player, empty for a bargaining-only game) and
    parameter names of a built-in game, read from its file's header.

    For ``negotiate list``: the game is not built (building the settlement checks its
    disagreement point by linear programming, most of a second with scipy's import). The
    built-in files are validated by the test suite, which also checks that this summary
    agrees with :func:`load`.
    """
    data = tomllib.loads(read_bytes(builtin_path(name), name).decode("utf-8"))
    players = [str(p) for p in data.get("players", [])]
    strategies = data.get("strategies", {})
    return {
        "title": str(data.get("title", name)),
        "players": players,
        "strategies": [[str(s) for s in strategies[p]] for p in players if p in strategies],
        "parameters": [str(k) for k in data.get("parameters", {})],
    }


def is_scenario(path: Path) -> bool:
    """True when the file at ``path`` is a scenario (a TOML table of ``games``, no
    ``players``); unreadable or invalid files are left to the game reader to report."""
    if path.suffix.lower() != ".toml":
        return False
    try:
        data = tomllib.loads(read_bytes(path, str(path)).decode("utf-8"))
    except (NegotiateError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return "games" in data and "players" not in data
