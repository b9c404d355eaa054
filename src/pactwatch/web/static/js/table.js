// The event table: one page of `/api/events` at a time for the current view
// (filters, plus the focused party or pair), the search box feeding its `text`
// filter, the API's order (`sort`, chosen by clicking a column header or in the
// Sort list, kept in the address), and exports of every row of the view, in
// that order, as CSV or JSON.

import { getJSON } from "./api.js";
import { button, dateRange, el, markedMatches, partiesLabel, replace, typeChip } from "./dom.js";
import { reviewState } from "./review.js";
import { typeColor, typeLabel } from "./types.js";

export const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 250;
/** Rows per export request: the API's largest page. */
const EXPORT_PAGE = 500;

function eventDate(event) {
  if (event.date_start) return dateRange(event.date_start, event.date_end);
  return event.published ? `published ${event.published}` : "undated";
}

function reviewMark(event) {
  const state = reviewState(event);
  return state ? el("span", { class: `review-mark review-${state}` }, state) : null;
}

function row(event, search, { nameOf, onEvidence, onArticle, onReview }) {
  const confidence = typeof event.confidence === "number" ? event.confidence.toFixed(2) : "";
  return el(
    "tr",
    { "data-event-id": event.event_id },
    el("td", { class: "nowrap" }, eventDate(event)),
    el("td", {}, typeChip(event.type, typeColor(event.type), typeLabel(event.type))),
    el("td", { class: "parties" }, partiesLabel(event, nameOf)),
    el("td", {}, event.stage, el("br"), el("span", { class: "muted" }, event.certainty)),
    el("td", { class: "confidence" }, confidence, el("br"), reviewMark(event)),
    el("td", { class: "evidence-cell" }, markedMatches(event.evidence ?? "", search)),
    el(
      "td",
      { class: "nowrap" },
      button("evidence", () => onEvidence(event), { class: "link show-evidence" }),
      el("br"),
      button("article", () => onArticle(event), { class: "link show-article" }),
      el("br"),
      button("review", () => onReview(event), { class: "link show-review" }),
    ),
  );
}

// ---------------------------------------------------------------- export

function csvCell(value) {
  if (value === null || value === undefined) return "";
  const text = Array.isArray(value) ? value.join(";") : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV of API rows: one column per field of the API's answer, lists joined with ";". */
export function toCsv(rows) {
  if (!rows.length) return "";
  const columns = Object.keys(rows[0]);
  const lines = [columns.join(",")];
  for (const item of rows) lines.push(columns.map((column) => csvCell(item[column])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Wire the table in `root`. `params()` returns the API parameters of the
 * current view (filters and scope, without paging); `view` is read and
 * updated for `text`, `offset` and `sort`; `onChange()` is called after the
 * user pages, sorts or searches. Returns {load, exportRows}.
 */
export function createEventTable(root, params, view, callbacks) {
  const search = root.querySelector("#search");
  const sort = root.querySelector("#sort");
  const body = root.querySelector("tbody");
  const pager = root.querySelector(".pager");
  const status = root.querySelector("#export-status");
  let sequence = 0; // answers to superseded requests are dropped
  let timer = null;

  const headers = [...root.querySelectorAll("th[data-sort]")];

  function query() {
    const query = { ...params(), text: view.text.trim() };
    if (view.sort && !sort.hidden) query.sort = view.sort;
    return query;
  }

  /** Header buttons (when the API sorts) and aria-sort on the column the rows follow. */
  function markHeaders() {
    const order = sort.hidden ? "" : view.sort || sort.options[0]?.value || "";
    const key = order.replace(/^-/, "");
    for (const th of headers) {
      if (!sort.hidden && !th.querySelector("button")) {
        const label = th.textContent;
        replace(th, button(label, () => sortBy(th.dataset.sort), { class: "sort-header", title: `Sort by ${label.toLowerCase()}` }));
      }
      if (th.dataset.sort === key) th.setAttribute("aria-sort", order.startsWith("-") ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    }
  }

  /** A header click: sort by its column, or reverse the order when it already is. */
  function sortBy(key) {
    const current = view.sort || sort.options[0]?.value || "";
    view.sort = current === key ? `-${key}` : key;
    turnTo(0);
  }

  async function load() {
    const asked = ++sequence;
    search.value = view.text;
    if (!sort.hidden) sort.value = view.sort || sort.options[0]?.value || "";
    markHeaders();
    const offset = Number.parseInt(view.offset, 10) || 0;
    try {
      const page = await getJSON("events", { ...query(), limit: PAGE_SIZE, offset });
      if (asked !== sequence) return;
      callbacks.onError(null);
      const rows = page.items.map((event) => row(event, view.text.trim(), callbacks));
      const none = el("tr", {}, el("td", { colspan: 7, class: "muted" }, "No events match."));
      replace(body, rows.length ? rows : none);
      renderPager(page);
      callbacks.onPage?.(page);
    } catch (error) {
      if (asked === sequence) callbacks.onError(error.message);
    }
  }

  function turnTo(offset) {
    view.offset = String(Math.max(0, offset));
    callbacks.onChange();
    return load();
  }

  function renderPager(page) {
    const first = page.offset + 1;
    const last = Math.min(page.offset + page.items.length, page.total);
    replace(
      pager,
      button("‹ previous", () => turnTo(page.offset - PAGE_SIZE), { disabled: page.offset === 0 }),
      el("span", { class: "count" }, page.total ? `${first}–${last} of ${page.total}` : "0 events"),
      button("next ›", () => turnTo(page.offset + PAGE_SIZE), { disabled: last >= page.total }),
    );
  }

  /** Every row of the current view, page by page (the API's order and fields). */
  async function exportRows() {
    const rows = [];
    const base = query();
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const page = await getJSON("events", { ...base, limit: EXPORT_PAGE, offset });
      rows.push(...page.items);
      status.textContent = `exporting ${rows.length.toLocaleString()} of ${page.total.toLocaleString()}…`;
      if (!page.items.length || rows.length >= page.total) break;
    }
    return rows;
  }

  async function exportAs(kind) {
    try {
      const rows = await exportRows();
      const stamp = new Date().toISOString().slice(0, 10);
      if (kind === "csv") download(`pactwatch-events-${stamp}.csv`, "text/csv", toCsv(rows));
      else download(`pactwatch-events-${stamp}.json`, "application/json", `${JSON.stringify(rows, null, 1)}\n`);
      status.textContent = `${rows.length.toLocaleString()} events exported`;
    } catch (error) {
      status.textContent = "";
      callbacks.onError(error.message);
    }
  }

  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      view.text = search.value;
      turnTo(0);
    }, SEARCH_DELAY_MS);
  });
  sort.addEventListener("change", () => {
    view.sort = sort.value;
    turnTo(0);
  });
  root.querySelector("#export-csv").addEventListener("click", () => exportAs("csv"));
  root.querySelector("#export-json").addEventListener("click", () => exportAs("json"));
  return { load, exportRows };
}
