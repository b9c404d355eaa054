"""Driving the dashboard in Debian's headless Chromium: shared by the dashboard tests.

`Dashboard` is one browser tab on a real server: it records every request and
every console error, page error or dialog, and reaches the network drawing
(a cytoscape canvas) through the page's one handle, `window.pactwatch.graph`,
to find where a party or an edge is on screen, then clicks there with the
mouse like a user.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Dialog,
    Page,
    Request,
    ViewportSize,
    sync_playwright,
)

CHROMIUM = Path("/usr/bin/chromium")
#: No sandbox (containers, CI as root) and none of Chromium's own traffic.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = ViewportSize(width=1400, height=1000)
TIMEOUT_MS = 20_000


def api(base_url: str, path: str, **params: str | list[str]) -> Any:
    """GET a JSON answer from the server under test (the browser's own view to compare with)."""
    query = urllib.parse.urlencode(params, doseq=True)
    with urllib.request.urlopen(f"{base_url}/api/{path}?{query}", timeout=30) as response:
        return json.load(response)


#: The screen point of a node, or of a point along an edge where a click lands on that
#: edge (asked of cytoscape's own hit test, so no other edge or node is in the way).
_POINT_JS = """
([kind, a, b]) => {
  const cy = window.pactwatch.graph.cy;
  // Where cytoscape itself puts its canvas (inside the container's border).
  const [left, top, width, height] = cy.renderer().findContainerClientCoords();
  if (kind === "node") {
    const p = cy.getElementById(a).renderedPosition();
    return [left + p.x, top + p.y];
  }
  const key = a < b ? `${a}|${b}` : `${b}|${a}`;
  const edge = cy.getElementById(key);
  if (edge.empty()) return null;
  const s = edge.source().renderedPosition(), t = edge.target().renderedPosition();
  const pan = cy.pan(), zoom = cy.zoom();
  const hits = (x, y) => {
    const model = [(x - pan.x) / zoom, (y - pan.y) / zoom];
    const found = cy.renderer().findNearestElement(model[0], model[1], true, false);
    return found && found.id() === key;
  };
  for (let i = 1; i < 40; i++) {
    const f = 0.5 + (i % 2 ? 1 : -1) * Math.floor(i / 2) / 40;
    const x = s.x + (t.x - s.x) * f, y = s.y + (t.y - s.y) * f;
    if (x < 5 || y < 5 || x > width - 5 || y > height - 5) continue;
    // The edge, and only it, all around the point: a pixel off still lands on it.
    const around = [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]];
    if (around.every(([dx, dy]) => hits(x + dx, y + dy))) return [left + x, top + y];
  }
  return null;
}
"""


#: The screen point in the middle of the edge a–b.
_MIDDLE_JS = """
([a, b]) => {
  const cy = window.pactwatch.graph.cy;
  const [left, top] = cy.renderer().findContainerClientCoords();
  const p = cy.getElementById(a < b ? `${a}|${b}` : `${b}|${a}`).renderedMidpoint();
  return [left + p.x, top + p.y];
}
"""


@dataclass
class Dashboard:
    """A browser tab on the dashboard, recording what it requests and what goes wrong."""

    page: Page
    base_url: str
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def open(self, query: str = "") -> None:
        self.page.goto(f"{self.base_url}/{query}")
        self.page.wait_for_selector("html[data-ready=true]")
        self.wait_idle()

    def wait_idle(self) -> None:
        """Wait until no API request is in flight (the page flags it on <html>)."""
        self.page.wait_for_selector("html[data-busy=false]", state="attached")

    def query(self) -> dict[str, list[str]]:
        """The page address's parameters: the state of the view."""
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.page.url).query)

    # ---------------------------------------------------------------- the graph

    def drawn_nodes(self) -> list[str]:
        return sorted(self.page.evaluate("window.pactwatch.graph.cy.nodes().map(n => n.id())"))

    def drawn_edges(self) -> list[str]:
        """Drawn edges as "A|B", codes in alphabetical order."""
        return sorted(self.page.evaluate("window.pactwatch.graph.cy.edges().map(e => e.id())"))

    def click_node(self, code: str) -> None:
        self.settle()
        x, y = self.page.evaluate(_POINT_JS, ["node", code, ""])
        self.page.mouse.click(x, y)
        self.wait_idle()

    def find_country(self, name: str, code: str = "") -> None:
        """Type `name` into the country search, press Enter and wait for the focus to open."""
        self.page.locator("#country-query").fill(name)
        self.page.keyboard.press("Enter")
        self.page.wait_for_selector(f"#focus-title[data-code={code}]" if code else "#focus-title")
        self.wait_idle()

    def settle(self) -> None:
        """Let the page finish laying out (two animation frames) so the canvas stays put."""
        self.wait_idle()
        self.page.evaluate(
            "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )

    def click_edge(self, a: str, b: str) -> None:
        """Click the drawn edge between a and b where no node covers it, and wait for the pair."""
        self.settle()
        point = self.page.evaluate(_POINT_JS, ["edge", a, b])
        for _ in range(10):
            if point is not None:
                break
            # Crowded: zoom in over the edge with the mouse wheel, as a reader would.
            self.page.mouse.move(*self.page.evaluate(_MIDDLE_JS, [a, b]))
            self.page.mouse.wheel(0, -400)
            self.settle()
            point = self.page.evaluate(_POINT_JS, ["edge", a, b])
        assert point is not None, f"no clickable point on the edge {a}-{b}"
        self.page.mouse.click(*point)
        self.page.wait_for_selector("#dyad-title")
        self.wait_idle()

    def open_dyad(self, a: str, b: str) -> None:
        """Click the edge between `a` and `b` and wait for its incidents."""
        self.click_edge(a, b)
        self.page.wait_for_selector("#incidents .incident")
        self.wait_idle()

    def open_incident(self, incident_id: int) -> None:
        self.page.locator(f'#incidents .incident[data-incident-id="{incident_id}"]').click()
        self.page.wait_for_selector("#evidence .source mark.evidence")
        self.wait_idle()

    def search(self, text: str) -> None:
        """Type into the search box and wait for the table to show that search's total."""
        expected = api(self.base_url, "events", text=text, limit="1")["total"]
        self.page.fill("#search", text)
        self.page.wait_for_function(
            "expected => [` of ${expected}`, `${expected} events`].some(end => "
            "document.querySelector('#events .pager .count')?.textContent.endsWith(end))",
            arg=expected,
        )
        self.wait_idle()

    def foreign_requests(self) -> list[str]:
        """Requests to any host but 127.0.0.1 (data: and blob: URLs are not requests)."""
        return [
            url
            for url in self.requests
            if not url.startswith(("data:", "blob:"))
            and urllib.parse.urlsplit(url).hostname != "127.0.0.1"
        ]

    def assert_clean(self) -> None:
        """No console error, page error or dialog, and nothing asked of another host."""
        assert self.problems == []
        assert self.requests, "the page made no request at all"
        assert self.foreign_requests() == []


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"{CHROMIUM} missing: run `make system-deps` (as root)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


def _watch(page: Page, base_url: str) -> Dashboard:
    dashboard = Dashboard(page, base_url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            dashboard.problems.append(f"console {message.type}: {message.text}")

    def on_dialog(dialog: Dialog) -> None:
        dashboard.problems.append(f"dialog {dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_request(request: Request) -> None:
        dashboard.requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: dashboard.problems.append(f"page error: {error}"))
    page.on("dialog", on_dialog)
    page.on("request", on_request)
    page.set_default_timeout(TIMEOUT_MS)
    return dashboard


@contextmanager
def opened_dashboard(browser: Browser, base_url: str, query: str = "") -> Iterator[Dashboard]:
    """A fresh browser context (no shared cache or storage) on the loaded dashboard."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    try:
        dashboard = _watch(context.new_page(), base_url)
        dashboard.open(query)
        yield dashboard
    finally:
        context.close()
