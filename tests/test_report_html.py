"""The HTML report: one self-contained page, deterministic, that a real browser renders."""

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from negotiate import catalog
from negotiate.report import build_report
from negotiate.report.html import render_html
from negotiate.scenario import load_scenario

ARTEFACTS = Path(__file__).resolve().parent.parent / "artefacts"


@pytest.fixture(scope="module")
def page() -> str:
    path, display = catalog.locate("summit")
    return render_html(build_report(load_scenario(path, display)))


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("href", "src", "xlink:href") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def test_page_is_self_contained(page):
    parsed = _Collector()
    parsed.feed(page)
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    assert all(link.startswith("#") for link in parsed.links), [
        link for link in parsed.links if not link.startswith("#")
    ]
    assert parsed.tags.count("svg") == 6  # four games, the settlement and the long game
    footnote_targets = {link[1:] for link in parsed.links if link.startswith("#fn-")}
    assert footnote_targets and footnote_targets <= parsed.ids


def test_page_is_byte_identical_across_runs(page):
    path, display = catalog.locate("summit")
    assert render_html(build_report(load_scenario(path, display))) == page


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_a_headless_browser_renders_the_page_without_errors(page, tmp_path):
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI; .ci/run installs it")
        pytest.skip("chromium is not installed here (CI installs it)")
    html = tmp_path / "report.html"
    html.write_text(page, encoding="utf-8")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
    ]
    dom = subprocess.run(
        [browser, *flags, "--dump-dom", html.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line]
    assert console == []
    assert dom.stdout.count("<svg") == 6 and "Anchorage summit" in dom.stdout
    ARTEFACTS.mkdir(exist_ok=True)
    shot = ARTEFACTS / "report-phone.png"
    subprocess.run(
        [browser, *flags, "--window-size=420,2400", f"--screenshot={shot}", html.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
