"""The dashboard end to end: Debian's headless Chromium against a real server.

Every test opens the dashboard served by a real uvicorn on 127.0.0.1 (the
`api_url` server of tests/web/conftest.py, over a DuckDB store of the
repository's samples, or `serve_store` over a store of its own), drives it
like an analyst, and ends by checking that the
page logged no error, opened no dialog and asked nothing of any host but
127.0.0.1. Chromium comes from Debian (`make system-deps`, run by `make
test`); without it the tests fail and say so.

`PACTWATCH_UPDATE_SCREENSHOT=1` rewrites docs/dashboard.png from the
screenshot test; otherwise the screenshot goes to a temporary directory.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
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

from pactwatch.ingest import ingest
from pactwatch.models import EVENT_TYPES, STAGES
from pactwatch.store import open_store

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
VIEWPORT = ViewportSize(width=1400, height=900)
REPO = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO / "docs" / "dashboard.png"
TIMEOUT_MS = 15_000
#: conftest's `serve_store`: `with serve_store(db_path) as base_url:` a server for the block.
ServeStore = Callable[..., AbstractContextManager[str]]


@pytest.fixture(autouse=True)
def _chromium_installed() -> None:
    assert CHROMIUM.exists(), f"{CHROMIUM} missing: run `make system-deps` (as root)"


#: An article whose title and body carry script payloads next to a real event. The
#: markers have no "__": the text cleaner reads runs of underscores as block breaks.
PAYLOAD_TITLE = "Drone deliveries <img src=x onerror=alert(1)>"
PAYLOAD_SCRIPT = "<script>window.pwnedByScript=1</script>"
PAYLOAD_IMG = '<img src=x onerror="window.pwnedByImg=2">'
PAYLOAD_SENTENCE = "Officials said on Monday that Iran sent drones to Russia."
PAYLOAD_TEXT = (
    f"{PAYLOAD_TITLE}\n\n{PAYLOAD_SENTENCE} A reader comment quoted "
    f"{PAYLOAD_SCRIPT} and {PAYLOAD_IMG} in full.\n"
)


# ---------------------------------------------------------------- helpers


def api(base_url: str, path: str, **params: str | list[str]) -> Any:
    """GET a JSON answer from the server under test (the browser's own view to compare with)."""
    query = urllib.parse.urlencode(params, doseq=True)
    with urllib.request.urlopen(f"{base_url}/api/{path}?{query}", timeout=10) as response:
        return json.load(response)


@dataclass
class Dashboard:
    """A browser tab on the dashboard, recording what it requests and what goes wrong."""

    page: Page
    base_url: str
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def open(self) -> None:
        self.page.goto(f"{self.base_url}/")
        self.page.wait_for_selector("html[data-ready=true]")
        self.wait_idle()

    def wait_idle(self) -> None:
        """Wait until no API request is in flight (the page flags it on <html>)."""
        self.page.wait_for_selector("html[data-busy=false]", state="attached")

    def open_dyad(self, a: str, b: str) -> None:
        """Click the edge between `a` and `b` (either direction) and wait for its incidents."""
        self.page.locator(
            f'#network .edge[data-source="{a}"][data-target="{b}"], '
            f'#network .edge[data-source="{b}"][data-target="{a}"]'
        ).click()
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

    def foreign_requests(self) -> list[str]:
        """Requests to any host but 127.0.0.1 (data: URLs have no host and are not requests)."""
        return [
            url
            for url in self.requests
            if not url.startswith("data:") and urllib.parse.urlsplit(url).hostname != "127.0.0.1"
        ]

    def assert_clean(self) -> None:
        """No console error, page error or dialog, and nothing asked of another host."""
        assert self.problems == []
        assert self.requests, "the page made no request at all"
        assert self.foreign_requests() == []


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
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
def opened_dashboard(browser: Browser, base_url: str) -> Iterator[Dashboard]:
    """A fresh browser context (no shared cache or storage) on the loaded dashboard."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        dashboard = _watch(context.new_page(), base_url)
        dashboard.open()
        yield dashboard
    finally:
        context.close()


@pytest.fixture
def dashboard(browser: Browser, api_url: str) -> Iterator[Dashboard]:
    """The dashboard on the samples store (conftest's shared server), loaded and idle."""
    with opened_dashboard(browser, api_url) as opened:
        yield opened


# ---------------------------------------------------------------- network


def test_network_shows_the_sample_parties(dashboard: Dashboard) -> None:
    labels = dashboard.page.locator("#network .node .label").all_text_contents()
    expected = {"Iran", "Russia", "Iraq", "Azerbaijan", "United States", "Ukraine"}
    assert expected <= set(labels)
    dashboard.assert_clean()


def test_network_edges_and_nodes_match_the_api(dashboard: Dashboard) -> None:
    network = api(dashboard.base_url, "network")
    page = dashboard.page
    drawn_edges = page.eval_on_selector_all(
        "#network .edge",
        "edges => edges.map(e => [e.dataset.source, e.dataset.target, e.dataset.type])",
    )
    assert sorted(map(tuple, drawn_edges)) == sorted(
        (edge["source"], edge["target"], edge["dominant_type"]) for edge in network["edges"]
    )
    drawn_nodes = page.eval_on_selector_all(
        "#network .node", "nodes => nodes.map(n => n.dataset.id)"
    )
    assert sorted(drawn_nodes) == sorted(node["id"] for node in network["nodes"])
    # Every clickable element names itself for screen readers and in a tooltip.
    titles = page.eval_on_selector_all(
        "#network .edge, #network .node",
        "items => items.map(i => "
        "[i.getAttribute('aria-label'), i.querySelector('title')?.textContent])",
    )
    assert all(label and label == title for label, title in titles)
    dashboard.assert_clean()


def test_layout_is_deterministic(browser: Browser, api_url: str) -> None:
    """Two fresh tabs draw every node at the same place (stable tests and screenshots)."""
    positions = []
    for _ in range(2):
        with opened_dashboard(browser, api_url) as tab:
            positions.append(
                tab.page.eval_on_selector_all(
                    "#network .node",
                    "nodes => nodes.map(n => [n.dataset.id, n.getAttribute('transform')])",
                )
            )
            tab.assert_clean()
    assert positions[0] == positions[1]


@pytest.mark.parametrize(
    "params",
    [
        {"type": ["arms_transfer"]},
        {"type": ["joint_exercise", "condemnation"]},
        {"stage": "planned"},
        {"since": "2022-01-01"},
        {"until": "2020-12-31"},
    ],
)
def test_filters_requery_the_network(dashboard: Dashboard, params: dict[str, Any]) -> None:
    """Each filter control re-draws exactly the edges the API gives for the same filter."""
    page = dashboard.page
    if "type" in params:
        for box in page.locator("#legend input[type=checkbox]").all():
            box.set_checked(box.get_attribute("value") in params["type"])
    if "stage" in params:
        page.select_option("#stage", params["stage"])
    for bound in ("since", "until"):
        if bound in params:
            page.fill(f"#{bound}", params[bound])
            page.dispatch_event(f"#{bound}", "change")
    expected = api(dashboard.base_url, "network", **params)
    wanted = sorted(f"{edge['source']}-{edge['target']}" for edge in expected["edges"])
    page.wait_for_function(
        "wanted => JSON.stringify([...document.querySelectorAll('#network .edge')]"
        ".map(e => e.dataset.id).sort()) === JSON.stringify(wanted)",
        arg=wanted,
    )
    dashboard.wait_idle()
    assert wanted, "the filter should leave some edges to compare"
    dashboard.assert_clean()


# ---------------------------------------------------------------- dyad and evidence


def _incident_with(base_url: str, a: str, b: str, fragment: str) -> int:
    """The id of the incident of a pair whose reports quote `fragment`."""
    incidents = api(base_url, "incidents", country=a, **{"with": b}, limit="500")["items"]
    for incident in incidents:
        if any(fragment in (report["evidence"] or "") for report in incident["reports"]):
            return int(incident["incident_id"])
    raise AssertionError(f"no {a}-{b} incident quotes {fragment!r}")


def test_clicking_the_iran_russia_edge_opens_the_dyad(dashboard: Dashboard) -> None:
    dashboard.open_dyad("IRN", "RUS")
    page = dashboard.page
    assert page.locator("#dyad-title").text_content() == "Iran – Russia"
    assert page.locator("#incidents .incident[data-type=arms_transfer]").count() >= 1
    assert page.locator("#timeline rect.bar").count() >= 1
    incidents = api(dashboard.base_url, "incidents", country="IRN", **{"with": "RUS"})
    assert page.locator("#incidents .incident").count() == len(incidents["items"])
    # The table follows the selection.
    assert "Iran – Russia" in (page.locator("#events .table-scope").text_content() or "")
    dashboard.assert_clean()


def test_an_edge_opens_from_the_keyboard(dashboard: Dashboard) -> None:
    page = dashboard.page
    page.locator('#network .edge[data-id="IRN-RUS"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#incidents .incident")
    assert page.locator("#dyad-title").text_content() == "Iran – Russia"
    dashboard.assert_clean()


def test_clicking_a_node_lists_its_pairs_and_scopes_the_table(dashboard: Dashboard) -> None:
    page = dashboard.page
    page.locator('#network .node[data-id="IRQ"]').click()
    expected = api(dashboard.base_url, "events", country="IRQ", limit="1")["total"]
    page.wait_for_function(
        "n => document.querySelectorAll('#events tbody tr[data-event-id]').length === n",
        arg=expected,
    )
    assert page.locator("#details h2").text_content() == "Iraq"
    assert page.locator("#details .pair").all_text_contents() == ["Iran – Iraq"]
    dashboard.assert_clean()


def test_clicking_an_incident_shows_its_highlighted_evidence(dashboard: Dashboard) -> None:
    fragment = "sent drones to Russia"
    incident = _incident_with(dashboard.base_url, "IRN", "RUS", fragment)
    dashboard.open_dyad("IRN", "RUS")
    dashboard.open_incident(incident)
    page = dashboard.page
    marked = page.locator("#evidence mark.evidence", has_text=fragment)
    assert marked.count() >= 1
    # The link opens the whole article, inert text, with the same sentence marked.
    quoting = page.locator("mark.evidence", has_text=fragment)
    page.locator("#evidence .source", has=quoting).first.locator(".open-article").click()
    dialog = page.locator("#article-dialog[open]")
    dialog.wait_for()
    assert fragment in (dialog.locator(".article-text mark.evidence").text_content() or "")
    assert len(dialog.locator(".article-text").text_content() or "") > 500
    dashboard.assert_clean()


# ---------------------------------------------------------------- event table


@pytest.mark.parametrize("text", ["Kavkaz", "drones", "no such words anywhere"])
def test_search_box_filters_the_event_table(dashboard: Dashboard, text: str) -> None:
    page = dashboard.page
    all_rows = page.locator("#events tbody tr[data-event-id]").count()
    dashboard.search(text)
    evidence = page.locator("#events tbody tr[data-event-id] .evidence-cell").all_text_contents()
    assert all(text.lower() in sentence.lower() for sentence in evidence)
    assert len(evidence) < all_rows
    # Matches are marked in the sentences.
    hits = page.locator("#events tbody mark.hit").all_text_contents()
    assert {hit.lower() for hit in hits} <= {text.lower()}
    assert len(hits) >= len(evidence)
    dashboard.assert_clean()


def test_event_table_pages_through_all_events(dashboard: Dashboard) -> None:
    page = dashboard.page
    total = api(dashboard.base_url, "events", limit="1")["total"]
    seen: list[str] = []
    following = page.locator("#events .pager button", has_text="next")
    while True:
        rows = page.eval_on_selector_all(
            "#events tbody tr[data-event-id]", "rows => rows.map(r => r.dataset.eventId)"
        )
        seen += rows
        if following.is_disabled():
            break
        following.click()
        page.wait_for_function(
            "first => document.querySelector('#events tbody tr')?.dataset.eventId !== first",
            arg=rows[0],
        )
    assert len(seen) == total == len(set(seen))
    dashboard.assert_clean()


# ---------------------------------------------------------------- security


@pytest.fixture(scope="module")
def payload_store(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Path:
    """The samples plus one article carrying script payloads, ingested with the store API."""
    folder = tmp_path_factory.mktemp("payload")
    article = folder / "articles" / "payload.txt"
    article.parent.mkdir()
    article.write_text(PAYLOAD_TEXT, encoding="utf-8")
    path = folder / "payload.duckdb"
    with open_store(path) as store:
        summary = ingest(store, [samples_dir, article.parent])
        stored = store.connection.execute(
            "SELECT title, text FROM articles WHERE doc_id = 'payload.txt'"
        ).fetchall()
    assert summary.failed == 0
    # The payloads reach the store intact, so the browser really is handed them.
    assert stored == [(PAYLOAD_TITLE, PAYLOAD_TEXT.strip())]
    return path


@pytest.fixture
def payload_dashboard(
    browser: Browser, payload_store: Path, serve_store: ServeStore
) -> Iterator[Dashboard]:
    with serve_store(payload_store) as base_url, opened_dashboard(browser, base_url) as opened:
        yield opened


def test_article_payloads_render_as_text_and_never_run(payload_dashboard: Dashboard) -> None:
    dashboard = payload_dashboard
    page = dashboard.page
    dashboard.search("Officials said on Monday")
    row = page.locator("#events tbody tr[data-event-id]")
    assert row.count() == 1
    row.locator(".show-evidence").click()
    page.wait_for_selector("#evidence .source mark.evidence")
    evidence = page.locator("#evidence").text_content() or ""
    assert PAYLOAD_SENTENCE in evidence
    assert PAYLOAD_SCRIPT in evidence and PAYLOAD_IMG in evidence
    page.locator("#evidence .open-article").click()
    dialog = page.locator("#article-dialog[open]")
    dialog.wait_for()
    assert (dialog.locator(".dialog-title").text_content() or "") == PAYLOAD_TITLE
    assert PAYLOAD_TEXT.strip() == (dialog.locator(".article-text").text_content() or "")
    dashboard.wait_idle()
    # Nothing ran and nothing was parsed into elements.
    assert page.evaluate("[typeof window.pwnedByScript, typeof window.pwnedByImg]") == [
        "undefined",
        "undefined",
    ]
    assert page.locator("img").count() == 0
    assert page.locator("body script").count() == 0
    dashboard.assert_clean()


def test_every_request_stays_on_127_0_0_1(dashboard: Dashboard) -> None:
    """A whole session (network, dyad, evidence, article, search) asks only the server."""
    page = dashboard.page
    dashboard.open_dyad("IRN", "RUS")
    page.locator("#incidents .incident").first.click()
    page.wait_for_selector("#evidence .source .open-article")
    page.locator("#evidence .open-article").first.click()
    page.locator("#article-dialog .close").click()
    page.locator("#events .table-scope button", has_text="show all").click()
    dashboard.search("drones")
    hosts = {urllib.parse.urlsplit(url).hostname for url in dashboard.requests}
    assert hosts == {"127.0.0.1"}
    assert any("/api/articles/" in url for url in dashboard.requests)
    dashboard.assert_clean()


# ---------------------------------------------------------------- page code


def test_page_vocabulary_matches_the_models(dashboard: Dashboard) -> None:
    """The type and stage lists in js/types.js are those of pactwatch.models."""
    types, stages = dashboard.page.evaluate(
        "import('./static/js/types.js').then(m => [[...m.EVENT_TYPES], [...m.STAGES]])"
    )
    assert (tuple(types), tuple(stages)) == (EVENT_TYPES, STAGES)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, "undated"),
        ("2022-12-09", "2022-12-09", "2022-12-09"),
        ("2022-11-01", "2022-11-30", "2022-11"),
        ("2024-02-01", "2024-02-29", "2024-02"),
        ("2017-01-01", "2017-12-31", "2017"),
        ("2019-06-01", "2019-08-31", "2019-06 – 2019-08"),
        ("2022-12-09", "2022-12-10", "2022-12-09 – 2022-12-10"),
    ],
)
def test_date_ranges_read_naturally(
    dashboard: Dashboard, start: str | None, end: str | None, expected: str
) -> None:
    result = dashboard.page.evaluate(
        "([start, end]) => import('./static/js/dom.js').then(m => m.dateRange(start, end))",
        [start, end],
    )
    assert result == expected


@pytest.mark.parametrize(
    ("text", "evidence", "start", "end", "expected"),
    [
        # Python offsets count code points; an emoji is two UTF-16 units in JavaScript.
        ("Hi 🚀. Iran sent drones.", "Iran sent drones.", 6, 23, "Iran sent drones."),
        ("Iran sent drones. More.", "Iran sent drones.", 0, 17, "Iran sent drones."),
        # Offsets that no longer fit the text: the sentence is found by its words.
        ("Intro. Iran sent drones.", "Iran sent drones.", 0, 17, "Iran sent drones."),
        ("Nothing here.", "Iran sent drones.", 0, 17, None),
    ],
)
def test_evidence_is_located_by_offsets_or_text(
    dashboard: Dashboard, text: str, evidence: str, start: int, end: int, expected: str | None
) -> None:
    found = dashboard.page.evaluate(
        """([text, evidence, start, end]) => import('./static/js/dom.js').then(m => {
            const range = m.locateEvidence(text, evidence, start, end);
            return range && text.slice(range[0], range[1]);
        })""",
        [text, evidence, start, end],
    )
    assert found == expected


# ---------------------------------------------------------------- screenshot


def test_screenshot_of_the_iran_russia_dyad(dashboard: Dashboard, tmp_path: Path) -> None:
    """The README's picture: the network with the Iran–Russia dyad and one incident's evidence."""
    fragment = "sent drones to Russia"
    incident = _incident_with(dashboard.base_url, "IRN", "RUS", fragment)
    dashboard.open_dyad("IRN", "RUS")
    dashboard.open_incident(incident)
    page = dashboard.page
    page.mouse.move(0, 0)  # no hover state in the picture
    page.evaluate("document.activeElement?.blur()")
    target = tmp_path / "dashboard.png"
    page.screenshot(path=str(target), animations="disabled", caret="hide")
    assert target.stat().st_size > 10_000
    if os.environ.get("PACTWATCH_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(target, SCREENSHOT)
    dashboard.assert_clean()
