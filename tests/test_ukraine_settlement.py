"""Calibration of games/ukraine_settlement.toml: a deal exists before the thaw, and a thaw that
settles Kyiv's future between Washington and Moscow (P5, P6) shrinks Ukraine's share."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from negotiate.bargain import bargaining_report
from negotiate.payoff_file import load_spec

GAME = Path(__file__).resolve().parents[1] / "games" / "ukraine_settlement.toml"
R_GRID = np.linspace(0.0, 1.0, 11)


@pytest.fixture(scope="module")
def spec():
    return load_spec(GAME, "games/ukraine_settlement.toml")


def _nash(spec, **values):
    report = bargaining_report(spec, values)
    return report, report.solution("nash")


def test_before_the_thaw_there_is_something_to_agree_on(spec):
    report, nash = _nash(spec, rapprochement=0.0)
    assert not report.is_empty
    assert nash.gainers() == ("Russia", "Ukraine")


def test_ukraines_territory_share_under_nash_falls_as_rapprochement_rises(spec):
    shares = [_nash(spec, rapprochement=float(r))[1].shares["territory"][1] for r in R_GRID]
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(shares)), shares
    assert shares[0] - shares[-1] > 0.2, shares


def test_ukraines_share_of_the_gains_under_nash_falls_as_rapprochement_rises(spec):
    def gain_share(r: float) -> float:
        g = _nash(spec, rapprochement=r)[1].gains
        return float(g[1] / g.sum())

    shares = [gain_share(float(r)) for r in R_GRID]
    assert all(b < a for a, b in itertools.pairwise(shares)), shares


@pytest.mark.parametrize(("us", "eu", "china"), list(itertools.product((0.0, 0.5, 1.0), repeat=3)))
def test_a_deal_exists_and_the_thaw_hurts_kyiv_across_the_other_parameters(spec, us, eu, china):
    other = {"us_reliability": us, "europe_support": eu, "china_alignment": china}
    before = _nash(spec, rapprochement=0.0, **other)
    after = _nash(spec, rapprochement=1.0, **other)
    assert not before[0].is_empty
    assert after[1].shares["territory"][1] <= before[1].shares["territory"][1] + 1e-9


def test_fearon_range_at_the_defaults_is_the_drafts(spec):
    fearon = bargaining_report(spec).fearon
    # Russia's share of the territory in [0.225, 0.75]: Ukraine keeps between 0.25 and 0.775.
    assert (fearon.low, fearon.high) == pytest.approx((0.225, 0.75))
    assert fearon.players == ("Russia", "Ukraine")


def test_china_alignment_narrows_the_range_from_ukraines_side(spec):
    wide = bargaining_report(spec, {"china_alignment": 0.0}).fearon
    narrow = bargaining_report(spec, {"china_alignment": 1.0}).fearon
    assert narrow.low > wide.low and narrow.high == pytest.approx(wide.high)
