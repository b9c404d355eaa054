"""The analyst's workbench on a big store, end to end in Debian's headless Chromium.

The store (tests/web/bigstore.py): the web benchmark's synthetic generator
(5,000 events over every state of the actor lexicon, Zipf-skewed as news is)
plus the samples and the 50 real dev pages ingested through the pipeline, so
evidence, articles and incidents are real where the tests open them. Built
once per session, served by one real uvicorn on 127.0.0.1.

`PACTWATCH_UPDATE_SCREENSHOT=1` rewrites docs/dashboard*.png from the
screenshot test; otherwise the pictures go to a temporary directory.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from .bigstore import BigStore
from .browser import Dashboard, api, opened_dashboard
from .conftest import LiveServer

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
#: The sample articles (repository files whose text may appear in the README's pictures).
SAMPLES = {path.name for path in (REPO / "samples").iterdir()}


@pytest.fixture(scope="session")
def big_url(live_server: LiveServer, big_store: BigStore) -> str:
    return live_server(big_store.path)


@pytest.fixture
def bench(browser: Browser, big_url: str) -> Iterator[Dashboard]:
    with opened_dashboard(browser, big_url) as opened:
        yield opened


def _edge_key(a: str, b: str) -> str:
    return "|".join(sorted((a, b)))


LABEL_BOXES_JS = """() => window.pactwatch.graph.cy.nodes(':visible')
  .filter(n => !n.hasClass('nolabel'))
  .map(n => { const b = n.boundingBox({includeNodes: false, includeEdges: false,
                                        includeLabels: true, includeOverlays: false});
              return [n.id(), b.x1, b.y1, b.x2, b.y2]; })"""


def _overlapping_labels(dashboard: Dashboard) -> list[tuple[str, str]]:
    boxes = dashboard.page.evaluate(LABEL_BOXES_JS)
    return [
        (p[0], q[0])
        for p, q in itertools.combinations(boxes, 2)
        if p[1] < q[3] and q[1] < p[3] and p[2] < q[4] and q[2] < p[4]
    ]


def _labelled(dashboard: Dashboard) -> int:
    return len(dashboard.page.evaluate(LABEL_BOXES_JS))


# ---------------------------------------------------------------- the network at scale


def test_big_network_draws_the_strongest_pairs_with_labels_apart(bench: Dashboard) -> None:
    network = api(bench.base_url, "network")
    assert len(network["nodes"]) >= 150
    assert bench.drawn_nodes() == sorted(node["id"] for node in network["nodes"])
    strongest = sorted(_edge_key(e["source"], e["target"]) for e in network["edges"][:400])
    assert bench.drawn_edges() == strongest
    summary = bench.page.locator("#network-summary").text_content() or ""
    assert f"{len(network['edges'])} pairs" in summary
    # Labels never overlap, at the first view and zoomed in; zooming in shows more.
    assert _overlapping_labels(bench) == []
    first = _labelled(bench)
    assert 10 <= first < len(network["nodes"])
    for _ in range(3):
        bench.page.locator("#zoom-in").click()
    bench.page.wait_for_timeout(100)  # labels are placed on the next animation frame
    bench.wait_idle()
    assert _overlapping_labels(bench) == []
    # Zoomed in, the view holds fewer parties; of those, more carry their label.
    assert _labelled(bench) > 0
    zoom = bench.page.evaluate("window.pactwatch.graph.cy.zoom()")
    bench.page.locator("#zoom-fit").click()
    assert bench.page.evaluate("window.pactwatch.graph.cy.zoom()") < zoom
    bench.assert_clean()


def test_search_a_country_and_focus_it(bench: Dashboard) -> None:
    page = bench.page
    page.locator("#country-query").fill("Iran")
    page.locator("#country-search button").click()
    page.wait_for_selector("#focus-title[data-code=IRN]")
    bench.wait_idle()
    partners = api(bench.base_url, "dyads", country="IRN", limit="500")
    assert page.locator("#details .partners .pair").count() == partners["total"]
    # Every partner edge is drawn, with its direction; the rest is faded.
    state = page.evaluate(
        """() => { const cy = window.pactwatch.graph.cy;
          return { focus: cy.$('node.focus').map(n => n.id()),
                   partners: cy.$('edge.partner').map(e => [e.id(), e.data('toA'), e.data('toB')]),
                   faded: cy.$('.faded').length, zoom: cy.zoom() }; }"""
    )
    assert state["focus"] == ["IRN"]
    expected = {}
    for dyad in partners["items"]:
        key = _edge_key(dyad["a"], dyad["b"])
        # a is IRN; the edge runs from the alphabetically first code to the other.
        forward, backward = dyad["n_a_to_b"] > 0, dyad["n_b_to_a"] > 0
        to_b, to_a = (forward, backward) if dyad["a"] < dyad["b"] else (backward, forward)
        expected[key] = [to_a, to_b]
    assert {key: [a, b] for key, a, b in state["partners"]} == expected
    assert state["faded"] > 100
    assert _overlapping_labels(bench) == []
    assert bench.query()["focus"] == ["IRN"]
    # The table holds Iran's events.
    total = api(bench.base_url, "events", country="IRN", limit="1")["total"]
    assert (page.locator("#events .pager .count").text_content() or "").endswith(f"of {total}")
    bench.assert_clean()


def test_an_unknown_country_is_named_in_the_error(bench: Dashboard) -> None:
    page = bench.page
    page.locator("#country-query").fill("Atlantis")
    page.keyboard.press("Enter")
    assert "Atlantis" in (page.locator("#status").text_content() or "")
    assert "focus" not in bench.query()


def _dev_incident(base_url: str, a: str, b: str, *, min_events: int = 1) -> dict[str, Any]:
    """An incident of a–b reported by an ingested page (one with an article to read),
    with at least `min_events` events (a review test rejects one and still sees it)."""
    for incident in api(base_url, "incidents", country=a, **{"with": b}, limit="500")["items"]:
        if incident["n_events"] >= min_events and any(
            not report["article"].startswith("synthetic") for report in incident["reports"]
        ):
            return dict(incident)
    raise AssertionError(f"no dev-page incident of {min_events}+ events for {a}-{b}")


def test_focus_click_an_edge_and_open_an_incident_with_its_evidence(
    bench: Dashboard, big_store: BigStore
) -> None:
    page = bench.page
    focus, partner = big_store.focus, big_store.partner
    bench.open(f"?focus={focus}")
    page.wait_for_selector(f"#focus-title[data-code={focus}]")
    bench.click_edge(focus, partner)
    names = {node["id"]: node["label"] for node in api(bench.base_url, "network")["nodes"]}
    assert page.locator("#dyad-title").text_content() == f"{names[focus]} – {names[partner]}"
    page.wait_for_selector("#incidents .incident")
    bench.wait_idle()
    pair = {"country": focus, "with": partner}
    total = api(bench.base_url, "incidents", **pair, limit="1")["total"]
    assert page.locator("#incidents .incident").count() == min(total, 50)
    assert bench.query()["pair"] == [f"{focus}~{partner}"]
    # The selected edge stands out.
    assert page.evaluate("window.pactwatch.graph.cy.$('edge.selected-pair').map(e => e.id())") == [
        _edge_key(focus, partner)
    ]
    incident = _dev_incident(bench.base_url, focus, partner)
    bench.open_incident(incident["incident_id"])
    evidence = page.locator("#evidence")
    sources = {int(report["event_id"]) for report in incident["reports"]}
    cards = evidence.locator(".source")
    assert (
        cards.count() == len({(r["event_id"], r["article_id"]) for r in incident["reports"]})
        and len(sources) >= 1
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('#evidence .source')].every("
        "c => c.querySelector('mark.evidence') || c.querySelector('.error'))"
    )
    assert evidence.locator(".source .error").count() == 0
    # Each source links to its article: the stored text in the page, and the original.
    links = evidence.locator("a[href^=http]").evaluate_all("links => links.map(a => a.href)")
    urls = {report["url"] for report in incident["reports"] if report["url"]}
    assert urls <= set(links)
    evidence.locator(".open-article").first.click()
    page.locator("#article-dialog[open] .article-text mark.evidence").wait_for()
    page.locator("#article-dialog .close").click()
    assert bench.query()["incident"] == [str(incident["incident_id"])]
    bench.assert_clean()


# ---------------------------------------------------------------- filters and shared views


def test_a_copied_address_restores_the_same_view(browser: Browser, bench: Dashboard) -> None:
    page = bench.page
    for box in page.locator("#legend input[type=checkbox]").all():
        box.set_checked(box.get_attribute("value") in ("arms_transfer", "military_aid"))
    bench.wait_idle()
    page.select_option("#certainty", "stated")
    bench.wait_idle()
    page.fill("#since", "2019-01-01")
    page.dispatch_event("#since", "change")
    bench.wait_idle()
    busiest = api(bench.base_url, "network")["nodes"][0]
    bench.find_country(busiest["label"], busiest["id"])
    page.locator("#details .pair").first.click()
    page.wait_for_selector("#dyad-title")
    bench.wait_idle()
    page.locator("#events .pager button", has_text="next").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('offset') === '25'")
    bench.wait_idle()
    address = page.url

    def snapshot(tab: Dashboard) -> dict[str, Any]:
        return {
            "title": tab.page.locator("#dyad-title").text_content(),
            "summary": tab.page.locator("#dyad-summary").text_content(),
            "rows": tab.page.eval_on_selector_all(
                "#events tbody tr[data-event-id]", "rows => rows.map(r => r.dataset.eventId)"
            ),
            "count": tab.page.locator("#events .pager .count").text_content(),
            "types": tab.page.eval_on_selector_all(
                "#legend input:checked", "boxes => boxes.map(b => b.value)"
            ),
            "certainty": tab.page.locator("#certainty").input_value(),
            "since": tab.page.locator("#since").input_value(),
            "edges": tab.drawn_edges(),
            "selected": tab.page.evaluate(
                "window.pactwatch.graph.cy.$('edge.selected-pair').map(e => e.id())"
            ),
        }

    before = snapshot(bench)
    assert before["rows"] and before["types"] == ["arms_transfer", "military_aid"]
    query = urllib.parse.urlsplit(address).query
    with opened_dashboard(browser, bench.base_url, f"?{query}") as copy:
        copy.page.wait_for_selector("#dyad-title")
        copy.wait_idle()
        copy.page.wait_for_function(
            "n => document.querySelectorAll('#events tbody tr[data-event-id]').length === n",
            arg=len(before["rows"]),
        )
        assert snapshot(copy) == before
        copy.assert_clean()
    # Reload in the same tab, and the browser's back button, too.
    page.reload()
    page.wait_for_selector("html[data-ready=true]")
    page.wait_for_selector("#dyad-title")
    bench.wait_idle()
    assert snapshot(bench)["rows"] == before["rows"]
    bench.assert_clean()


def _wait_for_edges(dashboard: Dashboard, params: dict[str, Any]) -> list[str]:
    """Wait until the drawing holds the API's strongest edges for `params`; return them."""
    network = api(dashboard.base_url, "network", **params)
    wanted = sorted(_edge_key(e["source"], e["target"]) for e in network["edges"][:400])
    dashboard.page.wait_for_function(
        "wanted => JSON.stringify(window.pactwatch.graph.cy.edges().map(e => e.id()).sort())"
        " === JSON.stringify(wanted)",
        arg=wanted,
    )
    dashboard.wait_idle()
    return wanted


