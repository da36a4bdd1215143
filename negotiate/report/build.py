r"""Build the report of a scenario: the data, with no formatting.

For the scenario parameter :math:`t` (``rapprochement``) on its range:

1. **Values.** The scenario is evaluated at each requested value: every game solved completely
   (verified equilibria), one equilibrium selected per game for the links and the summary.
2. **Thresholds.** The whole scenario is classified by the tuple of its games' equilibrium
   structures. Exact candidates come from each game whose payoffs are affine in :math:`t`
   (:func:`negotiate.sweep.affine_candidates`); for a game whose parameters are set by links,
   from the same roots within each stretch where the linked values stay constant (between
   changes of the games that pass them on, found first). Any other change is located by
   bisection (:func:`negotiate.sweep.find_regimes`), the structure at the grid and bisection
   points computed for many values at once (:func:`negotiate.scenario_batch.scenario_signatures`)
   and the regimes and thresholds themselves by full, verified evaluations. Each game's
   regimes are the scenario's regimes merged where that game's structure does not change.
3. **Long game.** The critical discount factor of grim trigger
   (:func:`negotiate.repeated.grim_trigger`) at each value, and the exact values of :math:`t`
   where its status changes.
4. **Sources.** Every term, link and long-game reading with its paragraph tags, numbered as
   footnotes.
5. **Checks.** Each game's ``[[claims]]`` (the facts the article states, such as "no formal
   agreement at the summit") checked on the game as written (:mod:`negotiate.claims`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiate.bargain import BargainReport
from negotiate.claims import ClaimResult, check_claims
from negotiate.errors import GameError
from negotiate.model import Equilibrium, Provenance
from negotiate.notebook import Notebook
from negotiate.repeated import GrimTrigger, grim_trigger
from negotiate.scenario import GameEntry, GameOutcome, Scenario, ScenarioResult
from negotiate.scenario_batch import scenario_signatures
from negotiate.sweep import (
    Point,
    Regime,
    Threshold,
    affine_candidates,
    equilibrium_signature,
    find_regimes,
)

QUESTION = "What are the equilibria, and how does {parameter} shift them?"
#: Grid cells for detecting changes that have no exact candidate (bisection does the rest).
GRID = 16


@dataclass(frozen=True)
class Footnote:
    """One numbered source: what it backs, the paragraphs, and why (or the assumption)."""

    number: int
    subject: str
    formula: str
    provenance: Provenance


@dataclass(frozen=True, eq=False)
class GameSection:
    """One game of the scenario across the parameter."""

    name: str
    entry: GameEntry
    regimes: tuple[Regime, ...]  # result: the ScenarioResult at the regime's midpoint
    thresholds: tuple[Threshold, ...]  # result: the ScenarioResult at the threshold
    footnotes: tuple[Footnote, ...]
    incoming: tuple[str, ...]  # parameters set by links

    @property
    def title(self) -> str:
        return self.entry.spec.title or self.name


@dataclass(frozen=True, eq=False)
class BargainSection:
    """A bargaining game of the scenario at each reported value (its inputs move with the
    scenario parameter and the links, continuously: it has no thresholds)."""

    name: str
    entry: GameEntry
    at_values: tuple[tuple[float, BargainReport], ...]
    footnotes: tuple[Footnote, ...]
    incoming: tuple[str, ...]

    @property
    def title(self) -> str:
        return self.entry.spec.title or self.name


@dataclass(frozen=True, eq=False)
class LongGameSection:
    """The repeated reading of one game at each value, and where its status changes."""

    game: str
    cooperate: tuple[str, ...]
    punishment: str
    at_values: tuple[tuple[float, GrimTrigger], ...]
    changes: tuple[Threshold, ...]  # result: the GrimTrigger at the change point
    regimes: tuple[Regime, ...]  # result: the GrimTrigger at the midpoint
    footnote: Footnote


@dataclass(frozen=True, eq=False)
class Report(Notebook):
    """Everything ``negotiate report`` prints, computed once.

    In a notebook the report displays as headings and tables (``_repr_html_``,
    ``_repr_markdown_``, the blocks the command line prints); :meth:`to_dict` is its JSON.
    """

    scenario: Scenario
    parameter: str
    low: float
    high: float
    values: tuple[float, ...]
    at_values: tuple[ScenarioResult, ...]
    sections: tuple[GameSection, ...]
    long_game: LongGameSection | None
    link_footnotes: tuple[Footnote, ...]
    bargains: tuple[BargainSection, ...] = ()
    claims: tuple[tuple[str, ClaimResult], ...] = ()

    @property
    def question(self) -> str:
        return self.scenario.question or QUESTION.format(parameter=self.parameter)

    @property
    def baseline(self) -> ScenarioResult:
        return self.at_values[0]

    def footnotes(self) -> tuple[Footnote, ...]:
        notes = [f for s in self.sections for f in s.footnotes] + list(self.link_footnotes)
        notes += [f for b in self.bargains for f in b.footnotes]
        if self.long_game is not None:
            notes.append(self.long_game.footnote)
        return tuple(sorted(notes, key=lambda f: f.number))

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data: exactly what ``negotiate report --format json`` prints.

        Returns
        -------
        dict
            ``{"title", "question", "parameter", "values", "summary", "tolerance", "games",
            "links", "footnotes"}`` and ``"long_game"`` when the scenario has one (keys in
            ``docs/output-formats.md``, schema ``schema/report-output.schema.json``).
        """
        from negotiate.report.render import report_json

        return report_json(self)

    def _blocks(self) -> list[Any]:
        from negotiate.report.render import report_blocks

        return report_blocks(self)


