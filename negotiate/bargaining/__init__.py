"""Bargaining: axiomatic solutions, alternating offers, bargaining ranges, two-level games.

Modules: :mod:`.problem` (the problem :math:`(S, d)`), :mod:`.solutions` (Nash,
Kalai-Smorodinsky, egalitarian, utilitarian), :mod:`.rubinstein` (alternating offers),
:mod:`.fearon` (the bargaining range of war), :mod:`.twolevel` (Putnam win-sets),
:mod:`.spec` (payoff-file tables), :mod:`.plot` (figures; matplotlib imported on use).
"""
