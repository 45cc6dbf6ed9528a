"""The web page in a real browser: Debian's Chromium, headless, loads the page of a bot that
ran the demo (and then a series of talks, with a hostile headline among the reports), and
the DOM it builds shows the round, the timeline drawn and the stories, with the hostile
headline as text; a screenshot at a phone's width is kept as a test artefact.

CI installs Chromium (.ci/run); elsewhere the test is skipped, saying so, when there is none.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers.web import HOSTILE_STORY, demo_then_series

ARTIFACTS = Path(__file__).parent / "artifacts"
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
# A browser with nothing of its own to do: no network but the page, no first-run dialogs.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


@pytest.fixture
def browser() -> str:
    if BROWSER is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed: .ci/run installs Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it")
    return BROWSER


async def chromium(browser: str, profile: Path, *args: str) -> str:
    """Run headless Chromium to its end; its standard output."""
    proc = await asyncio.create_subprocess_exec(
        browser,
        *FLAGS,
        f"--user-data-dir={profile}",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
    return out.decode()


class Dom(HTMLParser):
    """The elements of the DOM Chromium built, and the text of each section."""

    def __init__(self, dom: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.sections: dict[str, str] = {}
        self._section: str | None = None
        self.feed(dom)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "section":
            self._section = dict(attrs).get("id") or ""
            self.sections[self._section] = ""

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._section = None

    def handle_data(self, data: str) -> None:
        if self._section is not None:
            self.sections[self._section] += data + " "

    def text(self, section: str) -> str:
        return " ".join(self.sections[section].split())

    def count(self, tag: str, **attrs: str) -> int:
        return sum(1 for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items()))


async def test_the_page_in_a_real_browser(browser, feed_server, tmp_path):
    app = await demo_then_series(feed_server, tmp_path / "browser.db")
    try:
        server = await app.start_web("127.0.0.1", 0)
        page = f"http://127.0.0.1:{server.bound_port}/topics/iran-usa"
        dom = Dom(await chromium(browser, tmp_path / "profile", "--dump-dom", page))

        # The round, as /status says it.
        status = dom.text("status")
        assert "Round 3 (2026 series) · 24 Feb 2026 · Muscat" in status
        assert "Talks: collapsed since 2 Mar 2026" in status
        # The timeline drawn: an SVG with every round and event on it.
        assert dom.count("svg", **{"class": "timeline"}) == 1
        drawing = dom.text("timeline")
        for label in (
            "Round 1 · Muscat",
            "Round 2 · Geneva",
            "Round 3 · Muscat",
            "Talks collapsed",
            "Strikes",
        ):
            assert label in drawing
        assert dom.count("g", **{"class": "break"}) == 1
        # The stories: twenty, newest first, the demo's among them, each with its outlets.
        stories = dom.text("stories")
        assert dom.count("span", **{"class": "headline", "dir": "auto"}) == 20
        assert stories.startswith("Latest stories Frappes américaines et israéliennes contre l'Iran")
        assert "Araghchi calls Muscat meeting a constructive opening" in stories
        assert "1 outlet: Gulf Dispatch" in stories
        # The hostile headline is text: in the stories and in the drawing; the browser built
        # no element from it (the one svg is the drawing, the one input the search box).
        assert HOSTILE_STORY in stories
        assert (
            "<svg onload=alert(1)><input autofocus onfocus=alert(2)> Iran-US negotiations collapse" in status
        )
        assert dom.count("svg") == 1 and dom.count("input") == 1 == dom.count("input", name="q")
        assert dom.count("script") == 0
        assert not any(name.startswith("on") for _, attrs in dom.elements for name in attrs)

        # What a phone shows, kept for a person to look at.
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "web-page-phone.png"
        shot.unlink(missing_ok=True)
        await chromium(browser, tmp_path / "profile", f"--screenshot={shot}", "--window-size=390,2400", page)
        assert shot.stat().st_size > 20_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        print(f"screenshot of the page at a phone's width: {shot}")
    finally:
        await app.aclose()
