// pactwatch dashboard: wires the filters, the network, the details panel (a
// focused party, a pair, an incident's evidence), the event table and the
// review dialog together. The whole view lives in the address (js/state.js).
// No framework and no build step: plain ES modules served with the package,
// and cytoscape.js vendored under static/vendor.

import { capabilities, forgetEvent, getArticle, getJSON } from "./js/api.js";
import { button, dateRange, el, partiesLabel, replace, typeChip } from "./js/dom.js";
import { openArticle, showEvidence } from "./js/evidence.js";
import { computeLayout, createGraph, edgeKey, edgeRecord, edgeTitle } from "./js/graph.js";
import { createReview, reviewState } from "./js/review.js";
import { FILTER_KEYS, pairKey, parsePair, readState, REPEATED, writeState } from "./js/state.js";
import { createEventTable } from "./js/table.js";
import { renderTimeline } from "./js/timeline.js";
import { CERTAINTIES, EVENT_TYPES, STAGES, typeColor, typeLabel } from "./js/types.js";

const $ = (selector) => document.querySelector(selector);

/** The strongest pairs drawn when no party is focused (a focus adds all of its pairs). */
const MAX_EDGES = 400;
const INCIDENT_PAGE = 50;
const PARTNER_PAGE = 500;

const state = readState(location.search);
let caps = { events: new Set(), enums: {}, review: null };
const names = new Map(); // code -> name, learnt from every network answer
const nameOf = (code) => names.get(code) ?? code;
let positions = new Map();
let network = { nodes: [], edges: [] };
let generation = 0; // answers for a superseded view are dropped
/** The incident on show and its events' ids; incidents whose only event this tab rejected. */
let shownIncident = { id: "", events: [] };
const emptied = new Set();

function showError(message) {
  const status = $("#status");
  status.hidden = !message;
  status.textContent = message ? `Error: ${message}` : "";
}

function saveState({ push = false } = {}) {
  writeState(state, { push });
}

// ---- filters ---------------------------------------------------------------

const TEXT_FILTERS = ["since", "until", "country", "with", "from", "to", "min_confidence"];
const SELECT_FILTERS = ["stage", "certainty", "reviewed"];
const CHECK_FILTERS = ["include_undated"];

/** The filters for the API: only those this server knows, without empty values. */
function apiFilters() {
  const params = {};
  for (const key of FILTER_KEYS) {
    if (!caps.events.has(key)) continue;
    const value = state.filters[key];
    if (REPEATED.has(key) ? value.length : value !== "") params[key] = value;
  }
  return params;
}

function buildControls() {
  const legend = EVENT_TYPES.map((type) =>
    el(
      "li",
      {},
      el(
        "label",
        { title: `Show ${typeLabel(type)} events` },
        el("input", { type: "checkbox", value: type, checked: true }),
        el("span", { class: "swatch", cssVars: { "--swatch": typeColor(type) } }),
        typeLabel(type),
      ),
    ),
  );
  replace($("#legend"), legend);
  const options = (values, any) => [
    el("option", { value: "" }, any),
    ...values.map((value) => el("option", { value }, String(value).replaceAll("_", " "))),
  ];
  replace($("#stage"), options(STAGES, "any stage"));
  replace($("#certainty"), options(CERTAINTIES, "any"));
  replace($("#reviewed"), options(caps.enums.reviewed ?? [], "any"));
  for (const key of [...TEXT_FILTERS, ...SELECT_FILTERS, ...CHECK_FILTERS]) {
    const control = $(`#${key}`);
    const known = caps.events.has(key);
    control.disabled = !known;
    control.title = known ? "" : `this server's API has no "${key}" parameter yet`;
  }
  const sorts = caps.enums.sort;
  $("#sort").closest("label").hidden = !sorts;
  $("#sort").hidden = !sorts;
  const sortLabel = (value) => `${value.replace(/^-/, "")} ${value.startsWith("-") ? "↓" : "↑"}`;
  if (sorts) replace($("#sort"), sorts.map((value) => el("option", { value }, sortLabel(value))));
}

function controlsFromState() {
  const types = new Set(state.filters.type);
  for (const box of document.querySelectorAll("#legend input")) {
    box.checked = !types.size || types.has(box.value);
  }
  for (const key of SELECT_FILTERS) {
    const value = state.filters[key];
    $(`#${key}`).value = (Array.isArray(value) ? value[0] : value) ?? "";
  }
  for (const key of TEXT_FILTERS) $(`#${key}`).value = state.filters[key];
  for (const key of CHECK_FILTERS) $(`#${key}`).checked = state.filters[key] === "true";
}

