"""The one exception tree of negotiate.

Every error a user can cause derives from :class:`NegotiateError`; the command line turns any
of them into exit status 2 and a single line on stderr. Messages are one line and say where
(file, key path) and what was expected.
"""

from __future__ import annotations


class NegotiateError(Exception):
    """Base of every error negotiate raises on purpose."""


class PayoffFileError(NegotiateError):
    """A payoff or scenario file is unreadable, malformed or unsafe.

    Parameters
    ----------
    problems
        Every problem found, each one line ``"file: key.path: message"``. The first is the
        exception's message; :attr:`problems` keeps them all so ``negotiate validate`` can
        list them.
    """

    def __init__(self, problems: list[str] | str) -> None:
        if isinstance(problems, str):
            problems = [problems]
        if not problems:
            raise ValueError("PayoffFileError needs at least one problem")
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__(self.problems[0])

    def summary(self) -> str:
        """The first problem, with a count of the others."""
        more = len(self.problems) - 1
        if more == 0:
            return self.problems[0]
        noun = "problem" if more == 1 else "problems"
        return f"{self.problems[0]} (and {more} more {noun}; run `negotiate validate` to list them)"


class FileAccessError(PayoffFileError):
    """The file cannot be read at all (missing, a directory, no permission, too large)."""


class ExpressionError(NegotiateError):
    """A payoff expression is not in the safe arithmetic language, or cannot be evaluated.

    The loader prefixes the file and key path before showing it to the user.
    """


class GameError(NegotiateError):
    """A game object was built from inconsistent parts (shapes, names, parameters)."""


class SolverError(NegotiateError):
    """A numerical routine failed (for example a linear program reported no solution)."""


class VerificationError(NegotiateError):
    """A computed equilibrium failed its re-check: some player gains by deviating."""


class BackendError(NegotiateError):
    """Work cannot be run where it was asked to: Dask is not installed, or its scheduler is
    unreachable or has no workers."""
