"""Reviewing from the dashboard on the big store: reject and correct with a token, or fail.

A server with a token over a copy of the workbench store (tests/web/bigstore.py
builds it once per session); every view must show a review at once.
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from .bigstore import BigStore
from .browser import Dashboard, api, opened_dashboard
from .conftest import LiveServer
from .test_workbench import _dev_incident

TOKEN = "workbench-review-token"


@pytest.fixture(scope="module")
def review_url(
    live_server: LiveServer, big_store: BigStore, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """A server with a token over a copy of the big store of its own (reviews write to it)."""
    copy = tmp_path_factory.mktemp("review") / "review.duckdb"
    shutil.copyfile(big_store.path, copy)
    return live_server(copy, token=TOKEN)


def _pair_view(dashboard: Dashboard, store: BigStore, incident: dict[str, Any]) -> str:
    query = f"?focus={store.focus}&pair={store.focus}~{store.partner}"
    dashboard.open(f"{query}&incident={incident['incident_id']}")
    dashboard.page.wait_for_selector("#evidence .incident-events li")
    dashboard.wait_idle()
    return query


def _count(dashboard: Dashboard) -> str:
    return dashboard.page.locator("#events .pager .count").text_content() or ""


def test_review_without_a_token_fails_and_says_why(
    browser: Browser, review_url: str, big_store: BigStore
) -> None:
    incident = _dev_incident(review_url, big_store.focus, big_store.partner)
    with opened_dashboard(browser, review_url) as tab:
        _pair_view(tab, big_store, incident)
        page = tab.page
        event_id = page.locator("#evidence .incident-events li").first.get_attribute(
            "data-event-id"
        )
        page.locator("#evidence .incident-events .show-review").first.click()
        page.fill("#review-form [name=reviewer]", "tester")
        page.locator("#review-reject").click()
        error = page.locator("#review-error")
        error.wait_for()
        text = error.text_content() or ""
        assert text.startswith("Not saved:") and "token" in text.lower()
        assert "Review token" in text  # the hint names the button to use
        assert api(review_url, f"events/{event_id}")["review"] is None
        # The failed POST is the page's only error: a 401 in the console.
        assert all("401" in problem for problem in tab.problems)


def test_reject_and_correct_with_a_token_change_every_view(
    browser: Browser, review_url: str, big_store: BigStore
) -> None:
    focus, partner = big_store.focus, big_store.partner
    pair = {"country": focus, "with": partner}
    # two events or more: rejecting one leaves the incident, without it
    incident = _dev_incident(review_url, focus, partner, min_events=2)
    before = api(review_url, "events", **pair, limit="500")
    dyad_before = api(review_url, "dyads", **pair, limit="1")["items"][0]["total"]
    with opened_dashboard(browser, review_url) as tab:
        page = tab.page
        page.locator("#token-button").click()
        page.fill("#token-input", TOKEN)
        page.locator("#token-save").click()
        # the label changes on the dialog's "close" event, a task after the click
        expect(page.locator("#token-button")).to_have_text("Token set")
        _pair_view(tab, big_store, incident)
        assert _count(tab).endswith(f"of {before['total']}")
        # Reject the first event of the incident.
        first = page.locator("#evidence .incident-events li").first
        rejected = int(first.get_attribute("data-event-id") or 0)
        first.locator(".show-review").click()
        page.fill("#review-form [name=reviewer]", "tester")
        page.fill("#review-form [name=note]", "not in the article")
        page.locator("#review-reject").click()
        page.wait_for_function(
            "n => document.querySelector('#events .pager .count')?.textContent.endsWith(`of ${n}`)",
            arg=before["total"] - 1,
        )
        tab.wait_idle()
        assert api(review_url, f"events/{rejected}")["review"] == "rejected"
        rows = page.eval_on_selector_all(
            "#events tbody tr[data-event-id]", "rows => rows.map(r => Number(r.dataset.eventId))"
        )
        assert rejected not in rows
        assert (page.locator("#dyad-summary").text_content() or "").startswith(
            f"{dyad_before - 1} event"
        )
        # The incident no longer counts the rejected event among its own.
        page.wait_for_function(
            "id => !document.querySelector(`#evidence li[data-event-id='${id}']`)", arg=rejected
        )
        # Correct the first row of the table: a new stage.
        row = page.locator("#events tbody tr[data-event-id]").first
        corrected = int(row.get_attribute("data-event-id") or 0)
        old_stage = api(review_url, f"events/{corrected}")["stage"]
        new_stage = "offered" if old_stage != "offered" else "agreed"
        row.locator(".show-review").click()
        page.select_option("#review-form [name=stage]", new_stage)
        page.locator("#review-correct").click()
        page.wait_for_selector(f'#events tbody tr[data-event-id="{corrected}"] .review-corrected')
        tab.wait_idle()
        event = api(review_url, f"events/{corrected}")
        assert (event["stage"], event["review"]) == (new_stage, "corrected")
        cell = page.locator(f'#events tbody tr[data-event-id="{corrected}"] td').nth(3)
        assert (cell.text_content() or "").startswith(new_stage)
        # Reject the only event of an incident: a plain note where the incident was,
        # no error (not even a 404 in the console), and the rest of the view still works.
        items = api(review_url, "incidents", **pair, limit="500")["items"]
        single = next(i for i in items if i["n_events"] == 1)
        _pair_view(tab, big_store, single)
        only = page.locator("#evidence .incident-events li")
        lone = int(only.get_attribute("data-event-id") or 0)
        only.locator(".show-review").click()
        page.locator("#review-reject").click()
        expect(page.locator("#evidence .incident-gone p")).to_have_text(
            "This incident has no events left: its only event was rejected."
        )
        page.wait_for_function(
            "n => document.querySelector('#events .pager .count')?.textContent.endsWith(`of ${n}`)",
            arg=before["total"] - 2,
        )
        tab.wait_idle()
        assert page.locator("#status").is_hidden()
        assert page.locator(f'#incidents [data-incident-id="{single["incident_id"]}"]').count() == 0
        # The review filter finds both.
        page.select_option("#reviewed", "rejected")
        page.wait_for_function(
            "id => [...document.querySelectorAll('#events tbody tr[data-event-id]')]"
            ".map(r => Number(r.dataset.eventId)).includes(id)",
            arg=rejected,
        )
        assert lone in page.eval_on_selector_all(
            "#events tbody tr[data-event-id]", "rows => rows.map(r => Number(r.dataset.eventId))"
        )
        tab.assert_clean()
