"""Bargaining: axiomatic solutions, alternating offers, bargaining ranges, two-level games.

Modules: :mod:`.problem` (the problem :math:`(S, d)`), :mod:`.solutions` (Nash,
Kalai-Smorodinsky, egalitarian, utilitarian), :mod:`.rubinstein` (alternating offers),
:mod:`.fearon` (the bargaining range of war), :mod:`.twolevel` (Putnam win-sets),
:mod:`.spec` (payoff-file tables), :mod:`.plot` (figures; matplotlib imported on use).
Imports flow one way: these modules use only :mod:`negotiate.numeric`,
:mod:`negotiate.errors` and each other (a game is read through its ``u`` array).
"""

from negotiate.bargaining.fearon import BargainingRange, bargaining_range
from negotiate.bargaining.problem import (
    BargainingProblem,
    Curvature,
    FeasibleKind,
    Utility,
    disagreement_from_game,
)
from negotiate.bargaining.rubinstein import (
    AlternatingOffersResult,
    discount_factors,
    rubinstein,
    rubinstein_costs,
)
from negotiate.bargaining.solutions import (
    BargainingSolution,
    Concept,
    Status,
    egalitarian,
    ideal_point,
    kalai_smorodinsky,
    nash,
    solve_all,
    utilitarian,
)
from negotiate.bargaining.twolevel import Constituency, Rule, TwoLevelResult, WinSet, analyse

__all__ = [
    "AlternatingOffersResult",
    "BargainingProblem",
    "BargainingRange",
    "BargainingSolution",
    "Concept",
    "Constituency",
    "Curvature",
    "FeasibleKind",
    "Rule",
    "Status",
    "TwoLevelResult",
    "Utility",
    "WinSet",
    "analyse",
    "bargaining_range",
    "disagreement_from_game",
    "discount_factors",
    "egalitarian",
    "ideal_point",
    "kalai_smorodinsky",
    "nash",
    "rubinstein",
    "rubinstein_costs",
    "solve_all",
    "utilitarian",
]
