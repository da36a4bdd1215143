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


def formats(*extra: str, help: str = "Output format.") -> Any:
    """The ``--format`` option: text, markdown, json, and any ``extra`` formats."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice((*FORMATS, *extra)),
        default="text",
        show_default=True,
        help=help,
    )


format_option = formats()
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
        summary = catalog.builtin_summary(name)
        shape = "x".join(str(len(s)) for s in summary["strategies"]) or "bargaining"
        params = ", ".join(summary["parameters"])
        rows.append([name, summary["title"], ", ".join(summary["players"]), shape, params])
    if fmt == "json":
        keys = ("name", "title", "players", "shape", "parameters")
        click.echo(to_json([dict(zip(keys, r, strict=True)) for r in rows]))
        return
    click.echo(table(["game", "title", "players", "strategies", "parameters"], rows, fmt))


@cli.command()
@click.argument("game")
@set_option
@click.option("--provenance", is_flag=True, help="Show each payoff's formula, terms and sources.")
@formats("latex", help="Output format; latex: a booktabs table of the payoff matrix, for papers.")
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
@click.argument("game")
@set_option
@format_option
def analyze(game: str, sets: tuple[str, ...], fmt: str) -> None:
    """Dominance, security levels, Pareto-efficient outcomes (and the value of zero-sum games).

    Iterated elimination of strictly and of weakly dominated strategies (by pure or mixed
    strategies, linear programming), in the order stated; each player's maxmin strategy.

    \b
    Example:
      negotiate analyze us_eu --set rapprochement=0.5
    """
    from negotiate import catalog
    from negotiate.render_analysis import analyse, render_analysis

    instance = catalog.load(game).instantiate(_parse_sets(sets))
    click.echo(render_analysis(instance, analyse(instance), fmt), nl=False)


@cli.command()
@click.argument("scenario", required=False, default="summit")
@click.option(
    "--rapprochement",
    "--at",
    "values",
    multiple=True,
    type=float,
    metavar="VALUE",
    help="A value of the scenario parameter to report at (repeatable; default: low, mid, high).",
)
@click.option(
    "--plot",
    "plot_dir",
    type=click.Path(file_okay=False),
    help="Write the figures (PNG) into this folder.",
)
@formats("html", help="Output format; html is one self-contained page with the figures inline.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the report to this file (atomically) instead of stdout.",
)
def report(
    scenario: str,
    values: tuple[float, ...],
    plot_dir: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """The rapprochement report: equilibria, exact thresholds, who gains, the long game.

    SCENARIO is a scenario file or the name of a built-in one (default: summit, the
    Anchorage summit). The first value is the baseline that changes are measured from.

    \b
    Examples:
      negotiate report --rapprochement 0 --rapprochement 0.7
      negotiate report --format html -o report.html
    """
    from negotiate import catalog
    from negotiate.report import build_report
    from negotiate.report.render import render_report
    from negotiate.scenario import load_scenario

    path, display = catalog.locate(scenario)
    loaded = load_scenario(path, display)
    built = build_report(loaded, values or None)
    if fmt == "html":
        from negotiate.report.html import render_html

        text = render_html(built)
    else:
        text = render_report(built, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        from negotiate.atomic import write_text

        write_text(output, text)
        click.echo(f"wrote {output}", err=True)
    if plot_dir is not None:
        from negotiate.report.plots import write_figures

        for written in write_figures(built, plot_dir):
            click.echo(f"wrote {written}", err=True)


@cli.command()
@click.argument("file")
@format_option
@click.pass_context
def validate(ctx: click.Context, file: str, fmt: str) -> None:
    """Check a payoff file: format, expressions, provenance, then its claims.

    Exit 0 when the file is sound and every claim holds; 1 listing every problem, or every
    failing claim with its counterexample (claims language: docs/payoff-files.md, "Claims").

    \b
    Example:
      negotiate validate mygame.toml
    """
    from negotiate import catalog
    from negotiate.claims import check_claim, claims_report, parse_claims
    from negotiate.errors import FileAccessError, PayoffFileError
    from negotiate.render import to_json

    path, display = catalog.locate(file)
    if catalog.is_scenario(path):
        _validate_scenario(ctx, path, display, fmt)
        return
    results = []
    try:
        spec = catalog.load(file)
        problems = list(spec.provenance_problems())
        claims, claim_problems = parse_claims(spec)
        problems += claim_problems
        if not problems and spec.strategies:  # a bargaining table is evaluated on loading
            spec.instantiate()  # every payoff evaluates at the defaults
            results = [check_claim(spec, c) for c in claims]
    except FileAccessError:
        raise  # not a problem in the file: the usual one-line error, exit 2
    except PayoffFileError as err:
        problems = list(err.problems)
    failing = [r for r in results if not r.holds]
    if fmt == "json":
        click.echo(
            to_json(
                {
                    "file": display,
                    "ok": not problems and not failing,
                    "problems": problems,
                    "claims": claims_report(results),
                }
            )
        )
    elif problems:
        noun = "problem" if len(problems) == 1 else "problems"
        click.echo(f"{display}: {len(problems)} {noun}")
        for line in problems:
            click.echo(f"  {line}")
    elif failing:
        click.echo(f"{display}: {len(failing)} of {len(results)} claims fail")
        for r in failing:
            click.echo(f"  {r.line()}")
    else:
        held = f"; {len(results)} claims hold" if results else ""
        click.echo(
            f"{display}: ok ({len(spec.players)} players, {len(spec.terms)} terms, "
            f"{len(spec.parameters)} parameters; every payoff sourced{held})"
        )
    if problems or failing:
        ctx.exit(1)


def _validate_scenario(ctx: click.Context, path: Any, display: str, fmt: str) -> None:
    """``validate`` on a scenario: its format, its games, links and their provenance, and
    one evaluation at the defaults."""
    from negotiate.errors import PayoffFileError
    from negotiate.render import to_json
    from negotiate.scenario import load_scenario

    problems: list[str] = []
    try:
        scenario = load_scenario(path, display)
        scenario.evaluate()
    except PayoffFileError as err:
        problems = list(err.problems)
    if fmt == "json":
        data = {"file": display, "ok": not problems, "problems": problems, "claims": []}
        click.echo(to_json(data))
    elif problems:
        noun = "problem" if len(problems) == 1 else "problems"
        click.echo(f"{display}: {len(problems)} {noun}")
        for line in problems:
            click.echo(f"  {line}")
    else:
        click.echo(
            f"{display}: ok (scenario: {len(scenario.games)} games, {len(scenario.links)} "
            "links, every link sourced; validate each game file for its own claims)"
        )
    if problems:
        ctx.exit(1)


@cli.command()
@click.argument("game")
@set_option
@format_option
@click.option(
    "--plot",
    "plot_file",
    type=click.Path(dir_okay=False),
    help="Also draw the feasible set, frontier, disagreement point and solutions (.png or .svg).",
)
def bargain(game: str, sets: tuple[str, ...], fmt: str, plot_file: str | None) -> None:
    """Solve the [bargaining] table of a game: frontier, disagreement point, the Nash,
    Kalai-Smorodinsky, egalitarian and utilitarian solutions (payoffs, shares, who gains),
    the Rubinstein split, Fearon's range and the two-level overlap of win-sets.

    \b
    Example:
      negotiate bargain ukraine_settlement --set rapprochement=0.6 --plot settlement.svg
    """
    from negotiate import catalog
    from negotiate.bargain import bargaining_report, has_bargaining, render_bargain
    from negotiate.errors import GameError

    if plot_file is not None and not plot_file.lower().endswith((".png", ".svg")):
        raise click.BadParameter(
            f"expected a .png or .svg file, got {plot_file!r}", param_hint="--plot"
        )
    spec = catalog.load(game)
    if not has_bargaining(spec):
        raise GameError(f"{spec.origin}: no [bargaining] table; see docs/bargaining.md")
    report = bargaining_report(spec, _parse_sets(sets))
    click.echo(render_bargain(report, fmt), nl=False)
    if plot_file is not None:
        from negotiate.bargaining.plot import plot_problem

        plot_problem(report.problem, report.solutions, plot_file)
        click.echo(f"wrote {plot_file}", err=True)


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


# --- comparative statics: sweep, robust, repeated ----------------------------------------------


class _LazyProgress:
    """A click progress bar on stderr that appears only once the work has run for a second."""

    def __init__(self, total: int, label: str) -> None:
        import time

        self.total = max(int(total), 1)
        self.label = label
        self.start = time.monotonic()
        self.bar: Any = None
        self.shown = 0

    def __call__(self, done: int, total: int | None = None) -> None:
        import time

        if total is not None:
            self.total = max(int(total), 1)
        if self.bar is None:
            if time.monotonic() - self.start < 1.0:
                return
            self.bar = click.progressbar(
                length=self.total, label=self.label, file=click.get_text_stream("stderr")
            )
            self.bar.__enter__()
        target = min(int(done), self.total)
        if target > self.shown:
            self.bar.update(target - self.shown)
            self.shown = target

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def jobs_option(what: str) -> Any:
    return click.option(
        "--jobs",
        type=click.IntRange(1, 256),
        default=1,
        show_default=True,
        help=f"Local processes to {what} with (with --scheduler local: the cluster's workers); "
        "the result is the same for any number.",
    )


scheduler_option = click.option(
    "--scheduler",
    metavar="[ADDRESS|local]",
    is_flag=False,
    flag_value="local",
    help="Run the work on Dask: the ADDRESS of a running scheduler (e.g. "
    "--scheduler tcp://10.0.0.5:8786), or 'local' (the default when no value is given) for a "
    "local cluster of --jobs workers for this run. Needs `pip install negotiate[distributed]` "
    "here and the same negotiate version on the scheduler's workers; the result is the same "
    "as without.",
)


def _backend(jobs: int, scheduler: str | None) -> Any:
    """The context manager of the backend for ``--jobs`` and ``--scheduler``."""
    from negotiate.distributed import open_backend

    if scheduler is not None and scheduler != "local" and jobs != 1:
        raise click.BadParameter(
            "--jobs sizes local work; a scheduler at an ADDRESS uses its own workers",
            param_hint="--jobs",
        )
    return open_backend(jobs, scheduler)


def _parse_ranges(values: tuple[str, ...]) -> list[tuple[str, float, float, int]]:
    """``--param name=LOW:HIGH:N`` to ``(name, low, high, n)``."""
    from fractions import Fraction

    out = []
    for item in values:
        name, sep, text = item.partition("=")
        parts = text.split(":")
        if not sep or not name.strip() or len(parts) != 3:
            raise click.BadParameter(
                f"expected NAME=LOW:HIGH:N, got {item!r}", param_hint="--param"
            )
        try:
            low, high = float(Fraction(parts[0])), float(Fraction(parts[1]))
            n = int(parts[2])
        except (ValueError, ZeroDivisionError):
            raise click.BadParameter(
                f"{name.strip()}: expected numbers LOW:HIGH and an integer N, got {text!r}",
                param_hint="--param",
            ) from None
        if not low < high or n < 2:
            raise click.BadParameter(
                f"{name.strip()}: need LOW < HIGH and N >= 2, got {text!r}", param_hint="--param"
            )
        out.append((name.strip(), low, high, n))
    if len(out) > 2:
        raise click.BadParameter("give one or two parameters", param_hint="--param")
    return out


@cli.command("sweep")
@click.argument("game")
@click.option(
    "--param",
    "params",
    multiple=True,
    required=True,
    metavar="NAME=LOW:HIGH:N",
    help="Parameter to sweep over N grid values from LOW to HIGH; give two for a regime map.",
)
@set_option
@formats("csv")
@click.option("--plot", type=click.Path(dir_okay=False), help="Also draw the sweep (.png, .svg).")
@jobs_option("sweep")
@scheduler_option
def sweep_command(
    game: str,
    params: tuple[str, ...],
    sets: tuple[str, ...],
    fmt: str,
    plot: str | None,
    jobs: int,
    scheduler: str | None,
) -> None:
    """Regimes of equilibria along one parameter (exact thresholds), or a map over two.

    With one --param: the regimes (intervals with the same equilibrium structure), the exact
    boundaries between them (p/q where the payoffs are affine in the parameter, else found by
    bisection), the equilibria in each and, for 2x2 games, the game's class in the
    Robinson-Goforth topology. With two: the regime of every grid point.

    \b
    Examples:
      negotiate sweep us_russia --param rapprochement=0:1:201
      negotiate sweep russia_ukraine --param rapprochement=0:1:41 \\
          --param china_alignment=0:1:21 --plot map.png
      negotiate sweep us_russia --param rapprochement=0:1:100001 --scheduler local --jobs 2
    """
    from negotiate import catalog

    spec = catalog.load(game)
    ranges = _parse_ranges(params)
    fixed = _parse_sets(sets)
    for name, low, high, _ in ranges:
        if name in fixed:
            raise click.BadParameter(f"{name} is both swept and set", param_hint="--set")
        spec.resolve({name: [low, high], **fixed})  # names and declared ranges
    total = ranges[0][3] * (ranges[1][3] if len(ranges) == 2 else 1)
    with _backend(jobs, scheduler) as backend:
        progress = _LazyProgress(total, "sweeping")
        try:
            text = _sweep_text(spec, ranges, fixed, fmt, plot, progress, backend)
        finally:
            progress.close()
    click.echo(text, nl=False)
    if plot:
        click.echo(f"wrote {plot}", err=True)


def _sweep_text(
    spec: Any,
    ranges: list[tuple[str, float, float, int]],
    fixed: dict[str, float],
    fmt: str,
    plot: str | None,
    progress: Any,
    backend: Any,
) -> str:
    """The sweep (one parameter) or regime map (two) as text, drawn to ``plot`` if given."""
    from negotiate import statics
    from negotiate.sweep import solving_classifier, sweep

    if len(ranges) == 1:
        name, low, high, n = ranges[0]
        result = sweep(
            spec,
            name,
            solving_classifier(spec, name, fixed),
            low,
            high,
            fixed,
            grid=n - 1,
            progress=progress,
            classify_many=statics.many_classifier(spec, name, fixed, backend),
        )
        text = statics.render_sweep(spec, result, fmt, n)
        if plot:
            statics.plot_sweep(spec, result, plot)
        return text
    evaluate = statics.point_classifier(spec, fixed, backend)
    rmap = statics.regime_map(spec, ranges[0], ranges[1], fixed, evaluate)
    text = statics.render_map(spec, rmap, fmt)
    if plot:
        statics.plot_map(spec, rmap, plot)
    return text


@cli.command("robust")
@click.argument("game")
@click.option(
    "--noise", type=click.FloatRange(0), default=0.2, show_default=True, help="Noise level."
)
@click.option(
    "--samples", type=click.IntRange(1), default=10_000, show_default=True, help="Samples."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the draws.")
@click.option(
    "--mode",
    type=click.Choice(("multiplicative", "additive")),
    default="multiplicative",
    show_default=True,
    help="multiplicative: terms x (1 + noise e); additive: payoffs + noise x range x e.",
)
@set_option
@formats("csv")
@jobs_option("solve")
@scheduler_option
def robust_command(
    game: str,
    noise: float,
    samples: int,
    seed: int,
    mode: str,
    sets: tuple[str, ...],
    fmt: str,
    jobs: int,
    scheduler: str | None,
) -> None:
    """How often each equilibrium conclusion survives random payoff errors.

    Perturbs every payoff term (or payoff) with uniform noise, re-solves, and reports each
    conclusion's frequency with its 95% Wilson interval, whether it holds in the game as
    written, and the ordinal view (does it hold for every payoff assignment that keeps each
    player's ranking of outcomes). The same seed gives the same output.

    \b
    Examples:
      negotiate robust us_russia --noise 0.2 --samples 10000 --seed 0
      negotiate robust us_russia --samples 1000000 --scheduler tcp://10.0.0.5:8786
    """
    from negotiate import catalog, statics
    from negotiate.robust import ordinal_view, robustness

    spec = catalog.load(game)
    values = _parse_sets(sets)
    with _backend(jobs, scheduler) as backend:
        progress = _LazyProgress(samples, "sampling")
        try:
            result = robustness(
                spec,
                values,
                noise=noise,
                samples=samples,
                seed=seed,
                mode=mode,
                # Smaller chunks spread over the workers; the result never depends on them.
                chunk_size=statics.CHUNK if backend.parallel else 8192,
                solve_batch=statics.robust_solve_batch(spec),
                progress=progress,
                backend=backend,
            )
        finally:
            progress.close()
    ordinal = ordinal_view(spec.payoff_batch(values))
    click.echo(statics.render_robust(spec, result, ordinal, fmt), nl=False)


def _profile(spec: Any, text: str, option: str) -> tuple[int, ...]:
    names = [s.strip() for s in text.split(",")]
    if len(names) != len(spec.players):
        raise click.BadParameter(
            f"expected {len(spec.players)} strategies, one per player "
            f"({', '.join(spec.players)}), got {text!r}",
            param_hint=option,
        )
    out = []
    for i, name in enumerate(names):
        if name not in spec.strategies[i]:
            from negotiate.expressions import suggest

            raise click.BadParameter(
                f"{spec.players[i]} has no strategy {name!r}{suggest(name, spec.strategies[i])}; "
                f"strategies: {', '.join(spec.strategies[i])}",
                param_hint=option,
            )
        out.append(spec.strategies[i].index(name))
    return tuple(out)


@cli.command("repeated")
@click.argument("game")
@click.option(
    "--cooperate", required=True, metavar="S1,S2,...", help="The profile to sustain, by name."
)
@click.option(
    "--punish",
    metavar="S1,S2,...",
    help="A stage Nash equilibrium to revert to (default: minmax punishment).",
)
@set_option
@click.option("--plot", type=click.Path(dir_okay=False), help="Draw the folk region (.png, .svg).")
@format_option
def repeated_command(
    game: str,
    cooperate: str,
    punish: str | None,
    sets: tuple[str, ...],
    plot: str | None,
    fmt: str,
) -> None:
    """When can a cooperative profile be sustained in the repeated game?

    Grim trigger's critical discount factor (exact where the payoffs are), tit for tat's
    (2x2 games) and, for two players, the feasible and individually rational payoffs of the
    folk theorem.

    \b
    Example:
      negotiate repeated us_russia --cooperate "Engage,Deal" --set rapprochement=0.5
    """
    from negotiate import catalog, statics
    from negotiate.repeated import folk_region, grim_trigger, plot_folk, tit_for_tat

    spec = catalog.load(game)
    values = _parse_sets(sets)
    stage = spec.instantiate(values, exact=_all_rational(spec, values))
    cooperative = _profile(spec, cooperate, "--cooperate")
    punishment = _profile(spec, punish, "--punish") if punish else None
    grim = grim_trigger(stage, cooperative, punishment)
    tft = tit_for_tat(stage, cooperative) if stage.shape == (2, 2) else None
    folk = folk_region(stage) if stage.n_players == 2 else None
    if plot and folk is None:
        raise click.BadParameter("the folk region is drawn for two players", param_hint="--plot")
    click.echo(statics.render_repeated(stage, grim, tft, folk, fmt), nl=False)
    if plot:
        plot_folk(stage, plot)
        click.echo(f"wrote {plot}", err=True)


def main() -> None:
    """Console entry point."""
    cli.main(prog_name="negotiate")


if __name__ == "__main__":
    main()
