"""Atomic file output: write to a temporary file beside the target, then rename over it.

An interrupted run never leaves a half-written plot, CSV or report, and a file is only
replaced once its new content is complete.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from negotiate.errors import NegotiateError


class OutputError(NegotiateError):
    """An output file cannot be written (missing folder, no permission, exists)."""


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike, overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it to ``target``."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: folder {folder} does not exist")
    if target.exists() and not overwrite:
        raise OutputError(f"{target}: already exists (use --force to replace it)")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=folder)
    except OSError as err:
        raise OutputError(f"{target}: cannot write ({err.strerror})") from None
    os.close(fd)
    tmp = Path(name)
    # mkstemp makes the file private; give it the mode a plain open() would (or keep the
    # mode of the file being replaced).
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
    os.chmod(tmp, mode)
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as err:
        raise OutputError(f"{target}: cannot write ({err.strerror})") from None
    finally:
        if tmp.exists():
            tmp.unlink()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_text(target: str | os.PathLike, text: str, overwrite: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``target`` atomically."""
    with atomic_path(target, overwrite) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


def write_with(
    target: str | os.PathLike, writer: Callable[[IO[bytes]], None], overwrite: bool = True
) -> None:
    """Let ``writer`` fill a binary file object, then move the file into place atomically."""
    with atomic_path(target, overwrite) as tmp, open(tmp, "wb") as handle:
        writer(handle)
