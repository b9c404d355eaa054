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

import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from pactwatch.ingest import ingest
from pactwatch.models import EVENT_TYPES, STAGES
from pactwatch.store import open_store
from pactwatch.store.query import CERTAINTIES

from .browser import Dashboard, api, opened_dashboard

#: conftest's `serve_store`: `with serve_store(db_path) as base_url:` a server for the block.
ServeStore = Callable[..., AbstractContextManager[str]]

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


@pytest.fixture
def dashboard(browser: Browser, api_url: str) -> Iterator[Dashboard]:
    """The dashboard on the samples store (conftest's shared server), loaded and idle."""
    with opened_dashboard(browser, api_url) as opened:
        yield opened


# ---------------------------------------------------------------- network


def test_network_shows_the_sample_parties(dashboard: Dashboard) -> None:
    labels = dashboard.page.evaluate("window.pactwatch.graph.cy.nodes().map(n => n.data('label'))")
    expected = {"Iran", "Russia", "Iraq", "Azerbaijan", "United States", "Ukraine"}
    assert expected <= set(labels)
    dashboard.assert_clean()


def _edge_key(edge: dict[str, Any]) -> str:
    return "|".join(sorted((edge["source"], edge["target"])))


def test_network_edges_and_nodes_match_the_api(dashboard: Dashboard) -> None:
    network = api(dashboard.base_url, "network")
    assert dashboard.drawn_edges() == sorted(_edge_key(edge) for edge in network["edges"])
    assert dashboard.drawn_nodes() == sorted(node["id"] for node in network["nodes"])
    # Colour by most frequent type, direction from the dyads: Iran supplied Russia.
    colours = dashboard.page.evaluate(
        "Object.fromEntries(window.pactwatch.graph.cy.edges().map(e => [e.id(), "
        "[e.data('color'), e.data('toA'), e.data('toB')]]))"
    )
    type_colours = dashboard.page.evaluate(
        "import('./static/js/types.js').then(m => ({...m.TYPE_COLORS}))"
    )
    for edge in network["edges"]:
        assert colours[_edge_key(edge)][0] == type_colours[edge["dominant_type"]]
    dyad = api(dashboard.base_url, "dyads", country="IRN", **{"with": "RUS"})["items"][0]
    assert dyad["n_a_to_b"] > 0
    assert colours["IRN|RUS"][1:] == [dyad["n_b_to_a"] > 0, dyad["n_a_to_b"] > 0]
    dashboard.assert_clean()


def test_layout_is_deterministic(browser: Browser, api_url: str) -> None:
    """Two fresh tabs draw every node at the same place (stable tests and screenshots)."""
    positions = []
    for _ in range(2):
        with opened_dashboard(browser, api_url) as tab:
            positions.append(_positions(tab))
            tab.assert_clean()
    assert positions[0] == positions[1]


def _positions(dashboard: Dashboard) -> dict[str, Any]:
    return dict(dashboard.page.evaluate(POSITIONS_JS))


POSITIONS_JS = "window.pactwatch.graph.cy.nodes().map(n => [n.id(), n.position()])"


def test_filters_keep_every_party_in_its_place(dashboard: Dashboard) -> None:
    """A filter changes what is drawn, never where a party stands."""
    page = dashboard.page
    before = _positions(dashboard)
    page.fill("#country", "IRQ")
    page.dispatch_event("#country", "change")
    page.wait_for_function("() => window.pactwatch.graph.cy.nodes().length === 2")
    dashboard.wait_idle()
    after = _positions(dashboard)
    assert sorted(after) == ["IRN", "IRQ"]
    assert all(before[code] == position for code, position in after.items())
    dashboard.assert_clean()


@pytest.mark.parametrize(
    "params",
    [
        {"type": ["arms_transfer"]},
        {"type": ["joint_exercise", "condemnation"]},
        {"stage": "planned"},
        {"certainty": "stated"},
        {"since": "2022-01-01"},
        {"until": "2020-12-31"},
        {"country": "IRN"},
    ],
)
def test_filters_requery_the_network(dashboard: Dashboard, params: dict[str, Any]) -> None:
    """Each filter control re-draws exactly the edges the API gives for the same filter."""
    page = dashboard.page
    if "type" in params:
        for box in page.locator("#legend input[type=checkbox]").all():
            box.set_checked(box.get_attribute("value") in params["type"])
    for name in ("stage", "certainty"):
        if name in params:
            page.select_option(f"#{name}", params[name])
    for name in ("since", "until", "country"):
        if name in params:
            page.fill(f"#{name}", params[name])
            page.dispatch_event(f"#{name}", "change")
    expected = api(dashboard.base_url, "network", **params)
    wanted = sorted(_edge_key(edge) for edge in expected["edges"])
    page.wait_for_function(
        "wanted => JSON.stringify(window.pactwatch.graph.cy.edges().map(e => e.id()).sort())"
        " === JSON.stringify(wanted)",
        arg=wanted,
    )
    dashboard.wait_idle()
    assert wanted, "the filter should leave some edges to compare"
    # The address holds the filter under the API's own names.
    query = dashboard.query()
    for name, value in params.items():
        assert query[name] == (value if isinstance(value, list) else [value])
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
    # The table and the address follow the selection.
    assert "Iran – Russia" in (page.locator("#events .table-scope").text_content() or "")
    assert dashboard.query()["pair"] == ["IRN~RUS"]
    dashboard.assert_clean()


def test_a_pair_opens_from_the_keyboard(dashboard: Dashboard) -> None:
    """The country search and the partner list reach every pair without a mouse."""
    page = dashboard.page
    dashboard.find_country("Iran")
    page.locator("#details .pair", has_text="Iran – Russia").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#incidents .incident")
    assert page.locator("#dyad-title").text_content() == "Iran – Russia"
    dashboard.assert_clean()


def test_clicking_a_node_lists_its_pairs_and_scopes_the_table(dashboard: Dashboard) -> None:
    page = dashboard.page
    dashboard.click_node("IRQ")
    expected = api(dashboard.base_url, "events", country="IRQ", limit="1")["total"]
    page.wait_for_function(
        "n => document.querySelectorAll('#events tbody tr[data-event-id]').length === n",
        arg=expected,
    )
    assert page.locator("#details h2").text_content() == "Iraq"
    assert page.locator("#details .pair").all_text_contents() == ["Iraq – Iran"]
    assert dashboard.query()["focus"] == ["IRQ"]
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
    page.locator("#clear-focus").click()
    dashboard.wait_idle()
    dashboard.search("drones")
    hosts = {urllib.parse.urlsplit(url).hostname for url in dashboard.requests}
    assert hosts == {"127.0.0.1"}
    assert any("/api/articles/" in url for url in dashboard.requests)
    dashboard.assert_clean()


# ---------------------------------------------------------------- page code


def test_page_vocabulary_matches_the_models(dashboard: Dashboard) -> None:
    """The type, stage and certainty lists in js/types.js are those of pactwatch."""
    types, stages, certainties = dashboard.page.evaluate(
        "import('./static/js/types.js').then(m => "
        "[[...m.EVENT_TYPES], [...m.STAGES], [...m.CERTAINTIES]])"
    )
    assert (tuple(types), tuple(stages), tuple(certainties)) == (EVENT_TYPES, STAGES, CERTAINTIES)


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