function stateFromControls() {
  const checked = [...document.querySelectorAll("#legend input:checked")].map((box) => box.value);
  state.filters.type = checked.length === EVENT_TYPES.length ? [] : checked;
  for (const key of SELECT_FILTERS) {
    const value = $(`#${key}`).value;
    state.filters[key] = REPEATED.has(key) ? (value ? [value] : []) : value;
  }
  for (const key of TEXT_FILTERS) state.filters[key] = $(`#${key}`).value.trim();
  for (const key of CHECK_FILTERS) state.filters[key] = $(`#${key}`).checked ? "true" : "";
}

function wireFilters() {
  const changed = () => {
    stateFromControls();
    state.view.offset = "";
    saveState({ push: true });
    render();
  };
  $("#filters").addEventListener("submit", (event) => event.preventDefault());
  $("#filters").addEventListener("change", (event) => {
    // Unchecking the last type would show nothing at all: keep one.
    if (event.target.type === "checkbox" && !document.querySelector("#legend input:checked")) {
      event.target.checked = true;
      return;
    }
    changed();
  });
  $("#reset-filters").addEventListener("click", () => {
    $("#filters").reset();
    changed();
  });
  $("#keep-undated").addEventListener("click", () => {
    $("#include_undated").checked = true;
    changed();
  });
}

/** The API's count of undated events a date bound left out, with a way to keep them. */
function showUndated(answer) {
  const undated = answer?.undated_left_out ?? 0;
  const note = $("#undated-note");
  note.hidden = !(undated > 0);
  if (undated > 0) {
    const noun = undated === 1 ? "event" : "events";
    note.querySelector("span").textContent =
      `${undated.toLocaleString()} undated ${noun} left out by the date filter: `;
  }
}

// ---- network ---------------------------------------------------------------

const graph = createGraph($("#network"), {
  onNode: (code) => focusOn(code, { push: true }),
  onEdge: (edge) => {
    if (!edge) return;
    // From a focused party, the pair reads from it: "Ukraine – Germany".
    const [a, b] = edge.b === state.view.focus ? [edge.b, edge.a] : [edge.a, edge.b];
    selectPair(a, b, { push: true });
  },
  onBackground: () => {
    if (!state.view.focus && !state.view.pair) return;
    state.view.focus = "";
    state.view.pair = "";
    saveState({ push: true });
    showView();
  },
});

function learnNames(nodes) {
  for (const node of nodes) names.set(node.id, node.label);
  const options = [...names.entries()]
    .sort((x, y) => x[1].localeCompare(y[1]))
    .map(([code, name]) => el("option", { value: name }, code));
  replace($("#parties"), options);
}

/** A code from what someone typed: a code, a name, or the start of one name. */
function resolveParty(text) {
  const wanted = text.trim().toLowerCase();
  if (!wanted) return null;
  const entries = [...names.entries()];
  const exact = entries.find(
    ([code, name]) => code.toLowerCase() === wanted || name.toLowerCase() === wanted,
  );
  if (exact) return exact[0];
  const starts = entries.filter(([, name]) => name.toLowerCase().startsWith(wanted));
  return starts.length === 1 ? starts[0][0] : null;
}

/** The network of the current filters, the strongest pairs with their directions. */
async function loadNetwork() {
  const filters = apiFilters();
  const [answer, dyads] = await Promise.all([
    Object.keys(filters).length ? getJSON("network", filters) : baseNetwork,
    getJSON("dyads", { ...filters, limit: MAX_EDGES }),
  ]);
  const directions = new Map(dyads.items.map((dyad) => [edgeKey(dyad.a, dyad.b), dyad]));
  const edges = answer.edges.slice(0, MAX_EDGES).map((edge) => {
    const dyad = directions.get(edgeKey(edge.source, edge.target));
    return edgeRecord(dyad ? { ...edge, a: dyad.a, b: dyad.b, ...counts(dyad) } : edge);
  });
  return { answer, edges };
}

const counts = (dyad) => ({ n_a_to_b: dyad.n_a_to_b, n_b_to_a: dyad.n_b_to_a });

