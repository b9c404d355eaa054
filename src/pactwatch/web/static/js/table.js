// The event table: one page of `/api/events` at a time, the search box
// feeding its `text` filter, and the matches marked in each evidence sentence.

import { getJSON } from "./api.js";
import { button, dateRange, el, markedMatches, partiesLabel, replace, typeChip } from "./dom.js";
import { typeColor, typeLabel } from "./types.js";

const PAGE_SIZE = 20;
const SEARCH_DELAY_MS = 250;

function eventDate(event) {
  if (event.date_start) return dateRange(event.date_start, event.date_end);
  return event.published ? `published ${event.published}` : "undated";
}

function row(event, search, { nameOf, onEvidence, onArticle }) {
  return el(
    "tr",
    { "data-event-id": event.event_id },
    el("td", { class: "nowrap" }, eventDate(event)),
    el("td", {}, typeChip(event.type, typeColor(event.type), typeLabel(event.type))),
    el("td", {}, partiesLabel(event, nameOf)),
    el("td", {}, event.stage, el("br"), el("span", { class: "muted" }, event.certainty)),
    el("td", { class: "evidence-cell" }, markedMatches(event.evidence ?? "", search)),
    el(
      "td",
      { class: "nowrap" },
      button("evidence", () => onEvidence(event), { class: "link show-evidence" }),
      el("br"),
      button("article", () => onArticle(event), { class: "link show-article" }),
    ),
  );
}

/**
 * Wire the table in `root` (which holds #search, tbody, .pager, .table-scope).
 * `filters()` returns the dashboard's current filters; returns {reload, setScope}.
 */
export function createEventTable(root, filters, callbacks) {
  const search = root.querySelector("#search");
  const body = root.querySelector("tbody");
  const pager = root.querySelector(".pager");
  const scopeLabel = root.querySelector(".table-scope");
  let offset = 0;
  let scope = null; // {country, with, label} when a node or pair is selected
  let sequence = 0; // answers to superseded requests are dropped
  let timer = null;

  async function load() {
    const asked = ++sequence;
    const text = search.value.trim();
    const params = { ...filters(), text, limit: PAGE_SIZE, offset };
    if (scope) Object.assign(params, { country: scope.country, with: scope.with });
    try {
      const page = await getJSON("events", params);
      if (asked !== sequence) return;
      callbacks.onError(null);
      const rows = page.items.map((event) => row(event, text, callbacks));
      const none = el("tr", {}, el("td", { colspan: 6, class: "muted" }, "No events match."));
      replace(body, rows.length ? rows : none);
      renderPager(page);
    } catch (error) {
      if (asked === sequence) callbacks.onError(error.message);
    }
  }

  function renderPager(page) {
    const first = page.offset + 1;
    const last = Math.min(page.offset + page.items.length, page.total);
    const turn = (to) => () => {
      offset = to;
      load();
    };
    replace(
      pager,
      button("‹ previous", turn(Math.max(0, page.offset - PAGE_SIZE)), {
        disabled: page.offset === 0,
      }),
      el("span", { class: "count" }, page.total ? `${first}–${last} of ${page.total}` : "0 events"),
      button("next ›", turn(page.offset + PAGE_SIZE), { disabled: last >= page.total }),
    );
  }

  function renderScope() {
    scopeLabel.hidden = !scope;
    if (!scope) return;
    const clear = button("show all", () => setScope(null), { class: "link" });
    replace(scopeLabel, `Only ${scope.label} · `, clear);
  }

  function reload() {
    offset = 0;
    return load();
  }

  function setScope(next) {
    scope = next;
    renderScope();
    return reload();
  }

  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(reload, SEARCH_DELAY_MS);
  });
  return { reload, setScope };
}