def build_report(
    scenario: Scenario,
    values: Sequence[float] | None = None,
    parameter: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Solve ``scenario`` at ``values`` of ``parameter`` and find every threshold on its range.

    ``parameter`` defaults to the scenario's only parameter (``rapprochement``); ``values``
    default to its low end, midpoint and high end. The first value is the baseline that
    changes and gains are measured from.
    """
    parameter = parameter or _only_parameter(scenario)
    declared = scenario.parameters[parameter]
    if declared.low is None or declared.high is None or not declared.low < declared.high:
        raise GameError(f"{scenario.origin}: parameter {parameter!r} needs a range to report on")
    low, high = declared.low, declared.high
    if values is None:
        values = (low, (low + high) / 2, high)
    values = tuple(float(v) for v in values)
    for v in values:
        try:
            declared.check(v)
        except GameError as err:
            raise GameError(f"{scenario.origin}: {err}") from None

    # The reported values are solved whole, bargaining games included; the threshold search
    # needs only the equilibria (nothing links from a bargaining game), and reuses the
    # reported values where it probes them (the ends of the range, for one).
    at_values = tuple(scenario.evaluate({parameter: v}) for v in values)
    cache: dict[float, ScenarioResult] = dict(zip(values, at_values, strict=True))

    def evaluate(t: float) -> ScenarioResult:
        if t not in cache:
            cache[t] = scenario.evaluate({parameter: t}, bargains=False)
            if progress is not None:
                progress(len(cache))
        return cache[t]

    def classify(t: float) -> tuple[tuple, ScenarioResult]:
        result = evaluate(t)
        return tuple(equilibrium_signature(o.result) for o in result.outcomes), result

    def classify_many(ts: np.ndarray) -> list[tuple]:
        return scenario_signatures(scenario, parameter, ts)

    # The linked games' exact roots are computed where the values passed to them hold still:
    # between changes of the games they read links from. A first search finds those changes
    # (the games with outgoing links only), the second every game's.
    sources = [
        k
        for k, entry in enumerate(_normal_form(scenario))
        if any(link.source == entry.name for link in scenario.links)
    ]

    def upstream(signature: tuple) -> tuple:
        return tuple(signature[k] for k in sources)

    def classify_upstream(t: float) -> tuple[tuple, ScenarioResult]:
        signature, result = classify(t)
        return upstream(signature), result

    def classify_many_upstream(ts: np.ndarray) -> list[tuple]:
        return [upstream(signature) for signature in classify_many(ts)]

    candidates = _own_candidates(scenario, parameter, low, high)
    if scenario.links:
        regimes, _ = find_regimes(
            low, high, classify_upstream, candidates, GRID, None, classify_many_upstream
        )
        candidates += _linked_candidates(scenario, parameter, regimes, evaluate)
    regimes, thresholds = find_regimes(low, high, classify, candidates, GRID, None, classify_many)

    counter = _Counter()
    sections = tuple(
        _section(scenario, k, entry, regimes, thresholds, counter)
        for k, entry in enumerate(_normal_form(scenario))
    )
    bargains = tuple(
        BargainSection(
            name=entry.name,
            entry=entry,
            at_values=tuple(
                (v, r.bargains[entry.name]) for v, r in zip(values, at_values, strict=True)
            ),
            footnotes=tuple(
                counter.note(f"{entry.name}: {t.name}", t.expression.text, t.provenance)
                for t in entry.spec.terms
            ),
            incoming=tuple(k.parameter for k in scenario.links if k.target == entry.name),
        )
        for entry in scenario.games
        if not entry.spec.strategies
    )
    link_notes = tuple(
        counter.note(
            f"link {link.source} -> {link.target}.{link.parameter}",
            _link_formula(link),
            link.provenance,
        )
        for link in scenario.links
    )

    def outcome(t: float, name: str) -> GameOutcome:
        # From an evaluation already done, else solving just the game and what links into it.
        if t in cache:
            return cache[t].outcome(name)
        return scenario.evaluate({parameter: t}, bargains=False, only=name).outcome(name)

    long_game = None
    if scenario.long_game is not None:
        long_game = _long_game(scenario, parameter, values, low, high, outcome, counter)
    return Report(
        scenario=scenario,
        parameter=parameter,
        low=low,
        high=high,
        values=values,
        at_values=at_values,
        sections=sections,
        long_game=long_game,
        link_footnotes=link_notes,
        bargains=bargains,
        claims=tuple(
            (entry.name, result)
            for entry in _normal_form(scenario)
            for result in check_claims(entry.spec)[0]
        ),
    )


def _normal_form(scenario: Scenario) -> list[GameEntry]:
    """The scenario's games in strategic form (those with equilibria), in evaluation order."""
    return [entry for entry in scenario.games if entry.spec.strategies]


def _only_parameter(scenario: Scenario) -> str:
    if "rapprochement" in scenario.parameters:
        return "rapprochement"
    if len(scenario.parameters) == 1:
        return next(iter(scenario.parameters))
    names = ", ".join(sorted(scenario.parameters)) or "none"
    raise GameError(f"{scenario.origin}: say which parameter to report on; it has: {names}")


def _identity_binding(entry: GameEntry, parameter: str) -> str | None:
    """The game parameter bound to exactly the scenario parameter, if any."""
    bound = [p for p, e in entry.bindings.items() if e.text.strip() == parameter]
    return bound[0] if len(bound) == 1 else None


def _constant_bindings(entry: GameEntry) -> dict[str, float]:
    return {p: float(e.evaluate({})) for p, e in entry.bindings.items() if e.constant}


def _own_candidates(scenario: Scenario, parameter: str, low: float, high: float) -> list[Point]:
    """Exact roots of the games that no link feeds and whose parameter is the scenario's."""
    found: list[Point] = []
    fed = {link.target for link in scenario.links}
    for entry in _normal_form(scenario):
        own = _identity_binding(entry, parameter)
        if own is None or entry.name in fed:
            continue
        points, _ = affine_candidates(entry.spec, own, _constant_bindings(entry), low, high)
        found += points
    return found


def _linked_candidates(
    scenario: Scenario,
    parameter: str,
    regimes: Sequence[Regime],
    evaluate: Callable[[float], ScenarioResult],
) -> list[Point]:
    """Exact roots of linked games within each regime: the roots computed with the linked
    values read at two points of the regime; a root found at both does not depend on a linked
    value that moves there, so it is exact."""
    found: list[Point] = []
    for entry in _normal_form(scenario):
        own = _identity_binding(entry, parameter)
        incoming = [link for link in scenario.links if link.target == entry.name]
        if own is None or not incoming:
            continue
        for regime in regimes:
            a, b = regime.low.value, regime.high.value
            rounds = []
            for probe in (a + (b - a) / 3, a + 2 * (b - a) / 3):
                result = evaluate(probe)
                fixed = _constant_bindings(entry)
                fixed.update(
                    {k.parameter: result.link_values[(k.target, k.parameter)] for k in incoming}
                )
                points, _ = affine_candidates(entry.spec, own, fixed, a, b)
                rounds.append({(p.value, p.exact) for p in points})
            found += [Point(v, q) for v, q in sorted(rounds[0] & rounds[1], key=lambda x: x[0])]
    return found


class _Counter:
    def __init__(self) -> None:
        self.number = 0

    def note(self, subject: str, formula: str, provenance: Provenance) -> Footnote:
        self.number += 1
        return Footnote(self.number, subject, formula, provenance)


def _section(
    scenario: Scenario,
    k: int,
    entry: GameEntry,
    regimes: Sequence[Regime],
    thresholds: Sequence[Threshold],
    counter: _Counter,
) -> GameSection:
    own: list[Regime] = []
    for regime in regimes:
        signature = regime.signature[k]
        if own and own[-1].signature == signature:
            previous = own.pop()
            own.append(Regime(previous.low, regime.high, signature, previous.result))
        else:
            own.append(Regime(regime.low, regime.high, signature, regime.result))
    cuts = {r.low.value for r in own[1:]}
    ends = {own[0].low.value: own[0], own[-1].high.value: own[-1]}
    mine = []
    for t in thresholds:
        there = equilibrium_signature(t.result.outcomes[k].result)
        if t.at.value in cuts or (t.at.value in ends and there != ends[t.at.value].signature):
            mine.append(t)
    footnotes = tuple(
        counter.note(f"{entry.name}: {term.name}", term.expression.text, term.provenance)
        for term in entry.spec.terms
    )
    incoming = tuple(link.parameter for link in scenario.links if link.target == entry.name)
    return GameSection(entry.name, entry, tuple(own), tuple(mine), footnotes, incoming)


def _link_formula(link: Any) -> str:
    if link.probability is not None:
        _, _, lo, hi = link.probability
        return f"{lo:g} + {hi - lo:g} x probability"
    return "expected value of a table over outcomes"


def _long_game(
    scenario: Scenario,
    parameter: str,
    values: Sequence[float],
    low: float,
    high: float,
    outcome_at: Callable[[float, str], GameOutcome],
    counter: _Counter,
) -> LongGameSection:
    reading = scenario.long_game
    entry = next(e for e in scenario.games if e.name == reading.game)

    def at(t: float) -> GrimTrigger:
        outcome = outcome_at(t, reading.game)
        punishment: Equilibrium | None = None
        if reading.punishment == "nash":
            punishment = outcome.selected
        return grim_trigger(outcome.game, reading.cooperate, punishment)

    def classify(t: float) -> tuple[Any, GrimTrigger]:
        result = at(t)
        return result.status, result

    own = _identity_binding(entry, parameter)
    candidates: list[Point] = []
    if own is not None:
        candidates, _ = affine_candidates(entry.spec, own, _constant_bindings(entry), low, high)
    regimes, changes = find_regimes(low, high, classify, candidates, GRID)
    spec = entry.spec
    cooperate = tuple(spec.strategies[i][a] for i, a in enumerate(reading.cooperate))
    note = counter.note(
        f"long game: {reading.game}", f"cooperate on ({', '.join(cooperate)})", reading.provenance
    )
    return LongGameSection(
        game=reading.game,
        cooperate=cooperate,
        punishment=reading.punishment,
        at_values=tuple((v, at(v)) for v in values),
        changes=changes,
        regimes=regimes,
        footnote=note,
    )


def selected_payoffs(result: ScenarioResult, name: str) -> np.ndarray:
    """Expected payoffs of the equilibrium the scenario selected in game ``name``."""
    outcome = result.outcome(name)
    return outcome.selected.payoffs(outcome.game)