let baseNetwork = null;

/** Re-read everything for the current filters, then reopen what the address names. */
async function render() {
  const asked = ++generation;
  try {
    const { answer, edges } = await loadNetwork();
    if (asked !== generation) return;
    network = answer;
    showUndated(answer);
    learnNames(network.nodes);
    graph.draw(network.nodes, edges, positions);
    $("#network-empty").hidden = network.nodes.length > 0;
    const drawn = Math.min(network.edges.length, MAX_EDGES);
    $("#network-summary").textContent =
      `${network.nodes.length} parties · ${network.edges.length} pairs` +
      (drawn < network.edges.length ? ` (the ${drawn} strongest drawn)` : "");
    showError(null);
  } catch (error) {
    if (asked === generation) showError(error.message);
    return;
  }
  await Promise.all([showView(), table.load(), reopenIncident()]);
}

/** Show what state.view names: a pair, else a focused party, else the overview. */
async function showView() {
  const pair = parsePair(state.view.pair);
  if (state.view.focus) await focusOn(state.view.focus, { keepPair: Boolean(pair) });
  if (pair) return selectPair(pair[0], pair[1]);
  if (state.view.focus) return null;
  graph.highlight({});
  graph.fitTo(null);
  $("#clear-focus").hidden = true;
  $("#focus-label").textContent = "";
  showOverview();
  return table.load();
}

// ---- details: overview, focus, pair ------------------------------------------

function pairButton(edge, anchor = null) {
  const [a, b] = anchor === edge.b ? [edge.b, edge.a] : [edge.a, edge.b];
  const direction = edge.directions
    ? ` · ${nameOf(edge.a)} → ${nameOf(edge.b)} ${edge.aToB}, ${nameOf(edge.b)} → ${nameOf(edge.a)} ${edge.bToA}`
    : "";
  return el(
    "li",
    {},
    button(`${nameOf(a)} – ${nameOf(b)}`, () => selectPair(a, b, { push: true }), {
      class: "link pair",
      "data-id": edge.key,
      title: edgeTitle(edge, nameOf),
    }),
    ` ${edge.weight} · `,
    typeChip(edge.dominant, typeColor(edge.dominant), typeLabel(edge.dominant)),
    el("span", { class: "muted small" }, direction),
  );
}

function showOverview() {
  const busiest = network.edges.slice(0, 8).map(edgeRecord);
  replace(
    $("#details"),
    el("h2", {}, "Pairs"),
    el(
      "p",
      { class: "muted" },
      "Find a country above, click one in the network, or click an edge (or a pair below) " +
        "for its timeline, incidents and evidence.",
    ),
    el("ol", { class: "pairs" }, busiest.map((edge) => pairButton(edge))),
  );
}

function setFocusLabel(text) {
  $("#clear-focus").hidden = !text;
  $("#focus-label").textContent = text;
}

/** Focus one party: all of its pairs (with directions) drawn, the rest faded. */
async function focusOn(code, { push = false, keepPair = false } = {}) {
  const asked = ++generation;
  if (!graph.has(code)) {
    showError(`${nameOf(code)} has no events under these filters`);
    return;
  }
  state.view.focus = code;
  if (!keepPair) state.view.pair = "";
  if (push) {
    state.view.offset = "";
    saveState({ push });
  }
  const node = network.nodes.find((item) => item.id === code);
  setFocusLabel(`Focus: ${nameOf(code)}`);
  replace($("#details"), el("h2", { id: "focus-title", "data-code": code }, nameOf(code)), el("p", { class: "muted" }, "Loading…"));
  const { country: _country, with: _with, ...filters } = apiFilters();
  try {
    const partners = await getJSON("dyads", { ...filters, country: code, limit: PARTNER_PAGE });
    if (asked !== generation) return;
    const edges = partners.items.map(edgeRecord);
    graph.mergeEdges(edges);
    graph.highlight({ focus: code });
    graph.fitTo([code, ...edges.map((edge) => (edge.a === code ? edge.b : edge.a))]);
    const more = partners.total > partners.items.length ? ` (the ${partners.items.length} largest listed)` : "";
    replace(
      $("#details"),
      el("h2", { id: "focus-title", "data-code": code }, nameOf(code)),
      el(
        "p",
        { class: "meta" },
        `${node?.kind ?? "party"} · ${node?.events ?? "?"} events · ${partners.total} partners${more}`,
      ),
      el("ol", { class: "pairs partners" }, edges.map((edge) => pairButton(edge, code))),
    );
    showError(null);
  } catch (error) {
    showError(error.message);
  }
  if (push) table.load();
}

