"""The ``negotiate`` command line.

Results go to stdout, diagnostics to stderr. Every mistake a user can make (a missing or broken
file, a bad option, an unknown parameter) ends with exit status 2 and one line on stderr
starting ``error:``; ``--debug`` shows the Python traceback instead. Heavy modules (numpy,
scipy, matplotlib) are imported inside the commands, so ``negotiate --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

FORMATS = ("text", "markdown", "json")
METHODS = ("auto", "vertex", "lemke-howson", "support", "pure")


class UserError(click.ClickException):
    """A mistake the user can fix: exit status 2, one line on stderr."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def _debug(ctx: click.Context | None) -> bool:
    if os.environ.get("NEGOTIATE_DEBUG"):
        return True
    while ctx is not None:
        if isinstance(ctx.obj, dict) and ctx.obj.get("debug"):
            return True
        ctx = ctx.parent
    return False


class NegotiateGroup(click.Group):
    """Turns library errors into one-line messages and usage errors into one line too."""

    def invoke(self, ctx: click.Context) -> Any:
        from negotiate.errors import NegotiateError, PayoffFileError

        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except PayoffFileError as err:
            if _debug(ctx):
                raise
            raise UserError(err.summary()) from None
        except NegotiateError as err:
            if _debug(ctx):
                raise
            raise UserError(str(err)) from None
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as err:
            if _debug(ctx):
                raise
            raise UserError(
                f"internal error ({type(err).__name__}: {err}); this is a bug in negotiate: "
                "please report it with the output of --debug"
            ) from None

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as err:
            hint = ""
            if err.ctx is not None:
                hint = f" (see '{err.ctx.command_path} --help')"
            click.echo(f"error: {err.format_message()}{hint}", err=True)
            sys.exit(2)
        except click.ClickException as err:
            err.show()
            sys.exit(err.exit_code)
        except click.Abort:
            click.echo("error: aborted", err=True)
            sys.exit(1)
        except BrokenPipeError:
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _parse_sets(values: tuple[str, ...]) -> dict[str, float]:
    """``--set name=value`` pairs to a dict; values are numbers (``0.6``, ``3/5``)."""
    from fractions import Fraction

    result: dict[str, float] = {}
    for item in values:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name or not text:
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--set")
        try:
            result[name] = float(Fraction(text))
        except (ValueError, ZeroDivisionError):
            raise click.BadParameter(
                f"{name}: expected a number, got {text!r}", param_hint="--set"
            ) from None
    return result


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
set_option = click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a parameter of the game (repeatable), e.g. --set rapprochement=0.6.",
)


