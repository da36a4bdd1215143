"""The rapprochement report: every game of a scenario, its equilibria at chosen values of the
scenario parameter, the exact thresholds where they change, who gains, the long game, and
the sources of every number."""

from negotiate.report.build import Report, build_report

__all__ = ["Report", "build_report"]