/** One pair: its timeline, summary with directions, and incidents (paged). */
async function selectPair(a, b, { push = false } = {}) {
  const asked = ++generation;
  state.view.pair = pairKey(a, b);
  if (push) {
    state.view.offset = "";
    saveState({ push });
  }
  const title = `${nameOf(a)} – ${nameOf(b)}`;
  setFocusLabel(`Pair: ${title}`);
  graph.highlight({ focus: state.view.focus || null, pair: [a, b] });
  // From a focus the view stays on its partners; otherwise it moves to the pair.
  if (!state.view.focus) graph.fitTo([a, b]);
  const list = el("ol", { id: "incidents", class: "incidents" }, el("li", { class: "muted" }, "Loading…"));
  replace(
    $("#details"),
    el("h2", { id: "dyad-title", "data-a": a, "data-b": b }, title),
    el("p", { id: "dyad-summary", class: "meta" }, ""),
    el("div", { id: "timeline-box" }),
    el("p", { id: "undated", class: "muted", hidden: true }),
    el("h3", {}, "Incidents"),
    list,
    el("p", { id: "incidents-more" }),
  );
  const chart = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  chart.id = "timeline";
  chart.setAttribute("role", "img");
  chart.setAttribute("aria-label", `Events per month by type, ${title}`);
  $("#timeline-box").append(chart);
  const { country: _country, with: _with, ...filters } = apiFilters();
  const pairFilters = { ...filters, country: a, with: b };
  if (push) table.load();
  try {
    const [months, dyads] = await Promise.all([
      getJSON("timeline", { ...timelineFilters(filters), a, b }),
      getJSON("dyads", { ...pairFilters, limit: 1 }),
      loadIncidents(list, pairFilters, 0, asked),
    ]);
    if (asked !== generation) return;
    const dyad = dyads.items[0];
    const edge = dyad ? edgeRecord(dyad) : null;
    if (edge) graph.mergeEdges([edge]);
    graph.highlight({ focus: state.view.focus || null, pair: [a, b] });
    $("#dyad-summary").textContent = dyad ? dyadSummary(dyad) : "No events for this pair under these filters.";
    renderTimeline(chart, months.months);
    const dated = months.months.reduce((sum, month) => sum + (month.total ?? 0), 0);
    const undated = months.undated ?? (dyad?.total ?? 0) - dated;
    const note = $("#undated");
    note.hidden = undated <= 0;
    note.textContent = `${undated} undated ${undated === 1 ? "event is" : "events are"} not on the timeline.`;
    showError(null);
  } catch (error) {
    showError(error.message);
  }
}

/** The timeline's filters: its pair is a and b, so no parties and no direction. */
function timelineFilters(filters) {
  const { from: _from, to: _to, ...rest } = filters;
  return rest;
}

async function loadIncidents(list, filters, offset, asked) {
  const page = await getJSON("incidents", { ...filters, limit: INCIDENT_PAGE, offset });
  if (asked !== generation) return;
  const items = page.items.map((incident) => incidentItem(incident));
  if (offset === 0) replace(list, items.length ? items : el("li", { class: "muted" }, "No incidents."));
  else list.append(...items);
  const shown = offset + page.items.length;
  const more = $("#incidents-more");
  replace(
    more,
    shown < page.total
      ? button(`${shown} of ${page.total} shown: more`, () => loadIncidents(list, filters, shown, generation), {
          class: "link",
        })
      : null,
  );
}

/** "18 events · 2019-06-01 to 2022-12-10 · Iran → Russia 7 · Russia → Iran 6". */
function dyadSummary(dyad) {
  const parts = [`${dyad.total} ${dyad.total === 1 ? "event" : "events"}`];
  if (dyad.first_date) parts.push(`${dyad.first_date} to ${dyad.last_date}`);
  const [a, b] = [nameOf(dyad.a), nameOf(dyad.b)];
  parts.push(`${a} → ${b} ${dyad.n_a_to_b}`, `${b} → ${a} ${dyad.n_b_to_a}`);
  return parts.join(" · ");
}