@click.group(cls=NegotiateGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="negotiate", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show Python tracebacks instead of one-line errors.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour headings in text output (default: only when stdout is a terminal and "
    "NO_COLOR is unset). JSON, CSV and LaTeX are never coloured.",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool, color: bool | None) -> None:
    """Game-theory models of negotiations, with the source of every payoff.

    GAME is the name of a built-in game (see `negotiate list`) or a path to a payoff file
    (TOML, see docs/payoff-files.md) or a Gambit .nfg file.

    \b
    Examples:
      negotiate list
      negotiate show us_russia --provenance
      negotiate solve us_russia --set rapprochement=0.6
      negotiate validate mygame.toml
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    if color is None and os.environ.get("NO_COLOR"):
        color = False
    # click.echo strips styles unless ctx.color is True or (None and stdout is a terminal).
    ctx.color = color


@cli.command("list")
@format_option
def list_games(fmt: str) -> None:
    """List the built-in games.

    \b
    Example:
      negotiate list --format markdown
    """
    from negotiate import catalog
    from negotiate.render import table, to_json

    rows = []
    for name in catalog.builtin_names():
        spec = catalog.load(name)
        shape = "x".join(str(len(s)) for s in spec.strategies)
        params = ", ".join(spec.parameters)
        rows.append([name, spec.title, ", ".join(spec.players), shape, params])
    if fmt == "json":
        keys = ("name", "title", "players", "shape", "parameters")
        click.echo(to_json([dict(zip(keys, r, strict=True)) for r in rows]))
        return
    click.echo(table(["game", "title", "players", "strategies", "parameters"], rows, fmt))


@cli.command()
@click.argument("game")
@set_option
@click.option("--provenance", is_flag=True, help="Show each payoff's formula, terms and sources.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice((*FORMATS, "latex")),
    default="text",
    show_default=True,
    help="Output format; latex: a booktabs table of the payoff matrix, for papers.",
)
def show(game: str, sets: tuple[str, ...], provenance: bool, fmt: str) -> None:
    """Show a game: players, strategies, parameters, payoffs (and their sources).

    \b
    Example:
      negotiate show us_russia --provenance --set rapprochement=0.5
      negotiate show us_russia --format latex > us_russia.tex
    """
    from negotiate import catalog
    from negotiate.render import render_game

    spec = catalog.load(game)
    instance = spec.instantiate(_parse_sets(sets))
    click.echo(render_game(spec, instance, fmt, provenance, color=True), nl=False)


@cli.command()
@click.argument("game")
@set_option
@click.option("--exact", is_flag=True, help="Exact rational arithmetic; probabilities as p/q.")
@click.option(
    "--method",
    type=click.Choice(METHODS),
    default="auto",
    show_default=True,
    help="auto: every equilibrium of two-player games, pure equilibria of larger games.",
)
@format_option
def solve(game: str, sets: tuple[str, ...], exact: bool, method: str, fmt: str) -> None:
    """Find and verify the Nash equilibria of a game.

    \b
    Example:
      negotiate solve us_russia --set rapprochement=0.6 --exact
    """
    from negotiate import catalog
    from negotiate.equilibria import solve as solve_game
    from negotiate.render import render_solve

    spec = catalog.load(game)
    instance = spec.instantiate(_parse_sets(sets), exact=exact)
    result = solve_game(instance, method=method, exact=exact)
    click.echo(render_solve(result, fmt, exact=exact, color=True), nl=False)


@cli.command()
@click.argument("file")
@format_option
@click.pass_context
def validate(ctx: click.Context, file: str, fmt: str) -> None:
    """Check a payoff file: format, expressions, provenance. Exit 1 listing every problem.

    \b
    Example:
      negotiate validate mygame.toml
    """
    from negotiate import catalog
    from negotiate.errors import FileAccessError, PayoffFileError
    from negotiate.render import to_json

    _, display = catalog.locate(file)
    try:
        spec = catalog.load(file)
        problems = list(spec.provenance_problems())
        if not problems:
            spec.instantiate()  # every payoff evaluates at the defaults
    except FileAccessError:
        raise  # not a problem in the file: the usual one-line error, exit 2
    except PayoffFileError as err:
        problems = list(err.problems)
    if fmt == "json":
        click.echo(to_json({"file": display, "ok": not problems, "problems": problems}))
    elif problems:
        noun = "problem" if len(problems) == 1 else "problems"
        click.echo(f"{display}: {len(problems)} {noun}")
        for line in problems:
            click.echo(f"  {line}")
    else:
        click.echo(
            f"{display}: ok ({len(spec.players)} players, {len(spec.terms)} terms, "
            f"{len(spec.parameters)} parameters; every payoff sourced)"
        )
    if problems:
        ctx.exit(1)


@cli.command(
    "new",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": False},
)
@click.argument(
    "args",
    nargs=-1,
    type=click.UNPROCESSED,
    metavar="FILE --players NAME... [--strategies LIST...] [--force]",
)
def new(args: tuple[str, ...]) -> None:
    """Write a commented payoff-file template, ready to fill in.

    Give one --strategies list per player, comma-separated (default: Cooperate,Defect).
    Refuses to overwrite an existing FILE unless --force is given.

    \b
    Example:
      negotiate new mygame.toml --players US EU --strategies "Consult,Bypass" "Align,Hedge"
    """
    from negotiate.atomic import write_text
    from negotiate.template import template

    file, players, strategies, force = _parse_new(args)
    write_text(file, template(players, strategies), overwrite=force)
    click.echo(f"wrote {file}; fill in the payoffs, then run: negotiate validate {file}", err=True)


def _parse_new(args: tuple[str, ...]) -> tuple[str, list[str], list[list[str]], bool]:
    file = None
    force = False
    lists: dict[str, list[str]] = {"--players": [], "--strategies": []}
    current: str | None = None
    for arg in args:
        if arg in lists:
            current = arg
        elif arg == "--force":
            force, current = True, None
        elif arg.startswith("--"):
            raise click.UsageError(f"No such option: {arg}")
        elif current is not None:
            lists[current].append(arg)
        elif file is None:
            file = arg
        else:
            raise click.UsageError(f"unexpected argument {arg!r}")
    if file is None:
        raise click.UsageError("Missing argument 'FILE'")
    if not lists["--players"]:
        raise click.UsageError("give the players, e.g. --players US EU")
    strategies = [[s.strip() for s in item.split(",")] for item in lists["--strategies"]]
    if not strategies:
        strategies = [["Cooperate", "Defect"] for _ in lists["--players"]]
    return file, lists["--players"], strategies, force


@cli.command()
@click.argument("game")
@set_option
@click.option(
    "--to",
    "target",
    type=click.Choice(("toml", "json", "nfg")),
    required=True,
    help="toml: our payoff format; json: players, strategies, payoffs; nfg: Gambit strategic form.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: stdout)."
)
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
def export(game: str, sets: tuple[str, ...], target: str, output: str | None, force: bool) -> None:
    """Export a game as a payoff file, JSON or a Gambit .nfg file.

    toml keeps the expressions, terms and provenance; json and nfg hold the payoffs at the
    given parameter values.

    \b
    Example:
      negotiate export us_russia --to nfg --set rapprochement=0.5 -o us_russia.nfg
    """
    from negotiate import catalog
    from negotiate.atomic import write_text

    spec = catalog.load(game)
    values = _parse_sets(sets)
    if target == "toml":
        from negotiate.toml_writer import spec_to_toml

        text = spec_to_toml(spec)
    elif target == "json":
        from negotiate.render import game_json, to_json

        text = to_json(game_json(spec, spec.instantiate(values), provenance=True)) + "\n"
    else:
        from negotiate.nfg import format_nfg

        text = format_nfg(spec.instantiate(values, exact=_all_rational(spec, values)))
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text(output, text, overwrite=force)


def _all_rational(spec: Any, values: dict[str, float]) -> bool:
    from negotiate.errors import NegotiateError

    try:
        spec.instantiate(values, exact=True)
    except NegotiateError:
        return False
    return True


def main() -> None:
    """Console entry point."""
    cli.main(prog_name="negotiate")


if __name__ == "__main__":
    main()