def test_a_direction_filter_keeps_what_a_supplier_sent(bench: Dashboard) -> None:
    """from=IRN: Iran's directed events as source; the graph, table and address agree."""
    page = bench.page
    page.fill("#from", "Iran")
    page.dispatch_event("#from", "change")
    wanted = _wait_for_edges(bench, {"from": "Iran"})
    assert wanted and all("IRN" in key.split("|") for key in wanted)
    # Every drawn edge points away from Iran.
    arrows = page.evaluate(
        "window.pactwatch.graph.cy.edges().map(e => [e.source().id(), e.data('toA'), "
        "e.data('toB')])"
    )
    for source, to_a, to_b in arrows:
        assert (to_b and not to_a) if source == "IRN" else (to_a and not to_b)
    total = api(bench.base_url, "events", **{"from": "IRN"}, limit="1")["total"]
    assert (page.locator("#events .pager .count").text_content() or "").endswith(f"of {total}")
    parties = page.locator("#events tbody td.parties").all_text_contents()
    assert parties and all(text.startswith("Iran") and "→" in text for text in parties)
    assert bench.query()["from"] == ["Iran"]
    bench.assert_clean()


def test_undated_events_left_out_are_counted_and_can_be_kept(bench: Dashboard) -> None:
    page = bench.page
    page.fill("#since", "2021-01-01")
    page.dispatch_event("#since", "change")
    _wait_for_edges(bench, {"since": "2021-01-01"})
    left_out = api(bench.base_url, "network", since="2021-01-01")["undated_left_out"]
    assert left_out > 0
    note = page.locator("#undated-note")
    assert f"{left_out:,} undated events left out" in (note.text_content() or "")
    note.locator("#keep-undated").click()
    _wait_for_edges(bench, {"since": "2021-01-01", "include_undated": "true"})
    assert note.is_hidden()
    assert page.locator("#include_undated").is_checked()
    assert bench.query()["include_undated"] == ["true"]
    total = api(bench.base_url, "events", since="2021-01-01", include_undated="true", limit="1")
    count = page.locator("#events .pager .count").text_content() or ""
    assert count.endswith(f"of {total['total']}")
    bench.assert_clean()