function incidentItem(incident) {
  const sources = incident.n_articles ?? new Set((incident.reports ?? []).map((r) => r.article_id)).size;
  return el(
    "li",
    {},
    el(
      "button",
      {
        type: "button",
        class: `incident${String(incident.incident_id) === state.view.incident ? " selected" : ""}`,
        "data-incident-id": incident.incident_id,
        "data-type": incident.type,
        onclick: () => openIncident(incident.incident_id, { push: true }),
      },
      typeChip(incident.type, typeColor(incident.type), typeLabel(incident.type)),
      el("span", { class: "parties" }, partiesLabel(incident, nameOf)),
      el("span", { class: "stage" }, incident.stage),
      el("span", { class: "date" }, dateRange(incident.date_start, incident.date_end)),
      el("span", { class: "sources" }, `${sources} ${sources === 1 ? "source" : "sources"}`),
    ),
  );
}

// ---- incident and event evidence -------------------------------------------

function closeButton(onClose) {
  return button("×", onClose, { class: "close-panel", "aria-label": "Close" });
}

function closeEvidence() {
  $("#evidence").hidden = true;
  if (state.view.incident) {
    state.view.incident = "";
    saveState({ push: true });
  }
  for (const item of document.querySelectorAll("#incidents .incident")) item.classList.remove("selected");
}

/** The incident page: what happened, every source's evidence and its events (to review). */
async function openIncident(id, { push = false } = {}) {
  state.view.incident = String(id);
  if (push) saveState({ push });
  for (const item of document.querySelectorAll("#incidents .incident")) {
    item.classList.toggle("selected", item.dataset.incidentId === String(id));
  }
  try {
    const incident = await getJSON(`incidents/${encodeURIComponent(id)}`);
    if (state.view.incident !== String(id)) return;
    for (const code of [...incident.sources, ...incident.targets, ...incident.participants]) {
      if (!names.has(code)) names.set(code, code);
    }
    const heading = el(
      "div",
      { class: "incident-head", "data-incident-id": incident.incident_id },
      closeButton(closeEvidence),
      el(
        "h3",
        {},
        typeChip(incident.type, typeColor(incident.type), typeLabel(incident.type)),
        ` ${partiesLabel(incident, nameOf)} · ${incident.stage} · `,
        dateRange(incident.date_start, incident.date_end),
      ),
      el(
        "p",
        { class: "meta" },
        `Incident ${incident.incident_id} · ${count(incident.n_events, "event")} · ` +
          `${count(incident.n_articles, "article")} · ${count(incident.n_outlets, "outlet")}` +
          (incident.certainty_conflict ? " · a claim is denied" : ""),
      ),
      el(
        "ul",
        { class: "incident-events" },
        (incident.events ?? []).map((event) =>
          el(
            "li",
            { "data-event-id": event.event_id },
            `${typeLabel(event.type)} · ${partiesLabel(event, nameOf)} · ${event.stage} · `,
            reviewLabel(event),
            button("review", () => review.open(event), { class: "link show-review" }),
          ),
        ),
      ),
    );
    const eventIds = (incident.events ?? []).map((event) => event.event_id);
    shownIncident = { id: String(incident.incident_id), events: eventIds };
    showEvidence($("#evidence"), heading, incident.reports ?? []);
    showError(null);
  } catch (error) {
    if (error.status === 404 && state.view.incident === String(id)) {
      showGoneIncident(id);
      return;
    }
    $("#evidence").hidden = true;
    showError(error.message);
  }
}

/** A plain note where an incident was: a review took its last event away (or it never was). */
function showGoneIncident(id) {
  const why = emptied.has(String(id))
    ? "This incident has no events left: its only event was rejected."
    : `There is no incident ${id} in this store (a review may have taken its events away).`;
  const panel = $("#evidence");
  const note = el("p", { class: "muted" }, why);
  replace(panel, el("div", { class: "incident-gone" }, closeButton(closeEvidence), note));
  panel.hidden = false;
  showError(null);
}

const count = (n, noun) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function reviewLabel(event) {
  const status = reviewState(event);
  return status ? el("span", { class: `review-mark review-${status}` }, `${status} `) : null;
}

function reopenIncident() {
  if (emptied.has(state.view.incident)) return showGoneIncident(state.view.incident);
  if (state.view.incident) return openIncident(state.view.incident);
  $("#evidence").hidden = true;
  return null;
}

