"""The report as one self-contained HTML page: inline CSS and SVG figures, no scripts, no
external resources; readable on a phone (fluid layout, scrolling tables) and printable."""

from __future__ import annotations

import re
from html import escape

from negotiate.numeric import TOL, format_number
from negotiate.report.build import Report
from negotiate.report.plots import svg_figures
from negotiate.report.render import (
    bargain_parts,
    footnote_line,
    long_game_parts,
    section_parts,
    summary_lines,
)

STYLE = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       margin: 0 auto; padding: 1rem; max-width: 60rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; line-height: 1.25; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 0.75rem 0; display: block; overflow-x: auto;
        max-width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: #f3f3f3; }
figure { margin: 1rem 0; }
figure svg { width: 100%; height: auto; }
.summary li { margin-bottom: 0.4rem; }
.sources li { font-size: 0.9rem; margin-bottom: 0.3rem; }
.note { color: #555; font-size: 0.9rem; }
@media print { body { max-width: none; } h2 { break-after: avoid; }
               figure, table { break-inside: avoid; } }
"""

_FOOTNOTE = re.compile(r"\[(\d+)\]")


def _paragraph(text: str) -> str:
    """Escaped text with footnote markers ``[3]`` linked to the sources list."""
    html = escape(text).replace("\n", "<br>")
    return "<p>" + _FOOTNOTE.sub(r'<a href="#fn-\1">[\1]</a>', html) + "</p>"


_SHIFTED = re.compile(r"^<(/?)h(\d)>(.*)</h\d>$", re.S)


def _block(part: str) -> str:
    """A rendered part in the page: headings promoted from the notebook levels (h3, h4) to
    the page's (h1, h2), tables kept, text made a paragraph."""
    shifted = _SHIFTED.match(part)
    if shifted:
        level = max(1, int(shifted.group(2)) - 2)
        return f"<h{level}>{shifted.group(3)}</h{level}>"
    return part if part.startswith("<table") else _paragraph(part)


def render_html(report: Report) -> str:
    """The whole report page (deterministic: the same scenario gives the same bytes)."""
    scenario = report.scenario
    title = scenario.title or "Report"
    svgs = svg_figures(report)
    body = [f"<h1>{escape(title)}</h1>", _paragraph(f"Question: {report.question}")]
    declared = scenario.parameters[report.parameter]
    values = ", ".join(format_number(v) for v in report.values)
    if declared.meaning:
        body.append(_paragraph(f"{report.parameter}: {declared.meaning}. Values: {values}."))
    body.append("<h2>Summary</h2>")
    items = "".join(f"<li>{_paragraph(line)[3:-4]}</li>" for line in summary_lines(report))
    body.append(f'<ul class="summary">{items}</ul>')
    body.append(
        '<p class="note">'
        + escape(
            "Every equilibrium in this report was verified: no player gains more than "
            f"{TOL:g} times its own payoff range by deviating. Thresholds marked exact are "
            "roots computed in rational arithmetic; the others were located by bisection."
        )
        + "</p>"
    )
    for section in report.sections:
        body += [_block(p) for p in section_parts(report, section, "html")]
        if section.name in svgs:
            body.append(
                _figure(
                    svgs[section.name],
                    f"{section.title}: equilibrium payoffs "
                    f"and probabilities against {report.parameter}",
                )
            )
    for bargain in report.bargains:
        body += [_block(p) for p in bargain_parts(report, bargain, "html")]
        if bargain.name in svgs:
            body.append(
                _figure(
                    svgs[bargain.name],
                    f"{bargain.title}: shares under each solution against {report.parameter}",
                )
            )
    if report.long_game is not None:
        body += [_block(p) for p in long_game_parts(report, "html")]
        if "long_game" in svgs:
            body.append(_figure(svgs["long_game"], "Critical discount factor of the long game"))
    body.append("<h2>Sources</h2>")
    source = scenario.games[0].spec.source
    if source.title or source.location:
        where = ", ".join(x for x in (source.title, source.location) if x)
        body.append(_paragraph(f"Paragraph tags refer to: {where}"))
    notes = "".join(
        f'<li id="fn-{n.number}">{escape(footnote_line(n))}</li>' for n in report.footnotes()
    )
    body.append(f'<ol class="sources">{notes}</ol>'.replace("<ol", '<ol start="1"', 1))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>"