def test_every_request_asks_for_a_page_not_everything(bench: Dashboard) -> None:
    """Lists are asked for in pages of at most 500 rows; whole-store aggregates are cached."""
    bench.find_country("Iran")
    lists = ("/api/events", "/api/incidents", "/api/dyads", "/api/articles")
    for url in bench.requests:
        parts = urllib.parse.urlsplit(url)
        if parts.path in lists:
            limits = urllib.parse.parse_qs(parts.query).get("limit", [])
            assert limits and int(limits[0]) <= 500, url
    bench.assert_clean()


# ---------------------------------------------------------------- export


def _api_rows(base_url: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    while True:
        page = api(base_url, "events", **params, limit="500", offset=str(len(rows)))
        rows += page["items"]
        if not page["items"] or len(rows) >= page["total"]:
            return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def test_export_csv_and_json_hold_the_api_rows_of_the_view(bench: Dashboard) -> None:
    page = bench.page
    busiest = api(bench.base_url, "network")["nodes"][0]["id"]
    bench.open(f"?type=arms_transfer&type=training&focus={busiest}")
    page.wait_for_selector("#focus-title")
    bench.wait_idle()
    params = {"type": ["arms_transfer", "training"], "country": busiest}
    expected = _api_rows(bench.base_url, params)
    assert len(expected) > 500  # more than one page of the API
    with page.expect_download() as download:
        page.locator("#export-csv").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(expected[0])
    assert rows == [{key: _cell(value) for key, value in row.items()} for row in expected]
    with page.expect_download() as download:
        page.locator("#export-json").click()
    assert json.loads(Path(download.value.path()).read_text(encoding="utf-8")) == expected
    assert "exported" in (page.locator("#export-status").text_content() or "")
    bench.assert_clean()


def _table_ids(dashboard: Dashboard) -> list[int]:
    return [
        int(value)
        for value in dashboard.page.eval_on_selector_all(
            "#events tbody tr[data-event-id]", "rows => rows.map(r => r.dataset.eventId)"
        )
    ]


def _api_ids(dashboard: Dashboard, **params: str) -> list[int]:
    page = api(dashboard.base_url, "events", **params, limit="25")
    return [item["event_id"] for item in page["items"]]


def _wait_for_rows(dashboard: Dashboard, ids: list[int]) -> None:
    dashboard.page.wait_for_function(
        "ids => JSON.stringify([...document.querySelectorAll('#events tbody tr[data-event-id]')]"
        ".map(r => Number(r.dataset.eventId))) === JSON.stringify(ids)",
        arg=ids,
    )
    dashboard.wait_idle()


def test_a_header_click_sorts_the_table_and_a_reload_keeps_the_order(bench: Dashboard) -> None:
    page = bench.page
    header = page.locator("#events th[data-sort=confidence] button")
    header.click()
    ascending = _api_ids(bench, sort="confidence")
    _wait_for_rows(bench, ascending)
    assert bench.query()["sort"] == ["confidence"]
    assert page.locator("#events th[data-sort=confidence]").get_attribute("aria-sort") == (
        "ascending"
    )
    # A second click reverses it; the rows are the API's, highest confidence first.
    header.click()
    descending = _api_ids(bench, sort="-confidence")
    _wait_for_rows(bench, descending)
    assert descending != ascending
    shown = page.locator("#events tbody td.confidence").all_text_contents()
    values = [float(text.split()[0]) for text in shown]
    assert values == sorted(values, reverse=True)
    assert bench.query()["sort"] == ["-confidence"]
    assert page.locator("#sort").input_value() == "-confidence"
    # The next page continues the same order.
    page.locator("#events .pager button", has_text="next").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('offset') === '25'")
    following = api(bench.base_url, "events", sort="-confidence", limit="25", offset="25")
    _wait_for_rows(bench, [item["event_id"] for item in following["items"]])
    # A reload restores the order and the page.
    page.reload()
    page.wait_for_selector("html[data-ready=true]")
    bench.wait_idle()
    assert _table_ids(bench) == [item["event_id"] for item in following["items"]]
    assert page.locator("#events th[data-sort=confidence]").get_attribute("aria-sort") == (
        "descending"
    )
    # Another column starts ascending again, from the first page.
    page.locator("#events th[data-sort=stage] button").click()
    _wait_for_rows(bench, _api_ids(bench, sort="stage"))
    assert "offset" not in bench.query()
    assert page.locator("#events th[data-sort=confidence]").get_attribute("aria-sort") is None
    bench.assert_clean()


def test_an_export_follows_the_table_order(bench: Dashboard) -> None:
    page = bench.page
    nodes = api(bench.base_url, "network")["nodes"]
    country = next(node["id"] for node in nodes if 40 <= node["events"] <= 400)
    bench.open(f"?focus={country}&sort=-date")
    page.wait_for_selector("#focus-title")
    bench.wait_idle()
    expected = _api_rows(bench.base_url, {"country": country, "sort": "-date"})
    assert [row["event_id"] for row in expected][:25] == _table_ids(bench)
    with page.expect_download() as download:
        page.locator("#export-json").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported == expected
    assert [row["event_id"] for row in exported] != sorted(row["event_id"] for row in exported)
    bench.assert_clean()


# ---------------------------------------------------------------- screenshots


def _still(page: Any) -> None:
    page.mouse.move(0, 0)  # no hover state in the picture
    page.evaluate("document.activeElement?.blur()")


def test_screenshots_of_the_big_store(bench: Dashboard, tmp_path: Path) -> None:
    """The README's pictures: the whole network, then Iran focused, Iran–Russia and an incident.

    Iran–Russia comes from the samples alone, whose text may be shown.
    """
    page = bench.page
    shots = {"dashboard.png": tmp_path / "dashboard.png"}
    _still(page)
    page.screenshot(path=str(shots["dashboard.png"]), animations="disabled", caret="hide")
    focus, partner = "IRN", "RUS"
    bench.open(f"?focus={focus}")
    page.wait_for_selector("#focus-title")
    bench.click_edge(focus, partner)
    page.wait_for_selector("#incidents .incident")
    incident = _dev_incident(bench.base_url, focus, partner)
    assert {report["article"] for report in incident["reports"]} <= SAMPLES
    bench.open_incident(incident["incident_id"])
    page.set_viewport_size({"width": 1400, "height": 1300})  # room for the evidence
    bench.wait_idle()
    _still(page)
    shots["dashboard-focus.png"] = tmp_path / "dashboard-focus.png"
    page.screenshot(path=str(shots["dashboard-focus.png"]), animations="disabled", caret="hide")
    for name, shot in shots.items():
        assert shot.stat().st_size > 30_000, name
        if os.environ.get("PACTWATCH_UPDATE_SCREENSHOT") == "1":
            shutil.copyfile(shot, DOCS / name)
    bench.assert_clean()