async function eventEvidence(event) {
  const heading = el(
    "div",
    {},
    closeButton(closeEvidence),
    el(
      "h3",
      {},
      typeChip(event.type, typeColor(event.type), typeLabel(event.type)),
      ` ${partiesLabel(event, nameOf)} · ${event.stage}`,
    ),
    event.incident_id != null
      ? button(`incident ${event.incident_id}`, () => openIncident(event.incident_id, { push: true }), {
          class: "link open-incident",
        })
      : null,
  );
  showEvidence($("#evidence"), heading, [{ event_id: event.event_id, article_id: event.article_id }]);
  $("#evidence").scrollIntoView({ block: "nearest" });
}

async function eventArticle(event) {
  try {
    const article = await getArticle(event.article_id);
    const { evidence, evidence_start: start, evidence_end: end } = event;
    openArticle(article, { sentence: evidence, start, end });
  } catch (error) {
    showError(error.message);
  }
}

// ---- table, review, start-up ---------------------------------------------------

/** The table's API parameters: the filters, narrowed to the pair or the focused party. */
function tableParams() {
  const params = apiFilters();
  const pair = parsePair(state.view.pair);
  if (pair) return { ...params, country: pair[0], with: pair[1] };
  if (state.view.focus) {
    const { with: _with, ...rest } = params;
    return { ...rest, country: state.view.focus };
  }
  return params;
}

const table = createEventTable($("#events"), tableParams, state.view, {
  nameOf,
  onEvidence: eventEvidence,
  onArticle: eventArticle,
  onReview: (event) => review.open(event),
  onError: showError,
  onChange: () => saveState(),
  onPage: () => {
    const scope = $("#events .table-scope");
    const label = $("#focus-label").textContent;
    scope.hidden = !label;
    scope.textContent = label ? `Only ${label.replace(/^(Focus|Pair): /, "")}` : "";
  },
});

const review = createReview({
  caps: () => caps,
  nameOf,
  onReviewed: async (event, action) => {
    forgetEvent(event.event_id);
    // A rejected event leaves its incident; an incident left with none is deleted.
    const { id, events } = shownIncident;
    if (action === "reject" && id === String(event.incident_id) && events.length === 1) emptied.add(id);
    baseNetwork = await getJSON("network");
    await render();
  },
  onError: showError,
});

async function showHealth() {
  try {
    const health = await getJSON("health");
    const mode = health.read_only ? "read-only" : "review and ingest with a token";
    $("#health").textContent = `${health.events} events · ${health.articles} articles · ${mode}`;
  } catch (error) {
    showError(error.message);
  }
}

function wireTools() {
  $("#article-dialog .close").addEventListener("click", () => $("#article-dialog").close());
  $("#zoom-in").addEventListener("click", () => graph.zoomBy(1.4));
  $("#zoom-out").addEventListener("click", () => graph.zoomBy(1 / 1.4));
  $("#zoom-fit").addEventListener("click", () => graph.fitTo(null));
  $("#clear-focus").addEventListener("click", () => {
    state.view.focus = "";
    state.view.pair = "";
    saveState({ push: true });
    showView();
  });
  $("#country-search").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("#country-query").value;
    const code = resolveParty(text);
    if (!code) {
      showError(`no party named "${text.trim()}" in this network`);
      return;
    }
    focusOn(code, { push: true });
  });
  $("#copy-link").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      $("#copy-link").textContent = "Link copied";
    } catch {
      $("#copy-link").textContent = "Copy the address bar";
    }
    setTimeout(() => {
      $("#copy-link").textContent = "Copy link";
    }, 2000);
  });
  window.addEventListener("popstate", () => {
    const next = readState(location.search);
    Object.assign(state.filters, next.filters);
    Object.assign(state.view, next.view);
    controlsFromState();
    render();
  });
}

async function start() {
  try {
    caps = await capabilities();
  } catch (error) {
    showError(error.message);
  }
  buildControls();
  controlsFromState();
  wireFilters();
  wireTools();
  try {
    const [base] = await Promise.all([getJSON("network"), showHealth()]);
    baseNetwork = base;
    learnNames(base.nodes);
    positions = computeLayout(base);
  } catch (error) {
    showError(error.message);
  }
  await render();
  document.documentElement.dataset.ready = "true";
}

// The graph and tests reach the cytoscape instance through this one handle.
window.pactwatch = { graph, state };
start();
